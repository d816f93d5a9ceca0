/* layout.c - see layout.h. */
#include "render/text/layout.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "render/text/breaks.h"
#include "platform/grow.h"
#include "render/text/fit.h"
#include "render/text/kashida.h"
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

/* A word's glyphs as measure_advances() had them shaped, kept for
 * build_line() to take again without the shaper's key and lookup. */
typedef struct {
    sah_shaper_ref_t ref;
    uint32_t stamp; /* the measure it was kept by (sah_layout_t.wstamp) */
    uint32_t b;     /* the word's end */
    uint8_t font, rtl;
    hb_script_t script;
} wmemo_t;

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

/* What a font allows for kashida: the advance of its tatweel, 0 when it
 * takes none (no tatweel, or joins that leave the baseline). */
typedef struct {
    uint32_t serial; /* 0: empty */
    int32_t tatweel;
} kfont_t;

#define KFONT_SLOTS 8

/* A kashida of the line being built: @count tatweels before character @at. */
typedef struct {
    uint32_t at, count;
} ksite_t;

/* A word of the line that can take a kashida: characters [a, b), its best
 * places (@site2 0 when none). */
typedef struct {
    uint32_t a, b, site, site2;
    uint8_t prio;
    int32_t grown; /* what its kashidas add so far */
} kword_t;

