/* bs-situations-page.c: the situation questions a theme asks, when its items apply, and its notes
 *
 * The page reads the theme through a BsGuideModel, the snapshot the guide
 * itself is computed from, so the sentences here are the ones the checks
 * and the preview use. It is rebuilt from the catalogue after every change
 * that touches it (while hidden, when it is shown next); every edit goes
 * through the catalogue as one undoable step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bs-condition-dialog.h"
#include "bs-guide.h"
#include "bs-question-dialog.h"
#include "bs-situations-page.h"
#include "bs-window.h"

/* Long note texts are cut in toasts. */
#define NOTE_TOAST_CHARS 30

struct _BsSituationsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkMenuButton *add_question_button;
  GtkListBox *questions_list;
  GtkWidget *questions_empty;
  AdwPreferencesGroup *items_group;
  GtkListBox *items_list;
  GtkListBox *notes_list;
  GtkPopover *add_question_popover;
  GtkSearchEntry *question_search;
  GtkListBox *catalogue_questions_list;
  GtkLabel *catalogue_questions_empty;

  /* Owned references */
  BsCatalogue *catalogue;
  BsGuideModel *model;      /* the theme as last loaded, or NULL */
  GPtrArray *notes;         /* BsThemeNote, in order */
  GHashTable *focus_keys;   /* "what:id" → the widget of the last load */
  char *pending_focus;      /* a focus key to take after the next load */

  gint64 theme_id;
  gboolean dirty;           /* changed while hidden */
};

G_DEFINE_FINAL_TYPE (BsSituationsPage, bs_situations_page, ADW_TYPE_BIN)

static GtkWindow *
get_window (BsSituationsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

/* A row just built has no size yet, and the page can only scroll to it
 * once it has: the focus moves on the first frame that laid it out. */
static gboolean
grab_focus_when_laid_out_cb (GtkWidget     *widget,
                             GdkFrameClock *clock,
                             gpointer       user_data)
{
  guint *frames = user_data;

  /* A few frames at most: a widget that stays hidden takes the focus as
   * it is, and the frame clock does not keep ticking for it. */
  if (gtk_widget_get_width (widget) == 0 && ++*frames < 10)
    return G_SOURCE_CONTINUE;
  /* An expander row takes the focus on its header. */
  if (!gtk_widget_grab_focus (widget))
    gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
  return G_SOURCE_REMOVE;
}

static void
grab_focus_when_laid_out (GtkWidget *widget)
{
  if (gtk_widget_get_width (widget) > 0)
    grab_focus_when_laid_out_cb (widget, NULL, &(guint) { 0 });
  else
    gtk_widget_add_tick_callback (widget, grab_focus_when_laid_out_cb, g_new0 (guint, 1), g_free);
}

/* Focus keys ("question-menu:12"): the keyboard stays on "the same"
 * button across reloads. */
static char *
dup_focus_key (BsSituationsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != GTK_WIDGET (self); focus = gtk_widget_get_parent (focus))
    if (g_object_get_data (G_OBJECT (focus), "focus-key") != NULL)
      return g_strdup (g_object_get_data (G_OBJECT (focus), "focus-key"));
  return NULL;
}

/* The parts of a row */

static GtkWidget *
new_text_button (const char *label,
                 const char *tooltip,
                 const char *accessible_label,
                 const char *action,
                 gint64      id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  return button;
}

static void
append_menu_item (GMenu      *menu,
                  const char *label,
                  const char *action,
                  gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

static GtkWidget *
new_menu_button (const char *accessible_label)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return button;
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *action,
         gint64      id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (id));
  return row;
}

static gboolean
is_conditional (const BsCondition *when)
{
  return when != NULL && !bs_condition_is_always (when);
}

/* "One option · 本人办理, 委托代理人" */
static char *
dup_question_summary (const BsQuestion *question)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint i = 0; i < question->options->len; i++)
    {
      if (i > 0)
        /* Translators: separates the options of a question in a list */
        g_string_append (labels, C_("list", ", "));
      g_string_append (labels, ((BsOption *) g_ptr_array_index (question->options, i))->label);
    }
  /* Translators: a question's kind and its options, e.g. "One option · 是, 否" */
  return g_strdup_printf (_("%s · %s"), bs_question_kind_get_label (question->kind),
                          labels->len > 0 ? labels->str : _("no options yet"));
}

/* Loading. A list is rebuilt when its rows change (added, removed, moved,
 * renamed); otherwise its rows are updated in place, so that editing a
 * condition keeps the focus, the scroll position and the widgets. */

typedef struct
{
  gint64 id;
  char *title;
  char *subtitle;
  gboolean conditional;
  gboolean sensitive;
} RowSpec;

