/* test-demo-guide.c: the personalisation of the demo catalogue
 * (data/demo/demo.json) — every theme asks situation questions and its
 * static checks find nothing under any answers — and the personalised
 * guides of 开餐馆 for several applicants: their steps in order, their
 * materials (with “from step N”), follow-up questions and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "banshi-core.h"

static BsCatalogue *
load_demo (void)
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
  path = g_build_filename (source, "data", "demo", "demo.json", NULL);
  cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  bs_catalogue_import_json_file (cat, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&cat);
}

static BsGuideModel *
model_of (BsCatalogue *cat,
          const char  *theme_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = bs_catalogue_find_theme (cat, theme_code, &error);
  BsGuideModel *model;

  g_assert_no_error (error);
  g_assert_nonnull (theme);
  model = bs_guide_model_new_from_catalogue (cat, theme->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* ------------------------------------------------------------------ */
/* The static checks of every theme */

static void
test_checks (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GError) error = NULL;
  guint n_failing = 0;

  if (cat == NULL)
    return;
  themes = bs_catalogue_list_themes (cat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (themes->len, >=, 10);

  for (guint i = 0; i < themes->len; i++)
    {
      BsTheme *theme = g_ptr_array_index (themes, i);
      g_autoptr(BsGuideModel) model = model_of (cat, theme->code);
      g_autoptr(GPtrArray) problems = NULL;
      guint combinations = 0;

      /* Every theme is personalised. */
      g_assert_cmpuint (bs_guide_model_get_n_questions (model), >=, 1);

      problems = bs_guide_model_check (model, 0, &combinations);
      g_test_message ("%s: %u questions, %u combinations of answers, %u problems", theme->code,
                      bs_guide_model_get_n_questions (model), combinations, problems->len);
      for (guint p = 0; p < problems->len; p++)
        {
          const BsFlowProblem *problem = g_ptr_array_index (problems, p);

          g_test_message ("%s: %s: %s", theme->code,
                          problem->severity == BS_FLOW_SEVERITY_ERROR ? "error" : "warning",
                          problem->message);
        }
      /* Exhaustive: every combination of answers was tried. */
      g_assert_cmpuint (combinations, >, 0);
      n_failing += problems->len > 0;
    }
  g_assert_cmpuint (n_failing, ==, 0);
}

/* The checks are not blind on the demo: a question that nothing depends on,
 * added to 开餐馆, is reported as the only problem. */
static void
test_checks_find_dead_question (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsQuestion) question = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const BsFlowProblem *problem;
  guint combinations = 0;

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  question = bs_question_new ("parking", "是否需要停车位？");
  question->id = G_MAXINT64 - 10;
  question->kind = BS_QUESTION_KIND_SINGLE;
  bs_question_append_option (question, "yes", "是");
  bs_question_append_option (question, "no", "否");
  for (guint k = 0; k < question->options->len; k++)
    {
      BsOption *option = g_ptr_array_index (question->options, k);

      option->id = G_MAXINT64 - 9 + k;
      option->question_id = question->id;
    }
  bs_guide_model_add_question (model, question, NULL);

  problems = bs_guide_model_check (model, 0, &combinations);
  g_assert_cmpuint (combinations, >, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, BS_FLOW_PROBLEM_DEAD_QUESTION);
  g_assert_nonnull (strstr (problem->message, "是否需要停车位？"));
}

/* ------------------------------------------------------------------ */
/* 开餐馆 for several applicants */

/* The guide for answers written "question=option" (codes). */
static BsGuide *
guide_for (BsGuideModel       *model,
           const char * const *answers)
{
  g_autoptr(BsAnswers) chosen = bs_answers_new ();

  for (guint i = 0; answers[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      bs_guide_model_parse_answer (model, chosen, answers[i], &error);
      g_assert_no_error (error);
    }
  return bs_guide_model_compute (model, chosen);
}

/* "名称 / 设立 / …": the steps' item names in order; pending ones end in "?". */
static char *
steps_of (const BsGuide *guide)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < guide->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);

      g_assert_cmpint (step->number, ==, (int) i + 1);
      if (i > 0)
        g_string_append (text, " / ");
      g_string_append (text, step->node->name);
      if (step->pending)
        g_string_append_c (text, '?');
    }
  return g_string_free (text, FALSE);
}

