/* layout.c - see layout.h. */
#include "render/text/layout.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/breaks.h"
#include "platform/grow.h"
#include "render/text/script.h"
#include "render/text/shaper.h"
#include "render/text/uprops.h"

int32_t sah_line_pitch(const sah_line_t *line, double px, double factor, bool absolute)
{
    if (absolute)
        return (int32_t)lround(px * factor) * 64;
    return (int32_t)lround((line->ascent + line->descent) * factor);
}

/* --------------------------------------------------------------- layout */

typedef struct {
    uint32_t a, b; /* characters [a, b) of the bidi paragraph */
    uint8_t level;
    uint8_t font;
    hb_script_t script;
} run_t;

/* One memo slot: whether font @serial draws @cp with a GDEF mark glyph. */
typedef struct {
    uint32_t serial; /* 0: empty (font serials start at 1) */
    uint32_t cp;
    bool mark;
} gmark_t;

#define GMARK_BITS 10

/* prepare_shaping_text() keeps the low mark bits (sah_font_low_marks()) of
 * this many fonts of the chain at hand. */
#define LOWMARK_FONTS 8

typedef struct {
    uint64_t hash; /* 0: empty slot */
    uint32_t len;
    uint8_t dir, base;
    uint32_t chain_id;
    size_t off; /* into ac_arena: text, adv, script (4-byte arrays), then levels, l1, font, brk */
} acache_entry_t;

struct sah_layout {
    sah_fontchain_t *chain; /* not owned */
    sah_shaper_t *shaper;   /* owned */
    sah_bidi_t *bidi;       /* owned */
    sah_breaks_t *breaks;   /* owned */
    sah_words_mode_t words;

    /* Per bidi paragraph scratch, all owned, @cap entries (+1 where noted). */
    size_t cap;
    uint32_t *stext;     /* the text HarfBuzz sees (marks capped, tabs as spaces) */
    hb_script_t *script; /* resolved script */
    uint8_t *font;       /* index in the chain */
    int32_t *adv;        /* advance of the cluster starting at each character */
    int64_t *prefix;     /* prefix sums of adv, cap + 1 */
    uint8_t *brk;        /* line break flags, cap + 1 */
    uint8_t *gbrk;       /* grapheme flags, cap + 1, filled on demand */
    uint8_t *levels;     /* bidi levels */
    uint8_t *l1;         /* SAH_L1_* classes */
    uint32_t *off;       /* source byte offsets, cap + 1 */
    uint8_t *llev;       /* one line's levels after L1 */
    int32_t *pair_stack; /* sah_script_resolve()'s scratch */
    hb_script_t *script_stack;
    uint8_t base; /* paragraph level */
    bool gbrk_valid;
    size_t slice, context; /* SAH_LAYOUT_SLICE and _CONTEXT but in tests */
    uint32_t cp0;          /* index in the text of the bidi paragraph's (or window's) first */

    /* The analysis cache: everything about a bidi paragraph that does not
     * depend on the line width (levels, L1 classes, scripts, fonts, break
     * opportunities, advances), keyed by its text, direction and fonts, so
     * that a reflow at a new width only breaks and builds lines. */
    acache_entry_t *ac_table; /* owned, power-of-two size */
    size_t ac_cap, ac_used;
    uint8_t *ac_arena; /* owned */
    size_t ac_len, ac_arena_cap;
    size_t ac_budget;

    run_t *runs; /* owned: one line's runs */
    size_t runs_cap;
    uint8_t *runlev; /* owned: their levels */
    size_t runlev_cap;
    uint32_t *order; /* owned: their visual order */
    size_t order_cap;
    uint32_t *gchar; /* owned: character index of each glyph of the line being built */
    size_t gchar_cap;

    gmark_t gmark[1u << GMARK_BITS]; /* a direct-mapped memo for glyph_is_mark() */
};

sah_layout_t *sah_layout_new(sah_fontchain_t *chain, const char *language)
{
    sah_layout_t *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->chain = chain;
    L->words = SAH_WORDS_AUTO;
    L->ac_budget = (size_t)4 << 20;
    L->slice = SAH_LAYOUT_SLICE;
    L->context = SAH_LAYOUT_CONTEXT;
    L->shaper = sah_shaper_new(language, 0);
    L->bidi = sah_bidi_new();
    L->breaks = sah_breaks_new();
    if (!chain || !L->shaper || !L->bidi || !L->breaks) {
        sah_layout_free(L);
        return NULL;
    }
    return L;
}

