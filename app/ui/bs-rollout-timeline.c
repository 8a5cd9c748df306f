/* bs-rollout-timeline.c
 *
 * One row per department of the list it is given (in the order they first
 * appear), each followed, when expanded, by a row per task, so that the
 * filters of the Rollout view apply to it too. It sizes itself to the whole
 * range of days at its scale and lets its GtkScrolledWindow scroll it.
 *
 * The chart is recorded in tiles of rows and columns, each into a render
 * node the first time it comes into sight (the viewport's adjustments say
 * what is in sight), and kept until the data, the scale, an expansion or
 * the style change: scrolling only appends the recordings already made at
 * their place. The labels (departments and tasks) are drawn into images,
 * a tile of rows each, kept while in sight at the left of it; the axis
 * once and kept at the top, so that neither scrolls out of sight; the
 * keyboard focus (a department's label) is drawn over it all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bs-rollout-entry.h"
#include "bs-drawing.h"
#include "bs-rollout-timeline.h"
#include "bs-visible-area.h"

#define LABEL_WIDTH 200
#define AXIS_HEIGHT 40
#define ROW_HEIGHT 22
#define BAR_HEIGHT 12
#define SUMMARY_HEIGHT 8
#define MARGIN 12
#define TILE_ROWS 64
#define TILE_WIDTH 2048
/* A task without a start date is drawn from this many days before it is due. */
#define DEFAULT_SPAN 14

static const int pixels_per_day[BS_N_ROLLOUT_TIMELINE_SCALES] = { 24, 6, 2 };
/* The colour of whatever the theme has no named colour for. */
static const GdkRGBA grey = { 0.5f, 0.5f, 0.5f, 1.0f };

typedef struct
{
  char *name;
  GPtrArray *entries;  /* BsRolloutEntry */
  BsDate first;
  BsDate last;
  guint n_overdue;
  guint n_done;
  gboolean expanded;
} Group;

typedef struct
{
  guint group;
  int entry;  /* -1: the department's own row */
} Row;

struct _BsRolloutTimeline
{
  GtkWidget parent_instance;

  GListModel *model;
  GPtrArray *phases;  /* BsPhase */
  BsDate today;
  BsRolloutTimelineScale scale;

  GPtrArray *groups;      /* Group */
  GArray *rows;           /* Row */
  GHashTable *collapsed;  /* department names */
  BsDate first;
  BsDate last;
  int focus_row;          /* a department's row, or -1 */

  GHashTable *tiles;      /* tile key → GskRenderNode */
  GHashTable *labels;     /* tile row → GskRenderNode of the label column */
  GPtrArray *phase_names; /* GskRenderNode of each phase's name, NULL until drawn */
  GskRenderNode *axis;
  BsVisibleArea area;          /* the viewport's page */
  int allocated_width;
  int allocated_height;
  double zoom_day;        /* the day to keep in the middle after a zoom, or -1 */
};

G_DEFINE_FINAL_TYPE (BsRolloutTimeline, bs_rollout_timeline, GTK_TYPE_WIDGET)

static void
group_free (Group *group)
{
  g_free (group->name);
  g_ptr_array_unref (group->entries);
  g_free (group);
}

static BsDate
task_start (const BsTask *task)
{
  if (task->start != BS_DATE_NONE && task->start <= task->due)
    return task->start;
  return task->due > DEFAULT_SPAN ? task->due - DEFAULT_SPAN : task->due;
}

static int
ppd (BsRolloutTimeline *self)
{
  return pixels_per_day[self->scale];
}

static double
day_x (BsRolloutTimeline *self,
       BsDate             day)
{
  return MARGIN + LABEL_WIDTH + ((double) day - (double) self->first) * ppd (self);
}

static double
row_y (guint row)
{
  return AXIS_HEIGHT + (double) row * ROW_HEIGHT;
}

static void
clear_cache (BsRolloutTimeline *self)
{
  g_hash_table_remove_all (self->tiles);
  g_hash_table_remove_all (self->labels);
  g_ptr_array_set_size (self->phase_names, 0);
  g_clear_pointer (&self->axis, gsk_render_node_unref);
}

/* Where the label column is, in the widget's coordinates: at the left of
 * what is in sight. */
static double
labels_x (BsRolloutTimeline *self)
{
  return self->area.hadjustment != NULL ? gtk_adjustment_get_value (self->area.hadjustment) : 0;
}

