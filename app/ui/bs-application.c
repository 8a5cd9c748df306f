/* bs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bs-application.h"
#include "bs-catalogue-json.h"
#include "bs-import-dialog.h"
#include "bs-tooltips.h"
#include "bs-ui-resources.h"
#include "bs-window.h"

#define MAX_RECENT 10

struct _BsApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  GMenu *recent_menu;
  gint64 start_time;
};

G_DEFINE_FINAL_TYPE (BsApplication, bs_application, ADW_TYPE_APPLICATION)

static BsWindow *
get_window (BsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL && BS_IS_WINDOW (window))
    return BS_WINDOW (window);
  return bs_window_new (self);
}

/* Recent catalogues */

static void
rebuild_recent_menu (BsApplication *self)
{
  g_auto(GStrv) paths = NULL;

  g_menu_remove_all (self->recent_menu);
  if (self->settings == NULL)
    return;

  paths = g_settings_get_strv (self->settings, "recent-catalogues");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *label = g_filename_display_basename (paths[i]);
      g_autoptr(GMenuItem) item = NULL;

      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
        continue;
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "app.open-recent", "s", paths[i]);
      g_menu_append_item (self->recent_menu, item);
    }
}

void
bs_application_add_recent (BsApplication *self,
                           const char    *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) paths = NULL;
  guint n = 1;

  g_return_if_fail (BS_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  if (self->settings == NULL)
    return;

  old = g_settings_get_strv (self->settings, "recent-catalogues");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  paths = g_strv_builder_end (builder);

  g_settings_delay (self->settings);
  g_settings_set_strv (self->settings, "recent-catalogues", (const char * const *) paths);
  g_settings_set_string (self->settings, "last-catalogue", path);
  g_settings_apply (self->settings);
}

/* The demo catalogue */

static char *
find_demo_json (void)
{
  const char *candidates[] = {
    g_getenv ("BANSHI_DEMO_JSON"),
    PKGDATADIR "/demo.json",
    BANSHI_SOURCE_DEMO,
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && candidates[i][0] != '\0' &&
        g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (candidates[i]);
  return NULL;
}

/* Writes the demo into @path: imported in memory, then copied in one go,
 * so that a failure leaves no half-made file behind. */
static gboolean
create_demo (const char  *path,
             GError     **error)
{
  g_autofree char *json = find_demo_json ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(BsCatalogue) catalogue = NULL;

  if (json == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The demo catalogue is not installed. Set BANSHI_DEMO_JSON to the "
                     "path of demo.json, or open a catalogue of your own."));
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  catalogue = bs_catalogue_new_in_memory (error);
  if (catalogue == NULL ||
      !bs_catalogue_import_json_file (catalogue, json, error) ||
      !bs_catalogue_save_as (catalogue, path, error))
    return FALSE;
  return TRUE;
}

static void
open_demo (BsApplication *self,
           BsWindow      *window)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "banshi", "demo.banshi", NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !create_demo (path, &error))
    {
      bs_window_show_error (GTK_WIDGET (window), _("Could Not Create the Demo Catalogue"), error);
      return;
    }
  bs_window_open_path (window, path);
}

static void
open_initial (BsApplication *self,
              BsWindow      *window)
{
  g_autofree char *last = NULL;

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-catalogue");

  if (last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
    bs_window_open_path (window, last);
  else
    open_demo (self, window);
}

/* File choosers */

static GtkFileFilter *
catalogue_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Banshi Catalogues"));
  gtk_file_filter_add_pattern (filter, "*.banshi");
  gtk_file_filter_add_mime_type (filter, "application/x-banshi-catalogue");
  return filter;
}

static void
remember_folder (BsApplication *self,
                 GFile         *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;

  if (self->settings != NULL && path != NULL)
    g_settings_set_string (self->settings, "last-folder", path);
}

