/*
 * test-layout.c - the engine on whole articles and on bad input.
 *
 * Invariants on the seed article with the default fallback chain: no
 * .notdef glyph, every line within the width, lines cover each paragraph's
 * characters in order, justified lines fill the width exactly, right-to-left
 * paragraphs flush right, Latin words drawn with the Latin font; a warm
 * re-layout equals a cold one; each bad input below gets a defined
 * result (the meson timeout catches a hang); and a run of marks and format
 * characters after a base is shaped only up to SAH_MAX_MARKS_PER_CLUSTER,
 * whatever the mix (tests/attach-family.h).
 */
#include <time.h>

#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "attach-family.h"
#include "render/text/shaper.h"
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

/* The word-at-a-time font check matters only for some fonts; the lines
 * wrapped with the cache off must equal the lines with it on, where a
 * paragraph's new words are shaped together (sah_shaper_prefetch()). */
static void test_cache_equivalence(const char *path)
{
    sah_text_t *t = load(path);
    if (!t)
        return;
    sah_lines_t *on = layout_all(t, 400 * 64, true);
    check_invariants(path, t, on, 400 * 64, true);
    sah_layout_set_word_cache(lay, SAH_WORDS_OFF);
    sah_lines_t *off = layout_all(t, 400 * 64, true);
    sah_layout_set_word_cache(lay, SAH_WORDS_AUTO);
    bool same = sah_lines_count(on) == sah_lines_count(off);
    for (size_t i = 0; same && i < sah_lines_count(on); i++) {
        size_t a, b;
        const sah_glyph_t *ga = sah_lines_glyphs(on, i, &a), *gb = sah_lines_glyphs(off, i, &b);
        same = a == b && !memcmp(ga, gb, a * sizeof *ga);
    }
    CHECK(same, "%s: layout with the word cache differs from layout without it", path);
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

/* All glyphs of @b[0..n) laid out unwrapped, copied (transfer full); the
 * byte where the last line ends into @end. */
static sah_glyph_t *glyphs_of(const char *b, size_t n, size_t *ng, uint32_t *end)
{
    sah_text_t *t = sah_text_new(b, n);
    sah_lines_t *lines = t ? layout_all(t, 0, false) : NULL;
    size_t total = lines ? sah_lines_glyph_total(lines) : 0;
    sah_glyph_t *g = malloc((total ? total : 1) * sizeof *g);
    *ng = 0;
    *end = 0;
    for (size_t i = 0; g && lines && i < sah_lines_count(lines); i++) {
        size_t k;
        const sah_glyph_t *lg = sah_lines_glyphs(lines, i, &k);
        if (k)
            memcpy(g + *ng, lg, k * sizeof *g);
        *ng += k;
        *end = sah_lines_get(lines, i)->byte_end;
    }
    sah_lines_free(lines);
    sah_text_free(t);
    return g;
}

/* Every member of tests/attach-family.h (16 KB: each would take HarfBuzz
 * 6.0 a second or more): the glyphs are bounded by what is shaped, the
 * lines cover every byte, and a run past the limit draws exactly what the
 * text cut at the limit draws. */
static void test_attach_chains(void)
{
    const size_t size = 16 * 1024;
    char *buf = malloc(size);
    for (int p = 0; buf && p < FAM_N_PATTERNS; p++) {
        for (size_t k = 0; k < FAM_N_SEPS; k++) {
            const fam_sep_t *x = &fam_seps[k];
            if (p == FAM_ALONE && !x->cp)
                continue;
            size_t shaped,
                n = fam_make(buf, size, (fam_pattern_t)p, x, SAH_MAX_MARKS_PER_CLUSTER, &shaped);
            /* Without the final newline. */
            const char *body = buf;
            size_t bn = n - 1, ng;
            uint32_t end;
            sah_glyph_t *g = glyphs_of(body, bn, &ng, &end);
            CHECK(g && end == bn, "%s %s: lines end at byte %u of %zu", fam_pattern_names[p],
                  x->name, end, bn);
            CHECK(ng <= 1 + 3 * shaped, "%s %s: %zu glyphs for %zu characters shaped",
                  fam_pattern_names[p], x->name, ng, shaped);
            if (p != FAM_RUN && !x->base && shaped && shaped < bn / 4) {
                /* The text cut after what is shaped: the same glyphs. */
                size_t cut = 2; /* "T\n" */
                for (size_t c = 0; c < shaped && cut < bn; c++)
                    for (cut++; cut < bn && ((unsigned char)body[cut] & 0xC0) == 0x80; cut++)
                        ;
                size_t cg;
                uint32_t cend;
                sah_glyph_t *gc = glyphs_of(body, cut, &cg, &cend);
                /* A bidi control changes the levels of what comes before
                 * it: the same glyphs, maybe in another order. */
                int64_t adv = 0, cadv = 0;
                for (size_t i = 0; gc && i < ng && i < cg; i++) {
                    adv += g[i].x_advance;
                    cadv += gc[i].x_advance;
                }
                CHECK(gc && cg == ng && adv == cadv && (x->bidi || !memcmp(g, gc, ng * sizeof *g)),
                      "%s %s: %zu glyphs, the text cut after %zu characters has %zu",
                      fam_pattern_names[p], x->name, ng, shaped, cg);
                free(gc);
            }
            free(g);
        }
    }
    free(buf);
}

/* SAH_SHAPER_SKIP: left out of the buffer and of the context, the other
 * characters keeping their index as their cluster. */
static void test_shaper_skip(void)
{
    sah_shaper_t *s = sah_shaper_new("ar", 0);
    const sah_font_t *font = sah_fontchain_font(chain, 0);
    const uint32_t K = SAH_SHAPER_SKIP;
    const uint32_t with[] = {0x628, 0x651, K, K, 0x64E, 0x628, K, K, K, 0x628};
    const uint32_t without[] = {0x628, 0x651, 0x64E, 0x628, 0x628};
    const uint32_t index[] = {0, 1, 4, 5, 9}; /* of each character of @without in @with */
    for (int caching = 0; s && caching < 2; caching++) {
        sah_shaper_set_caching(s, caching);
        size_t na, nb;
        const sah_shaped_t *a =
            sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC, without, 5, 0, 5, &na);
        sah_shaped_t ca[16];
        CHECK(a && na <= 16, "shaped without skips");
        if (!a || na > 16)
            break;
        memcpy(ca, a, na * sizeof *a);
        const sah_shaped_t *b =
            sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC, with, 10, 0, 10, &nb);
        bool same = b && na == nb;
        for (size_t i = 0; same && i < na; i++)
            same = ca[i].glyph == b[i].glyph && ca[i].x_advance == b[i].x_advance &&
                   ca[i].x_offset == b[i].x_offset && ca[i].y_offset == b[i].y_offset &&
                   b[i].cluster == index[ca[i].cluster];
        CHECK(same, "skips: %zu glyphs, %zu without them, or other clusters", nb, na);
        /* The context looks through them: BEH followed (past skips) by BEH
         * joins, as BEH followed by BEH. */
        a = sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC, without, 5, 3, 4, &na);
        uint32_t ga = a && na == 1 ? a->glyph : 0;
        b = sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC, with, 10, 5, 6, &nb);
        CHECK(ga && b && nb == 1 && b->glyph == ga && b->cluster == 0,
              "context past skips: glyph %u, %u without them", b && nb ? b->glyph : 0, ga);
        /* Only skips: no glyph. */
        b = sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC, with, 10, 6, 9, &nb);
        CHECK(b && nb == 0, "a unit of skips gave %zu glyphs", nb);
    }
    sah_shaper_free(s);
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

