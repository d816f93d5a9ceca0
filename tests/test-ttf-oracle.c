/*
 * test-ttf-oracle.c - SDL2_ttf as a second, independent pixel oracle: single
 * font, unjustified Arabic and Latin lines drawn by SDL2_ttf (its own
 * HarfBuzz shaping, TTF_SetFontDirection and TTF_SetFontScriptName, its own
 * FreeType rasterization, TTF_RenderUTF8_Blended) against the same lines
 * drawn by sahifa-render (our layout and rasterizer, A8), the same font file
 * at the same size in both.
 *
 * The two cannot agree pixel for pixel: we place glyphs at quarter pixels
 * (render/raster/raster.h), SDL2_ttf rounds to its own subpixel steps, and
 * the two blend overlapping glyphs differently. The tolerance, and why it
 * still fails a wrong rendering:
 *   - the ink box of each line, relative to its pen origin (the line's left
 *     end on its baseline), within BOX_TOL px on every side: a line set in
 *     isolated (unjoined) letters is tens of px wider, a missing or extra
 *     glyph moves an edge by its width;
 *   - the coverage of both lines, each blurred by a 3x3 box (a pixel of
 *     placement either way costs little), compared as a weighted Jaccard
 *     index (sum of min over sum of max of the two blurred coverages, 1 for
 *     identical pictures) at the best of the 3x3 shifts around the origins'
 *     alignment: at least MIN_SIMILARITY in every window of WINDOW px (two
 *     em) across the line, so that one wrong word cannot hide in the
 *     average of a long line.
 * The same lines score 0.76-0.96 in their worst window. Each run proves
 * that the tolerance can fail: SDL2_ttf's drawing of each Arabic line set
 * wrong (letters kept from joining by U+200C, the unshaped look; the line
 * laid out left to right, its words reversed) and of lines with two words
 * swapped must all be rejected (they score 0.00-0.36).
 *
 * The lines hold no digits: SDL2_ttf does no bidi, and shapes a whole
 * string in the one direction it is given, so "2022" in an Arabic line
 * comes out as "2202" (this test catches that as a difference).
 *
 * Fonts are passed as files (SAHIFA_FONT_NASKH, SAHIFA_FONT_SANS, found at
 * configure time); a missing one, or SDL2_ttf missing at configure time,
 * skips (exit 77) saying which.
 */
#include <math.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "testpng.h"
#include "testutil.h"

#if HAVE_SDL2_TTF
#include <SDL2/SDL_ttf.h>

enum { PX = 24, WIDTH = 1000, HEIGHT = 120, MARGIN = 20, BOX_TOL = 2, WINDOW = 2 * PX };
#define MIN_SIMILARITY 0.65

typedef struct {
    const char *name;
    const char *font_env; /* the environment variable naming the font file */
    bool rtl;
    const char *script; /* ISO 15924, for TTF_SetFontScriptName */
    const char *text;
    const char *wrong; /* (nullable) the text set wrong, for the negative case */
} line_case_t;

static const line_case_t cases[] = {
    {"ar-headline", "SAHIFA_FONT_NASKH", true, "Arab",
     "\"غزو أوكرانيا\" يقرّب حلفاء روسيا في آسيا الوسطى من واشنطن", NULL},
    {"ar-body", "SAHIFA_FONT_NASKH", true, "Arab",
     "أرسلت روسيا أكثر من ألفي جندي إلى كازاخستان، حليفتها القديمة",
     "أرسلت روسيا أكثر من جندي ألفي إلى كازاخستان، حليفتها القديمة"},
    {"ar-harakat", "SAHIFA_FONT_NASKH", true, "Arab", "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ", NULL},
    {"ar-lam-alef", "SAHIFA_FONT_NASKH", true, "Arab", "لا الاتحاد السوفيتي والإعلام الأميركي",
     NULL},
    {"latin", "SAHIFA_FONT_SANS", false, "Latn",
     "REUTERS: Kazakhstan's fifty official figures, in 2022.",
     "REUTERS: Kazakhstan's official fifty figures, in 2022."},
    {"latin-lower", "SAHIFA_FONT_SANS", false, "Latn", "quick brown foxes jump over the lazy dog",
     "quick brown jump foxes over the lazy dog"},
};

/* A line's picture: coverage 0..255, @w x @h, and its pen origin. */
typedef struct {
    uint8_t *cov;
    int w, h;
    int ox, oy; /* the line's left end, on its baseline */
} picture_t;

