/* bs-theme-flow.c: a theme's approval flow, its problems, stages and
 * critical path
 *
 * The analysis works on node indexes with the edges in compressed rows,
 * successors sorted by item name, so that every choice (which cycle, which
 * path among equals) comes out the same on every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-entity-private.h"
#include "bs-theme-flow.h"

/* Names listed in one message at most; the problem's item_ids hold all. */
#define MAX_LISTED_NAMES 10

struct _BsThemeFlow
{
  GArray *nodes;        /* BsFlowNode */
  GArray *edges;        /* BsEdge */
  GHashTable *index;    /* gint64 item id → node index + 1 */
  GHashTable *edge_set; /* BsEdge* (owned) */
};

G_DEFINE_BOXED_TYPE (BsThemeFlow, bs_theme_flow, bs_theme_flow_ref, bs_theme_flow_unref)

static guint
edge_hash (gconstpointer key)
{
  const BsEdge *edge = key;

  return g_int64_hash (&edge->before_id) * 31 + g_int64_hash (&edge->after_id);
}

static gboolean
edge_equal (gconstpointer a,
            gconstpointer b)
{
  const BsEdge *ea = a, *eb = b;

  return ea->before_id == eb->before_id && ea->after_id == eb->after_id;
}

static void
flow_node_clear (gpointer data)
{
  BsFlowNode *node = data;

  g_clear_pointer (&node->code, g_free);
  g_clear_pointer (&node->name, g_free);
  g_clear_pointer (&node->department_name, g_free);
}

static void
bs_theme_flow_free (BsThemeFlow *self)
{
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_hash_table_unref (self->index);
  g_hash_table_unref (self->edge_set);
}

BsThemeFlow *
bs_theme_flow_new (void)
{
  BsThemeFlow *self = g_atomic_rc_box_new0 (BsThemeFlow);

  self->nodes = g_array_new (FALSE, TRUE, sizeof (BsFlowNode));
  g_array_set_clear_func (self->nodes, flow_node_clear);
  self->edges = g_array_new (FALSE, FALSE, sizeof (BsEdge));
  self->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->edge_set = g_hash_table_new_full (edge_hash, edge_equal, g_free, NULL);
  return self;
}

BsThemeFlow *
bs_theme_flow_ref (BsThemeFlow *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
bs_theme_flow_unref (BsThemeFlow *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) bs_theme_flow_free);
}

static int
node_index (BsThemeFlow *self,
            gint64       item_id)
{
  gpointer value = g_hash_table_lookup (self->index, &item_id);

  return value != NULL ? GPOINTER_TO_INT (value) - 1 : -1;
}

gboolean
bs_theme_flow_add_node (BsThemeFlow      *self,
                        const BsFlowNode *node)
{
  BsFlowNode copy;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (self->nodes->len < G_MAXINT - 1, FALSE);

  if (node_index (self, node->item_id) >= 0)
    return FALSE;

  copy = *node;
  copy.code = g_strdup (node->code != NULL ? node->code : "");
  copy.name = g_strdup (node->name != NULL ? node->name : "");
  copy.department_name = g_strdup (node->department_name != NULL ? node->department_name : "");
  g_array_append_val (self->nodes, copy);
  g_hash_table_insert (self->index, g_memdup2 (&node->item_id, sizeof (gint64)),
                       GINT_TO_POINTER (self->nodes->len));
  return TRUE;
}

gboolean
bs_theme_flow_add_edge (BsThemeFlow *self,
                        gint64       before_id,
                        gint64       after_id)
{
  BsEdge edge = { before_id, after_id };

  g_return_val_if_fail (self != NULL, FALSE);

  if (g_hash_table_contains (self->edge_set, &edge))
    return FALSE;
  g_array_append_val (self->edges, edge);
  g_hash_table_add (self->edge_set, g_memdup2 (&edge, sizeof edge));
  return TRUE;
}

guint
bs_theme_flow_get_n_nodes (BsThemeFlow *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->nodes->len;
}

const BsFlowNode *
bs_theme_flow_get_node (BsThemeFlow *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);

  return &g_array_index (self->nodes, BsFlowNode, index);
}

const BsFlowNode *
bs_theme_flow_lookup_node (BsThemeFlow *self,
                           gint64       item_id)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  i = node_index (self, item_id);
  return i >= 0 ? &g_array_index (self->nodes, BsFlowNode, i) : NULL;
}

guint
bs_theme_flow_get_n_edges (BsThemeFlow *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->edges->len;
}

const BsEdge *
bs_theme_flow_get_edge (BsThemeFlow *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->edges->len, NULL);

  return &g_array_index (self->edges, BsEdge, index);
}

gboolean
bs_theme_flow_has_edge (BsThemeFlow *self,
                        gint64       before_id,
                        gint64       after_id)
{
  BsEdge edge = { before_id, after_id };

  g_return_val_if_fail (self != NULL, FALSE);

  return g_hash_table_contains (self->edge_set, &edge);
}

/* ------------------------------------------------------------------ */
/* Reading a theme from the catalogue */

