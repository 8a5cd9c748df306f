/* bs-tooltips.c
 *
 * GTK 4.8 gives the wrapping label of a text tooltip a maximum width of as
 * many "characters" as the text has (at most 50), where a character is the
 * average width of a Latin letter. A Chinese character is about twice as
 * wide, so “搜索” gets room for one character and is shown one character a
 * line. Every text tooltip, ours and libadwaita's, is shown by the label of
 * GTK's tooltip window, so that label is given a reading measure instead: as
 * wide as the text, wrapping at about 40 characters in Chinese and 60 in
 * English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-tooltips.h"

#define WIDE_MEASURE 40   /* characters a line in Chinese or Japanese */
#define NARROW_MEASURE 60 /* characters a line in English */

/* Pango's approximate character width is a Latin one even for Chinese, so
 * an ideograph is measured: all of them are as wide as this one. */
static int
get_ideograph_width (PangoContext *context)
{
  PangoLayout *layout = pango_layout_new (context);
  int width;

  pango_layout_set_text (layout, "中", -1);
  pango_layout_get_size (layout, &width, NULL);
  g_object_unref (layout);
  return width;
}

static gboolean
is_mostly_wide (const char *text)
{
  guint wide = 0;
  guint narrow = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iswide (c))
        wide++;
      else if (!g_unichar_isspace (c))
        narrow++;
    }
  return wide >= narrow;
}

static void
fit_label (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (label));
  PangoFontMetrics *metrics;
  int char_width;
  int unit;
  int measure;

  /* GtkLabel counts max-width-chars in this unit, whatever the script. */
  metrics = pango_context_get_metrics (context, NULL, NULL);
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  unit = MAX (char_width, pango_font_metrics_get_approximate_digit_width (metrics));
  pango_font_metrics_unref (metrics);
  if (unit <= 0)
    return;

  if (is_mostly_wide (text))
    measure = WIDE_MEASURE * get_ideograph_width (context);
  else
    measure = NARROW_MEASURE * char_width;

  /* A wrapping label is only as wide as its text needs, up to this. Setting
   * an unchanged value notifies nothing, so this does not loop. */
  gtk_label_set_max_width_chars (label, MAX (1, (measure + unit - 1) / unit));
}

static gboolean
on_realize_hook (GSignalInvocationHint *hint,
                 guint                  n_params,
                 const GValue          *params,
                 gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  GObject *label;

  /* The tooltip window: a widget of the CSS node "tooltip", whose template
   * binds the label of text tooltips as "label". */
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "tooltip") != 0)
    return TRUE;
  label = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), "label");
  if (!GTK_IS_LABEL (label) || g_object_get_data (label, "bs-tooltips-fitted") != NULL)
    return TRUE;

  g_object_set_data (label, "bs-tooltips-fitted", GINT_TO_POINTER (TRUE));
  /* Without it the label of a wrapped text takes the narrowest width that
   * keeps its number of lines, leaving the rest of the tooltip empty. */
  gtk_widget_set_hexpand (GTK_WIDGET (label), TRUE);
  /* GTK sets the text, then its own maximum width: follow both. */
  g_signal_connect (label, "notify::label", G_CALLBACK (fit_label), NULL);
  g_signal_connect (label, "notify::max-width-chars", G_CALLBACK (fit_label), NULL);
  fit_label (GTK_LABEL (label));
  return TRUE;
}

/**
 * bs_tooltips_install:
 *
 * Makes every text tooltip of the process as wide as its text, up to a
 * reading measure. Call once GTK is initialised; later calls do nothing.
 */
void
bs_tooltips_install (void)
{
  static gboolean installed;
  gpointer widget_class;

  if (installed)
    return;
  installed = TRUE;

  /* Signals exist once their class does. The tooltip window is realized
   * when first shown, before it is measured. */
  widget_class = g_type_class_ref (GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                              on_realize_hook, NULL, NULL);
  g_type_class_unref (widget_class);
}
