/* bs-flow-canvas.c: a theme's flow drawn as a graph
 *
 * The canvas loads the theme's flow from the catalogue, analyses it, measures
 * every node's text with Pango and hands the graph to a BsFlowLayouter; the
 * geometry that comes back is drawn with cairo (Bézier edges) inside a
 * GtkSnapshot. The drawing is cached as a render node and only redrawn when
 * the geometry or the selection changes; zoom and pan transform the cached
 * node. The hover highlight is a separate, small overlay (a veil plus the
 * few related nodes and edges drawn again over it), so moving the pointer
 * only rebuilds that overlay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bs-flow-canvas.h"
#include "bs-window.h"

#define NODE_PADDING 8.0
#define LINE_SPACING 2.0
#define NAME_WRAP_WIDTH 200.0
#define MIN_NODE_WIDTH 120.0
#define MIN_ZOOM 0.01
#define MAX_ZOOM 4.0
#define ZOOM_STEP 1.25
#define FIT_MARGIN 24.0
#define DRAG_THRESHOLD 4.0
#define CACHE_MARGIN 32.0   /* room for markers and halos outside the bounding box */

struct _BsFlowCanvas
{
  GtkWidget parent_instance;

  BsCatalogue *catalogue;
  gint64 theme_id;
  BsFlowDirection direction;
  BsFlowGrouping grouping;

  BsFlowAnalysis *analysis;
  /* Showing a given analysis (bs_flow_canvas_show_analysis()): no editing,
   * no problem markers, fitted to the width. */
  gboolean read_only;
  BsFlowLayouter *layouter;
  BsFlowGeometry *geometry;
  GHashTable *critical_edges;  /* "before:after" strings on a critical path */
  gboolean fit_pending;        /* fit the next geometry into view */
  gboolean fitted;             /* the view is fitted and not moved since: keep it fitted */

  PangoFontDescription *name_font;
  PangoFontDescription *text_font;
  PangoFontDescription *group_font;

  double zoom;
  double pan_x;                /* where the graph's (0, 0) is, in widget pixels */
  double pan_y;

  gint64 hover_id;
  gint64 selected_id;
  GArray *selected_items;      /* gint64: the selection (problems may select several) */
  GArray *selected_edges;      /* BsEdge */

  /* A drag: panning the view, or drawing a prerequisite from a node. */
  gint64 drag_from_id;
  double drag_start_x;
  double drag_start_y;
  double drag_x;
  double drag_y;
  double drag_pan_x;
  double drag_pan_y;
  gboolean dragging;

  GskRenderNode *cache;
  GskRenderNode *hover_cache;  /* the hover highlight, over the cache */

  /* Tests only (BANSHI_TEST_FLOW_NODES=FILE): where the nodes were last
   * drawn, so that a UI test can drag from one to another. */
  char *test_nodes_path;
  char *test_nodes_written;
};

G_DEFINE_FINAL_TYPE (BsFlowCanvas, bs_flow_canvas, GTK_TYPE_WIDGET)

