/* kashida.c - see kashida.h. */
#include "render/text/kashida.h"

#include <stdbool.h>
#include <unicode/uchar.h>

#include "render/text/uprops.h"

/* The next character from @i on (or back, with @step -1) that is not
 * transparent to joining; -1 when there is none. */
static long nontransparent(const sah_uprops_table_t *up, const uint32_t *T, size_t n, long i,
                           long step)
{
    for (; i >= 0 && (size_t)i < n; i += step)
        if (sah_uprops_joining_type(up, T[i]) != U_JT_TRANSPARENT)
            return i;
    return -1;
}

static bool joins_right(int jt)
{
    return jt == U_JT_DUAL_JOINING || jt == U_JT_RIGHT_JOINING || jt == U_JT_JOIN_CAUSING;
}

/* Whether the letter at @i (which joins on its right) ends its joined
 * run: the final form. */
static bool is_final(const sah_uprops_table_t *up, const uint32_t *T, size_t n, size_t i)
{
    int jt = sah_uprops_joining_type(up, T[i]);
    if (jt == U_JT_RIGHT_JOINING)
        return true;
    long q = nontransparent(up, T, n, (long)i + 1, 1);
    return q < 0 || !joins_right(sah_uprops_joining_type(up, T[q]));
}

static bool in(int g, const int *set, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (set[i] == g)
            return true;
    return false;
}

#define IN(g, ...)                                                                                 \
    in(g, (const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

/* The alreq priority of a kashida between the letter at @p and the one
 * at @i (they join). */
static uint8_t priority(const sah_uprops_table_t *up, const uint32_t *T, size_t n, size_t p,
                        size_t i)
{
    int gp = sah_uprops_joining_group(up, T[p]), gc = sah_uprops_joining_group(up, T[i]);
    if (IN(gp, U_JG_SEEN, U_JG_SAD))
        return 1;
    bool final = is_final(up, T, n, i);
    if (final && IN(gc, U_JG_TEH_MARBUTA, U_JG_TEH_MARBUTA_GOAL, U_JG_HEH, U_JG_DAL))
        return 2;
    if (final && IN(gc, U_JG_ALEF, U_JG_TAH, U_JG_LAM, U_JG_KAF, U_JG_GAF, U_JG_SWASH_KAF))
        return 3;
    if (!final && IN(gc, U_JG_BEH, U_JG_NOON, U_JG_YEH, U_JG_FARSI_YEH)) {
        long q = nontransparent(up, T, n, (long)i + 1, 1);
        if (q >= 0 && is_final(up, T, n, (size_t)q) &&
            IN(sah_uprops_joining_group(up, T[q]), U_JG_REH, U_JG_YEH, U_JG_FARSI_YEH))
            return 4;
    }
    if (final && IN(gc, U_JG_WAW, U_JG_AIN, U_JG_QAF, U_JG_FEH, U_JG_AFRICAN_FEH, U_JG_AFRICAN_QAF))
        return 5;
    return SAH_KASHIDA_PRIO_ANY;
}

void sah_kashida_mark(const uint32_t *T, size_t n, uint8_t *flags)
{
    const sah_uprops_table_t *up = sah_uprops_table();
    const uint8_t need = SAH_KASHIDA_CLUSTER | SAH_KASHIDA_SAFE;
    /* HarfBuzz flags the glyph after a join (the letter a tatweel would
     * go before), so @i's own flags are the ones to ask. */
    for (size_t i = 0; i < n; i++) {
        uint8_t f = flags[i];
        flags[i] = 0;
        if ((f & need) != need)
            continue;
        int jc = sah_uprops_joining_type(up, T[i]);
        if (jc != U_JT_DUAL_JOINING && jc != U_JT_RIGHT_JOINING)
            continue;
        long p = nontransparent(up, T, n, (long)i - 1, -1);
        if (p < 0 || sah_uprops_joining_type(up, T[p]) != U_JT_DUAL_JOINING)
            continue;
        if (sah_uprops_joining_group(up, T[p]) == U_JG_LAM &&
            sah_uprops_joining_group(up, T[i]) == U_JG_ALEF)
            continue; /* lam-alef */
        flags[i] = priority(up, T, n, (size_t)p, i);
    }
}
