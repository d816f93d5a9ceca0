/*
 * test-scroll.c - app/ui/scroll.h with synthetic event sequences: a drag
 * follows the finger and is never a tap; a flick glides, slows and stops
 * (then asks for no more wakeups); a glide stops at an end without passing
 * it; a tap, a long press (fired while held, or on release); a press during
 * a glide stops it and is no tap; a finger that stopped before it lifted
 * leaves no glide. Each case is a row: the moves, then what must follow.
 */
#include <math.h>
#include <stdio.h>

#include "app/ui/scroll.h"
#include "testutil.h"

#define SLOP 10

/* A press at y0 moved in @n equal steps of @dy px every @dt ms, released
 * @hold ms after the last move, at @t. Returns its kind. */
static sah_scroll_kind_t stroke(sah_scroll_t *s, double *t, int y0, int n, int dy, double dt,
                                double hold)
{
    int y = y0;
    sah_scroll_down(s, 100, y, *t);
    for (int i = 0; i < n; i++) {
        *t += dt;
        y += dy;
        sah_scroll_move(s, 100, y, *t);
    }
    *t += hold;
    return sah_scroll_up(s, 100, y, *t);
}

/* Steps a glide frame by frame (as the event loop does) until it asks for
 * no wakeup; returns the frames it took, -1 past 10 s. */
static int run_glide(sah_scroll_t *s, double *t)
{
    int frames = 0;
    for (int w; (w = sah_scroll_wake_in(s, *t)) >= 0;) {
        *t += w > 0 ? w : 0;
        sah_scroll_step(s, *t);
        if (++frames > 10000 / SAH_SCROLL_FRAME_MS)
            return -1;
    }
    return frames;
}

