/* bs-spreadsheet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bs-spreadsheet.h"

void
bs_csv_append_field (GString    *out,
                     const char *text,
                     gboolean    guard)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

  guard = guard && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
  quote = quote || guard;
  if (quote)
    g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *s = text; *s != '\0'; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  if (quote)
    g_string_append_c (out, '"');
}

GBytes *
bs_spreadsheet_to_bytes (BsSpreadsheetWriteFunc   write,
                         gconstpointer            data,
                         GQuark                   domain,
                         int                      code,
                         GError                 **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  char *contents = NULL;
  gsize length = 0;
  int fd;

  if ((fd = g_file_open_tmp ("banshi-XXXXXX.xlsx", &name, &local)) < 0)
    {
      g_set_error (error, domain, code, _("Could not make the spreadsheet: %s"), local->message);
      return NULL;
    }
  close (fd);
  if (!write (data, name, error))
    {
      g_unlink (name);
      return NULL;
    }
  if (!g_file_get_contents (name, &contents, &length, &local))
    {
      g_unlink (name);
      g_set_error (error, domain, code, _("Could not make the spreadsheet: %s"), local->message);
      return NULL;
    }
  g_unlink (name);
  return g_bytes_new_take (contents, length);
}

static gboolean
fail (const char  *path,
      int          saved_errno,
      GQuark       domain,
      int          code,
      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, domain, code, _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int      fd,
           GBytes  *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          if (written == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += written;
      length -= (gsize) written;
    }
  return g_fsync (fd) == 0 || errno == EINVAL;
}

gboolean
bs_spreadsheet_replace_file (const char              *path,
                             GBytes                  *bytes,
                             BsSpreadsheetWriteFunc   write,
                             gconstpointer            data,
                             GQuark                   domain,
                             int                      code,
                             GError                 **error)
{
  g_autofree char *temporary = g_strconcat (path, ".XXXXXX", NULL);
  /* As any new file: 0666 less the umask, not mkstemp's 0600. */
  int fd = g_mkstemp_full (temporary, O_RDWR, 0666);

  g_return_val_if_fail (bytes != NULL || write != NULL, FALSE);

  if (fd < 0)
    return fail (path, errno, domain, code, error);

  if (bytes != NULL)
    {
      if (!write_all (fd, bytes))
        {
          int saved_errno = errno;

          close (fd);
          g_unlink (temporary);
          return fail (path, saved_errno, domain, code, error);
        }
      if (close (fd) != 0)
        {
          int saved_errno = errno;

          g_unlink (temporary);
          return fail (path, saved_errno, domain, code, error);
        }
    }
  else
    {
      /* libxlsxwriter writes the file by its name. */
      close (fd);
      if (!write (data, temporary, error))
        {
          g_unlink (temporary);
          return FALSE;
        }
    }

  if (g_rename (temporary, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temporary);
      return fail (path, saved_errno, domain, code, error);
    }
  return TRUE;
}
