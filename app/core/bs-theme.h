/* bs-theme.h: service themes (办事主题, "一件事"), their items and the
 * prerequisite edges between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;           /* 0 until stored */
  char *code;
  char *name;
  gint64 category_id;
  char *description;
  int position;
} BsTheme;

/* A prerequisite: @before_id must be done before @after_id (item ids). */
typedef struct
{
  gint64 before_id;
  gint64 after_id;
} BsEdge;

BsTheme    *bs_theme_new   (const char    *code,
                            const char    *name,
                            gint64         category_id);
BsTheme    *bs_theme_copy  (const BsTheme *self);
void        bs_theme_free  (BsTheme       *self);

/* All themes (category_id = 0) or one category's, by position then name.
 * Element type BsTheme. */
GPtrArray  *bs_catalogue_list_themes        (BsCatalogue   *self,
                                             gint64         category_id,
                                             GError       **error);
BsTheme    *bs_catalogue_get_theme          (BsCatalogue   *self,
                                             gint64         id,
                                             GError       **error);
BsTheme    *bs_catalogue_find_theme         (BsCatalogue   *self,
                                             const char    *code,
                                             GError       **error);
gint64      bs_catalogue_add_theme          (BsCatalogue   *self,
                                             const BsTheme *theme,
                                             GError       **error);
gboolean    bs_catalogue_update_theme       (BsCatalogue   *self,
                                             const BsTheme *theme,
                                             GError       **error);
/* Removes the theme with its item list and edges (never the items). */
gboolean    bs_catalogue_remove_theme       (BsCatalogue   *self,
                                             gint64         id,
                                             GError       **error);

/* The theme's items in order. Element type BsItemSummary (bs-item.h). */
GPtrArray  *bs_catalogue_list_theme_items   (BsCatalogue   *self,
                                             gint64         theme_id,
                                             GError       **error);
/* Appends; refused when the item is already in the theme. */
gboolean    bs_catalogue_add_theme_item     (BsCatalogue   *self,
                                             gint64         theme_id,
                                             gint64         item_id,
                                             GError       **error);
/* Takes the item out of the theme with its edges. */
gboolean    bs_catalogue_remove_theme_item  (BsCatalogue   *self,
                                             gint64         theme_id,
                                             gint64         item_id,
                                             GError       **error);
gboolean    bs_catalogue_theme_has_item     (BsCatalogue   *self,
                                             gint64         theme_id,
                                             gint64         item_id);
/* The themes an item belongs to. Element type BsTheme. */
GPtrArray  *bs_catalogue_list_item_themes   (BsCatalogue   *self,
                                             gint64         item_id,
                                             GError       **error);

/* Edges sorted by (before_id, after_id): a GArray of BsEdge. */
GArray     *bs_catalogue_list_theme_edges   (BsCatalogue   *self,
                                             gint64         theme_id,
                                             GError       **error);
/* Refused with a readable message when an end is not in the theme, the
 * edge is a self-loop, or it exists already. Cycles are not checked here. */
gboolean    bs_catalogue_add_theme_edge     (BsCatalogue   *self,
                                             gint64         theme_id,
                                             gint64         before_id,
                                             gint64         after_id,
                                             GError       **error);
gboolean    bs_catalogue_remove_theme_edge  (BsCatalogue   *self,
                                             gint64         theme_id,
                                             gint64         before_id,
                                             gint64         after_id,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTheme, bs_theme_free)

G_END_DECLS
