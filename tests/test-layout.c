/*
 * test-layout.c - the engine on whole articles and on bad input.
 *
 * Invariants on the seed article with the default fallback chain: no
 * .notdef glyph, every line within the width, lines cover each paragraph's
 * characters in order, justified lines fill the width exactly, right-to-left
 * paragraphs flush right, Latin words drawn with the Latin font; a warm
 * re-layout equals a cold one; and each bad input of the issue gets a
 * defined result (the meson timeout catches a hang).
 */
#include <time.h>

#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "testutil.h"
#include "render/text/utf8.h"

static sah_fontchain_t *chain;
static sah_layout_t *lay;

static sah_lines_t *layout_all(const sah_text_t *t, int32_t width, bool justify)
{
    sah_lines_t *lines = sah_lines_new();
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = width;
    o.justify = justify;
    for (size_t p = 0; p < sah_text_paragraph_count(t); p++)
        CHECK(sah_layout_paragraph(lay, t, p, &o, lines), "paragraph %zu failed", p);
    return lines;
}

/* Checks the invariants every layout must hold; returns the line count. */
static size_t check_invariants(const char *what, const sah_text_t *t, const sah_lines_t *lines,
                               int32_t width, bool expect_no_tofu)
{
    size_t n = sah_lines_count(lines), tofu = 0, overflow = 0, order = 0, cover = 0, just = 0;
    size_t len;
    const uint32_t *cp = sah_text_codepoints(t, &len);
    uint32_t prev_end = 0, prev_para = 0;
    for (size_t i = 0; i < n; i++) {
        const sah_line_t *l = sah_lines_get(lines, i);
        size_t ng;
        const sah_glyph_t *g = sah_lines_glyphs(lines, i, &ng);
        for (size_t k = 0; k < ng; k++)
            tofu += g[k].glyph == 0;
        if (width > 0 && (l->x < 0 || l->x + l->width > width))
            overflow++;
        if (l->byte_start < prev_end || l->byte_end < l->byte_start)
            order++;
        /* Within a paragraph, consecutive lines touch, apart from the
         * newline (and spaces dropped before it) of a forced break. */
        if (i && l->para == prev_para && !(l->flags & SAH_LINE_PARA_START)) {
            const sah_line_t *pl = sah_lines_get(lines, i - 1);
            if (!(pl->flags & SAH_LINE_HARD_END) && pl->cp_end != l->cp_start)
                cover++;
            if ((pl->flags & SAH_LINE_HARD_END)) {
                for (uint32_t c = pl->cp_end; c < l->cp_start; c++)
                    cover += !(cp[c] == '\n' || cp[c] == ' ' || cp[c] == '\t');
            }
        }
        if (width > 0 && (l->flags & SAH_LINE_JUSTIFIED) && l->width != width)
            just++;
        if ((l->flags & SAH_LINE_JUSTIFIED) && (l->flags & SAH_LINE_PARA_END))
            just++;
        prev_end = l->byte_end;
        prev_para = l->para;
    }
    if (expect_no_tofu)
        CHECK(tofu == 0, "%s: %zu .notdef glyphs", what, tofu);
    CHECK(overflow == 0, "%s: %zu lines outside the width", what, overflow);
    CHECK(order == 0, "%s: %zu lines out of order", what, order);
    CHECK(cover == 0, "%s: %zu gaps between lines of a paragraph", what, cover);
    CHECK(just == 0, "%s: %zu wrongly justified lines", what, just);
    return n;
}

static sah_text_t *load(const char *rel)
{
    char *p = t_src_path(rel);
    size_t n;
    char *b = t_read_file(p, &n);
    CHECK(b != NULL, "cannot read %s", p);
    sah_text_t *t = b ? sah_text_new(b, n) : NULL;
    free(b);
    free(p);
    return t;
}

