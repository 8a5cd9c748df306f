/* bs-department-view.c
 *
 * The government catalogue: departments on the left, the selected
 * department's approval items in the middle, the item on the right. The
 * item list is a view over a GListStore of small BsItemObjects, so 20,000
 * items cost 20,000 objects but only a screenful of widgets. The lists are
 * GtkGridViews of one column: GTK 4.8's GtkListView keeps 200 rows alive
 * whatever its height, a grid view about 30, and a search builds them all
 * anew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-code-name-dialog.h"
#include "bs-department.h"
#include "bs-department-object.h"
#include "bs-department-view.h"
#include "bs-item.h"
#include "bs-item-object.h"
#include "bs-list-row.h"
#include "bs-window.h"

/* Beyond this many changed rows, reloading the list is quicker than
 * patching it. */
#define MAX_PATCHED_ROWS 64

struct _BsDepartmentView
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkGridView *department_list;
  GtkGridView *item_list;
  GtkStack *items_stack;
  GtkLabel *department_title;
  GtkLabel *department_subtitle;
  BsItemPage *item_page;

  /* Owned references */
  BsCatalogue *catalogue;
  GListStore *departments;
  GtkSingleSelection *department_selection;
  GListStore *items;
  GHashTable *item_index; /* gint64 id -> BsItemObject (borrowed) */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered_items;
  GtkSingleSelection *item_selection;
  char *search_folded;

  guint prepare_source;   /* folds the items for search, a batch per idle */
  guint prepare_position;

  gint64 department_id;   /* the department whose items are listed; 0: all */
  guint active : 1;
  guint dirty : 1;        /* changed while hidden: reload when shown */
  guint restoring : 1;    /* selection changes made by the code, not the user */
  guint can_go_back : 1;
};

G_DEFINE_FINAL_TYPE (BsDepartmentView, bs_department_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_can_go_back (BsDepartmentView *self)
{
  const char *visible = adw_leaflet_get_visible_child_name (self->leaflet);
  gboolean can_go_back;

  can_go_back = adw_leaflet_get_folded (self->leaflet) && g_strcmp0 (visible, "sidebar") != 0;
  if (self->can_go_back == can_go_back)
    return;
  self->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

static void
navigate_to (BsDepartmentView *self,
             const char       *pane)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, pane);
}

static BsDepartmentObject *
get_selected_department (BsDepartmentView *self)
{
  return gtk_single_selection_get_selected_item (self->department_selection);
}

static void
update_actions (BsDepartmentView *self)
{
  gboolean real = self->catalogue != NULL && self->department_id != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "department.rename", real);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "department.delete", real);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "department.add", self->catalogue != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.add", self->catalogue != NULL);
}

static void
update_header (BsDepartmentView *self)
{
  BsDepartmentObject *department = get_selected_department (self);
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered_items));
  g_autofree char *subtitle = NULL;

  gtk_label_set_label (self->department_title,
                       department ? bs_department_object_get_name (department) : "");
  if (self->search_folded != NULL && self->search_folded[0] != '\0')
    /* Translators: shown above a filtered list */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u item", "%u of %u items", n_total),
                                n_shown, n_total);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n_total), n_total);
  gtk_label_set_label (self->department_subtitle, subtitle);

  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->items_stack, "list");
  else if (n_total > 0)
    gtk_stack_set_visible_child_name (self->items_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->items_stack, "empty");
}

/* Selects the item shown on the item page, if the list has it. */
static void
restore_item_selection (BsDepartmentView *self)
{
  gint64 id = bs_item_page_get_item_id (self->item_page);
  GListModel *model = G_LIST_MODEL (self->filtered_items);
  guint position = GTK_INVALID_LIST_POSITION;

  if (id != 0 && g_hash_table_contains (self->item_index, &id))
    {
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BsItemObject) item = g_list_model_get_item (model, i);

          if (bs_item_object_get_id (item) == id)
            {
              position = i;
              break;
            }
        }
    }

  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->item_selection, position);
  self->restoring = FALSE;
}

