/* test-item-import.c: importing department item catalogues: headers and
 * values recognised, re-imports updating by code, skips with their lines,
 * cancel, failure and dry run leaving the catalogue as it was, the same
 * catalogue in every encoding and separator importing identically, and
 * the 2,262 items of the Guangdong portal (../shared; run with
 * --guangdong, exit 77 where it is absent)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "banshi-core.h"

static BsCatalogue *
new_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  BsCatalogue *cat = bs_catalogue_new_in_memory (&error);

  g_assert_no_error (error);
  return cat;
}

static char *
dump (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bs_catalogue_export_json (cat, &error);
  gsize length;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  return g_strndup (data, length);
}

static BsItemImport *
open_data (const char          *data,
           gssize               length,
           BsItemImportFormat   format,
           BsCsvEncoding        encoding,
           gunichar             delimiter,
           GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (length < 0)
    length = (gssize) strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, (gsize) length), length, g_free);
  return bs_item_import_open_stream (stream, format, encoding, delimiter, error);
}

static BsItemImportReport *
import_data (BsCatalogue       *cat,
             const char        *data,
             gssize             length,
             BsItemImportFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItemImport) import = open_data (data, length, BS_ITEM_IMPORT_FORMAT_AUTO,
                                              BS_CSV_ENCODING_AUTO, 0, &error);
  BsItemImportReport *report;

  g_assert_no_error (error);
  report = bs_item_import_run (import, cat, flags, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static gint64
query_int (BsCatalogue *cat,
           const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (bs_catalogue_get_db (cat), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static GPtrArray *
material_names (BsCatalogue *cat,
                gint64       item_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) materials = bs_catalogue_list_materials (cat, item_id, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < materials->len; i++)
    g_ptr_array_add (names, g_strdup (((BsMaterial *) g_ptr_array_index (materials, i))->name));
  return names;
}

static void
assert_names (GPtrArray   *names,
              const char **expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (names->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected[i]);
}

/* --- Recognition and values --- */

static void
test_headers (void)
{
  const struct
  {
    const char *header;
    BsItemField field;
  } cases[] = {
    { "事项名称", BS_ITEM_FIELD_NAME },
    { "*事项名称", BS_ITEM_FIELD_NAME },
    { " TASK_NAME ", BS_ITEM_FIELD_NAME },
    { "Item name", BS_ITEM_FIELD_NAME },
    { "事项编码", BS_ITEM_FIELD_CODE },
    { "实施编码", BS_ITEM_FIELD_CODE },
    { "业务办理项编码", BS_ITEM_FIELD_CODE },
    { "task_code", BS_ITEM_FIELD_CODE },
    { "TASK_CODE", BS_ITEM_FIELD_CODE },
    { "基本编码", BS_ITEM_FIELD_BASIC_CODE },
    { "CATAID", BS_ITEM_FIELD_BASIC_CODE },
    { "实施机构", BS_ITEM_FIELD_DEPARTMENT },
    { "实施主体", BS_ITEM_FIELD_DEPARTMENT },
    { "部门", BS_ITEM_FIELD_DEPARTMENT },
    { "DEPT_NAME", BS_ITEM_FIELD_DEPARTMENT },
    { "事项类型", BS_ITEM_FIELD_TYPE },
    { "TASK_TYPE_TEXT", BS_ITEM_FIELD_TYPE },
    { "法定办结时限", BS_ITEM_FIELD_LEGAL_LIMIT },
    { "法定办结时限（工作日）", BS_ITEM_FIELD_LEGAL_LIMIT },
    { "handle_time", BS_ITEM_FIELD_LEGAL_LIMIT },
    { "承诺办结时限", BS_ITEM_FIELD_COMMITTED_LIMIT },
    { "handle_time_limit", BS_ITEM_FIELD_COMMITTED_LIMIT },
    { "到办事现场次数", BS_ITEM_FIELD_VISITS },
    { "visit_number", BS_ITEM_FIELD_VISITS },
    { "办件类型", BS_ITEM_FIELD_HANDLING },
    { "设定依据", BS_ITEM_FIELD_LEGAL_BASIS },
    { "受理条件", BS_ITEM_FIELD_CONDITIONS },
    { "accept_standard", BS_ITEM_FIELD_CONDITIONS },
    { "收费", BS_ITEM_FIELD_FEES },
    { "办理地点", BS_ITEM_FIELD_PLACE },
    { "handle_location", BS_ITEM_FIELD_PLACE },
    { "咨询电话", BS_ITEM_FIELD_PHONE },
    { "consult_phone", BS_ITEM_FIELD_PHONE },
    { "服务对象", BS_ITEM_FIELD_SERVICE_OBJECTS },
    { "service_object_name", BS_ITEM_FIELD_SERVICE_OBJECTS },
    { "申请材料", BS_ITEM_FIELD_MATERIALS },
    { "material_intro", BS_ITEM_FIELD_MATERIALS },
    { "序号", BS_ITEM_FIELD_NONE },
    { "TASK_STATE", BS_ITEM_FIELD_NONE },
    { "AREACODE", BS_ITEM_FIELD_NONE },
    { "", BS_ITEM_FIELD_NONE },
  };
  BsItemField field;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].header);
      g_assert_cmpint (bs_item_field_recognise (cases[i].header), ==, cases[i].field);
    }

  /* Names round trip; headers also name fields. */
  for (guint f = 0; f < BS_N_ITEM_FIELDS; f++)
    {
      g_assert_true (bs_item_field_from_string (bs_item_field_to_string (f), &field));
      g_assert_cmpint (field, ==, f);
      g_assert_nonnull (bs_item_field_get_label (f));
    }
  g_assert_true (bs_item_field_from_string ("实施机构", &field));
  g_assert_cmpint (field, ==, BS_ITEM_FIELD_DEPARTMENT);
  g_assert_false (bs_item_field_from_string ("bogus", &field));
}

