/* open.c - opening the store: one writer (the lock), damaged files moved
 * aside, and the copy in memory when the disk cannot be used. */
#include "app/store/store-db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/paths.h"

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
    char *lock_path = store_printf("%s.lock", st->path);
    if (!lock_path)
        return LOCK_UNWRITABLE;
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        st->open_err = store_errno_err(errno);
        store_log(st, "cannot create %s: %s", lock_path, strerror(errno));
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
            store_log(st, "cannot lock %s: %s", lock_path, strerror(errno));
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

/* Whether a write transaction can start: a file that opens read-write may
 * still refuse every write (a -shm that cannot be written makes SQLite use
 * the WAL index read-only). Known now, the store says so at open instead of
 * at the first bookmark. An empty transaction writes nothing to the disk. */
static disk_result_t probe_write(sah_store_t *st)
{
    int rc = sah_db_probe_write(st->db);
    if (rc == SQLITE_OK)
        return DISK_OK;
    store_log(st, "cannot start a write: %s (sqlite %d)", sqlite3_errstr(rc), rc);
    /* Another program (a sqlite3 shell) holding the file for a while is
     * not a disk that cannot be written: each write says so if it lasts. */
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return DISK_OK;
    return store_classify(st, rc);
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
        char *side = store_printf("%s-%s", st->path, i ? "shm" : "wal");
        struct stat sb;
        if (side && lstat(side, &sb) == 0 && S_ISREG(sb.st_mode) && access(side, W_OK) != 0 &&
            errno == EACCES) {
            if (sb.st_uid == geteuid() && chmod(side, db.st_mode & 0777) == 0)
                store_log(st, "%s was read-only: made writable again", side);
            else if (i == 1 && !locked_by_anyone(side) && unlink(side) == 0)
                store_log(st, "%s was read-only: removed (SQLite rebuilds it from the WAL)", side);
            else
                store_log(st,
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
    int rc = sah_db_open(st->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, st->vfs, &st->db);
    if (rc != SQLITE_OK) {
        store_log(st, "cannot open: %s (errno %d)", sqlite3_errstr(rc),
                  st->db ? sqlite3_system_errno(st->db) : 0);
        return store_classify(st, rc);
    }
    /* os_unix.c falls back to a read-only open when the file or the file
     * system cannot be written (EROFS, EACCES): writes would fail later. */
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        store_log(st, "the file or its disk is read-only");
        st->open_err = SAH_STORE_ERR_READONLY;
        return DISK_UNWRITABLE;
    }
    /* Until the file has passed its check, closing must not checkpoint the
     * WAL into it: a corrupt file is kept exactly as it was found. */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* Only a sqlite3 shell or a backup tool can hold the file briefly (the
     * lock file keeps other sahifas out): sah_db_open() waits for them. */
    disk_result_t r = store_check_and_prepare(st, true);
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
        int rc = sah_db_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, st->vfs, &src);
        free(uri);
        if (rc == SQLITE_OK) {
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
        if (sah_db_open(":memory:", SQLITE_OPEN_READWRITE, NULL, &st->db) != SQLITE_OK) {
            store_close_db(st);
            return false;
        }
        if (attempt == 0 && copy && !copy_from_disk(st, st->db)) {
            store_close_db(st);
            continue;
        }
        if (store_check_and_prepare(st, false) == DISK_OK)
            return true;
        /* The copy is corrupt or from a newer sahifa: start empty. */
        store_close_db(st);
    }
    return false;
}

/* "<path>.corrupt-20250101T120000Z", with -2, -3.. if that exists. */
static char *corrupt_name(sah_store_t *st)
{
    char ts[32];
    time_t t = (time_t)store_now_s(st);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
    for (int i = 1; i < 1000; i++) {
        char *name = i == 1 ? store_printf("%s.corrupt-%s", st->path, ts)
                            : store_printf("%s.corrupt-%s-%d", st->path, ts, i);
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
    wal = store_printf("%s-wal", st->path);
    wal_to = store_printf("%s-wal", name);
    shm = store_printf("%s-shm", st->path);
    if (!wal || !wal_to || !shm)
        goto out;
    if (rename(st->path, name) != 0) {
        store_log(st, "cannot move the corrupt file to %s: %s", name, strerror(errno));
        goto out;
    }
    if (rename(wal, wal_to) != 0 && errno != ENOENT)
        store_log(st, "cannot move %s aside: %s", wal, strerror(errno));
    unlink(shm);
    store_sync_dir(st->path);
    store_log(st, "corrupt: kept as %s, starting a new store", name);
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
                         ? store_printf("sahifa is already running (process %ld) and holds %s: "
                                        "bookmarks and reading positions changed here will not "
                                        "be saved. Close it first.",
                                        holder, st->path)
                         : store_printf("sahifa is already running and holds %s: bookmarks and "
                                        "reading positions changed here will not be saved. "
                                        "Close it first.",
                                        st->path);
    else
        st->notice =
            store_printf("Bookmarks and reading positions cannot be saved in %s (%s): "
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
            store_log(st, "locked by another sahifa (process %ld): using a copy in memory", holder);
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
            store_close_db(st);
            if (!move_aside(st)) {
                st->open_err = SAH_STORE_ERR_CORRUPT;
                copy = false;
                break;
            }
            if (open_disk(st) == DISK_OK) {
                st->status = SAH_STORE_RECOVERED;
                st->notice = store_printf("The bookmarks file was damaged. It was kept as %s and "
                                          "a new one was started.",
                                          st->corrupt_path);
                return st;
            }
            copy = false;
            break;
        }
        store_close_db(st);
    }
    if (st->open_err == SAH_STORE_OK)
        st->open_err = SAH_STORE_ERR_IO;
    store_log(st, "%s: keeping changes in memory only", open_why(st->open_err));
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
        store_log(st, "the last reading position was not saved");
    store_close_db(st);
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
