/* bs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "bs-analysis-view.h"
#include "bs-application.h"
#include "bs-audit.h"
#include "bs-date.h"
#include "bs-department.h"
#include "bs-department-view.h"
#include "bs-rollout.h"
#include "bs-rollout-view.h"
#include "bs-theme-view.h"
#include "bs-window.h"

struct _BsWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkWidget *back_button;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkWidget *search_button;
  GtkWidget *reminder_button;
  GtkLabel *reminder_label;
  GtkLabel *reminder_short_label;
  GtkStack *main_stack;
  AdwViewStack *view_stack;
  BsDepartmentView *department_view;
  BsThemeView *theme_view;
  BsRolloutView *rollout_view;
  BsAnalysisView *analysis_view;
  GMenu *file_section;

  /* Owned references */
  BsCatalogue *catalogue;
  GSettings *settings;
  AdwToast *undo_toast;
  GCancellable *check_cancellable; /* the deferred full read of the file */
  GCancellable *audit_cancellable; /* the check of the audit trail */

  BsDate reminder_day;             /* the day the reminders were counted for */
  guint reminder_timeout;          /* checks that the day has not changed */
  guint n_overdue;
};

G_DEFINE_FINAL_TYPE (BsWindow, bs_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CATALOGUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static BsWindow *
find_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  /* Dialogs (the item picker) lead back to the main window. */
  while (window != NULL && !BS_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  return window ? BS_WINDOW (window) : NULL;
}

static gboolean
is_departments_visible (BsWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                    "departments") == 0;
}

static gboolean
is_rollout_visible (BsWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                    "rollout") == 0;
}

static gboolean
is_analysis_visible (BsWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                    "demand") == 0;
}

static BsItemPage *
get_visible_item_page (BsWindow *self)
{
  if (is_departments_visible (self))
    return bs_department_view_get_item_page (self->department_view);
  return bs_theme_view_get_item_page (self->theme_view);
}

static void
update_title (BsWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;

  if (self->catalogue != NULL)
    {
      const char *path = bs_catalogue_get_path (self->catalogue);

      name = bs_catalogue_dup_name (self->catalogue);
      if (path != NULL)
        file = g_filename_display_basename (path);
    }
  if (name == NULL || name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (file ? file : _("Banshi"));
    }

  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, file ? file : "");
  gtk_window_set_title (GTK_WINDOW (self), name);
}

/* The bottom switcher stands in for the title's when the window is narrow,
 * and only when there is something to switch. */
static void
update_switcher_bar (BsWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    self->catalogue != NULL &&
                                    adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
update_undo_actions (BsWindow *self)
{
  gboolean can_undo = self->catalogue && bs_catalogue_can_undo (self->catalogue);
  gboolean can_redo = self->catalogue && bs_catalogue_can_redo (self->catalogue);
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  /* Translators: %s is the name of an edit, such as “Delete Item” */
  undo_tip = can_undo ? g_strdup_printf (_("Undo “%s”"), bs_catalogue_get_undo_label (self->catalogue))
                      : g_strdup (_("Undo"));
  /* Translators: %s is the name of an edit, such as “Delete Item” */
  redo_tip = can_redo ? g_strdup_printf (_("Redo “%s”"), bs_catalogue_get_redo_label (self->catalogue))
                      : g_strdup (_("Redo"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, undo_tip, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->redo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, redo_tip, -1);
}

static void
update_back_button (BsWindow *self)
{
  gboolean can_go_back = FALSE;

  if (self->catalogue != NULL && !is_rollout_visible (self) && !is_analysis_visible (self))
    {
      if (is_departments_visible (self))
        can_go_back = bs_department_view_get_can_go_back (self->department_view);
      else
        can_go_back = bs_theme_view_get_can_go_back (self->theme_view);
    }
  gtk_widget_set_visible (self->back_button, can_go_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_go_back);
}

/* ------------------------------------------------------------------ */
/* Reminders: overdue and due-soon counts in the header bar, and once a day
 * a desktop notification listing the overdue tasks */

static int
get_due_soon_days (BsWindow *self)
{
  return self->settings ? g_settings_get_int (self->settings, "due-soon-days")
                        : BS_DUE_SOON_DAYS_DEFAULT;
}

/* Whether the overdue tasks of the catalogue at @path were listed in a
 * notification on @day already; if not, remembers that they are now. */
static gboolean
notified_today (BsWindow   *self,
                const char *path,
                BsDate      day)
{
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(GVariantBuilder) builder = NULL;
  g_autofree char *today = bs_date_to_string (day);
  GVariantIter iter;
  const char *key, *value;
  gboolean found = FALSE;

  if (self->settings == NULL)
    return FALSE;
  sent = g_settings_get_value (self->settings, "overdue-notified");
  builder = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, sent);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (g_str_equal (key, path))
        {
          found = g_str_equal (value, today);
          continue;
        }
      g_variant_builder_add (builder, "{ss}", key, value);
    }
  if (found)
    return TRUE;
  g_variant_builder_add (builder, "{ss}", path, today);
  g_settings_set_value (self->settings, "overdue-notified", g_variant_builder_end (builder));
  return FALSE;
}

