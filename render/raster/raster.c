/* raster.c - see raster.h. */
#include "render/raster/raster.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/raster/blit.h"

struct sah_pagebuf {
    sah_pixfmt_t format;
    int width, height;
    uint8_t *cov;   /* owned; width * height coverage bytes */
    uint32_t *argb; /* owned; width * height pixels, NULL for A8 */
    sah_theme_t theme;
    uint32_t lut[256]; /* ARGB32 pixel for each coverage under @theme */
    sah_tint_t tint;   /* @lut and its theme, for the glyph cache's tinted masks */
    /* ARGB32: every pixel is lut[its coverage] (no photo or colour glyph
     * since the last clear, none copied in), as sah_blit_add_tint() needs. */
    bool plain;
    /* Columns [dirty[2r], dirty[2r+1]) of row r may hold ink since the last
     * clear (none when x0 >= x1). A clear then writes those only: a page of
     * text leaves its margins and the space between its lines untouched, and
     * an ARGB32 clear is not a full 1.5 MB fill per 480x800 page. Glyphs mark
     * the box of each run of them that shares rows (a line), not each
     * glyph's rows: a few instructions per glyph, and a line's box is
     * nearly all ink rows anyway. */
    int32_t *dirty; /* owned; 2 * height */
    /* ARGB32: one row of background (lut[0]), owned: a clear copies it, one
     * memcpy() per dirty row, where fill32() would take one per doubling. */
    uint32_t *bgrow;
    int32_t dirty_y0, dirty_y1; /* rows outside [y0, y1) have no dirty columns */
    bool simd;                  /* sah_blit_add() rather than sah_blit_add_scalar() */
    /* ARGB32 only: @argb not written yet. A new buffer is all background
     * (its coverage is calloc()'s zeros), so its 1.5 MB fill per 800x480
     * frame waits until a pixel is drawn or read (settle()): a reader keeps
     * three frames, and a launch needs one. */
    bool unfilled;
    /* ARGB32 only: the photos drawn since the last clear, undimmed, so that
     * a new theme can dim them afresh (their coverage is their luma, which
     * the theme's lookup table would turn into a tinted grey). */
    struct photo *photos; /* owned */
    size_t n_photos, cap_photos;
    uint8_t dim[256]; /* photo value under the theme's photo_dim */
};

/* The visible part of a photo: @w x @h pixels 0x00RRGGBB over white; or
 * of a colour glyph (@blend): premultiplied 0xAARRGGBB laid over the page. */
struct photo {
    int x, y, w, h;
    uint32_t *rgb; /* owned */
    bool blend;
};

const sah_theme_t sah_theme_day = {0xFFFFFF, 0x000000, 1.8, 0.0};
/* Not white on black: full-white text glares on a dark panel at night. For
 * the same reason photos lose a quarter of their value: their white is then
 * 0xBF, near the text's 0xD4, and no part of the page outshines the text. */
const sah_theme_t sah_theme_night = {0x161616, 0xD4D4D4, 1.8, 0.25};
/* The reading-mode sepia of common e-readers (paper #F4ECD8, ink #5B4636). */
const sah_theme_t sah_theme_sepia = {0xF4ECD8, 0x5B4636, 1.8, 0.0};

enum { MAX_SIDE = 32768 };

static void build_lut(uint32_t lut[256], const sah_theme_t *t)
{
    double bg[3], fg[3];
    for (int c = 0; c < 3; c++) {
        int shift = 16 - 8 * c;
        bg[c] = pow(((t->bg >> shift) & 0xFF) / 255.0, t->gamma);
        fg[c] = pow(((t->fg >> shift) & 0xFF) / 255.0, t->gamma);
    }
    for (int a = 0; a < 256; a++) {
        uint32_t px = 0xFF000000u;
        for (int c = 0; c < 3; c++) {
            double lin = bg[c] + (fg[c] - bg[c]) * (a / 255.0);
            long v = lround(255.0 * pow(lin, 1.0 / t->gamma));
            px |= (uint32_t)(v < 0 ? 0 : v > 255 ? 255 : v) << (16 - 8 * c);
        }
        lut[a] = px;
    }
}

