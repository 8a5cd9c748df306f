/* bs-material-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-condition-dialog.h"
#include "bs-material-row.h"
#include "bs-wheel-guard.h"
#include "bs-window.h"

struct _BsMaterialRow
{
  AdwExpanderRow parent_instance;

  /* Template widgets */
  AdwEntryRow *name_row;
  AdwComboRow *form_row;
  GtkSpinButton *copies_spin;
  AdwComboRow *source_row;
  GtkSwitch *required_switch;
  AdwEntryRow *notes_row;
  AdwEntryRow *form_url_row;
  AdwEntryRow *sample_url_row;
  AdwActionRow *when_row;
  GtkWidget *when_button;
  GtkWidget *up_button;
  GtkWidget *down_button;

  /* Owned references */
  BsCatalogue *catalogue;
  BsMaterial *material;
  BsCondition *when;     /* as stored */
  guint n_materials;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (BsMaterialRow, bs_material_row, ADW_TYPE_EXPANDER_ROW)

static GtkStringList *
new_label_list (const char *(*get_label) (int),
                int           n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (int i = 0; i < n; i++)
    gtk_string_list_append (list, get_label (i));
  return list;
}

static const char *
form_label (int value)
{
  return bs_material_form_get_label ((BsMaterialForm) value);
}

static const char *
source_label (int value)
{
  return bs_material_source_get_label ((BsMaterialSource) value);
}

/* Sets the text without leaving the apply button up. */
static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_entry_row_set_show_apply_button (row, FALSE);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
update_summary (BsMaterialRow *self)
{
  const BsMaterial *m = self->material;
  g_autofree char *subtitle = NULL;
  g_autofree char *copies = NULL;

  copies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d copy", "%d copies", m->copies), m->copies);
  subtitle = g_strdup_printf ("%s · %s · %s%s%s", bs_material_form_get_label (m->form), copies,
                              m->required ? _("Required") : _("Optional"),
                              self->when != NULL && !bs_condition_is_always (self->when) ? " · " : "",
                              self->when != NULL && !bs_condition_is_always (self->when)
                                ? _("Only in some situations") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), m->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

/* "Needed when": the condition's sentence, "Always" without one. */
static void
load_condition (BsMaterialRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *label = NULL;

  g_clear_pointer (&self->when, bs_condition_free);
  if (self->catalogue != NULL)
    self->when = bs_catalogue_get_condition (self->catalogue, BS_CONDITION_MATERIAL, 0,
                                             self->material->id, &error);
  if (self->when == NULL && error != NULL)
    g_debug ("material row: no condition for %" G_GINT64_FORMAT ": %s", self->material->id, error->message);
  sentence = self->when != NULL ? bs_condition_dialog_dup_sentence (self->catalogue, self->when)
                                : g_strdup (C_("condition", "Always"));
  adw_action_row_set_subtitle (self->when_row, sentence);
  if (self->when != NULL && !bs_condition_is_always (self->when))
    gtk_widget_add_css_class (GTK_WIDGET (self->when_row), "conditional");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->when_row), "conditional");
  /* Translators: %s is a material */
  label = g_strdup_printf (_("Edit when “%s” is needed"), self->material->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->when_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
load (BsMaterialRow *self)
{
  const BsMaterial *m = self->material;

  self->loading = TRUE;
  set_entry_text (self->name_row, m->name);
  set_entry_text (self->notes_row, m->notes);
  set_entry_text (self->form_url_row, m->form_url);
  set_entry_text (self->sample_url_row, m->sample_url);
  adw_combo_row_set_selected (self->form_row, m->form);
  adw_combo_row_set_selected (self->source_row, m->source);
  gtk_spin_button_set_value (self->copies_spin, m->copies);
  gtk_switch_set_active (self->required_switch, m->required);
  gtk_widget_set_sensitive (self->up_button, m->position > 0);
  gtk_widget_set_sensitive (self->down_button, (guint) m->position + 1 < self->n_materials);
  update_summary (self);
  self->loading = FALSE;
}

/* Writes the widgets' values as one edit. */
static void
save (BsMaterialRow *self,
      const char    *label)
{
  g_autoptr(BsMaterialRow) hold = g_object_ref (self);
  g_autoptr(BsMaterial) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->loading || self->catalogue == NULL)
    return;

  edited = bs_material_copy (self->material);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (name[0] != '\0')
    {
      g_free (edited->name);
      edited->name = g_steal_pointer (&name);
    }
  g_free (edited->notes);
  edited->notes = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  g_free (edited->form_url);
  edited->form_url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->form_url_row))));
  g_free (edited->sample_url);
  edited->sample_url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sample_url_row))));
  edited->form = adw_combo_row_get_selected (self->form_row);
  edited->source = adw_combo_row_get_selected (self->source_row);
  edited->copies = gtk_spin_button_get_value_as_int (self->copies_spin);
  edited->required = gtk_switch_get_active (self->required_switch);

  if (g_strcmp0 (edited->name, self->material->name) == 0 &&
      g_strcmp0 (edited->notes, self->material->notes) == 0 &&
      g_strcmp0 (edited->form_url, self->material->form_url) == 0 &&
      g_strcmp0 (edited->sample_url, self->material->sample_url) == 0 &&
      edited->form == self->material->form &&
      edited->source == self->material->source &&
      edited->copies == self->material->copies &&
      edited->required == self->material->required)
    {
      load (self); /* e.g. a blank name: show the stored one again */
      return;
    }

  /* The item page rebuilds the rows after the change. */
  if (!bs_catalogue_begin (self->catalogue, label, &error) ||
      !bs_catalogue_update_material (self->catalogue, edited, &error) ||
      !bs_catalogue_commit (self->catalogue, &error))
    {
      if (bs_catalogue_in_edit (self->catalogue))
        bs_catalogue_rollback (self->catalogue);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Material"), error);
      load (self);
    }
}

