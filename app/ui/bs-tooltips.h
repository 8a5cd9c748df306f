/* bs-tooltips.h: text tooltips as wide as their text, up to a reading measure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bs_tooltips_install (void);

G_END_DECLS
