/* bs-cli.c: banshi-cli, the catalogue from the command line
 *
 * Exit status: 0 done, 1 bad input (the message says what and where),
 * 2 usage (unknown command or option, missing arguments).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "banshi-core.h"
#include "bs-flow-layout.h"
#include "bs-guide.h"
#include "bs-guide-print.h"
#include "bs-theme-flow.h"

#define PROGRAM "banshi-cli"

enum
{
  EXIT_OK = 0,
  EXIT_BAD_INPUT = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  const char *name;
  const char *parameters;   /* shown after the command in usage lines */
  const char *synopsis;     /* the arguments and main options, for the command list */
  const char *summary;      /* one line for the command list */
  const char *description;  /* the paragraph of the command's --help */
  int (*run) (int argc, char **argv);
} Command;

static const Command *find_command (const char *name);

/* ------------------------------------------------------------------ */
/* Messages */

static void
print_error (const char   *file,
             const GError *error)
{
  if (file != NULL)
    {
      g_autofree char *display = g_filename_display_name (file);

      g_printerr ("%s: %s: %s\n", PROGRAM, display, error->message);
    }
  else
    g_printerr ("%s: %s\n", PROGRAM, error->message);
}

static int
usage_error (const Command *command,
             const char    *message)
{
  g_printerr ("%s: %s\n", PROGRAM, message);
  if (command != NULL)
    /* TRANSLATORS: the placeholders are the program and a command, e.g. "banshi-cli info" */
    g_printerr (_("Run “%s %s --help” for usage.\n"), PROGRAM, command->name);
  else
    g_printerr (_("Run “%s --help” for the list of commands.\n"), PROGRAM);
  return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* Option parsing: one GOptionContext per command, with its own --help */

static GOptionContext *
command_context (const Command      *command,
                 const GOptionEntry *entries)
{
  /* The context translates the parameter string and the summary itself. */
  GOptionContext *context = g_option_context_new (command->parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command->description);
  g_option_context_set_description (context, N_("Exit status: 0 done, 1 bad input, 2 wrong usage."));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Parses the command's options and checks the number of arguments left.
 * On success *out_args holds the positional arguments (without the program
 * name); otherwise the usage error has been printed and it returns FALSE. */
static gboolean
parse_command (const Command       *command,
               const GOptionEntry  *entries,
               int                  argc,
               char               **argv,
               guint                n_args,
               GStrv               *out_args)
{
  g_autoptr(GOptionContext) context = command_context (command, entries);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  guint n;

  /* The usage line of --help reads "banshi-cli COMMAND …". */
  args[0] = g_strdup_printf ("%s %s", PROGRAM, command->name);
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      usage_error (command, error->message);
      return FALSE;
    }

  n = g_strv_length (args) - 1;
  if (n < n_args)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” needs %s"), command->name,
                                                  _(command->parameters));
      usage_error (command, message);
      return FALSE;
    }
  if (n > n_args)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), args[n_args + 1]);
      usage_error (command, message);
      return FALSE;
    }

  *out_args = g_strdupv (args + 1);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Creating catalogues: on any failure the new FILE is removed again */

typedef gboolean (*FillFunc) (BsCatalogue  *catalogue,
                              gpointer      user_data,
                              GError      **error);

static void
remove_catalogue_files (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* BANSHI_TODAY=YYYY-MM-DD fixes "today", for tests and demonstrations;
 * BS_DATE_NONE when it is not set. */
static gboolean
today_from_environment (BsDate  *out_date,
                        GError **error)
{
  const char *today = g_getenv ("BANSHI_TODAY");

  *out_date = BS_DATE_NONE;
  if (today == NULL || today[0] == '\0')
    return TRUE;
  if (!bs_date_parse (today, out_date))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("BANSHI_TODAY=“%s” is not a date of the form YYYY-MM-DD"), today);
      return FALSE;
    }
  return TRUE;
}

/* Creates the catalogue @path and fills it. @path must not exist. On any
 * failure the new file is removed again and the error printed, blaming
 * @blame (the input that was bad) when filling fails. */
static int
create_catalogue (const char *path,
                  FillFunc    fill,
                  gpointer    user_data,
                  const char *blame)
{
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  BsDate today;

  if (!today_from_environment (&today, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  /* A dangling symbolic link counts as existing too. */
  if (g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                   _("“%s” already exists; give a new file name"), display);
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  /* The catalogue's own messages name the file. */
  if (!(catalogue = bs_catalogue_create (path, &error)))
    {
      print_error (NULL, error);
      /* It refuses existing files, so unless another program was quicker,
       * whatever it left is ours. */
      if (!g_error_matches (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS))
        remove_catalogue_files (path);
      return EXIT_BAD_INPUT;
    }

  bs_catalogue_set_today (catalogue, today);
  if (fill != NULL && !fill (catalogue, user_data, &error))
    {
      print_error (blame, error);
      bs_catalogue_close (catalogue);
      g_clear_object (&catalogue);
      remove_catalogue_files (path);
      return error->domain == G_OPTION_ERROR ? EXIT_USAGE : EXIT_BAD_INPUT;
    }

  bs_catalogue_close (catalogue);
  return EXIT_OK;
}

static BsCatalogue *
open_catalogue (const char *path)
{
  g_autoptr(GError) error = NULL;
  BsCatalogue *catalogue;
  BsDate today;

  /* Its messages name the file. */
  if (!today_from_environment (&today, &error) || !(catalogue = bs_catalogue_open (path, &error)))
    {
      print_error (NULL, error);
      return NULL;
    }
  bs_catalogue_set_today (catalogue, today);
  return catalogue;
}

/* ------------------------------------------------------------------ */
/* new */

static char *new_name;

static gboolean
fill_new (BsCatalogue  *catalogue,
          gpointer      user_data,
          GError      **error)
{
  const char *name = user_data;

  if (name == NULL)
    return TRUE;
  return bs_catalogue_set_name (catalogue, name, error);
}

static int
run_new (int    argc,
         char **argv)
{
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &new_name,
      N_("The catalogue’s name, e.g. the service centre’s"), N_("NAME") },
    { NULL }
  };
  g_auto(GStrv) args = NULL;

  if (!parse_command (find_command ("new"), entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  return create_catalogue (args[0], fill_new, new_name, NULL);
}

/* ------------------------------------------------------------------ */
/* import-json and demo */

typedef struct
{
  const char *path;
  char *data;
  gsize length;
} JsonInput;

static gboolean
fill_import (BsCatalogue  *catalogue,
             gpointer      user_data,
             GError      **error)
{
  JsonInput *input = user_data;

  return bs_catalogue_import_json (catalogue, input->data, input->length, error);
}

static int
import_json (const char *json_path,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonInput input = { json_path, NULL, 0 };

  /* Say so before reading a large file for nothing. */
  if (g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return create_catalogue (path, NULL, NULL, NULL);

  if (!g_file_get_contents (json_path, &data, &input.length, &error))
    {
      /* The GFileError message names the file already. */
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }
  input.data = data;

  return create_catalogue (path, fill_import, &input, json_path);
}

static int
run_import_json (int    argc,
                 char **argv)
{
  g_auto(GStrv) args = NULL;

  if (!parse_command (find_command ("import-json"), NULL, argc, argv, 2, &args))
    return EXIT_USAGE;

  return import_json (args[0], args[1]);
}

/* The bundled demo: $BANSHI_DEMO_JSON, the installed copy, or the one in
 * the source tree (running from a build directory). */
static char *
find_demo_json (GError **error)
{
  const char *env = g_getenv ("BANSHI_DEMO_JSON");
  g_autoptr(GString) tried = g_string_new (NULL);
  const char *candidates[] = {
    PKGDATADIR "/demo.json",
#ifdef BANSHI_SOURCE_DEMO
    BANSHI_SOURCE_DEMO,
#endif
  };

  if (env != NULL && *env != '\0')
    {
      if (g_access (env, R_OK) == 0)
        return g_strdup (env);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("The demo catalogue “%s” named by BANSHI_DEMO_JSON cannot be read"), env);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (g_access (candidates[i], R_OK) == 0)
        return g_strdup (candidates[i]);
      if (tried->len > 0)
        g_string_append (tried, ", ");
      g_string_append (tried, candidates[i]);
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               _("The demo catalogue is not installed (looked for %s); "
                 "set BANSHI_DEMO_JSON to the path of demo.json"), tried->str);
  return NULL;
}

static int
run_demo (int    argc,
          char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json_path = NULL;

  if (!parse_command (find_command ("demo"), NULL, argc, argv, 1, &args))
    return EXIT_USAGE;

  if (!(json_path = find_demo_json (&error)))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  return import_json (json_path, args[0]);
}

/* ------------------------------------------------------------------ */
/* info */

static gboolean info_json;

static gint64
schema_version (BsCatalogue *catalogue)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;

  if (!(stmt = bs_catalogue_prepare (catalogue, "PRAGMA user_version", NULL)))
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

/* The rows of @table (one of run_info()'s), or -1 on an error. */
static gint64
count_rows (BsCatalogue *catalogue,
            const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt;
  gint64 count = -1;

  if (!(stmt = bs_catalogue_prepare (catalogue, sql, NULL)))
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static int
run_info (int    argc,
          char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &info_json,
      N_("Print a JSON object instead of text"), NULL },
    { NULL }
  };
  /* The JSON keys, the tables they count and the labels of the text form. */
  const struct
  {
    const char *key;
    const char *table;
    const char *label;
  } counts[] = {
    { "departments", "department", N_("Departments:") },
    { "items", "item", N_("Items:") },
    { "materials", "material", N_("Materials:") },
    { "categories", "category", N_("Categories:") },
    { "themes", "theme", N_("Themes:") },
    { "theme_items", "theme_item", N_("Items in themes:") },
    { "edges", "theme_edge", N_("Prerequisite edges:") },
    { "questions", "question", N_("Situation questions:") },
    { "options", "question_option", N_("Options of questions:") },
    { "theme_notes", "theme_note", N_("Theme notes:") },
    { "phases", "phase", N_("Rollout phases:") },
    { "tasks", "task", N_("Rollout tasks:") },
    { "decisions", "decision", N_("Decisions:") },
    { "audit_records", "audit", N_("Audit records:") },
    { "handling_records", "record", N_("Handling records:") },
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autofree char *name = NULL;
  gint64 version;

  if (!parse_command (find_command ("info"), entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;

  name = bs_catalogue_dup_name (catalogue);
  version = schema_version (catalogue);

  if (info_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name != NULL ? name : "");
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, version);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].key);
          json_builder_add_int_value (builder, count_rows (catalogue, counts[i].table));
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      text = json_generator_to_data (generator, NULL);
      /* JSON is UTF-8 whatever the locale: not g_print, which converts. */
      fputs (text, stdout);
      fputs ("\n", stdout);
    }
  else
    {
      g_print ("%s %s\n", _("Name:"), name != NULL ? name : "");
      g_print ("%s %" G_GINT64_FORMAT "\n", _("Schema version:"), version);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        g_print ("%s %" G_GINT64_FORMAT "\n", _(counts[i].label),
                 count_rows (catalogue, counts[i].table));
    }

  bs_catalogue_close (catalogue);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* export */

static char *export_output;

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
run_export (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &export_output,
      N_("Write the JSON to OUT instead of standard output"), N_("OUT") },
    { NULL }
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  gboolean to_stdout;

  if (!parse_command (find_command ("export"), entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  to_stdout = export_output == NULL || g_str_equal (export_output, "-");

  /* g_file_set_contents replaces the target: never the catalogue itself. */
  if (!to_stdout && same_file (args[0], export_output))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (export_output, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;

  if (!(bytes = bs_catalogue_export_json (catalogue, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  data = g_bytes_get_data (bytes, &length);
  if (to_stdout)
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          int saved_errno = errno;

          g_printerr (_("%s: Could not write to standard output: %s\n"),
                      PROGRAM, g_strerror (saved_errno));
          return EXIT_BAD_INPUT;
        }
    }
  else if (!g_file_set_contents (export_output, data, (gssize) length, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* generate */

static char *generate_items;
static char *generate_departments;
static char *generate_themes;
static char *generate_seed;

static gboolean
parse_count (const char  *option,
             const char  *text,
             guint64      fallback,
             guint64      max,
             guint64     *out_value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out_value, &local_error))
    {
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* TRANSLATORS: e.g. "--items: “x” is not a whole number between 0 and 4294967295" */
                   _("%s: “%s” is not a whole number between 0 and %s"),
                   option, text, max_text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fill_generate (BsCatalogue  *catalogue,
               gpointer      user_data,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!bs_catalogue_generate (catalogue, user_data, &local_error))
    {
      /* Options the generator refuses are a usage error. */
      if (g_error_matches (local_error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID))
        g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static int
run_generate (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_STRING, &generate_items,
      N_("Number of approval items (default 20000)"), N_("N") },
    { "departments", 0, 0, G_OPTION_ARG_STRING, &generate_departments,
      N_("Number of departments (default 100)"), N_("N") },
    { "themes", 0, 0, G_OPTION_ARG_STRING, &generate_themes,
      N_("Number of themes (default 2000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &generate_seed,
      N_("Seed of the random choices: the same seed gives the same catalogue (default 1)"), N_("S") },
    { NULL }
  };
  const Command *command = find_command ("generate");
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  BsGenerateOptions options;
  guint64 items, departments, themes, seed;
  int status;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  if (!parse_count ("--items", generate_items, 20000, G_MAXUINT, &items, &error) ||
      !parse_count ("--departments", generate_departments, 100, G_MAXUINT, &departments, &error) ||
      !parse_count ("--themes", generate_themes, 2000, G_MAXUINT, &themes, &error) ||
      !parse_count ("--seed", generate_seed, 1, G_MAXUINT64, &seed, &error))
    return usage_error (command, error->message);

  options.items = (guint) items;
  options.departments = (guint) departments;
  options.themes = (guint) themes;
  options.seed = seed;

  status = create_catalogue (args[0], fill_generate, &options, NULL);
  if (status == EXIT_USAGE)
    g_printerr (_("Run “%s %s --help” for usage.\n"), PROGRAM, command->name);
  return status;
}

/* ------------------------------------------------------------------ */
/* validate */

static char *validate_theme;
static gboolean validate_json;

static void
json_add_item (JsonBuilder *builder,
               BsThemeFlow *flow,
               gint64       item_id)
{
  const BsFlowNode *node = bs_theme_flow_lookup_node (flow, item_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  if (node != NULL)
    json_builder_add_string_value (builder, node->code);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "name");
  if (node != NULL)
    json_builder_add_string_value (builder, node->name);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
json_add_items (JsonBuilder  *builder,
                BsThemeFlow  *flow,
                const GArray *item_ids)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < item_ids->len; i++)
    json_add_item (builder, flow, g_array_index (item_ids, gint64, i));
  json_builder_end_array (builder);
}

static void
json_add_days (JsonBuilder *builder,
               const char  *member,
               int          days)
{
  json_builder_set_member_name (builder, member);
  if (days >= 0)
    json_builder_add_int_value (builder, days);
  else
    json_builder_add_null_value (builder);
}

static void
json_add_problem (JsonBuilder         *builder,
                  BsThemeFlow         *flow,
                  const BsFlowProblem *problem)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, bs_flow_severity_to_string (problem->severity));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, bs_flow_problem_kind_to_string (problem->kind));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, problem->message);
  json_builder_set_member_name (builder, "items");
  json_add_items (builder, flow, problem->item_ids);
  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  for (guint k = 0; k < problem->edges->len; k++)
    {
      const BsEdge *edge = &g_array_index (problem->edges, BsEdge, k);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "before");
      json_add_item (builder, flow, edge->before_id);
      json_builder_set_member_name (builder, "after");
      json_add_item (builder, flow, edge->after_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Counts @guide_problems' errors and warnings. */
static void
count_problems (GPtrArray *guide_problems,
                guint     *n_errors,
                guint     *n_warnings)
{
  *n_errors = *n_warnings = 0;
  for (guint i = 0; i < guide_problems->len; i++)
    {
      const BsFlowProblem *problem = g_ptr_array_index (guide_problems, i);

      if (problem->severity == BS_FLOW_SEVERITY_ERROR)
        (*n_errors)++;
      else
        (*n_warnings)++;
    }
}

/* The flow's analysis and the checks of the theme's personalisation
 * (@guide_problems), as one report. */
static void
json_add_analysis (JsonBuilder    *builder,
                   const BsTheme  *theme,
                   BsFlowAnalysis *analysis,
                   GPtrArray      *guide_problems)
{
  guint guide_errors, guide_warnings;
  BsThemeFlow *flow = bs_flow_analysis_get_flow (analysis);
  const BsFlowSummary *summary = bs_flow_analysis_get_summary (analysis);
  const struct
  {
    const char *member;
    BsFlowLimit limit;
  } paths[] = {
    { "statutory", BS_FLOW_LIMIT_STATUTORY },
    { "committed", BS_FLOW_LIMIT_COMMITTED },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, theme->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, theme->name);
  count_problems (guide_problems, &guide_errors, &guide_warnings);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, summary->n_errors + guide_errors);
  json_builder_set_member_name (builder, "warnings");
  json_builder_add_int_value (builder, summary->n_warnings + guide_warnings);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    json_add_problem (builder, flow, bs_flow_analysis_get_problem (analysis, i));
  for (guint i = 0; i < guide_problems->len; i++)
    json_add_problem (builder, flow, g_ptr_array_index (guide_problems, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint s = 0; s < bs_flow_analysis_get_n_stages (analysis); s++)
    json_add_items (builder, flow, bs_flow_analysis_get_stage_items (analysis, s));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "critical_paths");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const BsFlowPath *path = bs_flow_analysis_get_critical_path (analysis, paths[i].limit);

      json_builder_set_member_name (builder, paths[i].member);
      json_builder_begin_object (builder);
      json_add_days (builder, "working_days", path->days);
      json_builder_set_member_name (builder, "converted");
      json_builder_add_boolean_value (builder, path->converted);
      json_builder_set_member_name (builder, "incomplete");
      json_builder_add_boolean_value (builder, path->incomplete);
      json_builder_set_member_name (builder, "items");
      json_add_items (builder, flow, path->item_ids);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_add_int_value (builder, summary->n_items);
  json_builder_set_member_name (builder, "edges");
  json_builder_add_int_value (builder, summary->n_edges);
  json_builder_set_member_name (builder, "stages");
  json_builder_add_int_value (builder, summary->n_stages);
  json_add_days (builder, "statutory_days", summary->statutory_days);
  json_add_days (builder, "committed_days", summary->committed_days);
  json_builder_set_member_name (builder, "departments");
  json_builder_add_int_value (builder, summary->n_departments);
  json_builder_set_member_name (builder, "visits");
  json_builder_add_int_value (builder, summary->visits);
  json_builder_set_member_name (builder, "unknown_visits");
  json_builder_add_int_value (builder, summary->n_unknown_visits);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

/* "A → B → C" */
static char *
path_names (BsThemeFlow  *flow,
            const GArray *item_ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < item_ids->len; i++)
    {
      const BsFlowNode *node = bs_theme_flow_lookup_node (flow, g_array_index (item_ids, gint64, i));

      if (i > 0)
        g_string_append (text, " → ");
      g_string_append (text, node != NULL ? node->name : "?");
    }
  return g_string_free (text, FALSE);
}

static void
print_problem (const BsFlowProblem *problem)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: a problem of a flow, "Error: A → B → A form a cycle; …" */
  text = g_strdup_printf (_("%s: %s"), bs_flow_severity_get_label (problem->severity), problem->message);
  g_print ("  %s\n", text);
}

static void
print_analysis (const BsTheme  *theme,
                BsFlowAnalysis *analysis,
                GPtrArray      *guide_problems)
{
  BsThemeFlow *flow = bs_flow_analysis_get_flow (analysis);
  const BsFlowSummary *summary = bs_flow_analysis_get_summary (analysis);
  g_autofree char *stages = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *critical = NULL;
  g_autofree char *line = NULL;

  g_print ("%s (%s)\n", theme->name, theme->code);
  for (guint i = 0; i < bs_flow_analysis_get_n_problems (analysis); i++)
    print_problem (bs_flow_analysis_get_problem (analysis, i));
  for (guint i = 0; i < guide_problems->len; i++)
    print_problem (g_ptr_array_index (guide_problems, i));
  if (bs_flow_analysis_get_n_problems (analysis) + guide_problems->len == 0)
    g_print ("  %s\n", _("No problems"));

  stages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stage", "%u stages", summary->n_stages),
                            summary->n_stages);
  if (summary->statutory_days >= 0)
    critical = g_strdup_printf (_("critical path %d working days statutory, %d committed"),
                                summary->statutory_days, summary->committed_days);
  else
    critical = g_strdup (_("no critical path while the flow has a cycle"));
  departments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u department", "%u departments",
                                              summary->n_departments),
                                 summary->n_departments);
  visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d visit", "%d visits", summary->visits),
                            summary->visits);
  /* TRANSLATORS: "3 stages; critical path …; 7 departments; 1 visit" (visits to the centre) */
  line = g_strdup_printf (_("%s; %s; %s; %s"), stages, critical, departments, visits);
  g_print ("  %s\n", line);

  if (summary->statutory_days >= 0 && summary->n_items > 0)
    {
      const BsFlowPath *statutory_path = bs_flow_analysis_get_critical_path (analysis,
                                                                             BS_FLOW_LIMIT_STATUTORY);
      const BsFlowPath *committed_path = bs_flow_analysis_get_critical_path (analysis,
                                                                             BS_FLOW_LIMIT_COMMITTED);
      g_autofree char *statutory = path_names (flow, statutory_path->item_ids);
      g_autofree char *committed = path_names (flow, committed_path->item_ids);

      g_print ("  %s %s\n", _("Statutory critical path:"), statutory);
      g_print ("  %s %s\n", _("Committed critical path:"), committed);
    }
}

