/*
 * article.h - a news article: its text, its parts with their byte ranges, its
 * metadata and its identity. The format is described in docs/article-format.md.
 *
 *   sah_article_status_t st;
 *   sah_article_t *a = sah_article_load("assets/articles/seed-article-ar.txt", &st);
 *   if (!a)
 *       return;                      // one line naming the file was logged
 *   size_t len;
 *   const char *text = sah_article_text(a, &len);
 *   for (size_t i = 0; i < sah_article_n_parts(a); i++) {
 *       const sah_part_t *p = sah_article_part(a, i);
 *       if (sah_part_kind_is_shown(p->kind))
 *           show(p->kind, text + p->start, p->end - p->start);
 *   }
 *   printf("%s, %d min\n", sah_article_meta(a)->title, sah_article_meta(a)->minutes);
 *   sah_article_free(a);
 *
 * The parts cover the text from byte 0 to the end, in order, without gaps or
 * overlaps: what is not shown (front matter, the reading-time line, the
 * caption's repeat, page furniture, blank lines) is a part too, so a byte
 * offset (a page start, a bookmark) always falls in exactly one part.
 *
 * Byte offsets refer to sah_article_text(): the file's own bytes when it is
 * UTF-8, the converted UTF-8 text when it was Windows-1256 (meta.encoding
 * says which), because the engine only reads UTF-8 and a converted file is
 * always read through this conversion.
 *
 * A web page (.html, .htm, .xhtml; app/content/webarticle.h) is an article
 * too: its text is the shown blocks of its main content, one a line, which
 * is not the file. Places kept outside the article (reading positions,
 * bookmarks, `sahifa --find`'s offsets) are offsets into the file as read,
 * its SOURCE: sah_article_source_offset() and sah_article_text_offset() map
 * between the two, and are the identity for a text article.
 */
#ifndef SAH_ARTICLE_H
#define SAH_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

/* Files larger than this are refused: a news article is tens of KB; anything
 * near this size is a mistake (a video renamed .txt) that would otherwise
 * cost the reader its memory on a 1 GB board. */
#define SAH_ARTICLE_MAX_BYTES ((size_t)8 * 1024 * 1024)

/* Silent-reading rates (words per minute) for the computed reading time,
 * from the IReST study (Trauzettel-Klosinski & Dietz, IOVS 2012, 17
 * languages, adult readers): Arabic 138, English 228. Arabic is the slowest
 * of the 17 because its orthographic words carry clitics (و، ب، ال، ـها):
 * one Arabic word is often two or three English ones. Text in other
 * languages uses the English rate. */
#define SAH_ARTICLE_WPM_ARABIC 138
#define SAH_ARTICLE_WPM_OTHER  228

typedef enum {
    SAH_ARTICLE_OK = 0,
    SAH_ARTICLE_ERR_IO,        /* cannot open or read (missing, unreadable, a directory) */
    SAH_ARTICLE_ERR_EMPTY,     /* no bytes, or nothing but blank lines and front matter */
    SAH_ARTICLE_ERR_TOO_LARGE, /* more than SAH_ARTICLE_MAX_BYTES */
    SAH_ARTICLE_ERR_BINARY,    /* NUL bytes or control characters: not text */
    SAH_ARTICLE_ERR_ENCODING,  /* text, but neither UTF-8 nor Windows-1256 */
    SAH_ARTICLE_ERR_NOMEM,
} sah_article_status_t;

typedef enum {
    SAH_ENCODING_UTF8 = 0,
    SAH_ENCODING_CP1256, /* converted to UTF-8 on load */
    /* Only web pages declare these (their <meta charset>, a BOM). */
    SAH_ENCODING_UTF16LE,
    SAH_ENCODING_UTF16BE,
    SAH_ENCODING_CP1252,
    SAH_ENCODING_CP1255,
    SAH_ENCODING_ISO8859_6,
    SAH_ENCODING_OTHER, /* another encoding iconv knows */
} sah_encoding_t;