int main(void)
{
    sah_scroll_t *s = sah_scroll_new(SLOP);
    double t = 1000;
    CHECK(s != NULL, "new");
    sah_scroll_set_extent(s, 26 * 60, 400); /* 26 rows of 60 px in a 400 px view */

    /* A tap: within the slop, short. */
    CHECK(stroke(s, &t, 200, 2, 3, 20, 30) == SAH_SCROLL_TAP, "a short still press is a tap");
    CHECK(sah_scroll_offset(s) == 0 && !sah_scroll_gliding(s), "and moves nothing");

    /* A slow drag up by 150 px: follows the finger (less the slop, no jump),
     * is no tap, and leaves no glide once the finger rests before lifting. */
    CHECK(stroke(s, &t, 300, 16, -10, 20, 200) == SAH_SCROLL_DRAG, "a drag is a drag, not a tap");
    CHECK(fabs(sah_scroll_offset(s) - 150) < 0.5, "it followed the finger: %g",
          sah_scroll_offset(s));
    CHECK(!sah_scroll_gliding(s), "a finger that rested before lifting leaves no glide");
    CHECK(sah_scroll_wake_in(s, t) == -1, "and nothing to wake for");

    /* A drag that comes back within the slop of where it went down is still
     * no tap. */
    sah_scroll_down(s, 100, 300, t);
    CHECK(sah_scroll_pressed(s) && !sah_scroll_dragging(s), "pressed, not yet a drag");
    sah_scroll_move(s, 100, 260, t += 20);
    CHECK(sah_scroll_dragging(s), "a drag past the slop");
    sah_scroll_move(s, 100, 301, t += 20);
    CHECK(sah_scroll_up(s, 100, 300, t += 20) == SAH_SCROLL_DRAG,
          "a drag that came back is no tap");
    CHECK(fabs(sah_scroll_offset(s) - 140) < 1.5, "and the list is back, less the slop: %g",
          sah_scroll_offset(s));

    /* A flick up: 1 px/ms over the last 100 ms; the glide goes on after
     * the release, slows, stops within the v0 * tau it can cover, and then
     * asks for no wakeup. */
    sah_scroll_set_offset(s, 0);
    CHECK(stroke(s, &t, 400, 10, -16, 16, 0) == SAH_SCROLL_DRAG, "a flick");
    double at_release = sah_scroll_offset(s);
    CHECK(sah_scroll_gliding(s), "a flick glides");
    int w = sah_scroll_wake_in(s, t);
    CHECK(w >= 0 && w <= SAH_SCROLL_FRAME_MS, "the loop is woken for the next frame (%d)", w);
    double t_mid = t + 100;
    sah_scroll_step(s, t_mid);
    double mid = sah_scroll_offset(s);
    CHECK(mid > at_release + 50, "it moved on after the release: %g -> %g", at_release, mid);
    int frames = run_glide(s, &t);
    double end = sah_scroll_offset(s), v0 = 1.0;
    CHECK(frames > 10 && frames < 400, "the glide ends (%d frames)", frames);
    CHECK(end > mid && end <= at_release + v0 * SAH_SCROLL_TAU_MS + 1,
          "slowing exponentially: it covers at most v0 tau (%g -> %g)", at_release, end);
    CHECK(end - at_release > 0.9 * v0 * SAH_SCROLL_TAU_MS, "nearly all of it: %g",
          end - at_release);
    CHECK(!sah_scroll_gliding(s) && sah_scroll_wake_in(s, t) == -1 && !sah_scroll_step(s, t + 50),
          "then still: no wakeup, no change");

    /* A flick towards the end stops at the end, exactly (no overscroll),
     * and the next flick that way leaves no glide at all. */
    sah_scroll_set_offset(s, 26 * 60 - 400 - 300);
    stroke(s, &t, 400, 10, -8, 8, 0);
    CHECK(sah_scroll_gliding(s), "gliding towards the end");
    run_glide(s, &t);
    CHECK(sah_scroll_offset(s) == 26 * 60 - 400, "stops at the end: %g", sah_scroll_offset(s));
    stroke(s, &t, 400, 10, -40, 10, 0);
    CHECK(!sah_scroll_gliding(s) && sah_scroll_offset(s) == 26 * 60 - 400,
          "a flick past the end does not glide");
    /* And at the top, the other way. */
    sah_scroll_set_offset(s, 300);
    stroke(s, &t, 100, 10, 8, 8, 0);
    CHECK(sah_scroll_gliding(s), "gliding towards the top");
    run_glide(s, &t);
    CHECK(sah_scroll_offset(s) == 0, "stops at the top: %g", sah_scroll_offset(s));

    /* A tap during a glide stops it where it is, and is no tap. */
    sah_scroll_set_offset(s, 0);
    stroke(s, &t, 400, 10, -16, 16, 0);
    t += 50;
    sah_scroll_step(s, t);
    CHECK(sah_scroll_gliding(s), "gliding");
    sah_scroll_down(s, 100, 200, t += 16);
    double caught = sah_scroll_offset(s);
    CHECK(!sah_scroll_gliding(s) && sah_scroll_wake_in(s, t) == -1, "a press stops the glide");
    CHECK(sah_scroll_long_press_in(s, t) == -1, "and cannot become a long press");
    CHECK(sah_scroll_up(s, 100, 200, t += 60) == SAH_SCROLL_NONE, "its release is no tap");
    CHECK(sah_scroll_offset(s) == caught, "the list stays where it was caught");
    /* The next tap is a tap again. */
    CHECK(stroke(s, &t, 200, 0, 0, 0, 80) == SAH_SCROLL_TAP, "the next tap is a tap");

    /* A long press: fired by the loop's timer while held (within the slop),
     * then its release is nothing. */
    sah_scroll_down(s, 100, 200, t);
    int in = sah_scroll_long_press_in(s, t);
    CHECK(in > 0 && in <= SAH_SCROLL_LONG_PRESS_MS + 1, "the loop wakes for it (%d ms)", in);
    sah_scroll_move(s, 100, 204, t + 200);
    CHECK(!sah_scroll_fire_long_press(s, t + 300), "not yet at 300 ms");
    CHECK(sah_scroll_fire_long_press(s, t + SAH_SCROLL_LONG_PRESS_MS), "fired at 500 ms");
    CHECK(sah_scroll_long_press_in(s, t + 600) == -1, "once");
    CHECK(sah_scroll_up(s, 100, 204, t + 900) == SAH_SCROLL_NONE, "its release is nothing");
    t += 1000;
    /* Held long without the timer: the release says so. */
    CHECK(stroke(s, &t, 200, 0, 0, 0, 700) == SAH_SCROLL_LONG_PRESS, "a long press on release");
    /* A press that moves beyond the slop before 500 ms is a drag, never a
     * long press. */
    sah_scroll_down(s, 100, 200, t);
    sah_scroll_move(s, 100, 230, t + 100);
    CHECK(sah_scroll_long_press_in(s, t + 100) == -1 && !sah_scroll_fire_long_press(s, t + 600),
          "a drag cannot become a long press");
    CHECK(sah_scroll_up(s, 100, 230, t + 700) == SAH_SCROLL_DRAG, "it is a drag");
    t += 1000;

    /* Sideways beyond the slop: no tap either, and the list does not move. */
    double before = sah_scroll_offset(s);
    sah_scroll_down(s, 100, 200, t);
    sah_scroll_move(s, 160, 200, t += 20);
    CHECK(sah_scroll_up(s, 160, 200, t += 20) == SAH_SCROLL_DRAG, "a sideways slide is no tap");
    CHECK(sah_scroll_offset(s) == before, "and does not scroll");

    /* A list that fits its view does not move at all. */
    sah_scroll_set_extent(s, 300, 400);
    CHECK(sah_scroll_offset(s) == 0, "the offset is clamped to a shorter list");
    stroke(s, &t, 400, 10, -30, 10, 0);
    CHECK(sah_scroll_offset(s) == 0 && !sah_scroll_gliding(s), "a short list stays put");

    /* Up without down, NULL. */
    CHECK(sah_scroll_up(s, 0, 0, t) == SAH_SCROLL_NONE, "a release without a press");
    CHECK(!sah_scroll_move(s, 0, 0, t), "a move without a press");
    sah_scroll_free(s);
    sah_scroll_free(NULL);
    return t_summary("test-scroll");
}
