/* decode-jpeg.c - JPEG through libjpeg-turbo, decoded by its scaled IDCT near
 * the size shown (see image.h), EXIF orientation applied. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jpeglib.h needs size_t and FILE declared first. */
#include <jerror.h>
#include <jpeglib.h>

#include "render/image/decode.h"

struct jctx {
    struct jpeg_error_mgr pub; /* first: libjpeg's err pointer is this struct */
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    bool truncated;  /* libjpeg warned of a premature end */
    bool many_scans; /* the progress monitor stopped it */
    char message[JMSG_LENGTH_MAX];
    /* Resources, freed on every path (the longjmp one included). */
    struct jpeg_decompress_struct d;
    bool created;
    sah_image_t *img;
    dec_scaler_t *scaler;
    uint8_t *row, *rgba;
};

/* libjpeg's default error_exit calls exit(): a broken photo must never end
 * the reader. The message is kept for the one-line reason. */
static void on_error(j_common_ptr c)
{
    struct jctx *x = (struct jctx *)c->err;
    c->err->format_message(c, x->message);
    longjmp(x->jump, 1);
}

/* Warnings (level -1) are counted, never printed; a premature end is
 * remembered (libjpeg fills the rest with grey and carries on). */
static void on_message(j_common_ptr c, int level)
{
    struct jctx *x = (struct jctx *)c->err;
    if (level < 0) {
        if (c->err->msg_code == JWRN_JPEG_EOF)
            x->truncated = true;
        c->err->num_warnings++;
    }
}

static void on_progress(j_common_ptr c)
{
    struct jctx *x = (struct jctx *)c->err;
    j_decompress_ptr d = (j_decompress_ptr)c;
    if (d->input_scan_number > SAH_IMAGE_MAX_JPEG_SCANS) {
        x->many_scans = true;
        longjmp(x->jump, 1);
    }
}

