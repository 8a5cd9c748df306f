/* test-json.c: the JSON interchange format: canonical export, byte-exact
 * round trips, and hostile files refused with their JSON path while the
 * catalogue stays untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "banshi-core.h"

/* The awkward strings every text field of the round trip gets one of. */
static const char * const awkward[] = {
  "quote \" and backslash \\ and slash /",
  "line one\nline two\r\nthree\ttabbed",
  "emoji 😀🍜 and 中文 全角（括号）“引号”",
  "control \x01\x02\x1f and delete \x7f",
  "  leading and trailing spaces  ",
  "\u2028 line separator, \u00e9 accent, \U0001F1E8\U0001F1F3 flag",
  "",
};

static BsCatalogue *
new_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  BsCatalogue *cat = bs_catalogue_new_in_memory (&error);

  g_assert_no_error (error);
  g_assert_nonnull (cat);
  return cat;
}

static char *
export_text (BsCatalogue *cat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bs_catalogue_export_json (cat, &error);
  gsize length;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &length);
  g_assert_null (memchr (data, '\0', length));
  return g_strndup (data, length);
}

static void
import_text (BsCatalogue *cat,
             const char  *text)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_import_json (cat, text, strlen (text), &error);
  g_assert_no_error (error);
}

/* Like g_assert_cmpstr, but shows the first line that differs rather than
 * two whole catalogues. */
