/* bs-question-dialog.c
 *
 * Two modes on one form. A new question lives in the widgets until Add
 * stores it as one edit. An existing one is saved field by field, like the
 * item page: an entry when it is applied (Enter or its button) or loses
 * the focus, the kind and the options' order at once. A refused change
 * (a code taken, "=" in a code, an option a condition uses) is shown and
 * its text stays in the entry, marked, for the analyst to correct.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-question.h"
#include "bs-question-dialog.h"
#include "bs-window.h"

struct _BsQuestionDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwHeaderBar *header_bar;
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *save_button;
  AdwPreferencesGroup *question_group;
  AdwEntryRow *prompt_row;
  AdwEntryRow *code_row;
  AdwEntryRow *help_row;
  AdwComboRow *kind_row;
  GtkListBox *options_list;

  /* Owned references */
  BsCatalogue *catalogue;
  BsQuestion *question;  /* as stored; NULL for a new question */

  gint64 theme_id;       /* a new question goes to this theme */
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (BsQuestionDialog, bs_question_dialog, ADW_TYPE_WINDOW)

enum {
  QUESTION_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_new (BsQuestionDialog *self)
{
  return self->question == NULL;
}

static char *
dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Sets the text without leaving the apply button up. */
static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (adw_entry_row_get_show_apply_button (row))
    {
      adw_entry_row_set_show_apply_button (row, FALSE);
      adw_entry_row_set_show_apply_button (row, TRUE);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_object_set_data (G_OBJECT (row), "refused", NULL);
}

/* A refused text stays, marked, and is not tried again when the focus
 * leaves (the error dialog takes it). */
static void
mark_refused (AdwEntryRow *row)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  g_object_set_data_full (G_OBJECT (row), "refused",
                          g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))), g_free);
}

static gboolean
is_refused (AdwEntryRow *row)
{
  return g_strcmp0 (g_object_get_data (G_OBJECT (row), "refused"),
                    gtk_editable_get_text (GTK_EDITABLE (row))) == 0;
}

/* Option rows: an expander row titled with the label, its code below; open,
 * the two entries and the buttons to move and remove it. */

static GList *
list_option_rows (BsQuestionDialog *self)
{
  GList *rows = NULL;

  for (GtkWidget *child = gtk_widget_get_last_child (GTK_WIDGET (self->options_list));
       child != NULL; child = gtk_widget_get_prev_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child))
      rows = g_list_prepend (rows, child);
  return rows;
}

static AdwEntryRow *
option_label_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "label-row");
}

static AdwEntryRow *
option_code_row (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "code-row");
}

static gint64
option_id (GtkWidget *row)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (row), "option-id");
}

static const BsOption *
stored_option (BsQuestionDialog *self,
               GtkWidget        *row)
{
  return self->question ? bs_question_find_option (self->question, option_id (row)) : NULL;
}

