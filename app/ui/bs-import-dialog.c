/* bs-import-dialog.c
 *
 * One window, three pages. The first shows the file as it will be read:
 * its encoding and separator (Automatic shows what was detected; choosing
 * another reads the file again), and a table with one column per column
 * of the file — its header, for items a drop-down of what it holds (preset
 * from the header, bs_item_field_recognise()), and the first rows under
 * it. Import is refused, with a line saying why, until the names and the
 * departments have a column each.
 *
 * The second page is the import running: in a worker thread, on a
 * BsCatalogue of its own opened on the same file, never the window's, so
 * the window stays responsive and its catalogue is untouched until the
 * end. Progress comes back to the main thread through an idle callback;
 * Cancel (or Escape) cancels, and the core rolls the whole import back.
 * Items come back as one edit that the window's catalogue adopts
 * (bs_catalogue_adopt_edit()): undoable there, and the views refresh from
 * its "changed" signal. Handling records are outside undo: the catalogue
 * is told that the record table changed.
 *
 * The third page is the report: what was imported, updated, skipped (each
 * skip with its line and reason), created; for records the items that are
 * not in the catalogue, the most frequent first, and the rows with
 * problems.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-csv.h"
#include "bs-import-dialog.h"
#include "bs-item-import.h"
#include "bs-records.h"

/* Rows of a records file shown under its header. */
#define RECORD_PREVIEW_ROWS 8
/* Skips and problems listed in the report; the rest are counted. */
#define MAX_LISTED 200
/* Characters of a cell shown in the table (its tooltip has more). */
#define CELL_CHARS 120
#define TOOLTIP_CHARS 1000

typedef enum
{
  MODE_ITEMS,
  MODE_RECORDS,
} Mode;

/* The choices of the two drop-downs, in their order. */
static const BsCsvEncoding encodings[] = {
  BS_CSV_ENCODING_AUTO, BS_CSV_ENCODING_UTF8, BS_CSV_ENCODING_GB18030,
};
static const gunichar separators[] = { 0, ',', '\t', ';' };

struct _BsImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *import_button;
  GtkWidget *close_button;
  GtkStack *page_stack;
  GtkLabel *message_label;
  GtkWidget *options_list;
  AdwComboRow *encoding_row;
  AdwComboRow *separator_row;
  GtkLabel *columns_label;
  GtkStack *table_stack;
  GtkScrolledWindow *table_scroller;
  GtkGrid *table_grid;
  AdwStatusPage *problem_page;
  GtkLabel *missing_label;
  AdwStatusPage *progress_page;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  AdwStatusPage *report_page;
  GtkBox *report_box;

  Mode mode;
  BsCatalogue *catalogue;       /* the window's */
  char *path;                   /* of the file imported */
  GtkStringList *encoding_names;
  GtkStringList *separator_names;
  GtkStringList *field_names;   /* per BsItemField; NONE is "Ignore" */

  /* Items: the source as read, NULL while it runs (the worker has it) or
   * when the file could not be read. */
  BsItemImport *import;
  GPtrArray *dropdowns;         /* GtkDropDown per column (borrowed) */
  GPtrArray *headers;           /* GtkLabel per column (borrowed) */
  gboolean loading;             /* setting the widgets: no reaction */
  BsCsvEncoding detected_encoding;
  gunichar detected_separator;
  guint names_idle;

  /* While the import runs */
  GCancellable *cancellable;
  gboolean close_when_done;

  /* Progress, written by the worker thread */
  GMutex progress_mutex;
  gboolean progress_pending;
  double fraction;
  guint64 bytes_done;
  guint64 bytes_total;
  gint64 rows_done;
};

G_DEFINE_FINAL_TYPE (BsImportDialog, bs_import_dialog, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------------ */
/* Small helpers */

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static const char *
separator_name (gunichar separator)
{
  switch (separator)
    {
    case ',':
      return C_("separator", "Comma");
    case '\t':
      return C_("separator", "Tab");
    case ';':
      return C_("separator", "Semicolon");
    default:
      return NULL;
    }
}

/* A cell on one line: line breaks shown as ⏎, cut at @max characters. */
static char *
cell_text (const char *text,
           glong       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text; *p != '\0' && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\n' || c == '\r')
        g_string_append (out, " ⏎ ");
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (text, -1) > max)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
show_message (BsImportDialog *self,
              const char     *text,
              gboolean        is_error)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static BsCsvEncoding
chosen_encoding (BsImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->encoding_row);

  return i < G_N_ELEMENTS (encodings) ? encodings[i] : BS_CSV_ENCODING_AUTO;
}

