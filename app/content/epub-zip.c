/*
 * epub-zip.c - see epub-zip.h.
 *
 * An EPUB from a card is a zip archive anyone may have made. Nothing is
 * ever extracted to disk, so names cannot overwrite files here; they are
 * refused anyway because an archive that names "../x", "/etc/x" or a
 * symbolic link was made to attack some reader, and no EPUB tool writes
 * one. What is checked, and where:
 *
 * 1. Before libzip reads the central directory, the end of central
 *    directory records in the file's last 64 KB (every one: libzip tries
 *    them all) must claim at most SAH_EPUB_MAX_ENTRIES entries and a
 *    directory of at most SAH_EPUB_MAX_CDIR_BYTES (libzip allocates per
 *    entry claimed; zip64 records could claim 2^64).
 * 2. Every entry, from the central directory, before anything is inflated:
 *    its name ("..", absolute, a drive letter), its type (a Unix symbolic
 *    link in the external attributes), its encryption, its inflated size
 *    (SAH_EPUB_MAX_ENTRY_BYTES), its ratio (SAH_EPUB_MAX_RATIO past
 *    SAH_EPUB_RATIO_MIN_BYTES), and the sizes summed
 *    (SAH_EPUB_MAX_TOTAL_BYTES). The first failure refuses the file.
 * 3. Every read: the stated size is never trusted. At most that size (and
 *    the caller's cap) is accepted; one byte more and the entry is corrupt,
 *    so an entry that says 1 KB and inflates to 1 GB costs 1 KB. libzip
 *    checks the CRC at the end.
 */
#include "app/content/epub-zip.h"

#include "platform/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct sah_epub_zip {
    zip_t *za;
    char *path;
};

