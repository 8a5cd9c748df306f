/* bs-department.h: departments (机构), the owners of approval items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;   /* 0 until stored */
  char *code;
  char *name;
  char *phone;
  char *address;
} BsDepartment;

BsDepartment *bs_department_new    (const char         *code,
                                    const char         *name);
BsDepartment *bs_department_copy   (const BsDepartment *self);
void          bs_department_free   (BsDepartment       *self);

/* Every department, by name (then code). Element type BsDepartment. */
GPtrArray    *bs_catalogue_list_departments       (BsCatalogue        *self,
                                                   GError            **error);
BsDepartment *bs_catalogue_get_department         (BsCatalogue        *self,
                                                   gint64              id,
                                                   GError            **error);
BsDepartment *bs_catalogue_find_department        (BsCatalogue        *self,
                                                   const char         *code,
                                                   GError            **error);
/* Stores @department (its id is ignored) and returns the new id, or 0. */
gint64        bs_catalogue_add_department         (BsCatalogue        *self,
                                                   const BsDepartment *department,
                                                   GError            **error);
/* Writes every field of @department over the row with its id. */
gboolean      bs_catalogue_update_department      (BsCatalogue        *self,
                                                   const BsDepartment *department,
                                                   GError            **error);
/* Refused (BS_CATALOGUE_ERROR_CONSTRAINT) while the department has items. */
gboolean      bs_catalogue_remove_department      (BsCatalogue        *self,
                                                   gint64              id,
                                                   GError            **error);
gint64        bs_catalogue_count_department_items (BsCatalogue        *self,
                                                   gint64              id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDepartment, bs_department_free)

G_END_DECLS