static void
send_overdue_notification (BsWindow  *self,
                           GPtrArray *overdue,
                           GPtrArray *lines)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *path = bs_catalogue_get_path (self->catalogue);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *name = bs_catalogue_dup_name (self->catalogue);
  const guint shown = 5;

  if (app == NULL || path == NULL || overdue->len == 0)
    return;
  if (notified_today (self, path, self->reminder_day))
    return;

  /* Translators: the title of a desktop notification; %s is the catalogue's name */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u task is overdue",
                                        "%s: %u tasks are overdue", overdue->len),
                           name, overdue->len);
  for (guint i = 0; i < lines->len && i < shown; i++)
    {
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, g_ptr_array_index (lines, i));
    }
  if (lines->len > shown)
    {
      g_string_append_c (body, '\n');
      /* Translators: the last line of the notification listing overdue tasks */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                 lines->len - shown),
                              lines->len - shown);
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-overdue", "s", path);
  g_application_send_notification (app, "overdue", notification);
}

/* Counts the overdue and due-soon tasks for the header bar; with @notify,
 * also lists the overdue ones in a notification, at most once a day. */
static void
update_reminders (BsWindow *self,
                  gboolean  notify)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) overdue = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *due_soon_text = NULL;
  g_autofree char *tooltip = NULL;
  int due_soon_days = get_due_soon_days (self);
  guint n_due_soon = 0;

  self->n_overdue = 0;
  if (self->catalogue == NULL ||
      !(tasks = bs_catalogue_list_tasks (self->catalogue, 0, 0, &error)))
    {
      if (error != NULL)
        g_warning ("Could not count the overdue tasks: %s", error->message);
      gtk_widget_set_visible (self->reminder_button, FALSE);
      return;
    }

  self->reminder_day = bs_catalogue_get_today (self->catalogue);
  for (guint i = 0; i < tasks->len; i++)
    {
      BsTask *task = g_ptr_array_index (tasks, i);
      BsTaskTiming timing = bs_task_get_timing (task, self->reminder_day, due_soon_days);

      if (timing.state == BS_TASK_TIMING_OVERDUE)
        {
          g_autoptr(BsDepartment) department = bs_catalogue_get_department (self->catalogue, task->department_id, NULL);

          g_ptr_array_add (overdue, task);
          /* Translators: a line of the notification: task code, department, deliverable, days overdue */
          g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s: %s (%d day overdue)",
                                                                "%s %s: %s (%d days overdue)", timing.days),
                                                   task->code, department ? department->name : "",
                                                   task->deliverable, timing.days));
        }
      else if (timing.state == BS_TASK_TIMING_DUE_SOON)
        n_due_soon++;
    }
  self->n_overdue = overdue->len;

  if (overdue->len > 0)
    overdue_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", overdue->len),
                                    overdue->len);
  if (n_due_soon > 0)
    due_soon_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due soon", "%u due soon", n_due_soon),
                                     n_due_soon);
  if (overdue_text != NULL && due_soon_text != NULL)
    /* Translators: the header bar's reminder, e.g. “3 overdue · 2 due soon” */
    label = g_strdup_printf (_("%s · %s"), overdue_text, due_soon_text);
  else
    label = g_strdup (overdue_text != NULL ? overdue_text : due_soon_text);

  gtk_widget_set_visible (self->reminder_button, label != NULL);
  if (label == NULL)
    return;
  gtk_label_set_label (self->reminder_label, label);
  {
    g_autofree char *n_overdue = g_strdup_printf ("%u", overdue->len);
    g_autofree char *n_soon = g_strdup_printf ("%u", n_due_soon);
    g_autofree char *text = NULL;

    if (overdue->len > 0 && n_due_soon > 0)
      /* Translators: the header bar's reminder where there is little room:
       * the overdue tasks, then those due soon */
      text = g_strdup_printf (_("%s · %s"), n_overdue, n_soon);
    else
      text = g_strdup (overdue->len > 0 ? n_overdue : n_soon);
    gtk_label_set_label (self->reminder_short_label, text);
  }
  if (overdue->len > 0)
    {
      gtk_widget_add_css_class (self->reminder_button, "overdue");
      tooltip = g_strdup (_("Show the overdue tasks"));
    }
  else
    {
      gtk_widget_remove_css_class (self->reminder_button, "overdue");
      tooltip = g_strdup (_("Show the tasks due soon"));
    }
  gtk_widget_set_tooltip_text (self->reminder_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reminder_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);

  if (notify)
    send_overdue_notification (self, overdue, lines);
}

