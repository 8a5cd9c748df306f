/* bs-item-import.c: importing department item catalogues (CSV, JSON Lines)
 *
 * A run has two passes. The first reads every row, parses its values and
 * keeps the rows that can become items (in a string chunk: a department
 * catalogue is thousands of items, not millions); the rows that cannot are
 * reported with their line. Knowing the count, the second pass writes in
 * one edit labelled "Import 2,262 items": departments found by name in a
 * cache or created, the rows staged in TEMP tables with statements
 * prepared once, then written with one INSERT … SELECT or UPDATE … FROM
 * each for items and materials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bs-entity-private.h"
#include "bs-item-import.h"

#define N_PREVIEW_ROWS 20
#define LIMIT_MAX 3650
#define VISITS_MAX 99
/* Rows between two progress reports and cancellation checks. */
#define CHECK_EVERY 128

G_DEFINE_QUARK (bs-item-import-error-quark, bs_item_import_error)

/* --- Fields and headers --- */

static const struct
{
  const char *name;
  const char *label;
} fields[BS_N_ITEM_FIELDS] = {
  [BS_ITEM_FIELD_NONE] = { "none", N_("(ignored)") },
  [BS_ITEM_FIELD_CODE] = { "code", N_("Code") },
  [BS_ITEM_FIELD_BASIC_CODE] = { "basic-code", N_("Basic code") },
  [BS_ITEM_FIELD_NAME] = { "name", N_("Name") },
  [BS_ITEM_FIELD_DEPARTMENT] = { "department", N_("Department") },
  [BS_ITEM_FIELD_TYPE] = { "type", N_("Item type") },
  [BS_ITEM_FIELD_SERVICE_OBJECTS] = { "service-objects", N_("Service objects") },
  [BS_ITEM_FIELD_LEGAL_BASIS] = { "legal-basis", N_("Legal basis") },
  [BS_ITEM_FIELD_CONDITIONS] = { "conditions", N_("Conditions") },
  [BS_ITEM_FIELD_LEGAL_LIMIT] = { "legal-limit", N_("Statutory time limit") },
  [BS_ITEM_FIELD_COMMITTED_LIMIT] = { "committed-limit", N_("Committed time limit") },
  [BS_ITEM_FIELD_HANDLING] = { "handling", N_("Handling") },
  [BS_ITEM_FIELD_VISITS] = { "visits", N_("Visits") },
  [BS_ITEM_FIELD_FEES] = { "fees", N_("Fees") },
  [BS_ITEM_FIELD_PLACE] = { "place", N_("Place") },
  [BS_ITEM_FIELD_HOURS] = { "hours", N_("Hours") },
  [BS_ITEM_FIELD_PHONE] = { "phone", N_("Phone") },
  [BS_ITEM_FIELD_ONLINE_URL] = { "online-url", N_("Online address") },
  [BS_ITEM_FIELD_RESULT_NAME] = { "result-name", N_("Result") },
  [BS_ITEM_FIELD_MATERIALS] = { "materials", N_("Materials") },
};

/* Headers, normalised (see normalise_header()), in order of preference:
 * when two columns stand for one field, the earlier alias wins. */
static const struct
{
  const char *alias;
  BsItemField field;
} aliases[] = {
  { "业务办理项编码", BS_ITEM_FIELD_CODE },
  { "实施编码", BS_ITEM_FIELD_CODE },
  { "实施清单编码", BS_ITEM_FIELD_CODE },
  { "事项编码", BS_ITEM_FIELD_CODE },
  { "taskhandleitem", BS_ITEM_FIELD_CODE },
  { "taskcode", BS_ITEM_FIELD_CODE },
  { "itemcode", BS_ITEM_FIELD_CODE },
  { "code", BS_ITEM_FIELD_CODE },
  { "编码", BS_ITEM_FIELD_CODE },
  { "基本编码", BS_ITEM_FIELD_BASIC_CODE },
  { "目录编码", BS_ITEM_FIELD_BASIC_CODE },
  { "cataid", BS_ITEM_FIELD_BASIC_CODE },
  { "catalogcode", BS_ITEM_FIELD_BASIC_CODE },
  { "basiccode", BS_ITEM_FIELD_BASIC_CODE },
  { "事项名称", BS_ITEM_FIELD_NAME },
  { "业务办理项名称", BS_ITEM_FIELD_NAME },
  { "实施清单名称", BS_ITEM_FIELD_NAME },
  { "taskname", BS_ITEM_FIELD_NAME },
  { "itemname", BS_ITEM_FIELD_NAME },
  { "mattername", BS_ITEM_FIELD_NAME },
  { "name", BS_ITEM_FIELD_NAME },
  { "名称", BS_ITEM_FIELD_NAME },
  { "实施机构", BS_ITEM_FIELD_DEPARTMENT },
  { "实施机构名称", BS_ITEM_FIELD_DEPARTMENT },
  { "实施主体", BS_ITEM_FIELD_DEPARTMENT },
  { "实施主体名称", BS_ITEM_FIELD_DEPARTMENT },
  { "实施机关", BS_ITEM_FIELD_DEPARTMENT },
  { "办理部门", BS_ITEM_FIELD_DEPARTMENT },
  { "责任部门", BS_ITEM_FIELD_DEPARTMENT },
  { "部门名称", BS_ITEM_FIELD_DEPARTMENT },
  { "部门", BS_ITEM_FIELD_DEPARTMENT },
  { "deptname", BS_ITEM_FIELD_DEPARTMENT },
  { "department", BS_ITEM_FIELD_DEPARTMENT },
  { "agency", BS_ITEM_FIELD_DEPARTMENT },
  { "事项类型", BS_ITEM_FIELD_TYPE },
  { "权力类型", BS_ITEM_FIELD_TYPE },
  { "tasktypetext", BS_ITEM_FIELD_TYPE },
  { "mattertype", BS_ITEM_FIELD_TYPE },
  { "itemtype", BS_ITEM_FIELD_TYPE },
  { "type", BS_ITEM_FIELD_TYPE },
  { "服务对象", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "服务对象名称", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "serviceobjectname", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "serviceobjects", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "serviceobject", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "servertype", BS_ITEM_FIELD_SERVICE_OBJECTS },
  { "设定依据", BS_ITEM_FIELD_LEGAL_BASIS },
  { "实施依据", BS_ITEM_FIELD_LEGAL_BASIS },
  { "法律依据", BS_ITEM_FIELD_LEGAL_BASIS },
  { "bylaw", BS_ITEM_FIELD_LEGAL_BASIS },
  { "legalbasis", BS_ITEM_FIELD_LEGAL_BASIS },
  { "受理条件", BS_ITEM_FIELD_CONDITIONS },
  { "申请条件", BS_ITEM_FIELD_CONDITIONS },
  { "办理条件", BS_ITEM_FIELD_CONDITIONS },
  { "acceptstandard", BS_ITEM_FIELD_CONDITIONS },
  { "acceptcondition", BS_ITEM_FIELD_CONDITIONS },
  { "conditions", BS_ITEM_FIELD_CONDITIONS },
  { "法定办结时限", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "法定时限", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "法定期限", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "handletime", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "anticipateday", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "legallimit", BS_ITEM_FIELD_LEGAL_LIMIT },
  { "承诺办结时限", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "承诺时限", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "承诺期限", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "handletimelimit", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "promiseday", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "committedlimit", BS_ITEM_FIELD_COMMITTED_LIMIT },
  { "办件类型", BS_ITEM_FIELD_HANDLING },
  { "projecttype", BS_ITEM_FIELD_HANDLING },
  { "handling", BS_ITEM_FIELD_HANDLING },
  { "到办事现场次数", BS_ITEM_FIELD_VISITS },
  { "到现场次数", BS_ITEM_FIELD_VISITS },
  { "跑动次数", BS_ITEM_FIELD_VISITS },
  { "visitnumber", BS_ITEM_FIELD_VISITS },
  { "limitscenenum", BS_ITEM_FIELD_VISITS },
  { "visits", BS_ITEM_FIELD_VISITS },
  { "收费", BS_ITEM_FIELD_FEES },
  { "收费标准", BS_ITEM_FIELD_FEES },
  { "收费情况", BS_ITEM_FIELD_FEES },
  { "是否收费", BS_ITEM_FIELD_FEES },
  { "fees", BS_ITEM_FIELD_FEES },
  { "fee", BS_ITEM_FIELD_FEES },
  { "办理地点", BS_ITEM_FIELD_PLACE },
  { "受理地点", BS_ITEM_FIELD_PLACE },
  { "handlelocation", BS_ITEM_FIELD_PLACE },
  { "transactaddr", BS_ITEM_FIELD_PLACE },
  { "place", BS_ITEM_FIELD_PLACE },
  { "办理时间", BS_ITEM_FIELD_HOURS },
  { "transacttime", BS_ITEM_FIELD_HOURS },
  { "hours", BS_ITEM_FIELD_HOURS },
  { "咨询电话", BS_ITEM_FIELD_PHONE },
  { "咨询方式", BS_ITEM_FIELD_PHONE },
  { "consultphone", BS_ITEM_FIELD_PHONE },
  { "linkway", BS_ITEM_FIELD_PHONE },
  { "phone", BS_ITEM_FIELD_PHONE },
  { "telephone", BS_ITEM_FIELD_PHONE },
  { "在线办理地址", BS_ITEM_FIELD_ONLINE_URL },
  { "网上办理地址", BS_ITEM_FIELD_ONLINE_URL },
  { "网办地址", BS_ITEM_FIELD_ONLINE_URL },
  { "办理网址", BS_ITEM_FIELD_ONLINE_URL },
  { "linkaddr", BS_ITEM_FIELD_ONLINE_URL },
  { "onlineurl", BS_ITEM_FIELD_ONLINE_URL },
  { "url", BS_ITEM_FIELD_ONLINE_URL },
  { "审批结果名称", BS_ITEM_FIELD_RESULT_NAME },
  { "结果名称", BS_ITEM_FIELD_RESULT_NAME },
  { "审批结果", BS_ITEM_FIELD_RESULT_NAME },
  { "resultname", BS_ITEM_FIELD_RESULT_NAME },
  { "申请材料", BS_ITEM_FIELD_MATERIALS },
  { "申请材料清单", BS_ITEM_FIELD_MATERIALS },
  { "申报材料", BS_ITEM_FIELD_MATERIALS },
  { "材料清单", BS_ITEM_FIELD_MATERIALS },
  { "材料", BS_ITEM_FIELD_MATERIALS },
  { "materialintro", BS_ITEM_FIELD_MATERIALS },
  { "materials", BS_ITEM_FIELD_MATERIALS },
  { "material", BS_ITEM_FIELD_MATERIALS },
};

