/* bs-presentation-window.c: the citizen preview large, full screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-presentation-window.h"

struct _BsPresentationWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton *fullscreen_button;
  BsGuideView *view;
};

G_DEFINE_FINAL_TYPE (BsPresentationWindow, bs_presentation_window, ADW_TYPE_WINDOW)

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
on_fullscreened_cb (BsPresentationWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));
  const char *label = fullscreen ? _("Leave Full Screen") : _("Full Screen");
  /* Translators: a button's tooltip with its key, e.g. "Full Screen (F11)" */
  g_autofree char *tooltip = g_strdup_printf (_("%s (F11)"), label);

  gtk_button_set_icon_name (self->fullscreen_button,
                            fullscreen ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fullscreen_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fullscreen_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_title (BsPresentationWindow *self)
{
  BsGuideModel *model = bs_guide_view_get_model (self->view);

  adw_window_title_set_subtitle (self->window_title,
                                 model != NULL ? bs_guide_model_get_theme_name (model) : "");
}

static void
bs_presentation_window_class_init (BsPresentationWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (BS_TYPE_GUIDE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-presentation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPresentationWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsPresentationWindow, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, BsPresentationWindow, view);

  gtk_widget_class_install_action (widget_class, "presentation.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "presentation.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_presentation_window_init (BsPresentationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bs_guide_view_set_presentation (self->view, TRUE);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened_cb), NULL);
}

BsPresentationWindow *
bs_presentation_window_new (GtkWindow       *parent,
                            BsGuideModel    *model,
                            const BsAnswers *answers,
                            gint64           question_id)
{
  BsPresentationWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BS_TYPE_PRESENTATION_WINDOW, NULL);
  if (parent != NULL)
    {
      /* Not one of the application's windows: its shortcuts (open, save
       * as…) are the editor's, not the presentation's. */
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (gtk_widget_get_width (GTK_WIDGET (parent)), 640),
                                   MAX (gtk_widget_get_height (GTK_WIDGET (parent)), 480));
    }
  bs_guide_view_set_model (self->view, model);
  bs_guide_view_set_answers (self->view, answers);
  bs_guide_view_show_question (self->view, question_id);
  update_title (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  on_fullscreened_cb (self);
  return self;
}

BsGuideView *
bs_presentation_window_get_view (BsPresentationWindow *self)
{
  g_return_val_if_fail (BS_IS_PRESENTATION_WINDOW (self), NULL);
  return self->view;
}

void
bs_presentation_window_set_model (BsPresentationWindow *self,
                                  BsGuideModel         *model)
{
  g_return_if_fail (BS_IS_PRESENTATION_WINDOW (self));

  bs_guide_view_set_model (self->view, model);
  update_title (self);
}