BsThemeFlow *
bs_theme_flow_new_from_catalogue (BsCatalogue  *catalogue,
                                  gint64        theme_id,
                                  GError      **error)
{
  g_autoptr(BsThemeFlow) self = NULL;
  g_autoptr(GArray) edges = NULL;
  sqlite3_stmt *stmt;
  gint64 exists;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bs_query_int64 (catalogue, "SELECT count(*) FROM theme WHERE id = ?1", theme_id, 0,
                       &exists, error))
    return NULL;
  if (exists == 0)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                           _("The theme does not exist"));
      return NULL;
    }

  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT i.id, i.code, i.name, i.department_id, d.name,"
                               " i.legal_limit, i.legal_limit_unit,"
                               " i.committed_limit, i.committed_limit_unit,"
                               " i.handling, i.visits"
                               " FROM theme_item ti"
                               " JOIN item i ON i.id = ti.item_id"
                               " LEFT JOIN department d ON d.id = i.department_id"
                               " WHERE ti.theme_id = ?1"
                               " ORDER BY ti.position, i.id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, theme_id);

  self = bs_theme_flow_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = bs_column_dup_text (stmt, 1);
      g_autofree char *name = bs_column_dup_text (stmt, 2);
      g_autofree char *department_name = bs_column_dup_text (stmt, 4);
      const char *legal_unit = (const char *) sqlite3_column_text (stmt, 6);
      const char *committed_unit = (const char *) sqlite3_column_text (stmt, 8);
      const char *handling = (const char *) sqlite3_column_text (stmt, 9);
      BsFlowNode node = {
        .item_id = sqlite3_column_int64 (stmt, 0),
        .code = code,
        .name = name,
        .department_id = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                           ? 0 : sqlite3_column_int64 (stmt, 3),
        .department_name = department_name,
        .legal_limit = bs_column_optional_int (stmt, 5),
        .committed_limit = bs_column_optional_int (stmt, 7),
        .visits = bs_column_optional_int (stmt, 10),
      };

      /* The schema's CHECKs keep these known; fall back to the defaults. */
      if (legal_unit == NULL || !bs_limit_unit_from_string (legal_unit, &node.legal_limit_unit))
        node.legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
      if (committed_unit == NULL ||
          !bs_limit_unit_from_string (committed_unit, &node.committed_limit_unit))
        node.committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
      if (handling == NULL || !bs_handling_from_string (handling, &node.handling))
        node.handling = BS_HANDLING_COMMITTED;

      bs_theme_flow_add_node (self, &node);
    }
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (!(edges = bs_catalogue_list_theme_edges (catalogue, theme_id, error)))
    return NULL;
  for (guint i = 0; i < edges->len; i++)
    {
      const BsEdge *edge = &g_array_index (edges, BsEdge, i);

      bs_theme_flow_add_edge (self, edge->before_id, edge->after_id);
    }

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* The graph on node indexes */

typedef struct
{
  guint n;
  BsFlowNode *nodes;   /* the flow's, not owned */
  guint *rank;         /* node → position by name, code, id */
  guint *by_rank;      /* position → node */
  /* Successors and predecessors in compressed rows, each row by rank.
   * Only edges between two nodes, never a self-loop. */
  guint *out_start;
  guint *out;
  guint *in_start;
  guint *in;
} Graph;

static int
compare_nodes (const BsFlowNode *a,
               const BsFlowNode *b)
{
  int cmp;

  /* Byte order, not the locale's collation: the same on every machine. */
  if ((cmp = strcmp (a->name, b->name)) != 0)
    return cmp;
  if ((cmp = strcmp (a->code, b->code)) != 0)
    return cmp;
  return (a->item_id > b->item_id) - (a->item_id < b->item_id);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const BsFlowNode *nodes = user_data;

  return compare_nodes (&nodes[*(const guint *) a], &nodes[*(const guint *) b]);
}

static int
compare_by_rank (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const guint *rank = user_data;
  guint ra = rank[*(const guint *) a], rb = rank[*(const guint *) b];

  return (ra > rb) - (ra < rb);
}

static void
graph_clear (Graph *graph)
{
  g_clear_pointer (&graph->rank, g_free);
  g_clear_pointer (&graph->by_rank, g_free);
  g_clear_pointer (&graph->out_start, g_free);
  g_clear_pointer (&graph->out, g_free);
  g_clear_pointer (&graph->in_start, g_free);
  g_clear_pointer (&graph->in, g_free);
}

/* Builds the rows of one direction: @from[k] → @to[k] for k < @m. */
static void
build_rows (const Graph  *graph,
            const guint  *from,
            const guint  *to,
            guint         m,
            guint       **out_start,
            guint       **out_targets)
{
  guint *start = g_new0 (guint, graph->n + 1);
  guint *targets = g_new (guint, MAX (m, 1));
  g_autofree guint *fill = NULL;

  for (guint k = 0; k < m; k++)
    start[from[k] + 1]++;
  for (guint v = 0; v < graph->n; v++)
    start[v + 1] += start[v];
  fill = g_memdup2 (start, sizeof (guint) * (graph->n + 1));
  for (guint k = 0; k < m; k++)
    targets[fill[from[k]]++] = to[k];
  for (guint v = 0; v < graph->n; v++)
    g_qsort_with_data (targets + start[v], (gint) (start[v + 1] - start[v]), sizeof (guint),
                  compare_by_rank, graph->rank);

  *out_start = start;
  *out_targets = targets;
}

static void
graph_init (Graph       *graph,
            BsThemeFlow *flow)
{
  g_autofree guint *from = NULL;
  g_autofree guint *to = NULL;
  guint m = 0;

  graph->n = flow->nodes->len;
  graph->nodes = (BsFlowNode *) (gpointer) flow->nodes->data;

  graph->by_rank = g_new (guint, MAX (graph->n, 1));
  for (guint v = 0; v < graph->n; v++)
    graph->by_rank[v] = v;
  g_qsort_with_data (graph->by_rank, (gint) graph->n, sizeof (guint), compare_by_name, graph->nodes);
  graph->rank = g_new (guint, MAX (graph->n, 1));
  for (guint r = 0; r < graph->n; r++)
    graph->rank[graph->by_rank[r]] = r;

  from = g_new (guint, MAX (flow->edges->len, 1));
  to = g_new (guint, MAX (flow->edges->len, 1));
  for (guint i = 0; i < flow->edges->len; i++)
    {
      const BsEdge *edge = &g_array_index (flow->edges, BsEdge, i);
      int u = node_index (flow, edge->before_id);
      int v = node_index (flow, edge->after_id);

      if (u < 0 || v < 0 || u == v)
        continue;
      from[m] = (guint) u;
      to[m] = (guint) v;
      m++;
    }

  build_rows (graph, from, to, m, &graph->out_start, &graph->out);
  build_rows (graph, to, from, m, &graph->in_start, &graph->in);
}

