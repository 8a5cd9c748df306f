/* bs-phases-dialog.h: the phases of the rollout, edited in place, and a
 * proposal of new ones (先易后难)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_PHASES_DIALOG (bs_phases_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsPhasesDialog, bs_phases_dialog, BS, PHASES_DIALOG, AdwWindow)

/* Shows the phases of @catalogue; modal, transient for @parent. Every
 * change is one edit of the catalogue, and the dialog follows undo and
 * redo while it is open. */
void bs_phases_dialog_present (GtkWindow   *parent,
                               BsCatalogue *catalogue);

G_END_DECLS
