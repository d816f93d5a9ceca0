/* library.c - see library.h. */
#define _GNU_SOURCE /* renameat2(RENAME_EXCHANGE) */
#include "app/content/library.h"

#include "app/content/article.h"
#include "app/content/bundle.h"
#include "app/content/epub.h"
#include "app/content/epubarticle.h"
#include "app/content/hash.h"
#include "app/content/search.h"
#include "app/content/webarticle.h"
#include "app/db/db.h"
#include "platform/grow.h"
#include "platform/isodate.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/readfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bump when the parser's output for the same bytes changes, what the
 * search index holds for it (search.h, fold.h), or a column is added: every
 * cached row is then re-read and the index rebuilt. */
#define CACHE_VERSION 5

typedef struct {
    sah_library_entry_t pub;
    char *path, *title, *source, *date, *lang, *photo;
    char *bundle;  /* a periodical's own title; NULL: the folder's bundle name */
    char hash[65]; /* the identity; "" until known (sah_library_index_step()) */
    char key[65];  /* sah_article_content_key(): copies are listed once by it */
} entry_t;

/* One row of the cache: what a file with this size and mtime parsed to. */
typedef struct {
    char *path;
    int64_t size, mtime_ns;
    int status; /* sah_article_status_t */
    char *hash; /* the identity; NULL until the file is indexed (a lazy parse) */
    char *key;  /* sah_article_content_key() */
    char *title, *source, *date, *lang;
    char *photo; /* the lead photo's src, a local one only */
    int minutes, from_publisher, encoding;
    int indexed; /* its text is in the search index (sah_library_index_step()) */
    bool seen;
} row_t;

/* A listed file whose text the search index still waits for. */
typedef struct {
    size_t bundle; /* index into bundles */
    char *name;    /* in the bundle's folder */
    char *path;
} pending_t;

struct sah_library {
    sqlite3 *db;
    sah_search_t *search; /* the full-text index, in the cache's file (search.h) */
    bool search_failed;   /* a write to it failed: it is not trusted */
    size_t *by_path;      /* entries sorted by path, for search results */
    char **roots;
    size_t n_roots, cap_roots;
    sah_bundle_t **bundles;
    size_t *n_scan; /* per bundle: its files scanned, within SAH_LIBRARY_MAX_FILES */
    size_t n_bundles, cap_bundles, cap_scan;
    size_t n_listed; /* the sum of n_scan */
    bool full_logged;
    entry_t *entries;
    size_t n_entries, cap_entries;
    char **problems;
    size_t n_problems, cap_problems;
    row_t *rows; /* the cache, sorted by path */
    size_t n_rows, cap_rows;
    row_t *fresh; /* rows for files not in the cache */
    size_t n_fresh, cap_fresh;
    size_t *dedup; /* open addressing over entries: index + 1, 0 = empty */
    size_t cap_dedup;
    size_t parsed, cached, skipped;
    bool scanned;
    /* The search index is built after the listing, a file a step
     * (sah_library_index_step()): listing 2,000 new articles must not wait
     * for 2,000 full-text inserts. */
    pending_t *pending;
    size_t n_pending, cap_pending, next_pending;
    int pending_fd; /* the folder of pending_bundle, open; -1 when none */
    size_t pending_bundle;
    size_t uncommitted; /* files indexed in the open transaction */
    /* The file read and parsed by the last step, whose words the next
     * step inserts (pending[staged_at]); NULL when none. */
    sah_article_t *staged;
    size_t staged_at;
    struct stat staged_sb;
    sah_library_want_id_fn want_id; /* identities at the listing (nullable) */
    void *want_user;
    sah_library_skip_fn skip; /* nullable: files left out of this scan */
    void *skip_user;
};

/* ---- small helpers ---------------------------------------------------- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Records (and logs, when @log) one problem line "PATH: why". */
static bool problem(sah_library_t *lib, bool log, const char *path, const char *why)
{
    if (!sah_grow((void **)&lib->problems, &lib->cap_problems, lib->n_problems + 1,
                  sizeof *lib->problems))
        return false;
    char **p = lib->problems;
    size_t n = strlen(path) + strlen(why) + 3;
    if (!(p[lib->n_problems] = malloc(n)))
        return false;
    snprintf(p[lib->n_problems++], n, "%s: %s", path, why);
    if (log)
        sah_log("%s: %s", path, why);
    return true;
}

static void row_clear(row_t *r)
{
    free(r->path);
    free(r->hash);
    free(r->key);
    free(r->title);
    free(r->source);
    free(r->date);
    free(r->lang);
    free(r->photo);
}

/* ---- the cache -------------------------------------------------------- */

/* Any other version is rebuilt from the files: a cache holds nothing that
 * cannot be read again. */
#define CACHE_TABLE                                                                                \
    "CREATE TABLE IF NOT EXISTS article ("                                                         \
    " path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"                    \
    " status INTEGER NOT NULL, hash TEXT, title TEXT, source TEXT, date TEXT, lang TEXT,"          \
    " minutes INTEGER, from_publisher INTEGER, encoding INTEGER, photo TEXT,"                      \
    " indexed INTEGER NOT NULL DEFAULT 0, key TEXT) WITHOUT ROWID;"

static bool cache_prepare(sqlite3 *db)
{
    static const char *const keep = CACHE_TABLE SAH_SEARCH_TABLES;
    static const char *const rebuild =
        "DROP TABLE IF EXISTS article;" SAH_SEARCH_DROP CACHE_TABLE SAH_SEARCH_TABLES;
    int version = -1;
    /* WAL + NORMAL: one fsync per scan that changed something; a cache lost
     * to a power cut is rebuilt, not trusted. */
    if (!sah_search_register(db) ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL) !=
            SQLITE_OK ||
        sah_db_user_version(db, &version) != SQLITE_OK)
        return false;
    return sah_db_migrate(db, version == CACHE_VERSION ? &keep : &rebuild, 1, CACHE_VERSION) ==
           SQLITE_OK;
}

static sqlite3 *cache_open(const char *path)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        sqlite3 *db = NULL;
        int rc = sah_db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL, &db);
        if (rc == SQLITE_OK && cache_prepare(db))
            return db;
        rc = db ? sqlite3_errcode(db) : rc;
        bool damaged = sah_db_fault(NULL, rc) == SAH_DB_CORRUPT;
        sah_log("%s: cannot use the library cache (%s)%s", path,
                db ? sqlite3_errmsg(db) : "out of memory",
                attempt == 0 && damaged ? "; rebuilding it" : "; working without it");
        sqlite3_close(db);
        if (attempt > 0 || !damaged)
            return NULL;
        /* A cache holds nothing that cannot be rebuilt. */
        char side[PATH_MAX];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    return NULL;
}

static bool cache_load(sah_library_t *lib)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    if (!lib->db)
        return true;
    /* ORDER BY path: SQLite's BINARY collation is memcmp, as strcmp() in
     * find_row(). */
    if (sqlite3_prepare_v2(lib->db,
                           "SELECT path, size, mtime_ns, status, hash, title, source, date, lang,"
                           " minutes, from_publisher, encoding, photo, indexed, key FROM article"
                           " ORDER BY path",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!sah_grow((void **)&lib->rows, &lib->cap_rows, lib->n_rows + 1, sizeof *lib->rows))
            goto out;
        row_t *r = &lib->rows[lib->n_rows];
        *r = (row_t){.size = sqlite3_column_int64(st, 1),
                     .mtime_ns = sqlite3_column_int64(st, 2),
                     .status = sqlite3_column_int(st, 3),
                     .minutes = sqlite3_column_int(st, 9),
                     .from_publisher = sqlite3_column_int(st, 10),
                     .encoding = sqlite3_column_int(st, 11),
                     .indexed = sqlite3_column_int(st, 13)};
        r->path = sah_db_column_dup(st, 0);
        r->hash = sah_db_column_dup(st, 4);
        r->key = sah_db_column_dup(st, 14);
        r->title = sah_db_column_dup(st, 5);
        r->source = sah_db_column_dup(st, 6);
        r->date = sah_db_column_dup(st, 7);
        r->lang = sah_db_column_dup(st, 8);
        r->photo = sah_db_column_dup(st, 12);
        lib->n_rows++;
        /* An article may have no title (no front matter, no headline):
         * NULL then is the file's, not a failed copy. */
        if (!r->path || (r->status == SAH_ARTICLE_OK &&
                         (!r->key || (r->indexed && !r->hash) ||
                          (!r->title && sqlite3_column_type(st, 5) != SQLITE_NULL))))
            goto out;
    }
    ok = rc == SQLITE_DONE;