/* Lines of @t at @width with slices of @slice code points (0: the default). */
static sah_lines_t *layout_sliced(const sah_text_t *t, int32_t width, size_t slice)
{
    sah_layout_set_slice(lay, slice, slice ? 256 : 0);
    sah_lines_t *l = layout_all(t, width, true);
    sah_layout_set_slice(lay, 0, 0);
    return l;
}

static bool same_lines(const sah_lines_t *a, const sah_lines_t *b, size_t *where)
{
    size_t n = sah_lines_count(a) < sah_lines_count(b) ? sah_lines_count(a) : sah_lines_count(b);
    for (*where = 0; *where < n; ++*where) {
        size_t na, nb;
        const sah_glyph_t *ga = sah_lines_glyphs(a, *where, &na),
                          *gb = sah_lines_glyphs(b, *where, &nb);
        sah_line_t la = *sah_lines_get(a, *where), lb = *sah_lines_get(b, *where);
        la.first_glyph = lb.first_glyph = 0;
        if (memcmp(&la, &lb, sizeof la) || na != nb || (na && memcmp(ga, gb, na * sizeof *ga)))
            return false;
    }
    return sah_lines_count(a) == sah_lines_count(b);
}

/* A paragraph longer than a slice is laid out in slices (layout.h): for
 * ordinary text the lines are those of one piece, glyph for glyph; a line
 * longer than a slice is cut, and every call's output is bounded. */
