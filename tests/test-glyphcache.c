/*
 * test-glyphcache.c - the glyph cache's contract: hits and misses, LRU order,
 * the byte budget (tiny, zero, and a 1000 px glyph larger than all of it),
 * fonts told apart by serial, and bad lookups. Pixels themselves are checked
 * against FreeType in test-raster.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fonts/font.h"
#include "render/raster/glyphcache.h"
#include "testutil.h"

static const char *naskh;

static sah_glyphcache_stats_t stats(const sah_glyphcache_t *gc)
{
    sah_glyphcache_stats_t st;
    sah_glyphcache_stats(gc, &st);
    return st;
}

static uint32_t gid(const sah_font_t *f, uint32_t cp)
{
    return FT_Get_Char_Index(sah_font_ft(f), cp);
}

/* A private copy of a mask, since the cache's is valid until the next lookup. */
typedef struct {
    sah_glyph_bitmap_t g;
    uint8_t *px;
} copy_t;

static copy_t copy_of(const sah_glyph_bitmap_t *g)
{
    copy_t c = {*g, NULL};
    size_t n = (size_t)g->pitch * (size_t)g->rows;
    c.px = malloc(n ? n : 1);
    if (n)
        memcpy(c.px, g->pixels, n);
    return c;
}

static bool same(const copy_t *c, const sah_glyph_bitmap_t *g)
{
    return c->g.width == g->width && c->g.rows == g->rows && c->g.left == g->left &&
           c->g.top == g->top && !memcmp(c->px, g->pixels, (size_t)g->pitch * (size_t)g->rows);
}

static void test_hits_and_phases(void)
{
    sah_font_t *f = sah_font_new(naskh, 20);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    uint32_t kaf = gid(f, 0x0643);

    const sah_glyph_bitmap_t *g = sah_glyphcache_get(gc, f, kaf, 0);
    CHECK(g && g->width > 0 && g->rows > 0 && g->top > 0, "KAF at 20 px has a mask");
    copy_t c0 = copy_of(g);
    CHECK(stats(gc).misses == 1 && stats(gc).hits == 0, "first lookup renders");
    g = sah_glyphcache_get(gc, f, kaf, 0);
    CHECK(g && same(&c0, g), "second lookup returns the same mask");
    CHECK(stats(gc).hits == 1, "second lookup is a hit");

    /* Every phase is its own entry, shifted right: same top, same or later
     * left edge of the ink. */
    for (unsigned p = 1; p < SAH_GLYPH_PHASES; p++) {
        g = sah_glyphcache_get(gc, f, kaf, p);
        CHECK(g && g->top == c0.g.top, "phase %u: same rows", p);
        CHECK(g && !same(&c0, g), "phase %u: a different mask from phase 0", p);
    }
    CHECK(stats(gc).entries == SAH_GLYPH_PHASES, "one entry per phase, got %zu", stats(gc).entries);

    /* The space has no outline: a valid, empty glyph. */
    g = sah_glyphcache_get(gc, f, sah_font_space_glyph(f), 0);
    CHECK(g && g->width == 0 && g->rows == 0, "space is an empty glyph");

    fprintf(stderr, "(expected errors follow)\n");
    CHECK(!sah_glyphcache_get(gc, f, kaf, SAH_GLYPH_PHASES), "phase out of range");
    CHECK(!sah_glyphcache_get(gc, NULL, kaf, 0), "NULL font");
    CHECK(!sah_glyphcache_get(gc, f, (uint32_t)sah_font_ft(f)->num_glyphs, 0),
          "glyph id past the font");
    CHECK(!sah_glyphcache_get(gc, f, 0xFFFFFFFFu, 0), "glyph id 2^32-1");
    CHECK(!sah_glyphcache_new(100, (sah_hinting_t)9), "unknown hinting");
    fprintf(stderr, "(end of expected errors)\n");
    /* A refused glyph is remembered: asked again, it is a hit that returns
     * NULL, and FreeType is not asked (nor a line logged) again. */
    uint64_t m0 = stats(gc).misses, h0 = stats(gc).hits;
    for (int i = 0; i < 3; i++)
        CHECK(!sah_glyphcache_get(gc, f, 0xFFFFFFFFu, 0), "glyph id 2^32-1 again");
    CHECK(stats(gc).misses == m0 && stats(gc).hits == h0 + 3,
          "refusal remembered: %llu misses (%llu before), %llu hits (%llu before)",
          (unsigned long long)stats(gc).misses, (unsigned long long)m0,
          (unsigned long long)stats(gc).hits, (unsigned long long)h0);

    sah_glyphcache_clear(gc);
    CHECK(stats(gc).entries == 0 && stats(gc).bytes == 0, "clear empties the cache");
    g = sah_glyphcache_get(gc, f, kaf, 0);
    CHECK(g && same(&c0, g), "after clear the same mask is rendered again");
    sah_glyphcache_clear(NULL);
    sah_glyphcache_free(NULL);

    free(c0.px);
    sah_glyphcache_free(gc);
    sah_font_free(f);
}

