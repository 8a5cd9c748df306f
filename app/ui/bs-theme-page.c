/* bs-theme-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-category.h"
#include "bs-flow-page.h"
#include "bs-item.h"
#include "bs-item-picker.h"
#include "bs-preview-page.h"
#include "bs-situations-page.h"
#include "bs-theme.h"
#include "bs-theme-page.h"
#include "bs-window.h"

struct _BsThemePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkWidget *empty_items;
  GtkBox *department_groups;
  GtkListBox *edges_list;
  AdwEntryRow *name_row;
  AdwEntryRow *code_row;
  AdwComboRow *category_row;
  AdwEntryRow *description_row;
  GtkDropDown *before_dropdown;
  GtkDropDown *after_dropdown;
  GtkPopover *add_edge_popover;
  GtkWidget *add_edge_button;
  BsFlowPage *flow_page;
  BsSituationsPage *situations_page;
  BsPreviewPage *preview_page;

  /* Owned references */
  BsCatalogue *catalogue;
  BsTheme *theme;           /* as stored; NULL when none is shown */
  GPtrArray *items;         /* BsItemSummary, the theme's items in order */
  GArray *category_ids;     /* gint64, in the order of category_row */

  gint64 theme_id;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (BsThemePage, bs_theme_page, ADW_TYPE_BIN)

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static const char *
item_name (BsThemePage *self,
           gint64       id)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      BsItemSummary *item = g_ptr_array_index (self->items, i);

      if (item->id == id)
        return item->name;
    }
  return "?";
}

/* Loading */

static void
load_categories (BsThemePage *self)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_array_set_size (self->category_ids, 0);
  if (self->catalogue != NULL)
    categories = bs_catalogue_list_categories (self->catalogue, NULL);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      BsCategory *category = g_ptr_array_index (categories, i);

      g_array_append_val (self->category_ids, category->id);
      gtk_string_list_append (names, category->name);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
  self->loading = FALSE;
}

static void
on_item_row_activated_cb (AdwActionRow *row,
                          BsThemePage  *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "item-id");

  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, id);
}

static void
on_remove_item_clicked_cb (GtkButton   *button,
                           BsThemePage *self)
{
  g_autoptr(BsThemePage) hold = g_object_ref (self);
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "item-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (item_name (self, id));
  g_autofree char *text = NULL;

  if (self->catalogue == NULL || self->theme == NULL)
    return;
  if (!bs_catalogue_remove_theme_item (self->catalogue, self->theme_id, id, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Item"), error);
      return;
    }
  /* Translators: the first %s is an item, the second a theme */
  text = g_strdup_printf (_("Removed “%s” from “%s”"), name, self->theme->name);
  bs_window_show_undo_toast (GTK_WIDGET (self), text);
}

static GtkWidget *
new_item_row (BsThemePage         *self,
              const BsItemSummary *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *remove_label = NULL;
  gint64 *id = g_new (gint64, 1);

  *id = item->id;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->code);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "item-id", id, g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_item_row_activated_cb), self, 0);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove from Theme"));
  /* Translators: %s is an item name */
  remove_label = g_strdup_printf (_("Remove “%s” from the theme"), item->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "item-id", id);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_item_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

typedef struct
{
  gint64 department_id;
  const char *department_name;
  GPtrArray *items; /* borrowed BsItemSummary */
} DepartmentGroup;

static void
department_group_free (DepartmentGroup *group)
{
  g_ptr_array_unref (group->items);
  g_free (group);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const DepartmentGroup *group_a = *(DepartmentGroup * const *) a;
  const DepartmentGroup *group_b = *(DepartmentGroup * const *) b;

  return g_strcmp0 (group_a->department_name, group_b->department_name);
}

