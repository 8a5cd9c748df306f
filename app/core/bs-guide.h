/* bs-guide.h: the personalised guide — a theme and an applicant's answers
 * to its situation questions give exactly the steps, materials and notes
 * that apply to them — and the static checks of a theme's personalisation
 *
 * A BsGuideModel is a snapshot of one theme (its flow, its items' content,
 * materials, questions, conditions and notes), built once and then only
 * read: computing guides and checks never touches the catalogue, so both may
 * run in any thread.
 *
 * Conditions are read in three values. A term "question = option" is true
 * when the question is shown and its answer has the option, false when the
 * question is shown and answered otherwise or is not shown (its own
 * condition failed), and unknown while the question waits for an answer or
 * when the theme does not ask it. A group (AND) is false when a term is
 * false, true when all are true; the condition (OR) is true when a group is
 * true, false when all groups are false; otherwise unknown. Questions are
 * shown in order when their condition is true; follow-ups may only depend on
 * earlier questions. Items and materials whose condition is unknown are in
 * the guide, marked "pending" with the questions still to answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-condition.h"
#include "bs-item.h"
#include "bs-material.h"
#include "bs-question.h"
#include "bs-theme-flow.h"
#include "bs-theme-note.h"

G_BEGIN_DECLS

typedef enum
{
  BS_TRUTH_FALSE,
  BS_TRUTH_TRUE,
  BS_TRUTH_UNKNOWN,
} BsTruth;

/* ------------------------------------------------------------------ */
/* Answers: by question, so changing one keeps the others. */

typedef struct _BsAnswers BsAnswers;

BsAnswers    *bs_answers_new    (void);
BsAnswers    *bs_answers_copy   (const BsAnswers *self);
void          bs_answers_free   (BsAnswers       *self);
/* Sets the options chosen for @question_id (sorted, repeats dropped); none
 * is an answer too (a multiple-choice question answered with no option). */
void          bs_answers_set    (BsAnswers       *self,
                                 gint64           question_id,
                                 const gint64    *option_ids,
                                 guint            n_options);
void          bs_answers_clear  (BsAnswers       *self,
                                 gint64           question_id);
/* The chosen option ids, sorted, or NULL when unanswered. */
const GArray *bs_answers_get    (const BsAnswers *self,
                                 gint64           question_id);

/* ------------------------------------------------------------------ */
/* The model */

#define BS_TYPE_GUIDE_MODEL (bs_guide_model_get_type ())
typedef struct _BsGuideModel BsGuideModel;

GType          bs_guide_model_get_type (void) G_GNUC_CONST;
/* One theme, read in a few queries. NOT_FOUND when there is no such theme. */
BsGuideModel  *bs_guide_model_new_from_catalogue (BsCatalogue  *catalogue,
                                                  gint64        theme_id,
                                                  GError      **error);
BsGuideModel  *bs_guide_model_ref   (BsGuideModel *self);
void           bs_guide_model_unref (BsGuideModel *self);

/* Building by hand (tests, benchmarks): @flow's nodes are the theme's
 * items in order. Then add questions, content and conditions; the model is
 * read-only once a guide or check was computed from it. */
BsGuideModel  *bs_guide_model_new               (const char        *theme_name,
                                                 BsThemeFlow       *flow);
/* Appends a question the theme asks (copied), with its condition (NULL:
 * always asked). */
void           bs_guide_model_add_question      (BsGuideModel      *self,
                                                 const BsQuestion  *question,
                                                 const BsCondition *when);
/* A question a condition names but the theme does not ask (for names). */
void           bs_guide_model_add_other_question (BsGuideModel     *self,
                                                  const BsQuestion *question);
/* The content of one of the flow's items (copied); items without content
 * show only what the flow knows. */
void           bs_guide_model_set_item          (BsGuideModel      *self,
                                                 const BsItem      *item);
void           bs_guide_model_set_item_condition (BsGuideModel      *self,
                                                  gint64             item_id,
                                                  const BsCondition *when);
/* Appends a material of its item, in order. */
void           bs_guide_model_add_material      (BsGuideModel      *self,
                                                 const BsMaterial  *material,
                                                 const BsCondition *when);
void           bs_guide_model_add_note          (BsGuideModel      *self,
                                                 const BsThemeNote *note,
                                                 const BsCondition *when);

