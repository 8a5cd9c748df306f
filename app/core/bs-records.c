/* bs-records.c: handling records — import and synthetic records
 *
 * Both write through one Writer: a transaction of its own (BEGIN
 * IMMEDIATE, outside bs_catalogue_begin(), so outside the session and the
 * undo history), one prepared INSERT, and for a large load the two indexes
 * of the record table dropped first and built again once at the end
 * (sorting once is far cheaper than millions of random index inserts).
 * A rollback brings the indexes back with everything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "bs-records.h"

G_DEFINE_QUARK (bs-records-error-quark, bs_records_error)

#define SALT_BYTES 16
/* Rows between two looks at the cancellable and two progress calls. */
#define CHECK_EVERY 16384
/* Distinct unknown items counted by name; more are counted together. */
#define MAX_UNKNOWN_NAMES 100000
/* The Julian day (BsDate) of 1970-01-01. */
#define EPOCH_JULIAN 719163

/* Exactly the statements of 0004-records.sql: the file's schema must stay
 * the one its version makes. */
static const char *const index_sql[] = {
  "CREATE INDEX record_item ON record (item_id, day)",
  "CREATE INDEX record_applicant ON record (applicant, day, item_id)",
};

/* ------------------------------------------------------------------ */
/* Days */

gint32
bs_records_day_from_date (BsDate date)
{
  return (gint32) date - EPOCH_JULIAN;
}

