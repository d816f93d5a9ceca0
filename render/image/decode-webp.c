/* decode-webp.c - a still WebP through libwebp, scaled by libwebp's own
 * area rescaler while it decodes (no full-size buffer of ours). */
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include "render/image/decode.h"

static sah_image_status_t status_of(VP8StatusCode st)
{
    switch (st) {
    case VP8_STATUS_OUT_OF_MEMORY:
        return SAH_IMAGE_ERR_NOMEM;
    case VP8_STATUS_UNSUPPORTED_FEATURE:
        return SAH_IMAGE_ERR_UNSUPPORTED;
    default:
        return SAH_IMAGE_ERR_CORRUPT;
    }
}

static const char *reason_of(VP8StatusCode st)
{
    switch (st) {
    case VP8_STATUS_OUT_OF_MEMORY:
        return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
        return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
        return "broken bitstream";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
        return "unsupported feature";
    case VP8_STATUS_SUSPENDED:
        return "suspended";
    case VP8_STATUS_USER_ABORT:
        return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
        return "truncated (the file ends early)";
    default:
        return "unknown error";
    }
}

sah_image_t *dec_webp(const uint8_t *bytes, size_t n, const dec_req_t *rq)
{
    /* WebPGetInfo() reads the size alone from the first chunks: checked
     * before anything else is decoded. */
    int w = 0, h = 0;
    /* An extended file's canvas (VP8X, RIFF WebP container section 2.7):
     * 24-bit sizes minus one, read here so that a huge canvas is told
     * "too large" even when the rest of the file is missing. */
    if (n >= 30 && !memcmp(bytes + 12, "VP8X", 4)) {
        uint64_t cw = 1 + (bytes[24] | (uint64_t)bytes[25] << 8 | (uint64_t)bytes[26] << 16);
        uint64_t ch = 1 + (bytes[27] | (uint64_t)bytes[28] << 8 | (uint64_t)bytes[29] << 16);
        if (!dec_check_size(rq->err, "WebP", cw, ch))
            return NULL;
    }
    if (!WebPGetInfo(bytes, n, &w, &h))
        return dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "WebP: broken header");
    if (!dec_check_size(rq->err, "WebP", (uint64_t)w, (uint64_t)h))
        return NULL;
    WebPDecoderConfig cfg;
    if (!WebPInitDecoderConfig(&cfg))
        return dec_fail(rq->err, SAH_IMAGE_ERR_UNSUPPORTED, "WebP: library version mismatch");
    VP8StatusCode st = WebPGetFeatures(bytes, n, &cfg.input);
    if (st != VP8_STATUS_OK)
        return dec_fail(rq->err, status_of(st), "WebP: %s", reason_of(st));
    if (cfg.input.has_animation)
        return dec_fail(rq->err, SAH_IMAGE_ERR_UNSUPPORTED, "WebP: animated (not shown)");
    int ow, oh;
    dec_fit(w, h, rq->box_w, rq->box_h, &ow, &oh);
    /* libwebp's lossy path keeps a full-size alpha plane, its lossless one
     * a few full-width rows: the plane is the worst case. */
    if (!dec_check_memory(rq->err, "WebP", (uint64_t)w * (uint64_t)h + (uint64_t)ow * oh * 4))
        return NULL;
    sah_image_t *img = dec_image_new(ow, oh, SAH_PIXELS_RGBA32_PREMUL, rq->err);
    if (!img)
        return NULL;
    if (ow != w || oh != h) {
        cfg.options.use_scaling = 1;
        cfg.options.scaled_width = ow;
        cfg.options.scaled_height = oh;
    }
    /* Premultiplied RGBA straight into the image: what image.h promises. */
    cfg.output.colorspace = MODE_rgbA;
    cfg.output.is_external_memory = 1;
    cfg.output.u.RGBA.rgba = img->px;
    cfg.output.u.RGBA.stride = (int)img->stride;
    cfg.output.u.RGBA.size = img->stride * (size_t)oh;
    st = WebPDecode(bytes, n, &cfg);
    WebPFreeDecBuffer(&cfg.output);
    if (st != VP8_STATUS_OK) {
        sah_image_free(img);
        return dec_fail(rq->err, status_of(st), "WebP: %s", reason_of(st));
    }
    img->src_w = w;
    img->src_h = h;
    if (rq->out == SAH_PIXELS_GRAY8) {
        /* In place: each grey byte lands at or before the pixel it is read
         * from. */
        for (int y = 0; y < oh; y++) {
            uint8_t *row = img->px + (size_t)y * img->stride;
            uint8_t *dst = img->px + (size_t)y * (size_t)ow;
            for (int x = 0; x < ow; x++)
                dst[x] = dec_gray_over_white(row + 4 * (size_t)x);
        }
        img->fmt = SAH_PIXELS_GRAY8;
        img->stride = (size_t)ow;
        uint8_t *smaller = realloc(img->px, (size_t)ow * (size_t)oh);
        if (smaller)
            img->px = smaller;
    }
    return img;
}
