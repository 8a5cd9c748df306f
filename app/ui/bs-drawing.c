/* bs-drawing.c: small helpers of the widgets that draw themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-drawing.h"

/* The theme's named colour (accent_color, view_bg_color…), or @fallback
 * where the theme has none by that name. */
GdkRGBA
bs_drawing_lookup_color (GtkWidget     *widget,
                         const char    *name,
                         const GdkRGBA *fallback)
{
  GdkRGBA color = *fallback;

  /* GTK 4.8 has no other way to read the theme's named colours. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

/* A one-line layout in the widget's font scaled by @scale, ellipsized at
 * the end when given a width. */
PangoLayout *
bs_drawing_new_layout (GtkWidget   *widget,
                       double       scale,
                       PangoWeight  weight)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (weight != PANGO_WEIGHT_NORMAL)
    pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_attr_list_unref (attrs);
  return layout;
}

/* @color, its own alpha times @alpha, as the source of @cr. */
void
bs_drawing_set_source (cairo_t       *cr,
                       const GdkRGBA *color,
                       double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}
