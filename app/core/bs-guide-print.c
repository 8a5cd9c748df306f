/* bs-guide-print.c: a personalised guide as a printable A4 PDF
 *
 * Laid out twice with the same Pango context: the first pass only measures
 * and counts the pages, the second draws, knowing the count for "Page N of
 * M". Text goes line by line (pango_cairo_show_layout_line), so a page
 * break falls between two lines and never through one, and paragraphs
 * longer than a page simply go on over the next. User text is only ever
 * given to pango_layout_set_text (no markup); bold labels are attributes
 * on byte ranges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include "bs-enums.h"
#include "bs-flow-layout.h"
#include "bs-guide-print.h"

#define PAGE_WIDTH BS_GUIDE_PRINT_PAGE_WIDTH
#define PAGE_HEIGHT BS_GUIDE_PRINT_PAGE_HEIGHT
#define MARGIN 50.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define CONTENT_TOP MARGIN
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN)
/* The foot line (theme name, page number) sits in the bottom margin. */
#define FOOTER_TOP (CONTENT_BOTTOM + 16.0)

/* Indents: a step's text right of its tick box, its materials' further. */
#define STEP_INDENT 20.0
#define MATERIAL_BOX_INDENT STEP_INDENT
#define MATERIAL_INDENT 38.0
#define BOX_SIZE 9.0
#define BULLET_RADIUS 1.8

/* The flow is never drawn larger than graphviz drew it, and as wide as the
 * page at most. One taller than a page is scaled down to fit one unless
 * that makes it smaller than FLOW_LEGIBLE_SCALE: then it goes on over up to
 * FLOW_MAX_PAGES pages, cut into slices that repeat FLOW_OVERLAP points of
 * the one before. */
#define FLOW_MAX_SCALE 1.0
#define FLOW_LEGIBLE_SCALE 0.6
#define FLOW_MAX_PAGES 4
#define FLOW_OVERLAP 24.0
/* Below this the left-to-right drawing is tried top to bottom too. */
#define FLOW_RETRY_SCALE 0.75

#define FONT_FAMILY "Noto Sans CJK SC,Sans"
#define FOOTER_TITLE_MAX_CHARS 200

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_STEP,
  STYLE_STRONG,
  STYLE_BODY,
  STYLE_DETAIL,
  STYLE_PENDING,
  STYLE_FOOTER,
  N_STYLES
} Style;

static const struct
{
  double size;      /* points */
  PangoWeight weight;
  PangoStyle slant;
  double grey;      /* 0 black */
} styles[N_STYLES] = {
  [STYLE_TITLE] = { 20, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_SUBTITLE] = { 11, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.35 },
  [STYLE_HEADING] = { 14, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_STEP] = { 11.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_STRONG] = { 10, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0 },
  [STYLE_BODY] = { 10, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0 },
  [STYLE_DETAIL] = { 9, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.25 },
  [STYLE_PENDING] = { 9, PANGO_WEIGHT_BOLD, PANGO_STYLE_ITALIC, 0.45 },
  [STYLE_FOOTER] = { 8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.4 },
};

/* What stands left of a paragraph's first line. */
typedef enum
{
  MARK_NONE,
  MARK_BOX,     /* an empty square to tick */
  MARK_BULLET,
} Mark;

typedef struct
{
  const BsGuide *guide;
  cairo_t *cr;
  PangoContext *context;
  PangoFontDescription *fonts[N_STYLES];
  char *footer_title;

  RsvgHandle *flow;       /* the steps' flow, or NULL */
  double flow_width;      /* its size in points */
  double flow_height;

  gboolean drawing;       /* the second pass */
  int page;               /* from 1 */
  int n_pages;            /* known in the second pass */
  double y;               /* where the next line's top goes */
  GError *error;          /* the first failure while drawing */
} Printer;

/* ------------------------------------------------------------------ */
/* Text */

/* Whether @text (valid UTF-8) is in a script written with full-width
 * characters. */
