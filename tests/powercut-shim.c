/* powercut-shim.c - an LD_PRELOAD library for tests only: it logs every
 * call of the program that changes files under one folder, so that
 * test-import-powercut can rebuild what a disk would hold after a power
 * cut at any point of the run; it can also make one of those calls fail.
 *
 *   SAHIFA_POWERCUT_ROOT  the folder watched (an absolute real path)
 *   SAHIFA_POWERCUT_LOG   the log, appended to (outside the root)
 *   SAHIFA_POWERCUT_FAIL  optional: N, the 0-based call under the root that
 *                         fails (EIO; ENOSPC for writes) without effect
 *
 * One line per call under the root, in the order the calls returned:
 * KIND STATUS FIELDS..., STATUS '+' done, '-' failed by the system, '!'
 * failed on purpose. Paths are hex, relative to the root ("-" for the root
 * itself); so are written bytes ("-" for none). KINDs:
 *   M mkdir PATH            O open with O_CREAT or O_TRUNC: FLAGS PATH
 *   W write OFFSET HEX PATH T truncate: LENGTH PATH
 *   S fsync/fdatasync PATH  R rename: FLAGS OLD NEW (renameat2's flags)
 *   U unlink PATH           D rmdir PATH
 *   L link OLD NEW          K close PATH
 *   Y sync, or syncfs under the root
 * and "A" (no status) when the program first writes to stdout: the
 * import's acknowledgement.
 *
 * Calls through a descriptor are placed by the path the kernel gives for it
 * (/proc/self/fd), so descriptors opened out of the shim's sight (opendir,
 * dup) are placed too. glibc's internal calls (mkdtemp's mkdir, stdio's
 * write) bypass these symbols: mkdtemp and the stdout functions are wrapped
 * themselves, and the test compares the log's end state with the disk to
 * catch any change the shim did not see. */
#undef _FILE_OFFSET_BITS /* both the plain and the 64 names are defined */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

/* The fortified entry points (_FORTIFY_SOURCE) glibc's headers declare
 * only when fortifying. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
int __printf_chk(int flag, const char *fmt, ...);
int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __fprintf_chk(FILE *s, int flag, const char *fmt, ...);

static pthread_mutex_t mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char root[PATH_MAX];
static size_t root_len;
static int log_fd = -1;
static long fail_at = -1, n_calls;
static bool acked;

static void *next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f)
        abort(); /* a libc without it: the test cannot mean anything */
    return f;
}

#define REAL(type, name) ((type)real_fn(&real_##name, #name))
static void *real_fn(void **slot, const char *name)
{
    if (!*slot)
        *slot = next(name);
    return *slot;
}

static void *real_write, *real_openat64, *real_pwrite64, *real_ftruncate64, *real_fsync,
    *real_fdatasync, *real_sync, *real_syncfs, *real_close, *real_renameat2, *real_mkdirat,
    *real_mkdtemp, *real_unlinkat, *real_linkat, *real_vfprintf, *real_fputs, *real_fwrite,
    *real_puts;

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off64_t);
typedef int (*ftruncate_fn)(int, off64_t);
typedef int (*fd_fn)(int);
typedef void (*void_fn)(void);
typedef int (*renameat2_fn)(int, const char *, int, const char *, unsigned);
typedef int (*mkdirat_fn)(int, const char *, mode_t);
typedef char *(*mkdtemp_fn)(char *);
typedef int (*unlinkat_fn)(int, const char *, int);
typedef int (*linkat_fn)(int, const char *, int, const char *, int);
typedef int (*vfprintf_fn)(FILE *, const char *, va_list);
typedef int (*fputs_fn)(const char *, FILE *);
typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);
typedef int (*puts_fn)(const char *);

