/* test-flow.c: theme flow analysis — every problem rule on small graphs,
 * stages and critical paths on hand-computed examples, the demo's 开餐馆,
 * and property tests on random graphs against brute force
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "banshi-core.h"
#include "bs-theme-flow.h"

/* Node ids are 100 + the letter's position, names the letters, so that the
 * order by name is the alphabet. */
#define ID(letter) ((gint64) (100 + ((letter) - 'A')))

static BsFlowNode
node_template (gint64      id,
               const char *name)
{
  BsFlowNode node = {
    .item_id = id,
    .code = (char *) name,
    .name = (char *) name,
    .department_id = 1,
    .department_name = (char *) "市场监督管理局",
    .legal_limit = 10,
    .legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
    .committed_limit = 5,
    .committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
    .handling = BS_HANDLING_COMMITTED,
    .visits = 1,
  };

  return node;
}

/* One node per letter of @letters, with the template's limits. */
static BsThemeFlow *
flow_with (const char *letters)
{
  BsThemeFlow *flow = bs_theme_flow_new ();

  for (const char *p = letters; *p; p++)
    {
      char name[2] = { *p, '\0' };
      BsFlowNode node = node_template (ID (*p), name);

      g_assert_true (bs_theme_flow_add_node (flow, &node));
    }
  return flow;
}

/* Edges as "AB BC": A before B, B before C. */
static void
add_edges (BsThemeFlow *flow,
           const char  *edges)
{
  g_auto(GStrv) pairs = g_strsplit (edges, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      if (pairs[i][0] == '\0')
        continue;
      g_assert_cmpuint (strlen (pairs[i]), ==, 2);
      g_assert_true (bs_theme_flow_add_edge (flow, ID (pairs[i][0]), ID (pairs[i][1])));
    }
}

/* The letters of a list of item ids, "ABC". */
static char *
letters_of (const GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_c (text, (char) ('A' + (g_array_index (ids, gint64, i) - 100)));
  return g_string_free (text, FALSE);
}

/* The edges of a problem, "AB BC". */
static char *
edge_letters_of (const GArray *edges)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < edges->len; i++)
    {
      const BsEdge *edge = &g_array_index (edges, BsEdge, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, (char) ('A' + (edge->before_id - 100)));
      g_string_append_c (text, (char) ('A' + (edge->after_id - 100)));
    }
  return g_string_free (text, FALSE);
}

static guint
count_kind (BsFlowAnalysis    *analysis,
            BsFlowProblemKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    n += bs_flow_analysis_get_problem (analysis, i)->kind == kind;
  return n;
}

/* The @nth problem of @kind. */
static const BsFlowProblem *
nth_of_kind (BsFlowAnalysis    *analysis,
             BsFlowProblemKind  kind,
             guint              nth)
{
  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    {
      const BsFlowProblem *problem = bs_flow_analysis_get_problem (analysis, i);

      if (problem->kind == kind && nth-- == 0)
        return problem;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_problem (const BsFlowProblem *problem,
                BsFlowSeverity       severity,
                const char          *items,
                const char          *edges,
                const char          *message_part)
{
  g_autofree char *item_text = letters_of (problem->item_ids);
  g_autofree char *edge_text = edge_letters_of (problem->edges);

  g_assert_cmpint (problem->severity, ==, severity);
  g_assert_cmpstr (item_text, ==, items);
  g_assert_cmpstr (edge_text, ==, edges);
  if (message_part != NULL && strstr (problem->message, message_part) == NULL)
    g_error ("“%s” lacks “%s”", problem->message, message_part);
}

/* Problems come errors first, kinds in order. */
static void
assert_problem_order (BsFlowAnalysis *analysis)
{
  const BsFlowSummary *summary = bs_flow_analysis_get_summary (analysis);
  guint errors = 0, warnings = 0;

  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    {
      const BsFlowProblem *problem = bs_flow_analysis_get_problem (analysis, i);

      g_assert_nonnull (problem->message);
      g_assert_true (g_utf8_validate (problem->message, -1, NULL));
      g_assert_cmpuint (problem->item_ids->len + problem->edges->len, >, 0);
      if (i > 0)
        g_assert_cmpint (bs_flow_analysis_get_problem (analysis, i - 1)->kind, <=, problem->kind);
      if (problem->severity == BS_FLOW_SEVERITY_ERROR)
        {
          g_assert_cmpuint (warnings, ==, 0);
          errors++;
        }
      else
        warnings++;
    }
  g_assert_cmpuint (summary->n_errors, ==, errors);
  g_assert_cmpuint (summary->n_warnings, ==, warnings);
  g_assert_cmpint (bs_flow_analysis_has_errors (analysis), ==, errors > 0);
}

static BsFlowAnalysis *
analyse (BsThemeFlow *flow)
{
  BsFlowAnalysis *analysis = bs_theme_flow_analyse (flow);

  assert_problem_order (analysis);
  return analysis;
}

static char *
stage_letters (BsFlowAnalysis *analysis)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < bs_flow_analysis_get_n_stages (analysis); s++)
    {
      g_autofree char *letters = letters_of (bs_flow_analysis_get_stage_items (analysis, s));

      if (s > 0)
        g_string_append_c (text, '|');
      g_string_append (text, letters);
    }
  return g_string_free (text, FALSE);
}

static void
assert_stages (BsFlowAnalysis *analysis,
               const char     *expected)
{
  g_autofree char *stages = stage_letters (analysis);

  g_assert_cmpstr (stages, ==, expected);
}

static void
assert_path (BsFlowAnalysis *analysis,
             BsFlowLimit     limit,
             int             days,
             const char     *items)
{
  const BsFlowPath *path = bs_flow_analysis_get_critical_path (analysis, limit);
  g_autofree char *letters = letters_of (path->item_ids);

  g_assert_cmpint (path->days, ==, days);
  g_assert_cmpstr (letters, ==, items);
  for (guint i = 0; i < path->item_ids->len; i++)
    g_assert_true (bs_flow_analysis_is_critical (analysis, limit,
                                                 g_array_index (path->item_ids, gint64, i)));
}

/* ------------------------------------------------------------------ */
/* Cycles */

