/*
 * test-pagebox.c - the boxes of a byte range on laid-out lines and pages
 * (render/page/pagebox.h), against expectations worked out by hand.
 *
 * Each case is one paragraph, its direction, the range (a piece of the
 * text) and the boxes expected from the left, each named by the piece of
 * the text it must cover exactly: the box's edges are those of the glyphs
 * of that piece (their clusters' bytes), read from the glyphs themselves.
 * The visual order was worked out from UAX#9 by hand: in a right-to-left
 * paragraph "سلام abc def عالم" is drawn "عالم abc def سلام" from the left,
 * so the logical range "def عالم" is the word عالم with the space after it
 * in reading order (drawn at its right, between it and the Latin run) at
 * the left, then "def" at the run's right end.
 */
#include "render/page/pagebox.h"
#include "render/page/pager.h"
#include "testutil.h"

#include "fonts/fontchain.h"
#include "render/text/layout.h"

#define MAX_EXPECT 4

typedef struct {
    const char *what;
    sah_direction_t dir;
    const char *text;
    const char *range;                 /* the piece of @text (its first occurrence) */
    const char *boxes[MAX_EXPECT + 1]; /* pieces, searched from the range's start, left to right */
} case_t;

static const case_t cases[] = {
    {"ltr word", SAH_DIR_LTR, "hello world again", "world", {"world"}},
    {"ltr two words", SAH_DIR_LTR, "hello world again", "world again", {"world again"}},
    {"rtl word", SAH_DIR_RTL, "قالت الحكومة أمس", "الحكومة", {"الحكومة"}},
    {"rtl two words", SAH_DIR_RTL, "قالت الحكومة أمس", "الحكومة أمس", {"الحكومة أمس"}},
    /* The Latin run inside: a range inside it is one box. */
    {"ltr run in rtl", SAH_DIR_RTL, "سلام abc def عالم", "abc def", {"abc def"}},
    /* Out of the run into the Arabic after it: two boxes. */
    {"rtl crossing out of an ltr run",
     SAH_DIR_RTL,
     "سلام abc def عالم",
     "def عالم",
     {" عالم", "def"}},
    /* Into the run from the Arabic before it: the Arabic word with the
     * space after it (drawn at its left) at the right, "abc" at the
     * run's left end. */
    {"rtl crossing into an ltr run",
     SAH_DIR_RTL,
     "سلام abc def عالم",
     "سلام abc",
     {"abc", "سلام "}},
    /* An Arabic word inside an English paragraph: mirrored. */
    {"ltr crossing into an rtl run",
     SAH_DIR_LTR,
     "one two سلام عالم three",
     "two سلام",
     {"two ", "سلام"}},
};

static sah_fontchain_t *chain;
static sah_layout_t *layout;

/* The left and right edge (26.6) of the glyphs of line 0 whose cluster is
 * in [s, e). False when there are none. */
static bool glyph_edges(const sah_lines_t *lines, uint32_t s, uint32_t e, int32_t *l, int32_t *r)
{
    size_t n;
    const sah_glyph_t *g = sah_lines_glyphs(lines, 0, &n);
    bool any = false;
    for (size_t k = 0; k < n; k++) {
        if (g[k].cluster < s || g[k].cluster >= e)
            continue;
        int32_t a = g[k].x, b = g[k].x + g[k].x_advance;
        *l = any && *l < a ? *l : a;
        *r = any && *r > b ? *r : b;
        any = true;
    }
    return any;
}

static void run_case(const case_t *c)
{
    size_t len = strlen(c->text);
    sah_text_t *t = sah_text_new(c->text, len);
    sah_lines_t *lines = sah_lines_new();
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.dir = c->dir;
    o.justify = false;
    CHECK(t && lines && sah_layout_paragraph(layout, t, 0, &o, lines), "%s: layout", c->what);
    CHECK(sah_lines_count(lines) == 1, "%s: %zu lines", c->what, sah_lines_count(lines));
    const char *r = strstr(c->text, c->range);
    uint32_t s = (uint32_t)(r - c->text), e = s + (uint32_t)strlen(c->range);
    sah_extent_t got[8];
    size_t n = sah_lines_range_extents(lines, 0, s, e, got, 8), want = 0;
    while (c->boxes[want])
        want++;
    CHECK(n == want, "%s: expected %zu boxes, got %zu", c->what, want, n);
    for (size_t i = 0; i < n && i < want; i++) {
        const char *p = strstr(r, c->boxes[i]);
        uint32_t ps = (uint32_t)(p - c->text), pe = ps + (uint32_t)strlen(c->boxes[i]);
        int32_t l = 0, rr = 0;
        CHECK(glyph_edges(lines, ps, pe, &l, &rr), "%s: no glyph for \"%s\"", c->what, c->boxes[i]);
        CHECK(got[i].x == l && got[i].x + got[i].width == rr,
              "%s: box %zu (\"%s\"): expected x %d..%d, got %d..%d", c->what, i, c->boxes[i], l, rr,
              got[i].x, got[i].x + got[i].width);
        if (i)
            CHECK(got[i].x >= got[i - 1].x + got[i - 1].width, "%s: box %zu not right of box %zu",
                  c->what, i, i - 1);
    }
    /* Negative cases on the same line. */
    CHECK(sah_lines_range_extents(lines, 0, s, s, got, 8) == 0, "%s: empty range", c->what);
    CHECK(sah_lines_range_extents(lines, 1, s, e, got, 8) == 0, "%s: line out of range", c->what);
    CHECK(sah_lines_range_extents(lines, 0, (uint32_t)len, (uint32_t)len + 9, got, 8) == 0,
          "%s: past the end", c->what);
    CHECK(sah_lines_range_extents(lines, 0, s, e, NULL, 0) == want, "%s: counting only", c->what);
    sah_lines_free(lines);
    sah_text_free(t);
}