enum {
  ANALYSIS_CHANGED,
  SELECTION_CHANGED,
  ITEM_ACTIVATED,
  EDGE_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Adwaita's palette, mid tones: readable as a tint in light and dark. */
static const GdkRGBA department_colours[] = {
  { 0.208, 0.518, 0.894, 1 },  /* blue 3 */
  { 0.180, 0.761, 0.494, 1 },  /* green 4 */
  { 0.961, 0.761, 0.067, 1 },  /* yellow 5 */
  { 1.000, 0.471, 0.000, 1 },  /* orange 3 */
  { 0.569, 0.255, 0.675, 1 },  /* purple 3 */
  { 0.596, 0.416, 0.267, 1 },  /* brown 3 */
  { 0.129, 0.682, 0.725, 1 },  /* teal */
  { 0.863, 0.541, 0.867, 1 },  /* purple 1 */
};

static const GdkRGBA error_colour = { 0.878, 0.106, 0.141, 1 };   /* red 3 */
static const GdkRGBA warning_colour = { 0.902, 0.584, 0.000, 1 }; /* yellow 6-ish */

static void
invalidate (BsFlowCanvas *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->hover_cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The hover changed: only the overlay is drawn again. */
static void
invalidate_hover (BsFlowCanvas *self)
{
  g_clear_pointer (&self->hover_cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const GdkRGBA *
colour_for_department (gint64 department_id)
{
  if (department_id <= 0)
    return NULL;
  return &department_colours[department_id % G_N_ELEMENTS (department_colours)];
}

/* ------------------------------------------------------------------ */
/* Text */

static PangoLayout *
create_layout (BsFlowCanvas               *self,
               const PangoFontDescription *font,
               const char                 *text,
               gboolean                    wrap)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_font_description (layout, font);
  if (wrap)
    {
      pango_layout_set_width (layout, (int) (NAME_WRAP_WIDTH * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  else
    {
      pango_layout_set_width (layout, (int) (NAME_WRAP_WIDTH * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

/* The same measure as the drawing: the name (bold, wrapped), then the other
 * lines (ellipsized). */
static void
measure_cb (gboolean            group_label,
            const char * const *lines,
            double             *width,
            double             *height,
            gpointer            user_data)
{
  BsFlowCanvas *self = user_data;
  double w = 0, h = 0;

  if (group_label)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), lines[0]);

      pango_layout_set_font_description (layout, self->group_font);
      layout_size (layout, &w, &h);
      *width = w + 2 * NODE_PADDING;
      *height = h + NODE_PADDING;
      return;
    }

  *width = 0;
  *height = NODE_PADDING;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      if (i > 0 && lines[i][0] == '\0')
        continue;
      layout = create_layout (self, i == 0 ? self->name_font : self->text_font, lines[i], i == 0);
      pango_layout_set_width (layout, -1);
      layout_size (layout, &w, &h);
      if (i == 0 && w > NAME_WRAP_WIDTH)
        {
          pango_layout_set_width (layout, (int) (NAME_WRAP_WIDTH * PANGO_SCALE));
          layout_size (layout, &w, &h);
          w = NAME_WRAP_WIDTH;
        }
      w = MIN (w, i == 0 ? NAME_WRAP_WIDTH : 1.3 * NAME_WRAP_WIDTH);
      *width = MAX (*width, w);
      *height += h + LINE_SPACING;
    }
  *width = ceil (MAX (*width + 2 * NODE_PADDING, MIN_NODE_WIDTH));
  *height = ceil (*height + NODE_PADDING);
}

/* ------------------------------------------------------------------ */
/* Loading */

static char *
edge_key (gint64 before_id,
          gint64 after_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, before_id, after_id);
}

static void
collect_critical_edges (BsFlowCanvas *self)
{
  g_hash_table_remove_all (self->critical_edges);
  if (self->analysis == NULL)
    return;
  for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
    {
      const BsFlowPath *path = bs_flow_analysis_get_critical_path (self->analysis, l);

      for (guint i = 1; path != NULL && path->item_ids != NULL && i < path->item_ids->len; i++)
        g_hash_table_add (self->critical_edges,
                          edge_key (g_array_index (path->item_ids, gint64, i - 1),
                                    g_array_index (path->item_ids, gint64, i)));
    }
}

BsFlowGraph *
bs_flow_canvas_build_graph (BsFlowCanvas *self,
                            const char   *title)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), NULL);

  if (self->analysis == NULL)
    return NULL;
  return bs_flow_graph_new_for_theme (self->analysis, title, self->direction,
                                      self->grouping, measure_cb, self);
}

static void
request_layout (BsFlowCanvas *self)
{
  g_autoptr(BsFlowGraph) graph = NULL;

  if (self->analysis == NULL || bs_theme_flow_get_n_nodes (bs_flow_analysis_get_flow (self->analysis)) == 0)
    return;
  graph = bs_flow_canvas_build_graph (self, NULL);
  if (graph != NULL)
    bs_flow_layouter_request (self->layouter, graph);
}

static gboolean
flow_has_item (BsFlowCanvas *self,
               gint64        item_id)
{
  return self->analysis != NULL &&
         bs_theme_flow_lookup_node (bs_flow_analysis_get_flow (self->analysis), item_id) != NULL;
}

static void update_accessible (BsFlowCanvas *self);

static void
load (BsFlowCanvas *self)
{
  g_autoptr(BsThemeFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->analysis, bs_flow_analysis_unref);
  if (self->catalogue != NULL && self->theme_id != 0)
    {
      flow = bs_theme_flow_new_from_catalogue (self->catalogue, self->theme_id, &error);
      if (flow == NULL)
        g_debug ("Could not load the flow of theme %" G_GINT64_FORMAT ": %s",
                 self->theme_id, error->message);
      else
        self->analysis = bs_theme_flow_analyse (flow);
    }
  collect_critical_edges (self);

  /* Keep what is still there selected. */
  for (guint i = self->selected_items->len; i > 0; i--)
    if (!flow_has_item (self, g_array_index (self->selected_items, gint64, i - 1)))
      g_array_remove_index (self->selected_items, i - 1);
  for (guint i = self->selected_edges->len; i > 0; i--)
    {
      const BsEdge *e = &g_array_index (self->selected_edges, BsEdge, i - 1);

      if (self->analysis == NULL ||
          !bs_theme_flow_has_edge (bs_flow_analysis_get_flow (self->analysis), e->before_id, e->after_id))
        g_array_remove_index (self->selected_edges, i - 1);
    }
  if (!flow_has_item (self, self->selected_id))
    self->selected_id = 0;
  if (!flow_has_item (self, self->hover_id))
    self->hover_id = 0;

  /* Nothing to lay out: an empty theme shows nothing. */
  if (self->analysis != NULL && bs_theme_flow_get_n_nodes (bs_flow_analysis_get_flow (self->analysis)) > 0)
    request_layout (self);
  else
    g_clear_pointer (&self->geometry, bs_flow_geometry_free);

  update_accessible (self);
  invalidate (self);
  g_signal_emit (self, signals[ANALYSIS_CHANGED], 0);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_catalogue_changed_cb (BsFlowCanvas *self,
                         BsChanges    *changes,
                         BsCatalogue  *catalogue)
{
  if (self->theme_id == 0)
    return;
  if (bs_changes_has_table (changes, BS_TABLE_THEME_ITEM) ||
      bs_changes_has_table (changes, BS_TABLE_THEME_EDGE) ||
      bs_changes_has_table (changes, BS_TABLE_ITEM) ||
      bs_changes_has_table (changes, BS_TABLE_DEPARTMENT) ||
      bs_changes_has_row (changes, BS_TABLE_THEME, self->theme_id))
    {
      /* Even when hidden: the analysis feeds the problems pane. */
      load (self);
    }
}

static void
on_layout_finished_cb (BsFlowCanvas         *self,
                       guint64               generation,
                       const BsFlowGeometry *geometry,
                       const GError         *error,
                       BsFlowLayouter       *layouter)
{
  if (geometry == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Lay Out the Flow"), error);
      return;
    }
  /* A layout asked for before the flow went empty (nothing newer was
   * asked for then): it is not this flow's. */
  if (self->analysis == NULL ||
      geometry->nodes->len != bs_theme_flow_get_n_nodes (bs_flow_analysis_get_flow (self->analysis)))
    return;
  g_clear_pointer (&self->geometry, bs_flow_geometry_free);
  self->geometry = bs_flow_geometry_copy (geometry);
  if (self->fit_pending && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      self->fit_pending = FALSE;
      bs_flow_canvas_zoom_fit (self);
    }
  invalidate (self);
}

/* ------------------------------------------------------------------ */
/* Geometry helpers */

static void
to_graph (BsFlowCanvas *self,
          double        x,
          double        y,
          double       *gx,
          double       *gy)
{
  *gx = (x - self->pan_x) / self->zoom;
  *gy = (y - self->pan_y) / self->zoom;
}

static gint64
node_at (BsFlowCanvas *self,
         double        x,
         double        y)
{
  double gx, gy;

  if (self->geometry == NULL)
    return 0;
  to_graph (self, x, y, &gx, &gy);
  for (guint i = self->geometry->nodes->len; i > 0; i--)
    {
      const BsFlowNodeBox *n = &g_array_index (self->geometry->nodes, BsFlowNodeBox, i - 1);

      if (gx >= n->box.x && gx <= n->box.x + n->box.width &&
          gy >= n->box.y && gy <= n->box.y + n->box.height)
        return n->id;
    }
  return 0;
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static double
edge_distance (const BsFlowEdgePath *e,
               double                px,
               double                py)
{
  const BsFlowPoint *p = (const BsFlowPoint *) e->points->data;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i + 3 < e->points->len; i += 3)
    {
      double lx = p[i].x, ly = p[i].y;

      for (guint s = 1; s <= 16; s++)
        {
          double t = s / 16.0, u = 1 - t;
          double x = u * u * u * p[i].x + 3 * u * u * t * p[i + 1].x + 3 * u * t * t * p[i + 2].x + t * t * t * p[i + 3].x;
          double y = u * u * u * p[i].y + 3 * u * u * t * p[i + 1].y + 3 * u * t * t * p[i + 2].y + t * t * t * p[i + 3].y;

          best = MIN (best, segment_distance (px, py, lx, ly, x, y));
          lx = x;
          ly = y;
        }
    }
  if (e->has_arrow && e->points->len > 0)
    best = MIN (best, segment_distance (px, py, p[e->points->len - 1].x, p[e->points->len - 1].y,
                                        e->arrow_tip.x, e->arrow_tip.y));
  return best;
}

static const BsFlowEdgePath *
edge_at (BsFlowCanvas *self,
         double        x,
         double        y)
{
  const BsFlowEdgePath *best = NULL;
  double best_distance = 6.0 / self->zoom;
  double gx, gy;

  if (self->geometry == NULL)
    return NULL;
  to_graph (self, x, y, &gx, &gy);
  for (guint i = 0; i < self->geometry->edges->len; i++)
    {
      const BsFlowEdgePath *e = &g_array_index (self->geometry->edges, BsFlowEdgePath, i);
      double d = edge_distance (e, gx, gy);

      if (d <= best_distance)
        {
          best = e;
          best_distance = d;
        }
    }
  return best;
}

static gboolean
edge_selected (BsFlowCanvas *self,
               gint64        before_id,
               gint64        after_id)
{
  for (guint i = 0; i < self->selected_edges->len; i++)
    {
      const BsEdge *e = &g_array_index (self->selected_edges, BsEdge, i);

      if (e->before_id == before_id && e->after_id == after_id)
        return TRUE;
    }
  return FALSE;
}

static gboolean
item_selected (BsFlowCanvas *self,
               gint64        item_id)
{
  for (guint i = 0; i < self->selected_items->len; i++)
    if (g_array_index (self->selected_items, gint64, i) == item_id)
      return TRUE;
  return FALSE;
}

/* Whether @item_id is the hovered item or one of its direct neighbours. */
static gboolean
hover_related (BsFlowCanvas *self,
               gint64        item_id)
{
  BsThemeFlow *flow;

  if (self->hover_id == 0 || item_id == self->hover_id ||
      item_id == self->selected_id || item_selected (self, item_id))
    return TRUE;
  flow = bs_flow_analysis_get_flow (self->analysis);
  return bs_theme_flow_has_edge (flow, item_id, self->hover_id) ||
         bs_theme_flow_has_edge (flow, self->hover_id, item_id);
}

/* The worst severity among @problems (indexes), or -1 for none. */
static int
worst_severity (BsFlowCanvas *self,
                GArray       *problems)
{
  int worst = -1;

  if (self->read_only)
    return -1;
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const BsFlowProblem *p = bs_flow_analysis_get_problem (self->analysis,
                                                             g_array_index (problems, int, i));

      if (p->severity == BS_FLOW_SEVERITY_ERROR)
        return BS_FLOW_SEVERITY_ERROR;
      worst = BS_FLOW_SEVERITY_WARNING;
    }
  return worst;
}

/* ------------------------------------------------------------------ */
/* Drawing */

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba,
            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

static void
rounded_rectangle (cairo_t          *cr,
                   const BsFlowRect *r,
                   double            radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, r->x + radius, r->y + r->height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_arrow (cairo_t *cr,
            double   fx,
            double   fy,
            double   tx,
            double   ty)
{
  double angle = atan2 (ty - fy, tx - fx);
  double len = MAX (hypot (tx - fx, ty - fy), 8.0);

  cairo_move_to (cr, tx, ty);
  cairo_line_to (cr, tx - len * cos (angle - 0.4), ty - len * sin (angle - 0.4));
  cairo_line_to (cr, tx - len * cos (angle + 0.4), ty - len * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* With @overlay, only the edges of the hovered item, emphasised; otherwise
 * every edge as if nothing were hovered. */
static void
draw_edges (BsFlowCanvas  *self,
            cairo_t       *cr,
            const GdkRGBA *fg,
            const GdkRGBA *accent,
            gboolean       overlay)
{
  for (guint i = 0; i < self->geometry->edges->len; i++)
    {
      const BsFlowEdgePath *e = &g_array_index (self->geometry->edges, BsFlowEdgePath, i);
      const BsFlowPoint *p = (const BsFlowPoint *) e->points->data;
      g_autofree char *key = NULL;
      g_autoptr(GArray) problems = NULL;
      int severity;
      gboolean critical;
      gboolean selected;
      const GdkRGBA *colour = fg;
      double alpha = 0.6;
      double width = 1.5;

      if (e->points->len < 4)
        continue;
      if (overlay && e->from_id != self->hover_id && e->to_id != self->hover_id)
        continue;
      key = edge_key (e->from_id, e->to_id);
      problems = bs_flow_analysis_list_edge_problems (self->analysis, e->from_id, e->to_id);
      severity = worst_severity (self, problems);
      critical = g_hash_table_contains (self->critical_edges, key);
      selected = edge_selected (self, e->from_id, e->to_id);
      if (critical)
        {
          colour = accent;
          alpha = 1;
          width = 3;
        }
      if (severity == BS_FLOW_SEVERITY_ERROR)
        colour = &error_colour, alpha = 1;
      else if (severity == BS_FLOW_SEVERITY_WARNING)
        colour = &warning_colour, alpha = 1;
      if (selected || overlay)
        width += 1.5, alpha = 1;

      cairo_save (cr);
      set_source (cr, colour, alpha);
      cairo_set_line_width (cr, width);
      if (severity == BS_FLOW_SEVERITY_WARNING)
        {
          static const double dashes[] = { 6, 4 };

          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      cairo_move_to (cr, p[0].x, p[0].y);
      for (guint j = 1; j + 2 < e->points->len; j += 3)
        cairo_curve_to (cr, p[j].x, p[j].y, p[j + 1].x, p[j + 1].y, p[j + 2].x, p[j + 2].y);
      if (e->has_arrow)
        cairo_line_to (cr, e->arrow_tip.x, e->arrow_tip.y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (e->has_arrow)
        draw_arrow (cr, p[e->points->len - 1].x, p[e->points->len - 1].y,
                    e->arrow_tip.x, e->arrow_tip.y);
      if (selected)
        {
          /* A halo that does not rely on colour alone. */
          set_source (cr, accent, 0.3);
          cairo_set_line_width (cr, width + 6);
          cairo_move_to (cr, p[0].x, p[0].y);
          for (guint j = 1; j + 2 < e->points->len; j += 3)
            cairo_curve_to (cr, p[j].x, p[j].y, p[j + 1].x, p[j + 1].y, p[j + 2].x, p[j + 2].y);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }
}

static void
draw_marker (cairo_t       *cr,
             double         x,
             double         y,
             const GdkRGBA *colour,
             const char    *glyph,
             PangoLayout   *layout)
{
  double w, h;

  set_source (cr, colour, 1);
  cairo_arc (cr, x, y, 8, 0, 2 * G_PI);
  cairo_fill (cr);
  pango_layout_set_text (layout, glyph, -1);
  layout_size (layout, &w, &h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x - w / 2, y - h / 2);
  pango_cairo_show_layout (cr, layout);
}

/* With @overlay, only the hovered item and its direct neighbours (and the
 * selection); otherwise every node. */
static void
draw_nodes (BsFlowCanvas  *self,
            cairo_t       *cr,
            const GdkRGBA *fg,
            const GdkRGBA *accent,
            const GdkRGBA *bg,
            gboolean       overlay)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (self->analysis);
  g_autoptr(PangoLayout) marker = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  pango_layout_set_font_description (marker, self->name_font);

  for (guint i = 0; i < self->geometry->nodes->len; i++)
    {
      const BsFlowNodeBox *n = &g_array_index (self->geometry->nodes, BsFlowNodeBox, i);
      const BsFlowNode *node = bs_theme_flow_lookup_node (flow, n->id);
      g_autoptr(GArray) problems = NULL;
      g_autofree char *badge = NULL;
      const GdkRGBA *dept;
      const char *lines[3];
      double y;
      int severity;

      if (node == NULL)
        continue;
      if (overlay && !hover_related (self, n->id))
        continue;
      problems = bs_flow_analysis_list_item_problems (self->analysis, n->id);
      severity = worst_severity (self, problems);
      dept = colour_for_department (node->department_id);

      cairo_save (cr);
      if (overlay)
        {
          /* The veil below must not show through the translucent fill. */
          rounded_rectangle (cr, &n->box, 6);
          set_source (cr, bg, 1);
          cairo_fill (cr);
        }

      rounded_rectangle (cr, &n->box, 6);
      if (dept != NULL)
        set_source (cr, dept, 0.22);
      else
        set_source (cr, fg, 0.06);
      cairo_fill_preserve (cr);
      if (severity == BS_FLOW_SEVERITY_ERROR)
        set_source (cr, &error_colour, 1), cairo_set_line_width (cr, 3);
      else if (severity == BS_FLOW_SEVERITY_WARNING)
        set_source (cr, &warning_colour, 1), cairo_set_line_width (cr, 2);
      else if (dept != NULL)
        set_source (cr, dept, 1), cairo_set_line_width (cr, 1.5);
      else
        set_source (cr, fg, 0.4), cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      if (item_selected (self, n->id) || n->id == self->selected_id ||
          (self->dragging && self->drag_from_id == n->id))
        {
          BsFlowRect outer = { n->box.x - 4, n->box.y - 4, n->box.width + 8, n->box.height + 8 };

          rounded_rectangle (cr, &outer, 9);
          set_source (cr, accent, 1);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
        }

      badge = bs_flow_dup_limit_badge (node);
      lines[0] = node->name;
      lines[1] = node->department_name;
      lines[2] = badge;
      y = n->box.y + NODE_PADDING;
      set_source (cr, fg, 1);
      for (guint l = 0; l < G_N_ELEMENTS (lines); l++)
        {
          g_autoptr(PangoLayout) layout = NULL;
          double w, h;

          if (l > 0 && (lines[l] == NULL || lines[l][0] == '\0'))
            continue;
          layout = create_layout (self, l == 0 ? self->name_font : self->text_font, lines[l], l == 0);
          pango_layout_set_width (layout, (int) ((n->box.width - 2 * NODE_PADDING) * PANGO_SCALE));
          layout_size (layout, &w, &h);
          if (l > 0)
            set_source (cr, fg, 0.7);
          cairo_move_to (cr, n->box.x + NODE_PADDING, y);
          pango_cairo_show_layout (cr, layout);
          y += h + LINE_SPACING;
        }

      if (severity == BS_FLOW_SEVERITY_ERROR)
        draw_marker (cr, n->box.x + n->box.width, n->box.y, &error_colour, "!", marker);
      else if (severity == BS_FLOW_SEVERITY_WARNING)
        draw_marker (cr, n->box.x + n->box.width, n->box.y, &warning_colour, "!", marker);

      cairo_restore (cr);
    }
}

static void
draw_groups (BsFlowCanvas  *self,
             cairo_t       *cr,
             const GdkRGBA *fg)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  pango_layout_set_font_description (layout, self->group_font);
  for (guint i = 0; i < self->geometry->groups->len; i++)
    {
      const BsFlowGroupBox *g = &g_array_index (self->geometry->groups, BsFlowGroupBox, i);
      const GdkRGBA *colour = self->grouping == BS_FLOW_GROUPING_DEPARTMENT ?
                              colour_for_department (g->key) : NULL;
      double w, h;

      rounded_rectangle (cr, &g->box, 10);
      if (colour != NULL)
        set_source (cr, colour, 0.07);
      else
        set_source (cr, fg, 0.03);
      cairo_fill_preserve (cr);
      if (colour != NULL)
        set_source (cr, colour, 0.6);
      else
        set_source (cr, fg, 0.25);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      if (g->label == NULL)
        continue;
      pango_layout_set_text (layout, g->label, -1);
      layout_size (layout, &w, &h);
      set_source (cr, fg, 0.8);
      if (g->label_box.width > 0)
        cairo_move_to (cr, g->label_box.x + (g->label_box.width - w) / 2,
                       g->label_box.y + (g->label_box.height - h) / 2);
      else
        cairo_move_to (cr, g->box.x + 8, g->box.y - h - 2);  /* stages: above the box */
      pango_cairo_show_layout (cr, layout);
    }
}

/* Writes each node's name and box in widget pixels, a line each
 * ("name\tx\ty\twidth\theight"), to the file BANSHI_TEST_FLOW_NODES
 * names, when they moved since the last time. */
static void
write_test_nodes (BsFlowCanvas *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  BsThemeFlow *flow = bs_flow_analysis_get_flow (self->analysis);

  for (guint i = 0; i < self->geometry->nodes->len; i++)
    {
      const BsFlowNodeBox *n = &g_array_index (self->geometry->nodes, BsFlowNodeBox, i);
      const BsFlowNode *node = bs_theme_flow_lookup_node (flow, n->id);

      g_string_append_printf (text, "%s\t%.0f\t%.0f\t%.0f\t%.0f\n",
                              node != NULL ? node->name : "",
                              self->pan_x + n->box.x * self->zoom,
                              self->pan_y + n->box.y * self->zoom,
                              n->box.width * self->zoom,
                              n->box.height * self->zoom);
    }
  if (g_strcmp0 (text->str, self->test_nodes_written) == 0)
    return;
  if (!g_file_set_contents (self->test_nodes_path, text->str, text->len, &error))
    g_warning ("%s", error->message);
  g_free (self->test_nodes_written);
  self->test_nodes_written = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bs_flow_canvas_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BsFlowCanvas *self = BS_FLOW_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent, bg;

  if (self->geometry == NULL || self->analysis == NULL || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &accent))
    accent = department_colours[0];
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "view_bg_color", &bg) &&
      !gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &bg))
    {
      /* Whichever of black and white is furthest from the text. */
      double lum = 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue;

      bg = lum > 0.5 ? (GdkRGBA) { 0, 0, 0, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
    }

  /* The graph is recorded once in its own coordinates; zoom and pan only
   * transform the recording. */
  if (self->cache == NULL)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (-CACHE_MARGIN, -CACHE_MARGIN,
                                                                          self->geometry->width + 2 * CACHE_MARGIN,
                                                                          self->geometry->height + 2 * CACHE_MARGIN));

      draw_groups (self, cr, &fg);
      draw_edges (self, cr, &fg, &accent, FALSE);
      draw_nodes (self, cr, &fg, &accent, &bg, FALSE);
      cairo_destroy (cr);
      self->cache = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
    }
  /* The hover highlight: only the few related nodes and edges, drawn again
   * over a veil that dims everything else. */
  if (self->hover_cache == NULL && self->hover_id != 0)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (-CACHE_MARGIN, -CACHE_MARGIN,
                                                                          self->geometry->width + 2 * CACHE_MARGIN,
                                                                          self->geometry->height + 2 * CACHE_MARGIN));