/* Budget for exactly three masks; the least recently used one goes first. D is
 * B's glyph from a second font object on the same file and size: same mask,
 * same cost, different key. */
static void test_lru(void)
{
    sah_font_t *f = sah_font_new(naskh, 24), *f2 = sah_font_new(naskh, 24);
    sah_glyphcache_t *probe = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    uint32_t a = gid(f, 0x0628), b = gid(f, 0x0633), c = gid(f, 0x0643);

    (void)sah_glyphcache_get(probe, f, a, 0);
    (void)sah_glyphcache_get(probe, f, b, 0);
    (void)sah_glyphcache_get(probe, f, c, 0);
    size_t budget = stats(probe).bytes;
    sah_glyphcache_free(probe);

    sah_glyphcache_t *gc = sah_glyphcache_new(budget, SAH_HINT_LIGHT);
    (void)sah_glyphcache_get(gc, f, a, 0);
    (void)sah_glyphcache_get(gc, f, b, 0);
    (void)sah_glyphcache_get(gc, f, c, 0);
    CHECK(stats(gc).entries == 3 && stats(gc).evictions == 0, "three fit exactly");
    (void)sah_glyphcache_get(gc, f, a, 0); /* a is now the most recent: b is oldest */
    CHECK(stats(gc).hits == 1, "a is a hit");
    (void)sah_glyphcache_get(gc, f2, b, 0); /* D: evicts b, only b */
    CHECK(stats(gc).evictions == 1 && stats(gc).entries == 3,
          "D evicts one entry (evictions %llu, entries %zu)",
          (unsigned long long)stats(gc).evictions, stats(gc).entries);
    uint64_t misses = stats(gc).misses;
    (void)sah_glyphcache_get(gc, f, a, 0);
    (void)sah_glyphcache_get(gc, f, c, 0);
    (void)sah_glyphcache_get(gc, f2, b, 0);
    CHECK(stats(gc).misses == misses, "a, c and D are still cached");
    (void)sah_glyphcache_get(gc, f, b, 0);
    CHECK(stats(gc).misses == misses + 1, "b was the one evicted");
    CHECK(stats(gc).bytes <= budget, "within budget");

    sah_glyphcache_free(gc);
    sah_font_free(f);
    sah_font_free(f2);
}

/* Random lookups under a small budget: never over budget, and every mask
 * equals what an unbounded cache gives. */
static void test_budget_churn(void)
{
    sah_font_t *f = sah_font_new(naskh, 18), *big = sah_font_new(naskh, 90);
    sah_glyphcache_t *gc = sah_glyphcache_new(20000, SAH_HINT_LIGHT);
    sah_glyphcache_t *ref = sah_glyphcache_new(64 << 20, SAH_HINT_LIGHT);
    uint64_t seed = 12345;
    long bad = 0;

    for (int i = 0; i < 4000; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const sah_font_t *font = (seed >> 60) < 2 ? big : f;
        uint32_t g = (uint32_t)((seed >> 33) % 300);
        unsigned phase = (unsigned)(seed >> 20) % SAH_GLYPH_PHASES;
        const sah_glyph_bitmap_t *m = sah_glyphcache_get(gc, font, g, phase);
        if (!m) {
            bad++;
            continue;
        }
        copy_t c = copy_of(m);
        CHECK(stats(gc).bytes <= 20000, "over budget: %zu", stats(gc).bytes);
        const sah_glyph_bitmap_t *r = sah_glyphcache_get(ref, font, g, phase);
        bad += !r || !same(&c, r);
        free(c.px);
    }
    sah_glyphcache_stats_t st = stats(gc);
    CHECK(bad == 0, "%ld masks differ from an unbounded cache's", bad);
    CHECK(st.evictions > 0 && st.hits > 0, "churn should both hit and evict");
    printf("churn, 20000-byte budget: %llu hits, %llu misses, %llu evictions, %llu oversize, "
           "%zu entries, %zu bytes\n",
           (unsigned long long)st.hits, (unsigned long long)st.misses,
           (unsigned long long)st.evictions, (unsigned long long)st.oversize, st.entries, st.bytes);
    sah_glyphcache_free(gc);
    sah_glyphcache_free(ref);
    sah_font_free(f);
    sah_font_free(big);
}

/* A 1000 px glyph is larger than the whole budget: it is served, not cached,
 * and the cache keeps what it had. Budget 0 serves everything that way. */
