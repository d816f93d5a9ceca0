/*
 * test-raster.c - page buffers against an independent oracle.
 *
 * The oracle shares no code with render/: glyph positions come from libraqm
 * (its own FT_Face and HarfBuzz font), and the expected image is composed here
 * straight from FreeType: FT_Load_Glyph with the documented load flags, the
 * outline shifted by the subpixel phase, FT_Render_Glyph, the bitmap placed at
 * the rounded position of raster.h, added with saturation. The rounding is
 * written again here in floating point (floor(x / 16 + 0.5)), not copied.
 * A8 must match exactly; ARGB32 is compared with the blend formula of raster.h
 * evaluated in double precision, within 1 per channel (the engine's table
 * rounds once; the formula's pow() may land on the other side of .5).
 *
 * Fonts come from the environment (set by tests/meson.build at configure
 * time); a missing one skips the test with exit code 77 and says which.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <raqm.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include "fonts/font.h"
#include "render/raster/glyphcache.h"
#include "render/raster/pngfile.h"
#include "render/raster/raster.h"
#include "testpng.h"
#include "testutil.h"

static long compared_a8, compared_argb, inked_a8;
static int max_diff_a8, max_diff_argb;

/* ---- fonts: the engine's sah_font_t and the oracle's own FT_Face ---- */

typedef struct {
    const char *path;
    double px;
    sah_font_t *font; /* engine */
    FT_Face face;     /* oracle */
} tfont_t;

static FT_Library oracle_ft;

static tfont_t tfont_open(const char *path, double px)
{
    tfont_t t = {path, px, sah_font_new(path, px), NULL};
    if (FT_New_Face(oracle_ft, path, 0, &t.face) ||
        FT_Set_Char_Size(t.face, 0, (FT_F26Dot6)lround(px * 64.0), 72, 72)) {
        fprintf(stderr, "cannot open %s with FreeType\n", path);
        exit(1);
    }
    if (!t.font)
        exit(1);
    return t;
}

static void tfont_close(tfont_t *t)
{
    sah_font_free(t->font);
    FT_Done_Face(t->face);
}

/* ---- positions from libraqm ---- */

enum { MAX_GLYPHS = 512 };

/* Lays @text out with raqm on the oracle face and turns it into positions:
 * pen starting at @x0 (26.6), baseline @base_px, plus @extra 26.6 units after
 * every glyph (a stand-in for justification, to reach every phase). */
static size_t layout(const tfont_t *t, const char *text, int32_t x0, int base_px, int32_t extra,
                     sah_glyph_pos_t *out)
{
    raqm_t *rq = raqm_create();
    size_t n = 0;
    if (!rq || !raqm_set_text_utf8(rq, text, strlen(text)) ||
        !raqm_set_freetype_face(rq, t->face) ||
        !raqm_set_par_direction(rq, RAQM_DIRECTION_DEFAULT) || !raqm_layout(rq)) {
        fprintf(stderr, "raqm cannot lay out \"%s\"\n", text);
        exit(1);
    }
    raqm_glyph_t *g = raqm_get_glyphs(rq, &n);
    if (n > MAX_GLYPHS)
        n = MAX_GLYPHS;
    int32_t pen_x = x0, pen_y = 0;
    for (size_t i = 0; i < n; i++) {
        /* raqm's y offsets are y-up (HarfBuzz); page y grows down. */
        out[i] = (sah_glyph_pos_t){t->font, g[i].index, pen_x + g[i].x_offset,
                                   base_px * 64 - (pen_y + g[i].y_offset)};
        pen_x += g[i].x_advance + extra;
        pen_y += g[i].y_advance;
    }
    raqm_destroy(rq);
    return n;
}

/* ---- the oracle canvas: the page plus a margin on every side ---- */

typedef struct {
    int w, h, m; /* page size and margin */
    uint8_t *px; /* (w + 2m) x (h + 2m); page pixel (x, y) at (x + m, y + m) */
} canvas_t;

static canvas_t canvas_new(int w, int h, int m)
{
    canvas_t c = {w, h, m, calloc((size_t)(w + 2 * m) * (size_t)(h + 2 * m), 1)};
    if (!c.px)
        exit(1);
    return c;
}

static uint8_t *canvas_at(const canvas_t *c, int x, int y)
{
    return &c->px[(size_t)(y + c->m) * (size_t)(c->w + 2 * c->m) + (size_t)(x + c->m)];
}

