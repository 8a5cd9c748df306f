/* test-csv.c: the streaming CSV reader: RFC 4180 quoting, encodings and
 * separators (detected and chosen), line numbers, malformed input refused
 * with the line, and input far larger than what the reader holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "banshi-core.h"

typedef struct
{
  GPtrArray *records;   /* GStrv */
  GArray *lines;        /* guint64 */
  GError *error;        /* from new() or next() */
  gboolean failed_at_open;
  BsCsvEncoding encoding;
  gunichar delimiter;
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  g_ptr_array_unref (parsed->records);
  g_array_unref (parsed->lines);
  g_clear_error (&parsed->error);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static Parsed *
parse_full (const char    *data,
            gssize         length,
            BsCsvEncoding  encoding,
            gunichar       delimiter,
            gsize          max_field,
            guint          max_fields,
            gsize          max_record)
{
  Parsed *parsed = g_new0 (Parsed, 1);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(BsCsvReader) reader = NULL;
  const char * const *fields;
  guint n;

  if (length < 0)
    length = (gssize) strlen (data);
  parsed->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  parsed->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, (gsize) length), length, g_free);
  reader = bs_csv_reader_new (stream, encoding, delimiter, &parsed->error);
  if (reader == NULL)
    {
      g_assert_nonnull (parsed->error);
      parsed->failed_at_open = TRUE;
      return parsed;
    }
  g_assert_no_error (parsed->error);
  bs_csv_reader_set_limits (reader, max_field, max_fields, max_record);
  parsed->encoding = bs_csv_reader_get_encoding (reader);
  parsed->delimiter = bs_csv_reader_get_delimiter (reader);
  while (bs_csv_reader_next (reader, &fields, &n, &parsed->error))
    {
      guint64 line = bs_csv_reader_get_line (reader);

      g_assert_cmpuint (n, >=, 1);
      g_assert_null (fields[n]);
      g_ptr_array_add (parsed->records, g_strdupv ((char **) fields));
      g_array_append_val (parsed->lines, line);
    }
  /* The end, or the error, stays. */
  if (parsed->error == NULL)
    {
      g_assert_false (bs_csv_reader_next (reader, &fields, &n, &parsed->error));
      g_assert_no_error (parsed->error);
    }
  else
    {
      g_autoptr(GError) again = NULL;

      g_assert_false (bs_csv_reader_next (reader, &fields, &n, &again));
      g_assert_error (again, parsed->error->domain, parsed->error->code);
    }
  parsed->encoding = bs_csv_reader_get_encoding (reader);
  return parsed;
}

static Parsed *
parse (const char    *data,
       BsCsvEncoding  encoding,
       gunichar       delimiter)
{
  return parse_full (data, -1, encoding, delimiter, 0, 0, 0);
}

/* Asserts the records, given as "a|b|c" per record ("|" separates fields). */
static void
assert_records (Parsed      *parsed,
                const char **expected)
{
  guint n = 0;

  g_assert_no_error (parsed->error);
  while (expected[n] != NULL)
    n++;
  g_assert_cmpuint (parsed->records->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) want = g_strsplit (expected[i], "|", -1);
      char **got = g_ptr_array_index (parsed->records, i);

      g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
      for (guint j = 0; want[j] != NULL; j++)
        g_assert_cmpstr (got[j], ==, want[j]);
    }
}

static guint64
line_of (Parsed *parsed,
         guint   record)
{
  return g_array_index (parsed->lines, guint64, record);
}

static char *
to_gb18030 (const char *utf8,
            gsize      *out_length)
{
  g_autoptr(GError) error = NULL;
  char *converted = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, out_length, &error);

  g_assert_no_error (error);
  return converted;
}

