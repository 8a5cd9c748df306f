/* bs-phases-dialog.c
 *
 * Two pages in one window. The first lists the phases in rollout order,
 * each with its name, start and end date in entries, saved like the item
 * page's fields (Enter or leaving the entry), its number of tasks, and
 * buttons to move and delete it; every change is one call into the core
 * and so one undoable edit, and the list follows the catalogue's "changed"
 * signal, undo and redo included. A refused change (a blank date is fine,
 * 2026-02-30 is not; a phase ending before it starts) is shown and its
 * text stays in the entry, marked.
 *
 * The second page proposes phases for the themes not in the rollout yet
 * (先易后难, bs_catalogue_propose_phases()): the manager renames them,
 * moves themes between them or leaves themes out, chooses the first start
 * date and the days per phase, and accepts the proposal as one edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bs-demand.h"
#include "bs-phases-dialog.h"
#include "bs-records.h"
#include "bs-rollout.h"
#include "bs-wheel-guard.h"
#include "bs-window.h"

struct _BsPhasesDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack *page_stack;
  AdwWindowTitle *phases_title;
  GtkStack *phases_stack;
  GtkListBox *phase_list;
  GtkSpinButton *count_spin;
  GtkEntry *start_entry;
  GtkSpinButton *days_spin;
  GtkWidget *accept_button;
  GtkStack *proposal_stack;
  GtkBox *proposal_box;

  /* Owned references */
  BsCatalogue *catalogue;
  GPtrArray *phases;            /* BsPhase, as stored, in rollout order */
  GtkSizeGroup *count_group;    /* the task counts: the names line up */

  /* The proposal as computed, and as edited */
  BsPhaseProposal *proposal;
  GPtrArray *ranks;             /* BsThemeRank, borrowed from the proposal, in rank order */
  GArray *assigned;             /* int per rank: its proposed phase, or -1 for "not now" */
  GPtrArray *names;             /* char *, per proposed phase */
  GPtrArray *theme_dropdowns;   /* GtkDropDown per rank shown, else NULL (borrowed) */
  GArray *shown;                /* guint per proposed phase, then one for "not now":
                                 * how many of its themes have a row */
  GPtrArray *phase_captions;    /* GtkLabel per proposed phase (borrowed) */
  gint64 focus_theme;           /* after a move, the theme whose menu takes the focus */

  /* The proposal being computed in a worker, if any. */
  GCancellable *propose_cancellable;
  guint propose_generation;

  gboolean loading;
  gboolean accepting;
};

G_DEFINE_FINAL_TYPE (BsPhasesDialog, bs_phases_dialog, ADW_TYPE_WINDOW)

/* Themes shown per proposed phase at first, and added by each "Show
 * More": a large catalogue proposes thousands, and a row each (with its
 * menu) would take seconds to build. */
#define SHOWN_STEP 20

/* ------------------------------------------------------------------ */
/* Entries */

static char *
dup_stripped (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
set_entry_text (GtkWidget  *entry,
                const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_widget_remove_css_class (entry, "error");
  g_object_set_data (G_OBJECT (entry), "refused", NULL);
}

/* A refused text stays, marked, and is not tried again when the focus
 * leaves (the error dialog takes it). */
static void
mark_refused (GtkWidget *entry)
{
  gtk_widget_add_css_class (entry, "error");
  g_object_set_data_full (G_OBJECT (entry), "refused",
                          g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))), g_free);
}

static gboolean
is_refused (GtkWidget *entry)
{
  return g_strcmp0 (g_object_get_data (G_OBJECT (entry), "refused"),
                    gtk_editable_get_text (GTK_EDITABLE (entry))) == 0;
}

/* Empty is no date; anything else must be a real day. */
static gboolean
parse_date (GtkWidget  *entry,
            BsDate     *out_date,
            GError    **error)
{
  g_autofree char *text = dup_stripped (GTK_EDITABLE (entry));

  if (text[0] == '\0')
    {
      *out_date = BS_DATE_NONE;
      return TRUE;
    }
  if (bs_date_parse (text, out_date))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” is not a date: write it as YYYY-MM-DD, e.g. 2026-06-30"), text);
  return FALSE;
}

/* Marks a date entry while its text is not a date. */
static void
on_date_changed_cb (GtkEditable *entry)
{
  g_autofree char *text = dup_stripped (entry);
  BsDate date;

  if (text[0] == '\0' || bs_date_parse (text, &date))
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
add_leave_controller (GtkWidget *widget,
                      GCallback  callback,
                      gpointer   self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", callback, self, 0);
  gtk_widget_add_controller (widget, focus);
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *tooltip,
                 GCallback   callback,
                 gpointer    self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* ------------------------------------------------------------------ */
/* The phase rows: the number and the name, the task count and the
 * buttons; below, the dates and how long the phase lasts. */

typedef enum
{
  FIELD_NAME,
  FIELD_START,
  FIELD_END,
  N_FIELDS
} Field;

static const char * const field_keys[N_FIELDS] = { "name-entry", "start-entry", "end-entry" };

static GtkWidget *
row_get (GtkWidget  *row,
         const char *key)
{
  return g_object_get_data (G_OBJECT (row), key);
}

static gint64
row_phase_id (GtkWidget *row)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (row), "phase-id");
}

static GList *
list_phase_rows (BsPhasesDialog *self)
{
  GList *rows = NULL;

  for (GtkWidget *child = gtk_widget_get_last_child (GTK_WIDGET (self->phase_list));
       child != NULL; child = gtk_widget_get_prev_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "phase-id") != NULL)
      rows = g_list_prepend (rows, child);
  return rows;
}

static GtkWidget *
find_phase_row (BsPhasesDialog *self,
                gint64          id)
{
  g_autoptr(GList) rows = list_phase_rows (self);

  for (GList *l = rows; l != NULL; l = l->next)
    if (row_phase_id (l->data) == id)
      return l->data;
  return NULL;
}

static const BsPhase *
find_stored_phase (BsPhasesDialog *self,
                   gint64          id)
{
  for (guint i = 0; self->phases != NULL && i < self->phases->len; i++)
    {
      const BsPhase *phase = g_ptr_array_index (self->phases, i);

      if (phase->id == id)
        return phase;
    }
  return NULL;
}

