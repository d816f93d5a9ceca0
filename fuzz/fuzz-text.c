/*
 * fuzz-text.c - the text engine on arbitrary bytes: decode, paragraphs, bidi,
 * font runs, shaping, line breaking, justification, pagination, drawing.
 *
 * Input: an 8-byte header, then the article's bytes.
 *   0 width   page width  = 100 + 4 * b  (100 .. 1120 px)
 *   1 height  page height = 100 + 4 * b
 *   2 margin  b % (min(width, height) / 4 + 1)   (always leaves room)
 *   3 px      6 + b % 64  (6 .. 69 px per em)
 *   4 flags   bits 0-3 line height 0.8 + 0.1 * n; bit 4 absolute line
 *             height; bits 5-6 base direction (auto, auto-ltr, rtl, ltr);
 *             bit 7 roles: each paragraph gets a role from its first byte
 *             (headlines, captions, datelines, headings kept with the next
 *             paragraph), else every paragraph is body text
 *   5 gap     bits 0-4 paragraph gap in px; bits 5-6 kashida (moderate,
 *             off, strong, moderate); bit 7 resize: after drawing,
 *             change the font size with sah_pager_set_geometry(), check that
 *             the reader's place is kept, and change it back
 *   6 dx      int8: where pages are drawn in the buffer, so that glyphs are
 *   7 dy      clipped on every side of a 128 x 128 A8 buffer
 * A shorter input is padded with zeros (an empty text on a 100 x 100 page).
 *
 * Checked (pager.h's contract): page 0 starts at byte 0, starts increase
 * strictly (a page always takes at least one line), the last page ends at
 * the text's end, sah_pager_page_of_offset() finds each page by its start,
 * every line of a page lies inside the page's bytes.
 *
 * Speed: loading a font chain costs far more than laying out a small input,
 * and libFuzzer runs millions of inputs, so pagers are kept between inputs in
 * a small cache keyed by geometry (sah_pager_set_text() swaps the article,
 * sah_pager_clear_caches() makes each input start cold, as a fresh pager
 * would). The glyph cache is shared by all inputs with a small budget, as the
 * app shares one: eviction is exercised too.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "fonts/fontchain.h"
#include "fuzz.h"
#include "render/page/pager.h"

#define HEADER       8
#define BUF_SIDE     128
#define PAGER_CACHE  16
#define GLYPH_BUDGET ((size_t)4096 << 10)

typedef struct {
    uint8_t key[6]; /* header bytes 0-5, role bit cleared */
    sah_pager_t *pager;
    uint64_t used;
} cached_pager_t;

static cached_pager_t pagers[PAGER_CACHE];
static uint64_t clock_;
static sah_glyphcache_t *cache;
static sah_pagebuf_t *buf;
static sah_text_t *placeholder; /* a pager must always point at a live text */

static void cleanup(void)
{
    for (int i = 0; i < PAGER_CACHE; i++)
        sah_pager_free(pagers[i].pager);
    sah_text_free(placeholder);
    sah_pagebuf_free(buf);
    sah_glyphcache_free(cache);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sah_fontchain_t *probe = sah_fontchain_new("default", 20);
    if (!probe) {
        fprintf(stderr, "fuzz-text: no font of the default chain (fonts-noto-core): skipped\n");
        exit(FUZZ_SKIP);
    }
    sah_fontchain_free(probe);
    cache = sah_glyphcache_new(GLYPH_BUDGET, SAH_HINT_LIGHT);
    buf = sah_pagebuf_new(SAH_PIXFMT_A8, BUF_SIDE, BUF_SIDE);
    placeholder = sah_text_new("", 0);
    if (!cache || !buf || !placeholder)
        abort();
    atexit(cleanup);
    return 0;
}

static void geometry_from(const uint8_t *h, sah_geometry_t *g)
{
    sah_geometry_default(g);
    g->width = 100 + 4 * h[0];
    g->height = 100 + 4 * h[1];
    int side = g->width < g->height ? g->width : g->height;
    g->margin = h[2] % (side / 4 + 1);
    g->px = 6 + h[3] % 64;
    g->line_height = 0.8 + 0.1 * (h[4] & 15);
    g->abs_line_height = h[4] & 16;
    static const sah_direction_t dirs[] = {SAH_DIR_AUTO, SAH_DIR_AUTO_LTR, SAH_DIR_RTL,
                                           SAH_DIR_LTR};
    g->dir = dirs[(h[4] >> 5) & 3];
    g->para_gap = h[5] & 31;
    static const sah_kashida_t kashida[] = {SAH_KASHIDA_MODERATE, SAH_KASHIDA_OFF,
                                            SAH_KASHIDA_STRONG, SAH_KASHIDA_MODERATE};
    g->kashida = kashida[(h[5] >> 5) & 3];
    /* Every role at the body's size with the body's chain: a pager then loads
     * one chain, not five. What the pager does with roles (alignment, spacing,
     * keep-with-next) does not depend on their fonts. */
    for (int r = 0; r < SAH_ROLE_COUNT; r++) {
        g->roles[r].size = 1.0;
        g->roles[r].fonts = NULL;
    }
    g->roles[SAH_ROLE_CAPTION].align = SAH_ALIGN_CENTER;
}

/* The pager for header @h: from the cache, or new (evicting the least
 * recently used). NULL only if the pager refuses the geometry or fonts. */
