/* store.c - see store.h: what the parts of the store share (store-db.h):
 * the log line, the clocks, errors, validation, paths. The parts: schema.c,
 * open.c, positions.c, bookmarks.c, settings.c, jsonl.c. */
#include "app/store/store-db.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform/paths.h"

/* One log line that names the file (house style). */
void store_log(const sah_store_t *st, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "sahifa: store %s: ", st->path ? st->path : "(memory)");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int64_t store_now_ms(const sah_store_t *st)
{
    if (st->opt.monotonic_ms)
        return st->opt.monotonic_ms(st->opt.user);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t store_now_s(const sah_store_t *st)
{
    return st->opt.wall_s ? st->opt.wall_s(st->opt.user) : (int64_t)time(NULL);
}

sah_store_err_t store_map_rc(sqlite3 *db, int rc)
{
    switch (sah_db_fault(db, rc)) {
    case SAH_DB_OK:
        return SAH_STORE_OK;
    case SAH_DB_INVALID:
        return SAH_STORE_ERR_INVALID;
    case SAH_DB_FULL:
        return SAH_STORE_ERR_FULL;
    case SAH_DB_READONLY:
        return SAH_STORE_ERR_READONLY;
    case SAH_DB_BUSY:
        return SAH_STORE_ERR_BUSY;
    case SAH_DB_CORRUPT:
        return SAH_STORE_ERR_CORRUPT;
    case SAH_DB_NOMEM:
        return SAH_STORE_ERR_NOMEM;
    case SAH_DB_IO:
        break;
    }
    return SAH_STORE_ERR_IO;
}

/* Translates a failed SQLite call at the boundary: one log line, our code. */
sah_store_err_t store_fail(sah_store_t *st, int rc, const char *what)
{
    sah_store_err_t e = store_map_rc(st->db, rc);
    store_log(st, "%s: %s (sqlite %d, errno %d)", what, sqlite3_errstr(rc), rc,
              st->db ? sqlite3_system_errno(st->db) : 0);
    if (e == SAH_STORE_ERR_FULL || e == SAH_STORE_ERR_READONLY || e == SAH_STORE_ERR_IO ||
        e == SAH_STORE_ERR_BUSY || e == SAH_STORE_ERR_CORRUPT)
        st->write_err = e;
    return e;
}

/* A write reached the disk: whatever failed before is over. */
sah_store_err_t store_saved(sah_store_t *st)
{
    st->write_err = SAH_STORE_OK;
    return SAH_STORE_OK;
}

/* An errno of creating or opening a file, as our code. */
sah_store_err_t store_errno_err(int err)
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
bool store_norm_hash(const char *hash, char out[SAH_STORE_HASH_MAX + 1])
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
bool store_text_ok(const char *s, size_t max)
{
    if (!s)
        return true;
    if (strlen(s) > max)
        return false;
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}

char *store_printf(const char *fmt, ...)
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
void store_sync_dir(const char *path)
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