static gboolean
has_cjk (const char *text,
         gsize       length)
{
  for (const char *s = text; s < text + length; s = g_utf8_next_char (s))
    switch (g_unichar_get_script (g_utf8_get_char (s)))
      {
      case G_UNICODE_SCRIPT_HAN:
      case G_UNICODE_SCRIPT_HIRAGANA:
      case G_UNICODE_SCRIPT_KATAKANA:
      case G_UNICODE_SCRIPT_HANGUL:
      case G_UNICODE_SCRIPT_BOPOMOFO:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

/* A layout of @text wrapped at @width; its first @ui_length bytes are
 * Banshi's own words (-1: all of it), the rest is user text. The CJK font
 * draws quotes, apostrophes and "·" full-width: in our words, unless they
 * are in a CJK language, they get their proportional forms. */
static PangoLayout *
new_layout (Printer    *p,
            Style       style,
            const char *text,
            gssize      ui_length,
            double      width)
{
  PangoLayout *layout = pango_layout_new (p->context);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  gsize ui_end = ui_length < 0 ? strlen (valid) : MIN ((gsize) ui_length, strlen (valid));

  pango_layout_set_font_description (layout, p->fonts[style]);
  pango_layout_set_width (layout, (int) (MAX (width, 20.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, valid, -1);
  if (ui_end > 0 && !has_cjk (valid, ui_end))
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();
      PangoAttribute *features = pango_attr_font_features_new ("pwid");

      features->start_index = 0;
      features->end_index = (guint) ui_end;
      pango_attr_list_insert (attributes, features);
      pango_layout_set_attributes (layout, attributes);
    }
  return layout;
}

/* A "Label value" layout: the label (ours) bold. */
static PangoLayout *
new_field_layout (Printer    *p,
                  Style       style,
                  const char *label,
                  const char *value,
                  double      width)
{
  g_autofree char *text = g_strconcat (label, " ", value, NULL);
  PangoLayout *layout = new_layout (p, style, text, (gssize) strlen (label), width);
  PangoAttrList *attributes = pango_layout_get_attributes (layout);
  g_autoptr(PangoAttrList) own = NULL;
  PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

  if (attributes == NULL)
    attributes = own = pango_attr_list_new ();
  /* The label is ours and valid UTF-8: its bytes are kept as they are. */
  bold->start_index = 0;
  bold->end_index = (guint) strlen (label);
  pango_attr_list_insert (attributes, bold);
  pango_layout_set_attributes (layout, attributes);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* The height of @layout's first line: what must fit to start it. */
static double
first_line_height (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return (double) logical.height / PANGO_SCALE;
}

/* ------------------------------------------------------------------ */
/* Pages */

static void
set_grey (Printer *p,
          double   grey)
{
  cairo_set_source_rgb (p->cr, grey, grey, grey);
}

static void
draw_footer (Printer *p)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) page = NULL;
  g_autoptr(PangoLayout) title = NULL;
  PangoRectangle logical;
  double page_width;

  /* TRANSLATORS: at the foot of each page of a printed guide */
  number = g_strdup_printf (_("Page %d of %d"), p->page, p->n_pages);
  page = new_layout (p, STYLE_FOOTER, number, -1, CONTENT_WIDTH);
  pango_layout_set_width (page, -1);
  pango_layout_get_extents (page, NULL, &logical);
  page_width = (double) logical.width / PANGO_SCALE;

  title = new_layout (p, STYLE_FOOTER, p->footer_title, 0, CONTENT_WIDTH - page_width - 24);
  pango_layout_set_single_paragraph_mode (title, TRUE);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);

  set_grey (p, styles[STYLE_FOOTER].grey);
  cairo_set_line_width (p->cr, 0.5);
  cairo_move_to (p->cr, MARGIN, FOOTER_TOP - 5);
  cairo_line_to (p->cr, MARGIN + CONTENT_WIDTH, FOOTER_TOP - 5);
  cairo_stroke (p->cr);

  cairo_move_to (p->cr, MARGIN, FOOTER_TOP);
  pango_cairo_show_layout (p->cr, title);
  cairo_move_to (p->cr, MARGIN + CONTENT_WIDTH - page_width, FOOTER_TOP);
  pango_cairo_show_layout (p->cr, page);
}

static void
end_page (Printer *p)
{
  if (!p->drawing)
    return;
  draw_footer (p);
  cairo_show_page (p->cr);
}

static void
new_page (Printer *p)
{
  end_page (p);
  p->page++;
  p->y = CONTENT_TOP;
}

/* Starts a new page unless @height still fits on this one (or the page is
 * empty: what does not fit on an empty page goes there anyway). */
static void
ensure_space (Printer *p,
              double   height)
{
  if (p->y + height > CONTENT_BOTTOM && p->y > CONTENT_TOP)
    new_page (p);
}

/* Vertical space, none at the top of a page. */
static void
skip (Printer *p,
      double   height)
{
  if (p->y > CONTENT_TOP)
    p->y = MIN (p->y + height, CONTENT_BOTTOM);
}

static void
draw_mark (Printer *p,
           Mark     mark,
           double   x,
           double   line_top,
           double   line_height)
{
  double middle = line_top + line_height / 2;

  /* Not joined to the end of the line just drawn. */
  cairo_new_path (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  switch (mark)
    {
    case MARK_BOX:
      cairo_set_line_width (p->cr, 0.8);
      cairo_rectangle (p->cr, x + 0.5, middle - BOX_SIZE / 2, BOX_SIZE, BOX_SIZE);
      cairo_stroke (p->cr);
      break;
    case MARK_BULLET:
      cairo_arc (p->cr, x + BOX_SIZE / 2, middle, BULLET_RADIUS, 0, 2 * G_PI);
      cairo_fill (p->cr);
      break;
    case MARK_NONE:
    default:
      break;
    }
}

/* Puts @layout at @x (from the left margin), line by line, breaking pages
 * between lines; @mark goes at @mark_x left of the first line. */
static void
emit_layout (Printer     *p,
             PangoLayout *layout,
             Style        style,
             double       x,
             Mark         mark,
             double       mark_x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean first = TRUE;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int baseline = pango_layout_iter_get_baseline (iter);
      PangoRectangle logical;
      double height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      ensure_space (p, height);
      if (p->drawing)
        {
          set_grey (p, styles[style].grey);
          cairo_move_to (p->cr, MARGIN + x + (double) logical.x / PANGO_SCALE,
                         p->y + (double) (baseline - logical.y) / PANGO_SCALE);
          pango_cairo_show_layout_line (p->cr, line);
          if (first && mark != MARK_NONE)
            draw_mark (p, mark, MARGIN + mark_x, p->y, height);
        }
      p->y += height;
      first = FALSE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* User text */
static void
emit_text (Printer    *p,
           Style       style,
           const char *text,
           double      x)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, 0, CONTENT_WIDTH - x);

  emit_layout (p, layout, style, x, MARK_NONE, 0);
}

/* Banshi's own words */
static void
emit_ui_text (Printer    *p,
              Style       style,
              const char *text,
              double      x)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, -1, CONTENT_WIDTH - x);

  emit_layout (p, layout, style, x, MARK_NONE, 0);
}

