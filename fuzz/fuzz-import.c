/*
 * fuzz-import.c - the bookmarks import on arbitrary bytes: line reading with
 * the 64 KiB cap, JSON through jansson, the header, the record checks, the
 * one transaction (docs/bookmarks-format.md, sah_store_import_bookmarks()).
 *
 * Each input is written as an import file and imported into a fresh store
 * on disk, in a temporary folder (made once, on tmpfs when there is one,
 * emptied after every input, removed at exit). Checked (store.h's and the
 * format's promises):
 *  - the import succeeds, or refuses the whole file (SAH_STORE_ERR_FORMAT)
 *    with a report of zeros and nothing imported: a bad line is skipped and
 *    counted, never an error on a healthy disk;
 *  - the fresh store holds report.added bookmarks; added + skipped +
 *    rejected is at most the number of lines that are not blank, and a line
 *    holding a NUL byte (never JSON) is rejected and counted;
 *  - the bookmarks are listed by article then offset and within the store's
 *    limits (hash of 1-128 lowercase hex digits, offset >= 0, snippet <= 1024
 *    bytes, note and title <= 4096);
 *  - SQLite's integrity_check (the store's check on opening) passes on the
 *    closed file, and its foreign_key_check finds no broken reference;
 *  - importing the same bytes again adds nothing: what was added or skipped
 *    is skipped, what was rejected is rejected, the bookmarks are the same;
 *  - the export imports into another fresh store to the same bookmarks, and
 *    that store's export is byte-identical.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "app/store/store.h"

static char dir[4096], input[4200], path_a[4200], path_b[4200];

static int64_t clock_s(void *user)
{
    (void)user;
    return 1700000000; /* "created" of a record without one: the same twice */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_tmpdir("import", true, dir, sizeof dir);
    snprintf(input, sizeof input, "%s/in.jsonl", dir);
    snprintf(path_a, sizeof path_a, "%s/a.sqlite", dir);
    snprintf(path_b, sizeof path_b, "%s/b.sqlite", dir);
    return 0;
}

static sah_store_t *open_store(const char *path)
{
    sah_store_options_t o = {.wall_s = clock_s};
    sah_store_t *st = sah_store_open(path, &o);
    FUZZ_CHECK(st != NULL);
    FUZZ_CHECK(sah_store_status(st) == SAH_STORE_ON_DISK);
    return st;
}

static sah_store_err_t import_file(sah_store_t *st, FILE *in, sah_store_import_report_t *rep)
{
    FUZZ_CHECK(in != NULL);
    sah_store_err_t e = sah_store_import_bookmarks(st, in, "fuzz.jsonl", rep);
    fclose(in);
    return e;
}

static void check_list(const sah_store_bookmark_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t h = strlen(b[i].hash);
        FUZZ_CHECK(h >= 1 && h <= SAH_STORE_HASH_MAX && strspn(b[i].hash, "0123456789abcdef") == h);
        FUZZ_CHECK(b[i].offset >= 0);
        FUZZ_CHECK(b[i].snippet && strlen(b[i].snippet) <= SAH_STORE_SNIPPET_MAX);
        FUZZ_CHECK(!b[i].note || strlen(b[i].note) <= SAH_STORE_TEXT_MAX);
        FUZZ_CHECK(!b[i].title || strlen(b[i].title) <= SAH_STORE_TEXT_MAX);
        if (i > 0) {
            int c = strcmp(b[i - 1].hash, b[i].hash);
            FUZZ_CHECK(c < 0 || (c == 0 && b[i - 1].offset < b[i].offset));
        }
    }
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Same bookmarks, ids aside (two stores number them each their own way). */
static bool same_list(const sah_store_bookmark_t *a, size_t na, const sah_store_bookmark_t *b,
                      size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!same_str(a[i].hash, b[i].hash) || !same_str(a[i].title, b[i].title) ||
            a[i].offset != b[i].offset || !same_str(a[i].snippet, b[i].snippet) ||
            !same_str(a[i].note, b[i].note) || a[i].created != b[i].created)
            return false;
    return true;
}

