/* bs-flow-layout.c: the graphviz adapter (dot layout, exports, DOT reading)
 *
 * The only file of Banshi that includes graphviz. Rules kept here:
 * - graphviz is not thread-safe (cgraph(3); cdt even reorganises its trees
 *   on lookups), so every graphviz call runs under gv_lock;
 * - nodes are named by internal ids ("n<item id>"), groups "cluster_<i>" or
 *   "stage_<i>": user text never names anything;
 * - the layout gets no user text at all: label="" and fixed sizes measured
 *   by the caller; numbers are written with g_ascii_dtostr (C locale);
 * - exports need text: it goes in HTML-like labels only (plain labels would
 *   interpret \N, \G, \L…), XML-escaped here, with backslashes doubled
 *   because graphviz expands those escapes in HTML text too, and always
 *   starting with a tag (see set_html());
 * - graphviz 2.42 takes char * where it means const char *: GV() casts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* open_memstream (POSIX 2008): the build is strict C17. */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include "bs-flow-layout.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* Last: graphviz's types.h redefines MIN, MAX, ABS, TRUE and FALSE. */
#include <gvc.h>

#define GV(s) ((char *) (s))

/* Exports: lines longer than this are cut with "…"; a name is wrapped at
 * this many columns (a Chinese character takes two), the smaller lines
 * below it at the second. */
#define LABEL_MAX_CHARS 60
#define LABEL_WRAP_COLUMNS 40
#define LABEL_WRAP_COLUMNS_SMALL 56

/* A stage's box is its nodes' union, this much wider on every side. */
#define STAGE_PADDING 8.0

#define EXPORT_FONT "Noto Sans CJK SC,sans-serif"

G_DEFINE_QUARK (bs-flow-layout-error-quark, bs_flow_layout_error)

/* ------------------------------------------------------------------ */
/* BsFlowGraph */

typedef struct
{
  gint64 id;
  double width;
  double height;
  gint64 group;
  char *code;
  GStrv lines;
} NodeSpec;

typedef struct
{
  gint64 key;
  char *label;
  double label_width;
  double label_height;
} GroupSpec;

typedef struct
{
  gint64 from_id;
  gint64 to_id;
} EdgeSpec;

struct _BsFlowGraph
{
  gatomicrefcount ref_count;
  int frozen;           /* atomic: handed to another thread, read only */
  BsFlowDirection direction;
  BsFlowGrouping grouping;
  char *title;
  GArray *nodes;        /* NodeSpec */
  GArray *edges;        /* EdgeSpec */
  GArray *groups;       /* GroupSpec */
  GHashTable *node_index;  /* gint64 * id → index + 1 (first node of that id) */
};

G_DEFINE_BOXED_TYPE (BsFlowGraph, bs_flow_graph, bs_flow_graph_ref, bs_flow_graph_unref)

/* A graph handed to a worker must not change any more. */
static gboolean
graph_is_frozen (BsFlowGraph *self)
{
  if (!g_atomic_int_get (&self->frozen))
    return FALSE;
  g_critical ("A BsFlowGraph cannot change once it has been handed to a layout or an export; "
              "build a new one");
  return TRUE;
}

static void
graph_freeze (BsFlowGraph *self)
{
  g_atomic_int_set (&self->frozen, TRUE);
}

static void
node_spec_clear (gpointer data)
{
  NodeSpec *node = data;

  g_free (node->code);
  g_strfreev (node->lines);
}

static void
group_spec_clear (gpointer data)
{
  GroupSpec *group = data;

  g_free (group->label);
}

BsFlowGraph *
bs_flow_graph_new (BsFlowDirection direction,
                   BsFlowGrouping  grouping)
{
  BsFlowGraph *self = g_new0 (BsFlowGraph, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->direction = direction;
  self->grouping = grouping;
  self->nodes = g_array_new (FALSE, TRUE, sizeof (NodeSpec));
  g_array_set_clear_func (self->nodes, node_spec_clear);
  self->edges = g_array_new (FALSE, TRUE, sizeof (EdgeSpec));
  self->groups = g_array_new (FALSE, TRUE, sizeof (GroupSpec));
  g_array_set_clear_func (self->groups, group_spec_clear);
  self->node_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

BsFlowGraph *
bs_flow_graph_ref (BsFlowGraph *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bs_flow_graph_unref (BsFlowGraph *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->title);
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_array_unref (self->groups);
  g_hash_table_unref (self->node_index);
  g_free (self);
}

BsFlowDirection
bs_flow_graph_get_direction (BsFlowGraph *self)
{
  g_return_val_if_fail (self != NULL, BS_FLOW_DIRECTION_LEFT_RIGHT);

  return self->direction;
}

BsFlowGrouping
bs_flow_graph_get_grouping (BsFlowGraph *self)
{
  g_return_val_if_fail (self != NULL, BS_FLOW_GROUPING_NONE);

  return self->grouping;
}

void
bs_flow_graph_set_title (BsFlowGraph *self,
                         const char  *title)
{
  g_return_if_fail (self != NULL);

  if (graph_is_frozen (self))
    return;

  g_free (self->title);
  self->title = g_strdup (title);
}

void
bs_flow_graph_add_group (BsFlowGraph *self,
                         gint64       key,
                         const char  *label,
                         double       label_width,
                         double       label_height)
{
  GroupSpec group = { key, NULL, MAX (label_width, 0.0), MAX (label_height, 0.0) };

  g_return_if_fail (self != NULL);

  if (graph_is_frozen (self))
    return;

  group.label = g_strdup (label != NULL ? label : "");
  for (guint i = 0; i < self->groups->len; i++)
    {
      GroupSpec *old = &g_array_index (self->groups, GroupSpec, i);

      if (old->key == key)
        {
          group_spec_clear (old);
          *old = group;
          return;
        }
    }
  g_array_append_val (self->groups, group);
}

void
bs_flow_graph_add_node (BsFlowGraph *self,
                        gint64       id,
                        double       width,
                        double       height,
                        gint64       group)
{
  NodeSpec node = { id, MAX (width, 1.0), MAX (height, 1.0), group, NULL, NULL };

  g_return_if_fail (self != NULL);

  if (graph_is_frozen (self))
    return;

  g_array_append_val (self->nodes, node);
  if (!g_hash_table_contains (self->node_index, &id))
    g_hash_table_insert (self->node_index, g_memdup2 (&id, sizeof id),
                         GUINT_TO_POINTER (self->nodes->len));
}

gboolean
bs_flow_graph_set_node_text (BsFlowGraph        *self,
                             gint64              id,
                             const char         *code,
                             const char * const *lines)
{
  NodeSpec *node;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);

  if (graph_is_frozen (self))
    return FALSE;

  if (!(index = GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, &id))))
    return FALSE;
  node = &g_array_index (self->nodes, NodeSpec, index - 1);
  g_free (node->code);
  node->code = g_strdup (code);
  g_strfreev (node->lines);
  node->lines = g_strdupv ((GStrv) lines);
  return TRUE;
}

