/* bs-item-page.c
 *
 * Each field is saved on its own, as one undoable edit, when its entry is
 * applied (Enter or the apply button) or loses the focus; spin buttons
 * settle for a moment first, so that clicking "+" five times is one edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-department.h"
#include "bs-item.h"
#include "bs-item-page.h"
#include "bs-material.h"
#include "bs-material-row.h"
#include "bs-wheel-guard.h"
#include "bs-window.h"

#define SPIN_SETTLE_MS 600

typedef enum
{
  FIELD_NAME,
  FIELD_CODE,
  FIELD_LEGAL_BASIS,
  FIELD_CONDITIONS,
  FIELD_FEES,
  FIELD_PLACE,
  FIELD_HOURS,
  FIELD_PHONE,
  FIELD_ONLINE_URL,
  FIELD_RESULT_NAME,
  N_TEXT_FIELDS
} TextField;

struct _BsItemPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  AdwEntryRow *name_row;
  AdwEntryRow *code_row;
  AdwComboRow *department_row;
  AdwComboRow *type_row;
  AdwComboRow *handling_row;
  AdwExpanderRow *service_objects_row;
  AdwEntryRow *legal_basis_row;
  AdwEntryRow *conditions_row;
  AdwExpanderRow *legal_limit_row;
  GtkSpinButton *legal_limit_spin;
  AdwComboRow *legal_limit_unit_row;
  AdwExpanderRow *committed_limit_row;
  GtkSpinButton *committed_limit_spin;
  AdwComboRow *committed_limit_unit_row;
  GtkSpinButton *visits_spin;
  AdwEntryRow *fees_row;
  AdwEntryRow *place_row;
  AdwEntryRow *hours_row;
  AdwEntryRow *phone_row;
  AdwEntryRow *online_url_row;
  AdwEntryRow *result_name_row;
  GtkListBox *materials_list;

  AdwEntryRow *text_rows[N_TEXT_FIELDS];
  GtkCheckButton *service_object_checks[BS_N_SERVICE_OBJECTS];

  /* Owned references */
  BsCatalogue *catalogue;
  BsItem *item;               /* as stored, NULL when none is shown */
  GArray *department_ids;     /* gint64, in the order of department_row */
  GHashTable *expanded;       /* ids of the materials shown expanded */

  gint64 item_id;
  guint spin_timeout;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (BsItemPage, bs_item_page, ADW_TYPE_BIN)

static char **
text_field_slot (BsItem    *item,
                 TextField  field)
{
  switch (field)
    {
    case FIELD_NAME: return &item->name;
    case FIELD_CODE: return &item->code;
    case FIELD_LEGAL_BASIS: return &item->legal_basis;
    case FIELD_CONDITIONS: return &item->conditions;
    case FIELD_FEES: return &item->fees;
    case FIELD_PLACE: return &item->place;
    case FIELD_HOURS: return &item->hours;
    case FIELD_PHONE: return &item->phone;
    case FIELD_ONLINE_URL: return &item->online_url;
    case FIELD_RESULT_NAME: return &item->result_name;
    case N_TEXT_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* The names of the edits, as the Undo button shows them. */
static const char *
text_field_edit_label (TextField field)
{
  switch (field)
    {
    case FIELD_NAME: return _("Rename Item");
    case FIELD_CODE: return _("Change Item Code");
    case FIELD_LEGAL_BASIS: return _("Edit Legal Basis");
    case FIELD_CONDITIONS: return _("Edit Conditions");
    case FIELD_FEES: return _("Edit Fees");
    case FIELD_PLACE: return _("Edit Place");
    case FIELD_HOURS: return _("Edit Office Hours");
    case FIELD_PHONE: return _("Edit Phone");
    case FIELD_ONLINE_URL: return _("Edit Online Address");
    case FIELD_RESULT_NAME: return _("Edit Result");
    case N_TEXT_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Hides the apply button a programmatic change would leave up. */
  adw_entry_row_set_show_apply_button (row, FALSE);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

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
item_type_label (int value)
{
  return bs_item_type_get_label ((BsItemType) value);
}

static const char *
handling_label (int value)
{
  return bs_handling_get_label ((BsHandling) value);
}

static const char *
limit_unit_label (int value)
{
  return bs_limit_unit_get_label ((BsLimitUnit) value);
}

/* Loading */

static void
load_departments (BsItemPage *self)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_array_set_size (self->department_ids, 0);
  if (self->catalogue != NULL)
    departments = bs_catalogue_list_departments (self->catalogue, NULL);
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      BsDepartment *department = g_ptr_array_index (departments, i);

      g_array_append_val (self->department_ids, department->id);
      gtk_string_list_append (names, department->name);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->department_row, G_LIST_MODEL (names));
  self->loading = FALSE;
}

static guint
department_position (BsItemPage *self,
                     gint64      id)
{
  for (guint i = 0; i < self->department_ids->len; i++)
    if (g_array_index (self->department_ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
on_material_expanded_cb (BsMaterialRow *row,
                         GParamSpec    *pspec,
                         BsItemPage    *self)
{
  gint64 id = bs_material_row_get_id (row);

  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      g_hash_table_add (self->expanded, key);
    }
  else
    g_hash_table_remove (self->expanded, &id);
}

static void
load_materials (BsItemPage *self)
{
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->materials_list))) != NULL)
    gtk_list_box_remove (self->materials_list, child);

  if (self->catalogue == NULL || self->item == NULL)
    return;

  materials = bs_catalogue_list_materials (self->catalogue, self->item->id, &error);
  if (materials == NULL)
    {
      g_warning ("Could not list the materials: %s", error->message);
      return;
    }

  for (guint i = 0; i < materials->len; i++)
    {
      BsMaterial *material = g_ptr_array_index (materials, i);
      GtkWidget *row = bs_material_row_new (self->catalogue, material, materials->len);

      if (g_hash_table_contains (self->expanded, &material->id))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      g_signal_connect_object (row, "notify::expanded",
                               G_CALLBACK (on_material_expanded_cb), self, 0);
      gtk_list_box_append (self->materials_list, row);
    }
}

