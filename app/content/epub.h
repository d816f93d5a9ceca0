/*
 * epub.h - an EPUB (2 or 3) file: its metadata, its spine, its table of
 * contents, and whether it is a book or a periodical of articles.
 *
 *   sah_epub_status_t st;
 *   sah_epub_t *e = sah_epub_open("paper.epub", &st);
 *   if (!e)
 *       return;                          // one line naming the file was logged
 *   for (size_t i = 0; i < sah_epub_n_articles(e); i++) {
 *       const sah_epub_article_t *a = sah_epub_article(e, i);
 *       for (size_t k = a->first; k < a->first + a->n_docs; k++) {
 *           char *bytes;
 *           size_t n;
 *           if (sah_epub_read_entry(e, sah_epub_spine_doc(e, k), &bytes, &n) == SAH_EPUB_OK) {
 *               ... sah_html_new_from_bytes(name, bytes, n, &hst) ...
 *               free(bytes);
 *           }
 *       }
 *   }
 *   sah_epub_free(e);
 *
 * An EPUB is a zip archive from anyone: the archive is checked whole when
 * it is opened, from its central directory and before anything is inflated
 * (epub-zip.c: names that leave the archive, symbolic links, encryption,
 * sizes and compression ratios; docs/limits.md), and every read is capped
 * again, whatever the archive claims. Its XML (container.xml, the OPF, the
 * navigation document or the NCX) is read by libxml2 with no network, no
 * DTD and no entity declared (epub-xml.c). Nothing is written to disk.
 *
 * Book or periodical (docs/article-format.md, "EPUB", says why): a
 * periodical is an EPUB that says it is one (calibre's
 * `calibre:publication_type` "periodical:...", a dc:type naming a
 * periodical, or an NCX with the periodical classes "article"/"section");
 * its articles are the leaves of its table of contents. Anything else is a
 * book: one article, the whole spine, whose chapters are the table of
 * contents.
 */
#ifndef SAH_EPUB_H
#define SAH_EPUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The EPUB file itself: it is not read whole (only its central directory
 * and the entries asked for), so this is a sanity bound, not a memory one.
 * A photo-heavy book is tens of MB; 512 MiB is a disk image renamed. */
#define SAH_EPUB_MAX_FILE_BYTES ((uint64_t)512 * 1024 * 1024)
/* Zip entries in one EPUB (from the end of central directory record,
 * before libzip reads the directory): a 2,000-page book has a few hundred. */
#define SAH_EPUB_MAX_ENTRIES 10000
/* The central directory's size: 10,000 entries with long names fit in 2 MB. */
#define SAH_EPUB_MAX_CDIR_BYTES ((uint64_t)16 * 1024 * 1024)
/* One entry inflated: a chapter is KBs, a photo a few MB (the image
 * decoder refuses more than 32 MiB of encoded bytes anyway). */
#define SAH_EPUB_MAX_ENTRY_BYTES ((uint64_t)32 * 1024 * 1024)
/* Every entry inflated, summed from the central directory. */
#define SAH_EPUB_MAX_TOTAL_BYTES ((uint64_t)1024 * 1024 * 1024)
/* Inflated size over stored size, for entries inflating to more than
 * SAH_EPUB_RATIO_MIN_BYTES: XHTML deflates 3-10x, a page of spaces ~300x
 * (deflate's ceiling is ~1032x, where zip bombs live). Small entries cost
 * nothing whatever their ratio. */
#define SAH_EPUB_MAX_RATIO       100
#define SAH_EPUB_RATIO_MIN_BYTES ((uint64_t)1024 * 1024)
/* container.xml, the OPF, the navigation document, the NCX: a 10,000-item
 * OPF is about 1.5 MB. */
#define SAH_EPUB_MAX_XML_BYTES ((size_t)4 * 1024 * 1024)
/* Entries of the table of contents kept, and their depth (deeper ones are
 * read as their ancestor's). */
#define SAH_EPUB_MAX_TOC   10000
#define SAH_EPUB_MAX_DEPTH 16

typedef enum {
    SAH_EPUB_OK = 0,
    SAH_EPUB_ERR_IO,        /* cannot open or read the file */
    SAH_EPUB_ERR_NOT_ZIP,   /* not a zip archive */
    SAH_EPUB_ERR_TOO_LARGE, /* a size or count past its limit (above) */
    SAH_EPUB_ERR_UNSAFE,    /* an entry named "../x" or "/x", or a symbolic link */
    SAH_EPUB_ERR_ENCRYPTED, /* an encrypted entry (DRM, password) */
    SAH_EPUB_ERR_BOMB,      /* an entry inflating more than SAH_EPUB_MAX_RATIO times */
    SAH_EPUB_ERR_CORRUPT,   /* bad CRC, broken deflate, more bytes than it said */
    SAH_EPUB_ERR_NOT_EPUB,  /* no container.xml, no OPF, an empty spine */
    SAH_EPUB_ERR_XML,       /* package XML not well-formed, or declaring entities */
    SAH_EPUB_ERR_MISSING,   /* sah_epub_read_entry(): no such entry */
    SAH_EPUB_ERR_NOMEM,
} sah_epub_status_t;

