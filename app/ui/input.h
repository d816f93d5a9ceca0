/*
 * input.h - the app's input events, and what a key, a tap, a swipe or the
 * wheel means on each screen, with right-to-left semantics: one table, read
 * by pure functions of the event (no window needed: the dispatcher,
 * dispatch.h, carries the actions out; tests/test-reader.c checks the table).
 *
 *   sah_gesture_t g = {0};
 *   sah_gesture_down(&g, ev.x, ev.y, ev.t_ms);
 *   ... on SAH_EV_POINTER_UP:
 *   sah_gesture_kind_t k = sah_gesture_up(&g, ev.x, ev.y, ev.t_ms, min_swipe_px);
 *   sah_action_t a = sah_input_action(SAH_UI_AT_READER, sah_gesture_input(k, &g, width), 0, rtl);
 *
 * Right to left: an Arabic book's next page lies to the left. So in an RTL
 * article Left arrow turns forward and Right back; a tap on the left third
 * turns forward; a swipe to the right (the hand moving the page off to the
 * right, uncovering the next one beneath) turns forward. LTR mirrors each.
 */
#ifndef SAH_INPUT_H
#define SAH_INPUT_H

#include <stdbool.h>

/* The app's keys, as the window (platform/video.h) or a test names them:
 * app/main.c translates the window's events into these, so that the screens
 * and the dispatcher (dispatch.h) need no window. */
typedef enum {
    SAH_UI_KEY_OTHER = 0,
    SAH_UI_KEY_LEFT,
    SAH_UI_KEY_RIGHT,
    SAH_UI_KEY_UP,
    SAH_UI_KEY_DOWN,
    SAH_UI_KEY_PAGEUP,
    SAH_UI_KEY_PAGEDOWN,
    SAH_UI_KEY_SPACE,
    SAH_UI_KEY_BACKSPACE,
    SAH_UI_KEY_HOME,
    SAH_UI_KEY_END,
    SAH_UI_KEY_ESCAPE,
    SAH_UI_KEY_ENTER,
    SAH_UI_KEY_TAB,
    SAH_UI_KEY_F11,
    SAH_UI_KEY_PLUS,  /* '+', '=' (the + key without Shift) and keypad + */
    SAH_UI_KEY_MINUS, /* '-' and keypad - */
    SAH_UI_KEY_B,
    SAH_UI_KEY_M, /* menu */
    SAH_UI_KEY_Q,
    SAH_UI_KEY_T,     /* theme */
    SAH_UI_KEY_G,     /* go to page */
    SAH_UI_KEY_L,     /* bookmarks list */
    SAH_UI_KEY_O,     /* the original file */
    SAH_UI_KEY_C,     /* contents */
    SAH_UI_KEY_DIGIT, /* 0-9: sah_ui_event_t.digit */
    SAH_UI_KEY_N,     /* find: the next hit (Shift: the previous); a bookmark's note */
    SAH_UI_KEY_F,     /* Ctrl+F: search, find; F: the library's filter */
    SAH_UI_KEY_SLASH, /* search, find */
    SAH_UI_KEY_Z,     /* Ctrl+Z: undo */
    SAH_UI_KEY_S,     /* the library's sort */
    SAH_UI_KEY_P,     /* the library's problems */
    /* Not keys, but looked up in the same table (sah_input_action()): what
     * a finger or the wheel did. Taps name the third of the screen. */
    SAH_UI_IN_TAP_LEFT,
    SAH_UI_IN_TAP_MIDDLE,
    SAH_UI_IN_TAP_RIGHT,
    SAH_UI_IN_LONG_PRESS,
    SAH_UI_IN_SWIPE_LEFT, /* the finger moved towards the left */
    SAH_UI_IN_SWIPE_RIGHT,
    SAH_UI_IN_WHEEL_UP, /* away from the user */
    SAH_UI_IN_WHEEL_DOWN,
} sah_ui_key_t;

enum {
    SAH_UI_MOD_SHIFT = 1 << 0,
    SAH_UI_MOD_CTRL = 1 << 1,
    SAH_UI_MOD_ALT = 1 << 2,
};

typedef enum {
    SAH_UI_EV_NONE = 0,
    SAH_UI_EV_KEY,          /* key, mods, digit */
    SAH_UI_EV_POINTER_DOWN, /* x, y, t_ms */
    SAH_UI_EV_POINTER_MOVE, /* x, y, while down */
    SAH_UI_EV_POINTER_UP,   /* x, y, t_ms */
    SAH_UI_EV_WHEEL,        /* wheel: > 0 away from the user (up) */
    SAH_UI_EV_TEXT,         /* text: committed text input (a key, an input method) */
} sah_ui_event_type_t;

