/* bs-date.h: calendar dates of the rollout (start, due, completion,
 * decision dates)
 *
 * A BsDate is a day number: GDate's Julian day (1 is 0001-01-01), 0 for
 * "no date". So dates compare with <, and the days between two are a
 * subtraction. In the database and in JSON a date is ISO 8601 text,
 * "YYYY-MM-DD".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 BsDate;

#define BS_DATE_NONE ((BsDate) 0)
/* Room for "YYYY-MM-DD" and its NUL. */
#define BS_DATE_ISO_SIZE 11

/* 0 when the day does not exist (2026-02-30) or is out of GDate's range. */
BsDate       bs_date_new          (int          year,
                                   int          month,
                                   int          day);
/* Exactly "YYYY-MM-DD" (years 0001–9999) naming a real day; FALSE for
 * anything else, *out_date untouched. */
gboolean     bs_date_parse        (const char  *text,
                                   BsDate      *out_date);
/* Writes "YYYY-MM-DD" into @buffer (BS_DATE_ISO_SIZE bytes) and returns it;
 * "" for BS_DATE_NONE. */
const char  *bs_date_format       (BsDate       date,
                                   char        *buffer);
/* A newly allocated "YYYY-MM-DD", or NULL for BS_DATE_NONE. */
char        *bs_date_to_string    (BsDate       date);
/* The calendar day of @date_time in its own time zone. */
BsDate       bs_date_from_date_time (GDateTime *date_time);
void         bs_date_get_ymd      (BsDate       date,
                                   int         *out_year,
                                   int         *out_month,
                                   int         *out_day);

G_END_DECLS
