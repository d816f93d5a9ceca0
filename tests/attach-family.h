/*
 * attach-family.h - the hostile texts of HarfBuzz 6.0's mark attachment
 * (CVE-2023-25193): long runs of what HarfBuzz looks past when it searches
 * back from a mark for its base, in every mix. Shared by the regression test
 * through the real programs (test-attach-chains.c) and the benchmark
 * (bench/bench-attach.c); header-only so that each stays one file plus this.
 *
 * A member is a pattern and a character X that sits between the marks:
 *   pairs  BEH, then SHADDA X repeated: marks whose count the characters
 *          between them used to reset;
 *   run    BEH, X repeated, one SHADDA, then BEH repeated: one mark far from
 *          its base, with enough glyphs after it that HarfBuzz's 16-bit
 *          distance to the base wraps onto a real glyph (an abort);
 *   latin  'a', then COMBINING ACUTE X repeated (the Latin fonts' marks);
 *   alone  X repeated with no base at all.
 * Each file is "T\n" (a title), the body and "\n", at most @size bytes.
 */
#ifndef SAH_ATTACH_FAMILY_H
#define SAH_ATTACH_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *name;
    uint32_t cp; /* 0: nothing between the marks */
    bool base;   /* a control: HarfBuzz stops at it, so every one is a base */
    bool bidi;   /* an explicit bidi control: what follows it changes the
                    levels (so the order) of what comes before */
} fam_sep_t;

/* Every kind of character HarfBuzz may look past: marks (by Unicode or by
 * the font's GDEF), each family of Default_Ignorable_Code_Point, and two
 * bases (TATWEEL, ARABIC FULL STOP) as controls that end a run. */
static const fam_sep_t fam_seps[] = {
    {"none", 0, false, false},
    {"ZWNJ", 0x200C, false, false},
    {"ZWJ", 0x200D, false, false},
    {"ZWSP", 0x200B, false, false},
    {"WORD-JOINER", 0x2060, false, false},
    {"LRM", 0x200E, false, false},
    {"RLM", 0x200F, false, false},
    {"ALM", 0x061C, false, false},
    {"CGJ", 0x034F, false, false},
    {"VS1", 0xFE00, false, false},
    {"VS17", 0xE0100, false, false},
    {"SOFT-HYPHEN", 0x00AD, false, false},
    {"BOM", 0xFEFF, false, false},
    {"LRE", 0x202A, false, true},
    {"PDF", 0x202C, false, true},
    {"RLO", 0x202E, false, true},
    {"LRI", 0x2066, false, true},
    {"PDI", 0x2069, false, true},
    {"INVISIBLE-TIMES", 0x2062, false, false},
    {"ISS", 0x206A, false, false},
    {"U+2065", 0x2065, false, false},
    {"U+FFF0", 0xFFF0, false, false},
    {"TAG-A", 0xE0041, false, false},
    {"LANGUAGE-TAG", 0xE0001, false, false},
    {"MONGOLIAN-FVS1", 0x180B, false, false},
    {"MVS", 0x180E, false, false},
    {"HANGUL-FILLER", 0x3164, false, false},
    {"KHMER-AQ", 0x17B4, false, false},
    {"MUSICAL-BEAM", 0x1D173, false, false},
    {"SHADDA-DAMMATAN-ISOLATED", 0xFC5E, false, false}, /* a letter drawn with a mark glyph */
    {"SHADDA-KASRA-ISOLATED", 0xFC62, false, false},
    {"HAMZA-ABOVE", 0x0654, false, false},
    {"TIBETAN-II", 0x0F73, false, false}, /* a mark that decomposes into two */
    {"TATWEEL", 0x0640, true, false},
    {"ARABIC-FULL-STOP", 0x06D4, true, false},
};
#define FAM_N_SEPS (sizeof fam_seps / sizeof fam_seps[0])

typedef enum { FAM_PAIRS, FAM_RUN, FAM_LATIN, FAM_ALONE, FAM_N_PATTERNS } fam_pattern_t;

static const char *const fam_pattern_names[FAM_N_PATTERNS] = {"pairs", "run", "latin", "alone"};

static inline size_t fam_put(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Appends @a (then @b when not 0) while the text stays within @limit
 * bytes; returns how many times. */
static inline size_t fam_repeat(char *buf, size_t *n, size_t limit, uint32_t a, uint32_t b)
{
    char unit[8];
    size_t u = fam_put(unit, a);
    if (b)
        u += fam_put(unit + u, b);
    size_t times = 0;
    while (*n + u <= limit) {
        memcpy(buf + *n, unit, u);
        *n += u;
        times++;
    }
    return times;
}

static inline size_t fam_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

/*
 * fam_make:
 * @buf: room for @size bytes.
 * @cap: how many followers of a base a layout shapes at most.
 * @shaped: (out) (optional): how many characters of the body such a layout
 *   shapes at most: the bases, and at most @cap of each run after one.
 *
 * Writes member (@p, @x) at most @size bytes long; returns its length.
 * With @x "none" the "run" is of SHADDAs and "alone" is empty.
 */
static inline size_t fam_make(char *buf, size_t size, fam_pattern_t p, const fam_sep_t *x,
                              size_t cap, size_t *shaped)
{
    const uint32_t beh = 0x0628, shadda = 0x0651, sep = x->cp;
    size_t n = 2, reps, sh = 0, end = size - 1; /* room for the final newline */
    memcpy(buf, "T\n", 2);
    switch (p) {
    case FAM_PAIRS:
    case FAM_LATIN:
        n += fam_put(buf + n, p == FAM_PAIRS ? beh : 'a');
        reps = fam_repeat(buf, &n, end, p == FAM_PAIRS ? shadda : 0x0301, sep);
        if (x->base) /* base, mark, base, mark... */
            sh = 1 + 2 * reps;
        else
            sh = 1 + fam_min(sep ? 2 * reps : reps, cap);
        break;
    case FAM_RUN:
        n += fam_put(buf + n, beh);
        /* Half the bytes for the run, the rest for bases after the mark. */
        reps = fam_repeat(buf, &n, 2 + (end - 2) / 2, sep ? sep : shadda, 0);
        n += fam_put(buf + n, shadda);
        sh = x->base ? 1 + reps + 1 : 1 + fam_min(reps + 1, cap);
        sh += fam_repeat(buf, &n, end, beh, 0);
        break;
    case FAM_ALONE:
        reps = sep ? fam_repeat(buf, &n, end, sep, 0) : 0;
        sh = x->base ? reps : fam_min(reps, cap);
        break;
    default:
        break;
    }
    buf[n++] = '\n';
    if (shaped)
        *shaped = sh;
    return n;
}

#endif
