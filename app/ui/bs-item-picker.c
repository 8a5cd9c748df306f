/* bs-item-picker.c
 *
 * The search goes to the catalogue's full-text index (trigram: any part
 * of a Chinese name matches), one click adds a result to the theme.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-item.h"
#include "bs-item-object.h"
#include "bs-item-picker.h"
#include "bs-theme.h"
#include "bs-window.h"

/* More than a person reads; type more to narrow it down. */
#define MAX_RESULTS 200

struct _BsItemPicker
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkGridView *results_list;
  GtkLabel *more_label;

  /* Owned references */
  BsCatalogue *catalogue;
  GListStore *results;
  GHashTable *in_theme; /* item ids already in the theme */
  gint64 theme_id;
};

G_DEFINE_FINAL_TYPE (BsItemPicker, bs_item_picker, ADW_TYPE_WINDOW)

static void
load_theme_items (BsItemPicker *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_hash_table_remove_all (self->in_theme);
  items = bs_catalogue_list_theme_items (self->catalogue, self->theme_id, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      gint64 *key = g_new (gint64, 1);

      *key = ((BsItemSummary *) g_ptr_array_index (items, i))->id;
      g_hash_table_add (self->in_theme, key);
    }
}

static void
on_search_changed_cb (BsItemPicker *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (query[0] == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }

  ids = bs_catalogue_search_items (self->catalogue, query, &error);
  if (ids == NULL)
    {
      g_warning ("Could not search the items: %s", error->message);
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  for (guint i = 0; i < ids->len && objects->len < MAX_RESULTS; i++)
    {
      g_autoptr(BsItemSummary) summary = bs_catalogue_get_item_summary (self->catalogue,
                                                                        g_array_index (ids, gint64, i), NULL);

      if (summary != NULL)
        g_ptr_array_add (objects, bs_item_object_new (summary));
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       objects->pdata, objects->len);
  g_debug ("item picker: %u results for “%s” in %.1f ms", ids->len, query,
           (double) (g_get_monotonic_time () - start) / 1000.0);

  if (ids->len > objects->len)
    {
      g_autofree char *text = NULL;

      /* Translators: %u are numbers of items */
      text = g_strdup_printf (_("Showing the first %u of %u items: type more to narrow the search"),
                              objects->len, ids->len);
      gtk_label_set_label (self->more_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), ids->len > objects->len);
  gtk_stack_set_visible_child_name (self->stack, objects->len > 0 ? "results" : "none");
}

static void
on_stop_search_cb (BsItemPicker *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_add_clicked_cb (GtkButton    *button,
                   BsItemPicker *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "item-id");
  g_autoptr(GError) error = NULL;

  if (!bs_catalogue_add_theme_item (self->catalogue, self->theme_id, id, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Item"), error);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BsItemPicker             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (box, "item-row");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "item-id", g_new0 (gint64, 1), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_add_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), caption);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BsItemPicker             *self)
{
  BsItemObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (labels);
  GtkWidget *caption = gtk_widget_get_next_sibling (name);
  GtkWidget *button = gtk_widget_get_next_sibling (labels);
  gint64 id = bs_item_object_get_id (item);
  gboolean added = g_hash_table_contains (self->in_theme, &id);
  g_autofree char *caption_text = NULL;
  g_autofree char *button_label = NULL;

  *(gint64 *) g_object_get_data (G_OBJECT (button), "item-id") = id;
  caption_text = g_strdup_printf ("%s · %s", bs_item_object_get_code (item),
                                  bs_item_object_get_department_name (item));
  gtk_label_set_label (GTK_LABEL (name), bs_item_object_get_name (item));
  gtk_label_set_label (GTK_LABEL (caption), caption_text);

  gtk_button_set_label (GTK_BUTTON (button), added ? _("Added") : _("Add"));
  gtk_widget_set_sensitive (button, !added);
  if (added)
    gtk_widget_remove_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "suggested-action");
  /* Translators: %s is an item name */
  button_label = g_strdup_printf (added ? _("“%s” is in the theme") : _("Add “%s” to the theme"),
                                  bs_item_object_get_name (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
}

static void
on_catalogue_changed_cb (BsItemPicker *self,
                         BsChanges    *changes,
                         BsCatalogue  *catalogue)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (bs_changes_has_row (changes, BS_TABLE_THEME, self->theme_id) &&
      (theme = bs_catalogue_get_theme (self->catalogue, self->theme_id, NULL)) == NULL)
    {
      gtk_window_close (GTK_WINDOW (self)); /* the theme is gone */
      return;
    }
  if (!bs_changes_has_table (changes, BS_TABLE_THEME_ITEM) && !bs_changes_has_table (changes, BS_TABLE_ITEM))
    return;

  load_theme_items (self);
  /* Re-bind every row for its Add/Added state. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (objects, g_list_model_get_item (G_LIST_MODEL (self->results), i));
  g_list_store_splice (self->results, 0, n, objects->pdata, objects->len);
}

/* Undo works here too, for an item added by mistake. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsItemPicker *self = BS_ITEM_PICKER (widget);

  if (bs_catalogue_can_undo (self->catalogue))
    bs_catalogue_undo (self->catalogue, NULL);
}

static void
bs_item_picker_dispose (GObject *object)
{
  BsItemPicker *self = BS_ITEM_PICKER (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->results);
  g_clear_pointer (&self->in_theme, g_hash_table_unref);

  G_OBJECT_CLASS (bs_item_picker_parent_class)->dispose (object);
}

static void
bs_item_picker_class_init (BsItemPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_item_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-item-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, BsItemPicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsItemPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BsItemPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, BsItemPicker, results_list);
  gtk_widget_class_bind_template_child (widget_class, BsItemPicker, more_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "picker.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "picker.undo", NULL);
}

static void
bs_item_picker_init (BsItemPicker *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->in_theme = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->results = g_list_store_new (BS_TYPE_ITEM_OBJECT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_grid_view_set_factory (self->results_list, factory);
  gtk_grid_view_set_model (self->results_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  gtk_stack_set_visible_child_name (self->stack, "hint");
}

BsItemPicker *
bs_item_picker_new (GtkWindow   *parent,
                    BsCatalogue *catalogue,
                    gint64       theme_id)
{
  BsItemPicker *self;
  g_autoptr(BsTheme) theme = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (BS_TYPE_ITEM_PICKER, "transient-for", parent, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->theme_id = theme_id;
  g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);

  theme = bs_catalogue_get_theme (catalogue, theme_id, NULL);
  if (theme != NULL)
    adw_window_title_set_subtitle (self->window_title, theme->name);
  load_theme_items (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return self;
}