/* The role of each part of the text. The shown ones come first, in the
 * order a newspaper sets the head: what the reader lays out for each is in
 * app/ui/reader.c, what the parser recognises in docs/article-format.md. */
typedef enum {
    /* Shown, in reading order. */
    SAH_PART_HEADLINE,
    SAH_PART_DECK,         /* the standfirst: a sentence or two under the headline */
    SAH_PART_BYLINE,       /* "بقلم ...", "By ..." */
    SAH_PART_DATELINE,     /* "دبي - الشرق": City - Source */
    SAH_PART_DATE,         /* the publication date or time, as written */
    SAH_PART_READING_TIME, /* the publisher's own figure: "8 mins read" */
    SAH_PART_SOURCE,       /* "المصدر: رويترز" */
    SAH_PART_CAPTION,      /* a photo caption; its repeats are SAH_PART_REPEAT */
    SAH_PART_HEADING,      /* a section heading between body paragraphs */
    SAH_PART_BODY,         /* one paragraph (one line of the file) */
    SAH_PART_QUOTE,        /* a block quotation */
    SAH_PART_LIST_ITEM,    /* one item of a list */
    SAH_PART_FIGURE,       /* a photo */
    /* Not shown. */
    SAH_PART_FRONT_MATTER, /* the --- block, read into the metadata */
    SAH_PART_REPEAT,       /* a line shown already (a caption or title again) */
    SAH_PART_CHROME,       /* the site's: menus, ads, share bars, related stories */
    SAH_PART_SPACE,        /* line breaks, blank lines, a BOM, edge spaces */
    SAH_PART_KIND_COUNT
} sah_part_kind_t;

typedef struct {
    sah_part_kind_t kind;
    size_t start; /* byte range [start, end) in sah_article_text() */
    size_t end;
    /* A shown part's own direction, as UAX#9 rules P2-P3 give it (its
     * first strong character), else the article's (meta.dir): an English
     * line in an Arabic article is set left to right. Hidden parts: the
     * article's. */
    bool rtl;
} sah_part_t;

typedef struct {
    /* (transfer none): strings owned by the article, valid until
     * sah_article_free(); UTF-8, NUL-terminated. */
    const char *title;       /* front matter, else the headline, else the lead; nullable */
    const char *source;      /* front matter, else the dateline's source; nullable */
    const char *date;        /* front matter, ISO 8601 as written; nullable */
    const char *lang;        /* front matter, else "ar" for Arabic-script text; nullable */
    const char *dir;         /* "rtl" or "ltr": front matter, else the majority script */
    const char *author;      /* nullable */
    const char *summary;     /* nullable */
    const char *const *tags; /* n_tags strings */
    size_t n_tags;
    int minutes;                 /* reading time, at least 1 */
    bool minutes_from_publisher; /* the text's or front matter's own figure */
    size_t words;                /* words of the shown parts */
    sah_encoding_t encoding;
    const char *hash; /* identity: 64 hex digits, see sah_article_identity() */
    /* A page without a headline (and without a front matter title) is
     * named by a lead: bytes [lead_start, lead_end) of the text, a prefix
     * of its first body paragraph cut at a word (its first sentence when
     * short), which is also meta.title. It is not a part: parts do not
     * overlap, and the paragraph stays whole in its body part. The
     * reader names the article by it (library, status bar) and does not
     * set it on the page, where every byte belongs to one page only;
     * sahifa --dump-article prints it as a "headline" block with these
     * offsets, just before the paragraph. Both 0 when there is a
     * headline. */
    size_t lead_start, lead_end;
} sah_article_meta_t;

/* A photo the article shows. Figures are counted in reading order: the
 * i-th part of kind SAH_PART_FIGURE shows figure i. A figure part's bytes
 * are where the photo stands in the text and are not set as text: a web
 * page's alt text (U+FFFC when it has none), or for a text article's
 * front-matter photo the line break(s) before its caption (else after its
 * headline), so that every figure part is non-empty and a page still
 * starts at a byte of its own. */
