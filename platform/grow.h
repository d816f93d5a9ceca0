/*
 * grow.h - the one array-growing helper of the engine's modules.
 *
 *   if (!sah_grow((void **)&v, &cap, n + 1, sizeof *v)) return false;
 *
 * Capacity doubles (from 256 elements), so appending is amortized O(1). On
 * failure nothing changes: *p and *cap keep their old values.
 */
#ifndef SAH_GROW_H
#define SAH_GROW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static inline bool sah_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 256;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem)
            return false;
        nc *= 2;
    }
    void *q = realloc(*p, nc * elem);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

#endif
