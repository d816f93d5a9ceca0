/*
 * test-reader.c - the reader screen model (app/ui/reader), its input table
 * (app/ui/input), the library screen (app/ui/libview) and persist over the
 * store (in memory and on disk), without a window: page turns, prepared neighbours equal to fresh
 * drawings, reflows that keep the byte offset, RTL key and gesture mapping,
 * bookmarks, themes, and the negative cases (missing file, missing font,
 * a screen too small, an empty library).
 *
 * Skips (77) when the Noto Naskh Arabic or DejaVu Sans fonts are missing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fonts/fontchain.h"
#include "app/ui/input.h"
#include "app/ui/libview.h"
#include "app/content/library.h"
#include "app/store/persist.h"
#include "app/ui/reader.h"
#include "testfonts.h"
#include "testutil.h"
#include "app/ui/ui.h"

static char *seed;

/* ---- input: one line per case ---------------------------------------- */

static void test_keys(void)
{
    static const struct {
        sah_ui_key_t key;
        unsigned mods;
        bool rtl;
        sah_action_t want;
    } cases[] = {
        {SAH_UI_KEY_LEFT, 0, true, SAH_ACT_NEXT},
        {SAH_UI_KEY_RIGHT, 0, true, SAH_ACT_PREV},
        {SAH_UI_KEY_LEFT, 0, false, SAH_ACT_PREV},
        {SAH_UI_KEY_RIGHT, 0, false, SAH_ACT_NEXT},
        {SAH_UI_KEY_PAGEDOWN, 0, true, SAH_ACT_NEXT},
        {SAH_UI_KEY_PAGEDOWN, 0, false, SAH_ACT_NEXT},
        {SAH_UI_KEY_SPACE, 0, true, SAH_ACT_NEXT},
        {SAH_UI_KEY_SPACE, SAH_UI_MOD_SHIFT, true, SAH_ACT_PREV},
        {SAH_UI_KEY_PAGEUP, 0, true, SAH_ACT_PREV},
        {SAH_UI_KEY_BACKSPACE, 0, false, SAH_ACT_PREV},
        {SAH_UI_KEY_HOME, 0, true, SAH_ACT_HOME},
        {SAH_UI_KEY_END, 0, true, SAH_ACT_END},
        {SAH_UI_KEY_B, 0, true, SAH_ACT_BOOKMARK},
        {SAH_UI_KEY_PLUS, 0, true, SAH_ACT_FONT_UP},
        {SAH_UI_KEY_MINUS, 0, true, SAH_ACT_FONT_DOWN},
        {SAH_UI_KEY_ESCAPE, 0, true, SAH_ACT_BACK},
        {SAH_UI_KEY_F11, 0, true, SAH_ACT_FULLSCREEN},
        {SAH_UI_KEY_M, 0, true, SAH_ACT_MENU},
        {SAH_UI_KEY_ENTER, 0, true, SAH_ACT_MENU},
        {SAH_UI_KEY_L, 0, true, SAH_ACT_BOOKMARKS},
        {SAH_UI_KEY_G, 0, true, SAH_ACT_GOTO},
        {SAH_UI_KEY_T, 0, true, SAH_ACT_THEME},
        {SAH_UI_KEY_Q, 0, true, SAH_ACT_NONE},
        {SAH_UI_KEY_Q, SAH_UI_MOD_CTRL, true, SAH_ACT_QUIT},
        {SAH_UI_KEY_OTHER, 0, true, SAH_ACT_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sah_action_t got =
            sah_input_action(SAH_UI_AT_READER, cases[i].key, cases[i].mods, cases[i].rtl);
        CHECK(got == cases[i].want, "key %d mods %u %s: expected action %d, got %d",
              (int)cases[i].key, cases[i].mods, cases[i].rtl ? "rtl" : "ltr", (int)cases[i].want,
              (int)got);
    }
}

static void test_gestures(void)
{
    static const struct {
        int x0, y0, x1, y1;
        double ms;
        bool rtl;
        sah_action_t want;
    } cases[] = {
        /* 800 px wide: thirds at 266 and 534; swipes need 60 px. */
        {100, 200, 102, 203, 100, true, SAH_ACT_NEXT},  /* tap left third, RTL */
        {700, 200, 700, 200, 100, true, SAH_ACT_PREV},  /* tap right third, RTL */
        {100, 200, 100, 200, 100, false, SAH_ACT_PREV}, /* tap left third, LTR */
        {700, 200, 700, 200, 100, false, SAH_ACT_NEXT},
        {400, 200, 400, 200, 100, true, SAH_ACT_MENU},     /* middle */
        {400, 200, 401, 201, 900, true, SAH_ACT_BOOKMARK}, /* long press */
        {200, 200, 500, 220, 150, true, SAH_ACT_NEXT},     /* swipe right, RTL */
        {500, 200, 200, 220, 150, true, SAH_ACT_PREV},     /* swipe left, RTL */
        {500, 200, 200, 220, 150, false, SAH_ACT_NEXT},    /* swipe left, LTR */
        {400, 100, 420, 400, 150, true, SAH_ACT_NONE},     /* vertical drag */
        {400, 200, 440, 200, 150, true, SAH_ACT_NONE},     /* neither tap nor swipe */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sah_gesture_t g;
        sah_gesture_down(&g, cases[i].x0, cases[i].y0, 1000);
        sah_gesture_kind_t k = sah_gesture_up(&g, cases[i].x1, cases[i].y1, 1000 + cases[i].ms, 60);
        sah_action_t got =
            sah_input_action(SAH_UI_AT_READER, sah_gesture_input(k, &g, 800), 0, cases[i].rtl);
        CHECK(got == cases[i].want, "gesture %zu (%d,%d)->(%d,%d) %s: expected %d, got %d", i,
              cases[i].x0, cases[i].y0, cases[i].x1, cases[i].y1, cases[i].rtl ? "rtl" : "ltr",
              (int)cases[i].want, (int)got);
    }
    sah_gesture_t g = {0};
    CHECK(sah_gesture_up(&g, 1, 1, 0, 60) == SAH_GESTURE_NONE, "an up without a down");
    CHECK(sah_input_action(SAH_UI_AT_READER, SAH_UI_IN_WHEEL_DOWN, 0, true) == SAH_ACT_NEXT &&
              sah_input_action(SAH_UI_AT_READER, SAH_UI_IN_WHEEL_UP, 0, false) == SAH_ACT_PREV,
          "wheel");
}

/* ---- pixels ------------------------------------------------------------ */

static bool same_pixels(const sah_pagebuf_t *a, const sah_pagebuf_t *b)
{
    size_t sa, sb;
    const uint32_t *pa = sah_pagebuf_argb(a, &sa), *pb = sah_pagebuf_argb(b, &sb);
    int w = sah_pagebuf_width(a), h = sah_pagebuf_height(a);
    if (w != sah_pagebuf_width(b) || h != sah_pagebuf_height(b))
        return false;
    for (int y = 0; y < h; y++)
        if (memcmp(pa + (size_t)y * sa, pb + (size_t)y * sb, (size_t)w * 4))
            return false;
    return true;
}

/* The rightmost and leftmost inked columns in rows [y0, y1). */
static void ink_extent(const sah_pagebuf_t *b, int y0, int y1, int *left, int *right)
{
    size_t stride;
    const uint8_t *c = sah_pagebuf_coverage(b, &stride);
    *left = INT32_MAX;
    *right = -1;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < sah_pagebuf_width(b); x++)
            if (c[(size_t)y * stride + (size_t)x] > 128) {
                *left = x < *left ? x : *left;
                *right = x > *right ? x : *right;
            }
}

