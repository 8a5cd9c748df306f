/* test-demand.c: the demand analysis — figures computed by hand on a tiny
 * set of records, planted bundles found in generated ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "banshi-core.h"

/* Items A, B, C, D (codes A … D) of one department; themes are added by
 * the tests. */
static BsCatalogue *
tiny_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
  g_autoptr(BsDepartment) department = bs_department_new ("D", "部门");
  gint64 department_id;

  g_assert_no_error (error);
  department_id = bs_catalogue_add_department (cat, department, &error);
  g_assert_no_error (error);
  for (char c = 'A'; c <= 'D'; c++)
    {
      char code[2] = { c, 0 };
      g_autofree char *name = g_strdup_printf ("事项%c", c);
      g_autoptr(BsItem) item = bs_item_new (code, name, department_id);

      g_assert_cmpint (bs_catalogue_add_item (cat, item, &error), >, 0);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&cat);
}

static gint64
id_of (BsCatalogue *cat,
       const char  *code)
{
  g_autoptr(BsItem) item = bs_catalogue_find_item (cat, code, NULL);

  g_assert_nonnull (item);
  return item->id;
}

/* Applicants and the days (from 2024-01-01) they had items handled:
 *   p1: A 0, B 10, C 20      p2: A 0, B 30       p3: A 0, B 200
 *   p4: A 0, C 5             p5: D 0             p6: B 0, C 50, D 60
 *   p7: A 0, B 1, C 2
 * Applicants of an item: A 5 (p1 p2 p3 p4 p7), B 5 (p1 p2 p3 p6 p7),
 * C 4 (p1 p4 p6 p7), D 2; 7 applicants. Within 90 days: AB 3 (p1 p2 p7;
 * p3's are 200 days apart), AC 3 (p1 p4 p7), BC 3 (p1 p6 p7), BD 1, CD 1,
 * ABC 2 (p1 p7). Records: A 5, B 5, C 4, D 2 = 16, days 0 … 200. */
static const char tiny_csv[] =
  "办件日期,事项编码,申请人\n"
  "2024-01-01,A,p1\n2024-01-11,B,p1\n2024-01-21,C,p1\n"
  "2024-01-01,A,p2\n2024-01-31,B,p2\n"
  "2024-01-01,A,p3\n2024-07-19,B,p3\n"
  "2024-01-01,A,p4\n2024-01-06,C,p4\n"
  "2024-01-01,D,p5\n"
  "2024-01-01,B,p6\n2024-02-20,C,p6\n2024-03-01,D,p6\n"
  "2024-01-01,A,p7\n2024-01-02,B,p7\n2024-01-03,C,p7\n";

static void
import_tiny (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (tiny_csv, sizeof tiny_csv - 1, NULL);
  g_autoptr(BsRecordImport) report = bs_records_import (cat, stream, 0, BS_CSV_ENCODING_AUTO, NULL, NULL,
                                                        NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->n_imported, ==, 16);
}

static const BsDemandPair *
find_pair (BsDemand *demand,
           gint64    a,
           gint64    b)
{
  for (guint i = 0; i < demand->pairs->len; i++)
    {
      const BsDemandPair *pair = g_ptr_array_index (demand->pairs, i);

      if (pair->item_a == MIN (a, b) && pair->item_b == MAX (a, b))
        return pair;
    }
  return NULL;
}

static void
assert_bundle (const BsDemandBundle *bundle,
               gint64                a,
               gint64                b,
               gint64                c)
{
  g_assert_cmpuint (bundle->item_ids->len, ==, c ? 3 : 2);
  g_assert_cmpint (g_array_index (bundle->item_ids, gint64, 0), ==, a);
  g_assert_cmpint (g_array_index (bundle->item_ids, gint64, 1), ==, b);
  if (c)
    g_assert_cmpint (g_array_index (bundle->item_ids, gint64, 2), ==, c);
}

