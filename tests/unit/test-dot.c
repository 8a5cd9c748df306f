/* test-dot.c: setting a theme's prerequisites from DOT: Banshi's own export
 * read back, hand-written files by code and by name, unknown nodes, parse
 * errors, self-loops, hostile names, and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "banshi-core.h"

/* ------------------------------------------------------------------ */
/* Helpers */

static BsCatalogue *
load_demo (void)
{
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *source = g_getenv ("BANSHI_SOURCE_DIR");

  if (source == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return NULL;
    }
  path = g_build_filename (source, "data", "demo", "demo.json", NULL);
  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_import_json_file (cat, path, &error);
  g_assert_no_error (error);
  bs_catalogue_clear_history (cat);
  return g_steal_pointer (&cat);
}

static gint64
theme_id (BsCatalogue *cat,
          const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = bs_catalogue_find_theme (cat, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (theme);
  return theme->id;
}

static gint64
item_id (BsCatalogue *cat,
         const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) item = bs_catalogue_find_item (cat, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item->id;
}

static GArray *
list_edges (BsCatalogue *cat,
            gint64       theme)
{
  g_autoptr(GError) error = NULL;
  GArray *edges = bs_catalogue_list_theme_edges (cat, theme, &error);

  g_assert_no_error (error);
  g_assert_nonnull (edges);
  return edges;
}

/* Both sorted by (before_id, after_id), as the catalogue lists them. */
static void
assert_same_edges (GArray *a,
                   GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpint (g_array_index (a, BsEdge, i).before_id, ==, g_array_index (b, BsEdge, i).before_id);
      g_assert_cmpint (g_array_index (a, BsEdge, i).after_id, ==, g_array_index (b, BsEdge, i).after_id);
    }
}

static gboolean
has_edge (GArray *edges,
          gint64  before_id,
          gint64  after_id)
{
  for (guint i = 0; i < edges->len; i++)
    if (g_array_index (edges, BsEdge, i).before_id == before_id &&
        g_array_index (edges, BsEdge, i).after_id == after_id)
      return TRUE;
  return FALSE;
}

static void
remove_all_edges (BsCatalogue *cat,
                  gint64       theme)
{
  g_autoptr(GArray) edges = list_edges (cat, theme);
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_catalogue_begin (cat, "Remove all", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < edges->len; i++)
    {
      const BsEdge *edge = &g_array_index (edges, BsEdge, i);

      g_assert_true (bs_catalogue_remove_theme_edge (cat, theme, edge->before_id, edge->after_id,
                                                     &error));
      g_assert_no_error (error);
    }
  g_assert_true (bs_catalogue_commit (cat, &error));
  g_assert_no_error (error);
}