static void
test_rfc4180 (void)
{
  g_autoptr(Parsed) p = parse ("name,code,notes\r\n"
                               "plain,001,\"with, comma\"\r\n"
                               "\"quoted \"\"word\"\"\",\"\",x\r\n"
                               ",,\r\n"
                               "last,002,no newline",
                               BS_CSV_ENCODING_AUTO, 0);
  const char *expected[] = {
    "name|code|notes",
    "plain|001|with, comma",
    "quoted \"word\"||x",
    "||",
    "last|002|no newline",
    NULL,
  };

  assert_records (p, expected);
  g_assert_cmpuint (p->delimiter, ==, ',');
  g_assert_cmpint (p->encoding, ==, BS_CSV_ENCODING_UTF8);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (line_of (p, i), ==, i + 1);
}

static void
test_quoted_newlines (void)
{
  /* LF, CRLF and CR inside quotes all become LF; lines still count. */
  g_autoptr(Parsed) p = parse ("h1,h2\n"
                               "\"one\ntwo\",x\n"
                               "\"crlf\r\ninside\r\n\",y\r\n"
                               "\"cr\rinside\",z\r"
                               "after,w\n",
                               BS_CSV_ENCODING_AUTO, 0);
  const char *expected[] = {
    "h1|h2",
    "one\ntwo|x",
    "crlf\ninside\n|y",
    "cr\ninside|z",
    "after|w",
    NULL,
  };

  assert_records (p, expected);
  g_assert_cmpuint (line_of (p, 0), ==, 1);
  g_assert_cmpuint (line_of (p, 1), ==, 2);
  g_assert_cmpuint (line_of (p, 2), ==, 4);
  g_assert_cmpuint (line_of (p, 3), ==, 7);
  g_assert_cmpuint (line_of (p, 4), ==, 9);
}

static void
test_blank_lines (void)
{
  g_autoptr(Parsed) p = parse ("\n\r\na,b\n\n\r\n1,2\r\n\n", BS_CSV_ENCODING_AUTO, 0);
  const char *expected[] = { "a|b", "1|2", NULL };

  assert_records (p, expected);
  g_assert_cmpuint (line_of (p, 0), ==, 3);
  g_assert_cmpuint (line_of (p, 1), ==, 6);
}

static void
test_header_only (void)
{
  g_autoptr(Parsed) p = parse ("事项名称,实施编码\n", BS_CSV_ENCODING_AUTO, 0);
  const char *expected[] = { "事项名称|实施编码", NULL };

  assert_records (p, expected);
}

static void
test_utf8_bom (void)
{
  const char *expected[] = { "事项名称|部门", "开餐馆|市场监管局", NULL };
  g_autoptr(Parsed) with_bom = parse ("\xef\xbb\xbf事项名称,部门\n开餐馆,市场监管局\n",
                                      BS_CSV_ENCODING_AUTO, 0);
  g_autoptr(Parsed) without = parse ("事项名称,部门\n开餐馆,市场监管局\n", BS_CSV_ENCODING_AUTO, 0);
  g_autoptr(Parsed) forced = parse ("\xef\xbb\xbf事项名称,部门\n开餐馆,市场监管局\n",
                                    BS_CSV_ENCODING_UTF8, 0);

  assert_records (with_bom, expected);
  assert_records (without, expected);
  assert_records (forced, expected);
  g_assert_cmpint (with_bom->encoding, ==, BS_CSV_ENCODING_UTF8);
  g_assert_cmpint (without->encoding, ==, BS_CSV_ENCODING_UTF8);
}

