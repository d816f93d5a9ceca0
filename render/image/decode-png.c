/* decode-png.c - PNG through libpng's classic reader, row by row into the
 * area filter (an interlaced image is gathered whole first: its passes
 * revisit every row). */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/image/decode.h"

/* A chunk's decompressed size (iCCP, zTXt, iTXt): past it libpng drops the
 * chunk or fails, so a small file cannot inflate to gigabytes of text. */
#define PNG_CHUNK_MAX ((png_alloc_size_t)8 << 20)
/* Ancillary chunks kept (sPLT, text, unknown): libpng's own default is 1000. */
#define PNG_CHUNK_CACHE 128

struct pctx {
    const uint8_t *bytes;
    size_t n, at;
    char message[128];
    bool oom; /* an allocation failed: libpng's error is then "out of memory" */
    png_structp png;
    png_infop info;
    sah_image_t *img;
    dec_scaler_t *scaler;
    uint8_t *rows;      /* one row, or the whole image when interlaced */
    png_bytep *row_ptr; /* interlaced: the rows of @rows */
};

static void on_error(png_structp png, png_const_charp msg)
{
    struct pctx *x = png_get_error_ptr(png);
    snprintf(x->message, sizeof x->message, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* a bad ancillary chunk: skipped, and the image is fine */
}

static png_voidp on_malloc(png_structp png, png_alloc_size_t size)
{
    void *p = malloc(size);
    if (!p) {
        struct pctx *x = png_get_mem_ptr(png);
        x->oom = true;
    }
    return p;
}

static void on_free(png_structp png, png_voidp p)
{
    (void)png;
    free(p);
}

static void on_read(png_structp png, png_bytep out, png_size_t len)
{
    struct pctx *x = png_get_io_ptr(png);
    if (len > x->n - x->at)
        png_error(png, "truncated (the file ends early)");
    memcpy(out, x->bytes + x->at, len);
    x->at += len;
}

/* The size from IHDR, which the PNG specification puts first: the limits
 * are checked here, before libpng allocates anything for the image. */
static bool header_ok(const uint8_t *b, size_t n, sah_image_error_t *err)
{
    if (n < 24 || memcmp(b + 12, "IHDR", 4) != 0) {
        dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "PNG: no IHDR chunk at the start");
        return false;
    }
    uint64_t w = (uint64_t)b[16] << 24 | (uint64_t)b[17] << 16 | (uint64_t)b[18] << 8 | b[19];
    uint64_t h = (uint64_t)b[20] << 24 | (uint64_t)b[21] << 16 | (uint64_t)b[22] << 8 | b[23];
    return dec_check_size(err, "PNG", w, h);
}

/* Reads into x->img; false with @rq->err filled. libpng's errors leave
 * through its longjmp, past this function, which keeps nothing to free in
 * its locals. */
static bool decode(struct pctx *x, const dec_req_t *rq)
{
    png_set_user_limits(x->png, SAH_IMAGE_MAX_SIDE, SAH_IMAGE_MAX_SIDE);
    png_set_chunk_malloc_max(x->png, PNG_CHUNK_MAX);
    png_set_chunk_cache_max(x->png, PNG_CHUNK_CACHE);
    png_set_read_fn(x->png, x, on_read);
    png_read_info(x->png, x->info);
    png_uint_32 w, h;
    int depth, type, interlace;
    png_get_IHDR(x->png, x->info, &w, &h, &depth, &type, &interlace, NULL, NULL);
    if (!dec_check_size(rq->err, "PNG", w, h))
        return false;
    /* Opaque images (no alpha channel, no tRNS) skip the premultiplication:
     * their filled-in A = 255 makes them premultiplied RGBA already. */
    const bool opaque =
        !(type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(x->png, x->info, PNG_INFO_tRNS);
    const dec_in_t kind = opaque ? DEC_IN_PREMUL : DEC_IN_RGBA;
    /* Everything to 8-bit RGBA: palette and grey expanded, tRNS to alpha,
     * 16 bits scaled (not cut) to 8. */
    png_set_expand(x->png);
    png_set_scale_16(x->png);
    png_set_gray_to_rgb(x->png);
    png_set_add_alpha(x->png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(x->png);
    png_read_update_info(x->png, x->info);
    if (png_get_rowbytes(x->png, x->info) != (size_t)w * 4) {
        dec_fail(rq->err, SAH_IMAGE_ERR_UNSUPPORTED, "PNG: unexpected row layout");
        return false;
    }
    size_t rows = passes > 1 ? h : 1;
    if (!dec_check_memory(rq->err, "PNG", (uint64_t)w * 4 * rows))
        return false;
    int ow, oh;
    dec_fit((int)w, (int)h, rq->box_w, rq->box_h, &ow, &oh);
    if (!(x->img = dec_image_new(ow, oh, rq->out, rq->err)) ||
        !(x->scaler = dec_scaler_new((int)w, (int)h, x->img, rq->err)))
        return false;
    if (!(x->rows = malloc((size_t)w * 4 * rows)) ||
        (passes > 1 && !(x->row_ptr = malloc(h * sizeof *x->row_ptr)))) {
        dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "PNG: out of memory for %zu rows", rows);
        return false;
    }
    if (passes > 1) {
        for (png_uint_32 r = 0; r < h; r++)
            x->row_ptr[r] = x->rows + (size_t)r * w * 4;
        png_read_image(x->png, x->row_ptr);
        for (png_uint_32 r = 0; r < h; r++)
            dec_scaler_push(x->scaler, x->row_ptr[r], kind);
    } else {
        for (png_uint_32 r = 0; r < h; r++) {
            png_read_row(x->png, x->rows, NULL);
            dec_scaler_push(x->scaler, x->rows, kind);
        }
    }
    x->img->src_w = (int)w;
    x->img->src_h = (int)h;
    /* What follows the image data (text, IEND) is not read: a file cut
     * after its pixels still shows them all. */
    return true;
}

sah_image_t *dec_png(const uint8_t *bytes, size_t n, const dec_req_t *rq)
{
    if (!header_ok(bytes, n, rq->err))
        return NULL;
    struct pctx *x = calloc(1, sizeof *x);
    if (!x)
        return dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "out of memory");
    x->bytes = bytes;
    x->n = n;
    sah_image_t *img = NULL;
    if (!(x->png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, x, on_error, on_warning, x,
                                            on_malloc, on_free)) ||
        !(x->info = png_create_info_struct(x->png))) {
        dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "PNG: out of memory");
    } else if (setjmp(png_jmpbuf(x->png))) {
        dec_fail(rq->err, x->oom ? SAH_IMAGE_ERR_NOMEM : SAH_IMAGE_ERR_CORRUPT, "PNG: %s",
                 x->message);
    } else if (decode(x, rq)) {
        img = x->img;
        x->img = NULL;
    }
    png_destroy_read_struct(&x->png, &x->info, NULL);
    dec_scaler_free(x->scaler);
    free(x->rows);
    free(x->row_ptr);
    sah_image_free(x->img);
    free(x);
    return img;
}