const char *
bs_item_field_to_string (BsItemField field)
{
  g_return_val_if_fail ((guint) field < BS_N_ITEM_FIELDS, NULL);

  return fields[field].name;
}

const char *
bs_item_field_get_label (BsItemField field)
{
  g_return_val_if_fail ((guint) field < BS_N_ITEM_FIELDS, NULL);

  return _(fields[field].label);
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0xfeff;
}

/* @text without leading and trailing (Unicode) white space, in @out_len
 * bytes from the returned pointer. */
static const char *
trim (const char *text,
      gsize      *out_len)
{
  const char *start = text, *end;

  while (*start != '\0' && is_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  *out_len = (gsize) (end - start);
  return start;
}

/* Values that mean "nothing here". */
static gboolean
is_none (const char *text,
         gsize       len)
{
  static const char *nones[] = { "无", "暂无", "/", "-", "—", "——", "null", "NULL", "N/A", "n/a" };

  if (len == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (nones); i++)
    {
      if (strlen (nones[i]) == len && memcmp (text, nones[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
normalise_header (const char *header)
{
  GString *out = g_string_new (NULL);
  gsize len;
  const char *p = trim (header, &len);
  const char *end = p + len;
  const char *paren;

  /* A trailing "(…)" or "（…）", e.g. "法定办结时限（工作日）". */
  if (len > 0 && (end[-1] == ')' || (len >= 3 && memcmp (end - 3, "）", 3) == 0)))
    {
      const char *open_ascii = g_strrstr_len (p, len, "(");
      const char *open_wide = g_strrstr_len (p, len, "（");

      paren = MAX (open_ascii, open_wide);
      if (paren != NULL && paren > p)
        end = paren;
    }

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space (c) || c == '_' || c == '-' || c == '*' || c == 0xff0a || c == ':' ||
          c == 0xff1a)
        continue;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower ((char) c));
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The field and the preference rank (lower is better) of a header. */
static BsItemField
recognise (const char *header,
           guint      *out_rank)
{
  g_autofree char *key = normalise_header (header);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (strcmp (key, aliases[i].alias) == 0)
        {
          *out_rank = i;
          return aliases[i].field;
        }
    }
  *out_rank = G_MAXUINT;
  return BS_ITEM_FIELD_NONE;
}

BsItemField
bs_item_field_recognise (const char *header)
{
  guint rank;

  g_return_val_if_fail (header != NULL, BS_ITEM_FIELD_NONE);

  return recognise (header, &rank);
}

gboolean
bs_item_field_from_string (const char  *text,
                           BsItemField *out_field)
{
  gsize len;
  const char *p;
  BsItemField field;

  g_return_val_if_fail (out_field != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  p = trim (text, &len);
  for (guint i = 0; i < BS_N_ITEM_FIELDS; i++)
    {
      if (strlen (fields[i].name) == len && g_ascii_strncasecmp (p, fields[i].name, len) == 0)
        {
          *out_field = (BsItemField) i;
          return TRUE;
        }
    }
  if (g_ascii_strcasecmp (text, "ignore") == 0)
    {
      *out_field = BS_ITEM_FIELD_NONE;
      return TRUE;
    }
  field = bs_item_field_recognise (text);
  if (field == BS_ITEM_FIELD_NONE)
    return FALSE;
  *out_field = field;
  return TRUE;
}

/* --- Values --- */

typedef enum
{
  PARSE_OK,
  PARSE_UNKNOWN,
  PARSE_OUT_OF_RANGE,
} ParseResult;

static gboolean
has_prefix_len (const char *p,
                gsize       len,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (p, prefix, n) == 0;
}

static gboolean
contains_len (const char *p,
              gsize       len,
              const char *needle)
{
  return g_strstr_len (p, (gssize) len, needle) != NULL;
}

static ParseResult
parse_limit (const char  *text,
             int         *out_days,
             BsLimitUnit *out_unit,
             gboolean    *out_on_the_spot)
{
  gsize len;
  const char *p = trim (text, &len);
  const char *end = p + len;
  guint64 value = 0;
  guint n_digits = 0;
  BsLimitUnit unit = BS_LIMIT_UNIT_WORKING_DAYS;
  static const char *on_the_spot[] = { "即办", "即时办结", "当场办结", "立即办结", "当场办理", "当即办结" };

  *out_on_the_spot = FALSE;
  *out_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  if (is_none (p, len))
    {
      *out_days = -1;
      return PARSE_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (on_the_spot); i++)
    {
      if (has_prefix_len (p, len, on_the_spot[i]))
        {
          *out_days = 0;
          *out_on_the_spot = TRUE;
          return PARSE_OK;
        }
    }

  while (p < end && g_ascii_isdigit (*p))
    {
      if (value < 1000000)
        value = value * 10 + (guint64) (*p - '0');
      n_digits++;
      p++;
    }
  if (n_digits == 0)
    return PARSE_UNKNOWN;
  while (p < end && (*p == ' ' || *p == '('))
    p++;
  if (has_prefix_len (p, (gsize) (end - p), "（"))
    p += strlen ("（");
  if (has_prefix_len (p, (gsize) (end - p), "个"))
    p += strlen ("个");

  len = (gsize) (end - p);
  if (len == 0 || (len == 1 && *p == ')') || has_prefix_len (p, len, "）"))
    unit = BS_LIMIT_UNIT_WORKING_DAYS;
  else if (has_prefix_len (p, len, "工作日") || has_prefix_len (p, len, "working"))
    unit = BS_LIMIT_UNIT_WORKING_DAYS;
  else if (has_prefix_len (p, len, "自然日") || has_prefix_len (p, len, "日历日") ||
           has_prefix_len (p, len, "天") || has_prefix_len (p, len, "日") ||
           has_prefix_len (p, len, "calendar") || has_prefix_len (p, len, "day"))
    unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
  else if (has_prefix_len (p, len, "月"))
    {
      unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
      value *= 30;
    }
  else if (has_prefix_len (p, len, "年"))
    {
      unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
      value *= 365;
    }
  else
    return PARSE_UNKNOWN;

  if (contains_len (p, len, "工作日"))
    unit = BS_LIMIT_UNIT_WORKING_DAYS;
  if (value > LIMIT_MAX)
    return PARSE_OUT_OF_RANGE;
  *out_days = (int) value;
  *out_unit = unit;
  return PARSE_OK;
}

gboolean
bs_item_import_parse_limit (const char  *text,
                            int         *out_days,
                            BsLimitUnit *out_unit,
                            gboolean    *out_on_the_spot)
{
  int days;
  BsLimitUnit unit;
  gboolean on_the_spot;

  g_return_val_if_fail (text != NULL, FALSE);

  if (parse_limit (text, &days, &unit, &on_the_spot) != PARSE_OK)
    return FALSE;
  if (out_days != NULL)
    *out_days = days;
  if (out_unit != NULL)
    *out_unit = unit;
  if (out_on_the_spot != NULL)
    *out_on_the_spot = on_the_spot;
  return TRUE;
}

static const struct
{
  const char *name;
  BsItemType type;
} type_names[] = {
  { "行政许可", BS_ITEM_TYPE_LICENSING },
  { "许可", BS_ITEM_TYPE_LICENSING },
  { "行政处罚", BS_ITEM_TYPE_PENALTY },
  { "处罚", BS_ITEM_TYPE_PENALTY },
  { "行政强制", BS_ITEM_TYPE_COMPULSION },
  { "强制", BS_ITEM_TYPE_COMPULSION },
  { "行政征收", BS_ITEM_TYPE_LEVY },
  { "征收", BS_ITEM_TYPE_LEVY },
  { "行政给付", BS_ITEM_TYPE_BENEFIT },
  { "给付", BS_ITEM_TYPE_BENEFIT },
  { "行政检查", BS_ITEM_TYPE_INSPECTION },
  { "检查", BS_ITEM_TYPE_INSPECTION },
  { "行政确认", BS_ITEM_TYPE_CONFIRMATION },
  { "确认", BS_ITEM_TYPE_CONFIRMATION },
  { "行政奖励", BS_ITEM_TYPE_REWARD },
  { "奖励", BS_ITEM_TYPE_REWARD },
  { "行政裁决", BS_ITEM_TYPE_ADJUDICATION },
  { "裁决", BS_ITEM_TYPE_ADJUDICATION },
  { "行政备案", BS_ITEM_TYPE_FILING },
  { "备案", BS_ITEM_TYPE_FILING },
  { "其他行政权力", BS_ITEM_TYPE_OTHER_POWER },
  { "其他权力", BS_ITEM_TYPE_OTHER_POWER },
  { "公共服务", BS_ITEM_TYPE_PUBLIC_SERVICE },
  /* The national codes that all systems agree on (01–09). */
  { "01", BS_ITEM_TYPE_LICENSING },
  { "02", BS_ITEM_TYPE_PENALTY },
  { "03", BS_ITEM_TYPE_COMPULSION },
  { "04", BS_ITEM_TYPE_LEVY },
  { "05", BS_ITEM_TYPE_BENEFIT },
  { "06", BS_ITEM_TYPE_INSPECTION },
  { "07", BS_ITEM_TYPE_CONFIRMATION },
  { "08", BS_ITEM_TYPE_REWARD },
  { "09", BS_ITEM_TYPE_ADJUDICATION },
};

gboolean
bs_item_import_parse_type (const char *text,
                           BsItemType *out_type)
{
  gsize len;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_type != NULL, FALSE);

  p = trim (text, &len);
  /* "公共服务事项", "许可类" */
  if (len > strlen ("事项") && memcmp (p + len - strlen ("事项"), "事项", strlen ("事项")) == 0)
    len -= strlen ("事项");
  if (len > strlen ("类") && memcmp (p + len - strlen ("类"), "类", strlen ("类")) == 0)
    len -= strlen ("类");
  if (len == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (strlen (type_names[i].name) == len && memcmp (p, type_names[i].name, len) == 0)
        {
          *out_type = type_names[i].type;
          return TRUE;
        }
    }
  {
    g_autofree char *word = g_strndup (p, len);

    return bs_item_type_from_string (word, out_type);
  }
}

static const struct
{
  const char *name;
  BsServiceObject flag;
} object_names[] = {
  { "自然人", BS_SERVICE_OBJECT_PERSON },
  { "个人", BS_SERVICE_OBJECT_PERSON },
  { "公民", BS_SERVICE_OBJECT_PERSON },
  { "居民", BS_SERVICE_OBJECT_PERSON },
  { "企业法人", BS_SERVICE_OBJECT_ENTERPRISE },
  { "企业", BS_SERVICE_OBJECT_ENTERPRISE },
  { "法人", BS_SERVICE_OBJECT_ENTERPRISE },
  { "事业法人", BS_SERVICE_OBJECT_PUBLIC_INSTITUTION },
  { "事业单位法人", BS_SERVICE_OBJECT_PUBLIC_INSTITUTION },
  { "事业单位", BS_SERVICE_OBJECT_PUBLIC_INSTITUTION },
  { "社会组织法人", BS_SERVICE_OBJECT_SOCIAL_ORGANISATION },
  { "社会组织", BS_SERVICE_OBJECT_SOCIAL_ORGANISATION },
  { "非法人企业", BS_SERVICE_OBJECT_UNINCORPORATED },
  { "行政机关", BS_SERVICE_OBJECT_GOVERNMENT },
  { "机关", BS_SERVICE_OBJECT_GOVERNMENT },
  { "政府机关", BS_SERVICE_OBJECT_GOVERNMENT },
  { "其他组织", BS_SERVICE_OBJECT_OTHER },
  { "其他", BS_SERVICE_OBJECT_OTHER },
  { "1", BS_SERVICE_OBJECT_PERSON },
  { "2", BS_SERVICE_OBJECT_ENTERPRISE },
  { "3", BS_SERVICE_OBJECT_PUBLIC_INSTITUTION },
  { "4", BS_SERVICE_OBJECT_SOCIAL_ORGANISATION },
  { "5", BS_SERVICE_OBJECT_UNINCORPORATED },
  { "6", BS_SERVICE_OBJECT_GOVERNMENT },
  { "7", BS_SERVICE_OBJECT_OTHER },
  { "9", BS_SERVICE_OBJECT_OTHER },
};

/* Splits on "；", ";", "、", "，", ",", "/", "|" and line breaks. */
static GPtrArray *
split_names (const char *text)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  const char *start = text;

  for (;;)
    {
      gsize sep = 0;

      if (*p == '\0')
        sep = 0;
      else if (*p == ';' || *p == ',' || *p == '/' || *p == '|' || *p == '\n' || *p == '\r')
        sep = 1;
      else if (has_prefix_len (p, 3, "；") || has_prefix_len (p, 3, "、") ||
               has_prefix_len (p, 3, "，"))
        sep = 3;
      else
        {
          p++;
          continue;
        }
      {
        g_autofree char *piece = g_strndup (start, (gsize) (p - start));
        gsize len;
        const char *t = trim (piece, &len);

        if (!is_none (t, len))
          g_ptr_array_add (names, g_strndup (t, len));
      }
      if (*p == '\0')
        break;
      p += sep;
      start = p;
    }
  return names;
}

/* Strings of a JSON array, or NULL when @text is not one. */
static GPtrArray *
parse_json_list (const char *text,
                 gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) names = NULL;
  JsonNode *root;
  JsonArray *array;

  if (len == 0 || text[0] != '[')
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;
  array = json_node_get_array (root);
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *value = NULL;
      const char *t;
      gsize n;

      /* An escaped lone surrogate comes out of json-glib as bytes that are
       * not UTF-8: replaced, like any invalid text in a cell would be
       * refused earlier. */
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        value = g_utf8_make_valid (json_node_get_string (node), -1);
      else if (JSON_NODE_HOLDS_VALUE (node))
        value = json_to_string (node, FALSE);
      else
        continue;
      t = trim (value, &n);
      if (!is_none (t, n))
        g_ptr_array_add (names, g_strndup (t, n));
    }
  return g_steal_pointer (&names);
}

static ParseResult
parse_service_objects (const char  *text,
                       guint       *out_flags,
                       char       **out_unknown)
{
  g_autoptr(GPtrArray) names = NULL;
  gsize len;
  const char *p = trim (text, &len);
  guint flags = 0;

  names = parse_json_list (p, len);
  if (names == NULL)
    names = split_names (p);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      BsServiceObject flag = 0;
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (object_names) && !found; j++)
        {
          if (strcmp (name, object_names[j].name) == 0)
            {
              flag = object_names[j].flag;
              found = TRUE;
            }
        }
      if (!found)
        found = bs_service_object_from_string (name, &flag);
      if (!found)
        {
          if (out_unknown != NULL)
            *out_unknown = g_strdup (name);
          return PARSE_UNKNOWN;
        }
      flags |= (guint) flag;
    }
  *out_flags = flags;
  return PARSE_OK;
}

