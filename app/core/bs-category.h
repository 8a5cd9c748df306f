/* bs-category.h: theme categories (主题分类), layer 1 of the paper's model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;          /* 0 until stored */
  char *code;
  char *name;
  gint64 parent_id;   /* 0 for a top-level category */
  int position;
} BsCategory;

BsCategory *bs_category_new   (const char       *code,
                               const char       *name,
                               gint64            parent_id);
BsCategory *bs_category_copy  (const BsCategory *self);
void        bs_category_free  (BsCategory       *self);

/* Every category, parents before children, each level by position then
 * name. Element type BsCategory. */
GPtrArray  *bs_catalogue_list_categories  (BsCatalogue      *self,
                                           GError          **error);
BsCategory *bs_catalogue_get_category     (BsCatalogue      *self,
                                           gint64            id,
                                           GError          **error);
BsCategory *bs_catalogue_find_category    (BsCatalogue      *self,
                                           const char       *code,
                                           GError          **error);
gint64      bs_catalogue_add_category     (BsCatalogue      *self,
                                           const BsCategory *category,
                                           GError          **error);
/* Refused when the new parent would make a loop. */
gboolean    bs_catalogue_update_category  (BsCatalogue      *self,
                                           const BsCategory *category,
                                           GError          **error);
/* Refused (BS_CATALOGUE_ERROR_CONSTRAINT) while it has themes or
 * sub-categories. */
gboolean    bs_catalogue_remove_category  (BsCatalogue      *self,
                                           gint64            id,
                                           GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCategory, bs_category_free)

G_END_DECLS
