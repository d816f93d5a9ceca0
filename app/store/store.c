/* store.c - see store.h. */
#include "app/store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "platform/isodate.h"
#include "platform/paths.h"

/*
 * Schema history. migrations[v] takes a store from user_version v to v + 1;
 * all the steps an open needs run in one transaction together with the new
 * user_version, so a power cut mid-migration leaves the old version intact.
 * Never edit a shipped step: append one. tests/store-schemas/ holds a frozen
 * copy of every older version (with data) that test-store.c migrates from.
 *
 * Byte offsets are named byte_offset because OFFSET is an SQL keyword.
 */
static const char *const migrations[SAH_STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE articles ("
    "  hash TEXT PRIMARY KEY NOT NULL,"
    "  path TEXT,"
    "  title TEXT);"
    "CREATE TABLE positions ("
    "  hash TEXT PRIMARY KEY NOT NULL REFERENCES articles(hash),"
    "  byte_offset INTEGER NOT NULL CHECK (byte_offset >= 0),"
    "  page_w INTEGER NOT NULL DEFAULT 0,"
    "  page_h INTEGER NOT NULL DEFAULT 0,"
    "  font_px INTEGER NOT NULL DEFAULT 0,"
    "  page_no INTEGER NOT NULL DEFAULT 0,"
    "  last_read INTEGER NOT NULL,"
    "  finished INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1)));"
    "CREATE TABLE bookmarks ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL REFERENCES articles(hash),"
    "  byte_offset INTEGER NOT NULL CHECK (byte_offset >= 0),"
    "  snippet TEXT NOT NULL DEFAULT '',"
    "  note TEXT,"
    "  created INTEGER NOT NULL,"
    /* One bookmark per place: this is what makes importing idempotent. */
    "  UNIQUE (hash, byte_offset));"
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL);",
};

/* Reader settings and their defaults (the store keeps only what was changed). */
static const struct {
    const char *key, *value;
} setting_defaults[] = {
    /* font_size in px; theme: light | dark | sepia; digits: arabic
     * (U+0660..U+0669) | latin. The app parses and checks the values. */
    {"font_size", "22"},  {"line_spacing", "1.6"}, {"theme", "light"},
    {"digits", "arabic"}, {"justify", "true"},
};

enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_ART_ENSURE,
    ST_ART_TOUCH,
    ST_ART_GET,
    ST_ART_IMPORT,
    ST_POS_PUT,
    ST_POS_GET,
    ST_BM_FIND,
    ST_BM_ADD,
    ST_BM_IMPORT,
    ST_BM_DEL,
    ST_BM_NOTE,
    ST_BM_LIST_ALL,
    ST_BM_LIST_ONE,
    ST_SET_GET,
    ST_SET_PUT,
    ST_SET_DEL,
    ST_COUNT
};

#define BM_COLUMNS "b.id, b.hash, a.title, b.byte_offset, b.snippet, b.note, b.created"

static const char *const statement_sql[ST_COUNT] = {
    /* IMMEDIATE: take the write lock up front, so that a transaction never
     * fails half-way for want of it. */
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_ART_ENSURE] = "INSERT INTO articles(hash) VALUES (?1) ON CONFLICT(hash) DO NOTHING",
    [ST_ART_TOUCH] = "INSERT INTO articles(hash, path, title) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(hash) DO UPDATE SET path = coalesce(excluded.path, path), "
                     "title = coalesce(excluded.title, title)",
    [ST_ART_GET] = "SELECT path, title FROM articles WHERE hash = ?1",
    /* An imported title never overrides one this device knows. */
    [ST_ART_IMPORT] = "INSERT INTO articles(hash, title) VALUES (?1, ?2) "
                      "ON CONFLICT(hash) DO UPDATE SET title = coalesce(title, excluded.title)",
    [ST_POS_PUT] = "INSERT INTO positions(hash, byte_offset, page_w, page_h, font_px, page_no, "
                   "last_read, finished) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                   "ON CONFLICT(hash) DO UPDATE SET byte_offset = excluded.byte_offset, "
                   "page_w = excluded.page_w, page_h = excluded.page_h, "
                   "font_px = excluded.font_px, page_no = excluded.page_no, "
                   "last_read = excluded.last_read, finished = excluded.finished",
    [ST_POS_GET] = "SELECT byte_offset, page_w, page_h, font_px, page_no, last_read, finished "
                   "FROM positions WHERE hash = ?1",
    [ST_BM_FIND] = "SELECT id FROM bookmarks WHERE hash = ?1 AND byte_offset = ?2",
    [ST_BM_ADD] = "INSERT INTO bookmarks(hash, byte_offset, snippet, note, created) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_BM_IMPORT] = "INSERT INTO bookmarks(hash, byte_offset, snippet, note, created) "
                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(hash, byte_offset) DO NOTHING",
    [ST_BM_DEL] = "DELETE FROM bookmarks WHERE id = ?1",
    [ST_BM_NOTE] = "UPDATE bookmarks SET note = ?2 WHERE id = ?1",
    [ST_BM_LIST_ALL] = "SELECT " BM_COLUMNS " FROM bookmarks b JOIN articles a USING (hash) "
                       "ORDER BY b.hash, b.byte_offset",
    [ST_BM_LIST_ONE] = "SELECT " BM_COLUMNS " FROM bookmarks b JOIN articles a USING (hash) "
                       "WHERE b.hash = ?1 ORDER BY b.byte_offset",
    [ST_SET_GET] = "SELECT value FROM settings WHERE key = ?1",
    [ST_SET_PUT] = "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [ST_SET_DEL] = "DELETE FROM settings WHERE key = ?1",
};

struct sah_store {
    sqlite3 *db;
    char *path; /* the file asked for (also when in memory) */
    char *vfs;
    char *corrupt_path;
    char *notice;
    int lock_fd;
    sah_store_status_t status;
    /* Why changes are not saved (sah_store_save_error()): the cause found
     * at open, and the disk error of the last write while on disk. */
    sah_store_err_t open_err, write_err;
    sah_store_options_t opt;
    sqlite3_stmt *st[ST_COUNT];

    /* The coalesced position (one article is read at a time). */
    bool pending;
    char pending_hash[SAH_STORE_HASH_MAX + 1];
    sah_store_position_t pending_pos;
    bool attempted; /* a position write was attempted at last_write_ms */
    int64_t last_write_ms;
};

/* Why an open on disk did not give a usable store. */
typedef enum {
    DISK_OK,
    DISK_CORRUPT,    /* not a database, or fails quick_check: move aside */
    DISK_UNWRITABLE, /* read-only, full, I/O error: memory */
    DISK_NEWER,      /* user_version from a newer sahifa: leave it alone */
} disk_result_t;

