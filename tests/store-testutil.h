/*
 * store-testutil.h - what the store tests use to look at the database
 * without going through the store: a separate SQLite connection on SQLite's
 * default VFS, reading the file as any other program would (the oracle), and
 * small file helpers. Test code: aborts on OOM and on setup failures.
 */
#ifndef SAH_STORE_TESTUTIL_H
#define SAH_STORE_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fails the test with a message naming the source line (on stdout, so that
 * the store's own log lines on stderr can be set aside), and counts. */
extern int tu_failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            tu_failures++;                                                                         \
            printf("%s:%d: FAIL %s: ", __FILE__, __LINE__, #cond);                                 \
            printf(__VA_ARGS__);                                                                   \
            putchar('\n');                                                                         \
        }                                                                                          \
    } while (0)

/* A new empty directory under $TMPDIR (or /tmp); (transfer full). */
char *tu_tmpdir(const char *tag);
/* rm -r of what tu_tmpdir() made. */
void tu_rmdir(const char *dir);
/* "<dir>/<name>": (transfer full). */
char *tu_join(const char *dir, const char *name);

/* Whole file into memory ((transfer full), NULL if absent); *len set. */
unsigned char *tu_read_file(const char *path, size_t *len);
bool tu_write_file(const char *path, const void *data, size_t len);
bool tu_copy_file(const char *from, const char *to);
bool tu_exists(const char *path);
/* Copies a closed store (its -wal too, if any); removes @to's -wal/-shm. */
bool tu_copy_store(const char *from, const char *to);

/* Oracle queries (own connection, default VFS, read only). */
/* "ok" from PRAGMA integrity_check, else false (the first problem is logged). */
bool tu_integrity_ok(const char *db);
/* First column of the first row as an integer; @fallback if no row / error. */
int64_t tu_int(const char *db, const char *sql, int64_t fallback);
/* The same with @other attached as "other". */
int64_t tu_int_attached(const char *db, const char *other, const char *sql, int64_t fallback);
/* Every row of every table of ours as text, in a fixed order: two dumps are
 * equal iff the stored data is. (transfer full). */
char *tu_dump(const char *db);
/* Runs SQL (read-write) on the file with its own connection; false on error. */
bool tu_exec(const char *db, const char *sql);

/* A seeded random stream (splitmix64). */
uint64_t tu_rand(uint64_t *state);

#endif
