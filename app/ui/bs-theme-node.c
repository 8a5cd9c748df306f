/* bs-theme-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bs-theme-node.h"

struct _BsThemeNode
{
  GObject parent_instance;

  BsThemeNodeKind kind;
  gint64 id;
  guint depth;
  char *name;
  GListStore *children;
};

G_DEFINE_FINAL_TYPE (BsThemeNode, bs_theme_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_theme_node_finalize (GObject *object)
{
  BsThemeNode *self = BS_THEME_NODE (object);

  g_free (self->name);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (bs_theme_node_parent_class)->finalize (object);
}

static void
bs_theme_node_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BsThemeNode *self = BS_THEME_NODE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_theme_node_class_init (BsThemeNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_theme_node_finalize;
  object_class->get_property = bs_theme_node_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_theme_node_init (BsThemeNode *self)
{
}

BsThemeNode *
bs_theme_node_new (BsThemeNodeKind  kind,
                   gint64           id,
                   const char      *name,
                   guint            depth)
{
  BsThemeNode *self = g_object_new (BS_TYPE_THEME_NODE, NULL);

  self->kind = kind;
  self->depth = depth;
  self->id = id;
  self->name = g_strdup (name);
  if (kind == BS_THEME_NODE_CATEGORY)
    self->children = g_list_store_new (BS_TYPE_THEME_NODE);
  return self;
}

BsThemeNodeKind
bs_theme_node_get_kind (BsThemeNode *self)
{
  g_return_val_if_fail (BS_IS_THEME_NODE (self), BS_THEME_NODE_THEME);
  return self->kind;
}

gint64
bs_theme_node_get_id (BsThemeNode *self)
{
  g_return_val_if_fail (BS_IS_THEME_NODE (self), 0);
  return self->id;
}

const char *
bs_theme_node_get_name (BsThemeNode *self)
{
  g_return_val_if_fail (BS_IS_THEME_NODE (self), NULL);
  return self->name;
}

guint
bs_theme_node_get_depth (BsThemeNode *self)
{
  g_return_val_if_fail (BS_IS_THEME_NODE (self), 0);
  return self->depth;
}

GListStore *
bs_theme_node_get_children (BsThemeNode *self)
{
  g_return_val_if_fail (BS_IS_THEME_NODE (self), NULL);
  return self->children;
}
