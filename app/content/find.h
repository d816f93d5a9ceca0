/*
 * find.h - a query's hits in one article: the words of the text as shown
 * (its shown parts, so the chrome and other hidden parts are never found),
 * folded as the library's index folds them (fold.h), in reading order.
 *
 *   sah_find_status_t st;
 *   sah_find_t *f = sah_find_new(article, "الحكومة قالت", 0, &st);
 *   for (size_t i = 0; f && i < sah_find_n_hits(f); i++) {
 *       size_t start, end;
 *       sah_find_hit(f, i, &start, &end);  // bytes of sah_article_text()
 *   }
 *   sah_find_free(f);
 *
 * A hit is whole words: the query's words, each matching one word of the
 * text (also after proclitics: حكومة finds والحكومة, the hit being the whole
 * word), one after the other; what lies between them in the text (spaces,
 * a line break, punctuation, the end of one paragraph and the start of the
 * next) does not matter. Hits do not overlap.
 */
#ifndef SAH_FIND_H
#define SAH_FIND_H

#include "app/content/article.h"

#include <stdbool.h>
#include <stddef.h>

/* Words of a query; more are refused (SAH_FIND_TOO_LONG): a phrase, not a
 * paragraph. */
#define SAH_FIND_MAX_WORDS 32

typedef enum {
    SAH_FIND_OK = 0,
    SAH_FIND_NO_WORDS, /* the query has no word */
    SAH_FIND_TOO_LONG, /* more than SAH_FIND_MAX_WORDS words */
    SAH_FIND_NOMEM,
} sah_find_status_t;

typedef struct sah_find sah_find_t;

/*
 * sah_find_new:
 * @a: (transfer none): must outlive the result.
 * @query: UTF-8 words.
 * @flags: SAH_SEARCH_* (search.h): the same options as the library's search.
 * @st: (out) (nullable): why NULL was returned.
 *
 * Returns: (transfer full) the hits (none is not an error), or NULL.
 */
sah_find_t *sah_find_new(const sah_article_t *a, const char *query, unsigned flags,
                         sah_find_status_t *st) __attribute__((warn_unused_result));
void sah_find_free(sah_find_t *f);

size_t sah_find_n_hits(const sah_find_t *f);

/* Hit @i's bytes [start, end) in sah_article_text(): from the first byte of
 * its first word to the end of its last word's last letter and the marks on
 * it. */
void sah_find_hit(const sah_find_t *f, size_t i, size_t *start, size_t *end);

/* Hit @i in a few words of context, the hit in [ ], "…" where the context
 * was cut, runs of spaces and line breaks as one space. Returns: (transfer
 * full) a string, NULL when out of memory. */
char *sah_find_snippet(const sah_find_t *f, size_t i) __attribute__((warn_unused_result));

#endif