static uint64_t le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Reads @n bytes at @off; false on a short read or an error. */
static bool read_at(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* The counts a zip64 end record claims, through its locator just before
 * the classic record at @at; false when there is none. */
static bool zip64_counts(int fd, const unsigned char *tail, size_t at, uint64_t *entries,
                         uint64_t *cdir)
{
    unsigned char rec[56];
    if (at < 20 || memcmp(tail + at - 20, "PK\6\7", 4) != 0)
        return false;
    if (!read_at(fd, rec, sizeof rec, le(tail + at - 20 + 8, 8)) || memcmp(rec, "PK\6\6", 4) != 0)
        return false;
    *entries = le(rec + 32, 8);
    *cdir = le(rec + 40, 8);
    return true;
}

/* Step 1 of the top of the file. */
static sah_epub_status_t check_end_records(int fd, uint64_t size, const char *path)
{
    enum { EOCD = 22, MAX_COMMENT = 65535 };
    size_t n = size < EOCD + MAX_COMMENT ? (size_t)size : EOCD + MAX_COMMENT;
    unsigned char *tail = n >= EOCD ? malloc(n) : NULL;
    sah_epub_status_t st = SAH_EPUB_ERR_NOT_ZIP;
    if (n >= EOCD && !tail)
        return SAH_EPUB_ERR_NOMEM;
    if (tail && !read_at(fd, tail, n, size - n)) {
        sah_log("%s: cannot read: %s", path, strerror(errno ? errno : EIO));
        free(tail);
        return SAH_EPUB_ERR_IO;
    }
    for (size_t i = n >= EOCD ? n - EOCD + 1 : 0; i-- > 0;) {
        if (memcmp(tail + i, "PK\5\6", 4) != 0)
            continue;
        uint64_t entries = le(tail + i + 10, 2), cdir = le(tail + i + 12, 4);
        if (entries == 0xFFFF || cdir == 0xFFFFFFFF)
            zip64_counts(fd, tail, i, &entries, &cdir);
        if (entries > SAH_EPUB_MAX_ENTRIES) {
            sah_log("%s: more than " SAH_STR(SAH_EPUB_MAX_ENTRIES) " zip entries (%llu): refused",
                    path, (unsigned long long)entries);
            st = SAH_EPUB_ERR_TOO_LARGE;
            break;
        }
        if (cdir > SAH_EPUB_MAX_CDIR_BYTES) {
            sah_log("%s: a zip directory of %llu bytes (the limit is %llu): refused", path,
                    (unsigned long long)cdir, (unsigned long long)SAH_EPUB_MAX_CDIR_BYTES);
            st = SAH_EPUB_ERR_TOO_LARGE;
            break;
        }
        st = SAH_EPUB_OK;
    }
    free(tail);
    if (st == SAH_EPUB_ERR_NOT_ZIP)
        sah_log("%s: not a zip archive (an EPUB is one)", path);
    return st;
}

/* Whether @name leaves the archive: absolute, a drive letter, or a ".."
 * segment (with '/' or '\\': Windows tools write both). */
static bool unsafe_name(const char *name)
{
    if (name[0] == '/' || name[0] == '\\' ||
        (((name[0] | 32) >= 'a' && (name[0] | 32) <= 'z') && name[1] == ':'))
        return true;
    for (const char *s = name; *s;) {
        size_t len = strcspn(s, "/\\");
        if (len == 2 && s[0] == '.' && s[1] == '.')
            return true;
        s += len;
        if (*s)
            s++;
    }
    return false;
}

/* Step 2 for entry @i; @total accumulates the inflated sizes. */
static sah_epub_status_t check_entry(zip_t *za, zip_uint64_t i, const char *path, uint64_t *total)
{
    zip_stat_t st;
    zip_uint8_t opsys;
    zip_uint32_t attr;
    zip_stat_init(&st);
    if (zip_stat_index(za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
        sah_log("%s: zip entry %llu cannot be read from the directory: refused", path,
                (unsigned long long)i);
        return SAH_EPUB_ERR_CORRUPT;
    }
    if (unsafe_name(st.name)) {
        sah_log("%s: zip entry \"%s\" leads out of the archive (an absolute path or \"..\"): "
                "refused",
                path, st.name);
        return SAH_EPUB_ERR_UNSAFE;
    }
    if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0 && opsys == ZIP_OPSYS_UNIX &&
        ((attr >> 16) & S_IFMT) == S_IFLNK) {
        sah_log("%s: zip entry \"%s\" is a symbolic link: refused", path, st.name);
        return SAH_EPUB_ERR_UNSAFE;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        sah_log("%s: zip entry \"%s\" is encrypted (DRM or a password): refused", path, st.name);
        return SAH_EPUB_ERR_ENCRYPTED;
    }
    if (st.size > SAH_EPUB_MAX_ENTRY_BYTES) {
        sah_log("%s: zip entry \"%s\" inflates to %llu bytes (the limit is %llu): refused", path,
                st.name, (unsigned long long)st.size, (unsigned long long)SAH_EPUB_MAX_ENTRY_BYTES);
        return SAH_EPUB_ERR_TOO_LARGE;
    }
    if (st.size > SAH_EPUB_RATIO_MIN_BYTES && st.size / SAH_EPUB_MAX_RATIO >= st.comp_size) {
        sah_log("%s: zip entry \"%s\" inflates from %llu to %llu bytes, more than " SAH_STR(
                    SAH_EPUB_MAX_RATIO) " times: refused (a zip bomb)",
                path, st.name, (unsigned long long)st.comp_size, (unsigned long long)st.size);
        return SAH_EPUB_ERR_BOMB;
    }
    *total += st.size;
    if (*total > SAH_EPUB_MAX_TOTAL_BYTES) {
        sah_log("%s: its zip entries inflate to more than %llu bytes in all: refused", path,
                (unsigned long long)SAH_EPUB_MAX_TOTAL_BYTES);
        return SAH_EPUB_ERR_TOO_LARGE;
    }
    return SAH_EPUB_OK;
}

sah_epub_zip_t *sah_epub_zip_open(int fd, const char *path, sah_epub_status_t *status)
{
    struct stat sb;
    sah_epub_zip_t *z = NULL;
    zip_source_t *src = NULL;
    zip_error_t error;
    FILE *f = NULL;
    int dup_fd = -1;
    zip_error_init(&error);
    if (fstat(fd, &sb) != 0) {
        sah_log("%s: cannot read: %s", path, strerror(errno));
        *status = SAH_EPUB_ERR_IO;
        goto fail;
    }
    if ((uint64_t)sb.st_size > SAH_EPUB_MAX_FILE_BYTES) {
        sah_log("%s: too large (%llu bytes; the limit is %llu)", path,
                (unsigned long long)sb.st_size, (unsigned long long)SAH_EPUB_MAX_FILE_BYTES);
        *status = SAH_EPUB_ERR_TOO_LARGE;
        goto fail;
    }
    errno = 0;
    if ((*status = check_end_records(fd, (uint64_t)sb.st_size, path)) != SAH_EPUB_OK)
        goto fail;
    *status = SAH_EPUB_ERR_NOMEM;
    if (!(z = calloc(1, sizeof *z)) || !(z->path = strdup(path)))
        goto fail;
    /* libzip reads through a stdio stream of its own, closed with it. */
    if ((dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0 || !(f = fdopen(dup_fd, "rb"))) {
        sah_log("%s: cannot read: %s", path, strerror(errno));
        *status = SAH_EPUB_ERR_IO;
        goto fail;
    }
    dup_fd = -1;
    if (!(src = zip_source_filep_create(f, 0, -1, &error)))
        goto fail;
    f = NULL;
    if (!(z->za = zip_open_from_source(src, ZIP_RDONLY, &error))) {
        int code = zip_error_code_zip(&error);
        sah_log("%s: %s", path,
                code == ZIP_ER_NOZIP ? "not a zip archive (an EPUB is one)"
                                     : zip_error_strerror(&error));
        *status = code == ZIP_ER_MEMORY  ? SAH_EPUB_ERR_NOMEM
                  : code == ZIP_ER_NOZIP ? SAH_EPUB_ERR_NOT_ZIP
                  : code == ZIP_ER_READ  ? SAH_EPUB_ERR_IO
                                         : SAH_EPUB_ERR_CORRUPT;
        zip_source_free(src);
        goto fail;
    }
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    if (n < 0 || n > SAH_EPUB_MAX_ENTRIES) {
        sah_log("%s: more than " SAH_STR(SAH_EPUB_MAX_ENTRIES) " zip entries: refused", path);
        *status = SAH_EPUB_ERR_TOO_LARGE;
        goto fail;
    }
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; i++)
        if ((*status = check_entry(z->za, (zip_uint64_t)i, path, &total)) != SAH_EPUB_OK)
            goto fail;
    zip_error_fini(&error);
    *status = SAH_EPUB_OK;
    return z;
fail:
    if (*status == SAH_EPUB_ERR_NOMEM)
        sah_log("%s: out of memory", path);
    if (f)
        fclose(f);
    if (dup_fd >= 0)
        close(dup_fd);
    zip_error_fini(&error);
    sah_epub_zip_free(z);
    return NULL;
}

void sah_epub_zip_free(sah_epub_zip_t *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za);
    free(z->path);
    free(z);
}

