/* bs-demand-chart.c
 *
 * One row per item, the most handled first: its name over its department
 * on the left, a bar as long as its volume with the volume after it, and
 * at the right a sparkline of its records month by month (scaled to the
 * item's own busiest month: the shape of its trend, not its size). Items
 * in a theme have solid bars, items in no theme pale ones. The colours
 * are the style's (foreground and accent), so light, dark and high
 * contrast all follow the system.
 *
 * Each bar has a tooltip; the keyboard moves between bars (Up, Down) and
 * shows the focused bar's tooltip. The accessible label says what the
 * chart shows and its description lists the bars.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-demand-chart.h"
#include "bs-drawing.h"

#define ROW_HEIGHT 40
#define BAR_HEIGHT 14
#define GAP 8
#define MIN_WIDTH 300
#define NATURAL_WIDTH 720

typedef struct
{
  char *name;
  char *department;
  gint64 volume;
  gint64 applicants;
  gint64 *monthly;
  gboolean in_theme;
} Bar;

struct _BsDemandChart
{
  GtkWidget parent_instance;

  GPtrArray *bars;     /* Bar, most handled first */
  guint n_months;
  int first_year;
  int first_month;
  gint64 max_volume;

  int hover_row;       /* under the pointer, or -1 */
  int focus_row;       /* the keyboard's, or -1 */
};

G_DEFINE_FINAL_TYPE (BsDemandChart, bs_demand_chart, GTK_TYPE_WIDGET)

static void
bar_free (Bar *bar)
{
  g_free (bar->name);
  g_free (bar->department);
  g_free (bar->monthly);
  g_free (bar);
}

/* ------------------------------------------------------------------ */
/* Geometry */

typedef struct
{
  double label_width;
  double bar_x;
  double bar_max;      /* the longest bar's length */
  double spark_x;
  double spark_width;
} Layout;

static Layout
get_layout (int width)
{
  Layout layout;

  layout.label_width = CLAMP (width * 0.36, 110.0, 280.0);
  layout.spark_width = width >= 520 ? 110.0 : 56.0;
  layout.spark_x = width - layout.spark_width;
  layout.bar_x = layout.label_width + GAP;
  /* Room after the longest bar for its volume ("12,345"). */
  layout.bar_max = MAX (20.0, layout.spark_x - GAP - layout.bar_x - 56.0);
  return layout;
}

static int
row_at (BsDemandChart *self,
        double         y)
{
  int row = y < 0 ? -1 : (int) (y / ROW_HEIGHT);

  return row >= 0 && (guint) row < self->bars->len ? row : -1;
}

static void
bs_demand_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BsDemandChart *self = BS_DEMAND_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    *minimum = *natural = (int) self->bars->len * ROW_HEIGHT;
}