/* Breadth first from @from to @to (node indexes), successors by name:
 * the shortest path, the same every time. Returns the node indexes from
 * @from to @to, or NULL. With @from == @to, the shortest cycle through it. */
static GArray *
graph_shortest_path (const Graph *graph,
                     guint        from,
                     guint        to)
{
  g_autofree guint *parent = g_new (guint, graph->n);
  g_autofree guint *queue = g_new (guint, graph->n);
  guint head = 0, tail = 0;
  guint last = G_MAXUINT;
  GArray *path;

  for (guint v = 0; v < graph->n; v++)
    parent[v] = G_MAXUINT;

  queue[tail++] = from;
  parent[from] = from;
  while (head < tail && last == G_MAXUINT)
    {
      guint v = queue[head++];

      for (guint k = graph->out_start[v]; k < graph->out_start[v + 1]; k++)
        {
          guint w = graph->out[k];

          if (w == to)
            {
              last = v;
              break;
            }
          if (parent[w] == G_MAXUINT)
            {
              parent[w] = v;
              queue[tail++] = w;
            }
        }
    }
  if (last == G_MAXUINT)
    return NULL;

  path = g_array_new (FALSE, FALSE, sizeof (guint));
  if (from != to)
    g_array_append_val (path, to);
  for (guint v = last;; v = parent[v])
    {
      g_array_append_val (path, v);
      if (v == from)
        break;
    }
  /* Collected backwards. */
  for (guint i = 0; i < path->len / 2; i++)
    {
      guint tmp = g_array_index (path, guint, i);

      g_array_index (path, guint, i) = g_array_index (path, guint, path->len - 1 - i);
      g_array_index (path, guint, path->len - 1 - i) = tmp;
    }
  return path;
}

/* "A → B → C" */
static char *
join_chain (const Graph  *graph,
            const guint  *path,
            guint         length,
            gboolean      close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append (text, " → ");
      g_string_append (text, graph->nodes[path[i]].name);
    }
  if (close && length > 0)
    {
      g_string_append (text, " → ");
      g_string_append (text, graph->nodes[path[0]].name);
    }
  return g_string_free (text, FALSE);
}

GArray *
bs_theme_flow_find_path (BsThemeFlow *self,
                         gint64       from_id,
                         gint64       to_id)
{
  Graph graph = { 0 };
  g_autoptr(GArray) path = NULL;
  GArray *ids;
  int from, to;

  g_return_val_if_fail (self != NULL, NULL);

  from = node_index (self, from_id);
  to = node_index (self, to_id);
  if (from < 0 || to < 0)
    return NULL;
  if (from == to)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, from_id);
      return ids;
    }

  graph_init (&graph, self);
  path = graph_shortest_path (&graph, (guint) from, (guint) to);
  graph_clear (&graph);
  if (path == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), path->len);
  for (guint i = 0; i < path->len; i++)
    g_array_append_val (ids, g_array_index (self->nodes, BsFlowNode,
                                            g_array_index (path, guint, i)).item_id);
  return ids;
}

gboolean
bs_theme_flow_check_new_edge (BsThemeFlow  *self,
                              gint64        before_id,
                              gint64        after_id,
                              GError      **error)
{
  const BsFlowNode *before, *after;
  g_autoptr(GArray) back = NULL;
  GString *chain;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  before = bs_theme_flow_lookup_node (self, before_id);
  after = bs_theme_flow_lookup_node (self, after_id);
  if (before == NULL || after == NULL)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                           _("Both items must be in the theme; add the item to the theme first"));
      return FALSE;
    }
  if (before_id == after_id)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                           _("An item cannot be its own prerequisite"));
      return FALSE;
    }
  if (bs_theme_flow_has_edge (self, before_id, after_id))
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                   _("“%s” is already a prerequisite of “%s”"), before->name, after->name);
      return FALSE;
    }
  if (!(back = bs_theme_flow_find_path (self, after_id, before_id)))
    return TRUE;

  /* before → after → … → before */
  chain = g_string_new (before->name);
  for (guint i = 0; i < back->len; i++)
    {
      const BsFlowNode *node = bs_theme_flow_lookup_node (self, g_array_index (back, gint64, i));

      g_string_append (chain, " → ");
      g_string_append (chain, node->name);
    }
  text = g_string_free (chain, FALSE);
  g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
               /* TRANSLATORS: the last placeholder is a chain of item names, "A → B → A" */
               _("“%s” cannot be a prerequisite of “%s”: that would close the cycle %s"),
               before->name, after->name, text);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Analysis */

struct _BsFlowAnalysis
{
  BsThemeFlow *flow;
  GPtrArray *problems;     /* BsFlowProblem */
  gboolean has_cycles;
  int *stage;              /* per node */
  GPtrArray *stages;       /* GArray of gint64 per stage */
  BsFlowPath paths[BS_N_FLOW_LIMITS];
  gboolean *critical[BS_N_FLOW_LIMITS]; /* per node */
  BsFlowSummary summary;
};

G_DEFINE_BOXED_TYPE (BsFlowAnalysis, bs_flow_analysis, bs_flow_analysis_ref, bs_flow_analysis_unref)

void
bs_flow_problem_free (BsFlowProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_array_unref (problem->item_ids);
  g_array_unref (problem->edges);
  g_free (problem);
}

static void
bs_flow_analysis_free (BsFlowAnalysis *self)
{
  bs_theme_flow_unref (self->flow);
  g_ptr_array_unref (self->problems);
  g_free (self->stage);
  g_ptr_array_unref (self->stages);
  for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
    {
      g_array_unref (self->paths[l].item_ids);
      g_free (self->critical[l]);
    }
}

BsFlowAnalysis *
bs_flow_analysis_ref (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
bs_flow_analysis_unref (BsFlowAnalysis *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) bs_flow_analysis_free);
}