static int32_t oracle_flags(sah_hinting_t h)
{
    return h == SAH_HINT_LIGHT ? (FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP)
                               : (FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
}

static void oracle_draw(canvas_t *c, FT_Face face, sah_hinting_t hint, uint32_t gid, int32_t x,
                        int32_t y)
{
    double q = floor(x / 16.0 + 0.5); /* quarter pixels, ties up */
    double px = floor(q / 4.0);
    int phase = (int)(q - 4.0 * px);
    double py = floor(y / 64.0 + 0.5);

    if (FT_Load_Glyph(face, gid, oracle_flags(hint))) {
        CHECK(0, "oracle: FT_Load_Glyph %u failed", gid);
        return;
    }
    FT_Outline_Translate(&face->glyph->outline, phase * 16, 0);
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL)) {
        CHECK(0, "oracle: FT_Render_Glyph %u failed", gid);
        return;
    }
    const FT_Bitmap *bm = &face->glyph->bitmap;
    for (unsigned r = 0; r < bm->rows; r++) {
        for (unsigned k = 0; k < bm->width; k++) {
            double cx = px + face->glyph->bitmap_left + k;
            double cy = py - face->glyph->bitmap_top + r;
            if (cx < -c->m || cy < -c->m || cx >= c->w + c->m || cy >= c->h + c->m)
                continue;
            uint8_t *d = canvas_at(c, (int)cx, (int)cy);
            int v = *d + bm->buffer[r * bm->pitch + k];
            *d = (uint8_t)(v > 255 ? 255 : v);
        }
    }
}

static void oracle_run(canvas_t *c, const tfont_t *t, sah_hinting_t hint, const sah_glyph_pos_t *g,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        oracle_draw(c, t->face, hint, g[i].glyph, g[i].x, g[i].y);
}

/* Ink of the oracle outside the page (what the page must clip away). */
static long canvas_ink_outside(const canvas_t *c)
{
    long ink = 0;
    for (int y = -c->m; y < c->h + c->m; y++)
        for (int x = -c->m; x < c->w + c->m; x++)
            if ((x < 0 || y < 0 || x >= c->w || y >= c->h) && *canvas_at(c, x, y))
                ink++;
    return ink;
}

/* Compares the page's coverage with the oracle's crop; returns the number of
 * differing pixels (and reports the first). */
static long compare_a8(const sah_pagebuf_t *pb, const canvas_t *c, const char *what)
{
    size_t stride;
    const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
    long bad = 0;
    for (int y = 0; y < c->h; y++) {
        for (int x = 0; x < c->w; x++) {
            int want = *canvas_at(c, x, y), got = cov[(size_t)y * stride + (size_t)x];
            int d = abs(want - got);
            compared_a8++;
            inked_a8 += want != 0;
            if (d > max_diff_a8)
                max_diff_a8 = d;
            if (d && !bad++)
                fprintf(stderr, "FAIL %s: pixel (%d,%d): expected %d, got %d\n", what, x, y, want,
                        got);
        }
    }
    if (bad)
        t_failures++;
    return bad;
}

/* ---- data: single-font lines, as in HarfBuzz's *.tests (font;size;text) ---- */

typedef struct {
    const char *font; /* "naskh" or "sans" */
    double px;
    int32_t x0;    /* pen start, 26.6 */
    int baseline;  /* px */
    int32_t extra; /* 26.6 added after each glyph */
    const char *text;
} line_case_t;

static const line_case_t lines[] = {
    {"naskh", 20, 10 * 64 + 5, 40, 0, "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ"},
    {"naskh", 20, 7 * 64 + 33, 80, 7,
     "في مطلع عام 2022، أرسلت روسيا أكثر من ألفي جندي إلى كازاخستان"},
    {"naskh", 17.5, 3 * 64 + 50, 115, 13,
     "\"غزو أوكرانيا\" يقرّب حلفاء روسيا في آسيا الوسطى من واشنطن"},
    {"naskh", 31, 20 * 64 + 17, 165, 3, "وبدلاً من ذلك، انضمّت كازاخستان"},
    {"sans", 16, 5 * 64 + 9, 200, 0,
     "REUTERS - The quick brown fox jumps over the lazy dog. 0123456789"},
    {"sans", 23.25, 11 * 64 + 48, 240, 5, "Kazakhstan's Tokayev, 28 December 2021 (fi ffl)"},
};
enum { NLINES = sizeof lines / sizeof lines[0], PAGE_W = 640, PAGE_H = 270 };

static const char *naskh_path, *sans_path;

/* The fonts of every case, opened once (the engine's fonts keep their serials,
 * so caches can be shared across tests). */
static tfont_t case_fonts[NLINES];
static sah_glyph_pos_t case_glyphs[NLINES][MAX_GLYPHS];
static size_t case_n[NLINES];

static void prepare_cases(void)
{
    for (int i = 0; i < NLINES; i++) {
        const line_case_t *lc = &lines[i];
        case_fonts[i] = tfont_open(strcmp(lc->font, "naskh") ? sans_path : naskh_path, lc->px);
        case_n[i] =
            layout(&case_fonts[i], lc->text, lc->x0, lc->baseline, lc->extra, case_glyphs[i]);
        CHECK(case_n[i] > 5, "case %d: raqm gave %zu glyphs", i, case_n[i]);
    }
}

static bool draw_cases(sah_pagebuf_t *pb, sah_glyphcache_t *gc)
{
    bool ok = true;
    for (int i = 0; i < NLINES; i++)
        ok &= sah_pagebuf_draw(pb, gc, case_glyphs[i], case_n[i]);
    return ok;
}