/* A window left open overnight counts again, and reminds again, on the new
 * day. */
static gboolean
check_day_cb (gpointer user_data)
{
  BsWindow *self = user_data;

  if (self->catalogue != NULL && bs_catalogue_get_today (self->catalogue) != self->reminder_day)
    update_reminders (self, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
show_overdue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  bs_window_show_overdue (BS_WINDOW (widget));
}

void
bs_window_show_overdue (BsWindow *self)
{
  g_return_if_fail (BS_IS_WINDOW (self));

  if (self->catalogue == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "rollout");
  bs_rollout_view_show_reminded (self->rollout_view, self->n_overdue > 0);
}

static void
on_catalogue_changed_cb (BsWindow    *self,
                         BsChanges   *changes,
                         BsCatalogue *catalogue)
{
  update_undo_actions (self);
  if (bs_changes_has_table (changes, BS_TABLE_META))
    update_title (self);
  if (bs_changes_has_table (changes, BS_TABLE_TASK) ||
      bs_changes_has_table (changes, BS_TABLE_META))
    update_reminders (self, FALSE);

  /* The toast's Undo is spent once the edit is undone another way. */
  if (bs_changes_get_kind (changes) == BS_CHANGE_UNDO && self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
}

/* Whether the settings' choices for @key include @value (an older
 * schema may not know a newer view). */
static gboolean
settings_accept (GSettings  *settings,
                 const char *key,
                 const char *value)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_string (value));

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return FALSE;
  schema_key = g_settings_schema_get_key (schema, key);
  return g_settings_schema_key_range_check (schema_key, variant);
}