/* Folding 20,000 names for search takes tens of milliseconds: done in the
 * background, so that the first search is as quick as the others. */
static gboolean
prepare_search_cb (gpointer user_data)
{
  BsDepartmentView *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint end = MIN (n, self->prepare_position + 2000);

  for (; self->prepare_position < end; self->prepare_position++)
    {
      g_autoptr(BsItemObject) item = g_list_model_get_item (G_LIST_MODEL (self->items),
                                                            self->prepare_position);

      bs_item_object_prepare_search (item);
    }
  if (self->prepare_position < n)
    return G_SOURCE_CONTINUE;
  self->prepare_source = 0;
  return G_SOURCE_REMOVE;
}

static void
load_items (BsDepartmentView *self)
{
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_hash_table_remove_all (self->item_index);
  if (self->catalogue != NULL)
    {
      summaries = bs_catalogue_list_items (self->catalogue, self->department_id, &error);
      if (summaries == NULL)
        g_warning ("Could not list the items: %s", error->message);
    }

  objects = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      BsItemObject *item = bs_item_object_new (g_ptr_array_index (summaries, i));
      gint64 *key = g_new (gint64, 1);

      *key = bs_item_object_get_id (item);
      g_hash_table_insert (self->item_index, key, item);
      g_ptr_array_add (objects, item);
    }

  self->restoring = TRUE;
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       objects->pdata, objects->len);
  self->restoring = FALSE;

  g_debug ("departments: listed %u items in %.1f ms", objects->len,
           (double) (g_get_monotonic_time () - start) / 1000.0);

  self->prepare_position = 0;
  if (self->prepare_source == 0 && objects->len > 0)
    self->prepare_source = g_idle_add_full (G_PRIORITY_LOW, prepare_search_cb, self, NULL);

  restore_item_selection (self);
  update_header (self);
}

static guint
find_item_position (GListStore   *store,
                    BsItemObject *item)
{
  guint position;

  if (g_list_store_find (store, item, &position))
    return position;
  return GTK_INVALID_LIST_POSITION;
}

/* Applies item edits to the list in place, keeping its scroll position. */
static void
patch_items (BsDepartmentView *self,
             BsChanges        *changes)
{
  const GArray *rows = bs_changes_get_rows (changes, BS_TABLE_ITEM);

  if (rows == NULL || rows->len > MAX_PATCHED_ROWS)
    {
      load_items (self);
      return;
    }

  self->restoring = TRUE;
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = g_array_index (rows, gint64, i);
      g_autoptr(BsItemSummary) summary = bs_catalogue_get_item_summary (self->catalogue, id, NULL);
      BsItemObject *item = g_hash_table_lookup (self->item_index, &id);
      gboolean belongs;

      belongs = summary != NULL &&
                (self->department_id == 0 || summary->department_id == self->department_id);

      if (item != NULL)
        {
          guint position = find_item_position (self->items, item);

          g_object_ref (item);
          if (position != GTK_INVALID_LIST_POSITION)
            g_list_store_remove (self->items, position);
          g_hash_table_remove (self->item_index, &id);
          if (belongs)
            {
              gint64 *key = g_new (gint64, 1);

              bs_item_object_update (item, summary);
              *key = id;
              g_hash_table_insert (self->item_index, key, item);
              g_list_store_insert_sorted (self->items, item, bs_item_object_compare, NULL);
            }
          g_object_unref (item);
        }
      else if (belongs)
        {
          g_autoptr(BsItemObject) new_item = bs_item_object_new (summary);
          gint64 *key = g_new (gint64, 1);

          *key = id;
          g_hash_table_insert (self->item_index, key, new_item);
          g_list_store_insert_sorted (self->items, new_item, bs_item_object_compare, NULL);
        }
    }
  self->restoring = FALSE;

  restore_item_selection (self);
  update_header (self);
}

static void
select_department_position (BsDepartmentView *self,
                            guint             position)
{
  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->department_selection, position);
  self->restoring = FALSE;
}

