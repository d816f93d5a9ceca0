/*
 * test-menu.c - the reader's menus (app/ui/menu) without a window: every
 * setting changes the reader, keeps its byte offset and persists across a
 * reopen of the store with a fresh handle; a setting chosen equal to the
 * store's default is still a choice; the bookmarks list matches the store
 * (offsets, pages at the current geometry), a delete leaves the store and
 * the ribbon, a jump lands on the bookmark's page; go to page lands where a
 * typed key sequence says (data-driven, one line per case); tap targets are
 * at least 52 px (9 mm on the 7-inch 800x480 panel); kiosk locks; the long
 * press fires while held (app/ui/input).
 *
 * Skips (77) when the Noto Naskh Arabic or DejaVu Sans fonts are missing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fonts/fontchain.h"
#include "app/ui/input.h"
#include "app/ui/menu.h"
#include "app/store/persist.h"
#include "app/ui/reader.h"
#include "testfonts.h"
#include "testutil.h"
#include "app/ui/ui.h"

static char *seed;
static const char *hash = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

static sah_ui_event_t key(sah_ui_key_t k)
{
    sah_ui_event_t ev = {0};
    ev.type = SAH_UI_EV_KEY;
    ev.key = k;
    return ev;
}

static sah_menu_result_t press(sah_menu_t *m, sah_ui_key_t k)
{
    sah_ui_event_t ev = key(k);
    return sah_menu_key(m, &ev);
}

static bool page_holds(sah_reader_t *r, uint32_t off)
{
    uint32_t s, e;
    sah_reader_page_bytes(r, &s, &e);
    return s <= off && off < e;
}

static bool same_settings(const sah_reader_settings_t *a, const sah_reader_settings_t *b)
{
    return a->font_step == b->font_step && a->spacing_step == b->spacing_step &&
           a->theme == b->theme && a->digits == b->digits && a->justify == b->justify &&
           a->kashida == b->kashida;
}

static char *temp_dir(void)
{
    char *d = strdup("/tmp/test-menu-XXXXXX");
    if (d && !mkdtemp(d)) {
        free(d);
        return NULL;
    }
    return d;
}

static void remove_dir(const char *d)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    CHECK(system(cmd) == 0, "clean up %s", d);
}

/* Taps the middle of target @t; false if it is not shown. */
static sah_menu_result_t tap(sah_menu_t *m, int item, sah_menu_part_t part)
{
    int x, y, w, h;
    sah_menu_target_t t = {item, part};
    if (!sah_menu_target_rect(m, t, &x, &y, &w, &h))
        return SAH_MENU_RES_IGNORED;
    sah_menu_target_t got = sah_menu_hit(m, x + w / 2, y + h / 2);
    CHECK(got.item == item && got.part == part, "hit test of (%d,%d): got (%d,%d)", item, (int)part,
          got.item, (int)got.part);
    return sah_menu_tap(m, x + w / 2, y + h / 2);
}

/* ---- settings: change, keep the place, persist ----------------------- */