static void
invalidate (BsRolloutTimeline *self)
{
  clear_cache (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_rows (BsRolloutTimeline *self)
{
  int focus_group = -1;

  if (self->focus_row >= 0 && (guint) self->focus_row < self->rows->len)
    focus_group = (int) g_array_index (self->rows, Row, self->focus_row).group;
  g_array_set_size (self->rows, 0);
  self->focus_row = -1;
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);
      Row row = { g, -1 };

      if ((int) g == focus_group)
        self->focus_row = (int) self->rows->len;
      g_array_append_val (self->rows, row);
      for (guint i = 0; group->expanded && i < group->entries->len; i++)
        {
          Row task_row = { g, (int) i };

          g_array_append_val (self->rows, task_row);
        }
    }
  if (self->focus_row < 0 && self->rows->len > 0)
    self->focus_row = 0;
  clear_cache (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The departments and their tasks, and the days shown: every task, phase
 * and today, with a week around. */
static void
rebuild (BsRolloutTimeline *self)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  BsDate today = self->today;
  BsDate first, last;

  if (today == BS_DATE_NONE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = bs_date_from_date_time (now);
    }
  first = last = today;

  g_ptr_array_set_size (self->groups, 0);
  for (guint i = 0; i < n; i++)
    {
      BsRolloutEntry *entry = g_list_model_get_item (self->model, i);
      const BsTask *task = bs_rollout_entry_get_task (entry);
      const char *name = bs_rollout_entry_get_department_name (entry);
      BsTaskTimingState state = bs_rollout_entry_get_timing (entry).state;
      Group *group;

      if (task == NULL)
        {
          g_object_unref (entry);
          continue;
        }
      if (name == NULL)
        name = "";
      group = g_hash_table_lookup (by_name, name);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->name = g_strdup (name);
          group->entries = g_ptr_array_new_with_free_func (g_object_unref);
          group->first = task_start (task);
          group->last = task->due;
          group->expanded = !g_hash_table_contains (self->collapsed, name);
          g_ptr_array_add (self->groups, group);
          g_hash_table_insert (by_name, group->name, group);
        }
      g_ptr_array_add (group->entries, entry);
      group->first = MIN (group->first, task_start (task));
      group->last = MAX (group->last, task->due);
      if (state == BS_TASK_TIMING_OVERDUE)
        group->n_overdue++;
      if (task->completed != BS_DATE_NONE)
        group->n_done++;

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
  self->first = first > 7 ? first - 7 : first;
  self->last = last + 7;
  update_rows (self);
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
    *minimum = *natural = 2 * MARGIN + LABEL_WIDTH + (int) (self->last - self->first + 1) * ppd (self);
  else
    *minimum = *natural = AXIS_HEIGHT + (int) self->rows->len * ROW_HEIGHT + MARGIN;
}

typedef struct
{
  GdkRGBA fg, error, warning, success, accent;
  PangoLayout *small;  /* a layout in the small font, its text set for each use */
  PangoLayout *bold;
} Paint;

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           int          max_width)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 ? max_width * PANGO_SCALE : -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_fg (cairo_t       *cr,
        const GdkRGBA *fg,
        double         alpha)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, alpha);
}

/* The first day of the column of the scale that holds @day. */
static BsDate
column_start (BsRolloutTimeline *self,
              BsDate             day)
{
  int y, m, d;

  switch (self->scale)
    {
    case BS_ROLLOUT_TIMELINE_SCALE_WEEK:
      {
        g_autoptr(GDate) date = NULL;

        bs_date_get_ymd (day, &y, &m, &d);
        date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
        return day - (g_date_get_weekday (date) - G_DATE_MONDAY);
      }
    case BS_ROLLOUT_TIMELINE_SCALE_MONTH:
      bs_date_get_ymd (day, &y, &m, &d);
      return bs_date_new (y, m, 1);
    case BS_ROLLOUT_TIMELINE_SCALE_QUARTER:
    case BS_N_ROLLOUT_TIMELINE_SCALES:
    default:
      bs_date_get_ymd (day, &y, &m, &d);
      return bs_date_new (y, (m - 1) / 3 * 3 + 1, 1);
    }
}

static BsDate
column_next (BsRolloutTimeline *self,
             BsDate             start)
{
  int y, m, d;

  if (self->scale == BS_ROLLOUT_TIMELINE_SCALE_WEEK)
    return start + 7;
  bs_date_get_ymd (start, &y, &m, &d);
  m += self->scale == BS_ROLLOUT_TIMELINE_SCALE_MONTH ? 1 : 3;
  if (m > 12)
    m -= 12, y++;
  return bs_date_new (y, m, 1);
}

static char *
column_label (BsRolloutTimeline *self,
              BsDate             start)
{
  int y, m, d;

  bs_date_get_ymd (start, &y, &m, &d);
  switch (self->scale)
    {
    case BS_ROLLOUT_TIMELINE_SCALE_WEEK:
      {
        g_autoptr(GDate) date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);

        /* Translators: a week on the timeline's axis: its ISO week number, then its Monday as month-day */
        return g_strdup_printf (_("W%02u · %02d-%02d"), g_date_get_iso8601_week_of_year (date), m, d);
      }
    case BS_ROLLOUT_TIMELINE_SCALE_MONTH:
      /* Translators: a month on the timeline's axis: year-month */
      return g_strdup_printf (_("%04d-%02d"), y, m);
    case BS_ROLLOUT_TIMELINE_SCALE_QUARTER:
    case BS_N_ROLLOUT_TIMELINE_SCALES:
    default:
      /* Translators: a quarter on the timeline's axis: the year, then the quarter (1 to 4) */
      return g_strdup_printf (_("%04d Q%d"), y, (m - 1) / 3 + 1);
    }
}