static void
load_items (BsThemePage *self)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) department_group_free);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  remove_children (GTK_WIDGET (self->department_groups));
  if (self->catalogue != NULL && self->theme != NULL)
    {
      self->items = bs_catalogue_list_theme_items (self->catalogue, self->theme_id, &error);
      if (self->items == NULL)
        g_warning ("Could not list the theme's items: %s", error->message);
    }

  /* Groups by department, in the order of department names; the items of
   * a department keep the theme's order. */
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      BsItemSummary *item = g_ptr_array_index (self->items, i);
      DepartmentGroup *group = NULL;

      gtk_string_list_append (names, item->name);
      for (guint j = 0; j < groups->len && group == NULL; j++)
        if (((DepartmentGroup *) g_ptr_array_index (groups, j))->department_id == item->department_id)
          group = g_ptr_array_index (groups, j);
      if (group == NULL)
        {
          group = g_new0 (DepartmentGroup, 1);
          group->department_id = item->department_id;
          group->department_name = item->department_name;
          group->items = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->items, item);
    }
  g_ptr_array_sort (groups, compare_groups);

  for (guint i = 0; i < groups->len; i++)
    {
      DepartmentGroup *group = g_ptr_array_index (groups, i);
      GtkWidget *widget = adw_preferences_group_new ();
      g_autofree char *title = g_markup_escape_text (group->department_name ? group->department_name : "", -1);

      /* Group titles are markup. */
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (widget), title);
      for (guint j = 0; j < group->items->len; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (widget),
                                   new_item_row (self, g_ptr_array_index (group->items, j)));
      gtk_box_append (self->department_groups, widget);
    }

  gtk_widget_set_visible (self->empty_items, self->items == NULL || self->items->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->department_groups), self->items != NULL && self->items->len > 0);

  gtk_drop_down_set_model (self->before_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->after_dropdown, G_LIST_MODEL (names));
  if (self->items != NULL && self->items->len > 1)
    gtk_drop_down_set_selected (self->after_dropdown, 1);
  gtk_widget_set_sensitive (self->add_edge_button, self->items != NULL && self->items->len > 1);
}