/* A chooser with the filters of @filters (taken), in the last folder used. */
static GtkFileChooserNative *
new_chooser_with_filters (BsApplication        *self,
                          const char           *title,
                          GtkFileChooserAction  action,
                          const char           *accept,
                          GSList               *filters)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent, action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  for (GSList *l = filters; l != NULL; l = l->next)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), l->data);
  g_slist_free_full (filters, g_object_unref);

  if (self->settings != NULL)
    {
      g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");

      if (folder[0] != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GFile) dir = g_file_new_for_path (folder);

          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), dir, NULL);
        }
    }
  return native;
}

static GtkFileChooserNative *
new_chooser (BsApplication        *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept)
{
  return new_chooser_with_filters (self, title, action, accept, g_slist_prepend (NULL, catalogue_filter ()));
}

/* The chosen path, with ".banshi" added when it has no extension. */
static char *
chosen_save_path (GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *base = NULL;

  if (path == NULL)
    return NULL;
  base = g_path_get_basename (path);
  if (strchr (base, '.') == NULL)
    return g_strconcat (path, ".banshi", NULL);
  return g_steal_pointer (&path);
}

static gboolean
refuse_open_catalogue (BsWindow   *window,
                       const char *path)
{
  BsCatalogue *current = bs_window_get_catalogue (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (current == NULL || g_strcmp0 (bs_catalogue_get_path (current), path) != 0)
    return FALSE;

  name = g_filename_display_basename (path);
  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("“%s” is the catalogue you are working on; choose another name."), name);
  bs_window_show_error (GTK_WIDGET (window), _("Could Not Save the Catalogue"), error);
  return TRUE;
}

