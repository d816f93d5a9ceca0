/*
 * library.h - every article the reader can open: the union of bundles from
 * the app's assets, the user's data dir and any --library folder, indexed
 * with a cache so that opening the library does not re-read unchanged files.
 *
 *   char *cache = sah_library_default_cache_path();
 *   sah_library_t *lib = sah_library_new(cache);
 *   if (lib && sah_library_add_default_roots(lib) && sah_library_add_root(lib, "/media/usb") &&
 *       sah_library_scan(lib))
 *       for (size_t i = 0; i < sah_library_n_entries(lib); i++)
 *           puts(sah_library_entry(lib, i)->title);
 *   sah_library_free(lib);
 *   free(cache);
 *
 * A root is a bundle (a folder with *.txt files or a bundle.ini) or a folder
 * of bundles (its non-hidden subfolders, one level down), or both.
 *
 * Links (docs/article-format.md): inside a root, a symbolic link to a bundle
 * folder or to an article is followed only while it stays inside the root
 * (a folder) or inside its bundle's folder (a file); others are problems,
 * never opened. A folder reached by several paths (links, overlapping
 * roots) is read once, at its first place.
 *
 * Files that cannot be used (unreadable, binary, empty, too large, gone) are
 * logged, one line naming the file, and listed by sah_library_problem(); the
 * rest of the library loads. Articles with the same identity (hash) are
 * listed once, at their first place: assets, then the data dir, then
 * --library folders in the order given.
 *
 * The cache is an SQLite file of its own in the state dir (not the bookmark
 * store). A file whose size and modification time are unchanged is taken
 * from it without being opened. It holds the search index too (search.h):
 * a file parsed is listed at once and indexed after the listing, one file
 * a step (sah_library_index_step(), from the app's idle loop); one gone is
 * dropped by the scan. A search indexes what is still waiting first, so
 * it always finds every listed article.
 */
#ifndef SAH_LIBRARY_H
#define SAH_LIBRARY_H

#include "app/content/search.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bundles in one library (folders under all roots). Past it, a folder is
 * not opened and one problem line names it. */
#define SAH_LIBRARY_MAX_BUNDLES 1000

/* Articles in one library, all bundles together: the per-bundle cap times
 * the bundle cap would be 20 million. Past it, the rest of the folder that
 * crosses it and every later folder are not read (one problem line each,
 * the first logged). 50,000 articles index in about 20 MB. */
#define SAH_LIBRARY_MAX_FILES 50000

/* Subfolders looked at in one root, in directory order: a root of a million
 * empty folders is not listed whole. One problem line names the root. */
#define SAH_LIBRARY_MAX_SUBFOLDERS 10000

typedef struct {
    /* (transfer none): owned by the library, valid until sah_library_free(). */
    const char *path;   /* the file, as root + bundle + name */
    const char *bundle; /* the bundle's name */
    const char *title;  /* the article's title, else the file's name */
    const char *source; /* the article's, else its bundle.ini's; nullable */
    const char *date;   /* ISO 8601, nullable */
    const char *lang;   /* nullable */
    /* 64 hex digits: the identity (sah_article_identity); "" for a text
     * article listed for the first time until the search index has it
     * (sah_library_index_step() computes it; sah_library_set_identify()). */
    const char *hash;
    const char *encoding; /* "utf-8" or "windows-1256" */
    /* The lead photo (the article's first figure) as written, relative to
     * the article's folder (app/content/figure.h reads it); NULL when none
     * or remote. */
    const char *photo;
    int minutes; /* reading time */
    bool minutes_from_publisher;
    uint64_t size; /* bytes on disk */
    size_t copies; /* files with this identity (1 unless duplicated) */
} sah_library_entry_t;

typedef struct sah_library sah_library_t;

/* Called by sah_library_import() after each file is copied (@done of
 * @total); returning false cancels the import. */
typedef bool (*sah_library_progress_fn)(const char *file, size_t done, size_t total, void *user);

/*
 * sah_library_new:
 * @cache_path: (nullable): the index cache file, created if missing; NULL to
 *   index without a cache. Its folder must exist.
 *
 * Returns: (transfer full) an empty library (sah_library_free() it), or NULL
 * when out of memory. A cache that cannot be opened is logged and the
 * library works without it.
 */
sah_library_t *sah_library_new(const char *cache_path) __attribute__((warn_unused_result));

/* Frees @lib; NULL is a no-op. */
void sah_library_free(sah_library_t *lib);

/*
 * sah_library_add_root:
 * @dir: a bundle or a folder of bundles. Its folder listings are read now;
 *   the files are opened by sah_library_scan().
 *
 * Returns: false when out of memory. A missing or unreadable @dir is
 * logged and recorded as a problem, and is not an error: a USB stick may be
 * absent.
 */