static void
update_option_title (GtkWidget *row)
{
  g_autofree char *label = dup_stripped (option_label_row (row));
  g_autofree char *code = dup_stripped (option_code_row (row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label[0] ? label : _("No label yet"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), code);
}

static void
update_option_buttons (BsQuestionDialog *self)
{
  g_autoptr(GList) rows = list_option_rows (self);
  guint n = g_list_length (rows);
  guint i = 0;

  for (GList *l = rows; l != NULL; l = l->next, i++)
    {
      gtk_widget_set_sensitive (g_object_get_data (l->data, "up-button"), i > 0);
      gtk_widget_set_sensitive (g_object_get_data (l->data, "down-button"), i + 1 < n);
    }
}

/* A new question can be added once it has a prompt and a code and each
 * option a label and a code; the catalogue checks the rest. */
static void
update_save (BsQuestionDialog *self)
{
  g_autofree char *prompt = dup_stripped (self->prompt_row);
  g_autofree char *code = dup_stripped (self->code_row);
  g_autoptr(GList) rows = list_option_rows (self);
  gboolean ok = prompt[0] != '\0' && code[0] != '\0';

  for (GList *l = rows; l != NULL && ok; l = l->next)
    {
      g_autofree char *label = dup_stripped (option_label_row (l->data));
      g_autofree char *option_code = dup_stripped (option_code_row (l->data));

      ok = label[0] != '\0' && option_code[0] != '\0';
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.save", is_new (self) && ok);
}

/* The fields in the order Enter goes through them. */
static GPtrArray *
list_fields (BsQuestionDialog *self)
{
  GPtrArray *fields = g_ptr_array_new ();
  g_autoptr(GList) rows = list_option_rows (self);

  g_ptr_array_add (fields, self->prompt_row);
  g_ptr_array_add (fields, self->code_row);
  g_ptr_array_add (fields, self->help_row);
  for (GList *l = rows; l != NULL; l = l->next)
    {
      g_ptr_array_add (fields, option_label_row (l->data));
      g_ptr_array_add (fields, option_code_row (l->data));
    }
  return fields;
}

static void
on_entry_activated_cb (AdwEntryRow      *row,
                       BsQuestionDialog *self)
{
  g_autoptr(GPtrArray) fields = list_fields (self);
  guint index;

  if (!g_ptr_array_find (fields, row, &index))
    return;
  if (index + 1 < fields->len)
    {
      GtkWidget *next = g_ptr_array_index (fields, index + 1);
      GtkWidget *expander = gtk_widget_get_ancestor (next, ADW_TYPE_EXPANDER_ROW);

      if (expander != NULL)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      gtk_widget_grab_focus (next);
    }
  else if (is_new (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "question.save", NULL);
}

/* Saving an existing question */

static void
save_question (BsQuestionDialog *self,
               const BsQuestion *edited,
               AdwEntryRow      *row,
               const char       *label)
{
  g_autoptr(BsQuestionDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  if (!bs_catalogue_begin (self->catalogue, label, &error) ||
      !bs_catalogue_update_question (self->catalogue, edited, &error) ||
      !bs_catalogue_commit (self->catalogue, &error))
    {
      if (bs_catalogue_in_edit (self->catalogue))
        bs_catalogue_rollback (self->catalogue);
      if (row != NULL)
        mark_refused (row);
      else
        {
          self->loading = TRUE;
          adw_combo_row_set_selected (self->kind_row, self->question->kind);
          self->loading = FALSE;
        }
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Question"), error);
    }
  /* On success the "changed" signal reloads the form. */
}

static void
save_field (BsQuestionDialog *self,
            AdwEntryRow      *row,
            gboolean          leaving)
{
  g_autoptr(BsQuestion) edited = NULL;
  const char *label;
  char **slot;

  if (self->loading || is_new (self) || (leaving && is_refused (row)))
    return;

  edited = bs_question_copy (self->question);
  if (row == self->prompt_row)
    {
      slot = &edited->prompt;
      label = _("Edit Question");
    }
  else if (row == self->code_row)
    {
      slot = &edited->code;
      label = _("Change Question Code");
    }
  else
    {
      slot = &edited->help;
      label = _("Edit Question Help");
    }
  g_free (*slot);
  *slot = row == self->help_row ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))) : dup_stripped (row);
  if (row != self->help_row && (*slot)[0] == '\0')
    {
      /* A blank prompt or code: the stored one comes back. */
      set_entry_text (row, row == self->prompt_row ? self->question->prompt : self->question->code);
      return;
    }
  if (g_strcmp0 (edited->prompt, self->question->prompt) == 0 &&
      g_strcmp0 (edited->code, self->question->code) == 0 &&
      g_strcmp0 (edited->help, self->question->help) == 0)
    {
      set_entry_text (row, *slot);
      return;
    }
  save_question (self, edited, row, label);
}

static void
on_field_apply_cb (AdwEntryRow      *row,
                   BsQuestionDialog *self)
{
  save_field (self, row, FALSE);
}

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   BsQuestionDialog        *self)
{
  save_field (self, ADW_ENTRY_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))), TRUE);
}

static void
on_kind_selected_cb (BsQuestionDialog *self)
{
  g_autoptr(BsQuestion) edited = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (self->loading || is_new (self) || kind >= BS_N_QUESTION_KINDS || kind == self->question->kind)
    return;
  edited = bs_question_copy (self->question);
  edited->kind = kind;
  save_question (self, edited, NULL, _("Change Question Kind"));
}

