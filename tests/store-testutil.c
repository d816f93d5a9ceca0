/* store-testutil.c - see store-testutil.h. */
/* nftw() is XSI. */
#define _XOPEN_SOURCE 700
#include "store-testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ftw.h>
#include <sqlite3.h>

int tu_failures;

static void *must(void *p)
{
    if (!p)
        abort();
    return p;
}

char *tu_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = must(malloc(n));
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *tu_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/sahifa-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return must(strdup(tmpl));
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rmdir(const char *dir)
{
    if (dir)
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

unsigned char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0, got;
    *len = 0;
    if (!f)
        return NULL;
    do {
        if (n == cap)
            buf = must(realloc(buf, (cap = cap ? cap * 2 : 65536) + 1));
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    if (!buf)
        buf = must(malloc(1));
    *len = n;
    return buf;
}

bool tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

bool tu_copy_file(const char *from, const char *to)
{
    size_t n;
    unsigned char *d = tu_read_file(from, &n);
    if (!d)
        return false;
    bool ok = tu_write_file(to, d, n);
    free(d);
    return ok;
}

bool tu_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

bool tu_copy_store(const char *from, const char *to)
{
    char a[4096], b[4096];
    bool ok = tu_copy_file(from, to);
    snprintf(a, sizeof a, "%s-wal", from);
    snprintf(b, sizeof b, "%s-wal", to);
    unlink(b);
    if (tu_exists(a))
        ok = ok && tu_copy_file(a, b);
    snprintf(b, sizeof b, "%s-shm", to);
    unlink(b);
    return ok;
}

/* The oracle opens on "unix", SQLite's own VFS, never the fault VFS. */
static sqlite3 *oracle_open(const char *db, bool rw)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(db, &h,
                        rw ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY,
                        "unix") != SQLITE_OK) {
        fprintf(stderr, "oracle: cannot open %s: %s\n", db, h ? sqlite3_errmsg(h) : "?");
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 5000);
    return h;
}

bool tu_integrity_ok(const char *db)
{
    sqlite3 *h = oracle_open(db, false);
    sqlite3_stmt *s = NULL;
    bool ok = false;
    if (!h)
        return false;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        ok = t && strcmp(t, "ok") == 0;
        if (!ok)
            fprintf(stderr, "oracle: %s: integrity_check: %s\n", db, t ? t : "(null)");
    } else {
        fprintf(stderr, "oracle: %s: integrity_check: %s\n", db, sqlite3_errmsg(h));
    }
    sqlite3_finalize(s);
    sqlite3_close(h);
    return ok;
}

int64_t tu_int(const char *db, const char *sql, int64_t fallback)
{
    return tu_int_attached(db, NULL, sql, fallback);
}

int64_t tu_int_attached(const char *db, const char *other, const char *sql, int64_t fallback)
{
    sqlite3 *h = oracle_open(db, false);
    sqlite3_stmt *s = NULL;
    int64_t v = fallback;
    if (!h)
        return fallback;
    if (other) {
        char *att = sqlite3_mprintf("ATTACH %Q AS other", other);
        int rc = sqlite3_exec(h, att, NULL, NULL, NULL);
        sqlite3_free(att);
        if (rc != SQLITE_OK) {
            sqlite3_close(h);
            return fallback;
        }
    }
    if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_type(s, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

bool tu_exec(const char *db, const char *sql)
{
    sqlite3 *h = oracle_open(db, true);
    char *err = NULL;
    if (!h)
        return false;
    bool ok = sqlite3_exec(h, sql, NULL, NULL, &err) == SQLITE_OK;
    if (!ok)
        fprintf(stderr, "oracle: %s: %s\n", db, err ? err : "?");
    sqlite3_free(err);
    sqlite3_close(h);
    return ok;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        *buf = must(realloc(*buf, *cap));
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

char *tu_dump(const char *db)
{
    /* quote() renders every value unambiguously (NULL vs '' vs 0). */
    static const char *const queries[] = {
        "SELECT 'v', quote(user_version) FROM pragma_user_version",
        "SELECT 'a', quote(hash), quote(path), quote(title) FROM articles ORDER BY hash",
        "SELECT 'p', quote(hash), quote(byte_offset), quote(page_w), quote(page_h), "
        "quote(font_px), quote(page_no), quote(last_read), quote(finished) FROM positions "
        "ORDER BY hash",
        "SELECT 'b', quote(id), quote(hash), quote(byte_offset), quote(snippet), quote(note), "
        "quote(created) FROM bookmarks ORDER BY id",
        "SELECT 's', quote(key), quote(value) FROM settings ORDER BY key",
    };
    sqlite3 *h = oracle_open(db, false);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "");
    if (!h) {
        append(&buf, &len, &cap, "(cannot open)");
        return buf;
    }
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(h, queries[q], -1, &s, NULL) != SQLITE_OK) {
            append(&buf, &len, &cap, "(no table)\n");
            continue;
        }
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                const char *t = (const char *)sqlite3_column_text(s, c);
                append(&buf, &len, &cap, t ? t : "?");
                append(&buf, &len, &cap, c + 1 < sqlite3_column_count(s) ? "|" : "\n");
            }
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    return buf;
}

uint64_t tu_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