void sah_layout_free(sah_layout_t *L)
{
    if (!L)
        return;
    sah_shaper_free(L->shaper);
    sah_bidi_free(L->bidi);
    sah_breaks_free(L->breaks);
    free(L->stext);
    free(L->script);
    free(L->font);
    free(L->adv);
    free(L->prefix);
    free(L->brk);
    free(L->gbrk);
    free(L->llev);
    free(L->pair_stack);
    free(L->script_stack);
    free(L->levels);
    free(L->l1);
    free(L->off);
    free(L->ac_table);
    free(L->ac_arena);
    free(L->runs);
    free(L->order);
    free(L->runlev);
    free(L->gchar);
    free(L);
}

void sah_layout_set_chain(sah_layout_t *L, sah_fontchain_t *chain)
{
    if (chain)
        L->chain = chain;
}

static void acache_clear(sah_layout_t *L)
{
    if (L->ac_table)
        memset(L->ac_table, 0, L->ac_cap * sizeof *L->ac_table);
    L->ac_used = 0;
    L->ac_len = 0;
}

void sah_layout_clear_cache(sah_layout_t *L)
{
    sah_shaper_clear(L->shaper);
    acache_clear(L);
}

void sah_layout_set_word_cache(sah_layout_t *L, sah_words_mode_t mode)
{
    L->words = mode;
    sah_shaper_set_caching(L->shaper, mode != SAH_WORDS_OFF);
    acache_clear(L); /* advances were measured in the old mode */
}

void sah_layout_cache_stats(const sah_layout_t *L, uint64_t *hits, uint64_t *misses)
{
    sah_shaper_stats_t st = sah_shaper_stats(L->shaper);
    if (hits)
        *hits = st.hits;
    if (misses)
        *misses = st.misses;
}

static bool reserve(sah_layout_t *L, size_t n)
{
    if (n <= L->cap)
        return true;
    size_t cap = L->cap ? L->cap : 1024;
    while (cap < n)
        cap *= 2;
#define RE(field, count)                                                                           \
    do {                                                                                           \
        void *q = realloc(L->field, (count) * sizeof *L->field);                                   \
        if (!q)                                                                                    \
            return false;                                                                          \
        L->field = q;                                                                              \
    } while (0)
    RE(stext, cap);
    RE(script, cap);
    RE(font, cap);
    RE(adv, cap);
    RE(prefix, cap + 1);
    RE(brk, cap + 1);
    RE(gbrk, cap + 1);
    RE(llev, cap);
    RE(pair_stack, cap);
    RE(script_stack, cap);
    RE(levels, cap);
    RE(l1, cap);
    RE(off, cap + 1);
#undef RE
    L->cap = cap;
    return true;
}

/* Characters that attach to the one before them for font choice: marks,
 * ZWJ/ZWNJ, variation selectors. */
static bool attaches(const sah_uprops_table_t *up, uint32_t c)
{
    return sah_uprops_is_mark(up, c) || c == 0x200C || c == 0x200D ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

static bool is_trailing_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x2028 || c == 0x3000;
}