/* Phase bands, the grid and today's line over the rectangle. */
static void
draw_background (BsRolloutTimeline *self,
                 cairo_t           *cr,
                 const Paint       *paint,
                 double             x0,
                 double             y0,
                 double             x1,
                 double             y1)
{
  BsDate day;

  for (guint i = 0; self->phases && i < self->phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (self->phases, i);
      double px0, px1;

      if (phase->start == BS_DATE_NONE || phase->end == BS_DATE_NONE)
        continue;
      px0 = MAX (day_x (self, phase->start), x0);
      px1 = MIN (day_x (self, phase->end + 1), x1);
      if (px1 <= px0)
        continue;
      set_fg (cr, &paint->fg, i % 2 ? 0.03 : 0.07);
      cairo_rectangle (cr, px0, y0, px1 - px0, y1 - y0);
      cairo_fill (cr);
    }

  for (day = column_start (self, self->first); day <= self->last; day = column_next (self, day))
    {
      double x = day_x (self, day);

      if (x < x0 - 1 || x > x1 || x < MARGIN + LABEL_WIDTH)
        continue;
      set_fg (cr, &paint->fg, 0.15);
      cairo_rectangle (cr, x, y0, 1, y1 - y0);
      cairo_fill (cr);
    }

  if (self->today != BS_DATE_NONE)
  {
    double x = day_x (self, self->today);

    if (x + 2 >= x0 && x <= x1)
      {
        gdk_cairo_set_source_rgba (cr, &paint->error);
        cairo_rectangle (cr, x, y0, 2, y1 - y0);
        cairo_fill (cr);
      }
  }
}

static const GdkRGBA *
timing_color (const Paint       *paint,
              BsTaskTimingState  state)
{
  switch (state)
    {
    case BS_TASK_TIMING_OVERDUE:
      return &paint->error;
    case BS_TASK_TIMING_DUE_SOON:
    case BS_TASK_TIMING_LATE:
      return &paint->warning;
    case BS_TASK_TIMING_ON_TIME:
      return &paint->success;
    case BS_TASK_TIMING_OPEN:
    case BS_N_TASK_TIMINGS:
    default:
      return &paint->accent;
    }
}

static void
draw_department (BsRolloutTimeline *self,
                 cairo_t           *cr,
                 const Paint       *paint,
                 const Group       *group,
                 double             y,
                 double             x0,
                 double             x1)
{
  double bx0 = day_x (self, group->first);
  double bx1 = day_x (self, group->last + 1);
  double by = y + (ROW_HEIGHT - SUMMARY_HEIGHT) / 2.0;

  set_fg (cr, &paint->fg, 0.04);
  cairo_rectangle (cr, x0, y, x1 - x0, ROW_HEIGHT);
  cairo_fill (cr);

  if (bx1 >= x0 && bx0 <= x1)
    {
      double done = group->entries->len ? (double) group->n_done / group->entries->len : 0;

      set_fg (cr, &paint->fg, 0.35);
      cairo_rectangle (cr, bx0, by, MAX (bx1 - bx0, 2), SUMMARY_HEIGHT);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &paint->success);
      cairo_rectangle (cr, bx0, by, (bx1 - bx0) * done, SUMMARY_HEIGHT);
      cairo_fill (cr);
    }
  /* The counts after the bar. */
  if (bx1 + 6 < x1 && bx1 + 6 + 260 > x0)
    {
      g_autofree char *counts = NULL;
      g_autofree char *overdue = NULL;

      overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", group->n_overdue),
                                 group->n_overdue);
      /* Translators: after a department's summary bar on the timeline: tasks done of all, then e.g. “2 overdue” */
      counts = g_strdup_printf (_("%u of %u done · %s"), group->n_done, group->entries->len, overdue);
      if (group->n_overdue > 0)
        gdk_cairo_set_source_rgba (cr, &paint->error);
      else
        set_fg (cr, &paint->fg, 0.7);
      draw_text (cr, paint->small, counts, bx1 + 6, y + 3, -1);
    }
}

