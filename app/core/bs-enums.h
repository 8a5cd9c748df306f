/* bs-enums.h: the national element code lists, as stored and as shown
 *
 * The string forms are the ones in the database and in the JSON format
 * (data/catalogue-format.md); the labels are translated for display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 事项类型 */
typedef enum
{
  BS_ITEM_TYPE_LICENSING,
  BS_ITEM_TYPE_PENALTY,
  BS_ITEM_TYPE_COMPULSION,
  BS_ITEM_TYPE_LEVY,
  BS_ITEM_TYPE_BENEFIT,
  BS_ITEM_TYPE_INSPECTION,
  BS_ITEM_TYPE_CONFIRMATION,
  BS_ITEM_TYPE_REWARD,
  BS_ITEM_TYPE_ADJUDICATION,
  BS_ITEM_TYPE_FILING,
  BS_ITEM_TYPE_OTHER_POWER,
  BS_ITEM_TYPE_PUBLIC_SERVICE,
  BS_N_ITEM_TYPES
} BsItemType;

/* 服务对象, a set of flags */
typedef enum
{
  BS_SERVICE_OBJECT_PERSON = 1 << 0,
  BS_SERVICE_OBJECT_ENTERPRISE = 1 << 1,
  BS_SERVICE_OBJECT_PUBLIC_INSTITUTION = 1 << 2,
  BS_SERVICE_OBJECT_SOCIAL_ORGANISATION = 1 << 3,
  BS_SERVICE_OBJECT_UNINCORPORATED = 1 << 4,
  BS_SERVICE_OBJECT_GOVERNMENT = 1 << 5,
  BS_SERVICE_OBJECT_OTHER = 1 << 6,
} BsServiceObject;
#define BS_N_SERVICE_OBJECTS 7
#define BS_SERVICE_OBJECT_ALL 0x7f

/* 法定/承诺办结时限 unit */
typedef enum
{
  BS_LIMIT_UNIT_WORKING_DAYS,
  BS_LIMIT_UNIT_CALENDAR_DAYS,
  BS_N_LIMIT_UNITS
} BsLimitUnit;

/* 办件类型 */
typedef enum
{
  BS_HANDLING_ON_THE_SPOT, /* 即办件 */
  BS_HANDLING_COMMITTED,   /* 承诺件 */
  BS_N_HANDLINGS
} BsHandling;

/* material 材料形式 */
typedef enum
{
  BS_MATERIAL_FORM_ORIGINAL,
  BS_MATERIAL_FORM_COPY,
  BS_MATERIAL_FORM_ORIGINAL_AND_COPY,
  BS_MATERIAL_FORM_ELECTRONIC,
  BS_N_MATERIAL_FORMS
} BsMaterialForm;

/* material 来源渠道 */
typedef enum
{
  BS_MATERIAL_SOURCE_APPLICANT,
  BS_MATERIAL_SOURCE_GOVERNMENT,
  BS_MATERIAL_SOURCE_INTERMEDIARY,
  BS_MATERIAL_SOURCE_OTHER,
  BS_N_MATERIAL_SOURCES
} BsMaterialSource;

/* situation question 情形问题: one option or any number of them */
typedef enum
{
  BS_QUESTION_KIND_SINGLE,
  BS_QUESTION_KIND_MULTIPLE,
  BS_N_QUESTION_KINDS
} BsQuestionKind;

/* Each enumeration has the same four functions: the stored string, parsing
 * it back (FALSE when unknown), and the translated label. */
const char *bs_item_type_to_string        (BsItemType        value);
gboolean    bs_item_type_from_string      (const char       *text,
                                           BsItemType       *out_value);
const char *bs_item_type_get_label        (BsItemType        value);

/* @flag is one BsServiceObject bit. */
const char *bs_service_object_to_string   (BsServiceObject   flag);
gboolean    bs_service_object_from_string (const char       *text,
                                           BsServiceObject  *out_flag);
const char *bs_service_object_get_label   (BsServiceObject   flag);
/* "自然人、企业法人" for a set; "" for none. */
char       *bs_service_objects_dup_label  (guint             flags);

const char *bs_limit_unit_to_string       (BsLimitUnit       value);
gboolean    bs_limit_unit_from_string     (const char       *text,
                                           BsLimitUnit      *out_value);
const char *bs_limit_unit_get_label       (BsLimitUnit       value);
/* "20 working days", "—" when @value < 0 (unknown). */
char       *bs_limit_dup_label            (int               value,
                                           BsLimitUnit       unit);

const char *bs_handling_to_string         (BsHandling        value);
gboolean    bs_handling_from_string       (const char       *text,
                                           BsHandling       *out_value);
const char *bs_handling_get_label         (BsHandling        value);

const char *bs_material_form_to_string    (BsMaterialForm    value);
gboolean    bs_material_form_from_string  (const char       *text,
                                           BsMaterialForm   *out_value);
const char *bs_material_form_get_label    (BsMaterialForm    value);

const char *bs_material_source_to_string  (BsMaterialSource  value);
gboolean    bs_material_source_from_string (const char      *text,
                                            BsMaterialSource *out_value);
const char *bs_material_source_get_label  (BsMaterialSource  value);

const char *bs_question_kind_to_string    (BsQuestionKind    value);
gboolean    bs_question_kind_from_string  (const char       *text,
                                           BsQuestionKind   *out_value);
const char *bs_question_kind_get_label    (BsQuestionKind    value);

G_END_DECLS
