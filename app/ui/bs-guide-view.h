/* bs-guide-view.h: a theme's personalised guide as the applicant sees it:
 * the situation questions one at a time, then the steps for the answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-guide.h"

G_BEGIN_DECLS

#define BS_TYPE_GUIDE_VIEW (bs_guide_view_get_type ())
G_DECLARE_FINAL_TYPE (BsGuideView, bs_guide_view, BS, GUIDE_VIEW, AdwBin)

/* Signals:
 *   "answers-changed": an answer was given, or all were cleared (Start
 *      Again); bs_guide_view_get_answers() has them. */
GtkWidget       *bs_guide_view_new             (void);
/* The theme to show (NULL: nothing). The answers are kept by question, and
 * the question shown stays while the theme still asks it; a view that
 * showed nothing starts at the first question still to answer. */
void             bs_guide_view_set_model       (BsGuideView     *self,
                                                BsGuideModel    *model);
BsGuideModel    *bs_guide_view_get_model       (BsGuideView     *self);
const BsAnswers *bs_guide_view_get_answers     (BsGuideView     *self);
/* Copies @answers (NULL: none); does not emit "answers-changed". */
void             bs_guide_view_set_answers     (BsGuideView     *self,
                                                const BsAnswers *answers);
/* The question shown, or 0 on the result. */
gint64           bs_guide_view_get_question_id (BsGuideView     *self);
/* Shows question @question_id, or the result for 0 (or a question not
 * shown for the answers given). */
void             bs_guide_view_show_question   (BsGuideView     *self,
                                                gint64           question_id);
/* Forgets the answers and shows the first question (or the result). */
void             bs_guide_view_restart         (BsGuideView     *self);
/* Gives the keyboard focus to the first control of what is shown. */
void             bs_guide_view_focus           (BsGuideView     *self);
/* Large text and a wide column, for presenting on a projector. */
void             bs_guide_view_set_presentation (BsGuideView    *self,
                                                 gboolean        presentation);
gboolean         bs_guide_view_get_presentation (BsGuideView    *self);

G_END_DECLS
