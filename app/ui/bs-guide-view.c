/* bs-guide-view.c: a theme's personalised guide as the applicant sees it
 *
 * GOV.UK smart answers style: one question per page with a counter, Back
 * keeps the answers, Continue gives one; after the last question the result:
 * the totals, the steps in order (each collapsed to "Step N · name ·
 * department", details on demand), the theme's notes and the flow of only
 * the steps that apply. The guide is computed again from the model after
 * every answer (bs-guide.h); the view keeps no other state than the answers
 * and the question shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-enums.h"
#include "bs-flow-canvas.h"
#include "bs-flow-layout.h"
#include "bs-guide-view.h"

#define COLUMN_WIDTH 600
#define PRESENTATION_COLUMN_WIDTH 1000
#define GRAPH_HEIGHT 280
#define PRESENTATION_GRAPH_HEIGHT 440

struct _BsGuideView
{
  AdwBin parent_instance;

  /* Template widgets: one of the three pages is visible (hidden rather than
   * in a GtkStack, so that accessibility tools see only the one shown) */
  AdwStatusPage *empty_status;
  GtkScrolledWindow *question_scroller;
  AdwClamp *question_clamp;
  GtkWidget *question_box;
  GtkWidget *back_button;
  GtkLabel *counter_label;
  GtkLabel *prompt_label;
  GtkLabel *help_label;
  GtkWidget *hint_label;
  AdwBin *options_bin;
  GtkWidget *continue_button;
  GtkScrolledWindow *result_scroller;
  AdwClamp *result_clamp;
  GtkWidget *change_button;
  GtkLabel *result_title;
  GtkWidget *pending_box;
  GtkLabel *pending_label;
  GtkGrid *totals_grid;
  GtkListBox *steps_list;
  GtkWidget *notes_group;
  GtkBox *notes_box;
  GtkWidget *graph_group;
  BsFlowCanvas *canvas;
  GtkWidget *restart_button;

  /* Owned references */
  BsGuideModel *model;
  BsAnswers *answers;
  BsGuide *guide;            /* of @model for @answers (its answers point into them) */
  GPtrArray *option_buttons; /* GtkCheckButton of the question shown, in option order */
  GArray *draft;             /* gint64: options ticked on the question shown, not given yet */

  gint64 question_id;        /* the question shown, 0: the result */
  gint64 drafted_id;         /* the question @draft belongs to, 0: none */
  gboolean presentation;
};

G_DEFINE_FINAL_TYPE (BsGuideView, bs_guide_view, ADW_TYPE_BIN)

