/* bs-condition-dialog.c
 *
 * The dialog edits a copy: a list of cases, each the set of options
 * checked in it. Checking an option changes only that case (and the
 * sentence at the top); adding or removing a case rebuilds the cards, so
 * that their numbers stay in order. Save writes the whole condition as one
 * edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-condition-dialog.h"
#include "bs-item.h"
#include "bs-material.h"
#include "bs-question.h"
#include "bs-theme.h"
#include "bs-theme-note.h"
#include "bs-window.h"

/* Long note texts are cut in the heading. */
#define NOTE_HEADING_CHARS 40
/* A new case shows the options of this many questions at once. */
#define FEW_QUESTIONS 3

typedef struct
{
  GArray *options;       /* gint64: the options checked in this case, in order checked */
  GHashTable *expanded;  /* gint64 question ids whose rows are open */
} Case;

struct _BsConditionDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkScrolledWindow *scroller;
  GtkLabel *heading_label;
  GtkLabel *sentence_label;
  GtkLabel *hint_label;
  GtkBox *cases_box;
  GtkWidget *always_page;
  GtkImage *always_icon;
  GtkLabel *always_title;
  GtkLabel *always_description;
  GtkWidget *add_case_button;
  AdwButtonContent *add_case_content;
  GtkWidget *always_button;

  /* Owned references */
  BsCatalogue *catalogue;
  GPtrArray *questions;         /* BsQuestion: every question of the catalogue */
  GHashTable *option_questions; /* gint64 option id → borrowed BsQuestion */
  GPtrArray *shown;             /* borrowed BsQuestion: offered ones, then others the condition names */
  GHashTable *not_offered;      /* gint64 question id → translated reason */
  GPtrArray *cases;             /* Case */
  char *always_text;

  BsConditionOwner owner;
  gint64 theme_id;              /* as bs_catalogue_set_condition() wants it */
  gint64 owner_id;
};

G_DEFINE_FINAL_TYPE (BsConditionDialog, bs_condition_dialog, ADW_TYPE_WINDOW)

static Case *
case_new (void)
{
  Case *c = g_new0 (Case, 1);

  c->options = g_array_new (FALSE, FALSE, sizeof (gint64));
  c->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return c;
}

static void
case_free (Case *c)
{
  g_array_unref (c->options);
  g_hash_table_unref (c->expanded);
  g_free (c);
}

static gboolean
case_has (const Case *c,
          gint64      option_id)
{
  for (guint i = 0; i < c->options->len; i++)
    if (g_array_index (c->options, gint64, i) == option_id)
      return TRUE;
  return FALSE;
}

static void
case_set_expanded (Case    *c,
                   gint64   question_id,
                   gboolean expanded)
{
  if (expanded)
    g_hash_table_add (c->expanded, g_memdup2 (&question_id, sizeof question_id));
  else
    g_hash_table_remove (c->expanded, &question_id);
}

/* Names */

static gboolean
name_option (gint64        option_id,
             const char  **question_prompt,
             gint64       *question_id,
             const char  **option_label,
             gpointer      user_data)
{
  GHashTable *option_questions = user_data;
  const BsQuestion *question = g_hash_table_lookup (option_questions, &option_id);
  const BsOption *option = question ? bs_question_find_option (question, option_id) : NULL;

  if (option == NULL)
    return FALSE;
  *question_prompt = question->prompt;
  *question_id = question->id;
  *option_label = option->label;
  return TRUE;
}

static GHashTable *
index_options (GPtrArray *questions)
{
  GHashTable *index = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; questions != NULL && i < questions->len; i++)
    {
      BsQuestion *question = g_ptr_array_index (questions, i);

      for (guint j = 0; j < question->options->len; j++)
        g_hash_table_insert (index, &((BsOption *) g_ptr_array_index (question->options, j))->id, question);
    }
  return index;
}