static char *
dup_field_string (const BsPhase *phase,
                  Field          field)
{
  char *text = NULL;

  if (phase == NULL)
    return NULL;
  if (field == FIELD_NAME)
    return g_strdup (phase->name);
  text = field == FIELD_START ? bs_date_to_string (phase->start) : bs_date_to_string (phase->end);
  return text != NULL ? text : g_strdup ("");
}

static void save_field (BsPhasesDialog *self,
                        GtkWidget      *row,
                        Field           field,
                        gboolean        leaving);

static Field
entry_field (GtkWidget *row,
             GtkWidget *entry)
{
  for (Field field = 0; field < N_FIELDS; field++)
    if (row_get (row, field_keys[field]) == entry)
      return field;
  return N_FIELDS;
}

static void
on_field_activate_cb (GtkEntry       *entry,
                      BsPhasesDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_LIST_BOX_ROW);
  Field field = entry_field (row, GTK_WIDGET (entry));

  if (field < N_FIELDS)
    save_field (self, row, field, FALSE);
}

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   BsPhasesDialog          *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *row = gtk_widget_get_ancestor (entry, GTK_TYPE_LIST_BOX_ROW);
  Field field = row != NULL ? entry_field (row, entry) : N_FIELDS;

  if (field < N_FIELDS)
    save_field (self, row, field, TRUE);
}

static void on_up_clicked_cb     (GtkButton *button, BsPhasesDialog *self);
static void on_down_clicked_cb   (GtkButton *button, BsPhasesDialog *self);
static void on_delete_clicked_cb (GtkButton *button, BsPhasesDialog *self);

static GtkWidget *
new_field_entry (BsPhasesDialog *self,
                 Field           field)
{
  GtkWidget *entry = gtk_entry_new ();

  if (field == FIELD_NAME)
    gtk_widget_set_hexpand (entry, TRUE);
  else
    {
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "YYYY-MM-DD");
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 10);
      gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK);
      g_signal_connect (entry, "changed", G_CALLBACK (on_date_changed_cb), NULL);
    }
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_field_activate_cb), self, 0);
  add_leave_controller (entry, G_CALLBACK (on_field_leave_cb), self);
  return entry;
}

static GtkWidget *
new_caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
new_phase_row (BsPhasesDialog *self,
               gint64          id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = new_caption (NULL);
  GtkWidget *count = new_caption (NULL);
  GtkWidget *span = new_caption (NULL);
  GtkWidget *starts = new_caption (_("Starts"));
  GtkWidget *ends = new_caption (_("Ends"));
  GtkWidget *entries[N_FIELDS];
  GtkWidget *up, *down, *delete;

  g_object_set_data_full (G_OBJECT (row), "phase-id", g_memdup2 (&id, sizeof id), g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  for (Field field = 0; field < N_FIELDS; field++)
    {
      entries[field] = new_field_entry (self, field);
      g_object_set_data (G_OBJECT (row), field_keys[field], entries[field]);
    }

  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_set_size_request (number, 24, -1);
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (count, "caption");
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_size_group_add_widget (self->count_group, count);
  gtk_widget_add_css_class (span, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (span), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (span, TRUE);

  up = new_icon_button ("go-up-symbolic", _("Move Up"), G_CALLBACK (on_up_clicked_cb), self);
  down = new_icon_button ("go-down-symbolic", _("Move Down"), G_CALLBACK (on_down_clicked_cb), self);
  delete = new_icon_button ("user-trash-symbolic", _("Delete Phase"), G_CALLBACK (on_delete_clicked_cb), self);
  gtk_widget_add_css_class (delete, "error");

  gtk_box_append (GTK_BOX (top), number);
  gtk_box_append (GTK_BOX (top), entries[FIELD_NAME]);
  gtk_box_append (GTK_BOX (top), count);
  gtk_box_append (GTK_BOX (top), up);
  gtk_box_append (GTK_BOX (top), down);
  gtk_box_append (GTK_BOX (top), delete);

  /* The dates line up under the name. */
  gtk_widget_set_margin_start (dates, 24 + 6);
  gtk_box_append (GTK_BOX (dates), starts);
  gtk_box_append (GTK_BOX (dates), entries[FIELD_START]);
  gtk_box_append (GTK_BOX (dates), ends);
  gtk_box_append (GTK_BOX (dates), entries[FIELD_END]);
  gtk_box_append (GTK_BOX (dates), span);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), dates);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "number-label", number);
  g_object_set_data (G_OBJECT (row), "count-label", count);
  g_object_set_data (G_OBJECT (row), "span-label", span);
  g_object_set_data (G_OBJECT (row), "up-button", up);
  g_object_set_data (G_OBJECT (row), "down-button", down);
  g_object_set_data (G_OBJECT (row), "delete-button", delete);
  return row;
}

/* Takes @label. */
static void
set_row_label (GtkWidget  *row,
               const char *key,
               char       *label)
{
  set_accessible_label (row_get (row, key), label);
  g_free (label);
}

/* Shows @phase in @row, number @number of @n; what is typed and not saved
 * stays (@previous: the phase as the row showed it before). */