static int
run_validate (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "theme", 't', 0, G_OPTION_ARG_STRING, &validate_theme,
      N_("Check only the theme with the code CODE"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &validate_json,
      N_("Print a JSON object instead of text"), NULL },
    { NULL }
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) themes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  guint n_errors = 0, n_warnings = 0, n_failing = 0;

  if (!parse_command (find_command ("validate"), entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;

  if (validate_theme != NULL)
    {
      BsTheme *theme = bs_catalogue_find_theme (catalogue, validate_theme, &error);

      if (theme == NULL)
        {
          if (error == NULL)
            g_set_error (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                         _("There is no theme with the code “%s”; leave out --theme to check every theme"),
                         validate_theme);
          print_error (args[0], error);
          return EXIT_BAD_INPUT;
        }
      themes = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_theme_free);
      g_ptr_array_add (themes, theme);
    }
  else if (!(themes = bs_catalogue_list_themes (catalogue, 0, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }

  if (validate_json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "themes");
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < themes->len; i++)
    {
      const BsTheme *theme = g_ptr_array_index (themes, i);
      g_autoptr(BsThemeFlow) flow = NULL;
      g_autoptr(BsFlowAnalysis) analysis = NULL;
      g_autoptr(BsGuideModel) model = NULL;
      g_autoptr(GPtrArray) guide_problems = NULL;
      const BsFlowSummary *summary;
      guint guide_errors, guide_warnings;

      if (!(flow = bs_theme_flow_new_from_catalogue (catalogue, theme->id, &error)) ||
          !(model = bs_guide_model_new_from_catalogue (catalogue, theme->id, &error)))
        {
          print_error (args[0], error);
          return EXIT_BAD_INPUT;
        }
      analysis = bs_theme_flow_analyse (flow);
      summary = bs_flow_analysis_get_summary (analysis);
      guide_problems = bs_guide_model_check (model, 0, NULL);
      count_problems (guide_problems, &guide_errors, &guide_warnings);
      n_errors += summary->n_errors + guide_errors;
      n_warnings += summary->n_warnings + guide_warnings;
      n_failing += summary->n_errors + guide_errors > 0;

      if (validate_json)
        json_add_analysis (builder, theme, analysis, guide_problems);
      else
        {
          if (i > 0)
            g_print ("\n");
          print_analysis (theme, analysis, guide_problems);
        }
    }

  if (validate_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_int_value (builder, n_errors);
      json_builder_set_member_name (builder, "warnings");
      json_builder_add_int_value (builder, n_warnings);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      text = json_generator_to_data (generator, NULL);
      /* JSON is UTF-8 whatever the locale: not g_print, which converts. */
      fputs (text, stdout);
      fputs ("\n", stdout);
    }
  else if (themes->len > 1)
    {
      g_autofree char *theme_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u theme",
                                                                   "%u themes", themes->len),
                                                      themes->len);
      g_autofree char *error_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error",
                                                                   "%u errors", n_errors),
                                                      n_errors);
      g_autofree char *warning_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                                     "%u warnings", n_warnings),
                                                        n_warnings);

      g_autofree char *line = NULL;

      /* TRANSLATORS: "11 themes: 0 errors, 5 warnings" */
      line = g_strdup_printf (_("%s: %s, %s"), theme_count, error_count, warning_count);
      g_print ("\n%s\n", line);
    }

  bs_catalogue_close (catalogue);

  if (n_errors > 0)
    {
      g_autofree char *display = g_filename_display_name (args[0]);
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u theme has errors; fix them and validate again",
                                              "%u themes have errors; fix them and validate again",
                                              n_failing),
                                 n_failing);
      g_printerr ("%s: %s: %s\n", PROGRAM, display, message);
      return EXIT_BAD_INPUT;
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* render */

static char *render_theme;
static char *render_format;
static char *render_output;
static char *render_group;
static char *render_direction;

/* The format named by --format, or else by the output file's extension. */
static const char *
render_pick_format (const char *format,
                    const char *output)
{
  static const char *const formats[] = { "svg", "png", "pdf", "dot" };
  const char *dot = output != NULL ? strrchr (output, '.') : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (format != NULL && g_ascii_strcasecmp (format, formats[i]) == 0)
        return formats[i];
      if (format == NULL && dot != NULL && g_ascii_strcasecmp (dot + 1, formats[i]) == 0)
        return formats[i];
    }
  if (format == NULL && dot != NULL && g_ascii_strcasecmp (dot + 1, "gv") == 0)
    return "dot";
  return NULL;
}