static void test_settings(sah_ui_t *ui)
{
    char *dir = temp_dir();
    sah_reader_settings_t init = SAH_READER_SETTINGS_INIT, want, got;
    sah_persist_t *p = dir ? sah_persist_new_store(dir) : NULL;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &init);
    sah_menu_t *m = sah_menu_new(ui, 800, 480);
    if (!p || !r || !m || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "setup");
        goto out;
    }
    CHECK(sah_reader_goto(r, 5), "page 6");
    uint32_t place = sah_reader_offset(r);
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, p, hash), "open the menu");
    CHECK(sah_menu_mode(m) == SAH_MENU_MODE_MAIN && sah_menu_frame(m), "the menu draws");

    /* One line per change: the item, how (key or tap), the settings after. */
    static const struct {
        int item;
        sah_ui_key_t k; /* SAH_UI_KEY_OTHER: tap the stepper's @part */
        sah_menu_part_t part;
        int font, spacing, theme, digits, justify, kashida; /* kashida: sah_kashida_t */
    } steps[] = {
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_LEFT, 0, 4, 2, 0, 0, 1, 0}, /* Left is "more" in Arabic */
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_PLUS, 0, 5, 2, 0, 0, 1, 0},
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_OTHER, SAH_MENU_PART_MORE, 6, 2, 0, 0, 1, 0},
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_OTHER, SAH_MENU_PART_MORE, 6, 2, 0, 0, 1, 0}, /* the end */
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_RIGHT, 0, 5, 2, 0, 0, 1, 0},
        {SAH_MENU_ITEM_FONT, SAH_UI_KEY_OTHER, SAH_MENU_PART_LESS, 4, 2, 0, 0, 1, 0},
        {SAH_MENU_ITEM_SPACING, SAH_UI_KEY_LEFT, 0, 4, 3, 0, 0, 1, 0},
        {SAH_MENU_ITEM_SPACING, SAH_UI_KEY_MINUS, 0, 4, 2, 0, 0, 1, 0},
        {SAH_MENU_ITEM_SPACING, SAH_UI_KEY_OTHER, SAH_MENU_PART_LESS, 4, 1, 0, 0, 1, 0},
        {SAH_MENU_ITEM_THEME, SAH_UI_KEY_LEFT, 0, 4, 1, 1, 0, 1, 0},
        {SAH_MENU_ITEM_THEME, SAH_UI_KEY_ENTER, 0, 4, 1, 2, 0, 1, 0},
        {SAH_MENU_ITEM_THEME, SAH_UI_KEY_ENTER, 0, 4, 1, 0, 0, 1, 0}, /* Enter cycles */
        {SAH_MENU_ITEM_THEME, SAH_UI_KEY_OTHER, SAH_MENU_PART_LESS, 4, 1, 2, 0, 1, 0},
        {SAH_MENU_ITEM_DIGITS, SAH_UI_KEY_ENTER, 0, 4, 1, 2, 1, 1,
         0}, /* as written -> Arabic-Indic */
        {SAH_MENU_ITEM_DIGITS, SAH_UI_KEY_ENTER, 0, 4, 1, 2, 2, 1, 0}, /* -> Western */
        {SAH_MENU_ITEM_DIGITS, SAH_UI_KEY_OTHER, SAH_MENU_PART_MORE, 4, 1, 2, 0, 1, 0}, /* wraps */
        {SAH_MENU_ITEM_JUSTIFY, SAH_UI_KEY_LEFT, 0, 4, 1, 2, 0, 1, 2}, /* kashida -> strong */
        {SAH_MENU_ITEM_JUSTIFY, SAH_UI_KEY_OTHER, SAH_MENU_PART_MORE, 4, 1, 2, 0, 0,
         2},                                                            /* -> ragged */
        {SAH_MENU_ITEM_JUSTIFY, SAH_UI_KEY_ENTER, 0, 4, 1, 2, 0, 1, 1}, /* -> spaces only */
        {SAH_MENU_ITEM_JUSTIFY, SAH_UI_KEY_OTHER, SAH_MENU_PART_LESS, 4, 1, 2, 0, 0,
         1}, /* <- ragged */
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sah_menu_frame(m);
        unsigned long serial = sah_menu_serial(m);
        if (steps[i].k == SAH_UI_KEY_OTHER) {
            tap(m, steps[i].item, steps[i].part);
        } else {
            CHECK(sah_menu_select(m, (size_t)steps[i].item), "select %d", steps[i].item);
            press(m, steps[i].k);
        }
        sah_reader_settings(r, &got);
        want = (sah_reader_settings_t){steps[i].font,
                                       steps[i].spacing,
                                       (sah_theme_id_t)steps[i].theme,
                                       (sah_digits_t)steps[i].digits,
                                       steps[i].justify,
                                       (sah_kashida_t)steps[i].kashida};
        CHECK(same_settings(&got, &want),
              "step %zu: expected %d %d %d %d %d %d, got %d %d %d %d %d %d", i, want.font_step,
              want.spacing_step, (int)want.theme, (int)want.digits, want.justify, (int)want.kashida,
              got.font_step, got.spacing_step, (int)got.theme, (int)got.digits, got.justify,
              (int)got.kashida);
        CHECK(sah_reader_offset(r) == place && page_holds(r, place),
              "step %zu: the place %u is kept (offset %u, page %zu)", i, place,
              sah_reader_offset(r), sah_reader_page(r));
        CHECK(sah_menu_serial(m) != serial || i == 3, "step %zu: the menu shows the change", i);
        /* Persisted at once: a fresh handle on the same store (the old one
         * closed: the store is one writer's) reads it back. */
        sah_persist_free(p);
        p = sah_persist_new_store(dir);
        sah_reader_settings_t back;
        sah_menu_settings_load(p, &back);
        CHECK(p && same_settings(&back, &got), "step %zu: the store has it", i);
        CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, p, hash), "reopen the menu");
    }
    sah_menu_frame(m);

    /* The theme shows on the menu itself: its background is the theme's. */
    size_t stride;
    const uint32_t *px = sah_pagebuf_argb(sah_menu_frame(m), &stride);
    CHECK((px[stride * 470 + 400] & 0xFFFFFF) == sah_reader_theme(SAH_THEME_SEPIA)->bg,
          "sepia menu background, got %06x", px[stride * 470 + 400] & 0xFFFFFF);
    CHECK(press(m, SAH_UI_KEY_ESCAPE) == SAH_MENU_RES_CLOSED &&
              sah_menu_mode(m) == SAH_MENU_MODE_CLOSED && !sah_menu_frame(m),
          "Esc closes");
    CHECK(press(m, SAH_UI_KEY_DOWN) == SAH_MENU_RES_IGNORED, "a closed menu ignores keys");
