/* test-layout.c: the graphviz adapter: sane geometry, stale layouts never
 * delivered, large graphs bounded, and hostile names safe in every export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bs-flow-layout.h"

/* ------------------------------------------------------------------ */
/* Helpers */

static BsFlowGeometry *
compute (BsFlowGraph *graph)
{
  g_autoptr(GError) error = NULL;
  BsFlowGeometry *geometry = bs_flow_layout_compute (graph, &error);

  g_assert_no_error (error);
  g_assert_nonnull (geometry);
  return geometry;
}

static const BsFlowNodeBox *
node_box (const BsFlowGeometry *geometry,
          gint64                id)
{
  const BsFlowNodeBox *node = bs_flow_geometry_find_node (geometry, id);

  g_assert_nonnull (node);
  return node;
}

static double
centre_x (const BsFlowRect *r)
{
  return r->x + r->width / 2;
}

static double
centre_y (const BsFlowRect *r)
{
  return r->y + r->height / 2;
}

static double
distance_to_rect (BsFlowPoint       p,
                  const BsFlowRect *r)
{
  double dx = MAX (MAX (r->x - p.x, 0.0), p.x - (r->x + r->width));
  double dy = MAX (MAX (r->y - p.y, 0.0), p.y - (r->y + r->height));

  return sqrt (dx * dx + dy * dy);
}

static void
assert_rect_inside (const BsFlowRect *inner,
                    const BsFlowRect *outer)
{
  const double slack = 0.01;

  g_assert_cmpfloat (inner->x, >=, outer->x - slack);
  g_assert_cmpfloat (inner->y, >=, outer->y - slack);
  g_assert_cmpfloat (inner->x + inner->width, <=, outer->x + outer->width + slack);
  g_assert_cmpfloat (inner->y + inner->height, <=, outer->y + outer->height + slack);
}

/* Every node in the bounding box with the size asked for; every edge a
 * 3n+1 spline from its tail's border to its head's, arrowhead included. */
static void
assert_geometry_sane (BsFlowGraph          *graph,
                      const BsFlowGeometry *geometry)
{
  BsFlowRect bb = { 0, 0, geometry->width, geometry->height };

  g_assert_cmpuint (geometry->nodes->len, ==, bs_flow_graph_get_n_nodes (graph));
  g_assert_cmpuint (geometry->edges->len, ==, bs_flow_graph_get_n_edges (graph));

  for (guint i = 0; i < geometry->nodes->len; i++)
    assert_rect_inside (&g_array_index (geometry->nodes, BsFlowNodeBox, i).box, &bb);

  for (guint i = 0; i < geometry->edges->len; i++)
    {
      const BsFlowEdgePath *edge = &g_array_index (geometry->edges, BsFlowEdgePath, i);
      const BsFlowNodeBox *tail = node_box (geometry, edge->from_id);
      const BsFlowNodeBox *head = node_box (geometry, edge->to_id);
      BsFlowPoint first, last;

      g_assert_cmpuint (edge->points->len, >=, 4);
      g_assert_cmpuint ((edge->points->len - 1) % 3, ==, 0);
      first = g_array_index (edge->points, BsFlowPoint, 0);
      last = g_array_index (edge->points, BsFlowPoint, edge->points->len - 1);
      g_assert_cmpfloat (distance_to_rect (first, &tail->box), <, 2.0);
      g_assert_true (edge->has_arrow);
      g_assert_cmpfloat (distance_to_rect (edge->arrow_tip, &head->box), <, 2.0);
      /* The arrowhead is short and ends at the head. */
      g_assert_cmpfloat (hypot (last.x - edge->arrow_tip.x, last.y - edge->arrow_tip.y), <, 15.0);
      for (guint j = 0; j < edge->points->len; j++)
        {
          BsFlowPoint p = g_array_index (edge->points, BsFlowPoint, j);

          g_assert_cmpfloat (p.x, >=, -0.01);
          g_assert_cmpfloat (p.y, >=, -0.01);
          g_assert_cmpfloat (p.x, <=, geometry->width + 0.01);
          g_assert_cmpfloat (p.y, <=, geometry->height + 0.01);
        }
    }
}

/* a → b → c, a → c, sizes as a canvas measures them. */
static BsFlowGraph *
tiny_graph (BsFlowDirection direction,
            BsFlowGrouping  grouping)
{
  BsFlowGraph *graph = bs_flow_graph_new (direction, grouping);

  bs_flow_graph_add_node (graph, 1, 120, 48, 0);
  bs_flow_graph_add_node (graph, 2, 160, 60, 0);
  bs_flow_graph_add_node (graph, 3, 100, 40, 0);
  bs_flow_graph_add_edge (graph, 1, 2);
  bs_flow_graph_add_edge (graph, 2, 3);
  bs_flow_graph_add_edge (graph, 1, 3);
  return graph;
}

/* splitmix64: the same graphs on every machine. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/* A random DAG shaped like a theme: node i depends on 0–3 earlier nodes,
 * mostly recent ones; sizes of a name, a department and a badge; nodes
 * spread over @n_groups departments. */
static BsFlowGraph *
random_dag (guint           n_nodes,
            guint           n_groups,
            BsFlowGrouping  grouping,
            guint64         seed)
{
  BsFlowGraph *graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT, grouping);
  guint64 state = seed;

  for (guint g = 1; g <= n_groups; g++)
    {
      g_autofree char *label = g_strdup_printf ("Department %u", g);

      bs_flow_graph_add_group (graph, g, label, 90, 18);
    }
  for (guint i = 1; i <= n_nodes; i++)
    {
      guint n_deps = i == 1 ? 0 : next_random (&state) % 4;

      bs_flow_graph_add_node (graph, i, 140 + next_random (&state) % 80,
                              48 + next_random (&state) % 20,
                              1 + next_random (&state) % n_groups);
      for (guint d = 0; d < n_deps; d++)
        {
          guint span = MIN (i - 1, 30);
          guint from = i - 1 - next_random (&state) % span;

          bs_flow_graph_add_edge (graph, from, i);
        }
    }
  return graph;
}

/* ------------------------------------------------------------------ */
/* Geometry */