static canvas_t oracle_cases(sah_hinting_t hint)
{
    canvas_t c = canvas_new(PAGE_W, PAGE_H, 64);
    for (int i = 0; i < NLINES; i++)
        oracle_run(&c, &case_fonts[i], hint, case_glyphs[i], case_n[i]);
    return c;
}

/* ---- tests ---- */

static void test_lines_a8(sah_hinting_t hint)
{
    sah_glyphcache_t *gc = sah_glyphcache_new(8 << 20, hint);
    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_A8, PAGE_W, PAGE_H);
    canvas_t c = oracle_cases(hint);
    char what[64];

    CHECK(draw_cases(pb, gc), "draw failed");
    snprintf(what, sizeof what, "lines A8 (%s)", hint == SAH_HINT_LIGHT ? "light" : "none");
    compare_a8(pb, &c, what);
    CHECK(canvas_ink_outside(&c) == 0, "%s: test lines must fit the page", what);

    /* A second draw from the warm cache adds the same masks again. */
    sah_pagebuf_clear(pb);
    CHECK(draw_cases(pb, gc), "warm draw failed");
    compare_a8(pb, &c, "lines A8, warm cache");

    /* Each case alone too, so that a failure names its line. */
    for (int i = 0; i < NLINES; i++) {
        canvas_t one = canvas_new(PAGE_W, PAGE_H, 64);
        oracle_run(&one, &case_fonts[i], hint, case_glyphs[i], case_n[i]);
        sah_pagebuf_clear(pb);
        CHECK(sah_pagebuf_draw(pb, gc, case_glyphs[i], case_n[i]), "draw failed");
        snprintf(what, sizeof what, "line %d (%s %gpx) %s", i, lines[i].font, lines[i].px,
                 hint == SAH_HINT_LIGHT ? "light" : "none");
        if (compare_a8(pb, &one, what))
            fprintf(stderr, "  text: %s\n", lines[i].text);
        free(one.px);
    }
    free(c.px);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
}

/* Drawing the lines twice without clearing doubles every coverage, saturated
 * at 255 (the compositing rule, where a join's two glyphs overlap); a clear
 * afterwards (ARGB32 clears only rows' inked spans) leaves nothing behind,
 * also after a theme change in between. */
static void test_saturation_and_clear(void)
{
    canvas_t c = oracle_cases(SAH_HINT_LIGHT);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    long saturated = 0;
    for (size_t i = 0; i < (size_t)(c.w + 2 * c.m) * (size_t)(c.h + 2 * c.m); i++) {
        int v = 2 * c.px[i];
        saturated += v > 255;
        c.px[i] = (uint8_t)(v > 255 ? 255 : v);
    }
    CHECK(saturated > 1000, "only %ld pixels saturate", saturated);
    for (int f = 0; f < 2; f++) {
        sah_pagebuf_t *pb = sah_pagebuf_new(f ? SAH_PIXFMT_ARGB32 : SAH_PIXFMT_A8, PAGE_W, PAGE_H);
        CHECK(draw_cases(pb, gc) && draw_cases(pb, gc), "draw");
        compare_a8(pb, &c, f ? "twice, ARGB32" : "twice, A8");
        CHECK(sah_pagebuf_set_theme(pb, &sah_theme_night), "theme");
        sah_pagebuf_clear(pb);
        size_t stride, astride;
        const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
        const uint32_t *argb = sah_pagebuf_argb(pb, &astride);
        long left = 0;
        for (int y = 0; y < PAGE_H; y++) {
            for (int x = 0; x < PAGE_W; x++) {
                left += cov[(size_t)y * stride + (size_t)x] != 0;
                if (argb)
                    left +=
                        argb[(size_t)y * astride + (size_t)x] != (0xFF000000u | sah_theme_night.bg);
            }
        }
        CHECK(left == 0, "%s: %ld pixels not cleared", f ? "ARGB32" : "A8", left);
        sah_pagebuf_free(pb);
    }
    free(c.px);
    sah_glyphcache_free(gc);
}

/* Counts the pixels of @pb that are not blank: coverage 0 and, in ARGB32,
 * the theme's background. */
static long not_blank(const sah_pagebuf_t *pb)
{
    size_t stride, astride;
    const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
    const uint32_t *argb = sah_pagebuf_argb(pb, &astride);
    const uint32_t bg = 0xFF000000u | sah_pagebuf_theme(pb)->bg;
    long left = 0;
    for (int y = 0; y < sah_pagebuf_height(pb); y++) {
        for (int x = 0; x < sah_pagebuf_width(pb); x++) {
            left += cov[(size_t)y * stride + (size_t)x] != 0;
            if (argb)
                left += argb[(size_t)y * astride + (size_t)x] != bg;
        }
    }
    return left;
}

/* A clear writes only the rows and columns marked since the last one: every
 * line of the cases drawn as ONE run (its glyphs change rows mid-run), the
 * same run moved half off each edge, a bar and a photo, then a clear, in
 * both formats, leaves every pixel blank; the buffer then draws the cases
 * exactly as a new one does. And the page is the same drawn with the C
 * loops as with the SIMD ones (render/raster/blit.h), byte for byte. */
