/* schema.c - the store's schema, its versions and its statements: what a
 * file must be to be opened as a store (see store-db.h). */
#include "app/store/store-db.h"

#include <stdio.h>
#include <string.h>

/*
 * Schema history. migrations[v] takes a store from user_version v to v + 1;
 * all the steps an open needs run in one transaction together with the new
 * user_version, so a power cut mid-migration leaves the old version intact.
 * Never edit a shipped step: append one.
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

#define BM_COLUMNS "b.id, b.hash, a.title, b.byte_offset, b.snippet, b.note, b.created"

static const char *const statement_sql[ST_COUNT] = {
    /* IMMEDIATE: take the write lock up front, so that a transaction never
     * fails half-way for want of it. */
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ART_ENSURE] = "INSERT INTO articles(hash) VALUES (?1) ON CONFLICT(hash) DO NOTHING",
    [ST_ART_TOUCH] = "INSERT INTO articles(hash, path, title) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(hash) DO UPDATE SET path = coalesce(excluded.path, path), "
                     "title = coalesce(excluded.title, title)",
    [ST_ART_GET] = "SELECT path, title FROM articles WHERE hash = ?1",
    [ST_ART_BY_PATH] = "SELECT 1 FROM articles WHERE path = ?1 LIMIT 1",
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

disk_result_t store_classify(sah_store_t *st, int rc)
{
    sah_store_err_t e = store_map_rc(st->db, rc);
    if (e == SAH_STORE_ERR_CORRUPT)
        return DISK_CORRUPT;
    st->open_err = e == SAH_STORE_ERR_FULL || e == SAH_STORE_ERR_READONLY ? e : SAH_STORE_ERR_IO;
    return DISK_UNWRITABLE;
}

/* The check itself failed: the machine, or the file? Only the disk's errors
 * are the machine's (sah_db_machine_fault()). Anything else is SQLite
 * refusing what it read: not ours to use, so moved aside like a corrupt
 * file; taken for a disk fault, every start would run in memory and the
 * file would never be replaced. SQLITE_NOMEM too: SQLite gives it at once
 * for some damaged schemas, with a few KB allocated, while Linux overcommits
 * memory, so a real shortage kills the process rather than failing
 * SQLite's small allocations. Wrongly moving a sound file aside loses
 * nothing (it is kept byte for byte); wrongly keeping a damaged one stops
 * all saving. */
static disk_result_t classify_check(sah_store_t *st, int rc)
{
    return sah_db_machine_fault(rc) ? store_classify(st, rc) : DISK_CORRUPT;
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
 * NULL in every new bookmark, so a bookmark just added is not found by its
 * id. Every store runs the same steps from its own version, so a migrated store's schema is the
 * same text as a new one's. What a user adds by hand that cannot change our data is left out of the
 * comparison (schema_text()): their store is not moved aside for it.
 * Returns: SQLITE_OK (*ours says), or the error of reading.
 */
static int check_schema(sqlite3 *db, bool *ours)
{
    sqlite3 *ref = NULL;
    char *want = NULL, *have = NULL;
    int rc = sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK)
        rc = sah_db_migrate(ref, migrations, SAH_STORE_SCHEMA_VERSION, SAH_STORE_SCHEMA_VERSION);
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
    return sah_db_prepare_all(st->db, statement_sql, ST_COUNT, st->st);
}

void store_close_db(sah_store_t *st)
{
    sah_db_finalize_all(st->st, ST_COUNT);
    sqlite3_close(st->db);
    st->db = NULL;
}

/* Step 1: the file is sound. integrity_check, not quick_check: it also
 * catches index entries that no longer match their rows, which would break
 * UNIQUE and so import. The store is small: 20,000 bookmarks (10 MB) check
 * in 10 ms on a desktop, well under a second on a Pi. */
static disk_result_t check_integrity(sah_store_t *st, bool on_disk)
{
    char why[256];
    bool ok;
    int rc = sah_db_check(st->db, true, &ok, why, sizeof why);
    if (rc != SQLITE_OK) {
        store_log(st, "integrity_check: %s (sqlite %d)", sqlite3_errstr(rc), rc);
        return classify_check(st, rc);
    }
    if (!ok) {
        store_log(st, "integrity_check: %s", why);
        return DISK_CORRUPT;
    }
    /* Page 1 is read now. A header whose write version is past 2 (a file
     * format newer than any SQLite writes: a damaged byte 18) makes SQLite
     * treat the file as read-only; a read-only disk was told apart at open.
     * Taken for the disk, every start would run in memory: moved aside as
     * found instead. */
    if (on_disk && sqlite3_db_readonly(st->db, "main") == 1) {
        store_log(st, "the header makes the file read-only (a file format SQLite does not write)");
        return DISK_CORRUPT;
    }
    return DISK_OK;
}

