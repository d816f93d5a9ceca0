/*
 * test-searchflow.c - search, find, the on-screen keyboard, notes and
 * messages through the dispatcher (app/ui/dispatch.h) as the window drives
 * it, without one: what tests/test-search-gui.sh sees under Xvfb, asserted
 * on the screens' models, and the timers the event loop sleeps on (a
 * message ends by itself; with none, nothing is coming: no wake-up).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/dispatch.h"
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

static void text(sah_dispatch_t *d, const char *s)
{
    sah_ui_event_t ev = {.type = SAH_UI_EV_TEXT};
    snprintf(ev.text, sizeof ev.text, "%s", s);
    send(d, ev);
}

static void tap(sah_dispatch_t *d, int x, int y)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_DOWN, .x = x, .y = y});
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = x, .y = y});
}

static void tap_box(sah_dispatch_t *d, sah_box_t b)
{
    tap(d, b.x + b.w / 2, b.y + b.h / 2);
}

/* Taps the on-screen keyboard's key for @name (a letter, or "enter"...). */
static void kb_key(sah_dispatch_t *d, const sah_keyboard_t *kb, const char *name)
{
    sah_box_t b;
    CHECK(kb && sah_keyboard_key_box(kb, name, &b), "the keyboard has \"%s\"", name);
    if (kb && sah_keyboard_key_box(kb, name, &b))
        tap_box(d, b);
}

/* A finger from (@x, @y0) to (@x, @y1) in @steps moves @dt ms apart, let
 * go after @hold ms still: a drag (slow, or held) or a flick (fast). */
static void swipe(sah_dispatch_t *d, int x, int y0, int y1, int steps, double dt, double hold)
{
    clock_ms += 50;
    sah_ui_event_t ev = {.type = SAH_UI_EV_POINTER_DOWN, .x = x, .y = y0, .t_ms = clock_ms};
    sah_dispatch_event(d, &ev);
    for (int i = 1; i <= steps; i++) {
        clock_ms += dt;
        ev = (sah_ui_event_t){.type = SAH_UI_EV_POINTER_MOVE,
                              .x = x,
                              .y = y0 + (y1 - y0) * i / steps,
                              .t_ms = clock_ms};
        sah_dispatch_event(d, &ev);
    }
    clock_ms += hold;
    ev = (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = x, .y = y1, .t_ms = clock_ms};
    sah_dispatch_event(d, &ev);
}

/* Runs the timers as the event loop does until nothing is coming; the
 * number of steps (-1: still waking after many). */
static int settle(sah_dispatch_t *d)
{
    for (int i = 0; i < 2000; i++) {
        int due = sah_dispatch_wake_in(d, clock_ms);
        if (due < 0)
            return i;
        clock_ms += due > 0 ? due : 1;
        sah_dispatch_timer(d, clock_ms);
    }
    return -1;
}