static void
test_tiny_left_right (void)
{
  g_autoptr(BsFlowGraph) graph = tiny_graph (BS_FLOW_DIRECTION_LEFT_RIGHT, BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGeometry) geometry = compute (graph);
  const BsFlowNodeBox *a, *b, *c;

  assert_geometry_sane (graph, geometry);
  g_assert_false (geometry->bounded);
  g_assert_cmpuint (geometry->groups->len, ==, 0);

  a = node_box (geometry, 1);
  b = node_box (geometry, 2);
  c = node_box (geometry, 3);
  /* The sizes asked for, in the order added. */
  g_assert_cmpint (g_array_index (geometry->nodes, BsFlowNodeBox, 0).id, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->box.width, 120, 0.001);
  g_assert_cmpfloat_with_epsilon (b->box.height, 60, 0.001);
  g_assert_cmpfloat_with_epsilon (c->box.width, 100, 0.001);
  /* Left to right: each rank right of the previous one, without overlap. */
  g_assert_cmpfloat (a->box.x + a->box.width, <, b->box.x);
  g_assert_cmpfloat (b->box.x + b->box.width, <, c->box.x);
  g_assert_cmpfloat (geometry->width, >, geometry->height);
}

static void
test_tiny_top_bottom (void)
{
  g_autoptr(BsFlowGraph) graph = tiny_graph (BS_FLOW_DIRECTION_TOP_BOTTOM, BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGeometry) geometry = compute (graph);
  const BsFlowNodeBox *a, *b, *c;

  assert_geometry_sane (graph, geometry);
  a = node_box (geometry, 1);
  b = node_box (geometry, 2);
  c = node_box (geometry, 3);
  /* Top to bottom, y growing downwards: prerequisites above. */
  g_assert_cmpfloat (a->box.y + a->box.height, <, b->box.y);
  g_assert_cmpfloat (b->box.y + b->box.height, <, c->box.y);
  g_assert_cmpfloat (geometry->height, >, geometry->width);
}

/* Two departments: every node inside its group's box, the label's room at
 * the top inside it, the boxes apart. */
static void
test_departments (void)
{
  g_autoptr(BsFlowGraph) graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT,
                                                     BS_FLOW_GROUPING_DEPARTMENT);
  g_autoptr(BsFlowGeometry) geometry = NULL;
  const BsFlowGroupBox *g1, *g2;

  bs_flow_graph_add_group (graph, 20, "市场监管局", 80, 20);
  bs_flow_graph_add_group (graph, 10, "消防救援支队", 100, 20);
  bs_flow_graph_add_group (graph, 30, "never used", 10, 10);
  bs_flow_graph_add_node (graph, 1, 120, 48, 10);
  bs_flow_graph_add_node (graph, 2, 120, 48, 20);
  bs_flow_graph_add_node (graph, 3, 120, 48, 10);
  bs_flow_graph_add_node (graph, 4, 120, 48, 20);
  bs_flow_graph_add_node (graph, 5, 120, 48, 99);  /* no such group */
  bs_flow_graph_add_edge (graph, 1, 2);
  bs_flow_graph_add_edge (graph, 2, 3);
  bs_flow_graph_add_edge (graph, 3, 4);
  bs_flow_graph_add_edge (graph, 4, 5);
  geometry = compute (graph);
  assert_geometry_sane (graph, geometry);

  /* Only groups with nodes, by key. */
  g_assert_cmpuint (geometry->groups->len, ==, 2);
  g1 = &g_array_index (geometry->groups, BsFlowGroupBox, 0);
  g2 = &g_array_index (geometry->groups, BsFlowGroupBox, 1);
  g_assert_cmpint (g1->key, ==, 10);
  g_assert_cmpstr (g1->label, ==, "消防救援支队");
  g_assert_cmpint (g2->key, ==, 20);

  assert_rect_inside (&node_box (geometry, 1)->box, &g1->box);
  assert_rect_inside (&node_box (geometry, 3)->box, &g1->box);
  assert_rect_inside (&node_box (geometry, 2)->box, &g2->box);
  assert_rect_inside (&node_box (geometry, 4)->box, &g2->box);
  g_assert_cmpfloat (distance_to_rect ((BsFlowPoint) { centre_x (&node_box (geometry, 5)->box),
                                                       centre_y (&node_box (geometry, 5)->box) },
                                       &g1->box), >, 0);

  for (guint i = 0; i < 2; i++)
    {
      const BsFlowGroupBox *group = i == 0 ? g1 : g2;

      g_assert_cmpfloat (group->label_box.width, >, 0);
      assert_rect_inside (&group->label_box, &group->box);
      /* At the top, above the nodes. */
      g_assert_cmpfloat (group->label_box.y - group->box.y, <, 12);
      for (guint j = 0; j < geometry->nodes->len; j++)
        {
          const BsFlowRect *r = &g_array_index (geometry->nodes, BsFlowNodeBox, j).box;

          if (r->x >= group->box.x && r->x + r->width <= group->box.x + group->box.width &&
              r->y >= group->box.y && r->y + r->height <= group->box.y + group->box.height)
            g_assert_cmpfloat (r->y, >=, group->label_box.y + group->label_box.height);
        }
    }

  /* Clusters do not overlap. */
  g_assert_true (g1->box.x + g1->box.width <= g2->box.x || g2->box.x + g2->box.width <= g1->box.x ||
                 g1->box.y + g1->box.height <= g2->box.y || g2->box.y + g2->box.height <= g1->box.y);
}

