/* bs-department-object.h: one row of the department sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BS_TYPE_DEPARTMENT_OBJECT (bs_department_object_get_type ())
G_DECLARE_FINAL_TYPE (BsDepartmentObject, bs_department_object, BS, DEPARTMENT_OBJECT, GObject)

/* @id 0 stands for "All departments". */
BsDepartmentObject *bs_department_object_new        (gint64              id,
                                                     const char         *code,
                                                     const char         *name,
                                                     gint64              n_items);
gint64              bs_department_object_get_id      (BsDepartmentObject *self);
const char         *bs_department_object_get_code    (BsDepartmentObject *self);
const char         *bs_department_object_get_name    (BsDepartmentObject *self);
gint64              bs_department_object_get_n_items (BsDepartmentObject *self);

G_END_DECLS
