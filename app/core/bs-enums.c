/* bs-enums.c: the national element code lists, as stored and as shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-enums.h"

/* One value: its stored string (schema CHECK constraints and
 * data/catalogue-format.md) and its label. Labels carry a gettext context
 * because short words such as "Copy" or "Other" mean something else
 * elsewhere in the UI. */
typedef struct
{
  const char *nick;
  const char *label;
} BsEnumEntry;

static const BsEnumEntry item_types[BS_N_ITEM_TYPES] = {
  [BS_ITEM_TYPE_LICENSING] = { "licensing", NC_("item type", "Licensing") },
  [BS_ITEM_TYPE_PENALTY] = { "penalty", NC_("item type", "Penalty") },
  [BS_ITEM_TYPE_COMPULSION] = { "compulsion", NC_("item type", "Compulsion") },
  [BS_ITEM_TYPE_LEVY] = { "levy", NC_("item type", "Levy") },
  [BS_ITEM_TYPE_BENEFIT] = { "benefit", NC_("item type", "Benefit") },
  [BS_ITEM_TYPE_INSPECTION] = { "inspection", NC_("item type", "Inspection") },
  [BS_ITEM_TYPE_CONFIRMATION] = { "confirmation", NC_("item type", "Confirmation") },
  [BS_ITEM_TYPE_REWARD] = { "reward", NC_("item type", "Reward") },
  [BS_ITEM_TYPE_ADJUDICATION] = { "adjudication", NC_("item type", "Adjudication") },
  [BS_ITEM_TYPE_FILING] = { "filing", NC_("item type", "Filing") },
  [BS_ITEM_TYPE_OTHER_POWER] = { "other-power", NC_("item type", "Other power") },
  [BS_ITEM_TYPE_PUBLIC_SERVICE] = { "public-service", NC_("item type", "Public service") },
};
#define ITEM_TYPE_CONTEXT "item type"

/* Indexed by bit number. */
static const BsEnumEntry service_objects[BS_N_SERVICE_OBJECTS] = {
  { "person", NC_("service object", "Natural person") },
  { "enterprise", NC_("service object", "Enterprise") },
  { "public-institution", NC_("service object", "Public institution") },
  { "social-organisation", NC_("service object", "Social organisation") },
  { "unincorporated", NC_("service object", "Unincorporated enterprise") },
  { "government", NC_("service object", "Government body") },
  { "other", NC_("service object", "Other organisation") },
};
#define SERVICE_OBJECT_CONTEXT "service object"

static const BsEnumEntry limit_units[BS_N_LIMIT_UNITS] = {
  [BS_LIMIT_UNIT_WORKING_DAYS] = { "working-days", NC_("time limit unit", "working days") },
  [BS_LIMIT_UNIT_CALENDAR_DAYS] = { "calendar-days", NC_("time limit unit", "calendar days") },
};
#define LIMIT_UNIT_CONTEXT "time limit unit"

static const BsEnumEntry handlings[BS_N_HANDLINGS] = {
  [BS_HANDLING_ON_THE_SPOT] = { "on-the-spot", NC_("handling", "On the spot") },
  [BS_HANDLING_COMMITTED] = { "committed", NC_("handling", "Committed") },
};
#define HANDLING_CONTEXT "handling"

static const BsEnumEntry question_kinds[BS_N_QUESTION_KINDS] = {
  [BS_QUESTION_KIND_SINGLE] = { "single", NC_("question kind", "One option") },
  [BS_QUESTION_KIND_MULTIPLE] = { "multiple", NC_("question kind", "Any number of options") },
};
#define QUESTION_KIND_CONTEXT "question kind"