static void
test_hand_computed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = NULL;
  BsDemandOptions options = { .min_support = 2, .min_lift = 0.5 };
  gint64 a = id_of (cat, "A"), b = id_of (cat, "B"), c = id_of (cat, "C"), d = id_of (cat, "D");
  const BsDemandPair *pair;
  const BsDemandItem *item;
  const BsDemandBundle *bundle;
  double per_year = 2 * 365.25 / 201;

  import_tiny (cat);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (demand->n_records, ==, 16);
  g_assert_cmpint (demand->n_applicants, ==, 7);
  g_assert_cmpint (demand->n_bulk_applicants, ==, 0);
  g_assert_cmpuint (demand->from, ==, bs_date_new (2024, 1, 1));
  g_assert_cmpuint (demand->to, ==, bs_date_new (2024, 7, 19));
  g_assert_cmpuint (demand->window_days, ==, 90);

  /* Volumes, most first (A and B tie: by code), and the monthly trend */
  g_assert_cmpuint (demand->items->len, ==, 4);
  g_assert_cmpuint (demand->n_months, ==, 7);
  g_assert_cmpint (demand->first_year, ==, 2024);
  g_assert_cmpint (demand->first_month, ==, 1);
  item = g_ptr_array_index (demand->items, 0);
  g_assert_cmpstr (item->code, ==, "A");
  g_assert_cmpint (item->volume, ==, 5);
  g_assert_cmpint (item->applicants, ==, 5);
  g_assert_cmpint (item->monthly[0], ==, 5);
  item = g_ptr_array_index (demand->items, 1);
  g_assert_cmpstr (item->code, ==, "B");
  g_assert_cmpint (item->monthly[0], ==, 4);
  g_assert_cmpint (item->monthly[6], ==, 1);
  item = bs_demand_find_item (demand, d);
  g_assert_cmpint (item->volume, ==, 2);
  g_assert_cmpint (item->monthly[0], ==, 1);
  g_assert_cmpint (item->monthly[2], ==, 1);

  /* Pairs: support, confidence both ways, lift (support × 7 / product) */
  g_assert_cmpuint (demand->pairs->len, ==, 3);
  pair = find_pair (demand, a, b);
  g_assert_nonnull (pair);
  g_assert_cmpint (pair->support, ==, 3);
  g_assert_cmpfloat_with_epsilon (pair->confidence_ab, 3.0 / 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->confidence_ba, 3.0 / 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->lift, 3.0 * 7 / (5 * 5), 1e-9);
  pair = find_pair (demand, a, c);
  g_assert_cmpint (pair->support, ==, 3);
  g_assert_cmpfloat_with_epsilon (pair->confidence_ab, 3.0 / 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->confidence_ba, 3.0 / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->lift, 3.0 * 7 / (5 * 4), 1e-9);
  pair = find_pair (demand, b, c);
  g_assert_cmpint (pair->support, ==, 3);
  g_assert_null (find_pair (demand, b, d));   /* support 1 */

  /* The bundle ABC (support 2 ≥ half of each pair's 3) takes its pairs in. */
  g_assert_cmpuint (demand->bundles->len, ==, 1);
  bundle = g_ptr_array_index (demand->bundles, 0);
  assert_bundle (bundle, a, b, c);
  g_assert_cmpint (bundle->support, ==, 2);
  g_assert_cmpfloat_with_epsilon (bundle->confidence, 2.0 / 5, 1e-9);
  /* The weakest rule: BC → A (or AC → B), 2 × 7 / (3 × 5) */
  g_assert_cmpfloat_with_epsilon (bundle->lift, 2.0 * 7 / (3 * 5), 1e-9);
  g_assert_cmpfloat_with_epsilon (bundle->per_year, per_year, 1e-9);
  g_assert_cmpfloat_with_epsilon (bundle->score, per_year * 2, 1e-9);
  g_assert_cmpint (bundle->covering_theme_id, ==, 0);
  g_assert_cmpuint (demand->suggestions->len, ==, 1);
  g_assert_true (g_ptr_array_index (demand->suggestions, 0) == bundle);
  {
    g_autofree char *text = bs_demand_describe_bundle (demand, bundle);

    g_assert_cmpstr (text, ==, "These 3 items are handled together by 4 applicants a year; no theme covers them");
  }

  /* No theme: nothing of the volume covered */
  g_assert_cmpint (demand->themed_volume, ==, 0);
  g_assert_cmpfloat (demand->themed_share, ==, 0);
}

