/* bench-frames.h: what the GUI benchmarks record of each frame
 *
 * The frame clock's paint phases, the interval between frames and the time
 * spent in the measured widget's snapshot, while a bench's phase is not 0.
 * Included once by each GUI benchmark, which defines BENCH_NAME (for
 * messages) first, and sets original_snapshot to its
 * widget class's snapshot before putting timed_snapshot in its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>

#include <gtk/gtk.h>

/* How long wait_until() waits before it gives up. */
#define WAIT_TIMEOUT_MS 120000.0

typedef struct
{
  double interval_median;
  double interval_worst;
  double paint_median;
  double paint_worst;
  double snapshot_median;
  double snapshot_worst;
} FrameFigures;

static struct
{
  int phase;                 /* 0: not recording (each bench's PHASE_IDLE) */
  guint tick;
  double before_paint;
  double last_after_paint;
  GArray *intervals;
  GArray *paints;
  GArray *snapshots;
  guint n_after_paints;
} rec;

static void (*original_snapshot) (GtkWidget *, GtkSnapshot *);

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
median_and_worst (GArray *values,
                  double *median,
                  double *worst)
{
  guint n = values->len;
  double *v = (double *) values->data;

  *median = *worst = 0;
  if (n == 0)
    return;
  qsort (v, n, sizeof (double), compare_doubles);
  *median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  *worst = v[n - 1];
}

static void
timed_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  double start = now_ms ();

  original_snapshot (widget, snapshot);
  if (rec.phase != 0)
    {
      double spent = now_ms () - start;

      g_array_append_val (rec.snapshots, spent);
    }
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    gpointer       user_data)
{
  rec.before_paint = now_ms ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  double now = now_ms ();

  rec.n_after_paints++;
  if (rec.phase != 0 && rec.tick > 1)
    {
      double interval = now - rec.last_after_paint;
      double paint = now - rec.before_paint;

      g_array_append_val (rec.intervals, interval);
      g_array_append_val (rec.paints, paint);
    }
  rec.last_after_paint = now;
}

static void
wait_until (gboolean   (*done) (gpointer),
            gpointer     data,
            const char  *what)
{
  double end = now_ms () + WAIT_TIMEOUT_MS;

  while (!done (data))
    {
      if (now_ms () > end)
        {
          g_printerr ("%s: timed out waiting for %s\n", BENCH_NAME, what);
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
painted_since (gpointer data)
{
  return rec.n_after_paints > GPOINTER_TO_UINT (data);
}

static gboolean
phase_done (gpointer data)
{
  return rec.phase == 0;
}
