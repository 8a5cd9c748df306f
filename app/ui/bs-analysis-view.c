/* bs-analysis-view.c
 *
 * Two pages. Demand: the analysis of the handling records
 * (bs_demand_analyse_file(), in a worker thread on a read-only connection
 * of its own, with a progress bar): a summary, the most handled items as
 * a chart, and the suggested themes, each with a button that creates the
 * theme with its items in one undoable edit. Coverage: the department ×
 * theme matrix as a heat map and the items in no theme, the most handled
 * first (bs_coverage_new(), in a worker thread too: some 60 ms for 20,000
 * items and 2,000 themes), exportable as CSV or XLSX.
 *
 * Each page is analysed when it is shown and again whenever the records,
 * the items or the themes change; a change or leaving the view cancels
 * what runs, and a generation count drops results that come back after
 * that. Results already on screen stay there, with a small spinner, while
 * the next ones are worked out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-analysis-view.h"
#include "bs-category.h"
#include "bs-code-name-dialog.h"
#include "bs-coverage-map.h"
#include "bs-coverage.h"
#include "bs-demand-chart.h"
#include "bs-demand.h"
#include "bs-theme.h"
#include "bs-window.h"

/* Suggestions listed, the best first. */
#define MAX_SUGGESTIONS 20

/* ------------------------------------------------------------------ */
/* An item in no theme, for the list */

#define BS_TYPE_UNCOVERED_ITEM (bs_uncovered_item_get_type ())
G_DECLARE_FINAL_TYPE (BsUncoveredItem, bs_uncovered_item, BS, UNCOVERED_ITEM, GObject)

struct _BsUncoveredItem
{
  GObject parent_instance;

  char *code;
  char *name;
  char *department;
  gint64 demand;
};

G_DEFINE_FINAL_TYPE (BsUncoveredItem, bs_uncovered_item, G_TYPE_OBJECT)

static void
bs_uncovered_item_finalize (GObject *object)
{
  BsUncoveredItem *self = BS_UNCOVERED_ITEM (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->department);

  G_OBJECT_CLASS (bs_uncovered_item_parent_class)->finalize (object);
}

static void
bs_uncovered_item_class_init (BsUncoveredItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_uncovered_item_finalize;
}

static void
bs_uncovered_item_init (BsUncoveredItem *self)
{
}

static BsUncoveredItem *
bs_uncovered_item_new (const BsCoverageItem *item)
{
  BsUncoveredItem *self = g_object_new (BS_TYPE_UNCOVERED_ITEM, NULL);

  self->code = g_strdup (item->code ? item->code : "");
  self->name = g_strdup (item->name ? item->name : "");
  self->department = g_strdup (item->department ? item->department : "");
  self->demand = item->demand;
  return self;
}

/* ------------------------------------------------------------------ */

struct _BsAnalysisView
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget *busy_spinner;
  GtkStack *inner_stack;
  GtkStack *demand_stack;
  GtkSpinner *demand_spinner;
  GtkProgressBar *demand_progress;
  AdwStatusPage *demand_error;
  GtkLabel *demand_summary;
  BsDemandChart *chart;
  GtkLabel *suggestions_caption;
  GtkListBox *suggestion_list;
  GtkStack *coverage_stack;
  GtkSpinner *coverage_spinner;
  AdwStatusPage *coverage_error;
  GtkLabel *coverage_summary;
  GtkStack *map_stack;
  BsCoverageMap *coverage_map;
  GtkLabel *uncovered_heading;
  GtkStack *uncovered_stack;
  GtkListView *uncovered_list;
  GtkLabel *uncovered_none;

  /* Owned references */
  BsCatalogue *catalogue;
  BsDemand *demand;                 /* the analysis on screen */
  GListStore *uncovered;            /* BsUncoveredItem */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  char *search_folded;

  GCancellable *demand_cancellable; /* the analysis running, if any */
  GTask *demand_task;
  GCancellable *coverage_cancellable;
  guint demand_generation;          /* results of another generation are stale */
  guint coverage_generation;
  guint progress_source;

  guint active : 1;
  guint demand_dirty : 1;
  guint coverage_dirty : 1;
  guint demand_shown : 1;           /* results of some analysis are on screen */
  guint coverage_shown : 1;
};

G_DEFINE_FINAL_TYPE (BsAnalysisView, bs_analysis_view, ADW_TYPE_BIN)

static gboolean
is_coverage_page (BsAnalysisView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->inner_stack), "coverage") == 0;
}