out:
    if (!ok && lib->db)
        fprintf(stderr, "sahifa: library cache: cannot read (%s); re-reading the files\n",
                sqlite3_errmsg(lib->db));
    sqlite3_finalize(st);
    if (!ok) {
        for (size_t i = 0; i < lib->n_rows; i++)
            row_clear(&lib->rows[i]);
        lib->n_rows = 0;
    }
    return true;
}

static row_t *find_row(sah_library_t *lib, const char *path)
{
    size_t lo = 0, hi = lib->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lib->rows[mid].path, path);
        if (c == 0)
            return &lib->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool under_root(const sah_library_t *lib, const char *path)
{
    for (size_t i = 0; i < lib->n_roots; i++) {
        size_t n = strlen(lib->roots[i]);
        if (strncmp(path, lib->roots[i], n) == 0 && path[n] == '/')
            return true;
    }
    return false;
}

static bool cache_put(sqlite3_stmt *st, const row_t *r)
{
    sqlite3_reset(st);
    sah_db_bind_text(st, 1, r->path);
    sqlite3_bind_int64(st, 2, r->size);
    sqlite3_bind_int64(st, 3, r->mtime_ns);
    sqlite3_bind_int(st, 4, r->status);
    sah_db_bind_text(st, 5, r->hash);
    sah_db_bind_text(st, 6, r->title);
    sah_db_bind_text(st, 7, r->source);
    sah_db_bind_text(st, 8, r->date);
    sah_db_bind_text(st, 9, r->lang);
    sqlite3_bind_int(st, 10, r->minutes);
    sqlite3_bind_int(st, 11, r->from_publisher);
    sqlite3_bind_int(st, 12, r->encoding);
    sah_db_bind_text(st, 13, r->photo);
    sqlite3_bind_int(st, 14, r->indexed);
    sah_db_bind_text(st, 15, r->key);
    return sqlite3_step(st) == SQLITE_DONE;
}

/* The full-text index follows the cache's rows: a failed write is logged
 * once and the index is not used (search says so) until a scan succeeds. */
static void index_failed(sah_library_t *lib)
{
    if (!lib->search_failed)
        fprintf(stderr, "sahifa: library cache: cannot update the search index (%s)\n",
                sqlite3_errmsg(lib->db));
    lib->search_failed = true;
}

static void index_put(sah_library_t *lib, const char *path, const sah_article_t *a)
{
    if (lib->search && !lib->search_failed && !sah_search_put(lib->search, path, a))
        index_failed(lib);
}

static void index_remove(sah_library_t *lib, const char *path)
{
    if (lib->search && !lib->search_failed && !sah_search_remove(lib->search, path))
        index_failed(lib);
}

/* Queues the file @name of bundle @bi (at @path) for the search index.
 * Returns false when out of memory. Without a usable index there is
 * nothing to wait for. */
static bool pending_add(sah_library_t *lib, size_t bi, const char *name, const char *path)
{
    if (!lib->search || lib->search_failed)
        return true;
    if (!sah_grow((void **)&lib->pending, &lib->cap_pending, lib->n_pending + 1,
                  sizeof *lib->pending))
        return false;
    pending_t *p = &lib->pending[lib->n_pending];
    *p = (pending_t){.bundle = bi, .name = strdup(name), .path = strdup(path)};
    if (!p->name || !p->path) {
        free(p->name);
        free(p->path);
        return false;
    }
    lib->n_pending++;
    return true;
}

/* Writes what changed in one transaction, and forgets files that are gone
 * from the roots scanned (rows of roots not scanned now are kept: the USB
 * stick will be back). A failed write only costs the next scan time. */