typedef struct {
    /* (transfer none): owned by the article, valid until
     * sah_article_free(); UTF-8, NUL-terminated. */
    const char *src; /* as written: relative to the article's file, or a URL; never NULL */
    const char *alt; /* what the photo shows, for a placeholder; nullable */
    bool remote;     /* a URL (http:, https:, ftp:, //): never fetched, a placeholder */
} sah_figure_t;

typedef struct sah_article sah_article_t;

/*
 * sah_article_load:
 * @path: a file.
 * @status: (out) (nullable): why it failed, or SAH_ARTICLE_OK.
 *
 * Reads and parses @path. On failure logs one line naming @path to stderr.
 *
 * Returns: (transfer full) the article (sah_article_free() it), or NULL.
 */
sah_article_t *sah_article_load(const char *path, sah_article_status_t *status)
    __attribute__((warn_unused_result));

/*
 * sah_article_load_in:
 * @dirfd: the folder's descriptor (a bundle's, sah_bundle_open_dir()).
 * @name: the file in it; a symbolic link is followed only while it stays
 *   inside the folder (platform/readfile.h's sah_file_read_in()).
 * @path: names the file in messages.
 *
 * sah_article_load() for a file found inside a folder.
 */
sah_article_t *sah_article_load_in(int dirfd, const char *name, const char *path,
                                   sah_article_status_t *status)
    __attribute__((warn_unused_result));

typedef struct sah_sitelines sah_sitelines_t; /* app/content/sitelines.h */

/*
 * sah_article_load_site:
 * @site: (nullable) (transfer none): the lines the article's site prints in
 *   its other pages (sah_sitelines_for_article()); only read during the call.
 *
 * sah_article_load() that also hides the site's lines as chrome, unless
 * the article would show nothing (docs/article-format.md, "What is chrome").
 * With @site NULL it is sah_article_load().
 */
sah_article_t *sah_article_load_site(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status)
    __attribute__((warn_unused_result));

/* A long text article is opened in two steps: its head (a prefix of at
 * most SAH_ARTICLE_HEAD_BYTES, cut after a line break) is parsed for the
 * first pages, the whole file after them, when the file is over
 * SAH_ARTICLE_HEAD_FROM. The head's parse is on the way to page 1: 32 KiB
 * costs about 3 M instructions (64 KiB cost 6 M, a seventh of page 1's
 * budget), holds the SAH_HEAD_WINDOW lines the headline is looked for in
 * (a newspaper's head, or 160 lines of 200 bytes), and its first half,
 * the pages it is trusted for (app/ui/reader.c), is ten pages of the
 * 800x480 screen; a page past them waits for the whole parse. */
#define SAH_ARTICLE_HEAD_BYTES ((size_t)32 * 1024)
#define SAH_ARTICLE_HEAD_FROM  ((size_t)128 * 1024)

/* The file to read and parse whole after the head (opaque). */
typedef struct sah_article_rest sah_article_rest_t;

/*
 * sah_article_load_head:
 * @rest: (out) (transfer full): the file to parse whole, when the article
 *   returned is a head; NULL otherwise.
 *
 * sah_article_load_site() that leaves the identity of a text article to be
 * computed later (sah_article_identity_step(): a whole-file hash is not on
 * the path to a long article's first page; meta.hash is "" until then; a
 * web page's identity is computed now, its source's hash) and, for a text
 * file longer than SAH_ARTICLE_HEAD_FROM whose head is UTF-8 text (no
 * NUL, few control characters), reads and parses only the head: page 1
 * costs the same in any file. The head is an article of its own (sah_article_is_head()):
 * its parts and metadata are the head's, its places (source offsets and
 * length) range over the whole file, and its identity is unknown until
 * sah_article_set_identity() (never computed from the head). Parse the
 * whole with sah_article_rest_parse(): that article is the one that counts
 * (sah_article_load() gives the same). Without a head, @rest is NULL and
 * the article is the whole file's.
 */
