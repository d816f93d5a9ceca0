/*
 * test-lists.c - touch on the lists through the dispatcher (dispatch.h),
 * as the window sends it: a drag moves the library by the finger's way and
 * opens nothing; a flick glides frame by frame on the loop's timer, then
 * asks for no wakeup; a tap opens the row under it; a long press fired by
 * the timer shows the row's actions (Read from the start opens at page 1);
 * the bookmarks list drags and a long press deletes through its sheet; the
 * contents (C): the sections with their pages, the current one marked,
 * Enter and a tap jump, and the status bar's section follows.
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

static void send(sah_dispatch_t *d, sah_ui_event_t ev, double dt)
{
    clock_ms += dt;
    ev.t_ms = clock_ms;
    sah_dispatch_event(d, &ev);
}

static void key(sah_dispatch_t *d, sah_ui_key_t k)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_KEY, .key = k}, 50);
}

/* A finger at (400, @y0) moved to @y1 in @n steps @dt ms apart, then
 * resting @rest ms, lifted. */
static void drag(sah_dispatch_t *d, int y0, int y1, int n, double dt, double rest)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_DOWN, .x = 400, .y = y0}, 50);
    for (int k = 1; k <= n; k++)
        send(
            d,
            (sah_ui_event_t){.type = SAH_UI_EV_POINTER_MOVE, .x = 400, .y = y0 + (y1 - y0) * k / n},
            dt);
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = 400, .y = y1}, rest);
}

static void tap(sah_dispatch_t *d, int x, int y)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_DOWN, .x = x, .y = y}, 300);
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = x, .y = y}, 60);
}

/* A press held at (@x, @y) until the loop's timer fires it, then lifted. */
static void long_press(sah_dispatch_t *d, int x, int y)
{
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_DOWN, .x = x, .y = y}, 300);
    int in = sah_dispatch_wake_in(d, clock_ms);
    CHECK(in > 0 && in <= 501, "the loop wakes for the long press (%d ms)", in);
    clock_ms += in > 0 ? in : 0;
    CHECK(sah_dispatch_timer(d, clock_ms), "the timer acts on the long press");
    send(d, (sah_ui_event_t){.type = SAH_UI_EV_POINTER_UP, .x = x, .y = y}, 200);
}

