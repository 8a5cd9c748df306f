/* bs-condition.h: when a theme's item, a follow-up question, a material or
 * a note applies — an OR of AND-groups of chosen options
 *
 * "Only when 为谁办理 is 委托代理人, or when 经营者类型 is 公司 and 是否销售卷烟
 * is 是" is two groups: {委托代理人} and {公司, 是}. A condition without
 * groups always holds. Stored as rows (owner, group, option id); no
 * expressions, no parser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  /* GArray of gint64 option ids, each sorted and without repeats; no group
   * is empty. */
  GPtrArray *groups;
} BsCondition;

BsCondition  *bs_condition_new        (void);
BsCondition  *bs_condition_copy       (const BsCondition *self);
void          bs_condition_free       (BsCondition       *self);
/* Adds a group of @n_options options (sorted, repeats dropped); an empty
 * group is ignored. */
void          bs_condition_add_group  (BsCondition       *self,
                                       const gint64      *option_ids,
                                       guint              n_options);
gboolean      bs_condition_is_always  (const BsCondition *self);
gboolean      bs_condition_equal      (const BsCondition *a,
                                       const BsCondition *b);
/* Whether any group names @option_id. */
gboolean      bs_condition_uses       (const BsCondition *self,
                                       gint64             option_id);

/* What a condition belongs to. */
typedef enum
{
  BS_CONDITION_THEME_ITEM,     /* owner_id: the item, in theme @theme_id */
  BS_CONDITION_THEME_QUESTION, /* owner_id: the question, in theme @theme_id */
  BS_CONDITION_MATERIAL,       /* owner_id: the material; @theme_id unused */
  BS_CONDITION_NOTE,           /* owner_id: the theme note; @theme_id unused */
  BS_N_CONDITION_OWNERS
} BsConditionOwner;

/* The condition of an owner (without groups when it always applies).
 * NOT_FOUND when the owner does not exist. */
BsCondition  *bs_catalogue_get_condition (BsCatalogue       *self,
                                          BsConditionOwner   owner,
                                          gint64             theme_id,
                                          gint64             owner_id,
                                          GError           **error);
/* Replaces the owner's condition, as one undoable edit (none when it is
 * unchanged). Every option must exist. */
gboolean      bs_catalogue_set_condition (BsCatalogue       *self,
                                          BsConditionOwner   owner,
                                          gint64             theme_id,
                                          gint64             owner_id,
                                          const BsCondition *condition,
                                          GError           **error);

/* Names for a sentence: the question's prompt and the option's label of
 * @option_id; return FALSE when it is unknown. */
typedef gboolean (*BsConditionNameFunc) (gint64        option_id,
                                         const char  **question_prompt,
                                         gint64       *question_id,
                                         const char  **option_label,
                                         gpointer      user_data);

/* "Only when 为谁办理 is 委托代理人, or when 经营者类型 is 公司 and 是否销售卷烟
 * is 是"; "Always" for a condition without groups. Options of one
 * question in one group read "经营项目 is 冷食 and 生食". Translated. */
char         *bs_condition_dup_sentence (const BsCondition   *self,
                                         BsConditionNameFunc  names,
                                         gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCondition, bs_condition_free)

G_END_DECLS
