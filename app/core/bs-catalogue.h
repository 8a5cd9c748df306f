/* bs-catalogue.h: one catalogue, one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "bs-changes.h"
#include "bs-date.h"

G_BEGIN_DECLS

#define BS_CATALOGUE_ERROR (bs_catalogue_error_quark ())

typedef enum
{
  BS_CATALOGUE_ERROR_NOT_FOUND,       /* the file does not exist */
  BS_CATALOGUE_ERROR_EXISTS,          /* refusing to overwrite a file */
  BS_CATALOGUE_ERROR_NOT_A_CATALOGUE, /* a file, maybe SQLite, but not ours */
  BS_CATALOGUE_ERROR_CORRUPT,         /* damaged SQLite file */
  BS_CATALOGUE_ERROR_TOO_NEW,         /* made by a newer Banshi */
  BS_CATALOGUE_ERROR_READ_ONLY,       /* cannot be written */
  BS_CATALOGUE_ERROR_CONSTRAINT,      /* an edit breaks a rule of the catalogue */
  BS_CATALOGUE_ERROR_INVALID,         /* bad input, e.g. a bad JSON file */
  BS_CATALOGUE_ERROR_NOTHING_TO_UNDO,
  BS_CATALOGUE_ERROR_FAILED,          /* any other SQLite failure */
} BsCatalogueError;

/* The schema version this build writes; files with a higher one are refused. */
#define BS_CATALOGUE_SCHEMA_VERSION 5
/* PRAGMA application_id of a Banshi catalogue: "BSHI". */
#define BS_CATALOGUE_APPLICATION_ID 0x42534849

#define BS_TYPE_CATALOGUE (bs_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (BsCatalogue, bs_catalogue, BS, CATALOGUE, GObject)

GQuark       bs_catalogue_error_quark     (void);

typedef enum
{
  BS_CATALOGUE_OPEN_DEFAULT = 0,
  /* Skip the full read of every page when opening; the caller runs
   * bs_catalogue_check_async() instead, so a large file opens at once. */
  BS_CATALOGUE_OPEN_DEFER_CHECK = 1 << 0,
} BsCatalogueOpenFlags;

BsCatalogue *bs_catalogue_create          (const char   *path,
                                           GError      **error);
BsCatalogue *bs_catalogue_open            (const char   *path,
                                           GError      **error);
BsCatalogue *bs_catalogue_open_full       (const char            *path,
                                           BsCatalogueOpenFlags   flags,
                                           GError               **error);
/* Reads every page of the file through a connection of its own, so it may
 * run in any thread; BS_CATALOGUE_ERROR_CORRUPT when it is damaged. */
gboolean     bs_catalogue_check_file      (const char   *path,
                                           GError      **error);
