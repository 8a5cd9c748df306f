/* bs-rollout-view.c
 *
 * The rollout at a glance: every task with where it stands today (overdue
 * in red, due soon in amber, late, done), filtered by department, phase,
 * status and responsible person, or to the overdue or due-soon tasks that
 * the header counts; the selected task's status, due date, completion date
 * and notes edited below the list, each edit one call into the core and so
 * one undoable step. A second page holds the department scorecard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-department.h"
#include "bs-rollout-entry.h"
#include "bs-decision-dialog.h"
#include "bs-phases-dialog.h"
#include "bs-rollout-timeline.h"
#include "bs-rollout-view.h"
#include "bs-task-dialog.h"
#include "bs-theme.h"
#include "bs-window.h"

typedef enum
{
  SCORE_COLUMN_DEPARTMENT,
  SCORE_COLUMN_TASKS,
  SCORE_COLUMN_DONE,
  SCORE_COLUMN_ON_TIME,
  SCORE_COLUMN_OVERDUE,
  SCORE_COLUMN_MEAN_DELAY,
  SCORE_COLUMN_LATEST_DECISION,
  N_SCORE_COLUMNS
} ScoreColumn;

struct _BsRolloutView
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkToggleButton *overdue_button;
  GtkToggleButton *due_soon_button;
  GtkWidget *filter_box;
  GtkWidget *filter_separator;
  GtkStack *inner_stack;
  BsRolloutTimeline *timeline;
  GtkDropDown *department_filter;
  GtkDropDown *phase_filter;
  GtkDropDown *status_filter;
  GtkDropDown *responsible_filter;
  GtkStack *tasks_stack;
  GtkListView *task_list;
  GtkRevealer *editor_revealer;
  GtkLabel *editor_title;
  GtkDropDown *status_editor;
  GtkEntry *due_editor;
  GtkEntry *completed_editor;
  GtkEntry *notes_editor;
  GtkEntry *deliverable_editor;
  GtkEntry *responsible_editor;
  GtkListBox *decision_list;
  GtkColumnView *score_view;

  /* Owned references */
  BsCatalogue *catalogue;
  GListStore *tasks;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered_tasks;
  GtkSingleSelection *task_selection;
  GListStore *scores;
  GArray *department_ids;   /* gint64, one per department filter entry after "All" */
  GArray *phase_ids;        /* gint64, likewise for phases */
  GPtrArray *responsibles;  /* char*, likewise for responsible persons */
  char *search_folded;

  int due_soon_days;
  guint active : 1;
  guint dirty : 1;
  guint filling : 1;        /* widgets set by the code, not the user */
};

G_DEFINE_FINAL_TYPE (BsRolloutView, bs_rollout_view, ADW_TYPE_BIN)

static gboolean
is_filling_filters (BsRolloutView *self)
{
  return self->filling;
}

/* ------------------------------------------------------------------ */
/* Task rows */

static char *
describe_timing (BsTaskTiming timing)
{
  switch (timing.state)
    {
    case BS_TASK_TIMING_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue", timing.days),
                              timing.days);
    case BS_TASK_TIMING_DUE_SOON:
      if (timing.days == 0)
        return g_strdup (_("Due today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due in %d day", "Due in %d days", timing.days),
                              timing.days);
    case BS_TASK_TIMING_LATE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Done, %d day late", "Done, %d days late", timing.days),
                              timing.days);
    case BS_TASK_TIMING_ON_TIME:
      return g_strdup (_("Done on time"));
    case BS_TASK_TIMING_OPEN:
    case BS_N_TASK_TIMINGS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due in %d day", "Due in %d days", timing.days),
                              timing.days);
    }
}

static const char *timing_classes[] = { "rollout-overdue", "rollout-due-soon", "rollout-late", "rollout-done" };

static void
setup_task_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *code = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *deliverable = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "rollout-task");
  gtk_widget_add_css_class (code, "rollout-code");
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (deliverable), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (deliverable), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (state, "rollout-state");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (state), 1);
  gtk_label_set_justify (GTK_LABEL (state), GTK_JUSTIFY_RIGHT);

  gtk_box_append (GTK_BOX (top), code);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (text), top);
  gtk_box_append (GTK_BOX (text), deliverable);
  gtk_box_append (GTK_BOX (text), caption);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), state);
  gtk_list_item_set_child (list_item, row);

  g_object_set_data (G_OBJECT (row), "code", code);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "deliverable", deliverable);
  g_object_set_data (G_OBJECT (row), "caption", caption);
  g_object_set_data (G_OBJECT (row), "state", state);
}

