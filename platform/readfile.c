/*
 * readfile.c - see readfile.h.
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *sah_file_read(const char *path, size_t max, size_t *len, int *err)
{
    char *buf = NULL;
    struct stat sb;
    int e = 0;
    *len = 0;
    /* O_NONBLOCK: a FIFO must not hang the reader; on a regular file it
     * changes nothing. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &sb) != 0) {
        e = errno;
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        e = SAH_FILE_ERR_NOT_REGULAR;
        goto out;
    }
    if ((uintmax_t)sb.st_size > max) {
        e = SAH_FILE_ERR_TOO_LARGE;
        *len = (size_t)((uintmax_t)sb.st_size > SIZE_MAX ? SIZE_MAX : (uintmax_t)sb.st_size);
        goto out;
    }
    /* One byte more than fstat() said, to catch a file that grew since,
     * and one for the NUL. */
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    if (!(buf = malloc(cap + 1))) {
        e = ENOMEM;
        goto out;
    }
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            e = errno;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n == cap) {
        e = SAH_FILE_ERR_CHANGED;
        goto out;
    }
    buf[n] = '\0';
    *len = n;
out:
    if (fd >= 0)
        close(fd);
    if (e) {
        free(buf);
        buf = NULL;
    }
    if (err)
        *err = e;
    return buf;
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
    default:
        return strerror(err);
    }
}
