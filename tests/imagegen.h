/*
 * imagegen.h - small images written at run time with the libraries'
 * own encoders (libpng, libjpeg-turbo, libwebp, giflib), for test-image,
 * bench-image and the fuzz-image seeds (header-only, as testutil.h: each
 * program stays one file plus this). Nothing is read from disk.
 *
 * Every writer returns a malloc'd buffer (free() it) and its size in *@n,
 * or NULL.
 */
#ifndef SAH_IMAGEGEN_H
#define SAH_IMAGEGEN_H

#include <gif_lib.h>
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/encode.h>
#include <zlib.h>

#include <jpeglib.h>

typedef struct {
    uint8_t *p;
    size_t n, cap;
} gen_buf_t;

static inline bool gen_append(gen_buf_t *b, const void *data, size_t len)
{
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len)
            cap *= 2;
        uint8_t *np = realloc(b->p, cap);
        if (!np)
            return false;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return true;
}

/* RGBA pixels of @w x @h: four quadrants, red | green over blue | white,
 * opaque. (transfer full) */
static inline uint8_t *gen_quadrants(int w, int h)
{
    static const uint8_t q[4][4] = {
        {255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}};
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    for (int y = 0; px && y < h; y++)
        for (int x = 0; x < w; x++)
            memcpy(px + ((size_t)y * (size_t)w + (size_t)x) * 4, q[(y >= h / 2) * 2 + (x >= w / 2)],
                   4);
    return px;
}

/* ---- PNG ---- */

enum { GEN_PNG_RGBA, GEN_PNG_RGB, GEN_PNG_GRAY, GEN_PNG_GRAY_ALPHA, GEN_PNG_PALETTE };

static void gen_png_write(png_structp png, png_bytep data, png_size_t len)
{
    if (!gen_append(png_get_io_ptr(png), data, len))
        png_error(png, "out of memory");
}

static void gen_png_flush(png_structp png)
{
    (void)png;
}

/* @rgba as PNG of @kind (palette: at most 256 distinct colours, alpha via
 * tRNS), @depth 8 or 16 (not palette), Adam7 when @interlace. */
static inline uint8_t *gen_png(const uint8_t *rgba, int w, int h, int kind, int depth,
                               bool interlace, size_t *n)
{
    gen_buf_t out = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int ch = kind == GEN_PNG_RGBA         ? 4
             : kind == GEN_PNG_RGB        ? 3
             : kind == GEN_PNG_GRAY_ALPHA ? 2
                                          : 1;
    int bpc = kind == GEN_PNG_PALETTE ? 1 : depth / 8;
    uint8_t *rows = malloc((size_t)w * (size_t)h * (size_t)ch * (size_t)bpc);
    png_bytep *rp = malloc((size_t)h * sizeof *rp);
    png_color pal[256];
    png_byte trns[256];
    int npal = 0;
    if (!info || !rows || !rp || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(rp);
        free(out.p);
        return NULL;
    }
    static const int types[] = {PNG_COLOR_TYPE_RGBA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_GRAY,
                                PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_PALETTE};
    for (int y = 0; y < h; y++) {
        rp[y] = rows + (size_t)y * (size_t)w * (size_t)ch * (size_t)bpc;
        for (int x = 0; x < w; x++) {
            const uint8_t *s = rgba + ((size_t)y * (size_t)w + (size_t)x) * 4;
            uint8_t v[4];
            int k = 0;
            if (kind == GEN_PNG_PALETTE) {
                int i = 0;
                while (i < npal && !(pal[i].red == s[0] && pal[i].green == s[1] &&
                                     pal[i].blue == s[2] && trns[i] == s[3]))
                    i++;
                if (i == npal && npal < 256) {
                    pal[npal] = (png_color){s[0], s[1], s[2]};
                    trns[npal++] = s[3];
                }
                v[k++] = (uint8_t)(i < 256 ? i : 0);
            } else if (kind == GEN_PNG_GRAY || kind == GEN_PNG_GRAY_ALPHA) {
                v[k++] = s[0]; /* callers give grey pixels (R = G = B) */
                if (kind == GEN_PNG_GRAY_ALPHA)
                    v[k++] = s[3];
            } else {
                v[k++] = s[0], v[k++] = s[1], v[k++] = s[2];
                if (kind == GEN_PNG_RGBA)
                    v[k++] = s[3];
            }
            uint8_t *d = rp[y] + (size_t)x * (size_t)ch * (size_t)bpc;
            for (int c = 0; c < k; c++) {
                if (bpc == 2) /* 16 bits: v * 257 (0xAB -> 0xABAB) */
                    d[2 * c] = d[2 * c + 1] = v[c];
                else
                    d[c] = v[c];
            }
        }
    }
    png_set_write_fn(png, &out, gen_png_write, gen_png_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, kind == GEN_PNG_PALETTE ? 8 : depth,
                 types[kind], interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (kind == GEN_PNG_PALETTE) {
        png_set_PLTE(png, info, pal, npal);
        png_set_tRNS(png, info, trns, npal, NULL);
    }
    png_write_info(png, info);
    png_write_image(png, rp);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(rows);
    free(rp);
    *n = out.n;
    return out.p;
}

static inline void gen_put32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
    p[3] = (uint8_t)v;
}

