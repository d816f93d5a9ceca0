/* decode.c - see decode.h: limits, fit, orientation and the area filter. */
#include "render/image/decode.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sah_image_t *dec_fail(sah_image_error_t *err, sah_image_status_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->status = status;
    vsnprintf(err->reason, sizeof err->reason, fmt, ap);
    va_end(ap);
    return NULL;
}

bool dec_check_size(sah_image_error_t *err, const char *kind, uint64_t w, uint64_t h)
{
    if (w == 0 || h == 0) {
        dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "%s of %llux%llu px: no pixels", kind,
                 (unsigned long long)w, (unsigned long long)h);
        return false;
    }
    if (w > SAH_IMAGE_MAX_SIDE || h > SAH_IMAGE_MAX_SIDE) {
        dec_fail(err, SAH_IMAGE_ERR_TOO_LARGE, "%s of %llux%llu px: more than %d px a side", kind,
                 (unsigned long long)w, (unsigned long long)h, SAH_IMAGE_MAX_SIDE);
        return false;
    }
    if (w * h > SAH_IMAGE_MAX_PIXELS) {
        dec_fail(err, SAH_IMAGE_ERR_TOO_LARGE, "%s of %llux%llu px: more than %u pixels", kind,
                 (unsigned long long)w, (unsigned long long)h, SAH_IMAGE_MAX_PIXELS);
        return false;
    }
    return true;
}

bool dec_check_memory(sah_image_error_t *err, const char *kind, uint64_t bytes)
{
    if (bytes > SAH_IMAGE_MAX_DECODE_BYTES || bytes > SIZE_MAX / 2) {
        dec_fail(err, SAH_IMAGE_ERR_TOO_LARGE,
                 "%s: decoding needs %llu bytes of memory, more than %zu", kind,
                 (unsigned long long)bytes, SAH_IMAGE_MAX_DECODE_BYTES);
        return false;
    }
    return true;
}

void dec_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h)
{
    if (w <= box_w && h <= box_h) {
        *out_w = w;
        *out_h = h;
        return;
    }
    /* The side that limits keeps the box's size exactly; the other is
     * rounded from the same ratio. Compared as w * box_h vs h * box_w (exact
     * in 64 bits) rather than as two doubles. */
    if ((int64_t)w * box_h >= (int64_t)h * box_w) {
        *out_w = box_w;
        *out_h = (int)(((int64_t)h * box_w * 2 + w) / (2 * (int64_t)w));
    } else {
        *out_h = box_h;
        *out_w = (int)(((int64_t)w * box_h * 2 + h) / (2 * (int64_t)h));
    }
    *out_w = *out_w < 1 ? 1 : *out_w;
    *out_h = *out_h < 1 ? 1 : *out_h;
}

sah_image_t *dec_image_new(int w, int h, sah_pixels_fmt_t fmt, sah_image_error_t *err)
{
    sah_image_t *img = calloc(1, sizeof *img);
    size_t stride = (size_t)w * (size_t)fmt;
    if (!img || !(img->px = malloc(stride * (size_t)h))) {
        free(img);
        return dec_fail(err, SAH_IMAGE_ERR_NOMEM, "out of memory for a %dx%d image", w, h);
    }
    img->w = img->src_w = w;
    img->h = img->src_h = h;
    img->fmt = fmt;
    img->stride = stride;
    return img;
}

sah_image_t *dec_orient(sah_image_t *img, int o, sah_image_error_t *err)
{
    if (o < 2 || o > 8)
        return img;
    const int W = img->w, H = img->h;
    const bool swap = o >= 5;
    sah_image_t *out = dec_image_new(swap ? H : W, swap ? W : H, img->fmt, err);
    if (!out) {
        sah_image_free(img);
        return NULL;
    }
    out->src_w = swap ? img->src_h : img->src_w;
    out->src_h = swap ? img->src_w : img->src_h;
    const size_t bpp = (size_t)img->fmt;
    for (int dy = 0; dy < out->h; dy++) {
        uint8_t *d = out->px + (size_t)dy * out->stride;
        for (int dx = 0; dx < out->w; dx++, d += bpp) {
            int sx, sy; /* EXIF 2.3, tag 0x0112: where the shown pixel is stored */
            switch (o) {
            case 2:
                sx = W - 1 - dx, sy = dy;
                break;
            case 3:
                sx = W - 1 - dx, sy = H - 1 - dy;
                break;
            case 4:
                sx = dx, sy = H - 1 - dy;
                break;
            case 5:
                sx = dy, sy = dx;
                break;
            case 6:
                sx = dy, sy = H - 1 - dx;
                break;
            case 7:
                sx = W - 1 - dy, sy = H - 1 - dx;
                break;
            default:
                sx = W - 1 - dy, sy = dx;
                break; /* 8 */
            }
            memcpy(d, img->px + (size_t)sy * img->stride + (size_t)sx * bpp, bpp);
        }
    }
    sah_image_free(img);
    return out;
}