static void
test_gb18030 (void)
{
  const char *text = "事项名称;部门;备注\n"
                     "食品经营许可;市场监督管理局;\"多行\n说明；😀\"\n"
                     "户外招牌设置;城市管理局;䶮\n";
  const char *expected[] = {
    "事项名称|部门|备注",
    "食品经营许可|市场监督管理局|多行\n说明；😀",
    "户外招牌设置|城市管理局|䶮",
    NULL,
  };
  gsize length;
  g_autofree char *gb = to_gb18030 (text, &length);
  g_autoptr(Parsed) detected = parse_full (gb, (gssize) length, BS_CSV_ENCODING_AUTO, 0, 0, 0, 0);
  g_autoptr(Parsed) forced = parse_full (gb, (gssize) length, BS_CSV_ENCODING_GB18030, 0, 0, 0, 0);
  g_autoptr(Parsed) wrong = parse_full (gb, (gssize) length, BS_CSV_ENCODING_UTF8, 0, 0, 0, 0);
  /* Plain ASCII read as GB18030 is the same text. */
  g_autoptr(Parsed) ascii = parse ("a,b\n1,2\n", BS_CSV_ENCODING_GB18030, 0);
  const char *ascii_expected[] = { "a|b", "1|2", NULL };

  g_assert_true (memcmp (gb, text, 8) != 0);
  assert_records (detected, expected);
  g_assert_cmpint (detected->encoding, ==, BS_CSV_ENCODING_GB18030);
  g_assert_cmpuint (detected->delimiter, ==, ';');
  g_assert_cmpuint (line_of (detected, 2), ==, 4);
  assert_records (forced, expected);
  g_assert_error (wrong->error, BS_CSV_ERROR, BS_CSV_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (wrong->error->message, "Line 1:"));
  assert_records (ascii, ascii_expected);
  g_assert_cmpint (ascii->encoding, ==, BS_CSV_ENCODING_GB18030);
}

/* The first non-ASCII text comes after the first chunk: the decision is
 * made there, and the rows before it are unharmed. */
static void
test_late_detection (void)
{
  g_autoptr(GString) text = g_string_new ("code,name\n");
  gsize length;
  g_autofree char *gb = NULL;
  g_autofree char *utf8_copy = NULL;
  g_autoptr(Parsed) p = NULL;
  g_autoptr(Parsed) u = NULL;
  char **last;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (text, "C%05u,item %u\n", i, i);
  g_string_append (text, "C99999,开办餐饮店\n");
  utf8_copy = g_strdup (text->str);
  gb = to_gb18030 (text->str, &length);
  p = parse_full (gb, (gssize) length, BS_CSV_ENCODING_AUTO, 0, 0, 0, 0);
  g_assert_no_error (p->error);
  g_assert_cmpint (p->encoding, ==, BS_CSV_ENCODING_GB18030);
  g_assert_cmpuint (p->records->len, ==, 10002);
  last = g_ptr_array_index (p->records, 10001);
  g_assert_cmpstr (last[1], ==, "开办餐饮店");
  g_assert_cmpuint (line_of (p, 10001), ==, 10002);

  u = parse (utf8_copy, BS_CSV_ENCODING_AUTO, 0);
  g_assert_no_error (u->error);
  g_assert_cmpint (u->encoding, ==, BS_CSV_ENCODING_UTF8);
  last = g_ptr_array_index (u->records, 10001);
  g_assert_cmpstr (last[1], ==, "开办餐饮店");
}

/* Multi-byte characters cut by the chunk boundaries, in both encodings. */
static void
test_chunk_boundaries (void)
{
  g_autoptr(GString) text = g_string_new ("n,v\n");
  gsize length;
  g_autofree char *gb = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "%u,\"中文😀%u\"\"\n行\"\n", i, i);
  gb = to_gb18030 (text->str, &length);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(Parsed) p = pass == 0 ? parse (text->str, BS_CSV_ENCODING_AUTO, 0)
                                      : parse_full (gb, (gssize) length, BS_CSV_ENCODING_AUTO,
                                                    0, 0, 0, 0);

      g_assert_no_error (p->error);
      g_assert_cmpint (p->encoding, ==, pass == 0 ? BS_CSV_ENCODING_UTF8 : BS_CSV_ENCODING_GB18030);
      g_assert_cmpuint (p->records->len, ==, 20001);
      for (guint i = 0; i < 20000; i++)
        {
          char **record = g_ptr_array_index (p->records, i + 1);
          g_autofree char *want = g_strdup_printf ("中文😀%u\"\n行", i);

          g_assert_cmpstr (record[1], ==, want);
          g_assert_cmpuint (line_of (p, i + 1), ==, 2 + 2 * (guint64) i);
        }
    }
}