static int
run_render (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "theme", 't', 0, G_OPTION_ARG_STRING, &render_theme,
      N_("The code of the theme to draw"), N_("CODE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &render_format,
      N_("svg, png, pdf or dot (default: from the extension of OUT)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &render_output,
      N_("Write to OUT (“-” for standard output)"), N_("OUT") },
    { "group", 'g', 0, G_OPTION_ARG_STRING, &render_group,
      N_("Group the items by department (the default), by stage, or not at all (none)"),
      N_("department|stage|none") },
    { "direction", 'd', 0, G_OPTION_ARG_STRING, &render_direction,
      N_("Draw prerequisites left to right (lr, the default) or top to bottom (tb)"),
      N_("lr|tb") },
    { NULL }
  };
  const Command *command = find_command ("render");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsThemeFlow) flow = NULL;
  g_autoptr(BsFlowAnalysis) analysis = NULL;
  g_autoptr(BsFlowGraph) graph = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  BsFlowGrouping grouping = BS_FLOW_GROUPING_DEPARTMENT;
  BsFlowDirection direction = BS_FLOW_DIRECTION_LEFT_RIGHT;
  const char *format;
  const char *data;
  gsize length;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;

  if (render_theme == NULL)
    return usage_error (command, _("Name the theme to draw with --theme CODE"));
  if (render_output == NULL)
    return usage_error (command, _("Name the output file with -o OUT (“-” for standard output)"));
  if (!(format = render_pick_format (render_format, render_output)))
    {
      g_autofree char *message = NULL;

      if (render_format != NULL)
        message = g_strdup_printf (_("Unknown format “%s”; use svg, png, pdf or dot"), render_format);
      else
        message = g_strdup (_("Give the format with --format svg, png, pdf or dot"));
      return usage_error (command, message);
    }
  if (render_group == NULL || g_str_equal (render_group, "department"))
    grouping = BS_FLOW_GROUPING_DEPARTMENT;
  else if (g_str_equal (render_group, "stage"))
    grouping = BS_FLOW_GROUPING_STAGE;
  else if (g_str_equal (render_group, "none"))
    grouping = BS_FLOW_GROUPING_NONE;
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown grouping “%s”; use department, stage or none"),
                                                  render_group);
      return usage_error (command, message);
    }
  if (render_direction == NULL || g_ascii_strcasecmp (render_direction, "lr") == 0)
    direction = BS_FLOW_DIRECTION_LEFT_RIGHT;
  else if (g_ascii_strcasecmp (render_direction, "tb") == 0)
    direction = BS_FLOW_DIRECTION_TOP_BOTTOM;
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown direction “%s”; use lr or tb"),
                                                  render_direction);
      return usage_error (command, message);
    }

  /* g_file_set_contents replaces the target: never the catalogue itself. */
  if (!g_str_equal (render_output, "-") && same_file (args[0], render_output))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (render_output, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;

  if (!(theme = bs_catalogue_find_theme (catalogue, render_theme, &error)))
    {
      if (error == NULL)
        g_set_error (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                     _("There is no theme with the code “%s”"), render_theme);
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  if (!(flow = bs_theme_flow_new_from_catalogue (catalogue, theme->id, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  analysis = bs_theme_flow_analyse (flow);
  graph = bs_flow_graph_new_for_theme (analysis, theme->name, direction, grouping, NULL, NULL);
  if (!(bytes = bs_flow_render (graph, format, &error)))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  data = g_bytes_get_data (bytes, &length);
  if (g_str_equal (render_output, "-"))
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          int saved_errno = errno;

          g_printerr (_("%s: Could not write to standard output: %s\n"),
                      PROGRAM, g_strerror (saved_errno));
          return EXIT_BAD_INPUT;
        }
    }
  else if (!g_file_set_contents (render_output, data, (gssize) length, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* import-dot */

static char *import_dot_theme;

static void
print_count (const char *label,
             guint       count)
{
  g_print ("  %s %u\n", label, count);
}

static int
run_import_dot (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "theme", 't', 0, G_OPTION_ARG_STRING, &import_dot_theme,
      N_("The code of the theme whose prerequisites to set"), N_("CODE") },
    { NULL }
  };
  const Command *command = find_command ("import-dot");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsDotImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (!parse_command (command, entries, argc, argv, 2, &args))
    return EXIT_USAGE;
  if (import_dot_theme == NULL)
    return usage_error (command, _("Name the theme with --theme CODE"));

  if (!g_file_get_contents (args[1], &data, &length, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;

  if (!(theme = bs_catalogue_find_theme (catalogue, import_dot_theme, &error)))
    {
      if (error == NULL)
        g_set_error (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                     _("There is no theme with the code “%s”"), import_dot_theme);
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }

  /* One edit: on any failure the catalogue is left as it was. */
  if (!bs_catalogue_import_theme_dot (catalogue, theme->id, data, length, &report, &error))
    {
      print_error (args[1], error);
      bs_catalogue_close (catalogue);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  g_print ("%s (%s)\n", theme->name, theme->code);
  print_count (_("Nodes:"), report->n_nodes);
  print_count (_("Items matched:"), report->n_items);
  print_count (_("Prerequisites added:"), report->n_added);
  print_count (_("Prerequisites removed:"), report->n_removed);
  print_count (_("Prerequisites kept:"), report->n_kept);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* guide */

static char *guide_theme;
static char **guide_answers;
static gboolean guide_json;
static char *guide_pdf;

/* @text at @indent spaces, its continuation lines too. */
static void
print_indented (int         indent,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%*s%s\n", indent, "", lines[i]);
}

/* "A, B": the labels of @answer's options. */
static char *
guide_answer_labels (const BsQuestion *question,
                     const GArray     *answer)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (answer->len == 0)
    /* TRANSLATORS: a multiple-choice question answered without any option */
    return g_strdup (_("None of these"));
  for (guint i = 0; i < answer->len; i++)
    {
      const BsOption *option = bs_question_find_option (question, g_array_index (answer, gint64, i));

      if (i > 0)
        /* TRANSLATORS: between the items of a list, "A, B" */
        g_string_append (text, C_("list", ", "));
      g_string_append (text, option != NULL ? option->label : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_guide_material (const BsGuideMaterial *shown)
{
  const BsMaterial *material = shown->material;
  g_autoptr(GString) line = g_string_new ("[ ] ");
  g_autoptr(GString) facts = g_string_new (bs_material_form_get_label (material->form));

  if (material->copies > 0)
    {
      g_string_append (facts, C_("list", ", "));
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%d copy", "%d copies", material->copies),
                              material->copies);
    }
  g_string_append (facts, C_("list", ", "));
  g_string_append (facts, material->required ? _("required") : _("optional"));
  /* TRANSLATORS: a material of a guide and what to know about it, "营业执照 (Copy, 1 copy, required)" */
  g_string_append_printf (line, _("%s (%s)"), material->name, facts->str);
  if (shown->from_step > 0)
    {
      /* TRANSLATORS: a material an earlier step of the guide gives the applicant */
      g_string_append (line, " — ");
      g_string_append_printf (line, _("from step %d"), shown->from_step);
    }
  if (shown->pending)
    {
      g_string_append (line, " — ");
      g_string_append (line, _("depends on your answers"));
    }
  print_indented (7, line->str);
  if (material->notes[0] != '\0')
    print_indented (11, material->notes);
}

static void
print_guide_field (const char *label,
                   const char *value)
{
  g_autofree char *line = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  line = g_strdup_printf ("%s %s", label, value);
  print_indented (5, line);
}

static void
print_guide (const BsTheme *theme,
             const BsGuide *guide)
{
  g_autofree char *steps = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *critical = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *heading = g_strdup_printf ("%s (%s)", theme->name, theme->code);

  print_indented (0, heading);

  if (guide->questions->len > guide->n_unanswered)
    {
      g_print ("\n%s\n", _("Your answers:"));
      for (guint i = 0; i < guide->questions->len; i++)
        {
          const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);
          g_autofree char *labels = NULL;
          g_autofree char *line = NULL;

          if (shown->answer == NULL)
            continue;
          labels = guide_answer_labels (shown->question, shown->answer);
          /* TRANSLATORS: a question of a guide with its code and the options chosen */
          line = g_strdup_printf (_("%s [%s]: %s"), shown->question->prompt, shown->question->code, labels);
          print_indented (2, line);
        }
    }
  if (guide->n_unanswered > 0)
    {
      g_print ("\n%s\n", _("Still to answer (with --answer QUESTION=OPTION):"));
      for (guint i = 0; i < guide->questions->len; i++)
        {
          const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);
          g_autofree char *line = NULL;

          if (shown->answer != NULL)
            continue;
          line = g_strdup_printf ("%s [%s]", shown->question->prompt, shown->question->code);
          print_indented (2, line);
          for (guint k = 0; k < shown->question->options->len; k++)
            {
              const BsOption *option = g_ptr_array_index (shown->question->options, k);
              g_autofree char *choice = g_strdup_printf ("%s=%s  %s", shown->question->code,
                                                         option->code, option->label);

              print_indented (4, choice);
            }
        }
    }

  g_print ("\n%s\n", _("Steps:"));
  if (guide->steps->len == 0)
    g_print ("  %s\n", _("None"));
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);
      const BsFlowNode *node = step->node;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *badge = bs_flow_dup_limit_badge (node);
      g_autofree char *stage = NULL;

      g_string_append_printf (line, "%d. [ ] %s", step->number, node->name);
      if (step->pending)
        {
          g_string_append (line, " — ");
          g_string_append (line, _("depends on your answers"));
        }
      print_indented (2, line->str);

      /* TRANSLATORS: the stage of a step, "stage 2" */
      stage = g_strdup_printf (_("stage %u"), step->stage + 1);
      if (step->prerequisites->len > 0)
        {
          g_autoptr(GString) after = g_string_new (NULL);
          g_autofree char *text = NULL;

          for (guint k = 0; k < step->prerequisites->len; k++)
            g_string_append_printf (after, "%s%d", k > 0 ? C_("list", ", ") : "",
                                    g_array_index (step->prerequisites, int, k));
          /* TRANSLATORS: "stage 2, after steps 1, 3" */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, after step %s", "%s, after steps %s",
                                               step->prerequisites->len),
                                  stage, after->str);
          g_free (stage);
          stage = g_steal_pointer (&text);
        }
      print_guide_field (_("When:"), stage);
      print_guide_field (_("Department:"), node->department_name);
      print_guide_field (_("Time limit:"), badge);
      if (step->item != NULL)
        {
          print_guide_field (_("Fees:"), step->item->fees);
          print_guide_field (_("Place:"), step->item->place);
          print_guide_field (_("Hours:"), step->item->hours);
          print_guide_field (_("Phone:"), step->item->phone);
          print_guide_field (_("Online:"), step->item->online_url);
          print_guide_field (_("You receive:"), step->item->result_name);
        }
      if (step->materials->len > 0)
        {
          g_print ("     %s\n", _("Materials:"));
          for (guint k = 0; k < step->materials->len; k++)
            print_guide_material (&g_array_index (step->materials, BsGuideMaterial, k));
        }
      for (guint k = 0; k < step->notes->len; k++)
        print_guide_field (_("Note:"), g_ptr_array_index (step->notes, k));
    }

  if (guide->notes->len > 0)
    {
      g_print ("\n%s\n", _("Notes:"));
      for (guint i = 0; i < guide->notes->len; i++)
        {
          g_autofree char *line = g_strdup_printf ("- %s", (const char *) g_ptr_array_index (guide->notes, i));

          print_indented (2, line);
        }
    }

  steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", guide->steps->len),
                           guide->steps->len);
  stages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stage", "%u stages", guide->n_stages),
                            guide->n_stages);
  if (guide->statutory_days >= 0)
    critical = g_strdup_printf (_("critical path %d working days statutory, %d committed"),
                                guide->statutory_days, guide->committed_days);
  else
    critical = g_strdup (_("no critical path while the flow has a cycle"));
  departments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u department", "%u departments",
                                              guide->n_departments),
                                 guide->n_departments);
  visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d visit", "%d visits", guide->visits),
                            guide->visits);
  /* TRANSLATORS: "5 steps; 3 stages; critical path …; 4 departments; 1 visit" */
  totals = g_strdup_printf (_("%s; %s; %s; %s; %s"), steps, stages, critical, departments, visits);
  g_print ("\n%s\n", totals);
}

static void
json_add_string_or_null (JsonBuilder *builder,
                         const char  *member,
                         const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
guide_to_json (const BsTheme *theme,
               const BsGuide *guide)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "theme");
  json_builder_add_string_value (builder, theme->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, theme->name);

  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, shown->question->code);
      json_builder_set_member_name (builder, "prompt");
      json_builder_add_string_value (builder, shown->question->prompt);
      json_builder_set_member_name (builder, "answer");
      if (shown->answer != NULL)
        {
          json_builder_begin_array (builder);
          for (guint k = 0; k < shown->answer->len; k++)
            {
              const BsOption *option = bs_question_find_option (shown->question,
                                                                g_array_index (shown->answer, gint64, k));

              if (option != NULL)
                json_builder_add_string_value (builder, option->code);
            }
          json_builder_end_array (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "unanswered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);

      if (shown->answer == NULL)
        json_builder_add_string_value (builder, shown->question->code);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const BsGuideStep *step = &g_array_index (guide->steps, BsGuideStep, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, step->number);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_int_value (builder, step->stage + 1);
      json_builder_set_member_name (builder, "item");
      json_builder_add_string_value (builder, step->node->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, step->node->name);
      json_add_string_or_null (builder, "department",
                               step->node->department_id != 0 ? step->node->department_name : NULL);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_boolean_value (builder, step->pending);
      json_builder_set_member_name (builder, "prerequisites");
      json_builder_begin_array (builder);
      for (guint k = 0; k < step->prerequisites->len; k++)
        json_builder_add_int_value (builder, g_array_index (step->prerequisites, int, k));
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "materials");
      json_builder_begin_array (builder);
      for (guint k = 0; k < step->materials->len; k++)
        {
          const BsGuideMaterial *shown = &g_array_index (step->materials, BsGuideMaterial, k);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, shown->material->name);
          json_builder_set_member_name (builder, "form");
          json_builder_add_string_value (builder, bs_material_form_to_string (shown->material->form));
          json_builder_set_member_name (builder, "copies");
          json_builder_add_int_value (builder, shown->material->copies);
          json_builder_set_member_name (builder, "required");
          json_builder_add_boolean_value (builder, shown->material->required);
          json_builder_set_member_name (builder, "pending");
          json_builder_add_boolean_value (builder, shown->pending);
          json_builder_set_member_name (builder, "from_step");
          if (shown->from_step > 0)
            json_builder_add_int_value (builder, shown->from_step);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "notes");
      json_builder_begin_array (builder);
      for (guint k = 0; k < step->notes->len; k++)
        json_builder_add_string_value (builder, g_ptr_array_index (step->notes, k));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < guide->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (guide->notes, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, guide->steps->len);
  json_builder_set_member_name (builder, "stages");
  json_builder_add_int_value (builder, guide->n_stages);
  json_builder_set_member_name (builder, "departments");
  json_builder_add_int_value (builder, guide->n_departments);
  json_builder_set_member_name (builder, "visits");
  json_builder_add_int_value (builder, guide->visits);
  json_builder_set_member_name (builder, "unknown_visits");
  json_builder_add_int_value (builder, guide->n_unknown_visits);
  json_add_days (builder, "statutory_days", guide->statutory_days);
  json_add_days (builder, "committed_days", guide->committed_days);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
