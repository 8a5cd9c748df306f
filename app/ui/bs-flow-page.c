/* bs-flow-page.c: a theme's flow: the canvas with its toolbar, the
 * problems pane and the summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-flow-canvas.h"
#include "bs-flow-page.h"
#include "bs-guide.h"
#include "bs-theme.h"
#include "bs-window.h"

struct _BsFlowPage
{
  AdwBin parent_instance;

  BsCatalogue *catalogue;
  gint64 theme_id;

  BsFlowCanvas *canvas;
  GtkDropDown *direction_dropdown;
  GtkDropDown *grouping_dropdown;
  GtkMenuButton *connect_button;
  GtkPopover *connect_popover;
  GtkLabel *connect_heading;
  GtkSearchEntry *connect_search;
  GtkBox *connect_list;
  GtkLabel *connect_empty;
  GtkLabel *problems_label;
  GtkImage *problems_icon;
  GtkBox *problems_list;
  GtkLabel *summary_label;
  GtkLabel *selection_label;
  GtkBox *details_box;
  GtkWidget *empty_status;

  /* The static checks of the theme's personalisation (bs-guide.h), run in
   * a worker after every change; shown after the flow's own problems. */
  GPtrArray *guide_problems;   /* BsFlowProblem, or NULL until checked */
  GCancellable *check_cancellable;
  guint check_source;
};

G_DEFINE_FINAL_TYPE (BsFlowPage, bs_flow_page, ADW_TYPE_BIN)

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static const char *
item_name (BsFlowAnalysis *analysis,
           gint64          item_id)
{
  const BsFlowNode *node = bs_theme_flow_lookup_node (bs_flow_analysis_get_flow (analysis), item_id);

  return node != NULL ? node->name : "?";
}

/* ------------------------------------------------------------------ */
/* Problems and summary */

static void
on_problem_clicked_cb (GtkButton  *button,
                       BsFlowPage *self)
{
  BsFlowAnalysis *analysis = bs_flow_canvas_get_analysis (self->canvas);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "problem"));
  const BsFlowProblem *problem;
  guint n_flow;

  if (analysis == NULL)
    return;
  /* The flow's problems first, then the personalisation's. */
  n_flow = bs_flow_analysis_get_n_problems (analysis);
  if (index < n_flow)
    problem = bs_flow_analysis_get_problem (analysis, index);
  else if (self->guide_problems != NULL && index - n_flow < self->guide_problems->len)
    problem = g_ptr_array_index (self->guide_problems, index - n_flow);
  else
    return;
  bs_flow_canvas_select (self->canvas, problem->item_ids, problem->edges);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static GtkWidget *
new_problem_row (BsFlowPage          *self,
                 const BsFlowProblem *problem,
                 guint                index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon;
  GtkWidget *label;
  g_autofree char *accessible = NULL;
  g_autoptr(PangoAttrList) attributes = NULL;

  if (problem->severity == BS_FLOW_SEVERITY_ERROR)
    {
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
    }
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);

  label = gtk_label_new (problem->message);
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "flow-problem");
  /* Translators: a problem of the flow for screen readers: "Error: …" */
  accessible = g_strdup_printf (_("%s: %s"), bs_flow_severity_get_label (problem->severity),
                                problem->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (button, _("Select its items on the canvas"));
  g_object_set_data (G_OBJECT (button), "problem", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_problem_clicked_cb), self, 0);
  return button;
}

/* "A → B → C"; with @shorten, long paths keep their first and last three
 * items around "…" and say how many items there are. */