/* Ink: coverage above a faint edge. */
enum { INK = 64 };

typedef struct {
    int left, top, right, bottom; /* relative to the origin; right/bottom inclusive */
    bool any;
} box_t;

static box_t ink_box(const picture_t *p)
{
    box_t b = {p->w, p->h, -1, -1, false};
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < p->w; x++)
            if (p->cov[(size_t)y * p->w + x] >= INK) {
                b.left = x < b.left ? x : b.left;
                b.right = x > b.right ? x : b.right;
                b.top = y < b.top ? y : b.top;
                b.bottom = y;
                b.any = true;
            }
    b.left -= p->ox;
    b.right -= p->ox;
    b.top -= p->oy;
    b.bottom -= p->oy;
    return b;
}

/* Coverage at (x, y) relative to the origin, blurred by a 3x3 box. */
static double blurred(const picture_t *p, int x, int y)
{
    int sum = 0;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int px = p->ox + x + dx, py = p->oy + y + dy;
            if (px >= 0 && py >= 0 && px < p->w && py < p->h)
                sum += p->cov[(size_t)py * p->w + px];
        }
    return sum / 9.0;
}

/* The weighted Jaccard index of @a and @b blurred, @b shifted by (dx, dy):
 * the sum of the smaller of the two coverages over the sum of the larger,
 * within the union of their ink boxes. Over the whole line in @whole, and
 * in @worst the lowest over every window WINDOW px wide (a wrong word
 * among many right ones cannot hide in the line's average). */
static void similarity(const picture_t *a, const picture_t *b, box_t ba, box_t bb, int dx, int dy,
                       double *whole, double *worst)
{
    int x0 = (ba.left < bb.left ? ba.left : bb.left) - 2,
        x1 = (ba.right > bb.right ? ba.right : bb.right) + 2,
        y0 = (ba.top < bb.top ? ba.top : bb.top) - 2,
        y1 = (ba.bottom > bb.bottom ? ba.bottom : bb.bottom) + 2;
    int n = x1 - x0 + 1;
    double *lo = calloc((size_t)n, sizeof *lo), *hi = calloc((size_t)n, sizeof *hi);
    double tl = 0, th = 0;
    *whole = *worst = 0;
    if (!lo || !hi)
        goto out;
    for (int x = x0; x <= x1; x++)
        for (int y = y0; y <= y1; y++) {
            double u = blurred(a, x, y), v = blurred(b, x + dx, y + dy);
            lo[x - x0] += u < v ? u : v;
            hi[x - x0] += u > v ? u : v;
        }
    for (int i = 0; i < n; i++) {
        tl += lo[i];
        th += hi[i];
    }
    *whole = th > 0 ? tl / th : 0;
    *worst = *whole;
    for (int i = 0; i + WINDOW <= n; i += WINDOW / 4) {
        double wl = 0, wh = 0;
        for (int k = i; k < i + WINDOW; k++) {
            wl += lo[k];
            wh += hi[k];
        }
        if (wh > 0 && wl / wh < *worst)
            *worst = wl / wh;
    }
out:
    free(lo);
    free(hi);
}

typedef struct {
    box_t ours, theirs;
    int box_off; /* the largest difference of the boxes' sides, px */
    double sim;  /* the whole line's similarity at the best of the 3x3 shifts */
    double low;  /* its worst window's there */
} verdict_t;

static verdict_t compare(const picture_t *ours, const picture_t *theirs)
{
    verdict_t v = {ink_box(ours), ink_box(theirs), 0, 0, 0};
    int d[4] = {v.ours.left - v.theirs.left, v.ours.right - v.theirs.right,
                v.ours.top - v.theirs.top, v.ours.bottom - v.theirs.bottom};
    for (int i = 0; i < 4; i++)
        v.box_off = abs(d[i]) > v.box_off ? abs(d[i]) : v.box_off;
    if (!v.ours.any || !v.theirs.any) {
        v.box_off = 9999;
        return v;
    }
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            double s, low;
            similarity(ours, theirs, v.ours, v.theirs, dx, dy, &s, &low);
            if (s > v.sim) {
                v.sim = s;
                v.low = low;
            }
        }
    return v;
}

static bool accepted(const verdict_t *v)
{
    return v->box_off <= BOX_TOL && v->low >= MIN_SIMILARITY;
}

static char tmp[256];
static const char *render, *wrap;