static void
bind_task_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  BsRolloutEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  const BsTask *task = bs_rollout_entry_get_task (entry);
  BsTaskTiming timing = bs_rollout_entry_get_timing (entry);
  GtkWidget *state = g_object_get_data (G_OBJECT (row), "state");
  const char *theme = bs_rollout_entry_get_theme_name (entry);
  char due[BS_DATE_ISO_SIZE];
  g_autofree char *caption = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *status_text = NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "code"), task->code);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "title"),
                       theme[0] != '\0' ? theme : _("No theme"));
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "deliverable"), task->deliverable);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "deliverable"), task->deliverable);

  /* Translators: a task's department · responsible person · due date */
  caption = g_strdup_printf (_("%s · %s · due %s"),
                             bs_rollout_entry_get_department_name (entry),
                             task->responsible[0] != '\0' ? task->responsible : _("nobody named"),
                             bs_date_format (task->due, due));
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "caption"), caption);

  state_text = describe_timing (timing);
  if (timing.state == BS_TASK_TIMING_ON_TIME || timing.state == BS_TASK_TIMING_LATE)
    status_text = g_strdup (state_text);
  else
    /* Translators: a task's status, then its timing, e.g. “In progress\n3 days overdue” */
    status_text = g_strdup_printf (_("%s\n%s"), bs_task_status_get_label (task->status), state_text);
  gtk_label_set_label (GTK_LABEL (state), status_text);
  for (guint i = 0; i < G_N_ELEMENTS (timing_classes); i++)
    gtk_widget_remove_css_class (state, timing_classes[i]);
  switch (timing.state)
    {
    case BS_TASK_TIMING_OVERDUE:
      gtk_widget_add_css_class (state, "rollout-overdue");
      break;
    case BS_TASK_TIMING_DUE_SOON:
      gtk_widget_add_css_class (state, "rollout-due-soon");
      break;
    case BS_TASK_TIMING_LATE:
      gtk_widget_add_css_class (state, "rollout-late");
      break;
    case BS_TASK_TIMING_ON_TIME:
      gtk_widget_add_css_class (state, "rollout-done");
      break;
    case BS_TASK_TIMING_OPEN:
    case BS_N_TASK_TIMINGS:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Filtering */

static guint
selected_filter (GtkDropDown *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  return selected == GTK_INVALID_LIST_POSITION ? 0 : selected;
}

static gboolean
contains_folded (const char *text,
                 const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_query) != NULL;
}

static gboolean
filter_task_cb (gpointer item,
                gpointer user_data)
{
  BsRolloutView *self = user_data;
  BsRolloutEntry *entry = item;
  const BsTask *task = bs_rollout_entry_get_task (entry);
  BsTaskTiming timing = bs_rollout_entry_get_timing (entry);
  guint department = selected_filter (self->department_filter);
  guint phase = selected_filter (self->phase_filter);
  guint status = selected_filter (self->status_filter);
  guint responsible = selected_filter (self->responsible_filter);

  if (department > 0 && department <= self->department_ids->len &&
      task->department_id != g_array_index (self->department_ids, gint64, department - 1))
    return FALSE;
  if (phase > 0 && phase <= self->phase_ids->len &&
      task->phase_id != g_array_index (self->phase_ids, gint64, phase - 1))
    return FALSE;
  if (status > 0 && task->status != (BsTaskStatus) (status - 1))
    return FALSE;
  if (responsible > 0 && responsible <= self->responsibles->len &&
      g_strcmp0 (task->responsible, g_ptr_array_index (self->responsibles, responsible - 1)) != 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->overdue_button) && timing.state != BS_TASK_TIMING_OVERDUE)
    return FALSE;
  if (gtk_toggle_button_get_active (self->due_soon_button) && timing.state != BS_TASK_TIMING_DUE_SOON)
    return FALSE;
  if (self->search_folded != NULL && self->search_folded[0] != '\0' &&
      !contains_folded (task->code, self->search_folded) &&
      !contains_folded (task->deliverable, self->search_folded) &&
      !contains_folded (task->responsible, self->search_folded) &&
      !contains_folded (bs_rollout_entry_get_theme_name (entry), self->search_folded) &&
      !contains_folded (bs_rollout_entry_get_department_name (entry), self->search_folded))
    return FALSE;
  return TRUE;
}

static void
update_tasks_stack (BsRolloutView *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered_tasks));

  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->tasks_stack, "list");
  else if (n_total > 0)
    gtk_stack_set_visible_child_name (self->tasks_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->tasks_stack, "empty");
}

static void
refilter (BsRolloutView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_tasks_stack (self);
}

static void
on_filter_changed_cb (BsRolloutView *self)
{
  if (!is_filling_filters (self))
    refilter (self);
}

/* The filters apply to the tasks and their timeline, not to the scorecard. */
static void
on_page_changed_cb (BsRolloutView *self)
{
  gboolean filtered = g_strcmp0 (gtk_stack_get_visible_child_name (self->inner_stack), "scorecard") != 0;

  gtk_widget_set_visible (self->filter_box, filtered);
  gtk_widget_set_visible (self->filter_separator, filtered);
}

static void
on_overdue_toggled_cb (BsRolloutView *self)
{
  /* The two are alternatives, but either may be off. */
  if (gtk_toggle_button_get_active (self->overdue_button))
    gtk_toggle_button_set_active (self->due_soon_button, FALSE);
  refilter (self);
}

