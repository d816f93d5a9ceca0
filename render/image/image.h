/*
 * image.h - photos decoded safely and cheaply, straight to the size they are
 * shown at.
 *
 *   sah_image_error_t err;
 *   sah_image_t *img = sah_image_decode(bytes, n, 432, 480, SAH_PIXFMT_ARGB32, &err);
 *   if (!img)
 *       fprintf(stderr, "sahifa: %s: %s\n", path, err.reason); // then a placeholder
 *   else if (!sah_image_draw(img, page, x, y)) ...;
 *   sah_image_free(img);
 *
 * Formats are told by their first bytes, never by a file name: JPEG
 * (libjpeg-turbo), PNG (libpng), WebP (libwebp, a still image) and the first
 * frame of a GIF (giflib). Every decoder reads the image's size from its
 * header and refuses it (SAH_IMAGE_ERR_TOO_LARGE) before any pixel memory is
 * taken: a side over SAH_IMAGE_MAX_SIDE, more than SAH_IMAGE_MAX_PIXELS, or
 * working memory over SAH_IMAGE_MAX_DECODE_BYTES (below). So a 30000x30000
 * PNG of a few hundred bytes costs nothing.
 *
 * Size: the image is fitted into @max_w x @max_h keeping its aspect, never
 * enlarged (a small image stays small: the caller decides whether to scale it
 * up when drawing, and by how much). A JPEG is decoded by libjpeg-turbo's
 * scaled IDCT at the smallest of 1/8, 2/8 .. 8/8 that is still at least the
 * target size (a 4000x3000 photo for a 432 px column is decoded at 1/8, 500
 * px wide, a 64th of the work), and every format is then brought to the exact
 * size by an area (box) filter: each output pixel is the mean of the input
 * area it covers, weighted by the part of each input pixel inside it, which
 * neither aliases nor blurs. WebP is scaled by libwebp's own area rescaler
 * while it decodes. Alpha is premultiplied before averaging (no dark fringes).
 *
 * Orientation: a JPEG's EXIF orientation (tag 0x0112, all eight values) is
 * applied, so a phone's upright portrait shows upright; the box applies to
 * the image as shown. PNG, WebP and GIF orientation tags are not read
 * (browsers ignore them for PNG and GIF too).
 *
 * Pixels: for an ARGB32 page, RGBA with the colour premultiplied by alpha
 * (SAH_PIXELS_RGBA32_PREMUL); for an A8 page, 8-bit grey composited over
 * white (SAH_PIXELS_GRAY8, BT.601 luma: JPEG's own Y, which a JPEG is
 * then decoded to without its colour planes). CMYK and YCCK JPEGs (Adobe's
 * inverted ones too), grey, 16-bit, palette, interlaced and transparent PNGs
 * and GIFs are all brought to these two. No colour management: ICC profiles
 * and gAMA are ignored (values are shown as sRGB, as news photos are).
 *
 * A truncated or corrupt file is refused whole (SAH_IMAGE_ERR_CORRUPT): the
 * page shows a placeholder rather than a photo grey from half-way down. The
 * libraries' own messages never reach stderr and none of them can exit the
 * program (libjpeg's and libpng's errors return through longjmp here).
 *
 * Thread-safe: no state is shared between calls, so a decode may run on a
 * worker thread while pages are drawn.
 */
#ifndef SAH_IMAGE_H
#define SAH_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/raster/raster.h"

/* Limits checked on the header, before any pixel memory (docs/limits.md). */
#define SAH_IMAGE_MAX_SIDE         16384               /* px, each side */
#define SAH_IMAGE_MAX_PIXELS       64000000u           /* width x height */
#define SAH_IMAGE_MAX_DECODE_BYTES ((size_t)128 << 20) /* working memory */
#define SAH_IMAGE_MAX_FILE_BYTES   ((size_t)32 << 20)  /* encoded bytes */
/* libjpeg-turbo's advice against progressive JPEGs of thousands of tiny
 * scans, each costing a pass over the whole image. */
#define SAH_IMAGE_MAX_JPEG_SCANS 256

typedef struct sah_image sah_image_t;

typedef enum {
    SAH_IMAGE_OK = 0,
    SAH_IMAGE_ERR_UNSUPPORTED = 1, /* not a JPEG, PNG, WebP or GIF; or a kind of one we skip */
    SAH_IMAGE_ERR_TOO_LARGE = 2,   /* past a limit above, told from the header */
    SAH_IMAGE_ERR_CORRUPT = 3,     /* truncated or broken data */
    SAH_IMAGE_ERR_NOMEM = 4,       /* memory ran out */
    SAH_IMAGE_ERR_INVALID = 5,     /* the caller's arguments (a box < 1 px, no bytes pointer) */
} sah_image_status_t;

