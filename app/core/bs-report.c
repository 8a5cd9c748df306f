/* bs-report.c: the rollout's reports for managers — PDF, CSV and XLSX
 *
 * The three tables (tasks, scorecard, decisions) are built once as typed
 * cells (Table) and written by one CSV writer and one XLSX writer, so the
 * two formats cannot drift apart. The PDF is laid out twice with the same
 * Pango context, like the printed guide (bs-guide-print.c): the first pass
 * counts the pages, the second draws, knowing the count for "Page N of M".
 * User text only ever reaches Pango through pango_layout_set_text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "bs-department.h"
#include "bs-report.h"
#include "bs-rollout.h"
#include "bs-spreadsheet.h"
#include "bs-theme.h"

G_DEFINE_QUARK (bs-report-error-quark, bs_report_error)

static const char *const format_names[BS_N_REPORT_FORMATS] = {
  [BS_REPORT_FORMAT_PDF] = "pdf",
  [BS_REPORT_FORMAT_CSV] = "csv",
  [BS_REPORT_FORMAT_CSV_SCORECARD] = "csv-scorecard",
  [BS_REPORT_FORMAT_XLSX] = "xlsx",
};

const char *
bs_report_format_to_string (BsReportFormat format)
{
  g_return_val_if_fail (format < BS_N_REPORT_FORMATS, NULL);
  return format_names[format];
}

gboolean
bs_report_format_from_string (const char     *text,
                              BsReportFormat *out_format)
{
  g_return_val_if_fail (out_format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < BS_N_REPORT_FORMATS; i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *out_format = (BsReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The snapshot */

typedef struct
{
  const BsTask *task;
  const BsPhase *phase;            /* NULL when unknown */
  int phase_position;
  const BsDepartment *department;  /* NULL when unknown */
  const BsTheme *theme;            /* NULL: none */
  BsTaskTiming timing;
  BsDate bar_start;                /* the start, or the due date when none */
} ReportTask;

struct _BsReport
{
  char *name;
  BsDate today;
  int due_soon_days;
  BsDate from;
  BsDate to;

  GPtrArray *phases;         /* BsPhase, in rollout order */
  GPtrArray *departments;    /* BsDepartment */
  GPtrArray *themes;         /* BsTheme */
  GPtrArray *all_tasks;      /* BsTask, every one */
  GArray *tasks;             /* ReportTask in the range, by department code, phase, start, due, code */
  GPtrArray *decisions;      /* BsDecision in the range, by date then code */
  GPtrArray *scores;         /* BsDepartmentScore, every department */

  GHashTable *phase_by_id;       /* gint64 → BsPhase (borrowed) */
  GHashTable *department_by_id;  /* gint64 → BsDepartment (borrowed) */
  GHashTable *theme_by_id;       /* gint64 → BsTheme (borrowed) */
  GHashTable *task_by_id;        /* gint64 → BsTask (borrowed) */
};

void
bs_report_free (BsReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->phase_by_id, g_hash_table_unref);
  g_clear_pointer (&self->department_by_id, g_hash_table_unref);
  g_clear_pointer (&self->theme_by_id, g_hash_table_unref);
  g_clear_pointer (&self->task_by_id, g_hash_table_unref);
  g_clear_pointer (&self->tasks, g_array_unref);
  g_clear_pointer (&self->phases, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->themes, g_ptr_array_unref);
  g_clear_pointer (&self->all_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_free (self->name);
  g_free (self);
}

static GHashTable *
index_by_id (GPtrArray *array,
             gsize      id_offset)
{
  GHashTable *table = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < array->len; i++)
    {
      gpointer element = g_ptr_array_index (array, i);

      g_hash_table_insert (table, G_STRUCT_MEMBER_P (element, id_offset), element);
    }
  return table;
}

static void
widen (BsDate *first,
       BsDate *last,
       BsDate  date)
{
  if (date == BS_DATE_NONE)
    return;
  if (*first == BS_DATE_NONE || date < *first)
    *first = date;
  if (*last == BS_DATE_NONE || date > *last)
    *last = date;
}

/* The days a task shows on the timeline, and counts in the range for. */
static void
task_span (const ReportTask *task,
           BsDate            today,
           BsDate           *out_first,
           BsDate           *out_last)
{
  BsDate first = BS_DATE_NONE, last = BS_DATE_NONE;

  widen (&first, &last, task->bar_start);
  widen (&first, &last, task->task->due);
  widen (&first, &last, task->task->completed);
  if (task->timing.state == BS_TASK_TIMING_OVERDUE)
    widen (&first, &last, today);
  *out_first = first;
  *out_last = last;
}

static int
compare_report_tasks (gconstpointer a,
                      gconstpointer b)
{
  const ReportTask *x = a, *y = b;
  int order;

  order = g_strcmp0 (x->department ? x->department->code : NULL,
                     y->department ? y->department->code : NULL);
  if (order != 0)
    return order;
  if (x->phase_position != y->phase_position)
    return x->phase_position < y->phase_position ? -1 : 1;
  if (x->bar_start != y->bar_start)
    return x->bar_start < y->bar_start ? -1 : 1;
  if (x->task->due != y->task->due)
    return x->task->due < y->task->due ? -1 : 1;
  return g_strcmp0 (x->task->code, y->task->code);
}

BsReport *
bs_report_new_from_catalogue (BsCatalogue  *catalogue,
                              BsDate        today,
                              int           due_soon_days,
                              BsDate        from,
                              BsDate        to,
                              GError      **error)
{
  g_autoptr(BsReport) self = g_new0 (BsReport, 1);
  g_autoptr(GPtrArray) decisions = NULL;
  BsDate first = BS_DATE_NONE, last = BS_DATE_NONE;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (today != BS_DATE_NONE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from != BS_DATE_NONE && to != BS_DATE_NONE && from > to)
    {
      char a[BS_DATE_ISO_SIZE], b[BS_DATE_ISO_SIZE];

      g_set_error (error, BS_REPORT_ERROR, BS_REPORT_ERROR_RANGE,
                   _("The report would start on %s, after it ends on %s; give a start date "
                     "on or before the end date"),
                   bs_date_format (from, a), bs_date_format (to, b));
      return NULL;
    }

  self->name = bs_catalogue_dup_name (catalogue);
  self->today = today;
  self->due_soon_days = MAX (due_soon_days, 0);
  if (!(self->phases = bs_catalogue_list_phases (catalogue, error)) ||
      !(self->departments = bs_catalogue_list_departments (catalogue, error)) ||
      !(self->themes = bs_catalogue_list_themes (catalogue, 0, error)) ||
      !(self->all_tasks = bs_catalogue_list_tasks (catalogue, 0, 0, error)) ||
      !(decisions = bs_catalogue_list_decisions (catalogue, 0, 0, error)) ||
      !(self->scores = bs_catalogue_compute_scorecard (catalogue, today, self->due_soon_days, error)))
    return NULL;

  self->phase_by_id = index_by_id (self->phases, G_STRUCT_OFFSET (BsPhase, id));
  self->department_by_id = index_by_id (self->departments, G_STRUCT_OFFSET (BsDepartment, id));
  self->theme_by_id = index_by_id (self->themes, G_STRUCT_OFFSET (BsTheme, id));
  self->task_by_id = index_by_id (self->all_tasks, G_STRUCT_OFFSET (BsTask, id));

  /* The whole rollout's span: the default range. */
  for (guint i = 0; i < self->phases->len; i++)
    {
      const BsPhase *phase = g_ptr_array_index (self->phases, i);

      widen (&first, &last, phase->start);
      widen (&first, &last, phase->end);
    }
  self->tasks = g_array_sized_new (FALSE, TRUE, sizeof (ReportTask), self->all_tasks->len);
  for (guint i = 0; i < self->all_tasks->len; i++)
    {
      const BsTask *task = g_ptr_array_index (self->all_tasks, i);
      ReportTask shown = { task };

      shown.phase = g_hash_table_lookup (self->phase_by_id, &task->phase_id);
      shown.phase_position = shown.phase != NULL ? shown.phase->position : G_MAXINT;
      shown.department = g_hash_table_lookup (self->department_by_id, &task->department_id);
      shown.theme = task->theme_id > 0 ? g_hash_table_lookup (self->theme_by_id, &task->theme_id) : NULL;
      shown.timing = bs_task_get_timing (task, today, self->due_soon_days);
      shown.bar_start = task->start != BS_DATE_NONE && task->start <= task->due ? task->start : task->due;
      widen (&first, &last, shown.bar_start);
      widen (&first, &last, task->due);
      widen (&first, &last, task->completed);
      g_array_append_val (self->tasks, shown);
    }
  if (first == BS_DATE_NONE)
    first = last = today;

  if (from == BS_DATE_NONE && to == BS_DATE_NONE)
    {
      from = first;
      to = last;
    }
  else if (to == BS_DATE_NONE)
    to = MAX (last, from);
  else if (from == BS_DATE_NONE)
    from = MIN (first, to);
  self->from = from;
  self->to = to;

  /* Only what falls in the range. */
  for (guint i = self->tasks->len; i-- > 0;)
    {
      const ReportTask *shown = &g_array_index (self->tasks, ReportTask, i);
      BsDate task_first, task_last;

      task_span (shown, today, &task_first, &task_last);
      if (task_first > to || task_last < from)
        g_array_remove_index (self->tasks, i);
    }
  g_array_sort (self->tasks, compare_report_tasks);

  self->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_decision_free);
  for (guint i = 0; i < decisions->len; i++)
    {
      BsDecision *decision = g_ptr_array_index (decisions, i);

      if (decision->date >= from && decision->date <= to)
        g_ptr_array_add (self->decisions, bs_decision_copy (decision));
    }

  return g_steal_pointer (&self);
}

BsDate
bs_report_get_from (const BsReport *self)
{
  g_return_val_if_fail (self != NULL, BS_DATE_NONE);
  return self->from;
}

BsDate
bs_report_get_to (const BsReport *self)
{
  g_return_val_if_fail (self != NULL, BS_DATE_NONE);
  return self->to;
}

BsDate
bs_report_get_today (const BsReport *self)
{
  g_return_val_if_fail (self != NULL, BS_DATE_NONE);
  return self->today;
}

guint
bs_report_get_n_tasks (const BsReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->tasks->len;
}

guint
bs_report_get_n_decisions (const BsReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->decisions->len;
}

static const BsDepartment *
department_of (const BsReport *self,
               gint64          id)
{
  return g_hash_table_lookup (self->department_by_id, &id);
}

static const char *
task_code_of (const BsReport *self,
              gint64          id)
{
  const BsTask *task = g_hash_table_lookup (self->task_by_id, &id);

  return task != NULL ? task->code : "";
}

/* ------------------------------------------------------------------ */
/* Words shared by the formats */

