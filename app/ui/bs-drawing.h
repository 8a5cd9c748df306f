/* bs-drawing.h: small helpers of the widgets that draw themselves
 *
 * The coverage heat map, the demand chart and the rollout timeline draw
 * with cairo and Pango in the theme's colours; these are the pieces they
 * share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkRGBA      bs_drawing_lookup_color (GtkWidget     *widget,
                                      const char    *name,
                                      const GdkRGBA *fallback);
PangoLayout *bs_drawing_new_layout   (GtkWidget     *widget,
                                      double         scale,
                                      PangoWeight    weight);
void         bs_drawing_set_source   (cairo_t       *cr,
                                      const GdkRGBA *color,
                                      double         alpha);

G_END_DECLS
