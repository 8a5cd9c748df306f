/* test-rollout.c: phases, tasks and decisions; overdue, due soon and late
 * at their boundaries on a fixed "today"; the scorecard against figures
 * worked out by hand; the audit trail derived from every edit, undo and
 * redo, and its verification catching records edited, deleted and
 * reordered with raw SQL; the proposal of phases; the demo's rollout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banshi-core.h"

/* ------------------------------------------------------------------ */
/* A catalogue on a clock the test moves */

typedef struct
{
  GDateTime *now;
} TestClock;

static GDateTime *
test_clock_now (gpointer user_data)
{
  TestClock *clock = user_data;

  return g_date_time_ref (clock->now);
}

static void
test_clock_free (gpointer user_data)
{
  TestClock *clock = user_data;

  g_date_time_unref (clock->now);
  g_free (clock);
}

/* Sets the clock of @cat to @date at 09:30 in UTC+8 (01:30 UTC). */
static void
set_day (BsCatalogue *cat,
         const char  *date)
{
  BsDate day = BS_DATE_NONE;
  TestClock *clock = g_new0 (TestClock, 1);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  int year, month, dom;

  g_assert_true (bs_date_parse (date, &day));
  bs_date_get_ymd (day, &year, &month, &dom);
  clock->now = g_date_time_new (zone, year, month, dom, 9, 30, 0);
  bs_catalogue_set_clock (cat, test_clock_now, clock, test_clock_free);
}

static BsDate
day (const char *text)
{
  BsDate date = BS_DATE_NONE;

  g_assert_true (bs_date_parse (text, &date));
  return date;
}

typedef struct
{
  BsCatalogue *cat;
  gint64 a, b, c;            /* departments */
  gint64 a1, a2, b1;         /* items: two of a, one of b */
  gint64 category;
  gint64 theme;              /* a1 → b1 */
  gint64 phase;
} Fixture;