/* A font for every character; see layout.h. */
static void assign_fonts(sah_layout_t *L, const uint32_t *T, size_t n)
{
    const sah_uprops_table_t *up = sah_uprops_table();
    size_t nf = sah_fontchain_count(L->chain);
    if (nf <= 1) {
        memset(L->font, 0, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t c = T[i];
        if (i > 0 && attaches(up, c)) {
            L->font[i] = L->font[i - 1];
            continue;
        }
        size_t first = sah_fontchain_pick(L->chain, c); /* cached */
        hb_script_t sc = sah_uprops_script(up, c);
        if (i > 0 && first != L->font[i - 1] &&
            (sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED) &&
            sah_font_has_char(sah_fontchain_font(L->chain, L->font[i - 1]), c)) {
            L->font[i] = L->font[i - 1];
            continue;
        }
        L->font[i] = (uint8_t)first;
    }
}

/* Whether @font draws @c with a glyph its GDEF classes as a mark
 * (sah_font_draws_as_mark()); memoized, as it is asked for every character
 * past the font's low mark bits. */
static bool glyph_is_mark(sah_layout_t *L, const sah_font_t *font, uint32_t c)
{
    uint32_t serial = sah_font_serial(font);
    gmark_t *m = &L->gmark[((c ^ serial * 0x85EBCA6Bu) * 0x9E3779B1u) >> (32 - GMARK_BITS)];
    if (m->serial != serial || m->cp != c)
        *m = (gmark_t){serial, c, sah_font_draws_as_mark(font, c)};
    return m->mark;
}

/* The text HarfBuzz sees: tabs shaped as spaces, and a bound on what it
 * sees after a base. When HarfBuzz attaches a mark it looks back for the
 * base past marks (by the font's glyph classes) and past default ignorables
 * (GPOS skips joiners, bidi controls, variation selectors and the like), so
 * a run of such characters, in any mix, is one attachment chain: past
 * SAH_MAX_MARKS_PER_CLUSTER of them in a row the rest of the run is
 * SAH_SHAPER_SKIP (no glyph, no advance). Only this copy changes: the text,
 * its offsets and the cluster of every character shaped stay as they are. */
static void prepare_shaping_text(sah_layout_t *L, const uint32_t *T, size_t n)
{
    const sah_uprops_table_t *up = sah_uprops_table();
    const sah_font_t *fonts[LOWMARK_FONTS] = {0}; /* by L->font[] index, when first used */
    const uint8_t *low[LOWMARK_FONTS] = {0};
    unsigned run = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = T[i];
        uint8_t f = L->font[i];
        bool base;
        if (c == '\t') {
            c = ' ';
            base = true;
        } else if (sah_uprops_is_mark_or_ignorable(up, c)) {
            base = false;
        } else if (f >= LOWMARK_FONTS) {
            base = !glyph_is_mark(L, sah_fontchain_font(L->chain, f), c);
        } else {
            if (!fonts[f]) {
                fonts[f] = sah_fontchain_font(L->chain, f);
                low[f] = sah_font_low_marks(fonts[f]);
            }
            base = c < SAH_FONT_LOW_MARKS ? !(low[f][c >> 3] >> (c & 7) & 1)
                                          : !glyph_is_mark(L, fonts[f], c);
        }
        if (base)
            run = 0; /* HarfBuzz stops at it */
        else if (++run > SAH_MAX_MARKS_PER_CLUSTER)
            c = SAH_SHAPER_SKIP;
        L->stext[i] = c;
    }
}

/* Calls @emit for the glyphs of characters [a, b) of one run, unit by unit
 * in logical order. With the word cache, words are shaped (and cached) one by
 * one and spaces are placed directly: for a font whose lookups never touch
 * the space glyph, HarfBuzz would give exactly the space's own advance. */
typedef bool (*emit_fn)(sah_layout_t *L, void *ctx, const sah_font_t *font, uint32_t a,
                        const sah_shaped_t *g, size_t n);

static bool shape_units(sah_layout_t *L, size_t n, const run_t *r, bool reverse, emit_fn emit,
                        void *ctx)
{
    const sah_font_t *font = sah_fontchain_font(L->chain, r->font);
    bool rtl = r->level & 1;
    const uint32_t *S = L->stext;

    if (L->words == SAH_WORDS_OFF ||
        (L->words == SAH_WORDS_AUTO && !sah_font_words_independent(font))) {
        size_t ng;
        const sah_shaped_t *g =
            sah_shaper_shape(L->shaper, font, rtl, r->script, S, n, r->a, r->b, &ng);
        return g && emit(L, ctx, font, r->a, g, ng);
    }
    sah_shaped_t space = {
        sah_font_space_glyph(font), 0,
        (int32_t)hb_font_get_glyph_h_advance(sah_font_hb(font), sah_font_space_glyph(font)), 0, 0};
    /* Units are found left to right in logical order; a right-to-left run
     * emits them from its logical end, so walk backwards then. */
    uint32_t i = reverse ? r->b : r->a;
    while (reverse ? i > r->a : i < r->b) {
        uint32_t ua, ub;
        if (reverse) {
            ub = i;
            ua = ub - 1;
            if (S[ua] != ' ')
                while (ua > r->a && S[ua - 1] != ' ')
                    ua--;
            i = ua;
        } else {
            ua = i;
            ub = ua + 1;
            if (S[ua] != ' ')
                while (ub < r->b && S[ub] != ' ')
                    ub++;
            i = ub;
        }
        if (S[ua] == ' ') {
            if (!emit(L, ctx, font, ua, &space, 1))
                return false;
            continue;
        }
        size_t ng;
        const sah_shaped_t *g =
            sah_shaper_shape(L->shaper, font, rtl, r->script, S, n, ua, ub, &ng);
        if (!g || !emit(L, ctx, font, ua, g, ng))
            return false;
    }
    return true;
}

static bool measure_emit(sah_layout_t *L, void *ctx, const sah_font_t *font, uint32_t a,
                         const sah_shaped_t *g, size_t n)
{
    (void)ctx;
    (void)font;
    for (size_t k = 0; k < n; k++)
        L->adv[a + g[k].cluster] += g[k].x_advance;
    return true;
}

