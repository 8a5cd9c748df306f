/* bs-theme-view.c
 *
 * The citizen's catalogue: categories and their themes on the left, the
 * selected theme on the right, with an item of it pushed on top. The
 * sidebar is the category tree flattened into one list (indented by
 * depth): with 2,000 themes a GtkTreeListModel took tens of milliseconds
 * to expand, a flat GListStore takes one splice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-category.h"
#include "bs-code-name-dialog.h"
#include "bs-list-row.h"
#include "bs-theme.h"
#include "bs-theme-node.h"
#include "bs-theme-page.h"
#include "bs-theme-view.h"
#include "bs-window.h"

struct _BsThemeView
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkStack *sidebar_stack;
  GtkGridView *theme_list;
  GtkStack *content_stack;
  AdwLeaflet *content_leaflet;   /* the theme, with an item pushed on it */
  AdwStatusPage *category_page;
  BsThemePage *theme_page;
  BsItemPage *item_page;

  /* Owned references */
  BsCatalogue *catalogue;
  GListStore *nodes;             /* BsThemeNode, the tree in display order */
  gint64 first_category_id;
  GtkSingleSelection *selection;
  char *search_folded;

  BsThemeNodeKind selected_kind;
  gint64 selected_id;            /* 0: nothing selected */
  guint n_categories;
  guint active : 1;
  guint dirty : 1;
  guint restoring : 1;
  guint can_go_back : 1;
};

G_DEFINE_FINAL_TYPE (BsThemeView, bs_theme_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_can_go_back (BsThemeView *self)
{
  const char *visible = adw_leaflet_get_visible_child_name (self->leaflet);
  gboolean can_go_back;

  can_go_back = (adw_leaflet_get_folded (self->leaflet) && g_strcmp0 (visible, "sidebar") != 0) ||
                (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "theme") == 0 &&
                 g_strcmp0 (adw_leaflet_get_visible_child_name (self->content_leaflet), "item") == 0);
  if (self->can_go_back == can_go_back)
    return;
  self->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

static void
navigate_to (BsThemeView *self,
             const char  *pane)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, pane);
}

static BsThemeNode *
get_selected_node (BsThemeView *self)
{
  BsThemeNode *node = gtk_single_selection_get_selected_item (self->selection);

  return node ? g_object_ref (node) : NULL;
}

static gint64
category_for_new_theme (BsThemeView *self)
{
  g_autoptr(BsTheme) theme = NULL;

  if (self->selected_id != 0 && self->selected_kind == BS_THEME_NODE_CATEGORY)
    return self->selected_id;
  if (self->selected_id != 0 && self->selected_kind == BS_THEME_NODE_THEME &&
      (theme = bs_catalogue_get_theme (self->catalogue, self->selected_id, NULL)) != NULL)
    return theme->category_id;
  return self->first_category_id;
}

static void
update_actions (BsThemeView *self)
{
  gboolean category = self->selected_id != 0 && self->selected_kind == BS_THEME_NODE_CATEGORY;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.add-category", self->catalogue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.add-theme", self->n_categories > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.rename-category", category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.delete-category", category);
}

/* Shows what is selected in the middle pane. */
static void
show_selection (BsThemeView *self)
{
  g_autoptr(BsCategory) category = NULL;

  if (self->catalogue == NULL || self->n_categories == 0)
    {
      bs_theme_page_set_theme_id (self->theme_page, 0);
      gtk_stack_set_visible_child_name (self->content_stack, self->catalogue ? "empty" : "none");
    }
  else if (self->selected_id == 0)
    {
      bs_theme_page_set_theme_id (self->theme_page, 0);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }
  else if (self->selected_kind == BS_THEME_NODE_THEME)
    {
      if (bs_theme_page_get_theme_id (self->theme_page) != self->selected_id)
        {
          adw_leaflet_set_visible_child_name (self->content_leaflet, "theme");
          bs_item_page_set_item_id (self->item_page, 0);
        }
      bs_theme_page_set_theme_id (self->theme_page, self->selected_id);
      gtk_stack_set_visible_child_name (self->content_stack, "theme");
    }
  else if ((category = bs_catalogue_get_category (self->catalogue, self->selected_id, NULL)) != NULL)
    {
      g_autoptr(GPtrArray) themes = bs_catalogue_list_themes (self->catalogue, category->id, NULL);
      guint n = themes ? themes->len : 0;
      g_autofree char *description = NULL;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u theme", "%u themes", n), n);
      adw_status_page_set_title (self->category_page, category->name);
      adw_status_page_set_description (self->category_page, description);
      bs_theme_page_set_theme_id (self->theme_page, 0);
      gtk_stack_set_visible_child_name (self->content_stack, "category");
    }
  update_actions (self);
  update_can_go_back (self);
}