static const BsGuideStep *
step_named (const BsGuide *guide,
            const char    *name)
{
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);

      if (strcmp (step->node->name, name) == 0)
        return step;
    }
  return NULL;
}

/* "申请书, 营业执照 <3, 图纸?": a step's materials in order, with the step
 * that produces one after "<" and pending ones ending in "?". */
static char *
materials_of (const BsGuide *guide,
              const char    *step_name)
{
  const BsGuideStep *step = step_named (guide, step_name);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (step);
  for (guint i = 0; i < step->materials->len; i++)
    {
      const BsGuideMaterial *m = &g_array_index (step->materials, BsGuideMaterial, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, m->material->name);
      if (m->from_step > 0)
        g_string_append_printf (text, " <%d", m->from_step);
      if (m->pending)
        g_string_append_c (text, '?');
    }
  return g_string_free (text, FALSE);
}

/* The codes of the questions shown, in order. */
static char *
questions_of (const BsGuide *guide)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *q = &g_array_index (guide->questions, BsGuideQuestion, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, q->question->code);
    }
  return g_string_free (text, FALSE);
}

static gboolean
has_note (GPtrArray  *notes,
          const char *part)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (g_ptr_array_index (notes, i), part) != NULL)
      return TRUE;
  return FALSE;
}

#define NAME "企业名称自主申报"
#define HEALTH "从业人员预防性健康检查（健康证明）"
#define FIRE_FILING "其他建设工程消防验收备案"
#define REGISTER "企业设立登记"
#define FOOD "食品经营许可（新办）"
#define FIRE_CHECK "公众聚集场所投入使用、营业前消防安全检查"
#define SIGN "户外招牌设施设置审批"
#define SEWAGE "城镇污水排入排水管网许可"
#define TOBACCO "烟草专卖零售许可证核发（新办）"

#define COMPANY_PAPERS "公司登记（备案）申请书, 公司章程, 股东的主体资格证明或自然人身份证明, " \
                       "法定代表人、董事、监事和经理的任职文件及身份证明"
#define INDIVIDUAL_PAPERS "个体工商户登记（备案）申请书, 经营者身份证明"
#define AGENT_PAPERS "授权委托书, 代理人身份证明"
#define AGENT_NOTE "代理人须携带本人居民身份证原件"

/* A company applying itself: hot food only, a small place not renovated,
 * no sign, no cigarettes — the fewest steps. */
static void
test_restaurant_small_company (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *food = NULL;
  g_autofree char *sewage = NULL;
  const char * const answers[] = {
    "applicant=self", "operator=company", "menu=hot", "public-venue=no", "renovation=no",
    "signboard=no", "tobacco=no", NULL
  };

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  guide = guide_for (model, answers);

  questions = questions_of (guide);
  g_assert_cmpstr (questions, ==, "applicant operator menu public-venue renovation signboard tobacco");
  g_assert_cmpuint (guide->n_unanswered, ==, 0);

  steps = steps_of (guide);
  g_assert_cmpstr (steps, ==, NAME " / " HEALTH " / " REGISTER " / " FOOD " / " SEWAGE);
  g_assert_cmpuint (guide->n_stages, ==, 3);

  registration = materials_of (guide, REGISTER);
  g_assert_cmpstr (registration, ==, COMPANY_PAPERS ", 住所（经营场所）使用证明");
  food = materials_of (guide, FOOD);
  g_assert_cmpstr (food, ==, "食品经营许可申请书, 营业执照 <3, 主要设备设施、经营布局、操作流程等文件, "
                             "保证食品安全的规章制度目录, 食品安全管理人员名单及从业人员健康证明 <2");
  sewage = materials_of (guide, SEWAGE);
  g_assert_nonnull (strstr (sewage, "营业执照 <3"));

  g_assert_cmpuint (guide->notes->len, ==, 1);
  g_assert_false (has_note (guide->notes, AGENT_NOTE));
  g_assert_true (has_note (step_named (guide, FOOD)->notes, "油烟净化"));
  g_assert_false (has_note (step_named (guide, FOOD)->notes, "专间"));
  g_assert_cmpuint (step_named (guide, NAME)->notes->len, ==, 0);
}

