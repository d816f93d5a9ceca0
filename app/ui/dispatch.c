/* dispatch.c - see dispatch.h. */
#include "app/ui/dispatch.h"
#include "app/ui/libnav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sah_dispatch {
    sah_session_t *ss; /* not owned */
    sah_dispatch_opts_t o;
    sah_gesture_t gesture;
    bool quit;
    bool repaint;
    double last_input; /* ms: the kiosk's idle time counts from here */
};

sah_dispatch_t *sah_dispatch_new(sah_session_t *s, const sah_dispatch_opts_t *o)
{
    sah_dispatch_t *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->ss = s;
    d->o = *o;
    /* Kiosk: the settings are locked (the font size stays: the kiosk puts
     * it back itself when idle). */
    sah_menu_set_locked(sah_session_menu(s), o->kiosk);
    return d;
}

void sah_dispatch_free(sah_dispatch_t *d)
{
    free(d);
}

sah_screen_t sah_dispatch_screen(const sah_dispatch_t *d)
{
    if (sah_menu_mode(sah_session_menu(d->ss)) != SAH_MENU_MODE_CLOSED)
        return SAH_SCREEN_MENU;
    if (sah_session_in_reader(d->ss))
        return SAH_SCREEN_READER;
    return sah_libmenu_mode(sah_session_libmenu(d->ss)) != SAH_LIBMENU_CLOSED ? SAH_SCREEN_LIBMENU
                                                                              : SAH_SCREEN_LIBRARY;
}

bool sah_dispatch_quit(const sah_dispatch_t *d)
{
    return d->quit;
}

void sah_dispatch_set_quit(sah_dispatch_t *d)
{
    d->quit = true;
}

bool sah_dispatch_take_repaint(sah_dispatch_t *d)
{
    bool r = d->repaint;
    d->repaint = false;
    return r;
}

bool sah_dispatch_open(sah_dispatch_t *d, const char *path)
{
    return sah_session_open_article(d->ss, path);
}

static void to_library(sah_dispatch_t *d)
{
    (void)sah_session_close_article(d->ss); /* logged */
    d->repaint = true;
}

const sah_pagebuf_t *sah_dispatch_frame(sah_dispatch_t *d, uint64_t *serial)
{
    switch (sah_dispatch_screen(d)) {
    case SAH_SCREEN_READER: {
        sah_reader_t *r = sah_session_reader(d->ss);
        const sah_pagebuf_t *f = sah_reader_frame(r);
        *serial = sah_reader_serial(r) * 3 + 1;
        return f;
    }
    case SAH_SCREEN_MENU: {
        sah_menu_t *m = sah_session_menu(d->ss);
        const sah_pagebuf_t *f = sah_menu_frame(m);
        *serial = (uint64_t)sah_menu_serial(m) * 3 + 2;
        return f;
    }
    case SAH_SCREEN_LIBMENU: {
        /* Serials of its own: the top bit apart from the other screens'. */
        sah_libmenu_t *m = sah_session_libmenu(d->ss);
        const sah_pagebuf_t *f = sah_libmenu_frame(m);
        *serial = (uint64_t)sah_libmenu_serial(m) | (UINT64_C(1) << 63);
        return f;
    }
    default: {
        sah_libview_t *lv = sah_session_libview(d->ss);
        const sah_pagebuf_t *f = sah_libview_frame(lv);
        *serial = (uint64_t)sah_libview_serial(lv) * 3;
        return f;
    }
    }
}

static void change_settings(sah_dispatch_t *d, sah_action_t act)
{
    sah_reader_settings_t s;
    sah_reader_settings(sah_session_reader(d->ss), &s);
    if (act == SAH_ACT_FONT_UP)
        s.font_step++;
    else if (act == SAH_ACT_FONT_DOWN)
        s.font_step--;
    else if (act == SAH_ACT_THEME)
        s.theme = (sah_theme_id_t)((s.theme + 1) % SAH_THEME_COUNT);
    (void)sah_session_set_settings(d->ss, &s); /* logged */
}

/* A menu that cannot open (out of memory, logged) leaves the page as it is. */
static void open_menu(sah_dispatch_t *d, sah_menu_mode_t mode)
{
    bool opened = sah_menu_open(sah_session_menu(d->ss), mode, sah_session_reader(d->ss),
                                sah_session_persist(d->ss), sah_session_hash(d->ss));
    (void)opened;
}

static void menu_result(sah_dispatch_t *d, sah_menu_result_t res)
{
    if (res == SAH_MENU_RES_CLOSED)
        (void)sah_session_save_position(d->ss); /* logged */
    else if (res == SAH_MENU_RES_LIBRARY)
        to_library(d);
}