out:
    sah_menu_free(m);
    sah_reader_free(r);
    sah_persist_free(p);
    if (dir)
        remove_dir(dir);
    free(dir);
}

/* A value equal to the store's default, chosen by the user, is a choice:
 * digits set to Arabic-Indic and back to as written read back as written,
 * and Western digits stored by an older sahifa ("latin") read as Western. */
static void test_default_is_a_choice(void)
{
    char *dir = temp_dir();
    sah_persist_t *p = dir ? sah_persist_new_store(dir) : NULL;
    sah_reader_settings_t s, old;
    if (!p) {
        CHECK(false, "store");
        goto out;
    }
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_AS_WRITTEN && s.kashida == SAH_KASHIDA_MODERATE,
          "never set: as written, moderate kashida");
    old = s;
    s.digits = SAH_DIGITS_ARABIC;
    s.kashida = SAH_KASHIDA_OFF;
    CHECK(sah_menu_settings_save(p, &old, &s), "save");
    sah_persist_free(p);
    p = sah_persist_new_store(dir);
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_ARABIC && s.kashida == SAH_KASHIDA_OFF,
          "the chosen digits and kashida survive a reopen");
    old = s;
    s.digits = SAH_DIGITS_AS_WRITTEN; /* "as-written": the store's own default value */
    CHECK(sah_menu_settings_save(p, &old, &s), "save");
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_AS_WRITTEN, "as written again");
    CHECK(sah_persist_set_setting(p, "digits", "latin"), "an older sahifa's value");
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_WESTERN, "\"latin\" reads as Western");
    char *v = sah_persist_get_setting(p, "font_size");
    CHECK(!v, "a key never set still reads as unset, got %s", v ? v : "");
    free(v);
out:
    sah_persist_free(p);
    if (dir)
        remove_dir(dir);
    free(dir);
}

/* ---- bookmarks --------------------------------------------------------- */

static bool store_has(sah_persist_t *p, uint32_t off, size_t *n_out)
{
    sah_store_bookmark_t *l;
    size_t n;
    bool found = false;
    if (!sah_persist_list_bookmarks(p, hash, &l, &n))
        return false;
    for (size_t i = 0; i < n; i++)
        found |= l[i].offset == off;
    sah_store_bookmarks_free(l, n);
    *n_out = n;
    return found;
}