static void
update_busy (BsAnalysisView *self)
{
  /* The pages show their own spinner until they have results; then the
   * small one says that the results on show are being replaced. */
  gboolean busy = (self->demand_cancellable != NULL && self->demand_shown) ||
                  (self->coverage_cancellable != NULL && self->coverage_shown);

  gtk_widget_set_visible (self->busy_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->demand_spinner, self->demand_cancellable != NULL);
  gtk_spinner_set_spinning (self->coverage_spinner, self->coverage_cancellable != NULL);
  /* A suggestion of the analysis being replaced may be covered already. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->suggestion_list), self->demand_cancellable == NULL);
}

static gulong
plural_of (gint64 count)
{
  return (gulong) CLAMP (count, 0, (gint64) G_MAXULONG);
}

/* @format: translated, with one %s for the number ("1,240"). */
static char *
format_count (const char *format,
              gint64      count)
{
  g_autofree char *number = bs_demand_format_count (count);
  GString *text = g_string_new (format);

  g_string_replace (text, "%s", number, 1);
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------ */
/* Demand: the analysis in a worker thread */

typedef struct
{
  char *path;
  guint generation;
  GMutex mutex;
  gint64 rows_done;
  gint64 rows_total;
} DemandJob;

static void
demand_job_free (DemandJob *job)
{
  g_free (job->path);
  g_mutex_clear (&job->mutex);
  g_free (job);
}

static void
on_demand_progress (gint64   rows_done,
                    gint64   rows_total,
                    gpointer user_data)
{
  DemandJob *job = user_data;

  g_mutex_lock (&job->mutex);
  job->rows_done = rows_done;
  job->rows_total = rows_total;
  g_mutex_unlock (&job->mutex);
}

static void
analyse_demand_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DemandJob *job = task_data;
  g_autoptr(GError) error = NULL;
  BsDemand *demand;

  demand = bs_demand_analyse_file (job->path, NULL, cancellable, on_demand_progress, job, &error);
  if (demand == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, demand, (GDestroyNotify) bs_demand_free);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  BsAnalysisView *self = user_data;
  DemandJob *job;
  gint64 done, total;

  if (self->demand_task == NULL)
    {
      self->progress_source = 0;
      return G_SOURCE_REMOVE;
    }
  job = g_task_get_task_data (self->demand_task);
  g_mutex_lock (&job->mutex);
  done = job->rows_done;
  total = job->rows_total;
  g_mutex_unlock (&job->mutex);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->demand_progress, CLAMP ((double) done / (double) total, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->demand_progress);
  return G_SOURCE_CONTINUE;
}

static void
cancel_demand (BsAnalysisView *self)
{
  if (self->demand_cancellable == NULL)
    return;
  self->demand_generation++;
  g_cancellable_cancel (self->demand_cancellable);
  g_clear_object (&self->demand_cancellable);
  g_clear_object (&self->demand_task);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  /* What was being worked out is still to do. */
  self->demand_dirty = TRUE;
  update_busy (self);
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

static GtkWidget *
new_suggestion_row (BsAnalysisView       *self,
                    const BsDemandBundle *bundle,
                    guint                 index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *items = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Create _Theme…"));
  g_autofree char *sentence = bs_demand_describe_bundle (self->demand, bundle);
  g_autofree char *applicants = format_count (g_dngettext (GETTEXT_PACKAGE, "%s applicant in the period",
                                                           "%s applicants in the period",
                                                           plural_of (bundle->support)), bundle->support);
  g_autofree char *stats = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  gtk_box_append (GTK_BOX (box), new_label (sentence, "heading"));
  for (guint i = 0; i < bundle->item_ids->len; i++)
    {
      gint64 id = g_array_index (bundle->item_ids, gint64, i);
      const BsDemandItem *item = bs_demand_find_item (self->demand, id);
      g_autofree char *line = NULL;

      if (item != NULL)
        {
          g_autofree char *records = format_count (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records",
                                                                plural_of (item->volume)), item->volume);

          /* Translators: an item of a suggested theme: name, department, “N records” */
          line = g_strdup_printf (_("%s — %s, %s"), item->name, item->department ? item->department : "",
                                  records);
        }
      else
        /* Translators: an item of a suggested theme that the analysis has no name for, with its number */
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          line = g_strdup_printf (_("Item %s"), number);
        }
      gtk_box_append (GTK_BOX (items), new_label (line, NULL));
    }
  gtk_widget_set_margin_start (items, 12);
  gtk_box_append (GTK_BOX (box), items);

  /* Translators: under a suggested theme: “N applicants in the period”, all-confidence, lift */
  stats = g_strdup_printf (_("%s · confidence %.2f · lift %.1f"), applicants, bundle->confidence, bundle->lift);
  gtk_box_append (GTK_BOX (box), new_label (stats, "caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");

  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "analysis.create-theme");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  gtk_widget_set_tooltip_text (button, _("Create a theme holding these items"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence, -1);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_demand (BsAnalysisView *self)
{
  const BsDemand *demand = self->demand;
  GtkWidget *child;
  char from[BS_DATE_ISO_SIZE], to[BS_DATE_ISO_SIZE];
  g_autofree char *records = NULL;
  g_autofree char *applicants = NULL;
  g_autofree char *share = NULL;
  g_autofree char *summary = NULL;
  guint n_suggestions;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
    gtk_list_box_remove (self->suggestion_list, child);

  if (demand == NULL || demand->n_records == 0)
    {
      bs_demand_chart_set_demand (self->chart, NULL, 0);
      gtk_stack_set_visible_child_name (self->demand_stack, "empty");
      return;
    }

  records = format_count (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records",
                                       plural_of (demand->n_records)), demand->n_records);
  applicants = format_count (g_dngettext (GETTEXT_PACKAGE, "%s applicant", "%s applicants",
                                          plural_of (demand->n_applicants)), demand->n_applicants);
  share = g_strdup_printf ("%.1f%%", demand->themed_share * 100.0);
  /* Translators: the demand summary: first day, last day, “N records”, “N applicants”, share such as “66.3%” */
  summary = g_strdup_printf (_("From %s to %s: %s of %s. Items in a theme account for %s of the records."),
                             bs_date_format (demand->from, from), bs_date_format (demand->to, to),
                             records, applicants, share);
  gtk_label_set_label (self->demand_summary, summary);

  bs_demand_chart_set_demand (self->chart, demand, BS_DEMAND_CHART_DEFAULT_BARS);

  n_suggestions = MIN (demand->suggestions->len, MAX_SUGGESTIONS);
  for (guint i = 0; i < n_suggestions; i++)
    gtk_list_box_append (self->suggestion_list,
                         new_suggestion_row (self, g_ptr_array_index (demand->suggestions, i), i));
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_list), n_suggestions > 0);
  if (n_suggestions == 0)
    gtk_label_set_label (self->suggestions_caption,
                         _("No suggestions: every group of items that applicants handle together is in a theme "
                           "already, or no group is handled together often enough."));
  else
    {
      g_autofree char *caption = NULL;

      caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Items that the same applicants handle within %u day of each "
                                              "other and that no theme holds together, the most handlings to "
                                              "join first.",
                                              "Items that the same applicants handle within %u days of each "
                                              "other and that no theme holds together, the most handlings to "
                                              "join first.", demand->window_days),
                                 demand->window_days);
      gtk_label_set_label (self->suggestions_caption, caption);
    }
  gtk_stack_set_visible_child_name (self->demand_stack, "results");
}

