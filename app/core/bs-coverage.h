/* bs-coverage.h: how far the themes cover the departments' catalogue —
 * the paper's conversion from the department catalogue (G) to the theme
 * catalogue (P)
 *
 * - The department × theme matrix: how many of a department's items each
 *   theme holds.
 * - The themes each department takes part in (its non-empty cells).
 * - The items no theme holds, the most handled first (their records in the
 *   handling records, bs-records.h; 0 without records), then by name.
 *
 * Written as CSV (UTF-8 with a byte order mark, CRLF line ends, RFC 4180
 * quoting, text that would start a formula prefixed with an apostrophe, as
 * bs-report.h's) — the matrix, or the uncovered items — or as XLSX with
 * the sheets Matrix, Departments and Uncovered items.
 *
 * A BsCoverage holds no reference to the catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_COVERAGE_ERROR (bs_coverage_error_quark ())

typedef enum
{
  BS_COVERAGE_ERROR_WRITE,   /* the file could not be written */
  BS_COVERAGE_ERROR_FAILED,  /* libxlsxwriter failed */
} BsCoverageError;

typedef enum
{
  BS_COVERAGE_FORMAT_CSV,            /* the matrix */
  BS_COVERAGE_FORMAT_CSV_UNCOVERED,  /* the items no theme holds */
  BS_COVERAGE_FORMAT_XLSX,
  BS_N_COVERAGE_FORMATS
} BsCoverageFormat;

typedef struct
{
  gint64 id;
  char *code;
  char *name;
  guint n_items;          /* a department's items, or a theme's */
  guint n_covered;        /* a department's items in some theme; a theme's departments */
  GArray *theme_ids;      /* a department's themes (gint64), in theme order; NULL for a theme */
} BsCoverageEntry;

typedef struct
{
  gint64 item_id;
  char *code;
  char *name;
  char *department;
  gint64 demand;          /* records of the item */
} BsCoverageItem;

typedef struct
{
  GPtrArray *departments; /* BsCoverageEntry: the rows, by name */
  GPtrArray *themes;      /* BsCoverageEntry: the columns, in theme order */
  guint *cells;           /* departments->len × themes->len, row by row */
  GPtrArray *uncovered;   /* BsCoverageItem */
  guint n_items;
  guint n_covered_items;
} BsCoverage;

GQuark      bs_coverage_error_quark        (void);

BsCoverage *bs_coverage_new                (BsCatalogue        *catalogue,
                                            GError            **error);
void        bs_coverage_free               (BsCoverage         *self);
guint       bs_coverage_get_cell           (const BsCoverage   *self,
                                            guint               department,
                                            guint               theme);

/* "csv", "csv-uncovered", "xlsx" */
const char *bs_coverage_format_to_string   (BsCoverageFormat    format);
gboolean    bs_coverage_format_from_string (const char         *text,
                                            BsCoverageFormat   *out_format);

GBytes     *bs_coverage_to_bytes           (const BsCoverage   *self,
                                            BsCoverageFormat    format,
                                            GError            **error);
/* Written beside @path under a temporary name, then renamed over it. */
gboolean    bs_coverage_write              (const BsCoverage   *self,
                                            BsCoverageFormat    format,
                                            const char         *path,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCoverage, bs_coverage_free)

G_END_DECLS