/* Stage grouping: a stage is one column (left to right) or row. */
static void
test_stages (void)
{
  for (int d = 0; d < 2; d++)
    {
      BsFlowDirection direction = d == 0 ? BS_FLOW_DIRECTION_LEFT_RIGHT : BS_FLOW_DIRECTION_TOP_BOTTOM;
      g_autoptr(BsFlowGraph) graph = bs_flow_graph_new (direction, BS_FLOW_GROUPING_STAGE);
      g_autoptr(BsFlowGeometry) geometry = NULL;

      bs_flow_graph_add_group (graph, 0, "Stage 1", 0, 0);
      bs_flow_graph_add_group (graph, 1, "Stage 2", 0, 0);
      bs_flow_graph_add_group (graph, 2, "Stage 3", 0, 0);
      /* 1 → 3, 2 → 4 → 5, 1 → 5: stages {1, 2}, {3, 4}, {5} */
      bs_flow_graph_add_node (graph, 1, 100, 40, 0);
      bs_flow_graph_add_node (graph, 2, 140, 40, 0);
      bs_flow_graph_add_node (graph, 3, 100, 56, 1);
      bs_flow_graph_add_node (graph, 4, 120, 40, 1);
      bs_flow_graph_add_node (graph, 5, 100, 40, 2);
      bs_flow_graph_add_edge (graph, 1, 3);
      bs_flow_graph_add_edge (graph, 2, 4);
      bs_flow_graph_add_edge (graph, 4, 5);
      bs_flow_graph_add_edge (graph, 1, 5);
      geometry = compute (graph);
      assert_geometry_sane (graph, geometry);

      g_assert_cmpuint (geometry->groups->len, ==, 3);
      for (guint i = 0; i < 3; i++)
        {
          const BsFlowGroupBox *stage = &g_array_index (geometry->groups, BsFlowGroupBox, i);

          g_assert_cmpint (stage->key, ==, i);
          g_assert_cmpfloat (stage->label_box.width, ==, 0);
        }
      for (gint64 id = 1; id <= 5; id++)
        {
          const BsFlowRect *r = &node_box (geometry, id)->box;
          guint stage = id <= 2 ? 0 : id <= 4 ? 1 : 2;

          assert_rect_inside (r, &g_array_index (geometry->groups, BsFlowGroupBox, stage).box);
        }
      /* Same rank: the same centre line across the flow. */
      if (direction == BS_FLOW_DIRECTION_LEFT_RIGHT)
        {
          g_assert_cmpfloat_with_epsilon (centre_x (&node_box (geometry, 1)->box),
                                          centre_x (&node_box (geometry, 2)->box), 0.5);
          g_assert_cmpfloat_with_epsilon (centre_x (&node_box (geometry, 3)->box),
                                          centre_x (&node_box (geometry, 4)->box), 0.5);
          g_assert_cmpfloat (centre_x (&node_box (geometry, 4)->box), <,
                             centre_x (&node_box (geometry, 5)->box));
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (centre_y (&node_box (geometry, 1)->box),
                                          centre_y (&node_box (geometry, 2)->box), 0.5);
          g_assert_cmpfloat_with_epsilon (centre_y (&node_box (geometry, 3)->box),
                                          centre_y (&node_box (geometry, 4)->box), 0.5);
          g_assert_cmpfloat (centre_y (&node_box (geometry, 4)->box), <,
                             centre_y (&node_box (geometry, 5)->box));
        }
    }
}

/* dot reverses an edge to break a cycle; the path still runs from the
 * prerequisite to the item that needs it. Self-loops too. */
static void
test_cycle (void)
{
  g_autoptr(BsFlowGraph) graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT,
                                                     BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGeometry) geometry = NULL;

  bs_flow_graph_add_node (graph, 7, 100, 40, 0);
  bs_flow_graph_add_node (graph, 8, 100, 40, 0);
  bs_flow_graph_add_node (graph, 9, 100, 40, 0);
  bs_flow_graph_add_edge (graph, 7, 8);
  bs_flow_graph_add_edge (graph, 8, 9);
  bs_flow_graph_add_edge (graph, 9, 7);
  bs_flow_graph_add_edge (graph, 8, 7);
  geometry = compute (graph);
  assert_geometry_sane (graph, geometry);
}

static void
test_self_loop_and_duplicates (void)
{
  g_autoptr(BsFlowGraph) graph = bs_flow_graph_new (BS_FLOW_DIRECTION_TOP_BOTTOM,
                                                     BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGeometry) geometry = NULL;
  const BsFlowEdgePath *loop;

  bs_flow_graph_add_node (graph, 1, 100, 40, 0);
  bs_flow_graph_add_node (graph, 2, 100, 40, 0);
  bs_flow_graph_add_edge (graph, 1, 1);
  bs_flow_graph_add_edge (graph, 1, 2);
  bs_flow_graph_add_edge (graph, 1, 2);
  geometry = compute (graph);
  g_assert_cmpuint (geometry->edges->len, ==, 3);
  loop = &g_array_index (geometry->edges, BsFlowEdgePath, 0);
  g_assert_cmpuint (loop->points->len, >=, 4);
  g_assert_cmpfloat (distance_to_rect (g_array_index (loop->points, BsFlowPoint, 0),
                                       &node_box (geometry, 1)->box), <, 2.0);
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsFlowGraph) unknown = tiny_graph (BS_FLOW_DIRECTION_LEFT_RIGHT, BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGraph) twice = tiny_graph (BS_FLOW_DIRECTION_LEFT_RIGHT, BS_FLOW_GROUPING_NONE);
  g_autoptr(BsFlowGeometry) geometry = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bs_flow_graph_add_edge (unknown, 3, 42);
  geometry = bs_flow_layout_compute (unknown, &error);
  g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_INVALID);
  g_assert_null (geometry);
  g_assert_nonnull (strstr (error->message, "42"));
  g_clear_error (&error);

  bytes = bs_flow_render (unknown, "svg", &error);
  g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_INVALID);
  g_assert_null (bytes);
  g_clear_error (&error);

  bs_flow_graph_add_node (twice, 2, 10, 10, 0);
  geometry = bs_flow_layout_compute (twice, &error);
  g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_INVALID);
  g_assert_null (geometry);
  g_clear_error (&error);

  bytes = bs_flow_render (twice, "gif", &error);
  g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_FORMAT);
  g_assert_null (bytes);
  g_clear_error (&error);

  /* Text for a node that is not there. */
  g_assert_false (bs_flow_graph_set_node_text (twice, 42, NULL, NULL));
}

static void
test_empty (void)
{
  g_autoptr(BsFlowGraph) graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT,
                                                     BS_FLOW_GROUPING_DEPARTMENT);
  g_autoptr(BsFlowGeometry) geometry = compute (graph);
  g_autoptr(BsFlowGeometry) copy = bs_flow_geometry_copy (geometry);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = NULL;

  g_assert_cmpuint (geometry->nodes->len, ==, 0);
  g_assert_cmpuint (copy->edges->len, ==, 0);

  svg = bs_flow_render (graph, "svg", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (svg), >, 0);
}