/* Runs the loop's timer as long as it asks; returns the frames. */
static int run_timers(sah_dispatch_t *d)
{
    int frames = 0, in;
    while ((in = sah_dispatch_wake_in(d, clock_ms)) >= 0 && frames < 2000) {
        clock_ms += in;
        sah_dispatch_timer(d, clock_ms);
        uint64_t serial;
        (void)sah_dispatch_frame(d, &serial); /* the loop presents each frame */
        frames++;
    }
    return frames;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0;
    return f && fclose(f) == 0 && ok;
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    const char *tmp = getenv("TMPDIR");
    char root[512], dir[600], state[600], libdir[600], path[700], text[512];
    snprintf(root, sizeof root, "%s/sahifa-lists-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("test-lists: mkdtemp");
        return 1;
    }
    snprintf(dir, sizeof dir, "%s/data", root);
    setenv("XDG_DATA_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/state", root);
    setenv("XDG_STATE_HOME", dir, 1);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(state, sizeof state, "%s/state/sahifa", root);
    snprintf(libdir, sizeof libdir, "%s/lib", root);
    CHECK(sah_path_ensure_dir(state) && sah_path_ensure_dir(libdir), "dirs");
    snprintf(path, sizeof path, "%s/bundle.ini", libdir);
    CHECK(write_file(path, "[bundle]\nname = Lists\nsort = file\n"), "bundle.ini");
    for (int i = 10; i < 30; i++) {
        snprintf(path, sizeof path, "%s/a-%d.txt", libdir, i);
        snprintf(text, sizeof text, "Article %d\n\nThe text of article %d.\n", i, i);
        CHECK(write_file(path, text), "article %d", i);
    }

    sah_session_opts_t so = SAH_SESSION_OPTS_INIT;
    so.state_dir = state;
    so.lang = "en";
    sah_session_t *s = sah_session_new(&so);
    sah_library_t *lib = sah_library_new(NULL);
    bool ok = s && lib && sah_library_add_root(lib, libdir) && sah_library_scan(lib);
    ok = ok && sah_session_set_library(s, lib, NULL);
    CHECK(ok, "a session on a library of 20");
    sah_dispatch_opts_t o = SAH_DISPATCH_OPTS_INIT;
    sah_dispatch_t *d = ok ? sah_dispatch_new(s, &o) : NULL;
    if (!d)
        return t_summary("test-lists");
    sah_libview_t *lv = sah_session_libview(s);
    sah_reader_t *r = sah_session_reader(s);
    sah_menu_t *m = sah_session_menu(s);
    CHECK(sah_libview_rows(lv) == 20, "20 rows (%zu)", sah_libview_rows(lv));
    int content, view;
    sah_libview_extent(lv, &content, &view);
    CHECK(content > 2 * view, "the list is taller than its view (%d, %d)", content, view);

    /* 1. A slow drag up by 250 px, the finger resting before it lifts: the
     * list followed it (less the slop), nothing opened, no glide. */
    drag(d, 420, 170, 10, 20, 300);
    int moved = sah_libview_scroll_px(lv);
    CHECK(moved > 200 && moved <= 250, "the drag moved the list by the finger's way: %d", moved);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "a drag opens nothing");
    CHECK(sah_dispatch_wake_in(d, clock_ms) == -1, "no glide after a finger rested");

    /* 2. A flick: gliding on the timer, then still, then no wakeups. */
    drag(d, 420, 300, 6, 12, 0);
    int at_release = sah_libview_scroll_px(lv);
    int w = sah_dispatch_wake_in(d, clock_ms);
    CHECK(w >= 0 && w <= 16, "a flick asks for frames (%d)", w);
    int frames = run_timers(d);
    int glided = sah_libview_scroll_px(lv);
    CHECK(frames > 5 && glided > at_release + 100, "it glided %d px in %d frames",
          glided - at_release, frames);
    CHECK(sah_dispatch_wake_in(d, clock_ms) == -1, "still: no wakeup");
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "still the library");
    /* To the end and past it: the list stops at its end. */
    for (int i = 0; i < 4; i++) {
        drag(d, 460, 100, 6, 10, 0);
        run_timers(d);
    }
    CHECK(sah_libview_scroll_px(lv) == content - view, "stopped at the end: %d of %d",
          sah_libview_scroll_px(lv), content - view);

    /* 3. A tap opens the row under it: the last row shown. */
    long row = sah_libview_hit(lv, 400, 470);
    const char *title = row >= 0 ? sah_libview_title(lv, (size_t)row) : NULL;
    char want[64];
    snprintf(want, sizeof want, "%s", title ? title : "?");
    tap(d, 400, 470);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER, "a tap opens the row");
    CHECK(!strcmp(sah_article_meta(sah_reader_article(r))->title, want), "row %ld: %s", row, want);
    key(d, SAH_UI_KEY_ESCAPE);

    /* 4. A long press: the row's actions; Down, Enter: read from the start. */
    drag(d, 150, 450, 6, 20, 300); /* back towards the top */
    row = sah_libview_hit(lv, 400, 300);
    long_press(d, 400, 300);
    sah_sheet_t *sh = sah_libview_sheet(lv);
    CHECK(sah_sheet_is_open(sh) && sah_sheet_row(sh) == row, "a long press shows row %ld's actions",
          row);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY, "and opens nothing by itself");
    uint64_t serial;
    CHECK(sah_dispatch_frame(d, &serial) != NULL, "drawn with its actions");
    key(d, SAH_UI_KEY_ESCAPE);
    CHECK(!sah_sheet_is_open(sh) && sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY,
          "Escape takes them away (and does not quit)");
    CHECK(!sah_dispatch_quit(d), "no quit");
    long_press(d, 400, 300);
    key(d, SAH_UI_KEY_DOWN);
    key(d, SAH_UI_KEY_ENTER);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_reader_page(r) == 0,
          "Read from the start opens the row at page 1");
    key(d, SAH_UI_KEY_ESCAPE);
    /* A tap outside the sheet cancels it. */
    long_press(d, 400, 300);
    tap(d, 5, 470);
    CHECK(!sah_sheet_is_open(sh) && sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY,
          "a tap outside cancels");

    /* 5. The contents of the seed (its headline and 8 headings). */
    char *seed = t_src_path("assets/articles/seed-article-ar.txt");
    CHECK(seed && sah_dispatch_open(d, seed), "the seed opens");
    key(d, SAH_UI_KEY_C);
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_CONTENTS, "C opens the contents");
    const sah_toc_t *toc = sah_reader_toc(r);
    CHECK(sah_toc_count(toc) == 9, "9 entries (%zu)", sah_toc_count(toc));
    CHECK(sah_toc_entry(toc, 0) && sah_toc_entry(toc, 0)->level == 0, "the headline first");
    CHECK(sah_menu_contents_current(m) == 0 && sah_menu_selection(m) == 0,
          "page 1: the headline's section is current");
    key(d, SAH_UI_KEY_END);
    key(d, SAH_UI_KEY_ENTER);
    const sah_toc_entry_t *last = sah_toc_entry(toc, 8);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER, "Enter jumps (the contents close)");
    CHECK(last && sah_reader_page(r) == sah_reader_page_of_offset(r, (uint32_t)last->offset),
          "to the last section's page (%zu)", sah_reader_page(r));
    uint32_t ps, pe;
    sah_reader_page_bytes(r, &ps, &pe);
    key(d, SAH_UI_KEY_C);
    CHECK(sah_menu_contents_current(m) == sah_toc_at(toc, ps) && sah_toc_at(toc, ps) >= 7,
          "the section of the page is marked (%ld)", sah_menu_contents_current(m));
    /* A tap on the third entry's row jumps to its page. */
    int x, y, bw, bh;
    sah_menu_target_t t = {2, SAH_MENU_PART_ROW};
    key(d, SAH_UI_KEY_HOME);
    CHECK(sah_menu_target_rect(m, t, &x, &y, &bw, &bh), "row 3 shown");
    CHECK(bh >= 47, "a row %d px tall (9 mm: 47)", bh);
    tap(d, x + bw / 2, y + bh / 2);
    CHECK(sah_dispatch_screen(d) == SAH_SCREEN_READER &&
              sah_reader_page(r) ==
                  sah_reader_page_of_offset(r, (uint32_t)sah_toc_entry(toc, 2)->offset),
          "a tap jumps to the section's page");
    key(d, SAH_UI_KEY_HOME);

    /* 6. The bookmarks list: many marks, dragged; a long press deletes. */
    for (int i = 0; i < 12; i++) {
        (void)sah_session_toggle_bookmark(s, NULL);
        key(d, SAH_UI_KEY_LEFT);
    }
    key(d, SAH_UI_KEY_L);
    size_t n_marks = sah_menu_n_bookmarks(m);
    CHECK(n_marks >= 10, "a list of %zu bookmarks", n_marks);
    drag(d, 420, 200, 10, 20, 300);
    CHECK(sah_menu_scroll_px(m) > 150, "a drag moves the bookmarks (%d)", sah_menu_scroll_px(m));
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS, "and jumps nowhere");
    long_press(d, 300, 300);
    CHECK(sah_sheet_is_open(sah_menu_sheet(m)), "a long press on a bookmark: its actions");
    key(d, SAH_UI_KEY_DOWN);
    key(d, SAH_UI_KEY_ENTER);
    CHECK(sah_menu_n_bookmarks(m) == n_marks - 1, "Delete: %zu left of %zu",
          sah_menu_n_bookmarks(m), n_marks);
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS, "the list stays");

    free(seed);
    sah_dispatch_free(d);
    sah_session_free(s);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "test-lists: could not remove %s\n", root);
    return t_summary("test-lists");
}
