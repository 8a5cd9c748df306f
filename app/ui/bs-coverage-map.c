/* bs-coverage-map.c
 *
 * The map sizes itself to all its cells and lets its GtkScrolledWindow
 * scroll it, as the rollout's timeline does; each frame draws only what
 * the viewport's adjustments say is in sight (a hundred departments by two
 * thousand themes is 36,000 pixels wide). The department names stay at
 * the left and the theme names (turned upright) at the top of what is in
 * sight, over the cells.
 *
 * A cell's colour is the accent, more opaque the more items: on a
 * logarithmic scale up to the fullest cell, so that one item still shows
 * next to a hundred. The pointer or the keyboard (arrows, Home, End) picks
 * a cell; its tooltip says "department · theme: N items".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-coverage-map.h"
#include "bs-demand.h"
#include "bs-drawing.h"
#include "bs-visible-area.h"

#define ROW_HEADER 180
#define COLUMN_HEADER 128
#define CELL 18
#define MARGIN 8

struct _BsCoverageMap
{
  GtkWidget parent_instance;

  GPtrArray *departments;  /* char *: the rows */
  GPtrArray *themes;       /* char *: the columns */
  guint *department_items; /* per row: the department's items */
  guint *department_covered;
  guint *theme_items;      /* per column: the theme's items */
  guint *cells;            /* rows × columns */
  guint n_rows;
  guint n_columns;
  guint max_count;

  int hover_row;           /* the cell under the pointer, or -1 */
  int hover_column;
  int focus_row;           /* the keyboard's cell */
  int focus_column;

  BsVisibleArea area;      /* the viewport's page */
};

G_DEFINE_FINAL_TYPE (BsCoverageMap, bs_coverage_map, GTK_TYPE_WIDGET)

static guint
get_cell (BsCoverageMap *self,
          guint          row,
          guint          column)
{
  return self->cells[(gsize) row * self->n_columns + column];
}

static void
bs_coverage_map_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BsCoverageMap *self = BS_COVERAGE_MAP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = ROW_HEADER + (int) self->n_columns * CELL + MARGIN;
  else
    *minimum = *natural = COLUMN_HEADER + (int) self->n_rows * CELL + MARGIN;
}

/* ------------------------------------------------------------------ */
/* What is in sight */

static graphene_rect_t
get_visible (BsCoverageMap *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  return bs_visible_area_update (&self->area, widget, gtk_widget_get_width (widget),
                                 gtk_widget_get_height (widget));
}

typedef enum
{
  HIT_NONE,
  HIT_CELL,
  HIT_DEPARTMENT,  /* a row's header */
  HIT_THEME,       /* a column's header */
} Hit;

static Hit
hit_test (BsCoverageMap *self,
          double         x,
          double         y,
          int           *out_row,
          int           *out_column)
{
  graphene_rect_t visible = get_visible (self);
  gboolean in_row_header = x < visible.origin.x + ROW_HEADER;
  gboolean in_column_header = y < visible.origin.y + COLUMN_HEADER;
  int row = (int) floor ((y - COLUMN_HEADER) / CELL);
  int column = (int) floor ((x - ROW_HEADER) / CELL);
  gboolean row_ok = y >= COLUMN_HEADER && row >= 0 && (guint) row < self->n_rows;
  gboolean column_ok = x >= ROW_HEADER && column >= 0 && (guint) column < self->n_columns;

  *out_row = row_ok ? row : -1;
  *out_column = column_ok ? column : -1;
  if (in_row_header && in_column_header)
    return HIT_NONE;
  if (in_row_header)
    return row_ok ? HIT_DEPARTMENT : HIT_NONE;
  if (in_column_header)
    return column_ok ? HIT_THEME : HIT_NONE;
  return row_ok && column_ok ? HIT_CELL : HIT_NONE;
}

/* ------------------------------------------------------------------ */
/* Drawing */

/* Draws @text with its vertical middle at @y. */
static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       max_width,
           gboolean     centered)
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 && !centered ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, centered ? x + (max_width - width) / 2 : x, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static double
cell_alpha (BsCoverageMap *self,
            guint          count)
{
  if (count == 0 || self->max_count == 0)
    return 0;
  return 0.18 + 0.82 * log1p ((double) count) / log1p ((double) self->max_count);
}