static void cache_store(sah_library_t *lib)
{
    sqlite3_stmt *put = NULL, *del = NULL;
    bool ok = false;
    if (!lib->db)
        return;
    if (lib->search_failed) {
        /* Rows kept without their index rows would never be indexed: keep
         * nothing, and read these files again next time. */
        sah_db_rollback(lib->db);
        return;
    }
    /* The scan's transaction holds the index's writes already. */
    if ((sqlite3_get_autocommit(lib->db) &&
         sqlite3_exec(lib->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) ||
        sqlite3_prepare_v2(lib->db,
                           "INSERT OR REPLACE INTO article VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(lib->db, "DELETE FROM article WHERE path = ?", -1, &del, NULL) !=
            SQLITE_OK)
        goto out;
    for (size_t i = 0; i < lib->n_fresh; i++)
        if (!cache_put(put, &lib->fresh[i]))
            goto out;
    for (size_t i = 0; i < lib->n_rows; i++) {
        row_t *r = &lib->rows[i];
        if (!r->seen && under_root(lib, r->path)) {
            sqlite3_reset(del);
            sah_db_bind_text(del, 1, r->path);
            if (sqlite3_step(del) != SQLITE_DONE)
                goto out;
            index_remove(lib, r->path);
        }
    }
    ok = sqlite3_exec(lib->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
out:
    if (!ok) {
        fprintf(stderr, "sahifa: library cache: cannot write (%s)\n", sqlite3_errmsg(lib->db));
        sah_db_rollback(lib->db);
        lib->search_failed = true; /* its writes went with the rollback */
    }
    sqlite3_finalize(put);
    sqlite3_finalize(del);
}

/* ---- entries ---------------------------------------------------------- */

static uint64_t hash_key(const char *hex)
{
    uint64_t k = 0;
    for (int i = 0; i < 16 && hex[i]; i++)
        k = k << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' : (hex[i] | 32) - 'a' + 10);
    return k;
}

static bool dedup_grow(sah_library_t *lib)
{
    size_t cap = lib->cap_dedup ? 2 * lib->cap_dedup : 1024;
    size_t *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < lib->cap_dedup; i++) {
        if (!lib->dedup[i])
            continue;
        size_t j = hash_key(lib->entries[lib->dedup[i] - 1].key) & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = lib->dedup[i];
    }
    free(lib->dedup);
    lib->dedup = t;
    lib->cap_dedup = cap;
    return true;
}

/* The slot for @hex: the entry with that identity, or an empty slot. */
static size_t *dedup_slot(sah_library_t *lib, const char *hex)
{
    size_t j = hash_key(hex) & (lib->cap_dedup - 1);
    while (lib->dedup[j] && strcmp(lib->entries[lib->dedup[j] - 1].key, hex) != 0)
        j = (j + 1) & (lib->cap_dedup - 1);
    return &lib->dedup[j];
}

static void entry_clear(entry_t *e)
{
    free(e->bundle);
    free(e->path);
    free(e->title);
    free(e->source);
    free(e->date);
    free(e->lang);
    free(e->photo);
}

/* Lists the article of row @r (a parsed or cached file) unless its identity
 * is listed already. */
static bool add_entry(sah_library_t *lib, const sah_bundle_t *b, const char *name, const row_t *r)
{
    if (2 * (lib->n_entries + 1) > lib->cap_dedup && !dedup_grow(lib))
        return false;
    size_t *slot = dedup_slot(lib, r->key);
    if (*slot) {
        lib->entries[*slot - 1].pub.copies++;
        return true;
    }
    if (!sah_grow((void **)&lib->entries, &lib->cap_entries, lib->n_entries + 1,
                  sizeof *lib->entries))
        return false;
    entry_t *e = &lib->entries[lib->n_entries];
    *e = (entry_t){0};
    snprintf(e->hash, sizeof e->hash, "%s", r->hash ? r->hash : "");
    snprintf(e->key, sizeof e->key, "%s", r->key);
    e->path = strdup(r->path);
    e->title = strdup(r->title && *r->title ? r->title : name);
    /* An article that names no source is from its bundle's, if it says.
     * Taken here, not cached: a changed bundle.ini is read at once. */
    const char *source = r->source && *r->source ? r->source : sah_bundle_source(b);
    e->source = dup_or_null(source);
    e->date = dup_or_null(r->date);
    e->lang = dup_or_null(r->lang);
    e->photo = dup_or_null(r->photo);
    if (!e->path || !e->title || (source && !e->source) || (r->date && !e->date) ||
        (r->lang && !e->lang) || (r->photo && !e->photo)) {
        entry_clear(e);
        return false;
    }
    e->pub = (sah_library_entry_t){
        .bundle = sah_bundle_name(b),
        .encoding = sah_encoding_name((sah_encoding_t)r->encoding),
        .minutes = r->minutes,
        .minutes_from_publisher = r->from_publisher != 0,
        .size = (uint64_t)r->size,
        .copies = 1,
    };
    *slot = ++lib->n_entries;
    return true;
}

/* Parses @path into a fresh cache row. Returns false when out of memory;
 * a file that cannot be used gives a row with its status (or none, for
 * errors that are not the content's: they are not cached). */
static bool parse_file(sah_library_t *lib, size_t bi, int dirfd, const char *name, const char *path,
                       const struct stat *sb, row_t **out)
{
    sah_article_status_t st;
    /* The identity waits for the index step when there will be one. */
    bool lazy = sb->st_size <= (off_t)SAH_LIBRARY_LAZY_ID_MAX_BYTES &&
                !(lib->want_id && lib->want_id(lib->want_user, path)) && lib->search &&
                !lib->search_failed;
    sah_article_t *a = lazy ? sah_article_load_in_lazy(dirfd, name, path, &st)
                            : sah_article_load_in(dirfd, name, path, &st);
    *out = NULL;
    lib->parsed++;
    if (!a) {
        if (st == SAH_ARTICLE_ERR_NOMEM)
            return false;
        if (!problem(lib, false, path, sah_article_status_string(st)))
            return false;
        if (st == SAH_ARTICLE_ERR_IO) {
            index_remove(lib, path); /* not found while it cannot be read */
            return true;             /* permissions or a vanished file: not the content's fault */
        }
    }
    if (!sah_grow((void **)&lib->fresh, &lib->cap_fresh, lib->n_fresh + 1, sizeof *lib->fresh)) {
        sah_article_free(a);
        return false;
    }
    row_t *r = &lib->fresh[lib->n_fresh];
    *r = (row_t){.size = sb->st_size,
                 .mtime_ns = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec,
                 .status = st};
    bool ok = (r->path = strdup(path)) != NULL;
    /* Its text goes to the search index later (pending): what it had
     * there stays until then, and a search finishes the queue first. */
    if (a)
        ok = ok && pending_add(lib, bi, name, path);
    else
        index_remove(lib, path);
    if (a) {
        const sah_article_meta_t *m = sah_article_meta(a);
        /* The identity's SHA-256 is the index step's (lazy: 0.8 M
         * instructions of a 17 KB article's listing otherwise); the list
         * tells copies apart by the key. */
        char key[SAH_HASH_HEX_SIZE];
        r->hash = sah_article_identity_known(a) ? strdup(m->hash) : NULL;
        r->key = sah_article_content_key(a, key) ? strdup(key) : NULL;
        r->title = dup_or_null(m->title);
        r->source = dup_or_null(m->source);
        r->date = dup_or_null(m->date);
        r->lang = dup_or_null(m->lang);
        r->minutes = m->minutes;
        r->from_publisher = m->minutes_from_publisher;
        r->encoding = m->encoding;
        /* The lead photo for the list's thumbnail: a URL is never fetched. */
        const sah_figure_t *lead = sah_article_n_figures(a) ? sah_article_figure(a, 0) : NULL;
        r->photo = lead && !lead->remote ? strdup(lead->src) : NULL;
        ok = ok && r->key && (!sah_article_identity_known(a) || r->hash) &&
             (!m->title || r->title) && (!m->source || r->source) && (!m->date || r->date) &&
             (!m->lang || r->lang) && (!lead || lead->remote || r->photo);
    }
    sah_article_free(a);
    if (!ok) {
        row_clear(r);
        return false;
    }
    lib->n_fresh++;
    *out = r;
    return true;
}

/* Indexes the file @name of bundle @b, whose folder is open as @dirfd.
 * Returns false when out of memory. */
static bool scan_file(sah_library_t *lib, size_t bi, int dirfd, const char *name)
{
    const sah_bundle_t *b = lib->bundles[bi];
    struct stat sb;
    bool ok = false;
    char *path = sah_path_join(sah_bundle_dir(b), name);
    if (!path)
        return false;
    if (lib->skip && lib->skip(lib->skip_user, path)) {
        lib->skipped++; /* being written: the next scan reads it */
        ok = true;
        goto out;
    }
    /* Not following a link yet: the cache check needs no open, and a FIFO
     * or a device is refused without being opened. */
    if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        /* Listed by the bundle, gone now: a USB stick pulled, a file moved. */
        ok = problem(lib, true, path,
                     errno == ENOENT ? "gone since the folder was read" : strerror(errno));
        goto out;
    }
    if (S_ISLNK(sb.st_mode)) {
        /* A link is followed only while it stays inside the bundle's folder
         * (its target's size and time are what the cache compares). */
        int err;
        int fd = sah_file_open_in(dirfd, name, SIZE_MAX, &sb, &err);
        if (fd < 0 && err != SAH_FILE_ERR_NOT_REGULAR) {
            ok = problem(lib, true, path, sah_file_strerror(err));
            goto out;
        }
        if (fd >= 0)
            close(fd);
    }
    if (!S_ISREG(sb.st_mode)) {
        ok = problem(lib, true, path, "not a regular file");
        goto out;
    }
    int64_t mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    row_t *r = find_row(lib, path);
    if (r)
        r->seen = true;
    if (r && r->size == sb.st_size && r->mtime_ns == mtime) {
        lib->cached++;
        /* Listed before the search index had it (the app quit first). */
        if (r->status == SAH_ARTICLE_OK && !r->indexed && !pending_add(lib, bi, name, path))
            goto out;
        ok = r->status == SAH_ARTICLE_OK
                 ? add_entry(lib, b, name, r)
                 : problem(lib, true, path, sah_article_status_string(r->status));
        goto out;
    }
    if (!parse_file(lib, bi, dirfd, name, path, &sb, &r))
        goto out;
    ok = !r || r->status != SAH_ARTICLE_OK || add_entry(lib, b, name, r);
out:
    free(path);
    return ok;
}

/* ---- EPUB files ------------------------------------------------------- */

static bool full(sah_library_t *lib, const char *dir, const char *why);

/* Reading time from the inflated size of an EPUB's documents, before
 * anyone parses them: markup is about half of a news page's XHTML, and a
 * word with its space is ~11 bytes of UTF-8 in Arabic (two-byte letters)
 * and ~6 in English; 12 bytes a word, at the article parser's rates
 * (docs/article-format.md, "Reading time"). An estimate, shown with "~". */
static int epub_minutes(uint64_t inflated, const char *lang)
{
    bool ar = lang && !strncasecmp(lang, "ar", 2) && (!lang[2] || lang[2] == '-');
    uint64_t words = inflated / 12, wpm = ar ? 138 : 228;
    uint64_t m = (words + wpm - 1) / wpm;
    return m < 1 ? 1 : m > 999 ? 999 : (int)m;
}

/* The date as the library sorts it: ISO 8601, else its first 10 bytes
 * when they are a date ("2024-06-01T06:00:00+00:00" is; a free-text date
 * is dropped). */
static char *epub_date(const char *date)
{
    if (!date)
        return NULL;
    if (sah_iso_date_ok(date))
        return strdup(date);
    char day[11];
    snprintf(day, sizeof day, "%s", date);
    return sah_iso_date_ok(day) ? strdup(day) : NULL;
}

/* Lists one entry of an EPUB (the book, or one article of a periodical)
 * unless its identity is listed already. Takes none of its arguments. */
static bool add_epub_entry(sah_library_t *lib, const sah_bundle_t *b, sah_epub_t *e,
                           const char *path, const sah_epub_article_t *a, size_t n)
{
    const sah_epub_meta_t *m = sah_epub_meta(e);
    bool periodical = sah_epub_kind(e) == SAH_EPUB_PERIODICAL;
    char hex[SAH_HASH_HEX_SIZE];
    /* The identity the reader keeps its places by (epub.h). */
    if (!sah_epub_article_identity(e, n, hex))
        return false;
    if (2 * (lib->n_entries + 1) > lib->cap_dedup && !dedup_grow(lib))
        return false;
    size_t *slot = dedup_slot(lib, hex);
    if (*slot) {
        lib->entries[*slot - 1].pub.copies++;
        return true;
    }
    if (!sah_grow((void **)&lib->entries, &lib->cap_entries, lib->n_entries + 1,
                  sizeof *lib->entries))
        return false;
    entry_t *en = &lib->entries[lib->n_entries];
    *en = (entry_t){0};
    memcpy(en->hash, hex, sizeof en->hash);
    memcpy(en->key, hex, sizeof en->key);
    size_t size = strlen(path) + 32;
    if ((en->path = malloc(size)))
        snprintf(en->path, size, periodical ? "%s#%zu" : "%s", path, n + 1);
    en->title = strdup(a->title && *a->title ? a->title : m->title);
    /* A periodical is a publication of its own: its title is the articles'
     * bundle and their source (the paper they come from). */
    const char *source = periodical ? m->title : m->publisher ? m->publisher : sah_bundle_source(b);
    en->source = dup_or_null(source);
    en->bundle = periodical ? strdup(m->title) : NULL;
    en->date = epub_date(m->date);
    en->lang = dup_or_null(m->language);
    if (!en->path || !en->title || (source && !en->source) || (periodical && !en->bundle) ||
        (m->language && !en->lang)) {
        entry_clear(en);
        return false;
    }
    en->pub = (sah_library_entry_t){
        .bundle = en->bundle ? en->bundle : sah_bundle_name(b),
        .encoding = "utf-8",
        .minutes = epub_minutes(a->inflated_bytes, m->language),
        .size = periodical ? a->stored_bytes : sah_epub_file_size(e),
        .copies = 1,
    };
    *slot = ++lib->n_entries;
    return true;
}

/* Indexes article @i of the EPUB @e for search, as @apath (the path it is
 * listed under), unless the cache has it from this very file (@sb: its
 * size and time): a cache row per article, so that an article gone from
 * the file or the file gone takes its row and index rows along
 * (cache_store()). Returns false when out of memory. */
static bool index_epub_article(sah_library_t *lib, sah_epub_t *e, size_t i, const char *apath,
                               const struct stat *sb)
{
    /* Without an index, nothing would keep what the documents say. */
    if (!lib->db || !lib->search || lib->search_failed)
        return true;
    int64_t mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
    row_t *r = find_row(lib, apath);
    if (r)
        r->seen = true;
    if (r && r->size == sb->st_size && r->mtime_ns == mtime) {
        lib->cached++;
        return r->status == SAH_ARTICLE_OK ||
               problem(lib, true, apath, sah_article_status_string(r->status));
    }
    sah_article_status_t st;
    bool periodical = sah_epub_kind(e) == SAH_EPUB_PERIODICAL;
    sah_article_t *a = sah_epub_article_load(e, periodical ? i : SAH_EPUB_WHOLE, apath, &st);
    if (!a && st == SAH_ARTICLE_ERR_NOMEM)
        return false;
    if (!sah_grow((void **)&lib->fresh, &lib->cap_fresh, lib->n_fresh + 1, sizeof *lib->fresh)) {
        sah_article_free(a);
        return false;
    }
    if (a)
        index_put(lib, apath, a);
    else
        index_remove(lib, apath);
    r = &lib->fresh[lib->n_fresh];
    /* An EPUB's article is indexed at once, from the file open now. */
    *r = (row_t){.size = sb->st_size, .mtime_ns = mtime, .status = st, .indexed = 1};
    bool ok = (r->path = strdup(apath)) != NULL &&
              (!a || (r->hash = strdup(sah_article_meta(a)->hash)) != NULL) &&
              (!a || (r->key = strdup(r->hash)) != NULL) &&
              (a || problem(lib, false, apath, sah_article_status_string(st)));
    if (a) {
        const sah_article_meta_t *m = sah_article_meta(a);
        r->title = dup_or_null(m->title);
        r->lang = dup_or_null(m->lang);
        r->minutes = m->minutes;
        r->encoding = m->encoding;
        ok = ok && (!m->title || r->title) && (!m->lang || r->lang);
    }
    sah_article_free(a);
    if (!ok) {
        row_clear(r);
        return false;
    }
    lib->n_fresh++;
    return true;
}

/* Lists the EPUB @name of bundle @b (its folder open as @dirfd): a book as
 * one entry, a periodical as one per article (docs/article-format.md,
 * "EPUB"). Read at every scan: opening one reads its central directory and
 * package files only (bench-epub: a few ms for 50 articles); its articles'
 * documents are read for the search index only when the file changed.
 * Returns false when out of memory. */
static bool scan_epub(sah_library_t *lib, const sah_bundle_t *b, int dirfd, const char *name)
{
    sah_epub_status_t st;
    struct stat sb;
    char *path = sah_path_join(sah_bundle_dir(b), name);
    if (!path)
        return false;
    lib->parsed++;
    sah_epub_t *e = sah_epub_open_in(dirfd, name, path, &st);
    bool ok, indexed = e && fstatat(dirfd, name, &sb, 0) == 0;
    if (!e) /* logged by sah_epub_open_in(), naming it */
        ok = st != SAH_EPUB_ERR_NOMEM && problem(lib, false, path, sah_epub_status_string(st));
    else {
        ok = true;
        for (size_t i = 0; ok && i < sah_epub_n_articles(e); i++) {
            if (lib->n_entries >= SAH_LIBRARY_MAX_FILES) {
                ok = full(lib, path,
                          "more than " SAH_STR(SAH_LIBRARY_MAX_FILES) " articles in the library; "
                                                                      "the rest are not listed");
                break;
            }
            size_t before = lib->n_entries;
            ok = add_epub_entry(lib, b, e, path, sah_epub_article(e, i), i);
            /* A second copy is listed (and indexed) once. */
            if (ok && indexed && lib->n_entries > before)
                ok = index_epub_article(lib, e, i, lib->entries[before].path, &sb);
        }
    }
    sah_epub_free(e);
    free(path);
    return ok;
}

static int cmp_entries(const void *pa, const void *pb, void *order)
{
    const entry_t *a = pa, *b = pb;
    sah_bundle_sort_t sort_order = *(const sah_bundle_sort_t *)order;
    int c = 0;
    if (sort_order == SAH_BUNDLE_SORT_TITLE) {
        c = strcmp(a->title, b->title);
    } else if (a->date || b->date) {
        /* Undated last in both date orders; ISO 8601 sorts as text. */
        c = !a->date ? 1 : !b->date ? -1 : strcmp(a->date, b->date);
        if (a->date && b->date && sort_order == SAH_BUNDLE_SORT_DATE)
            c = -c;
    }
    return c ? c : strcmp(a->path, b->path);
}

static void sort_bundle(sah_library_t *lib, const sah_bundle_t *b, size_t first)
{
    sah_bundle_sort_t order = sah_bundle_sort(b);
    if (order == SAH_BUNDLE_SORT_FILE || lib->n_entries - first < 2)
        return;
    qsort_r(lib->entries + first, lib->n_entries - first, sizeof *lib->entries, cmp_entries,
            &order);
    /* The dedup table holds indices: rebuild it after moving entries. */
    memset(lib->dedup, 0, lib->cap_dedup * sizeof *lib->dedup);
    for (size_t i = 0; i < lib->n_entries; i++)
        *dedup_slot(lib, lib->entries[i].key) = i + 1;
}

/* ---- roots and the scan ----------------------------------------------- */

/* Whether the folder @sb names is a bundle already listed (another path to
 * it: a link, the same --library twice under two names). */
static bool seen_folder(const sah_library_t *lib, const struct stat *sb)
{
    for (size_t i = 0; i < lib->n_bundles; i++) {
        dev_t dev;
        ino_t ino;
        sah_bundle_folder_id(lib->bundles[i], &dev, &ino);
        if (dev == sb->st_dev && ino == sb->st_ino)
            return true;
    }
    return false;
}

/* Records one problem for the library's caps, logged the first time. */
static bool full(sah_library_t *lib, const char *dir, const char *why)
{
    bool log = !lib->full_logged;
    lib->full_logged = true;
    return problem(lib, log, dir, why);
}

/* Lists the folder @fd (at @dir) as a bundle if it is one and has not been
 * listed. Returns false when out of memory. */
static bool add_bundle(sah_library_t *lib, int fd, const char *dir)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0 || seen_folder(lib, &sb))
        return true;
    if (lib->n_bundles >= SAH_LIBRARY_MAX_BUNDLES)
        return full(
            lib, dir,
            "more than " SAH_STR(SAH_LIBRARY_MAX_BUNDLES) " bundles in the library; not read");
    if (lib->n_listed >= SAH_LIBRARY_MAX_FILES)
        return full(
            lib, dir,
            "more than " SAH_STR(SAH_LIBRARY_MAX_FILES) " articles in the library; not read");
    sah_bundle_t *b = sah_bundle_open_fd(fd, dir);
    if (!b)
        return problem(lib, false, dir, "cannot read the folder");
    if (sah_bundle_n_files(b) == 0 && sah_bundle_n_epubs(b) == 0 &&
        sah_bundle_ini_status(b) == SAH_BUNDLE_INI_NONE) {
        sah_bundle_free(b); /* not a bundle: a folder of something else */
        return true;
    }
    if (!sah_grow((void **)&lib->bundles, &lib->cap_bundles, lib->n_bundles + 1,
                  sizeof *lib->bundles) ||
        !sah_grow((void **)&lib->n_scan, &lib->cap_scan, lib->n_bundles + 1, sizeof *lib->n_scan)) {
        sah_bundle_free(b);
        return false;
    }
    /* Its text articles, then its EPUB files: one count for both. */
    size_t n = sah_bundle_n_files(b) + sah_bundle_n_epubs(b),
           room = SAH_LIBRARY_MAX_FILES - lib->n_listed;
    if (n > room) {
        n = room;
        if (!full(
                lib, dir,
                "more than " SAH_STR(SAH_LIBRARY_MAX_FILES) " articles in the library; "
                                                            "the rest of this folder is not read"))
            return false;
    }
    lib->n_scan[lib->n_bundles] = n;
    lib->n_listed += n;
    lib->bundles[lib->n_bundles++] = b;
    return true;
}

