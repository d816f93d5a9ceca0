/*
 * bench-sitelines.c - the cost of a bundle's site lines (sitelines.h): what
 * opening the first article of a bundle adds in the reader.
 *
 *   build/bench/bench-sitelines [RUNS]
 *
 * folder: sah_sitelines_new_in() over a temporary bundle of 50 copies of
 *         the 17 KB seed article (each with a line of its own), files read
 *         through platform/readfile: the median of RUNS (target: a few ms).
 * memory: sah_sitelines_new() of the same 50 texts, without the reads.
 * parse:  one parse of the seed with the set and without, the median of
 *         RUNS samples of 50 parses each.
 */
#include "app/content/article.h"
#include "app/content/sitelines.h"
#include "platform/readfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "benchutil.h"

#define N_ARTICLES 50

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 21;
    if (runs < 1)
        runs = 1;
    size_t n = 0;
    int err = 0;
    char *seed = sah_file_read(SAH_SOURCE_ROOT "/assets/articles/seed-article-ar.txt",
                               SAH_ARTICLE_MAX_BYTES, &n, &err);
    char dir[] = "/tmp/sahifa-bench-sitelines-XXXXXX";
    if (!seed || !mkdtemp(dir)) {
        fprintf(stderr, "bench-sitelines: cannot read the seed or make a folder\n");
        return 1;
    }
    char *texts[N_ARTICLES];
    size_t lens[N_ARTICLES];
    for (int i = 0; i < N_ARTICLES; i++) {
        char path[128];
        texts[i] = malloc(n + 64);
        lens[i] = (size_t)snprintf(texts[i], 64, "مقال رقم %d\n", i);
        memcpy(texts[i] + lens[i], seed, n);
        lens[i] += n;
        snprintf(path, sizeof path, "%s/%02d.txt", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(texts[i], 1, lens[i], f) != lens[i] || fclose(f) != 0)
            return 1;
    }
    int fd = sah_dir_open_in(AT_FDCWD, dir, NULL, &err);
    double *v = malloc((size_t)runs * sizeof *v);
    size_t count = 0;
    for (int r = 0; r < runs; r++) {
        double t0 = bench_now_ms();
        sah_sitelines_t *s = sah_sitelines_new_in(fd, dir);
        v[r] = bench_now_ms() - t0;
        count = sah_sitelines_count(s);
        sah_sitelines_free(s);
    }
    printf("folder: %d articles of %zu bytes: %.2f ms median (%zu site lines)\n", N_ARTICLES, n,
           bench_median(v, runs), count);
    for (int r = 0; r < runs; r++) {
        double t0 = bench_now_ms();
        sah_sitelines_t *s = sah_sitelines_new((const char *const *)texts, lens, N_ARTICLES);
        v[r] = bench_now_ms() - t0;
        sah_sitelines_free(s);
    }
    printf("memory: %.2f ms median\n", bench_median(v, runs));
    sah_sitelines_t *site = sah_sitelines_new((const char *const *)texts, lens, N_ARTICLES);
    char path[128];
    snprintf(path, sizeof path, "%s/00.txt", dir);
    for (int with = 0; with < 2; with++) {
        for (int r = 0; r < runs; r++) {
            double t0 = bench_now_ms();
            for (int k = 0; k < 50; k++)
                sah_article_free(sah_article_load_site(path, with ? site : NULL, NULL));
            v[r] = (bench_now_ms() - t0) / 50;
        }
        printf("parse %s the set: %.3f ms median\n", with ? "with" : "without",
               bench_median(v, runs));
    }
    sah_sitelines_free(site);
    for (int i = 0; i < N_ARTICLES; i++) {
        snprintf(path, sizeof path, "%s/%02d.txt", dir, i);
        unlink(path);
        free(texts[i]);
    }
    close(fd);
    rmdir(dir);
    free(v);
    free(seed);
    return 0;
}