static void
on_name_apply_cb (BsMaterialRow *self)
{
  save (self, _("Rename Material"));
}

static void
on_notes_apply_cb (BsMaterialRow *self)
{
  save (self, _("Edit Material Notes"));
}

static void
on_form_url_apply_cb (BsMaterialRow *self)
{
  save (self, _("Edit Blank Form Address"));
}

static void
on_sample_url_apply_cb (BsMaterialRow *self)
{
  save (self, _("Edit Sample Address"));
}

static void
on_entry_leave_cb (GtkEventControllerFocus *controller,
                   BsMaterialRow           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (row == GTK_WIDGET (self->name_row) && g_strcmp0 (text, self->material->name) != 0)
    on_name_apply_cb (self);
  else if (row == GTK_WIDGET (self->notes_row) && g_strcmp0 (text, self->material->notes) != 0)
    on_notes_apply_cb (self);
  else if (row == GTK_WIDGET (self->form_url_row) && g_strcmp0 (text, self->material->form_url) != 0)
    on_form_url_apply_cb (self);
  else if (row == GTK_WIDGET (self->sample_url_row) && g_strcmp0 (text, self->material->sample_url) != 0)
    on_sample_url_apply_cb (self);
}

static void
on_when_clicked_cb (BsMaterialRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BsConditionDialog *dialog;
  g_autoptr(GError) error = NULL;

  if (self->catalogue == NULL)
    return;
  /* The row does not know the theme it is seen from: every question of
   * the catalogue is offered. */
  dialog = bs_condition_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->catalogue,
                                    BS_CONDITION_MATERIAL, 0, self->material->id, &error);
  if (dialog == NULL)
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Edit the Condition"), error);
  else
    gtk_window_present (GTK_WINDOW (dialog));
}

/* The item page rebuilds the rows when materials change; a condition, or
 * the questions its sentence names, only this row's "Needed when". */
static void
on_catalogue_changed_cb (BsMaterialRow *self,
                         BsChanges     *changes,
                         BsCatalogue   *catalogue)
{
  if (bs_changes_has_table (changes, BS_TABLE_MATERIAL_WHEN) ||
      bs_changes_has_table (changes, BS_TABLE_QUESTION) ||
      bs_changes_has_table (changes, BS_TABLE_QUESTION_OPTION))
    {
      load_condition (self);
      update_summary (self);
    }
}