BsFlowProblem *
bs_flow_problem_new (BsFlowProblemKind  kind,
                     char              *message)
{
  BsFlowProblem *problem = g_new0 (BsFlowProblem, 1);

  g_return_val_if_fail (kind < BS_N_FLOW_PROBLEMS, NULL);

  problem->kind = kind;
  switch (kind)
    {
    case BS_FLOW_PROBLEM_CYCLE:
    case BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME:
    case BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS:
    case BS_FLOW_PROBLEM_PREREQUISITE_MISSING:
    case BS_FLOW_PROBLEM_FOLLOW_UP_ORDER:
      problem->severity = BS_FLOW_SEVERITY_ERROR;
      break;
    default:
      problem->severity = BS_FLOW_SEVERITY_WARNING;
      break;
    }
  problem->message = message;
  problem->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  problem->edges = g_array_new (FALSE, FALSE, sizeof (BsEdge));
  return problem;
}

static BsFlowProblem *
add_problem (BsFlowAnalysis    *self,
             BsFlowProblemKind  kind,
             char              *message)
{
  BsFlowProblem *problem = bs_flow_problem_new (kind, message);

  g_ptr_array_add (self->problems, problem);
  if (problem->severity == BS_FLOW_SEVERITY_ERROR)
    self->summary.n_errors++;
  else
    self->summary.n_warnings++;
  return problem;
}

static void
problem_add_node (BsFlowProblem *problem,
                  const Graph   *graph,
                  guint          v)
{
  g_array_append_val (problem->item_ids, graph->nodes[v].item_id);
}

static void
problem_add_edge (BsFlowProblem *problem,
                  gint64         before_id,
                  gint64         after_id)
{
  BsEdge edge = { before_id, after_id };

  g_array_append_val (problem->edges, edge);
}

/* Tarjan's strongly connected components, without recursion. Components
 * come out sinks first: an edge between two components goes from the
 * higher number to the lower. Returns the number of components. */
static guint
find_components (const Graph *graph,
                 guint       *comp)
{
  g_autofree guint *order = g_new (guint, graph->n);
  g_autofree guint *low = g_new (guint, graph->n);
  g_autofree guint *next = g_new (guint, graph->n);
  g_autofree gboolean *on_stack = g_new0 (gboolean, graph->n);
  g_autofree guint *stack = g_new (guint, graph->n);
  g_autofree guint *calls = g_new (guint, graph->n);
  guint n_stack = 0, n_calls = 0, counter = 0, n_comps = 0;

  for (guint v = 0; v < graph->n; v++)
    order[v] = G_MAXUINT;

  for (guint r = 0; r < graph->n; r++)
    {
      guint root = graph->by_rank[r];

      if (order[root] != G_MAXUINT)
        continue;

      order[root] = low[root] = counter++;
      next[root] = graph->out_start[root];
      stack[n_stack++] = root;
      on_stack[root] = TRUE;
      calls[n_calls++] = root;

      while (n_calls > 0)
        {
          guint v = calls[n_calls - 1];

          if (next[v] < graph->out_start[v + 1])
            {
              guint w = graph->out[next[v]++];

              if (order[w] == G_MAXUINT)
                {
                  order[w] = low[w] = counter++;
                  next[w] = graph->out_start[w];
                  stack[n_stack++] = w;
                  on_stack[w] = TRUE;
                  calls[n_calls++] = w;
                }
              else if (on_stack[w])
                low[v] = MIN (low[v], order[w]);
              continue;
            }

          n_calls--;
          if (n_calls > 0)
            {
              guint u = calls[n_calls - 1];

              low[u] = MIN (low[u], low[v]);
            }
          if (low[v] == order[v])
            {
              guint w;

              do
                {
                  w = stack[--n_stack];
                  on_stack[w] = FALSE;
                  comp[w] = n_comps;
                }
              while (w != v);
              n_comps++;
            }
        }
    }

  return n_comps;
}

static void
find_cycles (BsFlowAnalysis *self,
             const Graph    *graph,
             const guint    *comp,
             guint           n_comps)
{
  g_autofree guint *size = g_new0 (guint, MAX (n_comps, 1));
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (n_comps, 1));
  BsThemeFlow *flow = self->flow;

  for (guint v = 0; v < graph->n; v++)
    size[comp[v]]++;

  /* Each cycle once, from its item first by name; self-loops are cycles of
   * one item. */
  for (guint r = 0; r < graph->n; r++)
    {
      guint v = graph->by_rank[r];
      const BsFlowNode *node = &graph->nodes[v];

      if (bs_theme_flow_has_edge (flow, node->item_id, node->item_id))
        {
          BsFlowProblem *problem;

          problem = add_problem (self, BS_FLOW_PROBLEM_CYCLE,
                                 g_strdup_printf (_("“%s” is its own prerequisite; remove this prerequisite"),
                                                  node->name));
          problem_add_node (problem, graph, v);
          problem_add_edge (problem, node->item_id, node->item_id);
          self->has_cycles = TRUE;
        }

      if (size[comp[v]] > 1 && !seen[comp[v]])
        {
          g_autoptr(GArray) cycle = NULL;
          g_autofree char *chain = NULL;
          BsFlowProblem *problem;

          seen[comp[v]] = TRUE;
          /* Every path out of v that comes back stays in its component. */
          cycle = graph_shortest_path (graph, v, v);
          g_assert (cycle != NULL);
          chain = join_chain (graph, (guint *) (gpointer) cycle->data, cycle->len, TRUE);
          problem = add_problem (self, BS_FLOW_PROBLEM_CYCLE,
                                 /* TRANSLATORS: the placeholder is a chain of item names, "A → B → A" */
                                 g_strdup_printf (_("%s form a cycle; remove one of these prerequisites"),
                                                  chain));
          for (guint i = 0; i < cycle->len; i++)
            {
              guint a = g_array_index (cycle, guint, i);
              guint b = g_array_index (cycle, guint, (i + 1) % cycle->len);

              problem_add_node (problem, graph, a);
              problem_add_edge (problem, graph->nodes[a].item_id, graph->nodes[b].item_id);
            }
          self->has_cycles = TRUE;
        }
    }
}

