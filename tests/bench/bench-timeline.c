/* bench-timeline.c: the rollout timeline drawing 100 departments × 50 tasks
 *
 * Builds in memory the rollout entries of 100 departments of 50 tasks each
 * (5,000 tasks over a year, in four phases, on 2026-06-15) and, as the
 * reference in the same run, 5 departments of 10 tasks. For each, a
 * BsRolloutTimeline in a GtkScrolledWindow (as the Rollout view hosts it)
 * in a 1280 × 800 window, at the scale of weeks (the widest):
 *
 *   - the time from setting the data to the first frame drawn with it
 *     (target ≤ 100 ms);
 *   - 100 frames scrolling horizontally, then 100 scrolling vertically
 *     (the scrolled window's adjustments moved on every tick of the frame
 *     clock, back and forth).
 *
 * For the frames it prints the interval between "after-paint" signals of
 * the frame clock (the clock paces at 60 Hz, so 16.7 ms is the best there
 * is), the time of the paint phase itself ("before-paint" to
 * "after-paint") and the time spent in the timeline's snapshot function,
 * as median and worst, with the ratio to the reference (target: median
 * paint ≤ 16 ms). Under Xvfb there is no GPU: GSK_RENDERER is cairo unless
 * the caller sets it.
 *
 * A benchmark, not a test: it fails only when something breaks, never
 * because it is slow. Needs a display (xvfb-run) and exits 77 without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#define BENCH_NAME "bench-timeline"

#include "bench-frames.h"
#include "bs-rollout-entry.h"
#include "bs-rollout-timeline.h"

#define N_FRAMES 100
#define FIRST_FRAME_TARGET_MS 100.0
#define FRAME_TARGET_MS 16.0

typedef enum
{
  PHASE_IDLE,
  PHASE_HORIZONTAL,
  PHASE_VERTICAL,
} Phase;

typedef struct
{
  guint n_departments;
  guint n_tasks;
  guint n_rows;
  int width;
  int height;
  double to_frame;
  FrameFigures horizontal;
  FrameFigures vertical;
} Figures;

static G_NORETURN void
die (const char *what)
{
  g_printerr ("bench-timeline: %s\n", what);
  exit (1);
}

/* @n_departments × @n_tasks entries: each department's tasks one after
 * another over a year from 2026-01-05, some accepted, some overdue. */
static GListStore *
make_entries (guint  n_departments,
              guint  n_tasks,
              BsDate today)
{
  GListStore *store = g_list_store_new (BS_TYPE_ROLLOUT_ENTRY);
  BsDate origin = bs_date_new (2026, 1, 5);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  guint code = 0;

  for (guint d = 0; d < n_departments; d++)
    {
      g_autofree char *department = g_strdup_printf ("Department %03u", d + 1);

      for (guint t = 0; t < n_tasks; t++)
        {
          BsDate due = origin + (BsDate) ((t * 7 + d * 3) % 360) + 14;
          BsTask *task = bs_task_new (1 + t % 4, d + 1, "Deliverable of the benchmark", due);
          BsTaskTiming timing;

          g_free (task->code);
          task->code = g_strdup_printf ("T%05u", ++code);
          task->start = due - 10 - (t % 5) * 3;
          if (due < today && (t + d) % 3 != 0)
            {
              task->status = BS_TASK_STATUS_ACCEPTED;
              task->completed = due - 2 + (BsDate) ((t + d) % 5);
            }
          timing = bs_task_get_timing (task, today, 7);
          g_ptr_array_add (entries, bs_rollout_entry_new_task (task, department, "Theme", timing));
        }
    }
  g_list_store_splice (store, 0, 0, entries->pdata, entries->len);
  return store;
}

static GPtrArray *
make_phases (void)
{
  GPtrArray *phases = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_phase_free);

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("Batch %d", i + 1);
      BsPhase *phase = bs_phase_new ("", name);

      phase->position = i;
      phase->start = bs_date_new (2026, 1 + 3 * i, 1);
      phase->end = bs_date_new (2026, 3 + 3 * i, 28);
      g_ptr_array_add (phases, phase);
    }
  return phases;
}