const char    *bs_guide_model_get_theme_name    (BsGuideModel      *self);
BsThemeFlow   *bs_guide_model_get_flow          (BsGuideModel      *self);
/* The questions the theme asks, in order. */
guint          bs_guide_model_get_n_questions   (BsGuideModel      *self);
const BsQuestion *bs_guide_model_get_question   (BsGuideModel      *self,
                                                 guint              index);
/* Any question the model knows (asked or named), by id or code; NULL. */
const BsQuestion *bs_guide_model_lookup_question (BsGuideModel     *self,
                                                  gint64            question_id);
const BsQuestion *bs_guide_model_find_question  (BsGuideModel      *self,
                                                 const char        *code);
/* The condition of a question of the theme / of an item (NULL: always). */
const BsCondition *bs_guide_model_get_question_condition (BsGuideModel *self,
                                                          gint64        question_id);
const BsCondition *bs_guide_model_get_item_condition     (BsGuideModel *self,
                                                          gint64        item_id);
/* "Only when 为谁办理？ is “委托代理人”"; "Always". */
char          *bs_guide_model_dup_sentence      (BsGuideModel      *self,
                                                 const BsCondition *condition);
BsTruth        bs_guide_model_evaluate          (BsGuideModel      *self,
                                                 const BsAnswers   *answers,
                                                 const BsCondition *condition);

/* Parses "question=option" (codes) and adds the option to the question's
 * answer in @answers (a single-choice question keeps only the last). */
gboolean       bs_guide_model_parse_answer      (BsGuideModel      *self,
                                                 BsAnswers         *answers,
                                                 const char        *text,
                                                 GError           **error);

/* ------------------------------------------------------------------ */
/* The guide */

typedef struct
{
  const BsQuestion *question;
  const GArray *answer;        /* chosen option ids, NULL while unanswered */
} BsGuideQuestion;

typedef struct
{
  const BsMaterial *material;
  gboolean pending;            /* depends on a question not yet answered */
  int from_step;               /* an earlier step produces it (1-based), or 0 */
} BsGuideMaterial;

typedef struct
{
  int number;                  /* 1-based, in stage order */
  guint stage;                 /* 0-based; a stage's steps can be done together */
  const BsFlowNode *node;
  const BsItem *item;          /* NULL when the model has no content for it */
  gboolean pending;            /* its condition waits for an answer */
  GArray *materials;           /* BsGuideMaterial */
  GPtrArray *notes;            /* const char *: the notes about this item */
  GArray *prerequisites;       /* int: step numbers that come first */
} BsGuideStep;

typedef struct
{
  BsGuideModel *model;
  GArray *questions;           /* BsGuideQuestion: the questions shown, in order */
  guint n_unanswered;          /* of them */
  GArray *steps;               /* BsGuideStep */
  GPtrArray *notes;            /* const char *: notes about the whole theme */
  guint n_stages;
  guint n_departments;
  int visits;                  /* sum of the known visits */
  guint n_unknown_visits;
  int statutory_days;          /* critical path, -1 with a cycle */
  int committed_days;
  BsFlowAnalysis *analysis;    /* of the steps' flow */
} BsGuide;

BsGuide       *bs_guide_model_compute          (BsGuideModel    *self,
                                                const BsAnswers *answers);
void           bs_guide_free                   (BsGuide         *self);
/* The step of @item_id, or NULL. */
const BsGuideStep *bs_guide_find_step          (const BsGuide   *self,
                                                gint64           item_id);

/* ------------------------------------------------------------------ */
/* Static checks */

#define BS_GUIDE_MAX_COMBINATIONS 10000

/* Checks every condition for one that can never hold, every question for
 * one whose answer changes nothing, follow-ups for depending on later
 * questions, conditions for naming questions the theme does not ask, and —
 * over every combination of answers, up to @max_combinations (0: the
 * default) — every guide for a step whose prerequisite is missing. More
 * combinations than that are reported instead. BsFlowProblem, errors
 * first. *@out_combinations (optional) gets the number enumerated (0 when
 * there were too many). */
GPtrArray     *bs_guide_model_check            (BsGuideModel    *self,
                                                guint            max_combinations,
                                                guint           *out_combinations);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAnswers, bs_answers_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsGuideModel, bs_guide_model_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsGuide, bs_guide_free)

G_END_DECLS