static void test_oversize(void)
{
    sah_font_t *huge = sah_font_new(naskh, 1000), *f = sah_font_new(naskh, 20);
    sah_glyphcache_t *gc = sah_glyphcache_new(64 * 1024, SAH_HINT_LIGHT);
    uint32_t kaf = gid(f, 0x0643);

    (void)sah_glyphcache_get(gc, f, kaf, 0);
    sah_glyphcache_stats_t before = stats(gc);
    const sah_glyph_bitmap_t *g = sah_glyphcache_get(gc, huge, kaf, 3);
    CHECK(g && (size_t)g->width * (size_t)g->rows > 64 * 1024, "1000 px KAF served (%dx%d)",
          g ? g->width : 0, g ? g->rows : 0);
    long ink = 0;
    for (size_t i = 0; g && i < (size_t)g->pitch * (size_t)g->rows; i++)
        ink += g->pixels[i] == 255;
    CHECK(ink > 10000, "the huge mask has ink");
    sah_glyphcache_stats_t after = stats(gc);
    CHECK(after.oversize == before.oversize + 1, "counted as oversize");
    CHECK(after.bytes == before.bytes && after.entries == before.entries,
          "the cache's contents are untouched");
    g = sah_glyphcache_get(gc, f, kaf, 0);
    CHECK(g && stats(gc).hits == before.hits + 1, "the small glyph survived the huge one");

    sah_glyphcache_t *none = sah_glyphcache_new(0, SAH_HINT_NONE);
    for (int i = 0; i < 3; i++) {
        g = sah_glyphcache_get(none, f, kaf, 1);
        CHECK(g && g->width > 0, "budget 0 still serves masks");
    }
    CHECK(stats(none).entries == 0 && stats(none).bytes == 0 && stats(none).misses == 3,
          "budget 0 keeps nothing");

    sah_glyphcache_free(none);
    sah_glyphcache_free(gc);
    sah_font_free(huge);
    sah_font_free(f);
}

/* A font freed and another allocated (perhaps at the same address) never
 * hits the first one's masks: the key is the serial. */
static void test_serials(void)
{
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_font_t *f = sah_font_new(naskh, 20);
    uint32_t kaf = gid(f, 0x0643);
    const sah_glyph_bitmap_t *g = sah_glyphcache_get(gc, f, kaf, 0);
    int small_rows = g ? g->rows : 0;
    sah_font_free(f);
    f = sah_font_new(naskh, 40);
    g = sah_glyphcache_get(gc, f, kaf, 0);
    CHECK(g && g->rows > small_rows, "a new font at 40 px gets its own masks");
    CHECK(stats(gc).hits == 0 && stats(gc).misses == 2, "no hit across fonts");
    sah_font_free(f);
    sah_glyphcache_free(gc);
}

/* The tinted mask: lut[coverage] of the glyph the last lookup gave, counted
 * in the budget, made again for another theme; refused for any other
 * bitmap. */
static void test_tinted(void)
{
    sah_font_t *f = sah_font_new(naskh, 20);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    uint32_t lut[256], lut2[256];
    for (int i = 0; i < 256; i++) {
        lut[i] = 0xFF000000u | (uint32_t)i * 0x010101u;
        lut2[i] = 0xFF000000u | (uint32_t)(255 - i) << 8;
    }
    const sah_tint_t day = {0xFFFFFF, 0, 1.8, lut}, night = {0x161616, 0xD4D4D4, 1.8, lut2};
    const sah_glyph_bitmap_t *g = sah_glyphcache_get(gc, f, gid(f, 0x0643), 0);
    size_t before = stats(gc).bytes;
    const uint32_t *t = g ? sah_glyphcache_tinted(gc, g, &day) : NULL;
    CHECK(t != NULL, "KAF's tinted mask");
    bool ok = t != NULL;
    for (int32_t r = 0; ok && r < g->rows; r++)
        for (int32_t x = 0; ok && x < g->width; x++)
            ok = t[r * g->width + x] == lut[g->pixels[r * g->pitch + x]];
    CHECK(ok, "the tint is lut[coverage] at every pixel");
    CHECK(stats(gc).bytes == before + (size_t)g->width * (size_t)g->rows * 4,
          "the tint counts in the budget: %zu bytes, was %zu", stats(gc).bytes, before);
    CHECK(sah_glyphcache_tinted(gc, g, &day) == t, "the same theme: the kept tint");
    t = sah_glyphcache_tinted(gc, g, &night);
    CHECK(t && t[0] == lut2[g->pixels[0]], "another theme: the tint made again");
    copy_t c = copy_of(g);
    (void)sah_glyphcache_get(gc, f, gid(f, 0x0628), 0);
    CHECK(!sah_glyphcache_tinted(gc, &c.g, &day), "a bitmap not of the last lookup is refused");
    free(c.px);
    sah_glyphcache_free(gc);
    sah_font_free(f);
}

int main(void)
{
    naskh = getenv("SAHIFA_FONT_NASKH");
    if (!naskh || !*naskh || access(naskh, R_OK) != 0) {
        printf("SKIP: NotoNaskhArabic-Regular.ttf not found (install fonts-noto-core)\n");
        return 77;
    }
    test_hits_and_phases();
    test_lru();
    test_budget_churn();
    test_oversize();
    test_serials();
    test_tinted();
    return t_summary("glyphcache");
}