gboolean
bs_item_import_parse_service_objects (const char *text,
                                      guint      *out_flags)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_flags != NULL, FALSE);

  return parse_service_objects (text, out_flags, NULL) == PARSE_OK;
}

gboolean
bs_item_import_parse_handling (const char *text,
                               BsHandling *out_handling)
{
  static const struct
  {
    const char *name;
    BsHandling handling;
  } names[] = {
    { "即办件", BS_HANDLING_ON_THE_SPOT },
    { "即办", BS_HANDLING_ON_THE_SPOT },
    { "1", BS_HANDLING_ON_THE_SPOT },
    { "承诺件", BS_HANDLING_COMMITTED },
    { "承诺", BS_HANDLING_COMMITTED },
    { "2", BS_HANDLING_COMMITTED },
    /* Sent up or handled jointly: still handled within a committed time. */
    { "上报件", BS_HANDLING_COMMITTED },
    { "联办件", BS_HANDLING_COMMITTED },
  };
  gsize len;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_handling != NULL, FALSE);

  p = trim (text, &len);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strlen (names[i].name) == len && memcmp (p, names[i].name, len) == 0)
        {
          *out_handling = names[i].handling;
          return TRUE;
        }
    }
  {
    g_autofree char *word = g_strndup (p, len);

    return len > 0 && bs_handling_from_string (word, out_handling);
  }
}

static ParseResult
parse_visits (const char *text,
              int        *out_visits)
{
  gsize len;
  const char *p = trim (text, &len);
  const char *end = p + len;
  guint value = 0;
  guint n_digits = 0;

  if (is_none (p, len))
    {
      *out_visits = -1;
      return PARSE_OK;
    }
  while (p < end && g_ascii_isdigit (*p))
    {
      if (value < 100000)
        value = value * 10 + (guint) (*p - '0');
      n_digits++;
      p++;
    }
  if (n_digits == 0)
    return PARSE_UNKNOWN;
  if (p < end && strncmp (p, "次", (gsize) (end - p)) != 0)
    return PARSE_UNKNOWN;
  if (value > VISITS_MAX)
    return PARSE_OUT_OF_RANGE;
  *out_visits = (int) value;
  return PARSE_OK;
}

gboolean
bs_item_import_parse_visits (const char *text,
                             int        *out_visits)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_visits != NULL, FALSE);

  return parse_visits (text, out_visits) == PARSE_OK;
}

/* "1.", "1．", "1、", "1)", "（1）", "(1)" at the start of @p. */
static const char *
skip_numbering (const char *p)
{
  const char *q = p;
  gboolean open = FALSE;

  while (*q == ' ')
    q++;
  if (*q == '(')
    {
      open = TRUE;
      q++;
    }
  else if (g_str_has_prefix (q, "（"))
    {
      open = TRUE;
      q += strlen ("（");
    }
  if (!g_ascii_isdigit (*q))
    return p;
  while (g_ascii_isdigit (*q))
    q++;
  if (*q == ')' || (!open && *q == '.'))
    q++;
  else if (g_str_has_prefix (q, "）"))
    q += strlen ("）");
  else if (!open && (g_str_has_prefix (q, "．") || g_str_has_prefix (q, "、")))
    q += 3;
  else
    return p;
  while (*q == ' ')
    q++;
  return q;
}