/* The theme drawn as DOT by Banshi's own export. */
static GBytes *
render_dot (BsCatalogue    *cat,
            gint64          theme,
            BsFlowGrouping  grouping)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new_from_catalogue (cat, theme, &error);
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autoptr(BsFlowGraph) graph = NULL;
  GBytes *bytes;

  g_assert_no_error (error);
  analysis = bs_theme_flow_analyse (flow);
  graph = bs_flow_graph_new_for_theme (analysis, "title", BS_FLOW_DIRECTION_TOP_BOTTOM, grouping,
                                       NULL, NULL);
  bytes = bs_flow_render (graph, "dot", &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static BsDotImportReport *
import_ok (BsCatalogue *cat,
           gint64       theme,
           const char  *dot,
           gssize       length)
{
  g_autoptr(GError) error = NULL;
  BsDotImportReport *report = NULL;

  g_assert_true (bs_catalogue_import_theme_dot (cat, theme, dot,
                                                length < 0 ? strlen (dot) : (gsize) length,
                                                &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->unknown_nodes->len, ==, 0);
  g_assert_cmpuint (report->n_matched_nodes, ==, report->n_nodes);
  return report;
}

/* The import fails with @domain/@code, and nothing changes. */
static char *
import_fails (BsCatalogue         *cat,
              gint64               theme,
              const char          *dot,
              GQuark               domain,
              int                  code,
              BsDotImportReport  **out_report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = list_edges (cat, theme);
  g_autoptr(GArray) after = NULL;
  g_autofree char *undo_label = g_strdup (bs_catalogue_get_undo_label (cat));
  BsDotImportReport *report = NULL;

  g_assert_false (bs_catalogue_import_theme_dot (cat, theme, dot, strlen (dot), &report, &error));
  g_assert_error (error, domain, code);
  g_assert_false (bs_catalogue_in_edit (cat));
  after = list_edges (cat, theme);
  assert_same_edges (before, after);
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, undo_label);
  if (out_report != NULL)
    *out_report = report;
  else
    g_clear_pointer (&report, bs_dot_import_report_free);
  return g_strdup (error->message);
}

/* @text as a DOT quoted string. */
static char *
dot_quote (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append (out, "\\\"");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Demo item codes of 开餐馆 */
#define NAME_DECLARATION "002030001000"  /* 企业名称自主申报 */
#define REGISTRATION     "000130002000"  /* 企业设立登记 */
#define FOOD_LICENCE     "000131024000"  /* 食品经营许可（新办） */

/* ------------------------------------------------------------------ */
/* Banshi's own export, read back */

static void
test_round_trip (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  const BsFlowGrouping groupings[] = {
    BS_FLOW_GROUPING_DEPARTMENT, BS_FLOW_GROUPING_STAGE, BS_FLOW_GROUPING_NONE
  };
  g_autoptr(GArray) original = NULL;
  g_autoptr(GError) error = NULL;
  gint64 theme;

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");
  original = list_edges (cat, theme);
  g_assert_cmpuint (original->len, ==, 8);

  for (guint g = 0; g < G_N_ELEMENTS (groupings); g++)
    {
      g_autoptr(GBytes) dot = render_dot (cat, theme, groupings[g]);
      g_autoptr(BsDotImportReport) report = NULL;
      g_autoptr(BsDotImportReport) again = NULL;
      g_autoptr(GArray) edges = NULL;
      g_autoptr(GArray) empty = NULL;
      gsize length;
      const char *data = g_bytes_get_data (dot, &length);

      remove_all_edges (cat, theme);
      empty = list_edges (cat, theme);
      g_assert_cmpuint (empty->len, ==, 0);

      report = import_ok (cat, theme, data, length);
      g_assert_cmpuint (report->n_nodes, ==, 9);
      g_assert_cmpuint (report->n_items, ==, 9);
      g_assert_cmpuint (report->n_added, ==, original->len);
      g_assert_cmpuint (report->n_removed, ==, 0);
      g_assert_cmpuint (report->n_kept, ==, 0);
      edges = list_edges (cat, theme);
      assert_same_edges (original, edges);
      g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Import Prerequisites");

      /* Read again: nothing to do. */
      again = import_ok (cat, theme, data, length);
      g_assert_cmpuint (again->n_added, ==, 0);
      g_assert_cmpuint (again->n_removed, ==, 0);
      g_assert_cmpuint (again->n_kept, ==, original->len);
    }

  /* The export without its code attributes: matched by the names on the
   * first line of the labels. */
  {
    g_autoptr(GBytes) dot = render_dot (cat, theme, BS_FLOW_GROUPING_DEPARTMENT);
    g_autoptr(GRegex) regex = g_regex_new ("code=<[^\\n]*?</B>>,?", 0, 0, &error);
    g_autofree char *stripped = NULL;
    g_autoptr(BsDotImportReport) report = NULL;
    g_autoptr(GArray) edges = NULL;

    g_assert_no_error (error);
    stripped = g_regex_replace_literal (regex, g_bytes_get_data (dot, NULL), g_bytes_get_size (dot),
                                        0, "", 0, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (stripped, "code="));

    remove_all_edges (cat, theme);
    report = import_ok (cat, theme, stripped, -1);
    g_assert_cmpuint (report->n_added, ==, original->len);
    edges = list_edges (cat, theme);
    assert_same_edges (original, edges);
  }
}

/* ------------------------------------------------------------------ */
/* Hand-written files */

static void
test_by_code (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsDotImportReport) report = NULL;
  g_autoptr(GArray) original = NULL;
  g_autoptr(GArray) edges = NULL;
  gint64 theme;
  const char *dot =
    "digraph g {\n"
    "  /* node names that are codes */\n"
    "  \"" NAME_DECLARATION "\" -> \"" REGISTRATION "\";\n"
    "  /* the attribute code, with a name that is nothing */\n"
    "  x [code=\"" FOOD_LICENCE "\", label=\"whatever\"];\n"
    "  y [code=\"  " REGISTRATION " \"];\n"
    "  y -> x;\n"
    "  \"" REGISTRATION "\" -> x;  // the same edge again, through another node\n"
    "}\n";

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");
  original = list_edges (cat, theme);
  g_assert_true (has_edge (original, item_id (cat, NAME_DECLARATION), item_id (cat, REGISTRATION)));

  report = import_ok (cat, theme, dot, -1);
  g_assert_cmpuint (report->n_nodes, ==, 4);
  g_assert_cmpuint (report->n_items, ==, 3);
  edges = list_edges (cat, theme);
  g_assert_cmpuint (edges->len, ==, 2);
  g_assert_true (has_edge (edges, item_id (cat, NAME_DECLARATION), item_id (cat, REGISTRATION)));
  g_assert_true (has_edge (edges, item_id (cat, REGISTRATION), item_id (cat, FOOD_LICENCE)));
  g_assert_cmpuint (report->n_added + report->n_kept, ==, 2);
  g_assert_cmpuint (report->n_kept, ==, 1 + has_edge (original, item_id (cat, REGISTRATION),
                                                      item_id (cat, FOOD_LICENCE)));
  g_assert_cmpuint (report->n_removed, ==, original->len - report->n_kept);
}

static void
test_by_name (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsDotImportReport) report = NULL;
  g_autoptr(GArray) edges = NULL;
  gint64 theme;
  /* Names as node names, as labels, with spaces around, and as the first
   * line of a label; a cycle is accepted. */
  const char *dot =
    "strict digraph {\n"
    "  企业名称自主申报 -> \"企业设立登记\";\n"
    "  a [label=\"  食品经营许可（新办）\\n市场监督管理局\\l5 working days\"];\n"
    "  \"企业设立登记\" -> a;\n"
    "  b [label=<<B>企业名称自主申报</B><BR/>市场监督管理局>];\n"
    "  a -> b;\n"
    "}\n";

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");

  report = import_ok (cat, theme, dot, -1);
  g_assert_cmpuint (report->n_nodes, ==, 4);
  g_assert_cmpuint (report->n_items, ==, 3);
  g_assert_cmpuint (report->n_added + report->n_kept, ==, 3);
  edges = list_edges (cat, theme);
  g_assert_cmpuint (edges->len, ==, 3);
  g_assert_true (has_edge (edges, item_id (cat, NAME_DECLARATION), item_id (cat, REGISTRATION)));
  g_assert_true (has_edge (edges, item_id (cat, REGISTRATION), item_id (cat, FOOD_LICENCE)));
  g_assert_true (has_edge (edges, item_id (cat, FOOD_LICENCE), item_id (cat, NAME_DECLARATION)));

  /* An empty graph removes every prerequisite. */
  g_clear_pointer (&report, bs_dot_import_report_free);
  report = import_ok (cat, theme, "digraph {}", -1);
  g_assert_cmpuint (report->n_removed, ==, 3);
  g_clear_pointer (&edges, g_array_unref);
  edges = list_edges (cat, theme);
  g_assert_cmpuint (edges->len, ==, 0);
}