static void
emit_marked_text (Printer    *p,
                  Style       style,
                  const char *text,
                  double      x,
                  Mark        mark,
                  double      mark_x)
{
  g_autoptr(PangoLayout) layout = new_layout (p, style, text, 0, CONTENT_WIDTH - x);

  emit_layout (p, layout, style, x, mark, mark_x);
}

/* "Label: value", nothing when @value is empty. */
static void
emit_field (Printer    *p,
            Style       style,
            const char *label,
            const char *value,
            double      x)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  layout = new_field_layout (p, style, label, value, CONTENT_WIDTH - x);
  emit_layout (p, layout, style, x, MARK_NONE, 0);
}

/* A section heading, kept on one page with at least @keep points of what
 * follows it. */
static void
emit_heading (Printer    *p,
              const char *text,
              double      keep)
{
  g_autoptr(PangoLayout) layout = new_layout (p, STYLE_HEADING, text, -1, CONTENT_WIDTH);

  skip (p, 14);
  ensure_space (p, layout_height (layout) + 6 + keep);
  emit_layout (p, layout, STYLE_HEADING, 0, MARK_NONE, 0);
  if (p->drawing)
    {
      set_grey (p, 0.6);
      cairo_set_line_width (p->cr, 0.6);
      cairo_move_to (p->cr, MARGIN, p->y + 1.5);
      cairo_line_to (p->cr, MARGIN + CONTENT_WIDTH, p->y + 1.5);
      cairo_stroke (p->cr);
    }
  p->y += 6;
}