static void
on_due_soon_toggled_cb (BsRolloutView *self)
{
  if (gtk_toggle_button_get_active (self->due_soon_button))
    gtk_toggle_button_set_active (self->overdue_button, FALSE);
  refilter (self);
}

/* ------------------------------------------------------------------ */
/* Editing the selected task */

static BsRolloutEntry *
get_selected_entry (BsRolloutView *self)
{
  return gtk_single_selection_get_selected_item (self->task_selection);
}

/* The decisions about the task being edited, each with a button to remove
 * it (undoable, like every edit). */
static void
update_decisions (BsRolloutView *self,
                  const BsTask  *task)
{
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->decision_list))) != NULL)
    gtk_list_box_remove (self->decision_list, child);

  decisions = bs_catalogue_list_decisions (self->catalogue, task->id, 0, &error);
  if (decisions == NULL)
    {
      g_warning ("Could not list the decisions about %s: %s", task->code, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->decision_list), FALSE);
      return;
    }
  for (guint i = 0; i < decisions->len; i++)
    {
      const BsDecision *decision = g_ptr_array_index (decisions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      char date[BS_DATE_ISO_SIZE];
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;

      /* Translators: a decision about a task: its kind, e.g. Warning, and its date */
      title = g_strdup_printf (_("%s, %s"), bs_decision_kind_get_label (decision->kind),
                               bs_date_format (decision->date, date));
      /* Translators: who took a decision, and why */
      subtitle = g_strdup_printf (_("%s: %s"), decision->decided_by, decision->reason);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

      /* Translators: a button's accessible name; %s is a decision's code, e.g. D003 */
      label = g_strdup_printf (_("Remove decision %s"), decision->code);
      gtk_widget_set_tooltip_text (remove, _("Remove Decision"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "rollout.remove-decision");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", decision->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->decision_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->decision_list), decisions->len > 0);
}

static void
update_editor (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  const BsTask *task;
  char date[BS_DATE_ISO_SIZE];
  g_autofree char *title = NULL;

  gtk_revealer_set_reveal_child (self->editor_revealer, entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rollout.delete-task", entry != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rollout.add-decision", entry != NULL);
  if (entry == NULL)
    return;

  task = bs_rollout_entry_get_task (entry);
  self->filling = TRUE;
  /* Translators: the task being edited: its code and department */
  title = g_strdup_printf (_("%s · %s"), task->code, bs_rollout_entry_get_department_name (entry));
  gtk_label_set_label (self->editor_title, title);
  gtk_drop_down_set_selected (self->status_editor, task->status);
  gtk_editable_set_text (GTK_EDITABLE (self->due_editor), bs_date_format (task->due, date));
  gtk_editable_set_text (GTK_EDITABLE (self->completed_editor), bs_date_format (task->completed, date));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_editor), task->notes ? task->notes : "");
  gtk_editable_set_text (GTK_EDITABLE (self->deliverable_editor), task->deliverable);
  gtk_editable_set_text (GTK_EDITABLE (self->responsible_editor), task->responsible);
  self->filling = FALSE;
  update_decisions (self, task);
}

static void
edited (BsRolloutView *self,
        char          *text)
{
  bs_window_show_undo_toast (GTK_WIDGET (self), text);
  g_free (text);
}

static void
on_status_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry;
  guint status = gtk_drop_down_get_selected (self->status_editor);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const BsTask *task;

  if (self->filling)
    return;
  entry = get_selected_entry (self);
  if (entry == NULL || status >= BS_N_TASK_STATUSES)
    return;
  task = bs_rollout_entry_get_task (entry);
  if ((BsTaskStatus) status == task->status)
    return;
  /* The edit reloads the list, and the entry with it. */
  code = g_strdup (task->code);
  if (!bs_catalogue_set_task_status (self->catalogue, task->id, status, BS_DATE_NONE, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Status"), error);
      update_editor (self);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed the status of %s"), code));
}

static gboolean
parse_entry_date (GtkEntry  *entry,
                  BsDate    *out_date,
                  GError   **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (bs_date_parse (text, out_date))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” is not a date: write it as YYYY-MM-DD, e.g. 2026-06-30"), text);
  return FALSE;
}

static void
on_due_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BsDate due;

  if (entry == NULL)
    return;
  if (!parse_entry_date (self->due_editor, &due, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Due Date"), error);
      return;
    }
  task = bs_task_copy (bs_rollout_entry_get_task (entry));
  if (task->due == due)
    return;
  task->due = due;
  if (!bs_catalogue_update_task (self->catalogue, task, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Due Date"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed the due date of %s"), task->code));
}