enum {
  ANSWERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* ------------------------------------------------------------------ */
/* The guide and the position */

static void
recompute (BsGuideView *self)
{
  g_clear_pointer (&self->guide, bs_guide_free);
  if (self->model != NULL)
    self->guide = bs_guide_model_compute (self->model, self->answers);
}

static const BsGuideQuestion *
shown_question (BsGuideView *self,
                guint        index)
{
  return &g_array_index (self->guide->questions, BsGuideQuestion, index);
}

/* The index of @question_id among the questions shown, or -1. */
static int
shown_index (BsGuideView *self,
             gint64       question_id)
{
  for (guint i = 0; question_id != 0 && self->guide != NULL && i < self->guide->questions->len; i++)
    if (shown_question (self, i)->question->id == question_id)
      return (int) i;
  return -1;
}

static gint64
first_question (BsGuideView *self)
{
  if (self->guide == NULL || self->guide->questions->len == 0)
    return 0;
  return shown_question (self, 0)->question->id;
}

/* The first question shown and not answered, or 0 for the result. */
static gint64
first_unanswered (BsGuideView *self)
{
  for (guint i = 0; self->guide != NULL && i < self->guide->questions->len; i++)
    if (shown_question (self, i)->answer == NULL)
      return shown_question (self, i)->question->id;
  return 0;
}

static gboolean
theme_has_items (BsGuideView *self)
{
  return self->model != NULL &&
         bs_theme_flow_get_n_nodes (bs_guide_model_get_flow (self->model)) > 0;
}

/* ------------------------------------------------------------------ */
/* A question */

static gboolean
draft_has (BsGuideView *self,
           gint64       option_id)
{
  for (guint i = 0; i < self->draft->len; i++)
    if (g_array_index (self->draft, gint64, i) == option_id)
      return TRUE;
  return FALSE;
}

static gboolean
question_is_single (BsGuideView *self)
{
  int index = shown_index (self, self->question_id);

  return index < 0 || shown_question (self, index)->question->kind == BS_QUESTION_KIND_SINGLE;
}

static void
update_continue (BsGuideView *self)
{
  /* A multiple-choice question may be answered with none of its options. */
  gtk_widget_set_sensitive (self->continue_button,
                            !question_is_single (self) || self->draft->len > 0);
}

/* The draft is what the option buttons show. */
static void
read_draft (BsGuideView *self)
{
  g_array_set_size (self->draft, 0);
  for (guint i = 0; i < self->option_buttons->len; i++)
    {
      GtkCheckButton *option = g_ptr_array_index (self->option_buttons, i);

      if (gtk_check_button_get_active (option))
        g_array_append_val (self->draft, *(gint64 *) g_object_get_data (G_OBJECT (option), "option-id"));
    }
}

static void
on_option_toggled_cb (BsGuideView    *self,
                      GtkCheckButton *button)
{
  read_draft (self);
  update_continue (self);
}

static void
fill_question (BsGuideView *self,
               guint        index)
{
  const BsGuideQuestion *shown = shown_question (self, index);
  const BsQuestion *question = shown->question;
  gboolean single = question->kind == BS_QUESTION_KIND_SINGLE;
  GtkCheckButton *group = NULL;
  GtkWidget *box;
  g_autofree char *counter = NULL;

  /* Ticked: what was ticked here before (a refresh), else the answer. */
  if (self->drafted_id != question->id)
    {
      g_array_set_size (self->draft, 0);
      if (shown->answer != NULL)
        g_array_append_vals (self->draft, shown->answer->data, shown->answer->len);
      self->drafted_id = question->id;
    }

  /* Translators: the position of the question shown among the questions
   * the applicant is asked, e.g. "Question 2 of 5" */
  counter = g_strdup_printf (_("Question %u of %u"), index + 1, self->guide->questions->len);
  gtk_label_set_label (self->counter_label, counter);
  gtk_label_set_label (self->prompt_label, question->prompt);
  gtk_label_set_label (self->help_label, question->help);
  gtk_widget_set_visible (GTK_WIDGET (self->help_label), question->help != NULL && question->help[0] != '\0');
  gtk_widget_set_visible (self->hint_label, !single);
  gtk_widget_set_visible (self->back_button, index > 0);

  /* A new box each time: its role (radio group or group) is set once. */
  box = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_VERTICAL,
                      "spacing", 4,
                      "accessible-role", single ? GTK_ACCESSIBLE_ROLE_RADIO_GROUP : GTK_ACCESSIBLE_ROLE_GROUP,
                      NULL);
  gtk_widget_add_css_class (box, "guide-options");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->prompt_label, NULL,
                                  -1);
  g_ptr_array_set_size (self->option_buttons, 0);
  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);
      GtkWidget *button = gtk_check_button_new ();
      GtkWidget *label = new_label (option->label, NULL);

      /* A label that wraps: options can be long sentences. */
      gtk_check_button_set_child (GTK_CHECK_BUTTON (button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, option->label,
                                      -1);
      if (single)
        {
          if (group != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
          else
            group = GTK_CHECK_BUTTON (button);
        }
      g_object_set_data_full (G_OBJECT (button), "option-id",
                              g_memdup2 (&option->id, sizeof option->id), g_free);
      gtk_widget_add_css_class (button, "guide-option");
      gtk_box_append (GTK_BOX (box), button);
      g_ptr_array_add (self->option_buttons, button);
    }
  /* Ticked before connecting: ticking a radio button unticks the others. */
  for (guint i = 0; i < self->option_buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (self->option_buttons, i);

      gtk_check_button_set_active (button, draft_has (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "option-id")));
    }
  for (guint i = 0; i < self->option_buttons->len; i++)
    g_signal_connect_object (g_ptr_array_index (self->option_buttons, i), "toggled",
                             G_CALLBACK (on_option_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->options_bin, box);
  /* Options taken out of the question meanwhile are not ticked any more. */
  read_draft (self);
  update_continue (self);
}

