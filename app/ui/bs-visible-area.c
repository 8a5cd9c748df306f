/* bs-visible-area.c: the part of a large drawn widget that is in sight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-visible-area.h"

static void
track (GtkAdjustment **slot,
       GtkAdjustment  *adjustment,
       GtkWidget      *widget)
{
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, widget);
  g_set_object (slot, adjustment);
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw), widget,
                             G_CONNECT_SWAPPED);
}

/* In @widget's coordinates: the viewport's page when @widget is the child
 * of one, all of its @width × @height otherwise. */
graphene_rect_t
bs_visible_area_update (BsVisibleArea *area,
                        GtkWidget     *widget,
                        int            width,
                        int            height)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkScrollable *scrollable = GTK_IS_VIEWPORT (parent) ? GTK_SCROLLABLE (parent) : NULL;
  graphene_rect_t visible = GRAPHENE_RECT_INIT (0, 0, width, height);

  track (&area->hadjustment, scrollable ? gtk_scrollable_get_hadjustment (scrollable) : NULL, widget);
  track (&area->vadjustment, scrollable ? gtk_scrollable_get_vadjustment (scrollable) : NULL, widget);
  if (area->hadjustment != NULL && gtk_adjustment_get_page_size (area->hadjustment) > 0)
    {
      visible.origin.x = (float) gtk_adjustment_get_value (area->hadjustment);
      visible.size.width = (float) gtk_adjustment_get_page_size (area->hadjustment);
    }
  if (area->vadjustment != NULL && gtk_adjustment_get_page_size (area->vadjustment) > 0)
    {
      visible.origin.y = (float) gtk_adjustment_get_value (area->vadjustment);
      visible.size.height = (float) gtk_adjustment_get_page_size (area->vadjustment);
    }
  return visible;
}

/* Lets go of the adjustments (in @widget's dispose). */
void
bs_visible_area_clear (BsVisibleArea *area,
                       GtkWidget     *widget)
{
  track (&area->hadjustment, NULL, widget);
  track (&area->vadjustment, NULL, widget);
}