      draw_edges (self, cr, &fg, &accent, TRUE);
      draw_nodes (self, cr, &fg, &accent, &bg, TRUE);
      cairo_destroy (cr);
      self->hover_cache = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
    }
  if (self->cache != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->pan_x, self->pan_y));
      gtk_snapshot_scale (snapshot, self->zoom, self->zoom);
      gtk_snapshot_append_node (snapshot, self->cache);
      gtk_snapshot_restore (snapshot);
    }
  if (self->test_nodes_path != NULL)
    write_test_nodes (self);
  if (self->hover_id != 0 && self->hover_cache != NULL)
    {
      GdkRGBA veil = bg;

      veil.alpha = 0.6;
      gtk_snapshot_append_color (snapshot, &veil, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->pan_x, self->pan_y));
      gtk_snapshot_scale (snapshot, self->zoom, self->zoom);
      gtk_snapshot_append_node (snapshot, self->hover_cache);
      gtk_snapshot_restore (snapshot);
    }

  /* The prerequisite being drawn (not cached: it follows the pointer). */
  if (self->dragging && self->drag_from_id != 0)
    {
      const BsFlowNodeBox *from = bs_flow_geometry_find_node (self->geometry, self->drag_from_id);
      cairo_t *cr;

      if (from == NULL)
        return;
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      set_source (cr, &accent, 1);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr,
                     self->pan_x + (from->box.x + from->box.width / 2) * self->zoom,
                     self->pan_y + (from->box.y + from->box.height / 2) * self->zoom);
      cairo_line_to (cr, self->drag_x, self->drag_y);
      cairo_stroke (cr);
      draw_arrow (cr, self->drag_x - 10, self->drag_y, self->drag_x, self->drag_y);
      cairo_destroy (cr);
    }
}