static int cmp_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of @fd's non-hidden entries that may be folders, sorted; at
 * most SAH_LIBRARY_MAX_SUBFOLDERS, in directory order. */
static bool list_subfolders(sah_library_t *lib, int fd, const char *dir, char ***subs, size_t *n)
{
    size_t cap = 0;
    struct dirent *e;
    int dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    *subs = NULL;
    *n = 0;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return problem(lib, true, dir, strerror(errno));
    }
    rewinddir(d); /* the copy shares its offset: the root's own listing moved it */
    bool ok = true;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.' ||
            (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN && e->d_type != DT_LNK))
            continue;
        if (*n == SAH_LIBRARY_MAX_SUBFOLDERS) {
            ok = problem(lib, true, dir,
                         "more than " SAH_STR(SAH_LIBRARY_MAX_SUBFOLDERS) " subfolders; the rest "
                                                                          "are not read");
            break;
        }
        char *name = strdup(e->d_name);
        if (!name || !sah_grow((void **)subs, &cap, *n + 1, sizeof **subs)) {
            free(name);
            ok = false;
            break;
        }
        (*subs)[(*n)++] = name;
    }
    closedir(d);
    if (*n > 1)
        qsort(*subs, *n, sizeof **subs, cmp_strings);
    return ok;
}

