/*
 * open.h - any article by the path the library lists it under, whatever
 * its format: the one door the reader, --find and the library's other
 * readers go through.
 *
 *   sah_article_t *a = sah_open_article("news/paper.epub#2", NULL, &st);
 *
 * "X.epub" and "X.epub#N" (any case) are an EPUB's (epubarticle.h: the
 * whole file, or article N); any other path is a file read by article.h
 * (.txt, and by its extension a web page: webarticle.h). The text reader
 * cannot see the EPUB reader (it stands on the articles, not under them):
 * this module sees both.
 */
#ifndef SAH_OPEN_H
#define SAH_OPEN_H

#include "app/content/article.h"

#include <stdbool.h>

/* Whether @path names an EPUB or an article of one ("X.epub", "X.epub#N"). */
bool sah_open_is_epub(const char *path);

/*
 * sah_open_article:
 * @path: as the library lists it, or as given on the command line.
 * @site: (nullable) (transfer none): the bundle's site lines for a text
 *   article (article.h's sah_article_load_site()); an EPUB's are not used.
 * @status: (out) (nullable).
 *
 * Returns: (transfer full) the article, or NULL with one line logged
 * naming @path.
 */
sah_article_t *sah_open_article(const char *path, const sah_sitelines_t *site,
                                sah_article_status_t *status) __attribute__((warn_unused_result));

/* sah_open_article() that leaves a text article's identity to compute
 * (article.h's sah_article_load_head()) and opens a long one by its head
 * (sah_article_load_head(): @rest gets the whole file then, else NULL);
 * an EPUB's article is parsed whole, its identity computed. */
sah_article_t *sah_open_article_head(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status, sah_article_rest_t **rest)
    __attribute__((warn_unused_result));

#endif