/* An agent for a 个体工商户 with a large place, a sign, cigarettes and
 * sashimi: every step, the agent's papers wherever one applies in person. */
static void
test_restaurant_agent_everything (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *food = NULL;
  g_autofree char *fire = NULL;
  g_autofree char *tobacco = NULL;
  const BsGuideStep *fire_step;
  const char * const answers[] = {
    "applicant=agent", "operator=individual", "menu=hot", "menu=raw", "raw-seafood=yes",
    "public-venue=yes", "signboard=yes", "tobacco=yes", NULL
  };

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  guide = guide_for (model, answers);

  /* The follow-up on 生食类 is asked; 装修 is not (a public venue files anyway). */
  questions = questions_of (guide);
  g_assert_cmpstr (questions, ==, "applicant operator menu raw-seafood public-venue signboard tobacco");
  g_assert_cmpuint (guide->n_unanswered, ==, 0);

  steps = steps_of (guide);
  g_assert_cmpstr (steps, ==, NAME " / " HEALTH " / " FIRE_FILING " / " REGISTER " / " FOOD " / "
                   FIRE_CHECK " / " SIGN " / " SEWAGE " / " TOBACCO);

  registration = materials_of (guide, REGISTER);
  g_assert_cmpstr (registration, ==, INDIVIDUAL_PAPERS ", 住所（经营场所）使用证明, " AGENT_PAPERS);
  food = materials_of (guide, FOOD);
  g_assert_cmpstr (food, ==, "食品经营许可申请书, 营业执照 <4, 主要设备设施、经营布局、操作流程等文件, "
                             "冷食类、生食类食品制售操作流程, 专间平面布局图, 生食类水产品原料来源证明, "
                             "保证食品安全的规章制度目录, 食品安全管理人员名单及从业人员健康证明 <2, "
                             AGENT_PAPERS);
  tobacco = materials_of (guide, TOBACCO);
  g_assert_nonnull (strstr (tobacco, "营业执照 <4"));
  g_assert_nonnull (strstr (tobacco, AGENT_PAPERS));

  /* The fire check comes after the filing and the licence, and takes the
   * filing's 备案凭证 from it. */
  fire_step = step_named (guide, FIRE_CHECK);
  g_assert_cmpuint (fire_step->prerequisites->len, ==, 2);
  g_assert_cmpint (g_array_index (fire_step->prerequisites, int, 0), ==, 3);
  g_assert_cmpint (g_array_index (fire_step->prerequisites, int, 1), ==, 4);
  fire = materials_of (guide, FIRE_CHECK);
  g_assert_nonnull (strstr (fire, "建设工程消防验收备案凭证或特殊建设工程消防验收意见书 <3"));
  g_assert_null (strstr (fire, "授权委托书"));

  g_assert_true (has_note (guide->notes, AGENT_NOTE));
  g_assert_true (has_note (step_named (guide, NAME)->notes, "个体工商户名称"));
  g_assert_true (has_note (step_named (guide, FOOD)->notes, "专间"));
  g_assert_true (has_note (step_named (guide, FOOD)->notes, "生食类水产品须在专间内加工"));
  g_assert_true (has_note (step_named (guide, TOBACCO)->notes, "合理布局"));
}

/* A 个体工商户 applying itself: cold food and drinks in a renovated small
 * shop with a sign. No sashimi question, no fire check, but the filing. */
static void
test_restaurant_cold_food_renovated (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *food = NULL;
  const char * const answers[] = {
    "applicant=self", "operator=individual", "menu=cold", "menu=drinks", "public-venue=no",
    "renovation=yes", "signboard=yes", "tobacco=no", NULL
  };

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  guide = guide_for (model, answers);

  questions = questions_of (guide);
  g_assert_cmpstr (questions, ==, "applicant operator menu public-venue renovation signboard tobacco");

  steps = steps_of (guide);
  g_assert_cmpstr (steps, ==, NAME " / " HEALTH " / " FIRE_FILING " / " REGISTER " / " FOOD " / "
                   SIGN " / " SEWAGE);

  registration = materials_of (guide, REGISTER);
  g_assert_cmpstr (registration, ==, INDIVIDUAL_PAPERS ", 住所（经营场所）使用证明");
  food = materials_of (guide, FOOD);
  g_assert_cmpstr (food, ==, "食品经营许可申请书, 营业执照 <4, 主要设备设施、经营布局、操作流程等文件, "
                             "冷食类、生食类食品制售操作流程, 专间平面布局图, 自制饮品操作区布局及制作流程说明, "
                             "保证食品安全的规章制度目录, 食品安全管理人员名单及从业人员健康证明 <2");

  g_assert_false (has_note (guide->notes, AGENT_NOTE));
  g_assert_true (has_note (step_named (guide, FOOD)->notes, "专间"));
  g_assert_false (has_note (step_named (guide, FOOD)->notes, "油烟净化"));
}