void
bs_flow_graph_add_edge (BsFlowGraph *self,
                        gint64       from_id,
                        gint64       to_id)
{
  EdgeSpec edge = { from_id, to_id };

  g_return_if_fail (self != NULL);

  if (graph_is_frozen (self))
    return;

  g_array_append_val (self->edges, edge);
}

guint
bs_flow_graph_get_n_nodes (BsFlowGraph *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->nodes->len;
}

guint
bs_flow_graph_get_n_edges (BsFlowGraph *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->edges->len;
}

char *
bs_flow_dup_limit_badge (const BsFlowNode *node)
{
  g_autofree char *committed = NULL;
  g_autofree char *statutory = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (node->handling == BS_HANDLING_ON_THE_SPOT)
    return g_strdup (bs_handling_get_label (node->handling));

  committed = bs_limit_dup_label (node->committed_limit, node->committed_limit_unit);
  statutory = bs_limit_dup_label (node->legal_limit, node->legal_limit_unit);
  if (node->committed_limit < 0)
    return g_steal_pointer (&statutory);
  if (node->legal_limit < 0 || g_str_equal (committed, statutory))
    return g_steal_pointer (&committed);
  /* TRANSLATORS: the committed and the statutory time limit of an item, e.g.
   * "5 working days (statutory 20 working days)" */
  return g_strdup_printf (_("%s (statutory %s)"), committed, statutory);
}

BsFlowGraph *
bs_flow_graph_new_for_theme (BsFlowAnalysis    *analysis,
                             const char        *title,
                             BsFlowDirection    direction,
                             BsFlowGrouping     grouping,
                             BsFlowMeasureFunc  measure,
                             gpointer           user_data)
{
  g_autoptr(GHashTable) departments = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                             g_free, NULL);
  BsThemeFlow *flow;
  BsFlowGraph *self;

  g_return_val_if_fail (analysis != NULL, NULL);

  flow = bs_flow_analysis_get_flow (analysis);
  self = bs_flow_graph_new (direction, grouping);
  bs_flow_graph_set_title (self, title);

  if (grouping == BS_FLOW_GROUPING_STAGE)
    {
      for (guint s = 0; s < bs_flow_analysis_get_n_stages (analysis); s++)
        {
          /* TRANSLATORS: a group of items that can be handled in parallel */
          g_autofree char *label = g_strdup_printf (_("Stage %u"), s + 1);
          const char *lines[] = { label, NULL };
          double width = 0, height = 0;

          if (measure != NULL)
            measure (TRUE, lines, &width, &height, user_data);
          bs_flow_graph_add_group (self, s, label, width, height);
        }
    }

  for (guint i = 0; i < bs_theme_flow_get_n_nodes (flow); i++)
    {
      const BsFlowNode *node = bs_theme_flow_get_node (flow, i);
      g_autofree char *badge = bs_flow_dup_limit_badge (node);
      const char *lines[] = { node->name, node->department_name, badge, NULL };
      double width = 160, height = 56;
      gint64 group = 0;

      if (grouping == BS_FLOW_GROUPING_STAGE)
        group = bs_flow_analysis_get_item_stage (analysis, node->item_id);
      else if (grouping == BS_FLOW_GROUPING_DEPARTMENT && node->department_id != 0)
        {
          group = node->department_id;
          if (g_hash_table_add (departments, g_memdup2 (&group, sizeof group)))
            {
              const char *label_lines[] = { node->department_name, NULL };
              double label_width = 0, label_height = 0;

              if (measure != NULL)
                measure (TRUE, label_lines, &label_width, &label_height, user_data);
              bs_flow_graph_add_group (self, group, node->department_name, label_width, label_height);
            }
        }
      else
        group = -1;  /* never a group: stage and department keys are ≥ 0 */

      if (measure != NULL)
        measure (FALSE, lines, &width, &height, user_data);
      bs_flow_graph_add_node (self, node->item_id, width, height, group);
      bs_flow_graph_set_node_text (self, node->item_id, node->code, lines);
    }

  for (guint i = 0; i < bs_theme_flow_get_n_edges (flow); i++)
    {
      const BsEdge *edge = bs_theme_flow_get_edge (flow, i);

      if (bs_theme_flow_lookup_node (flow, edge->before_id) != NULL &&
          bs_theme_flow_lookup_node (flow, edge->after_id) != NULL)
        bs_flow_graph_add_edge (self, edge->before_id, edge->after_id);
    }

  return self;
}

static guint
graph_node_index (BsFlowGraph *self,
                  gint64       id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->node_index, &id));
}

/* Every id once, every edge between nodes: the message names the id so the
 * caller (a program, not a person) finds its mistake. */