char *
bs_condition_dialog_dup_sentence (BsCatalogue       *catalogue,
                                  const BsCondition *condition)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (condition != NULL, NULL);

  if (!bs_condition_is_always (condition))
    {
      questions = bs_catalogue_list_questions (catalogue, &error);
      if (questions == NULL)
        g_warning ("Could not list the questions: %s", error->message);
    }
  index = index_options (questions);
  return bs_condition_dup_sentence (condition, name_option, index);
}

/* The condition being edited */

static BsCondition *
dup_condition (BsConditionDialog *self)
{
  BsCondition *condition = bs_condition_new ();

  for (guint i = 0; i < self->cases->len; i++)
    {
      Case *c = g_ptr_array_index (self->cases, i);

      bs_condition_add_group (condition, (const gint64 *) (const void *) c->options->data, c->options->len);
    }
  return condition;
}

static void
update_sentence (BsConditionDialog *self)
{
  g_autoptr(BsCondition) condition = dup_condition (self);
  g_autofree char *sentence = bs_condition_dup_sentence (condition, name_option, self->option_questions);

  gtk_label_set_label (self->sentence_label, sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sentence_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("The condition as the guide reads it"),
                                  -1);
}

/* "“本人办理” and “委托代理人”", or "Any answer", with a warning when a
 * one-option question has two options checked: that case never holds. */
static char *
dup_case_summary (BsConditionDialog *self,
                  const Case        *c,
                  const BsQuestion  *question)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  const char *reason = g_hash_table_lookup (self->not_offered, &question->id);
  guint n = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);

      if (!case_has (c, option->id))
        continue;
      if (n++ > 0)
        g_string_append (labels, C_("condition", " and "));
      g_string_append_printf (labels, C_("condition", "“%s”"), option->label);
    }
  if (n == 0)
    summary = g_strdup (_("Any answer"));
  else if (n > 1 && question->kind == BS_QUESTION_KIND_SINGLE)
    /* Translators: %s are the options checked, e.g. “本人办理” and “委托代理人” */
    summary = g_strdup_printf (_("%s: never holds, the question takes one answer"), labels->str);
  else
    summary = g_string_free (g_steal_pointer (&labels), FALSE);

  if (reason != NULL)
    /* Translators: why a question is marked, then what is checked */
    return g_strdup_printf (_("%s · %s"), reason, summary);
  return g_steal_pointer (&summary);
}

/* Building the cards */

static void rebuild_cases (BsConditionDialog *self);

static void
on_check_toggled_cb (GtkCheckButton    *check,
                     BsConditionDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "case"));
  gint64 option_id = *(gint64 *) g_object_get_data (G_OBJECT (check), "option-id");
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (check), "question-row");
  const BsQuestion *question = g_object_get_data (G_OBJECT (row), "question");
  g_autofree char *summary = NULL;
  Case *c;

  if (index >= self->cases->len)
    return;
  c = g_ptr_array_index (self->cases, index);
  if (gtk_check_button_get_active (check) && !case_has (c, option_id))
    g_array_append_val (c->options, option_id);
  else if (!gtk_check_button_get_active (check))
    for (guint i = 0; i < c->options->len; i++)
      if (g_array_index (c->options, gint64, i) == option_id)
        {
          g_array_remove_index (c->options, i);
          break;
        }

  summary = dup_case_summary (self, c, question);
  adw_expander_row_set_subtitle (row, summary);
  update_sentence (self);
}

static void
on_question_expanded_cb (AdwExpanderRow    *row,
                         GParamSpec        *pspec,
                         BsConditionDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "case"));
  const BsQuestion *question = g_object_get_data (G_OBJECT (row), "question");

  if (index < self->cases->len)
    case_set_expanded (g_ptr_array_index (self->cases, index), question->id,
                       adw_expander_row_get_expanded (row));
}

