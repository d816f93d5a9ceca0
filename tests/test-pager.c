/*
 * test-pager.c - pagination invariants on the seed article and generated
 * texts at many geometries, offsets across a reflow, and degenerate pages.
 */
#include "render/page/pager.h"
#include "testutil.h"

static char *seed;
static size_t seed_len;

/* Checks every invariant of a fully paginated article. */
static void check_pages(const char *what, sah_pager_t *pg, const sah_text_t *t,
                        const sah_geometry_t *g)
{
    size_t n = sah_pager_count(pg);
    CHECK(n >= 1, "%s: no page", what);
    CHECK(sah_pager_page_start(pg, 0) == 0, "%s: first page does not start at 0", what);
    size_t lines_total = 0, overflow = 0, order = 0, orphans = 0, widows = 0, kwn = 0, empty = 0;
    uint32_t prev = 0;
    int32_t bottom = (g->height - g->margin) * 64;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = sah_pager_page_start(pg, i);
        if (i && s <= prev)
            order++;
        prev = s;
        /* page of offset and offset of page are inverse */
        CHECK(sah_pager_page_of_offset(pg, s) == i, "%s: page_of_offset(start(%zu)) = %zu", what, i,
              sah_pager_page_of_offset(pg, s));
        sah_page_t *p = sah_pager_page(pg, i);
        CHECK(p != NULL, "%s: page %zu missing", what, i);
        if (!p)
            continue;
        const sah_lines_t *ls = sah_page_lines(p);
        size_t nl = sah_lines_count(ls);
        lines_total += nl;
        empty += nl == 0 && sah_text_paragraph_count(t) > 0;
        for (size_t k = 0; k < nl; k++) {
            const sah_line_t *l = sah_lines_get(ls, k);
            int32_t x, base;
            sah_page_line_origin(p, k, &x, &base);
            /* no line box crosses the bottom margin, unless it is alone
             * (with an absolute line height smaller than the font's, ink
             * may hang below the box, as in Pango and CSS) */
            int32_t hang = 0;
            if (g->abs_line_height) {
                int32_t lh = (int32_t)(g->px * g->line_height + 0.5) * 64;
                hang = (l->ascent + l->descent - lh + 1) / 2 + 64;
                hang = hang > 0 ? hang : 0;
            }
            if (base + l->descent > bottom + hang && nl > 1)
                overflow++;
            if (l->byte_start < sah_page_byte_start(p) || l->byte_end > sah_page_byte_end(p))
                order++;
        }
        if (nl > 1) {
            const sah_line_t *first = sah_lines_get(ls, 0), *last = sah_lines_get(ls, nl - 1);
            /* orphan: a paragraph's first line alone at the bottom */
            if ((last->flags & SAH_LINE_PARA_START) && !(last->flags & SAH_LINE_PARA_END))
                orphans++;
            /* widow: a paragraph's last line alone at the top */
            if ((first->flags & SAH_LINE_PARA_END) && !(first->flags & SAH_LINE_PARA_START))
                widows++;
            (void)kwn;
        }
        sah_page_free(p);
    }
    CHECK(order == 0, "%s: %zu pages or lines out of order", what, order);
    CHECK(overflow == 0, "%s: %zu lines cross the bottom margin", what, overflow);
    CHECK(orphans == 0, "%s: %zu orphans", what, orphans);
    CHECK(widows == 0, "%s: %zu widows", what, widows);
    CHECK(empty == 0, "%s: %zu empty pages", what, empty);

    /* Every line of the article is on exactly one page: compare with the
     * lines of an unpaginated layout at the same width. */
    sah_fontchain_t *c = sah_fontchain_new("default", g->px);
    sah_layout_t *lay = sah_layout_new(c, NULL);
    sah_lines_t *all = sah_lines_new();
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = (g->width - 2 * g->margin) * 64;
    for (size_t p = 0; p < sah_text_paragraph_count(t); p++)
        CHECK(sah_layout_paragraph(lay, t, p, &o, all), "layout");
    CHECK(sah_lines_count(all) == lines_total, "%s: %zu lines on pages, %zu in the article", what,
          lines_total, sah_lines_count(all));
    sah_lines_free(all);
    sah_layout_free(lay);
    sah_fontchain_free(c);
}

static void geometries(void)
{
    sah_text_t *t = sah_text_new(seed, seed_len);
    const int sizes[][3] = {{480, 800, 24}, {800, 480, 20}, {1024, 600, 32},
                            {320, 240, 10}, {600, 900, 40}, {480, 800, 0}};
    const double px[] = {20, 16, 28, 13, 24, 20};
    for (int i = 0; i < 6; i++) {
        for (int abs_lh = 0; abs_lh < 2; abs_lh++) {
            sah_geometry_t g;
            sah_geometry_default(&g);
            g.width = sizes[i][0];
            g.height = sizes[i][1];
            g.margin = sizes[i][2];
            g.px = px[i];
            g.abs_line_height = abs_lh;
            g.para_gap = i * 3;
            sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
            char what[128];
            snprintf(what, sizeof what, "seed %dx%d m%d %gpx %s", g.width, g.height, g.margin, g.px,
                     abs_lh ? "abs" : "factor");
            CHECK(pg != NULL, "%s: no pager", what);
            if (pg)
                check_pages(what, pg, t, &g);
            if (i == 0 && !abs_lh)
                printf("seed at pango-pager's defaults: %zu pages (Pango: 16)\n",
                       sah_pager_count(pg));
            sah_pager_free(pg);
        }
    }
    sah_text_free(t);
}

