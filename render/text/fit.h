/*
 * fit.h - total-fit line breaking: the line ends of a whole paragraph
 * chosen together, in the manner of Knuth and Plass.
 *
 *   sah_fit_t *f = sah_fit_new();
 *   sah_fit_point_t *pt = sah_fit_points(f, n);   // fill pt[0..n)
 *   const uint32_t *ends;
 *   size_t lines = sah_fit_run(f, n, &params, &ends); // ends[k]: index in pt
 *   sah_fit_free(f);
 *
 * The points are where a line may start (pt[0], the paragraph's start) or
 * end (every later one; the last is the paragraph's end, which the last
 * line reaches). Each carries running totals from the paragraph's start,
 * so a line from point i to point j has natural width
 * pt[j].x_vis - pt[i].x, stretch pt[j].stretch_vis - pt[i].stretch and so
 * on ("_vis": up to the end of the last visible character before the point;
 * the spaces a line ends on hang in the margin).
 *
 * A justified line's badness is 100 r^3, r its slack over its stretch (or
 * its excess over its shrink; past the shrink it is not allowed); a ragged
 * line's, r its shortfall over a fixed stretch; the last line's is 0. A
 * line costs (line_penalty + badness)^2 + line_cost demerits, plus the
 * penalty of the point it ends on, plus one_word_last for a last line
 * without a space after another line. The chosen lines have the least total demerits.
 *
 * Time is the number of points times the points a line can hold; memory is
 * 88 bytes a point, kept for the next call.
 */
#ifndef SAH_FIT_H
#define SAH_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t x, x_vis;             /* natural width before the point (26.6) */
    int64_t stretch, stretch_vis; /* stretchability before it (26.6) */
    int64_t shrink, shrink_vis;   /* shrinkability before it (26.6) */
    uint32_t spaces, spaces_vis;  /* word spaces before it */
    double penalty;               /* demerits of a line ending here */
    uint32_t at;                  /* the caller's: where the point is */
} sah_fit_point_t;

typedef struct {
    int64_t width;          /* the measure, 26.6, > 0 */
    bool ragged;            /* lines are not justified: no shrink, badness from the shortfall */
    int64_t ragged_stretch; /* with @ragged: the shortfall of badness 100 */
    double line_penalty;    /* added to each line's badness before squaring (TeX's) */
    double line_cost;       /* added to each line's demerits: a line more costs this much */
    double one_word_last;   /* demerits of a last line without a space (after another line) */
} sah_fit_params_t;

/* Penalty demerits for the points: a break to avoid, and one only taken
 * when nothing else fits. */
#define SAH_FIT_AVOID  8000.0
#define SAH_FIT_FORBID 1e12

typedef struct sah_fit sah_fit_t;

/* (transfer full), or NULL when out of memory. */
sah_fit_t *sah_fit_new(void) __attribute__((warn_unused_result));
void sah_fit_free(sah_fit_t *fit);

/* (transfer none): room for @n points to fill, valid until the next call
 * on @fit; NULL when out of memory. */
sah_fit_point_t *sah_fit_points(sah_fit_t *fit, size_t n) __attribute__((warn_unused_result));

/*
 * sah_fit_run:
 * Chooses the line ends among the @n points (n >= 2) given by
 * sah_fit_points().
 * @ends: (out) (transfer none): the index of each line's end point, in
 *   order (the last is n - 1); valid until the next call on @fit.
 *
 * Returns: the number of lines; 0 when the points cannot be reached without
 * an overfull line (a piece between two points wider than the line: the
 * caller fills that paragraph another way) or memory ran out.
 */
size_t sah_fit_run(sah_fit_t *fit, size_t n, const sah_fit_params_t *params, const uint32_t **ends)
    __attribute__((warn_unused_result));

/*
 * sah_fit_break_penalty:
 * What ending a line between two words costs, by the rules of newspaper
 * Arabic: after a short preposition or conjunction that belongs to the
 * next word (في على إلى من عن و; إلى also as الى) is
 * SAH_FIT_AVOID; between a number and the unit or month after it ("2.1
 * مليون", "28 ديسمبر"), a month and its year ("ديسمبر 2021"), or a prefix
 * written with a tatweel and what it is attached to ("بـ 2.1%") is
 * SAH_FIT_FORBID. @before is the word the line would end on (without the
 * spaces after it), @after the one the next would start with; either may
 * be empty.
 */
double sah_fit_break_penalty(const uint32_t *before, size_t nb, const uint32_t *after, size_t na);

#endif