static void
load_limit (BsItemPage     *self,
            AdwExpanderRow *row,
            GtkSpinButton  *spin,
            AdwComboRow    *unit_row,
            int             value,
            BsLimitUnit     unit)
{
  g_autofree char *label = bs_limit_dup_label (value, unit);

  adw_expander_row_set_enable_expansion (row, value >= 0);
  if (value < 0)
    adw_expander_row_set_expanded (row, FALSE);
  gtk_spin_button_set_value (spin, MAX (value, 0));
  adw_combo_row_set_selected (unit_row, unit);
  adw_expander_row_set_subtitle (row, value >= 0 ? label : _("Not known"));
}

static void
load_item (BsItemPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service_objects = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(BsDepartment) department = NULL;
  BsItem *item = NULL;

  g_clear_handle_id (&self->spin_timeout, g_source_remove);

  if (self->catalogue != NULL && self->item_id != 0)
    {
      item = bs_catalogue_get_item (self->catalogue, self->item_id, &error);
      if (item == NULL)
        g_debug ("item page: item %" G_GINT64_FORMAT " is gone: %s", self->item_id, error->message);
    }

  g_clear_pointer (&self->item, bs_item_free);
  self->item = item;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.delete", item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.add-material", item != NULL);
  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      load_materials (self);
      return;
    }

  self->loading = TRUE;

  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    set_entry_text (self->text_rows[i], *text_field_slot (item, i));

  department = bs_catalogue_get_department (self->catalogue, item->department_id, NULL);
  subtitle = g_strdup_printf ("%s · %s", department ? department->name : "",
                              bs_item_type_get_label (item->type));
  gtk_label_set_label (self->title_label, item->name);
  gtk_label_set_label (self->subtitle_label, subtitle);

  adw_combo_row_set_selected (self->department_row, department_position (self, item->department_id));
  adw_combo_row_set_selected (self->type_row, item->type);
  adw_combo_row_set_selected (self->handling_row, item->handling);

  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    gtk_check_button_set_active (self->service_object_checks[i], (item->service_objects & (1u << i)) != 0);
  service_objects = bs_service_objects_dup_label (item->service_objects);
  adw_expander_row_set_subtitle (self->service_objects_row,
                                 service_objects[0] ? service_objects : _("None chosen"));

  load_limit (self, self->legal_limit_row, self->legal_limit_spin, self->legal_limit_unit_row,
              item->legal_limit, item->legal_limit_unit);
  load_limit (self, self->committed_limit_row, self->committed_limit_spin, self->committed_limit_unit_row,
              item->committed_limit, item->committed_limit_unit);
  gtk_spin_button_set_value (self->visits_spin, item->visits);

  self->loading = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "item");
  load_materials (self);
}

/* Saving */

static void
save_item (BsItemPage   *self,
           const BsItem *edited,
           const char   *label)
{
  g_autoptr(BsItemPage) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  if (self->catalogue == NULL || self->item == NULL || bs_item_equal (edited, self->item))
    return;

  if (!bs_catalogue_begin (self->catalogue, label, &error) ||
      !bs_catalogue_update_item (self->catalogue, edited, &error) ||
      !bs_catalogue_commit (self->catalogue, &error))
    {
      if (bs_catalogue_in_edit (self->catalogue))
        bs_catalogue_rollback (self->catalogue);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Item"), error);
      load_item (self); /* show what is stored */
    }
  /* On success the "changed" signal reloads the page. */
}