static void
update_phase_row (GtkWidget     *row,
                  const BsPhase *phase,
                  const BsPhase *previous,
                  guint          n_tasks,
                  guint          number,
                  guint          n)
{
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  g_autofree char *count_text = NULL;
  g_autofree char *span_text = NULL;

  for (Field field = 0; field < N_FIELDS; field++)
    {
      GtkWidget *entry = row_get (row, field_keys[field]);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
      g_autofree char *stored = dup_field_string (phase, field);
      g_autofree char *before = dup_field_string (previous, field);

      if (previous == NULL || g_strcmp0 (text, before) == 0 || g_strcmp0 (text, stored) == 0)
        set_entry_text (entry, stored);
      /* Just saved: Ctrl+Z undoes the edit of the catalogue, not the typing. */
      if (previous != NULL && g_strcmp0 (before, stored) != 0 &&
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), stored) == 0)
        {
          gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
          gtk_editable_set_enable_undo (GTK_EDITABLE (entry), TRUE);
        }
    }

  gtk_label_set_label (GTK_LABEL (row_get (row, "number-label")), number_text);
  count_text = n_tasks == 0 ? g_strdup (_("No tasks"))
                            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", n_tasks),
                                               n_tasks);
  gtk_label_set_label (GTK_LABEL (row_get (row, "count-label")), count_text);
  if (phase->start != BS_DATE_NONE && phase->end >= phase->start)
    {
      int days = phase->end - phase->start + 1;

      span_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
    }
  gtk_label_set_label (GTK_LABEL (row_get (row, "span-label")), span_text ? span_text : "");

  /* Translators: the accessible names of a phase's fields and buttons; %u is its number */
  set_row_label (row, "name-entry", g_strdup_printf (_("Name of phase %u"), number));
  set_row_label (row, "start-entry", g_strdup_printf (_("Start of phase %u"), number));
  set_row_label (row, "end-entry", g_strdup_printf (_("End of phase %u"), number));
  set_row_label (row, "up-button", g_strdup_printf (_("Move phase %u up"), number));
  set_row_label (row, "down-button", g_strdup_printf (_("Move phase %u down"), number));
  set_row_label (row, "delete-button", g_strdup_printf (_("Delete phase %u"), number));
  set_accessible_label (row, phase->name);

  gtk_widget_set_sensitive (row_get (row, "up-button"), number > 1);
  gtk_widget_set_sensitive (row_get (row, "down-button"), number < n);
  gtk_widget_set_tooltip_text (row_get (row, "delete-button"),
                               n_tasks == 0 ? _("Delete Phase")
                                            : _("Delete Phase (move or delete its tasks first)"));
}

/* Task counts by phase id. */
static GHashTable *
count_tasks (BsPhasesDialog *self)
{
  GHashTable *counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) tasks = bs_catalogue_list_tasks (self->catalogue, 0, 0, NULL);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      const BsTask *task = g_ptr_array_index (tasks, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, &task->phase_id));

      g_hash_table_insert (counts, g_memdup2 (&task->phase_id, sizeof (gint64)), GUINT_TO_POINTER (n + 1));
    }
  return counts;
}

static guint
get_n_tasks (GHashTable *counts,
             gint64      phase_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, &phase_id));
}

/* Shows the stored phases. Rows are kept by phase, so an entry being
 * typed in keeps its text and the focus stays where it was; only when the
 * order changes are the rows taken out and put back. */
static void
load_phases (BsPhasesDialog *self)
{
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) phases = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) rows_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GList) rows = list_phase_rows (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) focus = NULL;
  gboolean same_order;
  GList *l;

  phases = bs_catalogue_list_phases (self->catalogue, &error);
  if (phases == NULL)
    {
      g_warning ("Could not list the phases: %s", error->message);
      return;
    }
  counts = count_tasks (self);

  same_order = g_list_length (rows) == phases->len;
  l = rows;
  for (guint i = 0; same_order && i < phases->len; i++, l = l->next)
    same_order = row_phase_id (l->data) == ((BsPhase *) g_ptr_array_index (phases, i))->id;

  self->loading = TRUE;
  previous = g_steal_pointer (&self->phases);
  self->phases = g_steal_pointer (&phases);

  if (!same_order)
    {
      GtkWidget *current = gtk_root_get_focus (GTK_ROOT (self));

      if (current != NULL && gtk_widget_is_ancestor (current, GTK_WIDGET (self->phase_list)))
        focus = g_object_ref (current);
      for (l = rows; l != NULL; l = l->next)
        {
          g_hash_table_insert (rows_by_id, g_object_get_data (l->data, "phase-id"), g_object_ref (l->data));
          gtk_list_box_remove (self->phase_list, l->data);
        }
    }

  for (guint i = 0; i < self->phases->len; i++)
    {
      const BsPhase *phase = g_ptr_array_index (self->phases, i);
      const BsPhase *before = NULL;
      GtkWidget *row;

      for (guint j = 0; previous != NULL && j < previous->len && before == NULL; j++)
        if (((BsPhase *) g_ptr_array_index (previous, j))->id == phase->id)
          before = g_ptr_array_index (previous, j);

      if (same_order)
        row = g_list_nth_data (rows, i);
      else
        {
          row = g_hash_table_lookup (rows_by_id, &phase->id);
          if (row == NULL)
            {
              row = new_phase_row (self, phase->id);
              before = NULL;
            }
          gtk_list_box_append (self->phase_list, row);
          if (g_hash_table_steal (rows_by_id, &phase->id))
            g_object_unref (row);
        }
      update_phase_row (row, phase, before, get_n_tasks (counts, phase->id), i + 1, self->phases->len);
    }

  /* Rows of phases gone (deleted, their adding undone). */
  if (!same_order)
    {
      GHashTableIter iter;
      gpointer row;

      g_hash_table_iter_init (&iter, rows_by_id);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        g_object_unref (row);
    }

  gtk_stack_set_visible_child_name (self->phases_stack, self->phases->len > 0 ? "list" : "empty");
  if (focus != NULL && gtk_widget_get_parent (focus) != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->phase_list)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

      /* A move button that cannot move further: its other one. */
      if (!gtk_widget_get_sensitive (focus) && focus == row_get (row, "up-button"))
        gtk_widget_grab_focus (row_get (row, "down-button"));
      else if (!gtk_widget_get_sensitive (focus) && focus == row_get (row, "down-button"))
        gtk_widget_grab_focus (row_get (row, "up-button"));
      else
        gtk_widget_grab_focus (focus);
    }
  self->loading = FALSE;
}

/* Saving, moving and deleting phases */

