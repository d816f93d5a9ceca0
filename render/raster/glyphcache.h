/*
 * glyphcache.h - glyph coverage bitmaps by glyph id, rendered by FreeType and
 * kept under a fixed memory budget with least-recently-used eviction.
 *
 *   sah_glyphcache_t *gc = sah_glyphcache_new(4 << 20, SAH_HINT_LIGHT);
 *   const sah_glyph_bitmap_t *g = sah_glyphcache_get(gc, font, gid, phase);
 *   if (g) ... blit g->pixels at (pen_x + g->left, baseline - g->top) ...
 *   sah_glyphcache_free(gc);
 *
 * One cache serves every page and every size: the key is (sah_font_serial(),
 * glyph id, subpixel x phase), and a font's serial is never reused, so a freed
 * font's glyphs can never be confused with a new one's (they just age out).
 *
 * Subpixel x positioning: pen positions arrive in 26.6 pixels from HarfBuzz;
 * snapping every glyph to whole pixels moves each one by up to half a pixel,
 * which in justified Arabic shows as uneven joins and gaps that jitter from line
 * to line. The x position is therefore rounded to 1/SAH_GLYPH_PHASES pixel and
 * the glyph is rendered at that phase (the outline is shifted right by
 * phase/SAH_GLYPH_PHASES px with FT_Outline_Translate before rasterizing; the
 * face's transform is left alone because every size shares the face).
 * y is not phased: lines sit on whole-pixel baselines. The hinted outline of
 * the glyphs rendered last (64 slots) is kept, so a glyph's other phases are
 * rendered without loading and hinting it again.
 *
 * Hinting (sah_hinting_t): SAH_HINT_LIGHT is the default and recommended mode.
 * It loads with FT_LOAD_TARGET_LIGHT, which since FreeType 2.8 means "no
 * hinting along the horizontal axis, no change of advance widths" (the
 * auto-hinter's light mode for TrueType). Our advances come from HarfBuzz,
 * unhinted, so any horizontal hinting would disagree with them and with the
 * subpixel phase; light hinting only snaps heights (the baseline stroke that
 * carries Arabic joins, x-height, Latin stems' tops) to whole pixels, which is
 * where a 7-inch 800x480 panel at 16-24 px gains crispness. SAH_HINT_NONE
 * (FT_LOAD_NO_HINTING) renders the exact outline, for large sizes or output
 * meant to be compared with unhinted renderers. Both modes add
 * FT_LOAD_NO_BITMAP: only outlines give a coverage mask at any phase.
 * A font that has no outlines (sah_font_is_bitmap(): Noto Color Emoji) is
 * drawn from its strike instead, scaled to the font's size with a box
 * filter, in colour where it has colour, the same at every phase.
 * A synthetic bold (sah_font_embolden()) has its outline thickened after
 * hinting.
 *
 * Budget: the bytes counted are each entry's bookkeeping plus its bitmap; the
 * hash table's buckets (one pointer per entry at most twice over) and the 64
 * kept outlines (a few KB each) are not. A
 * glyph larger than the whole budget (a 1000 px headline) is still returned,
 * from a single transient slot outside the budget that the next lookup frees.
 *
 * Not thread-safe, like the FreeType faces it renders from: one cache per
 * thread that draws, each with its own fonts.
 */
#ifndef SAH_GLYPHCACHE_H
#define SAH_GLYPHCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts/font.h"

/* Subpixel x steps per pixel. 4 is where jitter stops being visible (a quarter
 * pixel at most 1/8 px off) while a glyph costs 4 bitmaps at most. */
#define SAH_GLYPH_PHASES 4

typedef struct sah_glyphcache sah_glyphcache_t;

typedef enum {
    SAH_HINT_LIGHT = 0, /* FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP: vertical only */
    SAH_HINT_NONE = 1,  /* FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP */
} sah_hinting_t;

/* A glyph's coverage mask, 8 bits per pixel (0 = none, 255 = full). A glyph
 * of a colour font (an emoji) has its colours too; its mask is then the
 * picture in grey, each pixel's darkness over white paper (as photos are
 * drawn on an A8 page). */