static void test_one_run_and_clear(void)
{
    static sah_glyph_pos_t all[NLINES * MAX_GLYPHS], moved[NLINES * MAX_GLYPHS];
    static const int32_t shifts[][2] = {
        {-PAGE_W / 2, 0}, {PAGE_W / 2, 0}, {0, -PAGE_H / 2}, {0, PAGE_H / 2}};
    size_t n = 0;
    for (int i = 0; i < NLINES; i++)
        for (size_t k = 0; k < case_n[i]; k++)
            all[n++] = case_glyphs[i][k];
    canvas_t c = oracle_cases(SAH_HINT_LIGHT);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    static const uint8_t photo[4 * 6 * 4] = {0, 40, 80, 120, 160, 200, 240, 255};
    for (int f = 0; f < 2; f++) {
        const char *fmt = f ? "ARGB32" : "A8";
        sah_pagebuf_t *pb = sah_pagebuf_new(f ? SAH_PIXFMT_ARGB32 : SAH_PIXFMT_A8, PAGE_W, PAGE_H);
        sah_pagebuf_t *sc = sah_pagebuf_new(f ? SAH_PIXFMT_ARGB32 : SAH_PIXFMT_A8, PAGE_W, PAGE_H);
        sah_pagebuf_use_simd(sc, false);
        CHECK(sah_pagebuf_draw(pb, gc, all, n), "%s: draw", fmt);
        compare_a8(pb, &c, f ? "one run, ARGB32" : "one run, A8");
        CHECK(sah_pagebuf_set_theme(sc, &sah_theme_day), "theme");
        for (size_t s = 0; s < sizeof shifts / sizeof shifts[0]; s++) {
            for (size_t i = 0; i < n; i++) {
                moved[i] = all[i];
                moved[i].x += shifts[s][0] * 64;
                moved[i].y += shifts[s][1] * 64;
            }
            CHECK(sah_pagebuf_draw(pb, gc, moved, n), "%s: draw", fmt);
        }
        sah_pagebuf_fill_rect(pb, PAGE_W - 30, 5, 100, 3, 200);
        CHECK(sah_pagebuf_draw_pixels(pb, 2, PAGE_H - 4, photo, 6, 4, 24, SAH_PIXELS_RGBA32_PREMUL),
              "%s: photo", fmt);
        CHECK(not_blank(pb) > 1000, "%s: nothing drawn", fmt);
        sah_pagebuf_clear(pb);
        CHECK(not_blank(pb) == 0, "%s: %ld pixels not cleared", fmt, not_blank(pb));
        CHECK(sah_pagebuf_draw(pb, gc, all, n), "%s: draw", fmt);
        compare_a8(pb, &c, f ? "after a clear, ARGB32" : "after a clear, A8");

        CHECK(sah_pagebuf_draw(sc, gc, all, n) && draw_cases(sc, gc) && draw_cases(pb, gc),
              "%s: draw", fmt);
        size_t stride;
        const uint8_t *a = sah_pagebuf_coverage(pb, &stride), *b = sah_pagebuf_coverage(sc, NULL);
        CHECK(memcmp(a, b, stride * PAGE_H) == 0, "%s: SIMD and C coverage differ", fmt);
        if (f) {
            const uint32_t *pa = sah_pagebuf_argb(pb, &stride), *pc = sah_pagebuf_argb(sc, NULL);
            CHECK(memcmp(pa, pc, stride * PAGE_H * sizeof *pa) == 0, "SIMD and C pixels differ");
        }
        sah_pagebuf_free(pb);
        sah_pagebuf_free(sc);
    }
    free(c.px);
    sah_glyphcache_free(gc);
}

/* Tiny budgets (down to none: every glyph transient) give identical pixels. */
static void test_budgets(void)
{
    static const size_t budgets[] = {0, 1, 600, 4096, 32768};
    canvas_t c = oracle_cases(SAH_HINT_LIGHT);
    for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        sah_glyphcache_t *gc = sah_glyphcache_new(budgets[i], SAH_HINT_LIGHT);
        sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_A8, PAGE_W, PAGE_H);
        char what[64];
        snprintf(what, sizeof what, "budget %zu bytes", budgets[i]);
        for (int pass = 0; pass < 2; pass++) {
            sah_pagebuf_clear(pb);
            CHECK(draw_cases(pb, gc), "%s: draw failed", what);
            compare_a8(pb, &c, what);
        }
        sah_glyphcache_stats_t st;
        sah_glyphcache_stats(gc, &st);
        CHECK(st.bytes <= budgets[i], "%s: %zu bytes held", what, st.bytes);
        CHECK(budgets[i] > 4096 || st.evictions + st.oversize > 0, "%s: nothing evicted", what);
        sah_pagebuf_free(pb);
        sah_glyphcache_free(gc);
    }
    free(c.px);
}

/* Moving a run by one whole pixel moves the image by one pixel exactly; a
 * quarter pixel gives a different image (the phase is used, not rounded away). */
