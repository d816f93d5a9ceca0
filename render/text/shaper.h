/*
 * shaper.h - HarfBuzz shaping with a cache of shaped words.
 *
 *   sah_shaper_t *s = sah_shaper_new(NULL, 0);
 *   size_t n;
 *   const sah_shaped_t *g = sah_shaper_shape(s, font, true, HB_SCRIPT_ARABIC,
 *                                            para, para_len, start, end, &n);
 *
 * The cache key is everything HarfBuzz's output depends on: the font (by
 * serial), direction, script, the text, and the context characters around it
 * up to and including the first one that is not transparent to joining (a
 * mark or a format character), at most 5 each side as HarfBuzz keeps. With
 * that key a hit returns exactly what HarfBuzz would return for the same call.
 * Whether shaping a run word by word equals shaping it whole is a property of
 * the font (sah_font_words_independent()); the layout decides that, not this
 * cache.
 *
 * The cache keeps at most its byte budget; when a miss would exceed it the
 * whole cache is dropped (re-shaping is cheap next to an LRU's bookkeeping
 * for entries that cost a microsecond to make).
 */
#ifndef SAH_SHAPER_H
#define SAH_SHAPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "fonts/font.h"

typedef struct {
    uint32_t glyph;
    uint32_t cluster; /* code point index of the glyph's cluster, relative to @start */
    int32_t x_advance, x_offset, y_offset; /* 26.6 */
    uint32_t flags;                        /* SAH_SHAPED_* */
} sah_shaped_t;

/* HarfBuzz found the glyph in a join where a tatweel may be inserted
 * without changing how the rest is shaped (HB_GLYPH_FLAG_SAFE_TO_INSERT_
 * TATWEEL, HarfBuzz 5.1; with an older HarfBuzz every glyph has it and
 * joining types alone decide, see kashida.h). */
#define SAH_SHAPED_TATWEEL_OK 1u

typedef struct sah_shaper sah_shaper_t;

/* A value in the text given to sah_shaper_shape() for a character HarfBuzz
 * must not see: it gets no glyph (as a character merged into the cluster
 * before it) and is left out of the context, while every other character
 * keeps its index as its cluster. Not a code point (past U+10FFFF). The
 * layout puts it where a run of marks and format characters after a base
 * would grow past what HarfBuzz can attach in bounded time. */
#define SAH_SHAPER_SKIP 0xFFFFFFFFu

typedef struct {
    uint64_t hits, misses, flushes;
    size_t bytes;
} sah_shaper_stats_t;

/*
 * sah_shaper_new:
 * @language: (nullable): BCP 47 tag for HarfBuzz (locl features); NULL
 *   takes hb_language_get_default(), which is what libraqm uses.
 * @budget: cache budget in bytes; 0 picks 8 MiB.
 *
 * Returns: (transfer full), or NULL when out of memory.
 */
sah_shaper_t *sah_shaper_new(const char *language, size_t budget)
    __attribute__((warn_unused_result));
void sah_shaper_free(sah_shaper_t *shaper);

/* Drops every cached word (a "cold" start). */
void sah_shaper_clear(sah_shaper_t *shaper);

/* Turns caching on or off (on by default); off shapes every call. */
void sah_shaper_set_caching(sah_shaper_t *shaper, bool on);

/*
 * sah_shaper_shape:
 * @text: the whole bidi paragraph (context is read from it); @start..@end the
 *   part to shape, all of one font, script and direction. Entries equal to
 *   SAH_SHAPER_SKIP are left out (see there).
 * @n_glyphs: (out): number of glyphs returned.
 *
 * Returns: (transfer none) the glyphs in visual order (as HarfBuzz gives
 * them: right to left runs come reversed), valid until the next call on
 * @shaper; NULL when out of memory.
 */
const sah_shaped_t *sah_shaper_shape(sah_shaper_t *shaper, const sah_font_t *font, bool rtl,
                                     hb_script_t script, const uint32_t *text, size_t len,
                                     size_t start, size_t end, size_t *n_glyphs);

/* Where a result of sah_shaper_shape() lies in the cache: it names the same
 * glyphs until the cache drops them (a flush, sah_shaper_clear()); @epoch 0
 * names nothing. */
typedef struct {
    uint32_t epoch, off, n;
} sah_shaper_ref_t;

/* The last sah_shaper_shape()'s result, when it is kept in the cache (an
 * empty ref when it was not: caching off, an oversize unit, a failure). A
 * caller that asks for the same unit again keeps it instead of a new key,
 * hash and lookup. */
sah_shaper_ref_t sah_shaper_last_ref(const sah_shaper_t *shaper);

/* (transfer none): the glyphs @ref names, valid as sah_shaper_shape()'s;
 * NULL when the cache no longer holds them (then shape again). */
const sah_shaped_t *sah_shaper_from_ref(const sah_shaper_t *shaper, sah_shaper_ref_t ref,
                                        size_t *n_glyphs);

/*
 * sah_shaper_prefetch:
 * @units: @n_units pairs (start, end) of units of @text that later calls
 *   of sah_shaper_shape() will ask for, all of one font, script and
 *   direction (a run's words).
 *
 * Shapes, in one HarfBuzz call, those the cache lacks that have a space
 * each side (or the text's start before the first unit, its end after the
 * last: they open and close the batch, which has no context there either),
 * and caches each whose glyphs HarfBuzz says are the same as
 * when shaped alone (no HB_GLYPH_FLAG_UNSAFE_TO_BREAK at either end); the
 * others are left to sah_shaper_shape(). HarfBuzz's cost per call is a good
 * part of a short word's: a paragraph's new words together cost less.
 * Nothing when caching is off. Returns the number of units cached.
 * @refs: (nullable) (out): @n_units refs, where each unit's glyphs are
 *   kept (found or shaped here), epoch 0 for the units left to
 *   sah_shaper_shape(): the caller takes them with sah_shaper_from_ref().
 */
size_t sah_shaper_prefetch(sah_shaper_t *shaper, const sah_font_t *font, bool rtl,
                           hb_script_t script, const uint32_t *text, size_t len,
                           const uint32_t *units, size_t n_units, sah_shaper_ref_t *refs);

sah_shaper_stats_t sah_shaper_stats(const sah_shaper_t *shaper);

#endif
