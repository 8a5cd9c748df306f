/* test-guide.c: situation questions, conditions and notes in the catalogue;
 * the personalised guide for given answers; the static checks of a theme's
 * personalisation, each planted defect found and nothing in a sound theme;
 * and a property test of the guide against a plain evaluation of the
 * conditions on random themes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "banshi-core.h"

/* ------------------------------------------------------------------ */
/* A small restaurant theme, built by hand
 *
 *   A 名称申报 → B 设立登记 (result 营业执照) → C 食品经营许可
 *                           B → D 烟草零售许可   (only when 卷烟 = 是)
 *   F 消防验收备案 → E 消防检查; B → E         (both only when 公众聚集 = 是)
 *
 * Questions: applicant (本人 / 代理人), tobacco (是 / 否), public (是 / 否),
 * menu (multiple: 热食 / 冷食 / 生食), and the follow-up sashimi (是 / 否),
 * asked only when menu has 生食. */

enum { A = 1, B, C, D, E, F };

#define Q_APPLICANT 10
#define Q_TOBACCO 20
#define Q_PUBLIC 30
#define Q_MENU 40
#define Q_SASHIMI 50
/* Option k (from 0) of question q has the id q + 1 + k. */
#define OPT(q, k) ((gint64) (q) + 1 + (k))

static BsQuestion *
make_question (gint64          id,
               const char     *code,
               BsQuestionKind  kind,
               const char     *options)
{
  BsQuestion *question = bs_question_new (code, code);
  g_auto(GStrv) labels = g_strsplit (options, ",", -1);

  question->id = id;
  question->kind = kind;
  for (guint k = 0; labels[k] != NULL; k++)
    {
      BsOption *option;

      bs_question_append_option (question, labels[k], labels[k]);
      option = g_ptr_array_index (question->options, k);
      option->id = OPT (id, k);
      option->question_id = id;
    }
  return question;
}

/* "11|21,31": groups separated by "|", option ids by ",". NULL: always. */
static BsCondition *
when (const char *text)
{
  BsCondition *condition = bs_condition_new ();
  g_auto(GStrv) groups = NULL;

  if (text == NULL)
    return condition;
  groups = g_strsplit (text, "|", -1);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) ids = g_strsplit (groups[g], ",", -1);
      g_autoptr(GArray) group = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint j = 0; ids[j] != NULL; j++)
        {
          gint64 id = g_ascii_strtoll (ids[j], NULL, 10);

          g_array_append_val (group, id);
        }
      bs_condition_add_group (condition, (const gint64 *) (const void *) group->data, group->len);
    }
  return condition;
}

static BsFlowNode
make_node (gint64      id,
           const char *name)
{
  BsFlowNode node = {
    .item_id = id,
    .code = (char *) name,
    .name = (char *) name,
    .department_id = id,
    .department_name = (char *) "部门",
    .legal_limit = 10,
    .legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
    .committed_limit = 5,
    .committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS,
    .handling = BS_HANDLING_COMMITTED,
    .visits = 1,
  };

  return node;
}

static const char *const names[] = { NULL, "名称申报", "设立登记", "食品经营许可", "烟草零售许可",
                                     "消防检查", "消防验收备案" };

static void
add_material (BsGuideModel *model,
              gint64        item_id,
              gint64        id,
              const char   *name,
              const char   *condition)
{
  g_autoptr(BsMaterial) material = bs_material_new (item_id, name);
  g_autoptr(BsCondition) c = when (condition);

  material->id = id;
  bs_guide_model_add_material (model, material, c);
}

static BsGuideModel *
restaurant (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  BsGuideModel *model;
  g_autoptr(BsCondition) tobacco = when ("21");
  g_autoptr(BsCondition) public = when ("31");
  g_autoptr(BsCondition) raw = when ("43");
  g_autoptr(BsCondition) agent = when ("12");
  g_autoptr(BsThemeNote) theme_note = bs_theme_note_new (1, 0, "委托办理的请带代理人身份证");
  g_autoptr(BsThemeNote) item_note = bs_theme_note_new (1, C, "生食类需单独设置专间");
  g_autoptr(BsThemeNote) always_note = bs_theme_note_new (1, A, "可网上申报");

  for (gint64 id = A; id <= F; id++)
    {
      BsFlowNode node = make_node (id, names[id]);

      g_assert_true (bs_theme_flow_add_node (flow, &node));
    }
  bs_theme_flow_add_edge (flow, A, B);
  bs_theme_flow_add_edge (flow, B, C);
  bs_theme_flow_add_edge (flow, B, D);
  bs_theme_flow_add_edge (flow, F, E);
  bs_theme_flow_add_edge (flow, B, E);
  model = bs_guide_model_new ("开餐馆", flow);

  {
    g_autoptr(BsQuestion) q1 = make_question (Q_APPLICANT, "applicant", BS_QUESTION_KIND_SINGLE, "本人,代理人");
    g_autoptr(BsQuestion) q2 = make_question (Q_TOBACCO, "tobacco", BS_QUESTION_KIND_SINGLE, "是,否");
    g_autoptr(BsQuestion) q3 = make_question (Q_PUBLIC, "public", BS_QUESTION_KIND_SINGLE, "是,否");
    g_autoptr(BsQuestion) q4 = make_question (Q_MENU, "menu", BS_QUESTION_KIND_MULTIPLE, "热食,冷食,生食");
    g_autoptr(BsQuestion) q5 = make_question (Q_SASHIMI, "sashimi", BS_QUESTION_KIND_SINGLE, "是,否");

    bs_guide_model_add_question (model, q1, NULL);
    bs_guide_model_add_question (model, q2, NULL);
    bs_guide_model_add_question (model, q3, NULL);
    bs_guide_model_add_question (model, q4, NULL);
    bs_guide_model_add_question (model, q5, raw);
  }
  for (gint64 id = A; id <= F; id++)
    {
      g_autoptr(BsItem) item = bs_item_new (names[id], names[id], id);

      item->id = id;
      if (id == B)
        {
          g_free (item->result_name);
          item->result_name = g_strdup ("营业执照");
        }
      bs_guide_model_set_item (model, item);
    }
  bs_guide_model_set_item_condition (model, D, tobacco);
  bs_guide_model_set_item_condition (model, E, public);
  bs_guide_model_set_item_condition (model, F, public);

  add_material (model, A, 1, "名称申报书", NULL);
  add_material (model, B, 2, "设立登记申请书", NULL);
  add_material (model, B, 3, "授权委托书", "12");
  add_material (model, C, 4, "营业执照复印件", NULL);
  add_material (model, C, 5, "冷食类食品制售操作流程", "42");
  add_material (model, C, 6, "生食类食品加工制作流程", "43,51|43,52");
  add_material (model, D, 7, "营业执照复印件", NULL);

  bs_guide_model_add_note (model, theme_note, agent);
  {
    g_autoptr(BsCondition) sashimi = when ("51");

    bs_guide_model_add_note (model, item_note, sashimi);
  }
  bs_guide_model_add_note (model, always_note, NULL);
  return model;
}

