/*
 * sitelines.h - the site's lines: the short lines a site prints in every
 * page (its slogan, a disclaimer, "تابعونا على ...", the copyright line),
 * found by counting in how many articles of one bundle folder each line
 * occurs. The parser hides them as chrome (classify.h).
 *
 *   sah_sitelines_t *site = sah_sitelines_for_article("bundles/x/a.txt", NULL);
 *   sah_article_t *a = sah_article_load_site("bundles/x/a.txt", site, &st);
 *   ...
 *   sah_sitelines_free(site);
 *
 * The rule (docs/article-format.md, "What is chrome"): a line of at most
 * SAH_SITELINES_MAX_WORDS words and SAH_SITELINES_MAX_LINE_BYTES bytes
 * whose key (the parser's own, sah_classify_line_hash()) occurs in at least
 * SAH_SITELINES_MIN_FILES articles of the folder and in at least a third of
 * them. Lines are matched by key, so "تابعونا على تويتر" and "• تابعونا على
 * تويتر:" are one line.
 */
#ifndef SAH_SITELINES_H
#define SAH_SITELINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A site line is in at least this many articles of the folder (and a third
 * of them): two articles sharing a line are two stories quoting one
 * sentence as often as one site's template. */
#define SAH_SITELINES_MIN_FILES 3
/* Only short lines are the site's: a slogan, a disclaimer or a copyright
 * line is a dozen words; a longer line shared by three stories is a
 * follow-up repeating a quote or a background paragraph, the article's. */
#define SAH_SITELINES_MAX_WORDS      20
#define SAH_SITELINES_MAX_LINE_BYTES 512
/* What is read to build a set: a folder with more articles, or more bytes
 * in them, gets no set (its articles are read as without one), so opening
 * an article never costs more than this. */
#define SAH_SITELINES_MAX_FILES 500
#define SAH_SITELINES_MAX_BYTES ((size_t)16 * 1024 * 1024)
/* Distinct short lines counted; past it, no set (bounded memory). */
#define SAH_SITELINES_MAX_KEYS 131072

typedef struct sah_sitelines sah_sitelines_t;

/*
 * sah_sitelines_new:
 * @texts: the articles' texts (UTF-8; lines that are not are not counted).
 * @lens: their lengths; @n: how many.
 *
 * The set of @texts' site lines.
 *
 * Returns: (transfer full) the set (sah_sitelines_free() it), possibly
 * empty; NULL when out of memory or past SAH_SITELINES_MAX_KEYS.
 */
sah_sitelines_t *sah_sitelines_new(const char *const *texts, const size_t *lens, size_t n)
    __attribute__((warn_unused_result));

/*
 * sah_sitelines_new_in:
 * @dirfd: a bundle folder's descriptor (sah_dir_open_in()); still the
 *   caller's.
 * @dir: its path, for messages.
 *
 * The set of the folder's *.txt articles, each read through
 * platform/readfile's sah_file_read_in() (a link is followed only inside
 * the folder). Past SAH_SITELINES_MAX_FILES or SAH_SITELINES_MAX_BYTES one
 * line naming @dir is logged and there is no set.
 *
 * Returns: (transfer full) the set, or NULL (no set: past a limit, the
 * folder unreadable, out of memory).
 */
sah_sitelines_t *sah_sitelines_new_in(int dirfd, const char *dir)
    __attribute__((warn_unused_result));

/*
 * sah_sitelines_for_article:
 * @path: an article file.
 * @prev: (transfer full) (nullable): a set this function returned before.
 *
 * The set of @path's folder when the folder is a bundle with a bundle.ini
 * (its publisher says the files belong together; a folder of loose files
 * gets none). @prev is returned again when it was built from the same
 * folder and the folder has not changed since (no file added, removed or
 * renamed: its modification time), else freed: the reader keeps one set and
 * builds it once per bundle.
 *
 * Returns: (transfer full) the set, or NULL (no bundle.ini, no set).
 */
sah_sitelines_t *sah_sitelines_for_article(const char *path, sah_sitelines_t *prev)
    __attribute__((warn_unused_result));

/* Frees @s; NULL is a no-op. */
void sah_sitelines_free(sah_sitelines_t *s);

/* Returns: (transfer full) a copy of @s (for a parse on another thread,
 * which must not share the caller's set), or NULL when out of memory. */
sah_sitelines_t *sah_sitelines_copy(const sah_sitelines_t *s) __attribute__((warn_unused_result));

/* The number of site lines in @s (0 for NULL). */
size_t sah_sitelines_count(const sah_sitelines_t *s);

/*
 * sah_sitelines_has:
 * @s: (nullable): a set.
 * @hash: a line's sah_classify_line_hash(); @n: its bytes; @words: its words.
 *
 * Whether the line is one of the site's: short enough, and in @s.
 */
bool sah_sitelines_has(const sah_sitelines_t *s, uint64_t hash, size_t n, size_t words);

#endif