static void init(void)
{
    const char *r = getenv("SAHIFA_POWERCUT_ROOT");
    const char *l = getenv("SAHIFA_POWERCUT_LOG");
    const char *f = getenv("SAHIFA_POWERCUT_FAIL");
    if (!r || !l || r[0] != '/' || strlen(r) >= sizeof root)
        return;
    strcpy(root, r);
    root_len = strlen(root);
    while (root_len > 1 && root[root_len - 1] == '/')
        root[--root_len] = 0;
    log_fd =
        REAL(openat_fn, openat64)(AT_FDCWD, l, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (f && *f)
        fail_at = strtol(f, NULL, 10);
}

/* ---- paths ------------------------------------------------------------- */

/* Resolves "." and ".." of the absolute @p in place (no links are followed:
 * the test's root has none). */
static void normalize(char *p)
{
    char *out = p, *s = p;
    while (*s) {
        while (*s == '/')
            s++;
        if (!*s)
            break;
        char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 1 && s[0] == '.') {
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (out > p && *--out != '/')
                ;
        } else {
            *out++ = '/';
            memmove(out, s, n);
            out += n;
        }
        s += n;
    }
    if (out == p)
        *out++ = '/';
    *out = 0;
}

/* The part of the absolute @abs under the root into @rel ("" for the root). */
static bool relative(char *abs, char rel[PATH_MAX])
{
    normalize(abs);
    if (strncmp(abs, root, root_len) != 0 || (abs[root_len] != '/' && abs[root_len] != 0))
        return false;
    const char *s = abs + root_len + (abs[root_len] == '/');
    if (strlen(s) >= PATH_MAX)
        return false;
    strcpy(rel, s);
    return true;
}

static bool fd_abs(int fd, char out[PATH_MAX])
{
    char proc[64];
    static const char deleted[] = " (deleted)";
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, out, PATH_MAX - 1);
    if (n <= 0 || out[0] != '/')
        return false;
    out[n] = 0;
    size_t d = sizeof deleted - 1;
    return !((size_t)n > d && strcmp(out + n - d, deleted) == 0);
}

static bool under_root_fd(int fd, char rel[PATH_MAX])
{
    char abs[PATH_MAX];
    pthread_once(&once, init);
    return log_fd >= 0 && fd >= 0 && fd_abs(fd, abs) && relative(abs, rel);
}

static bool under_root_at(int dirfd, const char *path, char rel[PATH_MAX])
{
    char abs[2 * PATH_MAX];
    pthread_once(&once, init);
    if (log_fd < 0 || !path)
        return false;
    if (path[0] == '/') {
        snprintf(abs, sizeof abs, "%s", path);
    } else {
        char base[PATH_MAX];
        if (dirfd == AT_FDCWD ? !getcwd(base, sizeof base) : !fd_abs(dirfd, base))
            return false;
        snprintf(abs, sizeof abs, "%s/%s", base, path);
    }
    return relative(abs, rel);
}

/* ---- the log ----------------------------------------------------------- */

static char *line;
static size_t line_len, line_cap;

static void put(const char *s, size_t n)
{
    if (line_len + n + 2 > line_cap) {
        size_t cap = (line_len + n + 2) * 2;
        char *p = realloc(line, cap);
        if (!p)
            abort();
        line = p;
        line_cap = cap;
    }
    memcpy(line + line_len, s, n);
    line_len += n;
}

static void put_str(const char *s)
{
    put(" ", 1);
    put(s, strlen(s));
}

static void put_hex(const void *data, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = data;
    put(" ", 1);
    if (!n)
        put("-", 1);
    for (size_t i = 0; i < n; i++) {
        char two[2] = {digits[b[i] >> 4], digits[b[i] & 15]};
        put(two, 2);
    }
}

static void put_long(long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    put_str(buf);
}

/* Starts the line of a call: its kind and how it ended. */
static void begin(char kind, bool injected, bool ok)
{
    line_len = 0;
    put(&kind, 1);
    put_str(injected ? "!" : ok ? "+" : "-");
}

static void end(void)
{
    put("\n", 1);
    for (size_t w = 0; w < line_len;) {
        ssize_t k = REAL(write_fn, write)(log_fd, line + w, line_len - w);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            abort(); /* a log with a hole would test nothing */
        w += (size_t)k;
    }
}

