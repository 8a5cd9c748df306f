/* bs-code-name-dialog.h: asks for the code and the name of a new (or
 * renamed) department, item, category or theme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BS_TYPE_CODE_NAME_DIALOG (bs_code_name_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsCodeNameDialog, bs_code_name_dialog, BS, CODE_NAME_DIALOG, AdwMessageDialog)

/* The dialog answers with the response "accept" (labelled @accept_label)
 * or "cancel". */
BsCodeNameDialog *bs_code_name_dialog_new      (GtkWindow        *parent,
                                                const char       *heading,
                                                const char       *accept_label,
                                                const char       *code,
                                                const char       *name);
const char       *bs_code_name_dialog_get_code (BsCodeNameDialog *self);
const char       *bs_code_name_dialog_get_name (BsCodeNameDialog *self);

G_END_DECLS
