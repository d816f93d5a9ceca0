/* fit.c - see fit.h. */
#include "render/text/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "platform/grow.h"

struct sah_fit {
    sah_fit_point_t *pts;
    size_t pts_cap;
    double *best; /* least demerits of lines up to each point */
    size_t best_cap;
    uint32_t *prev; /* the point the last of those lines starts at */
    size_t prev_cap;
    uint32_t *ends;
    size_t ends_cap;
};

sah_fit_t *sah_fit_new(void)
{
    return calloc(1, sizeof(sah_fit_t));
}

void sah_fit_free(sah_fit_t *f)
{
    if (!f)
        return;
    free(f->pts);
    free(f->best);
    free(f->prev);
    free(f->ends);
    free(f);
}

sah_fit_point_t *sah_fit_points(sah_fit_t *f, size_t n)
{
    if (!sah_grow((void **)&f->pts, &f->pts_cap, n, sizeof *f->pts))
        return NULL;
    return f->pts;
}

/* Past a hundred times its stretch (or with slack and no stretch at all: a
 * lone word that does not end its paragraph) a line is as bad as it gets;
 * it is still allowed, so that a paragraph always has a solution. Below
 * that, looser is always worse (TeX stops at 10, which makes a line of one
 * word as good as one with ten times its spaces' stretch). */
#define R_MAX 100.0

static double cube_badness(double r)
{
    if (r > R_MAX)
        r = R_MAX;
    return 100.0 * r * r * r;
}

/* The badness of the line from @a to @b, or -1 when it does not fit. */
static double badness(const sah_fit_point_t *a, const sah_fit_point_t *b, bool last,
                      const sah_fit_params_t *p)
{
    int64_t slack = p->width - (b->x_vis - a->x);
    if (last || p->ragged) {
        if (slack < 0)
            return -1;
        if (last)
            return 0;
        return cube_badness(p->ragged_stretch > 0 ? (double)slack / (double)p->ragged_stretch : 0);
    }
    if (slack >= 0) {
        int64_t st = b->stretch_vis - a->stretch;
        if (st <= 0)
            return slack ? cube_badness(R_MAX) : 0;
        return cube_badness((double)slack / (double)st);
    }
    int64_t sh = b->shrink_vis - a->shrink;
    if (-slack > sh)
        return -1;
    return cube_badness((double)-slack / (double)sh);
}

size_t sah_fit_run(sah_fit_t *f, size_t n, const sah_fit_params_t *p, const uint32_t **ends)
{
    *ends = NULL;
    if (n < 2 || !f->pts || f->pts_cap < n)
        return 0;
    if (!sah_grow((void **)&f->best, &f->best_cap, n, sizeof *f->best) ||
        !sah_grow((void **)&f->prev, &f->prev_cap, n, sizeof *f->prev))
        return 0;
    const sah_fit_point_t *pt = f->pts;
    f->best[0] = 0;
    for (size_t j = 1; j < n; j++) {
        bool last = j == n - 1;
        double best = INFINITY;
        uint32_t from = 0;
        for (size_t i = j; i-- > 0;) {
            /* Lines from further back are wider still, even shrunk (a
             * space is wider than what it may shrink): stop at the first
             * one that cannot fit. */
            int64_t nat = pt[j].x_vis - pt[i].x;
            int64_t sh = p->ragged ? 0 : pt[j].shrink_vis - pt[i].shrink;
            if (nat - sh > p->width)
                break;
            if (!isfinite(f->best[i]))
                continue;
            double b = badness(&pt[i], &pt[j], last, p);
            if (b < 0)
                continue;
            double d = (p->line_penalty + b) * (p->line_penalty + b) + p->line_cost;
            if (!last)
                d += pt[j].penalty;
            else if (i > 0 && pt[j].spaces_vis == pt[i].spaces)
                d += p->one_word_last;
            if (f->best[i] + d < best) {
                best = f->best[i] + d;
                from = (uint32_t)i;
            }
        }
        f->best[j] = best;
        f->prev[j] = from;
    }
    if (!isfinite(f->best[n - 1]))
        return 0;
    size_t lines = 0;
    for (size_t j = n - 1; j > 0; j = f->prev[j])
        lines++;
    if (!sah_grow((void **)&f->ends, &f->ends_cap, lines, sizeof *f->ends))
        return 0;
    size_t k = lines;
    for (size_t j = n - 1; j > 0; j = f->prev[j])
        f->ends[--k] = (uint32_t)j;
    *ends = f->ends;
    return lines;
}

/* ------------------------------------------------------- break rules */

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
}

static bool has_digit(const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(w[i]))
            return true;
    return false;
}