bool sah_library_add_root(sah_library_t *lib, const char *dir) __attribute__((warn_unused_result));

/* Adds the app's assets (sah_library_assets_dir()) and, when it exists, the
 * user's bundles dir ($XDG_DATA_HOME/sahifa/bundles). Returns: false when
 * out of memory. */
bool sah_library_add_default_roots(sah_library_t *lib) __attribute__((warn_unused_result));

/*
 * sah_library_scan:
 *
 * Indexes the files of the roots added so far: from the cache when a file's
 * size and mtime are unchanged, else by parsing it; then updates the cache
 * (dropping files that are gone from the roots scanned) and sorts each
 * bundle by its bundle.ini order. Call it after adding the roots; a second
 * call does nothing (folder listings are snapshots: to look again, make a
 * new library).
 *
 * Returns: false when out of memory (the library is then empty). Files that
 * cannot be used are problems, not failures.
 */
bool sah_library_scan(sah_library_t *lib) __attribute__((warn_unused_result));

/*
 * sah_library_known_identity:
 * @path: a file as the library lists it.
 * @size, @mtime_ns: what stat() says of it now.
 * @hex: (out caller-allocates): its identity.
 *
 * The identity the cache holds for @path when the file's size and
 * modification time are still the ones it was parsed at: the test the scan
 * itself trusts to not read a file again, so that opening a listed article
 * needs no hash of its text. Returns: false when the cache does not know
 * the file as it is (@hex untouched); @lib NULL knows nothing.
 */
bool sah_library_known_identity(sah_library_t *lib, const char *path, uint64_t size,
                                int64_t mtime_ns, char hex[65]);

/* Returns: the number of listed articles (duplicates counted once). */
size_t sah_library_n_entries(const sah_library_t *lib);

/* Returns: (transfer none) entry @i, owned by @lib, or NULL when out of range. */
const sah_library_entry_t *sah_library_entry(const sah_library_t *lib, size_t i);

/* Returns: the number of problems: files or folders that could not be used. */
size_t sah_library_n_problems(const sah_library_t *lib);

/* Returns: (transfer none) problem @i as one line "PATH: why", owned by @lib;
 * NULL when out of range. */
const char *sah_library_problem(const sah_library_t *lib, size_t i);

/* How the last scan got its entries: @parsed files were read and parsed,
 * @cached came from the cache unopened. Either may be NULL. */
void sah_library_stats(const sah_library_t *lib, size_t *parsed, size_t *cached);

/* Returns: whether the scan should leave the file @path out (it is being
 * written: watch.h's sah_watch_busy()); it is then neither listed nor a
 * problem, and its cached row is dropped. */
typedef bool (*sah_library_skip_fn)(void *user, const char *path);

/* Sets the files the scan leaves out (before sah_library_scan()); @fn NULL
 * for none (the default). */
void sah_library_set_skip(sah_library_t *lib, sah_library_skip_fn fn, void *user);

/* Returns: the files the last scan left out (sah_library_set_skip()). */
size_t sah_library_n_skipped(const sah_library_t *lib);

/* The folders the library read: its roots, then each bundle's folder (a
 * root may be one of them too). For watching them (watch.h). */
size_t sah_library_n_folders(const sah_library_t *lib);
/* Returns: (transfer none) folder @i, owned by @lib; NULL past the end. */
const char *sah_library_folder(const sah_library_t *lib, size_t i);

/* Returns: (transfer full) the cache file's path in the cache dir
 * ($XDG_CACHE_HOME/sahifa/library.sqlite), or NULL; free() it. The folder is
 * not created. */
char *sah_library_default_cache_path(void) __attribute__((warn_unused_result));

/*
 * sah_library_assets_dir:
 *
 * The bundles installed with the app: $SAHIFA_ASSETS_DIR when set (absolute);
 * else sahifa/ in the data directory as platform/paths.h's sah_path_share()
 * finds it (beside the executable, which in the build tree is
 * build/share/sahifa, a link to the source's assets/; $XDG_DATA_DIRS; the
 * install prefix).
 *
 * Returns: (transfer full) the folder (free() it), or NULL when out of memory.
 */
char *sah_library_assets_dir(void) __attribute__((warn_unused_result));

/* The largest file whose identity the listing may leave to the index step
 * (sah_library_set_identify()): the reader hashes that much at the open
 * (session.h's SAH_SESSION_ID_NOW_BYTES is this), so such an article opens
 * at its place, bookmarks shown, whether or not the library knows it. A
 * longer one is hashed at the listing as before: opened before its index
 * step, it would show its bookmarks only after its first page. */