/* What the bars of the timeline say beside them; NULL for nothing. */
static char *
dup_timing_note (BsTaskTiming timing)
{
  switch (timing.state)
    {
    case BS_TASK_TIMING_OVERDUE:
      /* TRANSLATORS: beside an overdue task on the timeline */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_DUE_SOON:
      if (timing.days == 0)
        /* TRANSLATORS: beside a task due today on the timeline */
        return g_strdup (_("due today"));
      /* TRANSLATORS: beside a task due soon on the timeline */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "due in %d day", "due in %d days",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_LATE:
      /* TRANSLATORS: beside a task accepted after its due date on the timeline */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late", "%d days late",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_OPEN:
    case BS_TASK_TIMING_ON_TIME:
    case BS_N_TASK_TIMINGS:
    default:
      return NULL;
    }
}

/* The latest decision in few words: "Reward, 2026-05-06 (D003)". */
static char *
dup_decision_summary (const BsDecision *decision)
{
  char date[BS_DATE_ISO_SIZE];

  if (decision == NULL)
    return g_strdup ("");
  /* TRANSLATORS: a department's latest decision: its kind, date and code */
  return g_strdup_printf (_("%s, %s (%s)"), bs_decision_kind_get_label (decision->kind),
                          bs_date_format (decision->date, date), decision->code);
}

/* ------------------------------------------------------------------ */
/* Tables: the content of the CSV files and of the spreadsheet's sheets */

typedef enum
{
  CELL_EMPTY,
  CELL_TEXT,     /* Banshi's own words */
  CELL_USER,     /* what people typed: guarded against formulas in CSV */
  CELL_DATE,
  CELL_INTEGER,
  CELL_DECIMAL,  /* one decimal shown */
} CellKind;

typedef struct
{
  CellKind kind;
  char *text;
  BsDate date;
  double number;
} Cell;

typedef struct
{
  const char *sheet_name;      /* translated */
  const char *fallback_name;   /* the English one, when a translation is no sheet name */
  GPtrArray *headers;          /* char *, translated */
  GArray *widths;              /* double, in characters */
  GArray *wraps;               /* gboolean: long text, wrapped in the spreadsheet */
  GArray *cells;               /* Cell, row by row */
  /* The tasks: the columns that decide the red and amber fills. */
  int due_column;
  int completed_column;
} Table;

static void
cell_clear (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->text, g_free);
}

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->headers);
  g_array_unref (table->widths);
  g_array_unref (table->wraps);
  g_array_unref (table->cells);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_new (const char *sheet_name,
           const char *fallback_name)
{
  Table *table = g_new0 (Table, 1);

  table->sheet_name = sheet_name;
  table->fallback_name = fallback_name;
  table->headers = g_ptr_array_new_with_free_func (g_free);
  table->widths = g_array_new (FALSE, FALSE, sizeof (double));
  table->wraps = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (table->cells, cell_clear);
  table->due_column = -1;
  table->completed_column = -1;
  return table;
}

static void
table_add_column_full (Table      *table,
                       const char *header,
                       double      width,
                       gboolean    wrap)
{
  g_ptr_array_add (table->headers, g_strdup (header));
  g_array_append_val (table->widths, width);
  g_array_append_val (table->wraps, wrap);
}

static void
table_add_column (Table      *table,
                  const char *header,
                  double      width)
{
  table_add_column_full (table, header, width, FALSE);
}

/* A column of long text */
static void
table_add_text_column (Table      *table,
                       const char *header,
                       double      width)
{
  table_add_column_full (table, header, width, TRUE);
}

static guint
table_n_columns (const Table *table)
{
  return table->headers->len;
}

static guint
table_n_rows (const Table *table)
{
  return table->cells->len / MAX (table_n_columns (table), 1);
}

static void
table_add_cell (Table      *table,
                CellKind    kind,
                const char *text,
                BsDate      date,
                double      number)
{
  Cell cell = { kind, NULL, date, number };

  if (kind == CELL_TEXT || kind == CELL_USER)
    cell.text = g_utf8_make_valid (text != NULL ? text : "", -1);
  if ((kind == CELL_TEXT || kind == CELL_USER) && cell.text[0] == '\0')
    cell.kind = CELL_EMPTY;
  if (kind == CELL_DATE && date == BS_DATE_NONE)
    cell.kind = CELL_EMPTY;
  g_array_append_val (table->cells, cell);
}

static void
table_add_text (Table      *table,
                const char *text)
{
  table_add_cell (table, CELL_TEXT, text, BS_DATE_NONE, 0);
}

static void
table_add_user (Table      *table,
                const char *text)
{
  table_add_cell (table, CELL_USER, text, BS_DATE_NONE, 0);
}

static void
table_add_date (Table  *table,
                BsDate  date)
{
  table_add_cell (table, CELL_DATE, NULL, date, 0);
}

static void
table_add_integer (Table *table,
                   gint64 value)
{
  table_add_cell (table, CELL_INTEGER, NULL, BS_DATE_NONE, (double) value);
}

static void
table_add_decimal (Table  *table,
                   double  value)
{
  table_add_cell (table, CELL_DECIMAL, NULL, BS_DATE_NONE, value);
}

static void
table_add_empty (Table *table)
{
  table_add_cell (table, CELL_EMPTY, NULL, BS_DATE_NONE, 0);
}

static Table *
tasks_table (const BsReport *self)
{
  Table *table = table_new (C_("sheet name", "Tasks"), "Tasks");
  char today[BS_DATE_ISO_SIZE];
  g_autofree char *state = NULL;

  /* The first cell is never "ID": Excel would take the file for SYLK. */
  table_add_column (table, _("Department"), 20);
  table_add_column (table, _("Department code"), 12);
  table_add_column (table, _("Phase"), 18);
  table_add_column (table, _("Theme"), 20);
  table_add_column (table, _("Task"), 7);
  table_add_text_column (table, _("Deliverable"), 36);
  table_add_column (table, _("Responsible"), 12);
  table_add_column (table, _("Start"), 11);
  table->due_column = (int) table_n_columns (table);
  table_add_column (table, _("Due"), 11);
  table_add_column (table, _("Status"), 11);
  table->completed_column = (int) table_n_columns (table);
  table_add_column (table, _("Completed"), 11);
  /* TRANSLATORS: a column heading: where each task stands on the report's "today" */
  state = g_strdup_printf (_("State on %s"), bs_date_format (self->today, today));
  table_add_column (table, state, 13);
  table_add_column (table, _("Days overdue or late"), 9);
  table_add_column (table, _("Days until due"), 9);
  table_add_text_column (table, _("Notes"), 30);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      const ReportTask *shown = &g_array_index (self->tasks, ReportTask, i);
      const BsTask *task = shown->task;
      BsTaskTimingState timing = shown->timing.state;

      table_add_user (table, shown->department ? shown->department->name : NULL);
      table_add_user (table, shown->department ? shown->department->code : NULL);
      table_add_user (table, shown->phase ? shown->phase->name : NULL);
      table_add_user (table, shown->theme ? shown->theme->name : NULL);
      table_add_user (table, task->code);
      table_add_user (table, task->deliverable);
      table_add_user (table, task->responsible);
      table_add_date (table, task->start);
      table_add_date (table, task->due);
      table_add_text (table, bs_task_status_get_label (task->status));
      table_add_date (table, task->completed);
      table_add_text (table, bs_task_timing_state_get_label (timing));
      if (timing == BS_TASK_TIMING_OVERDUE || timing == BS_TASK_TIMING_LATE)
        table_add_integer (table, shown->timing.days);
      else
        table_add_empty (table);
      if (timing == BS_TASK_TIMING_OPEN || timing == BS_TASK_TIMING_DUE_SOON)
        table_add_integer (table, shown->timing.days);
      else
        table_add_empty (table);
      table_add_user (table, task->notes);
    }
  return table;
}

static Table *
scorecard_table (const BsReport *self)
{
  Table *table = table_new (C_("sheet name", "Scorecard"), "Scorecard");

  table_add_column (table, _("Department"), 24);
  table_add_column (table, _("Department code"), 12);
  table_add_column (table, _("Tasks"), 8);
  table_add_column (table, _("Done"), 8);
  table_add_column (table, _("Done on time"), 10);
  table_add_column (table, _("Overdue now"), 10);
  table_add_column (table, _("Due soon"), 10);
  table_add_column (table, _("Mean delay (days)"), 12);
  table_add_column (table, _("Latest decision"), 16);
  table_add_column (table, _("Decision date"), 12);
  table_add_column (table, _("Decision code"), 10);
  table_add_text_column (table, _("Reason"), 40);

  for (guint i = 0; i < self->scores->len; i++)
    {
      const BsDepartmentScore *score = g_ptr_array_index (self->scores, i);
      const BsDecision *decision = score->latest_decision;

      table_add_user (table, score->department_name);
      table_add_user (table, score->department_code);
      table_add_integer (table, score->n_tasks);
      table_add_integer (table, score->n_done);
      table_add_integer (table, score->n_on_time);
      table_add_integer (table, score->n_overdue);
      table_add_integer (table, score->n_due_soon);
      if (score->mean_delay >= 0)
        table_add_decimal (table, score->mean_delay);
      else
        table_add_empty (table);
      table_add_text (table, decision ? bs_decision_kind_get_label (decision->kind) : NULL);
      table_add_date (table, decision ? decision->date : BS_DATE_NONE);
      table_add_user (table, decision ? decision->code : NULL);
      table_add_user (table, decision ? decision->reason : NULL);
    }
  return table;
}

static Table *
decisions_table (const BsReport *self)
{
  Table *table = table_new (C_("sheet name", "Decisions"), "Decisions");

  table_add_column (table, _("Date"), 11);
  table_add_column (table, _("Kind"), 14);
  table_add_column (table, _("Department"), 24);
  table_add_column (table, _("Department code"), 12);
  table_add_column (table, _("Task"), 8);
  table_add_column (table, _("Decided by"), 14);
  table_add_text_column (table, _("Reason"), 60);
  table_add_column (table, _("Decision code"), 10);

  for (guint i = 0; i < self->decisions->len; i++)
    {
      const BsDecision *decision = g_ptr_array_index (self->decisions, i);
      const BsDepartment *department = department_of (self, decision->department_id);

      table_add_date (table, decision->date);
      table_add_text (table, bs_decision_kind_get_label (decision->kind));
      table_add_user (table, department ? department->name : NULL);
      table_add_user (table, department ? department->code : NULL);
      table_add_user (table, task_code_of (self, decision->task_id));
      table_add_user (table, decision->decided_by);
      table_add_user (table, decision->reason);
      table_add_user (table, decision->code);
    }
  return table;
}

/* ------------------------------------------------------------------ */
/* CSV */

static void
csv_append_cell (GString    *out,
                 const Cell *cell)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  switch (cell->kind)
    {
    case CELL_TEXT:
      bs_csv_append_field (out, cell->text, FALSE);
      break;
    case CELL_USER:
      bs_csv_append_field (out, cell->text, TRUE);
      break;
    case CELL_DATE:
      g_string_append (out, bs_date_format (cell->date, text));
      break;
    case CELL_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) cell->number);
      break;
    case CELL_DECIMAL:
      /* A point whatever the locale, like the dates' ISO form. */
      g_string_append (out, g_ascii_formatd (text, sizeof text, "%.1f", cell->number));
      break;
    case CELL_EMPTY:
    default:
      break;
    }
}

