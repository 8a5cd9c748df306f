/* bench-guide.c: personalised guides and the static checks at scale
 *
 * A generated theme of 200 items (a random prerequisite DAG, 3 materials
 * each) with 10 yes/no situation questions; 60 items and a third of the
 * materials depend on one or two answers. Times:
 *   - the guide for one set of answers (target ≤ 5 ms), against the flow
 *     analysis of the same 200 items alone (the part a guide cannot skip);
 *   - the exhaustive check of all 1,024 combinations of answers (target
 *     ≤ 2 s), against computing the 1,024 guides one by one.
 * A benchmark, not a test: it fails only when something breaks, never
 * because it is slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "banshi-core.h"

#define N_ITEMS 200
#define N_QUESTIONS 10
#define GUIDE_TARGET_MS 5.0
#define CHECK_TARGET_MS 2000.0

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static guint64
next_random (guint64 *state)
{
  /* splitmix64 */
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Option 0 (是) of question q has the id 1000 + 10 q, option 1 (否) one
 * more. */
#define YES(q) ((gint64) (1000 + 10 * (q)))
#define NO(q) (YES (q) + 1)

static BsCondition *
random_condition (guint64 *state)
{
  BsCondition *c = bs_condition_new ();
  guint q1 = next_random (state) % N_QUESTIONS;
  gint64 first = next_random (state) % 2 ? YES (q1) : NO (q1);

  if (next_random (state) % 3 == 0)
    {
      guint q2 = (q1 + 1 + next_random (state) % (N_QUESTIONS - 1)) % N_QUESTIONS;
      gint64 group[2] = { first, YES (q2) };

      bs_condition_add_group (c, group, 2);
    }
  else
    bs_condition_add_group (c, &first, 1);
  return c;
}

static BsGuideModel *
generate (BsThemeFlow **out_flow)
{
  guint64 state = 20261126;
  BsThemeFlow *flow = bs_theme_flow_new ();
  BsGuideModel *model;
  gint64 material_id = 1;

  for (int i = 1; i <= N_ITEMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("事项%03d", i);
      g_autofree char *department = g_strdup_printf ("部门%02d", (int) (next_random (&state) % 20));
      BsFlowNode node = {
        .item_id = i,
        .code = name,
        .name = name,
        .department_id = 1 + (gint64) (next_random (&state) % 20),
        .department_name = department,
        .legal_limit = (int) (next_random (&state) % 20),
        .legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
        .committed_limit = (int) (next_random (&state) % 10),
        .committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
        .handling = BS_HANDLING_COMMITTED,
        .visits = 1,
      };

      bs_theme_flow_add_node (flow, &node);
      /* One or two prerequisites among the previous 30. */
      for (guint d = 0; i > 1 && d < 1 + next_random (&state) % 2; d++)
        bs_theme_flow_add_edge (flow, i - 1 - (gint64) (next_random (&state) % MIN (i - 1, 30)), i);
    }

  model = bs_guide_model_new ("生成的主题", flow);
  for (int q = 0; q < N_QUESTIONS; q++)
    {
      g_autofree char *code = g_strdup_printf ("q%d", q);
      g_autoptr(BsQuestion) question = bs_question_new (code, code);

      question->id = 100 + q;
      bs_question_append_option (question, "yes", "是");
      bs_question_append_option (question, "no", "否");
      ((BsOption *) g_ptr_array_index (question->options, 0))->id = YES (q);
      ((BsOption *) g_ptr_array_index (question->options, 1))->id = NO (q);
      bs_guide_model_add_question (model, question, NULL);
    }
  for (int i = 1; i <= N_ITEMS; i++)
    {
      g_autofree char *result = g_strdup_printf ("证照%03d", i);
      g_autoptr(BsItem) item = bs_item_new (result, result, 1);

      item->id = i;
      g_free (item->result_name);
      item->result_name = g_strdup (result);
      bs_guide_model_set_item (model, item);
      if (i > 20 && next_random (&state) % 100 < 30)
        {
          g_autoptr(BsCondition) c = random_condition (&state);

          bs_guide_model_set_item_condition (model, i, c);
        }
      for (int m = 0; m < 3; m++)
        {
          g_autofree char *name = m == 0 && i > 1 ? g_strdup_printf ("证照%03d复印件", i - 1)
                                                  : g_strdup_printf ("材料%03d-%d", i, m);
          g_autoptr(BsMaterial) material = bs_material_new (i, name);
          g_autoptr(BsCondition) c = m == 2 ? random_condition (&state) : NULL;

          material->id = material_id++;
          bs_guide_model_add_material (model, material, c);
        }
    }
  *out_flow = flow;
  return model;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BsThemeFlow) flow = NULL;
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(GArray) guide_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) analysis_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) problems = NULL;
  guint64 state = 42;
  guint combinations = 0;
  double start, check_ms, naive_ms, guide_median, analysis_median;
  guint steps = 0;

  setlocale (LC_ALL, "");
  model = generate (&flow);

  /* One guide, for random answers; median of 50. */
  for (int run = 0; run < 50; run++)
    {
      g_autoptr(BsAnswers) answers = bs_answers_new ();
      g_autoptr(BsGuide) guide = NULL;
      g_autoptr(BsFlowAnalysis) analysis = NULL;
      double ms;

      for (int q = 0; q < N_QUESTIONS; q++)
        {
          gint64 option = next_random (&state) % 2 ? YES (q) : NO (q);

          bs_answers_set (answers, 100 + q, &option, 1);
        }
      start = now_ms ();
      guide = bs_guide_model_compute (model, answers);
      ms = now_ms () - start;
      g_array_append_val (guide_ms, ms);
      steps = guide->steps->len;

      start = now_ms ();
      analysis = bs_theme_flow_analyse (flow);
      ms = now_ms () - start;
      g_array_append_val (analysis_ms, ms);
    }
  guide_median = median (guide_ms);
  analysis_median = median (analysis_ms);

  /* Every combination, checked; then the same combinations as guides. */
  start = now_ms ();
  problems = bs_guide_model_check (model, 0, &combinations);
  check_ms = now_ms () - start;
  if (combinations != 1u << N_QUESTIONS)
    {
      g_printerr ("bench-guide: %u combinations checked, expected %u\n", combinations, 1u << N_QUESTIONS);
      return 1;
    }
  start = now_ms ();
  for (guint mask = 0; mask < (1u << N_QUESTIONS); mask++)
    {
      g_autoptr(BsAnswers) answers = bs_answers_new ();
      g_autoptr(BsGuide) guide = NULL;

      for (int q = 0; q < N_QUESTIONS; q++)
        {
          gint64 option = (mask >> q) & 1 ? YES (q) : NO (q);

          bs_answers_set (answers, 100 + q, &option, 1);
        }
      guide = bs_guide_model_compute (model, answers);
    }
  naive_ms = now_ms () - start;

  g_print ("# personalised guides: a theme of %d items, %d yes/no questions\n", N_ITEMS, N_QUESTIONS);
  g_print ("guide for one set of answers (%u steps, median of 50): %.2f ms (target ≤ %.0f ms); "
           "reference, flow analysis of the %d items alone: %.2f ms; ratio %.2f\n",
           steps, guide_median, GUIDE_TARGET_MS, N_ITEMS, analysis_median, guide_median / analysis_median);
  g_print ("exhaustive check of %u combinations (%u problems): %.0f ms (target ≤ %.0f ms); "
           "reference, the %u guides one by one: %.0f ms; ratio %.2f\n",
           combinations, problems->len, check_ms, CHECK_TARGET_MS, combinations, naive_ms,
           check_ms / naive_ms);
  return 0;
}