/* A PNG that is a signature and an IHDR claiming @w x @h (RGBA, 8 bits),
 * then one small IDAT that holds nothing like that many pixels, and IEND:
 * a decompression bomb's header. */
static inline uint8_t *gen_png_header_only(uint32_t w, uint32_t h, size_t *n)
{
    uint8_t *b = calloc(1, 8 + 25 + 12 + 12 + 16);
    if (!b)
        return NULL;
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    size_t at = 8;
    gen_put32be(b + at, 13);
    memcpy(b + at + 4, "IHDR", 4);
    gen_put32be(b + at + 8, w);
    gen_put32be(b + at + 12, h);
    b[at + 16] = 8, b[at + 17] = 6; /* depth 8, RGBA; compression, filter, interlace 0 */
    gen_put32be(b + at + 21, (uint32_t)crc32(0, b + at + 4, 17));
    at += 25;
    static const uint8_t z[] = {0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
    gen_put32be(b + at, sizeof z);
    memcpy(b + at + 4, "IDAT", 4);
    memcpy(b + at + 8, z, sizeof z);
    gen_put32be(b + at + 8 + sizeof z, (uint32_t)crc32(0, b + at + 4, 4 + sizeof z));
    at += 12 + sizeof z;
    gen_put32be(b + at, 0);
    memcpy(b + at + 4, "IEND", 4);
    gen_put32be(b + at + 8, (uint32_t)crc32(0, b + at + 4, 4));
    *n = at + 12;
    return b;
}

/* ---- JPEG ---- */

enum { GEN_JPEG_RGB = 0, GEN_JPEG_GRAY = 1, GEN_JPEG_CMYK = 2 };

/* @rgba as a baseline (or @progressive) JPEG of @quality, in @mode (CMYK:
 * Adobe-inverted inks, as Photoshop writes them), with an EXIF APP1 of
 * orientation @orient when 1..8 (0: none). */
static inline uint8_t *gen_jpeg(const uint8_t *rgba, int w, int h, int quality, int mode,
                                bool progressive, int orient, size_t *n)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *out = NULL;
    unsigned long len = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = mode == GEN_JPEG_GRAY ? 1 : mode == GEN_JPEG_CMYK ? 4 : 3;
    c.in_color_space = mode == GEN_JPEG_GRAY   ? JCS_GRAYSCALE
                       : mode == GEN_JPEG_CMYK ? JCS_CMYK
                                               : JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    if (orient >= 1 && orient <= 8) {
        /* "Exif\0\0", a little-endian TIFF header, IFD0 of one entry. */
        uint8_t app1[6 + 8 + 2 + 12 + 4] = {'E', 'x', 'i', 'f', 0,    0,    'I', 'I', 42, 0, 8, 0,
                                            0,   0,   1,   0,   0x12, 0x01, 3,   0,   1,  0, 0, 0};
        app1[24] = (uint8_t)orient;
        jpeg_write_marker(&c, JPEG_APP0 + 1, app1, sizeof app1);
    }
    uint8_t *row = malloc((size_t)w * 4);
    while (row && c.next_scanline < c.image_height) {
        const uint8_t *s = rgba + (size_t)c.next_scanline * (size_t)w * 4;
        for (int x = 0; x < w; x++, s += 4) {
            if (mode == GEN_JPEG_GRAY) {
                row[x] = s[0];
            } else if (mode == GEN_JPEG_CMYK) {
                /* Inverted inks: stored = 255 - ink; k = 0 ink (stored 255). */
                row[4 * x] = s[0], row[4 * x + 1] = s[1], row[4 * x + 2] = s[2];
                row[4 * x + 3] = 255;
            } else {
                memcpy(row + 3 * x, s, 3);
            }
        }
        JSAMPROW r[1] = {row};
        jpeg_write_scanlines(&c, r, 1);
    }
    free(row);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    *n = len;
    return out;
}