static void
test_values (void)
{
  const struct
  {
    const char *text;
    gboolean ok;
    int days;
    BsLimitUnit unit;
    gboolean on_the_spot;
  } limits[] = {
    { "30(工作日)", TRUE, 30, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "30（工作日）", TRUE, 30, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "30个工作日", TRUE, 30, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { " 30 工作日 ", TRUE, 30, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "20个工作日（不含公示时间）", TRUE, 20, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "30", TRUE, 30, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "30天", TRUE, 30, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "30日", TRUE, 30, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "90(自然日)", TRUE, 90, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "3个月", TRUE, 90, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "1年", TRUE, 365, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "3650天", TRUE, 3650, BS_LIMIT_UNIT_CALENDAR_DAYS, FALSE },
    { "无", TRUE, -1, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "", TRUE, -1, BS_LIMIT_UNIT_WORKING_DAYS, FALSE },
    { "即办", TRUE, 0, BS_LIMIT_UNIT_WORKING_DAYS, TRUE },
    { "即办件", TRUE, 0, BS_LIMIT_UNIT_WORKING_DAYS, TRUE },
    { "当场办结", TRUE, 0, BS_LIMIT_UNIT_WORKING_DAYS, TRUE },
    { "3651天", FALSE, 0, 0, FALSE },
    { "11年", FALSE, 0, 0, FALSE },
    { "99999999999999999999", FALSE, 0, 0, FALSE },
    { "很快", FALSE, 0, 0, FALSE },
    { "30周", FALSE, 0, 0, FALSE },
  };
  const struct
  {
    const char *text;
    gboolean ok;
    BsItemType type;
  } types[] = {
    { "行政许可", TRUE, BS_ITEM_TYPE_LICENSING },
    { "许可", TRUE, BS_ITEM_TYPE_LICENSING },
    { "公共服务", TRUE, BS_ITEM_TYPE_PUBLIC_SERVICE },
    { "公共服务事项", TRUE, BS_ITEM_TYPE_PUBLIC_SERVICE },
    { "其他行政权力", TRUE, BS_ITEM_TYPE_OTHER_POWER },
    { "行政奖励", TRUE, BS_ITEM_TYPE_REWARD },
    { "行政确认", TRUE, BS_ITEM_TYPE_CONFIRMATION },
    { "行政给付", TRUE, BS_ITEM_TYPE_BENEFIT },
    { "行政裁决", TRUE, BS_ITEM_TYPE_ADJUDICATION },
    { "行政备案", TRUE, BS_ITEM_TYPE_FILING },
    { "行政处罚", TRUE, BS_ITEM_TYPE_PENALTY },
    { "01", TRUE, BS_ITEM_TYPE_LICENSING },
    { "09", TRUE, BS_ITEM_TYPE_ADJUDICATION },
    { "licensing", TRUE, BS_ITEM_TYPE_LICENSING },
    { "public-service", TRUE, BS_ITEM_TYPE_PUBLIC_SERVICE },
    { "魔法", FALSE, 0 },
    { "", FALSE, 0 },
  };
  const struct
  {
    const char *text;
    gboolean ok;
    guint flags;
  } objects[] = {
    { "自然人；企业法人", TRUE, BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_ENTERPRISE },
    { "[\"自然人\", \"行政机关\"]", TRUE, BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_GOVERNMENT },
    { "自然人、事业单位法人、社会组织法人、非法人企业、其他组织", TRUE,
      BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_PUBLIC_INSTITUTION |
      BS_SERVICE_OBJECT_SOCIAL_ORGANISATION | BS_SERVICE_OBJECT_UNINCORPORATED | BS_SERVICE_OBJECT_OTHER },
    { "事业法人,企业法人", TRUE, BS_SERVICE_OBJECT_PUBLIC_INSTITUTION | BS_SERVICE_OBJECT_ENTERPRISE },
    { "1,2", TRUE, BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_ENTERPRISE },
    { "person;enterprise", TRUE, BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_ENTERPRISE },
    { "无", TRUE, 0 },
    { "", TRUE, 0 },
    { "外星人", FALSE, 0 },
  };
  const struct
  {
    const char *text;
    gboolean ok;
    BsHandling handling;
  } handlings[] = {
    { "即办件", TRUE, BS_HANDLING_ON_THE_SPOT },
    { "即办", TRUE, BS_HANDLING_ON_THE_SPOT },
    { "1", TRUE, BS_HANDLING_ON_THE_SPOT },
    { "承诺件", TRUE, BS_HANDLING_COMMITTED },
    { "2", TRUE, BS_HANDLING_COMMITTED },
    { "on-the-spot", TRUE, BS_HANDLING_ON_THE_SPOT },
    { "随便", FALSE, 0 },
  };
  const struct
  {
    const char *text;
    gboolean ok;
    int visits;
  } visits[] = {
    { "0", TRUE, 0 },
    { "1次", TRUE, 1 },
    { " 2 ", TRUE, 2 },
    { "99", TRUE, 99 },
    { "无", TRUE, -1 },
    { "100", FALSE, 0 },
    { "一次", FALSE, 0 },
    { "1次半", FALSE, 0 },
  };
  const struct
  {
    const char *text;
    const char *expected[6];
  } lists[] = {
    { "a；b;c、d\ne", { "a", "b", "c", "d", "e", NULL } },
    { "[\"身份证、户口本\", \"无\", \" 照片 \"]", { "身份证、户口本", "照片", NULL } },
    { "无", { NULL } },
    { "", { NULL } },
    { "1. 身份证\n2．户口本\r\n（3）照片\n4、申请表", { "身份证", "户口本", "照片", "申请表", NULL } },
    { "1寸照片", { "1寸照片", NULL } },
    { "营业执照；\n；无；", { "营业执照", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      int days = -7;
      BsLimitUnit unit = 99;
      gboolean spot = 99;
      gboolean ok = bs_item_import_parse_limit (limits[i].text, &days, &unit, &spot);

      g_test_message ("limit %s", limits[i].text);
      g_assert_cmpint (ok, ==, limits[i].ok);
      if (!ok)
        continue;
      g_assert_cmpint (days, ==, limits[i].days);
      g_assert_cmpint (unit, ==, limits[i].unit);
      g_assert_cmpint (spot, ==, limits[i].on_the_spot);
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      BsItemType type = 99;

      g_test_message ("type %s", types[i].text);
      g_assert_cmpint (bs_item_import_parse_type (types[i].text, &type), ==, types[i].ok);
      if (types[i].ok)
        g_assert_cmpint (type, ==, types[i].type);
    }
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      guint flags = 999;

      g_test_message ("objects %s", objects[i].text);
      g_assert_cmpint (bs_item_import_parse_service_objects (objects[i].text, &flags), ==, objects[i].ok);
      if (objects[i].ok)
        g_assert_cmphex (flags, ==, objects[i].flags);
    }
  for (guint i = 0; i < G_N_ELEMENTS (handlings); i++)
    {
      BsHandling handling = 99;

      g_assert_cmpint (bs_item_import_parse_handling (handlings[i].text, &handling), ==, handlings[i].ok);
      if (handlings[i].ok)
        g_assert_cmpint (handling, ==, handlings[i].handling);
    }
  for (guint i = 0; i < G_N_ELEMENTS (visits); i++)
    {
      int n = -7;

      g_test_message ("visits %s", visits[i].text);
      g_assert_cmpint (bs_item_import_parse_visits (visits[i].text, &n), ==, visits[i].ok);
      if (visits[i].ok)
        g_assert_cmpint (n, ==, visits[i].visits);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GPtrArray) names = bs_item_import_parse_list (lists[i].text);

      g_test_message ("list %s", lists[i].text);
      assert_names (names, (const char **) lists[i].expected);
    }
}

/* --- A small catalogue, written every way --- */

static const char *small_header[] = {
  "事项编码", "事项名称", "实施机构", "事项类型", "服务对象", "法定办结时限", "承诺办结时限",
  "到办事现场次数", "办理地点", "申请材料", NULL,
};

static const char *small_rows[][10] = {
  { "11440000MB2C0001", "食品经营许可", "市场监督管理局", "行政许可", "自然人；企业法人",
    "20(工作日)", "即办", "1", "办理地点：某路1号",
    "1、营业执照复印件\n2、法定代表人身份证；食品安全管理制度" },
  { "11440000MB2C0002", "户外招牌设置 \"大型\"", "城市管理局", "其他行政权力", "企业法人",
    "30天", "10个工作日", "0", "无", "[\"申请表\",\"设计图\"]" },
  { "11440000MB2C0003", "公众聚集场所投入使用前消防安全检查", "消防救援支队", "行政许可",
    "[\"企业法人\",\"其他组织\"]", "无", "7(工作日)", "2", "", "场所平面图、消防设施清单" },
  { "", "开办餐饮店咨询", "市场监督管理局", "公共服务", "自然人", "", "", "", "大厅 3 号窗口",
    "身份证, 复印件" },
};

static void
append_field (GString    *out,
              const char *value,
              char        delimiter,
              gboolean    quote_all)
{
  gboolean quote = quote_all || strchr (value, delimiter) != NULL || strchr (value, '"') != NULL ||
                   strchr (value, '\n') != NULL;

  if (!quote)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      if (*p == '\n' && quote_all)
        g_string_append_c (out, '\r');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
small_csv (char        delimiter,
           const char *newline,
           gboolean    quote_all)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; small_header[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, delimiter);
      append_field (out, small_header[i], delimiter, quote_all);
    }
  g_string_append (out, newline);
  for (guint r = 0; r < G_N_ELEMENTS (small_rows); r++)
    {
      for (guint i = 0; i < 10; i++)
        {
          if (i > 0)
            g_string_append_c (out, delimiter);
          append_field (out, small_rows[r][i], delimiter, quote_all);
        }
      g_string_append (out, newline);
    }
  return g_string_free (out, FALSE);
}

