/* bs-theme-note.h: notes a theme shows the applicant (温馨提示), about the
 * whole theme or one of its items, each with its condition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;        /* 0 until stored */
  gint64 theme_id;
  gint64 item_id;   /* 0: about the whole theme */
  int position;     /* order within the theme, from 0 */
  char *text;
} BsThemeNote;

BsThemeNote *bs_theme_note_new  (gint64             theme_id,
                                 gint64             item_id,
                                 const char        *text);
BsThemeNote *bs_theme_note_copy (const BsThemeNote *self);
void         bs_theme_note_free (BsThemeNote       *self);

/* A theme's notes in order. Element type BsThemeNote. */
GPtrArray   *bs_catalogue_list_theme_notes  (BsCatalogue        *self,
                                             gint64              theme_id,
                                             GError            **error);
BsThemeNote *bs_catalogue_get_theme_note    (BsCatalogue        *self,
                                             gint64              id,
                                             GError            **error);
/* Appends after the theme's last note. The item, if any, must be one of
 * the theme's. */
gint64       bs_catalogue_add_theme_note    (BsCatalogue        *self,
                                             const BsThemeNote  *note,
                                             GError            **error);
/* Text and item. */
gboolean     bs_catalogue_update_theme_note (BsCatalogue        *self,
                                             const BsThemeNote  *note,
                                             GError            **error);
gboolean     bs_catalogue_remove_theme_note (BsCatalogue        *self,
                                             gint64              id,
                                             GError            **error);
gboolean     bs_catalogue_move_theme_note   (BsCatalogue        *self,
                                             gint64              id,
                                             int                 position,
                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsThemeNote, bs_theme_note_free)

G_END_DECLS