static bool page_holds(sah_reader_t *r, uint32_t off)
{
    uint32_t s, e;
    sah_reader_page_bytes(r, &s, &e);
    return s <= off && off < e;
}

/* ---- the reader -------------------------------------------------------- */

static void test_turns(sah_ui_t *ui)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(r && sah_reader_open(r, seed, 0), "open the seed article");
    if (!r || !sah_reader_has_article(r)) {
        sah_reader_free(r);
        return;
    }
    CHECK(sah_reader_rtl(r), "the seed article is RTL");
    CHECK(sah_reader_page(r) == 0 && sah_reader_offset(r) == 0, "opens at page 1");
    size_t n = sah_reader_page_count(r);
    CHECK(n >= 5, "expected several pages at 800x480, got %zu", n);

    /* The headline (top of page 1) ends at the right margin. */
    const sah_pagebuf_t *f = sah_reader_frame(r);
    int left, right;
    ink_extent(f, 0, 70, &left, &right);
    CHECK(right >= 800 - 24 - 4 && right < 800 - 24 + 4,
          "headline's right edge at the margin (776): got %d", right);

    /* Turning to a prepared neighbour shows what a fresh drawing shows. */
    while (sah_reader_idle(r))
        ;
    CHECK(!sah_reader_idle_pending(r), "no idle work left");
    uint64_t s0 = sah_reader_serial(r);
    CHECK(sah_reader_turn(r, SAH_ACT_NEXT) && sah_reader_page(r) == 1, "next: page 2");
    CHECK(sah_reader_serial(r) != s0, "a turn changes the serial");
    CHECK(sah_reader_offset(r) > 0 && page_holds(r, sah_reader_offset(r)), "offset %u on page 2",
          sah_reader_offset(r));
    sah_reader_t *fresh = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(fresh && sah_reader_open(fresh, seed, sah_reader_offset(r)), "fresh reader");
    if (fresh) {
        sah_reader_page_count(fresh);
        CHECK(sah_reader_page(fresh) == 1, "fresh at page 2");
        CHECK(same_pixels(sah_reader_frame(r), sah_reader_frame(fresh)),
              "the prepared page 2 equals a fresh drawing of it");
    }
    sah_reader_free(fresh);
    CHECK(sah_reader_turn(r, SAH_ACT_PREV) && sah_reader_page(r) == 0, "prev: page 1");
    CHECK(!sah_reader_turn(r, SAH_ACT_PREV), "no page before the first");
    CHECK(sah_reader_turn(r, SAH_ACT_END) && sah_reader_page(r) == n - 1, "end");
    CHECK(!sah_reader_turn(r, SAH_ACT_NEXT), "no page after the last");
    CHECK(sah_reader_fraction(r) == 1.0, "the last page ends the article");
    CHECK(sah_reader_turn(r, SAH_ACT_HOME) && sah_reader_page(r) == 0, "home");
    CHECK(!sah_reader_turn(r, SAH_ACT_BOOKMARK), "not a turn");
    CHECK(sah_reader_goto(r, 1000) && sah_reader_page(r) == n - 1, "goto past the end");
    CHECK(sah_reader_goto(r, 2) && sah_reader_page(r) == 2, "goto 3");
    sah_reader_free(r);
}

