/*
 * test-store-crash.c - what store.h promises about crashes and power cuts.
 *
 *   test-store-crash kill N [SEED]      N times: a child writes positions and
 *       bookmarks in a loop and is SIGKILLed at a random moment.
 *   test-store-crash powercut N [SEED]  N times: the same writer runs in this
 *       process on the fault VFS, the power is cut at a random write, and
 *       the files are rewritten as a disk could hold them (what was fsync()ed
 *       plus an arbitrary subset of the sectors that were not).
 *
 * After each: the store opens normally (not "recovered"), SQLite's
 * integrity_check passes, every bookmark whose add returned OK is there
 * with its offset, and the position is one the writer wrote, no older than
 * the last flush that returned OK (a torn row would fail the check digits).
 * The writer reports what was acknowledged through a pipe, written after
 * the call returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store-faultvfs.h"
#include "store-testutil.h"
#include "app/store/store.h"

#define ARTICLE   "c0ffee00c0ffee00c0ffee00c0ffee00"
#define RUN_SPAN  1000000 /* offsets of run r are r * RUN_SPAN + seq */
#define MAX_STEPS 100000

static const char *const bm_articles[] = {"b00c", "b00d", "b00e"};

typedef struct {
    char type; /* 'P' about to set seq, 'F' flushed seq, 'B' bookmark (a=id, b=offset) */
    int64_t a, b;
} report_t;

/* Check digits: a row mixing two writes would not satisfy them. */
static sah_store_position_t position_for(int64_t offset)
{
    sah_store_position_t p = {0};
    p.offset = offset;
    p.page_no = (int32_t)(offset % 9973);
    p.page_w = (int32_t)((offset * 31) % 10007);
    p.page_h = 1024;
    p.font_px = 22;
    return p;
}

/* ---- the writer ------------------------------------------------------------ */

typedef struct {
    int64_t ms;
} writer_clock_t;

static int64_t writer_ms(void *u)
{
    /* Every page turn is one second later: with a 3 s interval, about one
     * turn in three is written by coalescing, the rest by the flushes. */
    return ((writer_clock_t *)u)->ms;
}

typedef void (*report_fn)(const report_t *r, void *u);

/* Runs the writer for run @run until @steps are done or the store stops
 * writing to disk; each acknowledgement goes to @report after the call
 * that made it durable has returned. */
static void writer(const char *path, const char *vfs, int64_t run, int steps, report_fn report,
                   void *u, bool (*stop)(void))
{
    writer_clock_t clk = {0};
    sah_store_options_t o = {0};
    o.monotonic_ms = writer_ms;
    o.user = &clk;
    o.coalesce_ms = 3000;
    o.vfs = vfs;
    sah_store_t *st = sah_store_open(path, &o);
    if (!st)
        return;
    /* In memory nothing is durable: acknowledge nothing. */
    bool disk = sah_store_status(st) == SAH_STORE_ON_DISK;
    for (int i = 1; i <= steps && !(stop && stop()); i++) {
        int64_t off = run * RUN_SPAN + i;
        sah_store_position_t p = position_for(off);
        report_t r = {'P', i, 0};
        clk.ms += 1000;
        report(&r, u);
        if (sah_store_set_position(st, ARTICLE, &p) != SAH_STORE_OK)
            continue;
        if (i % 4 == 0 && sah_store_flush(st) == SAH_STORE_OK && disk) {
            r = (report_t){'F', i, 0};
            report(&r, u);
        }
        if (i % 3 == 0) {
            int64_t id = 0;
            char snip[96];
            snprintf(snip, sizeof snip, "إشارة %d من الجولة %lld", i, (long long)run);
            if (sah_store_add_bookmark(st, bm_articles[i % 3], off, snip, NULL, &id) ==
                    SAH_STORE_OK &&
                disk) {
                r = (report_t){'B', id, off};
                report(&r, u);
            }
        }
    }
    sah_store_free(st);
}

/* ---- the checker ----------------------------------------------------------- */

typedef struct {
    int64_t id, offset;
} acked_t;

typedef struct {
    const char *path;
    acked_t *acked;
    size_t n_acked, cap_acked;
    size_t run_from; /* first ack of the current run */
    int64_t run, max_p, max_f;
    int64_t last_seen; /* position offset found at the previous check, -1 none */
    long checked_bookmarks, positions_checked, runs_with_acks, failures, ended_pending;
} checker_t;