static void test_slices(void)
{
    char *seed_path = t_src_path("assets/articles/seed-article-ar.txt");
    size_t seed_n;
    char *seed = t_read_file(seed_path, &seed_n);
    free(seed_path);
    CHECK(seed != NULL, "cannot read the seed article");
    if (!seed)
        return;
    char *buf = malloc(1 << 20);
    struct {
        const char *what, *unit;
        char join; /* what the seed's line breaks become; 0: @unit repeated */
    } cases[] = {
        {"seed as one paragraph", NULL, ' '},
        {"seed as one paragraph of hard lines", NULL, '\n'},
        {"Latin, no space", "abcdefghij", 0},
        {"Arabic, no space", "\xD8\xA8\xD8\xB3\xD9\x85\xD9\x84\xD8\xA9", 0},
        {"mixed bidi",
         "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 English 123 (\xD9\x86\xD8\xB5) "
         "[x] ",
         0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = 0;
        while (n < 200000) {
            if (cases[c].unit) {
                memcpy(buf + n, cases[c].unit, strlen(cases[c].unit));
                n += strlen(cases[c].unit);
                continue;
            }
            for (size_t i = 0; i < seed_n; i++) /* blank lines too: one paragraph */
                if (seed[i] != '\n' || (n && buf[n - 1] != cases[c].join))
                    buf[n++] = seed[i] == '\n' ? cases[c].join : seed[i];
        }
        sah_text_t *t = sah_text_new(buf, n);
        CHECK(t && sah_text_paragraph_count(t) == 1, "%s: not one paragraph", cases[c].what);
        for (int w = 0; t && w < 2; w++) {
            int32_t width = (w ? 150 : 432) * 64;
            sah_lines_t *whole = layout_sliced(t, width, (size_t)1 << 30);
            sah_lines_t *sliced = layout_sliced(t, width, 3000);
            sah_lines_t *dflt = layout_sliced(t, width, 0);
            char what[96];
            snprintf(what, sizeof what, "%s at %d px, slices of 3000", cases[c].what, width / 64);
            check_invariants(what, t, sliced, width, false);
            size_t at;
            CHECK(same_lines(whole, sliced, &at), "%s: differs from one piece at line %zu of %zu",
                  what, at, sah_lines_count(whole));
            CHECK(same_lines(whole, dflt, &at),
                  "%s at the default slice: differs from one piece at line %zu", cases[c].what, at);
            sah_lines_free(whole);
            sah_lines_free(sliced);
            sah_lines_free(dflt);
        }
        sah_text_free(t);
    }

    /* Invisible text: a line longer than a slice, cut at a grapheme
     * boundary; and a long line without wrapping. No call of
     * sah_layout_slice() lays out more than 1.5 slices of one. */
    size_t n = 0;
    append(&buf, &n, 0x0628, 1);
    append(&buf, &n, 0x200B, 100000);
    for (int w = 0; w < 2; w++) {
        sah_text_t *t = sah_text_new(buf, n);
        sah_span_t span = sah_text_paragraph(t, 0);
        sah_layout_cursor_t cur = sah_layout_cursor_at(span);
        sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
        o.width = w ? 0 : 432 * 64;
        sah_lines_t *lines = sah_lines_new();
        size_t calls = 0, worst = 0;
        sah_layout_set_slice(lay, 3000, 256);
        while (!cur.done && calls < 1000) {
            size_t before = sah_lines_count(lines);
            uint32_t from = cur.pos;
            CHECK(sah_layout_slice(lay, t, span, 0, &o, &cur, lines), "slice failed");
            size_t got = sah_lines_count(lines) - before;
            CHECK(got > 0 && cur.pos > from, "a slice made no progress");
            if (got && sah_lines_get(lines, sah_lines_count(lines) - 1)->cp_end - from > worst)
                worst = sah_lines_get(lines, sah_lines_count(lines) - 1)->cp_end - from;
            calls++;
        }
        sah_layout_set_slice(lay, 0, 0);
        const char *what = w ? "100,000 ZWSP, no wrapping" : "100,000 ZWSP at 432 px";
        check_invariants(what, t, lines, o.width, false);
        CHECK(cur.done && calls >= 100000 / 3000, "%s: %zu calls", what, calls);
        CHECK(worst <= 4500, "%s: a call laid out %zu code points", what, worst);
        sah_lines_free(lines);
        sah_text_free(t);
    }
    free(buf);
    free(seed);
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
    test_cache_equivalence("tests/data/mixed-script.txt");
    test_cache_equivalence("assets/articles/seed-article-ar.txt");
    test_bad_input();
    test_attach_chains();
    test_shaper_skip();
    test_pitch();
    test_slices();
    sah_layout_free(lay);
    sah_fontchain_free(chain);
    return t_summary("test-layout");
}