/* Splits [a, b) into runs of equal (level, script, font), using @lev. */
static size_t make_runs(sah_layout_t *L, const uint8_t *lev, size_t a, size_t b)
{
    size_t nr = 0;
    for (size_t i = a; i < b;) {
        size_t j = i + 1;
        while (j < b && lev[j - a] == lev[i - a] && L->script[j] == L->script[i] &&
               L->font[j] == L->font[i])
            j++;
        if (!sah_grow((void **)&L->runs, &L->runs_cap, nr + 1, sizeof *L->runs))
            return (size_t)-1;
        L->runs[nr++] = (run_t){(uint32_t)i, (uint32_t)j, lev[i - a], L->font[i], L->script[i]};
        i = j;
    }
    return nr;
}

/* Fills L->adv for the paragraph. */
static bool measure_advances(sah_layout_t *L, size_t n)
{
    memset(L->adv, 0, n * sizeof *L->adv);
    size_t nr = make_runs(L, L->levels, 0, n);
    if (nr == (size_t)-1)
        return false;
    for (size_t r = 0; r < nr; r++) {
        run_t run = L->runs[r];
        if (!shape_units(L, n, &run, false, measure_emit, NULL))
            return false;
    }
    return true;
}

/* ------------------------------------------------------- line building */

typedef struct {
    sah_lines_t *out;
    const uint32_t *off; /* byte offsets of the paragraph's characters */
    size_t start_glyph;
    int32_t pen;
    int32_t ascent, descent;
    const sah_font_t *last_font;
} build_t;

static bool build_emit(sah_layout_t *L, void *ctx, const sah_font_t *font, uint32_t a,
                       const sah_shaped_t *g, size_t n)
{
    build_t *b = ctx;
    size_t done = sah_lines_glyph_total(b->out) - b->start_glyph;
    if (!sah_grow((void **)&L->gchar, &L->gchar_cap, done + n, sizeof *L->gchar))
        return false;
    sah_glyph_t *dst = sah_lines_add_glyphs(b->out, n);
    if (!dst && n)
        return false;
    for (size_t k = 0; k < n; k++) {
        uint32_t ci = a + g[k].cluster;
        dst[k] = (sah_glyph_t){font,           g[k].glyph,    b->off[ci],   b->pen,
                               g[k].x_advance, g[k].x_offset, g[k].y_offset};
        L->gchar[done + k] = ci;
        b->pen += g[k].x_advance;
    }
    if (font != b->last_font) {
        sah_font_metrics_t m = sah_font_metrics(font);
        if (m.ascent > b->ascent)
            b->ascent = m.ascent;
        if (m.descent > b->descent)
            b->descent = m.descent;
        b->last_font = font;
    }
    return true;
}

/* Builds the line of characters [ls, le) (le_vis: without the trailing
 * spaces of a soft break) and appends it to @out. */
static bool build_line(sah_layout_t *L, const uint32_t *T, const uint32_t *off, size_t n, size_t ls,
                       size_t le, size_t le_vis, const sah_layout_opts_t *o, uint32_t para,
                       uint32_t flags, sah_lines_t *out)
{
    (void)T;
    build_t b = {out, off, sah_lines_glyph_total(out), 0, 0, 0, NULL};
    sah_font_metrics_t m0 = sah_font_metrics(sah_fontchain_font(L->chain, 0));
    b.ascent = m0.ascent;
    b.descent = m0.descent;
    bool rtl_para = L->base & 1;

    sah_bidi_apply_l1(L->levels + ls, L->l1 + ls, le - ls, L->base, L->llev);
    size_t nr = make_runs(L, L->llev, ls, le_vis);
    if (nr == (size_t)-1 || !sah_grow((void **)&L->order, &L->order_cap, nr + 1, sizeof *L->order))
        return false;
    if (!sah_grow((void **)&L->runlev, &L->runlev_cap, nr + 1, 1))
        return false;
    for (size_t r = 0; r < nr; r++)
        L->runlev[r] = L->runs[r].level;
    sah_bidi_reorder_runs(L->runlev, nr, L->order);
    for (size_t v = 0; v < nr; v++) {
        run_t run = L->runs[L->order[v]];
        if (!shape_units(L, n, &run, run.level & 1, build_emit, &b))
            return false;
    }

    size_t ng = sah_lines_glyph_total(out) - b.start_glyph;
    sah_glyph_t *lg = sah_lines_glyphs_from(out, b.start_glyph); /* NULL when ng == 0 */
    int32_t width = b.pen;
    int32_t x0 = 0;
    if (o->width > 0 && o->justify && !(flags & (SAH_LINE_PARA_END | SAH_LINE_HARD_END)) &&
        width < o->width) {
        size_t nsp = 0;
        for (size_t k = 0; k < ng; k++) {
            uint32_t c = L->stext[L->gchar[k]];
            nsp += (c == ' ' || c == 0xA0);
        }
        if (nsp) {
            int32_t extra = o->width - width, each = extra / (int32_t)nsp,
                    rem = extra % (int32_t)nsp, shift = 0;
            for (size_t k = 0; k < ng; k++) {
                lg[k].x += shift;
                uint32_t c = L->stext[L->gchar[k]];
                if (c == ' ' || c == 0xA0) {
                    int32_t add = each + (rem > 0 ? 1 : 0);
                    rem -= rem > 0;
                    lg[k].x_advance += add;
                    shift += add;
                }
            }
            width = o->width;
            flags |= SAH_LINE_JUSTIFIED;
        }
    }
    if (o->width > 0 && rtl_para && width < o->width)
        x0 = o->width - width;
    for (size_t k = 0; k < ng; k++)
        lg[k].x += x0;
    sah_line_t line = {off[ls],
                       off[le],
                       L->cp0 + (uint32_t)ls,
                       L->cp0 + (uint32_t)le,
                       (uint32_t)b.start_glyph,
                       (uint32_t)ng,
                       x0,
                       width,
                       b.ascent,
                       b.descent,
                       para,
                       flags | (rtl_para ? SAH_LINE_RTL : 0)};
    return sah_lines_add_line(out, &line);
}

