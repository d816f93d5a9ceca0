/*
 * input.h - what a key, a tap, a swipe or the wheel means on the reader's
 * page, with right-to-left semantics, as pure functions of the event (no
 * window needed: tests/test-reader.c checks the table).
 *
 *   sah_gesture_t g = {0};
 *   sah_gesture_down(&g, ev.x, ev.y, ev.t_ms);
 *   ... on SAH_EV_POINTER_UP:
 *   sah_gesture_kind_t k = sah_gesture_up(&g, ev.x, ev.y, ev.t_ms, min_swipe_px);
 *   sah_action_t a = sah_action_for_gesture(k, &g, width, rtl);
 *
 * Right to left: an Arabic book's next page lies to the left. So in an RTL
 * article Left arrow turns forward and Right back; a tap on the left third
 * turns forward; a swipe to the right (the hand moving the page off to the
 * right, uncovering the next one beneath) turns forward. LTR mirrors each.
 */
#ifndef SAH_INPUT_H
#define SAH_INPUT_H

#include <stdbool.h>

#include "platform/video.h"

typedef enum {
    SAH_ACT_NONE = 0,
    SAH_ACT_NEXT,
    SAH_ACT_PREV,
    SAH_ACT_HOME,
    SAH_ACT_END,
    SAH_ACT_BOOKMARK, /* toggle a bookmark on the current page */
    SAH_ACT_FONT_UP,
    SAH_ACT_FONT_DOWN,
    SAH_ACT_BACK, /* Esc: to the library (or out of a menu) */
    SAH_ACT_FULLSCREEN,
    SAH_ACT_MENU,
    SAH_ACT_THEME,     /* next theme */
    SAH_ACT_BOOKMARKS, /* the list of bookmarks */
    SAH_ACT_QUIT,
    SAH_ACT_GOTO, /* the go to page prompt */
} sah_action_t;

/* The reader's meaning of a key in an article of direction @rtl. */
sah_action_t sah_action_for_key(sah_key_t key, unsigned mods, bool rtl);

typedef enum {
    SAH_GESTURE_NONE = 0,
    SAH_GESTURE_TAP,
    SAH_GESTURE_LONG_PRESS,
    SAH_GESTURE_SWIPE_LEFT, /* the finger moved towards the left */
    SAH_GESTURE_SWIPE_RIGHT,
} sah_gesture_kind_t;

typedef struct {
    bool down;
    int x0, y0; /* where it went down */
    double t0;  /* when, ms */
    int x, y;   /* where it went up */
    int travel; /* the farthest it moved from (x0, y0) while down, px (max |dx|, |dy|) */
    bool fired; /* the long press was acted on while held: the release is nothing */
} sah_gesture_t;

/* A press longer than this without moving is a long press. */
#define SAH_LONG_PRESS_MS 600

void sah_gesture_down(sah_gesture_t *g, int x, int y, double t_ms);

/* The pointer moved to (@x, @y) while down (a long press must stay put). */
void sah_gesture_move(sah_gesture_t *g, int x, int y);

/*
 * sah_gesture_long_press_in:
 * For the event loop's timeout: how many ms until the press held at @now_ms
 * becomes a long press; 0 when it is one now; -1 when it cannot become one
 * (not down, already fired, or moved half of @min_swipe_px).
 */
int sah_gesture_long_press_in(const sah_gesture_t *g, double now_ms, int min_swipe_px);

/* If the press is a long press at @now_ms, marks it fired (the release will
 * classify as SAH_GESTURE_NONE) and returns true: the loop acts on it while
 * the finger is still down, as an e-reader does. */
bool sah_gesture_fire_long_press(sah_gesture_t *g, double now_ms, int min_swipe_px);

/* Classifies the press that ends at (@x, @y): a swipe when it moved at
 * least @min_swipe_px mostly sideways; a tap or long press when it moved
 * less than half of that; NONE after sah_gesture_fire_long_press(). */
sah_gesture_kind_t sah_gesture_up(sah_gesture_t *g, int x, int y, double t_ms, int min_swipe_px);

/* The reader's meaning of a gesture on a page @width px wide: thirds for a
 * tap, mirrored for RTL; a long press bookmarks. */
sah_action_t sah_action_for_gesture(sah_gesture_kind_t kind, const sah_gesture_t *g, int width,
                                    bool rtl);

/* The wheel: towards the user (negative) is the next page, in any direction. */
sah_action_t sah_action_for_wheel(int wheel);

#endif
