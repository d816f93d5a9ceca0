/*
 * bench-raster.c - how long rasterizing a laid-out page takes from a warm
 * glyph cache, A8 and ARGB32.
 *
 *   bench-raster [--font FILE] [--px N] [--width W] [--height H] [--margin M]
 *                [--line-height F] [--runs N] [--hint light|none]
 *                [--theme day|night|sepia] [--out-dir DIR] [ARTICLE]
 *
 * Defaults are pango-pager's (Noto Naskh Arabic 20 px, 480x800, margin 24,
 * line height 1.6 x the font's ascent+descent = 56 px, so 13 lines of ~40-50
 * glyphs) on the seed article. The layout here is a stand-in for the text
 * engine (HarfBuzz over whole paragraphs as RTL, greedy breaks at spaces,
 * justified by widening spaces so that every subpixel phase occurs): what is
 * measured is only sah_pagebuf_clear() and sah_pagebuf_draw() per page. Each
 * run draws every page once; the figures are medians over runs, per page and
 * per glyph. "cold" is the first page into an empty cache (FreeType renders).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "platform/readfile.h"
#include "fonts/font.h"
#include "render/raster/glyphcache.h"
#include "render/raster/pngfile.h"
#include "render/raster/raster.h"
#include "render/text/text.h"
#include "benchutil.h"

typedef struct {
    const char *font, *article, *out_dir;
    double px, line_height;
    int width, height, margin, runs;
    sah_hinting_t hint;
    const sah_theme_t *theme;
} opts_t;

typedef struct {
    sah_glyph_pos_t *g;
    size_t n, cap;
    size_t *page_start; /* page i is g[page_start[i] .. page_start[i + 1]) */
    size_t npages, lines;
} layout_t;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Debian's path first, then fontconfig (checking it did not substitute). */
static char *find_naskh(void)
{
    const char *deb = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf";
    if (access(deb, R_OK) == 0)
        return strdup(deb);
    char *out = NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)"Noto Naskh Arabic:style=Regular");
    FcResult res;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    FcChar8 *file = NULL;
    if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        strstr((const char *)file, "NotoNaskhArabic"))
        out = strdup((const char *)file);
    FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return out;
}

static char *read_file(const char *path, size_t *n)
{
    int err;
    char *buf = sah_file_read(path, SAH_TEXT_MAX_BYTES, n, &err);
    if (!buf)
        fprintf(stderr, "bench-raster: %s: %s\n", path, sah_file_strerror(err));
    return buf;
}

static void push(layout_t *L, sah_glyph_pos_t g)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 4096;
        L->g = realloc(L->g, L->cap * sizeof *L->g);
        if (!L->g)
            exit(1);
    }
    L->g[L->n++] = g;
}

/* Places buffer glyphs [lo, hi] (visual order, left to right) as one line. */
static void place_line(layout_t *L, const sah_font_t *f, const hb_glyph_info_t *info,
                       const hb_glyph_position_t *pos, const char *text, size_t lo, size_t hi,
                       int32_t left, int32_t inner, int32_t base, int justify)
{
    int32_t w = 0;
    int spaces = 0;
    for (size_t i = lo; i <= hi; i++) {
        w += pos[i].x_advance;
        spaces += text[info[i].cluster] == ' ';
    }
    int32_t slack = inner - w, pen = left;
    if (!justify || spaces == 0 || slack < 0)
        pen = left + (slack > 0 ? slack : 0); /* ragged: right-aligned */
    int k = 0;
    for (size_t i = lo; i <= hi; i++) {
        push(L, (sah_glyph_pos_t){f, info[i].codepoint, pen + pos[i].x_offset,
                                  base - pos[i].y_offset});
        pen += pos[i].x_advance;
        if (justify && spaces && slack > 0 && text[info[i].cluster] == ' ') {
            /* Even spread of the slack, in 26.6: fractional widths. */
            pen += (int32_t)((int64_t)slack * (k + 1) / spaces - (int64_t)slack * k / spaces);
            k++;
        }
    }
}

