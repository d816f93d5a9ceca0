/* shaper.c - see shaper.h. */
#include "render/text/shaper.h"
#include "platform/grow.h"
#include "render/text/uprops.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#if HB_VERSION_ATLEAST(5, 1, 0)
#define PRODUCE_TATWEEL HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL
#define TATWEEL_OK(info)                                                                           \
    ((hb_glyph_info_get_glyph_flags(info) & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL)                  \
         ? SAH_SHAPED_TATWEEL_OK                                                                   \
         : 0u)
#else
#define PRODUCE_TATWEEL  0
#define TATWEEL_OK(info) SAH_SHAPED_TATWEEL_OK
#endif

#define MAX_CONTEXT 5   /* HarfBuzz's CONTEXT_LENGTH */
#define TABLE_MIN   256 /* first size of the hash table */

typedef struct {
    uint64_t hash;
    uint32_t key_off, key_len;    /* into keys[] */
    uint32_t glyph_off, n_glyphs; /* into glyphs[] */
} entry_t;

#define MAX_PLANS 16

typedef struct {
    uint64_t hash;
    uint32_t a, b;           /* the unit in the text */
    uint32_t at;             /* its first character's place in the batch */
    uint32_t first, last, n; /* its glyphs in the batch's output */
    bool start_ok, space_ok; /* a break allowed before it, before its space */
    bool start_seen, space_seen;
    uint8_t edge;         /* EDGE_*: the text's start or end is its context */
    sah_shaper_ref_t ref; /* where it was kept; epoch 0 when not */
} pick_t;

/* A unit at the text's start has no context before it, one at its end none
 * after: it is shaped at the batch's start (or end), where neither is. */
#define EDGE_START 1u
#define EDGE_END   2u

typedef struct {
    uint32_t serial;
    hb_segment_properties_t props;
    hb_shape_plan_t *plan; /* owned reference */
} plan_slot_t;

struct sah_shaper {
    plan_slot_t plans[MAX_PLANS];
    size_t n_plans, next_evict;
    hb_buffer_t *buf; /* owned, reused for every miss */
    hb_language_t lang;
    bool caching;
    size_t budget;
    entry_t *table; /* owned, open addressing, table_cap a power of two */
    size_t table_cap, table_used;
    uint32_t *keys; /* owned */
    size_t keys_len, keys_cap;
    sah_shaped_t *glyphs; /* owned */
    size_t glyphs_len, glyphs_cap;
    uint32_t *key_scratch; /* owned */
    size_t key_scratch_cap;
    sah_shaped_t *out; /* owned: the uncached result */
    size_t out_cap;
    pick_t *pick; /* owned: sah_shaper_prefetch()'s units */
    size_t pick_cap;
    uint32_t *owner; /* owned: the pick of each place in the batch */
    size_t owner_cap;
    uint32_t *seen; /* owned: the picks by hash (index + 1, 0 empty) */
    size_t seen_cap;
    uint32_t *upick; /* owned: each unit's pick (index + 1, 0 none) */
    size_t upick_cap;
    sah_shaper_stats_t stats;
    /* Bumped whenever cached glyphs are dropped: a sah_shaper_ref_t of an
     * older epoch names nothing. */
    uint32_t epoch;
    sah_shaper_ref_t last; /* the last sah_shaper_shape()'s result, when cached */
};

sah_shaper_t *sah_shaper_new(const char *language, size_t budget)
{
    sah_shaper_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(s->buf)) {
        sah_shaper_free(s);
        return NULL;
    }
    s->lang = language ? hb_language_from_string(language, -1) : hb_language_get_default();
    s->caching = true;
    s->budget = budget ? budget : (size_t)8 << 20;
    return s;
}

void sah_shaper_free(sah_shaper_t *s)
{
    if (!s)
        return;
    hb_buffer_destroy(s->buf);
    for (size_t i = 0; i < s->n_plans; i++)
        hb_shape_plan_destroy(s->plans[i].plan);
    free(s->table);
    free(s->keys);
    free(s->glyphs);
    free(s->key_scratch);
    free(s->out);
    free(s->pick);
    free(s->owner);
    free(s->seen);
    free(s->upick);
    free(s);
}

void sah_shaper_clear(sah_shaper_t *s)
{
    if (s->table)
        memset(s->table, 0, s->table_cap * sizeof *s->table);
    s->table_used = 0;
    s->keys_len = 0;
    s->glyphs_len = 0;
    s->stats.bytes = 0;
    s->epoch++;
}