GPtrArray *
bs_item_import_parse_list (const char *text)
{
  GPtrArray *names;
  gsize len;
  const char *p;
  const char *start;

  g_return_val_if_fail (text != NULL, NULL);

  p = trim (text, &len);
  names = parse_json_list (p, len);
  if (names != NULL)
    return names;

  names = g_ptr_array_new_with_free_func (g_free);
  if (is_none (p, len))
    return names;
  start = p;
  for (;;)
    {
      gsize sep = 0;

      if (*p == '\0' || *p == '\n' || *p == '\r' || *p == ';')
        sep = *p == '\0' ? 0 : 1;
      else if (has_prefix_len (p, 3, "；"))
        sep = 3;
      else
        {
          p++;
          continue;
        }
      {
        g_autofree char *line = g_strndup (start, (gsize) (p - start));
        const char *item = skip_numbering (line);
        const char *q = item;

        /* Then "、" within the line. */
        for (;;)
          {
            const char *next = strstr (q, "、");
            g_autofree char *piece = g_strndup (q, next != NULL ? (gsize) (next - q) : strlen (q));
            gsize n;
            const char *t = trim (piece, &n);

            if (!is_none (t, n))
              g_ptr_array_add (names, g_strndup (t, n));
            if (next == NULL)
              break;
            q = next + strlen ("、");
          }
      }
      if (*p == '\0')
        break;
      p += sep;
      start = p;
    }
  return names;
}

/* --- The report --- */

static void
skip_free (BsItemImportSkip *skip)
{
  g_free (skip->reason);
  g_free (skip);
}

void
bs_item_import_report_free (BsItemImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->skips, g_ptr_array_unref);
  g_free (report->label);
  g_free (report);
}

/* --- The source --- */

typedef struct
{
  char **fields;     /* at least n_columns, NULL-terminated */
  guint n_fields;    /* as read */
  guint64 line;
} PreviewRow;

static void
preview_row_free (PreviewRow *row)
{
  g_strfreev (row->fields);
  g_free (row);
}

struct _BsItemImport
{
  BsItemImportFormat format;
  GInputStream *stream;
  guint64 total_bytes;         /* 0 when unknown */
  gboolean used;

  BsCsvReader *csv;

  GDataInputStream *data;      /* JSON Lines */
  JsonParser *parser;
  guint64 json_line;
  guint64 json_offset;
  GHashTable *key_index;       /* key → column + 1 */

  GPtrArray *columns;          /* char *, header names */
  GArray *mapping;             /* BsItemField per column */
  GPtrArray *preview;          /* PreviewRow */
  guint preview_next;

  /* The row being read. */
  GPtrArray *cells;            /* const char *, n_columns */
  GPtrArray *owned;            /* char *, for JSON Lines */
};

static const char empty[] = "";

static void
auto_map (BsItemImport *self)
{
  guint best_rank[BS_N_ITEM_FIELDS];

  for (guint f = 0; f < BS_N_ITEM_FIELDS; f++)
    best_rank[f] = G_MAXUINT;
  g_array_set_size (self->mapping, self->columns->len);
  for (guint i = 0; i < self->columns->len; i++)
    {
      guint rank;
      BsItemField field = recognise (g_ptr_array_index (self->columns, i), &rank);

      g_array_index (self->mapping, BsItemField, i) = BS_ITEM_FIELD_NONE;
      if (field == BS_ITEM_FIELD_NONE || rank >= best_rank[field])
        continue;
      for (guint j = 0; j < i; j++)
        {
          if (g_array_index (self->mapping, BsItemField, j) == field)
            g_array_index (self->mapping, BsItemField, j) = BS_ITEM_FIELD_NONE;
        }
      g_array_index (self->mapping, BsItemField, i) = field;
      best_rank[field] = rank;
    }
}

/* A JSON value as the text of a cell: strings as they are, other values and
 * arrays as JSON. */
static char *
json_cell (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* The next JSON Lines object, or NULL at the end or on an error. */
/* Whether every key and string under @node is valid UTF-8. */
static gboolean
json_node_is_utf8 (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !json_node_is_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!json_node_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static JsonObject *
next_json_object (BsItemImport  *self,
                  GError       **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;
      gsize len = 0;
      const char *text;
      JsonNode *root;

      line = g_data_input_stream_read_line (self->data, &len, NULL, &local_error);
      if (line == NULL)
        {
          if (local_error != NULL)
            g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_IO, _("Could not read line %llu: %s"),
                         (unsigned long long) self->json_line + 1, local_error->message);
          return NULL;
        }
      self->json_line++;
      self->json_offset += len + 1;
      text = line;
      if (self->json_line == 1 && len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
        {
          text += 3;
          len -= 3;
        }
      while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
      while (len > 0 && (*text == ' ' || *text == '\t'))
        {
          text++;
          len--;
        }
      if (len == 0)
        continue;
      if (memchr (text, '\0', len) != NULL)
        {
          g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_BINARY,
                       _("Line %llu: a NUL byte; this is a binary file, not JSON Lines"),
                       (unsigned long long) self->json_line);
          return NULL;
        }
      if (!g_utf8_validate_len (text, len, NULL))
        {
          g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_ENCODING,
                       _("Line %llu: the text is not valid UTF-8, which JSON Lines must be"),
                       (unsigned long long) self->json_line);
          return NULL;
        }
      if (!json_parser_load_from_data (self->parser, text, (gssize) len, &local_error))
        {
          /* json-glib quotes the text, which may hold an escaped lone
           * surrogate, not UTF-8. */
          g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

          g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_FORMAT,
                       _("Line %llu: not valid JSON: %s"),
                       (unsigned long long) self->json_line, message);
          return NULL;
        }
      root = json_parser_get_root (self->parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_FORMAT,
                       _("Line %llu: not a JSON object; each line must hold one item as {…}"),
                       (unsigned long long) self->json_line);
          return NULL;
        }
      /* json-glib turns an escaped lone surrogate ("\udc00") into bytes
       * that are not UTF-8: refused, like invalid text. */
      if (!json_node_is_utf8 (root))
        {
          g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_ENCODING,
                       _("Line %llu: a \\u escape that is not a character (half of a surrogate pair)"),
                       (unsigned long long) self->json_line);
          return NULL;
        }
      return json_node_get_object (root);
    }
}

/* The cells of a JSON object in column order, into self->owned. */
static void
json_object_to_cells (BsItemImport *self,
                      JsonObject   *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  g_ptr_array_set_size (self->owned, 0);
  g_ptr_array_set_size (self->owned, self->columns->len);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->key_index, key));

      if (column > 0 && g_ptr_array_index (self->owned, column - 1) == NULL)
        g_ptr_array_index (self->owned, column - 1) = json_cell (node);
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      if (g_ptr_array_index (self->owned, i) == NULL)
        g_ptr_array_index (self->owned, i) = g_strdup ("");
    }
}

/* The next row from the source (not the preview). */
static gboolean
read_row (BsItemImport         *self,
          const char * const  **out_fields,
          guint                *out_n_fields,
          guint64              *out_line,
          GError              **error)
{
  if (self->csv != NULL)
    {
      const char * const *record;
      guint n;

      if (!bs_csv_reader_next (self->csv, &record, &n, error))
        return FALSE;
      g_ptr_array_set_size (self->cells, 0);
      for (guint i = 0; i < MAX (n, self->columns->len); i++)
        g_ptr_array_add (self->cells, (gpointer) (i < n ? record[i] : empty));
      g_ptr_array_add (self->cells, NULL);
      *out_fields = (const char * const *) self->cells->pdata;
      *out_n_fields = n;
      *out_line = bs_csv_reader_get_line (self->csv);
      return TRUE;
    }
  else
    {
      JsonObject *object = next_json_object (self, error);

      if (object == NULL)
        return FALSE;
      json_object_to_cells (self, object);
      g_ptr_array_set_size (self->cells, 0);
      for (guint i = 0; i < self->owned->len; i++)
        g_ptr_array_add (self->cells, g_ptr_array_index (self->owned, i));
      g_ptr_array_add (self->cells, NULL);
      *out_fields = (const char * const *) self->cells->pdata;
      *out_n_fields = self->columns->len;
      *out_line = self->json_line;
      return TRUE;
    }
}

/* Preview rows first, then the rest. */
static gboolean
next_row (BsItemImport         *self,
          const char * const  **out_fields,
          guint                *out_n_fields,
          guint64              *out_line,
          GError              **error)
{
  if (self->preview_next < self->preview->len)
    {
      PreviewRow *row = g_ptr_array_index (self->preview, self->preview_next++);

      *out_fields = (const char * const *) row->fields;
      *out_n_fields = row->n_fields;
      *out_line = row->line;
      return TRUE;
    }
  return read_row (self, out_fields, out_n_fields, out_line, error);
}

static void
add_preview (BsItemImport        *self,
             const char * const  *values,
             guint                n_values,
             guint64              line)
{
  PreviewRow *row = g_new0 (PreviewRow, 1);
  guint n = MAX (n_values, self->columns->len);

  row->fields = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    row->fields[i] = g_strdup (i < n_values ? values[i] : "");
  row->n_fields = n_values;
  row->line = line;
  g_ptr_array_add (self->preview, row);
}