static void
on_value_changed_cb (BsMaterialRow *self)
{
  save (self, _("Edit Material"));
}

static void
move_by (BsMaterialRow *self,
         int            delta)
{
  g_autoptr(BsMaterialRow) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  if (self->catalogue != NULL &&
      !bs_catalogue_move_material (self->catalogue, self->material->id,
                                   self->material->position + delta, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Move the Material"), error);
}

static void
on_up_clicked_cb (BsMaterialRow *self)
{
  move_by (self, -1);
}

static void
on_down_clicked_cb (BsMaterialRow *self)
{
  move_by (self, 1);
}

static void
on_delete_clicked_cb (BsMaterialRow *self)
{
  g_autoptr(BsMaterialRow) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (self->material->name);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  if (self->catalogue == NULL)
    return;
  if (!bs_catalogue_remove_material (self->catalogue, self->material->id, &error))
    bs_window_show_error (window, _("Could Not Delete the Material"), error);
  else
    bs_window_show_deleted (window, name);
}

static void
bs_material_row_dispose (GObject *object)
{
  BsMaterialRow *self = BS_MATERIAL_ROW (object);

  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->material, bs_material_free);
  g_clear_pointer (&self->when, bs_condition_free);

  G_OBJECT_CLASS (bs_material_row_parent_class)->dispose (object);
}

static void
bs_material_row_class_init (BsMaterialRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_material_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-material-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, form_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, source_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, required_switch);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, notes_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, form_url_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, sample_url_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, when_row);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, when_button);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, BsMaterialRow, down_button);
  gtk_widget_class_bind_template_callback (widget_class, on_up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_down_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_when_clicked_cb);
}

static void
add_leave_controller (BsMaterialRow *self,
                      AdwEntryRow   *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_entry_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

static void
bs_material_row_init (BsMaterialRow *self)
{
  g_autoptr(GtkStringList) forms = NULL;
  g_autoptr(GtkStringList) sources = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  forms = new_label_list (form_label, BS_N_MATERIAL_FORMS);
  sources = new_label_list (source_label, BS_N_MATERIAL_SOURCES);
  adw_combo_row_set_model (self->form_row, G_LIST_MODEL (forms));
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (sources));

  g_signal_connect_object (self->name_row, "apply", G_CALLBACK (on_name_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notes_row, "apply", G_CALLBACK (on_notes_apply_cb), self, G_CONNECT_SWAPPED);
  add_leave_controller (self, self->name_row);
  add_leave_controller (self, self->notes_row);
  g_signal_connect_object (self->form_url_row, "apply", G_CALLBACK (on_form_url_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sample_url_row, "apply", G_CALLBACK (on_sample_url_apply_cb), self,
                           G_CONNECT_SWAPPED);
  add_leave_controller (self, self->form_url_row);
  add_leave_controller (self, self->sample_url_row);
  /* Long addresses scroll inside the entry rather than widen the page. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->form_url_row), 10);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->sample_url_row), 10);
  g_signal_connect_object (self->form_row, "notify::selected", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_row, "notify::selected", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->copies_spin, "value-changed", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->required_switch, "notify::active", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  bs_wheel_guard_attach (GTK_WIDGET (self->copies_spin));
}

GtkWidget *
bs_material_row_new (BsCatalogue      *catalogue,
                     const BsMaterial *material,
                     guint             n_materials)
{
  BsMaterialRow *self;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (material != NULL, NULL);

  self = g_object_new (BS_TYPE_MATERIAL_ROW, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->material = bs_material_copy (material);
  self->n_materials = n_materials;
  load_condition (self);
  load (self);
  g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

gint64
bs_material_row_get_id (BsMaterialRow *self)
{
  g_return_val_if_fail (BS_IS_MATERIAL_ROW (self), 0);
  return self->material->id;
}
