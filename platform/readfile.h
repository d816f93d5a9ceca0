/*
 * readfile.h - a whole file into memory, safely: what the article parser,
 * the command-line tools and the benchmarks read their input with.
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
 * non-blocking and must be a regular file), a file larger than the caller's
 * limit is refused before anything is allocated, and a file that grows
 * while it is read is refused rather than cut. Nothing is logged here: the
 * caller names the file in its own one-line message.
 */
#ifndef SAH_READFILE_H
#define SAH_READFILE_H

#include <stddef.h>

/* Why sah_file_read() failed, beside the errno values it passes on. */
enum {
    SAH_FILE_ERR_NOT_REGULAR = -1, /* a directory, FIFO, device or socket */
    SAH_FILE_ERR_TOO_LARGE = -2,   /* larger than @max */
    SAH_FILE_ERR_CHANGED = -3,     /* it grew while being read */
};

/*
 * sah_file_read:
 * @path: the file.
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

/* A short phrase for @err ("not a regular file", strerror()'s), static. */
const char *sah_file_strerror(int err);

#endif