static gboolean
open_csv (BsItemImport  *self,
          BsCsvEncoding  encoding,
          gunichar       delimiter,
          GError       **error)
{
  const char * const *record;
  guint n;
  guint64 line;

  self->csv = bs_csv_reader_new (self->stream, encoding, delimiter, error);
  if (self->csv == NULL)
    return FALSE;
  if (!bs_csv_reader_next (self->csv, &record, &n, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *name = trim (record[i], &len);

      g_ptr_array_add (self->columns, g_strndup (name, len));
    }
  while (self->preview->len < N_PREVIEW_ROWS)
    {
      g_autoptr(GError) local_error = NULL;

      if (!read_row (self, &record, &n, &line, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      add_preview (self, record, n, line);
    }
  return TRUE;
}

static gboolean
open_json_lines (BsItemImport  *self,
                 GError       **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint64));

  self->data = g_data_input_stream_new (self->stream);
  g_data_input_stream_set_newline_type (self->data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  self->parser = json_parser_new_immutable ();
  self->key_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The columns are the keys of the preview rows, in order of appearance. */
  while (objects->len < N_PREVIEW_ROWS)
    {
      g_autoptr(GError) local_error = NULL;
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;
      JsonObject *object = next_json_object (self, &local_error);

      if (object == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      g_ptr_array_add (objects, json_object_ref (object));
      g_array_append_val (lines, self->json_line);
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &key, &node))
        {
          if (!g_hash_table_contains (self->key_index, key))
            {
              g_ptr_array_add (self->columns, g_strdup (key));
              g_hash_table_insert (self->key_index, g_strdup (key),
                                   GUINT_TO_POINTER (self->columns->len));
            }
        }
    }
  if (objects->len == 0)
    {
      g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_EMPTY,
                   _("Line %llu: the file ends here without any JSON object; it is empty"),
                   (unsigned long long) MAX (self->json_line, 1));
      return FALSE;
    }
  for (guint i = 0; i < objects->len; i++)
    {
      json_object_to_cells (self, g_ptr_array_index (objects, i));
      add_preview (self, (const char * const *) self->owned->pdata, self->owned->len,
                   g_array_index (lines, guint64, i));
    }
  return TRUE;
}

static BsItemImport *
open_stream (GInputStream        *stream,
             guint64              total_bytes,
             BsItemImportFormat   format,
             BsCsvEncoding        encoding,
             gunichar             delimiter,
             GError             **error)
{
  g_autoptr(BsItemImport) self = g_new0 (BsItemImport, 1);
  GBufferedInputStream *buffered;

  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (stream, 64 * 1024));
  self->stream = G_INPUT_STREAM (buffered);
  self->total_bytes = total_bytes;
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->mapping = g_array_new (FALSE, TRUE, sizeof (BsItemField));
  self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_row_free);
  self->cells = g_ptr_array_new ();
  self->owned = g_ptr_array_new_with_free_func (g_free);

  if (format == BS_ITEM_IMPORT_FORMAT_AUTO)
    {
      gsize n;
      const char *p;

      if (g_buffered_input_stream_fill (buffered, 4096, NULL, error) < 0)
        return NULL;
      p = g_buffered_input_stream_peek_buffer (buffered, &n);
      if (n >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
        {
          p += 3;
          n -= 3;
        }
      while (n > 0 && g_ascii_isspace (*p))
        {
          p++;
          n--;
        }
      format = n > 0 && *p == '{' ? BS_ITEM_IMPORT_FORMAT_JSON_LINES : BS_ITEM_IMPORT_FORMAT_CSV;
    }
  self->format = format;

  if (format == BS_ITEM_IMPORT_FORMAT_JSON_LINES)
    {
      if (!open_json_lines (self, error))
        return NULL;
    }
  else if (!open_csv (self, encoding, delimiter, error))
    return NULL;

  if (self->preview->len == 0)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_NO_ROWS,
                   _("Line 1: the file has a header but no rows of items"));
      return NULL;
    }
  auto_map (self);
  return g_steal_pointer (&self);
}

BsItemImport *
bs_item_import_open_stream (GInputStream        *stream,
                            BsItemImportFormat   format,
                            BsCsvEncoding        encoding,
                            gunichar             delimiter,
                            GError             **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_stream (stream, 0, format, encoding, delimiter, error);
}

BsItemImport *
bs_item_import_open (const char          *path,
                     BsItemImportFormat   format,
                     BsCsvEncoding        encoding,
                     gunichar             delimiter,
                     GError             **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 size = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, BS_CSV_ERROR, BS_CSV_ERROR_IO, _("Could not open “%s”: %s"), path,
                   local_error->message);
      return NULL;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    size = (guint64) g_file_info_get_size (info);
  if (format == BS_ITEM_IMPORT_FORMAT_AUTO &&
      (g_str_has_suffix (path, ".jsonl") || g_str_has_suffix (path, ".ndjson") ||
       g_str_has_suffix (path, ".JSONL")))
    format = BS_ITEM_IMPORT_FORMAT_JSON_LINES;
  return open_stream (G_INPUT_STREAM (stream), size, format, encoding, delimiter, error);
}

void
bs_item_import_free (BsItemImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->csv, bs_csv_reader_free);
  g_clear_object (&self->data);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->key_index, g_hash_table_unref);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->mapping, g_array_unref);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->owned, g_ptr_array_unref);
  g_free (self);
}

BsItemImportFormat
bs_item_import_get_format (BsItemImport *self)
{
  g_return_val_if_fail (self != NULL, BS_ITEM_IMPORT_FORMAT_CSV);

  return self->format;
}

BsCsvEncoding
bs_item_import_get_encoding (BsItemImport *self)
{
  g_return_val_if_fail (self != NULL, BS_CSV_ENCODING_UTF8);

  return self->csv != NULL ? bs_csv_reader_get_encoding (self->csv) : BS_CSV_ENCODING_UTF8;
}

gunichar
bs_item_import_get_delimiter (BsItemImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->csv != NULL ? bs_csv_reader_get_delimiter (self->csv) : 0;
}

guint
bs_item_import_get_n_columns (BsItemImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->columns->len;
}

const char *
bs_item_import_get_column_name (BsItemImport *self,
                                guint         column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, column);
}

guint
bs_item_import_get_n_preview_rows (BsItemImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->preview->len;
}

const char * const *
bs_item_import_get_preview_row (BsItemImport *self,
                                guint         row)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->preview->len, NULL);

  return (const char * const *) ((PreviewRow *) g_ptr_array_index (self->preview, row))->fields;
}

BsItemField
bs_item_import_get_mapping (BsItemImport *self,
                            guint         column)
{
  g_return_val_if_fail (self != NULL, BS_ITEM_FIELD_NONE);
  g_return_val_if_fail (column < self->mapping->len, BS_ITEM_FIELD_NONE);

  return g_array_index (self->mapping, BsItemField, column);
}

void
bs_item_import_set_mapping (BsItemImport *self,
                            guint         column,
                            BsItemField   field)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->mapping->len);
  g_return_if_fail ((guint) field < BS_N_ITEM_FIELDS);

  if (field != BS_ITEM_FIELD_NONE)
    {
      for (guint i = 0; i < self->mapping->len; i++)
        {
          if (g_array_index (self->mapping, BsItemField, i) == field)
            g_array_index (self->mapping, BsItemField, i) = BS_ITEM_FIELD_NONE;
        }
    }
  g_array_index (self->mapping, BsItemField, column) = field;
}

gboolean
bs_item_import_map (BsItemImport  *self,
                    const char    *spec,
                    GError       **error)
{
  const char *equals;
  g_autofree char *column_name = NULL;
  g_autofree char *wanted = NULL;
  BsItemField field;
  guint column = G_MAXUINT;
  gsize len;
  const char *p;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  equals = strrchr (spec, '=');
  if (equals == NULL || equals == spec)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING,
                   _("“%s” is not a mapping; write COLUMN=FIELD, e.g. 部门名称=department"), spec);
      return FALSE;
    }
  p = trim (equals + 1, &len);
  wanted = g_strndup (p, len);
  if (!bs_item_field_from_string (wanted, &field))
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < BS_N_ITEM_FIELDS; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", fields[i].name);
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING,
                   _("“%s” is not a field; the fields are %s"), wanted, names->str);
      return FALSE;
    }

  p = trim (spec, &len);
  len = MIN (len, (gsize) (equals - p));
  column_name = g_strndup (p, len);
  g_strchomp (column_name);
  for (guint i = 0; i < self->columns->len && column == G_MAXUINT; i++)
    {
      if (strcmp (g_ptr_array_index (self->columns, i), column_name) == 0)
        column = i;
    }
  if (column == G_MAXUINT)
    {
      g_autofree char *key = normalise_header (column_name);

      for (guint i = 0; i < self->columns->len && column == G_MAXUINT; i++)
        {
          g_autofree char *other = normalise_header (g_ptr_array_index (self->columns, i));

          if (strcmp (key, other) == 0)
            column = i;
        }
    }
  if (column == G_MAXUINT && column_name[0] != '\0' &&
      strspn (column_name, "0123456789") == strlen (column_name))
    {
      guint64 number = g_ascii_strtoull (column_name, NULL, 10);

      if (number >= 1 && number <= self->columns->len)
        column = (guint) number - 1;
    }
  if (column == G_MAXUINT)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING,
                   _("The file has no column “%s”"), column_name);
      return FALSE;
    }
  bs_item_import_set_mapping (self, column, field);
  return TRUE;
}

/* --- Running --- */