static void test_bookmarks(sah_ui_t *ui)
{
    char *dir = temp_dir();
    sah_reader_settings_t init = SAH_READER_SETTINGS_INIT;
    sah_persist_t *p = dir ? sah_persist_new_store(dir) : NULL;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &init);
    sah_menu_t *m = sah_menu_new(ui, 800, 480);
    if (!p || !r || !m || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "setup");
        goto out;
    }
    /* Bookmarks on pages 1, 4 and 7 (a little into each page). */
    static const size_t pages[] = {0, 3, 6};
    uint32_t offs[3];
    for (int i = 0; i < 3; i++) {
        sah_reader_goto(r, pages[i]);
        offs[i] = sah_reader_offset(r) + 5;
        char *snip = sah_reader_snippet(r, offs[i], 100);
        CHECK(sah_persist_add_bookmark(p, hash, offs[i], i == 1 ? "" : snip, NULL), "add %d", i);
        free(snip);
    }
    sah_reader_goto(r, 4);
    CHECK(sah_menu_open(m, SAH_MENU_MODE_BOOKMARKS, r, p, hash), "open the list");
    CHECK(sah_menu_n_bookmarks(m) == 3, "3 entries, got %zu", sah_menu_n_bookmarks(m));
    CHECK(sah_menu_selection(m) == 2, "the first from the current page on is selected: %zu",
          sah_menu_selection(m));
    for (size_t i = 0; i < sah_menu_n_bookmarks(m); i++) {
        uint32_t off;
        size_t page;
        const char *snip;
        CHECK(sah_menu_bookmark(m, i, &off, &page, &snip), "entry %zu", i);
        CHECK(off == offs[i] && page == pages[i], "entry %zu: offset %u page %zu, expected %u %zu",
              i, off, page, offs[i], pages[i]);
        CHECK(strlen(snip) > 5, "entry %zu has a snippet (made from the text if none stored)", i);
    }
    CHECK(!sah_menu_bookmark(m, 3, NULL, NULL, NULL), "no entry 3");
    CHECK(sah_menu_frame(m) != NULL, "the list draws");

    /* The pages follow the geometry: a bigger font moves them later. */
    sah_reader_settings_t big = init;
    big.font_step = SAH_READER_FONT_STEPS - 1;
    CHECK(sah_reader_set_settings(r, &big), "bigger font");
    CHECK(sah_menu_open(m, SAH_MENU_MODE_BOOKMARKS, r, p, hash), "reopen the list");
    size_t page;
    CHECK(sah_menu_bookmark(m, 2, NULL, &page, NULL) && page > pages[2] &&
              page == sah_reader_page_of_offset(r, offs[2]),
          "page at the new geometry: %zu", page);
    CHECK(sah_reader_set_settings(r, &init), "back to the default font");
    CHECK(sah_menu_open(m, SAH_MENU_MODE_BOOKMARKS, r, p, hash), "reopen the list");

    /* Delete by key (the selected one), then by a tap on its button. */
    size_t n;
    sah_menu_select(m, 1);
    CHECK(press(m, SAH_UI_KEY_BACKSPACE) == SAH_MENU_RES_DELETED, "Backspace deletes");
    CHECK(sah_menu_deleted(m) && sah_menu_deleted(m)->offset == offs[1],
          "the deleted one is kept for undo");
    CHECK(!store_has(p, offs[1], &n) && n == 2 && sah_menu_n_bookmarks(m) == 2,
          "gone from the store and the list (%zu left)", n);
    CHECK(tap(m, 0, SAH_MENU_PART_LESS) == SAH_MENU_RES_DELETED, "tap delete");
    CHECK(!store_has(p, offs[0], &n) && n == 1 && sah_menu_n_bookmarks(m) == 1, "%zu left", n);
    sah_reader_goto(r, 0);
    CHECK(!sah_reader_page_bookmark(r, NULL), "the ribbon on page 1 went with it");

    /* Jump: Enter on the last one lands on its page, the place its offset. */
    CHECK(press(m, SAH_UI_KEY_ENTER) == SAH_MENU_RES_CLOSED, "Enter jumps and closes");
    /* The place is the bookmark's character: offs[2] may fall inside a
     * UTF-8 sequence (page start + 5), and the reader moves it back to the
     * sequence's first byte (at most 3 bytes). */
    CHECK(sah_reader_page(r) == pages[2] && sah_reader_offset(r) <= offs[2] &&
              offs[2] - sah_reader_offset(r) < 4 && sah_reader_page_bookmark(r, NULL),
          "on page %zu (expected %zu) with its ribbon", sah_reader_page(r), pages[2]);

    /* From the menu: L opens the list, Esc goes back to the menu. */
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, p, hash), "menu");
    CHECK(press(m, SAH_UI_KEY_L) == SAH_MENU_RES_CHANGED &&
              sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS,
          "L: the list");
    CHECK(press(m, SAH_UI_KEY_ESCAPE) == SAH_MENU_RES_CHANGED &&
              sah_menu_mode(m) == SAH_MENU_MODE_MAIN &&
              sah_menu_selection(m) == SAH_MENU_ITEM_BOOKMARKS,
          "Esc: back to the menu, on Bookmarks");
    CHECK(tap(m, SAH_MENU_ITEM_BOOKMARKS, SAH_MENU_PART_ROW) == SAH_MENU_RES_CHANGED &&
              sah_menu_mode(m) == SAH_MENU_MODE_BOOKMARKS,
          "a tap on Bookmarks");
    CHECK(tap(m, 0, SAH_MENU_PART_ROW) == SAH_MENU_RES_CLOSED && sah_reader_page(r) == pages[2],
          "a tap on an entry jumps");

    /* The last one deleted: an empty list, nothing to jump to. */
    CHECK(sah_menu_open(m, SAH_MENU_MODE_BOOKMARKS, r, p, hash), "list");
    CHECK(press(m, SAH_UI_KEY_MINUS) == SAH_MENU_RES_DELETED && sah_menu_n_bookmarks(m) == 0,
          "empty");
    CHECK(press(m, SAH_UI_KEY_ENTER) == SAH_MENU_RES_IGNORED && sah_menu_frame(m),
          "nothing to jump to");
    CHECK(press(m, SAH_UI_KEY_ESCAPE) == SAH_MENU_RES_CLOSED, "Esc: to the reader (opened by L)");
