/* bs-item-import.h: importing department item catalogues (CSV, JSON Lines)
 *
 * Departments publish their items as spreadsheets (saved as CSV, often
 * GB18030 from Excel) or portal exports (JSON Lines). An import opens the
 * source, reads its header and first rows (the preview a mapping dialog
 * shows), recognises the columns by their usual Chinese and English
 * headers (事项名称, 实施编码, TASK_NAME, DEPT_NAME …), lets the caller fix
 * the mapping, and then runs: departments are created as needed by name,
 * items already in the catalogue (same code) are updated, others added;
 * rows that cannot become items are skipped, each with its line and the
 * reason. The whole import is one undoable edit ("Import 2,262 items"): a
 * failure or a cancel leaves the catalogue exactly as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-catalogue.h"
#include "bs-csv.h"
#include "bs-enums.h"

G_BEGIN_DECLS

#define BS_ITEM_IMPORT_ERROR (bs_item_import_error_quark ())

typedef enum
{
  BS_ITEM_IMPORT_ERROR_MAPPING,   /* a column the import needs is not mapped; a bad --map */
  BS_ITEM_IMPORT_ERROR_FORMAT,    /* a JSON Lines line that is not a JSON object */
  BS_ITEM_IMPORT_ERROR_NO_ROWS,   /* a header and nothing else */
  BS_ITEM_IMPORT_ERROR_USED,      /* the import has already run */
} BsItemImportError;

/* What a column holds. */
typedef enum
{
  BS_ITEM_FIELD_NONE,             /* ignored */
  BS_ITEM_FIELD_CODE,             /* 事项编码 / 实施编码 / 业务办理项编码 */
  BS_ITEM_FIELD_BASIC_CODE,       /* 基本编码: the code when there is no other */
  BS_ITEM_FIELD_NAME,
  BS_ITEM_FIELD_DEPARTMENT,       /* by name */
  BS_ITEM_FIELD_TYPE,
  BS_ITEM_FIELD_SERVICE_OBJECTS,
  BS_ITEM_FIELD_LEGAL_BASIS,
  BS_ITEM_FIELD_CONDITIONS,
  BS_ITEM_FIELD_LEGAL_LIMIT,
  BS_ITEM_FIELD_COMMITTED_LIMIT,
  BS_ITEM_FIELD_HANDLING,
  BS_ITEM_FIELD_VISITS,
  BS_ITEM_FIELD_FEES,
  BS_ITEM_FIELD_PLACE,
  BS_ITEM_FIELD_HOURS,
  BS_ITEM_FIELD_PHONE,
  BS_ITEM_FIELD_ONLINE_URL,
  BS_ITEM_FIELD_RESULT_NAME,
  BS_ITEM_FIELD_MATERIALS,        /* a list of material names */
  BS_N_ITEM_FIELDS
} BsItemField;

typedef enum
{
  BS_ITEM_IMPORT_FORMAT_AUTO,     /* JSON Lines when the text starts with "{", else CSV */
  BS_ITEM_IMPORT_FORMAT_CSV,
  BS_ITEM_IMPORT_FORMAT_JSON_LINES,
} BsItemImportFormat;

typedef enum
{
  BS_ITEM_IMPORT_DEFAULT = 0,
  BS_ITEM_IMPORT_DRY_RUN = 1 << 0, /* all the work, then rolled back; the report is kept */
} BsItemImportFlags;

/* "code", "name", "department", "legal-limit" … ("none" for NONE): the
 * names of --map COLUMN=FIELD. */
const char  *bs_item_field_to_string   (BsItemField   field);
/* A field's name, or any header bs_item_field_recognise() knows. */
gboolean     bs_item_field_from_string (const char   *text,
                                        BsItemField  *out_field);
const char  *bs_item_field_get_label   (BsItemField   field);
/* The field a column header stands for (case, spaces, "_", "*" and a
 * trailing "(…)" do not matter), or NONE. */
BsItemField  bs_item_field_recognise   (const char   *header);

/* Value parsers, public for the tests and the mapping dialog. Each returns
 * FALSE when @text is not understood. */
/* "30(工作日)", "30个工作日", "30" → 30 working days; "30天", "30(自然日)" →
 * calendar days; "3个月" → 90 calendar days; "即办" → 0 and *out_on_the_spot;
 * "无", "" → -1 (none). Values over 3650 days are refused. */
