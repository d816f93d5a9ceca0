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

static void expect_refused(const char *what, const uint8_t *b, size_t n, sah_image_status_t want)
{
    sah_image_error_t err;
    sah_image_t *img = sah_image_decode(b, n, 432, 480, SAH_PIXFMT_ARGB32, &err);
    CHECK(!img && err.status == want, "%s: status %d, expected %d (%s)", what, err.status, want,
          err.reason);
    CHECK(img || (err.reason[0] && !strchr(err.reason, '\n')), "%s: a one-line reason", what);
    printf("  %s: %s\n", what, err.reason);
    sah_image_free(img);
}

/* A WebP file whose VP8X chunk claims a canvas of @w x @h, followed by a
 * 1 x 1 lossless image. */
static uint8_t *webp_canvas(uint32_t w, uint32_t h, size_t *n)
{
    uint8_t px[4] = {1, 2, 3, 255};
    size_t vn;
    uint8_t *v = gen_webp(px, 1, 1, true, &vn); /* RIFF, WEBP, VP8L chunk */
    if (!v)
        return NULL;
    uint8_t *b = malloc(vn + 18);
    memcpy(b, v, 12);
    memcpy(b + 12, "VP8X", 4);
    b[16] = 10, b[17] = b[18] = b[19] = 0;
    memset(b + 20, 0, 4); /* flags, reserved */
    w--, h--;
    b[24] = (uint8_t)w, b[25] = (uint8_t)(w >> 8), b[26] = (uint8_t)(w >> 16);
    b[27] = (uint8_t)h, b[28] = (uint8_t)(h >> 8), b[29] = (uint8_t)(h >> 16);
    memcpy(b + 30, v + 12, vn - 12);
    *n = vn + 18;
    uint32_t riff = (uint32_t)(*n - 8);
    b[4] = (uint8_t)riff, b[5] = (uint8_t)(riff >> 8), b[6] = (uint8_t)(riff >> 16);
    b[7] = (uint8_t)(riff >> 24);
    free(v);
    return b;
}

/* A simple lossless WebP whose VP8L header says @w x @h (14 bits each),
 * with no image data after it: WebP's "bomb", a few bytes for 268 Mpx. */
static uint8_t *webp_vp8l_header(uint32_t w, uint32_t h, size_t *n)
{
    static uint8_t b[12 + 8 + 5 + 1];
    memcpy(b, "RIFF", 4);
    memcpy(b + 8, "WEBPVP8L", 8);
    b[16] = 6; /* chunk size: signature and 4 bytes of header, and one more */
    b[20] = 0x2f;
    uint32_t bits = (w - 1) | (h - 1) << 14;
    b[21] = (uint8_t)bits, b[22] = (uint8_t)(bits >> 8), b[23] = (uint8_t)(bits >> 16);
    b[24] = (uint8_t)(bits >> 24);
    uint32_t riff = sizeof b - 8;
    b[4] = (uint8_t)riff;
    *n = sizeof b;
    return b;
}

/* A GIF header: logical screen @sw x @sh, no colour table, then an image
 * descriptor of @fw x @fh with a 2-colour local table and nothing else. */
static size_t gif_header(uint8_t *b, unsigned sw, unsigned sh, unsigned fw, unsigned fh)
{
    size_t k = 0;
    memcpy(b, "GIF89a", 6);
    k = 6;
    b[k++] = (uint8_t)sw, b[k++] = (uint8_t)(sw >> 8), b[k++] = (uint8_t)sh;
    b[k++] = (uint8_t)(sh >> 8), b[k++] = 0, b[k++] = 0, b[k++] = 0;
    b[k++] = ',';
    memset(b + k, 0, 4), k += 4;
    b[k++] = (uint8_t)fw, b[k++] = (uint8_t)(fw >> 8), b[k++] = (uint8_t)fh;
    b[k++] = (uint8_t)(fh >> 8), b[k++] = 0x80; /* local table of 2 */
    memset(b + k, 0, 6), k += 6;
    b[k++] = 2; /* LZW minimum code size, then no data */
    return k;
}

/* The hostile images, each refused from its header. In a child with its
 * address space capped (not under ASan, whose shadow memory needs terabytes
 * of it), so that an allocation of the claimed size would fail and show. */
