/* bench-layout.c: a theme's flow laid out by graphviz, off the main thread
 *
 * For generated themes of 50, 200 and 1,000 items (random prerequisite DAGs
 * with node sizes like the canvas's, grouped by department), times a
 * BsFlowLayouter request until its geometry arrives, and in the same run
 * the graphviz program on the same graph exported as DOT (`dot -Tsvg`), with
 * the ratio between the two (target ≤ 1.2×; 1,000 items within 10 s). While
 * the layout runs, a 1 ms timeout on the main loop measures the longest
 * stall (target ≤ 50 ms). A benchmark, not a test: it fails only when
 * something breaks, never because it is slow.
 *
 * Usage: bench-layout [PATH-OF-DOT]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bs-flow-layout.h"

#define RATIO_TARGET 1.2
#define STALL_TARGET_MS 50.0
#define LARGE_TARGET_MS 10000.0

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

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* splitmix64: the same themes on every machine. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/* A theme of @n items over @n_departments departments (0: not grouped):
 * item i needs 0 to @max_deps - 1 of the @span items before it; a node
 * shows a name, a department and a badge (140–260 × 56–72 points on the
 * canvas). */
static BsFlowGraph *
generate_theme (guint n,
                guint n_departments,
                guint max_deps,
                guint span)
{
  BsFlowGraph *graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT,
                                          n_departments > 0 ? BS_FLOW_GROUPING_DEPARTMENT
                                                            : BS_FLOW_GROUPING_NONE);
  guint64 state = n;

  bs_flow_graph_set_title (graph, "开餐馆");
  for (guint d = 1; d <= n_departments; d++)
    {
      g_autofree char *label = g_strdup_printf ("区市场监督管理局 %u", d);

      bs_flow_graph_add_group (graph, d, label, 120, 18);
    }
  for (guint i = 1; i <= n; i++)
    {
      guint n_deps = i == 1 ? 0 : next_random (&state) % max_deps;
      guint department = 1 + next_random (&state) % MAX (n_departments, 1);
      g_autofree char *name = g_strdup_printf ("食品经营许可证核发（第 %u 项）", i);
      g_autofree char *department_name = g_strdup_printf ("区市场监督管理局 %u", department);
      g_autofree char *code = g_strdup_printf ("1101%06u", i);
      const char *lines[] = { name, department_name, "20 个工作日", NULL };

      bs_flow_graph_add_node (graph, i, 140 + next_random (&state) % 120,
                              56 + next_random (&state) % 16, department);
      bs_flow_graph_set_node_text (graph, i, code, lines);
      for (guint k = 0; k < n_deps; k++)
        bs_flow_graph_add_edge (graph, i - 1 - next_random (&state) % MIN (i - 1, span), i);
    }
  return graph;
}

typedef struct
{
  GMainLoop *loop;
  double last_tick;
  double max_gap;
  double finished_at;
  gboolean done;
  gboolean failed;
} Run;

