/* bs-item-picker.h: search the catalogue and add items to a theme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_ITEM_PICKER (bs_item_picker_get_type ())
G_DECLARE_FINAL_TYPE (BsItemPicker, bs_item_picker, BS, ITEM_PICKER, AdwWindow)

BsItemPicker *bs_item_picker_new (GtkWindow   *parent,
                                  BsCatalogue *catalogue,
                                  gint64       theme_id);

G_END_DECLS