static void
test_unknown_nodes (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  BsDotImportReport *report = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GString) many = g_string_new ("digraph {\n");
  gint64 theme;
  const char *dot =
    "digraph {\n"
    "  企业名称自主申报 -> 企业设立登记;\n"
    "  企业设立登记 -> \"no such item\";\n"
    "  z [label=\"Made up\\nsecond line\"];\n"
    "  z -> 企业设立登记;\n"
    "}\n";

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");

  message = import_fails (cat, theme, dot, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID, &report);
  g_assert_nonnull (strstr (message, "开餐馆"));
  g_assert_nonnull (strstr (message, "“no such item”"));
  g_assert_nonnull (strstr (message, "“Made up”"));
  g_assert_null (strstr (message, "企业设立登记"));
  g_assert_nonnull (strstr (message, "code="));
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_nodes, ==, 4);
  g_assert_cmpuint (report->n_matched_nodes, ==, 2);
  g_assert_cmpuint (report->unknown_nodes->len, ==, 2);
  g_assert_cmpstr (((BsFlowDotNode *) g_ptr_array_index (report->unknown_nodes, 0))->name, ==,
                   "no such item");
  g_assert_cmpstr (((BsFlowDotNode *) g_ptr_array_index (report->unknown_nodes, 1))->name, ==, "z");
  g_assert_cmpuint (report->n_added + report->n_removed + report->n_kept, ==, 0);
  g_clear_pointer (&report, bs_dot_import_report_free);
  g_clear_pointer (&message, g_free);

  /* A code of an item outside the theme is unknown too. */
  message = import_fails (cat, theme, "digraph { x [code=\"nope\"] }", BS_CATALOGUE_ERROR,
                          BS_CATALOGUE_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "“x”"));
  g_clear_pointer (&message, g_free);

  /* Many: the message names some and counts the rest. */
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (many, "  u%u;\n", i);
  g_string_append (many, "}\n");
  message = import_fails (cat, theme, many->str, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                          &report);
  g_assert_cmpuint (report->unknown_nodes->len, ==, 50);
  g_assert_nonnull (strstr (message, "“u0”"));
  g_assert_null (strstr (message, "“u49”"));
  g_assert_nonnull (strstr (message, "and 30 more"));
  g_clear_pointer (&report, bs_dot_import_report_free);

  /* No such theme. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (bs_catalogue_import_theme_dot (cat, 999999, "digraph {}", 10, &report, &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
    g_assert_null (report);
  }
}

static void
test_parse_error (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  const char *bad[] = {
    "digraph {",
    "not dot at all",
    "",
    "digraph { a -> ; }",
  };
  gint64 theme;

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      BsDotImportReport *report = NULL;
      g_autofree char *message = import_fails (cat, theme, bad[i], BS_FLOW_LAYOUT_ERROR,
                                               BS_FLOW_LAYOUT_ERROR_PARSE, &report);

      g_assert_null (report);
      g_assert_cmpstr (message, !=, "");
    }

  /* A NUL byte. */
  {
    g_autoptr(GError) error = NULL;
    BsDotImportReport *report = NULL;

    g_assert_false (bs_catalogue_import_theme_dot (cat, theme, "digraph {\0}", 11, &report, &error));
    g_assert_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_PARSE);
    g_assert_null (report);
  }
}

