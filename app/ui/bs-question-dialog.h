/* bs-question-dialog.h: a situation question (情形) and its options, new or
 * edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_QUESTION_DIALOG (bs_question_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsQuestionDialog, bs_question_dialog, BS, QUESTION_DIALOG, AdwWindow)

/* A new question: Add stores it, with its options, and appends it to
 * @theme_id's questions (none when 0), as one edit; then the dialog emits
 * "question-added" with its id and closes. Cancel and Escape discard. */
BsQuestionDialog *bs_question_dialog_new              (GtkWindow    *parent,
                                                       BsCatalogue  *catalogue,
                                                       gint64        theme_id);
/* Question @question_id: every change is saved at once, as its own edit.
 * NULL with @error when there is no such question. */
BsQuestionDialog *bs_question_dialog_new_for_question (GtkWindow    *parent,
                                                       BsCatalogue  *catalogue,
                                                       gint64        question_id,
                                                       GError      **error);

G_END_DECLS