static gboolean
select_node (BsThemeView     *self,
             BsThemeNodeKind  kind,
             gint64           id)
{
  GListModel *model = G_LIST_MODEL (self->nodes);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsThemeNode) node = g_list_model_get_item (model, i);

      if (bs_theme_node_get_kind (node) == kind && bs_theme_node_get_id (node) == id)
        {
          self->restoring = TRUE;
          gtk_single_selection_set_selected (self->selection, i);
          self->restoring = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
matches (BsThemeView *self,
         const char  *name)
{
  g_autofree char *folded = NULL;

  if (self->search_folded == NULL || self->search_folded[0] == '\0')
    return TRUE;
  folded = g_utf8_casefold (name, -1);
  return strstr (folded, self->search_folded) != NULL;
}

/* While searching: drops the categories without a matching theme. */
static gboolean
prune (GListStore *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(BsThemeNode) node = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (bs_theme_node_get_kind (node) == BS_THEME_NODE_CATEGORY &&
          !prune (bs_theme_node_get_children (node)))
        g_list_store_remove (store, i - 1);
    }
  return g_list_model_get_n_items (G_LIST_MODEL (store)) > 0;
}

static void
flatten (GListStore *store,
         GPtrArray  *out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      BsThemeNode *node = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_ptr_array_add (out, node);
      if (bs_theme_node_get_children (node) != NULL)
        flatten (bs_theme_node_get_children (node), out);
    }
}

static void
load_tree (BsThemeView *self)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GListStore) roots = g_list_store_new (BS_TYPE_THEME_NODE);
  g_autoptr(GPtrArray) flat = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gboolean searching = self->search_folded != NULL && self->search_folded[0] != '\0';
  gint64 start = g_get_monotonic_time ();
  guint n_themes = 0;

  self->dirty = FALSE;
  if (self->catalogue != NULL)
    {
      categories = bs_catalogue_list_categories (self->catalogue, &error);
      if (categories != NULL)
        themes = bs_catalogue_list_themes (self->catalogue, 0, &error);
      if (themes == NULL)
        g_warning ("Could not list the themes: %s", error->message);
    }

  /* Parents come before their children. */
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      BsCategory *category = g_ptr_array_index (categories, i);
      BsThemeNode *parent = g_hash_table_lookup (nodes, &category->parent_id);
      g_autoptr(BsThemeNode) node = NULL;

      node = bs_theme_node_new (BS_THEME_NODE_CATEGORY, category->id, category->name,
                                parent ? bs_theme_node_get_depth (parent) + 1 : 0);
      g_hash_table_insert (nodes, &category->id, node);
      g_list_store_append (parent ? bs_theme_node_get_children (parent) : roots, node);
    }
  for (guint i = 0; themes != NULL && i < themes->len; i++)
    {
      BsTheme *theme = g_ptr_array_index (themes, i);
      BsThemeNode *parent = g_hash_table_lookup (nodes, &theme->category_id);
      g_autoptr(BsThemeNode) node = NULL;

      if (parent == NULL || !matches (self, theme->name))
        continue;
      node = bs_theme_node_new (BS_THEME_NODE_THEME, theme->id, theme->name,
                                bs_theme_node_get_depth (parent) + 1);
      g_list_store_append (bs_theme_node_get_children (parent), node);
      n_themes++;
    }
  if (searching)
    prune (roots);

  self->n_categories = categories ? categories->len : 0;
  self->first_category_id = categories && categories->len > 0
                            ? ((BsCategory *) g_ptr_array_index (categories, 0))->id : 0;
  flatten (roots, flat);

  self->restoring = TRUE;
  g_list_store_splice (self->nodes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->nodes)),
                       flat->pdata, flat->len);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->restoring = FALSE;

  g_debug ("themes: listed %u categories and %u themes in %.1f ms",
           self->n_categories, n_themes, (double) (g_get_monotonic_time () - start) / 1000.0);

  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    searching && flat->len == 0 ? "no-results" : "list");

  /* Keep the selection; a theme that is gone leaves nothing selected. */
  if (self->selected_id != 0 && !select_node (self, self->selected_kind, self->selected_id))
    {
      g_autoptr(BsTheme) theme = NULL;
      g_autoptr(BsCategory) category = NULL;
      gboolean exists;

      if (self->selected_kind == BS_THEME_NODE_THEME)
        exists = (theme = bs_catalogue_get_theme (self->catalogue, self->selected_id, NULL)) != NULL;
      else
        exists = (category = bs_catalogue_get_category (self->catalogue, self->selected_id, NULL)) != NULL;
      /* Filtered out by a search, it stays on show. */
      if (!exists)
        self->selected_id = 0;
    }
  show_selection (self);
}