/* Counting pages lays lines out without their glyphs (measure only):
 * the pages it finds must be those that laying each page out finds, page
 * after page, or a page drawn would end where the next counted one does
 * not start. Checked on the seed with a mixed-script paragraph (fallback
 * fonts of other heights on some lines), justified and ragged. */
static void count_equals_walk(void)
{
    static const char mixed[] =
        "\n\nA paragraph in English with \xE6\xBC\xA2\xE5\xAD\x97 and \xD9\x83\xD8\xAA\xD8\xA8 "
        "words, 123 (\xD9\x86\xD8\xB5) \xE2\x80\x94 set in several fonts of the chain.\n";
    size_t n = seed_len + sizeof mixed - 1;
    char *buf = malloc(n);
    CHECK(buf != NULL, "out of memory");
    if (!buf)
        return;
    memcpy(buf, mixed, sizeof mixed - 1);
    memcpy(buf + sizeof mixed - 1, seed, seed_len);
    sah_text_t *t = sah_text_new(buf, n);
    for (int v = 0; v < 4; v++) {
        sah_geometry_t g;
        sah_geometry_default(&g);
        g.width = v & 1 ? 800 : 480;
        g.height = v & 1 ? 480 : 800;
        g.abs_line_height = v >= 2;
        if (v == 3)
            g.roles[SAH_ROLE_BODY].align = SAH_ALIGN_START;
        sah_pager_t *counted = sah_pager_new(t, NULL, 0, "default", &g);
        sah_pager_t *walked = sah_pager_new(t, NULL, 0, "default", &g);
        CHECK(counted && walked, "variant %d: no pager", v);
        if (!counted || !walked) {
            sah_pager_free(counted);
            sah_pager_free(walked);
            continue;
        }
        size_t np = sah_pager_count(counted), i = 0;
        for (;; i++) {
            sah_page_t *pg = sah_pager_page(walked, i);
            if (!pg)
                break;
            sah_page_free(pg);
            CHECK(sah_pager_page_start(walked, i) == sah_pager_page_start(counted, i),
                  "variant %d: page %zu starts at %u walked, %u counted", v, i + 1,
                  sah_pager_page_start(walked, i), sah_pager_page_start(counted, i));
        }
        CHECK(i == np, "variant %d: %zu pages walked, %zu counted", v, i, np);
        sah_pager_free(counted);
        sah_pager_free(walked);
    }
    sah_text_free(t);
    free(buf);
}

/* A reflow keeps the reader's offset on the shown page. */
static void reflow(void)
{
    sah_text_t *t = sah_text_new(seed, seed_len);
    sah_geometry_t g;
    sah_geometry_default(&g);
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
    size_t checked = 0;
    for (size_t i = 0; i < sah_pager_count(pg); i += 3) {
        sah_geometry_t g2 = g;
        CHECK(sah_pager_set_geometry(pg, &g), "set geometry");
        uint32_t off = sah_pager_page_start(pg, i);
        g2.px = 14 + (double)(i % 5) * 3;
        g2.width = 800 - (int)(i % 3) * 160;
        CHECK(sah_pager_set_geometry(pg, &g2), "set geometry 2");
        size_t j = sah_pager_page_of_offset(pg, off);
        sah_page_t *p = sah_pager_page(pg, j);
        CHECK(p && sah_page_byte_start(p) <= off && off < sah_page_byte_end(p),
              "offset %u not on page %zu after reflow", off, j);
        sah_page_free(p);
        checked++;
    }
    printf("reflow: %zu reading positions kept across size and width changes\n", checked);
    sah_pager_free(pg);
    sah_text_free(t);
}

/* Lazy: asking for the first page of a long article paginates one page. */
static void lazy(void)
{
    size_t n = seed_len * 50 + 50;
    char *big = malloc(n);
    size_t len = 0;
    for (int i = 0; i < 50; i++) {
        memcpy(big + len, seed, seed_len);
        len += seed_len;
        big[len++] = '\n';
    }
    sah_text_t *t = sah_text_new(big, len);
    sah_geometry_t g;
    sah_geometry_default(&g);
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
    sah_page_t *p = sah_pager_page(pg, 0);
    bool complete;
    size_t known = sah_pager_count_known(pg, &complete);
    CHECK(p && known <= 2 && !complete, "first page needed %zu pages (complete %d)", known,
          complete);
    sah_page_free(p);
    size_t mid = sah_pager_page_of_offset(pg, (uint32_t)(len / 2));
    known = sah_pager_count_known(pg, &complete);
    CHECK(!complete && known <= mid + 2, "page of the middle offset paginated %zu pages", known);
    size_t total = sah_pager_count(pg);
    printf("corpus of 50 copies: %zu pages; the middle offset is on page %zu\n", total, mid + 1);
    CHECK(total > 700, "corpus: %zu pages", total);
    sah_pager_free(pg);
    sah_text_free(t);
    free(big);
}