static char *
format_path (BsFlowAnalysis   *analysis,
             const BsFlowPath *path,
             gboolean          shorten)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = path->item_ids != NULL ? path->item_ids->len : 0;
  gboolean cut = shorten && n > 8;

  for (guint i = 0; i < n; i++)
    {
      if (cut && i >= 3 && i < n - 3)
        {
          if (i == 3)
            g_string_append (text, " → …");
          continue;
        }
      if (i > 0)
        g_string_append (text, " → ");
      g_string_append (text, item_name (analysis, g_array_index (path->item_ids, gint64, i)));
    }
  if (cut)
    /* Translators: after a shortened critical path */
    g_string_append_printf (text, ngettext (" (%u item)", " (%u items)", n), n);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_summary (BsFlowPage *self)
{
  BsFlowAnalysis *analysis = bs_flow_canvas_get_analysis (self->canvas);
  const BsFlowSummary *summary;
  const BsFlowPath *statutory, *committed;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) tooltip = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *header = NULL;
  guint n_errors, n_warnings;

  remove_children (self->problems_list);
  if (analysis == NULL)
    {
      gtk_widget_set_visible (self->empty_status, FALSE);
      gtk_label_set_text (self->problems_label, "");
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), NULL);
      return;
    }
  summary = bs_flow_analysis_get_summary (analysis);
  gtk_widget_set_visible (self->empty_status, summary->n_items == 0);

  /* The problems pane */
  n_errors = summary->n_errors;
  n_warnings = summary->n_warnings;
  for (guint i = 0; self->guide_problems != NULL && i < self->guide_problems->len; i++)
    {
      const BsFlowProblem *problem = g_ptr_array_index (self->guide_problems, i);

      if (problem->severity == BS_FLOW_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;
    }
  errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings), n_warnings);
  /* Translators: "2 errors, 3 warnings" */
  header = g_strdup_printf (_("%s, %s"), errors, warnings);
  gtk_label_set_text (self->problems_label, header);
  gtk_image_set_from_icon_name (self->problems_icon,
                                n_errors > 0 ? "dialog-error-symbolic" :
                                n_warnings > 0 ? "dialog-warning-symbolic" :
                                "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->problems_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->problems_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->problems_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->problems_icon),
                            n_errors > 0 ? "error" :
                            n_warnings > 0 ? "warning" : "success");
  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    gtk_box_append (self->problems_list,
                    new_problem_row (self, bs_flow_analysis_get_problem (analysis, i), i));
  for (guint i = 0; self->guide_problems != NULL && i < self->guide_problems->len; i++)
    gtk_box_append (self->problems_list,
                    new_problem_row (self, g_ptr_array_index (self->guide_problems, i),
                                     bs_flow_analysis_get_n_problems (analysis) + i));
  if (n_errors + n_warnings == 0)
    {
      GtkWidget *none = gtk_label_new (_("No problems found"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_box_append (self->problems_list, none);
    }

  /* The summary line */
  text = g_string_new (NULL);
  g_string_append_printf (text, ngettext ("%u item", "%u items", summary->n_items), summary->n_items);
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("%u prerequisite", "%u prerequisites", summary->n_edges),
                          summary->n_edges);
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("%u stage", "%u stages", summary->n_stages), summary->n_stages);
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("%u department", "%u departments", summary->n_departments),
                          summary->n_departments);
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("%d visit", "%d visits", summary->visits), summary->visits);
  if (summary->n_unknown_visits > 0)
    g_string_append_printf (text, ngettext (" (%u item unknown)", " (%u items unknown)",
                                            summary->n_unknown_visits),
                            summary->n_unknown_visits);
  g_string_append_c (text, '\n');

  statutory = bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY);
  committed = bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_COMMITTED);
  if (statutory == NULL || statutory->days < 0)
    g_string_append (text, _("No critical path: the flow has a cycle"));
  else
    {
      g_autofree char *statutory_items = format_path (analysis, statutory, TRUE);
      g_autofree char *committed_items = format_path (analysis, committed, TRUE);
      g_autofree char *statutory_all = format_path (analysis, statutory, FALSE);
      g_autofree char *committed_all = format_path (analysis, committed, FALSE);

      tooltip = g_string_new (NULL);
      g_string_append_printf (tooltip, "%s\n%s", statutory_all, committed_all);

      /* Translators: the critical path on statutory limits: its working
       * days, then its items "A → B → C" */
      g_string_append_printf (text, ngettext ("Critical path (statutory): %d working day: %s",
                                              "Critical path (statutory): %d working days: %s",
                                              statutory->days),
                              statutory->days, statutory_items);
      g_string_append_c (text, '\n');
      if (committed != NULL && committed->days >= 0)
        g_string_append_printf (text, ngettext ("Critical path (committed): %d working day: %s",
                                                "Critical path (committed): %d working days: %s",
                                                committed->days),
                                committed->days, committed_items);
      if (statutory->incomplete || (committed != NULL && committed->incomplete))
        g_string_append_printf (text, " %s", _("(some limits are unknown and count 0)"));
    }
  gtk_label_set_text (self->summary_label, text->str);
  /* The critical paths whole */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), tooltip != NULL ? tooltip->str : NULL);
}

/* ------------------------------------------------------------------ */
/* The selected item or prerequisite, in the side pane */