static void
test_delimiters (void)
{
  struct
  {
    const char *text;
    gunichar chosen;
    gunichar expected;
    const char *first;
  } cases[] = {
    { "a,b,c\n1,2,3\n", 0, ',', "a|b|c" },
    { "a\tb\tc\n1\t2\t3\n", 0, '\t', "a|b|c" },
    { "a;b;c\n1;2;3\n", 0, ';', "a|b|c" },
    /* Separators inside quotes do not count. */
    { "\"a;b;c;d\",e\n", 0, ',', "a;b;c;d|e" },
    { "\"x,y\";\"z,w\";v\n", 0, ';', "x,y|z,w|v" },
    /* A comma in a tab-separated header. */
    { "name, long\tcode\tdept\n", 0, '\t', "name, long|code|dept" },
    /* None: comma. */
    { "single\nrow\n", 0, ',', "single" },
    /* Chosen: the file's commas are text. */
    { "a,b;c\n", ';', ';', "a,b|c" },
    { "a,b\tc\n", '\t', '\t', "a,b|c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Parsed) p = parse (cases[i].text, BS_CSV_ENCODING_AUTO, cases[i].chosen);
      g_auto(GStrv) want = g_strsplit (cases[i].first, "|", -1);
      char **got;

      g_assert_no_error (p->error);
      g_assert_cmpuint (p->delimiter, ==, cases[i].expected);
      got = g_ptr_array_index (p->records, 0);
      g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
      for (guint j = 0; want[j] != NULL; j++)
        g_assert_cmpstr (got[j], ==, want[j]);
    }
}

static void
test_bad_delimiter (void)
{
  const gunichar bad[] = { '"', '\n', '\r', 0x3001 /* 、 */ };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Parsed) p = parse ("a,b\n", BS_CSV_ENCODING_AUTO, bad[i]);

      g_assert_true (p->failed_at_open);
      g_assert_error (p->error, BS_CSV_ERROR, BS_CSV_ERROR_DELIMITER);
    }
}

static void
test_names (void)
{
  BsCsvEncoding encoding;
  gunichar delimiter;

  g_assert_true (bs_csv_encoding_from_string ("GBK", &encoding));
  g_assert_cmpint (encoding, ==, BS_CSV_ENCODING_GB18030);
  g_assert_true (bs_csv_encoding_from_string ("utf-8", &encoding));
  g_assert_cmpint (encoding, ==, BS_CSV_ENCODING_UTF8);
  g_assert_true (bs_csv_encoding_from_string ("auto", &encoding));
  g_assert_cmpint (encoding, ==, BS_CSV_ENCODING_AUTO);
  g_assert_false (bs_csv_encoding_from_string ("latin1", &encoding));
  g_assert_true (bs_csv_delimiter_from_string ("tab", &delimiter));
  g_assert_cmpuint (delimiter, ==, '\t');
  g_assert_true (bs_csv_delimiter_from_string (";", &delimiter));
  g_assert_cmpuint (delimiter, ==, ';');
  g_assert_false (bs_csv_delimiter_from_string ("|x", &delimiter));
}

typedef struct
{
  const char *name;
  const char *data;
  gssize length;
  BsCsvEncoding encoding;
  gsize max_field;
  guint max_fields;
  gsize max_record;
  int code;
  guint64 line;
} Malformed;