static gunichar
chosen_separator (BsImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->separator_row);

  return i < G_N_ELEMENTS (separators) ? separators[i] : 0;
}

static gboolean
automatic_names_idle_cb (gpointer user_data)
{
  BsImportDialog *self = user_data;
  BsCsvEncoding encoding = self->detected_encoding;
  gunichar separator = self->detected_separator;
  g_autofree char *encoding_name = NULL;
  g_autofree char *separator_text = NULL;
  const char *names[2];
  guint encoding_selected, separator_selected;
  gboolean was_loading = self->loading;

  self->names_idle = 0;
  if (self->encoding_names == NULL)
    return G_SOURCE_REMOVE;
  encoding_selected = adw_combo_row_get_selected (self->encoding_row);
  separator_selected = adw_combo_row_get_selected (self->separator_row);

  if (encoding != BS_CSV_ENCODING_AUTO)
    /* Translators: the automatic choice of an encoding and the one it found */
    encoding_name = g_strdup_printf (C_("encoding", "Automatic (%s)"), bs_csv_encoding_to_string (encoding));
  else
    encoding_name = g_strdup (C_("encoding", "Automatic"));
  if (separator_name (separator) != NULL)
    /* Translators: the automatic choice of a separator and the one it found */
    separator_text = g_strdup_printf (C_("separator", "Automatic (%s)"), separator_name (separator));
  else
    separator_text = g_strdup (C_("separator", "Automatic"));

  /* Replacing the first string moves the selection: put it back. */
  self->loading = TRUE;
  names[0] = encoding_name;
  names[1] = NULL;
  gtk_string_list_splice (self->encoding_names, 0, 1, names);
  names[0] = separator_text;
  gtk_string_list_splice (self->separator_names, 0, 1, names);
  adw_combo_row_set_selected (self->encoding_row, encoding_selected);
  adw_combo_row_set_selected (self->separator_row, separator_selected);
  self->loading = was_loading;
  return G_SOURCE_REMOVE;
}

/* "Automatic (GB18030)": what the automatic choice found, or only
 * "Automatic" when the file could not be read. From an idle callback:
 * changing a drop-down's model while it tells of a choice made in it
 * loops in GTK 4.8. */
static void
set_automatic_names (BsImportDialog *self,
                     BsCsvEncoding   encoding,
                     gunichar        separator)
{
  self->detected_encoding = encoding;
  self->detected_separator = separator;
  if (self->names_idle == 0)
    self->names_idle = g_idle_add_full (G_PRIORITY_DEFAULT, automatic_names_idle_cb,
                                        g_object_ref (self), g_object_unref);
}

/* ------------------------------------------------------------------ */
/* The table of columns */

static void
clear_table (BsImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_grid))) != NULL)
    gtk_grid_remove (self->table_grid, child);
  g_ptr_array_set_size (self->dropdowns, 0);
  g_ptr_array_set_size (self->headers, 0);
}

static void
update_missing (BsImportDialog *self)
{
  gboolean has_name = FALSE, has_department = FALSE;
  g_autofree char *text = NULL;
  gboolean ready;

  if (self->mode == MODE_RECORDS)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->missing_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                     g_strcmp0 (gtk_stack_get_visible_child_name (self->table_stack), "table") == 0);
      return;
    }

  if (self->import != NULL)
    for (guint c = 0; c < bs_item_import_get_n_columns (self->import); c++)
      {
        BsItemField field = bs_item_import_get_mapping (self->import, c);

        has_name |= field == BS_ITEM_FIELD_NAME;
        has_department |= field == BS_ITEM_FIELD_DEPARTMENT;
      }

  if (self->import == NULL)
    text = NULL;
  else if (!has_name && !has_department)
    /* Translators: %s are field names, as in the drop-downs: Name, Department */
    text = g_strdup_printf (_("Choose the columns that hold “%s” and “%s”: the import needs both."),
                            bs_item_field_get_label (BS_ITEM_FIELD_NAME),
                            bs_item_field_get_label (BS_ITEM_FIELD_DEPARTMENT));
  else if (!has_name || !has_department)
    /* Translators: %s is a field name, as in the drop-downs: Name or Department */
    text = g_strdup_printf (_("Choose the column that holds “%s”: the import needs it."),
                            bs_item_field_get_label (has_name ? BS_ITEM_FIELD_DEPARTMENT : BS_ITEM_FIELD_NAME));

  ready = self->import != NULL && has_name && has_department;
  gtk_label_set_text (self->missing_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", ready);
}