typedef enum {
    SAH_EPUB_BOOK,
    SAH_EPUB_PERIODICAL,
} sah_epub_kind_t;

typedef struct {
    /* (transfer none): owned by the EPUB, valid until sah_epub_free();
     * UTF-8, white space collapsed; NULL when the OPF does not say. */
    const char *title; /* dc:title (the first); never NULL: else the file's name */
    const char *creator;
    const char *date; /* dc:date as written (ISO 8601 in practice) */
    const char *language;
    const char *publisher;
    const char *identifier;
    const char *version;  /* the package's version attribute: "2.0", "3.0" */
    const char *dir;      /* "rtl" or "ltr", never NULL: the spine's
                             page-progression-direction, else the language's */
    const char *identity; /* 64 hex digits: SHA-256 of the OPF's bytes */
} sah_epub_meta_t;

typedef struct {
    /* (transfer none): owned by the EPUB. */
    const char *label;    /* never NULL, may be "" */
    const char *doc;      /* the zip entry it points at; NULL when it names
                             nothing in the archive (a URL, a missing file) */
    const char *fragment; /* after '#', percent-decoded; NULL when none */
    int depth;            /* 0 for the top level */
    size_t spine;         /* doc's index in the spine, or SIZE_MAX */
    bool leaf;            /* no entries under it */
} sah_epub_toc_entry_t;

typedef struct {
    /* (transfer none): owned by the EPUB. */
    const char *title;   /* its toc label; for a book, meta.title */
    const char *section; /* the toc entry above it, nullable */
    size_t first;        /* its spine documents: [first, first + n_docs) */
    size_t n_docs;
    size_t toc;              /* its toc entry, or SIZE_MAX (a book, a periodical without one) */
    uint64_t stored_bytes;   /* its documents' compressed sizes, summed */
    uint64_t inflated_bytes; /* and inflated (from the central directory) */
} sah_epub_article_t;

typedef struct sah_epub sah_epub_t;

/*
 * sah_epub_open:
 * @path: the file; symbolic links are followed (a path the user named).
 * @status: (out) (nullable): why it failed, or SAH_EPUB_OK.
 *
 * Opens the archive, checks every entry (the first that fails refuses the
 * file), reads container.xml, the OPF (metadata, manifest, spine) and the
 * table of contents, and sorts the EPUB into book or periodical. A spine
 * item missing from the manifest or the archive, or one that is not XHTML,
 * is skipped with one line; a table of contents that cannot be read is one
 * line and none. On failure logs one line naming @path.
 *
 * Returns: (transfer full) the EPUB (sah_epub_free() it), or NULL.
 */
sah_epub_t *sah_epub_open(const char *path, sah_epub_status_t *status)
    __attribute__((warn_unused_result));

/* sah_epub_open() of @name inside the folder @dirfd (platform/readfile.h:
 * a link only while it stays inside); @path names it in messages. */
sah_epub_t *sah_epub_open_in(int dirfd, const char *name, const char *path,
                             sah_epub_status_t *status) __attribute__((warn_unused_result));

/* Frees @e; NULL is a no-op. */
void sah_epub_free(sah_epub_t *e);

/* Returns: a phrase for @st ("not a zip archive"...), static. */
const char *sah_epub_status_string(sah_epub_status_t st);

/* Returns: (transfer none) the metadata, owned by @e. */
const sah_epub_meta_t *sah_epub_meta(const sah_epub_t *e);

sah_epub_kind_t sah_epub_kind(const sah_epub_t *e);

/* The reading order: XHTML documents, by zip entry name. */
size_t sah_epub_n_spine(const sah_epub_t *e);
/* Returns: (transfer none) spine document @i's zip entry name, owned by @e;
 * NULL when out of range. */
const char *sah_epub_spine_doc(const sah_epub_t *e, size_t i);

/* The table of contents, in document order (nav.xhtml's toc nav for EPUB 3,
 * else the NCX): a book's chapters, a periodical's sections and articles. */
size_t sah_epub_n_toc(const sah_epub_t *e);
/* Returns: (transfer none) entry @i, owned by @e; NULL when out of range. */
const sah_epub_toc_entry_t *sah_epub_toc(const sah_epub_t *e, size_t i);

/* A periodical's articles, in the table of contents' order; a book is one
 * article (the whole spine, titled meta.title). Never 0 for an open EPUB. */