static gint64
add_department (BsCatalogue *cat,
                const char  *code,
                const char  *name)
{
  g_autoptr(BsDepartment) department = bs_department_new (code, name);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_department (cat, department, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_item (BsCatalogue *cat,
          const char  *code,
          const char  *name,
          gint64       department_id,
          int          committed_limit)
{
  g_autoptr(BsItem) item = bs_item_new (code, name, department_id);
  g_autoptr(GError) error = NULL;
  gint64 id;

  item->committed_limit = committed_limit;
  item->legal_limit = committed_limit;
  id = bs_catalogue_add_item (cat, item, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_theme (BsCatalogue *cat,
           const char  *code,
           const char  *name,
           gint64       category_id,
           const gint64 *items,
           guint        n_items)
{
  g_autoptr(BsTheme) theme = bs_theme_new (code, name, category_id);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_theme (cat, theme, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_items; i++)
    {
      bs_catalogue_add_theme_item (cat, id, items[i], &error);
      g_assert_no_error (error);
    }
  return id;
}

static gint64
add_phase (BsCatalogue *cat,
           const char  *code,
           const char  *name,
           const char  *start,
           const char  *end)
{
  g_autoptr(BsPhase) phase = bs_phase_new (code, name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  phase->start = start ? day (start) : BS_DATE_NONE;
  phase->end = end ? day (end) : BS_DATE_NONE;
  id = bs_catalogue_add_phase (cat, phase, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCategory) category = NULL;
  gint64 items[2];

  f->cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  set_day (f->cat, "2026-03-01");
  bs_catalogue_set_user_name (f->cat, "tester");

  f->a = add_department (f->cat, "a", "部门甲");
  f->b = add_department (f->cat, "b", "部门乙");
  f->c = add_department (f->cat, "c", "部门丙");
  f->a1 = add_item (f->cat, "a1", "事项甲一", f->a, 5);
  f->a2 = add_item (f->cat, "a2", "事项甲二", f->a, 3);
  f->b1 = add_item (f->cat, "b1", "事项乙一", f->b, 10);
  category = bs_category_new ("cat", "类别", 0);
  f->category = bs_catalogue_add_category (f->cat, category, &error);
  g_assert_no_error (error);
  items[0] = f->a1;
  items[1] = f->b1;
  f->theme = add_theme (f->cat, "theme", "主题", f->category, items, 2);
  bs_catalogue_add_theme_edge (f->cat, f->theme, f->a1, f->b1, &error);
  g_assert_no_error (error);
  f->phase = add_phase (f->cat, "P1", "第一批", "2026-03-01", "2026-04-30");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->cat);
}

static gint64
add_task (Fixture    *f,
          const char *code,
          gint64      department_id,
          const char *due)
{
  g_autoptr(BsTask) task = bs_task_new (f->phase, department_id, "交付物", day (due));
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (task->code);
  task->code = g_strdup (code);
  id = bs_catalogue_add_task (f->cat, task, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_status (Fixture      *f,
            gint64        task_id,
            BsTaskStatus  status,
            const char   *completed)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_set_task_status (f->cat, task_id, status, completed ? day (completed) : BS_DATE_NONE,
                                &error);
  g_assert_no_error (error);
}

static BsTaskTiming
timing_of (Fixture    *f,
           gint64      task_id,
           const char *today,
           int         window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTask) task = bs_catalogue_get_task (f->cat, task_id, &error);

  g_assert_no_error (error);
  return bs_task_get_timing (task, day (today), window);
}

#define assert_timing(f, id, today, window, want_state, want_days) \
  G_STMT_START {                                                   \
    BsTaskTiming _t = timing_of (f, id, today, window);            \
    g_assert_cmpstr (bs_task_timing_state_to_string (_t.state), ==, \
                     bs_task_timing_state_to_string (want_state)); \
    g_assert_cmpint (_t.days, ==, want_days);                      \
  } G_STMT_END

/* ------------------------------------------------------------------ */
/* Dates */

static void
test_dates (void)
{
  char buffer[BS_DATE_ISO_SIZE];
  BsDate date = 42;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_true (bs_date_parse ("2024-02-29", &date));
  g_assert_cmpstr (bs_date_format (date, buffer), ==, "2024-02-29");
  g_assert_cmpuint (day ("2024-03-01") - date, ==, 1);
  g_assert_cmpuint (day ("2027-01-01") - day ("2026-01-01"), ==, 365);

  date = 42;
  for (guint i = 0; i < 9; i++)
    {
      static const char * const bad[] = {
        "2026-02-29", "2026-2-01", "0000-01-01", "2026-04-31", "2026-13-01",
        "2026-01-01T00:00", " 2026-01-01", "２０２６-01-01", "",
      };

      g_assert_false (bs_date_parse (bad[i], &date));
      g_assert_cmpuint (date, ==, 42);
    }
  g_assert_false (bs_date_parse (NULL, &date));
  g_assert_cmpstr (bs_date_format (BS_DATE_NONE, buffer), ==, "");
  g_assert_null (bs_date_to_string (BS_DATE_NONE));

  dt = g_date_time_new_utc (2026, 6, 15, 23, 59, 59);
  g_assert_cmpuint (bs_date_from_date_time (dt), ==, day ("2026-06-15"));
}

/* The clock: a fixed one, BANSHI_TODAY's kind, and the reference date. */
static void
test_clock (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_assert_cmpuint (bs_catalogue_get_today (f->cat), ==, day ("2026-03-01"));
  now = bs_catalogue_get_now (f->cat);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 9);

  /* Without a clock: the reference date if there is one, else the system's. */
  bs_catalogue_set_clock (f->cat, NULL, NULL, NULL);
  {
    g_autoptr(GDateTime) real = g_date_time_new_now_local ();

    g_assert_cmpint (bs_catalogue_get_reference_date (f->cat), ==, BS_DATE_NONE);
    g_assert_cmpuint (bs_catalogue_get_today (f->cat), ==, bs_date_from_date_time (real));
  }
  bs_catalogue_set_reference_date (f->cat, day ("2026-06-15"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_catalogue_get_reference_date (f->cat), ==, day ("2026-06-15"));
  g_assert_cmpuint (bs_catalogue_get_today (f->cat), ==, day ("2026-06-15"));
  g_assert_cmpstr (bs_catalogue_get_undo_label (f->cat), ==, "Set Reference Date");

  /* A fixed day wins over the reference date. */
  bs_catalogue_set_today (f->cat, day ("2026-07-01"));
  g_assert_cmpuint (bs_catalogue_get_today (f->cat), ==, day ("2026-07-01"));
  bs_catalogue_set_today (f->cat, BS_DATE_NONE);
  g_assert_cmpuint (bs_catalogue_get_today (f->cat), ==, day ("2026-06-15"));

  bs_catalogue_undo (f->cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_get_reference_date (f->cat), ==, BS_DATE_NONE);

  g_assert_cmpstr (bs_catalogue_get_user_name (f->cat), ==, "tester");
  bs_catalogue_set_user_name (f->cat, NULL);
  g_assert_cmpstr (bs_catalogue_get_user_name (f->cat), ==, g_get_user_name ());
}

/* ------------------------------------------------------------------ */
/* Timing at its boundaries */

static void
test_timing_boundaries (Fixture       *f,
                        gconstpointer  data)
{
  gint64 due_today = add_task (f, "T1", f->a, "2026-03-10");
  gint64 on_due = add_task (f, "T2", f->a, "2026-03-10");
  gint64 late = add_task (f, "T3", f->a, "2026-03-10");
  gint64 reopened = add_task (f, "T4", f->a, "2026-03-10");
  gint64 submitted = add_task (f, "T5", f->a, "2026-03-10");
  g_autoptr(BsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* Due today: due soon (0 days left), even with a window of 0; not
   * overdue until tomorrow. */
  assert_timing (f, due_today, "2026-03-10", 7, BS_TASK_TIMING_DUE_SOON, 0);
  assert_timing (f, due_today, "2026-03-10", 0, BS_TASK_TIMING_DUE_SOON, 0);
  assert_timing (f, due_today, "2026-03-11", 7, BS_TASK_TIMING_OVERDUE, 1);
  /* The window counts today: 7 days ahead is due soon, 8 is not. */
  assert_timing (f, due_today, "2026-03-03", 7, BS_TASK_TIMING_DUE_SOON, 7);
  assert_timing (f, due_today, "2026-03-02", 7, BS_TASK_TIMING_OPEN, 8);
  assert_timing (f, due_today, "2026-03-09", 0, BS_TASK_TIMING_OPEN, 1);
  assert_timing (f, due_today, "2026-03-02", 8, BS_TASK_TIMING_DUE_SOON, 8);

  /* Accepted on the due date: on time, and it stays so. */
  set_day (f->cat, "2026-03-10");
  set_status (f, on_due, BS_TASK_STATUS_ACCEPTED, NULL);
  task = bs_catalogue_get_task (f->cat, on_due, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task->completed, ==, day ("2026-03-10"));
  assert_timing (f, on_due, "2026-03-10", 7, BS_TASK_TIMING_ON_TIME, 0);
  assert_timing (f, on_due, "2027-01-01", 7, BS_TASK_TIMING_ON_TIME, 0);
  /* Accepted again later: the day it was accepted stays. */
  set_day (f->cat, "2026-03-12");
  set_status (f, on_due, BS_TASK_STATUS_ACCEPTED, NULL);
  assert_timing (f, on_due, "2026-03-12", 7, BS_TASK_TIMING_ON_TIME, 0);

  /* Accepted later: late by the days after the due date, not overdue. */
  set_day (f->cat, "2026-03-20");
  set_status (f, late, BS_TASK_STATUS_ACCEPTED, "2026-03-13");
  assert_timing (f, late, "2026-03-20", 7, BS_TASK_TIMING_LATE, 3);
  assert_timing (f, late, "2026-03-11", 7, BS_TASK_TIMING_LATE, 3);

  /* Submitted is not done: past due it is overdue. */
  set_status (f, submitted, BS_TASK_STATUS_SUBMITTED, NULL);
  assert_timing (f, submitted, "2026-03-20", 7, BS_TASK_TIMING_OVERDUE, 10);

  /* Reopened after acceptance: no longer done, so overdue once past due;
   * the completion date is gone. */
  set_day (f->cat, "2026-03-08");
  set_status (f, reopened, BS_TASK_STATUS_ACCEPTED, NULL);
  assert_timing (f, reopened, "2026-03-20", 7, BS_TASK_TIMING_ON_TIME, 2);
  set_day (f->cat, "2026-03-20");
  set_status (f, reopened, BS_TASK_STATUS_IN_PROGRESS, NULL);
  g_clear_pointer (&task, bs_task_free);
  task = bs_catalogue_get_task (f->cat, reopened, &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->status, ==, BS_TASK_STATUS_IN_PROGRESS);
  g_assert_cmpuint (task->completed, ==, BS_DATE_NONE);
  g_assert_cmpstr (bs_catalogue_get_undo_label (f->cat), ==, "Reopen Task");
  assert_timing (f, reopened, "2026-03-20", 7, BS_TASK_TIMING_OVERDUE, 10);
  assert_timing (f, reopened, "2026-03-10", 7, BS_TASK_TIMING_DUE_SOON, 0);
  /* Accepted again, late this time. */
  set_status (f, reopened, BS_TASK_STATUS_ACCEPTED, NULL);
  assert_timing (f, reopened, "2026-03-20", 7, BS_TASK_TIMING_LATE, 10);

  /* A task struct alone, for the window's edge cases. */
  {
    g_autoptr(BsTask) plain = bs_task_new (1, 1, "x", day ("2026-03-10"));

    g_assert_cmpint (bs_task_get_timing (plain, day ("2026-03-10"), -3).state, ==, BS_TASK_TIMING_DUE_SOON);
    plain->status = BS_TASK_STATUS_ACCEPTED;
    plain->completed = day ("2026-03-01");
    g_assert_cmpint (bs_task_get_timing (plain, day ("2026-03-20"), 7).state, ==, BS_TASK_TIMING_ON_TIME);
    g_assert_cmpint (bs_task_get_timing (plain, day ("2026-03-20"), 7).days, ==, 9);
  }
}

/* ------------------------------------------------------------------ */
/* The rules of each edit */

static void
test_task_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTask) task = bs_task_new (f->phase, f->a, "交付物", day ("2026-03-31"));
  g_autoptr(BsTask) stored = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  gint64 first, second, id;

  /* Codes are made when none is given, and never change. */
  first = bs_catalogue_add_task (f->cat, task, &error);
  g_assert_no_error (error);
  second = bs_catalogue_add_task (f->cat, task, &error);
  g_assert_no_error (error);
  stored = bs_catalogue_get_task (f->cat, second, &error);
  g_assert_cmpstr (stored->code, ==, "T002");
  g_clear_pointer (&stored, bs_task_free);
  stored = bs_catalogue_get_task (f->cat, first, &error);
  g_assert_cmpstr (stored->code, ==, "T001");
  g_free (stored->code);
  stored->code = g_strdup ("renamed");
  bs_catalogue_update_task (f->cat, stored, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, bs_task_free);
  stored = bs_catalogue_find_task (f->cat, "T001", &error);
  g_assert_nonnull (stored);
  g_assert_null (bs_catalogue_find_task (f->cat, "renamed", &error));
  g_assert_no_error (error);

  g_free (task->code);
  task->code = g_strdup ("T001");
  g_assert_cmpint (bs_catalogue_add_task (f->cat, task, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "T001"));
  g_clear_error (&error);
  g_free (task->code);
  task->code = g_strdup ("");

  /* What each field must be, with messages that say what to do. */
  {
    g_autoptr(BsTask) bad = bs_task_copy (task);

    g_free (bad->deliverable);
    bad->deliverable = g_strdup ("");
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "deliverable"));
    g_clear_error (&error);
  }
  {
    g_autoptr(BsTask) bad = bs_task_copy (task);

    bad->due = BS_DATE_NONE;
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_clear_error (&error);

    bad->due = day ("2026-03-01");
    bad->start = day ("2026-03-02");
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "2026-03-01"));
    g_assert_nonnull (strstr (error->message, "2026-03-02"));
    g_clear_error (&error);
  }
  {
    g_autoptr(BsTask) bad = bs_task_copy (task);

    bad->completed = day ("2026-03-01");
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "accepted"));
    g_clear_error (&error);

    /* Accepted tomorrow: not yet. */
    bad->status = BS_TASK_STATUS_ACCEPTED;
    bad->completed = day ("2026-03-02");
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "after today"));
    g_clear_error (&error);
  }
  {
    g_autoptr(BsTask) bad = bs_task_copy (task);

    bad->phase_id = 999;
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    bad->phase_id = f->phase;
    bad->theme_id = 999;
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    /* A task covers its own department's items. */
    g_autoptr(BsTask) bad = bs_task_copy (task);

    g_array_append_val (bad->item_ids, f->a1);
    g_array_append_val (bad->item_ids, f->b1);
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "事项乙一"));
    g_assert_nonnull (strstr (error->message, "部门乙"));
    g_assert_nonnull (strstr (error->message, "部门甲"));
    g_clear_error (&error);
  }

  /* Items, theme and all: stored and read back. */
  g_array_append_val (task->item_ids, f->a2);
  g_array_append_val (task->item_ids, f->a1);
  task->theme_id = f->theme;
  task->start = day ("2026-03-01");
  g_free (task->responsible);
  task->responsible = g_strdup ("张伟");
  id = bs_catalogue_add_task (f->cat, task, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, bs_task_free);
  stored = bs_catalogue_get_task (f->cat, id, &error);
  g_assert_cmpstr (stored->code, ==, "T003");
  g_assert_cmpint (stored->theme_id, ==, f->theme);
  g_assert_cmpuint (stored->item_ids->len, ==, 2);
  /* By item code. */
  g_assert_cmpint (g_array_index (stored->item_ids, gint64, 0), ==, f->a1);
  g_assert_cmpint (g_array_index (stored->item_ids, gint64, 1), ==, f->a2);
  g_assert_cmpstr (stored->responsible, ==, "张伟");
  g_assert_cmpuint (stored->start, ==, day ("2026-03-01"));

  /* An item that moved to another department stays on the task. */
  {
    g_autoptr(BsItem) item = bs_catalogue_get_item (f->cat, f->a2, &error);

    item->department_id = f->b;
    bs_catalogue_update_item (f->cat, item, &error);
    g_assert_no_error (error);
    g_free (stored->notes);
    stored->notes = g_strdup ("备注");
    bs_catalogue_update_task (f->cat, stored, &error);
    g_assert_no_error (error);
  }

  /* Lists: by phase, due date, department, code; filters. */
  tasks = bs_catalogue_list_tasks (f->cat, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = bs_catalogue_list_tasks (f->cat, f->phase, f->b, &error);
  g_assert_cmpuint (tasks->len, ==, 0);

  /* A phase with tasks stays; a task with decisions stays. */
  g_assert_false (bs_catalogue_remove_phase (f->cat, f->phase, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "3 tasks"));
  g_clear_error (&error);
  {
    g_autoptr(BsDecision) decision = bs_decision_new (id, BS_DECISION_KIND_REMINDER, "王芳", "请加快进度");

    bs_catalogue_add_decision (f->cat, decision, &error);
    g_assert_no_error (error);
  }
  g_assert_false (bs_catalogue_remove_task (f->cat, id, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "T003"));
  g_clear_error (&error);
  g_assert_true (bs_catalogue_remove_task (f->cat, first, &error));
  g_assert_no_error (error);

  /* A deleted theme leaves its tasks without one; a deleted item leaves
   * their lists. */
  bs_catalogue_remove_theme (f->cat, f->theme, &error);
  g_assert_no_error (error);
  bs_catalogue_remove_item (f->cat, f->a1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, bs_task_free);
  stored = bs_catalogue_get_task (f->cat, id, &error);
  g_assert_cmpint (stored->theme_id, ==, 0);
  g_assert_cmpuint (stored->item_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (stored->item_ids, gint64, 0), ==, f->a2);
}