void sah_shaper_set_caching(sah_shaper_t *s, bool on)
{
    s->caching = on;
}

sah_shaper_stats_t sah_shaper_stats(const sah_shaper_t *s)
{
    sah_shaper_stats_t st = s->stats;
    st.bytes =
        s->table_cap * sizeof(entry_t) + s->keys_cap * 4 + s->glyphs_cap * sizeof(sah_shaped_t);
    return st;
}

/* Joining looks through marks and format characters to the first character
 * that is not transparent, so the context that matters runs up to it.
 * HarfBuzz never sees a skipped character: it is looked through too. */
static bool transparent(uint32_t c)
{
    if (c == SAH_SHAPER_SKIP)
        return true;
    hb_unicode_general_category_t gc = sah_uprops_gc(sah_uprops_table(), c);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT;
}

static uint64_t hash_words(const uint32_t *w, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= w[i];
        h *= 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h ? h : 1; /* 0 marks an empty slot */
}

/* Key layout: [serial, flags|script, n_pre, pre..., n_text, text..., post...]. */
static size_t make_key(sah_shaper_t *s, const sah_font_t *font, bool rtl, hb_script_t script,
                       const uint32_t *text, size_t len, size_t start, size_t end)
{
    size_t n = end - start;
    if (!sah_grow((void **)&s->key_scratch, &s->key_scratch_cap, n + 2 * (size_t)MAX_CONTEXT + 8,
                  4))
        return 0;
    uint32_t *k = s->key_scratch;
    size_t m = 0;
    k[m++] = sah_font_serial(font);
    k[m++] = (uint32_t)script ^ (rtl ? 0x80000000u : 0);
    size_t npre_at = m++;
    size_t npre = 0;
    for (size_t i = start; i > 0 && npre < MAX_CONTEXT;) {
        uint32_t c = text[--i];
        k[m++] = c;
        npre++;
        if (!transparent(c))
            break;
    }
    k[npre_at] = (uint32_t)npre;
    k[m++] = (uint32_t)n;
    memcpy(k + m, text + start, n * 4);
    m += n;
    for (size_t i = end, npost = 0; i < len && npost < MAX_CONTEXT; i++, npost++) {
        k[m++] = text[i];
        if (!transparent(text[i]))
            break;
    }
    return m;
}

static entry_t *lookup(sah_shaper_t *s, const uint32_t *key, size_t klen, uint64_t h)
{
    if (!s->table_cap)
        return NULL;
    size_t mask = s->table_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        entry_t *e = &s->table[i];
        if (e->hash == 0)
            return e;
        if (e->hash == h && e->key_len == klen && memcmp(s->keys + e->key_off, key, klen * 4) == 0)
            return e;
    }
}

static bool rehash(sah_shaper_t *s)
{
    size_t nc = s->table_cap ? s->table_cap * 2 : TABLE_MIN;
    entry_t *old = s->table, *t = calloc(nc, sizeof *t);
    size_t oc = s->table_cap;
    if (!t)
        return false;
    s->table = t;
    s->table_cap = nc;
    for (size_t i = 0; i < oc; i++) {
        if (!old[i].hash)
            continue;
        size_t j = (size_t)old[i].hash & (nc - 1);
        while (t[j].hash)
            j = (j + 1) & (nc - 1);
        t[j] = old[i];
    }
    free(old);
    return true;
}

/* The shape plan for @b's properties with @font, from a small cache. The
 * plans are HarfBuzz's own cached ones (hb_shape_plan_create_cached), so
 * holding a reference is all we add. */
static hb_shape_plan_t *plan_for(sah_shaper_t *s, const sah_font_t *font, hb_buffer_t *b)
{
    hb_segment_properties_t props;
    hb_buffer_get_segment_properties(b, &props);
    uint32_t serial = sah_font_serial(font);
    for (size_t i = 0; i < s->n_plans; i++) {
        plan_slot_t *p = &s->plans[i];
        if (p->serial == serial && hb_segment_properties_equal(&p->props, &props))
            return p->plan;
    }
    hb_shape_plan_t *plan =
        hb_shape_plan_create_cached(hb_font_get_face(sah_font_hb(font)), &props, NULL, 0, NULL);
    if (!plan)
        return NULL;
    size_t i = s->n_plans < MAX_PLANS ? s->n_plans++ : (s->next_evict++ % MAX_PLANS);
    if (s->plans[i].plan)
        hb_shape_plan_destroy(s->plans[i].plan);
    s->plans[i] = (plan_slot_t){serial, props, plan};
    return plan;
}