static void
on_visible_view_changed_cb (BsWindow *self)
{
  gboolean departments = is_departments_visible (self);
  gboolean rollout = is_rollout_visible (self);
  gboolean analysis = is_analysis_visible (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *view;

  bs_department_view_set_active (self->department_view, departments);
  bs_theme_view_set_active (self->theme_view, !departments && !rollout && !analysis);
  bs_rollout_view_set_active (self->rollout_view, rollout);
  bs_analysis_view_set_active (self->analysis_view, analysis);
  if (departments)
    bs_department_view_set_search_text (self->department_view, text);
  else if (rollout)
    bs_rollout_view_set_search_text (self->rollout_view, text);
  else if (analysis)
    bs_analysis_view_set_search_text (self->analysis_view, text);
  else
    bs_theme_view_set_search_text (self->theme_view, text);

  view = departments ? "departments" : rollout ? "rollout" : analysis ? "demand" : "themes";
  if (self->settings != NULL && settings_accept (self->settings, "active-view", view))
    g_settings_set_string (self->settings, "active-view", view);
  update_back_button (self);
}

static void
on_search_changed_cb (BsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (is_departments_visible (self))
    bs_department_view_set_search_text (self->department_view, text);
  else if (is_rollout_visible (self))
    bs_rollout_view_set_search_text (self->rollout_view, text);
  else if (is_analysis_visible (self))
    bs_analysis_view_set_search_text (self->analysis_view, text);
  else
    bs_theme_view_set_search_text (self->theme_view, text);
}

static void
on_stop_search_cb (BsWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_search_mode_changed_cb (BsWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Actions */

static void
report_history_error (BsWindow     *self,
                      const GError *error)
{
  if (g_error_matches (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOTHING_TO_UNDO))
    return;
  bs_window_show_error (GTK_WIDGET (self), _("Could Not Undo"), error);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->catalogue != NULL && !bs_catalogue_undo (self->catalogue, &error))
    report_history_error (self, error);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->catalogue != NULL && !bs_catalogue_redo (self->catalogue, &error))
    report_history_error (self, error);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);

  if (is_departments_visible (self))
    bs_department_view_go_back (self->department_view);
  else if (!is_rollout_visible (self) && !is_analysis_visible (self))
    bs_theme_view_go_back (self->theme_view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);

  if (self->catalogue == NULL)
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
delete_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);
  BsItemPage *page;

  if (self->catalogue == NULL || is_rollout_visible (self) || is_analysis_visible (self))
    return;

  /* The item selected in the list, or the one on show in the Themes view
   * (not one left behind a theme page). */
  page = get_visible_item_page (self);
  if (is_departments_visible (self) || gtk_widget_get_mapped (GTK_WIDGET (page)))
    bs_item_page_delete_item (page);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsWindow *self = BS_WINDOW (widget);

  if (self->catalogue != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack,
                                           g_variant_get_string (param, NULL));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* BANSHI_BENCH_FILTER=营业,许可,…: build-aux/bench times filtering the
 * list of all items by each query (from an empty search, as typing
 * would), prints the median and quits. */
static gboolean
run_filter_bench_cb (gpointer user_data)
{
  BsWindow *self = user_data;
  g_auto(GStrv) queries = g_strsplit (g_getenv ("BANSHI_BENCH_FILTER"), ",", -1);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "departments");
  for (guint i = 0; queries[i] != NULL; i++)
    {
      gint64 start;
      double ms;

      bs_department_view_set_search_text (self->department_view, "");
      while (g_main_context_iteration (NULL, FALSE))
        ;
      start = g_get_monotonic_time ();
      bs_department_view_set_search_text (self->department_view, queries[i]);
      ms = (double) (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  if (times->len > 0)
    {
      g_array_sort (times, compare_doubles);
      g_debug ("bench: filter median %.1f ms over %u queries (min %.1f, max %.1f)",
               g_array_index (times, double, times->len / 2), times->len,
               g_array_index (times, double, 0), g_array_index (times, double, times->len - 1));
    }
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

/* Startup timing: the benchmark reads this line. */
static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   BsWindow      *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gint64 start;

  g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint_cb, self);
  if (app == NULL || !BS_IS_APPLICATION (app))
    return;

  start = bs_application_get_start_time (BS_APPLICATION (app));
  if (start > 0)
    g_debug ("startup: first frame after %.1f ms",
             (double) (g_get_monotonic_time () - start) / 1000.0);

  if (g_getenv ("BANSHI_BENCH_FILTER") != NULL)
    g_idle_add (run_filter_bench_cb, self);
  else if (g_getenv ("BANSHI_QUIT_AFTER_FIRST_FRAME") != NULL)
    g_application_quit (G_APPLICATION (app));
}