/* ------------------------------------------------------------------ */
/* The result */

static GtkWidget *
new_total (const char *value,
           const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (box, "guide-total");
  gtk_widget_add_css_class (value_label, "guide-total-value");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (caption_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (caption_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);

  /* Translators: a total of the guide read by screen readers, e.g.
   * "9 steps"; the first %s is the number, the second what it counts */
  accessible = g_strdup_printf (C_("guide total", "%s %s"), value, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return box;
}

static char *
dup_days (int days)
{
  return days >= 0 ? g_strdup_printf ("%d", days) : g_strdup ("—");
}

static void
fill_totals (BsGuideView *self)
{
  const BsGuide *guide = self->guide;
  guint n_steps = guide->steps->len;
  g_autofree char *steps = g_strdup_printf ("%u", n_steps);
  g_autofree char *departments = g_strdup_printf ("%u", guide->n_departments);
  g_autofree char *visits = NULL;
  g_autofree char *statutory = dup_days (guide->statutory_days);
  g_autofree char *committed = dup_days (guide->committed_days);

  /* Unknown numbers of visits: at least the known ones. */
  if (guide->n_unknown_visits > 0)
    /* Translators: at least this many visits, some steps' are unknown */
    visits = g_strdup_printf (_("%d+"), guide->visits);
  else
    visits = g_strdup_printf ("%d", guide->visits);

  remove_children (GTK_WIDGET (self->totals_grid));
  gtk_grid_attach (self->totals_grid,
                   new_total (steps, g_dngettext (GETTEXT_PACKAGE, "step", "steps", n_steps)),
                   0, 0, 2, 1);
  gtk_grid_attach (self->totals_grid,
                   new_total (departments, g_dngettext (GETTEXT_PACKAGE, "department", "departments",
                                                        guide->n_departments)),
                   2, 0, 2, 1);
  gtk_grid_attach (self->totals_grid,
                   new_total (visits, g_dngettext (GETTEXT_PACKAGE, "visit in person", "visits in person",
                                                   (gulong) MAX (guide->visits, 0))),
                   4, 0, 2, 1);
  gtk_grid_attach (self->totals_grid,
                   new_total (statutory, g_dngettext (GETTEXT_PACKAGE, "working day, statutory",
                                                      "working days, statutory",
                                                      (gulong) MAX (guide->statutory_days, 0))),
                   0, 1, 3, 1);
  gtk_grid_attach (self->totals_grid,
                   new_total (committed, g_dngettext (GETTEXT_PACKAGE, "working day, committed",
                                                      "working days, committed",
                                                      (gulong) MAX (guide->committed_days, 0))),
                   3, 1, 3, 1);
}

static void
add_detail (GtkBox     *box,
            const char *heading,
            const char *value,
            gboolean    markup)
{
  GtkWidget *pair;
  GtkWidget *value_label;

  if (value == NULL || value[0] == '\0')
    return;
  pair = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (pair), new_label (heading, "caption-heading"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (pair), "dim-label");
  value_label = new_label (NULL, NULL);
  if (markup)
    gtk_label_set_markup (GTK_LABEL (value_label), value);
  else
    gtk_label_set_label (GTK_LABEL (value_label), value);
  gtk_box_append (GTK_BOX (pair), value_label);
  gtk_box_append (box, pair);
}

static char *
dup_link_markup (const char *uri,
                 const char *text)
{
  return g_markup_printf_escaped ("<a href=\"%s\">%s</a>", uri, text);
}

static char *
dup_prerequisites (const BsGuideStep *step)
{
  g_autoptr(GString) numbers = g_string_new (NULL);
  guint n = step->prerequisites->len;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        /* Translators: between step numbers in "After steps 1, 2" */
        g_string_append (numbers, C_("step numbers", ", "));
      g_string_append_printf (numbers, "%d", g_array_index (step->prerequisites, int, i));
    }
  /* Translators: %s is one step number or a list of them */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After step %s", "After steps %s", n), numbers->str);
}

static GtkWidget *
new_tag (const char *text,
         const char *css_class)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_set_halign (tag, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (tag), TRUE);
  gtk_widget_add_css_class (tag, "guide-tag");
  gtk_widget_add_css_class (tag, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (tag, css_class);
  return tag;
}

static GtkWidget *
new_material (const BsGuideMaterial *shown)
{
  const BsMaterial *material = shown->material;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *tags = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autoptr(GString) links = g_string_new (NULL);

  gtk_widget_add_css_class (box, "guide-material");
  gtk_box_append (GTK_BOX (box), new_label (material->name, "guide-material-name"));

  if (shown->from_step > 0)
    {
      /* Translators: a material an earlier step of the guide gives */
      g_autofree char *text = g_strdup_printf (_("From step %d, no need to bring it"), shown->from_step);

      gtk_box_append (GTK_BOX (tags), new_tag (text, "guide-tag-from"));
    }
  else
    {
      g_string_append (facts, bs_material_form_get_label (material->form));
      if (material->copies > 0)
        {
          g_string_append (facts, " · ");
          g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%d copy", "%d copies", material->copies),
                                  material->copies);
        }
      gtk_box_append (GTK_BOX (box), new_label (facts->str, "caption"));
      gtk_box_append (GTK_BOX (tags), new_tag (material->required ? _("Required") : _("If applicable"),
                                               material->required ? "guide-tag-required" : NULL));
    }
  if (shown->pending)
    gtk_box_append (GTK_BOX (tags), new_tag (_("Depends on your answers"), "guide-tag-pending"));
  gtk_box_append (GTK_BOX (box), tags);

  if (material->notes != NULL && material->notes[0] != '\0')
    {
      gtk_box_append (GTK_BOX (box), new_label (material->notes, "caption"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
    }
  if (shown->from_step == 0 && material->form_url != NULL && material->form_url[0] != '\0')
    {
      g_autofree char *link = dup_link_markup (material->form_url, _("Blank form"));

      g_string_append (links, link);
    }
  if (shown->from_step == 0 && material->sample_url != NULL && material->sample_url[0] != '\0')
    {
      g_autofree char *link = dup_link_markup (material->sample_url, _("Filled-in sample"));

      if (links->len > 0)
        g_string_append (links, " · ");
      g_string_append (links, link);
    }
  if (links->len > 0)
    {
      GtkWidget *label = new_label (NULL, "caption");

      gtk_label_set_markup (GTK_LABEL (label), links->str);
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static GtkWidget *
new_note (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "guide-note");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), new_label (text, NULL));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
  return box;
}

static GtkWidget *
new_step_details (const BsGuideStep *step)
{
  const BsFlowNode *node = step->node;
  const BsItem *item = step->item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  g_autofree char *limit = bs_flow_dup_limit_badge (node);
  g_autofree char *visits = NULL;
  int n_visits = item != NULL ? item->visits : node->visits;

  gtk_widget_add_css_class (box, "guide-step-details");
  if (step->pending)
    gtk_box_append (GTK_BOX (box),
                    new_label (_("Whether you need this step depends on a question you have not answered yet."),
                               "guide-pending-text"));

  add_detail (GTK_BOX (box), _("Time limit"), limit, FALSE);
  if (step->prerequisites->len > 0)
    {
      g_autofree char *after = dup_prerequisites (step);

      add_detail (GTK_BOX (box), _("When"), after, FALSE);
    }
  else
    add_detail (GTK_BOX (box), _("When"), _("Any time: no other step comes first"), FALSE);
  if (n_visits == 0)
    add_detail (GTK_BOX (box), _("Visits in person"), _("None: it can be done online"), FALSE);
  else if (n_visits > 0)
    {
      visits = g_strdup_printf ("%d", n_visits);
      add_detail (GTK_BOX (box), _("Visits in person"), visits, FALSE);
    }
  if (item != NULL)
    {
      add_detail (GTK_BOX (box), _("Where"), item->place, FALSE);
      add_detail (GTK_BOX (box), _("Opening hours"), item->hours, FALSE);
      add_detail (GTK_BOX (box), _("Phone"), item->phone, FALSE);
      if (item->online_url != NULL && item->online_url[0] != '\0')
        {
          g_autofree char *link = dup_link_markup (item->online_url, item->online_url);

          add_detail (GTK_BOX (box), _("Online"), link, TRUE);
        }
      add_detail (GTK_BOX (box), _("Fees"), item->fees, FALSE);
      add_detail (GTK_BOX (box), _("You receive"), item->result_name, FALSE);
    }

  if (step->materials->len > 0)
    {
      GtkWidget *materials = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      /* Translators: the heading over a step's materials, with their number */
      g_autofree char *heading = g_strdup_printf (_("Materials (%u)"), step->materials->len);

      gtk_box_append (GTK_BOX (materials), new_label (heading, "caption-heading"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (materials), "dim-label");
      for (guint i = 0; i < step->materials->len; i++)
        gtk_box_append (GTK_BOX (materials),
                        new_material (&g_array_index (step->materials, BsGuideMaterial, i)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (materials),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Materials"),
                                      -1);
      gtk_box_append (GTK_BOX (box), materials);
    }
  for (guint i = 0; i < step->notes->len; i++)
    gtk_box_append (GTK_BOX (box), new_note (g_ptr_array_index (step->notes, i)));
  return box;
}

static GtkWidget *
new_step_row (const BsGuideStep *step)
{
  const BsFlowNode *node = step->node;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *expander = gtk_expander_new (NULL);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *number = NULL;
  g_autofree char *badge = bs_flow_dup_limit_badge (node);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  gboolean has_department = node->department_name != NULL && node->department_name[0] != '\0';

  /* Translators: the number of a step of the guide, e.g. "Step 2" */
  number = g_strdup_printf (_("Step %d"), step->number);
  gtk_box_append (GTK_BOX (header), new_label (number, "guide-step-number"));
  gtk_box_append (GTK_BOX (header), new_label (node->name, "guide-step-name"));
  subtitle = has_department ? g_strdup_printf ("%s · %s", node->department_name, badge) : g_strdup (badge);
  gtk_box_append (GTK_BOX (header), new_label (subtitle, "caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (header), "dim-label");
  if (step->pending)
    gtk_box_append (GTK_BOX (header), new_tag (_("Depends on your answers"), "guide-tag-pending"));
  gtk_widget_set_hexpand (header, TRUE);
  gtk_expander_set_label_widget (GTK_EXPANDER (expander), header);
  gtk_expander_set_child (GTK_EXPANDER (expander), new_step_details (step));

  /* Translators: a step of the guide for screen readers: "Step 2 · name ·
   * department" */
  accessible = has_department ? g_strdup_printf (_("%s · %s · %s"), number, node->name, node->department_name)
                              : g_strdup_printf (_("%s · %s"), number, node->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_add_css_class (expander, "guide-step");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), expander);
  return row;
}

static void
fill_result (BsGuideView *self)
{
  const BsGuide *guide = self->guide;
  gboolean asks = guide->questions->len > 0;

  gtk_label_set_label (self->result_title, bs_guide_model_get_theme_name (self->model));
  gtk_widget_set_visible (self->change_button, asks);
  gtk_widget_set_visible (self->restart_button, asks);

  gtk_widget_set_visible (self->pending_box, guide->n_unanswered > 0);
  if (guide->n_unanswered > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u question is not answered yet: the steps and materials marked “Depends on your answers” may change.",
                                                            "%u questions are not answered yet: the steps and materials marked “Depends on your answers” may change.",
                                                            guide->n_unanswered),
                                               guide->n_unanswered);

      gtk_label_set_label (self->pending_label, text);
    }

  fill_totals (self);

  remove_children (GTK_WIDGET (self->steps_list));
  for (guint i = 0; i < guide->steps->len; i++)
    gtk_list_box_append (self->steps_list, new_step_row (&g_array_index (guide->steps, BsGuideStep, i)));

  remove_children (GTK_WIDGET (self->notes_box));
  for (guint i = 0; i < guide->notes->len; i++)
    gtk_box_append (self->notes_box, new_note (g_ptr_array_index (guide->notes, i)));
  gtk_widget_set_visible (self->notes_group, guide->notes->len > 0);

  /* A graph of one step says nothing. */
  gtk_widget_set_visible (self->graph_group, guide->steps->len > 1);
  bs_flow_canvas_show_analysis (self->canvas, guide->steps->len > 1 ? guide->analysis : NULL);
}

/* ------------------------------------------------------------------ */
/* What is shown */

static void
scroll_to_top (GtkScrolledWindow *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
show_page (BsGuideView *self,
           GtkWidget   *page)
{
  gtk_widget_set_visible (GTK_WIDGET (self->empty_status), page == GTK_WIDGET (self->empty_status));
  gtk_widget_set_visible (GTK_WIDGET (self->question_scroller), page == GTK_WIDGET (self->question_scroller));
  gtk_widget_set_visible (GTK_WIDGET (self->result_scroller), page == GTK_WIDGET (self->result_scroller));
}

static void
show_empty (BsGuideView *self,
            const char  *title,
            const char  *description)
{
  adw_status_page_set_title (self->empty_status, title);
  adw_status_page_set_description (self->empty_status, description);
  show_page (self, GTK_WIDGET (self->empty_status));
}

/* Shows the question @question_id, or the result when it is 0 or not shown. */
static void
refresh (BsGuideView *self)
{
  int index;

  if (self->model == NULL || self->guide == NULL)
    {
      show_empty (self, _("Nothing to Preview"), _("Choose a theme to see the guide an applicant gets"));
      return;
    }
  if (!theme_has_items (self))
    {
      show_empty (self, _("No Steps Yet"),
                  _("Add items to this theme in its Items view to see the guide an applicant gets"));
      return;
    }

  index = shown_index (self, self->question_id);
  if (index >= 0)
    {
      fill_question (self, (guint) index);
      show_page (self, GTK_WIDGET (self->question_scroller));
    }
  else
    {
      self->question_id = 0;
      fill_result (self);
      show_page (self, GTK_WIDGET (self->result_scroller));
    }
}

/* Moves to @question_id (0: the result) by the applicant's choice. */
static void
go_to (BsGuideView *self,
       gint64       question_id)
{
  self->question_id = question_id;
  self->drafted_id = 0;
  refresh (self);
  scroll_to_top (question_id != 0 ? self->question_scroller : self->result_scroller);
  bs_guide_view_focus (self);
}

static void
on_continue_clicked_cb (BsGuideView *self)
{
  gint64 id = self->question_id;
  int index = shown_index (self, id);

  if (index < 0 || (question_is_single (self) && self->draft->len == 0))
    return;
  bs_answers_set (self->answers, id, (const gint64 *) (gpointer) self->draft->data, self->draft->len);
  recompute (self);
  /* Follow-ups only depend on earlier questions: this one is still shown,
   * and what comes after it may have changed. */
  index = shown_index (self, id);
  if (index >= 0 && (guint) index + 1 < self->guide->questions->len)
    go_to (self, shown_question (self, index + 1)->question->id);
  else
    go_to (self, 0);
  g_signal_emit (self, signals[ANSWERS_CHANGED], 0);
}

static void
on_back_clicked_cb (BsGuideView *self)
{
  int index = shown_index (self, self->question_id);

  if (index > 0)
    go_to (self, shown_question (self, index - 1)->question->id);
}

static void
on_change_clicked_cb (BsGuideView *self)
{
  go_to (self, first_question (self));
}

static void
on_answer_pending_clicked_cb (BsGuideView *self)
{
  go_to (self, first_unanswered (self));
}

static void
on_restart_clicked_cb (BsGuideView *self)
{
  bs_guide_view_restart (self);
  bs_guide_view_focus (self);
  g_signal_emit (self, signals[ANSWERS_CHANGED], 0);
}

/* Enter on an option gives the answer, as a web form would: on a radio
 * button nothing ticked yet, it ticks that one first. Space still ticks. */
static gboolean
on_question_key_pressed_cb (BsGuideView           *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *controller)
{
  GtkWidget *focus;
  GtkWidget *option = NULL;

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  for (guint i = 0; focus != NULL && i < self->option_buttons->len && option == NULL; i++)
    if (focus == g_ptr_array_index (self->option_buttons, i) ||
        gtk_widget_is_ancestor (focus, g_ptr_array_index (self->option_buttons, i)))
      option = g_ptr_array_index (self->option_buttons, i);
  if (option == NULL)
    return FALSE;
  if (question_is_single (self) && self->draft->len == 0)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (option), TRUE);
  if (gtk_widget_get_sensitive (self->continue_button))
    on_continue_clicked_cb (self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
bs_guide_view_dispose (GObject *object)
{
  BsGuideView *self = BS_GUIDE_VIEW (object);

  g_clear_pointer (&self->guide, bs_guide_free);
  g_clear_pointer (&self->model, bs_guide_model_unref);
  g_clear_pointer (&self->answers, bs_answers_free);
  if (self->option_buttons != NULL)
    g_ptr_array_set_size (self->option_buttons, 0);

  G_OBJECT_CLASS (bs_guide_view_parent_class)->dispose (object);
}

static void
bs_guide_view_finalize (GObject *object)
{
  BsGuideView *self = BS_GUIDE_VIEW (object);

  g_clear_pointer (&self->option_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->draft, g_array_unref);

  G_OBJECT_CLASS (bs_guide_view_parent_class)->finalize (object);
}

static void
bs_guide_view_class_init (BsGuideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_guide_view_dispose;
  object_class->finalize = bs_guide_view_finalize;

  signals[ANSWERS_CHANGED] =
    g_signal_new ("answers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_FLOW_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-guide-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, empty_status);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, question_scroller);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, question_clamp);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, question_box);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, back_button);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, counter_label);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, help_label);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, options_bin);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, continue_button);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, result_scroller);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, result_clamp);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, change_button);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, result_title);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, pending_box);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, pending_label);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, totals_grid);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, steps_list);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, notes_group);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, notes_box);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, graph_group);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, canvas);
  gtk_widget_class_bind_template_child (widget_class, BsGuideView, restart_button);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_answer_pending_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_restart_clicked_cb);
}

static void
bs_guide_view_init (BsGuideView *self)
{
  GtkEventController *controller;
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->answers = bs_answers_new ();
  self->option_buttons = g_ptr_array_new ();
  self->draft = g_array_new (FALSE, FALSE, sizeof (gint64));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_question_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->question_box, controller);

  placeholder = new_label (_("No step applies for your answers."), "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->steps_list, placeholder);

  /* Departments show as the nodes' colours; boxes around them would only
   * make the graph wider. */
  bs_flow_canvas_set_grouping (self->canvas, BS_FLOW_GROUPING_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Flow of your steps"),
                                  -1);

  refresh (self);
}

GtkWidget *
bs_guide_view_new (void)
{
  return g_object_new (BS_TYPE_GUIDE_VIEW, NULL);
}

void
bs_guide_view_set_model (BsGuideView  *self,
                         BsGuideModel *model)
{
  gboolean had_model;

  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  had_model = self->model != NULL;
  if (model != NULL)
    bs_guide_model_ref (model);
  g_clear_pointer (&self->model, bs_guide_model_unref);
  self->model = model;
  recompute (self);
  /* Showing nothing before, or a question the theme no longer asks: the
   * first question still to answer. */
  if (!had_model || (self->question_id != 0 && shown_index (self, self->question_id) < 0))
    self->question_id = first_unanswered (self);
  refresh (self);
}

BsGuideModel *
bs_guide_view_get_model (BsGuideView *self)
{
  g_return_val_if_fail (BS_IS_GUIDE_VIEW (self), NULL);
  return self->model;
}

const BsAnswers *
bs_guide_view_get_answers (BsGuideView *self)
{
  g_return_val_if_fail (BS_IS_GUIDE_VIEW (self), NULL);
  return self->answers;
}

void
bs_guide_view_set_answers (BsGuideView     *self,
                           const BsAnswers *answers)
{
  BsAnswers *copy;

  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  /* Copied first: @answers may be this view's own. */
  copy = answers != NULL ? bs_answers_copy (answers) : bs_answers_new ();
  g_clear_pointer (&self->guide, bs_guide_free);
  bs_answers_free (self->answers);
  self->answers = copy;
  self->drafted_id = 0;
  recompute (self);
  if (self->question_id != 0 && shown_index (self, self->question_id) < 0)
    self->question_id = first_unanswered (self);
  refresh (self);
}

gint64
bs_guide_view_get_question_id (BsGuideView *self)
{
  g_return_val_if_fail (BS_IS_GUIDE_VIEW (self), 0);
  return self->question_id;
}

void
bs_guide_view_show_question (BsGuideView *self,
                             gint64       question_id)
{
  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  self->question_id = question_id;
  self->drafted_id = 0;
  refresh (self);
  scroll_to_top (self->question_id != 0 ? self->question_scroller : self->result_scroller);
}

void
bs_guide_view_restart (BsGuideView *self)
{
  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  g_clear_pointer (&self->guide, bs_guide_free);
  bs_answers_free (self->answers);
  self->answers = bs_answers_new ();
  recompute (self);
  bs_guide_view_show_question (self, first_question (self));
}

void
bs_guide_view_focus (BsGuideView *self)
{
  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  if (self->question_id != 0 && self->option_buttons->len > 0)
    {
      GtkWidget *target = g_ptr_array_index (self->option_buttons, 0);

      for (guint i = 0; i < self->option_buttons->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->option_buttons, i)))
          {
            target = g_ptr_array_index (self->option_buttons, i);
            break;
          }
      gtk_widget_grab_focus (target);
    }
  else if (self->question_id == 0 && gtk_widget_get_visible (self->change_button))
    gtk_widget_grab_focus (self->change_button);
}

void
bs_guide_view_set_presentation (BsGuideView *self,
                                gboolean     presentation)
{
  g_return_if_fail (BS_IS_GUIDE_VIEW (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;
  if (presentation)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
  adw_clamp_set_maximum_size (self->question_clamp, presentation ? PRESENTATION_COLUMN_WIDTH : COLUMN_WIDTH);
  adw_clamp_set_tightening_threshold (self->question_clamp,
                                      presentation ? PRESENTATION_COLUMN_WIDTH : COLUMN_WIDTH);
  adw_clamp_set_maximum_size (self->result_clamp, presentation ? PRESENTATION_COLUMN_WIDTH : COLUMN_WIDTH);
  adw_clamp_set_tightening_threshold (self->result_clamp,
                                      presentation ? PRESENTATION_COLUMN_WIDTH : COLUMN_WIDTH);
  gtk_widget_set_size_request (GTK_WIDGET (self->canvas), -1,
                               presentation ? PRESENTATION_GRAPH_HEIGHT : GRAPH_HEIGHT);
}

gboolean
bs_guide_view_get_presentation (BsGuideView *self)
{
  g_return_val_if_fail (BS_IS_GUIDE_VIEW (self), FALSE);
  return self->presentation;
}
