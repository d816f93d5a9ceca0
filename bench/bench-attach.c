/*
 * bench-attach - layout time of the hostile mark texts (HarfBuzz 6.0's
 * mark attachment, CVE-2023-25193): every member of tests/attach-family.h
 * at 64 KB and 256 KB.
 *
 * Usage: bench-attach [--passes N] [--seed FILE]
 *
 * For each member: layout and pagination of the whole file (as
 * bench-layout: Noto Naskh Arabic chain at 20 px, 432 px lines, line
 * spacing 1.6, 800 - 2 x 24 px pages), the shape and analysis caches
 * emptied before each pass; the median of N passes (default 5). Prints per
 * size the worst member and the median over the family (the target: every
 * member under 50 ms in a release build), the worst member's fastest pass
 * (what load on a shared machine adds shows as the gap), the controls (bases between the
 * marks: ordinary text, thousands of visible glyphs) apart, and with
 * --seed the same file size of an ordinary article for scale.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attach-family.h"
#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "benchutil.h"

/* One cold pass over @b[0..n): every paragraph laid out, lines stacked
 * onto pages. Returns the time in ms, or -1 when the layout failed. */
static double pass(sah_layout_t *lay, sah_lines_t *lines, const char *b, size_t n)
{
    const double px = 20, lh = 1.6, inner_h = 800 - 2 * 24;
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = 432 * 64;
    sah_layout_clear_cache(lay);
    double t0 = bench_now_ms();
    sah_text_t *t = sah_text_new(b, n);
    if (!t)
        return -1;
    sah_lines_reset(lines);
    double y = 0;
    size_t done = 0;
    for (size_t p = 0; p < sah_text_paragraph_count(t); p++) {
        if (!sah_layout_paragraph(lay, t, p, &o, lines)) {
            sah_text_free(t);
            return -1;
        }
        for (; done < sah_lines_count(lines); done++) {
            const sah_line_t *l = sah_lines_get(lines, done);
            double h = (l->ascent + l->descent) / 64.0;
            if (y > 0 && y + h > inner_h)
                y = 0;
            y += sah_line_pitch(l, px, lh, false) / 64.0;
        }
    }
    sah_text_free(t);
    return bench_now_ms() - t0;
}

/* The median of @passes passes; the fastest into @best (the least
 * disturbed by other work on the machine). */
static double timed(sah_layout_t *lay, sah_lines_t *lines, const char *b, size_t n, int passes,
                    double *best)
{
    double *v = malloc((size_t)passes * sizeof *v);
    if (!v)
        return -1;
    for (int i = 0; i < passes; i++) {
        v[i] = pass(lay, lines, b, n);
        if (v[i] < 0) {
            free(v);
            return -1;
        }
    }
    double m = bench_median(v, passes);
    *best = v[0]; /* sorted by bench_median() */
    free(v);
    return m;
}

int main(int argc, char **argv)
{
    int passes = 5;
    const char *seed = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--passes") && i + 1 < argc) {
            passes = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            seed = argv[++i];
        } else {
            fprintf(stderr, "usage: bench-attach [--passes N] [--seed FILE]\n");
            return 2;
        }
    }
    if (passes < 1)
        passes = 1;
    sah_fontchain_t *chain = sah_fontchain_new("default", 20);
    sah_layout_t *lay = chain ? sah_layout_new(chain, NULL) : NULL;
    sah_lines_t *lines = sah_lines_new();
    const size_t sizes[] = {64 * 1024, 256 * 1024};
    char *buf = malloc(sizes[1]);
    if (!lay || !lines || !buf) {
        fprintf(stderr, "bench-attach: no default font chain or out of memory\n");
        return 1;
    }
    int failed = 0;
    printf("mark attachment family (tests/attach-family.h): layout + pagination of the whole "
           "file, cold, median of %d passes\n",
           passes);
    for (size_t s = 0; s < 2; s++) {
        double worst = 0, cworst = 0, worst_best = 0, all[FAM_N_PATTERNS * FAM_N_SEPS];
        int nall = 0;
        char wname[128] = "-", cname[128] = "-";
        for (int p = 0; p < FAM_N_PATTERNS; p++) {
            for (size_t k = 0; k < FAM_N_SEPS; k++) {
                const fam_sep_t *x = &fam_seps[k];
                if (p == FAM_ALONE && !x->cp)
                    continue;
                size_t n =
                    fam_make(buf, sizes[s], (fam_pattern_t)p, x, SAH_MAX_MARKS_PER_CLUSTER, NULL);
                double best, ms = timed(lay, lines, buf, n, passes, &best);
                if (ms < 0) {
                    printf("  %s %s: layout failed\n", fam_pattern_names[p], x->name);
                    failed++;
                    continue;
                }
                if (x->base) {
                    if (ms > cworst) {
                        cworst = ms;
                        snprintf(cname, sizeof cname, "%s %s", fam_pattern_names[p], x->name);
                    }
                    continue;
                }
                all[nall++] = ms;
                if (best > worst_best)
                    worst_best = best;
                if (ms > worst) {
                    worst = ms;
                    snprintf(wname, sizeof wname, "%s %s", fam_pattern_names[p], x->name);
                }
            }
        }
        double med = nall ? bench_median(all, nall) : 0;
        printf("%3zu KB: %d members: worst %.2f ms (%s), median %.2f ms; target < 50 ms: %s; "
               "worst fastest pass %.2f ms\n",
               sizes[s] / 1024, nall, worst, wname, med, worst < 50 ? "met" : "NOT MET",
               worst_best);
        printf("%3zu KB: controls (a base between the marks: ordinary text): worst %.2f ms (%s)\n",
               sizes[s] / 1024, cworst, cname);
        if (seed) {
            size_t sn = 0;
            FILE *f = fopen(seed, "rb");
            char *one = malloc(sizes[s]);
            size_t got = f && one ? fread(one, 1, sizes[s], f) : 0;
            if (f)
                fclose(f);
            /* The article repeated to the size, cut at a character. */
            while (got && sn + got <= sizes[s]) {
                memcpy(buf + sn, one, got);
                sn += got;
            }
            if (got && sn < sizes[s]) {
                size_t rest = sizes[s] - sn;
                while (rest && ((unsigned char)one[rest] & 0xC0) == 0x80)
                    rest--;
                memcpy(buf + sn, one, rest);
                sn += rest;
            }
            free(one);
            double best, ms = sn ? timed(lay, lines, buf, sn, passes, &best) : -1;
            printf("%3zu KB: for scale, %s repeated: %.2f ms\n", sizes[s] / 1024, seed, ms);
        }
    }
    free(buf);
    sah_lines_free(lines);
    sah_layout_free(lay);
    sah_fontchain_free(chain);
    return failed ? 1 : 0;
}
