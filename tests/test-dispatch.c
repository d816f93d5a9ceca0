/*
 * test-dispatch.c - app/ui/dispatch.h: the app's control flow without a
 * window. Keys, taps, long presses, swipes and the wheel go through the
 * dispatcher (and so through the one table of app/ui/input.c) as the window
 * sends them, and the test asserts what tests/test-gui.sh sees under Xvfb:
 * the screen shown, the page, the ribbons and the bookmarks list, the menu's
 * mode and the theme; then what a second session on the same state dir
 * reads back (the next launch), and the kiosk's locks and idle return.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/dispatch.h"
#include "fonts/fontchain.h"
#include "platform/paths.h"
#include "testfonts.h"
#include "testutil.h"

static double clock_ms = 1000;

static void send(sah_dispatch_t *d, sah_ui_event_t ev)
{
    clock_ms += 50;
    ev.t_ms = clock_ms;
    sah_dispatch_event(d, &ev);
}

static void key(sah_dispatch_t *d, sah_ui_key_t k, unsigned mods)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_KEY, .key = k, .mods = mods});
}

static void digit(sah_dispatch_t *d, int n)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_KEY, .key = SAH_UI_KEY_DIGIT, .digit = n});
}

/* A finger down at (@x0, @y0), moved to (@x1, @y1) and lifted: a tap when
 * they are the same point. */
static void stroke(sah_dispatch_t *d, int x0, int y0, int x1, int y1)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_DOWN, .x = x0, .y = y0});
    send(d,
         (sah_ui_event_t){.type = SAH_UI_EV_POINTER_MOVE, .x = (x0 + x1) / 2, .y = (y0 + y1) / 2});
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = x1, .y = y1});
}

static void tap(sah_dispatch_t *d, int x, int y)
{
    stroke(d, x, y, x, y);
}

static void wheel(sah_dispatch_t *d, int w)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_WHEEL, .wheel = w});
}

/* A tap in the middle of the menu's target @t. */
static void tap_target(sah_dispatch_t *d, sah_menu_t *m, int item, sah_menu_part_t part)
{
    int x, y, w, h;
    sah_menu_target_t t = {item, part};
    CHECK(sah_menu_target_rect(m, t, &x, &y, &w, &h), "target %d is shown", item);
    tap(d, x + w / 2, y + h / 2);
}

static int fullscreens;
static void on_fullscreen(void *data)
{
    (void)data;
    fullscreens++;
}

static sah_session_t *session_on(const char *state)
{
    sah_session_opts_t o = SAH_SESSION_OPTS_INIT;
    o.state_dir = state;
    sah_session_t *s = sah_session_new(&o);
    char *cache = sah_library_default_cache_path();
    sah_library_t *lib = sah_library_new(cache);
    free(cache);
    bool ok = s && lib && sah_library_add_default_roots(lib) && sah_library_scan(lib);
    if (ok)
        ok = sah_session_set_library(s, lib, NULL); /* takes @lib */
    else
        sah_library_free(lib);
    CHECK(ok, "a session with the library on %s", state);
    if (!ok) {
        sah_session_free(s);
        return NULL;
    }
    return s;
}