/* A long article (copies of the seed, each line ending in its copy's
 * number so that none is hidden as a repeat) written to a temporary file;
 * (transfer full) its path, NULL when it cannot be written. */
static char *long_article(int copies)
{
    char *path = strdup("/tmp/sahifa-test-reader-long-XXXXXX");
    int fd = path ? mkstemp(path) : -1;
    FILE *in = fopen(seed, "r"), *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    char line[8192];
    bool ok = in && out;
    for (int k = 1; ok && k <= copies; k++) {
        rewind(in);
        while (fgets(line, sizeof line, in)) {
            size_t n = strcspn(line, "\n");
            line[n] = 0;
            bool blank = strspn(line, " \t\r") == n;
            fprintf(out, blank ? "%s\n" : "%s (%d)\n", line, k);
        }
    }
    if (in)
        fclose(in);
    if (out ? fclose(out) != 0 : (fd >= 0 && close(fd) != 0))
        ok = false;
    if (!ok && path) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

/* A font size step deep in a long article lays out from the paragraph of
 * the place (anchored pages), not from the start: the place is kept, its
 * page holds it, turning back reaches page 1 with every byte on one page
 * on the way, and once the pages before are counted (idle) the page shown
 * is the exact one holding the place, with its number. */
static void test_deep_reflow(sah_ui_t *ui)
{
    char *path = long_article(12);
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = path ? sah_reader_new(ui, "default", 800, 480, &set) : NULL;
    if (!r || !sah_reader_open(r, path, 0)) {
        CHECK(false, "open a long article");
        goto out;
    }
    const sah_article_t *a = sah_reader_article(r);
    size_t len;
    const char *text = sah_article_text(a, &len);
    /* A place 80% in, at the start of a word. */
    uint32_t place = (uint32_t)(len * 4 / 5);
    while (place < len && text[place] != ' ')
        place++;
    place++;
    sah_reader_goto_offset(r, place);
    CHECK(page_holds(r, place) && sah_reader_offset(r) == place, "deep: the page holds byte %u",
          place);
    set.font_step++;
    CHECK(sah_reader_set_settings(r, &set) && sah_reader_frame(r), "font size step deep in");
    CHECK(sah_reader_offset(r) == place && page_holds(r, place),
          "after the step the place is kept (%u) and on the page", sah_reader_offset(r));

    /* Forward: each page starts where the one before ended. */
    uint32_t s0, e0, s, e;
    sah_reader_page_bytes(r, &s0, &e0);
    for (int i = 0; i < 3; i++) {
        CHECK(sah_reader_turn(r, SAH_ACT_NEXT), "turn %d forward from the place", i + 1);
        sah_reader_page_bytes(r, &s, &e);
        CHECK(s == e0 && e > s, "forward %d: [%u, %u) after [%u, %u)", i + 1, s, e, s0, e0);
        s0 = s;
        e0 = e;
    }
    /* Back to page 1, no idle work between the turns. */
    size_t turns = 0;
    sah_reader_page_bytes(r, &s0, &e0);
    while (sah_reader_turn(r, SAH_ACT_PREV) && turns < 100000) {
        sah_reader_page_bytes(r, &s, &e);
        if (e != s0 || s >= s0) {
            CHECK(false, "back %zu: [%u, %u) before [%u, %u)", turns + 1, s, e, s0, e0);
            break;
        }
        s0 = s;
        e0 = e;
        turns++;
    }
    sah_reader_page_bytes(r, &s, &e);
    CHECK(s == 0 && sah_reader_page(r) == 0, "turning back reaches page 1 (%zu turns, at %u)",
          turns, s);
    CHECK(sah_reader_frame(r), "page 1 drawn");

    /* To the place again; the work ahead counts the pages before it and
     * the exact page holding the place is shown, with its number. */
    sah_reader_goto_offset(r, place);
    while (sah_reader_idle(r))
        ;
    size_t exact = sah_reader_page_of_offset(r, place);
    CHECK(sah_reader_offset(r) == place && page_holds(r, place) && sah_reader_page(r) == exact,
          "counted: page %zu (the exact page %zu) holds the place", sah_reader_page(r), exact);
    CHECK(turns + 3 >= exact / 2 && turns <= 2 * exact + 3, "%zu turns back from near page %zu",
          turns, exact);
out:
    sah_reader_free(r);
    if (path)
        unlink(path);
    free(path);
}

static void test_reflow(sah_ui_t *ui)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    if (!r || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "open");
        sah_reader_free(r);
        return;
    }
    sah_reader_goto(r, 5);
    uint32_t place = sah_reader_offset(r);
    size_t page = sah_reader_page(r);
    /* Every size, spacing, justification and two screen shapes. */
    for (int step = 0; step < SAH_READER_FONT_STEPS; step++) {
        sah_reader_settings_t s = set;
        s.font_step = step;
        CHECK(sah_reader_set_settings(r, &s), "font step %d", step);
        CHECK(page_holds(r, place), "font step %d: page %zu holds byte %u", step,
              sah_reader_page(r), place);
        CHECK(sah_reader_offset(r) == place, "font step %d: the place is kept", step);
    }
    for (int step = 0; step < SAH_READER_SPACING_STEPS; step++) {
        sah_reader_settings_t s = set;
        s.spacing_step = step;
        s.justify = step % 2;
        CHECK(sah_reader_set_settings(r, &s), "spacing step %d", step);
        CHECK(page_holds(r, place), "spacing step %d holds byte %u", step, place);
    }
    CHECK(sah_reader_resize(r, 480, 800) && page_holds(r, place), "portrait holds the place");
    CHECK(sah_reader_frame(r) && sah_pagebuf_width(sah_reader_frame(r)) == 480, "480 wide");
    CHECK(sah_reader_resize(r, 800, 480) && page_holds(r, place), "landscape again");
    CHECK(sah_reader_set_settings(r, &set), "back to the defaults");
    CHECK(sah_reader_page(r) == page && sah_reader_offset(r) == place,
          "no drift: page %zu (was %zu)", sah_reader_page(r), page);
    CHECK(!sah_reader_resize(r, 10, 10), "a 10x10 screen is refused");
    CHECK(page_holds(r, place) && sah_reader_frame(r), "and the reader is as it was");

    /* Out-of-range steps are clamped, not trusted. */
    sah_reader_settings_t bad = set, got;
    bad.font_step = 99;
    bad.spacing_step = -3;
    bad.theme = (sah_theme_id_t)7;
    CHECK(sah_reader_set_settings(r, &bad), "clamped settings");
    sah_reader_settings(r, &got);
    CHECK(got.font_step == SAH_READER_FONT_STEPS - 1 && got.spacing_step == 0 &&
              got.theme == SAH_THEME_DAY,
          "clamped to %d %d %d", got.font_step, got.spacing_step, (int)got.theme);
    CHECK(sah_reader_font_step_for(22) == 3 && sah_reader_spacing_step_for(1.6) == 2,
          "store values map to steps");
    sah_reader_free(r);
}