/* The drop-downs and headers after a change of the mapping (a field is
 * held by one column at most: choosing it elsewhere ignores the old). */
static void
sync_mapping (BsImportDialog *self)
{
  self->loading = TRUE;
  for (guint c = 0; self->import != NULL && c < self->dropdowns->len; c++)
    {
      BsItemField field = bs_item_import_get_mapping (self->import, c);
      GtkWidget *header = g_ptr_array_index (self->headers, c);

      gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns, c), field);
      if (field == BS_ITEM_FIELD_NONE)
        gtk_widget_add_css_class (header, "dim-label");
      else
        gtk_widget_remove_css_class (header, "dim-label");
    }
  self->loading = FALSE;
  update_missing (self);
}

static void
on_field_selected_cb (GtkDropDown    *dropdown,
                      GParamSpec     *pspec,
                      BsImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "column"));
  guint field = gtk_drop_down_get_selected (dropdown);

  if (self->loading || self->import == NULL || field >= BS_N_ITEM_FIELDS)
    return;
  bs_item_import_set_mapping (self->import, column, (BsItemField) field);
  sync_mapping (self);
}

/* @headers: char * per column; @rows: GStrv per row, maybe shorter. */
static void
build_table (BsImportDialog *self,
             GPtrArray      *headers,
             GPtrArray      *rows)
{
  int first_row = self->mode == MODE_ITEMS ? 2 : 1;

  clear_table (self);
  for (guint c = 0; c < headers->len; c++)
    {
      const char *name = g_ptr_array_index (headers, c);
      g_autofree char *shown = NULL;
      GtkWidget *header;

      if (name == NULL || name[0] == '\0')
        shown = g_strdup_printf (_("Column %u"), c + 1);
      else
        shown = cell_text (name, 60);
      header = gtk_label_new (shown);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (header), 30);
      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (self->table_grid, header, (int) c, 0, 1, 1);
      g_ptr_array_add (self->headers, header);

      if (self->mode == MODE_ITEMS)
        {
          GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->field_names)), NULL);
          g_autofree char *label = NULL;

          /* Translators: the accessible name of a column's drop-down */
          label = g_strdup_printf (_("Field of the column “%s”"), shown);
          set_accessible_label (dropdown, label);
          gtk_widget_set_tooltip_text (dropdown, _("What this column holds; “Ignore” leaves it out"));
          gtk_widget_set_halign (dropdown, GTK_ALIGN_START);
          g_object_set_data (G_OBJECT (dropdown), "column", GUINT_TO_POINTER (c));
          gtk_grid_attach (self->table_grid, dropdown, (int) c, 1, 1, 1);
          g_ptr_array_add (self->dropdowns, dropdown);
          g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_field_selected_cb), self, 0);
        }

      for (guint r = 0; r < rows->len; r++)
        {
          GStrv row = g_ptr_array_index (rows, r);
          const char *value = c < g_strv_length (row) ? row[c] : "";
          g_autofree char *text = cell_text (value, CELL_CHARS);
          GtkWidget *cell = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 30);
          gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
          if (g_utf8_strlen (value, -1) > 24 || strpbrk (value, "\r\n") != NULL)
            {
              g_autofree char *tip = cell_text (value, TOOLTIP_CHARS);

              gtk_widget_set_tooltip_text (cell, tip);
            }
          gtk_grid_attach (self->table_grid, cell, (int) c, first_row + (int) r, 1, 1);
        }
    }
  gtk_stack_set_visible_child_name (self->table_stack, "table");
  sync_mapping (self);
}

static void
show_problem (BsImportDialog *self,
              const GError   *error)
{
  clear_table (self);
  adw_status_page_set_description (self->problem_page, NULL);
  {
    g_autofree char *markup = g_markup_escape_text (error->message, -1);

    adw_status_page_set_description (self->problem_page, markup);
  }
  gtk_stack_set_visible_child_name (self->table_stack, "problem");
}

/* ------------------------------------------------------------------ */
/* Reading the source */