static void
test_cycle_two (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("AB");
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  add_edges (flow, "BA AB");
  analysis = analyse (flow);

  g_assert_true (bs_flow_analysis_has_cycles (analysis));
  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_CYCLE), ==, 1);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 0), BS_FLOW_SEVERITY_ERROR,
                  "AB", "AB BA", "A → B → A");
  /* The cycle shares one stage; no critical path; no redundancy check. */
  assert_stages (analysis, "AB");
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, -1, "");
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, -1, "");
  g_assert_cmpint (bs_flow_analysis_get_summary (analysis)->statutory_days, ==, -1);
  g_assert_cmpuint (bs_flow_analysis_get_n_problems (analysis), ==, 1);
}

static void
test_cycle_three (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCDE");
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  /* D → (A → C → B → A) → E: reported from A, in the cycle's direction. */
  add_edges (flow, "CB BA AC DB AE");
  analysis = analyse (flow);

  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_CYCLE), ==, 1);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 0), BS_FLOW_SEVERITY_ERROR,
                  "ACB", "AC CB BA", "A → C → B → A form a cycle");
  assert_stages (analysis, "D|ABC|E");
  g_assert_cmpint (bs_flow_analysis_get_item_stage (analysis, ID ('E')), ==, 2);
  g_assert_cmpint (bs_flow_analysis_get_item_stage (analysis, 999), ==, -1);
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, -1, "");
}

static void
test_cycle_multiple (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCDEFGHIJ");
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autoptr(GArray) a_problems = NULL;
  g_autoptr(GArray) edge_problems = NULL;

  /* Two separate cycles, a self-loop, and one strongly connected part
   * made of two cycles sharing H: reported once, by its shortest cycle
   * through its first item. */
  add_edges (flow, "AB BA CD DE EC FF GH HG HI IJ JH");
  analysis = analyse (flow);

  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_CYCLE), ==, 4);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 0), BS_FLOW_SEVERITY_ERROR,
                  "AB", "AB BA", NULL);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 1), BS_FLOW_SEVERITY_ERROR,
                  "CDE", "CD DE EC", "C → D → E → C");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 2), BS_FLOW_SEVERITY_ERROR,
                  "F", "FF", "its own prerequisite");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 3), BS_FLOW_SEVERITY_ERROR,
                  "GH", "GH HG", NULL);

  /* Markers: the problems of an item and of an edge. */
  a_problems = bs_flow_analysis_list_item_problems (analysis, ID ('A'));
  g_assert_cmpuint (a_problems->len, >=, 1);
  g_assert_cmpint (bs_flow_analysis_get_problem (analysis, g_array_index (a_problems, int, 0))->kind,
                   ==, BS_FLOW_PROBLEM_CYCLE);
  edge_problems = bs_flow_analysis_list_edge_problems (analysis, ID ('E'), ID ('C'));
  g_assert_cmpuint (edge_problems->len, ==, 1);
  g_array_unref (edge_problems);
  edge_problems = bs_flow_analysis_list_edge_problems (analysis, ID ('H'), ID ('I'));
  g_assert_cmpuint (edge_problems->len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Edges whose ends left the theme */

static void
test_edge_outside (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("AB");
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  const BsFlowProblem *problem;

  add_edges (flow, "AB");
  g_assert_true (bs_theme_flow_add_edge (flow, ID ('A'), 999));
  g_assert_true (bs_theme_flow_add_edge (flow, 998, ID ('B')));
  g_assert_true (bs_theme_flow_add_edge (flow, 997, 996));
  /* The same edge twice is kept once. */
  g_assert_false (bs_theme_flow_add_edge (flow, 997, 996));
  g_assert_cmpuint (bs_theme_flow_get_n_edges (flow), ==, 4);
  analysis = analyse (flow);

  g_assert_false (bs_flow_analysis_has_cycles (analysis));
  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME), ==, 3);

  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME, 0);
  g_assert_cmpint (problem->severity, ==, BS_FLOW_SEVERITY_ERROR);
  g_assert_cmpuint (problem->item_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (problem->item_ids, gint64, 0), ==, ID ('A'));
  g_assert_cmpint (g_array_index (problem->edges, BsEdge, 0).after_id, ==, 999);
  g_assert_nonnull (strstr (problem->message, "“A”"));
  g_assert_nonnull (strstr (problem->message, "999"));

  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME, 1);
  g_assert_cmpint (g_array_index (problem->item_ids, gint64, 0), ==, ID ('B'));
  g_assert_nonnull (strstr (problem->message, "998"));

  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_EDGE_OUTSIDE_THEME, 2);
  g_assert_cmpuint (problem->item_ids->len, ==, 0);
  g_assert_cmpuint (problem->edges->len, ==, 1);

  /* The rest of the flow is still analysed. */
  assert_stages (analysis, "A|B");
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 20, "AB");
  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Redundant edges */

static void
test_redundant (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABC");
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  add_edges (flow, "AB BC AC");
  analysis = analyse (flow);

  g_assert_cmpuint (bs_flow_analysis_get_n_problems (analysis), ==, 1);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_REDUNDANT_EDGE, 0),
                  BS_FLOW_SEVERITY_WARNING, "ABC", "AC",
                  "The prerequisite A → C is implied by A → B → C; you can remove it");
  g_assert_false (bs_flow_analysis_has_errors (analysis));
}

static void
test_redundant_longer (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCDE");
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  /* A → B → C → D with shortcuts A → D and B → D; E → D is needed. */
  add_edges (flow, "AB BC CD AD BD ED");
  analysis = analyse (flow);

  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_REDUNDANT_EDGE), ==, 2);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_REDUNDANT_EDGE, 0),
                  BS_FLOW_SEVERITY_WARNING, "ABD", "AD", "A → D is implied by A → B → D");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_REDUNDANT_EDGE, 1),
                  BS_FLOW_SEVERITY_WARNING, "BCD", "BD", NULL);
  assert_stages (analysis, "AE|B|C|D");
}

/* ------------------------------------------------------------------ */
/* Disconnected parts */

static void
test_disconnected (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCDEF");
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  /* The largest part {C, D, E} is the flow; {A, B} and {F} are not
   * connected to it. */
  add_edges (flow, "AB CD DE");
  analysis = analyse (flow);

  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED), ==, 2);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED, 0),
                  BS_FLOW_SEVERITY_WARNING, "AB", "",
                  "These items are not connected to the rest of the flow: A, B;");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED, 1),
                  BS_FLOW_SEVERITY_WARNING, "F", "", "“F” is not connected");
  assert_stages (analysis, "ACF|BD|E");
}