static void hostile_all(void)
{
    size_t n;
    uint8_t *b = gen_png_header_only(30000, 30000, &n);
    expect_refused("PNG 30000x30000", b, n, SAH_IMAGE_ERR_TOO_LARGE);
    free(b);
    b = gen_png_header_only(16384, 16384, &n); /* sides allowed, 268 Mpx not */
    expect_refused("PNG 16384x16384", b, n, SAH_IMAGE_ERR_TOO_LARGE);
    free(b);
    b = gen_png_header_only(8000, 8000, &n); /* within the limits, but no pixels in the file */
    expect_refused("PNG 8000x8000 without its data", b, n, SAH_IMAGE_ERR_CORRUPT);
    free(b);
    b = webp_canvas(16000, 16000, &n);
    expect_refused("WebP canvas 16000x16000", b, n, SAH_IMAGE_ERR_TOO_LARGE);
    free(b);
    b = webp_vp8l_header(16383, 16383, &n);
    expect_refused("WebP lossless 16383x16383", b, n, SAH_IMAGE_ERR_TOO_LARGE);
    uint8_t g[64];
    expect_refused("GIF screen 65535x65535", g, gif_header(g, 65535, 65535, 1, 1),
                   SAH_IMAGE_ERR_TOO_LARGE);
    expect_refused("GIF frame 60000x60000 on a 10x10 screen", g,
                   gif_header(g, 10, 10, 60000, 60000), SAH_IMAGE_ERR_TOO_LARGE);
    expect_refused("GIF frame without data", g, gif_header(g, 10, 10, 10, 10),
                   SAH_IMAGE_ERR_CORRUPT);
    /* A JPEG's SOF saying 60000 x 60000 px: a baseline file of 1 x 1 with
     * its frame header's size bytes rewritten. */
    uint8_t one[4] = {10, 20, 30, 255};
    b = gen_jpeg(one, 1, 1, 90, GEN_JPEG_RGB, false, 0, &n);
    for (size_t i = 0; b && i + 9 < n; i++)
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {
            b[i + 5] = b[i + 7] = 0xEA, b[i + 6] = b[i + 8] = 0x60;
            break;
        }
    expect_refused("JPEG 60000x60000", b, n, SAH_IMAGE_ERR_TOO_LARGE);
    free(b);
    expect_refused("zero bytes", (const uint8_t *)"", 0, SAH_IMAGE_ERR_CORRUPT);
    expect_refused("garbage", (const uint8_t *)"<html>not a photo</html>", 24,
                   SAH_IMAGE_ERR_UNSUPPORTED);
    expect_refused("JPEG magic alone", (const uint8_t *)"\xFF\xD8\xFF", 3, SAH_IMAGE_ERR_CORRUPT);
    expect_refused("PNG signature alone", (const uint8_t *)"\x89PNG\r\n\x1a\n", 8,
                   SAH_IMAGE_ERR_CORRUPT);
    expect_refused("GIF magic alone", (const uint8_t *)"GIF89a", 6, SAH_IMAGE_ERR_CORRUPT);
    expect_refused("WebP magic alone", (const uint8_t *)"RIFF\0\0\0\0WEBP", 12,
                   SAH_IMAGE_ERR_CORRUPT);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static void test_hostile(void)
{
#ifdef UNDER_ASAN
    hostile_all();
#else
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* 1 GiB of address space: the program's own (a few MB of libraries)
         * fits, a 30000 x 30000 RGBA buffer (3.6 GB) or the 268 Mpx plane of
         * a 16383 x 16383 WebP does not. */
        struct rlimit rl = {(rlim_t)1 << 30, (rlim_t)1 << 30};
        if (setrlimit(RLIMIT_AS, &rl) != 0)
            perror("setrlimit");
        hostile_all();
        fflush(stdout);
        _exit(t_failures ? 1 : 0);
    }
    int st = 0;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "hostile images (in a child with 1 GiB of address space): status %d", st);
