/* glyphcache.c - see glyphcache.h. */
#include "render/raster/glyphcache.h"

#include <assert.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include FT_BITMAP_H
#include FT_GLYPH_H
#include FT_OUTLINE_H

/* One cached glyph: hash chain link, LRU links, key, mask, and the mask's
 * bytes in the same allocation (one malloc per glyph, one free to evict). */
struct entry {
    struct entry *chain;       /* next in the hash bucket */
    struct entry *prev, *next; /* LRU list: head is most recent */
    uint32_t serial, glyph;
    uint32_t phase;
    bool failed; /* FreeType refused it: looked up, never drawn */
    size_t cost; /* the entry, its pixels and its tinted copy */
    /* NULL, or the coverage through the table of @tint_*'s theme
     * (sah_glyphcache_tinted()); owned. */
    uint32_t *tint;
    uint32_t tint_bg, tint_fg;
    double tint_gamma;
    sah_glyph_bitmap_t g;
    uint8_t pixels[];
};

/* A glyph's hinted outline, kept for its other subpixel phases: loading a
 * glyph (with the auto-hinter's analysis) costs twice its rendering, and a
 * page shows most glyphs at two or three phases. Direct-mapped: a slot is
 * reused by the next glyph that hashes to it. */
enum { OUTLINE_SLOTS = 64 };

struct outline_slot {
    uint32_t serial, glyph;
    FT_Glyph outline; /* owned; NULL when empty */
};

struct sah_glyphcache {
    struct outline_slot outlines[OUTLINE_SLOTS];
    struct entry **buckets; /* owned; chains of entries */
    size_t nbuckets;        /* power of two */
    struct entry *head, *tail;
    struct entry *transient; /* owned; an oversize glyph, freed by the next lookup */
    int32_t load_flags;
    sah_glyphcache_stats_t st;
};

enum { INITIAL_BUCKETS = 256 };

/* Masks wider or taller than this are refused: a 1000 px font's glyphs stay
 * far below it, and it keeps width * rows well inside 32 bits. */
enum { MAX_GLYPH_SIDE = 16384 };

static size_t hash_key(uint32_t serial, uint32_t glyph, uint32_t phase)
{
    /* Fibonacci hashing of the packed key: glyph ids of one font are dense
     * small integers, the multiply spreads them over the top bits. */
    uint64_t k = ((uint64_t)serial << 34) ^ ((uint64_t)glyph << 2) ^ phase;
    return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 32);
}

