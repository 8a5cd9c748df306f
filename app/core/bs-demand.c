/* bs-demand.c: demand analysis of the handling records
 *
 * Three passes over the records in order of applicant and day (the index
 * record_applicant covers the query, so SQLite streams it):
 *  1. volumes, monthly trends, distinct applicants per item;
 *  2. the pairs of frequent items within one window of one applicant
 *     (counted once per applicant) → strong pairs;
 *  3. only when strong pairs can form triangles: the cliques of strong
 *     pairs that fall within one window of one applicant → bundles.
 * Each pass holds one applicant's records at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-demand.h"
#include "bs-records.h"

#define CHECK_EVERY 65536
#define MAX_SET 8
/* Strong items of one window looked at for bundles; more are cut. */
#define MAX_WINDOW_ITEMS 24
/* A bundle inside a larger one handled by at least this share of its
 * applicants is part of the larger one. */
#define ABSORB_RATIO 0.5

/* ------------------------------------------------------------------ */
/* A hash table of item pairs → counts (open addressing) */

typedef struct
{
  guint64 *keys;    /* 0: empty */
  guint32 *counts;
  gsize capacity;   /* a power of two */
  gsize length;
} PairTable;

static inline guint64
pair_key (guint32 a,
          guint32 b)
{
  return ((guint64) (a + 1) << 32) | (guint64) (b + 1);
}

static inline gsize
pair_hash (guint64 key)
{
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  key ^= key >> 33;
  return (gsize) key;
}

static void
pair_table_init (PairTable *t)
{
  t->capacity = 1024;
  t->keys = g_new0 (guint64, t->capacity);
  t->counts = g_new0 (guint32, t->capacity);
  t->length = 0;
}

static void
pair_table_clear (PairTable *t)
{
  g_clear_pointer (&t->keys, g_free);
  g_clear_pointer (&t->counts, g_free);
}

static void pair_table_add (PairTable *t, guint64 key, guint32 count);

static void
pair_table_grow (PairTable *t)
{
  PairTable bigger = { g_new0 (guint64, t->capacity * 2), g_new0 (guint32, t->capacity * 2),
                       t->capacity * 2, 0 };

  for (gsize i = 0; i < t->capacity; i++)
    if (t->keys[i] != 0)
      pair_table_add (&bigger, t->keys[i], t->counts[i]);
  pair_table_clear (t);
  *t = bigger;
}

static void
pair_table_add (PairTable *t,
                guint64    key,
                guint32    count)
{
  gsize mask, i;

  if ((t->length + 1) * 2 > t->capacity)
    pair_table_grow (t);
  mask = t->capacity - 1;
  for (i = pair_hash (key) & mask; t->keys[i] != 0 && t->keys[i] != key; i = (i + 1) & mask)
    ;
  if (t->keys[i] == 0)
    {
      t->keys[i] = key;
      t->length++;
    }
  t->counts[i] += count;
}

static guint32
pair_table_get (const PairTable *t,
                guint64          key)
{
  gsize mask = t->capacity - 1;

  for (gsize i = pair_hash (key) & mask; t->keys[i] != 0; i = (i + 1) & mask)
    if (t->keys[i] == key)
      return t->counts[i];
  return 0;
}

/* ------------------------------------------------------------------ */
/* Item sets as hash keys */

typedef struct
{
  guint32 n;
  guint32 items[MAX_SET];   /* ascending; unused ones 0 */
} Set;

static guint
set_hash (gconstpointer data)
{
  const Set *s = data;
  guint h = s->n;

  for (guint i = 0; i < s->n; i++)
    h = h * 31 + s->items[i];
  return h;
}

static gboolean
set_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, sizeof (Set)) == 0;
}

static int
compare_sets (gconstpointer a,
              gconstpointer b)
{
  return memcmp (a, b, sizeof (Set));
}

/* ------------------------------------------------------------------ */
/* The analysis */

typedef struct
{
  gint32 day;
  guint32 item;   /* dense index */
} Event;

