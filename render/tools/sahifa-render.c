/*
 * sahifa-render - lay out, paginate and rasterize an article headless, with
 * the interface and the summary lines of the Pango peer (pango-pager), so
 * that both run side by side on the same file.
 *
 *   sahifa-render [--font-chain SPEC | --font PATH] [--px N] [--width W] [--height H]
 *                 [--margin M] [--line-height F] [--abs-line-height]
 *                 [--para-gap PX] [--format a8|argb32] [--theme day|night|sepia]
 *                 [--kashida off|moderate|strong] [--repeat N] [--warm]
 *                 [--simd on|off] [--out-dir DIR] [--quiet] [--dump-lines] FILE
 *
 * Each pass (all of it timed with CLOCK_MONOTONIC) decodes the text, finds
 * every page and rasterizes each into one W x H buffer (cleared per page).
 * Passes start cold: shape and layout caches empty; fonts and the glyph
 * bitmap cache persist, as Pango's font map and cairo's glyph cache do.
 * --warm keeps the shape and analysis caches between passes (a re-layout).
 * Writing page-NNN.png (first pass only, with libpng) is not timed.
 * Every paragraph is body text here (roles come from the article parser),
 * justified with kashida moderate unless --kashida says otherwise.
 * --simd off draws with the portable C pixel loops instead of the build's
 * SIMD ones (render/raster/blit.h): the pages must come out the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "platform/readfile.h"
#include "render/page/pager.h"
#include "render/raster/blit.h"
#include "render/raster/pngfile.h"

typedef struct {
    const char *fonts, *file, *out_dir;
    sah_geometry_t geo;
    int repeat, quiet, dump, warm, no_simd;
    sah_pixfmt_t format;
    const sah_theme_t *theme;
} opts_t;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: sahifa-render [--font-chain SPEC | --font PATH] [--px N] [--width W]\n"
            "                     [--height H]\n"
            "                     [--margin M] [--line-height F] [--abs-line-height]\n"
            "                     [--para-gap PX] [--format a8|argb32] [--theme day|night|sepia]\n"
            "                     [--kashida off|moderate|strong] [--repeat N] [--warm]\n"
            "                     [--simd on|off] [--out-dir DIR] [--quiet] [--dump-lines] FILE\n");
    exit(2);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double *s = malloc(sizeof *s * (size_t)n);
    memcpy(s, v, sizeof *s * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp);
    double m = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    free(s);
    return m;
}

static char *read_file(const char *path, size_t *n)
{
    int err;
    char *buf = sah_file_read(path, SAH_TEXT_MAX_BYTES, n, &err);
    if (!buf)
        fprintf(stderr, "sahifa-render: %s: %s\n", path, sah_file_strerror(err));
    return buf;
}

/* A number option: all of @v must be a number within [@lo, @hi]. */
static double number(const char *opt, const char *v, double lo, double hi)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "sahifa-render: %s %s: not a number from %g to %g\n", opt, v, lo, hi);
        exit(2);
    }
    return d;
}

