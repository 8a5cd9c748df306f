/* bs-window.h: the main window: one catalogue, its four views (departments, themes, rollout, demand)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-application.h"
#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_WINDOW (bs_window_get_type ())
G_DECLARE_FINAL_TYPE (BsWindow, bs_window, BS, WINDOW, AdwApplicationWindow)

BsWindow    *bs_window_new           (BsApplication *application);
BsCatalogue *bs_window_get_catalogue (BsWindow      *self);
/* Shows @catalogue (NULL: the "no catalogue" page). */
void         bs_window_set_catalogue (BsWindow      *self,
                                      BsCatalogue   *catalogue);
/* Opens the catalogue at @path; on failure shows the error in a dialog,
 * keeps what was open and returns FALSE. */
/* The Rollout view's tasks, filtered to those overdue (or, when none is,
 * to those due soon): what the header bar's reminder and the daily
 * notification lead to. */
void         bs_window_show_overdue  (BsWindow      *self);
gboolean     bs_window_open_path     (BsWindow      *self,
                                      const char    *path);

/* For the widgets inside a window: they find it from themselves. */
void         bs_window_show_error    (GtkWidget     *widget,
                                      const char    *heading,
                                      const GError  *error);
void         bs_window_show_toast    (GtkWidget     *widget,
                                      const char    *text);
/* A toast with an Undo button for the edit just made. */
void         bs_window_show_undo_toast (GtkWidget   *widget,
                                        const char  *text);
/* "Deleted “@name”" with an Undo button. */
void         bs_window_show_deleted  (GtkWidget     *widget,
                                      const char    *name);

G_END_DECLS
