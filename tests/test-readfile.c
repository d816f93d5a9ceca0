/*
 * test-readfile.c - platform/readfile.h: whole files, and everything on a
 * card that is not one (a FIFO, a device, a folder, a file over the limit,
 * a file that grows while it is read).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/readfile.h"
#include "testutil.h"

static char dir[256];

static char *path_of(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void write_bytes(const char *name, const void *b, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    CHECK(f && fwrite(b, 1, n, f) == n && fclose(f) == 0, "write %s", name);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/sahifa-readfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("test-readfile: mkdtemp");
        return 1;
    }
    size_t n = 99;
    int err = 0;
    char *b;

    /* Bytes as written, NUL bytes inside included, and a NUL after them. */
    static const char bin[] = "\xD8\xB5\x00\xFF\r\nend";
    write_bytes("bin", bin, sizeof bin - 1);
    b = sah_file_read(path_of("bin"), 1 << 20, &n, &err);
    CHECK(b && n == sizeof bin - 1 && !memcmp(b, bin, n) && b[n] == '\0' && err == 0,
          "bin: %zu bytes, err %d", n, err);
    free(b);

    /* Empty: a buffer, not NULL (an empty article is an article). */
    write_bytes("empty", "", 0);
    b = sah_file_read(path_of("empty"), 1 << 20, &n, &err);
    CHECK(b && n == 0 && b[0] == '\0' && err == 0, "empty");
    free(b);

    /* The limit: a file of exactly @max bytes is read, one more is refused
     * before reading, with the size reported for the message. */
    b = sah_file_read(path_of("bin"), sizeof bin - 1, &n, &err);
    CHECK(b && n == sizeof bin - 1, "exactly max");
    free(b);
    b = sah_file_read(path_of("bin"), sizeof bin - 2, &n, &err);
    CHECK(!b && err == SAH_FILE_ERR_TOO_LARGE && n == sizeof bin - 1, "over max: err %d, size %zu",
          err, n);
    CHECK(!strcmp(sah_file_strerror(err), "too large"), "%s", sah_file_strerror(err));

    /* Missing; a folder; a device; a FIFO with no writer (must not hang). */
    b = sah_file_read(path_of("missing"), 1 << 20, &n, &err);
    CHECK(!b && err == ENOENT && n == 0, "missing: err %d", err);
    CHECK(!strcmp(sah_file_strerror(ENOENT), strerror(ENOENT)), "errno text");
    b = sah_file_read(dir, 1 << 20, &n, &err);
    CHECK(!b && err == SAH_FILE_ERR_NOT_REGULAR, "folder: err %d", err);
    b = sah_file_read("/dev/zero", 1 << 20, &n, &err);
    CHECK(!b && err == SAH_FILE_ERR_NOT_REGULAR, "device: err %d", err);
    CHECK(mkfifo(path_of("fifo"), 0600) == 0, "mkfifo");
    b = sah_file_read(path_of("fifo"), 1 << 20, &n, &err);
    CHECK(!b && err == SAH_FILE_ERR_NOT_REGULAR, "fifo: err %d", err);
    CHECK(!strcmp(sah_file_strerror(SAH_FILE_ERR_NOT_REGULAR), "not a regular file"), "text");

    /* A file whose size says less than it holds: /proc files are regular
     * and report 0 bytes, which is what a file growing between fstat() and
     * read() looks like. Refused, not cut. */
    b = sah_file_read("/proc/self/status", 1 << 20, &n, &err);
    CHECK(!b && err == SAH_FILE_ERR_CHANGED, "grown: err %d", err);

    /* Unreadable (not as root: root reads everything). */
    write_bytes("secret", "x", 1);
    if (geteuid() != 0 && chmod(path_of("secret"), 0) == 0) {
        b = sah_file_read(path_of("secret"), 1 << 20, &n, &err);
        CHECK(!b && err == EACCES, "unreadable: err %d", err);
    }

    /* Inside a folder: the descriptor is blocking again; a link is followed
     * only while it stays inside (openat2 RESOLVE_BENEATH), else nothing is
     * opened. */
    struct stat sb;
    int dfd = sah_dir_open_in(AT_FDCWD, dir, &sb, &err);
    CHECK(dfd >= 0 && S_ISDIR(sb.st_mode), "dir open: err %d", err);
    int fd = sah_file_open_in(dfd, "bin", 1 << 20, &sb, &err);
    CHECK(fd >= 0 && sb.st_size == sizeof bin - 1 && !(fcntl(fd, F_GETFL) & O_NONBLOCK),
          "open_in: fd %d, err %d", fd, err);
    if (fd >= 0)
        close(fd);
    static const struct {
        const char *name, *target;
        int err; /* 0: opened */
    } links[] = {
        {"in", "bin", 0},
        {"zero", "/dev/zero", SAH_FILE_ERR_OUTSIDE},
        {"abs", NULL, SAH_FILE_ERR_OUTSIDE}, /* absolute, even to a file inside */
        {"up", "../x", SAH_FILE_ERR_OUTSIDE},
        {"dangling", "nothing", SAH_FILE_ERR_DANGLING},
        {"loop", "loop", ELOOP},
        {"fifo-link", "fifo", SAH_FILE_ERR_NOT_REGULAR},
    };
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        char abs[600];
        snprintf(abs, sizeof abs, "%s/bin", dir);
        CHECK(symlink(links[i].target ? links[i].target : abs, path_of(links[i].name)) == 0,
              "symlink %s", links[i].name);
        fd = sah_file_open_in(dfd, links[i].name, 1 << 20, NULL, &err);
        CHECK(links[i].err ? fd < 0 && err == links[i].err : fd >= 0 && err == 0,
              "link %s: fd %d, err %d (%s), want %d", links[i].name, fd, err,
              sah_file_strerror(err), links[i].err);
        if (fd >= 0)
            close(fd);
        b = sah_file_read_in(dfd, links[i].name, 1 << 20, &n, &err);
        CHECK(links[i].err ? !b && err == links[i].err : b && n == sizeof bin - 1,
              "read_in %s: err %d", links[i].name, err);
        free(b);
    }
    /* A folder inside; a link to one outside; a file is not a folder. */
    CHECK(mkdir(path_of("sub"), 0700) == 0 && symlink("/tmp", path_of("tmp-link")) == 0, "mkdir");
    fd = sah_dir_open_in(dfd, "sub", NULL, &err);
    CHECK(fd >= 0, "sub: err %d", err);
    if (fd >= 0)
        close(fd);
    fd = sah_dir_open_in(dfd, "tmp-link", NULL, &err);
    CHECK(fd < 0 && err == SAH_FILE_ERR_OUTSIDE, "folder link out: err %d", err);
    fd = sah_dir_open_in(dfd, "bin", NULL, &err);
    CHECK(fd < 0 && err == SAH_FILE_ERR_NOT_DIR, "file as folder: err %d", err);
    close(dfd);
    for (size_t i = 0; i < sizeof links / sizeof *links; i++)
        unlink(path_of(links[i].name));
    unlink(path_of("tmp-link"));
    rmdir(path_of("sub"));

    unlink(path_of("bin"));
    unlink(path_of("empty"));
    unlink(path_of("fifo"));
    unlink(path_of("secret"));
    rmdir(dir);
    return t_summary("readfile");
}