static void
find_edges_outside (BsFlowAnalysis *self,
                    const Graph    *graph)
{
  BsThemeFlow *flow = self->flow;

  for (guint i = 0; i < flow->edges->len; i++)
    {
      const BsEdge *edge = &g_array_index (flow->edges, BsEdge, i);
      int u = node_index (flow, edge->before_id);
      int v = node_index (flow, edge->after_id);
      BsFlowProblem *problem;
      char *message;

      g_autofree char *before_text = NULL;
      g_autofree char *after_text = NULL;

      if (u >= 0 && v >= 0)
        continue;
      /* Only the id is known of an item that is not a node. */
      before_text = g_strdup_printf ("%" G_GINT64_FORMAT, edge->before_id);
      after_text = g_strdup_printf ("%" G_GINT64_FORMAT, edge->after_id);
      if (u >= 0)
        message = g_strdup_printf (_("“%s” is a prerequisite of an item that is not in this theme "
                                     "(item %s); remove the prerequisite or add that item to the "
                                     "theme"),
                                   graph->nodes[u].name, after_text);
      else if (v >= 0)
        message = g_strdup_printf (_("A prerequisite of “%s” is not in this theme (item %s); "
                                     "remove the prerequisite or add that item to the theme"),
                                   graph->nodes[v].name, before_text);
      else
        message = g_strdup_printf (_("The prerequisite from item %s to item %s joins two items "
                                     "that are not in this theme; remove it"),
                                   before_text, after_text);

      problem = add_problem (self, BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME, message);
      if (u >= 0)
        problem_add_node (problem, graph, (guint) u);
      if (v >= 0)
        problem_add_node (problem, graph, (guint) v);
      problem_add_edge (problem, edge->before_id, edge->after_id);
    }
}

int
bs_flow_limit_to_working_days (int         value,
                               BsLimitUnit unit)
{
  if (value < 0)
    return -1;
  if (unit == BS_LIMIT_UNIT_CALENDAR_DAYS)
    return (int) (((gint64) value * 5 + 6) / 7);
  return value;
}

static void
check_items (BsFlowAnalysis    *self,
             const Graph       *graph,
             BsFlowProblemKind  kind)
{
  for (guint r = 0; r < graph->n; r++)
    {
      guint v = graph->by_rank[r];
      const BsFlowNode *node = &graph->nodes[v];
      gboolean committed = node->handling == BS_HANDLING_COMMITTED;
      char *message = NULL;

      switch (kind)
        {
        case BS_FLOW_PROBLEM_NO_DEPARTMENT:
          if (node->department_id <= 0)
            message = g_strdup_printf (_("“%s” has no department; choose the department that "
                                         "handles it"), node->name);
          break;

        case BS_FLOW_PROBLEM_NO_STATUTORY_LIMIT:
          /* 即办件 are done on the spot and count 0 days anyway. */
          if (committed && node->legal_limit < 0)
            message = g_strdup_printf (_("“%s” has no statutory time limit; enter it, or the "
                                         "critical path counts it as 0 days"), node->name);
          break;

        case BS_FLOW_PROBLEM_NO_COMMITTED_LIMIT:
          if (committed && node->committed_limit < 0)
            message = g_strdup_printf (_("“%s” is handled within a committed time limit but has "
                                         "none; enter its committed time limit, or the critical "
                                         "path counts it as 0 days"), node->name);
          break;

        case BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY:
          if (node->legal_limit >= 0 && node->committed_limit >= 0)
            {
              gboolean same_unit = node->legal_limit_unit == node->committed_limit_unit;
              int legal = same_unit ? node->legal_limit
                                    : bs_flow_limit_to_working_days (node->legal_limit,
                                                                     node->legal_limit_unit);
              int promised = same_unit ? node->committed_limit
                                       : bs_flow_limit_to_working_days (node->committed_limit,
                                                                        node->committed_limit_unit);

              if (promised > legal)
                {
                  g_autofree char *legal_label = bs_limit_dup_label (node->legal_limit,
                                                                     node->legal_limit_unit);
                  g_autofree char *committed_label = bs_limit_dup_label (node->committed_limit,
                                                                         node->committed_limit_unit);

                  if (same_unit)
                    message = g_strdup_printf (_("The committed time limit of “%s” (%s) is longer "
                                                 "than its statutory limit (%s); shorten the "
                                                 "committed limit"),
                                               node->name, committed_label, legal_label);
                  else
                    message = g_strdup_printf (_("The committed time limit of “%s” (%s) is longer "
                                                 "than its statutory limit (%s), counting 5 working "
                                                 "days a week; shorten the committed limit"),
                                               node->name, committed_label, legal_label);
                }
            }
          break;

        case BS_FLOW_PROBLEM_CYCLE:
        case BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME:
        case BS_FLOW_PROBLEM_REDUNDANT_EDGE:
        case BS_FLOW_PROBLEM_DISCONNECTED:
        case BS_N_FLOW_PROBLEMS:
        default:
          g_assert_not_reached ();
        }

      if (message != NULL)
        problem_add_node (add_problem (self, kind, message), graph, v);
    }
}

/* An edge u → v is redundant when v is also reached from another successor
 * of u. Reachability as bit sets, sinks first. Only on an acyclic graph:
 * with a cycle, which edges are redundant has no single answer. */