static void
test_disconnected_many (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  const BsFlowProblem *problem;

  /* N00 alone, N01 with 22 items after it, N24 with 15: the part of 16
   * lists ten names and says how many more. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("N%02u", i);
      BsFlowNode node = node_template (i + 1, name);

      bs_theme_flow_add_node (flow, &node);
    }
  for (guint i = 2; i < 24; i++)
    bs_theme_flow_add_edge (flow, 2, i + 1);   /* N01 → N02 … N23: 23 items */
  for (guint i = 25; i < 40; i++)
    bs_theme_flow_add_edge (flow, 25, i + 1);  /* N24 → N25 … N39: 16 items */
  analysis = analyse (flow);

  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED), ==, 2);
  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED, 0);
  g_assert_cmpuint (problem->item_ids->len, ==, 16);
  g_assert_nonnull (strstr (problem->message, "N24, N25"));
  g_assert_nonnull (strstr (problem->message, "and 6 more"));
  g_assert_null (strstr (problem->message, "N34"));
  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED, 1);
  g_assert_cmpuint (problem->item_ids->len, ==, 1);
  g_assert_nonnull (strstr (problem->message, "“N00”"));
}

/* ------------------------------------------------------------------ */
/* What items lack */

static void
test_missing (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  BsFlowNode node;

  /* A: no department. B: 承诺件 without statutory limit. C: 承诺件 without
   * committed limit. D: 即办件 without any limit — fine, it counts 0. */
  node = node_template (ID ('A'), "A");
  node.department_id = 0;
  node.department_name = NULL;
  bs_theme_flow_add_node (flow, &node);
  node = node_template (ID ('B'), "B");
  node.legal_limit = -1;
  bs_theme_flow_add_node (flow, &node);
  node = node_template (ID ('C'), "C");
  node.committed_limit = -1;
  bs_theme_flow_add_node (flow, &node);
  node = node_template (ID ('D'), "D");
  node.legal_limit = -1;
  node.committed_limit = -1;
  node.handling = BS_HANDLING_ON_THE_SPOT;
  node.visits = -1;
  bs_theme_flow_add_node (flow, &node);
  /* The same item twice is refused. */
  g_assert_false (bs_theme_flow_add_node (flow, &node));
  g_assert_cmpuint (bs_theme_flow_get_n_nodes (flow), ==, 4);
  g_assert_cmpstr (bs_theme_flow_lookup_node (flow, ID ('A'))->department_name, ==, "");
  g_assert_null (bs_theme_flow_lookup_node (flow, 4242));
  add_edges (flow, "AB BC CD");
  analysis = analyse (flow);

  g_assert_cmpuint (bs_flow_analysis_get_n_problems (analysis), ==, 3);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_NO_STATUTORY_LIMIT, 0),
                  BS_FLOW_SEVERITY_WARNING, "B", "", "“B” has no statutory time limit");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_NO_COMMITTED_LIMIT, 0),
                  BS_FLOW_SEVERITY_WARNING, "C", "", "“C”");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_NO_DEPARTMENT, 0),
                  BS_FLOW_SEVERITY_WARNING, "A", "", "“A” has no department");

  /* Unknown limits count 0 and mark the path incomplete. */
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 20, "ABCD");
  g_assert_true (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY)->incomplete);
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 10, "ABCD");
  g_assert_true (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_COMMITTED)->incomplete);

  /* One department (A has none); visits: D's are unknown. */
  g_assert_cmpuint (bs_flow_analysis_get_summary (analysis)->n_departments, ==, 1);
  g_assert_cmpint (bs_flow_analysis_get_summary (analysis)->visits, ==, 3);
  g_assert_cmpuint (bs_flow_analysis_get_summary (analysis)->n_unknown_visits, ==, 1);
}

static void
add_limits (BsThemeFlow *flow,
            gint64       id,
            const char  *name,
            int          legal,
            BsLimitUnit  legal_unit,
            int          committed,
            BsLimitUnit  committed_unit)
{
  BsFlowNode node = node_template (id, name);

  node.legal_limit = legal;
  node.legal_limit_unit = legal_unit;
  node.committed_limit = committed;
  node.committed_limit_unit = committed_unit;
  g_assert_true (bs_theme_flow_add_node (flow, &node));
}

static void
test_committed_exceeds (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  const BsLimitUnit W = BS_LIMIT_UNIT_WORKING_DAYS, C = BS_LIMIT_UNIT_CALENDAR_DAYS;

  add_limits (flow, ID ('A'), "A", 10, W, 20, W);  /* longer */
  add_limits (flow, ID ('B'), "B", 10, C, 20, C);  /* longer, same unit */
  add_limits (flow, ID ('C'), "C", 14, C, 10, W);  /* 14 calendar ≈ 10 working: equal */
  add_limits (flow, ID ('D'), "D", 14, C, 11, W);  /* longer after converting */
  add_limits (flow, ID ('E'), "E", 10, W, 10, W);  /* equal */
  add_limits (flow, ID ('F'), "F", 10, W, 14, C);  /* 14 calendar ≈ 10 working: equal */
  add_limits (flow, ID ('G'), "G", 5, W, 0, W);
  add_edges (flow, "AB BC CD DE EF FG");
  analysis = analyse (flow);

  g_assert_cmpuint (bs_flow_analysis_get_n_problems (analysis), ==, 3);
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY, 0),
                  BS_FLOW_SEVERITY_WARNING, "A", "",
                  "The committed time limit of “A” (20 working days) is longer than its "
                  "statutory limit (10 working days)");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY, 1),
                  BS_FLOW_SEVERITY_WARNING, "B", "", "(20 calendar days)");
  assert_problem (nth_of_kind (analysis, BS_FLOW_PROBLEM_COMMITTED_EXCEEDS_STATUTORY, 2),
                  BS_FLOW_SEVERITY_WARNING, "D", "", "counting 5 working days a week");

  /* Statutory: 10 + ceil(50/7)=8 + 10 + 10 + 10 + 10 + 5; committed:
   * 20 + 15 + 10 + 11 + 10 + 10 + 0. */
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 63, "ABCDEFG");
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 76, "ABCDEFG");
  g_assert_true (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY)->converted);
  g_assert_false (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY)->incomplete);
}

/* ------------------------------------------------------------------ */
/* Working days, stages and critical paths */