static gboolean
on_tick (gpointer user_data)
{
  Run *run = user_data;
  double now = now_ms ();

  run->max_gap = MAX (run->max_gap, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_finished (BsFlowLayouter       *layouter,
             guint64               generation,
             const BsFlowGeometry *geometry,
             const GError         *error,
             Run                  *run)
{
  run->finished_at = now_ms ();
  run->done = TRUE;
  if (error != NULL)
    {
      g_printerr ("bench-layout: %s\n", error->message);
      run->failed = TRUE;
    }
  g_main_loop_quit (run->loop);
}

/* One request on a running main loop: request → geometry in ms, and the
 * longest gap between two ticks of a 1 ms timeout meanwhile. */
static gboolean
time_request (BsFlowLayouter *layouter,
              BsFlowGraph    *graph,
              double         *out_ms,
              double         *out_stall_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, 0, 0, 0, FALSE, FALSE };
  gulong handler;
  guint tick;
  double start;

  handler = g_signal_connect (layouter, "finished", G_CALLBACK (on_finished), &run);
  tick = g_timeout_add (1, on_tick, &run);
  run.last_tick = start = now_ms ();
  bs_flow_layouter_request (layouter, graph);
  g_main_loop_run (loop);
  /* The gap that ends with the delivery counts too. */
  on_tick (&run);
  g_source_remove (tick);
  g_signal_handler_disconnect (layouter, handler);

  *out_ms = run.finished_at - start;
  *out_stall_ms = run.max_gap;
  return run.done && !run.failed;
}

/* `dot -Tsvg FILE`, wall time in ms, or < 0 when it failed. */
static double
time_dot_program (const char *dot_program,
                  const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { dot_program, "-Tsvg", "-o", "/dev/null", path, NULL };
  int status;
  double start = now_ms ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-layout: %s -Tsvg failed: %s\n%s", dot_program, error->message,
                  err != NULL ? err : "");
      return -1;
    }
  return now_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  /* Themes have 0–3 prerequisites per item, among the 30 items before
   * it; the last is a worst case without a target: up to 7, from anywhere
   * in the flow, without departments to keep edges apart (dot's
   * x-coordinate pass then dominates, and its cost grows with node size:
   * the canvas's nodes are larger than those graphviz sizes by text). */
  static const struct
  {
    guint items;
    guint departments;
    guint max_deps;
    guint span;
    guint runs;
    gboolean worst_case;
  } sizes[] = {
    { 50, 6, 4, 30, 9, FALSE },
    { 200, 15, 4, 30, 7, FALSE },
    { 1000, 40, 4, 30, 3, FALSE },
    { 1000, 0, 8, 1000, 1, TRUE },
  };
  g_autofree char *dot_program = NULL;
  g_autoptr(BsFlowLayouter) layouter = NULL;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");

  dot_program = argc > 1 ? g_strdup (argv[1]) : g_find_program_in_path ("dot");
  if (dot_program != NULL && !g_file_test (dot_program, G_FILE_TEST_IS_EXECUTABLE))
    g_clear_pointer (&dot_program, g_free);
  if (dot_program == NULL)
    g_print ("# the graphviz program dot is not installed: no reference figures\n");

  layouter = bs_flow_layouter_new ();

  g_print ("# theme flow layout: request → geometry (BsFlowLayouter, dot in a worker thread)\n");
  g_print ("# reference: `dot -Tsvg` on the same flow exported as DOT (a process: parse, lay out, draw)\n");
  g_print ("# median of N runs; ratio = layout / dot -Tsvg, target ≤ %.1f×;"
           " stall = longest main-loop gap, target ≤ %.0f ms\n", RATIO_TARGET, STALL_TARGET_MS);

  /* Load graphviz's plugins once, as an application does at its first
   * layout, so that the figures are those of every later layout. */
  {
    g_autoptr(BsFlowGraph) warm = generate_theme (10, 2, 4, 30);
    double ms, stall;

    ok &= time_request (layouter, warm, &ms, &stall);
    g_print ("# first layout of the process (plugin loading): %.1f ms\n", ms);
  }

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(BsFlowGraph) graph = NULL;
      g_autoptr(GBytes) dot = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dot_path = NULL;
      g_autofree double *layout_ms = g_new0 (double, sizes[s].runs);
      g_autofree double *dot_ms = g_new0 (double, sizes[s].runs);
      double build_start = now_ms ();
      double build_ms, stall_ms = 0, layout_median, dot_median = -1;
      gboolean bounded;
      int fd;

      graph = generate_theme (sizes[s].items, sizes[s].departments, sizes[s].max_deps,
                              sizes[s].span);
      build_ms = now_ms () - build_start;

      for (guint r = 0; r < sizes[s].runs; r++)
        {
          double stall;

          ok &= time_request (layouter, graph, &layout_ms[r], &stall);
          stall_ms = MAX (stall_ms, stall);
        }
      layout_median = median (layout_ms, sizes[s].runs);
      bounded = bs_flow_layouter_get_geometry (layouter)->bounded;

      if (dot_program != NULL)
        {
          if (!(dot = bs_flow_render (graph, "dot", &error)) ||
              (fd = g_file_open_tmp ("bench-layout-XXXXXX.dot", &dot_path, &error)) < 0)
            {
              g_printerr ("bench-layout: %s\n", error->message);
              return EXIT_FAILURE;
            }
          close (fd);
          if (!g_file_set_contents (dot_path, g_bytes_get_data (dot, NULL),
                                    g_bytes_get_size (dot), &error))
            {
              g_printerr ("bench-layout: %s\n", error->message);
              return EXIT_FAILURE;
            }
          for (guint r = 0; r < sizes[s].runs; r++)
            if ((dot_ms[r] = time_dot_program (dot_program, dot_path)) < 0)
              ok = FALSE;
          g_unlink (dot_path);
          dot_median = median (dot_ms, sizes[s].runs);
        }

      g_print ("%5u items, %4u edges, %2u departments%s%s (N=%u): graph built in %.1f ms\n",
               sizes[s].items, bs_flow_graph_get_n_edges (graph), sizes[s].departments,
               sizes[s].worst_case ? ", edges across the whole flow (worst case)" : "",
               bounded ? ", bounded effort" : "", sizes[s].runs, build_ms);
      if (dot_median > 0 && sizes[s].worst_case)
        g_print ("      layout %8.1f ms   dot -Tsvg %8.1f ms   ratio %.2f× (no target)\n",
                 layout_median, dot_median, layout_median / dot_median);
      else if (dot_median > 0)
        g_print ("      layout %8.1f ms   dot -Tsvg %8.1f ms   ratio %.2f× (target ≤ %.1f×)%s\n",
                 layout_median, dot_median, layout_median / dot_median, RATIO_TARGET,
                 layout_median / dot_median <= RATIO_TARGET ? "" : "  OVER TARGET");
      else
        g_print ("      layout %8.1f ms\n", layout_median);
      g_print ("      longest main-loop stall %.1f ms (target ≤ %.0f ms)%s\n",
               stall_ms, STALL_TARGET_MS, stall_ms <= STALL_TARGET_MS ? "" : "  OVER TARGET");
      if (sizes[s].items >= 1000 && layout_median > LARGE_TARGET_MS)
        g_print ("      OVER TARGET: 1,000 items must lay out within %.0f s\n", LARGE_TARGET_MS / 1000);
    }

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
