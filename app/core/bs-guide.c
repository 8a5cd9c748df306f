/* bs-guide.c: personalised guides and the static checks of a theme's
 * personalisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-guide.h"
#include "bs-theme.h"

/* ------------------------------------------------------------------ */
/* Answers */

struct _BsAnswers
{
  GHashTable *by_question;  /* gint64 * → GArray of gint64, sorted */
};

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

BsAnswers *
bs_answers_new (void)
{
  BsAnswers *self = g_new0 (BsAnswers, 1);

  self->by_question = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  return self;
}

BsAnswers *
bs_answers_copy (const BsAnswers *self)
{
  BsAnswers *copy = bs_answers_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, copy);

  g_hash_table_iter_init (&iter, self->by_question);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const GArray *options = value;

      bs_answers_set (copy, *(gint64 *) key, (const gint64 *) (const void *) options->data, options->len);
    }
  return copy;
}

void
bs_answers_free (BsAnswers *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_question);
  g_free (self);
}

void
bs_answers_set (BsAnswers    *self,
                gint64        question_id,
                const gint64 *option_ids,
                guint         n_options)
{
  GArray *options;

  g_return_if_fail (self != NULL);
  g_return_if_fail (option_ids != NULL || n_options == 0);

  options = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_options);
  if (n_options > 0)
    g_array_append_vals (options, option_ids, n_options);
  g_array_sort (options, compare_ids);
  for (guint i = 1; i < options->len;)
    {
      if (g_array_index (options, gint64, i) == g_array_index (options, gint64, i - 1))
        g_array_remove_index (options, i);
      else
        i++;
    }
  g_hash_table_replace (self->by_question, g_memdup2 (&question_id, sizeof question_id), options);
}

void
bs_answers_clear (BsAnswers *self,
                  gint64     question_id)
{
  g_return_if_fail (self != NULL);
  g_hash_table_remove (self->by_question, &question_id);
}

const GArray *
bs_answers_get (const BsAnswers *self,
                gint64           question_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->by_question, &question_id);
}

/* ------------------------------------------------------------------ */
/* The model */

/* A term compiled against the asked questions: @qi is the question's index
 * among them (-1 when the theme does not ask it), @oi the option's index. */
typedef struct
{
  int qi;
  int oi;
} Term;

/* An OR of AND-groups of terms: group g is terms[starts[g] … starts[g+1]). */
typedef struct
{
  GArray *terms;   /* Term */
  GArray *starts;  /* guint, n_groups + 1 */
} Compiled;

typedef struct
{
  BsQuestion *question;
  BsCondition *when;     /* NULL: always asked */
  Compiled compiled;
} ModelQuestion;

typedef struct
{
  BsMaterial *material;
  BsCondition *when;
  Compiled compiled;
} ModelMaterial;

typedef struct
{
  BsThemeNote *note;
  BsCondition *when;
  Compiled compiled;
} ModelNote;

typedef struct
{
  BsCondition *when;
  Compiled compiled;
} ModelItemCondition;

typedef struct
{
  const BsQuestion *question;
  const BsOption *option;
  int oi;
} OptionRef;

struct _BsGuideModel
{
  char *theme_name;
  BsThemeFlow *flow;
  GPtrArray *questions;          /* ModelQuestion, asked in order */
  GPtrArray *other_questions;    /* BsQuestion, named but not asked */
  GHashTable *options;           /* gint64 * option id → OptionRef */
  GHashTable *items;             /* gint64 * → BsItem */
  GHashTable *item_conditions;   /* gint64 * → ModelItemCondition */
  GPtrArray *materials;          /* ModelMaterial */
  GHashTable *item_materials;    /* gint64 * item id → GPtrArray of ModelMaterial (not owned) */
  GPtrArray *notes;              /* ModelNote */
  gboolean compiled;
};

G_DEFINE_BOXED_TYPE (BsGuideModel, bs_guide_model, bs_guide_model_ref, bs_guide_model_unref)

static void
compiled_clear (Compiled *c)
{
  g_clear_pointer (&c->terms, g_array_unref);
  g_clear_pointer (&c->starts, g_array_unref);
}

static void
model_question_free (ModelQuestion *q)
{
  bs_question_free (q->question);
  bs_condition_free (q->when);
  compiled_clear (&q->compiled);
  g_free (q);
}

static void
model_material_free (ModelMaterial *m)
{
  bs_material_free (m->material);
  bs_condition_free (m->when);
  compiled_clear (&m->compiled);
  g_free (m);
}

static void
model_note_free (ModelNote *n)
{
  bs_theme_note_free (n->note);
  bs_condition_free (n->when);
  compiled_clear (&n->compiled);
  g_free (n);
}

static void
model_item_condition_free (ModelItemCondition *c)
{
  bs_condition_free (c->when);
  compiled_clear (&c->compiled);
  g_free (c);
}

static void
bs_guide_model_free (BsGuideModel *self)
{
  g_free (self->theme_name);
  bs_theme_flow_unref (self->flow);
  g_ptr_array_unref (self->questions);
  g_ptr_array_unref (self->other_questions);
  g_hash_table_unref (self->options);
  g_hash_table_unref (self->items);
  g_hash_table_unref (self->item_conditions);
  g_hash_table_unref (self->item_materials);
  g_ptr_array_unref (self->materials);
  g_ptr_array_unref (self->notes);
}

BsGuideModel *
bs_guide_model_ref (BsGuideModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
bs_guide_model_unref (BsGuideModel *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) bs_guide_model_free);
}

BsGuideModel *
bs_guide_model_new (const char  *theme_name,
                    BsThemeFlow *flow)
{
  BsGuideModel *self;

  g_return_val_if_fail (flow != NULL, NULL);

  self = g_atomic_rc_box_new0 (BsGuideModel);
  self->theme_name = g_strdup (theme_name != NULL ? theme_name : "");
  self->flow = bs_theme_flow_ref (flow);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) model_question_free);
  self->other_questions = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_question_free);
  self->options = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) bs_item_free);
  self->item_conditions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                 (GDestroyNotify) model_item_condition_free);
  self->item_materials = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) model_material_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) model_note_free);
  return self;
}

static void
register_options (BsGuideModel     *self,
                  const BsQuestion *question)
{
  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);
      OptionRef *ref = g_new0 (OptionRef, 1);

      ref->question = question;
      ref->option = option;
      ref->oi = (int) i;
      g_hash_table_replace (self->options, (gpointer) &option->id, ref);
    }
}

static gboolean
knows_question (BsGuideModel *self,
                gint64        question_id)
{
  return bs_guide_model_lookup_question (self, question_id) != NULL;
}

void
bs_guide_model_add_question (BsGuideModel      *self,
                             const BsQuestion  *question,
                             const BsCondition *when)
{
  ModelQuestion *q;

  g_return_if_fail (self != NULL && question != NULL);
  g_return_if_fail (!self->compiled);
  g_return_if_fail (!knows_question (self, question->id));

  q = g_new0 (ModelQuestion, 1);
  q->question = bs_question_copy (question);
  q->when = when != NULL && !bs_condition_is_always (when) ? bs_condition_copy (when) : NULL;
  g_ptr_array_add (self->questions, q);
  register_options (self, q->question);
}

