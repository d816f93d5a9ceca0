/*
 * epub-zip.h - an EPUB's zip archive, checked before anything is inflated
 * (epub.h's open and read_entry stand on it; nothing else should).
 *
 *   sah_epub_zip_t *z = sah_epub_zip_open(fd, "book.epub", &st);
 *   char *xml;
 *   size_t n;
 *   if (z && sah_epub_zip_read(z, "META-INF/container.xml", SAH_EPUB_MAX_XML_BYTES, &xml, &n)
 *                == SAH_EPUB_OK) ...
 *
 * What is refused, and why, is at the top of epub-zip.c.
 */
#ifndef SAH_EPUB_ZIP_H
#define SAH_EPUB_ZIP_H

#include "app/content/epub.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sah_epub_zip sah_epub_zip_t;

/*
 * sah_epub_zip_open:
 * @fd: the file, open for reading (transfer none: still the caller's to
 *   close; the archive keeps a duplicate).
 * @path: names the file in messages.
 * @status: (out): why it failed.
 *
 * Checks the end of central directory record (entry count and directory
 * size) before libzip reads the directory, then every entry: its name, its
 * type, its encryption, its sizes and ratio, and all sizes together. The
 * first that fails refuses the file with one line naming it.
 *
 * Returns: (transfer full) the archive (sah_epub_zip_free()), or NULL.
 */
sah_epub_zip_t *sah_epub_zip_open(int fd, const char *path, sah_epub_status_t *status)
    __attribute__((warn_unused_result));

/* Frees @z; NULL is a no-op. */
void sah_epub_zip_free(sah_epub_zip_t *z);

/* Whether the archive holds an entry named exactly @name. */
bool sah_epub_zip_has(sah_epub_zip_t *z, const char *name);

/* The sizes of entry @name from the central directory: inflated and stored.
 * False when there is no such entry. */
bool sah_epub_zip_sizes(sah_epub_zip_t *z, const char *name, uint64_t *inflated, uint64_t *stored);

/* Entry @name's CRC-32 from the central directory. False when there is no
 * such entry or the archive gives none. */
bool sah_epub_zip_crc(sah_epub_zip_t *z, const char *name, uint32_t *crc);

/*
 * sah_epub_zip_read:
 * @max: the most bytes accepted (the caller's own limit).
 *
 * epub.h's sah_epub_read_entry() with a cap of min(@max,
 * SAH_EPUB_MAX_ENTRY_BYTES): an entry stated larger than @max is refused
 * before it is inflated (SAH_EPUB_ERR_TOO_LARGE), one that inflates past
 * its stated size is corrupt. Logs one line naming the file and the entry,
 * except for SAH_EPUB_ERR_MISSING.
 */
sah_epub_status_t sah_epub_zip_read(sah_epub_zip_t *z, const char *name, size_t max, char **bytes,
                                    size_t *n) __attribute__((warn_unused_result));

#endif
