/*
 * test-reader-screen.c SAHIFA - what the reader draws, read back from the
 * pixels of `sahifa --screenshot` (800x480, English UI): each block of an
 * article is set in its own direction, and short blocks kept with the next
 * do not leave page 1 near-empty.
 *
 * The page is cut into its text lines (bands of rows with ink between blank
 * rows) and each line is told by where its ink lies: L touches the left
 * margin only (a left-to-right paragraph's last line, ragged on the right),
 * R the right margin only (a right-to-left one's), B both (a justified
 * line). Each case's expected letters were read off the screenshot:
 *
 * - tests/data/dir-ar-en.txt, an Arabic article: Arabic headline, dateline
 *   and body lines at the right margin; "Most game engines are still
 *   written in C++." at the left margin with "C++." at its right end, not
 *   "++C" nor ".C++" at its left; an English quotation over two lines, the
 *   first justified edge to edge, the second from the left margin, ragged.
 *   Its screenshot is tests/data/ref/dir-ar-en-800x480.png, reviewed by eye
 *   (all of the above, letters joined, the status bar's Arabic title at the
 *   left end in the English UI) and compared pixel for pixel as
 *   test-refimages.c does: regenerate it only after looking at the new one.
 * - tests/data/dir-en-ar.txt, an English article with one Arabic paragraph
 *   (at the right margin) and the same C++ sentence: its pixel columns are
 *   the reference for the one in the Arabic article (a left-to-right
 *   paragraph in a left-to-right article is drawn in logical order).
 * - tests/data/dir-title-t.txt: an Arabic article whose headline is the one
 *   Latin letter "T" (its body was once set left to right, from the
 *   headline's direction).
 * - tests/data/library-meta/, the library screen (no article given) in
 *   the English and the Arabic UI: each row's second line names the source
 *   (an Arabic site name) and the reading time, and the source stays at the
 *   line's start edge: the only columns that differ between a row of
 *   12 minutes and one of 13 lie past it (without the isolates around the
 *   source, its Arabic letters took the digits before them in the English
 *   UI: "12 | الشرق min"). The third article names no source: its row says
 *   the bundle.ini's, pixel for pixel as the first row.
 * - tests/data/html/web-news.html, a saved web page: opened as an article,
 *   its first line of ink is its headline, pixel for pixel the headline of
 *   a text article of that line over a paragraph, and more follows on page 1.
 * - tests/data/short-lines.txt: a headline, sixteen one-word lines (a
 *   site's menu, read as headings kept with the next) and 1 KB of body:
 *   page 1 holds more than the headline (it held the headline alone and the
 *   article took 14 pages).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include "testpng.h"
#include "testutil.h"

static const char *sahifa, *wrap;
static char dir[256];

enum { W = 800, H = 480, MARGIN = 24, BAR = 30, TOL = 4 };

typedef struct {
    int top, bottom; /* rows [top, bottom] */
    int left, right; /* ink columns */
} band_t;

/* The screenshot of @article (a path under the source tree) at 800x480 in
 * the English UI, as 8-bit grey, or NULL. (transfer full) */
static uint8_t *shot(const char *article, const char *name)
{
    char *src = article[0] == '/' ? strdup(article) : t_src_path(article), png[512], cmd[2048];
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    snprintf(cmd, sizeof cmd,
             "%s '%s' --screenshot '%s' --width %d --height %d --lang en --state-dir '%s/st-%s' "
             "'%s'",
             wrap, sahifa, png, W, H, dir, name, src);
    int st = system(cmd);
    free(src);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sahifa --screenshot failed", name);
    int w = 0, h = 0;
    uint8_t *g = t_png_read(png, PNG_FORMAT_GRAY, &w, &h, NULL);
    CHECK(g && w == W && h == H, "%s: cannot read %s (%dx%d)", name, png, w, h);
    if (g && (w != W || h != H)) {
        free(g);
        g = NULL;
    }
    return g;
}