/* A copy is deep and equal. */
static void
test_copy (void)
{
  g_autoptr(BsFlowGraph) graph = random_dag (40, 4, BS_FLOW_GROUPING_DEPARTMENT, 7);
  g_autoptr(BsFlowGeometry) geometry = compute (graph);
  g_autoptr(BsFlowGeometry) copy = bs_flow_geometry_copy (geometry);

  g_assert_cmpuint (copy->nodes->len, ==, geometry->nodes->len);
  g_assert_cmpmem (copy->nodes->data, copy->nodes->len * sizeof (BsFlowNodeBox),
                   geometry->nodes->data, geometry->nodes->len * sizeof (BsFlowNodeBox));
  g_assert_cmpuint (copy->edges->len, ==, geometry->edges->len);
  for (guint i = 0; i < copy->edges->len; i++)
    {
      const BsFlowEdgePath *a = &g_array_index (geometry->edges, BsFlowEdgePath, i);
      const BsFlowEdgePath *b = &g_array_index (copy->edges, BsFlowEdgePath, i);

      g_assert_true (a->points != b->points);
      g_assert_cmpmem (a->points->data, a->points->len * sizeof (BsFlowPoint),
                       b->points->data, b->points->len * sizeof (BsFlowPoint));
    }
  g_assert_cmpuint (copy->groups->len, ==, geometry->groups->len);
  g_assert_cmpstr (g_array_index (copy->groups, BsFlowGroupBox, 0).label, ==,
                   g_array_index (geometry->groups, BsFlowGroupBox, 0).label);
}

/* Layouts in a loop: under valgrind (build-aux/check) nothing may leak. */
static void
test_many_calls (void)
{
  guint n = g_test_slow () ? 5000 : 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsFlowGraph) graph = random_dag (3 + i % 12, 1 + i % 3,
                                                 (BsFlowGrouping) (i % 3), i);
      g_autoptr(BsFlowGeometry) geometry = compute (graph);

      g_assert_cmpuint (geometry->nodes->len, ==, 3 + i % 12);
    }
}