static void
save_text_field (BsItemPage *self,
                 TextField   field)
{
  g_autoptr(BsItem) edited = NULL;
  const char *text;
  char **slot;

  if (self->loading || self->item == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->text_rows[field]));
  if (g_strcmp0 (text, *text_field_slot (self->item, field)) == 0)
    return;

  edited = bs_item_copy (self->item);
  slot = text_field_slot (edited, field);
  g_free (*slot);
  *slot = g_strdup (text);
  if (field == FIELD_NAME || field == FIELD_CODE)
    g_strstrip (*slot);
  save_item (self, edited, text_field_edit_label (field));
}

static void
on_text_apply_cb (AdwEntryRow *row,
                  BsItemPage  *self)
{
  save_text_field (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "field")));
}

static void
on_text_leave_cb (GtkEventControllerFocus *controller,
                  BsItemPage              *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  save_text_field (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "field")));
}

static void
on_department_selected_cb (BsItemPage *self)
{
  g_autoptr(BsItem) edited = NULL;
  guint position = adw_combo_row_get_selected (self->department_row);

  if (self->loading || self->item == NULL || position >= self->department_ids->len)
    return;
  edited = bs_item_copy (self->item);
  edited->department_id = g_array_index (self->department_ids, gint64, position);
  save_item (self, edited, _("Move Item to Department"));
}

static void
on_type_selected_cb (BsItemPage *self)
{
  g_autoptr(BsItem) edited = NULL;
  guint position = adw_combo_row_get_selected (self->type_row);

  if (self->loading || self->item == NULL || position >= BS_N_ITEM_TYPES)
    return;
  edited = bs_item_copy (self->item);
  edited->type = position;
  save_item (self, edited, _("Change Item Type"));
}

static void
on_handling_selected_cb (BsItemPage *self)
{
  g_autoptr(BsItem) edited = NULL;
  guint position = adw_combo_row_get_selected (self->handling_row);

  if (self->loading || self->item == NULL || position >= BS_N_HANDLINGS)
    return;
  edited = bs_item_copy (self->item);
  edited->handling = position;
  save_item (self, edited, _("Change Handling Type"));
}

static void
on_service_object_toggled_cb (BsItemPage *self)
{
  g_autoptr(BsItem) edited = NULL;

  if (self->loading || self->item == NULL)
    return;
  edited = bs_item_copy (self->item);
  edited->service_objects = 0;
  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    if (gtk_check_button_get_active (self->service_object_checks[i]))
      edited->service_objects |= 1u << i;
  save_item (self, edited, _("Change Service Objects"));
}

/* The limits and visits as the widgets show them. */
static void
read_limits (BsItemPage *self,
             BsItem     *edited)
{
  edited->legal_limit = adw_expander_row_get_enable_expansion (self->legal_limit_row)
                        ? gtk_spin_button_get_value_as_int (self->legal_limit_spin) : -1;
  edited->legal_limit_unit = adw_combo_row_get_selected (self->legal_limit_unit_row);
  edited->committed_limit = adw_expander_row_get_enable_expansion (self->committed_limit_row)
                            ? gtk_spin_button_get_value_as_int (self->committed_limit_spin) : -1;
  edited->committed_limit_unit = adw_combo_row_get_selected (self->committed_limit_unit_row);
  edited->visits = gtk_spin_button_get_value_as_int (self->visits_spin);
}

static void
save_limits (BsItemPage *self)
{
  g_autoptr(BsItem) edited = NULL;

  g_clear_handle_id (&self->spin_timeout, g_source_remove);
  if (self->loading || self->item == NULL)
    return;

  edited = bs_item_copy (self->item);
  read_limits (self, edited);
  save_item (self, edited,
             edited->visits != self->item->visits &&
             edited->legal_limit == self->item->legal_limit &&
             edited->committed_limit == self->item->committed_limit
               ? _("Change Visits") : _("Change Time Limit"));
}

static gboolean
spin_settled_cb (gpointer user_data)
{
  BsItemPage *self = user_data;

  self->spin_timeout = 0;
  save_limits (self);
  return G_SOURCE_REMOVE;
}

static void
on_spin_value_changed_cb (BsItemPage *self)
{
  if (self->loading || self->item == NULL)
    return;
  g_clear_handle_id (&self->spin_timeout, g_source_remove);
  self->spin_timeout = g_timeout_add (SPIN_SETTLE_MS, spin_settled_cb, self);
}