/* Ink: darker than the page's background by more than a faint edge. */
static bool ink(const uint8_t *g, int x, int y)
{
    return g[(size_t)y * W + x] + 48 < g[0];
}

/* The text lines of the page area (above the status bar). Arabic dots and
 * marks stand a few rows clear of their letters: a gap of up to GAP rows
 * stays within a line (lines are 14 rows apart or more at this size). */
enum { GAP = 6 };
static size_t bands_in(const uint8_t *g, int x0, int x1, int y1, band_t *out, size_t max)
{
    size_t n = 0;
    bool in = false;
    for (int y = 0; y < y1; y++) {
        int l = W, r = -1;
        for (int x = x0; x < x1; x++)
            if (ink(g, x, y)) {
                l = x < l ? x : l;
                r = x;
            }
        if (r < 0) {
            in = in && y - out[n - 1].bottom <= GAP;
            continue;
        }
        if (!in) {
            if (n == max)
                break;
            out[n++] = (band_t){y, y, l, r};
            in = true;
        }
        band_t *b = &out[n - 1];
        b->bottom = y;
        b->left = l < b->left ? l : b->left;
        b->right = r > b->right ? r : b->right;
    }
    return n;
}

static size_t bands(const uint8_t *g, band_t *out, size_t max)
{
    return bands_in(g, 0, W, H - BAR - 6, out, max);
}

/* The lines' letters: L, R, B or '?' (neither margin). */
static void classify(const band_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        bool l = b[i].left <= MARGIN + TOL, r = b[i].right >= W - MARGIN - 1 - TOL;
        out[i] = l && r ? 'B' : l ? 'L' : r ? 'R' : '?';
    }
    out[n] = 0;
}

static void check_lines(const char *what, const uint8_t *g, const char *expected, band_t *b,
                        size_t *n)
{
    char got[64];
    *n = bands(g, b, 32);
    classify(b, *n, got);
    printf("%s: lines %s\n", what, got);
    for (size_t i = 0; i < *n; i++)
        printf("  line %zu: rows %d-%d, ink from x %d to %d\n", i + 1, b[i].top, b[i].bottom,
               b[i].left, b[i].right);
    CHECK(!strcmp(got, expected), "%s: expected lines %s, got %s", what, expected, got);
}

/* Which columns of band @b have ink: one byte per column. */
static void columns(const uint8_t *g, const band_t *b, uint8_t *col)
{
    for (int x = 0; x < W; x++) {
        col[x] = 0;
        for (int y = b->top; y <= b->bottom; y++)
            col[x] |= ink(g, x, y);
    }
}

/* The same page pixel for pixel as the reviewed reference. */
static void check_ref(const char *name, const char *ref)
{
    char png[512], *rp = t_src_path(ref);
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    int w1 = 0, h1 = 0, w2 = 0, h2 = 0;
    uint8_t *a = t_png_read(png, PNG_FORMAT_RGBA, &w1, &h1, NULL),
            *b = t_png_read(rp, PNG_FORMAT_RGBA, &w2, &h2, NULL);
    CHECK(a && b && w1 == w2 && h1 == h2, "%s: cannot compare with %s", name, ref);
    long differ = 0;
    for (long i = 0; a && b && w1 == w2 && h1 == h2 && i < (long)w1 * h1 * 4; i++)
        differ += a[i] != b[i];
    printf("%s: %ld channel values differ from %s\n", name, differ, ref);
    CHECK(differ == 0, "%s: %ld channel values differ from the reference %s (kept in %s)", name,
          differ, ref, png);
    free(a);
    free(b);
    free(rp);
}