static void
draw_task (BsRolloutTimeline *self,
           cairo_t           *cr,
           const Paint       *paint,
           BsRolloutEntry    *entry,
           double             y,
           double             x0,
           double             x1)
{
  const BsTask *task = bs_rollout_entry_get_task (entry);
  BsTaskTiming timing = bs_rollout_entry_get_timing (entry);
  double bx0 = day_x (self, task_start (task));
  double bx1 = day_x (self, task->due + 1);
  const GdkRGBA *color = timing_color (paint, timing.state);
  double by = y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;

  if (bx1 >= x0 && bx0 <= x1)
    {
      gdk_cairo_set_source_rgba (cr, color);
      cairo_rectangle (cr, bx0, by, MAX (bx1 - bx0, 2), BAR_HEIGHT);
      cairo_fill (cr);
    }
  /* Overdue: the time since the due date, in the same colour, lighter. */
  if (timing.state == BS_TASK_TIMING_OVERDUE && self->today != BS_DATE_NONE)
    {
      double tx = day_x (self, self->today);

      if (tx >= x0 && bx1 <= x1)
        {
          cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.3);
          cairo_rectangle (cr, bx1, by, tx - bx1, BAR_HEIGHT);
          cairo_fill (cr);
        }
    }
  /* Completion: a diamond on its day. */
  if (task->completed != BS_DATE_NONE)
    {
      double cx = day_x (self, task->completed) + ppd (self) / 2.0;
      double cy = y + ROW_HEIGHT / 2.0;

      if (cx + 5 >= x0 && cx - 5 <= x1)
        {
          set_fg (cr, &paint->fg, 0.9);
          cairo_move_to (cr, cx, cy - 5);
          cairo_line_to (cr, cx + 5, cy);
          cairo_line_to (cr, cx, cy + 5);
          cairo_line_to (cr, cx - 5, cy);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
    }
}

static void
draw_axis (BsRolloutTimeline *self,
           cairo_t           *cr,
           const Paint       *paint,
           double             width)
{
  for (guint i = 0; self->phases && i < self->phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (self->phases, i);
      double x0, x1;

      if (phase->start == BS_DATE_NONE || phase->end == BS_DATE_NONE)
        continue;
      x0 = day_x (self, phase->start);
      x1 = day_x (self, phase->end + 1);
      set_fg (cr, &paint->fg, i % 2 ? 0.03 : 0.07);
      cairo_rectangle (cr, x0, 0, x1 - x0, AXIS_HEIGHT);
      cairo_fill (cr);
    }
  for (BsDate day = column_start (self, self->first); day <= self->last; day = column_next (self, day))
    {
      g_autofree char *label = column_label (self, day);
      double x = day_x (self, day);
      double next = day_x (self, column_next (self, day));

      if (next <= MARGIN + LABEL_WIDTH)
        continue;
      set_fg (cr, &paint->fg, 0.3);
      if (x >= MARGIN + LABEL_WIDTH)
        {
          cairo_rectangle (cr, x, AXIS_HEIGHT / 2, 1, AXIS_HEIGHT / 2);
          cairo_fill (cr);
        }
      cairo_save (cr);
      cairo_rectangle (cr, MAX (x, MARGIN + LABEL_WIDTH), AXIS_HEIGHT / 2,
                       next - MAX (x, MARGIN + LABEL_WIDTH), AXIS_HEIGHT / 2);
      cairo_clip (cr);
      set_fg (cr, &paint->fg, 0.75);
      draw_text (cr, paint->small, label, MAX (x, MARGIN + LABEL_WIDTH) + 4, AXIS_HEIGHT / 2 + 2, -1);
      cairo_restore (cr);
    }
  set_fg (cr, &paint->fg, 0.3);
  cairo_rectangle (cr, 0, AXIS_HEIGHT - 1, width, 1);
  cairo_fill (cr);
  if (self->today != BS_DATE_NONE)
  {
    double x = day_x (self, self->today);

    gdk_cairo_set_source_rgba (cr, &paint->error);
    cairo_rectangle (cr, x, AXIS_HEIGHT / 2, 2, AXIS_HEIGHT / 2);
    cairo_fill (cr);
  }
}

static void
init_paint (GtkWidget *widget,
            Paint     *paint)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &paint->fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  paint->error = bs_drawing_lookup_color (widget, "error_color", &grey);
  paint->warning = bs_drawing_lookup_color (widget, "warning_color", &grey);
  paint->success = bs_drawing_lookup_color (widget, "success_color", &grey);
  paint->accent = bs_drawing_lookup_color (widget, "accent_color", &grey);
  paint->small = bs_drawing_new_layout (widget, 0.8, PANGO_WEIGHT_NORMAL);
  paint->bold = bs_drawing_new_layout (widget, 0.9, PANGO_WEIGHT_BOLD);
}

/* One tile: TILE_ROWS rows from @tile_row × TILE_WIDTH pixels from
 * @tile_column (the first row tile also covers the axis' band, the last
 * one down to @height). */