static void
test_self_loop (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autofree char *message = NULL;
  gint64 theme;

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");

  message = import_fails (cat, theme, "digraph { 企业设立登记 -> 企业名称自主申报; 企业设立登记 -> 企业设立登记 }",
                          BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "“企业设立登记”"));
  g_assert_nonnull (strstr (message, "its own prerequisite"));
  g_clear_pointer (&message, g_free);

  /* Two nodes for one item, with an edge between them. */
  message = import_fails (cat, theme,
                          "digraph { a [code=\"" REGISTRATION "\"]; 企业设立登记 -> a }",
                          BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID, NULL);
  g_assert_nonnull (strstr (message, "“企业设立登记”"));
  g_assert_nonnull (strstr (message, "“a”"));
  g_assert_nonnull (strstr (message, "its own prerequisite"));
}

/* ------------------------------------------------------------------ */
/* Undo */

static void
test_undo (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsDotImportReport) report = NULL;
  g_autoptr(GArray) original = NULL;
  g_autoptr(GArray) imported = NULL;
  g_autoptr(GArray) undone = NULL;
  g_autoptr(GArray) redone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 theme;

  if (cat == NULL)
    return;
  theme = theme_id (cat, "open-restaurant");
  original = list_edges (cat, theme);
  g_assert_false (bs_catalogue_can_undo (cat));

  report = import_ok (cat, theme, "digraph { 企业设立登记 -> 企业名称自主申报 }", -1);
  g_assert_cmpuint (report->n_added, ==, 1);
  g_assert_cmpuint (report->n_removed, ==, original->len);
  imported = list_edges (cat, theme);
  g_assert_cmpuint (imported->len, ==, 1);

  /* One action undoes it all. */
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, "Import Prerequisites");
  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);
  g_assert_false (bs_catalogue_can_undo (cat));
  undone = list_edges (cat, theme);
  assert_same_edges (original, undone);

  g_assert_true (bs_catalogue_redo (cat, &error));
  g_assert_no_error (error);
  redone = list_edges (cat, theme);
  assert_same_edges (imported, redone);
}