static void
find_redundant_edges (BsFlowAnalysis *self,
                      const Graph    *graph,
                      const guint    *topo)
{
  gsize words = (graph->n + 63) / 64;
  g_autofree guint64 *reach = g_new0 (guint64, MAX (words * graph->n, 1));

#define REACHES(u, v) ((reach[(gsize) (u) * words + (v) / 64] >> ((v) % 64)) & 1)

  for (guint i = graph->n; i-- > 0;)
    {
      guint u = topo[i];
      guint64 *row = reach + (gsize) u * words;

      for (guint k = graph->out_start[u]; k < graph->out_start[u + 1]; k++)
        {
          guint w = graph->out[k];
          const guint64 *other = reach + (gsize) w * words;

          row[w / 64] |= G_GUINT64_CONSTANT (1) << (w % 64);
          for (gsize j = 0; j < words; j++)
            row[j] |= other[j];
        }
    }

  for (guint r = 0; r < graph->n; r++)
    {
      guint u = graph->by_rank[r];

      for (guint k = graph->out_start[u]; k < graph->out_start[u + 1]; k++)
        {
          guint v = graph->out[k];

          for (guint kk = graph->out_start[u]; kk < graph->out_start[u + 1]; kk++)
            {
              guint w = graph->out[kk];
              g_autoptr(GArray) rest = NULL;
              g_autofree char *edge_text = NULL;
              g_autofree char *chain = NULL;
              g_autofree guint *path = NULL;
              BsFlowProblem *problem;

              if (w == v || !REACHES (w, v))
                continue;

              rest = graph_shortest_path (graph, w, v);
              g_assert (rest != NULL);
              path = g_new (guint, rest->len + 1);
              path[0] = u;
              memcpy (path + 1, rest->data, sizeof (guint) * rest->len);
              edge_text = g_strdup_printf ("%s → %s", graph->nodes[u].name, graph->nodes[v].name);
              chain = join_chain (graph, path, rest->len + 1, FALSE);
              problem = add_problem (self, BS_FLOW_PROBLEM_REDUNDANT_EDGE,
                                     /* TRANSLATORS: the placeholders are an edge "A → C" and a chain "A → B → C" */
                                     g_strdup_printf (_("The prerequisite %s is implied by %s; you can "
                                                        "remove it"), edge_text, chain));
              for (guint i = 0; i < rest->len + 1; i++)
                problem_add_node (problem, graph, path[i]);
              problem_add_edge (problem, graph->nodes[u].item_id, graph->nodes[v].item_id);
              break;
            }
        }
    }
#undef REACHES
}

static guint
find_root (guint *parent,
           guint  v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
  return v;
}

typedef struct
{
  guint first_rank;
  GArray *members; /* node indexes by rank */
} Part;

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const Part *pa = a, *pb = b;

  /* Largest first, then the one whose first item comes first by name. */
  if (pa->members->len != pb->members->len)
    return pa->members->len > pb->members->len ? -1 : 1;
  return (pa->first_rank > pb->first_rank) - (pa->first_rank < pb->first_rank);
}

/* "A, B, C" or "A, B, … and 12 more" */
static char *
list_names (const Graph  *graph,
            const GArray *members)
{
  GString *text = g_string_new (NULL);
  guint listed = MIN (members->len, MAX_LISTED_NAMES);

  for (guint i = 0; i < listed; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the names of a list of items */
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, graph->nodes[g_array_index (members, guint, i)].name);
    }
  if (listed < members->len)
    {
      guint more = members->len - listed;

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more),
                              more);
    }
  return g_string_free (text, FALSE);
}

static void
find_disconnected (BsFlowAnalysis *self,
                   const Graph    *graph)
{
  g_autofree guint *parent = g_new (guint, MAX (graph->n, 1));
  g_autofree int *part_of = g_new (int, MAX (graph->n, 1));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));

  for (guint v = 0; v < graph->n; v++)
    parent[v] = v;
  for (guint u = 0; u < graph->n; u++)
    for (guint k = graph->out_start[u]; k < graph->out_start[u + 1]; k++)
      {
        guint a = find_root (parent, u), b = find_root (parent, graph->out[k]);

        if (a != b)
          parent[MAX (a, b)] = MIN (a, b);
      }

  for (guint v = 0; v < graph->n; v++)
    part_of[v] = -1;
  for (guint r = 0; r < graph->n; r++)
    {
      guint v = graph->by_rank[r];
      guint root = find_root (parent, v);
      Part *part;

      if (part_of[root] < 0)
        {
          Part new_part = { r, g_array_new (FALSE, FALSE, sizeof (guint)) };

          part_of[root] = (int) parts->len;
          g_array_append_val (parts, new_part);
        }
      part = &g_array_index (parts, Part, part_of[root]);
      g_array_append_val (part->members, v);
    }

  g_array_sort (parts, compare_parts);

  for (guint p = 0; p < parts->len; p++)
    {
      Part *part = &g_array_index (parts, Part, p);

      if (p > 0)
        {
          g_autofree char *names = list_names (graph, part->members);
          BsFlowProblem *problem;
          char *message;

          if (part->members->len == 1)
            message = g_strdup_printf (_("“%s” is not connected to the rest of the flow; add its "
                                         "prerequisites or take it out of the theme"), names);
          else
            message = g_strdup_printf (_("These items are not connected to the rest of the flow: "
                                         "%s; add the prerequisites that link them or take them "
                                         "out of the theme"), names);
          problem = add_problem (self, BS_FLOW_PROBLEM_DISCONNECTED, message);
          for (guint i = 0; i < part->members->len; i++)
            problem_add_node (problem, graph, g_array_index (part->members, guint, i));
        }
      g_array_unref (part->members);
    }
}

/* Stages on the components (one node each when there is no cycle):
 * components come sinks first, so the highest number goes first. */
static void
compute_stages (BsFlowAnalysis *self,
                const Graph    *graph,
                const guint    *comp,
                guint           n_comps,
                const guint    *topo)
{
  g_autofree int *comp_stage = g_new0 (int, MAX (n_comps, 1));
  int n_stages = 0;

  for (guint i = 0; i < graph->n; i++)
    {
      guint v = topo[i];

      /* All of a component's members come together in @topo. */
      for (guint k = graph->in_start[v]; k < graph->in_start[v + 1]; k++)
        {
          guint u = graph->in[k];

          if (comp[u] != comp[v])
            comp_stage[comp[v]] = MAX (comp_stage[comp[v]], comp_stage[comp[u]] + 1);
        }
    }
  /* A component's stage is final once all its members' predecessors are
   * seen; members of one component share it. */
  for (guint v = 0; v < graph->n; v++)
    {
      self->stage[v] = comp_stage[comp[v]];
      n_stages = MAX (n_stages, self->stage[v] + 1);
    }

  for (int s = 0; s < n_stages; s++)
    g_ptr_array_add (self->stages, g_array_new (FALSE, FALSE, sizeof (gint64)));
  for (guint r = 0; r < graph->n; r++)
    {
      guint v = graph->by_rank[r];

      g_array_append_val (g_ptr_array_index (self->stages, self->stage[v]),
                          graph->nodes[v].item_id);
    }
  self->summary.n_stages = (guint) n_stages;
}