static void reader_do(sah_dispatch_t *d, sah_action_t act)
{
    switch (act) {
    case SAH_ACT_NEXT:
    case SAH_ACT_PREV:
    case SAH_ACT_HOME:
    case SAH_ACT_END:
        (void)sah_session_turn(d->ss, act);
        break;
    case SAH_ACT_FONT_UP:
    case SAH_ACT_FONT_DOWN:
        change_settings(d, act);
        break;
    case SAH_ACT_THEME:
        if (!d->o.kiosk)
            change_settings(d, act);
        break;
    case SAH_ACT_BOOKMARK:
        (void)sah_session_toggle_bookmark(d->ss, NULL); /* logged */
        break;
    case SAH_ACT_BACK:
        to_library(d);
        break;
    case SAH_ACT_MENU:
        open_menu(d, SAH_MENU_MODE_MAIN);
        break;
    case SAH_ACT_BOOKMARKS:
        open_menu(d, SAH_MENU_MODE_BOOKMARKS);
        break;
    case SAH_ACT_GOTO:
        open_menu(d, SAH_MENU_MODE_GOTO);
        break;
    case SAH_ACT_ORIGINAL: {
        sah_reader_t *r = sah_session_reader(d->ss);
        bool switched = sah_reader_set_original(r, !sah_reader_original(r)); /* logged */
        (void)switched;
        break;
    }
    default:
        break;
    }
}

static void library_do(sah_dispatch_t *d, sah_action_t act, int wheel)
{
    sah_libview_t *lv = sah_session_libview(d->ss);
    long rows = (long)sah_libview_rows(lv);
    switch (act) {
    case SAH_ACT_LIBMENU:
    case SAH_ACT_PROBLEMS:
    case SAH_ACT_SORT:
    case SAH_ACT_FILTER:
        sah_libnav_do(sah_session_libmenu(d->ss), lv, act); /* logged */
        break;
    case SAH_ACT_UP:
    case SAH_ACT_DOWN:
        sah_libview_move(lv, act == SAH_ACT_UP ? -1 : 1);
        break;
    case SAH_ACT_PAGE_UP:
    case SAH_ACT_PAGE_DOWN:
        sah_libview_move(lv, act == SAH_ACT_PAGE_UP ? -4 : 4);
        break;
    case SAH_ACT_FIRST:
    case SAH_ACT_LAST:
        sah_libview_move(lv, act == SAH_ACT_FIRST ? -rows : rows);
        break;
    case SAH_ACT_SCROLL:
        sah_libview_scroll(lv, -wheel);
        break;
    case SAH_ACT_THEME:
        if (!d->o.kiosk)
            change_settings(d, act);
        break;
    case SAH_ACT_SELECT:
        if (sah_libview_selected(lv)) {
            char *path = strdup(sah_libview_selected(lv));
            if (path && !sah_dispatch_open(d, path))
                fprintf(stderr, "sahifa: %s: cannot open (see above)\n", path);
            free(path);
        }
        break;
    default:
        break;
    }
}

/* The kiosk's quit: all of Ctrl, Alt and Shift with Q, not one stray key. */
static bool kiosk_chord(const sah_ui_event_t *ev)
{
    return ev->type == SAH_UI_EV_KEY && ev->key == SAH_UI_KEY_Q &&
           ev->mods == (SAH_UI_MOD_CTRL | SAH_UI_MOD_ALT | SAH_UI_MOD_SHIFT);
}

/* What @input means on the current screen, and doing it. @ev: the event it
 * came from (its digit, its wheel, where a tap fell). */
static void act_on(sah_dispatch_t *d, sah_ui_key_t input, const sah_ui_event_t *ev)
{
    sah_screen_t screen = sah_dispatch_screen(d);
    sah_menu_t *menu = sah_session_menu(d->ss);
    sah_ui_at_t at = screen == SAH_SCREEN_MENU      ? sah_menu_at(menu)
                     : screen == SAH_SCREEN_READER  ? SAH_UI_AT_READER
                     : screen == SAH_SCREEN_LIBMENU ? SAH_UI_AT_LIBMENU
                                                    : SAH_UI_AT_LIBRARY;
    /* The page turns with the article's direction; the menus and the list
     * with the UI's (the library's Left is fixed in the table). */
    bool rtl = screen == SAH_SCREEN_READER ? sah_reader_rtl(sah_session_reader(d->ss))
                                           : sah_ui_rtl(sah_session_ui(d->ss));
    sah_action_t act = sah_input_action(at, input, ev->mods, rtl);
    if (act == SAH_ACT_QUIT) {
        if (!d->o.kiosk || kiosk_chord(ev))
            d->quit = true;
        return;
    }
    if (act == SAH_ACT_FULLSCREEN) {
        if (!d->o.kiosk && d->o.fullscreen)
            d->o.fullscreen(d->o.data);
        return;
    }
    if (screen == SAH_SCREEN_MENU)
        menu_result(d, sah_menu_do(menu, act, ev->digit));
    else if (screen == SAH_SCREEN_LIBMENU)
        (void)sah_libmenu_do(sah_session_libmenu(d->ss), act, ev->wheel);
    else if (screen == SAH_SCREEN_READER)
        reader_do(d, act);
    else
        library_do(d, act, ev->wheel);
}

static int min_swipe(const sah_dispatch_t *d)
{
    return sah_ui_px(sah_session_ui(d->ss), 60);
}

