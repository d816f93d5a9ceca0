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
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not corpus files (run.sh keeps them < 64 KB). */
#define REPLAY_MAX_BYTES (1u << 20)

static size_t replayed;

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
    LLVMFuzzerTestOneInput(exact, n);
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
    printf("%s: replayed %zu inputs%s\n", argv[0], replayed, bad ? ", some unreadable" : "");
    return bad;
}
