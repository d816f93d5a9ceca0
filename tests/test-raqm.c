/*
 * test-raqm.c - the engine's glyphs against libraqm's, glyph for glyph.
 *
 * libraqm 0.7 (FriBidi + HarfBuzz + its own script itemization) is the
 * independent oracle: for every line of the seed article and of
 * tests/data/mixed-script.txt, at 3 sizes, with each Arabic font design
 * installed, our layout of the line alone (one font, no wrapping, direction
 * from the first strong character as raqm's default) must give the same glyph
 * ids, byte clusters, advances and offsets in the same visual order. Both
 * with the word cache (the fast path) and without it (whole runs shaped),
 * because the cache is only valid for some fonts and must know which.
 */
#include <raqm.h>

#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "testutil.h"

static const char *const fonts[] = {
    "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic", "Amiri",
    "Scheherazade",      "KacstBook",        "DejaVu Sans",
};
static const int sizes[] = {13, 20, 31};

static FT_Library ft;

/* Compares one line; returns true if equal (prints the first difference). */
static bool compare_line(sah_layout_t *lay, sah_lines_t *lines, FT_Face face, const char *line,
                         size_t n, const char *what)
{
    raqm_t *rq = raqm_create();
    size_t count = 0;
    raqm_glyph_t *rg = NULL;
    if (rq && raqm_set_text_utf8(rq, line, n) && raqm_set_freetype_face(rq, face) &&
        raqm_set_par_direction(rq, RAQM_DIRECTION_DEFAULT) && raqm_layout(rq))
        rg = raqm_get_glyphs(rq, &count);

    sah_text_t *t = sah_text_new(line, n);
    size_t len;
    sah_text_codepoints(t, &len);
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.dir = SAH_DIR_AUTO_LTR;
    o.justify = false;
    sah_lines_reset(lines);
    bool ok = sah_layout_span(lay, t, (sah_span_t){0, (uint32_t)len, 0, (uint32_t)n}, 0, &o, lines);
    size_t ng = 0;
    for (size_t i = 0; i < sah_lines_count(lines); i++)
        ng += sah_lines_get(lines, i)->n_glyphs;
    const sah_glyph_t *g = ng ? sah_lines_glyphs(lines, 0, &len) : NULL;
    if (!ok || !rg || ng != count || sah_lines_count(lines) != 1) {
        if (what)
            fprintf(stderr, "%s: glyph count: expected %zu (raqm), got %zu in %zu lines: %.*s\n",
                    what, count, ng, sah_lines_count(lines), (int)n, line);
        ok = false;
    }
    for (size_t k = 0; ok && k < count; k++) {
        if (g[k].glyph != rg[k].index || g[k].cluster != rg[k].cluster ||
            g[k].x_advance != rg[k].x_advance || g[k].x_offset != rg[k].x_offset ||
            g[k].y_offset != rg[k].y_offset) {
            if (what)
                fprintf(stderr,
                        "%s: glyph %zu: expected g=%u c=%u xa=%d xo=%d yo=%d, got g=%u c=%u xa=%d "
                        "xo=%d yo=%d in: %.*s\n",
                        what, k, rg[k].index, rg[k].cluster, rg[k].x_advance, rg[k].x_offset,
                        rg[k].y_offset, g[k].glyph, g[k].cluster, g[k].x_advance, g[k].x_offset,
                        g[k].y_offset, (int)n, line);
            ok = false;
        }
    }
    sah_text_free(t);
    raqm_destroy(rq);
    return ok;
}

