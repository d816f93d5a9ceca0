/*
 * replay.c - main() for a fuzz target built without libFuzzer: runs the
 * target once on each input, in a fixed order, and says how many it ran.
 *
 *   fuzz-text fuzz/corpus/text            # every file of the directory
 *   fuzz-text crash-1234 slow-unit-5678   # these files
 *
 * Directories are read one level deep, hidden files skipped, names sorted
 * bytewise so that a failure always points at the same input. A crash aborts
 * the program (and fails the meson test) with the input's name printed
 * first, so the failing regression input is named in the test log.
 *
 * The time check of fuzz/run.sh: with FUZZ_REPLAY_BUDGET_MS=N in the
 * environment each input is timed, and one that takes more than N ms per
 * 64 KB started (N for up to 64 KB, 4 N for 256 KB) in the build at hand,
 * the best of three runs, is printed on stdout as "replay: over budget:
 * PATH (BYTES bytes): MS ms, budget MS ms"; the slowest is printed at the end
 * ("replay: slowest: PATH (BYTES bytes): MS ms") and the exit status is 3
 * when any was over. An input that runs past 20 times its budget (10 s at
 * least) is stopped by SIGALRM: the last "replay: PATH" line on stderr names
 * it. run.sh runs this on a release build, where a time says something
 * about the code and not about the sanitizers or the machine's load.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

/* Inputs larger than this are not corpus files (run.sh keeps them < 64 KB). */
#define REPLAY_MAX_BYTES (1u << 20)

static size_t replayed;

/* The time check (FUZZ_REPLAY_BUDGET_MS): 0 when off. */
static double budget_ms;
static size_t over_budget;
static double slowest_ms = -1;
static size_t slowest_bytes;
static char slowest_path[4096];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs the target on @data; with the time check on, times it (the best of
 * three when the first is over budget) and reports it. */
static void run_one(const char *path, const uint8_t *data, size_t n)
{
    if (budget_ms <= 0) {
        LLVMFuzzerTestOneInput(data, n);
        return;
    }
    double budget = budget_ms * (double)(n / 65536 + (n % 65536 != 0) + (n == 0));
    unsigned limit = (unsigned)(budget * 20 / 1000) + 1;
    alarm(limit < 10 ? 10 : limit);
    double best = 0;
    for (int i = 0; i < 3; i++) {
        double t0 = now_ms();
        LLVMFuzzerTestOneInput(data, n);
        double t = now_ms() - t0;
        best = i == 0 || t < best ? t : best;
        if (best <= budget)
            break;
    }
    alarm(0);
    if (best > slowest_ms) {
        slowest_ms = best;
        slowest_bytes = n;
        snprintf(slowest_path, sizeof slowest_path, "%s", path);
    }
    if (best > budget) {
        over_budget++;
        printf("replay: over budget: %s (%zu bytes): %.1f ms, budget %.0f ms\n", path, n, best,
               budget);
        fflush(stdout);
    }
}

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    uint8_t *buf = malloc(REPLAY_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, REPLAY_MAX_BYTES + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!buf || err || n > REPLAY_MAX_BYTES) {
        fprintf(stderr, "replay: %s: %s\n", path,
                !buf  ? "out of memory"
                : err ? "cannot read"
                      : "larger than 1 MiB");
        free(buf);
        return 1;
    }
    /* Named before the run: a crash report then follows the name. */
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    /* A copy of exactly @n bytes, so that ASan sees any read past the end. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, n);
    free(buf);
    run_one(path, exact, n);
    free(exact);
    replayed++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
            if (!nn) {
                bad = 1;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            bad = 1;
            break;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!bad && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            bad |= replay_file(path);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
        return 2;
    }
    const char *b = getenv("FUZZ_REPLAY_BUDGET_MS");
    budget_ms = b ? atof(b) : 0;
    int rc = LLVMFuzzerInitialize(&argc, &argv);
    if (rc != 0)
        return rc; /* FUZZ_SKIP: the target said why */
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
        } else {
            bad |= S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]);
        }
    }
    if (budget_ms > 0 && slowest_ms >= 0)
        printf("replay: slowest: %s (%zu bytes): %.1f ms\n", slowest_path, slowest_bytes,
               slowest_ms);
    printf("%s: replayed %zu inputs%s\n", argv[0], replayed, bad ? ", some unreadable" : "");
    return bad ? bad : over_budget ? 3 : 0;
}
