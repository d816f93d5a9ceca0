/*
 * readfile.c - see readfile.h.
 */
#include "platform/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

/* Opens @name inside @dirfd, following a symbolic link only while it stays
 * beneath @dirfd: the kernel checks every step of the resolution, so there
 * is no window between a check and the open. */
static int open_beneath(int dirfd, const char *name, int flags)
{
#ifdef SYS_openat2
    struct open_how how = {
        .flags = (uint64_t)flags,
        /* NO_MAGICLINKS: /proc/self/fd/N style links lead anywhere. */
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd = syscall(SYS_openat2, dirfd, name, &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS)
        return (int)fd;
#endif
    /* A kernel without openat2 (Linux < 5.6): no link is followed, and a
     * name that climbs out is refused as openat2 would. */
    if (strchr(name, '/') || !strcmp(name, "..")) {
        errno = EXDEV;
        return -1;
    }
    return openat(dirfd, name, flags | O_NOFOLLOW);
}

/* Our error for a failed open of @name in @dirfd, from errno. */
static int open_error(int dirfd, const char *name, bool beneath, bool dir)
{
    int e = errno;
    struct stat lsb;
    if (beneath && e == EXDEV)
        return SAH_FILE_ERR_OUTSIDE;
    if (e == ENOENT && fstatat(dirfd, name, &lsb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lsb.st_mode))
        return SAH_FILE_ERR_DANGLING;
    if (dir && e == ENOTDIR)
        return SAH_FILE_ERR_NOT_DIR;
    return e;
}

/* The one opener: non-blocking (a FIFO must not hang us), then the type and
 * size checked on what was opened, not on a path that may have changed. */
static int open_checked(int dirfd, const char *name, bool dir, size_t max, struct stat *sb_out,
                        int *err)
{
    struct stat sb;
    bool beneath = dirfd != AT_FDCWD;
    int e = 0;
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (dir ? O_DIRECTORY : 0);
    int fd = beneath ? open_beneath(dirfd, name, flags) : openat(dirfd, name, flags);
    memset(&sb, 0, sizeof sb);
    if (fd < 0) {
        e = open_error(dirfd, name, beneath, dir);
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        e = errno;
    } else if (dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)) {
        e = dir ? SAH_FILE_ERR_NOT_DIR : SAH_FILE_ERR_NOT_REGULAR;
    } else if (!dir && (uintmax_t)sb.st_size > max) {
        e = SAH_FILE_ERR_TOO_LARGE;
    } else {
        /* Blocking again for the caller's reads: on a regular file it
         * changes nothing, but a caller may hand the descriptor on. */
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
            e = errno;
    }
out:
    if (e && fd >= 0) {
        close(fd);
        fd = -1;
    }
    if (sb_out)
        *sb_out = sb;
    if (err)
        *err = e;
    return fd;
}

int sah_file_open_in(int dirfd, const char *name, size_t max, struct stat *sb, int *err)
{
    return open_checked(dirfd, name, false, max, sb, err);
}

int sah_dir_open_in(int dirfd, const char *name, struct stat *sb, int *err)
{
    return open_checked(dirfd, name, true, 0, sb, err);
}

/* Reads the whole of @fd, of @size bytes by fstat(). */
static char *read_fd(int fd, size_t size, size_t *len, int *err)
{
    /* One byte more than fstat() said, to catch a file that grew since,
     * and one for the NUL. */
    size_t cap = size + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        *err = ENOMEM;
        return NULL;
    }
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = errno;
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n == cap) {
        *err = SAH_FILE_ERR_CHANGED;
        goto fail;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

static char *read_checked(int dirfd, const char *name, size_t max, size_t *len, int *err)
{
    struct stat sb;
    char *buf = NULL;
    int e = 0;
    int fd = open_checked(dirfd, name, false, max, &sb, &e);
    *len = 0;
    if (fd >= 0) {
        buf = read_fd(fd, (size_t)sb.st_size, len, &e);
        close(fd);
    } else if (e == SAH_FILE_ERR_TOO_LARGE) {
        *len = (size_t)((uintmax_t)sb.st_size > SIZE_MAX ? SIZE_MAX : (uintmax_t)sb.st_size);
    }
    if (err)
        *err = e;
    return buf;
}

char *sah_file_read_head(const char *path, size_t max, size_t head, size_t whole, size_t *len,
                         size_t *size, int *err)
{
    struct stat sb;
    int e = 0;
    int fd = open_checked(AT_FDCWD, path, false, max, &sb, &e);
    char *buf = NULL;
    size_t n = 0, want = 0;
    *len = *size = 0;
    if (fd >= 0) {
        *size = (size_t)sb.st_size;
        want = *size <= whole || *size < head ? *size : head;
        if (!(buf = malloc(want + 1)))
            e = ENOMEM;
    }
    while (buf && n < want) {
        ssize_t r = read(fd, buf + n, want - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            e = errno;
            free(buf);
            buf = NULL;
        } else if (r == 0) {
            break; /* shorter since fstat(): what is there */
        } else {
            n += (size_t)r;
        }
    }
    if (fd >= 0)
        close(fd);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    if (err)
        *err = e;
    return buf;
}

char *sah_file_read(const char *path, size_t max, size_t *len, int *err)
{
    return read_checked(AT_FDCWD, path, max, len, err);
}

char *sah_file_read_in(int dirfd, const char *name, size_t max, size_t *len, int *err)
{
    return read_checked(dirfd, name, max, len, err);
}

const char *sah_file_strerror(int err)
{
    switch (err) {
    case SAH_FILE_ERR_NOT_REGULAR:
        return "not a regular file";
    case SAH_FILE_ERR_TOO_LARGE:
        return "too large";
    case SAH_FILE_ERR_CHANGED:
        return "changed while being read";
    case SAH_FILE_ERR_OUTSIDE:
        return "a link out of its folder (not followed)";
    case SAH_FILE_ERR_DANGLING:
        return "a link to nothing";
    case SAH_FILE_ERR_NOT_DIR:
        return "not a folder";
    default:
        return strerror(err);
    }
}