static void test_theme_marks(sah_ui_t *ui)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    if (!r || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "open");
        sah_reader_free(r);
        return;
    }
    size_t stride;
    const uint32_t *px = sah_pagebuf_argb(sah_reader_frame(r), &stride);
    CHECK((px[0] & 0xFFFFFF) == sah_theme_day.bg, "day background");
    sah_reader_settings_t s = set;
    s.theme = SAH_THEME_NIGHT;
    CHECK(sah_reader_set_settings(r, &s), "night");
    px = sah_pagebuf_argb(sah_reader_frame(r), &stride);
    CHECK((px[0] & 0xFFFFFF) == sah_theme_night.bg, "night background, got %06x", px[0] & 0xFFFFFF);

    /* A bookmark on page 1 puts a ribbon at the top-left corner (RTL). */
    int l0, r0, l1, r1;
    ink_extent(sah_reader_frame(r), 0, 20, &l0, &r0);
    uint32_t mark = 10, at;
    CHECK(sah_reader_set_bookmarks(r, &mark, 1), "set bookmarks");
    CHECK(sah_reader_page_bookmark(r, &at) && at == 10, "page 1 holds the bookmark");
    ink_extent(sah_reader_frame(r), 0, 20, &l1, &r1);
    CHECK(l1 < 30 && l0 > 30, "a ribbon appears at the left: %d (was %d)", l1, l0);
    sah_reader_turn(r, SAH_ACT_NEXT);
    CHECK(!sah_reader_page_bookmark(r, NULL), "page 2 has none");
    char *snip = sah_reader_snippet(r, 0, 20);
    CHECK(snip && strlen(snip) <= 20 && strlen(snip) > 10, "snippet '%s'", snip ? snip : "");
    free(snip);
    sah_reader_free(r);
}

/* The original view (the file as it is): lines the article view hides are
 * shown, each in its own direction; the place is kept across both
 * switches, and back in the article view the page is drawn as before. */
