/* bs-demand.h: what the service centre handles — demand analysis of the
 * handling records (bs-records.h)
 *
 * - Items ranked by volume (records) in a period, with their monthly trend.
 * - Co-occurrence: two items are handled together by an applicant when the
 *   applicant had both handled within the window (default 90 days) of each
 *   other; a set of items when all of them fall within one window. Support
 *   counts applicants, not records.
 * - Pairs: support ≥ the minimum, with confidence (support of the pair /
 *   support of the first item) both ways and lift (support × applicants /
 *   the product of the items' supports; 1 is chance).
 * - Bundles: sets of 2 to max_bundle_size items in which every pair is a
 *   strong pair (support and lift at least the minimums) and the whole set
 *   has the minimum support — cliques of the graph of strong pairs, counted
 *   in the records. Requiring every pair to be strong prunes the search as
 *   Apriori does (a set can only be frequent if its subsets are) and keeps
 *   popular items, which co-occur with everything by chance, out. A set is
 *   reported only when no larger bundle containing it is handled by at
 *   least half as many applicants (it is then part of that one). Bundle
 *   confidence is the all-confidence (support / the support of its most
 *   handled item: the least confidence of the rules item → the others) and
 *   lift that of the weakest rule the others → item (support × applicants
 *   / (support of the others × support of the item)); for a pair both are
 *   the pair's.
 * - Suggested themes: the bundles no theme covers — a theme covers a
 *   bundle when it holds every item of it — ranked by the handlings a
 *   theme would join: applicants a year × (items − 1).
 * - The share of handling volume (records) whose item is in a theme.
 *
 * Applicants with more records in the period than max_applicant_records
 * (agents, bulk filers) count for volumes but not for co-occurrence: their
 * items are not one person's needs.
 *
 * The records are read twice or three times in order of applicant and day
 * from the record table's index, never held in memory: memory grows with
 * the items, not the records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-catalogue.h"
#include "bs-date.h"

G_BEGIN_DECLS

#define BS_DEMAND_DEFAULT_WINDOW_DAYS 90
#define BS_DEMAND_DEFAULT_MIN_LIFT 2.0
#define BS_DEMAND_DEFAULT_MAX_BUNDLE_SIZE 6
#define BS_DEMAND_DEFAULT_MAX_APPLICANT_RECORDS 200

typedef struct
{
  BsDate from;                  /* BS_DATE_NONE: the first record's day */
  BsDate to;                    /* BS_DATE_NONE: the last record's day */
  guint window_days;            /* 0: BS_DEMAND_DEFAULT_WINDOW_DAYS */
  gint64 min_support;           /* applicants; 0: 10 or one in a thousand applicants, the larger */
  double min_lift;              /* 0: BS_DEMAND_DEFAULT_MIN_LIFT */
  guint max_bundle_size;        /* 0: BS_DEMAND_DEFAULT_MAX_BUNDLE_SIZE (at most 8) */
  guint max_applicant_records;  /* 0: BS_DEMAND_DEFAULT_MAX_APPLICANT_RECORDS */
} BsDemandOptions;

typedef struct
{
  gint64 item_id;
  char *code;
  char *name;
  char *department;       /* its department's name */
  gint64 volume;          /* records in the period */
  gint64 applicants;      /* distinct applicants in the period */
  gint64 *monthly;        /* records per month, BsDemand.n_months of them */
  gboolean in_theme;
} BsDemandItem;

typedef struct
{
  gint64 item_a;          /* a < b */
  gint64 item_b;
  gint64 support;
  double confidence_ab;   /* of a → b: support / applicants of a */
  double confidence_ba;
  double lift;
} BsDemandPair;

typedef struct
{
  GArray *item_ids;       /* gint64, ascending */
  gint64 support;         /* applicants */
  double per_year;        /* support scaled to a year of the period */
  double confidence;      /* all-confidence */
  double lift;            /* of the weakest rule */
  double score;           /* per_year × (items − 1) */
  gint64 covering_theme_id;  /* a theme holding all the items; 0 for none */
  gint64 closest_theme_id;   /* the theme holding most of them; 0 for none */
  guint closest_theme_items;
} BsDemandBundle;

typedef struct
{
  BsDate from;            /* the period analysed */
  BsDate to;
  guint window_days;
  gint64 min_support;
  double min_lift;
  gint64 n_records;
  gint64 n_applicants;
  gint64 n_bulk_applicants;     /* left out of co-occurrence */
  int first_year;               /* the month of monthly[0] */
  int first_month;
  guint n_months;
  GPtrArray *items;             /* BsDemandItem with records, most first */
  GPtrArray *pairs;             /* BsDemandPair: the strong pairs, most support first */
  GPtrArray *bundles;           /* BsDemandBundle, highest score first */
  GPtrArray *suggestions;       /* the bundles no theme covers (borrowed), in order */
  gint64 themed_volume;         /* records of items in a theme */
  double themed_share;          /* themed_volume / n_records; 0 without records */
  GHashTable *theme_names;      /* theme id (gint64) → name */
} BsDemand;

/* Called between and during the passes: rows read so far, and the rows
 * there are to read. */
typedef void (*BsDemandProgress) (gint64   rows_done,
                                  gint64   rows_total,
                                  gpointer user_data);

/* On the catalogue's own connection (its thread). G_IO_ERROR_CANCELLED
 * when cancelled. */
BsDemand           *bs_demand_analyse       (BsCatalogue            *catalogue,
                                             const BsDemandOptions  *options,
                                             GCancellable           *cancellable,
                                             BsDemandProgress        progress,
                                             gpointer                user_data,
                                             GError                **error);
/* The same through a read-only connection of its own to the catalogue
 * file @path, so it may run in any thread while the catalogue is open. */
BsDemand           *bs_demand_analyse_file  (const char             *path,
                                             const BsDemandOptions  *options,
                                             GCancellable           *cancellable,
                                             BsDemandProgress        progress,
                                             gpointer                user_data,
                                             GError                **error);
void                bs_demand_free          (BsDemand               *self);

const BsDemandItem *bs_demand_find_item     (const BsDemand         *self,
                                             gint64                  item_id);
/* "These 5 items are handled together by 1,240 applicants a year; no theme
 * covers them", translated. */
char               *bs_demand_describe_bundle (const BsDemand        *self,
                                               const BsDemandBundle  *bundle);
/* 1240 → "1,240". */
char               *bs_demand_format_count  (gint64                  count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDemand, bs_demand_free)

G_END_DECLS
