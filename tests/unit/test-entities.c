/* test-entities.c: departments, items, materials, categories, themes and
 * their edges: round trips, the rules each edit checks, the rules the
 * schema enforces by itself, and undo of every edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "banshi-core.h"

/* A small catalogue: 开餐馆 with three items of 市场监督管理局 and two
 * prerequisite edges, plus one item of another department outside it. */
typedef struct
{
  BsCatalogue *cat;
  gint64 scjg;      /* 市场监督管理局 */
  gint64 xf;        /* 消防救援支队 */
  gint64 mcsb;      /* 名称自主申报, scjg */
  gint64 yyzz;      /* 营业执照, scjg */
  gint64 spjy;      /* 食品经营许可, scjg */
  gint64 xfaq;      /* 消防安全检查, xf */
  gint64 zyzb;      /* category 准营准办 */
  gint64 restaurant; /* theme 开餐馆: mcsb → yyzz → spjy */
} Fixture;

static gint64
add_department (BsCatalogue *cat,
                const char  *code,
                const char  *name)
{
  g_autoptr(BsDepartment) department = bs_department_new (code, name);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_department (cat, department, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_item (BsCatalogue *cat,
          const char  *code,
          const char  *name,
          gint64       department_id)
{
  g_autoptr(BsItem) item = bs_item_new (code, name, department_id);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_item (cat, item, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_category (BsCatalogue *cat,
              const char  *code,
              const char  *name,
              gint64       parent_id,
              int          position)
{
  g_autoptr(BsCategory) category = bs_category_new (code, name, parent_id);
  g_autoptr(GError) error = NULL;
  gint64 id;

  category->position = position;
  id = bs_catalogue_add_category (cat, category, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_theme (BsCatalogue *cat,
           const char  *code,
           const char  *name,
           gint64       category_id)
{
  g_autoptr(BsTheme) theme = bs_theme_new (code, name, category_id);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_theme (cat, theme, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_material (BsCatalogue *cat,
              gint64       item_id,
              const char  *name)
{
  g_autoptr(BsMaterial) material = bs_material_new (item_id, name);
  g_autoptr(GError) error = NULL;
  gint64 id = bs_catalogue_add_material (cat, material, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_theme_item (BsCatalogue *cat,
                gint64       theme_id,
                gint64       item_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_catalogue_add_theme_item (cat, theme_id, item_id, &error));
  g_assert_no_error (error);
}

static void
add_edge (BsCatalogue *cat,
          gint64       theme_id,
          gint64       before_id,
          gint64       after_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_catalogue_add_theme_edge (cat, theme_id, before_id, after_id, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->cat = bs_catalogue_new_in_memory (&error);
  g_assert_no_error (error);
  g_assert_nonnull (f->cat);

  f->scjg = add_department (f->cat, "scjg", "市场监督管理局");
  f->xf = add_department (f->cat, "xf", "消防救援支队");
  f->mcsb = add_item (f->cat, "000135001000", "名称自主申报", f->scjg);
  f->yyzz = add_item (f->cat, "000135002000", "营业执照", f->scjg);
  f->spjy = add_item (f->cat, "000131024000", "食品经营许可", f->scjg);
  f->xfaq = add_item (f->cat, "000128001000", "消防安全检查", f->xf);
  f->zyzb = add_category (f->cat, "zyzb", "准营准办", 0, 0);
  f->restaurant = add_theme (f->cat, "open-restaurant", "开餐馆", f->zyzb);
  add_theme_item (f->cat, f->restaurant, f->mcsb);
  add_theme_item (f->cat, f->restaurant, f->yyzz);
  add_theme_item (f->cat, f->restaurant, f->spjy);
  add_edge (f->cat, f->restaurant, f->mcsb, f->yyzz);
  add_edge (f->cat, f->restaurant, f->yyzz, f->spjy);

  bs_catalogue_clear_history (f->cat);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->cat);
}

/* Every row of every table, the search index included, in a stable order:
 * equal dumps mean equal catalogues. Statements are our own, not the
 * catalogue's cache, so dumping disturbs nothing. */
static char *
dump (BsCatalogue *cat)
{
  static const char *queries[] = {
    "SELECT key, value FROM catalogue_meta ORDER BY key",
    "SELECT * FROM department ORDER BY id",
    "SELECT * FROM item ORDER BY id",
    "SELECT * FROM material ORDER BY id",
    "SELECT * FROM category ORDER BY id",
    "SELECT * FROM theme ORDER BY id",
    "SELECT theme_id, item_id, position FROM theme_item ORDER BY theme_id, item_id",
    "SELECT * FROM theme_edge ORDER BY theme_id, before_id, after_id",
    "SELECT rowid, name, code FROM item_fts ORDER BY rowid",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (bs_catalogue_get_db (cat), queries[q], -1, &stmt, NULL),
                       ==, SQLITE_OK);
      g_string_append_printf (out, "# %s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                g_string_append (out, "NULL|");
              else
                g_string_append_printf (out, "'%s'|", sqlite3_column_text (stmt, c));
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

/* After a refused edit: nothing changed and no undo step was recorded. */
static void
assert_unchanged (BsCatalogue *cat,
                  const char  *before,
                  const char  *undo_label_before)
{
  g_autofree char *now = dump (cat);

  g_assert_cmpstr (now, ==, before);
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, undo_label_before);
  g_assert_false (bs_catalogue_in_edit (cat));
}

/* After an edit: something changed, it is one undo step named @label, undo
 * brings back @before exactly and redo the edited state. */
static void
assert_undoable (BsCatalogue *cat,
                 const char  *before,
                 const char  *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = dump (cat);
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;

  g_assert_cmpstr (after, !=, before);
  g_assert_false (bs_catalogue_in_edit (cat));
  g_assert_cmpstr (bs_catalogue_get_undo_label (cat), ==, label);

  g_assert_true (bs_catalogue_undo (cat, &error));
  g_assert_no_error (error);
  undone = dump (cat);
  g_assert_cmpstr (undone, ==, before);

  g_assert_true (bs_catalogue_redo (cat, &error));
  g_assert_no_error (error);
  redone = dump (cat);
  g_assert_cmpstr (redone, ==, after);
}

/* Enumerations */

static void
test_enums (void)
{
  /* The strings of resources/sql/0001-initial.sql and
   * data/catalogue-format.md, in enumeration order. */
  static const char *item_types[] = {
    "licensing", "penalty", "compulsion", "levy", "benefit", "inspection", "confirmation",
    "reward", "adjudication", "filing", "other-power", "public-service",
  };
  static const char *service_objects[] = {
    "person", "enterprise", "public-institution", "social-organisation", "unincorporated",
    "government", "other",
  };
  static const char *units[] = { "working-days", "calendar-days" };
  static const char *handlings[] = { "on-the-spot", "committed" };
  static const char *forms[] = { "original", "copy", "original-and-copy", "electronic" };
  static const char *sources[] = { "applicant", "government", "intermediary", "other" };
  static const char *unknown[] = { "", "Licensing", "LICENSING", " licensing", "working days",
                                   "行政许可", "on_the_spot", "copies", "others" };

  G_STATIC_ASSERT (G_N_ELEMENTS (item_types) == BS_N_ITEM_TYPES);
  G_STATIC_ASSERT (G_N_ELEMENTS (service_objects) == BS_N_SERVICE_OBJECTS);
  G_STATIC_ASSERT (G_N_ELEMENTS (units) == BS_N_LIMIT_UNITS);
  G_STATIC_ASSERT (G_N_ELEMENTS (handlings) == BS_N_HANDLINGS);
  G_STATIC_ASSERT (G_N_ELEMENTS (forms) == BS_N_MATERIAL_FORMS);
  G_STATIC_ASSERT (G_N_ELEMENTS (sources) == BS_N_MATERIAL_SOURCES);

  for (guint i = 0; i < BS_N_ITEM_TYPES; i++)
    {
      BsItemType value = BS_N_ITEM_TYPES;

      g_assert_cmpstr (bs_item_type_to_string (i), ==, item_types[i]);
      g_assert_true (bs_item_type_from_string (item_types[i], &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (bs_item_type_get_label (i), !=, "");
    }
  for (guint i = 0; i < BS_N_SERVICE_OBJECTS; i++)
    {
      BsServiceObject flag = 0;

      g_assert_cmpstr (bs_service_object_to_string (1u << i), ==, service_objects[i]);
      g_assert_true (bs_service_object_from_string (service_objects[i], &flag));
      g_assert_cmpuint (flag, ==, 1u << i);
      g_assert_cmpstr (bs_service_object_get_label (flag), !=, "");
    }
  for (guint i = 0; i < BS_N_LIMIT_UNITS; i++)
    {
      BsLimitUnit value = BS_N_LIMIT_UNITS;

      g_assert_cmpstr (bs_limit_unit_to_string (i), ==, units[i]);
      g_assert_true (bs_limit_unit_from_string (units[i], &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (bs_limit_unit_get_label (i), !=, "");
    }
  for (guint i = 0; i < BS_N_HANDLINGS; i++)
    {
      BsHandling value = BS_N_HANDLINGS;

      g_assert_cmpstr (bs_handling_to_string (i), ==, handlings[i]);
      g_assert_true (bs_handling_from_string (handlings[i], &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (bs_handling_get_label (i), !=, "");
    }
  for (guint i = 0; i < BS_N_MATERIAL_FORMS; i++)
    {
      BsMaterialForm value = BS_N_MATERIAL_FORMS;

      g_assert_cmpstr (bs_material_form_to_string (i), ==, forms[i]);
      g_assert_true (bs_material_form_from_string (forms[i], &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (bs_material_form_get_label (i), !=, "");
    }
  for (guint i = 0; i < BS_N_MATERIAL_SOURCES; i++)
    {
      BsMaterialSource value = BS_N_MATERIAL_SOURCES;

      g_assert_cmpstr (bs_material_source_to_string (i), ==, sources[i]);
      g_assert_true (bs_material_source_from_string (sources[i], &value));
      g_assert_cmpint (value, ==, i);
      g_assert_cmpstr (bs_material_source_get_label (i), !=, "");
    }

  /* Unknown strings are refused and leave the output alone. */
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      BsItemType type = BS_ITEM_TYPE_FILING;
      BsServiceObject flag = BS_SERVICE_OBJECT_GOVERNMENT;
      BsLimitUnit unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
      BsHandling handling = BS_HANDLING_ON_THE_SPOT;
      BsMaterialForm form = BS_MATERIAL_FORM_ELECTRONIC;
      BsMaterialSource source = BS_MATERIAL_SOURCE_INTERMEDIARY;

      g_assert_false (bs_item_type_from_string (unknown[i], &type));
      g_assert_false (bs_service_object_from_string (unknown[i], &flag));
      g_assert_false (bs_limit_unit_from_string (unknown[i], &unit));
      g_assert_false (bs_handling_from_string (unknown[i], &handling));
      g_assert_false (bs_material_form_from_string (unknown[i], &form));
      g_assert_false (bs_material_source_from_string (unknown[i], &source));
      g_assert_cmpint (type, ==, BS_ITEM_TYPE_FILING);
      g_assert_cmpint (flag, ==, BS_SERVICE_OBJECT_GOVERNMENT);
      g_assert_cmpint (unit, ==, BS_LIMIT_UNIT_CALENDAR_DAYS);
      g_assert_cmpint (handling, ==, BS_HANDLING_ON_THE_SPOT);
      g_assert_cmpint (form, ==, BS_MATERIAL_FORM_ELECTRONIC);
      g_assert_cmpint (source, ==, BS_MATERIAL_SOURCE_INTERMEDIARY);
    }
  g_assert_false (bs_item_type_from_string (NULL, NULL));
  g_assert_false (bs_material_source_from_string (NULL, NULL));
  g_assert_true (bs_handling_from_string ("committed", NULL));
}

static void
test_enum_labels (void)
{
  char *label;

  /* The tests run untranslated, so the English msgids show. */
  g_assert_cmpstr (bs_item_type_get_label (BS_ITEM_TYPE_LICENSING), ==, "Licensing");
  g_assert_cmpstr (bs_item_type_get_label (BS_ITEM_TYPE_PUBLIC_SERVICE), ==, "Public service");
  g_assert_cmpstr (bs_service_object_get_label (BS_SERVICE_OBJECT_UNINCORPORATED), ==,
                   "Unincorporated enterprise");
  g_assert_cmpstr (bs_limit_unit_get_label (BS_LIMIT_UNIT_CALENDAR_DAYS), ==, "calendar days");
  g_assert_cmpstr (bs_handling_get_label (BS_HANDLING_ON_THE_SPOT), ==, "On the spot");
  g_assert_cmpstr (bs_material_form_get_label (BS_MATERIAL_FORM_COPY), ==, "Copy");
  g_assert_cmpstr (bs_material_source_get_label (BS_MATERIAL_SOURCE_GOVERNMENT), ==,
                   "Issued by a government department");

  label = bs_service_objects_dup_label (0);
  g_assert_cmpstr (label, ==, "");
  g_free (label);
  label = bs_service_objects_dup_label (BS_SERVICE_OBJECT_PERSON);
  g_assert_cmpstr (label, ==, "Natural person");
  g_free (label);
  label = bs_service_objects_dup_label (BS_SERVICE_OBJECT_OTHER | BS_SERVICE_OBJECT_PERSON |
                                        BS_SERVICE_OBJECT_ENTERPRISE);
  g_assert_cmpstr (label, ==, "Natural person, Enterprise, Other organisation");
  g_free (label);

  label = bs_limit_dup_label (-1, BS_LIMIT_UNIT_WORKING_DAYS);
  g_assert_cmpstr (label, ==, "—");
  g_free (label);
  label = bs_limit_dup_label (0, BS_LIMIT_UNIT_WORKING_DAYS);
  g_assert_cmpstr (label, ==, "0 working days");
  g_free (label);
  label = bs_limit_dup_label (1, BS_LIMIT_UNIT_WORKING_DAYS);
  g_assert_cmpstr (label, ==, "1 working day");
  g_free (label);
  label = bs_limit_dup_label (20, BS_LIMIT_UNIT_WORKING_DAYS);
  g_assert_cmpstr (label, ==, "20 working days");
  g_free (label);
  label = bs_limit_dup_label (1, BS_LIMIT_UNIT_CALENDAR_DAYS);
  g_assert_cmpstr (label, ==, "1 calendar day");
  g_free (label);
  label = bs_limit_dup_label (30, BS_LIMIT_UNIT_CALENDAR_DAYS);
  g_assert_cmpstr (label, ==, "30 calendar days");
  g_free (label);
}

/* Departments */

static void
test_department_crud (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDepartment) department = bs_department_new ("swj", "税务局");
  g_autoptr(BsDepartment) stored = NULL;
  g_autoptr(BsDepartment) found = NULL;
  g_autoptr(BsDepartment) missing = NULL;
  g_autoptr(BsDepartment) edited = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *before = NULL;
  gint64 id;

  g_free (department->phone);
  department->phone = g_strdup ("12366");
  g_free (department->address);
  department->address = g_strdup ("市民中心一楼");
  department->id = 12345; /* ignored */

  before = dump (f->cat);
  id = bs_catalogue_add_department (f->cat, department, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (id, !=, 12345);
  assert_undoable (f->cat, before, "Add Department");

  stored = bs_catalogue_get_department (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, id);
  g_assert_cmpstr (stored->code, ==, "swj");
  g_assert_cmpstr (stored->name, ==, "税务局");
  g_assert_cmpstr (stored->phone, ==, "12366");
  g_assert_cmpstr (stored->address, ==, "市民中心一楼");

  found = bs_catalogue_find_department (f->cat, "swj", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, id);

  /* find: absent is not an error; get: absent is NOT_FOUND */
  missing = bs_catalogue_find_department (f->cat, "nope", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  missing = bs_catalogue_get_department (f->cat, 999999, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  /* by name: 市场… < 消防… < 税务… in code point order */
  list = bs_catalogue_list_departments (f->cat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 1; i < list->len; i++)
    {
      BsDepartment *a = g_ptr_array_index (list, i - 1);
      BsDepartment *b = g_ptr_array_index (list, i);

      g_assert_cmpint (strcmp (a->name, b->name), <, 0);
    }

  /* update every field */
  edited = bs_department_copy (stored);
  g_free (edited->code);
  edited->code = g_strdup ("sw");
  g_free (edited->name);
  edited->name = g_strdup ("国家税务总局某市税务局");
  g_free (edited->phone);
  edited->phone = g_strdup ("");
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_update_department (f->cat, edited, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Edit Department");
  g_clear_pointer (&stored, bs_department_free);
  stored = bs_catalogue_get_department (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->code, ==, "sw");
  g_assert_cmpstr (stored->name, ==, "国家税务总局某市税务局");
  g_assert_cmpstr (stored->phone, ==, "");
  g_assert_cmpstr (stored->address, ==, "市民中心一楼");

  /* undo brings back the old fields, seen through the getter */
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, bs_department_free);
  stored = bs_catalogue_get_department (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->code, ==, "swj");
  g_assert_cmpstr (stored->phone, ==, "12366");
  g_assert_true (bs_catalogue_redo (f->cat, &error));
  g_assert_no_error (error);

  g_assert_cmpint (bs_catalogue_count_department_items (f->cat, f->scjg), ==, 3);
  g_assert_cmpint (bs_catalogue_count_department_items (f->cat, f->xf), ==, 1);
  g_assert_cmpint (bs_catalogue_count_department_items (f->cat, id), ==, 0);

  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_department (f->cat, id, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Delete Department");
  g_clear_pointer (&stored, bs_department_free);
  stored = bs_catalogue_get_department (f->cat, id, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (stored);
  g_clear_error (&error);

  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  stored = bs_catalogue_get_department (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "国家税务总局某市税务局");
}

static void
test_department_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump (f->cat);
  g_autofree char *long_code = NULL;
  g_autoptr(BsDepartment) department = NULL;
  g_autoptr(BsDepartment) xf = NULL;
  GString *code = g_string_new (NULL);
  const char *label;
  gint64 id;

  /* a last good edit, so the undo label is something to compare */
  g_assert_true (bs_catalogue_set_name (f->cat, "测试中心", &error));
  g_assert_no_error (error);
  g_free (before);
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);
  g_assert_cmpstr (label, ==, "Rename Catalogue");

  department = bs_department_new ("", "税务局");
  g_assert_cmpint (bs_catalogue_add_department (f->cat, department, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A department needs a code");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  department = bs_department_new ("swj", "");
  g_assert_cmpint (bs_catalogue_add_department (f->cat, department, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A department needs a name");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  department = bs_department_new ("scjg", "另一个市场监管局");
  g_assert_cmpint (bs_catalogue_add_department (f->cat, department, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Another department already has the code “scjg”");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  /* codes count characters, not bytes: 128 Chinese characters are fine,
   * 129 are not */
  for (int i = 0; i < 128; i++)
    g_string_append (code, "码");
  department = bs_department_new (code->str, "长编码");
  id = bs_catalogue_add_department (f->cat, department, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  g_string_append (code, "码");
  long_code = g_string_free (code, FALSE);
  department = bs_department_new (long_code, "长编码");
  g_assert_cmpint (bs_catalogue_add_department (f->cat, department, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  department = bs_department_new ("bad", "\xff\xfe");
  g_assert_cmpint (bs_catalogue_add_department (f->cat, department, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&department, bs_department_free);

  /* update: another department's code, an empty name, a missing row */
  xf = bs_catalogue_get_department (f->cat, f->xf, &error);
  g_assert_no_error (error);
  g_free (xf->code);
  xf->code = g_strdup ("scjg");
  g_assert_false (bs_catalogue_update_department (f->cat, xf, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Another department already has the code “scjg”");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  g_free (xf->code);
  xf->code = g_strdup ("xf");
  g_free (xf->name);
  xf->name = g_strdup ("");
  g_assert_false (bs_catalogue_update_department (f->cat, xf, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  g_free (xf->name);
  xf->name = g_strdup ("消防救援支队");
  xf->id = 999999;
  g_assert_false (bs_catalogue_update_department (f->cat, xf, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  /* keeping its own code is not a duplicate */
  xf->id = f->xf;
  g_free (xf->phone);
  xf->phone = g_strdup ("119");
  g_assert_true (bs_catalogue_update_department (f->cat, xf, &error));
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  assert_unchanged (f->cat, before, label);

  /* removal while it still has items */
  g_assert_false (bs_catalogue_remove_department (f->cat, f->scjg, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“市场监督管理局” still has 3 items; move or delete them first");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  g_assert_false (bs_catalogue_remove_department (f->cat, f->xf, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“消防救援支队” still has 1 item; move or delete it first");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  g_assert_false (bs_catalogue_remove_department (f->cat, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
}

/* Items */

static BsItem *
make_full_item (gint64 department_id)
{
  BsItem *item = bs_item_new ("000131024000-2", "食品经营许可（变更）", department_id);

#define SET(field, value) G_STMT_START { g_free (item->field); item->field = g_strdup (value); } G_STMT_END
  item->type = BS_ITEM_TYPE_PUBLIC_SERVICE;
  item->service_objects = BS_SERVICE_OBJECT_PERSON | BS_SERVICE_OBJECT_ENTERPRISE |
                          BS_SERVICE_OBJECT_OTHER;
  SET (legal_basis, "《中华人民共和国食品安全法》第三十五条");
  SET (conditions, "已取得营业执照");
  item->legal_limit = 20;
  item->legal_limit_unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
  item->committed_limit = 0;
  item->committed_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  item->handling = BS_HANDLING_ON_THE_SPOT;
  item->visits = 1;
  SET (fees, "不收费");
  SET (place, "市民中心二楼市场监管窗口");
  SET (hours, "周一至周五 9:00-12:00");
  SET (phone, "0000-12345");
  SET (online_url, "https://example.gov.cn/item/1");
  SET (result_name, "食品经营许可证");
#undef SET
  return item;
}

static void
test_item_crud (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsItem) item = make_full_item (f->scjg);
  g_autoptr(BsItem) stored = NULL;
  g_autoptr(BsItem) defaults = NULL;
  g_autoptr(BsItem) found = NULL;
  g_autoptr(BsItem) edited = NULL;
  g_autoptr(BsItemSummary) summary = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *before = dump (f->cat);
  sqlite3_stmt *stmt = NULL;
  gint64 id;
  gint64 plain;

  id = bs_catalogue_add_item (f->cat, item, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  assert_undoable (f->cat, before, "Add Item");

  /* every field comes back */
  stored = bs_catalogue_get_item (f->cat, id, &error);
  g_assert_no_error (error);
  item->id = id;
  g_assert_true (bs_item_equal (stored, item));
  g_assert_cmpint (stored->legal_limit, ==, 20);
  g_assert_cmpint (stored->committed_limit, ==, 0); /* 0 is known, not unknown */
  g_assert_cmpuint (stored->service_objects, ==, 0x43);

  /* bs_item_equal sees a change in any one field */
  edited = bs_item_copy (stored);
  g_assert_true (bs_item_equal (edited, stored));
  g_assert_true (bs_item_equal (NULL, NULL));
  g_assert_false (bs_item_equal (edited, NULL));
  for (guint field = 0; field < 20; field++)
    {
      char **text = NULL;

      g_clear_pointer (&edited, bs_item_free);
      edited = bs_item_copy (stored);
      switch (field)
        {
        case 0: edited->id++; break;
        case 1: text = &edited->code; break;
        case 2: text = &edited->name; break;
        case 3: edited->department_id++; break;
        case 4: edited->type = BS_ITEM_TYPE_PENALTY; break;
        case 5: edited->service_objects ^= BS_SERVICE_OBJECT_GOVERNMENT; break;
        case 6: text = &edited->legal_basis; break;
        case 7: text = &edited->conditions; break;
        case 8: edited->legal_limit = -1; break;
        case 9: edited->legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS; break;
        case 10: edited->committed_limit = 1; break;
        case 11: edited->committed_limit_unit = BS_LIMIT_UNIT_CALENDAR_DAYS; break;
        case 12: edited->handling = BS_HANDLING_COMMITTED; break;
        case 13: edited->visits = -1; break;
        case 14: text = &edited->fees; break;
        case 15: text = &edited->place; break;
        case 16: text = &edited->hours; break;
        case 17: text = &edited->phone; break;
        case 18: text = &edited->online_url; break;
        case 19: text = &edited->result_name; break;
        default: g_assert_not_reached ();
        }
      if (text != NULL)
        {
          g_free (*text);
          *text = g_strdup ("changed");
        }
      /* on failure, shows the field that went unnoticed */
      g_assert_cmpint (bs_item_equal (edited, stored) ? (int) field : -1, ==, -1);
    }
  g_clear_pointer (&edited, bs_item_free);

  /* the defaults of the JSON format; unknown limits and visits are NULL */
  plain = add_item (f->cat, "plain", "默认事项", f->xf);
  defaults = bs_catalogue_get_item (f->cat, plain, &error);
  g_assert_no_error (error);
  g_assert_cmpint (defaults->type, ==, BS_ITEM_TYPE_LICENSING);
  g_assert_cmpuint (defaults->service_objects, ==, 0);
  g_assert_cmpint (defaults->legal_limit, ==, -1);
  g_assert_cmpint (defaults->committed_limit, ==, -1);
  g_assert_cmpint (defaults->visits, ==, -1);
  g_assert_cmpint (defaults->handling, ==, BS_HANDLING_COMMITTED);
  g_assert_cmpstr (defaults->fees, ==, "");
  g_assert_cmpint (sqlite3_prepare_v2 (bs_catalogue_get_db (f->cat),
                                       "SELECT legal_limit IS NULL AND committed_limit IS NULL"
                                       " AND visits IS NULL, item_type, handling, legal_limit_unit"
                                       " FROM item WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, plain);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "licensing");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "committed");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "working-days");
  sqlite3_finalize (stmt);

  found = bs_catalogue_find_item (f->cat, "000131024000-2", &error);
  g_assert_no_error (error);
  g_assert_true (bs_item_equal (found, item));
  g_clear_pointer (&found, bs_item_free);
  found = bs_catalogue_find_item (f->cat, "000131024000-3", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  summary = bs_catalogue_get_item_summary (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->id, ==, id);
  g_assert_cmpstr (summary->code, ==, "000131024000-2");
  g_assert_cmpstr (summary->name, ==, "食品经营许可（变更）");
  g_assert_cmpint (summary->department_id, ==, f->scjg);
  g_assert_cmpstr (summary->department_name, ==, "市场监督管理局");

  /* lists: all items, one department's, by name */
  list = bs_catalogue_list_items (f->cat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 6);
  for (guint i = 1; i < list->len; i++)
    {
      BsItemSummary *a = g_ptr_array_index (list, i - 1);
      BsItemSummary *b = g_ptr_array_index (list, i);

      g_assert_cmpint (strcmp (a->name, b->name), <=, 0);
    }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bs_catalogue_list_items (f->cat, f->xf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      BsItemSummary *s = g_ptr_array_index (list, i);

      g_assert_cmpint (s->department_id, ==, f->xf);
      g_assert_cmpstr (s->department_name, ==, "消防救援支队");
    }

  /* update every field, department included */
  edited = bs_item_copy (stored);
  edited->department_id = f->xf;
  edited->type = BS_ITEM_TYPE_FILING;
  edited->service_objects = BS_SERVICE_OBJECT_ALL;
  edited->legal_limit = -1;
  edited->committed_limit = 3650;
  edited->committed_limit_unit = BS_LIMIT_UNIT_CALENDAR_DAYS;
  edited->handling = BS_HANDLING_COMMITTED;
  edited->visits = 99;
  g_free (edited->name);
  edited->name = g_strdup ("食品经营许可（延续）");
  g_free (edited->result_name);
  edited->result_name = g_strdup ("");
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_update_item (f->cat, edited, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Edit Item");
  g_clear_pointer (&found, bs_item_free);
  found = bs_catalogue_get_item (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_true (bs_item_equal (found, edited));
  g_assert_false (bs_item_equal (found, stored));

  /* undo gives back the stored item, field by field */
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, bs_item_free);
  found = bs_catalogue_get_item (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_true (bs_item_equal (found, stored));
  g_assert_true (bs_catalogue_redo (f->cat, &error));
  g_assert_no_error (error);

  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_item (f->cat, id, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Delete Item");
  g_clear_pointer (&found, bs_item_free);
  found = bs_catalogue_get_item (f->cat, id, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);
  g_assert_null (bs_catalogue_get_item_summary (f->cat, id, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
expect_item_refused (Fixture      *f,
                     const BsItem *item,
                     gboolean      update,
                     int           code,
                     const char   *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump (f->cat);
  const char *label = bs_catalogue_get_undo_label (f->cat);

  if (update)
    g_assert_false (bs_catalogue_update_item (f->cat, item, &error));
  else
    g_assert_cmpint (bs_catalogue_add_item (f->cat, item, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  assert_unchanged (f->cat, before, label);
}

static void
test_item_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BsItem) item = NULL;
  g_autoptr(BsItem) yyzz = NULL;
  g_autoptr(GError) error = NULL;

  item = bs_item_new ("new-item", "", f->scjg);
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, "An item needs a name");
  g_clear_pointer (&item, bs_item_free);

  item = bs_item_new ("", "新事项", f->scjg);
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, "An item needs a code");
  g_clear_pointer (&item, bs_item_free);

  item = bs_item_new ("000135002000", "重复编码", f->scjg);
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_CONSTRAINT,
                       "Another item already has the code “000135002000”");
  g_clear_pointer (&item, bs_item_free);

  item = bs_item_new ("new-item", "新事项", 999999);
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_CONSTRAINT, NULL);
  item->department_id = 0;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->department_id = f->scjg;

  item->legal_limit = 3651;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->legal_limit = -1;
  item->committed_limit = 4000;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->committed_limit = -1;
  item->visits = 100;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->visits = -1;
  item->type = BS_N_ITEM_TYPES;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->type = BS_ITEM_TYPE_LEVY;
  item->handling = BS_N_HANDLINGS;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->handling = BS_HANDLING_COMMITTED;
  item->legal_limit_unit = BS_N_LIMIT_UNITS;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->legal_limit_unit = BS_LIMIT_UNIT_WORKING_DAYS;
  item->service_objects = 0x80;
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  item->service_objects = BS_SERVICE_OBJECT_ALL;
  g_free (item->fees);
  item->fees = g_strdup ("\xc3\x28");
  expect_item_refused (f, item, FALSE, BS_CATALOGUE_ERROR_INVALID, NULL);
  g_free (item->fees);
  item->fees = g_strdup ("");

  /* the same item, fixed, is accepted: the refusals were for the reasons
   * tested */
  g_assert_cmpint (bs_catalogue_add_item (f->cat, item, &error), >, 0);
  g_assert_no_error (error);

  /* update: a taken code, an unknown department, a missing row */
  yyzz = bs_catalogue_get_item (f->cat, f->yyzz, &error);
  g_assert_no_error (error);
  g_free (yyzz->code);
  yyzz->code = g_strdup ("000131024000");
  expect_item_refused (f, yyzz, TRUE, BS_CATALOGUE_ERROR_CONSTRAINT,
                       "Another item already has the code “000131024000”");
  g_free (yyzz->code);
  yyzz->code = g_strdup ("000135002000");
  yyzz->department_id = 999999;
  expect_item_refused (f, yyzz, TRUE, BS_CATALOGUE_ERROR_CONSTRAINT, NULL);
  yyzz->department_id = f->scjg;
  yyzz->visits = 100;
  expect_item_refused (f, yyzz, TRUE, BS_CATALOGUE_ERROR_INVALID, NULL);
  yyzz->visits = 1;
  yyzz->id = 999999;
  expect_item_refused (f, yyzz, TRUE, BS_CATALOGUE_ERROR_NOT_FOUND, NULL);

  g_assert_false (bs_catalogue_remove_item (f->cat, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
}

static gint64
count_rows (BsCatalogue *cat,
            const char  *sql,
            gint64       id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (bs_catalogue_get_db (cat), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
test_item_cascade (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autofree char *before = NULL;
  gint64 other_theme;
  BsEdge *edge;

  /* yyzz: two materials, in two themes, with three edges */
  add_material (f->cat, f->yyzz, "设立登记申请书");
  add_material (f->cat, f->yyzz, "公司章程");
  add_material (f->cat, f->spjy, "食品经营许可申请书");
  other_theme = add_theme (f->cat, "start-company", "开办企业", f->zyzb);
  add_theme_item (f->cat, other_theme, f->mcsb);
  add_theme_item (f->cat, other_theme, f->yyzz);
  add_edge (f->cat, other_theme, f->mcsb, f->yyzz);
  add_theme_item (f->cat, f->restaurant, f->xfaq);
  add_edge (f->cat, f->restaurant, f->xfaq, f->spjy);

  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_item (f->cat, f->yyzz, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM material WHERE item_id = ?1", f->yyzz), ==, 0);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM theme_item WHERE item_id = ?1", f->yyzz), ==, 0);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM theme_edge WHERE before_id = ?1 OR after_id = ?1",
                               f->yyzz), ==, 0);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM item_fts WHERE rowid = ?1", f->yyzz), ==, 0);
  g_assert_false (bs_catalogue_theme_has_item (f->cat, f->restaurant, f->yyzz));

  /* the rest stays: the other item's material, the themes, their other
   * items and the edge that did not touch yyzz */
  materials = bs_catalogue_list_materials (f->cat, f->spjy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (materials->len, ==, 1);
  items = bs_catalogue_list_theme_items (f->cat, f->restaurant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  edges = bs_catalogue_list_theme_edges (f->cat, f->restaurant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edges->len, ==, 1);
  edge = &g_array_index (edges, BsEdge, 0);
  g_assert_cmpint (edge->before_id, ==, f->xfaq);
  g_assert_cmpint (edge->after_id, ==, f->spjy);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = bs_catalogue_list_theme_items (f->cat, other_theme, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);

  /* one undo brings back the item with all it dragged along */
  assert_undoable (f->cat, before, "Delete Item");
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_theme_has_item (f->cat, other_theme, f->yyzz));
  g_clear_pointer (&materials, g_ptr_array_unref);
  materials = bs_catalogue_list_materials (f->cat, f->yyzz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (materials->len, ==, 2);
}

/* Materials */

static void
assert_material_order (BsCatalogue *cat,
                       gint64       item_id,
                       const char  *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) materials = bs_catalogue_list_materials (cat, item_id, &error);
  g_autoptr(GString) joined = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < materials->len; i++)
    {
      BsMaterial *material = g_ptr_array_index (materials, i);

      g_assert_cmpint (material->item_id, ==, item_id);
      g_assert_cmpint (material->position, ==, i); /* always 0…n-1 */
      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, material->name);
    }
  g_assert_cmpstr (joined->str, ==, names);
}

static void
test_material_crud (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsMaterial) material = bs_material_new (f->spjy, "食品经营许可申请书");
  g_autoptr(BsMaterial) stored = NULL;
  g_autoptr(BsMaterial) other = NULL;
  g_autofree char *before = dump (f->cat);
  gint64 a, b, c;

  material->form = BS_MATERIAL_FORM_ORIGINAL_AND_COPY;
  material->copies = 2;
  material->source = BS_MATERIAL_SOURCE_INTERMEDIARY;
  material->required = FALSE;
  material->position = 7; /* ignored: appended */
  g_free (material->notes);
  material->notes = g_strdup ("加盖公章");
  a = bs_catalogue_add_material (f->cat, material, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  assert_undoable (f->cat, before, "Add Material");

  stored = bs_catalogue_get_material (f->cat, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, a);
  g_assert_cmpint (stored->item_id, ==, f->spjy);
  g_assert_cmpint (stored->position, ==, 0);
  g_assert_cmpstr (stored->name, ==, "食品经营许可申请书");
  g_assert_cmpint (stored->form, ==, BS_MATERIAL_FORM_ORIGINAL_AND_COPY);
  g_assert_cmpint (stored->copies, ==, 2);
  g_assert_cmpint (stored->source, ==, BS_MATERIAL_SOURCE_INTERMEDIARY);
  g_assert_false (stored->required);
  g_assert_cmpstr (stored->notes, ==, "加盖公章");

  b = add_material (f->cat, f->spjy, "营业执照");
  c = add_material (f->cat, f->spjy, "健康证明");
  add_material (f->cat, f->yyzz, "公司章程"); /* another item: its own order */
  assert_material_order (f->cat, f->spjy, "食品经营许可申请书,营业执照,健康证明");
  assert_material_order (f->cat, f->yyzz, "公司章程");

  /* update every field but the item and the order */
  other = bs_material_copy (stored);
  g_free (other->name);
  other->name = g_strdup ("食品经营许可申请表");
  other->form = BS_MATERIAL_FORM_ELECTRONIC;
  other->copies = 0;
  other->source = BS_MATERIAL_SOURCE_GOVERNMENT;
  other->required = TRUE;
  other->position = 2; /* ignored */
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_update_material (f->cat, other, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Edit Material");
  g_clear_pointer (&stored, bs_material_free);
  stored = bs_catalogue_get_material (f->cat, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "食品经营许可申请表");
  g_assert_cmpint (stored->form, ==, BS_MATERIAL_FORM_ELECTRONIC);
  g_assert_cmpint (stored->copies, ==, 0);
  g_assert_cmpint (stored->source, ==, BS_MATERIAL_SOURCE_GOVERNMENT);
  g_assert_true (stored->required);
  g_assert_cmpint (stored->position, ==, 0);

  /* move: last to first, first to last, past the end means last */
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_move_material (f->cat, c, 0, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "健康证明,食品经营许可申请表,营业执照");
  assert_undoable (f->cat, before, "Move Material");
  g_assert_true (bs_catalogue_move_material (f->cat, c, 2, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "食品经营许可申请表,营业执照,健康证明");
  g_assert_true (bs_catalogue_move_material (f->cat, a, 1, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "营业执照,食品经营许可申请表,健康证明");
  g_assert_true (bs_catalogue_move_material (f->cat, b, 100, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "食品经营许可申请表,健康证明,营业执照");
  assert_material_order (f->cat, f->yyzz, "公司章程");

  /* undo of a move puts the order back */
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "营业执照,食品经营许可申请表,健康证明");
  g_assert_true (bs_catalogue_redo (f->cat, &error));
  g_assert_no_error (error);

  /* remove the middle one: the rest close up */
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_material (f->cat, c, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "食品经营许可申请表,营业执照");
  assert_undoable (f->cat, before, "Delete Material");
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  assert_material_order (f->cat, f->spjy, "食品经营许可申请表,健康证明,营业执照");
  g_assert_true (bs_catalogue_redo (f->cat, &error));
  g_assert_no_error (error);

  /* and the next one appends after the last */
  add_material (f->cat, f->spjy, "场所平面图");
  assert_material_order (f->cat, f->spjy, "食品经营许可申请表,营业执照,场所平面图");

  g_clear_pointer (&stored, bs_material_free);
  stored = bs_catalogue_get_material (f->cat, c, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (stored);
}

static void
test_material_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsMaterial) material = NULL;
  g_autoptr(BsMaterial) stored = NULL;
  g_autofree char *before = NULL;
  const char *label;
  gint64 id;

  id = add_material (f->cat, f->spjy, "申请书");
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);

  material = bs_material_new (f->spjy, "");
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A material needs a name");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  g_clear_pointer (&material, bs_material_free);

  material = bs_material_new (999999, "申请书");
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
  material->item_id = f->spjy;

  material->copies = 1000;
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  material->copies = -1;
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  material->copies = 1;
  material->form = BS_N_MATERIAL_FORMS;
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  material->form = BS_MATERIAL_FORM_COPY;
  material->source = BS_N_MATERIAL_SOURCES;
  g_assert_cmpint (bs_catalogue_add_material (f->cat, material, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  /* update: no moving to another item, no empty name, no missing row */
  stored = bs_catalogue_get_material (f->cat, id, &error);
  g_assert_no_error (error);
  stored->item_id = f->yyzz;
  g_assert_false (bs_catalogue_update_material (f->cat, stored, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  stored->item_id = f->spjy;
  g_free (stored->name);
  stored->name = g_strdup ("");
  g_assert_false (bs_catalogue_update_material (f->cat, stored, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (stored->name);
  stored->name = g_strdup ("申请书");
  stored->id = 999999;
  g_assert_false (bs_catalogue_update_material (f->cat, stored, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  g_assert_false (bs_catalogue_move_material (f->cat, id, -1, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_move_material (f->cat, 999999, 0, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_material (f->cat, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
}

/* Categories */

static void
assert_category_order (BsCatalogue *cat,
                       const char  *codes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = bs_catalogue_list_categories (cat, &error);
  g_autoptr(GString) joined = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < categories->len; i++)
    {
      BsCategory *category = g_ptr_array_index (categories, i);

      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, category->code);
    }
  g_assert_cmpstr (joined->str, ==, codes);
}

static void
test_category_crud (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCategory) stored = NULL;
  g_autoptr(BsCategory) found = NULL;
  g_autofree char *before = dump (f->cat);
  gint64 life, birth, school, work;

  /* zyzb has position 0; life comes first by position */
  life = add_category (f->cat, "life", "生活服务", 0, -1);
  assert_undoable (f->cat, before, "Add Category");
  school = add_category (f->cat, "school", "入学", life, 1);
  birth = add_category (f->cat, "birth", "出生", life, 1); /* same position: by name */
  work = add_category (f->cat, "work", "就业", 0, 5);
  /* 入 (U+5165) sorts before 出 (U+51FA) */
  assert_category_order (f->cat, "life,school,birth,zyzb,work");

  stored = bs_catalogue_get_category (f->cat, birth, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, birth);
  g_assert_cmpstr (stored->code, ==, "birth");
  g_assert_cmpstr (stored->name, ==, "出生");
  g_assert_cmpint (stored->parent_id, ==, life);
  g_assert_cmpint (stored->position, ==, 1);
  found = bs_catalogue_find_category (f->cat, "zyzb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, f->zyzb);
  g_assert_cmpint (found->parent_id, ==, 0);
  g_clear_pointer (&found, bs_category_free);
  found = bs_catalogue_find_category (f->cat, "none", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* move birth under work, first; then to the top level */
  g_free (stored->name);
  stored->name = g_strdup ("新生儿出生");
  stored->parent_id = work;
  stored->position = 0;
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_update_category (f->cat, stored, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Edit Category");
  assert_category_order (f->cat, "life,school,zyzb,work,birth");
  stored->parent_id = 0;
  stored->position = 9;
  g_assert_true (bs_catalogue_update_category (f->cat, stored, &error));
  g_assert_no_error (error);
  assert_category_order (f->cat, "life,school,zyzb,work,birth");
  g_clear_pointer (&found, bs_category_free);
  found = bs_catalogue_get_category (f->cat, birth, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->parent_id, ==, 0);
  g_assert_cmpstr (found->name, ==, "新生儿出生");

  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_category (f->cat, school, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Delete Category");
  assert_category_order (f->cat, "life,zyzb,work,birth");
  g_clear_pointer (&found, bs_category_free);
  found = bs_catalogue_get_category (f->cat, school, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (found);
}

static void
test_category_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(BsCategory) top = NULL;
  g_autofree char *before = NULL;
  const char *label;
  gint64 top_id, mid, leaf;

  top_id = add_category (f->cat, "top", "顶层", 0, 0);
  mid = add_category (f->cat, "mid", "中层", top_id, 0);
  leaf = add_category (f->cat, "leaf", "底层", mid, 0);
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);

  category = bs_category_new ("", "无编码", 0);
  g_assert_cmpint (bs_catalogue_add_category (f->cat, category, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A category needs a code");
  g_clear_error (&error);
  g_clear_pointer (&category, bs_category_free);
  category = bs_category_new ("noname", "", 0);
  g_assert_cmpint (bs_catalogue_add_category (f->cat, category, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A category needs a name");
  g_clear_error (&error);
  g_clear_pointer (&category, bs_category_free);
  category = bs_category_new ("mid", "重复", 0);
  g_assert_cmpint (bs_catalogue_add_category (f->cat, category, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Another category already has the code “mid”");
  g_clear_error (&error);
  g_clear_pointer (&category, bs_category_free);
  category = bs_category_new ("orphan", "孤儿", 999999);
  g_assert_cmpint (bs_catalogue_add_category (f->cat, category, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  /* loops: its own parent, under its child, under its grandchild */
  top = bs_catalogue_get_category (f->cat, top_id, &error);
  g_assert_no_error (error);
  top->parent_id = top_id;
  g_assert_false (bs_catalogue_update_category (f->cat, top, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  top->parent_id = mid;
  g_assert_false (bs_catalogue_update_category (f->cat, top, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==,
                   "“顶层” cannot go inside “中层”, which is one of its own sub-categories");
  g_clear_error (&error);
  top->parent_id = leaf;
  g_assert_false (bs_catalogue_update_category (f->cat, top, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  /* but a move that makes no loop is fine */
  top->parent_id = f->zyzb;
  g_assert_true (bs_catalogue_update_category (f->cat, top, &error));
  g_assert_no_error (error);
  assert_category_order (f->cat, "zyzb,top,mid,leaf");
  g_assert_true (bs_catalogue_undo (f->cat, &error));
  g_assert_no_error (error);
  assert_unchanged (f->cat, before, label);

  /* removal while it has sub-categories or themes, or when it is gone */
  g_assert_false (bs_catalogue_remove_category (f->cat, mid, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“中层” still has 1 sub-category; move or delete it first");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_category (f->cat, f->zyzb, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“准营准办” still has 1 theme; move or delete it first");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_category (f->cat, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  top->parent_id = 0;
  top->id = 999999;
  g_assert_false (bs_catalogue_update_category (f->cat, top, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  add_category (f->cat, "leaf2", "底层二", mid, 1);
  g_free (before);
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);
  g_assert_false (bs_catalogue_remove_category (f->cat, mid, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“中层” still has 2 sub-categories; move or delete them first");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
}

/* Themes */

static void
test_theme_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = bs_theme_new ("open-pharmacy", "开药店", f->zyzb);
  g_autoptr(BsTheme) stored = NULL;
  g_autoptr(BsTheme) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *before = dump (f->cat);
  gint64 life, id, birth;

  g_free (theme->description);
  theme->description = g_strdup ("零售药店开办");
  theme->position = 3;
  id = bs_catalogue_add_theme (f->cat, theme, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  assert_undoable (f->cat, before, "Add Theme");

  stored = bs_catalogue_get_theme (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, id);
  g_assert_cmpstr (stored->code, ==, "open-pharmacy");
  g_assert_cmpstr (stored->name, ==, "开药店");
  g_assert_cmpint (stored->category_id, ==, f->zyzb);
  g_assert_cmpstr (stored->description, ==, "零售药店开办");
  g_assert_cmpint (stored->position, ==, 3);

  found = bs_catalogue_find_theme (f->cat, "open-restaurant", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, f->restaurant);
  g_clear_pointer (&found, bs_theme_free);
  found = bs_catalogue_find_theme (f->cat, "open-bakery", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  life = add_category (f->cat, "life", "生活服务", 0, 1);
  birth = add_theme (f->cat, "birth", "出生一件事", life);

  /* by category, by position then name */
  list = bs_catalogue_list_themes (f->cat, f->zyzb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (list, 0))->id, ==, f->restaurant);
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (list, 1))->id, ==, id);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bs_catalogue_list_themes (f->cat, life, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (list, 0))->id, ==, birth);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bs_catalogue_list_themes (f->cat, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);

  /* update: rename and move to another category */
  g_free (stored->name);
  stored->name = g_strdup ("开办药店");
  stored->category_id = life;
  stored->position = 0;
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_update_theme (f->cat, stored, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Edit Theme");
  g_clear_pointer (&found, bs_theme_free);
  found = bs_catalogue_get_theme (f->cat, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "开办药店");
  g_assert_cmpint (found->category_id, ==, life);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bs_catalogue_list_themes (f->cat, life, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* position 0 each: 出 (U+51FA) before 开 (U+5F00) */
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (list, 0))->id, ==, birth);
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (list, 1))->id, ==, id);

  /* removing a theme takes its item list and edges, never the items */
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_theme (f->cat, f->restaurant, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM theme_item WHERE theme_id = ?1",
                               f->restaurant), ==, 0);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM theme_edge WHERE theme_id = ?1",
                               f->restaurant), ==, 0);
  g_assert_cmpint (count_rows (f->cat, "SELECT count(*) FROM item WHERE id = ?1", f->yyzz), ==, 1);
  assert_undoable (f->cat, before, "Delete Theme");
  g_clear_pointer (&found, bs_theme_free);
  found = bs_catalogue_get_theme (f->cat, f->restaurant, &error);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_null (found);
}

static void
test_theme_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsTheme) restaurant = NULL;
  g_autofree char *before = dump (f->cat);
  const char *label = bs_catalogue_get_undo_label (f->cat);

  theme = bs_theme_new ("", "无编码", f->zyzb);
  g_assert_cmpint (bs_catalogue_add_theme (f->cat, theme, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A theme needs a code");
  g_clear_error (&error);
  g_clear_pointer (&theme, bs_theme_free);
  theme = bs_theme_new ("noname", "", f->zyzb);
  g_assert_cmpint (bs_catalogue_add_theme (f->cat, theme, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A theme needs a name");
  g_clear_error (&error);
  g_clear_pointer (&theme, bs_theme_free);
  theme = bs_theme_new ("open-restaurant", "开饭店", f->zyzb);
  g_assert_cmpint (bs_catalogue_add_theme (f->cat, theme, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Another theme already has the code “open-restaurant”");
  g_clear_error (&error);
  g_clear_pointer (&theme, bs_theme_free);
  theme = bs_theme_new ("open-bakery", "开面包店", 0);
  g_assert_cmpint (bs_catalogue_add_theme (f->cat, theme, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID);
  g_clear_error (&error);
  theme->category_id = 999999;
  g_assert_cmpint (bs_catalogue_add_theme (f->cat, theme, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  restaurant = bs_catalogue_get_theme (f->cat, f->restaurant, &error);
  g_assert_no_error (error);
  restaurant->category_id = 999999;
  g_assert_false (bs_catalogue_update_theme (f->cat, restaurant, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  restaurant->category_id = f->zyzb;
  restaurant->id = 999999;
  g_assert_false (bs_catalogue_update_theme (f->cat, restaurant, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_theme (f->cat, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
}

static void
assert_theme_items (BsCatalogue *cat,
                    gint64       theme_id,
                    const char  *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = bs_catalogue_list_theme_items (cat, theme_id, &error);
  g_autoptr(GString) joined = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      BsItemSummary *item = g_ptr_array_index (items, i);

      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append_printf (joined, "%s/%s", item->name, item->department_name);
    }
  g_assert_cmpstr (joined->str, ==, names);
}

static void
test_theme_items (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autofree char *before = NULL;
  const char *label;
  gint64 other;

  assert_theme_items (f->cat, f->restaurant,
                      "名称自主申报/市场监督管理局,营业执照/市场监督管理局,食品经营许可/市场监督管理局");
  g_assert_true (bs_catalogue_theme_has_item (f->cat, f->restaurant, f->yyzz));
  g_assert_false (bs_catalogue_theme_has_item (f->cat, f->restaurant, f->xfaq));
  g_assert_false (bs_catalogue_theme_has_item (f->cat, 999999, f->yyzz));

  /* appended at the end, whatever its name */
  before = dump (f->cat);
  g_assert_true (bs_catalogue_add_theme_item (f->cat, f->restaurant, f->xfaq, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Add Item to Theme");
  assert_theme_items (f->cat, f->restaurant,
                      "名称自主申报/市场监督管理局,营业执照/市场监督管理局,食品经营许可/市场监督管理局,"
                      "消防安全检查/消防救援支队");
  g_assert_true (bs_catalogue_theme_has_item (f->cat, f->restaurant, f->xfaq));

  /* removing one keeps the others' order, and the next goes at the end */
  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_theme_item (f->cat, f->restaurant, f->yyzz, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Remove Item from Theme");
  assert_theme_items (f->cat, f->restaurant,
                      "名称自主申报/市场监督管理局,食品经营许可/市场监督管理局,消防安全检查/消防救援支队");
  add_theme_item (f->cat, f->restaurant, f->yyzz);
  assert_theme_items (f->cat, f->restaurant,
                      "名称自主申报/市场监督管理局,食品经营许可/市场监督管理局,消防安全检查/消防救援支队,"
                      "营业执照/市场监督管理局");

  /* the themes of an item */
  other = add_theme (f->cat, "start-company", "开办企业", f->zyzb);
  add_theme_item (f->cat, other, f->yyzz);
  themes = bs_catalogue_list_item_themes (f->cat, f->yyzz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (themes->len, ==, 2);
  /* 开办 before 开餐 (办 U+529E, 餐 U+9910) */
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (themes, 0))->id, ==, other);
  g_assert_cmpint (((BsTheme *) g_ptr_array_index (themes, 1))->id, ==, f->restaurant);
  g_clear_pointer (&themes, g_ptr_array_unref);
  themes = bs_catalogue_list_item_themes (f->cat, f->mcsb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (themes->len, ==, 1);

  /* refusals */
  g_free (before);
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);
  g_assert_false (bs_catalogue_add_theme_item (f->cat, f->restaurant, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“食品经营许可” is already in “开餐馆”");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_item (f->cat, f->restaurant, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_item (f->cat, 999999, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_theme_item (f->cat, other, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "“食品经营许可” is not an item of “开办企业”");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_remove_theme_item (f->cat, 999999, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);
}

static void
assert_edges (BsCatalogue *cat,
              gint64       theme_id,
              const BsEdge *expected,
              guint        n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) edges = bs_catalogue_list_theme_edges (cat, theme_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (edges->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_assert_cmpint (g_array_index (edges, BsEdge, i).before_id, ==, expected[i].before_id);
      g_assert_cmpint (g_array_index (edges, BsEdge, i).after_id, ==, expected[i].after_id);
    }
}

static void
test_theme_edges (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const char *label;
  gint64 other;

  /* sorted by (before, after): ids follow the order of creation */
  {
    const BsEdge edges[] = { { f->mcsb, f->yyzz }, { f->yyzz, f->spjy } };
    assert_edges (f->cat, f->restaurant, edges, G_N_ELEMENTS (edges));
  }

  before = dump (f->cat);
  g_assert_true (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->mcsb, f->spjy, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Add Prerequisite");
  {
    const BsEdge edges[] = { { f->mcsb, f->yyzz }, { f->mcsb, f->spjy }, { f->yyzz, f->spjy } };
    G_STATIC_ASSERT (G_N_ELEMENTS (edges) == 3);
    /* f->yyzz < f->spjy by creation order */
    g_assert_cmpint (f->yyzz, <, f->spjy);
    assert_edges (f->cat, f->restaurant, edges, 3);
  }

  /* a cycle is the flow editor's business, not an error here */
  g_assert_true (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->spjy, f->mcsb, &error));
  g_assert_no_error (error);

  g_free (before);
  before = dump (f->cat);
  g_assert_true (bs_catalogue_remove_theme_edge (f->cat, f->restaurant, f->spjy, f->mcsb, &error));
  g_assert_no_error (error);
  assert_undoable (f->cat, before, "Remove Prerequisite");

  /* refusals */
  other = add_theme (f->cat, "start-company", "开办企业", f->zyzb);
  add_theme_item (f->cat, other, f->mcsb);
  g_free (before);
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);

  g_assert_false (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->yyzz, f->yyzz, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "An item cannot be its own prerequisite");
  g_clear_error (&error);

  g_assert_false (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->yyzz, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“营业执照” is already a prerequisite of “食品经营许可”");
  g_clear_error (&error);

  /* an end outside the theme, either way round; an end in another theme
   * does not count */
  g_assert_false (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->xfaq, f->spjy, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“消防安全检查” is not an item of “开餐馆”; add it to the theme first");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->spjy, f->xfaq, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_edge (f->cat, other, f->mcsb, f->yyzz, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "“营业执照” is not an item of “开办企业”; add it to the theme first");
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_edge (f->cat, f->restaurant, f->mcsb, 999999, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_catalogue_add_theme_edge (f->cat, 999999, f->mcsb, f->yyzz, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (bs_catalogue_remove_theme_edge (f->cat, f->restaurant, f->spjy, f->yyzz, &error));
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "“食品经营许可” is not a prerequisite of “营业执照”");
  g_clear_error (&error);
  assert_unchanged (f->cat, before, label);

  /* taking an item out of the theme takes its edges, and only those */
  g_assert_true (bs_catalogue_remove_theme_item (f->cat, f->restaurant, f->mcsb, &error));
  g_assert_no_error (error);
  {
    const BsEdge edges[] = { { f->yyzz, f->spjy } };
    assert_edges (f->cat, f->restaurant, edges, G_N_ELEMENTS (edges));
  }
  g_assert_true (bs_catalogue_theme_has_item (f->cat, other, f->mcsb));
  assert_undoable (f->cat, before, "Remove Item from Theme");
}

/* The schema refuses bad rows by itself, whatever SQL writes them. */
static void
assert_raw_refused (BsCatalogue *cat,
                    const char  *sql,
                    int          extended_code)
{
  sqlite3 *db = bs_catalogue_get_db (cat);
  g_autofree char *before = dump (cat);
  g_autofree char *after = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  /* the statement in the message when it fails */
  if (rc != extended_code)
    g_error ("%s: %d, %s (expected %d)", sql, rc, sqlite3_errmsg (db), extended_code);
  after = dump (cat);
  g_assert_cmpstr (after, ==, before);
}

static void
test_schema_constraints (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_assert_true (bs_catalogue_theme_has_item (f->cat, f->restaurant, f->yyzz));

  /* self-loop */
  sql = g_strdup_printf ("INSERT INTO theme_edge (theme_id, before_id, after_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->yyzz, f->yyzz);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_CHECK);
  g_free (sql);

  /* an end not in the theme (xfaq is an item, but of no theme) */
  sql = g_strdup_printf ("INSERT INTO theme_edge (theme_id, before_id, after_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->xfaq, f->spjy);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO theme_edge (theme_id, before_id, after_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->spjy, f->xfaq);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_free (sql);

  /* a duplicate edge */
  sql = g_strdup_printf ("INSERT INTO theme_edge (theme_id, before_id, after_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->mcsb, f->yyzz);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_PRIMARYKEY);
  g_free (sql);

  /* a theme item for an unknown item, an item twice in a theme */
  sql = g_strdup_printf ("INSERT INTO theme_item (theme_id, item_id) VALUES (%" G_GINT64_FORMAT ", 999999)",
                         f->restaurant);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_FOREIGNKEY);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO theme_item (theme_id, item_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->yyzz);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_PRIMARYKEY);
  g_free (sql);

  /* items: unknown department, enumeration strings, limits; deleting a
   * department that has items */
  assert_raw_refused (f->cat, "INSERT INTO item (code, name, department_id) VALUES ('x', 'x', 999999)",
                      SQLITE_CONSTRAINT_FOREIGNKEY);
  sql = g_strdup_printf ("INSERT INTO item (code, name, department_id, item_type)"
                         " VALUES ('x', 'x', %" G_GINT64_FORMAT ", 'Licensing')", f->scjg);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_CHECK);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO item (code, name, department_id, legal_limit)"
                         " VALUES ('x', 'x', %" G_GINT64_FORMAT ", 3651)", f->scjg);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_CHECK);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO item (code, name, department_id)"
                         " VALUES ('000135002000', 'x', %" G_GINT64_FORMAT ")", f->scjg);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_UNIQUE);
  g_free (sql);
  /* ON DELETE RESTRICT: SQLite reports it as a trigger constraint */
  sql = g_strdup_printf ("DELETE FROM department WHERE id = %" G_GINT64_FORMAT, f->scjg);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_TRIGGER);
  g_free (sql);

  /* materials and categories */
  sql = g_strdup_printf ("INSERT INTO material (item_id, name, copies) VALUES (%" G_GINT64_FORMAT ", 'x', 1000)",
                         f->yyzz);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_CHECK);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE category SET parent_id = id WHERE id = %" G_GINT64_FORMAT, f->zyzb);
  assert_raw_refused (f->cat, sql, SQLITE_CONSTRAINT_CHECK);
  g_free (sql);

  /* the control: a good edge goes in through the same path */
  g_assert_true (bs_catalogue_begin (f->cat, "raw", &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO theme_edge (theme_id, before_id, after_id)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         f->restaurant, f->mcsb, f->spjy);
  g_assert_cmpint (sqlite3_exec (bs_catalogue_get_db (f->cat), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (bs_catalogue_commit (f->cat, &error));
  g_assert_no_error (error);
  {
    const BsEdge edges[] = { { f->mcsb, f->yyzz }, { f->mcsb, f->spjy }, { f->yyzz, f->spjy } };
    assert_edges (f->cat, f->restaurant, edges, G_N_ELEMENTS (edges));
  }
}

/* Entity calls inside an outer edit join it: one undo step for all, and a
 * refused call does not spoil the rest. */
static void
test_nested_edit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDepartment) duplicate = bs_department_new ("scjg", "重复");
  g_autoptr(BsDepartment) found = NULL;
  g_autofree char *before = dump (f->cat);
  gint64 swj, item;

  g_assert_true (bs_catalogue_begin (f->cat, "Import", &error));
  g_assert_no_error (error);
  swj = add_department (f->cat, "swj", "税务局");
  item = add_item (f->cat, "tax-1", "税务登记", swj);
  add_material (f->cat, item, "营业执照");
  add_theme_item (f->cat, f->restaurant, item);
  add_edge (f->cat, f->restaurant, f->spjy, item);
  g_assert_cmpint (bs_catalogue_add_department (f->cat, duplicate, &error), ==, 0);
  g_assert_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (bs_catalogue_in_edit (f->cat));
  g_assert_true (bs_catalogue_commit (f->cat, &error));
  g_assert_no_error (error);

  found = bs_catalogue_find_department (f->cat, "swj", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  assert_undoable (f->cat, before, "Import");
}

static void
count_changed (BsCatalogue *cat,
               BsChanges   *changes,
               gpointer     user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Writing back what is stored is no edit: no undo step, no signal. */
static void
test_unchanged_update (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDepartment) department = NULL;
  g_autoptr(BsItem) item = NULL;
  g_autoptr(BsMaterial) material = NULL;
  g_autoptr(BsCategory) category = NULL;
  g_autoptr(BsTheme) theme = NULL;
  g_autofree char *before = NULL;
  const char *label;
  guint n_changed = 0;
  gint64 material_id;

  material_id = add_material (f->cat, f->yyzz, "公司章程");
  before = dump (f->cat);
  label = bs_catalogue_get_undo_label (f->cat);
  g_signal_connect (f->cat, "changed", G_CALLBACK (count_changed), &n_changed);

  department = bs_catalogue_get_department (f->cat, f->scjg, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_update_department (f->cat, department, &error));
  g_assert_no_error (error);
  item = bs_catalogue_get_item (f->cat, f->yyzz, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_update_item (f->cat, item, &error));
  g_assert_no_error (error);
  material = bs_catalogue_get_material (f->cat, material_id, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_update_material (f->cat, material, &error));
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_move_material (f->cat, material_id, 0, &error));
  g_assert_no_error (error);
  category = bs_catalogue_get_category (f->cat, f->zyzb, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_update_category (f->cat, category, &error));
  g_assert_no_error (error);
  theme = bs_catalogue_get_theme (f->cat, f->restaurant, &error);
  g_assert_no_error (error);
  g_assert_true (bs_catalogue_update_theme (f->cat, theme, &error));
  g_assert_no_error (error);

  assert_unchanged (f->cat, before, label);
  g_assert_cmpuint (n_changed, ==, 0);

  /* the control: a real change is noticed */
  g_free (theme->description);
  theme->description = g_strdup ("堂食");
  g_assert_true (bs_catalogue_update_theme (f->cat, theme, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (bs_catalogue_get_undo_label (f->cat), ==, "Edit Theme");
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are compared in English, whatever the machine's locale. */
  g_setenv ("LC_ALL", "C", TRUE);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entities/enums/round-trip", test_enums);
  g_test_add_func ("/entities/enums/labels", test_enum_labels);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/entities/department/crud", test_department_crud);
  ADD ("/entities/department/errors", test_department_errors);
  ADD ("/entities/item/crud", test_item_crud);
  ADD ("/entities/item/errors", test_item_errors);
  ADD ("/entities/item/cascade", test_item_cascade);
  ADD ("/entities/material/crud", test_material_crud);
  ADD ("/entities/material/errors", test_material_errors);
  ADD ("/entities/category/crud", test_category_crud);
  ADD ("/entities/category/errors", test_category_errors);
  ADD ("/entities/theme/crud", test_theme_crud);
  ADD ("/entities/theme/errors", test_theme_errors);
  ADD ("/entities/theme/items", test_theme_items);
  ADD ("/entities/theme/edges", test_theme_edges);
  ADD ("/entities/schema-constraints", test_schema_constraints);
  ADD ("/entities/nested-edit", test_nested_edit);
  ADD ("/entities/unchanged-update", test_unchanged_update);
#undef ADD

  return g_test_run ();
}