static size_t grown(size_t cap, size_t need)
{
    if (need <= cap)
        return cap;
    size_t c = cap ? cap : 256; /* sah_grow()'s first size */
    while (c < need)
        c *= 2;
    return c;
}

/* Bytes held by the cache once an entry of @klen key words and @n glyphs is
 * added (the scratch buffers are not the cache's: they track the largest
 * unit shaped). */
static size_t held_after(const sah_shaper_t *s, size_t klen, size_t n)
{
    size_t table = (s->table_used + 1) * 4 > s->table_cap * 3
                       ? (s->table_cap ? 2 * s->table_cap : TABLE_MIN)
                       : s->table_cap;
    return grown(s->keys_cap, s->keys_len + klen) * 4 +
           grown(s->glyphs_cap, s->glyphs_len + n) * sizeof(sah_shaped_t) + table * sizeof(entry_t);
}

/* Frees the cache's memory (sah_shaper_clear() keeps it for reuse). */
static void release(sah_shaper_t *s)
{
    free(s->table);
    free(s->keys);
    free(s->glyphs);
    s->table = NULL;
    s->keys = NULL;
    s->glyphs = NULL;
    s->epoch++;
    s->table_cap = s->table_used = s->keys_cap = s->keys_len = s->glyphs_cap = s->glyphs_len = 0;
}

/* Whether text[start, end) or its context (as hb_buffer_add_utf32() takes
 * it) holds a SAH_SHAPER_SKIP. */
static bool has_skip(const uint32_t *text, size_t len, size_t start, size_t end)
{
    size_t a = start > MAX_CONTEXT ? start - MAX_CONTEXT : 0;
    size_t z = len - end > MAX_CONTEXT ? end + MAX_CONTEXT : len;
    for (size_t i = a; i < z; i++)
        if (text[i] == SAH_SHAPER_SKIP)
            return true;
    return false;
}

/* Fills @b as hb_buffer_add_utf32(b, text, len, start, end - start) would,
 * without the skipped characters: the others keep their index as cluster,
 * and the context is what is left of the same MAX_CONTEXT characters each
 * side (so that the work stays bounded however long a skipped run is). */
static void add_without_skipped(hb_buffer_t *b, const uint32_t *text, size_t len, size_t start,
                                size_t end)
{
    uint32_t ctx[MAX_CONTEXT];
    size_t k = 0;
    for (size_t i = start; i > 0 && start - i < MAX_CONTEXT;)
        if (text[--i] != SAH_SHAPER_SKIP)
            ctx[MAX_CONTEXT - 1 - k++] = text[i];
    /* An empty item after @k characters: only the pre-context is taken
     * (the buffer is empty), and it sets the content type. */
    hb_buffer_add_utf32(b, ctx + MAX_CONTEXT - k, (int)k, (unsigned)k, 0);
    for (size_t i = start; i < end; i++) {
        uint32_t c = text[i];
        if (c == SAH_SHAPER_SKIP)
            continue;
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            c = HB_BUFFER_REPLACEMENT_CODEPOINT_DEFAULT; /* as hb_buffer_add_utf32() */
        hb_buffer_add(b, c, (unsigned)i);
    }
    k = 0;
    for (size_t i = end; i < len && i - end < MAX_CONTEXT; i++)
        if (text[i] != SAH_SHAPER_SKIP)
            ctx[k++] = text[i];
    /* An empty item at 0: only the post-context is set. */
    hb_buffer_add_utf32(b, ctx, (int)k, 0, 0);
}

/* Shapes the text @b holds in @font (its context included); false when
 * HarfBuzz ran out of memory. */
static bool shape_buffer(sah_shaper_t *s, const sah_font_t *font, bool rtl, hb_script_t script,
                         hb_buffer_t *b)
{
    hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(b, script);
    hb_buffer_set_language(b, s->lang);
    /* As libraqm: the run is a whole text, its context given. Asking for
     * the tatweel flags changes no glyph or position. */
    hb_buffer_set_flags(b, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT | PRODUCE_TATWEEL);
    /* The plan is looked up once per (font, direction, script): hb_shape()
     * would search the face's plan list on every word. */
    hb_shape_plan_t *plan = plan_for(s, font, b);
    if (plan)
        hb_shape_plan_execute(plan, sah_font_hb(font), b, NULL, 0);
    else
        hb_shape(sah_font_hb(font), b, NULL, 0);
    return hb_buffer_allocation_successful(b);
}