static void
test_malformed (void)
{
  g_autofree char *gb = NULL;
  g_autoptr(GString) deep = g_string_new ("h\n");
  gsize gb_length;
  const char utf16[] = "\xff\xfe" "a\0,\0b\0";
  const char xlsx[] = "PK\x03\x04\x14\0\x06\0";
  const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
  const char nul_field[] = "a,b\n1,x\0y\n";
  const char nul_quoted[] = "a\n\"x\n\0\"\n";
  const char nul_gb[] = "a\n\xd6\xd0\0\n";

  gb = to_gb18030 ("编码,名称\n001,事项\n", &gb_length);
  for (guint i = 0; i < 998; i++)
    g_string_append_printf (deep, "row %u\n", i);
  g_string_append (deep, "\"never closed\n...\n");

  {
    const Malformed cases[] = {
      { "unterminated quote at the end", "a,b\n1,\"abc\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 2 },
      { "unterminated quote over lines", "a\n\"x\ny\nz", -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 2 },
      { "unterminated quote deep in the file", deep->str, -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 1000 },
      { "text after a closing quote", "a,b\n\"x\"y,1\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 2 },
      { "space after a closing quote", "a,b\n1,2\n\"x\" ,1\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 3 },
      { "closing quote then text after a quoted newline", "a\n\"x\ny\"z\n", -1, 0, 0, 0, 0,
        BS_CSV_ERROR_QUOTE, 3 },
      { "quote inside an unquoted field", "a,b\nab\"c,1\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_QUOTE, 2 },
      { "invalid UTF-8 when forced", "a\nok\n\xff\n", -1, BS_CSV_ENCODING_UTF8, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 3 },
      { "bad continuation byte when forced", "a\n\xc3\x28\n", -1, BS_CSV_ENCODING_UTF8, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 2 },
      { "GB18030 read as UTF-8", gb, (gssize) gb_length, BS_CSV_ENCODING_UTF8, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 1 },
      { "truncated UTF-8 at the end", "a\n\xe4\xb8", -1, BS_CSV_ENCODING_UTF8, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 2 },
      { "a bad byte in UTF-8 text (detected)", "a\n中文中文中文中文中文中文中文中文\n\xff\n", -1, 0, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 3 },
      { "invalid GB18030 (detected)", "a\nb\n\x81\x20x\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_ENCODING, 3 },
      { "invalid GB18030 when forced", "a\nb\nc\n\xff\n", -1, BS_CSV_ENCODING_GB18030, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 4 },
      { "truncated GB18030 at the end", "a\n\x81", -1, BS_CSV_ENCODING_GB18030, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 2 },
      { "UTF-16 with a byte order mark", utf16, sizeof utf16 - 1, 0, 0, 0, 0,
        BS_CSV_ERROR_ENCODING, 1 },
      { "NUL in a field", nul_field, sizeof nul_field - 1, 0, 0, 0, 0, BS_CSV_ERROR_BINARY, 2 },
      { "NUL in a quoted field", nul_quoted, sizeof nul_quoted - 1, 0, 0, 0, 0, BS_CSV_ERROR_BINARY, 3 },
      { "NUL in GB18030 text", nul_gb, sizeof nul_gb - 1, BS_CSV_ENCODING_GB18030, 0, 0, 0,
        BS_CSV_ERROR_BINARY, 2 },
      { "an Excel workbook (xlsx)", xlsx, sizeof xlsx - 1, 0, 0, 0, 0, BS_CSV_ERROR_BINARY, 1 },
      { "an Excel workbook (xls)", xls, sizeof xls - 1, 0, 0, 0, 0, BS_CSV_ERROR_BINARY, 1 },
      { "field over the size limit", "a\n12345678901\n", -1, 0, 10, 0, 0,
        BS_CSV_ERROR_FIELD_TOO_LONG, 2 },
      { "quoted field over the size limit", "a\n\"1234\n5678\n901\"\n", -1, 0, 10, 0, 0,
        BS_CSV_ERROR_FIELD_TOO_LONG, 4 },
      { "too many fields", "a\n1,2,3\n1,2,3,4\n", -1, 0, 0, 3, 0, BS_CSV_ERROR_TOO_MANY_FIELDS, 3 },
      { "record over the size limit", "a\n1234,5678,9012,3456,7890\n", -1, 0, 0, 0, 16,
        BS_CSV_ERROR_RECORD_TOO_LONG, 2 },
      { "empty file", "", 0, 0, 0, 0, 0, BS_CSV_ERROR_EMPTY, 1 },
      { "blank lines only", "\r\n\n\r\n", -1, 0, 0, 0, 0, BS_CSV_ERROR_EMPTY, 4 },
      { "byte order mark only", "\xef\xbb\xbf", -1, 0, 0, 0, 0, BS_CSV_ERROR_EMPTY, 1 },
    };

    g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 20);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const Malformed *c = &cases[i];
        g_autoptr(Parsed) p = parse_full (c->data, c->length, c->encoding, 0, c->max_field,
                                          c->max_fields, c->max_record);
        g_autofree char *prefix = g_strdup_printf ("Line %" G_GUINT64_FORMAT ":", c->line);

        g_test_message ("%s: %s", c->name, p->error ? p->error->message : "(no error)");
        g_assert_error (p->error, BS_CSV_ERROR, c->code);
        g_assert_true (g_str_has_prefix (p->error->message, prefix));
        if (strstr (c->name, "UTF-8") != NULL)
          g_assert_nonnull (strstr (p->error->message, "UTF-8"));
      }
  }
}

/* A stream that makes up its rows as it is read: never all in memory. */
typedef struct
{
  GInputStream parent_instance;
  guint64 n_rows;
  guint64 next_row;
  gboolean endless_field;   /* one quoted field that never ends */
  guint64 produced;
  GString *pending;
} GenStream;

typedef struct
{
  GInputStreamClass parent_class;
} GenStreamClass;

static GType gen_stream_get_type (void);
G_DEFINE_TYPE (GenStream, gen_stream, G_TYPE_INPUT_STREAM)

static gssize
gen_stream_read (GInputStream  *stream,
                 void          *buffer,
                 gsize          count,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GenStream *self = (GenStream *) stream;
  gsize n;

  while (self->pending->len < count)
    {
      if (self->endless_field)
        {
          if (self->produced == 0 && self->pending->len == 0)
            g_string_append (self->pending, "h\n\"");
          g_string_append (self->pending, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
      else if (self->next_row <= self->n_rows)
        {
          if (self->next_row == 0)
            g_string_append (self->pending, "id,name,text\r\n");
          else
            g_string_append_printf (self->pending, "%" G_GUINT64_FORMAT ",事项%" G_GUINT64_FORMAT
                                    ",\"two\r\nlines\"\r\n",
                                    self->next_row, self->next_row);
          self->next_row++;
        }
      else
        break;
    }
  n = MIN (count, self->pending->len);
  memcpy (buffer, self->pending->str, n);
  g_string_erase (self->pending, 0, (gssize) n);
  self->produced += n;
  return (gssize) n;
}

static void
gen_stream_finalize (GObject *object)
{
  g_string_free (((GenStream *) object)->pending, TRUE);
  G_OBJECT_CLASS (gen_stream_parent_class)->finalize (object);
}

static void
gen_stream_class_init (GenStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gen_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = gen_stream_read;
}

static void
gen_stream_init (GenStream *self)
{
  self->pending = g_string_new (NULL);
}

static void
test_huge_rows (void)
{
  g_autoptr(GError) error = NULL;
  GenStream *gen = g_object_new (gen_stream_get_type (), NULL);
  g_autoptr(GInputStream) stream = G_INPUT_STREAM (gen);
  g_autoptr(BsCsvReader) reader = NULL;
  const char * const *fields;
  guint n;
  guint64 count = 0, last_offset = 0;
  /* What the reader may hold beyond what it returned: its chunk of raw
   * bytes, its decoded text, and what the stream buffers. */
  const guint64 slack = 3 * 64 * 1024;

  gen->n_rows = 1000000;
  reader = bs_csv_reader_new (stream, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_true (bs_csv_reader_next (reader, &fields, &n, &error));
  g_assert_cmpstr (fields[1], ==, "name");
  while (bs_csv_reader_next (reader, &fields, &n, &error))
    {
      guint64 offset = bs_csv_reader_get_offset (reader);

      count++;
      if (count % 1000 == 0 || count == 1)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

          g_assert_cmpuint (n, ==, 3);
          g_assert_cmpstr (fields[0], ==, id);
          g_assert_cmpstr (fields[2], ==, "two\nlines");
          g_assert_cmpuint (bs_csv_reader_get_line (reader), ==, 2 * count);
        }
      g_assert_cmpuint (offset, >=, last_offset);
      g_assert_cmpuint (gen->produced, <=, offset + slack);
      last_offset = offset;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, gen->n_rows);
  g_assert_cmpuint (bs_csv_reader_get_record_count (reader), ==, gen->n_rows + 1);
  g_assert_cmpuint (bs_csv_reader_get_offset (reader), ==, gen->produced);
  g_assert_cmpuint (gen->produced, >, 30 * 1000 * 1000);
}

static void
test_huge_field (void)
{
  g_autoptr(GError) error = NULL;
  GenStream *gen = g_object_new (gen_stream_get_type (), NULL);
  g_autoptr(GInputStream) stream = G_INPUT_STREAM (gen);
  g_autoptr(BsCsvReader) reader = NULL;
  const char * const *fields;
  guint n;

  gen->endless_field = TRUE;
  reader = bs_csv_reader_new (stream, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_true (bs_csv_reader_next (reader, &fields, &n, &error));
  g_assert_false (bs_csv_reader_next (reader, &fields, &n, &error));
  g_assert_error (error, BS_CSV_ERROR, BS_CSV_ERROR_FIELD_TOO_LONG);
  g_assert_true (g_str_has_prefix (error->message, "Line 2:"));
  /* It stopped soon after the limit, not at the end of the (endless) file. */
  g_assert_cmpuint (gen->produced, <=, BS_CSV_DEFAULT_MAX_FIELD_BYTES + 3 * 64 * 1024);
}

/* A million rows stream through, each counted once. How fast is for
 * build-aux/bench (bench-records parses a million rows) to say: tests
 * check behaviour, not time. */
static void
test_speed (void)
{
  g_autoptr(GString) text = g_string_new ("date,item,applicant,channel,department\n");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(BsCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n;
  guint64 count = 0;
  gint64 start;
  double seconds;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_printf (text, "2025-03-%02u,ITEM%04u,k%07u,online,\"部门, %u\"\n",
                            i % 28 + 1, i % 3000, i, i % 50);
  stream = g_memory_input_stream_new_from_data (text->str, (gssize) text->len, NULL);
  start = g_get_monotonic_time ();
  reader = bs_csv_reader_new (stream, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  while (bs_csv_reader_next (reader, &fields, &n, &error))
    count++;
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1000001);
  g_test_message ("1,000,000 rows (%zu bytes) in %.3f s", text->len, seconds);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/csv/quoted-newlines", test_quoted_newlines);
  g_test_add_func ("/csv/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/header-only", test_header_only);
  g_test_add_func ("/csv/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/gb18030", test_gb18030);
  g_test_add_func ("/csv/late-detection", test_late_detection);
  g_test_add_func ("/csv/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/csv/delimiters", test_delimiters);
  g_test_add_func ("/csv/bad-delimiter", test_bad_delimiter);
  g_test_add_func ("/csv/names", test_names);
  g_test_add_func ("/csv/malformed", test_malformed);
  g_test_add_func ("/csv/huge-rows", test_huge_rows);
  g_test_add_func ("/csv/huge-field", test_huge_field);
  g_test_add_func ("/csv/speed", test_speed);

  return g_test_run ();
}