run_guide (int    argc,
           char **argv)
{
  const GOptionEntry entries[] = {
    { "theme", 't', 0, G_OPTION_ARG_STRING, &guide_theme,
      N_("The code of the theme"), N_("CODE") },
    { "answer", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &guide_answers,
      N_("An answer to one of the theme’s questions, by their codes; repeat it for more answers "
         "(a multiple-choice question takes each option given)"), N_("QUESTION=OPTION") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &guide_json,
      N_("Print a JSON object instead of text"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &guide_pdf,
      N_("Write a printable A4 PDF to OUT (“-” for standard output)"), N_("OUT") },
    { NULL }
  };
  const Command *command = find_command ("guide");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(BsGuideModel) model = NULL;
  g_autoptr(BsAnswers) answers = NULL;
  g_autoptr(BsGuide) guide = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (guide_theme == NULL)
    return usage_error (command, _("Name the theme with --theme CODE"));
  if (guide_json && guide_pdf != NULL)
    return usage_error (command, _("Give either --json or --pdf, not both"));

  /* g_file_set_contents replaces the target: never the catalogue itself. */
  if (guide_pdf != NULL && !g_str_equal (guide_pdf, "-") && same_file (args[0], guide_pdf))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (guide_pdf, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (!(theme = bs_catalogue_find_theme (catalogue, guide_theme, &error)))
    {
      if (error == NULL)
        g_set_error (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_NOT_FOUND,
                     _("There is no theme with the code “%s”"), guide_theme);
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  if (!(model = bs_guide_model_new_from_catalogue (catalogue, theme->id, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  /* Unknown questions and options are a usage error, like other bad option values. */
  answers = bs_answers_new ();
  for (guint i = 0; guide_answers != NULL && guide_answers[i] != NULL; i++)
    if (!bs_guide_model_parse_answer (model, answers, guide_answers[i], &error))
      {
        g_autofree char *message = g_strdup_printf ("--answer: %s", error->message);

        return usage_error (command, message);
      }

  guide = bs_guide_model_compute (model, answers);

  if (guide_pdf != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      const char *data;
      gsize length;

      if (!(bytes = bs_guide_print_pdf_bytes (guide, &error)))
        {
          print_error (NULL, error);
          return EXIT_BAD_INPUT;
        }
      data = g_bytes_get_data (bytes, &length);
      if (g_str_equal (guide_pdf, "-"))
        {
          if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
            {
              int saved_errno = errno;

              g_printerr (_("%s: Could not write to standard output: %s\n"),
                          PROGRAM, g_strerror (saved_errno));
              return EXIT_BAD_INPUT;
            }
        }
      else if (!g_file_set_contents (guide_pdf, data, (gssize) length, &error))
        {
          print_error (NULL, error);
          return EXIT_BAD_INPUT;
        }
    }
  else if (guide_json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = guide_to_json (theme, guide);
      g_autofree char *text = NULL;

      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      text = json_generator_to_data (generator, NULL);
      /* JSON is UTF-8 whatever the locale: not g_print, which converts. */
      fputs (text, stdout);
      fputs ("\n", stdout);
    }
  else
    print_guide (theme, guide);

  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* rollout */

static gboolean rollout_json;
static char *rollout_due_soon;

static void
json_add_date (JsonBuilder *builder,
               const char  *key,
               BsDate       date)
{
  char text[BS_DATE_ISO_SIZE];

  json_builder_set_member_name (builder, key);
  if (date == BS_DATE_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, bs_date_format (date, text));
}

static void
json_add_string (JsonBuilder *builder,
                 const char  *key,
                 const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
json_add_int (JsonBuilder *builder,
              const char  *key,
              gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* What the rollout command shows of the catalogue: codes and names by id
 * (the items of tasks, few, are read one by one). */
typedef struct
{
  GHashTable *phases;       /* id → BsPhase */
  GHashTable *departments;  /* id → BsDepartment */
  GHashTable *themes;       /* id → BsTheme */
} RolloutNames;

static void
rollout_names_clear (RolloutNames *names)
{
  g_clear_pointer (&names->phases, g_hash_table_unref);
  g_clear_pointer (&names->departments, g_hash_table_unref);
  g_clear_pointer (&names->themes, g_hash_table_unref);
}

static gboolean
rollout_names_load (RolloutNames  *names,
                    BsCatalogue   *catalogue,
                    GPtrArray     *phases,
                    GError       **error)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) themes = NULL;

  if (!(departments = bs_catalogue_list_departments (catalogue, error)) ||
      !(themes = bs_catalogue_list_themes (catalogue, 0, error)))
    return FALSE;
  names->phases = g_hash_table_new (g_int64_hash, g_int64_equal);
  names->departments = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                              (GDestroyNotify) bs_department_free);
  names->themes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) bs_theme_free);
  for (guint i = 0; i < phases->len; i++)
    {
      BsPhase *phase = g_ptr_array_index (phases, i);

      g_hash_table_insert (names->phases, &phase->id, phase);
    }
  while (departments->len > 0)
    {
      BsDepartment *department = g_ptr_array_steal_index_fast (departments, 0);

      g_hash_table_insert (names->departments, &department->id, department);
    }
  while (themes->len > 0)
    {
      BsTheme *theme = g_ptr_array_steal_index_fast (themes, 0);

      g_hash_table_insert (names->themes, &theme->id, theme);
    }
  return TRUE;
}

/* The item codes are read per task (few), not kept for every item. */
static char *
item_code (BsCatalogue *catalogue,
           gint64       id)
{
  g_autoptr(BsItemSummary) item = bs_catalogue_get_item_summary (catalogue, id, NULL);

  return g_strdup (item != NULL ? item->code : "?");
}

static const BsDepartment *
department_of (RolloutNames *names,
               gint64        id)
{
  return g_hash_table_lookup (names->departments, &id);
}

static const BsPhase *
phase_of (RolloutNames *names,
          gint64        id)
{
  return g_hash_table_lookup (names->phases, &id);
}

static const BsTheme *
theme_of (RolloutNames *names,
          gint64        id)
{
  return id > 0 ? g_hash_table_lookup (names->themes, &id) : NULL;
}

static char *
timing_text (BsTaskTiming timing)
{
  switch (timing.state)
    {
    case BS_TASK_TIMING_OPEN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "open, due in %d day", "open, due in %d days",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_DUE_SOON:
      if (timing.days == 0)
        return g_strdup (_("due soon: today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "due soon: in %d day", "due soon: in %d days",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "OVERDUE by %d day", "OVERDUE by %d days",
                                           timing.days),
                              timing.days);
    case BS_TASK_TIMING_ON_TIME:
      return g_strdup (_("done on time"));
    case BS_TASK_TIMING_LATE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "done %d day late", "done %d days late",
                                           timing.days),
                              timing.days);
    case BS_N_TASK_TIMINGS:
    default:
      return g_strdup ("");
    }
}

static void
print_rollout (BsCatalogue  *catalogue,
               RolloutNames *names,
               GPtrArray    *phases,
               GPtrArray    *tasks,
               GPtrArray    *scores,
               BsDate        today,
               int           due_soon_days)
{
  g_autofree char *name = bs_catalogue_dup_name (catalogue);
  char date[BS_DATE_ISO_SIZE], other[BS_DATE_ISO_SIZE];
  g_autofree char *heading = NULL;

  /* TRANSLATORS: "示例中心: the rollout on 2026-06-15 (due soon: within 7 days)" */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s: the rollout on %s (due soon: within %d day)",
                                          "%s: the rollout on %s (due soon: within %d days)",
                                          due_soon_days),
                             name, bs_date_format (today, date), due_soon_days);
  print_indented (0, heading);
  if (phases->len == 0)
    {
      g_print ("\n%s\n", _("No phases yet: the rollout has not been planned."));
      return;
    }

  for (guint p = 0; p < phases->len; p++)
    {
      const BsPhase *phase = g_ptr_array_index (phases, p);
      guint n_tasks = 0, n_done = 0, n_overdue = 0;
      g_autofree char *line = NULL;
      g_autofree char *counts = NULL;

      for (guint i = 0; i < tasks->len; i++)
        {
          const BsTask *task = g_ptr_array_index (tasks, i);
          BsTaskTiming timing = bs_task_get_timing (task, today, due_soon_days);

          if (task->phase_id != phase->id)
            continue;
          n_tasks++;
          n_done += timing.state == BS_TASK_TIMING_ON_TIME || timing.state == BS_TASK_TIMING_LATE;
          n_overdue += timing.state == BS_TASK_TIMING_OVERDUE;
        }
      counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task, %u done, %u overdue",
                                             "%u tasks, %u done, %u overdue", n_tasks),
                                n_tasks, n_done, n_overdue);
      /* TRANSLATORS: a phase: its number, name, code, dates and counts */
      line = g_strdup_printf (_("Phase %u: %s (%s), %s – %s: %s"), p + 1, phase->name, phase->code,
                              phase->start ? bs_date_format (phase->start, date) : "…",
                              phase->end ? bs_date_format (phase->end, other) : "…", counts);
      g_print ("\n");
      print_indented (0, line);

      for (guint i = 0; i < tasks->len; i++)
        {
          const BsTask *task = g_ptr_array_index (tasks, i);
          const BsDepartment *department = department_of (names, task->department_id);
          const BsTheme *theme = theme_of (names, task->theme_id);
          g_autofree char *timing = NULL;
          g_autofree char *status = NULL;
          g_autofree char *task_line = NULL;

          if (task->phase_id != phase->id)
            continue;
          timing = timing_text (bs_task_get_timing (task, today, due_soon_days));
          if (task->status == BS_TASK_STATUS_ACCEPTED)
            /* TRANSLATORS: "Accepted 2026-03-28" */
            status = g_strdup_printf (_("%s %s"), bs_task_status_get_label (task->status),
                                      bs_date_format (task->completed, other));
          else
            status = g_strdup (bs_task_status_get_label (task->status));
          /* TRANSLATORS: a task: code, department, due date, status, timing */
          task_line = g_strdup_printf (_("%s  %s  due %s  %s  %s"), task->code,
                                       department ? department->name : "?",
                                       bs_date_format (task->due, date), status, timing);
          print_indented (2, task_line);
          if (theme != NULL)
            {
              g_autofree char *about = g_strdup_printf ("%s: %s", theme->name, task->deliverable);

              print_indented (8, about);
            }
          else
            print_indented (8, task->deliverable);
          if (task->responsible[0] != '\0')
            {
              /* TRANSLATORS: the person answerable for a task */
              g_autofree char *who = g_strdup_printf (_("Responsible: %s"), task->responsible);

              print_indented (8, who);
            }
        }
    }

  g_print ("\n%s\n", _("Scorecard by department:"));
  for (guint i = 0; i < scores->len; i++)
    {
      const BsDepartmentScore *score = g_ptr_array_index (scores, i);
      g_autofree char *figures = NULL;
      g_autofree char *delay = NULL;
      g_autofree char *line = NULL;

      figures = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u task, %u done, %u on time, %u overdue",
                                              "%u tasks, %u done, %u on time, %u overdue",
                                              score->n_tasks),
                                 score->n_tasks, score->n_done, score->n_on_time, score->n_overdue);
      if (score->mean_delay >= 0)
        /* TRANSLATORS: the mean delay of the tasks done, in days */
        delay = g_strdup_printf (_("mean delay %.1f days"), score->mean_delay);
      else
        delay = g_strdup (_("mean delay –"));
      /* TRANSLATORS: a department's scorecard: "市场监督管理局 (scjg): 7 tasks, 4 done, …, mean
       * delay 0.0 days" */
      line = g_strdup_printf (_("%s (%s): %s, %s"), score->department_name, score->department_code,
                              figures, delay);
      print_indented (2, line);
      if (score->latest_decision != NULL)
        {
          const BsDecision *decision = score->latest_decision;
          g_autofree char *latest = NULL;

          /* TRANSLATORS: "Latest decision: Reward on 2026-04-02 (D001): reason" */
          latest = g_strdup_printf (_("Latest decision: %s on %s (%s): %s"),
                                    bs_decision_kind_get_label (decision->kind),
                                    bs_date_format (decision->date, date), decision->code,
                                    decision->reason);
          print_indented (6, latest);
        }
    }
}