/* Every buffer starts in the day theme, and the app makes eight at start
 * (the reader's frames, each screen's own): its table (768 pow() calls,
 * 0.14 M instructions) is built once per process and copied. */
static uint32_t day_lut[256];
static pthread_once_t day_lut_once = PTHREAD_ONCE_INIT;

static void build_day_lut(void)
{
    build_lut(day_lut, &sah_theme_day);
}

static void build_dim(uint8_t dim[256], double photo_dim)
{
    for (int v = 0; v < 256; v++)
        dim[v] = (uint8_t)lround(v * (1.0 - photo_dim));
}

static void drop_photos(sah_pagebuf_t *b)
{
    for (size_t i = 0; i < b->n_photos; i++)
        free(b->photos[i].rgb);
    b->n_photos = 0;
}

/* Lays the premultiplied colour glyph @p over the pixels, dimmed as photos. */
static void paint_blend(sah_pagebuf_t *b, const struct photo *p)
{
    const size_t stride = (size_t)b->width;
    for (int r = 0; r < p->h; r++) {
        const uint32_t *src = p->rgb + (size_t)r * (size_t)p->w;
        uint32_t *dst = b->argb + (size_t)(p->y + r) * stride + (size_t)p->x;
        for (int c = 0; c < p->w; c++) {
            uint32_t v = src[c], k = 255u - (v >> 24), out = 0xFF000000u;
            if (k == 255u)
                continue;
            for (int sh = 0; sh <= 16; sh += 8) {
                uint32_t o = b->dim[(v >> sh) & 0xFF] + (((dst[c] >> sh) & 0xFF) * k + 127u) / 255u;
                out |= (o > 255u ? 255u : o) << sh;
            }
            dst[c] = out;
        }
    }
}

/* Paints the kept photo @p into the ARGB32 pixels with the theme's dim. */
static void paint_photo(sah_pagebuf_t *b, const struct photo *p)
{
    const size_t stride = (size_t)b->width;
    if (p->blend) {
        paint_blend(b, p);
        return;
    }
    for (int r = 0; r < p->h; r++) {
        const uint32_t *src = p->rgb + (size_t)r * (size_t)p->w;
        uint32_t *dst = b->argb + (size_t)(p->y + r) * stride + (size_t)p->x;
        for (int c = 0; c < p->w; c++) {
            uint32_t v = src[c];
            dst[c] = 0xFF000000u | (uint32_t)b->dim[(v >> 16) & 0xFF] << 16 |
                     (uint32_t)b->dim[(v >> 8) & 0xFF] << 8 | b->dim[v & 0xFF];
        }
    }
}

/* Fills @n pixels with @v: one pixel, then copies of what is filled,
 * doubling, so that libc's memcpy (vector stores on x86-64 and NEON) does
 * the work. A plain store loop is not vectorized by GCC 12 at -O2 and costs
 * 3-4 instructions a pixel: 1.2 M for one 800x480 frame. */
static void fill32(uint32_t *p, size_t n, uint32_t v)
{
    if (n == 0)
        return;
    p[0] = v;
    for (size_t done = 1; done < n;) {
        size_t k = done < n - done ? done : n - done;
        memcpy(p + done, p, k * sizeof *p);
        done += k;
    }
}