/* The same graph laid out from several threads at once (one lock). */
static gpointer
layout_thread (gpointer data)
{
  BsFlowGraph *graph = data;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(BsFlowGeometry) geometry = compute (graph);

      g_assert_cmpuint (geometry->nodes->len, ==, bs_flow_graph_get_n_nodes (graph));
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(BsFlowGraph) graph = random_dag (30, 3, BS_FLOW_GROUPING_DEPARTMENT, 3);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("layout", layout_thread, graph);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

/* A theme of 1,000 items lays out, with bounded effort, well within 10 s. */
static void
test_large (void)
{
  for (int g = 0; g < 2; g++)
    {
      BsFlowGrouping grouping = g == 0 ? BS_FLOW_GROUPING_NONE : BS_FLOW_GROUPING_DEPARTMENT;
      g_autoptr(BsFlowGraph) graph = random_dag (1000, 40, grouping, 1000);
      g_autoptr(BsFlowGeometry) geometry = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      geometry = compute (graph);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_test_message ("1,000 nodes, %u edges, %s: %.2f s", bs_flow_graph_get_n_edges (graph),
                      g == 0 ? "no groups" : "40 departments", seconds);
      g_assert_true (geometry->bounded);
      assert_geometry_sane (graph, geometry);
      if (grouping == BS_FLOW_GROUPING_DEPARTMENT)
        g_assert_cmpuint (geometry->groups->len, ==, 40);
    }
}

/* ------------------------------------------------------------------ */
/* BsFlowLayouter */

typedef struct
{
  guint n_finished;
  guint64 generation;
  guint n_nodes;
  gboolean failed;
} Delivered;

static void
on_finished (BsFlowLayouter       *layouter,
             guint64               generation,
             const BsFlowGeometry *geometry,
             const GError         *error,
             Delivered            *delivered)
{
  delivered->n_finished++;
  delivered->generation = generation;
  delivered->failed = error != NULL;
  if (geometry != NULL)
    {
      g_assert_cmpuint (geometry->generation, ==, generation);
      g_assert_true (geometry == bs_flow_layouter_get_geometry (layouter));
      delivered->n_nodes = geometry->nodes->len;
    }
}

static void
wait_until_idle (BsFlowLayouter *layouter)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (bs_flow_layouter_get_busy (layouter))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Five quick requests: only the newest is delivered, once. */
static void
test_layouter_newest (void)
{
  g_autoptr(BsFlowLayouter) layouter = bs_flow_layouter_new ();
  Delivered delivered = { 0 };
  guint64 last = 0;

  g_signal_connect (layouter, "finished", G_CALLBACK (on_finished), &delivered);
  g_assert_false (bs_flow_layouter_get_busy (layouter));
  g_assert_null (bs_flow_layouter_get_geometry (layouter));

  for (guint i = 1; i <= 5; i++)
    {
      /* The first is large enough to still run when the others come. */
      g_autoptr(BsFlowGraph) graph = random_dag (i == 1 ? 300 : 10 * i, 3,
                                                 BS_FLOW_GROUPING_DEPARTMENT, i);
      guint64 generation = bs_flow_layouter_request (layouter, graph);

      g_assert_cmpuint (generation, >, last);
      last = generation;
      g_assert_true (bs_flow_layouter_get_busy (layouter));
    }
  wait_until_idle (layouter);

  g_assert_cmpuint (delivered.n_finished, ==, 1);
  g_assert_cmpuint (delivered.generation, ==, last);
  g_assert_cmpuint (delivered.n_nodes, ==, 50);
  g_assert_false (delivered.failed);
  g_assert_false (bs_flow_layouter_get_busy (layouter));

  /* Then one more, delivered on its own. */
  {
    g_autoptr(BsFlowGraph) graph = random_dag (12, 2, BS_FLOW_GROUPING_NONE, 9);
    last = bs_flow_layouter_request (layouter, graph);
  }
  wait_until_idle (layouter);
  g_assert_cmpuint (delivered.n_finished, ==, 2);
  g_assert_cmpuint (delivered.generation, ==, last);
  g_assert_cmpuint (delivered.n_nodes, ==, 12);
}

/* A graph handed to a worker cannot change any more. */
static void
test_frozen (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BsFlowLayouter) layouter = bs_flow_layouter_new ();
      g_autoptr(BsFlowGraph) graph = tiny_graph (BS_FLOW_DIRECTION_LEFT_RIGHT, BS_FLOW_GROUPING_NONE);

      bs_flow_layouter_request (layouter, graph);
      bs_flow_graph_add_node (graph, 4, 10, 10, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*cannot change once it has been handed*");
}

/* A request that fails is delivered as an error. */
static void
test_layouter_error (void)
{
  g_autoptr(BsFlowLayouter) layouter = bs_flow_layouter_new ();
  g_autoptr(BsFlowGraph) graph = tiny_graph (BS_FLOW_DIRECTION_LEFT_RIGHT, BS_FLOW_GROUPING_NONE);
  Delivered delivered = { 0 };

  bs_flow_graph_add_edge (graph, 1, 77);
  g_signal_connect (layouter, "finished", G_CALLBACK (on_finished), &delivered);
  bs_flow_layouter_request (layouter, graph);
  wait_until_idle (layouter);
  g_assert_cmpuint (delivered.n_finished, ==, 1);
  g_assert_true (delivered.failed);
  g_assert_null (bs_flow_layouter_get_geometry (layouter));
}

/* Dropping the layouter while it works delivers nothing and frees all. */
static void
test_layouter_dropped (void)
{
  BsFlowLayouter *layouter = bs_flow_layouter_new ();
  g_autoptr(BsFlowGraph) graph = random_dag (200, 5, BS_FLOW_GROUPING_DEPARTMENT, 5);
  g_autoptr(BsFlowGeometry) geometry = NULL;
  Delivered delivered = { 0 };

  g_signal_connect (layouter, "finished", G_CALLBACK (on_finished), &delivered);
  bs_flow_layouter_request (layouter, graph);
  bs_flow_layouter_request (layouter, graph);
  g_object_add_weak_pointer (G_OBJECT (layouter), (gpointer *) &layouter);
  g_object_unref (layouter);
  g_assert_null (layouter);

  /* Waits for the worker (one lock), then lets its callback run. */
  geometry = compute (graph);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (G_USEC_PER_SEC / 10);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (delivered.n_finished, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Hostile names in exports */

static char *
long_name (void)
{
  GString *s = g_string_new (NULL);

  while (g_utf8_strlen (s->str, -1) < 10000)
    g_string_append (s, "名称 name \"q\" \\N <&> ");
  return g_string_free (s, FALSE);
}

static const char *const hostile_names[] = {
  "say \"hello\" 'world' \"",
  "back\\slash \\\\ two, and one at the end\\",
  "<b>not bold</b> & <script>x</script> &amp; &#38; Tom&Jerry; R&D",
  "line one\nline two\r\nthree\tfour",
  "node", "edge", "graph", "subgraph", "strict", "digraph", "cluster_0", "n1",
  "\\N \\G \\L \\n \\l \\r \\E \\T \\H \\\\N",
  "]]> <![CDATA[ x ]]> --> <!-- -->",
  "开餐馆：食品经营许可（含冷食类、生食类）",
  "مرحبا بالعالم — نموذج",
  "😀 🍜 👩‍🍳 family 👨‍👩‍👧",
  "e\xcc\x81 a\xcc\x8a Z\xcd\x91\xcd\x92 combining",
  "ctl \x01\x02 \x1b[31m \x1f\x7f end",
  "{ } [ ] ; = -> -- , : label=\"x\"",
  "<",
  "",
};

#define N_HOSTILE (G_N_ELEMENTS (hostile_names) + 1)

typedef struct
{
  BsFlowGraph *graph;
  GPtrArray *names;        /* item names, by node (id = index + 1) */
  GPtrArray *departments;  /* department names, by group key - 1 */
  GPtrArray *lines;        /* GStrv per node */
} Hostile;

static void
hostile_clear (Hostile *h)
{
  g_clear_pointer (&h->graph, bs_flow_graph_unref);
  g_clear_pointer (&h->names, g_ptr_array_unref);
  g_clear_pointer (&h->departments, g_ptr_array_unref);
  g_clear_pointer (&h->lines, g_ptr_array_unref);
}

/* Every hostile string as an item name and as a department name; each
 * node's lines are its name, its department and a badge. */
static void
hostile_init (Hostile        *h,
              BsFlowGrouping  grouping)
{
  h->graph = bs_flow_graph_new (BS_FLOW_DIRECTION_LEFT_RIGHT, grouping);
  h->names = g_ptr_array_new_with_free_func (g_free);
  h->departments = g_ptr_array_new_with_free_func (g_free);
  h->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  bs_flow_graph_set_title (h->graph, "开餐馆 \\G <title> & \"x\"");
  for (guint i = 0; i < N_HOSTILE; i++)
    {
      char *name = i < G_N_ELEMENTS (hostile_names) ? g_strdup (hostile_names[i]) : long_name ();
      /* Departments: the same strings, in reverse order. */
      guint d = N_HOSTILE - 1 - i;
      char *department = d < G_N_ELEMENTS (hostile_names) ? g_strdup (hostile_names[d]) : long_name ();
      const char *lines[] = { name, department, "5 working days", NULL };
      g_autofree char *code = g_strdup_printf ("11%04u\\\"<&>", i);

      g_ptr_array_add (h->names, name);
      g_ptr_array_add (h->departments, department);
      g_ptr_array_add (h->lines, g_strdupv ((GStrv) lines));

      bs_flow_graph_add_group (h->graph, i + 1, department, 80, 20);
      bs_flow_graph_add_node (h->graph, i + 1, 120, 48, i % 2 ? i + 1 : i / 4 + 1);
      g_assert_true (bs_flow_graph_set_node_text (h->graph, i + 1, code, lines));
      if (i > 0)
        bs_flow_graph_add_edge (h->graph, i, i + 1);
      if (i > 2)
        bs_flow_graph_add_edge (h->graph, i - 2, i + 1);
    }
}

/* What a drawn label shows: control characters as spaces, over 60
 * characters cut to 59 and "…". */
static char *
drawn_text (const char *text)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p && n < 60; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 59 && g_utf8_strlen (p, -1) > 1)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (out, FALSE);
}

/* Whitespace removed: graphviz wraps lines and trims. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

typedef struct
{
  gboolean in_text;
  GString *text;       /* all <text> contents, one per line */
  guint n_elements;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element_name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  SvgScan *scan = user_data;

  scan->n_elements++;
  scan->in_text = g_str_equal (element_name, "text");
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element_name,
         gpointer              user_data,
         GError              **error)
{
  SvgScan *scan = user_data;

  if (g_str_equal (element_name, "text"))
    g_string_append_c (scan->text, '\n');
  scan->in_text = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 text_len,
          gpointer              user_data,
          GError              **error)
{
  SvgScan *scan = user_data;

  if (scan->in_text)
    g_string_append_len (scan->text, text, text_len);
}

