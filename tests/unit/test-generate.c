/* test-generate.c: synthetic catalogues are reproducible, sized as asked,
 * and their flows acyclic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "banshi-core.h"

static BsCatalogue *
generate (guint    items,
          guint    departments,
          guint    themes,
          guint64  seed)
{
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GError) error = NULL;
  BsGenerateOptions options = { items, departments, themes, seed };

  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_generate (cat, &options, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&cat);
}

static GBytes *
export (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = bs_catalogue_export_json (cat, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static gint64
query_int (BsCatalogue *cat,
           const char  *sql)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
test_reproducible (void)
{
  g_autoptr(BsCatalogue) a = generate (600, 15, 50, 42);
  g_autoptr(BsCatalogue) b = generate (600, 15, 50, 42);
  g_autoptr(BsCatalogue) c = generate (600, 15, 50, 43);
  g_autoptr(GBytes) json_a = export (a);
  g_autoptr(GBytes) json_b = export (b);
  g_autoptr(GBytes) json_c = export (c);

  g_assert_cmpuint (g_bytes_get_size (json_a), >, 10000);
  g_assert_true (g_bytes_equal (json_a, json_b));
  g_assert_false (g_bytes_equal (json_a, json_c));
}

/* The stream is splitmix64 of our own, so a seed means the same catalogue
 * on every machine: pin a few values so that a change to the generator is
 * a deliberate one. */
static void
test_stable_across_builds (void)
{
  g_autoptr(BsCatalogue) cat = generate (50, 5, 4, 1);
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = bs_catalogue_dup_name (cat);

  departments = bs_catalogue_list_departments (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (departments->len, ==, 5);
  /* Every name is Chinese text built from the parts tables. */
  for (guint i = 0; i < departments->len; i++)
    {
      BsDepartment *d = g_ptr_array_index (departments, i);

      g_assert_true (g_utf8_validate (d->name, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (d->name, -1), >=, 4);
      g_assert_true (g_str_has_suffix (d->name, "局") || g_str_has_suffix (d->name, "会") ||
                     g_str_has_suffix (d->name, "队") || g_str_has_suffix (d->name, "心") ||
                     g_str_has_suffix (d->name, "馆"));
    }
  g_assert_cmpstr (name, ==, "清河市政务服务中心（合成数据，种子 1）");

  {
    g_autoptr(BsItem) item = bs_catalogue_find_item (cat, "000001000002", &error);

    g_assert_no_error (error);
    g_assert_nonnull (item);
    g_assert_cmpstr (item->name, ==, "医疗器械经营许可（延续）");
  }
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 149);
}

static void
test_counts (void)
{
  g_autoptr(BsCatalogue) cat = generate (1000, 30, 120, 7);
  gint64 materials;

  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 30);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 1000);
  g_assert_cmpint (bs_catalogue_count (cat, "theme"), ==, 120);
  g_assert_cmpint (bs_catalogue_count (cat, "category"), >=, 10);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM category WHERE parent_id IS NOT NULL"), >, 0);

  /* 0–6 materials per item, about 3 on average. */
  materials = bs_catalogue_count (cat, "material");
  g_assert_cmpint (materials, >, 2000);
  g_assert_cmpint (materials, <, 4000);
  g_assert_cmpint (query_int (cat, "SELECT max(n) FROM (SELECT count(*) AS n FROM material GROUP BY item_id)"), <=, 6);

  /* Every department has items; codes are 12-digit 基本编码. */
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM department WHERE id NOT IN (SELECT department_id FROM item)"), ==, 0);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE length(code) <> 12 OR code GLOB '*[^0-9]*'"), ==, 0);

  /* Themes: 3–12 items, one large one of 200. */
  g_assert_cmpint (query_int (cat, "SELECT min(n) FROM (SELECT count(*) AS n FROM theme_item GROUP BY theme_id)"), >=, 3);
  g_assert_cmpint (query_int (cat, "SELECT max(n) FROM (SELECT count(*) AS n FROM theme_item GROUP BY theme_id)"), ==, 200);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM (SELECT count(*) AS n FROM theme_item GROUP BY theme_id HAVING n > 12)"), ==, 1);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM theme WHERE id NOT IN (SELECT theme_id FROM theme_item)"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), >, 0);
}

static void
test_small (void)
{
  g_autoptr(BsCatalogue) cat = generate (1, 1, 3, 99);

  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "theme"), ==, 3);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_item"), ==, 3);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 0);

  {
    g_autoptr(BsCatalogue) none = generate (10, 10, 0, 5);

    g_assert_cmpint (bs_catalogue_count (none, "theme"), ==, 0);
    g_assert_cmpint (bs_catalogue_count (none, "item"), ==, 10);
  }
}

/* Kahn's algorithm over each theme's items: every item is reached only if
 * the edges have no cycle. */