static gboolean
graph_check (BsFlowGraph  *self,
             GError      **error)
{
  if (g_hash_table_size (self->node_index) != self->nodes->len)
    {
      for (guint i = 0; i < self->nodes->len; i++)
        {
          const NodeSpec *node = &g_array_index (self->nodes, NodeSpec, i);

          if (graph_node_index (self, node->id) != i + 1)
            {
              g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, node->id);

              g_set_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_INVALID,
                           _("The flow has the item with id %s twice"), id);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      const EdgeSpec *edge = &g_array_index (self->edges, EdgeSpec, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *missing = NULL;

      if (graph_node_index (self, edge->from_id) && graph_node_index (self, edge->to_id))
        continue;
      from = g_strdup_printf ("%" G_GINT64_FORMAT, edge->from_id);
      to = g_strdup_printf ("%" G_GINT64_FORMAT, edge->to_id);
      missing = g_strdup (graph_node_index (self, edge->from_id) ? to : from);
      g_set_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_INVALID,
                   /* TRANSLATORS: the placeholders are item ids */
                   _("The prerequisite %s → %s names the item with id %s, which is not in the flow"),
                   from, to, missing);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* BsFlowGeometry */

G_DEFINE_BOXED_TYPE (BsFlowGeometry, bs_flow_geometry, bs_flow_geometry_copy, bs_flow_geometry_free)

static void
edge_path_clear (gpointer data)
{
  BsFlowEdgePath *edge = data;

  g_clear_pointer (&edge->points, g_array_unref);
}

static void
group_box_clear (gpointer data)
{
  BsFlowGroupBox *group = data;

  g_clear_pointer (&group->label, g_free);
}

static BsFlowGeometry *
geometry_new (void)
{
  BsFlowGeometry *self = g_new0 (BsFlowGeometry, 1);

  self->nodes = g_array_new (FALSE, TRUE, sizeof (BsFlowNodeBox));
  self->edges = g_array_new (FALSE, TRUE, sizeof (BsFlowEdgePath));
  g_array_set_clear_func (self->edges, edge_path_clear);
  self->groups = g_array_new (FALSE, TRUE, sizeof (BsFlowGroupBox));
  g_array_set_clear_func (self->groups, group_box_clear);
  return self;
}

BsFlowGeometry *
bs_flow_geometry_copy (const BsFlowGeometry *self)
{
  BsFlowGeometry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = geometry_new ();
  copy->generation = self->generation;
  copy->width = self->width;
  copy->height = self->height;
  copy->bounded = self->bounded;
  g_array_append_vals (copy->nodes, self->nodes->data, self->nodes->len);
  for (guint i = 0; i < self->edges->len; i++)
    {
      BsFlowEdgePath edge = g_array_index (self->edges, BsFlowEdgePath, i);

      edge.points = g_array_copy (edge.points);
      g_array_append_val (copy->edges, edge);
    }
  for (guint i = 0; i < self->groups->len; i++)
    {
      BsFlowGroupBox group = g_array_index (self->groups, BsFlowGroupBox, i);

      group.label = g_strdup (group.label);
      g_array_append_val (copy->groups, group);
    }
  return copy;
}

void
bs_flow_geometry_free (BsFlowGeometry *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_array_unref (self->groups);
  g_free (self);
}

const BsFlowNodeBox *
bs_flow_geometry_find_node (const BsFlowGeometry *self,
                            gint64                id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const BsFlowNodeBox *node = &g_array_index (self->nodes, BsFlowNodeBox, i);

      if (node->id == id)
        return node;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Text for exports: HTML-like label content */

typedef enum
{
  TEXT_DRAWN,  /* svg, png, pdf: one line, cut at LABEL_MAX_CHARS */
  TEXT_FULL,   /* dot: all of it, line breaks kept */
} TextMode;

/* XML 1.0 cannot carry U+FFFE and U+FFFF, nor C0 controls other than tab,
 * line feed and carriage return, even as character references (graphviz's
 * HTML parser, expat, refuses them). A drawn label shows every control
 * character as a space. */
static char *
clean_text (const char *text,
            TextMode    mode)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xfffe || c == 0xffff)
        c = 0xfffd;
      else if (mode == TEXT_DRAWN && g_unichar_iscntrl (c))
        c = ' ';
      else if (mode == TEXT_FULL && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        c = 0xfffd;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The graphviz program reads a file with a scanner whose tokens must fit
 * in 16 KiB; in an HTML-like string a token ends at '<', '>' or a line
 * feed. Longer text is cut into runs by empty comments, which graphviz's
 * HTML parser skips. */
#define HTML_RUN_BYTES 4000

/* @text (already cleaned) escaped for an HTML-like label: XML escapes, and
 * "\\" for a backslash, which graphviz turns back into one (it expands \N,
 * \G, \L… in HTML text too). Line feeds become <BR/>. */
static void
append_escaped (GString    *out,
                const char *text,
                gssize      length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;
  gsize run_start = out->len;

  for (const char *p = text; p < end; p++)
    {
      /* At a character's first byte. */
      if (out->len - run_start > HTML_RUN_BYTES && ((guchar) *p & 0xc0) != 0x80)
        {
          g_string_append (out, "<!---->");
          run_start = out->len;
        }

      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "<BR/>");
          run_start = out->len;
          break;
        case '\t':
          g_string_append (out, "&#9;");
          break;
        case '\r':
          g_string_append (out, "&#13;");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

/* A drawn line: cut to LABEL_MAX_CHARS with "…", wrapped at @wrap
 * columns (at a space when one is near, never before a combining mark),
 * escaped, the lines joined by <BR/>. */
static void
append_drawn_line (GString    *out,
                   const char *text,
                   int         wrap)
{
  g_autofree char *clean = clean_text (text, TEXT_DRAWN);
  g_autoptr(GString) line = g_string_new (NULL);
  glong n_chars = g_utf8_strlen (clean, -1);
  const char *end = clean + strlen (clean);
  int columns = 0;
  gssize space = -1;        /* byte offset in line of its last space */
  int space_columns = 0;    /* columns before that space */
  gboolean first = TRUE;

  if (n_chars > LABEL_MAX_CHARS)
    {
      end = g_utf8_offset_to_pointer (clean, LABEL_MAX_CHARS - 1);
      n_chars = LABEL_MAX_CHARS;
    }

  for (const char *p = clean; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int width = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

      if (width > 0 && columns + width > wrap)
        {
          if (!first)
            g_string_append (out, "<BR/>");
          first = FALSE;
          if (space > 0 && space_columns > wrap / 2)
            {
              append_escaped (out, line->str, space);
              g_string_erase (line, 0, space + 1);
              columns -= space_columns + 1;
            }
          else
            {
              append_escaped (out, line->str, line->len);
              g_string_truncate (line, 0);
              columns = 0;
            }
          space = -1;
        }
      if (c == ' ')
        {
          space = line->len;
          space_columns = columns;
        }
      g_string_append_len (line, p, g_utf8_next_char (p) - p);
      columns += width;
    }
  if (end != clean + strlen (clean))
    g_string_append (line, "…");

  if (!first)
    g_string_append (out, "<BR/>");
  append_escaped (out, line->str, line->len);
}

static void
append_full_line (GString    *out,
                  const char *text)
{
  g_autofree char *clean = clean_text (text, TEXT_FULL);

  append_escaped (out, clean, -1);
}

static void
append_text (GString    *out,
             const char *text,
             TextMode    mode,
             int         wrap)
{
  if (mode == TEXT_DRAWN)
    append_drawn_line (out, text, wrap);
  else
    append_full_line (out, text);
}

/* @text escaped between @open and @close; nothing at all when it is empty
 * (graphviz refuses empty elements such as <B></B>). */
static void
append_tagged (GString    *out,
               const char *open,
               const char *text,
               const char *close,
               TextMode    mode,
               int         wrap)
{
  gsize start = out->len;

  g_string_append (out, open);
  append_text (out, text, mode, wrap);
  if (out->len == start + strlen (open))
    g_string_truncate (out, start);
  else
    g_string_append (out, close);
}

/* Markup that is empty is returned as NULL: no label then. */
static char *
markup_or_null (GString *out)
{
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The label of a node: its first line bold, the others smaller. */
static char *
node_label_markup (const NodeSpec *node,
                   TextMode        mode)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; node->lines != NULL && node->lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<BR/>");
      if (i == 0)
        append_tagged (out, "<B>", node->lines[i], "</B>", mode, LABEL_WRAP_COLUMNS);
      else
        append_tagged (out, "<FONT POINT-SIZE=\"10\">", node->lines[i], "</FONT>", mode,
                       LABEL_WRAP_COLUMNS_SMALL);
    }
  return markup_or_null (out);
}

static char *
tagged_markup (const char *open,
               const char *text,
               const char *close,
               TextMode    mode)
{
  GString *out = g_string_new (NULL);

  append_tagged (out, open, text, close, mode, LABEL_WRAP_COLUMNS);
  return markup_or_null (out);
}

/* ------------------------------------------------------------------ */
/* Graphviz: the lock, messages */

/* Held around every graphviz call. */
static GMutex gv_lock;
/* One context for the whole process, never freed: graphviz's pango plugin
 * keeps pointers into a context's font table in statics, so a second
 * context would make it read freed memory. */
static GVC_t *gv_context;
/* graphviz's messages of the current call (under gv_lock). */
static GString *gv_messages;

static int
collect_message (char *text)
{
  g_string_append (gv_messages, text);
  return 0;
}

/* Under gv_lock. */
static GVC_t *
context (void)
{
  if (gv_context == NULL)
    gv_context = gvContext ();
  return gv_context;
}

/* Under gv_lock, before a graphviz job: its messages go to gv_messages. */
static void
messages_begin (void)
{
  if (gv_messages == NULL)
    gv_messages = g_string_new (NULL);
  g_string_truncate (gv_messages, 0);
  agseterrf (collect_message);
  agseterr (AGWARN);
  agreseterrors ();
}

typedef enum
{
  JOB_LAYOUT,
  JOB_EXPORT,
} Job;

/* Under gv_lock: the failure of @job with graphviz's messages. */
static void
set_failed_error (GError **error,
                  Job      job)
{
  g_autofree char *text = g_strstrip (g_strdup (gv_messages->str));

  agreseterrors ();
  if (*text == '\0')
    g_set_error_literal (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_FAILED,
                         job == JOB_LAYOUT ? _("Graphviz could not lay out the flow")
                                           : _("Graphviz could not export the flow"));
  else
    g_set_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_FAILED,
                 /* TRANSLATORS: the placeholder is graphviz's own message (English) */
                 job == JOB_LAYOUT ? _("Graphviz could not lay out the flow: %s")
                                   : _("Graphviz could not export the flow: %s"),
                 text);
}

/* Under gv_lock: whether graphviz reported an error since
 * messages_begin(), even in a call that returned success; warnings are
 * only logged. */
static gboolean
messages_end (GError **error,
              Job      job)
{
  if (agerrors () >= AGERR)
    {
      set_failed_error (error, job);
      return FALSE;
    }
  if (gv_messages->len > 0)
    g_debug ("graphviz: %s", gv_messages->str);
  agreseterrors ();
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Graphviz: building the graph */

typedef enum
{
  BUILD_LAYOUT,  /* fixed sizes, no text */
  BUILD_DRAWN,   /* svg, png, pdf */
  BUILD_DOT,     /* the DOT file */
} BuildMode;

typedef struct
{
  BsFlowGraph *graph;
  BuildMode mode;
  Agraph_t *g;
  Agnode_t **nodes;     /* parallel to graph->nodes */
  Agedge_t **edges;     /* parallel to graph->edges */
  Agraph_t **groups;    /* parallel to graph->groups; NULL when no node is in it */
  gboolean bounded;
} Built;

/* Light fills, one per department (GNOME palette, level 1). */
static const char *const group_fills[] = {
  "#99c1f1", "#8ff0a4", "#f9f06b", "#ffbe6f", "#f66151", "#dc8add", "#cdab8f",
};

static char *
format_inches (char   *buffer,
               double  points)
{
  /* graphviz's POINTS_PER_INCH: 72 */
  return g_ascii_dtostr (buffer, G_ASCII_DTOSTR_BUF_SIZE, points / POINTS_PER_INCH);
}

/* Sets an HTML-like value. Every markup built here starts with a tag, so it
 * never equals a plain string of the graph: cgraph keeps one copy of equal
 * strings, HTML or not, so an HTML "n1" would turn the name of node n1
 * into an HTML string too. */
static void
set_html (Agraph_t   *g,
          void       *object,
          Agsym_t    *sym,
          const char *markup)
{
  char *value;

  g_assert (markup[0] == '<');
  value = agstrdup_html (g, GV (markup));
  agxset (object, sym, value);
  agstrfree (g, value);
}

static void
built_clear (Built *built)
{
  if (built->g != NULL)
    agclose (built->g);
  g_clear_pointer (&built->nodes, g_free);
  g_clear_pointer (&built->edges, g_free);
  g_clear_pointer (&built->groups, g_free);
}

/* Under gv_lock. */
static void
build (Built       *built,
       BsFlowGraph *graph,
       BuildMode    mode)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  Agraph_t *g;
  Agsym_t *graph_label = NULL, *node_label = NULL, *node_fill = NULL, *node_width = NULL,
          *node_height = NULL, *node_code = NULL, *rank = NULL;
  g_autoptr(GHashTable) group_index = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  gboolean text = mode != BUILD_LAYOUT;

  memset (built, 0, sizeof *built);
  built->graph = graph;
  built->mode = mode;
  built->nodes = g_new0 (Agnode_t *, graph->nodes->len);
  built->edges = g_new0 (Agedge_t *, graph->edges->len);
  built->groups = g_new0 (Agraph_t *, graph->groups->len);
  /* Exports too, and the DOT file, so that whoever runs dot on it gets a
   * drawing in seconds as well. */
  built->bounded = graph->nodes->len > BS_FLOW_LAYOUT_BOUNDED_NODES ||
                    graph->edges->len > 2 * BS_FLOW_LAYOUT_BOUNDED_NODES;

  /* Attribute defaults first, then the objects (libguide's advice). */
  g = built->g = agopen (GV ("flow"), Agdirected, NULL);
  agattr (g, AGRAPH, GV ("rankdir"),
          GV (graph->direction == BS_FLOW_DIRECTION_TOP_BOTTOM ? "TB" : "LR"));
  agattr (g, AGRAPH, GV ("nodesep"), GV ("0.3"));
  agattr (g, AGRAPH, GV ("ranksep"), GV ("0.6"));
  if (built->bounded)
    {
      /* Bounded effort (peers.md §1.3): network simplex passes limited to
       * nslimit × nodes, crossing minimisation to mclimit × its default
       * passes, no second crossing pass per cluster, and straight edges
       * (spline routing thrashes when ranks are left this rough). Measured
       * on 1,000 items with 3,500 prerequisites spanning the whole flow:
       * 60 s with dot's defaults, 5 s with nslimit 1, under 3 s with 0.5
       * (the x-coordinate pass dominates: its cost is iterations × the
       * virtual nodes of long edges), which very dense flows get. */
      const char *nslimit = graph->edges->len > 2000 ? "0.5" : "1";

      agattr (g, AGRAPH, GV ("nslimit"), GV (nslimit));
      agattr (g, AGRAPH, GV ("nslimit1"), GV (nslimit));
      agattr (g, AGRAPH, GV ("mclimit"), GV ("0.1"));
      agattr (g, AGRAPH, GV ("searchsize"), GV ("20"));
      agattr (g, AGRAPH, GV ("maxiter"), GV ("100"));
      agattr (g, AGRAPH, GV ("remincross"), GV ("false"));
      agattr (g, AGRAPH, GV ("splines"), GV ("line"));
    }
  if (graph->grouping == BS_FLOW_GROUPING_STAGE)
    rank = agattr (g, AGRAPH, GV ("rank"), GV (""));

  agattr (g, AGNODE, GV ("shape"), GV ("box"));
  if (text)
    {
      agattr (g, AGRAPH, GV ("fontname"), GV (EXPORT_FONT));
      agattr (g, AGRAPH, GV ("fontsize"), GV ("12"));
      graph_label = agattr (g, AGRAPH, GV ("label"), GV (""));
      agattr (g, AGRAPH, GV ("labelloc"), GV ("t"));
      agattr (g, AGRAPH, GV ("labeljust"), GV ("l"));
      agattr (g, AGRAPH, GV ("style"), GV ("rounded"));
      agattr (g, AGRAPH, GV ("color"), GV ("#9a9996"));
      agattr (g, AGNODE, GV ("style"), GV ("rounded,filled"));
      node_fill = agattr (g, AGNODE, GV ("fillcolor"), GV ("#f6f5f4"));
      agattr (g, AGNODE, GV ("color"), GV ("#77767b"));
      agattr (g, AGNODE, GV ("fontname"), GV (EXPORT_FONT));
      agattr (g, AGNODE, GV ("fontsize"), GV ("12"));
      agattr (g, AGNODE, GV ("margin"), GV ("0.15,0.08"));
      node_label = agattr (g, AGNODE, GV ("label"), GV (""));
      agattr (g, AGEDGE, GV ("color"), GV ("#5e5c64"));
      agattr (g, AGEDGE, GV ("arrowsize"), GV ("0.8"));
      if (mode == BUILD_DOT)
        node_code = agattr (g, AGNODE, GV ("code"), GV (""));
      if (graph->title != NULL)
        {
          g_autofree char *markup = tagged_markup ("<FONT POINT-SIZE=\"16\"><B>", graph->title,
                                                   "</B></FONT>", mode == BUILD_DOT ? TEXT_FULL : TEXT_DRAWN);

          if (markup != NULL)
            set_html (g, g, graph_label, markup);
        }
    }
  else
    {
      /* No user text reaches the layout: an empty label and the size the
       * caller measured. */
      agattr (g, AGNODE, GV ("label"), GV (""));
      agattr (g, AGNODE, GV ("fixedsize"), GV ("true"));
      node_width = agattr (g, AGNODE, GV ("width"), GV ("1"));
      node_height = agattr (g, AGNODE, GV ("height"), GV ("0.5"));
      if (graph->grouping == BS_FLOW_GROUPING_DEPARTMENT)
        graph_label = agattr (g, AGRAPH, GV ("label"), GV (""));
    }

  for (guint i = 0; i < graph->groups->len; i++)
    {
      const GroupSpec *group = &g_array_index (graph->groups, GroupSpec, i);

      g_hash_table_insert (group_index, g_memdup2 (&group->key, sizeof group->key),
                           GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const NodeSpec *spec = &g_array_index (graph->nodes, NodeSpec, i);
      g_autofree char *name = g_strdup_printf ("n%" G_GINT64_FORMAT, spec->id);
      guint group = GPOINTER_TO_UINT (g_hash_table_lookup (group_index, &spec->group));
      Agnode_t *n;

      n = built->nodes[i] = agnode (g, name, TRUE);
      if (text)
        {
          g_autofree char *markup = node_label_markup (spec, mode == BUILD_DOT ? TEXT_FULL : TEXT_DRAWN);

          if (markup != NULL)
            set_html (g, n, node_label, markup);
          if (node_code != NULL && spec->code != NULL)
            {
              g_autofree char *code = tagged_markup ("<B>", spec->code, "</B>", TEXT_FULL);

              if (code != NULL)
                set_html (g, n, node_code, code);
            }
          if (group > 0 && graph->grouping == BS_FLOW_GROUPING_DEPARTMENT)
            agxset (n, node_fill, GV (group_fills[(group - 1) % G_N_ELEMENTS (group_fills)]));
        }
      else
        {
          agxset (n, node_width, format_inches (number, spec->width));
          agxset (n, node_height, format_inches (number, spec->height));
        }

      if (group > 0 && graph->grouping != BS_FLOW_GROUPING_NONE)
        {
          Agraph_t *sg = built->groups[group - 1];

          if (sg == NULL)
            {
              const GroupSpec *group_spec = &g_array_index (graph->groups, GroupSpec, group - 1);
              g_autofree char *sg_name = NULL;

              if (graph->grouping == BS_FLOW_GROUPING_DEPARTMENT)
                {
                  sg_name = g_strdup_printf ("cluster_%u", group - 1);
                  sg = built->groups[group - 1] = agsubg (g, sg_name, TRUE);
                  if (text)
                    {
                      g_autofree char *markup = tagged_markup ("<B>", group_spec->label, "</B>",
                                                               mode == BUILD_DOT ? TEXT_FULL : TEXT_DRAWN);

                      if (markup != NULL)
                        set_html (g, sg, graph_label, markup);
                    }
                  else if (group_spec->label_width > 0 && group_spec->label_height > 0)
                    {
                      /* Room for the label the canvas draws: an empty
                       * table of that size (HTML sizes are whole points). */
                      g_autofree char *markup =
                        g_strdup_printf ("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" "
                                         "CELLSPACING=\"0\" FIXEDSIZE=\"TRUE\" WIDTH=\"%d\" HEIGHT=\"%d\">"
                                         "<TR><TD></TD></TR></TABLE>",
                                         (int) ceil (group_spec->label_width),
                                         (int) ceil (group_spec->label_height));

                      set_html (g, sg, graph_label, markup);
                    }
                }
              else
                {
                  sg_name = g_strdup_printf ("stage_%u", group - 1);
                  sg = built->groups[group - 1] = agsubg (g, sg_name, TRUE);
                  agxset (sg, rank, GV ("same"));
                }
            }
          agsubnode (sg, n, TRUE);
        }
    }

  for (guint i = 0; i < graph->edges->len; i++)
    {
      const EdgeSpec *spec = &g_array_index (graph->edges, EdgeSpec, i);

      built->edges[i] = agedge (g, built->nodes[graph_node_index (graph, spec->from_id) - 1],
                                built->nodes[graph_node_index (graph, spec->to_id) - 1],
                                NULL, TRUE);
    }
}

/* ------------------------------------------------------------------ */
/* Layout */

typedef struct
{
  double left;   /* bb.LL.x */
  double top;    /* bb.UR.y */
} Flip;

static BsFlowPoint
flip_point (const Flip *flip,
            pointf      p)
{
  return (BsFlowPoint) { p.x - flip->left, flip->top - p.y };
}

static BsFlowRect
flip_box (const Flip *flip,
          boxf        box)
{
  return (BsFlowRect) { box.LL.x - flip->left, flip->top - box.UR.y,
                        box.UR.x - box.LL.x, box.UR.y - box.LL.y };
}

static double
distance_to_rect (BsFlowPoint       p,
                  const BsFlowRect *r)
{
  double dx = MAX (MAX (r->x - p.x, 0.0), p.x - (r->x + r->width));
  double dy = MAX (MAX (r->y - p.y, 0.0), p.y - (r->y + r->height));

  return sqrt (dx * dx + dy * dy);
}

static void
extract_edge (BsFlowEdgePath      *path,
              Agedge_t            *e,
              const Flip          *flip,
              const BsFlowNodeBox *tail,
              const BsFlowNodeBox *head)
{
  splines *spl = ED_spl (e);

  path->points = g_array_new (FALSE, FALSE, sizeof (BsFlowPoint));

  if (spl == NULL || spl->size == 0)
    {
      /* No route (should not happen with dot): a straight line between
       * the centres, without an arrowhead. */
      BsFlowPoint a = { tail->box.x + tail->box.width / 2, tail->box.y + tail->box.height / 2 };
      BsFlowPoint b = { head->box.x + head->box.width / 2, head->box.y + head->box.height / 2 };

      for (int k = 0; k < 4; k++)
        {
          BsFlowPoint p = { a.x + (b.x - a.x) * k / 3, a.y + (b.y - a.y) * k / 3 };

          g_array_append_val (path->points, p);
        }
      return;
    }

  for (int i = 0; i < spl->size; i++)
    {
      bezier *bz = &spl->list[i];

      for (int j = 0; j < bz->size; j++)
        {
          BsFlowPoint p = flip_point (flip, bz->list[j]);

          /* Pieces of one edge meet at a shared point: keep one. */
          if (j == 0 && path->points->len > 0)
            continue;
          g_array_append_val (path->points, p);
        }
    }

  if (spl->list[spl->size - 1].eflag)
    {
      path->has_arrow = TRUE;
      path->arrow_tip = flip_point (flip, spl->list[spl->size - 1].ep);
    }
  else if (spl->list[0].sflag)
    {
      /* Stored head first: turn it round so it always runs tail → head. */
      path->has_arrow = TRUE;
      path->arrow_tip = flip_point (flip, spl->list[0].sp);
      for (guint i = 0, j = path->points->len - 1; i < j; i++, j--)
        {
          BsFlowPoint t = g_array_index (path->points, BsFlowPoint, i);

          g_array_index (path->points, BsFlowPoint, i) = g_array_index (path->points, BsFlowPoint, j);
          g_array_index (path->points, BsFlowPoint, j) = t;
        }
    }
  else if (path->points->len > 1 && tail != head &&
           distance_to_rect (g_array_index (path->points, BsFlowPoint, 0), &head->box) <
           distance_to_rect (g_array_index (path->points, BsFlowPoint, 0), &tail->box))
    {
      for (guint i = 0, j = path->points->len - 1; i < j; i++, j--)
        {
          BsFlowPoint t = g_array_index (path->points, BsFlowPoint, i);

          g_array_index (path->points, BsFlowPoint, i) = g_array_index (path->points, BsFlowPoint, j);
          g_array_index (path->points, BsFlowPoint, j) = t;
        }
    }
}

static int
compare_group_boxes (gconstpointer a,
                     gconstpointer b)
{
  const BsFlowGroupBox *ga = a, *gb = b;

  return ga->key < gb->key ? -1 : ga->key > gb->key;
}

/* Under gv_lock, between gvLayout and gvFreeLayout. */
static BsFlowGeometry *
extract (Built *built)
{
  BsFlowGraph *graph = built->graph;
  BsFlowGeometry *geometry = geometry_new ();
  boxf bb = GD_bb (built->g);
  Flip flip = { bb.LL.x, bb.UR.y };

  geometry->width = bb.UR.x - bb.LL.x;
  geometry->height = bb.UR.y - bb.LL.y;
  geometry->bounded = built->bounded;

  g_array_set_size (geometry->nodes, graph->nodes->len);
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const NodeSpec *spec = &g_array_index (graph->nodes, NodeSpec, i);
      BsFlowNodeBox *node = &g_array_index (geometry->nodes, BsFlowNodeBox, i);
      BsFlowPoint centre = flip_point (&flip, ND_coord (built->nodes[i]));

      node->id = spec->id;
      node->box = (BsFlowRect) { centre.x - spec->width / 2, centre.y - spec->height / 2,
                                 spec->width, spec->height };
    }

  g_array_set_size (geometry->edges, graph->edges->len);
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const EdgeSpec *spec = &g_array_index (graph->edges, EdgeSpec, i);
      BsFlowEdgePath *path = &g_array_index (geometry->edges, BsFlowEdgePath, i);

      path->from_id = spec->from_id;
      path->to_id = spec->to_id;
      extract_edge (path, built->edges[i], &flip,
                    &g_array_index (geometry->nodes, BsFlowNodeBox,
                                    graph_node_index (graph, spec->from_id) - 1),
                    &g_array_index (geometry->nodes, BsFlowNodeBox,
                                    graph_node_index (graph, spec->to_id) - 1));
    }

  for (guint i = 0; i < graph->groups->len; i++)
    {
      const GroupSpec *spec = &g_array_index (graph->groups, GroupSpec, i);
      BsFlowGroupBox group = { spec->key, NULL };
      Agraph_t *sg = built->groups[i];

      if (sg == NULL)
        continue;

      if (graph->grouping == BS_FLOW_GROUPING_DEPARTMENT)
        {
          textlabel_t *label = GD_label (sg);

          group.box = flip_box (&flip, GD_bb (sg));
          if (label != NULL && spec->label_width > 0 && spec->label_height > 0)
            {
              BsFlowPoint centre = flip_point (&flip, label->pos);

              group.label_box = (BsFlowRect) { centre.x - spec->label_width / 2,
                                               centre.y - spec->label_height / 2,
                                               spec->label_width, spec->label_height };
            }
        }
      else
        {
          double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

          for (guint j = 0; j < graph->nodes->len; j++)
            {
              const BsFlowRect *r = &g_array_index (geometry->nodes, BsFlowNodeBox, j).box;

              if (g_array_index (graph->nodes, NodeSpec, j).group != spec->key)
                continue;
              x0 = MIN (x0, r->x);
              y0 = MIN (y0, r->y);
              x1 = MAX (x1, r->x + r->width);
              y1 = MAX (y1, r->y + r->height);
            }
          group.box = (BsFlowRect) { x0 - STAGE_PADDING, y0 - STAGE_PADDING,
                                     x1 - x0 + 2 * STAGE_PADDING, y1 - y0 + 2 * STAGE_PADDING };
        }
      group.label = g_strdup (spec->label);
      g_array_append_val (geometry->groups, group);
    }
  g_array_sort (geometry->groups, compare_group_boxes);

  return geometry;
}

BsFlowGeometry *
bs_flow_layout_compute (BsFlowGraph  *graph,
                        GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  BsFlowGeometry *geometry = NULL;
  GVC_t *gvc;
  Built built;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!graph_check (graph, error))
    return NULL;

  if (graph->nodes->len == 0)
    return geometry_new ();

  locker = g_mutex_locker_new (&gv_lock);
  messages_begin ();

  gvc = context ();
  build (&built, graph, BUILD_LAYOUT);

  /* gvLayout sets LC_NUMERIC to "C" for the process while it runs. */
  if (gvLayout (gvc, built.g, "dot") != 0)
    set_failed_error (error, JOB_LAYOUT);
  else if (messages_end (error, JOB_LAYOUT))
    geometry = extract (&built);

  /* Also after a failure: it frees whatever the layout left. */
  gvFreeLayout (gvc, built.g);
  built_clear (&built);
  return geometry;
}