static void
row_spec_clear (RowSpec *spec)
{
  g_free (spec->title);
  g_free (spec->subtitle);
}

static GArray *
row_specs_new (void)
{
  GArray *specs = g_array_new (FALSE, TRUE, sizeof (RowSpec));

  g_array_set_clear_func (specs, (GDestroyNotify) row_spec_clear);
  return specs;
}

static void
add_row_spec (GArray     *specs,
              gint64      id,
              const char *title,
              char       *subtitle,
              gboolean    conditional,
              gboolean    sensitive)
{
  RowSpec spec = { id, g_strdup (title), subtitle, conditional, sensitive };

  g_array_append_val (specs, spec);
}

typedef GtkWidget *(*NewRowFunc) (BsSituationsPage *self,
                                  const RowSpec    *spec,
                                  guint             index,
                                  guint             n);
/* A row's menu, which depends on where the row is (first, last). */
typedef GMenuModel *(*NewMenuFunc) (const RowSpec *spec,
                                    guint          index,
                                    guint          n);

/* What a row's menu offers by its place: up, down, and a bit always set so
 * that a row alone is not 0. */
static guint
menu_shape (guint index,
            guint n)
{
  return 4 | (index > 0 ? 1 : 0) | (index + 1 < n ? 2 : 0);
}

static void
set_row_menu (GtkWidget     *row,
              GtkWidget     *button,
              NewMenuFunc    new_menu_func,
              const RowSpec *spec,
              guint          index,
              guint          n)
{
  g_autoptr(GMenuModel) menu = new_menu_func (spec, index, n);

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  g_object_set_data (G_OBJECT (row), "menu-button", button);
  g_object_set_data (G_OBJECT (row), "menu-shape", GUINT_TO_POINTER (menu_shape (index, n)));
}

static void
update_row (GtkWidget     *row,
            const RowSpec *spec,
            NewMenuFunc    new_menu_func,
            guint          index,
            guint          n)
{
  GtkWidget *menu_button = g_object_get_data (G_OBJECT (row), "menu-button");

  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), spec->subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), spec->subtitle);
  if (spec->conditional)
    gtk_widget_add_css_class (row, "conditional");
  else
    gtk_widget_remove_css_class (row, "conditional");
  gtk_widget_set_sensitive (row, spec->sensitive);
  if (menu_button != NULL &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "menu-shape")) != menu_shape (index, n))
    set_row_menu (row, menu_button, new_menu_func, spec, index, n);
}

/* Keeps the rows that stay where they are (updated in place) and builds
 * the others from the first that differs: adding a question builds one
 * row, not the list. */
static void
sync_rows (BsSituationsPage *self,
           GtkListBox       *list,
           GArray           *specs,
           NewRowFunc        new_row_func,
           NewMenuFunc       new_menu_func)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
  guint i = 0;

  for (; row != NULL && i < specs->len; row = gtk_widget_get_next_sibling (row), i++)
    {
      const gint64 *id = g_object_get_data (G_OBJECT (row), "row-id");
      const RowSpec *spec = &g_array_index (specs, RowSpec, i);

      if (id == NULL || *id != spec->id ||
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), spec->title) != 0)
        break;
      update_row (row, spec, new_menu_func, i, specs->len);
    }

  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      gtk_list_box_remove (list, row);
      row = next;
    }

  for (; i < specs->len; i++)
    {
      const RowSpec *spec = &g_array_index (specs, RowSpec, i);

      row = new_row_func (self, spec, i, specs->len);
      g_object_set_data_full (G_OBJECT (row), "row-id", g_memdup2 (&spec->id, sizeof spec->id), g_free);
      update_row (row, spec, new_menu_func, i, specs->len);
      gtk_list_box_append (list, row);
    }
}

/* The keys the focus is kept by, for every row and button of a list. */
static void
register_focus_keys (BsSituationsPage *self,
                     GtkListBox       *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GPtrArray *widgets = g_object_get_data (G_OBJECT (row), "focus-widgets");

      for (guint i = 0; widgets != NULL && i < widgets->len; i++)
        {
          GtkWidget *widget = g_ptr_array_index (widgets, i);

          g_hash_table_replace (self->focus_keys, g_strdup (g_object_get_data (G_OBJECT (widget), "focus-key")),
                                widget);
        }
    }
}