static void
bs_window_realize (GtkWidget *widget)
{
  static gboolean first_window_timed;

  GTK_WIDGET_CLASS (bs_window_parent_class)->realize (widget);

  if (!first_window_timed)
    {
      first_window_timed = TRUE;
      g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                        G_CALLBACK (on_after_paint_cb), widget);
    }
}

static gboolean
bs_window_close_request (GtkWindow *window)
{
  BsWindow *self = BS_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (bs_window_parent_class)->close_request (window);
}

static void
bs_window_dispose (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_cancellable_cancel (self->audit_cancellable);
  g_clear_object (&self->audit_cancellable);
  if (self->undo_toast != NULL)
    g_signal_handlers_disconnect_by_data (self->undo_toast, self);
  g_clear_object (&self->undo_toast);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->reminder_timeout, g_source_remove);

  G_OBJECT_CLASS (bs_window_parent_class)->dispose (object);
}

static void
bs_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BsWindow *self = BS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_window_class_init (BsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bs_window_dispose;
  object_class->get_property = bs_window_get_property;

  /* The catalogue the window shows, or NULL: the application enables the
   * actions that need one from it. */
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, BS_TYPE_CATALOGUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->realize = bs_window_realize;
  window_class->close_request = bs_window_close_request;

  g_type_ensure (BS_TYPE_DEPARTMENT_VIEW);
  g_type_ensure (BS_TYPE_THEME_VIEW);
  g_type_ensure (BS_TYPE_ROLLOUT_VIEW);
  g_type_ensure (BS_TYPE_ANALYSIS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, reminder_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, reminder_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, reminder_short_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, department_view);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, theme_view);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, rollout_view);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, analysis_view);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, file_section);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_back_button);
  gtk_widget_class_bind_template_callback (widget_class, update_switcher_bar);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.delete-item", NULL, delete_item_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-overdue", NULL, show_overdue_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-view", "s", "departments");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-view", "s", "themes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show-view", "s", "rollout");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "win.show-view", "s", "demand");
}

static void
bs_window_init (BsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  update_undo_actions (self);
  update_back_button (self);
  gtk_widget_set_sensitive (self->search_button, FALSE);
  self->reminder_timeout = g_timeout_add_seconds (600, check_day_cb, self);
}

static void
on_due_soon_days_changed_cb (BsWindow *self)
{
  bs_rollout_view_set_due_soon_days (self->rollout_view,
                                     g_settings_get_int (self->settings, "due-soon-days"));
  update_reminders (self, FALSE);
}

static void
apply_window_size (BsWindow *self)
{
  const char *size = g_getenv ("BANSHI_WINDOW_SIZE");
  int width = 1100, height = 720;
  gboolean maximized = FALSE;

  if (self->settings != NULL)
    {
      width = g_settings_get_int (self->settings, "window-width");
      height = g_settings_get_int (self->settings, "window-height");
      maximized = g_settings_get_boolean (self->settings, "window-maximized");
    }

  /* A debugging hook for screenshots: BANSHI_WINDOW_SIZE=360x700. */
  if (size != NULL)
    {
      int w = 0, h = 0;

      if (sscanf (size, "%dx%d", &w, &h) == 2 && w > 0 && h > 0)
        {
          width = w;
          height = h;
          maximized = FALSE;
        }
    }

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 480));
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

