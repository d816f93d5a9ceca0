/* image.c - see image.h: the format by its first bytes, the checks every
 * format shares, and drawing. The decoders are decode-*.c. */
#include "render/image/image.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <webp/decode.h>

#include "render/image/decode.h"

const char *sah_image_sniff(const uint8_t *b, size_t n)
{
    if (!b)
        return NULL;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "JPEG";
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
        return "PNG";
    if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
        return "WebP";
    if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6)))
        return "GIF";
    return NULL;
}

sah_image_t *sah_image_decode(const uint8_t *bytes, size_t n, int max_w, int max_h,
                              sah_pixfmt_t fmt, sah_image_error_t *err)
{
    sah_image_error_t local;
    if (!err)
        err = &local;
    err->status = SAH_IMAGE_OK;
    err->reason[0] = 0;
    if (!bytes && n)
        return dec_fail(err, SAH_IMAGE_ERR_INVALID, "no bytes given");
    if (max_w < 1 || max_h < 1 || max_w > SAH_IMAGE_MAX_SIDE || max_h > SAH_IMAGE_MAX_SIDE)
        return dec_fail(err, SAH_IMAGE_ERR_INVALID, "box of %dx%d px out of range 1..%d", max_w,
                        max_h, SAH_IMAGE_MAX_SIDE);
    if (fmt != SAH_PIXFMT_A8 && fmt != SAH_PIXFMT_ARGB32)
        return dec_fail(err, SAH_IMAGE_ERR_INVALID, "unknown page format %d", (int)fmt);
    if (n == 0)
        return dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "empty file");
    if (n > SAH_IMAGE_MAX_FILE_BYTES)
        return dec_fail(err, SAH_IMAGE_ERR_TOO_LARGE, "file of %zu bytes, more than %zu", n,
                        SAH_IMAGE_MAX_FILE_BYTES);
    const char *kind = sah_image_sniff(bytes, n);
    if (!kind)
        return dec_fail(err, SAH_IMAGE_ERR_UNSUPPORTED, "not a JPEG, PNG, WebP or GIF file");
    dec_req_t rq = {max_w, max_h,
                    fmt == SAH_PIXFMT_A8 ? SAH_PIXELS_GRAY8 : SAH_PIXELS_RGBA32_PREMUL, err};
    switch (kind[0]) {
    case 'J':
        return dec_jpeg(bytes, n, &rq);
    case 'P':
        return dec_png(bytes, n, &rq);
    case 'W':
        return dec_webp(bytes, n, &rq);
    default:
        return dec_gif(bytes, n, &rq);
    }
}

bool sah_image_probe(const uint8_t *b, size_t n, int *w, int *h, sah_image_error_t *err)
{
    sah_image_error_t local;
    if (!err)
        err = &local;
    err->status = SAH_IMAGE_OK;
    err->reason[0] = 0;
    *w = *h = 0;
    const char *kind = sah_image_sniff(b, n);
    if (!kind) {
        dec_fail(err, b && n ? SAH_IMAGE_ERR_UNSUPPORTED : SAH_IMAGE_ERR_CORRUPT,
                 b && n ? "not a JPEG, PNG, WebP or GIF file" : "empty file");
        return false;
    }
    if (n > SAH_IMAGE_MAX_FILE_BYTES) {
        dec_fail(err, SAH_IMAGE_ERR_TOO_LARGE, "file of %zu bytes, more than %zu", n,
                 SAH_IMAGE_MAX_FILE_BYTES);
        return false;
    }
    uint64_t x = 0, y = 0;
    switch (kind[0]) {
    case 'J':
        return dec_jpeg_probe(b, n, w, h, err);
    case 'P': /* IHDR comes first (PNG 11.2.2): width, height, big-endian */
        if (n < 24 || memcmp(b + 12, "IHDR", 4) != 0) {
            dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "PNG: no IHDR chunk at the start");
            return false;
        }
        x = (uint64_t)b[16] << 24 | (uint64_t)b[17] << 16 | (uint64_t)b[18] << 8 | b[19];
        y = (uint64_t)b[20] << 24 | (uint64_t)b[21] << 16 | (uint64_t)b[22] << 8 | b[23];
        break;
    case 'W': {
        int ww = 0, wh = 0;
        if (!WebPGetInfo(b, n, &ww, &wh)) {
            dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "WebP: broken header");
            return false;
        }
        x = (uint64_t)ww;
        y = (uint64_t)wh;
        break;
    }
    default: /* GIF: the logical screen, little-endian, bytes 6-9 */
        if (n < 13) {
            dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "GIF: truncated header");
            return false;
        }
        x = b[6] | (unsigned)b[7] << 8;
        y = b[8] | (unsigned)b[9] << 8;
        if (!x || !y) /* the first frame's own size: known once decoded */
            return true;
    }
    if (!dec_check_size(err, kind, x, y))
        return false;
    *w = (int)x;
    *h = (int)y;
    return true;
}

/* Source position of output pixel @i of @out across @in pixels, 16.16,
 * pixel centres aligned, clamped to the first and last centre. */
static int64_t src_pos(int i, int in, int out)
{
    int64_t p = ((2 * (int64_t)i + 1) * in * 65536 / out - 65536) / 2;
    int64_t last = (int64_t)(in - 1) * 65536;
    return p < 0 ? 0 : p > last ? last : p;
}