out:
    sah_menu_free(m);
    sah_reader_free(r);
    sah_persist_free(p);
    if (dir)
        remove_dir(dir);
    free(dir);
}

/* ---- go to page: one line per case ------------------------------------ */

/* Keys: digits; b Backspace; + and - ten pages; u d one page; h e Home End;
 * > Enter; x Esc. @want: the 1-based page, 0 for the last, -1: not moved. */
static void test_goto(sah_ui_t *ui)
{
    static const struct {
        const char *keys;
        long want;
    } cases[] = {
        {"7>", 7},      {"12b>", 1}, {"99>", 0},  {"0>", 1},   {"bb>", 1}, {"u>", 4},
        {"dd>", 1},     {"+>", 13},  {"+-->", 1}, {"e>", 0},   {"h>", 1},  {"5x", -1},
        {"999999>", 0}, {"1u>", 2},  {"3b4>", 4}, {"+++>", 0},
    };
    sah_reader_settings_t init = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &init);
    sah_menu_t *m = sah_menu_new(ui, 800, 480);
    if (!r || !m || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "setup");
        goto out;
    }
    size_t n = sah_reader_page_count(r);
    CHECK(n > 13, "enough pages for the cases: %zu", n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sah_reader_goto(r, 2); /* page 3 */
        CHECK(sah_menu_open(m, SAH_MENU_MODE_GOTO, r, NULL, NULL), "open go to");
        CHECK(sah_menu_goto_value(m) == 3, "starts at the current page");
        sah_menu_result_t res = SAH_MENU_RES_IGNORED;
        for (const char *k = cases[i].keys; *k; k++) {
            sah_ui_event_t ev = key(SAH_UI_KEY_OTHER);
            if (*k >= '0' && *k <= '9') {
                ev.key = SAH_UI_KEY_DIGIT;
                ev.digit = *k - '0';
            } else {
                const char *c = "b+-udhe>x";
                static const sah_ui_key_t ks[] = {
                    SAH_UI_KEY_BACKSPACE, SAH_UI_KEY_PLUS,  SAH_UI_KEY_MINUS,
                    SAH_UI_KEY_UP,        SAH_UI_KEY_DOWN,  SAH_UI_KEY_HOME,
                    SAH_UI_KEY_END,       SAH_UI_KEY_ENTER, SAH_UI_KEY_ESCAPE};
                ev.key = ks[strchr(c, *k) - c];
            }
            res = sah_menu_key(m, &ev);
        }
        size_t want = cases[i].want < 0    ? 2
                      : cases[i].want == 0 ? n - 1
                                           : (size_t)cases[i].want - 1;
        CHECK(res == SAH_MENU_RES_CLOSED && sah_menu_mode(m) == SAH_MENU_MODE_CLOSED,
              "'%s': closes", cases[i].keys);
        CHECK(sah_reader_page(r) == want, "'%s': expected page %zu, got %zu", cases[i].keys,
              want + 1, sah_reader_page(r) + 1);
        CHECK(page_holds(r, sah_reader_offset(r)), "'%s': the place is on the page", cases[i].keys);
    }
    /* Touch: the pad's keys. */
    CHECK(sah_menu_open(m, SAH_MENU_MODE_GOTO, r, NULL, NULL), "open go to");
    tap(m, 1, SAH_MENU_PART_ROW);
    tap(m, 0, SAH_MENU_PART_ROW);
    CHECK(sah_menu_goto_value(m) == 10, "tapped 1 0: %ld", sah_menu_goto_value(m));
    tap(m, SAH_MENU_KEY_ERASE, SAH_MENU_PART_ROW);
    tap(m, SAH_MENU_KEY_PLUS10, SAH_MENU_PART_ROW);
    CHECK(sah_menu_goto_value(m) == 11, "erase, +10: %ld", sah_menu_goto_value(m));
    tap(m, SAH_MENU_KEY_MINUS10, SAH_MENU_PART_ROW);
    CHECK(sah_menu_goto_value(m) == 1, "-10: %ld", sah_menu_goto_value(m));
    CHECK(sah_menu_frame(m) != NULL, "the pad draws");
    CHECK(tap(m, SAH_MENU_KEY_GO, SAH_MENU_PART_ROW) == SAH_MENU_RES_CLOSED &&
              sah_reader_page(r) == 0,
          "Go: page 1");

    /* The menu's Start, End, Library, and the back button. */
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, NULL, NULL), "menu");
    CHECK(tap(m, SAH_MENU_ITEM_END, SAH_MENU_PART_ROW) == SAH_MENU_RES_CLOSED &&
              sah_reader_page(r) == n - 1,
          "End");
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, NULL, NULL) &&
              sah_menu_select(m, SAH_MENU_ITEM_START) &&
              press(m, SAH_UI_KEY_ENTER) == SAH_MENU_RES_CLOSED && sah_reader_page(r) == 0,
          "Start by Enter");
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, NULL, NULL) &&
              tap(m, SAH_MENU_ITEM_LIBRARY, SAH_MENU_PART_ROW) == SAH_MENU_RES_LIBRARY,
          "Library");
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, NULL, NULL) &&
              press(m, SAH_UI_KEY_G) == SAH_MENU_RES_CHANGED &&
              sah_menu_mode(m) == SAH_MENU_MODE_GOTO &&
              tap(m, SAH_MENU_TARGET_BACK, SAH_MENU_PART_ROW) == SAH_MENU_RES_CHANGED &&
              sah_menu_mode(m) == SAH_MENU_MODE_MAIN &&
              tap(m, SAH_MENU_TARGET_BACK, SAH_MENU_PART_ROW) == SAH_MENU_RES_CLOSED,
          "G, then the back button twice");
