/*
 * readfile.h - the one way sahifa opens a file it reads: articles, bundle.ini,
 * the files an import copies, sahifa.ini and the translations (.mo).
 *
 *   size_t n;
 *   int err;
 *   char *bytes = sah_file_read("article.txt", SAH_ARTICLE_MAX_BYTES, &n, &err);
 *   if (!bytes)
 *       fprintf(stderr, "article.txt: %s\n", sah_file_strerror(err));
 *   ...
 *   free(bytes);
 *
 * "Safely" means what a reader fed files from a card or a USB stick needs:
 * a FIFO or a device named .txt does not hang it (the file is opened
 * non-blocking and must be a regular file, checked on the opened
 * descriptor), a file larger than the caller's limit is refused before
 * anything is allocated, and a file that grows while it is read is refused
 * rather than cut. Nothing is logged here: the caller names the file in its
 * own one-line message.
 *
 * A file named by the user (a path on the command line, sahifa.ini) is
 * read with sah_file_read(): symbolic links are followed,
 * as a shell would. A file found inside a folder the program reads (a
 * bundle's articles and bundle.ini, a library's bundle folders) is opened
 * with the _in() forms, relative to the folder's descriptor: a symbolic link
 * is followed only while it stays inside that folder (the kernel resolves it
 * with RESOLVE_BENEATH), so a link to /dev/zero or /etc/shadow is refused
 * without being opened.
 */
#ifndef SAH_READFILE_H
#define SAH_READFILE_H

#include <stddef.h>
#include <sys/stat.h>

/* Why an open or read failed, beside the errno values passed on. */
enum {
    SAH_FILE_ERR_NOT_REGULAR = -1, /* a directory, FIFO, device or socket */
    SAH_FILE_ERR_TOO_LARGE = -2,   /* larger than @max */
    SAH_FILE_ERR_CHANGED = -3,     /* it grew while being read */
    SAH_FILE_ERR_OUTSIDE = -4,     /* a symbolic link leading out of the folder */
    SAH_FILE_ERR_DANGLING = -5,    /* a symbolic link to nothing */
    SAH_FILE_ERR_NOT_DIR = -6,     /* sah_dir_open_in(): not a folder */
};

/*
 * sah_file_open_in:
 * @dirfd: the folder's descriptor (sah_dir_open_in(), or open() with
 *   O_DIRECTORY).
 * @name: a file in it; a symbolic link is followed only while it stays
 *   inside @dirfd's folder (else SAH_FILE_ERR_OUTSIDE, nothing opened).
 * @max: the largest size accepted, in bytes.
 * @sb: (out) (optional): the opened file's status; with
 *   SAH_FILE_ERR_TOO_LARGE, st_size is the file's size (for the message).
 * @err: (out) (nullable): 0, an errno value or one of SAH_FILE_ERR_*.
 *
 * Opens a regular file of at most @max bytes for reading, without blocking
 * on a FIFO, and returns its descriptor in blocking mode, close-on-exec.
 *
 * Returns: (transfer full) the descriptor (close() it), or -1.
 */
int sah_file_open_in(int dirfd, const char *name, size_t max, struct stat *sb, int *err)
    __attribute__((warn_unused_result));

/*
 * sah_dir_open_in:
 * @dirfd: a folder's descriptor, or AT_FDCWD with an absolute @name.
 * @name: a folder inside it, by the rule of sah_file_open_in(); with
 *   AT_FDCWD, a path whose links are all followed.
 * @sb: (out) (optional): the folder's status (st_dev and st_ino name it).
 *
 * Returns: (transfer full) the folder's descriptor, close-on-exec, or -1
 * with *err set (SAH_FILE_ERR_NOT_DIR for something else).
 */
int sah_dir_open_in(int dirfd, const char *name, struct stat *sb, int *err)
    __attribute__((warn_unused_result));

/*
 * sah_file_read:
 * @path: the file; symbolic links are followed. Opened as by
 *   sah_file_open_in() (non-blocking, a regular file, at most @max).
 * @max: the largest size accepted, in bytes.
 * @len: (out): the number of bytes read; with SAH_FILE_ERR_TOO_LARGE, the
 *   file's size (for the message), else 0 on failure.
 * @err: (out) (nullable): 0, an errno value (ENOENT, EACCES, EIO, ENOMEM,
 *   ...) or one of SAH_FILE_ERR_*.
 *
 * Returns: (transfer full) the bytes, followed by a NUL that @len does not
 * count (so that text may be used as a C string), or NULL. free() it.
 */
char *sah_file_read(const char *path, size_t max, size_t *len, int *err)
    __attribute__((warn_unused_result));

/* sah_file_read() of at most the first @head bytes (@len of them, a NUL
 * after them), for a file shown before it is read whole: the same checks,
 * and @size (out) the whole file's size by fstat(), which a later
 * sah_file_read() reads unless the file changes meanwhile. A file of at
 * most @whole bytes is read whole (@len == @size): one read for a file
 * the caller would not show by its head. */
char *sah_file_read_head(const char *path, size_t max, size_t head, size_t whole, size_t *len,
                         size_t *size, int *err) __attribute__((warn_unused_result));

/* sah_file_read() of @name inside @dirfd's folder, opened by
 * sah_file_open_in(). */
char *sah_file_read_in(int dirfd, const char *name, size_t max, size_t *len, int *err)
    __attribute__((warn_unused_result));

/* A short phrase for @err ("not a regular file", strerror()'s), static. */
const char *sah_file_strerror(int err);

#endif