#endif
    /* A truncated photo is refused, not shown grey from half-way down. */
    uint8_t *rgba = gen_quadrants(64, 48);
    size_t n;
    uint8_t *b = gen_jpeg(rgba, 64, 48, 90, GEN_JPEG_RGB, false, 0, &n);
    expect_refused("JPEG cut at 60%", b, n * 6 / 10, SAH_IMAGE_ERR_CORRUPT);
    free(b);
    b = gen_png(rgba, 64, 48, GEN_PNG_RGB, 8, false, &n);
    expect_refused("PNG cut at 60%", b, n * 6 / 10, SAH_IMAGE_ERR_CORRUPT);
    free(b);
    b = gen_webp(rgba, 64, 48, false, &n);
    expect_refused("WebP cut at 60%", b, n * 6 / 10, SAH_IMAGE_ERR_CORRUPT);
    free(b);
    free(rgba);
    /* Arguments. */
    sah_image_error_t err;
    CHECK(!sah_image_decode((const uint8_t *)"x", 1, 0, 10, SAH_PIXFMT_A8, &err) &&
              err.status == SAH_IMAGE_ERR_INVALID,
          "a box of 0 px refused");
    CHECK(!sah_image_decode(NULL, 10, 10, 10, SAH_PIXFMT_A8, &err) &&
              err.status == SAH_IMAGE_ERR_INVALID,
          "no bytes refused");
    CHECK(!sah_image_decode((const uint8_t *)"x", 1, 10, 10, (sah_pixfmt_t)7, NULL),
          "an unknown page format refused (no error struct)");
}

/* 1 x 1 in every format, and a small image in a large box stays small. */
static void test_tiny(void)
{
    const uint8_t px[4] = {200, 100, 50, 255};
    uint8_t idx = 0;
    const uint8_t pal[6] = {200, 100, 50, 0, 0, 0};
    size_t n[4];
    uint8_t *b[4] = {gen_png(px, 1, 1, GEN_PNG_RGBA, 8, false, &n[0]),
                     gen_jpeg(px, 1, 1, 100, GEN_JPEG_RGB, false, 0, &n[1]),
                     gen_webp(px, 1, 1, true, &n[2]),
                     gen_gif(1, 1, 0, 0, 1, 1, &idx, pal, 2, -1, false, &n[3])};
    for (int i = 0; i < 4; i++) {
        sah_image_error_t err;
        sah_image_t *img = sah_image_decode(b[i], n[i], 16384, 16384, SAH_PIXFMT_ARGB32, &err);
        CHECK(img && sah_image_width(img) == 1 && sah_image_height(img) == 1, "1x1 %s: %s",
              sah_image_sniff(b[i], n[i]), err.reason);
        if (img)
            CHECK(diff_at(img, 0, 0, px) <= (i == 1 ? 8 : 0), "1x1 %s: colour",
                  sah_image_sniff(b[i], n[i]));
        sah_image_free(img);
        /* A 1 x 1 box: still one pixel, the mean colour. */
        img = sah_image_decode(b[i], n[i], 1, 1, SAH_PIXFMT_A8, &err);
        CHECK(img && sah_image_width(img) == 1, "1x1 %s into 1x1 grey",
              sah_image_sniff(b[i], n[i]));
        sah_image_free(img);
        free(b[i]);
    }
}

/* Fit: aspect kept, rounded, at least 1 px; a 1000 x 1 line into 10 x 10. */
static void test_fit_and_filter(void)
{
    /* A 1-px checkerboard of black and white: every 2 x 2 block averages
     * to mid grey, so a half-size image is uniform 128 (127.5 rounded). */
    const int W = 100, H = 60;
    uint8_t *rgba = malloc((size_t)W * H * 4);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t v = (x + y) % 2 ? 255 : 0;
            uint8_t *p = rgba + ((size_t)y * W + (size_t)x) * 4;
            p[0] = p[1] = p[2] = v, p[3] = 255;
        }
    size_t n;
    uint8_t *png = gen_png(rgba, W, H, GEN_PNG_GRAY, 8, false, &n);
    sah_image_t *img = sah_image_decode(png, n, 50, 50, SAH_PIXFMT_A8, NULL);
    CHECK(img && sah_image_width(img) == 50 && sah_image_height(img) == 30, "checker: 50x30");
    int off = 0;
    for (int y = 0; img && y < 30; y++)
        for (int x = 0; x < 50; x++) {
            size_t st;
            int v = sah_image_pixels(img, &st)[(size_t)y * st + (size_t)x];
            off += abs(v - 128) > 0;
        }
    CHECK(off == 0, "checker at half size: %d pixels not mid grey (aliasing)", off);
    sah_image_free(img);
    /* Not a whole ratio (100 -> 33): still mid grey within 1 % (area
     * weights), where point sampling would give black or white. */
    img = sah_image_decode(png, n, 33, 33, SAH_PIXFMT_A8, NULL);
    CHECK(img && sah_image_width(img) == 33 && sah_image_height(img) == 20, "checker: 33x20 (%d)",
          img ? sah_image_height(img) : -1);
    int worst = 0;
    for (int y = 0; img && y < sah_image_height(img); y++)
        for (int x = 0; x < 33; x++) {
            size_t st;
            int d = abs(sah_image_pixels(img, &st)[(size_t)y * st + (size_t)x] - 128);
            worst = d > worst ? d : worst;
        }
    CHECK(worst <= 26, "checker at 33 %%: worst %d from mid grey", worst);
    sah_image_free(img);
    free(png);
    free(rgba);

    /* A 1000 x 2 line into 10 x 10: 10 x 1, not 10 x 0. */
    rgba = calloc(1000 * 2, 4);
    png = gen_png(rgba, 1000, 2, GEN_PNG_RGBA, 8, false, &n);
    img = sah_image_decode(png, n, 10, 10, SAH_PIXFMT_ARGB32, NULL);
    CHECK(img && sah_image_width(img) == 10 && sah_image_height(img) == 1, "line: 10x1");
    sah_image_free(img);
    free(png);
    free(rgba);
}