static char *
small_jsonl (void)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (small_rows); r++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; i < 10; i++)
        {
          json_builder_set_member_name (builder, small_header[i]);
          json_builder_add_string_value (builder, small_rows[r][i]);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      line = json_to_string (root, FALSE);
      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

static void
check_small (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) first = bs_catalogue_find_item (cat, "11440000MB2C0001", &error);
  g_autoptr(BsItem) second = bs_catalogue_find_item (cat, "11440000MB2C0002", &error);
  g_autoptr(BsItem) third = bs_catalogue_find_item (cat, "11440000MB2C0003", &error);
  g_autoptr(BsDepartment) department = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *first_materials[] = { "营业执照复印件", "法定代表人身份证", "食品安全管理制度", NULL };
  const char *second_materials[] = { "申请表", "设计图", NULL };
  const char *third_materials[] = { "场所平面图", "消防设施清单", NULL };

  g_assert_no_error (error);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 4);
  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 3);
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 8);

  g_assert_nonnull (first);
  g_assert_cmpstr (first->name, ==, "食品经营许可");
  g_assert_cmpint (first->type, ==, BS_ITEM_TYPE_LICENSING);
  g_assert_cmphex (first->service_objects, ==, BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_ENTERPRISE);
  g_assert_cmpint (first->legal_limit, ==, 20);
  g_assert_cmpint (first->legal_limit_unit, ==, BS_LIMIT_UNIT_WORKING_DAYS);
  g_assert_cmpint (first->committed_limit, ==, 0);
  g_assert_cmpint (first->handling, ==, BS_HANDLING_ON_THE_SPOT);
  g_assert_cmpint (first->visits, ==, 1);
  g_assert_cmpstr (first->place, ==, "某路1号");
  department = bs_catalogue_get_department (cat, first->department_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (department->name, ==, "市场监督管理局");
  names = material_names (cat, first->id);
  assert_names (names, first_materials);
  g_clear_pointer (&names, g_ptr_array_unref);

  g_assert_nonnull (second);
  g_assert_cmpstr (second->name, ==, "户外招牌设置 \"大型\"");
  g_assert_cmpint (second->type, ==, BS_ITEM_TYPE_OTHER_POWER);
  g_assert_cmpint (second->legal_limit, ==, 30);
  g_assert_cmpint (second->legal_limit_unit, ==, BS_LIMIT_UNIT_CALENDAR_DAYS);
  g_assert_cmpint (second->committed_limit, ==, 10);
  g_assert_cmpint (second->handling, ==, BS_HANDLING_COMMITTED);
  g_assert_cmpint (second->visits, ==, 0);
  g_assert_cmpstr (second->place, ==, "");
  names = material_names (cat, second->id);
  assert_names (names, second_materials);
  g_clear_pointer (&names, g_ptr_array_unref);

  g_assert_nonnull (third);
  g_assert_cmpint (third->legal_limit, ==, -1);
  g_assert_cmpint (third->committed_limit, ==, 7);
  g_assert_cmpint (third->visits, ==, 2);
  g_assert_cmphex (third->service_objects, ==, BS_SERVICE_OBJECT_ENTERPRISE | BS_SERVICE_OBJECT_OTHER);
  names = material_names (cat, third->id);
  assert_names (names, third_materials);

  /* The item without a code got a stable one. */
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE code LIKE 'item-%'"
                                   " AND name = '开办餐饮店咨询' AND item_type = 'public-service'"), ==, 1);
}

static void
test_small_csv (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *csv = small_csv (',', "\n", FALSE);
  g_autoptr(BsItemImportReport) report = import_data (cat, csv, -1, 0);

  g_assert_cmpuint (report->imported, ==, 4);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->departments_created, ==, 3);
  g_assert_cmpuint (report->materials, ==, 8);
  g_assert_false (report->dry_run);
  check_small (cat);

  /* One undoable edit, named by its count. */
  g_assert_true (bs_catalogue_can_undo (cat));
  g_assert_nonnull (strstr (bs_catalogue_get_undo_label (cat), "4"));
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, report->label);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (bs_catalogue_undo (cat, &error));
    g_assert_no_error (error);
    g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 0);
    g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 0);
    g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 0);
    g_assert_false (bs_catalogue_can_undo (cat));
  }
}