static void
test_calendar_conversion (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;

  g_assert_cmpint (bs_flow_limit_to_working_days (-1, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, -1);
  g_assert_cmpint (bs_flow_limit_to_working_days (0, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 0);
  g_assert_cmpint (bs_flow_limit_to_working_days (1, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 1);
  g_assert_cmpint (bs_flow_limit_to_working_days (7, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 5);
  g_assert_cmpint (bs_flow_limit_to_working_days (8, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 6);
  g_assert_cmpint (bs_flow_limit_to_working_days (10, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 8);
  g_assert_cmpint (bs_flow_limit_to_working_days (30, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 22);
  g_assert_cmpint (bs_flow_limit_to_working_days (3650, BS_LIMIT_UNIT_CALENDAR_DAYS), ==, 2608);
  g_assert_cmpint (bs_flow_limit_to_working_days (30, BS_LIMIT_UNIT_WORKING_DAYS), ==, 30);

  /* Working-day items never set "converted". */
  add_limits (flow, ID ('A'), "A", 30, BS_LIMIT_UNIT_CALENDAR_DAYS, 7, BS_LIMIT_UNIT_CALENDAR_DAYS);
  add_limits (flow, ID ('B'), "B", 3, BS_LIMIT_UNIT_WORKING_DAYS, 3, BS_LIMIT_UNIT_WORKING_DAYS);
  add_edges (flow, "AB");
  analysis = analyse (flow);
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 25, "AB");
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 8, "AB");
  g_assert_true (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_COMMITTED)->converted);
}

static void
test_on_the_spot (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  BsFlowNode node;

  /* 即办件 count 0 whatever limits they carry. */
  node = node_template (ID ('A'), "A");
  node.handling = BS_HANDLING_ON_THE_SPOT;
  node.legal_limit = 30;
  node.committed_limit = 30;
  bs_theme_flow_add_node (flow, &node);
  node = node_template (ID ('B'), "B");
  node.legal_limit = 3;
  node.committed_limit = 2;
  bs_theme_flow_add_node (flow, &node);
  node = node_template (ID ('C'), "C");
  node.legal_limit = 4;
  node.committed_limit = 1;
  bs_theme_flow_add_node (flow, &node);
  add_edges (flow, "AB");
  analysis = bs_theme_flow_analyse (flow);

  /* C alone (4) beats A → B (0 + 3); committed, A → B (2) beats C (1). */
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 4, "C");
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 2, "AB");
  g_assert_false (bs_flow_analysis_is_critical (analysis, BS_FLOW_LIMIT_COMMITTED, ID ('C')));
  g_assert_false (bs_flow_analysis_is_critical (analysis, BS_FLOW_LIMIT_COMMITTED, 4242));
}

static void
test_stages_and_paths (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  const BsLimitUnit W = BS_LIMIT_UNIT_WORKING_DAYS;
  const BsFlowSummary *summary;

  /* A → B → D, A → C → D, E → D, F alone; statutory A 2, B 5, C 3, D 1,
   * E 10, F 0: E → D = 11 beats A → B → D = 8. Committed A 1, B 1, C 4,
   * D 1, E 1: A → C → D = 6. */
  add_limits (flow, ID ('A'), "A", 2, W, 1, W);
  add_limits (flow, ID ('B'), "B", 5, W, 1, W);
  add_limits (flow, ID ('C'), "C", 3, W, 4, W);
  add_limits (flow, ID ('D'), "D", 1, W, 1, W);
  add_limits (flow, ID ('E'), "E", 10, W, 1, W);
  add_limits (flow, ID ('F'), "F", 0, W, 0, W);
  add_edges (flow, "AB AC BD CD ED");
  analysis = analyse (flow);

  assert_stages (analysis, "AEF|BC|D");
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 11, "ED");
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 6, "ACD");
  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED), ==, 1);

  summary = bs_flow_analysis_get_summary (analysis);
  g_assert_cmpuint (summary->n_items, ==, 6);
  g_assert_cmpuint (summary->n_edges, ==, 5);
  g_assert_cmpuint (summary->n_stages, ==, 3);
  g_assert_cmpint (summary->statutory_days, ==, 11);
  g_assert_cmpint (summary->committed_days, ==, 6);
  g_assert_cmpint (summary->visits, ==, 6);
  g_assert_cmpuint (summary->n_departments, ==, 1);
}

static void
test_path_ties (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  const BsLimitUnit W = BS_LIMIT_UNIT_WORKING_DAYS;

  /* All paths total 5: A → B → C has the most items; of D → E → F (also
   * 3 items, 5 days) the one ending first by name wins: C before F. */
  add_limits (flow, ID ('A'), "A", 0, W, 0, W);
  add_limits (flow, ID ('B'), "B", 5, W, 0, W);
  add_limits (flow, ID ('C'), "C", 0, W, 0, W);
  add_limits (flow, ID ('D'), "D", 0, W, 0, W);
  add_limits (flow, ID ('E'), "E", 5, W, 0, W);
  add_limits (flow, ID ('F'), "F", 0, W, 0, W);
  add_limits (flow, ID ('G'), "G", 5, W, 0, W);
  add_edges (flow, "AB BC DE EF");
  analysis = analyse (flow);
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 5, "ABC");
  /* All committed limits 0: the longest chain, first by name. */
  assert_path (analysis, BS_FLOW_LIMIT_COMMITTED, 0, "ABC");
}

static void
test_empty (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = analyse (flow);
  g_autoptr(BsThemeFlow) one = flow_with ("A");
  g_autoptr(BsFlowAnalysis) one_analysis = analyse (one);

  g_assert_cmpuint (bs_flow_analysis_get_n_problems (analysis), ==, 0);
  g_assert_cmpuint (bs_flow_analysis_get_n_stages (analysis), ==, 0);
  assert_path (analysis, BS_FLOW_LIMIT_STATUTORY, 0, "");
  g_assert_true (bs_flow_analysis_get_flow (analysis) == flow);

  g_assert_cmpuint (bs_flow_analysis_get_n_problems (one_analysis), ==, 0);
  assert_stages (one_analysis, "A");
  assert_path (one_analysis, BS_FLOW_LIMIT_STATUTORY, 10, "A");
  assert_path (one_analysis, BS_FLOW_LIMIT_COMMITTED, 5, "A");

  g_assert_cmpstr (bs_flow_severity_to_string (BS_FLOW_SEVERITY_ERROR), ==, "error");
  g_assert_cmpstr (bs_flow_problem_kind_to_string (BS_FLOW_PROBLEM_REDUNDANT_EDGE), ==,
                   "redundant-edge");
  for (guint k = 0; k < BS_N_FLOW_PROBLEMS; k++)
    g_assert_nonnull (bs_flow_problem_kind_to_string (k));
  g_assert_nonnull (bs_flow_severity_get_label (BS_FLOW_SEVERITY_WARNING));
}