static void
add_focus_key (GtkWidget  *row,
               GtkWidget  *widget,
               const char *what,
               gint64      id)
{
  GPtrArray *widgets = g_object_get_data (G_OBJECT (row), "focus-widgets");

  if (widgets == NULL)
    {
      widgets = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (row), "focus-widgets", widgets, (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_set_data_full (G_OBJECT (widget), "focus-key",
                          g_strdup_printf ("%s:%" G_GINT64_FORMAT, what, id), g_free);
  g_ptr_array_add (widgets, widget);
}

static GMenuModel *
new_question_menu (const RowSpec *spec,
                   guint          index,
                   guint          n)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) remove_section = g_menu_new ();

  append_menu_item (menu, _("_Edit Question…"), "situations.edit-question", spec->id);
  if (index > 0)
    append_menu_item (menu, _("Move _Up"), "situations.question-up", spec->id);
  if (index + 1 < n)
    append_menu_item (menu, _("Move _Down"), "situations.question-down", spec->id);
  append_menu_item (remove_section, _("_Remove from Theme"), "situations.remove-question", spec->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove_section));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
new_question_row (BsSituationsPage *self,
                  const RowSpec    *spec,
                  guint             index,
                  guint             n)
{
  GtkWidget *row = new_row (spec->title, spec->subtitle, "situations.edit-question", spec->id);
  g_autofree char *when_label = NULL;
  g_autofree char *menu_label = NULL;
  GtkWidget *button;

  add_focus_key (row, row, "question", spec->id);

  /* Translators: %s is a question */
  when_label = g_strdup_printf (_("Ask “%s” only when…"), spec->title);
  button = new_text_button (_("Only _When…"), _("Ask this question only after certain answers"),
                            when_label, "situations.question-condition", spec->id);
  add_focus_key (row, button, "question-when", spec->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* Translators: %s is a question */
  menu_label = g_strdup_printf (_("More for “%s”"), spec->title);
  button = new_menu_button (menu_label);
  set_row_menu (row, button, new_question_menu, spec, index, n);
  add_focus_key (row, button, "question-menu", spec->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_questions (BsSituationsPage *self)
{
  guint n = self->model ? bs_guide_model_get_n_questions (self->model) : 0;
  g_autoptr(GArray) specs = row_specs_new ();

  for (guint i = 0; i < n; i++)
    {
      const BsQuestion *question = bs_guide_model_get_question (self->model, i);
      const BsCondition *when = bs_guide_model_get_question_condition (self->model, question->id);
      g_autofree char *summary = dup_question_summary (question);
      char *subtitle;

      if (is_conditional (when))
        {
          g_autofree char *sentence = bs_guide_model_dup_sentence (self->model, when);

          subtitle = g_strdup_printf ("%s\n%s", summary, sentence);
        }
      else
        subtitle = g_steal_pointer (&summary);
      add_row_spec (specs, question->id, question->prompt, subtitle, is_conditional (when), TRUE);
    }
  sync_rows (self, self->questions_list, specs, new_question_row, new_question_menu);
  register_focus_keys (self, self->questions_list);
  gtk_widget_set_visible (GTK_WIDGET (self->questions_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->questions_empty), self->model != NULL && n == 0);
}

static GtkWidget *
new_item_row (BsSituationsPage *self,
              const RowSpec    *spec,
              guint             index,
              guint             n)
{
  GtkWidget *row = new_row (spec->title, spec->subtitle, "situations.item-condition", spec->id);
  g_autofree char *label = NULL;
  GtkWidget *button;

  add_focus_key (row, row, "item", spec->id);
  /* Translators: %s is an item */
  label = g_strdup_printf (_("Edit when “%s” applies"), spec->title);
  button = new_text_button (_("_Edit…"), _("Choose the answers it needs"), label,
                            "situations.item-condition", spec->id);
  add_focus_key (row, button, "item-edit", spec->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_items (BsSituationsPage *self)
{
  BsThemeFlow *flow = self->model ? bs_guide_model_get_flow (self->model) : NULL;
  guint n = flow ? bs_theme_flow_get_n_nodes (flow) : 0;
  gboolean any_question = self->model && bs_guide_model_get_n_questions (self->model) > 0;
  g_autoptr(GArray) specs = row_specs_new ();

  for (guint i = 0; i < n; i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (flow, i);
      const BsCondition *when = bs_guide_model_get_item_condition (self->model, node->item_id);
      char *sentence = is_conditional (when) ? bs_guide_model_dup_sentence (self->model, when)
                                             : g_strdup (C_("condition", "Always"));

      /* Without questions there is nothing to choose, unless an old
       * condition is to be cleared. */
      add_row_spec (specs, node->item_id, node->name, sentence, is_conditional (when),
                    any_question || is_conditional (when));
    }
  sync_rows (self, self->items_list, specs, new_item_row, NULL);
  register_focus_keys (self, self->items_list);
  adw_preferences_group_set_description (self->items_group,
                                         any_question || n == 0
                                           ? _("An item without a condition applies to every applicant")
                                           : _("Add a question first: conditions are made of its answers"));
}

static char *
dup_note_about (BsSituationsPage  *self,
                const BsThemeNote *note)
{
  BsThemeFlow *flow = bs_guide_model_get_flow (self->model);
  const BsFlowNode *node = note->item_id != 0 ? bs_theme_flow_lookup_node (flow, note->item_id) : NULL;

  if (node != NULL)
    /* Translators: what a note is about: %s is an item */
    return g_strdup_printf (_("About “%s”"), node->name);
  return g_strdup (_("About the whole theme"));
}

static GMenuModel *
new_note_menu (const RowSpec *spec,
               guint          index,
               guint          n)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) remove_section = g_menu_new ();

  append_menu_item (menu, _("_Edit Note…"), "situations.edit-note", spec->id);
  if (index > 0)
    append_menu_item (menu, _("Move _Up"), "situations.note-up", spec->id);
  if (index + 1 < n)
    append_menu_item (menu, _("Move _Down"), "situations.note-down", spec->id);
  append_menu_item (remove_section, _("_Delete Note"), "situations.remove-note", spec->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove_section));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
new_note_row (BsSituationsPage *self,
              const RowSpec    *spec,
              guint             index,
              guint             n)
{
  GtkWidget *row = new_row (spec->title, spec->subtitle, "situations.edit-note", spec->id);
  g_autofree char *when_label = NULL;
  g_autofree char *menu_label = NULL;
  GtkWidget *button;

  add_focus_key (row, row, "note", spec->id);

  /* Translators: %u is the number of a note */
  when_label = g_strdup_printf (_("Show note %u only when…"), index + 1);
  button = new_text_button (_("Only _When…"), _("Show this note only after certain answers"),
                            when_label, "situations.note-condition", spec->id);
  add_focus_key (row, button, "note-when", spec->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* Translators: %u is the number of a note */
  menu_label = g_strdup_printf (_("More for note %u"), index + 1);
  button = new_menu_button (menu_label);
  set_row_menu (row, button, new_note_menu, spec, index, n);
  add_focus_key (row, button, "note-menu", spec->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_notes (BsSituationsPage *self)
{
  g_autoptr(GArray) specs = row_specs_new ();
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->notes, g_ptr_array_unref);
  if (self->model != NULL)
    {
      self->notes = bs_catalogue_list_theme_notes (self->catalogue, self->theme_id, &error);
      if (self->notes == NULL)
        g_warning ("Could not list the theme's notes: %s", error->message);
    }
  for (guint i = 0; self->notes != NULL && i < self->notes->len; i++)
    {
      const BsThemeNote *note = g_ptr_array_index (self->notes, i);
      g_autoptr(BsCondition) when = bs_catalogue_get_condition (self->catalogue, BS_CONDITION_NOTE, 0,
                                                                note->id, NULL);
      g_autofree char *about = dup_note_about (self, note);
      g_autofree char *sentence = when ? bs_guide_model_dup_sentence (self->model, when) : NULL;

      add_row_spec (specs, note->id, note->text, g_strdup_printf ("%s\n%s", about, sentence ? sentence : ""),
                    is_conditional (when), TRUE);
    }
  sync_rows (self, self->notes_list, specs, new_note_row, new_note_menu);
  register_focus_keys (self, self->notes_list);
}

static void
load (BsSituationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *focus_key = dup_focus_key (self);
  GtkWidget *focus;

  self->dirty = FALSE;
  g_hash_table_remove_all (self->focus_keys);
  g_clear_pointer (&self->model, bs_guide_model_unref);
  if (self->catalogue != NULL && self->theme_id != 0)
    {
      self->model = bs_guide_model_new_from_catalogue (self->catalogue, self->theme_id, &error);
      if (self->model == NULL)
        g_debug ("situations page: theme %" G_GINT64_FORMAT " not shown: %s", self->theme_id, error->message);
    }

  load_questions (self);
  load_items (self);
  load_notes (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_question_button), self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "situations.add-note", self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "situations.new-question", self->model != NULL);

  if (self->pending_focus != NULL)
    {
      g_free (focus_key);
      focus_key = g_steal_pointer (&self->pending_focus);
    }
  focus = focus_key ? g_hash_table_lookup (self->focus_keys, focus_key) : NULL;
  if (focus != NULL && gtk_widget_is_sensitive (focus))
    grab_focus_when_laid_out (focus);
}

static void
queue_load (BsSituationsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    self->dirty = TRUE;
}

/* The catalogue's questions the theme does not ask yet */

static gboolean
theme_asks (BsSituationsPage *self,
            gint64            question_id)
{
  guint n = self->model ? bs_guide_model_get_n_questions (self->model) : 0;

  for (guint i = 0; i < n; i++)
    if (bs_guide_model_get_question (self->model, i)->id == question_id)
      return TRUE;
  return FALSE;
}

static gboolean
question_matches (const BsQuestion *question,
                  const char       *folded_query)
{
  g_autoptr(GString) haystack = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (folded_query[0] == '\0')
    return TRUE;
  g_string_append_printf (haystack, "%s\n%s\n%s", question->prompt, question->code, question->help);
  for (guint i = 0; i < question->options->len; i++)
    g_string_append_printf (haystack, "\n%s", ((BsOption *) g_ptr_array_index (question->options, i))->label);
  folded = g_utf8_casefold (haystack->str, -1);
  return strstr (folded, folded_query) != NULL;
}

static void
load_catalogue_questions (BsSituationsPage *self)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->question_search))));
  g_autofree char *folded = g_utf8_casefold (query, -1);
  guint n_other = 0, n_shown = 0;

  remove_rows (self->catalogue_questions_list);
  if (self->catalogue != NULL)
    questions = bs_catalogue_list_questions (self->catalogue, &error);
  if (questions == NULL && error != NULL)
    g_warning ("Could not list the questions: %s", error->message);

  for (guint i = 0; questions != NULL && i < questions->len; i++)
    {
      const BsQuestion *question = g_ptr_array_index (questions, i);
      GtkWidget *row, *box, *title, *caption;
      g_autofree char *summary = NULL;
      g_autofree char *caption_text = NULL;
      g_autofree char *label = NULL;

      if (theme_asks (self, question->id))
        continue;
      n_other++;
      if (!question_matches (question, folded))
        continue;
      n_shown++;

      summary = dup_question_summary (question);
      caption_text = g_strdup_printf ("%s · %s", question->code, summary);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      title = gtk_label_new (question->prompt);
      caption = gtk_label_new (caption_text);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (caption), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_widget_add_css_class (box, "item-row");

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* Translators: %s is a question; the row adds it to the theme */
      label = g_strdup_printf (_("Ask “%s”"), question->prompt);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (row), "question-id",
                              g_memdup2 (&question->id, sizeof question->id), g_free);
      gtk_list_box_append (self->catalogue_questions_list, row);
    }

  if (n_shown == 0)
    {
      g_autofree char *text = NULL;

      if (questions == NULL || questions->len == 0)
        text = g_strdup (_("The catalogue has no questions yet: make a new one"));
      else if (n_other == 0)
        text = g_strdup (_("This theme asks every question of the catalogue already"));
      else
        /* Translators: %s is what was searched for */
        text = g_strdup_printf (_("No other question matches “%s”"), query);
      gtk_label_set_label (self->catalogue_questions_empty, text);
    }
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->catalogue_questions_list),
                                                   GTK_TYPE_SCROLLED_WINDOW), n_shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->catalogue_questions_empty), n_shown == 0);
}