size_t sah_epub_n_articles(const sah_epub_t *e);
/* Returns: (transfer none) article @i, owned by @e; NULL when out of range. */
const sah_epub_article_t *sah_epub_article(const sah_epub_t *e, size_t i);

/* Entry @name's inflated size, from the zip directory: false when the
 * archive has no such entry. */
bool sah_epub_entry_size(const sah_epub_t *e, const char *name, uint64_t *inflated);

/* In place of an article's number: the whole file, every spine document
 * (a book's one article; a periodical's whole issue). */
#define SAH_EPUB_WHOLE SIZE_MAX

/*
 * sah_epub_article_identity:
 * @i: an article (< sah_epub_n_articles()) or SAH_EPUB_WHOLE.
 * @hex: (out): 64 hex digits and a NUL.
 *
 * The identity the library lists article @i under and the reader keeps its
 * places by (SHA-256): the package's (meta.identity), for a periodical's
 * article its number, and each of its documents' name, inflated size and
 * CRC-32 from the zip directory, so that an issue whose documents changed
 * is another article (kept places are offsets into those bytes) while the
 * same file copied twice is one. A book's article 0 is the whole file.
 * Reads no entry. Returns: false when out of memory or @i is out of range.
 */
bool sah_epub_article_identity(sah_epub_t *e, size_t i, char *hex)
    __attribute__((warn_unused_result));

/*
 * sah_epub_read_file_entry:
 * @path: an EPUB file.
 * @name: the entry, its exact name in the archive.
 * @max: the most bytes accepted (and never more than
 *   SAH_EPUB_MAX_ENTRY_BYTES): a larger entry is SAH_EPUB_ERR_TOO_LARGE.
 *
 * Checks the archive as sah_epub_open() does (not its package) and
 * inflates one entry, as sah_epub_read_entry(): a photo of an EPUB's
 * article, read by name without reading the book again. Logs as they do,
 * but for an entry missing or stated larger than @max: those are the
 * caller's to name.
 */
sah_epub_status_t sah_epub_read_file_entry(const char *path, const char *name, size_t max,
                                           char **bytes, size_t *n)
    __attribute__((warn_unused_result));

/*
 * sah_epub_read_entry:
 * @name: a zip entry's name (sah_epub_spine_doc(), sah_epub_resolve()).
 * @bytes: (out) (transfer full): its inflated bytes and a NUL that @n does
 *   not count; free() it. NULL on failure.
 * @n: (out): their number.
 *
 * Inflates one entry, never more than SAH_EPUB_MAX_ENTRY_BYTES nor more
 * than the central directory said (an entry that inflates past its stated
 * size is corrupt), its CRC checked. Failures other than
 * SAH_EPUB_ERR_MISSING log one line naming the file and the entry.
 *
 * Returns: SAH_EPUB_OK, or why not.
 */
sah_epub_status_t sah_epub_read_entry(sah_epub_t *e, const char *name, char **bytes, size_t *n)
    __attribute__((warn_unused_result));

/*
 * sah_epub_resolve:
 * @base: the zip entry the reference is written in ("OEBPS/text/a.xhtml").
 * @href: as written there ("../images/p%201.jpg#x").
 * @fragment: (out) (optional) (transfer full): the part after '#',
 *   percent-decoded, or NULL; free() it.
 *
 * Resolves @href against @base's folder inside the archive, as a URL
 * reference: percent-decoded, "." and ".." segments applied. Does not look
 * the result up (sah_epub_read_entry() does).
 *
 * Returns: (transfer full) the entry name ("OEBPS/images/p 1.jpg"), or NULL
 * for a reference outside the archive: a scheme ("http:", "data:"), a path
 * climbing above the root, %00, or out of memory. free() it.
 */
char *sah_epub_resolve(const char *base, const char *href, char **fragment)
    __attribute__((warn_unused_result));

/*
 * sah_epub_split_path:
 * @path: a path as the library lists it: "DIR/X.epub" (a book, or a whole
 *   periodical) or "DIR/X.epub#N" (a periodical's article N, from 1).
 * @file: (out) (transfer full): the file's path, without "#N"; free() it.
 * @article: (out): N; 0 when none is given; SIZE_MAX for "#0" or a number
 *   too large to be one.
 *
 * Returns: whether @path names an EPUB (".epub" in any case, before any
 * "#N"); false (and *@file NULL) otherwise or when out of memory.
 */
bool sah_epub_split_path(const char *path, char **file, size_t *article)
    __attribute__((warn_unused_result));

/* Returns: (transfer none) the path @e was opened with. */
const char *sah_epub_path(const sah_epub_t *e);

/* The file's size in bytes. */
uint64_t sah_epub_file_size(const sah_epub_t *e);

#endif