static sah_pager_t *pager_for(const uint8_t *h, const sah_geometry_t *g)
{
    uint8_t key[6];
    memcpy(key, h, sizeof key);
    key[4] &= 0x7f; /* roles: blocks, not geometry */
    key[5] &= 0x7f; /* resize */
    cached_pager_t *victim = &pagers[0];
    for (int i = 0; i < PAGER_CACHE; i++) {
        if (pagers[i].pager && !memcmp(pagers[i].key, key, sizeof key)) {
            pagers[i].used = ++clock_;
            return pagers[i].pager;
        }
        if (pagers[i].used < victim->used)
            victim = &pagers[i];
    }
    sah_pager_free(victim->pager);
    victim->pager = sah_pager_new(placeholder, NULL, 0, "default", g);
    victim->used = victim->pager ? ++clock_ : 0;
    memcpy(victim->key, key, sizeof key);
    return victim->pager;
}

/* Roles from each paragraph's first byte: mostly body, some of each other
 * role, so that keep-with-next chains and alignments meet every case. */
static sah_block_t *blocks_from(const sah_text_t *t, const uint8_t *bytes, size_t *n)
{
    *n = sah_text_paragraph_count(t);
    sah_block_t *b = malloc((*n ? *n : 1) * sizeof *b);
    if (!b)
        abort();
    for (size_t i = 0; i < *n; i++) {
        b[i].span = sah_text_paragraph(t, i);
        unsigned k = bytes[b[i].span.byte_start] % 8;
        b[i].role = k < SAH_ROLE_COUNT ? (sah_role_t)k : SAH_ROLE_BODY;
    }
    return b;
}

static void check_pages(sah_pager_t *pg, size_t n_pages, size_t text_bytes)
{
    FUZZ_CHECK(n_pages >= 1);
    FUZZ_CHECK(sah_pager_page_start(pg, 0) == 0);
    FUZZ_CHECK(sah_pager_page_start(pg, n_pages) == UINT32_MAX);
    for (size_t i = 0; i < n_pages; i++) {
        uint32_t s = sah_pager_page_start(pg, i);
        FUZZ_CHECK(s <= text_bytes);
        if (i > 0)
            FUZZ_CHECK(s > sah_pager_page_start(pg, i - 1));
        FUZZ_CHECK(sah_pager_page_of_offset(pg, s) == i);
    }
    FUZZ_CHECK(sah_pager_page_of_offset(pg, UINT32_MAX) == n_pages - 1);
}

static void draw_pages(sah_pager_t *pg, size_t n_pages, int dx, int dy)
{
    for (size_t i = 0; i < n_pages; i++) {
        sah_page_t *page = sah_pager_page(pg, i);
        FUZZ_CHECK(page != NULL);
        FUZZ_CHECK(sah_page_index(page) == i);
        uint32_t start = sah_page_byte_start(page), end = sah_page_byte_end(page);
        FUZZ_CHECK(start == sah_pager_page_start(pg, i));
        FUZZ_CHECK(start < end || (n_pages == 1 && start == end));
        const sah_lines_t *ls = sah_page_lines(page);
        for (size_t k = 0; k < sah_lines_count(ls); k++) {
            const sah_line_t *l = sah_lines_get(ls, k);
            FUZZ_CHECK(l->byte_start >= start && l->byte_end <= end);
            FUZZ_CHECK(l->byte_start <= l->byte_end);
            int32_t x, base;
            sah_page_line_origin(page, k, &x, &base);
            (void)x;
            (void)base;
        }
        sah_pagebuf_clear(buf);
        /* A glyph may fail to render (logged); that is not a crash. */
        (void)sah_page_draw(page, buf, cache, dx, dy);
        sah_page_free(page);
    }
}

/* The app's font size change: the page showing @offset before is the page
 * holding it after, and going back gives the same page count. */
static void resize(sah_pager_t *pg, const sah_geometry_t *g, size_t n_pages, uint32_t offset)
{
    sah_geometry_t big = *g;
    big.px = g->px < 60 ? g->px + 7 : g->px - 7;
    if (!sah_pager_set_geometry(pg, &big))
        abort(); /* fonts that loaded once must load again */
    size_t i = sah_pager_page_of_offset(pg, offset);
    uint32_t s = sah_pager_page_start(pg, i);
    FUZZ_CHECK(s <= offset);
    FUZZ_CHECK(sah_pager_page_start(pg, i + 1) > offset ||
               sah_pager_page_start(pg, i + 1) == UINT32_MAX);
    if (!sah_pager_set_geometry(pg, g))
        abort();
    FUZZ_CHECK(sah_pager_count(pg) == n_pages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t h[HEADER] = {0};
    memcpy(h, data, size < HEADER ? size : HEADER);
    const char *bytes = size > HEADER ? (const char *)data + HEADER : "";
    size_t n = size > HEADER ? size - HEADER : 0;

    sah_geometry_t g;
    geometry_from(h, &g);
    sah_text_t *t = sah_text_new(bytes, n);
    FUZZ_CHECK(t != NULL);
    FUZZ_CHECK(sah_text_byte_length(t) == n);
    sah_pager_t *pg = pager_for(h, &g);
    FUZZ_CHECK(pg != NULL); /* the header only makes geometries that leave room */

    size_t n_blocks = 0;
    sah_block_t *blocks = (h[4] & 0x80) ? blocks_from(t, (const uint8_t *)bytes, &n_blocks) : NULL;
    if (!sah_pager_set_text(pg, t, blocks, n_blocks))
        abort();
    sah_pager_clear_caches(pg);
    size_t n_pages = sah_pager_count(pg);
    check_pages(pg, n_pages, n);
    draw_pages(pg, n_pages, (int8_t)h[6], (int8_t)h[7]);
    if (h[5] & 0x80)
        resize(pg, &g, n_pages, sah_pager_page_start(pg, n_pages / 2));

    /* Leave the pager on the placeholder: @t dies here. */
    if (!sah_pager_set_text(pg, placeholder, NULL, 0))
        abort();
    free(blocks);
    sah_text_free(t);
    return 0;
}
