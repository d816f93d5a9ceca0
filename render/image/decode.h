/*
 * decode.h - what image.c and the four format decoders (decode-jpeg.c,
 * decode-png.c, decode-webp.c, decode-gif.c) share: the image's body, the
 * limit checks, the fit, and the streaming area filter every decoder feeds
 * its rows into. Internal to render/image: callers use image.h.
 */
#ifndef SAH_IMAGE_DECODE_H
#define SAH_IMAGE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/image/image.h"

struct sah_image {
    int w, h;         /* as decoded (fitted) */
    int src_w, src_h; /* before fitting, as shown (after EXIF orientation) */
    sah_pixels_fmt_t fmt;
    size_t stride;
    uint8_t *px; /* owned; h rows of stride bytes */
};

/* What the caller asked for, as a decoder sees it. */
typedef struct {
    int box_w, box_h;       /* fit inside, as shown */
    sah_pixels_fmt_t out;   /* GRAY8 or RGBA32_PREMUL */
    sah_image_error_t *err; /* never NULL here */
} dec_req_t;

/* Sets @err's status and reason (printf-style) and returns NULL, so that a
 * decoder can `return dec_fail(...)`. */
sah_image_t *dec_fail(sah_image_error_t *err, sah_image_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks a header's size against the limits of image.h (@kind names the
 * format in the reason). False with @err filled when refused. */
bool dec_check_size(sah_image_error_t *err, const char *kind, uint64_t w, uint64_t h);

/* Checks that @bytes more of working memory stay within
 * SAH_IMAGE_MAX_DECODE_BYTES; false with @err filled when not. */
bool dec_check_memory(sah_image_error_t *err, const char *kind, uint64_t bytes);

/* The size of @w x @h fitted into @box_w x @box_h, aspect kept (rounded,
 * at least 1 px), never larger than @w x @h. */
void dec_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h);

/* A new image of @w x @h in @fmt (pixels uninitialised); NULL with @err
 * filled when memory runs out. */
sah_image_t *dec_image_new(int w, int h, sah_pixels_fmt_t fmt, sah_image_error_t *err);

/* Applies EXIF orientation @o (1..8; others are 1) to @img: returns @img
 * itself for 1, else a new image (and frees @img); NULL with @err filled when
 * memory runs out (@img freed too). */
sah_image_t *dec_orient(sah_image_t *img, int o, sah_image_error_t *err);

/* Converts an 8-bit grey value of a premultiplied RGBA pixel over white. */
uint8_t dec_gray_over_white(const uint8_t *rgba_premul);

/* The rows a decoder produces. */
typedef enum {
    DEC_IN_GRAY = 1,  /* one byte of grey, opaque */
    DEC_IN_RGBA = 4,  /* R, G, B, A, straight alpha */
    DEC_IN_RGBX = 5,  /* R, G, B, ignored: opaque */
    DEC_IN_PREMUL = 6 /* R, G, B, A, premultiplied */
} dec_in_t;

/*
 * The streaming area filter: input rows of @in_w pixels arrive top to
 * bottom, @in_h of them, and fill @dst (whose size is the output size, at
 * most the input's on each side). Each output pixel is the mean of the input
 * area it covers, in exact integer weights: output column j covers input
 * units [j * in_w, (j + 1) * in_w) where input pixel i covers
 * [i * out_w, (i + 1) * out_w), rows likewise. Rows are summed down as
 * they come (one vectorizable multiply-add per byte) and filtered across
 * once per output row. Working memory is two input rows, so a decoder that
 * gives rows one at a time never holds the full-size image.
 */
typedef struct dec_scaler dec_scaler_t;

dec_scaler_t *dec_scaler_new(int in_w, int in_h, sah_image_t *dst, sah_image_error_t *err);
/* Adds the next input row (in_w pixels of @kind). */
void dec_scaler_push(dec_scaler_t *s, const uint8_t *row, dec_in_t kind);
/* Rows pushed so far. */
int dec_scaler_rows(const dec_scaler_t *s);
void dec_scaler_free(dec_scaler_t *s);

/* A JPEG's size as shown (EXIF orientation applied) from its frame header,
 * limits checked: false with @err filled. */
bool dec_jpeg_probe(const uint8_t *bytes, size_t n, int *w, int *h, sah_image_error_t *err);

/* The decoders: NULL with @rq->err filled on failure. */
sah_image_t *dec_jpeg(const uint8_t *bytes, size_t n, const dec_req_t *rq);
sah_image_t *dec_png(const uint8_t *bytes, size_t n, const dec_req_t *rq);
sah_image_t *dec_webp(const uint8_t *bytes, size_t n, const dec_req_t *rq);
sah_image_t *dec_gif(const uint8_t *bytes, size_t n, const dec_req_t *rq);

#endif