sah_image_t *sah_image_enlarge(const sah_image_t *img, int w, int h, sah_image_error_t *err)
{
    sah_image_error_t local;
    if (!err)
        err = &local;
    err->status = SAH_IMAGE_OK;
    err->reason[0] = 0;
    if (!img || w < img->w || h < img->h)
        return dec_fail(err, SAH_IMAGE_ERR_INVALID, "cannot enlarge to %dx%d px", w, h);
    if (!dec_check_size(err, "enlarged image", (uint64_t)w, (uint64_t)h))
        return NULL;
    sah_image_t *out = dec_image_new(w, h, img->fmt, err);
    if (!out)
        return NULL;
    out->src_w = img->src_w;
    out->src_h = img->src_h;
    const int c = img->fmt == SAH_PIXELS_GRAY8 ? 1 : 4;
    for (int y = 0; y < h; y++) {
        int64_t sy = src_pos(y, img->h, h);
        int y0 = (int)(sy >> 16), y1 = y0 + 1 < img->h ? y0 + 1 : y0;
        uint32_t fy = (uint32_t)(sy & 0xFFFF);
        const uint8_t *r0 = img->px + (size_t)y0 * img->stride;
        const uint8_t *r1 = img->px + (size_t)y1 * img->stride;
        uint8_t *o = out->px + (size_t)y * out->stride;
        for (int x = 0; x < w; x++) {
            int64_t sx = src_pos(x, img->w, w);
            int x0 = (int)(sx >> 16), x1 = x0 + 1 < img->w ? x0 + 1 : x0;
            uint32_t fx = (uint32_t)(sx & 0xFFFF);
            for (int k = 0; k < c; k++) {
                uint64_t top =
                    (uint64_t)r0[x0 * c + k] * (65536 - fx) + (uint64_t)r0[x1 * c + k] * fx;
                uint64_t bot =
                    (uint64_t)r1[x0 * c + k] * (65536 - fx) + (uint64_t)r1[x1 * c + k] * fx;
                uint64_t v = top * (65536 - fy) + bot * fy;
                o[x * c + k] = (uint8_t)((v + ((uint64_t)1 << 31)) >> 32);
            }
        }
    }
    return out;
}

void sah_image_free(sah_image_t *img)
{
    if (!img)
        return;
    free(img->px);
    free(img);
}

int sah_image_width(const sah_image_t *img)
{
    return img->w;
}

int sah_image_height(const sah_image_t *img)
{
    return img->h;
}

int sah_image_source_width(const sah_image_t *img)
{
    return img->src_w;
}

int sah_image_source_height(const sah_image_t *img)
{
    return img->src_h;
}

sah_pixels_fmt_t sah_image_pixels_format(const sah_image_t *img)
{
    return img->fmt;
}

size_t sah_image_bytes(const sah_image_t *img)
{
    return sizeof *img + img->stride * (size_t)img->h;
}

const uint8_t *sah_image_pixels(const sah_image_t *img, size_t *stride)
{
    if (stride)
        *stride = img->stride;
    return img->px;
}

bool sah_image_draw(const sah_image_t *img, sah_pagebuf_t *page, int x, int y)
{
    return sah_pagebuf_draw_pixels(page, x, y, img->px, img->w, img->h, img->stride, img->fmt);
}

/* The placeholder's look, as coverage of the text colour: a frame a reader
 * sees as a box, a fill that says "something is missing here" without
 * competing with the text's 255. */
enum { FRAME_COVERAGE = 96, FILL_COVERAGE = 20, PADDING = 6 };

void sah_image_draw_placeholder(sah_pagebuf_t *page, int x, int y, int w, int h, int inner[4])
{
    if (inner)
        inner[0] = x, inner[1] = y, inner[2] = 0, inner[3] = 0;
    if (w < 1 || h < 1)
        return;
    /* A box reaching past INT_MAX is cut there: no page is that large, and
     * its far edges are then computed without overflow. */
    if ((int64_t)x + w > INT_MAX)
        w = INT_MAX - x;
    if ((int64_t)y + h > INT_MAX)
        h = INT_MAX - y;
    sah_pagebuf_fill_rect(page, x, y, w, 1, FRAME_COVERAGE);
    if (h > 1)
        sah_pagebuf_fill_rect(page, x, y + h - 1, w, 1, FRAME_COVERAGE);
    if (h > 2) {
        sah_pagebuf_fill_rect(page, x, y + 1, 1, h - 2, FRAME_COVERAGE);
        if (w > 1)
            sah_pagebuf_fill_rect(page, x + w - 1, y + 1, 1, h - 2, FRAME_COVERAGE);
        if (w > 2)
            sah_pagebuf_fill_rect(page, x + 1, y + 1, w - 2, h - 2, FILL_COVERAGE);
    }
    if (inner && w > 2 * (1 + PADDING) && h > 2 * (1 + PADDING)) {
        inner[0] = x + 1 + PADDING;
        inner[1] = y + 1 + PADDING;
        inner[2] = w - 2 * (1 + PADDING);
        inner[3] = h - 2 * (1 + PADDING);
    }
}
