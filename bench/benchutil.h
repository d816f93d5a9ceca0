/*
 * benchutil.h - the clock and the median every benchmark reports by
 * (header-only, as tests/testutil.h: each benchmark stays one file plus
 * this).
 */
#ifndef SAH_BENCHUTIL_H
#define SAH_BENCHUTIL_H

#include <stdlib.h>
#include <time.h>

/* A monotonic clock in milliseconds: wall-clock steps must not show. */
static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of @v[0..n) (sorted in place): on a shared machine a single
 * run varies by up to 50%, the median of several much less. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif
