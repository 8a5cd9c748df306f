/* bench-canvas.c: the flow canvas drawing a 200-item theme
 *
 * Generates the benchmark catalogue (20,000 items, 100 departments, 2,000
 * themes, seed 1) in memory, takes its largest theme (200 items) and, as the
 * reference in the same run, the theme closest to 9 items (the size of the
 * demo's 开餐馆). For each, a BsFlowCanvas in a 1280 × 800 window:
 *
 *   - the time from the request (setting the theme) to the geometry
 *     delivered by the layouter, and to the first frame drawn with it;
 *   - 100 frames zooming and panning (zoom in and out, scroll), changed on
 *     every tick of the frame clock;
 *   - 100 frames with the hover moving from node to node (the motion
 *     controller's handler, as the pointer would call it).
 *
 * For the frames it prints the interval between "after-paint" signals of
 * the frame clock (the frame rate the user sees; the clock paces at 60 Hz,
 * so 16.7 ms is the best there is), the time of the paint phase itself
 * (snapshot and rendering, "before-paint" to "after-paint") and the time
 * spent in the canvas's snapshot function, as median and worst, with the
 * ratio to the reference. Smooth means a median frame interval ≤ 16.7 ms
 * (with 0.5 ms for timer jitter) and a median paint ≤ 16.7 ms. Under Xvfb
 * there is no GPU: GSK_RENDERER is cairo unless the caller sets it.
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

#define BENCH_NAME "bench-canvas"

#include "bench-frames.h"
#include "bs-flow-canvas.h"
#include "bs-generate.h"
#include "bs-theme-flow.h"

#define N_FRAMES 100
#define FRAME_TARGET_MS 16.7
#define JITTER_MS 0.5

typedef enum
{
  PHASE_IDLE,
  PHASE_ZOOM_PAN,
  PHASE_HOVER,
} Phase;

typedef struct
{
  guint n_items;
  guint n_edges;
  double to_geometry;
  double to_frame;
  FrameFigures zoom_pan;
  FrameFigures hover;
} Figures;

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-canvas: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static gboolean
has_geometry (gpointer data)
{
  return bs_flow_canvas_get_geometry (data) != NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;  /* owned by the widget */
    }
  return NULL;
}

/* Each tick changes the view: zoom in for 5 ticks, out for 5, and scroll
 * (pan) a little every tick, back and forth. */
