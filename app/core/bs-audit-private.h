/* bs-audit-private.h: how the catalogue and the JSON import write the
 * audit trail (core only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "bs-audit.h"

G_BEGIN_DECLS

/* Appends the records of the rollout rows that @changeset changes, in the
 * current transaction, labelled @action. bs_catalogue_commit() and undo
 * and redo call it, with the tables the update hook saw touched (@touched,
 * or NULL to look at the changeset alone). */
gboolean  bs_audit_append_changeset     (BsCatalogue      *catalogue,
                                         const void       *changeset,
                                         int               size,
                                         const char       *action,
                                         const BsChanges  *touched,
                                         GError          **error);

/* In an edit: whether its commit appends the records of its changes (the
 * default), or the edit writes a trail itself (an imported one). Reset by
 * every begin. Implemented in bs-catalogue.c. */
void      bs_catalogue_set_edit_audited (BsCatalogue  *catalogue,
                                         gboolean      audited);

/* Checking a chain record by record, wherever the records come from. */
typedef struct
{
  gint64 n_records;
  gint64 last_seq;
  char prev_hash[65];
  GChecksum *checksum;
  GString *buffer;
} BsAuditChain;

void           bs_audit_chain_init      (BsAuditChain  *chain);
void           bs_audit_chain_clear     (BsAuditChain  *chain);
/* Checks the next record: @fields are time, user, action, entity, key,
 * field, old, new (NULL for none) with their @lengths in bytes. Returns
 * BS_AUDIT_INTACT or what is wrong with it; the chain moves on only when it
 * is intact. */
BsAuditStatus  bs_audit_chain_check     (BsAuditChain       *chain,
                                         gint64              seq,
                                         const char * const  fields[8],
                                         const gsize         lengths[8],
                                         const char         *prev_hash,
                                         gsize               prev_hash_length,
                                         const char         *hash,
                                         gsize               hash_length);
/* The message of a broken record, translated. */
char          *bs_audit_describe        (BsAuditStatus       status,
                                         gint64              seq,
                                         gint64              expected_seq);

/* Writes @records (BsAuditRecord, checked already) after the trail, as
 * they are, and moves the head to the last. */
gboolean  bs_audit_write_records        (BsCatalogue  *catalogue,
                                         GPtrArray    *records,
                                         GError      **error);

G_END_DECLS
