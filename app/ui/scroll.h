/*
 * scroll.h - a finger on a list: a vertical drag moves it, a flick leaves it
 * gliding (kinetic scrolling), a tap or a long press names a row. Pure: the
 * events and the clock come from the caller (dispatch.h, the tests), nothing
 * is drawn here, and the list is only an extent in px.
 *
 *   sah_scroll_t *s = sah_scroll_new(10);          // slop: 10 px
 *   sah_scroll_set_extent(s, rows * row_h, view_h);
 *   sah_scroll_down(s, x, y, t);  sah_scroll_move(s, x, y, t);  ...
 *   switch (sah_scroll_up(s, x, y, t)) { case SAH_SCROLL_TAP: open(row_at(y)); ... }
 *   list_top_px = sah_scroll_offset(s);
 *   while (sah_scroll_wake_in(s, now) >= 0) { sleep; sah_scroll_step(s, now); redraw; }
 *
 * A press becomes a drag once it has moved more than the slop; from then on
 * it is never a tap nor a long press, whatever its release. A release that
 * moved fast over the last ~100 ms leaves the list gliding at that velocity,
 * slowing exponentially (time constant SAH_SCROLL_TAU_MS); the glide stops
 * when it is slow enough to be still, or at an end of the list, which it
 * does not pass (no overscroll: the place is where the end is). Once it
 * stops, sah_scroll_wake_in() is -1: an idle app is not woken again. A press
 * during a glide stops it and is only that: its release is no tap.
 */
#ifndef SAH_SCROLL_H
#define SAH_SCROLL_H

#include <stdbool.h>

/* The exponential glide's time constant (the velocity falls to 1/e in it),
 * and how far back the velocity of a release is measured. */
#define SAH_SCROLL_TAU_MS      325.0
#define SAH_SCROLL_VELOCITY_MS 100.0
/* A press held this long within the slop is a long press. */
#define SAH_SCROLL_LONG_PRESS_MS 500
/* Frames of a glide are this far apart (60 per second). */
#define SAH_SCROLL_FRAME_MS 16

typedef enum {
    SAH_SCROLL_NONE = 0,   /* nothing to act on (a glide caught, a long press fired) */
    SAH_SCROLL_TAP,        /* short, within the slop */
    SAH_SCROLL_LONG_PRESS, /* released after SAH_SCROLL_LONG_PRESS_MS within the slop,
                              without sah_scroll_fire_long_press() */
    SAH_SCROLL_DRAG,       /* moved the list (and may have left it gliding) */
} sah_scroll_kind_t;

typedef struct sah_scroll sah_scroll_t;

/* @slop_px: how far a press may move and still be a tap or long press.
 * Returns: (transfer full), NULL when out of memory. */
sah_scroll_t *sah_scroll_new(int slop_px) __attribute__((warn_unused_result));
/* NULL is a no-op. */
void sah_scroll_free(sah_scroll_t *s);

/* The list is @content_px tall in a view @view_px tall: the offset runs
 * from 0 to content - view (0 when it fits). The offset is clamped to it. */
void sah_scroll_set_extent(sah_scroll_t *s, double content_px, double view_px);
void sah_scroll_set_slop(sah_scroll_t *s, int slop_px);

/* The list's top, px below its first row's top: 0 .. the extent's end. */
double sah_scroll_offset(const sah_scroll_t *s);
/* Moves the list (clamped) and stops any glide (a key moved the list). */
void sah_scroll_set_offset(sah_scroll_t *s, double offset_px);
/* Stops a glide where it is (the screen changed). */
void sah_scroll_stop(sah_scroll_t *s);
/* Whether a glide is under way. */
bool sah_scroll_gliding(const sah_scroll_t *s);
/* Whether a press is down, and whether it has become a drag. */
bool sah_scroll_pressed(const sah_scroll_t *s);
bool sah_scroll_dragging(const sah_scroll_t *s);

/* A press at (@x, @y) at @t_ms: it stops a glide (and is then no tap). */
void sah_scroll_down(sah_scroll_t *s, int x, int y, double t_ms);
/* The press moved to (@x, @y). Returns: true when the offset changed. */
bool sah_scroll_move(sah_scroll_t *s, int x, int y, double t_ms);
/* The press ended at (@x, @y): what it was. A drag released fast leaves a
 * glide (sah_scroll_gliding()). */
sah_scroll_kind_t sah_scroll_up(sah_scroll_t *s, int x, int y, double t_ms);

/* For the event loop: ms until the held press becomes a long press (0:
 * now), -1 when it cannot (not down, a drag, fired, or a caught glide). */
int sah_scroll_long_press_in(const sah_scroll_t *s, double now_ms);
/* If the held press is a long press at @now_ms, marks it acted on (its
 * release is SAH_SCROLL_NONE) and returns true. */
bool sah_scroll_fire_long_press(sah_scroll_t *s, double now_ms);

/* For the event loop: ms until the next frame of a glide (0: due), -1 when
 * there is no glide (nothing to wake for). */
int sah_scroll_wake_in(const sah_scroll_t *s, double now_ms);
/* Moves a glide to where it is at @now_ms; it ends when it is still or at
 * an end. Returns: true when the offset changed. */
bool sah_scroll_step(sah_scroll_t *s, double now_ms);

#endif