typedef struct {
    sah_image_status_t status;
    /* One line, no newline: "PNG of 30000x30000 px: more than 16384 px a side". */
    char reason[160];
} sah_image_error_t;

/*
 * sah_image_decode:
 * @bytes: (transfer none) the encoded file, read during the call only.
 * @max_w, @max_h: the box to fit in, 1 .. SAH_IMAGE_MAX_SIDE each.
 * @fmt: the page format the image is for (see "Pixels" above).
 * @err: (out) (optional) why it failed; status SAH_IMAGE_OK on success.
 *
 * Returns: (transfer full) the image, freed with sah_image_free(); or NULL
 * with @err filled. Nothing is logged: the caller names the file.
 */
sah_image_t *sah_image_decode(const uint8_t *bytes, size_t n, int max_w, int max_h,
                              sah_pixfmt_t fmt, sah_image_error_t *err)
    __attribute__((warn_unused_result));

/*
 * sah_image_probe:
 * @w, @h: (out) the image's size as it is shown (a JPEG's EXIF orientation
 *   applied), from its header alone; 0x0 for a GIF that gives no screen
 *   size.
 * @err: (out) (optional) why it failed.
 *
 * What a layout needs before any pixel is decoded: the header is read, the
 * limits of sah_image_decode() are checked, nothing is allocated. A file
 * that passes may still fail to decode (its data may be truncated).
 *
 * Returns: true with the size; false with @err filled (nothing logged).
 */
bool sah_image_probe(const uint8_t *bytes, size_t n, int *w, int *h, sah_image_error_t *err)
    __attribute__((warn_unused_result));

/*
 * sah_image_enlarge:
 * @w, @h: the new size, at least @img's on each side, within the limits
 *   of sah_image_decode().
 *
 * A small photo shown larger than it is (a pager may show one at twice its
 * size): bilinear, on the premultiplied values (no dark fringes), pixel
 * centres aligned, so a flat area stays flat and edges go soft rather
 * than blocky.
 *
 * Returns: (transfer full) a new image of @w x @h in @img's pixel format,
 * its source size @img's; NULL with @err filled when a size is out of range
 * or memory runs out.
 */
sah_image_t *sah_image_enlarge(const sah_image_t *img, int w, int h, sah_image_error_t *err)
    __attribute__((warn_unused_result));

/* sah_image_free: releases @img; NULL is a no-op. */
void sah_image_free(sah_image_t *img);

/* The format's name from the first bytes ("JPEG", "PNG", "WebP", "GIF"), or
 * NULL when none of them. (transfer none): a static string. */
const char *sah_image_sniff(const uint8_t *bytes, size_t n);

int sah_image_width(const sah_image_t *img);
int sah_image_height(const sah_image_t *img);
/* The image's size before fitting (after EXIF orientation). */
int sah_image_source_width(const sah_image_t *img);
int sah_image_source_height(const sah_image_t *img);
sah_pixels_fmt_t sah_image_pixels_format(const sah_image_t *img);
/* Bytes the image holds (pixels and bookkeeping): what a cache counts. */
size_t sah_image_bytes(const sah_image_t *img);

/* (transfer none): the pixels, height rows of *@stride bytes, owned by @img,
 * valid until sah_image_free(@img). */
const uint8_t *sah_image_pixels(const sah_image_t *img, size_t *stride);

/*
 * sah_image_draw: draws @img with its top-left corner at (@x, @y), clipped
 * to @page, through sah_pagebuf_draw_pixels() (photos are not recoloured by
 * themes, only dimmed by a theme's photo_dim).
 *
 * Returns: true if drawn; false as sah_pagebuf_draw_pixels() (logged).
 */
bool sah_image_draw(const sah_image_t *img, sah_pagebuf_t *page, int x, int y)
    __attribute__((warn_unused_result));

/*
 * sah_image_draw_placeholder: the box shown for a missing, broken or not yet
 * decoded image: a light fill with a thin frame, @w x @h at (@x, @y), drawn
 * in the theme's text colour at low coverage (so it follows the theme like
 * the text it stands among). The caller lays out the alt text inside it:
 * *@inner (optional) gets the part of the box free for that (inside the
 * frame and a padding), {x, y, w, h}, w or h 0 when the box is too small.
 */
void sah_image_draw_placeholder(sah_pagebuf_t *page, int x, int y, int w, int h, int inner[4]);

#endif
