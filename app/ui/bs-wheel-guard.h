/* bs-wheel-guard.h: the mouse wheel scrolls the page, not the value under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bs_wheel_guard_attach (GtkWidget *widget);

G_END_DECLS
