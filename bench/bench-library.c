/*
 * bench-library.c - how long the library takes to open: N articles (default
 * 2,000, each a 17 KB variant of the seed article) in 20 bundles of 100.
 *
 *   build/bench/bench-library [N]
 *
 * cold: the index cache is empty, so every file is read, parsed and hashed
 *       (the OS page cache is warm: we do not drop it on a shared machine).
 * warm: the cache is current; the files are only listed and stat()ed.
 * The budget: warm <= 200 ms for 2,000 articles. Prints medians.
 *
 *   valgrind --tool=callgrind bench-library N --cold-once
 *
 * runs one cold scan only, between callgrind's client requests (phase
 * "cold"): bench/instructions.sh counts the cold index of N articles so.
 * Then the search index the scan left for later, as the app's idle loop
 * builds it (sah_library_index_step() until none is pending, then the
 * last commit): phase "index", and each step's count as "step-K" (K from
 * 1; the last is the commit) when SAHIFA_BENCH_STEPS is set (a dump a step
 * costs callgrind time).
 */
#include "app/content/library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "benchutil.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(name)
#endif

static char *read_seed(size_t *n)
{
    const char *root = getenv("SAHIFA_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/articles/seed-article-ar.txt",
             root ? root : SAH_SOURCE_ROOT);
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 20);
    *n = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return buf;
}

/* Opens the library at @dir with the cache @cache; returns the time taken,
 * or a negative number on failure. */
static double open_library(const char *dir, const char *cache, size_t *entries, size_t *parsed)
{
    double t0 = bench_now_ms();
    sah_library_t *lib = sah_library_new(cache);
    if (!lib || !sah_library_add_root(lib, dir) || !sah_library_scan(lib)) {
        sah_library_free(lib);
        return -1;
    }
    double t = bench_now_ms() - t0;
    *entries = sah_library_n_entries(lib);
    sah_library_stats(lib, parsed, NULL);
    sah_library_free(lib);
    return t;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    bool once = argc > 2 && !strcmp(argv[2], "--cold-once");
    enum { COLD_RUNS = 5, WARM_RUNS = 21, PER_BUNDLE = 100 };
    char dir[] = "/tmp/sahifa-bench-XXXXXX";
    size_t seed_len, total = 0;
    char *seed = read_seed(&seed_len);
    if (n < 1 || !seed_len || !mkdtemp(dir)) {
        fprintf(stderr, "bench-library: cannot set up (seed article or /tmp)\n");
        return 1;
    }
    char path[1100], cache[1024];
    for (int i = 0; i < n; i++) {
        if (i % PER_BUNDLE == 0) {
            snprintf(path, sizeof path, "%s/bundle-%03d", dir, i / PER_BUNDLE);
            mkdir(path, 0700);
        }
        snprintf(path, sizeof path, "%s/bundle-%03d/article-%05d.txt", dir, i / PER_BUNDLE, i);
        FILE *f = fopen(path, "wb");
        /* A distinct headline per file, so that no two are duplicates. */
        int k = f ? fprintf(f, "Article %d: ", i) : -1;
        if (k < 0 || fwrite(seed, 1, seed_len, f) != seed_len || fclose(f) != 0) {
            fprintf(stderr, "bench-library: cannot write %s\n", path);
            return 1;
        }
        total += (size_t)k + seed_len;
    }
    snprintf(cache, sizeof cache, "%s/library.sqlite", dir);

    double cold[COLD_RUNS], warm[WARM_RUNS];
    size_t entries = 0, parsed = 0;
    if (once) {
        CALLGRIND_ZERO_STATS;
        double t = open_library(dir, cache, &entries, &parsed);
        CALLGRIND_DUMP_STATS_AT("cold");
        printf("cold index of %d articles: %zu listed, %zu parsed, %.1f ms\n", n, entries, parsed,
               t);
        /* The search index after the listing, a file a step. */
        sah_library_t *lib = sah_library_new(cache);
        bool ok = lib && sah_library_add_root(lib, dir) && sah_library_scan(lib);
        bool steps = getenv("SAHIFA_BENCH_STEPS") != NULL;
        size_t k = 0;
        double t0 = bench_now_ms();
        CALLGRIND_ZERO_STATS;
        while (ok && sah_library_index_pending(lib)) {
            ok = sah_library_index_step(lib);
            if (steps) {
                char name[32];
                snprintf(name, sizeof name, "step-%zu", ++k);
                CALLGRIND_DUMP_STATS_AT(name);
            }
        }
        /* The last commit, as main.c makes it once none is pending. */
        sah_library_index_commit(lib);
        if (steps) {
            char name[32];
            snprintf(name, sizeof name, "step-%zu", ++k);
            CALLGRIND_DUMP_STATS_AT(name);
        }
        if (!steps) {
            CALLGRIND_DUMP_STATS_AT("index");
        }
        printf("then its search index: %.1f ms\n", bench_now_ms() - t0);
        sah_library_free(lib);
        if (!ok)
            t = -1;
        snprintf(path, sizeof path, "rm -rf '%s'", dir);
        if (system(path) != 0)
            fprintf(stderr, "bench-library: could not remove %s\n", dir);
        free(seed);
        return t < 0 || (int)parsed != n;
    }
    for (int r = 0; r < COLD_RUNS; r++) {
        unlink(cache);
        snprintf(path, sizeof path, "%s-wal", cache);
        unlink(path);
        cold[r] = open_library(dir, cache, &entries, &parsed);
        if (cold[r] < 0 || (int)parsed != n)
            return 1;
    }
    for (int r = 0; r < WARM_RUNS; r++) {
        warm[r] = open_library(dir, cache, &entries, &parsed);
        if (warm[r] < 0 || parsed != 0)
            return 1;
    }
    printf("library of %d articles in %d bundles (%.1f MB), %zu listed\n", n,
           (n + PER_BUNDLE - 1) / PER_BUNDLE, total / 1048576.0, entries);
    printf("cold (empty index cache, every file parsed): median %.1f ms of %d runs\n",
           bench_median(cold, COLD_RUNS), COLD_RUNS);
    printf("warm (index cache current, files stat()ed):  median %.1f ms of %d runs "
           "(budget 200 ms)\n",
           bench_median(warm, WARM_RUNS), WARM_RUNS);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    if (system(path) != 0)
        fprintf(stderr, "bench-library: could not remove %s\n", dir);
    free(seed);
    return 0;
}