static void
on_demand_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (source);
  DemandJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  BsDemand *demand;

  demand = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->generation != self->demand_generation)
    {
      g_clear_pointer (&demand, bs_demand_free);
      return;
    }
  g_clear_object (&self->demand_cancellable);
  g_clear_object (&self->demand_task);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  update_busy (self);

  if (demand == NULL)
    {
      self->demand_shown = FALSE;
      adw_status_page_set_description (self->demand_error, error->message);
      gtk_stack_set_visible_child_name (self->demand_stack, "error");
      return;
    }
  g_clear_pointer (&self->demand, bs_demand_free);
  self->demand = demand;
  self->demand_shown = TRUE;
  show_demand (self);
}

static void
start_demand (BsAnalysisView *self)
{
  g_autoptr(GTask) task = NULL;
  DemandJob *job;
  const char *path;

  cancel_demand (self);
  self->demand_dirty = FALSE;
  if (self->catalogue == NULL)
    return;
  path = bs_catalogue_get_path (self->catalogue);
  if (path == NULL)
    {
      adw_status_page_set_description (self->demand_error,
                                       _("The analysis reads the catalogue’s file: save the catalogue first."));
      gtk_stack_set_visible_child_name (self->demand_stack, "error");
      return;
    }

  job = g_new0 (DemandJob, 1);
  job->path = g_strdup (path);
  job->generation = ++self->demand_generation;
  g_mutex_init (&job->mutex);

  self->demand_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->demand_cancellable, on_demand_done_cb, NULL);
  g_task_set_source_tag (task, start_demand);
  g_task_set_task_data (task, job, (GDestroyNotify) demand_job_free);
  self->demand_task = g_object_ref (task);
  g_task_run_in_thread (task, analyse_demand_thread);

  if (!self->demand_shown)
    {
      gtk_progress_bar_set_fraction (self->demand_progress, 0);
      gtk_stack_set_visible_child_name (self->demand_stack, "loading");
    }
  self->progress_source = g_timeout_add (100, update_progress_cb, self);
  update_busy (self);
}