static void
on_remove_case_clicked_cb (GtkButton         *button,
                           BsConditionDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "case"));
  GtkWidget *focus = NULL;

  if (index >= self->cases->len)
    return;
  g_ptr_array_remove_index (self->cases, index);
  rebuild_cases (self);

  /* The keyboard stays near: on the remove button of the case before (or
   * now first), or on the button that adds one. */
  if (self->cases->len > 0)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_box));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      if (g_object_get_data (G_OBJECT (child), "remove-button") != NULL &&
          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "case")) == (index > 0 ? index - 1 : 0))
        focus = g_object_get_data (G_OBJECT (child), "remove-button");
  gtk_widget_grab_focus (focus != NULL ? focus : self->add_case_button);
}

static GtkWidget *
new_question_row (BsConditionDialog *self,
                  guint              index,
                  Case              *c,
                  const BsQuestion  *question)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *summary = dup_case_summary (self, c, question);
  gboolean any_checked = FALSE;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question->prompt);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);
  g_object_set_data (G_OBJECT (row), "case", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (row), "question", (gpointer) question);

  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);
      GtkWidget *option_row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *label = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (option_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (option_row), option->label);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), case_has (c, option->id));
      any_checked |= case_has (c, option->id);
      /* Translators: a check button: the case's number, a question and one of its options */
      label = g_strdup_printf (_("Case %u: %s %s"), index + 1, question->prompt, option->label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (check), "case", GUINT_TO_POINTER (index));
      g_object_set_data_full (G_OBJECT (check), "option-id", g_memdup2 (&option->id, sizeof option->id), g_free);
      g_object_set_data (G_OBJECT (check), "question-row", row);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled_cb), self, 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (option_row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (option_row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), option_row);
    }

  /* Open where something is checked or was opened; a new case opens its
   * questions when they are few. */
  if (any_checked || g_hash_table_contains (c->expanded, &question->id) ||
      (c->options->len == 0 && self->shown->len <= FEW_QUESTIONS))
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      case_set_expanded (c, question->id, TRUE);
    }
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_question_expanded_cb), self, 0);
  return row;
}

static GtkWidget *
new_case_group (BsConditionDialog *self,
                guint              index)
{
  Case *c = g_ptr_array_index (self->cases, index);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_strdup_printf (_("Case %u"), index + 1);
  g_autofree char *remove_label = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (c->options->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Check the answers this case needs"));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Case"));
  /* Translators: %u is the number of a case of a condition */
  remove_label = g_strdup_printf (_("Remove case %u"), index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "case", GUINT_TO_POINTER (index));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_case_clicked_cb), self, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), remove);
  g_object_set_data (G_OBJECT (group), "remove-button", remove);
  g_object_set_data (G_OBJECT (group), "case", GUINT_TO_POINTER (index));

  for (guint i = 0; i < self->shown->len; i++)
    {
      GtkWidget *row = new_question_row (self, index, c, g_ptr_array_index (self->shown, i));

      if (i == 0)
        g_object_set_data (G_OBJECT (group), "first-row", row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
rebuild_cases (BsConditionDialog *self)
{
  GtkWidget *child;
  gboolean can_add = self->shown->len > 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_box))) != NULL)
    gtk_box_remove (self->cases_box, child);

  for (guint i = 0; i < self->cases->len; i++)
    {
      if (i > 0)
        {
          GtkWidget *or = gtk_label_new (C_("condition", "or"));

          gtk_widget_add_css_class (or, "heading");
          gtk_widget_add_css_class (or, "dim-label");
          gtk_box_append (self->cases_box, or);
        }
      gtk_box_append (self->cases_box, new_case_group (self, i));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cases_box), self->cases->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->always_page), self->cases->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), can_add);
  adw_button_content_set_label (self->add_case_content,
                                self->cases->len == 0 ? _("_Add a Case") : _("_Add Another Case"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_case_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->cases->len == 0 ? _("Add a Case") : _("Add Another Case"), -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "condition.add-case", can_add);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "condition.always", self->cases->len > 0);
  gtk_widget_set_visible (self->always_button, self->cases->len > 0);
  update_sentence (self);
}

