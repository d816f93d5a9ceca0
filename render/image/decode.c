/* decode.c - see decode.h: limits, fit, orientation and the area filter. */
#include "render/image/decode.h"

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

uint8_t dec_gray_over_white(const uint8_t *rgba_premul)
{
    const uint8_t *p = rgba_premul;
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
    uint8_t *conv;        /* in_w * ch: an input row in the output's format */
    uint32_t *vacc;       /* in_w * ch: input rows summed down, weighted */
    uint64_t mul;         /* 2^40 / (in_w * in_h), rounded up: every output pixel's
                           * total weight is D = in_w * in_h <= 2^28, so a sum (at
                           * most 255 D) times this is under 255.5 * 2^40 + 2^37,
                           * never past 255 once rounded, and off by < 0.07 */
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
                        .mul = (((uint64_t)1 << 40) + (uint64_t)in_w * (uint64_t)in_h - 1) /
                               ((uint64_t)in_w * (uint64_t)in_h)};
    /* Each input column meets at most two output columns (out_w <= in_w),
     * so there are fewer than in_w + out_w weights. */
    size_t nw = (size_t)in_w + (size_t)ow, row = (size_t)in_w * (size_t)ch;
    if (!(s->first = malloc((size_t)ow * sizeof *s->first)) ||
        !(s->count = malloc((size_t)ow * sizeof *s->count)) ||
        !(s->weight = malloc(nw * sizeof *s->weight)) || !(s->conv = malloc(row)) ||
        !(s->vacc = calloc(row, sizeof *s->vacc)))
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
    free(s->vacc);
    free(s);
}

int dec_scaler_rows(const dec_scaler_t *s)
{
    return s->rows_in;
}

/* @row of @kind in the output's format: @row itself when it already is. */
static const uint8_t *convert(dec_scaler_t *s, const uint8_t *row, dec_in_t kind)
{
    uint8_t *restrict d = s->conv;
    const int n = s->in_w;
    if (s->ch == 1) {
        switch (kind) {
        case DEC_IN_GRAY:
            return row;
        case DEC_IN_RGBX:
            for (int i = 0; i < n; i++, row += 4)
                d[i] = luma(row[0], row[1], row[2]);
            break;
        case DEC_IN_RGBA:
            for (int i = 0; i < n; i++, row += 4) {
                if (row[3] == 255) {
                    d[i] = luma(row[0], row[1], row[2]);
                    continue;
                }
                uint8_t p[4];
                for (int c = 0; c < 3; c++)
                    p[c] = (uint8_t)((row[c] * row[3] + 127) / 255);
                p[3] = row[3];
                d[i] = dec_gray_over_white(p);
            }
            break;
        case DEC_IN_PREMUL:
            for (int i = 0; i < n; i++, row += 4)
                d[i] = row[3] == 255 ? luma(row[0], row[1], row[2]) : dec_gray_over_white(row);
            break;
        }
        return d;
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
            if (row[3] == 255) {
                memcpy(d, row, 4);
                continue;
            }
            for (int c = 0; c < 3; c++)
                d[c] = (uint8_t)((row[c] * row[3] + 127) / 255);
            d[3] = row[3];
        }
        break;
    case DEC_IN_PREMUL:
        return row;
    }
    return s->conv;
}

/* Adds @src times @w to the column sums: the one loop run for every input
 * byte, kept plain so that the compiler vectorizes it. Sums stay below
 * 255 * in_h <= 2^22. */
static void add_down(dec_scaler_t *s, const uint8_t *restrict src, uint32_t w)
{
    uint32_t *restrict acc = s->vacc;
    const size_t n = (size_t)s->in_w * (size_t)s->ch;
    size_t i = 0;
    /* Blocks of 16: GCC 12 at -O2 vectorizes a loop of a fixed count (SLP)
     * but not one whose count is only known at run time. */
    for (; i + 16 <= n; i += 16)
        for (size_t k = 0; k < 16; k++)
            acc[i + k] += w * src[i + k];
    for (; i < n; i++)
        acc[i] += w * src[i];
}

static uint8_t to8(uint64_t sum, uint64_t mul)
{
    return (uint8_t)((sum * mul + ((uint64_t)1 << 39)) >> 40);
}

/* Filters the summed rows across into the next output row, and starts the
 * next sum. Run once per output row, not per input row; the two channel
 * counts have a loop each, whose sums the compiler keeps in registers. */
static void emit(dec_scaler_t *s)
{
    uint8_t *restrict d = s->dst->px + (size_t)s->row_out * s->dst->stride;
    const uint32_t *restrict acc = s->vacc;
    const uint32_t *restrict w = s->weight;
    const uint64_t inv = s->mul;
    if (s->ch == 1) {
        for (int j = 0; j < s->out_w; j++) {
            const uint32_t *p = acc + s->first[j];
            uint64_t sum = 0;
            for (uint32_t k = 0; k < s->count[j]; k++)
                sum += (uint64_t)w[k] * p[k];
            w += s->count[j];
            d[j] = to8(sum, inv);
        }
    } else {
        for (int j = 0; j < s->out_w; j++, d += 4) {
            const uint32_t *p = acc + (size_t)s->first[j] * 4;
            uint64_t r = 0, g = 0, b = 0, a = 0;
            for (uint32_t k = 0; k < s->count[j]; k++, p += 4) {
                uint64_t wk = w[k];
                r += wk * p[0], g += wk * p[1], b += wk * p[2], a += wk * p[3];
            }
            w += s->count[j];
            d[0] = to8(r, inv), d[1] = to8(g, inv), d[2] = to8(b, inv), d[3] = to8(a, inv);
        }
    }
    memset(s->vacc, 0, (size_t)s->in_w * (size_t)s->ch * sizeof *s->vacc);
    s->row_out++;
}

void dec_scaler_push(dec_scaler_t *s, const uint8_t *row, dec_in_t kind)
{
    if (s->rows_in >= s->in_h)
        return;
    const uint8_t *src = convert(s, row, kind);
    /* Input row r covers units [r * out_h, (r + 1) * out_h) down; output
     * row k covers [k * in_h, (k + 1) * in_h). out_h <= in_h, so a row
     * meets at most two output rows. */
    int64_t lo = (int64_t)s->rows_in * s->out_h, hi = lo + s->out_h;
    int64_t end = (int64_t)(s->row_out + 1) * s->in_h;
    if (hi <= end) {
        add_down(s, src, (uint32_t)(hi - lo));
        if (hi == end)
            emit(s);
    } else {
        add_down(s, src, (uint32_t)(end - lo));
        emit(s);
        add_down(s, src, (uint32_t)(hi - end));
    }
    s->rows_in++;
}