sah_pagebuf_t *sah_pagebuf_new(sah_pixfmt_t format, int width, int height)
{
    sah_pagebuf_t *b = NULL;

    if (format != SAH_PIXFMT_A8 && format != SAH_PIXFMT_ARGB32) {
        fprintf(stderr, "sahifa: page buffer: unknown pixel format %d\n", (int)format);
        return NULL;
    }
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
        fprintf(stderr, "sahifa: page buffer: size %dx%d out of range 1..%d\n", width, height,
                MAX_SIDE);
        return NULL;
    }
    size_t n = (size_t)width * (size_t)height;
    /* 32768 x 32768 ARGB32 is 4 GiB: with a 32-bit size_t (armhf) n * 4
     * wraps round to 0, malloc(0) succeeds and the first clear writes past
     * it (test-limits died of SIGSEGV under qemu-arm). What cannot be
     * counted cannot be allocated. */
    if (format == SAH_PIXFMT_ARGB32 && n > SIZE_MAX / sizeof(uint32_t)) {
        fprintf(stderr, "sahifa: page buffer: %dx%d ARGB32 is more than this machine can address\n",
                width, height);
        return NULL;
    }
    b = calloc(1, sizeof *b);
    if (!b || !(b->cov = calloc(n, 1)))
        goto fail;
    if (!(b->dirty = malloc(2 * (size_t)height * sizeof *b->dirty)) ||
        (format == SAH_PIXFMT_ARGB32 && (!(b->argb = malloc(n * sizeof *b->argb)) ||
                                         !(b->bgrow = malloc((size_t)width * sizeof *b->bgrow)))))
        goto fail;
    b->format = format;
    b->width = width;
    b->height = height;
    b->theme = sah_theme_day;
    pthread_once(&day_lut_once, build_day_lut);
    memcpy(b->lut, day_lut, sizeof day_lut);
    b->tint = (sah_tint_t){b->theme.bg, b->theme.fg, b->theme.gamma, b->lut};
    if (b->bgrow)
        fill32(b->bgrow, (size_t)width, b->lut[0]);
    build_dim(b->dim, b->theme.photo_dim);
    b->simd = true;
    for (int r = 0; r < height; r++) {
        b->dirty[2 * (size_t)r] = width; /* nothing drawn */
        b->dirty[2 * (size_t)r + 1] = 0;
    }
    b->dirty_y0 = height;
    b->dirty_y1 = 0;
    b->unfilled = b->argb != NULL;
    b->plain = true;
    return b;

fail:
    fprintf(stderr, "sahifa: page buffer: out of memory for %dx%d\n", width, height);
    sah_pagebuf_free(b);
    return NULL;
}

void sah_pagebuf_free(sah_pagebuf_t *b)
{
    if (!b)
        return;
    free(b->cov);
    free(b->argb);
    free(b->bgrow);
    free(b->dirty);
    drop_photos(b);
    free(b->photos);
    free(b);
}

bool sah_pagebuf_set_theme(sah_pagebuf_t *b, const sah_theme_t *t)
{
    if (!t || !isfinite(t->gamma) || !(t->gamma > 0.0)) {
        fprintf(stderr, "sahifa: page buffer: theme gamma must be a positive number\n");
        return false;
    }
    if (!(t->photo_dim >= 0.0 && t->photo_dim <= 0.9)) {
        fprintf(stderr, "sahifa: page buffer: theme photo_dim must be from 0 to 0.9\n");
        return false;
    }
    sah_theme_t nt = {t->bg & 0xFFFFFF, t->fg & 0xFFFFFF, t->gamma, t->photo_dim};
    if (nt.bg == b->theme.bg && nt.fg == b->theme.fg && nt.gamma == b->theme.gamma &&
        nt.photo_dim == b->theme.photo_dim)
        return true; /* the reader sets its theme before every page it draws */
    b->theme = nt;
    build_lut(b->lut, &b->theme);
    b->tint = (sah_tint_t){nt.bg, nt.fg, nt.gamma, b->lut};
    if (b->bgrow)
        fill32(b->bgrow, (size_t)b->width, b->lut[0]);
    build_dim(b->dim, b->theme.photo_dim);
    if (!b->argb || b->unfilled)
        return true;
    /* Outside the dirty columns the coverage is 0 (cleared): background. */
    const size_t stride = (size_t)b->width;
    fill32(b->argb, stride * (size_t)b->height, b->lut[0]);
    for (int r = 0; r < b->height; r++) {
        int32_t x0 = b->dirty[2 * (size_t)r], x1 = b->dirty[2 * (size_t)r + 1];
        for (size_t i = (size_t)r * stride + (size_t)(x0 > 0 ? x0 : 0),
                    e = (size_t)r * stride + (size_t)(x1 > 0 ? x1 : 0);
             i < e; i++)
            b->argb[i] = b->lut[b->cov[i]];
    }
    for (size_t i = 0; i < b->n_photos; i++)
        paint_photo(b, &b->photos[i]);
    return true;
}