static gboolean
open_items (BsImportDialog *self,
            GArray         *keep_mapping)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  BsItemImport *import;
  guint n_columns;
  gboolean csv;

  g_clear_pointer (&self->import, bs_item_import_free);
  import = bs_item_import_open (self->path, BS_ITEM_IMPORT_FORMAT_AUTO,
                                chosen_encoding (self), chosen_separator (self), &error);
  if (import == NULL)
    {
      set_automatic_names (self, BS_CSV_ENCODING_AUTO, 0);
      gtk_widget_set_visible (self->options_list, TRUE);
      show_problem (self, error);
      update_missing (self);
      return FALSE;
    }

  n_columns = bs_item_import_get_n_columns (import);
  /* The analyst's choices survive a second reading of the same columns
   * (after a cancel or a failure). */
  if (keep_mapping != NULL && keep_mapping->len == n_columns)
    for (guint c = 0; c < n_columns; c++)
      bs_item_import_set_mapping (import, c, g_array_index (keep_mapping, BsItemField, c));

  csv = bs_item_import_get_format (import) == BS_ITEM_IMPORT_FORMAT_CSV;
  gtk_widget_set_visible (self->options_list, csv);
  if (csv)
    set_automatic_names (self, bs_item_import_get_encoding (import), bs_item_import_get_delimiter (import));

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (headers, g_strdup (bs_item_import_get_column_name (import, c)));
  for (guint r = 0; r < bs_item_import_get_n_preview_rows (import); r++)
    {
      const char * const *values = bs_item_import_get_preview_row (import, r);
      GStrv row = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        row[c] = g_strdup (values[c] ? values[c] : "");
      g_ptr_array_add (rows, row);
    }

  self->import = import;
  build_table (self, headers, rows);
  return TRUE;
}

static gboolean
open_records (BsImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(BsCsvReader) reader = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char * const *fields;
  guint n_fields;

  stream = g_file_read (file, NULL, &error);
  if (stream != NULL)
    reader = bs_csv_reader_new (G_INPUT_STREAM (stream), chosen_encoding (self), 0, &error);
  if (reader != NULL && bs_csv_reader_next (reader, &fields, &n_fields, &error))
    {
      for (guint c = 0; c < n_fields; c++)
        g_ptr_array_add (headers, g_strdup (fields[c]));
      while (rows->len < RECORD_PREVIEW_ROWS && bs_csv_reader_next (reader, &fields, &n_fields, &error))
        {
          GStrv row = g_new0 (char *, n_fields + 1);

          for (guint c = 0; c < n_fields; c++)
            row[c] = g_strdup (fields[c]);
          g_ptr_array_add (rows, row);
        }
    }
  else if (reader != NULL && error == NULL)
    g_set_error_literal (&error, BS_CSV_ERROR, BS_CSV_ERROR_EMPTY, _("The file is empty"));

  if (error != NULL)
    {
      set_automatic_names (self, reader != NULL ? bs_csv_reader_get_encoding (reader) : BS_CSV_ENCODING_AUTO, 0);
      show_problem (self, error);
      update_missing (self);
      return FALSE;
    }
  set_automatic_names (self, bs_csv_reader_get_encoding (reader), 0);
  build_table (self, headers, rows);
  return TRUE;
}

static void
open_source (BsImportDialog *self,
             GArray         *keep_mapping)
{
  if (self->mode == MODE_ITEMS)
    open_items (self, keep_mapping);
  else
    open_records (self);
}

static void
on_option_selected_cb (BsImportDialog *self)
{
  if (self->loading || self->cancellable != NULL)
    return;
  show_message (self, NULL, FALSE);
  open_source (self, NULL);
}

/* ------------------------------------------------------------------ */
/* Running in a thread */

typedef struct
{
  char *catalogue_path;
  BsCatalogue *worker;          /* opened by the worker on catalogue_path */
  /* Items */
  BsItemImport *import;
  GArray *mapping;              /* BsItemField per column, as chosen */
  BsItemImportReport *report;
  /* Records */
  char *path;
  BsCsvEncoding encoding;
  BsRecordImport *records;
} Job;

static void
job_free (Job *job)
{
  g_free (job->catalogue_path);
  g_clear_object (&job->worker);
  g_clear_pointer (&job->import, bs_item_import_free);
  g_clear_pointer (&job->mapping, g_array_unref);
  g_clear_pointer (&job->report, bs_item_import_report_free);
  g_free (job->path);
  g_clear_pointer (&job->records, bs_record_import_free);
  g_free (job);
}

