/* findbar.c - see findbar.h. */
#include "app/ui/findbar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* px at UI scale 1: the reader's bottom margin (24) and status bar (30). */
#define BAR_H     54
#define BTN_W     64
#define PAD       8
#define QUERY_MAX 256

struct sah_findbar {
    sah_ui_t *ui;         /* not owned */
    sah_reader_t *reader; /* not owned */
    sah_find_t *find;     /* owned, NULL before a query */
    char query[QUERY_MAX];
    size_t *pages; /* one per hit, SIZE_MAX until asked */
    uint32_t *ranges;
    size_t n;
    bool active;
    size_t current;
    unsigned long serial;
};

sah_findbar_t *sah_findbar_new(sah_ui_t *ui)
{
    sah_findbar_t *fb = calloc(1, sizeof *fb);
    if (fb)
        fb->ui = ui;
    return fb;
}

static void forget(sah_findbar_t *fb)
{
    sah_find_free(fb->find);
    free(fb->pages);
    free(fb->ranges);
    fb->find = NULL;
    fb->pages = NULL;
    fb->ranges = NULL;
    fb->n = 0;
}

void sah_findbar_close(sah_findbar_t *fb)
{
    if (fb->active && fb->reader) {
        bool gone = sah_reader_set_highlights(fb->reader, NULL, 0, SAH_READER_NO_HIT);
        (void)gone; /* taking them away allocates nothing: it cannot fail */
    }
    fb->active = false;
    forget(fb);
    fb->query[0] = 0; /* a kiosk's next reader does not see it */
    fb->serial++;
}

void sah_findbar_free(sah_findbar_t *fb)
{
    if (!fb)
        return;
    forget(fb);
    free(fb);
}

bool sah_findbar_set_query(sah_findbar_t *fb, sah_reader_t *reader, const char *query)
{
    (void)sah_reader_settle(reader); /* the whole article's hits; logged */
    const sah_article_t *a = sah_reader_article(reader);
    if (fb->active)
        sah_findbar_close(fb);
    forget(fb);
    fb->reader = reader;
    snprintf(fb->query, sizeof fb->query, "%s", query ? query : "");
    fb->serial++;
    if (!a)
        return true;
    sah_find_status_t st;
    fb->find = sah_find_new(a, fb->query, 0, &st);
    if (!fb->find)
        return st != SAH_FIND_NOMEM; /* no words, too many: no hits */
    size_t n = sah_find_n_hits(fb->find);
    fb->pages = malloc((n ? n : 1) * sizeof *fb->pages);
    fb->ranges = malloc((n ? n : 1) * 2 * sizeof *fb->ranges);
    if (!fb->pages || !fb->ranges) {
        fprintf(stderr, "sahifa: out of memory finding \"%s\"\n", fb->query);
        forget(fb);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        size_t s, e;
        sah_find_hit(fb->find, i, &s, &e);
        fb->ranges[2 * i] = (uint32_t)s; /* within the article's limit */
        fb->ranges[2 * i + 1] = (uint32_t)e;
        fb->pages[i] = SIZE_MAX;
    }
    fb->n = n;
    return true;
}

const char *sah_findbar_query(const sah_findbar_t *fb)
{
    return fb->query;
}

size_t sah_findbar_n_hits(const sah_findbar_t *fb)
{
    return fb->n;
}

bool sah_findbar_hit(sah_findbar_t *fb, size_t i, uint32_t *start, uint32_t *end, size_t *page)
{
    if (i >= fb->n)
        return false;
    if (start)
        *start = fb->ranges[2 * i];
    if (end)
        *end = fb->ranges[2 * i + 1];
    if (page) {
        if (fb->pages[i] == SIZE_MAX)
            fb->pages[i] = sah_reader_page_of_offset(fb->reader, fb->ranges[2 * i]);
        *page = fb->pages[i];
    }
    return true;
}

char *sah_findbar_snippet(const sah_findbar_t *fb, size_t i)
{
    return i < fb->n ? sah_find_snippet(fb->find, i) : NULL;
}

bool sah_findbar_show(sah_findbar_t *fb, size_t i)
{
    if (i >= fb->n || !fb->reader)
        return false;
    fb->current = i;
    fb->active = true;
    /* The page is found by the hit's first byte: a hit across a page
     * break shows where it starts, and its end is boxed on the next. */
    sah_reader_goto_offset(fb->reader, fb->ranges[2 * i]);
    if (!sah_reader_set_highlights(fb->reader, fb->ranges, fb->n, i))
        fprintf(stderr, "sahifa: out of memory marking the hits\n");
    fb->serial++;
    return true;
}

bool sah_findbar_step(sah_findbar_t *fb, int dir)
{
    if (!fb->active || !fb->n)
        return false;
    size_t i = dir > 0 ? (fb->current + 1) % fb->n : (fb->current + fb->n - 1) % fb->n;
    return sah_findbar_show(fb, i);
}

bool sah_findbar_active(const sah_findbar_t *fb)
{
    return fb->active;
}

size_t sah_findbar_current(const sah_findbar_t *fb)
{
    return fb->current;
}

unsigned long sah_findbar_serial(const sah_findbar_t *fb)
{
    return fb->serial;
}

/* ---- the bar ------------------------------------------------------------ */

int sah_findbar_height(const sah_ui_t *ui)
{
    return sah_ui_px(ui, BAR_H);
}