static void logf_(const sah_store_t *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One log line that names the file (house style). */
static void logf_(const sah_store_t *st, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "sahifa: store %s: ", st->path ? st->path : "(memory)");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int64_t now_ms(const sah_store_t *st)
{
    if (st->opt.monotonic_ms)
        return st->opt.monotonic_ms(st->opt.user);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_s(const sah_store_t *st)
{
    return st->opt.wall_s ? st->opt.wall_s(st->opt.user) : (int64_t)time(NULL);
}

/* SQLite's result codes -> ours. A write on a read-only remount and an I/O
 * error both reach us as SQLITE_IOERR_*; SQLite keeps the OS errno only on
 * some paths (not for a failed COMMIT), so without it we ask the file
 * system: access(2) answers EROFS on a read-only mount, statvfs(3) says
 * whether blocks are left. */
static sah_store_err_t probe_disk(const char *path)
{
    sah_store_err_t e = SAH_STORE_ERR_IO;
    char *dir = path ? strdup(path) : NULL;
    char *slash = dir ? strrchr(dir, '/') : NULL;
    struct statvfs sv;
    if (!slash)
        goto out;
    if (slash == dir)
        slash[1] = 0; /* the root */
    else
        *slash = 0;
    /* EACCES: a folder the user may not write is read-only to them. */
    if (access(dir, W_OK) != 0 && (errno == EROFS || errno == EACCES))
        e = SAH_STORE_ERR_READONLY;
    else if (statvfs(dir, &sv) == 0 && sv.f_bavail == 0)
        e = SAH_STORE_ERR_FULL;
out:
    free(dir);
    return e;
}

static sah_store_err_t map_rc(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return SAH_STORE_OK;
    case SQLITE_FULL:
        return SAH_STORE_ERR_FULL;
    case SQLITE_READONLY:
        return SAH_STORE_ERR_READONLY;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        if (db && sqlite3_system_errno(db) == EROFS)
            return SAH_STORE_ERR_READONLY;
        if (db && sqlite3_system_errno(db) == ENOSPC)
            return SAH_STORE_ERR_FULL;
        if (rc == SQLITE_IOERR_NOMEM)
            return SAH_STORE_ERR_NOMEM;
        return db ? probe_disk(sqlite3_db_filename(db, "main")) : SAH_STORE_ERR_IO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SAH_STORE_ERR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return SAH_STORE_ERR_CORRUPT;
    case SQLITE_NOMEM:
        return SAH_STORE_ERR_NOMEM;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
        return SAH_STORE_ERR_INVALID;
    default:
        return SAH_STORE_ERR_IO;
    }
}

/* Translates a failed SQLite call at the boundary: one log line, our code. */
static sah_store_err_t fail(sah_store_t *st, int rc, const char *what)
{
    sah_store_err_t e = map_rc(st->db, rc);
    logf_(st, "%s: %s (sqlite %d, errno %d)", what, sqlite3_errstr(rc), rc,
          st->db ? sqlite3_system_errno(st->db) : 0);
    if (e == SAH_STORE_ERR_FULL || e == SAH_STORE_ERR_READONLY || e == SAH_STORE_ERR_IO ||
        e == SAH_STORE_ERR_BUSY || e == SAH_STORE_ERR_CORRUPT)
        st->write_err = e;
    return e;
}

/* A write reached the disk: whatever failed before is over. */
static sah_store_err_t saved(sah_store_t *st)
{
    st->write_err = SAH_STORE_OK;
    return SAH_STORE_OK;
}

/* An errno of creating or opening a file, as our code. */
static sah_store_err_t errno_err(int err)
{
    switch (err) {
    case EROFS:
    case EACCES:
    case EPERM:
        return SAH_STORE_ERR_READONLY;
    case ENOSPC:
    case EDQUOT:
        return SAH_STORE_ERR_FULL;
    default:
        return SAH_STORE_ERR_IO;
    }
}

const char *sah_store_strerror(sah_store_err_t err)
{
    switch (err) {
    case SAH_STORE_OK:
        return "Saved.";
    case SAH_STORE_ERR_INVALID:
        return "Invalid request.";
    case SAH_STORE_ERR_NOT_FOUND:
        return "Not found.";
    case SAH_STORE_ERR_EXISTS:
        return "There is already a bookmark here.";
    case SAH_STORE_ERR_FULL:
        return "The disk is full: the change was not saved.";
    case SAH_STORE_ERR_READONLY:
        return "The disk is read-only: the change was not saved.";
    case SAH_STORE_ERR_IO:
        return "The disk reported an error: the change was not saved.";
    case SAH_STORE_ERR_BUSY:
        return "Another program is using the bookmarks file: the change was not saved.";
    case SAH_STORE_ERR_CORRUPT:
        return "The bookmarks file is damaged: the change was not saved.";
    case SAH_STORE_ERR_FORMAT:
        return "This is not a sahifa bookmarks file, or it is from a newer sahifa.";
    case SAH_STORE_ERR_NOMEM:
        return "Out of memory.";
    }
    return "Unknown error.";
}

/* ---- validation ---------------------------------------------------------- */

/* Copies @hash lowercased into @out; false unless 1..HASH_MAX hex digits.
 * Lowercase so that "AB12" and "ab12" are one article. */
static bool norm_hash(const char *hash, char out[SAH_STORE_HASH_MAX + 1])
{
    size_t i = 0;
    if (!hash)
        return false;
    for (; hash[i]; i++) {
        char c = hash[i];
        if (i == SAH_STORE_HASH_MAX)
            return false;
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
        out[i] = c;
    }
    out[i] = 0;
    return i > 0;
}

/* NULL is allowed; otherwise at most @max bytes of valid UTF-8. Validity is
 * checked by jansson itself, so that export can never meet a string it
 * refuses. */
static bool text_ok(const char *s, size_t max)
{
    if (!s)
        return true;
    if (strlen(s) > max)
        return false;
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}

/* ---- statements and transactions ----------------------------------------- */

/* Steps @s once; the caller resets it (every path ends in done()). */
static int step(sqlite3_stmt *s)
{
    return sqlite3_step(s);
}

static void done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* Runs a statement that returns no row. */
static int exec_stmt(sqlite3_stmt *s)
{
    int rc = step(s);
    done(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

/* Some errors roll the transaction back by themselves (SQLite docs, "Response
 * To Errors Within A Transaction"); roll back only if one is still open. */
static void rollback(sah_store_t *st)
{
    if (!sqlite3_get_autocommit(st->db))
        exec_stmt(st->st[ST_ROLLBACK]);
}

/* ---- opening -------------------------------------------------------------- */

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *sah_store_default_path(void)
{
    return sah_path_dir(SAH_DIR_STATE, SAH_STORE_FILENAME);
}

/* Makes a rename or a new file durable: its directory entry must reach the
 * disk too (fsync(2): "calling fsync() on the file does not necessarily
 * ensure that the entry in the directory ... has also reached disk"). */
static void sync_dir_of(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return;
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = 0;
    else if (slash)
        *slash = 0;
    /* No slash: the current directory ("." would not fit in the copy of ""). */
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

typedef enum { LOCK_TAKEN, LOCK_HELD, LOCK_UNWRITABLE } lock_result_t;

/*
 * Only one sahifa may write the store: two readers would overwrite each
 * other's positions and coalescing assumes one writer. SQLite's own locks
 * only serialize transactions, so an flock() on "<path>.lock" says "an
 * instance is running". The kernel drops it when the process dies, even by
 * SIGKILL, so a crash never leaves a stale lock. A separate file because
 * flock() on the database itself is emulated with fcntl() locks on NFS and
 * would fight SQLite's.
 */
static lock_result_t take_lock(sah_store_t *st, long *holder)
{
    lock_result_t r = LOCK_UNWRITABLE;
    char *lock_path = dup_printf("%s.lock", st->path);
    if (!lock_path)
        return LOCK_UNWRITABLE;
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        st->open_err = errno_err(errno);
        logf_(st, "cannot create %s: %s", lock_path, strerror(errno));
        goto out;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            char buf[32] = {0};
            ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            *holder = n > 0 ? strtol(buf, NULL, 10) : 0;
            r = LOCK_HELD;
        } else {
            st->open_err = SAH_STORE_ERR_IO;
            logf_(st, "cannot lock %s: %s", lock_path, strerror(errno));
        }
        close(fd);
        goto out;
    }
    /* The pid is only for the other instance's message: not synced, and a
     * failure to write it (full disk) is harmless. */
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    bool noted = ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) == n;
    (void)noted;
    st->lock_fd = fd;
    r = LOCK_TAKEN;
out:
    free(lock_path);
    return r;
}

/* Runs a PRAGMA that returns one row; copies its first column to @out. */
/* An integer as pragma_text() wrote it; false when @s is not one or out of
 * int's range. */
static bool text_int(const char *s, int *v)
{
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (end == s || *end || errno || x < INT_MIN || x > INT_MAX)
        return false;
    *v = (int)x;
    return true;
}

static int pragma_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        goto out;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        snprintf(out, outlen, "%s", t ? (const char *)t : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        out[0] = 0;
        rc = SQLITE_OK;
    }
out:
    sqlite3_finalize(s);
    return rc;
}

/* A failed call while opening: the file's fault (moved aside) or the disk's
 * (kept as the reason why changes are not saved). */
static disk_result_t classify(sah_store_t *st, int rc)
{
    sah_store_err_t e = map_rc(st->db, rc);
    if (e == SAH_STORE_ERR_CORRUPT)
        return DISK_CORRUPT;
    st->open_err = e == SAH_STORE_ERR_FULL || e == SAH_STORE_ERR_READONLY ? e : SAH_STORE_ERR_IO;
    return DISK_UNWRITABLE;
}

/* The integrity check itself failed: the machine, or the file? Only the
 * disk's errors (I/O, full, read-only, cannot open, busy) are the machine's.
 * Anything else is SQLite refusing what it read: a schema format number it
 * does not know ("unsupported file format", SQLITE_ERROR: a damaged header),
 * a record longer than its limits (SQLITE_TOOBIG), a schema needing a
 * collation or a module it lacks. Not ours to use, so moved aside like a
 * corrupt file; taken for a disk fault, every start ran in memory and the
 * file was never replaced (found by fuzz/fuzz-store.c).
 * SQLITE_NOMEM too: SQLite gives it for some damaged schemas at once, with
 * a few KB allocated (crash-store-ef0551332a670623; the sqlite3 shell says
 * "out of memory" on that file), while Linux overcommits memory, so a real
 * shortage kills the process rather than failing SQLite's small
 * allocations. Wrongly moving a sound file aside loses nothing (it is kept
 * byte for byte); wrongly keeping a damaged one stops all saving. */