static GBytes *
table_to_csv (const Table *table)
{
  GString *out = g_string_new (BS_CSV_BOM);
  guint n_columns = table_n_columns (table);

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      bs_csv_append_field (out, g_ptr_array_index (table->headers, c), FALSE);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < table_n_rows (table); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_append_cell (out, &g_array_index (table->cells, Cell, r * n_columns + c));
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------------ */
/* XLSX */

/* Excel's longest cell text. */
#define XLSX_MAX_CHARS 32767

#define XLSX_RED_FILL 0xF8CBCB
#define XLSX_AMBER_FILL 0xFDE3A7
#define XLSX_HEADER_FILL 0xE7E9EE

typedef struct
{
  lxw_workbook *workbook;
  lxw_format *header;
  lxw_format *date;
  lxw_format *decimal;
  lxw_format *text;
  lxw_format *wrapped;
  lxw_format *integer;
  lxw_format *overdue;
  lxw_format *due_soon;
  lxw_error error;   /* the first failure */
} Xlsx;

static void
xlsx_check (Xlsx      *x,
            lxw_error  error)
{
  if (x->error == LXW_NO_ERROR)
    x->error = error;
}

/* Excel's column letters, "A" … "ZZ": the tables are far narrower. */
static char *
xlsx_column_name (int column)
{
  if (column < 26)
    return g_strdup_printf ("%c", 'A' + column);
  return g_strdup_printf ("%c%c", 'A' + column / 26 - 1, 'A' + column % 26);
}

static void
xlsx_write_string (Xlsx          *x,
                   lxw_worksheet *sheet,
                   lxw_row_t      row,
                   lxw_col_t      column,
                   const char    *text,
                   lxw_format    *format)
{
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (text, -1) > XLSX_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (text, 0, XLSX_MAX_CHARS - 1);

      text = cut = g_strconcat (head, "…", NULL);
    }
  xlsx_check (x, worksheet_write_string (sheet, row, column, text, format));
}

static void
xlsx_write_cell (Xlsx          *x,
                 lxw_worksheet *sheet,
                 lxw_row_t      row,
                 lxw_col_t      column,
                 const Cell    *cell,
                 gboolean       wrap)
{
  lxw_datetime date = { 0 };

  switch (cell->kind)
    {
    case CELL_TEXT:
    case CELL_USER:
      /* A string cell is never a formula: no guard is needed here. */
      xlsx_write_string (x, sheet, row, column, cell->text, wrap ? x->wrapped : x->text);
      break;
    case CELL_DATE:
      bs_date_get_ymd (cell->date, &date.year, &date.month, &date.day);
      xlsx_check (x, worksheet_write_datetime (sheet, row, column, &date, x->date));
      break;
    case CELL_INTEGER:
      xlsx_check (x, worksheet_write_number (sheet, row, column, cell->number, x->integer));
      break;
    case CELL_DECIMAL:
      xlsx_check (x, worksheet_write_number (sheet, row, column, cell->number, x->decimal));
      break;
    case CELL_EMPTY:
    default:
      break;
    }
}

/* Tasks not accepted (no completion date) whose due date has passed the
 * report's today are red, those due within the window amber — as
 * bs_task_get_timing() judges them. */
static void
xlsx_add_timing_fills (Xlsx           *x,
                       lxw_worksheet  *sheet,
                       const Table    *table,
                       const BsReport *report)
{
  g_autofree char *due = xlsx_column_name (table->due_column);
  g_autofree char *completed = xlsx_column_name (table->completed_column);
  g_autofree char *overdue = NULL;
  g_autofree char *soon = NULL;
  lxw_conditional_format rule = { 0 };
  int y, m, d, sy, sm, sd;
  lxw_row_t last_row = (lxw_row_t) table_n_rows (table);
  lxw_col_t last_column = (lxw_col_t) (table_n_columns (table) - 1);

  if (table_n_rows (table) == 0)
    return;
  bs_date_get_ymd (report->today, &y, &m, &d);
  bs_date_get_ymd (report->today + (BsDate) report->due_soon_days, &sy, &sm, &sd);
  overdue = g_strdup_printf ("=AND($%s2=\"\",$%s2<DATE(%d,%d,%d))", completed, due, y, m, d);
  soon = g_strdup_printf ("=AND($%s2=\"\",$%s2>=DATE(%d,%d,%d),$%s2<=DATE(%d,%d,%d))",
                          completed, due, y, m, d, due, sy, sm, sd);

  rule.type = LXW_CONDITIONAL_TYPE_FORMULA;
  rule.value_string = overdue;
  rule.format = x->overdue;
  xlsx_check (x, worksheet_conditional_format_range (sheet, 1, 0, last_row, last_column, &rule));
  rule.value_string = soon;
  rule.format = x->due_soon;
  xlsx_check (x, worksheet_conditional_format_range (sheet, 1, 0, last_row, last_column, &rule));
}

/* LibreOffice keeps the rows of a file at their stored height, so the
 * rows that wrapped text makes taller are given a height: the lines
 * @text takes in a column @width characters wide (CJK characters count
 * two), at most 8. */
#define XLSX_LINE_HEIGHT 15.0
#define XLSX_MAX_LINES 8

static guint
xlsx_count_lines (const char *text,
                  double      width)
{
  guint lines = 1;
  double used = 0;

  width = MAX (width - 1, 1);
  for (const char *s = text; *s != '\0' && lines < XLSX_MAX_LINES; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);
      double w = g_unichar_iswide (c) ? 2 : 1;

      if (c == '\n')
        {
          lines++;
          used = 0;
          continue;
        }
      if (used + w > width)
        {
          lines++;
          used = 0;
        }
      used += w;
    }
  return lines;
}

static void
xlsx_add_table (Xlsx           *x,
                const Table    *table,
                const BsReport *report)
{
  const char *name = table->sheet_name;
  lxw_worksheet *sheet;
  guint n_columns = table_n_columns (table);
  guint n_rows = table_n_rows (table);
  guint lines = 1;

  /* A translation that Excel would refuse as a sheet name is not used. */
  if (workbook_validate_sheet_name (x->workbook, name) != LXW_NO_ERROR)
    name = table->fallback_name;
  if (!(sheet = workbook_add_worksheet (x->workbook, name)))
    {
      xlsx_check (x, LXW_ERROR_MEMORY_MALLOC_FAILED);
      return;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const char *header = g_ptr_array_index (table->headers, c);
      double width = g_array_index (table->widths, double, c);

      xlsx_check (x, worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, width, NULL));
      xlsx_write_string (x, sheet, 0, (lxw_col_t) c, header, x->header);
      lines = MAX (lines, xlsx_count_lines (header, width));
    }
  if (lines > 1)
    xlsx_check (x, worksheet_set_row (sheet, 0, lines * XLSX_LINE_HEIGHT, NULL));
  for (guint r = 0; r < n_rows; r++)
    {
      lines = 1;
      for (guint c = 0; c < n_columns; c++)
        {
          const Cell *cell = &g_array_index (table->cells, Cell, r * n_columns + c);
          gboolean wrap = g_array_index (table->wraps, gboolean, c);

          xlsx_write_cell (x, sheet, (lxw_row_t) r + 1, (lxw_col_t) c, cell, wrap);
          if (wrap && cell->text != NULL)
            lines = MAX (lines, xlsx_count_lines (cell->text, g_array_index (table->widths, double, c)));
        }
      if (lines > 1)
        xlsx_check (x, worksheet_set_row (sheet, (lxw_row_t) r + 1, lines * XLSX_LINE_HEIGHT, NULL));
    }

  worksheet_freeze_panes (sheet, 1, 0);
  xlsx_check (x, worksheet_autofilter (sheet, 0, 0, (lxw_row_t) n_rows, (lxw_col_t) (n_columns - 1)));
  if (table->due_column >= 0 && table->completed_column >= 0)
    xlsx_add_timing_fills (x, sheet, table, report);

  /* Printed: A4 landscape, as wide as a page, the header on every page. */
  worksheet_set_landscape (sheet);
  worksheet_set_paper (sheet, 9);
  worksheet_set_margins (sheet, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages (sheet, 1, 0);
  xlsx_check (x, worksheet_repeat_rows (sheet, 0, 0));
}

static lxw_format *
xlsx_add_format (Xlsx *x)
{
  lxw_format *format = workbook_add_format (x->workbook);

  if (format == NULL)
    xlsx_check (x, LXW_ERROR_MEMORY_MALLOC_FAILED);
  return format;
}

