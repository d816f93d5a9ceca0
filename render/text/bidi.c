/* bidi.c - see bidi.h. */
#include "render/text/bidi.h"

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

struct sah_bidi {
    FriBidiCharType *types;     /* owned, cap entries */
    FriBidiBracketType *btypes; /* owned */
    FriBidiLevel *flevels;      /* owned: FriBidi's signed levels */
    uint8_t *levels;            /* owned */
    size_t cap, len;
    int base_level;
};

sah_bidi_t *sah_bidi_new(void)
{
    return calloc(1, sizeof(sah_bidi_t));
}

void sah_bidi_free(sah_bidi_t *b)
{
    if (!b)
        return;
    free(b->types);
    free(b->btypes);
    free(b->flevels);
    free(b->levels);
    free(b);
}

static bool reserve(sah_bidi_t *b, size_t n)
{
    if (n <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < n)
        cap *= 2;
    FriBidiCharType *t = realloc(b->types, cap * sizeof *t);
    if (t)
        b->types = t;
    FriBidiBracketType *bt = realloc(b->btypes, cap * sizeof *bt);
    if (bt)
        b->btypes = bt;
    FriBidiLevel *fl = realloc(b->flevels, cap * sizeof *fl);
    if (fl)
        b->flevels = fl;
    uint8_t *l = realloc(b->levels, cap);
    if (l)
        b->levels = l;
    if (!t || !bt || !fl || !l)
        return false; /* the grown ones are kept; cap is unchanged */
    b->cap = cap;
    return true;
}

/* Isolates nested past this depth (counting embeddings too) are treated as
 * BN, i.e. ignored, with their PDIs. Debian 12's FriBidi 1.0.8 reads and
 * writes out of bounds when about a hundred isolate initiators reach the
 * maximum depth of 125 (a SEGV in a release build); no text a person writes nests anywhere near
 * this. The depth is UAX#9's own (rules X1-X8): a PDI closes the embeddings opened inside its
 * isolate, a PDF never closes an isolate, and overflowing initiators push nothing; a plain counter
 * let a PDF after each RLI keep the count low while the real depth grew
 * (fuzz/known-crashes/text/crash-text-955a56cb0ded5861). */
#define MAX_ISOLATE_DEPTH 60
#define MAX_DEPTH         125 /* UAX#9's max_depth */

static void limit_isolates(FriBidiCharType *t, size_t n)
{
    bool isolate[MAX_DEPTH + 2]; /* the directional status stack: isolate or embedding */
    size_t depth = 0, valid_isolates = 0, overflow_embeddings = 0, neutralized = 0;
    for (size_t i = 0; i < n; i++) {
        FriBidiCharType c = t[i];
        if (FRIBIDI_IS_ISOLATE(c) && c != FRIBIDI_TYPE_PDI) {
            /* Inside a neutralized one every initiator is neutralized too, so
             * that a PDI always pairs with the latest open initiator. */
            if (neutralized || overflow_embeddings || depth >= MAX_ISOLATE_DEPTH) {
                t[i] = FRIBIDI_TYPE_BN; /* and its PDI, below */
                neutralized++;
            } else {
                isolate[depth++] = true;
                valid_isolates++;
            }
        } else if (c == FRIBIDI_TYPE_PDI) {
            if (neutralized) {
                t[i] = FRIBIDI_TYPE_BN;
                neutralized--;
            } else if (valid_isolates) {
                overflow_embeddings = 0;
                while (depth && !isolate[depth - 1])
                    depth--;
                if (depth)
                    depth--;
                valid_isolates--;
            }
        } else if (c == FRIBIDI_TYPE_LRE || c == FRIBIDI_TYPE_RLE || c == FRIBIDI_TYPE_LRO ||
                   c == FRIBIDI_TYPE_RLO) {
            /* Neutralized isolates are BN to FriBidi: what is inside them
             * still nests. */
            if (!overflow_embeddings && depth < MAX_DEPTH)
                isolate[depth++] = false;
            else
                overflow_embeddings++;
        } else if (c == FRIBIDI_TYPE_PDF) {
            if (overflow_embeddings)
                overflow_embeddings--;
            else if (depth && !isolate[depth - 1])
                depth--;
        } else if (c == FRIBIDI_TYPE_BS) {
            depth = valid_isolates = overflow_embeddings = neutralized = 0;
        }
    }
}

/* The one level every character of a paragraph resolves to when the
 * paragraph needs no rule of UAX#9 past its direction, or -1. That is so
 * when it has no explicit formatting or isolate (X1-X10), no paragraph
 * separator inside (P1), no Arabic number (W rules, I1-I2), and its strong characters all go one
 * way, the paragraph's: right to left without European numbers (an EN there rises to level 2 by
 * I2), left to right with them (W7 makes them L). Neutrals and separators between or beside such
 * letters take the paragraph's direction (N1-N2, brackets N0, L1), NSM the previous character's
 * (W1) and BN its neighbours' (X9). Most paragraphs of Arabic prose are like this, and FriBidi's
 * run lists cost an allocation per run. */
static int uniform_level(const FriBidiCharType *t, size_t n, FriBidiParType par)
{
    bool rtl = false, ltr = false, en = false;
    int first = -1; /* the first strong character's direction (P2) */
    for (size_t i = 0; i < n; i++) {
        FriBidiCharType c = t[i];
        if (FRIBIDI_IS_EXPLICIT(c) || FRIBIDI_IS_ISOLATE(c) || c == FRIBIDI_TYPE_AN ||
            c == FRIBIDI_TYPE_BS)
            return -1;
        if (c == FRIBIDI_TYPE_EN)
            en = true;
        else if (FRIBIDI_IS_LETTER(c)) {
            bool r = FRIBIDI_IS_RTL(c);
            rtl |= r;
            ltr |= !r;
            if (first < 0)
                first = r;
        }
    }
    int level;
    if (par == FRIBIDI_PAR_RTL || par == FRIBIDI_PAR_LTR)
        level = par == FRIBIDI_PAR_RTL;
    else
        level = first >= 0 ? first : par == FRIBIDI_PAR_WRTL;
    if (level == 1 && !ltr && !en)
        return 1;
    if (level == 0 && !rtl)
        return 0;
    return -1;
}

