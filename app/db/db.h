/*
 * db.h - the SQLite plumbing shared by the rooms that keep a database (the
 * store's bookmarks and positions, the library's index cache): opening,
 * checking, schema versions, statements, and what a failure means.
 *
 *   sqlite3 *db = NULL;
 *   if (sah_db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL, &db) != SQLITE_OK)
 *       ...                            // db may be set: sqlite3_close() it
 *   int v;
 *   if (sah_db_user_version(db, &v) == SQLITE_OK && v < N)
 *       sah_db_migrate(db, steps + v, N - v, N);
 *
 * Results are SQLite's codes (extended codes are on for every connection
 * opened here). This room knows nothing of what is stored: callers map a
 * failure to their own errors through sah_db_fault().
 */
#ifndef SAH_DB_H
#define SAH_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* How long a connection waits for another program (a sqlite3 shell, a
 * backup tool) that holds the file briefly. */
#define SAH_DB_BUSY_MS 2000

/* Opens @name (a path, ":memory:", or a file: URI with SQLITE_OPEN_URI in
 * @flags) through @vfs (NULL: the default), with extended result codes and
 * SAH_DB_BUSY_MS. *@db is set whenever SQLite gave a handle, also on
 * failure (it then says why): the caller closes it with sqlite3_close(). */
int sah_db_open(const char *name, int flags, const char *vfs, sqlite3 **db);

/* Runs @sql (a PRAGMA or SELECT giving one row) and copies its first column
 * as text into @out (empty when it gives no row). */
int sah_db_pragma_text(sqlite3 *db, const char *sql, char *out, size_t outlen);

/* The schema version a database says it has (PRAGMA user_version; 0 for a
 * new file). SQLITE_MISMATCH when it does not read as an int. */
int sah_db_user_version(sqlite3 *db, int *version);

/* PRAGMA integrity_check (@full) or quick_check. Returns SQLite's error when
 * the check could not run; otherwise SQLITE_OK and *@ok, with the first
 * complaint in @why when not ok. */
int sah_db_check(sqlite3 *db, bool full, bool *ok, char *why, size_t whylen);

/* Runs the @n SQL scripts @steps, then sets user_version to @version, all
 * in one write transaction: a failure (or a power cut) half-way leaves the
 * database at its old version with its old schema. */
int sah_db_migrate(sqlite3 *db, const char *const *steps, size_t n, int version);

/* An empty write transaction: whether writes can start at all (a -shm that
 * cannot be written lets a database open read-write and refuse every
 * write). Writes nothing to the disk. */
int sah_db_probe_write(sqlite3 *db);

/* Rolls back the open transaction, if any: some errors end it by
 * themselves (SQLite's "Response To Errors Within A Transaction"). */
void sah_db_rollback(sqlite3 *db);

/* Prepares the @n statements @sql into @out (persistent: they live as long
 * as the connection); sah_db_finalize_all() frees them, also after a
 * failure half-way. */
int sah_db_prepare_all(sqlite3 *db, const char *const *sql, size_t n, sqlite3_stmt **out);
void sah_db_finalize_all(sqlite3_stmt **st, size_t n);

/* Runs a statement that returns no row and resets it (SQLITE_OK when done). */
int sah_db_exec_stmt(sqlite3_stmt *s);

/* Resets @s and clears its bindings, for the next use. */
void sah_db_done(sqlite3_stmt *s);

/* Binds @v (copied), or NULL for a NULL @v. */
int sah_db_bind_text(sqlite3_stmt *s, int i, const char *v);

/* Returns: (transfer full) column @i as a string, NULL for SQL NULL or when
 * out of memory (sqlite3_column_type() tells the two apart). */
char *sah_db_column_dup(sqlite3_stmt *s, int i);

/* What a failed call means, independent of what the database holds. */
typedef enum {
    SAH_DB_OK,
    SAH_DB_INVALID,  /* a constraint, a type, a size: the request's fault */
    SAH_DB_FULL,     /* no space left on the disk */
    SAH_DB_READONLY, /* the file, its folder or its disk cannot be written */
    SAH_DB_IO,       /* the disk reported an error */
    SAH_DB_BUSY,     /* another program holds the file */
    SAH_DB_CORRUPT,  /* the file is damaged or not a database */
    SAH_DB_NOMEM,
} sah_db_fault_t;

/* The fault behind @rc, a result of a call on @db (NULL when the call gave
 * no handle). SQLite keeps the OS errno only on some paths (not for a
 * failed COMMIT): without it, the file system is asked (access(2) answers
 * EROFS on a read-only mount, statvfs(3) says whether blocks are left). */
sah_db_fault_t sah_db_fault(sqlite3 *db, int rc);

/* Whether @rc, from reading or checking a database, is the machine's fault
 * (I/O, full, read-only, cannot open, busy) rather than the file's. SQLite
 * refusing what it read (a schema format it does not know, a record past
 * its limits, a collation or module it lacks, SQLITE_NOMEM for some damaged
 * schemas at once) is the file's. */
bool sah_db_machine_fault(int rc);

#endif