static void
save_option (BsQuestionDialog *self,
             GtkWidget        *row,
             AdwEntryRow      *entry,
             gboolean          leaving)
{
  g_autoptr(BsQuestionDialog) hold = g_object_ref (self);
  g_autoptr(BsOption) edited = NULL;
  g_autoptr(GError) error = NULL;
  const BsOption *stored = stored_option (self, row);
  g_autofree char *text = dup_stripped (entry);
  char **slot;

  if (self->loading || stored == NULL || (leaving && is_refused (entry)))
    return;

  edited = bs_option_copy (stored);
  slot = entry == option_label_row (row) ? &edited->label : &edited->code;
  if (text[0] == '\0' || g_strcmp0 (*slot, text) == 0)
    {
      set_entry_text (entry, *slot); /* blank or unchanged: show the stored one */
      update_option_title (row);
      return;
    }
  g_free (*slot);
  *slot = g_steal_pointer (&text);
  if (!bs_catalogue_update_option (self->catalogue, edited, &error))
    {
      mark_refused (entry);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Option"), error);
    }
}

static void
on_option_apply_cb (AdwEntryRow      *entry,
                    BsQuestionDialog *self)
{
  save_option (self, gtk_widget_get_ancestor (GTK_WIDGET (entry), ADW_TYPE_EXPANDER_ROW), entry, FALSE);
}

static void
on_option_leave_cb (GtkEventControllerFocus *controller,
                    BsQuestionDialog        *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  save_option (self, gtk_widget_get_ancestor (entry, ADW_TYPE_EXPANDER_ROW), ADW_ENTRY_ROW (entry), TRUE);
}

static void
on_option_changed_cb (GtkEditable      *entry,
                      BsQuestionDialog *self)
{
  update_option_title (gtk_widget_get_ancestor (GTK_WIDGET (entry), ADW_TYPE_EXPANDER_ROW));
  update_save (self);
}

/* Moving and removing options */

static void
move_option_row (BsQuestionDialog *self,
                 GtkWidget        *row,
                 int               delta)
{
  g_autoptr(BsQuestionDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + delta;
  GtkWidget *button = g_object_get_data (G_OBJECT (row), delta < 0 ? "up-button" : "down-button");
  gint64 id = option_id (row);

  if (position < 0)
    return;
  if (is_new (self))
    {
      g_object_ref (row);
      gtk_list_box_remove (self->options_list, row);
      gtk_list_box_insert (self->options_list, row, position);
      g_object_unref (row);
      update_option_buttons (self);
    }
  else if (!bs_catalogue_move_option (self->catalogue, id, position, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Move the Option"), error);
      return;
    }
  else
    {
      /* The list was rebuilt: the same button of the moved option. */
      g_autoptr(GList) rows = list_option_rows (self);

      button = NULL;
      for (GList *l = rows; l != NULL; l = l->next)
        if (option_id (l->data) == id)
          button = g_object_get_data (l->data, delta < 0 ? "up-button" : "down-button");
    }
  if (button != NULL)
    gtk_widget_grab_focus (gtk_widget_get_sensitive (button)
                             ? button
                             : g_object_get_data (G_OBJECT (gtk_widget_get_ancestor (button, ADW_TYPE_EXPANDER_ROW)),
                                                  delta < 0 ? "down-button" : "up-button"));
}

static void
on_up_clicked_cb (GtkButton        *button,
                  BsQuestionDialog *self)
{
  move_option_row (self, gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW), -1);
}

static void
on_down_clicked_cb (GtkButton        *button,
                    BsQuestionDialog *self)
{
  move_option_row (self, gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW), 1);
}