/* A higher minimum lift: AB (lift 0.84) is no strong pair, so ABC is no
 * bundle; AC and BC (1.05) stay, on their own. */
static void
test_min_lift (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = NULL;
  BsDemandOptions options = { .min_support = 2, .min_lift = 1.0 };
  gint64 a = id_of (cat, "A"), b = id_of (cat, "B"), c = id_of (cat, "C");

  import_tiny (cat);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (demand->pairs->len, ==, 2);
  g_assert_null (find_pair (demand, a, b));
  g_assert_cmpuint (demand->bundles->len, ==, 2);
  /* Equal scores: by items */
  assert_bundle (g_ptr_array_index (demand->bundles, 0), a, c, 0);
  assert_bundle (g_ptr_array_index (demand->bundles, 1), b, c, 0);
}

/* A wider window takes p3's A and B (200 days apart) in; a narrower one
 * leaves p6's B and C (50 days) out. */
static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) wide = NULL;
  g_autoptr(BsDemand) narrow = NULL;
  BsDemandOptions options = { .min_support = 2, .min_lift = 0.1, .window_days = 250 };
  gint64 a = id_of (cat, "A"), b = id_of (cat, "B"), c = id_of (cat, "C");

  import_tiny (cat);
  wide = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (find_pair (wide, a, b)->support, ==, 4);
  g_assert_cmpfloat_with_epsilon (find_pair (wide, a, b)->lift, 4.0 * 7 / 25, 1e-9);

  options.window_days = 30;
  narrow = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (find_pair (narrow, b, c)->support, ==, 2);
  /* p2's are 30 days apart: still within */
  g_assert_cmpint (find_pair (narrow, a, b)->support, ==, 3);
}

/* The period: records outside are not read. */
static void
test_period (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = NULL;
  BsDemandOptions options = { .from = bs_date_new (2024, 1, 2), .to = bs_date_new (2024, 3, 1),
                              .min_support = 1, .min_lift = 0.1 };

  import_tiny (cat);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* B 10, C 20 (p1), B 30 (p2), C 5 (p4), C 50 D 60 (p6), B 1 C 2 (p7) */
  g_assert_cmpint (demand->n_records, ==, 8);
  g_assert_cmpint (demand->n_applicants, ==, 5);
  g_assert_cmpuint (demand->n_months, ==, 3);
  g_assert_cmpint (bs_demand_find_item (demand, id_of (cat, "A")) == NULL, ==, TRUE);

  options.from = bs_date_new (2024, 3, 2);
  options.to = bs_date_new (2024, 3, 1);
  g_clear_pointer (&demand, bs_demand_free);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_null (demand);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
}

/* Applicants with more records than the maximum count for volumes only. */
static void
test_bulk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = NULL;
  BsDemandOptions options = { .min_support = 1, .min_lift = 0.1, .max_applicant_records = 2 };

  import_tiny (cat);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* p1, p6 and p7 have three records each */
  g_assert_cmpint (demand->n_bulk_applicants, ==, 3);
  g_assert_cmpint (demand->n_records, ==, 16);
  /* AB of p2 alone (p3's are too far apart) */
  g_assert_cmpint (find_pair (demand, id_of (cat, "A"), id_of (cat, "B"))->support, ==, 1);
  g_assert_null (find_pair (demand, id_of (cat, "B"), id_of (cat, "C")));
}

