/* bs-item-object.h: one row of an item list, a GObject around BsItemSummary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bs-item.h"

G_BEGIN_DECLS

#define BS_TYPE_ITEM_OBJECT (bs_item_object_get_type ())
G_DECLARE_FINAL_TYPE (BsItemObject, bs_item_object, BS, ITEM_OBJECT, GObject)

BsItemObject *bs_item_object_new                 (const BsItemSummary *summary);
gint64        bs_item_object_get_id              (BsItemObject        *self);
const char   *bs_item_object_get_code            (BsItemObject        *self);
const char   *bs_item_object_get_name            (BsItemObject        *self);
gint64        bs_item_object_get_department_id   (BsItemObject        *self);
const char   *bs_item_object_get_department_name (BsItemObject        *self);
/* Takes the values of @summary (same id); notifies what changed. */
void          bs_item_object_update              (BsItemObject        *self,
                                                  const BsItemSummary *summary);
/* Builds what bs_item_object_matches() compares, ahead of the first search. */
void          bs_item_object_prepare_search      (BsItemObject        *self);
/* @folded_query comes from g_utf8_casefold(); "" matches everything. */
gboolean      bs_item_object_matches             (BsItemObject        *self,
                                                  const char          *folded_query);
/* The order of the catalogue's lists: by name, then code. */
int           bs_item_object_compare             (gconstpointer        a,
                                                  gconstpointer        b,
                                                  gpointer             user_data);

G_END_DECLS