/* Shapes text[start, end) into s->out; returns the glyph count or -1. */
static long shape_now(sah_shaper_t *s, const sah_font_t *font, bool rtl, hb_script_t script,
                      const uint32_t *text, size_t len, size_t start, size_t end)
{
    hb_buffer_t *b = s->buf;
    hb_buffer_clear_contents(b);
    if (has_skip(text, len, start, end))
        add_without_skipped(b, text, len, start, end);
    else
        hb_buffer_add_utf32(b, text, (int)len, (unsigned)start, (int)(end - start));
    if (!shape_buffer(s, font, rtl, script, b))
        return -1;
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, NULL);
    if (!sah_grow((void **)&s->out, &s->out_cap, n ? n : 1, sizeof *s->out))
        return -1;
    for (unsigned i = 0; i < n; i++) {
        s->out[i] = (sah_shaped_t){info[i].codepoint, info[i].cluster - (uint32_t)start,
                                   pos[i].x_advance,  pos[i].x_offset,
                                   pos[i].y_offset,   TATWEEL_OK(&info[i])};
    }
    return (long)n;
}

/* Stores s->out[0, n) under the key in s->key_scratch (@klen words, hash
 * @h), dropping the whole cache first if it would exceed the budget.
 * Returns the stored glyphs, or s->out when they could not be kept. */
static const sah_shaped_t *store(sah_shaper_t *s, size_t klen, uint64_t h, size_t n)
{
    size_t own = klen * 4 + n * sizeof(sah_shaped_t);
    if (own > s->budget / 4)
        return s->out; /* a giant unit (a paragraph with no spaces) is not kept */
    /* The budget is on what the process holds: capacities after the growth
     * this entry causes, not lengths. Past it, everything is freed (not just
     * emptied: emptied arrays would keep their doubled capacities). */
    if (held_after(s, klen, n) > s->budget) {
        release(s);
        s->stats.flushes++;
        if (held_after(s, klen, n) > s->budget)
            return s->out; /* cannot be kept within the budget at all */
    }
    if ((s->table_used + 1) * 4 > s->table_cap * 3 && !rehash(s))
        return s->out;
    if (!sah_grow((void **)&s->keys, &s->keys_cap, s->keys_len + klen, 4) ||
        !sah_grow((void **)&s->glyphs, &s->glyphs_cap, s->glyphs_len + n, sizeof(sah_shaped_t)))
        return s->out;
    entry_t *e = lookup(s, s->key_scratch, klen, h);
    e->hash = h;
    e->key_off = (uint32_t)s->keys_len;
    e->key_len = (uint32_t)klen;
    e->glyph_off = (uint32_t)s->glyphs_len;
    e->n_glyphs = (uint32_t)n;
    memcpy(s->keys + s->keys_len, s->key_scratch, klen * 4);
    if (n) /* an empty unit may leave s->glyphs unallocated */
        memcpy(s->glyphs + s->glyphs_len, s->out, n * sizeof(sah_shaped_t));
    s->keys_len += klen;
    s->glyphs_len += n;
    s->table_used++;
    /* What the cache holds stays within its budget (held_after() foresaw
     * these capacities), and the table keeps a free slot for lookup(). */
    assert(s->table_cap * sizeof(entry_t) + s->keys_cap * 4 +
               s->glyphs_cap * sizeof(sah_shaped_t) <=
           s->budget);
    assert(s->table_used * 4 <= s->table_cap * 3);
    return s->glyphs + e->glyph_off;
}

const sah_shaped_t *sah_shaper_shape(sah_shaper_t *s, const sah_font_t *font, bool rtl,
                                     hb_script_t script, const uint32_t *text, size_t len,
                                     size_t start, size_t end, size_t *n_glyphs)
{
    *n_glyphs = 0;
    s->last = (sah_shaper_ref_t){0, 0, 0};
    if (!s->caching) {
        long n = shape_now(s, font, rtl, script, text, len, start, end);
        if (n < 0)
            return NULL;
        *n_glyphs = (size_t)n;
        return s->out;
    }
    size_t klen = make_key(s, font, rtl, script, text, len, start, end);
    if (!klen)
        return NULL;
    uint64_t h = hash_words(s->key_scratch, klen);
    entry_t *e = lookup(s, s->key_scratch, klen, h);
    if (e && e->hash) {
        s->stats.hits++;
        *n_glyphs = e->n_glyphs;
        s->last = (sah_shaper_ref_t){s->epoch + 1, e->glyph_off, e->n_glyphs};
        return s->glyphs + e->glyph_off;
    }
    s->stats.misses++;
    long n = shape_now(s, font, rtl, script, text, len, start, end);
    if (n < 0)
        return NULL;
    *n_glyphs = (size_t)n;
    const sah_shaped_t *g = store(s, klen, h, (size_t)n);
    if (g != s->out)
        s->last = (sah_shaper_ref_t){s->epoch + 1, (uint32_t)(g - s->glyphs), (uint32_t)n};
    return g;
}

