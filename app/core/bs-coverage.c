/* bs-coverage.c: the department × theme matrix and the items no theme
 * covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "bs-coverage.h"
#include "bs-spreadsheet.h"

G_DEFINE_QUARK (bs-coverage-error-quark, bs_coverage_error)

static const char *const format_names[BS_N_COVERAGE_FORMATS] = {
  [BS_COVERAGE_FORMAT_CSV] = "csv",
  [BS_COVERAGE_FORMAT_CSV_UNCOVERED] = "csv-uncovered",
  [BS_COVERAGE_FORMAT_XLSX] = "xlsx",
};

const char *
bs_coverage_format_to_string (BsCoverageFormat format)
{
  g_return_val_if_fail (format < BS_N_COVERAGE_FORMATS, NULL);
  return format_names[format];
}

gboolean
bs_coverage_format_from_string (const char       *text,
                                BsCoverageFormat *out_format)
{
  for (guint i = 0; i < BS_N_COVERAGE_FORMATS; i++)
    if (g_strcmp0 (text, format_names[i]) == 0)
      {
        *out_format = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Building */

static void
entry_free (gpointer data)
{
  BsCoverageEntry *entry = data;

  g_free (entry->code);
  g_free (entry->name);
  if (entry->theme_ids != NULL)
    g_array_unref (entry->theme_ids);
  g_free (entry);
}

static void
item_free (gpointer data)
{
  BsCoverageItem *item = data;

  g_free (item->code);
  g_free (item->name);
  g_free (item->department);
  g_free (item);
}

void
bs_coverage_free (BsCoverage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->themes, g_ptr_array_unref);
  g_clear_pointer (&self->uncovered, g_ptr_array_unref);
  g_free (self->cells);
  g_free (self);
}

guint
bs_coverage_get_cell (const BsCoverage *self,
                      guint             department,
                      guint             theme)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (department < self->departments->len && theme < self->themes->len, 0);

  return self->cells[(gsize) department * self->themes->len + theme];
}

static GPtrArray *
load_entries (BsCatalogue  *catalogue,
              const char   *sql,
              GHashTable   *index,
              GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsCoverageEntry *entry = g_new0 (BsCoverageEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->n_items = (guint) sqlite3_column_int64 (stmt, 3);
      entry->n_covered = (guint) sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (entries, entry);
      g_hash_table_insert (index, g_memdup2 (&entry->id, sizeof entry->id), GUINT_TO_POINTER (entries->len));
    }
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&entries);
}