/* Each tick scrolls one adjustment by a fraction of its page, back and
 * forth. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GtkAdjustment *adjustment = user_data;
  double step = gtk_adjustment_get_page_size (adjustment) / 7;
  double d = (rec.tick / 20) % 2 == 0 ? step : -step;

  if (rec.phase == PHASE_IDLE)
    return G_SOURCE_REMOVE;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + d);
  if (++rec.tick > N_FRAMES + 1)
    {
      rec.phase = PHASE_IDLE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
run_phase (GtkWidget     *widget,
           Phase          phase,
           GtkAdjustment *adjustment,
           FrameFigures  *out)
{
  g_array_set_size (rec.intervals, 0);
  g_array_set_size (rec.paints, 0);
  g_array_set_size (rec.snapshots, 0);
  rec.tick = 0;
  rec.phase = phase;
  gtk_widget_add_tick_callback (widget, scroll_tick_cb, adjustment, NULL);
  wait_until (phase_done, NULL, "the frames");
  median_and_worst (rec.intervals, &out->interval_median, &out->interval_worst);
  median_and_worst (rec.paints, &out->paint_median, &out->paint_worst);
  median_and_worst (rec.snapshots, &out->snapshot_median, &out->snapshot_worst);
}

static void
measure (guint    n_departments,
         guint    n_tasks,
         Figures *figures)
{
  BsDate today = bs_date_new (2026, 6, 15);
  g_autoptr(GListStore) store = make_entries (n_departments, n_tasks, today);
  g_autoptr(GPtrArray) phases = make_phases ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *timeline = g_object_new (BS_TYPE_ROLLOUT_TIMELINE, NULL);
  GdkFrameClock *clock;
  double start;
  guint painted;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), timeline);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  bs_rollout_timeline_set_scale (BS_ROLLOUT_TIMELINE (timeline), BS_ROLLOUT_TIMELINE_SCALE_WEEK);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_mapped, timeline, "the window");

  clock = gtk_widget_get_frame_clock (timeline);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  /* Data → first frame with it. */
  start = now_ms ();
  bs_rollout_timeline_set_phases (BS_ROLLOUT_TIMELINE (timeline), phases, today);
  bs_rollout_timeline_set_model (BS_ROLLOUT_TIMELINE (timeline), G_LIST_MODEL (store));
  painted = rec.n_after_paints;
  wait_until (painted_since, GUINT_TO_POINTER (painted), "the first frame");
  figures->to_frame = now_ms () - start;

  figures->n_departments = n_departments;
  figures->n_tasks = n_departments * n_tasks;
  figures->n_rows = bs_rollout_timeline_get_n_rows (BS_ROLLOUT_TIMELINE (timeline));
  figures->width = gtk_widget_get_width (timeline);
  figures->height = gtk_widget_get_height (timeline);
  if (figures->n_rows != n_departments * (n_tasks + 1))
    die ("the timeline does not show every department and task expanded");

  run_phase (timeline, PHASE_HORIZONTAL,
             gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled)), &figures->horizontal);
  run_phase (timeline, PHASE_VERTICAL,
             gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), &figures->vertical);

  /* Collapsing a department must take its tasks away. */
  bs_rollout_timeline_set_expanded (BS_ROLLOUT_TIMELINE (timeline), "Department 001", FALSE);
  if (bs_rollout_timeline_get_n_rows (BS_ROLLOUT_TIMELINE (timeline)) != figures->n_rows - n_tasks)
    die ("collapsing a department does not hide its tasks");

  g_signal_handlers_disconnect_by_func (clock, on_before_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
print_frames (const char         *what,
              const FrameFigures *big,
              const FrameFigures *small)
{
  g_print ("%s, %d frames:\n", what, N_FRAMES);
  g_print ("  frame interval    median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms; ratio %.2f\n",
           big->interval_median, big->interval_worst, small->interval_median, small->interval_worst,
           big->interval_median / MAX (small->interval_median, 0.01));
  g_print ("  paint phase       median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms; ratio %.2f\n",
           big->paint_median, big->paint_worst, small->paint_median, small->paint_worst,
           big->paint_median / MAX (small->paint_median, 0.01));
  g_print ("  timeline snapshot median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms (%s)\n",
           big->snapshot_median, big->snapshot_worst, small->snapshot_median, small->snapshot_worst,
           "new tiles recorded as they come into sight");
  g_print ("  median paint ≤ %.0f ms: %s; worst paint ≤ %.0f ms: %s\n",
           FRAME_TARGET_MS, big->paint_median <= FRAME_TARGET_MS ? "met" : "NOT met",
           FRAME_TARGET_MS, big->paint_worst <= FRAME_TARGET_MS ? "met" : "NOT met");
}

int
main (int    argc,
      char **argv)
{
  GtkWidgetClass *timeline_class;
  Figures big = { 0 }, small = { 0 };

  setlocale (LC_ALL, "");
  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-timeline: SKIP: no display (run under xvfb-run)\n");
      return 77;
    }
  if (!gtk_init_check ())
    {
      g_print ("bench-timeline: SKIP: cannot open the display\n");
      return 77;
    }

  rec.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  rec.paints = g_array_new (FALSE, FALSE, sizeof (double));
  rec.snapshots = g_array_new (FALSE, FALSE, sizeof (double));
  timeline_class = g_type_class_ref (BS_TYPE_ROLLOUT_TIMELINE);
  original_snapshot = timeline_class->snapshot;
  timeline_class->snapshot = timed_snapshot;

  measure (5, 10, &small);  /* also warms up GTK */
  measure (5, 10, &small);
  measure (100, 50, &big);

  g_type_class_unref (timeline_class);

  g_print ("\nRollout timeline (renderer %s, window 1280 × 800, scale of weeks): %u departments, %u tasks, "
           "%u rows, %d × %d px;\nreference: %u departments, %u tasks, %u rows, %d × %d px, same run\n",
           g_getenv ("GSK_RENDERER"), big.n_departments, big.n_tasks, big.n_rows, big.width, big.height,
           small.n_departments, small.n_tasks, small.n_rows, small.width, small.height);
  g_print ("data set → first frame drawn: %8.1f ms; reference %7.1f ms; ratio %.1f; ≤ %.0f ms: %s\n",
           big.to_frame, small.to_frame, big.to_frame / MAX (small.to_frame, 0.01),
           FIRST_FRAME_TARGET_MS, big.to_frame <= FIRST_FRAME_TARGET_MS ? "met" : "NOT met");
  print_frames ("Scrolling horizontally (1/7 of a page every frame)", &big.horizontal, &small.horizontal);
  print_frames ("Scrolling vertically (1/7 of a page every frame)", &big.vertical, &small.vertical);

  g_array_unref (rec.intervals);
  g_array_unref (rec.paints);
  g_array_unref (rec.snapshots);
  return 0;
}