static size_t trim_end(const uint32_t *T, size_t ls, size_t e)
{
    while (e > ls && is_trailing_space(T[e - 1]))
        e--;
    return e;
}

/* The longest prefix of [ls, limit) ending at a grapheme boundary that fits
 * @w; at least one grapheme, so that every line makes progress. */
static size_t fit_graphemes(sah_layout_t *L, const uint32_t *T, size_t n, size_t ls, size_t limit,
                            int64_t w)
{
    if (!L->gbrk_valid) {
        sah_breaks_graphemes(L->breaks, T, n, L->gbrk);
        L->gbrk_valid = true;
    }
    size_t best = 0;
    for (size_t g = ls + 1; g <= limit; g++) {
        if (!L->gbrk[g] && g != limit)
            continue;
        if (best && L->prefix[g] - L->prefix[ls] > w)
            break;
        best = g;
    }
    return best;
}

/* An identity for the chain: advances depend on its fonts (and sizes). */
static uint32_t chain_id(const sah_layout_t *L)
{
    uint32_t id = 0;
    for (size_t i = 0; i < sah_fontchain_count(L->chain); i++)
        id = id * 31u + sah_font_serial(sah_fontchain_font(L->chain, i));
    return id;
}

static uint64_t acache_hash(const uint32_t *T, size_t n, uint8_t dir, uint32_t cid)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)dir << 32) ^ cid;
    for (size_t i = 0; i < n; i++) {
        h ^= T[i];
        h *= 0x100000001b3ull;
        h ^= h >> 31;
    }
    return h ? h : 1;
}

static acache_entry_t *acache_slot(sah_layout_t *L, const uint32_t *T, size_t n, uint8_t dir,
                                   uint32_t cid, uint64_t h)
{
    size_t mask = L->ac_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        acache_entry_t *e = &L->ac_table[i];
        if (!e->hash)
            return e;
        if (e->hash == h && e->len == n && e->dir == dir && e->chain_id == cid &&
            !memcmp(L->ac_arena + e->off, T, n * 4))
            return e;
    }
}

static size_t acache_bytes(size_t n)
{
    return ((n * 12 + n * 3 + n + 1) + 7) & ~(size_t)7;
}

/* Restores the analysis of T[0..n) from the cache; false on a miss. */
static bool acache_get(sah_layout_t *L, const uint32_t *T, size_t n, uint8_t dir)
{
    if (!L->ac_cap)
        return false;
    uint32_t cid = chain_id(L);
    acache_entry_t *e = acache_slot(L, T, n, dir, cid, acache_hash(T, n, dir, cid));
    if (!e->hash)
        return false;
    const uint8_t *p = L->ac_arena + e->off + n * 4;
    memcpy(L->adv, p, n * 4);
    p += n * 4;
    memcpy(L->script, p, n * 4);
    p += n * 4;
    memcpy(L->levels, p, n);
    p += n;
    memcpy(L->l1, p, n);
    p += n;
    memcpy(L->font, p, n);
    p += n;
    memcpy(L->brk, p, n + 1);
    L->base = e->base;
    return true;
}

