/* jsonl.c - bookmarks exported and imported as JSON Lines
 * (docs/bookmarks-format.md). */
#include "app/store/store-db.h"
#include "platform/log.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/isodate.h"

/*
 * JSON through jansson (libjansson-dev) rather than json-c: jansson refuses
 * invalid UTF-8 and \u0000 both when it parses and when it builds a string
 * (so a file we write is always one we can read back), can reject duplicate
 * keys, keeps keys in insertion order in output, and its API is small and
 * documented with ownership for every call (json_decref / "new reference").
 */

#define FORMAT_NAME    "sahifa-bookmarks"
#define FORMAT_VERSION 1

/* Writes one JSON value as a line; false on a write error. */
static bool put_line(FILE *out, json_t *obj)
{
    bool ok = obj && json_dumpf(obj, out, JSON_COMPACT) == 0 && fputc('\n', out) != EOF;
    json_decref(obj);
    return ok;
}

/* The length of the valid UTF-8 sequence at @s (1-4), 0 if there is none:
 * jansson's rules (no overlong form, surrogate or code point past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || len > n || s[0] > 0xF4)
        return 0;
    uint32_t cp = s[0] & (0x3Fu >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    return cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : len;
}

/* A JSON string of @s (NULL gives NULL). What the store writes is valid
 * UTF-8 (store_text_ok(), the import), but a file damaged where the integrity
 * check cannot see (a flipped bit in a value) may hold bytes that are not,
 * and jansson refuses them: every such byte is then written as U+FFFD, so
 * that one damaged snippet costs its bad bytes, not the whole export. */
static json_t *json_text(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    if (j || !s)
        return j;
    size_t n = strlen(s), i = 0;
    char *fixed = malloc(3 * n + 1), *p = fixed;
    if (!fixed)
        return NULL;
    while (i < n) {
        size_t len = utf8_seq((const unsigned char *)s + i, n - i);
        memcpy(p, len ? s + i : "\xEF\xBF\xBD", len ? len : 3);
        p += len ? len : 3;
        i += len ? len : 1;
    }
    *p = 0;
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *bookmark_json(const sah_store_bookmark_t *b)
{
    char created[SAH_ISO_UTC_SIZE];
    sah_iso_utc_format(b->created, created);
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* _new variants steal the reference, and accept NULL values (they then
     * fail), so a NULL from json_string() is caught below. */
    int bad = json_object_set_new(o, "article", json_text(b->hash));
    if (b->title)
        bad |= json_object_set_new(o, "title", json_text(b->title));
    bad |= json_object_set_new(o, "offset", json_integer(b->offset));
    bad |= json_object_set_new(o, "snippet", json_text(b->snippet));
    if (b->note)
        bad |= json_object_set_new(o, "note", json_text(b->note));
    bad |= json_object_set_new(o, "created", json_string(created));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

sah_store_err_t sah_store_export_bookmarks(sah_store_t *st, FILE *out, size_t *count)
{
    sah_store_bookmark_t *list = NULL;
    size_t n = 0, i = 0;
    if (!st || !out)
        return SAH_STORE_ERR_INVALID;
    sah_store_err_t e = sah_store_list_bookmarks(st, NULL, &list, &n);
    if (e != SAH_STORE_OK)
        return e;
    e = SAH_STORE_ERR_IO;
    if (!put_line(out, json_pack("{s:s, s:i}", "format", FORMAT_NAME, "version", FORMAT_VERSION)))
        goto out;
    for (; i < n; i++)
        if (!put_line(out, bookmark_json(&list[i])))
            goto out;
    if (fflush(out) != 0 || ferror(out))
        goto out;
    e = SAH_STORE_OK;
out:
    if (e != SAH_STORE_OK) {
        int err = errno;
        if (err == ENOSPC || err == EDQUOT)
            e = SAH_STORE_ERR_FULL;
        store_log(st, "export: cannot write (%zu of %zu bookmarks written): %s", i, n,
                  strerror(err));
    }
    if (count)
        *count = e == SAH_STORE_OK ? n : 0;
    sah_store_bookmarks_free(list, n);
    return e;
}

/* Where an export to @path is written: beside the file it replaces (a
 * link's target, so that the link stays a link), or beside @path when it
 * does not exist yet. Returns: (transfer full) the file to rename onto, or
 * NULL when @path is not a regular file (a pipe, a terminal, /dev/stdout:
 * written in place, nothing to replace) or on an error (@*err). */
static char *export_target(const char *path, bool *in_place, int *err)
{
    struct stat sb;
    *in_place = false;
    *err = 0;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT) {
            *err = errno;
            return NULL;
        }
        /* A dangling link would be replaced by the file: refuse it. */
        if (lstat(path, &sb) == 0) {
            *err = ENOENT;
            return NULL;
        }
        char *t = strdup(path);
        *err = t ? 0 : ENOMEM;
        return t;
    }
    if (!S_ISREG(sb.st_mode)) {
        *in_place = true;
        return NULL;
    }
    char *t = realpath(path, NULL);
    *err = t ? 0 : errno;
    return t;
}