static void
add_theme_question (BsSituationsPage *self,
                    gint64            question_id)
{
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->add_question_popover);
  if (self->catalogue == NULL || self->model == NULL)
    return;
  g_free (self->pending_focus);
  self->pending_focus = g_strdup_printf ("question:%" G_GINT64_FORMAT, question_id);
  if (!bs_catalogue_add_theme_question (self->catalogue, self->theme_id, question_id, &error))
    {
      g_clear_pointer (&self->pending_focus, g_free);
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Question"), error);
    }
}

static void
on_add_question_popover_show_cb (BsSituationsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->question_search), "");
  load_catalogue_questions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->question_search));
}

static void
on_question_search_changed_cb (BsSituationsPage *self)
{
  load_catalogue_questions (self);
}

static void
on_question_search_activate_cb (BsSituationsPage *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->catalogue_questions_list, 0);

  if (first != NULL)
    add_theme_question (self, *(gint64 *) g_object_get_data (G_OBJECT (first), "question-id"));
}

static void
on_catalogue_question_activated_cb (BsSituationsPage *self,
                                    GtkListBoxRow    *row)
{
  add_theme_question (self, *(gint64 *) g_object_get_data (G_OBJECT (row), "question-id"));
}

/* Notes: a small dialog for the text and what it is about */