static void acache_put(sah_layout_t *L, const uint32_t *T, size_t n, uint8_t dir)
{
    size_t need = acache_bytes(n);
    if (need > L->ac_budget / 4)
        return; /* a giant paragraph is not kept */
    if (L->ac_len + need + L->ac_cap * sizeof(acache_entry_t) > L->ac_budget)
        acache_clear(L);
    if ((L->ac_used + 1) * 2 > L->ac_cap) {
        size_t nc = L->ac_cap ? L->ac_cap * 2 : 256;
        acache_entry_t *t = calloc(nc, sizeof *t);
        if (!t)
            return;
        for (size_t i = 0; i < L->ac_cap; i++) {
            if (!L->ac_table[i].hash)
                continue;
            size_t j = (size_t)L->ac_table[i].hash & (nc - 1);
            while (t[j].hash)
                j = (j + 1) & (nc - 1);
            t[j] = L->ac_table[i];
        }
        free(L->ac_table);
        L->ac_table = t;
        L->ac_cap = nc;
    }
    if (!sah_grow((void **)&L->ac_arena, &L->ac_arena_cap, L->ac_len + need, 1))
        return;
    uint32_t cid = chain_id(L);
    uint64_t h = acache_hash(T, n, dir, cid);
    acache_entry_t *e = acache_slot(L, T, n, dir, cid, h);
    if (e->hash)
        return; /* already there */
    *e = (acache_entry_t){h, (uint32_t)n, dir, L->base, cid, L->ac_len};
    uint8_t *p = L->ac_arena + L->ac_len;
    memcpy(p, T, n * 4);
    p += n * 4;
    memcpy(p, L->adv, n * 4);
    p += n * 4;
    memcpy(p, L->script, n * 4);
    p += n * 4;
    memcpy(p, L->levels, n);
    p += n;
    memcpy(p, L->l1, n);
    p += n;
    memcpy(p, L->font, n);
    p += n;
    memcpy(p, L->brk, n + 1);
    L->ac_len += need;
    L->ac_used++;
}

/* Analyses T[0..n): levels, scripts, fonts, shaping text, advances, break
 * opportunities; from the cache when it has them. */
static bool analyse(sah_layout_t *L, const uint32_t *T, size_t n, sah_direction_t dir)
{
    L->gbrk_valid = false;
    if (acache_get(L, T, n, (uint8_t)dir)) {
        prepare_shaping_text(L, T, n);
    } else {
        if (!sah_bidi_paragraph(L->bidi, T, n, dir))
            return false;
        memcpy(L->levels, sah_bidi_levels(L->bidi), n);
        sah_bidi_l1_classes(L->bidi, L->l1);
        L->base = (uint8_t)sah_bidi_base_level(L->bidi);
        sah_script_resolve(T, n, L->script, L->pair_stack, L->script_stack);
        assign_fonts(L, T, n);
        prepare_shaping_text(L, T, n);
        if (!measure_advances(L, n))
            return false;
        sah_breaks_lines(L->breaks, T, n, L->brk);
        acache_put(L, T, n, (uint8_t)dir);
    }
    L->prefix[0] = 0;
    for (size_t i = 0; i < n; i++)
        L->prefix[i + 1] = L->prefix[i] + L->adv[i];
    return true;
}

/* Where the line starting at @ls ends: first fit at the break
 * opportunities, or, when the first segment alone is too wide, at the last
 * grapheme boundary that fits (spaces after it hang on the line). */
static size_t line_end(sah_layout_t *L, const uint32_t *T, size_t n, size_t ls, int64_t W)
{
    size_t le = 0;
    if (W <= 0) {
        for (le = ls + 1; le < n && L->brk[le] != SAH_BREAK_MANDATORY; le++)
            ;
        return le;
    }
    size_t b = ls + 1;
    bool overfull = false;
    for (; b <= n; b++) {
        if (L->brk[b] == SAH_BREAK_NONE) {
            /* Inside a word and already wider than the line: no later break
             * can fit (advances are not negative), so stop rather than walk
             * to the word's end for every line cut out of it, which made a
             * 30,000-letter word quadratic (a second for 64 KB). */
            if (!is_trailing_space(T[b - 1]) && L->prefix[b] - L->prefix[ls] > W) {
                overfull = true;
                break;
            }
            continue;
        }
        size_t e = trim_end(T, ls, b);
        if (L->prefix[e] - L->prefix[ls] > W)
            break;
        le = b;
        if (L->brk[b] == SAH_BREAK_MANDATORY)
            break;
    }
    if (!le) { /* the first segment alone is too wide */
        /* (Its end is a boundary fit_graphemes() may take whole; where the
         * walk stopped short of it, the text's end is, and the fit stops at
         * the width long before.) */
        le = fit_graphemes(L, T, n, ls, overfull || b > n ? n : b, W);
        /* Spaces right after the cut hang at this line's end, as they
         * would after a break opportunity. */
        while (le < n && (T[le] == ' ' || T[le] == '\t'))
            le++;
    }
    return le;
}