typedef struct {
    uint64_t hash; /* 0: empty slot */
    uint32_t len;
    uint8_t dir, base;
    uint32_t chain_id;
    size_t off; /* into ac_arena: text, adv, script (4-byte arrays), then levels, l1, font, kprio,
                   brk */
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
    uint8_t *kprio;      /* priority of a kashida before each character (kashida.h) */
    wmemo_t *wmemo;      /* the word starting at each character, when @wmemo_ok */
    bool wmemo_ok;       /* the paragraph's words were measured here (not from the acache) */
    uint32_t wstamp;     /* the current measure's stamp: older entries of @wmemo are stale */
    uint8_t *llev;       /* one line's levels after L1 */
    int32_t *pair_stack; /* sah_script_resolve()'s scratch */
    hb_script_t *script_stack;
    uint8_t base;        /* paragraph level */
    sah_digits_t digits; /* the paragraph's digit policy (sah_layout_opts_t) */
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

    sah_fit_t *fit; /* owned: total fit's points and scratch */
    uint32_t *ends; /* owned: the line ends of the bidi paragraph being laid out */
    size_t ends_cap;
    ksite_t *ks; /* owned: the kashidas of the line being built */
    size_t ks_n, ks_cap;
    kword_t *kw; /* owned: its words that can take one */
    size_t kw_cap;
    uint32_t *ktext; /* owned: a unit with its tatweels, as the shaper sees it */
    size_t ktext_cap;
    int32_t *kmap; /* owned: the character of @ktext each index stands for, -1 a tatweel */
    size_t kmap_cap;
    uint8_t *kclu; /* owned: whether a glyph's cluster starts at each index of @ktext */
    size_t kclu_cap;
    sah_shaped_t *kout; /* owned: its glyphs, clusters in the source's characters */
    size_t kout_cap;
    uint32_t *units; /* owned: a run's words, pairs (start, end), for the shaper */
    size_t units_cap;
    sah_shaper_ref_t *urefs; /* owned: where the shaper keeps each of @units */
    size_t urefs_cap;
    kfont_t kfont[KFONT_SLOTS];

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
    L->fit = sah_fit_new();
    if (!chain || !L->shaper || !L->bidi || !L->breaks || !L->fit) {
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
    free(L->kprio);
    free(L->wmemo);
    sah_fit_free(L->fit);
    free(L->ends);
    free(L->ks);
    free(L->kw);
    free(L->ktext);
    free(L->kmap);
    free(L->kclu);
    free(L->kout);
    free(L->units);
    free(L->urefs);
    free(L);
}

void sah_layout_set_chain(sah_layout_t *L, sah_fontchain_t *chain)
{
    if (chain)
        L->chain = chain;
}

static const char *const kashida_names[] = {"moderate", "off", "strong"};
static const char *const digit_names[] = {"as-written", "arabic", "western"};

static int name_index(const char *name, const char *const *names, int n)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

int sah_kashida_from_name(const char *name)
{
    return name_index(name, kashida_names, 3);
}

const char *sah_kashida_name(sah_kashida_t k)
{
    return (unsigned)k < 3 ? kashida_names[k] : NULL;
}

int sah_digits_from_name(const char *name)
{
    return name_index(name, digit_names, 3);
}

const char *sah_digits_name(sah_digits_t d)
{
    return (unsigned)d < 3 ? digit_names[d] : NULL;
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
    RE(kprio, cap);
    RE(wmemo, cap);
#undef RE
    /* Stamp 0 is no measure's: the new entries are stale. */
    memset(L->wmemo + L->cap, 0, (cap - L->cap) * sizeof *L->wmemo);
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

/* A mark that has a glyph of its own: not a variation selector (Mn too, but
 * default-ignorable: HarfBuzz hides it whatever the font). */
static bool drawn_mark(const sah_uprops_table_t *up, uint32_t c)
{
    return sah_uprops_is_mark(up, c) && !(c >= 0xFE00 && c <= 0xFE0F) &&
           !(c >= 0xE0100 && c <= 0xE01EF);
}

/* Character @i, a mark, is missing from its base's font: the cluster it is
 * in (its base and every attaching character after it) moves whole to the
 * first font of the chain that has the base and all the cluster's marks, as
 * fontconfig-based renderers choose a font per grapheme (KacstNaskh has no
 * U+0670 SUPERSCRIPT ALEF: "إِلَٰهَ" would show a box); when no font has
 * them all, the whole cluster keeps its base's font. Returns: the end of
 * the cluster, every character of which has its font now (one pass per
 * cluster: 5,000 marks on one base stay linear). */
static size_t refit_cluster(sah_layout_t *L, const uint32_t *T, size_t n, size_t i)
{
    const sah_uprops_table_t *up = sah_uprops_table();
    size_t b = i, e = i + 1;
    while (b > 0 && attaches(up, T[b]))
        b--;
    while (e < n && attaches(up, T[e]))
        e++;
    for (size_t f = 0; f < sah_fontchain_count(L->chain); f++) {
        const sah_font_t *font = sah_fontchain_font(L->chain, f);
        bool all = sah_font_has_char(font, T[b]);
        for (size_t k = b + 1; all && k < e; k++)
            all = !drawn_mark(up, T[k]) || sah_font_has_char(font, T[k]);
        if (all) {
            memset(L->font + b, (int)f, e - b);
            return e;
        }
    }
    memset(L->font + i, L->font[b], e - i);
    return e;
}

/* Whether T[i] is to be drawn as an emoji (UTS #51): a character whose
 * default presentation is emoji (faces, flags' regional indicators, skin
 * tones), or an emoji character asking for it with VARIATION SELECTOR-16
 * (U+2764 U+FE0F, a red heart; a keycap's digit). DejaVu Sans has
 * monochrome drawings of many of them, which the chain's order would pick
 * before the emoji font. Nothing below U+231A has emoji presentation: the
 * property is not asked for the letters of a page. */
static bool wants_emoji(const uint32_t *T, size_t n, size_t i)
{
    uint32_t c = T[i];
    if (i + 1 < n && T[i + 1] == 0xFE0F)
        return u_hasBinaryProperty((UChar32)c, UCHAR_EMOJI);
    if (i + 1 < n && T[i + 1] == 0xFE0E)
        return false; /* text presentation asked for */
    return c >= 0x231A && u_hasBinaryProperty((UChar32)c, UCHAR_EMOJI_PRESENTATION);
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
            if (drawn_mark(up, c) &&
                !sah_font_has_char(sah_fontchain_font(L->chain, L->font[i]), c))
                i = refit_cluster(L, T, n, i) - 1; /* the cluster is done */
            continue;
        }
        if (wants_emoji(T, n, i)) {
            L->font[i] = (uint8_t)sah_fontchain_pick_color(L->chain, c);
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

static bool is_ascii_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Whether T[i] is a European digit shown as an Arabic-Indic one. */
static bool arabic_digit_at(const sah_layout_t *L, const uint32_t *T, size_t n, size_t i)
{
    return i < n && is_ascii_digit(T[i]) && L->script[i] == HB_SCRIPT_ARABIC;
}

/* What T[i] is shown as under the paragraph's digit policy (layout.h). A
 * swap of one character for one: clusters and offsets stay. */
static uint32_t shown_char(const sah_layout_t *L, const uint32_t *T, size_t n, size_t i)
{
    uint32_t c = T[i];
    if (L->digits == SAH_DIGITS_WESTERN) {
        if (c >= 0x0660 && c <= 0x0669)
            return '0' + (c - 0x0660);
        if (c >= 0x06F0 && c <= 0x06F9)
            return '0' + (c - 0x06F0);
        return c == 0x066B ? '.' : c == 0x066C ? ',' : c == 0x066A ? '%' : c;
    }
    if (L->digits != SAH_DIGITS_ARABIC)
        return c;
    if (arabic_digit_at(L, T, n, i))
        return 0x0660 + (c - '0');
    bool after = i > 0 && arabic_digit_at(L, T, n, i - 1);
    if ((c == '.' || c == ',') && after && arabic_digit_at(L, T, n, i + 1))
        return c == '.' ? 0x066B : 0x066C;
    return c == '%' && after ? 0x066A : c;
}

/* L->stext as the text shown: T with the digit policy applied (scripts
 * resolved already). */
static void shown_text(sah_layout_t *L, const uint32_t *T, size_t n)
{
    if (L->digits == SAH_DIGITS_AS_WRITTEN) {
        memcpy(L->stext, T, n * sizeof *T);
        return;
    }
    for (size_t i = 0; i < n; i++)
        L->stext[i] = shown_char(L, T, n, i);
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

/* ------------------------------------------------------------ kashida */

/* The kashida a font allows (kfont_t), memoized: its tatweel's advance
 * when it has one and joins on the baseline. Fonts whose joins climb (a
 * Nastaliq's cursive attachment) would draw a tatweel off the letters. */
static int32_t kashida_tatweel(sah_layout_t *L, const sah_font_t *font)
{
    uint32_t serial = sah_font_serial(font);
    kfont_t *m = &L->kfont[serial % KFONT_SLOTS];
    if (m->serial == serial)
        return m->tatweel;
    int32_t adv = 0;
    hb_codepoint_t gid;
    if (sah_font_has_char(font, 0x0640) &&
        hb_font_get_nominal_glyph(sah_font_hb(font), 0x0640, &gid)) {
        static const uint32_t probe[] = {0x0628, 0x0640, 0x0628}; /* beh, tatweel, beh */
        size_t ng;
        const sah_shaped_t *g =
            sah_shaper_shape(L->shaper, font, true, HB_SCRIPT_ARABIC, probe, 3, 0, 3, &ng);
        bool flat = g && ng == 3 && g[1].glyph == gid;
        for (size_t k = 0; flat && k < ng; k++)
            flat = g[k].y_offset == 0;
        if (flat && g[1].x_advance > 0)
            adv = g[1].x_advance;
    }
    *m = (kfont_t){serial, adv};
    return adv;
}

/* Turns the cluster flags measure_emit() left in L->kprio into kashida
 * priorities (kashida.h), for Arabic letters in fonts that allow it. */
static void mark_kashida(sah_layout_t *L, const uint32_t *T, size_t n)
{
    int8_t ok[256];
    memset(ok, -1, sizeof ok);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t f = L->font[i];
        if (L->script[i] != HB_SCRIPT_ARABIC || (i > 0 && L->font[i - 1] != f)) {
            L->kprio[i] = 0;
            continue;
        }
        if (ok[f] < 0)
            ok[f] = (int8_t)(kashida_tatweel(L, sah_fontchain_font(L->chain, f)) > 0);
        if (!ok[f])
            L->kprio[i] = 0;
        any |= L->kprio[i] != 0;
    }
    if (any)
        sah_kashida_mark(T, n, L->kprio);
}

/* Whether the line being built has a kashida inside (a, b). */
static bool has_kashida(const sah_layout_t *L, size_t a, size_t b)
{
    for (size_t k = 0; k < L->ks_n; k++)
        if (L->ks[k].at > a && L->ks[k].at < b)
            return true;
    return false;
}

/* Shapes characters [a, b) of L->stext with the line's tatweels inserted,
 * as sah_shaper_shape() (context included) would shape that text. The
 * glyphs' clusters are the source's characters relative to @a; a tatweel
 * takes the cluster of the letter whose join it lengthens, so byte offsets
 * do not move. (transfer none): valid until the next call. */
static const sah_shaped_t *kashida_shape(sah_layout_t *L, const sah_font_t *font, bool rtl,
                                         hb_script_t script, size_t n, size_t a, size_t b,
                                         size_t *ng)
{
    const size_t CTX = 5; /* the shaper's context */
    const uint32_t *S = L->stext;
    size_t pre = a < CTX ? a : CTX, post = n - b < CTX ? n - b : CTX, extra = 0;
    for (size_t k = 0; k < L->ks_n; k++)
        if (L->ks[k].at > a && L->ks[k].at < b)
            extra += L->ks[k].count;
    size_t wlen = b - a + extra, len = pre + wlen + post;
    if (!sah_grow((void **)&L->ktext, &L->ktext_cap, len, sizeof *L->ktext) ||
        !sah_grow((void **)&L->kmap, &L->kmap_cap, wlen, sizeof *L->kmap) ||
        !sah_grow((void **)&L->kclu, &L->kclu_cap, wlen, 1))
        return NULL;
    memcpy(L->ktext, S + a - pre, pre * sizeof *S);
    size_t j = 0;
    for (size_t i = a; i < b; i++) {
        for (size_t k = 0; k < L->ks_n; k++) {
            if (L->ks[k].at != i)
                continue;
            for (uint32_t c = 0; c < L->ks[k].count; c++) {
                L->ktext[pre + j] = 0x0640;
                L->kmap[j++] = -1;
            }
        }
        L->ktext[pre + j] = S[i];
        L->kmap[j++] = (int32_t)(i - a);
    }
    memcpy(L->ktext + pre + wlen, S + b, post * sizeof *S);
    const sah_shaped_t *g =
        sah_shaper_shape(L->shaper, font, rtl, script, L->ktext, len, pre, pre + wlen, ng);
    if (!g || !sah_grow((void **)&L->kout, &L->kout_cap, *ng ? *ng : 1, sizeof *L->kout))
        return NULL;
    memset(L->kclu, 0, wlen);
    for (size_t k = 0; k < *ng; k++)
        L->kclu[g[k].cluster] = 1;
    for (size_t k = 0; k < *ng; k++) {
        size_t c = g[k].cluster;
        /* A tatweel's own cluster: the letter's before it. */
        while (c > 0 && (L->kmap[c] < 0 || !L->kclu[c]))
            c--;
        L->kout[k] = g[k];
        L->kout[k].cluster = L->kmap[c] < 0 ? 0 : (uint32_t)L->kmap[c];
    }
    return L->kout;
}

/* The glyphs of unit [a, b) of a run: with the line's kashidas when it has
 * any inside. (transfer none): valid until the next shaping. */
static const sah_shaped_t *shape_unit(sah_layout_t *L, const sah_font_t *font, bool rtl,
                                      hb_script_t script, size_t n, size_t a, size_t b, size_t *ng)
{
    if (L->ks_n && has_kashida(L, a, b))
        return kashida_shape(L, font, rtl, script, n, a, b, ng);
    return sah_shaper_shape(L->shaper, font, rtl, script, L->stext, n, a, b, ng);
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
        const sah_shaped_t *g = shape_unit(L, font, rtl, r->script, n, r->a, r->b, &ng);
        return g && emit(L, ctx, font, r->a, g, ng);
    }
    sah_shaped_t space = {
        sah_font_space_glyph(font),
        0,
        (int32_t)hb_font_get_glyph_h_advance(sah_font_hb(font), sah_font_space_glyph(font)),
        0,
        0,
        0};
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
        size_t ng = 0;
        const sah_shaped_t *g = NULL;
        bool plain = L->wmemo_ok && !(L->ks_n && has_kashida(L, ua, ub));
        wmemo_t *m = plain ? &L->wmemo[ua] : NULL;
        if (m && m->stamp == L->wstamp && m->b == ub && m->font == r->font && m->rtl == rtl &&
            m->script == r->script)
            g = sah_shaper_from_ref(L->shaper, m->ref, &ng);
        if (!g) {
            g = shape_unit(L, font, rtl, r->script, n, ua, ub, &ng);
            if (g && m)
                *m = (wmemo_t){
                    sah_shaper_last_ref(L->shaper), L->wstamp, ub, r->font, rtl, r->script};
        }
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
    for (size_t k = 0; k < n; k++) {
        L->adv[a + g[k].cluster] += g[k].x_advance;
        L->kprio[a + g[k].cluster] |=
            (uint8_t)(SAH_KASHIDA_CLUSTER |
                      ((g[k].flags & SAH_SHAPED_TATWEEL_OK) ? SAH_KASHIDA_SAFE : 0));
    }
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

/* Hands the words of run @r to sah_shaper_prefetch() before they are
 * shaped one by one (shape_units() with the word cache). */
static void prefetch_words(sah_layout_t *L, size_t n, const run_t *r)
{
    const sah_font_t *font = sah_fontchain_font(L->chain, r->font);
    if (L->words == SAH_WORDS_OFF || L->ks_n ||
        (L->words == SAH_WORDS_AUTO && !sah_font_words_independent(font)))
        return;
    const uint32_t *S = L->stext;
    size_t nu = 0;
    for (uint32_t i = r->a; i < r->b;) {
        if (S[i] == ' ') {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < r->b && S[j] != ' ')
            j++;
        if (!sah_grow((void **)&L->units, &L->units_cap, 2 * nu + 2, sizeof *L->units))
            return;
        L->units[2 * nu] = i;
        L->units[2 * nu + 1] = j;
        nu++;
        i = j;
    }
    if (!sah_grow((void **)&L->urefs, &L->urefs_cap, nu ? nu : 1, sizeof *L->urefs))
        return;
    (void)sah_shaper_prefetch(L->shaper, font, r->level & 1, r->script, S, n, L->units, nu,
                              L->urefs);
    /* Where each word's glyphs are: shape_units() takes them from there. */
    for (size_t u = 0; u < nu; u++)
        if (L->urefs[u].epoch)
            L->wmemo[L->units[2 * u]] = (wmemo_t){L->urefs[u], L->wstamp,    L->units[2 * u + 1],
                                                  r->font,     r->level & 1, r->script};
}

/* Fills L->adv for the paragraph. */
static bool measure_advances(sah_layout_t *L, size_t n)
{
    memset(L->adv, 0, n * sizeof *L->adv);
    memset(L->kprio, 0, n);
    /* A new stamp, not a clear of @wmemo; at its wrap, a clear. */
    if (++L->wstamp == 0) {
        memset(L->wmemo, 0, L->cap * sizeof *L->wmemo);
        L->wstamp = 1;
    }
    L->wmemo_ok = true;
    size_t nr = make_runs(L, L->levels, 0, n);
    if (nr == (size_t)-1)
        return false;
    for (size_t r = 0; r < nr; r++) {
        run_t run = L->runs[r];
        prefetch_words(L, n, &run);
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
    /* A run may shape to nothing, and the container may hold no glyph yet. */
    sah_glyph_t *dst = n ? sah_lines_add_glyphs(b->out, n) : NULL;
    if (n && !dst)
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

/* How each kashida setting shares a line's slack (Nemeth's finding: good
 * setters stretch spaces moderately and lengthen a few joins, never many):
 * spaces first take up to @comfort of their width, then words with a place
 * of priority @max_prio or better lengthen one join each, by at most
 * @per_site tatweels, words with the best places and nearest the line's end
 * first; while spaces would still grow by more than @second of their width,
 * a second join in each word (up to @sites); spaces take whatever is
 * left. */
typedef struct {
    int max_prio, sites, per_site;
    double comfort, second;
} kstyle_t;

static const kstyle_t KSTYLE[] = {
    [SAH_KASHIDA_OFF] = {0, 0, 0, 0, 0},
    [SAH_KASHIDA_MODERATE] = {5, 2, 3, 0.5, 0.5},
    [SAH_KASHIDA_STRONG] = {SAH_KASHIDA_PRIO_ANY, 2, 4, 0.15, 0},
};

/* Spaces stretch (to 2x their width at badness 100) and shrink (to 0.8x at
 * most) in total fit. */
#define SPACE_STRETCH 1.0
#define SPACE_SHRINK  0.2

static bool is_stretchable(uint32_t c)
{
    return c == ' ' || c == 0xA0;
}

static const kstyle_t *kstyle(const sah_layout_opts_t *o)
{
    if (o->width <= 0 || !o->justify ||
        (o->kashida != SAH_KASHIDA_MODERATE && o->kashida != SAH_KASHIDA_STRONG))
        return NULL;
    return &KSTYLE[o->kashida];
}

/* Calls @fn for each word of [a, b) that can take a kashida in style @ks:
 * characters between spaces in one font, script and level, with its best
 * place (ties: the last) and, when the style allows two, its second. */
typedef void (*kword_fn)(sah_layout_t *L, void *ctx, const kword_t *w);

static void kashida_words(sah_layout_t *L, size_t a, size_t b, const kstyle_t *ks, kword_fn fn,
                          void *ctx)
{
    const uint32_t *S = L->stext;
    for (size_t i = a; i < b;) {
        if (S[i] == ' ') {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < b && S[j] != ' ' && L->font[j] == L->font[i] && L->script[j] == L->script[i] &&
               L->levels[j] == L->levels[i])
            j++;
        kword_t w = {(uint32_t)i, (uint32_t)j, 0, 0, 0, 0};
        for (size_t k = i + 1; k < j; k++) {
            uint8_t p = L->kprio[k];
            if (!p || p > ks->max_prio)
                continue;
            if (!w.site || p <= w.prio) {
                if (w.site && ks->sites > 1)
                    w.site2 = w.site;
                w.site = (uint32_t)k;
                w.prio = p;
            } else if (ks->sites > 1 && (!w.site2 || p <= L->kprio[w.site2])) {
                w.site2 = (uint32_t)k;
            }
        }
        if (w.site)
            fn(L, ctx, &w);
        i = j;
    }
}

static void collect_word(sah_layout_t *L, void *ctx, const kword_t *w)
{
    size_t *nw = ctx;
    if (sah_grow((void **)&L->kw, &L->kw_cap, *nw + 1, sizeof *L->kw))
        L->kw[(*nw)++] = *w;
}

static int kword_cmp(const void *pa, const void *pb)
{
    const kword_t *a = pa, *b = pb;
    if (a->prio != b->prio)
        return a->prio < b->prio ? -1 : 1;
    return a->a > b->a ? -1 : a->a < b->a; /* nearer the line's end first */
}

/* The width of characters [a, b) as shaped with the line's kashidas. */
static int64_t kashida_width(sah_layout_t *L, size_t n, size_t a, size_t b)
{
    size_t ng;
    const sah_shaped_t *g = kashida_shape(L, sah_fontchain_font(L->chain, L->font[a]),
                                          L->levels[a] & 1, L->script[a], n, a, b, &ng);
    int64_t w = 0;
    for (size_t k = 0; g && k < ng; k++)
        w += g[k].x_advance;
    return g ? w : -1;
}

/* Chooses the kashidas of the line [ls, le_vis) (L->ks) for style @ks: what
 * the slack leaves after the spaces' comfortable share, each word measured
 * as it will be shaped, never more than the slack. */
static void plan_kashida(sah_layout_t *L, size_t n, size_t ls, size_t le_vis, const kstyle_t *ks,
                         int32_t width)
{
    L->ks_n = 0;
    int64_t spaces = 0;
    for (size_t i = ls; i < le_vis; i++)
        if (is_stretchable(L->stext[i]))
            spaces += L->adv[i];
    int64_t left = width - (L->prefix[le_vis] - L->prefix[ls]) - (int64_t)(spaces * ks->comfort);
    if (left <= 0)
        return;
    size_t nw = 0;
    kashida_words(L, ls, le_vis, ks, collect_word, &nw);
    if (nw > 1) /* no word: L->kw may never have been allocated */
        qsort(L->kw, nw, sizeof *L->kw, kword_cmp);
    /* A word's second join only when spaces would still pass @second. */
    for (int pass = 0; pass < ks->sites && left > 0; pass++) {
        if (pass && left <= (int64_t)(spaces * ks->second))
            break;
        for (size_t w = 0; w < nw && left > 0; w++) {
            kword_t *kw = &L->kw[w];
            uint32_t site = pass ? kw->site2 : kw->site;
            int32_t t = kashida_tatweel(L, sah_fontchain_font(L->chain, L->font[kw->a]));
            if (!site || t <= 0 || left < t)
                continue;
            if (!sah_grow((void **)&L->ks, &L->ks_cap, L->ks_n + 1, sizeof *L->ks))
                return;
            int64_t before = L->prefix[kw->b] - L->prefix[kw->a] + kw->grown;
            uint32_t count =
                left / t > ks->per_site ? (uint32_t)ks->per_site : (uint32_t)(left / t);
            L->ks[L->ks_n++] = (ksite_t){site, count};
            for (;;) {
                int64_t grown = kashida_width(L, n, kw->a, kw->b) - before;
                if (grown > 0 && grown <= left) {
                    left -= grown;
                    kw->grown += (int32_t)grown;
                    break;
                }
                /* The word grew more than the slack (or not at all, when
                 * the font did not take it): fewer, or none. */
                if (--L->ks[L->ks_n - 1].count == 0) {
                    L->ks_n--;
                    break;
                }
            }
        }
    }
}

/* Builds the line of characters [ls, le) (le_vis: without the trailing
 * spaces of a soft break) and appends it to @out. */
/* build_line() without the glyphs: the line's bytes, and its ascent and
 * descent as build_emit() finds them, from the fonts of the runs that would
 * be shaped (make_runs() splits [ls, le_vis) where the font changes). */
static bool measure_line(sah_layout_t *L, const uint32_t *off, size_t ls, size_t le, size_t le_vis,
                         uint32_t para, uint32_t flags, build_t *b)
{
    int last = -1;
    for (size_t i = ls; i < le_vis; i++) {
        if (L->font[i] == last)
            continue;
        last = L->font[i];
        sah_font_metrics_t m = sah_font_metrics(sah_fontchain_font(L->chain, (size_t)last));
        if (m.ascent > b->ascent)
            b->ascent = m.ascent;
        if (m.descent > b->descent)
            b->descent = m.descent;
    }
    sah_line_t line = {off[ls],
                       off[le],
                       L->cp0 + (uint32_t)ls,
                       L->cp0 + (uint32_t)le,
                       (uint32_t)b->start_glyph,
                       0,
                       0,
                       0,
                       b->ascent,
                       b->descent,
                       para,
                       flags | (L->base & 1 ? SAH_LINE_RTL : 0)};
    return sah_lines_add_line(b->out, &line);
}

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
    if (o->measure_only)
        return measure_line(L, off, ls, le, le_vis, para, flags, &b);

    sah_bidi_apply_l1(L->levels + ls, L->l1 + ls, le - ls, L->base, L->llev);
    size_t nr = make_runs(L, L->llev, ls, le_vis);
    if (nr == (size_t)-1 || !sah_grow((void **)&L->order, &L->order_cap, nr + 1, sizeof *L->order))
        return false;
    if (!sah_grow((void **)&L->runlev, &L->runlev_cap, nr + 1, 1))
        return false;
    for (size_t r = 0; r < nr; r++)
        L->runlev[r] = L->runs[r].level;
    sah_bidi_reorder_runs(L->runlev, nr, L->order);
    bool justify = o->width > 0 && o->justify && !(flags & (SAH_LINE_PARA_END | SAH_LINE_HARD_END));
    const kstyle_t *ks = justify ? kstyle(o) : NULL;
    L->ks_n = 0;
    if (ks)
        plan_kashida(L, n, ls, le_vis, ks, o->width);
    for (size_t v = 0; v < nr; v++) {
        run_t run = L->runs[L->order[v]];
        if (!shape_units(L, n, &run, run.level & 1, build_emit, &b)) {
            L->ks_n = 0;
            return false;
        }
    }
    L->ks_n = 0;

    size_t ng = sah_lines_glyph_total(out) - b.start_glyph;
    sah_glyph_t *lg = sah_lines_glyphs_from(out, b.start_glyph); /* NULL when ng == 0 */
    int32_t width = b.pen;
    int32_t x0 = 0;
    if (justify && width != o->width) {
        /* Spaces take what is left, growing or (total fit allows a little)
         * shrinking, never to less than half their width. */
        int64_t sw = 0;
        size_t nsp = 0;
        for (size_t k = 0; k < ng; k++) {
            if (is_stretchable(L->stext[L->gchar[k]])) {
                nsp++;
                sw += lg[k].x_advance;
            }
        }
        int32_t extra = o->width - width;
        if (nsp && (extra > 0 || -(int64_t)extra <= sw / 2)) {
            int32_t each = extra / (int32_t)nsp, rem = extra - each * (int32_t)nsp, shift = 0;
            for (size_t k = 0; k < ng; k++) {
                lg[k].x += shift;
                if (is_stretchable(L->stext[L->gchar[k]])) {
                    int32_t add = each + (rem > 0) - (rem < 0);
                    rem -= (rem > 0) - (rem < 0);
                    lg[k].x_advance += add;
                    shift += add;
                }
            }
            width = o->width;
        }
    }
    if (justify && width == o->width)
        flags |= SAH_LINE_JUSTIFIED;
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

/* An identity for the chain: advances depend on its fonts (and sizes);
 * the chain's own serial, which leaves fallbacks no text needed unopened. */
static uint32_t chain_id(const sah_layout_t *L)
{
    return sah_fontchain_serial(L->chain);
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
    return ((n * 12 + n * 4 + n + 1) + 7) & ~(size_t)7;
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
    memcpy(L->kprio, p, n);
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
    memcpy(p, L->kprio, n);
    p += n;
    memcpy(p, L->brk, n + 1);
    L->ac_len += need;
    L->ac_used++;
}

/* Analyses T[0..n): levels, scripts, fonts, shaping text, advances, break
 * opportunities; from the cache when it has them. */
static bool analyse(sah_layout_t *L, const uint32_t *T, size_t n, sah_direction_t dir,
                    sah_digits_t digits)
{
    /* The digits shown change fonts and advances: part of the key. */
    uint8_t key = (uint8_t)((unsigned)dir | (unsigned)digits << 4);
    L->gbrk_valid = false;
    L->wmemo_ok = false;
    L->digits = digits;
    if (acache_get(L, T, n, key)) {
        shown_text(L, T, n);
        prepare_shaping_text(L, L->stext, n);
    } else {
        if (!sah_bidi_paragraph(L->bidi, T, n, dir))
            return false;
        memcpy(L->levels, sah_bidi_levels(L->bidi), n);
        sah_bidi_l1_classes(L->bidi, L->l1);
        L->base = (uint8_t)sah_bidi_base_level(L->bidi);
        sah_script_resolve(T, n, L->script, L->pair_stack, L->script_stack);
        shown_text(L, T, n);
        assign_fonts(L, L->stext, n);
        prepare_shaping_text(L, L->stext, n);
        if (!measure_advances(L, n))
            return false;
        mark_kashida(L, T, n);
        sah_breaks_lines(L->breaks, T, n, L->brk);
        acache_put(L, T, n, key);
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

/* ------------------------------------------------------------ total fit */

/* Total fit sets a bidi paragraph laid out whole of at most this many code
 * points (fit.h keeps 88 bytes for each break opportunity: under 3 MiB);
 * a longer one, which is laid out in slices anyway, is filled first fit. */
#define TOTAL_FIT_MAX SAH_LAYOUT_SLICE

/* Demerits (fit.h): a line's own, before squaring, as TeX's \linepenalty;
 * a line more, as much as a neighbour at 1.2 x its stretch, so that no
 * paragraph grows a line to spare a preposition its line end (a line more
 * can cost the reader a page); a last line of one word, a little more. */
#define LINE_PENALTY  10.0
#define LINE_COST     30000.0
#define ONE_WORD_LAST 40000.0

/* A ragged line (not justified) is at badness 100 when a quarter of the
 * measure is left empty. */
#define RAGGED_STRETCH(width) ((width) / 4)

/* The rules look at words of at most this many characters each side. */
#define RULE_WORD 32

static bool is_word_space(uint32_t c)
{
    return is_trailing_space(c) || c == 0xA0;
}

/* What breaking before @pos costs (sah_fit_break_penalty()): the word
 * ending at @e and the one starting at @pos, within [s0, s1). */
static double point_penalty(const uint32_t *T, size_t s0, size_t s1, size_t e, size_t pos)
{
    size_t b = e, a = pos;
    while (b > s0 && e - b < RULE_WORD && !is_word_space(T[b - 1]))
        b--;
    while (a < s1 && a - pos < RULE_WORD && !is_word_space(T[a]))
        a++;
    return sah_fit_break_penalty(T + b, e - b, T + pos, a - pos);
}

static bool push_end(sah_layout_t *L, size_t *ne, size_t le)
{
    if (!sah_grow((void **)&L->ends, &L->ends_cap, *ne + 1, sizeof *L->ends))
        return false;
    L->ends[(*ne)++] = (uint32_t)le;
    return true;
}

/* Total fit of the piece [s0, s1) of the bidi paragraph (no forced break
 * inside): its line ends appended to L->ends. Returns the number of lines,
 * 0 when total fit cannot set it (a word wider than the line), SIZE_MAX
 * when out of memory. */
static size_t fit_piece(sah_layout_t *L, const uint32_t *T, size_t s0, size_t s1,
                        const sah_layout_opts_t *o, size_t *ne)
{
    size_t np = 2;
    for (size_t i = s0 + 1; i < s1; i++)
        np += L->brk[i] == SAH_BREAK_ALLOWED;
    sah_fit_point_t *pt = sah_fit_points(L->fit, np);
    if (!pt)
        return SIZE_MAX;
    /* The kashida a word can take counts as stretch, from its last
     * character on. */
    const kstyle_t *ks = kstyle(o);
    size_t nw = 0, w = 0;
    if (ks)
        kashida_words(L, s0, s1, ks, collect_word, &nw);
    int64_t sw = 0, kc = 0, sw_vis = 0, kc_vis = 0, x_vis = L->prefix[s0];
    uint32_t nsp = 0, nsp_vis = 0;
    size_t e = s0, k = 0;
    pt[k++] = (sah_fit_point_t){x_vis, x_vis, 0, 0, 0, 0, 0, 0, 0, (uint32_t)s0};
    for (size_t i = s0; i < s1; i++) {
        if (is_stretchable(L->stext[i])) {
            sw += L->adv[i];
            nsp++;
        }
        for (; w < nw && L->kw[w].b <= i + 1; w++) {
            const kword_t *kw = &L->kw[w];
            int32_t t = kashida_tatweel(L, sah_fontchain_font(L->chain, L->font[kw->site]));
            kc += (int64_t)t * ks->per_site * (kw->site2 ? 2 : 1);
        }
        if (!is_trailing_space(T[i])) {
            e = i + 1;
            x_vis = L->prefix[i + 1];
            sw_vis = sw;
            kc_vis = kc;
            nsp_vis = nsp;
        }
        if (i + 1 < s1 && L->brk[i + 1] != SAH_BREAK_ALLOWED)
            continue;
        double pen = i + 1 < s1 ? point_penalty(T, s0, s1, e, i + 1) : 0;
        pt[k++] = (sah_fit_point_t){L->prefix[i + 1],
                                    x_vis,
                                    (int64_t)(sw * SPACE_STRETCH) + kc,
                                    (int64_t)(sw_vis * SPACE_STRETCH) + kc_vis,
                                    (int64_t)(sw * SPACE_SHRINK),
                                    (int64_t)(sw_vis * SPACE_SHRINK),
                                    nsp,
                                    nsp_vis,
                                    pen,
                                    (uint32_t)(i + 1)};
    }
    assert(k == np);
    sah_fit_params_t par = {o->width,     !o->justify, RAGGED_STRETCH(o->width),
                            LINE_PENALTY, LINE_COST,   ONE_WORD_LAST};
    const uint32_t *ends;
    size_t lines = sah_fit_run(L->fit, np, &par, &ends);
    for (size_t j = 0; j < lines; j++)
        if (!push_end(L, ne, pt[ends[j]].at))
            return SIZE_MAX;
    return lines;
}

/* The ends of the lines of the whole bidi paragraph T[0..n) into L->ends:
 * total fit between forced breaks, first fit for a piece it cannot set.
 * Returns their count, SIZE_MAX when out of memory. */
static size_t total_fit(sah_layout_t *L, const uint32_t *T, size_t n, const sah_layout_opts_t *o)
{
    size_t ne = 0;
    for (size_t s0 = 0; s0 < n;) {
        size_t s1 = s0 + 1;
        while (s1 < n && L->brk[s1] != SAH_BREAK_MANDATORY)
            s1++;
        size_t got = fit_piece(L, T, s0, s1, o, &ne);
        if (got == SIZE_MAX)
            return SIZE_MAX;
        for (size_t ls = s0; !got && ls < s1;) {
            size_t le = line_end(L, T, n, ls, o->width);
            if (!push_end(L, &ne, le))
                return SIZE_MAX;
            ls = le;
        }
        s0 = s1;
    }
    return ne;
}

/* Which lines of a bidi paragraph one call builds (see layout_bidi()). */
typedef struct {
    size_t from;         /* the first line starts here */
    size_t keep;         /* with !final: lines must end by here */
    bool final;          /* the text ends at n (else it goes on past the window) */
    bool whole;          /* the window is the whole bidi paragraph */
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
    if (!reserve(L, n + 1) || !analyse(L, T, n, w->dir, o->digits))
        return false;
    const uint32_t *off = L->off;
    sah_text_get_offsets(text, L->cp0, n, L->off);
    uint32_t end_flags = last_of_para ? SAH_LINE_PARA_END : SAH_LINE_HARD_END;
    if (n == 0)
        return build_line(L, T, off, n, 0, 0, 0, o, para, first_flags | end_flags, out);

    bool total = w->whole && o->width > 0 && o->fill == SAH_FILL_TOTAL && n <= TOTAL_FIT_MAX;
    size_t n_ends = 0, next_end = 0;
    if (total && (n_ends = total_fit(L, T, n, o)) == SIZE_MAX)
        return false;
    uint32_t flags = first_flags;
    for (size_t ls = w->from; ls < n;) {
        size_t le =
            total ? (next_end < n_ends ? L->ends[next_end++] : n) : line_end(L, T, n, ls, o->width);
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

sah_layout_cursor_t sah_layout_cursor_near(const sah_text_t *text, sah_span_t span, uint32_t pos,
                                           sah_direction_t dir, uint32_t scan)
{
    size_t len;
    const uint32_t *cp = sah_text_codepoints(text, &len);
    if (span.end > len || pos <= span.start || pos > span.end)
        return sah_layout_cursor_at(span);
    if (pos == span.end)
        pos--;
    uint32_t q = pos;
    while (q > span.start && pos - q < scan && cp[q - 1] != '\n')
        q--;
    if (q == span.start || cp[q - 1] == '\n') /* a bidi paragraph's start */
        return (sah_layout_cursor_t){q, 0, false};
    /* Inside a long bidi paragraph: a line starts after a space (UAX#14
     * LB18) or, in a text without one, anywhere a slice may cut one. */
    uint32_t w = pos;
    while (w > q && pos - w < SAH_LAYOUT_CONTEXT && cp[w - 1] != ' ')
        w--;
    if (w > q && cp[w - 1] == ' ')
        pos = w;
    int level = dir == SAH_DIR_RTL ? 1 : dir == SAH_DIR_LTR ? 0 : -1;
    if (level < 0) { /* the bidi paragraph's P2-P3, as layout_long() finds it */
        while (q > span.start && cp[q - 1] != '\n')
            q--;
        level = sah_bidi_first_strong(cp + q, span.end - q);
        level = level >= 0 ? level : 1; /* none: right to left, as there */
    }
    return (sah_layout_cursor_t){pos, (uint8_t)level, false};
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
    window_t w = {s - ws, s - ws + L->slice, final, false, base ? SAH_DIR_RTL : SAH_DIR_LTR};
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
        window_t w = {0, 0, true, true, o->dir};
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