/* ------------------------------------------------------------------ */
/* Creating a theme from a suggestion */

static GtkWindow *
get_parent_window (BsAnalysisView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The category of the theme holding most of the items; else that of the
 * first theme; else the first category; 0 when there is none. */
static gint64
choose_category (BsAnalysisView *self,
                 gint64          closest_theme_id,
                 GError        **error)
{
  g_autoptr(BsTheme) closest = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GPtrArray) categories = NULL;

  if (closest_theme_id != 0 &&
      (closest = bs_catalogue_get_theme (self->catalogue, closest_theme_id, NULL)) != NULL)
    return closest->category_id;
  if (!(themes = bs_catalogue_list_themes (self->catalogue, 0, error)))
    return -1;
  if (themes->len > 0)
    return ((BsTheme *) g_ptr_array_index (themes, 0))->category_id;
  if (!(categories = bs_catalogue_list_categories (self->catalogue, error)))
    return -1;
  if (categories->len > 0)
    return ((BsCategory *) g_ptr_array_index (categories, 0))->id;
  return 0;
}

/* A theme code not yet taken: suggested-1, suggested-2 … */
static char *
free_theme_code (BsCatalogue *catalogue,
                 const char  *prefix)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *code = g_strdup_printf ("%s-%u", prefix, n);
      g_autoptr(BsTheme) theme = bs_catalogue_find_theme (catalogue, code, NULL);

      if (theme == NULL)
        return g_steal_pointer (&code);
    }
}

static gboolean
create_theme (BsAnalysisView *self,
              const char     *code,
              const char     *name,
              GArray         *item_ids,
              gint64          closest_theme_id,
              GError        **error)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autofree char *label = NULL;
  gint64 category_id;
  gint64 theme_id;

  /* Translators: the name of an edit, for Undo; %s is a theme's name */
  label = g_strdup_printf (_("Create Theme “%s”"), name);
  if (!bs_catalogue_begin (self->catalogue, label, error))
    return FALSE;

  category_id = choose_category (self, closest_theme_id, error);
  if (category_id == 0)
    {
      /* A catalogue without categories gets one for the suggested themes
       * (its code "suggested" is free: there is no category at all). */
      g_autoptr(BsCategory) category = bs_category_new ("suggested", _("Suggested Themes"), 0);

      category_id = bs_catalogue_add_category (self->catalogue, category, error);
    }
  if (category_id <= 0)
    goto failed;

  theme = bs_theme_new (code, name, category_id);
  theme_id = bs_catalogue_add_theme (self->catalogue, theme, error);
  if (theme_id == 0)
    goto failed;
  for (guint i = 0; i < item_ids->len; i++)
    if (!bs_catalogue_add_theme_item (self->catalogue, theme_id, g_array_index (item_ids, gint64, i), error))
      goto failed;
  return bs_catalogue_commit (self->catalogue, error);

failed:
  bs_catalogue_rollback (self->catalogue);
  return FALSE;
}

static void
on_create_theme_response_cb (BsCodeNameDialog *dialog,
                             const char       *response,
                             BsAnalysisView   *self)
{
  GArray *item_ids = g_object_get_data (G_OBJECT (dialog), "item-ids");
  const gint64 *closest = g_object_get_data (G_OBJECT (dialog), "closest-theme-id");
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *toast = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "accept") != 0 || self->catalogue == NULL || item_ids == NULL)
    return;
  code = g_strstrip (g_strdup (bs_code_name_dialog_get_code (dialog)));
  name = g_strstrip (g_strdup (bs_code_name_dialog_get_name (dialog)));
  if (!create_theme (self, code, name, item_ids, closest ? *closest : 0, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Create the Theme"), error);
      return;
    }
  /* Translators: a toast; %s is the new theme's name */
  toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Created theme “%s” with %u item",
                                        "Created theme “%s” with %u items", item_ids->len),
                           name, item_ids->len);
  bs_window_show_undo_toast (GTK_WIDGET (self), toast);
}

static gint
compare_by_volume (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const BsDemand *demand = user_data;
  const BsDemandItem *x = bs_demand_find_item (demand, *(const gint64 *) a);
  const BsDemandItem *y = bs_demand_find_item (demand, *(const gint64 *) b);
  gint64 vx = x ? x->volume : 0, vy = y ? y->volume : 0;

  return vx > vy ? -1 : vx < vy;
}