/* Transparency: premultiplied, and white paper behind it in grey. */
static void test_alpha(void)
{
    uint8_t rgba[4 * 4] = {255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 255, 128, 0, 0, 0, 0};
    const int kinds[] = {GEN_PNG_RGBA, GEN_PNG_PALETTE};
    for (int k = 0; k < 2; k++) {
        size_t n;
        uint8_t *png = gen_png(rgba, 4, 1, kinds[k], 8, false, &n);
        sah_image_t *img = sah_image_decode(png, n, 10, 10, SAH_PIXFMT_ARGB32, NULL);
        size_t st;
        const uint8_t *p = img ? sah_image_pixels(img, &st) : NULL;
        CHECK(p && !memcmp(p, "\xff\x00\x00\xff", 4), "alpha %d: opaque red kept", k);
        CHECK(p && !memcmp(p + 4, "\0\0\0\0", 4), "alpha %d: transparent is 0,0,0,0", k);
        CHECK(p && p[8] == 0 && p[10] == 128 && p[11] == 128, "alpha %d: half blue premultiplied",
              k);
        sah_image_free(img);
        img = sah_image_decode(png, n, 10, 10, SAH_PIXFMT_A8, NULL);
        p = img ? sah_image_pixels(img, &st) : NULL;
        CHECK(p && p[1] == 255 && p[3] == 255, "alpha %d: transparent is white paper in grey", k);
        sah_image_free(img);
        free(png);
    }
    /* A GIF's transparent index, and a frame smaller than its screen at an
     * offset: the rest of the screen is transparent too. */
    const uint8_t pal[4 * 3] = {0, 0, 0, 255, 255, 0, 9, 9, 9, 9, 9, 9};
    uint8_t idx[4] = {0, 1, 1, 0};
    size_t n;
    uint8_t *gif = gen_gif(4, 4, 2, 2, 2, 2, idx, pal, 4, 0, false, &n);
    sah_image_t *img = sah_image_decode(gif, n, 10, 10, SAH_PIXFMT_ARGB32, NULL);
    size_t st;
    const uint8_t *p = img ? sah_image_pixels(img, &st) : NULL;
    CHECK(img && sah_image_width(img) == 4, "gif on a 4x4 screen");
    CHECK(p && p[3] == 0 && p[(2 * st) + 8 + 3] == 0, "gif: outside the frame and index 0 clear");
    CHECK(p && !memcmp(p + 2 * st + 12, "\xff\xff\x00\xff", 4), "gif: index 1 yellow at (3, 2)");
    sah_image_free(img);
    free(gif);
}

/* EXIF orientation 1..8 on a 64 x 48 image of red (left half) and blue
 * (right half) with a green top-left corner: each shown as the tag says. */