/* The last grapheme boundary in (ls, limit], else @limit: where a line too
 * long for one slice is cut. */
static size_t slice_cut(sah_layout_t *L, const uint32_t *T, size_t n, size_t ls, size_t limit)
{
    if (!L->gbrk_valid) {
        sah_breaks_graphemes(L->breaks, T, n, L->gbrk);
        L->gbrk_valid = true;
    }
    for (size_t g = limit; g > ls; g--)
        if (L->gbrk[g])
            return g;
    return limit;
}

/* Which lines of a bidi paragraph one call builds (see layout_bidi()). */
typedef struct {
    size_t from;         /* the first line starts here */
    size_t keep;         /* with !final: lines must end by here */
    bool final;          /* the text ends at n (else it goes on past the window) */
    sah_direction_t dir; /* base direction to resolve at */
} window_t;

/* Lays out one bidi paragraph, or a window of one: characters T[0..n) with
 * byte offsets off[], lines from w->from on. With w->final every line is
 * built and *stop = n. Otherwise the text goes on past n: a line that would
 * end after w->keep is left to the next slice and *stop is where it starts;
 * only the first line may pass w->keep (then it is built, ending at its own
 * break when the window shows one, else cut at a grapheme boundary). */
static bool layout_bidi(sah_layout_t *L, const uint32_t *T, const sah_text_t *text, size_t n,
                        const window_t *w, const sah_layout_opts_t *o, uint32_t para,
                        uint32_t first_flags, bool last_of_para, sah_lines_t *out, size_t *stop)
{
    *stop = n;
    if (!reserve(L, n + 1) || !analyse(L, T, n, w->dir))
        return false;
    const uint32_t *off = L->off;
    sah_text_get_offsets(text, L->cp0, n, L->off);
    uint32_t end_flags = last_of_para ? SAH_LINE_PARA_END : SAH_LINE_HARD_END;
    if (n == 0)
        return build_line(L, T, off, n, 0, 0, 0, o, para, first_flags | end_flags, out);

    uint32_t flags = first_flags;
    for (size_t ls = w->from; ls < n;) {
        size_t le = line_end(L, T, n, ls, o->width);
        bool cut = false;
        if (!w->final && le > w->keep) {
            if (ls > w->from) {
                *stop = ls;
                return true;
            }
            if (le >= n) /* no break within the window: cut the line */
                le = slice_cut(L, T, n, ls, w->keep);
            cut = true;
        }
        /* Lines follow each other in the text, each at least one character
         * long: no character on two lines, none left out, and the loop ends. */
        assert(ls < le && le <= n);
        bool last = !cut && le >= n;
        size_t le_vis = last ? n : trim_end(T, ls, le);
        uint32_t f = flags | (last ? end_flags : 0);
        if (!last && L->brk[le] == SAH_BREAK_MANDATORY)
            f |= SAH_LINE_HARD_END;
        if (!build_line(L, T, off, n, ls, le, le_vis, o, para, f, out))
            return false;
        flags = 0;
        ls = le;
        if (cut) {
            *stop = le;
            return true;
        }
    }
    return true;
}

sah_layout_cursor_t sah_layout_cursor_at(sah_span_t span)
{
    return (sah_layout_cursor_t){span.start, 0, false};
}

void sah_layout_set_slice(sah_layout_t *L, size_t size, size_t context)
{
    if (!size || size <= 2 * context) {
        size = SAH_LAYOUT_SLICE;
        context = SAH_LAYOUT_CONTEXT;
    }
    L->slice = size;
    L->context = context;
}

/* The rest of a long bidi paragraph from @s: one slice of it, or all that is
 * left when that is at most 1.5 slices (@e, the paragraph's end, is then
 * known: SIZE_MAX when it is not). Moves @c on. */