static void test_seed(void)
{
    sah_text_t *t = load("assets/articles/seed-article-ar.txt");
    if (!t)
        return;
    CHECK(sah_text_paragraph_count(t) == 49, "seed: %zu paragraphs, the corpus notes say 49",
          sah_text_paragraph_count(t));
    CHECK(sah_text_invalid_count(t) == 0, "seed: %zu invalid sequences", sah_text_invalid_count(t));
    const int widths[] = {432, 300, 752, 150};
    for (size_t w = 0; w < 4; w++) {
        sah_lines_t *lines = layout_all(t, widths[w] * 64, true);
        char what[64];
        snprintf(what, sizeof what, "seed at %d px", widths[w]);
        size_t n = check_invariants(what, t, lines, widths[w] * 64, true);
        CHECK(n > 49, "%s: only %zu lines", what, n);
        /* RTL paragraphs are flush right; REUTERS uses the Latin font. */
        size_t rtl_left = 0, latin = 0;
        for (size_t i = 0; i < n; i++) {
            const sah_line_t *l = sah_lines_get(lines, i);
            if ((l->flags & SAH_LINE_RTL) && l->x + l->width != widths[w] * 64)
                rtl_left++;
            size_t ng;
            const sah_glyph_t *g = sah_lines_glyphs(lines, i, &ng);
            for (size_t k = 0; k < ng; k++)
                latin += g[k].font != sah_fontchain_font(chain, 0);
        }
        CHECK(rtl_left == 0, "%s: %zu RTL lines not flush right", what, rtl_left);
        CHECK(latin >= 4 * 7, "%s: only %zu glyphs from fallback fonts (REUTERS x4 and more)", what,
              latin);
        if (widths[w] == 432)
            printf("seed at 432 px: %zu lines (Pango lays out 199 at the same settings)\n", n);
        sah_lines_free(lines);
    }

    /* Warm relayout at another width equals a cold layout at that width. */
    sah_lines_t *warm = layout_all(t, 300 * 64, true);
    sah_layout_clear_cache(lay);
    sah_lines_t *cold = layout_all(t, 300 * 64, true);
    bool same = sah_lines_count(warm) == sah_lines_count(cold);
    for (size_t i = 0; same && i < sah_lines_count(cold); i++) {
        size_t a, b;
        const sah_glyph_t *ga = sah_lines_glyphs(warm, i, &a), *gb = sah_lines_glyphs(cold, i, &b);
        same = a == b && !memcmp(ga, gb, a * sizeof *ga);
    }
    CHECK(same, "warm relayout differs from cold layout");
    sah_lines_free(warm);
    sah_lines_free(cold);
    sah_text_free(t);
}

/* The word-at-a-time font check matters only for some fonts; the seed's
 * lines wrapped with the cache off must equal the lines with it on. */
static void test_cache_equivalence(void)
{
    sah_text_t *t = load("tests/data/mixed-script.txt");
    if (!t)
        return;
    sah_lines_t *on = layout_all(t, 400 * 64, true);
    check_invariants("mixed-script at 400 px", t, on, 400 * 64, true);
    sah_layout_set_word_cache(lay, SAH_WORDS_OFF);
    sah_lines_t *off = layout_all(t, 400 * 64, true);
    sah_layout_set_word_cache(lay, SAH_WORDS_AUTO);
    bool same = sah_lines_count(on) == sah_lines_count(off);
    for (size_t i = 0; same && i < sah_lines_count(on); i++) {
        size_t a, b;
        const sah_glyph_t *ga = sah_lines_glyphs(on, i, &a), *gb = sah_lines_glyphs(off, i, &b);
        same = a == b && !memcmp(ga, gb, a * sizeof *ga);
    }
    CHECK(same, "layout with the word cache differs from layout without it");
    sah_lines_free(on);
    sah_lines_free(off);
    sah_text_free(t);
}

