/*
 * sqlq.c - the tests' own look at a store file: `sqlq DB SQL` prints the
 * rows of SQL, columns joined by '|', one row a line (NULL as empty).
 * Through SQLite itself, not through sahifa, so that a shell test checks
 * what is on the disk, not what sahifa says it wrote. Exit 1 (one line on
 * stderr) when the file cannot be opened or the statement fails.
 *
 * The file is opened read-write, as the next sahifa would open it: a WAL
 * left by a killed writer is replayed (SQLite's recovery), and whatever
 * that recovery keeps is what the reader gets back.
 */
#include <sqlite3.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int rc, status = 1;
    if (argc != 3) {
        fprintf(stderr, "usage: sqlq DB SQL\n");
        return 2;
    }
    rc = sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        rc = sqlite3_prepare_v2(db, argv[2], -1, &s, NULL);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const unsigned char *t = sqlite3_column_text(s, i);
            printf("%s%s", i ? "|" : "", t ? (const char *)t : "");
        }
        putchar('\n');
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        status = 0;
    else
        fprintf(stderr, "sqlq: %s: %s\n", argv[1], db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return status;
}