static void
on_remove_clicked_cb (GtkButton        *button,
                      BsQuestionDialog *self)
{
  g_autoptr(BsQuestionDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);

  if (is_new (self))
    {
      gtk_list_box_remove (self->options_list, row);
      update_option_buttons (self);
      update_save (self);
    }
  else if (!bs_catalogue_remove_option (self->catalogue, option_id (row), &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Option"), error);
}

static void
add_leave_controller (GtkWidget *row,
                      GCallback  callback,
                      gpointer   self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", callback, self, 0);
  gtk_widget_add_controller (row, focus);
}

static GtkWidget *
new_option_button (const char *icon_name,
                   const char *tooltip,
                   const char *accessible_label,
                   GCallback   callback,
                   gpointer    self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
new_option_row (BsQuestionDialog *self,
                gint64            id,
                const char       *code,
                const char       *label,
                guint             number)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *label_row = adw_entry_row_new ();
  GtkWidget *code_row = adw_entry_row_new ();
  GtkWidget *buttons_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *up, *down, *remove;
  g_autofree char *label_name = NULL;
  g_autofree char *code_name = NULL;
  g_autofree char *up_name = NULL;
  g_autofree char *down_name = NULL;
  g_autofree char *remove_name = NULL;
  AdwEntryRow *entries[2];

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "option-id", g_memdup2 (&id, sizeof id), g_free);

  /* Translators: the accessible names of an option's fields; %u is its number */
  label_name = g_strdup_printf (_("Label of option %u"), number);
  code_name = g_strdup_printf (_("Code of option %u"), number);
  up_name = g_strdup_printf (_("Move option %u up"), number);
  down_name = g_strdup_printf (_("Move option %u down"), number);
  remove_name = g_strdup_printf (_("Remove option %u"), number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (label_row), _("Label"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (code_row), _("Code"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (code_row), GTK_ACCESSIBLE_PROPERTY_LABEL, code_name, -1);
  gtk_editable_set_text (GTK_EDITABLE (label_row), label);
  gtk_editable_set_text (GTK_EDITABLE (code_row), code);
  entries[0] = ADW_ENTRY_ROW (label_row);
  entries[1] = ADW_ENTRY_ROW (code_row);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      adw_entry_row_set_show_apply_button (entries[i], !is_new (self));
      g_signal_connect_object (entries[i], "changed", G_CALLBACK (on_option_changed_cb), self, 0);
      g_signal_connect_object (entries[i], "entry-activated", G_CALLBACK (on_entry_activated_cb), self, 0);
      if (!is_new (self))
        {
          g_signal_connect_object (entries[i], "apply", G_CALLBACK (on_option_apply_cb), self, 0);
          add_leave_controller (GTK_WIDGET (entries[i]), G_CALLBACK (on_option_leave_cb), self);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (entries[i]));
    }

  up = new_option_button ("go-up-symbolic", _("Move Up"), up_name, G_CALLBACK (on_up_clicked_cb), self);
  down = new_option_button ("go-down-symbolic", _("Move Down"), down_name, G_CALLBACK (on_down_clicked_cb), self);
  remove = new_option_button ("user-trash-symbolic", _("Remove Option"), remove_name,
                              G_CALLBACK (on_remove_clicked_cb), self);
  gtk_widget_add_css_class (remove, "error");
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (buttons_row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (buttons_row), FALSE);
  gtk_widget_set_focusable (buttons_row, FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons_row);

  g_object_set_data (G_OBJECT (row), "label-row", label_row);
  g_object_set_data (G_OBJECT (row), "code-row", code_row);
  g_object_set_data (G_OBJECT (row), "up-button", up);
  g_object_set_data (G_OBJECT (row), "down-button", down);
  update_option_title (row);
  return row;
}

/* A code no other option of the form has: o1, o2… */
static char *
dup_free_option_code (BsQuestionDialog *self)
{
  g_autoptr(GList) rows = list_option_rows (self);

  for (guint n = g_list_length (rows) + 1;; n++)
    {
      g_autofree char *code = g_strdup_printf ("o%u", n);
      gboolean taken = FALSE;

      for (GList *l = rows; l != NULL && !taken; l = l->next)
        taken = g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (option_code_row (l->data))), code) == 0;
      if (!taken)
        return g_steal_pointer (&code);
    }
}

static void
open_option_row (GtkWidget *row)
{
  AdwEntryRow *label = option_label_row (row);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (label));
  gtk_editable_select_region (GTK_EDITABLE (label), 0, -1);
}

static void
add_option_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  BsQuestionDialog *self = BS_QUESTION_DIALOG (widget);
  g_autofree char *code = dup_free_option_code (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) rows = list_option_rows (self);
  gint64 id;

  if (is_new (self))
    {
      GtkWidget *row = new_option_row (self, 0, code, "", g_list_length (rows) + 1);

      gtk_list_box_append (self->options_list, row);
      update_option_buttons (self);
      update_save (self);
      open_option_row (row);
      return;
    }

  id = bs_catalogue_add_option (self->catalogue, self->question->id, code, _("New option"), &error);
  if (id == 0)
    {
      bs_window_show_error (widget, _("Could Not Add the Option"), error);
      return;
    }
  /* Rebuilt by now: open the new one to name it. */
  g_clear_pointer (&rows, g_list_free);
  rows = list_option_rows (self);
  for (GList *l = rows; l != NULL; l = l->next)
    if (option_id (l->data) == id)
      open_option_row (l->data);
}