/* A widget just built has no size yet, and the scrolled window can only
 * bring it into view once it has: the focus moves on the first frame
 * that laid it out. */
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

/* Actions */

static void
add_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BsConditionDialog *self = BS_CONDITION_DIALOG (widget);
  GtkWidget *group;
  GtkWidget *first_row;

  g_ptr_array_add (self->cases, case_new ());
  rebuild_cases (self);

  /* Into the new case: its first question. */
  group = gtk_widget_get_last_child (GTK_WIDGET (self->cases_box));
  first_row = group ? g_object_get_data (G_OBJECT (group), "first-row") : NULL;
  if (first_row != NULL)
    grab_focus_when_laid_out (first_row);
}

static void
always_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsConditionDialog *self = BS_CONDITION_DIALOG (widget);

  g_ptr_array_set_size (self->cases, 0);
  rebuild_cases (self);
  gtk_widget_grab_focus (self->add_case_button);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsConditionDialog *self = BS_CONDITION_DIALOG (widget);
  g_autoptr(BsCondition) condition = dup_condition (self);
  g_autoptr(GError) error = NULL;

  if (!bs_catalogue_set_condition (self->catalogue, self->owner, self->theme_id, self->owner_id,
                                   condition, &error))
    {
      bs_window_show_error (widget, _("Could Not Change the Condition"), error);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static void
bs_condition_dialog_dispose (GObject *object)
{
  BsConditionDialog *self = BS_CONDITION_DIALOG (object);

  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->not_offered, g_hash_table_unref);
  g_clear_pointer (&self->option_questions, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->always_text, g_free);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (bs_condition_dialog_parent_class)->dispose (object);
}

static void
bs_condition_dialog_class_init (BsConditionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_condition_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-condition-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, cases_box);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, always_page);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, always_icon);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, always_title);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, always_description);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, add_case_button);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, add_case_content);
  gtk_widget_class_bind_template_child (widget_class, BsConditionDialog, always_button);

  gtk_widget_class_install_action (widget_class, "condition.add-case", NULL, add_case_action);
  gtk_widget_class_install_action (widget_class, "condition.always", NULL, always_action);
  gtk_widget_class_install_action (widget_class, "condition.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "condition.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "condition.save", NULL);
}

static void
bs_condition_dialog_init (BsConditionDialog *self)
{
  GtkWidget *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A new case is below: the keyboard going there brings it into view. */
  viewport = gtk_scrolled_window_get_child (self->scroller);
  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);

  self->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  self->shown = g_ptr_array_new ();
  self->not_offered = g_hash_table_new (g_int64_hash, g_int64_equal);
}

/* Setting up */

static const BsQuestion *
find_question (BsConditionDialog *self,
               gint64             id)
{
  for (guint i = 0; i < self->questions->len; i++)
    if (((BsQuestion *) g_ptr_array_index (self->questions, i))->id == id)
      return g_ptr_array_index (self->questions, i);
  return NULL;
}

static gboolean
is_shown (BsConditionDialog *self,
          const BsQuestion  *question)
{
  for (guint i = 0; i < self->shown->len; i++)
    if (g_ptr_array_index (self->shown, i) == question)
      return TRUE;
  return FALSE;
}

/* The questions offered, in the theme's order; a follow-up only gets those
 * asked before it (the guide asks in order). Then those the condition names
 * without being offered, marked, so that saving keeps them. */
