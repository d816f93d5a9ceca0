/*
 * bench-photo - the first page of an article with its photo on screen
 * (target: 30 ms): the seed article with a front-matter photo, a 1200x800
 * JPEG written at start-up (tests/imagegen.h), opened by the reader screen
 * (parse, the photo's header read, the pager, page 1 laid out and drawn
 * with its status bar) and the photo read and decoded at the size shown and
 * drawn in, as `sahifa --screenshot` does it (sah_reader_set_wait_photos).
 *
 *   bench-photo [--runs N] [--width W] [--height H]
 *
 * Each run opens an article of its own whose photo is a file of its own, so
 * that no run finds the photo in the reader's cache (what opening a new
 * article costs); the UI's fonts and glyph cache are warm, as in a running
 * app. Printed: the median and worst of the whole first page, of the page
 * shown without waiting for the photo (what the app shows first, the
 * placeholder in its place), and of the photo's decode alone (the idle step
 * after it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "benchutil.h"
#include "imagegen.h"

#ifndef SAH_SOURCE_ROOT
#define SAH_SOURCE_ROOT "."
#endif

/* A photo-like picture: smooth light across the frame, shapes, and fine
 * grain (a camera's noise is what makes a real JPEG as large as it is:
 * 1200x800 at quality 85 is about 200 KB). (transfer full) */
static uint8_t *photo_pixels(int w, int h)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    uint32_t seed = 12345;
    for (int y = 0; px && y < h; y++)
        for (int x = 0; x < w; x++) {
            seed = seed * 1664525u + 1013904223u;
            int noise = (int)(seed >> 27) - 16;
            uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            int sky = y < h / 2;
            int r = sky ? 240 - y * 120 / h : 40 + x * 60 / w;
            int g = sky ? 160 - y * 40 / h : 70 + (x ^ y) % 40;
            int b = sky ? 90 + y * 150 / h : 120 - y * 60 / h;
            r += noise, g += noise, b += noise;
            p[0] = (uint8_t)(r < 0 ? 0 : r > 255 ? 255 : r);
            p[1] = (uint8_t)(g < 0 ? 0 : g > 255 ? 255 : g);
            p[2] = (uint8_t)(b < 0 ? 0 : b > 255 ? 255 : b);
            p[3] = 255;
        }
    return px;
}

static bool write_file(const char *path, const void *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b, 1, n, f) == n;
    if (f)
        ok &= fclose(f) == 0;
    return ok;
}

int main(int argc, char **argv)
{
    int runs = 21, width = 800, height = 480;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--width") && i + 1 < argc)
            width = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--height") && i + 1 < argc)
            height = atoi(argv[++i]);
    }
    runs = runs < 1 ? 1 : runs > 200 ? 200 : runs;
    char seedp[1024];
    snprintf(seedp, sizeof seedp, "%s/assets/articles/seed-article-ar.txt", SAH_SOURCE_ROOT);
    FILE *sf = fopen(seedp, "rb");
    static char seed[1 << 20];
    size_t seed_n = sf ? fread(seed, 1, sizeof seed, sf) : 0;
    if (sf)
        fclose(sf);
    uint8_t *px = photo_pixels(1200, 800);
    size_t jn = 0;
    uint8_t *jpeg = px ? gen_jpeg(px, 1200, 800, 85, GEN_JPEG_RGB, false, 0, &jn) : NULL;
    char dir[] = "/tmp/sahifa-bench-photo-XXXXXX";
    if (!seed_n || !jpeg || !mkdtemp(dir)) {
        fprintf(stderr, "bench-photo: cannot set up (%s)\n", seedp);
        return 1;
    }
    /* Two articles and photos per run, and one for the warm-up. */
    const int files = 2 * runs + 1;
    char(*paths)[512] = calloc((size_t)files, sizeof *paths);
    for (int i = 0; paths && i < files; i++) {
        char name[600], front[256];
        snprintf(name, sizeof name, "%s/photo-%d.jpg", dir, i);
        int fn = snprintf(front, sizeof front,
                          "---\nphoto: photo-%d.jpg\nphoto_alt: photo %d\n---\n", i, i);
        snprintf(paths[i], sizeof paths[i], "%s/article-%d.txt", dir, i);
        char *text = malloc((size_t)fn + seed_n);
        if (!text || !write_file(name, jpeg, jn))
            return 1;
        memcpy(text, front, (size_t)fn);
        memcpy(text + fn, seed, seed_n);
        bool ok = write_file(paths[i], text, (size_t)fn + seed_n);
        free(text);
        if (!ok)
            return 1;
    }
    sah_ui_t *ui = sah_ui_new("ar", sah_ui_scale_for(width, height));
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = ui ? sah_reader_new(ui, "default", width, height, &set) : NULL;
    if (!r || !paths)
        return 1;
    double *whole = calloc((size_t)runs, sizeof *whole),
           *shown = calloc((size_t)runs, sizeof *shown),
           *decode = calloc((size_t)runs, sizeof *decode);
    /* Warm-up: fonts and the glyph cache, as in a running app. */
    sah_reader_set_wait_photos(r, true);
    if (!sah_reader_open(r, paths[files - 1], 0) || !sah_reader_frame(r))
        return 1;
    for (int i = 0; i < runs; i++) {
        /* The whole first page, photo included, as --screenshot waits. */
        sah_reader_set_wait_photos(r, true);
        double t0 = bench_now_ms();
        bool ok = sah_reader_open(r, paths[i], 0) && sah_reader_frame(r);
        whole[i] = bench_now_ms() - t0;
        /* The app: the page first, the photo in the next idle step (an
         * article of its own, its photo not cached either). */
        sah_reader_set_wait_photos(r, false);
        t0 = bench_now_ms();
        ok &= sah_reader_open(r, paths[runs + i], 0) && sah_reader_frame(r);
        double t1 = bench_now_ms();
        ok &= sah_reader_idle(r);
        decode[i] = bench_now_ms() - t1;
        shown[i] = t1 - t0;
        if (!ok)
            return 1;
    }
    double ws = 0, ss = 0, ds = 0;
    for (int i = 0; i < runs; i++) {
        ws = whole[i] > ws ? whole[i] : ws;
        ss = shown[i] > ss ? shown[i] : ss;
        ds = decode[i] > ds ? decode[i] : ds;
    }
    printf("bench-photo: seed article (%zu bytes) with a 1200x800 JPEG (%zu bytes) at %dx%d, %d "
           "runs\n",
           seed_n, jn, width, height, runs);
    printf("  first page with its photo on screen: median %.2f ms, worst %.2f ms (target 30 "
           "ms)\n",
           bench_median(whole, runs), ws);
    printf("  first page shown, photo a placeholder: median %.2f ms, worst %.2f ms\n",
           bench_median(shown, runs), ss);
    printf("  the photo decoded and drawn in (one idle step): median %.2f ms, worst %.2f ms\n",
           bench_median(decode, runs), ds);
    sah_reader_free(r);
    sah_ui_free(ui);
    for (int i = 0; i < files; i++) {
        char name[600];
        snprintf(name, sizeof name, "%s/photo-%d.jpg", dir, i);
        unlink(name);
        unlink(paths[i]);
    }
    rmdir(dir);
    free(paths);
    free(whole);
    free(shown);
    free(decode);
    free(jpeg);
    free(px);
    return 0;
}