static void
test_phase_rules (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(BsPhase) bad = bs_phase_new (NULL, "");
  gint64 second = add_phase (f->cat, "", "第二批", NULL, NULL);
  gint64 third = add_phase (f->cat, "", "第三批", "2026-07-01", "2026-09-30");
  g_autoptr(BsPhase) phase = NULL;

  g_assert_cmpint (bs_catalogue_add_phase (f->cat, bad, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->name);
  bad->name = g_strdup ("倒置");
  bad->start = day ("2026-05-02");
  bad->end = day ("2026-05-01");
  g_assert_cmpint (bs_catalogue_add_phase (f->cat, bad, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);

  phases = bs_catalogue_list_phases (f->cat, &error);
  g_assert_cmpuint (phases->len, ==, 3);
  g_assert_cmpstr (((BsPhase *) phases->pdata[1])->code, ==, "P2");
  g_assert_cmpstr (((BsPhase *) phases->pdata[2])->code, ==, "P3");
  g_assert_cmpuint (((BsPhase *) phases->pdata[1])->start, ==, BS_DATE_NONE);

  bs_catalogue_move_phase (f->cat, third, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&phases, g_ptr_array_unref);
  phases = bs_catalogue_list_phases (f->cat, &error);
  g_assert_cmpstr (((BsPhase *) phases->pdata[0])->name, ==, "第三批");
  g_assert_cmpint (((BsPhase *) phases->pdata[2])->position, ==, 2);

  phase = bs_catalogue_get_phase (f->cat, second, &error);
  phase->start = day ("2026-05-01");
  phase->end = day ("2026-06-30");
  bs_catalogue_update_phase (f->cat, phase, &error);
  g_assert_no_error (error);
  bs_catalogue_remove_phase (f->cat, third, &error);
  g_assert_no_error (error);
  g_clear_pointer (&phases, g_ptr_array_unref);
  phases = bs_catalogue_list_phases (f->cat, &error);
  g_assert_cmpuint (phases->len, ==, 2);
  g_assert_cmpint (((BsPhase *) phases->pdata[0])->position, ==, 0);
  g_assert_cmpint (((BsPhase *) phases->pdata[1])->position, ==, 1);
  g_assert_cmpuint (((BsPhase *) phases->pdata[1])->end, ==, day ("2026-06-30"));

  /* The schema refuses what the functions refuse. */
  g_assert_false (bs_catalogue_exec (f->cat, "UPDATE phase SET start_date = '2026-02-30'", NULL));
  g_assert_false (bs_catalogue_exec (f->cat, "UPDATE phase SET end_date = '2026-01-01'", NULL));
  g_assert_false (bs_catalogue_exec (f->cat, "INSERT INTO task (code, phase_id, department_id, "
                                     "deliverable, due_date, status) VALUES ('x', 1, 1, 'd', "
                                     "'2026-03-01', 'accepted')", NULL));
  g_assert_false (bs_catalogue_exec (f->cat, "INSERT INTO task (code, phase_id, department_id, "
                                     "deliverable, due_date, status) VALUES ('x', 1, 1, 'd', "
                                     "'2026-03-01', 'done')", NULL));
}

static void
test_decisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDecision) decision = NULL;
  g_autoptr(BsDecision) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 task = add_task (f, "T1", f->a, "2026-03-10");
  gint64 id;

  decision = bs_decision_new (task, BS_DECISION_KIND_WARNING, "王芳", "逾期未提交");
  set_day (f->cat, "2026-03-12");
  id = bs_catalogue_add_decision (f->cat, decision, &error);
  g_assert_no_error (error);
  stored = bs_catalogue_get_decision (f->cat, id, &error);
  g_assert_cmpstr (stored->code, ==, "D001");
  g_assert_cmpint (stored->department_id, ==, f->a);
  g_assert_cmpuint (stored->date, ==, day ("2026-03-12"));
  g_assert_cmpint (stored->kind, ==, BS_DECISION_KIND_WARNING);
  g_assert_cmpstr (bs_decision_kind_to_string (stored->kind), ==, "warning");

  /* A decision is taken on a day that has come, by someone, for a reason. */
  decision->date = day ("2026-03-13");
  g_assert_cmpint (bs_catalogue_add_decision (f->cat, decision, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  decision->date = BS_DATE_NONE;
  g_free (decision->reason);
  decision->reason = g_strdup ("");
  g_assert_cmpint (bs_catalogue_add_decision (f->cat, decision, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  decision->task_id = 999;
  g_assert_cmpint (bs_catalogue_add_decision (f->cat, decision, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* To another department than the task's when said so. */
  g_free (decision->reason);
  decision->reason = g_strdup ("协办不力");
  decision->task_id = task;
  decision->department_id = f->b;
  decision->kind = BS_DECISION_KIND_ACCOUNTABILITY;
  bs_catalogue_add_decision (f->cat, decision, &error);
  g_assert_no_error (error);

  stored->kind = BS_DECISION_KIND_REMINDER;
  stored->task_id = 999;       /* ignored: a decision keeps its task */
  bs_catalogue_update_decision (f->cat, stored, &error);
  g_assert_no_error (error);
  list = bs_catalogue_list_decisions (f->cat, task, 0, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((BsDecision *) list->pdata[0])->kind, ==, BS_DECISION_KIND_REMINDER);
  g_assert_cmpint (((BsDecision *) list->pdata[0])->task_id, ==, task);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bs_catalogue_list_decisions (f->cat, 0, f->b, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((BsDecision *) list->pdata[0])->code, ==, "D002");

  bs_catalogue_remove_decision (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_null (bs_catalogue_find_decision (f->cat, "D001", &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* The scorecard, against figures worked out by hand */

static void
test_scorecard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  const BsDepartmentScore *a, *b;
  gint64 t1, t2, t3, t4, t5, t6, t7;

  /* Department a (today 2026-03-31, window 7):
   *   T1 due 03-10, accepted 03-08: on time, 0 days late
   *   T2 due 03-10, accepted 03-15: 5 days late
   *   T3 due 03-20, accepted 03-21: 1 day late
   *   T4 due 03-25, in progress: overdue (6 days)
   *   T5 due 04-03, in progress: due soon (3 days)
   * → 5 tasks, 3 done, 1 on time, 1 overdue, 1 due soon,
   *   mean delay (0 + 5 + 1) / 3 = 2.
   * Department b:
   *   T6 due 04-30, not started: open
   *   T7 due 03-31, accepted 03-31: on time
   * → 2 tasks, 1 done, 1 on time, 0 overdue, mean delay 0.
   * Department c: no task, no decision: not listed. */
  t1 = add_task (f, "T1", f->a, "2026-03-10");
  t2 = add_task (f, "T2", f->a, "2026-03-10");
  t3 = add_task (f, "T3", f->a, "2026-03-20");
  t4 = add_task (f, "T4", f->a, "2026-03-25");
  t5 = add_task (f, "T5", f->a, "2026-04-03");
  t6 = add_task (f, "T6", f->b, "2026-04-30");
  t7 = add_task (f, "T7", f->b, "2026-03-31");
  set_day (f->cat, "2026-03-31");
  set_status (f, t1, BS_TASK_STATUS_ACCEPTED, "2026-03-08");
  set_status (f, t2, BS_TASK_STATUS_ACCEPTED, "2026-03-15");
  set_status (f, t3, BS_TASK_STATUS_ACCEPTED, "2026-03-21");
  set_status (f, t4, BS_TASK_STATUS_IN_PROGRESS, NULL);
  set_status (f, t5, BS_TASK_STATUS_IN_PROGRESS, NULL);
  set_status (f, t7, BS_TASK_STATUS_ACCEPTED, "2026-03-31");
  (void) t6;

  /* Decisions: a's latest is the accountability of 03-30 (D002), though
   * D003 has the larger code; b's is the commendation. */
  {
    const struct { gint64 task; BsDecisionKind kind; const char *date; } given[] = {
      { t4, BS_DECISION_KIND_REMINDER, "2026-03-26" },
      { t4, BS_DECISION_KIND_ACCOUNTABILITY, "2026-03-30" },
      { t2, BS_DECISION_KIND_WARNING, "2026-03-28" },
      { t7, BS_DECISION_KIND_COMMENDATION, "2026-03-31" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (given); i++)
      {
        g_autoptr(BsDecision) decision = bs_decision_new (given[i].task, given[i].kind, "王芳", "理由");

        decision->date = day (given[i].date);
        bs_catalogue_add_decision (f->cat, decision, &error);
        g_assert_no_error (error);
      }
  }

  scores = bs_catalogue_compute_scorecard (f->cat, day ("2026-03-31"), 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, ==, 2);
  a = scores->pdata[0];
  b = scores->pdata[1];
  g_assert_cmpstr (a->department_code, ==, "a");
  g_assert_cmpstr (a->department_name, ==, "部门甲");
  g_assert_cmpuint (a->n_tasks, ==, 5);
  g_assert_cmpuint (a->n_done, ==, 3);
  g_assert_cmpuint (a->n_on_time, ==, 1);
  g_assert_cmpuint (a->n_overdue, ==, 1);
  g_assert_cmpuint (a->n_due_soon, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->mean_delay, 2.0, 1e-9);
  g_assert_nonnull (a->latest_decision);
  g_assert_cmpstr (a->latest_decision->code, ==, "D002");
  g_assert_cmpint (a->latest_decision->kind, ==, BS_DECISION_KIND_ACCOUNTABILITY);

  g_assert_cmpstr (b->department_code, ==, "b");
  g_assert_cmpuint (b->n_tasks, ==, 2);
  g_assert_cmpuint (b->n_done, ==, 1);
  g_assert_cmpuint (b->n_on_time, ==, 1);
  g_assert_cmpuint (b->n_overdue, ==, 0);
  g_assert_cmpuint (b->n_due_soon, ==, 0);
  g_assert_cmpfloat_with_epsilon (b->mean_delay, 0.0, 1e-9);
  g_assert_cmpstr (b->latest_decision->code, ==, "D004");

  /* A week later T5 is overdue too (4 days), and the window matters. */
  g_clear_pointer (&scores, g_ptr_array_unref);
  scores = bs_catalogue_compute_scorecard (f->cat, day ("2026-04-07"), 30, &error);
  a = scores->pdata[0];
  b = scores->pdata[1];
  g_assert_cmpuint (a->n_overdue, ==, 2);
  g_assert_cmpuint (a->n_due_soon, ==, 0);
  g_assert_cmpuint (b->n_due_soon, ==, 1);

  /* No task accepted: no mean delay. */
  set_status (f, t7, BS_TASK_STATUS_IN_PROGRESS, NULL);
  g_clear_pointer (&scores, g_ptr_array_unref);
  scores = bs_catalogue_compute_scorecard (f->cat, day ("2026-03-31"), 7, &error);
  b = scores->pdata[1];
  g_assert_cmpuint (b->n_done, ==, 0);
  g_assert_cmpfloat (b->mean_delay, ==, -1.0);
  g_assert_cmpuint (b->n_due_soon, ==, 1);
}

/* ------------------------------------------------------------------ */
/* The audit trail */

static GPtrArray *
audit_of (Fixture    *f,
          const char *entity,
          const char *key)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = bs_catalogue_list_audit (f->cat, entity, key, &error);

  g_assert_no_error (error);
  return records;
}

static const BsAuditRecord *
find_record (GPtrArray  *records,
             gint64      after_seq,
             const char *field)
{
  for (guint i = 0; i < records->len; i++)
    {
      const BsAuditRecord *record = records->pdata[i];

      if (record->seq > after_seq && g_str_equal (record->field, field))
        return record;
    }
  return NULL;
}

static void
assert_intact (BsCatalogue *cat,
               gint64       n_records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAuditReport) report = bs_catalogue_verify_audit (cat, &error);

  g_assert_no_error (error);
  if (report->status != BS_AUDIT_INTACT)
    g_error ("the audit trail is broken: %s", report->message);
  g_assert_cmpint (report->n_records, ==, n_records);
  g_assert_cmpint (report->broken_seq, ==, 0);
  g_assert_cmpuint (strlen (report->head_hash), ==, 64);
}

static void
test_audit_known_answer (void)
{
  BsAuditRecord record = {
    .seq = 1,
    .time = (char *) "2026-03-02T01:30:00Z",
    .user = (char *) "wangfang",
    .action = (char *) "Add Phase",
    .entity = (char *) "phase",
    .key = (char *) "P1",
    .field = (char *) "name",
    .old_value = NULL,
    .new_value = (char *) "第一批 高频易办",
    .prev_hash = (char *) BS_AUDIT_FIRST_PREV_HASH,
  };
  g_autoptr(GString) bytes = g_string_new (NULL);
  g_autofree char *hash = NULL;
  g_autofree char *second_hash = NULL;

  bs_audit_record_append_canonical (&record, bytes);
  g_assert_cmpstr (bytes->str, ==,
                   "64:" BS_AUDIT_FIRST_PREV_HASH "1:1" "20:2026-03-02T01:30:00Z" "8:wangfang"
                   "9:Add Phase" "5:phase" "2:P1" "4:name" "~" "22:第一批 高频易办");
  /* Computed independently with Python's hashlib over the same bytes. */
  hash = bs_audit_record_compute_hash (&record);
  g_assert_cmpstr (hash, ==, "7d002facc92710270250255928ad9cb8834cb9c983fba0c4a77a31852dee1506");

  record.seq = 2;
  record.prev_hash = hash;
  record.field = (char *) "start";
  record.old_value = (char *) "";
  record.new_value = NULL;
  second_hash = bs_audit_record_compute_hash (&record);
  g_assert_cmpstr (second_hash, ==, "71a412f9cc0832f9924f3faffe41e083d51a6206cc9ad7e0e74e71995aba6b5f");
}

/* What the trail says about each kind of change. */
static void
test_audit_records (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BsTask) task = NULL;
  const BsAuditRecord *record;
  gint64 id, before;

  /* The phase of the fixture: one record per field set, old none. */
  records = audit_of (f, "phase", "P1");
  g_assert_cmpuint (records->len, ==, 5);
  {
    static const char * const fields[] = { "code", "name", "position", "start", "end" };
    static const char * const values[] = { "P1", "第一批", "0", "2026-03-01", "2026-04-30" };

    for (guint i = 0; i < records->len; i++)
      {
        record = records->pdata[i];
        g_assert_cmpint (record->seq, ==, i + 1);
        g_assert_cmpstr (record->field, ==, fields[i]);
        g_assert_null (record->old_value);
        g_assert_cmpstr (record->new_value, ==, values[i]);
        g_assert_cmpstr (record->action, ==, "Add Phase");
        g_assert_cmpstr (record->user, ==, "tester");
        /* 09:30 in UTC+8 */
        g_assert_cmpstr (record->time, ==, "2026-03-01T01:30:00Z");
        g_assert_cmpstr (record->entity, ==, "phase");
      }
    g_assert_cmpstr (((BsAuditRecord *) records->pdata[0])->prev_hash, ==, BS_AUDIT_FIRST_PREV_HASH);
  }

  /* A task: references by code, nothing for fields left NULL. */
  task = bs_task_new (f->phase, f->a, "梳理事项", day ("2026-03-31"));
  task->theme_id = f->theme;
  g_array_append_val (task->item_ids, f->a1);
  id = bs_catalogue_add_task (f->cat, task, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, "task", "T001");
  {
    static const char * const fields[] = {
      "code", "phase", "department", "theme", "deliverable", "responsible", "due", "status",
      "notes", "item",
    };
    static const char * const values[] = {
      "T001", "P1", "a", "theme", "梳理事项", "", "2026-03-31", "not-started", "", "a1",
    };

    g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (fields));
    for (guint i = 0; i < records->len; i++)
      {
        record = records->pdata[i];
        g_assert_cmpstr (record->field, ==, fields[i]);
        g_assert_cmpstr (record->new_value, ==, values[i]);
        g_assert_cmpstr (record->action, ==, "Add Task");
      }
  }
  before = bs_catalogue_count_audit (f->cat);

  /* An edit: only what changed. */
  set_day (f->cat, "2026-03-05");
  g_clear_pointer (&task, bs_task_free);
  task = bs_catalogue_get_task (f->cat, id, &error);
  task->due = day ("2026-04-10");
  g_array_append_val (task->item_ids, f->a2);
  bs_catalogue_update_task (f->cat, task, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, NULL, NULL);
  g_assert_cmpuint (records->len, ==, before + 2);
  record = records->pdata[before];
  g_assert_cmpstr (record->field, ==, "due");
  g_assert_cmpstr (record->old_value, ==, "2026-03-31");
  g_assert_cmpstr (record->new_value, ==, "2026-04-10");
  g_assert_cmpstr (record->action, ==, "Edit Task");
  g_assert_cmpstr (record->time, ==, "2026-03-05T01:30:00Z");
  record = records->pdata[before + 1];
  g_assert_cmpstr (record->field, ==, "item");
  g_assert_null (record->old_value);
  g_assert_cmpstr (record->new_value, ==, "a2");

  /* Status and completion date together. */
  set_status (f, id, BS_TASK_STATUS_ACCEPTED, NULL);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, "task", "T001");
  record = find_record (records, before + 2, "status");
  g_assert_cmpstr (record->old_value, ==, "not-started");
  g_assert_cmpstr (record->new_value, ==, "accepted");
  g_assert_cmpstr (record->action, ==, "Accept Task");
  record = find_record (records, before + 2, "completed");
  g_assert_null (record->old_value);
  g_assert_cmpstr (record->new_value, ==, "2026-03-05");

  /* Cascades: a deleted theme and a deleted item, named by their codes. */
  before = bs_catalogue_count_audit (f->cat);
  bs_catalogue_remove_theme (f->cat, f->theme, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, NULL, NULL);
  g_assert_cmpuint (records->len, ==, before + 1);
  record = records->pdata[before];
  g_assert_cmpstr (record->action, ==, "Delete Theme");
  g_assert_cmpstr (record->key, ==, "T001");
  g_assert_cmpstr (record->field, ==, "theme");
  g_assert_cmpstr (record->old_value, ==, "theme");
  g_assert_null (record->new_value);

  bs_catalogue_remove_item (f->cat, f->a2, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, NULL, NULL);
  record = records->pdata[records->len - 1];
  g_assert_cmpstr (record->field, ==, "item");
  g_assert_cmpstr (record->old_value, ==, "a2");
  g_assert_null (record->new_value);

  /* Edits of other things leave no record. */
  before = bs_catalogue_count_audit (f->cat);
  bs_catalogue_set_name (f->cat, "中心", &error);
  add_department (f->cat, "d", "部门丁");
  g_assert_cmpint (bs_catalogue_count_audit (f->cat), ==, before);

  /* A deleted task: every field, new none, its items included. */
  bs_catalogue_remove_task (f->cat, id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, "task", "T001");
  record = records->pdata[records->len - 1];
  g_assert_cmpstr (record->action, ==, "Delete Task");
  g_assert_cmpstr (record->field, ==, "item");
  g_assert_cmpstr (record->old_value, ==, "a1");
  record = find_record (records, before, "completed");
  g_assert_cmpstr (record->old_value, ==, "2026-03-05");
  g_assert_null (record->new_value);
  record = find_record (records, before, "department");
  g_assert_cmpstr (record->old_value, ==, "a");

  assert_intact (f->cat, bs_catalogue_count_audit (f->cat));
}

/* Undo and redo add to the trail; nothing is erased. */
static void
test_audit_undo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BsTask) task = NULL;
  const BsAuditRecord *record;
  gint64 id = add_task (f, "T1", f->a, "2026-03-31");
  gint64 before = bs_catalogue_count_audit (f->cat);
  g_autofree char *head = NULL;

  task = bs_catalogue_get_task (f->cat, id, &error);
  g_free (task->responsible);
  task->responsible = g_strdup ("李明");
  bs_catalogue_update_task (f->cat, task, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count_audit (f->cat), ==, before + 1);

  bs_catalogue_undo (f->cat, &error);
  g_assert_no_error (error);
  records = audit_of (f, NULL, NULL);
  g_assert_cmpuint (records->len, ==, before + 2);
  record = records->pdata[before + 1];
  g_assert_cmpstr (record->action, ==, "Undo Edit Task");
  g_assert_cmpstr (record->field, ==, "responsible");
  g_assert_cmpstr (record->old_value, ==, "李明");
  g_assert_cmpstr (record->new_value, ==, "");

  bs_catalogue_redo (f->cat, &error);
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, NULL, NULL);
  g_assert_cmpuint (records->len, ==, before + 3);
  record = records->pdata[before + 2];
  g_assert_cmpstr (record->action, ==, "Redo Edit Task");
  g_assert_cmpstr (record->new_value, ==, "李明");

  /* Undoing the task's creation: its fields cleared, in the trail. */
  bs_catalogue_undo (f->cat, &error);
  bs_catalogue_undo (f->cat, &error);
  g_assert_no_error (error);
  g_assert_null (bs_catalogue_find_task (f->cat, "T1", &error));
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, "task", "T1");
  record = records->pdata[records->len - 1];
  g_assert_cmpstr (record->action, ==, "Undo Add Task");
  g_assert_null (record->new_value);

  /* The records of undone edits stay, and so does the chain. */
  g_clear_pointer (&records, g_ptr_array_unref);
  records = audit_of (f, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpint (((BsAuditRecord *) records->pdata[i])->seq, ==, i + 1);
  assert_intact (f->cat, records->len);

  /* A failed edit writes nothing. */
  {
    g_autoptr(BsAuditReport) report = bs_catalogue_verify_audit (f->cat, &error);
    gint64 count = bs_catalogue_count_audit (f->cat);
    g_autoptr(BsTask) bad = bs_task_new (f->phase, f->a, "", day ("2026-03-31"));

    head = g_strdup (report->head_hash);
    g_assert_cmpint (bs_catalogue_add_task (f->cat, bad, &error), ==, 0);
    g_clear_error (&error);
    g_assert_true (bs_catalogue_begin (f->cat, "Several", &error));
    add_task (f, "T9", f->a, "2026-03-31");
    bs_catalogue_rollback (f->cat);
    g_assert_cmpint (bs_catalogue_count_audit (f->cat), ==, count);
  }
  {
    g_autoptr(BsAuditReport) report = bs_catalogue_verify_audit (f->cat, &error);

    g_assert_cmpstr (report->head_hash, ==, head);
  }
}

/* One action spanning several entities: records in a fixed order. */
static void
test_audit_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 before = bs_catalogue_count_audit (f->cat);
  const char *last_key = "";

  g_assert_true (bs_catalogue_begin (f->cat, "Plan", &error));
  add_task (f, "T2", f->b, "2026-03-31");
  add_task (f, "T1", f->a, "2026-03-31");
  add_phase (f->cat, "P2", "第二批", NULL, NULL);
  g_assert_true (bs_catalogue_commit (f->cat, &error));
  records = audit_of (f, NULL, NULL);
  /* The phase first, then the tasks by code. */
  g_assert_cmpstr (((BsAuditRecord *) records->pdata[before])->entity, ==, "phase");
  for (guint i = before; i < records->len; i++)
    {
      const BsAuditRecord *record = records->pdata[i];

      g_assert_cmpstr (record->action, ==, "Plan");
      if (g_str_equal (record->entity, "task"))
        {
          g_assert_cmpint (strcmp (last_key, record->key), <=, 0);
          last_key = record->key;
        }
    }
  g_assert_cmpstr (last_key, ==, "T2");
}

/* ------------------------------------------------------------------ */
/* Tampering, with raw SQL */

/* A trail of 20-odd records: a phase, three tasks, an edit, an undo. */
static void
build_trail (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 t1 = add_task (f, "T1", f->a, "2026-03-31");

  add_task (f, "T2", f->b, "2026-04-15");
  set_status (f, t1, BS_TASK_STATUS_IN_PROGRESS, NULL);
  bs_catalogue_undo (f->cat, &error);
  g_assert_no_error (error);
  add_task (f, "T3", f->c, "2026-04-30");
  g_assert_cmpint (bs_catalogue_count_audit (f->cat), >=, 20);
  assert_intact (f->cat, bs_catalogue_count_audit (f->cat));
}

static void
assert_broken (BsCatalogue   *cat,
               BsAuditStatus  status,
               gint64         broken_seq,
               const char    *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAuditReport) report = bs_catalogue_verify_audit (cat, &error);
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, broken_seq);

  g_assert_no_error (error);
  if (report->status != status || report->broken_seq != broken_seq)
    g_error ("expected status %d at record %" G_GINT64_FORMAT ", got %d at %" G_GINT64_FORMAT ": %s",
             status, broken_seq, report->status, report->broken_seq, report->message);
  g_assert_nonnull (strstr (report->message, seq));
  g_assert_nonnull (strstr (report->message, in_message));
}

