/* bs-code-name-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-code-name-dialog.h"

struct _BsCodeNameDialog
{
  AdwMessageDialog parent_instance;

  GtkWidget *code_row;
  GtkWidget *name_row;
};

G_DEFINE_FINAL_TYPE (BsCodeNameDialog, bs_code_name_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
text_is_blank (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  return stripped[0] == '\0';
}

static void
update_accept (BsCodeNameDialog *self)
{
  gboolean ok;

  ok = !text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->code_row)))
       && !text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "accept", ok);
}

static void
on_entry_activated_cb (BsCodeNameDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "accept"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "accept");
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
bs_code_name_dialog_class_init (BsCodeNameDialogClass *klass)
{
}

static void
bs_code_name_dialog_init (BsCodeNameDialog *self)
{
  GtkWidget *list;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  self->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  gtk_list_box_append (GTK_LIST_BOX (list), self->name_row);

  self->code_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row), _("Code"));
  gtk_list_box_append (GTK_LIST_BOX (list), self->code_row);

  g_signal_connect_object (self->code_row, "changed",
                           G_CALLBACK (update_accept), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "changed",
                           G_CALLBACK (update_accept), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_row, "entry-activated",
                           G_CALLBACK (on_entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "entry-activated",
                           G_CALLBACK (on_entry_activated_cb), self, G_CONNECT_SWAPPED);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), list);
}

BsCodeNameDialog *
bs_code_name_dialog_new (GtkWindow  *parent,
                         const char *heading,
                         const char *accept_label,
                         const char *code,
                         const char *name)
{
  BsCodeNameDialog *self;

  self = g_object_new (BS_TYPE_CODE_NAME_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "accept", accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code ? code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  update_accept (self);
  gtk_widget_grab_focus (self->name_row);
  return self;
}

const char *
bs_code_name_dialog_get_code (BsCodeNameDialog *self)
{
  g_return_val_if_fail (BS_IS_CODE_NAME_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->code_row));
}

const char *
bs_code_name_dialog_get_name (BsCodeNameDialog *self)
{
  g_return_val_if_fail (BS_IS_CODE_NAME_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}