static void
on_completed_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->completed_editor));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const BsTask *task;
  BsDate completed;

  if (entry == NULL)
    return;
  task = bs_rollout_entry_get_task (entry);
  if (text[0] == '\0')
    {
      if (task->status != BS_TASK_STATUS_ACCEPTED)
        return;
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("An accepted task has a completion date. To reopen the task, change its status."));
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Completion Date"), error);
      update_editor (self);
      return;
    }
  if (!parse_entry_date (self->completed_editor, &completed, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Completion Date"), error);
      return;
    }
  if (task->status == BS_TASK_STATUS_ACCEPTED && task->completed == completed)
    return;
  /* The edit reloads the list, and the entry with it. */
  code = g_strdup (task->code);

  if (task->status == BS_TASK_STATUS_ACCEPTED)
    {
      g_autoptr(BsTask) copy = bs_task_copy (task);

      /* An accepted task keeps its own date through set_task_status(). */
      copy->completed = completed;
      if (!bs_catalogue_update_task (self->catalogue, copy, &error))
        {
          bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Completion Date"), error);
          return;
        }
    }
  else if (!bs_catalogue_set_task_status (self->catalogue, task->id, BS_TASK_STATUS_ACCEPTED,
                                          completed, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Completion Date"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed the completion date of %s"), code));
}

static void
on_notes_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->notes_editor));
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (entry == NULL)
    return;
  task = bs_task_copy (bs_rollout_entry_get_task (entry));
  if (g_strcmp0 (task->notes ? task->notes : "", text) == 0)
    return;
  g_free (task->notes);
  task->notes = g_strdup (text);
  if (!bs_catalogue_update_task (self->catalogue, task, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Notes"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed the notes of %s"), task->code));
}

static void
on_deliverable_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->deliverable_editor))));
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (entry == NULL)
    return;
  task = bs_task_copy (bs_rollout_entry_get_task (entry));
  if (g_str_equal (task->deliverable, text))
    return;
  if (text[0] == '\0')
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Say what the department delivers."));
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Deliverable"), error);
      update_editor (self);
      return;
    }
  g_free (task->deliverable);
  task->deliverable = g_steal_pointer (&text);
  if (!bs_catalogue_update_task (self->catalogue, task, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Deliverable"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed the deliverable of %s"), task->code));
}

static void
on_responsible_edited_cb (BsRolloutView *self)
{
  BsRolloutEntry *entry = get_selected_entry (self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->responsible_editor))));
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (entry == NULL)
    return;
  task = bs_task_copy (bs_rollout_entry_get_task (entry));
  if (g_str_equal (task->responsible, text))
    return;
  g_free (task->responsible);
  task->responsible = g_steal_pointer (&text);
  if (!bs_catalogue_update_task (self->catalogue, task, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Responsible Person"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Changed who answers for %s"), task->code));
}

/* ------------------------------------------------------------------ */
/* Adding and removing tasks and decisions */

