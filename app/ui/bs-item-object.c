/* bs-item-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bs-item-object.h"

struct _BsItemObject
{
  GObject parent_instance;

  gint64 id;
  gint64 department_id;
  char *code;
  char *name;
  char *department_name;
  char *search_key; /* casefolded "name code", built on first search */
};

G_DEFINE_FINAL_TYPE (BsItemObject, bs_item_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_DEPARTMENT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_item_object_finalize (GObject *object)
{
  BsItemObject *self = BS_ITEM_OBJECT (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->department_name);
  g_free (self->search_key);

  G_OBJECT_CLASS (bs_item_object_parent_class)->finalize (object);
}

static void
bs_item_object_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BsItemObject *self = BS_ITEM_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DEPARTMENT_NAME:
      g_value_set_string (value, self->department_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_item_object_class_init (BsItemObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_item_object_finalize;
  object_class->get_property = bs_item_object_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEPARTMENT_NAME] =
    g_param_spec_string ("department-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_item_object_init (BsItemObject *self)
{
}

BsItemObject *
bs_item_object_new (const BsItemSummary *summary)
{
  BsItemObject *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (BS_TYPE_ITEM_OBJECT, NULL);
  self->id = summary->id;
  self->department_id = summary->department_id;
  self->code = g_strdup (summary->code);
  self->name = g_strdup (summary->name);
  self->department_name = g_strdup (summary->department_name);
  return self;
}

gint64
bs_item_object_get_id (BsItemObject *self)
{
  g_return_val_if_fail (BS_IS_ITEM_OBJECT (self), 0);
  return self->id;
}

const char *
bs_item_object_get_code (BsItemObject *self)
{
  g_return_val_if_fail (BS_IS_ITEM_OBJECT (self), NULL);
  return self->code;
}

const char *
bs_item_object_get_name (BsItemObject *self)
{
  g_return_val_if_fail (BS_IS_ITEM_OBJECT (self), NULL);
  return self->name;
}

gint64
bs_item_object_get_department_id (BsItemObject *self)
{
  g_return_val_if_fail (BS_IS_ITEM_OBJECT (self), 0);
  return self->department_id;
}

const char *
bs_item_object_get_department_name (BsItemObject *self)
{
  g_return_val_if_fail (BS_IS_ITEM_OBJECT (self), NULL);
  return self->department_name;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
bs_item_object_update (BsItemObject        *self,
                       const BsItemSummary *summary)
{
  g_return_if_fail (BS_IS_ITEM_OBJECT (self));
  g_return_if_fail (summary != NULL);

  self->department_id = summary->department_id;
  g_clear_pointer (&self->search_key, g_free);
  if (replace_string (&self->code, summary->code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  if (replace_string (&self->name, summary->name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (replace_string (&self->department_name, summary->department_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPARTMENT_NAME]);
}

void
bs_item_object_prepare_search (BsItemObject *self)
{
  g_autofree char *key = NULL;

  g_return_if_fail (BS_IS_ITEM_OBJECT (self));

  if (self->search_key != NULL)
    return;
  key = g_strconcat (self->name, "\n", self->code, NULL);
  self->search_key = g_utf8_casefold (key, -1);
}

gboolean
bs_item_object_matches (BsItemObject *self,
                        const char   *folded_query)
{
  if (folded_query == NULL || folded_query[0] == '\0')
    return TRUE;

  /* Folded once per object, then every keystroke is a plain strstr. */
  if (self->search_key == NULL)
    bs_item_object_prepare_search (self);
  return strstr (self->search_key, folded_query) != NULL;
}

int
bs_item_object_compare (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const BsItemObject *item_a = a;
  const BsItemObject *item_b = b;
  int cmp = g_strcmp0 (item_a->name, item_b->name);

  if (cmp != 0)
    return cmp;
  return g_strcmp0 (item_a->code, item_b->code);
}