static void
tamper (Fixture    *f,
        const char *sql)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_exec (f->cat, sql, &error);
  g_assert_no_error (error);
}

static void
test_tamper_edited (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  build_trail (f);
  tamper (f, "UPDATE audit SET new_value = '2026-05-31' WHERE seq = 7");
  assert_broken (f->cat, BS_AUDIT_EDITED, 7, "changed after it was written");

  /* Any field: the time, the user, a null made a value. */
  tamper (f, "UPDATE audit SET new_value = (SELECT new_value FROM audit WHERE seq = 6) WHERE seq = 7");
  assert_broken (f->cat, BS_AUDIT_EDITED, 7, "changed");
  tamper (f, "UPDATE audit SET time = '2026-03-01T01:30:01Z' WHERE seq = 3");
  assert_broken (f->cat, BS_AUDIT_EDITED, 3, "changed");

  /* Rewriting the hash too shows at the next record, whose link breaks. */
  {
    g_autoptr(GPtrArray) records = audit_of (f, NULL, NULL);
    BsAuditRecord *record = records->pdata[2];
    g_autofree char *hash = bs_audit_record_compute_hash (record);
    g_autofree char *sql = g_strdup_printf ("UPDATE audit SET hash = '%s' WHERE seq = 3", hash);

    tamper (f, sql);
    assert_broken (f->cat, BS_AUDIT_OUT_OF_ORDER, 4, "does not follow");
  }
}