static int
node_weight (const BsFlowNode *node,
             BsFlowLimit       limit,
             gboolean         *converted,
             gboolean         *unknown)
{
  int value = limit == BS_FLOW_LIMIT_STATUTORY ? node->legal_limit : node->committed_limit;
  BsLimitUnit unit = limit == BS_FLOW_LIMIT_STATUTORY ? node->legal_limit_unit
                                                      : node->committed_limit_unit;

  *converted = FALSE;
  *unknown = FALSE;
  if (node->handling == BS_HANDLING_ON_THE_SPOT)
    return 0;
  if (value < 0)
    {
      *unknown = TRUE;
      return 0;
    }
  *converted = unit == BS_LIMIT_UNIT_CALENDAR_DAYS && value > 0;
  return bs_flow_limit_to_working_days (value, unit);
}

/* Longest path by (days, items), ties to the item first by name. */
static void
compute_critical_path (BsFlowAnalysis *self,
                       const Graph    *graph,
                       const guint    *topo,
                       BsFlowLimit     limit)
{
  BsFlowPath *path = &self->paths[limit];
  g_autofree gint64 *days = g_new (gint64, MAX (graph->n, 1));
  g_autofree guint *length = g_new (guint, MAX (graph->n, 1));
  g_autofree guint *prev = g_new (guint, MAX (graph->n, 1));
  g_autoptr(GArray) backwards = g_array_new (FALSE, FALSE, sizeof (guint));
  guint best = G_MAXUINT;

  if (graph->n == 0)
    {
      path->days = 0;
      return;
    }

#define BETTER(a, b) (days[a] != days[b] ? days[a] > days[b] \
                      : length[a] != length[b] ? length[a] > length[b] \
                      : graph->rank[a] < graph->rank[b])

  for (guint i = 0; i < graph->n; i++)
    {
      guint v = topo[i];
      gboolean converted, unknown;
      guint from = G_MAXUINT;

      for (guint k = graph->in_start[v]; k < graph->in_start[v + 1]; k++)
        {
          guint u = graph->in[k];

          if (from == G_MAXUINT || BETTER (u, from))
            from = u;
        }
      prev[v] = from;
      days[v] = node_weight (&graph->nodes[v], limit, &converted, &unknown) +
                (from != G_MAXUINT ? days[from] : 0);
      length[v] = 1 + (from != G_MAXUINT ? length[from] : 0);

      if (best == G_MAXUINT || BETTER (v, best))
        best = v;
    }
#undef BETTER

  for (guint v = best; v != G_MAXUINT; v = prev[v])
    g_array_append_val (backwards, v);

  path->days = (int) MIN (days[best], G_MAXINT);
  for (guint i = backwards->len; i-- > 0;)
    {
      guint v = g_array_index (backwards, guint, i);
      gboolean converted, unknown;

      node_weight (&graph->nodes[v], limit, &converted, &unknown);
      path->converted |= converted;
      path->incomplete |= unknown;
      g_array_append_val (path->item_ids, graph->nodes[v].item_id);
      self->critical[limit][v] = TRUE;
    }
}

static void
summarise_items (BsFlowAnalysis *self,
                 const Graph    *graph)
{
  g_autoptr(GHashTable) departments = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 visits = 0;

  for (guint v = 0; v < graph->n; v++)
    {
      const BsFlowNode *node = &graph->nodes[v];

      if (node->department_id > 0)
        g_hash_table_add (departments, (gpointer) &node->department_id);
      if (node->visits >= 0)
        visits += node->visits;
      else
        self->summary.n_unknown_visits++;
    }
  self->summary.n_items = graph->n;
  self->summary.n_edges = self->flow->edges->len;
  self->summary.n_departments = g_hash_table_size (departments);
  self->summary.visits = (int) MIN (visits, G_MAXINT);
}

BsFlowAnalysis *
bs_theme_flow_analyse (BsThemeFlow *flow)
{
  BsFlowAnalysis *self;
  Graph graph = { 0 };
  g_autofree guint *comp = NULL;
  g_autofree guint *topo = NULL;
  g_autofree guint *fill = NULL;
  g_autofree guint *comp_start = NULL;
  guint n_comps;

  g_return_val_if_fail (flow != NULL, NULL);

  self = g_atomic_rc_box_new0 (BsFlowAnalysis);
  self->flow = bs_theme_flow_ref (flow);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_flow_problem_free);
  self->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
    {
      self->paths[l].days = -1;
      self->paths[l].item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->critical[l] = g_new0 (gboolean, MAX (flow->nodes->len, 1));
    }

  graph_init (&graph, flow);
  self->stage = g_new0 (int, MAX (graph.n, 1));

  comp = g_new (guint, MAX (graph.n, 1));
  n_comps = find_components (&graph, comp);

  /* A topological order of the components, each one's members together and
   * by name: components from the highest number down. */
  comp_start = g_new0 (guint, n_comps + 1);
  for (guint v = 0; v < graph.n; v++)
    comp_start[n_comps - comp[v]]++;
  for (guint c = 0; c < n_comps; c++)
    comp_start[c + 1] += comp_start[c];
  fill = g_memdup2 (comp_start, sizeof (guint) * (n_comps + 1));
  topo = g_new (guint, MAX (graph.n, 1));
  for (guint r = 0; r < graph.n; r++)
    {
      guint v = graph.by_rank[r];

      topo[fill[n_comps - 1 - comp[v]]++] = v;
    }

  /* In the order of BsFlowProblemKind. */
  find_cycles (self, &graph, comp, n_comps);
  find_edges_outside (self, &graph);
  check_items (self, &graph, BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY);
  check_items (self, &graph, BS_FLOW_PROBLEM_NO_STATUTORY_LIMIT);
  check_items (self, &graph, BS_FLOW_PROBLEM_NO_COMMITTED_LIMIT);
  check_items (self, &graph, BS_FLOW_PROBLEM_NO_DEPARTMENT);
  if (!self->has_cycles)
    find_redundant_edges (self, &graph, topo);
  find_disconnected (self, &graph);

  compute_stages (self, &graph, comp, n_comps, topo);
  if (!self->has_cycles)
    for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
      compute_critical_path (self, &graph, topo, l);

  summarise_items (self, &graph);
  self->summary.statutory_days = self->paths[BS_FLOW_LIMIT_STATUTORY].days;
  self->summary.committed_days = self->paths[BS_FLOW_LIMIT_COMMITTED].days;

  graph_clear (&graph);
  return self;
}