/* The export as bytes: (transfer full), free() it. */
static char *export_all(sah_store_t *st, size_t n, size_t *len)
{
    char *buf = NULL;
    size_t count = 0;
    FILE *f = open_memstream(&buf, len);
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(sah_store_export_bookmarks(st, f, &count) == SAH_STORE_OK && count == n);
    FUZZ_CHECK(fclose(f) == 0);
    return buf;
}

/* What SQLite itself says of the closed file: "ok", and no dangling
 * reference (foreign_key_check returns no row). */
static void check_file(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    FUZZ_CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    FUZZ_CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK);
    FUZZ_CHECK(sqlite3_step(s) == SQLITE_ROW &&
               !strcmp((const char *)sqlite3_column_text(s, 0), "ok"));
    sqlite3_finalize(s);
    FUZZ_CHECK(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK);
    FUZZ_CHECK(sqlite3_step(s) == SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* Lines as the import reads them ('\n' ends one; a last one may lack it):
 * @nonblank counts those with a byte other than space, tab, CR or LF,
 * @with_nul those with a NUL byte. */
static void count_lines(const uint8_t *data, size_t size, size_t *nonblank, size_t *with_nul)
{
    size_t start = 0;
    *nonblank = *with_nul = 0;
    while (start < size) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - data) + 1 : size;
        bool blank = true, nul = false;
        for (size_t i = start; i < end; i++) {
            blank &= data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n';
            nul |= data[i] == 0;
        }
        *nonblank += !blank;
        *with_nul += nul;
        start = end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sah_store_import_report_t rep = {0}, rep2 = {0}, rep3 = {0};
    sah_store_bookmark_t *la = NULL, *l2 = NULL, *lb = NULL;
    size_t na = 0, n2 = 0, nb = 0, nonblank, with_nul, len_a = 0, len_b = 0;
    fuzz_write_file(input, data, size);
    count_lines(data, size, &nonblank, &with_nul);

    /* First import, into a fresh store. */
    sah_store_t *st = open_store(path_a);
    sah_store_err_t e = import_file(st, fopen(input, "rb"), &rep);
    FUZZ_CHECK(e == SAH_STORE_OK || e == SAH_STORE_ERR_FORMAT);
    FUZZ_CHECK(sah_store_list_bookmarks(st, NULL, &la, &na) == SAH_STORE_OK);
    check_list(la, na);
    if (e == SAH_STORE_ERR_FORMAT) {
        FUZZ_CHECK(rep.added == 0 && rep.skipped == 0 && rep.rejected == 0 && na == 0);
        sah_store_free(st);
        check_file(path_a);
        goto out;
    }
    FUZZ_CHECK(na == rep.added);
    FUZZ_CHECK(rep.added + rep.skipped + rep.rejected <= nonblank);
    FUZZ_CHECK(rep.rejected >= with_nul);
    char *exported = export_all(st, na, &len_a);

    /* Imported again. (Not after a reopen: check_file() runs the same
     * integrity_check as an open, at a third of the cost.) */
    FUZZ_CHECK(import_file(st, fopen(input, "rb"), &rep2) == SAH_STORE_OK);
    FUZZ_CHECK(rep2.added == 0 && rep2.skipped == rep.added + rep.skipped &&
               rep2.rejected == rep.rejected);
    FUZZ_CHECK(sah_store_list_bookmarks(st, NULL, &l2, &n2) == SAH_STORE_OK);
    FUZZ_CHECK(same_list(la, na, l2, n2));
    sah_store_free(st);
    check_file(path_a);

    /* The export, into another fresh store. */
    st = open_store(path_b);
    FUZZ_CHECK(import_file(st, fmemopen(exported, len_a, "rb"), &rep3) == SAH_STORE_OK);
    FUZZ_CHECK(rep3.added == na && rep3.skipped == 0 && rep3.rejected == 0);
    FUZZ_CHECK(sah_store_list_bookmarks(st, NULL, &lb, &nb) == SAH_STORE_OK);
    FUZZ_CHECK(same_list(la, na, lb, nb));
    char *again = export_all(st, nb, &len_b);
    FUZZ_CHECK(len_a == len_b && !memcmp(exported, again, len_a));
    sah_store_free(st);
    free(again);
    free(exported);
out:
    sah_store_bookmarks_free(la, na);
    sah_store_bookmarks_free(l2, n2);
    sah_store_bookmarks_free(lb, nb);
    fuzz_empty_dir(dir);
    return 0;
}
