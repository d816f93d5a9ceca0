/*
 * article-build.h - an article assembled by a reader of another format (a
 * web page: webarticle.c) instead of parsed from text by article.c.
 * Internal to app/content: article.c keeps the article's body opaque, and
 * this is the one door through which others hand it the pieces.
 *
 *   sah_article_draft_t d = {0};
 *   d.text = ...; d.parts = ...;          // malloc()ed: the draft owns them
 *   sah_article_t *a = sah_article_from_draft(&d);  // takes them all
 */
#ifndef SAH_ARTICLE_BUILD_H
#define SAH_ARTICLE_BUILD_H

#include "app/content/article.h"
#include "app/content/hash.h"

#include <stddef.h>

/* One point of the map between the text and the source: text byte @text
 * stands for source byte @source. Points are ordered with both coordinates
 * never decreasing; between two points the map is linear (see
 * sah_article_source_offset() in article.c for how ties and rounding go). */
typedef struct {
    size_t text, source;
} sah_offset_point_t;

typedef struct sah_toc sah_toc_t; /* app/content/toc.h */

typedef struct sah_article_draft {
    /* All malloc()ed and owned by the draft until sah_article_from_draft(). */
    char *text; /* valid UTF-8, NUL-terminated */
    size_t len;
    sah_part_t *parts; /* cover [0, len) in order without gaps; rtl set */
    size_t n_parts;
    sah_figure_t *figures; /* src and alt malloc()ed; one per figure part */
    size_t n_figures;
    char *title, *source, *date, *lang, *author, *summary; /* nullable */
    const char *dir;                                       /* static "rtl" or "ltr" */
    sah_encoding_t encoding;                               /* what the source was read from */
    char hash[SAH_HASH_HEX_SIZE];
    sah_offset_point_t *map; /* n_map points, at least (0, x) and (len, y) */
    size_t n_map;
    size_t source_len;
} sah_article_draft_t;

/*
 * sah_article_from_draft:
 * @d: (transfer full): its pieces become the article's; @d is left zeroed.
 *
 * Counts the words of the shown parts for the reading time (as for a text
 * article: article.h's rates by meta.lang), and sets lang to "ar" when the
 * draft has none and the text is mostly Arabic.
 *
 * Returns: (transfer full) the article, or NULL when out of memory (the
 * pieces are freed).
 */
sah_article_t *sah_article_from_draft(sah_article_draft_t *d) __attribute__((warn_unused_result));

/* Frees what @d holds and zeroes it. */
void sah_article_draft_clear(sah_article_draft_t *d);

/* Gives @a contents of its own ((transfer full) @toc; NULL for none),
 * when its source has them (an EPUB's table of contents): toc.h's
 * sah_toc_from_article() then gives those instead of its headings. The
 * offsets are found through the finished article's map, hence after. */
void sah_article_set_own_toc(sah_article_t *a, sah_toc_t *toc);

/* Returns: (transfer none) the contents set by sah_article_set_own_toc(),
 * owned by @a; NULL when it has none. */
const sah_toc_t *sah_article_own_toc(const sah_article_t *a);

#endif