static GskRenderNode *
record_tile (BsRolloutTimeline *self,
             const Paint       *paint,
             guint              tile_row,
             guint              tile_column,
             int                width,
             int                height)
{
  g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
  guint n_rows = self->rows->len;
  guint r0 = tile_row * TILE_ROWS;
  guint r1 = MIN (r0 + TILE_ROWS, n_rows);
  double y0 = r0 == 0 ? AXIS_HEIGHT : row_y (r0);
  double y1 = r1 >= n_rows ? MAX (row_y (n_rows), (double) height) : row_y (r1);
  double x0 = (double) tile_column * TILE_WIDTH;
  double x1 = MIN (x0 + TILE_WIDTH, (double) width);
  cairo_t *cr;

  if (x1 <= x0 || y1 <= y0 || (r0 > 0 && r0 >= n_rows))
    return NULL;
  cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_clip (cr);
  draw_background (self, cr, paint, x0, y0, x1, y1);
  for (guint r = r0; r < r1; r++)
    {
      const Row *row = &g_array_index (self->rows, Row, r);
      const Group *group = g_ptr_array_index (self->groups, row->group);

      if (row->entry < 0)
        draw_department (self, cr, paint, group, row_y (r), x0, x1);
      else
        draw_task (self, cr, paint, g_ptr_array_index (group->entries, row->entry), row_y (r), x0, x1);
    }
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&sub));
}

/* The label column of the rows of one tile row, from x = 0: the names of
 * the departments and the tasks, on the view's background, with a line
 * at its right edge. It is always in sight, so its text is drawn once
 * into an image, which the render node paints (a recording of the text
 * would lay it out and draw it again every frame); only the tiles in
 * sight are kept. */
static GskRenderNode *
record_labels (BsRolloutTimeline *self,
               GtkWidget         *widget,
               const Paint       *paint,
               guint              tile_row,
               int                height)
{
  g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
  GdkRGBA bg = bs_drawing_lookup_color (widget, "view_bg_color", &grey);
  int scale = gtk_widget_get_scale_factor (widget);
  guint n_rows = self->rows->len;
  guint r0 = tile_row * TILE_ROWS;
  guint r1 = MIN (r0 + TILE_ROWS, n_rows);
  double y0 = r0 == 0 ? AXIS_HEIGHT : row_y (r0);
  double y1 = r1 >= n_rows ? MAX (row_y (n_rows), (double) height) : row_y (r1);
  double width = MARGIN + LABEL_WIDTH;
  cairo_surface_t *image;
  cairo_t *cr;

  if (y1 <= y0 || (r0 > 0 && r0 >= n_rows))
    return NULL;
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width * scale,
                                      (int) ceil ((y1 - y0) * scale));
  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  cairo_translate (cr, 0, -y0);
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_paint (cr);
  for (guint r = r0; r < r1; r++)
    {
      const Row *row = &g_array_index (self->rows, Row, r);
      const Group *group = g_ptr_array_index (self->groups, row->group);
      double y = row_y (r);
      g_autofree char *label = NULL;

      if (row->entry < 0)
        {
          set_fg (cr, &paint->fg, 0.04);
          cairo_rectangle (cr, 0, y, width, ROW_HEIGHT);
          cairo_fill (cr);
          label = g_strdup_printf ("%s %s (%u)", group->expanded ? "▾" : "▸", group->name,
                                   group->entries->len);
          set_fg (cr, &paint->fg, 0.95);
          draw_text (cr, paint->bold, label, MARGIN - 8, y + 2, LABEL_WIDTH);
        }
      else
        {
          const BsTask *task = bs_rollout_entry_get_task (g_ptr_array_index (group->entries, row->entry));

          label = g_strdup_printf ("%s  %s", task->code, task->deliverable);
          set_fg (cr, &paint->fg, 0.8);
          draw_text (cr, paint->small, label, MARGIN + 8, y + 3, LABEL_WIDTH - 16);
        }
    }
  set_fg (cr, &paint->fg, 0.15);
  cairo_rectangle (cr, width - 1, y0, 1, y1 - y0);
  cairo_fill (cr);
  cairo_destroy (cr);

  cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (0, (float) y0, (float) width, (float) (y1 - y0)));
  cairo_set_source_surface (cr, image, 0, y0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return gtk_snapshot_free_to_node (g_steal_pointer (&sub));
}

/* The names of the phases in sight, over the axis (whose top is at 0): a
 * phase that began further left keeps its name at the left, after the
 * label column. Each name is recorded once. */