static void parse(int argc, char **argv, opts_t *o)
{
    sah_geometry_default(&o->geo);
    o->fonts = "default";
    o->repeat = 1;
    o->format = SAH_PIXFMT_A8;
    o->theme = &sah_theme_day;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--version")) {
            printf("sahifa-render %s\n", SAH_VERSION);
            exit(0);
        }
        if (!strcmp(a, "--font-chain") || !strcmp(a, "--fonts"))
            o->fonts = NEXT();
        else if (!strcmp(a, "--font")) { /* that font alone: for one-font oracles */
            o->fonts = NEXT();
            o->geo.exact_fonts = true;
        } else if (!strcmp(a, "--px"))
            o->geo.px = number(a, NEXT(), 1, 1000);
        else if (!strcmp(a, "--width"))
            o->geo.width = (int)number(a, NEXT(), 1, 32768);
        else if (!strcmp(a, "--height"))
            o->geo.height = (int)number(a, NEXT(), 1, 32768);
        else if (!strcmp(a, "--margin"))
            o->geo.margin = (int)number(a, NEXT(), 0, 16384);
        else if (!strcmp(a, "--line-height"))
            o->geo.line_height = number(a, NEXT(), 0.1, 10);
        else if (!strcmp(a, "--abs-line-height"))
            o->geo.abs_line_height = true;
        else if (!strcmp(a, "--para-gap"))
            o->geo.para_gap = number(a, NEXT(), 0, 10000);
        else if (!strcmp(a, "--repeat"))
            o->repeat = (int)number(a, NEXT(), 1, 1000000);
        else if (!strcmp(a, "--out-dir"))
            o->out_dir = NEXT();
        else if (!strcmp(a, "--quiet"))
            o->quiet = 1;
        else if (!strcmp(a, "--dump-lines"))
            o->dump = 1;
        else if (!strcmp(a, "--warm"))
            o->warm = 1;
        else if (!strcmp(a, "--simd")) {
            const char *v = NEXT();
            o->no_simd = !strcmp(v, "off") ? 1 : !strcmp(v, "on") ? 0 : (usage(), 0);
        } else if (!strcmp(a, "--format")) {
            const char *f = NEXT();
            if (!strcmp(f, "a8"))
                o->format = SAH_PIXFMT_A8;
            else if (!strcmp(f, "argb32"))
                o->format = SAH_PIXFMT_ARGB32;
            else
                usage();
        } else if (!strcmp(a, "--theme")) {
            const char *t = NEXT();
            o->theme = !strcmp(t, "night")   ? &sah_theme_night
                       : !strcmp(t, "sepia") ? &sah_theme_sepia
                       : !strcmp(t, "day")   ? &sah_theme_day
                                             : (usage(), NULL);
        } else if (!strcmp(a, "--kashida")) {
            const char *k = NEXT();
            int v = sah_kashida_from_name(k);
            if (v < 0)
                usage();
            o->geo.kashida = (sah_kashida_t)v;
        } else if (a[0] == '-' && a[1] == '-')
            usage();
        else
            o->file = a;
#undef NEXT
    }
    if (!o->file || o->repeat <= 0)
        usage();
}

static void dump_page(const sah_page_t *pg, int *line_no)
{
    const sah_lines_t *ls = sah_page_lines(pg);
    for (size_t i = 0; i < sah_lines_count(ls); i++) {
        const sah_line_t *l = sah_lines_get(ls, i);
        int32_t x, base;
        sah_page_line_origin(pg, i, &x, &base);
        fprintf(stderr, "line %d: page %zu x %.2f baseline %.2f para %u start %u len %u dir %s\n",
                ++*line_no, sah_page_index(pg) + 1, (x + l->x) / 64.0, base / 64.0, l->para + 1,
                l->byte_start, l->byte_end - l->byte_start,
                (l->flags & SAH_LINE_RTL) ? "rtl" : "ltr");
    }
}