static void
on_catalogue_changed_cb (BsThemeView *self,
                         BsChanges   *changes,
                         BsCatalogue *catalogue)
{
  if (!bs_changes_has_table (changes, BS_TABLE_CATEGORY) &&
      !bs_changes_has_table (changes, BS_TABLE_THEME))
    return;
  if (!self->active)
    {
      self->dirty = TRUE;
      return;
    }
  load_tree (self);
}

static void
on_selection_changed_cb (BsThemeView *self)
{
  g_autoptr(BsThemeNode) node = NULL;

  if (self->restoring)
    return;
  node = get_selected_node (self);
  if (node == NULL)
    return;
  self->selected_kind = bs_theme_node_get_kind (node);
  self->selected_id = bs_theme_node_get_id (node);
  show_selection (self);
}

static void
on_list_activate_cb (BsThemeView *self,
                     guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  navigate_to (self, "theme");
}

static void
on_theme_item_activated_cb (BsThemeView *self,
                            gint64       item_id)
{
  bs_item_page_set_item_id (self->item_page, item_id);
  adw_leaflet_set_visible_child_name (self->content_leaflet, "item");
  navigate_to (self, "theme");
}

/* Folded, a click on a row shows the theme, also when the row was
 * selected already (then the selection does not change). */
static void
on_list_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     BsThemeView     *self)
{
  GtkWidget *list = GTK_WIDGET (self->theme_list);
  GtkWidget *picked = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != list; picked = gtk_widget_get_parent (picked))
    if (BS_IS_LIST_ROW (picked) || BS_IS_LIST_ROW (gtk_widget_get_first_child (picked)))
      {
        navigate_to (self, "theme");
        return;
      }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, bs_list_row_new (list_item, GTK_ORIENTATION_HORIZONTAL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  BsThemeNode *node = gtk_list_item_get_item (list_item);
  BsListRow *row = BS_LIST_ROW (gtk_list_item_get_child (list_item));
  GtkWidget *label = GTK_WIDGET (bs_list_row_get_title_label (row));

  /* Categories are headings; what is inside them is indented. */
  bs_list_row_set_title (row, bs_theme_node_get_name (node));
  gtk_widget_set_margin_start (label, 12 * bs_theme_node_get_depth (node));
  if (bs_theme_node_get_kind (node) == BS_THEME_NODE_CATEGORY)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (label, "heading");
      gtk_widget_remove_css_class (label, "dim-label");
    }
}

/* Actions */