static void test_original(sah_ui_t *ui)
{
    /* Arabic lines, then the end-of-article furniture the parser hides:
     * two English lines, left-aligned when shown. */
    char path[] = "/tmp/sahifa-original-XXXXXX.txt";
    int fd = mkstemps(path, 4);
    const char text[] = "\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86 "
                        "\xD8\xA7\xD9\x84\xD8\xAE\xD8\xA8\xD8\xB1\n\n"
                        "\xD9\x86\xD8\xB5 \xD8\xA7\xD9\x84\xD8\xAE\xD8\xA8\xD8\xB1 "
                        "\xD9\x82\xD8\xB5\xD9\x8A\xD8\xB1.\n\nRead more\n\nTags\n";
    CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1), "write %s",
          path);
    if (fd >= 0)
        close(fd);
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    if (!r || !sah_reader_open(r, path, 0)) {
        CHECK(false, "open %s", path);
        goto out;
    }
    int left, right, page_h = 480 - 40;
    CHECK(!sah_reader_original(r), "opens in the article view");
    ink_extent(sah_reader_frame(r), 0, page_h, &left, &right);
    CHECK(left > 200, "article view: no line at the left margin (ink from %d)", left);
    CHECK(sah_reader_set_original(r, true) && sah_reader_original(r), "the original view");
    ink_extent(sah_reader_frame(r), 0, page_h, &left, &right);
    CHECK(left <= 24 + 4 && right >= 800 - 24 - 4,
          "original view: the English lines at the left margin, the Arabic at the right "
          "(ink from %d to %d)",
          left, right);
    /* The status bar's start edge (right in the Arabic UI), under its
     * progress line, names the view: its title part differs. */
    size_t stride, stride0;
    const uint32_t *px = sah_pagebuf_argb(sah_reader_frame(r), &stride);
    uint32_t *bar = malloc((size_t)800 * 25 * sizeof *bar);
    for (int y = 0; bar && y < 25; y++)
        memcpy(bar + (size_t)y * 800, px + (size_t)(455 + y) * stride, 800 * sizeof *bar);
    CHECK(sah_reader_set_original(r, false) && !sah_reader_original(r), "the article view");
    px = sah_pagebuf_argb(sah_reader_frame(r), &stride0);
    long differ = 0;
    for (int y = 0; bar && y < 25; y++)
        for (int x = 400; x < 800; x++)
            differ += bar[(size_t)y * 800 + x] != px[(size_t)(455 + y) * stride0 + x];
    CHECK(differ > 100, "the status bar's title differs between the views (%ld pixels)", differ);
    free(bar);

    /* The seed at page 5: the place is kept both ways, and the page drawn
     * back in the article view is the one a fresh reader draws there. */
    CHECK(sah_reader_open(r, seed, 0), "the seed");
    size_t n_article = sah_reader_page_count(r);
    sah_reader_goto(r, 4);
    uint32_t place = sah_reader_offset(r);
    CHECK(sah_reader_set_original(r, true) && sah_reader_offset(r) == place && page_holds(r, place),
          "original view: page %zu holds the place %u", sah_reader_page(r) + 1, place);
    CHECK(sah_reader_page_count(r) >= n_article, "the original view has at least as many pages");
    CHECK(sah_reader_set_original(r, false) && sah_reader_offset(r) == place &&
              sah_reader_page(r) == 4,
          "back: page %zu (was 5)", sah_reader_page(r) + 1);
    sah_reader_t *fresh = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(fresh && sah_reader_open(fresh, seed, place), "fresh reader");
    if (fresh) {
        sah_reader_page_count(fresh);
        sah_reader_page_count(r); /* both status bars say "of N" */
        CHECK(same_pixels(sah_reader_frame(r), sah_reader_frame(fresh)),
              "page 5 after the round trip equals a fresh drawing of it");
    }
    sah_reader_free(fresh);
    /* Opening an article starts in the article view. */
    CHECK(sah_reader_set_original(r, true) && sah_reader_open(r, seed, 0) &&
              !sah_reader_original(r),
          "a new article opens in the article view");
out:
    sah_reader_free(r);
    unlink(path);
    sah_reader_t *none = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(none && !sah_reader_set_original(none, true) && !sah_reader_original(none),
          "no article: no original view");
    sah_reader_free(none);
}

static void test_negative(sah_ui_t *ui)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(r && !sah_reader_open(r, "/nonexistent/article.txt", 0), "a missing file fails");
    CHECK(r && !sah_reader_has_article(r) && !sah_reader_frame(r), "and nothing is open");
    CHECK(r && !sah_reader_turn(r, SAH_ACT_NEXT) && !sah_reader_idle(r), "no article: no turn");
    sah_reader_free(r);
    r = sah_reader_new(ui, "/nonexistent/font.ttf", 800, 480, &set);
    CHECK(r && !sah_reader_open(r, seed, 0), "a missing font file fails the open");
    sah_reader_free(r);
    sah_reader_free(NULL);
}

/* ---- persist ----------------------------------------------------------- */