sah_article_t *sah_article_load_head(const char *path, const sah_sitelines_t *site,
                                     sah_article_status_t *status, sah_article_rest_t **rest)
    __attribute__((warn_unused_result));

/*
 * sah_article_rest_parse:
 * The whole parse of @rest's file, read now, as sah_article_load_site()
 * reads and parses it, its identity computed. Uses only @rest (which it
 * does not change), so a worker thread may run it while the caller goes
 * on. The file is the one read then: changed since the head was read, its
 * whole parse is what the reader swaps in all the same.
 * Returns: (transfer full) the article, or NULL (one line logged).
 */
sah_article_t *sah_article_rest_parse(sah_article_rest_t *rest, sah_article_status_t *status)
    __attribute__((warn_unused_result));

/* Frees @rest; NULL is a no-op. */
void sah_article_rest_free(sah_article_rest_t *rest);

/* Whether @a is a head (sah_article_load_head()). */
bool sah_article_is_head(const sah_article_t *a);

/* sah_article_load_in() that leaves the identity of a text article to be
 * computed later, as sah_article_load_head(): the library lists a new file
 * by its sah_article_content_key(). */
sah_article_t *sah_article_load_in_lazy(int dirfd, const char *name, const char *path,
                                        sah_article_status_t *status)
    __attribute__((warn_unused_result));

/* sah_article_load_in() with the site's lines, as sah_article_load_site(). */
sah_article_t *sah_article_load_in_site(int dirfd, const char *name, const char *path,
                                        const sah_sitelines_t *site, sah_article_status_t *status)
    __attribute__((warn_unused_result));

/*
 * sah_article_new_from_bytes:
 * @name: names the source in messages (a path).
 * @bytes: (transfer none): the file's content; copied.
 * @n: its size.
 * @status: (out) (nullable).
 *
 * As sah_article_load() for bytes already in memory.
 *
 * Returns: (transfer full) the article, or NULL (one line logged).
 */
sah_article_t *sah_article_new_from_bytes(const char *name, const char *bytes, size_t n,
                                          sah_article_status_t *status)
    __attribute__((warn_unused_result));

/* Frees @a; NULL is a no-op. */
void sah_article_free(sah_article_t *a);

/* Returns: (transfer none) the UTF-8 text the parts index, owned by @a and
 * valid until sah_article_free(); NUL-terminated, its length in @len. */
const char *sah_article_text(const sah_article_t *a, size_t *len);

/* Returns: the number of parts (at least 1). */
size_t sah_article_n_parts(const sah_article_t *a);

/* Returns: (transfer none) part @i (< sah_article_n_parts()), owned by @a. */
const sah_part_t *sah_article_part(const sah_article_t *a, size_t i);

/* Returns: (transfer none) the metadata, owned by @a. */
const sah_article_meta_t *sah_article_meta(const sah_article_t *a);

/* Returns: the number of figures (figure parts), 0 for most text articles. */
size_t sah_article_n_figures(const sah_article_t *a);

/* Returns: (transfer none) figure @i (< sah_article_n_figures()), owned by
 * @a. Read its file with app/content/figure.h. */
const sah_figure_t *sah_article_figure(const sah_article_t *a, size_t i);

/*
 * sah_article_source_offset:
 * @text_offset: a byte offset into sah_article_text(), at most its length.
 *
 * Where the character at @text_offset comes from in the article's source
 * (the file as read: its bytes when UTF-8, else converted to UTF-8): for a
 * text article @text_offset itself; for a web page a byte of the page, past
 * any markup before the character. Monotonic (never decreasing as
 * @text_offset grows). How exact it is: webarticle.h.
 *
 * Returns: a byte offset into the source, at most sah_article_source_length().
 */