/* Whether @err, from opening @name in the root @fd as a folder, is about a
 * link worth a line: one out of the root to a folder (stat() follows it
 * for the type only, opening nothing), or a broken one not named like an
 * article (an article's link is the bundle scan's to report). */
static bool link_to_folder(int fd, const char *name, int err)
{
    struct stat sb;
    if (err == SAH_FILE_ERR_OUTSIDE)
        return fstatat(fd, name, &sb, 0) == 0 && S_ISDIR(sb.st_mode);
    size_t n = strlen(name);
    return (err == SAH_FILE_ERR_DANGLING || err == ELOOP) &&
           !(n > 4 && strcasecmp(name + n - 4, ".txt") == 0) && !sah_article_is_web_page(name);
}

/* Whether @name in the folder @fd is a browser's "complete" save folder of
 * a page beside it ("NAME_files" for NAME.html, .htm or .xhtml): the page's
 * photos, scripts and frames, not a bundle of its own. */
static bool page_files_folder(int fd, const char *name)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml", ".HTML", ".HTM"};
    size_t n = strlen(name);
    if (n <= 6 || strcmp(name + n - 6, "_files") != 0 || n > NAME_MAX)
        return false;
    char page[NAME_MAX + 8];
    struct stat sb;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        snprintf(page, sizeof page, "%.*s%s", (int)(n - 6), name, exts[i]);
        if (fstatat(fd, page, &sb, 0) == 0 && S_ISREG(sb.st_mode))
            return true;
    }
    return false;
}

/* The non-hidden subfolders of the root @fd (at @dir) that are bundles, in
 * name order. A link is followed only while it stays inside the root. */