/* @text drawn by sahifa-render in @font alone, unjustified (a paragraph's
 * one line is its last), A8. false if it did not run or gave not one line. */
static bool ours(const line_case_t *c, const char *font, picture_t *p)
{
    char txt[512], out[512], dump[512], cmd[4096], png[600];
    snprintf(txt, sizeof txt, "%s/%s.txt", tmp, c->name);
    snprintf(out, sizeof out, "%s/%s", tmp, c->name);
    snprintf(dump, sizeof dump, "%s/%s.lines", tmp, c->name);
    FILE *f = fopen(txt, "w");
    if (!f)
        return false;
    fprintf(f, "%s\n", c->text);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "%s '%s' --font '%s' --px %d --width %d --height %d --margin %d --format a8 "
             "--kashida off --quiet --dump-lines --out-dir '%s' '%s' >/dev/null 2>'%s'",
             wrap, render, font, PX, WIDTH, HEIGHT, MARGIN, out, txt, dump);
    int st = system(cmd);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sahifa-render failed (%s)", c->name, dump);
    size_t n;
    char *lines = t_read_file(dump, &n);
    int nl = 0;
    double x = 0, base = 0;
    for (char *l = lines; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        nl += sscanf(l, "line %*d: page %*d x %lf baseline %lf", &x, &base) == 2;
    free(lines);
    CHECK(nl == 1, "%s: %d lines from sahifa-render, expected 1", c->name, nl);
    snprintf(png, sizeof png, "%s/page-001.png", out);
    uint8_t *g = t_png_read(png, PNG_FORMAT_GRAY, &p->w, &p->h, NULL);
    CHECK(g != NULL, "%s: cannot read %s", c->name, png);
    if (nl != 1 || !g) {
        free(g);
        return false;
    }
    for (size_t i = 0; i < (size_t)p->w * p->h; i++)
        g[i] = (uint8_t)(255 - g[i]); /* the A8 page's PNG is ink on white */
    p->cov = g;
    p->ox = (int)lround(x);
    p->oy = (int)lround(base);
    return true;
}

/* @text drawn by SDL2_ttf in @font. Its surface starts at the pen's left
 * end, unless a glyph's ink starts left of the pen (then TTF_SizeUTF8's
 * width exceeds the advances: not so for these lines), with the baseline
 * at TTF_FontAscent() from the top. */
static bool theirs(TTF_Font *font, const char *text, picture_t *p)
{
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, text, (SDL_Color){255, 255, 255, 255});
    if (!s)
        return false;
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (!argb)
        return false;
    p->w = argb->w;
    p->h = argb->h;
    p->cov = malloc((size_t)p->w * p->h);
    for (int y = 0; p->cov && y < p->h; y++)
        for (int x = 0; x < p->w; x++) {
            const uint32_t *row =
                (const uint32_t *)((const uint8_t *)argb->pixels + y * argb->pitch);
            p->cov[(size_t)y * p->w + x] = (uint8_t)(row[x] >> 24);
        }
    SDL_FreeSurface(argb);
    p->ox = 0;
    p->oy = TTF_FontAscent(font);
    return p->cov != NULL;
}

static TTF_Font *open_font(const char *path, const line_case_t *c, bool rtl)
{
    TTF_Font *f = TTF_OpenFontDPI(path, PX, 72, 72); /* PX points at 72 dpi: PX px an em */
    if (!f)
        return NULL;
    /* Light hinting, as our glyph cache's (SAH_HINT_LIGHT); its subpixel
     * variant places glyphs nearer our quarter pixels than whole pixels
     * do (worst windows 0.76-0.96 rather than 0.69-0.86). */
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT_SUBPIXEL);
    if (TTF_SetFontDirection(f, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR) != 0 ||
        TTF_SetFontScriptName(f, c->script) != 0) {
        TTF_CloseFont(f);
        return NULL;
    }
    return f;
}

static void report(const char *what, const verdict_t *v)
{
    printf("  %-34s box ours [%d,%d]x[%d,%d] theirs [%d,%d]x[%d,%d] off %d px, similarity "
           "%.3f, worst %d px %.3f: %s\n",
           what, v->ours.left, v->ours.right, v->ours.top, v->ours.bottom, v->theirs.left,
           v->theirs.right, v->theirs.top, v->theirs.bottom, v->box_off, v->sim, WINDOW, v->low,
           accepted(v) ? "accepted" : "rejected");
}

/* @text with U+200C (zero width non-joiner) after every Arabic letter: the
 * same letters, none joined. (transfer full) */