sah_glyphcache_t *sah_glyphcache_new(size_t budget, sah_hinting_t hinting)
{
    sah_glyphcache_t *c;
    int32_t flags;

    switch (hinting) {
    case SAH_HINT_LIGHT:
        flags = FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP;
        break;
    case SAH_HINT_NONE:
        flags = FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP;
        break;
    default:
        fprintf(stderr, "sahifa: glyph cache: unknown hinting mode %d\n", (int)hinting);
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (!c || !(c->buckets = calloc(INITIAL_BUCKETS, sizeof *c->buckets))) {
        fprintf(stderr, "sahifa: glyph cache: out of memory\n");
        free(c);
        return NULL;
    }
    c->nbuckets = INITIAL_BUCKETS;
    c->load_flags = flags;
    c->st.budget = budget;
    return c;
}

static void lru_unlink(sah_glyphcache_t *c, struct entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push_front(sah_glyphcache_t *c, struct entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
}

static void chain_remove(sah_glyphcache_t *c, struct entry *e)
{
    struct entry **pp = &c->buckets[hash_key(e->serial, e->glyph, e->phase) & (c->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->chain;
    *pp = e->chain;
}

static void evict(sah_glyphcache_t *c, struct entry *e)
{
    assert(c->st.entries > 0 && c->st.bytes >= e->cost);
    chain_remove(c, e);
    lru_unlink(c, e);
    c->st.bytes -= e->cost;
    c->st.entries--;
    free(e->tint);
    free(e);
}

void sah_glyphcache_clear(sah_glyphcache_t *c)
{
    if (!c)
        return;
    while (c->tail)
        evict(c, c->tail);
    free(c->transient);
    c->transient = NULL;
    for (int i = 0; i < OUTLINE_SLOTS; i++) {
        FT_Done_Glyph(c->outlines[i].outline);
        c->outlines[i].outline = NULL;
    }
}

void sah_glyphcache_free(sah_glyphcache_t *c)
{
    if (!c)
        return;
    sah_glyphcache_clear(c);
    free(c->buckets);
    free(c);
}

/* Doubles the bucket array when chains would grow past one entry on average.
 * Failure to grow is harmless (longer chains), so it is not an error. */
static void maybe_grow(sah_glyphcache_t *c)
{
    if (c->st.entries < c->nbuckets)
        return;
    size_t n = c->nbuckets * 2;
    struct entry **b = calloc(n, sizeof *b);
    if (!b)
        return;
    for (size_t i = 0; i < c->nbuckets; i++) {
        struct entry *e = c->buckets[i], *next;
        for (; e; e = next) {
            next = e->chain;
            size_t h = hash_key(e->serial, e->glyph, e->phase) & (n - 1);
            e->chain = b[h];
            b[h] = e;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = n;
}

/* The hinted outline of @glyph at @font's size, unshifted: from its slot, or
 * loaded into it. (transfer none), NULL after one line. */
static FT_Glyph outline_of(sah_glyphcache_t *c, const sah_font_t *font, uint32_t glyph)
{
    uint32_t serial = sah_font_serial(font);
    struct outline_slot *s = &c->outlines[hash_key(serial, glyph, 0) % OUTLINE_SLOTS];
    if (s->outline && s->serial == serial && s->glyph == glyph)
        return s->outline;
    FT_Face face = sah_font_ft(font);
    FT_Error err = FT_Load_Glyph(face, glyph, c->load_flags);
    if (err) {
        fprintf(stderr, "sahifa: glyph cache: %s: glyph %u: cannot load (FreeType error %d)\n",
                sah_font_path(font), (unsigned)glyph, err);
        return NULL;
    }
    if (face->glyph->format != FT_GLYPH_FORMAT_OUTLINE) {
        fprintf(stderr, "sahifa: glyph cache: %s: glyph %u: not an outline\n", sah_font_path(font),
                (unsigned)glyph);
        return NULL;
    }
    FT_Pos bold = sah_font_embolden(font);
    if (bold) {
        /* A synthetic bold: thicker strokes, the advance unchanged (see
         * sah_font_new_synthetic_bold()). EmboldenXY keeps the left and
         * bottom edges and grows right and up; half a stroke back to the
         * left centres the glyph on its advance again. */
        FT_Outline_EmboldenXY(&face->glyph->outline, bold, bold);
        FT_Outline_Translate(&face->glyph->outline, -bold / 2, 0);
    }
    FT_Glyph g;
    if (FT_Get_Glyph(face->glyph, &g) != 0) {
        fprintf(stderr, "sahifa: glyph cache: out of memory for glyph %u's outline\n",
                (unsigned)glyph);
        return NULL;
    }
    FT_Done_Glyph(s->outline);
    *s = (struct outline_slot){serial, glyph, g};
    return g;
}

/* A new, unlinked entry of @w x @h pixels (and as many BGRA ones when
 * @color), its fields but the pixels filled in; NULL after one line. */
static struct entry *entry_new(const sah_font_t *font, uint32_t glyph, uint32_t phase, size_t w,
                               size_t h, bool color)
{
    if (!w || !h)
        w = h = 0;
    size_t bytes = w * h * (color ? 5 : 1);
    struct entry *e = malloc(sizeof *e + bytes);
    if (!e) {
        fprintf(stderr, "sahifa: glyph cache: out of memory for a %zux%zu glyph\n", w, h);
        return NULL;
    }
    memset(e, 0, sizeof *e);
    e->serial = sah_font_serial(font);
    e->glyph = glyph;
    e->phase = phase;
    e->cost = sizeof *e + bytes;
    e->g.pixels = e->pixels;
    e->g.color = color && w ? e->pixels + w * h : NULL;
    e->g.width = (int32_t)w;
    e->g.rows = (int32_t)h;
    e->g.pitch = (int32_t)w;
    return e;
}

/* Row @y of @bm, top row first (a negative pitch stores the bottom first). */
static const uint8_t *bitmap_row(const FT_Bitmap *bm, size_t y)
{
    return bm->pitch >= 0 ? bm->buffer + y * (size_t)bm->pitch
                          : bm->buffer + (bm->rows - 1 - y) * (size_t)-bm->pitch;
}

/* How much of source pixel @i's span [i, i+1) lies in [a, b). */
static double overlap(size_t i, double a, double b)
{
    double lo = (double)i > a ? (double)i : a, hi = (double)i + 1 < b ? (double)i + 1 : b;
    return hi > lo ? hi - lo : 0;
}

/* Scales @bm (BGRA premultiplied, or grey) by @k into @e's pixels: each
 * pixel the area-weighted mean of the source pixels it covers (a box
 * filter: a strike of 109 px drawn at 20 px must average, not pick). Grey
 * coverage of a colour pixel is its darkness over white paper, as photos
 * get it (render/raster): 255 minus the BT.601 luma of the pixel over white. */
static void scale_bitmap(const FT_Bitmap *bm, double k, struct entry *e)
{
    bool bgra = bm->pixel_mode == FT_PIXEL_MODE_BGRA;
    int ch = bgra ? 4 : 1;
    for (int32_t y = 0; y < e->g.rows; y++) {
        double y0 = y / k, y1 = (y + 1) / k;
        for (int32_t x = 0; x < e->g.width; x++) {
            double x0 = x / k, x1 = (x + 1) / k, acc[4] = {0, 0, 0, 0}, area = 0;
            for (size_t sy = (size_t)y0; sy < bm->rows && sy < y1; sy++) {
                double wy = overlap(sy, y0, y1);
                const uint8_t *row = bitmap_row(bm, sy);
                for (size_t sx = (size_t)x0; sx < bm->width && sx < x1; sx++) {
                    double w = wy * overlap(sx, x0, x1);
                    for (int c = 0; c < ch; c++)
                        acc[c] += w * row[sx * (size_t)ch + (size_t)c];
                    area += w;
                }
            }
            uint8_t px[4] = {0, 0, 0, 0};
            for (int c = 0; c < ch && area > 0; c++)
                px[c] = (uint8_t)(acc[c] / area + 0.5);
            size_t at = (size_t)y * (size_t)e->g.width + (size_t)x;
            if (!bgra) {
                e->pixels[at] = px[0];
                continue;
            }
            memcpy((uint8_t *)e->g.color + 4 * at, px, 4);
            /* Premultiplied B, G, R, A over white: value + (255 - A). */
            unsigned k255 = 255u - px[3], b = px[0] + k255, g = px[1] + k255, r = px[2] + k255;
            b = b > 255 ? 255 : b;
            g = g > 255 ? 255 : g;
            r = r > 255 ? 255 : r;
            e->pixels[at] =
                (uint8_t)(255u - ((19595u * r + 38470u * g + 7471u * b + 32768u) >> 16));
        }
    }
}

/* Renders a glyph of a bitmap-only font (sah_font_is_bitmap()): the strike's
 * bitmap, in colour when the font has it (FT_LOAD_COLOR), scaled to the
 * font's size. Not phased: a picture moved by a quarter pixel is the same
 * picture. */
static struct entry *render_bitmap(const sah_font_t *font, uint32_t glyph, uint32_t phase)
{
    FT_Face face = sah_font_ft(font);
    FT_GlyphSlot slot = face ? face->glyph : NULL;
    if (!slot)
        return NULL;
    FT_Bitmap gray;
    FT_Bitmap_Init(&gray);
    struct entry *e = NULL;
    FT_Error err = FT_Load_Glyph(face, glyph, FT_LOAD_COLOR);
    const FT_Bitmap *bm = err ? NULL : &slot->bitmap;
    if (bm && bm->pixel_mode == FT_PIXEL_MODE_MONO) {
        /* 0/1 values to 0/255. */
        if (FT_Bitmap_Convert(slot->library, bm, &gray, 1) != 0)
            goto bad;
        for (size_t i = 0; i < (size_t)gray.rows * (size_t)gray.pitch; i++)
            gray.buffer[i] = gray.buffer[i] ? 255 : 0;
        bm = &gray;
    }
    if (!bm || slot->format != FT_GLYPH_FORMAT_BITMAP || !face->size->metrics.y_ppem ||
        (bm->rows && bm->pixel_mode != FT_PIXEL_MODE_BGRA && bm->pixel_mode != FT_PIXEL_MODE_GRAY))
        goto bad;
    double k = sah_font_px(font) / face->size->metrics.y_ppem;
    double w = ceil(bm->width * k), h = ceil(bm->rows * k);
    if (w > MAX_GLYPH_SIDE || h > MAX_GLYPH_SIDE)
        goto bad;
    e = entry_new(font, glyph, phase, (size_t)w, (size_t)h, bm->pixel_mode == FT_PIXEL_MODE_BGRA);
    if (e) {
        e->g.left = (int32_t)lround(slot->bitmap_left * k);
        e->g.top = (int32_t)lround(slot->bitmap_top * k);
        if (e->g.width)
            scale_bitmap(bm, k, e);
    }
    FT_Bitmap_Done(slot->library, &gray);
    return e;
bad:
    fprintf(stderr,
            "sahifa: glyph cache: %s: glyph %u: cannot render its bitmap (FreeType error %d)\n",
            sah_font_path(font), (unsigned)glyph, err);
    FT_Bitmap_Done(slot->library, &gray);
    return NULL;
}

/* Renders one glyph into a new, unlinked entry. */
static struct entry *render(sah_glyphcache_t *c, const sah_font_t *font, uint32_t glyph,
                            uint32_t phase)
{
    struct entry *e = NULL;
    if (sah_font_is_bitmap(font))
        return render_bitmap(font, glyph, phase);
    FT_Glyph g = outline_of(c, font, glyph);
    if (!g)
        return NULL;
    /* Shift after hinting: light hinting only moves points vertically, so the
     * phases of one glyph are the same shape at different x. FreeType moves
     * the kept outline by @shift for the rendering and back after it, and
     * points @g at a new bitmap glyph: no copy of the outline. */
    FT_Vector shift = {(FT_Pos)phase * (64 / SAH_GLYPH_PHASES), 0};
    FT_Error err = FT_Glyph_To_Bitmap(&g, FT_RENDER_MODE_NORMAL, &shift, 0);
    if (err)
        g = NULL; /* left pointing at the outline, which is the slot's */
    FT_BitmapGlyph bg = err ? NULL : (FT_BitmapGlyph)g;
    const FT_Bitmap *bm = bg ? &bg->bitmap : NULL;
    if (!bm || (bm->rows && bm->width && bm->pixel_mode != FT_PIXEL_MODE_GRAY) ||
        bm->width > MAX_GLYPH_SIDE || bm->rows > MAX_GLYPH_SIDE) {
        fprintf(stderr, "sahifa: glyph cache: %s: glyph %u: cannot render (FreeType error %d)\n",
                sah_font_path(font), (unsigned)glyph, err);
        goto out;
    }
    if (!(e = entry_new(font, glyph, phase, bm->width, bm->rows, false)))
        goto out;
    e->g.left = bg->left;
    e->g.top = bg->top;
    for (size_t y = 0; y < (size_t)e->g.rows; y++)
        memcpy(e->pixels + y * (size_t)e->g.width, bitmap_row(bm, y), (size_t)e->g.width);
out:
    FT_Done_Glyph(g);
    return e;
}

const sah_glyph_bitmap_t *sah_glyphcache_get(sah_glyphcache_t *c, const sah_font_t *font,
                                             uint32_t glyph, unsigned phase)
{
    if (!c || !font) {
        fprintf(stderr, "sahifa: glyph cache: lookup without a %s\n", c ? "font" : "cache");
        return NULL;
    }
    if (phase >= SAH_GLYPH_PHASES) {
        fprintf(stderr, "sahifa: glyph cache: %s: glyph %u: phase %u out of range 0..%d\n",
                sah_font_path(font), (unsigned)glyph, phase, SAH_GLYPH_PHASES - 1);
        return NULL;
    }
    if (c->transient) { /* a call into libc per glyph drawn, otherwise */
        free(c->transient);
        c->transient = NULL;
    }

    uint32_t serial = sah_font_serial(font);
    size_t h = hash_key(serial, glyph, phase) & (c->nbuckets - 1);
    for (struct entry *e = c->buckets[h]; e; e = e->chain) {
        if (e->glyph == glyph && e->serial == serial && e->phase == phase) {
            c->st.hits++;
            if (c->head != e) {
                lru_unlink(c, e);
                lru_push_front(c, e);
            }
            return e->failed ? NULL : &e->g;
        }
    }

    c->st.misses++;
    struct entry *e = render(c, font, glyph, phase);
    bool failed = !e;
    if (failed) {
        /* Remember the refusal (out of memory too: then this fails
         * quietly, and the next lookup tries again). */
        if (!(e = calloc(1, sizeof *e)))
            return NULL;
        e->serial = serial;
        e->glyph = glyph;
        e->phase = phase;
        e->failed = true;
        e->cost = sizeof *e;
    }
    if (e->cost > c->st.budget) {
        /* Caching it would empty the cache and still break the budget. */
        c->st.oversize++;
        c->transient = e;
        return failed ? NULL : &e->g;
    }
    /* @e is new and not yet linked, so evict() never frees it; the
     * analyzer cannot see that the LRU list does not hold it. */
    while (c->tail && c->st.bytes + e->cost > c->st.budget) {
        evict(c, c->tail); // NOLINT(clang-analyzer-unix.Malloc)
        c->st.evictions++;
    }
    maybe_grow(c);
    h = hash_key(serial, glyph, phase) & (c->nbuckets - 1);
    e->chain = c->buckets[h];
    c->buckets[h] = e;
    lru_push_front(c, e);
    c->st.bytes += e->cost;
    c->st.entries++;
    /* The budget holds after every insert: the loop above evicted until the
     * entry fit, or emptied the cache for one no larger than the budget. */
    assert(c->st.bytes <= c->st.budget);
    return failed ? NULL : &e->g;
}

const uint32_t *sah_glyphcache_tinted(sah_glyphcache_t *c, const sah_glyph_bitmap_t *g,
                                      const sah_tint_t *t)
{
    /* Only the entry the last lookup returned (the LRU's head): a transient
     * glyph, or a pointer kept past an eviction, is not asked about. */
    struct entry *e = c ? c->head : NULL;
    if (!e || g != &e->g || e->failed || !g->width || !g->rows)
        return NULL;
    if (e->tint && e->tint_bg == t->bg && e->tint_fg == t->fg && e->tint_gamma == t->gamma)
        return e->tint;
    size_t n = (size_t)g->width * (size_t)g->rows, bytes = n * sizeof *e->tint;
    if (!e->tint) {
        /* Room first: the older entries make way, never this one (the
         * loop stops at it; the analyzer cannot see that @e is not the
         * tail it evicts). */
        while (c->tail != e && c->st.bytes + bytes > c->st.budget) {
            evict(c, c->tail); // NOLINT(clang-analyzer-unix.Malloc)
            c->st.evictions++;
        }
        if (c->st.bytes + bytes > c->st.budget || !(e->tint = malloc(bytes)))
            return NULL;
        e->cost += bytes;
        c->st.bytes += bytes;
    }
    for (int32_t r = 0; r < g->rows; r++)
        for (int32_t x = 0; x < g->width; x++)
            e->tint[(size_t)r * (size_t)g->width + (size_t)x] =
                t->lut[g->pixels[(size_t)r * (size_t)g->pitch + (size_t)x]];
    e->tint_bg = t->bg;
    e->tint_fg = t->fg;
    e->tint_gamma = t->gamma;
    return e->tint;
}

void sah_glyphcache_stats(const sah_glyphcache_t *c, sah_glyphcache_stats_t *out)
{
    *out = c->st;
}