static disk_result_t classify_check(sah_store_t *st, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
        return classify(st, rc);
    default:
        return DISK_CORRUPT;
    }
}

/* Brings an open database (disk or memory) to the current schema, in one
 * transaction. @was_empty: (out) it had no schema at all. */
static int migrate(sqlite3 *db, int from, bool *was_empty)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (int v = from; v < SAH_STORE_SCHEMA_VERSION; v++) {
        rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            goto out;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SAH_STORE_SCHEMA_VERSION);
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    *was_empty = from == 0;
out:
    if (rc != SQLITE_OK && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* sqlite_schema as one text, in a fixed order, without what a user may add
 * by hand to a store (an index to speed up their own queries, a view) and
 * that cannot change what our statements read or write: a plain index (not
 * UNIQUE, which could refuse our inserts) and a view. A trigger can, so it
 * stays in. SQLite writes the leading keywords of sqlite_schema.sql in
 * upper case with single spaces ("CREATE INDEX "), whatever was typed.
 * Returns: (transfer full) free with sqlite3_free(); NULL for an empty
 * schema or on an error (*rc). */
static char *schema_text(sqlite3 *db, int *rc)
{
    sqlite3_stmt *s = NULL;
    sqlite3_str *out = sqlite3_str_new(db);
    *rc = sqlite3_prepare_v2(db,
                             "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                             "WHERE NOT (type = 'view' OR (type = 'index' AND "
                             "substr(coalesce(sql, ''), 1, 13) = 'CREATE INDEX ')) "
                             "ORDER BY type, name",
                             -1, &s, NULL);
    while (*rc == SQLITE_OK && (*rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < 4; i++)
            sqlite3_str_appendf(out, "%s%c", (const char *)sqlite3_column_text(s, i),
                                i < 3 ? '|' : '\n');
        *rc = sqlite3_str_errcode(out);
    }
    if (*rc == SQLITE_DONE)
        *rc = sqlite3_str_errcode(out);
    sqlite3_finalize(s);
    char *text = sqlite3_str_finish(out);
    if (*rc != SQLITE_OK) {
        sqlite3_free(text);
        return NULL;
    }
    return text;
}

/*
 * Whether @db's schema is exactly the one the migrations make (on a fresh
 * database in memory: the reference). Tables of ours with other columns or
 * constraints pass integrity_check and prepare our statements, and then lose
 * data: a bit flip in "id INTEGER PRIMARY KEY" makes id an ordinary column,
 * NULL in every new bookmark, so a bookmark just added is not found by its id
 * (found by fuzz/fuzz-store.c). Every store runs the same steps from its own
 * version, so a migrated store's schema is the same text as a new one's.
 * What a user adds by hand that cannot change our data is left out of the
 * comparison (schema_text()): their store is not moved aside for it.
 * Returns: SQLITE_OK (*ours says), or the error of reading.
 */
static int check_schema(sqlite3 *db, bool *ours)
{
    sqlite3 *ref = NULL;
    char *want = NULL, *have = NULL;
    int rc = sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL);
    for (int v = 0; rc == SQLITE_OK && v < SAH_STORE_SCHEMA_VERSION; v++)
        rc = sqlite3_exec(ref, migrations[v], NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        want = schema_text(ref, &rc);
    if (rc == SQLITE_OK)
        have = schema_text(db, &rc);
    *ours = want && have && strcmp(want, have) == 0;
    sqlite3_free(want);
    sqlite3_free(have);
    sqlite3_close(ref);
    return rc;
}

static int prepare_all(sah_store_t *st)
{
    for (int i = 0; i < ST_COUNT; i++) {
        int rc = sqlite3_prepare_v3(st->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->st[i], NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static void close_db(sah_store_t *st)
{
    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(st->st[i]);
        st->st[i] = NULL;
    }
    sqlite3_close(st->db);
    st->db = NULL;
}

/* Checks and upgrades the open st->db, then prepares the statements.
 * Shared by disk and memory stores. */
static disk_result_t check_and_prepare(sah_store_t *st, bool on_disk)
{
    char buf[256];
    int rc;
    bool was_empty = false;

    /* integrity_check, not quick_check: the corruption test found bit flips
     * that only it catches (index entries that no longer match their rows,
     * which would break UNIQUE and so import). The store is small: 20,000
     * bookmarks (10 MB) check in 10 ms on a desktop, well under a second on
     * a Pi. */
    rc = pragma_text(st->db, "PRAGMA integrity_check", buf, sizeof buf);
    if (rc != SQLITE_OK) {
        logf_(st, "integrity_check: %s (sqlite %d)", sqlite3_errstr(rc), rc);
        return classify_check(st, rc);
    }
    if (strcmp(buf, "ok") != 0) {
        logf_(st, "integrity_check: %s", buf);
        return DISK_CORRUPT;
    }
    /* Page 1 is read now. A header whose write version is past 2 (a file
     * format newer than any SQLite writes: a damaged byte 18) makes SQLite
     * treat the file as read-only; a read-only disk was told apart in
     * open_disk(), at open. Taken for the disk, every start ran in memory
     * (found by fuzz/fuzz-store.c): moved aside as found instead. */
    if (on_disk && sqlite3_db_readonly(st->db, "main") == 1) {
        logf_(st, "the header makes the file read-only (a file format SQLite does not write)");
        return DISK_CORRUPT;
    }
    sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);

    rc = pragma_text(st->db, "PRAGMA user_version", buf, sizeof buf);
    if (rc != SQLITE_OK)
        return classify(st, rc);
    int version;
    if (!text_int(buf, &version)) {
        logf_(st, "schema version '%s' is not a number", buf);
        return DISK_CORRUPT;
    }
    /* user_version is a signed 32-bit field: no sahifa writes a negative
     * one, and migrate() would index its steps with it (found by
     * fuzz/fuzz-store.c: migrations[-637534208]). */
    if (version < 0) {
        logf_(st, "schema version %d: not a sahifa store", version);
        return DISK_CORRUPT;
    }
    if (version > SAH_STORE_SCHEMA_VERSION) {
        logf_(st, "schema version %d is newer than this sahifa's %d: not touching it", version,
              SAH_STORE_SCHEMA_VERSION);
        return DISK_NEWER;
    }
    if (version == 0) {
        /* Version 0 with tables is somebody else's database: not ours to
         * change. Moving it aside keeps it. */
        rc = pragma_text(st->db, "SELECT count(*) FROM sqlite_schema", buf, sizeof buf);
        if (rc != SQLITE_OK)
            return classify(st, rc);
        int tables;
        if (!text_int(buf, &tables) || tables != 0) {
            logf_(st, "not a sahifa store (tables but no schema version)");
            return DISK_CORRUPT;
        }
    }
    /* Our version must mean our schema, exactly, and that is known before
     * anything is written: switching to WAL below writes the header, and a
     * file that is not ours is moved aside exactly as it was found (a
     * version-1 file without our tables was kept with its header changed;
     * found by fuzz/fuzz-store.c). */
    if (version == SAH_STORE_SCHEMA_VERSION) {
        bool ours = false;
        rc = check_schema(st->db, &ours);
        if (rc != SQLITE_OK) {
            logf_(st, "reading the schema: %s (sqlite %d)", sqlite3_errstr(rc), rc);
            return classify(st, rc);
        }
        if (!ours || prepare_all(st) != SQLITE_OK) {
            logf_(st, "schema is not the one of version %d%s%s", version, ours ? ": " : "",
                  ours ? sqlite3_errmsg(st->db) : "");
            return DISK_CORRUPT;
        }
    }
    /* Only now that the file is known to be ours and not newer: switching
     * to WAL writes its header. */
    if (on_disk) {
        rc = pragma_text(st->db, "PRAGMA journal_mode = WAL", buf, sizeof buf);
        if (rc != SQLITE_OK) {
            logf_(st, "journal_mode: %s (sqlite %d)", sqlite3_errstr(rc), rc);
            return classify(st, rc);
        }
        if (strcmp(buf, "wal") != 0) {
            logf_(st, "cannot use WAL (journal_mode is %s)", buf);
            st->open_err = SAH_STORE_ERR_IO;
            return DISK_UNWRITABLE;
        }
        /* FULL: in WAL mode NORMAL may lose the last commits on power loss;
         * FULL fsyncs the WAL at every commit (the promise in store.h). */
        sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
        /* The WAL is reused after a checkpoint; cap what it keeps on disk. */
        sqlite3_exec(st->db, "PRAGMA journal_size_limit = 1048576", NULL, NULL, NULL);
    }
    if (version < SAH_STORE_SCHEMA_VERSION) {
        rc = migrate(st->db, version, &was_empty);
        if (rc != SQLITE_OK) {
            logf_(st, "cannot create or upgrade the schema from version %d: %s (sqlite %d)",
                  version, sqlite3_errstr(rc), rc);
            return classify(st, rc);
        }
        if (on_disk && was_empty)
            sync_dir_of(st->path);
    }
    /* Migrated: the tables are checked now (a current file's were above). */
    if (version < SAH_STORE_SCHEMA_VERSION && prepare_all(st) != SQLITE_OK) {
        logf_(st, "schema does not match version %d: %s", SAH_STORE_SCHEMA_VERSION,
              sqlite3_errmsg(st->db));
        return DISK_CORRUPT;
    }
    return DISK_OK;
}

/* Whether a write transaction can start: a file that opens read-write may
 * still refuse every write (a -shm that cannot be written makes SQLite use
 * the WAL index read-only). Known now, the store says so at open instead of
 * at the first bookmark. An empty transaction writes nothing to the disk. */
static disk_result_t probe_write(sah_store_t *st)
{
    int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return DISK_OK;
    logf_(st, "cannot start a write: %s (sqlite %d)", sqlite3_errstr(rc), rc);
    /* Another program (a sqlite3 shell) holding the file for a while is
     * not a disk that cannot be written: each write says so if it lasts. */
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return DISK_OK;
    return classify(st, rc);
}

/* Whether a process holds a POSIX lock on the file @path: SQLite keeps a
 * read lock on a -shm for as long as a connection uses it. */
static bool locked_by_anyone(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return true; /* cannot tell: leave it */
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    bool held = fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
    close(fd);
    return held;
}

/*
 * A -wal or -shm that cannot be written makes every write fail ("attempt to
 * write a readonly database") while the file itself opens read-write.
 * SQLite creates them with the database's permissions, so a store that was
 * read-only for a while (chmod a-w, a card mounted read-only with a program
 * reading it) leaves them read-only after it is writable again. We hold the
 * lock, so no other sahifa uses them. One of ours gets the database's
 * permissions back. Another user's -shm is removed when no process holds a
 * lock on it: it is a cache of the WAL's index that the next connection
 * rebuilds from the WAL. Another user's -wal holds committed changes and is
 * never removed: the log says what to do.
 */
static void repair_sidecars(sah_store_t *st)
{
    struct stat db;
    if (stat(st->path, &db) != 0 || access(st->path, W_OK) != 0)
        return; /* the file itself is read-only: nothing to repair */
    for (int i = 0; i < 2; i++) {
        char *side = dup_printf("%s-%s", st->path, i ? "shm" : "wal");
        struct stat sb;
        if (side && lstat(side, &sb) == 0 && S_ISREG(sb.st_mode) && access(side, W_OK) != 0 &&
            errno == EACCES) {
            if (sb.st_uid == geteuid() && chmod(side, db.st_mode & 0777) == 0)
                logf_(st, "%s was read-only: made writable again", side);
            else if (i == 1 && !locked_by_anyone(side) && unlink(side) == 0)
                logf_(st, "%s was read-only: removed (SQLite rebuilds it from the WAL)", side);
            else
                logf_(st,
                      "%s cannot be written: make it writable (chmod u+w) or have its owner "
                      "do so",
                      side);
        }
        free(side);
    }
}

static disk_result_t open_disk(sah_store_t *st)
{
    repair_sidecars(st);
    int rc =
        sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, st->vfs);
    if (st->db)
        sqlite3_extended_result_codes(st->db, 1);
    if (rc != SQLITE_OK) {
        logf_(st, "cannot open: %s (errno %d)", sqlite3_errstr(rc),
              st->db ? sqlite3_system_errno(st->db) : 0);
        return classify(st, rc);
    }
    /* os_unix.c falls back to a read-only open when the file or the file
     * system cannot be written (EROFS, EACCES): writes would fail later. */
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        logf_(st, "the file or its disk is read-only");
        st->open_err = SAH_STORE_ERR_READONLY;
        return DISK_UNWRITABLE;
    }
    /* Until the file has passed its check, closing must not checkpoint the
     * WAL into it: a corrupt file is kept exactly as it was found. */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* Only a sqlite3 shell or a backup tool can hold the file briefly (the
     * lock file keeps other sahifas out). */
    sqlite3_busy_timeout(st->db, 2000);
    disk_result_t r = check_and_prepare(st, true);
    if (r == DISK_OK)
        r = probe_write(st);
    if (r == DISK_OK)
        sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
    return r;
}

/* Percent-encodes @path for a file: URI (RFC 3986 unreserved + '/'). */
static char *file_uri(const char *path, const char *query)
{
    size_t n = strlen(path), q = strlen(query);
    char *u = malloc(5 + 3 * n + q + 1), *p = u;
    if (!u)
        return NULL;
    p += sprintf(p, "file:");
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            strchr("/-._~", *s))
            *p++ = (char)*s;
        else
            p += sprintf(p, "%%%02X", *s);
    }
    memcpy(p, query, q + 1);
    return u;
}