static void on_report(const report_t *r, void *u)
{
    checker_t *c = u;
    if (r->type == 'P' && r->a > c->max_p)
        c->max_p = r->a;
    if (r->type == 'F' && r->a > c->max_f)
        c->max_f = r->a;
    if (r->type == 'B') {
        if (c->n_acked == c->cap_acked) {
            c->cap_acked = c->cap_acked ? c->cap_acked * 2 : 1024;
            c->acked = realloc(c->acked, c->cap_acked * sizeof *c->acked);
            if (!c->acked)
                abort();
        }
        c->acked[c->n_acked++] = (acked_t){r->a, r->b};
    }
}

static void start_run(checker_t *c, int64_t run)
{
    c->run = run;
    c->max_p = 0;
    c->max_f = 0;
    c->run_from = c->n_acked;
}

/* Is bookmark (@id, @offset) in the file? */
static bool has_bookmark(sqlite3_stmt *q, const acked_t *a)
{
    sqlite3_bind_int64(q, 1, a->id);
    sqlite3_bind_int64(q, 2, a->offset);
    bool found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    return found;
}

#define FAIL(c, ...)                                                                               \
    do {                                                                                           \
        (c)->failures++;                                                                           \
        printf("run %lld: ", (long long)(c)->run);                                                 \
        printf(__VA_ARGS__);                                                                       \
        putchar('\n');                                                                             \
    } while (0)

static void check(checker_t *c, bool all_bookmarks)
{
    sah_store_t *st = sah_store_open(c->path, NULL);
    if (!st || sah_store_status(st) != SAH_STORE_ON_DISK) {
        FAIL(c, "the store did not open normally: %s", st ? sah_store_notice(st) : "NULL");
        sah_store_free(st);
        return;
    }
    sah_store_free(st);
    if (!tu_integrity_ok(c->path))
        FAIL(c, "integrity_check failed");

    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL, *pq = NULL;
    if (sqlite3_open_v2(c->path, &db, SQLITE_OPEN_READONLY, "unix") != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT 1 FROM bookmarks WHERE id = ?1 AND byte_offset = ?2", -1, &q,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            db, "SELECT byte_offset, page_no, page_w FROM positions WHERE hash = '" ARTICLE "'", -1,
            &pq, NULL) != SQLITE_OK) {
        FAIL(c, "oracle cannot read: %s", sqlite3_errmsg(db));
        goto out;
    }
    for (size_t i = all_bookmarks ? 0 : c->run_from; i < c->n_acked; i++) {
        c->checked_bookmarks++;
        if (!has_bookmark(q, &c->acked[i]))
            FAIL(c, "acknowledged bookmark id %lld at %lld is missing", (long long)c->acked[i].id,
                 (long long)c->acked[i].offset);
    }
    if (c->n_acked > c->run_from)
        c->runs_with_acks++;

    int64_t off = -1;
    if (sqlite3_step(pq) == SQLITE_ROW) {
        off = sqlite3_column_int64(pq, 0);
        sah_store_position_t want = position_for(off);
        if (sqlite3_column_int(pq, 1) != want.page_no || sqlite3_column_int(pq, 2) != want.page_w)
            FAIL(c, "position %lld: its row mixes two writes", (long long)off);
    }
    c->positions_checked++;
    if (off / RUN_SPAN == c->run && off >= 0) {
        int64_t seq = off % RUN_SPAN;
        if (seq < c->max_f || seq > c->max_p)
            FAIL(c, "position seq %lld outside [last flushed %lld, last set %lld]", (long long)seq,
                 (long long)c->max_f, (long long)c->max_p);
        c->ended_pending += seq > c->max_f;
    } else if (off != c->last_seen) {
        FAIL(c, "position %lld is neither from this run nor the one seen before (%lld)",
             (long long)off, (long long)c->last_seen);
    } else if (c->max_f > 0) {
        FAIL(c, "flush of seq %lld returned OK but the position is the old %lld",
             (long long)c->max_f, (long long)off);
    }
    c->last_seen = off;