static void
bs_flow_canvas_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  BsFlowCanvas *self = BS_FLOW_CANVAS (widget);

  if ((self->fit_pending || self->fitted) && self->geometry != NULL && width > 0)
    {
      self->fit_pending = FALSE;
      bs_flow_canvas_zoom_fit (self);
    }
}

static void
bs_flow_canvas_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_flow_canvas_parent_class)->css_changed (widget, change);
  g_clear_pointer (&BS_FLOW_CANVAS (widget)->cache, gsk_render_node_unref);
  g_clear_pointer (&BS_FLOW_CANVAS (widget)->hover_cache, gsk_render_node_unref);
}

/* ------------------------------------------------------------------ */
/* Zoom and pan */

static void
set_zoom_at (BsFlowCanvas *self,
             double        zoom,
             double        x,
             double        y)
{
  double gx, gy;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  self->fitted = FALSE;
  to_graph (self, x, y, &gx, &gy);
  self->zoom = zoom;
  self->pan_x = x - gx * zoom;
  self->pan_y = y - gy * zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_zoom_centred (BsFlowCanvas *self,
                  double        zoom)
{
  set_zoom_at (self, zoom,
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
bs_flow_canvas_zoom_in (BsFlowCanvas *self)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));
  set_zoom_centred (self, self->zoom * ZOOM_STEP);
}