/* Copies what can be read of the file into the memory database, so that a
 * reader on a read-only card, or in a second window, still sees their
 * bookmarks. "immutable" is the last resort for a read-only directory where
 * SQLite cannot create the -shm file: it reads the main file only, which
 * after a clean exit holds everything (the WAL is checkpointed on close). */
static bool copy_from_disk(sah_store_t *st, sqlite3 *mem)
{
    static const char *const queries[] = {"?mode=ro", "?mode=ro&immutable=1"};
    bool ok = false;
    struct stat sb;
    if (stat(st->path, &sb) != 0 || sb.st_size == 0)
        return false;
    for (size_t i = 0; i < 2 && !ok; i++) {
        sqlite3 *src = NULL;
        char *uri = file_uri(st->path, queries[i]);
        if (!uri)
            return false;
        int rc = sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, st->vfs);
        free(uri);
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(src, 2000);
            sqlite3_backup *b = sqlite3_backup_init(mem, "main", src, "main");
            if (b) {
                rc = sqlite3_backup_step(b, -1);
                sqlite3_backup_finish(b);
                ok = rc == SQLITE_DONE;
            }
        }
        sqlite3_close(src);
    }
    return ok;
}

static bool open_memory(sah_store_t *st, bool copy)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
            close_db(st);
            return false;
        }
        sqlite3_extended_result_codes(st->db, 1);
        if (attempt == 0 && copy && !copy_from_disk(st, st->db)) {
            close_db(st);
            continue;
        }
        if (check_and_prepare(st, false) == DISK_OK)
            return true;
        /* The copy is corrupt or from a newer sahifa: start empty. */
        close_db(st);
    }
    return false;
}

/* "<path>.corrupt-20250101T120000Z", with -2, -3.. if that exists. */
static char *corrupt_name(sah_store_t *st)
{
    char ts[32];
    time_t t = (time_t)now_s(st);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
    for (int i = 1; i < 1000; i++) {
        char *name = i == 1 ? dup_printf("%s.corrupt-%s", st->path, ts)
                            : dup_printf("%s.corrupt-%s-%d", st->path, ts, i);
        struct stat sb;
        if (!name || lstat(name, &sb) != 0)
            return name;
        free(name);
    }
    return NULL;
}

/* Moves the corrupt file (and its WAL, which belongs to it) aside; never
 * deletes it. The -shm is only a cache of the WAL's index: removed. We hold
 * the lock, so no other sahifa races us for the name. */
static bool move_aside(sah_store_t *st)
{
    bool ok = false;
    char *name = corrupt_name(st), *wal = NULL, *wal_to = NULL, *shm = NULL;
    if (!name)
        goto out;
    wal = dup_printf("%s-wal", st->path);
    wal_to = dup_printf("%s-wal", name);
    shm = dup_printf("%s-shm", st->path);
    if (!wal || !wal_to || !shm)
        goto out;
    if (rename(st->path, name) != 0) {
        logf_(st, "cannot move the corrupt file to %s: %s", name, strerror(errno));
        goto out;
    }
    if (rename(wal, wal_to) != 0 && errno != ENOENT)
        logf_(st, "cannot move %s aside: %s", wal, strerror(errno));
    unlink(shm);
    sync_dir_of(st->path);
    logf_(st, "corrupt: kept as %s, starting a new store", name);
    st->corrupt_path = name;
    name = NULL;
    ok = true;
out:
    free(name);
    free(wal);
    free(wal_to);
    free(shm);
    return ok;
}

