/* bs-csv.h: a streaming reader of CSV files (RFC 4180)
 *
 * Reads a GInputStream in chunks, never the whole file: quoted fields with
 * doubled quotes and line breaks inside them; LF, CRLF or CR line ends;
 * UTF-8 with or without a byte order mark, or GB18030 (which covers GBK
 * and GB2312), detected or chosen; comma, tab or semicolon separators,
 * detected from the first record or chosen. Fields come back as UTF-8.
 * Blank lines between records are skipped.
 *
 * Every error names the line it was found on, so a person can open the
 * file at that line and fix it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_CSV_ERROR (bs_csv_error_quark ())

typedef enum
{
  BS_CSV_ERROR_ENCODING,          /* not valid text in the encoding */
  BS_CSV_ERROR_QUOTE,             /* unterminated quote, text after a closing quote,
                                   * a quote inside an unquoted field */
  BS_CSV_ERROR_FIELD_TOO_LONG,    /* a field over the size limit */
  BS_CSV_ERROR_TOO_MANY_FIELDS,   /* a record over the field limit */
  BS_CSV_ERROR_EMPTY,             /* no record at all */
  BS_CSV_ERROR_HEADER,            /* for users of the reader: a header that does not fit */
  BS_CSV_ERROR_BINARY,            /* NUL bytes: not a text file (a workbook, an image …) */
  BS_CSV_ERROR_IO,                /* reading the stream failed */
  BS_CSV_ERROR_RECORD_TOO_LONG,   /* a record over the size limit */
  BS_CSV_ERROR_DELIMITER,         /* a separator that is not one byte of ASCII */
  BS_CSV_ERROR_ROW,               /* for users of the reader: a record that does not fit */
} BsCsvError;

typedef enum
{
  BS_CSV_ENCODING_AUTO,
  BS_CSV_ENCODING_UTF8,
  BS_CSV_ENCODING_GB18030,
} BsCsvEncoding;

/* Default limits (bs_csv_reader_set_limits()). */
#define BS_CSV_DEFAULT_MAX_FIELD_BYTES  (1024 * 1024)
#define BS_CSV_DEFAULT_MAX_FIELDS       4096
#define BS_CSV_DEFAULT_MAX_RECORD_BYTES (16 * 1024 * 1024)

typedef struct _BsCsvReader BsCsvReader;

GQuark        bs_csv_error_quark          (void);

/* Reads the first chunk of @stream to detect the encoding (AUTO: a UTF-8
 * byte order mark, else UTF-8 when the text is valid UTF-8, else GB18030;
 * a file whose first non-ASCII text comes late is decided there) and, when
 * @delimiter is 0, the separator (the most frequent of comma, tab and
 * semicolon outside quotes in the first record; comma when none).
 * @delimiter, when given, must be ASCII. Fails with BS_CSV_ERROR_EMPTY on a
 * file without any record, BS_CSV_ERROR_BINARY on a binary file. */
BsCsvReader  *bs_csv_reader_new           (GInputStream   *stream,
                                           BsCsvEncoding   encoding,
                                           gunichar        delimiter,
                                           GError        **error);
void          bs_csv_reader_free          (BsCsvReader    *reader);

/* 0 leaves a limit as it is. */
void          bs_csv_reader_set_limits    (BsCsvReader    *reader,
                                           gsize           max_field_bytes,
                                           guint           max_fields,
                                           gsize           max_record_bytes);

/* The next record: @fields (@n_fields of them, at least 1) are UTF-8,
 * owned by the reader and valid until the next call. Returns FALSE at the
 * end (error unset) or on an error, whose message names the line. After an
 * error the reader returns FALSE with the same kind of error. */
gboolean      bs_csv_reader_next          (BsCsvReader         *reader,
                                           const char * const **fields,
                                           guint               *n_fields,
                                           GError             **error);
/* The 1-based line where the last record returned starts. */
guint64       bs_csv_reader_get_line      (BsCsvReader    *reader);
/* The number of records returned so far. */
guint64       bs_csv_reader_get_record_count (BsCsvReader *reader);
/* Bytes of the stream consumed so far (for progress; exact for UTF-8). */
guint64       bs_csv_reader_get_offset    (BsCsvReader    *reader);
/* The encoding in use; never AUTO. */
BsCsvEncoding bs_csv_reader_get_encoding  (BsCsvReader    *reader);
gunichar      bs_csv_reader_get_delimiter (BsCsvReader    *reader);

/* "UTF-8", "GB18030" (not translated; encoding names). */
const char   *bs_csv_encoding_to_string   (BsCsvEncoding  encoding);
/* "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312" (any case); FALSE for others. */
gboolean      bs_csv_encoding_from_string (const char     *text,
                                           BsCsvEncoding  *out_encoding);
/* ",", ";", "tab"/"\t", "comma", "semicolon"; FALSE for others. */
gboolean      bs_csv_delimiter_from_string (const char    *text,
                                            gunichar      *out_delimiter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCsvReader, bs_csv_reader_free)

G_END_DECLS