static void
save_field (BsPhasesDialog *self,
            GtkWidget      *row,
            Field           field,
            gboolean        leaving)
{
  g_autoptr(BsPhasesDialog) hold = g_object_ref (self);
  GtkWidget *entry = row_get (row, field_keys[field]);
  g_autoptr(BsPhase) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_text = NULL;
  const BsPhase *stored;
  const char *heading;

  if (self->loading || (leaving && is_refused (entry)))
    return;
  stored = find_stored_phase (self, row_phase_id (row));
  if (stored == NULL)
    return;

  edited = bs_phase_copy (stored);
  stored_text = dup_field_string (stored, field);
  if (field == FIELD_NAME)
    {
      g_autofree char *name = dup_stripped (GTK_EDITABLE (entry));

      heading = _("Could Not Rename the Phase");
      if (name[0] == '\0' || g_strcmp0 (name, stored->name) == 0)
        {
          /* Blank or unchanged: the stored name comes back. */
          set_entry_text (entry, stored_text);
          return;
        }
      g_free (edited->name);
      edited->name = g_steal_pointer (&name);
      /* Shown as it will be stored, so the reload takes it as saved. */
      gtk_editable_set_text (GTK_EDITABLE (entry), edited->name);
    }
  else
    {
      BsDate date;

      heading = _("Could Not Change the Dates of the Phase");
      if (!parse_date (entry, &date, &error))
        {
          mark_refused (entry);
          bs_window_show_error (GTK_WIDGET (self), heading, error);
          return;
        }
      if (date == (field == FIELD_START ? stored->start : stored->end))
        {
          set_entry_text (entry, stored_text);
          return;
        }
      if (date != BS_DATE_NONE)
        {
          char iso[BS_DATE_ISO_SIZE];

          gtk_editable_set_text (GTK_EDITABLE (entry), bs_date_format (date, iso));
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (entry), "");
      if (field == FIELD_START)
        edited->start = date;
      else
        edited->end = date;
    }

  if (!bs_catalogue_update_phase (self->catalogue, edited, &error))
    {
      mark_refused (entry);
      bs_window_show_error (GTK_WIDGET (self), heading, error);
    }
  /* On success the "changed" signal shows it. */
}

static void
move_phase_row (BsPhasesDialog *self,
                GtkWidget      *row,
                int             delta)
{
  g_autoptr(BsPhasesDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + delta;

  if (position < 0 || self->phases == NULL || position >= (int) self->phases->len)
    return;
  if (!bs_catalogue_move_phase (self->catalogue, row_phase_id (row), position, &error))
    bs_window_show_error (GTK_WIDGET (self), _("Could Not Move the Phase"), error);
  /* The rows were put in the new order, the focus kept. */
}

static void
on_up_clicked_cb (GtkButton      *button,
                  BsPhasesDialog *self)
{
  move_phase_row (self, gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW), -1);
}

static void
on_down_clicked_cb (GtkButton      *button,
                    BsPhasesDialog *self)
{
  move_phase_row (self, gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW), 1);
}

static void
on_delete_clicked_cb (GtkButton      *button,
                      BsPhasesDialog *self)
{
  g_autoptr(BsPhasesDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  const BsPhase *stored = find_stored_phase (self, row_phase_id (row));
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  GtkListBoxRow *next;

  if (stored == NULL)
    return;
  name = g_strdup (stored->name);
  if (!bs_catalogue_remove_phase (self->catalogue, stored->id, &error))
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Delete the Phase"), error);
      return;
    }
  bs_window_show_deleted (GTK_WIDGET (self), name);

  /* The focus goes to the phase now in its place, or the one before. */
  next = gtk_list_box_get_row_at_index (self->phase_list, index);
  if (next == NULL && index > 0)
    next = gtk_list_box_get_row_at_index (self->phase_list, index - 1);
  if (next != NULL)
    gtk_widget_grab_focus (row_get (GTK_WIDGET (next), "delete-button"));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (widget);
  g_autoptr(BsPhase) phase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row;
  GtkWidget *entry;
  gint64 id;

  /* Translators: the name of a new phase; %u is its number in the rollout */
  name = g_strdup_printf (_("Phase %u"), (self->phases ? self->phases->len : 0) + 1);
  phase = bs_phase_new ("", name);
  id = bs_catalogue_add_phase (self->catalogue, phase, &error);
  if (id == 0)
    {
      bs_window_show_error (widget, _("Could Not Add the Phase"), error);
      return;
    }
  /* Shown by now: the name, to be typed over. */
  row = find_phase_row (self, id);
  if (row == NULL)
    return;
  entry = row_get (row, "name-entry");
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

/* ------------------------------------------------------------------ */
/* The proposal */

static guint
n_proposed (BsPhasesDialog *self)
{
  return self->names ? self->names->len : 0;
}

static const char *
proposed_name (BsPhasesDialog *self,
               guint           p)
{
  return g_ptr_array_index (self->names, p);
}

/* A phase's name for the theme menus, its number when it has none. */
static char *
dup_menu_name (BsPhasesDialog *self,
               guint           p)
{
  g_autofree char *name = g_strstrip (g_strdup (proposed_name (self, p)));

  if (name[0] != '\0')
    return g_steal_pointer (&name);
  /* Translators: a proposed phase without a name; %u is its number */
  return g_strdup_printf (_("Phase %u"), p + 1);
}

static GtkStringList *
new_menu_model (BsPhasesDialog *self)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint p = 0; p < n_proposed (self); p++)
    {
      g_autofree char *name = dup_menu_name (self, p);

      gtk_string_list_append (model, name);
    }
  gtk_string_list_append (model, _("Not now"));
  return model;
}

static guint
count_assigned (BsPhasesDialog *self,
                int             p)
{
  guint n = 0;

  for (guint i = 0; self->assigned != NULL && i < self->assigned->len; i++)
    n += g_array_index (self->assigned, int, i) == p;
  return n;
}

static void
update_accept (BsPhasesDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; self->assigned != NULL && i < self->assigned->len && !any; i++)
    any = g_array_index (self->assigned, int, i) >= 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phases.accept", any);
}

/* Under each proposed phase: its dates and how many themes. Empty phases
 * are left out, so the dates count only the others. */