/* The reason of @err, for the notice (the cause found at open). */
static const char *open_why(sah_store_err_t err)
{
    switch (err) {
    case SAH_STORE_ERR_READONLY:
        return "the file or its folder is read-only";
    case SAH_STORE_ERR_FULL:
        return "the disk is full";
    case SAH_STORE_ERR_FORMAT:
        return "the file is from a newer sahifa";
    case SAH_STORE_ERR_CORRUPT:
        return "the file is damaged and cannot be moved aside";
    default:
        return "the disk reported an error";
    }
}

static void set_memory_notice(sah_store_t *st, sah_store_status_t status, long holder)
{
    st->status = status;
    if (status == SAH_STORE_LOCKED)
        st->notice = holder > 0
                         ? dup_printf("sahifa is already running (process %ld) and holds %s: "
                                      "bookmarks and reading positions changed here will not "
                                      "be saved. Close it first.",
                                      holder, st->path)
                         : dup_printf("sahifa is already running and holds %s: bookmarks and "
                                      "reading positions changed here will not be saved. "
                                      "Close it first.",
                                      st->path);
    else
        st->notice =
            dup_printf("Bookmarks and reading positions cannot be saved in %s (%s): "
                       "changes made now will be lost when sahifa closes.",
                       st->path ? st->path : "(no state directory)", open_why(st->open_err));
}

sah_store_t *sah_store_open(const char *path, const sah_store_options_t *opts)
{
    sah_store_t *st = calloc(1, sizeof *st);
    long holder = 0;
    bool disk = true, copy = true;
    if (!st)
        return NULL;
    st->lock_fd = -1;
    if (opts)
        st->opt = *opts;
    if (opts && opts->vfs && !(st->vfs = strdup(opts->vfs)))
        goto fail;
    st->opt.vfs = st->vfs;
    if (st->opt.memory) {
        if (open_memory(st, false))
            return st;
        goto fail;
    }

    if (path) {
        st->path = strdup(path);
    } else {
        st->path = sah_store_default_path();
        char *dir = sah_path_dir(SAH_DIR_STATE, NULL);
        if (!st->path || !dir || !sah_path_ensure_dir(dir)) {
            fprintf(stderr, "sahifa: store: no usable state directory (%s)\n",
                    dir ? dir : "HOME unset");
            st->open_err = SAH_STORE_ERR_READONLY;
            disk = copy = false;
        }
        free(dir);
    }
    if (disk) {
        switch (take_lock(st, &holder)) {
        case LOCK_TAKEN:
            break;
        case LOCK_HELD:
            logf_(st, "locked by another sahifa (process %ld): using a copy in memory", holder);
            st->open_err = SAH_STORE_ERR_BUSY;
            set_memory_notice(st, SAH_STORE_LOCKED, holder);
            goto memory;
        case LOCK_UNWRITABLE:
            disk = false;
            break;
        }
    }
    if (disk) {
        switch (open_disk(st)) {
        case DISK_OK:
            return st;
        case DISK_NEWER:
            st->open_err = SAH_STORE_ERR_FORMAT;
            copy = false;
            break;
        case DISK_UNWRITABLE:
            break;
        case DISK_CORRUPT:
            close_db(st);
            if (!move_aside(st)) {
                st->open_err = SAH_STORE_ERR_CORRUPT;
                copy = false;
                break;
            }
            if (open_disk(st) == DISK_OK) {
                st->status = SAH_STORE_RECOVERED;
                st->notice = dup_printf("The bookmarks file was damaged. It was kept as %s and "
                                        "a new one was started.",
                                        st->corrupt_path);
                return st;
            }
            copy = false;
            break;
        }
        close_db(st);
    }
    if (st->open_err == SAH_STORE_OK)
        st->open_err = SAH_STORE_ERR_IO;
    logf_(st, "%s: keeping changes in memory only", open_why(st->open_err));
    set_memory_notice(st, SAH_STORE_MEMORY_ONLY, 0);
memory:
    if (open_memory(st, copy && st->path))
        return st;
fail:
    sah_store_free(st);
    return NULL;
}

void sah_store_free(sah_store_t *st)
{
    if (!st)
        return;
    if (st->db && st->pending && sah_store_flush(st) != SAH_STORE_OK)
        logf_(st, "the last reading position was not saved");
    close_db(st);
    if (st->lock_fd >= 0)
        close(st->lock_fd);
    free(st->path);
    free(st->vfs);
    free(st->corrupt_path);
    free(st->notice);
    free(st);
}

sah_store_status_t sah_store_status(const sah_store_t *st)
{
    return st->status;
}

const char *sah_store_notice(const sah_store_t *st)
{
    return st->status == SAH_STORE_ON_DISK ? NULL : st->notice;
}

sah_store_err_t sah_store_save_error(const sah_store_t *st)
{
    if (st->status == SAH_STORE_MEMORY_ONLY || st->status == SAH_STORE_LOCKED)
        return st->open_err;
    return st->write_err;
}

const char *sah_store_corrupt_path(const sah_store_t *st)
{
    return st->status == SAH_STORE_RECOVERED ? st->corrupt_path : NULL;
}

/* ---- articles ------------------------------------------------------------- */