static GtkWindow *
get_window (BsRolloutView *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
new_task_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (widget);
  BsTaskDialog *dialog;
  g_autoptr(GError) error = NULL;
  gint64 phase_id = 0, department_id = 0;
  guint n;

  if (self->catalogue == NULL)
    return;
  /* The task goes where the list is filtered to, if anywhere. */
  n = selected_filter (self->phase_filter);
  if (n > 0 && n <= self->phase_ids->len)
    phase_id = g_array_index (self->phase_ids, gint64, n - 1);
  n = selected_filter (self->department_filter);
  if (n > 0 && n <= self->department_ids->len)
    department_id = g_array_index (self->department_ids, gint64, n - 1);

  dialog = bs_task_dialog_new (get_window (self), self->catalogue, phase_id, department_id, &error);
  if (dialog == NULL)
    {
      bs_window_show_error (widget, _("Could Not Add a Task"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_task_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (widget);
  BsRolloutEntry *entry = get_selected_entry (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const BsTask *task;

  if (entry == NULL)
    return;
  task = bs_rollout_entry_get_task (entry);
  code = g_strdup (task->code);
  if (!bs_catalogue_remove_task (self->catalogue, task->id, &error))
    {
      bs_window_show_error (widget, _("Could Not Delete the Task"), error);
      return;
    }
  /* Translators: %s is a task code */
  edited (self, g_strdup_printf (_("Deleted task %s"), code));
}

static void
add_decision_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (widget);
  BsRolloutEntry *entry = get_selected_entry (self);
  BsDecisionDialog *dialog;

  if (entry == NULL)
    return;
  dialog = bs_decision_dialog_new (get_window (self), self->catalogue,
                                   bs_rollout_entry_get_task (entry),
                                   bs_rollout_entry_get_timing (entry));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_decision_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (widget);
  g_autoptr(BsDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->catalogue == NULL)
    return;
  if (!(decision = bs_catalogue_get_decision (self->catalogue, id, &error)) ||
      !bs_catalogue_remove_decision (self->catalogue, id, &error))
    {
      bs_window_show_error (widget, _("Could Not Remove the Decision"), error);
      return;
    }
  /* Translators: %s is a decision's code, e.g. D003 */
  edited (self, g_strdup_printf (_("Removed decision %s"), decision->code));
}

static void
phases_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (widget);

  if (self->catalogue != NULL)
    bs_phases_dialog_present (get_window (self), self->catalogue);
}

/* ------------------------------------------------------------------ */
/* The scorecard */

static char *
score_cell_text (const BsDepartmentScore *score,
                 ScoreColumn              column)
{
  switch (column)
    {
    case SCORE_COLUMN_DEPARTMENT:
      return g_strdup (score->department_name);
    case SCORE_COLUMN_TASKS:
      return g_strdup_printf ("%u", score->n_tasks);
    case SCORE_COLUMN_DONE:
      return g_strdup_printf ("%u", score->n_done);
    case SCORE_COLUMN_ON_TIME:
      return g_strdup_printf ("%u", score->n_on_time);
    case SCORE_COLUMN_OVERDUE:
      return g_strdup_printf ("%u", score->n_overdue);
    case SCORE_COLUMN_MEAN_DELAY:
      if (score->mean_delay < 0)
        return g_strdup ("—");
      /* Translators: a mean delay in days */
      return g_strdup_printf (_("%.1f days"), score->mean_delay);
    case SCORE_COLUMN_LATEST_DECISION:
      if (score->latest_decision == NULL)
        return g_strdup ("—");
      else
        {
          char date[BS_DATE_ISO_SIZE];

          /* Translators: a decision's kind and date, e.g. “Warning, 2026-05-20” */
          return g_strdup_printf (_("%s, %s"), bs_decision_kind_get_label (score->latest_decision->kind),
                                  bs_date_format (score->latest_decision->date, date));
        }
    case N_SCORE_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
setup_score_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  ScoreColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column == SCORE_COLUMN_DEPARTMENT || column == SCORE_COLUMN_LATEST_DECISION)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
bind_score_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  BsRolloutEntry *entry = gtk_list_item_get_item (list_item);
  const BsDepartmentScore *score = bs_rollout_entry_get_score (entry);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = score_cell_text (score, GPOINTER_TO_INT (user_data));

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "rollout-overdue");
  if (GPOINTER_TO_INT (user_data) == SCORE_COLUMN_OVERDUE && score->n_overdue > 0)
    gtk_widget_add_css_class (label, "rollout-overdue");
}

static int
compare_numbers (double a,
                 double b)
{
  return a < b ? GTK_ORDERING_SMALLER : a > b ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_scores_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const BsDepartmentScore *x = bs_rollout_entry_get_score ((BsRolloutEntry *) a);
  const BsDepartmentScore *y = bs_rollout_entry_get_score ((BsRolloutEntry *) b);

  switch ((ScoreColumn) GPOINTER_TO_INT (user_data))
    {
    case SCORE_COLUMN_DEPARTMENT:
      return g_strcmp0 (x->department_code, y->department_code);
    case SCORE_COLUMN_TASKS:
      return compare_numbers (x->n_tasks, y->n_tasks);
    case SCORE_COLUMN_DONE:
      return compare_numbers (x->n_done, y->n_done);
    case SCORE_COLUMN_ON_TIME:
      return compare_numbers (x->n_on_time, y->n_on_time);
    case SCORE_COLUMN_OVERDUE:
      return compare_numbers (x->n_overdue, y->n_overdue);
    case SCORE_COLUMN_MEAN_DELAY:
      return compare_numbers (x->mean_delay, y->mean_delay);
    case SCORE_COLUMN_LATEST_DECISION:
      {
        BsDate dx = x->latest_decision ? x->latest_decision->date : BS_DATE_NONE;
        BsDate dy = y->latest_decision ? y->latest_decision->date : BS_DATE_NONE;

        return compare_numbers (dx, dy);
      }
    case N_SCORE_COLUMNS:
    default:
      return GTK_ORDERING_EQUAL;
    }
}

static void
setup_scorecard (BsRolloutView *self)
{
  static const char *titles[N_SCORE_COLUMNS] = {
    N_("Department"), N_("Tasks"), N_("Done"), N_("On Time"),
    N_("Overdue Now"), N_("Mean Delay"), N_("Latest Decision"),
  };
  GtkSortListModel *sorted;
  GtkColumnViewColumn *first = NULL;

  self->scores = g_list_store_new (BS_TYPE_ROLLOUT_ENTRY);
  for (int i = 0; i < N_SCORE_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkCustomSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_score_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_score_cell_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(titles[i]), factory);
      sorter = gtk_custom_sorter_new (compare_scores_cb, GINT_TO_POINTER (i), NULL);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == SCORE_COLUMN_DEPARTMENT || i == SCORE_COLUMN_LATEST_DECISION)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->score_view, column);
      if (i == 0)
        first = column;
      g_object_unref (column);
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->scores)),
                                    g_object_ref (gtk_column_view_get_sorter (self->score_view)));
  gtk_column_view_set_model (self->score_view, GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sorted))));
  gtk_column_view_sort_by_column (self->score_view, first, GTK_SORT_ASCENDING);
}