/* The same catalogue as GB18030 with CRLF and quoted newlines, as UTF-8
 * with a byte order mark, with semicolons, with tabs and as JSON Lines:
 * identical catalogues. */
static void
test_same_everywhere (void)
{
  g_autofree char *reference_csv = small_csv (',', "\n", FALSE);
  g_autoptr(BsCatalogue) reference = new_catalogue ();
  g_autoptr(BsItemImportReport) first = import_data (reference, reference_csv, -1, 0);
  g_autofree char *expected = dump (reference);
  g_autofree char *gb_source = small_csv (',', "\r\n", TRUE);
  g_autofree char *gb = NULL;
  g_autofree char *utf8 = small_csv (',', "\r\n", FALSE);
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", utf8, NULL);
  g_autofree char *semicolon = small_csv (';', "\n", FALSE);
  g_autofree char *tab = small_csv ('\t', "\n", TRUE);
  g_autofree char *jsonl = small_jsonl ();
  gsize gb_length;
  g_autoptr(GError) error = NULL;

  gb = g_convert (gb_source, -1, "GB18030", "UTF-8", NULL, &gb_length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (gb_source, "\"1、营业执照复印件\r\n2、"));

  {
    const struct
    {
      const char *name;
      const char *data;
      gssize length;
      BsCsvEncoding encoding;
      gunichar delimiter;
    } variants[] = {
      { "GB18030, CRLF, quoted newlines", gb, (gssize) gb_length, BS_CSV_ENCODING_GB18030, ',' },
      { "GB18030, detected", gb, (gssize) gb_length, BS_CSV_ENCODING_AUTO, 0 },
      { "UTF-8 with BOM", bom, -1, BS_CSV_ENCODING_AUTO, 0 },
      { "semicolons", semicolon, -1, BS_CSV_ENCODING_AUTO, 0 },
      { "tabs", tab, -1, BS_CSV_ENCODING_UTF8, '\t' },
      { "JSON Lines", jsonl, -1, BS_CSV_ENCODING_AUTO, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
      {
        g_autoptr(BsCatalogue) cat = new_catalogue ();
        g_autoptr(BsItemImport) import = NULL;
        g_autoptr(BsItemImportReport) report = NULL;
        g_autofree char *got = NULL;

        g_test_message ("%s", variants[i].name);
        import = open_data (variants[i].data, variants[i].length, BS_ITEM_IMPORT_FORMAT_AUTO,
                            variants[i].encoding, variants[i].delimiter, &error);
        g_assert_no_error (error);
        if (i == 5)
          g_assert_cmpint (bs_item_import_get_format (import), ==, BS_ITEM_IMPORT_FORMAT_JSON_LINES);
        else
          g_assert_cmpint (bs_item_import_get_format (import), ==, BS_ITEM_IMPORT_FORMAT_CSV);
        if (i <= 1)
          g_assert_cmpint (bs_item_import_get_encoding (import), ==, BS_CSV_ENCODING_GB18030);
        if (i == 3)
          g_assert_cmpuint (bs_item_import_get_delimiter (import), ==, ';');
        g_assert_cmpuint (bs_item_import_get_n_columns (import), ==, 10);
        g_assert_cmpuint (bs_item_import_get_n_preview_rows (import), ==, 4);
        g_assert_cmpstr (bs_item_import_get_column_name (import, 1), ==, "事项名称");
        g_assert_cmpstr (bs_item_import_get_preview_row (import, 1)[1], ==, "户外招牌设置 \"大型\"");
        report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (report->imported, ==, 4);
        check_small (cat);
        got = dump (cat);
        g_assert_cmpstr (got, ==, expected);
      }
  }
}

static void
test_reimport (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *csv = small_csv (',', "\n", FALSE);
  g_autoptr(BsItemImportReport) first = import_data (cat, csv, -1, 0);
  g_autoptr(BsItemImportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) before = bs_catalogue_find_item (cat, "11440000MB2C0001", &error);
  g_autoptr(BsItem) other = bs_catalogue_find_item (cat, "11440000MB2C0002", &error);
  g_autoptr(BsItem) after = NULL;
  g_autoptr(BsItem) other_after = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) other_materials = NULL;
  gint64 other_material_id;
  const char *new_materials[] = { "营业执照", "健康证明", NULL };
  const char *update =
    "事项编码,事项名称,实施机构,承诺办结时限,申请材料\n"
    "11440000MB2C0001,食品经营许可（新办）,市场监督管理局,5个工作日,营业执照；健康证明\n"
    "11440000MB2C0002,\"户外招牌设置 \"\"大型\"\"\",城市管理局,10个工作日,\"[\"\"申请表\"\",\"\"设计图\"\"]\"\n"
    "11440000MB2C0009,新事项,新部门,无,无\n";

  g_assert_no_error (error);
  /* An element the file does not hold is kept. */
  g_free (other->hours);
  other->hours = g_strdup ("工作日 9:00–17:00");
  g_assert_true (bs_catalogue_update_item (cat, other, &error));
  g_assert_no_error (error);
  other_materials = bs_catalogue_list_materials (cat, other->id, &error);
  other_material_id = ((BsMaterial *) g_ptr_array_index (other_materials, 0))->id;

  second = import_data (cat, update, -1, 0);
  g_assert_cmpuint (second->imported, ==, 1);
  g_assert_cmpuint (second->updated, ==, 2);
  g_assert_cmpuint (second->skipped, ==, 0);
  g_assert_cmpuint (second->departments_created, ==, 1);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 5);
  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 4);

  after = bs_catalogue_find_item (cat, "11440000MB2C0001", &error);
  g_assert_cmpint (after->id, ==, before->id);
  g_assert_cmpstr (after->name, ==, "食品经营许可（新办）");
  g_assert_cmpint (after->committed_limit, ==, 5);
  /* Not in the file: kept. */
  g_assert_cmpint (after->legal_limit, ==, 20);
  g_assert_cmpint (after->visits, ==, 1);
  g_assert_cmpstr (after->place, ==, "某路1号");
  names = material_names (cat, after->id);
  assert_names (names, new_materials);

  other_after = bs_catalogue_find_item (cat, "11440000MB2C0002", &error);
  g_assert_cmpint (other_after->id, ==, other->id);
  g_assert_cmpstr (other_after->hours, ==, "工作日 9:00–17:00");
  g_assert_cmpint (other_after->legal_limit, ==, 30);
  /* The same materials are left as they are. */
  g_clear_pointer (&other_materials, g_ptr_array_unref);
  other_materials = bs_catalogue_list_materials (cat, other->id, &error);
  g_assert_cmpuint (other_materials->len, ==, 2);
  g_assert_cmpint (((BsMaterial *) g_ptr_array_index (other_materials, 0))->id, ==, other_material_id);

  /* Importing the first file again: everything updated, nothing added. */
  {
    g_autoptr(BsItemImportReport) third = import_data (cat, csv, -1, 0);

    g_assert_cmpuint (third->imported, ==, 0);
    g_assert_cmpuint (third->updated, ==, 4);
    g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 5);
    g_clear_pointer (&after, bs_item_free);
    after = bs_catalogue_find_item (cat, "11440000MB2C0001", &error);
    g_assert_cmpstr (after->name, ==, "食品经营许可");
    g_assert_cmpint (after->handling, ==, BS_HANDLING_ON_THE_SPOT);
  }
}