static void
bs_coverage_map_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  BsCoverageMap *self = BS_COVERAGE_MAP (widget);
  graphene_rect_t visible;
  GdkRGBA fg, accent, accent_fg, bg;
  g_autoptr(PangoLayout) label_layout = NULL;
  g_autoptr(PangoLayout) count_layout = NULL;
  double vx, vy, vw, vh;
  guint r0, r1, c0, c1;
  cairo_t *cr;

  if (self->n_rows == 0 || self->n_columns == 0)
    return;
  visible = get_visible (self);
  vx = visible.origin.x;
  vy = visible.origin.y;
  vw = visible.size.width;
  vh = visible.size.height;
  if (vw <= 0 || vh <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  accent = bs_drawing_lookup_color (widget, "accent_color", &(GdkRGBA) { 0.2f, 0.4f, 0.8f, 1.0f });
  accent_fg = bs_drawing_lookup_color (widget, "accent_fg_color", &(GdkRGBA) { 1, 1, 1, 1 });
  bg = bs_drawing_lookup_color (widget, "view_bg_color", &(GdkRGBA) { 1, 1, 1, 1 });
  label_layout = bs_drawing_new_layout (widget, 0.85, PANGO_WEIGHT_NORMAL);
  count_layout = bs_drawing_new_layout (widget, 0.7, PANGO_WEIGHT_NORMAL);

  r0 = (guint) MAX (0.0, floor ((vy + COLUMN_HEADER - COLUMN_HEADER) / CELL));
  r1 = (guint) MIN ((double) self->n_rows, ceil ((vy + vh - COLUMN_HEADER) / CELL));
  c0 = (guint) MAX (0.0, floor ((vx + ROW_HEADER - ROW_HEADER) / CELL));
  c1 = (guint) MIN ((double) self->n_columns, ceil ((vx + vw - ROW_HEADER) / CELL));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (vx, vy, vw, vh));

  /* The cells, with a faint grid. */
  bs_drawing_set_source (cr, &fg, 0.07);
  for (guint r = r0; r <= r1; r++)
    cairo_rectangle (cr, ROW_HEADER, COLUMN_HEADER + r * CELL, self->n_columns * CELL, 1);
  for (guint c = c0; c <= c1; c++)
    cairo_rectangle (cr, ROW_HEADER + c * CELL, COLUMN_HEADER, 1, self->n_rows * CELL);
  cairo_fill (cr);
  for (guint r = r0; r < r1; r++)
    for (guint c = c0; c < c1; c++)
      {
        guint count = get_cell (self, r, c);
        double alpha = cell_alpha (self, count);
        double x = ROW_HEADER + c * CELL, y = COLUMN_HEADER + r * CELL;
        char text[16];

        if (count == 0)
          continue;
        bs_drawing_set_source (cr, &accent, alpha);
        cairo_rectangle (cr, x + 1, y + 1, CELL - 1, CELL - 1);
        cairo_fill (cr);
        if (count < 100)
          {
            g_snprintf (text, sizeof text, "%u", count);
            if (alpha > 0.55)
              bs_drawing_set_source (cr, &accent_fg, 1.0);
            else
              bs_drawing_set_source (cr, &fg, 0.85);
            draw_text (cr, count_layout, text, x, y + CELL / 2.0 + 0.5, CELL, TRUE);
          }
      }

  /* The pointer's row and column, and its cell. */
  if (self->hover_row >= 0 && self->hover_column >= 0)
    {
      bs_drawing_set_source (cr, &fg, 0.06);
      cairo_rectangle (cr, vx, COLUMN_HEADER + self->hover_row * CELL, vw, CELL);
      cairo_rectangle (cr, ROW_HEADER + self->hover_column * CELL, vy, CELL, vh);
      cairo_fill (cr);
      bs_drawing_set_source (cr, &fg, 0.8);
      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, ROW_HEADER + self->hover_column * CELL + 0.75,
                       COLUMN_HEADER + self->hover_row * CELL + 0.75, CELL - 0.5, CELL - 0.5);
      cairo_stroke (cr);
    }

  /* The department names, at the left of what is in sight. */
  bs_drawing_set_source (cr, &bg, 1.0);
  cairo_rectangle (cr, vx, vy, ROW_HEADER, vh);
  cairo_fill (cr);
  for (guint r = r0; r < r1; r++)
    {
      double y = COLUMN_HEADER + r * CELL;

      bs_drawing_set_source (cr, &fg, (int) r == self->hover_row ? 1.0 : 0.8);
      draw_text (cr, label_layout, g_ptr_array_index (self->departments, r), vx + 6, y + CELL / 2.0,
                 ROW_HEADER - 12, FALSE);
    }

  /* The theme names, upright, at the top. */
  bs_drawing_set_source (cr, &bg, 1.0);
  cairo_rectangle (cr, vx, vy, vw, COLUMN_HEADER);
  cairo_fill (cr);
  for (guint c = c0; c < c1; c++)
    {
      double x = ROW_HEADER + c * CELL;

      cairo_save (cr);
      cairo_translate (cr, x + CELL / 2.0, vy + COLUMN_HEADER - 6);
      cairo_rotate (cr, -G_PI / 2);
      bs_drawing_set_source (cr, &fg, (int) c == self->hover_column ? 1.0 : 0.8);
      draw_text (cr, label_layout, g_ptr_array_index (self->themes, c), 0, 0, COLUMN_HEADER - 12, FALSE);
      cairo_restore (cr);
    }

  /* The corner says what the headers are. */
  bs_drawing_set_source (cr, &bg, 1.0);
  cairo_rectangle (cr, vx, vy, ROW_HEADER, COLUMN_HEADER);
  cairo_fill (cr);
  bs_drawing_set_source (cr, &fg, 0.55);
  /* Translators: the corner of the coverage matrix, over the theme names */
  draw_text (cr, label_layout, _("Themes →"), vx + ROW_HEADER - 90, vy + COLUMN_HEADER - 40, 84, FALSE);
  /* Translators: the corner of the coverage matrix, over the department names */
  draw_text (cr, label_layout, _("Departments ↓"), vx + 6, vy + COLUMN_HEADER - 14, ROW_HEADER - 12, FALSE);

  bs_drawing_set_source (cr, &fg, 0.15);
  cairo_rectangle (cr, vx + ROW_HEADER - 1, vy, 1, vh);
  cairo_rectangle (cr, vx, vy + COLUMN_HEADER - 1, vw, 1);
  cairo_fill (cr);
  cairo_destroy (cr);

  /* The keyboard's cell. */
  if (gtk_widget_has_visible_focus (widget) && self->focus_row >= 0 && self->focus_column >= 0)
    {
      GskRoundedRect outline;
      const float border[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (ROW_HEADER + self->focus_column * CELL - 1,
                                                            COLUMN_HEADER + self->focus_row * CELL - 1,
                                                            CELL + 3, CELL + 3),
                                       3);
      gtk_snapshot_append_border (snapshot, &outline, border, colors);
    }
}

