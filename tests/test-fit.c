/*
 * test-fit.c - total-fit line breaking (render/text/fit.h).
 *
 * The chosen lines against an exhaustive search over every set of line
 * ends, with fit.h's demerits written out here again, for 2,000 random
 * paragraphs of up to 12 words (justified and ragged, with penalties and
 * words wider than the line); a hand-worked paragraph where total fit beats
 * first fit; and the break rules, one case a line: before|after|expected.
 */
#include <math.h>
#include <stdint.h>

#include "render/text/fit.h"
#include "render/text/utf8.h"
#include "testutil.h"

#define SPACE 64
#define MAXW  12

typedef struct {
    int n;            /* words */
    int32_t w[MAXW];  /* their widths */
    double pen[MAXW]; /* penalty of ending a line after word i */
} para_t;

/* Points of @p: the start, then after each word (a space after it). */
static size_t fill(sah_fit_t *f, const para_t *p, sah_fit_point_t **out)
{
    sah_fit_point_t *pt = sah_fit_points(f, (size_t)p->n + 1);
    int64_t x = 0;
    uint32_t sp = 0;
    pt[0] = (sah_fit_point_t){0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < p->n; i++) {
        int64_t vis = x + p->w[i];
        bool last = i == p->n - 1;
        x = vis + (last ? 0 : SPACE);
        pt[i + 1] = (sah_fit_point_t){x,
                                      vis,
                                      (int64_t)sp * SPACE + (last ? 0 : SPACE),
                                      (int64_t)sp * SPACE,
                                      (int64_t)(sp + !last) * SPACE / 5,
                                      (int64_t)sp * SPACE / 5,
                                      sp + !last,
                                      sp,
                                      last ? 0 : p->pen[i],
                                      (uint32_t)i + 1};
        sp += !last;
    }
    *out = pt;
    return (size_t)p->n + 1;
}

/* fit.h's demerits of the line from point @a to @b, or -1 if it does not
 * fit (written from the header's description, not from fit.c). */
static double line_demerits(const sah_fit_point_t *a, const sah_fit_point_t *b, bool last,
                            bool first, const sah_fit_params_t *par)
{
    double slack = (double)(par->width - (b->x_vis - a->x)), bad;
    double st = (double)(b->stretch_vis - a->stretch), sh = (double)(b->shrink_vis - a->shrink);
    if (last || par->ragged) {
        if (slack < 0)
            return -1;
        double r = last ? 0 : slack / (double)par->ragged_stretch;
        bad = 100 * pow(fmin(r, 100), 3);
    } else if (slack >= 0) {
        bad = st > 0 ? 100 * pow(fmin(slack / st, 100), 3) : (slack > 0 ? 1e8 : 0);
    } else {
        if (-slack > sh)
            return -1;
        bad = 100 * pow(-slack / sh, 3);
    }
    double d = (par->line_penalty + bad) * (par->line_penalty + bad) + par->line_cost;
    if (!last)
        d += b->penalty;
    else if (!first && b->spaces_vis == a->spaces)
        d += par->one_word_last;
    return d;
}

/* The least demerits over every set of ends (bit i: a line ends after
 * word i); INFINITY when nothing fits. */