static GtkWidget *
new_pane_label (const char *text,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A line of facts: "Department", then its value. */
static void
add_fact (GtkGrid    *grid,
          int         row,
          const char *key,
          const char *value)
{
  GtkWidget *key_label = new_pane_label (key, "dim-label");
  GtkWidget *value_label = new_pane_label (value, NULL);

  gtk_widget_set_valign (key_label, GTK_ALIGN_START);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, key_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

static void
select_item (BsFlowPage *self,
             gint64      item_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (ids, item_id);
  /* First: the pane is rebuilt and the button clicked goes away. */
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  bs_flow_canvas_select (self->canvas, ids, NULL);
}

static void
on_neighbour_clicked_cb (GtkButton  *button,
                         BsFlowPage *self)
{
  select_item (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "item-id"));
}

static GtkWidget *
new_neighbour_row (BsFlowPage       *self,
                   const BsFlowNode *node)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = new_pane_label (node->name, NULL);
  g_autofree char *accessible = NULL;

  gtk_box_append (GTK_BOX (box), label);
  if (node->department_name[0] != '\0')
    gtk_box_append (GTK_BOX (box), new_pane_label (node->department_name, "caption"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: an item in the side pane: the item, its department */
  accessible = g_strdup_printf (_("%s, %s"), node->name, node->department_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  node->department_name[0] != '\0' ? accessible : node->name,
                                  -1);
  gtk_widget_set_tooltip_text (button, _("Select it on the canvas"));
  g_object_set_data_full (G_OBJECT (button), "item-id",
                          g_memdup2 (&node->item_id, sizeof node->item_id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_neighbour_clicked_cb), self, 0);
  return button;
}

/* A heading and the items at the other end of @item_id's edges (its
 * prerequisites, or with @dependants what needs it), as buttons. */
static void
add_neighbours (BsFlowPage  *self,
                BsThemeFlow *flow,
                gint64       item_id,
                gboolean     dependants,
                const char  *heading)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint n = 0;

  gtk_box_append (self->details_box, new_pane_label (heading, "heading"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                  -1);
  for (guint i = 0; i < bs_theme_flow_get_n_edges (flow); i++)
    {
      const BsEdge *e = bs_theme_flow_get_edge (flow, i);
      const BsFlowNode *other;

      if ((dependants ? e->before_id : e->after_id) != item_id)
        continue;
      other = bs_theme_flow_lookup_node (flow, dependants ? e->after_id : e->before_id);
      if (other == NULL)
        continue;
      gtk_box_append (GTK_BOX (list), new_neighbour_row (self, other));
      n++;
    }
  if (n == 0)
    gtk_box_append (GTK_BOX (list), new_pane_label (_("None"), "dim-label"));
  gtk_box_append (self->details_box, list);
}

static void
on_open_item_clicked_cb (GtkButton  *button,
                         BsFlowPage *self)
{
  gint64 selected = bs_flow_canvas_get_selected_item (self->canvas);

  if (selected != 0)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, selected);
}

static void
on_remove_edge_clicked_cb (GtkButton  *button,
                           BsFlowPage *self)
{
  g_autoptr(GError) error = NULL;
  BsEdge edge;

  if (self->catalogue == NULL || !bs_flow_canvas_get_selected_edge (self->canvas, &edge))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  if (!bs_catalogue_remove_theme_edge (self->catalogue, self->theme_id,
                                       edge.before_id, edge.after_id, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Remove the Prerequisite"), error);
  else
    bs_window_show_undo_toast (GTK_WIDGET (self), _("Removed the prerequisite"));
}

static void
show_item_details (BsFlowPage     *self,
                   BsFlowAnalysis *analysis,
                   gint64          item_id)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (analysis);
  const BsFlowNode *node = bs_theme_flow_lookup_node (flow, item_id);
  const BsFlowPath *path = bs_flow_analysis_get_critical_path (analysis, BS_FLOW_LIMIT_STATUTORY);
  g_autoptr(GArray) problems = NULL;
  g_autofree char *statutory = NULL;
  g_autofree char *committed = NULL;
  g_autofree char *stage = NULL;
  GtkWidget *grid, *name, *button;
  const char *critical;
  gboolean on_statutory, on_committed;
  int row = 0;

  if (node == NULL)
    return;

  name = new_pane_label (node->name, "title-4");
  gtk_label_set_selectable (GTK_LABEL (name), TRUE);
  gtk_widget_set_focusable (name, FALSE);
  gtk_box_append (self->details_box, name);
  if (node->code[0] != '\0')
    {
      GtkWidget *code = new_pane_label (node->code, "dim-label");

      gtk_widget_add_css_class (code, "monospace");
      gtk_label_set_selectable (GTK_LABEL (code), TRUE);
      gtk_widget_set_focusable (code, FALSE);
      gtk_box_append (self->details_box, code);
    }

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  statutory = bs_limit_dup_label (node->legal_limit, node->legal_limit_unit);
  committed = bs_limit_dup_label (node->committed_limit, node->committed_limit_unit);
  /* Translators: the stage of the selected item: "2 of 4" */
  stage = g_strdup_printf (_("%d of %u"), bs_flow_analysis_get_item_stage (analysis, item_id) + 1,
                           bs_flow_analysis_get_n_stages (analysis));
  on_statutory = bs_flow_analysis_is_critical (analysis, BS_FLOW_LIMIT_STATUTORY, item_id);
  on_committed = bs_flow_analysis_is_critical (analysis, BS_FLOW_LIMIT_COMMITTED, item_id);
  if (path == NULL || path->days < 0)
    critical = _("None: the flow has a cycle");
  else if (on_statutory && on_committed)
    critical = _("On it (statutory and committed limits)");
  else if (on_statutory)
    critical = _("On it (statutory limits)");
  else if (on_committed)
    critical = _("On it (committed limits)");
  else
    critical = _("Not on it");
  add_fact (GTK_GRID (grid), row++, _("Department"),
            node->department_name[0] != '\0' ? node->department_name : _("None"));
  add_fact (GTK_GRID (grid), row++, _("Statutory limit"), statutory);
  add_fact (GTK_GRID (grid), row++, _("Committed limit"), committed);
  add_fact (GTK_GRID (grid), row++, _("Handling"), bs_handling_get_label (node->handling));
  add_fact (GTK_GRID (grid), row++, _("Stage"), stage);
  add_fact (GTK_GRID (grid), row++, _("Critical path"), critical);
  gtk_box_append (self->details_box, grid);

  add_neighbours (self, flow, item_id, FALSE, _("Prerequisites"));
  add_neighbours (self, flow, item_id, TRUE, _("Dependants"));

  problems = bs_flow_analysis_list_item_problems (analysis, item_id);
  if (problems != NULL && problems->len > 0)
    {
      GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_box_append (self->details_box, new_pane_label (_("Problems of This Item"), "heading"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems of the selected item"),
                                      -1);
      for (guint i = 0; i < problems->len; i++)
        {
          guint index = (guint) g_array_index (problems, int, i);

          gtk_box_append (GTK_BOX (list),
                          new_problem_row (self, bs_flow_analysis_get_problem (analysis, index), index));
        }
      gtk_box_append (self->details_box, list);
    }

  button = gtk_button_new_with_mnemonic (_("_Open Item"));
  gtk_widget_set_tooltip_text (button, _("Show the item’s details (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open Item"),
                                  -1);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_open_item_clicked_cb), self, 0);
  gtk_box_append (self->details_box, button);
}

static void
show_edge_details (BsFlowPage     *self,
                   BsFlowAnalysis *analysis,
                   const BsEdge   *edge)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (analysis);
  const BsFlowNode *a = bs_theme_flow_lookup_node (flow, edge->before_id);
  const BsFlowNode *b = bs_theme_flow_lookup_node (flow, edge->after_id);
  g_autofree char *title = NULL;
  g_autofree char *sentence = NULL;
  GtkWidget *button;

  if (a == NULL || b == NULL)
    return;
  title = g_strdup_printf ("%s → %s", a->name, b->name);
  gtk_box_append (self->details_box, new_pane_label (title, "title-4"));
  /* Translators: the selected prerequisite; the %s are item names */
  sentence = g_strdup_printf (_("“%s” must be done before “%s”."), a->name, b->name);
  gtk_box_append (self->details_box, new_pane_label (sentence, NULL));
  gtk_box_append (self->details_box, new_neighbour_row (self, a));
  gtk_box_append (self->details_box, new_neighbour_row (self, b));

  button = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_set_tooltip_text (button, _("Remove this prerequisite (Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the prerequisite"),
                                  -1);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_add_css_class (button, "destructive-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_edge_clicked_cb), self, 0);
  gtk_box_append (self->details_box, button);
}

static void
update_details (BsFlowPage *self)
{
  BsFlowAnalysis *analysis = bs_flow_canvas_get_analysis (self->canvas);
  gint64 selected = bs_flow_canvas_get_selected_item (self->canvas);
  BsEdge edge;

  remove_children (self->details_box);
  if (analysis != NULL && selected != 0)
    show_item_details (self, analysis, selected);
  else if (analysis != NULL && bs_flow_canvas_get_selected_edge (self->canvas, &edge))
    show_edge_details (self, analysis, &edge);
  if (gtk_widget_get_first_child (GTK_WIDGET (self->details_box)) == NULL)
    gtk_box_append (self->details_box,
                    new_pane_label (_("Click an item or a prerequisite on the canvas, or press Tab "
                                      "there, to see it here."),
                                    "dim-label"));
}

static void
update_selection (BsFlowPage *self)
{
  g_autofree char *description = bs_flow_canvas_dup_selection_description (self->canvas);
  gint64 selected = bs_flow_canvas_get_selected_item (self->canvas);

  gtk_widget_remove_css_class (GTK_WIDGET (self->selection_label), "error");
  if (description[0] == '\0')
    gtk_label_set_text (self->selection_label,
                        _("Nothing selected. Tab selects an item; arrows follow prerequisites."));
  else
    gtk_label_set_text (self->selection_label, description);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), selected != 0);
  update_details (self);
}