/* ------------------------------------------------------------------ */
/* Tooltips, pointer and keyboard */

char *
bs_coverage_map_describe_cell (BsCoverageMap *self,
                               guint          department,
                               guint          theme)
{
  guint count;

  g_return_val_if_fail (BS_IS_COVERAGE_MAP (self), NULL);

  if (department >= self->n_rows || theme >= self->n_columns)
    return NULL;
  count = get_cell (self, department, theme);
  /* Translators: a cell of the coverage matrix: department · theme: how many of the department's items the theme holds */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s: %u item", "%s · %s: %u items", count),
                          (const char *) g_ptr_array_index (self->departments, department),
                          (const char *) g_ptr_array_index (self->themes, theme), count);
}

static char *
describe_department (BsCoverageMap *self,
                     guint          row)
{
  guint themes = 0;
  g_autofree char *items = NULL;

  for (guint c = 0; c < self->n_columns; c++)
    themes += get_cell (self, row, c) > 0;
  items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of its %u item in a theme",
                                        "%u of its %u items in a theme", self->department_items[row]),
                           self->department_covered[row], self->department_items[row]);
  /* Translators: a department in the coverage matrix: name, “N of its M items in a theme”, “in N themes” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%s, in %u theme", "%s\n%s, in %u themes", themes),
                          (const char *) g_ptr_array_index (self->departments, row), items, themes);
}

static char *
describe_theme (BsCoverageMap *self,
                guint          column)
{
  guint departments = 0;
  g_autofree char *items = NULL;

  for (guint r = 0; r < self->n_rows; r++)
    departments += get_cell (self, r, column) > 0;
  items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", self->theme_items[column]),
                           self->theme_items[column]);
  /* Translators: a theme in the coverage matrix: name, “N items”, how many departments they come from */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%s from %u department", "%s\n%s from %u departments",
                                       departments),
                          (const char *) g_ptr_array_index (self->themes, column), items, departments);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  BsCoverageMap *self = BS_COVERAGE_MAP (widget);
  g_autofree char *text = NULL;
  int row = self->focus_row, column = self->focus_column;
  Hit hit = keyboard ? (row >= 0 && column >= 0 ? HIT_CELL : HIT_NONE) : hit_test (self, x, y, &row, &column);

  switch (hit)
    {
    case HIT_CELL:
      text = bs_coverage_map_describe_cell (self, (guint) row, (guint) column);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { ROW_HEADER + column * CELL, COLUMN_HEADER + row * CELL,
                                                            CELL, CELL });
      break;
    case HIT_DEPARTMENT:
      text = describe_department (self, (guint) row);
      break;
    case HIT_THEME:
      text = describe_theme (self, (guint) column);
      break;
    case HIT_NONE:
    default:
      return FALSE;
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_hover (BsCoverageMap *self,
           int            row,
           int            column)
{
  if (self->hover_row == row && self->hover_column == column)
    return;
  self->hover_row = row;
  self->hover_column = column;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              BsCoverageMap            *self)
{
  int row, column;

  if (hit_test (self, x, y, &row, &column) == HIT_CELL)
    set_hover (self, row, column);
  else
    set_hover (self, -1, -1);
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             BsCoverageMap            *self)
{
  set_hover (self, -1, -1);
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               BsCoverageMap   *self)
{
  int row, column;

  if (hit_test (self, x, y, &row, &column) != HIT_CELL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->focus_row = row;
  self->focus_column = column;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
move_focus (BsCoverageMap *self,
            int            row,
            int            column)
{
  if (self->n_rows == 0 || self->n_columns == 0)
    return;
  self->focus_row = CLAMP (row, 0, (int) self->n_rows - 1);
  self->focus_column = CLAMP (column, 0, (int) self->n_columns - 1);
  /* In sight beyond the headers that cover the top and left. */
  if (self->area.hadjustment != NULL)
    gtk_adjustment_clamp_page (self->area.hadjustment, self->focus_column * CELL,
                               ROW_HEADER + (self->focus_column + 1) * CELL);
  if (self->area.vadjustment != NULL)
    gtk_adjustment_clamp_page (self->area.vadjustment, self->focus_row * CELL,
                               COLUMN_HEADER + (self->focus_row + 1) * CELL);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   BsCoverageMap         *self)
{
  int row = MAX (self->focus_row, 0), column = MAX (self->focus_column, 0);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_focus (self, row - 1, column);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_focus (self, row + 1, column);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_focus (self, row, column - 1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_focus (self, row, column + 1);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      move_focus (self, row, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      move_focus (self, row, (int) self->n_columns - 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
bs_coverage_map_root (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  GTK_WIDGET_CLASS (bs_coverage_map_parent_class)->root (widget);
  /* Taking the focus would scroll the viewport to the map's corner; the
   * map scrolls to its focused cell itself. */
  if (GTK_IS_VIEWPORT (parent))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (parent), FALSE);
}

static void
bs_coverage_map_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_coverage_map_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

/* ------------------------------------------------------------------ */

static void
clear_matrix (BsCoverageMap *self)
{
  g_ptr_array_set_size (self->departments, 0);
  g_ptr_array_set_size (self->themes, 0);
  g_clear_pointer (&self->department_items, g_free);
  g_clear_pointer (&self->department_covered, g_free);
  g_clear_pointer (&self->theme_items, g_free);
  g_clear_pointer (&self->cells, g_free);
  self->n_rows = self->n_columns = self->max_count = 0;
  self->hover_row = self->hover_column = -1;
  self->focus_row = self->focus_column = -1;
}

static void
bs_coverage_map_dispose (GObject *object)
{
  BsCoverageMap *self = BS_COVERAGE_MAP (object);

  bs_visible_area_clear (&self->area, GTK_WIDGET (self));

  G_OBJECT_CLASS (bs_coverage_map_parent_class)->dispose (object);
}

static void
bs_coverage_map_finalize (GObject *object)
{
  BsCoverageMap *self = BS_COVERAGE_MAP (object);

  clear_matrix (self);
  g_ptr_array_unref (self->departments);
  g_ptr_array_unref (self->themes);

  G_OBJECT_CLASS (bs_coverage_map_parent_class)->finalize (object);
}

static void
bs_coverage_map_class_init (BsCoverageMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_coverage_map_dispose;
  object_class->finalize = bs_coverage_map_finalize;
  widget_class->measure = bs_coverage_map_measure;
  widget_class->snapshot = bs_coverage_map_snapshot;
  widget_class->css_changed = bs_coverage_map_css_changed;
  widget_class->root = bs_coverage_map_root;
  gtk_widget_class_set_css_name (widget_class, "coverage-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_coverage_map_init (BsCoverageMap *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->departments = g_ptr_array_new_with_free_func (g_free);
  self->themes = g_ptr_array_new_with_free_func (g_free);
  clear_matrix (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Coverage matrix"), -1);
}

GtkWidget *
bs_coverage_map_new (void)
{
  return g_object_new (BS_TYPE_COVERAGE_MAP, NULL);
}

void
bs_coverage_map_set_coverage (BsCoverageMap    *self,
                              const BsCoverage *coverage)
{
  g_autofree char *label = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *themes = NULL;
  g_autofree char *uncovered = NULL;
  g_autofree char *n_items = NULL;
  g_autofree char *n_uncovered = NULL;

  g_return_if_fail (BS_IS_COVERAGE_MAP (self));

  clear_matrix (self);
  if (coverage != NULL)
    {
      gsize n_cells;

      self->n_rows = coverage->departments->len;
      self->n_columns = coverage->themes->len;
      n_cells = (gsize) self->n_rows * self->n_columns;
      self->cells = g_memdup2 (coverage->cells, n_cells * sizeof (guint));
      self->department_items = g_new0 (guint, MAX (self->n_rows, 1));
      self->department_covered = g_new0 (guint, MAX (self->n_rows, 1));
      self->theme_items = g_new0 (guint, MAX (self->n_columns, 1));
      for (guint r = 0; r < self->n_rows; r++)
        {
          const BsCoverageEntry *entry = g_ptr_array_index (coverage->departments, r);

          g_ptr_array_add (self->departments, g_strdup (entry->name));
          self->department_items[r] = entry->n_items;
          self->department_covered[r] = entry->n_covered;
        }
      for (guint c = 0; c < self->n_columns; c++)
        {
          const BsCoverageEntry *entry = g_ptr_array_index (coverage->themes, c);

          g_ptr_array_add (self->themes, g_strdup (entry->name));
          self->theme_items[c] = entry->n_items;
        }
      for (gsize i = 0; i < n_cells; i++)
        self->max_count = MAX (self->max_count, self->cells[i]);

      departments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u department", "%u departments",
                                                  self->n_rows), self->n_rows);
      themes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u theme", "%u themes", self->n_columns),
                                self->n_columns);
      n_items = bs_demand_format_count (coverage->n_items);
      n_uncovered = bs_demand_format_count (coverage->n_items - coverage->n_covered_items);
      uncovered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s item is in no theme",
                                                "%s of %s items are in no theme", coverage->n_items),
                                   n_uncovered, n_items);
      /* Translators: the coverage matrix's accessible name: “N departments”, “N themes”, “N of M items are in no theme” */
      label = g_strdup_printf (_("Coverage matrix of %s by %s: %s"), departments, themes, uncovered);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label ? label : _("Coverage matrix"), -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