BsDate
bs_records_day_to_date (gint32 day)
{
  return (BsDate) (day + EPOCH_JULIAN);
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint32
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static const char *
parse_number (const char *p,
              int         max_digits,
              int        *out_value,
              int        *out_digits)
{
  int value = 0, n = 0;

  while (n < max_digits && g_ascii_isdigit (*p))
    {
      value = value * 10 + (*p - '0');
      p++;
      n++;
    }
  *out_value = value;
  *out_digits = n;
  return p;
}

/* After the date: nothing, or a time ("10:22", "10:22:01", "T10:22:01.5",
 * "10时22分"), whose value does not matter. */
static gboolean
is_time_tail (const char *p)
{
  if (*p == '\0')
    return TRUE;
  if (*p != ' ' && *p != 'T' && *p != 't')
    return FALSE;
  while (*p == ' ' || *p == 'T' || *p == 't')
    p++;
  return *p == '\0' || g_ascii_isdigit (*p);
}

gboolean
bs_records_parse_day (const char *text,
                      gint32     *out_day)
{
  const char *p = text;
  int year, month, day, n;

  while (*p == ' ' || *p == '\t')
    p++;
  p = parse_number (p, 8, &year, &n);
  if (n == 8)
    {
      /* 20240305 */
      day = year % 100;
      month = year / 100 % 100;
      year /= 10000;
    }
  else if (n == 4)
    {
      static const char *const separators[][2] = {
        { "-", "-" }, { "/", "/" }, { ".", "." }, { "年", "月" },
      };
      guint s;

      for (s = 0; s < G_N_ELEMENTS (separators); s++)
        if (g_str_has_prefix (p, separators[s][0]))
          break;
      if (s == G_N_ELEMENTS (separators))
        return FALSE;
      p = parse_number (p + strlen (separators[s][0]), 2, &month, &n);
      if (n == 0 || !g_str_has_prefix (p, separators[s][1]))
        return FALSE;
      p = parse_number (p + strlen (separators[s][1]), 2, &day, &n);
      if (n == 0)
        return FALSE;
      if (s == 3 && g_str_has_prefix (p, "日"))
        p += strlen ("日");
    }
  else
    return FALSE;

  /* Years of handling records: a year 0024 or 9024 is a typing error,
   * and would stretch every monthly trend over centuries. */
  if (!is_time_tail (p) || year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month (year, month))
    return FALSE;
  *out_day = days_from_civil (year, month, day);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The writer */

typedef struct
{
  BsCatalogue *catalogue;
  sqlite3 *db;
  sqlite3_stmt *insert;
  GChecksum *checksum;
  guint8 salt[SALT_BYTES];
  GHashTable *channels;  /* name → id (gint64 in a pointer-sized box) */
  gboolean new_salt;
  gboolean new_channels;
  gboolean indexes_dropped;
  gboolean open;
  gboolean foreign_keys_off;
  gint64 existing;
  gint64 inserted;
  gint32 first_day;
  gint32 last_day;
} Writer;

static void
writer_set_error (Writer  *w,
                  GError **error)
{
  bs_catalogue_set_error_from_db (w->catalogue, error);
}

static gboolean
writer_exec (Writer      *w,
             const char  *sql,
             GError     **error)
{
  return bs_catalogue_exec (w->catalogue, sql, error);
}

static gboolean
load_salt (Writer  *w,
           GError **error)
{
  sqlite3_stmt *stmt;
  const char *hex = NULL;
  gboolean found = FALSE;

  if (!(stmt = bs_catalogue_prepare (w->catalogue,
                                     "SELECT value FROM catalogue_meta WHERE key = 'record_salt'", error)))
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && (hex = (const char *) sqlite3_column_text (stmt, 0)) != NULL &&
      strlen (hex) == SALT_BYTES * 2)
    {
      found = TRUE;
      for (guint i = 0; i < SALT_BYTES; i++)
        {
          int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

          if (hi < 0 || lo < 0)
            found = FALSE;
          w->salt[i] = (guint8) (hi * 16 + lo);
        }
    }
  sqlite3_reset (stmt);
  if (found)
    return TRUE;

  /* The first import: a salt of the operating system's randomness. */
  {
    char text[SALT_BYTES * 2 + 1];

    if (getrandom (w->salt, SALT_BYTES, 0) != SALT_BYTES)
      {
        int saved_errno = errno;

        g_set_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_FAILED,
                     _("Could not make the catalogue’s random salt: %s"), g_strerror (saved_errno));
        return FALSE;
      }
    for (guint i = 0; i < SALT_BYTES; i++)
      g_snprintf (text + 2 * i, 3, "%02x", w->salt[i]);
    if (!(stmt = bs_catalogue_prepare (w->catalogue,
                                       "INSERT INTO catalogue_meta (key, value) VALUES ('record_salt', ?1) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                       error)))
      return FALSE;
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
    if (!bs_catalogue_step_done (w->catalogue, stmt, error))
      return FALSE;
    w->new_salt = TRUE;
  }
  return TRUE;
}

static gboolean
load_channels (Writer  *w,
               GError **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = bs_catalogue_prepare (w->catalogue, "SELECT id, name FROM channel", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (w->channels, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  return TRUE;
}

static void
writer_clear (Writer *w)
{
  if (w->open)
    {
      sqlite3_exec (w->db, "ROLLBACK", NULL, NULL, NULL);
      w->open = FALSE;
    }
  if (w->foreign_keys_off)
    {
      sqlite3_exec (w->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      w->foreign_keys_off = FALSE;
    }
  g_clear_pointer (&w->checksum, g_checksum_free);
  g_clear_pointer (&w->channels, g_hash_table_unref);
}

/* Rebuilding the indexes costs a sort of every row, the old ones too:
 * worth it when the table is empty or the new rows are at least half as
 * many (@expected_rows, -1 when unknown); inserting into large indexes row
 * by row is slower (1,000,000 rows into 1,000,000: 9 s against 5 s). */
static gboolean
writer_consider_indexes (Writer  *w,
                         gint64   expected_rows,
                         GError **error)
{
  if (w->indexes_dropped || expected_rows < 0 || expected_rows * 2 < w->existing)
    return TRUE;
  if (!writer_exec (w, "DROP INDEX record_item; DROP INDEX record_applicant;", error))
    return FALSE;
  w->indexes_dropped = TRUE;
  return TRUE;
}

/* @expected_rows: how many rows the caller thinks it adds (-1: unknown). */
static gboolean
writer_begin (Writer       *w,
              BsCatalogue  *catalogue,
              gint64        expected_rows,
              GError      **error)
{
  memset (w, 0, sizeof *w);
  w->catalogue = catalogue;
  w->db = bs_catalogue_get_db (catalogue);
  w->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  w->first_day = G_MAXINT32;
  w->last_day = G_MININT32;

  /* Every reference a row gets comes from a lookup made inside the
   * transaction (items, departments, channels), so SQLite need not check
   * them again row by row; the pragma only works outside a transaction. */
  if (!writer_exec (w, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  w->foreign_keys_off = TRUE;
  if (!writer_exec (w, "BEGIN IMMEDIATE", error))
    return FALSE;
  w->open = TRUE;
  if (!load_salt (w, error) || !load_channels (w, error))
    return FALSE;

  w->existing = bs_catalogue_count (catalogue, "record");
  if (!writer_consider_indexes (w, w->existing == 0 ? 0 : expected_rows, error))
    return FALSE;

  if (!(w->insert = bs_catalogue_prepare (catalogue,
                                          "INSERT INTO record (day, item_id, applicant, channel_id, department_id) "
                                          "VALUES (?1, ?2, ?3, ?4, ?5)",
                                          error)))
    return FALSE;
  return TRUE;
}

/* The first 64 bits of SHA-256 (salt ‖ key), big-endian. */
static gint64
writer_hash (Writer     *w,
             const char *key,
             gsize       length)
{
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  guint64 value = 0;

  g_checksum_reset (w->checksum);
  g_checksum_update (w->checksum, w->salt, SALT_BYTES);
  g_checksum_update (w->checksum, (const guchar *) key, (gssize) length);
  g_checksum_get_digest (w->checksum, digest, &digest_length);
  for (guint i = 0; i < 8; i++)
    value = value << 8 | digest[i];
  return (gint64) value;
}

static gint64
writer_channel (Writer      *w,
                const char  *name,
                GError     **error)
{
  gpointer id;
  sqlite3_stmt *stmt;
  gint64 new_id;

  if (name == NULL || name[0] == '\0')
    return 0;
  if (g_hash_table_lookup_extended (w->channels, name, NULL, &id))
    return (gint64) GPOINTER_TO_SIZE (id);
  if (!(stmt = bs_catalogue_prepare (w->catalogue, "INSERT INTO channel (name) VALUES (?1)", error)))
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!bs_catalogue_step_done (w->catalogue, stmt, error))
    return -1;
  new_id = sqlite3_last_insert_rowid (w->db);
  g_hash_table_insert (w->channels, g_strdup (name), GSIZE_TO_POINTER ((gsize) new_id));
  w->new_channels = TRUE;
  return new_id;
}

/* @key: the applicant's key, already normalised. */
static gboolean
writer_add (Writer      *w,
            gint32       day,
            gint64       item_id,
            const char  *key,
            gsize        key_length,
            const char  *channel,
            gint64       department_id,
            GError     **error)
{
  gint64 channel_id = writer_channel (w, channel, error);

  if (channel_id < 0)
    return FALSE;
  sqlite3_bind_int (w->insert, 1, day);
  sqlite3_bind_int64 (w->insert, 2, item_id);
  sqlite3_bind_int64 (w->insert, 3, writer_hash (w, key, key_length));
  if (channel_id > 0)
    sqlite3_bind_int64 (w->insert, 4, channel_id);
  else
    sqlite3_bind_null (w->insert, 4);
  if (department_id > 0)
    sqlite3_bind_int64 (w->insert, 5, department_id);
  else
    sqlite3_bind_null (w->insert, 5);
  if (sqlite3_step (w->insert) != SQLITE_DONE)
    {
      writer_set_error (w, error);
      sqlite3_reset (w->insert);
      return FALSE;
    }
  sqlite3_reset (w->insert);
  w->inserted++;
  w->first_day = MIN (w->first_day, day);
  w->last_day = MAX (w->last_day, day);
  return TRUE;
}

static gboolean
writer_commit (Writer  *w,
               GError **error)
{
  g_autoptr(BsChanges) changes = NULL;

  if (w->indexes_dropped)
    for (guint i = 0; i < G_N_ELEMENTS (index_sql); i++)
      if (!writer_exec (w, index_sql[i], error))
        return FALSE;
  if (!writer_exec (w, "COMMIT", error))
    return FALSE;
  w->open = FALSE;
  writer_exec (w, "PRAGMA foreign_keys = ON", NULL);
  w->foreign_keys_off = FALSE;

  changes = bs_changes_new (BS_CHANGE_EDIT, _("Import Handling Records"));
  if (w->inserted > 0)
    bs_changes_add_table (changes, BS_TABLE_RECORD);
  if (w->new_channels)
    bs_changes_add_table (changes, BS_TABLE_CHANNEL);
  if (w->new_salt)
    bs_changes_add_table (changes, BS_TABLE_META);
  bs_catalogue_notify_changes (w->catalogue, changes);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The catalogue's items and departments, looked up by code and name */

typedef struct
{
  GHashTable *item_by_code;       /* code → id */
  GHashTable *items_by_name;      /* name → GArray of (id, department id) pairs */
  GHashTable *department_by_key;  /* name or code → id */
  gint64 n_items;
} Lookup;

static void
free_array (gpointer data)
{
  g_array_unref (data);
}

static void
lookup_clear (Lookup *l)
{
  g_clear_pointer (&l->item_by_code, g_hash_table_unref);
  g_clear_pointer (&l->items_by_name, g_hash_table_unref);
  g_clear_pointer (&l->department_by_key, g_hash_table_unref);
}

static gboolean
lookup_load (Lookup       *l,
             BsCatalogue  *catalogue,
             GError      **error)
{
  sqlite3_stmt *stmt;

  l->item_by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l->items_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_array);
  l->department_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(stmt = bs_catalogue_prepare (catalogue, "SELECT id, code, name, department_id FROM item ORDER BY id",
                                     error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 3) };
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      GArray *ids;

      g_hash_table_insert (l->item_by_code, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                           GSIZE_TO_POINTER ((gsize) pair[0]));
      if (!(ids = g_hash_table_lookup (l->items_by_name, name)))
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (l->items_by_name, g_strdup (name), ids);
        }
      g_array_append_vals (ids, pair, 2);
      l->n_items++;
    }
  sqlite3_reset (stmt);

  if (!(stmt = bs_catalogue_prepare (catalogue, "SELECT id, code, name FROM department ORDER BY id", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 1; c <= 2; c++)
      {
        const char *key = (const char *) sqlite3_column_text (stmt, c);

        if (!g_hash_table_contains (l->department_by_key, key))
          g_hash_table_insert (l->department_by_key, g_strdup (key),
                               GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
      }
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
lookup_item (Lookup     *l,
             const char *code,
             const char *name,
             gint64      department_id)
{
  GArray *ids;

  if (code != NULL && code[0] != '\0')
    {
      gpointer id = g_hash_table_lookup (l->item_by_code, code);

      if (id != NULL)
        return (gint64) GPOINTER_TO_SIZE (id);
    }
  if (name == NULL || name[0] == '\0' || !(ids = g_hash_table_lookup (l->items_by_name, name)))
    return 0;
  for (guint i = 0; department_id > 0 && i < ids->len; i += 2)
    if (g_array_index (ids, gint64, i + 1) == department_id)
      return g_array_index (ids, gint64, i);
  return g_array_index (ids, gint64, 0);
}

/* ------------------------------------------------------------------ */
/* Columns */

typedef enum
{
  FIELD_DAY,
  FIELD_ITEM_CODE,
  FIELD_ITEM_NAME,
  FIELD_APPLICANT,
  FIELD_CHANNEL,
  FIELD_DEPARTMENT,
  N_FIELDS
} Field;

/* Header names by field, the preferred first; compared after trimming
 * and lowering ASCII case. */
static const char *const field_headers[N_FIELDS][16] = {
  [FIELD_DAY] = { "办件日期", "受理时间", "受理日期", "申请时间", "申请日期", "办理日期", "办理时间",
                  "收件时间", "日期", "date", "day", "accept_date", "accepted", "handled", NULL },
  [FIELD_ITEM_CODE] = { "事项编码", "实施编码", "业务办理项编码", "基本编码", "事项代码", "item_code",
                        "task_code", "code", NULL },
  [FIELD_ITEM_NAME] = { "事项名称", "事项", "办理事项", "item_name", "item", "task_name", NULL },
  [FIELD_APPLICANT] = { "申请人证件号", "申请人证件号码", "证件号码", "证件号", "统一社会信用代码",
                        "身份证号", "申请人", "申请人名称", "applicant_id", "applicant", NULL },
  [FIELD_CHANNEL] = { "渠道", "办理渠道", "申请渠道", "受理渠道", "办理形式", "申请方式", "channel", NULL },
  [FIELD_DEPARTMENT] = { "部门", "受理部门", "办理部门", "实施机构", "实施主体", "department", "dept", NULL },
};

static const char *
field_name (Field field)
{
  switch (field)
    {
    case FIELD_DAY:
      return C_("record field", "day");
    case FIELD_ITEM_CODE:
      return C_("record field", "item code");
    case FIELD_ITEM_NAME:
      return C_("record field", "item name");
    case FIELD_APPLICANT:
      return C_("record field", "applicant");
    case FIELD_CHANNEL:
      return C_("record field", "channel");
    case FIELD_DEPARTMENT:
      return C_("record field", "department");
    case N_FIELDS:
    default:
      g_return_val_if_reached ("");
    }
}

static char *
normalise_header (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  const char *start = copy;

  /* A byte order mark left in a header, full-width spaces. */
  if (g_str_has_prefix (start, "\xEF\xBB\xBF"))
    start += 3;
  while (g_str_has_prefix (start, "　"))
    start += strlen ("　");
  return g_ascii_strdown (g_strstrip ((char *) start), -1);
}

static gboolean
map_columns (const char * const  *fields,
             guint                n_fields,
             int                  columns[N_FIELDS],
             GPtrArray           *described,
             GError             **error)
{
  int rank[N_FIELDS];
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint f = 0; f < N_FIELDS; f++)
    {
      columns[f] = -1;
      rank[f] = G_MAXINT;
    }
  for (guint c = 0; c < n_fields; c++)
    g_ptr_array_add (names, normalise_header (fields[c]));

  for (guint c = 0; c < n_fields; c++)
    for (guint f = 0; f < N_FIELDS; f++)
      for (int r = 0; field_headers[f][r] != NULL; r++)
        if (g_str_equal (g_ptr_array_index (names, c), field_headers[f][r]) && r < rank[f])
          {
            columns[f] = (int) c;
            rank[f] = r;
          }

  if (columns[FIELD_DAY] < 0 || columns[FIELD_APPLICANT] < 0 ||
      (columns[FIELD_ITEM_CODE] < 0 && columns[FIELD_ITEM_NAME] < 0))
    {
      g_autoptr(GString) missing = g_string_new (NULL);
      g_autofree char *found = NULL;

      if (columns[FIELD_DAY] < 0)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", _("the day (办件日期, 受理时间 …)"));
      if (columns[FIELD_ITEM_CODE] < 0 && columns[FIELD_ITEM_NAME] < 0)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", _("the item (事项编码 or 事项名称)"));
      if (columns[FIELD_APPLICANT] < 0)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "",
                                _("the applicant (申请人证件号, 申请人 …)"));
      g_ptr_array_add (names, NULL);
      found = g_strjoinv (", ", (char **) names->pdata);
      g_set_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_HEADER,
                   /* TRANSLATORS: the columns missing, then the headers of the file */
                   _("Line 1: the header lacks %s; its columns are: %s"), missing->str, found);
      return FALSE;
    }

  for (guint f = 0; f < N_FIELDS; f++)
    if (columns[f] >= 0)
      /* TRANSLATORS: how a column was read, e.g. "day ← 受理时间" */
      g_ptr_array_add (described, g_strdup_printf (_("%s ← %s"), field_name (f), fields[columns[f]]));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The report */

static void
problem_free (gpointer data)
{
  BsRecordProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

static void
unknown_item_free (gpointer data)
{
  BsUnknownItem *unknown = data;

  if (unknown == NULL)
    return;
  g_free (unknown->text);
  g_free (unknown);
}

void
bs_record_import_free (BsRecordImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->unknown_items, g_ptr_array_unref);
  g_free (self);
}

static void
add_problem (BsRecordImport *report,
             guint64         line,
             char           *message)
{
  BsRecordProblem *problem;

  report->n_bad++;
  if (report->problems->len >= BS_RECORDS_MAX_PROBLEMS)
    {
      g_free (message);
      return;
    }
  problem = g_new0 (BsRecordProblem, 1);
  problem->line = line;
  problem->message = message;
  g_ptr_array_add (report->problems, problem);
}

static int
compare_unknown (gconstpointer a,
                 gconstpointer b)
{
  const BsUnknownItem *x = *(BsUnknownItem * const *) a, *y = *(BsUnknownItem * const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->text, y->text);
}

static void
collect_unknown (BsRecordImport *report,
                 GHashTable     *unknown,
                 gint64          n_other)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (unknown_item_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, unknown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BsUnknownItem *item = g_new0 (BsUnknownItem, 1);

      item->text = g_strdup (key);
      item->count = (gint64) GPOINTER_TO_SIZE (value);
      g_ptr_array_add (all, item);
    }
  g_ptr_array_sort (all, compare_unknown);
  for (guint i = 0; i < all->len && i < BS_RECORDS_MAX_UNKNOWN; i++)
    g_ptr_array_add (report->unknown_items, g_steal_pointer (&all->pdata[i]));
  if (n_other > 0 && report->unknown_items->len < BS_RECORDS_MAX_UNKNOWN)
    {
      BsUnknownItem *item = g_new0 (BsUnknownItem, 1);

      item->text = g_strdup (_("(other names)"));
      item->count = n_other;
      g_ptr_array_add (report->unknown_items, item);
    }
}

/* ------------------------------------------------------------------ */
/* Import */

/* The applicant's key without surrounding spaces, ASCII upper-cased, in
 * @buffer; its length, 0 when empty. */
static gsize
normalise_key (const char *text,
               GString    *buffer)
{
  const char *end;

  while (*text == ' ' || *text == '\t')
    text++;
  end = text + strlen (text);
  while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  g_string_truncate (buffer, 0);
  for (const char *p = text; p < end; p++)
    g_string_append_c (buffer, g_ascii_toupper (*p));
  return buffer->len;
}

static const char *
field_at (const char * const *fields,
          guint               n_fields,
          int                 column)
{
  return column >= 0 && (guint) column < n_fields ? fields[column] : NULL;
}

BsRecordImport *
bs_records_import (BsCatalogue        *catalogue,
                   GInputStream       *stream,
                   guint64             size,
                   BsCsvEncoding       encoding,
                   GCancellable       *cancellable,
                   BsRecordsProgress   progress,
                   gpointer            user_data,
                   GError            **error)
{
  g_autoptr(BsRecordImport) report = g_new0 (BsRecordImport, 1);
  g_autoptr(BsCsvReader) reader = NULL;
  g_autoptr(GHashTable) unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) unknown_text = g_string_new (NULL);
  GError *local = NULL;
  const char * const *fields;
  guint n_fields;
  int columns[N_FIELDS];
  Lookup lookup = { 0 };
  Writer w = { 0 };
  gint64 n_other_unknown = 0;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (!bs_catalogue_in_edit (catalogue), NULL);

  report->columns = g_ptr_array_new_with_free_func (g_free);
  report->problems = g_ptr_array_new_with_free_func (problem_free);
  report->unknown_items = g_ptr_array_new_with_free_func (unknown_item_free);

  if (!(reader = bs_csv_reader_new (stream, encoding, 0, error)))
    return NULL;
  report->encoding = bs_csv_reader_get_encoding (reader);
  report->delimiter = bs_csv_reader_get_delimiter (reader);
  if (!bs_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      if (local == NULL)
        g_set_error_literal (&local, BS_CSV_ERROR, BS_CSV_ERROR_EMPTY, _("The file holds no records"));
      g_propagate_error (error, local);
      return NULL;
    }
  if (!map_columns (fields, n_fields, columns, report->columns, error))
    return NULL;

  /* The rows to come are estimated from the first ones (below). The items
   * are looked up inside the transaction: no other connection can delete
   * one meanwhile. */
  if (!writer_begin (&w, catalogue, -1, error) ||
      !lookup_load (&lookup, catalogue, error))
    goto failed;

  while (bs_csv_reader_next (reader, &fields, &n_fields, &local))
    {
      const char *day_text = field_at (fields, n_fields, columns[FIELD_DAY]);
      const char *code = field_at (fields, n_fields, columns[FIELD_ITEM_CODE]);
      const char *name = field_at (fields, n_fields, columns[FIELD_ITEM_NAME]);
      const char *applicant = field_at (fields, n_fields, columns[FIELD_APPLICANT]);
      const char *department = field_at (fields, n_fields, columns[FIELD_DEPARTMENT]);
      gint64 department_id = 0, item_id;
      gint32 day;
      gsize key_length;

      report->n_rows++;
      if (report->n_rows % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto failed;
          if (progress != NULL)
            progress (bs_csv_reader_get_offset (reader), size, report->n_rows, user_data);
          if (report->n_rows == CHECK_EVERY && size > 0 && bs_csv_reader_get_offset (reader) > 0 &&
              !writer_consider_indexes (&w, (gint64) ((double) size * report->n_rows /
                                                      bs_csv_reader_get_offset (reader)),
                                        error))
            goto failed;
        }

      if (day_text == NULL || !bs_records_parse_day (day_text, &day))
        {
          add_problem (report, bs_csv_reader_get_line (reader),
                       day_text == NULL || day_text[0] == '\0'
                         ? g_strdup (_("No day"))
                         /* TRANSLATORS: a date of a handling record that cannot be read */
                         : g_strdup_printf (_("“%s” is not a day (write it as 2024-03-05)"), day_text));
          continue;
        }
      if ((code == NULL || code[0] == '\0') && (name == NULL || name[0] == '\0'))
        {
          add_problem (report, bs_csv_reader_get_line (reader), g_strdup (_("No item code or name")));
          continue;
        }
      if (applicant == NULL || (key_length = normalise_key (applicant, key)) == 0)
        {
          add_problem (report, bs_csv_reader_get_line (reader), g_strdup (_("No applicant")));
          continue;
        }
      if (department != NULL && department[0] != '\0')
        department_id = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (lookup.department_by_key, department));

      if ((item_id = lookup_item (&lookup, code, name, department_id)) == 0)
        {
          gpointer count;

          report->n_unknown++;
          g_string_assign (unknown_text, code != NULL && code[0] != '\0' ? code : "");
          if (name != NULL && name[0] != '\0')
            g_string_append_printf (unknown_text, "%s%s", unknown_text->len ? " " : "", name);
          if (g_hash_table_lookup_extended (unknown, unknown_text->str, NULL, &count))
            g_hash_table_insert (unknown, g_strdup (unknown_text->str),
                                 GSIZE_TO_POINTER (GPOINTER_TO_SIZE (count) + 1));
          else if (g_hash_table_size (unknown) < MAX_UNKNOWN_NAMES)
            g_hash_table_insert (unknown, g_strdup (unknown_text->str), GSIZE_TO_POINTER (1));
          else
            n_other_unknown++;
          continue;
        }

      if (!writer_add (&w, day, item_id, key->str, key_length,
                       field_at (fields, n_fields, columns[FIELD_CHANNEL]), department_id, error))
        {
          g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, bs_csv_reader_get_line (reader));

          /* TRANSLATORS: before the message of an error on a line of a file */
          g_prefix_error (error, _("Line %s: "), line);
          goto failed;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      goto failed;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !writer_commit (&w, error))
    goto failed;

  if (progress != NULL)
    progress (bs_csv_reader_get_offset (reader), size, report->n_rows, user_data);
  report->n_imported = w.inserted;
  if (w.inserted > 0)
    {
      report->first_day = bs_records_day_to_date (w.first_day);
      report->last_day = bs_records_day_to_date (w.last_day);
    }
  collect_unknown (report, unknown, n_other_unknown);
  writer_clear (&w);
  lookup_clear (&lookup);
  return g_steal_pointer (&report);

failed:
  writer_clear (&w);
  lookup_clear (&lookup);
  return NULL;
}

BsRecordImport *
bs_records_import_file (BsCatalogue        *catalogue,
                        const char         *path,
                        BsCsvEncoding       encoding,
                        GCancellable       *cancellable,
                        BsRecordsProgress   progress,
                        gpointer            user_data,
                        GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  return bs_records_import (catalogue, G_INPUT_STREAM (stream),
                            info != NULL ? (guint64) g_file_info_get_size (info) : 0, encoding,
                            cancellable, progress, user_data, error);
}

double
bs_records_theme_demand (gint64   theme_id,
                         gpointer catalogue)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  double count = -1;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), -1);

  stmt = bs_catalogue_prepare (catalogue, "SELECT EXISTS (SELECT 1 FROM record)", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) == 0)
    {
      if (error != NULL)
        g_warning ("Could not read the handling records: %s", error->message);
      return -1;
    }
  sqlite3_reset (stmt);

  /* Per item, so that a theme does not look asked for just for holding
   * many items; through the index on (item, day): counts, not a scan. */
  stmt = bs_catalogue_prepare (catalogue,
                               "SELECT CAST (count(*) AS REAL) / "
                               "  max (1, (SELECT count(*) FROM theme_item WHERE theme_id = ?1)) "
                               "FROM record WHERE item_id IN "
                               "(SELECT item_id FROM theme_item WHERE theme_id = ?1)", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not count the handling records of a theme: %s", error->message);
      return -1;
    }
  sqlite3_bind_int64 (stmt, 1, theme_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
bs_records_clear (BsCatalogue  *catalogue,
                  GError      **error)
{
  g_autoptr(BsChanges) changes = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), FALSE);
  g_return_val_if_fail (!bs_catalogue_in_edit (catalogue), FALSE);

  if (!bs_catalogue_exec (catalogue, "BEGIN IMMEDIATE; DELETE FROM record; DELETE FROM channel; COMMIT;", error))
    {
      sqlite3_exec (bs_catalogue_get_db (catalogue), "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  changes = bs_changes_new (BS_CHANGE_EDIT, _("Delete Handling Records"));
  bs_changes_add_table (changes, BS_TABLE_RECORD);
  bs_changes_add_table (changes, BS_TABLE_CHANNEL);
  bs_catalogue_notify_changes (catalogue, changes);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Synthetic records */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  /* splitmix64: the same numbers on every platform. */
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53);
}

static guint64
rng_below (Rng     *rng,
           guint64  n)
{
  return n > 0 ? rng_next (rng) % n : 0;
}

typedef struct
{
  gint64 id;
  gint64 department_id;
  char *code;
  char *name;
  char *department;
} GenItem;

typedef struct
{
  GArray *items;       /* GenItem, in order of popularity (a shuffle of the catalogue) */
  double *cumulative;  /* Zipf weights, summed */
  GPtrArray *bundles;  /* BsPlantedBundle */
  GArray *bundle_items; /* per bundle: GArray of indexes into items */
  double *bundle_cumulative;
  GHashTable *theme_sets; /* theme id → GHashTable of item ids */
} Gen;

static void
gen_clear (Gen *g)
{
  if (g->items != NULL)
    for (guint i = 0; i < g->items->len; i++)
      {
        GenItem *item = &g_array_index (g->items, GenItem, i);

        g_free (item->code);
        g_free (item->name);
        g_free (item->department);
      }
  g_clear_pointer (&g->items, g_array_unref);
  g_clear_pointer (&g->cumulative, g_free);
  g_clear_pointer (&g->bundle_cumulative, g_free);
  g_clear_pointer (&g->bundles, g_ptr_array_unref);
  if (g->bundle_items != NULL)
    for (guint i = 0; i < g->bundle_items->len; i++)
      g_array_unref (g_array_index (g->bundle_items, GArray *, i));
  g_clear_pointer (&g->bundle_items, g_array_unref);
  g_clear_pointer (&g->theme_sets, g_hash_table_unref);
}

void
bs_planted_bundle_free (BsPlantedBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_array_unref (bundle->item_ids);
  g_free (bundle);
}

static gboolean
covered_by_a_theme (Gen    *g,
                    GArray *indexes)
{
  GHashTableIter iter;
  gpointer set;

  g_hash_table_iter_init (&iter, g->theme_sets);
  while (g_hash_table_iter_next (&iter, NULL, &set))
    {
      guint i;

      for (i = 0; i < indexes->len; i++)
        {
          gint64 id = g_array_index (g->items, GenItem, g_array_index (indexes, guint, i)).id;

          if (!g_hash_table_contains (set, &id))
            break;
        }
      if (i == indexes->len)
        return TRUE;
    }
  return FALSE;
}

static gint
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
free_hash_table (gpointer data)
{
  g_hash_table_unref (data);
}

static gboolean
gen_load (Gen                             *g,
          BsCatalogue                     *catalogue,
          const BsRecordsGenerateOptions  *options,
          Rng                             *rng,
          GError                         **error)
{
  static const guint bundle_sizes[] = { 5, 3, 4, 2, 6, 3, 4, 5 };
  sqlite3_stmt *stmt;
  guint n, n_bundles = options->n_bundles ? options->n_bundles : 5;
  double sum = 0;
  g_autofree gboolean *taken = NULL;

  g->items = g_array_new (FALSE, TRUE, sizeof (GenItem));
  g->bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_planted_bundle_free);
  g->bundle_items = g_array_new (FALSE, TRUE, sizeof (GArray *));
  g->theme_sets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_hash_table);

  if (!(stmt = bs_catalogue_prepare (catalogue,
                                     "SELECT item.id, item.code, item.name, item.department_id, department.name "
                                     "FROM item JOIN department ON department.id = item.department_id "
                                     "ORDER BY item.id",
                                     error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GenItem item = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 3),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 4)),
      };

      g_array_append_val (g->items, item);
    }
  sqlite3_reset (stmt);

  if (!(stmt = bs_catalogue_prepare (catalogue, "SELECT theme_id, item_id FROM theme_item", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 theme_id = sqlite3_column_int64 (stmt, 0), item_id = sqlite3_column_int64 (stmt, 1);
      GHashTable *set = g_hash_table_lookup (g->theme_sets, &theme_id);

      if (set == NULL)
        {
          set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (g->theme_sets, g_memdup2 (&theme_id, sizeof theme_id), set);
        }
      g_hash_table_add (set, g_memdup2 (&item_id, sizeof item_id));
    }
  sqlite3_reset (stmt);

  n = g->items->len;
  if (n < 4 * n_bundles + 8)
    {
      g_set_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_NO_ITEMS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The catalogue has %u item; synthetic records need at least %u",
                                "The catalogue has %u items; synthetic records need at least %u", n),
                   n, 4 * n_bundles + 8);
      return FALSE;
    }

  /* Popularity: a shuffle of the items, the i-th weighing 1 / (i + 1). */
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint) rng_below (rng, i + 1);
      GenItem t = g_array_index (g->items, GenItem, i);

      g_array_index (g->items, GenItem, i) = g_array_index (g->items, GenItem, j);
      g_array_index (g->items, GenItem, j) = t;
    }
  g->cumulative = g_new (double, n);
  for (guint i = 0; i < n; i++)
    g->cumulative[i] = (sum += 1.0 / (i + 1));

  /* Bundles: items of middling popularity (ranks n/8 … n/2: in a small
   * catalogue the first ranks are so popular that any pair of them looks
   * handled together by chance), disjoint, and not all in one theme. */
  taken = g_new0 (gboolean, n);
  g->bundle_cumulative = g_new (double, n_bundles);
  sum = 0;
  for (guint b = 0; b < n_bundles; b++)
    {
      guint size = bundle_sizes[b % G_N_ELEMENTS (bundle_sizes)];
      guint low = n / 8, high = MAX (n / 2, low + 2 * size);
      GArray *indexes = NULL;

      gboolean covered = TRUE;

      for (int attempt = 0; attempt < 1000 && covered; attempt++)
        {
          g_clear_pointer (&indexes, g_array_unref);
          indexes = g_array_new (FALSE, FALSE, sizeof (guint));
          for (guint tries = 0; indexes->len < size && tries < 10000; tries++)
            {
              guint i = low + (guint) rng_below (rng, high - low);
              gboolean dup = taken[i];

              for (guint k = 0; k < indexes->len && !dup; k++)
                dup = g_array_index (indexes, guint, k) == i;
              if (!dup)
                g_array_append_val (indexes, i);
            }
          covered = indexes->len < size || covered_by_a_theme (g, indexes);
        }
      if (indexes->len < size)
        {
          g_array_unref (indexes);
          g_set_error (error, BS_RECORDS_ERROR, BS_RECORDS_ERROR_NO_ITEMS,
                       _("The catalogue has too few items for %u bundles"), n_bundles);
          return FALSE;
        }
      for (guint k = 0; k < indexes->len; k++)
        taken[g_array_index (indexes, guint, k)] = TRUE;
      g_array_append_val (g->bundle_items, indexes);
      /* The first bundles are planted most. */
      g->bundle_cumulative[b] = (sum += 1.0 / (1.0 + 0.25 * b));

      {
        BsPlantedBundle *bundle = g_new0 (BsPlantedBundle, 1);

        bundle->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        bundle->covered = covered;
        for (guint k = 0; k < indexes->len; k++)
          g_array_append_val (bundle->item_ids,
                              g_array_index (g->items, GenItem, g_array_index (indexes, guint, k)).id);
        g_array_sort (bundle->item_ids, compare_int64);
        g_ptr_array_add (g->bundles, bundle);
      }
    }
  return TRUE;
}

