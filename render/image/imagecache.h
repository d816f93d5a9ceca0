/*
 * imagecache.h - decoded images by (key, box, page format), kept under a
 * byte budget with least-recently-used eviction, as glyphcache.h keeps
 * glyphs.
 *
 *   sah_imagecache_t *ic = sah_imagecache_new(16 << 20);
 *   const sah_image_t *img;
 *   if (!sah_imagecache_get(ic, path, 432, 480, SAH_PIXFMT_ARGB32, &img)) {
 *       ... read the file's bytes (platform/readfile.h) ...
 *       img = sah_imagecache_decode(ic, path, bytes, n, 432, 480, SAH_PIXFMT_ARGB32, NULL);
 *   }
 *   if (img) ... sah_image_draw(img, page, x, y) ...
 *   else     ... sah_image_draw_placeholder(page, x, y, w, h, inner) and the alt text ...
 *
 * The key is the caller's name for the image (a path, an EPUB entry, an
 * id): the cache never reads files (the engine does not touch them), so a
 * decode can also run elsewhere (sah_image_decode() is thread-safe) and be
 * handed over with sah_imagecache_put(). The same image at another box or
 * for the other page format is another entry.
 *
 * A refusal is remembered too (an entry without pixels): a broken photo is
 * decoded and logged once, not at every redraw of its page.
 *
 * Budget: each entry counts sah_image_bytes() of its image plus its
 * bookkeeping and key. An image larger than the whole budget is still
 * returned, from one transient slot outside the budget that the next
 * insertion frees. Lookups scan a list: a budget holds tens of photos or a
 * few hundred thumbnails, and each lookup is a page's, not a pixel's.
 *
 * Not thread-safe: one cache for the thread that draws.
 */
#ifndef SAH_IMAGECACHE_H
#define SAH_IMAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/image/image.h"

typedef struct sah_imagecache sah_imagecache_t;

typedef struct {
    size_t budget;      /* as given to sah_imagecache_new() */
    size_t bytes;       /* counted bytes in use, always <= budget */
    size_t entries;     /* images and remembered refusals */
    uint64_t hits;      /* lookups answered (a remembered refusal too) */
    uint64_t misses;    /* lookups not answered */
    uint64_t evictions; /* entries dropped to make room */
    uint64_t oversize;  /* images larger than the budget (served transient) */
} sah_imagecache_stats_t;

/*
 * sah_imagecache_new:
 * @budget: bytes the cache may hold; 0 keeps nothing (every image is then
 *   served transient).
 *
 * Returns: (transfer full) a new empty cache, freed with
 * sah_imagecache_free(), or NULL (one line logged) when out of memory.
 */
sah_imagecache_t *sah_imagecache_new(size_t budget) __attribute__((warn_unused_result));

/* sah_imagecache_free: releases @cache and every image; NULL is a no-op. */
void sah_imagecache_free(sah_imagecache_t *cache);

/* Drops every entry (counters are kept). */
void sah_imagecache_clear(sah_imagecache_t *cache);

/*
 * sah_imagecache_get:
 * @key: the image's name; @max_w, @max_h, @fmt: as sah_image_decode().
 * @image: (out) (transfer none) the image, or NULL for one remembered as
 *   refused (show the placeholder; do not decode it again).
 *
 * Returns: true when the cache knows the answer (and marks it most recently
 * used); false when it does not (*@image NULL): decode it. The image is
 * owned by @cache, valid until the next _put(), _decode(), _clear() or
 * _free() on @cache (an insertion may evict it).
 */
bool sah_imagecache_get(sah_imagecache_t *cache, const char *key, int max_w, int max_h,
                        sah_pixfmt_t fmt, const sah_image_t **image);

/*
 * sah_imagecache_put:
 * @image: (transfer full) a decoded image, or NULL to remember @key as
 *   refused.
 *
 * Inserts (or replaces) the entry, evicting the least recently used ones to
 * stay within the budget.
 *
 * Returns: (transfer none) @image, owned by @cache from now on (valid as for
 * _get()); NULL when @image was NULL. Memory for the bookkeeping running out
 * frees @image and returns NULL (one line logged).
 */
const sah_image_t *sah_imagecache_put(sah_imagecache_t *cache, const char *key, int max_w,
                                      int max_h, sah_pixfmt_t fmt, sah_image_t *image);

/*
 * sah_imagecache_decode: sah_imagecache_get(), and on a miss
 * sah_image_decode() of @bytes and sah_imagecache_put() of the result.
 * A refusal is logged once, as "sahifa: image KEY: REASON", and remembered.
 *
 * Returns: (transfer none) the image, as _get(); NULL when refused (now or
 * before): @err (optional) then says why (a remembered refusal gives its
 * status and the reason "refused before").
 */
const sah_image_t *sah_imagecache_decode(sah_imagecache_t *cache, const char *key,
                                         const uint8_t *bytes, size_t n, int max_w, int max_h,
                                         sah_pixfmt_t fmt, sah_image_error_t *err);

/* Copies the counters into @out. */
void sah_imagecache_stats(const sah_imagecache_t *cache, sah_imagecache_stats_t *out);

#endif
