/* bs-list-row.h: the row widget of Banshi's lists (one-column grid views)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_LIST_ROW (bs_list_row_get_type ())
G_DECLARE_FINAL_TYPE (BsListRow, bs_list_row, BS, LIST_ROW, GtkWidget)

/* Vertical: the title over a dimmed caption. Horizontal: the title, then a
 * dimmed number at the end. Set the title first, then the secondary text. */
GtkWidget *bs_list_row_new           (GtkListItem    *list_item,
                                      GtkOrientation  orientation);
void       bs_list_row_set_title     (BsListRow      *self,
                                      const char     *title);
/* NULL hides it. */
void       bs_list_row_set_secondary (BsListRow      *self,
                                      const char     *text);
GtkLabel  *bs_list_row_get_title_label (BsListRow    *self);

G_END_DECLS