bool sah_bidi_paragraph(sah_bidi_t *b, const uint32_t *text, size_t len, sah_direction_t dir)
{
    FriBidiParType par;

    if (len > (size_t)INT32_MAX || !reserve(b, len ? len : 1))
        return false;
    switch (dir) {
    case SAH_DIR_RTL:
        par = FRIBIDI_PAR_RTL;
        break;
    case SAH_DIR_LTR:
        par = FRIBIDI_PAR_LTR;
        break;
    case SAH_DIR_AUTO:
        par = FRIBIDI_PAR_WRTL;
        break;
    default:
        par = FRIBIDI_PAR_ON;
        break;
    }
    b->len = len;
    if (len == 0) {
        b->base_level = (par == FRIBIDI_PAR_RTL || par == FRIBIDI_PAR_WRTL) ? 1 : 0;
        return true;
    }
    fribidi_get_bidi_types(text, (FriBidiStrIndex)len, b->types);
    int uniform = uniform_level(b->types, len, par);
    if (uniform >= 0) {
        memset(b->levels, uniform, len);
        b->base_level = uniform;
        return true;
    }
    limit_isolates(b->types, len);
    fribidi_get_bracket_types(text, (FriBidiStrIndex)len, b->types, b->btypes);
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(b->types, b->btypes,
                                                           (FriBidiStrIndex)len, &par, b->flevels);
    if (max == 0)
        return false; /* FriBidi only fails when out of memory */
    for (size_t i = 0; i < len; i++)
        b->levels[i] = (uint8_t)(unsigned char)b->flevels[i]; /* 0..126: never negative */
    b->base_level = FRIBIDI_IS_RTL(par) ? 1 : 0;
    return true;
}

int sah_bidi_first_strong(const uint32_t *text, size_t len)
{
    size_t isolates = 0;
    for (size_t i = 0; i < len; i++) {
        FriBidiCharType t = fribidi_get_bidi_type(text[i]);
        if (t == FRIBIDI_TYPE_BS)
            break;
        if (FRIBIDI_IS_ISOLATE(t)) {
            if (t != FRIBIDI_TYPE_PDI)
                isolates++;
            else if (isolates)
                isolates--;
        } else if (!isolates && FRIBIDI_IS_LETTER(t)) {
            return FRIBIDI_IS_RTL(t) ? 1 : 0;
        }
    }
    return -1;
}

int sah_bidi_base_level(const sah_bidi_t *b)
{
    return b->base_level;
}

const uint8_t *sah_bidi_levels(const sah_bidi_t *b)
{
    return b->levels;
}

static uint8_t l1_class(FriBidiCharType t)
{
    if (t == FRIBIDI_TYPE_SS || t == FRIBIDI_TYPE_BS)
        return SAH_L1_SEPARATOR;
    if (FRIBIDI_IS_EXPLICIT_OR_BN_OR_WS(t) || FRIBIDI_IS_ISOLATE(t))
        return SAH_L1_SPACE;
    return SAH_L1_OTHER;
}

void sah_bidi_l1_classes(const sah_bidi_t *b, uint8_t *out)
{
    for (size_t i = 0; i < b->len; i++)
        out[i] = l1_class(b->types[i]);
}

void sah_bidi_apply_l1(const uint8_t *levels, const uint8_t *classes, size_t n, uint8_t base,
                       uint8_t *out)
{
    memcpy(out, levels, n);
    /* Walk backwards; "trailing" is true while only whitespace-like
     * characters separate us from the line end or a separator. */
    bool trailing = true;
    for (size_t k = n; k-- > 0;) {
        if (classes[k] == SAH_L1_SEPARATOR) {
            out[k] = base;
            trailing = true;
        } else if (trailing && classes[k] == SAH_L1_SPACE) {
            out[k] = base;
        } else {
            trailing = false;
        }
    }
}

void sah_bidi_line_levels(const sah_bidi_t *b, size_t start, size_t end, uint8_t *out)
{
    size_t n = end - start;
    uint8_t cls[256] = {0}, *c = n <= sizeof cls ? cls : malloc(n);
    if (!c) { /* out of memory: levels without L1 are still a valid order */
        memcpy(out, b->levels + start, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        c[i] = l1_class(b->types[start + i]);
    sah_bidi_apply_l1(b->levels + start, c, n, (uint8_t)b->base_level, out);
    if (c != cls)
        free(c);
}

void sah_bidi_reorder_runs(const uint8_t *levels, size_t n, uint32_t *order)
{
    uint8_t max = 0, min_odd = 255;
    for (size_t i = 0; i < n; i++) {
        order[i] = (uint32_t)i;
        if (levels[i] > max)
            max = levels[i];
        if ((levels[i] & 1) && levels[i] < min_odd)
            min_odd = levels[i];
    }
    for (unsigned lv = max; lv >= min_odd && lv > 0; lv--) {
        for (size_t i = 0; i < n;) {
            if (levels[order[i]] < lv) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && levels[order[j]] >= lv)
                j++;
            for (size_t a = i, z = j - 1; a < z; a++, z--) {
                uint32_t tmp = order[a];
                order[a] = order[z];
                order[z] = tmp;
            }
            i = j;
        }
    }
}
