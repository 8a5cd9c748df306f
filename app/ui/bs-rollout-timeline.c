/* bs-rollout-timeline.c
 *
 * One row per task of the list it is given, so that the filters of the
 * Rollout view apply to it too. Drawn with cairo into the snapshot; the
 * tooltip finds the task under the pointer by its row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-rollout-entry.h"
#include "bs-rollout-timeline.h"

#define LABEL_WIDTH 64
#define AXIS_HEIGHT 28
#define ROW_HEIGHT 22
#define BAR_HEIGHT 12
#define PIXELS_PER_DAY 4
#define MARGIN 12
/* A task without a start date is drawn from this many days before it is due. */
#define DEFAULT_SPAN 14

struct _BsRolloutTimeline
{
  GtkWidget parent_instance;

  GListModel *model;
  GPtrArray *phases;  /* BsPhase */
  BsDate today;
};

G_DEFINE_FINAL_TYPE (BsRolloutTimeline, bs_rollout_timeline, GTK_TYPE_WIDGET)

static BsDate
task_start (const BsTask *task)
{
  if (task->start != BS_DATE_NONE && task->start <= task->due)
    return task->start;
  return task->due > DEFAULT_SPAN ? task->due - DEFAULT_SPAN : task->due;
}

/* The days shown: every task, phase and today, with a few days around. */
static void
get_range (BsRolloutTimeline *self,
           BsDate            *out_first,
           BsDate            *out_last)
{
  BsDate first = self->today, last = self->today;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsRolloutEntry) entry = g_list_model_get_item (self->model, i);
      const BsTask *task = bs_rollout_entry_get_task (entry);

      first = MIN (first, task_start (task));
      last = MAX (last, task->due);
      if (task->completed != BS_DATE_NONE)
        last = MAX (last, task->completed);
    }
  for (guint i = 0; self->phases && i < self->phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (self->phases, i);

      if (phase->start != BS_DATE_NONE)
        first = MIN (first, phase->start);
      if (phase->end != BS_DATE_NONE)
        last = MAX (last, phase->end);
    }
  *out_first = first > 7 ? first - 7 : first;
  *out_last = last + 7;
}

static void
bs_rollout_timeline_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      BsDate first, last;

      get_range (self, &first, &last);
      *minimum = *natural = 2 * MARGIN + LABEL_WIDTH + (int) (last - first + 1) * PIXELS_PER_DAY;
    }
  else
    {
      guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

      *minimum = *natural = AXIS_HEIGHT + (int) n * ROW_HEIGHT + MARGIN;
    }
}