typedef struct
{
  sqlite3 *db;
  GCancellable *cancellable;
  BsDemandProgress progress;
  gpointer user_data;
  gint64 rows_done;
  gint64 rows_total;

  guint window;
  gint64 min_support;
  double min_lift;
  guint max_size;
  guint max_records;
  gint32 from_day;
  gint32 to_day;

  /* Items by dense index, in order of id */
  GArray *ids;              /* gint64 */
  GHashTable *index_of;     /* id → index + 1 */
  GPtrArray *codes;
  GPtrArray *names;
  GPtrArray *departments;
  GPtrArray *themes_of;     /* GArray of theme ids, or NULL */
  guint n;

  guint n_months;
  guint16 *month_of_day;    /* day − from_day → month index */
  gint64 *volume;
  gint64 *applicants;
  gint64 *support;          /* applicants but the bulk ones */
  gint64 *monthly;          /* n × n_months */
  guint32 *stamp;           /* the last applicant that counted an item */
  guint32 applicant_seq;

  gint64 n_records;
  gint64 n_applicants;
  gint64 n_bulk;
  gint64 n_population;      /* applicants counted for co-occurrence */

  gboolean *frequent;
  PairTable pairs;
  PairTable strong;         /* strong pairs (count = pair support) */
  gboolean *strong_item;
  GHashTable *cliques;      /* Set → count (gpointer) */

  GArray *events;           /* Event: the current applicant's */
  GArray *window_items;     /* guint32 scratch */
  GArray *previous_window;  /* guint32 */
  GArray *local_pairs;      /* guint64 */
  GArray *local_sets;       /* Set */
} Ctx;

static void
ctx_clear (Ctx *c)
{
  g_clear_pointer (&c->ids, g_array_unref);
  g_clear_pointer (&c->index_of, g_hash_table_unref);
  g_clear_pointer (&c->codes, g_ptr_array_unref);
  g_clear_pointer (&c->names, g_ptr_array_unref);
  g_clear_pointer (&c->departments, g_ptr_array_unref);
  g_clear_pointer (&c->themes_of, g_ptr_array_unref);
  g_clear_pointer (&c->month_of_day, g_free);
  g_clear_pointer (&c->volume, g_free);
  g_clear_pointer (&c->applicants, g_free);
  g_clear_pointer (&c->support, g_free);
  g_clear_pointer (&c->monthly, g_free);
  g_clear_pointer (&c->stamp, g_free);
  g_clear_pointer (&c->frequent, g_free);
  g_clear_pointer (&c->strong_item, g_free);
  pair_table_clear (&c->pairs);
  pair_table_clear (&c->strong);
  g_clear_pointer (&c->cliques, g_hash_table_unref);
  g_clear_pointer (&c->events, g_array_unref);
  g_clear_pointer (&c->window_items, g_array_unref);
  g_clear_pointer (&c->previous_window, g_array_unref);
  g_clear_pointer (&c->local_pairs, g_array_unref);
  g_clear_pointer (&c->local_sets, g_array_unref);
}

static void
set_db_error (Ctx     *c,
              GError **error)
{
  g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
               _("Could not read the handling records: %s"), sqlite3_errmsg (c->db));
}

