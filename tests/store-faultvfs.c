/* store-faultvfs.c - see store-faultvfs.h. Test code: aborts on OOM. */
#include "store-faultvfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#define SECTOR 512

typedef struct {
    int64_t off; /* -1: a truncate to @len */
    int64_t len;
    unsigned char *data;
} op_t;

/* One file as the disk would have it: what is durable and what is not yet. */
typedef struct {
    char *path;
    bool main_db;
    bool deleted; /* SQLite deleted it before the cut: not rewritten */
    unsigned char *durable;
    int64_t durable_len;
    op_t *ops;
    size_t n_ops, cap_ops;
} tracked_t;

static struct {
    sqlite3_vfs vfs;
    sqlite3_vfs *base;
    bool registered;
    int writes;
    int arm_at;
    int err;
    bool sticky;
    int faults;
    sah_fault_kind_t first_kind;
    bool readonly;
    bool tracking;
    int cut_at;
    bool cut;
    tracked_t **files; /* pointers: open files point at their entry */
    size_t n_files;
} g;

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
    tracked_t *tr;
} ffile_t;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

static void set_len(tracked_t *t, unsigned char **buf, int64_t *len, int64_t new_len)
{
    (void)t;
    unsigned char *nb = realloc(*buf, (size_t)(new_len ? new_len : 1));
    if (!nb)
        abort();
    if (new_len > *len)
        memset(nb + *len, 0, (size_t)(new_len - *len));
    *buf = nb;
    *len = new_len;
}

static void apply(tracked_t *t, unsigned char **buf, int64_t *len, const op_t *op, int64_t from,
                  int64_t to)
{
    if (op->off < 0) {
        set_len(t, buf, len, op->len);
        return;
    }
    if (op->off + to > *len)
        set_len(t, buf, len, op->off + to);
    memcpy(*buf + op->off + from, op->data + from, (size_t)(to - from));
}

static void forget_ops(tracked_t *t)
{
    for (size_t i = 0; i < t->n_ops; i++)
        free(t->ops[i].data);
    t->n_ops = 0;
}

static void make_durable(tracked_t *t)
{
    for (size_t i = 0; i < t->n_ops; i++)
        apply(t, &t->durable, &t->durable_len, &t->ops[i], 0, t->ops[i].len);
    forget_ops(t);
}

static void record(tracked_t *t, int64_t off, const void *data, int64_t len)
{
    if (t->n_ops == t->cap_ops) {
        t->cap_ops = t->cap_ops ? t->cap_ops * 2 : 64;
        t->ops = realloc(t->ops, t->cap_ops * sizeof *t->ops);
        if (!t->ops)
            abort();
    }
    op_t *op = &t->ops[t->n_ops++];
    op->off = off;
    op->len = len;
    op->data = NULL;
    if (data) {
        op->data = xmalloc((size_t)len);
        memcpy(op->data, data, (size_t)len);
    }
}

static tracked_t *track(const char *path, bool main_db)
{
    tracked_t *t = NULL;
    for (size_t i = 0; i < g.n_files && !t; i++)
        if (strcmp(g.files[i]->path, path) == 0)
            t = g.files[i];
    if (t && !t->deleted)
        return t;
    if (t) {
        /* Deleted, now created again: a new file. */
        forget_ops(t);
        free(t->durable);
        t->durable = NULL;
        t->durable_len = 0;
    } else {
        g.files = realloc(g.files, (g.n_files + 1) * sizeof *g.files);
        if (!g.files)
            abort();
        t = g.files[g.n_files++] = xmalloc(sizeof *t);
        memset(t, 0, sizeof *t);
        t->path = strdup(path);
    }
    t->main_db = main_db;
    t->deleted = false;
    /* What is on disk when we start watching counts as durable. */
    FILE *f = fopen(path, "rb");
    if (f) {
        unsigned char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            int64_t at = t->durable_len;
            set_len(t, &t->durable, &t->durable_len, at + (int64_t)n);
            memcpy(t->durable + at, chunk, n);
        }
        fclose(f);
    }
    return t;
}

static void untrack_all(void)
{
    for (size_t i = 0; i < g.n_files; i++) {
        forget_ops(g.files[i]);
        free(g.files[i]->ops);
        free(g.files[i]->durable);
        free(g.files[i]->path);
        free(g.files[i]);
    }
    free(g.files);
    g.files = NULL;
    g.n_files = 0;
}