static void pointer_up(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    sah_gesture_kind_t k = sah_gesture_up(&d->gesture, ev->x, ev->y, ev->t_ms, min_swipe(d));
    bool tap = k == SAH_GESTURE_TAP || k == SAH_GESTURE_LONG_PRESS;
    switch (sah_dispatch_screen(d)) {
    case SAH_SCREEN_MENU:
        /* The menus are hit by where a finger falls, not by the table. */
        if (tap)
            menu_result(d, sah_menu_tap(sah_session_menu(d->ss), ev->x, ev->y));
        return;
    case SAH_SCREEN_LIBMENU:
        if (tap)
            (void)sah_libmenu_tap(sah_session_libmenu(d->ss), ev->x, ev->y);
        return;
    case SAH_SCREEN_LIBRARY: {
        sah_libview_t *lv = sah_session_libview(d->ss);
        long row = tap ? sah_libview_hit(lv, ev->x, ev->y) : -1;
        if (tap && row < 0 && sah_libview_in_header(lv, ev->y)) {
            sah_libnav_do(sah_session_libmenu(d->ss), lv, SAH_ACT_LIBMENU); /* the header */
            return;
        }
        if (row < 0 || !sah_libview_select(lv, (size_t)row))
            return;
        break;
    }
    default:
        break;
    }
    int w, h;
    sah_session_size(d->ss, &w, &h);
    sah_ui_event_t g = *ev;
    g.mods = 0;
    act_on(d, sah_gesture_input(k, &d->gesture, w), &g);
}

void sah_dispatch_event(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    if (ev->type == SAH_UI_EV_KEY || ev->type == SAH_UI_EV_POINTER_UP ||
        ev->type == SAH_UI_EV_WHEEL)
        d->last_input = ev->t_ms;
    switch (ev->type) {
    case SAH_UI_EV_KEY:
        act_on(d, ev->key, ev);
        break;
    case SAH_UI_EV_POINTER_DOWN:
        sah_gesture_down(&d->gesture, ev->x, ev->y, ev->t_ms);
        break;
    case SAH_UI_EV_POINTER_MOVE:
        sah_gesture_move(&d->gesture, ev->x, ev->y);
        break;
    case SAH_UI_EV_POINTER_UP:
        pointer_up(d, ev);
        break;
    case SAH_UI_EV_WHEEL:
        if (ev->wheel) {
            sah_ui_event_t w = *ev;
            w.mods = 0;
            act_on(d, ev->wheel > 0 ? SAH_UI_IN_WHEEL_UP : SAH_UI_IN_WHEEL_DOWN, &w);
        }
        break;
    default:
        break;
    }
}

void sah_dispatch_touch(sah_dispatch_t *d, double now_ms)
{
    d->last_input = now_ms;
}

static int hold_in(const sah_dispatch_t *d, double now_ms)
{
    if (sah_dispatch_screen(d) != SAH_SCREEN_READER)
        return -1;
    return sah_gesture_long_press_in(&d->gesture, now_ms, min_swipe(d));
}

int sah_dispatch_wake_in(const sah_dispatch_t *d, double now_ms)
{
    int t = hold_in(d, now_ms);
    if (d->o.kiosk) {
        double left = d->last_input + d->o.idle_ms - now_ms;
        int k = left > 0 ? (int)left + 1 : 0;
        t = t < 0 || k < t ? k : t;
    }
    return t;
}

/* A kiosk nobody touched: the library at its top, the default font size. */
static void kiosk_idle(sah_dispatch_t *d)
{
    sah_reader_settings_t s;
    sah_reader_settings(sah_session_reader(d->ss), &s);
    s.font_step = ((sah_reader_settings_t)SAH_READER_SETTINGS_INIT).font_step;
    (void)sah_session_set_settings(d->ss, &s); /* logged */
    if (sah_dispatch_screen(d) != SAH_SCREEN_LIBRARY)
        to_library(d);
    /* The next visitor finds the library as the kiosk starts: every
     * article in the bundles' order, its menu closed. */
    sah_libmenu_close(sah_session_libmenu(d->ss));
    sah_libview_t *lv = sah_session_libview(d->ss);
    if ((sah_libview_sort(lv) != SAH_LIBSORT_SHELF ||
         sah_libview_filter(lv).kind != SAH_LIBFILTER_ALL) &&
        !sah_libview_set_order(lv, SAH_LIBSORT_SHELF, NULL))
        fprintf(stderr, "sahifa: library: out of memory\n"); /* the order stays as it was */
    sah_libview_move(lv, -(long)sah_libview_rows(lv));
}

bool sah_dispatch_timer(sah_dispatch_t *d, double now_ms)
{
    if (sah_dispatch_screen(d) == SAH_SCREEN_READER &&
        sah_gesture_fire_long_press(&d->gesture, now_ms, min_swipe(d))) {
        d->last_input = now_ms;
        sah_ui_event_t ev = {0};
        act_on(d, SAH_UI_IN_LONG_PRESS, &ev);
        return true;
    }
    if (d->o.kiosk && now_ms - d->last_input >= d->o.idle_ms) {
        kiosk_idle(d);
        d->last_input = now_ms;
    }
    return false;
}