static gboolean
write_xlsx (const BsReport  *self,
            const char      *path,
            GError         **error)
{
  g_autoptr(Table) tasks = tasks_table (self);
  g_autoptr(Table) scores = scorecard_table (self);
  g_autoptr(Table) decisions = decisions_table (self);
  g_autofree char *title = NULL;
  g_autofree char *comments = NULL;
  lxw_doc_properties properties = { 0 };
  char from[BS_DATE_ISO_SIZE], to[BS_DATE_ISO_SIZE], today[BS_DATE_ISO_SIZE];
  Xlsx x = { 0 };
  lxw_error closed;

  if (!(x.workbook = workbook_new (path)))
    {
      g_set_error_literal (error, BS_REPORT_ERROR, BS_REPORT_ERROR_FAILED,
                           _("Could not start the spreadsheet: out of memory"));
      return FALSE;
    }

  if ((x.header = xlsx_add_format (&x)))
    {
      format_set_bold (x.header);
      format_set_bg_color (x.header, XLSX_HEADER_FILL);
      format_set_bottom (x.header, LXW_BORDER_THIN);
      format_set_text_wrap (x.header);
      format_set_align (x.header, LXW_ALIGN_VERTICAL_TOP);
    }
  /* Cells at the top of rows that long text makes taller */
  if ((x.date = xlsx_add_format (&x)))
    {
      format_set_num_format (x.date, "yyyy-mm-dd");
      format_set_align (x.date, LXW_ALIGN_VERTICAL_TOP);
    }
  if ((x.decimal = xlsx_add_format (&x)))
    {
      format_set_num_format (x.decimal, "0.0");
      format_set_align (x.decimal, LXW_ALIGN_VERTICAL_TOP);
    }
  if ((x.integer = xlsx_add_format (&x)))
    format_set_align (x.integer, LXW_ALIGN_VERTICAL_TOP);
  if ((x.text = xlsx_add_format (&x)))
    format_set_align (x.text, LXW_ALIGN_VERTICAL_TOP);
  if ((x.wrapped = xlsx_add_format (&x)))
    {
      format_set_align (x.wrapped, LXW_ALIGN_VERTICAL_TOP);
      format_set_text_wrap (x.wrapped);
    }
  if ((x.overdue = xlsx_add_format (&x)))
    format_set_bg_color (x.overdue, XLSX_RED_FILL);
  if ((x.due_soon = xlsx_add_format (&x)))
    format_set_bg_color (x.due_soon, XLSX_AMBER_FILL);

  /* TRANSLATORS: the title of a report: the catalogue's name */
  title = g_strdup_printf (_("%s: rollout report"), self->name);
  /* TRANSLATORS: the spreadsheet's properties: the range and the day it describes */
  comments = g_strdup_printf (_("From %s to %s, as of %s"), bs_date_format (self->from, from),
                              bs_date_format (self->to, to), bs_date_format (self->today, today));
  properties.title = title;
  properties.comments = comments;
  properties.author = (char *) "Banshi " PACKAGE_VERSION;
  xlsx_check (&x, workbook_set_properties (x.workbook, &properties));

  if (x.error == LXW_NO_ERROR)
    {
      xlsx_add_table (&x, tasks, self);
      xlsx_add_table (&x, scores, self);
      xlsx_add_table (&x, decisions, self);
    }

  /* Closing writes the file and frees the workbook, whatever went before. */
  closed = workbook_close (x.workbook);
  xlsx_check (&x, closed);
  if (x.error != LXW_NO_ERROR)
    {
      g_set_error (error, BS_REPORT_ERROR, BS_REPORT_ERROR_FAILED,
                   _("Could not make the spreadsheet: %s"), lxw_strerror (x.error));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* PDF */

#define PAGE_WIDTH BS_REPORT_PAGE_WIDTH
#define PAGE_HEIGHT BS_REPORT_PAGE_HEIGHT
#define MARGIN_X 36.0
#define CONTENT_LEFT MARGIN_X
#define CONTENT_RIGHT (PAGE_WIDTH - MARGIN_X)
#define CONTENT_WIDTH (CONTENT_RIGHT - CONTENT_LEFT)
#define CONTENT_TOP 32.0
#define CONTENT_BOTTOM (PAGE_HEIGHT - 40.0)
#define FOOTER_TOP (CONTENT_BOTTOM + 14.0)

/* The timeline: a label column, then the chart. */
#define LABEL_WIDTH 214.0
#define CODE_WIDTH 32.0
#define RESPONSIBLE_WIDTH 44.0
#define CHART_LEFT (CONTENT_LEFT + LABEL_WIDTH)
#define CHART_WIDTH (CONTENT_RIGHT - CHART_LEFT)
#define PHASE_ROW_HEIGHT 16.0
#define MONTH_ROW_HEIGHT 14.0
#define WEEK_ROW_HEIGHT 12.0
#define AXIS_HEIGHT (PHASE_ROW_HEIGHT + MONTH_ROW_HEIGHT + WEEK_ROW_HEIGHT)
#define HEADING_ROW_HEIGHT 17.0
#define TASK_ROW_HEIGHT 14.0
#define BAR_HEIGHT 8.0
#define DIAMOND_RADIUS 4.5
/* Labels of weeks need this much room, in points. */
#define WEEK_LABEL_MIN_WIDTH 13.0

/* Tables */
#define TABLE_ROW_HEIGHT 18.0
#define TABLE_PADDING 4.0

#define FONT_FAMILY "Noto Sans CJK SC,Sans"
#define SHORT_TEXT_MAX_CHARS 200

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_BODY,
  STYLE_NOTE,
  STYLE_LABEL,        /* the timeline's rows, table cells */
  STYLE_LABEL_BOLD,
  STYLE_DEPARTMENT,   /* a department's heading on the timeline */
  STYLE_AXIS,         /* month and phase names */
  STYLE_SMALL,        /* week days, notes beside bars: the smallest text, 7 pt */
  STYLE_TABLE_HEAD,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const struct
{
  double size;
  PangoWeight weight;
  double grey;
} styles[N_STYLES] = {
  [STYLE_TITLE] = { 18, PANGO_WEIGHT_BOLD, 0 },
  [STYLE_SUBTITLE] = { 10.5, PANGO_WEIGHT_NORMAL, 0.3 },
  [STYLE_HEADING] = { 13, PANGO_WEIGHT_BOLD, 0 },
  [STYLE_BODY] = { 9.5, PANGO_WEIGHT_NORMAL, 0 },
  [STYLE_NOTE] = { 8.5, PANGO_WEIGHT_NORMAL, 0.35 },
  [STYLE_LABEL] = { 8, PANGO_WEIGHT_NORMAL, 0 },
  [STYLE_LABEL_BOLD] = { 8, PANGO_WEIGHT_BOLD, 0 },
  [STYLE_DEPARTMENT] = { 9, PANGO_WEIGHT_BOLD, 0 },
  [STYLE_AXIS] = { 8, PANGO_WEIGHT_NORMAL, 0.15 },
  [STYLE_SMALL] = { 7, PANGO_WEIGHT_NORMAL, 0.3 },
  [STYLE_TABLE_HEAD] = { 8.5, PANGO_WEIGHT_BOLD, 0 },
  [STYLE_FOOTER] = { 8, PANGO_WEIGHT_NORMAL, 0.4 },
};

typedef struct
{
  double r, g, b;
} Colour;

/* Where a task stands: overdue red, due soon amber, done on time green,
 * done late a dark brown, open a quiet blue-grey. */
static const Colour timing_colours[BS_N_TASK_TIMINGS] = {
  [BS_TASK_TIMING_OPEN] = { 0.55, 0.64, 0.74 },
  [BS_TASK_TIMING_DUE_SOON] = { 0.96, 0.66, 0.10 },
  [BS_TASK_TIMING_OVERDUE] = { 0.84, 0.16, 0.16 },
  [BS_TASK_TIMING_ON_TIME] = { 0.22, 0.56, 0.24 },
  [BS_TASK_TIMING_LATE] = { 0.42, 0.27, 0.11 },
};
static const Colour today_colour = { 0.78, 0.05, 0.35 };
/* Phases, in turn */
static const Colour phase_colours[] = {
  { 0.85, 0.90, 0.96 },
  { 0.89, 0.94, 0.85 },
  { 0.97, 0.91, 0.84 },
  { 0.92, 0.88, 0.95 },
};

typedef enum
{
  ROW_HEADING,
  ROW_TASK,
} RowKind;

typedef struct
{
  RowKind kind;
  const BsDepartment *department;
  guint task;          /* ROW_TASK: index in the report's tasks */
  guint n_tasks;       /* ROW_HEADING: the department's tasks in the range */
  guint n_overdue;
  guint n_due_soon;
} Row;

typedef struct
{
  const BsReport *report;
  cairo_t *cr;
  PangoContext *context;
  PangoFontDescription *fonts[N_STYLES];
  char *footer_title;
  GArray *rows;        /* Row: the timeline */

  gboolean drawing;    /* the second pass */
  int page;            /* from 1 */
  int n_pages;         /* known in the second pass */
  double y;            /* where the next thing's top goes */
  double day_width;    /* the timeline's scale, in points */
} Printer;

/* ------------------------------------------------------------------ */
/* Text */

/* Whether @text is in a script written with full-width characters. */
static gboolean
has_cjk (const char *text)
{
  for (const char *s = text; *s != '\0'; s = g_utf8_next_char (s))
    switch (g_unichar_get_script (g_utf8_get_char (s)))
      {
      case G_UNICODE_SCRIPT_HAN:
      case G_UNICODE_SCRIPT_HIRAGANA:
      case G_UNICODE_SCRIPT_KATAKANA:
      case G_UNICODE_SCRIPT_HANGUL:
      case G_UNICODE_SCRIPT_BOPOMOFO:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

/* @text on one line: control characters (line breaks) become spaces, and
 * very long text is cut, so that a label cannot take a page. */
static char *
dup_one_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *line = g_string_new (NULL);
  const char *s = valid;

  for (guint n = 0; *s != '\0' && n < SHORT_TEXT_MAX_CHARS; s = g_utf8_next_char (s), n++)
    {
      gunichar c = g_utf8_get_char (s);

      g_string_append_unichar (line, g_unichar_iscntrl (c) ? ' ' : c);
    }
  if (*s != '\0')
    g_string_append (line, "…");
  return g_string_free (line, FALSE);
}

/* A layout of @text, @width wide (≤ 0: as wide as it is). @max_lines 1:
 * one line, ellipsized; more: wrapped and ellipsized after that many;
 * 0: wrapped. @ours: Banshi's words, whose quotes and apostrophes get
 * their proportional forms in the CJK font unless they are CJK. */
static PangoLayout *
new_layout (Printer    *p,
            Style       style,
            const char *text,
            gboolean    ours,
            double      width,
            int         max_lines)
{
  PangoLayout *layout = pango_layout_new (p->context);
  g_autofree char *valid = NULL;

  if (max_lines == 1)
    valid = dup_one_line (text);
  else
    valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  pango_layout_set_font_description (layout, p->fonts[style]);
  if (width > 0)
    pango_layout_set_width (layout, (int) (MAX (width, 4.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (max_lines == 1)
    {
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else if (max_lines > 1)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, valid, -1);
  if (ours && !has_cjk (valid))
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_font_features_new ("pwid"));
      pango_layout_set_attributes (layout, attributes);
    }
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *out_width,
             double      *out_height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (out_width != NULL)
    *out_width = (double) logical.width / PANGO_SCALE;
  if (out_height != NULL)
    *out_height = (double) logical.height / PANGO_SCALE;
}

static double
text_width (Printer    *p,
            Style       style,
            const char *text,
            gboolean    ours)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, ours, -1, 1);
  double width;

  layout_size (layout, &width, NULL);
  return width;
}

static void
set_colour (Printer      *p,
            const Colour *colour)
{
  cairo_set_source_rgb (p->cr, colour->r, colour->g, colour->b);
}

static void
set_grey (Printer *p,
          double   grey)
{
  cairo_set_source_rgb (p->cr, grey, grey, grey);
}

/* Draws @layout with its top left at (@x, @y) in the current colour. */
static void
show_layout (Printer     *p,
             PangoLayout *layout,
             double       x,
             double       y)
{
  if (!p->drawing)
    return;
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* One line of text in a box @width wide, vertically centred on @middle;
 * @align: 0 left, 1 right. Returns the width drawn. */
static double
draw_line (Printer    *p,
           Style       style,
           const char *text,
           gboolean    ours,
           double      x,
           double      middle,
           double      width,
           double      align)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, ours, width, 1);
  double w, h;

  layout_size (layout, &w, &h);
  if (width > 0 && w > width)
    w = width;
  if (p->drawing)
    {
      set_grey (p, styles[style].grey);
      show_layout (p, layout, x + (width > 0 ? (width - w) * align : 0), middle - h / 2);
    }
  return w;
}

/* A paragraph across the page, moving down. */
static void
emit_paragraph (Printer    *p,
                Style       style,
                const char *text,
                gboolean    ours)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, ours, CONTENT_WIDTH, 0);
  double height;

  layout_size (layout, NULL, &height);
  if (p->drawing)
    {
      set_grey (p, styles[style].grey);
      show_layout (p, layout, CONTENT_LEFT, p->y);
    }
  p->y += height;
}

/* ------------------------------------------------------------------ */
/* Pages */