/* Decides the fate of one write-like call: 0 to let it through, or the
 * SQLite code os_unix.c would return (errno set). */
static int gate(sah_fault_kind_t kind)
{
    static const int io_code[] = {
        [SAH_FAULT_WRITE] = SQLITE_IOERR_WRITE,
        [SAH_FAULT_TRUNCATE] = SQLITE_IOERR_TRUNCATE,
        [SAH_FAULT_SYNC] = SQLITE_IOERR_FSYNC,
    };
    g.writes++;
    if (g.readonly) {
        errno = EROFS;
        return io_code[kind];
    }
    if (g.cut || (g.cut_at && g.writes >= g.cut_at)) {
        g.cut = true;
        errno = EIO;
        return io_code[kind];
    }
    if (g.arm_at && (g.writes == g.arm_at || (g.sticky && g.writes > g.arm_at))) {
        if (g.faults++ == 0)
            g.first_kind = kind;
        errno = g.err;
        /* os_unix.c unixWrite(): ENOSPC is SQLITE_FULL, any other errno is
         * SQLITE_IOERR_WRITE; fsync and ftruncate failures are IOERR. */
        if (kind == SAH_FAULT_WRITE && g.err == ENOSPC)
            return SQLITE_FULL;
        return io_code[kind];
    }
    return SQLITE_OK;
}

/* ---- io methods ----------------------------------------------------------- */

#define REAL(f) (((ffile_t *)(f))->real)

static int f_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    int rc = gate(SAH_FAULT_WRITE);
    if (rc != SQLITE_OK)
        return rc;
    rc = REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
    if (rc == SQLITE_OK && g.tracking && ((ffile_t *)f)->tr)
        record(((ffile_t *)f)->tr, off, buf, n);
    return rc;
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = gate(SAH_FAULT_TRUNCATE);
    if (rc != SQLITE_OK)
        return rc;
    rc = REAL(f)->pMethods->xTruncate(REAL(f), size);
    if (rc == SQLITE_OK && g.tracking && ((ffile_t *)f)->tr)
        record(((ffile_t *)f)->tr, -1, NULL, size);
    return rc;
}

static int f_sync(sqlite3_file *f, int flags)
{
    int rc = gate(SAH_FAULT_SYNC);
    if (rc != SQLITE_OK)
        return rc;
    rc = REAL(f)->pMethods->xSync(REAL(f), flags);
    if (rc == SQLITE_OK && g.tracking && ((ffile_t *)f)->tr)
        make_durable(((ffile_t *)f)->tr);
    return rc;
}