static double brute(const sah_fit_point_t *pt, int n, const sah_fit_params_t *par,
                    uint32_t *best_set)
{
    double best = INFINITY;
    for (uint32_t set = 0; set < (1u << (n - 1)); set++) {
        double total = 0;
        int from = 0;
        for (int j = 1; j <= n && total >= 0; j++) {
            if (j < n && !(set >> (j - 1) & 1))
                continue;
            double d = line_demerits(&pt[from], &pt[j], j == n, from == 0, par);
            total = d < 0 ? -1 : total + d;
            from = j;
        }
        if (total >= 0 && total < best * (1 - 1e-12)) {
            best = total;
            *best_set = set;
        }
    }
    return best;
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

static void test_exhaustive(void)
{
    sah_fit_t *f = sah_fit_new();
    CHECK(f != NULL, "no fit");
    int agree = 0, none = 0;
    for (int k = 0; f && k < 2000; k++) {
        para_t p = {(int)rnd(MAXW) + 1, {0}, {0}};
        for (int i = 0; i < p.n; i++) {
            p.w[i] = (int32_t)(rnd(9) + 1) * SPACE + (int32_t)rnd(SPACE);
            p.pen[i] = rnd(5) == 0 ? SAH_FIT_AVOID : 0;
        }
        sah_fit_params_t par = {(int64_t)(rnd(20) + 6) * SPACE, rnd(4) == 0, 0, 10, 3000, 4000};
        par.ragged_stretch = par.width / 4;
        sah_fit_point_t *pt;
        size_t np = fill(f, &p, &pt);
        const uint32_t *ends;
        size_t lines = sah_fit_run(f, np, &par, &ends);
        uint32_t set = 0;
        double want = brute(pt, p.n, &par, &set);
        if (!isfinite(want)) {
            CHECK(lines == 0, "paragraph %d: nothing fits, yet %zu lines", k, lines);
            none++;
            continue;
        }
        double got = 0;
        size_t from = 0;
        for (size_t l = 0; l < lines; l++) {
            got += line_demerits(&pt[from], &pt[ends[l]], l == lines - 1, from == 0, &par);
            from = ends[l];
        }
        bool ok = lines && ends[lines - 1] == np - 1 && fabs(got - want) <= 1e-9 * want;
        agree += ok;
        CHECK(ok,
              "paragraph %d (%d words, width %lld): %zu lines of %.6g demerits, the least is "
              "%.6g",
              k, p.n, (long long)par.width, lines, got, want);
    }
    printf("exhaustive search: %d of %d paragraphs agree (%d with no solution)\n", agree,
           2000 - none, none);
    sah_fit_free(f);
}

/* Words 4, 4, 1 and 5 spaces wide at a measure of 10.8 spaces (a space
 * stretches by its width, shrinks by a fifth). First fit never shrinks:
 * "4 4 1" is 11 > 10.8, so line 1 is "4 4" (9: slack 1.8 on one space, r
 * 1.8, badness 583, demerits 593^2 + 3000 = 354,649) and line 2 "1 5"
 * (3,100). Total fit shrinks the two spaces of "4 4 1" by 0.2 of their 0.4
 * (r 0.5, badness 12.5, 22.5^2 + 3000 = 3,506) and leaves "5" alone on the
 * last line (100 + 3000 + 4000 for one word): 10,606 in all. */
static void test_hand(void)
{
    para_t q = {4, {4 * SPACE, 4 * SPACE, 1 * SPACE, 5 * SPACE}, {0}};
    sah_fit_params_t par = {(int64_t)(10.8 * SPACE), false, 0, 10, 3000, 4000};
    sah_fit_t *f = sah_fit_new();
    sah_fit_point_t *pt;
    size_t np = fill(f, &q, &pt);
    const uint32_t *ends;
    size_t lines = sah_fit_run(f, np, &par, &ends);
    CHECK(lines == 2 && ends[0] == 3 && ends[1] == 4,
          "hand-worked: expected lines ending after words 3 and 4, got %zu lines ending after %u",
          lines, lines ? ends[0] : 0);
    sah_fit_free(f);
}

static void test_rules(void)
{
    /* before|after|0 none, A avoid, F forbid */
    static const char *const rules[] = {
        "في|المدينة|A",  "على|الطاولة|A",  "إلى|الصين|A",  "من|واشنطن|A", "عن|الحرب|A",
        "و|قال|A",       "فيه|شيء|0",      "2.1%|في|0",    "بـ|2.1%|F",   "28|ديسمبر|F",
        "ديسمبر|2021|F", "ديسمبر،|2021|F", "28|ديسمبر،|F", "3.5|مليار|F", "١٢٠٠|ريال|F",
        "(28|يناير)|F",  "2022،|أرسلت|0",  "عام|2022|0",   "3|January|F", "January|2022|F",
        "كلمة|أخرى|0",   "|كلمة|0",        "كلمة||0",
    };
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", rules[k]);
        char *a = strchr(buf, '|');
        *a++ = 0;
        char *e = strchr(a, '|');
        *e++ = 0;
        uint32_t bw[64], aw[64];
        size_t nb = sah_utf8_decode(buf, strlen(buf), SAH_UTF8_STRICT, bw, NULL, NULL);
        size_t na = sah_utf8_decode(a, strlen(a), SAH_UTF8_STRICT, aw, NULL, NULL);
        double got = sah_fit_break_penalty(bw, nb, aw, na);
        char g = got >= SAH_FIT_FORBID ? 'F' : got >= SAH_FIT_AVOID ? 'A' : got == 0 ? '0' : '?';
        CHECK(g == *e, "a line ending on \"%s\" before \"%s\": expected %c, got %c (%g)", buf, a,
              *e, g, got);
    }
}

int main(void)
{
    test_exhaustive();
    test_hand();
    test_rules();
    /* Bad input: fewer than two points, or none given. */
    sah_fit_t *f = sah_fit_new();
    const uint32_t *ends;
    sah_fit_params_t par = {640, false, 160, 10, 0, 0};
    CHECK(f && sah_fit_run(f, 1, &par, &ends) == 0, "one point");
    CHECK(f && sah_fit_run(f, 5, &par, &ends) == 0, "points never given");
    sah_fit_free(f);
    sah_fit_free(NULL);
    return t_summary("test-fit");
}
