/* bs-list-row.c
 *
 * Filtering 20,000 items makes the list view drop and build its rows
 * again, so a row is as small as it can be: this widget and one label
 * (the caption is a second line of it), no per-row controllers or action
 * groups (its action is the class's). A sidebar row has a second label
 * at the end for its count.
 *
 * GTK 4.8 gives assistive technology no way to select a row of a list or
 * grid view; "row.activate" (listed over AT-SPI as a widget action) does
 * what Enter does: the view's "activate" signal for this row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-list-row.h"

struct _BsListRow
{
  GtkWidget parent_instance;

  GtkListItem *list_item; /* owns this row */
  GtkWidget *title;
  GtkWidget *secondary;   /* horizontal rows only */
};

G_DEFINE_FINAL_TYPE (BsListRow, bs_list_row, GTK_TYPE_WIDGET)

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BsListRow *self = BS_LIST_ROW (widget);
  guint position = gtk_list_item_get_position (self->list_item);
  GtkWidget *view = gtk_widget_get_ancestor (widget, GTK_TYPE_GRID_VIEW);

  if (view == NULL)
    view = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);
  if (view != NULL && position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (view, "list.activate-item", "u", position);
}

static void
bs_list_row_dispose (GObject *object)
{
  BsListRow *self = BS_LIST_ROW (object);

  g_clear_pointer (&self->title, gtk_widget_unparent);
  g_clear_pointer (&self->secondary, gtk_widget_unparent);

  G_OBJECT_CLASS (bs_list_row_parent_class)->dispose (object);
}

static void
bs_list_row_class_init (BsListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_list_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bs-list-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_install_action (widget_class, "row.activate", NULL, activate_action);
}

static void
bs_list_row_init (BsListRow *self)
{
  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_widget_set_parent (self->title, GTK_WIDGET (self));
}

GtkWidget *
bs_list_row_new (GtkListItem    *list_item,
                 GtkOrientation  orientation)
{
  BsListRow *self;

  g_return_val_if_fail (GTK_IS_LIST_ITEM (list_item), NULL);

  self = g_object_new (BS_TYPE_LIST_ROW, NULL);
  self->list_item = list_item;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  orientation);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "item-row");
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "sidebar-row");
      gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
      self->secondary = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->secondary, "dim-label");
      gtk_widget_add_css_class (self->secondary, "numeric");
      gtk_widget_set_visible (self->secondary, FALSE);
      gtk_widget_set_parent (self->secondary, GTK_WIDGET (self));
    }
  return GTK_WIDGET (self);
}

void
bs_list_row_set_title (BsListRow  *self,
                       const char *title)
{
  g_return_if_fail (BS_IS_LIST_ROW (self));

  gtk_label_set_use_markup (GTK_LABEL (self->title), FALSE);
  gtk_label_set_label (GTK_LABEL (self->title), title);
  /* What a screen reader says for the row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

void
bs_list_row_set_secondary (BsListRow  *self,
                           const char *text)
{
  const char *title;
  g_autofree char *markup = NULL;

  g_return_if_fail (BS_IS_LIST_ROW (self));

  if (self->secondary != NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->secondary), text ? text : "");
      gtk_widget_set_visible (self->secondary, text != NULL);
      return;
    }
  if (text == NULL)
    return;

  /* The caption as a smaller, dimmed (like .dim-label) second line. */
  title = gtk_label_get_label (GTK_LABEL (self->title));
  markup = g_markup_printf_escaped ("%s\n<span size=\"small\" alpha=\"55%%\">%s</span>", title, text);
  gtk_label_set_markup (GTK_LABEL (self->title), markup);
}

GtkLabel *
bs_list_row_get_title_label (BsListRow *self)
{
  g_return_val_if_fail (BS_IS_LIST_ROW (self), NULL);
  return GTK_LABEL (self->title);
}