static void
create_theme_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (widget);
  guint index = g_variant_get_uint32 (param);
  const BsDemandBundle *bundle;
  BsCodeNameDialog *dialog;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *sentence = NULL;
  g_autofree char *code = NULL;
  GArray *item_ids;

  if (self->catalogue == NULL || self->demand == NULL || index >= self->demand->suggestions->len)
    return;
  bundle = g_ptr_array_index (self->demand->suggestions, index);

  /* The items as the analysis saw them, the most handled first: the
   * analysis may be replaced while the dialog is open. */
  item_ids = g_array_copy (bundle->item_ids);
  g_array_sort_with_data (item_ids, compare_by_volume, self->demand);
  sentence = bs_demand_describe_bundle (self->demand, bundle);
  g_string_append (body, sentence);
  for (guint i = 0; i < item_ids->len; i++)
    {
      const BsDemandItem *item = bs_demand_find_item (self->demand, g_array_index (item_ids, gint64, i));

      g_string_append_printf (body, "\n• %s", item ? item->name : "");
    }

  code = free_theme_code (self->catalogue, "suggested");
  dialog = bs_code_name_dialog_new (get_parent_window (self), _("Create Theme"), _("_Create"), code, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
  g_object_set_data_full (G_OBJECT (dialog), "item-ids", item_ids, (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "closest-theme-id",
                          g_memdup2 (&bundle->closest_theme_id, sizeof (gint64)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_create_theme_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Coverage, in a worker thread too */

typedef struct
{
  char *path;
  guint generation;
  BsCoverageFormat format;   /* exporting: what to write */
  char *output;              /* exporting: where; NULL when only counting */
} CoverageJob;

typedef struct
{
  BsCoverage *coverage;
  GPtrArray *uncovered;      /* BsUncoveredItem */
} CoverageResult;

static void
coverage_job_free (CoverageJob *job)
{
  g_free (job->path);
  g_free (job->output);
  g_free (job);
}

static void
coverage_result_free (CoverageResult *result)
{
  g_clear_pointer (&result->coverage, bs_coverage_free);
  g_clear_pointer (&result->uncovered, g_ptr_array_unref);
  g_free (result);
}

/* Counts on a connection of its own to the file, and writes the export
 * when asked to. */
static void
coverage_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CoverageJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  CoverageResult *result;

  catalogue = bs_catalogue_open_full (job->path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  if (catalogue == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = g_new0 (CoverageResult, 1);
  result->coverage = bs_coverage_new (catalogue, &error);
  g_clear_object (&catalogue);
  if (result->coverage == NULL)
    {
      coverage_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->output != NULL)
    {
      if (!bs_coverage_write (result->coverage, job->format, job->output, &error))
        {
          coverage_result_free (result);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      result->uncovered = g_ptr_array_new_full (result->coverage->uncovered->len, g_object_unref);
      for (guint i = 0; i < result->coverage->uncovered->len; i++)
        g_ptr_array_add (result->uncovered,
                         bs_uncovered_item_new (g_ptr_array_index (result->coverage->uncovered, i)));
    }
  if (g_task_return_error_if_cancelled (task))
    {
      coverage_result_free (result);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) coverage_result_free);
}

static void
cancel_coverage (BsAnalysisView *self)
{
  if (self->coverage_cancellable == NULL)
    return;
  self->coverage_generation++;
  g_cancellable_cancel (self->coverage_cancellable);
  g_clear_object (&self->coverage_cancellable);
  self->coverage_dirty = TRUE;
  update_busy (self);
}

static void
update_uncovered_heading (BsAnalysisView *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->uncovered));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *heading = NULL;

  if (n_shown == n_total)
    heading = format_count (g_dngettext (GETTEXT_PACKAGE, "%s Item in No Theme", "%s Items in No Theme",
                                         n_total), n_total);
  else
    {
      g_autofree char *shown = bs_demand_format_count (n_shown);
      g_autofree char *total = bs_demand_format_count (n_total);

      /* Translators: the heading of the list of items in no theme, filtered by the search: shown, all */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s Item in No Theme",
                                              "%s of %s Items in No Theme", n_total),
                                 shown, total);
    }
  gtk_label_set_label (self->uncovered_heading, heading);
  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->uncovered_stack, "list");
  else
    {
      gtk_label_set_label (self->uncovered_none,
                           n_total > 0 ? _("No item in no theme matches the search")
                                       : _("Every item is in a theme"));
      gtk_stack_set_visible_child_name (self->uncovered_stack, "none");
    }
}

