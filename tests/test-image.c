/*
 * test-image.c - render/image: the four decoders on images written at run
 * time by the libraries' own encoders (tests/imagegen.h), checked pixel by
 * pixel; the fit and the area filter; EXIF orientation; hostile files
 * (bombs told from their headers, truncation, garbage); drawing into page
 * buffers with themes; the image cache.
 */
#include <math.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "imagegen.h"
#include "render/image/imagecache.h"
#include "render/image/image.h"
#include "testutil.h"

static const uint8_t QUAD[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};

static uint8_t luma(const uint8_t *c)
{
    return (uint8_t)lround(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]);
}

/* Largest channel difference between the decoded pixel at (x, y) and
 * @want (RGB; for a grey image, its luma). */
static int diff_at(const sah_image_t *img, int x, int y, const uint8_t *want)
{
    size_t stride;
    const uint8_t *p = sah_image_pixels(img, &stride) + (size_t)y * stride;
    if (sah_image_pixels_format(img) == SAH_PIXELS_GRAY8)
        return abs((int)p[x] - (int)luma(want));
    int d = 0;
    for (int c = 0; c < 3; c++) {
        int e = abs((int)p[4 * x + c] - (int)want[c]);
        d = e > d ? e : d;
    }
    return d > abs((int)p[4 * x + 3] - 255) ? d : abs((int)p[4 * x + 3] - 255);
}

/* Every pixel of a quadrant image at least @margin px from the quadrant
 * edges (filters and JPEG blocks blur those) within @tol; returns the
 * worst difference. */
static int quad_worst(const sah_image_t *img, int margin)
{
    int w = sah_image_width(img), h = sah_image_height(img), worst = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            if (abs(2 * x + 1 - w) < 2 * margin || abs(2 * y + 1 - h) < 2 * margin)
                continue;
            int d = diff_at(img, x, y, QUAD[(2 * y >= h) * 2 + (2 * x >= w)]);
            worst = d > worst ? d : worst;
        }
    }
    return worst;
}

static void test_formats(void)
{
    const int W = 64, H = 48;
    uint8_t *rgba = gen_quadrants(W, H);
    struct {
        const char *name;
        uint8_t *bytes;
        size_t n;
        int tol, margin;
    } s[16];
    int k = 0;
#define ADD(nm, expr, t, m)                                                                        \
    do {                                                                                           \
        s[k].name = nm;                                                                            \
        s[k].bytes = expr;                                                                         \
        s[k].tol = t;                                                                              \
        s[k].margin = m;                                                                           \
        CHECK(s[k].bytes != NULL, "%s: encoder", nm);                                              \
        k++;                                                                                       \
    } while (0)
    ADD("png rgba", gen_png(rgba, W, H, GEN_PNG_RGBA, 8, false, &s[k].n), 0, 0);
    ADD("png rgb 16-bit", gen_png(rgba, W, H, GEN_PNG_RGB, 16, false, &s[k].n), 0, 0);
    ADD("png palette", gen_png(rgba, W, H, GEN_PNG_PALETTE, 8, false, &s[k].n), 0, 0);
    ADD("png interlaced", gen_png(rgba, W, H, GEN_PNG_RGBA, 8, true, &s[k].n), 0, 0);
    ADD("jpeg", gen_jpeg(rgba, W, H, 95, GEN_JPEG_RGB, false, 0, &s[k].n), 24, 4);
    ADD("jpeg progressive", gen_jpeg(rgba, W, H, 95, GEN_JPEG_RGB, true, 0, &s[k].n), 24, 4);
    ADD("jpeg cmyk", gen_jpeg(rgba, W, H, 95, GEN_JPEG_CMYK, false, 0, &s[k].n), 24, 4);
    ADD("webp lossless", gen_webp(rgba, W, H, true, &s[k].n), 0, 0);
    ADD("webp lossy", gen_webp(rgba, W, H, false, &s[k].n), 40, 4);
    uint8_t idx[64 * 48];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            idx[y * W + x] = (uint8_t)((y >= H / 2) * 2 + (x >= W / 2));
    uint8_t pal[4 * 3];
    memcpy(pal, QUAD, sizeof pal);
    ADD("gif", gen_gif(W, H, 0, 0, W, H, idx, pal, 4, -1, false, &s[k].n), 0, 0);
    ADD("gif interlaced", gen_gif(W, H, 0, 0, W, H, idx, pal, 4, -1, true, &s[k].n), 0, 0);
#undef ADD
    for (int i = 0; i < k; i++) {
        if (!s[i].bytes)
            continue;
        for (int f = 0; f < 2; f++) {
            sah_pixfmt_t fmt = f ? SAH_PIXFMT_A8 : SAH_PIXFMT_ARGB32;
            sah_image_error_t err;
            /* Full size (the box is larger: never enlarged). */
            sah_image_t *img = sah_image_decode(s[i].bytes, s[i].n, 500, 500, fmt, &err);
            CHECK(img && err.status == SAH_IMAGE_OK, "%s/%d: decode: %s", s[i].name, f, err.reason);
            if (!img)
                continue;
            CHECK(sah_image_width(img) == W && sah_image_height(img) == H,
                  "%s/%d: size %dx%d, expected %dx%d", s[i].name, f, sah_image_width(img),
                  sah_image_height(img), W, H);
            CHECK(sah_image_pixels_format(img) == (f ? SAH_PIXELS_GRAY8 : SAH_PIXELS_RGBA32_PREMUL),
                  "%s/%d: pixel format", s[i].name, f);
            int worst = quad_worst(img, s[i].margin);
            CHECK(worst <= s[i].tol + (f ? 1 : 0), "%s/%d: full size: worst difference %d > %d",
                  s[i].name, f, worst, s[i].tol);
            sah_image_free(img);
            /* Half size in a box of 32 x 100: each output pixel is a 2x2
             * block inside one quadrant, so exact for lossless formats. */
            img = sah_image_decode(s[i].bytes, s[i].n, 32, 100, fmt, &err);
            CHECK(img && sah_image_width(img) == 32 && sah_image_height(img) == 24,
                  "%s/%d: half size: %s", s[i].name, f, err.reason);
            if (img) {
                CHECK(sah_image_source_width(img) == W && sah_image_source_height(img) == H,
                      "%s/%d: source size", s[i].name, f);
                worst = quad_worst(img, s[i].margin / 2);
                CHECK(worst <= s[i].tol + (f ? 1 : 0), "%s/%d: half size: worst difference %d > %d",
                      s[i].name, f, worst, s[i].tol);
            }
            sah_image_free(img);
        }
        /* Every cut of the file is refused or decoded, never a crash (ASan
         * and the sanitizer build watch the reads). */
        size_t step = s[i].n / 40 + 1;
        for (size_t cut = 0; cut < s[i].n; cut += step) {
            sah_image_error_t err;
            sah_image_t *img = sah_image_decode(s[i].bytes, cut, 40, 40, SAH_PIXFMT_ARGB32, &err);
            CHECK(img || err.status == SAH_IMAGE_ERR_CORRUPT ||
                      err.status == SAH_IMAGE_ERR_UNSUPPORTED,
                  "%s cut at %zu: status %d (%s)", s[i].name, cut, err.status, err.reason);
            CHECK(img || (err.reason[0] && !strchr(err.reason, '\n')),
                  "%s cut at %zu: one-line reason", s[i].name, cut);
            sah_image_free(img);
        }
        free(s[i].bytes);
    }
    free(rgba);
}

int main(void)
{
    test_formats();
    return t_summary("image");
}