/* ------------------------------------------------------------------ */
/* Drawing */

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       max_width)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_sparkline (BsDemandChart *self,
                cairo_t       *cr,
                const Bar     *bar,
                const GdkRGBA *fg,
                const GdkRGBA *accent,
                double         x,
                double         y,
                double         width,
                double         height)
{
  gint64 peak = 0;
  double step;

  for (guint m = 0; m < self->n_months; m++)
    peak = MAX (peak, bar->monthly[m]);

  /* The baseline, so that an empty month reads as zero. */
  bs_drawing_set_source (cr, fg, 0.15);
  cairo_rectangle (cr, x, y + height, width, 1);
  cairo_fill (cr);
  if (peak == 0 || self->n_months == 0)
    return;

  step = self->n_months > 1 ? width / (self->n_months - 1) : 0;
  for (guint m = 0; m < self->n_months; m++)
    {
      double px = x + step * m;
      double py = y + height - height * (double) bar->monthly[m] / (double) peak;

      if (m == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  bs_drawing_set_source (cr, fg, 0.7);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* The last month, where the trend has got to. */
  bs_drawing_set_source (cr, accent, 1.0);
  cairo_arc (cr, x + step * (self->n_months - 1),
             y + height - height * (double) bar->monthly[self->n_months - 1] / (double) peak,
             2.5, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
bs_demand_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  BsDemandChart *self = BS_DEMAND_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Layout layout = get_layout (width);
  g_autoptr(PangoLayout) name_layout = NULL;
  g_autoptr(PangoLayout) small_layout = NULL;
  GdkRGBA fg, accent;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->bars->len == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  accent = bs_drawing_lookup_color (widget, "accent_color", &(GdkRGBA) { 0.2f, 0.4f, 0.8f, 1.0f });
  name_layout = bs_drawing_new_layout (widget, 0.9, PANGO_WEIGHT_SEMIBOLD);
  small_layout = bs_drawing_new_layout (widget, 0.8, PANGO_WEIGHT_NORMAL);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = g_ptr_array_index (self->bars, i);
      double y = (double) i * ROW_HEIGHT;
      double length = self->max_volume > 0
                      ? MAX (2.0, layout.bar_max * (double) bar->volume / (double) self->max_volume)
                      : 2.0;
      double by = y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
      g_autofree char *label = g_strdup_printf ("%u. %s", i + 1, bar->name);
      g_autofree char *volume = bs_demand_format_count (bar->volume);

      if ((int) i == self->hover_row)
        {
          bs_drawing_set_source (cr, &fg, 0.05);
          cairo_rectangle (cr, 0, y, width, ROW_HEIGHT);
          cairo_fill (cr);
        }
      if (i > 0)
        {
          bs_drawing_set_source (cr, &fg, 0.08);
          cairo_rectangle (cr, 0, y, width, 1);
          cairo_fill (cr);
        }

      bs_drawing_set_source (cr, &fg, 1.0);
      draw_text (cr, name_layout, label, 4, y + 3, layout.label_width - 4);
      bs_drawing_set_source (cr, &fg, 0.6);
      draw_text (cr, small_layout, bar->department, 4, y + 21, layout.label_width - 4);

      rounded_rectangle (cr, layout.bar_x, by, length, BAR_HEIGHT, 3);
      if (bar->in_theme)
        {
          bs_drawing_set_source (cr, &accent, 0.9);
          cairo_fill (cr);
        }
      else
        {
          bs_drawing_set_source (cr, &accent, 0.3);
          cairo_fill_preserve (cr);
          bs_drawing_set_source (cr, &accent, 0.9);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
        }
      bs_drawing_set_source (cr, &fg, 0.8);
      draw_text (cr, small_layout, volume, layout.bar_x + length + 6, by - 1, -1);

      draw_sparkline (self, cr, bar, &fg, &accent,
                      layout.spark_x + 4, y + 9, layout.spark_width - 8, ROW_HEIGHT - 18);
    }
  cairo_destroy (cr);

  if (gtk_widget_has_visible_focus (widget) && self->focus_row >= 0)
    {
      GskRoundedRect outline;
      const float border[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (1, self->focus_row * ROW_HEIGHT + 1,
                                                            width - 2, ROW_HEIGHT - 2),
                                       6);
      gtk_snapshot_append_border (snapshot, &outline, border, colors);
    }
}

/* ------------------------------------------------------------------ */
/* Tooltips, pointer and keyboard */

static char *
describe_bar (BsDemandChart *self,
              guint          index)
{
  const Bar *bar = g_ptr_array_index (self->bars, index);
  g_autofree char *volume = bs_demand_format_count (bar->volume);
  g_autofree char *applicants = bs_demand_format_count (bar->applicants);
  g_autofree char *records = NULL;
  g_autofree char *people = NULL;
  g_autofree char *busiest = NULL;
  gint64 peak = 0;
  guint peak_month = 0;

  records = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records",
                                          (gulong) MIN (bar->volume, (gint64) G_MAXULONG)), volume);
  people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s applicant", "%s applicants",
                                         (gulong) MIN (bar->applicants, (gint64) G_MAXULONG)), applicants);
  for (guint m = 0; m < self->n_months; m++)
    if (bar->monthly[m] > peak)
      {
        peak = bar->monthly[m];
        peak_month = m;
      }
  if (peak > 0)
    {
      int index_month = self->first_year * 12 + self->first_month - 1 + (int) peak_month;
      g_autofree char *count = bs_demand_format_count (peak);

      /* Translators: in a bar's tooltip: the month with most records, e.g. “Busiest month 2025-03: 412” */
      busiest = g_strdup_printf (_("Busiest month %04d-%02d: %s"), index_month / 12, index_month % 12 + 1, count);
    }

  /* Translators: a bar of the demand chart: rank, item, department, “N records”, “N applicants”, whether a theme holds it, busiest month */
  return g_strdup_printf (_("%u. %s\n%s\n%s, %s · %s%s%s"), index + 1, bar->name, bar->department,
                          records, people,
                          bar->in_theme ? _("in a theme") : _("in no theme"),
                          busiest ? "\n" : "", busiest ? busiest : "");
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  BsDemandChart *self = BS_DEMAND_CHART (widget);
  int row = keyboard ? self->focus_row : row_at (self, y);
  g_autofree char *text = NULL;

  if (row < 0)
    return FALSE;
  text = describe_bar (self, (guint) row);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip,
                            &(GdkRectangle) { 0, row * ROW_HEIGHT, gtk_widget_get_width (widget), ROW_HEIGHT });
  return TRUE;
}