static void
show_coverage (BsAnalysisView *self,
               CoverageResult *result)
{
  const BsCoverage *coverage = result->coverage;
  g_autofree char *items = format_count (g_dngettext (GETTEXT_PACKAGE, "%s item", "%s items",
                                                      plural_of (coverage->n_items)), coverage->n_items);
  g_autofree char *covered = bs_demand_format_count (coverage->n_covered_items);
  guint n_departments = coverage->departments->len;
  g_autofree char *departments = format_count (g_dngettext (GETTEXT_PACKAGE, "%s department", "%s departments",
                                                            plural_of (n_departments)), n_departments);
  g_autofree char *themes = format_count (g_dngettext (GETTEXT_PACKAGE, "%s theme", "%s themes",
                                                       plural_of (coverage->themes->len)), coverage->themes->len);
  g_autofree char *summary = NULL;

  /* Translators: the coverage summary: how many items are in a theme, of “N items”; “N departments”, “N themes” */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s is in a theme; %s, %s.",
                                          "%s of %s are in a theme; %s, %s.", plural_of (coverage->n_items)),
                             covered, items, departments, themes);
  gtk_label_set_label (self->coverage_summary, summary);

  bs_coverage_map_set_coverage (self->coverage_map, coverage);
  gtk_stack_set_visible_child_name (self->map_stack,
                                    coverage->themes->len > 0 && coverage->departments->len > 0 ? "map" : "none");

  g_list_store_splice (self->uncovered, 0, g_list_model_get_n_items (G_LIST_MODEL (self->uncovered)),
                       result->uncovered->pdata, result->uncovered->len);
  update_uncovered_heading (self);
  gtk_stack_set_visible_child_name (self->coverage_stack, "results");
}

static void
on_coverage_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (source);
  CoverageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  CoverageResult *coverage;

  coverage = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->generation != self->coverage_generation)
    {
      g_clear_pointer (&coverage, coverage_result_free);
      return;
    }
  g_clear_object (&self->coverage_cancellable);
  update_busy (self);

  if (coverage == NULL)
    {
      self->coverage_shown = FALSE;
      adw_status_page_set_description (self->coverage_error, error->message);
      gtk_stack_set_visible_child_name (self->coverage_stack, "error");
      return;
    }
  self->coverage_shown = TRUE;
  show_coverage (self, coverage);
  coverage_result_free (coverage);
}

static void
start_coverage (BsAnalysisView *self)
{
  g_autoptr(GTask) task = NULL;
  CoverageJob *job;
  const char *path;

  cancel_coverage (self);
  self->coverage_dirty = FALSE;
  if (self->catalogue == NULL)
    return;
  path = bs_catalogue_get_path (self->catalogue);
  if (path == NULL)
    {
      adw_status_page_set_description (self->coverage_error,
                                       _("The analysis reads the catalogue’s file: save the catalogue first."));
      gtk_stack_set_visible_child_name (self->coverage_stack, "error");
      return;
    }

  job = g_new0 (CoverageJob, 1);
  job->path = g_strdup (path);
  job->generation = ++self->coverage_generation;
  self->coverage_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->coverage_cancellable, on_coverage_done_cb, NULL);
  g_task_set_source_tag (task, start_coverage);
  g_task_set_task_data (task, job, (GDestroyNotify) coverage_job_free);
  g_task_run_in_thread (task, coverage_thread);

  if (!self->coverage_shown)
    gtk_stack_set_visible_child_name (self->coverage_stack, "loading");
  update_busy (self);
}

/* ------------------------------------------------------------------ */
/* Exporting the coverage */

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (source);
  CoverageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  CoverageResult *written;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  written = g_task_propagate_pointer (G_TASK (result), &error);
  if (written == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bs_window_show_error (GTK_WIDGET (self), _("Could Not Export the Coverage"), error);
      return;
    }
  coverage_result_free (written);
  name = g_filename_display_basename (job->output);
  /* Translators: a toast; %s is a file name */
  text = g_strdup_printf (_("Exported “%s”"), name);
  bs_window_show_toast (GTK_WIDGET (self), text);
}