void
bs_guide_model_add_other_question (BsGuideModel     *self,
                                   const BsQuestion *question)
{
  BsQuestion *copy;

  g_return_if_fail (self != NULL && question != NULL);
  g_return_if_fail (!self->compiled);

  if (knows_question (self, question->id))
    return;
  copy = bs_question_copy (question);
  g_ptr_array_add (self->other_questions, copy);
  register_options (self, copy);
}

void
bs_guide_model_set_item (BsGuideModel *self,
                         const BsItem *item)
{
  BsItem *copy;

  g_return_if_fail (self != NULL && item != NULL);
  g_return_if_fail (!self->compiled);

  copy = bs_item_copy (item);
  g_hash_table_replace (self->items, &copy->id, copy);
}

void
bs_guide_model_set_item_condition (BsGuideModel      *self,
                                   gint64             item_id,
                                   const BsCondition *when)
{
  ModelItemCondition *c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->compiled);

  if (when == NULL || bs_condition_is_always (when))
    {
      g_hash_table_remove (self->item_conditions, &item_id);
      return;
    }
  c = g_new0 (ModelItemCondition, 1);
  c->when = bs_condition_copy (when);
  g_hash_table_replace (self->item_conditions, g_memdup2 (&item_id, sizeof item_id), c);
}

void
bs_guide_model_add_material (BsGuideModel      *self,
                             const BsMaterial  *material,
                             const BsCondition *when)
{
  ModelMaterial *m;
  GPtrArray *list;

  g_return_if_fail (self != NULL && material != NULL);
  g_return_if_fail (!self->compiled);

  m = g_new0 (ModelMaterial, 1);
  m->material = bs_material_copy (material);
  m->when = when != NULL && !bs_condition_is_always (when) ? bs_condition_copy (when) : NULL;
  g_ptr_array_add (self->materials, m);
  list = g_hash_table_lookup (self->item_materials, &material->item_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->item_materials, g_memdup2 (&material->item_id, sizeof (gint64)), list);
    }
  g_ptr_array_add (list, m);
}

void
bs_guide_model_add_note (BsGuideModel      *self,
                         const BsThemeNote *note,
                         const BsCondition *when)
{
  ModelNote *n;

  g_return_if_fail (self != NULL && note != NULL);
  g_return_if_fail (!self->compiled);

  n = g_new0 (ModelNote, 1);
  n->note = bs_theme_note_copy (note);
  n->when = when != NULL && !bs_condition_is_always (when) ? bs_condition_copy (when) : NULL;
  g_ptr_array_add (self->notes, n);
}

const char *
bs_guide_model_get_theme_name (BsGuideModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->theme_name;
}

BsThemeFlow *
bs_guide_model_get_flow (BsGuideModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->flow;
}

guint
bs_guide_model_get_n_questions (BsGuideModel *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->questions->len;
}

const BsQuestion *
bs_guide_model_get_question (BsGuideModel *self,
                             guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return ((ModelQuestion *) g_ptr_array_index (self->questions, index))->question;
}

static int
asked_index (BsGuideModel *self,
             gint64        question_id)
{
  for (guint i = 0; i < self->questions->len; i++)
    if (((ModelQuestion *) g_ptr_array_index (self->questions, i))->question->id == question_id)
      return (int) i;
  return -1;
}

const BsQuestion *
bs_guide_model_lookup_question (BsGuideModel *self,
                                gint64        question_id)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  i = asked_index (self, question_id);
  if (i >= 0)
    return bs_guide_model_get_question (self, (guint) i);
  for (guint j = 0; j < self->other_questions->len; j++)
    {
      const BsQuestion *q = g_ptr_array_index (self->other_questions, j);

      if (q->id == question_id)
        return q;
    }
  return NULL;
}

const BsQuestion *
bs_guide_model_find_question (BsGuideModel *self,
                              const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      const BsQuestion *q = bs_guide_model_get_question (self, i);

      if (g_strcmp0 (q->code, code) == 0)
        return q;
    }
  for (guint j = 0; j < self->other_questions->len; j++)
    {
      const BsQuestion *q = g_ptr_array_index (self->other_questions, j);

      if (g_strcmp0 (q->code, code) == 0)
        return q;
    }
  return NULL;
}

const BsCondition *
bs_guide_model_get_question_condition (BsGuideModel *self,
                                       gint64        question_id)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  i = asked_index (self, question_id);
  return i >= 0 ? ((ModelQuestion *) g_ptr_array_index (self->questions, i))->when : NULL;
}

const BsCondition *
bs_guide_model_get_item_condition (BsGuideModel *self,
                                   gint64        item_id)
{
  ModelItemCondition *c;

  g_return_val_if_fail (self != NULL, NULL);

  c = g_hash_table_lookup (self->item_conditions, &item_id);
  return c != NULL ? c->when : NULL;
}

static gboolean
name_option (gint64        option_id,
             const char  **question_prompt,
             gint64       *question_id,
             const char  **option_label,
             gpointer      user_data)
{
  BsGuideModel *self = user_data;
  const OptionRef *ref = g_hash_table_lookup (self->options, &option_id);

  if (ref == NULL)
    return FALSE;
  *question_prompt = ref->question->prompt;
  *question_id = ref->question->id;
  *option_label = ref->option->label;
  return TRUE;
}

char *
bs_guide_model_dup_sentence (BsGuideModel      *self,
                             const BsCondition *condition)
{
  g_return_val_if_fail (self != NULL, NULL);
  return bs_condition_dup_sentence (condition, name_option, self);
}

/* ------------------------------------------------------------------ */
/* Compiling and evaluating conditions */

static void
compile (BsGuideModel      *self,
         const BsCondition *when,
         Compiled          *out)
{
  guint start = 0;

  out->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  out->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (out->starts, start);
  if (when == NULL)
    return;
  for (guint g = 0; g < when->groups->len; g++)
    {
      const GArray *group = g_ptr_array_index (when->groups, g);
      guint end;

      for (guint j = 0; j < group->len; j++)
        {
          gint64 option_id = g_array_index (group, gint64, j);
          const OptionRef *ref = g_hash_table_lookup (self->options, &option_id);
          Term term = { -1, -1 };

          if (ref != NULL)
            {
              term.qi = asked_index (self, ref->question->id);
              term.oi = ref->oi;
            }
          g_array_append_val (out->terms, term);
        }
      end = out->terms->len;
      g_array_append_val (out->starts, end);
    }
}

static void
ensure_compiled (BsGuideModel *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->compiled)
    return;
  for (guint i = 0; i < self->questions->len; i++)
    {
      ModelQuestion *q = g_ptr_array_index (self->questions, i);

      compile (self, q->when, &q->compiled);
    }
  g_hash_table_iter_init (&iter, self->item_conditions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ModelItemCondition *c = value;

      compile (self, c->when, &c->compiled);
    }
  for (guint i = 0; i < self->materials->len; i++)
    {
      ModelMaterial *m = g_ptr_array_index (self->materials, i);

      compile (self, m->when, &m->compiled);
    }
  for (guint i = 0; i < self->notes->len; i++)
    {
      ModelNote *n = g_ptr_array_index (self->notes, i);

      compile (self, n->when, &n->compiled);
    }
  self->compiled = TRUE;
}

