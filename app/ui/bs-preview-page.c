/* bs-preview-page.c: the citizen preview: a theme's guide as a phone shows it, for the answers given
 *
 * The page snapshots the theme into a BsGuideModel (bs-guide.h) and shows
 * it in a phone-sized BsGuideView; after every edit, undo or redo of the
 * catalogue the model is built again and the answers are kept by question.
 * "Present" (F5, Ctrl+Shift+P) opens the same guide and answers large in a
 * BsPresentationWindow; answers given there come back here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-guide.h"
#include "bs-guide-view.h"
#include "bs-presentation-window.h"
#include "bs-preview-page.h"
#include "bs-window.h"

/* Narrower than this, the Present button goes above the phone. */
#define SIDE_BY_SIDE_WIDTH 680

struct _BsPreviewPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkBox *layout_box;
  GtkBox *side_box;
  GtkWidget *side_text_box;
  GtkWidget *present_button;
  BsGuideView *guide_view;

  /* Owned references */
  BsCatalogue *catalogue;
  BsPresentationWindow *presentation;  /* weak, while presenting */

  gint64 theme_id;
  gboolean dirty;           /* the model is out of date (built again when shown) */
  guint rebuild_source;
  guint layout_source;
  gboolean narrow;
};

G_DEFINE_FINAL_TYPE (BsPreviewPage, bs_preview_page, ADW_TYPE_BIN)

static void
update_actions (BsPreviewPage *self)
{
  BsGuideModel *model = bs_guide_view_get_model (self->guide_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.present",
                                 model != NULL && bs_theme_flow_get_n_nodes (bs_guide_model_get_flow (model)) > 0);
}

/* ------------------------------------------------------------------ */
/* The model */

static void
rebuild (BsPreviewPage *self)
{
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->dirty = FALSE;
  if (self->catalogue != NULL && self->theme_id != 0)
    {
      model = bs_guide_model_new_from_catalogue (self->catalogue, self->theme_id, &error);
      /* A theme just deleted: its page goes away too. */
      if (model == NULL && !g_error_matches (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND))
        bs_window_show_error (GTK_WIDGET (self), _("Could Not Preview the Theme"), error);
    }
  bs_guide_view_set_model (self->guide_view, model);
  if (self->presentation != NULL)
    bs_presentation_window_set_model (self->presentation, model);
  update_actions (self);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  BsPreviewPage *self = user_data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Builds the model again soon when it is seen, else when it is shown. */
static void
queue_rebuild (BsPreviewPage *self)
{
  self->dirty = TRUE;
  if (self->rebuild_source == 0 &&
      (gtk_widget_get_mapped (GTK_WIDGET (self)) || self->presentation != NULL))
    self->rebuild_source = g_idle_add (rebuild_cb, self);
}

static void
on_catalogue_changed_cb (BsPreviewPage *self,
                         BsChanges     *changes,
                         BsCatalogue   *catalogue)
{
  if (self->theme_id != 0)
    queue_rebuild (self);
}

static void
bs_preview_page_map (GtkWidget *widget)
{
  BsPreviewPage *self = BS_PREVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (bs_preview_page_parent_class)->map (widget);
  if (self->dirty)
    rebuild (self);
}

/* ------------------------------------------------------------------ */
/* Presenting */

static void
on_presentation_answers_changed_cb (BsPreviewPage *self,
                                    BsGuideView   *view)
{
  bs_guide_view_set_answers (self->guide_view, bs_guide_view_get_answers (view));
}

static gboolean
on_presentation_close_request_cb (BsPreviewPage        *self,
                                  BsPresentationWindow *window)
{
  BsGuideView *view = bs_presentation_window_get_view (window);

  /* Back where the presentation left off. */
  bs_guide_view_set_answers (self->guide_view, bs_guide_view_get_answers (view));
  bs_guide_view_show_question (self->guide_view, bs_guide_view_get_question_id (view));
  g_signal_handlers_disconnect_by_data (window, self);
  g_signal_handlers_disconnect_by_data (view, self);
  g_clear_weak_pointer (&self->presentation);
  return GDK_EVENT_PROPAGATE;
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsPreviewPage *self = BS_PREVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->presentation == NULL)
    {
      g_set_weak_pointer (&self->presentation,
                          bs_presentation_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      bs_guide_view_get_model (self->guide_view),
                                                      bs_guide_view_get_answers (self->guide_view),
                                                      bs_guide_view_get_question_id (self->guide_view)));
      g_signal_connect_object (self->presentation, "close-request",
                               G_CALLBACK (on_presentation_close_request_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (bs_presentation_window_get_view (self->presentation), "answers-changed",
                               G_CALLBACK (on_presentation_answers_changed_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->presentation));
  bs_guide_view_focus (bs_presentation_window_get_view (self->presentation));
}

/* F5 and Ctrl+Shift+P anywhere in the window, while the preview is shown. */
static gboolean
present_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, "preview.present", NULL);
}