static GtkWindow *
get_parent_window (BsThemeView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_add_category_response_cb (BsCodeNameDialog *dialog,
                             const char       *response,
                             BsThemeView      *self)
{
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;
  category = bs_category_new (bs_code_name_dialog_get_code (dialog),
                              bs_code_name_dialog_get_name (dialog), 0);
  id = bs_catalogue_add_category (self->catalogue, category, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Category"), error);
      return;
    }
  self->selected_kind = BS_THEME_NODE_CATEGORY;
  self->selected_id = id;
  select_node (self, BS_THEME_NODE_CATEGORY, id);
  show_selection (self);
  navigate_to (self, "theme");
}

static void
add_category_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsThemeView *self = BS_THEME_VIEW (widget);
  BsCodeNameDialog *dialog;

  dialog = bs_code_name_dialog_new (get_parent_window (self), _("New Category"), _("_Add"), NULL, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_category_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_theme_response_cb (BsCodeNameDialog *dialog,
                          const char       *response,
                          BsThemeView      *self)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;
  theme = bs_theme_new (bs_code_name_dialog_get_code (dialog),
                        bs_code_name_dialog_get_name (dialog),
                        category_for_new_theme (self));
  id = bs_catalogue_add_theme (self->catalogue, theme, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Theme"), error);
      return;
    }
  self->selected_kind = BS_THEME_NODE_THEME;
  self->selected_id = id;
  select_node (self, BS_THEME_NODE_THEME, id);
  show_selection (self);
  navigate_to (self, "theme");
}

static void
add_theme_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsThemeView *self = BS_THEME_VIEW (widget);
  BsCodeNameDialog *dialog;

  if (category_for_new_theme (self) == 0)
    return;
  dialog = bs_code_name_dialog_new (get_parent_window (self), _("New Theme"), _("_Add"), NULL, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_theme_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_rename_category_response_cb (BsCodeNameDialog *dialog,
                                const char       *response,
                                BsThemeView      *self)
{
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "category-id"));

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;
  category = bs_catalogue_get_category (self->catalogue, id, &error);
  if (category != NULL)
    {
      g_free (category->code);
      category->code = g_strdup (bs_code_name_dialog_get_code (dialog));
      g_free (category->name);
      category->name = g_strdup (bs_code_name_dialog_get_name (dialog));
    }
  if (category == NULL || !bs_catalogue_update_category (self->catalogue, category, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Rename the Category"), error);
}

static void
rename_category_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BsThemeView *self = BS_THEME_VIEW (widget);
  g_autoptr(BsCategory) category = NULL;
  BsCodeNameDialog *dialog;

  if (self->selected_kind != BS_THEME_NODE_CATEGORY || self->selected_id == 0 ||
      (category = bs_catalogue_get_category (self->catalogue, self->selected_id, NULL)) == NULL)
    return;
  dialog = bs_code_name_dialog_new (get_parent_window (self), _("Rename Category"), _("_Rename"),
                                    category->code, category->name);
  g_object_set_data (G_OBJECT (dialog), "category-id", GSIZE_TO_POINTER ((gsize) category->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_category_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_category_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BsThemeView *self = BS_THEME_VIEW (widget);
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selected_kind != BS_THEME_NODE_CATEGORY || self->selected_id == 0 ||
      (category = bs_catalogue_get_category (self->catalogue, self->selected_id, NULL)) == NULL)
    return;
  if (!bs_catalogue_remove_category (self->catalogue, category->id, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Delete the Category"), error);
  else
    bs_window_show_deleted (GTK_WIDGET (self), category->name);
}

/* GObject */

static void
bs_theme_view_dispose (GObject *object)
{
  BsThemeView *self = BS_THEME_VIEW (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->selection);
  g_clear_object (&self->nodes);
  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (bs_theme_view_parent_class)->dispose (object);
}

static void
bs_theme_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BsThemeView *self = BS_THEME_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_theme_view_class_init (BsThemeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_theme_view_dispose;
  object_class->get_property = bs_theme_view_get_property;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BS_TYPE_THEME_PAGE);
  g_type_ensure (BS_TYPE_ITEM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-theme-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, theme_list);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, content_leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, category_page);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, theme_page);
  gtk_widget_class_bind_template_child (widget_class, BsThemeView, item_page);
  gtk_widget_class_bind_template_callback (widget_class, update_can_go_back);
  gtk_widget_class_bind_template_callback (widget_class, on_theme_item_activated_cb);

  gtk_widget_class_install_action (widget_class, "themes.add-category", NULL, add_category_action);
  gtk_widget_class_install_action (widget_class, "themes.add-theme", NULL, add_theme_action);
  gtk_widget_class_install_action (widget_class, "themes.rename-category", NULL, rename_category_action);
  gtk_widget_class_install_action (widget_class, "themes.delete-category", NULL, delete_category_action);
}

static void
bs_theme_view_init (BsThemeView *self)
{
  GtkListItemFactory *factory;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->nodes = g_list_store_new (BS_TYPE_THEME_NODE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->nodes)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_grid_view_set_factory (self->theme_list, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->theme_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->theme_list, "activate",
                           G_CALLBACK (on_list_activate_cb), self, G_CONNECT_SWAPPED);
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (on_list_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->theme_list), GTK_EVENT_CONTROLLER (click));

  update_actions (self);
}

void
bs_theme_view_set_catalogue (BsThemeView *self,
                             BsCatalogue *catalogue)
{
  g_return_if_fail (BS_IS_THEME_VIEW (self));

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);

  self->selected_id = 0;
  self->n_categories = 0;
  bs_theme_page_set_catalogue (self->theme_page, catalogue);
  bs_item_page_set_catalogue (self->item_page, catalogue);
  self->restoring = TRUE;
  g_list_store_remove_all (self->nodes);
  self->restoring = FALSE;
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");

  self->dirty = TRUE;
  if (self->active)
    load_tree (self);
  else
    show_selection (self);
}

void
bs_theme_view_set_active (BsThemeView *self,
                          gboolean     active)
{
  g_return_if_fail (BS_IS_THEME_VIEW (self));

  self->active = !!active;
  if (self->active && self->dirty)
    load_tree (self);
}

void
bs_theme_view_set_search_text (BsThemeView *self,
                               const char  *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (BS_IS_THEME_VIEW (self));

  folded = g_utf8_casefold (text ? text : "", -1);
  g_strstrip (folded);
  if (g_strcmp0 (folded, self->search_folded ? self->search_folded : "") == 0)
    return;
  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);
  if (self->active)
    load_tree (self);
  else
    self->dirty = TRUE;
}

gboolean
bs_theme_view_get_can_go_back (BsThemeView *self)
{
  g_return_val_if_fail (BS_IS_THEME_VIEW (self), FALSE);
  return self->can_go_back;
}

void
bs_theme_view_go_back (BsThemeView *self)
{
  g_return_if_fail (BS_IS_THEME_VIEW (self));

  /* The item pushed on the theme goes first, then the panes. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "theme") == 0 &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->content_leaflet), "item") == 0)
    adw_leaflet_navigate (self->content_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

BsItemPage *
bs_theme_view_get_item_page (BsThemeView *self)
{
  g_return_val_if_fail (BS_IS_THEME_VIEW (self), NULL);
  return self->item_page;
}
