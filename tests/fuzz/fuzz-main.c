/* fuzz-main.c: runs a fuzz target without libFuzzer
 *
 * Usage: fuzz-… [--mutations N] [--seed S] [--dump N -o FILE] CORPUS…
 *
 * Runs the target on every file of the corpus folders (or files) given,
 * then on N deterministic mutations of each: bit flips, byte changes,
 * truncations, deleted and duplicated chunks, JSON tokens and interesting
 * integers inserted, and splices from the other files; every other
 * mutation only changes string values and digits, to keep more inputs
 * valid. The generator has a
 * fixed seed (the file's name mixed with --seed), so a run is reproducible
 * and a failure can be replayed: when the target aborts or crashes, the
 * input is saved and its name printed; `--dump N -o FILE CORPUS-FILE`
 * writes mutation N of one file, for a closer look.
 *
 * The environment variable BANSHI_FUZZ_MUTATIONS overrides the default
 * number of mutations, which is smaller under valgrind. With
 * BANSHI_FUZZ_VERBOSE set, the name of each input is printed before it
 * runs (for the reports that the driver cannot add to, such as UBSan's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_VALGRIND_H
# include <valgrind/valgrind.h>
#endif

#include "fuzz-common.h"

#define DEFAULT_MUTATIONS          300
#define DEFAULT_MUTATIONS_VALGRIND 20
#define MAX_INPUT_SIZE    (2 * 1024 * 1024)

/* Present when linked with a sanitizer runtime (ASan, UBSan): called
 * before a sanitizer report ends the process. */
extern void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

typedef struct
{
  char *name;
  GBytes *bytes;
} Seed;

/* splitmix64: tiny, good enough, and the same everywhere. */
typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static gsize
rng_below (Rng  *rng,
           gsize n)
{
  return n == 0 ? 0 : (gsize) (rng_next (rng) % n);
}

/* FNV-1a: a stable hash of a file name (g_str_hash is not promised to be). */
static guint64
hash_name (const char *name)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    hash = (hash ^ *p) * G_GUINT64_CONSTANT (0x100000001b3);
  return hash;
}

/* JSON that the import must handle: structure, escapes that are refused
 * (NUL, lone surrogates), numbers at and past every limit, keywords, keys
 * of the format, invalid UTF-8. */
static const char * const tokens[] = {
  "{", "}", "[", "]", "\"", ",", ":", " ", "\n", "\\", "/*", "//",
  "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u4e2d", "\\n", "\\x",
  "null", "true", "false", "nul", "NaN", "Infinity",
  "0", "-0", "1", "-1", "0.5", "1e3", "1e999", "-1e-999", "007", "0x10", "+1",
  "99", "100", "999", "1000", "3650", "3651", "2147483647", "2147483648",
  "9223372036854775807", "9223372036854775808", "-9223372036854775809",
  "18446744073709551616", "123456789012345678901234567890",
  "\"\"", "\"x\"", "{}", "[]", "[[]]", "{\"\":0}", "[\"a\",\"b\"]", "[[\"a\",\"b\"]]",
  "\"code\":", "\"name\":", "\"department\":", "\"parent\":", "\"category\":",
  "\"items\":", "\"edges\":", "\"materials\":", "\"value\":", "\"unit\":",
  "\"version\":", "\"format\":", "\"banshi-catalogue\"", "\"working-days\"",
  "\"calendar-days\"", "\"licensing\"", "\"committed\"", "\"person\"",
  "{\"code\":\"x\",\"name\":\"y\"}",
  "{\"value\":1,\"unit\":\"calendar-days\"}",
  "\xff", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8", "中文",
  "SQLite format 3", "\x00",
};

/* Text that keeps a JSON string valid, to reach the import's success path
 * (and the export's escaping) more often than random bytes do. */
static const char * const string_tokens[] = {
  "a", "Z", "0", " ", "-", "中", "（", "😀", "é", "\\n", "\\t", "\\\"", "\\\\",
  "\\/", "\\u001f", "\\u00e9", "\\u4e2d", "\\ud83d\\ude00", "\\b", "\\f", "\\r",
  "\x7f", "\xe2\x80\xa8",
};