static void
on_limit_enabled_cb (AdwExpanderRow *row,
                     GParamSpec     *pspec,
                     BsItemPage     *self)
{
  if (self->loading || self->item == NULL)
    return;
  if (adw_expander_row_get_enable_expansion (row))
    adw_expander_row_set_expanded (row, TRUE);
  save_limits (self);
}

/* Visits: the empty text stands for "not known" (-1). */
static int
on_visits_input_cb (GtkSpinButton *spin,
                    double        *new_value,
                    BsItemPage    *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));

  if (text[0] == '\0' || g_strcmp0 (text, "—") == 0)
    {
      *new_value = -1;
      return TRUE;
    }
  return FALSE;
}

static gboolean
on_visits_output_cb (GtkSpinButton *spin,
                     BsItemPage    *self)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = value < 0 ? g_strdup ("") : g_strdup_printf ("%d", value);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Saves whatever is typed but not yet applied, before the page changes. */
static void
flush_pending_edits (BsItemPage *self)
{
  if (self->item == NULL || self->loading)
    return;
  for (guint i = 0; i < N_TEXT_FIELDS && self->item != NULL; i++)
    save_text_field (self, i);
  if (self->spin_timeout != 0 && self->item != NULL)
    save_limits (self);
}

/* Actions */

static void
add_material_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsItemPage *self = BS_ITEM_PAGE (widget);
  g_autoptr(BsMaterial) material = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->catalogue == NULL || self->item == NULL)
    return;

  material = bs_material_new (self->item->id, _("New material"));
  id = bs_catalogue_add_material (self->catalogue, material, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Material"), error);
      return;
    }

  /* The list was rebuilt by now: open the new row to name it. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->materials_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (BS_IS_MATERIAL_ROW (row) && bs_material_row_get_id (BS_MATERIAL_ROW (row)) == id)
      {
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
        gtk_widget_grab_focus (row);
      }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  bs_item_page_delete_item (BS_ITEM_PAGE (widget));
}

/* Catalogue changes */

static void
on_catalogue_changed_cb (BsItemPage  *self,
                         BsChanges   *changes,
                         BsCatalogue *catalogue)
{
  if (bs_changes_has_table (changes, BS_TABLE_DEPARTMENT))
    {
      load_departments (self);
      if (self->item_id != 0)
        load_item (self);
      return;
    }
  if (self->item_id == 0)
    return;
  if (bs_changes_has_row (changes, BS_TABLE_ITEM, self->item_id))
    load_item (self);
  else if (bs_changes_has_table (changes, BS_TABLE_MATERIAL))
    load_materials (self);
}

/* GObject */

static void
bs_item_page_dispose (GObject *object)
{
  BsItemPage *self = BS_ITEM_PAGE (object);

  g_clear_handle_id (&self->spin_timeout, g_source_remove);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->item, bs_item_free);
  g_clear_pointer (&self->department_ids, g_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (bs_item_page_parent_class)->dispose (object);
}

static void
bs_item_page_class_init (BsItemPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_item_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-item-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, department_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, handling_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, service_objects_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, legal_basis_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, conditions_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, legal_limit_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, legal_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, legal_limit_unit_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, committed_limit_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, committed_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, committed_limit_unit_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, visits_spin);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, fees_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, place_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, hours_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, online_url_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, result_name_row);
  gtk_widget_class_bind_template_child (widget_class, BsItemPage, materials_list);

  gtk_widget_class_install_action (widget_class, "item.add-material", NULL, add_material_action);
  gtk_widget_class_install_action (widget_class, "item.delete", NULL, delete_action);
}

