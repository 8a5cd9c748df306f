/* bs-records.h: handling records (办件) — import from CSV and synthetic
 * records for tests and benchmarks
 *
 * A record says that on a day an applicant had an item handled, through a
 * channel, by a department. The catalogue keeps them compactly (the table
 * record, resources/sql/0004-records.sql): the applicant's key (an ID card
 * number, a unified social credit code, a name) is hashed with a random
 * salt of the catalogue's own and only the first 64 bits of the SHA-256
 * are stored, never the key. Records are outside the undo history; an
 * import is one transaction of its own — cancelled or failed, it leaves the
 * catalogue exactly as it was — and ends with a "changed" signal naming
 * the record table.
 *
 * The CSV (bs-csv.h: UTF-8 or GB18030, comma, tab or semicolon) has a
 * header row; the columns are recognised by their usual names:
 * - the day: 办件日期, 受理时间, 受理日期, 申请时间, 申请日期, 办理日期, 日期, date …,
 *   as 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, with or without a
 *   time after it (2024-03-05 10:22:01, 2024-03-05T10:22), years 1900–2199;
 * - the item: 事项编码, 实施编码, 业务办理项编码, 基本编码, item_code … and/or
 *   事项名称, 事项, item …; matched by code, or else by exact name (among
 *   items of the same name, the one of the record's department);
 * - the applicant: 申请人证件号, 申请人证件号码, 证件号码, 统一社会信用代码,
 *   申请人, 申请人名称, applicant …; an identity number is preferred to a
 *   name. Spaces around it are dropped and ASCII letters upper-cased
 *   (an ID card's check letter x);
 * - optional: the channel (渠道, 办理渠道, 申请渠道, 办理形式, channel) and the
 *   department (部门, 受理部门, 实施机构, 实施主体, department), by name or code.
 * Rows whose item is not in the catalogue are counted and reported by
 * name; rows with a bad day or no applicant are skipped and reported with
 * their line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-catalogue.h"
#include "bs-csv.h"
#include "bs-date.h"

G_BEGIN_DECLS

#define BS_RECORDS_ERROR (bs_records_error_quark ())

typedef enum
{
  BS_RECORDS_ERROR_HEADER,    /* the columns needed are not there */
  BS_RECORDS_ERROR_NO_ITEMS,  /* generating: too few items to plant bundles */
  BS_RECORDS_ERROR_FAILED,
} BsRecordsError;

/* Problems kept in the report (all are counted). */
#define BS_RECORDS_MAX_PROBLEMS 100
/* Unknown items kept in the report, the most frequent first. */
#define BS_RECORDS_MAX_UNKNOWN 20

typedef struct
{
  guint64 line;   /* 1-based line of the file where the row starts */
  char *message;  /* what is wrong, translated */
} BsRecordProblem;

typedef struct
{
  char *text;     /* the item's code and/or name as the file writes it */
  gint64 count;   /* rows naming it */
} BsUnknownItem;

typedef struct
{
  gint64 n_rows;       /* data rows read */
  gint64 n_imported;
  gint64 n_unknown;    /* rows whose item is not in the catalogue */
  gint64 n_bad;        /* rows skipped for a bad day or no applicant */
  BsDate first_day;    /* of the records imported; BS_DATE_NONE for none */
  BsDate last_day;
  BsCsvEncoding encoding;
  gunichar delimiter;
  GPtrArray *columns;        /* char *: "field ← header", how columns were read */
  GPtrArray *problems;       /* BsRecordProblem, in line order */
  GPtrArray *unknown_items;  /* BsUnknownItem, most rows first */
} BsRecordImport;

/* Called every few thousand rows from the thread that imports or
 * generates: bytes of input read (0 when generating), its size (0 when
 * unknown), rows done. */
typedef void (*BsRecordsProgress) (guint64   bytes_done,
                                   guint64   bytes_total,
                                   gint64    rows_done,
                                   gpointer  user_data);

GQuark          bs_records_error_quark   (void);

