/*
 * epubarticle.h - an EPUB's article (epub.h) as an article (article.h), so
 * that the reader, --find and the library's search read it as they read a
 * web page.
 *
 *   sah_article_status_t st;
 *   sah_article_t *a = sah_epub_article_open("paper.epub#2", &st);
 *   if (!a)
 *       return;                      // one line naming "paper.epub#2" was logged
 *
 * THE ARTICLE: its documents' blocks joined, as webarticle.h joins several
 * pages (sah_web_pages_t): a periodical's article N is its documents (the
 * article's first page gives its headline), a book or a whole file
 * ("X.epub" without "#N") every spine document, each document's headline
 * after the first a heading. A book's contents (toc.h) are the EPUB's
 * table of contents: each entry at the start of the text of the document
 * it points at, or at the element its "#fragment" names, one level deeper
 * than its depth in the table (docs/article-format.md, "EPUB").
 *
 * ITS SOURCE, where kept places point (article.h): the virtual
 * concatenation of the article's documents, document k's bytes (as html.h
 * reads them: the entry's bytes when UTF-8) after those of documents
 * 0..k-1 of the article; a document that cannot be read counts its size in
 * the zip directory, so the ones after it keep their offsets. At most
 * SAH_EPUB_ARTICLE_MAX_SOURCE bytes of documents are read: the documents
 * past that are left out with one line.
 *
 * ITS FIGURES: a photo's src is written relative to its document inside
 * the archive; the article holds it resolved to the archive's entry name
 * ("OEBPS/images/p 1.jpg"), or as written when it leads out of the archive
 * (then never read). figure.h reads it from the archive.
 *
 * ITS IDENTITY: sah_epub_article_identity(), the library's key for it.
 */
#ifndef SAH_EPUBARTICLE_H
#define SAH_EPUBARTICLE_H

#include "app/content/article.h"
#include "app/content/epub.h"

#include <stddef.h>

/* The documents of one article read, in bytes: the kept places' offsets
 * must fit the store's (SAH_STORE_OFFSET_MAX, the article size limit), and
 * the text is at most the source. A novel's XHTML is 0.3-2 MB. */
#define SAH_EPUB_ARTICLE_MAX_SOURCE SAH_ARTICLE_MAX_BYTES

/*
 * sah_epub_article_load:
 * @e: an open EPUB; its entries are read.
 * @i: an article (< sah_epub_n_articles()), or SAH_EPUB_WHOLE.
 * @name: names it in messages ("paper.epub#2").
 * @status: (out) (nullable).
 *
 * Reads and joins the documents of article @i. A document that cannot be
 * read or shows nothing is left out with html.h's or epub.h's line.
 *
 * Returns: (transfer full) the article, or NULL (no document shows any
 * text: SAH_ARTICLE_ERR_EMPTY; out of memory), one line logged.
 */
sah_article_t *sah_epub_article_load(sah_epub_t *e, size_t i, const char *name,
                                     sah_article_status_t *status)
    __attribute__((warn_unused_result));

/*
 * sah_epub_article_open:
 * @path: "X.epub" (the whole file: a book, or a periodical's whole issue)
 *   or "X.epub#N" (article N, from 1), as the library lists them.
 *
 * Opens the EPUB and loads the article @path names. An EPUB refused, "#0"
 * or an N past the last are one line naming @path (SAH_ARTICLE_ERR_IO;
 * SAH_ARTICLE_ERR_TOO_LARGE for an EPUB past its size limits).
 *
 * Returns: (transfer full) the article, or NULL.
 */
sah_article_t *sah_epub_article_open(const char *path, sah_article_status_t *status)
    __attribute__((warn_unused_result));

#endif