/* Counts one call under the root; true when it is the one to fail. */
static bool fault_point(void)
{
    return n_calls++ == fail_at;
}

static void ack(void)
{
    pthread_once(&once, init);
    if (log_fd < 0)
        return;
    pthread_mutex_lock(&mu);
    if (!acked) {
        acked = true;
        line_len = 0;
        put("A", 1);
        end();
    }
    pthread_mutex_unlock(&mu);
}

/* ---- opening ----------------------------------------------------------- */

static int open_common(int dirfd, const char *path, int flags, mode_t mode)
{
    char rel[PATH_MAX];
    int saved = errno;
    if (!(flags & (O_CREAT | O_TRUNC)) || !under_root_at(dirfd, path, rel)) {
        errno = saved;
        return REAL(openat_fn, openat64)(dirfd, path, flags, mode);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    int fd = -1;
    if (inj)
        saved = EIO;
    else {
        errno = saved;
        fd = REAL(openat_fn, openat64)(dirfd, path, flags, mode);
        saved = errno;
    }
    begin('O', inj, fd >= 0);
    put_long(flags & (O_CREAT | O_TRUNC | O_EXCL));
    put_hex(rel, strlen(rel));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

#define OPEN_WRAPPER(name)                                                                         \
    EXPORT int name(const char *path, int flags, ...)                                              \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        mode_t mode = mode_arg(flags, ap);                                                         \
        va_end(ap);                                                                                \
        return open_common(AT_FDCWD, path, flags, mode);                                           \
    }
#define OPENAT_WRAPPER(name)                                                                       \
    EXPORT int name(int dirfd, const char *path, int flags, ...)                                   \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        mode_t mode = mode_arg(flags, ap);                                                         \
        va_end(ap);                                                                                \
        return open_common(dirfd, path, flags, mode);                                              \
    }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

EXPORT int __open_2(const char *path, int flags)
{
    return open_common(AT_FDCWD, path, flags, 0);
}

EXPORT int __open64_2(const char *path, int flags)
{
    return open_common(AT_FDCWD, path, flags, 0);
}

EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
    return open_common(dirfd, path, flags, 0);
}

EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
    return open_common(dirfd, path, flags, 0);
}