/* Adding a new question */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsQuestionDialog *self = BS_QUESTION_DIALOG (widget);
  g_autoptr(BsQuestionDialog) hold = g_object_ref (self);
  g_autofree char *code = dup_stripped (self->code_row);
  g_autofree char *prompt = dup_stripped (self->prompt_row);
  g_autoptr(BsQuestion) question = bs_question_new (code, prompt);
  g_autoptr(GList) rows = list_option_rows (self);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!is_new (self))
    return;

  g_free (question->help);
  question->help = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->help_row)));
  question->kind = MIN (adw_combo_row_get_selected (self->kind_row), BS_N_QUESTION_KINDS - 1);
  for (GList *l = rows; l != NULL; l = l->next)
    {
      g_autofree char *option_code = dup_stripped (option_code_row (l->data));
      g_autofree char *label = dup_stripped (option_label_row (l->data));

      bs_question_append_option (question, option_code, label);
    }

  if (!bs_catalogue_begin (self->catalogue, _("Add Question"), &error) ||
      (id = bs_catalogue_add_question (self->catalogue, question, &error)) == 0 ||
      (self->theme_id != 0 && !bs_catalogue_add_theme_question (self->catalogue, self->theme_id, id, &error)) ||
      !bs_catalogue_commit (self->catalogue, &error))
    {
      if (bs_catalogue_in_edit (self->catalogue))
        bs_catalogue_rollback (self->catalogue);
      bs_window_show_error (widget, _("Could Not Add the Question"), error);
      return;
    }
  g_signal_emit (self, signals[QUESTION_ADDED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

/* Loading an existing question */

static void
load_usage (BsQuestionDialog *self)
{
  g_autoptr(GArray) themes = bs_catalogue_list_question_themes (self->catalogue, self->question->id, NULL);
  guint n = themes ? themes->len : 0;
  g_autofree char *text = NULL;

  if (n > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Asked in %u theme: a change here changes it there too",
                                         "Asked in %u themes: a change here changes all of them", n),
                            n);
  adw_preferences_group_set_description (self->question_group, text);
}

typedef struct
{
  char *label;      /* typed but not saved, or NULL */
  char *code;
  gboolean expanded;
} OptionState;

static void
option_state_free (OptionState *state)
{
  g_free (state->label);
  g_free (state->code);
  g_free (state);
}

static char *
dup_unsaved (AdwEntryRow *entry,
             const char  *stored)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return g_strcmp0 (text, stored) != 0 ? g_strdup (text) : NULL;
}

/* Rebuilds the option rows from the stored question, keeping what is
 * typed and not saved, which rows are open, and the focus. */
static void
load_options (BsQuestionDialog *self,
              const BsQuestion *previous)
{
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) option_state_free);
  g_autoptr(GList) rows = list_option_rows (self);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gint64 focus_id = 0;
  const char *focus_key = NULL;

  for (GList *l = rows; l != NULL; l = l->next)
    {
      const BsOption *old = previous ? bs_question_find_option (previous, option_id (l->data)) : NULL;
      OptionState *state = g_new0 (OptionState, 1);

      state->expanded = adw_expander_row_get_expanded (l->data);
      if (old != NULL)
        {
          state->label = dup_unsaved (option_label_row (l->data), old->label);
          state->code = dup_unsaved (option_code_row (l->data), old->code);
        }
      g_hash_table_insert (states, g_memdup2 (&(gint64) { option_id (l->data) }, sizeof (gint64)), state);
      if (focus != NULL && gtk_widget_is_ancestor (focus, l->data))
        {
          focus_id = option_id (l->data);
          if (gtk_widget_is_ancestor (focus, GTK_WIDGET (option_label_row (l->data))))
            focus_key = "label-row";
          else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (option_code_row (l->data))))
            focus_key = "code-row";
          else if (focus == g_object_get_data (l->data, "up-button"))
            focus_key = "up-button";
          else if (focus == g_object_get_data (l->data, "down-button"))
            focus_key = "down-button";
        }
      gtk_list_box_remove (self->options_list, l->data);
    }

  for (guint i = 0; i < self->question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (self->question->options, i);
      OptionState *state = g_hash_table_lookup (states, &option->id);
      GtkWidget *row = new_option_row (self, option->id, option->code, option->label, i + 1);

      gtk_list_box_append (self->options_list, row);
      if (state != NULL)
        {
          if (state->label != NULL)
            gtk_editable_set_text (GTK_EDITABLE (option_label_row (row)), state->label);
          if (state->code != NULL)
            gtk_editable_set_text (GTK_EDITABLE (option_code_row (row)), state->code);
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), state->expanded);
        }
      if (option->id == focus_id && focus_key != NULL)
        {
          GtkWidget *target = g_object_get_data (G_OBJECT (row), focus_key);

          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          if (gtk_widget_get_sensitive (target))
            gtk_widget_grab_focus (target);
          else
            gtk_widget_grab_focus (row);
        }
    }
  update_option_buttons (self);
}