/* Imports the records of the CSV @stream (@size bytes, or 0 when unknown:
 * for progress and for choosing to rebuild the indexes after a large
 * import). Not during an edit. G_IO_ERROR_CANCELLED when @cancellable is
 * cancelled; then, as after any error, nothing was imported. */
BsRecordImport *bs_records_import        (BsCatalogue        *catalogue,
                                          GInputStream       *stream,
                                          guint64             size,
                                          BsCsvEncoding       encoding,
                                          GCancellable       *cancellable,
                                          BsRecordsProgress   progress,
                                          gpointer            user_data,
                                          GError            **error);
BsRecordImport *bs_records_import_file   (BsCatalogue        *catalogue,
                                          const char         *path,
                                          BsCsvEncoding       encoding,
                                          GCancellable       *cancellable,
                                          BsRecordsProgress   progress,
                                          gpointer            user_data,
                                          GError            **error);
void            bs_record_import_free    (BsRecordImport     *self);

/* How often the theme @theme_id is asked for: the handling records of its
 * items per item (so that a large theme does not count as asked for for
 * its size alone); -1 when the catalogue holds no records at all (then
 * demand is unknown, not nil). A BsThemeDemandFunc for
 * bs_catalogue_propose_phases(), with the catalogue as @catalogue. */
double          bs_records_theme_demand  (gint64              theme_id,
                                          gpointer            catalogue);

/* Deletes every record (and channel). Outside the undo history too. */
gboolean        bs_records_clear         (BsCatalogue        *catalogue,
                                          GError            **error);

/* The day numbers of the record table: days since 1970-01-01. */
gint32          bs_records_day_from_date (BsDate              date);
BsDate          bs_records_day_to_date   (gint32              day);
/* Parses the day forms listed above, years 1900 to 2199; FALSE for
 * anything else. */
gboolean        bs_records_parse_day     (const char         *text,
                                          gint32             *out_day);

/* Synthetic records: realistic background (item popularity following a
 * Zipf law, applicants coming back, a few agents handling a lot) with
 * item bundles planted in it — sets of 2 to 6 items that the same
 * applicant handles within six weeks. Bundle items are chosen among items
 * of middling popularity, no two bundles share an item, and no theme of
 * the catalogue holds all the items of a bundle (unless every choice is
 * held by one: then the bundle says it is covered). The same options and
 * catalogue give the same records. */
typedef struct
{
  gint64 count;          /* records to make */
  guint64 seed;
  guint n_bundles;       /* 0: 5 */
  BsDate first_day;      /* BS_DATE_NONE: 2024-01-01 */
  guint n_days;          /* 0: 730 (two years) */
} BsRecordsGenerateOptions;

typedef struct
{
  GArray *item_ids;      /* gint64, ascending */
  gint64 n_applicants;   /* applicants the bundle was planted for */
  gboolean covered;      /* a theme holds all its items: only when every
                          * choice was (a theme holding most items) */
} BsPlantedBundle;

/* Writes the records into @catalogue (one transaction, as an import).
 * Returns the planted bundles (BsPlantedBundle), the largest planting
 * first. */
GPtrArray      *bs_records_generate      (BsCatalogue                     *catalogue,
                                          const BsRecordsGenerateOptions  *options,
                                          GCancellable                    *cancellable,
                                          BsRecordsProgress                progress,
                                          gpointer                         user_data,
                                          GError                         **error);
/* The same records as a CSV file that bs_records_import() reads (UTF-8,
 * header 受理时间,事项编码,事项名称,申请人证件号,渠道,部门), into @stream. */
GPtrArray      *bs_records_generate_csv  (BsCatalogue                     *catalogue,
                                          const BsRecordsGenerateOptions  *options,
                                          GOutputStream                   *stream,
                                          GCancellable                    *cancellable,
                                          GError                         **error);
void            bs_planted_bundle_free   (BsPlantedBundle                 *bundle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsRecordImport, bs_record_import_free)

G_END_DECLS