/* ------------------------------------------------------------------ */
/* The personalisation's checks */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *problems = bs_guide_model_check (task_data, 0, NULL);

  g_task_return_pointer (task, problems, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_check_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsFlowPage *self = BS_FLOW_PAGE (source);
  g_autoptr(GPtrArray) problems = NULL;

  /* A newer check replaced this one (its cancellable was cancelled). */
  if (g_task_get_cancellable (G_TASK (result)) != self->check_cancellable)
    return;
  problems = g_task_propagate_pointer (G_TASK (result), NULL);
  if (problems == NULL)
    return;
  g_clear_pointer (&self->guide_problems, g_ptr_array_unref);
  self->guide_problems = g_steal_pointer (&problems);
  update_summary (self);
}

static gboolean
start_check_cb (gpointer user_data)
{
  BsFlowPage *self = user_data;
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  self->check_source = 0;
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->catalogue == NULL || self->theme_id == 0)
    return G_SOURCE_REMOVE;
  /* A snapshot on this thread (the catalogue is not shared); the checks,
   * up to 10,000 combinations of answers, in a worker. */
  model = bs_guide_model_new_from_catalogue (self->catalogue, self->theme_id, &error);
  if (model == NULL)
    {
      g_debug ("flow: no personalisation checks: %s", error->message);
      return G_SOURCE_REMOVE;
    }
  self->check_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->check_cancellable, on_check_done_cb, NULL);
  g_task_set_source_tag (task, start_check_cb);
  g_task_set_task_data (task, g_steal_pointer (&model), (GDestroyNotify) bs_guide_model_unref);
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_REMOVE;
}

