/*
 * bench-parse.c - the article parser alone: bytes to parts and metadata
 * (sah_article_new_from_bytes), without reading the file.
 *
 *   build/bench/bench-parse [RUNS] [--big]
 *
 * seed:   the 17 KB seed article, the median of RUNS samples of 50 parses
 *         each, per article (target: under 1 ms).
 * pages:  the scraped pages of ../shared/real-articles/ when present (2 KB
 *         each, full of chrome), per page; skipped without them.
 * 8 MiB:  (--big) the largest article allowed, of short title-shaped lines (the
 *         head's rules see many candidates) and of long paragraphs: the
 *         median of 3 parses, to show the cost stays linear.
 */
#include "app/content/article.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "benchutil.h"

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 20);
    *n = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return buf;
}

/* The median time of one parse of @buf over @runs samples of @reps parses. */
static double median_parse(const char *buf, size_t n, int runs, int reps)
{
    double *v = malloc((size_t)runs * sizeof *v);
    for (int r = 0; r < runs; r++) {
        double t0 = bench_now_ms();
        for (int k = 0; k < reps; k++) {
            sah_article_t *a = sah_article_new_from_bytes("bench", buf, n, NULL);
            if (!a) {
                fprintf(stderr, "bench-parse: the text did not parse\n");
                exit(1);
            }
            sah_article_free(a);
        }
        v[r] = (bench_now_ms() - t0) / reps;
    }
    double med = bench_median(v, runs);
    free(v);
    return med;
}

static void pages(int runs)
{
    const char *dir = "../shared/real-articles";
    DIR *d = opendir(dir);
    if (!d) {
        printf("pages: skipped (%s not found)\n", dir);
        return;
    }
    double total = 0, worst = 0;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name), n;
        if (l < 4 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *buf = read_file(path, &n);
        double t = median_parse(buf, n, runs, 50);
        total += t;
        worst = t > worst ? t : worst;
        count++;
        free(buf);
    }
    closedir(d);
    if (count)
        printf("pages: %d scraped pages, mean of medians %.4f ms, worst %.4f ms per page\n", count,
               total / count, worst);
}

/* 8 MiB of @line repeated (with a line break each). */
static char *big(const char *line, size_t *n)
{
    size_t l = strlen(line), cap = SAH_ARTICLE_MAX_BYTES;
    char *buf = malloc(cap);
    *n = 0;
    while (*n + l + 1 <= cap) {
        memcpy(buf + *n, line, l);
        *n += l;
        buf[(*n)++] = '\n';
    }
    return buf;
}

int main(int argc, char **argv)
{
    int runs = 21;
    bool big_too = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--big") == 0)
            big_too = true;
        else if (atoi(argv[i]) > 0)
            runs = atoi(argv[i]);
    }
    const char *root = getenv("SAHIFA_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/articles/seed-article-ar.txt",
             root ? root : SAH_SOURCE_ROOT);
    size_t n;
    char *seed = read_file(path, &n);
    if (!n) {
        fprintf(stderr, "bench-parse: cannot read %s\n", path);
        return 1;
    }
    printf("seed: %zu bytes, median %.4f ms per parse (target < 1 ms), %d samples of 50\n", n,
           median_parse(seed, n, runs, 50), runs);
    free(seed);
    pages(runs < 5 ? runs : 5);
    /* Each title differs so none is a repeat of another. */
    static const char *const shapes[][2] = {
        {"short titles",
         "\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86 \xD9\x82\xD8\xB5\xD9\x8A\xD8\xB1 "
         "\xD9\x84\xD8\xAE\xD8\xA8\xD8\xB1 \xD8\xA2\xD8\xAE\xD8\xB1"},
        {"paragraphs",
         "\xD9\x82\xD8\xA7\xD9\x84 \xD8\xA7\xD9\x84\xD9\x85\xD8\xB3\xD8\xA4\xD9\x88\xD9\x84 "
         "\xD8\xA5\xD9\x86 \xD8\xA7\xD9\x84\xD8\xB9\xD9\x85\xD9\x84 "
         "\xD9\x8A\xD8\xB3\xD8\xAA\xD9\x85"
         "\xD8\xB1 \xD9\x81\xD9\x8A \xD8\xA7\xD9\x84\xD9\x85\xD8\xB4\xD8\xB1\xD9\x88\xD8\xB9 "
         "\xD8\xAD\xD8\xAA\xD9\x89 \xD9\x86\xD9\x87\xD8\xA7\xD9\x8A\xD8\xA9 "
         "\xD8\xA7\xD9\x84\xD8\xB9"
         "\xD8\xA7\xD9\x85\xD8\x8C \xD9\x88\xD8\xA5\xD9\x86 "
         "\xD8\xA7\xD9\x84\xD9\x86\xD8\xAA\xD8\xA7"
         "\xD8\xA6\xD8\xAC \xD8\xB3\xD8\xAA\xD8\xB9\xD9\x84\xD9\x86 "
         "\xD9\x84\xD8\xA7\xD8\xAD\xD9\x82"
         "\xD8\xA7\xD9\x8B."},
    };
    for (size_t s = 0; big_too && s < sizeof shapes / sizeof *shapes; s++) {
        char *buf = big(shapes[s][1], &n);
        printf("8 MiB of %s: median %.1f ms per parse (3 parses)\n", shapes[s][0],
               median_parse(buf, n, 3, 1));
        free(buf);
    }
    return 0;
}
