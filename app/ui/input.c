/* input.c - see input.h. */
#include "app/ui/input.h"

#include <stdlib.h>

sah_action_t sah_action_for_key(sah_key_t key, unsigned mods, bool rtl)
{
    switch (key) {
    case SAH_KEY_LEFT:
        return rtl ? SAH_ACT_NEXT : SAH_ACT_PREV;
    case SAH_KEY_RIGHT:
        return rtl ? SAH_ACT_PREV : SAH_ACT_NEXT;
    case SAH_KEY_DOWN:
    case SAH_KEY_PAGEDOWN:
        return SAH_ACT_NEXT;
    case SAH_KEY_SPACE: /* Shift+Space goes back, as in browsers */
        return (mods & SAH_MOD_SHIFT) ? SAH_ACT_PREV : SAH_ACT_NEXT;
    case SAH_KEY_UP:
    case SAH_KEY_PAGEUP:
    case SAH_KEY_BACKSPACE:
        return SAH_ACT_PREV;
    case SAH_KEY_HOME:
        return SAH_ACT_HOME;
    case SAH_KEY_END:
        return SAH_ACT_END;
    case SAH_KEY_B:
        return SAH_ACT_BOOKMARK;
    case SAH_KEY_L:
        return SAH_ACT_BOOKMARKS;
    case SAH_KEY_G:
        return SAH_ACT_GOTO;
    case SAH_KEY_PLUS:
        return SAH_ACT_FONT_UP;
    case SAH_KEY_MINUS:
        return SAH_ACT_FONT_DOWN;
    case SAH_KEY_ESCAPE:
        return SAH_ACT_BACK;
    case SAH_KEY_F11:
        return SAH_ACT_FULLSCREEN;
    case SAH_KEY_M:
    case SAH_KEY_ENTER:
        return SAH_ACT_MENU;
    case SAH_KEY_T:
        return SAH_ACT_THEME;
    case SAH_KEY_Q:
        return (mods & SAH_MOD_CTRL) ? SAH_ACT_QUIT : SAH_ACT_NONE;
    default:
        return SAH_ACT_NONE;
    }
}

void sah_gesture_down(sah_gesture_t *g, int x, int y, double t_ms)
{
    *g = (sah_gesture_t){true, x, y, t_ms, x, y, 0, false};
}

void sah_gesture_move(sah_gesture_t *g, int x, int y)
{
    if (!g->down)
        return;
    int d = abs(x - g->x0) > abs(y - g->y0) ? abs(x - g->x0) : abs(y - g->y0);
    if (d > g->travel)
        g->travel = d;
}

int sah_gesture_long_press_in(const sah_gesture_t *g, double now_ms, int min_swipe_px)
{
    if (!g->down || g->fired || g->travel * 2 >= min_swipe_px)
        return -1;
    double left = g->t0 + SAH_LONG_PRESS_MS - now_ms;
    return left <= 0 ? 0 : (int)left + 1;
}

bool sah_gesture_fire_long_press(sah_gesture_t *g, double now_ms, int min_swipe_px)
{
    if (sah_gesture_long_press_in(g, now_ms, min_swipe_px) != 0)
        return false;
    g->fired = true;
    return true;
}

sah_gesture_kind_t sah_gesture_up(sah_gesture_t *g, int x, int y, double t_ms, int min_swipe_px)
{
    if (!g->down)
        return SAH_GESTURE_NONE;
    g->down = false;
    g->x = x;
    g->y = y;
    if (g->fired)
        return SAH_GESTURE_NONE;
    int dx = x - g->x0, dy = y - g->y0;
    if (abs(dx) >= min_swipe_px && abs(dx) > 2 * abs(dy))
        return dx < 0 ? SAH_GESTURE_SWIPE_LEFT : SAH_GESTURE_SWIPE_RIGHT;
    /* A finger wobbles: a few px of travel is still a tap (but not one that
     * wandered off and came back). */
    if (abs(dx) * 2 < min_swipe_px && abs(dy) * 2 < min_swipe_px && g->travel * 2 < min_swipe_px)
        return t_ms - g->t0 >= SAH_LONG_PRESS_MS ? SAH_GESTURE_LONG_PRESS : SAH_GESTURE_TAP;
    return SAH_GESTURE_NONE;
}

sah_action_t sah_action_for_gesture(sah_gesture_kind_t kind, const sah_gesture_t *g, int width,
                                    bool rtl)
{
    switch (kind) {
    case SAH_GESTURE_TAP:
        if (g->x < width / 3)
            return rtl ? SAH_ACT_NEXT : SAH_ACT_PREV;
        if (g->x >= width - width / 3)
            return rtl ? SAH_ACT_PREV : SAH_ACT_NEXT;
        return SAH_ACT_MENU;
    case SAH_GESTURE_LONG_PRESS:
        return SAH_ACT_BOOKMARK;
    case SAH_GESTURE_SWIPE_RIGHT:
        return rtl ? SAH_ACT_NEXT : SAH_ACT_PREV;
    case SAH_GESTURE_SWIPE_LEFT:
        return rtl ? SAH_ACT_PREV : SAH_ACT_NEXT;
    default:
        return SAH_ACT_NONE;
    }
}

sah_action_t sah_action_for_wheel(int wheel)
{
    return wheel < 0 ? SAH_ACT_NEXT : wheel > 0 ? SAH_ACT_PREV : SAH_ACT_NONE;
}