static void
update_captions (BsPhasesDialog *self)
{
  g_autofree char *start_text = dup_stripped (GTK_EDITABLE (self->start_entry));
  int days = gtk_spin_button_get_value_as_int (self->days_spin);
  BsDate start = BS_DATE_NONE;
  guint k = 0;

  if (start_text[0] != '\0' && !bs_date_parse (start_text, &start))
    start = BS_DATE_NONE;
  for (guint p = 0; self->phase_captions != NULL && p < self->phase_captions->len; p++)
    {
      guint n = count_assigned (self, p);
      g_autofree char *themes = NULL;
      g_autofree char *text = NULL;

      if (n == 0)
        text = g_strdup (_("No themes: this phase will be left out"));
      else
        {
          themes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u theme", "%u themes", n), n);
          if (start != BS_DATE_NONE)
            {
              char first[BS_DATE_ISO_SIZE], last[BS_DATE_ISO_SIZE];
              BsDate from = start + k * days;

              /* Translators: a proposed phase: its first and last day, then “N themes” */
              text = g_strdup_printf (_("%s to %s · %s"), bs_date_format (from, first),
                                      bs_date_format (from + days - 1, last), themes);
            }
          else
            text = g_steal_pointer (&themes);
          k++;
        }
      gtk_label_set_label (g_ptr_array_index (self->phase_captions, p), text);
    }
}

static void
on_start_changed_cb (BsPhasesDialog *self)
{
  on_date_changed_cb (GTK_EDITABLE (self->start_entry));
  update_captions (self);
}

static void
refresh_menus (BsPhasesDialog *self)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  for (guint i = 0; self->theme_dropdowns != NULL && i < self->theme_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->theme_dropdowns, i);
      g_autoptr(GtkStringList) model = NULL;
      int p = g_array_index (self->assigned, int, i);

      if (dropdown == NULL)
        continue;
      model = new_menu_model (self);

      gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
      gtk_drop_down_set_selected (dropdown, p >= 0 ? (guint) p : n_proposed (self));
    }
  self->loading = was_loading;
}

static void
on_proposed_name_changed_cb (GtkEditable    *entry,
                             BsPhasesDialog *self)
{
  guint p = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "proposed-phase"));

  if (self->loading || p >= n_proposed (self))
    return;
  g_free (self->names->pdata[p]);
  self->names->pdata[p] = g_strdup (gtk_editable_get_text (entry));
  refresh_menus (self);
}

static void build_proposal (BsPhasesDialog *self);

static gboolean
rebuild_proposal_idle_cb (gpointer data)
{
  BsPhasesDialog *self = data;

  if (self->catalogue != NULL)
    build_proposal (self);
  return G_SOURCE_REMOVE;
}

/* A theme moved to another phase, or left out: the page is rebuilt once
 * the menu is done with its signal. */
static void
on_theme_moved_cb (GtkDropDown    *dropdown,
                   GParamSpec     *pspec,
                   BsPhasesDialog *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "rank-index"));
  guint selected = gtk_drop_down_get_selected (dropdown);
  int p;

  if (self->loading || self->assigned == NULL || i >= self->assigned->len ||
      selected == GTK_INVALID_LIST_POSITION)
    return;
  p = selected < n_proposed (self) ? (int) selected : -1;
  if (g_array_index (self->assigned, int, i) == p)
    return;
  g_array_index (self->assigned, int, i) = p;
  /* Where it goes, it has a row: the list shows up to it. */
  {
    guint slot = p >= 0 ? (guint) p : n_proposed (self);
    guint position = 0;

    for (guint j = 0; j < i; j++)
      position += g_array_index (self->assigned, int, j) == p;
    if (self->shown != NULL && slot < self->shown->len)
      g_array_index (self->shown, guint, slot) = MAX (g_array_index (self->shown, guint, slot), position + 1);
  }
  self->focus_theme = ((BsThemeRank *) g_ptr_array_index (self->ranks, i))->theme_id;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_proposal_idle_cb, g_object_ref (self), g_object_unref);
}

static char *
dup_rank_figures (const BsThemeRank *rank)
{
  g_autofree char *items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", rank->n_items),
                                            rank->n_items);
  g_autofree char *departments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u department",
                                                               "%u departments", rank->n_departments),
                                                  rank->n_departments);
  g_autofree char *days = NULL;
  g_autofree char *score = NULL;

  if (rank->critical_days < 0)
    /* Translators: a theme whose flow has a cycle has no critical path */
    days = g_strdup (_("cycle in the flow"));
  else
    /* Translators: the days on the critical path of a theme's flow */
    days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day on the critical path",
                                         "%d days on the critical path", rank->critical_days),
                            rank->critical_days);
  /* Translators: a theme's rank score, lower comes first; keep the no-break space */
  score = g_strdup_printf (_("score %.2f"), rank->score);
  if (rank->demand >= 0)
    {
      g_autofree char *count = bs_demand_format_count ((gint64) rank->demand);
      /* Translators: how many handling records (办件) a theme's items have each, on average; %s is a number */
      g_autofree char *demand = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record per item",
                                                              "%s records per item",
                                                              (gulong) MIN (rank->demand, 1000000.0)),
                                                 count);

      /* Translators: a theme's code, then its figures, then its handling records and its score */
      return g_strdup_printf (_("%s · %s · %s · %s · %s · %s"), rank->code, items, departments, days,
                              demand, score);
    }
  /* Translators: a theme's code, then its figures, then its score */
  return g_strdup_printf (_("%s · %s · %s · %s · %s"), rank->code, items, departments, days, score);
}

static GtkWidget *
new_theme_row (BsPhasesDialog *self,
               guint           i)
{
  const BsThemeRank *rank = g_ptr_array_index (self->ranks, i);
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GtkStringList) model = new_menu_model (self);
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL);
  g_autofree char *figures = dup_rank_figures (rank);
  g_autofree char *label = NULL;
  int p = g_array_index (self->assigned, int, i);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rank->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), figures);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), p >= 0 ? (guint) p : n_proposed (self));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Move the theme to another phase, or leave it out for now"));
  /* Translators: the accessible name of the menu of a theme's phase; %s is the theme */
  label = g_strdup_printf (_("Phase of “%s”"), rank->name);
  set_accessible_label (dropdown, label);
  g_object_set_data (G_OBJECT (dropdown), "rank-index", GUINT_TO_POINTER (i));
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_theme_moved_cb), self, 0);
  bs_wheel_guard_attach (dropdown);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  g_ptr_array_index (self->theme_dropdowns, i) = dropdown;
  return row;
}