static gboolean
zoom_pan_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkEventController *scroll = user_data;
  gboolean handled = FALSE;
  double d = (rec.tick / 10) % 2 == 0 ? 0.5 : -0.5;

  if (rec.phase != PHASE_ZOOM_PAN)
    return G_SOURCE_REMOVE;
  if ((rec.tick / 5) % 2 == 0)
    bs_flow_canvas_zoom_in (BS_FLOW_CANVAS (widget));
  else
    bs_flow_canvas_zoom_out (BS_FLOW_CANVAS (widget));
  g_signal_emit_by_name (scroll, "scroll", d, d / 2, &handled);
  if (++rec.tick > N_FRAMES + 1)
    {
      rec.phase = PHASE_IDLE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Each tick moves the pointer to the centre of the next node (the view is
 * fitted: the graph is centred at the zoom the canvas reports). */
static gboolean
hover_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  GtkEventController *motion = user_data;
  const BsFlowGeometry *geometry = bs_flow_canvas_get_geometry (BS_FLOW_CANVAS (widget));
  const BsFlowNodeBox *n;
  double zoom = bs_flow_canvas_get_zoom (BS_FLOW_CANVAS (widget));
  double x, y;

  if (rec.phase != PHASE_HOVER)
    return G_SOURCE_REMOVE;
  n = &g_array_index (geometry->nodes, BsFlowNodeBox, rec.tick % geometry->nodes->len);
  x = gtk_widget_get_width (widget) / 2.0 + (n->box.x + n->box.width / 2 - geometry->width / 2) * zoom;
  y = gtk_widget_get_height (widget) / 2.0 + (n->box.y + n->box.height / 2 - geometry->height / 2) * zoom;
  g_signal_emit_by_name (motion, "motion", x, y);
  if (++rec.tick > N_FRAMES + 1)
    {
      rec.phase = PHASE_IDLE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
run_phase (GtkWidget          *canvas,
           Phase               phase,
           GtkTickCallback     callback,
           GtkEventController *controller,
           FrameFigures       *out)
{
  g_array_set_size (rec.intervals, 0);
  g_array_set_size (rec.paints, 0);
  g_array_set_size (rec.snapshots, 0);
  rec.tick = 0;
  rec.phase = phase;
  gtk_widget_add_tick_callback (canvas, callback, controller, NULL);
  wait_until (phase_done, NULL, "the frames");
  median_and_worst (rec.intervals, &out->interval_median, &out->interval_worst);
  median_and_worst (rec.paints, &out->paint_median, &out->paint_worst);
  median_and_worst (rec.snapshots, &out->snapshot_median, &out->snapshot_worst);
}

static void
measure_theme (BsCatalogue *catalogue,
               gint64       theme_id,
               Figures     *figures)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = bs_flow_canvas_new ();
  GdkFrameClock *clock;
  BsFlowAnalysis *analysis;
  double start;
  guint painted;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  bs_flow_canvas_set_catalogue (BS_FLOW_CANVAS (canvas), catalogue);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_mapped, canvas, "the window");

  clock = gtk_widget_get_frame_clock (canvas);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  /* Request → geometry → first frame with it. */
  start = now_ms ();
  bs_flow_canvas_set_theme_id (BS_FLOW_CANVAS (canvas), theme_id);
  wait_until (has_geometry, canvas, "the layout");
  figures->to_geometry = now_ms () - start;
  painted = rec.n_after_paints;
  wait_until (painted_since, GUINT_TO_POINTER (painted), "the first frame");
  figures->to_frame = now_ms () - start;

  analysis = bs_flow_canvas_get_analysis (BS_FLOW_CANVAS (canvas));
  figures->n_items = bs_flow_analysis_get_summary (analysis)->n_items;
  figures->n_edges = bs_flow_analysis_get_summary (analysis)->n_edges;

  run_phase (canvas, PHASE_ZOOM_PAN, zoom_pan_tick_cb,
             find_controller (canvas, GTK_TYPE_EVENT_CONTROLLER_SCROLL), &figures->zoom_pan);

  bs_flow_canvas_zoom_fit (BS_FLOW_CANVAS (canvas));
  run_phase (canvas, PHASE_HOVER, hover_tick_cb,
             find_controller (canvas, GTK_TYPE_EVENT_CONTROLLER_MOTION), &figures->hover);

  g_signal_handlers_disconnect_by_func (clock, on_before_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
frames_smooth (const FrameFigures *f)
{
  return f->interval_median <= FRAME_TARGET_MS + JITTER_MS && f->paint_median <= FRAME_TARGET_MS;
}

static void
print_frames (const char         *what,
              const FrameFigures *big,
              const FrameFigures *small)
{
  g_print ("%s, %d frames:\n", what, N_FRAMES);
  g_print ("  frame interval  median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms; ratio %.2f\n",
           big->interval_median, big->interval_worst, small->interval_median, small->interval_worst,
           big->interval_median / MAX (small->interval_median, 0.01));
  g_print ("  paint phase     median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms; ratio %.2f\n",
           big->paint_median, big->paint_worst, small->paint_median, small->paint_worst,
           big->paint_median / MAX (small->paint_median, 0.01));
  g_print ("  canvas snapshot median %6.2f ms, worst %6.2f ms; reference %6.2f / %6.2f ms; ratio %.2f\n",
           big->snapshot_median, big->snapshot_worst, small->snapshot_median, small->snapshot_worst,
           big->snapshot_median / MAX (small->snapshot_median, 0.01));
  g_print ("  smooth (median interval ≤ %.1f ms and median paint ≤ %.1f ms): %s\n",
           FRAME_TARGET_MS, FRAME_TARGET_MS, frames_smooth (big) ? "met" : "NOT met");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GError) error = NULL;
  BsGenerateOptions options = { 20000, 100, 2000, 1 };
  GtkWidgetClass *canvas_class;
  gint64 big_id = 0, small_id = 0;
  guint big_n = 0, small_n = 0;
  Figures big = { 0 }, small = { 0 };
  double start;

  setlocale (LC_ALL, "");
  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-canvas: SKIP: no display (run under xvfb-run)\n");
      return 77;
    }
  if (!gtk_init_check ())
    {
      g_print ("bench-canvas: SKIP: cannot open the display\n");
      return 77;
    }

  start = now_ms ();
  catalogue = bs_catalogue_new_in_memory (&error);
  if (catalogue == NULL || !bs_catalogue_generate (catalogue, &options, &error))
    die ("generate the catalogue", error);
  g_print ("generated 20,000 items, 100 departments, 2,000 themes (seed 1) in %.0f ms\n",
           now_ms () - start);

  /* The largest theme, and the one closest to 9 items. */
  themes = bs_catalogue_list_themes (catalogue, 0, &error);
  if (themes == NULL)
    die ("list the themes", error);
  for (guint i = 0; i < themes->len; i++)
    {
      const BsTheme *theme = g_ptr_array_index (themes, i);
      g_autoptr(BsThemeFlow) flow = bs_theme_flow_new_from_catalogue (catalogue, theme->id, &error);
      guint n;

      if (flow == NULL)
        die ("load a theme", error);
      n = bs_theme_flow_get_n_nodes (flow);
      if (n > big_n)
        big_n = n, big_id = theme->id;
      if (small_id == 0 || abs ((int) n - 9) < abs ((int) small_n - 9))
        small_n = n, small_id = theme->id;
    }
  if (big_id == 0 || big_n < 2)
    die ("find a large theme", NULL);

  rec.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  rec.paints = g_array_new (FALSE, FALSE, sizeof (double));
  rec.snapshots = g_array_new (FALSE, FALSE, sizeof (double));
  canvas_class = g_type_class_ref (BS_TYPE_FLOW_CANVAS);
  original_snapshot = canvas_class->snapshot;
  canvas_class->snapshot = timed_snapshot;

  measure_theme (catalogue, small_id, &small);  /* also warms up GTK */
  measure_theme (catalogue, small_id, &small);
  measure_theme (catalogue, big_id, &big);

  g_type_class_unref (canvas_class);

  g_print ("\nFlow canvas (renderer %s, window 1280 × 800): a theme of %u items and %u prerequisites;\n"
           "reference: a theme of %u items and %u prerequisites, same run\n",
           g_getenv ("GSK_RENDERER"), big.n_items, big.n_edges, small.n_items, small.n_edges);
  g_print ("request → geometry delivered: %8.1f ms; reference %7.1f ms; ratio %.1f\n",
           big.to_geometry, small.to_geometry, big.to_geometry / MAX (small.to_geometry, 0.01));
  g_print ("request → first frame drawn:  %8.1f ms; reference %7.1f ms; ratio %.1f\n",
           big.to_frame, small.to_frame, big.to_frame / MAX (small.to_frame, 0.01));
  print_frames ("Zooming and panning (zoom in/out and scroll every frame)", &big.zoom_pan, &small.zoom_pan);
  print_frames ("Hover moving from node to node (every frame)", &big.hover, &small.hover);

  g_array_unref (rec.intervals);
  g_array_unref (rec.paints);
  g_array_unref (rec.snapshots);
  return 0;
}
