/*
 * fuzz-store.c - the store's open path on arbitrary database bytes: SQLite
 * reading the file, integrity_check, the schema version, the migrations, a
 * corrupt file moved aside, the fallback to memory (sah_store_open()).
 *
 * Each input is written as sahifa.sqlite into an empty temporary state
 * folder (made once, on tmpfs when there is one, emptied after every input,
 * removed at exit) and opened with a fixed clock, so that the name a corrupt
 * file is moved to is known. Checked (store.h's promises, on a disk that can
 * be written and has room):
 *  - the open returns a store, never LOCKED (no other sahifa runs);
 *  - RECOVERED: the input is kept as "<file>.corrupt-<UTC time>", byte for
 *    byte, the notice names it, and a fresh, empty store is in its place;
 *  - MEMORY_ONLY: only for a store from a newer sahifa (the header's
 *    user_version > SAH_STORE_SCHEMA_VERSION), and the file is left as it
 *    was, byte for byte;
 *  - ON_DISK: nothing is moved aside;
 *  - whatever the status, the store is usable: its bookmarks list and export
 *    (one line per bookmark), a new bookmark is added (or found already
 *    there) and listed with its snippet, a position and a setting read back;
 *  - what a store on disk leaves behind opens again on disk.
 *
 * An input holding WAL_SEP is a database and its write-ahead log: the bytes
 * before it are written as sahifa.sqlite, those after it as sahifa.sqlite-wal
 * (a reader's card pulled out while the app ran leaves both). The WAL's
 * frames, when SQLite finds them valid, are part of the database; a corrupt
 * file's WAL is kept beside it byte for byte, and a newer sahifa's is left
 * as it was. SQLite itself, on a copy, says which schema version the pair
 * holds. Inputs without the separator are a database alone, as before.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "app/store/store.h"

#define HASH "f022bead" /* the article the checks write to */
#define NOW  1700000000 /* 2023-11-14T22:13:20Z */

#define WAL_SEP "\nSAHIFA-WAL\n" /* in fuzz/store.dict too */

static char dir[4096], db[4200], db_wal[4300], corrupt[4300], corrupt_wal[4400], oracle[4200],
    oracle_wal[4300], oracle_shm[4300];

static int64_t clock_s(void *user)
{
    (void)user;
    return NOW;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_tmpdir("store", true, dir, sizeof dir);
    snprintf(db, sizeof db, "%s/" SAH_STORE_FILENAME, dir);
    snprintf(db_wal, sizeof db_wal, "%s-wal", db);
    snprintf(corrupt, sizeof corrupt, "%s.corrupt-20231114T221320Z", db);
    snprintf(corrupt_wal, sizeof corrupt_wal, "%s-wal", corrupt);
    snprintf(oracle, sizeof oracle, "%s/oracle.sqlite", dir);
    snprintf(oracle_wal, sizeof oracle_wal, "%s-wal", oracle);
    snprintf(oracle_shm, sizeof oracle_shm, "%s-shm", oracle);
    return 0;
}

/* True if @path holds exactly @size bytes of @data. */
static bool same_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    uint8_t *buf = malloc(size + 1);
    FUZZ_CHECK(buf != NULL);
    size_t n = fread(buf, 1, size + 1, f);
    fclose(f);
    bool same = n == size && !memcmp(buf, data, size);
    free(buf);
    return same;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* The schema version in a database header (bytes 60-63, big-endian), as
 * PRAGMA user_version reads it; 0 for a file too short to have one. */
static int32_t header_version(const uint8_t *data, size_t size)
{
    if (size < 100 || memcmp(data, "SQLite format 3", 16) != 0)
        return 0;
    return (int32_t)((uint32_t)data[60] << 24 | (uint32_t)data[61] << 16 | (uint32_t)data[62] << 8 |
                     data[63]);
}

/* The first WAL_SEP in @data, or NULL (memmem() is a GNU extension). */
static const uint8_t *find_sep(const uint8_t *data, size_t size)
{
    const size_t k = sizeof WAL_SEP - 1;
    for (size_t i = 0; i + k <= size; i++)
        if (data[i] == '\n' && !memcmp(data + i, WAL_SEP, k))
            return data + i;
    return NULL;
}

/* The schema version of a database with its WAL as SQLite reads it (the
 * WAL may hold a newer page 1), on a copy so that the input stays as it
 * is; -1 when SQLite cannot read it. */