static GtkWidget *
new_theme_list (const char *accessible_label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  set_accessible_label (list, accessible_label);
  return list;
}

static void
on_show_more_cb (GtkButton      *button,
                 BsPhasesDialog *self)
{
  guint slot = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "slot"));

  if (self->shown == NULL || slot >= self->shown->len)
    return;
  g_array_index (self->shown, guint, slot) += SHOWN_STEP;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_proposal_idle_cb, g_object_ref (self), g_object_unref);
}

/* The rows of the themes assigned to @p (-1: left out), as many as are
 * shown, then a button for more when there are. */
static void
fill_theme_list (BsPhasesDialog *self,
                 GtkWidget      *list,
                 int             p)
{
  guint slot = p >= 0 ? (guint) p : n_proposed (self);
  guint limit = g_array_index (self->shown, guint, slot);
  guint n = 0, total = count_assigned (self, p);

  for (guint i = 0; i < self->ranks->len && n < limit; i++)
    if (g_array_index (self->assigned, int, i) == p)
      {
        gtk_list_box_append (GTK_LIST_BOX (list), new_theme_row (self, i));
        n++;
      }
  if (n < total)
    {
      guint more = MIN (SHOWN_STEP, total - n);
      /* Translators: a button under a long list of themes; %u is how many more it shows */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u More Theme",
                                                            "Show %u More Themes", more), more);
      /* Translators: beside that button: %u themes of the batch have no row yet */
      g_autofree char *rest = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more theme in this batch",
                                                            "%u more themes in this batch", total - n),
                                               total - n);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_label (text);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rest);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "slot", GUINT_TO_POINTER (slot));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_show_more_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

/* One proposed phase: its name to edit, its dates, its themes. */
static GtkWidget *
new_proposed_phase (BsPhasesDialog *self,
                    guint           p)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *caption = new_caption (NULL);
  GtkWidget *list;
  g_autofree char *label = NULL;
  g_autofree char *list_label = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), proposed_name (self, p));
  /* Translators: the accessible name of a proposed phase's name; %u is its number */
  label = g_strdup_printf (_("Name of proposed phase %u"), p + 1);
  set_accessible_label (entry, label);
  gtk_widget_add_css_class (entry, "heading");
  g_object_set_data (G_OBJECT (entry), "proposed-phase", GUINT_TO_POINTER (p));
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_proposed_name_changed_cb), self, 0);

  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_set_margin_start (caption, 6);
  g_ptr_array_add (self->phase_captions, caption);

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), caption);
  if (count_assigned (self, p) == 0)
    return box;

  /* Translators: the accessible name of the list of a proposed phase's themes; %u is its number */
  list_label = g_strdup_printf (_("Themes of proposed phase %u"), p + 1);
  list = new_theme_list (list_label);
  fill_theme_list (self, list, (int) p);
  gtk_box_append (GTK_BOX (box), list);
  return box;
}

/* The themes left out, each with its menu to bring it back. */
static GtkWidget *
new_left_out (BsPhasesDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = new_theme_list (_("Themes not in this proposal"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Not Now"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Left out of this proposal; they stay for a later one"));
  fill_theme_list (self, list, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return group;
}

static void
clear_proposal_box (BsPhasesDialog *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->phase_captions, 0);
  g_ptr_array_set_size (self->theme_dropdowns, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->proposal_box))) != NULL)
    gtk_box_remove (self->proposal_box, child);
}

/* Shows the proposal as edited. */
static void
build_proposal (BsPhasesDialog *self)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_proposal_box (self);

  if (self->ranks == NULL || self->ranks->len == 0)
    {
      gtk_stack_set_visible_child_name (self->proposal_stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "phases.accept", FALSE);
      self->loading = was_loading;
      return;
    }

  g_ptr_array_set_size (self->theme_dropdowns, self->ranks->len);
  for (guint i = 0; i < self->ranks->len; i++)
    g_ptr_array_index (self->theme_dropdowns, i) = NULL;
  for (guint p = 0; p < n_proposed (self); p++)
    gtk_box_append (self->proposal_box, new_proposed_phase (self, p));
  if (count_assigned (self, -1) > 0)
    gtk_box_append (self->proposal_box, new_left_out (self));

  gtk_stack_set_visible_child_name (self->proposal_stack, "proposal");
  update_captions (self);
  update_accept (self);
  self->loading = was_loading;

  /* After a move, the moved theme's menu, where it is now. */
  for (guint i = 0; self->focus_theme != 0 && i < self->ranks->len; i++)
    if (((BsThemeRank *) g_ptr_array_index (self->ranks, i))->theme_id == self->focus_theme &&
        g_ptr_array_index (self->theme_dropdowns, i) != NULL)
      gtk_widget_grab_focus (g_ptr_array_index (self->theme_dropdowns, i));
  self->focus_theme = 0;
}

static void
clear_proposal (BsPhasesDialog *self)
{
  g_clear_pointer (&self->ranks, g_ptr_array_unref);
  g_clear_pointer (&self->assigned, g_array_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->proposal, bs_phase_proposal_free);
}

/* Takes @proposal (computed for as many phases as the spin button said);
 * what was edited goes. */
static void
apply_proposal (BsPhasesDialog  *self,
                BsPhaseProposal *proposal)
{
  clear_proposal (self);
  self->proposal = proposal;
  self->ranks = g_ptr_array_new ();
  self->assigned = g_array_new (FALSE, FALSE, sizeof (int));
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = 0; p <= proposal->phases->len; p++)
    g_array_append_val (self->shown, (guint) { SHOWN_STEP });
  for (guint p = 0; p < proposal->phases->len; p++)
    {
      const BsProposedPhase *phase = g_ptr_array_index (proposal->phases, p);

      g_ptr_array_add (self->names, g_strdup (phase->name));
      for (guint t = 0; t < phase->themes->len; t++)
        {
          int index = p;

          g_ptr_array_add (self->ranks, g_ptr_array_index (phase->themes, t));
          g_array_append_val (self->assigned, index);
        }
    }
  build_proposal (self);
}

typedef struct
{
  char *path;
  guint n_phases;
  guint generation;
} ProposeJob;

