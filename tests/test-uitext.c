/*
 * test-uitext.c - the UI's mixed-direction lines (app/ui/uitext.h and
 * sah_ui_format()), read back through the engine's own bidi (UAX#9 levels,
 * L1, L2 reordering) as the screen shows them: every string of the UI's
 * table (uistrings.c) in both languages, each plural form, that takes
 * values is formatted with an Arabic and a Latin value in each field, every
 * combination, and in the visual order each field must be
 * whole (not split by a neighbour), read in its own direction, and in the
 * UI's order with the string's words between them. So are the joined lines
 * (the library's metadata, the status bar) with fields of either direction.
 * Then: a title's own direction (P2-P3), dates by ICU in each UI's language
 * and digits, the digits of each UI language
 * (a choice made in the Arabic UI does not reach the English one, an
 * explicit English choice holds), and the row and button sizes a finger
 * needs on the 7-inch panel.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/persist.h"
#include "app/ui/menu.h"
#include "app/ui/sheet.h"
#include "app/ui/uistrings.h"
#include "app/ui/uitext.h"
#include "render/text/bidi.h"
#include "render/text/utf8.h"
#include "testutil.h"

#define FSI 0x2068
#define PDI 0x2069

/* Values of either direction, with digits and neutrals at their edges. */
static const char *const values[2] = {"\xD8\xA7\xD9\x84\xD8\xB4\xD8\xB1\xD9\x82 12", /* الشرق 12 */
                                      "Sahifa 3"};

/*
 * Checks @line (the UI's direction @rtl) as shown: its @n isolated fields
 * (the FSI ... PDI pairs at depth 0, in logical order), field k holding
 * values[dirs[k]]. @what names the case in messages.
 */
static void check_visual(const char *what, const char *line, bool rtl, const int *dirs, size_t n)
{
    size_t len8 = strlen(line);
    uint32_t *cp = malloc((len8 + 1) * sizeof *cp);
    uint8_t *lv = malloc(len8 + 1);
    uint32_t *order = malloc((len8 + 1) * sizeof *order);
    size_t *pos = malloc((len8 + 1) * sizeof *pos);
    sah_bidi_t *b = sah_bidi_new();
    size_t len = sah_utf8_decode(line, len8, SAH_UTF8_STRICT, cp, NULL, NULL);
    if (!cp || !lv || !order || !pos || !b ||
        !sah_bidi_paragraph(b, cp, len, rtl ? SAH_DIR_RTL : SAH_DIR_LTR)) {
        CHECK(false, "%s: out of memory", what);
        goto out;
    }
    sah_bidi_line_levels(b, 0, len, lv);
    sah_bidi_reorder_runs(lv, len, order);
    for (size_t v = 0; v < len; v++)
        pos[order[v]] = v;
    /* The fields: the outermost isolates. */
    size_t starts[8], ends[8], found = 0;
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (cp[i] == FSI && depth++ == 0 && found < 8)
            starts[found] = i + 1;
        else if (cp[i] == PDI && depth > 0 && --depth == 0 && found < 8)
            ends[found++] = i;
    }
    CHECK(found == n, "%s: %zu isolated fields, expected %zu: %s", what, found, n, line);
    size_t prev_lo = 0, prev_hi = 0;
    for (size_t k = 0; k < found && k < n; k++) {
        size_t lo = SIZE_MAX, hi = 0, cnt = ends[k] - starts[k];
        for (size_t i = starts[k]; i < ends[k]; i++) {
            lo = pos[i] < lo ? pos[i] : lo;
            hi = pos[i] > hi ? pos[i] : hi;
        }
        CHECK(cnt && hi - lo + 1 == cnt, "%s: field %zu is split in the visual order: %s", what,
              k + 1, line);
        /* Its first letter on its own start side: the Latin value's "S" at
         * its left, the Arabic value's first letter at its right. */
        bool field_rtl = dirs[k] == 0;
        CHECK(cnt && pos[starts[k]] == (field_rtl ? hi : lo), "%s: field %zu does not read %s: %s",
              what, k + 1, field_rtl ? "right to left" : "left to right", line);
        if (k > 0) /* the UI's order: the next field further along its direction */
            CHECK(rtl ? hi < prev_lo : lo > prev_hi, "%s: field %zu is not %s of field %zu: %s",
                  what, k + 1, rtl ? "left" : "right", k, line);
        /* The string's own letters between two fields stay between them. */
        for (size_t i = k > 0 ? ends[k - 1] + 1 : len; k > 0 && i + 1 < starts[k]; i++) {
            bool letter = (cp[i] >= 'A' && cp[i] <= 'z') || (cp[i] >= 0x600 && cp[i] <= 0x6FF);
            if (letter)
                CHECK(rtl ? pos[i] < prev_lo && pos[i] > hi : pos[i] > prev_hi && pos[i] < lo,
                      "%s: the string's words between fields %zu and %zu moved: %s", what, k, k + 1,
                      line);
        }
        prev_lo = lo;
        prev_hi = hi;
    }