BsWindow *
bs_window_new (BsApplication *application)
{
  BsWindow *self;
  GSettings *settings;
  GMenuModel *recent;

  g_return_val_if_fail (BS_IS_APPLICATION (application), NULL);

  self = g_object_new (BS_TYPE_WINDOW, "application", application, NULL);

  settings = bs_application_get_settings (application);
  if (settings != NULL)
    self->settings = g_object_ref (settings);
  apply_window_size (self);

  recent = bs_application_get_recent_menu (application);
  if (recent != NULL)
    g_menu_append_submenu (self->file_section, _("Open _Recent"), recent);

  if (self->settings != NULL)
    {
      bs_rollout_view_set_due_soon_days (self->rollout_view,
                                         g_settings_get_int (self->settings, "due-soon-days"));
      g_signal_connect_object (self->settings, "changed::due-soon-days",
                               G_CALLBACK (on_due_soon_days_changed_cb), self, G_CONNECT_SWAPPED);
    }

  if (self->settings != NULL)
    {
      g_autofree char *view = g_settings_get_string (self->settings, "active-view");

      adw_view_stack_set_visible_child_name (self->view_stack, view);
    }
  else
    adw_view_stack_set_visible_child_name (self->view_stack, "themes");

  return self;
}

BsCatalogue *
bs_window_get_catalogue (BsWindow *self)
{
  g_return_val_if_fail (BS_IS_WINDOW (self), NULL);
  return self->catalogue;
}

/* BANSHI_TODAY=YYYY-MM-DD fixes "today" of the rollout, as banshi-cli
 * does, for tests and demonstrations. */
static void
apply_today_from_environment (BsCatalogue *catalogue)
{
  const char *text = g_getenv ("BANSHI_TODAY");
  BsDate today;

  if (text == NULL || text[0] == '\0')
    return;
  if (bs_date_parse (text, &today))
    bs_catalogue_set_today (catalogue, today);
  else
    g_warning ("BANSHI_TODAY=“%s” is not a date of the form YYYY-MM-DD; using the real date", text);
}