void
bs_flow_canvas_zoom_out (BsFlowCanvas *self)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));
  set_zoom_centred (self, self->zoom / ZOOM_STEP);
}

/* Shows @rect (graph coordinates) whole, centred, at most at 100 %. */
static void
show_rect (BsFlowCanvas     *self,
           const BsFlowRect *rect,
           gboolean          always_zoom)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom = self->zoom;

  if (width <= 0 || height <= 0)
    return;
  if (always_zoom ||
      rect->width * zoom > width - 2 * FIT_MARGIN ||
      rect->height * zoom > height - 2 * FIT_MARGIN)
    {
      zoom = MIN ((width - 2 * FIT_MARGIN) / MAX (rect->width, 1),
                  (height - 2 * FIT_MARGIN) / MAX (rect->height, 1));
      zoom = CLAMP (MIN (zoom, 1.0), MIN_ZOOM, MAX_ZOOM);
    }
  self->zoom = zoom;
  self->fitted = FALSE;
  self->pan_x = width / 2 - (rect->x + rect->width / 2) * zoom;
  self->pan_y = height / 2 - (rect->y + rect->height / 2) * zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The whole width, at most at 100 %; a graph taller than the canvas shows
 * its top and pans down. */
static void
fit_width (BsFlowCanvas *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom;

  if (width <= 0 || height <= 0)
    return;
  /* Small margins: in a narrow column every pixel counts. */
  zoom = (width - 2 * NODE_PADDING) / MAX (self->geometry->width, 1);
  self->zoom = CLAMP (MIN (zoom, 1.0), MIN_ZOOM, MAX_ZOOM);
  self->pan_x = width / 2 - self->geometry->width / 2 * self->zoom;
  if (self->geometry->height * self->zoom <= height - 2 * FIT_MARGIN)
    self->pan_y = height / 2 - self->geometry->height / 2 * self->zoom;
  else
    self->pan_y = FIT_MARGIN;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bs_flow_canvas_zoom_fit (BsFlowCanvas *self)
{
  BsFlowRect all;

  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->geometry == NULL)
    {
      self->fit_pending = TRUE;
      return;
    }
  if (self->read_only)
    fit_width (self);
  else
    {
      all = (BsFlowRect) { 0, 0, self->geometry->width, self->geometry->height };
      show_rect (self, &all, TRUE);
    }
  self->fitted = TRUE;
}

void
bs_flow_canvas_zoom_reset (BsFlowCanvas *self)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));
  set_zoom_centred (self, 1.0);
}

double
bs_flow_canvas_get_zoom (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), 1.0);
  return self->zoom;
}

static gboolean
on_scroll_cb (BsFlowCanvas             *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

      if (event != NULL)
        {
          double ex, ey;

          if (gdk_event_get_position (event, &ex, &ey))
            {
              graphene_point_t in = GRAPHENE_POINT_INIT (ex, ey), out;
              GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
              double nx = 0, ny = 0;

              gtk_native_get_surface_transform (native, &nx, &ny);
              in.x -= nx;
              in.y -= ny;
              if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self), &in, &out))
                x = out.x, y = out.y;
            }
        }
      set_zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy), x, y);
      return TRUE;
    }
  /* Read-only, the canvas sits in a scrolling page: the wheel scrolls it. */
  if (self->read_only)
    return FALSE;
  if (state & GDK_SHIFT_MASK)
    {
      double t = dx;

      dx = dy;
      dy = t;
    }
  self->fitted = FALSE;
  self->pan_x -= dx * 40;
  self->pan_y -= dy * 40;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_zoom_begin_cb (BsFlowCanvas   *self,
                  GdkEventSequence *sequence,
                  GtkGestureZoom *gesture)
{
  g_object_set_data (G_OBJECT (gesture), "start-zoom", GINT_TO_POINTER ((int) (self->zoom * 1000)));
}

static void
on_zoom_changed_cb (BsFlowCanvas   *self,
                    double          scale,
                    GtkGestureZoom *gesture)
{
  double start = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (gesture), "start-zoom")) / 1000.0;
  double x, y;

  if (start <= 0)
    start = self->zoom;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  set_zoom_at (self, start * scale, x, y);
}

/* ------------------------------------------------------------------ */
/* Selection */