BsCoverage *
bs_coverage_new (BsCatalogue  *catalogue,
                 GError      **error)
{
  g_autoptr(BsCoverage) self = g_new0 (BsCoverage, 1);
  g_autoptr(GHashTable) department_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) theme_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);

  if (!(self->departments = load_entries (catalogue,
                                          "SELECT d.id, d.code, d.name, "
                                          "(SELECT count(*) FROM item WHERE department_id = d.id), "
                                          "(SELECT count(*) FROM item WHERE department_id = d.id AND "
                                          " EXISTS (SELECT 1 FROM theme_item WHERE item_id = item.id)) "
                                          "FROM department d ORDER BY d.name, d.code",
                                          department_index, error)) ||
      !(self->themes = load_entries (catalogue,
                                     "SELECT t.id, t.code, t.name, "
                                     "(SELECT count(*) FROM theme_item WHERE theme_id = t.id), "
                                     "(SELECT count(DISTINCT i.department_id) FROM theme_item ti "
                                     " JOIN item i ON i.id = ti.item_id WHERE ti.theme_id = t.id) "
                                     "FROM theme t ORDER BY t.position, t.name, t.code",
                                     theme_index, error)))
    return NULL;

  self->cells = g_new0 (guint, MAX ((gsize) self->departments->len * self->themes->len, 1));
  if (!(stmt = bs_catalogue_prepare (catalogue,
                                     "SELECT i.department_id, ti.theme_id, count(*) FROM theme_item ti "
                                     "JOIN item i ON i.id = ti.item_id GROUP BY i.department_id, ti.theme_id",
                                     error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 department_id = sqlite3_column_int64 (stmt, 0), theme_id = sqlite3_column_int64 (stmt, 1);
      guint d = GPOINTER_TO_UINT (g_hash_table_lookup (department_index, &department_id));
      guint t = GPOINTER_TO_UINT (g_hash_table_lookup (theme_index, &theme_id));

      if (d > 0 && t > 0)
        self->cells[(gsize) (d - 1) * self->themes->len + (t - 1)] = (guint) sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return NULL;
    }

  for (guint d = 0; d < self->departments->len; d++)
    {
      BsCoverageEntry *department = g_ptr_array_index (self->departments, d);

      department->theme_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint t = 0; t < self->themes->len; t++)
        if (self->cells[(gsize) d * self->themes->len + t] > 0)
          g_array_append_val (department->theme_ids, ((BsCoverageEntry *) g_ptr_array_index (self->themes, t))->id);
      self->n_items += department->n_items;
      self->n_covered_items += department->n_covered;
    }

  /* The uncovered items; each count reads the record index of one item. */
  self->uncovered = g_ptr_array_new_with_free_func (item_free);
  if (!(stmt = bs_catalogue_prepare (catalogue,
                                     "SELECT i.id, i.code, i.name, d.name, "
                                     "(SELECT count(*) FROM record WHERE item_id = i.id) AS demand "
                                     "FROM item i JOIN department d ON d.id = i.department_id "
                                     "WHERE NOT EXISTS (SELECT 1 FROM theme_item WHERE item_id = i.id) "
                                     "ORDER BY demand DESC, i.name, i.code",
                                     error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BsCoverageItem *item = g_new0 (BsCoverageItem, 1);

      item->item_id = sqlite3_column_int64 (stmt, 0);
      item->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->department = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->demand = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (self->uncovered, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* CSV, as bs-report.c writes it */

static GBytes *
matrix_csv (const BsCoverage *self)
{
  GString *out = g_string_new (BS_CSV_BOM);

  /* TRANSLATORS: column headings of the coverage matrix; the first cell
   * must not be "ID" (spreadsheets would take the file for SYLK) */
  bs_csv_append_field (out, _("Department code"), FALSE);
  g_string_append_c (out, ',');
  bs_csv_append_field (out, _("Department"), FALSE);
  g_string_append_c (out, ',');
  bs_csv_append_field (out, _("Items"), FALSE);
  g_string_append_c (out, ',');
  bs_csv_append_field (out, _("Items in a theme"), FALSE);
  for (guint t = 0; t < self->themes->len; t++)
    {
      const BsCoverageEntry *theme = g_ptr_array_index (self->themes, t);

      g_string_append_c (out, ',');
      bs_csv_append_field (out, theme->name, TRUE);
    }
  g_string_append (out, "\r\n");
  for (guint d = 0; d < self->departments->len; d++)
    {
      const BsCoverageEntry *department = g_ptr_array_index (self->departments, d);

      bs_csv_append_field (out, department->code, TRUE);
      g_string_append_c (out, ',');
      bs_csv_append_field (out, department->name, TRUE);
      g_string_append_printf (out, ",%u,%u", department->n_items, department->n_covered);
      for (guint t = 0; t < self->themes->len; t++)
        g_string_append_printf (out, ",%u", bs_coverage_get_cell (self, d, t));
      g_string_append (out, "\r\n");
    }
  return g_string_free_to_bytes (out);
}

static GBytes *
uncovered_csv (const BsCoverage *self)
{
  GString *out = g_string_new (BS_CSV_BOM);

  /* TRANSLATORS: column headings of the items no theme covers */
  g_string_append_printf (out, "%s,", _("Item code"));
  bs_csv_append_field (out, _("Item"), FALSE);
  g_string_append_c (out, ',');
  bs_csv_append_field (out, _("Department"), FALSE);
  g_string_append_c (out, ',');
  bs_csv_append_field (out, _("Handling records"), FALSE);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < self->uncovered->len; i++)
    {
      const BsCoverageItem *item = g_ptr_array_index (self->uncovered, i);

      bs_csv_append_field (out, item->code, TRUE);
      g_string_append_c (out, ',');
      bs_csv_append_field (out, item->name, TRUE);
      g_string_append_c (out, ',');
      bs_csv_append_field (out, item->department, TRUE);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT "\r\n", item->demand);
    }
  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------------ */
/* XLSX */

#define XLSX_HEADER_FILL 0xE7E9EE

typedef struct
{
  lxw_workbook *workbook;
  lxw_format *header;
  lxw_format *vertical;  /* theme names over narrow columns */
  lxw_error error;
} Xlsx;

static void
xlsx_check (Xlsx      *x,
            lxw_error  error)
{
  if (x->error == LXW_NO_ERROR)
    x->error = error;
}

static lxw_worksheet *
xlsx_sheet (Xlsx       *x,
            const char *name,
            const char *fallback)
{
  lxw_worksheet *sheet;

  /* A translation that Excel would refuse as a sheet name is not used. */
  if (workbook_validate_sheet_name (x->workbook, name) != LXW_NO_ERROR)
    name = fallback;
  if (!(sheet = workbook_add_worksheet (x->workbook, name)))
    xlsx_check (x, LXW_ERROR_MEMORY_MALLOC_FAILED);
  return sheet;
}

static void
xlsx_headers (Xlsx           *x,
              lxw_worksheet  *sheet,
              const char    **headers,
              const double   *widths,
              guint           n)
{
  for (guint c = 0; c < n; c++)
    {
      xlsx_check (x, worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, widths[c], NULL));
      xlsx_check (x, worksheet_write_string (sheet, 0, (lxw_col_t) c, headers[c], x->header));
    }
}

static gboolean
write_xlsx (const BsCoverage  *self,
            const char        *path,
            GError           **error)
{
  Xlsx x = { 0 };
  lxw_worksheet *sheet;
  lxw_error closed;

  if (!(x.workbook = workbook_new (path)))
    {
      g_set_error_literal (error, BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_FAILED,
                           _("Could not start the spreadsheet: out of memory"));
      return FALSE;
    }
  if ((x.header = workbook_add_format (x.workbook)))
    {
      format_set_bold (x.header);
      format_set_bg_color (x.header, XLSX_HEADER_FILL);
      format_set_bottom (x.header, LXW_BORDER_THIN);
      format_set_text_wrap (x.header);
      format_set_align (x.header, LXW_ALIGN_VERTICAL_TOP);
    }
  if ((x.vertical = workbook_add_format (x.workbook)))
    {
      format_set_bold (x.vertical);
      format_set_bg_color (x.vertical, XLSX_HEADER_FILL);
      format_set_bottom (x.vertical, LXW_BORDER_THIN);
      format_set_rotation (x.vertical, 90);
    }

  /* TRANSLATORS: the name of a spreadsheet's sheet (31 characters at most) */
  if ((sheet = xlsx_sheet (&x, _("Matrix"), "Matrix")))
    {
      const char *headers[] = { _("Department code"), _("Department"), _("Items"), _("Items in a theme") };
      const double widths[] = { 16, 30, 8, 10 };
      guint first = G_N_ELEMENTS (headers);

      xlsx_headers (&x, sheet, headers, widths, first);
      for (guint t = 0; t < self->themes->len; t++)
        xlsx_check (&x, worksheet_write_string (sheet, 0, (lxw_col_t) (first + t),
                                                ((BsCoverageEntry *) g_ptr_array_index (self->themes, t))->name,
                                                x.vertical));
      if (self->themes->len > 0)
        xlsx_check (&x, worksheet_set_column (sheet, (lxw_col_t) first,
                                              (lxw_col_t) (first + self->themes->len - 1), 4, NULL));
      xlsx_check (&x, worksheet_set_row (sheet, 0, 120, NULL));
      for (guint d = 0; d < self->departments->len; d++)
        {
          const BsCoverageEntry *department = g_ptr_array_index (self->departments, d);
          lxw_row_t row = (lxw_row_t) d + 1;

          xlsx_check (&x, worksheet_write_string (sheet, row, 0, department->code, NULL));
          xlsx_check (&x, worksheet_write_string (sheet, row, 1, department->name, NULL));
          xlsx_check (&x, worksheet_write_number (sheet, row, 2, department->n_items, NULL));
          xlsx_check (&x, worksheet_write_number (sheet, row, 3, department->n_covered, NULL));
          for (guint t = 0; t < self->themes->len; t++)
            {
              guint cell = bs_coverage_get_cell (self, d, t);

              /* Empty cells read best: only the departments' themes show. */
              if (cell > 0)
                xlsx_check (&x, worksheet_write_number (sheet, row, (lxw_col_t) (first + t), cell, NULL));
            }
        }
      worksheet_freeze_panes (sheet, 1, 2);
    }

  /* TRANSLATORS: the name of a spreadsheet's sheet (31 characters at most) */
  if ((sheet = xlsx_sheet (&x, _("Departments"), "Departments")))
    {
      const char *headers[] = { _("Department code"), _("Department"), _("Items"), _("Items in a theme"),
                                _("Themes") };
      const double widths[] = { 16, 30, 8, 10, 80 };

      xlsx_headers (&x, sheet, headers, widths, G_N_ELEMENTS (headers));
      for (guint d = 0; d < self->departments->len; d++)
        {
          const BsCoverageEntry *department = g_ptr_array_index (self->departments, d);
          g_autoptr(GString) themes = g_string_new (NULL);
          lxw_row_t row = (lxw_row_t) d + 1;

          for (guint t = 0; t < self->themes->len; t++)
            if (bs_coverage_get_cell (self, d, t) > 0)
              g_string_append_printf (themes, "%s%s", themes->len ? "、" : "",
                                      ((BsCoverageEntry *) g_ptr_array_index (self->themes, t))->name);
          xlsx_check (&x, worksheet_write_string (sheet, row, 0, department->code, NULL));
          xlsx_check (&x, worksheet_write_string (sheet, row, 1, department->name, NULL));
          xlsx_check (&x, worksheet_write_number (sheet, row, 2, department->n_items, NULL));
          xlsx_check (&x, worksheet_write_number (sheet, row, 3, department->n_covered, NULL));
          xlsx_check (&x, worksheet_write_string (sheet, row, 4, themes->str, NULL));
        }
      worksheet_freeze_panes (sheet, 1, 0);
      xlsx_check (&x, worksheet_autofilter (sheet, 0, 0, (lxw_row_t) self->departments->len, 4));
    }

  /* TRANSLATORS: the name of a spreadsheet's sheet (31 characters at most) */
  if ((sheet = xlsx_sheet (&x, _("Uncovered items"), "Uncovered items")))
    {
      const char *headers[] = { _("Item code"), _("Item"), _("Department"), _("Handling records") };
      const double widths[] = { 24, 50, 30, 12 };

      xlsx_headers (&x, sheet, headers, widths, G_N_ELEMENTS (headers));
      for (guint i = 0; i < self->uncovered->len; i++)
        {
          const BsCoverageItem *item = g_ptr_array_index (self->uncovered, i);
          lxw_row_t row = (lxw_row_t) i + 1;

          xlsx_check (&x, worksheet_write_string (sheet, row, 0, item->code, NULL));
          xlsx_check (&x, worksheet_write_string (sheet, row, 1, item->name, NULL));
          xlsx_check (&x, worksheet_write_string (sheet, row, 2, item->department, NULL));
          xlsx_check (&x, worksheet_write_number (sheet, row, 3, (double) item->demand, NULL));
        }
      worksheet_freeze_panes (sheet, 1, 0);
      xlsx_check (&x, worksheet_autofilter (sheet, 0, 0, (lxw_row_t) self->uncovered->len, 3));
    }

  /* Closing writes the file and frees the workbook, whatever went before. */
  closed = workbook_close (x.workbook);
  xlsx_check (&x, closed);
  if (x.error != LXW_NO_ERROR)
    {
      g_set_error (error, BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_FAILED,
                   _("Could not make the spreadsheet: %s"), lxw_strerror (x.error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_xlsx_cb (gconstpointer   data,
               const char     *path,
               GError        **error)
{
  return write_xlsx (data, path, error);
}

GBytes *
bs_coverage_to_bytes (const BsCoverage  *self,
                      BsCoverageFormat   format,
                      GError           **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (format)
    {
    case BS_COVERAGE_FORMAT_CSV:
      return matrix_csv (self);
    case BS_COVERAGE_FORMAT_CSV_UNCOVERED:
      return uncovered_csv (self);
    case BS_COVERAGE_FORMAT_XLSX:
      return bs_spreadsheet_to_bytes (write_xlsx_cb, self, BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_WRITE, error);
    case BS_N_COVERAGE_FORMATS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
bs_coverage_write (const BsCoverage  *self,
                   BsCoverageFormat   format,
                   const char        *path,
                   GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == BS_COVERAGE_FORMAT_XLSX)
    return bs_spreadsheet_replace_file (path, NULL, write_xlsx_cb, self,
                                        BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_WRITE, error);
  if (!(bytes = bs_coverage_to_bytes (self, format, error)))
    return FALSE;
  return bs_spreadsheet_replace_file (path, bytes, NULL, NULL,
                                      BS_COVERAGE_ERROR, BS_COVERAGE_ERROR_WRITE, error);
}
