/*
 * pngfile.h - page buffers written as PNG files (libpng), for viewing and for
 * reference images in tests.
 *
 *   if (!sah_png_write(pb, "page-001.png")) ...; // one line naming the file
 *
 * An A8 buffer becomes an 8-bit grey image, black text on white (255 minus
 * coverage), so that coverage masks can be looked at like a printed page. An
 * ARGB32 buffer becomes 8-bit RGB: its pixels are always opaque, so an alpha
 * channel would only add bytes. Colour values are written as they are in the
 * buffer (already display-encoded); no gAMA/sRGB chunk is claimed.
 */
#ifndef SAH_PNGFILE_H
#define SAH_PNGFILE_H

#include <stdbool.h>

#include "render/raster/raster.h"

/*
 * sah_png_write:
 * @buf: (transfer none) the buffer to write.
 * @path: the file to create or replace.
 *
 * Returns: true if the whole file was written and closed; false after one
 * line naming @path and the cause (a partial file may remain).
 */
bool sah_png_write(const sah_pagebuf_t *buf, const char *path) __attribute__((warn_unused_result));

#endif
