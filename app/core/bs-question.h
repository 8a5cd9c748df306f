/* bs-question.h: situation questions (情形) with their options, reusable
 * across themes, and the questions each theme asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-enums.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;            /* 0 until stored */
  gint64 question_id;
  int position;         /* order within the question, from 0 */
  char *code;           /* unique within the question; no "=" */
  char *label;
} BsOption;

typedef struct
{
  gint64 id;            /* 0 until stored */
  char *code;           /* unique; no "=" */
  char *prompt;         /* "为谁办理？" */
  char *help;           /* may be "" */
  BsQuestionKind kind;
  GPtrArray *options;   /* BsOption, in order */
} BsQuestion;

BsQuestion *bs_question_new          (const char       *code,
                                      const char       *prompt);
/* Appends an option to a question not yet stored (for
 * bs_catalogue_add_question()). */
void        bs_question_append_option (BsQuestion      *self,
                                      const char       *code,
                                      const char       *label);
BsQuestion *bs_question_copy         (const BsQuestion *self);
void        bs_question_free         (BsQuestion       *self);
/* The option with @id or @code, or NULL. */
const BsOption *bs_question_find_option      (const BsQuestion *self,
                                              gint64            id);
const BsOption *bs_question_find_option_code (const BsQuestion *self,
                                              const char       *code);

BsOption   *bs_option_copy           (const BsOption   *self);
void        bs_option_free           (BsOption         *self);

/* Every question with its options, by code. Element type BsQuestion. */
GPtrArray  *bs_catalogue_list_questions  (BsCatalogue      *self,
                                          GError          **error);
BsQuestion *bs_catalogue_get_question    (BsCatalogue      *self,
                                          gint64            id,
                                          GError          **error);
/* NULL, without an error, when no question has @code. */
BsQuestion *bs_catalogue_find_question   (BsCatalogue      *self,
                                          const char       *code,
                                          GError          **error);
/* Stores @question with its options (ids and positions are ignored). */
gint64      bs_catalogue_add_question    (BsCatalogue      *self,
                                          const BsQuestion *question,
                                          GError          **error);
/* Code, prompt, help and kind; the options change through the calls below. */
gboolean    bs_catalogue_update_question (BsCatalogue      *self,
                                          const BsQuestion *question,
                                          GError          **error);
/* Refused while a theme asks it or a condition uses one of its options. */
gboolean    bs_catalogue_remove_question (BsCatalogue      *self,
                                          gint64            id,
                                          GError          **error);

/* Appends an option; returns its id. */
gint64      bs_catalogue_add_option      (BsCatalogue      *self,
                                          gint64            question_id,
                                          const char       *code,
                                          const char       *label,
                                          GError          **error);
/* Code and label. */
gboolean    bs_catalogue_update_option   (BsCatalogue      *self,
                                          const BsOption   *option,
                                          GError          **error);
/* Refused while a condition uses it (the message says where). */
gboolean    bs_catalogue_remove_option   (BsCatalogue      *self,
                                          gint64            id,
                                          GError          **error);
gboolean    bs_catalogue_move_option     (BsCatalogue      *self,
                                          gint64            id,
                                          int               position,
                                          GError          **error);

/* The questions a theme asks, in order: gint64 question ids. */
GArray     *bs_catalogue_list_theme_questions  (BsCatalogue  *self,
                                                gint64        theme_id,
                                                GError      **error);
/* Appends @question_id to the theme's questions. */
gboolean    bs_catalogue_add_theme_question    (BsCatalogue  *self,
                                                gint64        theme_id,
                                                gint64        question_id,
                                                GError      **error);
/* Also drops the question's condition in that theme. */
gboolean    bs_catalogue_remove_theme_question (BsCatalogue  *self,
                                                gint64        theme_id,
                                                gint64        question_id,
                                                GError      **error);
gboolean    bs_catalogue_move_theme_question   (BsCatalogue  *self,
                                                gint64        theme_id,
                                                gint64        question_id,
                                                int           position,
                                                GError      **error);
/* The themes (gint64 ids) that ask @question_id. */
GArray     *bs_catalogue_list_question_themes  (BsCatalogue  *self,
                                                gint64        question_id,
                                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsQuestion, bs_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsOption, bs_option_free)

G_END_DECLS