/* ------------------------------------------------------------------ */
/* Paths and new edges (drawing an edge in the canvas) */

static void
test_find_path (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCDE");
  g_autoptr(GArray) path = NULL;
  g_autofree char *letters = NULL;

  add_edges (flow, "AC CD AB BD DE");
  path = bs_theme_flow_find_path (flow, ID ('A'), ID ('E'));
  letters = letters_of (path);
  /* Two shortest paths: through B (first by name) wins. */
  g_assert_cmpstr (letters, ==, "ABDE");
  g_assert_null (bs_theme_flow_find_path (flow, ID ('E'), ID ('A')));
  g_assert_null (bs_theme_flow_find_path (flow, ID ('A'), 4242));
  g_array_unref (path);
  path = bs_theme_flow_find_path (flow, ID ('C'), ID ('C'));
  g_assert_cmpuint (path->len, ==, 1);
}

static void
test_check_new_edge (void)
{
  g_autoptr(BsThemeFlow) flow = flow_with ("ABCD");
  g_autoptr(GError) error = NULL;

  add_edges (flow, "AB BC");

  g_assert_true (bs_theme_flow_check_new_edge (flow, ID ('A'), ID ('C'), &error));
  g_assert_no_error (error);
  g_assert_true (bs_theme_flow_check_new_edge (flow, ID ('D'), ID ('A'), &error));
  g_assert_no_error (error);

  g_assert_false (bs_theme_flow_check_new_edge (flow, ID ('C'), ID ('A'), &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "C → A → B → C"));
  g_clear_error (&error);

  g_assert_false (bs_theme_flow_check_new_edge (flow, ID ('B'), ID ('A'), &error));
  g_assert_nonnull (strstr (error->message, "B → A → B"));
  g_clear_error (&error);

  g_assert_false (bs_theme_flow_check_new_edge (flow, ID ('A'), ID ('A'), &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bs_theme_flow_check_new_edge (flow, ID ('A'), ID ('B'), &error));
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_false (bs_theme_flow_check_new_edge (flow, ID ('A'), 4242, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
}

/* ------------------------------------------------------------------ */
/* From the catalogue */

static BsCatalogue *
catalogue_from (const char *relative_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autofree char *path = NULL;
  const char *source = g_getenv ("BANSHI_SOURCE_DIR");

  if (source == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return NULL;
    }
  path = g_build_filename (source, relative_path, NULL);
  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_import_json_file (cat, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&cat);
}

static BsFlowAnalysis *
analyse_theme (BsCatalogue *cat,
               const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = bs_catalogue_find_theme (cat, code, &error);
  g_autoptr(BsThemeFlow) flow = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (theme);
  flow = bs_theme_flow_new_from_catalogue (cat, theme->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flow);
  return analyse (flow);
}

/* The names of a list of item ids, "A / B / C". */
static char *
names_of (BsFlowAnalysis *analysis,
          const GArray   *ids)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (analysis);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      const BsFlowNode *node = bs_theme_flow_lookup_node (flow, g_array_index (ids, gint64, i));

      g_assert_nonnull (node);
      if (i > 0)
        g_string_append (text, " / ");
      g_string_append (text, node->name);
    }
  return g_string_free (text, FALSE);
}

static void
test_demo_restaurant (void)
{
  g_autoptr(BsCatalogue) cat = catalogue_from ("data/demo/demo.json");
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GError) error = NULL;
  const BsFlowSummary *summary;
  const BsFlowPath *path;
  g_autofree char *stage0 = NULL;
  g_autofree char *stage1 = NULL;
  g_autofree char *stage2 = NULL;
  g_autofree char *statutory = NULL;
  g_autofree char *committed = NULL;

  if (cat == NULL)
    return;

  analysis = analyse_theme (cat, "open-restaurant");
  g_assert_false (bs_flow_analysis_has_errors (analysis));
  g_assert_false (bs_flow_analysis_has_cycles (analysis));

  g_assert_cmpuint (bs_flow_analysis_get_n_stages (analysis), ==, 3);
  stage0 = names_of (analysis, bs_flow_analysis_get_stage_items (analysis, 0));
  stage1 = names_of (analysis, bs_flow_analysis_get_stage_items (analysis, 1));
  stage2 = names_of (analysis, bs_flow_analysis_get_stage_items (analysis, 2));
  g_assert_cmpstr (stage0, ==, "从业人员预防性健康检查（健康证明） / 企业名称自主申报 / 其他建设工程消防验收备案");
  g_assert_cmpstr (stage1, ==, "企业设立登记");
  g_assert_cmpstr (stage2, ==, "公众聚集场所投入使用、营业前消防安全检查 / 城镇污水排入排水管网许可 / "
                               "户外招牌设施设置审批 / 烟草专卖零售许可证核发（新办） / 食品经营许可（新办）");

  /* 名称申报 (即办, 0) → 设立登记 (3) → 户外招牌 (20) ties 烟草 (20); the
   * name first in code-point order wins. Committed: 0 + 1 + 烟草 10. */
  path = bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY);
  statutory = names_of (analysis, path->item_ids);
  g_assert_cmpint (path->days, ==, 23);
  g_assert_cmpstr (statutory, ==, "企业名称自主申报 / 企业设立登记 / 户外招牌设施设置审批");
  g_assert_false (path->converted);
  path = bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_COMMITTED);
  committed = names_of (analysis, path->item_ids);
  g_assert_cmpint (path->days, ==, 11);
  g_assert_cmpstr (committed, ==, "企业名称自主申报 / 企业设立登记 / 烟草专卖零售许可证核发（新办）");

  summary = bs_flow_analysis_get_summary (analysis);
  g_assert_cmpuint (summary->n_items, ==, 9);
  g_assert_cmpuint (summary->n_edges, ==, 8);
  g_assert_cmpuint (summary->n_stages, ==, 3);
  g_assert_cmpuint (summary->n_departments, ==, 7);
  g_assert_cmpint (summary->visits, ==, 1);
  g_assert_cmpint (summary->statutory_days, ==, 23);
  g_assert_cmpint (summary->committed_days, ==, 11);

  /* No theme of the demo has an error. */
  themes = bs_catalogue_list_themes (cat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (themes->len, >=, 10);
  for (guint i = 0; i < themes->len; i++)
    {
      BsTheme *theme = g_ptr_array_index (themes, i);
      g_autoptr(BsFlowAnalysis) each = analyse_theme (cat, theme->code);

      if (bs_flow_analysis_has_errors (each))
        g_error ("%s: %s", theme->code, bs_flow_analysis_get_problem (each, 0)->message);
      g_assert_cmpuint (bs_flow_analysis_get_summary (each)->n_stages, >=, 2);
    }
}