typedef struct {
    sah_ui_event_type_t type;
    sah_ui_key_t key;
    unsigned mods; /* SAH_UI_MOD_* */
    int digit;
    int x, y; /* logical points of the screen */
    int wheel;
    double t_ms;   /* a monotonic clock, ms */
    char text[32]; /* UTF-8, NUL-terminated (SAH_UI_EV_TEXT) */
} sah_ui_event_t;

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
    SAH_ACT_QUIT,      /* in a kiosk only by Ctrl+Alt+Shift+Q (dispatch.h) */
    SAH_ACT_GOTO,      /* the go to page prompt */
    SAH_ACT_ORIGINAL,  /* the article as read <-> the file as it is */
    SAH_ACT_CONTENTS,  /* the contents screen (its sections) */
    /* In the lists (the library, the menus) and the go to page prompt. */
    SAH_ACT_UP, /* the selection up; in go to page, the number up */
    SAH_ACT_DOWN,
    SAH_ACT_PAGE_UP, /* a screenful of the list */
    SAH_ACT_PAGE_DOWN,
    SAH_ACT_FIRST,
    SAH_ACT_LAST,
    SAH_ACT_FORWARD, /* Left in a right-to-left UI: a setting more, or the next item */
    SAH_ACT_BACKWARD,
    SAH_ACT_MORE, /* a setting more */
    SAH_ACT_LESS,
    SAH_ACT_SELECT, /* Enter: open, jump, run, go */
    SAH_ACT_DELETE, /* the selected bookmark */
    SAH_ACT_ERASE,  /* the last digit typed */
    SAH_ACT_DIGIT,  /* a digit typed (the event's digit) */
    SAH_ACT_PLUS10, /* go to page: ten on */
    SAH_ACT_MINUS10,
    SAH_ACT_SCROLL, /* the wheel over a list, by the event's amount */
    SAH_ACT_SEARCH, /* the library's search screen */
    SAH_ACT_FIND,   /* find in the article */
    SAH_ACT_FIND_NEXT,
    SAH_ACT_FIND_PREV,
    SAH_ACT_NOTE,     /* the selected bookmark's note */
    SAH_ACT_UNDO,     /* what the message on screen offers to undo */
    SAH_ACT_KEYBOARD, /* the on-screen keyboard shown or hidden */
    SAH_ACT_LIBMENU,  /* the library's menu: sorts, filters, problems */
    SAH_ACT_SORT,     /* the library's next sort */
    SAH_ACT_FILTER,   /* the library's next filter: all, each bundle, each source */
    SAH_ACT_PROBLEMS, /* the files that could not be read */
} sah_action_t;

/* Where an input is looked up: the table has a part for each screen. */
typedef enum {
    SAH_UI_AT_LIBRARY = 0,
    SAH_UI_AT_READER,
    SAH_UI_AT_MENU,    /* the settings menu */
    SAH_UI_AT_MARKS,   /* the bookmarks list */
    SAH_UI_AT_GOTO,    /* the go to page prompt */
    SAH_UI_AT_SHEET,   /* a row's actions over a list (sheet.h) */
    SAH_UI_AT_FIELD,   /* a screen with a text field (search, find, a note): text
                          comes as SAH_UI_EV_TEXT, keys only edit and move */
    SAH_UI_AT_LIBMENU, /* the library's menu and its problems list */
} sah_ui_at_t;

/*
 * sah_input_action:
 * The one table of keys and gestures: what @key (or a gesture, a wheel
 * turn) with modifiers @mods means at @at, for a text of direction @rtl (the
 * article's on the reader, the UI's in the menus). The first row that
 * matches wins, so Shift+Space is found before Space.
 */
sah_action_t sah_input_action(sah_ui_at_t at, sah_ui_key_t key, unsigned mods, bool rtl);

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

/* A press longer than this without moving is a long press (on the page;
 * the lists' is scroll.h's). */
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

/* Which input of the table (sah_input_action()) a gesture on a screen
 * @width px wide is: taps by the third they fell in; SAH_UI_KEY_OTHER for
 * none. */
sah_ui_key_t sah_gesture_input(sah_gesture_kind_t kind, const sah_gesture_t *g, int width);

#endif