static gboolean
load_questions (BsConditionDialog *self,
                gint64             theme_id,
                const BsCondition *condition,
                GError           **error)
{
  g_autoptr(GArray) asked = NULL;

  self->questions = bs_catalogue_list_questions (self->catalogue, error);
  if (self->questions == NULL)
    return FALSE;
  self->option_questions = index_options (self->questions);

  if (theme_id != 0)
    {
      gboolean later = FALSE;

      asked = bs_catalogue_list_theme_questions (self->catalogue, theme_id, error);
      if (asked == NULL)
        return FALSE;
      for (guint i = 0; i < asked->len; i++)
        {
          gint64 id = g_array_index (asked, gint64, i);
          const BsQuestion *question = find_question (self, id);

          if (self->owner == BS_CONDITION_THEME_QUESTION && id == self->owner_id)
            later = TRUE;
          if (question != NULL && !later)
            g_ptr_array_add (self->shown, (gpointer) question);
        }
    }
  else
    for (guint i = 0; i < self->questions->len; i++)
      g_ptr_array_add (self->shown, g_ptr_array_index (self->questions, i));

  for (guint i = 0; i < condition->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (condition->groups, i);

      for (guint j = 0; j < group->len; j++)
        {
          gint64 option_id = g_array_index (group, gint64, j);
          const BsQuestion *question = g_hash_table_lookup (self->option_questions, &option_id);
          const char *reason = _("Not asked in this theme");

          if (question == NULL || is_shown (self, question))
            continue;
          if (self->owner == BS_CONDITION_THEME_QUESTION && question->id == self->owner_id)
            reason = _("This question itself");
          else
            for (guint k = 0; asked != NULL && k < asked->len; k++)
              if (g_array_index (asked, gint64, k) == question->id)
                reason = _("Asked after this question");
          g_hash_table_insert (self->not_offered, (gpointer) &question->id, (gpointer) reason);
          g_ptr_array_add (self->shown, (gpointer) question);
        }
    }
  return TRUE;
}

/* The heading, the header bar and the text shown while it always applies. */
static gboolean
describe_owner (BsConditionDialog *self,
                gint64             theme_id,
                GError           **error)
{
  g_autofree char *heading = NULL;
  g_autofree char *subtitle = NULL;
  const char *title = NULL;

  switch (self->owner)
    {
    case BS_CONDITION_THEME_ITEM:
      {
        g_autoptr(BsItemSummary) item = bs_catalogue_get_item_summary (self->catalogue, self->owner_id, error);

        if (item == NULL)
          return FALSE;
        /* Translators: %s is an item name */
        heading = g_strdup_printf (_("When does “%s” apply?"), item->name);
        /* Translators: %s is an item name */
        self->always_text = g_strdup_printf (_("“%s” applies to every applicant. Add a case to apply it "
                                               "only in some situations."), item->name);
        title = _("Item Condition");
        break;
      }
    case BS_CONDITION_THEME_QUESTION:
      {
        g_autoptr(BsQuestion) question = bs_catalogue_get_question (self->catalogue, self->owner_id, error);

        if (question == NULL)
          return FALSE;
        /* Translators: %s is a question, e.g. 为谁办理？ */
        heading = g_strdup_printf (_("When is “%s” asked?"), question->prompt);
        /* Translators: %s is a question */
        self->always_text = g_strdup_printf (_("Every applicant is asked “%s”. Add a case to ask it only "
                                               "after certain answers."), question->prompt);
        title = _("Follow-Up Question");
        break;
      }
    case BS_CONDITION_MATERIAL:
      {
        g_autoptr(BsMaterial) material = bs_catalogue_get_material (self->catalogue, self->owner_id, error);
        g_autoptr(BsItemSummary) item = NULL;

        if (material == NULL)
          return FALSE;
        item = bs_catalogue_get_item_summary (self->catalogue, material->item_id, NULL);
        /* Translators: %s is a material, e.g. 授权委托书 */
        heading = g_strdup_printf (_("When is “%s” needed?"), material->name);
        /* Translators: %s is a material */
        self->always_text = g_strdup_printf (_("Every applicant brings “%s”. Add a case to ask for it only "
                                               "in some situations."), material->name);
        title = _("Material Condition");
        if (item != NULL)
          subtitle = g_strdup (item->name);
        break;
      }
    case BS_CONDITION_NOTE:
      {
        g_autoptr(BsThemeNote) note = bs_catalogue_get_theme_note (self->catalogue, self->owner_id, error);
        g_autofree char *text = NULL;

        if (note == NULL)
          return FALSE;
        text = g_utf8_substring (note->text, 0, NOTE_HEADING_CHARS);
        if (g_utf8_strlen (note->text, -1) > NOTE_HEADING_CHARS)
          {
            g_autofree char *cut = g_steal_pointer (&text);

            text = g_strconcat (cut, "…", NULL);
          }
        /* Translators: %s is the beginning of a note's text */
        heading = g_strdup_printf (_("When is the note “%s” shown?"), text);
        self->always_text = g_strdup (_("Every applicant sees this note. Add a case to show it only in "
                                        "some situations."));
        title = _("Note Condition");
        break;
      }
    case BS_N_CONDITION_OWNERS:
    default:
      g_assert_not_reached ();
    }

  if (subtitle == NULL && theme_id != 0)
    {
      g_autoptr(BsTheme) theme = bs_catalogue_get_theme (self->catalogue, theme_id, NULL);

      if (theme != NULL)
        subtitle = g_strdup (theme->name);
    }

  gtk_window_set_title (GTK_WINDOW (self), heading);
  gtk_label_set_label (self->heading_label, heading);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  return TRUE;
}