static void
test_catalogue_cycle (void)
{
  g_autoptr(BsCatalogue) cat = catalogue_from ("tests/unit/json/cycle.json");
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autofree char *names = NULL;
  const BsFlowProblem *problem;

  if (cat == NULL)
    return;

  analysis = analyse_theme (cat, "open-restaurant");
  g_assert_true (bs_flow_analysis_has_errors (analysis));
  g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_CYCLE), ==, 1);
  problem = nth_of_kind (analysis, BS_FLOW_PROBLEM_CYCLE, 0);
  names = names_of (analysis, problem->item_ids);
  /* 名称 → 食品 → 消防 → 名称, from the name first in code-point order. */
  g_assert_cmpstr (names, ==, "企业名称自主申报 / 食品经营许可（新办） / 公众聚集场所投入使用、营业前消防安全检查");
  g_assert_nonnull (strstr (problem->message, "企业名称自主申报 → 食品经营许可（新办） → "
                                              "公众聚集场所投入使用、营业前消防安全检查 → 企业名称自主申报"));
}

static void
test_catalogue_missing_theme (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsThemeFlow) flow = NULL;

  g_assert_no_error (error);
  flow = bs_theme_flow_new_from_catalogue (cat, 42, &error);
  g_assert_null (flow);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* Property tests: random graphs against brute force */

#define MAX_NODES 12

typedef struct
{
  guint n;
  gboolean adj[MAX_NODES][MAX_NODES];
  int weight[BS_N_FLOW_LIMITS][MAX_NODES];
  gint64 id[MAX_NODES];
} Brute;

static int
brute_index (const Brute *brute,
             gint64       id)
{
  for (guint v = 0; v < brute->n; v++)
    if (brute->id[v] == id)
      return (int) v;
  g_assert_not_reached ();
  return -1;
}

/* Every path starting at @v: the longest (in edges) ending at each node,
 * and the largest sum of weights over all paths, with the most items among
 * those. */
static void
brute_walk (const Brute *brute,
            guint        v,
            guint        edges,
            int          sum[BS_N_FLOW_LIMITS],
            guint       *stage,
            int          best[BS_N_FLOW_LIMITS],
            guint        best_items[BS_N_FLOW_LIMITS])
{
  stage[v] = MAX (stage[v], edges);
  for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
    {
      sum[l] += brute->weight[l][v];
      if (sum[l] > best[l] || (sum[l] == best[l] && edges + 1 > best_items[l]))
        {
          best[l] = sum[l];
          best_items[l] = edges + 1;
        }
    }
  for (guint w = 0; w < brute->n; w++)
    if (brute->adj[v][w])
      brute_walk (brute, w, edges + 1, sum, stage, best, best_items);
  for (guint l = 0; l < BS_N_FLOW_LIMITS; l++)
    sum[l] -= brute->weight[l][v];
}

/* Shuffled names, so that the order by name is not the order of indexes. */
static void
random_flow (GRand        *rand,
             guint         n,
             double        density,
             gboolean      acyclic,
             Brute        *brute,
             BsThemeFlow **out_flow)
{
  BsThemeFlow *flow = bs_theme_flow_new ();
  guint names[MAX_NODES];

  memset (brute, 0, sizeof *brute);
  brute->n = n;
  for (guint v = 0; v < n; v++)
    names[v] = v;
  for (guint v = n; v > 1; v--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) v);
      guint tmp = names[v - 1];

      names[v - 1] = names[j];
      names[j] = tmp;
    }

  for (guint v = 0; v < n; v++)
    {
      g_autofree char *name = g_strdup_printf ("事项%02u", names[v]);
      BsFlowNode node = node_template (1000 + g_rand_int_range (rand, 0, 100) * MAX_NODES + v, name);

      node.handling = g_rand_int_range (rand, 0, 4) == 0 ? BS_HANDLING_ON_THE_SPOT
                                                         : BS_HANDLING_COMMITTED;
      node.legal_limit = g_rand_int_range (rand, -1, 31);
      node.legal_limit_unit = g_rand_int_range (rand, 0, 3) == 0 ? BS_LIMIT_UNIT_CALENDAR_DAYS
                                                                 : BS_LIMIT_UNIT_WORKING_DAYS;
      node.committed_limit = g_rand_int_range (rand, -1, 31);
      node.committed_limit_unit = g_rand_int_range (rand, 0, 3) == 0 ? BS_LIMIT_UNIT_CALENDAR_DAYS
                                                                     : BS_LIMIT_UNIT_WORKING_DAYS;
      node.department_id = g_rand_int_range (rand, 0, 5);
      node.visits = g_rand_int_range (rand, -1, 3);
      g_assert_true (bs_theme_flow_add_node (flow, &node));

      brute->id[v] = node.item_id;
      for (BsFlowLimit l = 0; l < BS_N_FLOW_LIMITS; l++)
        {
          int value = l == BS_FLOW_LIMIT_STATUTORY ? node.legal_limit : node.committed_limit;
          BsLimitUnit unit = l == BS_FLOW_LIMIT_STATUTORY ? node.legal_limit_unit
                                                          : node.committed_limit_unit;

          if (node.handling == BS_HANDLING_ON_THE_SPOT || value < 0)
            brute->weight[l][v] = 0;
          else if (unit == BS_LIMIT_UNIT_CALENDAR_DAYS)
            brute->weight[l][v] = (value * 5 + 6) / 7;
          else
            brute->weight[l][v] = value;
        }
    }

  for (guint u = 0; u < n; u++)
    for (guint v = acyclic ? u + 1 : 0; v < n; v++)
      if (g_rand_double (rand) < density && (u != v || g_rand_int_range (rand, 0, 4) == 0))
        {
          brute->adj[u][v] = TRUE;
          g_assert_true (bs_theme_flow_add_edge (flow, brute->id[u], brute->id[v]));
        }

  *out_flow = flow;
}