static void
on_note_text_changed_cb (AdwMessageDialog *dialog,
                         GtkEditable      *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "accept", text[0] != '\0');
}

static void
on_note_text_activated_cb (AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "accept"))
    {
      adw_message_dialog_response (dialog, "accept");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
on_note_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BsSituationsPage *self)
{
  g_autoptr(BsSituationsPage) hold = g_object_ref (self);
  BsThemeNote *note = g_object_get_data (G_OBJECT (dialog), "note");
  GArray *item_ids = g_object_get_data (G_OBJECT (dialog), "item-ids");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "text-row");
  AdwComboRow *about = g_object_get_data (G_OBJECT (dialog), "about-row");
  guint selected = adw_combo_row_get_selected (about);
  g_autoptr(BsThemeNote) edited = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL)
    return;

  edited = note ? bs_theme_note_copy (note) : bs_theme_note_new (self->theme_id, 0, "");
  g_free (edited->text);
  edited->text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  edited->item_id = selected > 0 && selected < item_ids->len ? g_array_index (item_ids, gint64, selected) : 0;

  if (note == NULL)
    {
      id = bs_catalogue_add_theme_note (self->catalogue, edited, &error);
      if (id == 0)
        {
          bs_window_show_error (GTK_WIDGET (self), _("Could Not Add the Note"), error);
          return;
        }
    }
  else
    {
      id = note->id;
      if ((g_strcmp0 (edited->text, note->text) != 0 || edited->item_id != note->item_id) &&
          !bs_catalogue_update_theme_note (self->catalogue, edited, &error))
        {
          bs_window_show_error (GTK_WIDGET (self), _("Could Not Change the Note"), error);
          return;
        }
    }
  /* The dialog gave the focus back: to the note's row. */
  g_free (self->pending_focus);
  self->pending_focus = g_strdup_printf ("note:%" G_GINT64_FORMAT, id);
  queue_load (self);
}