static void
update_progress (BsImportDialog *self)
{
  double fraction;
  guint64 bytes_done, bytes_total;
  gint64 rows_done;

  g_mutex_lock (&self->progress_mutex);
  fraction = self->fraction;
  bytes_done = self->bytes_done;
  bytes_total = self->bytes_total;
  rows_done = self->rows_done;
  self->progress_pending = FALSE;
  g_mutex_unlock (&self->progress_mutex);

  if (self->mode == MODE_RECORDS)
    {
      g_autofree char *rows = g_strdup_printf ("%'" G_GINT64_FORMAT, rows_done);
      g_autofree char *done = g_format_size (bytes_done);
      g_autofree char *text = NULL;

      if (bytes_total > 0)
        {
          g_autofree char *total = g_format_size (bytes_total);

          fraction = (double) bytes_done / (double) bytes_total;
          /* Translators: rows of the file imported so far, and how much of it was read */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row · %s of %s",
                                               "%s rows · %s of %s", (gulong) rows_done),
                                  rows, done, total);
        }
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row · %s",
                                             "%s rows · %s", (gulong) rows_done),
                                rows, done);
      if (!g_cancellable_is_cancelled (self->cancellable))
        gtk_label_set_text (self->progress_label, text);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  BsImportDialog *self = user_data;

  /* Not after dispose: the widgets are gone. */
  if (self->catalogue != NULL)
    update_progress (self);
  else
    {
      g_mutex_lock (&self->progress_mutex);
      self->progress_pending = FALSE;
      g_mutex_unlock (&self->progress_mutex);
    }
  return G_SOURCE_REMOVE;
}

/* From the worker: keeps the figures, and asks the main thread to show
 * them if it has not been asked yet. */
static void
post_progress (BsImportDialog *self,
               double          fraction,
               guint64         bytes_done,
               guint64         bytes_total,
               gint64          rows_done)
{
  gboolean schedule;

  g_mutex_lock (&self->progress_mutex);
  self->fraction = fraction;
  self->bytes_done = bytes_done;
  self->bytes_total = bytes_total;
  self->rows_done = rows_done;
  schedule = !self->progress_pending;
  self->progress_pending = TRUE;
  g_mutex_unlock (&self->progress_mutex);

  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self), g_object_unref);
}

static void
on_items_progress (double   fraction,
                   gpointer user_data)
{
  post_progress (user_data, fraction, 0, 0, 0);
}

static void
on_records_progress (guint64  bytes_done,
                     guint64  bytes_total,
                     gint64   rows_done,
                     gpointer user_data)
{
  post_progress (user_data, 0.0, bytes_done, bytes_total, rows_done);
}

static void
items_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  job->worker = bs_catalogue_open_full (job->catalogue_path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  if (job->worker != NULL)
    job->report = bs_item_import_run (job->import, job->worker, BS_ITEM_IMPORT_DEFAULT,
                                      on_items_progress, source_object, cancellable, &error);
  if (job->report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
records_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  job->worker = bs_catalogue_open_full (job->catalogue_path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  if (job->worker != NULL)
    job->records = bs_records_import_file (job->worker, job->path, job->encoding, cancellable,
                                           on_records_progress, source_object, &error);
  if (job->records == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* Pages */

static void
show_setup_page (BsImportDialog *self)
{
  gtk_stack_set_visible_child_name (self->page_stack, "setup");
  gtk_widget_set_visible (self->import_button, TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_visible (self->close_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", TRUE);
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
add_row (GtkWidget  *group,
         const char *title,
         const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_more_row (GtkWidget *group,
              guint64    more)
{
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, more);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %s more",
                                                        "… and %s more", (gulong) more),
                                           count);

  add_row (group, text, NULL);
}

static void
clear_report (BsImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->report_box))) != NULL)
    gtk_box_remove (self->report_box, child);
}

static void
show_report_page (BsImportDialog *self,
                  const char     *title,
                  const char     *description)
{
  g_autofree char *markup = g_markup_escape_text (description, -1);

  adw_status_page_set_title (self->report_page, title);
  adw_status_page_set_description (self->report_page, markup);
  gtk_stack_set_visible_child_name (self->page_stack, "report");
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->close_button, TRUE);
  gtk_widget_grab_focus (self->close_button);
}