out:
    sah_menu_free(m);
    sah_reader_free(r);
}

/* ---- tap targets, kiosk, negative cases -------------------------------- */

static void check_targets(sah_menu_t *m, const char *what, int count)
{
    int x, y, w, h, shown = 0;
    for (int i = -2; i < count; i++)
        for (int part = 0; part < 3; part++) {
            sah_menu_target_t t = {i, (sah_menu_part_t)part};
            if (i == -1 || !sah_menu_target_rect(m, t, &x, &y, &w, &h))
                continue;
            shown++;
            CHECK(w >= 52 && h >= 52, "%s: target (%d,%d) is %dx%d, under 52 px", what, i, part, w,
                  h);
            CHECK(x >= 0 && y >= 0 && x + w <= sah_pagebuf_width(sah_menu_frame(m)) &&
                      y + h <= sah_pagebuf_height(sah_menu_frame(m)),
                  "%s: target (%d,%d) on the screen: %d,%d %dx%d", what, i, part, x, y, w, h);
        }
    CHECK(shown > 0, "%s: targets shown", what);
}

static void test_targets_and_kiosk(sah_ui_t *ui)
{
    sah_reader_settings_t init = SAH_READER_SETTINGS_INIT, got;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &init);
    sah_menu_t *m = sah_menu_new(ui, 800, 480);
    sah_persist_t *p = sah_persist_new_memory();
    if (!r || !m || !p || !sah_reader_open(r, seed, 0)) {
        CHECK(false, "setup");
        goto out;
    }
    CHECK(sah_persist_add_bookmark(p, hash, 10, "x", NULL), "a bookmark");
    for (int shape = 0; shape < 2; shape++) {
        int w = shape ? 480 : 800, h = shape ? 800 : 480;
        CHECK(sah_menu_resize(m, w, h) && sah_reader_resize(r, w, h), "%dx%d", w, h);
        CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, p, hash), "menu");
        check_targets(m, shape ? "menu, portrait" : "menu", SAH_MENU_ITEM_COUNT);
        CHECK(sah_menu_open(m, SAH_MENU_MODE_BOOKMARKS, r, p, hash), "list");
        check_targets(m, shape ? "list, portrait" : "list", 1);
        CHECK(sah_menu_open(m, SAH_MENU_MODE_GOTO, r, p, hash), "pad");
        check_targets(m, shape ? "pad, portrait" : "pad", SAH_MENU_KEY_COUNT);
    }
    CHECK(sah_menu_resize(m, 800, 480) && sah_reader_resize(r, 800, 480), "landscape");

    /* Right to left: "more" is the outer (left) button, "less" inside it. */
    int mx, lx, y, w, h;
    CHECK(sah_menu_open(m, SAH_MENU_MODE_MAIN, r, p, hash), "menu");
    sah_menu_target_rect(m, (sah_menu_target_t){SAH_MENU_ITEM_FONT, SAH_MENU_PART_MORE}, &mx, &y,
                         &w, &h);
    sah_menu_target_rect(m, (sah_menu_target_t){SAH_MENU_ITEM_FONT, SAH_MENU_PART_LESS}, &lx, &y,
                         &w, &h);
    CHECK(mx < lx && mx < 100, "more at x=%d, less at x=%d", mx, lx);

    /* Kiosk: only the font size changes. */
    sah_menu_set_locked(m, true);
    sah_menu_select(m, SAH_MENU_ITEM_THEME);
    CHECK(press(m, SAH_UI_KEY_ENTER) == SAH_MENU_RES_IGNORED, "theme locked");
    CHECK(press(m, SAH_UI_KEY_T) == SAH_MENU_RES_IGNORED, "T locked");
    CHECK(tap(m, SAH_MENU_ITEM_JUSTIFY, SAH_MENU_PART_MORE) == SAH_MENU_RES_IGNORED,
          "no stepper on a locked row");
    sah_menu_select(m, SAH_MENU_ITEM_FONT);
    CHECK(press(m, SAH_UI_KEY_PLUS) == SAH_MENU_RES_CHANGED, "font size allowed");
    sah_reader_settings(r, &got);
    CHECK(got.theme == init.theme && got.justify == init.justify &&
              got.font_step == init.font_step + 1,
          "only the size changed");
    CHECK(sah_menu_frame(m) != NULL, "the locked menu draws");
    sah_menu_set_locked(m, false);

    /* Negative: a reader with nothing open, NULL free. */
    sah_reader_t *empty = sah_reader_new(ui, "default", 800, 480, &init);
    sah_menu_close(m);
    CHECK(!sah_menu_open(m, SAH_MENU_MODE_MAIN, empty, p, hash) &&
              sah_menu_mode(m) == SAH_MENU_MODE_CLOSED,
          "no article: no menu");
    CHECK(!sah_menu_open(m, SAH_MENU_MODE_MAIN, NULL, p, hash), "no reader: no menu");
    CHECK(sah_menu_tap(m, 400, 240) == SAH_MENU_RES_IGNORED && !sah_menu_frame(m),
          "a closed menu ignores taps");
    sah_reader_free(empty);
    sah_menu_free(NULL);