/* Reloads the sidebar, but leaves it alone when nothing it shows changed
 * (an item edit that moved no counts). */
static void
load_departments (BsDepartmentView *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->departments));
  guint selected = 0;
  gboolean same;

  if (self->catalogue != NULL)
    {
      list = bs_catalogue_list_departments (self->catalogue, &error);
      if (list == NULL)
        g_warning ("Could not list the departments: %s", error->message);
    }

  if (list != NULL)
    {
      g_ptr_array_add (objects,
                       bs_department_object_new (0, NULL, _("All Departments"),
                                                 bs_catalogue_count (self->catalogue, "item")));
      for (guint i = 0; i < list->len; i++)
        {
          BsDepartment *department = g_ptr_array_index (list, i);

          g_ptr_array_add (objects,
                           bs_department_object_new (department->id, department->code,
                                                     department->name,
                                                     bs_catalogue_count_department_items (self->catalogue,
                                                                                          department->id)));
        }
    }

  same = n_old == objects->len;
  for (guint i = 0; same && i < objects->len; i++)
    {
      g_autoptr(BsDepartmentObject) old = g_list_model_get_item (G_LIST_MODEL (self->departments), i);
      BsDepartmentObject *new = g_ptr_array_index (objects, i);

      same = bs_department_object_get_id (old) == bs_department_object_get_id (new) &&
             bs_department_object_get_n_items (old) == bs_department_object_get_n_items (new) &&
             g_strcmp0 (bs_department_object_get_name (old), bs_department_object_get_name (new)) == 0 &&
             g_strcmp0 (bs_department_object_get_code (old), bs_department_object_get_code (new)) == 0;
    }
  if (same)
    return;

  for (guint i = 0; i < objects->len; i++)
    if (bs_department_object_get_id (g_ptr_array_index (objects, i)) == self->department_id)
      selected = i;

  self->restoring = TRUE;
  g_list_store_splice (self->departments, 0, n_old, objects->pdata, objects->len);
  self->restoring = FALSE;
  select_department_position (self, objects->len > 0 ? selected : GTK_INVALID_LIST_POSITION);

  /* The listed department is gone: show all. */
  if (objects->len > 0 && bs_department_object_get_id (g_ptr_array_index (objects, selected)) != self->department_id)
    {
      self->department_id = 0;
      load_items (self);
    }
  update_header (self);
  update_actions (self);
}

static void
select_department_id (BsDepartmentView *self,
                      gint64            id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->departments));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsDepartmentObject) department = g_list_model_get_item (G_LIST_MODEL (self->departments), i);

      if (bs_department_object_get_id (department) == id)
        {
          gtk_single_selection_set_selected (self->department_selection, i);
          return;
        }
    }
}

static void
reload (BsDepartmentView *self)
{
  self->dirty = FALSE;
  g_list_store_remove_all (self->departments);
  load_departments (self);
  load_items (self);
}

static void
on_catalogue_changed_cb (BsDepartmentView *self,
                         BsChanges        *changes,
                         BsCatalogue      *catalogue)
{
  gboolean departments = bs_changes_has_table (changes, BS_TABLE_DEPARTMENT);
  gboolean items = bs_changes_has_table (changes, BS_TABLE_ITEM);

  if (!departments && !items)
    return;
  if (!self->active)
    {
      self->dirty = TRUE;
      return;
    }

  load_departments (self);
  if (departments && self->department_id == 0)
    load_items (self); /* department names in every row */
  else if (items)
    patch_items (self, changes);
}

static void
on_department_selected_cb (BsDepartmentView *self)
{
  BsDepartmentObject *department;

  if (self->restoring)
    return;

  department = get_selected_department (self);
  if (department == NULL || bs_department_object_get_id (department) == self->department_id)
    return;

  self->department_id = bs_department_object_get_id (department);
  load_items (self);
  update_actions (self);
}

