/* bs-task-dialog.h: asks for what a new rollout task is and adds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_TASK_DIALOG (bs_task_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsTaskDialog, bs_task_dialog, BS, TASK_DIALOG, AdwMessageDialog)

/* A dialog that adds a task to @catalogue when the user answers "add".
 * @phase_id and @department_id (0: the first) are chosen to begin with.
 * NULL, with @error set, when the catalogue cannot be read or has no phase
 * or no department yet (nothing to put a task in). */
BsTaskDialog *bs_task_dialog_new (GtkWindow    *parent,
                                  BsCatalogue  *catalogue,
                                  gint64        phase_id,
                                  gint64        department_id,
                                  GError      **error);

G_END_DECLS