/* Transitive closure: reach[u][v] when a path of one edge or more leads
 * from u to v. */
static void
brute_closure (const Brute *brute,
               gboolean     reach[MAX_NODES][MAX_NODES])
{
  for (guint u = 0; u < brute->n; u++)
    for (guint v = 0; v < brute->n; v++)
      reach[u][v] = brute->adj[u][v];
  for (guint k = 0; k < brute->n; k++)
    for (guint u = 0; u < brute->n; u++)
      for (guint v = 0; v < brute->n; v++)
        reach[u][v] |= reach[u][k] && reach[k][v];
}

static guint
brute_weak_parts (const Brute *brute)
{
  guint part[MAX_NODES];
  guint n_parts = brute->n;
  gboolean changed = TRUE;

  for (guint v = 0; v < brute->n; v++)
    part[v] = v;
  while (changed)
    {
      changed = FALSE;
      for (guint u = 0; u < brute->n; u++)
        for (guint v = 0; v < brute->n; v++)
          if ((brute->adj[u][v] || brute->adj[v][u]) && part[u] != part[v])
            {
              guint from = MAX (part[u], part[v]), to = MIN (part[u], part[v]);

              for (guint w = 0; w < brute->n; w++)
                if (part[w] == from)
                  part[w] = to;
              n_parts--;
              changed = TRUE;
            }
    }
  return n_parts;
}

static void
test_property_dags (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240603);
  guint n_redundant_seen = 0, n_graphs = 400;

  for (guint round = 0; round < n_graphs; round++)
    {
      Brute brute;
      g_autoptr(BsThemeFlow) flow = NULL;
      g_autoptr(BsFlowAnalysis) analysis = NULL;
      guint n = (guint) g_rand_int_range (rand, 1, MAX_NODES + 1);
      double density = g_rand_double_range (rand, 0.05, 0.7);
      guint stage[MAX_NODES] = { 0 };
      int sum[BS_N_FLOW_LIMITS] = { 0 };
      int best[BS_N_FLOW_LIMITS] = { 0 };
      guint best_items[BS_N_FLOW_LIMITS] = { 0 };
      gboolean reach[MAX_NODES][MAX_NODES];
      gboolean redundant[MAX_NODES][MAX_NODES] = { { FALSE } };
      guint n_stages = 0, n_redundant = 0;

      random_flow (rand, n, density, TRUE, &brute, &flow);
      analysis = analyse (flow);
      g_assert_false (bs_flow_analysis_has_cycles (analysis));
      g_assert_false (bs_flow_analysis_has_errors (analysis));

      for (guint v = 0; v < n; v++)
        brute_walk (&brute, v, 0, sum, stage, best, best_items);

      /* Stages: the longest chain of prerequisites before each item. */
      for (guint v = 0; v < n; v++)
        {
          g_assert_cmpint (bs_flow_analysis_get_item_stage (analysis, brute.id[v]), ==, stage[v]);
          n_stages = MAX (n_stages, stage[v] + 1);
        }
      g_assert_cmpuint (bs_flow_analysis_get_n_stages (analysis), ==, n_stages);
      for (guint s = 0; s < n_stages; s++)
        {
          const GArray *items = bs_flow_analysis_get_stage_items (analysis, s);

          g_assert_cmpuint (items->len, >, 0);
          for (guint i = 0; i < items->len; i++)
            g_assert_cmpuint (stage[brute_index (&brute, g_array_index (items, gint64, i))], ==, s);
        }

      /* Critical paths: the largest total over all paths; the path given is
       * a real path with that total and the most items among those. */
      for (BsFlowLimit l = 0; l < BS_N_FLOW_LIMITS; l++)
        {
          const BsFlowPath *path = bs_flow_analysis_get_critical_path (analysis, l);
          int total = 0;

          g_assert_cmpint (path->days, ==, best[l]);
          g_assert_cmpuint (path->item_ids->len, ==, best_items[l]);
          for (guint i = 0; i < path->item_ids->len; i++)
            {
              int v = brute_index (&brute, g_array_index (path->item_ids, gint64, i));

              total += brute.weight[l][v];
              if (i > 0)
                g_assert_true (brute.adj[brute_index (&brute, g_array_index (path->item_ids, gint64, i - 1))][v]);
            }
          g_assert_cmpint (total, ==, best[l]);
        }
      g_assert_cmpint (bs_flow_analysis_get_summary (analysis)->statutory_days, ==,
                       best[BS_FLOW_LIMIT_STATUTORY]);
      g_assert_cmpint (bs_flow_analysis_get_summary (analysis)->committed_days, ==,
                       best[BS_FLOW_LIMIT_COMMITTED]);

      /* Redundant: u → v when some other successor of u reaches v. */
      brute_closure (&brute, reach);
      for (guint u = 0; u < n; u++)
        for (guint v = 0; v < n; v++)
          if (brute.adj[u][v])
            for (guint w = 0; w < n; w++)
              if (w != v && brute.adj[u][w] && reach[w][v])
                {
                  redundant[u][v] = TRUE;
                  n_redundant++;
                  break;
                }
      g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_REDUNDANT_EDGE), ==, n_redundant);
      for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
        {
          const BsFlowProblem *problem = bs_flow_analysis_get_problem (analysis, i);
          const BsEdge *edge;
          int first, last;

          if (problem->kind != BS_FLOW_PROBLEM_REDUNDANT_EDGE)
            continue;
          g_assert_cmpuint (problem->edges->len, ==, 1);
          edge = &g_array_index (problem->edges, BsEdge, 0);
          g_assert_true (redundant[brute_index (&brute, edge->before_id)][brute_index (&brute, edge->after_id)]);
          /* The items are the longer path that implies the edge. */
          g_assert_cmpuint (problem->item_ids->len, >=, 3);
          first = brute_index (&brute, g_array_index (problem->item_ids, gint64, 0));
          last = brute_index (&brute, g_array_index (problem->item_ids, gint64, problem->item_ids->len - 1));
          g_assert_cmpint (brute.id[first], ==, edge->before_id);
          g_assert_cmpint (brute.id[last], ==, edge->after_id);
          for (guint k = 1; k < problem->item_ids->len; k++)
            g_assert_true (brute.adj[brute_index (&brute, g_array_index (problem->item_ids, gint64, k - 1))]
                                    [brute_index (&brute, g_array_index (problem->item_ids, gint64, k))]);
        }
      n_redundant_seen += n_redundant;

      g_assert_cmpuint (count_kind (analysis, BS_FLOW_PROBLEM_DISCONNECTED), ==,
                        brute_weak_parts (&brute) - 1);
    }

  /* The generator does exercise the rule. */
  g_assert_cmpuint (n_redundant_seen, >, 100);
}