out:
    sah_menu_free(m);
    sah_reader_free(r);
    sah_persist_free(p);
}

/* ---- the long press fires while held ---------------------------------- */

static void test_long_press(void)
{
    sah_gesture_t g;
    sah_gesture_down(&g, 400, 200, 1000);
    CHECK(sah_gesture_long_press_in(&g, 1000, 60) == SAH_LONG_PRESS_MS + 1, "due in 601 ms: %d",
          sah_gesture_long_press_in(&g, 1000, 60));
    CHECK(!sah_gesture_fire_long_press(&g, 1300, 60), "not yet at 300 ms");
    sah_gesture_move(&g, 405, 203); /* a finger wobbles */
    CHECK(sah_gesture_long_press_in(&g, 1300, 60) > 0, "a wobble keeps it");
    CHECK(sah_gesture_fire_long_press(&g, 1600, 60), "fires at 600 ms, still held");
    CHECK(sah_gesture_long_press_in(&g, 1700, 60) == -1 &&
              !sah_gesture_fire_long_press(&g, 1700, 60),
          "fires once");
    CHECK(sah_gesture_up(&g, 405, 203, 2000, 60) == SAH_GESTURE_NONE, "the release is nothing");
    sah_gesture_down(&g, 400, 200, 1000);
    sah_gesture_move(&g, 440, 200);
    CHECK(sah_gesture_long_press_in(&g, 1100, 60) == -1 &&
              !sah_gesture_fire_long_press(&g, 1700, 60),
          "a finger that moved is not a long press");
    CHECK(sah_gesture_up(&g, 400, 200, 1700, 60) == SAH_GESTURE_NONE,
          "nor a tap when it wandered off and came back");
    CHECK(sah_gesture_long_press_in(&g, 1800, 60) == -1, "not down");
    CHECK(sah_input_action(SAH_UI_AT_READER, SAH_UI_KEY_G, 0, true) == SAH_ACT_GOTO &&
              sah_input_action(SAH_UI_AT_READER, SAH_UI_KEY_L, 0, true) == SAH_ACT_BOOKMARKS &&
              sah_input_action(SAH_UI_AT_READER, SAH_UI_KEY_M, 0, true) == SAH_ACT_MENU,
          "G, L and M");
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    seed = t_src_path("assets/articles/seed-article-ar.txt");
    test_long_press();
    test_default_is_a_choice();
    sah_ui_t *ui = sah_ui_new("ar", 1.0);
    CHECK(ui != NULL, "UI strings and fonts");
    if (ui) {
        test_settings(ui);
        test_bookmarks(ui);
        test_goto(ui);
        test_targets_and_kiosk(ui);
    }
    sah_ui_free(ui);
    free(seed);
    return t_summary("test-menu");
}