static void
show_items_report (BsImportDialog           *self,
                   const BsItemImportReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *imported = g_strdup_printf ("%'u", report->imported);
  g_autofree char *updated = g_strdup_printf ("%'u", report->updated);
  g_autofree char *skipped = g_strdup_printf ("%'u", report->skipped);
  g_autofree char *first = NULL;

  clear_report (self);
  first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s new item",
                                        "Imported %s new items", report->imported),
                           imported);
  /* Translators: the first %s is “Imported 3 new items”; then the items updated and skipped */
  g_string_append_printf (text, _("%s, updated %s, skipped %s."), first, updated, skipped);
  if (report->departments_created > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Created %u department.",
                                                 "Created %u departments.", report->departments_created),
                              report->departments_created);
    }
  if (report->imported + report->updated > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("The import is one edit: Undo (Ctrl+Z) in the window takes it back."));
    }

  if (report->skips != NULL && report->skips->len > 0)
    {
      GtkWidget *group = new_group (_("Skipped Rows"), _("These rows were not imported."));

      for (guint i = 0; i < report->skips->len && i < MAX_LISTED; i++)
        {
          const BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);
          g_autofree char *row = g_strdup_printf (_("Line %llu: %s"), (unsigned long long) skip->line,
                                                  skip->reason);

          add_row (group, row, NULL);
        }
      if (report->skips->len > MAX_LISTED)
        add_more_row (group, report->skips->len - MAX_LISTED);
      gtk_box_append (self->report_box, group);
    }

  show_report_page (self, report->imported + report->updated > 0 ? _("Items Imported") : _("No Items Imported"),
                    text->str);
}

static void
show_records_report (BsImportDialog       *self,
                     const BsRecordImport *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *imported = g_strdup_printf ("%'" G_GINT64_FORMAT, result->n_imported);
  g_autofree char *rows = g_strdup_printf ("%'" G_GINT64_FORMAT, result->n_rows);

  clear_report (self);
  /* Translators: records imported of the rows of the file */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Imported %s record of %s rows.",
                                             "Imported %s records of %s rows.", (gulong) result->n_imported),
                          imported, rows);
  if (result->first_day != BS_DATE_NONE && result->last_day != BS_DATE_NONE)
    {
      char first[BS_DATE_ISO_SIZE], last[BS_DATE_ISO_SIZE];

      g_string_append_c (text, '\n');
      /* Translators: the days of the first and last records imported */
      g_string_append_printf (text, _("From %s to %s."), bs_date_format (result->first_day, first),
                              bs_date_format (result->last_day, last));
    }
  if (result->n_imported > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Applicants are kept only as salted hashes. Records are not undone with Undo."));
    }

  if (result->n_unknown > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, result->n_unknown);
      g_autofree char *description = NULL;
      GtkWidget *group;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s row names an item that is not in the catalogue; "
                                                  "it was not imported. The most frequent:",
                                                  "%s rows name items that are not in the catalogue; "
                                                  "they were not imported. The most frequent:",
                                                  (gulong) result->n_unknown),
                                     count);
      group = new_group (_("Unknown Items"), description);
      for (guint i = 0; result->unknown_items != NULL && i < result->unknown_items->len; i++)
        {
          const BsUnknownItem *item = g_ptr_array_index (result->unknown_items, i);
          g_autofree char *n = g_strdup_printf ("%'" G_GINT64_FORMAT, item->count);
          g_autofree char *suffix = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows",
                                                                  (gulong) item->count),
                                                     n);

          add_row (group, item->text, suffix);
        }
      gtk_box_append (self->report_box, group);
    }

  if (result->n_bad > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, result->n_bad);
      g_autofree char *description = NULL;
      GtkWidget *group;
      guint listed = 0;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s row was skipped for a bad day or no applicant.",
                                                  "%s rows were skipped for a bad day or no applicant.",
                                                  (gulong) result->n_bad),
                                     count);
      group = new_group (_("Problems"), description);
      for (guint i = 0; result->problems != NULL && i < result->problems->len && i < MAX_LISTED; i++)
        {
          const BsRecordProblem *problem = g_ptr_array_index (result->problems, i);
          g_autofree char *row = g_strdup_printf (_("Line %llu: %s"), (unsigned long long) problem->line,
                                                  problem->message);

          add_row (group, row, NULL);
          listed++;
        }
      if ((guint64) result->n_bad > listed)
        add_more_row (group, (guint64) result->n_bad - listed);
      gtk_box_append (self->report_box, group);
    }

  show_report_page (self, result->n_imported > 0 ? _("Handling Records Imported")
                                                 : _("No Handling Records Imported"),
                    text->str);
}

