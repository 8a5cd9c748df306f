/* bs-audit.h: the audit trail of the rollout
 *
 * Every commit, undo and redo that changes a phase, a task (its items
 * included) or a decision appends, in the same transaction, one record per
 * changed field: when (UTC), who (the operating system's user), the action
 * ("Edit Task", "Undo Edit Task"…), which entity (by code), the field, its
 * old and its new value. Nothing ever removes a record: undo appends the
 * records of the reversal.
 *
 * The records form a hash chain. A record's hash is the SHA-256 of the
 * previous record's hash and of the record's own fields, written in the
 * canonical form of data/catalogue-format.md (the first record follows 64
 * zeros). So a record edited, deleted, inserted or moved later breaks the
 * chain at that place, and the catalogue keeps the last record's number
 * and hash apart, so records deleted from the end show too. Someone who
 * can write the file can still rebuild the whole chain from some record on;
 * the head hash that verification reports, written down elsewhere (in a
 * report, a letter), is what proves the trail up to that point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

/* The prev_hash of the first record. */
#define BS_AUDIT_FIRST_PREV_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64 seq;        /* 1, 2, 3… */
  char *time;        /* UTC, "2026-03-02T09:15:00Z" */
  char *user;
  char *action;      /* the label of the edit, as it was shown */
  char *entity;      /* "phase", "task" or "decision" */
  char *key;         /* the entity's code */
  char *field;       /* as in the JSON format: "due", "status", "item"… */
  char *old_value;   /* NULL: none (a field set when created) */
  char *new_value;   /* NULL: none (a field cleared when deleted) */
  char *prev_hash;   /* 64 lower-case hexadecimal digits */
  char *hash;
} BsAuditRecord;

BsAuditRecord *bs_audit_record_copy         (const BsAuditRecord *self);
void           bs_audit_record_free         (BsAuditRecord       *self);
/* Appends the bytes that are hashed: @prev_hash and the fields from seq to
 * new_value, each as its length in bytes, ":" and the bytes (a NULL value
 * as "~"). */
void           bs_audit_record_append_canonical (const BsAuditRecord *self,
                                                 GString             *out);
/* The hash the record must have: 64 lower-case hexadecimal digits. */
char          *bs_audit_record_compute_hash (const BsAuditRecord *self);

/* The records by seq: all (@entity NULL), one kind's, or one entity's
 * (@key not NULL). Element type BsAuditRecord. */
GPtrArray     *bs_catalogue_list_audit      (BsCatalogue  *self,
                                             const char   *entity,
                                             const char   *key,
                                             GError      **error);
gint64         bs_catalogue_count_audit     (BsCatalogue  *self);

typedef enum
{
  BS_AUDIT_INTACT,
  BS_AUDIT_MISSING,       /* records before the broken one were deleted */
  BS_AUDIT_OUT_OF_ORDER,  /* it does not follow the record before it */
  BS_AUDIT_EDITED,        /* its fields do not match its hash */
  BS_AUDIT_TRUNCATED,     /* records at the end were deleted */
  BS_AUDIT_HEAD_MISMATCH, /* the end of the trail is not the one last written */
} BsAuditStatus;

typedef struct
{
  BsAuditStatus status;
  gint64 n_records;
  gint64 broken_seq;  /* the first record found broken (for TRUNCATED, the
                       * first missing one); 0 when intact */
  char *head_hash;    /* the hash of the last record found intact (of the
                       * whole trail when intact); 64 zeros for none */
  char *message;      /* translated: what is wrong and where, or that the
                       * trail is intact */
} BsAuditReport;

/* "intact", "missing", "out-of-order", "edited", "truncated", "head-mismatch" */
const char    *bs_audit_status_to_string    (BsAuditStatus  status);
void           bs_audit_report_free         (BsAuditReport *self);
/* Walks the whole trail. The GError is only for a database failure: a
 * broken trail is a report whose status says how. */
BsAuditReport *bs_catalogue_verify_audit    (BsCatalogue  *self,
                                             GError      **error);
/* The same through a read-only connection of its own, so any thread may
 * run it. */
BsAuditReport *bs_audit_verify_file         (const char   *path,
                                             GError      **error);
/* bs_audit_verify_file() in a thread for a catalogue with a file; at once
 * for one in memory. */
void           bs_catalogue_verify_audit_async  (BsCatalogue         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
BsAuditReport *bs_catalogue_verify_audit_finish (BsCatalogue         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAuditRecord, bs_audit_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAuditReport, bs_audit_report_free)

G_END_DECLS