/* Checks again soon: edits in quick succession are checked once. */
static void
queue_check (BsFlowPage *self,
             gboolean    forget)
{
  if (forget)
    {
      g_clear_pointer (&self->guide_problems, g_ptr_array_unref);
      update_summary (self);
    }
  if (self->check_source == 0)
    self->check_source = g_timeout_add (100, start_check_cb, self);
}

static void
on_catalogue_changed_cb (BsFlowPage *self,
                         BsChanges  *changes,
                         BsCatalogue *catalogue)
{
  if (self->theme_id != 0)
    queue_check (self, FALSE);
}

static void
on_analysis_changed_cb (BsFlowPage   *self,
                        BsFlowCanvas *canvas)
{
  update_summary (self);
  update_selection (self);
}

static void
on_edge_refused_cb (BsFlowPage   *self,
                    const char   *message,
                    BsFlowCanvas *canvas)
{
  /* The toast may cut a long cycle short: the whole reason stays here. */
  gtk_label_set_text (self->selection_label, message);
  gtk_widget_add_css_class (GTK_WIDGET (self->selection_label), "error");
}

static void
on_item_activated_cb (BsFlowPage   *self,
                      gint64        item_id,
                      BsFlowCanvas *canvas)
{
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item_id);
}

/* ------------------------------------------------------------------ */
/* Connect to… */

static void
on_connect_target_clicked_cb (GtkButton  *button,
                              BsFlowPage *self)
{
  gint64 target = *(gint64 *) g_object_get_data (G_OBJECT (button), "item-id");
  gint64 selected = bs_flow_canvas_get_selected_item (self->canvas);

  gtk_popover_popdown (self->connect_popover);
  if (selected != 0)
    bs_flow_canvas_add_edge (self->canvas, selected, target);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
filter_targets (BsFlowPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->connect_search));
  g_autofree char *needle = g_utf8_casefold (query, -1);
  gboolean any = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->connect_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *haystack = g_object_get_data (G_OBJECT (child), "search");
      gboolean visible = needle[0] == '\0' || strstr (haystack, needle) != NULL;

      gtk_widget_set_visible (child, visible);
      any |= visible;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->connect_empty), !any);
}

static void
fill_targets (BsFlowPage *self)
{
  BsFlowAnalysis *analysis = bs_flow_canvas_get_analysis (self->canvas);
  gint64 selected = bs_flow_canvas_get_selected_item (self->canvas);
  BsThemeFlow *flow;
  g_autofree char *heading = NULL;

  remove_children (self->connect_list);
  if (analysis == NULL || selected == 0)
    return;
  flow = bs_flow_analysis_get_flow (analysis);
  /* Translators: %s is the selected item; below, the items that may need it */
  heading = g_strdup_printf (_("Which item needs “%s” first?"), item_name (analysis, selected));
  gtk_label_set_text (self->connect_heading, heading);

  for (guint i = 0; i < bs_theme_flow_get_n_nodes (flow); i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (flow, i);
      GtkWidget *button, *box, *label;
      g_autofree char *search = NULL;
      g_autofree char *accessible = NULL;

      /* Only the items it may go before: no cycles, no edge twice. */
      if (!bs_theme_flow_check_new_edge (flow, selected, node->item_id, NULL))
        continue;
      button = gtk_button_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      label = gtk_label_new (node->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);
      if (node->department_name[0] != '\0')
        {
          label = gtk_label_new (node->department_name);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (box), label);
        }
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      /* Translators: a target of "Connect to…": the item, its department */
      accessible = g_strdup_printf (_("%s, %s"), node->name, node->department_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      node->department_name[0] != '\0' ? accessible : node->name,
                                      -1);
      search = g_strdup_printf ("%s %s %s", node->name, node->department_name, node->code);
      g_object_set_data_full (G_OBJECT (button), "search", g_utf8_casefold (search, -1), g_free);
      g_object_set_data_full (G_OBJECT (button), "item-id",
                              g_memdup2 (&node->item_id, sizeof node->item_id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_connect_target_clicked_cb), self, 0);
      gtk_box_append (self->connect_list, button);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->connect_search), "");
  filter_targets (self);
}

