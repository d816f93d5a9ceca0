/*
 * epub-toc.h - an EPUB's table of contents from its EPUB 3 navigation
 * document (the <nav epub:type="toc"> of nav.xhtml) or its EPUB 2 NCX
 * (navMap/navPoint), as a flat list in document order with depths
 * (epub.h's sah_epub_toc_entry_t). For epub.c.
 */
#ifndef SAH_EPUB_TOC_H
#define SAH_EPUB_TOC_H

#include "app/content/epub.h"

#include <libxml/tree.h>

typedef struct {
    /* Each entry's label, doc and fragment are malloc()ed, owned here. */
    sah_epub_toc_entry_t *items;
    size_t n, cap;
    /* An NCX navPoint of class "periodical", "section" or "article": the
     * Kindle periodical NCX that calibre's news downloads write. */
    bool periodical_classes;
    bool cut; /* more than SAH_EPUB_MAX_TOC entries: the rest dropped */
} sah_epub_toc_list_t;

/* Appends the entries of the navigation document @doc (the zip entry
 * @entry: hrefs are resolved against it). Returns false when out of
 * memory. An entry whose target is not in the archive keeps a NULL doc;
 * @has_entry says what the archive holds. */
bool sah_epub_toc_from_nav(sah_epub_toc_list_t *t, xmlDoc *doc, const char *entry,
                           bool (*has_entry)(void *user, const char *name), void *user)
    __attribute__((warn_unused_result));

/* The same for an NCX. */
bool sah_epub_toc_from_ncx(sah_epub_toc_list_t *t, xmlDoc *doc, const char *entry,
                           bool (*has_entry)(void *user, const char *name), void *user)
    __attribute__((warn_unused_result));

/* Sets each entry's leaf flag from the depths that follow it. */
void sah_epub_toc_finish(sah_epub_toc_list_t *t);

/* Frees the entries; @t is empty after. */
void sah_epub_toc_clear(sah_epub_toc_list_t *t);

#endif