/* ------------------------------------------------------------------ */
/* Hostile names */

static char *
long_name (const char *start)
{
  GString *s = g_string_new (start);

  while (g_utf8_strlen (s->str, -1) < 10000)
    g_string_append (s, "名称 name \"q\" \\N <&> ");
  return g_string_free (s, FALSE);
}

static const char *const hostile_names[] = {
  "say \"hello\" 'world' \"",
  "back\\slash \\\\ two, and one at the end\\",
  "<b>not bold</b> & <script>x</script> &amp; &#38; Tom&Jerry; R&D",
  "line one\nline two\nthree\tfour",
  "node", "edge", "graph", "subgraph", "strict", "digraph", "cluster_0", "n1",
  "\\N \\G \\L \\n \\l \\r \\E \\T \\H \\\\N",
  "]]> <![CDATA[ x ]]> --> <!-- -->",
  "开餐馆：食品经营许可（含冷食类、生食类）",
  "مرحبا بالعالم — نموذج",
  "😀 🍜 👩‍🍳 family 👨‍👩‍👧",
  "e\xcc\x81 a\xcc\x8a Z\xcd\x91\xcd\x92 combining",
  "{ } [ ] ; = -> -- , : label=\"x\"",
  "<",
};

#define N_HOSTILE (G_N_ELEMENTS (hostile_names) + 1)

static char *
hostile_name (guint i)
{
  return i < G_N_ELEMENTS (hostile_names) ? g_strdup (hostile_names[i]) : long_name ("long ");
}

/* A catalogue of one theme whose items and departments have hostile names
 * (departments: the same names in reverse order), the items in a chain with
 * a few more edges. */
static BsCatalogue *
hostile_catalogue (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "banshi-catalogue");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "hostile");

  json_builder_set_member_name (b, "departments");
  json_builder_begin_array (b);
  for (guint i = 0; i < N_HOSTILE; i++)
    {
      g_autofree char *code = g_strdup_printf ("d%02u", i);
      g_autofree char *name = hostile_name (N_HOSTILE - 1 - i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < N_HOSTILE; i++)
    {
      g_autofree char *code = g_strdup_printf ("i%02u \"<&>\\", i);
      g_autofree char *department = g_strdup_printf ("d%02u", i);
      g_autofree char *name = hostile_name (i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "department");
      json_builder_add_string_value (b, department);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, "c");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "category");
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "themes");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, "hostile");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "digraph \"开餐馆\" <&> \\G");
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, "c");
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < N_HOSTILE; i++)
    {
      g_autofree char *code = g_strdup_printf ("i%02u \"<&>\\", i);

      json_builder_add_string_value (b, code);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "edges");
  json_builder_begin_array (b);
  for (guint i = 1; i < N_HOSTILE; i++)
    for (guint j = (i >= 3 && i % 3 == 0) ? i - 3 : i - 1; j < i; j += 2)
      {
        g_autofree char *before = g_strdup_printf ("i%02u \"<&>\\", j);
        g_autofree char *after = g_strdup_printf ("i%02u \"<&>\\", i);

        json_builder_begin_array (b);
        json_builder_add_string_value (b, before);
        json_builder_add_string_value (b, after);
        json_builder_end_array (b);
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_import_json (cat, json, strlen (json), &error);
  g_assert_no_error (error);
  bs_catalogue_clear_history (cat);
  return g_steal_pointer (&cat);
}

