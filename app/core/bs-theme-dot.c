/* bs-theme-dot.c: setting a theme's prerequisites from a DOT file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-item.h"
#include "bs-theme.h"
#include "bs-theme-dot.h"

/* How much of a node's text a message shows, and how many nodes it names. */
#define MESSAGE_TEXT_CHARS 60
#define MESSAGE_MAX_NODES 20

/* An item of the theme found twice under one name: no name match then. */
#define AMBIGUOUS ((gpointer) -1)

static void
dot_node_free (gpointer data)
{
  BsFlowDotNode *node = data;

  g_free (node->name);
  g_free (node->label);
  g_free (node->code);
  g_free (node);
}

static BsFlowDotNode *
dot_node_copy (const BsFlowDotNode *node)
{
  BsFlowDotNode *copy = g_new0 (BsFlowDotNode, 1);

  copy->name = g_strdup (node->name);
  copy->label = g_strdup (node->label);
  copy->code = g_strdup (node->code);
  return copy;
}

void
bs_dot_import_report_free (BsDotImportReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->unknown_nodes, g_ptr_array_unref);
  g_free (self);
}

static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* What a message calls a node: the first line of its text (or its name),
 * cut short, in quotes. */
static char *
dup_node_display (const BsFlowDotNode *node)
{
  g_autofree char *text = NULL;
  const char *newline;

  newline = node->label != NULL ? strchr (node->label, '\n') : NULL;
  text = newline != NULL ? g_strndup (node->label, newline - node->label) : g_strdup (node->label);
  g_strstrip (text);
  if (*text == '\0')
    {
      g_free (text);
      text = dup_trimmed (node->name);
    }
  if (g_utf8_strlen (text, -1) > MESSAGE_TEXT_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MESSAGE_TEXT_CHARS - 1);

      g_free (text);
      text = g_strconcat (cut, "…", NULL);
    }
  /* TRANSLATORS: a DOT node's text quoted in a message */
  return g_strdup_printf (_("“%s”"), text);
}

/* Adds @key → @item to @index, or marks @key ambiguous when another item
 * has it already. */
static void
index_item (GHashTable    *index,
            const char    *key,
            BsItemSummary *item)
{
  gpointer found;

  if (*key == '\0')
    return;
  if (g_hash_table_lookup_extended (index, key, NULL, &found))
    {
      if (found != item)
        g_hash_table_replace (index, g_strdup (key), AMBIGUOUS);
    }
  else
    g_hash_table_insert (index, g_strdup (key), item);
}

static BsItemSummary *
lookup_item (GHashTable *index,
             const char *text)
{
  g_autofree char *key = dup_trimmed (text);
  BsItemSummary *item = g_hash_table_lookup (index, key);

  return item == AMBIGUOUS ? NULL : item;
}

/* The item a node stands for, or NULL. */
static BsItemSummary *
match_node (const BsFlowDotNode *node,
            GHashTable          *by_code,
            GHashTable          *by_name)
{
  BsItemSummary *item = NULL;
  g_autofree char *label = NULL;
  char *newline;

  if (node->code != NULL && (item = lookup_item (by_code, node->code)) != NULL)
    return item;
  if ((item = lookup_item (by_code, node->name)) != NULL)
    return item;

  /* The whole text, then ever shorter runs of its first lines: Banshi's
   * exports show the name (itself maybe of several lines) first. */
  label = g_strdup (node->label != NULL ? node->label : "");
  do
    {
      if ((item = lookup_item (by_name, label)) != NULL)
        return item;
      if ((newline = strrchr (label, '\n')) != NULL)
        *newline = '\0';
    }
  while (newline != NULL);

  return NULL;
}

static char *
dup_unknown_message (const BsTheme *theme,
                     GPtrArray     *unknown)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint shown = MIN (unknown->len, MESSAGE_MAX_NODES);

  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *display = dup_node_display (g_ptr_array_index (unknown, i));

      if (i > 0)
        /* TRANSLATORS: between the nodes of a list, e.g. "“a”, “b”" */
        g_string_append (names, _(", "));
      g_string_append (names, display);
    }
  if (unknown->len > shown)
    {
      guint more = unknown->len - shown;

      g_string_append (names, _(", "));
      g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more),
                              more);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: the placeholders are the theme's name and
                                        * the node's text; keep code="…" as it is */
                                       "This node matches no item of %s: %s; give it the item’s "
                                       "code (code=\"…\") or its exact name",
                                       "These nodes match no item of %s: %s; give them the items’ "
                                       "codes (code=\"…\") or their exact names",
                                       unknown->len),
                          theme->name, names->str);
}

static guint
edge_hash (gconstpointer key)
{
  const BsEdge *edge = key;

  return g_int64_hash (&edge->before_id) * 31 + g_int64_hash (&edge->after_id);
}

static gboolean
edge_equal (gconstpointer a,
            gconstpointer b)
{
  const BsEdge *x = a;
  const BsEdge *y = b;

  return x->before_id == y->before_id && x->after_id == y->after_id;
}