static void test_orientation(void)
{
    const int W = 64, H = 48;
    uint8_t *rgba = malloc((size_t)W * H * 4);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgba + ((size_t)y * W + (size_t)x) * 4;
            bool corner = x < 16 && y < 16;
            p[0] = corner ? 0 : x < W / 2 ? 255 : 0;
            p[1] = corner ? 255 : 0;
            p[2] = !corner && x >= W / 2 ? 255 : 0;
            p[3] = 255;
        }
    /* Where the stored top-left corner shows, per orientation. */
    static const struct {
        int swap, right, bottom;
    } where[9] = {{0, 0, 0}, {0, 0, 0}, {0, 1, 0}, {0, 1, 1}, {0, 0, 1},
                  {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}};
    for (int o = 1; o <= 8; o++) {
        size_t n;
        uint8_t *jpg = gen_jpeg(rgba, W, H, 95, GEN_JPEG_RGB, false, o, &n);
        /* A 24 x 24 box: the shown image's long side fits it. */
        sah_image_t *img = sah_image_decode(jpg, n, 24, 24, SAH_PIXFMT_ARGB32, NULL);
        int ew = where[o].swap ? 18 : 24, eh = where[o].swap ? 24 : 18;
        CHECK(img && sah_image_width(img) == ew && sah_image_height(img) == eh,
              "orientation %d: %dx%d, expected %dx%d", o, img ? sah_image_width(img) : 0,
              img ? sah_image_height(img) : 0, ew, eh);
        CHECK(img && sah_image_source_width(img) == (where[o].swap ? H : W),
              "orientation %d: source width as shown", o);
        if (img) {
            int cx = where[o].right ? ew - 2 : 1, cy = where[o].bottom ? eh - 2 : 1;
            static const uint8_t green[3] = {0, 255, 0};
            CHECK(diff_at(img, cx, cy, green) <= 40, "orientation %d: corner at (%d, %d)", o, cx,
                  cy);
            int ox = where[o].right ? 1 : ew - 2, oy = where[o].bottom ? 1 : eh - 2;
            CHECK(diff_at(img, ox, oy, green) > 100, "orientation %d: not at (%d, %d)", o, ox, oy);
        }
        sah_image_free(img);
        free(jpg);
    }
    free(rgba);
}

/* A 4000 x 3000 photo for a 432 px column: decoded through the scaled IDCT
 * (bench-image times it), the colours right. */
static void test_big_jpeg(void)
{
    uint8_t *rgba = gen_quadrants(4000, 3000);
    size_t n;
    uint8_t *jpg = gen_jpeg(rgba, 4000, 3000, 85, GEN_JPEG_RGB, false, 0, &n);
    free(rgba);
    CHECK(jpg != NULL, "4000x3000 JPEG written");
    sah_image_error_t err;
    sah_image_t *img = sah_image_decode(jpg, n, 432, 480, SAH_PIXFMT_ARGB32, &err);
    CHECK(img && sah_image_width(img) == 432 && sah_image_height(img) == 324,
          "4000x3000 into 432x480: %dx%d (%s)", img ? sah_image_width(img) : 0,
          img ? sah_image_height(img) : 0, err.reason);
    if (img) {
        int worst = quad_worst(img, 2);
        CHECK(worst <= 16, "4000x3000 at 432: worst difference %d", worst);
    }
    sah_image_free(img);
    img = sah_image_decode(jpg, n, 432, 480, SAH_PIXFMT_A8, &err);
    CHECK(img && quad_worst(img, 2) <= 16, "4000x3000 at 432 in grey");
    sah_image_free(img);
    /* Cut in the middle of its image data: refused as truncated. */
    expect_refused("4000x3000 JPEG cut at 60%", jpg, n * 6 / 10, SAH_IMAGE_ERR_CORRUPT);
    free(jpg);
}

/* Drawing: colours on ARGB32, grey coverage on A8, the night theme dims
 * and a change of theme paints the photo again; the placeholder. */