/* ------------------------------------------------------------------ */
/* Import and cancel */

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsImportDialog *self = BS_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean imported;
  gboolean adopted = TRUE;

  imported = g_task_propagate_boolean (G_TASK (result), &error);
  g_clear_object (&self->cancellable);
  /* The window went away meanwhile (the catalogue with it). */
  if (self->catalogue == NULL)
    return;

  /* The worker committed: the window's catalogue takes the edit over, or
   * is told of the records. */
  if (imported && self->mode == MODE_ITEMS)
    adopted = bs_catalogue_adopt_edit (self->catalogue, job->worker, &error);
  else if (imported && job->records->n_imported > 0)
    {
      g_autoptr(BsChanges) changes = NULL;
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, job->records->n_imported);
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %s handling record",
                                                             "Import %s handling records",
                                                             (gulong) job->records->n_imported),
                                                count);

      changes = bs_changes_new (BS_CHANGE_EDIT, label);
      bs_changes_add_table (changes, BS_TABLE_RECORD);
      bs_changes_add_table (changes, BS_TABLE_CHANNEL);
      bs_catalogue_notify_changes (self->catalogue, changes);
    }

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (!imported)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_autofree char *text = NULL;

      /* The import is used up: read the file again, keeping the mapping. */
      show_setup_page (self);
      open_source (self, job->mapping);
      if (cancelled)
        text = g_strdup (_("The import was cancelled; nothing was imported."));
      else
        /* Translators: %s is what went wrong, e.g. “Line 12: an unterminated quote” */
        text = g_strdup_printf (_("Could not import: %s. Nothing was imported; the catalogue is as it was."),
                                error->message);
      show_message (self, text, !cancelled);
      return;
    }
  if (!adopted)
    {
      g_autofree char *text = NULL;

      show_setup_page (self);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
      text = g_strdup_printf (_("The items were imported, but the window could not take the import "
                                "over: %s. Open the catalogue again to see them."),
                              error->message);
      show_message (self, text, TRUE);
      return;
    }

  if (self->mode == MODE_ITEMS)
    show_items_report (self, job->report);
  else
    show_records_report (self, job->records);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsImportDialog *self = BS_IMPORT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_filename_display_basename (self->path);
  Job *job;

  if (self->cancellable != NULL || (self->mode == MODE_ITEMS && self->import == NULL))
    return;

  job = g_new0 (Job, 1);
  job->catalogue_path = g_strdup (bs_catalogue_get_path (self->catalogue));
  if (self->mode == MODE_ITEMS)
    {
      guint n = bs_item_import_get_n_columns (self->import);

      job->mapping = g_array_sized_new (FALSE, FALSE, sizeof (BsItemField), n);
      for (guint c = 0; c < n; c++)
        {
          BsItemField field = bs_item_import_get_mapping (self->import, c);

          g_array_append_val (job->mapping, field);
        }
      /* The worker has it now: no drop-down may touch it. */
      job->import = g_steal_pointer (&self->import);
      clear_table (self);
      adw_status_page_set_title (self->progress_page, _("Importing Items…"));
    }
  else
    {
      job->path = g_strdup (self->path);
      job->encoding = chosen_encoding (self);
      adw_status_page_set_title (self->progress_page, _("Importing Handling Records…"));
    }
  adw_status_page_set_description (self->progress_page, NULL);
  {
    g_autofree char *markup = g_markup_escape_text (name, -1);

    adw_status_page_set_description (self->progress_page, markup);
  }

  self->fraction = 0.0;
  self->bytes_done = self->bytes_total = 0;
  self->rows_done = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->progress_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), self->mode == MODE_RECORDS);
  show_message (self, NULL, FALSE);
  gtk_stack_set_visible_child_name (self->page_stack, "progress");
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_grab_focus (self->cancel_button);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, run_action);
  /* A commit that beat the cancel is still adopted. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, self->mode == MODE_ITEMS ? items_thread : records_thread);
}

static void
cancel_running (BsImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsImportDialog *self = BS_IMPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    cancel_running (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while the import runs cancels it; the window goes once the
 * worker has rolled back. */
static gboolean
on_close_request_cb (BsImportDialog *self)
{
  if (self->cancellable == NULL)
    return GDK_EVENT_PROPAGATE;
  self->close_when_done = TRUE;
  if (!g_cancellable_is_cancelled (self->cancellable))
    cancel_running (self);
  return GDK_EVENT_STOP;
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
bs_import_dialog_dispose (GObject *object)
{
  BsImportDialog *self = BS_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->names_idle, g_source_remove);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->import, bs_item_import_free);
  g_clear_object (&self->encoding_names);
  g_clear_object (&self->separator_names);
  g_clear_object (&self->field_names);

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (bs_import_dialog_parent_class)->dispose (object);
}

static void
bs_import_dialog_finalize (GObject *object)
{
  BsImportDialog *self = BS_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_mutex_clear (&self->progress_mutex);

  G_OBJECT_CLASS (bs_import_dialog_parent_class)->finalize (object);
}

