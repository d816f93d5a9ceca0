/* decode-gif.c - the first frame of a GIF through giflib's low-level reader
 * (DGifSlurp would decode every frame of an animation: a bomb of thousands
 * of frames costs it gigabytes). The frame sits on the logical screen at its
 * offset; the rest of the screen is transparent. */
#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

#include "render/image/decode.h"

struct gsrc {
    const uint8_t *bytes;
    size_t n, at;
};

static int on_read(GifFileType *g, GifByteType *out, int len)
{
    struct gsrc *s = g->UserData;
    size_t k = len < 0 ? 0 : (size_t)len;
    k = k > s->n - s->at ? s->n - s->at : k;
    memcpy(out, s->bytes + s->at, k);
    s->at += k;
    return (int)k;
}

static sah_image_t *gif_fail(sah_image_error_t *err, int code)
{
    if (code == D_GIF_ERR_NOT_ENOUGH_MEM)
        return dec_fail(err, SAH_IMAGE_ERR_NOMEM, "GIF: out of memory");
    if (code == D_GIF_ERR_READ_FAILED)
        return dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "GIF: truncated (the file ends early)");
    const char *msg = GifErrorString(code);
    return dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "GIF: %s", msg ? msg : "broken data");
}

/* Reads the first frame's colour indices into a new buffer; *@transparent
 * gets the index its Graphic Control Extension makes transparent, or -1.
 * NULL with @err filled. */
static uint8_t *first_frame(GifFileType *g, int *transparent, sah_image_error_t *err)
{
    *transparent = -1;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(g, &type) == GIF_ERROR)
            return gif_fail(err, g->Error), NULL;
        if (type == TERMINATE_RECORD_TYPE) {
            dec_fail(err, SAH_IMAGE_ERR_CORRUPT, "GIF: no image in the file");
            return NULL;
        }
        if (type == EXTENSION_RECORD_TYPE) {
            int code;
            GifByteType *ext;
            if (DGifGetExtension(g, &code, &ext) == GIF_ERROR)
                return gif_fail(err, g->Error), NULL;
            GraphicsControlBlock gcb;
            if (code == GRAPHICS_EXT_FUNC_CODE && ext &&
                DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
                *transparent = gcb.TransparentColor;
            while (ext) {
                if (DGifGetExtensionNext(g, &ext) == GIF_ERROR)
                    return gif_fail(err, g->Error), NULL;
            }
            continue;
        }
        if (type != IMAGE_DESC_RECORD_TYPE)
            continue;
        if (DGifGetImageDesc(g) == GIF_ERROR)
            return gif_fail(err, g->Error), NULL;
        const GifImageDesc *d = &g->Image;
        if (!dec_check_size(err, "GIF frame", (uint64_t)d->Width, (uint64_t)d->Height))
            return NULL;
        size_t fw = (size_t)d->Width, fh = (size_t)d->Height;
        if (!dec_check_memory(err, "GIF", (uint64_t)fw * fh))
            return NULL;
        uint8_t *idx = malloc(fw * fh);
        if (!idx) {
            dec_fail(err, SAH_IMAGE_ERR_NOMEM, "GIF: out of memory for a %zux%zu frame", fw, fh);
            return NULL;
        }
        /* GIF89a appendix E: an interlaced frame's rows come in four passes. */
        static const size_t start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
        for (int p = 0; p < (d->Interlace ? 4 : 1); p++) {
            for (size_t r = d->Interlace ? start[p] : 0; r < fh; r += d->Interlace ? step[p] : 1) {
                if (DGifGetLine(g, idx + r * fw, (int)fw) == GIF_ERROR) {
                    free(idx);
                    return gif_fail(err, g->Error), NULL;
                }
            }
        }
        return idx;
    }
}

sah_image_t *dec_gif(const uint8_t *bytes, size_t n, const dec_req_t *rq)
{
    /* The logical screen's size, bytes 6-9 little-endian: checked before
     * giflib reads any further. */
    if (n < 13)
        return dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "GIF: truncated header");
    unsigned sw = bytes[6] | (unsigned)bytes[7] << 8, sh = bytes[8] | (unsigned)bytes[9] << 8;
    if ((sw || sh) && !dec_check_size(rq->err, "GIF", sw, sh))
        return NULL;
    struct gsrc src = {bytes, n, 0};
    int code = 0;
    GifFileType *g = DGifOpen(&src, on_read, &code);
    if (!g)
        return gif_fail(rq->err, code);
    sah_image_t *img = NULL;
    dec_scaler_t *scaler = NULL;
    uint8_t *row = NULL;
    int transparent;
    uint8_t *idx = first_frame(g, &transparent, rq->err);
    if (!idx)
        goto out;
    const GifImageDesc *d = &g->Image;
    const ColorMapObject *cmap = d->ColorMap ? d->ColorMap : g->SColorMap;
    if (!cmap || !cmap->Colors) {
        dec_fail(rq->err, SAH_IMAGE_ERR_CORRUPT, "GIF: no colour table");
        goto out;
    }
    /* A screen of 0 x 0 (some encoders write it) is the frame's own. */
    int cw = sw ? (int)sw : d->Left + d->Width, ch = sh ? (int)sh : d->Top + d->Height;
    if (!dec_check_size(rq->err, "GIF", (uint64_t)cw, (uint64_t)ch))
        goto out;
    int ow, oh;
    dec_fit(cw, ch, rq->box_w, rq->box_h, &ow, &oh);
    if (!(img = dec_image_new(ow, oh, rq->out, rq->err)) ||
        !(scaler = dec_scaler_new(cw, ch, img, rq->err)))
        goto out;
    if (!(row = malloc((size_t)cw * 4))) {
        dec_fail(rq->err, SAH_IMAGE_ERR_NOMEM, "GIF: out of memory for a row");
        goto out;
    }
    for (int y = 0; y < ch; y++) {
        memset(row, 0, (size_t)cw * 4);
        int fy = y - d->Top;
        if (fy >= 0 && fy < d->Height) {
            const uint8_t *in = idx + (size_t)fy * (size_t)d->Width;
            for (int fx = 0; fx < d->Width; fx++) {
                int x = d->Left + fx, i = in[fx];
                if (x >= cw || i == transparent || i >= cmap->ColorCount)
                    continue;
                uint8_t *p = row + 4 * (size_t)x;
                p[0] = cmap->Colors[i].Red;
                p[1] = cmap->Colors[i].Green;
                p[2] = cmap->Colors[i].Blue;
                p[3] = 255;
            }
        }
        dec_scaler_push(scaler, row, DEC_IN_RGBA);
    }
    img->src_w = cw;
    img->src_h = ch;
    dec_scaler_free(scaler);
    free(row);
    free(idx);
    DGifCloseFile(g, &code);
    return img;

out:
    dec_scaler_free(scaler);
    free(row);
    free(idx);
    sah_image_free(img);
    DGifCloseFile(g, &code);
    return NULL;
}