/* An agent for a company in a large place selling cigarettes, raw food
 * but no raw seafood. */
static void
test_restaurant_agent_company_raw (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *food = NULL;
  const char * const answers[] = {
    "applicant=agent", "operator=company", "menu=raw", "raw-seafood=no", "public-venue=yes",
    "signboard=no", "tobacco=yes", NULL
  };

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  guide = guide_for (model, answers);

  steps = steps_of (guide);
  g_assert_cmpstr (steps, ==, NAME " / " HEALTH " / " FIRE_FILING " / " REGISTER " / " FOOD " / "
                   FIRE_CHECK " / " SEWAGE " / " TOBACCO);

  registration = materials_of (guide, REGISTER);
  g_assert_cmpstr (registration, ==, COMPANY_PAPERS ", 住所（经营场所）使用证明, " AGENT_PAPERS);
  food = materials_of (guide, FOOD);
  g_assert_cmpstr (food, ==, "食品经营许可申请书, 营业执照 <4, 主要设备设施、经营布局、操作流程等文件, "
                             "冷食类、生食类食品制售操作流程, 专间平面布局图, "
                             "保证食品安全的规章制度目录, 食品安全管理人员名单及从业人员健康证明 <2, "
                             AGENT_PAPERS);
  g_assert_true (has_note (guide->notes, AGENT_NOTE));
  g_assert_false (has_note (step_named (guide, FOOD)->notes, "生食类水产品须在专间内加工"));
  g_assert_false (has_note (step_named (guide, NAME)->notes, "个体工商户名称"));
}

/* Before the answers: every item is in the guide, those that depend on an
 * answer marked pending, and so are their materials. */
static void
test_restaurant_unanswered (void)
{
  g_autoptr(BsCatalogue) cat = load_demo ();
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *questions = NULL;
  g_autofree char *registration = NULL;
  const char * const answers[] = { "applicant=self", NULL };

  if (cat == NULL)
    return;
  model = model_of (cat, "open-restaurant");
  guide = guide_for (model, answers);

  /* Follow-ups wait for the answers they depend on. */
  questions = questions_of (guide);
  g_assert_cmpstr (questions, ==, "applicant operator menu public-venue signboard tobacco");
  g_assert_cmpuint (guide->n_unanswered, ==, 5);

  steps = steps_of (guide);
  g_assert_cmpstr (steps, ==, NAME " / " HEALTH " / " FIRE_FILING "? / " REGISTER " / " FOOD " / "
                   FIRE_CHECK "? / " SIGN "? / " SEWAGE " / " TOBACCO "?");
  registration = materials_of (guide, REGISTER);
  g_assert_cmpstr (registration, ==, "公司登记（备案）申请书?, 个体工商户登记（备案）申请书?, 公司章程?, "
                                     "股东的主体资格证明或自然人身份证明?, "
                                     "法定代表人、董事、监事和经理的任职文件及身份证明?, 经营者身份证明?, "
                                     "住所（经营场所）使用证明");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-guide/checks", test_checks);
  g_test_add_func ("/demo-guide/checks/dead-question", test_checks_find_dead_question);
  g_test_add_func ("/demo-guide/restaurant/small-company", test_restaurant_small_company);
  g_test_add_func ("/demo-guide/restaurant/agent-everything", test_restaurant_agent_everything);
  g_test_add_func ("/demo-guide/restaurant/cold-food-renovated", test_restaurant_cold_food_renovated);
  g_test_add_func ("/demo-guide/restaurant/agent-company-raw", test_restaurant_agent_company_raw);
  g_test_add_func ("/demo-guide/restaurant/unanswered", test_restaurant_unanswered);

  return g_test_run ();
}