/* Writes the background a new buffer's pixels stand for. */
static void settle(sah_pagebuf_t *b)
{
    if (b->unfilled) {
        fill32(b->argb, (size_t)b->width * (size_t)b->height, b->lut[0]);
        b->unfilled = false;
    }
}

void sah_pagebuf_clear(sah_pagebuf_t *b)
{
    const size_t stride = (size_t)b->width;

    drop_photos(b);
    b->plain = true; /* the dirty rows' pixels are all background again */
    /* Rows dirty across their whole width (a new buffer, a full-width
     * rule) are cleared together: one memset() for the run of them. */
    int32_t run = -1; /* first row of the current run of full rows */
    for (int32_t r = b->dirty_y0; r <= b->dirty_y1; r++) {
        int32_t *d = b->dirty + 2 * (size_t)r;
        bool in = r < b->dirty_y1;
        int32_t x0 = in ? d[0] : 0, x1 = in ? d[1] : 0;
        if (in && x0 <= 0 && x1 >= b->width) {
            run = run < 0 ? r : run;
        } else {
            if (run >= 0) {
                size_t off = (size_t)run * stride, n = (size_t)(r - run) * stride;
                memset(b->cov + off, 0, n);
                for (int32_t k = run; b->argb && k < r; k++)
                    memcpy(b->argb + (size_t)k * stride, b->bgrow, stride * sizeof *b->bgrow);
                run = -1;
            }
            if (x0 < x1) {
                size_t off = (size_t)r * stride + (size_t)x0;
                memset(b->cov + off, 0, (size_t)(x1 - x0));
                if (b->argb)
                    memcpy(b->argb + off, b->bgrow, (size_t)(x1 - x0) * sizeof *b->bgrow);
            }
        }
        if (in) {
            d[0] = b->width;
            d[1] = 0;
        }
    }
    b->dirty_y0 = b->height;
    b->dirty_y1 = 0;
}

/* floor(@a / 2^@k) for any @a within +-2^39: @a is first made positive by
 * a bias divisible by 2^@k (C's '/' truncates toward zero, and '>>' of a
 * negative number is implementation-defined), so it costs a shift, once
 * per glyph. */
static inline int64_t floor_shift(int64_t a, unsigned k)
{
    const int64_t bias = (int64_t)1 << 40;
    return ((a + bias) >> k) - (bias >> k);
}

/* Widens the dirty columns of rows [y0, y1) (inside the buffer) to
 * [x0, x1). */
static void mark_rows(sah_pagebuf_t *b, int32_t y0, int32_t y1, int32_t x0, int32_t x1)
{
    b->dirty_y0 = y0 < b->dirty_y0 ? y0 : b->dirty_y0;
    b->dirty_y1 = y1 > b->dirty_y1 ? y1 : b->dirty_y1;
    for (int32_t *d = b->dirty + 2 * (size_t)y0, *e = b->dirty + 2 * (size_t)y1; d < e; d += 2) {
        d[0] = x0 < d[0] ? x0 : d[0];
        d[1] = x1 > d[1] ? x1 : d[1];
    }
}

/* A box of ink, in buffer pixels, clipped: rows [y0, y1), columns [x0, x1);
 * empty when y0 >= y1. */
typedef struct {
    int32_t x0, x1, y0, y1;
} box_t;

static void mark_box(sah_pagebuf_t *b, const box_t *k)
{
    if (k->y0 < k->y1)
        mark_rows(b, k->y0, k->y1, k->x0, k->x1);
}

/* Adds @g's box to @k; when it shares no row with @k (the next line of a
 * run), @k's rows are marked first and it starts again from @g. */