static void degenerate(void)
{
    sah_geometry_t g;
    sah_geometry_default(&g);
    /* empty article: one empty page */
    sah_text_t *t = sah_text_new("", 0);
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
    CHECK(pg && sah_pager_count(pg) == 1, "empty article");
    sah_page_t *p = sah_pager_page(pg, 0);
    CHECK(p && sah_lines_count(sah_page_lines(p)) == 0 && sah_page_byte_end(p) == 0, "empty page");
    sah_page_free(p);
    CHECK(sah_pager_page(pg, 1) == NULL, "page past the end");
    sah_pager_free(pg);
    sah_text_free(t);

    /* one 100,000-byte paragraph */
    char *b = malloc(100001);
    for (int i = 0; i < 100000; i += 2) {
        b[i] = (char)0xD8;
        b[i + 1] = (char)(i % 20 == 18 ? 0xA7 : 0xA8); /* ب... with an alef now and then */
    }
    t = sah_text_new(b, 100000);
    pg = sah_pager_new(t, NULL, 0, "default", &g);
    check_pages("100,000-byte paragraph", pg, t, &g);
    sah_pager_free(pg);

    /* a 1 px wide text area and a page shorter than one line */
    sah_geometry_t narrow = g;
    narrow.width = 2 * narrow.margin + 1;
    sah_text_free(t);
    t = sah_text_new(seed, 2000);
    pg = sah_pager_new(t, NULL, 0, "default", &narrow);
    CHECK(pg && sah_pager_count(pg) > 10, "1 px page: %zu pages", pg ? sah_pager_count(pg) : 0);
    sah_pager_free(pg);
    sah_geometry_t low = g;
    low.height = 2 * low.margin + 10;
    pg = sah_pager_new(t, NULL, 0, "default", &low);
    size_t np = pg ? sah_pager_count(pg) : 0;
    CHECK(np > 10, "short page: %zu pages", np);
    for (size_t i = 0; pg && i < np; i++) {
        sah_page_t *pp = sah_pager_page(pg, i);
        CHECK(pp && sah_lines_count(sah_page_lines(pp)) == 1, "short page %zu: not one line", i);
        sah_page_free(pp);
    }
    sah_pager_free(pg);
    /* no room at all: refused with a message */
    sah_geometry_t none = g;
    none.width = 2 * none.margin;
    CHECK(sah_pager_new(t, NULL, 0, "default", &none) == NULL, "zero-width page accepted");
    sah_text_free(t);
    free(b);
}

/* Headings are kept with the next paragraph; roles change line sizes. */
static void roles(void)
{
    sah_text_t *t = sah_text_new(seed, seed_len);
    size_t n = sah_text_paragraph_count(t);
    sah_block_t *blocks = malloc(n * sizeof *blocks);
    for (size_t i = 0; i < n; i++) {
        blocks[i].span = sah_text_paragraph(t, i);
        /* every short paragraph (under 60 bytes) plays a heading */
        blocks[i].role = (blocks[i].span.byte_end - blocks[i].span.byte_start < 60)
                             ? SAH_ROLE_HEADING
                             : SAH_ROLE_BODY;
    }
    blocks[0].role = SAH_ROLE_HEADLINE;
    size_t headings_checked = 0;
    for (int h = 300; h <= 900; h += 37) {
        sah_geometry_t g;
        sah_geometry_default(&g);
        g.height = h;
        sah_pager_t *pg = sah_pager_new(t, blocks, n, "default", &g);
        size_t np = sah_pager_count(pg);
        for (size_t i = 0; i + 1 < np; i++) {
            sah_page_t *p = sah_pager_page(pg, i);
            const sah_lines_t *ls = sah_page_lines(p);
            size_t nl = sah_lines_count(ls);
            const sah_line_t *last = sah_lines_get(ls, nl - 1);
            sah_role_t role = blocks[last->para].role;
            /* The rule gives way when the page holds nothing but headings
             * (a chain too long for one page): then it cannot be kept. */
            bool only_headings = true;
            for (size_t k = 0; k < nl; k++)
                only_headings &= blocks[sah_lines_get(ls, k)->para].role != SAH_ROLE_BODY;
            CHECK(only_headings || !(role == SAH_ROLE_HEADING || role == SAH_ROLE_HEADLINE) ||
                      last->para + 1 >= n,
                  "height %d page %zu ends with a heading", h, i + 1);
            headings_checked++;
            sah_page_free(p);
        }
        sah_pager_free(pg);
    }
    printf("keep-with-next: %zu page ends checked at 17 page heights\n", headings_checked);
    free(blocks);
    sah_text_free(t);
}

/* A paragraph longer than several layout slices (pieces of one paragraph
 * laid out apart): the page invariants hold, every byte that is not a
 * space or newline is on exactly one line of one page, and the paragraphs
 * around it and a heading kept with it behave as with short paragraphs. */