/* Numbers that break headers and lengths (SQLite's are big-endian). */
static const guint32 interesting[] = {
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x200, 0x1000, 0x10000,
  0x7fffffff, 0x80000000, 0xffffffff, 0x42534849 /* "BSHI" */,
};

static void
insert_bytes (GByteArray   *buffer,
              gsize         at,
              const guint8 *data,
              gsize         length)
{
  if (buffer->len + length > MAX_INPUT_SIZE)
    return;
  g_byte_array_set_size (buffer, buffer->len + length);
  memmove (buffer->data + at + length, buffer->data + at, buffer->len - length - at);
  memcpy (buffer->data + at, data, length);
}

/* A random chunk: usually short, sometimes long. */
static gsize
chunk_length (Rng   *rng,
              gsize  available)
{
  gsize limit = rng_below (rng, 4) == 0 ? available : MIN (available, 64);

  return 1 + rng_below (rng, MAX (limit, 1));
}

/* A gentle mutation only touches the content of string values and the
 * digits of numbers, so that the result is still often a valid catalogue. */
static void
mutate_once (Rng        *rng,
             GByteArray *buffer,
             GPtrArray  *seeds,
             gboolean    gentle)
{
  gsize len = buffer->len;

  switch (gentle ? 11 + rng_below (rng, 2) : rng_below (rng, 13))
    {
    case 0: /* flip a bit */
      if (len > 0)
        buffer->data[rng_below (rng, len)] ^= (guint8) (1u << rng_below (rng, 8));
      break;

    case 1: /* set a byte */
      if (len > 0)
        buffer->data[rng_below (rng, len)] = (guint8) rng_next (rng);
      break;

    case 2: /* truncate */
      g_byte_array_set_size (buffer, rng_below (rng, len + 1));
      break;

    case 3: /* delete a chunk */
      if (len > 0)
        {
          gsize at = rng_below (rng, len);
          g_byte_array_remove_range (buffer, at, chunk_length (rng, len - at));
        }
      break;

    case 4: /* duplicate a chunk somewhere */
      if (len > 0)
        {
          gsize from = rng_below (rng, len);
          gsize n = chunk_length (rng, len - from);
          g_autofree guint8 *copy = g_memdup2 (buffer->data + from, n);

          insert_bytes (buffer, rng_below (rng, len + 1), copy, n);
        }
      break;

    case 5: /* insert a token */
    case 6:
      {
        const char *token = tokens[rng_below (rng, G_N_ELEMENTS (tokens))];
        gsize n = token[0] != '\0' ? strlen (token) : 1;

        insert_bytes (buffer, rng_below (rng, len + 1), (const guint8 *) token, n);
      }
      break;

    case 7: /* replace a chunk by a token */
      if (len > 0)
        {
          const char *token = tokens[rng_below (rng, G_N_ELEMENTS (tokens))];
          gsize n = token[0] != '\0' ? strlen (token) : 1;
          gsize at = rng_below (rng, len);
          gsize cut = chunk_length (rng, 8);

          g_byte_array_remove_range (buffer, at, MIN (cut, len - at));
          insert_bytes (buffer, at, (const guint8 *) token, n);
        }
      break;

    case 8: /* an interesting integer, big-endian, 1, 2 or 4 bytes */
      if (len > 0)
        {
          guint32 value = interesting[rng_below (rng, G_N_ELEMENTS (interesting))];
          gsize width = (gsize) 1 << rng_below (rng, 3);
          gsize at = rng_below (rng, len);

          for (gsize i = 0; i < width && at + i < len; i++)
            buffer->data[at + i] = (guint8) (value >> (8 * (width - 1 - i)));
        }
      break;

    case 9: /* splice in a chunk of another seed */
      {
        const Seed *other = g_ptr_array_index (seeds, rng_below (rng, seeds->len));
        gsize other_len;
        const guint8 *other_data = g_bytes_get_data (other->bytes, &other_len);

        if (other_len > 0)
          {
            gsize from = rng_below (rng, other_len);

            insert_bytes (buffer, rng_below (rng, len + 1), other_data + from,
                          chunk_length (rng, other_len - from));
          }
      }
      break;

    case 10: /* repeat a short chunk many times (deep nesting, long strings) */
      if (len > 0)
        {
          gsize from = rng_below (rng, len);
          gsize n = 1 + rng_below (rng, 4);
          gsize times = 1 + rng_below (rng, 200);
          gsize at = rng_below (rng, len + 1);
          g_autofree guint8 *copy = NULL;

          n = MIN (n, len - from);
          copy = g_memdup2 (buffer->data + from, n);
          for (gsize i = 0; i < times; i++)
            insert_bytes (buffer, at, copy, n);
        }
      break;

    case 11: /* insert text at the start of a string value (after `: "`) */
      if (len > 0)
        {
          const char *text = string_tokens[rng_below (rng, G_N_ELEMENTS (string_tokens))];
          gsize from = rng_below (rng, len);

          for (gsize i = 0; i < len; i++)
            {
              gsize at = (from + i) % len;
              gsize q = at + 1;

              if (buffer->data[at] != ':')
                continue;
              while (q < len && buffer->data[q] == ' ')
                q++;
              if (q < len && buffer->data[q] == '"')
                {
                  insert_bytes (buffer, q + 1, (const guint8 *) text, strlen (text));
                  break;
                }
            }
        }
      break;

    case 12: /* change a digit */
      if (len > 0)
        {
          gsize from = rng_below (rng, len);

          for (gsize i = 0; i < len; i++)
            {
              guint8 *c = &buffer->data[(from + i) % len];

              if (*c >= '0' && *c <= '9')
                {
                  *c = (guint8) ('0' + rng_below (rng, 10));
                  break;
                }
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Mutation @index of @seed; each one starts from the seed again, so any
 * one of them can be rebuilt alone. */
static GByteArray *
mutate (const Seed *seed,
        GPtrArray  *seeds,
        guint64     base_seed,
        guint       index)
{
  Rng rng = { hash_name (seed->name) ^ base_seed ^ ((guint64) index * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d)) };
  GByteArray *buffer = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (seed->bytes, &len);
  guint rounds = 1 + (guint) rng_below (&rng, 4);

  g_byte_array_append (buffer, data, len);
  /* Every other mutation is gentle. */
  for (guint i = 0; i < rounds; i++)
    mutate_once (&rng, buffer, seeds, index % 2 == 1);
  return buffer;
}

/* What to say and save when the target dies; prepared before each run,
 * because the signal handler may only make async-signal-safe calls. */
static gboolean verbose;
static volatile sig_atomic_t running;
static const guint8 *current_data;
static gsize current_size;
static char current_label[512];
static char crash_path[512];

static void
write_all (int         fd,
           const void *data,
           gsize       size)
{
  const char *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      p += n;
      size -= (gsize) n;
    }
}

static void
save_current_input (void)
{
  int fd;

  if (!running)
    return;
  write_all (STDERR_FILENO, "fuzz: the target failed on ", strlen ("fuzz: the target failed on "));
  write_all (STDERR_FILENO, current_label, strlen (current_label));
  fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    {
      write_all (fd, current_data, current_size);
      close (fd);
      write_all (STDERR_FILENO, "\nfuzz: input saved as ", strlen ("\nfuzz: input saved as "));
      write_all (STDERR_FILENO, crash_path, strlen (crash_path));
    }
  write_all (STDERR_FILENO, "\n", 1);
}

static void
on_fatal_signal (int signum)
{
  save_current_input ();
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
run (const char   *label,
     const guint8 *data,
     gsize         size)
{
  g_snprintf (current_label, sizeof current_label, "%s (%" G_GSIZE_FORMAT " bytes)", label, size);
  current_data = data;
  current_size = size;
  if (verbose)
    g_printerr ("fuzz: %s\n", current_label);
  running = TRUE;
  LLVMFuzzerTestOneInput (data, size);
  running = FALSE;
}

static gboolean
add_seed (GPtrArray   *seeds,
          const char  *path,
          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  Seed *seed;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  seed = g_new0 (Seed, 1);
  seed->name = g_path_get_basename (path);
  seed->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_ptr_array_add (seeds, seed);
  return TRUE;
}

static void
seed_free (gpointer data)
{
  Seed *seed = data;

  g_free (seed->name);
  g_bytes_unref (seed->bytes);
  g_free (seed);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Seed *sa = *(Seed * const *) a;
  const Seed *sb = *(Seed * const *) b;

  return strcmp (sa->name, sb->name);
}

static gboolean
load_corpus (GPtrArray   *seeds,
             const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return add_seed (seeds, path, error);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (name[0] != '.' && g_file_test (child, G_FILE_TEST_IS_REGULAR) &&
          !add_seed (seeds, child, error))
        return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func (seed_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_path = NULL;
  g_autofree char *program = g_path_get_basename (argv[0]);
  const char *env = g_getenv ("BANSHI_FUZZ_MUTATIONS");
  int mutations = env != NULL ? atoi (env) : DEFAULT_MUTATIONS;
  gint64 base_seed = 0;
  int dump = -1;
  guint runs = 0;
  gint64 start;
  GOptionEntry entries[] = {
    { "mutations", 'n', 0, G_OPTION_ARG_INT, &mutations, "Mutations of each file", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &base_seed, "Seed of the mutations", "S" },
    { "dump", 0, 0, G_OPTION_ARG_INT, &dump, "Write mutation N of the file instead of running", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dump_path, "Where --dump writes", "FILE" },
    { NULL }
  };

#ifdef RUNNING_ON_VALGRIND
  /* Some 30 times slower there: the same inputs, fewer mutations. */
  if (env == NULL && RUNNING_ON_VALGRIND)
    mutations = DEFAULT_MUTATIONS_VALGRIND;
#endif

  context = g_option_context_new ("CORPUS…");
  g_option_context_set_summary (context, "Runs a fuzz target on a corpus and deterministic "
                                         "mutations of it, without libFuzzer.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || mutations < 0 ||
      (dump >= 0 && (argc != 2 || dump_path == NULL)))
    {
      g_printerr ("%s: %s\n", program,
                  error != NULL ? error->message
                                : "give corpus folders or files (and, with --dump, one file and -o FILE)");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    if (!load_corpus (seeds, argv[i], &error))
      {
        g_printerr ("%s: %s\n", program, error->message);
        return 1;
      }
  if (seeds->len == 0)
    {
      g_printerr ("%s: the corpus is empty\n", program);
      return 1;
    }
  /* Sorted, so that the splices do not depend on the order of readdir. */
  g_ptr_array_sort (seeds, compare_names);

  if (dump >= 0)
    {
      g_autoptr(GByteArray) input = mutate (g_ptr_array_index (seeds, 0), seeds,
                                            (guint64) base_seed, (guint) dump);

      if (!g_file_set_contents (dump_path, (const char *) input->data, input->len, &error))
        {
          g_printerr ("%s: %s\n", program, error->message);
          return 1;
        }
      return 0;
    }

  g_snprintf (crash_path, sizeof crash_path, "%s" G_DIR_SEPARATOR_S "%s-crash-%d",
              g_get_tmp_dir (), program, (int) getpid ());
  signal (SIGABRT, on_fatal_signal);
  signal (SIGTRAP, on_fatal_signal); /* a fatal GLib critical */
  /* A sanitizer reports crashes itself, with a stack trace: keep its
   * handlers and only add the input to its report. */
  if (__sanitizer_set_death_callback != NULL)
    __sanitizer_set_death_callback (save_current_input);
  else
    {
      signal (SIGSEGV, on_fatal_signal);
      signal (SIGBUS, on_fatal_signal);
      signal (SIGFPE, on_fatal_signal);
      signal (SIGILL, on_fatal_signal);
    }

  verbose = g_getenv ("BANSHI_FUZZ_VERBOSE") != NULL;
  LLVMFuzzerInitialize (&argc, &argv);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < seeds->len; i++)
    {
      const Seed *seed = g_ptr_array_index (seeds, i);
      gsize size;
      const guint8 *data = g_bytes_get_data (seed->bytes, &size);

      run (seed->name, data, size);
      runs++;
      for (int m = 0; m < mutations; m++)
        {
          g_autoptr(GByteArray) input = mutate (seed, seeds, (guint64) base_seed, (guint) m);
          g_autofree char *label = g_strdup_printf ("mutation %d of %s (--seed %" G_GINT64_FORMAT
                                                    " --dump %d)", m, seed->name, base_seed, m);

          run (label, input->data, input->len);
          runs++;
        }
    }

  g_print ("%s: %u inputs (%u files, %d mutations each) in %.1f s, no failure\n",
           program, runs, seeds->len, mutations,
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  return 0;
}
