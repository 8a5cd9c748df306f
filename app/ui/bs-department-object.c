/* bs-department-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-department-object.h"

struct _BsDepartmentObject
{
  GObject parent_instance;

  gint64 id;
  gint64 n_items;
  char *code;
  char *name;
};

G_DEFINE_FINAL_TYPE (BsDepartmentObject, bs_department_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_department_object_finalize (GObject *object)
{
  BsDepartmentObject *self = BS_DEPARTMENT_OBJECT (object);

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (bs_department_object_parent_class)->finalize (object);
}

static void
bs_department_object_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BsDepartmentObject *self = BS_DEPARTMENT_OBJECT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_N_ITEMS:
      g_value_set_int64 (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_department_object_class_init (BsDepartmentObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_department_object_finalize;
  object_class->get_property = bs_department_object_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_int64 ("n-items", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_department_object_init (BsDepartmentObject *self)
{
}

BsDepartmentObject *
bs_department_object_new (gint64      id,
                          const char *code,
                          const char *name,
                          gint64      n_items)
{
  BsDepartmentObject *self = g_object_new (BS_TYPE_DEPARTMENT_OBJECT, NULL);

  self->id = id;
  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->n_items = n_items;
  return self;
}

gint64
bs_department_object_get_id (BsDepartmentObject *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_OBJECT (self), 0);
  return self->id;
}

const char *
bs_department_object_get_code (BsDepartmentObject *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_OBJECT (self), NULL);
  return self->code;
}

const char *
bs_department_object_get_name (BsDepartmentObject *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_OBJECT (self), NULL);
  return self->name;
}

gint64
bs_department_object_get_n_items (BsDepartmentObject *self)
{
  g_return_val_if_fail (BS_IS_DEPARTMENT_OBJECT (self), 0);
  return self->n_items;
}