/* ---- WebP ---- */

static inline uint8_t *gen_webp(const uint8_t *rgba, int w, int h, bool lossless, size_t *n)
{
    uint8_t *out = NULL;
    *n = lossless ? WebPEncodeLosslessRGBA(rgba, w, h, w * 4, &out)
                  : WebPEncodeRGBA(rgba, w, h, w * 4, 90, &out);
    if (!*n)
        return NULL;
    /* WebPFree() and free() are the same allocator in Debian's libwebp,
     * but hand the caller a malloc'd copy to keep the contract simple. */
    uint8_t *copy = malloc(*n);
    if (copy)
        memcpy(copy, out, *n);
    WebPFree(out);
    return copy;
}

/* ---- GIF ---- */

static int gen_gif_write(GifFileType *g, const GifByteType *data, int len)
{
    return gen_append(g->UserData, data, (size_t)len) ? len : 0;
}

/* A GIF89a of screen @sw x @sh with one frame of @fw x @fh colour indices
 * @idx at (@left, @top), palette @rgb of @ncol colours (a power of two),
 * transparent index @transp (-1: none), Adam7-like interlace when asked. */
static inline uint8_t *gen_gif(int sw, int sh, int left, int top, int fw, int fh,
                               const uint8_t *idx, const uint8_t *rgb, int ncol, int transp,
                               bool interlace, size_t *n)
{
    gen_buf_t out = {0};
    int e = 0;
    GifFileType *g = EGifOpen(&out, gen_gif_write, &e);
    if (!g)
        return NULL;
    EGifSetGifVersion(g, true);
    ColorMapObject *map = GifMakeMapObject(ncol, NULL);
    for (int i = 0; map && i < ncol; i++)
        map->Colors[i] = (GifColorType){rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]};
    bool ok = map && EGifPutScreenDesc(g, sw, sh, 8, 0, map) == GIF_OK;
    if (ok && transp >= 0) {
        GraphicsControlBlock gcb = {0, false, 0, transp};
        GifByteType ext[4];
        size_t len = EGifGCBToExtension(&gcb, ext);
        ok = EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) == GIF_OK;
    }
    ok = ok && EGifPutImageDesc(g, left, top, fw, fh, interlace, NULL) == GIF_OK;
    static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    for (int p = 0; ok && p < (interlace ? 4 : 1); p++)
        for (int y = interlace ? start[p] : 0; ok && y < fh; y += interlace ? step[p] : 1)
            ok = EGifPutLine(g, (GifPixelType *)idx + (size_t)y * (size_t)fw, fw) == GIF_OK;
    GifFreeMapObject(map);
    if (EGifCloseFile(g, &e) != GIF_OK)
        ok = false;
    if (!ok) {
        free(out.p);
        return NULL;
    }
    *n = out.n;
    return out.p;
}

#endif