static void test_persist(void)
{
    /* In memory on purpose: not even the default state dir is made. */
    char state[] = "/tmp/test-reader-XXXXXX";
    char *old = getenv("XDG_STATE_HOME") ? strdup(getenv("XDG_STATE_HOME")) : NULL;
    CHECK(mkdtemp(state) && setenv("XDG_STATE_HOME", state, 1) == 0, "a state dir");
    sah_persist_t *p = sah_persist_new_memory();
    CHECK(rmdir(state) == 0, "nothing written in %s", state);
    if (old)
        setenv("XDG_STATE_HOME", old, 1);
    else
        unsetenv("XDG_STATE_HOME");
    free(old);
    uint32_t off;
    int64_t when = 0;
    CHECK(p, "the store in memory");
    if (!p)
        return;
    CHECK(sah_persist_health(p) == SAH_PERSIST_SAVING, "in memory on purpose is no failure");
    CHECK(!sah_persist_get_position(p, "aa", &off, NULL), "no position yet");
    CHECK(sah_persist_set_position(p, "aa", "/a.txt", "A", 100, 0.1), "set a");
    CHECK(sah_persist_set_position(p, "bb", "/b.txt", "B", 5, 0.0), "set b");
    CHECK(sah_persist_set_position(p, "aa", "/a.txt", "A", 200, 0.2), "set a again");
    CHECK(sah_persist_get_position(p, "aa", &off, &when) && off == 200 && when > 0,
          "a at 200, read now");
    CHECK(sah_persist_get_position(p, "bb", &off, NULL) && off == 5, "b at 5");
    int64_t id1, id2;
    CHECK(sah_persist_add_bookmark(p, "aa", 300, "x", &id1), "bookmark 300");
    CHECK(sah_persist_add_bookmark(p, "aa", 30, NULL, &id2), "bookmark 30");
    CHECK(!sah_persist_add_bookmark(p, "aa", 30, "again", NULL), "one bookmark per place");
    sah_store_bookmark_t *l;
    size_t n;
    CHECK(sah_persist_list_bookmarks(p, "aa", &l, &n) && n == 2 && l[0].offset == 30 &&
              l[1].offset == 300 && !strcmp(l[0].snippet, ""),
          "two, by offset");
    sah_store_bookmarks_free(l, n);
    CHECK(sah_persist_delete_bookmark(p, id1) && !sah_persist_delete_bookmark(p, id1), "delete");
    CHECK(sah_persist_list_bookmarks(p, "bb", &l, &n) && n == 0, "none in b");
    sah_store_bookmarks_free(l, n);
    CHECK(!sah_persist_get_setting(p, "theme"), "no setting yet");
    CHECK(sah_persist_set_setting(p, "theme", "dark") &&
              sah_persist_set_setting(p, "theme", "sepia"),
          "set theme");
    char *v = sah_persist_get_setting(p, "theme");
    CHECK(v && !strcmp(v, "sepia"), "theme is sepia");
    free(v);
    CHECK(!sah_persist_set_setting(p, "no-such-key", "1"), "unknown key refused");
    CHECK(sah_persist_tick(p) && sah_persist_flush(p) && sah_persist_due_in_ms(p) == -1,
          "nothing pending after a flush");
    CHECK(sah_persist_get_position(p, "aa", &off, NULL) && off == 200, "a still at 200");
    sah_persist_free(p);
    sah_persist_free(NULL);
}

/* The store backend: what was set is there after closing and reopening. */
static void test_persist_store(void)
{
    char dir[] = "/tmp/test-reader-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(false, "mkdtemp");
        return;
    }
    const char *hash = "43d11f589efd43d11f589efd43d11f589efd43d11f589efd43d11f589efd0000";
    sah_persist_t *p = sah_persist_new_store(dir);
    CHECK(p, "open the store in %s", dir);
    if (!p)
        return;
    char *v = sah_persist_get_setting(p, "font_size");
    CHECK(!v, "the store's default reads as unset, got %s", v ? v : "");
    free(v);
    CHECK(sah_persist_set_setting(p, "theme", "sepia"), "set theme");
    CHECK(!sah_persist_set_setting(p, "no-such-key", "1"), "unknown key refused");
    CHECK(sah_persist_set_position(p, hash, "/x/a.txt", "A", 1234, 0.5), "position");
    CHECK(sah_persist_add_bookmark(p, hash, 1234, "snip", NULL), "bookmark");
    CHECK(!sah_persist_add_bookmark(p, hash, 1234, "again", NULL), "one bookmark per place");
    sah_persist_free(p); /* flushes the coalesced position */
    p = sah_persist_new_store(dir);
    uint32_t off = 0;
    int64_t when = 0;
    CHECK(p && sah_persist_get_position(p, hash, &off, &when) && off == 1234 && when > 0,
          "position after reopening: %u", off);
    v = p ? sah_persist_get_setting(p, "theme") : NULL;
    CHECK(v && !strcmp(v, "sepia"), "theme after reopening");
    free(v);
    sah_store_bookmark_t *l = NULL;
    size_t n = 0;
    CHECK(p && sah_persist_list_bookmarks(p, hash, &l, &n) && n == 1 && l[0].offset == 1234 &&
              !strcmp(l[0].snippet, "snip"),
          "bookmark after reopening");
    CHECK(n == 1 && sah_persist_delete_bookmark(p, l[0].id), "delete it");
    sah_store_bookmarks_free(l, n);
    sah_persist_free(p);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "clean up");
}

/* ---- the library screen ------------------------------------------------ */