static void
test_skips (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  const char *csv =
    "事项编码,事项名称,实施机构,法定办结时限,到办事现场次数,事项类型,服务对象\n"   /* 1 */
    "A1,\"有效\n事项\",部门甲,20(工作日),1,行政许可,自然人\n"                   /* 2–3, row 1 */
    "A2,,部门甲,,,,\n"                                                          /* 4, row 2 */
    ",,部门甲,,,,\n"                                                            /* 5, row 3 */
    "A4,时限过长,部门甲,4000天,,,\n"                                            /* 6, row 4 */
    "A5,时限不明,部门甲,很快,,,\n"                                              /* 7, row 5 */
    "A6,次数太多,部门甲,,100,,\n"                                               /* 8, row 6 */
    "A7,类型不明,部门甲,,,魔法类型,\n"                                          /* 9, row 7 */
    "A8,对象不明,部门甲,,,,外星人\n"                                            /* 10, row 8 */
    "A1,重复编码,部门甲,,,,\n"                                                  /* 11, row 9 */
    "A10,无部门,,,,,\n"                                                         /* 12, row 10 */
    "A11,多余字段,部门甲,,,,,extra\n"                                           /* 13, row 11 */
    ",,,,,,\n"                                                                  /* 14, row 12: blank */
    ",无编码事项,部门乙,,,,\n";                                                 /* 15, row 13 */
  const struct
  {
    guint64 line;
    guint64 row;
    const char *reason;
  } expected[] = {
    { 4, 2, "no name" },
    { 5, 3, "no code and no name" },
    { 6, 4, "out of range" },
    { 7, 5, "not understood" },
    { 8, 6, "out of range" },
    { 9, 7, "unknown item type “魔法类型”" },
    { 10, 8, "unknown service object “外星人”" },
    { 11, 9, "already used on line 2" },
    { 12, 10, "no department" },
    { 13, 11, "8 fields where the header has 7" },
  };
  g_autoptr(BsItemImportReport) report = import_data (cat, csv, -1, 0);

  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (report->skips->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (report->departments_created, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);

      g_test_message ("line %" G_GUINT64_FORMAT ": %s", skip->line, skip->reason);
      g_assert_cmpuint (skip->line, ==, expected[i].line);
      g_assert_cmpuint (skip->row, ==, expected[i].row);
      g_assert_nonnull (strstr (skip->reason, expected[i].reason));
    }
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 2);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE code = 'A1' AND name = '有效\n事项'"),
                   ==, 1);
}

static void
test_mapping (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItemImport) import = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(BsItem) item = NULL;
  const char *csv = "编号,名目,主管,时间,备注\n"
                    "X1,证明开具,街道办,5天,x\n";

  import = open_data (csv, -1, BS_ITEM_IMPORT_FORMAT_CSV, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (bs_item_import_get_mapping (import, i), ==, BS_ITEM_FIELD_NONE);

  g_assert_false (bs_item_import_map (import, "不存在=name", &error));
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_false (bs_item_import_map (import, "名目=bogus", &error));
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_false (bs_item_import_map (import, "名目", &error));
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);

  g_assert_true (bs_item_import_map (import, "名目=name", &error));
  g_assert_true (bs_item_import_map (import, "主管=实施机构", &error));
  g_assert_true (bs_item_import_map (import, "4=legal-limit", &error));
  g_assert_true (bs_item_import_map (import, "编号=code", &error));
  g_assert_true (bs_item_import_map (import, "备注=place", &error));
  g_assert_no_error (error);
  /* A field is held by one column: moving it frees the other. */
  g_assert_true (bs_item_import_map (import, "编号=place", &error));
  g_assert_cmpint (bs_item_import_get_mapping (import, 4), ==, BS_ITEM_FIELD_NONE);
  g_assert_true (bs_item_import_map (import, "编号=code", &error));
  g_assert_cmpint (bs_item_import_get_mapping (import, 1), ==, BS_ITEM_FIELD_NAME);
  g_assert_cmpint (bs_item_import_get_mapping (import, 2), ==, BS_ITEM_FIELD_DEPARTMENT);
  g_assert_cmpint (bs_item_import_get_mapping (import, 3), ==, BS_ITEM_FIELD_LEGAL_LIMIT);

  report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 1);
  item = bs_catalogue_find_item (cat, "X1", &error);
  g_assert_nonnull (item);
  g_assert_cmpstr (item->name, ==, "证明开具");
  g_assert_cmpint (item->legal_limit, ==, 5);
  g_assert_cmpint (item->legal_limit_unit, ==, BS_LIMIT_UNIT_CALENDAR_DAYS);
  g_assert_cmpstr (item->place, ==, "");

  /* Once only. */
  g_clear_pointer (&report, bs_item_import_report_free);
  report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_USED);
}

