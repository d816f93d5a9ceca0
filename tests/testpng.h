/*
 * testpng.h - reading a PNG back for a pixel comparison, with libpng's
 * simplified API: independent of render/raster/pngfile.c's writer, so that a test
 * reads what any viewer would (header-only, like testutil.h).
 */
#ifndef SAH_TESTPNG_H
#define SAH_TESTPNG_H

#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* @path's pixels converted to @format (PNG_FORMAT_GRAY, _RGB, _RGBA...),
 * its size in @w x @h, and the format the file itself holds in
 * @file_format (nullable). Returns: (transfer full) free() it; NULL when
 * the file cannot be read. */
static inline uint8_t *t_png_read(const char *path, png_uint_32 format, int *w, int *h,
                                  png_uint_32 *file_format)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return NULL;
    if (file_format)
        *file_format = img.format;
    img.format = format;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&img);
        return NULL;
    }
    *w = (int)img.width;
    *h = (int)img.height;
    return buf;
}

#endif