static void build(layout_t *L, const sah_font_t *f, const opts_t *o, const char *text, size_t len)
{
    sah_font_metrics_t m = sah_font_metrics(f);
    const int32_t inner = (o->width - 2 * o->margin) * 64, left = o->margin * 64;
    const int32_t pitch = (int32_t)lround(o->line_height * (m.ascent + m.descent) / 64.0) * 64;
    /* As pango-pager: line boxes of one pitch each, the glyphs centred in
     * them (half-leading above), as many whole boxes as the inner height
     * holds (at least one). */
    const int32_t first =
        (o->margin * 64 + (pitch - (m.ascent + m.descent)) / 2 + m.ascent + 32) & ~63;
    const int per_page =
        (o->height - 2 * o->margin) * 64 / pitch > 0 ? (o->height - 2 * o->margin) * 64 / pitch : 1;
    int32_t base = first;
    int on_page = 0;
    hb_buffer_t *buf = hb_buffer_create();
    size_t cap_pages = 64;

    L->page_start = malloc(cap_pages * sizeof *L->page_start);
    L->page_start[0] = 0;
    L->npages = 0;
    for (size_t p = 0; p < len;) {
        size_t e = p;
        while (e < len && text[e] != '\n')
            e++;
        if (e > p) {
            hb_buffer_reset(buf);
            hb_buffer_add_utf8(buf, text, (int)len, (unsigned)p, (int)(e - p));
            hb_buffer_set_direction(buf, HB_DIRECTION_RTL);
            hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
            hb_buffer_set_language(buf, hb_language_from_string("ar", 2));
            hb_shape(sah_font_hb(f), buf, NULL, 0);
            unsigned n;
            hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
            hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
            /* RTL output is visual: the paragraph starts at the last glyph. */
            size_t hi = n - 1;
            while (n && hi != (size_t)-1) {
                int32_t w = 0;
                size_t lo = hi, brk = (size_t)-1;
                for (size_t i = hi; i != (size_t)-1; i--) {
                    if (w + pos[i].x_advance > inner && brk != (size_t)-1)
                        break;
                    w += pos[i].x_advance;
                    lo = i;
                    if (text[info[i].cluster] == ' ' && i != hi)
                        brk = i;
                }
                int last = lo == 0;
                if (!last && brk != (size_t)-1)
                    lo = brk + 1; /* the space ends this line, unseen */
                if (on_page == per_page) {
                    if (++L->npages == cap_pages)
                        L->page_start = realloc(L->page_start, (cap_pages *= 2) * sizeof(size_t));
                    L->page_start[L->npages] = L->n;
                    base = first;
                    on_page = 0;
                }
                place_line(L, f, info, pos, text, lo, hi, left, inner, base, !last);
                L->lines++;
                on_page++;
                base += pitch;
                hi = (!last && brk != (size_t)-1) ? brk - 1 : lo - 1;
            }
        }
        p = e + 1;
    }
    L->page_start[++L->npages] = L->n;
    hb_buffer_destroy(buf);
}

static void bench(const char *name, sah_pixfmt_t fmt, const layout_t *L, const sah_font_t *f,
                  const opts_t *o)
{
    sah_glyphcache_t *gc = sah_glyphcache_new(8u << 20, o->hint);
    sah_pagebuf_t *pb = sah_pagebuf_new(fmt, o->width, o->height);
    if (!sah_pagebuf_set_theme(pb, o->theme))
        exit(1);
    double *draw = calloc((size_t)o->runs, sizeof *draw),
           *clear = calloc((size_t)o->runs, sizeof *clear);
    bool ok = true;
    (void)f;

    double t0 = now_ns();
    sah_pagebuf_clear(pb);
    ok &= sah_pagebuf_draw(pb, gc, L->g, L->page_start[1]);
    double cold = now_ns() - t0;
    for (size_t i = 0; i < L->npages; i++) /* warm every page's glyphs */
        ok &= sah_pagebuf_draw(pb, gc, L->g + L->page_start[i],
                               L->page_start[i + 1] - L->page_start[i]);
    for (int r = 0; r < o->runs; r++) {
        double td = 0, tc = 0;
        for (size_t i = 0; i < L->npages; i++) {
            double a = now_ns();
            sah_pagebuf_clear(pb);
            double b = now_ns();
            ok &= sah_pagebuf_draw(pb, gc, L->g + L->page_start[i],
                                   L->page_start[i + 1] - L->page_start[i]);
            double c = now_ns();
            tc += b - a;
            td += c - b;
        }
        draw[r] = td;
        clear[r] = tc;
    }
    double md = bench_median(draw, o->runs), mc = bench_median(clear, o->runs);
    sah_glyphcache_stats_t st;
    sah_glyphcache_stats(gc, &st);
    printf("%-7s draw %.4f ms/page (%.1f ns/glyph)   clear %.4f ms/page   cold first page "
           "%.2f ms   [cache %zu glyphs, %zu KB]%s\n",
           name, md / L->npages / 1e6, md / (double)L->n, mc / L->npages / 1e6, cold / 1e6,
           st.entries, st.bytes / 1024, ok ? "" : "  (some glyphs failed)");
    if (o->out_dir) {
        for (size_t i = 0; i < L->npages; i++) {
            char path[4096];
            sah_pagebuf_clear(pb);
            ok &= sah_pagebuf_draw(pb, gc, L->g + L->page_start[i],
                                   L->page_start[i + 1] - L->page_start[i]);
            snprintf(path, sizeof path, "%s/%s-page-%03zu.png", o->out_dir,
                     fmt == SAH_PIXFMT_A8 ? "a8" : "argb32", i + 1);
            if (!sah_png_write(pb, path))
                break;
        }
    }
    free(draw);
    free(clear);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
}