/* ------------------------------------------------------------------ */
/* Loading */

static void
set_drop_down_strings (GtkDropDown *drop_down,
                       GPtrArray   *strings,
                       guint        selected)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (strings, i));
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (drop_down, selected < strings->len ? selected : 0);
}

static guint
find_id (GArray *ids,
         gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i + 1;
  return 0;
}

static guint
find_string (GPtrArray  *strings,
             const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), text) == 0)
      return i + 1;
  return 0;
}

static void
update_counts (BsRolloutView *self,
               guint          n_overdue,
               guint          n_due_soon)
{
  g_autofree char *overdue = NULL;
  g_autofree char *due_soon = NULL;

  /* Translators: the number of overdue tasks, on a filter button */
  overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", n_overdue), n_overdue);
  /* Translators: the number of tasks due soon, on a filter button */
  due_soon = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due soon", "%u due soon", n_due_soon), n_due_soon);
  gtk_button_set_label (GTK_BUTTON (self->overdue_button), overdue);
  gtk_button_set_label (GTK_BUTTON (self->due_soon_button), due_soon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overdue_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, overdue, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->due_soon_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, due_soon, -1);
}

static void
clear (BsRolloutView *self)
{
  g_list_store_remove_all (self->tasks);
  g_list_store_remove_all (self->scores);
  update_counts (self, 0, 0);
  update_tasks_stack (self);
  update_editor (self);
}

static gboolean
load (BsRolloutView *self,
      GError       **error)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GHashTable) department_names = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) theme_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  BsRolloutEntry *selected = get_selected_entry (self);
  gint64 selected_id = selected ? bs_rollout_entry_get_task (selected)->id : 0;
  gint64 department_id = 0, phase_id = 0;
  g_autofree char *responsible = NULL;
  guint n_overdue = 0, n_due_soon = 0;
  guint n;
  BsDate today;

  /* What the filters chose, to choose it again in the new lists. */
  n = selected_filter (self->department_filter);
  if (n > 0 && n <= self->department_ids->len)
    department_id = g_array_index (self->department_ids, gint64, n - 1);
  n = selected_filter (self->phase_filter);
  if (n > 0 && n <= self->phase_ids->len)
    phase_id = g_array_index (self->phase_ids, gint64, n - 1);
  n = selected_filter (self->responsible_filter);
  if (n > 0 && n <= self->responsibles->len)
    responsible = g_strdup (g_ptr_array_index (self->responsibles, n - 1));

  departments = bs_catalogue_list_departments (self->catalogue, error);
  if (departments == NULL)
    return FALSE;
  phases = bs_catalogue_list_phases (self->catalogue, error);
  if (phases == NULL)
    return FALSE;
  tasks = bs_catalogue_list_tasks (self->catalogue, 0, 0, error);
  if (tasks == NULL)
    return FALSE;
  today = bs_catalogue_get_today (self->catalogue);
  scores = bs_catalogue_compute_scorecard (self->catalogue, today, self->due_soon_days, error);
  if (scores == NULL)
    return FALSE;

  for (guint i = 0; i < departments->len; i++)
    {
      BsDepartment *department = g_ptr_array_index (departments, i);

      g_hash_table_insert (department_names, &department->id, department->name);
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      BsTask *task = g_ptr_array_index (tasks, i);
      const char *theme_name = NULL;
      BsTaskTiming timing = bs_task_get_timing (task, today, self->due_soon_days);

      if (task->theme_id != 0)
        {
          theme_name = g_hash_table_lookup (theme_names, &task->theme_id);
          if (theme_name == NULL)
            {
              g_autoptr(BsTheme) theme = bs_catalogue_get_theme (self->catalogue, task->theme_id, error);

              if (theme == NULL)
                return FALSE;
              g_hash_table_insert (theme_names, g_memdup2 (&task->theme_id, sizeof (gint64)),
                                   g_steal_pointer (&theme->name));
              theme_name = g_hash_table_lookup (theme_names, &task->theme_id);
            }
        }
      if (timing.state == BS_TASK_TIMING_OVERDUE)
        n_overdue++;
      else if (timing.state == BS_TASK_TIMING_DUE_SOON)
        n_due_soon++;
      g_ptr_array_add (entries, bs_rollout_entry_new_task (bs_task_copy (task),
                                                           g_hash_table_lookup (department_names, &task->department_id),
                                                           theme_name, timing));
    }

  /* The filters, keeping what was chosen. */
  self->filling = TRUE;
  g_array_set_size (self->department_ids, 0);
  g_ptr_array_add (labels, g_strdup (_("All Departments")));
  for (guint i = 0; i < departments->len; i++)
    {
      BsDepartment *department = g_ptr_array_index (departments, i);
      gboolean has_tasks = FALSE;

      for (guint j = 0; j < tasks->len && !has_tasks; j++)
        has_tasks = ((BsTask *) g_ptr_array_index (tasks, j))->department_id == department->id;
      if (!has_tasks)
        continue;
      g_array_append_val (self->department_ids, department->id);
      g_ptr_array_add (labels, g_strdup (department->name));
    }
  set_drop_down_strings (self->department_filter, labels, find_id (self->department_ids, department_id));

  g_ptr_array_set_size (labels, 0);
  g_array_set_size (self->phase_ids, 0);
  g_ptr_array_add (labels, g_strdup (_("All Phases")));
  for (guint i = 0; i < phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (phases, i);

      g_array_append_val (self->phase_ids, phase->id);
      g_ptr_array_add (labels, g_strdup (phase->name));
    }
  set_drop_down_strings (self->phase_filter, labels, find_id (self->phase_ids, phase_id));

  g_ptr_array_set_size (labels, 0);
  g_ptr_array_set_size (self->responsibles, 0);
  g_ptr_array_add (labels, g_strdup (_("Everyone")));
  for (guint i = 0; i < tasks->len; i++)
    {
      BsTask *task = g_ptr_array_index (tasks, i);

      if (task->responsible[0] == '\0' || g_hash_table_contains (seen, task->responsible))
        continue;
      g_hash_table_add (seen, task->responsible);
      g_ptr_array_add (self->responsibles, g_strdup (task->responsible));
      g_ptr_array_add (labels, g_strdup (task->responsible));
    }
  set_drop_down_strings (self->responsible_filter, labels, find_string (self->responsibles, responsible));
  self->filling = FALSE;

  g_list_store_splice (self->tasks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tasks)),
                       entries->pdata, entries->len);
  g_ptr_array_set_size (entries, 0);
  for (guint i = 0; i < scores->len; i++)
    g_ptr_array_add (entries, bs_rollout_entry_new_score (g_steal_pointer (&scores->pdata[i])));
  g_list_store_splice (self->scores, 0, g_list_model_get_n_items (G_LIST_MODEL (self->scores)),
                       entries->pdata, entries->len);

  bs_rollout_timeline_set_phases (self->timeline, phases, today);
  update_counts (self, n_overdue, n_due_soon);
  refilter (self);

  /* The task being edited stays selected. */
  gtk_single_selection_set_selected (self->task_selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; selected_id != 0 && i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered_tasks)); i++)
    {
      g_autoptr(BsRolloutEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->filtered_tasks), i);

      if (bs_rollout_entry_get_task (entry)->id == selected_id)
        {
          gtk_single_selection_set_selected (self->task_selection, i);
          break;
        }
    }
  update_editor (self);
  return TRUE;
}