/* Themes: a theme covers a bundle when it holds all its items. */
static void
test_themes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = NULL;
  g_autoptr(BsCategory) category = bs_category_new ("K", "分类", 0);
  g_autoptr(BsTheme) partial = NULL;
  g_autoptr(BsTheme) full = NULL;
  BsDemandOptions options = { .min_support = 2, .min_lift = 0.5 };
  gint64 category_id, partial_id, full_id;
  const BsDemandBundle *bundle;

  import_tiny (cat);
  category_id = bs_catalogue_add_category (cat, category, &error);
  g_assert_no_error (error);
  partial = bs_theme_new ("T1", "开办企业", category_id);
  partial_id = bs_catalogue_add_theme (cat, partial, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_add_theme_item (cat, partial_id, id_of (cat, "A"), &error));
  g_assert_true (bs_catalogue_add_theme_item (cat, partial_id, id_of (cat, "B"), &error));

  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* A and B: 10 of 16 records */
  g_assert_cmpint (demand->themed_volume, ==, 10);
  g_assert_cmpfloat_with_epsilon (demand->themed_share, 10.0 / 16, 1e-9);
  bundle = g_ptr_array_index (demand->bundles, 0);
  g_assert_cmpint (bundle->covering_theme_id, ==, 0);
  g_assert_cmpint (bundle->closest_theme_id, ==, partial_id);
  g_assert_cmpuint (bundle->closest_theme_items, ==, 2);
  g_assert_cmpuint (demand->suggestions->len, ==, 1);
  {
    g_autofree char *text = bs_demand_describe_bundle (demand, bundle);

    g_assert_cmpstr (text, ==, "These 3 items are handled together by 4 applicants a year; "
                               "no theme covers them (“开办企业” has 2 of them)");
  }

  full = bs_theme_new ("T2", "开餐馆", category_id);
  full_id = bs_catalogue_add_theme (cat, full, &error);
  g_assert_no_error (error);
  for (const char *code = "ABC"; *code; code++)
    {
      char c[2] = { *code, 0 };

      g_assert_true (bs_catalogue_add_theme_item (cat, full_id, id_of (cat, c), &error));
    }
  g_clear_pointer (&demand, bs_demand_free);
  demand = bs_demand_analyse (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (demand->themed_volume, ==, 14);
  bundle = g_ptr_array_index (demand->bundles, 0);
  g_assert_cmpint (bundle->covering_theme_id, ==, full_id);
  g_assert_cmpuint (demand->suggestions->len, ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) cat = tiny_catalogue ();
  g_autoptr(BsDemand) demand = bs_demand_analyse (cat, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (demand->n_records, ==, 0);
  g_assert_cmpuint (demand->items->len, ==, 0);
  g_assert_cmpuint (demand->bundles->len, ==, 0);
  g_assert_cmpfloat (demand->themed_share, ==, 0);
}

static void
test_format_count (void)
{
  const struct
  {
    gint64 count;
    const char *text;
  } cases[] = { { 0, "0" }, { 999, "999" }, { 1240, "1,240" }, { 1000000, "1,000,000" }, { -12345, "-12,345" } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bs_demand_format_count (cases[i].count);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Generated records: every planted bundle is among the top suggestions,
 * exactly (its items, no more, no fewer). */
static guint
count_found (GPtrArray *planted,
             BsDemand  *demand,
             guint      top)
{
  guint found = 0;

  for (guint p = 0; p < planted->len; p++)
    {
      BsPlantedBundle *bundle = g_ptr_array_index (planted, p);

      for (guint s = 0; s < demand->suggestions->len && s < top; s++)
        {
          BsDemandBundle *suggestion = g_ptr_array_index (demand->suggestions, s);

          if (suggestion->item_ids->len == bundle->item_ids->len &&
              memcmp (suggestion->item_ids->data, bundle->item_ids->data,
                      bundle->item_ids->len * sizeof (gint64)) == 0)
            {
              g_assert_cmpint (suggestion->covering_theme_id, ==, 0);
              g_assert_cmpfloat (suggestion->lift, >, 2.0);
              g_assert_cmpfloat (suggestion->confidence, >, 0.2);
              found++;
              break;
            }
        }
    }
  return found;
}

static void
progress_count (gint64   rows_done,
                gint64   rows_total,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpint (rows_done, <=, rows_total);
  (*calls)++;
}

static void
test_planted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seeds = g_string_new (NULL);

  for (guint64 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(BsCatalogue) cat = bs_catalogue_new_in_memory (&error);
      BsGenerateOptions catalogue_options = { 400, 20, 60, seed };
      BsRecordsGenerateOptions options = { 80000, seed * 11, 5, BS_DATE_NONE, 0 };
      g_autoptr(GPtrArray) planted = NULL;
      g_autoptr(BsDemand) demand = NULL;
      guint calls = 0, found;

      g_assert_true (bs_catalogue_generate (cat, &catalogue_options, &error));
      g_assert_no_error (error);
      planted = bs_records_generate (cat, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      demand = bs_demand_analyse (cat, NULL, NULL, progress_count, &calls, &error);
      g_assert_no_error (error);
      g_assert_cmpint (demand->n_records, ==, 80000);
      g_assert_cmpuint (calls, >, 1);
      /* The agents of the generator are left out. */
      g_assert_cmpint (demand->n_bulk_applicants, >, 0);
      found = count_found (planted, demand, planted->len);
      if (found != planted->len)
        g_string_append_printf (seeds, " %" G_GUINT64_FORMAT " (%u of %u)", seed, found, planted->len);
      /* Share of the volume in themes, against SQL */
      {
        sqlite3_stmt *stmt = bs_catalogue_prepare (cat,
                                                   "SELECT count(*) FROM record WHERE item_id IN "
                                                   "(SELECT item_id FROM theme_item)",
                                                   NULL);

        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (demand->themed_volume, ==, sqlite3_column_int64 (stmt, 0));
        sqlite3_reset (stmt);
        g_assert_cmpfloat_with_epsilon (demand->themed_share, demand->themed_volume / 80000.0, 1e-12);
      }
    }
  if (seeds->len > 0)
    g_error ("planted bundles missing from the top suggestions for seeds%s", seeds->str);
}

/* Through a connection of its own, in another thread, while the catalogue
 * stays open: the same result. */
typedef struct
{
  char *path;
  BsDemand *demand;
  GError *error;
} FileJob;

static gpointer
analyse_in_thread (gpointer data)
{
  FileJob *job = data;

  job->demand = bs_demand_analyse_file (job->path, NULL, NULL, NULL, NULL, &job->error);
  return NULL;
}

static void
test_file_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("banshi-demand-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "d.banshi", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);
  BsGenerateOptions catalogue_options = { 200, 10, 20, 4 };
  BsRecordsGenerateOptions options = { 20000, 5, 3, BS_DATE_NONE, 0 };
  g_autoptr(GPtrArray) planted = NULL;
  g_autoptr(BsDemand) here = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FileJob job = { path, NULL, NULL };
  GThread *thread;

  g_assert_no_error (error);
  g_assert_true (bs_catalogue_generate (cat, &catalogue_options, &error));
  planted = bs_records_generate (cat, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  here = bs_demand_analyse (cat, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  thread = g_thread_new ("demand", analyse_in_thread, &job);
  g_thread_join (thread);
  g_assert_no_error (job.error);
  g_assert_cmpint (job.demand->n_records, ==, here->n_records);
  g_assert_cmpuint (job.demand->bundles->len, ==, here->bundles->len);
  g_assert_cmpuint (job.demand->pairs->len, ==, here->pairs->len);
  for (guint i = 0; i < here->bundles->len; i++)
    {
      BsDemandBundle *x = g_ptr_array_index (here->bundles, i), *y = g_ptr_array_index (job.demand->bundles, i);

      g_assert_cmpint (x->support, ==, y->support);
      g_assert_cmpmem (x->item_ids->data, x->item_ids->len * sizeof (gint64),
                       y->item_ids->data, y->item_ids->len * sizeof (gint64));
    }
  bs_demand_free (job.demand);

  /* Cancelled */
  g_cancellable_cancel (cancellable);
  g_assert_null (bs_demand_analyse (cat, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  bs_catalogue_close (cat);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demand/hand-computed", test_hand_computed);
  g_test_add_func ("/demand/min-lift", test_min_lift);
  g_test_add_func ("/demand/window", test_window);
  g_test_add_func ("/demand/period", test_period);
  g_test_add_func ("/demand/bulk", test_bulk);
  g_test_add_func ("/demand/themes", test_themes);
  g_test_add_func ("/demand/empty", test_empty);
  g_test_add_func ("/demand/format-count", test_format_count);
  g_test_add_func ("/demand/planted", test_planted);
  g_test_add_func ("/demand/file-thread", test_file_thread);

  return g_test_run ();
}