static void
update_accessible (BsFlowCanvas *self)
{
  g_autofree char *description = bs_flow_canvas_dup_selection_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
select_one (BsFlowCanvas *self,
            gint64        item_id,
            const BsEdge *edge)
{
  g_array_set_size (self->selected_items, 0);
  g_array_set_size (self->selected_edges, 0);
  self->selected_id = item_id;
  if (item_id != 0)
    g_array_append_val (self->selected_items, item_id);
  if (edge != NULL)
    g_array_append_vals (self->selected_edges, edge, 1);
  update_accessible (self);
  invalidate (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
scroll_to_selection (BsFlowCanvas *self)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  GArray *ids;
  BsFlowRect rect;

  if (self->geometry == NULL)
    return;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (ids, self->selected_items->data, self->selected_items->len);
  for (guint i = 0; i < self->selected_edges->len; i++)
    {
      const BsEdge *e = &g_array_index (self->selected_edges, BsEdge, i);

      g_array_append_val (ids, e->before_id);
      g_array_append_val (ids, e->after_id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      const BsFlowNodeBox *n = bs_flow_geometry_find_node (self->geometry, g_array_index (ids, gint64, i));

      if (n == NULL)
        continue;
      x1 = MIN (x1, n->box.x);
      y1 = MIN (y1, n->box.y);
      x2 = MAX (x2, n->box.x + n->box.width);
      y2 = MAX (y2, n->box.y + n->box.height);
    }
  g_array_unref (ids);
  if (x1 > x2)
    return;
  rect = (BsFlowRect) { x1, y1, x2 - x1, y2 - y1 };
  /* Already in view: leave the view alone. */
  if (self->pan_x + x1 * self->zoom >= 0 && self->pan_y + y1 * self->zoom >= 0 &&
      self->pan_x + x2 * self->zoom <= width && self->pan_y + y2 * self->zoom <= height)
    return;
  show_rect (self, &rect, FALSE);
}

void
bs_flow_canvas_select (BsFlowCanvas *self,
                       const GArray *item_ids,
                       const GArray *edges)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  g_array_set_size (self->selected_items, 0);
  g_array_set_size (self->selected_edges, 0);
  self->selected_id = 0;
  if (item_ids != NULL)
    for (guint i = 0; i < item_ids->len; i++)
      if (flow_has_item (self, g_array_index (item_ids, gint64, i)))
        g_array_append_val (self->selected_items, g_array_index (item_ids, gint64, i));
  if (edges != NULL)
    g_array_append_vals (self->selected_edges, edges->data, edges->len);
  if (self->selected_items->len > 0)
    self->selected_id = g_array_index (self->selected_items, gint64, 0);
  scroll_to_selection (self);
  update_accessible (self);
  invalidate (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gint64
bs_flow_canvas_get_selected_item (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), 0);
  return self->selected_id;
}

gboolean
bs_flow_canvas_get_selected_edge (BsFlowCanvas *self,
                                  BsEdge       *out_edge)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), FALSE);
  g_return_val_if_fail (out_edge != NULL, FALSE);

  if (self->selected_id != 0 || self->selected_items->len > 0 || self->selected_edges->len != 1)
    return FALSE;
  *out_edge = g_array_index (self->selected_edges, BsEdge, 0);
  return TRUE;
}

static guint
count_edges (BsThemeFlow *flow,
             gint64       item_id,
             gboolean     incoming)
{
  guint n = 0;

  for (guint i = 0; i < bs_theme_flow_get_n_edges (flow); i++)
    {
      const BsEdge *e = bs_theme_flow_get_edge (flow, i);

      if ((incoming ? e->after_id : e->before_id) == item_id)
        n++;
    }
  return n;
}

char *
bs_flow_canvas_dup_selection_description (BsFlowCanvas *self)
{
  BsThemeFlow *flow;
  const BsFlowNode *node;
  g_autofree char *badge = NULL;

  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), NULL);

  if (self->analysis == NULL)
    return g_strdup ("");
  flow = bs_flow_analysis_get_flow (self->analysis);
  if (self->selected_id == 0 && self->selected_edges->len == 1)
    {
      const BsEdge *e = &g_array_index (self->selected_edges, BsEdge, 0);
      const BsFlowNode *a = bs_theme_flow_lookup_node (flow, e->before_id);
      const BsFlowNode *b = bs_theme_flow_lookup_node (flow, e->after_id);

      if (a == NULL || b == NULL)
        return g_strdup ("");
      /* Translators: a selected prerequisite; the %s are item names */
      return g_strdup_printf (_("Prerequisite: “%s” before “%s”. Press Delete to remove it."),
                              a->name, b->name);
    }
  node = bs_theme_flow_lookup_node (flow, self->selected_id);
  if (node == NULL)
    return g_strdup ("");
  badge = bs_flow_dup_limit_badge (node);
  /* Translators: the selected item of the flow: name, department, time
   * limit, its stage, how many prerequisites and dependants it has */
  return g_strdup_printf (_("%s, %s, %s, stage %d, %u prerequisites, %u dependants"),
                          node->name,
                          node->department_name[0] != '\0' ? node->department_name : _("no department"),
                          badge,
                          bs_flow_analysis_get_item_stage (self->analysis, node->item_id) + 1,
                          count_edges (flow, node->item_id, TRUE),
                          count_edges (flow, node->item_id, FALSE));
}

/* ------------------------------------------------------------------ */
/* Editing */

gboolean
bs_flow_canvas_add_edge (BsFlowCanvas *self,
                         gint64        before_id,
                         gint64        after_id)
{
  g_autoptr(BsFlowAnalysis) hold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BsThemeFlow *flow;
  const BsFlowNode *a, *b;

  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), FALSE);

  if (self->analysis == NULL || self->catalogue == NULL || self->read_only)
    return FALSE;
  hold = bs_flow_analysis_ref (self->analysis);
  flow = bs_flow_analysis_get_flow (hold);
  if (!bs_theme_flow_check_new_edge (flow, before_id, after_id, &error))
    {
      bs_window_show_toast (GTK_WIDGET (self), error->message);
      g_signal_emit (self, signals[EDGE_REFUSED], 0, error->message);
      return FALSE;
    }
  a = bs_theme_flow_lookup_node (flow, before_id);
  b = bs_theme_flow_lookup_node (flow, after_id);
  /* Translators: the %s are item names */
  text = g_strdup_printf (_("“%s” is now needed before “%s”"), a->name, b->name);
  if (!bs_catalogue_add_theme_edge (self->catalogue, self->theme_id, before_id, after_id, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Prerequisite"), error);
      return FALSE;
    }
  bs_window_show_undo_toast (GTK_WIDGET (self), text);
  return TRUE;
}

static void
delete_selection (BsFlowCanvas *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsFlowCanvas) hold = g_object_ref (self);

  if (self->catalogue == NULL || self->analysis == NULL || self->read_only)
    return;
  if (self->selected_edges->len == 1 && self->selected_id == 0)
    {
      BsEdge e = g_array_index (self->selected_edges, BsEdge, 0);

      if (!bs_catalogue_remove_theme_edge (self->catalogue, self->theme_id, e.before_id, e.after_id, &error))
        bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Prerequisite"), error);
      else
        bs_window_show_undo_toast (GTK_WIDGET (self), _("Removed the prerequisite"));
    }
  else if (self->selected_id != 0)
    {
      const BsFlowNode *node = bs_theme_flow_lookup_node (bs_flow_analysis_get_flow (self->analysis),
                                                          self->selected_id);
      /* Translators: %s is an item */
      g_autofree char *text = g_strdup_printf (_("Took “%s” out of the theme"),
                                               node != NULL ? node->name : "");

      if (!bs_catalogue_remove_theme_item (self->catalogue, self->theme_id, self->selected_id, &error))
        bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Item"), error);
      else
        bs_window_show_undo_toast (GTK_WIDGET (self), text);
    }
}