static void usage(void)
{
    fputs("usage: bench-raster [--font FILE] [--px N] [--width W] [--height H] [--margin M]\n"
          "         [--line-height F] [--runs N] [--hint light|none] [--theme day|night|sepia]\n"
          "         [--out-dir DIR] [ARTICLE]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    opts_t o = {
        .article = SAHIFA_SOURCE_ROOT "/assets/articles/seed-article-ar.txt",
        .px = 20,
        .line_height = 1.6,
        .width = 480,
        .height = 800,
        .margin = 24,
        .runs = 200,
        .hint = SAH_HINT_LIGHT,
        .theme = &sah_theme_day,
    };
    char *found = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--font"))
            o.font = NEXT();
        else if (!strcmp(a, "--px"))
            o.px = atof(NEXT());
        else if (!strcmp(a, "--width"))
            o.width = atoi(NEXT());
        else if (!strcmp(a, "--height"))
            o.height = atoi(NEXT());
        else if (!strcmp(a, "--margin"))
            o.margin = atoi(NEXT());
        else if (!strcmp(a, "--line-height"))
            o.line_height = atof(NEXT());
        else if (!strcmp(a, "--runs"))
            o.runs = atoi(NEXT());
        else if (!strcmp(a, "--hint"))
            o.hint = strcmp(NEXT(), "none") ? SAH_HINT_LIGHT : SAH_HINT_NONE;
        else if (!strcmp(a, "--theme")) {
            const char *t = NEXT();
            o.theme = !strcmp(t, "night")   ? &sah_theme_night
                      : !strcmp(t, "sepia") ? &sah_theme_sepia
                                            : &sah_theme_day;
        } else if (!strcmp(a, "--out-dir"))
            o.out_dir = NEXT();
        else if (a[0] == '-')
            usage();
        else
            o.article = a;
    }
    if (o.runs < 1 || o.width <= 2 * o.margin || o.height <= 2 * o.margin)
        usage();
    if (!o.font && !(o.font = found = find_naskh())) {
        fprintf(stderr, "bench-raster: Noto Naskh Arabic not found (install fonts-noto-core)\n");
        return 77;
    }
    size_t len;
    char *text = read_file(o.article, &len);
    sah_font_t *f = text ? sah_font_new(o.font, o.px) : NULL;
    if (!f) {
        free(text);
        free(found);
        return 1;
    }
    layout_t L = {0};
    build(&L, f, &o, text, len);
    printf("bench-raster: %s %g px, page %dx%d margin %d, line height %.2f, hinting %s, "
           "%d runs\n",
           strrchr(o.font, '/') ? strrchr(o.font, '/') + 1 : o.font, o.px, o.width, o.height,
           o.margin, o.line_height, o.hint == SAH_HINT_LIGHT ? "light" : "none", o.runs);
    printf("%zu pages, %zu lines (%.1f per page), %zu glyphs (%.0f per page)\n", L.npages, L.lines,
           (double)L.lines / L.npages, L.n, (double)L.n / L.npages);
    bench("A8", SAH_PIXFMT_A8, &L, f, &o);
    bench("ARGB32", SAH_PIXFMT_ARGB32, &L, f, &o);

    free(L.g);
    free(L.page_start);
    sah_font_free(f);
    free(text);
    free(found);
    return 0;
}