static void
answer (BsAnswers  *answers,
        gint64      question,
        const char *option_ids)
{
  g_autoptr(BsCondition) c = when (option_ids);
  const GArray *group = c->groups->len > 0 ? g_ptr_array_index (c->groups, 0) : NULL;

  bs_answers_set (answers, question, group != NULL ? (const gint64 *) (const void *) group->data : NULL,
                  group != NULL ? group->len : 0);
}

/* "名称申报 设立登记 …": the steps' names in order, "?" after pending ones. */
static char *
steps_of (const BsGuide *guide)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < guide->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);

      g_assert_cmpint (step->number, ==, (int) i + 1);
      g_string_append_printf (text, "%s%s%s", i > 0 ? " " : "", step->node->name, step->pending ? "?" : "");
    }
  return g_string_free (text, FALSE);
}

/* "营业执照复印件@2 冷食类…": a step's materials, "@N" from step N, "?" pending. */
static char *
materials_of (const BsGuide *guide,
              gint64         item_id)
{
  const BsGuideStep *step = bs_guide_find_step (guide, item_id);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (step);
  for (guint i = 0; i < step->materials->len; i++)
    {
      const BsGuideMaterial *m = &g_array_index (step->materials, BsGuideMaterial, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", m->material->name);
      if (m->from_step > 0)
        g_string_append_printf (text, "@%d", m->from_step);
      if (m->pending)
        g_string_append_c (text, '?');
    }
  return g_string_free (text, FALSE);
}

static char *
questions_of (const BsGuide *guide)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *q = &g_array_index (guide->questions, BsGuideQuestion, i);

      g_string_append_printf (text, "%s%s%s", i > 0 ? " " : "", q->question->code, q->answer ? "" : "?");
    }
  return g_string_free (text, FALSE);
}

static void
test_guide_unanswered (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(BsGuide) guide = bs_guide_model_compute (model, answers);
  g_autofree char *steps = steps_of (guide);
  g_autofree char *questions = questions_of (guide);
  g_autofree char *b = materials_of (guide, B);

  /* The follow-up waits for the menu; everything conditional is pending. */
  g_assert_cmpstr (questions, ==, "applicant? tobacco? public? menu?");
  g_assert_cmpuint (guide->n_unanswered, ==, 4);
  g_assert_cmpstr (steps, ==, "名称申报 消防验收备案? 设立登记 食品经营许可 烟草零售许可? 消防检查?");
  g_assert_cmpstr (b, ==, "设立登记申请书 授权委托书?");
  /* Only the note that always applies. */
  g_assert_cmpuint (guide->notes->len, ==, 0);
  g_assert_cmpuint (bs_guide_find_step (guide, A)->notes->len, ==, 1);
}

static void
test_guide_simplest (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  answer (answers, Q_APPLICANT, "11");
  answer (answers, Q_TOBACCO, "22");
  answer (answers, Q_PUBLIC, "32");
  answer (answers, Q_MENU, "41");
  guide = bs_guide_model_compute (model, answers);
  steps = steps_of (guide);
  questions = questions_of (guide);
  b = materials_of (guide, B);
  c = materials_of (guide, C);

  g_assert_cmpstr (questions, ==, "applicant tobacco public menu");
  g_assert_cmpuint (guide->n_unanswered, ==, 0);
  g_assert_cmpstr (steps, ==, "名称申报 设立登记 食品经营许可");
  g_assert_cmpstr (b, ==, "设立登记申请书");
  /* The licence comes from step 2, not from the applicant. */
  g_assert_cmpstr (c, ==, "营业执照复印件@2");
  g_assert_cmpuint (guide->n_stages, ==, 3);
  g_assert_cmpuint (guide->n_departments, ==, 3);
  g_assert_cmpint (guide->visits, ==, 3);
  g_assert_cmpint (guide->statutory_days, ==, 30);
  g_assert_cmpint (guide->committed_days, ==, 15);
  {
    const BsGuideStep *step = bs_guide_find_step (guide, C);

    g_assert_cmpuint (step->prerequisites->len, ==, 1);
    g_assert_cmpint (g_array_index (step->prerequisites, int, 0), ==, 2);
  }
}