EXPORT int creat(const char *path, mode_t mode)
{
    return open_common(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

EXPORT int creat64(const char *path, mode_t mode)
{
    return open_common(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* ---- writing through a descriptor -------------------------------------- */

/* @off < 0: at the file position (read back after the write). */
static ssize_t write_common(int fd, const void *buf, size_t n, off64_t off)
{
    char rel[PATH_MAX];
    int saved = errno;
    if (fd == 1)
        ack();
    if (!under_root_fd(fd, rel)) {
        errno = saved;
        return off < 0 ? REAL(write_fn, write)(fd, buf, n)
                       : REAL(pwrite_fn, pwrite64)(fd, buf, n, off);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    ssize_t r = -1;
    if (inj)
        saved = ENOSPC;
    else {
        errno = saved;
        r = off < 0 ? REAL(write_fn, write)(fd, buf, n)
                    : REAL(pwrite_fn, pwrite64)(fd, buf, n, off);
        saved = errno;
        if (r >= 0 && off < 0)
            off = lseek64(fd, 0, SEEK_CUR) - r;
    }
    begin('W', inj, r >= 0);
    put_long(r >= 0 ? (long long)off : 0);
    put_hex(buf, r > 0 ? (size_t)r : 0);
    put_hex(rel, strlen(rel));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
    return write_common(fd, buf, n, -1);
}

EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return write_common(fd, buf, n, off);
}

EXPORT ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    return write_common(fd, buf, n, off);
}

static int truncate_common(int fd, off64_t len)
{
    char rel[PATH_MAX];
    int saved = errno;
    if (!under_root_fd(fd, rel)) {
        errno = saved;
        return REAL(ftruncate_fn, ftruncate64)(fd, len);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    int r = -1;
    if (inj)
        saved = EIO;
    else {
        errno = saved;
        r = REAL(ftruncate_fn, ftruncate64)(fd, len);
        saved = errno;
    }
    begin('T', inj, r == 0);
    put_long(len);
    put_hex(rel, strlen(rel));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

EXPORT int ftruncate(int fd, off_t len)
{
    return truncate_common(fd, len);
}

EXPORT int ftruncate64(int fd, off64_t len)
{
    return truncate_common(fd, len);
}

/* fsync, fdatasync, syncfs and close: one descriptor, no other argument.
 * A failed close still releases the descriptor (Linux), so the injected
 * failure closes it too. */
static int fd_common(char kind, void **slot, const char *name, int fd)
{
    char rel[PATH_MAX];
    int saved = errno;
    fd_fn real = (fd_fn)real_fn(slot, name);
    if (!under_root_fd(fd, rel)) {
        errno = saved;
        return real(fd);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    int r = -1;
    if (inj) {
        if (kind == 'K')
            real(fd);
        saved = EIO;
    } else {
        errno = saved;
        r = real(fd);
        saved = errno;
    }
    begin(kind, inj, r == 0);
    if (kind != 'Y')
        put_hex(rel, strlen(rel));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

EXPORT int fsync(int fd)
{
    return fd_common('S', &real_fsync, "fsync", fd);
}

EXPORT int fdatasync(int fd)
{
    return fd_common('S', &real_fdatasync, "fdatasync", fd);
}

EXPORT int syncfs(int fd)
{
    return fd_common('Y', &real_syncfs, "syncfs", fd);
}

EXPORT int close(int fd)
{
    return fd_common('K', &real_close, "close", fd);
}

EXPORT void sync(void)
{
    pthread_once(&once, init);
    REAL(void_fn, sync)();
    if (log_fd < 0)
        return;
    pthread_mutex_lock(&mu);
    begin('Y', false, true);
    end();
    pthread_mutex_unlock(&mu);
}

/* ---- names ------------------------------------------------------------- */

static int rename_common(int d1, const char *old, int d2, const char *new, unsigned flags)
{
    char r1[PATH_MAX], r2[PATH_MAX];
    int saved = errno;
    if (!under_root_at(d1, old, r1) || !under_root_at(d2, new, r2)) {
        errno = saved;
        return REAL(renameat2_fn, renameat2)(d1, old, d2, new, flags);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    int r = -1;
    if (inj)
        saved = EIO;
    else {
        errno = saved;
        r = REAL(renameat2_fn, renameat2)(d1, old, d2, new, flags);
        saved = errno;
    }
    begin('R', inj, r == 0);
    put_long(flags);
    put_hex(r1, strlen(r1));
    put_hex(r2, strlen(r2));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

EXPORT int rename(const char *old, const char *new)
{
    return rename_common(AT_FDCWD, old, AT_FDCWD, new, 0);
}

EXPORT int renameat(int d1, const char *old, int d2, const char *new)
{
    return rename_common(d1, old, d2, new, 0);
}

EXPORT int renameat2(int d1, const char *old, int d2, const char *new, unsigned flags)
{
    return rename_common(d1, old, d2, new, flags);
}

/* mkdir, unlink and rmdir: one path. */
static int path_common(char kind, int dirfd, const char *path, int arg)
{
    char rel[PATH_MAX];
    int saved = errno;
    bool watched = under_root_at(dirfd, path, rel);
    int r = -1;
    if (watched)
        pthread_mutex_lock(&mu);
    bool inj = watched && fault_point();
    errno = saved;
    if (inj)
        saved = EIO;
    else {
        if (kind == 'M')
            r = REAL(mkdirat_fn, mkdirat)(dirfd, path, (mode_t)arg);
        else
            r = REAL(unlinkat_fn, unlinkat)(dirfd, path, arg);
        saved = errno;
    }
    if (watched) {
        begin(kind, inj, r == 0);
        put_hex(rel, strlen(rel));
        end();
        pthread_mutex_unlock(&mu);
    }
    errno = saved;
    return r;
}

EXPORT int mkdir(const char *path, mode_t mode)
{
    return path_common('M', AT_FDCWD, path, (int)mode);
}

EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
    return path_common('M', dirfd, path, (int)mode);
}

EXPORT int unlink(const char *path)
{
    return path_common('U', AT_FDCWD, path, 0);
}

EXPORT int rmdir(const char *path)
{
    return path_common('D', AT_FDCWD, path, AT_REMOVEDIR);
}

EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
    return path_common(flags & AT_REMOVEDIR ? 'D' : 'U', dirfd, path, flags);
}

EXPORT char *mkdtemp(char *tmpl)
{
    char rel[PATH_MAX];
    int saved = errno;
    if (!under_root_at(AT_FDCWD, tmpl, rel)) {
        errno = saved;
        return REAL(mkdtemp_fn, mkdtemp)(tmpl);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    char *r = NULL;
    if (inj)
        saved = EIO;
    else {
        errno = saved;
        r = REAL(mkdtemp_fn, mkdtemp)(tmpl);
        saved = errno;
    }
    /* The name is known once made. */
    if (r)
        under_root_at(AT_FDCWD, tmpl, rel);
    begin('M', inj, r != NULL);
    put_hex(rel, strlen(rel));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

static int link_common(int d1, const char *old, int d2, const char *new, int flags)
{
    char r1[PATH_MAX], r2[PATH_MAX];
    int saved = errno;
    if (!under_root_at(d1, old, r1) || !under_root_at(d2, new, r2)) {
        errno = saved;
        return REAL(linkat_fn, linkat)(d1, old, d2, new, flags);
    }
    pthread_mutex_lock(&mu);
    bool inj = fault_point();
    int r = -1;
    if (inj)
        saved = EIO;
    else {
        errno = saved;
        r = REAL(linkat_fn, linkat)(d1, old, d2, new, flags);
        saved = errno;
    }
    begin('L', inj, r == 0);
    put_hex(r1, strlen(r1));
    put_hex(r2, strlen(r2));
    end();
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}

EXPORT int link(const char *old, const char *new)
{
    return link_common(AT_FDCWD, old, AT_FDCWD, new, 0);
}

EXPORT int linkat(int d1, const char *old, int d2, const char *new, int flags)
{
    return link_common(d1, old, d2, new, flags);
}

/* ---- stdout: the acknowledgement --------------------------------------- */

EXPORT int vprintf(const char *fmt, va_list ap)
{
    ack();
    return REAL(vfprintf_fn, vfprintf)(stdout, fmt, ap);
}

EXPORT int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
    (void)flag;
    return vprintf(fmt, ap);
}

EXPORT int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vprintf(fmt, ap);
    va_end(ap);
    return r;
}

EXPORT int __printf_chk(int flag, const char *fmt, ...)
{
    va_list ap;
    (void)flag;
    va_start(ap, fmt);
    int r = vprintf(fmt, ap);
    va_end(ap);
    return r;
}

EXPORT int fprintf(FILE *s, const char *fmt, ...)
{
    va_list ap;
    if (s == stdout)
        ack();
    va_start(ap, fmt);
    int r = REAL(vfprintf_fn, vfprintf)(s, fmt, ap);
    va_end(ap);
    return r;
}

EXPORT int __fprintf_chk(FILE *s, int flag, const char *fmt, ...)
{
    va_list ap;
    (void)flag;
    if (s == stdout)
        ack();
    va_start(ap, fmt);
    int r = REAL(vfprintf_fn, vfprintf)(s, fmt, ap);
    va_end(ap);
    return r;
}

EXPORT int fputs(const char *str, FILE *s)
{
    if (s == stdout)
        ack();
    return REAL(fputs_fn, fputs)(str, s);
}

EXPORT int puts(const char *str)
{
    ack();
    return REAL(puts_fn, puts)(str);
}

EXPORT size_t fwrite(const void *p, size_t size, size_t n, FILE *s)
{
    if (s == stdout)
        ack();
    return REAL(fwrite_fn, fwrite)(p, size, n, s);
}