static void
test_unusable_files (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItemImport) header_only = open_data ("事项名称,实施机构\n", -1, 0, 0, 0, &error);
  g_autoptr(BsItemImport) no_name = NULL;
  g_autoptr(BsItemImportReport) report = NULL;

  g_assert_null (header_only);
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_NO_ROWS);
  g_assert_true (g_str_has_prefix (error->message, "Line 1:"));
  g_clear_error (&error);

  no_name = open_data ("事项编码,实施机构\nA,B\n", -1, 0, 0, 0, &error);
  g_assert_no_error (error);
  report = bs_item_import_run (no_name, cat, 0, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);

  {
    g_autoptr(BsItemImport) bad_json = open_data ("{\"事项名称\": \"a\", \"部门\": \"b\"}\n{oops\n",
                                                  -1, 0, 0, 0, &error);
    g_autoptr(GString) late = g_string_new (NULL);
    g_autoptr(BsItemImport) late_bad = NULL;

    /* Within the preview: refused at once. */
    g_assert_null (bad_json);
    g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, "Line 2:"));
    g_clear_error (&error);

    /* Later: the run fails and writes nothing. */
    for (guint i = 0; i < 30; i++)
      g_string_append_printf (late, "{\"事项名称\": \"a%u\", \"部门\": \"b\"}\n", i);
    g_string_append (late, "\n[1, 2]\n");
    late_bad = open_data (late->str, -1, 0, 0, 0, &error);
    g_assert_no_error (error);
    report = bs_item_import_run (late_bad, cat, 0, NULL, NULL, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, BS_ITEM_IMPORT_ERROR, BS_ITEM_IMPORT_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, "Line 32:"));
  }
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 0);
}

/* --- Cancel, failure and dry run leave the catalogue as it was --- */

static char *
big_csv (guint n_rows,
         guint broken_row)
{
  GString *out = g_string_new ("实施编码,事项名称,实施机构,承诺办结时限,申请材料\n");

  for (guint i = 1; i <= n_rows; i++)
    {
      if (i == broken_row)
        g_string_append_printf (out, "B%05u,\"broken,部门%u,1,\n", i, i % 7);
      else
        g_string_append_printf (out, "B%05u,事项%u,部门%u,%u(工作日),材料甲%u；材料乙\n",
                                i, i, i % 7, i % 30, i);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GCancellable *cancellable;
  double cancel_at;
  double last;
  guint calls;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  progress->last = fraction;
  progress->calls++;
  if (progress->cancellable != NULL && fraction >= progress->cancel_at)
    g_cancellable_cancel (progress->cancellable);
}

static BsCatalogue *
seeded_catalogue (void)
{
  BsCatalogue *cat = new_catalogue ();
  g_autofree char *csv = small_csv (',', "\n", FALSE);
  g_autoptr(BsItemImportReport) report = import_data (cat, csv, -1, 0);

  return cat;
}

static void
test_cancel (void)
{
  const double cancel_points[] = { 0.0, 0.7 };

  for (guint i = 0; i < G_N_ELEMENTS (cancel_points); i++)
    {
      g_autoptr(BsCatalogue) cat = seeded_catalogue ();
      g_autofree char *before = dump (cat);
      g_autofree char *after = NULL;
      g_autofree char *undo_label = g_strdup (bs_catalogue_get_undo_label (cat));
      g_autofree char *csv = big_csv (3000, 0);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BsItemImport) import = open_data (csv, -1, 0, 0, 0, &error);
      Progress progress = { cancellable, cancel_points[i], 0.0, 0 };
      BsItemImportReport *report;

      g_assert_no_error (error);
      if (cancel_points[i] == 0.0)
        g_cancellable_cancel (cancellable);
      report = bs_item_import_run (import, cat, 0, on_progress, &progress, cancellable, &error);
      g_assert_null (report);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (cancel_points[i] > 0.5)
        g_assert_cmpfloat (progress.last, >=, 0.7);
      after = dump (cat);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, undo_label);
      g_assert_false (bs_catalogue_in_edit (cat));
    }
}

static void
test_failure (void)
{
  g_autoptr(BsCatalogue) cat = seeded_catalogue ();
  g_autofree char *before = dump (cat);
  g_autofree char *after = NULL;
  g_autofree char *csv = big_csv (3000, 2500);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItemImport) import = open_data (csv, -1, 0, 0, 0, &error);
  BsItemImportReport *report;

  g_assert_no_error (error);
  report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BS_CSV_ERROR, BS_CSV_ERROR_QUOTE);
  g_assert_true (g_str_has_prefix (error->message, "Line 2501:"));
  after = dump (cat);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 4);
}

/* Every kind of malformed file: the error names the line, and the
 * catalogue is exactly as it was, whether the error shows when the file is
 * opened (header and preview) or during the run. */
typedef struct
{
  const char *name;
  GBytes *data;
  BsCsvEncoding encoding;
  guint64 line;
} Broken;

static GBytes *
with_good_rows (const char *tail,
                gsize       tail_length,
                gboolean    gb18030)
{
  g_autoptr(GString) text = g_string_new ("实施编码,事项名称,实施机构\n");
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  /* 30 rows: past the preview, so the error comes during the run. */
  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (text, "G%03u,第%u项行政许可事项,市场监督管理局\n", i, i);
  if (gb18030)
    {
      gsize length;
      g_autofree char *converted = g_convert (text->str, -1, "GB18030", "UTF-8", NULL, &length, NULL);

      g_byte_array_append (bytes, (const guint8 *) converted, (guint) length);
    }
  else
    g_byte_array_append (bytes, (const guint8 *) text->str, text->len);
  g_byte_array_append (bytes, (const guint8 *) tail, (guint) tail_length);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
jsonl_with (const char *tail,
            gsize       tail_length)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (text, "{\"TASK_CODE\": \"J%03u\", \"TASK_NAME\": \"事项%u\", "
                            "\"DEPT_NAME\": \"部门\"}\n", i, i);
  g_string_append_len (text, tail, (gssize) tail_length);
  return g_bytes_new (text->str, text->len);
}

#define TAIL(literal) literal, sizeof literal - 1

