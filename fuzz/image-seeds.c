/*
 * image-seeds DIR - writes the fuzz-image seeds into DIR: small images of
 * every format and flavour the decoders take (tests/imagegen.h's encoders),
 * and the hostile headers of test-image, each after fuzz-image.c's 3-byte
 * header (a 40 x 30 box on an ARGB32 or A8 page). Committed in
 * fuzz/corpus/image (a few KB in all); run again when a flavour is added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imagegen.h"

static const char *dir;

static void put(const char *name, const uint8_t *b, size_t n, int a8)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/seed-%s", dir, name);
    FILE *f = fopen(path, "wb");
    uint8_t h[3] = {39, 29, (uint8_t)(a8 | (64 + 5) << 1)};
    if (!b || !f || fwrite(h, 1, 3, f) != 3 || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "image-seeds: cannot write %s\n", path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: image-seeds DIR\n");
        return 2;
    }
    dir = argv[1];
    const int W = 16, H = 12;
    uint8_t *q = gen_quadrants(W, H);
    q[3] = 0, q[7] = 128; /* some transparency */
    size_t n;
    uint8_t *b;
#define PUT(name, expr, a8)                                                                        \
    do {                                                                                           \
        b = (expr);                                                                                \
        put(name, b, n, a8);                                                                       \
        free(b);                                                                                   \
    } while (0)
    PUT("png-rgba", gen_png(q, W, H, GEN_PNG_RGBA, 8, false, &n), 0);
    PUT("png-rgb16", gen_png(q, W, H, GEN_PNG_RGB, 16, false, &n), 1);
    PUT("png-palette", gen_png(q, W, H, GEN_PNG_PALETTE, 8, false, &n), 0);
    PUT("png-gray-alpha", gen_png(q, W, H, GEN_PNG_GRAY_ALPHA, 8, false, &n), 1);
    PUT("png-interlaced", gen_png(q, W, H, GEN_PNG_RGBA, 8, true, &n), 0);
    PUT("png-30000", gen_png_header_only(30000, 30000, &n), 0);
    PUT("jpeg", gen_jpeg(q, W, H, 80, GEN_JPEG_RGB, false, 0, &n), 0);
    PUT("jpeg-gray", gen_jpeg(q, W, H, 80, GEN_JPEG_GRAY, false, 0, &n), 1);
    PUT("jpeg-cmyk", gen_jpeg(q, W, H, 80, GEN_JPEG_CMYK, false, 0, &n), 0);
    PUT("jpeg-progressive-exif6", gen_jpeg(q, W, H, 80, GEN_JPEG_RGB, true, 6, &n), 0);
    PUT("webp-lossless", gen_webp(q, W, H, true, &n), 0);
    PUT("webp-lossy", gen_webp(q, W, H, false, &n), 1);
    uint8_t idx[16 * 12];
    for (int i = 0; i < W * H; i++)
        idx[i] = (uint8_t)(i % 4);
    const uint8_t pal[12] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    PUT("gif", gen_gif(W, H, 0, 0, W, H, idx, pal, 4, -1, false, &n), 0);
    PUT("gif-interlaced-transparent", gen_gif(20, 20, 2, 3, W, H, idx, pal, 4, 1, true, &n), 1);
#undef PUT
    free(q);
    return 0;
}