static void
bs_import_dialog_class_init (BsImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_import_dialog_dispose;
  object_class->finalize = bs_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, page_stack);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, options_list);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, separator_row);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, columns_label);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, table_stack);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, table_scroller);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, table_grid);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, problem_page);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, missing_label);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, report_page);
  gtk_widget_class_bind_template_child (widget_class, BsImportDialog, report_box);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_import_dialog_init (BsImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_mutex_init (&self->progress_mutex);
  self->dropdowns = g_ptr_array_new ();
  self->headers = g_ptr_array_new ();

  self->encoding_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->encoding_names, C_("encoding", "Automatic"));
  for (guint i = 1; i < G_N_ELEMENTS (encodings); i++)
    gtk_string_list_append (self->encoding_names, bs_csv_encoding_to_string (encodings[i]));
  self->separator_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->separator_names, C_("separator", "Automatic"));
  for (guint i = 1; i < G_N_ELEMENTS (separators); i++)
    gtk_string_list_append (self->separator_names, separator_name (separators[i]));
  self->field_names = gtk_string_list_new (NULL);
  /* Translators: in a column's drop-down, the column is not imported */
  gtk_string_list_append (self->field_names, C_("field", "Ignore"));
  for (guint f = 1; f < BS_N_ITEM_FIELDS; f++)
    gtk_string_list_append (self->field_names, bs_item_field_get_label (f));

  self->loading = TRUE;
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (self->encoding_names));
  adw_combo_row_set_model (self->separator_row, G_LIST_MODEL (self->separator_names));
  self->loading = FALSE;
  g_signal_connect_object (self->encoding_row, "notify::selected", G_CALLBACK (on_option_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->separator_row, "notify::selected", G_CALLBACK (on_option_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);
}

static BsImportDialog *
new_dialog (GtkWindow   *parent,
            BsCatalogue *catalogue,
            const char  *path,
            Mode         mode)
{
  BsImportDialog *self;
  g_autofree char *name = g_filename_display_basename (path);

  self = g_object_new (BS_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->mode = mode;
  self->catalogue = g_object_ref (catalogue);
  self->path = g_strdup (path);
  adw_window_title_set_subtitle (self->window_title, name);
  if (mode == MODE_RECORDS)
    gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  return self;
}

/* No larger than a small window it belongs to (a laptop, a narrow
 * window): the table scrolls instead. */
static void
fit_parent (BsImportDialog *self,
            GtkWindow      *parent)
{
  int width, height, parent_width, parent_height;

  if (parent == NULL)
    return;
  parent_width = gtk_widget_get_width (GTK_WIDGET (parent));
  parent_height = gtk_widget_get_height (GTK_WIDGET (parent));
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (parent_width > 0 && parent_width < width)
    width = MAX (parent_width, 360);
  if (parent_height > 0 && parent_height < height)
    height = MAX (parent_height, 400);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}

void
bs_import_dialog_present_items (GtkWindow   *parent,
                                BsCatalogue *catalogue,
                                const char  *path)
{
  BsImportDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (BS_IS_CATALOGUE (catalogue));
  g_return_if_fail (path != NULL);

  self = new_dialog (parent, catalogue, path, MODE_ITEMS);
  gtk_window_set_title (GTK_WINDOW (self), _("Import Items"));
  adw_window_title_set_title (self->window_title, _("Import Items"));
  gtk_label_set_text (self->columns_label,
                      _("Choose what each column holds; the first rows of the file are shown under it. "
                        "Items whose code is already in the catalogue are updated, the others added, "
                        "and departments are created by name as needed."));
  fit_parent (self, parent);
  open_source (self, NULL);
  gtk_window_present (GTK_WINDOW (self));
}

void
bs_import_dialog_present_records (GtkWindow   *parent,
                                  BsCatalogue *catalogue,
                                  const char  *path)
{
  BsImportDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (BS_IS_CATALOGUE (catalogue));
  g_return_if_fail (path != NULL);

  self = new_dialog (parent, catalogue, path, MODE_RECORDS);
  gtk_window_set_title (GTK_WINDOW (self), _("Import Handling Records"));
  adw_window_title_set_title (self->window_title, _("Import Handling Records"));
  gtk_widget_set_visible (GTK_WIDGET (self->separator_row), FALSE);
  gtk_label_set_text (self->columns_label,
                      _("Columns are recognised by their names: the day, the item’s code or name, the "
                        "applicant, and optionally the channel and the department. Applicants are kept "
                        "only as salted hashes, never as written."));
  fit_parent (self, parent);
  open_source (self, NULL);
  gtk_window_present (GTK_WINDOW (self));
}
