/* bs-material.h: the materials (申请材料) an item asks for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-enums.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;        /* 0 until stored */
  gint64 item_id;
  int position;     /* order within the item, from 0 */
  char *name;
  BsMaterialForm form;
  int copies;
  BsMaterialSource source;
  gboolean required;
  char *notes;
  char *form_url;   /* a blank form to fill in (空白表格), or "" */
  char *sample_url; /* a filled-in sample (示例样本), or "" */
} BsMaterial;

BsMaterial *bs_material_new   (gint64            item_id,
                               const char       *name);
BsMaterial *bs_material_copy  (const BsMaterial *self);
void        bs_material_free  (BsMaterial       *self);

/* An item's materials in order. Element type BsMaterial. */
GPtrArray  *bs_catalogue_list_materials  (BsCatalogue      *self,
                                          gint64            item_id,
                                          GError          **error);
BsMaterial *bs_catalogue_get_material    (BsCatalogue      *self,
                                          gint64            id,
                                          GError          **error);
/* Appends after the item's last material (position is ignored). */
gint64      bs_catalogue_add_material    (BsCatalogue      *self,
                                          const BsMaterial *material,
                                          GError          **error);
gboolean    bs_catalogue_update_material (BsCatalogue      *self,
                                          const BsMaterial *material,
                                          GError          **error);
gboolean    bs_catalogue_remove_material (BsCatalogue      *self,
                                          gint64            id,
                                          GError          **error);
/* Moves the material to @position among its item's materials (0 = first),
 * renumbering the others. */
gboolean    bs_catalogue_move_material   (BsCatalogue      *self,
                                          gint64            id,
                                          int               position,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsMaterial, bs_material_free)

G_END_DECLS