sah_store_err_t sah_store_export_bookmarks_file(sah_store_t *st, const char *path, size_t *count)
{
    bool in_place;
    int err, fd = -1;
    FILE *out = NULL;
    char *target = NULL, *tmp = NULL;
    sah_store_err_t e = SAH_STORE_ERR_IO;
    if (count)
        *count = 0;
    if (!st || !path || !*path)
        return SAH_STORE_ERR_INVALID;
    target = export_target(path, &in_place, &err);
    if (in_place) {
        /* A pipe or a terminal: there is no file to leave half-written. */
        out = fopen(path, "w");
        if (!out) {
            fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
            return SAH_STORE_ERR_IO;
        }
        e = sah_store_export_bookmarks(st, out, count);
        if (fclose(out) != 0 && e == SAH_STORE_OK)
            e = SAH_STORE_ERR_IO;
        return e;
    }
    if (!target) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(err));
        return err == ENOMEM ? SAH_STORE_ERR_NOMEM : SAH_STORE_ERR_IO;
    }
    /* Written beside the target and renamed onto it once complete and on
     * the disk: a full disk or a power cut half-way leaves the old file (or
     * none), never a part of the new one. */
    if (!(tmp = store_printf("%s.tmp-XXXXXX", target))) {
        e = SAH_STORE_ERR_NOMEM;
        goto out;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "sahifa: export %s: cannot create a file beside it: %s\n", path,
                strerror(errno));
        e = store_errno_err(errno);
        free(tmp);
        tmp = NULL;
        goto out;
    }
    /* mkstemp() makes it 0600; an export is meant to be handed around. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    if (!(out = fdopen(fd, "w"))) {
        close(fd);
        goto out;
    }
    e = sah_store_export_bookmarks(st, out, count);
    if (e == SAH_STORE_OK && fsync(fileno(out)) != 0) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = store_errno_err(errno);
    }
    if (fclose(out) != 0 && e == SAH_STORE_OK) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = store_errno_err(errno);
    }
    if (e == SAH_STORE_OK && rename(tmp, target) != 0) {
        fprintf(stderr, "sahifa: export %s: %s\n", path, strerror(errno));
        e = store_errno_err(errno);
    }
    if (e == SAH_STORE_OK)
        store_sync_dir(target);
out:
    if (tmp && e != SAH_STORE_OK)
        unlink(tmp);
    if (e != SAH_STORE_OK && count)
        *count = 0;
    free(tmp);
    free(target);
    return e;
}

/* Optional string member: absent or null -> NULL; false if present and not a
 * string or longer than @max. */
static bool opt_string(json_t *o, const char *key, size_t max, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v) || json_string_length(v) > max)
        return false;
    *out = json_string_value(v);
    return true;
}

typedef struct {
    char hash[SAH_STORE_HASH_MAX + 1];
    const char *title, *snippet, *note;
    int64_t offset, created;
} import_row_t;

/* Checks one record; returns the reason it is rejected, or NULL. */
static const char *parse_record(sah_store_t *st, json_t *o, import_row_t *r)
{
    json_t *v;
    const char *created;
    if (!json_is_object(o))
        return "not a JSON object";
    v = json_object_get(o, "article");
    if (!json_is_string(v) || !store_norm_hash(json_string_value(v), r->hash))
        return "\"article\" must be a hex content hash";
    v = json_object_get(o, "offset");
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > SAH_STORE_OFFSET_MAX)
        return "\"offset\" must be an integer from 0 to " SAH_STR(
            SAH_STORE_OFFSET_MAX) " (no article is longer)";
    r->offset = json_integer_value(v);
    if (!opt_string(o, "title", SAH_STORE_TEXT_MAX, &r->title))
        return "\"title\" must be a string";
    if (!opt_string(o, "snippet", SAH_STORE_SNIPPET_MAX, &r->snippet))
        return "\"snippet\" must be a string of at most 1024 bytes";
    if (!opt_string(o, "note", SAH_STORE_TEXT_MAX, &r->note))
        return "\"note\" must be a string";
    if (!opt_string(o, "created", 64, &created))
        return "\"created\" must be a string";
    r->created = store_now_s(st);
    if (created && !sah_iso_utc_parse(created, &r->created))
        return "\"created\" must look like 2025-01-31T12:00:00Z";
    return NULL;
}

/* Adds one record inside the open transaction; *added says if it was new. */
static int import_row(sah_store_t *st, const import_row_t *r, bool *added)
{
    sqlite3_stmt *s = st->st[ST_ART_IMPORT];
    sqlite3_bind_text(s, 1, r->hash, -1, SQLITE_TRANSIENT);
    sah_db_bind_text(s, 2, r->title);
    int rc = sah_db_exec_stmt(s);
    if (rc != SQLITE_OK)
        return rc;
    s = st->st[ST_BM_IMPORT];
    sqlite3_bind_text(s, 1, r->hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, r->offset);
    sqlite3_bind_text(s, 3, r->snippet ? r->snippet : "", -1, SQLITE_TRANSIENT);
    sah_db_bind_text(s, 4, r->note);
    sqlite3_bind_int64(s, 5, r->created);
    rc = sah_db_exec_stmt(s);
    *added = rc == SQLITE_OK && sqlite3_changes(st->db) > 0;
    return rc;
}