static void
test_property_cycles (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      Brute brute;
      g_autoptr(BsThemeFlow) flow = NULL;
      g_autoptr(BsFlowAnalysis) analysis = NULL;
      guint n = (guint) g_rand_int_range (rand, 1, MAX_NODES + 1);
      gboolean reach[MAX_NODES][MAX_NODES];
      gboolean counted[MAX_NODES] = { FALSE };
      guint n_cycles = 0, n_reported = 0;
      gboolean cyclic = FALSE;

      random_flow (rand, n, g_rand_double_range (rand, 0.02, 0.3), FALSE, &brute, &flow);
      analysis = analyse (flow);
      brute_closure (&brute, reach);

      /* One cycle per strongly connected part of two or more items, one
       * per self-loop. */
      for (guint v = 0; v < n; v++)
        {
          gboolean in_part = FALSE;

          if (brute.adj[v][v])
            n_cycles++;
          if (counted[v])
            continue;
          for (guint w = 0; w < n; w++)
            if (w != v && reach[v][w] && reach[w][v])
              {
                counted[w] = TRUE;
                in_part = TRUE;
              }
          if (in_part)
            n_cycles++;
          counted[v] = TRUE;
        }
      for (guint v = 0; v < n; v++)
        cyclic |= reach[v][v];
      g_assert_cmpint (bs_flow_analysis_has_cycles (analysis), ==, cyclic);
      g_assert_cmpint (bs_flow_analysis_has_errors (analysis), ==, cyclic);

      /* Each reported cycle is a real one: its edges exist and close. */
      for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
        {
          const BsFlowProblem *problem = bs_flow_analysis_get_problem (analysis, i);

          if (problem->kind != BS_FLOW_PROBLEM_CYCLE)
            continue;
          n_reported++;
          g_assert_cmpuint (problem->edges->len, ==, problem->item_ids->len);
          for (guint k = 0; k < problem->item_ids->len; k++)
            {
              int a = brute_index (&brute, g_array_index (problem->item_ids, gint64, k));
              int b = brute_index (&brute, g_array_index (problem->item_ids, gint64,
                                                         (k + 1) % problem->item_ids->len));

              g_assert_true (brute.adj[a][b]);
            }
        }
      g_assert_cmpuint (n_reported, ==, n_cycles);

      /* Stages always exist: each edge between different parts goes to a
       * later stage; items of one cycle share theirs. */
      for (guint u = 0; u < n; u++)
        for (guint v = 0; v < n; v++)
          if (brute.adj[u][v] && u != v)
            {
              int su = bs_flow_analysis_get_item_stage (analysis, brute.id[u]);
              int sv = bs_flow_analysis_get_item_stage (analysis, brute.id[v]);

              if (reach[v][u])
                g_assert_cmpint (su, ==, sv);
              else
                g_assert_cmpint (su, <, sv);
            }
      if (cyclic)
        g_assert_cmpint (bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY)->days, ==, -1);
    }
}

/* A theme of 1,000 items analyses quickly enough to run after every edit. */
static void
test_large (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint n = 1000;

  for (guint v = 0; v < n; v++)
    {
      g_autofree char *name = g_strdup_printf ("事项%04u", (v * 7919) % n);
      BsFlowNode node = node_template (v + 1, name);

      bs_theme_flow_add_node (flow, &node);
    }
  for (guint v = 1; v < n; v++)
    for (guint k = 0; k < 3; k++)
      bs_theme_flow_add_edge (flow, (gint64) g_rand_int_range (rand, 0, (gint32) v) + 1, v + 1);

  timer = g_timer_new ();
  analysis = analyse (flow);
  g_test_message ("1,000 items, %u edges: analysed in %.1f ms", bs_theme_flow_get_n_edges (flow),
                  g_timer_elapsed (timer, NULL) * 1000);
  g_assert_false (bs_flow_analysis_has_cycles (analysis));
  g_assert_cmpuint (bs_flow_analysis_get_summary (analysis)->n_items, ==, n);
  /* How fast is for build-aux/bench (bench-layout, bench-guide) to say. */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/cycle/two", test_cycle_two);
  g_test_add_func ("/flow/cycle/three", test_cycle_three);
  g_test_add_func ("/flow/cycle/multiple", test_cycle_multiple);
  g_test_add_func ("/flow/edge-outside-theme", test_edge_outside);
  g_test_add_func ("/flow/redundant", test_redundant);
  g_test_add_func ("/flow/redundant-longer", test_redundant_longer);
  g_test_add_func ("/flow/disconnected", test_disconnected);
  g_test_add_func ("/flow/disconnected-many", test_disconnected_many);
  g_test_add_func ("/flow/missing", test_missing);
  g_test_add_func ("/flow/committed-exceeds-statutory", test_committed_exceeds);
  g_test_add_func ("/flow/calendar-conversion", test_calendar_conversion);
  g_test_add_func ("/flow/on-the-spot", test_on_the_spot);
  g_test_add_func ("/flow/stages-and-paths", test_stages_and_paths);
  g_test_add_func ("/flow/path-ties", test_path_ties);
  g_test_add_func ("/flow/empty", test_empty);
  g_test_add_func ("/flow/find-path", test_find_path);
  g_test_add_func ("/flow/check-new-edge", test_check_new_edge);
  g_test_add_func ("/flow/catalogue/demo-restaurant", test_demo_restaurant);
  g_test_add_func ("/flow/catalogue/cycle", test_catalogue_cycle);
  g_test_add_func ("/flow/catalogue/missing-theme", test_catalogue_missing_theme);
  g_test_add_func ("/flow/property/dags", test_property_dags);
  g_test_add_func ("/flow/property/cycles", test_property_cycles);
  g_test_add_func ("/flow/large", test_large);

  return g_test_run ();
}