/* ------------------------------------------------------------------ */
/* Exports */

static gboolean
format_is_known (const char *format)
{
  return g_strcmp0 (format, "svg") == 0 || g_strcmp0 (format, "png") == 0 ||
         g_strcmp0 (format, "pdf") == 0 || g_strcmp0 (format, "dot") == 0;
}

GBytes *
bs_flow_render (BsFlowGraph  *graph,
                const char   *format,
                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  char *data = NULL;
  size_t length = 0;
  FILE *stream;
  gboolean ok = FALSE;
  GVC_t *gvc;
  Built built;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!format_is_known (format))
    {
      g_set_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_FORMAT,
                   _("Cannot export as “%s”; choose SVG, PNG, PDF or DOT"),
                   format != NULL ? format : "");
      return NULL;
    }
  if (!graph_check (graph, error))
    return NULL;

  /* A memory stream works for agwrite and for every renderer, whatever
   * graphviz's gvRenderData takes for its length (2.42: unsigned int *). */
  if (!(stream = open_memstream (&data, &length)))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Not enough memory to export the flow: %s"), g_strerror (saved_errno));
      return NULL;
    }

  locker = g_mutex_locker_new (&gv_lock);
  messages_begin ();

  if (g_str_equal (format, "dot"))
    {
      build (&built, graph, BUILD_DOT);
      if (agwrite (built.g, stream) == EOF)
        set_failed_error (error, JOB_EXPORT);
      else
        ok = messages_end (error, JOB_EXPORT);
      built_clear (&built);
    }
  else
    {
      gvc = context ();
      build (&built, graph, BUILD_DRAWN);
      if (gvLayout (gvc, built.g, "dot") != 0)
        set_failed_error (error, JOB_LAYOUT);
      else if (gvRender (gvc, built.g, format, stream) != 0)
        set_failed_error (error, JOB_EXPORT);
      else
        ok = messages_end (error, JOB_EXPORT);
      gvFreeLayout (gvc, built.g);
      built_clear (&built);
    }

  g_clear_pointer (&locker, g_mutex_locker_free);

  if (fclose (stream) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Not enough memory to export the flow: %s"), g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      free (data);
      return NULL;
    }
  return g_bytes_new_with_free_func (data, length, free, data);
}