static const struct
{
  const char *name;
  const char *pattern;
  const char *extension;
  BsCoverageFormat format;
} export_filters[] = {
  { N_("Workbook (XLSX): Matrix, Departments, Uncovered Items"), "*.xlsx", ".xlsx", BS_COVERAGE_FORMAT_XLSX },
  { N_("Matrix (CSV)"), "*.csv", ".csv", BS_COVERAGE_FORMAT_CSV },
  { N_("Items in No Theme (CSV)"), "*.csv", ".csv", BS_COVERAGE_FORMAT_CSV_UNCOVERED },
};

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       BsAnalysisView  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filter_name = NULL;
  guint chosen = 0;
  CoverageJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (filter != NULL)
        filter_name = g_strdup (gtk_file_filter_get_name (filter));
    }
  g_object_unref (dialog);
  if (file == NULL || self->catalogue == NULL || bs_catalogue_get_path (self->catalogue) == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;

  /* The kind chosen in the dialog; a name ending in .xlsx or .csv says
   * the format by itself. */
  for (guint i = 0; filter_name != NULL && i < G_N_ELEMENTS (export_filters); i++)
    if (g_strcmp0 (filter_name, _(export_filters[i].name)) == 0)
      chosen = i;
  if (g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX"))
    chosen = 0;
  else if ((g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV")) &&
           export_filters[chosen].format == BS_COVERAGE_FORMAT_XLSX)
    chosen = 1;
  else if (!g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".CSV"))
    {
      char *with_extension = g_strconcat (path, export_filters[chosen].extension, NULL);

      g_free (path);
      path = with_extension;
    }

  job = g_new0 (CoverageJob, 1);
  job->path = g_strdup (bs_catalogue_get_path (self->catalogue));
  job->format = export_filters[chosen].format;
  job->output = g_steal_pointer (&path);
  task = g_task_new (self, NULL, on_export_done_cb, NULL);
  g_task_set_source_tag (task, on_export_response_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) coverage_job_free);
  g_task_run_in_thread (task, coverage_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;
  GtkFileFilter *first = NULL;

  if (self->catalogue == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Coverage"), get_parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (export_filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(export_filters[i].name));
      gtk_file_filter_add_pattern (filter, export_filters[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (first == NULL)
        first = filter;
    }
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), first);

  name = bs_catalogue_dup_name (self->catalogue);
  /* Translators: the suggested file name of the coverage export; %s is the catalogue's name */
  suggested = g_strdup_printf (_("%s coverage.xlsx"), name != NULL && name[0] != '\0' ? name : _("Catalogue"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------ */
/* The list of items in no theme */

static void
setup_uncovered_row_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *volume = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "item-row");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (volume, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (volume, "numeric");

  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), caption);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), volume);
  gtk_list_item_set_child (list_item, row);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "caption", caption);
  g_object_set_data (G_OBJECT (row), "volume", volume);
}

static void
bind_uncovered_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  BsUncoveredItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  g_autofree char *caption = NULL;
  g_autofree char *volume = format_count (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records",
                                                       plural_of (item->demand)), item->demand);

  /* Translators: under an item in no theme: its code · its department */
  caption = g_strdup_printf (_("%s · %s"), item->code, item->department);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "name"), item->name);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "name"), item->name);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "caption"), caption);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "volume"), volume);
}

static gboolean
contains_folded (const char *text,
                 const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_query) != NULL;
}

static gboolean
filter_uncovered_cb (gpointer object,
                     gpointer user_data)
{
  BsAnalysisView *self = user_data;
  BsUncoveredItem *item = object;

  if (self->search_folded == NULL || self->search_folded[0] == '\0')
    return TRUE;
  return contains_folded (item->name, self->search_folded) ||
         contains_folded (item->code, self->search_folded) ||
         contains_folded (item->department, self->search_folded);
}

/* ------------------------------------------------------------------ */

/* Analyses the page on show if it is out of date. */
static void
refresh_visible_page (BsAnalysisView *self)
{
  if (!self->active || self->catalogue == NULL)
    return;
  if (is_coverage_page (self))
    {
      if (self->coverage_dirty)
        start_coverage (self);
    }
  else if (self->demand_dirty)
    start_demand (self);
}

