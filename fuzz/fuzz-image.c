/*
 * fuzz-image.c - the photo decoders (render/image/image.h) on arbitrary
 * bytes, then drawing the result into a small page buffer.
 *
 * Input: a 3-byte header, then the file's bytes.
 *   0 box width  = 1 + b    (1 .. 256 px)
 *   1 box height = 1 + b
 *   2 flags: bit 0 A8 page (else ARGB32); bits 1-7 where the image is drawn:
 *     x = y = (b >> 1) - 64, so that it is clipped on every side of the
 *     96 x 96 buffer
 * A shorter input is padded with zeros.
 *
 * Checked (image.h's contract): a refusal has a status other than OK and a
 * one-line reason; an image fits its box, at least 1 px a side, not larger
 * than its source, in the pixel format of its page; premultiplied colour
 * never exceeds its alpha (ASan reads every pixel); drawing succeeds.
 * Seeds: fuzz/corpus/image, written by fuzz/image-seeds (small images of
 * every format and flavour, and the hostile headers of test-image).
 */
#include <string.h>

#include "fuzz.h"
#include "render/image/image.h"

#define HEADER 3
#define SIDE   96

static sah_pagebuf_t *pages[2];

static void cleanup(void)
{
    sah_pagebuf_free(pages[0]);
    sah_pagebuf_free(pages[1]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pages[0] = sah_pagebuf_new(SAH_PIXFMT_ARGB32, SIDE, SIDE);
    pages[1] = sah_pagebuf_new(SAH_PIXFMT_A8, SIDE, SIDE);
    if (!pages[0] || !pages[1])
        abort();
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t h[HEADER] = {0};
    memcpy(h, data, size < HEADER ? size : HEADER);
    const uint8_t *bytes = size > HEADER ? data + HEADER : NULL;
    size_t n = size > HEADER ? size - HEADER : 0;
    int bw = 1 + h[0], bh = 1 + h[1], a8 = h[2] & 1, at = (h[2] >> 1) - 64;
    sah_pixfmt_t fmt = a8 ? SAH_PIXFMT_A8 : SAH_PIXFMT_ARGB32;
    sah_image_error_t err;
    sah_image_t *img = sah_image_decode(bytes ? bytes : (const uint8_t *)"", n, bw, bh, fmt, &err);
    if (!img) {
        FUZZ_CHECK(err.status != SAH_IMAGE_OK);
        FUZZ_CHECK(err.reason[0] && !strchr(err.reason, '\n'));
        return 0;
    }
    FUZZ_CHECK(err.status == SAH_IMAGE_OK);
    int w = sah_image_width(img), hh = sah_image_height(img);
    FUZZ_CHECK(w >= 1 && hh >= 1 && w <= bw && hh <= bh);
    FUZZ_CHECK(w <= sah_image_source_width(img) && hh <= sah_image_source_height(img));
    FUZZ_CHECK(sah_image_pixels_format(img) == (a8 ? SAH_PIXELS_GRAY8 : SAH_PIXELS_RGBA32_PREMUL));
    size_t stride;
    const uint8_t *px = sah_image_pixels(img, &stride);
    unsigned sum = 0;
    for (int y = 0; y < hh; y++) {
        const uint8_t *row = px + (size_t)y * stride;
        for (int x = 0; x < w; x++) {
            if (a8) {
                sum += row[x];
                continue;
            }
            const uint8_t *p = row + 4 * (size_t)x;
            FUZZ_CHECK(p[0] <= p[3] && p[1] <= p[3] && p[2] <= p[3]);
        }
    }
    (void)sum;
    sah_pagebuf_clear(pages[a8]);
    FUZZ_CHECK(sah_image_draw(img, pages[a8], at, at));
    sah_image_free(img);
    return 0;
}