out:
    sqlite3_finalize(q);
    sqlite3_finalize(pq);
    sqlite3_close(db);
}

/* ---- kill mode -------------------------------------------------------------- */

static void pipe_report(const report_t *r, void *u)
{
    /* One write() of less than PIPE_BUF bytes: atomic, never torn by the kill. */
    if (write(*(int *)u, r, sizeof *r) != (ssize_t)sizeof *r)
        _exit(2);
}

static int run_kill(checker_t *c, long n, uint64_t seed)
{
    long kills = 0, before_open = 0;
    for (long it = 1; it <= n; it++) {
        int fds[2];
        if (pipe(fds) != 0)
            return 1;
        start_run(c, it);
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            close(fds[0]);
            writer(c->path, NULL, it, MAX_STEPS, pipe_report, &fds[1], NULL);
            _exit(0);
        }
        close(fds[1]);
        /* 0-20 ms covers the open (lock, integrity_check, recovery of the
         * previous child's WAL) and dozens of commits. */
        struct timespec d = {0, (long)(tu_rand(&seed) % 20000) * 1000};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            kills++;
        report_t r;
        ssize_t got;
        while ((got = read(fds[0], &r, sizeof r)) == (ssize_t)sizeof r)
            on_report(&r, c);
        close(fds[0]);
        if (c->max_p == 0)
            before_open++;
        check(c, it % 100 == 0 || it == n);
    }
    printf("kill: %ld SIGKILLs (%ld before the first page turn), ", kills, before_open);
    return kills == n ? 0 : 1;
}

/* ---- power-cut mode --------------------------------------------------------- */

static bool cut_stop(void)
{
    return sah_faultvfs_cut_happened();
}

static int run_powercut(checker_t *c, long n, uint64_t seed)
{
    long dropped = 0, cuts = 0;
    if (!sah_faultvfs_register())
        return 1;
    for (long it = 1; it <= n; it++) {
        start_run(c, it);
        sah_faultvfs_reset();
        sah_faultvfs_track(true);
        /* Writes per step are ~3 (WAL frames, fsync); cut somewhere in the
         * first ~40 steps. */
        sah_faultvfs_cut_after((int)(tu_rand(&seed) % 120) + 1);
        writer(c->path, SAH_FAULTVFS_NAME, it, 40, on_report, c, cut_stop);
        cuts += sah_faultvfs_cut_happened();
        /* sah_store_free() already ran: if the cut had not come yet, the
         * power goes now, after a clean close. */
        dropped += sah_faultvfs_power_cut(tu_rand(&seed));
        check(c, it % 100 == 0 || it == n);
    }
    printf("powercut: %ld cuts (%ld mid-session), %ld unsynced sectors dropped, ", n, cuts,
           dropped);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "kill") && strcmp(argv[1], "powercut"))) {
        fprintf(stderr, "usage: %s kill|powercut N [SEED]\n", argv[0]);
        return 2;
    }
    long n = atol(argv[2]);
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : (uint64_t)time(NULL);
    char *dir = tu_tmpdir("crash");
    char *path = tu_join(dir, "sahifa.sqlite");
    checker_t c = {.path = path, .last_seen = -1};
    struct timespec t0, t1;

    /* The store logs a line for each failed write and each WAL recovery:
     * expected here by the thousand, so they go to a file. */
    char *log = tu_join(dir, "store.log");
    if (!freopen(log, "w", stderr))
        return 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("seed %llu (replay: %s %s %ld %llu)\n", (unsigned long long)seed, argv[0], argv[1], n,
           (unsigned long long)seed);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = strcmp(argv[1], "kill") == 0 ? run_kill(&c, n, seed) : run_powercut(&c, n, seed);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%ld bookmarks checked (%zu acknowledged, %ld runs with new ones), %ld positions "
           "checked (%ld ended with page turns not yet flushed), %ld failures, %.1f s\n",
           c.checked_bookmarks, c.n_acked, c.runs_with_acks, c.positions_checked, c.ended_pending,
           c.failures, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (c.failures == 0 && rc == 0)
        tu_rmdir(dir);
    else
        printf("files kept in %s\n", dir);
    free(c.acked);
    free(log);
    free(path);
    free(dir);
    return c.failures || rc ? 1 : 0;
}