static void
test_malformed_untouched (void)
{
  g_autoptr(GString) many_fields = g_string_new ("G999");
  g_autoptr(GString) long_field = g_string_new ("G999,\"");
  g_autoptr(GString) early_quote = g_string_new ("实施编码,事项名称,实施机构\nA,B,C\nA2,\"never closed,C\n");

  for (guint i = 0; i < 5000; i++)
    g_string_append (many_fields, ",x");
  g_string_append_c (many_fields, '\n');
  for (guint i = 0; i < BS_CSV_DEFAULT_MAX_FIELD_BYTES / 8 + 10; i++)
    g_string_append (long_field, "长字段长字");
  g_string_append (long_field, "\",部门\n");
  for (guint i = 0; i < 40; i++)
    g_string_append (early_quote, "G,名,部门\n");

  {
    Broken cases[] = {
      { "unterminated quote", with_good_rows (TAIL ("G999,\"never closed,部门\n"), FALSE), 0, 32 },
      { "text after a closing quote", with_good_rows (TAIL ("\"G999\"x,名,部门\n"), FALSE), 0, 32 },
      { "space after a closing quote", with_good_rows (TAIL ("\"G999\" ,名,部门\n"), FALSE), 0, 32 },
      { "quote inside a field", with_good_rows (TAIL ("G999,a\"b,部门\n"), FALSE), 0, 32 },
      { "NUL in a field", with_good_rows (TAIL ("G999,a\0b,部门\n"), FALSE), 0, 32 },
      { "NUL in a quoted field", with_good_rows (TAIL ("G999,\"a\n\0b\",部门\n"), FALSE), 0, 33 },
      { "invalid UTF-8 (forced)", with_good_rows (TAIL ("G999,\xff,部门\n"), FALSE),
        BS_CSV_ENCODING_UTF8, 32 },
      { "invalid UTF-8 (detected)", with_good_rows (TAIL ("G999,\xff\xfe,部门\n"), FALSE), 0, 32 },
      { "invalid GB18030 (detected)", with_good_rows (TAIL ("G999,\x81\x20,部门\n"), TRUE), 0, 32 },
      { "invalid GB18030 (forced)", with_good_rows (TAIL ("G999,\xff,部门\n"), TRUE),
        BS_CSV_ENCODING_GB18030, 32 },
      { "truncated UTF-8", with_good_rows (TAIL ("G999,\xe4\xb8"), FALSE), BS_CSV_ENCODING_UTF8, 32 },
      { "truncated GB18030", with_good_rows (TAIL ("G999,\x81"), TRUE), BS_CSV_ENCODING_GB18030, 32 },
      { "too many fields", with_good_rows (many_fields->str, many_fields->len, FALSE), 0, 32 },
      { "field over the size limit", with_good_rows (long_field->str, long_field->len, FALSE), 0, 32 },
      { "quote never closed, opened in the preview", g_bytes_new (early_quote->str, early_quote->len), 0, 3 },
      { "empty file", g_bytes_new_static ("", 0), 0, 1 },
      { "blank lines only", g_bytes_new_static ("\n\r\n\n", 4), 0, 4 },
      { "header only", g_bytes_new_static ("事项名称,实施机构\r\n", strlen ("事项名称,实施机构\r\n")), 0, 1 },
      { "spreadsheet workbook", g_bytes_new_static ("PK\x03\x04\x14\0\x06\0", 8), 0, 1 },
      { "UTF-16", g_bytes_new_static ("\xff\xfe\x8b\x4e\x79\x98", 6), 0, 1 },
      { "JSON Lines: bad JSON", jsonl_with (TAIL ("{\"TASK_NAME\": }\n")), 0, 31 },
      { "JSON Lines: not an object", jsonl_with (TAIL ("\n[\"TASK_NAME\"]\n")), 0, 32 },
      { "JSON Lines: invalid UTF-8", jsonl_with (TAIL ("{\"TASK_NAME\": \"\xff\"}\n")), 0, 31 },
      { "JSON Lines: NUL", jsonl_with (TAIL ("{\"TASK_NAME\": \"a\0\"}\n")), 0, 31 },
    };

    g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 20);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(BsCatalogue) cat = seeded_catalogue ();
        g_autofree char *before = dump (cat);
        g_autofree char *after = NULL;
        g_autofree char *prefix = g_strdup_printf ("Line %" G_GUINT64_FORMAT ":", cases[i].line);
        g_autoptr(GError) error = NULL;
        g_autoptr(BsItemImport) import = NULL;
        g_autoptr(BsItemImportReport) report = NULL;
        gsize length;
        const char *data = g_bytes_get_data (cases[i].data, &length);

        import = open_data (data, (gssize) length, BS_ITEM_IMPORT_FORMAT_AUTO, cases[i].encoding, 0,
                            &error);
        if (import != NULL)
          {
            g_assert_no_error (error);
            report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
            g_assert_null (report);
          }
        g_test_message ("%s: %s", cases[i].name, error != NULL ? error->message : "(no error)");
        g_assert_nonnull (error);
        g_assert_true (g_str_has_prefix (error->message, prefix));
        after = dump (cat);
        g_assert_cmpstr (after, ==, before);
        g_assert_false (bs_catalogue_in_edit (cat));
        g_bytes_unref (cases[i].data);
      }
  }
}

static void
test_dry_run (void)
{
  g_autoptr(BsCatalogue) cat = seeded_catalogue ();
  g_autofree char *before = dump (cat);
  g_autofree char *after = NULL;
  g_autofree char *csv = big_csv (3000, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItemImport) import = open_data (csv, -1, 0, 0, 0, &error);
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(BsItemImportReport) real = NULL;
  Progress progress = { NULL, 0.0, 0.0, 0 };

  g_assert_no_error (error);
  report = bs_item_import_run (import, cat, BS_ITEM_IMPORT_DRY_RUN, on_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->dry_run);
  g_assert_cmpuint (report->imported, ==, 3000);
  g_assert_cmpuint (report->departments_created, ==, 7);
  g_assert_cmpuint (report->materials, ==, 6000);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >, 10);
  after = dump (cat);
  g_assert_cmpstr (after, ==, before);

  /* The real run reports the same. */
  real = import_data (cat, csv, -1, 0);
  g_assert_cmpuint (real->imported, ==, report->imported);
  g_assert_cmpuint (real->departments_created, ==, report->departments_created);
  g_assert_cmpstr (real->label, ==, report->label);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 3004);
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 8 + 6000);
  /* Searchable at once. */
  {
    g_autoptr(GArray) found = bs_catalogue_search_items (cat, "事项2999", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }
}