static void
on_page_changed_cb (BsAnalysisView *self)
{
  refresh_visible_page (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (widget);

  if (is_coverage_page (self))
    self->coverage_dirty = TRUE;
  else
    self->demand_dirty = TRUE;
  refresh_visible_page (self);
}

static void
on_catalogue_changed_cb (BsAnalysisView *self,
                         BsChanges      *changes,
                         BsCatalogue    *catalogue)
{
  gboolean records = bs_changes_has_table (changes, BS_TABLE_RECORD);
  gboolean catalogue_changed = bs_changes_has_table (changes, BS_TABLE_THEME) ||
                               bs_changes_has_table (changes, BS_TABLE_THEME_ITEM) ||
                               bs_changes_has_table (changes, BS_TABLE_ITEM) ||
                               bs_changes_has_table (changes, BS_TABLE_DEPARTMENT);

  if (!records && !catalogue_changed)
    return;
  /* What runs reads the file as it was: it starts again. */
  cancel_demand (self);
  cancel_coverage (self);
  self->demand_dirty = TRUE;
  self->coverage_dirty = TRUE;
  refresh_visible_page (self);
}

static void
clear (BsAnalysisView *self)
{
  GtkWidget *child;

  cancel_demand (self);
  cancel_coverage (self);
  g_clear_pointer (&self->demand, bs_demand_free);
  self->demand_shown = FALSE;
  self->coverage_shown = FALSE;
  bs_demand_chart_set_demand (self->chart, NULL, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
    gtk_list_box_remove (self->suggestion_list, child);
  bs_coverage_map_set_coverage (self->coverage_map, NULL);
  g_list_store_remove_all (self->uncovered);
  gtk_stack_set_visible_child_name (self->demand_stack, "loading");
  gtk_stack_set_visible_child_name (self->coverage_stack, "loading");
  self->demand_dirty = TRUE;
  self->coverage_dirty = TRUE;
}

static void
bs_analysis_view_dispose (GObject *object)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (object);

  /* Results still to come are dropped. */
  if (self->demand_cancellable != NULL)
    g_cancellable_cancel (self->demand_cancellable);
  if (self->coverage_cancellable != NULL)
    g_cancellable_cancel (self->coverage_cancellable);
  self->demand_generation++;
  self->coverage_generation++;
  g_clear_object (&self->demand_cancellable);
  g_clear_object (&self->coverage_cancellable);
  g_clear_object (&self->demand_task);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_ANALYSIS_VIEW);

  G_OBJECT_CLASS (bs_analysis_view_parent_class)->dispose (object);
}

static void
bs_analysis_view_finalize (GObject *object)
{
  BsAnalysisView *self = BS_ANALYSIS_VIEW (object);

  g_clear_pointer (&self->demand, bs_demand_free);
  g_clear_object (&self->uncovered);
  g_clear_object (&self->filter);
  g_clear_object (&self->filtered);
  g_free (self->search_folded);

  G_OBJECT_CLASS (bs_analysis_view_parent_class)->finalize (object);
}

static void
bs_analysis_view_class_init (BsAnalysisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_analysis_view_dispose;
  object_class->finalize = bs_analysis_view_finalize;

  g_type_ensure (BS_TYPE_DEMAND_CHART);
  g_type_ensure (BS_TYPE_COVERAGE_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-analysis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, inner_stack);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, demand_stack);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, demand_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, demand_progress);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, demand_error);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, demand_summary);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, chart);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, suggestions_caption);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, suggestion_list);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, coverage_stack);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, coverage_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, coverage_error);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, coverage_summary);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, map_stack);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, coverage_map);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, uncovered_heading);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, uncovered_stack);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, uncovered_list);
  gtk_widget_class_bind_template_child (widget_class, BsAnalysisView, uncovered_none);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "analysis.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "analysis.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "analysis.create-theme", "u", create_theme_action);
}

static void
bs_analysis_view_init (BsAnalysisView *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->uncovered = g_list_store_new (BS_TYPE_UNCOVERED_ITEM);
  self->filter = gtk_custom_filter_new (filter_uncovered_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->uncovered)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (update_uncovered_heading), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_uncovered_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_uncovered_row_cb), NULL);
  gtk_list_view_set_factory (self->uncovered_list, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_list_view_set_model (self->uncovered_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  self->demand_dirty = TRUE;
  self->coverage_dirty = TRUE;
  update_busy (self);
}

void
bs_analysis_view_set_catalogue (BsAnalysisView *self,
                                BsCatalogue    *catalogue)
{
  g_return_if_fail (BS_IS_ANALYSIS_VIEW (self));
  g_return_if_fail (!catalogue || BS_IS_CATALOGUE (catalogue));

  if (self->catalogue == catalogue)
    return;
  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_set_object (&self->catalogue, catalogue);
  if (catalogue != NULL)
    g_signal_connect_object (catalogue, "changed",
                             G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  clear (self);
  refresh_visible_page (self);
}

void
bs_analysis_view_set_active (BsAnalysisView *self,
                             gboolean        active)
{
  g_return_if_fail (BS_IS_ANALYSIS_VIEW (self));

  self->active = !!active;
  if (!self->active)
    {
      /* Nobody looks: what runs stops, and runs again when shown. */
      cancel_demand (self);
      cancel_coverage (self);
      return;
    }
  refresh_visible_page (self);
}

void
bs_analysis_view_set_search_text (BsAnalysisView *self,
                                  const char     *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (BS_IS_ANALYSIS_VIEW (self));

  folded = text ? g_utf8_casefold (text, -1) : NULL;
  if (g_strcmp0 (folded, self->search_folded) == 0)
    return;
  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_uncovered_heading (self);
}