static void
on_remove_edge_clicked_cb (GtkButton   *button,
                           BsThemePage *self)
{
  g_autoptr(BsThemePage) hold = g_object_ref (self);
  const BsEdge *edge = g_object_get_data (G_OBJECT (button), "edge");
  g_autoptr(GError) error = NULL;

  if (self->catalogue != NULL &&
      !bs_catalogue_remove_theme_edge (self->catalogue, self->theme_id,
                                       edge->before_id, edge->after_id, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Prerequisite"), error);
}

static guint
load_edges (BsThemePage *self)
{
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *placeholder;

  remove_children (GTK_WIDGET (self->edges_list));
  if (self->catalogue != NULL && self->theme != NULL)
    {
      edges = bs_catalogue_list_theme_edges (self->catalogue, self->theme_id, &error);
      if (edges == NULL)
        g_warning ("Could not list the theme's prerequisites: %s", error->message);
    }

  for (guint i = 0; edges != NULL && i < edges->len; i++)
    {
      BsEdge *edge = g_memdup2 (&g_array_index (edges, BsEdge, i), sizeof (BsEdge));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *label = NULL;

      /* Translators: a prerequisite: the first item comes before the second */
      title = g_strdup_printf (_("%s → %s"), item_name (self, edge->before_id), item_name (self, edge->after_id));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Prerequisite"));
      /* Translators: %s is a prerequisite such as “A → B” */
      label = g_strdup_printf (_("Remove the prerequisite %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "edge", edge, g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_edge_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->edges_list, row);
    }

  placeholder = gtk_label_new (_("No prerequisites: every item can be done at any time"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->edges_list, placeholder);

  return edges ? edges->len : 0;
}

static void
load_theme (BsThemePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCategory) category = NULL;
  g_autofree char *items_text = NULL;
  g_autofree char *edges_text = NULL;
  g_autofree char *subtitle = NULL;
  guint n_items, n_edges;

  g_clear_pointer (&self->theme, bs_theme_free);
  if (self->catalogue != NULL && self->theme_id != 0)
    self->theme = bs_catalogue_get_theme (self->catalogue, self->theme_id, &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "theme.delete", self->theme != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "theme.add-items", self->theme != NULL);

  load_items (self);
  n_edges = load_edges (self);
  if (self->theme == NULL)
    return;

  self->loading = TRUE;
  set_entry_text (self->name_row, self->theme->name);
  set_entry_text (self->code_row, self->theme->code);
  set_entry_text (self->description_row, self->theme->description);
  for (guint i = 0; i < self->category_ids->len; i++)
    if (g_array_index (self->category_ids, gint64, i) == self->theme->category_id)
      adw_combo_row_set_selected (self->category_row, i);
  self->loading = FALSE;

  category = bs_catalogue_get_category (self->catalogue, self->theme->category_id, NULL);
  n_items = self->items ? self->items->len : 0;
  items_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n_items), n_items);
  edges_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u prerequisite", "%u prerequisites", n_edges), n_edges);
  subtitle = g_strdup_printf ("%s · %s · %s%s%s", category ? category->name : "", items_text, edges_text,
                              self->theme->description[0] ? "\n" : "", self->theme->description);
  gtk_label_set_label (self->title_label, self->theme->name);
  gtk_label_set_label (self->subtitle_label, subtitle);
}

/* Saving */

static void
save_theme (BsThemePage   *self,
            const BsTheme *edited,
            const char    *label)
{
  g_autoptr(BsThemePage) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  if (self->catalogue == NULL || self->theme == NULL)
    return;
  if (!bs_catalogue_begin (self->catalogue, label, &error) ||
      !bs_catalogue_update_theme (self->catalogue, edited, &error) ||
      !bs_catalogue_commit (self->catalogue, &error))
    {
      if (bs_catalogue_in_edit (self->catalogue))
        bs_catalogue_rollback (self->catalogue);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Theme"), error);
      load_theme (self);
    }
}

static void
save_text (BsThemePage *self,
           AdwEntryRow *row)
{
  g_autoptr(BsTheme) edited = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *label;
  char **slot;

  if (self->loading || self->theme == NULL)
    return;

  edited = bs_theme_copy (self->theme);
  if (row == self->name_row)
    {
      slot = &edited->name;
      label = _("Rename Theme");
    }
  else if (row == self->code_row)
    {
      slot = &edited->code;
      label = _("Change Theme Code");
    }
  else
    {
      slot = &edited->description;
      label = _("Edit Theme Description");
    }
  if (g_strcmp0 (*slot, text) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (text);
  if (row != self->description_row)
    g_strstrip (*slot);
  save_theme (self, edited, label);
}

static void
on_text_leave_cb (GtkEventControllerFocus *controller,
                  BsThemePage             *self)
{
  save_text (self, ADW_ENTRY_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
on_text_apply_cb (AdwEntryRow *row,
                  BsThemePage *self)
{
  save_text (self, row);
}

static void
on_category_selected_cb (BsThemePage *self)
{
  g_autoptr(BsTheme) edited = NULL;
  guint position = adw_combo_row_get_selected (self->category_row);

  if (self->loading || self->theme == NULL || position >= self->category_ids->len)
    return;
  edited = bs_theme_copy (self->theme);
  edited->category_id = g_array_index (self->category_ids, gint64, position);
  if (edited->category_id != self->theme->category_id)
    save_theme (self, edited, _("Move Theme to Category"));
}

/* Actions */

static void
add_items_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsThemePage *self = BS_THEME_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  BsItemPicker *picker;

  if (self->catalogue == NULL || self->theme == NULL)
    return;
  picker = bs_item_picker_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               self->catalogue, self->theme_id);
  gtk_window_present (GTK_WINDOW (picker));
}

static void
add_edge_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BsThemePage *self = BS_THEME_PAGE (widget);
  guint before = gtk_drop_down_get_selected (self->before_dropdown);
  guint after = gtk_drop_down_get_selected (self->after_dropdown);
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->add_edge_popover);
  if (self->catalogue == NULL || self->items == NULL ||
      before >= self->items->len || after >= self->items->len)
    return;

  if (!bs_catalogue_add_theme_edge (self->catalogue, self->theme_id,
                                    ((BsItemSummary *) g_ptr_array_index (self->items, before))->id,
                                    ((BsItemSummary *) g_ptr_array_index (self->items, after))->id,
                                    &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Prerequisite"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsThemePage *self = BS_THEME_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->catalogue == NULL || self->theme == NULL)
    return;
  name = g_strdup (self->theme->name);
  if (!bs_catalogue_remove_theme (self->catalogue, self->theme_id, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Delete the Theme"), error);
  else
    bs_window_show_deleted (GTK_WIDGET (self), name);
}

static void
on_flow_item_activated_cb (BsThemePage *self,
                           gint64       item_id,
                           BsFlowPage  *flow_page)
{
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item_id);
}

static void
on_catalogue_changed_cb (BsThemePage *self,
                         BsChanges   *changes,
                         BsCatalogue *catalogue)
{
  if (bs_changes_has_table (changes, BS_TABLE_CATEGORY))
    load_categories (self);
  if (self->theme_id == 0)
    return;
  if (bs_changes_has_table (changes, BS_TABLE_CATEGORY) ||
      bs_changes_has_row (changes, BS_TABLE_THEME, self->theme_id) ||
      bs_changes_has_table (changes, BS_TABLE_THEME_ITEM) ||
      bs_changes_has_table (changes, BS_TABLE_THEME_EDGE) ||
      bs_changes_has_table (changes, BS_TABLE_ITEM) ||
      bs_changes_has_table (changes, BS_TABLE_DEPARTMENT))
    load_theme (self);
}

/* GObject */

static void
bs_theme_page_dispose (GObject *object)
{
  BsThemePage *self = BS_THEME_PAGE (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->theme, bs_theme_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->category_ids, g_array_unref);

  G_OBJECT_CLASS (bs_theme_page_parent_class)->dispose (object);
}

static void
bs_theme_page_class_init (BsThemePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_theme_page_dispose;

  /* An item of the theme was chosen: show it. */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (BS_TYPE_FLOW_PAGE);
  g_type_ensure (BS_TYPE_SITUATIONS_PAGE);
  g_type_ensure (BS_TYPE_PREVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-theme-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, empty_items);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, department_groups);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, edges_list);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, category_row);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, description_row);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, before_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, after_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, add_edge_popover);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, add_edge_button);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, flow_page);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, situations_page);
  gtk_widget_class_bind_template_child (widget_class, BsThemePage, preview_page);
  gtk_widget_class_bind_template_callback (widget_class, on_flow_item_activated_cb);

  gtk_widget_class_install_action (widget_class, "theme.add-items", NULL, add_items_action);
  gtk_widget_class_install_action (widget_class, "theme.add-edge", NULL, add_edge_action);
  gtk_widget_class_install_action (widget_class, "theme.delete", NULL, delete_action);
}