out:
    sah_bidi_free(b);
    free(cp);
    free(lv);
    free(order);
    free(pos);
}

/* Formats @fmt (the string @key of @lang, or one of its plural forms)
 * with an Arabic and a Latin value in its fields, every combination.
 * Returns how many lines were checked. */
static int check_format(sah_ui_t *ui, const char *lang, const char *key, const char *fmt)
{
    int nf = 0, which[3], lines = 0;
    for (const char *p = fmt; *p; p++)
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}' && nf < 3)
            which[nf++] = p[1] - '1';
    for (int combo = 0; nf && combo < (1 << nf); combo++) {
        const char *args[3] = {"", "", ""};
        int dirs[3];
        for (int f = 0; f < nf; f++) {
            dirs[f] = (combo >> f) & 1;
            args[which[f]] = values[dirs[f]];
        }
        char out[1024], what[160];
        sah_ui_format(out, sizeof out, fmt, args[0], args[1], args[2]);
        snprintf(what, sizeof what, "%s: %s (%d)", lang, key, combo);
        check_visual(what, out, sah_ui_rtl(ui), dirs, (size_t)nf);
        lines++;
    }
    return lines;
}

/* Every string of the UI's table (uistrings.c) in @lang, each plural form
 * of a count (the counts 0 to 120 reach all six of Arabic's), through
 * check_format(). Returns how many lines were checked. */
static int check_strings(sah_ui_t *ui, const char *lang)
{
    int lines = 0;
    const sah_uistring_t *s;
    for (size_t i = 0; (s = sah_uistrings_get(i)) != NULL; i++) {
        const char *prev = NULL;
        for (long n = 0; n <= (s->plural ? 120 : 0); n++) {
            const char *fmt = s->plural ? sah_ui_plural(ui, s->key, n) : sah_ui_str(ui, s->key);
            /* In Arabic, every string is the catalogue's (the table's own
             * pointer: untranslated, even where the words are the same). */
            if (!strcmp(lang, "ar") && (fmt == s->msgid || fmt == s->plural))
                CHECK(false, "ar: %s (%ld) is not translated: %s", s->key, n, fmt);
            if (fmt != prev)
                lines += check_format(ui, lang, s->key, fmt);
            prev = fmt;
        }
    }
    return lines;
}

/* The joined lines (library metadata, status bar, a list's header): four
 * fields of either direction, every combination. */
static void check_joins(sah_ui_t *ui, const char *lang)
{
    for (int combo = 0; combo < 16; combo++) {
        const char *f[4];
        int dirs[4];
        for (int k = 0; k < 4; k++) {
            dirs[k] = (combo >> k) & 1;
            f[k] = values[dirs[k]];
        }
        char out[512], what[64];
        sah_uitext_join(out, sizeof out, f, 4);
        snprintf(what, sizeof what, "%s: join (%d)", lang, combo);
        check_visual(what, out, sah_ui_rtl(ui), dirs, 4);
    }
    /* Empty fields leave no separator behind. */
    const char *f[] = {NULL, "a", "", "b"};
    char out[64];
    sah_uitext_join(out, sizeof out, f, 4);
    CHECK(!strcmp(out, "\xE2\x81\xA8"
                       "a\xE2\x81\xA9" SAH_UITEXT_SEP "\xE2\x81\xA8"
                       "b\xE2\x81\xA9"),
          "empty fields are left out: %s", out);
    sah_uitext_isolate(out, sizeof out, "/home");
    CHECK(!strcmp(out, "\xE2\x81\xA8/home\xE2\x81\xA9"), "isolate: %s", out);
    sah_uitext_join(out, 6, f, 4); /* room for FSI, "a" and a byte of PDI */
    CHECK(strlen(out) == 4, "cut on a character: %zu bytes", strlen(out));
}

/* One digit policy for both UIs: a choice made in the Arabic UI holds in
 * the English one. */
static void check_digits(void)
{
    sah_persist_t *p = sah_persist_new_memory();
    sah_reader_settings_t s, old;
    CHECK(p != NULL, "a store in memory");
    if (!p)
        return;
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_AS_WRITTEN, "as written until chosen");
    old = s;
    s.digits = SAH_DIGITS_WESTERN;
    CHECK(sah_menu_settings_save(p, &old, &s), "save");
    sah_menu_settings_load(p, &s);
    CHECK(s.digits == SAH_DIGITS_WESTERN, "the choice holds");
    sah_persist_free(p);
}

/* Dates by ICU (CLDR's pattern and month names) in each UI's language and
 * digits; a day its month does not have, or not a date: as written. */