static void
append_phase_names (BsRolloutTimeline     *self,
                    GtkSnapshot           *snapshot,
                    Paint                 *paint,
                    const graphene_rect_t *visible)
{
  double left = visible->origin.x + MARGIN + LABEL_WIDTH;
  double right = visible->origin.x + visible->size.width;

  for (guint i = 0; self->phases != NULL && i < self->phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (self->phases, i);
      GskRenderNode *name;
      double x0, x1;

      if (phase->start == BS_DATE_NONE || phase->end == BS_DATE_NONE)
        continue;
      x0 = MAX (day_x (self, phase->start), left);
      x1 = MIN (day_x (self, phase->end + 1), right);
      if (x1 <= x0)
        continue;
      if (self->phase_names->len <= i)
        g_ptr_array_set_size (self->phase_names, (int) self->phases->len);
      if ((name = g_ptr_array_index (self->phase_names, i)) == NULL)
        {
          g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
          GdkRGBA color;

          if (paint->small == NULL)
            init_paint (GTK_WIDGET (self), paint);
          color = paint->fg;
          color.alpha *= 0.7f;
          pango_layout_set_text (paint->small, phase->name, -1);
          pango_layout_set_width (paint->small, -1);
          gtk_snapshot_append_layout (sub, paint->small, &color);
          name = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
          g_ptr_array_index (self->phase_names, i) = name;
        }
      if (name == NULL)
        continue;
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT ((float) x0, 0, (float) (x1 - x0), AXIS_HEIGHT / 2));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x0 + 4, 2));
      gtk_snapshot_append_node (snapshot, name);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}

static void
bs_rollout_timeline_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t visible;
  Paint paint = { 0 };
  guint row_first, row_last, column_first, column_last;
  double axis_y;

  if (width <= 0 || height <= 0)
    return;
  visible = bs_visible_area_update (&self->area, GTK_WIDGET (self), width, height);
  row_first = (guint) MAX (0.0, (visible.origin.y - AXIS_HEIGHT) / ROW_HEIGHT) / TILE_ROWS;
  row_last = (guint) MAX (0.0, (visible.origin.y + visible.size.height - AXIS_HEIGHT) / ROW_HEIGHT) / TILE_ROWS;
  column_first = (guint) MAX (0.0, visible.origin.x) / TILE_WIDTH;
  column_last = (guint) MAX (0.0, visible.origin.x + visible.size.width) / TILE_WIDTH;

  /* The chart's tiles right of the label column, which covers the rest. */
  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (visible.origin.x + MARGIN + LABEL_WIDTH, visible.origin.y,
                                               MAX (0, visible.size.width - MARGIN - LABEL_WIDTH),
                                               visible.size.height));
  for (guint r = row_first; r <= row_last; r++)
    for (guint c = column_first; c <= column_last; c++)
      {
        gpointer key = GUINT_TO_POINTER ((r << 12) | c);
        GskRenderNode *tile = g_hash_table_lookup (self->tiles, key);

        if (tile == NULL && !g_hash_table_contains (self->tiles, key))
          {
            if (paint.small == NULL)
              init_paint (widget, &paint);
            tile = record_tile (self, &paint, r, c, width, height);
            g_hash_table_insert (self->tiles, key, tile);
          }
        if (tile != NULL)
          gtk_snapshot_append_node (snapshot, tile);
      }
  gtk_snapshot_pop (snapshot);

  /* The label column stays at the left of what is in sight. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (visible.origin.x, 0));
  for (guint r = row_first; r <= row_last; r++)
    {
      GskRenderNode *labels = g_hash_table_lookup (self->labels, GUINT_TO_POINTER (r));

      if (labels == NULL && !g_hash_table_contains (self->labels, GUINT_TO_POINTER (r)))
        {
          if (paint.small == NULL)
            init_paint (widget, &paint);
          labels = record_labels (self, widget, &paint, r, height);
          g_hash_table_insert (self->labels, GUINT_TO_POINTER (r), labels);
        }
      if (labels != NULL)
        gtk_snapshot_append_node (snapshot, labels);
    }
  gtk_snapshot_restore (snapshot);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->labels);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (GPOINTER_TO_UINT (key) + 1 < row_first || GPOINTER_TO_UINT (key) > row_last + 1)
        g_hash_table_iter_remove (&iter);
  }

  /* The axis stays at the top of what is in sight, over the rows. */
  if (self->axis == NULL)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      GdkRGBA bg = bs_drawing_lookup_color (widget, "view_bg_color", &grey);
      cairo_t *cr;

      if (paint.small == NULL)
        init_paint (widget, &paint);
      gtk_snapshot_append_color (sub, &bg, &GRAPHENE_RECT_INIT (0, 0, width, AXIS_HEIGHT));
      cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (0, 0, width, AXIS_HEIGHT));
      draw_axis (self, cr, &paint, width);
      cairo_destroy (cr);
      self->axis = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
    }
  axis_y = CLAMP (visible.origin.y, 0, MAX (0, height - AXIS_HEIGHT));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (float) axis_y));
  gtk_snapshot_append_node (snapshot, self->axis);
  /* Above the label column, the axis' corner stays empty. */
  {
    GdkRGBA bg = bs_drawing_lookup_color (widget, "view_bg_color", &grey);

    gtk_snapshot_append_color (snapshot, &bg,
                               &GRAPHENE_RECT_INIT (visible.origin.x, 0, MARGIN + LABEL_WIDTH, AXIS_HEIGHT));
  }
  append_phase_names (self, snapshot, &paint, &visible);
  gtk_snapshot_restore (snapshot);
  g_clear_object (&paint.small);
  g_clear_object (&paint.bold);

  /* The keyboard focus: around the focused department's row. */
  if (gtk_widget_has_visible_focus (widget) && self->focus_row >= 0 && (guint) self->focus_row < self->rows->len)
    {
      GdkRGBA accent = bs_drawing_lookup_color (widget, "accent_color", &grey);
      GskRoundedRect outline;
      const float border[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (2 + visible.origin.x, row_y (self->focus_row),
                                                            LABEL_WIDTH + MARGIN, ROW_HEIGHT),
                                       4);
      gtk_snapshot_append_border (snapshot, &outline, border, colors);
    }
}