static void
test_tamper_first (Fixture       *f,
                   gconstpointer  data)
{
  build_trail (f);
  tamper (f, "UPDATE audit SET user_name = 'someone' WHERE seq = 1");
  assert_broken (f->cat, BS_AUDIT_EDITED, 1, "changed");
}

static void
test_tamper_deleted (Fixture       *f,
                     gconstpointer  data)
{
  build_trail (f);
  tamper (f, "DELETE FROM audit WHERE seq = 9");
  assert_broken (f->cat, BS_AUDIT_MISSING, 10, "record 9 before it is missing");
  tamper (f, "DELETE FROM audit WHERE seq IN (10, 11)");
  assert_broken (f->cat, BS_AUDIT_MISSING, 12, "records 9 to 11");
  /* The first one gone. */
  tamper (f, "DELETE FROM audit WHERE seq = 1");
  assert_broken (f->cat, BS_AUDIT_MISSING, 2, "record 1 before it");
}

static void
test_tamper_deleted_last (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  build_trail (f);
  n = bs_catalogue_count_audit (f->cat);
  tamper (f, "DELETE FROM audit WHERE seq >= (SELECT max (seq) - 1 FROM audit)");
  assert_broken (f->cat, BS_AUDIT_TRUNCATED, n - 1, "last ones were deleted");

  /* The next edit goes after what Banshi wrote, and the gap shows. */
  add_phase (f->cat, "P2", "第二批", NULL, NULL);
  assert_broken (f->cat, BS_AUDIT_MISSING, n + 1, "are missing");
}

static void
test_tamper_reordered (Fixture       *f,
                       gconstpointer  data)
{
  build_trail (f);
  /* Swapped numbers: records 5 and 6 trade places. */
  tamper (f, "UPDATE audit SET seq = -5 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 6; "
             "UPDATE audit SET seq = 6 WHERE seq = -5");
  assert_broken (f->cat, BS_AUDIT_OUT_OF_ORDER, 5, "does not follow the record before it");
}

static void
test_tamper_swapped_rows (Fixture       *f,
                          gconstpointer  data)
{
  build_trail (f);
  /* Swapped contents under unchanged numbers (what swapping rowids does). */
  tamper (f, "CREATE TEMP TABLE keep AS SELECT * FROM audit WHERE seq IN (12, 13);"
             "UPDATE audit SET (time, user_name, action, entity, entity_key, field, old_value, "
             "new_value, prev_hash, hash) = (SELECT time, user_name, action, entity, entity_key, "
             "field, old_value, new_value, prev_hash, hash FROM keep WHERE keep.seq = 25 - audit.seq) "
             "WHERE seq IN (12, 13); DROP TABLE keep");
  assert_broken (f->cat, BS_AUDIT_OUT_OF_ORDER, 12, "does not follow");
}

static void
test_tamper_head (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *hash = NULL;
  BsAuditRecord *last;
  gint64 n;

  build_trail (f);
  n = bs_catalogue_count_audit (f->cat);

  /* A record forged after the last, with a correct hash: the head shows it. */
  records = audit_of (f, NULL, NULL);
  last = bs_audit_record_copy (records->pdata[records->len - 1]);
  g_free (last->prev_hash);
  last->prev_hash = g_strdup (last->hash);
  last->seq++;
  g_free (last->new_value);
  last->new_value = g_strdup ("forged");
  hash = bs_audit_record_compute_hash (last);
  sql = g_strdup_printf ("INSERT INTO audit (seq, time, user_name, action, entity, entity_key, field, "
                         "old_value, new_value, prev_hash, hash) VALUES (%" G_GINT64_FORMAT ", '%s', "
                         "'%s', '%s', '%s', '%s', '%s', NULL, 'forged', '%s', '%s')",
                         last->seq, last->time, last->user, last->action, last->entity, last->key,
                         last->field, last->prev_hash, hash);
  tamper (f, sql);
  assert_broken (f->cat, BS_AUDIT_HEAD_MISMATCH, n + 1, "added outside Banshi");
  bs_audit_record_free (last);

  /* The head itself gone. */
  tamper (f, "DELETE FROM audit WHERE seq = (SELECT max (seq) FROM audit); DELETE FROM audit_head");
  assert_broken (f->cat, BS_AUDIT_HEAD_MISMATCH, n, "not the last record");
}

static void on_verified (GObject *source, GAsyncResult *result, gpointer user_data);

/* Tampered through another connection on the file, and seen by
 * bs_audit_verify_file() too. */
