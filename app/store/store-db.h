/*
 * store-db.h - what the parts of the store share, private to app/store/:
 * the store's struct, its prepared statements, and the helpers every part
 * uses (one log line per failure, errors mapped at the boundary, checked
 * input). store.h is the public face; nothing outside app/store/ includes
 * this.
 *
 *   schema.c     the schema, its versions, the statements, the open's checks
 *   open.c       one writer (the lock), damage recovery, the copy in memory
 *   positions.c  the reading position, coalesced
 *   bookmarks.c  articles and their bookmarks
 *   settings.c   the reader's settings
 *   jsonl.c      bookmarks exported and imported as JSON Lines
 *   store.c      the helpers below
 */
#ifndef SAH_STORE_DB_H
#define SAH_STORE_DB_H

#include "app/db/db.h"
#include "app/store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* The store's prepared statements (statement_sql in schema.c). */
enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ART_ENSURE,
    ST_ART_TOUCH,
    ST_ART_GET,
    ST_ART_BY_PATH,
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
    DISK_CORRUPT,    /* not a database, or fails its check: move aside */
    DISK_UNWRITABLE, /* read-only, full, I/O error: memory */
    DISK_NEWER,      /* user_version from a newer sahifa: leave it alone */
} disk_result_t;

/* ---- store.c ---- */

/* One log line that names the file (house style). */
void store_log(const sah_store_t *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The clocks, or the test's (sah_store_options_t). */
int64_t store_now_ms(const sah_store_t *st);
int64_t store_now_s(const sah_store_t *st);

/* SQLite's result code @rc of a call on @db, as ours. */
sah_store_err_t store_map_rc(sqlite3 *db, int rc);

/* Translates a failed SQLite call at the boundary: one log line naming
 * @what, our code; a disk's error is kept for sah_store_save_error(). */
sah_store_err_t store_fail(sah_store_t *st, int rc, const char *what);

/* A write reached the disk: whatever failed before is over. */
sah_store_err_t store_saved(sah_store_t *st);

/* An errno of creating or opening a file, as our code. */
sah_store_err_t store_errno_err(int err);

/* Copies @hash lowercased into @out; false unless 1..HASH_MAX hex digits. */
bool store_norm_hash(const char *hash, char out[SAH_STORE_HASH_MAX + 1]);

/* NULL, or at most @max bytes of UTF-8 that jansson accepts. */
bool store_text_ok(const char *s, size_t max);

/* Returns: (transfer full) the formatted text; NULL when out of memory. */
char *store_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fsyncs the folder of @path, so that a rename or a new file there lasts. */
void store_sync_dir(const char *path);

/* ---- schema.c ---- */

/* Checks the open st->db (integrity, version, schema), upgrades it to the
 * current schema and prepares the statements. @on_disk: the file itself
 * (switched to WAL; a memory copy is not). */
disk_result_t store_check_and_prepare(sah_store_t *st, bool on_disk);

/* A failed call while opening: the file's fault (DISK_CORRUPT, moved aside)
 * or the disk's (DISK_UNWRITABLE, st->open_err says which). */
disk_result_t store_classify(sah_store_t *st, int rc);

/* Finalizes the statements and closes st->db (NULL after). */
void store_close_db(sah_store_t *st);

#endif