/* After a zoom, once the viewport knows the new width: the day that was in
 * the middle is in the middle again. */
static gboolean
keep_zoom_day_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);

  if (self->zoom_day >= 0 && self->area.hadjustment != NULL)
    {
      double x = MARGIN + LABEL_WIDTH + (self->zoom_day - (double) self->first) * ppd (self);

      gtk_adjustment_set_value (self->area.hadjustment, x - gtk_adjustment_get_page_size (self->area.hadjustment) / 2);
    }
  self->zoom_day = -1;
  return G_SOURCE_REMOVE;
}

static void
bs_rollout_timeline_root (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (bs_rollout_timeline_parent_class)->root (widget);
  /* The viewport would scroll to the corner of this tall widget whenever
   * it takes the focus (a click on a department): it scrolls to the
   * focused department itself. */
  if (GTK_IS_VIEWPORT (parent))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (parent), FALSE);
}

static void
bs_rollout_timeline_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (widget);

  /* The tiles cover the allocation: a new size needs new recordings. */
  if (width != self->allocated_width || height != self->allocated_height)
    clear_cache (self);
  self->allocated_width = width;
  self->allocated_height = height;
  if (self->zoom_day >= 0 && self->area.hadjustment != NULL)
    gtk_widget_add_tick_callback (widget, keep_zoom_day_cb, NULL, NULL);
}

static void
bs_rollout_timeline_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_rollout_timeline_parent_class)->css_changed (widget, change);
  invalidate (BS_ROLLOUT_TIMELINE (widget));
}