sah_box_t sah_findbar_target_box(const sah_findbar_t *fb, int w, int h, sah_findbar_target_t t)
{
    const sah_ui_t *ui = fb->ui;
    int bh = sah_findbar_height(ui), pad = sah_ui_px(ui, PAD), bw = sah_ui_px(ui, BTN_W);
    int y = h - bh + pad / 2, bth = bh - pad;
    bool rtl = sah_ui_rtl(ui);
    /* From the start edge: close, the query; from the end edge: next
     * outermost, previous inside it (as a page turns: next towards the
     * end edge). */
    switch (t) {
    case SAH_FINDBAR_CLOSE:
        return sah_box_from_start(w, rtl, pad, y, bw, bth);
    case SAH_FINDBAR_NEXT:
        return sah_box_from_start(w, rtl, w - pad - bw, y, bw, bth);
    case SAH_FINDBAR_PREV:
        return sah_box_from_start(w, rtl, w - 2 * pad - 2 * bw, y, bw, bth);
    case SAH_FINDBAR_EDIT:
        return sah_box_from_start(w, rtl, 2 * pad + bw, y, w - 5 * pad - 3 * bw, bth);
    default:
        return (sah_box_t){0, h - bh, w, bh};
    }
}

sah_findbar_target_t sah_findbar_hit_test(const sah_findbar_t *fb, int w, int h, int x, int y)
{
    if (!fb->active || y < h - sah_findbar_height(fb->ui))
        return SAH_FINDBAR_NONE;
    static const sah_findbar_target_t order[] = {SAH_FINDBAR_CLOSE, SAH_FINDBAR_NEXT,
                                                 SAH_FINDBAR_PREV, SAH_FINDBAR_EDIT};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (sah_box_inside(sah_findbar_target_box(fb, w, h, order[i]), x, y))
            return order[i];
    return SAH_FINDBAR_NONE;
}

static void outline(sah_pagebuf_t *buf, sah_box_t b, int t)
{
    sah_pagebuf_fill_rect(buf, b.x, b.y, b.w, t, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y + b.h - t, b.w, t, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y, t, b.h, 255);
    sah_pagebuf_fill_rect(buf, b.x + b.w - t, b.y, t, b.h, 255);
}

static bool label(sah_ui_t *ui, sah_pagebuf_t *buf, sah_box_t b, sah_ui_style_t st, const char *s,
                  sah_ui_align_t align)
{
    int base = b.y + (b.h + sah_ui_ascent(ui, st) - sah_ui_descent(ui, st)) / 2;
    return sah_ui_text(ui, buf, st, s, b.x + 6, base, b.w - 12, align) >= 0;
}

bool sah_findbar_draw(sah_findbar_t *fb, sah_pagebuf_t *buf)
{
    if (!fb->active)
        return true;
    sah_ui_t *ui = fb->ui;
    int w = sah_pagebuf_width(buf), h = sah_pagebuf_height(buf), bh = sah_findbar_height(ui);
    int t = sah_ui_px(ui, 2) > 1 ? sah_ui_px(ui, 2) : 1;
    /* In place of the status bar: what was there goes first. */
    sah_pagebuf_clear_rect(buf, 0, h - bh, w, bh);
    sah_pagebuf_fill_rect(buf, 0, h - bh, w, t, 255);
    bool rtl = sah_ui_rtl(ui), ok = true;
    sah_box_t c = sah_findbar_target_box(fb, w, h, SAH_FINDBAR_CLOSE);
    sah_box_t n = sah_findbar_target_box(fb, w, h, SAH_FINDBAR_NEXT);
    sah_box_t p = sah_findbar_target_box(fb, w, h, SAH_FINDBAR_PREV);
    sah_box_t e = sah_findbar_target_box(fb, w, h, SAH_FINDBAR_EDIT);
    outline(buf, c, t);
    outline(buf, n, t);
    outline(buf, p, t);
    ok &= label(ui, buf, c, SAH_UI_BOLD, "\xE2\x9C\x95", SAH_UI_CENTER); /* ✕ */
    /* Arrows point where the hits lie: the next one on towards the end
     * edge (left in Arabic), as the next page does. Triangles, not
     * angle quotes: those are mirrored in a right-to-left line (UAX#9
     * L4) and would point the other way. */
    const char *left = "\xE2\x97\x80", *right = "\xE2\x96\xB6"; /* ◀ ▶ */
    ok &= label(ui, buf, n, SAH_UI_BODY, rtl ? left : right, SAH_UI_CENTER);
    ok &= label(ui, buf, p, SAH_UI_BODY, rtl ? right : left, SAH_UI_CENTER);
    char i1[32], i2[32], pg[32], count[128], line[512];
    size_t page = 0;
    sah_findbar_hit(fb, fb->current, NULL, NULL, &page);
    sah_ui_number(ui, (long)fb->current + 1, i1, sizeof i1);
    sah_ui_number(ui, (long)fb->n, i2, sizeof i2);
    sah_ui_number(ui, (long)page + 1, pg, sizeof pg);
    sah_ui_format(count, sizeof count, sah_ui_str(ui, "find_position"), i1, i2, pg);
    /* The query isolated (FSI ... PDI): its direction is its own. */
    snprintf(line, sizeof line, "\xE2\x81\xA8%s\xE2\x81\xA9   |   %s", fb->query, count);
    ok &= label(ui, buf, e, SAH_UI_BODY, line, SAH_UI_START);
    return ok;
}
