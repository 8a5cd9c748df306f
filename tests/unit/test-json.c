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
  "theme_item", "theme_edge",
};

static void
assert_empty (BsCatalogue *cat)
{
  g_autofree char *name = bs_catalogue_dup_name (cat);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if (g_str_equal (tables[i], "catalogue_meta"))
        continue;
      g_assert_cmpint (bs_catalogue_count (cat, tables[i]), ==, 0);
    }
  g_assert_cmpstr (name, ==, "");
  g_assert_false (bs_catalogue_can_undo (cat));
  g_assert_false (bs_catalogue_in_edit (cat));
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

/* Built through the entity API, in an order that is not the export's. */
static BsCatalogue *
build_awkward_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  BsCatalogue *cat = new_catalogue ();
  gint64 departments[4];
  gint64 items[12];
  gint64 top, child, grandchild, other;
  gint64 theme;

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

  theme = add_theme (cat, "t-restaurant", "开餐馆 \"一件事\"", grandchild,
                     (gint64[]) { items[5], items[2], items[9], items[0] }, 4);
  add_edge (cat, theme, items[9], items[0]);
  add_edge (cat, theme, items[5], items[2]);
  add_edge (cat, theme, items[5], items[9]);
  add_edge (cat, theme, items[2], items[0]);
  theme = add_theme (cat, "A-theme", "空主题", other, NULL, 0);
  theme = add_theme (cat, "中文主题", "中文主题", child,
                     (gint64[]) { items[11], items[1] }, 2);
  add_edge (cat, theme, items[1], items[11]);
  add_edge (cat, theme, items[11], items[1]);

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
                                          "  \"version\": 1,\n"));
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
        }
    }
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

/* The fixture with the JSON value @value (NULL: the key removed) at the
 * JSON pointer @pointer ("/items/0/visits"; an index one past the end
 * appends), as compact JSON. */
static char *
mutate (const char *pointer,
        const char *value)
{
  g_autofree char *base = read_fixture ("small.json");
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
    { "/version", "2", "$.version", "from a newer Banshi" },
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
  for (gsize cut = 1; cut < length; cut += length / 7)
    {
      g_autoptr(BsCatalogue) cat = new_catalogue ();
      g_autoptr(GError) error = NULL;

      g_assert_false (bs_catalogue_import_json (cat, text, cut, &error));
      g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "$"));
      assert_empty (cat);
    }
  assert_refused_len (text, length - 2, "$.themes", "the document ends too early; the file may be truncated");
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
  g_test_add_func ("/json/perf/large", test_perf_large);

  return g_test_run ();
}
