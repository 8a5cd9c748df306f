/* bs-spreadsheet.h: what the reports and the coverage export share when
 * they write for spreadsheets: CSV fields Excel reads safely, workbooks
 * that libxlsxwriter writes by file name, and files replaced whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* UTF-8's byte order mark: Excel reads a CSV file as UTF-8 only with it. */
#define BS_CSV_BOM "\xEF\xBB\xBF"

/* Appends @text as one CSV field, quoted when it must be. With @guard
 * (text people typed), a field a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR first) gets a leading apostrophe, OWASP's advice. */
void     bs_csv_append_field            (GString     *out,
                                         const char  *text,
                                         gboolean     guard);

/* Writes a workbook (or any file) by its file name. */
typedef gboolean (*BsSpreadsheetWriteFunc) (gconstpointer   data,
                                            const char     *path,
                                            GError        **error);

/* The bytes of the file @write writes, through a temporary file. Errors
 * in @domain with @code. */
GBytes  *bs_spreadsheet_to_bytes        (BsSpreadsheetWriteFunc  write,
                                         gconstpointer           data,
                                         GQuark                  domain,
                                         int                     code,
                                         GError                **error);

/* Replaces @path whole, or leaves it as it was: writes @bytes (when not
 * NULL; synced) or lets @write write, into a new file beside it, then
 * renames that over @path. Errors in @domain with @code, naming @path. */
gboolean bs_spreadsheet_replace_file    (const char             *path,
                                         GBytes                 *bytes,
                                         BsSpreadsheetWriteFunc  write,
                                         gconstpointer           data,
                                         GQuark                  domain,
                                         int                     code,
                                         GError                **error);

G_END_DECLS