static void
free_array (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static gboolean
load_items (Ctx     *c,
            GError **error)
{
  sqlite3_stmt *stmt = NULL;

  c->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  c->index_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  c->codes = g_ptr_array_new_with_free_func (g_free);
  c->names = g_ptr_array_new_with_free_func (g_free);
  c->departments = g_ptr_array_new_with_free_func (g_free);
  c->themes_of = g_ptr_array_new_with_free_func (free_array);

  if (sqlite3_prepare_v2 (c->db,
                          "SELECT item.id, item.code, item.name, department.name FROM item "
                          "JOIN department ON department.id = item.department_id ORDER BY item.id",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (c->ids, id);
      g_hash_table_insert (c->index_of, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (c->ids->len));
      g_ptr_array_add (c->codes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (c->names, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      g_ptr_array_add (c->departments, g_strdup ((const char *) sqlite3_column_text (stmt, 3)));
      g_ptr_array_add (c->themes_of, NULL);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  c->n = c->ids->len;

  if (sqlite3_prepare_v2 (c->db, "SELECT item_id, theme_id FROM theme_item ORDER BY theme_id", -1, &stmt,
                          NULL) != SQLITE_OK)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 item_id = sqlite3_column_int64 (stmt, 0), theme_id = sqlite3_column_int64 (stmt, 1);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (c->index_of, &item_id));
      GArray *themes;

      if (index == 0)
        continue;
      if (!(themes = g_ptr_array_index (c->themes_of, index - 1)))
        {
          themes = g_array_new (FALSE, FALSE, sizeof (gint64));
          c->themes_of->pdata[index - 1] = themes;
        }
      g_array_append_val (themes, theme_id);
    }
  sqlite3_finalize (stmt);
  return TRUE;

failed:
  set_db_error (c, error);
  sqlite3_finalize (stmt);
  return FALSE;
}

/* The period, and the records in it. */
static gboolean
load_period (Ctx            *c,
             const BsDemandOptions *options,
             GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gint32 low = options->from != BS_DATE_NONE ? bs_records_day_from_date (options->from) : G_MININT32;
  gint32 high = options->to != BS_DATE_NONE ? bs_records_day_from_date (options->to) : G_MAXINT32;

  if (sqlite3_prepare_v2 (c->db, "SELECT min(day), max(day), count(*) FROM record WHERE day BETWEEN ?1 AND ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (c, error);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, low);
  sqlite3_bind_int (stmt, 2, high);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (c, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  c->rows_total = sqlite3_column_int64 (stmt, 2);
  c->from_day = options->from != BS_DATE_NONE ? low
                : c->rows_total > 0 ? sqlite3_column_int (stmt, 0) : 0;
  c->to_day = options->to != BS_DATE_NONE ? high
              : c->rows_total > 0 ? sqlite3_column_int (stmt, 1) : c->from_day;
  sqlite3_finalize (stmt);
  return TRUE;
}

static void
setup_months (Ctx *c)
{
  int y0, m0, y, m, d;
  guint n_days = (guint) (c->to_day - c->from_day + 1);

  bs_date_get_ymd (bs_records_day_to_date (c->from_day), &y0, &m0, &d);
  bs_date_get_ymd (bs_records_day_to_date (c->to_day), &y, &m, &d);
  c->n_months = (guint) ((y - y0) * 12 + (m - m0) + 1);
  c->month_of_day = g_new (guint16, n_days);
  for (guint i = 0; i < n_days; i++)
    {
      bs_date_get_ymd (bs_records_day_to_date (c->from_day + (gint32) i), &y, &m, &d);
      c->month_of_day[i] = (guint16) ((y - y0) * 12 + (m - m0));
    }
}

typedef void (*GroupFunc) (Ctx *c);

/* Reads the records of the period in order of applicant and day and calls
 * @func with each applicant's in c->events. */
static gboolean
stream_groups (Ctx        *c,
               GroupFunc   func,
               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 current = 0;
  gboolean first = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (c->db,
                          "SELECT applicant, day, item_id FROM record WHERE day BETWEEN ?1 AND ?2 "
                          "ORDER BY applicant, day",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (c, error);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, c->from_day);
  sqlite3_bind_int (stmt, 2, c->to_day);

  g_array_set_size (c->events, 0);
  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 applicant = sqlite3_column_int64 (stmt, 0);
      gint64 item_id = sqlite3_column_int64 (stmt, 2);
      Event event = { sqlite3_column_int (stmt, 1), 0 };
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (c->index_of, &item_id));

      if (++c->rows_done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          if (c->progress != NULL)
            c->progress (c->rows_done, c->rows_total, c->user_data);
        }
      if (index == 0)
        continue;
      if (!first && applicant != current && c->events->len > 0)
        {
          func (c);
          g_array_set_size (c->events, 0);
        }
      first = FALSE;
      current = applicant;
      event.item = index - 1;
      g_array_append_val (c->events, event);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (c, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (c->events->len > 0)
    func (c);
  g_array_set_size (c->events, 0);
  return TRUE;
}

/* Pass 1 */
static void
count_items (Ctx *c)
{
  gboolean bulk = c->events->len > c->max_records;

  c->applicant_seq++;
  c->n_applicants++;
  c->n_bulk += bulk;
  c->n_population += !bulk;
  for (guint i = 0; i < c->events->len; i++)
    {
      const Event *e = &g_array_index (c->events, Event, i);

      c->n_records++;
      c->volume[e->item]++;
      c->monthly[(gsize) e->item * c->n_months + c->month_of_day[e->day - c->from_day]]++;
      if (c->stamp[e->item] != c->applicant_seq)
        {
          c->stamp[e->item] = c->applicant_seq;
          c->applicants[e->item]++;
          c->support[e->item] += !bulk;
        }
    }
}

static int
compare_uint32 (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static int
compare_uint64 (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

/* Calls @func with the distinct items (ascending, in c->window_items) of
 * every window of the current applicant's events that @keep accepts:
 * each window starts at an event and takes the events up to window days
 * later; a window that reaches no further than the one before it is
 * inside it and skipped, as is one with the same items. */
typedef void (*WindowFunc) (Ctx *c);

static void
for_each_window (Ctx            *c,
                 const gboolean *keep,
                 guint           min_items,
                 WindowFunc      func)
{
  GArray *events = c->events;
  guint j = 0, last_end = 0;

  g_array_set_size (c->previous_window, 0);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *start = &g_array_index (events, Event, i);
      guint n = 0;

      if (!keep[start->item])
        continue;
      while (j < events->len && g_array_index (events, Event, j).day <= start->day + (gint32) c->window)
        j++;
      if (j <= last_end)
        continue;
      last_end = j;

      g_array_set_size (c->window_items, 0);
      for (guint k = i; k < j; k++)
        {
          guint32 item = g_array_index (events, Event, k).item;

          if (keep[item])
            g_array_append_val (c->window_items, item);
        }
      if (c->window_items->len < min_items)
        continue;
      g_array_sort (c->window_items, compare_uint32);
      for (guint k = 0; k < c->window_items->len; k++)
        if (n == 0 || g_array_index (c->window_items, guint32, n - 1) != g_array_index (c->window_items, guint32, k))
          g_array_index (c->window_items, guint32, n++) = g_array_index (c->window_items, guint32, k);
      g_array_set_size (c->window_items, n);
      if (n < min_items)
        continue;
      if (c->previous_window->len == n &&
          memcmp (c->previous_window->data, c->window_items->data, n * sizeof (guint32)) == 0)
        continue;
      g_array_set_size (c->previous_window, 0);
      g_array_append_vals (c->previous_window, c->window_items->data, n);
      func (c);
    }
}

/* Pass 2 */
static void
window_pairs (Ctx *c)
{
  guint32 *items = (guint32 *) c->window_items->data;

  for (guint a = 0; a < c->window_items->len; a++)
    for (guint b = a + 1; b < c->window_items->len; b++)
      {
        guint64 key = pair_key (items[a], items[b]);

        g_array_append_val (c->local_pairs, key);
      }
}

static void
count_pairs (Ctx *c)
{
  guint64 previous = 0;

  if (c->events->len > c->max_records)
    return;
  g_array_set_size (c->local_pairs, 0);
  for_each_window (c, c->frequent, 2, window_pairs);
  g_array_sort (c->local_pairs, compare_uint64);
  for (guint i = 0; i < c->local_pairs->len; i++)
    {
      guint64 key = g_array_index (c->local_pairs, guint64, i);

      if (key != previous)
        pair_table_add (&c->pairs, key, 1);
      previous = key;
    }
}

/* Pass 3: cliques of strong pairs within one window, 3 items or more */
static void
extend_clique (Ctx           *c,
               Set           *set,
               const guint32 *items,
               guint          n_items,
               guint          from)
{
  for (guint k = from; k < n_items; k++)
    {
      guint i;

      for (i = 0; i < set->n; i++)
        if (pair_table_get (&c->strong, pair_key (set->items[i], items[k])) == 0)
          break;
      if (i < set->n)
        continue;
      set->items[set->n++] = items[k];
      if (set->n >= 3)
        g_array_append_val (c->local_sets, *set);
      if (set->n < c->max_size)
        extend_clique (c, set, items, n_items, k + 1);
      set->items[--set->n] = 0;
    }
}

static void
window_cliques (Ctx *c)
{
  Set set = { 0 };

  extend_clique (c, &set, (const guint32 *) c->window_items->data,
                 MIN (c->window_items->len, MAX_WINDOW_ITEMS), 0);
}

static void
count_cliques (Ctx *c)
{
  const Set *previous = NULL;

  if (c->events->len > c->max_records)
    return;
  g_array_set_size (c->local_sets, 0);
  for_each_window (c, c->strong_item, 3, window_cliques);
  g_array_sort (c->local_sets, compare_sets);
  for (guint i = 0; i < c->local_sets->len; i++)
    {
      const Set *set = &g_array_index (c->local_sets, Set, i);
      gpointer count;

      if (previous != NULL && memcmp (previous, set, sizeof (Set)) == 0)
        continue;
      previous = set;
      if (g_hash_table_lookup_extended (c->cliques, set, NULL, &count))
        g_hash_table_insert (c->cliques, g_memdup2 (set, sizeof (Set)),
                             GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
      else
        g_hash_table_insert (c->cliques, g_memdup2 (set, sizeof (Set)), GSIZE_TO_POINTER (1));
    }
}

/* ------------------------------------------------------------------ */
/* The result */

static void
item_free (gpointer data)
{
  BsDemandItem *item = data;

  g_free (item->code);
  g_free (item->name);
  g_free (item->department);
  g_free (item->monthly);
  g_free (item);
}

static void
bundle_free (gpointer data)
{
  BsDemandBundle *bundle = data;

  g_array_unref (bundle->item_ids);
  g_free (bundle);
}

void
bs_demand_free (BsDemand *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->bundles, g_ptr_array_unref);
  g_clear_pointer (&self->theme_names, g_hash_table_unref);
  g_free (self);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const BsDemandItem *x = *(BsDemandItem * const *) a, *y = *(BsDemandItem * const *) b;

  if (x->volume != y->volume)
    return x->volume > y->volume ? -1 : 1;
  return strcmp (x->code, y->code);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const BsDemandPair *x = *(BsDemandPair * const *) a, *y = *(BsDemandPair * const *) b;

  if (x->support != y->support)
    return x->support > y->support ? -1 : 1;
  if (x->item_a != y->item_a)
    return x->item_a < y->item_a ? -1 : 1;
  return (x->item_b > y->item_b) - (x->item_b < y->item_b);
}

static int
compare_bundles (gconstpointer a,
                 gconstpointer b)
{
  const BsDemandBundle *x = *(BsDemandBundle * const *) a, *y = *(BsDemandBundle * const *) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->support != y->support)
    return x->support > y->support ? -1 : 1;
  for (guint i = 0; i < MIN (x->item_ids->len, y->item_ids->len); i++)
    if (g_array_index (x->item_ids, gint64, i) != g_array_index (y->item_ids, gint64, i))
      return g_array_index (x->item_ids, gint64, i) < g_array_index (y->item_ids, gint64, i) ? -1 : 1;
  return (int) x->item_ids->len - (int) y->item_ids->len;
}

static gint64
set_support (Ctx       *c,
             const Set *set)
{
  if (set->n == 2)
    return pair_table_get (&c->pairs, pair_key (set->items[0], set->items[1]));
  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (c->cliques, set));
}

static gboolean
load_theme_names (Ctx        *c,
                  GHashTable *names,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (c->db, "SELECT id, name FROM theme", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (c, error);
      return FALSE;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (names, g_memdup2 (&id, sizeof id),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static BsDemandBundle *
make_bundle (Ctx       *c,
             const Set *set,
             gint64     support)
{
  BsDemandBundle *bundle = g_new0 (BsDemandBundle, 1);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  double period_days = (double) (c->to_day - c->from_day + 1);
  double max_support = 0;
  GHashTableIter iter;
  gpointer key, value;

  bundle->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < set->n; i++)
    {
      guint32 index = set->items[i];
      GArray *themes = g_ptr_array_index (c->themes_of, index);

      g_array_append_val (bundle->item_ids, g_array_index (c->ids, gint64, index));
      max_support = MAX (max_support, (double) c->support[index]);
      for (guint t = 0; themes != NULL && t < themes->len; t++)
        {
          gint64 theme_id = g_array_index (themes, gint64, t);
          gsize count = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, &theme_id));

          g_hash_table_insert (counts, g_memdup2 (&theme_id, sizeof theme_id), GSIZE_TO_POINTER (count + 1));
        }
    }
  bundle->support = support;
  bundle->per_year = support * 365.25 / period_days;
  bundle->confidence = max_support > 0 ? support / max_support : 0;
  /* The lift of the weakest rule "the others → x": support × applicants /
   * (support of the others × support of x). Every subset of a bundle was
   * counted: its pairs in pass 2, its larger parts in pass 3. */
  bundle->lift = G_MAXDOUBLE;
  for (guint k = 0; k < set->n; k++)
    {
      Set others = { 0 };
      double others_support, lift;

      for (guint i = 0; i < set->n; i++)
        if (i != k)
          others.items[others.n++] = set->items[i];
      others_support = others.n == 1 ? (double) c->support[others.items[0]] : (double) set_support (c, &others);
      lift = others_support > 0 ? (double) support * (double) c->n_population /
                                  (others_support * (double) c->support[set->items[k]])
                                : 0;
      bundle->lift = MIN (bundle->lift, lift);
    }
  bundle->score = bundle->per_year * (set->n - 1);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 theme_id = *(gint64 *) key;
      guint count = (guint) GPOINTER_TO_SIZE (value);

      if (count > bundle->closest_theme_items ||
          (count == bundle->closest_theme_items && theme_id < bundle->closest_theme_id))
        {
          bundle->closest_theme_items = count;
          bundle->closest_theme_id = theme_id;
        }
    }
  if (bundle->closest_theme_items == set->n)
    bundle->covering_theme_id = bundle->closest_theme_id;
  return bundle;
}

static BsDemand *
build_result (Ctx     *c,
              GError **error)
{
  g_autoptr(BsDemand) self = g_new0 (BsDemand, 1);
  g_autoptr(GArray) sets = g_array_new (FALSE, FALSE, sizeof (Set));
  g_autoptr(GHashTable) set_index = g_hash_table_new (set_hash, set_equal);
  g_autofree gboolean *absorbed = NULL;
  int d;

  self->from = bs_records_day_to_date (c->from_day);
  self->to = bs_records_day_to_date (c->to_day);
  self->window_days = c->window;
  self->min_support = c->min_support;
  self->min_lift = c->min_lift;
  self->n_records = c->n_records;
  self->n_applicants = c->n_applicants;
  self->n_bulk_applicants = c->n_bulk;
  bs_date_get_ymd (self->from, &self->first_year, &self->first_month, &d);
  self->n_months = c->n_months;
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->pairs = g_ptr_array_new_with_free_func (g_free);
  self->bundles = g_ptr_array_new_with_free_func (bundle_free);
  self->suggestions = g_ptr_array_new ();
  self->theme_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (!load_theme_names (c, self->theme_names, error))
    return NULL;

  for (guint i = 0; i < c->n; i++)
    {
      BsDemandItem *item;

      if (c->volume == NULL || c->volume[i] == 0)
        continue;
      item = g_new0 (BsDemandItem, 1);
      item->item_id = g_array_index (c->ids, gint64, i);
      item->code = g_strdup (g_ptr_array_index (c->codes, i));
      item->name = g_strdup (g_ptr_array_index (c->names, i));
      item->department = g_strdup (g_ptr_array_index (c->departments, i));
      item->volume = c->volume[i];
      item->applicants = c->applicants[i];
      item->monthly = g_memdup2 (c->monthly + (gsize) i * c->n_months, c->n_months * sizeof (gint64));
      item->in_theme = g_ptr_array_index (c->themes_of, i) != NULL;
      if (item->in_theme)
        self->themed_volume += item->volume;
      g_ptr_array_add (self->items, item);
    }
  g_ptr_array_sort (self->items, compare_items);
  self->themed_share = c->n_records > 0 ? (double) self->themed_volume / (double) c->n_records : 0;

  /* The strong pairs, and every bundle: strong pairs and frequent cliques */
  for (gsize i = 0; c->strong.keys != NULL && i < c->strong.capacity; i++)
    {
      guint64 key = c->strong.keys[i];
      guint32 a, b;
      BsDemandPair *pair;
      Set set = { 0 };

      if (key == 0)
        continue;
      a = (guint32) (key >> 32) - 1;
      b = (guint32) (key & 0xffffffff) - 1;
      pair = g_new0 (BsDemandPair, 1);
      pair->item_a = g_array_index (c->ids, gint64, a);
      pair->item_b = g_array_index (c->ids, gint64, b);
      pair->support = c->strong.counts[i];
      pair->confidence_ab = (double) pair->support / (double) c->support[a];
      pair->confidence_ba = (double) pair->support / (double) c->support[b];
      pair->lift = (double) pair->support * (double) c->n_population /
                   ((double) c->support[a] * (double) c->support[b]);
      g_ptr_array_add (self->pairs, pair);
      set.n = 2;
      set.items[0] = a;
      set.items[1] = b;
      g_array_append_val (sets, set);
    }
  g_ptr_array_sort (self->pairs, compare_pairs);
  if (c->cliques != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, c->cliques);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if ((gint64) GPOINTER_TO_SIZE (value) >= c->min_support)
          g_array_append_val (sets, *(Set *) key);
    }
  g_array_sort (sets, compare_sets);
  for (guint i = 0; i < sets->len; i++)
    g_hash_table_insert (set_index, &g_array_index (sets, Set, i), GUINT_TO_POINTER (i + 1));

  /* Absorb the sets inside a larger one handled by enough of their
   * applicants. */
  absorbed = g_new0 (gboolean, sets->len);
  for (guint i = 0; i < sets->len; i++)
    {
      const Set *big = &g_array_index (sets, Set, i);
      gint64 big_support = set_support (c, big);

      if (big->n < 3)
        continue;
      for (guint mask = 1; mask < (1u << big->n) - 1; mask++)
        {
          Set small = { 0 };
          guint found;

          for (guint k = 0; k < big->n; k++)
            if (mask & (1u << k))
              small.items[small.n++] = big->items[k];
          if (small.n < 2)
            continue;
          found = GPOINTER_TO_UINT (g_hash_table_lookup (set_index, &small));
          if (found > 0 && big_support >= ABSORB_RATIO * set_support (c, &small))
            absorbed[found - 1] = TRUE;
        }
    }
  for (guint i = 0; i < sets->len; i++)
    if (!absorbed[i])
      {
        const Set *set = &g_array_index (sets, Set, i);

        g_ptr_array_add (self->bundles, make_bundle (c, set, set_support (c, set)));
      }
  g_ptr_array_sort (self->bundles, compare_bundles);
  for (guint i = 0; i < self->bundles->len; i++)
    {
      BsDemandBundle *bundle = g_ptr_array_index (self->bundles, i);

      if (bundle->covering_theme_id == 0)
        g_ptr_array_add (self->suggestions, bundle);
    }
  return g_steal_pointer (&self);
}

static BsDemand *
analyse_db (sqlite3                *db,
            const BsDemandOptions  *options,
            GCancellable           *cancellable,
            BsDemandProgress        progress,
            gpointer                user_data,
            GError                **error)
{
  static const BsDemandOptions defaults = { 0 };
  Ctx c = { 0 };
  BsDemand *result = NULL;
  guint strong_degree_2 = 0;

  if (options == NULL)
    options = &defaults;
  c.db = db;
  c.cancellable = cancellable;
  c.progress = progress;
  c.user_data = user_data;
  c.window = options->window_days > 0 ? options->window_days : BS_DEMAND_DEFAULT_WINDOW_DAYS;
  c.min_lift = options->min_lift > 0 ? options->min_lift : BS_DEMAND_DEFAULT_MIN_LIFT;
  c.max_size = CLAMP (options->max_bundle_size > 0 ? options->max_bundle_size
                                                   : BS_DEMAND_DEFAULT_MAX_BUNDLE_SIZE, 2, MAX_SET);
  c.max_records = options->max_applicant_records > 0 ? options->max_applicant_records
                                                     : BS_DEMAND_DEFAULT_MAX_APPLICANT_RECORDS;
  c.events = g_array_new (FALSE, FALSE, sizeof (Event));
  c.window_items = g_array_new (FALSE, FALSE, sizeof (guint32));
  c.previous_window = g_array_new (FALSE, FALSE, sizeof (guint32));
  c.local_pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  c.local_sets = g_array_new (FALSE, FALSE, sizeof (Set));
  pair_table_init (&c.pairs);
  pair_table_init (&c.strong);

  if (options->from != BS_DATE_NONE && options->to != BS_DATE_NONE && options->from > options->to)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                           _("The period starts after it ends"));
      goto out;
    }
  if (!load_items (&c, error) || !load_period (&c, options, error))
    goto out;
  /* Up to three passes. */
  c.rows_total *= 3;
  if (c.rows_total == 0 || c.n == 0)
    {
      c.n_months = 0;
      result = build_result (&c, error);
      goto out;
    }

  setup_months (&c);
  c.volume = g_new0 (gint64, c.n);
  c.applicants = g_new0 (gint64, c.n);
  c.support = g_new0 (gint64, c.n);
  c.monthly = g_new0 (gint64, (gsize) c.n * c.n_months);
  c.stamp = g_new0 (guint32, c.n);
  if (!stream_groups (&c, count_items, error))
    goto out;

  c.min_support = options->min_support > 0 ? options->min_support
                                           : MAX (10, (c.n_population + 999) / 1000);
  c.frequent = g_new0 (gboolean, c.n);
  for (guint i = 0; i < c.n; i++)
    c.frequent[i] = c.support[i] >= c.min_support;
  if (!stream_groups (&c, count_pairs, error))
    goto out;

  /* Strong pairs, and the items in two or more of them (a triangle needs
   * two). */
  {
    g_autofree guint *degree = g_new0 (guint, c.n);

    c.strong_item = g_new0 (gboolean, c.n);
    for (gsize i = 0; i < c.pairs.capacity; i++)
      {
        guint64 key = c.pairs.keys[i];
        guint32 a, b;
        double lift;

        if (key == 0 || c.pairs.counts[i] < c.min_support)
          continue;
        a = (guint32) (key >> 32) - 1;
        b = (guint32) (key & 0xffffffff) - 1;
        lift = (double) c.pairs.counts[i] * (double) c.n_population /
               ((double) c.support[a] * (double) c.support[b]);
        if (lift < c.min_lift)
          continue;
        pair_table_add (&c.strong, key, c.pairs.counts[i]);
        degree[a]++;
        degree[b]++;
      }
    for (guint i = 0; i < c.n; i++)
      if ((c.strong_item[i] = degree[i] >= 2))
        strong_degree_2++;
  }

  c.cliques = g_hash_table_new_full (set_hash, set_equal, g_free, NULL);
  if (strong_degree_2 >= 3 && c.max_size >= 3 && !stream_groups (&c, count_cliques, error))
    goto out;
  if (progress != NULL)
    progress (c.rows_total, c.rows_total, user_data);
  result = build_result (&c, error);

out:
  ctx_clear (&c);
  return result;
}

BsDemand *
bs_demand_analyse (BsCatalogue            *catalogue,
                   const BsDemandOptions  *options,
                   GCancellable           *cancellable,
                   BsDemandProgress        progress,
                   gpointer                user_data,
                   GError                **error)
{
  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  return analyse_db (bs_catalogue_get_db (catalogue), options, cancellable, progress, user_data, error);
}

BsDemand *
bs_demand_analyse_file (const char             *path,
                        const BsDemandOptions  *options,
                        GCancellable           *cancellable,
                        BsDemandProgress        progress,
                        gpointer                user_data,
                        GError                **error)
{
  g_autofree char *name = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  BsDemand *result;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_name (path);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_FAILED,
                   _("“%s” cannot be opened: %s"), name, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version < 4 || version > BS_CATALOGUE_SCHEMA_VERSION)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_A_CATALOGUE,
                   _("“%s” is not a Banshi catalogue with handling records; open it in Banshi first"),
                   name);
      sqlite3_close (db);
      return NULL;
    }
  /* One snapshot for all the passes, whatever writes meanwhile. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  result = analyse_db (db, options, cancellable, progress, user_data, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return result;
}

const BsDemandItem *
bs_demand_find_item (const BsDemand *self,
                     gint64          item_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const BsDemandItem *item = g_ptr_array_index (self->items, i);

      if (item->item_id == item_id)
        return item;
    }
  return NULL;
}

char *
bs_demand_format_count (gint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count < 0 ? -count : count);
  GString *out = g_string_new (count < 0 ? "-" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
bs_demand_describe_bundle (const BsDemand       *self,
                           const BsDemandBundle *bundle)
{
  gint64 per_year = (gint64) llround (bundle->per_year);
  g_autofree char *count = bs_demand_format_count (per_year);
  guint n = bundle->item_ids->len;
  gulong plural = (gulong) MIN (per_year, (gint64) G_MAXULONG);

  g_return_val_if_fail (self != NULL && bundle != NULL, NULL);

  if (bundle->covering_theme_id != 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "These %u items are handled together by %s applicant a year; "
                                         "the theme “%s” covers them",
                                         "These %u items are handled together by %s applicants a year; "
                                         "the theme “%s” covers them",
                                         plural),
                            n, count,
                            (const char *) g_hash_table_lookup (self->theme_names, &bundle->covering_theme_id));
  if (bundle->closest_theme_id != 0 && bundle->closest_theme_items >= 2)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "These %u items are handled together by %s applicant a year; "
                                         "no theme covers them (“%s” has %u of them)",
                                         "These %u items are handled together by %s applicants a year; "
                                         "no theme covers them (“%s” has %u of them)",
                                         plural),
                            n, count,
                            (const char *) g_hash_table_lookup (self->theme_names, &bundle->closest_theme_id),
                            bundle->closest_theme_items);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "These %u items are handled together by %s applicant a year; "
                                       "no theme covers them",
                                       "These %u items are handled together by %s applicants a year; "
                                       "no theme covers them",
                                       plural),
                          n, count);
}