static bool layout_long(sah_layout_t *L, const uint32_t *cp, const sah_text_t *text,
                        sah_span_t span, size_t s, size_t e, uint32_t para,
                        const sah_layout_opts_t *o, sah_layout_cursor_t *c, sah_lines_t *out)
{
    bool fresh = s == span.start || cp[s - 1] == '\n';
    uint8_t base = c->base;
    if (fresh) { /* P2-P3 for the whole bidi paragraph, which no slice sees */
        int fs = o->dir == SAH_DIR_RTL || o->dir == SAH_DIR_LTR
                     ? (o->dir == SAH_DIR_RTL)
                     : sah_bidi_first_strong(cp + s, span.end - s);
        base = fs >= 0 ? (uint8_t)fs : o->dir == SAH_DIR_AUTO;
    }
    size_t ws = s; /* context before: never past the bidi paragraph's start */
    while (ws > span.start && s - ws < L->context && cp[ws - 1] != '\n')
        ws--;
    bool final = e != SIZE_MAX, last = final && e >= span.end;
    size_t we = s + L->slice + L->context;
    if (final) { /* spaces and tabs before a newline are dropped */
        we = e;
        while (!last && we > s && (cp[we - 1] == ' ' || cp[we - 1] == '\t'))
            we--;
    }
    window_t w = {s - ws, s - ws + L->slice, final, base ? SAH_DIR_RTL : SAH_DIR_LTR};
    size_t stop = we - ws;
    L->cp0 = (uint32_t)ws;
    if (we > s && !layout_bidi(L, cp + ws, text, we - ws, &w, o, para,
                               s == span.start ? SAH_LINE_PARA_START : 0, last, out, &stop))
        return false;
    if (!final || stop < we - ws) {
        *c = (sah_layout_cursor_t){(uint32_t)(ws + stop), base, false};
    } else {
        *c = (sah_layout_cursor_t){(uint32_t)(last ? span.end : e + 1), 0, last};
    }
    return true;
}

bool sah_layout_slice(sah_layout_t *L, const sah_text_t *text, sah_span_t span, uint32_t para,
                      const sah_layout_opts_t *o, sah_layout_cursor_t *c, sah_lines_t *out)
{
    size_t len;
    const uint32_t *cp = sah_text_codepoints(text, &len);

    if (span.end > len || span.start > span.end || c->pos < span.start || c->pos > span.end)
        return false;
    if (c->done)
        return true;
    /* Each newline-separated line is its own bidi paragraph (UAX#9 P1),
     * laid out alone; spaces and tabs before a newline are dropped (those at
     * the end of the span are the caller's: sah_text trims paragraphs). A
     * call takes whole bidi paragraphs while it has laid out less than a
     * slice, and a long one (or what is left of it) in a call of its own. */
    size_t used = 0;
    for (size_t s = c->pos;;) {
        bool fresh = s == span.start || cp[s - 1] == '\n';
        size_t lim =
            span.end - s > L->slice + L->slice / 2 ? s + L->slice + L->slice / 2 : span.end;
        size_t e = s;
        while (e < lim && cp[e] != '\n')
            e++;
        bool found = e < lim || lim == span.end;
        if (!fresh || !found || (used && used + (e - s) > L->slice)) {
            if (used) {
                *c = (sah_layout_cursor_t){(uint32_t)s, 0, false};
                return true;
            }
            return layout_long(L, cp, text, span, s, found ? e : SIZE_MAX, para, o, c, out);
        }
        bool last = e >= span.end;
        size_t et = e;
        while (!last && et > s && (cp[et - 1] == ' ' || cp[et - 1] == '\t'))
            et--;
        window_t w = {0, 0, true, o->dir};
        size_t stop;
        L->cp0 = (uint32_t)s;
        if (!layout_bidi(L, cp + s, text, et - s, &w, o, para,
                         s == span.start ? SAH_LINE_PARA_START : 0, last, out, &stop))
            return false;
        if (last) {
            *c = (sah_layout_cursor_t){span.end, 0, true};
            return true;
        }
        used += e - s + 1;
        s = e + 1;
        if (used >= L->slice) {
            *c = (sah_layout_cursor_t){(uint32_t)s, 0, false};
            return true;
        }
    }
}

bool sah_layout_span(sah_layout_t *L, const sah_text_t *text, sah_span_t span, uint32_t para,
                     const sah_layout_opts_t *o, sah_lines_t *out)
{
    sah_layout_cursor_t c = sah_layout_cursor_at(span);
    while (!c.done)
        if (!sah_layout_slice(L, text, span, para, o, &c, out))
            return false;
    return true;
}

bool sah_layout_paragraph(sah_layout_t *L, const sah_text_t *text, size_t index,
                          const sah_layout_opts_t *o, sah_lines_t *out)
{
    if (index >= sah_text_paragraph_count(text))
        return false;
    return sah_layout_span(L, text, sah_text_paragraph(text, index), (uint32_t)index, o, out);
}
