/* bs-visible-area.h: the part of a large drawn widget that is in sight
 *
 * A widget that draws only what is on screen (the coverage heat map, the
 * rollout timeline) sits in a GtkViewport; this keeps the viewport's
 * adjustments, redraws the widget when they scroll, and says which part
 * of it the viewport shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkAdjustment *hadjustment;  /* the viewport's, when the widget is in one */
  GtkAdjustment *vadjustment;
} BsVisibleArea;

graphene_rect_t bs_visible_area_update (BsVisibleArea *area,
                                        GtkWidget     *widget,
                                        int            width,
                                        int            height);
void            bs_visible_area_clear  (BsVisibleArea *area,
                                        GtkWidget     *widget);

G_END_DECLS
