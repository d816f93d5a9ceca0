/* input.c - see input.h. */
#include "app/ui/input.h"

#include <stdlib.h>

/* Which direction a row holds for. */
enum { ANY = 0, RTL, LTR };

typedef struct {
    unsigned short at;  /* a bit per screen: 1 << sah_ui_at_t */
    unsigned char key;  /* sah_ui_key_t */
    unsigned char mods; /* all of these held (more may be) */
    unsigned char dir;  /* ANY, RTL, LTR */
    unsigned char act;  /* sah_action_t */
} row_t;

#define LIB  (1u << SAH_UI_AT_LIBRARY)
#define RD   (1u << SAH_UI_AT_READER)
#define MN   (1u << SAH_UI_AT_MENU)
#define MK   (1u << SAH_UI_AT_MARKS)
#define GO   (1u << SAH_UI_AT_GOTO)
#define SH   (1u << SAH_UI_AT_SHEET)
#define FD   (1u << SAH_UI_AT_FIELD)
#define LM   (1u << SAH_UI_AT_LIBMENU)
#define ALL  (LIB | RD | MN | MK | GO | SH | FD | LM)
#define K(k) SAH_UI_KEY_##k
#define I(k) SAH_UI_IN_##k
#define A(a) SAH_ACT_##a

/* Every key and gesture of the app. Right to left: an Arabic book's next
 * page lies to the left, so Left, a tap on the left third and a swipe to the
 * right (the page moved off to the right) turn forward; LTR mirrors each.
 * In a right-to-left menu Left is "more", as it is "forward" on a page. */