static void
on_connect_popover_show_cb (BsFlowPage *self,
                            GtkPopover *popover)
{
  fill_targets (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->connect_search));
}

static void
on_connect_search_activate_cb (BsFlowPage     *self,
                               GtkSearchEntry *entry)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->connect_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      {
        g_signal_emit_by_name (child, "clicked");
        return;
      }
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsFlowPage *self = BS_FLOW_PAGE (widget);

  if (bs_flow_canvas_get_selected_item (self->canvas) != 0)
    gtk_menu_button_popup (self->connect_button);
  else
    bs_window_show_toast (widget, _("Select an item first"));
}

/* ------------------------------------------------------------------ */
/* Toolbar */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsFlowPage *self = BS_FLOW_PAGE (widget);

  if (g_str_equal (action_name, "flow.zoom-in"))
    bs_flow_canvas_zoom_in (self->canvas);
  else if (g_str_equal (action_name, "flow.zoom-out"))
    bs_flow_canvas_zoom_out (self->canvas);
  else if (g_str_equal (action_name, "flow.zoom-fit"))
    bs_flow_canvas_zoom_fit (self->canvas);
  else
    bs_flow_canvas_zoom_reset (self->canvas);
}

static void
on_direction_selected_cb (BsFlowPage  *self,
                          GParamSpec  *pspec,
                          GtkDropDown *dropdown)
{
  bs_flow_canvas_set_direction (self->canvas,
                                gtk_drop_down_get_selected (dropdown) == 1 ?
                                BS_FLOW_DIRECTION_TOP_BOTTOM : BS_FLOW_DIRECTION_LEFT_RIGHT);
}

static void
on_grouping_selected_cb (BsFlowPage  *self,
                         GParamSpec  *pspec,
                         GtkDropDown *dropdown)
{
  bs_flow_canvas_set_grouping (self->canvas,
                               gtk_drop_down_get_selected (dropdown) == 1 ?
                               BS_FLOW_GROUPING_STAGE : BS_FLOW_GROUPING_DEPARTMENT);
}

/* ------------------------------------------------------------------ */
/* Export… */

static void
on_export_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BsFlowPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Export the Flow"), error);
      return;
    }
  name = g_file_get_basename (G_FILE (source));
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Exported the flow to “%s”"), name);
  bs_window_show_toast (GTK_WIDGET (self), text);
}