sah_store_err_t sah_store_touch_article(sah_store_t *st, const char *hash, const char *path,
                                        const char *title)
{
    char h[SAH_STORE_HASH_MAX + 1];
    if (!st || !norm_hash(hash, h) || !text_ok(path, SAH_STORE_TEXT_MAX) ||
        !text_ok(title, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[ST_ART_TOUCH];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    bind_text(s, 2, path);
    bind_text(s, 3, title);
    int rc = exec_stmt(s);
    return rc == SQLITE_OK ? saved(st) : fail(st, rc, "saving an article");
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

sah_store_err_t sah_store_get_article(sah_store_t *st, const char *hash, char **path, char **title)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_ERR_NOT_FOUND;
    if (!st || !norm_hash(hash, h))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[ST_ART_GET];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    int rc = step(s);
    if (rc == SQLITE_ROW) {
        char *p = col_dup(s, 0), *t = col_dup(s, 1);
        if ((sqlite3_column_type(s, 0) != SQLITE_NULL && !p) ||
            (sqlite3_column_type(s, 1) != SQLITE_NULL && !t)) {
            free(p);
            free(t);
            e = SAH_STORE_ERR_NOMEM;
            goto out;
        }
        if (path)
            *path = p;
        else
            free(p);
        if (title)
            *title = t;
        else
            free(t);
        e = SAH_STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(st, rc, "reading an article");
    }
out:
    done(s);
    return e;
}

/* ---- positions ------------------------------------------------------------ */

static sah_store_err_t write_pending(sah_store_t *st)
{
    const sah_store_position_t *p = &st->pending_pos;
    int rc;
    st->attempted = true;
    st->last_write_ms = now_ms(st);
    if ((rc = exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    sqlite3_bind_text(st->st[ST_ART_ENSURE], 1, st->pending_hash, -1, SQLITE_STATIC);
    if ((rc = exec_stmt(st->st[ST_ART_ENSURE])) != SQLITE_OK)
        goto out;
    sqlite3_stmt *s = st->st[ST_POS_PUT];
    sqlite3_bind_text(s, 1, st->pending_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, p->offset);
    sqlite3_bind_int(s, 3, p->page_w);
    sqlite3_bind_int(s, 4, p->page_h);
    sqlite3_bind_int(s, 5, p->font_px);
    sqlite3_bind_int(s, 6, p->page_no);
    sqlite3_bind_int64(s, 7, p->last_read);
    sqlite3_bind_int(s, 8, p->finished ? 1 : 0);
    if ((rc = exec_stmt(s)) != SQLITE_OK)
        goto out;
    rc = exec_stmt(st->st[ST_COMMIT]);
out:
    if (rc != SQLITE_OK) {
        rollback(st);
        return fail(st, rc, "saving the reading position");
    }
    st->pending = false;
    return saved(st);
}

static int64_t interval_ms(const sah_store_t *st)
{
    if (st->opt.coalesce_ms < 0)
        return 0;
    return st->opt.coalesce_ms ? st->opt.coalesce_ms : SAH_STORE_COALESCE_MS_DEFAULT;
}

int64_t sah_store_due_in_ms(const sah_store_t *st)
{
    if (!st || !st->pending)
        return -1;
    if (!st->attempted)
        return 0;
    int64_t left = st->last_write_ms + interval_ms(st) - now_ms(st);
    return left > 0 ? left : 0;
}

bool sah_store_has_pending(const sah_store_t *st)
{
    return st && st->pending;
}

sah_store_err_t sah_store_set_position(sah_store_t *st, const char *hash,
                                       const sah_store_position_t *pos)
{
    char h[SAH_STORE_HASH_MAX + 1];
    if (!st || !pos || !norm_hash(hash, h) || pos->offset < 0 || pos->offset > SAH_STORE_OFFSET_MAX)
        return SAH_STORE_ERR_INVALID;
    /* Leaving an article: its last position goes to disk before the next
     * one's, so one pending slot is enough. */
    if (st->pending && strcmp(st->pending_hash, h) != 0) {
        sah_store_err_t e = write_pending(st);
        if (e != SAH_STORE_OK)
            return e;
    }
    memcpy(st->pending_hash, h, sizeof h);
    st->pending_pos = *pos;
    st->pending_pos.last_read = now_s(st);
    st->pending = true;
    return sah_store_tick(st);
}

sah_store_err_t sah_store_tick(sah_store_t *st)
{
    if (!st)
        return SAH_STORE_ERR_INVALID;
    if (sah_store_due_in_ms(st) != 0)
        return SAH_STORE_OK;
    return write_pending(st);
}

sah_store_err_t sah_store_flush(sah_store_t *st)
{
    if (!st)
        return SAH_STORE_ERR_INVALID;
    return st->pending ? write_pending(st) : SAH_STORE_OK;
}

sah_store_err_t sah_store_get_position(sah_store_t *st, const char *hash, sah_store_position_t *out)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_ERR_NOT_FOUND;
    if (!st || !out || !norm_hash(hash, h))
        return SAH_STORE_ERR_INVALID;
    if (st->pending && strcmp(st->pending_hash, h) == 0) {
        *out = st->pending_pos;
        return SAH_STORE_OK;
    }
    sqlite3_stmt *s = st->st[ST_POS_GET];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    int rc = step(s);
    if (rc == SQLITE_ROW) {
        out->offset = sqlite3_column_int64(s, 0);
        out->page_w = sqlite3_column_int(s, 1);
        out->page_h = sqlite3_column_int(s, 2);
        out->font_px = sqlite3_column_int(s, 3);
        out->page_no = sqlite3_column_int(s, 4);
        out->last_read = sqlite3_column_int64(s, 5);
        out->finished = sqlite3_column_int(s, 6) != 0;
        e = SAH_STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = fail(st, rc, "reading a position");
    }
    done(s);
    return e;
}

/* ---- bookmarks ------------------------------------------------------------ */

/* The id of the bookmark at (@h, @offset), 0 if none, -1 on error (*rc). */
static int64_t find_bookmark(sah_store_t *st, const char *h, int64_t offset, int *rc)
{
    sqlite3_stmt *s = st->st[ST_BM_FIND];
    int64_t id = 0;
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, offset);
    *rc = step(s);
    if (*rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (*rc != SQLITE_DONE)
        id = -1;
    *rc = id < 0 ? *rc : SQLITE_OK;
    done(s);
    return id;
}

sah_store_err_t sah_store_add_bookmark(sah_store_t *st, const char *hash, int64_t offset,
                                       const char *snippet, const char *note, int64_t *id)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_OK;
    int rc;
    if (!st || !norm_hash(hash, h) || offset < 0 || offset > SAH_STORE_OFFSET_MAX ||
        !text_ok(snippet, SAH_STORE_SNIPPET_MAX) || !text_ok(note, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    if ((rc = exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    int64_t existing = find_bookmark(st, h, offset, &rc);
    if (existing != 0) {
        if (existing > 0) {
            e = SAH_STORE_ERR_EXISTS;
            if (id)
                *id = existing;
        }
        goto out;
    }
    sqlite3_bind_text(st->st[ST_ART_ENSURE], 1, h, -1, SQLITE_TRANSIENT);
    if ((rc = exec_stmt(st->st[ST_ART_ENSURE])) != SQLITE_OK)
        goto out;
    sqlite3_stmt *s = st->st[ST_BM_ADD];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, offset);
    sqlite3_bind_text(s, 3, snippet ? snippet : "", -1, SQLITE_TRANSIENT);
    bind_text(s, 4, note);
    sqlite3_bind_int64(s, 5, now_s(st));
    if ((rc = exec_stmt(s)) != SQLITE_OK)
        goto out;
    int64_t new_id = sqlite3_last_insert_rowid(st->db);
    if ((rc = exec_stmt(st->st[ST_COMMIT])) == SQLITE_OK && id)
        *id = new_id;
out:
    if (rc != SQLITE_OK) {
        rollback(st);
        return fail(st, rc, "saving a bookmark");
    }
    if (e != SAH_STORE_OK)
        rollback(st);
    return e == SAH_STORE_OK ? saved(st) : e;
}

/* Runs a one-row UPDATE/DELETE by id: NOT_FOUND if it touched nothing. */
static sah_store_err_t change_by_id(sah_store_t *st, sqlite3_stmt *s, const char *what)
{
    int rc = exec_stmt(s);
    if (rc != SQLITE_OK)
        return fail(st, rc, what);
    return sqlite3_changes(st->db) ? saved(st) : SAH_STORE_ERR_NOT_FOUND;
}

sah_store_err_t sah_store_delete_bookmark(sah_store_t *st, int64_t id)
{
    if (!st || id <= 0)
        return SAH_STORE_ERR_INVALID;
    sqlite3_bind_int64(st->st[ST_BM_DEL], 1, id);
    return change_by_id(st, st->st[ST_BM_DEL], "deleting a bookmark");
}

sah_store_err_t sah_store_set_bookmark_note(sah_store_t *st, int64_t id, const char *note)
{
    if (!st || id <= 0 || !text_ok(note, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    sqlite3_bind_int64(st->st[ST_BM_NOTE], 1, id);
    bind_text(st->st[ST_BM_NOTE], 2, note);
    return change_by_id(st, st->st[ST_BM_NOTE], "saving a note");
}

void sah_store_bookmarks_free(sah_store_bookmark_t *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].hash);
        free(list[i].title);
        free(list[i].snippet);
        free(list[i].note);
    }
    free(list);
}

/* Fills @b from a row of BM_COLUMNS; false when out of memory. */
static bool read_bookmark(sqlite3_stmt *s, sah_store_bookmark_t *b)
{
    b->id = sqlite3_column_int64(s, 0);
    b->hash = col_dup(s, 1);
    b->title = col_dup(s, 2);
    b->offset = sqlite3_column_int64(s, 3);
    b->snippet = col_dup(s, 4);
    b->note = col_dup(s, 5);
    b->created = sqlite3_column_int64(s, 6);
    return b->hash && b->snippet && (b->title || sqlite3_column_type(s, 2) == SQLITE_NULL) &&
           (b->note || sqlite3_column_type(s, 5) == SQLITE_NULL);
}

sah_store_err_t sah_store_list_bookmarks(sah_store_t *st, const char *hash,
                                         sah_store_bookmark_t **out, size_t *n)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_bookmark_t *list = NULL;
    size_t len = 0, cap = 0;
    sah_store_err_t e = SAH_STORE_OK;
    int rc;
    if (!st || !out || !n || (hash && !norm_hash(hash, h)))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[hash ? ST_BM_LIST_ONE : ST_BM_LIST_ALL];
    if (hash)
        sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    while ((rc = step(s)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            sah_store_bookmark_t *nl = realloc(list, ncap * sizeof *nl);
            if (!nl) {
                e = SAH_STORE_ERR_NOMEM;
                goto out;
            }
            list = nl;
            cap = ncap;
        }
        memset(&list[len], 0, sizeof list[len]);
        if (!read_bookmark(s, &list[len++])) {
            e = SAH_STORE_ERR_NOMEM;
            goto out;
        }
    }
    if (rc != SQLITE_DONE)
        e = fail(st, rc, "listing bookmarks");
out:
    done(s);
    if (e != SAH_STORE_OK) {
        sah_store_bookmarks_free(list, len);
        return e;
    }
    *out = list;
    *n = len;
    return SAH_STORE_OK;
}

/* ---- settings ------------------------------------------------------------- */

const char *sah_store_setting_default(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof setting_defaults / sizeof setting_defaults[0]; i++)
        if (strcmp(setting_defaults[i].key, key) == 0)
            return setting_defaults[i].value;
    return NULL;
}

char *sah_store_get_setting(sah_store_t *st, const char *key)
{
    const char *def = sah_store_setting_default(key);
    char *v = NULL;
    if (!st || !def)
        return NULL;
    sqlite3_stmt *s = st->st[ST_SET_GET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = step(s);
    if (rc == SQLITE_ROW)
        v = col_dup(s, 0);
    else if (rc != SQLITE_DONE)
        fail(st, rc, "reading a setting"); /* the default still lets us read */
    done(s);
    return rc == SQLITE_ROW ? v : strdup(def);
}

bool sah_store_has_setting(sah_store_t *st, const char *key)
{
    if (!st || !sah_store_setting_default(key))
        return false;
    sqlite3_stmt *s = st->st[ST_SET_GET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fail(st, rc, "reading a setting");
    done(s);
    return rc == SQLITE_ROW;
}

sah_store_err_t sah_store_set_setting(sah_store_t *st, const char *key, const char *value)
{
    if (!st || !sah_store_setting_default(key) || (value && !*value) || !text_ok(value, 256))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[value ? ST_SET_PUT : ST_SET_DEL];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    if (value)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
    int rc = exec_stmt(s);
    return rc == SQLITE_OK ? saved(st) : fail(st, rc, "saving a setting");
}

/* ---- export / import (docs/bookmarks-format.md) ---------------------------
 *
 * JSON through jansson (libjansson-dev) rather than json-c: jansson refuses
 * invalid UTF-8 and \u0000 both when it parses and when it builds a string
 * (so a file we write is always one we can read back), can reject duplicate
 * keys, keeps keys in insertion order in output, and its API is small and
 * documented with ownership for every call (json_decref / "new reference").
 */

#define FORMAT_NAME    "sahifa-bookmarks"
#define FORMAT_VERSION 1

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times with a
 * four-digit year, all that docs/bookmarks-format.md's YYYY can hold. */
#define MIN_ISO_TIME (-INT64_C(62167219200))
#define MAX_ISO_TIME INT64_C(253402300799)

/* @t as YYYY-MM-DDTHH:MM:SSZ. A time outside the four-digit years (a store
 * written by a clock gone wrong) is written as the nearest one rather than
 * as a line the import would refuse: the bookmark keeps its place, only its
 * date is off. The fields are printed by hand because glibc's %Y does not
 * pad years below 1000 to four digits. */
static void iso_time(int64_t t, char out[32])
{
    if (t < MIN_ISO_TIME)
        t = MIN_ISO_TIME;
    if (t > MAX_ISO_TIME)
        t = MAX_ISO_TIME;
    time_t tt = (time_t)t; /* 64 bits everywhere: meson.build sets _TIME_BITS=64 */
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, 32, "1970-01-01T00:00:00Z");
        return;
    }
    /* The clamp above keeps every field in its digits; the "% 10000u" and
     * "% 100u" change no value and tell the compiler so (it would otherwise
     * warn that eleven-digit ints may not fit). */
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* A field of an ISO date: 1 to @width digits. Returns its end, or NULL. */
static const char *time_field(const char *s, int width, int *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return NULL;
    long x = strtol(s, &end, 10); /* an overflow ends past @width too */
    if (end - s > width)
        return NULL;
    *v = (int)x;
    return end;
}

/* "2024-06-01T12:30:00Z", as iso_time() writes it. */
static bool parse_iso_time(const char *s, int64_t *t)
{
    struct tm tm = {0};
    int *fields[] = {&tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec};
    static const char after[] = "--T::Z";
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        s = time_field(s, i == 0 ? 4 : 2, fields[i]);
        if (!s || *s++ != after[i])
            return false;
    }
    if (*s)
        return false;
    /* A day the month has: timegm() would make 2025-02-31 2025-03-03. */
    if (tm.tm_mday < 1 || tm.tm_mday > sah_days_in_month(tm.tm_year, tm.tm_mon) ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *t = (int64_t)timegm(&tm);
    /* A leap second is the next minute, and 9999-12-31T23:59:60Z is then
     * year 10000, which iso_time() writes with five digits and this parser
     * refuses: the export of such a bookmark would not import again. */
    return *t <= MAX_ISO_TIME;
}

/* Writes one JSON value as a line; false on a write error. */
static bool put_line(FILE *out, json_t *obj)
{
    bool ok = obj && json_dumpf(obj, out, JSON_COMPACT) == 0 && fputc('\n', out) != EOF;
    json_decref(obj);
    return ok;
}

/* The length of the valid UTF-8 sequence at @s (1-4), 0 if there is none:
 * jansson's rules (no overlong form, surrogate or code point past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || len > n || s[0] > 0xF4)
        return 0;
    uint32_t cp = s[0] & (0x3Fu >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    return cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : len;
}

/* A JSON string of @s (NULL gives NULL). What the store writes is valid
 * UTF-8 (text_ok(), the import), but a file damaged where the integrity
 * check cannot see (a flipped bit in a value) may hold bytes that are not,
 * and jansson refuses them: every such byte is then written as U+FFFD, so
 * that one damaged snippet costs its bad bytes, not the whole export (which
 * failed as a write error; found by fuzz/fuzz-store.c). */
static json_t *json_text(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    if (j || !s)
        return j;
    size_t n = strlen(s), i = 0;
    char *fixed = malloc(3 * n + 1), *p = fixed;
    if (!fixed)
        return NULL;
    while (i < n) {
        size_t len = utf8_seq((const unsigned char *)s + i, n - i);
        memcpy(p, len ? s + i : "\xEF\xBF\xBD", len ? len : 3);
        p += len ? len : 3;
        i += len ? len : 1;
    }
    *p = 0;
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *bookmark_json(const sah_store_bookmark_t *b)
{
    char created[32];
    iso_time(b->created, created);
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* _new variants steal the reference, and accept NULL values (they then
     * fail), so a NULL from json_string() is caught below. */
    int bad = json_object_set_new(o, "article", json_text(b->hash));
    if (b->title)
        bad |= json_object_set_new(o, "title", json_text(b->title));
    bad |= json_object_set_new(o, "offset", json_integer(b->offset));
    bad |= json_object_set_new(o, "snippet", json_text(b->snippet));
    if (b->note)
        bad |= json_object_set_new(o, "note", json_text(b->note));
    bad |= json_object_set_new(o, "created", json_string(created));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

sah_store_err_t sah_store_export_bookmarks(sah_store_t *st, FILE *out, size_t *count)
{
    sah_store_bookmark_t *list = NULL;
    size_t n = 0, i = 0;
    if (!st || !out)
        return SAH_STORE_ERR_INVALID;
    sah_store_err_t e = sah_store_list_bookmarks(st, NULL, &list, &n);
    if (e != SAH_STORE_OK)
        return e;
    e = SAH_STORE_ERR_IO;
    if (!put_line(out, json_pack("{s:s, s:i}", "format", FORMAT_NAME, "version", FORMAT_VERSION)))
        goto out;
    for (; i < n; i++)
        if (!put_line(out, bookmark_json(&list[i])))
            goto out;
    if (fflush(out) != 0 || ferror(out))
        goto out;
    e = SAH_STORE_OK;
out:
    if (e != SAH_STORE_OK) {
        int err = errno;
        if (err == ENOSPC || err == EDQUOT)
            e = SAH_STORE_ERR_FULL;
        logf_(st, "export: cannot write (%zu of %zu bookmarks written): %s", i, n, strerror(err));
    }
    if (count)
        *count = e == SAH_STORE_OK ? n : 0;
    sah_store_bookmarks_free(list, n);
    return e;
}

/* Where an export to @path is written: beside the file it replaces (a
 * link's target, so that the link stays a link), or beside @path when it
 * does not exist yet. Returns: (transfer full) the file to rename onto, or
 * NULL when @path is not a regular file (a pipe, a terminal, /dev/stdout:
 * written in place, nothing to replace) or on an error (@*err). */
static char *export_target(const char *path, bool *in_place, int *err)
{
    struct stat sb;
    *in_place = false;
    *err = 0;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT) {
            *err = errno;
            return NULL;
        }
        /* A dangling link would be replaced by the file: refuse it. */
        if (lstat(path, &sb) == 0) {
            *err = ENOENT;
            return NULL;
        }
        char *t = strdup(path);
        *err = t ? 0 : ENOMEM;
        return t;
    }
    if (!S_ISREG(sb.st_mode)) {
        *in_place = true;
        return NULL;
    }
    char *t = realpath(path, NULL);
    *err = t ? 0 : errno;
    return t;
}

sah_store_err_t sah_store_export_bookmarks_file(sah_store_t *st, const char *path, size_t *count)
{
    bool in_place;
    int err, fd = -1;
    FILE *out = NULL;
    char *target = NULL, *tmp = NULL;
    sah_store_err_t e = SAH_STORE_ERR_IO;
    if (count)
        *count = 0;
    if (!st || !path || !*path)
        return SAH_STORE_ERR_INVALID;
    target = export_target(path, &in_place, &err);
    if (in_place) {
        /* A pipe or a terminal: there is no file to leave half-written. */
        out = fopen(path, "w");
        if (!out) {
            fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
            return SAH_STORE_ERR_IO;
        }
        e = sah_store_export_bookmarks(st, out, count);
        if (fclose(out) != 0 && e == SAH_STORE_OK)
            e = SAH_STORE_ERR_IO;
        return e;
    }
    if (!target) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(err));
        return err == ENOMEM ? SAH_STORE_ERR_NOMEM : SAH_STORE_ERR_IO;
    }
    /* Written beside the target and renamed onto it once complete and on
     * the disk: a full disk or a power cut half-way leaves the old file (or
     * none), never a part of the new one. */
    if (!(tmp = dup_printf("%s.tmp-XXXXXX", target))) {
        e = SAH_STORE_ERR_NOMEM;
        goto out;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "sahifa: export %s: cannot create a file beside it: %s\n", path,
                strerror(errno));
        e = errno_err(errno);
        free(tmp);
        tmp = NULL;
        goto out;
    }
    /* mkstemp() makes it 0600; an export is meant to be handed around. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    if (!(out = fdopen(fd, "w"))) {
        close(fd);
        goto out;
    }
    e = sah_store_export_bookmarks(st, out, count);
    if (e == SAH_STORE_OK && fsync(fileno(out)) != 0) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = errno_err(errno);
    }
    if (fclose(out) != 0 && e == SAH_STORE_OK) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = errno_err(errno);
    }
    if (e == SAH_STORE_OK && rename(tmp, target) != 0) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = errno_err(errno);
    }
    if (e == SAH_STORE_OK)
        sync_dir_of(target);
out:
    if (tmp && e != SAH_STORE_OK)
        unlink(tmp);
    if (e != SAH_STORE_OK && count)
        *count = 0;
    free(tmp);
    free(target);
    return e;
}

/* Optional string member: absent or null -> NULL; false if present and not a
 * string or longer than @max. */
static bool opt_string(json_t *o, const char *key, size_t max, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v) || json_string_length(v) > max)
        return false;
    *out = json_string_value(v);
    return true;
}

