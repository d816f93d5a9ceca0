/*
 * bench-layout - text engine speed on an article, next to Pango.
 *
 * Usage: bench-layout [--peer PANGO_PAGER] [--passes N] [--px N] [--width W]
 *                     [--line-height F] FILE
 *
 * At Pango's settings (Noto Naskh Arabic 20 px, page 480 px wide with 24 px
 * margins, so 432 px lines, line spacing factor 1.6) it times:
 *   cold:   layout + pagination of the whole article from the text, with the
 *           shape cache emptied first (fonts stay loaded, as Pango keeps its
 *           font map);
 *   warm:   the same with the shape cache kept (a re-layout);
 *   reflow: warm passes alternating between two widths (432 and 400 px);
 * medians of N passes (default 30), and, with --peer, runs pango-pager on the
 * same file in the same run and prints its "layout+paginate" median and the
 * ratios. Pagination here is the peer's: lines stacked at their pitch, a new
 * page when the next line's box does not fit 800 - 2 x 24 px.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "benchutil.h"

static int pages;

/* One pass: every paragraph laid out, lines stacked onto pages. */
static size_t pass(sah_layout_t *lay, const sah_text_t *t, sah_lines_t *lines, int32_t width,
                   double px, double lh, int inner_h)
{
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = width;
    sah_lines_reset(lines);
    int page = 0;
    double y = 0;
    size_t done = 0;
    for (size_t p = 0; p < sah_text_paragraph_count(t); p++) {
        if (!sah_layout_paragraph(lay, t, p, &o, lines))
            return 0;
        for (; done < sah_lines_count(lines); done++) {
            const sah_line_t *l = sah_lines_get(lines, done);
            double h = (l->ascent + l->descent) / 64.0;
            if (y > 0 && y + h > inner_h) {
                page++;
                y = 0;
            }
            y += sah_line_pitch(l, px, lh, false) / 64.0;
        }
    }
    pages = sah_lines_count(lines) ? page + 1 : 0;
    return sah_lines_count(lines);
}

static double peer_layout_ms(const char *peer, const char *file, int passes)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' --quiet --repeat %d '%s'", peer, passes, file);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[512];
    double ms = -1;
    while (fgets(line, sizeof line, p)) {
        const char *k = strstr(line, "layout+paginate ");
        if (k)
            ms = atof(k + strlen("layout+paginate "));
        if (!strncmp(line, "pages per pass:", 15) || !strncmp(line, "total lines:", 12))
            printf("  peer %s", line);
    }
    pclose(p);
    return ms;
}

int main(int argc, char **argv)
{
    const char *peer = NULL, *file = NULL;
    int passes = 30;
    bool cold_only = false;
    double px = 20, width = 432, lh = 1.6;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--peer") && i + 1 < argc)
            peer = argv[++i];
        else if (!strcmp(argv[i], "--passes") && i + 1 < argc)
            passes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--px") && i + 1 < argc)
            px = atof(argv[++i]);
        else if (!strcmp(argv[i], "--width") && i + 1 < argc)
            width = atof(argv[++i]);
        else if (!strcmp(argv[i], "--cold-only"))
            cold_only = true;
        else if (!strcmp(argv[i], "--line-height") && i + 1 < argc)
            lh = atof(argv[++i]);
        else
            file = argv[i];
    }
    if (!file || passes < 1) {
        fprintf(stderr, "usage: bench-layout [--peer PANGO_PAGER] [--passes N] FILE\n");
        return 2;
    }
    FILE *f = fopen(file, "rb");
    if (!f) {
        perror(file);
        return 1;
    }
    static char buf[1 << 24];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);

    sah_fontchain_t *chain = sah_fontchain_new("default", px);
    if (!chain)
        return 1;
    sah_layout_t *lay = sah_layout_new(chain, NULL);
    sah_lines_t *lines = sah_lines_new();
    double *cold = malloc(sizeof(double) * passes), *warm = malloc(sizeof(double) * passes),
           *reflow = malloc(sizeof(double) * passes), *decode = malloc(sizeof(double) * passes);
    size_t nlines = 0;
    int32_t w = (int32_t)(width * 64);

    for (int i = 0; i < passes; i++) {
        double t0 = bench_now_ms();
        sah_text_t *t = sah_text_new(buf, n);
        double t1 = bench_now_ms();
        sah_layout_clear_cache(lay);
        nlines = pass(lay, t, lines, w, px, lh, 800 - 48);
        double t2 = bench_now_ms();
        decode[i] = t1 - t0;
        cold[i] = t2 - t0;
        sah_text_free(t);
    }
    sah_text_t *t = sah_text_new(buf, n);
    int cold_pages = pages;
    if (cold_only) {
        printf("cold pass: median %.3f ms\n", bench_median(cold, passes));
        return 0;
    }
    for (int i = 0; i < passes; i++) {
        double t0 = bench_now_ms();
        pass(lay, t, lines, w, px, lh, 800 - 48);
        warm[i] = bench_now_ms() - t0;
    }
    for (int i = 0; i < passes; i++) {
        double t0 = bench_now_ms();
        pass(lay, t, lines, i % 2 ? w : w - 32 * 64, px, lh, 800 - 48);
        reflow[i] = bench_now_ms() - t0;
    }
    uint64_t hits, misses;
    sah_layout_clear_cache(lay);
    sah_layout_cache_stats(lay, &hits, &misses);
    uint64_t h0 = hits, m0 = misses;
    pass(lay, t, lines, w, px, lh, 800 - 48);
    sah_layout_cache_stats(lay, &hits, &misses);

    double mc = bench_median(cold, passes), mw = bench_median(warm, passes),
           mr = bench_median(reflow, passes);
    printf("file: %s (%zu bytes, %zu paragraphs)\n", file, n, sah_text_paragraph_count(t));
    printf("settings: %s %g px, width %g px, line spacing %g\n",
           sah_font_path(sah_fontchain_font(chain, 0)), px, width, lh);
    printf("lines: %zu, pages: %d\n", nlines, cold_pages);
    printf("cold pass (decode + layout + paginate, empty shape cache): median %.3f ms (decode %.3f "
           "ms), %.2f us per line\n",
           mc, bench_median(decode, passes), 1000 * mc / (double)(nlines ? nlines : 1));
    printf("shape cache in a cold pass: %llu hits, %llu misses (words shaped)\n",
           (unsigned long long)(hits - h0), (unsigned long long)(misses - m0));
    printf("warm pass (shape cache kept): median %.3f ms\n", mw);
    printf("reflow pass (warm, width alternating %g/%g px): median %.3f ms\n", width, width - 32,
           mr);
    if (peer) {
        double pm = peer_layout_ms(peer, file, passes);
        if (pm > 0) {
            printf("peer pango-pager layout+paginate: median %.3f ms\n", pm);
            printf("ratio cold: %.2fx faster than Pango (target >= 5x)\n", pm / mc);
            printf("ratio warm: %.2fx faster than Pango (target >= 20x)\n", pm / mw);
            printf("ratio reflow: %.2fx faster than Pango\n", pm / mr);
        } else {
            printf("peer %s did not run\n", peer);
        }
    }
    sah_text_free(t);
    free(cold);
    free(warm);
    free(reflow);
    free(decode);
    sah_lines_free(lines);
    sah_layout_free(lay);
    sah_fontchain_free(chain);
    return 0;
}