static void
draw_footer (Printer *p)
{
  g_autofree char *number = NULL;
  double number_width, middle = FOOTER_TOP + styles[STYLE_FOOTER].size * 0.75;

  /* TRANSLATORS: at the foot of each page of a printed report */
  number = g_strdup_printf (_("Page %d of %d"), p->page, p->n_pages);
  number_width = text_width (p, STYLE_FOOTER, number, TRUE);

  set_grey (p, styles[STYLE_FOOTER].grey);
  cairo_set_line_width (p->cr, 0.5);
  cairo_move_to (p->cr, CONTENT_LEFT, FOOTER_TOP - 5);
  cairo_line_to (p->cr, CONTENT_RIGHT, FOOTER_TOP - 5);
  cairo_stroke (p->cr);
  draw_line (p, STYLE_FOOTER, number, TRUE, CONTENT_RIGHT - number_width, middle, number_width, 1);
  draw_line (p, STYLE_FOOTER, p->footer_title, FALSE, CONTENT_LEFT, middle,
             CONTENT_WIDTH - number_width - 24, 0);
}

static void
end_page (Printer *p)
{
  if (!p->drawing)
    return;
  draw_footer (p);
  cairo_show_page (p->cr);
}

static void
new_page (Printer *p)
{
  end_page (p);
  p->page++;
  p->y = CONTENT_TOP;
}

/* A section heading with a rule under it. */
static void
emit_heading (Printer    *p,
              const char *text)
{
  if (p->y > CONTENT_TOP)
    p->y += 12;
  emit_paragraph (p, STYLE_HEADING, text, TRUE);
  if (p->drawing)
    {
      set_grey (p, 0.6);
      cairo_set_line_width (p->cr, 0.6);
      cairo_move_to (p->cr, CONTENT_LEFT, p->y + 1.5);
      cairo_line_to (p->cr, CONTENT_RIGHT, p->y + 1.5);
      cairo_stroke (p->cr);
    }
  p->y += 6;
}

/* ------------------------------------------------------------------ */
/* The title */

static void
print_title (Printer *p)
{
  const BsReport *report = p->report;
  char from[BS_DATE_ISO_SIZE], to[BS_DATE_ISO_SIZE], today[BS_DATE_ISO_SIZE];
  guint counts[BS_N_TASK_TIMINGS] = { 0 };
  g_autofree char *subtitle = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *summary = NULL;
  guint n = report->tasks->len;

  for (guint i = 0; i < n; i++)
    counts[g_array_index (report->tasks, ReportTask, i).timing.state]++;

  emit_paragraph (p, STYLE_TITLE, report->name, FALSE);
  p->y += 2;
  /* TRANSLATORS: under the catalogue's name on a printed report: the
   * range of dates, the day the report describes, the due-soon window */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Rollout report from %s to %s, as of %s (due soon: within %d day)",
                                           "Rollout report from %s to %s, as of %s (due soon: within %d days)",
                                           report->due_soon_days),
                              bs_date_format (report->from, from), bs_date_format (report->to, to),
                              bs_date_format (report->today, today), report->due_soon_days);
  emit_paragraph (p, STYLE_SUBTITLE, subtitle, TRUE);
  p->y += 2;
  tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task in this range",
                                        "%u tasks in this range", n), n);
  /* TRANSLATORS: "50 tasks in this range: 24 done (19 on time, 5 late), 3 overdue, 3 due soon, 20 open" */
  summary = g_strdup_printf (_("%s: %u done (%u on time, %u late), %u overdue, %u due soon, %u open"),
                             tasks, counts[BS_TASK_TIMING_ON_TIME] + counts[BS_TASK_TIMING_LATE],
                             counts[BS_TASK_TIMING_ON_TIME], counts[BS_TASK_TIMING_LATE],
                             counts[BS_TASK_TIMING_OVERDUE], counts[BS_TASK_TIMING_DUE_SOON],
                             counts[BS_TASK_TIMING_OPEN]);
  emit_paragraph (p, STYLE_BODY, summary, TRUE);
}

/* ------------------------------------------------------------------ */
/* The timeline */

static GArray *
timeline_rows (const BsReport *report)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  guint heading = 0;

  for (guint i = 0; i < report->tasks->len; i++)
    {
      const ReportTask *shown = &g_array_index (report->tasks, ReportTask, i);
      Row row = { ROW_TASK, shown->department, i };
      Row *head;

      if (rows->len == 0 || g_array_index (rows, Row, heading).department != shown->department)
        {
          Row start = { ROW_HEADING, shown->department };

          heading = rows->len;
          g_array_append_val (rows, start);
        }
      head = &g_array_index (rows, Row, heading);
      head->n_tasks++;
      head->n_overdue += shown->timing.state == BS_TASK_TIMING_OVERDUE;
      head->n_due_soon += shown->timing.state == BS_TASK_TIMING_DUE_SOON;
      g_array_append_val (rows, row);
    }
  return rows;
}

static double
row_height (const Row *row)
{
  return row->kind == ROW_HEADING ? HEADING_ROW_HEIGHT : TASK_ROW_HEIGHT;
}

/* The left edge of @date's day on the chart. */
static double
date_x (Printer *p,
        BsDate   date)
{
  return CHART_LEFT + ((double) date - (double) p->report->from) * p->day_width;
}

static BsDate
month_start (BsDate date)
{
  int year, month, day;

  bs_date_get_ymd (date, &year, &month, &day);
  return bs_date_new (year, month, 1);
}

static BsDate
next_month (BsDate first_of_month)
{
  int year, month, day;

  bs_date_get_ymd (first_of_month, &year, &month, &day);
  return month == 12 ? bs_date_new (year + 1, 1, 1) : bs_date_new (year, month + 1, 1);
}

static gboolean
is_monday (BsDate date)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, date);
  return g_date_get_weekday (&day) == G_DATE_MONDAY;
}

/* The phases, shaded: across the axis's top row with their names, and
 * faintly behind the rows from @top to @bottom. */
static void
draw_phases (Printer *p,
             double   axis_top,
             double   body_top,
             double   body_bottom)
{
  const BsReport *report = p->report;

  for (guint i = 0; i < report->phases->len; i++)
    {
      const BsPhase *phase = g_ptr_array_index (report->phases, i);
      const Colour *colour = &phase_colours[i % G_N_ELEMENTS (phase_colours)];
      BsDate start, end;
      double x0, x1;

      if (phase->start == BS_DATE_NONE || phase->end == BS_DATE_NONE || phase->end < phase->start ||
          phase->end < report->from || phase->start > report->to)
        continue;
      start = MAX (phase->start, report->from);
      end = MIN (phase->end, report->to);
      x0 = date_x (p, start);
      x1 = date_x (p, end + 1);

      set_colour (p, colour);
      cairo_rectangle (p->cr, x0, axis_top, x1 - x0, PHASE_ROW_HEIGHT);
      cairo_fill (p->cr);
      cairo_set_source_rgba (p->cr, colour->r, colour->g, colour->b, 0.45);
      cairo_rectangle (p->cr, x0, body_top, x1 - x0, body_bottom - body_top);
      cairo_fill (p->cr);
      /* Where it begins and ends */
      set_grey (p, 0.55);
      cairo_set_line_width (p->cr, 0.5);
      cairo_rectangle (p->cr, x0, axis_top, x1 - x0, PHASE_ROW_HEIGHT);
      cairo_stroke (p->cr);
      if (x1 - x0 > 16)
        draw_line (p, STYLE_AXIS, phase->name, FALSE, x0 + 3, axis_top + PHASE_ROW_HEIGHT / 2,
                   x1 - x0 - 6, 0);
    }
}

/* Months and weeks: names in the axis, lines through the rows. */
static void
draw_calendar (Printer *p,
               double   axis_top,
               double   body_bottom)
{
  const BsReport *report = p->report;
  double month_top = axis_top + PHASE_ROW_HEIGHT;
  double week_top = month_top + MONTH_ROW_HEIGHT;
  double week_width = 7 * p->day_width;

  /* Weeks: a faint line on each Monday, its day of the month above. */
  for (BsDate day = report->from; day <= report->to; day++)
    {
      double x;

      if (!is_monday (day) || week_width < 4)
        continue;
      x = date_x (p, day);
      set_grey (p, 0.86);
      cairo_set_line_width (p->cr, 0.3);
      cairo_move_to (p->cr, x, week_top);
      cairo_line_to (p->cr, x, body_bottom);
      cairo_stroke (p->cr);
      if (week_width >= WEEK_LABEL_MIN_WIDTH && x + week_width <= CONTENT_RIGHT + 0.5)
        {
          int year, month, mday;
          g_autofree char *label = NULL;

          bs_date_get_ymd (day, &year, &month, &mday);
          label = g_strdup_printf ("%d", mday);
          draw_line (p, STYLE_SMALL, label, TRUE, x + 1.5, week_top + WEEK_ROW_HEIGHT / 2,
                     week_width - 2, 0);
        }
    }

  /* Months: a stronger line where each begins, "2026-03" beside it (or
   * "3", or nothing, as room allows). */
  for (BsDate start = month_start (report->from); start != BS_DATE_NONE && start <= report->to;
       start = next_month (start))
    {
      BsDate end = next_month (start);
      double x0 = date_x (p, MAX (start, report->from));
      double x1 = date_x (p, end != BS_DATE_NONE ? MIN (end, report->to + 1) : report->to + 1);
      int year, month, day;
      g_autofree char *full = NULL;
      g_autofree char *month_only = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double width;

      if (start >= report->from)
        {
          set_grey (p, 0.62);
          cairo_set_line_width (p->cr, 0.6);
          cairo_move_to (p->cr, x0, month_top);
          cairo_line_to (p->cr, x0, body_bottom);
          cairo_stroke (p->cr);
        }
      bs_date_get_ymd (start, &year, &month, &day);
      full = g_strdup_printf ("%04d-%02d", year, month);
      month_only = month == 1 ? g_strdup_printf ("%04d", year) : g_strdup_printf ("%d", month);
      layout = new_layout (p, STYLE_AXIS, full, TRUE, -1, 1);
      layout_size (layout, &width, NULL);
      if (x1 - x0 >= width + 5)
        draw_line (p, STYLE_AXIS, full, TRUE, x0 + 2.5, month_top + MONTH_ROW_HEIGHT / 2, x1 - x0 - 3, 0);
      else
        {
          g_clear_object (&layout);
          layout = new_layout (p, STYLE_AXIS, month_only, TRUE, -1, 1);
          layout_size (layout, &width, NULL);
          if (x1 - x0 >= width + 3)
            draw_line (p, STYLE_AXIS, month_only, TRUE, x0 + 1.5, month_top + MONTH_ROW_HEIGHT / 2,
                       x1 - x0 - 2, 0);
        }
    }

  /* The axis's frame */
  set_grey (p, 0.45);
  cairo_set_line_width (p->cr, 0.6);
  cairo_move_to (p->cr, CHART_LEFT, month_top);
  cairo_line_to (p->cr, CONTENT_RIGHT, month_top);
  cairo_move_to (p->cr, CONTENT_LEFT, week_top + WEEK_ROW_HEIGHT);
  cairo_line_to (p->cr, CONTENT_RIGHT, week_top + WEEK_ROW_HEIGHT);
  cairo_move_to (p->cr, CHART_LEFT, axis_top);
  cairo_line_to (p->cr, CHART_LEFT, body_bottom);
  cairo_stroke (p->cr);
}