static size_t n_marks(sah_session_t *s)
{
    sah_store_bookmark_t *l;
    size_t n = 0;
    if (!sah_persist_list_bookmarks(sah_session_persist(s), sah_session_hash(s), &l, &n))
        return 0;
    sah_store_bookmarks_free(l, n);
    return n;
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    const char *tmp = getenv("TMPDIR");
    char root[512], dir[600], state[600];
    snprintf(root, sizeof root, "%s/sahifa-searchflow-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("test-searchflow: mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/data", root);
    setenv("XDG_DATA_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/state", root);
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(state, sizeof state, "%s/state/sahifa", root);
    CHECK(sah_path_ensure_dir(state), "state dir");

    sah_session_opts_t so = SAH_SESSION_OPTS_INIT;
    so.state_dir = state;
    sah_session_t *s = sah_session_new(&so);
    char *cache = sah_library_default_cache_path();
    sah_library_t *lib = sah_library_new(cache);
    free(cache);
    bool ok = s && lib && sah_library_add_default_roots(lib) && sah_library_scan(lib);
    ok = ok && sah_session_set_library(s, lib, NULL);
    CHECK(ok, "a session with the library");
    if (!ok)
        return t_summary("test-searchflow");
    sah_dispatch_opts_t o = SAH_DISPATCH_OPTS_INIT;
    sah_dispatch_t *d = sah_dispatch_new(s, &o);
    sah_searchview_t *sv = sah_session_searchview(s);
    sah_findbar_t *fb = sah_session_findbar(s);
    sah_reader_t *r = sah_session_reader(s);
    uint64_t serial;

    /* 1. By keys: text is nothing on the library; / opens the search with
     * the keyboard hidden; the query runs as typed; Enter opens the best
     * result at its first hit with find's bar; n, Shift+N, Esc. */
    text(d, "x");
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY && !sah_dispatch_wants_text(d),
          "text on the library does nothing, and no text input is asked for");
    key(d, SAH_UI_KEY_SLASH, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_SEARCH && sah_dispatch_wants_text(d),
          "/ opens the search screen, with text input");
    CHECK(!sah_searchview_keyboard_shown(sv), "opened by a key: no on-screen keyboard");
    text(d, "حكو");
    text(d, "مة");
    CHECK(!strcmp(sah_searchview_query(sv), "حكومة"), "typed: \"%s\"", sah_searchview_query(sv));
    CHECK(sah_searchview_n_results(sv) >= 1, "results as typed (%zu)",
          sah_searchview_n_results(sv));
    CHECK(sah_dispatch_frame(d, &serial) != NULL, "the search screen draws");
    const char *title = sah_searchview_result_title(sv, 0);
    CHECK(title && strstr(title, "أوكرانيا"), "the best: the seed article (\"%s\")",
          title ? title : "(none)");
    key(d, SAH_UI_KEY_UP, 0);
    CHECK(sah_searchview_selection(sv) == 0, "Up at the first result stays there");
    key(d, SAH_UI_KEY_BACKSPACE, 0);
    CHECK(!strcmp(sah_searchview_query(sv), "حكوم"), "Backspace: one letter");
    text(d, "ة");
    key(d, SAH_UI_KEY_ENTER, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER, "Enter opens the result");
    CHECK(sah_findbar_active(fb) && sah_findbar_n_hits(fb) == 2,
          "find's bar on with the query's 2 hits (%zu)", sah_findbar_n_hits(fb));
    uint32_t h0, h1;
    size_t p0, p1;
    CHECK(sah_findbar_hit(fb, 0, &h0, NULL, &p0) && sah_findbar_hit(fb, 1, &h1, NULL, &p1),
          "the hits");
    CHECK(sah_reader_page(r) == p0, "at the first hit's page (%zu, hit on %zu)", sah_reader_page(r),
          p0);
    key(d, SAH_UI_KEY_N, 0);
    CHECK(sah_findbar_current(fb) == 1 && sah_reader_page(r) == p1, "n: the second hit (page %zu)",
          sah_reader_page(r));
    key(d, SAH_UI_KEY_N, 0);
    CHECK(sah_findbar_current(fb) == 0, "n past the last: the first");
    key(d, SAH_UI_KEY_N, SAH_UI_MOD_SHIFT);
    CHECK(sah_findbar_current(fb) == 1, "Shift+N: the previous, round");
    const sah_pagebuf_t *f = sah_dispatch_frame(d, &serial);
    CHECK(f && f != sah_reader_frame(r), "the bar is drawn over a copy of the reader's frame");
    key(d, SAH_UI_KEY_ESCAPE, 0);
    CHECK(!sah_findbar_active(fb) && sah_dispatch_screen(d) == SAH_SCREEN_READER,
          "Esc takes the bar away, the page stays");
    CHECK(sah_dispatch_frame(d, &serial) == sah_reader_frame(r), "the reader's own frame again");

    /* 2. Find in the article by touch: the keyboard's keys. */
    key(d, SAH_UI_KEY_F, SAH_UI_MOD_CTRL);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_SEARCH && sah_searchview_mode(sv) == SAH_SV_ARTICLE,
          "Ctrl+F finds in the article");
    key(d, SAH_UI_KEY_TAB, 0);
    const sah_keyboard_t *kb = sah_searchview_keyboard(sv);
    CHECK(kb != NULL, "Tab shows the on-screen keyboard");
    const char *word[] = {"ح", "ك", "و", "م", "ة"};
    for (size_t i = 0; i < 5; i++)
        kb_key(d, kb, word[i]);
    CHECK(!strcmp(sah_searchview_query(sv), "حكومة"), "typed on the keys: \"%s\"",
          sah_searchview_query(sv));
    CHECK(sah_searchview_n_results(sv) == 2, "2 places in the article");
    kb_key(d, kb, "enter");
    CHECK(!sah_searchview_keyboard_shown(sv), "the keyboard's Search hides it");
    sah_box_t row;
    CHECK(sah_searchview_result_box(sv, 1, &row), "the second place is shown");
    tap_box(d, row);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_findbar_current(fb) == 1 &&
              sah_reader_page(r) == p1,
          "a tap shows it");
    int w, h;
    sah_session_size(s, &w, &h);
    tap_box(d, sah_findbar_target_box(fb, w, h, SAH_FINDBAR_NEXT));
    CHECK(sah_findbar_current(fb) == 0, "the bar's next button");
    tap_box(d, sah_findbar_target_box(fb, w, h, SAH_FINDBAR_CLOSE));
    CHECK(!sah_findbar_active(fb), "the bar's close button");

    /* 2b. The results scroll by a finger: a drag moves them and opens
     * nothing, a flick glides and stops by itself, a tap still opens. */
    key(d, SAH_UI_KEY_F, SAH_UI_MOD_CTRL);
    for (int i = 0; i < 8; i++)
        key(d, SAH_UI_KEY_BACKSPACE, 0);
    text(d, "في");
    int content = 0, view = 0;
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_SEARCH && sah_searchview_n_results(sv) > 20 &&
              sah_searchview_list_extent(sv, &content, &view) && content > 2 * view && view > 0,
          "many places of \"في\" (%zu; list %d px in a view of %d)", sah_searchview_n_results(sv),
          content, view);
    sah_box_t first;
    CHECK(sah_searchview_result_box(sv, 0, &first) && sah_searchview_scroll_px(sv) == 0,
          "at the top");
    int cx = first.x + first.w / 2, cy = first.y + view / 2;
    swipe(d, cx, cy + 100, cy - 100, 10, 40, 300);
    int dragged = sah_searchview_scroll_px(sv);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_SEARCH && dragged >= 150 && dragged <= 250,
          "a drag up moves the results by it (%d px), and opens nothing", dragged);
    CHECK(settle(d) >= 0 && sah_searchview_scroll_px(sv) == dragged,
          "a drag held still before it ends leaves no glide (%d px)", sah_searchview_scroll_px(sv));
    CHECK(!sah_searchview_result_box(sv, 0, &row), "the first result went above the list");
    swipe(d, cx, cy + 100, cy - 100, 5, 10, 0);
    int flicked = sah_searchview_scroll_px(sv);
    CHECK(sah_dispatch_wake_in(d, clock_ms) >= 0, "a flick glides: the loop wakes for it");
    int steps = settle(d);
    int glided = sah_searchview_scroll_px(sv);
    CHECK(steps > 1 && glided > flicked, "it glides on (%d px to %d px in %d steps)", flicked,
          glided, steps);
    CHECK(sah_dispatch_wake_in(d, clock_ms) == -1 && sah_dispatch_screen(d) == SAH_SCREEN_SEARCH,
          "and stops: no wake-up, nothing opened");
    size_t pick = 0;
    for (size_t i = 0; i < sah_searchview_n_results(sv) && !pick; i++)
        if (sah_searchview_result_box(sv, i, &row) && row.y > first.y + first.h / 2 &&
            row.h == first.h)
            pick = i;
    CHECK(pick > 0, "a row wholly shown after the glide (%zu)", pick);
    size_t pick_page = 0;
    CHECK(sah_findbar_hit(fb, pick, NULL, NULL, &pick_page), "its hit");
    tap_box(d, row);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_findbar_current(fb) == pick &&
              sah_reader_page(r) == pick_page,
          "a tap opens the tapped place (%zu of %zu, page %zu)", sah_findbar_current(fb), pick,
          sah_reader_page(r));
    tap_box(d, sah_findbar_target_box(fb, w, h, SAH_FINDBAR_CLOSE));
    CHECK(!sah_findbar_active(fb), "the bar closed");

    /* 3. A bookmark's message: shown, timed, gone; then nothing is coming. */
    CHECK(sah_dispatch_wake_in(d, clock_ms) == -1, "idle: no timer");
    size_t before = n_marks(s);
    key(d, SAH_UI_KEY_B, 0);
    CHECK(n_marks(s) == before + 1 && sah_dispatch_toast(d), "B: a bookmark and a message");
    const char *said = sah_dispatch_toast(d) ? sah_toast_text(sah_dispatch_toast(d)) : NULL;
    CHECK(said && !strcmp(said, sah_ui_str(sah_session_ui(s), "bookmark_added")), "it says \"%s\"",
          said ? said : "(nothing)");
    int due = sah_dispatch_wake_in(d, clock_ms);
    CHECK(due > 0 && due <= SAH_TOAST_MS + 1, "the loop wakes when it ends (%d ms)", due);
    clock_ms += SAH_TOAST_MS + 1;
    sah_dispatch_timer(d, clock_ms);
    CHECK(!sah_dispatch_toast(d) && sah_dispatch_wake_in(d, clock_ms) == -1,
          "gone by itself, and no wake-up after it");
    key(d, SAH_UI_KEY_B, 0);
    CHECK(n_marks(s) == before && sah_dispatch_toast(d) &&
              sah_toast_has_action(sah_dispatch_toast(d)),
          "B again: removed, with Undo");
    key(d, SAH_UI_KEY_Z, SAH_UI_MOD_CTRL);
    CHECK(n_marks(s) == before + 1 && sah_reader_page_bookmark(r, NULL), "Ctrl+Z puts it back");

    /* 4. A note, typed and saved; the bookmark deleted and put back with it. */
    key(d, SAH_UI_KEY_L, 0);
    sah_menu_t *m = sah_session_menu(s);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_MENU && sah_menu_n_bookmarks(m) >= 1, "L: the list");
    size_t sel = sah_menu_selection(m);
    key(d, SAH_UI_KEY_N, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_NOTE && sah_dispatch_wants_text(d),
          "N: the note screen");
    text(d, "tea at ");
    text(d, "five");
    key(d, SAH_UI_KEY_ENTER, 0);
    const char *note = NULL;
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_MENU &&
              sah_menu_bookmark_note(m, sel, NULL, &note) && note && !strcmp(note, "tea at five"),
          "Enter saves the note: \"%s\"", note ? note : "(none)");
    key(d, SAH_UI_KEY_BACKSPACE, 0);
    CHECK(n_marks(s) == before && sah_dispatch_toast(d), "deleted, with a message");
    sah_box_t undo;
    CHECK(sah_toast_action_box(sah_dispatch_toast(d), w, h, &undo), "the message has Undo");
    tap_box(d, undo);
    note = NULL;
    CHECK(n_marks(s) == before + 1 && sah_menu_n_bookmarks(m) >= 1 &&
              sah_menu_bookmark_note(m, sel, NULL, &note) && note && !strcmp(note, "tea at five"),
          "Undo: back in the list with its note (\"%s\")", note ? note : "(none)");

    /* The note by touch: the Note button, the keyboard's language key,
     * letters, Save. */
    int x, y, bw, bh;
    CHECK(sah_menu_target_rect(m, (sah_menu_target_t){(int)sel, SAH_MENU_PART_MORE}, &x, &y, &bw,
                               &bh),
          "the Note button");
    tap(d, x + bw / 2, y + bh / 2);
    sah_noteview_t *nv = sah_session_noteview(s);
    const sah_keyboard_t *nkb = sah_noteview_keyboard(nv);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_NOTE && nkb, "a tap: the note with the keyboard");
    kb_key(d, nkb, "language");
    CHECK(nkb && sah_keyboard_layout(nkb) == SAH_KB_LATIN, "the language key: ABC");
    for (int i = 0; i < 11; i++)
        kb_key(d, nkb, "backspace");
    kb_key(d, nkb, "c");
    kb_key(d, nkb, "u");
    kb_key(d, nkb, "p");
    tap_box(d, sah_noteview_save_box(nv));
    note = NULL;
    CHECK(sah_menu_bookmark_note(m, sel, NULL, &note) && note && !strcmp(note, "cup"),
          "saved by touch: \"%s\"", note ? note : "(none)");

    /* 5. A kiosk left alone forgets the query. */
    key(d, SAH_UI_KEY_ESCAPE, 0);
    key(d, SAH_UI_KEY_SLASH, 0);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_SEARCH, "find again");
    sah_dispatch_free(d);
    o.kiosk = true;
    d = sah_dispatch_new(s, &o);
    sah_dispatch_touch(d, clock_ms);
    clock_ms += o.idle_ms + 1;
    sah_dispatch_timer(d, clock_ms);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "idle: the library");
    key(d, SAH_UI_KEY_SLASH, 0);
    CHECK(!sah_searchview_query(sv)[0], "the next reader sees no query");

    sah_dispatch_free(d);
    sah_session_free(s);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "test-searchflow: could not remove %s\n", root);
    return t_summary("test-searchflow");
}