int main(int argc, char **argv)
{
    opts_t o = {0};
    parse(argc, argv, &o);
    if (o.out_dir && mkdir(o.out_dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "sahifa-render: cannot create %s: %s\n", o.out_dir, strerror(errno));
        return 1;
    }
    size_t n;
    double t_read = now_ms();
    char *bytes = read_file(o.file, &n);
    t_read = now_ms() - t_read;
    if (!bytes)
        return 1;
    sah_text_t *text = sah_text_new(bytes, n);
    sah_pager_t *pager = text ? sah_pager_new(text, NULL, 0, o.fonts, &o.geo) : NULL;
    sah_glyphcache_t *cache = sah_glyphcache_new((size_t)8 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *buf = sah_pagebuf_new(o.format, o.geo.width, o.geo.height);
    if (!text || !pager || !cache || !buf || !sah_pagebuf_set_theme(buf, o.theme)) {
        fprintf(stderr, "sahifa-render: %s: cannot set up (see above)\n", o.file);
        return 1;
    }
    sah_pagebuf_use_simd(buf, !o.no_simd);
    if (sah_text_invalid_count(text))
        fprintf(stderr, "sahifa-render: %s: %zu malformed UTF-8 sequences shown as U+FFFD\n",
                o.file, sah_text_invalid_count(text));
    double *pass_ms = calloc((size_t)o.repeat, sizeof(double));
    double *layout_ms = calloc((size_t)o.repeat, sizeof(double));
    double *raster_ms = calloc((size_t)o.repeat, sizeof(double));
    size_t pages_per_pass = 0, lines_per_pass = 0;
    double png_ms_total = 0, first_page_ms = 0;
    int status = 0;

    for (int pass = 0; pass < o.repeat; pass++) {
        double t0 = now_ms(), png_ms = 0, lay = 0, ras = 0;
        /* A cold pass starts from the bytes, as the peer does. */
        /* The old text goes first, so that two decoded copies never
         * coexist (peak memory); the pager is given the new one before it
         * could look at the old. */
        sah_text_free(text);
        text = sah_text_new(bytes, n);
        if (!text || !sah_pager_set_text(pager, text, NULL, 0)) {
            fprintf(stderr, "sahifa-render: %s: out of memory\n", o.file);
            status = 1;
            goto out;
        }
        if (!o.warm)
            sah_pager_clear_caches(pager);
        size_t lines = 0, pages = 0;
        int line_no = 0;
        lay += now_ms() - t0;
        for (size_t i = 0;; i++) {
            double a = now_ms();
            sah_page_t *pg = sah_pager_page(pager, i);
            double b = now_ms();
            lay += b - a;
            if (!pg)
                break;
            sah_pagebuf_clear(buf);
            if (!sah_page_draw(pg, buf, cache, 0, 0))
                status = 1;
            double c = now_ms();
            ras += c - b;
            if (pages == 0 && pass == 0)
                first_page_ms = t_read + (c - t0);
            pages++;
            lines += sah_lines_count(sah_page_lines(pg));
            if (o.dump && pass == 0)
                dump_page(pg, &line_no);
            if (o.out_dir && pass == 0) {
                char path[4096];
                snprintf(path, sizeof path, "%s/page-%03zu.png", o.out_dir, i + 1);
                if (!sah_png_write(buf, path))
                    status = 1;
                png_ms += now_ms() - c;
            }
            sah_page_free(pg);
        }
        pass_ms[pass] = now_ms() - t0 - png_ms;
        layout_ms[pass] = lay;
        raster_ms[pass] = ras;
        png_ms_total += png_ms;
        if (pass == 0) {
            pages_per_pass = pages;
            lines_per_pass = lines;
        }
        if (!o.quiet)
            printf("pass %d: %.3f ms\n", pass + 1, pass_ms[pass]);
    }
    double sum = 0;
    for (int i = 0; i < o.repeat; i++)
        sum += pass_ms[i];
    double med = median(pass_ms, o.repeat);
    double warm_mean = o.repeat > 1 ? (sum - pass_ms[0]) / (o.repeat - 1) : pass_ms[0];
    double mn = pass_ms[0], mx = pass_ms[0];
    for (int i = 0; i < o.repeat; i++) {
        mn = pass_ms[i] < mn ? pass_ms[i] : mn;
        mx = pass_ms[i] > mx ? pass_ms[i] : mx;
    }
    printf("file: %s (%zu bytes, %zu paragraphs)\n", o.file, n, sah_text_paragraph_count(text));
    printf("font: %s %gpx, page %dx%d margin %d, line-height %.2f (%s), format %s\n", o.fonts,
           o.geo.px, o.geo.width, o.geo.height, o.geo.margin, o.geo.line_height,
           o.geo.abs_line_height ? "absolute px*factor" : "set_line_spacing factor",
           o.format == SAH_PIXFMT_A8 ? "A8" : "ARGB32");
    printf("pixel loops: %s\n", o.no_simd ? "C (--simd off)" : sah_blit_simd());
    printf("pages per pass: %zu\n", pages_per_pass);
    printf("total lines: %zu\n", lines_per_pass);
    printf("passes: %d%s\n", o.repeat, o.warm ? " (warm: caches kept)" : " (cold)");
    printf("first pass: %.3f ms\n", pass_ms[0]);
    printf("ms per pass: median %.3f  mean(2..N) %.3f  min %.3f  max %.3f\n", med, warm_mean, mn,
           mx);
    printf("split (medians): layout+paginate %.3f ms, rasterize+free %.3f ms\n",
           median(layout_ms, o.repeat), median(raster_ms, o.repeat));
    printf("ms per page: median %.4f  mean(2..N) %.4f\n",
           pages_per_pass ? med / (double)pages_per_pass : 0.0,
           pages_per_pass ? warm_mean / (double)pages_per_pass : 0.0);
    printf("us per line: median %.2f\n",
           lines_per_pass ? 1000.0 * med / (double)lines_per_pass : 0.0);
    if (o.out_dir)
        printf("png writing (excluded from timing): %.3f ms\n", png_ms_total);
    printf("first page ready: %.3f ms after open (read %.3f ms + decode, layout and raster of "
           "page 1, fonts already loaded)\n",
           first_page_ms, t_read);
out:
    free(pass_ms);
    free(layout_ms);
    free(raster_ms);
    sah_pagebuf_free(buf);
    sah_glyphcache_free(cache);
    sah_pager_free(pager);
    sah_text_free(text);
    free(bytes);
    return status;
}
