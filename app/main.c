/* main.c: the Banshi GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "Banshi"

#include <locale.h>

#include <glib/gi18n.h>

#include "bs-application.h"

int
main (int   argc,
      char *argv[])
{
  /* The startup benchmark measures from here to the first frame. */
  gint64 start_time = g_get_monotonic_time ();
  g_autoptr(BsApplication) app = NULL;
  const char *localedir = g_getenv ("BANSHI_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* BANSHI_LOCALEDIR: translations of a build that is not installed. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && localedir[0] ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Banshi"));

  app = bs_application_new (start_time);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