static void grow_box(sah_pagebuf_t *b, box_t *k, const box_t *g)
{
    if (k->y0 >= k->y1 || g->y1 <= k->y0 || g->y0 >= k->y1) {
        mark_box(b, k);
        *k = *g;
        return;
    }
    k->x0 = g->x0 < k->x0 ? g->x0 : k->x0;
    k->x1 = g->x1 > k->x1 ? g->x1 : k->x1;
    k->y0 = g->y0 < k->y0 ? g->y0 : k->y0;
    k->y1 = g->y1 > k->y1 ? g->y1 : k->y1;
}

void sah_pagebuf_fill_rect(sah_pagebuf_t *b, int x, int y, int w, int h, uint8_t coverage)
{
    /* Clip in 64 bits: x + w may not fit an int. */
    int64_t x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int64_t x1 = (int64_t)x + (w > 0 ? w : 0), y1 = (int64_t)y + (h > 0 ? h : 0);
    x1 = x1 > b->width ? b->width : x1;
    y1 = y1 > b->height ? b->height : y1;
    if (x0 >= x1 || y0 >= y1 || !coverage)
        return;
    if (b->argb)
        settle(b);
    const size_t stride = (size_t)b->width;
    for (int64_t r = y0; r < y1; r++) {
        uint8_t *cov = b->cov + (size_t)r * stride;
        for (int64_t c = x0; c < x1; c++) {
            unsigned v = cov[c] + coverage;
            cov[c] = (uint8_t)(v > 255 ? 255 : v);
            if (b->argb)
                b->argb[(size_t)r * stride + (size_t)c] = b->lut[cov[c]];
        }
    }
    mark_rows(b, (int32_t)y0, (int32_t)y1, (int32_t)x0, (int32_t)x1);
}

void sah_pagebuf_clear_rect(sah_pagebuf_t *b, int x, int y, int w, int h)
{
    int64_t x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int64_t x1 = (int64_t)x + (w > 0 ? w : 0), y1 = (int64_t)y + (h > 0 ? h : 0);
    x1 = x1 > b->width ? b->width : x1;
    y1 = y1 > b->height ? b->height : y1;
    if (x0 >= x1 || y0 >= y1)
        return;
    if (b->argb)
        settle(b);
    const size_t stride = (size_t)b->width;
    for (int64_t r = y0; r < y1; r++) {
        memset(b->cov + (size_t)r * stride + (size_t)x0, 0, (size_t)(x1 - x0));
        if (b->argb)
            memcpy(b->argb + (size_t)r * stride + (size_t)x0, b->bgrow,
                   (size_t)(x1 - x0) * sizeof *b->bgrow);
    }
}

void sah_pagebuf_use_simd(sah_pagebuf_t *b, bool on)
{
    b->simd = on;
}

/* Room for one more kept photo; false when the page has its most. */
static bool photo_room(sah_pagebuf_t *b)
{
    if (b->n_photos == SAH_PAGEBUF_MAX_PHOTOS)
        return false;
    if (b->n_photos == b->cap_photos) {
        size_t cap = b->cap_photos ? 2 * b->cap_photos : 4;
        struct photo *np = realloc(b->photos, cap * sizeof *np);
        if (!np)
            return false;
        b->photos = np;
        b->cap_photos = cap;
    }
    return true;
}

/* Draws the visible @w x @h part of a colour glyph (@src: FreeType's
 * premultiplied BGRA, rows @pitch pixels apart) at (@x, @y) of an ARGB32
 * buffer: laid over the page and kept with the photos, so that a change of
 * theme lays it over the new background. Its coverage is left alone (a
 * picture is not text colour). false, having drawn nothing, when the page
 * keeps as many photos as it may or memory runs out: the caller draws the
 * grey mask instead. */