/* ------------------------------------------------------------------ */
/* The parts of the guide */

static const char *
theme_name (const BsGuide *guide)
{
  return bs_guide_model_get_theme_name (guide->model);
}

/* The labels of @answer's options, "A, B". */
static char *
dup_answer_labels (const BsQuestion *question,
                   const GArray     *answer)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (answer->len == 0)
    /* TRANSLATORS: a multiple-choice question answered without any option */
    return g_strdup (_("None of these"));
  for (guint i = 0; i < answer->len; i++)
    {
      const BsOption *option = bs_question_find_option (question, g_array_index (answer, gint64, i));

      if (text->len > 0)
        /* TRANSLATORS: between the items of a list, "A, B" */
        g_string_append (text, C_("list", ", "));
      g_string_append (text, option != NULL ? option->label : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
dup_option_labels (const BsQuestion *question)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < question->options->len; i++)
    {
      const BsOption *option = g_ptr_array_index (question->options, i);

      if (i > 0)
        g_string_append (text, C_("list", ", "));
      g_string_append (text, option->label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_title (Printer *p)
{
  const BsGuide *guide = p->guide;
  g_autofree char *subtitle = NULL;
  guint n_steps = guide->steps->len;

  emit_text (p, STYLE_TITLE, theme_name (guide), 0);
  p->y += 2;
  /* TRANSLATORS: under the theme's name on a printed guide, e.g. "Your personalised guide: 5 steps" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Your personalised guide: %u step",
                                           "Your personalised guide: %u steps", n_steps),
                              n_steps);
  emit_ui_text (p, STYLE_SUBTITLE, subtitle, 0);
}

static void
print_answers (Printer *p)
{
  const BsGuide *guide = p->guide;
  guint n_answered = guide->questions->len - guide->n_unanswered;

  if (bs_guide_model_get_n_questions (guide->model) == 0)
    {
      emit_heading (p, _("Your situation"), 20);
      emit_ui_text (p, STYLE_BODY, _("This theme asks no questions: its guide is the same for everyone."), 0);
      return;
    }

  emit_heading (p, _("Your answers"), 30);
  if (n_answered == 0)
    emit_ui_text (p, STYLE_BODY, _("No questions answered yet."), 0);
  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);
      g_autofree char *labels = NULL;

      if (shown->answer == NULL)
        continue;
      labels = dup_answer_labels (shown->question, shown->answer);
      skip (p, 3);
      emit_marked_text (p, STYLE_STRONG, shown->question->prompt, STEP_INDENT, MARK_BULLET, 4);
      emit_text (p, STYLE_BODY, labels, STEP_INDENT + 12);
    }

  if (guide->n_unanswered == 0)
    return;
  emit_heading (p, _("Still to answer"), 40);
  emit_ui_text (p, STYLE_DETAIL,
             _("Until these are answered, the steps and materials marked “Depends on your "
               "answers” may or may not apply to you."), 0);
  for (guint i = 0; i < guide->questions->len; i++)
    {
      const BsGuideQuestion *shown = &g_array_index (guide->questions, BsGuideQuestion, i);
      g_autofree char *options = NULL;

      if (shown->answer != NULL)
        continue;
      options = dup_option_labels (shown->question);
      skip (p, 3);
      emit_marked_text (p, STYLE_STRONG, shown->question->prompt, STEP_INDENT, MARK_BOX, 4);
      if (shown->question->kind == BS_QUESTION_KIND_MULTIPLE)
        emit_field (p, STYLE_DETAIL, _("Choose any of:"), options, STEP_INDENT + 12);
      else
        emit_field (p, STYLE_DETAIL, _("Choose one of:"), options, STEP_INDENT + 12);
      if (shown->question->help[0] != '\0')
        emit_text (p, STYLE_DETAIL, shown->question->help, STEP_INDENT + 12);
    }
}

/* The room the drawing has on a page of its own, below its heading. */
static double
flow_room (void)
{
  return CONTENT_BOTTOM - CONTENT_TOP - 40;
}

/* The scale a drawing of @width × @height points is printed at. */
static double
flow_scale (double width,
            double height)
{
  double scale, one_page;

  if (width <= 0 || height <= 0)
    return FLOW_MAX_SCALE;
  scale = MIN (FLOW_MAX_SCALE, CONTENT_WIDTH / width);
  one_page = MIN (scale, flow_room () / height);
  if (one_page >= FLOW_LEGIBLE_SCALE || one_page == scale)
    return one_page;
  return MAX (one_page, MIN (scale, FLOW_MAX_PAGES * (flow_room () - FLOW_OVERLAP) / height));
}

static void
print_flow (Printer *p)
{
  double scale, width, height, x, done = 0;

  if (p->flow == NULL)
    return;

  scale = flow_scale (p->flow_width, p->flow_height);
  width = p->flow_width * scale;
  height = p->flow_height * scale;
  x = MARGIN + (CONTENT_WIDTH - width) / 2;

  /* The heading goes with the drawing (or its first page), onto a new page
   * if need be. */
  emit_heading (p, _("Your steps at a glance"), MIN (height, flow_room ()) + 4);
  for (;;)
    {
      double slice;

      ensure_space (p, MIN (height - done, flow_room ()));
      slice = MIN (height - done, CONTENT_BOTTOM - p->y);
      if (p->drawing && p->error == NULL)
        {
          RsvgRectangle viewport = { x, p->y - done, width, height };

          cairo_save (p->cr);
          cairo_rectangle (p->cr, MARGIN, p->y, CONTENT_WIDTH, slice);
          cairo_clip (p->cr);
          if (!rsvg_handle_render_document (p->flow, p->cr, &viewport, &p->error))
            g_prefix_error (&p->error, _("Could not draw the flow: "));
          cairo_restore (p->cr);
        }
      p->y += slice;
      done += slice;
      if (done >= height)
        break;
      /* The next slice starts a little above where this one ends. */
      if (slice > 2 * FLOW_OVERLAP)
        done -= FLOW_OVERLAP;
      new_page (p);
    }
}

static void
print_totals (Printer *p)
{
  const BsGuide *guide = p->guide;
  g_autofree char *steps = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *critical = NULL;
  guint n_pending = 0;

  /* Nothing to count: the checklist says why. */
  if (guide->steps->len == 0)
    return;
  for (guint i = 0; i < guide->steps->len; i++)
    n_pending += g_array_index (guide->steps, BsGuideStep, i).pending;

  emit_heading (p, _("In numbers"), 40);
  if (n_pending > 0)
    /* TRANSLATORS: the number of steps of a guide and, in the second
     * placeholder, how many of them depend on questions not yet answered */
    steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u, of which %u depends on your answers",
                                          "%u, of which %u depend on your answers", n_pending),
                             guide->steps->len, n_pending);
  else
    steps = g_strdup_printf ("%u", guide->steps->len);
  stages = g_strdup_printf ("%u", guide->n_stages);
  departments = g_strdup_printf ("%u", guide->n_departments);
  if (guide->n_unknown_visits > 0)
    /* TRANSLATORS: the visits to the service centre the steps need, and the
     * number of steps that do not say how many */
    visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d, and %u step does not say",
                                           "%d, and %u steps do not say", guide->n_unknown_visits),
                              guide->visits, guide->n_unknown_visits);
  else
    visits = g_strdup_printf ("%d", guide->visits);
  if (guide->statutory_days >= 0)
    {
      g_autofree char *statutory = bs_limit_dup_label (guide->statutory_days, BS_LIMIT_UNIT_WORKING_DAYS);
      g_autofree char *committed = bs_limit_dup_label (guide->committed_days, BS_LIMIT_UNIT_WORKING_DAYS);

      /* TRANSLATORS: the longest chain of steps, "11 working days committed
       * (23 working days statutory)" */
      critical = g_strdup_printf (_("%s committed (%s statutory)"), committed, statutory);
    }
  else
    critical = g_strdup (_("none while the steps’ prerequisites form a cycle"));

  emit_field (p, STYLE_BODY, _("Steps:"), steps, 0);
  emit_field (p, STYLE_BODY, _("Stages:"), stages, 0);
  emit_field (p, STYLE_BODY, _("Departments:"), departments, 0);
  emit_field (p, STYLE_BODY, _("Visits to the service centre:"), visits, 0);
  emit_field (p, STYLE_BODY, _("Longest chain of time limits:"), critical, 0);
}

