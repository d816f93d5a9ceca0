/*
 * photos.h - an article's photos for the screens: their sizes for the pager,
 * decoded at the size they are shown through a cache under a byte budget,
 * and drawn; a placeholder box with the photo's alt text until a photo is
 * decoded, and for good when it cannot be shown.
 *
 *   sah_photos_t *ph = sah_photos_new(SAH_PHOTOS_BUDGET);
 *   sah_photos_set_article(ph, article, path);      // headers read, sizes known
 *   sah_photos_size(ph, 0, &w, &h);                  // for the pager's figure block
 *   if (!sah_photos_draw(ph, ui, buf, 0, x, y, bw, bh))
 *       ... later, when nothing else is waiting: ...
 *       sah_photos_decode(ph, 0, bw, bh, sah_pagebuf_format(buf)),
 *       sah_photos_draw(ph, ui, buf, 0, x, y, bw, bh);
 *   sah_photos_free(ph);
 *
 * Decoding is never done by drawing: the caller decides when (the reader
 * does it after a page is shown, a photo at a time, so that a page turn
 * never waits for a decode).
 *
 * A photo that cannot be shown (remote, missing, outside the article's
 * folder, not an image, past the limits of render/image/image.h, broken or
 * truncated) is logged once, in one line naming the article and the photo,
 * and is a placeholder from then on: its file is not read again while the
 * article is open.
 *
 * A8 pages get the photo in grey, ARGB32 pages in colour; a theme's
 * photo_dim dims it, no theme inverts it (raster.h).
 */
#ifndef SAH_PHOTOS_H
#define SAH_PHOTOS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/content/article.h"
#include "app/ui/ui.h"
#include "render/raster/raster.h"

/* The reader's decoded photos: about 30 photos of 432x288 in ARGB32, the
 * current page's and its neighbours' many times over (docs/limits.md). */
#define SAH_PHOTOS_BUDGET ((size_t)16 << 20)

typedef struct sah_photos sah_photos_t;

/* Returns: (transfer full) with a cache of @budget bytes, or NULL (logged)
 * when out of memory. */
sah_photos_t *sah_photos_new(size_t budget) __attribute__((warn_unused_result));

/* Frees @ph and its cache; NULL is a no-op. */
void sah_photos_free(sah_photos_t *ph);

/*
 * sah_photos_set_article:
 * @a: (transfer none) (nullable): must stay alive until the next call;
 *   NULL forgets the article.
 * @path: the file @a was loaded from: photos are read beside it.
 *
 * Reads the header of each of @a's photos for its size (the file, not its
 * pixels); one line logged for each photo that cannot be shown. Decoded
 * photos of earlier articles stay in the cache (going back is free).
 *
 * Returns: false when out of memory (then @ph has no article).
 */
bool sah_photos_set_article(sah_photos_t *ph, const sah_article_t *a, const char *path)
    __attribute__((warn_unused_result));

/* Photo @i's size as shown, in px; 0x0 when unknown (the pager then gives
 * it a placeholder's shape). */
void sah_photos_size(const sah_photos_t *ph, size_t i, int *w, int *h);

/*
 * sah_photos_decode:
 * Decodes photo @i for a @w x @h box on a @fmt page (its file read, decoded
 * near that size, enlarged when smaller than the box: the pager allows it
 * up to twice its size), and keeps it in the cache. A failure is logged
 * once and remembered.
 *
 * Returns: true when the photo is there to draw (decoded now or before);
 * false when it cannot be shown (its placeholder is final).
 */
bool sah_photos_decode(sah_photos_t *ph, size_t i, int w, int h, sah_pixfmt_t fmt);

/*
 * sah_photos_draw:
 * Draws photo @i in the box @w x @h at (@x, @y) of @buf: the photo, centred,
 * when decoded; else the placeholder with the alt text on one line, in
 * @ui's small style.
 *
 * Returns: false when a placeholder stands for a photo not decoded yet
 * (sah_photos_decode() it, then draw again); true when the box is final.
 */
bool sah_photos_draw(sah_photos_t *ph, sah_ui_t *ui, sah_pagebuf_t *buf, size_t i, int x, int y,
                     int w, int h);

#endif