static void
reload (BsRolloutView *self)
{
  g_autoptr(GError) error = NULL;

  self->dirty = FALSE;
  if (self->catalogue == NULL)
    {
      clear (self);
      return;
    }
  if (!load (self, &error))
    {
      clear (self);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Read the Rollout"), error);
    }
}

static void
on_catalogue_changed_cb (BsRolloutView *self,
                         BsChanges     *changes,
                         BsCatalogue   *catalogue)
{
  if (!bs_changes_has_table (changes, BS_TABLE_PHASE) &&
      !bs_changes_has_table (changes, BS_TABLE_TASK) &&
      !bs_changes_has_table (changes, BS_TABLE_TASK_ITEM) &&
      !bs_changes_has_table (changes, BS_TABLE_DECISION) &&
      !bs_changes_has_table (changes, BS_TABLE_DEPARTMENT) &&
      !bs_changes_has_table (changes, BS_TABLE_THEME) &&
      !bs_changes_has_table (changes, BS_TABLE_META))
    return;
  if (self->active)
    reload (self);
  else
    self->dirty = TRUE;
}

/* ------------------------------------------------------------------ */

static void
bs_rollout_view_dispose (GObject *object)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_ROLLOUT_VIEW);

  G_OBJECT_CLASS (bs_rollout_view_parent_class)->dispose (object);
}

static void
bs_rollout_view_finalize (GObject *object)
{
  BsRolloutView *self = BS_ROLLOUT_VIEW (object);

  g_clear_object (&self->tasks);
  g_clear_object (&self->scores);
  g_clear_object (&self->filter);
  g_clear_object (&self->filtered_tasks);
  g_clear_object (&self->task_selection);
  g_clear_pointer (&self->department_ids, g_array_unref);
  g_clear_pointer (&self->phase_ids, g_array_unref);
  g_clear_pointer (&self->responsibles, g_ptr_array_unref);
  g_free (self->search_folded);

  G_OBJECT_CLASS (bs_rollout_view_parent_class)->finalize (object);
}