/* A hit across a line break and across a page break: boxes on each line
 * of the page it reaches, the lines from the top. */
static void page_breaks(void)
{
    /* Twelve words in a page 200 px wide: several lines; "kilo lima" is
     * found where "kilo" ends one line and "lima" starts the next. */
    const char *text = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
                       "mike november oscar papa quebec romeo sierra tango";
    sah_text_t *t = sah_text_new(text, strlen(text));
    sah_geometry_t g;
    sah_geometry_default(&g);
    g.width = 200;
    g.height = 160;
    g.margin = 10;
    g.dir = SAH_DIR_LTR;
    g.roles[SAH_ROLE_BODY].align = SAH_ALIGN_START;
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
    CHECK(pg != NULL, "pager");
    if (!pg) {
        sah_text_free(t);
        return;
    }
    size_t pages = sah_pager_count(pg), crossing_lines = 0, crossing_pages = 0;
    /* Every pair of neighbouring words: on one line, one box; across a
     * line on one page, two boxes on two lines, the first's right edge
     * later than the second's left; across pages, one box on each. */
    const char *w = text;
    while ((w = strchr(w, ' '))) {
        const char *a = w - 1;
        while (a > text && a[-1] != ' ')
            a--;
        const char *b = w + 1, *bend = strchr(b, ' ');
        uint32_t s = (uint32_t)(a - text),
                 e = (uint32_t)(bend ? (size_t)(bend - text) : strlen(text));
        size_t total = 0;
        int first_y = -1, last_y = -1;
        for (size_t p = 0; p < pages; p++) {
            sah_page_t *page = sah_pager_page(pg, p);
            sah_page_box_t box[4];
            size_t n = sah_page_range_boxes(page, s, e, box, 4);
            CHECK(n <= 2, "\"%.*s\": %zu boxes on page %zu", (int)(e - s), a, n, p + 1);
            for (size_t k = 0; k < n && k < 4; k++) {
                CHECK(box[k].w > 0 && box[k].h > 0 && box[k].x >= 0 && box[k].x + box[k].w <= 200,
                      "\"%.*s\": box %d,%d %dx%d", (int)(e - s), a, box[k].x, box[k].y, box[k].w,
                      box[k].h);
                if (first_y < 0)
                    first_y = box[k].y;
                last_y = box[k].y;
            }
            if (n == 2) {
                crossing_lines++;
                CHECK(box[1].y > box[0].y, "\"%.*s\": the second line's box above the first's",
                      (int)(e - s), a);
            }
            if (n == 1 && total == 1)
                crossing_pages++;
            total += n;
            sah_page_free(page);
        }
        CHECK(total == 1 || total == 2, "\"%.*s\": %zu boxes in all", (int)(e - s), a, total);
        (void)first_y;
        (void)last_y;
        w = b;
    }
    CHECK(crossing_lines >= 3, "only %zu pairs cross a line", crossing_lines);
    CHECK(pages < 2 || crossing_pages >= 1, "%zu pages and no pair crosses one", pages);
    /* Not on the page: no box. */
    sah_page_t *p0 = sah_pager_page(pg, 0);
    CHECK(sah_page_range_boxes(p0, 0, 0, NULL, 0) == 0, "empty range on a page");
    CHECK(sah_page_range_boxes(p0, sah_page_byte_end(p0), sah_page_byte_end(p0) + 5, NULL, 0) ==
                  0 ||
              sah_page_byte_end(p0) >= strlen(text),
          "a range after the page");
    sah_page_free(p0);
    sah_pager_free(pg);
    sah_text_free(t);
}

int main(void)
{
    chain = sah_fontchain_new("default", 20);
    if (!chain) {
        printf("SKIP: the default fonts cannot be loaded\n");
        return SKIP;
    }
    layout = sah_layout_new(chain, NULL);
    CHECK(layout != NULL, "layout");
    for (size_t i = 0; layout && i < sizeof cases / sizeof *cases; i++)
        run_case(&cases[i]);
    page_breaks();
    sah_layout_free(layout);
    sah_fontchain_free(chain);
    return t_summary("pagebox");
}
