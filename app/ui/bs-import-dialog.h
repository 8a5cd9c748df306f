/* bs-import-dialog.h: importing a department's item catalogue (CSV, JSON
 * Lines) or the service centre's handling records (CSV) into the
 * catalogue of a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_TYPE_IMPORT_DIALOG (bs_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsImportDialog, bs_import_dialog, BS, IMPORT_DIALOG, AdwWindow)

/* Shows the items of the file at @path, the first rows under each column
 * and what each column is taken for, which the analyst may change; Import
 * runs in a thread of its own on a second connection to @catalogue's file
 * and becomes one undoable edit of @catalogue. Modal, transient for
 * @parent. */
void bs_import_dialog_present_items   (GtkWindow   *parent,
                                       BsCatalogue *catalogue,
                                       const char  *path);

/* The same for a CSV file of handling records (bs-records.h): outside the
 * undo history, @catalogue is told of them when they are in. */
void bs_import_dialog_present_records (GtkWindow   *parent,
                                       BsCatalogue *catalogue,
                                       const char  *path);

G_END_DECLS