static void
on_item_selected_cb (BsDepartmentView *self)
{
  BsItemObject *item;

  if (self->restoring)
    return;

  item = gtk_single_selection_get_selected_item (self->item_selection);
  if (item != NULL)
    bs_item_page_set_item_id (self->item_page, bs_item_object_get_id (item));
}

/* Enter on a row (or "row.activate") selects it and, folded, shows the
 * next pane. */
static void
on_department_activate_cb (BsDepartmentView *self,
                           guint             position)
{
  gtk_single_selection_set_selected (self->department_selection, position);
  navigate_to (self, "items");
}

static void
on_item_activate_cb (BsDepartmentView *self,
                     guint             position)
{
  gtk_single_selection_set_selected (self->item_selection, position);
  on_item_selected_cb (self);
  navigate_to (self, "item");
}

/* Folded, a click on a row shows the next pane, also when the row was
 * selected already (then the selection does not change). */
static void
on_list_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     gpointer         user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);
  GtkWidget *self = gtk_widget_get_ancestor (list, BS_TYPE_DEPARTMENT_VIEW);

  for (; picked != NULL && picked != list; picked = gtk_widget_get_parent (picked))
    if (BS_IS_LIST_ROW (picked) || BS_IS_LIST_ROW (gtk_widget_get_first_child (picked)))
      {
        navigate_to (BS_DEPARTMENT_VIEW (self), user_data);
        return;
      }
}

static void
add_list_click (GtkGridView *list,
                const char  *pane)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "released", G_CALLBACK (on_list_released_cb), (gpointer) pane);
  gtk_widget_add_controller (GTK_WIDGET (list), GTK_EVENT_CONTROLLER (click));
}

/* Factories */

static void
setup_department_row_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, bs_list_row_new (list_item, GTK_ORIENTATION_HORIZONTAL));
}

static void
bind_department_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        gpointer                  user_data)
{
  BsDepartmentObject *department = gtk_list_item_get_item (list_item);
  BsListRow *row = BS_LIST_ROW (gtk_list_item_get_child (list_item));
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, bs_department_object_get_n_items (department));

  bs_list_row_set_title (row, bs_department_object_get_name (department));
  bs_list_row_set_secondary (row, count);
}

static void
setup_item_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, bs_list_row_new (list_item, GTK_ORIENTATION_VERTICAL));
}

static void
bind_item_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  BsDepartmentView         *self)
{
  BsItemObject *item = gtk_list_item_get_item (list_item);
  BsListRow *row = BS_LIST_ROW (gtk_list_item_get_child (list_item));

  bs_list_row_set_title (row, bs_item_object_get_name (item));
  if (self->department_id == 0)
    {
      g_autofree char *text = g_strdup_printf ("%s · %s", bs_item_object_get_code (item),
                                               bs_item_object_get_department_name (item));

      bs_list_row_set_secondary (row, text);
    }
  else
    bs_list_row_set_secondary (row, bs_item_object_get_code (item));
}

static gboolean
filter_item_cb (gpointer item,
                gpointer user_data)
{
  BsDepartmentView *self = user_data;

  return bs_item_object_matches (item, self->search_folded);
}

/* Actions */