typedef struct {
    char hash[SAH_STORE_HASH_MAX + 1];
    const char *title, *snippet, *note;
    int64_t offset, created;
} import_row_t;

/* Checks one record; returns the reason it is rejected, or NULL. */
static const char *parse_record(sah_store_t *st, json_t *o, import_row_t *r)
{
    json_t *v;
    const char *created;
    if (!json_is_object(o))
        return "not a JSON object";
    v = json_object_get(o, "article");
    if (!json_is_string(v) || !norm_hash(json_string_value(v), r->hash))
        return "\"article\" must be a hex content hash";
    v = json_object_get(o, "offset");
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > SAH_STORE_OFFSET_MAX)
        return "\"offset\" must be an integer from 0 to " SAH_STORE_STR(
            SAH_STORE_OFFSET_MAX) " (no article is longer)";
    r->offset = json_integer_value(v);
    if (!opt_string(o, "title", SAH_STORE_TEXT_MAX, &r->title))
        return "\"title\" must be a string";
    if (!opt_string(o, "snippet", SAH_STORE_SNIPPET_MAX, &r->snippet))
        return "\"snippet\" must be a string of at most 1024 bytes";
    if (!opt_string(o, "note", SAH_STORE_TEXT_MAX, &r->note))
        return "\"note\" must be a string";
    if (!opt_string(o, "created", 64, &created))
        return "\"created\" must be a string";
    r->created = now_s(st);
    if (created && !parse_iso_time(created, &r->created))
        return "\"created\" must look like 2025-01-31T12:00:00Z";
    return NULL;
}