static void
draw_diamond (Printer      *p,
              double        x,
              double        middle,
              const Colour *fill)
{
  cairo_new_path (p->cr);
  cairo_move_to (p->cr, x, middle - DIAMOND_RADIUS);
  cairo_line_to (p->cr, x + DIAMOND_RADIUS, middle);
  cairo_line_to (p->cr, x, middle + DIAMOND_RADIUS);
  cairo_line_to (p->cr, x - DIAMOND_RADIUS, middle);
  cairo_close_path (p->cr);
  set_colour (p, fill);
  cairo_fill_preserve (p->cr);
  cairo_set_source_rgb (p->cr, 1, 1, 1);
  cairo_set_line_width (p->cr, 0.8);
  cairo_stroke (p->cr);
}

static void
draw_heading_row (Printer   *p,
                  const Row *row,
                  gboolean   continued,
                  double     top)
{
  const BsDepartment *department = row->department;
  double middle = top + HEADING_ROW_HEIGHT / 2;
  g_autofree char *name = NULL;
  g_autoptr(GString) facts = g_string_new (NULL);
  double width;

  set_grey (p, 0.88);
  cairo_rectangle (p->cr, CONTENT_LEFT, top + 1, CONTENT_WIDTH, HEADING_ROW_HEIGHT - 1);
  cairo_fill (p->cr);

  if (continued)
    /* TRANSLATORS: a department's heading on the timeline, repeated at the
     * top of the next page */
    name = g_strdup_printf (_("%s (continued)"), department ? department->name : "?");
  else
    name = g_strdup (department ? department->name : "?");
  width = draw_line (p, STYLE_DEPARTMENT, name, FALSE, CONTENT_LEFT + 4, middle, LABEL_WIDTH + 150, 0);

  if (department != NULL)
    g_string_append_printf (facts, "%s  ·  ", department->code);
  g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", row->n_tasks),
                          row->n_tasks);
  if (row->n_overdue > 0)
    {
      g_string_append (facts, C_("list", ", "));
      /* TRANSLATORS: in a department's heading on the timeline */
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue",
                                                  row->n_overdue),
                              row->n_overdue);
    }
  if (row->n_due_soon > 0)
    {
      g_string_append (facts, C_("list", ", "));
      /* TRANSLATORS: in a department's heading on the timeline */
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%u due soon", "%u due soon",
                                                  row->n_due_soon),
                              row->n_due_soon);
    }
  draw_line (p, STYLE_NOTE, facts->str, FALSE, CONTENT_LEFT + 4 + width + 10, middle,
             CONTENT_WIDTH - width - 18, 0);
}

static void
draw_task_row (Printer   *p,
               const Row *row,
               double     top)
{
  const BsReport *report = p->report;
  const ReportTask *shown = &g_array_index (report->tasks, ReportTask, row->task);
  const BsTask *task = shown->task;
  const Colour *colour = &timing_colours[shown->timing.state];
  double middle = top + TASK_ROW_HEIGHT / 2;
  double x0, x1, reach, left_edge;
  g_autofree char *note = dup_timing_note (shown->timing);
  const char *about = shown->theme != NULL ? shown->theme->name : task->deliverable;

  /* The label column: code, theme (or deliverable), responsible. */
  draw_line (p, STYLE_LABEL_BOLD, task->code, FALSE, CONTENT_LEFT + 10, middle, CODE_WIDTH - 4, 0);
  draw_line (p, STYLE_LABEL, about, FALSE, CONTENT_LEFT + 10 + CODE_WIDTH, middle,
             LABEL_WIDTH - 10 - CODE_WIDTH - RESPONSIBLE_WIDTH - 6, 0);
  draw_line (p, STYLE_NOTE, task->responsible, FALSE, CHART_LEFT - RESPONSIBLE_WIDTH - 4, middle,
             RESPONSIBLE_WIDTH, 1);

  /* The chart, clipped to the range */
  cairo_save (p->cr);
  cairo_rectangle (p->cr, CHART_LEFT, top, CHART_WIDTH, TASK_ROW_HEIGHT);
  cairo_clip (p->cr);

  x0 = date_x (p, shown->bar_start);
  x1 = date_x (p, task->due + 1);
  reach = x1;
  left_edge = x0;

  /* Past the due date: to today while overdue, to the completion when late. */
  if (shown->timing.state == BS_TASK_TIMING_OVERDUE || shown->timing.state == BS_TASK_TIMING_LATE)
    {
      BsDate until = shown->timing.state == BS_TASK_TIMING_OVERDUE ? report->today : task->completed;
      double x2 = date_x (p, until) + p->day_width / 2;

      set_colour (p, colour);
      cairo_set_line_width (p->cr, 1.6);
      cairo_set_dash (p->cr, (double[]) { 3, 2 }, 2, 0);
      cairo_move_to (p->cr, x1, middle);
      cairo_line_to (p->cr, x2, middle);
      cairo_stroke (p->cr);
      cairo_set_dash (p->cr, NULL, 0, 0);
      reach = MAX (reach, x2);
    }

  set_colour (p, colour);
  cairo_rectangle (p->cr, x0, middle - BAR_HEIGHT / 2, MAX (x1 - x0, 1.5), BAR_HEIGHT);
  cairo_fill_preserve (p->cr);
  cairo_set_source_rgba (p->cr, 0, 0, 0, 0.35);
  cairo_set_line_width (p->cr, 0.5);
  cairo_stroke (p->cr);

  if (task->completed != BS_DATE_NONE)
    {
      double x = date_x (p, task->completed) + p->day_width / 2;
      static const Colour black = { 0.1, 0.1, 0.1 };

      draw_diamond (p, x, middle, &black);
      reach = MAX (reach, x + DIAMOND_RADIUS);
      left_edge = MIN (left_edge, x - DIAMOND_RADIUS);
    }
  cairo_restore (p->cr);

  /* What the colour means, in words, beside the bar where there is room. */
  if (note != NULL)
    {
      g_autoptr(PangoLayout) layout = new_layout (p, STYLE_SMALL, note, TRUE, -1, 1);
      double width, height;

      /* Darker than the bar, to read on white */
      Colour ink = { colour->r * 0.7, colour->g * 0.7, colour->b * 0.7 };

      layout_size (layout, &width, &height);
      reach = MAX (reach, CHART_LEFT);
      left_edge = MIN (left_edge, CONTENT_RIGHT);
      set_colour (p, &ink);
      if (reach + 3 + width <= CONTENT_RIGHT)
        show_layout (p, layout, reach + 3, middle - height / 2);
      else if (left_edge - 3 - width >= CHART_LEFT)
        show_layout (p, layout, left_edge - 3 - width, middle - height / 2);
      else if (p->drawing)
        {
          /* The bar fills the row: on a white patch at its right end. */
          double x = CONTENT_RIGHT - width - 3;

          cairo_set_source_rgba (p->cr, 1, 1, 1, 0.9);
          cairo_rectangle (p->cr, x - 2, middle - height / 2, width + 4, height);
          cairo_fill (p->cr);
          set_colour (p, &ink);
          show_layout (p, layout, x, middle - height / 2);
        }
    }
}

/* The line on today, through the rows, pointed at from the axis. */
static void
draw_today (Printer *p,
            double   body_top,
            double   body_bottom)
{
  const BsReport *report = p->report;
  double x;

  if (report->today < report->from || report->today > report->to)
    return;
  x = date_x (p, report->today) + p->day_width / 2;
  set_colour (p, &today_colour);
  cairo_set_line_width (p->cr, 1.2);
  cairo_move_to (p->cr, x, body_top);
  cairo_line_to (p->cr, x, body_bottom);
  cairo_stroke (p->cr);
  cairo_move_to (p->cr, x - 3.5, body_top - 4.5);
  cairo_line_to (p->cr, x + 3.5, body_top - 4.5);
  cairo_line_to (p->cr, x, body_top);
  cairo_close_path (p->cr);
  cairo_fill (p->cr);
}

typedef enum
{
  SWATCH_NONE,
  SWATCH_BAR,
  SWATCH_DIAMOND,
  SWATCH_PAST_DUE,
  SWATCH_TODAY,
  SWATCH_PHASE,
} Swatch;

#define LEGEND_LINE_HEIGHT 14.0
#define SWATCH_WIDTH 18.0

static void
draw_swatch (Printer           *p,
             Swatch             swatch,
             BsTaskTimingState  state,
             double             x,
             double             middle)
{
  static const Colour black = { 0.1, 0.1, 0.1 };

  switch (swatch)
    {
    case SWATCH_BAR:
      set_colour (p, &timing_colours[state]);
      cairo_rectangle (p->cr, x, middle - BAR_HEIGHT / 2, SWATCH_WIDTH, BAR_HEIGHT);
      cairo_fill (p->cr);
      break;
    case SWATCH_DIAMOND:
      draw_diamond (p, x + DIAMOND_RADIUS, middle, &black);
      break;
    case SWATCH_PAST_DUE:
      set_colour (p, &timing_colours[BS_TASK_TIMING_OVERDUE]);
      cairo_set_line_width (p->cr, 1.6);
      cairo_set_dash (p->cr, (double[]) { 3, 2 }, 2, 0);
      cairo_move_to (p->cr, x, middle);
      cairo_line_to (p->cr, x + SWATCH_WIDTH, middle);
      cairo_stroke (p->cr);
      cairo_set_dash (p->cr, NULL, 0, 0);
      break;
    case SWATCH_TODAY:
      set_colour (p, &today_colour);
      cairo_set_line_width (p->cr, 1.2);
      cairo_move_to (p->cr, x + 2, middle - 6);
      cairo_line_to (p->cr, x + 2, middle + 6);
      cairo_stroke (p->cr);
      break;
    case SWATCH_PHASE:
      set_colour (p, &phase_colours[0]);
      cairo_rectangle (p->cr, x, middle - 5, SWATCH_WIDTH, 10);
      cairo_fill_preserve (p->cr);
      set_grey (p, 0.55);
      cairo_set_line_width (p->cr, 0.5);
      cairo_stroke (p->cr);
      break;
    case SWATCH_NONE:
    default:
      break;
    }
}

/* Swatches and what they mean under the chart, on as many lines as they
 * need; draws them when @draw, and returns their height. */