static void
propose_job_free (ProposeJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* In a worker, on a connection of its own: ranking 2,000 themes (their
 * flows, their handling records) takes longer than a frame. */
static void
propose_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProposeJob *job = task_data;
  g_autoptr(BsCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  BsPhaseProposal *proposal;

  catalogue = bs_catalogue_open_full (job->path, BS_CATALOGUE_OPEN_DEFER_CHECK, &error);
  if (catalogue == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Demand from the handling records, where the catalogue holds them,
   * weighs as much as the three measures of simplicity together. */
  proposal = bs_catalogue_propose_phases (catalogue, job->n_phases, bs_records_theme_demand, catalogue,
                                          1.0, &error);
  if (proposal == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, proposal, (GDestroyNotify) bs_phase_proposal_free);
}

static void
on_proposed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (source);
  ProposeJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  BsPhaseProposal *proposal = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request, or the dialog closing, made this one stale. */
  if (job->generation != self->propose_generation || self->catalogue == NULL)
    {
      g_clear_pointer (&proposal, bs_phase_proposal_free);
      return;
    }
  g_clear_object (&self->propose_cancellable);
  if (proposal == NULL)
    {
      bs_window_show_error (GTK_WIDGET (self), _("Could Not Propose Phases"), error);
      build_proposal (self);
      return;
    }
  apply_proposal (self, proposal);
}

/* Asks the core for a proposal of as many phases as the spin button says,
 * in a worker when the catalogue is a file; meanwhile a spinner. */
static gboolean
compute_proposal (BsPhasesDialog *self)
{
  const char *path = bs_catalogue_get_path (self->catalogue);
  guint n = MAX (gtk_spin_button_get_value_as_int (self->count_spin), 1);

  self->propose_generation++;
  g_cancellable_cancel (self->propose_cancellable);
  g_clear_object (&self->propose_cancellable);

  if (path == NULL)
    {
      g_autoptr(GError) error = NULL;
      BsPhaseProposal *proposal = bs_catalogue_propose_phases (self->catalogue, n, bs_records_theme_demand,
                                                               self->catalogue, 1.0, &error);

      if (proposal == NULL)
        {
          bs_window_show_error (GTK_WIDGET (self), _("Could Not Propose Phases"), error);
          return FALSE;
        }
      apply_proposal (self, proposal);
      return TRUE;
    }

  {
    g_autoptr(GTask) task = NULL;
    ProposeJob *job = g_new0 (ProposeJob, 1);

    job->path = g_strdup (path);
    job->n_phases = n;
    job->generation = self->propose_generation;
    self->propose_cancellable = g_cancellable_new ();
    task = g_task_new (self, self->propose_cancellable, on_proposed_cb, NULL);
    g_task_set_task_data (task, job, (GDestroyNotify) propose_job_free);
    g_task_run_in_thread (task, propose_thread);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phases.accept", FALSE);
  gtk_stack_set_visible_child_name (self->proposal_stack, "computing");
  return TRUE;
}

static void
on_count_changed_cb (BsPhasesDialog *self)
{
  if (!self->loading && (self->proposal != NULL || self->propose_cancellable != NULL))
    compute_proposal (self);
}

/* The day after the latest end of a phase, else today. */
static BsDate
default_start (BsPhasesDialog *self)
{
  BsDate last = BS_DATE_NONE;

  for (guint i = 0; self->phases != NULL && i < self->phases->len; i++)
    last = MAX (last, ((BsPhase *) g_ptr_array_index (self->phases, i))->end);
  return last != BS_DATE_NONE ? last + 1 : bs_catalogue_get_today (self->catalogue);
}

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (widget);
  g_autofree char *start = bs_date_to_string (default_start (self));

  set_entry_text (GTK_WIDGET (self->start_entry), start ? start : "");
  if (!compute_proposal (self))
    return;
  gtk_stack_set_visible_child_name (self->page_stack, "propose");
  gtk_widget_grab_focus (GTK_WIDGET (self->count_spin));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (widget);

  gtk_stack_set_visible_child_name (self->page_stack, "phases");
  /* A proposal still being computed is not wanted any more. */
  self->propose_generation++;
  g_cancellable_cancel (self->propose_cancellable);
  g_clear_object (&self->propose_cancellable);
  self->loading = TRUE;
  clear_proposal_box (self);
  clear_proposal (self);
  self->loading = FALSE;
}

static void
edited_phase_free (BsProposedPhase *phase)
{
  g_free (phase->name);
  g_ptr_array_unref (phase->themes);
  g_free (phase);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (widget);
  g_autoptr(BsPhasesDialog) hold = g_object_ref (self);
  g_autoptr(BsPhaseProposal) edited = g_new0 (BsPhaseProposal, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int days;
  BsDate start;
  guint n;
  gboolean accepted;

  if (self->ranks == NULL)
    return;
  if (!parse_date (GTK_WIDGET (self->start_entry), &start, &error) || start == BS_DATE_NONE)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("Give the day the first phase starts, e.g. 2026-06-30"));
      gtk_widget_add_css_class (GTK_WIDGET (self->start_entry), "error");
      bs_window_show_error (widget, _("Could Not Accept the Proposal"), error);
      return;
    }
  gtk_spin_button_update (self->days_spin);
  days = gtk_spin_button_get_value_as_int (self->days_spin);

  /* The proposal as edited, without its empty phases. */
  edited->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) edited_phase_free);
  for (guint p = 0; p < n_proposed (self); p++)
    {
      BsProposedPhase *phase;

      if (count_assigned (self, p) == 0)
        continue;
      phase = g_new0 (BsProposedPhase, 1);
      phase->name = g_strstrip (g_strdup (proposed_name (self, p)));
      phase->themes = g_ptr_array_new ();
      for (guint i = 0; i < self->ranks->len; i++)
        if (g_array_index (self->assigned, int, i) == (int) p)
          g_ptr_array_add (phase->themes, g_ptr_array_index (self->ranks, i));
      g_ptr_array_add (edited->phases, phase);
      if (phase->name[0] == '\0')
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Proposed phase %u has no name: give it one"), p + 1);
          bs_window_show_error (widget, _("Could Not Accept the Proposal"), error);
          return;
        }
    }
  n = edited->phases->len;
  if (n == 0)
    return;

  self->accepting = TRUE;
  accepted = bs_catalogue_accept_phase_proposal (self->catalogue, edited, start, days, &error);
  self->accepting = FALSE;
  if (!accepted)
    {
      bs_window_show_error (widget, _("Could Not Accept the Proposal"), error);
      return;
    }
  back_action (widget, NULL, NULL);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u phase and its tasks",
                                       "Added %u phases and their tasks", n),
                          n);
  bs_window_show_undo_toast (widget, text);
}