typedef struct
{
  guint64 line;
  const char *code;
  const char *name;
  const char *department;
  BsItemType type;
  guint service_objects;
  const char *legal_basis;
  const char *conditions;
  int legal_limit;
  BsLimitUnit legal_limit_unit;
  int committed_limit;
  BsLimitUnit committed_limit_unit;
  BsHandling handling;
  gboolean on_the_spot;     /* from a limit of "即办" */
  int visits;
  const char *fees;
  const char *place;
  const char *hours;
  const char *phone;
  const char *online_url;
  const char *result_name;
  guint first_material;
  guint n_materials;
} Row;

typedef struct
{
  BsItemImport *self;
  BsItemImportReport *report;
  int column[BS_N_ITEM_FIELDS];   /* the column of each field, or -1 */
  GStringChunk *chunk;
  GArray *rows;                   /* Row */
  GPtrArray *materials;           /* const char *, in the chunk */
  GHashTable *codes;              /* code → line (as a pointer to a guint64 in the chunk) */
  BsItemImportProgressFunc progress;
  gpointer user_data;
} Run;

static void
add_skip (Run        *run,
          guint64     line,
          guint64     row,
          char       *reason)
{
  BsItemImportSkip *skip = g_new0 (BsItemImportSkip, 1);

  skip->line = line;
  skip->row = row;
  skip->reason = reason;
  g_ptr_array_add (run->report->skips, skip);
  run->report->skipped++;
}

/* A text cell: trimmed, "无" as "", in the chunk. Strips a leading
 * "办理地点：" style label repeating the header. */
static const char *
text_cell (Run                 *run,
           const char * const  *cells,
           BsItemField          field)
{
  static const char *labels[] = { "办理地点", "咨询电话", "办理时间", "受理条件", "设定依据", "收费标准" };
  int column = run->column[field];
  const char *p;
  gsize len;

  if (column < 0)
    return empty;
  p = trim (cells[column], &len);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gsize n = strlen (labels[i]);
      const char *q = p + n;
      gsize rest = len - n;

      if (len <= n || memcmp (p, labels[i], n) != 0)
        continue;
      if (has_prefix_len (q, rest, "："))
        {
          q += strlen ("：");
          rest -= strlen ("：");
        }
      else if (*q == ':')
        {
          q++;
          rest--;
        }
      else
        continue;
      while (rest > 0 && is_space (g_utf8_get_char (q)))
        {
          const char *next = g_utf8_next_char (q);

          rest -= (gsize) (next - q);
          q = next;
        }
      p = q;
      len = rest;
      break;
    }
  if (is_none (p, len))
    return empty;
  return g_string_chunk_insert_len (run->chunk, p, (gssize) len);
}

static const char *
raw_cell (Run                *run,
          const char * const *cells,
          BsItemField         field)
{
  int column = run->column[field];

  return column < 0 ? empty : cells[column];
}

/* The item of one row, or FALSE with the reason it is skipped. */
static gboolean
parse_row (Run                 *run,
           const char * const  *cells,
           guint                n_cells,
           guint64              line,
           Row                 *row,
           char               **out_reason)
{
  BsItemImport *self = run->self;
  const char *value;
  gsize len;
  ParseResult result;

  memset (row, 0, sizeof *row);
  row->line = line;
  row->first_material = run->materials->len;
  row->type = BS_ITEM_TYPE_LICENSING;
  row->legal_limit = -1;
  row->committed_limit = -1;
  row->handling = BS_HANDLING_COMMITTED;
  row->visits = -1;

  if (n_cells > self->columns->len)
    {
      for (guint i = self->columns->len; i < n_cells; i++)
        {
          trim (cells[i], &len);
          if (len > 0)
            {
              *out_reason = g_strdup_printf (_("%u fields where the header has %u; "
                                               "is a field with a separator not quoted?"),
                                             n_cells, self->columns->len);
              return FALSE;
            }
        }
    }

  row->code = text_cell (run, cells, BS_ITEM_FIELD_CODE);
  if (row->code[0] == '\0')
    row->code = text_cell (run, cells, BS_ITEM_FIELD_BASIC_CODE);
  row->name = text_cell (run, cells, BS_ITEM_FIELD_NAME);
  row->department = text_cell (run, cells, BS_ITEM_FIELD_DEPARTMENT);
  if (row->name[0] == '\0')
    {
      *out_reason = g_strdup (row->code[0] == '\0' ? _("no code and no name")
                                                   : _("no name"));
      return FALSE;
    }
  if (row->department[0] == '\0')
    {
      *out_reason = g_strdup (_("no department"));
      return FALSE;
    }
  if (g_utf8_strlen (row->code, -1) > BS_CODE_MAX_CHARS)
    {
      *out_reason = g_strdup_printf (_("the code is longer than %d characters"), BS_CODE_MAX_CHARS);
      return FALSE;
    }
  if (row->code[0] == '\0')
    {
      /* A stable code: the same department and name give the same code on
       * every import, so a re-import updates. */
      g_autofree char *key = g_strconcat (row->department, "\n", row->name, NULL);
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
      g_autofree char *code = g_strdup_printf ("item-%.12s", sum);

      row->code = g_string_chunk_insert (run->chunk, code);
    }

  value = raw_cell (run, cells, BS_ITEM_FIELD_TYPE);
  trim (value, &len);
  if (len > 0 && !bs_item_import_parse_type (value, &row->type))
    {
      g_autofree char *shown = g_strstrip (g_strdup (value));

      *out_reason = g_strdup_printf (_("unknown item type “%s”"), shown);
      return FALSE;
    }

  value = raw_cell (run, cells, BS_ITEM_FIELD_SERVICE_OBJECTS);
  {
    g_autofree char *unknown = NULL;

    if (parse_service_objects (value, &row->service_objects, &unknown) != PARSE_OK)
      {
        *out_reason = g_strdup_printf (_("unknown service object “%s”"), unknown);
        return FALSE;
      }
  }

  row->legal_basis = text_cell (run, cells, BS_ITEM_FIELD_LEGAL_BASIS);
  row->conditions = text_cell (run, cells, BS_ITEM_FIELD_CONDITIONS);

  value = raw_cell (run, cells, BS_ITEM_FIELD_LEGAL_LIMIT);
  {
    gboolean on_the_spot;

    result = parse_limit (value, &row->legal_limit, &row->legal_limit_unit, &on_the_spot);
    if (result != PARSE_OK)
      {
        g_autofree char *shown = g_strstrip (g_strdup (value));

        *out_reason = result == PARSE_OUT_OF_RANGE
                      ? g_strdup_printf (_("the statutory time limit “%s” is out of range "
                                           "(0 to %d days)"), shown, LIMIT_MAX)
                      : g_strdup_printf (_("the statutory time limit “%s” is not understood"),
                                         shown);
        return FALSE;
      }
    row->on_the_spot = on_the_spot;
  }

  value = raw_cell (run, cells, BS_ITEM_FIELD_COMMITTED_LIMIT);
  {
    gboolean on_the_spot;

    result = parse_limit (value, &row->committed_limit, &row->committed_limit_unit, &on_the_spot);
    if (result != PARSE_OK)
      {
        g_autofree char *shown = g_strstrip (g_strdup (value));

        *out_reason = result == PARSE_OUT_OF_RANGE
                      ? g_strdup_printf (_("the committed time limit “%s” is out of range "
                                           "(0 to %d days)"), shown, LIMIT_MAX)
                      : g_strdup_printf (_("the committed time limit “%s” is not understood"),
                                         shown);
        return FALSE;
      }
    row->on_the_spot = row->on_the_spot || on_the_spot;
  }

  value = raw_cell (run, cells, BS_ITEM_FIELD_HANDLING);
  trim (value, &len);
  if (len > 0 && !is_none (value, len))
    {
      if (!bs_item_import_parse_handling (value, &row->handling))
        {
          g_autofree char *shown = g_strstrip (g_strdup (value));

          *out_reason = g_strdup_printf (_("unknown handling “%s”; write 即办件 or 承诺件"), shown);
          return FALSE;
        }
    }
  else if (row->on_the_spot)
    row->handling = BS_HANDLING_ON_THE_SPOT;

  value = raw_cell (run, cells, BS_ITEM_FIELD_VISITS);
  result = parse_visits (value, &row->visits);
  if (result != PARSE_OK)
    {
      g_autofree char *shown = g_strstrip (g_strdup (value));

      *out_reason = result == PARSE_OUT_OF_RANGE
                    ? g_strdup_printf (_("the number of visits “%s” is out of range (0 to %d)"),
                                       shown, VISITS_MAX)
                    : g_strdup_printf (_("the number of visits “%s” is not a number"), shown);
      return FALSE;
    }

  row->fees = text_cell (run, cells, BS_ITEM_FIELD_FEES);
  row->place = text_cell (run, cells, BS_ITEM_FIELD_PLACE);
  row->hours = text_cell (run, cells, BS_ITEM_FIELD_HOURS);
  row->phone = text_cell (run, cells, BS_ITEM_FIELD_PHONE);
  row->online_url = text_cell (run, cells, BS_ITEM_FIELD_ONLINE_URL);
  row->result_name = text_cell (run, cells, BS_ITEM_FIELD_RESULT_NAME);

  row->first_material = run->materials->len;
  if (run->column[BS_ITEM_FIELD_MATERIALS] >= 0)
    {
      g_autoptr(GPtrArray) names = bs_item_import_parse_list (raw_cell (run, cells,
                                                                        BS_ITEM_FIELD_MATERIALS));

      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (run->materials,
                         g_string_chunk_insert (run->chunk, g_ptr_array_index (names, i)));
      row->n_materials = names->len;
    }
  return TRUE;
}