static void
test_guide_fullest (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  answer (answers, Q_APPLICANT, "12");
  answer (answers, Q_TOBACCO, "21");
  answer (answers, Q_PUBLIC, "31");
  answer (answers, Q_MENU, "42,43");
  answer (answers, Q_SASHIMI, "51");
  guide = bs_guide_model_compute (model, answers);
  steps = steps_of (guide);
  questions = questions_of (guide);
  b = materials_of (guide, B);
  c = materials_of (guide, C);
  d = materials_of (guide, D);

  g_assert_cmpstr (questions, ==, "applicant tobacco public menu sashimi");
  g_assert_cmpstr (steps, ==, "名称申报 消防验收备案 设立登记 食品经营许可 烟草零售许可 消防检查");
  g_assert_cmpstr (b, ==, "设立登记申请书 授权委托书");
  g_assert_cmpstr (c, ==, "营业执照复印件@3 冷食类食品制售操作流程 生食类食品加工制作流程");
  g_assert_cmpstr (d, ==, "营业执照复印件@3");
  g_assert_cmpuint (guide->notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (guide->notes, 0), ==, "委托办理的请带代理人身份证");
  g_assert_cmpuint (bs_guide_find_step (guide, C)->notes->len, ==, 1);
  /* 消防检查 waits for 设立登记 and 消防验收备案. */
  {
    const BsGuideStep *step = bs_guide_find_step (guide, E);

    g_assert_cmpuint (step->prerequisites->len, ==, 2);
    g_assert_cmpint (g_array_index (step->prerequisites, int, 0), ==, 2);
    g_assert_cmpint (g_array_index (step->prerequisites, int, 1), ==, 3);
  }
}

/* Answers to a question no longer shown are ignored, and kept. */
static void
test_guide_hidden_answers (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(BsGuide) before = NULL;
  g_autoptr(BsGuide) after = NULL;
  g_autoptr(BsGuide) again = NULL;
  g_autofree char *c_before = NULL;
  g_autofree char *c_after = NULL;
  g_autofree char *q_after = NULL;

  answer (answers, Q_APPLICANT, "11");
  answer (answers, Q_TOBACCO, "22");
  answer (answers, Q_PUBLIC, "32");
  answer (answers, Q_MENU, "43");
  answer (answers, Q_SASHIMI, "51");
  before = bs_guide_model_compute (model, answers);
  c_before = materials_of (before, C);
  g_assert_cmpstr (c_before, ==, "营业执照复印件@2 生食类食品加工制作流程");
  g_assert_cmpuint (bs_guide_find_step (before, C)->notes->len, ==, 1);

  /* No more raw food: the follow-up goes, its answer stays. */
  answer (answers, Q_MENU, "41");
  after = bs_guide_model_compute (model, answers);
  c_after = materials_of (after, C);
  q_after = questions_of (after);
  g_assert_cmpstr (q_after, ==, "applicant tobacco public menu");
  g_assert_cmpstr (c_after, ==, "营业执照复印件@2");
  g_assert_cmpuint (bs_guide_find_step (after, C)->notes->len, ==, 0);
  g_assert_nonnull (bs_answers_get (answers, Q_SASHIMI));

  /* Raw food again: the kept answer counts again. */
  answer (answers, Q_MENU, "41,43");
  again = bs_guide_model_compute (model, answers);
  g_assert_cmpuint (bs_guide_find_step (again, C)->notes->len, ==, 1);
}