static char *unjoined(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n * 3 + 1), *o = out;
    for (const unsigned char *s = (const unsigned char *)text; out && *s;) {
        size_t len = *s < 0x80 ? 1 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : 4;
        bool arabic = len == 2 && (s[0] == 0xD8 || s[0] == 0xD9) &&
                      !(s[0] == 0xD9 && s[1] >= 0x8B && s[1] <= 0x9F); /* not a haraka */
        memcpy(o, s, len);
        o += len;
        s += len;
        if (arabic && !(s[0] == 0xD9 && s[1] >= 0x8B && s[1] <= 0x9F)) {
            memcpy(o, "\xE2\x80\x8C", 3);
            o += 3;
        }
    }
    if (out)
        *o = 0;
    return out;
}

static void one_case(const line_case_t *c)
{
    const char *path = getenv(c->font_env);
    if (!path || !*path) {
        printf("%s: %s not set (font not found at configure time): skipped\n", c->name,
               c->font_env);
        return;
    }
    picture_t a = {0}, b = {0};
    TTF_Font *font = open_font(path, c, c->rtl);
    CHECK(font != NULL, "%s: SDL2_ttf cannot open %s: %s", c->name, path, TTF_GetError());
    if (!font || !ours(c, path, &a) || !theirs(font, c->text, &b)) {
        TTF_CloseFont(font);
        free(a.cov);
        return;
    }
    printf("%s (%s, %d px):\n", c->name, path, PX);
    verdict_t v = compare(&a, &b);
    report("SDL2_ttf, the same line", &v);
    CHECK(accepted(&v),
          "%s: our line differs from SDL2_ttf's: ink boxes %d px apart (at most %d), "
          "similarity %.3f in its worst %d px (at least %.2f)",
          c->name, v.box_off, BOX_TOL, v.low, WINDOW, MIN_SIMILARITY);
    free(b.cov);

    /* The wrong renderings, each of which must be rejected. */
    struct {
        const char *what;
        char *text;
        bool rtl;
    } wrong[3] = {{"SDL2_ttf, two words swapped", c->wrong ? strdup(c->wrong) : NULL, c->rtl}};
    if (c->rtl) {
        wrong[1].what = "SDL2_ttf, letters unjoined";
        wrong[1].text = unjoined(c->text);
        wrong[1].rtl = true;
        wrong[2].what = "SDL2_ttf, laid out left to right";
        wrong[2].text = strdup(c->text);
        wrong[2].rtl = false;
    }
    for (int i = 0; i < 3; i++) {
        if (!wrong[i].text)
            continue;
        TTF_Font *wf = open_font(path, c, wrong[i].rtl);
        picture_t w = {0};
        if (wf && theirs(wf, wrong[i].text, &w)) {
            verdict_t wv = compare(&a, &w);
            report(wrong[i].what, &wv);
            CHECK(!accepted(&wv), "%s: the tolerance accepts a wrong line (%s)", c->name,
                  wrong[i].what);
        }
        CHECK(wf && w.cov, "%s: cannot draw %s", c->name, wrong[i].what);
        free(w.cov);
        TTF_CloseFont(wf);
        free(wrong[i].text);
    }
    free(a.cov);
    TTF_CloseFont(font);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test-ttf-oracle SAHIFA-RENDER\n");
        return 2;
    }
    render = argv[1];
    /* A cross build's emulator (meson test's MESON_EXE_WRAPPER) runs it. */
    wrap = getenv("MESON_EXE_WRAPPER") ? getenv("MESON_EXE_WRAPPER") : "";
    if (!getenv("SAHIFA_FONT_NASKH") || !*getenv("SAHIFA_FONT_NASKH")) {
        printf("SKIP: Noto Naskh Arabic (NotoNaskhArabic-Regular.ttf) not found\n");
        return SKIP;
    }
    if (TTF_Init() != 0) {
        printf("SKIP: TTF_Init: %s\n", TTF_GetError());
        return SKIP;
    }
    snprintf(tmp, sizeof tmp, "%s/sahifa-ttf-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp))
        return 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        one_case(&cases[i]);
    TTF_Quit();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (!t_failures && system(cmd) != 0)
        printf("cannot remove %s\n", tmp);
    return t_summary("test-ttf-oracle");
}

#else
int main(void)
{
    printf("SKIP: SDL2_ttf (libsdl2-ttf-dev) not found at configure time\n");
    return SKIP;
}
#endif
