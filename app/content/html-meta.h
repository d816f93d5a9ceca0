/*
 * html-meta.h - what a page says about its article: title, author, date,
 * site, language, summary. Internal to html*.c.
 */
#ifndef SAH_HTML_META_H
#define SAH_HTML_META_H

#include "app/content/html-dom.h"

typedef struct {
    /* (transfer full) strings, NULL when not found; sah_hmeta_clear() frees. */
    char *title, *byline, *date, *site_name, *lang, *excerpt;
    /* Where each came from (an element of the page), or SAH_HNONE. */
    uint32_t title_node, byline_node, date_node, site_node;
} sah_hmeta_t;

/*
 * sah_hmeta_read:
 * Reads @d's JSON-LD (the first NewsArticle, Article, BlogPosting...), its
 * <meta> (og:, article:, twitter:, dc:, name=author...), <title> (without
 * the site's suffix) and <time datetime>, in that order of trust.
 * Returns false on allocation failure (@m then holds what was read).
 */
bool sah_hmeta_read(const sah_hdom_t *d, sah_hmeta_t *m) __attribute__((warn_unused_result));
void sah_hmeta_clear(sah_hmeta_t *m);

#endif