static void
set_hover_row (BsDemandChart *self,
               int            row)
{
  if (self->hover_row == row)
    return;
  self->hover_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              BsDemandChart            *self)
{
  set_hover_row (self, row_at (self, y));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             BsDemandChart            *self)
{
  set_hover_row (self, -1);
}

/* Keeps the focused bar in sight when the chart scrolls with its page. */
static void
scroll_to_row (BsDemandChart *self,
               int            row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child;
  GtkAdjustment *vadjustment;
  graphene_point_t top;

  if (scrolled == NULL || (child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))) == NULL)
    return;
  if (!gtk_widget_compute_point (GTK_WIDGET (self), child,
                                 &GRAPHENE_POINT_INIT (0, (float) (row * ROW_HEIGHT)), &top))
    return;
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_clamp_page (vadjustment, top.y, top.y + ROW_HEIGHT);
}

static void
move_focus (BsDemandChart *self,
            int            row)
{
  if (self->bars->len == 0)
    return;
  self->focus_row = CLAMP (row, 0, (int) self->bars->len - 1);
  scroll_to_row (self, self->focus_row);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   BsDemandChart         *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_focus (self, self->focus_row - 1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_focus (self, self->focus_row + 1);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      move_focus (self, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      move_focus (self, (int) self->bars->len - 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               BsDemandChart   *self)
{
  int row = row_at (self, y);

  if (row < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->focus_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (BsDemandChart *self)
{
  g_autofree char *label = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  guint n = self->bars->len;

  if (n == 0)
    label = g_strdup (_("Chart of the most handled items: no records"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Chart of the %u most handled item",
                                          "Chart of the %u most handled items", n), n);
  for (guint i = 0; i < n; i++)
    {
      const Bar *bar = g_ptr_array_index (self->bars, i);
      g_autofree char *volume = bs_demand_format_count (bar->volume);

      if (i > 0)
        g_string_append (description, "; ");
      /* Translators: one bar in the chart's accessible description: rank, item, department, records */
      g_string_append_printf (description, _("%u. %s (%s): %s records"), i + 1, bar->name, bar->department,
                              volume);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

/* ------------------------------------------------------------------ */

static void
bs_demand_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_demand_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
bs_demand_chart_finalize (GObject *object)
{
  BsDemandChart *self = BS_DEMAND_CHART (object);

  g_clear_pointer (&self->bars, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_demand_chart_parent_class)->finalize (object);
}

static void
bs_demand_chart_class_init (BsDemandChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bs_demand_chart_finalize;
  widget_class->measure = bs_demand_chart_measure;
  widget_class->snapshot = bs_demand_chart_snapshot;
  widget_class->css_changed = bs_demand_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "demand-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_demand_chart_init (BsDemandChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->bars = g_ptr_array_new_with_free_func ((GDestroyNotify) bar_free);
  self->hover_row = -1;
  self->focus_row = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  update_accessible (self);
}

GtkWidget *
bs_demand_chart_new (void)
{
  return g_object_new (BS_TYPE_DEMAND_CHART, NULL);
}

void
bs_demand_chart_set_demand (BsDemandChart  *self,
                            const BsDemand *demand,
                            guint           max_bars)
{
  g_return_if_fail (BS_IS_DEMAND_CHART (self));

  g_ptr_array_set_size (self->bars, 0);
  self->n_months = 0;
  self->max_volume = 0;
  self->hover_row = -1;
  self->focus_row = -1;
  if (demand != NULL)
    {
      self->n_months = demand->n_months;
      self->first_year = demand->first_year;
      self->first_month = demand->first_month;
      for (guint i = 0; i < demand->items->len && i < max_bars; i++)
        {
          const BsDemandItem *item = g_ptr_array_index (demand->items, i);
          Bar *bar = g_new0 (Bar, 1);

          bar->name = g_strdup (item->name);
          bar->department = g_strdup (item->department ? item->department : "");
          bar->volume = item->volume;
          bar->applicants = item->applicants;
          bar->monthly = g_memdup2 (item->monthly, sizeof (gint64) * MAX (demand->n_months, 1));
          bar->in_theme = item->in_theme;
          self->max_volume = MAX (self->max_volume, item->volume);
          g_ptr_array_add (self->bars, bar);
        }
    }
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
bs_demand_chart_get_n_bars (BsDemandChart *self)
{
  g_return_val_if_fail (BS_IS_DEMAND_CHART (self), 0);

  return self->bars->len;
}