static double
legend (Printer  *p,
        double    top,
        gboolean  draw)
{
  const BsReport *report = p->report;
  char today[BS_DATE_ISO_SIZE];
  g_autofree char *today_label = NULL;
  double x = CONTENT_LEFT, line_top = top;
  struct
  {
    Swatch swatch;
    BsTaskTimingState state;
    const char *label;
  } items[] = {
    { SWATCH_NONE, 0, _("Legend:") },
    { SWATCH_BAR, BS_TASK_TIMING_OPEN, bs_task_timing_state_get_label (BS_TASK_TIMING_OPEN) },
    { SWATCH_BAR, BS_TASK_TIMING_DUE_SOON, bs_task_timing_state_get_label (BS_TASK_TIMING_DUE_SOON) },
    { SWATCH_BAR, BS_TASK_TIMING_OVERDUE, bs_task_timing_state_get_label (BS_TASK_TIMING_OVERDUE) },
    { SWATCH_BAR, BS_TASK_TIMING_ON_TIME, bs_task_timing_state_get_label (BS_TASK_TIMING_ON_TIME) },
    { SWATCH_BAR, BS_TASK_TIMING_LATE, bs_task_timing_state_get_label (BS_TASK_TIMING_LATE) },
    /* TRANSLATORS: in the legend of the timeline: the diamond on the day a task was accepted */
    { SWATCH_DIAMOND, 0, _("Completion date") },
    /* TRANSLATORS: in the legend of the timeline: the dashes from a due date to today or to the completion */
    { SWATCH_PAST_DUE, 0, _("Past the due date") },
    { SWATCH_TODAY, 0, NULL },
    { SWATCH_PHASE, 0, _("Phase") },
  };

  /* TRANSLATORS: in the legend of the timeline: the line on the report's today */
  today_label = g_strdup_printf (_("Today (%s)"), bs_date_format (report->today, today));
  items[G_N_ELEMENTS (items) - 2].label = today_label;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      Style style = items[i].swatch == SWATCH_NONE ? STYLE_LABEL_BOLD : STYLE_LABEL;
      double swatch_width = 0, width;

      switch (items[i].swatch)
        {
        case SWATCH_NONE:
          break;
        case SWATCH_DIAMOND:
          swatch_width = 2 * DIAMOND_RADIUS + 4;
          break;
        case SWATCH_TODAY:
          swatch_width = 7;
          break;
        case SWATCH_BAR:
        case SWATCH_PAST_DUE:
        case SWATCH_PHASE:
        default:
          swatch_width = SWATCH_WIDTH + 4;
          break;
        }
      width = swatch_width + text_width (p, style, items[i].label, TRUE);
      if (x > CONTENT_LEFT && x + width > CONTENT_RIGHT)
        {
          x = CONTENT_LEFT;
          line_top += LEGEND_LINE_HEIGHT;
        }
      if (draw && p->drawing)
        {
          double middle = line_top + LEGEND_LINE_HEIGHT / 2;

          draw_swatch (p, items[i].swatch, items[i].state, x, middle);
          draw_line (p, style, items[i].label, TRUE, x + swatch_width, middle, CONTENT_RIGHT - x - swatch_width, 0);
        }
      x += width + 9;
    }
  return line_top + LEGEND_LINE_HEIGHT - top;
}

/* Rows @first to @end (excluded) on this page, the axis at @top. */
static void
draw_timeline_page (Printer *p,
                    guint    first,
                    guint    end,
                    gboolean continued,
                    double   top)
{
  double body_top = top + AXIS_HEIGHT;
  double body_bottom = body_top;
  double y;
  guint n_task_rows = 0;

  body_bottom += continued ? HEADING_ROW_HEIGHT : 0;
  for (guint i = first; i < end; i++)
    body_bottom += row_height (&g_array_index (p->rows, Row, i));

  /* Under everything: the phases, then the stripes, the calendar's lines,
   * the headings; then the bars; the line on today over it all. */
  draw_phases (p, top, body_top, body_bottom);
  draw_line (p, STYLE_LABEL_BOLD, _("Phases"), TRUE, CONTENT_LEFT + 4, top + PHASE_ROW_HEIGHT / 2,
             LABEL_WIDTH - 8, 0);
  draw_line (p, STYLE_LABEL_BOLD, _("Department and task"), TRUE, CONTENT_LEFT + 4,
             top + PHASE_ROW_HEIGHT + (MONTH_ROW_HEIGHT + WEEK_ROW_HEIGHT) / 2, LABEL_WIDTH - 8, 0);

  y = body_top;
  if (continued)
    y += HEADING_ROW_HEIGHT;
  for (guint i = first; i < end; i++)
    {
      const Row *row = &g_array_index (p->rows, Row, i);

      if (row->kind == ROW_TASK && n_task_rows++ % 2 == 1)
        {
          set_grey (p, 0.955);
          cairo_rectangle (p->cr, CONTENT_LEFT, y, CONTENT_WIDTH, TASK_ROW_HEIGHT);
          cairo_fill (p->cr);
        }
      y += row_height (row);
    }
  draw_calendar (p, top, body_bottom);

  y = body_top;
  if (continued)
    {
      /* The department the page goes on with */
      guint heading = first;

      while (heading > 0 && g_array_index (p->rows, Row, heading).kind != ROW_HEADING)
        heading--;
      draw_heading_row (p, &g_array_index (p->rows, Row, heading), TRUE, y);
      y += HEADING_ROW_HEIGHT;
    }
  for (guint i = first; i < end; i++)
    {
      const Row *row = &g_array_index (p->rows, Row, i);

      if (row->kind == ROW_HEADING)
        draw_heading_row (p, row, FALSE, y);
      else
        draw_task_row (p, row, y);
      y += row_height (row);
    }

  /* The frame's foot */
  set_grey (p, 0.45);
  cairo_set_line_width (p->cr, 0.6);
  cairo_move_to (p->cr, CONTENT_LEFT, body_bottom);
  cairo_line_to (p->cr, CONTENT_RIGHT, body_bottom);
  cairo_stroke (p->cr);

  draw_today (p, body_top, body_bottom);
  legend (p, body_bottom + 4, TRUE);
}

