/* bs-generate.h: reproducible synthetic catalogues at scale (benchmarks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  guint items;
  guint departments;
  guint themes;
  guint64 seed;
} BsGenerateOptions;

/* Fills an empty catalogue with realistic-looking Chinese names, materials,
 * categories and acyclic theme flows. The same options give the same
 * catalogue. One edit. */
gboolean bs_catalogue_generate (BsCatalogue              *self,
                                const BsGenerateOptions  *options,
                                GError                  **error);

G_END_DECLS