static void test_draw(void)
{
    uint8_t *rgba = gen_quadrants(20, 10);
    size_t n;
    uint8_t *png = gen_png(rgba, 20, 10, GEN_PNG_RGB, 8, false, &n);
    free(rgba);
    sah_image_t *img = sah_image_decode(png, n, 100, 100, SAH_PIXFMT_ARGB32, NULL);
    sah_image_t *grey = sah_image_decode(png, n, 100, 100, SAH_PIXFMT_A8, NULL);
    free(png);
    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, 40, 30);
    sah_pagebuf_t *a8 = sah_pagebuf_new(SAH_PIXFMT_A8, 40, 30);
    CHECK(img && grey && pb && a8, "setup");
    if (!img || !grey || !pb || !a8)
        goto out;
    CHECK(sah_image_draw(img, pb, 5, 5), "draw argb");
    CHECK(sah_image_draw(grey, a8, 5, 5), "draw a8");
    size_t st;
    const uint32_t *px = sah_pagebuf_argb(pb, &st);
    CHECK(px[5 * st + 5] == 0xFFFF0000u, "red at (5, 5): %08x", px[5 * st + 5]);
    CHECK(px[14 * st + 24] == 0xFFFFFFFFu, "white at (24, 14)");
    CHECK(px[4 * st + 5] == 0xFFFFFFFFu && px[5 * st + 4] == 0xFFFFFFFFu, "page around it");
    const uint8_t *cov = sah_pagebuf_coverage(a8, &st);
    CHECK(cov[5 * st + 5] == 255 - 76 && cov[14 * st + 24] == 0 && cov[14 * st + 5] == 255 - 29,
          "a8 coverage: 255 - luma (red %d, white %d, blue %d)", cov[5 * st + 5], cov[14 * st + 24],
          cov[14 * st + 5]);
    CHECK(sah_pagebuf_set_theme(pb, &sah_theme_night), "night");
    px = sah_pagebuf_argb(pb, &st);
    CHECK(px[5 * st + 5] == 0xFFBF0000u, "night: red dimmed to bf: %08x", px[5 * st + 5]);
    CHECK(px[14 * st + 24] == 0xFFBFBFBFu, "night: white dimmed, not inverted: %08x",
          px[14 * st + 24]);
    CHECK(px[0] == (0xFF000000u | sah_theme_night.bg), "night: page background");
    CHECK(sah_pagebuf_set_theme(pb, &sah_theme_day), "day");
    CHECK(px[5 * st + 5] == 0xFFFF0000u, "day again: red whole");
    CHECK(!sah_pagebuf_set_theme(pb, &(sah_theme_t){0, 0xFFFFFF, 1.8, 0.95}), "photo_dim 0.95");
    /* Clipped at every edge, any position. */
    CHECK(sah_image_draw(img, pb, -15, -5) && sah_image_draw(img, pb, 35, 25) &&
              sah_image_draw(img, pb, -2147483647 - 1, 2147483647),
          "clipped draws");
    CHECK(px[0] == 0xFFFFFFFFu, "(-15, -5): its white quadrant at (0, 0): %08x", px[0]);
    sah_pagebuf_clear(pb);
    CHECK(px[5 * st + 5] == 0xFFFFFFFFu, "clear removes the photo");
    CHECK(sah_pagebuf_set_theme(pb, &sah_theme_night) &&
              px[5 * st + 5] == (0xFF000000u | sah_theme_night.bg),
          "a cleared photo does not come back with a theme");
    CHECK(!sah_pagebuf_draw_pixels(pb, 0, 0, sah_image_pixels(img, NULL), 20, 10, 10,
                                   SAH_PIXELS_RGBA32_PREMUL),
          "a stride shorter than a row refused");
    /* Placeholder: frame, fill and the room left for alt text. */
    sah_pagebuf_t *ph = sah_pagebuf_new(SAH_PIXFMT_A8, 60, 40);
    int inner[4];
    sah_image_draw_placeholder(ph, 5, 5, 50, 30, inner);
    cov = sah_pagebuf_coverage(ph, &st);
    CHECK(cov[5 * st + 5] > 60 && cov[34 * st + 54] > 60, "placeholder frame corners");
    CHECK(cov[20 * st + 30] > 0 && cov[20 * st + 30] < 40, "placeholder light fill");
    CHECK(cov[4 * st + 4] == 0 && cov[35 * st + 55] == 0, "nothing outside");
    CHECK(inner[0] == 12 && inner[1] == 12 && inner[2] == 36 && inner[3] == 16,
          "inner box %d,%d %dx%d", inner[0], inner[1], inner[2], inner[3]);
    sah_image_draw_placeholder(ph, 2147483647, 2147483647, 2147483647, 5, inner);
    CHECK(inner[2] == 0 || inner[3] == 0 || inner[0] > 0, "a placeholder off the page");
    sah_image_draw_placeholder(ph, 0, 0, 4, 4, inner);
    CHECK(inner[2] == 0 && inner[3] == 0, "no room in a 4x4 box");
    sah_pagebuf_free(ph);
out:
    sah_pagebuf_free(pb);
    sah_pagebuf_free(a8);
    sah_image_free(img);
    sah_image_free(grey);
}

/* The cache: hits, LRU eviction within the budget, remembered refusals,
 * an image over the budget served transient. */