/* A header line: {"format":"sahifa-bookmarks","version":N}. Returns 1 for a
 * header we can read, 0 for a record, -1 for a header we must not read. */
static int check_header(json_t *o)
{
    json_t *f = json_object_get(o, "format");
    if (!f)
        return 0;
    json_t *v = json_object_get(o, "version");
    if (!json_is_string(f) || strcmp(json_string_value(f), FORMAT_NAME) != 0 ||
        !json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > FORMAT_VERSION)
        return -1;
    return 1;
}

/* Whether the @len bytes of @s are only spaces, tabs, CRs and LFs. By length,
 * not up to a NUL: a line holding a NUL byte is not blank but not JSON
 * either, so it must be rejected and counted (docs/bookmarks-format.md), not
 * skipped unseen (every line of a UTF-16BE file begins with one). */
static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* A line of an import file, at most @limit bytes kept (the rest of a
 * longer line is read and dropped, so one huge line costs no memory):
 * returns its length, -1 at the end of the file or when out of memory. */
static ssize_t read_line_bounded(FILE *in, char **buf, size_t *cap, size_t limit, bool *too_long)
{
    size_t n = 0;
    int c;
    *too_long = false;
    if (!*buf) {
        *cap = 256;
        if (!(*buf = malloc(*cap)))
            return -1;
    }
    while ((c = getc(in)) != EOF) {
        if (n < limit) {
            if (n + 2 > *cap) {
                size_t nc = *cap * 2;
                char *b = realloc(*buf, nc);
                if (!b)
                    return -1;
                *buf = b;
                *cap = nc;
            }
            (*buf)[n++] = (char)c;
        } else {
            *too_long = true;
        }
        if (c == '\n')
            break;
    }
    if (c == EOF && n == 0 && !*too_long)
        return -1;
    (*buf)[n] = 0;
    return (ssize_t)n;
}

sah_store_err_t sah_store_import_bookmarks(sah_store_t *st, FILE *in, const char *name,
                                           sah_store_import_report_t *report)
{
    sah_store_import_report_t rep = {0};
    sah_store_err_t e = SAH_STORE_OK;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc;
    if (!st || !in)
        return SAH_STORE_ERR_INVALID;
    if (!name)
        name = "(import)";
    if ((rc = sah_db_exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    bool too_long;
    while ((len = read_line_bounded(in, &line, &cap, SAH_STORE_MAX_IMPORT_LINE, &too_long)) >= 0) {
        json_error_t jerr;
        import_row_t row = {0};
        const char *why = NULL;
        bool added = false;
        lineno++;
        if (!too_long && blank(line, (size_t)len))
            continue;
        json_t *o = too_long ? NULL : json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
        if (too_long) {
            why = "line longer than " SAH_STR(SAH_STORE_MAX_IMPORT_LINE) " bytes";
        } else if (!o) {
            why = jerr.text;
        } else {
            int h = check_header(o);
            if (h < 0) {
                fprintf(stderr,
                        "sahifa: import %s:%zu: not a sahifa bookmarks file of "
                        "version <= %d\n",
                        name, lineno, FORMAT_VERSION);
                json_decref(o);
                e = SAH_STORE_ERR_FORMAT;
                goto out;
            }
            if (h == 0)
                why = parse_record(st, o, &row);
            if (h == 0 && !why) {
                rc = import_row(st, &row, &added);
                if (rc == SQLITE_OK) {
                    rep.added += added;
                    rep.skipped += !added;
                }
            }
        }
        if (why) {
            /* Not fatal: a hand-edited reading list with one typo still
             * imports the rest, and each bad line is named. */
            if (rep.rejected < 20)
                fprintf(stderr, "sahifa: import %s:%zu: skipped: %s\n", name, lineno, why);
            rep.rejected++;
        }
        json_decref(o);
        if (rc != SQLITE_OK)
            goto out;
    }
    if (ferror(in)) {
        fprintf(stderr, "sahifa: import %s: read error: %s\n", name, strerror(errno));
        e = SAH_STORE_ERR_IO;
        goto out;
    }
    if ((rc = sah_db_exec_stmt(st->st[ST_COMMIT])) == SQLITE_OK)
        store_saved(st);
out:
    free(line);
    if (rc != SQLITE_OK)
        e = store_fail(st, rc, "importing bookmarks");
    if (e != SAH_STORE_OK) {
        sah_db_rollback(st->db);
        memset(&rep, 0, sizeof rep);
    }
    if (report)
        *report = rep;
    return e;
}