static void
bs_item_page_init (BsItemPage *self)
{
  g_autoptr(GtkStringList) types = NULL;
  g_autoptr(GtkStringList) handlings = NULL;
  g_autoptr(GtkStringList) units = NULL;
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->department_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->text_rows[FIELD_NAME] = self->name_row;
  self->text_rows[FIELD_CODE] = self->code_row;
  self->text_rows[FIELD_LEGAL_BASIS] = self->legal_basis_row;
  self->text_rows[FIELD_CONDITIONS] = self->conditions_row;
  self->text_rows[FIELD_FEES] = self->fees_row;
  self->text_rows[FIELD_PLACE] = self->place_row;
  self->text_rows[FIELD_HOURS] = self->hours_row;
  self->text_rows[FIELD_PHONE] = self->phone_row;
  self->text_rows[FIELD_ONLINE_URL] = self->online_url_row;
  self->text_rows[FIELD_RESULT_NAME] = self->result_name_row;
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_object_set_data (G_OBJECT (self->text_rows[i]), "field", GUINT_TO_POINTER (i));
      g_signal_connect_object (self->text_rows[i], "apply", G_CALLBACK (on_text_apply_cb), self, 0);
      g_signal_connect_object (focus, "leave", G_CALLBACK (on_text_leave_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (self->text_rows[i]), focus);
    }
  gtk_editable_set_width_chars (GTK_EDITABLE (self->online_url_row), 10);
  adw_entry_row_set_input_purpose (self->online_url_row, GTK_INPUT_PURPOSE_URL);
  adw_entry_row_set_input_purpose (self->phone_row, GTK_INPUT_PURPOSE_PHONE);

  types = new_label_list (item_type_label, BS_N_ITEM_TYPES);
  handlings = new_label_list (handling_label, BS_N_HANDLINGS);
  units = new_label_list (limit_unit_label, BS_N_LIMIT_UNITS);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  adw_combo_row_set_model (self->handling_row, G_LIST_MODEL (handlings));
  adw_combo_row_set_model (self->legal_limit_unit_row, G_LIST_MODEL (units));
  adw_combo_row_set_model (self->committed_limit_unit_row, G_LIST_MODEL (units));
  g_signal_connect_object (self->department_row, "notify::selected",
                           G_CALLBACK (on_department_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->type_row, "notify::selected",
                           G_CALLBACK (on_type_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->handling_row, "notify::selected",
                           G_CALLBACK (on_handling_selected_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bs_service_object_get_label (1u << i));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      bs_service_object_get_label (1u << i), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->service_objects_row, row);
      self->service_object_checks[i] = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (on_service_object_toggled_cb), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->legal_limit_row, "notify::enable-expansion",
                           G_CALLBACK (on_limit_enabled_cb), self, 0);
  g_signal_connect_object (self->committed_limit_row, "notify::enable-expansion",
                           G_CALLBACK (on_limit_enabled_cb), self, 0);
  g_signal_connect_object (self->legal_limit_unit_row, "notify::selected",
                           G_CALLBACK (save_limits), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->committed_limit_unit_row, "notify::selected",
                           G_CALLBACK (save_limits), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->legal_limit_spin, "value-changed",
                           G_CALLBACK (on_spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->committed_limit_spin, "value-changed",
                           G_CALLBACK (on_spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visits_spin, "value-changed",
                           G_CALLBACK (on_spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visits_spin, "input", G_CALLBACK (on_visits_input_cb), self, 0);
  g_signal_connect_object (self->visits_spin, "output", G_CALLBACK (on_visits_output_cb), self, 0);
  bs_wheel_guard_attach (GTK_WIDGET (self->legal_limit_spin));
  bs_wheel_guard_attach (GTK_WIDGET (self->committed_limit_spin));
  bs_wheel_guard_attach (GTK_WIDGET (self->visits_spin));

  placeholder = gtk_label_new (_("No materials yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->materials_list, placeholder);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.add-material", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
bs_item_page_set_catalogue (BsItemPage  *self,
                            BsCatalogue *catalogue)
{
  g_return_if_fail (BS_IS_ITEM_PAGE (self));

  if (self->catalogue == catalogue)
    return;

  g_clear_handle_id (&self->spin_timeout, g_source_remove);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);

  g_hash_table_remove_all (self->expanded);
  self->item_id = 0;
  g_clear_pointer (&self->item, bs_item_free);
  load_departments (self);
  load_item (self);
}

void
bs_item_page_set_item_id (BsItemPage *self,
                          gint64      item_id)
{
  g_return_if_fail (BS_IS_ITEM_PAGE (self));

  if (self->item_id == item_id && (self->item != NULL || item_id == 0))
    return;

  flush_pending_edits (self);
  if (self->item_id != item_id)
    g_hash_table_remove_all (self->expanded);
  self->item_id = item_id;
  load_item (self);
  if (self->item != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                GTK_SCROLLED_WINDOW (gtk_stack_get_child_by_name (self->stack, "item"))), 0);
}

gint64
bs_item_page_get_item_id (BsItemPage *self)
{
  g_return_val_if_fail (BS_IS_ITEM_PAGE (self), 0);
  return self->item_id;
}

void
bs_item_page_delete_item (BsItemPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (BS_IS_ITEM_PAGE (self));

  if (self->catalogue == NULL || self->item == NULL)
    return;

  name = g_strdup (self->item->name);
  if (!bs_catalogue_remove_item (self->catalogue, self->item->id, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Delete the Item"), error);
      return;
    }
  bs_window_show_deleted (GTK_WIDGET (self), name);
}
