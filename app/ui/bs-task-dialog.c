/* bs-task-dialog.c
 *
 * A boxed list of the task's fields under the heading. "Add" stays
 * insensitive until the task could be stored (a deliverable, a due date,
 * a start not after it), and the row at fault says why, so the dialog never
 * closes on a task the catalogue would refuse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-date.h"
#include "bs-department.h"
#include "bs-rollout.h"
#include "bs-task-dialog.h"
#include "bs-theme.h"
#include "bs-window.h"

struct _BsTaskDialog
{
  AdwMessageDialog parent_instance;

  BsCatalogue *catalogue;
  GArray *phase_ids;       /* gint64, one per phase row entry */
  GArray *department_ids;  /* gint64, one per department row entry */
  GArray *theme_ids;       /* gint64, one per theme row entry; 0 first: no theme */
  GPtrArray *phase_ends;   /* BsDate, as pointers, one per phase */

  GtkWidget *phase_row;
  GtkWidget *department_row;
  GtkWidget *theme_row;
  GtkWidget *deliverable_row;
  GtkWidget *responsible_row;
  GtkWidget *start_row;
  GtkWidget *due_row;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (BsTaskDialog, bs_task_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static char *
dup_stripped (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Why the task cannot be added yet, or NULL; marks the row at fault. */
static const char *
find_problem (BsTaskDialog *self,
              BsDate       *out_start,
              BsDate       *out_due)
{
  g_autofree char *start = dup_stripped (self->start_row);
  g_autofree char *due = dup_stripped (self->due_row);
  gboolean bad_start, bad_due;

  *out_start = BS_DATE_NONE;
  *out_due = BS_DATE_NONE;
  bad_start = start[0] != '\0' && !bs_date_parse (start, out_start);
  bad_due = due[0] != '\0' && !bs_date_parse (due, out_due);
  if (bad_start)
    gtk_widget_add_css_class (self->start_row, "error");
  else
    gtk_widget_remove_css_class (self->start_row, "error");
  if (bad_due)
    gtk_widget_add_css_class (self->due_row, "error");
  else
    gtk_widget_remove_css_class (self->due_row, "error");

  if (text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->deliverable_row))))
    return _("Say what the department delivers.");
  if (bad_start || bad_due)
    return _("Write dates as YYYY-MM-DD, e.g. 2026-06-30.");
  if (*out_due == BS_DATE_NONE)
    return _("A task needs a due date.");
  if (*out_start != BS_DATE_NONE && *out_start > *out_due)
    return _("The task cannot start after its due date.");
  return NULL;
}

static void
update_accept (BsTaskDialog *self)
{
  BsDate start, due;
  const char *problem = find_problem (self, &start, &due);

  gtk_label_set_label (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  /* Not yet while the fields are being filled in. */
  if (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (self), "add"))
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", problem == NULL);
}

/* A new phase chosen: its end is the natural due date, unless one was
 * written already. */
static void
on_phase_selected_cb (BsTaskDialog *self)
{
  guint n = adw_combo_row_get_selected (ADW_COMBO_ROW (self->phase_row));
  char date[BS_DATE_ISO_SIZE];
  BsDate end;

  if (n >= self->phase_ends->len)
    return;
  end = GPOINTER_TO_INT (g_ptr_array_index (self->phase_ends, n));
  if (end != BS_DATE_NONE &&
      text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->due_row))))
    gtk_editable_set_text (GTK_EDITABLE (self->due_row), bs_date_format (end, date));
}

static void
on_entry_activated_cb (BsTaskDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "add"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "add");
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
on_response_cb (BsTaskDialog *self,
                const char   *response)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deliverable = NULL;
  g_autofree char *responsible = NULL;
  g_autofree char *message = NULL;
  guint phase, department, theme;
  BsDate start, due;
  gint64 id;

  if (!g_str_equal (response, "add") || find_problem (self, &start, &due) != NULL)
    return;
  phase = adw_combo_row_get_selected (ADW_COMBO_ROW (self->phase_row));
  department = adw_combo_row_get_selected (ADW_COMBO_ROW (self->department_row));
  theme = adw_combo_row_get_selected (ADW_COMBO_ROW (self->theme_row));
  if (phase >= self->phase_ids->len || department >= self->department_ids->len)
    return;

  deliverable = dup_stripped (self->deliverable_row);
  responsible = dup_stripped (self->responsible_row);
  task = bs_task_new (g_array_index (self->phase_ids, gint64, phase),
                      g_array_index (self->department_ids, gint64, department),
                      deliverable, due);
  task->start = start;
  if (theme < self->theme_ids->len)
    task->theme_id = g_array_index (self->theme_ids, gint64, theme);
  g_free (task->responsible);
  task->responsible = g_steal_pointer (&responsible);

  id = bs_catalogue_add_task (self->catalogue, task, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (parent), _("Could Not Add the Task"), error);
      return;
    }
  {
    g_autoptr(BsTask) added = bs_catalogue_get_task (self->catalogue, id, NULL);

    /* Translators: %s is the code of the new task, e.g. T051 */
    message = g_strdup_printf (_("Added task %s"), added ? added->code : "");
  }
  bs_window_show_undo_toast (GTK_WIDGET (parent), message);
}

