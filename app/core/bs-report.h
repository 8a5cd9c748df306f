/* bs-report.h: the rollout's reports for managers — PDF, CSV and XLSX
 *
 * A BsReport is a snapshot of the rollout (bs-rollout.h) on a given
 * "today", for a range of dates: the tasks in the range with where they
 * stand, the decisions dated in it, and the scorecard of every department.
 * It holds no reference to the catalogue, so it can be written from any
 * thread once made.
 *
 * - PDF: A4 landscape. The catalogue's name, the range and today; a
 *   timeline (a Gantt chart: a heading per department, a row per task with
 *   its bar from start to due date coloured by where it stands, a diamond
 *   on its completion date, the phases shaded across the top, a line on
 *   today, a legend); the scorecard; the decisions. Rows go on over as many
 *   pages as they need; text is never smaller than 7 pt.
 * - CSV: what spreadsheets open without asking: UTF-8 with a byte order
 *   mark, CRLF line ends, RFC 4180 quoting, a first cell that is not "ID"
 *   (Excel would take the file for SYLK), and user text that would start a
 *   formula (= + - @, tab, CR) prefixed with a single quote. Either the
 *   tasks (BS_REPORT_FORMAT_CSV) or the scorecard
 *   (BS_REPORT_FORMAT_CSV_SCORECARD).
 * - XLSX: the sheets Tasks, Scorecard and Decisions, a bold frozen header
 *   row with filters, dates as dates (yyyy-mm-dd) and numbers as numbers;
 *   tasks not accepted whose due date has passed are filled red, those due
 *   soon amber (conditional formats on the due and completion dates, so the
 *   fill follows an edit of the sheet).
 *
 * The range: a task is in it when the days from its start (its due date if
 * it has none) to its due date, its completion date or, while it is
 * overdue, today overlap it; a decision when its date is in it. The
 * scorecard always covers every task, as of today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-catalogue.h"
#include "bs-date.h"

G_BEGIN_DECLS

#define BS_REPORT_ERROR (bs_report_error_quark ())

typedef enum
{
  BS_REPORT_ERROR_RANGE,   /* the range starts after it ends */
  BS_REPORT_ERROR_WRITE,   /* the file could not be written */
  BS_REPORT_ERROR_FAILED,  /* cairo or libxlsxwriter failed */
} BsReportError;

typedef enum
{
  BS_REPORT_FORMAT_PDF,
  BS_REPORT_FORMAT_CSV,            /* the tasks */
  BS_REPORT_FORMAT_CSV_SCORECARD,
  BS_REPORT_FORMAT_XLSX,
  BS_N_REPORT_FORMATS
} BsReportFormat;

/* A4 landscape, in points */
#define BS_REPORT_PAGE_WIDTH 841.89
#define BS_REPORT_PAGE_HEIGHT 595.276

typedef struct _BsReport BsReport;

GQuark      bs_report_error_quark       (void);

/* "pdf", "csv", "csv-scorecard", "xlsx" */
const char *bs_report_format_to_string   (BsReportFormat   format);
gboolean    bs_report_format_from_string (const char      *text,
                                          BsReportFormat  *out_format);

/* The rollout of @catalogue on @today with a due-soon window of
 * @due_soon_days (bs_task_get_timing()), from @from to @to. BS_DATE_NONE
 * for either end: the first or last day of the phases and tasks (so both
 * BS_DATE_NONE is the whole rollout). BS_REPORT_ERROR_RANGE when @from is
 * after @to. */
BsReport   *bs_report_new_from_catalogue (BsCatalogue     *catalogue,
                                          BsDate           today,
                                          int              due_soon_days,
                                          BsDate           from,
                                          BsDate           to,
                                          GError         **error);
void        bs_report_free               (BsReport        *self);

BsDate      bs_report_get_from           (const BsReport  *self);
BsDate      bs_report_get_to             (const BsReport  *self);
BsDate      bs_report_get_today          (const BsReport  *self);
/* The tasks and decisions in the range. */
guint       bs_report_get_n_tasks        (const BsReport  *self);
guint       bs_report_get_n_decisions    (const BsReport  *self);

/* The document in @format. */
GBytes     *bs_report_to_bytes           (const BsReport  *self,
                                          BsReportFormat   format,
                                          GError         **error);
/* The same written to @path: written beside it under a temporary name,
 * then renamed over it, so @path is replaced whole or left as it was.
 * BS_REPORT_ERROR_WRITE names @path when it cannot be written. */
gboolean    bs_report_write              (const BsReport  *self,
                                          BsReportFormat   format,
                                          const char      *path,
                                          GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsReport, bs_report_free)

G_END_DECLS