static void
test_guide_parse_answer (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(GError) error = NULL;
  const GArray *menu;

  g_assert_true (bs_guide_model_parse_answer (model, answers, "menu=热食", &error));
  g_assert_true (bs_guide_model_parse_answer (model, answers, "menu=生食", &error));
  g_assert_true (bs_guide_model_parse_answer (model, answers, "applicant=本人", &error));
  g_assert_true (bs_guide_model_parse_answer (model, answers, "applicant=代理人", &error));
  menu = bs_answers_get (answers, Q_MENU);
  g_assert_cmpuint (menu->len, ==, 2);
  /* A single-choice question keeps the last. */
  g_assert_cmpuint (bs_answers_get (answers, Q_APPLICANT)->len, ==, 1);
  g_assert_cmpint (g_array_index (bs_answers_get (answers, Q_APPLICANT), gint64, 0), ==, OPT (Q_APPLICANT, 1));

  g_assert_false (bs_guide_model_parse_answer (model, answers, "menu", &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bs_guide_model_parse_answer (model, answers, "area=big", &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_guide_model_parse_answer (model, answers, "menu=甜品", &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
}

static void
test_sentence (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsCondition) c = when ("12|21,42,43");
  g_autoptr(BsCondition) always = when (NULL);
  g_autofree char *sentence = bs_guide_model_dup_sentence (model, c);
  g_autofree char *never = bs_guide_model_dup_sentence (model, always);

  g_assert_cmpstr (sentence, ==, "Only when applicant is “代理人”, or when tobacco is “是” and menu is “冷食” and “生食”");
  g_assert_cmpstr (never, ==, "Always");
}

/* ------------------------------------------------------------------ */
/* Static checks */

static guint
count_kind (GPtrArray         *problems,
            BsFlowProblemKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (((BsFlowProblem *) g_ptr_array_index (problems, i))->kind == kind)
      n++;
  return n;
}

static const BsFlowProblem *
find_kind (GPtrArray         *problems,
           BsFlowProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((BsFlowProblem *) g_ptr_array_index (problems, i))->kind == kind)
      return g_ptr_array_index (problems, i);
  return NULL;
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", ((BsFlowProblem *) g_ptr_array_index (problems, i))->message);
}

static void
test_check_sound (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  guint combinations = 0;
  g_autoptr(GPtrArray) problems = bs_guide_model_check (model, 0, &combinations);

  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  /* 2 × 2 × 2 × (8 menus, of which 4 with raw food ask the follow-up). */
  g_assert_cmpuint (combinations, ==, 2 * 2 * 2 * (4 + 4 * 2));
}

static void
test_check_never_holds (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsCondition) both = when ("21,22");
  g_autoptr(GPtrArray) problems = NULL;
  const BsFlowProblem *problem;

  /* 卷烟 是 and 否 at once. */
  bs_guide_model_set_item_condition (model, D, both);
  problems = bs_guide_model_check (model, 0, NULL);
  print_problems (problems);
  problem = find_kind (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->severity, ==, BS_FLOW_SEVERITY_ERROR);
  g_assert_cmpuint (problem->item_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (problem->item_ids, gint64, 0), ==, D);
  g_assert_nonnull (strstr (problem->message, "烟草零售许可"));
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS), ==, 1);
}

static void
test_check_never_holds_too_many (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsCondition) both = when ("21,22");
  g_autoptr(GPtrArray) problems = NULL;
  guint combinations = 99;

  /* Enumerating stops at 10: the contradiction is still read. */
  bs_guide_model_set_item_condition (model, D, both);
  problems = bs_guide_model_check (model, 10, &combinations);
  print_problems (problems);
  g_assert_cmpuint (combinations, ==, 0);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_TOO_MANY_ANSWERS), ==, 1);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS), ==, 1);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_PREREQUISITE_MISSING), ==, 0);
}

static void
test_check_dead_question (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsQuestion) area = make_question (60, "area", BS_QUESTION_KIND_SINGLE, "小,大");
  g_autoptr(BsQuestion) who = make_question (70, "who", BS_QUESTION_KIND_SINGLE, "本人,代理人");
  g_autoptr(BsCondition) either = when ("61|62");
  g_autoptr(GPtrArray) problems = NULL;
  BsFlowNode a = make_node (A, "A"), b = make_node (B, "B");
  const BsFlowProblem *problem;

  bs_theme_flow_add_node (flow, &a);
  bs_theme_flow_add_node (flow, &b);
  model = bs_guide_model_new ("t", flow);
  bs_guide_model_add_question (model, area, NULL);
  bs_guide_model_add_question (model, who, NULL);
  /* Used, but "小 or 大" holds whatever the answer. */
  bs_guide_model_set_item_condition (model, B, either);
  problems = bs_guide_model_check (model, 0, NULL);
  print_problems (problems);
  /* Both: "who" is used by nothing, "area" changes nothing. */
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_DEAD_QUESTION), ==, 2);
  problem = find_kind (problems, BS_FLOW_PROBLEM_DEAD_QUESTION);
  g_assert_cmpint (problem->severity, ==, BS_FLOW_SEVERITY_WARNING);
}

static void
test_check_prerequisite_missing (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsCondition) public_or_raw = when ("31|43");
  g_autoptr(GPtrArray) problems = NULL;
  const BsFlowProblem *problem;

  /* 消防检查 also for raw food, but its prerequisite 消防验收备案 only when
   * public. */
  bs_guide_model_set_item_condition (model, E, public_or_raw);
  problems = bs_guide_model_check (model, 0, NULL);
  print_problems (problems);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_PREREQUISITE_MISSING), ==, 1);
  problem = find_kind (problems, BS_FLOW_PROBLEM_PREREQUISITE_MISSING);
  g_assert_cmpint (problem->severity, ==, BS_FLOW_SEVERITY_ERROR);
  g_assert_cmpuint (problem->edges->len, ==, 1);
  g_assert_cmpint (g_array_index (problem->edges, BsEdge, 0).before_id, ==, F);
  g_assert_cmpint (g_array_index (problem->edges, BsEdge, 0).after_id, ==, E);
  g_assert_nonnull (strstr (problem->message, "生食"));
  g_assert_nonnull (strstr (problem->message, "public 否"));
}

