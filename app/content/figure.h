/*
 * figure.h - reading an article's photo from where the article came from.
 *
 *   const sah_figure_t *f = sah_article_figure(a, 0);
 *   size_t n;
 *   int err;
 *   char *bytes = sah_figure_read(path, f, SAH_IMAGE_MAX_FILE_BYTES, &n, &err);
 *   if (!bytes)
 *       sah_log("%s: photo %s: %s", path, f->src, sah_figure_strerror(err));
 *
 * A photo's src is written by the page or the front matter, so it is
 * untrusted: it is read only from inside the article's own folder (a
 * browser's "NAME_files/" beside a saved page, a bundle's photo), never
 * from an absolute path, never through a link or a ".." that leads out of
 * that folder, and never from the network. An EPUB's article
 * ("X.epub#N", epubarticle.h) holds its photos' entry names in the archive:
 * they are read from inside the archive only, by name (epub.h), never from
 * a folder.
 *
 * sah_figure_read() knows every place an article comes from, so it is
 * built above them (figure-read.c, with the EPUB reader); the rest of this
 * module is the articles' own.
 */
#ifndef SAH_FIGURE_H
#define SAH_FIGURE_H

#include "app/content/article.h"
#include "app/content/html.h"

#include <stdbool.h>
#include <stddef.h>

/* Why sah_figure_read() failed, beside readfile.h's SAH_FILE_ERR_* and
 * errno values. */
enum {
    SAH_FIGURE_ERR_REMOTE = -100, /* a URL: never fetched */
    SAH_FIGURE_ERR_BAD_SRC = -101 /* empty, absolute, a data: URI, or climbing out with ".." */
};

/*
 * sah_figure_local_path:
 * @src: a figure's src as written.
 *
 * The file @src names relative to the article's folder: "%XX" escapes
 * decoded, a "?query" or "#fragment" dropped, "./" steps removed.
 *
 * Returns: (transfer full) the relative path (free() it), or NULL when @src
 * names no local file (remote, absolute, empty, a data: URI, a ".."
 * step, a NUL or control character) or out of memory.
 */
char *sah_figure_local_path(const char *src) __attribute__((warn_unused_result));

/*
 * sah_figure_read:
 * @article_path: the article's file, as it was loaded.
 * @f: one of its figures.
 * @max: the largest file accepted, in bytes.
 * @n: (out): bytes read.
 * @err: (out) (nullable): 0, SAH_FIGURE_ERR_*, SAH_FILE_ERR_* or an errno value.
 *
 * Reads the photo's file from the article's folder (readfile.h's
 * sah_file_read_in(): a link is followed only while it stays inside), or
 * for an EPUB's article (@article_path "X.epub" or "X.epub#N") the entry
 * its src names from the archive (epub.h's checks and caps; a src with a
 * ".." step, absolute or with a scheme is SAH_FIGURE_ERR_BAD_SRC, a
 * missing entry ENOENT, one past @max SAH_FILE_ERR_TOO_LARGE). Nothing is
 * logged but a damaged archive's line (epub.h): the caller names the
 * article and the photo.
 *
 * Returns: (transfer full) the bytes (free() them), or NULL.
 */
char *sah_figure_read(const char *article_path, const sah_figure_t *f, size_t max, size_t *n,
                      int *err) __attribute__((warn_unused_result));

/* sah_figure_read() for an article in a folder (a .txt, a web page): the
 * file @f names beside @article_path. */
char *sah_figure_read_in_folder(const char *article_path, const sah_figure_t *f, size_t max,
                                size_t *n, int *err) __attribute__((warn_unused_result));

/* Returns: (transfer none) a short static phrase for @err. */
const char *sah_figure_strerror(int err);

#endif
