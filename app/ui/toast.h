/*
 * toast.h - a short message over whatever screen is shown ("Bookmark
 * added"), for a few seconds, with at most one action on it ("Undo").
 *
 *   sah_toast_t *t = sah_toast_new(ui);
 *   sah_toast_show(t, sah_ui_str(ui, "bookmark_removed"), sah_ui_str(ui, "undo"), now, 6000);
 *   int ms = sah_toast_due_in(t, now);     // the event loop's timeout
 *   if (sah_toast_expire(t, now)) ...;     // it went: draw again
 *   sah_toast_draw(t, buf);                // over a copy of the screen's picture
 *   sah_toast_free(t);
 *
 * The message ends by a timer, not by polling: the event loop asks
 * sah_toast_due_in() for its timeout and wakes once when it ends, and an
 * idle app with no message wakes no more (0 wake-ups).
 *
 * Drawn as a light box with a rule round it at the bottom of the screen,
 * above the reader's status bar, the text at the UI's start edge and the
 * action as a button at its end; the action is at least 52 px square at
 * 800x480 (10 mm on the 7-inch panel).
 */
#ifndef SAH_TOAST_H
#define SAH_TOAST_H

#include <stdbool.h>

#include "app/ui/ui.h"
#include "app/ui/widget.h"
#include "render/raster/raster.h"

typedef struct sah_toast sah_toast_t;

/* How long a message stays, ms: a plain one, and one that can be undone. */
#define SAH_TOAST_MS      3000
#define SAH_TOAST_UNDO_MS 6000

/* @ui: (transfer none) must outlive the toast. (transfer full), NULL when
 * out of memory. */
sah_toast_t *sah_toast_new(sah_ui_t *ui) __attribute__((warn_unused_result));
void sah_toast_free(sah_toast_t *t);

/* Shows @text (copied) until @now_ms + @duration_ms, in place of any
 * message shown; @action (nullable, copied): the button's label. */
void sah_toast_show(sah_toast_t *t, const char *text, const char *action, double now_ms,
                    double duration_ms);
void sah_toast_hide(sah_toast_t *t);
bool sah_toast_shown(const sah_toast_t *t);
/* Whether the message shown has an action. */
bool sah_toast_has_action(const sah_toast_t *t);
/* (transfer none): the message shown, NULL when none. */
const char *sah_toast_text(const sah_toast_t *t);

/* ms until the message ends (0: now), -1 when none is shown. */
int sah_toast_due_in(const sah_toast_t *t, double now_ms);
/* Ends the message when its time is up. Returns: true if it ended. */
bool sah_toast_expire(sah_toast_t *t, double now_ms);

/* Where the action's button is on a @w x @h screen; false when none. */
bool sah_toast_action_box(const sah_toast_t *t, int w, int h, sah_box_t *out);
/* Whether (@x, @y) of a @w x @h screen is on the message (its box). */
bool sah_toast_inside(const sah_toast_t *t, int w, int h, int x, int y);

/* Draws the message into @buf. False when a glyph failed (logged). */
bool sah_toast_draw(sah_toast_t *t, sah_pagebuf_t *buf);

/* Changes whenever the message does (shown, replaced, gone). */
unsigned long sah_toast_serial(const sah_toast_t *t);

#endif