bool sah_epub_zip_has(sah_epub_zip_t *z, const char *name)
{
    return zip_name_locate(z->za, name, 0) >= 0;
}

bool sah_epub_zip_sizes(sah_epub_zip_t *z, const char *name, uint64_t *inflated, uint64_t *stored)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z->za, name, 0, &st) != 0)
        return false;
    *inflated = st.size;
    *stored = st.comp_size;
    return true;
}

bool sah_epub_zip_crc(sah_epub_zip_t *z, const char *name, uint32_t *crc)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z->za, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_CRC))
        return false;
    *crc = st.crc;
    return true;
}

/* One line for a failed read of @name, and its status. */
static sah_epub_status_t read_failed(const sah_epub_zip_t *z, const char *name, int code,
                                     const char *why)
{
    sah_log("%s: %s: %s", z->path, name, why);
    return code == ZIP_ER_MEMORY        ? SAH_EPUB_ERR_NOMEM
           : code == ZIP_ER_ENCRNOTSUPP ? SAH_EPUB_ERR_ENCRYPTED
           : code == ZIP_ER_READ        ? SAH_EPUB_ERR_IO
                                        : SAH_EPUB_ERR_CORRUPT;
}

sah_epub_status_t sah_epub_zip_read(sah_epub_zip_t *z, const char *name, size_t max, char **bytes,
                                    size_t *n)
{
    zip_stat_t st;
    *bytes = NULL;
    *n = 0;
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    if (idx < 0)
        return SAH_EPUB_ERR_MISSING;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return read_failed(z, name, ZIP_ER_INCONS, "cannot be read from the zip directory");
    uint64_t cap = max < SAH_EPUB_MAX_ENTRY_BYTES ? max : SAH_EPUB_MAX_ENTRY_BYTES;
    if (st.size > cap) {
        sah_log("%s: %s: too large (%llu bytes; the limit is %llu)", z->path, name,
                (unsigned long long)st.size, (unsigned long long)cap);
        return SAH_EPUB_ERR_TOO_LARGE;
    }
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f) {
        zip_error_t *e = zip_get_error(z->za);
        return read_failed(z, name, zip_error_code_zip(e), zip_error_strerror(e));
    }
    /* One byte more than stated: an entry inflating past its size is
     * caught after one byte, not after the gigabyte it holds. */
    size_t want = (size_t)st.size + 1, got = 0;
    char *buf = malloc(want);
    sah_epub_status_t status = SAH_EPUB_OK;
    if (!buf) {
        status = read_failed(z, name, ZIP_ER_MEMORY, "out of memory");
        goto out;
    }
    while (got < want) {
        zip_int64_t r = zip_fread(f, buf + got, want - got);
        if (r < 0) {
            zip_error_t *e = zip_file_get_error(f);
            status = read_failed(z, name, zip_error_code_zip(e), zip_error_strerror(e));
            goto out;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    if (got != st.size) {
        status = read_failed(z, name, ZIP_ER_INCONS,
                             got > st.size ? "inflates past the size its zip directory states"
                                           : "shorter than the size its zip directory states");
        goto out;
    }
    buf[got] = 0;
    *bytes = buf;
    *n = got;
    buf = NULL;
out:
    free(buf);
    zip_fclose(f);
    return status;
}
