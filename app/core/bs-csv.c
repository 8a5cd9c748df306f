/* bs-csv.c: a streaming reader of CSV files (RFC 4180)
 *
 * Two buffers: the raw bytes read from the stream, and the UTF-8 text
 * decoded from them (a copy after validation for UTF-8, g_iconv() for
 * GB18030). The parser walks the text with a small state machine and
 * copies field contents, in runs, into one record buffer that holds the
 * fields NUL-terminated one after the other; the buffers are reused from
 * record to record, so a record costs no allocation once they have grown.
 *
 * A decoding error does not stop the decoder at once: the valid text
 * before it is handed on, and the error is raised when the parser reaches
 * it, so it names the right line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-csv.h"

#define RAW_CHUNK (64 * 1024)
/* GB18030 to UTF-8 grows text by at most half (2 bytes → 3). */
#define TEXT_CAPACITY (RAW_CHUNK * 2 + 16)

G_DEFINE_QUARK (bs-csv-error-quark, bs_csv_error)

typedef enum
{
  PENDING_NONE,
  PENDING_INVALID,     /* bytes that are not text in the encoding */
  PENDING_TRUNCATED,   /* the stream ends inside a character */
} Pending;

typedef enum
{
  STATE_START_RECORD,
  STATE_START_FIELD,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_SEEN,
} State;

struct _BsCsvReader
{
  GInputStream *stream;
  BsCsvEncoding encoding;
  gboolean decided;            /* AUTO: FALSE while only ASCII has been seen */
  char delimiter;
  GIConv iconv;

  char *raw;                   /* RAW_CHUNK bytes */
  gsize raw_len;
  gboolean eof;
  gboolean started;            /* the byte order mark has been looked at */

  char *text;                  /* TEXT_CAPACITY bytes */
  gsize text_len;
  gsize text_pos;
  guint64 text_base_offset;    /* stream offset of the raw bytes behind text[0] */
  gsize text_raw_len;          /* raw bytes behind text[0 .. text_len) */
  Pending pending;

  guint64 line;                /* the line the parser is on */
  guint64 record_line;         /* where the last record started */
  guint64 n_records;
  gboolean after_cr;           /* a CR was the last character: skip one LF */

  char *rec;
  gsize rec_len;
  gsize rec_cap;
  gsize *offsets;
  guint n_offsets;
  guint offsets_cap;
  const char **fields;

  gsize max_field_bytes;
  guint max_fields;
  gsize max_record_bytes;

  GError *error;               /* sticky */
};

const char *
bs_csv_encoding_to_string (BsCsvEncoding encoding)
{
  switch (encoding)
    {
    case BS_CSV_ENCODING_UTF8:
      return "UTF-8";
    case BS_CSV_ENCODING_GB18030:
      return "GB18030";
    case BS_CSV_ENCODING_AUTO:
    default:
      return "auto";
    }
}

gboolean
bs_csv_encoding_from_string (const char    *text,
                             BsCsvEncoding *out_encoding)
{
  g_return_val_if_fail (out_encoding != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "auto") == 0)
    *out_encoding = BS_CSV_ENCODING_AUTO;
  else if (g_ascii_strcasecmp (text, "utf-8") == 0 || g_ascii_strcasecmp (text, "utf8") == 0)
    *out_encoding = BS_CSV_ENCODING_UTF8;
  else if (g_ascii_strcasecmp (text, "gb18030") == 0 || g_ascii_strcasecmp (text, "gbk") == 0 ||
           g_ascii_strcasecmp (text, "gb2312") == 0 || g_ascii_strcasecmp (text, "cp936") == 0)
    *out_encoding = BS_CSV_ENCODING_GB18030;
  else
    return FALSE;
  return TRUE;
}

