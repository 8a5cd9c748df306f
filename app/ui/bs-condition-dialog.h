/* bs-condition-dialog.h: edits when a theme's item, a follow-up question, a
 * material or a note applies: cases (OR) of checked answers (AND)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"
#include "bs-condition.h"

G_BEGIN_DECLS

#define BS_TYPE_CONDITION_DIALOG (bs_condition_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsConditionDialog, bs_condition_dialog, BS, CONDITION_DIALOG, AdwWindow)

/* The condition of @owner_id, as bs_catalogue_get_condition() names it.
 * The questions offered are those @theme_id asks (for a follow-up
 * question, those asked before it); for a note its own theme's; for a
 * material with @theme_id 0, every question of the catalogue. Save sets
 * the condition as one edit; Cancel and Escape discard. NULL with @error
 * when the owner does not exist. */
BsConditionDialog *bs_condition_dialog_new (GtkWindow         *parent,
                                            BsCatalogue       *catalogue,
                                            BsConditionOwner   owner,
                                            gint64             theme_id,
                                            gint64             owner_id,
                                            GError           **error);

/* "Only when 为谁办理？ is “委托代理人”", with the names of the catalogue's
 * questions; "Always" for a condition without cases. */
char              *bs_condition_dialog_dup_sentence (BsCatalogue       *catalogue,
                                                     const BsCondition *condition);

G_END_DECLS