static void
test_check_follow_up_order (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsQuestion) first = make_question (60, "first", BS_QUESTION_KIND_SINGLE, "x,y");
  g_autoptr(BsQuestion) second = make_question (70, "second", BS_QUESTION_KIND_SINGLE, "x,y");
  g_autoptr(BsCondition) on_second = when ("71");
  g_autoptr(BsCondition) on_first = when ("61|71");
  g_autoptr(GPtrArray) problems = NULL;
  BsFlowNode a = make_node (A, "A");

  bs_theme_flow_add_node (flow, &a);
  model = bs_guide_model_new ("t", flow);
  bs_guide_model_add_question (model, first, on_second);
  bs_guide_model_add_question (model, second, NULL);
  bs_guide_model_set_item_condition (model, A, on_first);
  problems = bs_guide_model_check (model, 0, NULL);
  print_problems (problems);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_FOLLOW_UP_ORDER), ==, 1);
  /* Never asked, since it waits for a later answer. */
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS), ==, 1);
}

static void
test_check_not_asked (void)
{
  g_autoptr(BsGuideModel) model = restaurant ();
  g_autoptr(BsQuestion) area = make_question (60, "area", BS_QUESTION_KIND_SINGLE, "小,大");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(BsAnswers) answers = bs_answers_new ();
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *a = NULL;

  bs_guide_model_add_other_question (model, area);
  add_material (model, A, 8, "场地平面图", "62");
  problems = bs_guide_model_check (model, 0, NULL);
  print_problems (problems);
  g_assert_cmpuint (count_kind (problems, BS_FLOW_PROBLEM_QUESTION_NOT_ASKED), ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((BsFlowProblem *) g_ptr_array_index (problems, 0))->message, "场地平面图"));
  /* In the guide it stays pending. */
  guide = bs_guide_model_compute (model, answers);
  a = materials_of (guide, A);
  g_assert_cmpstr (a, ==, "名称申报书 场地平面图?");
}

static void
test_check_counts (void)
{
  g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) many = NULL;
  guint combinations = 0;

  /* Ten yes/no questions, each switching one item: 1,024 combinations. */
  model = bs_guide_model_new ("t", flow);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *code = g_strdup_printf ("q%d", i);
      g_autoptr(BsQuestion) q = make_question (100 + 10 * i, code, BS_QUESTION_KIND_SINGLE, "是,否");
      g_autofree char *c_text = g_strdup_printf ("%d", 101 + 10 * i);
      g_autoptr(BsCondition) c = when (c_text);
      BsFlowNode node = make_node (1000 + i, code);

      bs_theme_flow_add_node (flow, &node);
      bs_guide_model_add_question (model, q, NULL);
      bs_guide_model_set_item_condition (model, 1000 + i, c);
    }
  problems = bs_guide_model_check (model, 0, &combinations);
  print_problems (problems);
  g_assert_cmpuint (combinations, ==, 1024);
  g_assert_cmpuint (problems->len, ==, 0);

  /* 1,024 > 1,000: reported instead. */
  many = bs_guide_model_check (model, 1000, &combinations);
  g_assert_cmpuint (combinations, ==, 0);
  g_assert_cmpuint (count_kind (many, BS_FLOW_PROBLEM_TOO_MANY_ANSWERS), ==, 1);
}

/* ------------------------------------------------------------------ */
/* Property test: random themes, random complete answers; the guide's
 * questions and steps against a plain evaluation of the conditions. */

typedef struct
{
  int n_questions;
  int n_options[6];
  gboolean multiple[6];
  /* conditions as lists of groups of (question, option) */
  GPtrArray *question_when[6];
  GPtrArray *item_when[8];
  int n_items;
} Random;

static GPtrArray *
random_condition (GRand *rand,
                  int    max_question,
                  const Random *r)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  int n_groups = max_question <= 0 || g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 1, 3);

  for (int g = 0; g < n_groups; g++)
    {
      GArray *group = g_array_new (FALSE, FALSE, sizeof (int) * 2);
      int n_terms = g_rand_int_range (rand, 1, 3);

      for (int t = 0; t < n_terms; t++)
        {
          int term[2];

          term[0] = g_rand_int_range (rand, 0, max_question);
          term[1] = g_rand_int_range (rand, 0, r->n_options[term[0]]);
          g_array_append_vals (group, term, 1);
        }
      g_ptr_array_add (groups, group);
    }
  return groups;
}

static BsCondition *
to_condition (GPtrArray *groups)
{
  BsCondition *c = bs_condition_new ();

  for (guint g = 0; g < groups->len; g++)
    {
      GArray *group = g_ptr_array_index (groups, g);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint t = 0; t < group->len; t++)
        {
          const int *term = (const int *) (const void *) (group->data + t * sizeof (int) * 2);
          gint64 id = OPT (100 * (term[0] + 1), term[1]);

          g_array_append_val (ids, id);
        }
      bs_condition_add_group (c, (const gint64 *) (const void *) ids->data, ids->len);
    }
  return c;
}

/* Plain two-valued evaluation: @chosen[q][o], @shown[q]. */
static gboolean
holds (GPtrArray *groups,
       gboolean   shown[6],
       gboolean   chosen[6][4])
{
  if (groups->len == 0)
    return TRUE;
  for (guint g = 0; g < groups->len; g++)
    {
      GArray *group = g_ptr_array_index (groups, g);
      gboolean all = TRUE;

      for (guint t = 0; t < group->len && all; t++)
        {
          const int *term = (const int *) (const void *) (group->data + t * sizeof (int) * 2);

          all = shown[term[0]] && chosen[term[0]][term[1]];
        }
      if (all)
        return TRUE;
    }
  return FALSE;
}