static void
test_acyclic (void)
{
  g_autoptr(BsCatalogue) cat = generate (2000, 40, 300, 11);
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GError) error = NULL;
  guint largest = 0;

  themes = bs_catalogue_list_themes (cat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (themes->len, ==, 300);

  for (guint t = 0; t < themes->len; t++)
    {
      BsTheme *theme = g_ptr_array_index (themes, t);
      g_autoptr(GPtrArray) items = bs_catalogue_list_theme_items (cat, theme->id, &error);
      g_autoptr(GArray) edges = NULL;
      g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
      g_autofree guint *in_degree = NULL;
      g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
      guint visited = 0;

      g_assert_no_error (error);
      edges = bs_catalogue_list_theme_edges (cat, theme->id, &error);
      g_assert_no_error (error);

      largest = MAX (largest, items->len);
      in_degree = g_new0 (guint, items->len);
      for (guint i = 0; i < items->len; i++)
        {
          BsItemSummary *item = g_ptr_array_index (items, i);

          g_hash_table_insert (index, &item->id, GUINT_TO_POINTER (i));
        }

      for (guint e = 0; e < edges->len; e++)
        {
          BsEdge *edge = &g_array_index (edges, BsEdge, e);

          g_assert_true (g_hash_table_contains (index, &edge->before_id));
          g_assert_true (g_hash_table_contains (index, &edge->after_id));
          in_degree[GPOINTER_TO_UINT (g_hash_table_lookup (index, &edge->after_id))]++;
        }

      for (guint i = 0; i < items->len; i++)
        if (in_degree[i] == 0)
          g_array_append_val (queue, i);

      while (queue->len > 0)
        {
          guint node = g_array_index (queue, guint, queue->len - 1);
          BsItemSummary *item = g_ptr_array_index (items, node);

          g_array_remove_index (queue, queue->len - 1);
          visited++;
          for (guint e = 0; e < edges->len; e++)
            {
              BsEdge *edge = &g_array_index (edges, BsEdge, e);

              if (edge->before_id == item->id)
                {
                  guint after = GPOINTER_TO_UINT (g_hash_table_lookup (index, &edge->after_id));

                  if (--in_degree[after] == 0)
                    g_array_append_val (queue, after);
                }
            }
        }

      g_assert_cmpuint (visited, ==, items->len);
    }

  g_assert_cmpuint (largest, ==, 200);
}

static void
test_one_edit (void)
{
  g_autoptr(BsCatalogue) cat = generate (300, 10, 20, 3);
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_catalogue_can_undo (cat));
  bs_catalogue_undo (cat, &error);
  g_assert_no_error (error);
  g_assert_false (bs_catalogue_can_undo (cat));
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 0);

  bs_catalogue_redo (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 300);
}

/* The rows are written with plain INSERTs: the search index must still
 * know every item after the commit. */
static void
test_search (void)
{
  g_autoptr(BsCatalogue) cat = generate (2000, 20, 10, 5);
  g_autoptr(GError) error = NULL;
  const char *queries[] = { "许可", "经营许", "登记（变更）" };

  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item_fts"), ==, 2000);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) ids = bs_catalogue_search_items (cat, queries[q], &error);
      sqlite3_stmt *stmt;
      gint64 expected;

      g_assert_no_error (error);
      stmt = bs_catalogue_prepare (cat, "SELECT count(*) FROM item WHERE instr(name, ?1) > 0", NULL);
      g_assert_nonnull (stmt);
      sqlite3_bind_text (stmt, 1, queries[q], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      expected = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      g_assert_cmpint (expected, >, 0);
      g_assert_cmpint (ids->len, ==, expected);
    }
}

static void
test_bad_options (void)
{
  const BsGenerateOptions bad[] = {
    { 0, 1, 1, 1 },
    { 10, 0, 1, 1 },
    { 10, 11, 1, 1 },
    { 2000000, 1, 1, 1 },
    { 10, 1, 200000, 1 },
  };
  g_autoptr(BsCatalogue) full = generate (20, 2, 2, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (bs_catalogue_generate (cat, &bad[i], &error));
      g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 0);
      g_assert_false (bs_catalogue_can_undo (cat));
    }

  /* Only into an empty catalogue: nothing of the first is touched. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) before = export (full);
    g_autoptr(GBytes) after = NULL;
    BsGenerateOptions options = { 20, 2, 2, 2 };

    g_assert_false (bs_catalogue_generate (full, &options, &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    after = export (full);
    g_assert_true (g_bytes_equal (before, after));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/generate/reproducible", test_reproducible);
  g_test_add_func ("/generate/names", test_stable_across_builds);
  g_test_add_func ("/generate/counts", test_counts);
  g_test_add_func ("/generate/small", test_small);
  g_test_add_func ("/generate/acyclic", test_acyclic);
  g_test_add_func ("/generate/one-edit", test_one_edit);
  g_test_add_func ("/generate/search", test_search);
  g_test_add_func ("/generate/bad-options", test_bad_options);

  return g_test_run ();
}