static unsigned get16(const uint8_t *p, bool le)
{
    return le ? p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p, bool le)
{
    return le ? p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
              : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The orientation tag (0x0112) of TIFF data @t (@n bytes): IFD0 only, as
 * EXIF 2.3 puts it there. 1 when absent or unreadable. */
static int tiff_orientation(const uint8_t *t, size_t n)
{
    if (n < 8 || (memcmp(t, "II*\0", 4) != 0 && memcmp(t, "MM\0*", 4) != 0))
        return 1;
    bool le = t[0] == 'I';
    uint32_t ifd = get32(t + 4, le);
    if (ifd > n - 2)
        return 1;
    unsigned count = get16(t + ifd, le);
    for (unsigned i = 0; i < count; i++) {
        size_t e = (size_t)ifd + 2 + 12 * (size_t)i;
        if (e + 12 > n)
            break;
        /* SHORT (3), count 1: the value sits in the first two bytes. */
        if (get16(t + e, le) == 0x0112 && get16(t + e + 2, le) == 3 && get32(t + e + 4, le) == 1) {
            unsigned v = get16(t + e + 8, le);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
    return 1;
}

/* EXIF orientation from the first APP1 "Exif" segment before the image
 * data. Read here from the bytes rather than through libjpeg's saved
 * markers, which would keep every APP1 of a file (64 KB each, unbounded). */
static int exif_orientation(const uint8_t *b, size_t n)
{
    size_t p = 2; /* after SOI */
    while (p + 4 <= n && b[p] == 0xFF) {
        unsigned marker = b[p + 1];
        if (marker == 0xFF) { /* fill byte */
            p++;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) /* SOS, EOI: no more headers */
            break;
        size_t len = get16(b + p + 2, false);
        if (len < 2 || p + 2 + len > n)
            break;
        if (marker == 0xE1 && len >= 8 && !memcmp(b + p + 4, "Exif\0\0", 6))
            return tiff_orientation(b + p + 10, len - 8);
        p += 2 + len;
    }
    return 1;
}

bool dec_jpeg_probe(const uint8_t *b, size_t n, int *w, int *h, sah_image_error_t *err)
{
    size_t p = 2; /* after SOI */
    while (p + 4 <= n && b[p] == 0xFF) {
        unsigned marker = b[p + 1];
        if (marker == 0xFF) { /* fill byte */
            p++;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) /* SOS, EOI: no frame header before them */
            break;
        size_t len = get16(b + p + 2, false);
        if (len < 2 || p + 2 + len > n)
            break;
        /* SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC): P, Y, X. */
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC && len >= 8) {
            unsigned y = get16(b + p + 5, false), x = get16(b + p + 7, false);
            if (!dec_check_size(err, "JPEG", x, y))
                return false;
            bool swap = exif_orientation(b, n) >= 5;
            *w = (int)(swap ? y : x);
            *h = (int)(swap ? x : y);
            return true;
        }
        p += 2 + len;
    }
    dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "JPEG: no frame header");
    return false;
}

/* One CMYK row to RGBA. Adobe's files (APP14) store the inks inverted, the
 * others as they are; either way the colour is (1 - C)(1 - K) etc. without
 * a profile: close enough for a news photo, not press-accurate. */
static void cmyk_row(const uint8_t *src, uint8_t *dst, int n, bool inverted)
{
    for (int i = 0; i < n; i++, src += 4, dst += 4) {
        unsigned c = src[0], m = src[1], y = src[2], k = src[3];
        if (!inverted)
            c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
        dst[0] = (uint8_t)((c * k + 127) / 255);
        dst[1] = (uint8_t)((m * k + 127) / 255);
        dst[2] = (uint8_t)((y * k + 127) / 255);
        dst[3] = 255;
    }
}

static void release(struct jctx *x)
{
    if (x->created)
        jpeg_destroy_decompress(&x->d);
    dec_scaler_free(x->scaler);
    free(x->row);
    free(x->rgba);
    sah_image_free(x->img);
}

/* Decodes into x->img (rotated by *@orient later); false with @rq->err
 * filled. libjpeg's errors leave through x->jump, past this function: it
 * keeps nothing that must be freed in its own locals. */
static bool decode(struct jctx *x, const uint8_t *bytes, size_t n, const dec_req_t *rq, int *orient)
{
    jpeg_create_decompress(&x->d);
    x->created = true;
    /* Progressive files keep every coefficient of the whole image: with a
     * cap, libjpeg refuses past it (it has no backing store) instead of
     * allocating. */
    x->d.mem->max_memory_to_use = (long)SAH_IMAGE_MAX_DECODE_BYTES;
    x->progress.progress_monitor = on_progress;
    x->d.progress = &x->progress;
    jpeg_mem_src(&x->d, bytes, (unsigned long)n);
    if (jpeg_read_header(&x->d, TRUE) != JPEG_HEADER_OK) {
        dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "JPEG: no image in the file");
        return false;
    }
    if (!dec_check_size(rq->err, "JPEG", x->d.image_width, x->d.image_height))
        return false;

    *orient = exif_orientation(bytes, n);
    const bool swap = *orient >= 5;
    int ow, oh;
    dec_fit((int)x->d.image_width, (int)x->d.image_height, swap ? rq->box_h : rq->box_w,
            swap ? rq->box_w : rq->box_h, &ow, &oh);
    /* The smallest scale M/8 whose output still covers the target: the
     * area filter then only has a little left to do, and never upscales. */
    unsigned m = 1;
    while (m < 8 && ((uint64_t)x->d.image_width * m + 7) / 8 < (uint64_t)ow)
        m++;
    while (m < 8 && ((uint64_t)x->d.image_height * m + 7) / 8 < (uint64_t)oh)
        m++;
    x->d.scale_num = m;
    x->d.scale_denom = 8;

    const J_COLOR_SPACE in = x->d.jpeg_color_space;
    const bool cmyk = in == JCS_CMYK || in == JCS_YCCK;
    /* Opaque RGBA (libjpeg-turbo writes A = 255) is already the
     * premultiplied RGBA of the output, and Y alone its grey: both go to
     * the filter without a conversion. */
    dec_in_t kind = DEC_IN_PREMUL;
    if (cmyk)
        x->d.out_color_space = JCS_CMYK;
    else if (rq->out == SAH_PIXELS_GRAY8)
        x->d.out_color_space = JCS_GRAYSCALE, kind = DEC_IN_GRAY;
    else
        x->d.out_color_space = JCS_EXT_RGBA;
    jpeg_calc_output_dimensions(&x->d);
    const int dw = (int)x->d.output_width, dh = (int)x->d.output_height;
    ow = ow > dw ? dw : ow;
    oh = oh > dh ? dh : oh;
    if (!(x->img = dec_image_new(ow, oh, rq->out, rq->err)) ||
        !(x->scaler = dec_scaler_new(dw, dh, x->img, rq->err)))
        return false;
    if (!(x->row = malloc((size_t)dw * (size_t)x->d.output_components)) ||
        (cmyk && !(x->rgba = malloc((size_t)dw * 4)))) {
        dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "JPEG: out of memory for a row");
        return false;
    }
    jpeg_start_decompress(&x->d);
    while (x->d.output_scanline < x->d.output_height && !x->truncated) {
        JSAMPROW rows[1] = {x->row};
        if (jpeg_read_scanlines(&x->d, rows, 1) != 1)
            break;
        if (cmyk) {
            cmyk_row(x->row, x->rgba, dw, x->d.saw_Adobe_marker);
            dec_scaler_push(x->scaler, x->rgba, DEC_IN_RGBX);
        } else {
            dec_scaler_push(x->scaler, x->row, kind);
        }
    }
    if (x->truncated || dec_scaler_rows(x->scaler) != dh) {
        dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "JPEG: truncated (image data ends early)");
        return false;
    }
    x->img->src_w = (int)x->d.image_width;
    x->img->src_h = (int)x->d.image_height;
    return true;
}

sah_image_t *dec_jpeg(const uint8_t *bytes, size_t n, const dec_req_t *rq)
{
    struct jctx *x = calloc(1, sizeof *x);
    if (!x)
        return dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "out of memory");
    x->d.err = jpeg_std_error(&x->pub);
    x->pub.error_exit = on_error;
    x->pub.emit_message = on_message;
    int orient = 1;
    sah_image_t *img = NULL;
    if (setjmp(x->jump)) {
        if (x->many_scans)
            dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "JPEG: more than %d scans",
                     SAH_IMAGE_MAX_JPEG_SCANS);
        else if (x->pub.msg_code == JERR_OUT_OF_MEMORY)
            dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "JPEG: %s", x->message);
        else if (x->pub.msg_code == JERR_NO_BACKING_STORE)
            dec_fail(rq->err, SAH_IMAGE_ERR_TOO_LARGE,
                     "JPEG: decoding needs more than %zu bytes of memory",
                     SAH_IMAGE_MAX_DECODE_BYTES);
        else
            dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "JPEG: %s", x->message);
    } else if (decode(x, bytes, n, rq, &orient)) {
        img = x->img;
        x->img = NULL;
    }
    release(x);
    free(x);
    return img ? dec_orient(img, orient, rq->err) : NULL;
}