size_t sah_article_source_offset(const sah_article_t *a, size_t text_offset);

/* As sah_article_source_offset() for the END of a range of the text (a
 * hit's end, exclusive): where the text before @text_end ends in the
 * source, before any markup that follows it. */
size_t sah_article_source_end(const sah_article_t *a, size_t text_end);

/*
 * sah_article_text_offset:
 * @source_offset: a byte offset into the source (a kept place).
 *
 * The inverse of sah_article_source_offset(): the text offset of the
 * character at @source_offset; a source byte the text does not show (a
 * web page's markup, its menus) gives the next shown character. Exact for
 * every offset sah_article_source_offset() returns: a place kept as a
 * source offset comes back to the same character. Monotonic.
 *
 * Returns: a byte offset into sah_article_text(), at most its length.
 */
size_t sah_article_text_offset(const sah_article_t *a, size_t source_offset);

/* Returns: the length of the source source offsets index (the text's for a
 * text article): a kept place past it marks nothing of this article. */
size_t sah_article_source_length(const sah_article_t *a);

/* Returns: (transfer none) a static English phrase for @st ("empty file"). */
const char *sah_article_status_string(sah_article_status_t st);

/* Returns: (transfer none) a static name for @enc: "utf-8", "windows-1256",
 * "utf-16le", "windows-1252", "iso-8859-6", "other"... */
const char *sah_encoding_name(sah_encoding_t enc);

/* Whether a part of @kind is shown to the reader. */
bool sah_part_kind_is_shown(sah_part_kind_t kind);

/* Returns: (transfer none) the static name of @kind as --dump-article and
 * docs/article-format.md write it: "headline", "reading_time", "chrome". */
const char *sah_part_kind_name(sah_part_kind_t kind);

/*
 * sah_article_identity:
 * @text: UTF-8 article text without its front matter.
 * @n: its length.
 * @hex: (out caller-allocates): the SHA-256 of the normalised text.
 *
 * The normalisation, so that a copy re-saved by another editor is the same
 * article: a leading BOM dropped; lines split at LF, CR LF or CR; spaces and
 * tabs trimmed from both ends of each line; blank lines dropped; the lines
 * joined with one LF, no final LF. No Unicode normalisation (NFC): copies
 * keep their code points, and NFC would bring a Unicode library into app/
 * for a difference real copies do not have.
 *
 * Returns: false when out of memory (@hex untouched).
 */
bool sah_article_identity(const char *text, size_t n, char hex[65])
    __attribute__((warn_unused_result));

/* Whether meta.hash holds the identity (always, but after
 * sah_article_load_head() until sah_article_identity_step() finishes). */
bool sah_article_identity_known(const sah_article_t *a);

/*
 * sah_article_identity_step:
 * Adds about @max_bytes more of the text to the identity being computed
 * (a step's cost is bounded whatever the lines' lengths).
 * Returns: true when the identity is known (meta.hash holds it).
 */
bool sah_article_identity_step(sah_article_t *a, size_t max_bytes);

/*
 * sah_article_content_key:
 * @hex: (out caller-allocates): a text article's key: the XXH3-128 of what
 *   its identity hashes (hash.h's sah_fasthash_t), 32 hex digits, known
 *   whether or not the identity is; any other article's identity itself.
 *
 * Equal for two articles with the same identity, unequal otherwise (but
 * for a collision no real text has): the library tells copies apart by it
 * without the identity's SHA-256 (library.c).
 *
 * Returns: false when out of memory (@hex untouched).
 */
bool sah_article_content_key(const sah_article_t *a, char hex[65])
    __attribute__((warn_unused_result));

/*
 * sah_article_set_identity:
 * @hex: 64 hex digits that a cache remembered for exactly this file's
 *   bytes (library.h's sah_library_known_identity()).
 * Takes @hex as the identity and stops computing it.
 */
void sah_article_set_identity(sah_article_t *a, const char hex[65]);

#endif
