/* bs-wheel-guard.c
 *
 * A spin button takes every turn of the mouse wheel over it, focused or not:
 * scrolling a long page changes whatever value passes under the pointer, and
 * each change is an edit. A guarded widget switches its own scroll handling
 * off while it does not hold the keyboard focus, so the wheel event goes on
 * to the scrolled window around it and scrolls the page, with GTK's own
 * steps and kinetic scrolling. Once the user has clicked or tabbed into the
 * widget, the wheel changes its value as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-wheel-guard.h"

#define GUARD_KEY "bs-wheel-guard"        /* on the widget: its scroll controllers */
#define PHASE_KEY "bs-wheel-guard-phase"  /* on its controllers: their phase */

static void
set_own_scrolling (GPtrArray *controllers,
                   gboolean   enabled)
{
  for (guint i = 0; i < controllers->len; i++)
    {
      GtkEventController *controller = g_ptr_array_index (controllers, i);
      GtkPropagationPhase phase = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (controller), PHASE_KEY));

      gtk_event_controller_set_propagation_phase (controller, enabled ? phase : GTK_PHASE_NONE);
    }
}

static void
on_contains_focus_cb (GtkEventControllerFocus *focus,
                      GParamSpec              *pspec,
                      gpointer                 user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus));
  GPtrArray *controllers = widget ? g_object_get_data (G_OBJECT (widget), GUARD_KEY) : NULL;

  if (controllers != NULL)
    set_own_scrolling (controllers, gtk_event_controller_focus_contains_focus (focus));
}

/**
 * bs_wheel_guard_attach:
 * @widget: a widget that reacts to the wheel, such as a #GtkSpinButton
 *
 * Lets the mouse wheel over @widget scroll the page around it unless
 * @widget has the keyboard focus.
 */
void
bs_wheel_guard_attach (GtkWidget *widget)
{
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GPtrArray) controllers = NULL;
  GtkEventController *focus;
  guint n;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), GUARD_KEY) != NULL)
    return;

  /* The only way to reach the widget's own scroll controller. Observing
   * slows the widget down while the list model lives: it lives here only. */
  controllers = g_ptr_array_new_with_free_func (g_object_unref);
  model = gtk_widget_observe_controllers (widget);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (model, i);

      if (!GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        continue;
      g_object_set_data (G_OBJECT (controller), PHASE_KEY,
                         GINT_TO_POINTER (gtk_event_controller_get_propagation_phase (controller)));
      g_ptr_array_add (controllers, g_steal_pointer (&controller));
    }
  g_clear_object (&model);
  set_own_scrolling (controllers,
                     (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0);
  g_object_set_data_full (G_OBJECT (widget), GUARD_KEY, g_steal_pointer (&controllers),
                          (GDestroyNotify) g_ptr_array_unref);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "notify::contains-focus", G_CALLBACK (on_contains_focus_cb), NULL);
  gtk_widget_add_controller (widget, focus);
}