static guint
pick_weighted (const double *cumulative,
               guint         n,
               Rng          *rng)
{
  double x = rng_double (rng) * cumulative[n - 1];
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* One record made: a sink writes it somewhere. */
typedef gboolean (*Sink) (gpointer      sink_data,
                          gint32        day,
                          const GenItem *item,
                          const char   *key,
                          const char   *channel,
                          GError      **error);

static void
applicant_key (guint64  applicant,
               char    *key)
{
  /* A made-up identity: 18 characters like an ID card number or, for
   * every fifth applicant, a unified social credit code. */
  guint64 x = applicant * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 12345;

  if (applicant % 5 == 0)
    g_snprintf (key, 24, "9144%014" G_GUINT64_FORMAT, x % G_GUINT64_CONSTANT (100000000000000));
  else
    g_snprintf (key, 24, "44%015" G_GUINT64_FORMAT "%c", x % G_GUINT64_CONSTANT (1000000000000000),
                "0123456789X"[applicant % 11]);
}

static const char *const channels[] = { "窗口", "网上办理", "自助终端", "快递" };
static const double channel_cumulative[] = { 0.55, 0.90, 0.97, 1.0 };

static const char *
pick_channel (Rng *rng)
{
  double x = rng_double (rng);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (x < channel_cumulative[i])
      return channels[i];
  return channels[0];
}

static int
compare_bundles (gconstpointer a,
                 gconstpointer b)
{
  const BsPlantedBundle *x = *(BsPlantedBundle * const *) a, *y = *(BsPlantedBundle * const *) b;

  return (x->n_applicants < y->n_applicants) - (x->n_applicants > y->n_applicants);
}

static GPtrArray *
generate (BsCatalogue                     *catalogue,
          const BsRecordsGenerateOptions  *options,
          Sink                             sink,
          gpointer                         sink_data,
          GCancellable                    *cancellable,
          BsRecordsProgress                progress,
          gpointer                         user_data,
          GError                         **error)
{
  Gen g = { 0 };
  Rng rng = { options->seed };
  gint32 first = bs_records_day_from_date (options->first_day != BS_DATE_NONE ? options->first_day
                                                                              : bs_date_new (2024, 1, 1));
  gint32 n_days = options->n_days > 0 ? (gint32) options->n_days : 730;
  guint64 n_applicants = MAX (50, (guint64) options->count / 6);
  /* Each agent handles about 1,000 records, whatever the count. */
  guint64 n_agents = MAX (1, (guint64) options->count / 50000);
  gint64 made = 0;
  guint n_bundles;
  char key[32];
  GPtrArray *bundles;

  if (!gen_load (&g, catalogue, options, &rng, error))
    {
      gen_clear (&g);
      return NULL;
    }
  n_bundles = g.bundles->len;

  while (made < options->count)
    {
      double kind = rng_double (&rng);
      /* Where in the period the episode starts, so that all of it fits in
       * (no pile-up on the last day). */
      double where = rng_double (&rng);
      gint32 start;
      guint64 applicant;

      if (made / CHECK_EVERY != (made + 6) / CHECK_EVERY)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto failed;
          if (progress != NULL)
            progress (0, 0, made, user_data);
        }

      if (kind < 0.06)
        {
          /* A bundle: its items (each nine times in ten, two at least)
           * within six weeks. */
          guint b = pick_weighted (g.bundle_cumulative, n_bundles, &rng);
          GArray *indexes = g_array_index (g.bundle_items, GArray *, b);
          BsPlantedBundle *bundle = g_ptr_array_index (g.bundles, b);
          guint emitted = 0;

          start = first + (gint32) (where * MAX (1, n_days - 43));
          applicant = rng_below (&rng, n_applicants);
          applicant_key (applicant, key);
          bundle->n_applicants++;
          for (guint k = 0; k < indexes->len && made < options->count; k++)
            {
              const GenItem *item = &g_array_index (g.items, GenItem, g_array_index (indexes, guint, k));
              gint32 day = start + (gint32) rng_below (&rng, 43);

              if (rng_double (&rng) >= 0.9 && emitted + (indexes->len - k) > 2)
                continue;
              if (!sink (sink_data, MIN (day, first + n_days - 1), item, key, pick_channel (&rng), error))
                goto failed;
              made++;
              emitted++;
            }
        }
      else
        {
          /* The background: one item or a few, popular ones most, over
           * half a year; one episode in a hundred an agent's. */
          guint k = 1;

          start = first + (gint32) (where * MAX (1, n_days - 181));
          while (k < 5 && rng_double (&rng) < 0.45)
            k++;
          if (kind > 0.99)
            applicant = n_applicants + rng_below (&rng, n_agents);
          else
            applicant = rng_below (&rng, n_applicants);
          applicant_key (applicant, key);
          for (guint e = 0; e < k && made < options->count; e++)
            {
              const GenItem *item = &g_array_index (g.items, GenItem,
                                                    pick_weighted (g.cumulative, g.items->len, &rng));
              gint32 day = start + (gint32) rng_below (&rng, 181);

              if (!sink (sink_data, MIN (day, first + n_days - 1), item, key, pick_channel (&rng), error))
                goto failed;
              made++;
            }
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;
  if (progress != NULL)
    progress (0, 0, made, user_data);

  bundles = g_steal_pointer (&g.bundles);
  g_ptr_array_sort (bundles, compare_bundles);
  gen_clear (&g);
  return bundles;

failed:
  gen_clear (&g);
  return NULL;
}

static gboolean
writer_sink (gpointer        sink_data,
             gint32          day,
             const GenItem  *item,
             const char     *key,
             const char     *channel,
             GError        **error)
{
  return writer_add (sink_data, day, item->id, key, strlen (key), channel, item->department_id, error);
}

GPtrArray *
bs_records_generate (BsCatalogue                     *catalogue,
                     const BsRecordsGenerateOptions  *options,
                     GCancellable                    *cancellable,
                     BsRecordsProgress                progress,
                     gpointer                         user_data,
                     GError                         **error)
{
  Writer w = { 0 };
  GPtrArray *bundles;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (options != NULL && options->count >= 0, NULL);
  g_return_val_if_fail (!bs_catalogue_in_edit (catalogue), NULL);

  if (!writer_begin (&w, catalogue, options->count, error))
    {
      writer_clear (&w);
      return NULL;
    }
  bundles = generate (catalogue, options, writer_sink, &w, cancellable, progress, user_data, error);
  if (bundles == NULL || !writer_commit (&w, error))
    {
      g_clear_pointer (&bundles, g_ptr_array_unref);
      writer_clear (&w);
      return NULL;
    }
  writer_clear (&w);
  return bundles;
}

typedef struct
{
  GOutputStream *stream;
  GString *buffer;
  GCancellable *cancellable;
} CsvSink;

static void
csv_append (GString    *out,
            const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *s = text; *s; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

static gboolean
csv_flush (CsvSink  *s,
           GError  **error)
{
  if (s->buffer->len > 0 &&
      !g_output_stream_write_all (s->stream, s->buffer->str, s->buffer->len, NULL, s->cancellable, error))
    return FALSE;
  g_string_truncate (s->buffer, 0);
  return TRUE;
}

static gboolean
csv_sink (gpointer        sink_data,
          gint32          day,
          const GenItem  *item,
          const char     *key,
          const char     *channel,
          GError        **error)
{
  CsvSink *s = sink_data;
  int y, m, d;
  guint64 seconds = ((guint64) day * 2654435761u + (guint64) strlen (key)) % 28800;

  bs_date_get_ymd (bs_records_day_to_date (day), &y, &m, &d);
  g_string_append_printf (s->buffer, "%04d-%02d-%02d %02d:%02d:%02d,", y, m, d,
                          (int) (8 + seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  csv_append (s->buffer, item->code);
  g_string_append_c (s->buffer, ',');
  csv_append (s->buffer, item->name);
  g_string_append_c (s->buffer, ',');
  csv_append (s->buffer, key);
  g_string_append_c (s->buffer, ',');
  csv_append (s->buffer, channel);
  g_string_append_c (s->buffer, ',');
  csv_append (s->buffer, item->department);
  g_string_append (s->buffer, "\r\n");
  return s->buffer->len < 1 << 20 || csv_flush (s, error);
}

GPtrArray *
bs_records_generate_csv (BsCatalogue                     *catalogue,
                         const BsRecordsGenerateOptions  *options,
                         GOutputStream                   *stream,
                         GCancellable                    *cancellable,
                         GError                         **error)
{
  CsvSink s = { stream, g_string_sized_new (1 << 20), cancellable };
  GPtrArray *bundles;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (options != NULL && options->count >= 0, NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  g_string_append (s.buffer, "受理时间,事项编码,事项名称,申请人证件号,渠道,部门\r\n");
  bundles = generate (catalogue, options, csv_sink, &s, cancellable, NULL, NULL, error);
  if (bundles != NULL && !csv_flush (&s, error))
    g_clear_pointer (&bundles, g_ptr_array_unref);
  g_string_free (s.buffer, TRUE);
  return bundles;
}
