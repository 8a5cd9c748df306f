/* bs-date.c: calendar dates as day numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bs-date.h"

BsDate
bs_date_new (int year,
             int month,
             int day)
{
  GDate date;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy (day, month, year))
    return BS_DATE_NONE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static int
digits (const char *text,
        int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }
  return value;
}

gboolean
bs_date_parse (const char *text,
               BsDate     *out_date)
{
  int year, month, day;
  BsDate date;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  year = digits (text, 4);
  month = digits (text + 5, 2);
  day = digits (text + 8, 2);
  if (year < 0 || month < 0 || day < 0)
    return FALSE;
  date = bs_date_new (year, month, day);
  if (date == BS_DATE_NONE)
    return FALSE;
  *out_date = date;
  return TRUE;
}

void
bs_date_get_ymd (BsDate  date,
                 int    *out_year,
                 int    *out_month,
                 int    *out_day)
{
  GDate d;

  g_return_if_fail (date != BS_DATE_NONE);

  g_date_clear (&d, 1);
  g_date_set_julian (&d, date);
  *out_year = g_date_get_year (&d);
  *out_month = g_date_get_month (&d);
  *out_day = g_date_get_day (&d);
}

const char *
bs_date_format (BsDate  date,
                char   *buffer)
{
  int year, month, day;

  if (date == BS_DATE_NONE)
    {
      buffer[0] = '\0';
      return buffer;
    }
  bs_date_get_ymd (date, &year, &month, &day);
  g_snprintf (buffer, BS_DATE_ISO_SIZE, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

char *
bs_date_to_string (BsDate date)
{
  char buffer[BS_DATE_ISO_SIZE];

  if (date == BS_DATE_NONE)
    return NULL;
  return g_strdup (bs_date_format (date, buffer));
}

BsDate
bs_date_from_date_time (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, BS_DATE_NONE);

  return bs_date_new (g_date_time_get_year (date_time),
                      g_date_time_get_month (date_time),
                      g_date_time_get_day_of_month (date_time));
}