static void
test_property (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);

  for (int round = 0; round < 300; round++)
    {
      Random r = { 0 };
      g_autoptr(BsThemeFlow) flow = bs_theme_flow_new ();
      g_autoptr(BsGuideModel) model = NULL;

      r.n_questions = g_rand_int_range (rand, 1, 6);
      r.n_items = g_rand_int_range (rand, 1, 8);
      for (int q = 0; q < r.n_questions; q++)
        {
          r.n_options[q] = g_rand_int_range (rand, 2, 5);
          r.multiple[q] = g_rand_boolean (rand);
        }
      for (int i = 0; i < r.n_items; i++)
        {
          BsFlowNode node = make_node (i + 1, "x");

          bs_theme_flow_add_node (flow, &node);
        }
      model = bs_guide_model_new ("t", flow);
      for (int q = 0; q < r.n_questions; q++)
        {
          g_autofree char *code = g_strdup_printf ("q%d", q);
          const char *opts = r.n_options[q] == 2 ? "a,b" : r.n_options[q] == 3 ? "a,b,c" : "a,b,c,d";
          g_autoptr(BsQuestion) question = make_question (100 * (q + 1), code,
                                                          r.multiple[q] ? BS_QUESTION_KIND_MULTIPLE
                                                                        : BS_QUESTION_KIND_SINGLE,
                                                          opts);
          g_autoptr(BsCondition) c = NULL;

          r.question_when[q] = random_condition (rand, q, &r);
          c = to_condition (r.question_when[q]);
          bs_guide_model_add_question (model, question, c);
        }
      for (int i = 0; i < r.n_items; i++)
        {
          g_autoptr(BsCondition) c = NULL;

          r.item_when[i] = random_condition (rand, r.n_questions, &r);
          c = to_condition (r.item_when[i]);
          bs_guide_model_set_item_condition (model, i + 1, c);
        }

      for (int trial = 0; trial < 10; trial++)
        {
          gboolean chosen[6][4] = { { 0 } };
          gboolean shown[6] = { 0 };
          g_autoptr(BsAnswers) answers = bs_answers_new ();
          g_autoptr(BsGuide) guide = NULL;
          guint expected_steps = 0;

          /* Answers to every question, shown or not (hidden ones must be
           * ignored). */
          for (int q = 0; q < r.n_questions; q++)
            {
              g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

              for (int o = 0; o < r.n_options[q]; o++)
                {
                  gboolean pick = r.multiple[q] ? g_rand_boolean (rand) : FALSE;

                  if (pick)
                    {
                      gint64 id = OPT (100 * (q + 1), o);

                      chosen[q][o] = TRUE;
                      g_array_append_val (ids, id);
                    }
                }
              if (!r.multiple[q])
                {
                  int o = g_rand_int_range (rand, 0, r.n_options[q]);
                  gint64 id = OPT (100 * (q + 1), o);

                  chosen[q][o] = TRUE;
                  g_array_append_val (ids, id);
                }
              bs_answers_set (answers, 100 * (q + 1), (const gint64 *) (const void *) ids->data, ids->len);
            }
          for (int q = 0; q < r.n_questions; q++)
            shown[q] = holds (r.question_when[q], shown, chosen);

          guide = bs_guide_model_compute (model, answers);
          g_assert_cmpuint (guide->n_unanswered, ==, 0);
          {
            guint k = 0;

            for (int q = 0; q < r.n_questions; q++)
              if (shown[q])
                {
                  g_assert_cmpuint (k, <, guide->questions->len);
                  g_assert_cmpint (g_array_index (guide->questions, BsGuideQuestion, k).question->id, ==,
                                   100 * (q + 1));
                  k++;
                }
            g_assert_cmpuint (k, ==, guide->questions->len);
          }
          for (int i = 0; i < r.n_items; i++)
            {
              gboolean applies = holds (r.item_when[i], shown, chosen);
              const BsGuideStep *step = bs_guide_find_step (guide, i + 1);

              g_assert_true (applies == (step != NULL));
              if (step != NULL)
                g_assert_false (step->pending);
              expected_steps += applies;
            }
          g_assert_cmpuint (guide->steps->len, ==, expected_steps);
        }

      for (int q = 0; q < r.n_questions; q++)
        g_ptr_array_unref (r.question_when[q]);
      for (int i = 0; i < r.n_items; i++)
        g_ptr_array_unref (r.item_when[i]);
    }
}

/* ------------------------------------------------------------------ */
/* In the catalogue */

typedef struct
{
  BsCatalogue *cat;
  gint64 theme;
  gint64 items[3];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDepartment) dept = bs_department_new ("scjg", "市场监督管理局");
  g_autoptr(BsCategory) category = bs_category_new ("zyzb", "准营准办", 0);
  g_autoptr(BsTheme) theme = NULL;
  gint64 dept_id, category_id;

  f->cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  dept_id = bs_catalogue_add_department (f->cat, dept, &error);
  g_assert_no_error (error);
  category_id = bs_catalogue_add_category (f->cat, category, &error);
  g_assert_no_error (error);
  theme = bs_theme_new ("open-restaurant", "开餐馆", category_id);
  f->theme = bs_catalogue_add_theme (f->cat, theme, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *code = g_strdup_printf ("item-%d", i);
      g_autoptr(BsItem) item = bs_item_new (code, names[i + 1], dept_id);

      f->items[i] = bs_catalogue_add_item (f->cat, item, &error);
      g_assert_no_error (error);
      g_assert_true (bs_catalogue_add_theme_item (f->cat, f->theme, f->items[i], &error));
    }
  g_assert_true (bs_catalogue_add_theme_edge (f->cat, f->theme, f->items[0], f->items[1], &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->cat);
}