static void
open_note_dialog (BsSituationsPage  *self,
                  const BsThemeNote *note)
{
  BsThemeFlow *flow = bs_guide_model_get_flow (self->model);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWidget *dialog, *list, *text_row, *about_row;
  gint64 none = 0;

  dialog = adw_message_dialog_new (get_window (self), note ? _("Edit Note") : _("New Note"),
                                   _("The guide shows the note to the applicants it applies to, with "
                                     "the whole theme or with one of its items."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  text_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (text_row), _("Text"));
  gtk_editable_set_text (GTK_EDITABLE (text_row), note ? note->text : "");
  gtk_list_box_append (GTK_LIST_BOX (list), text_row);

  gtk_string_list_append (names, _("The whole theme"));
  g_array_append_val (item_ids, none);
  for (guint i = 0; i < bs_theme_flow_get_n_nodes (flow); i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (flow, i);

      gtk_string_list_append (names, node->name);
      g_array_append_val (item_ids, node->item_id);
    }
  about_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (about_row), _("About"));
  adw_combo_row_set_model (ADW_COMBO_ROW (about_row), G_LIST_MODEL (names));
  for (guint i = 0; note != NULL && i < item_ids->len; i++)
    if (g_array_index (item_ids, gint64, i) == note->item_id)
      adw_combo_row_set_selected (ADW_COMBO_ROW (about_row), i);
  gtk_list_box_append (GTK_LIST_BOX (list), about_row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", note ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (note != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "note", bs_theme_note_copy (note), (GDestroyNotify) bs_theme_note_free);
  g_object_set_data_full (G_OBJECT (dialog), "item-ids", item_ids, (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "text-row", text_row);
  g_object_set_data (G_OBJECT (dialog), "about-row", about_row);
  g_signal_connect_object (text_row, "changed", G_CALLBACK (on_note_text_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (text_row, "entry-activated", G_CALLBACK (on_note_text_activated_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_note_response_cb), self, 0);
  on_note_text_changed_cb (ADW_MESSAGE_DIALOG (dialog), GTK_EDITABLE (text_row));
  gtk_widget_grab_focus (text_row);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const BsThemeNote *
find_note (BsSituationsPage *self,
           gint64            id,
           guint            *out_index)
{
  for (guint i = 0; self->notes != NULL && i < self->notes->len; i++)
    if (((BsThemeNote *) g_ptr_array_index (self->notes, i))->id == id)
      {
        if (out_index != NULL)
          *out_index = i;
        return g_ptr_array_index (self->notes, i);
      }
  return NULL;
}

/* Actions */

static void
present_condition_dialog (BsSituationsPage *self,
                          BsConditionOwner  owner,
                          gint64            owner_id)
{
  BsConditionDialog *dialog;
  g_autoptr(GError) error = NULL;

  if (self->catalogue == NULL || self->model == NULL)
    return;
  dialog = bs_condition_dialog_new (get_window (self), self->catalogue, owner, self->theme_id, owner_id, &error);
  if (dialog == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Edit the Condition"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_question_added_cb (BsSituationsPage *self,
                      gint64            question_id)
{
  g_autofree char *key = g_strdup_printf ("question:%" G_GINT64_FORMAT, question_id);
  GtkWidget *row;

  /* The edit rebuilt the page (or will, when it is shown): the keyboard
   * goes to the new question's row. */
  if (self->dirty)
    {
      g_free (self->pending_focus);
      self->pending_focus = g_steal_pointer (&key);
      return;
    }
  row = g_hash_table_lookup (self->focus_keys, key);
  if (row != NULL)
    grab_focus_when_laid_out (row);
}

static void
new_question_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  BsQuestionDialog *dialog;

  gtk_popover_popdown (self->add_question_popover);
  if (self->catalogue == NULL || self->model == NULL)
    return;
  dialog = bs_question_dialog_new (get_window (self), self->catalogue, self->theme_id);
  g_signal_connect_object (dialog, "question-added", G_CALLBACK (on_question_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_question_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  BsQuestionDialog *dialog;
  g_autoptr(GError) error = NULL;

  if (self->catalogue == NULL)
    return;
  dialog = bs_question_dialog_new_for_question (get_window (self), self->catalogue,
                                                g_variant_get_int64 (param), &error);
  if (dialog == NULL)
    bs_window_show_error (widget, _("Could Not Edit the Question"), error);
  else
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
question_condition_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  present_condition_dialog (BS_SITUATIONS_PAGE (widget), BS_CONDITION_THEME_QUESTION, g_variant_get_int64 (param));
}

static void
item_condition_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  present_condition_dialog (BS_SITUATIONS_PAGE (widget), BS_CONDITION_THEME_ITEM, g_variant_get_int64 (param));
}

static void
note_condition_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  present_condition_dialog (BS_SITUATIONS_PAGE (widget), BS_CONDITION_NOTE, g_variant_get_int64 (param));
}

static void
move_question_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  int delta = g_str_equal (action_name, "situations.question-up") ? -1 : 1;
  guint n = self->model ? bs_guide_model_get_n_questions (self->model) : 0;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    if (bs_guide_model_get_question (self->model, i)->id == id)
      {
        if ((int) i + delta < 0 || i + delta >= n)
          return;
        g_free (self->pending_focus);
        self->pending_focus = g_strdup_printf ("question-menu:%" G_GINT64_FORMAT, id);
        if (!bs_catalogue_move_theme_question (self->catalogue, self->theme_id, id, (int) i + delta, &error))
          {
            g_clear_pointer (&self->pending_focus, g_free);
            bs_window_show_error (widget, _("Could Not Move the Question"), error);
          }
        return;
      }
}

static void
remove_question_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  const BsQuestion *question = self->model ? bs_guide_model_lookup_question (self->model, id) : NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *theme = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (question == NULL)
    return;
  prompt = g_strdup (question->prompt);
  theme = g_strdup (bs_guide_model_get_theme_name (self->model));
  if (!bs_catalogue_remove_theme_question (self->catalogue, self->theme_id, id, &error))
    {
      bs_window_show_error (widget, _("Could Not Remove the Question"), error);
      return;
    }
  /* Translators: the first %s is a question, the second a theme */
  text = g_strdup_printf (_("Removed “%s” from “%s”"), prompt, theme);
  bs_window_show_undo_toast (widget, text);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);

  if (self->catalogue != NULL && self->model != NULL)
    open_note_dialog (self, NULL);
}

static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  const BsThemeNote *note = find_note (self, g_variant_get_int64 (param), NULL);

  if (note != NULL && self->model != NULL)
    open_note_dialog (self, note);
}

static void
move_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  int delta = g_str_equal (action_name, "situations.note-up") ? -1 : 1;
  g_autoptr(GError) error = NULL;
  guint index;

  if (find_note (self, id, &index) == NULL || (int) index + delta < 0 || index + delta >= self->notes->len)
    return;
  g_free (self->pending_focus);
  self->pending_focus = g_strdup_printf ("note-menu:%" G_GINT64_FORMAT, id);
  if (!bs_catalogue_move_theme_note (self->catalogue, id, (int) index + delta, &error))
    {
      g_clear_pointer (&self->pending_focus, g_free);
      bs_window_show_error (widget, _("Could Not Move the Note"), error);
    }
}