void
bs_window_set_catalogue (BsWindow    *self,
                         BsCatalogue *catalogue)
{
  g_return_if_fail (BS_IS_WINDOW (self));
  g_return_if_fail (!catalogue || BS_IS_CATALOGUE (catalogue));

  if (self->catalogue == catalogue)
    return;

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    {
      g_signal_connect_object (catalogue, "changed",
                               G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
      apply_today_from_environment (catalogue);
    }

  bs_department_view_set_catalogue (self->department_view, catalogue);
  bs_theme_view_set_catalogue (self->theme_view, catalogue);
  bs_rollout_view_set_catalogue (self->rollout_view, catalogue);
  bs_analysis_view_set_catalogue (self->analysis_view, catalogue);
  on_visible_view_changed_cb (self);

  gtk_stack_set_visible_child_name (self->main_stack, catalogue ? "views" : "empty");
  update_switcher_bar (self);
  gtk_widget_set_sensitive (self->search_button, catalogue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", catalogue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-item", catalogue != NULL);
  if (catalogue == NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, catalogue != NULL);

  update_title (self);
  update_undo_actions (self);
  update_back_button (self);
  update_reminders (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

static void
on_catalogue_checked_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  BsCatalogue *catalogue = BS_CATALOGUE (source);
  g_autoptr(GError) error = NULL;
  BsWindow *self;

  if (bs_catalogue_check_finish (catalogue, result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The window outlives the check unless cancelled (dispose cancels). */
  self = BS_WINDOW (user_data);
  if (self->catalogue != catalogue)
    return;
  bs_window_set_catalogue (self, NULL);
  bs_window_show_error (GTK_WIDGET (self), _("Could Not Open the Catalogue"), error);
}

static void
on_audit_verified_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BsCatalogue *catalogue = BS_CATALOGUE (source);
  g_autoptr(BsAuditReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  BsWindow *self;
  AdwToast *toast;

  report = bs_catalogue_verify_audit_finish (catalogue, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The window outlives the check unless cancelled (dispose cancels). */
  self = BS_WINDOW (user_data);
  if (self->catalogue != catalogue)
    return;
  if (report == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Check the Audit Trail"), error);
      return;
    }
  if (report->status == BS_AUDIT_INTACT)
    return;

  /* A broken trail stays on screen until the user has read it. */
  /* Translators: %s says what is wrong with the audit trail and where */
  title = g_strdup_printf (_("The audit trail is broken: %s"), report->message);
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_message ("%s", title);
}

gboolean
bs_window_open_path (BsWindow   *self,
                     const char *path)
{
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  g_return_val_if_fail (BS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->catalogue != NULL &&
      g_strcmp0 (bs_catalogue_get_path (self->catalogue), path) == 0)
    return TRUE;

  /* Reading every page of a large file takes a while: the window shows the
   * catalogue at once and the check runs in a thread. */
  catalogue = bs_catalogue_open_full (path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL && BS_IS_APPLICATION (app))
    bs_application_log_step (BS_APPLICATION (app), "catalogue opened");
  if (catalogue == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Open the Catalogue"), error);
      return FALSE;
    }

  bs_window_set_catalogue (self, catalogue);
  if (app != NULL && BS_IS_APPLICATION (app))
    bs_application_add_recent (BS_APPLICATION (app), path);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  bs_catalogue_check_async (catalogue, self->check_cancellable, on_catalogue_checked_cb, self);

  g_cancellable_cancel (self->audit_cancellable);
  g_clear_object (&self->audit_cancellable);
  self->audit_cancellable = g_cancellable_new ();
  bs_catalogue_verify_audit_async (catalogue, self->audit_cancellable, on_audit_verified_cb, self);
  return TRUE;
}

static gboolean
present_later_cb (gpointer user_data)
{
  gtk_window_present (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_parent_mapped_cb (GtkWidget *parent,
                     GtkWindow *dialog)
{
  g_signal_handlers_disconnect_by_func (parent, on_parent_mapped_cb, dialog);
  g_idle_add_full (G_PRIORITY_LOW, present_later_cb, g_object_ref (dialog), g_object_unref);
}

void
bs_window_show_error (GtkWidget    *widget,
                      const char   *heading,
                      const GError *error)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    {
      g_warning ("%s: %s", heading, error->message);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  /* At startup (a bad file on the command line) the window is not shown
   * yet: the dialog waits for it, so that it comes up on top. */
  if (gtk_widget_get_mapped (GTK_WIDGET (root)))
    gtk_window_present (GTK_WINDOW (dialog));
  else
    g_signal_connect_object (root, "map", G_CALLBACK (on_parent_mapped_cb), dialog, 0);
}

void
bs_window_show_toast (GtkWidget  *widget,
                      const char *text)
{
  BsWindow *self;
  g_autofree char *escaped = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  self = find_window (widget);
  if (self == NULL)
    return;

  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
on_undo_toast_dismissed_cb (AdwToast *toast,
                            BsWindow *self)
{
  if (self->undo_toast == toast)
    g_clear_object (&self->undo_toast);
  g_signal_handlers_disconnect_by_data (toast, self);
}

void
bs_window_show_undo_toast (GtkWidget  *widget,
                           const char *text)
{
  BsWindow *self;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  self = find_window (widget);
  if (self == NULL)
    return;

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  /* Toast titles are markup. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  self->undo_toast = g_object_ref (toast);
  g_signal_connect (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed_cb), self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
bs_window_show_deleted (GtkWidget  *widget,
                        const char *name)
{
  g_autofree char *text = NULL;

  /* Translators: %s is what was deleted, e.g. an item name */
  text = g_strdup_printf (_("Deleted “%s”"), name ? name : "");
  bs_window_show_undo_toast (widget, text);
}