/* What is known of the answers: per asked question, whether it is shown,
 * answered, and which options were chosen. */
typedef struct
{
  guint n;
  BsTruth *shown;
  gboolean *answered;
  gboolean **chosen;
} State;

static State *
state_new (BsGuideModel *self)
{
  State *state = g_new0 (State, 1);

  state->n = self->questions->len;
  state->shown = g_new0 (BsTruth, state->n);
  state->answered = g_new0 (gboolean, state->n);
  state->chosen = g_new0 (gboolean *, state->n);
  for (guint i = 0; i < state->n; i++)
    state->chosen[i] = g_new0 (gboolean, MAX (bs_guide_model_get_question (self, i)->options->len, 1));
  return state;
}

static void
state_free (State *state)
{
  for (guint i = 0; i < state->n; i++)
    g_free (state->chosen[i]);
  g_free (state->chosen);
  g_free (state->answered);
  g_free (state->shown);
  g_free (state);
}

/* @limit: terms on questions at or after it are unknown (follow-ups see
 * only earlier questions); G_MAXINT for no limit. */
static BsTruth
evaluate (const Compiled *c,
          const State    *state,
          int             limit)
{
  guint n_groups;
  gboolean unknown = FALSE;

  if (c->terms == NULL || c->terms->len == 0)
    return BS_TRUTH_TRUE;
  n_groups = c->starts->len - 1;
  for (guint g = 0; g < n_groups; g++)
    {
      guint from = g_array_index (c->starts, guint, g);
      guint to = g_array_index (c->starts, guint, g + 1);
      BsTruth group = BS_TRUTH_TRUE;

      for (guint t = from; t < to && group != BS_TRUTH_FALSE; t++)
        {
          const Term *term = &g_array_index (c->terms, Term, t);
          BsTruth value;

          if (term->qi < 0 || term->qi >= limit)
            value = BS_TRUTH_UNKNOWN;
          else if (state->shown[term->qi] == BS_TRUTH_FALSE)
            value = BS_TRUTH_FALSE;
          else if (state->shown[term->qi] == BS_TRUTH_UNKNOWN || !state->answered[term->qi])
            value = BS_TRUTH_UNKNOWN;
          else
            value = state->chosen[term->qi][term->oi] ? BS_TRUTH_TRUE : BS_TRUTH_FALSE;
          if (value == BS_TRUTH_FALSE)
            group = BS_TRUTH_FALSE;
          else if (value == BS_TRUTH_UNKNOWN)
            group = BS_TRUTH_UNKNOWN;
        }
      if (group == BS_TRUTH_TRUE)
        return BS_TRUTH_TRUE;
      if (group == BS_TRUTH_UNKNOWN)
        unknown = TRUE;
    }
  return unknown ? BS_TRUTH_UNKNOWN : BS_TRUTH_FALSE;
}

/* Which questions are shown, in order. */
static void
update_shown (BsGuideModel *self,
              State        *state,
              guint         from)
{
  for (guint i = from; i < state->n; i++)
    {
      ModelQuestion *q = g_ptr_array_index (self->questions, i);

      state->shown[i] = evaluate (&q->compiled, state, (int) i);
    }
}

static void
state_load (BsGuideModel    *self,
            State           *state,
            const BsAnswers *answers)
{
  for (guint i = 0; i < state->n; i++)
    {
      const BsQuestion *question = bs_guide_model_get_question (self, i);
      const GArray *answer = answers != NULL ? bs_answers_get (answers, question->id) : NULL;

      memset (state->chosen[i], 0, sizeof (gboolean) * MAX (question->options->len, 1));
      state->answered[i] = answer != NULL;
      for (guint j = 0; answer != NULL && j < answer->len; j++)
        {
          gint64 option_id = g_array_index (answer, gint64, j);
          const OptionRef *ref = g_hash_table_lookup (self->options, &option_id);

          if (ref != NULL && ref->question->id == question->id)
            state->chosen[i][ref->oi] = TRUE;
        }
    }
  update_shown (self, state, 0);
}

static const Compiled *
item_compiled (BsGuideModel *self,
               gint64        item_id)
{
  ModelItemCondition *c = g_hash_table_lookup (self->item_conditions, &item_id);

  return c != NULL ? &c->compiled : NULL;
}

static BsTruth
evaluate_optional (const Compiled *c,
                   const State    *state)
{
  return c != NULL ? evaluate (c, state, G_MAXINT) : BS_TRUTH_TRUE;
}

BsTruth
bs_guide_model_evaluate (BsGuideModel      *self,
                         const BsAnswers   *answers,
                         const BsCondition *condition)
{
  Compiled c = { NULL, NULL };
  State *state;
  BsTruth truth;

  g_return_val_if_fail (self != NULL, BS_TRUTH_UNKNOWN);

  ensure_compiled (self);
  state = state_new (self);
  state_load (self, state, answers);
  compile (self, condition, &c);
  truth = evaluate (&c, state, G_MAXINT);
  compiled_clear (&c);
  state_free (state);
  return truth;
}

gboolean
bs_guide_model_parse_answer (BsGuideModel  *self,
                             BsAnswers     *answers,
                             const char    *text,
                             GError       **error)
{
  g_autofree char *question_code = NULL;
  const char *equals;
  const BsQuestion *question;
  const BsOption *option;
  const GArray *previous;
  g_autoptr(GArray) chosen = NULL;

  g_return_val_if_fail (self != NULL && answers != NULL && text != NULL, FALSE);

  equals = strchr (text, '=');
  if (equals == NULL)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("“%s” is not an answer: write QUESTION=OPTION with their codes"), text);
      return FALSE;
    }
  question_code = g_strndup (text, equals - text);
  question = bs_guide_model_find_question (self, question_code);
  if (question == NULL || asked_index (self, question->id) < 0)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                   _("The theme “%s” asks no question with the code “%s”"),
                   self->theme_name, question_code);
      return FALSE;
    }
  option = bs_question_find_option_code (question, equals + 1);
  if (option == NULL)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                   _("The question “%s” has no option with the code “%s”"), question->code, equals + 1);
      return FALSE;
    }
  chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  previous = bs_answers_get (answers, question->id);
  if (previous != NULL && question->kind == BS_QUESTION_KIND_MULTIPLE)
    g_array_append_vals (chosen, previous->data, previous->len);
  g_array_append_val (chosen, option->id);
  bs_answers_set (answers, question->id, (const gint64 *) (const void *) chosen->data, chosen->len);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Loading from the catalogue */

/* Adds the questions @when names that the model does not know yet. */
static gboolean
add_named_questions (BsGuideModel       *self,
                     BsCatalogue        *catalogue,
                     const BsCondition  *when,
                     GHashTable         *option_questions,
                     GError            **error)
{
  if (when == NULL)
    return TRUE;
  for (guint g = 0; g < when->groups->len; g++)
    {
      const GArray *group = g_ptr_array_index (when->groups, g);

      for (guint j = 0; j < group->len; j++)
        {
          gint64 option_id = g_array_index (group, gint64, j);
          gint64 *question_id;

          if (g_hash_table_contains (self->options, &option_id))
            continue;
          question_id = g_hash_table_lookup (option_questions, &option_id);
          if (question_id != NULL)
            {
              g_autoptr(BsQuestion) question = bs_catalogue_get_question (catalogue, *question_id, error);

              if (question == NULL)
                return FALSE;
              bs_guide_model_add_other_question (self, question);
            }
        }
    }
  return TRUE;
}