typedef struct
{
  BsFlowGraph *graph;
  char *format;
} RenderData;

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  bs_flow_graph_unref (render->graph);
  g_free (render->format);
  g_free (render);
}

static void
render_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  RenderData *render = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((bytes = bs_flow_render (render->graph, render->format, &error)))
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
bs_flow_render_async (BsFlowGraph         *graph,
                      const char          *format,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *render;

  g_return_if_fail (graph != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  graph_freeze (graph);
  render = g_new0 (RenderData, 1);
  render->graph = bs_flow_graph_ref (graph);
  render->format = g_strdup (format);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_flow_render_async);
  g_task_set_task_data (task, render, render_data_free);
  g_task_run_in_thread (task, render_in_thread);
}

GBytes *
bs_flow_render_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_flow_render_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Reading DOT */

/* graphviz's escapes in label text (lib/common/labels.c): \N and \G the
 * node's and graph's names, \n \l \r line breaks, \x for any other x. */
static void
append_unescaped_label (GString    *out,
                        const char *text,
                        const char *node_name,
                        const char *graph_name)
{
  for (const char *p = text; *p; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 'N':
          g_string_append (out, node_name);
          break;
        case 'G':
          g_string_append (out, graph_name);
          break;
        case 'n':
        case 'l':
        case 'r':
          g_string_append_c (out, '\n');
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

static void
html_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 text_len,
           gpointer              user_data,
           GError              **error)
{
  g_string_append_len (user_data, text, text_len);
}

static void
html_start_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    const char          **attribute_names,
                    const char          **attribute_values,
                    gpointer              user_data,
                    GError              **error)
{
  if (g_ascii_strcasecmp (element_name, "BR") == 0)
    g_string_append_c (user_data, '\n');
}

