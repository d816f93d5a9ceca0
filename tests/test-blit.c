/*
 * test-blit.c - the page buffers' pixel loops (render/raster/blit.h): the
 * build's SIMD loops and the portable C ones against a byte-at-a-time
 * oracle written here, byte for byte, over whole buffers.
 *
 * Every width from 0 to 80 (each vector path and the seams between them),
 * heights 1-5, boxes at every alignment, mask rows longer than the box (a
 * glyph clipped at the page's right edge: the bytes past the box must not
 * be added) and destination rows with guard bytes on both sides and above
 * and below (nothing outside the box may change, in the coverage or in the
 * 32-bit pixels). Masks and coverages are drawn from 0, 255 and random
 * values, so that saturation, empty lanes and full lanes all occur.
 *
 * Needs libc and blit.c only: cross/blit-qemu.sh builds this file alone
 * with a cross compiler and runs it under qemu-user (the NEON loops).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/raster/blit.h"
#include "testutil.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* Zero 40%, full 20%, any value the rest: a glyph's mask is mostly empty
 * box and full ink. */
static uint8_t coverage(void)
{
    uint32_t r = next() % 10;
    return r < 4 ? 0 : r < 6 ? 255 : (uint8_t)next();
}

/* The rule of raster.h, one byte at a time. */
static void oracle(uint8_t *cov, uint32_t *px, size_t ds, const uint8_t *src, size_t ss, int w,
                   int h, const uint32_t *lut)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint8_t s = src[(size_t)y * ss + (size_t)x];
            uint8_t *c = &cov[(size_t)y * ds + (size_t)x];
            unsigned v = *c + s;
            *c = (uint8_t)(v > 255 ? 255 : v);
            if (px && s)
                px[(size_t)y * ds + (size_t)x] = lut[*c];
        }
    }
}

enum { GUARD = 24, MAX_W = 80, MAX_H = 5 };

typedef struct {
    uint8_t cov[(MAX_H + 2) * (MAX_W + 2 * GUARD + 8)];
    uint32_t px[(MAX_H + 2) * (MAX_W + 2 * GUARD + 8)];
} plane_t;

static long cases, diffs;

/* One box: @w x @h at column @x0 of rows @ds apart, a mask of rows @ss
 * apart; every implementation against the oracle, over the whole planes. */
static void one_case(int w, int h, int x0, size_t ds, size_t ss, const uint32_t *lut)
{
    static plane_t start, want, got;
    static uint8_t mask[MAX_H * (MAX_W + 16)];
    const size_t n = (size_t)(h + 2) * ds;
    for (size_t i = 0; i < n; i++) {
        start.cov[i] = coverage();
        start.px[i] = next();
    }
    for (size_t i = 0; i < (size_t)h * ss; i++)
        mask[i] = coverage();
    const size_t off = ds + (size_t)x0; /* row 1: a guard row above */
    want = start;
    oracle(want.cov + off, NULL, ds, mask, ss, w, h, lut);

    typedef void add_fn(uint8_t *, size_t, const uint8_t *, size_t, int, int);
    static add_fn *const adds[] = {sah_blit_add, sah_blit_add_scalar};
    static const char *const names[] = {"sah_blit_add", "sah_blit_add_scalar"};
    for (int k = 0; k < 2; k++) {
        got = start;
        adds[k](got.cov + off, ds, mask, ss, w, h);
        cases++;
        if (memcmp(got.cov, want.cov, n) != 0) {
            diffs++;
            CHECK(0, "%s: w %d h %d at x %d (stride %zu, mask stride %zu) differs", names[k], w, h,
                  x0, ds, ss);
        }
    }

    want = start;
    oracle(want.cov + off, want.px + off, ds, mask, ss, w, h, lut);
    typedef void lut_fn(uint8_t *, uint32_t *, size_t, const uint8_t *, size_t, int, int,
                        const uint32_t *);
    static lut_fn *const luts[] = {sah_blit_add_lut, sah_blit_add_lut_scalar};
    static const char *const lut_names[] = {"sah_blit_add_lut", "sah_blit_add_lut_scalar"};
    for (int k = 0; k < 2; k++) {
        got = start;
        luts[k](got.cov + off, got.px + off, ds, mask, ss, w, h, lut);
        cases++;
        if (memcmp(got.cov, want.cov, n) != 0 || memcmp(got.px, want.px, n * sizeof *got.px)) {
            diffs++;
            CHECK(0, "%s: w %d h %d at x %d (stride %zu, mask stride %zu) differs", lut_names[k], w,
                  h, x0, ds, ss);
        }
    }

    /* sah_blit_add_tint(): on a plane whose pixels are the table's colour
     * of their coverage, a quarter of it inked (glyphs beside glyphs), with
     * the mask's tint (rows @w + 3 apart, as a clipped glyph's). */
    static uint32_t tint[MAX_H * (MAX_W + 16)];
    for (size_t i = 0; i < n; i++) {
        start.cov[i] = next() % 4 ? 0 : coverage();
        start.px[i] = lut[start.cov[i]];
    }
    const size_t ts = (size_t)w + 3;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            tint[(size_t)y * ts + (size_t)x] = lut[mask[(size_t)y * ss + (size_t)x]];
    want = start;
    oracle(want.cov + off, want.px + off, ds, mask, ss, w, h, lut);
    got = start;
    sah_blit_add_tint(got.cov + off, got.px + off, ds, mask, ss, tint, ts, w, h, lut);
    cases++;
    if (memcmp(got.cov, want.cov, n) != 0 || memcmp(got.px, want.px, n * sizeof *got.px)) {
        diffs++;
        CHECK(0, "sah_blit_add_tint: w %d h %d at x %d (stride %zu, mask stride %zu) differs", w, h,
              x0, ds, ss);
    }
}

/* Saturation at every byte value: 0..255 plus 0..255 in every lane. */
static void test_all_sums(void)
{
    static uint8_t d[256 * 256], s[256 * 256], e[256 * 256];
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
            d[a * 256 + b] = (uint8_t)a;
            s[a * 256 + b] = (uint8_t)b;
            e[a * 256 + b] = (uint8_t)(a + b > 255 ? 255 : a + b);
        }
    }
    sah_blit_add(d, 256, s, 256, 256, 256);
    CHECK(memcmp(d, e, sizeof d) == 0, "a sum of two bytes is wrong");
}

int main(void)
{
    uint32_t lut[256];
    for (int i = 0; i < 256; i++)
        lut[i] = 0xFF000000u | next();

    test_all_sums();
    for (int w = 0; w <= MAX_W; w++) {
        for (int h = 1; h <= MAX_H; h++) {
            for (int x0 = GUARD - 3; x0 <= GUARD + 3; x0++) {
                size_t ds = (size_t)(w + 2 * GUARD + (x0 & 7));
                one_case(w, h, x0, ds, (size_t)w + (size_t)(x0 & 1) * 9, lut);
            }
        }
    }
    /* Nothing at all for empty boxes and a NULL-free zero height. */
    uint8_t c = 7, s = 9;
    sah_blit_add(&c, 1, &s, 1, 1, 0);
    sah_blit_add(&c, 1, &s, 1, -1, 1);
    CHECK(c == 7, "an empty box wrote %u", c);

    printf("simd: %s; %ld boxes, %ld differ\n", sah_blit_simd(), cases, diffs);
    return t_summary("blit");
}