BsGuideModel *
bs_guide_model_new_from_catalogue (BsCatalogue  *catalogue,
                                   gint64        theme_id,
                                   GError      **error)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsThemeFlow) flow = NULL;
  g_autoptr(BsGuideModel) self = NULL;
  g_autoptr(GArray) question_ids = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GHashTable) option_questions = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  theme = bs_catalogue_get_theme (catalogue, theme_id, error);
  if (theme == NULL)
    return NULL;
  flow = bs_theme_flow_new_from_catalogue (catalogue, theme_id, error);
  if (flow == NULL)
    return NULL;
  self = bs_guide_model_new (theme->name, flow);

  /* The questions it asks, with their conditions. */
  question_ids = bs_catalogue_list_theme_questions (catalogue, theme_id, error);
  if (question_ids == NULL)
    return NULL;
  pending = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_condition_free);
  for (guint i = 0; i < question_ids->len; i++)
    {
      gint64 id = g_array_index (question_ids, gint64, i);
      g_autoptr(BsQuestion) question = bs_catalogue_get_question (catalogue, id, error);
      g_autoptr(BsCondition) when = NULL;

      if (question == NULL)
        return NULL;
      when = bs_catalogue_get_condition (catalogue, BS_CONDITION_THEME_QUESTION, theme_id, id, error);
      if (when == NULL)
        return NULL;
      bs_guide_model_add_question (self, question, when);
    }

  /* Items: their content, conditions and materials. */
  for (guint i = 0; i < bs_theme_flow_get_n_nodes (flow); i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (flow, i);
      g_autoptr(BsItem) item = bs_catalogue_get_item (catalogue, node->item_id, error);
      g_autoptr(GPtrArray) materials = NULL;
      BsCondition *when;

      if (item == NULL)
        return NULL;
      bs_guide_model_set_item (self, item);
      when = bs_catalogue_get_condition (catalogue, BS_CONDITION_THEME_ITEM, theme_id, node->item_id, error);
      if (when == NULL)
        return NULL;
      bs_guide_model_set_item_condition (self, node->item_id, when);
      g_ptr_array_add (pending, when);
      materials = bs_catalogue_list_materials (catalogue, node->item_id, error);
      if (materials == NULL)
        return NULL;
      for (guint j = 0; j < materials->len; j++)
        {
          const BsMaterial *material = g_ptr_array_index (materials, j);

          when = bs_catalogue_get_condition (catalogue, BS_CONDITION_MATERIAL, 0, material->id, error);
          if (when == NULL)
            return NULL;
          bs_guide_model_add_material (self, material, when);
          g_ptr_array_add (pending, when);
        }
    }

  notes = bs_catalogue_list_theme_notes (catalogue, theme_id, error);
  if (notes == NULL)
    return NULL;
  for (guint i = 0; i < notes->len; i++)
    {
      const BsThemeNote *note = g_ptr_array_index (notes, i);
      BsCondition *when = bs_catalogue_get_condition (catalogue, BS_CONDITION_NOTE, 0, note->id, error);

      if (when == NULL)
        return NULL;
      bs_guide_model_add_note (self, note, when);
      g_ptr_array_add (pending, when);
    }

  /* The questions conditions name without the theme asking them. */
  option_questions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stmt = bs_catalogue_prepare (catalogue, "SELECT id, question_id FROM question_option", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 option_id = sqlite3_column_int64 (stmt, 0);
      gint64 question_id = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (option_questions, g_memdup2 (&option_id, sizeof option_id),
                           g_memdup2 (&question_id, sizeof question_id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return NULL;
    }
  for (guint i = 0; i < self->questions->len; i++)
    if (!add_named_questions (self, catalogue, ((ModelQuestion *) g_ptr_array_index (self->questions, i))->when,
                              option_questions, error))
      return NULL;
  for (guint i = 0; i < pending->len; i++)
    if (!add_named_questions (self, catalogue, g_ptr_array_index (pending, i), option_questions, error))
      return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Guides */

static void
guide_step_clear (gpointer data)
{
  BsGuideStep *step = data;

  g_array_unref (step->materials);
  g_ptr_array_unref (step->notes);
  g_array_unref (step->prerequisites);
}

void
bs_guide_free (BsGuide *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->questions);
  g_array_unref (self->steps);
  g_ptr_array_unref (self->notes);
  g_clear_pointer (&self->analysis, bs_flow_analysis_unref);
  bs_guide_model_unref (self->model);
  g_free (self);
}

const BsGuideStep *
bs_guide_find_step (const BsGuide *self,
                    gint64         item_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (self->steps, BsGuideStep, i);

      if (step->node->item_id == item_id)
        return step;
    }
  return NULL;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

typedef struct
{
  guint stage;
  guint order;   /* the theme's order */
  gint64 item_id;
  gboolean pending;
} Applicable;

static int
compare_applicable (gconstpointer a,
                    gconstpointer b)
{
  const Applicable *x = a, *y = b;

  if (x->stage != y->stage)
    return x->stage < y->stage ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The step that produces what @material names: an earlier step (one
 * @step depends on, directly or not) whose result's name the material's
 * name contains, e.g. 营业执照 in 营业执照复印件. 0 when none. */
static int
producing_step (BsGuideModel     *self,
                BsGuide          *guide,
                const BsGuideStep *step,
                const BsMaterial *material,
                GHashTable       *step_numbers)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *seen = g_new0 (gboolean, guide->steps->len + 1);
  int best = 0;

  g_array_append_vals (queue, step->prerequisites->data, step->prerequisites->len);
  for (guint q = 0; q < queue->len; q++)
    {
      int number = g_array_index (queue, int, q);
      const BsGuideStep *before = &g_array_index (guide->steps, BsGuideStep, number - 1);

      if (seen[number])
        continue;
      seen[number] = TRUE;
      if (before->item != NULL && before->item->result_name[0] != '\0' &&
          g_utf8_strlen (before->item->result_name, -1) >= 2 &&
          strstr (material->name, before->item->result_name) != NULL &&
          (best == 0 || number < best))
        best = number;
      g_array_append_vals (queue, before->prerequisites->data, before->prerequisites->len);
    }
  return best;
}

BsGuide *
bs_guide_model_compute (BsGuideModel    *self,
                        const BsAnswers *answers)
{
  BsGuide *guide;
  State *state;
  g_autoptr(GArray) applicable = NULL;
  g_autoptr(BsThemeFlow) sub = NULL;
  g_autoptr(GHashTable) step_numbers = NULL;
  const BsFlowSummary *summary;
  guint n_nodes;

  g_return_val_if_fail (self != NULL, NULL);

  ensure_compiled (self);
  state = state_new (self);
  state_load (self, state, answers);

  guide = g_new0 (BsGuide, 1);
  guide->model = bs_guide_model_ref (self);
  guide->questions = g_array_new (FALSE, FALSE, sizeof (BsGuideQuestion));
  for (guint i = 0; i < state->n; i++)
    if (state->shown[i] == BS_TRUTH_TRUE)
      {
        const BsQuestion *question = bs_guide_model_get_question (self, i);
        BsGuideQuestion shown = { question, answers != NULL ? bs_answers_get (answers, question->id) : NULL };

        g_array_append_val (guide->questions, shown);
        if (shown.answer == NULL)
          guide->n_unanswered++;
      }

  /* The items that apply (or may, pending an answer) and their flow. */
  n_nodes = bs_theme_flow_get_n_nodes (self->flow);
  applicable = g_array_new (FALSE, FALSE, sizeof (Applicable));
  sub = bs_theme_flow_new ();
  for (guint i = 0; i < n_nodes; i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (self->flow, i);
      BsTruth truth = evaluate_optional (item_compiled (self, node->item_id), state);
      Applicable a = { 0, i, node->item_id, truth == BS_TRUTH_UNKNOWN };

      if (truth == BS_TRUTH_FALSE)
        continue;
      g_array_append_val (applicable, a);
      bs_theme_flow_add_node (sub, node);
    }
  for (guint i = 0; i < bs_theme_flow_get_n_edges (self->flow); i++)
    {
      const BsEdge *edge = bs_theme_flow_get_edge (self->flow, i);

      if (bs_theme_flow_lookup_node (sub, edge->before_id) != NULL &&
          bs_theme_flow_lookup_node (sub, edge->after_id) != NULL)
        bs_theme_flow_add_edge (sub, edge->before_id, edge->after_id);
    }
  guide->analysis = bs_theme_flow_analyse (sub);
  for (guint i = 0; i < applicable->len; i++)
    {
      Applicable *a = &g_array_index (applicable, Applicable, i);

      a->stage = (guint) MAX (bs_flow_analysis_get_item_stage (guide->analysis, a->item_id), 0);
    }
  g_array_sort (applicable, compare_applicable);

  /* Steps, numbered in stage order. */
  guide->steps = g_array_sized_new (FALSE, TRUE, sizeof (BsGuideStep), applicable->len);
  g_array_set_clear_func (guide->steps, guide_step_clear);
  step_numbers = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < applicable->len; i++)
    {
      const Applicable *a = &g_array_index (applicable, Applicable, i);
      BsGuideStep step = { 0 };

      step.number = (int) i + 1;
      step.stage = a->stage;
      step.node = bs_theme_flow_lookup_node (self->flow, a->item_id);
      step.item = g_hash_table_lookup (self->items, &a->item_id);
      step.pending = a->pending;
      step.materials = g_array_new (FALSE, FALSE, sizeof (BsGuideMaterial));
      step.notes = g_ptr_array_new ();
      step.prerequisites = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (guide->steps, step);
      g_hash_table_insert (step_numbers, (gpointer) &step.node->item_id, GINT_TO_POINTER (step.number));
    }
  for (guint i = 0; i < bs_theme_flow_get_n_edges (sub); i++)
    {
      const BsEdge *edge = bs_theme_flow_get_edge (sub, i);
      int before = GPOINTER_TO_INT (g_hash_table_lookup (step_numbers, &edge->before_id));
      int after = GPOINTER_TO_INT (g_hash_table_lookup (step_numbers, &edge->after_id));
      BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, after - 1);

      g_array_append_val (step->prerequisites, before);
    }
  for (guint i = 0; i < guide->steps->len; i++)
    {
      BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);
      GPtrArray *materials = g_hash_table_lookup (self->item_materials, &step->node->item_id);

      g_array_sort (step->prerequisites, compare_ints);
      for (guint j = 0; materials != NULL && j < materials->len; j++)
        {
          ModelMaterial *m = g_ptr_array_index (materials, j);
          BsTruth truth = evaluate (&m->compiled, state, G_MAXINT);
          BsGuideMaterial shown = { m->material, truth == BS_TRUTH_UNKNOWN, 0 };

          if (truth == BS_TRUTH_FALSE)
            continue;
          shown.from_step = producing_step (self, guide, step, m->material, step_numbers);
          g_array_append_val (step->materials, shown);
        }
    }

  /* Notes that apply. */
  guide->notes = g_ptr_array_new ();
  for (guint i = 0; i < self->notes->len; i++)
    {
      ModelNote *n = g_ptr_array_index (self->notes, i);

      if (evaluate (&n->compiled, state, G_MAXINT) != BS_TRUTH_TRUE)
        continue;
      if (n->note->item_id == 0)
        g_ptr_array_add (guide->notes, n->note->text);
      else
        {
          int number = GPOINTER_TO_INT (g_hash_table_lookup (step_numbers, &n->note->item_id));

          if (number > 0)
            g_ptr_array_add (g_array_index (guide->steps, BsGuideStep, number - 1).notes, n->note->text);
        }
    }

  summary = bs_flow_analysis_get_summary (guide->analysis);
  guide->n_stages = summary->n_stages;
  guide->n_departments = summary->n_departments;
  guide->visits = summary->visits;
  guide->n_unknown_visits = summary->n_unknown_visits;
  guide->statutory_days = summary->statutory_days;
  guide->committed_days = summary->committed_days;

  state_free (state);
  return guide;
}