static void long_paragraph(void)
{
    size_t cap = 6 * SAH_LAYOUT_SLICE * 4, n = 0;
    char *b = malloc(cap);
    const char head[] = "\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86\n\n"; /* a heading */
    memcpy(b, head, sizeof head - 1);
    n = sizeof head - 1;
    while (n < 5 * SAH_LAYOUT_SLICE * 2) /* about 5 slices of Arabic letters */
        for (size_t i = 0; i < seed_len && n < cap - 16; i++)
            if (seed[i] != '\n' || b[n - 1] != ' ')
                b[n++] = seed[i] == '\n' ? ' ' : seed[i];
    memcpy(b + n, "\n\nend\n", 6);
    n += 6;
    sah_text_t *t = sah_text_new(b, n);
    CHECK(sah_text_paragraph_count(t) == 3, "long paragraph: %zu paragraphs",
          sah_text_paragraph_count(t));
    sah_block_t blocks[3];
    for (size_t i = 0; i < 3; i++)
        blocks[i] = (sah_block_t){.span = sah_text_paragraph(t, i),
                                  .role = i ? SAH_ROLE_BODY : SAH_ROLE_HEADING};
    for (int v = 0; v < 3; v++) {
        sah_geometry_t g;
        sah_geometry_default(&g);
        if (v == 1) {
            g.width = 800;
            g.height = 480;
            g.abs_line_height = true;
        }
        sah_pager_t *pg = sah_pager_new(t, v == 2 ? blocks : NULL, v == 2 ? 3 : 0, "default", &g);
        char what[64];
        snprintf(what, sizeof what, "one paragraph of %zu bytes, %dx%d%s", n, g.width, g.height,
                 v == 2 ? ", after a heading" : "");
        CHECK(pg != NULL, "%s: no pager", what);
        if (!pg)
            continue;
        check_pages(what, pg, t, &g);
        unsigned char *seen = calloc(n, 1);
        size_t np = sah_pager_count(pg), twice = 0, missing = 0;
        for (size_t i = 0; i < np; i++) {
            sah_page_t *p = sah_pager_page(pg, i);
            const sah_lines_t *ls = p ? sah_page_lines(p) : NULL;
            for (size_t k = 0; ls && k < sah_lines_count(ls); k++) {
                const sah_line_t *l = sah_lines_get(ls, k);
                for (uint32_t x = l->byte_start; x < l->byte_end; x++)
                    twice += seen[x]++ > 0;
            }
            if (v == 2 && i == 0) /* the heading is kept with the paragraph */
                CHECK(ls && sah_lines_count(ls) > 1, "%s: the heading alone on page 1", what);
            sah_page_free(p);
        }
        for (size_t x = 0; x < n; x++)
            missing += !seen[x] && b[x] != ' ' && b[x] != '\n';
        CHECK(twice == 0 && missing == 0, "%s: %zu bytes on two lines, %zu on none", what, twice,
              missing);
        printf("%s: %zu pages\n", what, np);
        free(seen);
        sah_pager_free(pg);
    }
    sah_text_free(t);
    free(b);
}

/* Walks the anchored run of @pg from its first page to the end, checking
 * that pages follow each other (each starts where the one before ends,
 * every line within its page's bytes) and marking each line's bytes in
 * @seen. Returns the pages walked. */
static size_t walk_run(const char *what, sah_pager_t *pg, unsigned char *seen, size_t *twice)
{
    size_t i = 0;
    uint32_t end = sah_pager_anchor_page_start(pg, 0);
    for (;; i++) {
        sah_page_t *p = sah_pager_anchor_page(pg, i);
        if (!p)
            break;
        CHECK(sah_page_byte_start(p) == end, "%s: anchored page %zu starts at %u, not %u", what, i,
              sah_page_byte_start(p), end);
        const sah_lines_t *ls = sah_page_lines(p);
        for (size_t k = 0; k < sah_lines_count(ls); k++) {
            const sah_line_t *l = sah_lines_get(ls, k);
            CHECK(l->byte_start >= sah_page_byte_start(p) && l->byte_end <= sah_page_byte_end(p),
                  "%s: anchored page %zu: a line [%u, %u) outside [%u, %u)", what, i, l->byte_start,
                  l->byte_end, sah_page_byte_start(p), sah_page_byte_end(p));
            for (uint32_t x = l->byte_start; x < l->byte_end; x++)
                *twice += seen[x]++ > 0;
        }
        end = sah_page_byte_end(p);
        sah_page_free(p);
    }
    return i;
}

/* Anchored pages (pager.h): a place deep in a text found without the pages
 * before it; its page holds it; extended back to byte 0, the run covers
 * every byte once; where the run and the exact pages start a page at the
 * same byte, they are the same pages from there on. Many paragraphs, and
 * one paragraph of five slices (anchored inside its line). */
