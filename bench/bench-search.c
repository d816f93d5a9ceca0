/*
 * bench-search.c - how fast search is (docs/search.md). Prints medians.
 *
 *   build/bench/bench-search [N]
 *
 * A library of N articles (default 2,000) in 20 bundles, each 4 to 14
 * paragraphs drawn at random (a fixed seed) from the seed article and the
 * guides in assets/articles, so that words are spread unevenly as in news:
 *
 * index cold:  the library opened with an empty cache: every file parsed and
 *              indexed (budget 2 s for 2,000);
 * one new:     one more article in a library whose cache is current: the
 *              scan with it less the scan without it (budget 5 ms); and
 *              directly: the seed (17 KB) parsed, then put into an index
 *              on disk in a transaction of its own (sah_search_put());
 * search:      sah_library_search() of one- and three-word queries on the
 *              open library, every result's snippet made (budget 20 ms);
 * find:        sah_find_new() and every snippet in an 858 KB article (the
 *              seed 50 times; budget 20 ms); its parse apart.
 */
#include "app/content/article.h"
#include "app/content/find.h"
#include "app/content/library.h"
#include "app/content/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "benchutil.h"

enum { PER_BUNDLE = 100, COLD_RUNS = 3, RUNS = 21 };

static char *read_file(const char *name, size_t *n)
{
    const char *root = getenv("SAHIFA_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/articles/%s", root ? root : SAH_SOURCE_ROOT, name);
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 20);
    *n = f && buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    if (f)
        fclose(f);
    if (buf)
        buf[*n] = 0;
    return buf;
}

/* The non-blank lines of the three articles (front matter left out). */
static char **paragraphs(size_t *n_out)
{
    static const char *const names[] = {"seed-article-ar.txt", "guide-ar.txt", "guide-en.txt"};
    char **out = NULL;
    size_t n_par = 0;
    for (size_t k = 0; k < 3; k++) {
        size_t n;
        char *text = read_file(names[k], &n);
        bool front = strncmp(text ? text : "", "---\n", 4) == 0;
        for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
            if (front) {
                front = strcmp(line, "---") != 0 || line == text;
                continue;
            }
            if (strlen(line) > 20 && (out = realloc(out, (n_par + 1) * sizeof *out)))
                out[n_par++] = strdup(line);
        }
        free(text);
    }
    *n_out = n_par;
    return out;
}

static double open_library(const char *dir, const char *cache, sah_library_t **keep)
{
    double t0 = bench_now_ms();
    sah_library_t *lib = sah_library_new(cache);
    if (!lib || !sah_library_add_root(lib, dir) || !sah_library_scan(lib)) {
        sah_library_free(lib);
        return -1;
    }
    double t = bench_now_ms() - t0;
    if (keep)
        *keep = lib;
    else
        sah_library_free(lib);
    return t;
}

static void write_article(const char *path, char **par, size_t n_par, unsigned *rng, int i)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fprintf(f, "Article %d: %s\n\n", i, par[rand_r(rng) % n_par]);
    int k = 4 + rand_r(rng) % 11;
    for (int p = 0; p < k; p++)
        fprintf(f, "%s\n\n", par[rand_r(rng) % n_par]);
    fclose(f);
}

static void count(void *user, const sah_library_hit_t *h)
{
    (void)h;
    ++*(size_t *)user;
}

static double time_query(sah_library_t *lib, const char *q, size_t *results)
{
    double t[RUNS];
    for (int r = 0; r < RUNS; r++) {
        const char *why;
        *results = 0;
        double t0 = bench_now_ms();
        if (sah_library_search(lib, q, 0, count, results, &why) != SAH_SEARCH_OK) {
            fprintf(stderr, "bench-search: %s: %s\n", q, why);
            return -1;
        }
        t[r] = bench_now_ms() - t0;
    }
    return bench_median(t, RUNS);
}

static void bench_find(void)
{
    size_t n;
    char *seed = read_file("seed-article-ar.txt", &n);
    char *big = malloc(50 * n + 1);
    if (!seed || !big)
        return;
    for (int i = 0; i < 50; i++)
        memcpy(big + i * n, seed, n);
    double parse[5], find[RUNS];
    sah_article_t *a = NULL;
    for (int r = 0; r < 5; r++) {
        double t0 = bench_now_ms();
        sah_article_free(a);
        a = sah_article_new_from_bytes("big.txt", big, 50 * n, NULL);
        parse[r] = bench_now_ms() - t0;
    }
    static const char *const queries[] = {"كازاخستان", "روسيا", "آسيا الوسطى"};
    printf("find in the seed x 50 (%.0f KB): parse %.1f ms (median of 5)\n", 50.0 * n / 1024,
           bench_median(parse, 5));
    for (size_t q = 0; a && q < 3; q++) {
        size_t hits = 0;
        for (int r = 0; r < RUNS; r++) {
            double t0 = bench_now_ms();
            sah_find_t *f = sah_find_new(a, queries[q], 0, NULL);
            hits = f ? sah_find_n_hits(f) : 0;
            for (size_t i = 0; i < hits; i++)
                free(sah_find_snippet(f, i));
            sah_find_free(f);
            find[r] = bench_now_ms() - t0;
        }
        printf("  find %-20s %5zu hits: median %.1f ms (budget 20 ms)\n", queries[q], hits,
               bench_median(find, RUNS));
    }
    sah_article_free(a);
    free(big);
    free(seed);
}

