/* bs-presentation-window.h: the citizen preview large, full screen, for
 * trainers: the same guide and answers as the preview it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-guide.h"
#include "bs-guide-view.h"

G_BEGIN_DECLS

#define BS_TYPE_PRESENTATION_WINDOW (bs_presentation_window_get_type ())
G_DECLARE_FINAL_TYPE (BsPresentationWindow, bs_presentation_window, BS, PRESENTATION_WINDOW, AdwWindow)

/* A window over @parent (may be NULL), full screen, showing @model for a
 * copy of @answers (NULL: none) at question @question_id (0: the result).
 * F11 toggles full screen, Escape closes it. */
BsPresentationWindow *bs_presentation_window_new      (GtkWindow            *parent,
                                                       BsGuideModel         *model,
                                                       const BsAnswers      *answers,
                                                       gint64                question_id);
/* The guide shown: answers given here are in it ("answers-changed"). */
BsGuideView          *bs_presentation_window_get_view (BsPresentationWindow *self);
/* The theme changed: shows @model, keeping the answers. */
void                  bs_presentation_window_set_model (BsPresentationWindow *self,
                                                        BsGuideModel         *model);

G_END_DECLS