sah_shaper_ref_t sah_shaper_last_ref(const sah_shaper_t *s)
{
    return s->last;
}

const sah_shaped_t *sah_shaper_from_ref(const sah_shaper_t *s, sah_shaper_ref_t ref,
                                        size_t *n_glyphs)
{
    if (!ref.epoch || ref.epoch != s->epoch + 1 || (size_t)ref.off + ref.n > s->glyphs_len)
        return NULL;
    *n_glyphs = ref.n;
    return s->glyphs + ref.off;
}

/* Whether a unit of @len characters of @text is the @len characters at @b
 * (the same key once both have a space each side). */
static bool same_chars(const uint32_t *text, uint32_t a, uint32_t b, uint32_t len)
{
    return memcmp(text + a, text + b, len * sizeof *text) == 0;
}

size_t sah_shaper_prefetch(sah_shaper_t *s, const sah_font_t *font, bool rtl, hb_script_t script,
                           const uint32_t *text, size_t len, const uint32_t *units, size_t n_units,
                           sah_shaper_ref_t *refs)
{
    if (refs)
        memset(refs, 0, n_units * sizeof *refs);
    if (!s->caching || n_units < 2)
        return 0;
    /* The units to shape: a space each side (so HarfBuzz's context is a
     * space, as in the batch), nothing skipped, not cached, not a repeat. */
    size_t seen_cap = 16;
    while (seen_cap < 2 * n_units)
        seen_cap *= 2;
    if (n_units > UINT32_MAX / 2 ||
        !sah_grow((void **)&s->pick, &s->pick_cap, n_units, sizeof *s->pick) ||
        !sah_grow((void **)&s->seen, &s->seen_cap, seen_cap, sizeof *s->seen) ||
        !sah_grow((void **)&s->upick, &s->upick_cap, n_units, sizeof *s->upick))
        return 0;
    memset(s->upick, 0, n_units * sizeof *s->upick);
    memset(s->seen, 0, seen_cap * sizeof *s->seen);
    size_t np = 0, total = 0;
    for (size_t u = 0; u < n_units; u++) {
        uint32_t a = units[2 * u], b = units[2 * u + 1];
        /* The text's first unit opens the batch and its last closes it. */
        uint8_t edge = (uint8_t)((a == 0 && np == 0 ? EDGE_START : 0u) |
                                 (b == len && u + 1 == n_units ? EDGE_END : 0u));
        if (b > len || b <= a || (!(edge & EDGE_START) && (a == 0 || text[a - 1] != ' ')) ||
            (!(edge & EDGE_END) && (b == len || text[b] != ' ')) || has_skip(text, len, a, b))
            continue;
        size_t klen = make_key(s, font, rtl, script, text, len, a, b);
        if (!klen)
            return 0;
        uint64_t h = hash_words(s->key_scratch, klen);
        entry_t *e = lookup(s, s->key_scratch, klen, h);
        if (e && e->hash) {
            if (refs)
                refs[u] = (sah_shaper_ref_t){s->epoch + 1, e->glyph_off, e->n_glyphs};
            continue;
        }
        /* A repeat within the run: a set of the picks (index + 1). */
        size_t slot = (size_t)h & (seen_cap - 1);
        uint32_t repeat = 0;
        for (; s->seen[slot] && !repeat; slot = (slot + 1) & (seen_cap - 1)) {
            const pick_t *q = &s->pick[s->seen[slot] - 1];
            if (q->hash == h && q->edge == edge && q->b - q->a == b - a &&
                same_chars(text, q->a, a, b - a))
                repeat = s->seen[slot];
        }
        s->upick[u] = repeat ? repeat : (uint32_t)np + 1;
        if (repeat)
            continue;
        s->seen[slot] = (uint32_t)np + 1;
        s->pick[np++] = (pick_t){.hash = h, .a = a, .b = b, .at = (uint32_t)total, .edge = edge};
        total += b - a + 1; /* and a space */
    }
    if (np < 2 || total > UINT32_MAX)
        return 0;

    /* "w1 w2 ... wn " with a space as context each side; no space before
     * a unit at the text's start, none after one at its end. */
    static const uint32_t space = ' ';
    bool open = s->pick[0].edge & EDGE_START, close = s->pick[np - 1].edge & EDGE_END;
    hb_buffer_t *buf = s->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf32(buf, &space, open ? 0 : 1, open ? 0 : 1, 0);
    for (size_t k = 0; k < np; k++) {
        uint32_t at = s->pick[k].at;
        for (uint32_t i = s->pick[k].a; i < s->pick[k].b; i++)
            hb_buffer_add(buf, text[i], at++);
        if (!(s->pick[k].edge & EDGE_END))
            hb_buffer_add(buf, ' ', at);
    }
    if (!close)
        hb_buffer_add_utf32(buf, &space, 1, 0, 0);
    if (!shape_buffer(s, font, rtl, script, buf))
        return 0;
    unsigned ng;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &ng);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);

    /* Each unit's glyphs are one stretch of the output (clusters are
     * monotonic), its space's right after it in logical order. A unit is
     * kept when HarfBuzz allows a break before its first cluster and
     * before its space: then the stretch is exactly what shaping the unit
     * alone gives (HB_GLYPH_FLAG_UNSAFE_TO_BREAK's contract). */
    if (!sah_grow((void **)&s->owner, &s->owner_cap, total, sizeof *s->owner))
        return 0;
    for (size_t k = 0; k < np; k++) {
        pick_t *p = &s->pick[k];
        uint32_t n = p->b - p->a;
        for (uint32_t i = 0; i <= n; i++)
            s->owner[p->at + i] = (uint32_t)k;
        p->first = ng;
        p->last = p->n = 0;
        p->ref = (sah_shaper_ref_t){0, 0, 0};
        p->start_ok = p->space_ok = true;
        p->start_seen = false;
        /* At the text's end the unit has no space: the buffer ends there. */
        p->space_seen = p->edge & EDGE_END;
    }
    for (unsigned g = 0; g < ng; g++) {
        uint32_t c = info[g].cluster;
        pick_t *p = &s->pick[s->owner[c]];
        bool unsafe = hb_glyph_info_get_glyph_flags(&info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK;
        if (c == p->at + (p->b - p->a)) {
            p->space_seen = true;
            p->space_ok = p->space_ok && !unsafe;
            continue;
        }
        if (c == p->at) {
            p->start_seen = true;
            p->start_ok = p->start_ok && !unsafe;
        }
        p->first = g < p->first ? g : p->first;
        p->last = g;
        p->n++;
    }
    size_t kept = 0;
    for (size_t k = 0; k < np; k++) {
        pick_t *p = &s->pick[k];
        uint32_t lo = p->at;
        size_t first = p->first, last = p->last, n = p->n;
        /* The first unit's start is the buffer's, as when shaped alone. */
        bool ok = (k == 0 || p->start_ok) && p->space_ok, seen_lo = p->start_seen,
             seen_sp = p->space_seen;
        if (!ok || !seen_lo || !seen_sp || n != last - first + 1 ||
            !sah_grow((void **)&s->out, &s->out_cap, n, sizeof *s->out))
            continue;
        for (size_t g = first, o = 0; g <= last; g++, o++)
            s->out[o] =
                (sah_shaped_t){info[g].codepoint, info[g].cluster - lo, pos[g].x_advance,
                               pos[g].x_offset,   pos[g].y_offset,      TATWEEL_OK(&info[g])};
        size_t klen = make_key(s, font, rtl, script, text, len, p->a, p->b);
        if (!klen)
            break;
        s->stats.misses++;
        const sah_shaped_t *g = store(s, klen, p->hash, n);
        if (g != s->out) {
            kept++;
            p->ref = (sah_shaper_ref_t){s->epoch + 1, (uint32_t)(g - s->glyphs), (uint32_t)n};
        }
    }
    /* A store that flushed the cache left the refs before it stale (their
     * epoch is gone): sah_shaper_from_ref() refuses them. */
    for (size_t u = 0; refs && u < n_units; u++)
        if (s->upick[u])
            refs[u] = s->pick[s->upick[u] - 1].ref;
    return kept;
}