static void
test_hostile (void)
{
  g_autoptr(BsCatalogue) cat = hostile_catalogue ();
  g_autoptr(GArray) original = NULL;
  g_autoptr(GError) error = NULL;
  gint64 theme = theme_id (cat, "hostile");

  original = list_edges (cat, theme);
  g_assert_cmpuint (original->len, >=, N_HOSTILE - 1);

  /* Banshi's export, with codes and without. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GBytes) dot = render_dot (cat, theme, BS_FLOW_GROUPING_DEPARTMENT);
      g_autoptr(BsDotImportReport) report = NULL;
      g_autoptr(GArray) edges = NULL;
      g_autofree char *text = g_strndup (g_bytes_get_data (dot, NULL), g_bytes_get_size (dot));

      if (pass == 1)
        {
          g_autoptr(GRegex) regex = g_regex_new ("code=<[^\\n]*?</B>>,?", 0, 0, &error);
          char *stripped;

          g_assert_no_error (error);
          stripped = g_regex_replace_literal (regex, text, -1, 0, "", 0, &error);
          g_assert_no_error (error);
          g_free (text);
          text = stripped;
          g_assert_null (strstr (text, "code="));
        }

      remove_all_edges (cat, theme);
      report = import_ok (cat, theme, text, -1);
      g_assert_cmpuint (report->n_nodes, ==, N_HOSTILE);
      g_assert_cmpuint (report->n_items, ==, N_HOSTILE);
      g_assert_cmpuint (report->n_added, ==, original->len);
      edges = list_edges (cat, theme);
      assert_same_edges (original, edges);
    }

  /* Written by hand: the names as DOT node names (but the one ending in a
   * backslash, which DOT cannot quote). */
  {
    g_autoptr(GString) dot = g_string_new ("digraph {\n");
    g_autoptr(BsDotImportReport) report = NULL;
    g_autoptr(GArray) edges = NULL;
    g_autofree char *first = hostile_name (0);
    g_autofree char *first_quoted = dot_quote (first);
    guint n_edges = 0;

    for (guint i = 2; i < N_HOSTILE; i++)
      {
        g_autofree char *name = hostile_name (i);
        g_autofree char *quoted = dot_quote (name);

        g_string_append_printf (dot, "  %s -> %s;\n", first_quoted, quoted);
        n_edges++;
      }
    g_string_append (dot, "}\n");

    report = import_ok (cat, theme, dot->str, -1);
    g_assert_cmpuint (report->n_items, ==, N_HOSTILE - 1);
    g_assert_cmpuint (report->n_added + report->n_kept, ==, n_edges);
    edges = list_edges (cat, theme);
    g_assert_cmpuint (edges->len, ==, n_edges);
  }

  /* Hostile unknown nodes are named, shortened, in the message. */
  {
    g_autofree char *unknown = long_name ("unknown \"x\" ");
    g_autofree char *quoted = dot_quote (unknown);
    g_autofree char *dot = g_strdup_printf ("digraph { %s; \"a\nb\" }", quoted);
    g_autofree char *message = import_fails (cat, theme, dot, BS_CATALOGUE_ERROR,
                                             BS_CATALOGUE_ERROR_INVALID, NULL);

    g_assert_nonnull (strstr (message, "“unknown \"x\" 名称"));
    g_assert_nonnull (strstr (message, "…”"));
    g_assert_nonnull (strstr (message, "“a”"));
    g_assert_cmpuint (strlen (message), <, 1000);
  }
}

/* LeakSanitizer (build-aux/check's ASan build): graphviz's own leaks, as
 * in test-layout.c, traced with the slow unwinder. */
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

  g_test_add_func ("/dot/round-trip", test_round_trip);
  g_test_add_func ("/dot/by-code", test_by_code);
  g_test_add_func ("/dot/by-name", test_by_name);
  g_test_add_func ("/dot/unknown-nodes", test_unknown_nodes);
  g_test_add_func ("/dot/parse-error", test_parse_error);
  g_test_add_func ("/dot/self-loop", test_self_loop);
  g_test_add_func ("/dot/undo", test_undo);
  g_test_add_func ("/dot/hostile", test_hostile);

  return g_test_run ();
}