/* BT.601 luma in integers (weights sum to 65536), as raster.c's: the
 * weights of JPEG's own Y, so a JPEG's grey (its Y plane, decoded without
 * the colour) and every other format's agree. */
static uint8_t luma(unsigned r, unsigned g, unsigned b)
{
    return (uint8_t)((19595u * r + 38470u * g + 7471u * b + 32768u) >> 16);
}

uint8_t dec_gray_over_white(const uint8_t *p)
{
    unsigned k = 255u - p[3], c[3];
    for (int i = 0; i < 3; i++)
        c[i] = p[i] + k > 255u ? 255u : p[i] + k;
    return luma(c[0], c[1], c[2]);
}

struct dec_scaler {
    int in_w, in_h, out_w, out_h, ch;
    sah_image_t *dst;     /* (transfer none) */
    int rows_in, row_out; /* input rows pushed, output row being summed */
    uint32_t *first;      /* out_w: first input column of each output column */
    uint32_t *count;      /* out_w: input columns it covers */
    uint32_t *weight;     /* the weights, out_w runs of count[j] */
    uint8_t *conv;        /* in_w * ch: the input row in the output's format */
    uint32_t *hrow;       /* out_w * ch: the row filtered across */
    uint64_t *acc;        /* out_w * ch: the output row being summed down */
    double inv;           /* 1 / (in_w * in_h): every output pixel's total weight */
};

dec_scaler_t *dec_scaler_new(int in_w, int in_h, sah_image_t *dst, sah_image_error_t *err)
{
    dec_scaler_t *s = calloc(1, sizeof *s);
    const int ow = dst->w, ch = (int)dst->fmt;
    if (!s)
        goto oom;
    *s = (dec_scaler_t){.in_w = in_w,
                        .in_h = in_h,
                        .out_w = ow,
                        .out_h = dst->h,
                        .ch = ch,
                        .dst = dst,
                        .inv = 1.0 / ((double)in_w * in_h)};
    /* Each input column meets at most two output columns (out_w <= in_w),
     * so there are fewer than in_w + out_w weights. */
    size_t nw = (size_t)in_w + (size_t)ow;
    if (!(s->first = malloc((size_t)ow * sizeof *s->first)) ||
        !(s->count = malloc((size_t)ow * sizeof *s->count)) ||
        !(s->weight = malloc(nw * sizeof *s->weight)) ||
        !(s->conv = malloc((size_t)in_w * (size_t)ch)) ||
        !(s->hrow = malloc((size_t)ow * (size_t)ch * sizeof *s->hrow)) ||
        !(s->acc = calloc((size_t)ow * (size_t)ch, sizeof *s->acc)))
        goto oom;
    size_t k = 0;
    for (int j = 0; j < ow; j++) {
        int64_t lo = (int64_t)j * in_w, hi = lo + in_w; /* in units of 1/(in_w*out_w) */
        int64_t i0 = lo / ow, i1 = (hi + ow - 1) / ow;
        s->first[j] = (uint32_t)i0;
        s->count[j] = (uint32_t)(i1 - i0);
        for (int64_t i = i0; i < i1; i++) {
            int64_t a = i * ow > lo ? i * ow : lo, b = (i + 1) * ow < hi ? (i + 1) * ow : hi;
            s->weight[k++] = (uint32_t)(b - a);
        }
    }
    return s;
oom:
    dec_scaler_free(s);
    dec_fail(err, SAH_IMAGE_ERR_NOMEM, "out of memory for the scaler (%d px to %d)", in_w, ow);
    return NULL;
}

void dec_scaler_free(dec_scaler_t *s)
{
    if (!s)
        return;
    free(s->first);
    free(s->count);
    free(s->weight);
    free(s->conv);
    free(s->hrow);
    free(s->acc);
    free(s);
}

int dec_scaler_rows(const dec_scaler_t *s)
{
    return s->rows_in;
}