static char *
svg_texts (GBytes *svg)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SvgScan scan = { FALSE, g_string_new (NULL), 0 };
  gsize size;
  const char *data = g_bytes_get_data (svg, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &scan, NULL);
  g_markup_parse_context_parse (context, data, size, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scan.n_elements, >, 10);
  return g_string_free (scan.text, FALSE);
}

static GBytes *
render (BsFlowGraph *graph,
        const char  *format)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = bs_flow_render (graph, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
test_hostile_svg (void)
{
  for (int g = 0; g < 3; g++)
    {
      Hostile h = { 0 };
      g_autoptr(GBytes) svg = NULL;
      g_autofree char *texts = NULL;
      g_autofree char *squeezed = NULL;

      hostile_init (&h, (BsFlowGrouping) g);
      svg = render (h.graph, "svg");
      texts = svg_texts (svg);
      squeezed = squeeze (texts);

      for (guint i = 0; i < h.names->len; i++)
        {
          g_autofree char *name = drawn_text (g_ptr_array_index (h.names, i));
          g_autofree char *expected = squeeze (name);

          if (!strstr (squeezed, expected))
            g_error ("SVG lacks “%s”; its texts:\n%s", name, texts);
          if (g == BS_FLOW_GROUPING_DEPARTMENT)
            {
              g_autofree char *department = drawn_text (g_ptr_array_index (h.departments, i));
              g_autofree char *expected_department = squeeze (department);

              g_assert_nonnull (strstr (squeezed, expected_department));
            }
        }
      /* The title, and no escape expanded: \G stays, the graph's name
       * ("flow") does not appear in its place. */
      g_assert_nonnull (strstr (texts, "开餐馆 \\G <title> & \"x\""));
      g_assert_nonnull (strstr (texts, "\\N \\G \\L \\n \\l \\r \\E \\T \\H \\\\N"));
      hostile_clear (&h);
    }
}

static void
test_hostile_png_pdf (void)
{
  Hostile h = { 0 };
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *data;
  gsize size;

  hostile_init (&h, BS_FLOW_GROUPING_DEPARTMENT);

  png = render (h.graph, "png");
  data = g_bytes_get_data (png, &size);
  g_assert_cmpuint (size, >, 5000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  pdf = render (h.graph, "pdf");
  data = g_bytes_get_data (pdf, &size);
  g_assert_cmpuint (size, >, 5000);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  g_assert_nonnull (g_strstr_len (data + size - 32, 32, "%%EOF"));

  hostile_clear (&h);
}

/* What DOT keeps of a line: everything but C0 controls other than tab,
 * line feed and carriage return, which XML cannot carry (U+FFFD). */
static char *
full_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        c = 0xfffd;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
test_hostile_dot (void)
{
  for (int g = 0; g < 3; g++)
    {
      Hostile h = { 0 };
      g_autoptr(GBytes) dot_bytes = NULL;
      g_autoptr(BsFlowDot) dot = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint node_ids[N_HOSTILE];
      g_autofree char *dot_program = g_find_program_in_path ("dot");
      const char *data;
      gsize size;

      hostile_init (&h, (BsFlowGrouping) g);
      dot_bytes = render (h.graph, "dot");
      data = g_bytes_get_data (dot_bytes, &size);
      g_assert_true (g_str_has_prefix (data, "digraph flow {"));

      dot = bs_flow_dot_parse (data, size, &error);
      g_assert_no_error (error);
      g_assert_nonnull (dot);

      /* The same nodes, named by id (subgraphs come first in the file),
       * with the same text. */
      g_assert_cmpuint (dot->nodes->len, ==, h.names->len);
      for (guint i = 0; i < dot->nodes->len; i++)
        {
          const BsFlowDotNode *node = g_ptr_array_index (dot->nodes, i);
          guint64 id = 0;
          g_autofree char *joined = NULL;
          g_autofree char *expected = NULL;
          g_autofree char *code = NULL;

          g_assert_true (g_str_has_prefix (node->name, "n"));
          g_assert_true (g_ascii_string_to_unsigned (node->name + 1, 10, 1, N_HOSTILE, &id, NULL));
          g_assert_false (g_hash_table_contains (seen, node->name));
          g_hash_table_add (seen, node->name);
          node_ids[i] = (guint) id;
          joined = g_strjoinv ("\n", g_ptr_array_index (h.lines, id - 1));
          expected = full_text (joined);
          code = g_strdup_printf ("11%04u\\\"<&>", (guint) id - 1);

          g_assert_cmpstr (node->label, ==, expected);
          g_assert_cmpstr (node->code, ==, code);
        }

      /* The same edges. */
      g_assert_cmpuint (dot->edges->len, ==, bs_flow_graph_get_n_edges (h.graph));
      for (guint i = 0; i < dot->edges->len; i++)
        {
          const BsFlowDotEdge *edge = &g_array_index (dot->edges, BsFlowDotEdge, i);

          g_hash_table_add (edges, g_strdup_printf ("%u>%u", node_ids[edge->from], node_ids[edge->to]));
        }
      for (guint i = 0; i < N_HOSTILE; i++)
        {
          g_autofree char *a = g_strdup_printf ("%u>%u", i, i + 1);
          g_autofree char *b = g_strdup_printf ("%u>%u", i - 2, i + 1);

          if (i > 0)
            g_assert_true (g_hash_table_contains (edges, a));
          if (i > 2)
            g_assert_true (g_hash_table_contains (edges, b));
        }

      /* The graphviz program reads it too, and draws the literal text. */
      if (dot_program != NULL)
        {
          g_autofree char *path = NULL;
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;
          g_autoptr(GBytes) svg = NULL;
          g_autofree char *texts = NULL;
          int fd, status;
          const char *argv[] = { dot_program, "-Tsvg", NULL, NULL };

          fd = g_file_open_tmp ("test-layout-XXXXXX.dot", &path, &error);
          g_assert_no_error (error);
          close (fd);
          g_file_set_contents (path, data, size, &error);
          g_assert_no_error (error);
          argv[2] = path;
          g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                        &out, &err, &status, &error);
          g_assert_no_error (error);
          g_unlink (path);
          if (!g_spawn_check_wait_status (status, &error))
            g_test_message ("dot -Tsvg says: %s", err);
          g_assert_no_error (error);
          g_assert_true (err == NULL || strstr (err, "Error") == NULL);

          svg = g_bytes_new (out, strlen (out));
          texts = svg_texts (svg);
          g_assert_nonnull (strstr (texts, "\\N \\G \\L \\n \\l \\r \\E \\T \\H \\\\N"));
          g_assert_nonnull (strstr (texts, "开餐馆：食品经营许可（含冷食类、生食类）"));
        }
      hostile_clear (&h);
    }
}

/* DOT written by others: plain and HTML labels, escapes, no label. */
static void
test_dot_parse (void)
{
  static const char text[] =
    "digraph \"my graph\" {\n"
    "  a [label=\"first\\nsecond \\\\N \\N in \\G\"];\n"
    "  \"b c\" [label=<x &amp; <B>y</B><BR ALIGN=\"LEFT\"/>z>];\n"
    "  subgraph cluster_x { d; e [label=\"开餐馆\"] }\n"
    "  a -> \"b c\" -> d;\n"
    "  e -> a;\n"
    "  f [label=<&nbsp;odd &amp; html>]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BsFlowDot) dot = bs_flow_dot_parse (text, strlen (text), &error);
  const BsFlowDotNode *node;

  g_assert_no_error (error);
  g_assert_cmpuint (dot->nodes->len, ==, 5);

  node = g_ptr_array_index (dot->nodes, 0);
  g_assert_cmpstr (node->name, ==, "a");
  g_assert_cmpstr (node->label, ==, "first\nsecond \\N a in my graph");
  g_assert_null (node->code);
  node = g_ptr_array_index (dot->nodes, 1);
  g_assert_cmpstr (node->name, ==, "b c");
  g_assert_cmpstr (node->label, ==, "x & y\nz");
  node = g_ptr_array_index (dot->nodes, 2);
  g_assert_cmpstr (node->label, ==, "d");
  node = g_ptr_array_index (dot->nodes, 3);
  g_assert_cmpstr (node->label, ==, "开餐馆");
  node = g_ptr_array_index (dot->nodes, 4);
  g_assert_cmpstr (node->name, ==, "f");
  g_assert_nonnull (strstr (node->label, "odd"));

  g_assert_cmpuint (dot->edges->len, ==, 3);
}

static void
test_dot_parse_bad (void)
{
  static const char *const bad[] = {
    "", "not a graph", "digraph { a -> }", "digraph { a [label=<unclosed] }",
    "graph g { a -- b", "digraph { \"a\0b\" }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsFlowDot) dot = NULL;
      gsize length = i == G_N_ELEMENTS (bad) - 1 ? 20 : strlen (bad[i]);

      dot = bs_flow_dot_parse (bad[i], length, &error);
      g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_PARSE);
      g_assert_null (dot);
      /* graphviz's own message, with the line. */
      if (i == 2)
        g_assert_nonnull (strstr (error->message, "syntax error in line 1"));
    }

  /* The parser is fine again afterwards. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BsFlowDot) dot = bs_flow_dot_parse ("digraph { x -> y }", 18, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (dot->nodes->len, ==, 2);
    g_assert_cmpuint (dot->edges->len, ==, 1);
  }
}

/* Exports off the main thread. */
static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bs_flow_render_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_render_async (void)
{
  g_autoptr(BsFlowGraph) graph = random_dag (20, 3, BS_FLOW_GROUPING_DEPARTMENT, 11);
  g_autoptr(GBytes) svg = NULL;

  bs_flow_render_async (graph, "svg", NULL, on_rendered, &svg);
  while (svg == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (svg, NULL), "<?xml"));
}