/* One article into an index of its own on disk (WAL, as the cache). */
static void bench_put(const char *dir)
{
    size_t n;
    char *seed = read_file("seed-article-ar.txt", &n);
    char *text = malloc(n + 64), path[1100];
    sqlite3 *db = NULL;
    snprintf(path, sizeof path, "%s/put.sqlite", dir);
    if (!seed || !text || sqlite3_open(path, &db) != SQLITE_OK || !sah_search_register(db) ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" SAH_SEARCH_TABLES,
                     NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench-search: cannot set up %s\n", path);
        sqlite3_close(db);
        free(seed);
        free(text);
        return;
    }
    sah_search_t *ix = sah_search_new(db);
    double parse[RUNS], put[RUNS];
    for (int r = 0; ix && r < RUNS; r++) {
        int k = snprintf(text, 64, "Article %d: ", r);
        memcpy(text + k, seed, n);
        double t0 = bench_now_ms();
        sah_article_t *a = sah_article_new_from_bytes("seed.txt", text, (size_t)k + n, NULL);
        double t1 = bench_now_ms();
        snprintf(path, sizeof path, "/bench/article-%d.txt", r);
        bool ok = a && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
                  sah_search_put(ix, path, a) &&
                  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
        put[r] = bench_now_ms() - t1;
        parse[r] = t1 - t0;
        sah_article_free(a);
        if (!ok) {
            fprintf(stderr, "bench-search: put: %s\n", sqlite3_errmsg(db));
            break;
        }
    }
    printf("one article (the seed, %zu KB): parse %.2f ms, indexed and committed %.2f ms "
           "(median of %d; budget 5 ms)\n",
           n / 1024, bench_median(parse, RUNS), bench_median(put, RUNS), RUNS);
    sah_search_free(ix);
    sqlite3_close(db);
    free(seed);
    free(text);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    char dir[] = "/tmp/sahifa-bench-search-XXXXXX";
    size_t n_par;
    char **par = paragraphs(&n_par);
    if (n < 1 || n_par < 10 || !mkdtemp(dir)) {
        fprintf(stderr, "bench-search: cannot set up (assets/articles or /tmp)\n");
        return 1;
    }
    char path[1200], cache[1100], lib_dir[1100];
    unsigned rng = 42;
    snprintf(lib_dir, sizeof lib_dir, "%s/lib", dir);
    mkdir(lib_dir, 0700);
    for (int i = 0; i < n; i++) {
        if (i % PER_BUNDLE == 0) {
            snprintf(path, sizeof path, "%s/bundle-%03d", lib_dir, i / PER_BUNDLE);
            mkdir(path, 0700);
        }
        snprintf(path, sizeof path, "%s/bundle-%03d/article-%05d.txt", lib_dir, i / PER_BUNDLE, i);
        write_article(path, par, n_par, &rng, i);
    }
    snprintf(cache, sizeof cache, "%s/library.sqlite", dir);

    double cold[COLD_RUNS], warm[RUNS], one[RUNS];
    for (int r = 0; r < COLD_RUNS; r++) {
        unlink(cache);
        snprintf(path, sizeof path, "%s-wal", cache);
        unlink(path);
        if ((cold[r] = open_library(lib_dir, cache, NULL)) < 0)
            return 1;
    }
    struct stat sb;
    printf("library of %d articles, %zu paragraphs to draw from; cache %.1f MB\n", n, n_par,
           stat(cache, &sb) == 0 ? sb.st_size / 1048576.0 : 0.0);
    printf("index cold (every file parsed and indexed): median %.1f ms of %d (budget 2000 ms)\n",
           bench_median(cold, COLD_RUNS), COLD_RUNS);
    for (int r = 0; r < RUNS; r++) {
        if ((warm[r] = open_library(lib_dir, cache, NULL)) < 0)
            return 1;
        snprintf(path, sizeof path, "%s/bundle-000/new-%02d.txt", lib_dir, r);
        write_article(path, par, n_par, &rng, n + r);
        if ((one[r] = open_library(lib_dir, cache, NULL)) < 0)
            return 1;
    }
    double w = bench_median(warm, RUNS), o = bench_median(one, RUNS);
    printf("one new article: scan %.1f ms against %.1f ms without it: %.1f ms (budget 5 ms)\n", o,
           w, o - w);

    bench_put(dir);
    sah_library_t *lib = NULL;
    if (open_library(lib_dir, cache, &lib) < 0)
        return 1;
    static const char *const queries[] = {
        "كازاخستان",     "روسيا", "الحكومة", "reader", "روسيا آسيا الوسطى", "الحكومة وزير الخارجية",
        "font size page"};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        size_t results;
        double t = time_query(lib, queries[q], &results);
        printf("  search %-26s %4zu results: median %.2f ms (budget 20 ms)\n", queries[q], results,
               t);
    }
    sah_library_free(lib);
    bench_find();

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    if (system(path) != 0)
        fprintf(stderr, "bench-search: could not remove %s\n", dir);
    for (size_t i = 0; i < n_par; i++)
        free(par[i]);
    free(par);
    return 0;
}