static void test_libview(sah_ui_t *ui)
{
    sah_libview_t *lv = sah_libview_new(ui, 800, 480);
    sah_library_t *lib = sah_library_new(NULL);
    sah_persist_t *p = sah_persist_new_memory();
    CHECK(lv && lib && p, "setup");
    if (!lv || !lib || !p)
        goto out;
    /* Empty: a friendly screen, nothing to open. */
    CHECK(sah_libview_set_library(lv, NULL, p, "/tmp/x"), "empty library");
    CHECK(sah_libview_rows(lv) == 0 && !sah_libview_selected(lv), "no rows");
    const sah_pagebuf_t *f = sah_libview_frame(lv);
    int left, right;
    ink_extent(f, 0, 480, &left, &right);
    CHECK(f && right > 0, "the empty screen says something");
    CHECK(!sah_libview_move(lv, 1) && sah_libview_hit(lv, 400, 200) == -1, "nothing to select");

    char *assets = sah_library_assets_dir();
    CHECK(sah_library_add_root(lib, assets) && sah_library_scan(lib), "scan the assets");
    free(assets);
    size_t n = sah_library_n_entries(lib);
    CHECK(n >= 1 && sah_libview_set_library(lv, lib, p, NULL), "the bundled library");
    CHECK(sah_libview_rows(lv) == n, "one row per article: %zu", sah_libview_rows(lv));
    CHECK(sah_libview_frame(lv) != NULL, "draws");
    /* Titles are right-aligned (RTL): the first row's ink reaches the right. */
    ink_extent(sah_libview_frame(lv), 60, 100, &left, &right);
    CHECK(right > 800 - 40, "first title at the right edge: %d", right);
    CHECK(sah_libview_move(lv, 1) && sah_libview_selection(lv) == 1, "down");
    CHECK(!sah_libview_move(lv, -5) || sah_libview_selection(lv) == 0, "clamped up");
    long row = sah_libview_hit(lv, 400, 60 + 10);
    CHECK(row == 0, "a tap under the header hits row 0, got %ld", row);

    /* Reading one adds "continue reading" on top, pointing at it. */
    const sah_library_entry_t *e = sah_library_entry(lib, n - 1);
    CHECK(sah_persist_set_position(p, e->hash, e->path, e->title, 100, 0.1), "position");
    CHECK(sah_libview_refresh(lv) && sah_libview_rows(lv) == n + 1, "continue reading row");
    sah_libview_select(lv, 0);
    CHECK(sah_libview_selected(lv) && !strcmp(sah_libview_selected(lv), e->path),
          "continue reading opens %s", e->path);
    CHECK(sah_libview_resize(lv, 480, 800) && sah_libview_frame(lv), "portrait");
out:
    sah_libview_free(lv);
    sah_library_free(lib);
    sah_persist_free(p);
}

/* The UI's notices (ui.h): a band across the top of the reader and the
 * library, added while they are open; at most SAH_UI_MAX_NOTICES. */
static void test_notices(void)
{
    sah_ui_t *ui = sah_ui_new("ar", 1.0);
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = ui ? sah_reader_new(ui, "default", 800, 480, &set) : NULL;
    sah_libview_t *lv = ui ? sah_libview_new(ui, 800, 480) : NULL;
    sah_library_t *lib = sah_library_new(NULL);
    char *assets = sah_library_assets_dir();
    CHECK(r && lv && lib && assets && sah_reader_open(r, seed, 0) &&
              sah_library_add_root(lib, assets) && sah_library_scan(lib) &&
              sah_libview_set_library(lv, lib, NULL, NULL),
          "setup");
    free(assets);
    if (!r || !lv || !sah_reader_has_article(r))
        goto out;
    CHECK(sah_ui_add_notice(ui, "") && sah_ui_n_notices(ui) == 0 && sah_ui_notices_height(ui) == 0,
          "an empty notice is no notice");
    sah_reader_goto(r, 3);
    uint32_t place = sah_reader_offset(r);
    uint64_t rs = sah_reader_serial(r);
    sah_libview_frame(lv);
    unsigned long ls = sah_libview_serial(lv);
    CHECK(sah_libview_hit(lv, 400, 60 + 10) == 0, "row 0 under the header");

    CHECK(sah_ui_add_notice(ui, "Changes will not be kept") &&
              sah_ui_add_notice(ui, "Changes will not be kept") && sah_ui_n_notices(ui) == 1,
          "a notice, once");
    int h = sah_ui_notices_height(ui);
    CHECK(h > 20 && h < 100, "the band: %d px", h);
    const sah_pagebuf_t *f = sah_reader_frame(r);
    CHECK(f && sah_reader_serial(r) != rs, "the reader redraws under a new notice");
    CHECK(page_holds(r, place), "and keeps its place (byte %u)", place);
    int left, right;
    if (f) {
        ink_extent(f, 0, h - 4, &left, &right);
        CHECK(right > 700, "the notice at the top's start edge (right): %d", right);
        ink_extent(f, h - 2, h, &left, &right);
        CHECK(left == 0 && right == 799, "a rule across under it: %d..%d", left, right);
    }
    CHECK(sah_libview_serial(lv) != ls, "the library's serial changes");
    f = sah_libview_frame(lv);
    CHECK(f && sah_libview_hit(lv, 400, 60 + 10) == -1 &&
              sah_libview_hit(lv, 400, h + 60 + 10) == 0,
          "the library's rows start under the band");
    for (int i = 1; i < SAH_UI_MAX_NOTICES; i++) {
        char n[32];
        snprintf(n, sizeof n, "notice %d", i);
        CHECK(sah_ui_add_notice(ui, n), "notice %d", i);
    }
    CHECK(!sah_ui_add_notice(ui, "one too many") && sah_ui_n_notices(ui) == SAH_UI_MAX_NOTICES &&
              !strcmp(sah_ui_notice(ui, 0), "Changes will not be kept") &&
              !sah_ui_notice(ui, SAH_UI_MAX_NOTICES),
          "at most %d notices", SAH_UI_MAX_NOTICES);
    CHECK(sah_reader_frame(r) && page_holds(r, place) && sah_libview_frame(lv),
          "four notices: both screens still draw");
out:
    sah_reader_free(r);
    sah_libview_free(lv);
    sah_library_free(lib);
    sah_ui_free(ui);
}