static bool draw_color(sah_pagebuf_t *b, int x, int y, const uint8_t *src, size_t pitch, int w,
                       int h)
{
    struct photo p = {x, y, w, h, NULL, true};
    if (!photo_room(b) || !(p.rgb = malloc((size_t)w * (size_t)h * sizeof *p.rgb)))
        return false;
    for (int r = 0; r < h; r++) {
        const uint8_t *s = src + (size_t)r * pitch * 4;
        uint32_t *d = p.rgb + (size_t)r * (size_t)w;
        for (int c = 0; c < w; c++, s += 4)
            d[c] = (uint32_t)s[3] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0];
        int32_t *dirty = b->dirty + 2 * (size_t)(y + r);
        dirty[0] = x < dirty[0] ? x : dirty[0];
        dirty[1] = x + w > dirty[1] ? x + w : dirty[1];
    }
    settle(b);
    b->photos[b->n_photos++] = p;
    b->plain = false;
    paint_blend(b, &p);
    return true;
}

bool sah_pagebuf_draw(sah_pagebuf_t *b, sah_glyphcache_t *cache, const sah_glyph_pos_t *glyphs,
                      size_t n)
{
    bool ok = true;
    const size_t stride = (size_t)b->width;
    box_t ink = {0, 0, 0, 0};

    if (n == 0)
        return true;
    if (!cache || !glyphs) {
        /* Once per call, not once per glyph. */
        fprintf(stderr, "sahifa: page buffer: draw without a %s\n", cache ? "glyph run" : "cache");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const sah_glyph_pos_t *p = &glyphs[i];
        if (!p->font) {
            fprintf(stderr, "sahifa: page buffer: glyph %zu of the run has no font\n", i);
            ok = false;
            continue;
        }
        /* 64 / SAH_GLYPH_PHASES = 16 = 2^4 units of 26.6 per phase. */
        _Static_assert(SAH_GLYPH_PHASES == 4, "phases are 2 bits of the 26.6 x");
        int64_t q = floor_shift((int64_t)p->x + 8, 4);
        int64_t px = floor_shift(q, 2);
        unsigned phase = (unsigned)(q - px * SAH_GLYPH_PHASES);
        int64_t py = floor_shift((int64_t)p->y + 32, 6);

        const sah_glyph_bitmap_t *g = sah_glyphcache_get(cache, p->font, p->glyph, phase);
        if (!g) {
            ok = false;
            continue;
        }
        int64_t x0 = px + g->left, y0 = py - g->top;
        /* Visible part of the mask, in mask coordinates. */
        int64_t sx = x0 < 0 ? -x0 : 0, sy = y0 < 0 ? -y0 : 0;
        int64_t ex = b->width - x0 < g->width ? b->width - x0 : g->width;
        int64_t ey = b->height - y0 < g->rows ? b->height - y0 : g->rows;
        if (ex <= sx || ey <= sy)
            continue;
        size_t off = (size_t)(y0 + sy) * stride + (size_t)(x0 + sx);
        const uint8_t *src = g->pixels + (size_t)sy * (size_t)g->pitch + (size_t)sx;
        int w = (int)(ex - sx), h = (int)(ey - sy);
        box_t gb = {(int32_t)(x0 + sx), (int32_t)(x0 + ex), (int32_t)(y0 + sy), (int32_t)(y0 + ey)};
        grow_box(b, &ink, &gb);
        if (g->color && b->argb &&
            draw_color(b, (int)(x0 + sx), (int)(y0 + sy),
                       g->color + ((size_t)sy * (size_t)g->pitch + (size_t)sx) * 4,
                       (size_t)g->pitch, w, h))
            continue;
        if (!b->argb) {
            if (b->simd)
                sah_blit_add(b->cov + off, stride, src, (size_t)g->pitch, w, h);
            else
                sah_blit_add_scalar(b->cov + off, stride, src, (size_t)g->pitch, w, h);
            continue;
        }
        settle(b);
        /* With no photo or colour glyph on the page, every pixel is the
         * table's colour of its coverage, as sah_blit_add_tint() needs. */
        const uint32_t *tint =
            b->simd && b->plain ? sah_glyphcache_tinted(cache, g, &b->tint) : NULL;
        if (tint) {
            sah_blit_add_tint(b->cov + off, b->argb + off, stride, src, (size_t)g->pitch,
                              tint + (size_t)sy * (size_t)g->width + (size_t)sx, (size_t)g->width,
                              w, h, b->lut);
        } else if (b->simd) {
            sah_blit_add_lut(b->cov + off, b->argb + off, stride, src, (size_t)g->pitch, w, h,
                             b->lut);
        } else {
            sah_blit_add_lut_scalar(b->cov + off, b->argb + off, stride, src, (size_t)g->pitch, w,
                                    h, b->lut);
        }
    }
    mark_box(b, &ink);
    return ok;
}