static char *
dup_step_list (const GArray *numbers)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < numbers->len; i++)
    {
      if (i > 0)
        g_string_append (list, C_("list", ", "));
      g_string_append_printf (list, "%d", g_array_index (numbers, int, i));
    }
  /* TRANSLATORS: the steps to do before a step, "steps 1, 3" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "step %s", "steps %s", numbers->len),
                          list->str);
}

static void
print_material (Printer               *p,
                const BsGuideMaterial *shown)
{
  const BsMaterial *material = shown->material;
  g_autoptr(GString) facts = g_string_new (bs_material_form_get_label (material->form));
  g_autoptr(PangoLayout) layout = NULL;

  skip (p, 2);
  /* Its name not alone at the foot of a page, without the facts below. */
  layout = new_layout (p, STYLE_BODY, material->name, 0, CONTENT_WIDTH - MATERIAL_INDENT);
  ensure_space (p, first_line_height (layout) + 2 * styles[STYLE_DETAIL].size);
  emit_layout (p, layout, STYLE_BODY, MATERIAL_INDENT, MARK_BOX, MATERIAL_BOX_INDENT);

  if (material->copies > 0)
    {
      g_string_append (facts, C_("list", ", "));
      g_string_append_printf (facts, g_dngettext (GETTEXT_PACKAGE, "%d copy", "%d copies", material->copies),
                              material->copies);
    }
  g_string_append (facts, C_("list", ", "));
  g_string_append (facts, material->required ? _("required") : _("optional"));
  emit_ui_text (p, STYLE_DETAIL, facts->str, MATERIAL_INDENT);

  if (shown->from_step > 0)
    {
      g_autofree char *from = NULL;

      /* TRANSLATORS: a material that an earlier step of the guide gives the applicant */
      from = g_strdup_printf (_("From step %d: you receive it there"), shown->from_step);
      emit_ui_text (p, STYLE_STRONG, from, MATERIAL_INDENT);
    }
  if (shown->pending)
    emit_ui_text (p, STYLE_PENDING, _("Depends on your answers"), MATERIAL_INDENT);
  if (material->notes[0] != '\0')
    emit_text (p, STYLE_DETAIL, material->notes, MATERIAL_INDENT);
  emit_field (p, STYLE_DETAIL, _("Blank form:"), material->form_url, MATERIAL_INDENT);
  emit_field (p, STYLE_DETAIL, _("Sample:"), material->sample_url, MATERIAL_INDENT);
}