static void test_ui(sah_ui_t *ui)
{
    char buf[64];
    sah_ui_set_arabic_digits(ui, true);
    sah_ui_number(ui, 2024, buf, sizeof buf);
    CHECK(!strcmp(buf, "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4"), "2024 in Arabic-Indic: %s", buf);
    sah_ui_set_arabic_digits(ui, false);
    sah_ui_number(ui, -15, buf, sizeof buf);
    CHECK(!strcmp(buf, "-15"), "Western: %s", buf);
    sah_ui_format(buf, sizeof buf, "{2} of {1}{3}", "9", "3", NULL);
    /* Each value isolated (FSI ... PDI): it keeps its own direction. */
    CHECK(!strcmp(buf, "\xE2\x81\xA8"
                       "3\xE2\x81\xA9 of \xE2\x81\xA8"
                       "9\xE2\x81\xA9"),
          "format: %s", buf);
    sah_ui_format(buf, 6, "\xD8\xB5\xD9\x81\xD8\xAD\xD8\xA9", NULL, NULL, NULL);
    CHECK(strlen(buf) == 4, "cut on a character boundary: %zu bytes", strlen(buf));
    CHECK(!strcmp(sah_ui_str(ui, "library"),
                  "\xD8\xA7\xD9\x84\xD9\x85\xD9\x83\xD8\xAA\xD8\xA8\xD8\xA9"),
          "the Arabic catalogue is read: %s", sah_ui_str(ui, "library")); /* المكتبة */
    CHECK(!strcmp(sah_ui_str(ui, "no-such-key"), "no-such-key"), "a missing key shows itself");
    /* Arabic plural forms, by the catalogue's Plural-Forms: one data line
     * per case (po/ar.po's forms of "minutes" and "minutes_left"). */
    static const struct {
        long n;
        const char *key, *want;
    } plurals[] = {
        /* النهاية, دقيقة واحدة, دقيقتان, {1} دقائق, {1} دقيقة */
        {0, "minutes_left", "\xD8\xA7\xD9\x84\xD9\x86\xD9\x87\xD8\xA7\xD9\x8A\xD8\xA9"},
        {1, "minutes",
         "\xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xA9 \xD9\x88\xD8\xA7\xD8\xAD\xD8\xAF\xD8\xA9"},
        {2, "minutes", "\xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xAA\xD8\xA7\xD9\x86"},
        {7, "minutes", "{1} \xD8\xAF\xD9\x82\xD8\xA7\xD8\xA6\xD9\x82"},
        {103, "minutes", "{1} \xD8\xAF\xD9\x82\xD8\xA7\xD8\xA6\xD9\x82"},
        {12, "minutes", "{1} \xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xA9"},
        {100, "minutes", "{1} \xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xA9"},
        {-2, "minutes", "\xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xAA\xD8\xA7\xD9\x86"}, /* |n| */
        {5, "no-such-key", "no-such-key"},
    };
    for (size_t i = 0; i < sizeof plurals / sizeof plurals[0]; i++) {
        const char *got = sah_ui_plural(ui, plurals[i].key, plurals[i].n);
        CHECK(!strcmp(got, plurals[i].want), "plural of %s for %ld: got '%s', expected '%s'",
              plurals[i].key, plurals[i].n, got, plurals[i].want);
    }
    sah_ui_set_arabic_digits(ui, true);
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    seed = t_src_path("assets/articles/seed-article-ar.txt");
    test_keys();
    test_gestures();
    test_persist();
    test_persist_store();
    sah_ui_t *ui = sah_ui_new("ar", 1.0);
    CHECK(ui != NULL, "UI strings and fonts");
    if (ui) {
        test_ui(ui);
        test_turns(ui);
        test_reflow(ui);
        test_deep_reflow(ui);
        test_theme_marks(ui);
        test_negative(ui);
        test_original(ui);
        test_libview(ui);
    }
    test_notices();
    /* A language without a catalogue: its strings as written (English),
     * left to right. */
    sah_ui_t *xx = sah_ui_new("xx", 1.0);
    CHECK(xx && !strcmp(sah_ui_str(xx, "library"), "Library") && !sah_ui_rtl(xx) &&
              !strcmp(sah_ui_plural(xx, "library_count", 1), "{1} article"),
          "an unknown language is English");
    sah_ui_free(xx);
    sah_ui_free(ui);
    sah_ui_free(NULL);
    free(seed);
    return t_summary("test-reader");
}
