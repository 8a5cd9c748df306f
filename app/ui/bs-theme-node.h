/* bs-theme-node.h: a category or a theme in the Themes sidebar tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  BS_THEME_NODE_CATEGORY,
  BS_THEME_NODE_THEME,
} BsThemeNodeKind;

#define BS_TYPE_THEME_NODE (bs_theme_node_get_type ())
G_DECLARE_FINAL_TYPE (BsThemeNode, bs_theme_node, BS, THEME_NODE, GObject)

BsThemeNode     *bs_theme_node_new          (BsThemeNodeKind  kind,
                                             gint64           id,
                                             const char      *name,
                                             guint            depth);
BsThemeNodeKind  bs_theme_node_get_kind     (BsThemeNode     *self);
gint64           bs_theme_node_get_id       (BsThemeNode     *self);
const char      *bs_theme_node_get_name     (BsThemeNode     *self);
/* 0 for a top-level category, 1 for what is inside it, … */
guint            bs_theme_node_get_depth    (BsThemeNode     *self);
/* A category's sub-categories then themes (element type BsThemeNode);
 * NULL for a theme. */
GListStore      *bs_theme_node_get_children (BsThemeNode     *self);

G_END_DECLS
