/*
 * findbar.h - find in the open article: the hits of a query (find.h, the
 * same words and folding as `sahifa --find`), the page of each, the one
 * being looked at, and the bar that walks through them over the bottom of
 * the reader (where its status bar and bottom margin are, so the page
 * keeps its lines): the query, "3 of 12 | page 5", previous and next,
 * close. The reader draws every hit of its page on a light box, the
 * current one darker and underlined (sah_reader_set_highlights()).
 *
 *   sah_findbar_t *fb = sah_findbar_new(ui);
 *   sah_findbar_set_query(fb, reader, "الحكومة");   // the hits, none shown yet
 *   sah_findbar_show(fb, 0);                        // the reader at hit 1, marked
 *   sah_findbar_step(fb, +1);                       // the next hit (n)
 *   sah_findbar_draw(fb, buf);                      // over a copy of the reader's frame
 *   sah_findbar_close(fb);                          // the marks go
 *   sah_findbar_free(fb);
 */
#ifndef SAH_FINDBAR_H
#define SAH_FINDBAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/content/find.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "app/ui/widget.h"
#include "render/raster/raster.h"

typedef struct sah_findbar sah_findbar_t;

/* (transfer full), NULL when out of memory. @ui must outlive it. */
sah_findbar_t *sah_findbar_new(sah_ui_t *ui) __attribute__((warn_unused_result));
void sah_findbar_free(sah_findbar_t *fb);

/*
 * sah_findbar_set_query:
 * @reader: (transfer none): with an article open; must outlive the
 *   findbar's use of it (until sah_findbar_close() or the next query).
 *
 * Finds @query's hits in the reader's article (none is not an error). The
 * bar is not shown by this: sah_findbar_show() does. A query with no
 * words has no hits. Returns: false when out of memory (logged).
 */
bool sah_findbar_set_query(sah_findbar_t *fb, sah_reader_t *reader, const char *query);
/* (transfer none): the query, "" before the first. */
const char *sah_findbar_query(const sah_findbar_t *fb);

size_t sah_findbar_n_hits(const sah_findbar_t *fb);
/* Hit @i: its bytes in the article's text, and its page (0-based) at the
 * reader's geometry (paginating as far as it). False past the last. */
bool sah_findbar_hit(sah_findbar_t *fb, size_t i, uint32_t *start, uint32_t *end, size_t *page);
/* Hit @i in a few words of context, the hit in [ ] (find.h). (transfer
 * full), NULL past the last or out of memory. */
char *sah_findbar_snippet(const sah_findbar_t *fb, size_t i) __attribute__((warn_unused_result));

/* Shows hit @i: the reader turns to its page and marks the hits; the bar
 * is on. False when there is no such hit. */
bool sah_findbar_show(sah_findbar_t *fb, size_t i);
/* The next (@dir > 0) or previous hit, round from the last to the first.
 * False when the bar is off or there is no hit. */
bool sah_findbar_step(sah_findbar_t *fb, int dir);
bool sah_findbar_active(const sah_findbar_t *fb);
size_t sah_findbar_current(const sah_findbar_t *fb);
/* The bar off, the marks gone from the reader, the hits and the query
 * forgotten. */
void sah_findbar_close(sah_findbar_t *fb);

typedef enum {
    SAH_FINDBAR_NONE = 0,
    SAH_FINDBAR_PREV,
    SAH_FINDBAR_NEXT,
    SAH_FINDBAR_CLOSE,
    SAH_FINDBAR_EDIT, /* the query: type another */
} sah_findbar_target_t;

/* The bar's height on a screen at the UI's scale: the reader's status bar
 * and bottom margin (54 px at 800x480). */
int sah_findbar_height(const sah_ui_t *ui);
/* What is at (@x, @y) of a @w x @h screen: NONE off the bar. */
sah_findbar_target_t sah_findbar_hit_test(const sah_findbar_t *fb, int w, int h, int x, int y);
/* Where @t is on a @w x @h screen. */
sah_box_t sah_findbar_target_box(const sah_findbar_t *fb, int w, int h, sah_findbar_target_t t);

/* Draws the bar over the bottom of @buf. False when a glyph failed. */
bool sah_findbar_draw(sah_findbar_t *fb, sah_pagebuf_t *buf);
/* Changes whenever the bar's picture does. */
unsigned long sah_findbar_serial(const sah_findbar_t *fb);

#endif