/* ------------------------------------------------------------------ */
/* Pointer */

static void
on_motion_cb (BsFlowCanvas             *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *controller)
{
  gint64 id = node_at (self, x, y);

  if (self->dragging)
    return;
  if (id != self->hover_id)
    {
      self->hover_id = id;
      invalidate_hover (self);
    }
}

static void
on_leave_cb (BsFlowCanvas             *self,
             GtkEventControllerMotion *controller)
{
  if (self->hover_id != 0)
    {
      self->hover_id = 0;
      invalidate_hover (self);
    }
}

static void
on_pressed_cb (BsFlowCanvas    *self,
               int              n_press,
               double           x,
               double           y,
               GtkGestureClick *gesture)
{
  gint64 id = node_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (id != 0)
    {
      if (n_press == 2)
        g_signal_emit (self, signals[ITEM_ACTIVATED], 0, id);
      else
        select_one (self, id, NULL);
    }
  else
    {
      const BsFlowEdgePath *e = edge_at (self, x, y);

      if (e != NULL)
        {
          BsEdge edge = { e->from_id, e->to_id };

          select_one (self, 0, &edge);
        }
      else
        select_one (self, 0, NULL);
    }
}

static void
on_drag_begin_cb (BsFlowCanvas   *self,
                  double          x,
                  double          y,
                  GtkGestureDrag *gesture)
{
  /* Read-only, a drag from a node pans too. */
  self->drag_from_id = self->read_only ? 0 : node_at (self, x, y);
  self->drag_start_x = self->drag_x = x;
  self->drag_start_y = self->drag_y = y;
  self->drag_pan_x = self->pan_x;
  self->drag_pan_y = self->pan_y;
  self->dragging = FALSE;
}

static void
on_drag_update_cb (BsFlowCanvas   *self,
                   double          dx,
                   double          dy,
                   GtkGestureDrag *gesture)
{
  if (!self->dragging && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->dragging = TRUE;
  self->drag_x = self->drag_start_x + dx;
  self->drag_y = self->drag_start_y + dy;
  if (self->drag_from_id == 0)
    {
      self->fitted = FALSE;
      self->pan_x = self->drag_pan_x + dx;
      self->pan_y = self->drag_pan_y + dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      gint64 over = node_at (self, self->drag_x, self->drag_y);

      if (over != self->hover_id)
        {
          self->hover_id = over;
          g_clear_pointer (&self->hover_cache, gsk_render_node_unref);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_end_cb (BsFlowCanvas   *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  gboolean was_dragging = self->dragging;
  gint64 from = self->drag_from_id;

  self->dragging = FALSE;
  self->drag_from_id = 0;
  if (was_dragging && from != 0)
    {
      gint64 to = node_at (self, self->drag_start_x + dx, self->drag_start_y + dy);

      invalidate (self);
      if (to != 0 && to != from)
        bs_flow_canvas_add_edge (self, from, to);
    }
}

static gboolean
on_query_tooltip_cb (BsFlowCanvas *self,
                     int           x,
                     int           y,
                     gboolean      keyboard,
                     GtkTooltip   *tooltip)
{
  gint64 id = keyboard ? self->selected_id : node_at (self, x, y);
  g_autoptr(GArray) problems = NULL;
  g_autoptr(GString) text = NULL;

  if (id == 0 || self->analysis == NULL || self->read_only)
    return FALSE;
  problems = bs_flow_analysis_list_item_problems (self->analysis, id);
  if (problems == NULL || problems->len == 0)
    return FALSE;
  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const BsFlowProblem *p = bs_flow_analysis_get_problem (self->analysis, g_array_index (problems, int, i));

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", bs_flow_severity_get_label (p->severity), p->message);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Keyboard */

static int
node_index (BsFlowCanvas *self,
            gint64        id)
{
  for (guint i = 0; self->geometry != NULL && i < self->geometry->nodes->len; i++)
    if (g_array_index (self->geometry->nodes, BsFlowNodeBox, i).id == id)
      return (int) i;
  return -1;
}

/* The node reached from the selection along its edges (@forward: to its
 * dependants), the one nearest on the cross axis; 0 when there is none. */
static gint64
follow_edge (BsFlowCanvas *self,
             gboolean      forward)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (self->analysis);
  const BsFlowNodeBox *from = bs_flow_geometry_find_node (self->geometry, self->selected_id);
  gint64 best = 0;
  double best_distance = G_MAXDOUBLE;

  if (from == NULL)
    return 0;
  for (guint i = 0; i < bs_theme_flow_get_n_edges (flow); i++)
    {
      const BsEdge *e = bs_theme_flow_get_edge (flow, i);
      gint64 other = forward ? e->after_id : e->before_id;
      const BsFlowNodeBox *to;
      double d;

      if ((forward ? e->before_id : e->after_id) != self->selected_id)
        continue;
      to = bs_flow_geometry_find_node (self->geometry, other);
      if (to == NULL)
        continue;
      d = hypot (to->box.x - from->box.x, to->box.y - from->box.y);
      if (d < best_distance)
        {
          best = other;
          best_distance = d;
        }
    }
  return best;
}

/* The next node across (same stage column or row), by position. */
static gint64
move_across (BsFlowCanvas *self,
             gboolean      forward)
{
  const BsFlowNodeBox *from = bs_flow_geometry_find_node (self->geometry, self->selected_id);
  gboolean lr = self->direction == BS_FLOW_DIRECTION_LEFT_RIGHT;
  gint64 best = 0;
  double best_distance = G_MAXDOUBLE;

  if (from == NULL)
    return 0;
  for (guint i = 0; i < self->geometry->nodes->len; i++)
    {
      const BsFlowNodeBox *n = &g_array_index (self->geometry->nodes, BsFlowNodeBox, i);
      double along = lr ? n->box.x - from->box.x : n->box.y - from->box.y;
      double across = lr ? n->box.y - from->box.y : n->box.x - from->box.x;
      double d;

      if (n->id == from->id || (forward ? across <= 0 : across >= 0))
        continue;
      d = fabs (across) + 4 * fabs (along);
      if (d < best_distance)
        {
          best = n->id;
          best_distance = d;
        }
    }
  return best;
}

static gboolean
on_key_pressed_cb (BsFlowCanvas          *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  gboolean lr = self->direction == BS_FLOW_DIRECTION_LEFT_RIGHT;
  gint64 target = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    {
      if ((state & GDK_CONTROL_MASK) && (keyval == GDK_KEY_0 || keyval == GDK_KEY_KP_0))
        {
          bs_flow_canvas_zoom_reset (self);
          return TRUE;
        }
      return FALSE;
    }

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      bs_flow_canvas_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      bs_flow_canvas_zoom_out (self);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      bs_flow_canvas_zoom_reset (self);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->selected_id == 0 && self->selected_edges->len == 0)
        return FALSE;
      select_one (self, 0, NULL);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (self->read_only)
        return FALSE;
      delete_selection (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (self->selected_id == 0)
        return FALSE;
      g_signal_emit (self, signals[ITEM_ACTIVATED], 0, self->selected_id);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK);
        int index = node_index (self, self->selected_id);
        int n = self->geometry != NULL ? (int) self->geometry->nodes->len : 0;

        /* Past the last (or first) node, Tab leaves the canvas. */
        if (n == 0 || (index >= 0 && (back ? index == 0 : index == n - 1)))
          return FALSE;
        if (index < 0)
          index = back ? n - 1 : 0;
        else
          index += back ? -1 : 1;
        target = g_array_index (self->geometry->nodes, BsFlowNodeBox, index).id;
      }
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = lr ? follow_edge (self, TRUE) : move_across (self, TRUE);
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = lr ? follow_edge (self, FALSE) : move_across (self, FALSE);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      target = lr ? move_across (self, TRUE) : follow_edge (self, TRUE);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      target = lr ? move_across (self, FALSE) : follow_edge (self, FALSE);
      break;
    default:
      return FALSE;
    }

  if (self->geometry == NULL)
    return TRUE;
  if (target == 0 && self->selected_id == 0 && self->geometry->nodes->len > 0)
    target = g_array_index (self->geometry->nodes, BsFlowNodeBox, 0).id;
  if (target != 0)
    {
      select_one (self, target, NULL);
      scroll_to_selection (self);
    }
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
bs_flow_canvas_dispose (GObject *object)
{
  BsFlowCanvas *self = BS_FLOW_CANVAS (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  if (self->layouter != NULL)
    g_signal_handlers_disconnect_by_data (self->layouter, self);
  g_clear_object (&self->layouter);
  g_clear_pointer (&self->analysis, bs_flow_analysis_unref);
  g_clear_pointer (&self->geometry, bs_flow_geometry_free);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->hover_cache, gsk_render_node_unref);

  G_OBJECT_CLASS (bs_flow_canvas_parent_class)->dispose (object);
}

static void
bs_flow_canvas_finalize (GObject *object)
{
  BsFlowCanvas *self = BS_FLOW_CANVAS (object);

  g_clear_pointer (&self->critical_edges, g_hash_table_unref);
  g_clear_pointer (&self->selected_items, g_array_unref);
  g_clear_pointer (&self->selected_edges, g_array_unref);
  g_clear_pointer (&self->name_font, pango_font_description_free);
  g_clear_pointer (&self->text_font, pango_font_description_free);
  g_clear_pointer (&self->group_font, pango_font_description_free);
  g_clear_pointer (&self->test_nodes_path, g_free);
  g_clear_pointer (&self->test_nodes_written, g_free);

  G_OBJECT_CLASS (bs_flow_canvas_parent_class)->finalize (object);
}

static void
bs_flow_canvas_class_init (BsFlowCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_flow_canvas_dispose;
  object_class->finalize = bs_flow_canvas_finalize;
  widget_class->snapshot = bs_flow_canvas_snapshot;
  widget_class->size_allocate = bs_flow_canvas_size_allocate;
  widget_class->css_changed = bs_flow_canvas_css_changed;

  signals[ANALYSIS_CHANGED] =
    g_signal_new ("analysis-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[EDGE_REFUSED] =
    g_signal_new ("edge-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "flowcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_flow_canvas_init (BsFlowCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = 1.0;
  self->test_nodes_path = g_strdup (g_getenv ("BANSHI_TEST_FLOW_NODES"));
  self->direction = BS_FLOW_DIRECTION_LEFT_RIGHT;
  self->grouping = BS_FLOW_GROUPING_DEPARTMENT;
  self->fit_pending = TRUE;
  self->critical_edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected_items = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->selected_edges = g_array_new (FALSE, FALSE, sizeof (BsEdge));
  self->name_font = pango_font_description_from_string ("Sans Bold 10");
  self->text_font = pango_font_description_from_string ("Sans 8.5");
  self->group_font = pango_font_description_from_string ("Sans Bold 9");

  self->layouter = bs_flow_layouter_new ();
  g_signal_connect_object (self->layouter, "finished",
                           G_CALLBACK (on_layout_finished_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_add_css_class (widget, "view");
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (on_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (on_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (on_zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (on_zoom_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Flow of the theme"),
                                  -1);
}

GtkWidget *
bs_flow_canvas_new (void)
{
  return g_object_new (BS_TYPE_FLOW_CANVAS, NULL);
}

void
bs_flow_canvas_set_catalogue (BsFlowCanvas *self,
                              BsCatalogue  *catalogue)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->catalogue == catalogue && !self->read_only)
    return;
  self->read_only = FALSE;
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  self->theme_id = 0;
  self->fit_pending = TRUE;
  g_array_set_size (self->selected_items, 0);
  g_array_set_size (self->selected_edges, 0);
  self->selected_id = 0;
  load (self);
}

void
bs_flow_canvas_set_theme_id (BsFlowCanvas *self,
                             gint64        theme_id)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->theme_id == theme_id)
    return;
  self->theme_id = theme_id;
  self->fit_pending = TRUE;
  g_array_set_size (self->selected_items, 0);
  g_array_set_size (self->selected_edges, 0);
  self->selected_id = 0;
  g_clear_pointer (&self->geometry, bs_flow_geometry_free);
  load (self);
}

gint64
bs_flow_canvas_get_theme_id (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), 0);
  return self->theme_id;
}

BsFlowAnalysis *
bs_flow_canvas_get_analysis (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), NULL);
  return self->analysis;
}

const BsFlowGeometry *
bs_flow_canvas_get_geometry (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), NULL);
  return self->geometry;
}