/* Punctuation around a word that does not change what it is. */
static bool is_punct(uint32_t c)
{
    return c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == '\'' || c == ',' ||
           c == '.' || c == ':' || c == ';' || c == '!' || c == '?' || c == 0xAB || c == 0xBB ||
           c == 0x060C || c == 0x061B || c == 0x061F || c == 0x06D4 || c == 0x201C || c == 0x201D ||
           c == 0x2018 || c == 0x2019;
}

/* @w without the punctuation around it, as UTF-8 into @buf (false when it
 * is longer than any word of the lists). */
static bool word_utf8(const uint32_t *w, size_t n, char *buf, size_t size)
{
    while (n && is_punct(w[n - 1]))
        n--;
    while (n && is_punct(w[0]))
        w++, n--;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = w[i];
        if (k + 4 >= size)
            return false;
        if (c < 0x80) {
            buf[k++] = (char)c;
        } else if (c < 0x800) {
            buf[k++] = (char)(0xC0 | c >> 6);
            buf[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            buf[k++] = (char)(0xE0 | c >> 12);
            buf[k++] = (char)(0x80 | (c >> 6 & 0x3F));
            buf[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            return false;
        }
    }
    buf[k] = 0;
    return true;
}

static bool listed(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* Words a line should not end on: they lean on the next word (at most
 * LEANING_MAX characters, punctuation around them aside). */
#define LEANING_MAX 3
static const char *const leaning[] = {"في", "على", "إلى", "الى", "من", "عن", "و", NULL};

/* Month names: Egyptian and Levantine Arabic, and English. */
static const char *const months[] = {
    "يناير",   "فبراير",    "مارس",    "أبريل",    "ابريل",    "إبريل", "مايو",
    "يونيو",   "يونيه",     "يوليو",   "يوليه",    "أغسطس",    "اغسطس", "سبتمبر",
    "أكتوبر",  "اكتوبر",    "نوفمبر",  "ديسمبر",   "كانون",    "شباط",  "آذار",
    "نيسان",   "أيار",      "حزيران",  "تموز",     "آب",       "أيلول", "تشرين",
    "January", "February",  "March",   "April",    "May",      "June",  "July",
    "August",  "September", "October", "November", "December", NULL};

/* Units and counted words that follow a number. */
static const char *const units[] = {
    "%",     "٪",     "ألف",      "آلاف",    "الف",     "مليون",    "ملايين",  "مليار",  "مليارات",
    "بليون", "دولار", "دولارا",   "دولاراً",  "دولارات", "يورو",     "جنيه",    "جنيها",  "جنيهاً",
    "ريال",  "ريالا", "ريالاً",    "درهم",    "درهما",   "درهماً",    "دينار",   "دينارا", "ديناراً",
    "ليرة",  "روبل",  "برميل",    "طن",      "كيلومتر", "كيلومترا", "كم",      "متر",    "مترا",
    "كلم",   "كغ",    "كيلوغرام", "ميغاواط", "درجة",    "بالمئة",   "بالمائة", "عام",    "عاما",
    "عاماً",  "سنة",   "سنوات",    "شهر",     "شهرا",    "أشهر",     "يوم",     "يوما",   "يوماً",
    "أيام",  "ساعة",  "ساعات",    "دقيقة",   "دقائق",   "هـ",       "م",       NULL};

/* The length of @w without the punctuation around it (as word_utf8()
 * spells it). */
static size_t bare_length(const uint32_t *w, size_t n)
{
    while (n && is_punct(w[n - 1]))
        n--;
    while (n && is_punct(w[0]))
        w++, n--;
    return n;
}

double sah_fit_break_penalty(const uint32_t *before, size_t nb, const uint32_t *after, size_t na)
{
    /* A prefix written with a tatweel ("بـ") is attached to what follows. */
    if (nb && before[nb - 1] == 0x0640 && na)
        return SAH_FIT_FORBID;
    /* Most breaks are between two words without a digit, the first longer
     * than any leaning word: decided without spelling either out. */
    bool bdig = has_digit(before, nb), adig = has_digit(after, na);
    char b[64], a[64];
    if (bdig && na && word_utf8(after, na, a, sizeof a) && (listed(a, units) || listed(a, months)))
        return SAH_FIT_FORBID;
    /* A leaning word has at most LEANING_MAX characters once its
     * punctuation is off: a longer one is not spelt out to be compared. */
    bool short_before = nb <= LEANING_MAX + 2 && bare_length(before, nb) <= LEANING_MAX;
    bool bw = nb && (short_before || adig) && word_utf8(before, nb, b, sizeof b);
    if (adig && bw && listed(b, months))
        return SAH_FIT_FORBID;
    if (bw && short_before && listed(b, leaning))
        return SAH_FIT_AVOID;
    return 0;
}