static void
bs_rollout_view_class_init (BsRolloutViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_rollout_view_dispose;
  object_class->finalize = bs_rollout_view_finalize;

  g_type_ensure (BS_TYPE_ROLLOUT_TIMELINE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-rollout-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, due_soon_button);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, filter_separator);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, inner_stack);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, timeline);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, department_filter);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, phase_filter);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, responsible_filter);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, tasks_stack);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, task_list);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, editor_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, editor_title);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, status_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, due_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, completed_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, notes_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, deliverable_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, responsible_editor);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, decision_list);
  gtk_widget_class_bind_template_child (widget_class, BsRolloutView, score_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_overdue_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_due_soon_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_status_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_due_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_completed_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deliverable_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_responsible_edited_cb);

  gtk_widget_class_install_action (widget_class, "rollout.new-task", NULL, new_task_cb);
  gtk_widget_class_install_action (widget_class, "rollout.delete-task", NULL, delete_task_cb);
  gtk_widget_class_install_action (widget_class, "rollout.add-decision", NULL, add_decision_cb);
  gtk_widget_class_install_action (widget_class, "rollout.remove-decision", "x", remove_decision_cb);
  gtk_widget_class_install_action (widget_class, "rollout.phases", NULL, phases_cb);
  /* Delete on the list deletes the selected task; entries keep the key. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "rollout.delete-task", NULL);
}

static void
bs_rollout_view_init (BsRolloutView *self)
{
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  g_autoptr(GPtrArray) status_filters = g_ptr_array_new ();
  GtkListItemFactory *factory;

  self->due_soon_days = BS_DUE_SOON_DAYS_DEFAULT;
  self->department_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->phase_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->responsibles = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling = TRUE;
  g_ptr_array_add (status_filters, (char *) _("All Statuses"));
  for (int i = 0; i < BS_N_TASK_STATUSES; i++)
    {
      g_ptr_array_add (statuses, (char *) bs_task_status_get_label (i));
      g_ptr_array_add (status_filters, (char *) bs_task_status_get_label (i));
    }
  set_drop_down_strings (self->status_editor, statuses, 0);
  set_drop_down_strings (self->status_filter, status_filters, 0);
  self->filling = FALSE;

  self->tasks = g_list_store_new (BS_TYPE_ROLLOUT_ENTRY);
  self->filter = gtk_custom_filter_new (filter_task_cb, self, NULL);
  self->filtered_tasks = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->tasks)),
                                                    GTK_FILTER (g_object_ref (self->filter)));
  self->task_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered_tasks)));
  gtk_single_selection_set_autoselect (self->task_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->task_selection, TRUE);
  gtk_single_selection_set_selected (self->task_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->task_selection, "notify::selected",
                           G_CALLBACK (update_editor), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_task_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_task_row_cb), NULL);
  gtk_list_view_set_factory (self->task_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->task_list, GTK_SELECTION_MODEL (g_object_ref (self->task_selection)));

  bs_rollout_timeline_set_model (self->timeline, G_LIST_MODEL (self->filtered_tasks));

  setup_scorecard (self);
  clear (self);
}

void
bs_rollout_view_set_catalogue (BsRolloutView *self,
                               BsCatalogue   *catalogue)
{
  g_return_if_fail (BS_IS_ROLLOUT_VIEW (self));
  g_return_if_fail (!catalogue || BS_IS_CATALOGUE (catalogue));

  if (self->catalogue == catalogue)
    return;
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);

  /* A new catalogue starts unfiltered. */
  gtk_single_selection_set_selected (self->task_selection, GTK_INVALID_LIST_POSITION);
  g_array_set_size (self->department_ids, 0);
  g_array_set_size (self->phase_ids, 0);
  g_ptr_array_set_size (self->responsibles, 0);
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_toggle_button_set_active (self->due_soon_button, FALSE);
  self->filling = FALSE;

  if (self->active || catalogue == NULL)
    reload (self);
  else
    self->dirty = TRUE;
}

void
bs_rollout_view_set_active (BsRolloutView *self,
                            gboolean       active)
{
  g_return_if_fail (BS_IS_ROLLOUT_VIEW (self));

  self->active = !!active;
  if (self->active && self->dirty)
    reload (self);
}

void
bs_rollout_view_set_due_soon_days (BsRolloutView *self,
                                   int            days)
{
  g_return_if_fail (BS_IS_ROLLOUT_VIEW (self));

  days = MAX (days, 0);
  if (self->due_soon_days == days)
    return;
  self->due_soon_days = days;
  if (self->active)
    reload (self);
  else
    self->dirty = TRUE;
}

void
bs_rollout_view_set_search_text (BsRolloutView *self,
                                 const char    *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (BS_IS_ROLLOUT_VIEW (self));

  folded = text ? g_utf8_casefold (text, -1) : NULL;
  if (g_strcmp0 (folded, self->search_folded) == 0)
    return;
  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);
  refilter (self);
}

void
bs_rollout_view_show_reminded (BsRolloutView *self,
                               gboolean       overdue)
{
  g_return_if_fail (BS_IS_ROLLOUT_VIEW (self));

  gtk_stack_set_visible_child_name (self->inner_stack, "tasks");
  gtk_toggle_button_set_active (overdue ? self->overdue_button : self->due_soon_button, TRUE);
}
