/* bs-material-row.h: one material of an item, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-material.h"

G_BEGIN_DECLS

#define BS_TYPE_MATERIAL_ROW (bs_material_row_get_type ())
G_DECLARE_FINAL_TYPE (BsMaterialRow, bs_material_row, BS, MATERIAL_ROW, AdwExpanderRow)

/* @n_materials: how many the item has, so that the row knows whether it
 * can move up or down. */
GtkWidget *bs_material_row_new    (BsCatalogue      *catalogue,
                                   const BsMaterial *material,
                                   guint             n_materials);
gint64     bs_material_row_get_id (BsMaterialRow    *self);

G_END_DECLS