static JsonNode *
rollout_to_json (BsCatalogue  *catalogue,
                 RolloutNames *names,
                 GPtrArray    *phases,
                 GPtrArray    *tasks,
                 GPtrArray    *scores,
                 BsDate        today,
                 int           due_soon_days)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = bs_catalogue_dup_name (catalogue);

  json_builder_begin_object (builder);
  json_add_string (builder, "name", name);
  json_add_date (builder, "today", today);
  json_add_int (builder, "due_soon_days", due_soon_days);

  json_builder_set_member_name (builder, "phases");
  json_builder_begin_array (builder);
  for (guint p = 0; p < phases->len; p++)
    {
      const BsPhase *phase = g_ptr_array_index (phases, p);
      guint n_tasks = 0, n_done = 0, n_overdue = 0, n_due_soon = 0;

      for (guint i = 0; i < tasks->len; i++)
        {
          const BsTask *task = g_ptr_array_index (tasks, i);
          BsTaskTiming timing = bs_task_get_timing (task, today, due_soon_days);

          if (task->phase_id != phase->id)
            continue;
          n_tasks++;
          n_done += timing.state == BS_TASK_TIMING_ON_TIME || timing.state == BS_TASK_TIMING_LATE;
          n_overdue += timing.state == BS_TASK_TIMING_OVERDUE;
          n_due_soon += timing.state == BS_TASK_TIMING_DUE_SOON;
        }
      json_builder_begin_object (builder);
      json_add_string (builder, "code", phase->code);
      json_add_string (builder, "name", phase->name);
      json_add_int (builder, "position", p + 1);
      json_add_date (builder, "start", phase->start);
      json_add_date (builder, "end", phase->end);
      json_add_int (builder, "tasks", n_tasks);
      json_add_int (builder, "done", n_done);
      json_add_int (builder, "overdue", n_overdue);
      json_add_int (builder, "due_soon", n_due_soon);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tasks->len; i++)
    {
      const BsTask *task = g_ptr_array_index (tasks, i);
      const BsPhase *phase = phase_of (names, task->phase_id);
      const BsDepartment *department = department_of (names, task->department_id);
      const BsTheme *theme = theme_of (names, task->theme_id);
      BsTaskTiming timing = bs_task_get_timing (task, today, due_soon_days);

      json_builder_begin_object (builder);
      json_add_string (builder, "code", task->code);
      json_add_string (builder, "phase", phase ? phase->code : NULL);
      json_add_string (builder, "department", department ? department->code : NULL);
      json_add_string (builder, "department_name", department ? department->name : NULL);
      json_add_string (builder, "theme", theme ? theme->code : NULL);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint j = 0; j < task->item_ids->len; j++)
        {
          g_autofree char *code = item_code (catalogue, g_array_index (task->item_ids, gint64, j));

          json_builder_add_string_value (builder, code);
        }
      json_builder_end_array (builder);
      json_add_string (builder, "deliverable", task->deliverable);
      json_add_string (builder, "responsible", task->responsible);
      json_add_date (builder, "start", task->start);
      json_add_date (builder, "due", task->due);
      json_add_string (builder, "status", bs_task_status_to_string (task->status));
      json_add_date (builder, "completed", task->completed);
      json_add_string (builder, "notes", task->notes);
      json_add_string (builder, "state", bs_task_timing_state_to_string (timing.state));
      json_add_int (builder, "days", timing.days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "scorecard");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scores->len; i++)
    {
      const BsDepartmentScore *score = g_ptr_array_index (scores, i);

      json_builder_begin_object (builder);
      json_add_string (builder, "department", score->department_code);
      json_add_string (builder, "department_name", score->department_name);
      json_add_int (builder, "tasks", score->n_tasks);
      json_add_int (builder, "done", score->n_done);
      json_add_int (builder, "on_time", score->n_on_time);
      json_add_int (builder, "overdue", score->n_overdue);
      json_add_int (builder, "due_soon", score->n_due_soon);
      json_builder_set_member_name (builder, "mean_delay");
      if (score->mean_delay >= 0)
        json_builder_add_double_value (builder, score->mean_delay);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "latest_decision");
      if (score->latest_decision == NULL)
        json_builder_add_null_value (builder);
      else
        {
          const BsDecision *decision = score->latest_decision;
          g_autoptr(BsTask) task = bs_catalogue_get_task (catalogue, decision->task_id, NULL);

          json_builder_begin_object (builder);
          json_add_string (builder, "code", decision->code);
          json_add_string (builder, "task", task ? task->code : NULL);
          json_add_string (builder, "kind", bs_decision_kind_to_string (decision->kind));
          json_add_date (builder, "date", decision->date);
          json_add_string (builder, "decided_by", decision->decided_by);
          json_add_string (builder, "reason", decision->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: not g_print, which converts. */
  fputs (text, stdout);
  fputs ("\n", stdout);
}

static int
run_rollout (int    argc,
             char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &rollout_json,
      N_("Print a JSON object instead of text"), NULL },
    { "due-soon-days", 0, 0, G_OPTION_ARG_STRING, &rollout_due_soon,
      N_("A task is due soon N days ahead or less (default 7)"), N_("N") },
    { NULL }
  };
  const Command *command = find_command ("rollout");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  RolloutNames names = { 0 };
  guint64 due_soon_days;
  BsDate today;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (!parse_count ("--due-soon-days", rollout_due_soon, BS_DUE_SOON_DAYS_DEFAULT, 3650,
                    &due_soon_days, &error))
    return usage_error (command, error->message);

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  today = bs_catalogue_get_today (catalogue);
  if (!(phases = bs_catalogue_list_phases (catalogue, &error)) ||
      !(tasks = bs_catalogue_list_tasks (catalogue, 0, 0, &error)) ||
      !(scores = bs_catalogue_compute_scorecard (catalogue, today, (int) due_soon_days, &error)) ||
      !rollout_names_load (&names, catalogue, phases, &error))
    {
      rollout_names_clear (&names);
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }

  if (rollout_json)
    {
      g_autoptr(JsonNode) root = rollout_to_json (catalogue, &names, phases, tasks, scores, today,
                                                  (int) due_soon_days);

      print_json (root);
    }
  else
    print_rollout (catalogue, &names, phases, tasks, scores, today, (int) due_soon_days);

  rollout_names_clear (&names);
  bs_catalogue_close (catalogue);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* report */

static char *report_format;
static char *report_output;
static char *report_from;
static char *report_to;
static char *report_due_soon;

/* The format named by --format, or else by the output file's extension
 * (.csv: the tasks). */
static gboolean
report_pick_format (const char     *format,
                    const char     *output,
                    BsReportFormat *out_format)
{
  const char *dot = output != NULL ? strrchr (output, '.') : NULL;

  if (format != NULL)
    return bs_report_format_from_string (format, out_format);
  return dot != NULL && !g_str_equal (dot + 1, "csv-scorecard") &&
         bs_report_format_from_string (dot + 1, out_format);
}

static gboolean
parse_report_date (const char  *option,
                   const char  *text,
                   BsDate      *out_date,
                   GError     **error)
{
  *out_date = BS_DATE_NONE;
  if (text == NULL || bs_date_parse (text, out_date))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* TRANSLATORS: e.g. "--from: “2026-02-30” is not a date of the form YYYY-MM-DD" */
               _("%s: “%s” is not a date of the form YYYY-MM-DD"), option, text);
  return FALSE;
}

static int
run_report (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &report_format,
      N_("pdf, csv (the tasks), csv-scorecard or xlsx (default: from the extension of OUT)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &report_output,
      N_("Write to OUT (“-” for standard output)"), N_("OUT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &report_from,
      N_("Start the report on DATE (default: the rollout’s first day)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &report_to,
      N_("End the report on DATE (default: the rollout’s last day)"), N_("DATE") },
    { "due-soon-days", 0, 0, G_OPTION_ARG_STRING, &report_due_soon,
      N_("A task is due soon N days ahead or less (default 7)"), N_("N") },
    { NULL }
  };
  const Command *command = find_command ("report");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsReport) report = NULL;
  g_autoptr(GError) error = NULL;
  BsReportFormat format;
  guint64 due_soon_days;
  BsDate from, to;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (report_output == NULL)
    return usage_error (command, _("Name the output file with -o OUT (“-” for standard output)"));
  if (!report_pick_format (report_format, report_output, &format))
    {
      g_autofree char *message = NULL;

      if (report_format != NULL)
        message = g_strdup_printf (_("Unknown format “%s”; use pdf, csv, csv-scorecard or xlsx"),
                                   report_format);
      else
        message = g_strdup (_("Give the format with --format pdf, csv, csv-scorecard or xlsx"));
      return usage_error (command, message);
    }
  if (!parse_count ("--due-soon-days", report_due_soon, BS_DUE_SOON_DAYS_DEFAULT, 3650,
                    &due_soon_days, &error))
    return usage_error (command, error->message);
  /* A date that does not exist is bad input, like one in a file. */
  if (!parse_report_date ("--from", report_from, &from, &error) ||
      !parse_report_date ("--to", report_to, &to, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  /* The report replaces its file: never the catalogue itself. */
  if (!g_str_equal (report_output, "-") && same_file (args[0], report_output))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (report_output, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (!(report = bs_report_new_from_catalogue (catalogue, bs_catalogue_get_today (catalogue),
                                               (int) due_soon_days, from, to, &error)))
    {
      print_error (error->domain == BS_REPORT_ERROR ? NULL : args[0], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  if (g_str_equal (report_output, "-"))
    {
      g_autoptr(GBytes) bytes = NULL;
      const char *data;
      gsize length;

      if (!(bytes = bs_report_to_bytes (report, format, &error)))
        {
          print_error (NULL, error);
          return EXIT_BAD_INPUT;
        }
      data = g_bytes_get_data (bytes, &length);
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          int saved_errno = errno;

          g_printerr (_("%s: Could not write to standard output: %s\n"),
                      PROGRAM, g_strerror (saved_errno));
          return EXIT_BAD_INPUT;
        }
    }
  else if (!bs_report_write (report, format, report_output, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }

  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* audit */

static gboolean audit_json;

static int
run_audit (int    argc,
           char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &audit_json,
      N_("Print a JSON object instead of text"), NULL },
    { NULL }
  };
  const Command *command = find_command ("audit");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAuditReport) report = NULL;

  if (!parse_command (command, entries, argc, argv, 2, &args))
    return EXIT_USAGE;
  if (!g_str_equal (args[0], "verify"))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown audit command “%s”; the one there is "
                                                    "is “verify”"),
                                                  args[0]);
      return usage_error (command, message);
    }

  if (!(catalogue = open_catalogue (args[1])))
    return EXIT_BAD_INPUT;
  if (!(report = bs_catalogue_verify_audit (catalogue, &error)))
    {
      print_error (args[1], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  if (audit_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_add_string (builder, "status", bs_audit_status_to_string (report->status));
      json_add_int (builder, "records", report->n_records);
      json_builder_set_member_name (builder, "broken_seq");
      if (report->broken_seq > 0)
        json_builder_add_int_value (builder, report->broken_seq);
      else
        json_builder_add_null_value (builder);
      json_add_string (builder, "head_hash", report->head_hash);
      json_add_string (builder, "message", report->message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (report->status == BS_AUDIT_INTACT)
    {
      g_print ("%s\n", report->message);
      /* TRANSLATORS: the hash of the last record of the audit trail */
      g_print (_("Last hash: %s\n"), report->head_hash);
    }

  if (report->status != BS_AUDIT_INTACT)
    {
      g_autofree char *display = g_filename_display_name (args[1]);

      g_printerr ("%s: %s: %s\n", PROGRAM, display, report->message);
      return EXIT_BAD_INPUT;
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* --- import-items --- */

static char *import_items_encoding;
static char *import_items_delimiter;
static char **import_items_maps;
static gboolean import_items_dry_run;
static gboolean import_items_json;

static void
print_import_items_json (BsItemImport             *import,
                         const BsItemImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gunichar delimiter = bs_item_import_get_delimiter (import);
  char delimiter_text[2] = { (char) delimiter, '\0' };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, report->dry_run);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, bs_item_import_get_format (import) ==
                                 BS_ITEM_IMPORT_FORMAT_JSON_LINES ? "jsonl" : "csv");
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder,
                                 bs_csv_encoding_to_string (bs_item_import_get_encoding (import)));
  json_builder_set_member_name (builder, "delimiter");
  if (delimiter == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, delimiter_text);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, report->label);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, report->imported);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, report->updated);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, report->skipped);
  json_builder_set_member_name (builder, "departments_created");
  json_builder_add_int_value (builder, report->departments_created);
  json_builder_set_member_name (builder, "materials");
  json_builder_add_int_value (builder, report->materials);

  /* The columns in use: header → field. */
  json_builder_set_member_name (builder, "mapping");
  json_builder_begin_object (builder);
  for (guint i = 0; i < bs_item_import_get_n_columns (import); i++)
    {
      BsItemField field = bs_item_import_get_mapping (import, i);

      if (field == BS_ITEM_FIELD_NONE)
        continue;
      json_builder_set_member_name (builder, bs_item_import_get_column_name (import, i));
      json_builder_add_string_value (builder, bs_item_field_to_string (field));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "skips");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->skips->len; i++)
    {
      const BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, (gint64) skip->line);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, (gint64) skip->row);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, skip->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: not g_print, which converts. */
  fputs (text, stdout);
  fputs ("\n", stdout);
}

static void
print_import_items_text (const BsItemImportReport *report)
{
  if (report->dry_run)
    g_print ("%s\n", _("Dry run: the catalogue was not changed."));
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u new item", "Imported %u new items",
                        report->imported),
           report->imported);
  g_print (g_dngettext (GETTEXT_PACKAGE, ", updated %u", ", updated %u", report->updated),
           report->updated);
  g_print (g_dngettext (GETTEXT_PACKAGE, ", skipped %u row.\n", ", skipped %u rows.\n",
                        report->skipped),
           report->skipped);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Created %u department", "Created %u departments",
                        report->departments_created),
           report->departments_created);
  g_print (g_dngettext (GETTEXT_PACKAGE, "; %u material listed.\n", "; %u materials listed.\n",
                        report->materials),
           report->materials);
  for (guint i = 0; i < report->skips->len; i++)
    {
      const BsItemImportSkip *skip = g_ptr_array_index (report->skips, i);

      /* TRANSLATORS: a row of the file that was not imported, and why */
      g_print (_("line %llu: %s\n"), (unsigned long long) skip->line, skip->reason);
    }
}