static const row_t table[] = {
    /* everywhere */
    {ALL, K(Q), SAH_UI_MOD_CTRL, ANY, A(QUIT)},
    {ALL, K(F11), 0, ANY, A(FULLSCREEN)},
    {LIB | RD | MN | MK, K(Z), SAH_UI_MOD_CTRL, ANY, A(UNDO)},
    /* search and find: / or Ctrl+F, as in browsers */
    {LIB, K(SLASH), 0, ANY, A(SEARCH)},
    {LIB, K(F), SAH_UI_MOD_CTRL, ANY, A(SEARCH)},
    {RD, K(SLASH), 0, ANY, A(FIND)},
    {RD, K(F), SAH_UI_MOD_CTRL, ANY, A(FIND)},
    {RD, K(N), SAH_UI_MOD_SHIFT, ANY, A(FIND_PREV)},
    {RD, K(N), 0, ANY, A(FIND_NEXT)},
    /* a text field: text comes as text; keys edit and move */
    {FD, K(BACKSPACE), 0, ANY, A(ERASE)},
    {FD, K(ENTER), 0, ANY, A(SELECT)},
    {FD, K(ESCAPE), 0, ANY, A(BACK)},
    {FD, K(UP), 0, ANY, A(UP)},
    {FD, K(DOWN), 0, ANY, A(DOWN)},
    {FD, K(PAGEUP), 0, ANY, A(PAGE_UP)},
    {FD, K(PAGEDOWN), 0, ANY, A(PAGE_DOWN)},
    {FD, K(TAB), 0, ANY, A(KEYBOARD)},
    {FD, I(WHEEL_UP), 0, ANY, A(SCROLL)},
    {FD, I(WHEEL_DOWN), 0, ANY, A(SCROLL)},
    /* the library */
    {LIB, K(UP), 0, ANY, A(UP)},
    {LIB, K(DOWN), 0, ANY, A(DOWN)},
    {LIB, K(PAGEUP), 0, ANY, A(PAGE_UP)},
    {LIB, K(PAGEDOWN), 0, ANY, A(PAGE_DOWN)},
    {LIB, K(HOME), 0, ANY, A(FIRST)},
    {LIB, K(END), 0, ANY, A(LAST)},
    {LIB, K(ENTER), 0, ANY, A(SELECT)},
    {LIB, K(M), 0, ANY, A(LIBMENU)},
    {LIB, K(S), 0, ANY, A(SORT)},
    {LIB, K(F), 0, ANY, A(FILTER)},
    {LIB, K(P), 0, ANY, A(PROBLEMS)},
    {LIB, K(LEFT), 0, ANY, A(SELECT)}, /* forward, in Arabic */
    {LIB, K(ESCAPE), 0, ANY, A(QUIT)}, /* one key quits on a desktop, never in a kiosk */
    {LIB, K(Q), 0, ANY, A(QUIT)},
    {LIB, K(T), 0, ANY, A(THEME)},
    {LIB, I(TAP_LEFT), 0, ANY, A(SELECT)},
    {LIB, I(TAP_MIDDLE), 0, ANY, A(SELECT)},
    {LIB, I(TAP_RIGHT), 0, ANY, A(SELECT)},
    {LIB, I(LONG_PRESS), 0, ANY, A(SELECT)},
    {LIB, I(WHEEL_UP), 0, ANY, A(SCROLL)},
    {LIB, I(WHEEL_DOWN), 0, ANY, A(SCROLL)},
    /* the reader's page */
    {RD, K(LEFT), 0, RTL, A(NEXT)},
    {RD, K(LEFT), 0, LTR, A(PREV)},
    {RD, K(RIGHT), 0, RTL, A(PREV)},
    {RD, K(RIGHT), 0, LTR, A(NEXT)},
    {RD, K(DOWN), 0, ANY, A(NEXT)},
    {RD, K(PAGEDOWN), 0, ANY, A(NEXT)},
    {RD, K(SPACE), SAH_UI_MOD_SHIFT, ANY, A(PREV)}, /* as in browsers */
    {RD, K(SPACE), 0, ANY, A(NEXT)},
    {RD, K(UP), 0, ANY, A(PREV)},
    {RD, K(PAGEUP), 0, ANY, A(PREV)},
    {RD, K(BACKSPACE), 0, ANY, A(PREV)},
    {RD, K(HOME), 0, ANY, A(HOME)},
    {RD, K(END), 0, ANY, A(END)},
    {RD, K(B), 0, ANY, A(BOOKMARK)},
    {RD, K(L), 0, ANY, A(BOOKMARKS)},
    {RD, K(G), 0, ANY, A(GOTO)},
    {RD, K(O), 0, ANY, A(ORIGINAL)},
    {RD, K(C), 0, ANY, A(CONTENTS)},
    {RD, K(PLUS), 0, ANY, A(FONT_UP)},
    {RD, K(MINUS), 0, ANY, A(FONT_DOWN)},
    {RD, K(ESCAPE), 0, ANY, A(BACK)},
    {RD, K(M), 0, ANY, A(MENU)},
    {RD, K(ENTER), 0, ANY, A(MENU)},
    {RD, K(T), 0, ANY, A(THEME)},
    {RD, I(TAP_LEFT), 0, RTL, A(NEXT)},
    {RD, I(TAP_LEFT), 0, LTR, A(PREV)},
    {RD, I(TAP_RIGHT), 0, RTL, A(PREV)},
    {RD, I(TAP_RIGHT), 0, LTR, A(NEXT)},
    {RD, I(TAP_MIDDLE), 0, ANY, A(MENU)},
    {RD, I(LONG_PRESS), 0, ANY, A(BOOKMARK)},
    {RD, I(SWIPE_RIGHT), 0, RTL, A(NEXT)},
    {RD, I(SWIPE_RIGHT), 0, LTR, A(PREV)},
    {RD, I(SWIPE_LEFT), 0, RTL, A(PREV)},
    {RD, I(SWIPE_LEFT), 0, LTR, A(NEXT)},
    {RD, I(WHEEL_DOWN), 0, ANY, A(NEXT)}, /* towards the user, in any direction */
    {RD, I(WHEEL_UP), 0, ANY, A(PREV)},
    /* the menus: moving in the lists */
    {MN | MK | LM, K(UP), 0, ANY, A(UP)},
    {MN | MK | LM, K(DOWN), 0, ANY, A(DOWN)},
    {MN | MK | LM, K(TAB), 0, ANY, A(DOWN)},
    {MN | MK | LM, K(HOME), 0, ANY, A(FIRST)},
    {MN | MK | LM, K(END), 0, ANY, A(LAST)},
    {MN | MK | LM, K(ENTER), 0, ANY, A(SELECT)},
    {MN | MK | LM, K(SPACE), 0, ANY, A(SELECT)},
    {MN | MK | GO | LM, I(WHEEL_UP), 0, ANY, A(UP)},
    {MN | MK | GO | LM, I(WHEEL_DOWN), 0, ANY, A(DOWN)},
    {MN | MK | GO | LM, K(ESCAPE), 0, ANY, A(BACK)},
    {MN | MK | GO | LM, K(M), 0, ANY, A(BACK)},
    /* the library's menu */
    {LM, K(PAGEUP), 0, ANY, A(PAGE_UP)},
    {LM, K(PAGEDOWN), 0, ANY, A(PAGE_DOWN)},
    {LM, K(BACKSPACE), 0, ANY, A(BACK)},
    {LM, K(P), 0, ANY, A(BACK)},
    /* the settings menu */
    {MN, K(LEFT), 0, RTL, A(FORWARD)},
    {MN, K(LEFT), 0, LTR, A(BACKWARD)},
    {MN, K(RIGHT), 0, RTL, A(BACKWARD)},
    {MN, K(RIGHT), 0, LTR, A(FORWARD)},
    {MN, K(PLUS), 0, ANY, A(MORE)},
    {MN, K(MINUS), 0, ANY, A(LESS)},
    {MN, K(T), 0, ANY, A(THEME)},
    {MN, K(L), 0, ANY, A(BOOKMARKS)},
    {MN, K(G), 0, ANY, A(GOTO)},
    {MN, K(O), 0, ANY, A(ORIGINAL)},
    {MN, K(C), 0, ANY, A(CONTENTS)},
    {MN, K(BACKSPACE), 0, ANY, A(BACK)},
    /* the bookmarks list */
    {MK, K(PAGEUP), 0, ANY, A(PAGE_UP)},
    {MK, K(PAGEDOWN), 0, ANY, A(PAGE_DOWN)},
    {MK, K(BACKSPACE), 0, ANY, A(DELETE)},
    {MK, K(MINUS), 0, ANY, A(DELETE)},
    {MK, K(L), 0, ANY, A(BACK)},
    {MK, K(C), 0, ANY, A(CONTENTS)}, /* closes the contents */
    {MK, K(N), 0, ANY, A(NOTE)},
    /* go to page */
    {GO, K(DIGIT), 0, ANY, A(DIGIT)},
    {GO, K(BACKSPACE), 0, ANY, A(ERASE)},
    {GO, K(ENTER), 0, ANY, A(SELECT)},
    {GO, K(UP), 0, ANY, A(UP)},
    {GO, K(DOWN), 0, ANY, A(DOWN)},
    {GO, K(PAGEUP), 0, ANY, A(PLUS10)},
    {GO, K(PLUS), 0, ANY, A(PLUS10)},
    {GO, K(PAGEDOWN), 0, ANY, A(MINUS10)},
    {GO, K(MINUS), 0, ANY, A(MINUS10)},
    {GO, K(HOME), 0, ANY, A(FIRST)},
    {GO, K(END), 0, ANY, A(LAST)},
    {GO, K(G), 0, ANY, A(BACK)},
    /* a row's actions (a long press on a list) */
    {SH, K(UP), 0, ANY, A(UP)},
    {SH, K(DOWN), 0, ANY, A(DOWN)},
    {SH, K(TAB), 0, ANY, A(DOWN)},
    {SH, K(ENTER), 0, ANY, A(SELECT)},
    {SH, K(SPACE), 0, ANY, A(SELECT)},
    {SH, K(ESCAPE), 0, ANY, A(BACK)},
    {SH, K(BACKSPACE), 0, ANY, A(BACK)},
    {SH, K(M), 0, ANY, A(BACK)},
    {SH, I(WHEEL_UP), 0, ANY, A(UP)},
    {SH, I(WHEEL_DOWN), 0, ANY, A(DOWN)},
};

sah_action_t sah_input_action(sah_ui_at_t at, sah_ui_key_t key, unsigned mods, bool rtl)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const row_t *r = &table[i];
        if (!(r->at & (1u << at)) || r->key != key || (mods & r->mods) != r->mods)
            continue;
        if (r->dir == (rtl ? LTR : RTL))
            continue;
        return (sah_action_t)r->act;
    }
    return SAH_ACT_NONE;
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

sah_ui_key_t sah_gesture_input(sah_gesture_kind_t kind, const sah_gesture_t *g, int width)
{
    switch (kind) {
    case SAH_GESTURE_TAP:
        return g->x < width / 3            ? SAH_UI_IN_TAP_LEFT
               : g->x >= width - width / 3 ? SAH_UI_IN_TAP_RIGHT
                                           : SAH_UI_IN_TAP_MIDDLE;
    case SAH_GESTURE_LONG_PRESS:
        return SAH_UI_IN_LONG_PRESS;
    case SAH_GESTURE_SWIPE_RIGHT:
        return SAH_UI_IN_SWIPE_RIGHT;
    case SAH_GESTURE_SWIPE_LEFT:
        return SAH_UI_IN_SWIPE_LEFT;
    default:
        return SAH_UI_KEY_OTHER;
    }
}