static const BsEnumEntry material_forms[BS_N_MATERIAL_FORMS] = {
  [BS_MATERIAL_FORM_ORIGINAL] = { "original", NC_("material form", "Original") },
  [BS_MATERIAL_FORM_COPY] = { "copy", NC_("material form", "Copy") },
  [BS_MATERIAL_FORM_ORIGINAL_AND_COPY] = { "original-and-copy", NC_("material form", "Original and copy") },
  [BS_MATERIAL_FORM_ELECTRONIC] = { "electronic", NC_("material form", "Electronic") },
};
#define MATERIAL_FORM_CONTEXT "material form"

static const BsEnumEntry material_sources[BS_N_MATERIAL_SOURCES] = {
  [BS_MATERIAL_SOURCE_APPLICANT] = { "applicant", NC_("material source", "Applicant") },
  [BS_MATERIAL_SOURCE_GOVERNMENT] = { "government", NC_("material source", "Issued by a government department") },
  [BS_MATERIAL_SOURCE_INTERMEDIARY] = { "intermediary", NC_("material source", "Issued by an intermediary") },
  [BS_MATERIAL_SOURCE_OTHER] = { "other", NC_("material source", "Other") },
};
#define MATERIAL_SOURCE_CONTEXT "material source"

static gboolean
lookup_nick (const BsEnumEntry *entries,
             guint              n_entries,
             const char        *text,
             guint             *out_index)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n_entries; i++)
    {
      if (g_str_equal (entries[i].nick, text))
        {
          *out_index = i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
translate (const char *context,
           const char *label)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, context, label);
}

/* Item type */

const char *
bs_item_type_to_string (BsItemType value)
{
  g_return_val_if_fail (value < BS_N_ITEM_TYPES, NULL);
  return item_types[value].nick;
}

gboolean
bs_item_type_from_string (const char *text,
                          BsItemType *out_value)
{
  guint i;

  if (!lookup_nick (item_types, G_N_ELEMENTS (item_types), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsItemType) i;
  return TRUE;
}

const char *
bs_item_type_get_label (BsItemType value)
{
  g_return_val_if_fail (value < BS_N_ITEM_TYPES, NULL);
  return translate (ITEM_TYPE_CONTEXT, item_types[value].label);
}

/* Service objects */

static int
service_object_index (BsServiceObject flag)
{
  guint bits = (guint) flag;

  /* exactly one of the seven bits */
  if (bits == 0 || (bits & (bits - 1)) != 0 || (bits & ~(guint) BS_SERVICE_OBJECT_ALL) != 0)
    return -1;
  return g_bit_nth_lsf (bits, -1);
}

const char *
bs_service_object_to_string (BsServiceObject flag)
{
  int i = service_object_index (flag);

  g_return_val_if_fail (i >= 0, NULL);
  return service_objects[i].nick;
}

gboolean
bs_service_object_from_string (const char      *text,
                               BsServiceObject *out_flag)
{
  guint i;

  if (!lookup_nick (service_objects, G_N_ELEMENTS (service_objects), text, &i))
    return FALSE;
  if (out_flag != NULL)
    *out_flag = (BsServiceObject) (1u << i);
  return TRUE;
}

const char *
bs_service_object_get_label (BsServiceObject flag)
{
  int i = service_object_index (flag);

  g_return_val_if_fail (i >= 0, NULL);
  return translate (SERVICE_OBJECT_CONTEXT, service_objects[i].label);
}

char *
bs_service_objects_dup_label (guint flags)
{
  GString *label = g_string_new (NULL);
  /* TRANSLATORS: between the service objects of an item, e.g. in Chinese “、” */
  const char *separator = C_("list separator", ", ");

  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    {
      if ((flags & (1u << i)) == 0)
        continue;
      if (label->len > 0)
        g_string_append (label, separator);
      g_string_append (label, translate (SERVICE_OBJECT_CONTEXT, service_objects[i].label));
    }
  return g_string_free (label, FALSE);
}

/* Time limit unit */

const char *
bs_limit_unit_to_string (BsLimitUnit value)
{
  g_return_val_if_fail (value < BS_N_LIMIT_UNITS, NULL);
  return limit_units[value].nick;
}

gboolean
bs_limit_unit_from_string (const char  *text,
                           BsLimitUnit *out_value)
{
  guint i;

  if (!lookup_nick (limit_units, G_N_ELEMENTS (limit_units), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsLimitUnit) i;
  return TRUE;
}

const char *
bs_limit_unit_get_label (BsLimitUnit value)
{
  g_return_val_if_fail (value < BS_N_LIMIT_UNITS, NULL);
  return translate (LIMIT_UNIT_CONTEXT, limit_units[value].label);
}

char *
bs_limit_dup_label (int         value,
                    BsLimitUnit unit)
{
  if (value < 0)
    return g_strdup ("—");

  switch (unit)
    {
    case BS_LIMIT_UNIT_CALENDAR_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d calendar day", "%d calendar days", value),
                              value);
    case BS_LIMIT_UNIT_WORKING_DAYS:
    case BS_N_LIMIT_UNITS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", value),
                              value);
    }
}