static sah_lines_t *layout_bytes(const char *what, const char *b, size_t n, int32_t width,
                                 size_t *nlines, sah_text_t **keep)
{
    clock_t c0 = clock();
    sah_text_t *t = sah_text_new(b, n);
    CHECK(t != NULL, "%s: no text", what);
    if (!t)
        return NULL;
    sah_lines_t *lines = layout_all(t, width, true);
    *nlines = check_invariants(what, t, lines, width, false);
    double ms = 1000.0 * (double)(clock() - c0) / CLOCKS_PER_SEC;
    printf("%s: %zu lines in %.1f ms\n", what, *nlines, ms);
    if (keep)
        *keep = t;
    else
        sah_text_free(t);
    return lines;
}

static void append(char **buf, size_t *n, uint32_t cp, size_t times)
{
    for (size_t i = 0; i < times; i++)
        *n += sah_utf8_encode(cp, *buf + *n);
}

static void test_bad_input(void)
{
    size_t nl;
    char *buf = malloc(1 << 20);
    size_t n;

    /* Empty file: no paragraph, no line. */
    sah_lines_t *l = layout_bytes("empty", "", 0, 432 * 64, &nl, NULL);
    CHECK(nl == 0, "empty text gave %zu lines", nl);
    sah_lines_free(l);

    /* Malformed UTF-8: U+FFFD glyphs, text kept around them. */
    const char bad[] = "\xD8\xA8\xC0\xAF\xFF\xD8 abc\x00xyz\xED\xA0\x80";
    sah_text_t *t;
    l = layout_bytes("malformed UTF-8", bad, sizeof bad - 1, 432 * 64, &nl, &t);
    /* D8 A8 is valid; C0 AF: 2 (table 3-9); FF: 1; D8 before a space: 1; the
     * NUL: 1 (text mode); ED A0 80: 3 (table 3-10). */
    CHECK(nl == 1 && sah_text_invalid_count(t) == 8, "malformed: %zu lines, %zu invalid", nl,
          sah_text_invalid_count(t));
    sah_lines_free(l);
    sah_text_free(t);

    /* 100,000 Arabic letters without a space: broken at graphemes. */
    n = 0;
    append(&buf, &n, 0x0628, 100000);
    l = layout_bytes("100,000 letters, no space", buf, n, 432 * 64, &nl, NULL);
    CHECK(nl > 100, "long word gave only %zu lines", nl);
    sah_lines_free(l);

    /* 200 nested RLE: deeper than UAX#9's 125 levels. */
    n = 0;
    append(&buf, &n, 0x202B, 200);
    append(&buf, &n, 'a', 1);
    append(&buf, &n, 0x0628, 3);
    append(&buf, &n, 0x202C, 200);
    l = layout_bytes("200 nested RLE", buf, n, 432 * 64, &nl, NULL);
    CHECK(nl == 1, "nested RLE: %zu lines", nl);
    sah_lines_free(l);

    /* A base followed by 5,000 combining marks (CVE-2023-25193 shape). */
    n = 0;
    append(&buf, &n, 0x0628, 1);
    append(&buf, &n, 0x064E, 5000);
    append(&buf, &n, ' ', 1);
    append(&buf, &n, 0x0628, 1);
    clock_t c0 = clock();
    l = layout_bytes("base + 5,000 marks", buf, n, 432 * 64, &nl, NULL);
    double ms = 1000.0 * (double)(clock() - c0) / CLOCKS_PER_SEC;
    CHECK(nl >= 1, "marks: %zu lines", nl);
    CHECK(ms < 5000, "marks took %.0f ms (quadratic shaping not capped?)", ms);
    sah_lines_free(l);

    /* Regional indicators (a flag) inside Arabic: libunibreak 2.2 aborts
     * on these; ICU must not. */
    n = 0;
    append(&buf, &n, 0x0628, 3);
    append(&buf, &n, ' ', 1);
    append(&buf, &n, 0x1F1F8, 1);
    append(&buf, &n, 0x1F1E6, 1);
    append(&buf, &n, 0x1F1F8, 1);
    append(&buf, &n, ' ', 1);
    append(&buf, &n, 0x0628, 3);
    l = layout_bytes("flag emoji", buf, n, 432 * 64, &nl, NULL);
    CHECK(nl == 1, "flags: %zu lines", nl);
    sah_lines_free(l);

    /* A 1 px line: no grapheme fits, so each gets a line of its own (it
     * overflows, the only way to make progress; the check runs unwrapped). */
    const char word[] = "\xD9\x83\xD8\xAA\xD8\xA8 ab";
    t = sah_text_new(word, sizeof word - 1);
    l = layout_all(t, 64, true);
    nl = check_invariants("1 px width", t, l, 0, true);
    CHECK(nl == 5, "1 px: %zu lines, expected one per grapheme (3 letters, a, b)", nl);
    for (size_t i = 0; i < nl; i++)
        CHECK(sah_lines_get(l, i)->n_glyphs == 1, "1 px: line %zu has %u glyphs", i,
              sah_lines_get(l, i)->n_glyphs);
    sah_text_free(t);
    sah_lines_free(l);

    /* Forced break inside a paragraph: a new bidi paragraph, its own line. */
    const char two[] = "\xD8\xA8\xD8\xAA one\nHello \xD8\xA8";
    l = layout_bytes("forced break", two, sizeof two - 1, 432 * 64, &nl, NULL);
    CHECK(nl == 2, "forced break gave %zu lines", nl);
    if (nl == 2) {
        CHECK(sah_lines_get(l, 0)->flags & SAH_LINE_HARD_END, "first line not a hard end");
        CHECK(sah_lines_get(l, 0)->flags & SAH_LINE_RTL, "first line should be RTL");
        CHECK(!(sah_lines_get(l, 1)->flags & SAH_LINE_RTL), "second line should be LTR");
    }
    sah_lines_free(l);
    free(buf);

    /* A missing font file: a clear error, no chain. */
    sah_fontchain_t *c = sah_fontchain_new("/nonexistent/font.ttf", 20);
    CHECK(c == NULL, "missing font file accepted");
    c = sah_fontchain_new("No Such Family Anywhere", 20);
    CHECK(c == NULL, "missing family accepted");
}