static void anchors(void)
{
    size_t copies = 12, n = 0, cap = copies * 2 * seed_len + 1;
    char *b = malloc(cap);
    for (size_t k = 1; k <= copies; k++)
        for (size_t i = 0; i < seed_len; i++) {
            if (seed[i] == '\n' && i && seed[i - 1] != '\n')
                n += (size_t)snprintf(b + n, cap - n, " (%zu)", k);
            b[n++] = seed[i];
        }
    for (int v = 0; v < 2; v++) {
        if (v == 1) { /* one long line: every newline a space */
            for (size_t i = 0; i < n; i++)
                b[i] = b[i] == '\n' ? ' ' : b[i];
        }
        sah_text_t *t = sah_text_new(b, n);
        sah_geometry_t g;
        sah_geometry_default(&g);
        sah_pager_t *pg = t ? sah_pager_new(t, NULL, 0, "default", &g) : NULL;
        const char *what = v ? "one long line" : "12 copies";
        CHECK(pg != NULL, "%s: pager", what);
        if (!pg) {
            sah_text_free(t);
            continue;
        }
        uint32_t place = (uint32_t)(n * 4 / 5);
        while ((b[place] & 0xC0) == 0x80)
            place++;
        size_t i;
        CHECK(sah_pager_anchor(pg, place, &i) && sah_pager_anchored(pg), "%s: anchored", what);
        CHECK(sah_pager_anchor_loose(pg) == (v == 1), "%s: inside a line: %d", what,
              sah_pager_anchor_loose(pg));
        bool complete;
        CHECK(sah_pager_count_known(pg, &complete) <= 2, "%s: %zu exact pages found", what,
              sah_pager_count_known(pg, &complete));
        uint32_t s = sah_pager_anchor_page_start(pg, i), e = sah_pager_anchor_page_start(pg, i + 1);
        CHECK(s <= place && place < e, "%s: anchored page %zu [%u, %u) holds %u", what, i, s, e,
              place);
        size_t moved, steps = 0;
        while (sah_pager_anchor_back(pg, &moved) && steps < 10000)
            steps++;
        CHECK(sah_pager_anchor_page_start(pg, 0) == 0, "%s: back to byte 0 in %zu steps", what,
              steps);
        unsigned char *seen = calloc(n, 1);
        size_t twice = 0, missing = 0;
        size_t np = walk_run(what, pg, seen, &twice);
        for (size_t x = 0; x < n; x++)
            missing += !seen[x] && b[x] != ' ' && b[x] != '\n';
        CHECK(twice == 0 && missing == 0, "%s: %zu bytes on two lines, %zu on none (%zu pages)",
              what, twice, missing, np);
        /* From a page start both runs share, the same page, or a shorter
         * one where the run was extended back (a seam: that page ends where
         * the run started before). */
        size_t exact = sah_pager_count(pg), same = 0, shared = 0, longer = 0;
        for (size_t k = 0, a = 0; k < exact && a < np; k++) {
            uint32_t ek = sah_pager_page_start(pg, k);
            while (a < np && sah_pager_anchor_page_start(pg, a) < ek)
                a++;
            if (a < np && sah_pager_anchor_page_start(pg, a) == ek) {
                uint32_t an = sah_pager_anchor_page_start(pg, a + 1),
                         en = sah_pager_page_start(pg, k + 1);
                shared++;
                same += an == en;
                longer += an > en;
            }
        }
        CHECK(shared > 0 && same * 4 >= shared * 3 && longer == 0,
              "%s: of %zu shared starts %zu go on alike, %zu to a longer page", what, shared, same,
              longer);
        printf("%s: %zu exact pages, %zu anchored, %zu shared starts\n", what, exact, np, shared);
        sah_pager_unanchor(pg);
        CHECK(!sah_pager_anchored(pg) && !sah_pager_anchor_page(pg, 0), "%s: unanchored", what);
        CHECK(!sah_pager_anchor(pg, place, &i) && i == sah_pager_page_of_offset(pg, place),
              "%s: counted: the exact page %zu", what, i);
        free(seen);
        sah_pager_free(pg);
        sah_text_free(t);
    }
    free(b);
}

/* How full page @i is: the bottom of its last line box over the text
 * area's height (0 for an empty page). */
static double page_fill(sah_pager_t *pg, size_t i, const sah_geometry_t *g)
{
    sah_page_t *p = sah_pager_page(pg, i);
    const sah_lines_t *ls = p ? sah_page_lines(p) : NULL;
    size_t nl = ls ? sah_lines_count(ls) : 0;
    double fill = 0;
    if (nl) {
        int32_t x, base;
        sah_page_line_origin(p, nl - 1, &x, &base);
        const sah_line_t *l = sah_lines_get(ls, nl - 1);
        fill = (double)(base + l->descent - g->margin * 64) / ((g->height - 2 * g->margin) * 64);
    }
    sah_page_free(p);
    return fill;
}

/* Chains of short blocks kept with the next (a head of headline, deck,
 * small print and dateline; a run of short lines taken for headings) do
 * not leave near-empty pages: a chain is pushed to the next page only
 * while it is short, so every page but the last is at least 40% full and
 * page 1 holds more than the headline. */