/* ------------------------------------------------------------------ */
/* Static checks */

typedef struct
{
  BsGuideModel *model;
  State *state;
  guint max;
  guint count;
  gboolean too_many;

  guint n_items;
  const Compiled **item_conditions;  /* NULL: always */
  guint n_materials;
  guint n_notes;
  guint n_questions;
  gboolean *item_ever;
  gboolean *material_ever;
  gboolean *note_ever;
  gboolean *question_ever;
  BsTruth *item_truth;

  guint n_edges;
  int *edge_ends;                    /* per edge: the node indexes of its ends, -1 outside */
  char **missing;                    /* per edge: the first answers without its prerequisite */

  GHashTable **keys;                 /* per question: other answers → signature */
  gboolean *live;
  GByteArray *truths;                /* this leaf's truths, for its signature */
  GPtrArray *segments;               /* per question: its answer as text */
} Checker;

static char *
describe_answers (Checker *c)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < c->state->n; i++)
    {
      const BsQuestion *question = bs_guide_model_get_question (c->model, i);
      g_autoptr(GString) labels = g_string_new (NULL);

      if (c->state->shown[i] != BS_TRUTH_TRUE || !c->state->answered[i])
        continue;
      for (guint k = 0; k < question->options->len; k++)
        if (c->state->chosen[i][k])
          {
            if (labels->len > 0)
              /* Translators: joins the options chosen for one question */
              g_string_append (labels, _(", "));
            g_string_append (labels, ((const BsOption *) g_ptr_array_index (question->options, k))->label);
          }
      if (labels->len == 0)
        /* Translators: a multiple-choice question answered with no option */
        g_string_append (labels, _("none"));
      if (text->len > 0)
        /* Translators: separates the answers in "为谁办理？ 本人; 经营者类型 公司" */
        g_string_append (text, _("; "));
      /* Translators: a question and its answer */
      g_string_append_printf (text, _("%s %s"), question->prompt, labels->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static guint64
hash_bytes (const guint8 *data,
            gsize         len)
{
  guint64 h = 1469598103934665603ULL; /* FNV-1a */

  for (gsize i = 0; i < len; i++)
    {
      h ^= data[i];
      h *= 1099511628211ULL;
    }
  return h;
}

static void
check_leaf (Checker *c)
{
  BsGuideModel *self = c->model;
  State *state = c->state;
  guint64 signature;

  if (++c->count > c->max)
    {
      c->too_many = TRUE;
      return;
    }
  g_byte_array_set_size (c->truths, 0);
  for (guint i = 0; i < c->n_items; i++)
    {
      BsTruth t = c->item_conditions[i] != NULL ? evaluate (c->item_conditions[i], state, G_MAXINT)
                                                : BS_TRUTH_TRUE;
      guint8 b = (guint8) t;

      c->item_truth[i] = t;
      c->item_ever[i] |= t == BS_TRUTH_TRUE;
      g_byte_array_append (c->truths, &b, 1);
    }
  for (guint i = 0; i < c->n_materials; i++)
    {
      ModelMaterial *m = g_ptr_array_index (self->materials, i);
      BsTruth t = evaluate (&m->compiled, state, G_MAXINT);
      guint8 b = (guint8) t;

      c->material_ever[i] |= t == BS_TRUTH_TRUE;
      g_byte_array_append (c->truths, &b, 1);
    }
  for (guint i = 0; i < c->n_notes; i++)
    {
      ModelNote *n = g_ptr_array_index (self->notes, i);
      BsTruth t = evaluate (&n->compiled, state, G_MAXINT);
      guint8 b = (guint8) t;

      c->note_ever[i] |= t == BS_TRUTH_TRUE;
      g_byte_array_append (c->truths, &b, 1);
    }
  for (guint i = 0; i < c->n_questions; i++)
    {
      guint8 b = (guint8) state->shown[i];

      c->question_ever[i] |= state->shown[i] == BS_TRUTH_TRUE;
      g_byte_array_append (c->truths, &b, 1);
    }

  /* A step without its prerequisite. */
  for (guint e = 0; e < c->n_edges; e++)
    {
      int bi = c->edge_ends[2 * e], ai = c->edge_ends[2 * e + 1];

      if (c->missing[e] == NULL && bi >= 0 && ai >= 0 &&
          c->item_truth[ai] == BS_TRUTH_TRUE && c->item_truth[bi] == BS_TRUTH_FALSE)
        c->missing[e] = describe_answers (c);
    }

  /* Whether one question's answer changes anything: leaves that differ
   * only in that answer must give the same guide. */
  signature = hash_bytes (c->truths->data, c->truths->len);
  for (guint i = 0; i < c->n_questions; i++)
    {
      const BsQuestion *question = bs_guide_model_get_question (self, i);
      GString *segment = g_ptr_array_index (c->segments, i);

      g_string_truncate (segment, 0);
      if (state->shown[i] != BS_TRUTH_TRUE || !state->answered[i])
        g_string_append_c (segment, '-');
      else
        for (guint k = 0; k < question->options->len; k++)
          g_string_append_c (segment, state->chosen[i][k] ? '1' : '0');
    }
  for (guint i = 0; i < c->n_questions; i++)
    {
      g_autoptr(GString) key = NULL;
      gpointer stored;

      if (c->live[i] || state->shown[i] != BS_TRUTH_TRUE)
        continue;
      key = g_string_new (NULL);
      for (guint j = 0; j < c->n_questions; j++)
        if (j != i)
          {
            g_string_append (key, ((GString *) g_ptr_array_index (c->segments, j))->str);
            g_string_append_c (key, '|');
          }
      stored = g_hash_table_lookup (c->keys[i], key->str);
      if (stored == NULL)
        g_hash_table_insert (c->keys[i], g_string_free (g_steal_pointer (&key), FALSE),
                             g_memdup2 (&signature, sizeof signature));
      else if (*(guint64 *) stored != signature)
        c->live[i] = TRUE;
    }
}

static void
enumerate (Checker *c,
           guint    i)
{
  State *state = c->state;
  const BsQuestion *question;
  ModelQuestion *q;

  if (c->too_many)
    return;
  if (i == state->n)
    {
      check_leaf (c);
      return;
    }
  q = g_ptr_array_index (c->model->questions, i);
  question = q->question;
  state->shown[i] = evaluate (&q->compiled, state, (int) i);
  state->answered[i] = FALSE;
  memset (state->chosen[i], 0, sizeof (gboolean) * MAX (question->options->len, 1));
  if (state->shown[i] != BS_TRUTH_TRUE || question->options->len == 0)
    {
      state->answered[i] = state->shown[i] == BS_TRUTH_TRUE;
      enumerate (c, i + 1);
      return;
    }
  state->answered[i] = TRUE;
  if (question->kind == BS_QUESTION_KIND_SINGLE)
    for (guint k = 0; k < question->options->len && !c->too_many; k++)
      {
        memset (state->chosen[i], 0, sizeof (gboolean) * question->options->len);
        state->chosen[i][k] = TRUE;
        enumerate (c, i + 1);
      }
  else if (question->options->len > 20)
    c->too_many = TRUE;
  else
    for (guint32 mask = 0; mask < (1u << question->options->len) && !c->too_many; mask++)
      {
        for (guint k = 0; k < question->options->len; k++)
          state->chosen[i][k] = (mask >> k) & 1;
        enumerate (c, i + 1);
      }
  memset (state->chosen[i], 0, sizeof (gboolean) * MAX (question->options->len, 1));
  state->answered[i] = FALSE;
}

/* Whether a compiled condition names a question the theme does not ask;
 * the first such question's option id goes to @out_option. */
static gboolean
names_unasked (const BsCondition *when,
               const Compiled    *c,
               gint64            *out_option)
{
  guint t = 0;

  if (when == NULL || c->terms == NULL)
    return FALSE;
  for (guint g = 0; g < when->groups->len; g++)
    {
      const GArray *group = g_ptr_array_index (when->groups, g);

      for (guint j = 0; j < group->len; j++, t++)
        if (g_array_index (c->terms, Term, t).qi < 0)
          {
            *out_option = g_array_index (group, gint64, j);
            return TRUE;
          }
    }
  return FALSE;
}

/* Without enumerating: whether every group asks for two options of one
 * single-choice question. */
static gboolean
contradictory (BsGuideModel   *self,
               const Compiled *c)
{
  guint n_groups;

  if (c->terms == NULL || c->terms->len == 0)
    return FALSE;
  n_groups = c->starts->len - 1;
  for (guint g = 0; g < n_groups; g++)
    {
      guint from = g_array_index (c->starts, guint, g);
      guint to = g_array_index (c->starts, guint, g + 1);
      gboolean impossible = FALSE;

      for (guint a = from; a < to && !impossible; a++)
        for (guint b = a + 1; b < to && !impossible; b++)
          {
            const Term *x = &g_array_index (c->terms, Term, a);
            const Term *y = &g_array_index (c->terms, Term, b);

            impossible = x->qi >= 0 && x->qi == y->qi && x->oi != y->oi &&
                         bs_guide_model_get_question (self, (guint) x->qi)->kind == BS_QUESTION_KIND_SINGLE;
          }
      if (!impossible)
        return FALSE;
    }
  return TRUE;
}

static gboolean
compiled_uses_question (const Compiled *c,
                        int             qi)
{
  for (guint t = 0; c->terms != NULL && t < c->terms->len; t++)
    if (g_array_index (c->terms, Term, t).qi == qi)
      return TRUE;
  return FALSE;
}

static BsFlowProblem *
new_problem (GPtrArray         *problems,
             BsFlowProblemKind  kind,
             char              *message,
             gint64             item_id)
{
  BsFlowProblem *problem = bs_flow_problem_new (kind, message);

  if (item_id != 0)
    g_array_append_val (problem->item_ids, item_id);
  g_ptr_array_add (problems, problem);
  return problem;
}

static const char *
unasked_prompt (BsGuideModel *self,
                gint64        option_id)
{
  const OptionRef *ref = g_hash_table_lookup (self->options, &option_id);

  return ref != NULL ? ref->question->prompt : _("an unknown question");
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const BsFlowProblem *x = *(BsFlowProblem * const *) a;
  const BsFlowProblem *y = *(BsFlowProblem * const *) b;

  if (x->severity != y->severity)
    return x->severity == BS_FLOW_SEVERITY_ERROR ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

GPtrArray *
bs_guide_model_check (BsGuideModel *self,
                      guint         max_combinations,
                      guint        *out_combinations)
{
  g_autoptr(GPtrArray) problems = NULL;
  Checker c = { 0 };
  gboolean exhaustive;

  g_return_val_if_fail (self != NULL, NULL);

  ensure_compiled (self);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_flow_problem_free);

  c.model = self;
  c.state = state_new (self);
  c.max = max_combinations > 0 ? max_combinations : BS_GUIDE_MAX_COMBINATIONS;
  c.n_items = bs_theme_flow_get_n_nodes (self->flow);
  c.item_conditions = g_new0 (const Compiled *, MAX (c.n_items, 1));
  for (guint i = 0; i < c.n_items; i++)
    c.item_conditions[i] = item_compiled (self, bs_theme_flow_get_node (self->flow, i)->item_id);
  c.n_materials = self->materials->len;
  c.n_notes = self->notes->len;
  c.n_questions = self->questions->len;
  c.item_ever = g_new0 (gboolean, MAX (c.n_items, 1));
  c.item_truth = g_new0 (BsTruth, MAX (c.n_items, 1));
  c.material_ever = g_new0 (gboolean, MAX (c.n_materials, 1));
  c.note_ever = g_new0 (gboolean, MAX (c.n_notes, 1));
  c.question_ever = g_new0 (gboolean, MAX (c.n_questions, 1));
  c.n_edges = bs_theme_flow_get_n_edges (self->flow);
  c.missing = g_new0 (char *, MAX (c.n_edges, 1));
  c.edge_ends = g_new (int, 2 * MAX (c.n_edges, 1));
  {
    g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < c.n_items; i++)
      g_hash_table_insert (index, (gpointer) &bs_theme_flow_get_node (self->flow, i)->item_id,
                           GUINT_TO_POINTER (i + 1));
    for (guint e = 0; e < c.n_edges; e++)
      {
        const BsEdge *edge = bs_theme_flow_get_edge (self->flow, e);

        c.edge_ends[2 * e] = (int) GPOINTER_TO_UINT (g_hash_table_lookup (index, &edge->before_id)) - 1;
        c.edge_ends[2 * e + 1] = (int) GPOINTER_TO_UINT (g_hash_table_lookup (index, &edge->after_id)) - 1;
      }
  }
  c.keys = g_new0 (GHashTable *, MAX (c.n_questions, 1));
  c.live = g_new0 (gboolean, MAX (c.n_questions, 1));
  for (guint i = 0; i < c.n_questions; i++)
    c.keys[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c.truths = g_byte_array_new ();
  c.segments = g_ptr_array_new_with_free_func (string_free);
  for (guint i = 0; i < c.n_questions; i++)
    g_ptr_array_add (c.segments, g_string_new (NULL));

  enumerate (&c, 0);
  exhaustive = !c.too_many;
  if (out_combinations != NULL)
    *out_combinations = exhaustive ? c.count : 0;

  /* Structural: follow-ups that depend on later questions; conditions on
   * questions the theme does not ask. */
  for (guint i = 0; i < c.n_questions; i++)
    {
      ModelQuestion *q = g_ptr_array_index (self->questions, i);
      gint64 option_id;

      for (guint t = 0; t < q->compiled.terms->len; t++)
        {
          const Term *term = &g_array_index (q->compiled.terms, Term, t);

          if (term->qi >= (int) i)
            {
              new_problem (problems, BS_FLOW_PROBLEM_FOLLOW_UP_ORDER,
                           g_strdup_printf (_("The question “%s” depends on “%s”, which is asked %s it; "
                                              "move it up or change the condition"),
                                            q->question->prompt,
                                            bs_guide_model_get_question (self, (guint) term->qi)->prompt,
                                            term->qi == (int) i ? _("with") : _("after")),
                           0);
              break;
            }
        }
      if (names_unasked (q->when, &q->compiled, &option_id))
        new_problem (problems, BS_FLOW_PROBLEM_QUESTION_NOT_ASKED,
                     g_strdup_printf (_("The question “%s” depends on “%s”, which this theme does not ask; "
                                        "add it to the theme’s questions"),
                                      q->question->prompt, unasked_prompt (self, option_id)),
                     0);
    }
  for (guint i = 0; i < c.n_items; i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (self->flow, i);
      ModelItemCondition *ic = g_hash_table_lookup (self->item_conditions, &node->item_id);
      gint64 option_id;

      if (ic != NULL && names_unasked (ic->when, &ic->compiled, &option_id))
        new_problem (problems, BS_FLOW_PROBLEM_QUESTION_NOT_ASKED,
                     g_strdup_printf (_("Whether “%s” applies depends on “%s”, which this theme does not ask; "
                                        "add it to the theme’s questions"),
                                      node->name, unasked_prompt (self, option_id)),
                     node->item_id);
    }
  for (guint i = 0; i < c.n_materials; i++)
    {
      ModelMaterial *m = g_ptr_array_index (self->materials, i);
      const BsFlowNode *node = bs_theme_flow_lookup_node (self->flow, m->material->item_id);
      gint64 option_id;

      if (node != NULL && names_unasked (m->when, &m->compiled, &option_id))
        new_problem (problems, BS_FLOW_PROBLEM_QUESTION_NOT_ASKED,
                     g_strdup_printf (_("Whether “%s” needs the material “%s” depends on “%s”, which this "
                                        "theme does not ask; add it to the theme’s questions"),
                                      node->name, m->material->name, unasked_prompt (self, option_id)),
                     node->item_id);
    }
  for (guint i = 0; i < c.n_notes; i++)
    {
      ModelNote *n = g_ptr_array_index (self->notes, i);
      gint64 option_id;

      if (names_unasked (n->when, &n->compiled, &option_id))
        new_problem (problems, BS_FLOW_PROBLEM_QUESTION_NOT_ASKED,
                     g_strdup_printf (_("The note “%s” depends on “%s”, which this theme does not ask; "
                                        "add it to the theme’s questions"),
                                      n->note->text, unasked_prompt (self, option_id)),
                     n->note->item_id);
    }

  if (!exhaustive)
    new_problem (problems, BS_FLOW_PROBLEM_TOO_MANY_ANSWERS,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The questions allow more than %u combination of answers, "
                                               "too many to try each: prerequisites were not checked under "
                                               "every answer",
                                               "The questions allow more than %u combinations of answers, "
                                               "too many to try each: prerequisites were not checked under "
                                               "every answer",
                                               c.max),
                                  c.max),
                 0);

  /* Conditions that never hold: tried under every answer, or else read
   * for contradictions. */
  for (guint i = 0; i < c.n_questions; i++)
    {
      ModelQuestion *q = g_ptr_array_index (self->questions, i);
      gint64 option_id;
      g_autofree char *sentence = NULL;

      if (q->when == NULL || names_unasked (q->when, &q->compiled, &option_id) ||
          (exhaustive ? c.question_ever[i] : !contradictory (self, &q->compiled)))
        continue;
      sentence = bs_guide_model_dup_sentence (self, q->when);
      new_problem (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS,
                   g_strdup_printf (_("The question “%s” is never asked: no answers meet its condition "
                                      "(%s); change the condition"),
                                    q->question->prompt, sentence),
                   0);
    }
  for (guint i = 0; i < c.n_items; i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (self->flow, i);
      ModelItemCondition *ic = g_hash_table_lookup (self->item_conditions, &node->item_id);
      gint64 option_id;
      g_autofree char *sentence = NULL;

      if (ic == NULL || names_unasked (ic->when, &ic->compiled, &option_id) ||
          (exhaustive ? c.item_ever[i] : !contradictory (self, &ic->compiled)))
        continue;
      sentence = bs_guide_model_dup_sentence (self, ic->when);
      new_problem (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS,
                   g_strdup_printf (_("“%s” never applies: no answers meet its condition (%s); "
                                      "change the condition or remove the item from the theme"),
                                    node->name, sentence),
                   node->item_id);
    }
  for (guint i = 0; i < c.n_materials; i++)
    {
      ModelMaterial *m = g_ptr_array_index (self->materials, i);
      const BsFlowNode *node = bs_theme_flow_lookup_node (self->flow, m->material->item_id);
      gint64 option_id;
      g_autofree char *sentence = NULL;

      if (node == NULL || m->when == NULL || names_unasked (m->when, &m->compiled, &option_id) ||
          (exhaustive ? c.material_ever[i] : !contradictory (self, &m->compiled)))
        continue;
      sentence = bs_guide_model_dup_sentence (self, m->when);
      new_problem (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS,
                   g_strdup_printf (_("The material “%s” of “%s” is never asked for: no answers meet its "
                                      "condition (%s); change the condition"),
                                    m->material->name, node->name, sentence),
                   node->item_id);
    }
  for (guint i = 0; i < c.n_notes; i++)
    {
      ModelNote *n = g_ptr_array_index (self->notes, i);
      gint64 option_id;
      g_autofree char *sentence = NULL;

      if (n->when == NULL || names_unasked (n->when, &n->compiled, &option_id) ||
          (exhaustive ? c.note_ever[i] : !contradictory (self, &n->compiled)))
        continue;
      sentence = bs_guide_model_dup_sentence (self, n->when);
      new_problem (problems, BS_FLOW_PROBLEM_CONDITION_NEVER_HOLDS,
                   g_strdup_printf (_("The note “%s” is never shown: no answers meet its condition (%s); "
                                      "change the condition"),
                                    n->note->text, sentence),
                   n->note->item_id);
    }

  /* Steps without their prerequisite under some answers. */
  for (guint e = 0; exhaustive && e < c.n_edges; e++)
    {
      const BsEdge *edge = bs_theme_flow_get_edge (self->flow, e);
      const BsFlowNode *before = bs_theme_flow_lookup_node (self->flow, edge->before_id);
      const BsFlowNode *after = bs_theme_flow_lookup_node (self->flow, edge->after_id);
      BsFlowProblem *problem;

      if (c.missing[e] == NULL)
        continue;
      problem = new_problem (problems, BS_FLOW_PROBLEM_PREREQUISITE_MISSING,
                             g_strdup_printf (_("“%s” applies without its prerequisite “%s” when the answers "
                                                "are: %s; give both the same condition or change the "
                                                "prerequisite"),
                                              after->name, before->name,
                                              c.missing[e][0] != '\0' ? c.missing[e] : _("none")),
                             edge->before_id);
      g_array_append_val (problem->item_ids, edge->after_id);
      g_array_append_val (problem->edges, *edge);
    }

  /* Questions whose answer changes nothing. */
  for (guint i = 0; i < c.n_questions; i++)
    {
      const BsQuestion *question = bs_guide_model_get_question (self, i);
      gboolean used = FALSE, controls = FALSE;

      /* Does a condition use it at all? Does it decide whether another
       * question is asked? */
      for (guint j = 0; j < c.n_questions && !controls; j++)
        if (j != i && compiled_uses_question (&((ModelQuestion *) g_ptr_array_index (self->questions, j))->compiled,
                                              (int) i))
          controls = !exhaustive || c.question_ever[j];
      used = controls;
      for (guint k = 0; k < c.n_items && !used; k++)
        used = c.item_conditions[k] != NULL && compiled_uses_question (c.item_conditions[k], (int) i);
      for (guint k = 0; k < c.n_materials && !used; k++)
        used = compiled_uses_question (&((ModelMaterial *) g_ptr_array_index (self->materials, k))->compiled,
                                       (int) i);
      for (guint k = 0; k < c.n_notes && !used; k++)
        used = compiled_uses_question (&((ModelNote *) g_ptr_array_index (self->notes, k))->compiled, (int) i);

      if (controls)
        continue;
      if (used && (!exhaustive || c.live[i] || !c.question_ever[i]))
        continue;
      new_problem (problems, BS_FLOW_PROBLEM_DEAD_QUESTION,
                   g_strdup_printf (_("The answer to “%s” changes nothing in this theme; make items, "
                                      "materials or notes depend on it, or stop asking it"),
                                    question->prompt),
                   0);
    }

  g_ptr_array_sort (problems, compare_problems);

  for (guint e = 0; e < c.n_edges; e++)
    g_free (c.missing[e]);
  g_free (c.missing);
  g_free (c.edge_ends);
  for (guint i = 0; i < c.n_questions; i++)
    g_hash_table_unref (c.keys[i]);
  g_free (c.keys);
  g_free (c.live);
  g_byte_array_unref (c.truths);
  g_ptr_array_unref (c.segments);
  g_free (c.item_conditions);
  g_free (c.item_ever);
  g_free (c.item_truth);
  g_free (c.material_ever);
  g_free (c.note_ever);
  g_free (c.question_ever);
  state_free (c.state);
  return g_steal_pointer (&problems);
}