static void
on_answers_changed_cb (BsPreviewPage *self)
{
  if (self->presentation != NULL)
    bs_guide_view_set_answers (bs_presentation_window_get_view (self->presentation),
                               bs_guide_view_get_answers (self->guide_view));
}

/* ------------------------------------------------------------------ */
/* Layout: the Present button beside the phone, or above it when narrow */

static gboolean
apply_layout_cb (gpointer user_data)
{
  BsPreviewPage *self = user_data;

  self->layout_source = 0;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->layout_box),
                                  self->narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_halign (GTK_WIDGET (self->layout_box), self->narrow ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  gtk_box_set_spacing (self->layout_box, self->narrow ? 12 : 24);
  /* Narrow, the tab's name says what the page is: only the button stays. */
  gtk_widget_set_visible (self->side_text_box, !self->narrow);
  gtk_widget_set_halign (GTK_WIDGET (self->side_box), self->narrow ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (GTK_WIDGET (self->side_box), self->narrow ? 0 : 12);
  return G_SOURCE_REMOVE;
}

/* The width the page has is the scroller's page size. */
static void
on_page_size_changed_cb (BsPreviewPage *self,
                         GParamSpec    *pspec,
                         GtkAdjustment *adjustment)
{
  double width = gtk_adjustment_get_page_size (adjustment);
  gboolean narrow = width > 0 && width < SIDE_BY_SIDE_WIDTH;

  /* Not now, during the allocation: changing the layout asks for a new one. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->layout_source == 0)
        self->layout_source = g_idle_add (apply_layout_cb, self);
    }
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
bs_preview_page_dispose (GObject *object)
{
  BsPreviewPage *self = BS_PREVIEW_PAGE (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->layout_source, g_source_remove);
  if (self->presentation != NULL)
    {
      BsPresentationWindow *presentation = self->presentation;

      g_clear_weak_pointer (&self->presentation);
      g_signal_handlers_disconnect_by_data (presentation, self);
      g_signal_handlers_disconnect_by_data (bs_presentation_window_get_view (presentation), self);
      gtk_window_destroy (GTK_WINDOW (presentation));
    }
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  G_OBJECT_CLASS (bs_preview_page_parent_class)->dispose (object);
}

static void
bs_preview_page_class_init (BsPreviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_preview_page_dispose;
  widget_class->map = bs_preview_page_map;

  g_type_ensure (BS_TYPE_GUIDE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-preview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, layout_box);
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, side_box);
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, side_text_box);
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, present_button);
  gtk_widget_class_bind_template_child (widget_class, BsPreviewPage, guide_view);
  gtk_widget_class_bind_template_callback (widget_class, on_answers_changed_cb);

  gtk_widget_class_install_action (widget_class, "preview.present", NULL, present_action);
}

static void
bs_preview_page_init (BsPreviewPage *self)
{
  GtkEventController *controller;
  GtkShortcutAction *action;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "notify::page-size",
                           G_CALLBACK (on_page_size_changed_cb), self, G_CONNECT_SWAPPED);

  /* Window-wide, not only with the focus in the page. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  action = gtk_callback_action_new (present_shortcut_cb, NULL, NULL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F5, 0),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK)),
                                                          action));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  update_actions (self);
}

void
bs_preview_page_set_catalogue (BsPreviewPage *self,
                               BsCatalogue   *catalogue)
{
  g_return_if_fail (BS_IS_PREVIEW_PAGE (self));

  if (self->catalogue != catalogue)
    {
      if (self->catalogue != NULL)
        g_signal_handlers_disconnect_by_data (self->catalogue, self);
      g_set_object (&self->catalogue, catalogue);
      if (catalogue != NULL)
        g_signal_connect_object (catalogue, "changed",
                                 G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
    }
  self->theme_id = 0;
  bs_guide_view_set_answers (self->guide_view, NULL);
  rebuild (self);
}

void
bs_preview_page_set_theme_id (BsPreviewPage *self,
                              gint64         theme_id)
{
  g_return_if_fail (BS_IS_PREVIEW_PAGE (self));

  if (self->theme_id == theme_id)
    return;
  self->theme_id = theme_id;
  /* Answers belong to a theme: a new one starts afresh. */
  if (self->presentation != NULL)
    gtk_window_close (GTK_WINDOW (self->presentation));
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  else
    {
      bs_guide_view_set_model (self->guide_view, NULL);
      self->dirty = TRUE;
      update_actions (self);
    }
  bs_guide_view_restart (self->guide_view);
}
