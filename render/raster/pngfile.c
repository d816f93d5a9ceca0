/* pngfile.c - see pngfile.h. Not "png.h": that name is libpng's, and render/ is on
 * the include path of every target. */
#include "render/raster/pngfile.h"

#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

/* libpng reports errors by calling us and expecting a longjmp; the message is
 * kept for our single log line. */
struct png_failure {
    jmp_buf jump;
    char msg[160];
};

static void on_error(png_structp png, png_const_charp msg)
{
    struct png_failure *f = png_get_error_ptr(png);
    snprintf(f->msg, sizeof f->msg, "%s", msg ? msg : "libpng error");
    longjmp(f->jump, 1);
}

/* Warnings (e.g. about ancillary chunks) do not make a file unusable. */
static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* One row of @b in the PNG's layout: grey for A8, RGB for ARGB32. */
static void convert_row(const sah_pagebuf_t *b, int y, uint8_t *row)
{
    size_t stride;
    int w = sah_pagebuf_width(b);
    const uint32_t *argb = sah_pagebuf_argb(b, &stride);

    if (!argb) {
        const uint8_t *cov = sah_pagebuf_coverage(b, &stride) + (size_t)y * stride;
        for (int x = 0; x < w; x++)
            row[x] = (uint8_t)(255 - cov[x]);
        return;
    }
    argb += (size_t)y * stride;
    for (int x = 0; x < w; x++) {
        row[3 * (size_t)x] = (uint8_t)(argb[x] >> 16);
        row[3 * (size_t)x + 1] = (uint8_t)(argb[x] >> 8);
        row[3 * (size_t)x + 2] = (uint8_t)argb[x];
    }
}

bool sah_png_write(const sah_pagebuf_t *b, const char *path)
{
    /* volatile: read after libpng's longjmp (C11 7.13.2.1). */
    volatile bool ok = false;
    FILE *fp = NULL;
    png_structp png = NULL;
    png_infop info = NULL;
    uint8_t *row = NULL;
    struct png_failure fail = {.msg = ""};

    if (!b || !path) {
        fprintf(stderr, "sahifa: png %s: no buffer or no file name\n", path ? path : "(null)");
        return false;
    }
    int w = sah_pagebuf_width(b), h = sah_pagebuf_height(b);
    bool rgb = sah_pagebuf_format(b) == SAH_PIXFMT_ARGB32;

    fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "sahifa: png %s: %s\n", path, strerror(errno));
        return false;
    }
    row = malloc((size_t)w * (rgb ? 3 : 1));
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &fail, on_error, on_warning);
    info = png ? png_create_info_struct(png) : NULL;
    if (!row || !info) {
        fprintf(stderr, "sahifa: png %s: out of memory\n", path);
        goto out;
    }
    if (setjmp(fail.jump)) {
        fprintf(stderr, "sahifa: png %s: %s\n", path, fail.msg);
        goto out;
    }
    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 rgb ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        convert_row(b, y, row);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    ok = true;

out:
    png_destroy_write_struct(&png, &info);
    /* fclose flushes: a full disk shows up here, not in fwrite. */
    if (fclose(fp) != 0 && ok) {
        fprintf(stderr, "sahifa: png %s: %s\n", path, strerror(errno));
        ok = false;
    }
    free(row);
    return ok;
}