void
bs_flow_canvas_set_direction (BsFlowCanvas    *self,
                              BsFlowDirection  direction)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->direction == direction)
    return;
  self->direction = direction;
  self->fit_pending = TRUE;
  request_layout (self);
}

BsFlowDirection
bs_flow_canvas_get_direction (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), BS_FLOW_DIRECTION_LEFT_RIGHT);
  return self->direction;
}

void
bs_flow_canvas_set_grouping (BsFlowCanvas   *self,
                             BsFlowGrouping  grouping)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->grouping == grouping)
    return;
  self->grouping = grouping;
  self->fit_pending = TRUE;
  request_layout (self);
}

BsFlowGrouping
bs_flow_canvas_get_grouping (BsFlowCanvas *self)
{
  g_return_val_if_fail (BS_IS_FLOW_CANVAS (self), BS_FLOW_GROUPING_DEPARTMENT);
  return self->grouping;
}

void
bs_flow_canvas_show_analysis (BsFlowCanvas   *self,
                              BsFlowAnalysis *analysis)
{
  g_return_if_fail (BS_IS_FLOW_CANVAS (self));

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  self->theme_id = 0;
  self->read_only = TRUE;

  if (analysis != NULL)
    bs_flow_analysis_ref (analysis);
  g_clear_pointer (&self->analysis, bs_flow_analysis_unref);
  self->analysis = analysis;
  collect_critical_edges (self);

  g_array_set_size (self->selected_items, 0);
  g_array_set_size (self->selected_edges, 0);
  self->selected_id = 0;
  self->hover_id = 0;
  self->dragging = FALSE;
  self->drag_from_id = 0;
  self->fit_pending = TRUE;
  g_clear_pointer (&self->geometry, bs_flow_geometry_free);
  request_layout (self);

  update_accessible (self);
  invalidate (self);
  g_signal_emit (self, signals[ANALYSIS_CHANGED], 0);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}