gboolean
bs_csv_delimiter_from_string (const char *text,
                              gunichar   *out_delimiter)
{
  g_return_val_if_fail (out_delimiter != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (strcmp (text, ",") == 0 || g_ascii_strcasecmp (text, "comma") == 0)
    *out_delimiter = ',';
  else if (strcmp (text, ";") == 0 || g_ascii_strcasecmp (text, "semicolon") == 0)
    *out_delimiter = ';';
  else if (strcmp (text, "\t") == 0 || g_ascii_strcasecmp (text, "tab") == 0 ||
           strcmp (text, "\\t") == 0)
    *out_delimiter = '\t';
  else
    return FALSE;
  return TRUE;
}

static void
set_error (BsCsvReader *reader,
           GError     **error,
           BsCsvError   code,
           const char  *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (BsCsvReader *reader,
           GError     **error,
           BsCsvError   code,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_clear_error (&reader->error);
  reader->error = g_error_new_valist (BS_CSV_ERROR, code, format, args);
  va_end (args);
  if (error != NULL)
    *error = g_error_copy (reader->error);
}

static unsigned long long
line_number (guint64 line)
{
  return (unsigned long long) line;
}

/* --- Decoding --- */

static gboolean
open_gb18030 (BsCsvReader *reader,
              GError     **error)
{
  if (reader->iconv != (GIConv) -1)
    return TRUE;
  reader->iconv = g_iconv_open ("UTF-8", "GB18030");
  if (reader->iconv == (GIConv) -1)
    {
      set_error (reader, error, BS_CSV_ERROR_ENCODING,
                 _("This system cannot convert GB18030 text; save the file as UTF-8"));
      return FALSE;
    }
  return TRUE;
}

/* g_utf8_validate_len() that lets NUL bytes through: the parser reports
 * them, as a binary file, on their line. */
static gboolean
validate_utf8 (const char  *p,
               gsize        n,
               const char **end)
{
  const char *stop = p + n;

  while (!g_utf8_validate_len (p, (gsize) (stop - p), end))
    {
      if (**end != '\0')
        return FALSE;
      p = *end + 1;
    }
  *end = stop;
  return TRUE;
}

/* The @len bytes at @p are the start of a UTF-8 character, not all of it. */
static gboolean
is_incomplete_utf8 (const char *p,
                    gsize       len)
{
  return len > 0 && len < 4 &&
         g_utf8_get_char_validated (p, (gssize) len) == (gunichar) -2;
}

static void
append_text (BsCsvReader *reader,
             const char  *p,
             gsize        len)
{
  memcpy (reader->text + reader->text_len, p, len);
  reader->text_len += len;
}

/* Decodes what it can of raw[0 .. raw_len) into text; returns the number
 * of raw bytes used. */
static gsize
decode_utf8 (BsCsvReader *reader)
{
  const char *raw = reader->raw;
  gsize n = reader->raw_len;
  const char *end;

  if (validate_utf8 (raw, n, &end))
    {
      append_text (reader, raw, n);
      return n;
    }
  append_text (reader, raw, (gsize) (end - raw));
  if (!reader->eof && is_incomplete_utf8 (end, n - (gsize) (end - raw)))
    return (gsize) (end - raw);
  reader->pending = (reader->eof && is_incomplete_utf8 (end, n - (gsize) (end - raw)))
                    ? PENDING_TRUNCATED : PENDING_INVALID;
  return (gsize) (end - raw);
}

static gsize
decode_gb18030 (BsCsvReader *reader)
{
  char *in = reader->raw;
  gsize in_left = reader->raw_len;
  char *out = reader->text + reader->text_len;
  gsize out_left = TEXT_CAPACITY - reader->text_len;
  gsize result;

  result = g_iconv (reader->iconv, &in, &in_left, &out, &out_left);
  reader->text_len = (gsize) (out - reader->text);
  if (result == (gsize) -1)
    {
      if (errno == EINVAL)
        {
          if (reader->eof)
            reader->pending = PENDING_TRUNCATED;
        }
      else if (errno == EILSEQ)
        reader->pending = PENDING_INVALID;
      else
        g_assert (errno != E2BIG);
    }
  return (gsize) (in - reader->raw);
}

/* Multi-byte characters that make a text UTF-8 even with a bad byte after
 * them: GB18030 text rarely forms more than a few valid UTF-8 sequences in
 * a row. */
#define UTF8_EVIDENCE 16

static guint
count_utf8_characters (const char *start,
                       const char *end)
{
  guint n = 0;

  for (const char *p = start; p < end; p++)
    n += ((guchar) *p & 0xc0) == 0xc0;
  return n;
}

/* AUTO before any non-ASCII byte: ASCII passes as it is; the first
 * non-ASCII text decides between UTF-8 and GB18030. */
static gsize
decode_undecided (BsCsvReader *reader,
                  GError     **error)
{
  const char *raw = reader->raw;
  gsize n = reader->raw_len;
  gsize i = 0;
  const char *end;

  while (i < n && (guchar) raw[i] < 0x80)
    i++;
  if (i == n)
    {
      append_text (reader, raw, n);
      return n;
    }
  if (validate_utf8 (raw + i, n - i, &end) ||
      (!reader->eof && is_incomplete_utf8 (end, n - (gsize) (end - raw)) && end > raw + i))
    {
      reader->decided = TRUE;
      reader->encoding = BS_CSV_ENCODING_UTF8;
      return decode_utf8 (reader);
    }
  if (count_utf8_characters (raw + i, end) >= UTF8_EVIDENCE)
    {
      /* Plenty of UTF-8 before the first bad byte: a UTF-8 file with an
       * error, reported on its line, rather than GB18030. */
      reader->decided = TRUE;
      reader->encoding = BS_CSV_ENCODING_UTF8;
      return decode_utf8 (reader);
    }
  if (!reader->eof && end == raw + i && is_incomplete_utf8 (end, n - i))
    {
      /* Only the start of a character so far: wait for the rest. */
      append_text (reader, raw, i);
      return i;
    }
  reader->decided = TRUE;
  reader->encoding = BS_CSV_ENCODING_GB18030;
  if (!open_gb18030 (reader, error))
    return 0;
  return decode_gb18030 (reader);
}

static gboolean
read_raw (BsCsvReader *reader,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize n_read = 0;

  if (reader->eof || reader->raw_len == RAW_CHUNK)
    return TRUE;
  if (!g_input_stream_read_all (reader->stream, reader->raw + reader->raw_len,
                                RAW_CHUNK - reader->raw_len, &n_read, NULL, &local_error))
    {
      set_error (reader, error, BS_CSV_ERROR_IO, _("Could not read line %llu: %s"),
                 line_number (reader->line), local_error->message);
      return FALSE;
    }
  if (reader->raw_len + n_read < RAW_CHUNK)
    reader->eof = TRUE;
  reader->raw_len += n_read;
  return TRUE;
}

static gboolean
check_start (BsCsvReader *reader,
             GError     **error)
{
  const guchar *raw = (const guchar *) reader->raw;
  gsize n = reader->raw_len;

  reader->started = TRUE;
  if (n >= 2 && ((raw[0] == 0xff && raw[1] == 0xfe) || (raw[0] == 0xfe && raw[1] == 0xff)))
    {
      set_error (reader, error, BS_CSV_ERROR_ENCODING,
                 _("Line 1: the file is in UTF-16, which is not supported; "
                   "save it as CSV in UTF-8 or GB18030"));
      return FALSE;
    }
  if (n >= 4 && ((raw[0] == 'P' && raw[1] == 'K' && raw[2] == 3 && raw[3] == 4) ||
                 (raw[0] == 0xd0 && raw[1] == 0xcf && raw[2] == 0x11 && raw[3] == 0xe0)))
    {
      set_error (reader, error, BS_CSV_ERROR_BINARY,
                 _("Line 1: this is a spreadsheet workbook, not a CSV file; "
                   "save it as CSV first"));
      return FALSE;
    }
  if (n >= 3 && raw[0] == 0xef && raw[1] == 0xbb && raw[2] == 0xbf &&
      reader->encoding != BS_CSV_ENCODING_GB18030)
    {
      reader->encoding = BS_CSV_ENCODING_UTF8;
      reader->decided = TRUE;
      memmove (reader->raw, reader->raw + 3, n - 3);
      reader->raw_len -= 3;
      reader->text_base_offset += 3;
    }
  else if (n >= 4 && raw[0] == 0x84 && raw[1] == 0x31 && raw[2] == 0x95 && raw[3] == 0x33 &&
           reader->encoding != BS_CSV_ENCODING_UTF8)
    {
      /* The GB18030 byte order mark. */
      reader->encoding = BS_CSV_ENCODING_GB18030;
      reader->decided = TRUE;
      memmove (reader->raw, reader->raw + 4, n - 4);
      reader->raw_len -= 4;
      reader->text_base_offset += 4;
    }
  if (reader->encoding == BS_CSV_ENCODING_GB18030 && !open_gb18030 (reader, error))
    return FALSE;
  return TRUE;
}

static gboolean
raise_pending (BsCsvReader *reader,
               GError     **error)
{
  BsCsvEncoding encoding = reader->encoding;

  if (reader->pending == PENDING_TRUNCATED)
    set_error (reader, error, BS_CSV_ERROR_ENCODING,
               _("Line %llu: the file ends in the middle of a %s character; is it complete?"),
               line_number (reader->line), bs_csv_encoding_to_string (encoding));
  else if (encoding == BS_CSV_ENCODING_GB18030)
    set_error (reader, error, BS_CSV_ERROR_ENCODING,
               _("Line %llu: the text is not valid GB18030 (GBK); choose the encoding "
                 "the file was saved in"),
               line_number (reader->line));
  else
    set_error (reader, error, BS_CSV_ERROR_ENCODING,
               _("Line %llu: the text is not valid UTF-8; a file saved by Excel on "
                 "Chinese Windows is usually GB18030"),
               line_number (reader->line));
  return FALSE;
}

/* Refills the text buffer once the parser has used all of it. FALSE at
 * the end of the stream (error unset) or on an error. */
static gboolean
fill (BsCsvReader *reader,
      GError     **error)
{
  reader->text_base_offset += reader->text_raw_len;
  reader->text_raw_len = 0;
  reader->text_len = 0;
  reader->text_pos = 0;

  while (reader->text_len == 0)
    {
      gsize used;

      if (reader->pending != PENDING_NONE)
        return raise_pending (reader, error);
      if (!read_raw (reader, error))
        return FALSE;
      if (!reader->started && !check_start (reader, error))
        return FALSE;
      if (reader->raw_len == 0)
        return FALSE;

      if (!reader->decided)
        {
          used = decode_undecided (reader, error);
          if (reader->error != NULL)
            return FALSE;
        }
      else if (reader->encoding == BS_CSV_ENCODING_GB18030)
        used = decode_gb18030 (reader);
      else
        used = decode_utf8 (reader);

      memmove (reader->raw, reader->raw + used, reader->raw_len - used);
      reader->raw_len -= used;
      reader->text_raw_len += used;
      if (used == 0 && reader->pending == PENDING_NONE && reader->eof)
        {
          /* Nothing more can be decoded and nothing more will come. */
          reader->pending = PENDING_TRUNCATED;
        }
    }
  return TRUE;
}

/* --- The record --- */

static gboolean
grow_record (BsCsvReader *reader,
             gsize        len,
             GError     **error)
{
  gsize needed = reader->rec_len + len + 1;

  if (needed > reader->max_record_bytes)
    {
      g_autofree char *size = g_format_size (reader->max_record_bytes);

      set_error (reader, error, BS_CSV_ERROR_RECORD_TOO_LONG,
                 _("Line %llu: the record is longer than %s; is a quote never closed?"),
                 line_number (reader->record_line), size);
      return FALSE;
    }
  if (needed > reader->rec_cap)
    {
      reader->rec_cap = MAX (needed, reader->rec_cap * 2);
      reader->rec = g_realloc (reader->rec, reader->rec_cap);
    }
  return TRUE;
}

static inline gboolean
append (BsCsvReader *reader,
        gsize        field_start,
        const char  *p,
        gsize        len,
        GError     **error)
{
  if (reader->rec_len - field_start + len > reader->max_field_bytes)
    {
      g_autofree char *size = g_format_size (reader->max_field_bytes);

      set_error (reader, error, BS_CSV_ERROR_FIELD_TOO_LONG,
                 _("Line %llu: a field is longer than %s; is a quote never closed, "
                   "or the separator wrong?"),
                 line_number (reader->line), size);
      return FALSE;
    }
  if ((reader->rec_len + len + 1 > reader->rec_cap ||
       reader->rec_len + len + 1 > reader->max_record_bytes) &&
      !grow_record (reader, len, error))
    return FALSE;
  memcpy (reader->rec + reader->rec_len, p, len);
  reader->rec_len += len;
  return TRUE;
}

static gboolean
end_field (BsCsvReader *reader,
           gsize        field_start,
           GError     **error)
{
  if (reader->n_offsets >= reader->max_fields)
    {
      set_error (reader, error, BS_CSV_ERROR_TOO_MANY_FIELDS,
                 _("Line %llu: the record has more than %u fields; is the separator right?"),
                 line_number (reader->record_line), reader->max_fields);
      return FALSE;
    }
  if ((reader->rec_len + 1 > reader->rec_cap || reader->rec_len + 1 > reader->max_record_bytes) &&
      !grow_record (reader, 0, error))
    return FALSE;
  reader->rec[reader->rec_len++] = '\0';
  if (reader->n_offsets == reader->offsets_cap)
    {
      reader->offsets_cap = MAX (16, reader->offsets_cap * 2);
      reader->offsets = g_renew (gsize, reader->offsets, reader->offsets_cap);
      reader->fields = g_renew (const char *, reader->fields, reader->offsets_cap + 1);
    }
  reader->offsets[reader->n_offsets++] = field_start;
  return TRUE;
}

static void
finish_record (BsCsvReader         *reader,
               const char * const **fields,
               guint               *n_fields)
{
  for (guint i = 0; i < reader->n_offsets; i++)
    reader->fields[i] = reader->rec + reader->offsets[i];
  reader->fields[reader->n_offsets] = NULL;
  reader->n_records++;
  if (fields != NULL)
    *fields = (const char * const *) reader->fields;
  if (n_fields != NULL)
    *n_fields = reader->n_offsets;
}

static gboolean
nul_error (BsCsvReader *reader,
           GError     **error)
{
  set_error (reader, error, BS_CSV_ERROR_BINARY,
             _("Line %llu: a NUL byte; this is a binary file (or UTF-16 text), not CSV"),
             line_number (reader->line));
  return FALSE;
}

gboolean
bs_csv_reader_next (BsCsvReader         *reader,
                    const char * const **fields,
                    guint               *n_fields,
                    GError             **error)
{
  State state = STATE_START_RECORD;
  gsize field_start = 0;
  guint64 quote_line = 0;
  const char delimiter = reader->delimiter;

  g_return_val_if_fail (reader != NULL, FALSE);

  if (reader->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (reader->error);
      return FALSE;
    }

  reader->rec_len = 0;
  reader->n_offsets = 0;

  for (;;)
    {
      const char *text;
      gsize pos, len;
      char c;

      if (reader->text_pos == reader->text_len && !fill (reader, error))
        {
          if (reader->error != NULL)
            return FALSE;
          switch (state)
            {
            case STATE_START_RECORD:
              return FALSE;
            case STATE_QUOTED:
              set_error (reader, error, BS_CSV_ERROR_QUOTE,
                         _("Line %llu: the quote that opens a field here is never closed"),
                         line_number (quote_line));
              return FALSE;
            case STATE_START_FIELD:
            case STATE_UNQUOTED:
            case STATE_QUOTE_SEEN:
            default:
              if (!end_field (reader, field_start, error))
                return FALSE;
              finish_record (reader, fields, n_fields);
              return TRUE;
            }
        }

      text = reader->text;
      pos = reader->text_pos;
      len = reader->text_len;
      c = text[pos];

      if (reader->after_cr)
        {
          reader->after_cr = FALSE;
          if (c == '\n')
            {
              reader->text_pos = pos + 1;
              continue;
            }
        }

      switch (state)
        {
        case STATE_START_RECORD:
          if (c == '\n' || c == '\r')
            {
              /* A blank line. */
              reader->line++;
              reader->after_cr = c == '\r';
              reader->text_pos = pos + 1;
              break;
            }
          reader->record_line = reader->line;
          state = STATE_START_FIELD;
          break;

        case STATE_START_FIELD:
          field_start = reader->rec_len;
          if (c == '"')
            {
              quote_line = reader->line;
              state = STATE_QUOTED;
              reader->text_pos = pos + 1;
            }
          else if (c == delimiter)
            {
              if (!end_field (reader, field_start, error))
                return FALSE;
              reader->text_pos = pos + 1;
            }
          else if (c == '\n' || c == '\r')
            {
              if (!end_field (reader, field_start, error))
                return FALSE;
              reader->line++;
              reader->after_cr = c == '\r';
              reader->text_pos = pos + 1;
              finish_record (reader, fields, n_fields);
              return TRUE;
            }
          else
            state = STATE_UNQUOTED;
          break;

        case STATE_UNQUOTED:
          {
            gsize start = pos;

            while (pos < len)
              {
                c = text[pos];
                if (c == delimiter || c == '\n' || c == '\r' || c == '"' || c == '\0')
                  break;
                pos++;
              }
            if (pos > start && !append (reader, field_start, text + start, pos - start, error))
              return FALSE;
            reader->text_pos = pos;
            if (pos == len)
              break;
            if (c == delimiter)
              {
                if (!end_field (reader, field_start, error))
                  return FALSE;
                reader->text_pos = pos + 1;
                state = STATE_START_FIELD;
              }
            else if (c == '\n' || c == '\r')
              {
                if (!end_field (reader, field_start, error))
                  return FALSE;
                reader->line++;
                reader->after_cr = c == '\r';
                reader->text_pos = pos + 1;
                finish_record (reader, fields, n_fields);
                return TRUE;
              }
            else if (c == '"')
              {
                set_error (reader, error, BS_CSV_ERROR_QUOTE,
                           _("Line %llu: a quote inside a field that does not start with one; "
                             "enclose the field in quotes and double the quotes inside it"),
                           line_number (reader->line));
                return FALSE;
              }
            else
              return nul_error (reader, error);
          }
          break;

        case STATE_QUOTED:
          {
            gsize start = pos;

            while (pos < len)
              {
                c = text[pos];
                if (c == '"' || c == '\n' || c == '\r' || c == '\0')
                  break;
                pos++;
              }
            if (pos > start && !append (reader, field_start, text + start, pos - start, error))
              return FALSE;
            reader->text_pos = pos;
            if (pos == len)
              break;
            if (c == '"')
              state = STATE_QUOTE_SEEN;
            else if (c == '\n' || c == '\r')
              {
                /* A line break inside the field: kept, as LF. */
                if (!append (reader, field_start, "\n", 1, error))
                  return FALSE;
                reader->line++;
                reader->after_cr = c == '\r';
              }
            else
              return nul_error (reader, error);
            reader->text_pos = pos + 1;
          }
          break;

        case STATE_QUOTE_SEEN:
          if (c == '"')
            {
              if (!append (reader, field_start, "\"", 1, error))
                return FALSE;
              state = STATE_QUOTED;
              reader->text_pos = pos + 1;
            }
          else if (c == delimiter)
            {
              if (!end_field (reader, field_start, error))
                return FALSE;
              state = STATE_START_FIELD;
              reader->text_pos = pos + 1;
            }
          else if (c == '\n' || c == '\r')
            {
              if (!end_field (reader, field_start, error))
                return FALSE;
              reader->line++;
              reader->after_cr = c == '\r';
              reader->text_pos = pos + 1;
              finish_record (reader, fields, n_fields);
              return TRUE;
            }
          else if (c == '\0')
            return nul_error (reader, error);
          else
            {
              set_error (reader, error, BS_CSV_ERROR_QUOTE,
                         _("Line %llu: text after the closing quote of a field; a quote "
                           "inside a quoted field must be doubled (\"\")"),
                         line_number (reader->line));
              return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* --- Setting up --- */

/* Skips blank lines before the first record and picks the separator from
 * the first record (as far as the first chunk of text holds it). */
static gboolean
prepare (BsCsvReader *reader,
         gunichar     delimiter,
         GError     **error)
{
  guint n_comma = 0, n_tab = 0, n_semicolon = 0;
  gboolean quoted = FALSE;

  for (;;)
    {
      char c;

      if (reader->text_pos == reader->text_len && !fill (reader, error))
        {
          if (reader->error == NULL)
            set_error (reader, error, BS_CSV_ERROR_EMPTY,
                       _("Line %llu: the file ends here without any text; it is empty"),
                       line_number (reader->line));
          return FALSE;
        }
      c = reader->text[reader->text_pos];
      if (reader->after_cr)
        {
          reader->after_cr = FALSE;
          if (c == '\n')
            {
              reader->text_pos++;
              continue;
            }
        }
      if (c != '\n' && c != '\r')
        break;
      reader->line++;
      reader->after_cr = c == '\r';
      reader->text_pos++;
    }

  if (delimiter != 0)
    {
      reader->delimiter = (char) delimiter;
      return TRUE;
    }

  for (gsize i = reader->text_pos; i < reader->text_len; i++)
    {
      char c = reader->text[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        n_comma++;
      else if (c == '\t')
        n_tab++;
      else if (c == ';')
        n_semicolon++;
    }
  if (n_tab > n_comma && n_tab >= n_semicolon)
    reader->delimiter = '\t';
  else if (n_semicolon > n_comma && n_semicolon > n_tab)
    reader->delimiter = ';';
  else
    reader->delimiter = ',';
  return TRUE;
}

BsCsvReader *
bs_csv_reader_new (GInputStream   *stream,
                   BsCsvEncoding   encoding,
                   gunichar        delimiter,
                   GError        **error)
{
  BsCsvReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (delimiter != 0 && (delimiter >= 0x80 || delimiter == '"' || delimiter == '\n' ||
                         delimiter == '\r' || delimiter == '\0'))
    {
      g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_DELIMITER,
                   _("The separator must be one ASCII character other than a quote or a "
                     "line break, such as a comma, a tab or a semicolon"));
      return NULL;
    }

  reader = g_new0 (BsCsvReader, 1);
  reader->stream = g_object_ref (stream);
  reader->encoding = encoding;
  reader->decided = encoding != BS_CSV_ENCODING_AUTO;
  reader->iconv = (GIConv) -1;
  reader->raw = g_malloc (RAW_CHUNK);
  reader->text = g_malloc (TEXT_CAPACITY);
  reader->line = 1;
  reader->record_line = 1;
  reader->max_field_bytes = BS_CSV_DEFAULT_MAX_FIELD_BYTES;
  reader->max_fields = BS_CSV_DEFAULT_MAX_FIELDS;
  reader->max_record_bytes = BS_CSV_DEFAULT_MAX_RECORD_BYTES;
  reader->offsets_cap = 16;
  reader->offsets = g_new (gsize, reader->offsets_cap);
  reader->fields = g_new (const char *, reader->offsets_cap + 1);
  reader->rec_cap = 1024;
  reader->rec = g_malloc (reader->rec_cap);

  if (!prepare (reader, delimiter, error))
    {
      bs_csv_reader_free (reader);
      return NULL;
    }
  return reader;
}

void
bs_csv_reader_free (BsCsvReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->iconv != (GIConv) -1)
    g_iconv_close (reader->iconv);
  g_clear_object (&reader->stream);
  g_clear_error (&reader->error);
  g_free (reader->raw);
  g_free (reader->text);
  g_free (reader->rec);
  g_free (reader->offsets);
  g_free (reader->fields);
  g_free (reader);
}

void
bs_csv_reader_set_limits (BsCsvReader *reader,
                          gsize        max_field_bytes,
                          guint        max_fields,
                          gsize        max_record_bytes)
{
  g_return_if_fail (reader != NULL);

  if (max_field_bytes != 0)
    reader->max_field_bytes = max_field_bytes;
  if (max_fields != 0)
    reader->max_fields = max_fields;
  if (max_record_bytes != 0)
    reader->max_record_bytes = max_record_bytes;
}

guint64
bs_csv_reader_get_line (BsCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->record_line;
}

guint64
bs_csv_reader_get_record_count (BsCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->n_records;
}

guint64
bs_csv_reader_get_offset (BsCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  if (reader->text_len == 0)
    return reader->text_base_offset + reader->text_raw_len;
  return reader->text_base_offset +
         (guint64) reader->text_raw_len * reader->text_pos / reader->text_len;
}

BsCsvEncoding
bs_csv_reader_get_encoding (BsCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, BS_CSV_ENCODING_UTF8);

  return reader->encoding == BS_CSV_ENCODING_AUTO ? BS_CSV_ENCODING_UTF8 : reader->encoding;
}

gunichar
bs_csv_reader_get_delimiter (BsCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, ',');

  return (gunichar) (guchar) reader->delimiter;
}