gboolean
bs_catalogue_import_theme_dot (BsCatalogue         *cat,
                               gint64               theme_id,
                               const char          *data,
                               gsize                length,
                               BsDotImportReport  **report,
                               GError             **error)
{
  g_autoptr(BsTheme) theme = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) current = NULL;
  g_autoptr(BsFlowDot) dot = NULL;
  g_autoptr(GHashTable) by_code = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(GHashTable) matched_items = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(GArray) wanted_order = NULL;
  g_autoptr(BsDotImportReport) result = NULL;
  g_autofree BsItemSummary **node_items = NULL;

  g_return_val_if_fail (BS_IS_CATALOGUE (cat), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (report == NULL || *report == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(theme = bs_catalogue_get_theme (cat, theme_id, error)))
    return FALSE;
  if (!(items = bs_catalogue_list_theme_items (cat, theme_id, error)))
    return FALSE;
  if (!(current = bs_catalogue_list_theme_edges (cat, theme_id, error)))
    return FALSE;
  if (!(dot = bs_flow_dot_parse (data != NULL ? data : "", length, error)))
    return FALSE;

  by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      BsItemSummary *item = g_ptr_array_index (items, i);
      g_autofree char *code = dup_trimmed (item->code);
      g_autofree char *name = dup_trimmed (item->name);

      index_item (by_code, code, item);
      index_item (by_name, name, item);
    }

  result = g_new0 (BsDotImportReport, 1);
  result->unknown_nodes = g_ptr_array_new_with_free_func (dot_node_free);
  result->n_nodes = dot->nodes->len;
  node_items = g_new0 (BsItemSummary *, dot->nodes->len + 1);
  matched_items = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < dot->nodes->len; i++)
    {
      const BsFlowDotNode *node = g_ptr_array_index (dot->nodes, i);

      node_items[i] = match_node (node, by_code, by_name);
      if (node_items[i] == NULL)
        g_ptr_array_add (result->unknown_nodes, dot_node_copy (node));
      else
        {
          result->n_matched_nodes++;
          g_hash_table_add (matched_items, node_items[i]);
        }
    }
  result->n_items = g_hash_table_size (matched_items);

  if (result->unknown_nodes->len > 0)
    {
      g_autofree char *message = dup_unknown_message (theme, result->unknown_nodes);

      g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID, message);
      if (report != NULL)
        *report = g_steal_pointer (&result);
      return FALSE;
    }

  /* The edges asked for, once each, in the file's order. */
  wanted = g_hash_table_new (edge_hash, edge_equal);
  /* Never grows past its size: @wanted points into it. */
  wanted_order = g_array_sized_new (FALSE, FALSE, sizeof (BsEdge), dot->edges->len);
  for (guint i = 0; i < dot->edges->len; i++)
    {
      const BsFlowDotEdge *dot_edge = &g_array_index (dot->edges, BsFlowDotEdge, i);
      BsItemSummary *before = node_items[dot_edge->from];
      BsItemSummary *after = node_items[dot_edge->to];
      BsEdge edge = { before->id, after->id };

      if (before == after)
        {
          g_autofree char *from = dup_node_display (g_ptr_array_index (dot->nodes, dot_edge->from));
          g_autofree char *to = dup_node_display (g_ptr_array_index (dot->nodes, dot_edge->to));

          if (dot_edge->from == dot_edge->to)
            g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                         /* TRANSLATORS: the placeholder is a DOT node's text, quoted */
                         _("The node %s is its own prerequisite; remove the edge from it to itself"),
                         from);
          else
            g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                         /* TRANSLATORS: the placeholders are two DOT nodes' texts, quoted,
                          * then an item's name */
                         _("The nodes %s and %s both stand for the item “%s”, so the edge "
                           "between them would make it its own prerequisite; remove that edge"),
                         from, to, before->name);
          if (report != NULL)
            *report = g_steal_pointer (&result);
          return FALSE;
        }
      if (g_hash_table_contains (wanted, &edge))
        continue;
      g_array_append_val (wanted_order, edge);
      g_hash_table_add (wanted, &g_array_index (wanted_order, BsEdge, wanted_order->len - 1));
    }

  existing = g_hash_table_new (edge_hash, edge_equal);
  for (guint i = 0; i < current->len; i++)
    g_hash_table_add (existing, &g_array_index (current, BsEdge, i));

  if (!bs_catalogue_begin (cat, _("Import Prerequisites"), error))
    return FALSE;

  for (guint i = 0; i < current->len; i++)
    {
      const BsEdge *edge = &g_array_index (current, BsEdge, i);

      if (g_hash_table_contains (wanted, edge))
        {
          result->n_kept++;
          continue;
        }
      if (!bs_catalogue_remove_theme_edge (cat, theme_id, edge->before_id, edge->after_id, error))
        {
          bs_catalogue_rollback (cat);
          return FALSE;
        }
      result->n_removed++;
    }
  for (guint i = 0; i < wanted_order->len; i++)
    {
      const BsEdge *edge = &g_array_index (wanted_order, BsEdge, i);

      if (g_hash_table_contains (existing, edge))
        continue;
      if (!bs_catalogue_add_theme_edge (cat, theme_id, edge->before_id, edge->after_id, error))
        {
          bs_catalogue_rollback (cat);
          return FALSE;
        }
      result->n_added++;
    }

  if (!bs_catalogue_commit (cat, error))
    return FALSE;

  if (report != NULL)
    *report = g_steal_pointer (&result);
  return TRUE;
}