/* @row of @kind into s->conv in the output's format. */
static void convert(dec_scaler_t *s, const uint8_t *row, dec_in_t kind)
{
    uint8_t *d = s->conv;
    const int n = s->in_w;
    if (s->ch == 1) {
        switch (kind) {
        case DEC_IN_GRAY:
            memcpy(d, row, (size_t)n);
            break;
        case DEC_IN_RGBX:
            for (int i = 0; i < n; i++, row += 4)
                d[i] = luma(row[0], row[1], row[2]);
            break;
        case DEC_IN_RGBA:
            for (int i = 0; i < n; i++, row += 4) {
                uint8_t p[4];
                for (int c = 0; c < 3; c++)
                    p[c] = (uint8_t)((row[c] * row[3] + 127) / 255);
                p[3] = row[3];
                d[i] = dec_gray_over_white(p);
            }
            break;
        case DEC_IN_PREMUL:
            for (int i = 0; i < n; i++, row += 4)
                d[i] = dec_gray_over_white(row);
            break;
        }
        return;
    }
    switch (kind) {
    case DEC_IN_GRAY:
        for (int i = 0; i < n; i++, d += 4)
            d[0] = d[1] = d[2] = row[i], d[3] = 255;
        break;
    case DEC_IN_RGBX:
        for (int i = 0; i < n; i++, d += 4, row += 4)
            d[0] = row[0], d[1] = row[1], d[2] = row[2], d[3] = 255;
        break;
    case DEC_IN_RGBA:
        for (int i = 0; i < n; i++, d += 4, row += 4) {
            for (int c = 0; c < 3; c++)
                d[c] = (uint8_t)((row[c] * row[3] + 127) / 255);
            d[3] = row[3];
        }
        break;
    case DEC_IN_PREMUL:
        memcpy(d, row, (size_t)n * 4);
        break;
    }
}

/* Writes the summed output row and starts the next. */
static void emit(dec_scaler_t *s)
{
    uint8_t *d = s->dst->px + (size_t)s->row_out * s->dst->stride;
    const size_t n = (size_t)s->out_w * (size_t)s->ch;
    for (size_t i = 0; i < n; i++) {
        double v = (double)s->acc[i] * s->inv + 0.5;
        d[i] = (uint8_t)(v > 255.0 ? 255.0 : v);
    }
    memset(s->acc, 0, n * sizeof *s->acc);
    s->row_out++;
}

static void add_row(dec_scaler_t *s, uint64_t w)
{
    const size_t n = (size_t)s->out_w * (size_t)s->ch;
    for (size_t i = 0; i < n; i++)
        s->acc[i] += w * s->hrow[i];
}

void dec_scaler_push(dec_scaler_t *s, const uint8_t *row, dec_in_t kind)
{
    if (s->rows_in >= s->in_h)
        return;
    convert(s, row, kind);
    const int ch = s->ch;
    const uint32_t *w = s->weight;
    if (ch == 1) {
        for (int j = 0; j < s->out_w; j++) {
            const uint8_t *p = s->conv + s->first[j];
            uint32_t sum = 0;
            for (uint32_t k = 0; k < s->count[j]; k++)
                sum += w[k] * p[k];
            w += s->count[j];
            s->hrow[j] = sum;
        }
    } else {
        for (int j = 0; j < s->out_w; j++) {
            const uint8_t *p = s->conv + (size_t)s->first[j] * 4;
            uint32_t r = 0, g = 0, b = 0, a = 0;
            for (uint32_t k = 0; k < s->count[j]; k++, p += 4) {
                r += w[k] * p[0];
                g += w[k] * p[1];
                b += w[k] * p[2];
                a += w[k] * p[3];
            }
            w += s->count[j];
            uint32_t *h = s->hrow + (size_t)j * 4;
            h[0] = r, h[1] = g, h[2] = b, h[3] = a;
        }
    }
    /* Input row r covers units [r * out_h, (r + 1) * out_h) down; output
     * row k covers [k * in_h, (k + 1) * in_h). out_h <= in_h, so a row
     * meets at most two output rows. */
    int64_t lo = (int64_t)s->rows_in * s->out_h, hi = lo + s->out_h;
    int64_t end = (int64_t)(s->row_out + 1) * s->in_h;
    if (hi <= end) {
        add_row(s, (uint64_t)(hi - lo));
        if (hi == end)
            emit(s);
    } else {
        add_row(s, (uint64_t)(end - lo));
        emit(s);
        add_row(s, (uint64_t)(hi - end));
    }
    s->rows_in++;
}