static gint64
add_yes_no (BsCatalogue *cat,
            const char  *code)
{
  g_autoptr(BsQuestion) q = bs_question_new (code, code);
  g_autoptr(GError) error = NULL;
  gint64 id;

  bs_question_append_option (q, "yes", "是");
  bs_question_append_option (q, "no", "否");
  id = bs_catalogue_add_question (cat, q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_catalogue_questions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuestion) bad = bs_question_new ("a=b", "?");
  g_autoptr(BsQuestion) stored = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 tobacco = add_yes_no (f->cat, "tobacco");
  gint64 agent = add_yes_no (f->cat, "agent");
  gint64 option;

  /* Codes: unique, without "=". */
  g_assert_cmpint (bs_catalogue_add_question (f->cat, bad, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->code);
  bad->code = g_strdup ("tobacco");
  g_assert_cmpint (bs_catalogue_add_question (f->cat, bad, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (bs_catalogue_add_option (f->cat, tobacco, "yes", "又是", &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  option = bs_catalogue_add_option (f->cat, tobacco, "maybe", "不确定", &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_move_option (f->cat, option, 0, &error));
  stored = bs_catalogue_get_question (f->cat, tobacco, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->options->len, ==, 3);
  g_assert_cmpstr (((BsOption *) g_ptr_array_index (stored->options, 0))->code, ==, "maybe");
  g_assert_cmpstr (((BsOption *) g_ptr_array_index (stored->options, 1))->code, ==, "yes");

  /* The theme asks both, in an order that can change. */
  g_assert_true (bs_catalogue_add_theme_question (f->cat, f->theme, tobacco, &error));
  g_assert_true (bs_catalogue_add_theme_question (f->cat, f->theme, agent, &error));
  g_assert_false (bs_catalogue_add_theme_question (f->cat, f->theme, agent, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (bs_catalogue_move_theme_question (f->cat, f->theme, agent, 0, &error));
  {
    g_autoptr(GArray) ids = bs_catalogue_list_theme_questions (f->cat, f->theme, &error);

    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, agent);
  }
  /* Asked: cannot be deleted. */
  g_assert_false (bs_catalogue_remove_question (f->cat, agent, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  all = bs_catalogue_list_questions (f->cat, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((BsQuestion *) g_ptr_array_index (all, 0))->code, ==, "agent");

  /* Undo takes the last edit back, redo brings it again. */
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  {
    g_autoptr(GArray) ids = bs_catalogue_list_theme_questions (f->cat, f->theme, &error);

    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, tobacco);
  }
  g_assert_true (bs_catalogue_redo (f->cat, &error));
}

static void
test_catalogue_conditions (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tobacco = add_yes_no (f->cat, "tobacco");
  g_autoptr(BsQuestion) q = bs_catalogue_get_question (f->cat, tobacco, &error);
  gint64 yes = ((BsOption *) g_ptr_array_index (q->options, 0))->id;
  gint64 no = ((BsOption *) g_ptr_array_index (q->options, 1))->id;
  g_autoptr(BsCondition) c = bs_condition_new ();
  g_autoptr(BsCondition) stored = NULL;
  g_autoptr(BsCondition) empty = NULL;
  g_autoptr(BsMaterial) material = bs_material_new (f->items[2], "营业执照复印件");
  g_autoptr(BsThemeNote) note = bs_theme_note_new (f->theme, f->items[2], "注意");
  gint64 material_id, note_id;
  gint64 group[] = { no, yes, no };

  g_assert_true (bs_catalogue_add_theme_question (f->cat, f->theme, tobacco, &error));
  bs_condition_add_group (c, &yes, 1);
  bs_condition_add_group (c, group, 3);
  g_assert_true (bs_catalogue_set_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[2], c, &error));
  g_assert_no_error (error);
  stored = bs_catalogue_get_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[2], &error);
  g_assert_no_error (error);
  g_assert_true (bs_condition_equal (stored, c));
  g_assert_cmpuint (((GArray *) g_ptr_array_index (stored->groups, 1))->len, ==, 2);

  /* An option in use cannot go; neither can a condition on a stranger. */
  g_assert_false (bs_catalogue_remove_option (f->cat, yes, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_set_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, 9999, c, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(BsCondition) bogus = bs_condition_new ();
    gint64 nowhere = 123456;

    bs_condition_add_group (bogus, &nowhere, 1);
    g_assert_false (bs_catalogue_set_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[1], bogus,
                                                &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Materials and notes. */
  material_id = bs_catalogue_add_material (f->cat, material, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_set_condition (f->cat, BS_CONDITION_MATERIAL, 0, material_id, c, &error));
  note_id = bs_catalogue_add_theme_note (f->cat, note, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_set_condition (f->cat, BS_CONDITION_NOTE, 0, note_id, c, &error));

  /* The model sees it all. */
  {
    g_autoptr(BsGuideModel) model = bs_guide_model_new_from_catalogue (f->cat, f->theme, &error);
    g_autoptr(BsAnswers) answers = bs_answers_new ();
    g_autoptr(BsGuide) guide = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (bs_guide_model_get_n_questions (model), ==, 1);
    bs_answers_set (answers, tobacco, &no, 1);
    guide = bs_guide_model_compute (model, answers);
    g_assert_cmpuint (guide->steps->len, ==, 2);
    g_clear_pointer (&guide, bs_guide_free);
    bs_answers_set (answers, tobacco, &yes, 1);
    guide = bs_guide_model_compute (model, answers);
    g_assert_cmpuint (guide->steps->len, ==, 3);
    g_assert_cmpuint (bs_guide_find_step (guide, f->items[2])->materials->len, ==, 1);
    g_assert_cmpuint (bs_guide_find_step (guide, f->items[2])->notes->len, ==, 1);
  }

  /* Taking the item out of the theme takes its condition and note. */
  g_assert_true (bs_catalogue_remove_theme_item (f->cat, f->theme, f->items[2], &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) notes = bs_catalogue_list_theme_notes (f->cat, f->theme, &error);

    g_assert_cmpuint (notes->len, ==, 0);
  }
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  empty = bs_catalogue_get_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[2], &error);
  g_assert_no_error (error);
  g_assert_true (bs_condition_equal (empty, c));

  /* Clearing a condition. */
  g_assert_true (bs_catalogue_set_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[2], NULL, &error));
  g_clear_pointer (&empty, bs_condition_free);
  empty = bs_catalogue_get_condition (f->cat, BS_CONDITION_THEME_ITEM, f->theme, f->items[2], &error);
  g_assert_true (bs_condition_is_always (empty));
}

/* Text that is not UTF-8, huge text, markup and SQL are refused or kept
 * as they are, and nothing half-written remains. */
static void
test_catalogue_hostile (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuestion) q = bs_question_new ("q", "?");
  g_autoptr(BsQuestion) stored = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *huge = g_strnfill (100000, 'x');
  const char *hostile = "\"'); DROP TABLE question; -- <b>&amp;</b>\n\\N";
  gint64 id;

  /* Invalid UTF-8 in an option: nothing stored. */
  bs_question_append_option (q, "a", "\xff\xfe");
  g_assert_cmpint (bs_catalogue_add_question (f->cat, q, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  all = bs_catalogue_list_questions (f->cat, &error);
  g_assert_cmpuint (all->len, ==, 0);

  /* An option without a code. */
  g_clear_pointer (&q, bs_question_free);
  q = bs_question_new ("q", hostile);
  bs_question_append_option (q, "", "x");
  g_assert_cmpint (bs_catalogue_add_question (f->cat, q, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);

  /* Huge and hostile text is kept as it is. */
  g_clear_pointer (&q, bs_question_free);
  q = bs_question_new ("q", hostile);
  g_free (q->help);
  q->help = g_strdup (huge);
  bs_question_append_option (q, "a", hostile);
  id = bs_catalogue_add_question (f->cat, q, &error);
  g_assert_no_error (error);
  stored = bs_catalogue_get_question (f->cat, id, &error);
  g_assert_cmpstr (stored->prompt, ==, hostile);
  g_assert_cmpstr (stored->help, ==, huge);
  g_assert_cmpstr (((BsOption *) g_ptr_array_index (stored->options, 0))->label, ==, hostile);

  /* Codes of 129 characters are refused. */
  {
    g_autofree char *long_code = g_strnfill (129, 'c');

    g_assert_cmpint (bs_catalogue_add_option (f->cat, id, long_code, "x", &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* A note about an item of another theme, or without text. */
  {
    g_autoptr(BsThemeNote) note = bs_theme_note_new (f->theme, 99999, "x");

    g_assert_cmpint (bs_catalogue_add_theme_note (f->cat, note, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    note->item_id = 0;
    g_free (note->text);
    note->text = g_strdup ("");
    g_assert_cmpint (bs_catalogue_add_theme_note (f->cat, note, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/guide/unanswered", test_guide_unanswered);
  g_test_add_func ("/guide/simplest", test_guide_simplest);
  g_test_add_func ("/guide/fullest", test_guide_fullest);
  g_test_add_func ("/guide/hidden-answers", test_guide_hidden_answers);
  g_test_add_func ("/guide/parse-answer", test_guide_parse_answer);
  g_test_add_func ("/guide/sentence", test_sentence);
  g_test_add_func ("/guide/property", test_property);
  g_test_add_func ("/guide/check/sound", test_check_sound);
  g_test_add_func ("/guide/check/never-holds", test_check_never_holds);
  g_test_add_func ("/guide/check/never-holds-too-many", test_check_never_holds_too_many);
  g_test_add_func ("/guide/check/dead-question", test_check_dead_question);
  g_test_add_func ("/guide/check/prerequisite-missing", test_check_prerequisite_missing);
  g_test_add_func ("/guide/check/follow-up-order", test_check_follow_up_order);
  g_test_add_func ("/guide/check/not-asked", test_check_not_asked);
  g_test_add_func ("/guide/check/counts", test_check_counts);
  g_test_add ("/guide/catalogue/questions", Fixture, NULL, fixture_set_up, test_catalogue_questions,
              fixture_tear_down);
  g_test_add ("/guide/catalogue/conditions", Fixture, NULL, fixture_set_up, test_catalogue_conditions,
              fixture_tear_down);
  g_test_add ("/guide/catalogue/hostile", Fixture, NULL, fixture_set_up, test_catalogue_hostile,
              fixture_tear_down);
  return g_test_run ();
}