typedef struct {
    const uint8_t *pixels; /* @rows rows of @pitch bytes, top row first */
    /* NULL, or the colour picture: @rows rows of 4 * @pitch bytes, each
     * pixel premultiplied B, G, R, A (FreeType's BGRA). */
    const uint8_t *color;
    int32_t width, rows, pitch;
    int32_t left; /* pen x (whole pixel) to the first column, in pixels */
    int32_t top;  /* baseline up to the first row, in pixels (y up) */
} sah_glyph_bitmap_t;

typedef struct {
    size_t budget;      /* as given to sah_glyphcache_new() */
    size_t bytes;       /* counted bytes in use, always <= budget */
    size_t entries;     /* glyphs cached */
    uint64_t hits;      /* lookups answered from the cache (a remembered refusal too) */
    uint64_t misses;    /* lookups that rendered */
    uint64_t evictions; /* entries dropped to make room */
    uint64_t oversize;  /* renders larger than the budget (served transient) */
} sah_glyphcache_stats_t;

/*
 * sah_glyphcache_new:
 * @budget: bytes the cache may hold (see above for what is counted); 0 gives
 *   a cache that keeps nothing and renders every lookup.
 * @hinting: SAH_HINT_LIGHT or SAH_HINT_NONE.
 *
 * Returns: (transfer full) a new empty cache, freed with sah_glyphcache_free(),
 * or NULL (one line logged) when out of memory or @hinting is unknown.
 */
sah_glyphcache_t *sah_glyphcache_new(size_t budget, sah_hinting_t hinting)
    __attribute__((warn_unused_result));

/* sah_glyphcache_free: releases @cache and every bitmap; NULL is a no-op. */
void sah_glyphcache_free(sah_glyphcache_t *cache);

/* Drops every entry (counters are kept). */
void sah_glyphcache_clear(sah_glyphcache_t *cache);

/*
 * sah_glyphcache_get:
 * @font: the font (its face's active size is the size rendered).
 * @glyph: glyph id in @font.
 * @phase: 0 .. SAH_GLYPH_PHASES-1: the glyph is shifted right by
 *   @phase / SAH_GLYPH_PHASES pixel.
 *
 * Looks the glyph up, rendering it on a miss, and marks it most recently used.
 *
 * Returns: (transfer none) the glyph, owned by @cache, valid until the next
 * sah_glyphcache_get() / _clear() / _free() on @cache (any lookup may evict);
 * or NULL (one line logged, naming the font file and glyph) when FreeType
 * cannot load or render it, @phase is out of range, or memory runs out.
 * A glyph FreeType refused is remembered as such (an empty entry in the
 * cache): later lookups of it return NULL at once, without a new line, so a
 * broken glyph on a page does not fill a kiosk's log at every redraw.
 * A glyph with no outline (a space) is a valid glyph with width 0.
 */
const sah_glyph_bitmap_t *sah_glyphcache_get(sah_glyphcache_t *cache, const sah_font_t *font,
                                             uint32_t glyph, unsigned phase);

/* The pixels of a theme for each coverage (raster.c's table, @lut: 256
 * pixels), named by what makes it: equal @bg, @fg and @gamma, equal table. */
typedef struct {
    uint32_t bg, fg;
    double gamma;
    const uint32_t *lut;
} sah_tint_t;

/*
 * sah_glyphcache_tinted:
 * @g: what the last sah_glyphcache_get() on @cache returned.
 * @tint: the theme's table and its name.
 *
 * @g's coverage through @tint's table, lut[coverage], @g->width pixels a
 * row: a glyph laid on untouched background is then copied, with no
 * lookup per pixel. Kept with the glyph (counted in its budget) until the
 * theme changes or the glyph is evicted.
 *
 * Returns: (transfer none) valid until the next lookup on @cache; NULL when
 * it cannot be kept (no room, out of memory, an empty or oversize glyph, or
 * @g not the last lookup's).
 */
const uint32_t *sah_glyphcache_tinted(sah_glyphcache_t *cache, const sah_glyph_bitmap_t *g,
                                      const sah_tint_t *tint);

/* Copies the counters into @out. */
void sah_glyphcache_stats(const sah_glyphcache_t *cache, sah_glyphcache_stats_t *out);

#endif
