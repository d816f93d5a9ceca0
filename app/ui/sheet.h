/*
 * sheet.h - a row's actions, as a long press on a list shows them: a box in
 * the middle of the screen with the row's title, a button per action and a
 * Cancel button, drawn over the list by the screen that owns the sheet
 * (libview.c, menu.c). A tap outside the box cancels too.
 *
 *   sah_sheet_t *sh = sah_sheet_new();
 *   static const char *const labels[] = {"open", "delete"};   // UI string keys
 *   static const int ids[] = {ACT_OPEN, ACT_DELETE};
 *   sah_sheet_open(sh, row, title, labels, ids, 2);
 *   int id = sah_sheet_hit(sh, ui, 800, 480, x, y);      // SAH_SHEET_CANCEL, _NONE or an id
 *   sah_sheet_draw(sh, ui, buf);                          // over the list
 *   sah_sheet_free(sh);
 *
 * Keys: Up/Down choose a button, Enter runs it, Esc cancels (input.h's
 * SAH_UI_AT_SHEET). Buttons are 56 px tall at scale 1: 10.8 mm on the
 * 7-inch 800x480 panel, above the 9 mm a finger needs.
 */
#ifndef SAH_SHEET_H
#define SAH_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/ui.h"
#include "render/raster/raster.h"

#define SAH_SHEET_MAX_ACTIONS 4
#define SAH_SHEET_CANCEL      (-1) /* Cancel, or outside the box */
#define SAH_SHEET_NONE        (-2) /* inside the box, on no button */

typedef struct sah_sheet sah_sheet_t;

/* Returns: (transfer full), NULL when out of memory. */
sah_sheet_t *sah_sheet_new(void) __attribute__((warn_unused_result));
/* NULL is a no-op. */
void sah_sheet_free(sah_sheet_t *sh);

/*
 * sah_sheet_open:
 * @row: the row the actions are for (handed back by sah_sheet_row()).
 * @title: (nullable): the row's title, copied (cut to a line when drawn).
 * @labels: (transfer none): @n UI string keys, static: kept, not copied.
 * @ids: the caller's @n action ids (>= 0), copied.
 *
 * At most SAH_SHEET_MAX_ACTIONS; the first button is selected. Returns:
 * false when out of memory or @n is out of range (the sheet stays closed).
 */
bool sah_sheet_open(sah_sheet_t *sh, long row, const char *title, const char *const *labels,
                    const int *ids, size_t n) __attribute__((warn_unused_result));
void sah_sheet_close(sah_sheet_t *sh);
bool sah_sheet_is_open(const sah_sheet_t *sh);
long sah_sheet_row(const sah_sheet_t *sh);

/* What is at (@x, @y) on a screen @w x @h: an action's id,
 * SAH_SHEET_CANCEL (its button or outside the box) or SAH_SHEET_NONE. */
int sah_sheet_hit(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h, int x, int y);
/* Where button @i (0 .. n, n: Cancel) is; false when it is not shown. */
bool sah_sheet_button_rect(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h, size_t i,
                           int *x, int *y, int *bw, int *bh);

/* The keyboard: @d buttons down (clamped, Cancel last), and the selected
 * button's id (SAH_SHEET_CANCEL for Cancel). */
void sah_sheet_move(sah_sheet_t *sh, int d);
int sah_sheet_selected(const sah_sheet_t *sh);

/* Changes whenever the sheet shows something new (opened, closed, moved). */
unsigned long sah_sheet_serial(const sah_sheet_t *sh);

/* Draws the open sheet over what @buf holds (its box cleared first).
 * Returns: false when a glyph failed (logged); true when closed. */
bool sah_sheet_draw(const sah_sheet_t *sh, sah_ui_t *ui, sah_pagebuf_t *buf);

#endif