static void
on_export_rendered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  BsFlowPage *self = g_object_get_data (G_OBJECT (file), "page");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bs_flow_render_finish (result, &error);

  if (bytes == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Export the Flow"), error);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_export_written_cb, g_object_ref (self));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       BsFlowPage      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(BsFlowGraph) graph = NULL;
  g_autofree char *basename = NULL;
  const char *extension;
  const char *format = "svg";
  BsTheme *theme = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL || self->catalogue == NULL)
    return;

  basename = g_file_get_basename (file);
  extension = strrchr (basename, '.');
  if (extension != NULL &&
      (g_ascii_strcasecmp (extension, ".png") == 0 ||
       g_ascii_strcasecmp (extension, ".pdf") == 0 ||
       g_ascii_strcasecmp (extension, ".dot") == 0 ||
       g_ascii_strcasecmp (extension, ".gv") == 0 ||
       g_ascii_strcasecmp (extension, ".svg") == 0))
    {
      g_autofree char *lower = g_ascii_strdown (extension + 1, -1);

      format = g_str_equal (lower, "png") ? "png" :
               g_str_equal (lower, "pdf") ? "pdf" :
               g_str_equal (lower, "svg") ? "svg" : "dot";
    }
  else
    {
      g_autofree char *with_extension = g_strconcat (basename, ".svg", NULL);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      GFile *child = g_file_get_child (parent, with_extension);

      g_object_unref (file);
      file = child;
    }

  theme = bs_catalogue_get_theme (self->catalogue, self->theme_id, NULL);
  graph = bs_flow_canvas_build_graph (self->canvas, theme != NULL ? theme->name : NULL);
  g_clear_pointer (&theme, bs_theme_free);
  if (graph == NULL)
    return;
  g_object_set_data_full (G_OBJECT (file), "page", g_object_ref (self), g_object_unref);
  bs_flow_render_async (graph, format, NULL, on_export_rendered_cb, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsFlowPage *self = BS_FLOW_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  struct { const char *name; const char *pattern; } filters[] = {
    { N_("SVG Image"), "*.svg" },
    { N_("PNG Image"), "*.png" },
    { N_("PDF Document"), "*.pdf" },
    { N_("Graphviz DOT File"), "*.dot" },
  };
  BsTheme *theme;
  g_autofree char *suggested = NULL;

  if (bs_flow_canvas_get_analysis (self->canvas) == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Flow"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (all, _("SVG, PNG, PDF or DOT"));
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(filters[i].name));
      gtk_file_filter_add_pattern (filter, filters[i].pattern);
      gtk_file_filter_add_pattern (all, filters[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), all);

  theme = bs_catalogue_get_theme (self->catalogue, self->theme_id, NULL);
  suggested = g_strdup_printf ("%s.svg", theme != NULL ? theme->name : "flow");
  g_clear_pointer (&theme, bs_theme_free);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------ */
/* Building */

static GtkWidget *
new_tool_button (const char *icon_name,
                 const char *action_name,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
new_dropdown (const char * const *strings,
              const char         *label)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (strings);

  gtk_widget_set_tooltip_text (dropdown, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return dropdown;
}

static GtkWidget *
build_connect_popover (BsFlowPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  self->connect_heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->connect_heading, 0);
  gtk_label_set_wrap (self->connect_heading, TRUE);
  gtk_label_set_max_width_chars (self->connect_heading, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->connect_heading), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connect_heading));

  self->connect_search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connect_search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the items of the theme"),
                                  -1);
  g_object_set (self->connect_search, "placeholder-text", _("Search items"), NULL);
  g_signal_connect_object (self->connect_search, "search-changed",
                           G_CALLBACK (filter_targets), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connect_search, "activate",
                           G_CALLBACK (on_connect_search_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connect_search));

  self->connect_list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connect_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Items that may need it"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->connect_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_widget_set_size_request (scroller, 300, -1);
  gtk_box_append (GTK_BOX (box), scroller);

  self->connect_empty = GTK_LABEL (gtk_label_new (_("No other item can need it")));
  gtk_widget_add_css_class (GTK_WIDGET (self->connect_empty), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->connect_empty));

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_connect_popover_show_cb), self, G_CONNECT_SWAPPED);
  self->connect_popover = GTK_POPOVER (popover);
  return popover;
}

static GtkWidget *
build_toolbar (BsFlowPage *self)
{
  static const char *directions[] = { N_("Left to Right"), N_("Top to Bottom"), NULL };
  static const char *groupings[] = { N_("By Department"), N_("By Stage"), NULL };
  const char *directions_t[G_N_ELEMENTS (directions)];
  const char *groupings_t[G_N_ELEMENTS (groupings)];
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *spacer;
  GtkWidget *button;

  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    directions_t[i] = directions[i] != NULL ? _(directions[i]) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (groupings); i++)
    groupings_t[i] = groupings[i] != NULL ? _(groupings[i]) : NULL;

  gtk_widget_add_css_class (bar, "pane-toolbar");
  gtk_box_append (GTK_BOX (bar), new_tool_button ("zoom-out-symbolic", "flow.zoom-out", _("Zoom Out")));
  gtk_box_append (GTK_BOX (bar), new_tool_button ("zoom-in-symbolic", "flow.zoom-in", _("Zoom In")));
  gtk_box_append (GTK_BOX (bar), new_tool_button ("zoom-fit-best-symbolic", "flow.zoom-fit", _("Fit to Window")));
  gtk_box_append (GTK_BOX (bar), new_tool_button ("zoom-original-symbolic", "flow.zoom-reset", _("Zoom to 100 %")));

  self->direction_dropdown = GTK_DROP_DOWN (new_dropdown (directions_t, _("Direction")));
  g_signal_connect_object (self->direction_dropdown, "notify::selected",
                           G_CALLBACK (on_direction_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->direction_dropdown));

  self->grouping_dropdown = GTK_DROP_DOWN (new_dropdown (groupings_t, _("Grouping")));
  g_signal_connect_object (self->grouping_dropdown, "notify::selected",
                           G_CALLBACK (on_grouping_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->grouping_dropdown));

  spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (bar), spacer);

  self->connect_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->connect_button, _("_Connect to…"));
  gtk_menu_button_set_use_underline (self->connect_button, TRUE);
  gtk_menu_button_set_popover (self->connect_button, build_connect_popover (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connect_button),
                               _("Add an item that needs the selected item first (Ctrl+L)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connect_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connect to…"),
                                  -1);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->connect_button));

  button = gtk_button_new_with_mnemonic (_("E_xport…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "flow.export");
  gtk_widget_set_tooltip_text (button, _("Save the flow as SVG, PNG, PDF or DOT"));
  gtk_box_append (GTK_BOX (bar), button);
  return bar;
}

static GtkWidget *
build_problems_pane (BsFlowPage *self)
{
  GtkWidget *pane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (_("Selected item"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  /* The selection */
  gtk_widget_add_css_class (header, "pane-toolbar");
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (pane), header);
  self->details_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_start (GTK_WIDGET (self->details_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->details_box), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->details_box), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->details_box), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected item"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->details_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_box_append (GTK_BOX (pane), scroller);
  gtk_box_append (GTK_BOX (pane), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  /* The problems */
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  title = gtk_label_new (_("Problems"));
  scroller = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (header, "pane-toolbar");
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  self->problems_icon = GTK_IMAGE (gtk_image_new ());
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->problems_icon));
  self->problems_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->problems_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->problems_label), TRUE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->problems_label));
  gtk_box_append (GTK_BOX (pane), header);

  self->problems_list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  gtk_widget_set_margin_start (GTK_WIDGET (self->problems_list), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->problems_list), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->problems_list), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->problems_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->problems_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (pane), scroller);
  gtk_widget_set_size_request (pane, 300, -1);
  return pane;
}

