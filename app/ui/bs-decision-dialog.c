/* bs-decision-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-date.h"
#include "bs-decision-dialog.h"
#include "bs-window.h"

struct _BsDecisionDialog
{
  AdwMessageDialog parent_instance;

  BsCatalogue *catalogue;
  gint64 task_id;
  char *task_code;

  GtkWidget *kind_row;
  GtkWidget *date_row;
  GtkWidget *decided_by_row;
  GtkWidget *reason_row;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (BsDecisionDialog, bs_decision_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_stripped (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Why the decision cannot be recorded yet, or NULL. */
static const char *
find_problem (BsDecisionDialog *self,
              BsDate           *out_date)
{
  g_autofree char *date = dup_stripped (self->date_row);
  g_autofree char *decided_by = dup_stripped (self->decided_by_row);
  g_autofree char *reason = dup_stripped (self->reason_row);
  gboolean bad_date = !bs_date_parse (date, out_date);

  if (bad_date)
    gtk_widget_add_css_class (self->date_row, "error");
  else
    gtk_widget_remove_css_class (self->date_row, "error");
  if (bad_date)
    return _("Write the date as YYYY-MM-DD, e.g. 2026-06-30.");
  if (decided_by[0] == '\0')
    return _("Say who decided.");
  if (reason[0] == '\0')
    return _("Give the reason: it is what the department will read.");
  return NULL;
}

static void
update_accept (BsDecisionDialog *self)
{
  BsDate date;
  const char *problem = find_problem (self, &date);

  gtk_label_set_label (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  /* Not yet while the fields are being filled in. */
  if (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (self), "add"))
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", problem == NULL);
}

static void
on_entry_activated_cb (BsDecisionDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "add"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "add");
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
on_response_cb (BsDecisionDialog *self,
                const char       *response)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(BsDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decided_by = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  guint kind;
  BsDate date;

  if (!g_str_equal (response, "add") || find_problem (self, &date) != NULL)
    return;
  kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
  if (kind >= BS_N_DECISION_KINDS)
    return;
  decided_by = dup_stripped (self->decided_by_row);
  reason = dup_stripped (self->reason_row);
  decision = bs_decision_new (self->task_id, kind, decided_by, reason);
  decision->date = date;
  if (bs_catalogue_add_decision (self->catalogue, decision, &error) == 0)
    {
      bs_window_show_error (GTK_WIDGET (parent), _("Could Not Record the Decision"), error);
      return;
    }
  /* Translators: a decision was recorded: its kind (e.g. Warning) and the task code */
  message = g_strdup_printf (_("Recorded “%s” about %s"), bs_decision_kind_get_label (kind),
                             self->task_code);
  bs_window_show_undo_toast (GTK_WIDGET (parent), message);
}

static void
bs_decision_dialog_finalize (GObject *object)
{
  BsDecisionDialog *self = BS_DECISION_DIALOG (object);

  g_clear_object (&self->catalogue);
  g_free (self->task_code);
  G_OBJECT_CLASS (bs_decision_dialog_parent_class)->finalize (object);
}

static void
bs_decision_dialog_class_init (BsDecisionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_decision_dialog_finalize;
}

static GtkWidget *
add_entry_row (BsDecisionDialog *self,
               GtkWidget        *list,
               const char       *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_signal_connect_object (row, "changed", G_CALLBACK (update_accept), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
bs_decision_dialog_init (BsDecisionDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *box, *list;

  for (guint i = 0; i < BS_N_DECISION_KINDS; i++)
    gtk_string_list_append (kinds, bs_decision_kind_get_label (i));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  self->kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Decision"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  gtk_list_box_append (GTK_LIST_BOX (list), self->kind_row);
  self->reason_row = add_entry_row (self, list, _("Reason"));
  self->decided_by_row = add_entry_row (self, list, _("Decided By"));
  self->date_row = add_entry_row (self, list, _("Date (YYYY-MM-DD)"));

  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

BsDecisionDialog *
bs_decision_dialog_new (GtkWindow    *parent,
                        BsCatalogue  *catalogue,
                        const BsTask *task,
                        BsTaskTiming  timing)
{
  BsDecisionDialog *self;
  BsDecisionKind kind = BS_DECISION_KIND_REMINDER;
  g_autofree char *heading = NULL;
  char date[BS_DATE_ISO_SIZE];

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (task != NULL, NULL);

  /* Translators: the heading of the dialog; %s is a task code */
  heading = g_strdup_printf (_("Decision About %s"), task->code);
  self = g_object_new (BS_TYPE_DECISION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", task->deliverable,
                       NULL);
  self->catalogue = g_object_ref (catalogue);
  self->task_id = task->id;
  self->task_code = g_strdup (task->code);

  switch (timing.state)
    {
    case BS_TASK_TIMING_OVERDUE:
      kind = BS_DECISION_KIND_WARNING;
      break;
    case BS_TASK_TIMING_ON_TIME:
      kind = BS_DECISION_KIND_COMMENDATION;
      break;
    case BS_TASK_TIMING_LATE:
    case BS_TASK_TIMING_DUE_SOON:
    case BS_TASK_TIMING_OPEN:
    case BS_N_TASK_TIMINGS:
    default:
      kind = BS_DECISION_KIND_REMINDER;
      break;
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), kind);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row),
                         bs_date_format (bs_catalogue_get_today (catalogue), date));
  gtk_editable_set_text (GTK_EDITABLE (self->decided_by_row),
                         bs_catalogue_get_user_name (catalogue));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Record Decision"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  update_accept (self);
  gtk_widget_grab_focus (self->reason_row);
  return self;
}