static void
remove_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (widget);
  const BsThemeNote *note = find_note (self, g_variant_get_int64 (param), NULL);
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (note == NULL)
    return;
  name = g_utf8_substring (note->text, 0, NOTE_TOAST_CHARS);
  if (g_utf8_strlen (note->text, -1) > NOTE_TOAST_CHARS)
    {
      g_autofree char *cut = g_steal_pointer (&name);

      name = g_strconcat (cut, "…", NULL);
    }
  if (!bs_catalogue_remove_theme_note (self->catalogue, note->id, &error))
    bs_window_show_error (widget, _("Could Not Delete the Note"), error);
  else
    bs_window_show_deleted (widget, name);
}

/* Catalogue changes */

static void
on_catalogue_changed_cb (BsSituationsPage *self,
                         BsChanges        *changes,
                         BsCatalogue      *catalogue)
{
  static const BsTable tables[] = {
    BS_TABLE_ITEM, BS_TABLE_THEME_ITEM, BS_TABLE_THEME_EDGE, BS_TABLE_QUESTION, BS_TABLE_QUESTION_OPTION,
    BS_TABLE_THEME_QUESTION, BS_TABLE_THEME_NOTE, BS_TABLE_THEME_QUESTION_WHEN, BS_TABLE_THEME_ITEM_WHEN,
    BS_TABLE_THEME_NOTE_WHEN,
  };

  if (self->theme_id == 0)
    return;
  if (bs_changes_has_row (changes, BS_TABLE_THEME, self->theme_id))
    {
      queue_load (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (bs_changes_has_table (changes, tables[i]))
      {
        queue_load (self);
        return;
      }
}

static void
on_map_cb (BsSituationsPage *self)
{
  if (self->dirty)
    load (self);
}

/* GObject */

static void
bs_situations_page_dispose (GObject *object)
{
  BsSituationsPage *self = BS_SITUATIONS_PAGE (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->model, bs_guide_model_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->focus_keys, g_hash_table_unref);
  g_clear_pointer (&self->pending_focus, g_free);

  G_OBJECT_CLASS (bs_situations_page_parent_class)->dispose (object);
}

static void
bs_situations_page_class_init (BsSituationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_situations_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-situations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, add_question_button);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, questions_list);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, questions_empty);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, items_group);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, add_question_popover);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, question_search);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, catalogue_questions_list);
  gtk_widget_class_bind_template_child (widget_class, BsSituationsPage, catalogue_questions_empty);
  gtk_widget_class_bind_template_callback (widget_class, on_add_question_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_question_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_question_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_catalogue_question_activated_cb);

  gtk_widget_class_install_action (widget_class, "situations.new-question", NULL, new_question_action);
  gtk_widget_class_install_action (widget_class, "situations.edit-question", "x", edit_question_action);
  gtk_widget_class_install_action (widget_class, "situations.question-condition", "x", question_condition_action);
  gtk_widget_class_install_action (widget_class, "situations.question-up", "x", move_question_action);
  gtk_widget_class_install_action (widget_class, "situations.question-down", "x", move_question_action);
  gtk_widget_class_install_action (widget_class, "situations.remove-question", "x", remove_question_action);
  gtk_widget_class_install_action (widget_class, "situations.item-condition", "x", item_condition_action);
  gtk_widget_class_install_action (widget_class, "situations.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "situations.edit-note", "x", edit_note_action);
  gtk_widget_class_install_action (widget_class, "situations.note-condition", "x", note_condition_action);
  gtk_widget_class_install_action (widget_class, "situations.note-up", "x", move_note_action);
  gtk_widget_class_install_action (widget_class, "situations.note-down", "x", move_note_action);
  gtk_widget_class_install_action (widget_class, "situations.remove-note", "x", remove_note_action);
}

static void
bs_situations_page_init (BsSituationsPage *self)
{
  GtkWidget *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The keyboard going to a row brings it into view. */
  viewport = gtk_scrolled_window_get_child (self->scroller);
  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);

  self->focus_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  set_placeholder (self->items_list, _("The theme has no items yet: add them on its Items page"));
  set_placeholder (self->notes_list, _("No notes yet: add what applicants should know, such as "
                                       "bringing originals to the window"));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  load (self);
}

void
bs_situations_page_set_catalogue (BsSituationsPage *self,
                                  BsCatalogue      *catalogue)
{
  g_return_if_fail (BS_IS_SITUATIONS_PAGE (self));

  if (self->catalogue == catalogue)
    return;
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  self->theme_id = 0;
  queue_load (self);
}

void
bs_situations_page_set_theme_id (BsSituationsPage *self,
                                 gint64            theme_id)
{
  g_return_if_fail (BS_IS_SITUATIONS_PAGE (self));

  if (self->theme_id == theme_id)
    return;
  self->theme_id = theme_id;
  g_clear_pointer (&self->pending_focus, g_free);
  queue_load (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}