static void test_pitch(void)
{
    /* Pango's figures for Noto Naskh Arabic 20 px (shared/peers): a line
     * is 35 px high (ascent + descent), 56 px apart at set_line_spacing 1.6,
     * and 32 px apart with the absolute mode. */
    sah_text_t *t = sah_text_new("\xD8\xA8", 2);
    sah_lines_t *l = layout_all(t, 432 * 64, true);
    const sah_line_t *line = sah_lines_get(l, 0);
    int32_t h = line->ascent + line->descent;
    CHECK(h >= 34 * 64 && h <= 36 * 64, "line height %.2f px, Pango says 35", h / 64.0);
    int32_t p = sah_line_pitch(line, 20, 1.6, false);
    CHECK(p >= 55 * 64 && p <= 57 * 64, "pitch %.2f px, Pango says 56", p / 64.0);
    CHECK(sah_line_pitch(line, 20, 1.6, true) == 32 * 64, "absolute pitch");
    sah_lines_free(l);
    sah_text_free(t);
}

int main(void)
{
    chain = sah_fontchain_new("default", 20);
    if (!chain) {
        printf("default font chain unavailable (fonts-noto-core missing?): SKIP\n");
        return SKIP;
    }
    if (strstr(sah_font_path(sah_fontchain_font(chain, 0)), "NotoNaskhArabic") == NULL) {
        printf("Noto Naskh Arabic is not installed: SKIP\n");
        return SKIP;
    }
    lay = sah_layout_new(chain, NULL);
    CHECK(lay != NULL, "no layout");
    if (!lay)
        return 1;
    test_seed();
    test_cache_equivalence();
    test_bad_input();
    test_pitch();
    sah_layout_free(lay);
    sah_fontchain_free(chain);
    return t_summary("test-layout");
}
