/*
 * bench-image.c - decoding photos to the width of a page's column (432 px,
 * an 800x480 panel turned upright less its margins), medians and worst of
 * several runs, each input written at start-up by the libraries' encoders
 * (tests/imagegen.h) from a photo-like picture: smooth gradients with fine
 * noise (flat colours would flatter every decoder).
 *
 *   bench-image [--runs N] [--only NAME]   (NAME: part of a row's name, "PNG")
 *
 * Target: a first page with its photo within 30 ms, so a typical news photo
 * (1200 x 800 JPEG) decodes to the column in a few ms; a camera's 4000 x
 * 3000 JPEG goes through libjpeg-turbo's 1/8 scaled IDCT.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "imagegen.h"
#include "render/image/image.h"

static uint8_t *photo(int w, int h)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    uint32_t seed = 12345;
    for (int y = 0; px && y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            double u = (double)x / w, v = (double)y / h;
            seed = seed * 1103515245u + 12345u;
            int noise = (int)((seed >> 16) & 15) - 8;
            double base[3] = {128 + 100 * sin(6 * u + 2 * v), 128 + 90 * cos(4 * v - 3 * u),
                              128 + 80 * sin(9 * u * v + 1)};
            for (int c = 0; c < 3; c++) {
                int val = (int)base[c] + noise;
                p[c] = (uint8_t)(val < 0 ? 0 : val > 255 ? 255 : val);
            }
            p[3] = 255;
        }
    return px;
}

static void run(const char *name, const uint8_t *b, size_t n, sah_pixfmt_t fmt, int runs)
{
    double *t = malloc((size_t)runs * sizeof *t), worst = 0;
    int ow = 0, oh = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = bench_now_ms();
        sah_image_error_t err;
        sah_image_t *img = sah_image_decode(b, n, 432, 720, fmt, &err);
        t[i] = bench_now_ms() - t0;
        if (!img) {
            fprintf(stderr, "bench-image: %s: %s\n", name, err.reason);
            exit(1);
        }
        ow = sah_image_width(img), oh = sah_image_height(img);
        sah_image_free(img);
        worst = t[i] > worst ? t[i] : worst;
    }
    printf("%-28s %8zu bytes -> %dx%d %-6s median %7.2f ms  worst %7.2f ms\n", name, n, ow, oh,
           fmt == SAH_PIXFMT_A8 ? "A8" : "ARGB32", bench_median(t, runs), worst);
    free(t);
}

int main(int argc, char **argv)
{
    int runs = 21;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
    }
    runs = runs < 1 ? 1 : runs;
    uint8_t *big = photo(4000, 3000), *mid = photo(1200, 800);
    size_t n[5];
    uint8_t *f[5] = {gen_jpeg(big, 4000, 3000, 85, GEN_JPEG_RGB, false, 0, &n[0]),
                     gen_jpeg(mid, 1200, 800, 85, GEN_JPEG_RGB, false, 0, &n[1]),
                     gen_jpeg(mid, 1200, 800, 85, GEN_JPEG_RGB, true, 0, &n[2]),
                     gen_png(mid, 1200, 800, GEN_PNG_RGB, 8, false, &n[3]),
                     gen_webp(mid, 1200, 800, false, &n[4])};
    free(big);
    free(mid);
    static const char *names[5] = {"JPEG 4000x3000", "JPEG 1200x800", "JPEG 1200x800 progressive",
                                   "PNG 1200x800", "WebP 1200x800 (lossy q90)"};
    printf("bench-image: decode to 432 px wide, %d runs each\n", runs);
    for (int i = 0; i < 5; i++) {
        if (!f[i]) {
            fprintf(stderr, "bench-image: cannot write %s\n", names[i]);
            return 1;
        }
        if (!only || strstr(names[i], only)) {
            run(names[i], f[i], n[i], SAH_PIXFMT_ARGB32, runs);
            run(names[i], f[i], n[i], SAH_PIXFMT_A8, runs);
        }
        free(f[i]);
    }
    return 0;
}