/* The text of an HTML-like label, its markup removed. */
static char *
html_label_text (const char *html)
{
  static const GMarkupParser parser = { html_start_element, NULL, html_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  GString *text = g_string_new (NULL);

  context = g_markup_parse_context_new (&parser, 0, text, NULL);
  if (g_markup_parse_context_parse (context, "<l>", -1, NULL) &&
      g_markup_parse_context_parse (context, html, -1, NULL) &&
      g_markup_parse_context_parse (context, "</l>", -1, NULL) &&
      g_markup_parse_context_end_parse (context, NULL))
    return g_string_free (text, FALSE);

  /* Not XML (HTML entities such as &nbsp;, stray '&'): drop the tags. */
  g_string_truncate (text, 0);
  for (const char *p = html; *p; p++)
    {
      if (*p == '<')
        {
          if (g_ascii_strncasecmp (p, "<BR", 3) == 0)
            g_string_append_c (text, '\n');
          while (*p && *p != '>')
            p++;
          if (!*p)
            break;
        }
      else
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
dot_node_free (gpointer data)
{
  BsFlowDotNode *node = data;

  g_free (node->name);
  g_free (node->label);
  g_free (node->code);
  g_free (node);
}

void
bs_flow_dot_free (BsFlowDot *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_free (self);
}

BsFlowDot *
bs_flow_dot_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(BsFlowDot) dot = NULL;
  g_autofree char *text = NULL;
  Agraph_t *g;
  const char *graph_name;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_PARSE,
                           _("This is not a DOT file: it holds a NUL byte"));
      return NULL;
    }
  text = g_strndup (data, length);

  locker = g_mutex_locker_new (&gv_lock);
  messages_begin ();

  if (!(g = agmemread (text)))
    {
      g_autofree char *message = g_strstrip (g_strdup (gv_messages->str));

      agreseterrors ();
      if (*message == '\0')
        g_set_error_literal (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_PARSE,
                             _("There is no DOT graph in it"));
      else
        g_set_error (error, BS_FLOW_LAYOUT_ERROR, BS_FLOW_LAYOUT_ERROR_PARSE,
                     /* TRANSLATORS: the placeholder is graphviz's own message (English) */
                     _("This is not a DOT graph: %s"), message);
      return NULL;
    }
  agreseterrors ();

  dot = g_new0 (BsFlowDot, 1);
  dot->nodes = g_ptr_array_new_with_free_func (dot_node_free);
  dot->edges = g_array_new (FALSE, FALSE, sizeof (BsFlowDotEdge));
  index = g_hash_table_new (NULL, NULL);
  graph_name = agnameof (g);

  for (Agnode_t *n = agfstnode (g); n != NULL; n = agnxtnode (g, n))
    {
      BsFlowDotNode *node = g_new0 (BsFlowDotNode, 1);
      const char *label = agget (n, GV ("label"));
      const char *code = agget (n, GV ("code"));
      GString *out = g_string_new (NULL);

      node->name = g_strdup (agnameof (n));
      /* No label: graphviz shows the name (the default "\N"). */
      if (label == NULL || (*label == '\0' && !aghtmlstr (GV (label))))
        label = "\\N";
      if (aghtmlstr (GV (label)))
        {
          g_autofree char *plain = html_label_text (label);

          append_unescaped_label (out, plain, node->name, graph_name);
        }
      else
        append_unescaped_label (out, label, node->name, graph_name);
      node->label = g_string_free (out, FALSE);
      /* Written like a label, read back the same way. */
      if (code != NULL && *code)
        {
          g_autofree char *plain = aghtmlstr (GV (code)) ? html_label_text (code) : g_strdup (code);

          out = g_string_new (NULL);
          append_unescaped_label (out, plain, node->name, graph_name);
          node->code = g_string_free (out, FALSE);
        }

      g_hash_table_insert (index, n, GUINT_TO_POINTER (dot->nodes->len));
      g_ptr_array_add (dot->nodes, node);
    }

  for (Agnode_t *n = agfstnode (g); n != NULL; n = agnxtnode (g, n))
    for (Agedge_t *e = agfstout (g, n); e != NULL; e = agnxtout (g, e))
      {
        BsFlowDotEdge edge = {
          GPOINTER_TO_UINT (g_hash_table_lookup (index, agtail (e))),
          GPOINTER_TO_UINT (g_hash_table_lookup (index, aghead (e))),
        };

        g_array_append_val (dot->edges, edge);
      }

  agclose (g);
  return g_steal_pointer (&dot);
}