static void test_cache(void)
{
    uint8_t *rgba = gen_quadrants(100, 100);
    size_t n;
    uint8_t *png = gen_png(rgba, 100, 100, GEN_PNG_RGB, 8, false, &n);
    free(rgba);
    /* Each 50 x 50 ARGB image is 10,000 bytes and some bookkeeping: a
     * budget of 35,000 holds three. */
    sah_imagecache_t *c = sah_imagecache_new(35000);
    const sah_image_t *img;
    sah_imagecache_stats_t s;
    char key[16];
    for (int i = 0; i < 5; i++) {
        snprintf(key, sizeof key, "photo%d.png", i);
        CHECK(!sah_imagecache_get(c, key, 50, 50, SAH_PIXFMT_ARGB32, &img) && !img, "miss %d", i);
        img = sah_imagecache_decode(c, key, png, n, 50, 50, SAH_PIXFMT_ARGB32, NULL);
        CHECK(img && sah_image_width(img) == 50, "decode %d", i);
        if (i == 2) /* photo0 used again: photo1 is then the oldest */
            CHECK(sah_imagecache_get(c, "photo0.png", 50, 50, SAH_PIXFMT_ARGB32, &img) && img,
                  "hit photo0");
        sah_imagecache_stats(c, &s);
        CHECK(s.bytes <= s.budget, "bytes %zu within %zu", s.bytes, s.budget);
    }
    sah_imagecache_stats(c, &s);
    CHECK(s.entries == 3 && s.evictions == 2, "3 kept, 2 evicted: %zu, %llu", s.entries,
          (unsigned long long)s.evictions);
    CHECK(sah_imagecache_get(c, "photo0.png", 50, 50, SAH_PIXFMT_ARGB32, &img) && img,
          "photo0 kept (recently used)");
    CHECK(!sah_imagecache_get(c, "photo1.png", 50, 50, SAH_PIXFMT_ARGB32, &img), "photo1 evicted");
    CHECK(!sah_imagecache_get(c, "photo4.png", 40, 50, SAH_PIXFMT_ARGB32, &img) &&
              !sah_imagecache_get(c, "photo4.png", 50, 50, SAH_PIXFMT_A8, &img),
          "another box or format is another entry");
    /* A broken file: logged once, remembered. */
    sah_image_error_t err;
    CHECK(!sah_imagecache_decode(c, "broken.jpg", (const uint8_t *)"\xFF\xD8\xFF", 3, 50, 50,
                                 SAH_PIXFMT_ARGB32, &err) &&
              err.status == SAH_IMAGE_ERR_CORRUPT,
          "broken refused");
    CHECK(sah_imagecache_get(c, "broken.jpg", 50, 50, SAH_PIXFMT_ARGB32, &img) && !img,
          "the refusal is remembered");
    CHECK(!sah_imagecache_decode(c, "broken.jpg", NULL, 0, 50, 50, SAH_PIXFMT_ARGB32, &err) &&
              err.status == SAH_IMAGE_ERR_CORRUPT,
          "and answered without decoding (status kept)");
    /* Over the budget: served, not kept. */
    img = sah_imagecache_decode(c, "big.png", png, n, 100, 100, SAH_PIXFMT_ARGB32, NULL);
    CHECK(img && sah_image_width(img) == 100, "oversize served");
    sah_imagecache_stats(c, &s);
    CHECK(s.oversize == 1 && s.bytes <= s.budget, "oversize counted, budget kept");
    /* put(): a decode done elsewhere handed over. */
    sah_image_t *mine = sah_image_decode(png, n, 10, 10, SAH_PIXFMT_A8, NULL);
    CHECK(sah_imagecache_put(c, "thumb", 10, 10, SAH_PIXFMT_A8, mine) == mine, "put");
    CHECK(sah_imagecache_get(c, "thumb", 10, 10, SAH_PIXFMT_A8, &img) && img == mine, "got it");
    sah_imagecache_clear(c);
    sah_imagecache_stats(c, &s);
    CHECK(s.entries == 0 && s.bytes == 0, "clear");
    sah_imagecache_free(c);
    sah_imagecache_free(NULL);
    /* A budget of 0 keeps nothing and still serves. */
    c = sah_imagecache_new(0);
    CHECK(sah_imagecache_decode(c, "a", png, n, 10, 10, SAH_PIXFMT_ARGB32, NULL) != NULL,
          "budget 0 serves");
    sah_imagecache_free(c);
    free(png);
}