static int64_t sqlite_version(const uint8_t *data, size_t size, const uint8_t *wal, size_t wal_size)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    int64_t v = -1;
    fuzz_write_file(oracle, data, size);
    fuzz_write_file(oracle_wal, wal, wal_size);
    if (sqlite3_open_v2(oracle, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    unlink(oracle);
    unlink(oracle_wal);
    unlink(oracle_shm);
    return v;
}

/* Lists and exports every bookmark; returns how many there are. */
static size_t check_list_export(sah_store_t *st)
{
    sah_store_bookmark_t *list = NULL;
    size_t n = 0, count = 0, len = 0, lines = 0;
    char *buf = NULL;
    FUZZ_CHECK(sah_store_list_bookmarks(st, NULL, &list, &n) == SAH_STORE_OK);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(list[i].hash && list[i].snippet);
    sah_store_bookmarks_free(list, n);
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(sah_store_export_bookmarks(st, f, &count) == SAH_STORE_OK && count == n);
    FUZZ_CHECK(fclose(f) == 0);
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    FUZZ_CHECK(lines == n + 1); /* the header, then one line each */
    free(buf);
    return n;
}

/* A bookmark, a position and a setting, each written and read back. */
static void check_usable(sah_store_t *st)
{
    int64_t id = 0;
    sah_store_err_t e = sah_store_add_bookmark(st, HASH, 7, "مقتطف", NULL, &id);
    FUZZ_CHECK(e == SAH_STORE_OK || e == SAH_STORE_ERR_EXISTS);
    FUZZ_CHECK(id > 0);
    sah_store_bookmark_t *list = NULL;
    size_t n = 0;
    bool found = false;
    FUZZ_CHECK(sah_store_list_bookmarks(st, HASH, &list, &n) == SAH_STORE_OK);
    for (size_t i = 0; i < n; i++)
        found |= list[i].id == id && list[i].offset == 7 &&
                 (e != SAH_STORE_OK || !strcmp(list[i].snippet, "مقتطف"));
    sah_store_bookmarks_free(list, n);
    FUZZ_CHECK(found);

    sah_store_position_t pos = {.offset = 1234, .page_no = 5}, got = {0};
    FUZZ_CHECK(sah_store_set_position(st, HASH, &pos) == SAH_STORE_OK);
    FUZZ_CHECK(sah_store_flush(st) == SAH_STORE_OK);
    FUZZ_CHECK(sah_store_get_position(st, HASH, &got) == SAH_STORE_OK);
    FUZZ_CHECK(got.offset == 1234 && got.page_no == 5 && !got.finished);

    FUZZ_CHECK(sah_store_set_setting(st, "theme", "sepia") == SAH_STORE_OK);
    char *theme = sah_store_get_setting(st, "theme");
    FUZZ_CHECK(theme && !strcmp(theme, "sepia"));
    free(theme);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sah_store_options_t o = {.wall_s = clock_s, .coalesce_ms = -1};
    const uint8_t *sep = find_sep(data, size), *wal = NULL;
    size_t wal_size = 0;
    if (sep) {
        wal = sep + sizeof WAL_SEP - 1;
        wal_size = size - (size_t)(wal - data);
        size = (size_t)(sep - data);
        fuzz_write_file(db_wal, wal, wal_size);
    }
    fuzz_write_file(db, data, size);
    sah_store_t *st = sah_store_open(db, &o);
    FUZZ_CHECK(st != NULL);
    sah_store_status_t status = sah_store_status(st);
    FUZZ_CHECK(status == SAH_STORE_ON_DISK || status == SAH_STORE_RECOVERED ||
               status == SAH_STORE_MEMORY_ONLY);
    if (status == SAH_STORE_RECOVERED) {
        const char *kept = sah_store_corrupt_path(st);
        FUZZ_CHECK(kept && !strcmp(kept, corrupt));
        FUZZ_CHECK(same_file(kept, data, size));
        FUZZ_CHECK(!wal || same_file(corrupt_wal, wal, wal_size));
        FUZZ_CHECK(sah_store_notice(st) && strstr(sah_store_notice(st), kept));
        FUZZ_CHECK(check_list_export(st) == 0);
    } else {
        FUZZ_CHECK(!sah_store_corrupt_path(st) && !exists(corrupt));
        FUZZ_CHECK((status == SAH_STORE_ON_DISK) == !sah_store_notice(st));
        check_list_export(st);
    }
    if (status == SAH_STORE_MEMORY_ONLY)
        FUZZ_CHECK((wal ? sqlite_version(data, size, wal, wal_size) : header_version(data, size)) >
                   SAH_STORE_SCHEMA_VERSION);
    check_usable(st);
    check_list_export(st);
    sah_store_free(st);

    if (status == SAH_STORE_MEMORY_ONLY) {
        FUZZ_CHECK(same_file(db, data, size));
        FUZZ_CHECK(!wal || same_file(db_wal, wal, wal_size));
    } else {
        /* What the store wrote passes its own check the next time. */
        st = sah_store_open(db, &o);
        FUZZ_CHECK(st && sah_store_status(st) == SAH_STORE_ON_DISK);
        check_list_export(st);
        sah_store_free(st);
    }
    fuzz_empty_dir(dir);
    return 0;
}