static void
assert_same_text (const char *actual,
                  const char *expected)
{
  guint line = 1;
  const char *a = actual, *b = expected;

  while (*a != '\0' && *a == *b)
    {
      if (*a == '\n')
        line++;
      a++;
      b++;
    }
  if (*a != *b)
    {
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;

      while (a > actual && a[-1] != '\n')
        a--, b--;
      got = g_strndup (a, strcspn (a, "\n"));
      want = g_strndup (b, strcspn (b, "\n"));
      g_error ("texts differ at line %u:\n  got:      %s\n  expected: %s", line, got, want);
    }
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "json", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static const char * const tables[] = {
  "catalogue_meta", "department", "item", "material", "category", "theme",
  "theme_item", "theme_edge", "question", "question_option", "theme_question",
  "theme_note", "material_when", "theme_item_when", "theme_question_when",
  "theme_note_when", "phase", "task", "task_item", "decision",
};

/* The rows of any table (bs_catalogue_count() takes only some). */
static gint64
count_rows (BsCatalogue *cat,
            const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bs_catalogue_prepare (cat, sql, &error);
  gint64 count;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static void
assert_empty (BsCatalogue *cat)
{
  g_autofree char *name = bs_catalogue_dup_name (cat);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if (g_str_equal (tables[i], "catalogue_meta"))
        continue;
      g_assert_cmpint (count_rows (cat, tables[i]), ==, 0);
    }
  g_assert_cmpstr (name, ==, "");
  g_assert_cmpint (count_rows (cat, "audit"), ==, 0);
  g_assert_cmpint (count_rows (cat, "audit_head"), ==, 0);
  g_assert_false (bs_catalogue_can_undo (cat));
  g_assert_false (bs_catalogue_in_edit (cat));
}

/* @text without its audit trail, the last key: what undo and redo leave
 * as it was (the trail only grows). */
static char *
without_audit (const char *text)
{
  const char *audit = strstr (text, "\n  \"audit\": [");

  g_assert_nonnull (audit);
  return g_strndup (text, audit - text);
}

/* Round trip --------------------------------------------------------- */

static gint64
add_department (BsCatalogue *cat,
                const char  *code,
                const char  *name,
                const char  *phone,
                const char  *address)
{
  g_autoptr(BsDepartment) department = bs_department_new (code, name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (department->phone);
  department->phone = g_strdup (phone);
  g_free (department->address);
  department->address = g_strdup (address);
  id = bs_catalogue_add_department (cat, department, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_item (BsCatalogue *cat,
          const char  *code,
          const char  *name,
          gint64       department_id,
          guint        variant)
{
  g_autoptr(BsItem) item = bs_item_new (code, name, department_id);
  g_autoptr(GError) error = NULL;
  char **fields[] = {
    &item->legal_basis, &item->conditions, &item->fees, &item->place, &item->hours,
    &item->phone, &item->online_url, &item->result_name,
  };
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_free (*fields[i]);
      *fields[i] = g_strdup (awkward[(variant + i) % G_N_ELEMENTS (awkward)]);
    }
  item->type = variant % BS_N_ITEM_TYPES;
  item->service_objects = (variant * 37) & BS_SERVICE_OBJECT_ALL;
  item->legal_limit = variant % 3 == 0 ? -1 : (int) (variant * 7 % 3651);
  item->legal_limit_unit = variant % BS_N_LIMIT_UNITS;
  item->committed_limit = variant % 4 == 0 ? -1 : (int) (variant % 30);
  item->committed_limit_unit = (variant + 1) % BS_N_LIMIT_UNITS;
  item->handling = variant % BS_N_HANDLINGS;
  item->visits = variant % 5 == 0 ? -1 : (int) (variant % 100);

  id = bs_catalogue_add_item (cat, item, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_material (BsCatalogue *cat,
              gint64       item_id,
              const char  *name,
              guint        variant)
{
  g_autoptr(BsMaterial) material = bs_material_new (item_id, name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  material->form = variant % BS_N_MATERIAL_FORMS;
  material->copies = variant * 111 % 1000;
  material->source = variant % BS_N_MATERIAL_SOURCES;
  material->required = variant % 2;
  g_free (material->notes);
  material->notes = g_strdup (awkward[variant % G_N_ELEMENTS (awkward)]);
  g_free (material->form_url);
  material->form_url = g_strdup (awkward[(variant + 1) % G_N_ELEMENTS (awkward)]);
  g_free (material->sample_url);
  material->sample_url = g_strdup (awkward[(variant + 3) % G_N_ELEMENTS (awkward)]);
  id = bs_catalogue_add_material (cat, material, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_category (BsCatalogue *cat,
              const char  *code,
              const char  *name,
              gint64       parent_id)
{
  g_autoptr(BsCategory) category = bs_category_new (code, name, parent_id);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_category (cat, category, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_theme (BsCatalogue  *cat,
           const char   *code,
           const char   *name,
           gint64        category_id,
           const gint64 *items,
           guint         n_items)
{
  g_autoptr(BsTheme) theme = bs_theme_new (code, name, category_id);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (theme->description);
  theme->description = g_strdup (awkward[n_items % G_N_ELEMENTS (awkward)]);
  id = bs_catalogue_add_theme (cat, theme, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_items; i++)
    {
      bs_catalogue_add_theme_item (cat, id, items[i], &error);
      g_assert_no_error (error);
    }
  return id;
}

static void
add_edge (BsCatalogue *cat,
          gint64       theme,
          gint64       before,
          gint64       after)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_add_theme_edge (cat, theme, before, after, &error);
  g_assert_no_error (error);
}

/* A question with options "code:label" (@options NULL-terminated). */
static gint64
add_question (BsCatalogue        *cat,
              const char         *code,
              const char         *prompt,
              const char         *help,
              BsQuestionKind      kind,
              const char * const *options)
{
  g_autoptr(BsQuestion) question = bs_question_new (code, prompt);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (question->help);
  question->help = g_strdup (help);
  question->kind = kind;
  for (guint i = 0; options[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (options[i], ":", 2);

      bs_question_append_option (question, parts[0], parts[1]);
    }
  id = bs_catalogue_add_question (cat, question, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
option_id (BsCatalogue *cat,
           const char  *question_code,
           const char  *option_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuestion) question = bs_catalogue_find_question (cat, question_code, &error);
  const BsOption *option;

  g_assert_no_error (error);
  g_assert_nonnull (question);
  option = bs_question_find_option_code (question, option_code);
  g_assert_nonnull (option);
  return option->id;
}

/* A condition from "q=o q=o|q=o" (groups split by "|"). */
static BsCondition *
parse_condition (BsCatalogue *cat,
                 const char  *text)
{
  BsCondition *condition = bs_condition_new ();
  g_auto(GStrv) groups = g_strsplit (text, "|", -1);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) terms = g_strsplit (groups[i], " ", -1);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint j = 0; terms[j] != NULL; j++)
        {
          g_auto(GStrv) parts = g_strsplit (terms[j], "=", 2);
          gint64 id = option_id (cat, parts[0], parts[1]);

          g_array_append_val (ids, id);
        }
      bs_condition_add_group (condition, (const gint64 *) (const void *) ids->data, ids->len);
    }
  return condition;
}

static void
set_condition (BsCatalogue      *cat,
               BsConditionOwner  owner,
               gint64            theme_id,
               gint64            owner_id,
               const char       *text)
{
  g_autoptr(BsCondition) condition = parse_condition (cat, text);
  g_autoptr(GError) error = NULL;

  bs_catalogue_set_condition (cat, owner, theme_id, owner_id, condition, &error);
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The stored condition of an owner as "q=o q=o|q=o", each group's terms
 * in byte order, "" for always: comparable across catalogues. */
static char *
condition_text (BsCatalogue      *cat,
                BsConditionOwner  owner,
                gint64            theme_id,
                gint64            owner_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCondition) condition = bs_catalogue_get_condition (cat, owner, theme_id,
                                                                 owner_id, &error);
  g_autoptr(GPtrArray) questions = bs_catalogue_list_questions (cat, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (condition);
  for (guint i = 0; i < condition->groups->len; i++)
    {
      const GArray *group = g_ptr_array_index (condition->groups, i);
      g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; j < group->len; j++)
        {
          gint64 id = g_array_index (group, gint64, j);
          char *term = NULL;

          for (guint q = 0; q < questions->len && term == NULL; q++)
            {
              const BsQuestion *question = questions->pdata[q];
              const BsOption *option = bs_question_find_option (question, id);

              if (option != NULL)
                term = g_strdup_printf ("%s=%s", question->code, option->code);
            }
          g_assert_nonnull (term);
          g_ptr_array_add (terms, term);
        }
      g_ptr_array_sort (terms, compare_strings);
      if (i > 0)
        g_string_append_c (text, '|');
      for (guint j = 0; j < terms->len; j++)
        g_string_append_printf (text, "%s%s", j > 0 ? " " : "", (const char *) terms->pdata[j]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
add_note (BsCatalogue *cat,
          gint64       theme_id,
          gint64       item_id,
          const char  *text)
{
  g_autoptr(BsThemeNote) note = bs_theme_note_new (theme_id, item_id, text);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_theme_note (cat, note, &error);

  g_assert_no_error (error);
  return id;
}

static void
ask_question (BsCatalogue *cat,
              gint64       theme_id,
              gint64       question_id)
{
  g_autoptr(GError) error = NULL;

  bs_catalogue_add_theme_question (cat, theme_id, question_id, &error);
  g_assert_no_error (error);
}

/* Situations on the awkward catalogue: codes whose byte order differs from
 * their creation order, options and notes moved, and groups whose terms
 * sort differently by id and by text. */
static void
add_awkward_situations (BsCatalogue  *cat,
                        const gint64 *items,
                        gint64        restaurant,
                        gint64        chinese)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  gint64 z, upper, lower, note;

  z = add_question (cat, "z-问题", "为谁办理？ \"引号\"", awkward[1], BS_QUESTION_KIND_SINGLE,
                    (const char * const[]) { "b:本人", "A:委托 \\ 代理人", "中:😀 其他", NULL });
  upper = add_question (cat, "A-q", awkward[2], "", BS_QUESTION_KIND_MULTIPLE,
                        (const char * const[]) { "x:冷食", "y:热食\n", "w:生食", NULL });
  lower = add_question (cat, "a-q", "是否 > 300㎡?", awkward[3], BS_QUESTION_KIND_SINGLE,
                        (const char * const[]) { "1:是", "0:否", NULL });
  add_question (cat, "unused", "没有主题用它", "", BS_QUESTION_KIND_SINGLE,
                (const char * const[]) { "only:唯一", NULL });

  /* The export follows the positions: A-q's options read w, x, y. */
  bs_catalogue_move_option (cat, option_id (cat, "A-q", "w"), 0, &error);
  g_assert_no_error (error);

  ask_question (cat, restaurant, z);
  ask_question (cat, restaurant, lower);
  ask_question (cat, restaurant, upper);
  /* A follow-up: two groups, the first with terms whose ids are in the
   * other order than their text. */
  set_condition (cat, BS_CONDITION_THEME_QUESTION, restaurant, upper, "z-问题=b a-q=1|z-问题=中");
  ask_question (cat, chinese, lower);

  /* Item conditions, set in an order other than the theme's items. */
  set_condition (cat, BS_CONDITION_THEME_ITEM, restaurant, items[9], "A-q=y A-q=x");
  set_condition (cat, BS_CONDITION_THEME_ITEM, restaurant, items[5], "a-q=1|a-q=0 z-问题=A");
  set_condition (cat, BS_CONDITION_THEME_ITEM, chinese, items[1], "z-问题=中");

  /* A material's condition and links. */
  materials = bs_catalogue_list_materials (cat, items[3], &error);
  g_assert_no_error (error);
  set_condition (cat, BS_CONDITION_MATERIAL, 0, ((BsMaterial *) materials->pdata[1])->id,
                 "A-q=w|A-q=x|z-问题=b");

  /* Notes: about the theme and about an item, one moved to the front. */
  note = add_note (cat, restaurant, 0, awkward[0]);
  set_condition (cat, BS_CONDITION_NOTE, 0, note, "z-问题=A");
  add_note (cat, restaurant, items[2], awkward[3]);
  note = add_note (cat, restaurant, items[9], awkward[5]);
  set_condition (cat, BS_CONDITION_NOTE, 0, note, "A-q=y|a-q=0");
  bs_catalogue_move_theme_note (cat, note, 0, &error);
  g_assert_no_error (error);
  add_note (cat, chinese, 0, "中文主题的提示");
}

/* Built through the entity API, in an order that is not the export's. */
static BsCatalogue *
build_awkward_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  BsCatalogue *cat = new_catalogue ();
  gint64 departments[4];
  gint64 items[12];
  gint64 top, child, grandchild, other;
  gint64 restaurant, chinese;

  bs_catalogue_set_name (cat, "名字 with \"quotes\" \\ and\nnewline 😀", &error);
  g_assert_no_error (error);

  departments[0] = add_department (cat, "z-last", "最后的部门", awkward[0], awkward[1]);
  departments[1] = add_department (cat, "A-upper", "Upper \"A\"", awkward[2], awkward[3]);
  departments[2] = add_department (cat, "中文编码", "中文 \\ 部门", awkward[4], awkward[5]);
  departments[3] = add_department (cat, "a-lower", "😀 dept\ttab", "", "");

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      /* Codes whose byte order differs from their creation order. */
      static const char * const prefixes[] = { "z", "a", "Z", "A", "9", "中" };
      g_autofree char *code = g_strdup_printf ("%s%02u-事项", prefixes[i % 6], 12 - i);
      g_autofree char *name = g_strdup_printf ("%s #%u", awkward[i % G_N_ELEMENTS (awkward)], i);

      if (name[0] == ' ' || name[0] == '#')
        name[0] = 'x';
      items[i] = add_item (cat, code, name, departments[i % 4], i);
      for (guint m = 0; m < i % 4; m++)
        {
          g_autofree char *material = g_strdup_printf ("材料 %u \"%s\"", m, awkward[m]);

          add_material (cat, items[i], material, i + m);
        }
    }

  /* A material moved: export follows the positions, not creation. */
  {
    g_autoptr(GPtrArray) materials = bs_catalogue_list_materials (cat, items[3], &error);

    g_assert_no_error (error);
    g_assert_cmpuint (materials->len, ==, 3);
    bs_catalogue_move_material (cat, ((BsMaterial *) materials->pdata[2])->id, 0, &error);
    g_assert_no_error (error);
  }

  top = add_category (cat, "top", "顶层 \"分类\"", 0);
  child = add_category (cat, "child", "子分类\n", top);
  grandchild = add_category (cat, "a-grandchild", "孙分类 😀", child);
  other = add_category (cat, "Other", "其他", 0);

  restaurant = add_theme (cat, "t-restaurant", "开餐馆 \"一件事\"", grandchild,
                          (gint64[]) { items[5], items[2], items[9], items[0] }, 4);
  add_edge (cat, restaurant, items[9], items[0]);
  add_edge (cat, restaurant, items[5], items[2]);
  add_edge (cat, restaurant, items[5], items[9]);
  add_edge (cat, restaurant, items[2], items[0]);
  add_theme (cat, "A-theme", "空主题", other, NULL, 0);
  chinese = add_theme (cat, "中文主题", "中文主题", child,
                       (gint64[]) { items[11], items[1] }, 2);
  add_edge (cat, chinese, items[1], items[11]);
  add_edge (cat, chinese, items[11], items[1]);

  add_awkward_situations (cat, items, restaurant, chinese);

  return cat;
}

static void
assert_ordered (const char *text,
                const char *first,
                const char *second)
{
  const char *a = strstr (text, first);
  const char *b = strstr (text, second);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (a < b);
}

static void
test_round_trip (void)
{
  g_autoptr(BsCatalogue) original = build_awkward_catalogue ();
  g_autoptr(BsCatalogue) copy = new_catalogue ();
  g_autoptr(BsCatalogue) again = new_catalogue ();
  g_autofree char *first = export_text (original);
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  /* The canonical form: UTF-8 as is, escapes only where JSON needs them,
   * sorted by code in byte order, a final newline. */
  g_assert_true (g_str_has_prefix (first, "{\n  \"format\": \"banshi-catalogue\",\n"
                                          "  \"version\": 3,\n"));
  g_assert_true (g_str_has_suffix (first, "\n}\n"));
  g_assert_nonnull (strstr (first, "😀🍜 and 中文"));
  g_assert_nonnull (strstr (first, "quote \\\" and backslash \\\\ and slash /"));
  g_assert_nonnull (strstr (first, "control \\u0001\\u0002\\u001f and delete \x7f"));
  g_assert_nonnull (strstr (first, "line one\\nline two\\r\\nthree\\ttabbed"));
  g_assert_null (strstr (first, "\\ud83d"));
  assert_ordered (first, "\"code\": \"A-upper\"", "\"code\": \"a-lower\"");
  assert_ordered (first, "\"code\": \"a-lower\"", "\"code\": \"z-last\"");
  assert_ordered (first, "\"code\": \"z-last\"", "\"code\": \"中文编码\"");
  assert_ordered (first, "\"code\": \"Other\"", "\"code\": \"a-grandchild\"");
  assert_ordered (first, "\"code\": \"A-theme\"", "\"code\": \"t-restaurant\"");
  g_assert_nonnull (strstr (first, "\"parent\": null"));
  g_assert_nonnull (strstr (first, "\"visits\": null"));
  g_assert_nonnull (strstr (first, "\"legal_limit\": null"));
  g_assert_nonnull (strstr (first, "\"edges\": []"));
  /* Questions by code, options by position, a theme's questions and notes
   * in their order, item conditions in the theme's item order, each group
   * in byte order. */
  assert_ordered (first, "\"code\": \"A-q\"", "\"code\": \"a-q\"");
  assert_ordered (first, "\"code\": \"a-q\"", "\"code\": \"unused\"");
  assert_ordered (first, "\"code\": \"unused\"", "\"code\": \"z-问题\"");
  assert_ordered (first, "\"code\": \"w\"", "\"code\": \"x\"");
  assert_ordered (first, "\"question\": \"z-问题\"", "\"question\": \"a-q\"");
  assert_ordered (first, "\"question\": \"a-q\"", "\"question\": \"A-q\"");
  g_assert_nonnull (strstr (first, "\"when\": [\n            [\n              \"a-q=1\",\n"
                                   "              \"z-问题=b\"\n            ],\n"
                                   "            [\n              \"z-问题=中\"\n            ]\n"));
  assert_ordered (first, "\"item\": \"中07-事项\",\n          \"when\"",
                  "\"item\": \"A03-事项\",\n          \"when\"");
  g_assert_nonnull (strstr (first, "\"A-q=x\",\n              \"A-q=y\""));
  g_assert_nonnull (strstr (first, "\"item\": null"));
  g_assert_nonnull (strstr (first, "\"form_url\": \"line one\\nline two"));

  /* The same bytes as last time: tests/unit/json/awkward.json, which
   * check-schema.py also holds against Python's json.dumps. */
  {
    g_autofree char *expected = read_fixture ("awkward.json");

    if (g_getenv ("BANSHI_WRITE_FIXTURES") != NULL)
      {
        g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "json",
                                                       "awkward.json", NULL);

        g_file_set_contents (path, first, -1, NULL);
      }
    else
      assert_same_text (first, expected);
  }

  import_text (copy, first);
  second = export_text (copy);
  assert_same_text (second, first);

  import_text (again, second);
  third = export_text (again);
  assert_same_text (third, second);

  /* One import is one undoable edit. */
  g_assert_true (bs_catalogue_can_undo (copy));
  g_assert_cmpstr (bs_catalogue_get_undo_label (copy), ==, "Import Catalogue");
}

static gint64
theme_id (BsCatalogue *cat,
          const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = bs_catalogue_find_theme (cat, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (theme);
  return theme->id;
}

static gint64
item_id (BsCatalogue *cat,
         const char  *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) item = bs_catalogue_find_item (cat, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item->id;
}

static char *
item_code (BsCatalogue *cat,
           gint64       id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) item = NULL;

  if (id == 0)
    return NULL;
  item = bs_catalogue_get_item (cat, id, &error);
  g_assert_no_error (error);
  return g_strdup (item->code);
}

/* Questions, what each theme asks and when, its item conditions and its
 * notes are the same in @a and @b, compared through the entity API. */
static void
assert_same_situations (BsCatalogue *a,
                        BsCatalogue *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) qa = bs_catalogue_list_questions (a, &error);
  g_autoptr(GPtrArray) qb = bs_catalogue_list_questions (b, &error);
  g_autoptr(GPtrArray) themes = bs_catalogue_list_themes (a, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (qa->len, ==, qb->len);
  for (guint i = 0; i < qa->len; i++)
    {
      const BsQuestion *x = qa->pdata[i], *y = qb->pdata[i];

      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpstr (x->prompt, ==, y->prompt);
      g_assert_cmpstr (x->help, ==, y->help);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->options->len, ==, y->options->len);
      for (guint j = 0; j < x->options->len; j++)
        {
          const BsOption *o = x->options->pdata[j], *p = y->options->pdata[j];

          g_assert_cmpstr (o->code, ==, p->code);
          g_assert_cmpstr (o->label, ==, p->label);
          g_assert_cmpint (o->position, ==, p->position);
        }
    }

  for (guint t = 0; t < themes->len; t++)
    {
      const BsTheme *theme = themes->pdata[t];
      gint64 other = theme_id (b, theme->code);
      g_autoptr(GArray) asked_a = bs_catalogue_list_theme_questions (a, theme->id, &error);
      g_autoptr(GArray) asked_b = bs_catalogue_list_theme_questions (b, other, &error);
      g_autoptr(GPtrArray) items = bs_catalogue_list_theme_items (a, theme->id, &error);
      g_autoptr(GPtrArray) notes_a = bs_catalogue_list_theme_notes (a, theme->id, &error);
      g_autoptr(GPtrArray) notes_b = bs_catalogue_list_theme_notes (b, other, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (asked_a->len, ==, asked_b->len);
      for (guint i = 0; i < asked_a->len; i++)
        {
          gint64 id_a = g_array_index (asked_a, gint64, i);
          gint64 id_b = g_array_index (asked_b, gint64, i);
          g_autoptr(BsQuestion) x = bs_catalogue_get_question (a, id_a, &error);
          g_autoptr(BsQuestion) y = bs_catalogue_get_question (b, id_b, &error);
          g_autofree char *wa = condition_text (a, BS_CONDITION_THEME_QUESTION, theme->id, id_a);
          g_autofree char *wb = condition_text (b, BS_CONDITION_THEME_QUESTION, other, id_b);

          g_assert_no_error (error);
          g_assert_cmpstr (x->code, ==, y->code);
          g_assert_cmpstr (wa, ==, wb);
        }

      for (guint i = 0; i < items->len; i++)
        {
          const BsItemSummary *item = items->pdata[i];
          g_autofree char *wa = condition_text (a, BS_CONDITION_THEME_ITEM, theme->id, item->id);
          g_autofree char *wb = condition_text (b, BS_CONDITION_THEME_ITEM, other,
                                                item_id (b, item->code));

          g_assert_cmpstr (wa, ==, wb);
        }

      g_assert_cmpuint (notes_a->len, ==, notes_b->len);
      for (guint i = 0; i < notes_a->len; i++)
        {
          const BsThemeNote *x = notes_a->pdata[i], *y = notes_b->pdata[i];
          g_autofree char *ca = item_code (a, x->item_id);
          g_autofree char *cb = item_code (b, y->item_id);
          g_autofree char *wa = condition_text (a, BS_CONDITION_NOTE, 0, x->id);
          g_autofree char *wb = condition_text (b, BS_CONDITION_NOTE, 0, y->id);

          g_assert_cmpstr (x->text, ==, y->text);
          g_assert_cmpint (x->position, ==, y->position);
          g_assert_cmpstr (ca, ==, cb);
          g_assert_cmpstr (wa, ==, wb);
        }
    }
}

/* The fields arrive where they belong, not only as the same text. */
static void
test_round_trip_fields (void)
{
  g_autoptr(BsCatalogue) original = build_awkward_catalogue ();
  g_autoptr(BsCatalogue) copy = new_catalogue ();
  g_autofree char *text = export_text (original);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *copy_name = NULL;

  import_text (copy, text);
  name = bs_catalogue_dup_name (original);
  copy_name = bs_catalogue_dup_name (copy);
  g_assert_cmpstr (name, ==, copy_name);

  summaries = bs_catalogue_list_items (original, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 12);
  for (guint i = 0; i < summaries->len; i++)
    {
      const BsItemSummary *summary = summaries->pdata[i];
      g_autoptr(BsItem) a = bs_catalogue_get_item (original, summary->id, &error);
      g_autoptr(BsItem) b = bs_catalogue_find_item (copy, summary->code, &error);
      g_autoptr(BsDepartment) da = NULL;
      g_autoptr(BsDepartment) db = NULL;
      g_autoptr(GPtrArray) ma = NULL;
      g_autoptr(GPtrArray) mb = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (b);
      da = bs_catalogue_get_department (original, a->department_id, &error);
      db = bs_catalogue_get_department (copy, b->department_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (da->code, ==, db->code);
      g_assert_cmpstr (da->phone, ==, db->phone);
      g_assert_cmpstr (da->address, ==, db->address);

      {
        g_autoptr(BsItem) same_ids = bs_item_copy (b);

        same_ids->id = a->id;
        same_ids->department_id = a->department_id;
        /* An unknown limit is null in the file: its unit is not kept. */
        if (a->legal_limit < 0)
          same_ids->legal_limit_unit = a->legal_limit_unit;
        if (a->committed_limit < 0)
          same_ids->committed_limit_unit = a->committed_limit_unit;
        g_assert_true (bs_item_equal (a, same_ids));
      }

      ma = bs_catalogue_list_materials (original, a->id, &error);
      g_assert_no_error (error);
      mb = bs_catalogue_list_materials (copy, b->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ma->len, ==, mb->len);
      for (guint m = 0; m < ma->len; m++)
        {
          const BsMaterial *x = ma->pdata[m];
          const BsMaterial *y = mb->pdata[m];

          g_assert_cmpstr (x->name, ==, y->name);
          g_assert_cmpint (x->form, ==, y->form);
          g_assert_cmpint (x->copies, ==, y->copies);
          g_assert_cmpint (x->source, ==, y->source);
          g_assert_cmpint (x->required, ==, y->required);
          g_assert_cmpstr (x->notes, ==, y->notes);
          g_assert_cmpstr (x->form_url, ==, y->form_url);
          g_assert_cmpstr (x->sample_url, ==, y->sample_url);
          {
            g_autofree char *wa = condition_text (original, BS_CONDITION_MATERIAL, 0, x->id);
            g_autofree char *wb = condition_text (copy, BS_CONDITION_MATERIAL, 0, y->id);

            g_assert_cmpstr (wa, ==, wb);
          }
        }
    }

  assert_same_situations (original, copy);
}

static void
test_fixture_canonical (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *text = read_fixture ("small.json");
  g_autofree char *exported = NULL;

  import_text (cat, text);
  exported = export_text (cat);
  assert_same_text (exported, text);

  g_assert_cmpint (bs_catalogue_count (cat, "department"), ==, 2);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 3);
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 4);
  g_assert_cmpint (bs_catalogue_count (cat, "category"), ==, 2);
  g_assert_cmpint (bs_catalogue_count (cat, "theme"), ==, 2);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_item"), ==, 4);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 2);
  g_assert_cmpint (count_rows (cat, "question"), ==, 3);
  g_assert_cmpint (count_rows (cat, "question_option"), ==, 7);
  g_assert_cmpint (count_rows (cat, "theme_question"), ==, 4);
  g_assert_cmpint (count_rows (cat, "theme_question_when"), ==, 3);
  g_assert_cmpint (count_rows (cat, "theme_item_when"), ==, 1);
  g_assert_cmpint (count_rows (cat, "material_when"), ==, 3);
  g_assert_cmpint (count_rows (cat, "theme_note"), ==, 3);
  g_assert_cmpint (count_rows (cat, "theme_note_when"), ==, 2);
  g_assert_cmpint (count_rows (cat, "phase"), ==, 2);
  g_assert_cmpint (count_rows (cat, "task"), ==, 3);
  g_assert_cmpint (count_rows (cat, "task_item"), ==, 3);
  g_assert_cmpint (count_rows (cat, "decision"), ==, 2);
  g_assert_cmpint (count_rows (cat, "audit"), ==, 56);
}

/* What small.json says about situations is in the rows, as the entity API
 * reads them. */
static void
test_situations_rows (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *text = read_fixture ("small.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuestion) menu = NULL;
  g_autoptr(BsQuestion) applicant = NULL;
  g_autoptr(GArray) asked = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(BsCondition) condition = NULL;
  gint64 restaurant, inspection, food, fire, name;
  const BsMaterial *material;
  const BsThemeNote *note;

  import_text (cat, text);
  restaurant = theme_id (cat, "open-restaurant");
  inspection = theme_id (cat, "zz-inspection");
  food = item_id (cat, "000131024000");
  name = item_id (cat, "000135001000");
  fire = item_id (cat, "001120001000");

  /* Questions and their options, in the file's order. */
  menu = bs_catalogue_find_question (cat, "menu", &error);
  g_assert_no_error (error);
  g_assert_nonnull (menu);
  g_assert_cmpstr (menu->prompt, ==, "经营哪些食品？");
  g_assert_cmpstr (menu->help, ==, "可多选。");
  g_assert_cmpint (menu->kind, ==, BS_QUESTION_KIND_MULTIPLE);
  g_assert_cmpuint (menu->options->len, ==, 3);
  g_assert_cmpstr (((BsOption *) menu->options->pdata[0])->code, ==, "hot");
  g_assert_cmpstr (((BsOption *) menu->options->pdata[1])->code, ==, "cold");
  g_assert_cmpstr (((BsOption *) menu->options->pdata[1])->label, ==, "冷食");
  g_assert_cmpstr (((BsOption *) menu->options->pdata[2])->code, ==, "raw");
  applicant = bs_catalogue_find_question (cat, "applicant", &error);
  g_assert_no_error (error);
  g_assert_cmpint (applicant->kind, ==, BS_QUESTION_KIND_SINGLE);

  /* The theme asks applicant, menu, then area as a follow-up. */
  asked = bs_catalogue_list_theme_questions (cat, restaurant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked->len, ==, 3);
  g_assert_cmpint (g_array_index (asked, gint64, 0), ==, applicant->id);
  g_assert_cmpint (g_array_index (asked, gint64, 1), ==, menu->id);
  condition = bs_catalogue_get_condition (cat, BS_CONDITION_THEME_QUESTION, restaurant,
                                          g_array_index (asked, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_true (bs_condition_is_always (condition));
  g_clear_pointer (&condition, bs_condition_free);
  condition = bs_catalogue_get_condition (cat, BS_CONDITION_THEME_QUESTION, restaurant,
                                          g_array_index (asked, gint64, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (condition->groups->len, ==, 2);
  {
    g_autoptr(BsCondition) expected = parse_condition (cat, "menu=hot|menu=raw menu=cold");

    g_assert_true (bs_condition_equal (condition, expected));
  }
  g_clear_pointer (&asked, g_array_unref);
  asked = bs_catalogue_list_theme_questions (cat, inspection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (asked->len, ==, 1);

  /* Item conditions: the fire inspection only for a large place. */
  {
    g_autofree char *fire_when = condition_text (cat, BS_CONDITION_THEME_ITEM, restaurant, fire);
    g_autofree char *food_when = condition_text (cat, BS_CONDITION_THEME_ITEM, restaurant, food);
    g_autofree char *name_when = condition_text (cat, BS_CONDITION_THEME_ITEM, restaurant, name);
    g_autofree char *other_when = condition_text (cat, BS_CONDITION_THEME_ITEM, inspection, fire);

    g_assert_cmpstr (fire_when, ==, "area=yes");
    g_assert_cmpstr (food_when, ==, "");
    g_assert_cmpstr (name_when, ==, "");
    g_assert_cmpstr (other_when, ==, "");
  }

  /* Materials: links and a condition. */
  materials = bs_catalogue_list_materials (cat, food, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (materials->len, ==, 3);
  material = materials->pdata[0];
  g_assert_cmpstr (material->form_url, ==, "https://example.gov.cn/forms/spjyxk.docx");
  g_assert_cmpstr (material->sample_url, ==, "https://example.gov.cn/forms/spjyxk-sample.pdf");
  {
    g_autofree char *first = condition_text (cat, BS_CONDITION_MATERIAL, 0, material->id);
    g_autofree char *third = condition_text (cat, BS_CONDITION_MATERIAL, 0,
                                             ((BsMaterial *) materials->pdata[2])->id);

    g_assert_cmpstr (first, ==, "");
    g_assert_cmpstr (third, ==, "menu=cold|menu=hot menu=raw");
  }
  material = materials->pdata[1];
  g_assert_cmpstr (material->form_url, ==, "");
  g_assert_cmpstr (material->sample_url, ==, "");

  /* Notes, about the theme and about an item, in order. */
  notes = bs_catalogue_list_theme_notes (cat, restaurant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 3);
  note = notes->pdata[0];
  g_assert_cmpstr (note->text, ==, "委托代理的，代理人需携带本人身份证原件。");
  g_assert_cmpint (note->item_id, ==, 0);
  {
    g_autofree char *when = condition_text (cat, BS_CONDITION_NOTE, 0, note->id);

    g_assert_cmpstr (when, ==, "applicant=agent");
  }
  note = notes->pdata[1];
  g_assert_cmpint (note->item_id, ==, food);
  {
    g_autofree char *when = condition_text (cat, BS_CONDITION_NOTE, 0, note->id);

    g_assert_cmpstr (when, ==, "menu=raw");
  }
  note = notes->pdata[2];
  g_assert_cmpint (note->item_id, ==, 0);
  g_assert_cmpstr (note->text, ==, "所有材料须加盖公章。");
  {
    g_autofree char *when = condition_text (cat, BS_CONDITION_NOTE, 0, note->id);

    g_assert_cmpstr (when, ==, "");
  }
}

/* Edits through the entity API come out canonical: groups in their
 * order, each group's strings in byte order. */
static void
test_situations_edited (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(BsCatalogue) copy = new_catalogue ();
  g_autofree char *text = read_fixture ("small.json");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 restaurant;

  import_text (cat, text);
  restaurant = theme_id (cat, "open-restaurant");
  /* Options in id order raw, area=no; in byte order area=no, menu=raw. */
  set_condition (cat, BS_CONDITION_THEME_ITEM, restaurant, item_id (cat, "000131024000"),
                 "menu=raw area=no|applicant=self");
  first = export_text (cat);
  g_assert_nonnull (strstr (first,
                            "        {\n"
                            "          \"item\": \"000131024000\",\n"
                            "          \"when\": [\n"
                            "            [\n"
                            "              \"area=no\",\n"
                            "              \"menu=raw\"\n"
                            "            ],\n"
                            "            [\n"
                            "              \"applicant=self\"\n"
                            "            ]\n"
                            "          ]\n"
                            "        },\n"
                            "        {\n"
                            "          \"item\": \"001120001000\",\n"));

  import_text (copy, first);
  second = export_text (copy);
  assert_same_text (second, first);
  assert_same_situations (cat, copy);
}

/* An import with situations is one edit: undo takes all of it back, redo
 * gives the same catalogue again. */
static void
test_situations_undo (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_fixture ("small.json");
  g_autofree char *first = NULL;
  g_autofree char *redone = NULL;

  import_text (cat, text);
  first = export_text (cat);
  bs_catalogue_undo (cat, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!g_str_equal (tables[i], "catalogue_meta"))
      {
        g_test_message ("table %s", tables[i]);
        g_assert_cmpint (count_rows (cat, tables[i]), ==, 0);
      }

  bs_catalogue_redo (cat, &error);
  g_assert_no_error (error);
  redone = export_text (cat);
  {
    g_autofree char *want = without_audit (first);
    g_autofree char *got = without_audit (redone);

    assert_same_text (got, want);
  }
}

/* Version 1 files still import: what they hold arrives, and the new keys
 * take their defaults. */
static gboolean
json_equal_v1 (JsonNode   *old,
               JsonNode   *now,
               const char *key)
{
  static const char * const added[] = {
    "questions", "form_url", "sample_url", "when", "item_conditions", "notes",
    "reference_date", "phases", "tasks", "decisions", "audit", NULL
  };

  if (g_strcmp0 (key, "version") == 0)
    return json_node_get_int (old) == 1 && json_node_get_int (now) == BS_CATALOGUE_JSON_VERSION;
  if (json_node_get_node_type (old) != json_node_get_node_type (now))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (old))
    {
      JsonObject *a = json_node_get_object (old), *b = json_node_get_object (now);
      g_autoptr(GList) members = json_object_get_members (b);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (b, l->data);
          JsonNode *before = json_object_get_member (a, l->data);

          if (before == NULL)
            {
              /* Added by versions 2 and 3: empty. */
              if (!g_strv_contains (added, l->data))
                return FALSE;
              if (JSON_NODE_HOLDS_NULL (value))
                continue;
              if (JSON_NODE_HOLDS_ARRAY (value)
                  ? json_array_get_length (json_node_get_array (value)) != 0
                  : !g_str_equal (json_node_get_string (value), ""))
                return FALSE;
            }
          else if (!json_equal_v1 (before, value, l->data))
            return FALSE;
        }
      /* Nothing of version 1 lost. */
      g_list_free (g_steal_pointer (&members));
      members = json_object_get_members (a);
      for (GList *l = members; l != NULL; l = l->next)
        if (!json_object_has_member (b, l->data))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (old))
    {
      JsonArray *a = json_node_get_array (old), *b = json_node_get_array (now);

      if (json_array_get_length (a) != json_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!json_equal_v1 (json_array_get_element (a, i), json_array_get_element (b, i), NULL))
          return FALSE;
      return TRUE;
    }
  return json_node_equal (old, now);
}

static void
test_version_1 (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *text = read_fixture ("small-v1.json");
  g_autofree char *exported = NULL;
  g_autoptr(JsonNode) old = NULL;
  g_autoptr(JsonNode) now = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (text, "{\n  \"format\": \"banshi-catalogue\",\n"
                                         "  \"version\": 1,\n"));
  import_text (cat, text);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 3);
  g_assert_cmpint (bs_catalogue_count (cat, "material"), ==, 4);
  g_assert_cmpint (count_rows (cat, "question"), ==, 0);
  g_assert_cmpint (count_rows (cat, "theme_note"), ==, 0);

  exported = export_text (cat);
  g_assert_true (g_str_has_prefix (exported, "{\n  \"format\": \"banshi-catalogue\",\n"
                                             "  \"version\": 3,\n"));
  g_assert_nonnull (strstr (exported, "\"questions\": [],\n  \"themes\""));
  g_assert_true (g_str_has_suffix (exported, "\"reference_date\": null,\n  \"phases\": [],\n"
                                             "  \"tasks\": [],\n  \"decisions\": [],\n"
                                             "  \"audit\": []\n}\n"));
  old = json_from_string (text, &error);
  g_assert_no_error (error);
  now = json_from_string (exported, &error);
  g_assert_no_error (error);
  g_assert_true (json_equal_v1 (old, now, NULL));

  /* The version 1 file is small.json without its situations. */
  {
    g_autoptr(BsCatalogue) full = new_catalogue ();
    g_autofree char *v2 = read_fixture ("small.json");
    g_autofree char *v2_exported = NULL;

    import_text (full, v2);
    g_assert_true (bs_catalogue_exec (full,
                                      "DELETE FROM theme_question_when; DELETE FROM theme_item_when; "
                                      "DELETE FROM material_when; DELETE FROM theme_note; "
                                      "DELETE FROM theme_question; DELETE FROM question; "
                                      "UPDATE material SET form_url = '', sample_url = ''; "
                                      "DELETE FROM decision; DELETE FROM task_item; DELETE FROM task; "
                                      "DELETE FROM phase; DELETE FROM audit; DELETE FROM audit_head; "
                                      "DELETE FROM catalogue_meta WHERE key = 'reference_date'",
                                      NULL));
    v2_exported = export_text (full);
    assert_same_text (v2_exported, exported);
  }
}

static void
test_demo (void)
{
  const char *source_dir = g_getenv ("BANSHI_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(BsCatalogue) again = new_catalogue ();
  g_autoptr(GError) error = NULL;

  if (source_dir == NULL)
    {
      g_test_skip ("BANSHI_SOURCE_DIR is not set");
      return;
    }
  path = g_build_filename (source_dir, "data", "demo", "demo.json", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  import_text (cat, text);
  first = export_text (cat);
  import_text (again, first);
  second = export_text (again);
  assert_same_text (second, first);

  /* The demo is kept in canonical form, so that its diffs stay small. */
  assert_same_text (first, text);
}

static void
test_files (void)
{
  g_autoptr(BsCatalogue) original = build_awkward_catalogue ();
  g_autoptr(BsCatalogue) copy = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("banshi-json-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *written = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "catalogue.json", NULL);
  missing = g_build_filename (dir, "missing.json", NULL);

  bs_catalogue_export_json_file (original, path, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_no_error (error);
  first = export_text (original);
  assert_same_text (written, first);

  bs_catalogue_import_json_file (copy, path, &error);
  g_assert_no_error (error);
  second = export_text (copy);
  assert_same_text (second, first);

  g_assert_false (bs_catalogue_import_json_file (copy, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  g_unlink (path);
  g_rmdir (dir);
}

/* Defaults of every optional key, and "5.0" counting as an integer. */
static void
test_minimal (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(BsItem) item = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(GError) error = NULL;
  const BsMaterial *material;

  import_text (cat,
               "\xEF\xBB\xBF{\"themes\": [{\"code\": \"t\", \"name\": \"T\", \"category\": \"c\"}],"
               " \"version\": 1, \"name\": \"\", \"format\": \"banshi-catalogue\","
               " \"departments\": [{\"code\": \"d\", \"name\": \"D\"}],"
               " \"items\": [{\"code\": \"i\", \"name\": \"I\", \"department\": \"d\","
               "   \"materials\": [{\"name\": \"M\", \"copies\": 2.0}]}],"
               " \"categories\": [{\"code\": \"c\", \"name\": \"C\"}]}");

  item = bs_catalogue_find_item (cat, "i", &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->type, ==, BS_ITEM_TYPE_LICENSING);
  g_assert_cmpuint (item->service_objects, ==, 0);
  g_assert_cmpint (item->legal_limit, ==, -1);
  g_assert_cmpint (item->committed_limit, ==, -1);
  g_assert_cmpint (item->handling, ==, BS_HANDLING_COMMITTED);
  g_assert_cmpint (item->visits, ==, -1);
  g_assert_cmpstr (item->legal_basis, ==, "");
  g_assert_cmpstr (item->online_url, ==, "");

  materials = bs_catalogue_list_materials (cat, item->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (materials->len, ==, 1);
  material = materials->pdata[0];
  g_assert_cmpint (material->form, ==, BS_MATERIAL_FORM_ORIGINAL);
  g_assert_cmpint (material->copies, ==, 2);
  g_assert_cmpint (material->source, ==, BS_MATERIAL_SOURCE_APPLICANT);
  g_assert_true (material->required);
  g_assert_cmpstr (material->notes, ==, "");

  category = bs_catalogue_find_category (cat, "c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (category->parent_id, ==, 0);
}

static void
test_cycle_imports (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *text = read_fixture ("cycle.json");
  g_autofree char *exported = NULL;

  import_text (cat, text);
  g_assert_cmpint (bs_catalogue_count (cat, "theme_edge"), ==, 3);
  exported = export_text (cat);
  assert_same_text (exported, text);
}

/* Hostile files --------------------------------------------------------- */

/* The fixture @fixture with the JSON value @value (NULL: the key removed)
 * at the JSON pointer @pointer ("/items/0/visits"; an index one past the
 * end appends), as compact JSON. */
static char *
mutate_fixture (const char *fixture,
                const char *pointer,
                const char *value)
{
  g_autofree char *base = read_fixture (fixture);
  g_autoptr(JsonNode) root = json_from_string (base, NULL);
  g_auto(GStrv) parts = g_strsplit (pointer + 1, "/", -1);
  guint n = g_strv_length (parts);
  JsonNode *node = root;
  JsonNode *replacement = NULL;

  g_assert_nonnull (root);
  if (value != NULL)
    {
      g_autoptr(GError) error = NULL;

      replacement = json_from_string (value, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else
        node = json_array_get_element (json_node_get_array (node), atoi (parts[i]));
      g_assert_nonnull (node);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (replacement == NULL)
        {
          g_assert_true (json_object_has_member (object, parts[n - 1]));
          json_object_remove_member (object, parts[n - 1]);
        }
      else
        json_object_set_member (object, parts[n - 1], replacement);
    }
  else
    {
      JsonArray *array = json_node_get_array (node);
      guint index = atoi (parts[n - 1]);

      if (replacement == NULL)
        json_array_remove_element (array, index);
      else if (index == json_array_get_length (array))
        json_array_add_element (array, replacement);
      else
        {
          /* JsonArray cannot replace: rebuild it. */
          g_autoptr(JsonArray) rebuilt = json_array_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            json_array_add_element (rebuilt, i == index ? replacement
                                                        : json_array_dup_element (array, i));
          json_node_set_array (node, rebuilt);
        }
    }

  return json_to_string (root, FALSE);
}

/* small.json, mutated. */
static char *
mutate (const char *pointer,
        const char *value)
{
  return mutate_fixture ("small.json", pointer, value);
}

/* Imports @length bytes of @data into a new catalogue; the error must name
 * @path first and contain @message; nothing may be written. */
static void
assert_refused_len (const char *data,
                    gsize       length,
                    const char *path,
                    const char *message)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s: ", path);

  g_assert_false (bs_catalogue_import_json (cat, data, length, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, message) == NULL)
    g_error ("expected “%s…%s…”, got “%s”", prefix, message, error->message);
  g_test_message ("%s", error->message);
  assert_empty (cat);
}

static void
assert_refused (const char *data,
                const char *path,
                const char *message)
{
  assert_refused_len (data, strlen (data), path, message);
}

typedef struct
{
  const char *pointer;
  const char *value;     /* JSON text; NULL: remove the key */
  const char *path;
  const char *message;
} Mutation;

static void
check_mutations (const Mutation *cases,
                 guint           n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = mutate (cases[i].pointer, cases[i].value);

      assert_refused (text, cases[i].path, cases[i].message);
    }
}

static void
test_wrong_types (void)
{
  static const Mutation cases[] = {
    { "/format", "1", "$.format", "not a Banshi catalogue" },
    { "/version", "\"1\"", "$.version", "expected an integer, found a string" },
    { "/version", "1.5", "$.version", "expected an integer" },
    { "/name", "1", "$.name", "expected a string, found a number" },
    { "/departments", "{}", "$.departments", "expected an array, found an object" },
    { "/items", "null", "$.items", "expected an array, found null" },
    { "/categories", "\"x\"", "$.categories", "expected an array" },
    { "/themes", "true", "$.themes", "expected an array" },
    { "/departments/0", "[]", "$.departments[0]", "expected an object, found an array" },
    { "/departments/0/code", "1", "$.departments[0].code", "expected a string" },
    { "/departments/0/name", "null", "$.departments[0].name", "expected a string, found null" },
    { "/departments/0/phone", "5", "$.departments[0].phone", "expected a string" },
    { "/departments/1/address", "true", "$.departments[1].address", "found true or false" },
    { "/items/0", "\"x\"", "$.items[0]", "expected an object" },
    { "/items/0/code", "[]", "$.items[0].code", "expected a string" },
    { "/items/0/name", "{}", "$.items[0].name", "expected a string" },
    { "/items/0/department", "1", "$.items[0].department", "expected a string" },
    { "/items/0/type", "1", "$.items[0].type", "expected a string" },
    { "/items/0/service_objects", "\"person\"", "$.items[0].service_objects", "expected an array" },
    { "/items/0/service_objects/1", "1", "$.items[0].service_objects[1]", "expected a string" },
    { "/items/0/legal_basis", "1", "$.items[0].legal_basis", "expected a string" },
    { "/items/0/conditions", "[]", "$.items[0].conditions", "expected a string" },
    { "/items/0/legal_limit", "5", "$.items[0].legal_limit", "expected an object or null" },
    { "/items/0/legal_limit/value", "\"5\"", "$.items[0].legal_limit.value", "expected an integer" },
    { "/items/0/legal_limit/value", "null", "$.items[0].legal_limit.value", "expected an integer" },
    { "/items/0/legal_limit/unit", "1", "$.items[0].legal_limit.unit", "expected a string" },
    { "/items/0/committed_limit", "\"5\"", "$.items[0].committed_limit", "expected an object or null" },
    { "/items/0/committed_limit/value", "5.5", "$.items[0].committed_limit.value", "expected an integer" },
    { "/items/0/handling", "false", "$.items[0].handling", "expected a string" },
    { "/items/0/visits", "\"1\"", "$.items[0].visits", "expected an integer" },
    { "/items/0/visits", "[]", "$.items[0].visits", "expected an integer or null" },
    { "/items/0/visits", "0.5", "$.items[0].visits", "expected an integer, found 0.5" },
    { "/items/0/fees", "1", "$.items[0].fees", "expected a string" },
    { "/items/0/place", "1", "$.items[0].place", "expected a string" },
    { "/items/0/hours", "1", "$.items[0].hours", "expected a string" },
    { "/items/0/phone", "1", "$.items[0].phone", "expected a string" },
    { "/items/0/online_url", "1", "$.items[0].online_url", "expected a string" },
    { "/items/0/result_name", "1", "$.items[0].result_name", "expected a string" },
    { "/items/0/materials", "{}", "$.items[0].materials", "expected an array" },
    { "/items/0/materials/1", "\"营业执照\"", "$.items[0].materials[1]", "expected an object" },
    { "/items/0/materials/0/name", "1", "$.items[0].materials[0].name", "expected a string" },
    { "/items/0/materials/0/form", "1", "$.items[0].materials[0].form", "expected a string" },
    { "/items/0/materials/0/copies", "\"1\"", "$.items[0].materials[0].copies", "expected an integer" },
    { "/items/0/materials/0/copies", "null", "$.items[0].materials[0].copies", "found null" },
    { "/items/0/materials/0/source", "1", "$.items[0].materials[0].source", "expected a string" },
    { "/items/0/materials/0/required", "\"yes\"", "$.items[0].materials[0].required", "expected true or false" },
    { "/items/0/materials/0/required", "1", "$.items[0].materials[0].required", "expected true or false" },
    { "/items/0/materials/0/notes", "1", "$.items[0].materials[0].notes", "expected a string" },
    { "/categories/0", "1", "$.categories[0]", "expected an object" },
    { "/categories/0/code", "1", "$.categories[0].code", "expected a string" },
    { "/categories/0/name", "1", "$.categories[0].name", "expected a string" },
    { "/categories/1/parent", "1", "$.categories[1].parent", "expected a category code or null" },
    { "/themes/0", "[]", "$.themes[0]", "expected an object" },
    { "/themes/0/code", "1", "$.themes[0].code", "expected a string" },
    { "/themes/0/name", "1", "$.themes[0].name", "expected a string" },
    { "/themes/0/category", "null", "$.themes[0].category", "expected a string" },
    { "/themes/0/description", "1", "$.themes[0].description", "expected a string" },
    { "/themes/0/items", "\"000131024000\"", "$.themes[0].items", "expected an array" },
    { "/themes/0/items/1", "1", "$.themes[0].items[1]", "expected an item code" },
    { "/themes/0/edges", "{}", "$.themes[0].edges", "expected an array" },
    { "/themes/0/edges/1", "\"000135001000\"", "$.themes[0].edges[1]", "expected a pair of item codes" },
    { "/themes/0/edges/1", "[\"000135001000\"]", "$.themes[0].edges[1]", "found 1 element" },
    { "/themes/0/edges/1", "[\"000135001000\", \"001120001000\", \"000131024000\"]",
      "$.themes[0].edges[1]", "found 3 elements" },
    { "/themes/0/edges/1", "[\"000135001000\", 2]", "$.themes[0].edges[1][1]", "expected an item code" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));
}

static void
test_missing_keys (void)
{
  static const Mutation cases[] = {
    { "/format", NULL, "$.format", "not a Banshi catalogue" },
    { "/version", NULL, "$", "the key “version” is missing" },
    { "/name", NULL, "$", "the key “name” is missing" },
    { "/departments", NULL, "$", "the key “departments” is missing" },
    { "/items", NULL, "$", "the key “items” is missing" },
    { "/categories", NULL, "$", "the key “categories” is missing" },
    { "/themes", NULL, "$", "the key “themes” is missing" },
    { "/departments/1/code", NULL, "$.departments[1]", "the key “code” is missing" },
    { "/departments/1/name", NULL, "$.departments[1]", "the key “name” is missing" },
    { "/items/2/code", NULL, "$.items[2]", "the key “code” is missing" },
    { "/items/2/name", NULL, "$.items[2]", "the key “name” is missing" },
    { "/items/2/department", NULL, "$.items[2]", "the key “department” is missing" },
    { "/items/0/legal_limit/value", NULL, "$.items[0].legal_limit", "the key “value” is missing" },
    { "/items/0/committed_limit/unit", NULL, "$.items[0].committed_limit", "the key “unit” is missing" },
    { "/items/0/materials/2/name", NULL, "$.items[0].materials[2]", "the key “name” is missing" },
    { "/categories/0/code", NULL, "$.categories[0]", "the key “code” is missing" },
    { "/categories/0/name", NULL, "$.categories[0]", "the key “name” is missing" },
    { "/themes/1/code", NULL, "$.themes[1]", "the key “code” is missing" },
    { "/themes/1/name", NULL, "$.themes[1]", "the key “name” is missing" },
    { "/themes/1/category", NULL, "$.themes[1]", "the key “category” is missing" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));
}

static void
test_unknown_keys (void)
{
  static const Mutation cases[] = {
    { "/extra", "1", "$", "unknown key “extra”" },
    { "/departments/0/email", "\"\"", "$.departments[0]", "unknown key “email”" },
    { "/items/1/deparment", "\"scjg\"", "$.items[1]", "unknown key “deparment”" },
    { "/items/0/materials/1/position", "0", "$.items[0].materials[1]", "unknown key “position”" },
    { "/items/0/legal_limit/days", "1", "$.items[0].legal_limit", "unknown key “days”" },
    { "/categories/1/position", "1", "$.categories[1]", "unknown key “position”" },
    { "/themes/1/id", "1", "$.themes[1]", "unknown key “id”" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));
}

static void
test_bad_values (void)
{
  g_autofree char *long_code = g_strnfill (129, 'x');
  g_autofree char *long_code_json = g_strdup_printf ("\"%s\"", long_code);
  g_autofree char *text = NULL;
  const Mutation cases[] = {
    /* enumerations */
    { "/format", "\"banshi-catalog\"", "$.format", "not a Banshi catalogue" },
    { "/items/0/type", "\"permit\"", "$.items[0].type", "“permit” is not one of “licensing”" },
    { "/items/0/type", "\"Licensing\"", "$.items[0].type", "is not one of" },
    { "/items/0/service_objects/0", "\"alien\"", "$.items[0].service_objects[0]", "“alien” is not one of" },
    { "/items/0/service_objects/1", "\"person\"", "$.items[0].service_objects[1]", "“person” is listed twice" },
    { "/items/0/legal_limit/unit", "\"weeks\"", "$.items[0].legal_limit.unit", "“weeks” is not one of “working-days”, “calendar-days”" },
    { "/items/0/handling", "\"later\"", "$.items[0].handling", "is not one of “on-the-spot”, “committed”" },
    { "/items/0/materials/0/form", "\"scan\"", "$.items[0].materials[0].form", "is not one of" },
    { "/items/0/materials/0/source", "\"friend\"", "$.items[0].materials[0].source", "is not one of" },
    /* ranges */
    { "/items/0/legal_limit/value", "-1", "$.items[0].legal_limit.value", "-1 is out of range (0 to 3650)" },
    { "/items/0/legal_limit/value", "3651", "$.items[0].legal_limit.value", "3651 is out of range" },
    { "/items/0/committed_limit/value", "100000", "$.items[0].committed_limit.value", "out of range" },
    { "/items/0/visits", "-1", "$.items[0].visits", "-1 is out of range (0 to 99)" },
    { "/items/0/visits", "100", "$.items[0].visits", "100 is out of range" },
    { "/items/0/visits", "1e300", "$.items[0].visits", "out of range" },
    { "/items/0/materials/0/copies", "-1", "$.items[0].materials[0].copies", "out of range (0 to 999)" },
    { "/items/0/materials/0/copies", "1000", "$.items[0].materials[0].copies", "1000 is out of range" },
    { "/items/0/materials/0/copies", "4294967297", "$.items[0].materials[0].copies", "out of range" },
    /* codes and names */
    { "/departments/0/code", "\"\"", "$.departments[0].code", "a code cannot be empty" },
    { "/items/1/code", long_code_json, "$.items[1].code", "at most 128 characters" },
    { "/categories/0/code", "\"\"", "$.categories[0].code", "a code cannot be empty" },
    { "/themes/1/code", long_code_json, "$.themes[1].code", "at most 128 characters" },
    { "/departments/1/name", "\"\"", "$.departments[1].name", "a name cannot be empty" },
    { "/items/1/name", "\"\"", "$.items[1].name", "a name cannot be empty" },
    { "/items/0/materials/1/name", "\"\"", "$.items[0].materials[1].name", "a name cannot be empty" },
    { "/categories/1/name", "\"\"", "$.categories[1].name", "a name cannot be empty" },
    { "/themes/0/name", "\"\"", "$.themes[0].name", "a name cannot be empty" },
    /* the version */
    { "/version", "4", "$.version", "from a newer Banshi (format version 4)" },
    { "/version", "0", "$.version", "unknown format version 0" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));

  /* 128 characters of Chinese are 384 bytes, and fine. */
  {
    g_autoptr(GString) code = g_string_new ("\"");
    g_autoptr(BsCatalogue) cat = new_catalogue ();

    for (guint i = 0; i < 128; i++)
      g_string_append (code, "码");
    g_string_append_c (code, '"');
    text = mutate ("/themes/1/code", code->str);
    {
      /* A task of the rollout names the theme too. */
      g_autoptr(JsonNode) root = json_from_string (text, NULL);
      JsonArray *tasks = json_object_get_array_member (json_node_get_object (root), "tasks");
      g_autofree char *name = g_strndup (code->str + 1, code->len - 2);

      json_object_set_string_member (json_array_get_object_element (tasks, 2), "theme", name);
      g_free (text);
      text = json_to_string (root, FALSE);
    }
    import_text (cat, text);
    g_assert_cmpint (bs_catalogue_count (cat, "theme"), ==, 2);
  }
}

static void
test_references (void)
{
  static const Mutation cases[] = {
    { "/items/1/department", "\"sjgj\"", "$.items[1].department", "no department has the code “sjgj”" },
    { "/themes/0/category", "\"nope\"", "$.themes[0].category", "no category has the code “nope”" },
    { "/categories/1/parent", "\"nope\"", "$.categories[1].parent", "no category has the code “nope”" },
    { "/themes/0/items/2", "\"nope\"", "$.themes[0].items[2]", "no item has the code “nope”" },
    { "/themes/0/edges/0", "[\"nope\", \"000131024000\"]", "$.themes[0].edges[0][0]", "no item has the code “nope”" },
    { "/themes/0/edges/0", "[\"000131024000\", \"nope\"]", "$.themes[0].edges[0][1]", "no item has the code “nope”" },
    /* an edge to an item outside the theme */
    { "/themes/1/edges/0", "[\"001120001000\", \"000131024000\"]", "$.themes[1].edges[0][1]",
      "the item “000131024000” is not among the theme’s items" },
    { "/themes/1/edges/0", "[\"000135001000\", \"001120001000\"]", "$.themes[1].edges[0][0]",
      "is not among the theme’s items" },
    /* self-loops and repeats */
    { "/themes/0/edges/2", "[\"000131024000\", \"000131024000\"]", "$.themes[0].edges[2]",
      "an item cannot be its own prerequisite" },
    { "/themes/0/edges/2", "[\"000135001000\", \"000131024000\"]", "$.themes[0].edges[2]",
      "the edge “000135001000” → “000131024000” appears twice" },
    { "/themes/0/items/3", "\"000131024000\"", "$.themes[0].items[3]",
      "the item “000131024000” is listed twice in this theme" },
    /* duplicate codes */
    { "/departments/1/code", "\"scjg\"", "$.departments[1].code", "the code “scjg” is used twice (also by $.departments[0])" },
    { "/items/2/code", "\"000131024000\"", "$.items[2].code", "the code “000131024000” is used twice (also by $.items[0])" },
    { "/categories/1/code", "\"zyzb\"", "$.categories[1].code", "is used twice (also by $.categories[0])" },
    { "/themes/1/code", "\"open-restaurant\"", "$.themes[1].code", "is used twice (also by $.themes[0])" },
    /* category loops */
    { "/categories/0/parent", "\"zyzb\"", "$.categories[0].parent", "a category cannot be its own parent" },
    { "/categories/0/parent", "\"zyzb-cy\"", "$.categories[0].parent", "is among its own ancestors" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));
}

/* Questions, options and conditions that do not hold together. */
static void
test_situations_hostile (void)
{
  g_autofree char *long_code = g_strnfill (129, 'q');
  g_autofree char *long_code_json = g_strdup_printf ("\"%s\"", long_code);
  const Mutation cases[] = {
    /* conditions naming what is not there */
    { "/themes/0/item_conditions/0/when/0/0", "\"area=maybe\"",
      "$.themes[0].item_conditions[0].when[0][0]", "the question “area” has no option “maybe”" },
    { "/themes/0/notes/0/when/0/0", "\"payer=self\"",
      "$.themes[0].notes[0].when[0][0]", "no question has the code “payer”" },
    { "/items/0/materials/2/when/1/1", "\"Menu=raw\"",
      "$.items[0].materials[2].when[1][1]", "no question has the code “Menu”" },
    { "/themes/0/questions/2/when/0/0", "\"menu=Hot\"",
      "$.themes[0].questions[2].when[0][0]", "the question “menu” has no option “Hot”" },
    /* terms that are not "question=option" */
    { "/items/0/materials/2/when/0/0", "\"menu\"",
      "$.items[0].materials[2].when[0][0]", "“menu” is not of the form “question=option”" },
    { "/themes/0/notes/0/when/0/0", "\"=agent\"", "$.themes[0].notes[0].when[0][0]", "is not of the form" },
    { "/themes/0/notes/0/when/0/0", "\"applicant=\"", "$.themes[0].notes[0].when[0][0]", "is not of the form" },
    { "/themes/0/notes/0/when/0/0", "\"applicant=agent=x\"", "$.themes[0].notes[0].when[0][0]",
      "is not of the form" },
    { "/themes/0/notes/0/when/0/0", "\"\"", "$.themes[0].notes[0].when[0][0]", "is not of the form" },
    /* a term twice in a group, empty groups and empty item conditions */
    { "/themes/0/questions/2/when/1/1", "\"menu=cold\"",
      "$.themes[0].questions[2].when[1][1]", "“menu=cold” appears twice in this group" },
    { "/themes/0/notes/1/when/0", "[]", "$.themes[0].notes[1].when[0]", "a group cannot be empty" },
    { "/items/0/materials/0/when", "[[\"menu=hot\"], []]", "$.items[0].materials[0].when[1]",
      "a group cannot be empty" },
    { "/themes/0/item_conditions/0/when", "[]", "$.themes[0].item_conditions[0].when",
      "an item condition needs a group at least" },
    { "/themes/0/item_conditions/0/when", NULL, "$.themes[0].item_conditions[0]",
      "the key “when” is missing" },
    /* item conditions on items that are not the theme's, or twice */
    { "/themes/1/item_conditions/0", "{\"item\": \"000131024000\", \"when\": [[\"area=yes\"]]}",
      "$.themes[1].item_conditions[0].item", "the item “000131024000” is not among the theme’s items" },
    { "/themes/0/item_conditions/0/item", "\"nope\"", "$.themes[0].item_conditions[0].item",
      "no item has the code “nope”" },
    { "/themes/0/item_conditions/1", "{\"item\": \"001120001000\", \"when\": [[\"area=no\"]]}",
      "$.themes[0].item_conditions[1].item", "the item “001120001000” has a condition already" },
    { "/themes/0/item_conditions/0/item", NULL, "$.themes[0].item_conditions[0]",
      "the key “item” is missing" },
    /* a theme's questions */
    { "/themes/0/questions/3", "{\"question\": \"menu\"}", "$.themes[0].questions[3].question",
      "the theme asks the question “menu” twice" },
    { "/themes/0/questions/0/question", "\"nope\"", "$.themes[0].questions[0].question",
      "no question has the code “nope”" },
    { "/themes/0/questions/0/question", NULL, "$.themes[0].questions[0]", "the key “question” is missing" },
    /* questions and options */
    { "/questions/0/options/1/code", "\"a=b\"", "$.questions[0].options[1].code", "contains “=”" },
    { "/questions/1/code", "\"area=x\"", "$.questions[1].code", "the code “area=x” contains “=”" },
    { "/questions/1/options", "[]", "$.questions[1].options", "a question needs at least one option" },
    { "/questions/1/options", NULL, "$.questions[1]", "the key “options” is missing" },
    { "/questions/2/options/2/code", "\"hot\"", "$.questions[2].options[2].code",
      "the code “hot” is used twice (also by $.questions[2].options[0])" },
    { "/questions/2/code", "\"area\"", "$.questions[2].code",
      "the code “area” is used twice (also by $.questions[1])" },
    { "/questions/0/code", "\"\"", "$.questions[0].code", "a code cannot be empty" },
    { "/questions/0/code", long_code_json, "$.questions[0].code", "at most 128 characters" },
    { "/questions/0/options/0/code", long_code_json, "$.questions[0].options[0].code",
      "at most 128 characters" },
    { "/questions/0/prompt", "\"\"", "$.questions[0].prompt", "a question needs a prompt" },
    { "/questions/0/prompt", NULL, "$.questions[0]", "the key “prompt” is missing" },
    { "/questions/0/options/0/label", "\"\"", "$.questions[0].options[0].label", "an option needs a label" },
    { "/questions/0/options/0/label", NULL, "$.questions[0].options[0]", "the key “label” is missing" },
    { "/questions/0/kind", "\"many\"", "$.questions[0].kind", "“many” is not one of “single”, “multiple”" },
    /* notes */
    { "/themes/0/notes/0/text", "\"\"", "$.themes[0].notes[0].text", "a note cannot be empty" },
    { "/themes/0/notes/0/text", NULL, "$.themes[0].notes[0]", "the key “text” is missing" },
    { "/themes/1/notes/0", "{\"text\": \"x\", \"item\": \"000131024000\"}",
      "$.themes[1].notes[0].item", "the item “000131024000” is not among the theme’s items" },
    { "/themes/0/notes/1/item", "\"nope\"", "$.themes[0].notes[1].item", "no item has the code “nope”" },
    { "/themes/0/notes/1/item", "1", "$.themes[0].notes[1].item", "expected an item code or null" },
    /* types */
    { "/questions", "{}", "$.questions", "expected an array, found an object" },
    { "/questions/0", "\"applicant\"", "$.questions[0]", "expected an object, found a string" },
    { "/questions/0/options", "{}", "$.questions[0].options", "expected an array" },
    { "/questions/0/options/0", "\"self\"", "$.questions[0].options[0]", "expected an object" },
    { "/questions/0/help", "1", "$.questions[0].help", "expected a string" },
    { "/questions/0/kind", "1", "$.questions[0].kind", "expected a string" },
    { "/items/0/materials/0/form_url", "1", "$.items[0].materials[0].form_url", "expected a string" },
    { "/items/0/materials/0/sample_url", "null", "$.items[0].materials[0].sample_url", "expected a string" },
    { "/items/0/materials/0/when", "\"menu=hot\"", "$.items[0].materials[0].when", "expected an array" },
    { "/themes/0/questions", "{}", "$.themes[0].questions", "expected an array" },
    { "/themes/0/questions/0", "\"applicant\"", "$.themes[0].questions[0]", "expected an object" },
    { "/themes/0/item_conditions", "{}", "$.themes[0].item_conditions", "expected an array" },
    { "/themes/0/notes", "\"x\"", "$.themes[0].notes", "expected an array" },
    { "/themes/0/notes/0/when/0", "\"applicant=agent\"", "$.themes[0].notes[0].when[0]",
      "expected a group of “question=option” strings, found a string" },
    { "/themes/0/notes/0/when/0/0", "1", "$.themes[0].notes[0].when[0][0]",
      "expected a “question=option” string, found a number" },
    /* unknown keys */
    { "/questions/0/position", "0", "$.questions[0]", "unknown key “position”" },
    { "/questions/0/options/0/id", "0", "$.questions[0].options[0]", "unknown key “id”" },
    { "/themes/0/questions/0/position", "0", "$.themes[0].questions[0]", "unknown key “position”" },
    { "/themes/0/item_conditions/0/unless", "[]", "$.themes[0].item_conditions[0]", "unknown key “unless”" },
    { "/themes/0/notes/0/title", "\"\"", "$.themes[0].notes[0]", "unknown key “title”" },
    /* newer files */
    { "/version", "4", "$.version", "from a newer Banshi" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));

  /* Fine, though: a term in two groups. */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autofree char *text = mutate ("/items/0/materials/2/when/1/0", "\"menu=cold\"");

    import_text (cat, text);
    g_assert_cmpint (count_rows (cat, "material_when"), ==, 3);
  }
}

/* A version 1 file cannot have what version 2 added. */
static void
test_version_1_new_keys (void)
{
  static const struct
  {
    const char *pointer;
    const char *value;
    const char *path;
    const char *message;
  } cases[] = {
    { "/questions", "[]", "$", "unknown key “questions”" },
    { "/items/0/materials/0/form_url", "\"\"", "$.items[0].materials[0]", "unknown key “form_url”" },
    { "/items/0/materials/1/sample_url", "\"\"", "$.items[0].materials[1]", "unknown key “sample_url”" },
    { "/items/0/materials/2/when", "[]", "$.items[0].materials[2]", "unknown key “when”" },
    { "/themes/0/questions", "[]", "$.themes[0]", "unknown key “questions”" },
    { "/themes/0/item_conditions", "[]", "$.themes[0]", "unknown key “item_conditions”" },
    { "/themes/1/notes", "[]", "$.themes[1]", "unknown key “notes”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mutate_fixture ("small-v1.json", cases[i].pointer, cases[i].value);

      assert_refused (text, cases[i].path, cases[i].message);
    }

  /* small.json marked as version 1. */
  {
    g_autofree char *text = mutate ("/version", "1");

    assert_refused (text, "$", "unknown key “questions”");
  }
  /* … and without its top-level questions and rollout: the first
   * material's keys. */
  {
    g_autofree char *text = mutate ("/version", "1");
    g_autoptr(JsonNode) root = json_from_string (text, NULL);
    g_autofree char *without = NULL;

    for (guint i = 0; i < 6; i++)
      json_object_remove_member (json_node_get_object (root),
                                 (const char *[]) { "questions", "reference_date", "phases", "tasks",
                                                    "decisions", "audit" }[i]);
    without = json_to_string (root, FALSE);
    assert_refused (without, "$.items[0].materials[0]", "unknown key “form_url”");
  }
}

/* The fixture with the string "@@" at @pointer replaced by raw bytes. */
static GString *
splice (const char *pointer,
        const char *raw,
        gsize       raw_length)
{
  g_autofree char *text = mutate (pointer, "\"@@\"");
  const char *at = strstr (text, "\"@@\"");
  GString *out = g_string_new_len (text, at - text);

  g_string_append_len (out, raw, raw_length);
  g_string_append (out, at + 4);
  return out;
}

static void
assert_splice_refused (const char *pointer,
                       const char *raw,
                       gsize       raw_length,
                       const char *path,
                       const char *message)
{
  g_autoptr(GString) text = splice (pointer, raw, raw_length);

  assert_refused_len (text->str, text->len, path, message);
}

#define SPLICE(pointer, raw, path, message) \
  assert_splice_refused (pointer, raw, sizeof raw - 1, path, message)

static void
test_hostile_bytes (void)
{
  g_autofree char *text = read_fixture ("small.json");
  gsize length = strlen (text);

  /* Empty, not an object, truncated, trailing junk */
  assert_refused ("", "$", "the file is empty");
  assert_refused (" \n\t ", "$", "the file is empty");
  assert_refused ("[]", "$", "expected an object, found an array");
  assert_refused ("[{\"format\": \"banshi-catalogue\"}]", "$", "expected an object, found an array");
  assert_refused ("\"banshi-catalogue\"", "$", "expected an object, found a string");
  assert_refused ("null", "$", "expected an object, found null");
  assert_refused ("{", "$", "the file may be truncated");
  /* (Without its final newline, the file is whole.) */
  g_assert_cmpint (text[length - 1], ==, '\n');
  for (gsize cut = 1; cut < length - 1; cut += length / 7)
    {
      g_autoptr(BsCatalogue) cat = new_catalogue ();
      g_autoptr(GError) error = NULL;

      g_assert_false (bs_catalogue_import_json (cat, text, cut, &error));
      g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "$"));
      assert_empty (cat);
    }
  assert_refused_len (text, length - 2, "$.audit", "the document ends too early; the file may be truncated");
  {
    g_autofree char *junk = g_strconcat (text, "{}", NULL);

    assert_refused (junk, "$", "unexpected content after the end of the document");
  }

  /* Not JSON, though json-glib would take it */
  SPLICE ("/items/0/visits", "0x10", "$.items[0].visits", "unexpected “x”");
  SPLICE ("/items/0/visits", "01", "$.items[0].visits", "unexpected “1”");
  SPLICE ("/items/0/visits", "+1", "$.items[0].visits", "unexpected “+”");
  SPLICE ("/items/0/visits", "1.", "$.items[0].visits", "invalid number");
  SPLICE ("/items/0/visits", "99999999999999999999", "$.items[0].visits", "the number is too large");
  SPLICE ("/items/0/visits", "18446744073709551617", "$.items[0].visits", "the number is too large");
  SPLICE ("/items/0/visits", "NaN", "$.items[0].visits", "unexpected “N”");
  SPLICE ("/items/0/visits", "/* 0 */ 0", "$.items[0].visits", "unexpected “/”");
  SPLICE ("/items/0/visits", "'1'", "$.items[0].visits", "unexpected “'”");
  SPLICE ("/items/0/fees", "\"a\\xb\"", "$.items[0].fees", "“\\x” is not a valid escape");
  SPLICE ("/items/0/fees", "\"a\\u12\"", "$.items[0].fees", "four hexadecimal digits");
  SPLICE ("/items/0/fees", "\"tab\tinside\"", "$.items[0].fees", "control character U+0009");
  SPLICE ("/items/0/fees", "\"a\", \"fees\": \"b\"", "$.items[0]", "the key “fees” appears more than once");
  SPLICE ("/themes/1/description", "\"\", \"description\": \"\"", "$.themes[1]",
          "the key “description” appears more than once");
  {
    g_autofree char *twice = g_strconcat ("{\"format\": \"x\", ", text + 1, NULL);

    assert_refused (twice, "$", "the key “format” appears more than once");
  }

  /* NUL, in every form */
  SPLICE ("/items/1/name", "\"a\0b\"", "$.items[1].name", "strings cannot contain NUL bytes");
  SPLICE ("/items/1/name", "\"a\\u0000b\"", "$.items[1].name", "NUL character");
  SPLICE ("/items/1/name", "\0", "$.items[1].name", "unexpected NUL byte");
  assert_refused_len ("\0{}", 3, "$", "unexpected NUL byte");

  /* Invalid UTF-8: stray bytes, truncated and overlong sequences,
   * surrogates, in values, in keys, outside strings */
  SPLICE ("/items/0/legal_basis", "\"ok \xff\"", "$.items[0].legal_basis", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\"\xe4\xb8\"", "$.items[0].legal_basis", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\"\xc0\xaf\"", "$.items[0].legal_basis", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\"\xed\xa0\x80\"", "$.items[0].legal_basis", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\xff", "$.items[0].legal_basis", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\"\\ud800\"", "$.items[0].legal_basis", "half of a surrogate pair");
  SPLICE ("/items/0/legal_basis", "\"\\udc00\\ud800\"", "$.items[0].legal_basis", "half of a surrogate pair");
  SPLICE ("/items/0/legal_basis", "\"\\ud800x\"", "$.items[0].legal_basis", "half of a surrogate pair");
  SPLICE ("/items/0/legal_basis", "\"\", \"\xff\": 1", "$.items[0]", "invalid UTF-8");
  SPLICE ("/items/0/legal_basis", "\"\", \"\xe4\xb8\xad\xe6\x96\x87\": 1", "$.items[0]", "unknown key “中文”");
  assert_refused ("\xff", "$", "invalid UTF-8 at byte 0");
  /* Offsets count the byte-order mark. */
  assert_refused ("\xEF\xBB\xBF\xff", "$", "invalid UTF-8 at byte 3");
}

static void
test_huge_string (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autoptr(GString) raw = g_string_sized_new (size + 2);
  g_autoptr(GString) text = NULL;

  g_string_append_c (raw, '"');
  while (raw->len < size)
    g_string_append (raw, "依据0123");
  g_string_append_c (raw, '"');

  text = splice ("/items/2/legal_basis", raw->str, raw->len);
  assert_refused_len (text->str, text->len, "$.items[2].legal_basis", "string is longer than 1 MiB");

  /* A key, too. */
  g_string_truncate (text, 0);
  g_string_append (text, "{");
  g_string_append_len (text, raw->str, raw->len);
  g_string_append (text, ": 1}");
  assert_refused_len (text->str, text->len, "$", "string is longer than 1 MiB");

  /* One byte over the limit is over; the limit itself is fine. */
  memset (raw->str + 1, 'a', 1024 * 1024 + 1);
  g_string_set_size (raw, 1 + 1024 * 1024 + 1);
  g_string_append_c (raw, '"');
  g_string_free (g_steal_pointer (&text), TRUE);
  text = splice ("/items/2/legal_basis", raw->str, raw->len);
  assert_refused_len (text->str, text->len, "$.items[2].legal_basis", "longer than 1 MiB");

  g_string_set_size (raw, 1 + 1024 * 1024);
  g_string_append_c (raw, '"');
  g_string_free (g_steal_pointer (&text), TRUE);
  text = splice ("/items/2/legal_basis", raw->str, raw->len);
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autoptr(GError) error = NULL;

    bs_catalogue_import_json (cat, text->str, text->len, &error);
    g_assert_no_error (error);
  }
}

static void
test_deep_nesting (void)
{
  const guint depth = 10000;
  g_autoptr(GString) deep = g_string_sized_new (2 * depth);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) path = g_string_new ("$");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (deep, ']');

  /* 64 levels are allowed, the 65th is not. */
  for (guint i = 0; i < 64; i++)
    g_string_append (path, "[0]");
  assert_refused_len (deep->str, deep->len, path->str, "nesting is deeper than 64 levels");

  text = splice ("/items/0/conditions", deep->str, deep->len);
  g_string_assign (path, "$.items[0].conditions");
  for (guint i = 0; i < 64 - 3; i++)
    g_string_append (path, "[0]");
  assert_refused_len (text->str, text->len, path->str, "nesting is deeper than 64 levels");

  /* Objects, unclosed */
  for (guint i = 0; i < depth; i++)
    g_string_append (objects, "{\"a\":");
  g_string_assign (path, "$");
  for (guint i = 0; i < 64; i++)
    g_string_append (path, ".a");
  assert_refused_len (objects->str, objects->len, path->str, "nesting is deeper than 64 levels");
}

/* A file whose codes are in the catalogue already changes nothing. */
static void
test_existing_codes (void)
{
  g_autofree char *text = read_fixture ("small.json");
  struct {
    const char *path;
    const char *message;
  } cases[] = {
    { "$.departments[1].code", "the catalogue already has a department with the code “xf”" },
    { "$.items[1].code", "the catalogue already has an item with the code “000135001000”" },
    { "$.categories[1].code", "the catalogue already has a category with the code “zyzb-cy”" },
    { "$.themes[1].code", "the catalogue already has a theme with the code “zz-inspection”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsCatalogue) cat = new_catalogue ();
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *prefix = g_strdup_printf ("%s: ", cases[i].path);
      gint64 department = add_department (cat, i == 0 ? "xf" : "other", "其他部门", "", "");
      gint64 category = add_category (cat, i == 2 ? "zyzb-cy" : "other", "其他", 0);

      if (i == 1)
        add_item (cat, "000135001000", "名称", department, 0);
      if (i == 3)
        add_theme (cat, "zz-inspection", "主题", category, NULL, 0);

      before = export_text (cat);
      g_assert_false (bs_catalogue_import_json (cat, text, strlen (text), &error));
      g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      after = export_text (cat);
      assert_same_text (after, before);
      g_assert_false (bs_catalogue_in_edit (cat));
    }

  /* A question code the catalogue holds already. */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *v2 = read_fixture ("small.json");

    add_question (cat, "area", "已有的问题", "", BS_QUESTION_KIND_SINGLE,
                  (const char * const[]) { "yes:是", NULL });
    before = export_text (cat);
    g_assert_false (bs_catalogue_import_json (cat, v2, strlen (v2), &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "$.questions[1].code: "));
    g_assert_nonnull (strstr (error->message, "the catalogue already has a question with the code “area”"));
    after = export_text (cat);
    assert_same_text (after, before);
    g_assert_cmpint (count_rows (cat, "question"), ==, 1);
    g_assert_cmpint (count_rows (cat, "item"), ==, 0);
    g_assert_false (bs_catalogue_in_edit (cat));
  }

  /* Importing the same file twice: the second time is refused whole. */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    import_text (cat, text);
    before = export_text (cat);
    g_assert_false (bs_catalogue_import_json (cat, text, strlen (text), &error));
    g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "$.departments[0].code: "));
    after = export_text (cat);
    assert_same_text (after, before);
  }
}

/* A failure while writing (here the database refuses materials, after the
 * departments and items went in) rolls everything back. */
static void
test_write_failure_rolls_back (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_fixture ("small.json");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_department (cat, "other", "其他部门", "", "");
  before = export_text (cat);
  g_assert_true (bs_catalogue_exec (cat,
                                    "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.material "
                                    "BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                    NULL));
  g_assert_false (bs_catalogue_import_json (cat, text, strlen (text), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_false (bs_catalogue_in_edit (cat));
  g_assert_true (bs_catalogue_exec (cat, "DROP TRIGGER temp.refuse", NULL));

  after = export_text (cat);
  assert_same_text (after, before);
  g_assert_cmpint (bs_catalogue_count (cat, "item"), ==, 0);

  /* The same when the last rows of all, a note's condition, are refused. */
  g_assert_true (bs_catalogue_exec (cat,
                                    "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.theme_note_when "
                                    "BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                    NULL));
  g_clear_error (&error);
  g_assert_false (bs_catalogue_import_json (cat, text, strlen (text), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_false (bs_catalogue_in_edit (cat));
  g_assert_true (bs_catalogue_exec (cat, "DROP TRIGGER temp.refuse", NULL));
  g_clear_pointer (&after, g_free);
  after = export_text (cat);
  assert_same_text (after, before);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!g_str_equal (tables[i], "catalogue_meta") && !g_str_equal (tables[i], "department"))
      g_assert_cmpint (count_rows (cat, tables[i]), ==, 0);
}

/* The rollout (version 3) ---------------------------------------------- */

static BsDate
date_of (const char *text)
{
  BsDate date = BS_DATE_NONE;

  g_assert_true (bs_date_parse (text, &date));
  return date;
}

/* What small.json says about the rollout is in the rows, and its trail
 * arrives as it was: intact, ending with the file's last hash. */
static void
test_rollout_rows (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autofree char *text = read_fixture ("small.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(BsTask) task = NULL;
  g_autoptr(BsDecision) decision = NULL;
  g_autoptr(BsAuditReport) report = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BsDepartment) xf = NULL;

  import_text (cat, text);
  g_assert_cmpuint (bs_catalogue_get_reference_date (cat), ==, date_of ("2026-04-20"));

  phases = bs_catalogue_list_phases (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (phases->len, ==, 2);
  g_assert_cmpstr (((BsPhase *) phases->pdata[0])->code, ==, "batch-1");
  g_assert_cmpuint (((BsPhase *) phases->pdata[0])->start, ==, date_of ("2026-03-02"));
  g_assert_cmpuint (((BsPhase *) phases->pdata[1])->end, ==, BS_DATE_NONE);

  task = bs_catalogue_find_task (cat, "T-scjg-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->theme_id, ==, theme_id (cat, "open-restaurant"));
  g_assert_cmpuint (task->item_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (task->item_ids, gint64, 0), ==, item_id (cat, "000131024000"));
  g_assert_cmpint (task->status, ==, BS_TASK_STATUS_ACCEPTED);
  g_assert_cmpuint (task->completed, ==, date_of ("2026-03-30"));
  g_assert_cmpstr (task->responsible, ==, "张伟");
  g_clear_pointer (&task, bs_task_free);
  task = bs_catalogue_find_task (cat, "T-xf-1", &error);
  g_assert_cmpint (task->theme_id, ==, 0);
  g_assert_cmpstr (task->deliverable, ==, "消防检查事项的材料清单 \"标准版\" 与 \\ 示范文本");
  g_assert_cmpuint (task->start, ==, BS_DATE_NONE);

  decision = bs_catalogue_find_decision (cat, "D-2", &error);
  xf = bs_catalogue_find_department (cat, "xf", &error);
  g_assert_cmpint (decision->department_id, ==, xf->id);
  g_assert_cmpint (decision->kind, ==, BS_DECISION_KIND_REMINDER);
  g_assert_cmpuint (decision->date, ==, date_of ("2026-04-20"));

  report = bs_catalogue_verify_audit (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
  g_assert_cmpint (report->n_records, ==, 56);
  g_assert_nonnull (strstr (text, report->head_hash));
  g_assert_cmpstr (report->head_hash, ==, "878e3c4d099942ac9ea24b01ed732f909b70aead23e162fe5e90b0d4491843a7");
  /* The import wrote the file's history, not records of its own. */
  records = bs_catalogue_list_audit (cat, NULL, NULL, &error);
  g_assert_cmpuint (records->len, ==, 56);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (((BsAuditRecord *) records->pdata[i])->action, !=, "Import Catalogue");
  g_assert_cmpstr (((BsAuditRecord *) records->pdata[0])->prev_hash, ==, BS_AUDIT_FIRST_PREV_HASH);

  /* Editing after the import goes on from the file's last record. */
  bs_catalogue_set_task_status (cat, task->id, BS_TASK_STATUS_SUBMITTED, BS_DATE_NONE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, bs_audit_report_free);
  report = bs_catalogue_verify_audit (cat, &error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
  g_assert_cmpint (report->n_records, ==, 57);
}

/* A file with a rollout but no trail: the import records it. */
static void
test_rollout_import_records (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(BsCatalogue) copy = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mutate ("/audit", "[]");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BsAuditReport) report = NULL;
  guint n_tasks = 0;

  import_text (cat, text);
  records = bs_catalogue_list_audit (cat, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Every non-null field of 2 phases, 3 tasks (3 items) and 2 decisions:
   * 5 + 3 + 10 + 9 + 10 + 6 … counted by kind below. */
  g_assert_cmpuint (records->len, >, 40);
  for (guint i = 0; i < records->len; i++)
    {
      const BsAuditRecord *record = records->pdata[i];

      g_assert_cmpstr (record->action, ==, "Import Catalogue");
      g_assert_null (record->old_value);
      g_assert_nonnull (record->new_value);
      n_tasks += g_str_equal (record->field, "deliverable");
    }
  g_assert_cmpuint (n_tasks, ==, 3);
  report = bs_catalogue_verify_audit (cat, &error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);

  /* That trail now travels with the file. */
  first = export_text (cat);
  import_text (copy, first);
  second = export_text (copy);
  assert_same_text (second, first);
  g_assert_cmpint (bs_catalogue_count_audit (copy), ==, records->len);
}

/* Undo and redo of an import with a rollout: the rows go and come back,
 * the trail grows by the records of both and stays intact. */
static void
test_rollout_undo (void)
{
  g_autoptr(BsCatalogue) cat = new_catalogue ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_fixture ("small.json");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(BsAuditReport) report = NULL;
  gint64 after_undo;

  import_text (cat, text);
  bs_catalogue_undo (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (cat, "task"), ==, 0);
  g_assert_cmpint (count_rows (cat, "decision"), ==, 0);
  after_undo = bs_catalogue_count_audit (cat);
  g_assert_cmpint (after_undo, >, 56);
  records = bs_catalogue_list_audit (cat, "decision", "D-1", &error);
  g_assert_cmpstr (((BsAuditRecord *) records->pdata[records->len - 1])->action, ==,
                   "Undo Import Catalogue");
  g_assert_null (((BsAuditRecord *) records->pdata[records->len - 1])->new_value);

  bs_catalogue_redo (cat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (cat, "task"), ==, 3);
  g_assert_cmpint (bs_catalogue_count_audit (cat), ==, 56 + 2 * (after_undo - 56));
  report = bs_catalogue_verify_audit (cat, &error);
  g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
}

/* A trail altered in the file is refused whole, at the first broken
 * record. */
static void
test_rollout_tampered (void)
{
  static const Mutation cases[] = {
    { "/audit/5/new", "\"2026-05-01\"", "$.audit[5].hash",
      "the audit trail is broken here: Record 6 was changed after it was written" },
    { "/audit/5/user", "\"someone\"", "$.audit[5].hash", "Record 6 was changed" },
    { "/audit/5", NULL, "$.audit[5].seq", "Record 7: record 6 before it is missing" },
    { "/audit/0", NULL, "$.audit[0].seq", "Record 2: record 1 before it is missing" },
    { "/audit/0/prev_hash", "\"1111111111111111111111111111111111111111111111111111111111111111\"",
      "$.audit[0].prev_hash", "Record 1 does not follow the record before it" },
    { "/audit/56", "{\"seq\": 57, \"time\": \"2026-04-20T01:00:00Z\", \"user\": \"x\", \"action\": \"x\", "
      "\"entity\": \"task\", \"key\": \"T-xf-1\", \"field\": \"status\", \"old\": null, \"new\": \"accepted\", "
      "\"prev_hash\": \"878e3c4d099942ac9ea24b01ed732f909b70aead23e162fe5e90b0d4491843a7\", "
      "\"hash\": \"0000000000000000000000000000000000000000000000000000000000000000\"}",
      "$.audit[56].hash", "Record 57 was changed" },
  };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = read_fixture ("small.json");
  g_autofree char *swapped = NULL;
  JsonArray *audit;

  check_mutations (cases, G_N_ELEMENTS (cases));

  /* Two records swapped and renumbered: the link breaks. */
  root = json_from_string (text, NULL);
  audit = json_object_get_array_member (json_node_get_object (root), "audit");
  {
    g_autoptr(JsonArray) rebuilt = json_array_new ();

    for (guint i = 0; i < json_array_get_length (audit); i++)
      {
        guint from = i == 10 ? 11 : i == 11 ? 10 : i;
        JsonNode *record = json_array_dup_element (audit, from);

        json_object_set_int_member (json_node_get_object (record), "seq", i + 1);
        json_array_add_element (rebuilt, record);
      }
    json_object_set_array_member (json_node_get_object (root), "audit", json_array_ref (rebuilt));
  }
  swapped = json_to_string (root, FALSE);
  assert_refused (swapped, "$.audit[10].prev_hash", "Record 11 does not follow the record before it");

  /* Records cut from the end cannot be told from a shorter history: the
   * file has no head of its own (data/catalogue-format.md). */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autofree char *shorter = mutate ("/audit/55", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(BsAuditReport) report = NULL;

    import_text (cat, shorter);
    report = bs_catalogue_verify_audit (cat, &error);
    g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
    g_assert_cmpint (report->n_records, ==, 55);
  }
}

static void
test_rollout_hostile (void)
{
  static const Mutation cases[] = {
    /* phases */
    { "/phases/0/start", "\"2026-02-30\"", "$.phases[0].start", "“2026-02-30” is not a date of the form YYYY-MM-DD" },
    { "/phases/0/start", "\"2026-3-02\"", "$.phases[0].start", "is not a date" },
    { "/phases/0/start", "20260302", "$.phases[0].start", "expected a date (YYYY-MM-DD) or null, found a number" },
    { "/phases/0/end", "\"2026-03-01\"", "$.phases[0].end", "the phase ends before it starts" },
    { "/phases/0/name", "\"\"", "$.phases[0].name", "a name cannot be empty" },
    { "/phases/0/name", NULL, "$.phases[0]", "the key “name” is missing" },
    { "/phases/1/code", "\"batch-1\"", "$.phases[1].code", "the code “batch-1” is used twice (also by $.phases[0])" },
    { "/phases/0/position", "0", "$.phases[0]", "unknown key “position”" },
    { "/phases", "{}", "$.phases", "expected an array, found an object" },
    /* tasks */
    { "/tasks/0/phase", "\"nope\"", "$.tasks[0].phase", "no phase has the code “nope”" },
    { "/tasks/0/department", "\"nope\"", "$.tasks[0].department", "no department has the code “nope”" },
    { "/tasks/0/theme", "\"nope\"", "$.tasks[0].theme", "no theme has the code “nope”" },
    { "/tasks/0/theme", "1", "$.tasks[0].theme", "expected a theme code or null" },
    { "/tasks/0/items/1", "\"000131024000\"", "$.tasks[0].items[1]", "the item “000131024000” is listed twice" },
    { "/tasks/0/items/0", "\"nope\"", "$.tasks[0].items[0]", "no item has the code “nope”" },
    { "/tasks/0/items/0", "1", "$.tasks[0].items[0]", "expected an item code" },
    { "/tasks/0/due", NULL, "$.tasks[0]", "the key “due” is missing" },
    { "/tasks/0/due", "null", "$.tasks[0].due", "expected a date (YYYY-MM-DD), found null" },
    { "/tasks/0/due", "\"2026-03-01\"", "$.tasks[0].due", "the task is due before it starts" },
    { "/tasks/0/status", "\"done\"", "$.tasks[0].status", "“done” is not one of “not-started”, “in-progress”, “submitted”, “accepted”" },
    { "/tasks/0/completed", "null", "$.tasks[0].completed", "an accepted task needs its completion date" },
    { "/tasks/1/completed", "\"2026-04-01\"", "$.tasks[1].completed", "only an accepted task has a completion date" },
    { "/tasks/0/deliverable", "\"\"", "$.tasks[0].deliverable", "a task needs a deliverable" },
    { "/tasks/1/code", "\"T-scjg-1\"", "$.tasks[1].code", "the code “T-scjg-1” is used twice" },
    { "/tasks/0/position", "1", "$.tasks[0]", "unknown key “position”" },
    /* decisions */
    { "/decisions/0/task", "\"nope\"", "$.decisions[0].task", "no task has the code “nope”" },
    { "/decisions/0/department", "\"nope\"", "$.decisions[0].department", "no department has the code “nope”" },
    { "/decisions/0/kind", "\"praise\"", "$.decisions[0].kind", "“praise” is not one of “reward”, “commendation”" },
    { "/decisions/0/kind", NULL, "$.decisions[0]", "the key “kind” is missing" },
    { "/decisions/0/date", "\"2026-4-1\"", "$.decisions[0].date", "is not a date" },
    { "/decisions/0/reason", "\"\"", "$.decisions[0].reason", "a decision needs a reason" },
    { "/decisions/0/decided_by", NULL, "$.decisions[0]", "the key “decided_by” is missing" },
    { "/decisions/1/code", "\"D-1\"", "$.decisions[1].code", "the code “D-1” is used twice" },
    /* the audit trail's form */
    { "/audit/0/time", "\"2026-03-02 01:00:00\"", "$.audit[0].time", "is not a time in UTC" },
    { "/audit/0/time", "\"2026-03-02T24:00:00Z\"", "$.audit[0].time", "is not a time in UTC" },
    { "/audit/0/time", "\"2026-02-30T01:00:00Z\"", "$.audit[0].time", "is not a time in UTC" },
    { "/audit/0/entity", "\"theme\"", "$.audit[0].entity", "“theme” is not one of “phase”, “task”, “decision”" },
    { "/audit/0/hash", "\"ABC\"", "$.audit[0].hash", "a hash is 64 lower-case hexadecimal digits" },
    { "/audit/0/prev_hash", "\"0000000000000000000000000000000000000000000000000000000000000000 \"",
      "$.audit[0].prev_hash", "a hash is 64 lower-case hexadecimal digits" },
    { "/audit/0/seq", "\"1\"", "$.audit[0].seq", "expected an integer, found a string" },
    { "/audit/0/old", "1", "$.audit[0].old", "expected a string or null, found a number" },
    { "/audit/0/new", NULL, "$.audit[0]", "the key “new” is missing" },
    { "/audit/0/key", "\"\"", "$.audit[0].key", "a code cannot be empty" },
    { "/audit/0/field", "\"\"", "$.audit[0].field", "a name cannot be empty" },
    { "/audit/0/extra", "1", "$.audit[0]", "unknown key “extra”" },
    { "/audit", "{}", "$.audit", "expected an array" },
    { "/reference_date", "\"tomorrow\"", "$.reference_date", "“tomorrow” is not a date" },
    { "/reference_date", "1", "$.reference_date", "expected a date (YYYY-MM-DD), found a number" },
    /* version 2 files have no rollout */
    { "/version", "2", "$", "unknown key “reference_date”" },
  };

  check_mutations (cases, G_N_ELEMENTS (cases));

  /* Optional: a decision's department (the task's), the rollout's lists. */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autofree char *text = mutate ("/decisions/0/department", NULL);
    g_autoptr(BsDecision) decision = NULL;
    g_autoptr(BsTask) task = NULL;
    g_autoptr(GError) error = NULL;

    /* Not the file's trail any more: it changed. */
    import_text (cat, text);
    decision = bs_catalogue_find_decision (cat, "D-1", &error);
    task = bs_catalogue_get_task (cat, decision->task_id, &error);
    g_assert_cmpint (decision->department_id, ==, task->department_id);
  }
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autofree char *text = read_fixture ("small.json");
    g_autoptr(JsonNode) root = json_from_string (text, NULL);
    g_autofree char *without = NULL;

    for (guint i = 0; i < 5; i++)
      json_object_remove_member (json_node_get_object (root),
                                 (const char *[]) { "reference_date", "phases", "tasks", "decisions",
                                                    "audit" }[i]);
    without = json_to_string (root, FALSE);
    import_text (cat, without);
    g_assert_cmpint (count_rows (cat, "phase"), ==, 0);
    g_assert_cmpint (bs_catalogue_get_reference_date (cat), ==, BS_DATE_NONE);
  }
}

/* Codes in the catalogue already, and a trail that cannot follow another. */
static void
test_rollout_existing (void)
{
  g_autofree char *text = read_fixture ("small.json");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BsCatalogue) cat = new_catalogue ();
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gint64 department = add_department (cat, "other", "其他部门", "", "");
      g_autoptr(BsPhase) phase = bs_phase_new (i == 0 ? "batch-2" : "mine", "已有阶段");
      gint64 phase_id = bs_catalogue_add_phase (cat, phase, &error);
      static const char * const expected[] = {
        "$.phases[1].code: the catalogue already has a phase with the code “batch-2”",
        "$.tasks[1].code: the catalogue already has a task with the code “T-xf-1”",
        "$.audit: the catalogue already has an audit trail",
      };

      g_assert_no_error (error);
      if (i == 1)
        {
          g_autoptr(BsTask) task = bs_task_new (phase_id, department, "已有任务", date_of ("2026-01-31"));

          g_free (task->code);
          task->code = g_strdup ("T-xf-1");
          bs_catalogue_add_task (cat, task, &error);
          g_assert_no_error (error);
        }
      before = export_text (cat);
      g_assert_false (bs_catalogue_import_json (cat, text, strlen (text), &error));
      g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, expected[i]))
        g_error ("expected “%s”, got “%s”", expected[i], error->message);
      after = export_text (cat);
      assert_same_text (after, before);
    }

  /* Without a trail of its own the file goes in, its records after the
   * catalogue's. */
  {
    g_autoptr(BsCatalogue) cat = new_catalogue ();
    g_autoptr(GError) error = NULL;
    g_autofree char *plain = mutate ("/audit", "[]");
    g_autoptr(BsPhase) phase = bs_phase_new ("mine", "已有阶段");
    g_autoptr(BsAuditReport) report = NULL;
    gint64 before;

    bs_catalogue_add_phase (cat, phase, &error);
    before = bs_catalogue_count_audit (cat);
    import_text (cat, plain);
    g_assert_cmpint (bs_catalogue_count_audit (cat), >, before);
    report = bs_catalogue_verify_audit (cat, &error);
    g_assert_cmpint (report->status, ==, BS_AUDIT_INTACT);
  }
}

/* The scale of a large city centre (DESIGN.md): only with -m perf; the
 * figures go to the test log. */
static void
test_perf_large (void)
{
  BsGenerateOptions options = { .items = 20000, .departments = 100, .themes = 2000, .seed = 1 };
  g_autoptr(BsCatalogue) original = NULL;
  g_autoptr(BsCatalogue) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 start;

  if (!g_test_perf ())
    {
      g_test_skip ("a benchmark: run with -m perf");
      return;
    }

  original = new_catalogue ();
  bs_catalogue_generate (original, &options, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  first = export_text (original);
  g_test_message ("export of %" G_GINT64_FORMAT " items, %" G_GINT64_FORMAT " materials, "
                  "%" G_GINT64_FORMAT " themes (%zu bytes): %.3f s",
                  bs_catalogue_count (original, "item"), bs_catalogue_count (original, "material"),
                  bs_catalogue_count (original, "theme"), strlen (first),
                  (g_get_monotonic_time () - start) / 1e6);

  copy = new_catalogue ();
  start = g_get_monotonic_time ();
  import_text (copy, first);
  g_test_message ("import: %.3f s", (g_get_monotonic_time () - start) / 1e6);

  second = export_text (copy);
  assert_same_text (second, first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trip", test_round_trip);
  g_test_add_func ("/json/round-trip-fields", test_round_trip_fields);
  g_test_add_func ("/json/fixture-canonical", test_fixture_canonical);
  g_test_add_func ("/json/files", test_files);
  g_test_add_func ("/json/demo", test_demo);
  g_test_add_func ("/json/minimal", test_minimal);
  g_test_add_func ("/json/situations/rows", test_situations_rows);
  g_test_add_func ("/json/situations/edited", test_situations_edited);
  g_test_add_func ("/json/situations/undo", test_situations_undo);
  g_test_add_func ("/json/version-1", test_version_1);
  g_test_add_func ("/json/hostile/version-1-new-keys", test_version_1_new_keys);
  g_test_add_func ("/json/hostile/situations", test_situations_hostile);
  g_test_add_func ("/json/cycle-imports", test_cycle_imports);
  g_test_add_func ("/json/hostile/wrong-types", test_wrong_types);
  g_test_add_func ("/json/hostile/missing-keys", test_missing_keys);
  g_test_add_func ("/json/hostile/unknown-keys", test_unknown_keys);
  g_test_add_func ("/json/hostile/bad-values", test_bad_values);
  g_test_add_func ("/json/hostile/references", test_references);
  g_test_add_func ("/json/hostile/bytes", test_hostile_bytes);
  g_test_add_func ("/json/hostile/huge-string", test_huge_string);
  g_test_add_func ("/json/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json/hostile/existing-codes", test_existing_codes);
  g_test_add_func ("/json/write-failure-rolls-back", test_write_failure_rolls_back);
  g_test_add_func ("/json/rollout/rows", test_rollout_rows);
  g_test_add_func ("/json/rollout/import-records", test_rollout_import_records);
  g_test_add_func ("/json/rollout/undo", test_rollout_undo);
  g_test_add_func ("/json/rollout/tampered", test_rollout_tampered);
  g_test_add_func ("/json/hostile/rollout", test_rollout_hostile);
  g_test_add_func ("/json/hostile/rollout-existing", test_rollout_existing);
  g_test_add_func ("/json/perf/large", test_perf_large);

  return g_test_run ();
}