gboolean     bs_item_import_parse_limit  (const char   *text,
                                          int          *out_days,
                                          BsLimitUnit  *out_unit,
                                          gboolean     *out_on_the_spot);
/* "行政许可", "许可", "01", "licensing" … */
gboolean     bs_item_import_parse_type   (const char   *text,
                                          BsItemType   *out_type);
/* A list of 服务对象 names (or codes 1–7, 9) → BsServiceObject flags. */
gboolean     bs_item_import_parse_service_objects (const char *text,
                                                   guint      *out_flags);
/* "即办件", "承诺件", "1", "2" … */
gboolean     bs_item_import_parse_handling (const char  *text,
                                            BsHandling  *out_handling);
/* "0", "1次", "无" (-1) … (0–99) */
gboolean     bs_item_import_parse_visits (const char   *text,
                                          int          *out_visits);
/* A JSON array of strings, or names separated by "；", ";", "、" or line
 * breaks; numbering ("1.", "（2）") and "无" are dropped. A new array of
 * new strings. */
GPtrArray   *bs_item_import_parse_list   (const char   *text);

typedef struct
{
  guint64 line;    /* where the row starts in the file, from 1 */
  guint64 row;     /* the data row, from 1 (the header is not a row) */
  char *reason;
} BsItemImportSkip;

typedef struct
{
  gboolean dry_run;
  guint imported;              /* new items */
  guint updated;               /* items found by code and updated */
  guint skipped;
  guint departments_created;
  guint materials;             /* materials written */
  GPtrArray *skips;            /* BsItemImportSkip, in file order */
  char *label;                 /* of the undoable edit */
} BsItemImportReport;

void         bs_item_import_report_free (BsItemImportReport *report);

typedef struct _BsItemImport BsItemImport;

/* Opens the file or stream and reads the header and the first rows. */
BsItemImport *bs_item_import_open        (const char          *path,
                                          BsItemImportFormat   format,
                                          BsCsvEncoding        encoding,
                                          gunichar             delimiter,
                                          GError             **error);
BsItemImport *bs_item_import_open_stream (GInputStream        *stream,
                                          BsItemImportFormat   format,
                                          BsCsvEncoding        encoding,
                                          gunichar             delimiter,
                                          GError             **error);
void          bs_item_import_free        (BsItemImport        *self);

BsItemImportFormat bs_item_import_get_format    (BsItemImport *self);
BsCsvEncoding bs_item_import_get_encoding       (BsItemImport *self);
/* 0 for JSON Lines. */
gunichar      bs_item_import_get_delimiter      (BsItemImport *self);

guint         bs_item_import_get_n_columns      (BsItemImport *self);
const char   *bs_item_import_get_column_name    (BsItemImport *self,
                                                 guint         column);
/* Up to 20 rows after the header, as read. */
guint         bs_item_import_get_n_preview_rows (BsItemImport *self);
/* @n_columns values (missing ones are ""). */
const char * const *bs_item_import_get_preview_row (BsItemImport *self,
                                                    guint         row);

BsItemField   bs_item_import_get_mapping  (BsItemImport  *self,
                                           guint          column);
/* A field other than NONE is held by one column at most: another column
 * that held it is set to NONE. */
void          bs_item_import_set_mapping  (BsItemImport  *self,
                                           guint          column,
                                           BsItemField    field);
/* "COLUMN=FIELD": COLUMN is a header (or its 1-based number), FIELD a
 * field's name or a header that names it. */
gboolean      bs_item_import_map          (BsItemImport  *self,
                                           const char    *spec,
                                           GError       **error);

typedef void (*BsItemImportProgressFunc) (double   fraction,
                                          gpointer user_data);

/* Runs the import (once). NULL on an error (a malformed file, with its
 * line; the catalogue unchanged) or on a cancel (G_IO_ERROR_CANCELLED). */
BsItemImportReport *bs_item_import_run    (BsItemImport              *self,
                                           BsCatalogue               *catalogue,
                                           BsItemImportFlags          flags,
                                           BsItemImportProgressFunc   progress,
                                           gpointer                   user_data,
                                           GCancellable              *cancellable,
                                           GError                   **error);

GQuark        bs_item_import_error_quark  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsItemImport, bs_item_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsItemImportReport, bs_item_import_report_free)

G_END_DECLS