static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int f_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int f_check_lock(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int f_fcntl(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int f_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_caps(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Memory-mapped I/O would let SQLite read around us; refusing xFetch makes
 * it fall back to xRead (writes never go through mmap in SQLite). */
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    (void)f;
    (void)off;
    (void)n;
    *pp = NULL;
    return SQLITE_OK;
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    (void)f;
    (void)off;
    (void)p;
    return SQLITE_OK;
}

static const sqlite3_io_methods methods = {
    3,          f_close,       f_read,       f_write, f_truncate, f_sync, f_size,
    f_lock,     f_unlock,      f_check_lock, f_fcntl, f_sector,   f_caps, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap,  f_fetch, f_unfetch,
};

/* ---- vfs ------------------------------------------------------------------ */

static int v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
                  int *out_flags)
{
    (void)vfs;
    ffile_t *f = (ffile_t *)file;
    f->real = (sqlite3_file *)(f + 1);
    f->tr = NULL;
    file->pMethods = NULL;
    if (g.readonly && (flags & SQLITE_OPEN_READWRITE) && !(flags & SQLITE_OPEN_MAIN_DB) && name) {
        /* A journal or WAL cannot be created on a read-only mount. */
        if (flags & SQLITE_OPEN_CREATE) {
            errno = EROFS;
            return SQLITE_CANTOPEN;
        }
    }
    if (g.readonly && (flags & SQLITE_OPEN_READWRITE) && (flags & SQLITE_OPEN_MAIN_DB)) {
        /* os_unix.c unixOpen(): "if the open failed with EACCES or EROFS,
         * try again read-only". */
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    int rc = g.base->xOpen(g.base, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK)
        return rc;
    if (g.tracking && name)
        f->tr = track(name, (flags & SQLITE_OPEN_MAIN_DB) != 0);
    file->pMethods = &methods;
    return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    if (g.cut) {
        errno = EIO;
        return SQLITE_IOERR_DELETE;
    }
    for (size_t i = 0; i < g.n_files; i++)
        if (strcmp(g.files[i]->path, name) == 0)
            g.files[i]->deleted = true;
    return g.base->xDelete(g.base, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return g.base->xAccess(g.base, name, flags, out);
}

static int v_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return g.base->xFullPathname(g.base, name, n, out);
}

static int v_random(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g.base->xRandomness(g.base, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return g.base->xSleep(g.base, us);
}

static int v_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return g.base->xCurrentTime(g.base, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g.base->xGetLastError(g.base, n, out);
}

static int v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return g.base->xCurrentTimeInt64(g.base, out);
}

bool sah_faultvfs_register(void)
{
    if (g.registered)
        return true;
    g.base = sqlite3_vfs_find(NULL);
    if (!g.base || g.base->iVersion < 2)
        return false;
    memset(&g.vfs, 0, sizeof g.vfs);
    g.vfs.iVersion = 2;
    g.vfs.szOsFile = (int)sizeof(ffile_t) + g.base->szOsFile;
    g.vfs.mxPathname = g.base->mxPathname;
    g.vfs.zName = SAH_FAULTVFS_NAME;
    g.vfs.xOpen = v_open;
    g.vfs.xDelete = v_delete;
    g.vfs.xAccess = v_access;
    g.vfs.xFullPathname = v_full;
    g.vfs.xRandomness = v_random;
    g.vfs.xSleep = v_sleep;
    g.vfs.xCurrentTime = v_time;
    g.vfs.xGetLastError = v_last_error;
    g.vfs.xCurrentTimeInt64 = v_time64;
    if (sqlite3_vfs_register(&g.vfs, 0) != SQLITE_OK)
        return false;
    g.registered = true;
    return true;
}

void sah_faultvfs_reset(void)
{
    g.writes = 0;
    g.arm_at = 0;
    g.faults = 0;
    g.cut_at = 0;
    g.cut = false;
    g.tracking = false;
    untrack_all();
}

int sah_faultvfs_writes(void)
{
    return g.writes;
}

void sah_faultvfs_arm(int nth, int err, bool sticky)
{
    g.writes = 0;
    g.arm_at = nth;
    g.err = err;
    g.sticky = sticky;
    g.faults = 0;
}

void sah_faultvfs_readonly_media(bool on)
{
    g.readonly = on;
}

void sah_faultvfs_disarm(void)
{
    g.arm_at = 0;
}

sah_fault_kind_t sah_faultvfs_first_fault_kind(void)
{
    return g.first_kind;
}

void sah_faultvfs_track(bool on)
{
    g.tracking = on;
}

void sah_faultvfs_cut_after(int nth)
{
    g.writes = 0;
    g.cut = false;
    g.cut_at = nth;
}

bool sah_faultvfs_cut_happened(void)
{
    return g.cut;
}

/* splitmix64: a seeded stream, so that a failing case can be replayed. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

long sah_faultvfs_power_cut(uint64_t seed)
{
    long dropped = 0;
    for (size_t i = 0; i < g.n_files; i++) {
        tracked_t *t = g.files[i];
        unsigned char *buf = NULL;
        if (t->deleted)
            continue;
        int64_t len = 0;
        set_len(t, &buf, &len, t->durable_len);
        if (t->durable_len)
            memcpy(buf, t->durable, (size_t)t->durable_len);
        for (size_t k = 0; k < t->n_ops; k++) {
            const op_t *op = &t->ops[k];
            if (op->off < 0) {
                if (next_rand(&seed) & 1)
                    apply(t, &buf, &len, op, 0, 0);
                else
                    dropped++;
                continue;
            }
            for (int64_t from = 0; from < op->len; from += SECTOR) {
                int64_t to = from + SECTOR < op->len ? from + SECTOR : op->len;
                if (next_rand(&seed) & 1)
                    apply(t, &buf, &len, op, from, to);
                else
                    dropped++;
            }
        }
        FILE *f = fopen(t->path, "wb");
        if (!f || (len && fwrite(buf, 1, (size_t)len, f) != (size_t)len) || fclose(f) != 0)
            abort();
        free(buf);
        if (t->main_db) {
            size_t n = strlen(t->path) + 5;
            char *shm = xmalloc(n);
            snprintf(shm, n, "%s-shm", t->path);
            unlink(shm);
            free(shm);
        }
    }
    g.tracking = false;
    g.cut = false;
    g.cut_at = 0;
    untrack_all();
    return dropped;
}