/* Handling */

const char *
bs_handling_to_string (BsHandling value)
{
  g_return_val_if_fail (value < BS_N_HANDLINGS, NULL);
  return handlings[value].nick;
}

gboolean
bs_handling_from_string (const char *text,
                         BsHandling *out_value)
{
  guint i;

  if (!lookup_nick (handlings, G_N_ELEMENTS (handlings), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsHandling) i;
  return TRUE;
}

const char *
bs_handling_get_label (BsHandling value)
{
  g_return_val_if_fail (value < BS_N_HANDLINGS, NULL);
  return translate (HANDLING_CONTEXT, handlings[value].label);
}

/* Material form */

const char *
bs_material_form_to_string (BsMaterialForm value)
{
  g_return_val_if_fail (value < BS_N_MATERIAL_FORMS, NULL);
  return material_forms[value].nick;
}

gboolean
bs_material_form_from_string (const char     *text,
                              BsMaterialForm *out_value)
{
  guint i;

  if (!lookup_nick (material_forms, G_N_ELEMENTS (material_forms), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsMaterialForm) i;
  return TRUE;
}

const char *
bs_material_form_get_label (BsMaterialForm value)
{
  g_return_val_if_fail (value < BS_N_MATERIAL_FORMS, NULL);
  return translate (MATERIAL_FORM_CONTEXT, material_forms[value].label);
}

/* Material source */

const char *
bs_material_source_to_string (BsMaterialSource value)
{
  g_return_val_if_fail (value < BS_N_MATERIAL_SOURCES, NULL);
  return material_sources[value].nick;
}

gboolean
bs_material_source_from_string (const char       *text,
                                BsMaterialSource *out_value)
{
  guint i;

  if (!lookup_nick (material_sources, G_N_ELEMENTS (material_sources), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsMaterialSource) i;
  return TRUE;
}

const char *
bs_material_source_get_label (BsMaterialSource value)
{
  g_return_val_if_fail (value < BS_N_MATERIAL_SOURCES, NULL);
  return translate (MATERIAL_SOURCE_CONTEXT, material_sources[value].label);
}

/* Question kind */

const char *
bs_question_kind_to_string (BsQuestionKind value)
{
  g_return_val_if_fail (value < BS_N_QUESTION_KINDS, NULL);
  return question_kinds[value].nick;
}

gboolean
bs_question_kind_from_string (const char     *text,
                              BsQuestionKind *out_value)
{
  guint i;

  if (!lookup_nick (question_kinds, G_N_ELEMENTS (question_kinds), text, &i))
    return FALSE;
  if (out_value != NULL)
    *out_value = (BsQuestionKind) i;
  return TRUE;
}

const char *
bs_question_kind_get_label (BsQuestionKind value)
{
  g_return_val_if_fail (value < BS_N_QUESTION_KINDS, NULL);
  return translate (QUESTION_KIND_CONTEXT, question_kinds[value].label);
}