BsThemeFlow *
bs_flow_analysis_get_flow (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->flow;
}

guint
bs_flow_analysis_get_n_problems (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->problems->len;
}

const BsFlowProblem *
bs_flow_analysis_get_problem (BsFlowAnalysis *self,
                              guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return g_ptr_array_index (self->problems, index);
}

gboolean
bs_flow_analysis_has_errors (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->summary.n_errors > 0;
}

gboolean
bs_flow_analysis_has_cycles (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_cycles;
}

guint
bs_flow_analysis_get_n_stages (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->stages->len;
}

const GArray *
bs_flow_analysis_get_stage_items (BsFlowAnalysis *self,
                                  guint           stage)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (stage < self->stages->len, NULL);

  return g_ptr_array_index (self->stages, stage);
}

int
bs_flow_analysis_get_item_stage (BsFlowAnalysis *self,
                                 gint64          item_id)
{
  int v;

  g_return_val_if_fail (self != NULL, -1);

  v = node_index (self->flow, item_id);
  return v >= 0 ? self->stage[v] : -1;
}

const BsFlowPath *
bs_flow_analysis_get_critical_path (BsFlowAnalysis *self,
                                    BsFlowLimit     limit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (limit < BS_N_FLOW_LIMITS, NULL);

  return &self->paths[limit];
}

gboolean
bs_flow_analysis_is_critical (BsFlowAnalysis *self,
                              BsFlowLimit     limit,
                              gint64          item_id)
{
  int v;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (limit < BS_N_FLOW_LIMITS, FALSE);

  v = node_index (self->flow, item_id);
  return v >= 0 && self->critical[limit][v];
}

const BsFlowSummary *
bs_flow_analysis_get_summary (BsFlowAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->summary;
}

GArray *
bs_flow_analysis_list_item_problems (BsFlowAnalysis *self,
                                     gint64          item_id)
{
  GArray *indexes;

  g_return_val_if_fail (self != NULL, NULL);

  indexes = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < self->problems->len; i++)
    {
      const BsFlowProblem *problem = g_ptr_array_index (self->problems, i);

      for (guint k = 0; k < problem->item_ids->len; k++)
        if (g_array_index (problem->item_ids, gint64, k) == item_id)
          {
            int index = (int) i;

            g_array_append_val (indexes, index);
            break;
          }
    }
  return indexes;
}

GArray *
bs_flow_analysis_list_edge_problems (BsFlowAnalysis *self,
                                     gint64          before_id,
                                     gint64          after_id)
{
  GArray *indexes;

  g_return_val_if_fail (self != NULL, NULL);

  indexes = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < self->problems->len; i++)
    {
      const BsFlowProblem *problem = g_ptr_array_index (self->problems, i);

      for (guint k = 0; k < problem->edges->len; k++)
        {
          const BsEdge *edge = &g_array_index (problem->edges, BsEdge, k);

          if (edge->before_id == before_id && edge->after_id == after_id)
            {
              int index = (int) i;

              g_array_append_val (indexes, index);
              break;
            }
        }
    }
  return indexes;
}

const char *
bs_flow_severity_to_string (BsFlowSeverity severity)
{
  switch (severity)
    {
    case BS_FLOW_SEVERITY_ERROR:
      return "error";
    case BS_FLOW_SEVERITY_WARNING:
      return "warning";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
bs_flow_severity_get_label (BsFlowSeverity severity)
{
  switch (severity)
    {
    case BS_FLOW_SEVERITY_ERROR:
      return C_("flow problem", "Error");
    case BS_FLOW_SEVERITY_WARNING:
      return C_("flow problem", "Warning");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
bs_flow_problem_kind_to_string (BsFlowProblemKind kind)
{
  static const char * const names[] = {
    [BS_FLOW_PROBLEM_CYCLE] = "cycle",
    [BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME] = "edge-outside-theme",
    [BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY] = "committed-exceeds-statutory",
    [BS_FLOW_PROBLEM_NO_STATUTORY_LIMIT] = "no-statutory-limit",
    [BS_FLOW_PROBLEM_NO_COMMITTED_LIMIT] = "no-committed-limit",
    [BS_FLOW_PROBLEM_NO_DEPARTMENT] = "no-department",
    [BS_FLOW_PROBLEM_REDUNDANT_EDGE] = "redundant-edge",
    [BS_FLOW_PROBLEM_DISCONNECTED] = "disconnected",
    [BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS] = "condition-never-holds",
    [BS_FLOW_PROBLEM_PREREQUISITE_MISSING] = "prerequisite-missing",
    [BS_FLOW_PROBLEM_FOLLOW_UP_ORDER] = "follow-up-order",
    [BS_FLOW_PROBLEM_QUESTION_NOT_ASKED] = "question-not-asked",
    [BS_FLOW_PROBLEM_DEAD_QUESTION] = "dead-question",
    [BS_FLOW_PROBLEM_TOO_MANY_ANSWERS] = "too-many-answers",
  };

  g_return_val_if_fail (kind < BS_N_FLOW_PROBLEMS, NULL);

  return names[kind];
}