static void directions(void)
{
    band_t ar[32], en[32];
    size_t nar = 0, nen = 0, n = 0;
    uint8_t *gar = shot("tests/data/dir-ar-en.txt", "dir-ar-en");
    uint8_t *gen = shot("tests/data/dir-en-ar.txt", "dir-en-ar");
    uint8_t *gt = shot("tests/data/dir-title-t.txt", "dir-title-t");
    /* headline, dateline, body, C++, body, quotation (2 lines), body */
    if (gar)
        check_lines("Arabic article", gar, "RRRLRBLR", ar, &nar);
    /* headline, body (2 lines), C++, Arabic body, body */
    if (gen)
        check_lines("English article", gen, "LBLLRL", en, &nen);
    /* A one-letter line is no headline (the parser hides it): the first
     * sentence is the headline, then an Arabic body line, all set right
     * whatever that Latin letter was. The headline's two lines are one
     * band of ink: at a display pitch (1.2 of its size) a qaf's tail meets
     * the next line's lam. */
    if (gt)
        check_lines("Arabic article titled T", gt, "RR", (band_t[32]){0}, &n);
    if (gar && gen && nar > 3 && nen > 3) {
        /* The C++ sentence: the same ink columns in both articles. */
        uint8_t ca[W], ce[W];
        columns(gar, &ar[3], ca);
        columns(gen, &en[3], ce);
        int differ = 0;
        for (int x = 0; x < W; x++)
            differ += ca[x] != ce[x];
        printf("C++ line: %d of %d ink columns differ from the English article's\n", differ, W);
        CHECK(differ <= 4,
              "the C++ line of the Arabic article is not drawn as in the English "
              "one (%d columns differ)",
              differ);
    }
    if (gar)
        check_ref("dir-ar-en", "tests/data/ref/dir-ar-en-800x480.png");
    free(gar);
    free(gen);
    free(gt);
}

/* The library screen of tests/data/library-meta in UI language @lang. */
static void library_meta(const char *lang)
{
    /* Only this bundle: an assets folder with no articles
     * (SAHIFA_ASSETS_DIR), the library given with --library. */
    char assets[400], png[512], cmd[2048], name[32];
    snprintf(assets, sizeof assets, "%s/assets-%s", dir, lang);
    CHECK(mkdir(assets, 0700) == 0, "mkdir %s", assets);
    char *lib = t_src_path("tests/data/library-meta");
    snprintf(name, sizeof name, "library-%s", lang);
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    snprintf(cmd, sizeof cmd,
             "SAHIFA_ASSETS_DIR='%s' %s '%s' --screenshot '%s' --width %d --height %d --lang %s "
             "--state-dir '%s/st-%s' --library '%s'",
             assets, wrap, sahifa, png, W, H, lang, dir, name, lib);
    int st = system(cmd);
    free(lib);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sahifa --screenshot failed", name);
    int w = 0, h = 0;
    uint8_t *g = t_png_read(png, PNG_FORMAT_GRAY, &w, &h, NULL);
    CHECK(g && w == W && h == H, "%s: cannot read %s", name, png);
    if (!g || w != W || h != H) {
        free(g);
        return;
    }
    /* A row: its title, its line of metadata, its progress bar (a thin
     * band a third of the width; the header's rule is as wide as the
     * screen). Left out: the selection's bar at the start edge. */
    band_t b[32], meta[3];
    size_t n = bands_in(g, 12, W - 12, H, b, 32), k = 0;
    for (size_t i = 1; i < n && k < 3; i++)
        if (b[i].bottom - b[i].top <= 6 && b[i].right - b[i].left < W / 2)
            meta[k++] = b[i - 1];
    CHECK(k == 3, "%s: %zu rows found", name, k);
    bool rtl = !strcmp(lang, "ar");
    int first = W, last = -1;
    long differ02 = 0;
    for (int dy = -4; k == 3 && dy <= meta[0].bottom - meta[0].top + 4; dy++)
        for (int x = 12; x < W - 12; x++) {
            uint8_t p0 = g[(size_t)(meta[0].top + dy) * W + x],
                    p1 = g[(size_t)(meta[1].top + dy) * W + x],
                    p2 = g[(size_t)(meta[2].top + dy) * W + x];
            if (p0 != p1) {
                first = x < first ? x : first;
                last = x > last ? x : last;
            }
            differ02 += p0 != p2;
        }
    if (k == 3) {
        /* From the start edge to the first column of the minutes. */
        int lead = rtl ? meta[0].right - last : first - meta[0].left;
        printf("%s: metadata line from x %d to %d; 12 and 13 min differ in x %d-%d (%d px from "
               "the start edge); the bundle's source row differs in %ld pixels\n",
               name, meta[0].left, meta[0].right, first, last, lead, differ02);
        CHECK(last >= 0 && lead > 40,
              "%s: the minutes are not after the source (%d px from the start edge)", name, lead);
        CHECK(differ02 == 0,
              "%s: the row without a source of its own differs from the one "
              "naming the bundle's (%ld pixels)",
              name, differ02);
    }
    free(g);
}