static void
describe_always (BsConditionDialog *self,
                 gint64             theme_id)
{
  if (self->shown->len > 0)
    {
      gtk_label_set_label (self->always_title, C_("condition", "Always"));
      gtk_label_set_label (self->always_description, self->always_text);
      gtk_image_set_from_icon_name (self->always_icon, "emblem-ok-symbolic");
      return;
    }

  gtk_label_set_label (self->always_title, _("No Questions to Choose From"));
  gtk_image_set_from_icon_name (self->always_icon, "dialog-question-symbolic");
  if (self->owner == BS_CONDITION_THEME_QUESTION)
    gtk_label_set_label (self->always_description,
                         _("A follow-up question depends on the answers to questions asked before it. "
                           "Move this question down, or add questions above it."));
  else if (theme_id != 0)
    gtk_label_set_label (self->always_description,
                         _("This theme asks no questions yet. Add questions on its Situations page "
                           "first: conditions are made of their answers."));
  else
    gtk_label_set_label (self->always_description,
                         _("The catalogue has no questions yet. Add questions on a theme’s Situations "
                           "page first: conditions are made of their answers."));
}

BsConditionDialog *
bs_condition_dialog_new (GtkWindow         *parent,
                         BsCatalogue       *catalogue,
                         BsConditionOwner   owner,
                         gint64             theme_id,
                         gint64             owner_id,
                         GError           **error)
{
  BsConditionDialog *self;
  g_autoptr(BsCondition) condition = NULL;
  gint64 questions_theme = theme_id;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (owner < BS_N_CONDITION_OWNERS, NULL);

  condition = bs_catalogue_get_condition (catalogue, owner, theme_id, owner_id, error);
  if (condition == NULL)
    return NULL;

  if (owner == BS_CONDITION_NOTE)
    {
      g_autoptr(BsThemeNote) note = bs_catalogue_get_theme_note (catalogue, owner_id, error);

      if (note == NULL)
        return NULL;
      questions_theme = note->theme_id;
    }

  self = g_object_new (BS_TYPE_CONDITION_DIALOG, "transient-for", parent, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->owner = owner;
  self->theme_id = theme_id;
  self->owner_id = owner_id;

  if (!describe_owner (self, questions_theme, error) ||
      !load_questions (self, questions_theme, condition, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  describe_always (self, questions_theme);

  for (guint i = 0; i < condition->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (condition->groups, i);
      Case *c = case_new ();

      g_array_append_vals (c->options, group->data, group->len);
      g_ptr_array_add (self->cases, c);
    }
  rebuild_cases (self);
  return self;
}