static gboolean
row_is_blank (const char * const *cells,
              guint               n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      gsize len;

      trim (cells[i], &len);
      if (len > 0)
        return FALSE;
    }
  return TRUE;
}

static void
report_progress (Run    *run,
                 double  fraction)
{
  if (run->progress != NULL)
    run->progress (CLAMP (fraction, 0.0, 1.0), run->user_data);
}

static guint64
source_offset (BsItemImport *self)
{
  if (self->csv != NULL)
    return bs_csv_reader_get_offset (self->csv);
  return self->json_offset;
}

/* Pass 1: every row read and parsed. */
static gboolean
read_rows (Run           *run,
           GCancellable  *cancellable,
           GError       **error)
{
  BsItemImport *self = run->self;
  const char * const *cells;
  guint n_cells;
  guint64 line;
  guint64 row_number = 0;
  g_autoptr(GError) local_error = NULL;

  while (next_row (self, &cells, &n_cells, &line, &local_error))
    {
      Row row;
      char *reason = NULL;
      guint first;

      row_number++;
      if (row_number % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (self->total_bytes > 0)
            report_progress (run, 0.5 * (double) source_offset (self) / (double) self->total_bytes);
        }
      if (row_is_blank (cells, n_cells))
        continue;
      if (!parse_row (run, cells, n_cells, line, &row, &reason))
        {
          /* The materials of a skipped row are not kept. */
          g_ptr_array_set_size (run->materials, row.first_material);
          add_skip (run, line, row_number, reason);
          continue;
        }
      first = GPOINTER_TO_UINT (g_hash_table_lookup (run->codes, row.code));
      if (first > 0)
        {
          g_ptr_array_set_size (run->materials, row.first_material);
          add_skip (run, line, row_number,
                    g_strdup_printf (_("the code “%s” is already used on line %llu"), row.code,
                                     (unsigned long long) g_array_index (run->rows, Row,
                                                                         first - 1).line));
          continue;
        }
      g_hash_table_insert (run->codes, (gpointer) row.code, GUINT_TO_POINTER (run->rows->len + 1));
      g_array_append_val (run->rows, row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static gboolean
step (BsCatalogue   *catalogue,
      sqlite3_stmt  *stmt,
      guint64        line,
      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (bs_catalogue_step_done (catalogue, stmt, &local_error))
    return TRUE;
  g_set_error (error, local_error->domain, local_error->code, _("Line %llu: %s"),
               (unsigned long long) line, local_error->message);
  return FALSE;
}

static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* The department of @name, created when missing. */
static gint64
department_id (Run          *run,
               BsCatalogue  *catalogue,
               GHashTable   *departments,
               const char   *name,
               guint64       line,
               GError      **error)
{
  gpointer id;
  g_autofree char *sum = NULL;
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 new_id;

  if (g_hash_table_lookup_extended (departments, name, NULL, &id))
    return (gint64) GPOINTER_TO_SIZE (id);

  /* A stable code: the same name gives the same code in every catalogue. */
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);
  for (guint attempt = 0; ; attempt++)
    {
      int rc;

      g_free (code);
      code = attempt == 0 ? g_strdup_printf ("dept-%.10s", sum)
                          : g_strdup_printf ("dept-%.10s-%u", sum, attempt + 1);
      stmt = bs_catalogue_prepare (catalogue, "SELECT 1 FROM department WHERE code = ?1", error);
      if (stmt == NULL)
        return 0;
      bind_static (stmt, 1, code);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_ROW)
        {
          bs_catalogue_set_error_from_db (catalogue, error);
          return 0;
        }
    }
  stmt = bs_catalogue_prepare (catalogue, "INSERT INTO department (code, name) VALUES (?1, ?2)",
                               error);
  if (stmt == NULL)
    return 0;
  bind_static (stmt, 1, code);
  bind_static (stmt, 2, name);
  if (!step (catalogue, stmt, line, error))
    return 0;
  new_id = sqlite3_last_insert_rowid (bs_catalogue_get_db (catalogue));
  g_hash_table_insert (departments, (gpointer) name, GSIZE_TO_POINTER ((gsize) new_id));
  run->report->departments_created++;
  return new_id;
}

static gboolean
load_departments (BsCatalogue  *catalogue,
                  Run          *run,
                  GHashTable   *departments,
                  GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue,
                                             "SELECT id, name FROM department ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = g_string_chunk_insert (run->chunk, (const char *) sqlite3_column_text (stmt, 1));

      if (!g_hash_table_contains (departments, name))
        g_hash_table_insert (departments, (gpointer) name,
                             GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return FALSE;
    }
  return TRUE;
}

/* The rows are staged in plain TEMP tables (no constraints: as fast as
 * sqlite3's .import), then written with one INSERT … SELECT per table:
 * a statement per row costs about as much again (each its own run of the
 * VDBE, its own look-ups for the foreign keys). The session records every
 * row all the same. */
#define STAGE_ITEM \
  "INSERT INTO temp.bs_import_item (code, name, department_id, item_type, service_objects," \
  " legal_basis, conditions, legal_limit, legal_limit_unit, committed_limit, committed_limit_unit," \
  " handling, visits, fees, place, hours, phone, online_url, result_name, on_the_spot, existing_id," \
  " item_id, replace_materials)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19," \
  " ?20, ?21, ?22, ?23)"

#define ITEM_COLUMNS \
  "code, name, department_id, item_type, service_objects, legal_basis, conditions, legal_limit," \
  " legal_limit_unit, committed_limit, committed_limit_unit, handling, visits, fees, place, hours," \
  " phone, online_url, result_name"

/* Each staged item knows its id already (existing_id too when the
 * catalogue has its code), and the staged materials are those to write,
 * with their item's id. */
static const char *stage_tables[] = {
  "CREATE TEMP TABLE IF NOT EXISTS bs_import_item (code, name, department_id, item_type,"
  " service_objects, legal_basis, conditions, legal_limit, legal_limit_unit, committed_limit,"
  " committed_limit_unit, handling, visits, fees, place, hours, phone, online_url, result_name,"
  " on_the_spot, existing_id, item_id, replace_materials)",
  "CREATE TEMP TABLE IF NOT EXISTS bs_import_material (item_id, position, name)",
  "DELETE FROM temp.bs_import_item",
  "DELETE FROM temp.bs_import_material",
};

static void
drop_stage (BsCatalogue *catalogue)
{
  sqlite3_exec (bs_catalogue_get_db (catalogue),
                "DROP TABLE IF EXISTS temp.bs_import_item;"
                " DROP TABLE IF EXISTS temp.bs_import_material;",
                NULL, NULL, NULL);
}

/* UPDATE of the mapped columns only: what the file does not hold stays. */
static char *
update_sql (Run *run)
{
  static const struct
  {
    BsItemField field;
    const char *set;
  } sets[] = {
    { BS_ITEM_FIELD_NAME, "name = s.name" },
    { BS_ITEM_FIELD_DEPARTMENT, "department_id = s.department_id" },
    { BS_ITEM_FIELD_TYPE, "item_type = s.item_type" },
    { BS_ITEM_FIELD_SERVICE_OBJECTS, "service_objects = s.service_objects" },
    { BS_ITEM_FIELD_LEGAL_BASIS, "legal_basis = s.legal_basis" },
    { BS_ITEM_FIELD_CONDITIONS, "conditions = s.conditions" },
    { BS_ITEM_FIELD_LEGAL_LIMIT, "legal_limit = s.legal_limit, legal_limit_unit = s.legal_limit_unit" },
    { BS_ITEM_FIELD_COMMITTED_LIMIT,
      "committed_limit = s.committed_limit, committed_limit_unit = s.committed_limit_unit" },
    { BS_ITEM_FIELD_HANDLING, "handling = s.handling" },
    { BS_ITEM_FIELD_VISITS, "visits = s.visits" },
    { BS_ITEM_FIELD_FEES, "fees = s.fees" },
    { BS_ITEM_FIELD_PLACE, "place = s.place" },
    { BS_ITEM_FIELD_HOURS, "hours = s.hours" },
    { BS_ITEM_FIELD_PHONE, "phone = s.phone" },
    { BS_ITEM_FIELD_ONLINE_URL, "online_url = s.online_url" },
    { BS_ITEM_FIELD_RESULT_NAME, "result_name = s.result_name" },
  };
  GString *sql = g_string_new ("UPDATE main.item SET code = s.code");

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      if (run->column[sets[i].field] >= 0)
        g_string_append_printf (sql, ", %s", sets[i].set);
    }
  /* "即办" as a limit makes an item handled on the spot. */
  if (run->column[BS_ITEM_FIELD_HANDLING] < 0 &&
      (run->column[BS_ITEM_FIELD_LEGAL_LIMIT] >= 0 || run->column[BS_ITEM_FIELD_COMMITTED_LIMIT] >= 0))
    g_string_append (sql, ", handling = CASE WHEN s.on_the_spot THEN 'on-the-spot' ELSE item.handling END");
  g_string_append (sql, " FROM temp.bs_import_item AS s WHERE s.existing_id = item.id");
  return g_string_free (sql, FALSE);
}