size_t sah_glyphs_prerender(sah_glyphcache_t *cache, const sah_glyph_pos_t *glyphs, size_t n,
                            size_t max_new, size_t *rendered)
{
    sah_glyphcache_stats_t st = {0};
    size_t i = 0, made = 0;
    if (!cache || !glyphs)
        n = 0;
    else
        sah_glyphcache_stats(cache, &st);
    uint64_t misses = st.misses;
    while (i < n && made < max_new) {
        const sah_glyph_pos_t *p = &glyphs[i++];
        if (!p->font)
            continue; /* sah_pagebuf_draw() says so */
        /* The phase as sah_pagebuf_draw() takes it: 1/4 px, rounded. */
        int64_t q = floor_shift((int64_t)p->x + 8, 4);
        unsigned phase = (unsigned)(q - floor_shift(q, 2) * SAH_GLYPH_PHASES);
        (void)sah_glyphcache_get(cache, p->font, p->glyph, phase);
        sah_glyphcache_stats(cache, &st);
        if (st.misses != misses) {
            misses = st.misses;
            made++;
        }
    }
    if (rendered)
        *rendered = made;
    return i;
}

/* BT.601 luma of 8-bit values, in integers (weights sum to 65536): the
 * weights of JPEG's Y, as render/image gives grey photos. */
static uint8_t luma601(unsigned r, unsigned g, unsigned bl)
{
    return (uint8_t)((19595u * r + 38470u * g + 7471u * bl + 32768u) >> 16);
}

/* One pixel of @fmt at @p as 0x00RRGGBB over white paper. */
static uint32_t over_white(const uint8_t *p, sah_pixels_fmt_t fmt)
{
    if (fmt == SAH_PIXELS_GRAY8)
        return (uint32_t)p[0] * 0x010101u;
    /* Premultiplied: colour + (1 - alpha) x white, never past 255 while
     * each colour is <= alpha; a broken pixel is clamped, not wrapped. */
    unsigned k = 255u - p[3], c[3];
    for (int i = 0; i < 3; i++)
        c[i] = p[i] + k > 255u ? 255u : p[i] + k;
    return c[0] << 16 | c[1] << 8 | c[2];
}