static GtkWindow *
get_parent_window (BsDepartmentView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_add_department_response_cb (BsCodeNameDialog *dialog,
                               const char       *response,
                               BsDepartmentView *self)
{
  g_autoptr(BsDepartment) department = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;

  department = bs_department_new (bs_code_name_dialog_get_code (dialog),
                                  bs_code_name_dialog_get_name (dialog));
  id = bs_catalogue_add_department (self->catalogue, department, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Department"), error);
      return;
    }
  select_department_id (self, id);
  navigate_to (self, "items");
}

static void
department_add_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (widget);
  BsCodeNameDialog *dialog;

  dialog = bs_code_name_dialog_new (get_parent_window (self), _("New Department"),
                                    _("_Add"), NULL, NULL);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_add_department_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_rename_department_response_cb (BsCodeNameDialog *dialog,
                                  const char       *response,
                                  BsDepartmentView *self)
{
  g_autoptr(BsDepartment) department = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "department-id"));

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;

  department = bs_catalogue_get_department (self->catalogue, id, &error);
  if (department != NULL)
    {
      g_free (department->code);
      department->code = g_strdup (bs_code_name_dialog_get_code (dialog));
      g_free (department->name);
      department->name = g_strdup (bs_code_name_dialog_get_name (dialog));
    }
  if (department == NULL || !bs_catalogue_update_department (self->catalogue, department, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Rename the Department"), error);
}

static void
department_rename_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (widget);
  BsDepartmentObject *department = get_selected_department (self);
  BsCodeNameDialog *dialog;

  if (department == NULL || bs_department_object_get_id (department) == 0)
    return;

  dialog = bs_code_name_dialog_new (get_parent_window (self), _("Rename Department"),
                                    _("_Rename"),
                                    bs_department_object_get_code (department),
                                    bs_department_object_get_name (department));
  g_object_set_data (G_OBJECT (dialog), "department-id",
                     GSIZE_TO_POINTER ((gsize) bs_department_object_get_id (department)));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_rename_department_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
department_delete_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (widget);
  BsDepartmentObject *department = get_selected_department (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (department == NULL || bs_department_object_get_id (department) == 0)
    return;

  name = g_strdup (bs_department_object_get_name (department));
  if (!bs_catalogue_remove_department (self->catalogue, bs_department_object_get_id (department), &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Delete the Department"), error);
      return;
    }
  bs_window_show_deleted (GTK_WIDGET (self), name);
}

static gint64
department_for_new_item (BsDepartmentView *self)
{
  if (self->department_id != 0)
    return self->department_id;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->departments)) > 1)
    {
      g_autoptr(BsDepartmentObject) first = g_list_model_get_item (G_LIST_MODEL (self->departments), 1);

      return bs_department_object_get_id (first);
    }
  return 0;
}

static void
on_add_item_response_cb (BsCodeNameDialog *dialog,
                         const char       *response,
                         BsDepartmentView *self)
{
  g_autoptr(BsItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;

  item = bs_item_new (bs_code_name_dialog_get_code (dialog),
                      bs_code_name_dialog_get_name (dialog),
                      department_for_new_item (self));
  id = bs_catalogue_add_item (self->catalogue, item, &error);
  if (id == 0)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Item"), error);
      return;
    }
  bs_item_page_set_item_id (self->item_page, id);
  restore_item_selection (self);
  navigate_to (self, "item");
}

static void
item_add_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (widget);
  BsCodeNameDialog *dialog;

  if (department_for_new_item (self) == 0)
    {
      g_autoptr(GError) error = g_error_new_literal (BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT,
                                                     _("Every item belongs to a department. Add a department first."));

      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Item"), error);
      return;
    }

  dialog = bs_code_name_dialog_new (get_parent_window (self), _("New Item"), _("_Add"), NULL, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_item_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
bs_department_view_dispose (GObject *object)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (object);

  g_clear_handle_id (&self->prepare_source, g_source_remove);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->department_selection);
  g_clear_object (&self->item_selection);
  g_clear_object (&self->departments);
  g_clear_object (&self->filtered_items);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_pointer (&self->item_index, g_hash_table_unref);
  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (bs_department_view_parent_class)->dispose (object);
}

static void
bs_department_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BsDepartmentView *self = BS_DEPARTMENT_VIEW (object);

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
bs_department_view_class_init (BsDepartmentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_department_view_dispose;
  object_class->get_property = bs_department_view_get_property;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BS_TYPE_ITEM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-department-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, department_list);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, item_list);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, items_stack);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, department_title);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, department_subtitle);
  gtk_widget_class_bind_template_child (widget_class, BsDepartmentView, item_page);
  gtk_widget_class_bind_template_callback (widget_class, update_can_go_back);

  gtk_widget_class_install_action (widget_class, "department.add", NULL, department_add_action);
  gtk_widget_class_install_action (widget_class, "department.rename", NULL, department_rename_action);
  gtk_widget_class_install_action (widget_class, "department.delete", NULL, department_delete_action);
  gtk_widget_class_install_action (widget_class, "item.add", NULL, item_add_action);
}