static bool add_sub_bundles(sah_library_t *lib, int fd, const char *dir)
{
    char **subs;
    size_t n;
    bool ok = list_subfolders(lib, fd, dir, &subs, &n);
    for (size_t i = 0; ok && i < n; i++) {
        int err;
        if (page_files_folder(fd, subs[i]))
            continue;
        int sub = sah_dir_open_in(fd, subs[i], NULL, &err);
        char *path = sah_path_join(dir, subs[i]);
        if (!path)
            ok = false;
        else if (sub >= 0)
            ok = add_bundle(lib, sub, path);
        else if (link_to_folder(fd, subs[i], err))
            ok = problem(lib, true, path, sah_file_strerror(err));
        /* else a file, or gone: not a bundle */
        if (sub >= 0)
            close(sub);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(subs[i]);
    free(subs);
    return ok;
}

bool sah_library_add_root(sah_library_t *lib, const char *dir)
{
    int err;
    char *real = realpath(dir, NULL);
    if (!real) {
        if (errno == ENOMEM)
            return false;
        return problem(lib, true, dir, strerror(errno));
    }
    /* The same folder twice (--library given the assets dir): once is enough. */
    for (size_t i = 0; i < lib->n_roots; i++) {
        if (strcmp(lib->roots[i], real) == 0) {
            free(real);
            return true;
        }
    }
    if (!sah_grow((void **)&lib->roots, &lib->cap_roots, lib->n_roots + 1, sizeof *lib->roots)) {
        free(real);
        return false;
    }
    lib->roots[lib->n_roots++] = real;
    /* The root itself was named by the user: the links of its path are
     * followed (realpath() did); inside it, they must stay inside. */
    int fd = sah_dir_open_in(AT_FDCWD, real, NULL, &err);
    if (fd < 0)
        return problem(lib, true, dir,
                       err == SAH_FILE_ERR_NOT_DIR ? "not a folder" : sah_file_strerror(err));
    bool ok = add_bundle(lib, fd, real) && add_sub_bundles(lib, fd, real);
    close(fd);
    return ok;
}

bool sah_library_add_default_roots(sah_library_t *lib)
{
    struct stat sb;
    char *assets = sah_library_assets_dir();
    char *user = sah_path_dir(SAH_DIR_DATA, "bundles");
    bool ok = assets && sah_library_add_root(lib, assets);
    /* The user's bundles dir appears with the first import: not a problem. */
    if (ok && user && stat(user, &sb) == 0)
        ok = sah_library_add_root(lib, user);
    free(assets);
    free(user);
    return ok;
}

bool sah_library_scan(sah_library_t *lib)
{
    if (lib->scanned)
        return true;
    lib->scanned = true;
    if (!cache_load(lib))
        return false;
    /* One transaction for the scan: the index's writes as files are
     * parsed, then the cache's rows (cache_store() commits). */
    if (lib->db && sqlite3_exec(lib->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        index_failed(lib);
    for (size_t i = 0; i < lib->n_bundles; i++) {
        const sah_bundle_t *b = lib->bundles[i];
        size_t first = lib->n_entries;
        int err;
        /* The very folder that was listed: its files are opened inside it. */
        int fd = sah_bundle_open_dir(b, &err);
        if (fd < 0) {
            if (!problem(lib, true, sah_bundle_dir(b),
                         err == ESTALE ? "another folder since it was listed"
                                       : sah_file_strerror(err)))
                return false;
            continue;
        }
        bool ok = true;
        size_t n_txt =
            sah_bundle_n_files(b) < lib->n_scan[i] ? sah_bundle_n_files(b) : lib->n_scan[i];
        for (size_t k = 0; ok && k < n_txt; k++)
            ok = scan_file(lib, i, fd, sah_bundle_file(b, k));
        /* The bundle's order (bundle.ini's sort) is its text articles';
         * an EPUB's entries follow them in the publication's own order. */
        if (ok)
            sort_bundle(lib, b, first);
        for (size_t k = n_txt; ok && k < lib->n_scan[i]; k++)
            ok = scan_epub(lib, b, fd, sah_bundle_epub(b, k - n_txt));
        close(fd);
        if (!ok)
            return false;
    }
    /* The public views point at the entries' own strings: set once the
     * entries have stopped moving (realloc, sorting). */
    for (size_t i = 0; i < lib->n_entries; i++) {
        entry_t *e = &lib->entries[i];
        e->pub.path = e->path;
        e->pub.title = e->title;
        e->pub.source = e->source;
        e->pub.date = e->date;
        e->pub.lang = e->lang;
        e->pub.photo = e->photo;
        e->pub.hash = e->hash;
    }
    cache_store(lib);
    return true;
}

sah_library_t *sah_library_new(const char *cache_path)
{
    sah_library_t *lib = calloc(1, sizeof *lib);
    if (lib)
        lib->pending_fd = -1;
    if (lib && cache_path)
        lib->db = cache_open(cache_path);
    if (lib && lib->db && !(lib->search = sah_search_new(lib->db)))
        index_failed(lib);
    return lib;
}

void sah_library_free(sah_library_t *lib)
{
    if (!lib)
        return;
    sah_library_index_commit(lib);
    sah_search_free(lib->search);
    free(lib->by_path);
    sqlite3_close(lib->db);
    for (size_t i = 0; i < lib->n_roots; i++)
        free(lib->roots[i]);
    free(lib->roots);
    for (size_t i = 0; i < lib->n_bundles; i++)
        sah_bundle_free(lib->bundles[i]);
    free(lib->bundles);
    free(lib->n_scan);
    for (size_t i = 0; i < lib->n_entries; i++)
        entry_clear(&lib->entries[i]);
    free(lib->entries);
    for (size_t i = 0; i < lib->n_problems; i++)
        free(lib->problems[i]);
    free(lib->problems);
    for (size_t i = 0; i < lib->n_rows; i++)
        row_clear(&lib->rows[i]);
    free(lib->rows);
    for (size_t i = 0; i < lib->n_fresh; i++)
        row_clear(&lib->fresh[i]);
    free(lib->fresh);
    free(lib->dedup);
    for (size_t i = 0; i < lib->n_pending; i++) {
        free(lib->pending[i].name);
        free(lib->pending[i].path);
    }
    free(lib->pending);
    sah_article_free(lib->staged);
    if (lib->pending_fd >= 0)
        close(lib->pending_fd);
    free(lib);
}

bool sah_library_known_identity(sah_library_t *lib, const char *path, uint64_t size,
                                int64_t mtime_ns, char hex[65])
{
    const row_t *r = NULL;
    /* A file parsed by this scan is in fresh (its old row, if any, still
     * in rows): that one first. */
    for (size_t i = lib ? lib->n_fresh : 0; i-- > 0 && !r;)
        if (!strcmp(lib->fresh[i].path, path))
            r = &lib->fresh[i];
    if (!r && lib)
        r = find_row(lib, path);
    if (!r || r->status != SAH_ARTICLE_OK || !r->hash || strlen(r->hash) != 64 ||
        r->size != (int64_t)size || r->mtime_ns != mtime_ns)
        return false;
    memcpy(hex, r->hash, 65);
    return true;
}

size_t sah_library_n_entries(const sah_library_t *lib)
{
    return lib->n_entries;
}

const sah_library_entry_t *sah_library_entry(const sah_library_t *lib, size_t i)
{
    return i < lib->n_entries ? &lib->entries[i].pub : NULL;
}

size_t sah_library_n_problems(const sah_library_t *lib)
{
    return lib->n_problems;
}

const char *sah_library_problem(const sah_library_t *lib, size_t i)
{
    return i < lib->n_problems ? lib->problems[i] : NULL;
}

void sah_library_stats(const sah_library_t *lib, size_t *parsed, size_t *cached)
{
    if (parsed)
        *parsed = lib->parsed;
    if (cached)
        *cached = lib->cached;
}

void sah_library_set_skip(sah_library_t *lib, sah_library_skip_fn fn, void *user)
{
    lib->skip = fn;
    lib->skip_user = user;
}

size_t sah_library_n_skipped(const sah_library_t *lib)
{
    return lib->skipped;
}

size_t sah_library_n_folders(const sah_library_t *lib)
{
    return lib->n_roots + lib->n_bundles;
}

const char *sah_library_folder(const sah_library_t *lib, size_t i)
{
    if (i < lib->n_roots)
        return lib->roots[i];
    i -= lib->n_roots;
    return i < lib->n_bundles ? sah_bundle_dir(lib->bundles[i]) : NULL;
}

/* ---- search ----------------------------------------------------------- */

static int cmp_by_path(const void *pa, const void *pb, void *user)
{
    const entry_t *e = user;
    return strcmp(e[*(const size_t *)pa].path, e[*(const size_t *)pb].path);
}

/* Sorts the entries by path once they have stopped moving (after the
 * scan). Returns false when out of memory. */
static bool ensure_by_path(sah_library_t *lib)
{
    if (lib->by_path || !lib->n_entries)
        return true;
    if (!(lib->by_path = malloc(lib->n_entries * sizeof *lib->by_path)))
        return false;
    for (size_t i = 0; i < lib->n_entries; i++)
        lib->by_path[i] = i;
    qsort_r(lib->by_path, lib->n_entries, sizeof *lib->by_path, cmp_by_path, lib->entries);
    return true;
}

/* The listed entry of @path, or NULL (a second copy, a root not read). */
static entry_t *entry_by_path(const sah_library_t *lib, const char *path)
{
    size_t lo = 0, hi = lib->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        entry_t *e = &lib->entries[lib->by_path[mid]];
        int c = strcmp(e->path, path);
        if (c == 0)
            return e;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

typedef struct {
    const sah_library_t *lib;
    sah_library_hit_fn fn;
    void *user;
} search_ctx_t;

static bool on_hit(void *user, const sah_search_hit_t *h)
{
    search_ctx_t *c = user;
    const entry_t *e = entry_by_path(c->lib, h->path);
    if (!e)
        return false;
    sah_library_hit_t hit = {&e->pub, h->score, h->hits, h->snippet};
    c->fn(c->user, &hit);
    return true;
}

/* ---- the search index, after the listing ------------------------------- */

/* The row this scan holds for @path: a fresh one first (its old row, if
 * any, is still in rows), else the cache's. NULL when none. */
static row_t *row_of(sah_library_t *lib, const char *path)
{
    for (size_t i = lib->n_fresh; i-- > 0;)
        if (!strcmp(lib->fresh[i].path, path))
            return &lib->fresh[i];
    return find_row(lib, path);
}

/* The index step found @path's identity @hash: its row and its entry (the
 * list's first copy) hold it from now on. Returns false when out of
 * memory. */
static bool learn_identity(sah_library_t *lib, const char *path, const char *hash)
{
    row_t *r = row_of(lib, path);
    if (r && !r->hash && !(r->hash = strdup(hash)))
        return false;
    if (!ensure_by_path(lib))
        return false;
    entry_t *e = entry_by_path(lib, path);
    if (e) /* its view's hash points at it */
        snprintf(e->hash, sizeof e->hash, "%s", hash);
    return true;
}

void sah_library_set_identify(sah_library_t *lib, sah_library_want_id_fn want, void *user)
{
    lib->want_id = want;
    lib->want_user = user;
}

bool sah_library_index_pending(const sah_library_t *lib)
{
    return (lib->next_pending < lib->n_pending || lib->staged) && lib->search &&
           !lib->search_failed;
}

/* The folder of pending file @p, open (kept for the next file of it). */
static int pending_dir(sah_library_t *lib, const pending_t *p)
{
    if (lib->pending_fd >= 0 && lib->pending_bundle == p->bundle)
        return lib->pending_fd;
    if (lib->pending_fd >= 0)
        close(lib->pending_fd);
    int err;
    lib->pending_fd = sah_bundle_open_dir(lib->bundles[p->bundle], &err);
    lib->pending_bundle = p->bundle;
    return lib->pending_fd;
}

/* Marks the cache's row of @path indexed, with its identity @hash, when it
 * still describes the file as it is (@sb): a file changed since the scan
 * is the next scan's. */
static bool mark_indexed(sah_library_t *lib, const char *path, const struct stat *sb,
                         const char *hash)
{
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(lib->db,
                                 "UPDATE article SET indexed = 1, hash = ?4"
                                 " WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3",
                                 -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sah_db_bind_text(st, 4, hash);
        sah_db_bind_text(st, 1, path);
        sqlite3_bind_int64(st, 2, sb->st_size);
        sqlite3_bind_int64(st, 3, (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Files indexed in one transaction at most. FTS5 writes its index at each
 * commit (a segment, and merges): about 2.5 M instructions whether it holds
 * one article or many, so a commit a file would cost more than the file. */
#define INDEX_BATCH 32

void sah_library_index_commit(sah_library_t *lib)
{
    if (!lib || !lib->uncommitted)
        return;
    lib->uncommitted = 0;
    if (sqlite3_exec(lib->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        index_failed(lib);
        sah_db_rollback(lib->db);
    }
}

/* Reads and parses the next waiting file, with its identity, for the
 * next step to insert. Returns false when out of memory. */
static bool stage_next(sah_library_t *lib)
{
    size_t at = lib->next_pending++;
    const pending_t *p = &lib->pending[at];
    int fd = pending_dir(lib, p);
    struct stat sb;
    /* Gone or unreadable since the scan: the next scan says so. */
    if (fd < 0 || fstatat(fd, p->name, &sb, 0) != 0)
        return true;
    sah_article_status_t st;
    sah_article_t *a = sah_article_load_in(fd, p->name, p->path, &st);
    if (!a)
        return st != SAH_ARTICLE_ERR_NOMEM; /* changed since the scan: logged, the next scan's */
    lib->staged = a;
    lib->staged_at = at;
    lib->staged_sb = sb;
    return true;
}

/* Inserts the staged file's words. */
static void insert_staged(sah_library_t *lib)
{
    sah_article_t *a = lib->staged;
    const char *path = lib->pending[lib->staged_at].path;
    lib->staged = NULL;
    /* The index's rows and the mark that they are there go together, in a
     * transaction of up to INDEX_BATCH files. */
    bool ok = lib->uncommitted || sqlite3_exec(lib->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    if (ok) {
        lib->uncommitted++;
        index_put(lib, path, a);
    }
    ok = ok && !lib->search_failed &&
         mark_indexed(lib, path, &lib->staged_sb, sah_article_meta(a)->hash);
    if (ok)
        ok = learn_identity(lib, path, sah_article_meta(a)->hash);
    sah_article_free(a);
    if (!ok) {
        lib->uncommitted = 0;
        index_failed(lib);
        sah_db_rollback(lib->db);
    }
}

bool sah_library_index_step(sah_library_t *lib)
{
    /* One of three kinds of work a step, each about as long as the
     * others for a seed-sized file, where one step did all three: a
     * file read, parsed and hashed; its words inserted; or the
     * transaction committed. */
    if (lib->staged) {
        if (!lib->search_failed)
            insert_staged(lib);
        sah_article_free(lib->staged);
        lib->staged = NULL;
        return true;
    }
    if (lib->uncommitted >= INDEX_BATCH) {
        sah_library_index_commit(lib);
        return true;
    }
    return !sah_library_index_pending(lib) || stage_next(lib);
}

sah_search_status_t sah_library_search(sah_library_t *lib, const char *query, unsigned flags,
                                       sah_library_hit_fn fn, void *user, const char **why)
{
    *why = NULL;
    /* A search finds every listed article: what the index still waits for
     * is indexed now. */
    while (sah_library_index_pending(lib))
        if (!sah_library_index_step(lib)) {
            *why = "out of memory";
            return SAH_SEARCH_FAILED;
        }
    if (!lib->search || lib->search_failed) {
        *why = !lib->db ? "the library's cache cannot be opened (see above)"
                        : "the search index cannot be used (see above)";
        return SAH_SEARCH_FAILED;
    }
    if (!ensure_by_path(lib)) {
        *why = "out of memory";
        return SAH_SEARCH_FAILED;
    }
    search_ctx_t c = {lib, fn, user};
    sah_search_status_t st = sah_search_query(lib->search, query, flags, on_hit, &c);
    if (st == SAH_SEARCH_FAILED)
        *why = sqlite3_errmsg(lib->db);
    return st;
}

char *sah_library_default_cache_path(void)
{
    return sah_path_dir(SAH_DIR_CACHE, "library.sqlite");
}

char *sah_library_assets_dir(void)
{
    const char *env = getenv("SAHIFA_ASSETS_DIR");
    if (env && env[0] == '/')
        return strdup(env);
    return sah_path_share("sahifa");
}

/* ---- import ----------------------------------------------------------- */

/* Removes the folder @dir: a bundle's files, and its saved pages'
 * "NAME_files" folders one level down (an import makes nothing deeper). */
static void remove_bundle_dir(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d) {
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (unlinkat(dirfd(d), e->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM) &&
                depth == 0) {
                char *sub = sah_path_join(dir, e->d_name);
                if (sub)
                    remove_bundle_dir(sub, 1);
                free(sub);
            }
        }
        closedir(d);
    }
    rmdir(dir);
}

static void remove_flat(const char *dir)
{
    remove_bundle_dir(dir, 0);
}

static bool fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* The largest file of a saved page's folder an import copies: a photo
 * (render/image's file cap), a script or a style. */
#define PAGE_FILE_MAX_BYTES ((size_t)32 << 20)

/* Removes ".import-PID-XXXXXX" folders of imports whose process is gone:
 * they are what a killed import leaves. */
static void remove_stale_imports(const char *bundles_dir)
{
    /* A failed import's swap may not be durable yet: until the bundles
     * dir is synced, what is named ".import-" may still be the bundle. */
    if (!fsync_path(bundles_dir))
        return;
    DIR *d = opendir(bundles_dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d))) {
        static const char prefix[] = ".import-";
        const char *s = e->d_name + sizeof prefix - 1;
        char *end;
        if (strncmp(e->d_name, prefix, sizeof prefix - 1) != 0 || *s < '0' || *s > '9')
            continue;
        errno = 0;
        long pid = strtol(s, &end, 10);
        if (errno || *end != '-' || pid <= 0 || pid != (pid_t)pid)
            continue;
        /* Alive, or not ours to ask about (EPERM): leave it. */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *path = sah_path_join(bundles_dir, e->d_name);
        if (path)
            remove_flat(path);
        free(path);
    }
    closedir(d);
}

/* Copies the @size bytes of @in to the new file @to and fsyncs it. Returns
 * 0, or an errno value or SAH_FILE_ERR_CHANGED (the file grew meanwhile:
 * not copied cut, nor past the cap it was opened under). */
static int copy_fd(int in, uint64_t size, const char *to)
{
    char buf[64 * 1024];
    int e = 0;
    uint64_t done = 0;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0)
        return errno;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            e = errno;
            goto out;
        }
        if (n == 0)
            break;
        if ((done += (uint64_t)n) > size) {
            e = SAH_FILE_ERR_CHANGED;
            goto out;
        }
        for (ssize_t w = 0; w < n;) {
            ssize_t k = write(out, buf + w, (size_t)(n - w));
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                e = errno;
                goto out;
            }
            w += k;
        }
    }
    if (fsync(out) != 0)
        e = errno;
out:
    if (close(out) != 0 && !e)
        e = errno;
    return e;
}

/* Copies the file @name of the folder @dirfd to @to, through the one safe
 * opener: a regular file within @max bytes, a link only if it stays inside
 * the bundle. Returns 0 or why not (readfile.h's codes). */
static int copy_file(int dirfd, const char *name, size_t max, const char *to)
{
    struct stat sb;
    int err;
    int in = sah_file_open_in(dirfd, name, max, &sb, &err);
    if (in < 0)
        return err;
    err = copy_fd(in, (uint64_t)sb.st_size, to);
    close(in);
    return err;
}

/* Logs that @name of bundle @b cannot be copied, and why. */
static void copy_failed(const sah_bundle_t *b, const char *name, int err)
{
    sah_log("%s/%s: cannot copy: %s", sah_bundle_dir(b), name, sah_file_strerror(err));
}

/* Copies the folder "NAME_files" beside the saved page @page of @dirfd's
 * bundle (a browser's "complete" save: the page's photos) into @tmp, its
 * regular files only, flat, and syncs it. A file that cannot be copied is
 * left out with one line: the page still reads, that photo is a
 * placeholder. Returns false only when the folder cannot be made. */
static bool copy_page_files(const sah_bundle_t *b, int dirfd, const char *page, const char *tmp)
{
    const char *dot = strrchr(page, '.');
    char name[NAME_MAX + 1];
    int err;
    if (!dot || (size_t)(dot - page) + 6 > NAME_MAX)
        return true;
    snprintf(name, sizeof name, "%.*s_files", (int)(dot - page), page);
    int src = sah_dir_open_in(dirfd, name, NULL, &err);
    if (src < 0)
        return true; /* none: a page saved alone */
    char *to = sah_path_join(tmp, name);
    int dfd = dup(src);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    bool ok = to && mkdir(to, 0755) == 0 && d;
    if (!d && dfd >= 0)
        close(dfd);
    struct dirent *e;
    size_t copied = 0;
    while (ok && (e = readdir(d)) && copied < SAH_BUNDLE_MAX_FILES) {
        if (e->d_name[0] == '.' || e->d_type == DT_DIR)
            continue;
        char *file = sah_path_join(to, e->d_name);
        err = file ? copy_file(src, e->d_name, PAGE_FILE_MAX_BYTES, file) : ENOMEM;
        if (err == ENOMEM)
            ok = false;
        else if (err)
            sah_log("%s/%s/%s: not copied: %s", sah_bundle_dir(b), name, e->d_name,
                    sah_file_strerror(err));
        copied += !err;
        free(file);
    }
    if (d)
        closedir(d);
    close(src);
    ok = ok && fsync_path(to);
    if (!ok)
        sah_log("%s/%s: cannot copy the folder: %s", sah_bundle_dir(b), name, strerror(errno));
    free(to);
    return ok;
}

/* Copies the bundle's articles and bundle.ini into @tmp. Returns false when
 * a file could not be copied (*n_failed of them, each logged: after the
 * first, the rest are only opened, to name them all at once) or @progress
 * said stop (*n_failed 0). */
static bool copy_bundle(const sah_bundle_t *b, const char *tmp, sah_library_progress_fn progress,
                        void *user, size_t *n_failed)
{
    /* A broken bundle.ini is copied too: the user may fix it there. The
     * EPUB files come after it. */
    bool ini = sah_bundle_ini_status(b) != SAH_BUNDLE_INI_NONE;
    size_t n_text = sah_bundle_n_files(b) + ini, total = n_text + sah_bundle_n_epubs(b);
    bool stop = false;
    int err;
    *n_failed = 0;
    int dirfd = sah_bundle_open_dir(b, &err);
    if (dirfd < 0) {
        sah_log("%s: cannot read the folder: %s", sah_bundle_dir(b), sah_file_strerror(err));
        *n_failed = total;
        return false;
    }
    for (size_t i = 0; !stop && i < total; i++) {
        bool is_ini = ini && i == n_text - 1, is_epub = i >= n_text;
        const char *name = is_epub  ? sah_bundle_epub(b, i - n_text)
                           : is_ini ? "bundle.ini"
                                    : sah_bundle_file(b, i);
        size_t max = is_epub  ? (size_t)SAH_EPUB_MAX_FILE_BYTES
                     : is_ini ? SAH_BUNDLE_INI_MAX_BYTES
                              : SAH_ARTICLE_MAX_BYTES;
        if (*n_failed) {
            int fd = sah_file_open_in(dirfd, name, max, NULL, &err);
            if (fd >= 0)
                close(fd);
        } else {
            char *to = sah_path_join(tmp, name);
            err = to ? copy_file(dirfd, name, max, to) : ENOMEM;
            free(to);
            if (!err && !is_ini && !is_epub && sah_article_is_web_page(name) &&
                !copy_page_files(b, dirfd, name, tmp))
                err = EIO;
            stop = !err && progress && !progress(name, i + 1, total, user);
        }
        if (err) {
            copy_failed(b, name, err);
            ++*n_failed;
        }
    }
    close(dirfd);
    return !*n_failed && !stop;
}

/* Copies the EPUB file @path (named @name) into @tmp, as copy_bundle(). */
static bool copy_epub(const char *path, const char *name, const char *tmp,
                      sah_library_progress_fn progress, void *user, size_t *n_failed)
{
    char *to = sah_path_join(tmp, name);
    int err = to ? copy_file(AT_FDCWD, path, (size_t)SAH_EPUB_MAX_FILE_BYTES, to) : ENOMEM;
    free(to);
    *n_failed = err != 0;
    if (err)
        sah_log("%s: cannot copy: %s", path, sah_file_strerror(err));
    return !err && (!progress || progress(name, 1, 1, user));
}

bool sah_library_import(const char *src, const char *bundles_dir, sah_library_progress_fn progress,
                        void *user, char **dest)
{
    sah_bundle_t *b = NULL;
    char *real = NULL, *tmp = NULL, *target = NULL;
    const char *why = NULL;
    bool ok = false;
    int saved = 0;
    if (dest)
        *dest = NULL;
    if (!(real = realpath(src, NULL))) {
        why = strerror(errno);
        goto out;
    }
    /* One EPUB file: a bundle of its own, named after it. */
    char stem[NAME_MAX + 1] = "";
    const char *file = strrchr(real, '/') + 1;
    struct stat sb;
    size_t len = strlen(file);
    if (len > 5 && len - 5 <= NAME_MAX && !strcasecmp(file + len - 5, ".epub") &&
        stat(real, &sb) == 0 && S_ISREG(sb.st_mode)) {
        sah_epub_status_t est;
        sah_epub_t *e = sah_epub_open(real, &est);
        sah_epub_free(e);
        if (!e)
            goto out; /* logged, naming it */
        snprintf(stem, sizeof stem, "%.*s", (int)(len - 5), file);
    } else if (!(b = sah_bundle_open(real))) {
        goto out; /* logged */
    } else if (sah_bundle_n_files(b) == 0 && sah_bundle_n_epubs(b) == 0) {
        why = "not a bundle: no articles (.txt, .html, .htm, .xhtml, .epub)";
        goto out;
    }
    if (b && sah_bundle_more_files(b)) {
        /* Imported cut, the bundle would lose articles without a word: the
         * whole folder, or nothing. */
        why = "more than " SAH_STR(SAH_BUNDLE_MAX_FILES) " articles; not imported";
        goto out;
    }
    if (!sah_path_ensure_dir(bundles_dir)) {
        saved = errno;
        sah_log("%s: cannot create: %s", bundles_dir, strerror(saved));
        goto out;
    }
    remove_stale_imports(bundles_dir);
    const char *base = stem[0] ? stem : file;
    if (!*base || *base == '.') {
        why = "a bundle's folder needs a name that does not start with '.'";
        goto out;
    }
    char pattern[64];
    snprintf(pattern, sizeof pattern, ".import-%ld-XXXXXX", (long)getpid());
    if (!(tmp = sah_path_join(bundles_dir, pattern)) ||
        !(target = sah_path_join(bundles_dir, base)) || !mkdtemp(tmp)) {
        why = tmp && target ? strerror(errno) : "out of memory";
        free(tmp);
        tmp = NULL;
        goto out;
    }
    size_t n_failed;
    if (stem[0] ? !copy_epub(real, file, tmp, progress, user, &n_failed)
                : !copy_bundle(b, tmp, progress, user, &n_failed)) {
        if (n_failed)
            sah_log("%s: cannot import: %zu %s cannot be copied; nothing imported", src, n_failed,
                    n_failed == 1 ? "file" : "files");
        else
            sah_log("%s: import cancelled", src);
        goto out;
    }
    /* The copy is durable before it becomes visible. */
    if (!fsync_path(tmp)) {
        why = strerror(errno);
        goto out;
    }
    if (rename(tmp, target) != 0) {
        /* An earlier import of this bundle: swap in one step, then remove
         * the old copy, which is now at @tmp. */
        if ((errno != EEXIST && errno != ENOTEMPTY) ||
            renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
            why = strerror(errno);
            goto out;
        }
    }
    if (!fsync_path(bundles_dir)) {
        /* The swap is not known to be on disk: the old copy, now at @tmp,
         * may still be what the bundles dir names after a power cut. Keep
         * it; the next import removes it once the dir is durable. */
        why = strerror(errno);
        free(tmp);
        tmp = NULL;
        goto out;
    }
    ok = true;
    if (dest) {
        *dest = target;
        target = NULL;
    }
out:
    if (why)
        sah_log("%s: cannot import: %s", src, why);
    if (tmp)
        remove_flat(tmp); /* the half copy, or the replaced old bundle */
    free(tmp);
    free(target);
    free(real);
    sah_bundle_free(b);
    return ok;
}