bool sah_pagebuf_draw_pixels(sah_pagebuf_t *b, int x, int y, const uint8_t *pixels, int w, int h,
                             size_t stride, sah_pixels_fmt_t fmt)
{
    if ((fmt != SAH_PIXELS_GRAY8 && fmt != SAH_PIXELS_RGBA32_PREMUL) || !pixels || w < 1 || h < 1 ||
        stride / (size_t)fmt < (size_t)w) {
        fprintf(stderr, "sahifa: page buffer: photo of %dx%d (format %d, stride %zu) refused\n", w,
                h, (int)fmt, stride);
        return false;
    }
    int64_t x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int64_t x1 = (int64_t)x + w, y1 = (int64_t)y + h;
    x1 = x1 > b->width ? b->width : x1;
    y1 = y1 > b->height ? b->height : y1;
    if (x0 >= x1 || y0 >= y1)
        return true;
    struct photo p = {(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0), NULL, false};
    if (b->argb) {
        if (b->n_photos == SAH_PAGEBUF_MAX_PHOTOS) {
            fprintf(stderr, "sahifa: page buffer: more than %d photos on one page\n",
                    SAH_PAGEBUF_MAX_PHOTOS);
            return false;
        }
        if (!photo_room(b) || !(p.rgb = malloc((size_t)p.w * (size_t)p.h * sizeof *p.rgb)))
            goto oom;
        settle(b);
    }
    const size_t bstride = (size_t)b->width;
    for (int r = 0; r < p.h; r++) {
        const uint8_t *src =
            pixels + (size_t)(p.y - y + r) * stride + (size_t)(p.x - x) * (size_t)fmt;
        uint8_t *cov = b->cov + (size_t)(p.y + r) * bstride + (size_t)p.x;
        uint32_t *keep = p.rgb ? p.rgb + (size_t)r * (size_t)p.w : NULL;
        for (int c = 0; c < p.w; c++, src += fmt) {
            uint32_t v = over_white(src, fmt);
            cov[c] = (uint8_t)(255u - luma601(v >> 16, (v >> 8) & 0xFF, v & 0xFF));
            if (keep)
                keep[c] = v;
        }
    }
    mark_rows(b, p.y, p.y + p.h, p.x, p.x + p.w);
    if (p.rgb) {
        b->photos[b->n_photos++] = p;
        b->plain = false;
        paint_photo(b, &p);
    }
    return true;

oom:
    fprintf(stderr, "sahifa: page buffer: out of memory for a %dx%d photo\n", p.w, p.h);
    return false;
}

sah_pixfmt_t sah_pagebuf_format(const sah_pagebuf_t *b)
{
    return b->format;
}

int sah_pagebuf_width(const sah_pagebuf_t *b)
{
    return b->width;
}

int sah_pagebuf_height(const sah_pagebuf_t *b)
{
    return b->height;
}

const sah_theme_t *sah_pagebuf_theme(const sah_pagebuf_t *b)
{
    return &b->theme;
}

const uint8_t *sah_pagebuf_coverage(const sah_pagebuf_t *b, size_t *stride)
{
    if (stride)
        *stride = (size_t)b->width;
    return b->cov;
}

const uint32_t *sah_pagebuf_argb(const sah_pagebuf_t *b, size_t *stride)
{
    if (stride)
        *stride = (size_t)b->width;
    /* The pending fill is not a visible change of @b: it makes the pixels
     * what they already stand for (a "mutable" cache, hence the cast). */
    if (b->unfilled)
        settle((sah_pagebuf_t *)b);
    return b->argb;
}

bool sah_pagebuf_copy(sah_pagebuf_t *dst, const sah_pagebuf_t *src)
{
    if (dst == src)
        return true;
    if (dst->format != src->format || dst->width != src->width || dst->height != src->height) {
        fprintf(stderr, "sahifa: raster: cannot copy a %dx%d buffer into a %dx%d one\n", src->width,
                src->height, dst->width, dst->height);
        return false;
    }
    const size_t n = (size_t)src->width * (size_t)src->height;
    drop_photos(dst);
    dst->theme = src->theme;
    memcpy(dst->lut, src->lut, sizeof dst->lut);
    if (dst->bgrow)
        memcpy(dst->bgrow, src->bgrow, (size_t)dst->width * sizeof *dst->bgrow);
    dst->tint = (sah_tint_t){dst->theme.bg, dst->theme.fg, dst->theme.gamma, dst->lut};
    dst->plain = src->plain;
    memcpy(dst->dim, src->dim, sizeof dst->dim);
    memcpy(dst->cov, src->cov, n);
    memcpy(dst->dirty, src->dirty, 2 * (size_t)src->height * sizeof *dst->dirty);
    dst->dirty_y0 = src->dirty_y0;
    dst->dirty_y1 = src->dirty_y1;
    if (dst->argb) {
        /* A source never drawn into has no pixels yet: neither has the
         * copy (its fill waits, as the source's does). */
        dst->unfilled = src->unfilled;
        if (!src->unfilled)
            memcpy(dst->argb, src->argb, n * sizeof *dst->argb);
    }
    return true;
}