static void
bs_theme_page_init (BsThemePage *self)
{
  AdwEntryRow *rows[3];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  rows[0] = self->name_row;
  rows[1] = self->code_row;
  rows[2] = self->description_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_object (rows[i], "apply", G_CALLBACK (on_text_apply_cb), self, 0);
      g_signal_connect_object (focus, "leave", G_CALLBACK (on_text_leave_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (rows[i]), focus);
    }
  g_signal_connect_object (self->category_row, "notify::selected",
                           G_CALLBACK (on_category_selected_cb), self, G_CONNECT_SWAPPED);
}

void
bs_theme_page_set_catalogue (BsThemePage *self,
                             BsCatalogue *catalogue)
{
  g_return_if_fail (BS_IS_THEME_PAGE (self));

  if (self->catalogue == catalogue)
    return;
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  self->theme_id = 0;
  bs_flow_page_set_catalogue (self->flow_page, catalogue);
  bs_situations_page_set_catalogue (self->situations_page, catalogue);
  bs_preview_page_set_catalogue (self->preview_page, catalogue);
  load_categories (self);
  load_theme (self);
}

void
bs_theme_page_set_theme_id (BsThemePage *self,
                            gint64       theme_id)
{
  g_return_if_fail (BS_IS_THEME_PAGE (self));

  if (self->theme_id == theme_id)
    return;
  self->theme_id = theme_id;
  bs_flow_page_set_theme_id (self->flow_page, theme_id);
  bs_situations_page_set_theme_id (self->situations_page, theme_id);
  bs_preview_page_set_theme_id (self->preview_page, theme_id);
  load_theme (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

gint64
bs_theme_page_get_theme_id (BsThemePage *self)
{
  g_return_val_if_fail (BS_IS_THEME_PAGE (self), 0);
  return self->theme_id;
}