static void chains(void)
{
    /* Body paragraphs of the seed's words, about 1.4 KB of article. */
    char buf[8192];
    size_t n = 0;
    const char *line = "\xD8\xA7\xD9\x84\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86"; /* العنوان */
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s %s %s\n\n", line, line, line);
    for (int i = 0; i < 24; i++) /* short lines: a menu, tags, "A+ A-" */
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s %d\n\n", line, i + 1);
    for (int p = 0; p < 3; p++) {
        size_t start = n;
        for (size_t i = 0; i < seed_len && n - start < 420; i++)
            if (seed[i] != '\n')
                buf[n++] = seed[i];
        while (n > start && ((unsigned char)buf[n] & 0xC0) == 0x80)
            n--; /* cut on a character */
        buf[n++] = '\n';
        buf[n++] = '\n';
    }
    sah_text_t *t = sah_text_new(buf, n);
    size_t nb = sah_text_paragraph_count(t);
    CHECK(nb == 28, "chains: %zu paragraphs", nb);
    if (nb != 28) {
        sah_text_free(t);
        return;
    }
    sah_block_t *blocks = malloc(nb * sizeof *blocks);
    static const sah_role_t kept[] = {SAH_ROLE_HEADING, SAH_ROLE_META, SAH_ROLE_DECK,
                                      SAH_ROLE_DATELINE};
    for (size_t i = 0; i < nb; i++)
        blocks[i] = (sah_block_t){.span = sah_text_paragraph(t, i),
                                  .role = i == 0        ? SAH_ROLE_HEADLINE
                                          : i + 3 >= nb ? SAH_ROLE_BODY
                                                        : kept[i % 4],
                                  .dir = SAH_DIR_RTL};
    const int sizes[][2] = {{800, 420}, {480, 760}, {800, 300}, {1024, 560}};
    for (int v = 0; v < 4; v++) {
        for (size_t head = 0; head < 2; head++) {
            /* head 1: only the last four short lines, a newspaper's head */
            size_t skip = head ? nb - 3 - 4 - 1 : 0;
            sah_block_t bl[64];
            memcpy(bl, blocks + skip, (nb - skip) * sizeof *bl);
            bl[0] = blocks[0];
            sah_geometry_t g;
            sah_geometry_default(&g);
            g.width = sizes[v][0];
            g.height = sizes[v][1];
            g.px = 22;
            g.abs_line_height = true;
            g.para_gap = g.px * 0.35;
            sah_pager_t *pg = sah_pager_new(t, bl, nb - skip, "default", &g);
            char what[96];
            snprintf(what, sizeof what, "%zu short blocks before the body, %dx%d", nb - 4 - skip,
                     g.width, g.height);
            CHECK(pg != NULL, "%s: no pager", what);
            if (!pg)
                continue;
            size_t np = sah_pager_count(pg);
            for (size_t i = 0; i + 1 < np; i++) {
                double fill = page_fill(pg, i, &g);
                CHECK(fill >= 0.4, "%s: page %zu of %zu only %.0f%% full", what, i + 1, np,
                      fill * 100);
            }
            printf("%s: %zu pages\n", what, np);
            sah_pager_free(pg);
        }
    }
    free(blocks);
    sah_text_free(t);
}

/* ---- figures ---------------------------------------------------------- */

/* A figure test's article: @spec is one letter a paragraph: 'b' a one-line
 * body paragraph, 'h' a heading, 'f' a figure (U+FFFC, as a web page's
 * photo without alt text), 'c' a caption. Figures take their sizes from
 * @sizes in order. The geometry makes every line's pitch known: 20 px at
 * 1.5 (absolute), no paragraph gap: a body line is 30 px, a caption line
 * round(20 x 0.85 x 1.5) = 26 px, a heading line round(20 x 1.15 x 1.5) =
 * 35 px; a figure has 8 px above it and 2 below, a caption 4 above and 4
 * below, a heading 12 above and 4 below. Pages are 480x800, margin 24: the
 * text area is 432 x 752 px. */
typedef struct {
    sah_text_t *t;
    sah_block_t b[64];
    size_t n;
    sah_geometry_t g;
    sah_pager_t *pg;
} figdoc_t;

static void figdoc_new(figdoc_t *d, const char *spec, const int (*sizes)[2])
{
    char text[4096];
    size_t n = 0;
    for (const char *c = spec; *c; c++) {
        const char *para = *c == 'f'   ? "\xEF\xBF\xBC"
                           : *c == 'c' ? "\xD8\xAA\xD8\xB9\xD9\x84\xD9\x8A\xD9\x82" /* تعليق */
                           : *c == 'h' ? "\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86" /* عنوان */
                                       : "\xD8\xA8\xD8\xA7\xD8\xA8";                /* باب */
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", c == spec ? "" : "\n\n", para);
    }
    d->t = sah_text_new(text, n);
    d->n = sah_text_paragraph_count(d->t);
    CHECK(d->n == strlen(spec), "figure doc %s: %zu paragraphs", spec, d->n);
    for (size_t i = 0, f = 0; i < d->n && i < 64; i++) {
        char c = spec[i];
        d->b[i] = (sah_block_t){.span = sah_text_paragraph(d->t, i),
                                .role = c == 'f'   ? SAH_ROLE_FIGURE
                                        : c == 'c' ? SAH_ROLE_CAPTION
                                        : c == 'h' ? SAH_ROLE_HEADING
                                                   : SAH_ROLE_BODY,
                                .dir = SAH_DIR_RTL};
        if (c == 'f') {
            d->b[i].fig_w = sizes[f][0];
            d->b[i].fig_h = sizes[f][1];
            f++;
        }
    }
    sah_geometry_default(&d->g);
    d->g.px = 20;
    d->g.line_height = 1.5;
    d->g.abs_line_height = true;
    d->g.dir = SAH_DIR_RTL;
    d->pg = sah_pager_new(d->t, d->b, d->n, "default", &d->g);
    CHECK(d->pg != NULL, "figure doc %s: no pager", spec);
}