#define SAH_LIBRARY_LAZY_ID_MAX_BYTES ((size_t)64 * 1024)

/* Returns: whether the scan should compute the identity of the text file
 * @path now (sah_library_set_identify()). */
typedef bool (*sah_library_want_id_fn)(void *user, const char *path);

/*
 * sah_library_set_identify:
 * @want: (nullable): the text files the scan computes the identity
 *   (SHA-256, 0.8 M instructions for 17 KB) of when it parses them: those
 *   with a reading state the list shows (the store knows their path), or
 *   all of them for `sahifa --list`, which prints it. NULL: none (the
 *   default).
 *
 * The others up to SAH_LIBRARY_LAZY_ID_MAX_BYTES are listed by their
 * content key (article.h's
 * sah_article_content_key(): copies are still listed once), and their
 * identity is computed by sah_library_index_step(); until then their
 * entry's hash is "". Without a usable search index every identity is
 * computed at the listing. Call it before sah_library_scan().
 */
void sah_library_set_identify(sah_library_t *lib, sah_library_want_id_fn want, void *user);

/* Returns: whether files listed by the scan still wait for the search
 * index (new or changed files; ones listed before the app last quit). */
bool sah_library_index_pending(const sah_library_t *lib);

/*
 * sah_library_index_step:
 *
 * A step of putting the waiting files' text into the search index: the
 * app calls it between two looks at its input queue while
 * sah_library_index_pending(). A step does one of: the next file read and
 * parsed again (the listing kept only its row) with its identity; that
 * file's words inserted; the transaction committed (every few dozen
 * files). A file changed or gone since the scan is left to the next scan.
 * The last files are committed by sah_library_index_commit() (the app
 * calls it when none is pending) and by sah_library_free(): until then
 * the cache's write lock is held.
 *
 * Returns: false when out of memory (that file is skipped). A failed write
 * is logged once and the index is not used (sah_library_search() says so).
 */
bool sah_library_index_step(sah_library_t *lib);

/* Commits what sah_library_index_step() has indexed: call it before
 * anything else may write the cache (another library scanning it, an
 * import) and before waiting for input. @lib NULL is a no-op. A failed
 * commit is logged once and the index is not used. */
void sah_library_index_commit(sah_library_t *lib);

/* One search result. (transfer none): valid during the callback. */
typedef struct {
    const sah_library_entry_t *entry;
    double score;        /* higher is better (search.h) */
    size_t hits;         /* the query's words found in the article */
    const char *snippet; /* the best passage, each hit in [ ] */
} sah_library_hit_t;

typedef void (*sah_library_hit_fn)(void *user, const sah_library_hit_t *hit);

/*
 * sah_library_search:
 * @query: words (search.h); @flags: SAH_SEARCH_*.
 * @why: (out) (transfer none): when SAH_SEARCH_FAILED, why, in a phrase
 *   (valid until the next call on @lib).
 *
 * Calls @fn for the articles listed (sah_library_entry()) that have every
 * word of @query, best first, at most SAH_SEARCH_MAX_RESULTS of them. The
 * index is the one the scan keeps (sah_library_scan() first): files still
 * waiting for it are indexed first (sah_library_index_step()). It lives in
 * the cache, so a library without a cache cannot search.
 */
sah_search_status_t sah_library_search(sah_library_t *lib, const char *query, unsigned flags,
                                       sah_library_hit_fn fn, void *user, const char **why);

/*
 * sah_library_import:
 * @src: a bundle folder (e.g. on a USB stick), or one EPUB file: it is
 *   checked (epub.h) and becomes a bundle of its own, named after it
 *   ("paper.epub" in "paper/").
 * @bundles_dir: where bundles live (the data dir's bundles/); created if
 *   missing.
 * @progress: (nullable): called after each file.
 * @dest: (out) (optional) (transfer full): the imported bundle's folder.
 *
 * Copies @src's articles (text, web pages with their NAME_files/, EPUB
 * files) and bundle.ini into a hidden temporary folder in
 * @bundles_dir (the same filesystem), fsyncs them, then renames it to its
 * name (@src's folder name) in one step, so a half-copied bundle is never
 * visible, even if the process is killed or the power fails. A bundle
 * already there with that name is replaced in that same step.
 *
 * Returns: false, with one line logged, when the import failed; nothing
 * then changed in @bundles_dir (a killed import leaves a hidden folder that
 * the library ignores and the next import removes).
 */
bool sah_library_import(const char *src, const char *bundles_dir, sah_library_progress_fn progress,
                        void *user, char **dest) __attribute__((warn_unused_result));

#endif