static int
row_at (BsRolloutTimeline *self,
        double             y)
{
  int row;

  if (y < AXIS_HEIGHT)
    return -1;
  row = (int) ((y - AXIS_HEIGHT) / ROW_HEIGHT);
  return (guint) row < self->rows->len ? row : -1;
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
  int index = keyboard ? self->focus_row : row_at (self, y);
  g_autofree char *text = NULL;
  char first[BS_DATE_ISO_SIZE], due[BS_DATE_ISO_SIZE];
  const Row *row;
  const Group *group;

  if (index < 0)
    return FALSE;
  row = &g_array_index (self->rows, Row, index);
  group = g_ptr_array_index (self->groups, row->group);
  if (row->entry < 0)
    {
      g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks",
                                                             group->entries->len),
                                                group->entries->len);

      /* Translators: a department in the timeline's tooltip: name, “N tasks”, done, overdue, first start, last due date */
      text = g_strdup_printf (_("%s · %s\n%u done · %u overdue\n%s → %s"), group->name, tasks,
                              group->n_done, group->n_overdue,
                              bs_date_format (group->first, first), bs_date_format (group->last, due));
    }
  else
    {
      BsRolloutEntry *entry = g_ptr_array_index (group->entries, row->entry);
      const BsTask *task = bs_rollout_entry_get_task (entry);

      /* Translators: a task in the timeline's tooltip: code, department, deliverable, due date, state */
      text = g_strdup_printf (_("%s · %s\n%s\nDue %s · %s"), task->code,
                              bs_rollout_entry_get_department_name (entry), task->deliverable,
                              bs_date_format (task->due, due),
                              bs_task_timing_state_get_label (bs_rollout_entry_get_timing (entry).state));
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
toggle_row (BsRolloutTimeline *self,
            int                index)
{
  const Row *row;
  const Group *group;

  if (index < 0 || (guint) index >= self->rows->len)
    return;
  row = &g_array_index (self->rows, Row, index);
  if (row->entry >= 0)
    return;
  group = g_ptr_array_index (self->groups, row->group);
  self->focus_row = index;
  bs_rollout_timeline_set_expanded (self, group->name, !group->expanded);
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               gpointer         user_data)
{
  BsRolloutTimeline *self = user_data;
  int index = row_at (self, y);

  if (x - labels_x (self) > MARGIN + LABEL_WIDTH || index < 0 ||
      g_array_index (self->rows, Row, index).entry >= 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  toggle_row (self, index);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
zoom (BsRolloutTimeline *self,
      int                direction)
{
  int scale = (int) self->scale - direction;

  if (scale >= 0 && scale < BS_N_ROLLOUT_TIMELINE_SCALES)
    bs_rollout_timeline_set_scale (self, (BsRolloutTimelineScale) scale);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              gpointer                  user_data)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  zoom (user_data, dy < 0 ? 1 : -1);
  return TRUE;
}

static void
move_focus (BsRolloutTimeline *self,
            int                direction)
{
  for (int i = self->focus_row + direction; i >= 0 && (guint) i < self->rows->len; i += direction)
    if (g_array_index (self->rows, Row, i).entry < 0)
      {
        self->focus_row = i;
        if (self->area.vadjustment != NULL)
          gtk_adjustment_clamp_page (self->area.vadjustment, row_y (i) - AXIS_HEIGHT, row_y (i) + ROW_HEIGHT);
        gtk_widget_queue_draw (GTK_WIDGET (self));
        return;
      }
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   gpointer               user_data)
{
  BsRolloutTimeline *self = user_data;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      toggle_row (self, self->focus_row);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom (self, 1);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom (self, -1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_focus (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_focus (self, 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_items_changed_cb (BsRolloutTimeline *self)
{
  g_autofree char *label = NULL;
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  rebuild (self);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Timeline of %u task", "Timeline of %u tasks", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
bs_rollout_timeline_dispose (GObject *object)
{
  BsRolloutTimeline *self = BS_ROLLOUT_TIMELINE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->phases, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->phase_names, g_ptr_array_unref);
  g_clear_pointer (&self->axis, gsk_render_node_unref);
  bs_visible_area_clear (&self->area, GTK_WIDGET (self));

  G_OBJECT_CLASS (bs_rollout_timeline_parent_class)->dispose (object);
}

static void
bs_rollout_timeline_class_init (BsRolloutTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_rollout_timeline_dispose;
  widget_class->measure = bs_rollout_timeline_measure;
  widget_class->size_allocate = bs_rollout_timeline_size_allocate;
  widget_class->snapshot = bs_rollout_timeline_snapshot;
  widget_class->css_changed = bs_rollout_timeline_css_changed;
  widget_class->root = bs_rollout_timeline_root;
  gtk_widget_class_set_css_name (widget_class, "rollout-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
unref_node (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

static void
bs_rollout_timeline_init (BsRolloutTimeline *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *key = gtk_event_controller_key_new ();

  self->scale = BS_ROLLOUT_TIMELINE_SCALE_MONTH;
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->collapsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->focus_row = -1;
  self->zoom_day = -1;
  /* A tile with nothing to draw is kept as NULL. */
  self->tiles = g_hash_table_new_full (NULL, NULL, NULL, unref_node);
  self->labels = g_hash_table_new_full (NULL, NULL, NULL, unref_node);
  self->phase_names = g_ptr_array_new_with_free_func (unref_node);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  /* The labels' images are drawn for the display's scale. */
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (invalidate), NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
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
  rebuild (self);
}

void
bs_rollout_timeline_set_scale (BsRolloutTimeline      *self,
                               BsRolloutTimelineScale  scale)
{
  g_return_if_fail (BS_IS_ROLLOUT_TIMELINE (self));
  g_return_if_fail (scale < BS_N_ROLLOUT_TIMELINE_SCALES);

  if (self->scale == scale)
    return;
  if (self->area.hadjustment != NULL && gtk_adjustment_get_page_size (self->area.hadjustment) > 0)
    {
      double middle = gtk_adjustment_get_value (self->area.hadjustment) + gtk_adjustment_get_page_size (self->area.hadjustment) / 2;

      self->zoom_day = (double) self->first + (middle - MARGIN - LABEL_WIDTH) / ppd (self);
    }
  self->scale = scale;
  clear_cache (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

BsRolloutTimelineScale
bs_rollout_timeline_get_scale (BsRolloutTimeline *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_TIMELINE (self), BS_ROLLOUT_TIMELINE_SCALE_MONTH);

  return self->scale;
}

void
bs_rollout_timeline_set_expanded (BsRolloutTimeline *self,
                                  const char        *department_name,
                                  gboolean           expanded)
{
  g_return_if_fail (BS_IS_ROLLOUT_TIMELINE (self));
  g_return_if_fail (department_name != NULL);

  if (expanded)
    g_hash_table_remove (self->collapsed, department_name);
  else
    g_hash_table_add (self->collapsed, g_strdup (department_name));
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      if (g_strcmp0 (group->name, department_name) == 0 && group->expanded != expanded)
        {
          group->expanded = expanded;
          update_rows (self);
          return;
        }
    }
}

gboolean
bs_rollout_timeline_get_expanded (BsRolloutTimeline *self,
                                  const char        *department_name)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_TIMELINE (self), FALSE);
  g_return_val_if_fail (department_name != NULL, FALSE);

  return !g_hash_table_contains (self->collapsed, department_name);
}

guint
bs_rollout_timeline_get_n_rows (BsRolloutTimeline *self)
{
  g_return_val_if_fail (BS_IS_ROLLOUT_TIMELINE (self), 0);

  return self->rows->len;
}