static void figdoc_free(figdoc_t *d)
{
    sah_pager_free(d->pg);
    sah_text_free(d->t);
}

/* Checks that page @page holds exactly one figure, number @fig, at
 * @x,@y @w x @h. */
static void check_fig(figdoc_t *d, const char *what, size_t page, size_t fig, int x, int y, int w,
                      int h)
{
    sah_page_t *p = sah_pager_page(d->pg, page);
    CHECK(p && sah_page_n_figures(p) == 1, "%s: page %zu has %zu figures", what, page + 1,
          p ? sah_page_n_figures(p) : 0);
    const sah_page_figure_t *f = p ? sah_page_figure(p, 0) : NULL;
    if (f)
        CHECK(f->figure == fig && f->x == x && f->y == y && f->w == w && f->h == h,
              "%s: expected figure %zu at %d,%d %dx%d, got %zu at %d,%d %dx%d", what, fig, x, y, w,
              h, f->figure, f->x, f->y, f->w, f->h);
    sah_page_free(p);
}

/* Every byte on exactly one page, the starts rising; returns the count. */
static size_t check_fig_bytes(figdoc_t *d, const char *what)
{
    size_t np = sah_pager_count(d->pg);
    uint32_t prev = 0;
    for (size_t i = 0; i < np; i++) {
        sah_page_t *p = sah_pager_page(d->pg, i);
        CHECK(p && sah_page_byte_start(p) == (i ? prev : 0), "%s: page %zu starts at %u", what,
              i + 1, p ? sah_page_byte_start(p) : 0);
        CHECK(p && (i || sah_page_byte_start(p) == 0), "%s: first page", what);
        if (p)
            prev = sah_page_byte_end(p);
        sah_page_free(p);
    }
    CHECK(prev == sah_text_byte_length(d->t), "%s: pages end at %u of %zu", what, prev,
          sah_text_byte_length(d->t));
    return np;
}

/* The line count of page @i and whether its first line is block @b's. */
static size_t page_lines(figdoc_t *d, size_t i, uint32_t *first_para)
{
    sah_page_t *p = sah_pager_page(d->pg, i);
    size_t n = p ? sah_lines_count(sah_page_lines(p)) : 0;
    *first_para = n ? sah_lines_get(sah_page_lines(p), 0)->para : UINT32_MAX;
    sah_page_free(p);
    return n;
}