/* Step 2: the schema version, *@version, is one this sahifa can use. */
static disk_result_t check_version(sah_store_t *st, int *version)
{
    int rc = sah_db_user_version(st->db, version);
    if (rc == SQLITE_MISMATCH) {
        store_log(st, "schema version is not a number");
        return DISK_CORRUPT;
    }
    if (rc != SQLITE_OK)
        return store_classify(st, rc);
    /* user_version is a signed 32-bit field: no sahifa writes a negative
     * one, and the migrations are indexed with it. */
    if (*version < 0) {
        store_log(st, "schema version %d: not a sahifa store", *version);
        return DISK_CORRUPT;
    }
    if (*version > SAH_STORE_SCHEMA_VERSION) {
        store_log(st, "schema version %d is newer than this sahifa's %d: not touching it", *version,
                  SAH_STORE_SCHEMA_VERSION);
        return DISK_NEWER;
    }
    return DISK_OK;
}

/* Step 3: the file is ours, known before anything is written (switching to
 * WAL writes the header, and a file that is not ours is moved aside exactly
 * as it was found). Version 0 with tables is somebody else's database; our
 * current version must mean our schema, exactly. */
static disk_result_t check_ours(sah_store_t *st, int version)
{
    char buf[32];
    int rc;
    if (version == 0) {
        rc = sah_db_pragma_text(st->db, "SELECT count(*) FROM sqlite_schema", buf, sizeof buf);
        if (rc != SQLITE_OK)
            return store_classify(st, rc);
        if (strcmp(buf, "0") != 0) {
            store_log(st, "not a sahifa store (tables but no schema version)");
            return DISK_CORRUPT;
        }
    }
    if (version == SAH_STORE_SCHEMA_VERSION) {
        bool ours = false;
        rc = check_schema(st->db, &ours);
        if (rc != SQLITE_OK) {
            store_log(st, "reading the schema: %s (sqlite %d)", sqlite3_errstr(rc), rc);
            return store_classify(st, rc);
        }
        if (!ours || prepare_all(st) != SQLITE_OK) {
            store_log(st, "schema is not the one of version %d%s%s", version, ours ? ": " : "",
                      ours ? sqlite3_errmsg(st->db) : "");
            return DISK_CORRUPT;
        }
    }
    return DISK_OK;
}

/* Step 4 (the file on disk, not a copy in memory): WAL, every commit
 * synced. */
static disk_result_t use_wal(sah_store_t *st)
{
    char buf[32];
    int rc = sah_db_pragma_text(st->db, "PRAGMA journal_mode = WAL", buf, sizeof buf);
    if (rc != SQLITE_OK) {
        store_log(st, "journal_mode: %s (sqlite %d)", sqlite3_errstr(rc), rc);
        return store_classify(st, rc);
    }
    if (strcmp(buf, "wal") != 0) {
        store_log(st, "cannot use WAL (journal_mode is %s)", buf);
        st->open_err = SAH_STORE_ERR_IO;
        return DISK_UNWRITABLE;
    }
    /* FULL: in WAL mode NORMAL may lose the last commits on power loss;
     * FULL fsyncs the WAL at every commit (the promise in store.h). */
    sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    /* The WAL is reused after a checkpoint; cap what it keeps on disk. */
    sqlite3_exec(st->db, "PRAGMA journal_size_limit = 1048576", NULL, NULL, NULL);
    return DISK_OK;
}

/* Step 5: an older store, or a new empty one, brought to the current schema
 * in one transaction, and its statements prepared. */
static disk_result_t upgrade(sah_store_t *st, int version, bool on_disk)
{
    int rc = sah_db_migrate(st->db, migrations + version,
                            (size_t)(SAH_STORE_SCHEMA_VERSION - version), SAH_STORE_SCHEMA_VERSION);
    if (rc != SQLITE_OK) {
        store_log(st, "cannot create or upgrade the schema from version %d: %s (sqlite %d)",
                  version, sqlite3_errstr(rc), rc);
        return store_classify(st, rc);
    }
    /* A new file: its directory entry must last too. */
    if (on_disk && version == 0)
        store_sync_dir(st->path);
    /* The tables are checked now (a current file's were in check_ours()). */
    if (prepare_all(st) != SQLITE_OK) {
        store_log(st, "schema does not match version %d: %s", SAH_STORE_SCHEMA_VERSION,
                  sqlite3_errmsg(st->db));
        return DISK_CORRUPT;
    }
    return DISK_OK;
}

disk_result_t store_check_and_prepare(sah_store_t *st, bool on_disk)
{
    int version = 0;
    disk_result_t r = check_integrity(st, on_disk);
    if (r == DISK_OK) {
        sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        r = check_version(st, &version);
    }
    if (r == DISK_OK)
        r = check_ours(st, version);
    /* Only now that the file is known to be ours and not newer. */
    if (r == DISK_OK && on_disk)
        r = use_wal(st);
    if (r == DISK_OK && version < SAH_STORE_SCHEMA_VERSION)
        r = upgrade(st, version, on_disk);
    return r;
}
