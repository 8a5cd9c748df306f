/* bs-item.h: approval items (审批事项) with the national element set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"
#include "bs-enums.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;              /* 0 until stored */
  char *code;             /* 事项编码 */
  char *name;             /* 事项名称 */
  gint64 department_id;   /* 实施机构 */
  BsItemType type;        /* 事项类型 */
  guint service_objects;  /* BsServiceObject flags, 服务对象 */
  char *legal_basis;      /* 设定依据 */
  char *conditions;       /* 受理条件 */
  int legal_limit;        /* 法定办结时限, -1 when unknown */
  BsLimitUnit legal_limit_unit;
  int committed_limit;    /* 承诺办结时限, -1 when unknown */
  BsLimitUnit committed_limit_unit;
  BsHandling handling;    /* 即办件 / 承诺件 */
  int visits;             /* 到办事现场次数, -1 when unknown */
  char *fees;
  char *place;
  char *hours;
  char *phone;
  char *online_url;
  char *result_name;      /* 审批结果名称 */
} BsItem;

/* A new item with the defaults of the JSON format; strings are "". */
BsItem     *bs_item_new    (const char   *code,
                            const char   *name,
                            gint64        department_id);
BsItem     *bs_item_copy   (const BsItem *self);
void        bs_item_free   (BsItem       *self);
gboolean    bs_item_equal  (const BsItem *a,
                            const BsItem *b);

/* A row of an item list: what lists show, without loading whole items. */
typedef struct
{
  gint64 id;
  char *code;
  char *name;
  gint64 department_id;
  char *department_name;
} BsItemSummary;

void        bs_item_summary_free (BsItemSummary *self);

/* All items (department_id = 0) or one department's, by name. Element type
 * BsItemSummary. */
GPtrArray  *bs_catalogue_list_items    (BsCatalogue   *self,
                                        gint64         department_id,
                                        GError       **error);
BsItemSummary *bs_catalogue_get_item_summary (BsCatalogue *self,
                                              gint64       id,
                                              GError     **error);
BsItem     *bs_catalogue_get_item      (BsCatalogue   *self,
                                        gint64         id,
                                        GError       **error);
BsItem     *bs_catalogue_find_item     (BsCatalogue   *self,
                                        const char    *code,
                                        GError       **error);
gint64      bs_catalogue_add_item      (BsCatalogue   *self,
                                        const BsItem  *item,
                                        GError       **error);
gboolean    bs_catalogue_update_item   (BsCatalogue   *self,
                                        const BsItem  *item,
                                        GError       **error);
/* Removes the item, its materials, and takes it out of every theme. */
gboolean    bs_catalogue_remove_item   (BsCatalogue   *self,
                                        gint64         id,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsItem, bs_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsItemSummary, bs_item_summary_free)

G_END_DECLS