static void test_phases(void)
{
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *a = sah_pagebuf_new(SAH_PIXFMT_A8, PAGE_W, PAGE_H);
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_A8, PAGE_W, PAGE_H);
    sah_glyph_pos_t moved[MAX_GLYPHS];
    size_t n = case_n[1], stride;

    for (int32_t dx = 0; dx <= 64; dx += 16) {
        for (size_t i = 0; i < n; i++) {
            moved[i] = case_glyphs[1][i];
            moved[i].x += dx;
        }
        sah_pagebuf_clear(a);
        sah_pagebuf_clear(b);
        CHECK(sah_pagebuf_draw(a, gc, case_glyphs[1], n), "draw");
        CHECK(sah_pagebuf_draw(b, gc, moved, n), "draw");
        const uint8_t *pa = sah_pagebuf_coverage(a, &stride), *pb = sah_pagebuf_coverage(b, NULL);
        long same_shifted = 0, differ = 0;
        for (int y = 0; y < PAGE_H; y++) {
            for (int x = 1; x < PAGE_W; x++) {
                size_t i = (size_t)y * stride;
                same_shifted += pa[i + x - 1] == pb[i + x];
                differ += pa[i + x] != pb[i + x];
            }
        }
        long all = (long)PAGE_H * (PAGE_W - 1);
        if (dx == 64)
            CHECK(same_shifted == all, "x + 1 px: %ld of %ld pixels differ from the shift",
                  all - same_shifted, all);
        else if (dx)
            CHECK(same_shifted < all && differ > 0, "x + %d/64 px: phase had no effect", dx);
    }
    sah_pagebuf_free(a);
    sah_pagebuf_free(b);
    sah_glyphcache_free(gc);
}

/* One glyph straddling each edge and corner of a small page is drawn partly:
 * exactly the oracle's pixels inside the page, nothing written outside. */
static void test_clipping(void)
{
    tfont_t t = tfont_open(naskh_path, 60);
    uint32_t gid = FT_Get_Char_Index(t.face, 0x0643); /* KAF: tall and wide */
    enum { W = 50, H = 40 };
    /* Pen x / baseline (px) putting the mask over each edge: ~width 35 px,
     * ascends ~45 px. */
    static const int places[][2] = {{-18, 30},  {35, 30},  {10, 20},  {10, 70},
                                    {-18, 15},  {35, 15},  {-18, 70}, {35, 70},
                                    {-100, 30}, {200, 30}, {10, -60}, {10, 200}};
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);

    CHECK(gid != 0, "no KAF in %s", naskh_path);
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        sah_glyph_pos_t g = {t.font, gid, places[i][0] * 64 + 21, places[i][1] * 64};
        /* Writes past the page would hit ASan's redzones around the heap
         * block; pixels inside must equal the oracle's crop. */
        sah_pagebuf_t *pb = sah_pagebuf_new(i % 2 ? SAH_PIXFMT_ARGB32 : SAH_PIXFMT_A8, W, H);
        canvas_t c = canvas_new(W, H, 256);
        char what[64];
        oracle_draw(&c, t.face, SAH_HINT_LIGHT, gid, g.x, g.y);
        CHECK(sah_pagebuf_draw(pb, gc, &g, 1), "draw");
        snprintf(what, sizeof what, "clip at (%d,%d)", places[i][0], places[i][1]);
        compare_a8(pb, &c, what);
        long outside = canvas_ink_outside(&c);
        if (i < 8)
            CHECK(outside > 0, "%s: the glyph should straddle an edge", what);
        else
            CHECK(outside > 0, "%s: the glyph should be off the page", what);
        free(c.px);
        sah_pagebuf_free(pb);
    }

    /* Extreme positions: no overflow, nothing drawn. */
    static const int32_t ext[][2] = {{INT32_MIN, INT32_MIN},
                                     {INT32_MAX, INT32_MAX},
                                     {INT32_MIN, INT32_MAX},
                                     {INT32_MAX, 0},
                                     {0, INT32_MIN}};
    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, W, H);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        sah_glyph_pos_t g = {t.font, gid, ext[i][0], ext[i][1]};
        CHECK(sah_pagebuf_draw(pb, gc, &g, 1), "draw at extreme position");
    }
    size_t stride;
    const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
    long ink = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ink += cov[(size_t)y * stride + (size_t)x] != 0;
    CHECK(ink == 0, "extreme positions drew %ld pixels", ink);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
    tfont_close(&t);
}

/* Marks above the first line and below the last are drawn whole when the page
 * has room: the rasterizer clips to the page, never to a line box. The line
 * box here is CSS-like and tight (line height = 1.0 x size, half-leading
 * negative), sitting on the top margin, so stacked marks reach into the
 * margins. */
