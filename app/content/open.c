/* open.c - see open.h. */
#include "app/content/open.h"

#include "app/content/epub.h"
#include "app/content/epubarticle.h"

#include <stdlib.h>

bool sah_open_is_epub(const char *path)
{
    char *file = NULL;
    size_t n;
    bool epub = sah_epub_split_path(path, &file, &n);
    free(file);
    return epub;
}

sah_article_t *sah_open_article(const char *path, const sah_sitelines_t *site,
                                sah_article_status_t *status)
{
    if (sah_open_is_epub(path))
        return sah_epub_article_open(path, status);
    return sah_article_load_site(path, site, status);
}

sah_article_t *sah_open_article_head(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status, sah_article_rest_t **rest)
{
    *rest = NULL;
    if (sah_open_is_epub(path))
        return sah_epub_article_open(path, status);
    return sah_article_load_head(path, site, status, rest);
}