static void
print_step (Printer           *p,
            const BsGuideStep *step)
{
  const BsItem *item = step->item;
  const BsFlowNode *node = step->node;
  g_autofree char *heading = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *badge = bs_flow_dup_limit_badge (node);
  g_autofree char *visits = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  /* TRANSLATORS: the heading of a step of a printed guide, before the
   * item's name: "Step 3: 食品经营许可" */
  heading = g_strdup_printf (_("Step %d:"), step->number);
  layout = new_field_layout (p, STYLE_STEP, heading, item != NULL ? item->name : node->name,
                             CONTENT_WIDTH - STEP_INDENT);

  /* A step's heading never stands alone at the foot of a page. */
  skip (p, 12);
  ensure_space (p, first_line_height (layout) + 36);
  emit_layout (p, layout, STYLE_STEP, STEP_INDENT, MARK_BOX, 0);
  p->y += 2;

  if (step->pending)
    emit_ui_text (p, STYLE_PENDING,
               _("Depends on your answers: this step applies only for some answers to the "
                 "questions still open"), STEP_INDENT);

  emit_field (p, STYLE_DETAIL, _("Department:"), node->department_name, STEP_INDENT);
  stage = g_strdup_printf ("%u", step->stage + 1);
  emit_field (p, STYLE_DETAIL, _("Stage:"), stage, STEP_INDENT);
  if (step->prerequisites->len > 0)
    {
      g_autofree char *after = dup_step_list (step->prerequisites);

      emit_field (p, STYLE_DETAIL, _("After:"), after, STEP_INDENT);
    }
  emit_field (p, STYLE_DETAIL, _("Time limit:"), badge, STEP_INDENT);
  if (node->visits >= 0)
    {
      visits = g_strdup_printf ("%d", node->visits);
      emit_field (p, STYLE_DETAIL, _("Visits to the service centre:"), visits, STEP_INDENT);
    }
  if (item != NULL)
    {
      emit_field (p, STYLE_DETAIL, _("Fees:"), item->fees, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("Place:"), item->place, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("Hours:"), item->hours, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("Phone:"), item->phone, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("Online:"), item->online_url, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("Conditions:"), item->conditions, STEP_INDENT);
      emit_field (p, STYLE_DETAIL, _("You receive:"), item->result_name, STEP_INDENT);
    }

  if (step->materials->len > 0)
    {
      skip (p, 4);
      /* With the first material's name and facts. */
      ensure_space (p, 3 * 1.5 * styles[STYLE_BODY].size + 2);
      emit_ui_text (p, STYLE_STRONG, _("Materials to bring"), STEP_INDENT);
      for (guint i = 0; i < step->materials->len; i++)
        print_material (p, &g_array_index (step->materials, BsGuideMaterial, i));
    }
  else if (item != NULL)
    {
      skip (p, 4);
      emit_ui_text (p, STYLE_DETAIL, _("No materials to bring."), STEP_INDENT);
    }

  if (step->notes->len > 0)
    {
      skip (p, 4);
      for (guint i = 0; i < step->notes->len; i++)
        emit_field (p, STYLE_BODY, _("Note:"), g_ptr_array_index (step->notes, i), STEP_INDENT);
    }
}