static GdkRGBA
lookup_color (GtkWidget  *widget,
              const char *name)
{
  GdkRGBA color = { 0.5f, 0.5f, 0.5f, 1.0f };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

static void
draw_text (cairo_t     *cr,
           GtkWidget   *widget,
           const char  *text,
           double       x,
           double       y,
           gboolean     small)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
day_x (BsDate first,
       BsDate day)
{
  return MARGIN + LABEL_WIDTH + (double) (day - first) * PIXELS_PER_DAY;
}

static void
bs_rollout_timeline_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  GdkRGBA fg, error, warning, success, accent;
  BsDate first, last;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  error = lookup_color (widget, "error_color");
  warning = lookup_color (widget, "warning_color");
  success = lookup_color (widget, "success_color");
  accent = lookup_color (widget, "accent_color");
  get_range (self, &first, &last);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Phases: alternate bands, named on the axis. */
  for (guint i = 0; self->phases && i < self->phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (self->phases, i);
      double x0, x1;

      if (phase->start == BS_DATE_NONE || phase->end == BS_DATE_NONE)
        continue;
      x0 = day_x (first, phase->start);
      x1 = day_x (first, phase->end + 1);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, i % 2 ? 0.03 : 0.07);
      cairo_rectangle (cr, x0, 0, x1 - x0, height);
      cairo_fill (cr);
      cairo_save (cr);
      cairo_rectangle (cr, x0, 0, x1 - x0, AXIS_HEIGHT);
      cairo_clip (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (cr, widget, phase->name, x0 + 4, 4, TRUE);
      cairo_restore (cr);
    }

  /* Month ticks. */
  for (BsDate day = first; day <= last; day++)
    {
      int y, m, d;

      bs_date_get_ymd (day, &y, &m, &d);
      if (d != 1)
        continue;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_rectangle (cr, day_x (first, day), AXIS_HEIGHT - 6, 1, height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsRolloutEntry) entry = g_list_model_get_item (self->model, i);
      const BsTask *task = bs_rollout_entry_get_task (entry);
      BsTaskTiming timing = bs_rollout_entry_get_timing (entry);
      double y = AXIS_HEIGHT + i * ROW_HEIGHT;
      double x0 = day_x (first, task_start (task));
      double x1 = day_x (first, task->due + 1);
      const GdkRGBA *color;

      switch (timing.state)
        {
        case BS_TASK_TIMING_OVERDUE:
          color = &error;
          break;
        case BS_TASK_TIMING_DUE_SOON:
        case BS_TASK_TIMING_LATE:
          color = &warning;
          break;
        case BS_TASK_TIMING_ON_TIME:
          color = &success;
          break;
        case BS_TASK_TIMING_OPEN:
        case BS_N_TASK_TIMINGS:
        default:
          color = &accent;
          break;
        }

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
      draw_text (cr, widget, task->code, MARGIN, y + 2, TRUE);

      gdk_cairo_set_source_rgba (cr, color);
      cairo_rectangle (cr, x0, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, MAX (x1 - x0, 2), BAR_HEIGHT);
      cairo_fill (cr);

      /* Overdue: the time since the due date, hatched in the same colour. */
      if (timing.state == BS_TASK_TIMING_OVERDUE)
        {
          cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.3);
          cairo_rectangle (cr, x1, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0,
                           day_x (first, self->today) - x1, BAR_HEIGHT);
          cairo_fill (cr);
        }
      /* Completion: a diamond on its day. */
      if (task->completed != BS_DATE_NONE)
        {
          double cx = day_x (first, task->completed) + PIXELS_PER_DAY / 2.0;
          double cy = y + ROW_HEIGHT / 2.0;

          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
          cairo_move_to (cr, cx, cy - 5);
          cairo_line_to (cr, cx + 5, cy);
          cairo_line_to (cr, cx, cy + 5);
          cairo_line_to (cr, cx - 5, cy);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
    }

  /* Today. */
  gdk_cairo_set_source_rgba (cr, &error);
  cairo_rectangle (cr, day_x (first, self->today), AXIS_HEIGHT - 8, 2, height);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);
  g_autoptr(BsRolloutEntry) entry = NULL;
  g_autofree char *text = NULL;
  char due[BS_DATE_ISO_SIZE];
  const BsTask *task;
  int row;

  if (self->model == NULL || y < AXIS_HEIGHT)
    return FALSE;
  row = (y - AXIS_HEIGHT) / ROW_HEIGHT;
  if (row < 0 || (guint) row >= g_list_model_get_n_items (self->model))
    return FALSE;
  entry = g_list_model_get_item (self->model, row);
  task = bs_rollout_entry_get_task (entry);
  /* Translators: a task in the timeline's tooltip: code, department, deliverable, due date, state */
  text = g_strdup_printf (_("%s · %s\n%s\nDue %s · %s"), task->code,
                          bs_rollout_entry_get_department_name (entry), task->deliverable,
                          bs_date_format (task->due, due),
                          bs_task_timing_state_get_label (bs_rollout_entry_get_timing (entry).state));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_items_changed_cb (BsRolloutTimeline *self)
{
  g_autofree char *label = NULL;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Timeline of %u task", "Timeline of %u tasks", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
bs_rollout_timeline_dispose (GObject *object)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->phases, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_rollout_timeline_parent_class)->dispose (object);
}

static void
bs_rollout_timeline_class_init (BsRolloutTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_rollout_timeline_dispose;
  widget_class->measure = bs_rollout_timeline_measure;
  widget_class->snapshot = bs_rollout_timeline_snapshot;
  gtk_widget_class_set_css_name (widget_class, "rollout-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_rollout_timeline_init (BsRolloutTimeline *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  on_items_changed_cb (self);
}

void
bs_rollout_timeline_set_model (BsRolloutTimeline *self,
                               GListModel        *model)
{
  g_return_if_fail (BS_IS_ROLLOUT_TIMELINE (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  on_items_changed_cb (self);
}

void
bs_rollout_timeline_set_phases (BsRolloutTimeline *self,
                                GPtrArray         *phases,
                                BsDate             today)
{
  g_return_if_fail (BS_IS_ROLLOUT_TIMELINE (self));

  g_clear_pointer (&self->phases, g_ptr_array_unref);
  self->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_phase_free);
  for (guint i = 0; phases != NULL && i < phases->len; i++)
    g_ptr_array_add (self->phases, bs_phase_copy (g_ptr_array_index (phases, i)));
  self->today = today;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