static void short_lines(void)
{
    band_t b[32];
    uint8_t *g = shot("tests/data/short-lines.txt", "short-lines");
    if (!g)
        return;
    size_t n = bands(g, b, 32);
    int page = H - BAR - 2 * MARGIN, bottom = n ? b[n - 1].bottom - MARGIN : 0;
    printf("short lines: %zu lines on page 1, ink down to %d%% of the page\n", n,
           100 * bottom / page);
    CHECK(n >= 3 && bottom * 2 >= page,
          "short lines: page 1 is near-empty (%zu lines, ink down to %d of %d px)", n, bottom,
          page);
    free(g);
}

/* A web page opens as an article with its headline on page 1: its first
 * line is a text article's headline line of the same words. */
static void web_page(void)
{
    band_t bw[32], bt[32];
    char txt[400];
    snprintf(txt, sizeof txt, "%s/headline.txt", dir);
    FILE *f = fopen(txt, "w");
    if (!f) {
        CHECK(false, "cannot write %s", txt);
        return;
    }
    fputs("مهرجان الخط العربي يعود إلى الإسكندرية\n\nتنطلق صباح الغد في مدينة الإسكندرية الدورة "
          "الخامسة من مهرجان الخط العربي، بمشاركة أكثر من مئة خطاط من اثنتي عشرة دولة.\n",
          f);
    fclose(f);
    uint8_t *w = shot("tests/data/html/web-news.html", "web-news");
    uint8_t *t = shot(txt, "headline-txt");
    if (w && t) {
        size_t nw = bands(w, bw, 32), nt = bands(t, bt, 32);
        bool same = nw >= 3 && nt >= 1 && bw[0].top == bt[0].top && bw[0].bottom == bt[0].bottom &&
                    bw[0].left == bt[0].left && bw[0].right == bt[0].right;
        for (int y = same ? bw[0].top : 0; same && y <= bw[0].bottom; y++)
            same = !memcmp(w + (size_t)y * W, t + (size_t)y * W, W);
        printf("web page: %zu lines on page 1, the first rows %d-%d\n", nw, nw ? bw[0].top : 0,
               nw ? bw[0].bottom : 0);
        CHECK(same,
              "web page: the first line (rows %d-%d, %zu lines) is not the headline "
              "(rows %d-%d)",
              nw ? bw[0].top : 0, nw ? bw[0].bottom : 0, nw, nt ? bt[0].top : 0,
              nt ? bt[0].bottom : 0);
    }
    free(w);
    free(t);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test-reader-screen SAHIFA\n");
        return 2;
    }
    sahifa = argv[1];
    wrap = getenv("MESON_EXE_WRAPPER") ? getenv("MESON_EXE_WRAPPER") : "";
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/sahifa-reader-screen-XXXXXX", tmp);
    if (!mkdtemp(dir))
        return 1;
    /* Our own XDG folders: no sahifa.ini or library of the user's. */
    char env[300];
    const char *vars[] = {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"};
    for (int i = 0; i < 4; i++) {
        snprintf(env, sizeof env, "%s/xdg%d", dir, i);
        setenv(vars[i], env, 1);
    }
    directions();
    library_meta("en");
    library_meta("ar");
    short_lines();
    web_page();
    int rc = t_summary("test-reader-screen");
    if (!rc) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", dir);
    } else {
        printf("screenshots kept in %s\n", dir);
    }
    return rc;
}