static void
print_steps (Printer *p)
{
  const BsGuide *guide = p->guide;

  /* With the first step's heading and a few of its lines. */
  emit_heading (p, _("Checklist"), 100);
  if (guide->steps->len == 0)
    {
      if (bs_theme_flow_get_n_nodes (bs_guide_model_get_flow (guide->model)) == 0)
        emit_ui_text (p, STYLE_BODY, _("This theme has no steps yet."), 0);
      else
        emit_ui_text (p, STYLE_BODY, _("None of the theme’s steps applies to your answers."), 0);
      return;
    }
  emit_ui_text (p, STYLE_DETAIL,
             _("Tick each box when it is done. Steps of the same stage can be done at the same "
               "time; a step’s “After” steps come first."), 0);
  for (guint i = 0; i < guide->steps->len; i++)
    print_step (p, &g_array_index (guide->steps, BsGuideStep, i));
}

static void
print_notes (Printer *p)
{
  const BsGuide *guide = p->guide;

  if (guide->notes->len == 0)
    return;
  emit_heading (p, _("Good to know"), 30);
  for (guint i = 0; i < guide->notes->len; i++)
    {
      skip (p, 3);
      emit_marked_text (p, STYLE_BODY, g_ptr_array_index (guide->notes, i), STEP_INDENT,
                        MARK_BULLET, 4);
    }
}

static void
print_pass (Printer *p)
{
  p->page = 1;
  p->y = CONTENT_TOP;
  print_title (p);
  print_answers (p);
  print_flow (p);
  print_totals (p);
  print_steps (p);
  print_notes (p);
  end_page (p);
}

/* ------------------------------------------------------------------ */
/* The flow: graphviz's SVG, read by librsvg */