static void test_marks_not_cut(void)
{
    tfont_t t = tfont_open(naskh_path, 24);
    sah_font_metrics_t m = sah_font_metrics(t.font);
    const int margin = 16, line_h = 24;
    const int content = (m.ascent + m.descent + 63) / 64;
    const int base = margin + (line_h - content) / 2 + (m.ascent + 63) / 64;
    const int h = margin + line_h + margin;
    sah_glyph_pos_t g[MAX_GLYPHS];
    /* Shadda + kasra stacked on lam, damma/kasratan below: ink beyond the
     * line's ascent and descent. */
    size_t n = layout(&t, "لِّلّٰهِ شُكْرٌ مُّسْتَقِرٍّ إِنَّ", 4 * 64, base, 0, g);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_A8, 300, h);
    canvas_t c = canvas_new(300, h, 64);

    oracle_run(&c, &t, SAH_HINT_LIGHT, g, n);
    CHECK(sah_pagebuf_draw(pb, gc, g, n), "draw");
    compare_a8(pb, &c, "marks, first line");
    CHECK(canvas_ink_outside(&c) == 0, "marks reach outside a page with a %d px margin", margin);
    /* Some ink lies in the top margin or bottom margin: the marks exceed the
     * line box, and they are on the page. */
    size_t stride;
    const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
    long beyond = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < 300; x++)
            if ((y < margin || y >= h - margin) && cov[(size_t)y * stride + (size_t)x])
                beyond++;
    CHECK(beyond > 0, "the marks should reach past a tight line box");
    printf("marks beyond the line box (in the margins): %ld pixels, all drawn\n", beyond);

    free(c.px);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
    tfont_close(&t);
}

/* A 1x1 page shows exactly the oracle's pixel (0,0) for many placements. */
static void test_1x1(void)
{
    tfont_t t = tfont_open(sans_path, 40);
    uint32_t gid = FT_Get_Char_Index(t.face, 'W');
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 16, SAH_HINT_LIGHT);
    long lit = 0;
    for (int dx = -40; dx <= 2; dx += 3) {
        for (int dy = -2; dy <= 40; dy += 3) {
            sah_glyph_pos_t g = {t.font, gid, dx * 64 + 13, dy * 64};
            for (int f = 0; f < 2; f++) {
                sah_pagebuf_t *pb = sah_pagebuf_new(f ? SAH_PIXFMT_ARGB32 : SAH_PIXFMT_A8, 1, 1);
                canvas_t c = canvas_new(1, 1, 80);
                oracle_draw(&c, t.face, SAH_HINT_LIGHT, gid, g.x, g.y);
                CHECK(sah_pagebuf_draw(pb, gc, &g, 1), "draw 1x1");
                compare_a8(pb, &c, "1x1");
                lit += *canvas_at(&c, 0, 0) != 0;
                free(c.px);
                sah_pagebuf_free(pb);
            }
        }
    }
    CHECK(lit > 10, "1x1: only %ld placements covered the pixel", lit);
    sah_glyphcache_free(gc);
    tfont_close(&t);
}

static double lin(unsigned v, double gamma)
{
    return pow(v / 255.0, gamma);
}

/* The blend of raster.h in double precision. */
static uint32_t expected_argb(const sah_theme_t *t, unsigned cov)
{
    uint32_t px = 0xFF000000u;
    for (int s = 16; s >= 0; s -= 8) {
        double a = cov / 255.0;
        double l =
            (1 - a) * lin((t->bg >> s) & 0xFF, t->gamma) + a * lin((t->fg >> s) & 0xFF, t->gamma);
        px |= (uint32_t)floor(255.0 * pow(l, 1.0 / t->gamma) + 0.5) << s;
    }
    return px;
}

static double luma(uint32_t px)
{
    return 0.2126 * ((px >> 16) & 0xFF) + 0.7152 * ((px >> 8) & 0xFF) + 0.0722 * (px & 0xFF);
}

static const sah_theme_t theme_linear = {0x808080, 0x204060, 1.0, 0.0};