static void
bind_row (sqlite3_stmt *stmt,
          const Row    *row,
          gint64        department)
{
  bind_static (stmt, 1, row->code);
  bind_static (stmt, 2, row->name);
  sqlite3_bind_int64 (stmt, 3, department);
  bind_static (stmt, 4, bs_item_type_to_string (row->type));
  sqlite3_bind_int (stmt, 5, (int) row->service_objects);
  bind_static (stmt, 6, row->legal_basis);
  bind_static (stmt, 7, row->conditions);
  bs_bind_optional_int (stmt, 8, row->legal_limit);
  bind_static (stmt, 9, bs_limit_unit_to_string (row->legal_limit_unit));
  bs_bind_optional_int (stmt, 10, row->committed_limit);
  bind_static (stmt, 11, bs_limit_unit_to_string (row->committed_limit_unit));
  bind_static (stmt, 12, bs_handling_to_string (row->handling));
  bs_bind_optional_int (stmt, 13, row->visits);
  bind_static (stmt, 14, row->fees);
  bind_static (stmt, 15, row->place);
  bind_static (stmt, 16, row->hours);
  bind_static (stmt, 17, row->phone);
  bind_static (stmt, 18, row->online_url);
  bind_static (stmt, 19, row->result_name);
  sqlite3_bind_int (stmt, 20, row->on_the_spot);
}

/* TRUE when the item's stored materials are the row's, in order. */
static gboolean
same_materials (Run          *run,
                BsCatalogue  *catalogue,
                gint64        item_id,
                const Row    *row,
                gboolean     *out_same,
                GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue,
                                             "SELECT name FROM main.material WHERE item_id = ?1"
                                             " ORDER BY position, id",
                                             error);
  guint i = 0;
  gboolean same = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (i >= row->n_materials ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                     g_ptr_array_index (run->materials, row->first_material + i)) != 0)
        same = FALSE;
      i++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return FALSE;
    }
  *out_same = same && i == row->n_materials;
  return TRUE;
}

/* The catalogue's items whose codes the file holds (code → id), and the
 * id the first new item will take. */
static gboolean
load_existing (Run          *run,
               BsCatalogue  *catalogue,
               GHashTable   *existing,
               gint64       *out_next_id,
               GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue, "SELECT code, id FROM main.item", error);
  gint64 max_id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer code;
      gint64 id = sqlite3_column_int64 (stmt, 1);

      max_id = MAX (max_id, id);
      if (g_hash_table_lookup_extended (run->codes, sqlite3_column_text (stmt, 0), &code, NULL))
        g_hash_table_insert (existing, code, GSIZE_TO_POINTER ((gsize) id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bs_catalogue_set_error_from_db (catalogue, error);
      return FALSE;
    }
  *out_next_id = max_id + 1;
  return TRUE;
}

static gboolean
exec_step (BsCatalogue  *catalogue,
           const char   *sql,
           GError      **error)
{
  sqlite3_stmt *stmt = bs_catalogue_prepare (catalogue, sql, error);

  return stmt != NULL && bs_catalogue_step_done (catalogue, stmt, error);
}

/* Pass 2: the rows staged, then written, inside the edit. An item already
 * in the catalogue (by code) is updated, and keeps its materials when the
 * file lists the same; new items take ids in file order after the last
 * one. */
static gboolean
write_rows (Run           *run,
            BsCatalogue   *catalogue,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) existing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *update = update_sql (run);
  gboolean materials_mapped = run->column[BS_ITEM_FIELD_MATERIALS] >= 0;
  gint64 next_id = 0;
  sqlite3_stmt *stmt;

  if (!load_departments (catalogue, run, departments, error) ||
      !load_existing (run, catalogue, existing, &next_id, error))
    return FALSE;

  for (guint r = 0; r < run->rows->len; r++)
    {
      const Row *row = &g_array_index (run->rows, Row, r);
      gpointer found;
      gint64 department, item_id;
      gboolean is_update, replace = materials_mapped;

      if (r % CHECK_EVERY == 0 && r > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          report_progress (run, 0.5 + 0.3 * (double) r / (double) run->rows->len);
        }

      department = department_id (run, catalogue, departments, row->department, row->line, error);
      if (department == 0)
        return FALSE;
      is_update = g_hash_table_lookup_extended (existing, row->code, NULL, &found);
      if (is_update)
        {
          gboolean same = FALSE;

          item_id = (gint64) GPOINTER_TO_SIZE (found);
          run->report->updated++;
          if (replace && !same_materials (run, catalogue, item_id, row, &same, error))
            return FALSE;
          replace = replace && !same;
        }
      else
        {
          item_id = next_id++;
          run->report->imported++;
        }
      if (materials_mapped)
        run->report->materials += row->n_materials;

      if ((stmt = bs_catalogue_prepare (catalogue, STAGE_ITEM, error)) == NULL)
        return FALSE;
      bind_row (stmt, row, department);
      if (is_update)
        sqlite3_bind_int64 (stmt, 21, item_id);
      else
        sqlite3_bind_null (stmt, 21);
      sqlite3_bind_int64 (stmt, 22, item_id);
      sqlite3_bind_int (stmt, 23, replace);
      if (!step (catalogue, stmt, row->line, error))
        return FALSE;
      for (guint m = 0; replace && m < row->n_materials; m++)
        {
          stmt = bs_catalogue_prepare (catalogue,
                                       "INSERT INTO temp.bs_import_material (item_id, position, name)"
                                       " VALUES (?1, ?2, ?3)",
                                       error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, item_id);
          sqlite3_bind_int (stmt, 2, (int) m);
          bind_static (stmt, 3, g_ptr_array_index (run->materials, row->first_material + m));
          if (!step (catalogue, stmt, row->line, error))
            return FALSE;
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report_progress (run, 0.8);

  if (!exec_step (catalogue, update, error) ||
      !exec_step (catalogue,
                  "INSERT INTO main.item (id, " ITEM_COLUMNS ") SELECT item_id, " ITEM_COLUMNS
                  " FROM temp.bs_import_item WHERE existing_id IS NULL ORDER BY rowid",
                  error))
    return FALSE;
  report_progress (run, 0.9);
  if (materials_mapped &&
      (!exec_step (catalogue,
                   "DELETE FROM main.material WHERE item_id IN (SELECT existing_id"
                   " FROM temp.bs_import_item WHERE existing_id IS NOT NULL AND replace_materials)",
                   error) ||
       !exec_step (catalogue,
                   "INSERT INTO main.material (item_id, position, name)"
                   " SELECT item_id, position, name FROM temp.bs_import_material ORDER BY rowid",
                   error)))
    return FALSE;
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
check_mapping (Run     *run,
               GError **error)
{
  if (run->column[BS_ITEM_FIELD_NAME] < 0)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING,
                   _("No column holds the item names; map one to “name” "
                     "(e.g. --map 事项名称=name)"));
      return FALSE;
    }
  if (run->column[BS_ITEM_FIELD_DEPARTMENT] < 0)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING,
                   _("No column holds the departments; map one to “department” "
                     "(e.g. --map 实施机构=department)"));
      return FALSE;
    }
  return TRUE;
}

BsItemImportReport *
bs_item_import_run (BsItemImport              *self,
                    BsCatalogue               *catalogue,
                    BsItemImportFlags          flags,
                    BsItemImportProgressFunc   progress,
                    gpointer                   user_data,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  GStringChunk *chunk;
  Run run = { 0 };
  gboolean ok;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (BS_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (!bs_catalogue_in_edit (catalogue), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->used)
    {
      g_set_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_USED,
                   _("This import has already run; open the file again"));
      return NULL;
    }
  self->used = TRUE;

  report = g_new0 (BsItemImportReport, 1);
  report->dry_run = (flags & BS_ITEM_IMPORT_DRY_RUN) != 0;
  report->skips = g_ptr_array_new_with_free_func ((GDestroyNotify) skip_free);
  chunk = g_string_chunk_new (64 * 1024);
  rows = g_array_new (FALSE, FALSE, sizeof (Row));
  materials = g_ptr_array_new ();
  codes = g_hash_table_new (g_str_hash, g_str_equal);

  run.self = self;
  run.report = report;
  run.chunk = chunk;
  run.rows = rows;
  run.materials = materials;
  run.codes = codes;
  run.progress = progress;
  run.user_data = user_data;
  for (guint f = 0; f < BS_N_ITEM_FIELDS; f++)
    run.column[f] = -1;
  for (guint i = 0; i < self->mapping->len; i++)
    {
      BsItemField field = g_array_index (self->mapping, BsItemField, i);

      if (field != BS_ITEM_FIELD_NONE && run.column[field] < 0)
        run.column[field] = (int) i;
    }

  ok = check_mapping (&run, error) && read_rows (&run, cancellable, error);
  if (!ok)
    {
      g_string_chunk_free (chunk);
      return NULL;
    }
  report_progress (&run, 0.5);

  n = rows->len;
  {
    g_autofree char *count = format_count (n);

    report->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %s item",
                                                  "Import %s items", n),
                                     count);
  }
  if (n > 0)
    {
      for (guint i = 0; ok && i < G_N_ELEMENTS (stage_tables); i++)
        ok = bs_catalogue_exec (catalogue, stage_tables[i], error);
      ok = ok && bs_catalogue_begin (catalogue, report->label, error);
      if (ok)
        {
          ok = write_rows (&run, catalogue, cancellable, error);
          if (ok)
            report_progress (&run, 0.95);
          if (ok && !report->dry_run)
            ok = bs_catalogue_commit (catalogue, error);
          else
            bs_catalogue_rollback (catalogue);
        }
      drop_stage (catalogue);
    }
  g_string_chunk_free (chunk);
  if (!ok)
    return NULL;
  report_progress (&run, 1.0);
  return g_steal_pointer (&report);
}
