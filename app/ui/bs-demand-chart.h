/* bs-demand-chart.h: the most handled items as horizontal bars, each with
 * its name, department and volume, and a sparkline of its monthly trend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-demand.h"

G_BEGIN_DECLS

#define BS_DEMAND_CHART_DEFAULT_BARS 20

#define BS_TYPE_DEMAND_CHART (bs_demand_chart_get_type ())
G_DECLARE_FINAL_TYPE (BsDemandChart, bs_demand_chart, BS, DEMAND_CHART, GtkWidget)

GtkWidget *bs_demand_chart_new        (void);
/* Shows the @max_bars most handled items of @demand (copied: @demand may
 * be freed afterwards); NULL shows nothing. */
void       bs_demand_chart_set_demand (BsDemandChart  *self,
                                       const BsDemand *demand,
                                       guint           max_bars);
guint      bs_demand_chart_get_n_bars (BsDemandChart  *self);

G_END_DECLS