static void
bs_department_view_init (BsDepartmentView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->item_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->departments = g_list_store_new (BS_TYPE_DEPARTMENT_OBJECT);
  self->department_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->departments)));
  gtk_single_selection_set_autoselect (self->department_selection, FALSE);
  g_signal_connect_object (self->department_selection, "notify::selected",
                           G_CALLBACK (on_department_selected_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_department_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_department_row_cb), NULL);
  gtk_grid_view_set_factory (self->department_list, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->department_list, GTK_SELECTION_MODEL (self->department_selection));
  g_signal_connect_object (self->department_list, "activate",
                           G_CALLBACK (on_department_activate_cb), self, G_CONNECT_SWAPPED);
  add_list_click (self->department_list, "items");

  self->items = g_list_store_new (BS_TYPE_ITEM_OBJECT);
  self->filter = gtk_custom_filter_new (filter_item_cb, self, NULL);
  self->filtered_items = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                                    g_object_ref (GTK_FILTER (self->filter)));
  self->item_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered_items)));
  gtk_single_selection_set_autoselect (self->item_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->item_selection, TRUE);
  g_signal_connect_object (self->item_selection, "notify::selected",
                           G_CALLBACK (on_item_selected_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_row_cb), self);
  gtk_grid_view_set_factory (self->item_list, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->item_list, GTK_SELECTION_MODEL (self->item_selection));
  g_signal_connect_object (self->item_list, "activate",
                           G_CALLBACK (on_item_activate_cb), self, G_CONNECT_SWAPPED);
  add_list_click (self->item_list, "item");

  update_actions (self);
  update_header (self);
}

void
bs_department_view_set_catalogue (BsDepartmentView *self,
                                  BsCatalogue      *catalogue)
{
  g_return_if_fail (BS_IS_DEPARTMENT_VIEW (self));

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);

  self->department_id = 0;
  bs_item_page_set_catalogue (self->item_page, catalogue);
  bs_item_page_set_item_id (self->item_page, 0);
  g_hash_table_remove_all (self->item_index);
  g_list_store_remove_all (self->items);
  g_list_store_remove_all (self->departments);
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");

  self->dirty = TRUE;
  if (self->active)
    reload (self);
  update_actions (self);
  update_header (self);
}

void
bs_department_view_set_active (BsDepartmentView *self,
                               gboolean          active)
{
  g_return_if_fail (BS_IS_DEPARTMENT_VIEW (self));

  self->active = !!active;
  if (self->active && self->dirty)
    reload (self);
}

void
bs_department_view_set_search_text (BsDepartmentView *self,
                                    const char       *text)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  gint64 start;

  g_return_if_fail (BS_IS_DEPARTMENT_VIEW (self));

  folded = g_utf8_casefold (text ? text : "", -1);
  g_strstrip (folded);
  if (g_strcmp0 (folded, self->search_folded ? self->search_folded : "") == 0)
    return;

  if (self->search_folded == NULL || self->search_folded[0] == '\0')
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (folded[0] == '\0')
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (folded, self->search_folded) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->search_folded, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);

  start = g_get_monotonic_time ();
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  g_debug ("search: filtered %u items to %u in %.1f ms",
           g_list_model_get_n_items (G_LIST_MODEL (self->items)),
           g_list_model_get_n_items (G_LIST_MODEL (self->filtered_items)),
           (double) (g_get_monotonic_time () - start) / 1000.0);

  restore_item_selection (self);
  update_header (self);
}

gboolean
bs_department_view_get_can_go_back (BsDepartmentView *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_VIEW (self), FALSE);
  return self->can_go_back;
}

void
bs_department_view_go_back (BsDepartmentView *self)
{
  g_return_if_fail (BS_IS_DEPARTMENT_VIEW (self));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

BsItemPage *
bs_department_view_get_item_page (BsDepartmentView *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_VIEW (self), NULL);
  return self->item_page;
}