static void
print_timeline (Printer *p)
{
  const BsReport *report = p->report;
  guint i = 0;
  gboolean first_page = TRUE;
  double legend_height = legend (p, 0, FALSE) + 6;

  p->day_width = CHART_WIDTH / ((double) report->to - (double) report->from + 1);

  emit_heading (p, _("Timeline"));
  if (p->rows->len == 0)
    {
      emit_paragraph (p, STYLE_BODY, _("No tasks in this range."), TRUE);
      return;
    }

  while (i < p->rows->len)
    {
      gboolean continued = g_array_index (p->rows, Row, i).kind == ROW_TASK;
      double body_limit, y;
      guint end = i;

      if (!first_page)
        {
          new_page (p);
          emit_heading (p, _("Timeline (continued)"));
        }
      /* The axis, at least a heading and a task, the legend: or a new page. */
      else if (p->y + AXIS_HEIGHT + HEADING_ROW_HEIGHT + TASK_ROW_HEIGHT + legend_height > CONTENT_BOTTOM)
        {
          new_page (p);
          emit_heading (p, _("Timeline"));
        }

      body_limit = CONTENT_BOTTOM - legend_height;
      y = p->y + AXIS_HEIGHT + (continued ? HEADING_ROW_HEIGHT : 0);
      while (end < p->rows->len)
        {
          const Row *row = &g_array_index (p->rows, Row, end);

          if (y + row_height (row) > body_limit)
            break;
          /* A department's heading goes with its first task. */
          if (row->kind == ROW_HEADING && y + row_height (row) + TASK_ROW_HEIGHT > body_limit)
            break;
          y += row_height (row);
          end++;
        }
      /* Never stuck: a page always holds a heading and a task. */
      if (end == i)
        end = i + 1;

      if (p->drawing)
        draw_timeline_page (p, i, end, continued, p->y);
      p->y = y + legend_height;
      i = end;
      first_page = FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Tables: the scorecard and the decisions */

typedef struct
{
  const char *title;
  double width;
  double align;   /* 0 left, 1 right */
} Column;

/* The header of a table: its titles bold, on up to two lines. Draws it
 * when @draw, and returns its height. */
static double
table_header (Printer      *p,
              const Column *columns,
              guint         n_columns,
              gboolean      draw)
{
  PangoLayout *layouts[16] = { NULL };
  double x = CONTENT_LEFT, height = TABLE_ROW_HEIGHT;

  g_assert (n_columns <= G_N_ELEMENTS (layouts));
  for (guint c = 0; c < n_columns; c++)
    {
      double h;

      layouts[c] = new_layout (p, STYLE_TABLE_HEAD, _(columns[c].title), TRUE,
                               columns[c].width - 2 * TABLE_PADDING, 2);
      pango_layout_set_alignment (layouts[c], columns[c].align > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      layout_size (layouts[c], NULL, &h);
      height = MAX (height, h + 2 * TABLE_PADDING);
    }
  if (draw && p->drawing)
    {
      set_grey (p, 0.88);
      cairo_rectangle (p->cr, CONTENT_LEFT, p->y, CONTENT_WIDTH, height);
      cairo_fill (p->cr);
      set_grey (p, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          double h;

          layout_size (layouts[c], NULL, &h);
          /* Titles sit on the header's foot, over their column. */
          show_layout (p, layouts[c], x + TABLE_PADDING, p->y + height - TABLE_PADDING - h);
          x += columns[c].width;
        }
    }
  for (guint c = 0; c < n_columns; c++)
    g_object_unref (layouts[c]);
  return height;
}

static void
draw_table_header (Printer      *p,
                   const Column *columns,
                   guint         n_columns)
{
  p->y += table_header (p, columns, n_columns, TRUE);
}

/* Room for a row of @height, with the header again on a new page. */
static void
table_ensure_space (Printer      *p,
                    double        height,
                    const char   *continued,
                    const Column *columns,
                    guint         n_columns)
{
  if (p->y + height <= CONTENT_BOTTOM)
    return;
  new_page (p);
  emit_heading (p, continued);
  draw_table_header (p, columns, n_columns);
}

static void
draw_stripe (Printer *p,
             guint    row,
             double   height)
{
  if (!p->drawing || row % 2 == 0)
    return;
  set_grey (p, 0.955);
  cairo_rectangle (p->cr, CONTENT_LEFT, p->y, CONTENT_WIDTH, height);
  cairo_fill (p->cr);
}

static char *
dup_mean_delay (double mean_delay)
{
  if (mean_delay < 0)
    return g_strdup ("–");
  return g_strdup_printf ("%.1f", mean_delay);
}

static const Column scorecard_columns[] = {
  { N_("Department"), 200, 0 },
  { N_("Tasks"), 44, 1 },
  { N_("Done"), 44, 1 },
  { N_("Done on time"), 58, 1 },
  { N_("Overdue now"), 58, 1 },
  { N_("Due soon"), 52, 1 },
  { N_("Mean delay (days)"), 76, 1 },
  { N_("Latest decision"), 237.89, 0 },
};

static void
print_scorecard (Printer *p)
{
  const BsReport *report = p->report;
  const guint n_columns = G_N_ELEMENTS (scorecard_columns);
  char today[BS_DATE_ISO_SIZE];
  g_autofree char *note = NULL;
  guint totals[5] = { 0 };
  double total_delay = 0;

  new_page (p);
  emit_heading (p, _("Scorecard by department"));
  /* TRANSLATORS: under the heading of the scorecard of a printed report */
  note = g_strdup_printf (_("Every task of the rollout, as of %s. The mean delay is over the tasks "
                            "done, those done on time counting 0 days."),
                          bs_date_format (report->today, today));
  emit_paragraph (p, STYLE_NOTE, note, TRUE);
  p->y += 6;
  if (report->scores->len == 0)
    {
      emit_paragraph (p, STYLE_BODY, _("No department has tasks or decisions yet."), TRUE);
      return;
    }
  draw_table_header (p, scorecard_columns, n_columns);

  for (guint i = 0; i <= report->scores->len; i++)
    {
      const BsDepartmentScore *score = i < report->scores->len ? g_ptr_array_index (report->scores, i) : NULL;
      guint figures[5];
      g_autofree char *name = NULL;
      g_autofree char *delay = NULL;
      g_autofree char *decision = NULL;
      double middle, x = CONTENT_LEFT;

      table_ensure_space (p, TABLE_ROW_HEIGHT, _("Scorecard by department (continued)"),
                          scorecard_columns, n_columns);
      if (score != NULL)
        {
          figures[0] = score->n_tasks;
          figures[1] = score->n_done;
          figures[2] = score->n_on_time;
          figures[3] = score->n_overdue;
          figures[4] = score->n_due_soon;
          for (guint f = 0; f < G_N_ELEMENTS (totals); f++)
            totals[f] += figures[f];
          if (score->mean_delay >= 0)
            total_delay += score->mean_delay * score->n_done;
          name = g_strdup_printf ("%s (%s)", score->department_name, score->department_code);
          delay = dup_mean_delay (score->mean_delay);
          decision = dup_decision_summary (score->latest_decision);
          draw_stripe (p, i, TABLE_ROW_HEIGHT);
        }
      else
        {
          /* The totals, under a rule */
          memcpy (figures, totals, sizeof figures);
          name = g_strdup (_("All departments"));
          delay = dup_mean_delay (totals[1] > 0 ? total_delay / totals[1] : -1);
          decision = g_strdup ("");
          if (p->drawing)
            {
              set_grey (p, 0.45);
              cairo_set_line_width (p->cr, 0.6);
              cairo_move_to (p->cr, CONTENT_LEFT, p->y);
              cairo_line_to (p->cr, CONTENT_RIGHT, p->y);
              cairo_stroke (p->cr);
            }
        }

      middle = p->y + TABLE_ROW_HEIGHT / 2;
      draw_line (p, score ? STYLE_LABEL : STYLE_LABEL_BOLD, name, score == NULL, x + TABLE_PADDING, middle,
                 scorecard_columns[0].width - 2 * TABLE_PADDING, 0);
      x += scorecard_columns[0].width;
      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        {
          g_autofree char *number = g_strdup_printf ("%u", figures[f]);
          gboolean alarm = f == 3 && figures[f] > 0;
          Style style = alarm || score == NULL ? STYLE_LABEL_BOLD : STYLE_LABEL;

          if (alarm && p->drawing)
            {
              g_autoptr(PangoLayout) layout = new_layout (p, style, number, TRUE, -1, 1);
              double w, h;

              layout_size (layout, &w, &h);
              set_colour (p, &timing_colours[BS_TASK_TIMING_OVERDUE]);
              show_layout (p, layout, x + scorecard_columns[f + 1].width - TABLE_PADDING - w, middle - h / 2);
            }
          else
            draw_line (p, style, number, TRUE, x + TABLE_PADDING, middle,
                       scorecard_columns[f + 1].width - 2 * TABLE_PADDING, 1);
          x += scorecard_columns[f + 1].width;
        }
      draw_line (p, score ? STYLE_LABEL : STYLE_LABEL_BOLD, delay, TRUE, x + TABLE_PADDING, middle,
                 scorecard_columns[6].width - 2 * TABLE_PADDING, 1);
      x += scorecard_columns[6].width;
      draw_line (p, STYLE_LABEL, decision, FALSE, x + TABLE_PADDING, middle,
                 scorecard_columns[7].width - 2 * TABLE_PADDING, 0);
      p->y += TABLE_ROW_HEIGHT;
    }
}

static const Column decision_columns[] = {
  { N_("Date"), 66, 0 },
  { N_("Kind"), 100, 0 },
  { N_("Department"), 144, 0 },
  { N_("Task"), 44, 0 },
  { N_("Decided by"), 90, 0 },
  { N_("Reason"), 325.89, 0 },
};

/* A decision's reason is cut after this many lines: a row fits a page. */
#define REASON_MAX_LINES 12

static PangoLayout *
new_reason_layout (Printer          *p,
                   const BsDecision *decision)
{
  return new_layout (p, STYLE_LABEL, decision->reason, FALSE,
                     decision_columns[5].width - 2 * TABLE_PADDING, REASON_MAX_LINES);
}

/* Where the reason starts in its row: its first line level with the
 * other cells. */
static double
reason_top (PangoLayout *reason)
{
  PangoLayoutIter *iter = pango_layout_get_iter (reason);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return MAX (0, (TABLE_ROW_HEIGHT - (double) logical.height / PANGO_SCALE) / 2);
}

static double
decision_row_height (Printer          *p,
                     const BsDecision *decision)
{
  g_autoptr(PangoLayout) reason = new_reason_layout (p, decision);
  double height;

  layout_size (reason, NULL, &height);
  return MAX (TABLE_ROW_HEIGHT, height + 2 * reason_top (reason));
}

static void
print_decisions (Printer *p)
{
  const BsReport *report = p->report;
  const guint n_columns = G_N_ELEMENTS (decision_columns);

  double heading = 12 + 1.5 * styles[STYLE_HEADING].size + 6;
  double header = table_header (p, decision_columns, n_columns, FALSE);
  double rows = 0, first_rows = 0;

  for (guint i = 0; i < report->decisions->len; i++)
    {
      double height = decision_row_height (p, g_ptr_array_index (report->decisions, i));

      rows += height;
      if (i < 3)
        first_rows += height;
    }
  /* Here when it all fits, or when a long list can start with a few rows;
   * otherwise whole on a page of its own. */
  if (p->y + heading + header + rows > CONTENT_BOTTOM &&
      (heading + header + rows <= CONTENT_BOTTOM - CONTENT_TOP ||
       p->y + heading + header + first_rows > CONTENT_BOTTOM))
    new_page (p);
  emit_heading (p, _("Decisions"));
  if (report->decisions->len == 0)
    {
      emit_paragraph (p, STYLE_BODY, _("No decisions in this range."), TRUE);
      return;
    }
  draw_table_header (p, decision_columns, n_columns);

  for (guint i = 0; i < report->decisions->len; i++)
    {
      const BsDecision *decision = g_ptr_array_index (report->decisions, i);
      const BsDepartment *department = department_of (report, decision->department_id);
      char date[BS_DATE_ISO_SIZE];
      g_autoptr(PangoLayout) reason = new_reason_layout (p, decision);
      const char *cells[] = {
        bs_date_format (decision->date, date),
        bs_decision_kind_get_label (decision->kind),
        department ? department->name : "?",
        task_code_of (report, decision->task_id),
        decision->decided_by,
      };
      double height = decision_row_height (p, decision);
      double middle, x = CONTENT_LEFT;

      table_ensure_space (p, height, _("Decisions (continued)"), decision_columns, n_columns);
      draw_stripe (p, i, height);
      middle = p->y + MIN (height, TABLE_ROW_HEIGHT) / 2;
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          draw_line (p, STYLE_LABEL, cells[c], c < 2, x + TABLE_PADDING, middle,
                     decision_columns[c].width - 2 * TABLE_PADDING, 0);
          x += decision_columns[c].width;
        }
      if (p->drawing)
        {
          set_grey (p, 0);
          show_layout (p, reason, x + TABLE_PADDING, p->y + reason_top (reason));
        }
      p->y += height;
    }
}

static void
print_pass (Printer *p)
{
  p->page = 1;
  p->y = CONTENT_TOP;
  print_title (p);
  print_timeline (p);
  print_scorecard (p);
  print_decisions (p);
  end_page (p);
}

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
printer_clear (Printer *p)
{
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_object (&p->context);
  g_clear_pointer (&p->cr, cairo_destroy);
  g_clear_pointer (&p->footer_title, g_free);
  g_clear_pointer (&p->rows, g_array_unref);
}

static GBytes *
pdf_bytes (const BsReport  *self,
           GError         **error)
{
  Printer p = { 0 };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  p.report = self;
  p.rows = timeline_rows (self);
  /* TRANSLATORS: the title of a report: the catalogue's name */
  title = g_strdup_printf (_("%s: rollout report"), self->name);
  p.footer_title = dup_one_line (title);

  surface = cairo_pdf_surface_create_for_stream (write_to_array, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, p.footer_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Banshi " PACKAGE_VERSION);
  p.cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  p.context = pango_cairo_create_context (p.cr);
  for (guint i = 0; i < N_STYLES; i++)
    {
      p.fonts[i] = pango_font_description_new ();
      pango_font_description_set_family (p.fonts[i], FONT_FAMILY);
      pango_font_description_set_size (p.fonts[i], (int) (styles[i].size * PANGO_SCALE));
      pango_font_description_set_weight (p.fonts[i], styles[i].weight);
    }

  /* Measure, then draw. */
  p.drawing = FALSE;
  print_pass (&p);
  p.n_pages = p.page;
  p.drawing = TRUE;
  print_pass (&p);

  surface = cairo_get_target (p.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_status (p.cr);
  printer_clear (&p);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BS_REPORT_ERROR, BS_REPORT_ERROR_FAILED,
                   _("Could not make the PDF of the report: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* ------------------------------------------------------------------ */
/* Writing */

static gboolean
write_xlsx_cb (gconstpointer   data,
               const char     *path,
               GError        **error)
{
  return write_xlsx (data, path, error);
}

static GBytes *
xlsx_bytes (const BsReport  *self,
            GError         **error)
{
  return bs_spreadsheet_to_bytes (write_xlsx_cb, self, BS_REPORT_ERROR, BS_REPORT_ERROR_WRITE, error);
}

GBytes *
bs_report_to_bytes (const BsReport  *self,
                    BsReportFormat   format,
                    GError         **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case BS_REPORT_FORMAT_PDF:
      return pdf_bytes (self, error);
    case BS_REPORT_FORMAT_CSV:
      {
        g_autoptr(Table) table = tasks_table (self);

        return table_to_csv (table);
      }
    case BS_REPORT_FORMAT_CSV_SCORECARD:
      {
        g_autoptr(Table) table = scorecard_table (self);

        return table_to_csv (table);
      }
    case BS_REPORT_FORMAT_XLSX:
      return xlsx_bytes (self, error);
    case BS_N_REPORT_FORMATS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
bs_report_write (const BsReport  *self,
                 BsReportFormat   format,
                 const char      *path,
                 GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == BS_REPORT_FORMAT_XLSX)
    return bs_spreadsheet_replace_file (path, NULL, write_xlsx_cb, self,
                                        BS_REPORT_ERROR, BS_REPORT_ERROR_WRITE, error);
  if (!(bytes = bs_report_to_bytes (self, format, error)))
    return FALSE;
  return bs_spreadsheet_replace_file (path, bytes, NULL, NULL, BS_REPORT_ERROR, BS_REPORT_ERROR_WRITE, error);
}