static void
bs_task_dialog_finalize (GObject *object)
{
  BsTaskDialog *self = BS_TASK_DIALOG (object);

  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->phase_ids, g_array_unref);
  g_clear_pointer (&self->department_ids, g_array_unref);
  g_clear_pointer (&self->theme_ids, g_array_unref);
  g_clear_pointer (&self->phase_ends, g_ptr_array_unref);
  G_OBJECT_CLASS (bs_task_dialog_parent_class)->finalize (object);
}

static void
bs_task_dialog_class_init (BsTaskDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_task_dialog_finalize;
}

static GtkWidget *
add_entry_row (BsTaskDialog *self,
               GtkWidget    *list,
               const char   *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_signal_connect_object (row, "changed", G_CALLBACK (update_accept), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static GtkWidget *
add_combo_row (GtkWidget  *list,
               const char *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
bs_task_dialog_init (BsTaskDialog *self)
{
  GtkWidget *box, *list;

  self->phase_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->department_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->theme_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->phase_ends = g_ptr_array_new ();

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  self->deliverable_row = add_entry_row (self, list, _("Deliverable"));
  self->phase_row = add_combo_row (list, _("Phase"));
  self->department_row = add_combo_row (list, _("Department"));
  self->theme_row = add_combo_row (list, _("Theme"));
  self->responsible_row = add_entry_row (self, list, _("Responsible Person"));
  self->start_row = add_entry_row (self, list, _("Start (YYYY-MM-DD, optional)"));
  self->due_row = add_entry_row (self, list, _("Due (YYYY-MM-DD)"));

  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

static void
set_strings (GtkWidget *row,
             GPtrArray *labels,
             guint      selected)
{
  g_autoptr(GtkStringList) model = NULL;

  g_ptr_array_add (labels, NULL);
  model = gtk_string_list_new ((const char * const *) labels->pdata);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
}

static guint
find_id (GArray *ids,
         gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return 0;
}

BsTaskDialog *
bs_task_dialog_new (GtkWindow    *parent,
                    BsCatalogue  *catalogue,
                    gint64        phase_id,
                    gint64        department_id,
                    GError      **error)
{
  BsTaskDialog *self;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  if (!(phases = bs_catalogue_list_phases (catalogue, error)) ||
      !(departments = bs_catalogue_list_departments (catalogue, error)) ||
      !(themes = bs_catalogue_list_themes (catalogue, 0, error)))
    return NULL;
  if (phases->len == 0)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                           _("The rollout has no phase yet. Add a phase, or let Banshi propose them, first."));
      return NULL;
    }
  if (departments->len == 0)
    {
      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                           _("The catalogue has no department yet: a task belongs to a department."));
      return NULL;
    }

  self = g_object_new (BS_TYPE_TASK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("New Task"),
                       NULL);
  self->catalogue = g_object_ref (catalogue);

  for (guint i = 0; i < phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (phases, i);

      g_array_append_val (self->phase_ids, phase->id);
      g_ptr_array_add (self->phase_ends, GINT_TO_POINTER (phase->end));
      g_ptr_array_add (labels, g_strdup (phase->name));
    }
  set_strings (self->phase_row, labels, find_id (self->phase_ids, phase_id));

  g_ptr_array_set_size (labels, 0);
  for (guint i = 0; i < departments->len; i++)
    {
      BsDepartment *department = g_ptr_array_index (departments, i);

      g_array_append_val (self->department_ids, department->id);
      g_ptr_array_add (labels, g_strdup (department->name));
    }
  set_strings (self->department_row, labels, find_id (self->department_ids, department_id));

  g_ptr_array_set_size (labels, 0);
  g_array_append_val (self->theme_ids, (gint64) { 0 });
  g_ptr_array_add (labels, g_strdup (_("No theme")));
  for (guint i = 0; i < themes->len; i++)
    {
      BsTheme *theme = g_ptr_array_index (themes, i);

      g_array_append_val (self->theme_ids, theme->id);
      g_ptr_array_add (labels, g_strdup (theme->name));
    }
  set_strings (self->theme_row, labels, 0);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Task"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  g_signal_connect_object (self->phase_row, "notify::selected",
                           G_CALLBACK (on_phase_selected_cb), self, G_CONNECT_SWAPPED);
  on_phase_selected_cb (self);
  update_accept (self);
  gtk_widget_grab_focus (self->deliverable_row);
  return self;
}