static void
test_tamper_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("banshi-rollout-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "t.banshi", NULL);
  g_autoptr(BsAuditReport) report = NULL;
  sqlite3 *db = NULL;
  Fixture f = { 0 };

  g_assert_no_error (error);
  {
    g_autoptr(BsCatalogue) cat = bs_catalogue_create (path, &error);

    g_assert_no_error (error);
    f.cat = cat;
    set_day (cat, "2026-03-01");
    f.a = add_department (cat, "a", "部门甲");
    f.b = add_department (cat, "b", "部门乙");
    f.c = add_department (cat, "c", "部门丙");
    f.phase = add_phase (cat, "P1", "第一批", "2026-03-01", "2026-04-30");
    build_trail (&f);
    report = bs_audit_verify_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
    g_assert_cmpint (report->n_records, ==, bs_catalogue_count_audit (cat));
    /* In a thread, through a connection of its own. */
    {
      BsAuditReport *threaded = NULL;

      bs_catalogue_verify_audit_async (cat, NULL, on_verified, &threaded);
      while (threaded == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (threaded->status, ==, BS_AUDIT_INTACT);
      g_assert_cmpstr (threaded->head_hash, ==, report->head_hash);
      bs_audit_report_free (threaded);
    }
    bs_catalogue_close (cat);
  }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET old_value = 'x' WHERE seq = 4", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_clear_pointer (&report, bs_audit_report_free);
  report = bs_audit_verify_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_EDITED);
  g_assert_cmpint (report->broken_seq, ==, 4);
  {
    g_autoptr(BsCatalogue) cat = bs_catalogue_open (path, &error);

    g_assert_no_error (error);
    assert_broken (cat, BS_AUDIT_EDITED, 4, "changed");
  }

  g_remove (path);
  g_rmdir (dir);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsAuditReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bs_catalogue_verify_audit_finish (BS_CATALOGUE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_verify_async (Fixture       *f,
                   gconstpointer  data)
{
  BsAuditReport *report = NULL;

  build_trail (f);
  bs_catalogue_verify_audit_async (f->cat, NULL, on_verified, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
  g_assert_cmpint (report->n_records, ==, bs_catalogue_count_audit (f->cat));
  bs_audit_report_free (report);
}

/* ------------------------------------------------------------------ */
/* Proposing phases */

static double
demand_for (gint64   theme_id,
            gpointer user_data)
{
  gint64 *wanted = user_data;

  return theme_id == *wanted ? 1000 : 10;
}

static void
test_proposal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsPhaseProposal) proposal = NULL;
  g_autoptr(BsPhaseProposal) again = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  const BsProposedPhase *phase;
  const BsThemeRank *rank;
  gint64 single, pair, big, cyclic;

  /* Scores (items / 3 + departments / 2 + days / 18):
   *   single: a2 (3 days)                  1/3 + 1/2 + 3/18   = 1
   *   cyclic: a1 ⇄ a2, no critical path   2/3 + 1/2 + 18/18  ≈ 2.17
   *   pair (the fixture's): a1 → b1       2/3 + 2/2 + 15/18  = 2.5
   *   big: a2 → a1 → b1 (18 days)          3/3 + 2/2 + 18/18  = 3 */
  single = add_theme (f->cat, "single", "单一", f->category, &f->a2, 1);
  pair = f->theme;
  {
    gint64 items[] = { f->a1, f->a2, f->b1 };

    big = add_theme (f->cat, "big", "较大", f->category, items, 3);
    bs_catalogue_add_theme_edge (f->cat, big, f->a2, f->a1, &error);
    bs_catalogue_add_theme_edge (f->cat, big, f->a1, f->b1, &error);
    cyclic = add_theme (f->cat, "cyclic", "循环", f->category, items, 2);
    bs_catalogue_add_theme_edge (f->cat, cyclic, f->a1, f->a2, &error);
    bs_catalogue_add_theme_edge (f->cat, cyclic, f->a2, f->a1, &error);
    g_assert_no_error (error);
  }

  proposal = bs_catalogue_propose_phases (f->cat, 3, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proposal->phases->len, ==, 3);
  /* Four themes in three phases: 2, 1, 1. */
  phase = proposal->phases->pdata[0];
  g_assert_cmpstr (phase->name, ==, "Batch 1");
  g_assert_cmpuint (phase->themes->len, ==, 2);
  rank = phase->themes->pdata[0];
  g_assert_cmpint (rank->theme_id, ==, single);
  g_assert_cmpuint (rank->n_items, ==, 1);
  g_assert_cmpuint (rank->n_departments, ==, 1);
  g_assert_cmpint (rank->critical_days, ==, 3);
  g_assert_cmpfloat (rank->demand, ==, -1);
  g_assert_cmpfloat_with_epsilon (rank->score, 1.0, 1e-9);
  rank = phase->themes->pdata[1];
  g_assert_cmpint (rank->theme_id, ==, cyclic);
  g_assert_cmpint (rank->critical_days, ==, -1);
  g_assert_cmpfloat_with_epsilon (rank->score, 2.0 / 3 + 0.5 + 1, 1e-9);
  rank = ((BsProposedPhase *) proposal->phases->pdata[1])->themes->pdata[0];
  g_assert_cmpint (rank->theme_id, ==, pair);
  g_assert_cmpint (rank->critical_days, ==, 15);
  g_assert_cmpfloat_with_epsilon (rank->score, 2.5, 1e-9);
  rank = ((BsProposedPhase *) proposal->phases->pdata[2])->themes->pdata[0];
  g_assert_cmpint (rank->theme_id, ==, big);
  g_assert_cmpint (rank->critical_days, ==, 18);
  g_assert_cmpfloat_with_epsilon (rank->score, 3.0, 1e-9);

  /* Demand moves the most asked for theme first. */
  again = bs_catalogue_propose_phases (f->cat, 2, demand_for, &big, 1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->phases->len, ==, 2);
  rank = ((BsProposedPhase *) again->phases->pdata[0])->themes->pdata[0];
  g_assert_cmpint (rank->theme_id, ==, big);
  g_assert_cmpfloat (rank->demand, ==, 1000);

  /* Accepted: phases with dates, a task per theme and department with that
   * department's items, due at the end of its phase. */
  bs_catalogue_accept_phase_proposal (f->cat, proposal, day ("2026-05-01"), 30, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_catalogue_get_undo_label (f->cat), ==, "Accept Phase Proposal");
  phases = bs_catalogue_list_phases (f->cat, &error);
  g_assert_cmpuint (phases->len, ==, 4);
  g_assert_cmpstr (((BsPhase *) phases->pdata[1])->name, ==, "Batch 1");
  g_assert_cmpuint (((BsPhase *) phases->pdata[1])->start, ==, day ("2026-05-01"));
  g_assert_cmpuint (((BsPhase *) phases->pdata[1])->end, ==, day ("2026-05-30"));
  g_assert_cmpuint (((BsPhase *) phases->pdata[3])->end, ==, day ("2026-07-29"));
  tasks = bs_catalogue_list_tasks (f->cat, ((BsPhase *) phases->pdata[1])->id, 0, &error);
  /* single and cyclic: department a alone. */
  g_assert_cmpuint (tasks->len, ==, 2);
  for (guint i = 0; i < tasks->len; i++)
    {
      const BsTask *task = tasks->pdata[i];

      g_assert_cmpuint (task->due, ==, day ("2026-05-30"));
      g_assert_cmpuint (task->start, ==, day ("2026-05-01"));
      g_assert_cmpint (task->department_id, ==, f->a);
      g_assert_cmpuint (task->item_ids->len, ==, task->theme_id == single ? 1 : 2);
      g_assert_cmpint (task->status, ==, BS_TASK_STATUS_NOT_STARTED);
      g_assert_true (task->theme_id == single || task->theme_id == cyclic);
    }
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = bs_catalogue_list_tasks (f->cat, ((BsPhase *) phases->pdata[2])->id, 0, &error);
  g_assert_cmpuint (tasks->len, ==, 2);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = bs_catalogue_list_tasks (f->cat, ((BsPhase *) phases->pdata[3])->id, f->a, &error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpuint (((BsTask *) tasks->pdata[0])->item_ids->len, ==, 2);

  /* Planned themes are not proposed again. */
  g_clear_pointer (&again, bs_phase_proposal_free);
  again = bs_catalogue_propose_phases (f->cat, 3, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->phases->len, ==, 0);
  assert_intact (f->cat, bs_catalogue_count_audit (f->cat));
}

/* ------------------------------------------------------------------ */
/* The demo */

static char *
demo_path (void)
{
  const char *source_dir = g_getenv ("BANSHI_SOURCE_DIR");

  return source_dir ? g_build_filename (source_dir, "data", "demo", "demo.json", NULL) : NULL;
}

/* The demo's rollout as the README describes it, on its reference date. */
static void
test_demo (void)
{
  g_autofree char *path = demo_path ();
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GHashTable) departments = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(BsAuditReport) report = NULL;
  guint counts[BS_N_TASK_TIMINGS] = { 0 };
  gboolean reopened = FALSE;
  BsDate today;

  if (path == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return;
    }
  cat = bs_catalogue_new_in_memory (&error);
  bs_catalogue_import_json_file (cat, path, &error);
  g_assert_no_error (error);

  today = bs_catalogue_get_reference_date (cat);
  g_assert_cmpuint (today, ==, day ("2026-06-15"));
  g_assert_cmpuint (bs_catalogue_get_today (cat), ==, today);

  phases = bs_catalogue_list_phases (cat, &error);
  g_assert_cmpuint (phases->len, ==, 3);
  g_assert_true (g_str_has_prefix (((BsPhase *) phases->pdata[0])->name, "第一批"));
  tasks = bs_catalogue_list_tasks (cat, 0, 0, &error);
  g_assert_cmpuint (tasks->len, >=, 30);
  for (guint i = 0; i < tasks->len; i++)
    {
      const BsTask *task = tasks->pdata[i];
      BsTaskTiming timing = bs_task_get_timing (task, today, BS_DUE_SOON_DAYS_DEFAULT);

      counts[timing.state]++;
      g_hash_table_add (departments, (gpointer) &task->department_id);
    }
  g_assert_cmpuint (g_hash_table_size (departments), >=, 10);
  g_assert_cmpuint (counts[BS_TASK_TIMING_ON_TIME], >=, 5);
  g_assert_cmpuint (counts[BS_TASK_TIMING_LATE], >=, 3);
  g_assert_cmpuint (counts[BS_TASK_TIMING_OVERDUE], >=, 3);
  g_assert_cmpuint (counts[BS_TASK_TIMING_DUE_SOON], >=, 2);
  g_assert_cmpuint (counts[BS_TASK_TIMING_OPEN], >=, 5);

  decisions = bs_catalogue_list_decisions (cat, 0, 0, &error);
  g_assert_cmpuint (decisions->len, >=, 5);
  {
    gboolean kinds[BS_N_DECISION_KINDS] = { FALSE };

    for (guint i = 0; i < decisions->len; i++)
      kinds[((BsDecision *) decisions->pdata[i])->kind] = TRUE;
    for (guint k = 0; k < BS_N_DECISION_KINDS; k++)
      g_assert_true (kinds[k]);
  }
  scores = bs_catalogue_compute_scorecard (cat, today, BS_DUE_SOON_DAYS_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, >=, 10);

  /* Its history verifies and tells how the rollout went, a reopened task
   * and an undone change among it. */
  report = bs_catalogue_verify_audit (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
  g_assert_cmpint (report->n_records, >, 500);
  {
    g_autoptr(GPtrArray) records = bs_catalogue_list_audit (cat, NULL, NULL, &error);
    gboolean undone = FALSE;

    for (guint i = 0; i < records->len; i++)
      {
        const BsAuditRecord *record = records->pdata[i];

        undone |= g_str_has_prefix (record->action, "Undo ");
        reopened |= g_strcmp0 (record->field, "status") == 0 &&
                    g_strcmp0 (record->old_value, "accepted") == 0;
        g_assert_cmpint (strcmp (record->time, "2026-06-16"), <, 0);
      }
    g_assert_true (undone);
    g_assert_true (reopened);
  }
}

/* ------------------------------------------------------------------ */
/* The demo's rollout, made through the API as a manager and an analyst
 * would have made it from March to June 2026, on a clock that follows
 * them. data/demo/demo.json is this history, exported: regenerate it with
 *   BANSHI_DEMO_OUTPUT=data/demo/demo.json BANSHI_SOURCE_DIR=. \
 *     _build/tests/test-rollout -p /rollout/demo-history
 * (the catalogue's other parts are taken from the current demo.json). */

typedef enum
{
  EVENT_PLAN,      /* accept the proposal of three phases */
  EVENT_PHASE,     /* name and dates of phase @theme ("1"…) */
  EVENT_SCHEDULE,  /* a theme's tasks: responsible person, start, due */
  EVENT_DUE,       /* one task's due date */
  EVENT_START,     /* a theme's tasks in progress */
  EVENT_STATUS,    /* one task's status (accepted: completed that day) */
  EVENT_NOTES,     /* one task's notes */
  EVENT_DECIDE,    /* a decision about one task */
  EVENT_UNDO,
} DemoEventKind;

typedef struct
{
  const char *when;        /* local time, UTC+8 */
  const char *user;
  DemoEventKind kind;
  const char *theme;
  const char *department;
  const char *text;        /* status, notes, phase name, decision reason */
  const char *date;        /* due, phase start */
  const char *date2;       /* phase end, decision kind */
} DemoEvent;

#define MANAGER "wangfang"
#define ANALYST "liming"

static const DemoEvent demo_events[] = {
  { "2026-03-02 09:10", MANAGER, EVENT_PLAN },
  { "2026-03-02 09:20", MANAGER, EVENT_PHASE, "1", NULL, "第一批 高频易办", "2026-03-02", "2026-04-30" },
  { "2026-03-02 09:22", MANAGER, EVENT_PHASE, "2", NULL, "第二批 多部门联办", "2026-05-04", "2026-06-30" },
  { "2026-03-02 09:24", MANAGER, EVENT_PHASE, "3", NULL, "第三批 复杂难办", "2026-07-01", "2026-09-30" },
  { "2026-03-03 10:00", ANALYST, EVENT_SCHEDULE, "open-barbershop", NULL, NULL, "2026-03-31" },
  { "2026-03-03 10:05", ANALYST, EVENT_SCHEDULE, "company-deregistration", NULL, NULL, "2026-04-15" },
  { "2026-03-03 10:10", ANALYST, EVENT_SCHEDULE, "company-change", NULL, NULL, "2026-04-22" },
  { "2026-03-03 10:15", ANALYST, EVENT_SCHEDULE, "newborn", NULL, NULL, "2026-04-30" },
  { "2026-03-05 15:00", ANALYST, EVENT_START, "open-barbershop" },
  { "2026-03-09 15:00", ANALYST, EVENT_START, "company-deregistration" },
  { "2026-03-16 15:00", ANALYST, EVENT_START, "company-change" },
  { "2026-03-23 15:00", ANALYST, EVENT_START, "newborn" },
  { "2026-03-26 16:00", ANALYST, EVENT_STATUS, "open-barbershop", "scjg", "submitted" },
  { "2026-03-27 10:00", MANAGER, EVENT_STATUS, "open-barbershop", "scjg", "accepted" },
  { "2026-03-30 16:30", ANALYST, EVENT_STATUS, "open-barbershop", "wjw", "submitted" },
  { "2026-03-31 11:00", MANAGER, EVENT_STATUS, "open-barbershop", "wjw", "accepted" },
  { "2026-04-01 09:30", MANAGER, EVENT_DECIDE, "open-barbershop", "cgj",
    "开理发店的城管事项梳理已逾期，请于4月7日前提交", NULL, "reminder" },
  { "2026-04-06 17:00", ANALYST, EVENT_STATUS, "open-barbershop", "cgj", "submitted" },
  { "2026-04-07 10:30", MANAGER, EVENT_STATUS, "open-barbershop", "cgj", "accepted" },
  { "2026-04-09 16:00", ANALYST, EVENT_STATUS, "company-deregistration", "scjg", "submitted" },
  { "2026-04-10 10:00", MANAGER, EVENT_STATUS, "company-deregistration", "scjg", "accepted" },
  { "2026-04-13 16:00", ANALYST, EVENT_STATUS, "company-deregistration", "sw", "submitted" },
  { "2026-04-14 10:00", MANAGER, EVENT_STATUS, "company-deregistration", "sw", "accepted" },
  { "2026-04-15 09:00", ANALYST, EVENT_STATUS, "company-deregistration", "gjj", "submitted" },
  { "2026-04-15 16:00", MANAGER, EVENT_STATUS, "company-deregistration", "gjj", "accepted" },
  { "2026-04-16 16:00", ANALYST, EVENT_STATUS, "company-change", "scjg", "submitted" },
  { "2026-04-17 10:00", MANAGER, EVENT_STATUS, "company-change", "scjg", "accepted" },
  { "2026-04-18 15:00", ANALYST, EVENT_STATUS, "company-deregistration", "rsj", "submitted" },
  { "2026-04-20 09:30", MANAGER, EVENT_STATUS, "company-deregistration", "rsj", "accepted" },
  { "2026-04-20 10:00", MANAGER, EVENT_STATUS, "company-change", "sw", "accepted" },
  { "2026-04-20 10:10", MANAGER, EVENT_STATUS, "company-change", "gjj", "accepted" },
  { "2026-04-21 10:00", MANAGER, EVENT_STATUS, "company-change", "rsj", "accepted" },
  { "2026-04-22 15:00", MANAGER, EVENT_STATUS, "company-change", "ga", "accepted" },
  { "2026-04-24 10:00", MANAGER, EVENT_STATUS, "newborn", "wjw", "accepted" },
  { "2026-04-27 09:00", MANAGER, EVENT_NOTES, "company-change", "gjj",
    "材料清单与国家标准不一致，退回修改" },
  { "2026-04-27 09:05", MANAGER, EVENT_STATUS, "company-change", "gjj", "in-progress" },
  { "2026-04-27 14:00", ANALYST, EVENT_SCHEDULE, "start-company", NULL, NULL, "2026-05-29" },
  { "2026-04-27 14:05", ANALYST, EVENT_SCHEDULE, "second-hand-house", NULL, NULL, "2026-06-12" },
  { "2026-04-27 14:10", ANALYST, EVENT_SCHEDULE, "retirement", NULL, NULL, "2026-06-19" },
  { "2026-04-27 14:15", ANALYST, EVENT_SCHEDULE, "after-death", NULL, NULL, "2026-06-30" },
  { "2026-04-27 14:20", ANALYST, EVENT_DUE, "after-death", "mzj", NULL, "2026-06-22" },
  { "2026-04-28 10:00", MANAGER, EVENT_STATUS, "newborn", "ybj", "accepted" },
  { "2026-04-29 10:00", MANAGER, EVENT_STATUS, "newborn", "rsj", "accepted" },
  { "2026-05-04 15:00", ANALYST, EVENT_START, "start-company" },
  { "2026-05-06 09:00", MANAGER, EVENT_DECIDE, "open-barbershop", "scjg",
    "第一批承担的三项任务均按期或提前完成，质量好", NULL, "commendation" },
  { "2026-05-06 09:10", MANAGER, EVENT_DECIDE, "company-deregistration", "sw",
    "企业注销税务事项梳理提前完成，要素齐全，可作范本", NULL, "reward" },
  { "2026-05-07 16:00", ANALYST, EVENT_STATUS, "company-change", "gjj", "submitted" },
  { "2026-05-08 10:00", MANAGER, EVENT_STATUS, "company-change", "gjj", "accepted" },
  { "2026-05-11 15:00", ANALYST, EVENT_START, "second-hand-house" },
  { "2026-05-15 09:30", MANAGER, EVENT_DECIDE, "newborn", "ga",
    "新生儿出生一件事的户口登记事项逾期半月未提交", NULL, "warning" },
  { "2026-05-18 15:00", ANALYST, EVENT_START, "retirement" },
  { "2026-05-20 11:00", ANALYST, EVENT_DUE, "retirement", "rsj", NULL, "2026-06-26" },
  { "2026-05-20 11:02", ANALYST, EVENT_UNDO },
  { "2026-05-25 10:00", MANAGER, EVENT_STATUS, "start-company", "scjg", "accepted" },
  { "2026-05-27 10:00", MANAGER, EVENT_STATUS, "start-company", "sw", "accepted" },
  { "2026-05-28 10:00", MANAGER, EVENT_STATUS, "start-company", "rsj", "accepted" },
  { "2026-05-29 16:00", MANAGER, EVENT_STATUS, "start-company", "ga", "accepted" },
  { "2026-06-01 09:00", ANALYST, EVENT_START, "after-death" },
  { "2026-06-01 14:00", ANALYST, EVENT_SCHEDULE, "open-pharmacy", NULL, NULL, "2026-08-31" },
  { "2026-06-01 14:05", ANALYST, EVENT_SCHEDULE, "open-restaurant", NULL, NULL, "2026-09-30" },
  { "2026-06-01 14:10", ANALYST, EVENT_SCHEDULE, "open-kindergarten", NULL, NULL, "2026-09-30" },
  { "2026-06-03 10:00", MANAGER, EVENT_STATUS, "start-company", "gjj", "accepted" },
  { "2026-06-09 10:00", MANAGER, EVENT_STATUS, "retirement", "ybj", "accepted" },
  { "2026-06-10 10:00", MANAGER, EVENT_STATUS, "second-hand-house", "zrzyj", "accepted" },
  { "2026-06-11 16:00", ANALYST, EVENT_STATUS, "second-hand-house", "swj", "submitted" },
  { "2026-06-12 10:00", MANAGER, EVENT_STATUS, "second-hand-house", "sw", "accepted" },
  { "2026-06-12 11:00", MANAGER, EVENT_DECIDE, "newborn", "ga",
    "逾期四十余天，经两次督办仍未完成，启动问责程序", NULL, "accountability" },
  { "2026-06-14 16:00", ANALYST, EVENT_STATUS, "retirement", "gjj", "submitted" },
  { "2026-06-15 10:00", MANAGER, EVENT_STATUS, "second-hand-house", "ga", "accepted" },
  { "2026-06-15 11:00", MANAGER, EVENT_DECIDE, "after-death", "mzj",
    "距截止日期不足一周，请按期提交", NULL, "reminder" },
};

/* Who answers for each department's tasks. */
static const char * const demo_responsible[][2] = {
  { "cgj", "赵强" }, { "ga", "孙丽" }, { "gjj", "周敏" }, { "jtj", "钱坤" }, { "jyj", "吴昊" },
  { "mzj", "郑红" }, { "rsj", "陈晨" }, { "scjg", "张伟" }, { "sthj", "冯雪" }, { "sw", "刘洋" },
  { "swj", "黄磊" }, { "swuj", "许静" }, { "wglj", "蒋文" }, { "wjw", "何静" }, { "xf", "高峰" },
  { "ybj", "林芳" }, { "yc", "郭涛" }, { "zjj", "马骏" }, { "zrzyj", "罗娜" },
};

static void
set_time (BsCatalogue *cat,
          const char  *when)
{
  TestClock *clock = g_new0 (TestClock, 1);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  int year, month, dom, hour, minute;

  g_assert_cmpint (sscanf (when, "%d-%d-%d %d:%d", &year, &month, &dom, &hour, &minute), ==, 5);
  clock->now = g_date_time_new (zone, year, month, dom, hour, minute, 0);
  bs_catalogue_set_clock (cat, test_clock_now, clock, test_clock_free);
}

/* The tasks of @theme (of @department only, unless NULL). */
static GPtrArray *
demo_tasks (BsCatalogue *cat,
            const char  *theme,
            const char  *department)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) found = bs_catalogue_find_theme (cat, theme, &error);
  g_autoptr(BsDepartment) owner = department ? bs_catalogue_find_department (cat, department, &error) : NULL;
  g_autoptr(GPtrArray) tasks = bs_catalogue_list_tasks (cat, 0, owner ? owner->id : 0, &error);
  GPtrArray *chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_task_free);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  for (guint i = 0; i < tasks->len; i++)
    if (((BsTask *) tasks->pdata[i])->theme_id == found->id)
      g_ptr_array_add (chosen, bs_task_copy (tasks->pdata[i]));
  g_assert_cmpuint (chosen->len, >, 0);
  return chosen;
}