static void test_themes(void)
{
    static const struct {
        const char *name;
        const sah_theme_t *theme;
        int text_darker;
    } themes[] = {{"day", &sah_theme_day, 1},
                  {"night", &sah_theme_night, 0},
                  {"sepia", &sah_theme_sepia, 1},
                  {"linear", &theme_linear, 1}};
    canvas_t c = oracle_cases(SAH_HINT_LIGHT);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *recolour = sah_pagebuf_new(SAH_PIXFMT_ARGB32, PAGE_W, PAGE_H);

    CHECK(sah_pagebuf_theme(recolour)->bg == sah_theme_day.bg, "new buffers use the day theme");
    CHECK(draw_cases(recolour, gc), "draw");
    for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++) {
        const sah_theme_t *t = themes[i].theme;
        sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, PAGE_W, PAGE_H);
        size_t stride, rstride;
        CHECK(sah_pagebuf_set_theme(pb, t), "set theme");
        sah_pagebuf_clear(pb);
        const uint32_t *argb = sah_pagebuf_argb(pb, &stride);
        long not_bg = 0;
        for (int y = 0; y < PAGE_H; y++)
            for (int x = 0; x < PAGE_W; x++)
                not_bg += argb[(size_t)y * stride + (size_t)x] != (0xFF000000u | t->bg);
        CHECK(not_bg == 0, "%s: %ld pixels differ from the background after clear", themes[i].name,
              not_bg);

        CHECK(draw_cases(pb, gc), "draw");
        compare_a8(pb, &c, themes[i].name); /* the coverage plane */
        CHECK(sah_pagebuf_set_theme(recolour, t), "recolour");
        const uint32_t *rec = sah_pagebuf_argb(recolour, &rstride);
        long bad = 0, wrong_side = 0, full = 0, recolour_bad = 0;
        double bg_luma = luma(t->bg);
        for (int y = 0; y < PAGE_H; y++) {
            for (int x = 0; x < PAGE_W; x++) {
                unsigned cov = *canvas_at(&c, x, y);
                uint32_t got = argb[(size_t)y * stride + (size_t)x];
                uint32_t want = expected_argb(t, cov);
                int d = 0;
                for (int s = 0; s < 32; s += 8) {
                    int e = abs((int)((got >> s) & 0xFF) - (int)((want >> s) & 0xFF));
                    d = e > d ? e : d;
                }
                compared_argb++;
                max_diff_argb = d > max_diff_argb ? d : max_diff_argb;
                if (d > 1 && !bad++)
                    fprintf(stderr, "FAIL %s: (%d,%d) coverage %u: expected %08x, got %08x\n",
                            themes[i].name, x, y, cov, want, got);
                /* Never on the far side of the background; clearly on the
                 * near side once the coverage is significant (a coverage
                 * of 1/255 may round to the background itself). */
                double dl = themes[i].text_darker ? bg_luma - luma(got) : luma(got) - bg_luma;
                if (dl < 0 || (cov >= 32 && dl <= 0))
                    wrong_side++;
                if (cov == 255)
                    full += got == (0xFF000000u | t->fg) ? 1 : 1000000;
                recolour_bad += rec[(size_t)y * rstride + (size_t)x] != got;
            }
        }
        CHECK(bad == 0, "%s: %ld pixels off the blend formula by more than 1", themes[i].name, bad);
        CHECK(wrong_side == 0, "%s: %ld text pixels on the wrong side of the background",
              themes[i].name, wrong_side);
        CHECK(full > 0 && full < 1000000, "%s: full coverage must be the text colour",
              themes[i].name);
        CHECK(recolour_bad == 0, "%s: set_theme after drawing differs in %ld pixels",
              themes[i].name, recolour_bad);
        sah_pagebuf_free(pb);
    }
    free(c.px);
    sah_pagebuf_free(recolour);
    sah_glyphcache_free(gc);
}

static void test_png(void)
{
    char dir[] = "/tmp/sahifa-test-raster-XXXXXX";
    char a8_path[64], argb_path[64];
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *a8 = sah_pagebuf_new(SAH_PIXFMT_A8, PAGE_W, PAGE_H);
    sah_pagebuf_t *argb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, PAGE_W, PAGE_H);
    int w, h;
    png_uint_32 ff;

    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    snprintf(a8_path, sizeof a8_path, "%s/a8.png", dir);
    snprintf(argb_path, sizeof argb_path, "%s/argb.png", dir);
    CHECK(sah_pagebuf_set_theme(argb, &sah_theme_sepia), "theme");
    CHECK(draw_cases(a8, gc) && draw_cases(argb, gc), "draw");
    CHECK(sah_png_write(a8, a8_path), "write %s", a8_path);
    CHECK(sah_png_write(argb, argb_path), "write %s", argb_path);

    size_t stride;
    uint8_t *grey = t_png_read(a8_path, PNG_FORMAT_GRAY, &w, &h, &ff);
    CHECK(grey && w == PAGE_W && h == PAGE_H, "read back %s", a8_path);
    CHECK(grey && ff == PNG_FORMAT_GRAY, "%s: stored as format %u, not 8-bit grey", a8_path, ff);
    if (grey) {
        const uint8_t *cov = sah_pagebuf_coverage(a8, &stride);
        long bad = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                bad += grey[(size_t)y * (size_t)w + (size_t)x] !=
                       255 - cov[(size_t)y * stride + (size_t)x];
        CHECK(bad == 0, "A8 PNG round trip: %ld pixels differ", bad);
    }
    uint8_t *rgb = t_png_read(argb_path, PNG_FORMAT_RGB, &w, &h, &ff);
    CHECK(rgb && w == PAGE_W && h == PAGE_H, "read back %s", argb_path);
    CHECK(rgb && ff == PNG_FORMAT_RGB, "%s: stored as format %u, not RGB", argb_path, ff);
    if (rgb) {
        const uint32_t *px = sah_pagebuf_argb(argb, &stride);
        long bad = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                const uint8_t *p = rgb + 3 * ((size_t)y * (size_t)w + (size_t)x);
                uint32_t v = px[(size_t)y * stride + (size_t)x];
                bad +=
                    p[0] != ((v >> 16) & 0xFF) || p[1] != ((v >> 8) & 0xFF) || p[2] != (v & 0xFF);
            }
        }
        CHECK(bad == 0, "ARGB32 PNG round trip: %ld pixels differ", bad);
    }
    free(grey);
    free(rgb);

    /* 1x1 round trip, and a file that cannot be created. */
    sah_pagebuf_t *one = sah_pagebuf_new(SAH_PIXFMT_A8, 1, 1);
    CHECK(sah_png_write(one, a8_path), "1x1 PNG");
    grey = t_png_read(a8_path, PNG_FORMAT_GRAY, &w, &h, &ff);
    CHECK(grey && w == 1 && h == 1 && grey[0] == 255, "1x1 PNG round trip");
    free(grey);
    fprintf(stderr, "(expected error follows)\n");
    CHECK(!sah_png_write(one, "/nonexistent-sahifa-dir/page.png"), "write into a missing dir");
    CHECK(!sah_png_write(NULL, a8_path), "NULL buffer");

    unlink(a8_path);
    unlink(argb_path);
    rmdir(dir);
    sah_pagebuf_free(one);
    sah_pagebuf_free(a8);
    sah_pagebuf_free(argb);
    sah_glyphcache_free(gc);
}

