/* bs-catalogue-json.h: the JSON interchange format (data/catalogue-format.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

#define BS_CATALOGUE_JSON_FORMAT  "banshi-catalogue"
#define BS_CATALOGUE_JSON_VERSION 3

/* The canonical export: the same catalogue gives the same bytes. */
GBytes   *bs_catalogue_export_json       (BsCatalogue  *self,
                                          GError      **error);
gboolean  bs_catalogue_export_json_file  (BsCatalogue  *self,
                                          const char   *path,
                                          GError      **error);

/* Checks the whole document first; on any problem sets
 * BS_CATALOGUE_ERROR_INVALID with the JSON path in the message and writes
 * nothing. Otherwise adds everything in one edit. The catalogue must not
 * already hold any of the codes (import into a new catalogue).
 *
 * The audit trail of a file is checked record by record (a broken chain is
 * refused with the path of the first broken record) and written as it is,
 * in place of records of the import; it can only go into a catalogue
 * without a trail. A file without a trail gets the import's own records
 * for the phases, tasks and decisions it adds. */
gboolean  bs_catalogue_import_json       (BsCatalogue  *self,
                                          const char   *data,
                                          gsize         length,
                                          GError      **error);
gboolean  bs_catalogue_import_json_file  (BsCatalogue  *self,
                                          const char   *path,
                                          GError      **error);

G_END_DECLS