static void check_dates(sah_ui_t *ar, sah_ui_t *en)
{
    static const struct {
        bool arabic_ui, arabic_digits;
        const char *iso, *want;
    } cases[] = {
        /* ١ يونيو ٢٠٢٤ */
        {true, true, "2024-06-01",
         "\xD9\xA1 \xD9\x8A\xD9\x88\xD9\x86\xD9\x8A\xD9\x88 \xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4"},
        /* 1 يونيو 2024 */
        {true, false, "2024-06-01", "1 \xD9\x8A\xD9\x88\xD9\x86\xD9\x8A\xD9\x88 2024"},
        /* 29 فبراير 2024 */
        {true, false, "2024-02-29", "29 \xD9\x81\xD8\xA8\xD8\xB1\xD8\xA7\xD9\x8A\xD8\xB1 2024"},
        {false, false, "2024-06-01", "June 1, 2024"},
        {false, false, "1999-12-31", "December 31, 1999"},
        {false, false, "2025-02-29", "2025-02-29"}, /* not a day of 2025 */
        {false, false, "2024-13-01", "2024-13-01"},
        {false, false, "2024", "2024"},
        {false, false, "", ""},
        {true, true, "2025-02-31",
         "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA5-\xD9\xA0\xD9\xA2-\xD9\xA3\xD9\xA1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sah_ui_t *ui = cases[i].arabic_ui ? ar : en;
        char out[128];
        bool was = sah_ui_arabic_digits(ui);
        sah_ui_set_arabic_digits(ui, cases[i].arabic_digits);
        sah_uitext_date(ui, cases[i].iso, out, sizeof out);
        sah_ui_set_arabic_digits(ui, was);
        CHECK(!strcmp(out, cases[i].want), "date %s (%s UI, %s digits): '%s', expected '%s'",
              cases[i].iso, cases[i].arabic_ui ? "ar" : "en",
              cases[i].arabic_digits ? "Arabic-Indic" : "Western", out, cases[i].want);
    }
    char small[8];
    sah_uitext_date(en, "2024-06-01", small, sizeof small);
    CHECK(strlen(small) < sizeof small, "a small buffer: cut, NUL-ended (%zu bytes)",
          strlen(small));
}

static void check_dir(void)
{
    static const struct {
        const char *s;
        sah_direction_t want;
    } cases[] = {
        {"\xD8\xBA\xD8\xB2\xD9\x88", SAH_DIR_RTL},     /* غزو */
        {"\"\xD8\xBA\xD8\xB2\xD9\x88\"", SAH_DIR_RTL}, /* a quote first */
        {"Sahifa", SAH_DIR_LTR},
        {"2024 \xD8\xBA\xD8\xB2\xD9\x88", SAH_DIR_RTL}, /* digits are not strong */
        {"/home/user/bundles", SAH_DIR_LTR},
        {"123 - 4", SAH_DIR_AUTO}, /* none: the fallback */
        {"", SAH_DIR_AUTO},
        {NULL, SAH_DIR_AUTO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sah_direction_t d = sah_uitext_dir(cases[i].s, SAH_DIR_AUTO);
        CHECK(d == cases[i].want, "direction of \"%s\": %d, expected %d",
              cases[i].s ? cases[i].s : "(null)", (int)d, (int)cases[i].want);
    }
}

/* 9 mm on the official 7-inch panel (800x480 on 155 x 86 mm: 5.2 px/mm). */
#define MIN_TARGET_PX 47

static void check_targets(sah_ui_t *ui)
{
    sah_sheet_t *sh = sah_sheet_new();
    static const char *const labels[] = {"open", "delete"};
    static const int ids[] = {0, 1};
    CHECK(sh && sah_sheet_open(sh, 0, "title", labels, ids, 2), "a sheet");
    for (size_t i = 0; sh && i <= 2; i++) {
        int x, y, w, h;
        CHECK(sah_sheet_button_rect(sh, ui, 800, 480, i, &x, &y, &w, &h), "button %zu", i);
        CHECK(h >= MIN_TARGET_PX && w >= MIN_TARGET_PX, "sheet button %zu: %dx%d px", i, w, h);
        CHECK(sah_sheet_hit(sh, ui, 800, 480, x + w / 2, y + h / 2) == (i < 2 ? ids[i] : -1),
              "button %zu is hit at its middle", i);
    }
    CHECK(sh && sah_sheet_hit(sh, ui, 800, 480, 2, 2) == SAH_SHEET_CANCEL, "outside: cancel");
    sah_sheet_free(sh);
}

int main(void)
{
    check_dir();
    check_digits();
    sah_ui_t *ar = sah_ui_new("ar", 1.0), *en = sah_ui_new("en", 1.0);
    if (ar && en)
        check_dates(ar, en);
    sah_ui_free(ar);
    sah_ui_free(en);
    const char *langs[] = {"ar", "en"};
    for (int i = 0; i < 2; i++) {
        sah_ui_t *ui = sah_ui_new(langs[i], 1.0);
        if (!ui) {
            printf("SKIP: the UI fonts cannot be loaded\n");
            return SKIP;
        }
        int n = check_strings(ui, langs[i]);
        CHECK(n >= 20, "%s: only %d formatted lines checked", langs[i], n);
        printf("%s: %d formatted lines checked\n", langs[i], n);
        check_joins(ui, langs[i]);
        check_targets(ui);
        sah_ui_free(ui);
    }
    return t_summary("test-uitext");
}