static int
run_import_items (int    argc,
                  char **argv)
{
  const GOptionEntry entries[] = {
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &import_items_encoding,
      N_("The encoding of a CSV file: auto (the default), utf-8 or gb18030 (also GBK)"),
      N_("ENCODING") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &import_items_delimiter,
      N_("The separator of a CSV file: “,”, “;” or tab (default: found from the header)"),
      N_("SEPARATOR") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &import_items_maps,
      N_("Read the column COLUMN (its header, or its number from 1) as FIELD, or ignore it with "
         "“none”; repeat it for more columns"),
      N_("COLUMN=FIELD") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &import_items_dry_run,
      N_("Do all the work and report it, but leave the catalogue unchanged"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &import_items_json,
      N_("Print the report as JSON"), NULL },
    { NULL }
  };
  const Command *command = find_command ("import-items");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsItemImport) import = NULL;
  g_autoptr(BsItemImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  BsCsvEncoding encoding = BS_CSV_ENCODING_AUTO;
  gunichar delimiter = 0;

  if (!parse_command (command, entries, argc, argv, 2, &args))
    return EXIT_USAGE;
  if (import_items_encoding != NULL &&
      !bs_csv_encoding_from_string (import_items_encoding, &encoding))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown encoding “%s”; use auto, utf-8 or "
                                                    "gb18030"),
                                                  import_items_encoding);
      return usage_error (command, message);
    }
  if (import_items_delimiter != NULL &&
      !bs_csv_delimiter_from_string (import_items_delimiter, &delimiter))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown separator “%s”; use “,”, “;” or tab"),
                                                  import_items_delimiter);
      return usage_error (command, message);
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (!(import = bs_item_import_open (args[1], BS_ITEM_IMPORT_FORMAT_AUTO, encoding, delimiter,
                                      &error)))
    {
      print_error (args[1], error);
      return EXIT_BAD_INPUT;
    }
  for (guint i = 0; import_items_maps != NULL && import_items_maps[i] != NULL; i++)
    {
      if (!bs_item_import_map (import, import_items_maps[i], &error))
        {
          print_error (args[1], error);
          return EXIT_BAD_INPUT;
        }
    }

  report = bs_item_import_run (import, catalogue,
                               import_items_dry_run ? BS_ITEM_IMPORT_DRY_RUN : BS_ITEM_IMPORT_DEFAULT,
                               NULL, NULL, NULL, &error);
  if (report == NULL)
    {
      /* The file's messages name their line; the catalogue's name the catalogue. */
      print_error (error->domain == BS_CATALOGUE_ERROR ? NULL : args[1], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  if (import_items_json)
    print_import_items_json (import, report);
  else
    print_import_items_text (report);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Handling records: import-records, generate-records, demand, coverage */

static char *records_encoding;
static gboolean records_json;
static char *records_count;
static char *records_seed;
static char *records_bundles;
static char *records_csv;
static char *demand_window;
static char *demand_from;
static char *demand_to;
static char *demand_top;
static char *demand_min_support;
static char *demand_min_lift;
static char *coverage_output;
static char *coverage_format;

static void
json_add_double (JsonBuilder *builder,
                 const char  *key,
                 double       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_double_value (builder, value);
}

static void
json_add_bool (JsonBuilder *builder,
               const char  *key,
               gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

/* Prints the progress of a long import on a terminal, once a second. */
typedef struct
{
  gint64 last_print;
  gboolean printed;
} RecordsProgress;

static void
print_records_progress (guint64  bytes_done,
                        guint64  bytes_total,
                        gint64   rows_done,
                        gpointer user_data)
{
  RecordsProgress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *rows = NULL;

  if (now - progress->last_print < G_USEC_PER_SEC)
    return;
  progress->last_print = now;
  progress->printed = TRUE;
  rows = bs_demand_format_count (rows_done);
  /* Back to the start of the line, over the previous figures. */
  g_printerr ("\r");
  if (bytes_total > 0)
    /* TRANSLATORS: progress of an import: rows read and the share of the file */
    g_printerr (_("%s rows (%.0f%%)…"), rows, 100.0 * (double) bytes_done / (double) bytes_total);
  else
    g_printerr (_("%s rows…"), rows);
}

static int
run_import_records (int    argc,
                    char **argv)
{
  const GOptionEntry entries[] = {
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &records_encoding,
      N_("The encoding of DATA.csv: auto (the default), utf-8 or gb18030"), N_("E") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &records_json,
      N_("Print a JSON object instead of text"), NULL },
    { NULL }
  };
  const Command *command = find_command ("import-records");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsRecordImport) report = NULL;
  g_autoptr(GError) error = NULL;
  BsCsvEncoding encoding = BS_CSV_ENCODING_AUTO;
  RecordsProgress progress = { g_get_monotonic_time (), FALSE };
  gboolean terminal = isatty (STDERR_FILENO);

  if (!parse_command (command, entries, argc, argv, 2, &args))
    return EXIT_USAGE;
  if (records_encoding != NULL && !bs_csv_encoding_from_string (records_encoding, &encoding))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown encoding “%s”; use auto, utf-8 or gb18030"),
                                                  records_encoding);
      return usage_error (command, message);
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  report = bs_records_import_file (catalogue, args[1], encoding, NULL,
                                   terminal ? print_records_progress : NULL, &progress, &error);
  if (progress.printed)
    g_printerr ("\n");
  if (report == NULL)
    {
      print_error (args[1], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  if (records_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_add_int (builder, "rows", report->n_rows);
      json_add_int (builder, "imported", report->n_imported);
      json_add_int (builder, "unknown", report->n_unknown);
      json_add_int (builder, "bad", report->n_bad);
      json_add_string (builder, "encoding", bs_csv_encoding_to_string (report->encoding));
      json_add_date (builder, "first_day", report->first_day);
      json_add_date (builder, "last_day", report->last_day);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->columns->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (report->columns, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->problems->len; i++)
        {
          const BsRecordProblem *problem = g_ptr_array_index (report->problems, i);

          json_builder_begin_object (builder);
          json_add_int (builder, "line", (gint64) problem->line);
          json_add_string (builder, "message", problem->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "unknown_items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->unknown_items->len; i++)
        {
          const BsUnknownItem *unknown = g_ptr_array_index (report->unknown_items, i);

          json_builder_begin_object (builder);
          json_add_string (builder, "item", unknown->text);
          json_add_int (builder, "rows", unknown->count);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autofree char *imported = bs_demand_format_count (report->n_imported);
      g_autofree char *unknown = bs_demand_format_count (report->n_unknown);
      g_autofree char *bad = bs_demand_format_count (report->n_bad);

      g_print ("%s %s\n", _("Imported:"), imported);
      g_print ("%s %s\n", _("Rows with an unknown item:"), unknown);
      g_print ("%s %s\n", _("Rows skipped:"), bad);
      for (guint i = 0; i < report->problems->len; i++)
        {
          const BsRecordProblem *problem = g_ptr_array_index (report->problems, i);

          g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, problem->line);

          /* TRANSLATORS: a row of the file that was skipped, and why */
          g_print (_("  Line %s: %s\n"), line, problem->message);
        }
      if (report->n_bad > (gint64) report->problems->len)
        {
          g_autofree char *more = bs_demand_format_count (report->n_bad - (gint64) report->problems->len);

          g_print (_("  (and %s more)\n"), more);
        }
      if (report->unknown_items->len > 0)
        g_print ("%s\n", _("Unknown items, the most frequent first:"));
      for (guint i = 0; i < report->unknown_items->len; i++)
        {
          const BsUnknownItem *item = g_ptr_array_index (report->unknown_items, i);
          g_autofree char *rows = bs_demand_format_count (item->count);

          /* TRANSLATORS: an item not in the catalogue and the rows naming it */
          g_print (_("  %s: %s rows\n"), item->text, rows);
        }
    }
  return EXIT_OK;
}

/* "CODE 名称" of an item, for listings. */
static char *
item_label (BsCatalogue *catalogue,
            gint64       item_id)
{
  g_autoptr(BsItem) item = bs_catalogue_get_item (catalogue, item_id, NULL);

  return item != NULL ? g_strdup_printf ("%s %s", item->code, item->name)
                      : g_strdup_printf ("#%" G_GINT64_FORMAT, item_id);
}

static void
json_add_items_of (JsonBuilder *builder,
                   BsCatalogue *catalogue,
                   const char  *key,
                   GArray      *item_ids)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < item_ids->len; i++)
    {
      g_autoptr(BsItem) item = bs_catalogue_get_item (catalogue, g_array_index (item_ids, gint64, i), NULL);

      json_builder_begin_object (builder);
      json_add_string (builder, "code", item ? item->code : NULL);
      json_add_string (builder, "name", item ? item->name : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
run_generate_records (int    argc,
                      char **argv)
{
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_STRING, &records_count,
      N_("Make N records (default 100000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &records_seed,
      N_("The seed: the same seed and catalogue give the same records (default 1)"), N_("S") },
    { "bundles", 0, 0, G_OPTION_ARG_STRING, &records_bundles,
      N_("Plant N bundles of items (default 5)"), N_("N") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &records_csv,
      N_("Write the records to the CSV file OUT instead of adding them to FILE"), N_("OUT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &records_json,
      N_("Print a JSON object instead of text"), NULL },
    { NULL }
  };
  const Command *command = find_command ("generate-records");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) bundles = NULL;
  g_autoptr(GError) error = NULL;
  BsRecordsGenerateOptions options = { 0 };
  guint64 count, seed, n_bundles;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (!parse_count ("--count", records_count, 100000, 1000000000, &count, &error) ||
      !parse_count ("--seed", records_seed, 1, G_MAXUINT64, &seed, &error) ||
      !parse_count ("--bundles", records_bundles, 5, 20, &n_bundles, &error))
    return usage_error (command, error->message);
  if (n_bundles == 0)
    return usage_error (command, _("--bundles: plant one bundle at least"));
  if (records_csv != NULL && same_file (args[0], records_csv))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (records_csv, error);
      return EXIT_BAD_INPUT;
    }
  options.count = (gint64) count;
  options.seed = seed;
  options.n_bundles = (guint) n_bundles;

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (records_csv != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (records_csv);
      g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

      if (out == NULL ||
          !(bundles = bs_records_generate_csv (catalogue, &options, G_OUTPUT_STREAM (out), NULL, &error)) ||
          !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
        {
          print_error (error->domain == G_IO_ERROR ? records_csv : args[0], error);
          return EXIT_BAD_INPUT;
        }
    }
  else if (!(bundles = bs_records_generate (catalogue, &options, NULL, NULL, NULL, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }

  if (records_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_add_int (builder, "records", (gint64) count);
      json_add_int (builder, "seed", (gint64) seed);
      json_builder_set_member_name (builder, "bundles");
      json_builder_begin_array (builder);
      for (guint b = 0; b < bundles->len; b++)
        {
          const BsPlantedBundle *bundle = g_ptr_array_index (bundles, b);

          json_builder_begin_object (builder);
          json_add_items_of (builder, catalogue, "items", bundle->item_ids);
          json_add_int (builder, "applicants", bundle->n_applicants);
          json_add_bool (builder, "covered", bundle->covered);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autofree char *made = bs_demand_format_count ((gint64) count);

      if (records_csv != NULL)
        /* TRANSLATORS: the number of records and the file they were written to */
        g_print (_("%s records written to %s\n"), made, records_csv);
      else
        g_print (_("%s records added\n"), made);
      for (guint b = 0; b < bundles->len; b++)
        {
          const BsPlantedBundle *bundle = g_ptr_array_index (bundles, b);
          g_autofree char *applicants = bs_demand_format_count (bundle->n_applicants);

          /* TRANSLATORS: a bundle of items planted in the records: its number, its size and the
           * applicants it was planted for */
          g_print (_("Planted bundle %u: %u items, %s applicants%s\n"), b + 1, bundle->item_ids->len,
                   applicants, bundle->covered ? _(" (a theme holds them all)") : "");
          for (guint i = 0; i < bundle->item_ids->len; i++)
            {
              g_autofree char *label = item_label (catalogue, g_array_index (bundle->item_ids, gint64, i));

              g_print ("  %s\n", label);
            }
        }
    }
  bs_catalogue_close (catalogue);
  return EXIT_OK;
}

static int
run_demand (int    argc,
            char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &records_json,
      N_("Print a JSON object instead of text"), NULL },
    { "window", 0, 0, G_OPTION_ARG_STRING, &demand_window,
      N_("Items handled by one applicant within DAYS days go together (default 90)"), N_("DAYS") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &demand_from,
      N_("Start the period on DATE (default: the first record)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &demand_to,
      N_("End the period on DATE (default: the last record)"), N_("DATE") },
    { "top", 0, 0, G_OPTION_ARG_STRING, &demand_top,
      N_("List N items, pairs and suggestions (default 20)"), N_("N") },
    { "min-support", 0, 0, G_OPTION_ARG_STRING, &demand_min_support,
      N_("Pairs and bundles need N applicants (default: 10 or one in a thousand applicants)"), N_("N") },
    { "min-lift", 0, 0, G_OPTION_ARG_STRING, &demand_min_lift,
      N_("Pairs in a bundle need a lift of X at least (default 2)"), N_("X") },
    { NULL }
  };
  const Command *command = find_command ("demand");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsDemand) demand = NULL;
  g_autoptr(GError) error = NULL;
  BsDemandOptions options = { 0 };
  guint64 window, top, min_support;
  double min_lift = 0;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (!parse_count ("--window", demand_window, BS_DEMAND_DEFAULT_WINDOW_DAYS, 3650, &window, &error) ||
      !parse_count ("--top", demand_top, 20, 100000, &top, &error) ||
      !parse_count ("--min-support", demand_min_support, 0, G_MAXINT64, &min_support, &error))
    return usage_error (command, error->message);
  if (window == 0)
    return usage_error (command, _("--window: give one day at least"));
  if (demand_min_lift != NULL)
    {
      char *end = NULL;

      min_lift = g_ascii_strtod (demand_min_lift, &end);
      if (end == demand_min_lift || *end != '\0' || !(min_lift > 0) || min_lift > 1e6)
        {
          /* TRANSLATORS: --min-lift and its value */
          g_autofree char *message = g_strdup_printf (_("%s: “%s” is not a number above 0"), "--min-lift",
                                                      demand_min_lift);
          return usage_error (command, message);
        }
    }
  if (!parse_report_date ("--from", demand_from, &options.from, &error) ||
      !parse_report_date ("--to", demand_to, &options.to, &error))
    {
      print_error (NULL, error);
      return EXIT_BAD_INPUT;
    }
  options.window_days = (guint) window;
  options.min_support = (gint64) min_support;
  options.min_lift = min_lift;

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (!(demand = bs_demand_analyse (catalogue, &options, NULL, NULL, NULL, &error)))
    {
      print_error (error->domain == BS_CATALOGUE_ERROR && error->code == BS_CATALOGUE_ERROR_INVALID
                     ? NULL : args[0], error);
      return EXIT_BAD_INPUT;
    }

  if (records_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      char month[8];

      json_builder_begin_object (builder);
      json_add_date (builder, "from", demand->n_records > 0 ? demand->from : BS_DATE_NONE);
      json_add_date (builder, "to", demand->n_records > 0 ? demand->to : BS_DATE_NONE);
      json_add_int (builder, "window_days", demand->window_days);
      json_add_int (builder, "min_support", demand->min_support);
      json_add_double (builder, "min_lift", demand->min_lift);
      json_add_int (builder, "records", demand->n_records);
      json_add_int (builder, "applicants", demand->n_applicants);
      json_add_int (builder, "bulk_applicants", demand->n_bulk_applicants);
      json_add_int (builder, "themed_records", demand->themed_volume);
      json_add_double (builder, "themed_share", demand->themed_share);
      json_builder_set_member_name (builder, "months");
      json_builder_begin_array (builder);
      for (guint m = 0; m < demand->n_months; m++)
        {
          int index = demand->first_year * 12 + demand->first_month - 1 + (int) m;

          g_snprintf (month, sizeof month, "%04d-%02d", index / 12, index % 12 + 1);
          json_builder_add_string_value (builder, month);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < demand->items->len && i < top; i++)
        {
          const BsDemandItem *item = g_ptr_array_index (demand->items, i);

          json_builder_begin_object (builder);
          json_add_string (builder, "code", item->code);
          json_add_string (builder, "name", item->name);
          json_add_string (builder, "department", item->department);
          json_add_int (builder, "records", item->volume);
          json_add_int (builder, "applicants", item->applicants);
          json_add_bool (builder, "in_theme", item->in_theme);
          json_builder_set_member_name (builder, "monthly");
          json_builder_begin_array (builder);
          for (guint m = 0; m < demand->n_months; m++)
            json_builder_add_int_value (builder, item->monthly[m]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "pairs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < demand->pairs->len && i < top; i++)
        {
          const BsDemandPair *pair = g_ptr_array_index (demand->pairs, i);
          g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

          g_array_append_val (ids, pair->item_a);
          g_array_append_val (ids, pair->item_b);
          json_builder_begin_object (builder);
          json_add_items_of (builder, catalogue, "items", ids);
          json_add_int (builder, "support", pair->support);
          json_add_double (builder, "confidence_ab", pair->confidence_ab);
          json_add_double (builder, "confidence_ba", pair->confidence_ba);
          json_add_double (builder, "lift", pair->lift);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "bundles");
      json_builder_begin_array (builder);
      for (guint i = 0; i < demand->bundles->len && i < top; i++)
        {
          const BsDemandBundle *bundle = g_ptr_array_index (demand->bundles, i);
          g_autofree char *summary = bs_demand_describe_bundle (demand, bundle);
          g_autoptr(BsTheme) covering = bundle->covering_theme_id
                                          ? bs_catalogue_get_theme (catalogue, bundle->covering_theme_id, NULL)
                                          : NULL;

          json_builder_begin_object (builder);
          json_add_items_of (builder, catalogue, "items", bundle->item_ids);
          json_add_int (builder, "support", bundle->support);
          json_add_double (builder, "per_year", bundle->per_year);
          json_add_double (builder, "confidence", bundle->confidence);
          json_add_double (builder, "lift", bundle->lift);
          json_add_double (builder, "score", bundle->score);
          json_add_string (builder, "covering_theme", covering ? covering->code : NULL);
          json_add_bool (builder, "suggested", bundle->covering_theme_id == 0);
          json_add_string (builder, "summary", summary);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      g_autofree char *records = bs_demand_format_count (demand->n_records);
      g_autofree char *applicants = bs_demand_format_count (demand->n_applicants);
      g_autofree char *bulk = bs_demand_format_count (demand->n_bulk_applicants);
      char from[BS_DATE_ISO_SIZE], to[BS_DATE_ISO_SIZE];

      if (demand->n_records == 0)
        {
          g_print ("%s\n", _("No handling records in the period."));
          bs_catalogue_close (catalogue);
          return EXIT_OK;
        }
      /* TRANSLATORS: the period analysed, the records and applicants in it */
      g_print (_("From %s to %s: %s records of %s applicants (%s left out of co-occurrence: more than "
                 "%d records each)\n"),
               bs_date_format (demand->from, from), bs_date_format (demand->to, to), records, applicants, bulk,
               options.max_applicant_records ? (int) options.max_applicant_records
                                             : BS_DEMAND_DEFAULT_MAX_APPLICANT_RECORDS);
      /* TRANSLATORS: the share of handling records whose item is in a theme */
      g_print (_("Records of items in a theme: %.1f%%\n"), 100.0 * demand->themed_share);

      g_print ("\n%s\n", _("Items by volume:"));
      for (guint i = 0; i < demand->items->len && i < top; i++)
        {
          const BsDemandItem *item = g_ptr_array_index (demand->items, i);
          g_autofree char *volume = bs_demand_format_count (item->volume);
          g_autofree char *people = bs_demand_format_count (item->applicants);

          /* TRANSLATORS: rank, code, name, department, records, applicants */
          g_print (_("%3u. %s %s (%s): %s records, %s applicants%s\n"), i + 1, item->code, item->name,
                   item->department, volume, people, item->in_theme ? "" : _(" — in no theme"));
        }

      g_print ("\n%s\n", _("Items handled together (pairs):"));
      for (guint i = 0; i < demand->pairs->len && i < top; i++)
        {
          const BsDemandPair *pair = g_ptr_array_index (demand->pairs, i);
          g_autofree char *a = item_label (catalogue, pair->item_a);
          g_autofree char *b = item_label (catalogue, pair->item_b);
          g_autofree char *support = bs_demand_format_count (pair->support);

          /* TRANSLATORS: two items; applicants; the confidences both ways; the lift */
          g_print (_("  %s + %s: %s applicants, confidence %.2f / %.2f, lift %.1f\n"), a, b, support,
                   pair->confidence_ab, pair->confidence_ba, pair->lift);
        }
      if (demand->pairs->len == 0)
        g_print ("  %s\n", _("none"));

      g_print ("\n%s\n", _("Suggested themes:"));
      for (guint i = 0; i < demand->suggestions->len && i < top; i++)
        {
          const BsDemandBundle *bundle = g_ptr_array_index (demand->suggestions, i);
          g_autofree char *summary = bs_demand_describe_bundle (demand, bundle);
          g_autofree char *support = bs_demand_format_count (bundle->support);

          g_print ("%3u. %s\n", i + 1, summary);
          for (guint k = 0; k < bundle->item_ids->len; k++)
            {
              g_autofree char *label = item_label (catalogue, g_array_index (bundle->item_ids, gint64, k));

              g_print ("       %s\n", label);
            }
          /* TRANSLATORS: applicants of a bundle in the period, its confidence and lift */
          g_print (_("       %s applicants in the period, confidence %.2f, lift %.1f\n"), support,
                   bundle->confidence, bundle->lift);
        }
      if (demand->suggestions->len == 0)
        g_print ("  %s\n", _("none"));
    }
  bs_catalogue_close (catalogue);
  return EXIT_OK;
}

/* The format named by --format, or else by the output file's extension. */
static gboolean
coverage_pick_format (const char       *format,
                      const char       *output,
                      BsCoverageFormat *out_format)
{
  const char *dot = output != NULL ? strrchr (output, '.') : NULL;

  if (format != NULL)
    return bs_coverage_format_from_string (format, out_format);
  return dot != NULL && !g_str_equal (dot + 1, "csv-uncovered") &&
         bs_coverage_format_from_string (dot + 1, out_format);
}

static int
run_coverage (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &records_json,
      N_("Print a JSON object instead of text"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &coverage_output,
      N_("Write the matrix to OUT (.csv or .xlsx; “-” for standard output)"), N_("OUT") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &coverage_format,
      N_("csv (the matrix), csv-uncovered or xlsx (default: from the extension of OUT)"), N_("FORMAT") },
    { "top", 0, 0, G_OPTION_ARG_STRING, &demand_top,
      N_("List N uncovered items (default 20)"), N_("N") },
    { NULL }
  };
  const Command *command = find_command ("coverage");
  g_auto(GStrv) args = NULL;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(BsCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;
  BsCoverageFormat format = BS_COVERAGE_FORMAT_CSV;
  guint64 top;

  if (!parse_command (command, entries, argc, argv, 1, &args))
    return EXIT_USAGE;
  if (!parse_count ("--top", demand_top, 20, 1000000, &top, &error))
    return usage_error (command, error->message);
  if (coverage_output != NULL && !coverage_pick_format (coverage_format, coverage_output, &format))
    {
      g_autofree char *message = NULL;

      if (coverage_format != NULL)
        message = g_strdup_printf (_("Unknown format “%s”; use csv, csv-uncovered or xlsx"), coverage_format);
      else
        message = g_strdup (_("Give the format with --format csv, csv-uncovered or xlsx"));
      return usage_error (command, message);
    }
  if (coverage_output == NULL && coverage_format != NULL)
    return usage_error (command, _("Name the output file with -o OUT (“-” for standard output)"));
  if (coverage_output != NULL && !g_str_equal (coverage_output, "-") && same_file (args[0], coverage_output))
    {
      g_set_error_literal (&error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_EXISTS,
                           _("The output file is the catalogue itself; choose another file"));
      print_error (coverage_output, error);
      return EXIT_BAD_INPUT;
    }

  if (!(catalogue = open_catalogue (args[0])))
    return EXIT_BAD_INPUT;
  if (!(coverage = bs_coverage_new (catalogue, &error)))
    {
      print_error (args[0], error);
      return EXIT_BAD_INPUT;
    }
  bs_catalogue_close (catalogue);

  if (coverage_output != NULL)
    {
      if (g_str_equal (coverage_output, "-"))
        {
          g_autoptr(GBytes) bytes = bs_coverage_to_bytes (coverage, format, &error);
          const char *data;
          gsize length;

          if (bytes == NULL)
            {
              print_error (NULL, error);
              return EXIT_BAD_INPUT;
            }
          data = g_bytes_get_data (bytes, &length);
          if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
            {
              int saved_errno = errno;

              g_printerr (_("%s: Could not write to standard output: %s\n"), PROGRAM, g_strerror (saved_errno));
              return EXIT_BAD_INPUT;
            }
        }
      else if (!bs_coverage_write (coverage, format, coverage_output, &error))
        {
          print_error (NULL, error);
          return EXIT_BAD_INPUT;
        }
      return EXIT_OK;
    }

  if (records_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_add_int (builder, "items", coverage->n_items);
      json_add_int (builder, "covered_items", coverage->n_covered_items);
      json_builder_set_member_name (builder, "themes");
      json_builder_begin_array (builder);
      for (guint t = 0; t < coverage->themes->len; t++)
        {
          const BsCoverageEntry *theme = g_ptr_array_index (coverage->themes, t);

          json_builder_begin_object (builder);
          json_add_string (builder, "code", theme->code);
          json_add_string (builder, "name", theme->name);
          json_add_int (builder, "items", theme->n_items);
          json_add_int (builder, "departments", theme->n_covered);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "departments");
      json_builder_begin_array (builder);
      for (guint d = 0; d < coverage->departments->len; d++)
        {
          const BsCoverageEntry *department = g_ptr_array_index (coverage->departments, d);

          json_builder_begin_object (builder);
          json_add_string (builder, "code", department->code);
          json_add_string (builder, "name", department->name);
          json_add_int (builder, "items", department->n_items);
          json_add_int (builder, "covered_items", department->n_covered);
          /* The row of the matrix, a count per theme in the order of "themes" */
          json_builder_set_member_name (builder, "matrix");
          json_builder_begin_array (builder);
          for (guint t = 0; t < coverage->themes->len; t++)
            json_builder_add_int_value (builder, bs_coverage_get_cell (coverage, d, t));
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "themes");
          json_builder_begin_array (builder);
          for (guint t = 0; t < coverage->themes->len; t++)
            if (bs_coverage_get_cell (coverage, d, t) > 0)
              json_builder_add_string_value (builder,
                                             ((BsCoverageEntry *) g_ptr_array_index (coverage->themes, t))->code);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "uncovered");
      json_builder_begin_array (builder);
      for (guint i = 0; i < coverage->uncovered->len; i++)
        {
          const BsCoverageItem *item = g_ptr_array_index (coverage->uncovered, i);

          json_builder_begin_object (builder);
          json_add_string (builder, "code", item->code);
          json_add_string (builder, "name", item->name);
          json_add_string (builder, "department", item->department);
          json_add_int (builder, "records", item->demand);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      /* TRANSLATORS: items in at least one theme, of all items */
      g_print (_("Items in a theme: %u of %u (%.1f%%)\n"), coverage->n_covered_items, coverage->n_items,
               coverage->n_items ? 100.0 * coverage->n_covered_items / coverage->n_items : 0.0);
      g_print ("\n%s\n", _("Departments and the themes they take part in:"));
      for (guint d = 0; d < coverage->departments->len; d++)
        {
          const BsCoverageEntry *department = g_ptr_array_index (coverage->departments, d);
          g_autoptr(GString) themes = g_string_new (NULL);

          for (guint t = 0; t < coverage->themes->len; t++)
            {
              guint cell = bs_coverage_get_cell (coverage, d, t);

              if (cell > 0)
                g_string_append_printf (themes, "%s%s (%u)", themes->len ? ", " : "",
                                        ((BsCoverageEntry *) g_ptr_array_index (coverage->themes, t))->name, cell);
            }
          /* TRANSLATORS: a department, its items in a theme, its items, the themes */
          g_print (_("  %s: %u of %u items in themes; %s\n"), department->name, department->n_covered,
                   department->n_items, themes->len ? themes->str : _("no theme"));
        }
      g_print ("\n%s\n", _("Items in no theme, the most handled first:"));
      for (guint i = 0; i < coverage->uncovered->len && i < top; i++)
        {
          const BsCoverageItem *item = g_ptr_array_index (coverage->uncovered, i);
          g_autofree char *records = bs_demand_format_count (item->demand);

          /* TRANSLATORS: code, name, department, handling records */
          g_print (_("  %s %s (%s): %s records\n"), item->code, item->name, item->department, records);
        }
      if (coverage->uncovered->len > top)
        g_print (_("  (and %u more)\n"), coverage->uncovered->len - (guint) top);
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The commands */

static int run_help (int argc, char **argv);

static const Command commands[] = {
  { "new", N_("FILE"), N_("FILE [--name NAME]"), N_("Create an empty catalogue"),
    N_("Create the empty catalogue FILE (a .banshi file). FILE must not exist."),
    run_new },
  { "demo", N_("FILE"), N_("FILE"), N_("Create a catalogue holding the demo"),
    N_("Create the catalogue FILE from the bundled demo catalogue. FILE must not exist."),
    run_demo },
  { "info", N_("FILE"), N_("FILE [--json]"), N_("Count what a catalogue holds"),
    N_("Print the name of the catalogue FILE and how many departments, items, materials, "
       "categories, themes, theme items, prerequisite edges, situation questions, rollout "
       "phases, tasks, decisions, audit records and handling records it holds."),
    run_info },
  { "import-json", N_("JSON FILE"), N_("JSON FILE"), N_("Create a catalogue from a JSON file"),
    N_("Create the catalogue FILE from JSON, a file in the Banshi interchange format. "
       "The whole file is checked first; if anything is wrong, the message gives its JSON path "
       "and FILE is not created. FILE must not exist."),
    run_import_json },
  { "export", N_("FILE"), N_("FILE [-o OUT]"), N_("Write a catalogue as JSON"),
    N_("Write the catalogue FILE in the Banshi interchange format (JSON), to standard output "
       "or to the file given with --output."),
    run_export },
  { "generate", N_("FILE"), N_("FILE [--items N] [--departments N] [--themes N] [--seed S]"),
    N_("Create a synthetic catalogue for benchmarks"),
    N_("Create the catalogue FILE filled with made-up departments, items, materials, "
       "categories and themes. The same options give the same catalogue. FILE must not exist."),
    run_generate },
  { "validate", N_("FILE"), N_("FILE [--theme CODE] [--json]"),
    N_("Check the flows of a catalogue’s themes"),
    N_("Check the flow of every theme of the catalogue FILE, or of the theme given with --theme: "
       "cycles, prerequisites outside the theme, redundant prerequisites, parts not connected, "
       "missing time limits and departments. Print each theme’s problems, its stages, critical "
       "path, departments and visits. Exits with 1 when any theme has an error."),
    run_validate },
  { "render", N_("FILE"),
    N_("FILE --theme CODE -o OUT [--format svg|png|pdf|dot] [--group department|stage|none] "
       "[--direction lr|tb]"),
    N_("Draw a theme’s flow as SVG, PNG, PDF or DOT"),
    N_("Draw the flow of the theme CODE of the catalogue FILE with graphviz: each item with its "
       "department and time limit, grouped by department or by stage, prerequisites left to right "
       "or top to bottom. The format is given with --format or by the extension of OUT; DOT keeps "
       "the items’ full names and codes."),
    run_render },
  { "import-dot", N_("FILE GRAPH.dot"), N_("FILE --theme CODE GRAPH.dot"),
    N_("Set a theme’s prerequisites from a DOT file"),
    N_("Replace the prerequisites of the theme CODE of the catalogue FILE by the edges of the "
       "DOT file GRAPH.dot. Each node is matched to an item of the theme by its attribute code, "
       "by its name being an item’s code, or by its label being an item’s exact name; files "
       "written by “render --format dot” match by code. If any node matches no item, nothing "
       "changes and the message names the nodes."),
    run_import_dot },
  { "guide", N_("FILE"),
    N_("FILE --theme CODE [--answer QUESTION=OPTION…] [--json | --pdf OUT]"),
    N_("Show the personalised guide of a theme"),
    N_("Show the steps, materials and notes of the theme CODE of the catalogue FILE that apply to "
       "the answers given with --answer (the codes of a question and of one of its options; "
       "repeat it for more). Questions not yet answered are listed, and the steps and materials "
       "that depend on them are marked. Materials an earlier step gives say “from step N”. "
       "Print it as text, as JSON (--json; stages count from 1), or write a printable A4 PDF "
       "with the flow and a checklist (--pdf)."),
    run_guide },
  { "rollout", N_("FILE"), N_("FILE [--json] [--due-soon-days N]"),
    N_("Show the rollout: phases, tasks and the departments’ scorecard"),
    N_("Show the rollout of the catalogue FILE: its phases in order, each department’s tasks "
       "with their status and whether they are overdue, due soon, done on time or late, and a "
       "scorecard per department (tasks, done, done on time, overdue now, mean delay, latest "
       "decision). “Today” is the real date, or the catalogue’s reference date when it has one "
       "(the demo does), or BANSHI_TODAY=YYYY-MM-DD when set."),
    run_rollout },
  { "report", N_("FILE"),
    N_("FILE -o OUT [--format pdf|csv|csv-scorecard|xlsx] [--from DATE] [--to DATE]"),
    N_("Write the rollout’s report as PDF, CSV or XLSX"),
    N_("Write a report of the rollout of the catalogue FILE on today (as for “rollout”). PDF: A4 "
       "landscape pages with a timeline of each department’s tasks (overdue red, due soon amber, "
       "done on time green, done late dark brown, a diamond on each completion date, the phases "
       "across the top, a line on today), the scorecard and the decisions. CSV, in UTF-8 with a "
       "byte order mark for spreadsheets: one row per task (csv) or per department "
       "(csv-scorecard); cells that would start a formula begin with an apostrophe. XLSX: the "
       "sheets Tasks, Scorecard and Decisions. --from and --to keep the tasks whose days (start "
       "to due date, completion, or today while overdue) meet the range, and the decisions dated "
       "in it; the scorecard always covers every task."),
    run_report },
  { "audit", N_("verify FILE"), N_("verify FILE [--json]"),
    N_("Check that the rollout’s audit trail is intact"),
    N_("Walk the audit trail of the catalogue FILE, record by record, and check its hash chain: "
       "a record changed, deleted, inserted or moved since it was written breaks it. Prints the "
       "number of records and the last hash, which proves the trail up to it when written down "
       "elsewhere. Exits with 1 naming the first broken record."),
    run_audit },
  { "import-records", N_("FILE DATA.csv"), N_("FILE DATA.csv [--encoding E] [--json]"),
    N_("Add handling records from a CSV file"),
    N_("Add the handling records (办件) of DATA.csv to the catalogue FILE. The columns are found by "
       "their usual headers: the day (办件日期, 受理时间 …: 2024-03-05, 2024/3/5, 20240305, with or "
       "without a time), the item (事项编码 and/or 事项名称, matched by code or else by exact name), "
       "the applicant (申请人证件号, 申请人 …), and optionally the channel (渠道) and the department "
       "(部门). The applicant is kept only as a number made from the key with a secret of the "
       "catalogue, never as written. Rows whose item is not in the catalogue are counted by item; "
       "rows without a day or an applicant are skipped and listed by line. UTF-8 or GB18030, "
       "comma, tab or semicolon. All or nothing: on an error in the file nothing is added."),
    run_import_records },
  { "generate-records", N_("FILE"), N_("FILE --count N --seed S [--bundles N] [--csv OUT] [--json]"),
    N_("Make synthetic handling records with planted bundles"),
    N_("Add N made-up handling records to the catalogue FILE (or write them to the CSV file OUT, "
       "which import-records reads): popular items often, applicants coming back, and a few "
       "bundles of 2 to 6 items that the same applicants have handled within six weeks, which no "
       "theme holds. Prints the planted bundles. The same seed and catalogue give the same "
       "records."),
    run_generate_records },
  { "demand", N_("FILE"),
    N_("FILE [--json] [--window DAYS] [--from DATE] [--to DATE] [--top N]"),
    N_("Analyse the handling records: volumes, items handled together, suggested themes"),
    N_("Analyse the handling records of the catalogue FILE: the items by volume with their monthly "
       "trend (in --json), the pairs of items that the same applicants have handled within DAYS "
       "days of each other with their support (applicants), confidence and lift, the bundles of "
       "items handled together that no theme covers as suggested themes, and the share of the "
       "records whose item is in a theme. Applicants with more than 200 records (agents) count for "
       "volumes only."),
    run_demand },
  { "coverage", N_("FILE"), N_("FILE [--json] [-o OUT.csv|OUT.xlsx] [--format F]"),
    N_("Show how far the themes cover each department’s items"),
    N_("Show the department × theme matrix of the catalogue FILE (how many of a department’s items "
       "each theme holds), the themes each department takes part in and the items no theme holds, "
       "the most handled first. -o writes the matrix as CSV (UTF-8 with a byte order mark; "
       "csv-uncovered: the uncovered items) or as XLSX with the sheets Matrix, Departments and "
       "Uncovered items."),
    run_coverage },
  { "import-items", N_("FILE DATA"),
    N_("FILE DATA [--encoding auto|utf-8|gb18030] [--delimiter ,|tab|;] [--map COLUMN=FIELD…] "
       "[--dry-run] [--json]"),
    N_("Import a department’s item catalogue from CSV or JSON Lines"),
    N_("Import the items of DATA, a CSV file (UTF-8 or GB18030, comma, tab or semicolon; "
       "detected) or a JSON Lines file, into the catalogue FILE. Columns are recognised by their "
       "usual headers (事项名称, 实施编码, 实施机构, 法定办结时限, 申请材料 …, or the portal keys "
       "TASK_NAME, TASK_CODE, DEPT_NAME …); --map sets a column’s field (code, basic-code, name, "
       "department, type, service-objects, legal-basis, conditions, legal-limit, "
       "committed-limit, handling, visits, fees, place, hours, phone, online-url, result-name, "
       "materials or none). Departments are created as needed; items whose code is already in "
       "the catalogue are updated. Rows that cannot be imported are listed with their line. The "
       "import is one step to undo; a malformed file changes nothing and exits with 1 naming "
       "the line."),
    run_import_items },
  { "help", N_("[COMMAND]"), N_("[COMMAND]"), N_("Show help for a command"),
    N_("Show the list of commands, or the options of COMMAND."),
    run_help },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/* Columns on a terminal: CJK characters take two. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
print_help (void)
{
  g_print (_("Usage:\n  %s COMMAND [OPTION…] [ARGUMENT…]\n\n"), PROGRAM);
  g_print ("%s\n\n", _("Work with Banshi catalogues (.banshi files) from the command line."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = g_strdup_printf ("%s %s", commands[i].name,
                                                   _(commands[i].synopsis));

      /* A long synopsis gets a line of its own, the summary below it. */
      if (display_width (synopsis) > 28)
        g_print ("  %s\n  %-28s %s\n", synopsis, "", _(commands[i].summary));
      else
        g_print ("  %s%*s %s\n", synopsis, 28 - display_width (synopsis), "",
                 _(commands[i].summary));
    }
  g_print ("\n%s\n", _("Options:"));
  g_print ("  %-28s %s\n", "-h, --help", _("Show this help"));
  g_print ("  %-28s %s\n", "--version", _("Show the version"));
  g_print ("\n");
  g_print (_("Run “%s COMMAND --help” for the options of a command.\n"), PROGRAM);
  g_print ("%s\n", _("Exit status: 0 done, 1 bad input, 2 wrong usage."));
}

static int
run_help (int    argc,
          char **argv)
{
  g_auto(GStrv) args = NULL;
  const Command *command;

  if (argc <= 1)
    {
      print_help ();
      return EXIT_OK;
    }
  /* Only its own options go through GOption: the usage line of the
   * command's help needs a program name not yet taken by "help". */
  if (argv[1][0] == '-' || argc > 2)
    {
      if (!parse_command (find_command ("help"), NULL, argc, argv, 1, &args))
        return EXIT_USAGE;
      return run_help (2, (char *[]) { argv[0], args[0], NULL });
    }

  if (!(command = find_command (argv[1])))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[1]);
      return usage_error (NULL, message);
    }

  /* Same text as "COMMAND --help", without running the command. */
  {
    char *help_argv[] = { (char *) command->name, (char *) "--help", NULL };
    return command->run (2, help_argv);
  }
}

int
main (int    argc,
      char **argv)
{
  const Command *command;

  setlocale (LC_ALL, "");
  /* BANSHI_LOCALEDIR: translations of a build that is not installed. */
  {
    const char *localedir = g_getenv ("BANSHI_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage_error (NULL, _("Missing command"));

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "-?"))
    {
      print_help ();
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("%s %s\n", PROGRAM, PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (!(command = find_command (argv[1])))
    {
      g_autofree char *message = NULL;

      if (argv[1][0] == '-')
        message = g_strdup_printf (_("Unknown option “%s”"), argv[1]);
      else
        message = g_strdup_printf (_("Unknown command “%s”"), argv[1]);
      return usage_error (NULL, message);
    }

  return command->run (argc - 1, argv + 1);
}