static void test_negative(void)
{
    fprintf(stderr, "(expected errors follow)\n");
    CHECK(!sah_pagebuf_new(SAH_PIXFMT_A8, 0, 10), "0 wide");
    CHECK(!sah_pagebuf_new(SAH_PIXFMT_A8, 10, 0), "0 high");
    CHECK(!sah_pagebuf_new(SAH_PIXFMT_ARGB32, -5, 10), "negative");
    CHECK(!sah_pagebuf_new(SAH_PIXFMT_ARGB32, 100000, 100000), "huge");
    CHECK(!sah_pagebuf_new((sah_pixfmt_t)7, 10, 10), "unknown format");
    sah_pagebuf_free(NULL);
    sah_glyphcache_free(NULL);

    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, 20, 20);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 16, SAH_HINT_LIGHT);
    CHECK(sah_pagebuf_draw(pb, gc, NULL, 0), "empty run");
    sah_glyph_pos_t one = {case_fonts[4].font, 5, 64, 640};
    CHECK(!sah_pagebuf_draw(pb, NULL, &one, 1), "no cache");
    CHECK(!sah_pagebuf_draw(pb, gc, NULL, 3), "no glyphs but n = 3");
    CHECK(!sah_pagebuf_set_theme(pb, &(sah_theme_t){0, 0xFFFFFF, 0.0, 0.0}), "gamma 0");
    CHECK(!sah_pagebuf_set_theme(pb, &(sah_theme_t){0, 0xFFFFFF, NAN, 0.0}), "gamma NaN");
    CHECK(!sah_pagebuf_set_theme(pb, NULL), "NULL theme");
    CHECK(sah_pagebuf_theme(pb)->gamma == sah_theme_day.gamma, "failed set_theme changed it");

    /* A run with a NULL font and a glyph id past the font's end: the call
     * fails, the good glyph is still drawn. */
    const tfont_t *t = &case_fonts[4];
    sah_glyph_pos_t run[3] = {{NULL, 5, 0, 10 * 64},
                              {t->font, (uint32_t)t->face->num_glyphs + 10, 0, 10 * 64},
                              {t->font, FT_Get_Char_Index(t->face, 'H'), 2 * 64, 15 * 64}};
    CHECK(!sah_pagebuf_draw(pb, gc, run, 3), "bad glyphs must make the draw fail");
    size_t stride;
    const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
    long ink = 0;
    for (size_t i = 0; i < 20 * stride; i++)
        ink += cov[i] != 0;
    CHECK(ink > 10, "the good glyph was not drawn");
    sah_pagebuf_t *a8 = sah_pagebuf_new(SAH_PIXFMT_A8, 1, 1);
    CHECK(!sah_pagebuf_argb(a8, NULL), "an A8 buffer has no ARGB pixels");
    sah_pagebuf_free(a8);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
    fprintf(stderr, "(end of expected errors)\n");
}

static const char *font_env(const char *var)
{
    const char *p = getenv(var);
    if (!p || !*p || access(p, R_OK) != 0) {
        printf("SKIP: font for %s not found (%s); install fonts-noto-core\n", var,
               p && *p ? p : "not found at configure time");
        exit(77);
    }
    return p;
}

int main(void)
{
    naskh_path = font_env("SAHIFA_FONT_NASKH");
    sans_path = font_env("SAHIFA_FONT_SANS");
    if (FT_Init_FreeType(&oracle_ft))
        return 1;
    prepare_cases();

    test_lines_a8(SAH_HINT_LIGHT);
    test_lines_a8(SAH_HINT_NONE);
    test_saturation_and_clear();
    test_one_run_and_clear();
    test_budgets();
    test_phases();
    test_clipping();
    test_marks_not_cut();
    test_1x1();
    test_themes();
    test_png();
    test_negative();

    for (int i = 0; i < NLINES; i++)
        tfont_close(&case_fonts[i]);
    FT_Done_FreeType(oracle_ft);
    printf("A8: %ld pixels compared (%ld inked), max difference %d\n", compared_a8, inked_a8,
           max_diff_a8);
    printf("ARGB32: %ld pixels compared, max channel difference %d (tolerance 1)\n", compared_argb,
           max_diff_argb);
    return t_summary("raster");
}