/* Adds one record inside the open transaction; *added says if it was new. */
static int import_row(sah_store_t *st, const import_row_t *r, bool *added)
{
    sqlite3_stmt *s = st->st[ST_ART_IMPORT];
    sqlite3_bind_text(s, 1, r->hash, -1, SQLITE_TRANSIENT);
    bind_text(s, 2, r->title);
    int rc = exec_stmt(s);
    if (rc != SQLITE_OK)
        return rc;
    s = st->st[ST_BM_IMPORT];
    sqlite3_bind_text(s, 1, r->hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, r->offset);
    sqlite3_bind_text(s, 3, r->snippet ? r->snippet : "", -1, SQLITE_TRANSIENT);
    bind_text(s, 4, r->note);
    sqlite3_bind_int64(s, 5, r->created);
    rc = exec_stmt(s);
    *added = rc == SQLITE_OK && sqlite3_changes(st->db) > 0;
    return rc;
}

/* A header line: {"format":"sahifa-bookmarks","version":N}. Returns 1 for a
 * header we can read, 0 for a record, -1 for a header we must not read. */
static int check_header(json_t *o)
{
    json_t *f = json_object_get(o, "format");
    if (!f)
        return 0;
    json_t *v = json_object_get(o, "version");
    if (!json_is_string(f) || strcmp(json_string_value(f), FORMAT_NAME) != 0 ||
        !json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > FORMAT_VERSION)
        return -1;
    return 1;
}

/* Whether the @len bytes of @s are only spaces, tabs, CRs and LFs. By length,
 * not up to a NUL: a line holding a NUL byte is not blank but not JSON
 * either, so it must be rejected and counted (docs/bookmarks-format.md), not
 * skipped unseen (every line of a UTF-16BE file begins with one; found by
 * fuzz/fuzz-import.c). */
static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* A line of an import file, at most @limit bytes kept (the rest of a
 * longer line is read and dropped, so one huge line costs no memory):
 * returns its length, -1 at the end of the file or when out of memory. */
static ssize_t read_line_bounded(FILE *in, char **buf, size_t *cap, size_t limit, bool *too_long)
{
    size_t n = 0;
    int c;
    *too_long = false;
    if (!*buf) {
        *cap = 256;
        if (!(*buf = malloc(*cap)))
            return -1;
    }
    while ((c = getc(in)) != EOF) {
        if (n < limit) {
            if (n + 2 > *cap) {
                size_t nc = *cap * 2;
                char *b = realloc(*buf, nc);
                if (!b)
                    return -1;
                *buf = b;
                *cap = nc;
            }
            (*buf)[n++] = (char)c;
        } else {
            *too_long = true;
        }
        if (c == '\n')
            break;
    }
    if (c == EOF && n == 0 && !*too_long)
        return -1;
    (*buf)[n] = 0;
    return (ssize_t)n;
}

sah_store_err_t sah_store_import_bookmarks(sah_store_t *st, FILE *in, const char *name,
                                           sah_store_import_report_t *report)
{
    sah_store_import_report_t rep = {0};
    sah_store_err_t e = SAH_STORE_OK;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc;
    if (!st || !in)
        return SAH_STORE_ERR_INVALID;
    if (!name)
        name = "(import)";
    if ((rc = exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    bool too_long;
    while ((len = read_line_bounded(in, &line, &cap, SAH_STORE_MAX_IMPORT_LINE, &too_long)) >= 0) {
        json_error_t jerr;
        import_row_t row = {0};
        const char *why = NULL;
        bool added = false;
        lineno++;
        if (!too_long && blank(line, (size_t)len))
            continue;
        json_t *o = too_long ? NULL : json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
        if (too_long) {
            why = "line longer than " SAH_STORE_STR(SAH_STORE_MAX_IMPORT_LINE) " bytes";
        } else if (!o) {
            why = jerr.text;
        } else {
            int h = check_header(o);
            if (h < 0) {
                fprintf(stderr,
                        "sahifa: import %s:%zu: not a sahifa bookmarks file of "
                        "version <= %d\n",
                        name, lineno, FORMAT_VERSION);
                json_decref(o);
                e = SAH_STORE_ERR_FORMAT;
                goto out;
            }
            if (h == 0)
                why = parse_record(st, o, &row);
            if (h == 0 && !why) {
                rc = import_row(st, &row, &added);
                if (rc == SQLITE_OK) {
                    rep.added += added;
                    rep.skipped += !added;
                }
            }
        }
        if (why) {
            /* Not fatal: a hand-edited reading list with one typo still
             * imports the rest, and each bad line is named. */
            if (rep.rejected < 20)
                fprintf(stderr, "sahifa: import %s:%zu: skipped: %s\n", name, lineno, why);
            rep.rejected++;
        }
        json_decref(o);
        if (rc != SQLITE_OK)
            goto out;
    }
    if (ferror(in)) {
        fprintf(stderr, "sahifa: import %s: read error: %s\n", name, strerror(errno));
        e = SAH_STORE_ERR_IO;
        goto out;
    }
    if ((rc = exec_stmt(st->st[ST_COMMIT])) == SQLITE_OK)
        saved(st);
out:
    free(line);
    if (rc != SQLITE_OK)
        e = fail(st, rc, "importing bookmarks");
    if (e != SAH_STORE_OK) {
        rollback(st);
        memset(&rep, 0, sizeof rep);
    }
    if (report)
        *report = rep;
    return e;
}