static void
on_new_response_cb (GtkNativeDialog *native,
                    int              response,
                    BsApplication   *self)
{
  g_autofree char *path = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  BsWindow *window;

  if (response == GTK_RESPONSE_ACCEPT)
    path = chosen_save_path (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  if (path == NULL)
    return;

  window = get_window (self);
  if (refuse_open_catalogue (window, path))
    return;

  /* The chooser asked before replacing a file; save_as replaces it whole. */
  catalogue = bs_catalogue_new_in_memory (&error);
  if (catalogue != NULL)
    {
      g_autofree char *base = g_filename_display_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      if (!bs_catalogue_set_name (catalogue, base, &error) ||
          !bs_catalogue_save_as (catalogue, path, &error))
        g_clear_object (&catalogue);
    }
  if (catalogue == NULL)
    {
      bs_window_show_error (GTK_WIDGET (window), _("Could Not Create the Catalogue"), error);
      return;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    remember_folder (self, file);
  }
  bs_window_open_path (window, path);
  gtk_window_present (GTK_WINDOW (window));
}

static void
new_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkFileChooserNative *native;

  native = new_chooser (self, _("New Catalogue"), GTK_FILE_CHOOSER_ACTION_SAVE, _("C_reate"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled.banshi"));
  g_signal_connect (native, "response", G_CALLBACK (on_new_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_open_response_cb (GtkNativeDialog *native,
                     int              response,
                     BsApplication   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  BsWindow *window;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  remember_folder (self, file);
  window = get_window (self);
  bs_window_open_path (window, path);
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkFileChooserNative *native;

  native = new_chooser (self, _("Open Catalogue"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  g_signal_connect (native, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  BsApplication *self = user_data;
  BsWindow *window = get_window (self);

  bs_window_open_path (window, g_variant_get_string (param, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  BsApplication *self = user_data;
  BsWindow *window = get_window (self);

  open_demo (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_save_as_response_cb (GtkNativeDialog *native,
                        int              response,
                        BsApplication   *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  BsWindow *window;
  BsCatalogue *catalogue;

  if (response == GTK_RESPONSE_ACCEPT)
    path = chosen_save_path (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  if (path == NULL)
    return;

  window = get_window (self);
  catalogue = bs_window_get_catalogue (window);
  if (catalogue == NULL || refuse_open_catalogue (window, path))
    return;

  if (!bs_catalogue_save_as (catalogue, path, &error))
    {
      bs_window_show_error (GTK_WIDGET (window), _("Could Not Save the Catalogue"), error);
      return;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    remember_folder (self, file);
  }
  /* Like GNOME's editors: from now on the copy is the one being edited. */
  bs_window_open_path (window, path);
}

static void
save_as_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *native;
  BsCatalogue *catalogue;

  if (window == NULL || !BS_IS_WINDOW (window) ||
      (catalogue = bs_window_get_catalogue (BS_WINDOW (window))) == NULL)
    return;

  native = new_chooser (self, _("Save Catalogue As"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  {
    const char *path = bs_catalogue_get_path (catalogue);
    g_autofree char *base = path ? g_path_get_basename (path) : g_strdup (_("Untitled.banshi"));
    g_autofree char *name = NULL;
    char *dot = strrchr (base, '.');

    if (dot != NULL && dot != base)
      *dot = '\0';
    /* Translators: the suggested file name of a copy; %s is the original's */
    name = g_strdup_printf (_("%s (copy).banshi"), base);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  }
  g_signal_connect (native, "response", G_CALLBACK (on_save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Importing into the catalogue of the active window */

/* @suffixes: without the dot, matched in any case ("csv" takes "A.CSV"). */
static GtkFileFilter *
new_filter (const char         *name,
            const char * const *suffixes,
            const char * const *mime_types)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  return filter;
}

static GSList *
import_filters (gboolean json_lines)
{
  static const char * const csv_suffixes[] = { "csv", "tsv", "txt", NULL };
  static const char * const csv_types[] = { "text/csv", "text/tab-separated-values", NULL };
  static const char * const json_suffixes[] = { "jsonl", "ndjson", "json", NULL };
  static const char * const json_types[] = { "application/jsonl", "application/x-ndjson", NULL };
  GtkFileFilter *all;
  GSList *filters = NULL;

  filters = g_slist_append (filters, new_filter (_("CSV Files"), csv_suffixes, csv_types));
  if (json_lines)
    filters = g_slist_append (filters, new_filter (_("JSON Lines"), json_suffixes, json_types));
  all = new_filter (_("All Files"), NULL, NULL);
  gtk_file_filter_add_pattern (all, "*");
  filters = g_slist_append (filters, all);
  return filters;
}

/* The active window and its catalogue; without one, says so and returns
 * NULL. */
static BsWindow *
import_target (BsApplication  *self,
               const char     *heading,
               BsCatalogue   **out_catalogue)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  BsWindow *window = active != NULL && BS_IS_WINDOW (active) ? BS_WINDOW (active) : NULL;
  BsCatalogue *catalogue = window != NULL ? bs_window_get_catalogue (window) : NULL;
  g_autoptr(GError) error = NULL;

  if (catalogue != NULL && bs_catalogue_get_path (catalogue) != NULL)
    {
      *out_catalogue = catalogue;
      return window;
    }
  if (window == NULL)
    window = get_window (self);
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no catalogue to import into: open or create one first "
                         "(Ctrl+O or Ctrl+N), then import again."));
  bs_window_show_error (GTK_WIDGET (window), heading, error);
  gtk_window_present (GTK_WINDOW (window));
  return NULL;
}

typedef void (*PresentImportFunc) (GtkWindow   *parent,
                                   BsCatalogue *catalogue,
                                   const char  *path);

static void
on_import_response_cb (GtkNativeDialog *native,
                       int              response,
                       BsApplication   *self)
{
  PresentImportFunc present = g_object_get_data (G_OBJECT (native), "present");
  const char *heading = g_object_get_data (G_OBJECT (native), "heading");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  BsCatalogue *catalogue = NULL;
  BsWindow *window;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL && (window = import_target (self, heading, &catalogue)) != NULL)
    {
      remember_folder (self, file);
      present (GTK_WINDOW (window), catalogue, path);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* @test_variable: the environment variable naming a file to import
 * without asking, for the UI tests, which cannot drive the file chooser. */
static void
start_import (BsApplication     *self,
              const char        *title,
              const char        *heading,
              gboolean           json_lines,
              const char        *test_variable,
              PresentImportFunc  present)
{
  const char *test_file = g_getenv (test_variable);
  GtkFileChooserNative *native;
  BsCatalogue *catalogue = NULL;
  BsWindow *window;

  if ((window = import_target (self, heading, &catalogue)) == NULL)
    return;
  if (test_file != NULL && test_file[0] != '\0')
    {
      present (GTK_WINDOW (window), catalogue, test_file);
      return;
    }

  native = new_chooser_with_filters (self, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                     import_filters (json_lines));
  g_object_set_data (G_OBJECT (native), "present", present);
  g_object_set_data (G_OBJECT (native), "heading", (gpointer) heading);
  g_signal_connect (native, "response", G_CALLBACK (on_import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
import_items_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  start_import (user_data, _("Import Items"), _("Could Not Import Items"), TRUE,
                "BANSHI_TEST_IMPORT_FILE", bs_import_dialog_present_items);
}

static void
import_records_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  start_import (user_data, _("Import Handling Records"), _("Could Not Import Handling Records"), FALSE,
                "BANSHI_TEST_IMPORT_RECORDS_FILE", bs_import_dialog_present_records);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  BsApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Banshi authors", NULL };
  const char *thanks[] = {
    /* Translators: the people whose work Banshi builds on */
    _("The analysts of China’s government service centres (政务服务中心)"),
    _("The “一件事一次办” (one thing, done once) reform"),
    NULL
  };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Banshi"),
                        "developer-name", _("The Banshi authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Turn a government’s catalogue of approval items (审批事项) "
                                      "into citizen-centred service themes (办事主题) such as "
                                      "opening a restaurant."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Banshi authors",
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Thanks to"), thanks);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* The default action of the daily notification of overdue tasks: the
 * window of that catalogue, opening it again if it was closed since. */
static void
show_overdue_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  BsApplication *self = user_data;
  const char *path = g_variant_get_string (param, NULL);
  GtkWindow *target = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      BsCatalogue *catalogue;

      if (!BS_IS_WINDOW (l->data))
        continue;
      catalogue = bs_window_get_catalogue (BS_WINDOW (l->data));
      if (catalogue != NULL && g_strcmp0 (bs_catalogue_get_path (catalogue), path) == 0)
        {
          target = l->data;
          break;
        }
    }
  if (target == NULL)
    {
      target = gtk_application_get_active_window (GTK_APPLICATION (self));
      if (target == NULL || !BS_IS_WINDOW (target))
        target = GTK_WINDOW (bs_window_new (self));
      if (!bs_window_open_path (BS_WINDOW (target), path))
        {
          gtk_window_present (target);
          return;
        }
    }
  gtk_window_present (target);
  bs_window_show_overdue (BS_WINDOW (target));
}

static const GActionEntry app_actions[] = {
  { "show-overdue", show_overdue_action, "s" },
  { "new", new_action },
  { "open", open_action },
  { "open-recent", open_recent_action, "s" },
  { "open-demo", open_demo_action },
  { "save-as", save_as_action },
  { "import-items", import_items_action },
  { "import-records", import_records_action },
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
};

/* Application */

/* Save As… and the imports need a catalogue file in the active window. */
static void
update_catalogue_actions (BsApplication *self)
{
  static const char *actions[] = { "save-as", "import-items", "import-records" };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  BsCatalogue *catalogue = window != NULL && BS_IS_WINDOW (window)
                           ? bs_window_get_catalogue (BS_WINDOW (window)) : NULL;
  gboolean enabled = catalogue != NULL && bs_catalogue_get_path (catalogue) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), actions[i])),
                                 enabled);
}

static void
on_window_added_cb (BsApplication *self,
                    GtkWindow     *window)
{
  if (BS_IS_WINDOW (window))
    g_signal_connect_object (window, "notify::catalogue", G_CALLBACK (update_catalogue_actions), self,
                             G_CONNECT_SWAPPED);
}

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR: work without settings
   * rather than abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed: window size and recent "
                 "catalogues will not be remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
apply_color_scheme (void)
{
  const char *scheme = g_getenv ("BANSHI_COLOR_SCHEME");
  AdwStyleManager *manager = adw_style_manager_get_default ();

  /* For screenshots and tests: BANSHI_COLOR_SCHEME=dark or light. */
  if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
bs_application_startup (GApplication *app)
{
  BsApplication *self = BS_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  bs_application_log_step (self, "GApplication startup");
  G_APPLICATION_CLASS (bs_application_parent_class)->startup (app);
  bs_application_log_step (self, "GTK and libadwaita ready");

  apply_color_scheme ();
  bs_tooltips_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added_cb), NULL);
  g_signal_connect (self, "notify::active-window", G_CALLBACK (update_catalogue_actions), NULL);
  update_catalogue_actions (self);
  gtk_application_set_accels_for_action (gtk_app, "app.new", (const char *[]) { "<Primary>n", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.open", (const char *[]) { "<Primary>o", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.save-as", (const char *[]) { "<Primary><Shift>s", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.import-items", (const char *[]) { "<Primary>i", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.quit", (const char *[]) { "<Primary>q", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.show-help-overlay",
                                         (const char *[]) { "<Primary>question", NULL });

  self->settings = new_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-catalogues",
                             G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);
}

static void
bs_application_activate (GApplication *app)
{
  BsApplication *self = BS_APPLICATION (app);
  BsWindow *window = get_window (self);

  bs_application_log_step (self, "window built");
  if (bs_window_get_catalogue (window) == NULL)
    open_initial (self, window);
  bs_application_log_step (self, "catalogue shown");
  gtk_window_present (GTK_WINDOW (window));
}

static void
bs_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  BsApplication *self = BS_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      BsWindow *window;

      /* The first file goes into the current window (or a new one), any
       * other into a window of its own. */
      window = i == 0 ? get_window (self) : bs_window_new (self);
      bs_application_log_step (self, "window built");
      if (path == NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *uri = g_file_get_uri (files[i]);

          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” is not a local file; copy it to this computer first."), uri);
          bs_window_show_error (GTK_WIDGET (window), _("Could Not Open the Catalogue"), error);
        }
      else
        bs_window_open_path (window, path);
      bs_application_log_step (self, "catalogue shown");
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
bs_application_dispose (GObject *object)
{
  BsApplication *self = BS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (bs_application_parent_class)->dispose (object);
}

static void
bs_application_class_init (BsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bs_application_dispose;
  app_class->startup = bs_application_startup;
  app_class->activate = bs_application_activate;
  app_class->open = bs_application_open;
}

static void
bs_application_init (BsApplication *self)
{
  self->recent_menu = g_menu_new ();
}

BsApplication *
bs_application_new (gint64 start_time)
{
  BsApplication *self;

  /* The bundle registers itself, but only if the linker keeps it: a
   * static library drops objects that nothing refers to. */
  (void) bs_ui_get_resource ();

  self = g_object_new (BS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
  self->start_time = start_time;
  return self;
}

gint64
bs_application_get_start_time (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), 0);
  return self->start_time;
}

void
bs_application_log_step (BsApplication *self,
                         const char    *step)
{
  g_return_if_fail (BS_IS_APPLICATION (self));

  if (self->start_time > 0)
    g_debug ("startup: %s at %.1f ms", step,
             (double) (g_get_monotonic_time () - self->start_time) / 1000.0);
}

GSettings *
bs_application_get_settings (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);
  return self->settings;
}

GMenuModel *
bs_application_get_recent_menu (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);
  return G_MENU_MODEL (self->recent_menu);
}