/* ------------------------------------------------------------------ */
/* Undo and redo from the dialog; the catalogue's "changed" does the rest. */

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (widget);
  gboolean undo = g_str_equal (action_name, "phases.undo");
  g_autoptr(GError) error = NULL;

  if (undo ? !bs_catalogue_can_undo (self->catalogue) : !bs_catalogue_can_redo (self->catalogue))
    return;
  if (!(undo ? bs_catalogue_undo (self->catalogue, &error) : bs_catalogue_redo (self->catalogue, &error)))
    bs_window_show_error (widget, undo ? _("Could Not Undo") : _("Could Not Redo"), error);
}

static void
on_catalogue_changed_cb (BsPhasesDialog *self,
                         BsChanges      *changes,
                         BsCatalogue    *catalogue)
{
  if (bs_changes_has_table (changes, BS_TABLE_PHASE) || bs_changes_has_table (changes, BS_TABLE_TASK))
    load_phases (self);
  if (bs_changes_has_table (changes, BS_TABLE_META))
    {
      g_autofree char *name = bs_catalogue_dup_name (catalogue);

      adw_window_title_set_subtitle (self->phases_title, name);
    }

  /* Which themes are left, and their figures, may have changed. */
  if (self->proposal != NULL && !self->accepting &&
      (bs_changes_has_table (changes, BS_TABLE_TASK) ||
       bs_changes_has_table (changes, BS_TABLE_THEME) ||
       bs_changes_has_table (changes, BS_TABLE_THEME_ITEM) ||
       bs_changes_has_table (changes, BS_TABLE_THEME_EDGE) ||
       bs_changes_has_table (changes, BS_TABLE_ITEM)))
    compute_proposal (self);
}

/* Saves what is typed and not saved yet. A refusal keeps the dialog open
 * once, with the text marked; closing again lets the refused text go. */
static gboolean
on_close_request_cb (BsPhasesDialog *self)
{
  g_autoptr(GList) rows = NULL;

  if (self->loading || self->catalogue == NULL)
    return GDK_EVENT_PROPAGATE;

  rows = list_phase_rows (self);
  for (GList *l = rows; l != NULL; l = l->next)
    {
      const BsPhase *stored = find_stored_phase (self, row_phase_id (l->data));

      for (Field field = 0; stored != NULL && field < N_FIELDS; field++)
        {
          GtkWidget *entry = row_get (l->data, field_keys[field]);
          g_autofree char *text = dup_stripped (GTK_EDITABLE (entry));
          g_autofree char *stored_text = dup_field_string (stored, field);

          if (g_strcmp0 (text, stored_text) == 0 || is_refused (entry))
            continue;
          save_field (self, l->data, field, TRUE);
          if (is_refused (entry))
            return GDK_EVENT_STOP;
          stored = find_stored_phase (self, row_phase_id (l->data));
        }
    }
  /* No more saving while the widgets go. */
  self->loading = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
bs_phases_dialog_dispose (GObject *object)
{
  BsPhasesDialog *self = BS_PHASES_DIALOG (object);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->phases, g_ptr_array_unref);
  g_clear_object (&self->count_group);
  g_clear_pointer (&self->theme_dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->phase_captions, g_ptr_array_unref);
  g_cancellable_cancel (self->propose_cancellable);
  g_clear_object (&self->propose_cancellable);
  clear_proposal (self);

  G_OBJECT_CLASS (bs_phases_dialog_parent_class)->dispose (object);
}

static void
bs_phases_dialog_class_init (BsPhasesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_phases_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bs-phases-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, page_stack);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, phases_title);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, phases_stack);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, phase_list);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, start_entry);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, days_spin);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, proposal_stack);
  gtk_widget_class_bind_template_child (widget_class, BsPhasesDialog, proposal_box);

  gtk_widget_class_install_action (widget_class, "phases.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "phases.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "phases.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "phases.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "phases.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "phases.redo", NULL, history_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "phases.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "phases.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "phases.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "phases.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "phases.redo", NULL);
}

static void
bs_phases_dialog_init (BsPhasesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->theme_dropdowns = g_ptr_array_new ();
  self->count_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  {
    GtkWidget *spinner = gtk_spinner_new ();

    gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
    gtk_widget_set_size_request (spinner, 32, 32);
    gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
    gtk_widget_set_valign (spinner, GTK_ALIGN_START);
    gtk_widget_set_margin_top (spinner, 24);
    gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Ranking the themes…"), -1);
    gtk_stack_add_named (self->proposal_stack, spinner, "computing");
  }
  self->phase_captions = g_ptr_array_new ();

  bs_wheel_guard_attach (GTK_WIDGET (self->count_spin));
  bs_wheel_guard_attach (GTK_WIDGET (self->days_spin));
  g_signal_connect_object (self->count_spin, "value-changed", G_CALLBACK (on_count_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->days_spin, "value-changed", G_CALLBACK (update_captions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->start_entry, "changed", G_CALLBACK (on_start_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);
}

void
bs_phases_dialog_present (GtkWindow   *parent,
                          BsCatalogue *catalogue)
{
  BsPhasesDialog *self;
  g_autofree char *name = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (BS_IS_CATALOGUE (catalogue));

  self = g_object_new (BS_TYPE_PHASES_DIALOG, "transient-for", parent, NULL);
  self->catalogue = g_object_ref (catalogue);
  name = bs_catalogue_dup_name (catalogue);
  adw_window_title_set_subtitle (self->phases_title, name);
  load_phases (self);
  g_signal_connect_object (catalogue, "changed", G_CALLBACK (on_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self));
}