static RsvgHandle *
render_flow (const BsGuide    *guide,
             BsFlowDirection   direction,
             double           *out_width,
             double           *out_height,
             GError          **error)
{
  g_autoptr(BsFlowGraph) graph = NULL;
  g_autoptr(GBytes) svg = NULL;
  RsvgHandle *handle;
  const guint8 *data;
  gsize length;

  graph = bs_flow_graph_new_for_theme (guide->analysis, NULL, direction,
                                       BS_FLOW_GROUPING_DEPARTMENT, NULL, NULL);
  if (!(svg = bs_flow_render (graph, "svg", error)))
    return NULL;
  data = g_bytes_get_data (svg, &length);
  if (!(handle = rsvg_handle_new_from_data (data, length, error)))
    {
      g_prefix_error (error, _("Could not read graphviz’s drawing of the flow: "));
      return NULL;
    }
  /* graphviz sizes its drawing in points: at 72 dpi a pixel is a point. */
  rsvg_handle_set_dpi (handle, 72.0);
  if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, out_width, out_height))
    {
      gboolean has_width, has_height, has_viewbox;
      RsvgLength width, height;
      RsvgRectangle viewbox;

      rsvg_handle_get_intrinsic_dimensions (handle, &has_width, &width, &has_height, &height,
                                            &has_viewbox, &viewbox);
      *out_width = has_viewbox ? viewbox.width : 0;
      *out_height = has_viewbox ? viewbox.height : 0;
    }
  return handle;
}

/* ------------------------------------------------------------------ */
/* The document */

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The theme's name as one short line, for the foot of pages and the PDF's
 * title. */
static char *
dup_short_title (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *s = valid;

  for (guint n = 0; *s != '\0' && n < FOOTER_TITLE_MAX_CHARS; s = g_utf8_next_char (s), n++)
    {
      gunichar c = g_utf8_get_char (s);

      g_string_append_unichar (text, g_unichar_iscntrl (c) ? ' ' : c);
    }
  if (*s != '\0')
    g_string_append (text, "…");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
printer_clear (Printer *p)
{
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_object (&p->context);
  g_clear_pointer (&p->cr, cairo_destroy);
  g_clear_object (&p->flow);
  g_clear_pointer (&p->footer_title, g_free);
  g_clear_error (&p->error);
}

GBytes *
bs_guide_print_pdf_bytes (const BsGuide  *guide,
                          GError        **error)
{
  Printer p = { 0 };
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (guide != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p.guide = guide;

  /* Left to right first; a wide flow that would shrink too much is drawn
   * top to bottom when that fits better. */
  if (guide->steps->len > 0)
    {
      if (!(p.flow = render_flow (guide, BS_FLOW_DIRECTION_LEFT_RIGHT, &p.flow_width, &p.flow_height, error)))
        return NULL;
      if (flow_scale (p.flow_width, p.flow_height) < FLOW_RETRY_SCALE)
        {
          double width, height;
          RsvgHandle *tall = render_flow (guide, BS_FLOW_DIRECTION_TOP_BOTTOM, &width, &height, error);

          if (tall == NULL)
            {
              printer_clear (&p);
              return NULL;
            }
          if (flow_scale (width, height) > flow_scale (p.flow_width, p.flow_height))
            {
              g_object_unref (p.flow);
              p.flow = tall;
              p.flow_width = width;
              p.flow_height = height;
            }
          else
            g_object_unref (tall);
        }
    }

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (write_to_array, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  p.footer_title = dup_short_title (theme_name (guide));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, p.footer_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Banshi " PACKAGE_VERSION);
  p.cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  p.context = pango_cairo_create_context (p.cr);
  for (guint i = 0; i < N_STYLES; i++)
    {
      p.fonts[i] = pango_font_description_new ();
      pango_font_description_set_family (p.fonts[i], FONT_FAMILY);
      pango_font_description_set_size (p.fonts[i], (int) (styles[i].size * PANGO_SCALE));
      pango_font_description_set_weight (p.fonts[i], styles[i].weight);
      pango_font_description_set_style (p.fonts[i], styles[i].slant);
    }

  /* Measure, then draw. */
  p.drawing = FALSE;
  print_pass (&p);
  p.n_pages = p.page;
  p.drawing = TRUE;
  print_pass (&p);

  if (p.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p.error));
      printer_clear (&p);
      return NULL;
    }

  surface = cairo_get_target (p.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_status (p.cr);
  printer_clear (&p);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not make the PDF of the guide: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
bs_guide_print_pdf (const BsGuide  *guide,
                    const char     *path,
                    GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (guide != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(bytes = bs_guide_print_pdf_bytes (guide, error)))
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return g_file_set_contents (path, data, (gssize) length, error);
}