static void
play_demo_event (BsCatalogue     *cat,
                 const DemoEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(BsTheme) theme = NULL;

  set_time (cat, event->when);
  bs_catalogue_set_user_name (cat, event->user);
  switch (event->kind)
    {
    case EVENT_PLAN:
      {
        g_autoptr(BsPhaseProposal) proposal = bs_catalogue_propose_phases (cat, 3, NULL, NULL, 0, &error);

        g_assert_no_error (error);
        bs_catalogue_accept_phase_proposal (cat, proposal, day ("2026-03-02"), 61, &error);
      }
      break;

    case EVENT_PHASE:
      {
        g_autoptr(GPtrArray) phases = bs_catalogue_list_phases (cat, &error);
        BsPhase *phase = phases->pdata[atoi (event->theme) - 1];

        g_free (phase->name);
        phase->name = g_strdup (event->text);
        phase->start = day (event->date);
        phase->end = day (event->date2);
        bs_catalogue_update_phase (cat, phase, &error);
      }
      break;

    case EVENT_SCHEDULE:
      theme = bs_catalogue_find_theme (cat, event->theme, &error);
      tasks = demo_tasks (cat, event->theme, NULL);
      for (guint i = 0; i < tasks->len && error == NULL; i++)
        {
          BsTask *task = tasks->pdata[i];
          g_autoptr(BsDepartment) department = bs_catalogue_get_department (cat, task->department_id, &error);
          g_autoptr(BsPhase) phase = bs_catalogue_get_phase (cat, task->phase_id, &error);

          for (guint d = 0; d < G_N_ELEMENTS (demo_responsible); d++)
            if (g_str_equal (demo_responsible[d][0], department->code))
              {
                g_free (task->responsible);
                task->responsible = g_strdup (demo_responsible[d][1]);
              }
          task->start = phase->start;
          task->due = day (event->date);
          g_free (task->deliverable);
          task->deliverable = g_strdup_printf ("“%s”中本部门事项的办理要素、材料清单和承诺时限完成"
                                               "标准化梳理，并在政务服务网上线", theme->name);
          bs_catalogue_update_task (cat, task, &error);
        }
      break;

    case EVENT_DUE:
      tasks = demo_tasks (cat, event->theme, event->department);
      ((BsTask *) tasks->pdata[0])->due = day (event->date);
      bs_catalogue_update_task (cat, tasks->pdata[0], &error);
      break;

    case EVENT_NOTES:
      tasks = demo_tasks (cat, event->theme, event->department);
      g_free (((BsTask *) tasks->pdata[0])->notes);
      ((BsTask *) tasks->pdata[0])->notes = g_strdup (event->text);
      bs_catalogue_update_task (cat, tasks->pdata[0], &error);
      break;

    case EVENT_START:
      tasks = demo_tasks (cat, event->theme, NULL);
      for (guint i = 0; i < tasks->len && error == NULL; i++)
        bs_catalogue_set_task_status (cat, ((BsTask *) tasks->pdata[i])->id, BS_TASK_STATUS_IN_PROGRESS,
                                      BS_DATE_NONE, &error);
      break;

    case EVENT_STATUS:
      {
        BsTaskStatus status;

        g_assert_true (bs_task_status_from_string (event->text, &status));
        tasks = demo_tasks (cat, event->theme, event->department);
        bs_catalogue_set_task_status (cat, ((BsTask *) tasks->pdata[0])->id, status, BS_DATE_NONE, &error);
      }
      break;

    case EVENT_DECIDE:
      {
        g_autoptr(BsDecision) decision = NULL;
        BsDecisionKind kind;

        g_assert_true (bs_decision_kind_from_string (event->date2, &kind));
        tasks = demo_tasks (cat, event->theme, event->department);
        decision = bs_decision_new (((BsTask *) tasks->pdata[0])->id, kind, "王芳", event->text);
        bs_catalogue_add_decision (cat, decision, &error);
      }
      break;

    case EVENT_UNDO:
      bs_catalogue_undo (cat, &error);
      break;

    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

/* The demo's catalogue without its rollout, as JSON. */
static char *
demo_base (const char *path)
{
  static const char * const rollout_keys[] = { "reference_date", "phases", "tasks", "decisions", "audit" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (rollout_keys); i++)
    if (json_object_has_member (root, rollout_keys[i]))
      json_object_remove_member (root, rollout_keys[i]);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static void
test_demo_history (void)
{
  g_autofree char *path = demo_path ();
  g_autofree char *base = NULL;
  g_autofree char *shipped = NULL;
  g_autoptr(BsCatalogue) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exported = NULL;
  const char *output = g_getenv ("BANSHI_DEMO_OUTPUT");
  gsize length;
  const char *text;

  if (path == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return;
    }
  base = demo_base (path);
  cat = bs_catalogue_new_in_memory (&error);
  bs_catalogue_import_json (cat, base, strlen (base), &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count_audit (cat), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (demo_events); i++)
    play_demo_event (cat, &demo_events[i]);
  bs_catalogue_set_reference_date (cat, day ("2026-06-15"), &error);
  g_assert_no_error (error);
  assert_intact (cat, bs_catalogue_count_audit (cat));

  exported = bs_catalogue_export_json (cat, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (exported, &length);
  if (output != NULL)
    {
      g_file_set_contents (output, text, length, &error);
      g_assert_no_error (error);
    }

  /* The shipped demo is exactly this history. */
  g_file_get_contents (path, &shipped, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (shipped, text) != 0)
    g_test_fail_printf ("data/demo/demo.json is not the demo's history as this test makes it; "
                        "regenerate it (see the comment above demo_events)");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rollout/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/rollout/dates", test_dates);
  ADD ("clock", test_clock);
  ADD ("timing/boundaries", test_timing_boundaries);
  ADD ("tasks/rules", test_task_rules);
  ADD ("phases/rules", test_phase_rules);
  ADD ("decisions", test_decisions);
  ADD ("scorecard", test_scorecard);
  g_test_add_func ("/rollout/audit/known-answer", test_audit_known_answer);
  ADD ("audit/records", test_audit_records);
  ADD ("audit/undo", test_audit_undo);
  ADD ("audit/order", test_audit_order);
  ADD ("audit/tamper/edited", test_tamper_edited);
  ADD ("audit/tamper/first", test_tamper_first);
  ADD ("audit/tamper/deleted", test_tamper_deleted);
  ADD ("audit/tamper/deleted-last", test_tamper_deleted_last);
  ADD ("audit/tamper/reordered", test_tamper_reordered);
  ADD ("audit/tamper/swapped-rows", test_tamper_swapped_rows);
  ADD ("audit/tamper/head", test_tamper_head);
  g_test_add_func ("/rollout/audit/tamper/file", test_tamper_file);
  ADD ("audit/verify-async", test_verify_async);
  ADD ("proposal", test_proposal);
  g_test_add_func ("/rollout/demo", test_demo);
  g_test_add_func ("/rollout/demo-history", test_demo_history);

  return g_test_run ();
}