/* ------------------------------------------------------------------ */
/* From a theme's flow */

static void
add_flow_node (BsThemeFlow *flow,
               gint64       id,
               const char  *name,
               gint64       department_id,
               const char  *department_name,
               int          legal,
               int          committed,
               BsHandling   handling)
{
  g_autofree char *code = g_strdup_printf ("C%" G_GINT64_FORMAT, id);
  BsFlowNode node = {
    id, code, (char *) name, department_id, (char *) department_name,
    legal, BS_LIMIT_UNIT_WORKING_DAYS, committed, BS_LIMIT_UNIT_WORKING_DAYS, handling, 1,
  };

  g_assert_true (bs_theme_flow_add_node (flow, &node));
}

static void
measure_lines (gboolean            group_label,
               const char * const *lines,
               double             *width,
               double             *height,
               gpointer            user_data)
{
  guint *n_calls = user_data;

  (*n_calls)++;
  *width = group_label ? 70 : 130;
  *height = group_label ? 16 : 20.0 * g_strv_length ((GStrv) lines);
}

static void
test_from_theme (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  /* 1 → 2 → 4, 3 → 4; 1 and 2 at the market regulator, 3 at the fire
   * brigade, 4 without a department; an edge to an item not in the flow. */
  add_flow_node (flow, 1, "营业执照", 10, "市场监管局", 20, 5, BS_HANDLING_COMMITTED);
  add_flow_node (flow, 2, "食品经营许可", 10, "市场监管局", 20, 20, BS_HANDLING_COMMITTED);
  add_flow_node (flow, 3, "消防安全检查", 20, "消防救援支队", -1, -1, BS_HANDLING_COMMITTED);
  add_flow_node (flow, 4, "户外招牌设置", 0, "", 10, 3, BS_HANDLING_ON_THE_SPOT);
  bs_theme_flow_add_edge (flow, 1, 2);
  bs_theme_flow_add_edge (flow, 2, 4);
  bs_theme_flow_add_edge (flow, 3, 4);
  bs_theme_flow_add_edge (flow, 3, 99);
  analysis = bs_theme_flow_analyse (flow);

  {
    g_autoptr(BsFlowGraph) graph = NULL;
    g_autoptr(BsFlowGeometry) geometry = NULL;
    g_autoptr(GBytes) dot_bytes = NULL;
    g_autoptr(BsFlowDot) dot = NULL;
    g_autoptr(GError) error = NULL;
    guint n_calls = 0;
    gsize size;
    const char *data;

    graph = bs_flow_graph_new_for_theme (analysis, "开餐馆", BS_FLOW_DIRECTION_LEFT_RIGHT,
                                         BS_FLOW_GROUPING_DEPARTMENT, measure_lines, &n_calls);
    g_assert_cmpuint (bs_flow_graph_get_n_nodes (graph), ==, 4);
    g_assert_cmpuint (bs_flow_graph_get_n_edges (graph), ==, 3);
    /* Four nodes and two department labels. */
    g_assert_cmpuint (n_calls, ==, 6);

    geometry = compute (graph);
    assert_geometry_sane (graph, geometry);
    g_assert_cmpfloat (node_box (geometry, 1)->box.width, ==, 130);
    g_assert_cmpfloat (node_box (geometry, 1)->box.height, ==, 60);
    g_assert_cmpuint (geometry->groups->len, ==, 2);
    g_assert_cmpint (g_array_index (geometry->groups, BsFlowGroupBox, 0).key, ==, 10);
    g_assert_cmpstr (g_array_index (geometry->groups, BsFlowGroupBox, 0).label, ==, "市场监管局");
    g_assert_cmpfloat (g_array_index (geometry->groups, BsFlowGroupBox, 1).label_box.width, ==, 70);

    dot_bytes = render (graph, "dot");
    data = g_bytes_get_data (dot_bytes, &size);
    dot = bs_flow_dot_parse (data, size, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (dot->nodes->len, ==, 4);
    for (guint i = 0; i < dot->nodes->len; i++)
      {
        const BsFlowDotNode *node = g_ptr_array_index (dot->nodes, i);

        if (g_str_equal (node->name, "n1"))
          {
            g_assert_cmpstr (node->code, ==, "C1");
            g_assert_true (g_str_has_prefix (node->label, "营业执照\n市场监管局\n"));
          }
        if (g_str_equal (node->name, "n4"))
          g_assert_true (g_str_has_prefix (node->label, "户外招牌设置\n\n"));
      }
  }

  {
    g_autoptr(BsFlowGraph) graph = bs_flow_graph_new_for_theme (analysis, NULL,
                                                                 BS_FLOW_DIRECTION_TOP_BOTTOM,
                                                                 BS_FLOW_GROUPING_STAGE, NULL, NULL);
    g_autoptr(BsFlowGeometry) geometry = compute (graph);

    /* Stages {1, 3}, {2}, {4}. */
    g_assert_cmpuint (geometry->groups->len, ==, 3);
    g_assert_cmpstr (g_array_index (geometry->groups, BsFlowGroupBox, 0).label, ==, "Stage 1");
    g_assert_cmpfloat_with_epsilon (centre_y (&node_box (geometry, 1)->box),
                                    centre_y (&node_box (geometry, 3)->box), 0.5);
    g_assert_cmpfloat (node_box (geometry, 1)->box.width, ==, 160);
  }
}

static void
test_limit_badge (void)
{
  BsFlowNode node = { 1, (char *) "C", (char *) "N", 0, (char *) "", 20, BS_LIMIT_UNIT_WORKING_DAYS,
                      5, BS_LIMIT_UNIT_WORKING_DAYS, BS_HANDLING_COMMITTED, 1 };
  g_autofree char *both = bs_flow_dup_limit_badge (&node);
  g_autofree char *committed = NULL;
  g_autofree char *statutory = NULL;
  g_autofree char *none = NULL;
  g_autofree char *spot = NULL;

  g_assert_cmpstr (both, ==, "5 working days (statutory 20 working days)");
  node.legal_limit = -1;
  committed = bs_flow_dup_limit_badge (&node);
  g_assert_cmpstr (committed, ==, "5 working days");
  node.legal_limit = 20;
  node.committed_limit = -1;
  statutory = bs_flow_dup_limit_badge (&node);
  g_assert_cmpstr (statutory, ==, "20 working days");
  node.legal_limit = -1;
  none = bs_flow_dup_limit_badge (&node);
  g_assert_cmpstr (none, ==, "—");
  node.handling = BS_HANDLING_ON_THE_SPOT;
  spot = bs_flow_dup_limit_badge (&node);
  g_assert_cmpstr (spot, ==, bs_handling_get_label (BS_HANDLING_ON_THE_SPOT));
}

/* LeakSanitizer (build-aux/check's ASan build) reads these: graphviz's own
 * leaks, as in build-aux/valgrind.supp, matched by library. The fast
 * unwinder stops inside uninstrumented libraries without frame pointers
 * (pango's allocations through GLib never reach a graphviz frame), so
 * allocations are traced with the slow one. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:libgvc.so\n"
         "leak:libgvplugin_\n"
         "leak:libfontconfig.so\n"
         "leak:libcairo.so\n";
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/geometry/left-right", test_tiny_left_right);
  g_test_add_func ("/layout/geometry/top-bottom", test_tiny_top_bottom);
  g_test_add_func ("/layout/geometry/departments", test_departments);
  g_test_add_func ("/layout/geometry/stages", test_stages);
  g_test_add_func ("/layout/geometry/cycle", test_cycle);
  g_test_add_func ("/layout/geometry/self-loop", test_self_loop_and_duplicates);
  g_test_add_func ("/layout/geometry/copy", test_copy);
  g_test_add_func ("/layout/invalid", test_invalid);
  g_test_add_func ("/layout/empty", test_empty);
  g_test_add_func ("/layout/many-calls", test_many_calls);
  g_test_add_func ("/layout/threads", test_threads);
  g_test_add_func ("/layout/large", test_large);
  g_test_add_func ("/layout/layouter/newest", test_layouter_newest);
  g_test_add_func ("/layout/layouter/error", test_layouter_error);
  g_test_add_func ("/layout/layouter/frozen", test_frozen);
  g_test_add_func ("/layout/layouter/dropped", test_layouter_dropped);
  g_test_add_func ("/layout/export/hostile-svg", test_hostile_svg);
  g_test_add_func ("/layout/export/hostile-png-pdf", test_hostile_png_pdf);
  g_test_add_func ("/layout/export/hostile-dot", test_hostile_dot);
  g_test_add_func ("/layout/export/async", test_render_async);
  g_test_add_func ("/layout/theme/graph", test_from_theme);
  g_test_add_func ("/layout/theme/limit-badge", test_limit_badge);
  g_test_add_func ("/layout/dot/parse", test_dot_parse);
  g_test_add_func ("/layout/dot/parse-bad", test_dot_parse_bad);

  return g_test_run ();
}
