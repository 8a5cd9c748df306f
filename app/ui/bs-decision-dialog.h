/* bs-decision-dialog.h: records a reward or accountability decision about
 * a rollout task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"
#include "bs-rollout.h"

G_BEGIN_DECLS

#define BS_TYPE_DECISION_DIALOG (bs_decision_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsDecisionDialog, bs_decision_dialog, BS, DECISION_DIALOG, AdwMessageDialog)

/* A dialog that adds a decision about @task to @catalogue when the user
 * answers "add". It proposes a kind from how the task stands on
 * @timing: a reminder when due soon, a warning when overdue, a
 * commendation when done on time. */
BsDecisionDialog *bs_decision_dialog_new (GtkWindow    *parent,
                                          BsCatalogue  *catalogue,
                                          const BsTask *task,
                                          BsTaskTiming  timing);

G_END_DECLS
