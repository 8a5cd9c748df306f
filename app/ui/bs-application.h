/* bs-application.h: the Banshi application: settings, recent catalogues,
 * the app actions and the first-run demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BS_TYPE_APPLICATION (bs_application_get_type ())
G_DECLARE_FINAL_TYPE (BsApplication, bs_application, BS, APPLICATION, AdwApplication)

/* @start_time: g_get_monotonic_time() at the start of main(), for the
 * startup timing printed with the first frame. */
BsApplication *bs_application_new             (gint64         start_time);
gint64         bs_application_get_start_time  (BsApplication *self);
/* G_MESSAGES_DEBUG=Banshi: "startup: @step at 12.3 ms" from main(). */
void           bs_application_log_step        (BsApplication *self,
                                               const char    *step);
/* NULL when the settings schema is not installed. */
GSettings     *bs_application_get_settings    (BsApplication *self);
GMenuModel    *bs_application_get_recent_menu (BsApplication *self);
/* Remembers @path as the last and most recent catalogue. */
void           bs_application_add_recent      (BsApplication *self,
                                               const char    *path);

G_END_DECLS