int main(void)
{
    static const char *const files[] = {"assets/articles/seed-article-ar.txt",
                                        "tests/data/mixed-script.txt"};
    char *text[2];
    size_t tlen[2];
    for (int f = 0; f < 2; f++) {
        char *p = t_src_path(files[f]);
        text[f] = t_read_file(p, &tlen[f]);
        if (!text[f]) {
            fprintf(stderr, "cannot read %s\n", p);
            return 1;
        }
        free(p);
    }
    if (FT_Init_FreeType(&ft))
        return 1;
    sah_lines_t *lines = sah_lines_new();
    int fonts_tested = 0;
    long total = 0, equal = 0, forced_diffs = 0;

    for (size_t fi = 0; fi < sizeof fonts / sizeof fonts[0]; fi++) {
        char *path = sah_font_find(fonts[fi]);
        if (!path) {
            printf("font %s: not installed, skipped\n", fonts[fi]);
            if (fi == 0) {
                printf("the primary font is missing: SKIP\n");
                return SKIP;
            }
            continue;
        }
        fonts_tested++;
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            FT_Face face;
            if (FT_New_Face(ft, path, 0, &face) || FT_Set_Pixel_Sizes(face, 0, (FT_UInt)sizes[si]))
                return 1;
            /* The font alone, as raqm has it. */
            sah_fontchain_t *chain =
                sah_fontchain_new_opts(path, sizes[si], &(sah_fontchain_opts_t){.exact = true});
            sah_layout_t *lay = sah_layout_new(chain, NULL);
            CHECK(chain && lay, "cannot load %s", path);
            if (!chain || !lay)
                return 1;
            bool indep = sah_font_words_independent(sah_fontchain_font(chain, 0));
            for (int cache = 1; cache >= 0; cache--) {
                sah_layout_set_word_cache(lay, cache ? SAH_WORDS_AUTO : SAH_WORDS_OFF);
                long n_eq = 0, n_lines = 0;
                for (int f = 0; f < 2; f++) {
                    for (char *s = text[f]; *s;) {
                        char *e = strchr(s, '\n');
                        size_t n = e ? (size_t)(e - s) : strlen(s);
                        if (n) {
                            char what[256];
                            snprintf(what, sizeof what, "%s %dpx cache=%d", fonts[fi], sizes[si],
                                     cache);
                            n_lines++;
                            n_eq += compare_line(lay, lines, face, s, n, what);
                        }
                        s += n + (e ? 1 : 0);
                    }
                }
                printf("%-18s %2d px, word cache %-3s (font words independent: %s): %ld/%ld "
                       "lines equal to raqm\n",
                       fonts[fi], sizes[si], cache ? "on" : "off", indep ? "yes" : "no", n_eq,
                       n_lines);
                CHECK(n_eq == n_lines, "%s %d px: %ld lines differ", fonts[fi], sizes[si],
                      n_lines - n_eq);
                total += n_lines;
                equal += n_eq;
            }
            if (!indep) {
                /* Why the font must be asked: force word-by-word shaping on a
                 * font the check rejected and count the lines that change. */
                sah_layout_set_word_cache(lay, SAH_WORDS_FORCE);
                long n_diff = 0;
                for (int f = 0; f < 2; f++) {
                    for (char *s = text[f]; *s;) {
                        char *e = strchr(s, '\n');
                        size_t n = e ? (size_t)(e - s) : strlen(s);
                        if (n && !compare_line(lay, lines, face, s, n, NULL))
                            n_diff++;
                        s += n + (e ? 1 : 0);
                    }
                }
                printf("%-18s %2d px, words forced one by one: %ld lines differ from raqm\n",
                       fonts[fi], sizes[si], n_diff);
                forced_diffs += n_diff;
            }
            sah_layout_free(lay);
            sah_fontchain_free(chain);
            FT_Done_Face(face);
        }
        free(path);
    }
    printf("total: %ld/%ld lines glyph-for-glyph equal to libraqm, %d fonts x %zu sizes x 2 "
           "cache modes\n",
           equal, total, fonts_tested, sizeof sizes / sizeof sizes[0]);
    /* At least one installed design must really need the check, or this
     * test would not show that the cache knows when it is valid. */
    CHECK(forced_diffs > 0, "no font shows a difference when words are forced one by one");
    sah_lines_free(lines);
    free(text[0]);
    free(text[1]);
    FT_Done_FreeType(ft);
    return t_summary("test-raqm");
}
