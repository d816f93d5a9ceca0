/*
 * html.h - a saved web page read as an article: its metadata and the blocks
 * of its main content (the rest of the page - menus, share buttons, related
 * links, comments, ads - left out), the way a browser's reader view shows it.
 *
 *   sah_html_status_t st;
 *   sah_html_t *h = sah_html_load("page.html", &st);
 *   if (!h)
 *       return;                        // one line naming the file was logged
 *   printf("%s\n", sah_html_meta(h)->title);
 *   for (size_t i = 0; i < sah_html_n_blocks(h); i++) {
 *       const sah_html_block_t *b = sah_html_block(h, i);
 *       printf("%s: %s\n", sah_html_role_name(b->role), b->text);
 *   }
 *   sah_html_free(h);
 *
 * The page is parsed by libxml2's HTML parser (never touching the network,
 * never loading a DTD or an external entity). How the main content is found
 * is explained at the top of html-score.c; where the metadata comes from, in
 * html-meta.c.
 *
 * Byte offsets: every block names the bytes of the page it came from,
 * [start, end) in sah_html_source(). That is the file's own bytes when it is
 * UTF-8, else the file converted to UTF-8 (meta.encoding says from what), as
 * for the text reader. An element's range runs from the '<' of its start tag
 * to just past the '>' of its end tag (or to where the parser closed it
 * implicitly); a block made of loose text and inline elements runs from its
 * first node to its last. The blocks are in reading order: the headline,
 * byline, date and source first (they may come from the page's <head>), then
 * the content in document order; ranges never overlap.
 */
#ifndef SAH_HTML_H
#define SAH_HTML_H

#include <stdbool.h>
#include <stddef.h>

/* Pages larger than this are refused, as articles are (article.h): a news
 * page is tens to hundreds of KB; 8 MiB is a video renamed .html. */
#define SAH_HTML_MAX_BYTES ((size_t)8 * 1024 * 1024)
/* Elements nested deeper than this, and nodes past this count, are not
 * read (the page is cut there, with one line logged): real pages nest 20-60
 * deep and hold some 10 000 nodes per MB; these bound the memory and the
 * time a hostile page can cost (libxml2's tree costs ~120 bytes a node). */
#define SAH_HTML_MAX_DEPTH 256
#define SAH_HTML_MAX_NODES 250000

typedef enum {
    SAH_HTML_OK = 0,
    SAH_HTML_ERR_IO,        /* cannot open or read */
    SAH_HTML_ERR_EMPTY,     /* no bytes, or no text at all */
    SAH_HTML_ERR_TOO_LARGE, /* more than SAH_HTML_MAX_BYTES */
    SAH_HTML_ERR_BINARY,    /* NUL bytes or control characters: not a page */
    SAH_HTML_ERR_ENCODING,  /* a declared encoding we cannot convert from */
    SAH_HTML_ERR_NOMEM,
} sah_html_status_t;

typedef enum {
    SAH_HTML_HEADLINE,
    SAH_HTML_DECK,   /* the standfirst under the headline */
    SAH_HTML_BYLINE, /* who wrote it */
    SAH_HTML_DATE,   /* as the page shows it; meta.date has it in ISO 8601 */
    SAH_HTML_SOURCE, /* the site or publisher */
    SAH_HTML_HEADING,
    SAH_HTML_BODY, /* a paragraph; a row of a data table, cells joined by " | " */
    SAH_HTML_QUOTE,
    SAH_HTML_LIST_ITEM,
    SAH_HTML_CAPTION,
    SAH_HTML_FIGURE, /* an image: src and alt; text is the alt, possibly empty */
} sah_html_role_t;

typedef struct {
    sah_html_role_t role;
    /* (transfer none): owned by the page, valid until sah_html_free(). */
    const char *text; /* UTF-8, NUL-terminated, entities decoded, white space collapsed */
    size_t start;     /* [start, end) in sah_html_source() */
    size_t end;
    bool rtl; /* the block's direction: dir, then lang, then UAX#9 P2-P3 */
    /* Figures only (NULL otherwise): src as written in the page (relative
     * to it, or a URL), never fetched; remote is true for http:, https:,
     * ftp: and scheme-relative "//" addresses. A data: URI is not kept. */
    const char *src;
    const char *alt;
    bool remote;
} sah_html_block_t;

typedef struct {
    /* (transfer none): owned by the page, valid until sah_html_free();
     * UTF-8, NUL-terminated; NULL when the page does not say. */
    const char *title;     /* JSON-LD, og:/twitter:/dc: title, else <title> without
                              the site's suffix, else the only <h1> */
    const char *byline;    /* JSON-LD author, meta author, rel=author, .byline */
    const char *date;      /* publication date, ISO 8601 (as the page wrote it) */
    const char *site_name; /* og:site_name, JSON-LD publisher */
    const char *lang;      /* <html lang>, else og:locale's language */
    const char *excerpt;   /* description meta, else the first paragraph */
    const char *dir;       /* "rtl" or "ltr": never NULL */
    bool dir_explicit;     /* dir came from a dir attribute around the content */
    const char *encoding;  /* what the file was converted from: "utf-8", "windows-1256"... */
} sah_html_meta_t;

typedef struct sah_html sah_html_t;

/*
 * sah_html_new_from_bytes:
 * @name: names the page in messages (a path).
 * @bytes: (transfer none): the file's content; copied.
 * @n: its size.
 * @status: (out) (nullable): why it failed, or SAH_HTML_OK.
 *
 * Decodes (BOM, then <meta charset> or http-equiv, else UTF-8 with a
 * Windows-1256 fallback), parses and extracts. A page whose main content
 * cannot be told apart gives the whole page's text as blocks. On failure
 * logs one line naming @name.
 *
 * Returns: (transfer full) the page (sah_html_free() it), or NULL.
 */
sah_html_t *sah_html_new_from_bytes(const char *name, const char *bytes, size_t n,
                                    sah_html_status_t *status) __attribute__((warn_unused_result));

/* sah_html_new_from_bytes() on the file at @path, read through
 * platform/readfile.h (at most SAH_HTML_MAX_BYTES). */
sah_html_t *sah_html_load(const char *path, sah_html_status_t *status)
    __attribute__((warn_unused_result));

/* Frees @h; NULL is a no-op. */
void sah_html_free(sah_html_t *h);

/* Returns: (transfer none) the UTF-8 text that block offsets index, owned by
 * @h, valid until sah_html_free(); NUL-terminated, its length in @len. */
const char *sah_html_source(const sah_html_t *h, size_t *len);

/* Returns: (transfer none) the metadata, owned by @h. */
const sah_html_meta_t *sah_html_meta(const sah_html_t *h);

size_t sah_html_n_blocks(const sah_html_t *h);
/* Returns: (transfer none) block @i (< sah_html_n_blocks()), owned by @h. */
const sah_html_block_t *sah_html_block(const sah_html_t *h, size_t i);

/* Whether @src (an <img> src, a front-matter photo) is an address on the
 * network: http:, https:, ftp: (in any case) or a scheme-relative
 * "//host/...". Such a photo is never fetched. */
bool sah_html_src_is_remote(const char *src);

/* Returns: (transfer none) the role's name as --dump-article prints it
 * ("headline", "body", "list_item"...); a static string. */
const char *sah_html_role_name(sah_html_role_t role);

#endif