static bool ends_with(const char *s, const char *end)
{
    size_t n = s ? strlen(s) : 0, e = strlen(end);
    return n >= e && !strcmp(s + n - e, end);
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    const char *tmp = getenv("TMPDIR");
    char root[512], dir[600], state[600];
    snprintf(root, sizeof root, "%s/sahifa-dispatch-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("test-dispatch: mkdtemp");
        return 1;
    }
    /* Every XDG folder in the temp dir: the library is the assets' bundle. */
    snprintf(dir, sizeof dir, "%s/data", root);
    setenv("XDG_DATA_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/state", root);
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(state, sizeof state, "%s/state/sahifa", root);
    CHECK(sah_path_ensure_dir(state), "state dir");
    char *guide_en = t_src_path("assets/articles/guide-en.txt");

    sah_session_t *s = session_on(state);
    if (!s)
        return t_summary("test-dispatch");
    sah_dispatch_opts_t o = SAH_DISPATCH_OPTS_INIT;
    o.fullscreen = on_fullscreen;
    sah_dispatch_t *d = sah_dispatch_new(s, &o);
    CHECK(d != NULL, "a dispatcher");
    if (!d)
        return t_summary("test-dispatch");
    sah_reader_t *r = sah_session_reader(s);
    sah_menu_t *m = sah_session_menu(s);
    sah_libview_t *lv = sah_session_libview(s);

    /* 1. The library; Down and Up move the selection; End Enter opens the
     * last row, as the window does. */
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "the library first");
    uint64_t serial;
    CHECK(sah_dispatch_frame(d, &serial) != NULL, "the library draws");
    size_t sel0 = sah_libview_selection(lv);
    key(d, SAH_UI_KEY_DOWN, 0);
    CHECK(sah_libview_selection(lv) == sel0 + 1, "Down moves the selection");
    key(d, SAH_UI_KEY_UP, 0);
    CHECK(sah_libview_selection(lv) == sel0, "Up moves it back");
    key(d, SAH_UI_KEY_END, 0);
    char *last = sah_libview_selected(lv) ? strdup(sah_libview_selected(lv)) : NULL;
    CHECK(last && ends_with(last, "seed-article-ar.txt"), "End: the seed article (%s)", last);
    key(d, SAH_UI_KEY_ENTER, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER, "Enter opens an article");
    CHECK(last && !strcmp(sah_reader_path(r), last), "the selected one");
    CHECK(sah_reader_page(r) == 0 && sah_reader_rtl(r), "page 1 of an RTL article");
    CHECK(sah_reader_page_count(r) >= 4, "the seed has pages to turn");
    free(last);

    /* 2. Left is forward in Arabic, Right back; a tap on the left third
     * forward, on the right third back; a swipe to the right forward; the
     * wheel towards the user forward; Home. */
    key(d, SAH_UI_KEY_LEFT, 0);
    CHECK(sah_reader_page(r) == 1, "Left turns forward (RTL)");
    key(d, SAH_UI_KEY_RIGHT, 0);
    CHECK(sah_reader_page(r) == 0, "Right turns back");
    tap(d, 100, 200);
    CHECK(sah_reader_page(r) == 1, "a tap on the left third turns forward");
    tap(d, 700, 200);
    CHECK(sah_reader_page(r) == 0, "a tap on the right third turns back");
    stroke(d, 200, 240, 600, 250);
    CHECK(sah_reader_page(r) == 1, "a swipe to the right turns forward");
    stroke(d, 600, 240, 200, 250);
    CHECK(sah_reader_page(r) == 0, "a swipe to the left turns back");
    wheel(d, -1);
    CHECK(sah_reader_page(r) == 1, "the wheel towards the user turns forward");
    wheel(d, 2);
    CHECK(sah_reader_page(r) == 0, "and away, back");
    key(d, SAH_UI_KEY_END, 0);
    CHECK(sah_reader_page(r) + 1 == sah_reader_page_count(r), "End");
    key(d, SAH_UI_KEY_HOME, 0);
    CHECK(sah_reader_page(r) == 0, "Home");

    /* 3. PageDown, Backspace, Space, Shift+Space. */
    key(d, SAH_UI_KEY_PAGEDOWN, 0);
    CHECK(sah_reader_page(r) == 1, "PageDown");
    key(d, SAH_UI_KEY_BACKSPACE, 0);
    CHECK(sah_reader_page(r) == 0, "Backspace");
    key(d, SAH_UI_KEY_SPACE, 0);
    CHECK(sah_reader_page(r) == 1, "Space");
    key(d, SAH_UI_KEY_SPACE, SAH_UI_MOD_SHIFT);
    CHECK(sah_reader_page(r) == 0, "Shift+Space");

    /* 4. B bookmarks page 3. */
    uint32_t off;
    key(d, SAH_UI_KEY_LEFT, 0);
    key(d, SAH_UI_KEY_LEFT, 0);
    CHECK(sah_reader_page(r) == 2 && !sah_reader_page_bookmark(r, &off), "page 3, no ribbon");
    key(d, SAH_UI_KEY_B, 0);
    CHECK(sah_reader_page_bookmark(r, &off), "B draws a ribbon");

    /* 5. The menu: M; Down Down Left changes the theme (Left is "more" in
     * Arabic); Esc closes on the same page; T T comes back to day. */
    sah_reader_settings_t set;
    key(d, SAH_UI_KEY_M, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_MENU && sah_menu_mode(m) == SAH_MENU_MODE_MAIN,
          "M opens the menu");
    key(d, SAH_UI_KEY_DOWN, 0);
    key(d, SAH_UI_KEY_DOWN, 0);
    CHECK(sah_menu_selection(m) == SAH_MENU_ITEM_THEME, "Down Down: the theme");
    key(d, SAH_UI_KEY_LEFT, 0);
    sah_reader_settings(r, &set);
    CHECK(set.theme == SAH_THEME_NIGHT, "Left: the next theme (%d)", (int)set.theme);
    key(d, SAH_UI_KEY_ESCAPE, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page(r) == 2,
          "Esc closes the menu on the same page");
    key(d, SAH_UI_KEY_T, 0);
    key(d, SAH_UI_KEY_T, 0);
    sah_reader_settings(r, &set);
    CHECK(set.theme == SAH_THEME_DAY, "T T: day again");
    key(d, SAH_UI_KEY_PLUS, 0);
    sah_reader_settings(r, &set);
    int step = set.font_step;
    key(d, SAH_UI_KEY_MINUS, 0);
    sah_reader_settings(r, &set);
    CHECK(set.font_step == step - 1, "+ and - change the font size");

    /* The bookmarks list: Home L, then Enter jumps to page 3. */
    key(d, SAH_UI_KEY_HOME, 0);
    key(d, SAH_UI_KEY_L, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_MENU &&
              sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS && sah_menu_n_bookmarks(m) == 1,
          "L shows the list with the one bookmark");
    key(d, SAH_UI_KEY_ENTER, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page(r) == 2,
          "Enter jumps to the bookmark's page");
    /* Taps: the page's middle (the menu), its Bookmarks button, the first row. */
    key(d, SAH_UI_KEY_HOME, 0);
    tap(d, 400, 240);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_MENU, "a tap in the middle opens the menu");
    tap_target(d, m, SAH_MENU_ITEM_BOOKMARKS, SAH_MENU_PART_ROW);
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS, "a tap on Bookmarks: the list");
    tap_target(d, m, 0, SAH_MENU_PART_ROW);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page(r) == 2,
          "a tap on the first row jumps to page 3");
    /* Go to page: G, 4, Enter. */
    key(d, SAH_UI_KEY_G, 0);
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_GOTO, "G: go to page");
    digit(d, 4);
    CHECK(sah_menu_goto_value(m) == 4, "4 typed");
    key(d, SAH_UI_KEY_ENTER, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page(r) == 3,
          "Enter goes to page 4");
    /* The original view: O and back, then the menu's button by a tap and
     * by keys (O in the menu); the place is kept across each switch. */
    uint32_t place = sah_reader_offset(r);
    key(d, SAH_UI_KEY_O, 0);
    CHECK(sah_reader_original(r) && sah_reader_offset(r) == place,
          "O: the original view at the same place (%u, was %u)", sah_reader_offset(r), place);
    key(d, SAH_UI_KEY_O, 0);
    CHECK(!sah_reader_original(r) && sah_reader_page(r) == 3 && sah_reader_offset(r) == place,
          "O again: the article view, page 4");
    tap(d, 400, 240);
    tap_target(d, m, SAH_MENU_ITEM_ORIGINAL, SAH_MENU_PART_ROW);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_original(r) &&
              sah_reader_offset(r) == place,
          "a tap on the menu's Original file: the original view, the menu closed");
    key(d, SAH_UI_KEY_M, 0);
    key(d, SAH_UI_KEY_O, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && !sah_reader_original(r) &&
              sah_reader_page(r) == 3,
          "M O: the article view again, page 4");

    /* A long press bookmarks while held, its release does nothing more; B
     * takes the ribbon away. */
    key(d, SAH_UI_KEY_HOME, 0);
    clock_ms += 1000;
    sah_ui_event_t down = {.type = SAH_UI_EV_POINTER_DOWN, .x = 400, .y = 240, .t_ms = clock_ms};
    sah_dispatch_event(d, &down);
    int in = sah_dispatch_wake_in(d, clock_ms);
    CHECK(in > 0 && in <= SAH_LONG_PRESS_MS + 1, "the loop wakes for the long press (%d ms)", in);
    CHECK(!sah_dispatch_timer(d, clock_ms + 100), "not yet after 100 ms");
    CHECK(sah_dispatch_timer(d, clock_ms + SAH_LONG_PRESS_MS + 10), "a long press while held");
    CHECK(sah_reader_page_bookmark(r, &off), "it bookmarks page 1");
    sah_ui_event_t up = {.type = SAH_UI_EV_POINTER_UP,
                         .x = 400,
                         .y = 240,
                         .t_ms = clock_ms + SAH_LONG_PRESS_MS + 200};
    sah_dispatch_event(d, &up);
    clock_ms += SAH_LONG_PRESS_MS + 200;
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page_bookmark(r, &off),
          "and its release does nothing more");
    key(d, SAH_UI_KEY_B, 0);
    CHECK(!sah_reader_page_bookmark(r, &off), "B takes the ribbon away");

    /* F11 asks the window; Esc goes to the library; Esc there quits on a
     * desktop. */
    key(d, SAH_UI_KEY_F11, 0);
    CHECK(fullscreens == 1, "F11 toggles fullscreen");
    key(d, SAH_UI_KEY_LEFT, 0);
    key(d, SAH_UI_KEY_ESCAPE, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY && !sah_dispatch_quit(d),
          "Esc: the library");
    CHECK(sah_dispatch_take_repaint(d) && !sah_dispatch_take_repaint(d),
          "back to the library asks for a repaint, once");
    key(d, SAH_UI_KEY_ESCAPE, 0);
    CHECK(sah_dispatch_quit(d), "Esc on the library quits");
    sah_dispatch_free(d);
    sah_session_free(s);

    /* 6. The next launch: on page 2 where it was left, the one bookmark of
     * page 3 in its list. */
    s = session_on(state);
    if (!s)
        return t_summary("test-dispatch");
    o = (sah_dispatch_opts_t)SAH_DISPATCH_OPTS_INIT;
    o.kiosk = true;
    o.idle_ms = 60000;
    o.fullscreen = on_fullscreen;
    d = sah_dispatch_new(s, &o);
    r = sah_session_reader(s);
    m = sah_session_menu(s);
    lv = sah_session_libview(s);
    char *seed = t_src_path("assets/articles/seed-article-ar.txt");
    CHECK(d && sah_dispatch_open(d, seed), "reopen the seed");
    if (!d)
        return t_summary("test-dispatch");
    CHECK(sah_reader_page(r) == 1, "reopens on page 2 (%zu)", sah_reader_page(r) + 1);
    key(d, SAH_UI_KEY_L, 0);
    size_t page = 0;
    CHECK(sah_menu_n_bookmarks(m) == 1 && sah_menu_bookmark(m, 0, &off, &page, NULL) && page == 2,
          "the bookmark of page 3 is kept (%zu bookmarks, page %zu)", sah_menu_n_bookmarks(m),
          page);
    key(d, SAH_UI_KEY_ESCAPE, 0);

    /* 7. The kiosk: no theme, no fullscreen, one key does not quit, the
     * chord does; untouched for idle_ms, the library at its top. */
    sah_reader_settings(r, &set);
    sah_theme_id_t theme = set.theme;
    key(d, SAH_UI_KEY_T, 0);
    key(d, SAH_UI_KEY_F11, 0);
    sah_reader_settings(r, &set);
    CHECK(set.theme == theme && fullscreens == 1, "a kiosk keeps its theme and its window");
    key(d, SAH_UI_KEY_Q, SAH_UI_MOD_CTRL);
    CHECK(!sah_dispatch_quit(d), "Ctrl+Q does not quit a kiosk");
    key(d, SAH_UI_KEY_PLUS, 0);
    sah_dispatch_touch(d, clock_ms);
    int wake = sah_dispatch_wake_in(d, clock_ms);
    CHECK(wake > 59000 && wake <= 60001, "the loop wakes when the kiosk is idle (%d ms)", wake);
    sah_dispatch_timer(d, clock_ms + 30000);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER, "not idle after 30 s");
    sah_dispatch_timer(d, clock_ms + 60000);
    sah_reader_settings(r, &set);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY && sah_libview_selection(lv) == 0 &&
              set.font_step == ((sah_reader_settings_t)SAH_READER_SETTINGS_INIT).font_step,
          "idle: the library at its top, the default font size");
    wake = sah_dispatch_wake_in(d, clock_ms + 60000);
    CHECK(wake < 0, "put back, the idle kiosk has no timer until an input (%d ms)", wake);
    key(d, SAH_UI_KEY_DOWN, 0);
    wake = sah_dispatch_wake_in(d, clock_ms);
    CHECK(wake > 59000 && wake <= 60001, "an input starts the idle time again (%d ms)", wake);
    key(d, SAH_UI_KEY_ESCAPE, 0);
    key(d, SAH_UI_KEY_Q, 0);
    CHECK(!sah_dispatch_quit(d), "Esc and Q do not quit a kiosk");
    key(d, SAH_UI_KEY_Q, SAH_UI_MOD_CTRL | SAH_UI_MOD_ALT | SAH_UI_MOD_SHIFT);
    CHECK(sah_dispatch_quit(d), "Ctrl+Alt+Shift+Q does");

    /* 8. A left-to-right article: Left back, Right forward, a tap on the
     * right third forward. */
    CHECK(sah_dispatch_open(d, guide_en) && !sah_reader_rtl(r), "an English article");
    size_t p0 = sah_reader_page(r);
    key(d, SAH_UI_KEY_RIGHT, 0);
    CHECK(sah_reader_page(r) == p0 + 1, "Right turns forward (LTR)");
    key(d, SAH_UI_KEY_LEFT, 0);
    CHECK(sah_reader_page(r) == p0, "Left turns back (LTR)");
    tap(d, 700, 200);
    CHECK(sah_reader_page(r) == p0 + 1, "a tap on the right third turns forward (LTR)");

    sah_dispatch_free(d);
    sah_session_free(s);
    sah_dispatch_free(NULL);
    free(seed);
    free(guide_en);
    snprintf(dir, sizeof dir, "rm -rf '%s'", root);
    if (system(dir) != 0)
        fprintf(stderr, "test-dispatch: could not remove %s\n", root);
    return t_summary("test-dispatch");
}
