/* bs-guide-print.h: a personalised guide as a printable A4 PDF
 *
 * The theme's name, the answers given and the questions still to answer,
 * the flow of the steps that apply (drawn by graphviz), the totals, then a
 * checklist: every step with a box to tick, where and when to go, what it
 * costs, and its materials with boxes too ("from step 2" when an earlier
 * step gives it, "depends on your answers" while pending), the steps' and
 * the theme's notes. A4 portrait, "Page N of M" at the foot of each page;
 * a line of text is never split across pages. User text is laid out as
 * plain text (never markup) in a font with Chinese.
 *
 * Any thread: the flow is drawn by graphviz under its lock
 * (bs-flow-layout.h), the rest touches nothing shared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bs-guide.h"

G_BEGIN_DECLS

/* A4 in points */
#define BS_GUIDE_PRINT_PAGE_WIDTH 595.276
#define BS_GUIDE_PRINT_PAGE_HEIGHT 841.89

/* The PDF document. Errors: graphviz's (BS_FLOW_LAYOUT_ERROR) when the
 * flow cannot be drawn, G_IO_ERROR_FAILED when cairo fails. */
GBytes   *bs_guide_print_pdf_bytes (const BsGuide  *guide,
                                    GError        **error);
/* The same written to @path (replaced as a whole, or left as it was). */
gboolean  bs_guide_print_pdf       (const BsGuide  *guide,
                                    const char     *path,
                                    GError        **error);

G_END_DECLS