/* The size from the header alone, as shown, limits checked. */
static void test_probe(void)
{
    uint8_t *px = gen_quadrants(60, 40);
    size_t n;
    int w, h;
    sah_image_error_t err;
    uint8_t *b = gen_jpeg(px, 60, 40, 80, GEN_JPEG_RGB, false, 6, &n);
    CHECK(b && sah_image_probe(b, n, &w, &h, &err) && w == 40 && h == 60,
          "JPEG turned by EXIF 6: expected 40x60, got %dx%d", w, h);
    /* A truncated JPEG keeps its header: its size is known, its decode fails. */
    CHECK(b && sah_image_probe(b, n / 2, &w, &h, &err) && w == 40 && h == 60,
          "truncated JPEG: %dx%d", w, h);
    CHECK(b && !sah_image_probe(b, 20, &w, &h, &err) && err.status == SAH_IMAGE_ERR_CORRUPT,
          "JPEG cut in its header: %d", err.status);
    free(b);
    b = gen_png(px, 60, 40, GEN_PNG_RGB, 8, false, &n);
    CHECK(b && sah_image_probe(b, n, &w, &h, &err) && w == 60 && h == 40, "PNG: %dx%d", w, h);
    free(b);
    b = gen_webp(px, 60, 40, true, &n);
    CHECK(b && sah_image_probe(b, n, &w, &h, &err) && w == 60 && h == 40, "WebP: %dx%d", w, h);
    free(b);
    b = gen_png_header_only(30000, 30000, &n);
    CHECK(b && !sah_image_probe(b, n, &w, &h, &err) && err.status == SAH_IMAGE_ERR_TOO_LARGE &&
              w == 0 && h == 0,
          "30000x30000 PNG: %d %s", err.status, err.reason);
    free(b);
    CHECK(!sah_image_probe((const uint8_t *)"hello", 5, &w, &h, &err) &&
              err.status == SAH_IMAGE_ERR_UNSUPPORTED,
          "text: %d", err.status);
    CHECK(!sah_image_probe(NULL, 0, &w, &h, NULL), "no bytes");
    free(px);
}

/* Enlarging keeps flat areas flat, the corners' colours, and refuses to
 * shrink or to pass the limits. */
static void test_enlarge(void)
{
    uint8_t *px = gen_quadrants(8, 8);
    size_t n;
    uint8_t *b = gen_png(px, 8, 8, GEN_PNG_RGB, 8, false, &n);
    sah_image_error_t err;
    sah_image_t *img = b ? sah_image_decode(b, n, 8, 8, SAH_PIXFMT_ARGB32, &err) : NULL;
    sah_image_t *big = img ? sah_image_enlarge(img, 16, 16, &err) : NULL;
    CHECK(big && sah_image_width(big) == 16 && sah_image_height(big) == 16, "enlarged to 16x16");
    if (big) {
        size_t stride;
        const uint8_t *p = sah_image_pixels(big, &stride);
        /* corners: red top-left, white bottom-right; the middle of a
         * quadrant stays its colour */
        CHECK(p[0] == 255 && p[1] == 0 && p[2] == 0 && p[3] == 255, "top-left %u %u %u", p[0], p[1],
              p[2]);
        const uint8_t *q = p + 15 * stride + 15 * 4;
        CHECK(q[0] == 255 && q[1] == 255 && q[2] == 255, "bottom-right %u %u %u", q[0], q[1], q[2]);
        q = p + 12 * stride + 2 * 4;
        CHECK(q[0] == 0 && q[1] == 0 && q[2] == 255, "blue quadrant %u %u %u", q[0], q[1], q[2]);
    }
    CHECK(img && !sah_image_enlarge(img, 4, 16, &err) && err.status == SAH_IMAGE_ERR_INVALID,
          "shrinking refused");
    CHECK(img && !sah_image_enlarge(img, 16, 20000, &err) && err.status == SAH_IMAGE_ERR_TOO_LARGE,
          "past the limits refused");
    sah_image_free(big);
    sah_image_free(img);
    free(b);
    free(px);
}

int main(void)
{
    test_formats();
    test_hostile();
    test_tiny();
    test_fit_and_filter();
    test_alpha();
    test_orientation();
    test_big_jpeg();
    test_draw();
    test_cache();
    test_probe();
    test_enlarge();
    return t_summary("image");
}