/* ------------------------------------------------------------------ */
/* BsFlowLayouter */

struct _BsFlowLayouter
{
  GObject parent_instance;

  guint64 generation;          /* of the newest request */
  gboolean running;            /* a worker is laying out */
  BsFlowGraph *pending;        /* the newest request, waiting for the worker */
  guint64 pending_generation;
  BsFlowGeometry *geometry;    /* the last delivered */
};

G_DEFINE_FINAL_TYPE (BsFlowLayouter, bs_flow_layouter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum
{
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  BsFlowGraph *graph;
  guint64 generation;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  bs_flow_graph_unref (request->graph);
  g_free (request);
}

static void
layout_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  BsFlowGeometry *geometry;

  if ((geometry = bs_flow_layout_compute (request->graph, &error)))
    {
      geometry->generation = request->generation;
      g_task_return_pointer (task, geometry, (GDestroyNotify) bs_flow_geometry_free);
    }
  else
    g_task_return_error (task, error);
}

static void layouter_start (BsFlowLayouter *self,
                            BsFlowGraph    *graph,
                            guint64         generation);

/* The worker holds only a weak reference: a layouter dropped meanwhile
 * gets nothing. */
static void
layout_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(BsFlowLayouter) self = g_weak_ref_get (weak);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(BsFlowGeometry) geometry = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  geometry = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL)
    return;

  self->running = FALSE;

  if (self->pending != NULL)
    {
      /* A newer request waits: this result is stale. */
      g_autoptr(BsFlowGraph) graph = g_steal_pointer (&self->pending);

      layouter_start (self, graph, self->pending_generation);
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (request->generation != self->generation)
    return;

  if (geometry != NULL)
    {
      g_clear_pointer (&self->geometry, bs_flow_geometry_free);
      self->geometry = g_steal_pointer (&geometry);
      g_signal_emit (self, signals[FINISHED], 0, request->generation, self->geometry, NULL);
    }
  else
    g_signal_emit (self, signals[FINISHED], 0, request->generation, NULL, error);
}

