/* db.c - see db.h. */
#include "app/db/db.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

int sah_db_open(const char *name, int flags, const char *vfs, sqlite3 **db)
{
    *db = NULL;
    int rc = sqlite3_open_v2(name, db, flags, vfs);
    if (*db) {
        sqlite3_extended_result_codes(*db, 1);
        sqlite3_busy_timeout(*db, SAH_DB_BUSY_MS);
    }
    return rc;
}

int sah_db_pragma_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
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

int sah_db_user_version(sqlite3 *db, int *version)
{
    char buf[32], *end;
    int rc = sah_db_pragma_text(db, "PRAGMA user_version", buf, sizeof buf);
    if (rc != SQLITE_OK)
        return rc;
    errno = 0;
    long x = strtol(buf, &end, 10);
    if (end == buf || *end || errno || x < INT_MIN || x > INT_MAX)
        return SQLITE_MISMATCH;
    *version = (int)x;
    return SQLITE_OK;
}

int sah_db_check(sqlite3 *db, bool full, bool *ok, char *why, size_t whylen)
{
    int rc =
        sah_db_pragma_text(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", why, whylen);
    *ok = rc == SQLITE_OK && strcmp(why, "ok") == 0;
    return rc;
}

int sah_db_migrate(sqlite3 *db, const char *const *steps, size_t n, int version)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
        rc = sqlite3_exec(db, steps[i], NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        sah_db_rollback(db);
    return rc;
}

int sah_db_probe_write(sqlite3 *db)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sah_db_rollback(db);
    return rc;
}

void sah_db_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int sah_db_prepare_all(sqlite3 *db, const char *const *sql, size_t n, sqlite3_stmt **out)
{
    for (size_t i = 0; i < n; i++) {
        int rc = sqlite3_prepare_v3(db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &out[i], NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

void sah_db_finalize_all(sqlite3_stmt **st, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_finalize(st[i]);
        st[i] = NULL;
    }
}

int sah_db_exec_stmt(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sah_db_done(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void sah_db_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

int sah_db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

char *sah_db_column_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Asks the file system about the folder of @path: read-only, full, or
 * (neither) an I/O error. */
static sah_db_fault_t probe_disk(const char *path)
{
    sah_db_fault_t e = SAH_DB_IO;
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
        e = SAH_DB_READONLY;
    else if (statvfs(dir, &sv) == 0 && sv.f_bavail == 0)
        e = SAH_DB_FULL;
out:
    free(dir);
    return e;
}

sah_db_fault_t sah_db_fault(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return SAH_DB_OK;
    case SQLITE_FULL:
        return SAH_DB_FULL;
    case SQLITE_READONLY:
        return SAH_DB_READONLY;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        /* A write on a read-only remount and an I/O error both come as
         * SQLITE_IOERR_*. */
        if (db && sqlite3_system_errno(db) == EROFS)
            return SAH_DB_READONLY;
        if (db && sqlite3_system_errno(db) == ENOSPC)
            return SAH_DB_FULL;
        if (rc == SQLITE_IOERR_NOMEM)
            return SAH_DB_NOMEM;
        return db ? probe_disk(sqlite3_db_filename(db, "main")) : SAH_DB_IO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SAH_DB_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return SAH_DB_CORRUPT;
    case SQLITE_NOMEM:
        return SAH_DB_NOMEM;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
        return SAH_DB_INVALID;
    default:
        return SAH_DB_IO;
    }
}

bool sah_db_machine_fault(int rc)
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
        return true;
    default:
        return false;
    }
}