static void
test_file (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-item-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "items.csv", NULL);
  g_autofree char *csv = small_csv (',', "\r\n", TRUE);
  g_autoptr(BsItemImport) import = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(BsItemImport) missing = NULL;
  g_autofree char *missing_path = g_build_filename (dir, "missing.csv", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  import = bs_item_import_open (path, BS_ITEM_IMPORT_FORMAT_AUTO, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_small (cat);

  missing = bs_item_import_open (missing_path, 0, 0, 0, &error);
  g_assert_null (missing);
  g_assert_error (error, BS_CSV_ERROR, BS_CSV_ERROR_IO);

  g_unlink (path);
  g_rmdir (dir);
}

/* --- The Guangdong portal --- */

static char *
guangdong_path (void)
{
  const char *shared = g_getenv ("BANSHI_SHARED_DIR");
  g_autofree char *from_source = NULL;

  if (shared == NULL && g_getenv ("BANSHI_SOURCE_DIR") != NULL)
    shared = from_source = g_build_filename (g_getenv ("BANSHI_SOURCE_DIR"), "..", "shared", NULL);
  if (shared == NULL)
    return NULL;
  return g_build_filename (shared, "data", "guangdong", "policy.jsonl", NULL);
}

static gboolean
is_none_text (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return copy[0] == '\0' || strcmp (copy, "无") == 0;
}

static void
test_guangdong (void)
{
  g_autofree char *path = guangdong_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_items = 0, n_materials = 0, n_no_legal_limit = 0, n_calendar = 0, n_public = 0;
  guint n_person = 0;
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(BsItemImport) import = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(BsItemImportReport) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 start;

  /* The expected numbers, straight from the file. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonObject *object;
      JsonNode *materials;
      JsonArray *objects;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      object = json_node_get_object (json_parser_get_root (parser));
      n_items++;
      g_hash_table_add (departments, g_strdup (json_object_get_string_member (object, "DEPT_NAME")));
      materials = json_object_get_member (object, "material_intro");
      if (JSON_NODE_HOLDS_ARRAY (materials))
        {
          JsonArray *array = json_node_get_array (materials);

          for (guint j = 0; j < json_array_get_length (array); j++)
            n_materials += !is_none_text (json_array_get_string_element (array, j));
        }
      else
        n_materials += !is_none_text (json_node_get_string (materials));
      if (is_none_text (json_object_get_string_member (object, "handle_time")))
        n_no_legal_limit++;
      if (strstr (json_object_get_string_member (object, "handle_time"), "自然日") != NULL)
        n_calendar++;
      if (strcmp (json_object_get_string_member (object, "TASK_TYPE_TEXT"), "公共服务") == 0)
        n_public++;
      objects = json_object_get_array_member (object, "service_object_name");
      for (guint j = 0; j < json_array_get_length (objects); j++)
        n_person += strcmp (json_array_get_string_element (objects, j), "自然人") == 0;
    }
  g_assert_cmpuint (n_items, ==, 2262);
  g_test_message ("%u items, %u departments, %u materials", n_items,
                  g_hash_table_size (departments), n_materials);

  import = bs_item_import_open (path, BS_ITEM_IMPORT_FORMAT_AUTO, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_item_import_get_format (import), ==, BS_ITEM_IMPORT_FORMAT_JSON_LINES);
  for (guint i = 0; i < bs_item_import_get_n_columns (import); i++)
    {
      const char *name = bs_item_import_get_column_name (import, i);
      BsItemField field = bs_item_import_get_mapping (import, i);

      if (strcmp (name, "TASK_CODE") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_CODE);
      else if (strcmp (name, "TASK_NAME") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_NAME);
      else if (strcmp (name, "DEPT_NAME") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_DEPARTMENT);
      else if (strcmp (name, "visit_number") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_VISITS);
      else if (strcmp (name, "material_intro") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_MATERIALS);
      else if (strcmp (name, "matter_name") == 0 || strcmp (name, "LIMIT_SCENE_NUM") == 0)
        g_assert_cmpint (field, ==, BS_ITEM_FIELD_NONE);
    }

  start = g_get_monotonic_time ();
  report = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("imported in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  for (guint i = 0; i < report->skips->len; i++)
    {
      BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);

      g_test_message ("line %" G_GUINT64_FORMAT ": %s", skip->line, skip->reason);
    }
  g_assert_cmpuint (report->imported, ==, n_items);
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->departments_created, ==, g_hash_table_size (departments));
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, n_items);
  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, g_hash_table_size (departments));
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, n_materials);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE legal_limit IS NULL"), ==,
                   n_no_legal_limit);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE legal_limit_unit = 'calendar-days'"),
                   ==, n_calendar);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE item_type = 'public-service'"), ==,
                   n_public);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE service_objects & 1"), ==, n_person);
  g_assert_cmpint (query_int (cat, "SELECT count(*) FROM item WHERE length(code) NOT IN (31, 33)"), ==, 0);
  {
    g_autoptr(BsItem) item = bs_catalogue_find_item (cat, "11440000006939756B2440101007000", &error);

    g_assert_nonnull (item);
    g_assert_cmpstr (item->name, ==, "临时价格干预范围事项提价申报");
    g_assert_cmpint (item->legal_limit, ==, 30);
    g_assert_cmpint (item->committed_limit, ==, 7);
    g_assert_cmpint (item->visits, ==, 0);
    g_assert_cmpstr (item->place, ==, "广州市越秀区东风中路305号5号楼808房");
    g_assert_cmpstr (item->phone, ==, "020-34121084");
    g_assert_cmphex (item->service_objects, ==, BS_SERVICE_OBJECT_ALL);
  }

  /* Again: all updated, nothing added. */
  g_clear_pointer (&import, bs_item_import_free);
  import = bs_item_import_open (path, BS_ITEM_IMPORT_FORMAT_AUTO, BS_CSV_ENCODING_AUTO, 0, &error);
  g_assert_no_error (error);
  again = bs_item_import_run (import, cat, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->imported, ==, 0);
  g_assert_cmpuint (again->updated, ==, n_items);
  g_assert_cmpuint (again->departments_created, ==, 0);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, n_items);
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, n_materials);
}

int
main (int    argc,
      char **argv)
{
  gboolean guangdong = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--guangdong") == 0)
        {
          guangdong = TRUE;
          for (int j = i; j < argc - 1; j++)
            argv[j] = argv[j + 1];
          argc--;
          break;
        }
    }
  g_test_init (&argc, &argv, NULL);

  if (guangdong)
    {
      g_autofree char *path = guangdong_path ();

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_printerr ("The Guangdong data (../shared/data/guangdong) is absent: skipped\n");
          return 77;
        }
      g_test_add_func ("/item-import/guangdong", test_guangdong);
      return g_test_run ();
    }

  g_test_add_func ("/item-import/headers", test_headers);
  g_test_add_func ("/item-import/values", test_values);
  g_test_add_func ("/item-import/small-csv", test_small_csv);
  g_test_add_func ("/item-import/same-everywhere", test_same_everywhere);
  g_test_add_func ("/item-import/reimport", test_reimport);
  g_test_add_func ("/item-import/skips", test_skips);
  g_test_add_func ("/item-import/mapping", test_mapping);
  g_test_add_func ("/item-import/unusable-files", test_unusable_files);
  g_test_add_func ("/item-import/cancel", test_cancel);
  g_test_add_func ("/item-import/failure", test_failure);
  g_test_add_func ("/item-import/malformed-untouched", test_malformed_untouched);
  g_test_add_func ("/item-import/dry-run", test_dry_run);
  g_test_add_func ("/item-import/file", test_file);

  return g_test_run ();
}