static void
bs_flow_page_dispose (GObject *object)
{
  BsFlowPage *self = BS_FLOW_PAGE (object);

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->guide_problems, g_ptr_array_unref);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  if (self->connect_popover != NULL)
    gtk_menu_button_set_popover (self->connect_button, NULL);
  self->connect_popover = NULL;

  G_OBJECT_CLASS (bs_flow_page_parent_class)->dispose (object);
}

static void
bs_flow_page_class_init (BsFlowPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_flow_page_dispose;

  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "flow.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "flow.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "flow.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "flow.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "flow.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "flow.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "flow.connect", NULL);
}

static void
bs_flow_page_init (BsFlowPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *overlay = gtk_overlay_new ();

  self->canvas = BS_FLOW_CANVAS (bs_flow_canvas_new ());
  g_signal_connect_object (self->canvas, "analysis-changed",
                           G_CALLBACK (on_analysis_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "selection-changed",
                           G_CALLBACK (update_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "edge-refused",
                           G_CALLBACK (on_edge_refused_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "item-activated",
                           G_CALLBACK (on_item_activated_cb), self, G_CONNECT_SWAPPED);

  /* In a narrow window the toolbar scrolls sideways rather than holding
   * the window wide. */
  {
    GtkWidget *toolbar_scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (toolbar_scroller),
                                    GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (toolbar_scroller), TRUE);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (toolbar_scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (toolbar_scroller), build_toolbar (self));
    gtk_box_append (GTK_BOX (box), toolbar_scroller);
  }

  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->canvas));
  self->empty_status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_status), "x-office-document-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_status), _("No Items"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_status),
                                   _("Add the theme’s items on its Items page to draw its flow"));
  gtk_widget_set_can_target (self->empty_status, FALSE);
  gtk_widget_set_visible (self->empty_status, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->empty_status);
  gtk_paned_set_start_child (GTK_PANED (paned), overlay);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_end_child (GTK_PANED (paned), build_problems_pane (self));
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  /* The pane gives way in a narrow window (its handle brings it back). */
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_wide_handle (GTK_PANED (paned), FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->canvas), 120, 200);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);

  gtk_widget_set_margin_top (footer, 6);
  gtk_widget_set_margin_bottom (footer, 6);
  gtk_widget_set_margin_start (footer, 12);
  gtk_widget_set_margin_end (footer, 12);
  self->selection_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->selection_label, 0);
  gtk_label_set_wrap (self->selection_label, TRUE);
  gtk_label_set_selectable (self->selection_label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->selection_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Selected item"),
                                  -1);
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->selection_label));
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_wrap_mode (self->summary_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->summary_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), footer);

  adw_bin_set_child (ADW_BIN (self), box);
  update_selection (self);
}

void
bs_flow_page_set_catalogue (BsFlowPage  *self,
                            BsCatalogue *catalogue)
{
  g_return_if_fail (BS_IS_FLOW_PAGE (self));

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self,
                             G_CONNECT_SWAPPED);
  self->theme_id = 0;
  bs_flow_canvas_set_catalogue (self->canvas, catalogue);
  queue_check (self, TRUE);
}

void
bs_flow_page_set_theme_id (BsFlowPage *self,
                           gint64      theme_id)
{
  g_return_if_fail (BS_IS_FLOW_PAGE (self));

  if (self->theme_id == theme_id)
    return;
  self->theme_id = theme_id;
  bs_flow_canvas_set_theme_id (self->canvas, theme_id);
  queue_check (self, TRUE);
}