static void figures(void)
{
    figdoc_t d;
    uint32_t para;
    /* A tall photo alone: 1000x2000 at min(432/1000, 2, 0.6 x 752/2000) =
     * 0.2256 -> 226x451, centred: x = 24 + (432 - 226) / 2 = 127, at the
     * top with no gap above. One page, its bytes all of the text. */
    static const int tall[][2] = {{1000, 2000}};
    figdoc_new(&d, "f", tall);
    CHECK(check_fig_bytes(&d, "only a figure") == 1, "only a figure: more than one page");
    check_fig(&d, "tall photo", 0, 0, 127, 24, 226, 451);
    CHECK(page_lines(&d, 0, &para) == 0, "a figure's bytes are set as text");
    figdoc_free(&d);

    /* A small photo is enlarged 2x, no more: 100x50 -> 200x100 at x = 24 +
     * 116 = 140; below one body line (30 px) and the figure's 8 px gap. */
    static const int small[][2] = {{100, 50}};
    figdoc_new(&d, "bfc", small);
    check_fig(&d, "small photo", 0, 0, 140, 24 + 30 + 8, 200, 100);
    CHECK(check_fig_bytes(&d, "small photo") == 1, "small photo: pages");
    CHECK(page_lines(&d, 0, &para) == 2, "small photo: the body and caption lines");
    figdoc_free(&d);

    /* Unknown size: a 3:2 box at the text width, 432x288. */
    static const int unknown[][2] = {{0, 0}};
    figdoc_new(&d, "fc", unknown);
    check_fig(&d, "unknown size", 0, 0, 24, 24, 432, 288);
    figdoc_free(&d);

    /* A 1200x800 photo (432x288, at least 144 high when shrunk) below 20
     * body lines (600 px): its top at 608, and 752 - 6 - 26 = 720 for the
     * box above its caption leaves 112 < 144, so it goes to page 2, at its
     * top, with its caption; page 2 starts at the figure's first byte. */
    static const int wide[][2] = {{1200, 800}};
    char spec[64];
    memset(spec, 'b', 20);
    strcpy(spec + 20, "fcb");
    figdoc_new(&d, spec, wide);
    CHECK(check_fig_bytes(&d, "no room") == 2, "no room: not two pages");
    CHECK(sah_pager_page_start(d.pg, 1) == d.b[20].span.byte_start, "no room: page 2 starts at %u",
          sah_pager_page_start(d.pg, 1));
    check_fig(&d, "no room, page 2", 1, 0, 24, 24, 432, 288);
    CHECK(page_lines(&d, 0, &para) == 20, "no room: page 1 lines");
    CHECK(page_lines(&d, 1, &para) == 2 && para == 21, "no room: the caption leads page 2");
    figdoc_free(&d);

    /* Below 16 lines (480 px) its top is at 488: 720 - 488 = 232 >= 144,
     * so it stays, shrunk to 348x232 (432 x 232 / 288), centred at x = 24
     * + 42, with its caption under it on page 1. */
    memset(spec, 'b', 16);
    strcpy(spec + 16, "fcb");
    figdoc_new(&d, spec, wide);
    check_fig(&d, "shrunk", 0, 0, 66, 24 + 488, 348, 232);
    CHECK(page_lines(&d, 0, &para) == 17, "shrunk: the caption on page 1");
    CHECK(check_fig_bytes(&d, "shrunk") == 2, "shrunk: not two pages");
    figdoc_free(&d);

    /* Below 15 lines the full box would fit (458 + 288 = 746 <= 752) but not
     * its caption: 720 - 458 = 262, 393x262 at x = 24 + 19. */
    memset(spec, 'b', 15);
    strcpy(spec + 15, "fcb");
    figdoc_new(&d, spec, wide);
    check_fig(&d, "caption kept", 0, 0, 43, 24 + 458, 393, 262);
    figdoc_free(&d);

    /* Without a caption, the same photo keeps its full box at 24 + 458,
     * moved down by the 752 - 746 = 6 px the page leaves at its foot (the
     * gap above the photo is the page's only one: spread()). */
    memset(spec, 'b', 15);
    strcpy(spec + 15, "fb");
    figdoc_new(&d, spec, wide);
    check_fig(&d, "no caption", 0, 0, 24, 24 + 458 + 6, 432, 288);
    figdoc_free(&d);

    /* A heading over a photo that goes to the next page goes with it: 18
     * lines (540 px), a heading (12 + 35 px) ends at 587, the photo would
     * start at 587 + 4 + 8 = 599: 720 - 599 = 121 < 144. */
    memset(spec, 'b', 18);
    strcpy(spec + 18, "hfcb");
    figdoc_new(&d, spec, wide);
    CHECK(check_fig_bytes(&d, "heading kept") == 2, "heading kept: not two pages");
    CHECK(page_lines(&d, 1, &para) >= 1 && para == 18, "heading kept: page 2 starts with %u", para);
    figdoc_free(&d);

    /* Two figures are counted in order: the second, on page 2, is number 1;
     * a 30000 px wide panorama is at the text width (432x14). */
    static const int two[][2] = {{1200, 800}, {30000, 1000}};
    memset(spec, 'b', 20);
    strcpy(spec + 20, "fcfc");
    figdoc_new(&d, spec, two);
    sah_page_t *p = sah_pager_page(d.pg, 1);
    CHECK(p && sah_page_n_figures(p) == 2, "two figures on page 2: %zu",
          p ? sah_page_n_figures(p) : 0);
    if (p && sah_page_n_figures(p) == 2) {
        const sah_page_figure_t *f = sah_page_figure(p, 1);
        CHECK(f->figure == 1 && f->w == 432 && f->h == 14, "panorama: %zu %dx%d", f->figure, f->w,
              f->h);
        CHECK(sah_page_figure(p, 2) == NULL, "figure past the end");
    }
    sah_page_free(p);
    check_fig_bytes(&d, "two figures");
    figdoc_free(&d);

    /* A page too low for anything: figures still make progress, one a
     * page, every byte on one page. */
    static const int many[][2] = {{1200, 800}, {800, 1200}, {0, 0}};
    figdoc_new(&d, "fcfcfcb", many);
    d.g.height = 2 * d.g.margin + 20;
    CHECK(sah_pager_set_geometry(d.pg, &d.g), "low page");
    size_t np = check_fig_bytes(&d, "low page");
    CHECK(np >= 4, "low page: %zu pages", np);
    figdoc_free(&d);
}

int main(void)
{
    char *p = t_src_path("assets/articles/seed-article-ar.txt");
    seed = t_read_file(p, &seed_len);
    free(p);
    if (!seed)
        return 1;
    sah_fontchain_t *c = sah_fontchain_new("default", 20);
    if (!c) {
        printf("default fonts missing: SKIP\n");
        return SKIP;
    }
    sah_fontchain_free(c);
    geometries();
    count_equals_walk();
    reflow();
    lazy();
    degenerate();
    roles();
    long_paragraph();
    anchors();
    chains();
    figures();
    free(seed);
    return t_summary("test-pager");
}