static void
load_question (BsQuestionDialog *self,
               BsQuestion       *question)
{
  g_autoptr(BsQuestion) previous = self->question;
  AdwEntryRow *rows[] = { self->prompt_row, self->code_row, self->help_row };

  self->question = question;
  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *stored = rows[i] == self->prompt_row ? question->prompt
                           : rows[i] == self->code_row ? question->code : question->help;
      const char *before = previous == NULL ? NULL
                           : rows[i] == self->prompt_row ? previous->prompt
                           : rows[i] == self->code_row ? previous->code : previous->help;

      /* What is typed and not saved stays. */
      if (previous == NULL || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (rows[i])), before) == 0 ||
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (rows[i])), stored) == 0)
        set_entry_text (rows[i], stored);
    }
  adw_combo_row_set_selected (self->kind_row, question->kind);
  load_options (self, previous);
  adw_window_title_set_subtitle (self->window_title, question->prompt);
  load_usage (self);
  self->loading = FALSE;
}

static void
on_catalogue_changed_cb (BsQuestionDialog *self,
                         BsChanges        *changes,
                         BsCatalogue      *catalogue)
{
  BsQuestion *question;

  if (is_new (self) ||
      (!bs_changes_has_table (changes, BS_TABLE_QUESTION) &&
       !bs_changes_has_table (changes, BS_TABLE_QUESTION_OPTION) &&
       !bs_changes_has_table (changes, BS_TABLE_THEME_QUESTION)))
    return;

  question = bs_catalogue_get_question (catalogue, self->question->id, NULL);
  if (question == NULL)
    {
      gtk_window_close (GTK_WINDOW (self)); /* gone, e.g. its adding undone */
      return;
    }
  load_question (self, question);
}

/* The first option entry whose text is not stored, and not refused. */
static AdwEntryRow *
find_unsaved_option (BsQuestionDialog *self,
                     GtkWidget       **out_row)
{
  g_autoptr(GList) rows = list_option_rows (self);

  for (GList *l = rows; l != NULL; l = l->next)
    {
      const BsOption *stored = stored_option (self, l->data);
      AdwEntryRow *entries[2] = { option_label_row (l->data), option_code_row (l->data) };
      const char *texts[2] = { stored ? stored->label : NULL, stored ? stored->code : NULL };

      for (guint i = 0; stored != NULL && i < G_N_ELEMENTS (entries); i++)
        {
          g_autofree char *text = dup_stripped (entries[i]);

          if (text[0] != '\0' && g_strcmp0 (text, texts[i]) != 0 && !is_refused (entries[i]))
            {
              *out_row = l->data;
              return entries[i];
            }
        }
    }
  return NULL;
}

/* Saves what is typed and not applied yet. A refusal keeps the dialog open
 * once, with the text marked; closing again lets the refused text go. */
static gboolean
on_close_request_cb (BsQuestionDialog *self)
{
  AdwEntryRow *fields[] = { self->prompt_row, self->code_row, self->help_row };
  AdwEntryRow *entry;
  GtkWidget *row;
  guint tries = 0;

  if (is_new (self) || self->loading)
    return GDK_EVENT_PROPAGATE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gboolean was_refused = is_refused (fields[i]);

      save_field (self, fields[i], TRUE);
      if (!was_refused && is_refused (fields[i]))
        return GDK_EVENT_STOP;
    }
  /* Each save rebuilds the rows: look again after each. */
  while (tries++ < 2 * self->question->options->len &&
         (entry = find_unsaved_option (self, &row)) != NULL)
    {
      g_autoptr(GtkWidget) hold = g_object_ref (row);

      save_option (self, row, entry, TRUE);
      /* Refused: the rows were not rebuilt and the entry is marked. */
      if (gtk_widget_get_parent (row) != NULL && is_refused (entry))
        return GDK_EVENT_STOP;
    }
  /* No more saving while the widgets go. */
  self->loading = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* GObject */

