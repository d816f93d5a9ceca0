/*
 * html-dump.c - a web page's extraction as JSON Lines, for the benchmark's
 * scorer (bench/html-score.py) and the tests' expected files:
 *
 *   html-dump [--meta] [--time N] [--article-time N] page.html
 *
 * One line per block: {"role": ..., "dir": ..., "text": ..., "start": N,
 * "end": N} plus "src", "alt" and "remote" for figures. --meta first prints
 * {"meta": {...}} with the page's metadata. --time N extracts N times and
 * prints the median time in microseconds on stderr; --article-time N opens
 * the page N times as an article (webarticle.h: extraction, then the
 * article and its map to the page) and prints "article_median_us".
 * Exit status: 0, or 1 when the page is refused (one line on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/html.h"
#include "app/content/webarticle.h"
#include "benchutil.h"
#include "platform/readfile.h"

static void json_str(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print_meta(const sah_html_meta_t *m)
{
    static const char *const names[] = {"title", "byline",  "date",    "site_name",
                                        "lang",  "excerpt", "encoding"};
    const char *v[] = {m->title, m->byline,  m->date,    m->site_name,
                       m->lang,  m->excerpt, m->encoding};
    fputs("{\"meta\": {", stdout);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        printf("\"%s\": ", names[i]);
        json_str(v[i]);
        fputs(", ", stdout);
    }
    printf("\"dir\": \"%s\", \"dir_explicit\": %s}}\n", m->dir, m->dir_explicit ? "true" : "false");
}

static void print_block(const sah_html_block_t *b)
{
    printf("{\"role\": \"%s\", \"dir\": \"%s\", ", sah_html_role_name(b->role),
           b->rtl ? "rtl" : "ltr");
    if (b->role == SAH_HTML_FIGURE) {
        fputs("\"src\": ", stdout);
        json_str(b->src);
        fputs(", \"alt\": ", stdout);
        json_str(b->alt);
        printf(", \"remote\": %s, ", b->remote ? "true" : "false");
    }
    fputs("\"text\": ", stdout);
    json_str(b->text);
    printf(", \"start\": %zu, \"end\": %zu}\n", b->start, b->end);
}

int main(int argc, char **argv)
{
    bool meta = false;
    int times = 0, art_times = 0, a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "--meta"))
            meta = true;
        else if (!strcmp(argv[a], "--time") && a + 1 < argc)
            times = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--article-time") && a + 1 < argc)
            art_times = atoi(argv[++a]);
    }
    if (a != argc - 1) {
        fprintf(stderr, "usage: html-dump [--meta] [--time N] [--article-time N] page.html\n");
        return 2;
    }
    size_t len = 0;
    int err = 0;
    char *bytes = sah_file_read(argv[a], SAH_HTML_MAX_BYTES, &len, &err);
    if (!bytes) {
        fprintf(stderr, "%s: %s\n", argv[a], sah_file_strerror(err));
        return 1;
    }
    if (times > 0) {
        double *t = malloc((size_t)times * sizeof *t);
        for (int k = 0; t && k < times; k++) {
            double t0 = bench_now_ms();
            sah_html_free(sah_html_new_from_bytes(argv[a], bytes, len, NULL));
            t[k] = bench_now_ms() - t0;
        }
        if (t)
            fprintf(stderr, "median_us %.1f\n", bench_median(t, times) * 1e3);
        free(t);
    }
    if (art_times > 0) {
        double *t = malloc((size_t)art_times * sizeof *t);
        for (int k = 0; t && k < art_times; k++) {
            double t0 = bench_now_ms();
            sah_article_free(sah_article_from_html_bytes(argv[a], bytes, len, NULL));
            t[k] = bench_now_ms() - t0;
        }
        if (t)
            fprintf(stderr, "article_median_us %.1f\n", bench_median(t, art_times) * 1e3);
        free(t);
    }
    sah_html_status_t st;
    sah_html_t *h = sah_html_new_from_bytes(argv[a], bytes, len, &st);
    free(bytes);
    if (!h)
        return 1;
    if (meta)
        print_meta(sah_html_meta(h));
    for (size_t i = 0; i < sah_html_n_blocks(h); i++)
        print_block(sah_html_block(h, i));
    sah_html_free(h);
    return 0;
}
