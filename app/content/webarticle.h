/*
 * webarticle.h - a saved web page (.html, .htm, .xhtml) as an article
 * (article.h), so that the reader, the library, --find and --search read it
 * as they read a .txt one. sah_article_load() and its siblings call this by
 * the file's extension; a reader of other formats holding a parsed page (an
 * EPUB's chapter) calls sah_article_from_html() itself.
 *
 *   sah_html_t *h = sah_html_load("page.html", NULL);
 *   sah_article_t *a = h ? sah_article_from_html(h, "page.html", NULL) : NULL;
 *   sah_html_free(h);                 // the article keeps nothing of @h
 *   size_t src = sah_article_source_offset(a, 0);  // the headline, in the page
 *
 * THE ARTICLE: its text is the shown blocks of html.h, in reading order,
 * joined by "\n" (its own UTF-8, not the page's bytes); one part per block
 * (html.h's roles as parts: a table row is body), a SPACE part per join;
 * each part takes its block's direction. A figure's part holds its alt text,
 * or U+FFFC when it has none, and its figure (article.h) the src as written,
 * relative to the page: a browser's "NAME_files/x.jpg" is read beside the
 * page by figure.h. The metadata is the page's: title, byline as author
 * (without a lead word: "بقلم", "By", "كتب"),
 * site_name as source, date (when ISO 8601), lang, dir, excerpt as summary,
 * encoding; the reading time is computed from the shown words as for text.
 * No lead: a page has its title.
 *
 * IDENTITY: the hash is the SHA-256 of the page's source (the page as
 * read, byte for byte), not of the extracted text. Kept places are keyed by
 * it and are offsets into that source, so a better extractor (a different
 * text) finds them again; and two saves of one story that differ in their
 * bytes (even in line ends) have different offsets, so they must not share
 * a key.
 *
 * OFFSETS (article.h's sah_article_source_offset() and inverse): into
 * sah_html_source(), the file's bytes when it is UTF-8 (else the page
 * converted to UTF-8, as html.h says). How exact:
 *  - every shown character that is written in the page as itself, or as an
 *    entity (&amp;, &#1575;, &nbsp;), maps to its own first byte, exactly;
 *  - a space of the text stands for the white space and markup it collapses
 *    ("  <b>", "\n   ", "<br>"): it maps to the first of those bytes; the
 *    text's next character maps past them;
 *  - text the page does not hold as written (a table row's " | ", a
 *    headline taken from og:title) maps to the source byte where the next
 *    matching character resumes; a block whose text cannot be matched with
 *    its bytes (over 1 miss in 16 characters) is mapped linearly from its
 *    start to its end;
 *  - a block taken out of the page's order (a byline or site name read from
 *    <head> or JSON-LD and shown in front) maps to one point: the end of the
 *    block before it; a figure, linearly over its <img> tag;
 *  - the joins between blocks map to the previous block's end; a source
 *    byte between blocks (markup, menus, anything not shown) maps back to
 *    the next block's start.
 */
#ifndef SAH_WEBARTICLE_H
#define SAH_WEBARTICLE_H

#include "app/content/article.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sah_html sah_html_t;                   /* app/content/html.h */
typedef struct sah_article_draft sah_article_draft_t; /* app/content/article-build.h */

/* Whether @name (a file name or path) is a web page's: it ends in .html,
 * .htm or .xhtml, in any case. */
bool sah_article_is_web_page(const char *name);

/*
 * sah_article_from_html:
 * @h: (transfer none): a parsed page; only read during the call.
 * @name: names the page in messages.
 * @status: (out) (nullable): SAH_ARTICLE_OK or SAH_ARTICLE_ERR_NOMEM.
 *
 * Returns: (transfer full) the article (sah_article_free() it; it does not
 * refer to @h), or NULL when out of memory (one line logged).
 */
sah_article_t *sah_article_from_html(const sah_html_t *h, const char *name,
                                     sah_article_status_t *status)
    __attribute__((warn_unused_result));

/*
 * sah_article_from_html_bytes:
 * @name: names the page in messages (a path).
 * @bytes: (transfer none): the file's content.
 *
 * html.h's sah_html_new_from_bytes() then sah_article_from_html(); a page
 * html.h refuses (binary, empty, too large, an encoding it cannot convert)
 * gives the matching SAH_ARTICLE_ERR_* with html.h's one line.
 *
 * Returns: (transfer full) the article, or NULL.
 */
sah_article_t *sah_article_from_html_bytes(const char *name, const char *bytes, size_t n,
                                           sah_article_status_t *status)
    __attribute__((warn_unused_result));

/*
 * Several pages as one article (an EPUB's documents: epubarticle.h), the
 * way sah_article_from_html() makes one of a single page:
 *
 *   sah_web_pages_t *p = sah_web_pages_new();
 *   for (each document)
 *       h ? sah_web_pages_add(p, h) : sah_web_pages_skip(p, its_size);
 *   snprintf(sah_web_pages_draft(p)->hash, ...);         // the identity
 *   sah_article_t *a = sah_web_pages_finish(p, "book.epub", &st);
 *
 * The text is every page's blocks, joined by "\n" as within a page; the
 * parts and the figures follow in order, and a headline of a page after
 * the first is a heading (one article has one headline). The source is
 * the pages' sources one after the other (sah_html_source() of each, a
 * skipped page's @n bytes): page k's byte j is source offset j plus the
 * lengths of pages 0..k-1, and the map (OFFSETS above) holds within each
 * page. The metadata is the first page's, the caller's to change through
 * the draft before finishing; the hash is the caller's to set.
 */
typedef struct sah_web_pages sah_web_pages_t;

/* Returns: (transfer full) an article of no pages yet; NULL when out of
 * memory. */
sah_web_pages_t *sah_web_pages_new(void) __attribute__((warn_unused_result));

/* Frees @p and all it holds; NULL is a no-op. */
void sah_web_pages_free(sah_web_pages_t *p);

/* Appends the page @h ((transfer none): only read during the call).
 * Returns: false when out of memory (the finished article is then NULL). */
bool sah_web_pages_add(sah_web_pages_t *p, const sah_html_t *h) __attribute__((warn_unused_result));

/* Counts @n bytes of source for a page that shows nothing (it could not be
 * read): the pages after it keep their offsets when it reads again. */
void sah_web_pages_skip(sah_web_pages_t *p, size_t n);

/* Returns: (transfer none) the draft being filled, owned by @p, valid
 * until the next call on @p: its text, parts and figures so far (a
 * caller may rewrite a figure's malloc()ed src), its metadata and hash to
 * set. Its map is @p's until finished. */
sah_article_draft_t *sah_web_pages_draft(sah_web_pages_t *p);

/* Returns: the source's length so far: where the next page starts. */
size_t sah_web_pages_source_len(const sah_web_pages_t *p);

/*
 * sah_web_pages_finish:
 * @p: (transfer full): freed.
 * @name: names the article in messages.
 *
 * Returns: (transfer full) the article, or NULL: out of memory, or no page
 * shows any text (SAH_ARTICLE_ERR_EMPTY); one line logged naming @name,
 * none when no page was added (each page that could not be made said why).
 */
sah_article_t *sah_web_pages_finish(sah_web_pages_t *p, const char *name,
                                    sah_article_status_t *status)
    __attribute__((warn_unused_result));

#endif