static void
bs_question_dialog_dispose (GObject *object)
{
  BsQuestionDialog *self = BS_QUESTION_DIALOG (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->question, bs_question_free);

  G_OBJECT_CLASS (bs_question_dialog_parent_class)->dispose (object);
}

static void
bs_question_dialog_class_init (BsQuestionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_question_dialog_dispose;

  /* A new question was stored (and added to the theme): its id. */
  signals[QUESTION_ADDED] =
    g_signal_new ("question-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-question-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, header_bar);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, question_group);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, prompt_row);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, help_row);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BsQuestionDialog, options_list);

  gtk_widget_class_install_action (widget_class, "question.add-option", NULL, add_option_action);
  gtk_widget_class_install_action (widget_class, "question.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_question_dialog_init (BsQuestionDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < BS_N_QUESTION_KINDS; i++)
    gtk_string_list_append (kinds, bs_question_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  placeholder = gtk_label_new (_("No options yet: add the answers an applicant can give"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->options_list, placeholder);

  adw_entry_row_set_input_hints (self->code_row, GTK_INPUT_HINT_NO_SPELLCHECK);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);
}

static BsQuestionDialog *
new_dialog (GtkWindow   *parent,
            BsCatalogue *catalogue)
{
  BsQuestionDialog *self = g_object_new (BS_TYPE_QUESTION_DIALOG, "transient-for", parent, NULL);

  self->catalogue = g_object_ref (catalogue);
  return self;
}

static void
connect_fields (BsQuestionDialog *self)
{
  AdwEntryRow *rows[] = { self->prompt_row, self->code_row, self->help_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_signal_connect_object (rows[i], "entry-activated", G_CALLBACK (on_entry_activated_cb), self, 0);
      if (is_new (self))
        g_signal_connect_object (rows[i], "changed", G_CALLBACK (update_save), self, G_CONNECT_SWAPPED);
      else
        {
          adw_entry_row_set_show_apply_button (rows[i], TRUE);
          g_signal_connect_object (rows[i], "apply", G_CALLBACK (on_field_apply_cb), self, 0);
          add_leave_controller (GTK_WIDGET (rows[i]), G_CALLBACK (on_field_leave_cb), self);
        }
    }
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected_cb),
                           self, G_CONNECT_SWAPPED);
}

BsQuestionDialog *
bs_question_dialog_new (GtkWindow   *parent,
                        BsCatalogue *catalogue,
                        gint64       theme_id)
{
  BsQuestionDialog *self;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  self = new_dialog (parent, catalogue);
  self->theme_id = theme_id;
  gtk_window_set_title (GTK_WINDOW (self), _("New Question"));
  adw_window_title_set_title (self->window_title, _("New Question"));
  adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, FALSE);
  adw_preferences_group_set_description (self->question_group,
                                         _("The question as applicants read it, a short code for files "
                                           "and links, and an optional hint"));

  /* A free code to start from: q1, q2… */
  questions = bs_catalogue_list_questions (catalogue, NULL);
  for (guint n = (questions ? questions->len : 0) + 1; code == NULL; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("q%u", n);
      gboolean taken = FALSE;

      for (guint i = 0; questions != NULL && i < questions->len && !taken; i++)
        taken = g_strcmp0 (((BsQuestion *) g_ptr_array_index (questions, i))->code, candidate) == 0;
      if (!taken)
        code = g_steal_pointer (&candidate);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);

  connect_fields (self);
  update_save (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_row));
  return self;
}

BsQuestionDialog *
bs_question_dialog_new_for_question (GtkWindow    *parent,
                                     BsCatalogue  *catalogue,
                                     gint64        question_id,
                                     GError      **error)
{
  BsQuestionDialog *self;
  BsQuestion *question;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  question = bs_catalogue_get_question (catalogue, question_id, error);
  if (question == NULL)
    return NULL;

  self = new_dialog (parent, catalogue);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Question"));
  adw_window_title_set_title (self->window_title, _("Edit Question"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->save_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.save", FALSE);

  load_question (self, question);
  connect_fields (self);
  g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_row));
  return self;
}