void         bs_catalogue_check_async     (BsCatalogue         *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     bs_catalogue_check_finish    (BsCatalogue         *self,
                                           GAsyncResult        *result,
                                           GError             **error);
BsCatalogue *bs_catalogue_new_in_memory   (GError      **error);
const char  *bs_catalogue_get_path        (BsCatalogue  *self);
gboolean     bs_catalogue_save_as         (BsCatalogue  *self,
                                           const char   *path,
                                           GError      **error);
void         bs_catalogue_close           (BsCatalogue  *self);

char        *bs_catalogue_dup_name        (BsCatalogue  *self);
gboolean     bs_catalogue_set_name        (BsCatalogue  *self,
                                           const char   *name,
                                           GError      **error);

/* Edits. Every change to the catalogue happens between begin and commit (or
 * rollback): one transaction, recorded as one undoable action. Edits nest;
 * only the outermost one commits, and a failure anywhere rolls all back.
 * The entity functions (bs_catalogue_add_item …) open their own edit when
 * called outside one. */
gboolean     bs_catalogue_begin           (BsCatalogue  *self,
                                           const char   *label,
                                           GError      **error);
gboolean     bs_catalogue_commit          (BsCatalogue  *self,
                                           GError      **error);
void         bs_catalogue_rollback        (BsCatalogue  *self);
gboolean     bs_catalogue_in_edit         (BsCatalogue  *self);

gboolean     bs_catalogue_can_undo        (BsCatalogue  *self);
gboolean     bs_catalogue_can_redo        (BsCatalogue  *self);
const char  *bs_catalogue_get_undo_label  (BsCatalogue  *self);
const char  *bs_catalogue_get_redo_label  (BsCatalogue  *self);
gboolean     bs_catalogue_undo            (BsCatalogue  *self,
                                           GError      **error);
gboolean     bs_catalogue_redo            (BsCatalogue  *self,
                                           GError      **error);
void         bs_catalogue_clear_history   (BsCatalogue  *self);
/* Long edits run in a worker thread on a connection of their own (a second
 * BsCatalogue opened on the same file), so the window stays responsive.
 * Once the worker has committed, this makes its last edit one of @self's:
 * undoable from @self, which emits "changed" for it. Call it from the
 * thread of @self, with @other no longer in use by the worker. */
gboolean     bs_catalogue_adopt_edit      (BsCatalogue  *self,
                                           BsCatalogue  *other,
                                           GError      **error);

/* For core modules: the connection, and statements cached by their SQL
 * (reset and with bindings cleared when returned). */
sqlite3      *bs_catalogue_get_db         (BsCatalogue  *self);
sqlite3_stmt *bs_catalogue_prepare        (BsCatalogue  *self,
                                           const char   *sql,
                                           GError      **error);
gboolean      bs_catalogue_exec           (BsCatalogue  *self,
                                           const char   *sql,
                                           GError      **error);
/* Steps a statement to its end (an INSERT, UPDATE or DELETE). */
gboolean      bs_catalogue_step_done      (BsCatalogue  *self,
                                           sqlite3_stmt *stmt,
                                           GError      **error);
void          bs_catalogue_set_error_from_db (BsCatalogue  *self,
                                              GError      **error);
gint64        bs_catalogue_count          (BsCatalogue  *self,
                                           const char   *table);
/* Emits "changed" for a change made outside an edit, in a transaction of
 * its own and outside the undo history (the handling records,
 * bs-records.h). Not during an edit. */
void          bs_catalogue_notify_changes (BsCatalogue  *self,
                                           BsChanges    *changes);

/* The clock. "Now" stamps the records of the audit trail (bs-audit.h);
 * "today" decides which tasks are overdue or due soon (bs-rollout.h). By
 * default both come from the system clock; tests fix them, and demos may
 * (banshi-cli honours BANSHI_TODAY=YYYY-MM-DD). @clock returns a new
 * GDateTime in any time zone; NULL restores the system clock. */
typedef GDateTime *(*BsClockFunc) (gpointer user_data);

void          bs_catalogue_set_clock      (BsCatalogue    *self,
                                           BsClockFunc     clock,
                                           gpointer        user_data,
                                           GDestroyNotify  destroy);
/* A clock whose date is @today while the time of day runs on (local time);
 * BS_DATE_NONE restores the system clock. */
void          bs_catalogue_set_today      (BsCatalogue    *self,
                                           BsDate          today);
GDateTime    *bs_catalogue_get_now        (BsCatalogue    *self);
/* The local date of the clock when one is set; otherwise the catalogue's
 * reference date when it has one; otherwise the system's local date. */
BsDate        bs_catalogue_get_today      (BsCatalogue    *self);

/* The date the catalogue's rollout is seen at instead of the real one, for
 * demonstrations and training (the demo has one); BS_DATE_NONE, the
 * default, for the real date. Setting it is an undoable edit. */
BsDate        bs_catalogue_get_reference_date (BsCatalogue  *self);
gboolean      bs_catalogue_set_reference_date (BsCatalogue  *self,
                                               BsDate        date,
                                               GError      **error);

/* The user that audit records name: the operating system's user
 * (g_get_user_name()) unless set, by tests or by tools that rebuild a
 * history; NULL restores it. */
void          bs_catalogue_set_user_name  (BsCatalogue    *self,
                                           const char     *user_name);
const char   *bs_catalogue_get_user_name  (BsCatalogue    *self);

/* Items whose name or code contains @query (any substring, Chinese too), by
 * name. Returns an array of gint64 item ids. */
GArray       *bs_catalogue_search_items   (BsCatalogue  *self,
                                           const char   *query,
                                           GError      **error);

G_END_DECLS