static void
layouter_start (BsFlowLayouter *self,
                BsFlowGraph    *graph,
                guint64         generation)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak = g_new0 (GWeakRef, 1);
  Request *request = g_new0 (Request, 1);

  g_weak_ref_init (weak, self);
  request->graph = bs_flow_graph_ref (graph);
  request->generation = generation;

  task = g_task_new (NULL, NULL, layout_done, weak);
  g_task_set_source_tag (task, layouter_start);
  g_task_set_task_data (task, request, request_free);
  self->running = TRUE;
  g_task_run_in_thread (task, layout_in_thread);
}

guint64
bs_flow_layouter_request (BsFlowLayouter *self,
                          BsFlowGraph    *graph)
{
  gboolean was_busy;

  g_return_val_if_fail (BS_IS_FLOW_LAYOUTER (self), 0);
  g_return_val_if_fail (graph != NULL, 0);

  graph_freeze (graph);
  was_busy = bs_flow_layouter_get_busy (self);
  self->generation++;

  if (self->running)
    {
      /* graphviz cannot be interrupted: the newest request waits for the
       * running one, any older waiting one is dropped. */
      g_clear_pointer (&self->pending, bs_flow_graph_unref);
      self->pending = bs_flow_graph_ref (graph);
      self->pending_generation = self->generation;
    }
  else
    layouter_start (self, graph, self->generation);

  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return self->generation;
}

const BsFlowGeometry *
bs_flow_layouter_get_geometry (BsFlowLayouter *self)
{
  g_return_val_if_fail (BS_IS_FLOW_LAYOUTER (self), NULL);

  return self->geometry;
}

gboolean
bs_flow_layouter_get_busy (BsFlowLayouter *self)
{
  g_return_val_if_fail (BS_IS_FLOW_LAYOUTER (self), FALSE);

  return self->running || self->pending != NULL;
}

BsFlowLayouter *
bs_flow_layouter_new (void)
{
  return g_object_new (BS_TYPE_FLOW_LAYOUTER, NULL);
}

static void
bs_flow_layouter_finalize (GObject *object)
{
  BsFlowLayouter *self = BS_FLOW_LAYOUTER (object);

  g_clear_pointer (&self->pending, bs_flow_graph_unref);
  g_clear_pointer (&self->geometry, bs_flow_geometry_free);

  G_OBJECT_CLASS (bs_flow_layouter_parent_class)->finalize (object);
}

static void
bs_flow_layouter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsFlowLayouter *self = BS_FLOW_LAYOUTER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bs_flow_layouter_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_flow_layouter_class_init (BsFlowLayouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_flow_layouter_finalize;
  object_class->get_property = bs_flow_layouter_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The geometry is passed without a copy: copy it to keep it, or use
   * bs_flow_layouter_get_geometry(). */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_UINT64,
                  BS_TYPE_FLOW_GEOMETRY | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bs_flow_layouter_init (BsFlowLayouter *self)
{
}
