/*
 * html-score.h - which nodes of a page are its article. Internal to html*.c.
 */
#ifndef SAH_HTML_SCORE_H
#define SAH_HTML_SCORE_H

#include "app/content/html-dom.h"

typedef struct {
    uint32_t *roots; /* (transfer full) the article's top nodes, in document order */
    size_t n_roots;
    uint32_t byline;   /* the byline element found in the page, or SAH_HNONE */
    uint32_t headline; /* the <h1>/<h2> that repeats the title, or SAH_HNONE */
    const char *dir;   /* (transfer none) a dir attribute around the content, or NULL */
} sah_hscore_t;

/*
 * sah_hscore_extract:
 * @d: the page; its nodes' flags say afterwards what is left out (HN_DEAD,
 *   HN_CUT, HN_BYLINE, HN_HEADLINE), which html.c honours as it makes blocks.
 * @title: (nullable) the article's title, to recognise the heading that
 *   repeats it.
 * @find_byline: look for a byline element (when the metadata has none).
 *
 * Returns false on allocation failure only.
 */
bool sah_hscore_extract(sah_hdom_t *d, const char *title, bool find_byline, sah_hscore_t *out)
    __attribute__((warn_unused_result));
void sah_hscore_clear(sah_hscore_t *s);

/* The weight the class and id of @e earn (+-25 each), as the scoring uses it. */
int sah_hscore_class_weight(const sah_hnode_t *e);

/* How much of @b's words @a holds, 0..1 (1: every word of @b is in @a). */
double sah_htext_similarity(const char *a, const char *b);

#endif
