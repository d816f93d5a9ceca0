/* searchview.c - see searchview.h. */
#include "app/ui/searchview.h"
#include "app/ui/keyboard.h"
#include "app/ui/textfield.h"
#include "app/ui/widget.h"
#include "render/text/bidi.h"
#include "render/text/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layout, px at UI scale 1: the header's field and back button are tap
 * targets of 52 px (10 mm on the 7-inch panel). */
#define HEADER_H 62
#define FIELD_H  52
#define BACK_W   110
#define PAD      14
#define COUNT_H  28
#define MARKS    8  /* hits boxed in one snippet */
#define SHADE    70 /* a hit's box under the text */

/* Words of context kept before a snippet's first hit. */
#define LEAD_WORDS 4

typedef struct {
    const char *path, *title, *source; /* owned by the library */
    char *snippet;                     /* owned: as shown */
    size_t marks[2 * MARKS], n_marks;
    double fraction; /* < 0: never opened */
} result_t;

struct sah_searchview {
    sah_ui_t *ui; /* not owned */
    int width, height;
    sah_theme_t theme;
    sah_pagebuf_t *buf;
    bool dirty;
    unsigned long serial, kb_drawn;

    sah_sv_mode_t mode;
    sah_textfield_t *field;
    sah_keyboard_t *kb;
    bool kb_shown;
    unsigned long searched; /* the field's serial the results are of */

    sah_library_t *lib;     /* not owned */
    sah_persist_t *persist; /* not owned */
    result_t *res;
    size_t n_res, cap_res;
    sah_search_status_t status;

    sah_findbar_t *fb;    /* not owned */
    sah_reader_t *reader; /* not owned */

    size_t sel;
    int scroll; /* px of the list above its view */
    const char *chosen_path;
    size_t chosen_hit;
};

static int px(const sah_searchview_t *sv, double v)
{
    return sah_ui_px(sv->ui, v);
}

sah_searchview_t *sah_searchview_new(sah_ui_t *ui, int width, int height)
{
    sah_searchview_t *sv = calloc(1, sizeof *sv);
    if (!sv || !(sv->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height)) ||
        !(sv->field = sah_textfield_new(SAH_SEARCHVIEW_QUERY_MAX)) ||
        !(sv->kb = sah_keyboard_new(ui))) {
        fprintf(stderr, "sahifa: search screen: out of memory\n");
        sah_searchview_free(sv);
        return NULL;
    }
    sv->ui = ui;
    sv->width = width;
    sv->height = height;
    sv->theme = sah_theme_day;
    sv->dirty = true;
    return sv;
}

static void drop_results(sah_searchview_t *sv)
{
    for (size_t i = 0; i < sv->n_res; i++)
        free(sv->res[i].snippet);
    sv->n_res = 0;
}

void sah_searchview_free(sah_searchview_t *sv)
{
    if (!sv)
        return;
    drop_results(sv);
    free(sv->res);
    sah_keyboard_free(sv->kb);
    sah_textfield_free(sv->field);
    sah_pagebuf_free(sv->buf);
    free(sv);
}

static void place_keyboard(sah_searchview_t *sv)
{
    int h = sah_keyboard_height(sv->ui, sv->width, sv->height);
    sah_keyboard_place(sv->kb, 0, sv->height - h, sv->width, h);
}

bool sah_searchview_resize(sah_searchview_t *sv, int width, int height)
{
    if (width == sv->width && height == sv->height)
        return true;
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height);
    if (!b)
        return false;
    sah_pagebuf_free(sv->buf);
    sv->buf = b;
    sv->width = width;
    sv->height = height;
    sv->scroll = 0;
    place_keyboard(sv);
    sv->dirty = true;
    return true;
}

void sah_searchview_set_theme(sah_searchview_t *sv, const sah_theme_t *theme)
{
    sv->theme = *theme;
    sv->dirty = true;
}

/* ---- snippets ----------------------------------------------------------- */

char *sah_searchview_marks(const char *snippet, size_t *marks, size_t max, size_t *n_out)
{
    size_t len = strlen(snippet), n = 0, o = 0;
    char *out = malloc(len + 4);
    if (!out)
        return NULL;
    memcpy(out, "\xE2\x80\xA6", 3); /* room for a leading "…" */
    o = 3;
    bool open = false;
    for (const char *p = snippet; *p; p++) {
        if (*p == '[' && !open) {
            open = true;
            if (n < max)
                marks[2 * n] = o;
            continue;
        }
        if (*p == ']' && open) {
            open = false;
            if (n < max)
                marks[2 * n + 1] = o;
            n++;
            continue;
        }
        bool space = (unsigned char)*p <= ' ';
        if (space && (o == 3 || out[o - 1] == ' '))
            continue;
        out[o++] = *p;
        if (space)
            out[o - 1] = ' ';
    }
    if (open && n < max)
        marks[2 * n++ + 1] = o;
    n = n < max ? n : max;
    out[o] = 0;
    /* Cut the lead before the first hit to LEAD_WORDS words. */
    size_t from = 3;
    if (n) {
        size_t words = 0, s = marks[0];
        while (s > 3 && words <= LEAD_WORDS)
            if (out[--s] == ' ')
                words++;
        if (words > LEAD_WORDS)
            from = s + 1;
    }
    bool cut = from > 3;
    size_t start = cut ? from - 3 : 3; /* "…" written just before @from */
    if (cut)
        memcpy(out + start, "\xE2\x80\xA6", 3);
    memmove(out, out + start, o - start + 1);
    for (size_t i = 0; i < 2 * n; i++)
        marks[i] -= start;
    *n_out = n;
    return out;
}

/* ---- searching ---------------------------------------------------------- */

static void on_result(void *user, const sah_library_hit_t *h)
{
    sah_searchview_t *sv = user;
    if (sv->n_res == sv->cap_res) {
        size_t nc = sv->cap_res ? 2 * sv->cap_res : 16;
        result_t *r = realloc(sv->res, nc * sizeof *r);
        if (!r)
            return;
        sv->res = r;
        sv->cap_res = nc;
    }
    result_t *r = &sv->res[sv->n_res];
    memset(r, 0, sizeof *r);
    r->path = h->entry->path;
    r->title = h->entry->title;
    r->source = h->entry->source;
    r->snippet = sah_searchview_marks(h->snippet ? h->snippet : "", r->marks, MARKS, &r->n_marks);
    if (!r->snippet)
        return;
    uint32_t off;
    r->fraction = -1;
    if (sv->persist && h->entry->hash[0] &&
        sah_persist_get_position(sv->persist, h->entry->hash, &off, NULL)) {
        double f = h->entry->size ? (double)off / (double)h->entry->size : 0;
        r->fraction = f > 1 ? 1 : f;
    }
    sv->n_res++;
}

/* The results of the field's text, unless they are already. */
static void run_query(sah_searchview_t *sv)
{
    if (sv->searched == sah_textfield_serial(sv->field) && sv->searched)
        return;
    sv->searched = sah_textfield_serial(sv->field);
    const char *q = sah_textfield_text(sv->field);
    drop_results(sv);
    sv->sel = 0;
    sv->scroll = 0;
    sv->dirty = true;
    sv->status = SAH_SEARCH_NO_WORDS;
    if (sv->mode == SAH_SV_ARTICLE) {
        if (!sah_findbar_set_query(sv->fb, sv->reader, q))
            sv->status = SAH_SEARCH_FAILED;
        else
            sv->status = sah_findbar_n_hits(sv->fb) || *q ? SAH_SEARCH_OK : SAH_SEARCH_NO_WORDS;
        return;
    }
    if (!sv->lib || !*q)
        return;
    const char *why = NULL;
    sv->status = sah_library_search(sv->lib, q, 0, on_result, sv, &why);
    if (sv->status == SAH_SEARCH_FAILED)
        fprintf(stderr, "sahifa: cannot search the library: %s\n", why ? why : "?");
}

size_t sah_searchview_n_results(const sah_searchview_t *sv)
{
    return sv->mode == SAH_SV_ARTICLE ? sah_findbar_n_hits(sv->fb) : sv->n_res;
}

const char *sah_searchview_result_title(const sah_searchview_t *sv, size_t i)
{
    return sv->mode == SAH_SV_LIBRARY && i < sv->n_res ? sv->res[i].title : NULL;
}

/* ---- opening ------------------------------------------------------------ */

static void open_mode(sah_searchview_t *sv, sah_sv_mode_t mode, bool keyboard)
{
    sv->mode = mode;
    sv->kb_shown = keyboard;
    sv->sel = 0;
    sv->scroll = 0;
    sv->searched = 0;
    sv->chosen_path = NULL;
    sah_keyboard_set_enter_label(sv->kb, sah_ui_str(sv->ui, "kb_search"));
    place_keyboard(sv);
    run_query(sv);
    sv->dirty = true;
}

void sah_searchview_open_library(sah_searchview_t *sv, sah_library_t *lib, sah_persist_t *persist,
                                 bool keyboard)
{
    sv->lib = lib;
    sv->persist = persist;
    open_mode(sv, SAH_SV_LIBRARY, keyboard);
}

void sah_searchview_open_article(sah_searchview_t *sv, sah_findbar_t *fb, sah_reader_t *reader,
                                 bool keyboard)
{
    sv->fb = fb;
    sv->reader = reader;
    (void)sah_textfield_set(sv->field, sah_findbar_query(fb)); /* the query it had */
    open_mode(sv, SAH_SV_ARTICLE, keyboard);
}

void sah_searchview_close(sah_searchview_t *sv)
{
    sv->mode = SAH_SV_CLOSED_MODE;
    drop_results(sv);
}

void sah_searchview_forget(sah_searchview_t *sv)
{
    sah_searchview_close(sv);
    (void)sah_textfield_set(sv->field, NULL);
}

sah_sv_mode_t sah_searchview_mode(const sah_searchview_t *sv)
{
    return sv->mode;
}

const char *sah_searchview_query(const sah_searchview_t *sv)
{
    return sah_textfield_text(sv->field);
}

bool sah_searchview_keyboard_shown(const sah_searchview_t *sv)
{
    return sv->kb_shown;
}

const sah_keyboard_t *sah_searchview_keyboard(const sah_searchview_t *sv)
{
    return sv->kb_shown ? sv->kb : NULL;
}

size_t sah_searchview_selection(const sah_searchview_t *sv)
{
    return sv->sel;
}

const char *sah_searchview_chosen_path(const sah_searchview_t *sv)
{
    return sv->chosen_path;
}

size_t sah_searchview_chosen_hit(const sah_searchview_t *sv)
{
    return sv->chosen_hit;
}

/* ---- where things are --------------------------------------------------- */

static sah_box_t back_box(const sah_searchview_t *sv)
{
    int h = px(sv, FIELD_H);
    return sah_box_from_start(sv->width, sah_ui_rtl(sv->ui),
                              sv->width - px(sv, PAD) - px(sv, BACK_W), (px(sv, HEADER_H) - h) / 2,
                              px(sv, BACK_W), h);
}

static sah_box_t field_box(const sah_searchview_t *sv)
{
    int h = px(sv, FIELD_H);
    return sah_box_from_start(sv->width, sah_ui_rtl(sv->ui), px(sv, PAD),
                              (px(sv, HEADER_H) - h) / 2,
                              sv->width - 3 * px(sv, PAD) - px(sv, BACK_W), h);
}

static int list_top(const sah_searchview_t *sv)
{
    return px(sv, HEADER_H) + px(sv, COUNT_H);
}

static int list_bottom(const sah_searchview_t *sv)
{
    return sv->kb_shown ? sah_keyboard_box(sv->kb).y : sv->height;
}

/* A result's row: title, snippet, position (library); snippet, page
 * (article); from the fonts' own metrics. */
static int row_h(const sah_searchview_t *sv)
{
    const sah_ui_t *ui = sv->ui;
    int h = px(sv, 12) + sah_ui_ascent(ui, SAH_UI_BODY) + sah_ui_descent(ui, SAH_UI_BODY) +
            sah_ui_ascent(ui, SAH_UI_SMALL) + sah_ui_descent(ui, SAH_UI_SMALL);
    if (sv->mode == SAH_SV_LIBRARY)
        h += sah_ui_ascent(ui, SAH_UI_BOLD) + sah_ui_descent(ui, SAH_UI_BOLD);
    return h > px(sv, 60) ? h : px(sv, 60);
}

/* The list's view: from under the count to the keyboard, or the bottom. */
static int view_h(const sah_searchview_t *sv)
{
    int h = list_bottom(sv) - list_top(sv);
    return h > 0 ? h : 0;
}

static size_t rows_shown(const sah_searchview_t *sv)
{
    return (size_t)(view_h(sv) / row_h(sv));
}

static int max_scroll(const sah_searchview_t *sv)
{
    int m = (int)sah_searchview_n_results(sv) * row_h(sv) - view_h(sv);
    return m > 0 ? m : 0;
}

static int clamp_scroll(const sah_searchview_t *sv, int offset)
{
    return offset < 0 ? 0 : offset > max_scroll(sv) ? max_scroll(sv) : offset;
}

/* Scrolls as little as keeps the selected row whole in view (its top, in
 * a view shorter than a row). */
static void show_sel(sah_searchview_t *sv)
{
    int rh = row_h(sv), top = (int)sv->sel * rh;
    if (top + rh > sv->scroll + view_h(sv))
        sv->scroll = top + rh - view_h(sv);
    if (top < sv->scroll)
        sv->scroll = top;
    sv->scroll = clamp_scroll(sv, sv->scroll);
}

int sah_searchview_scroll_px(const sah_searchview_t *sv)
{
    return sv->scroll;
}

bool sah_searchview_set_scroll_px(sah_searchview_t *sv, int offset)
{
    int old = sv->scroll;
    sv->scroll = clamp_scroll(sv, offset);
    sv->dirty |= old != sv->scroll;
    return old != sv->scroll;
}

bool sah_searchview_list_extent(const sah_searchview_t *sv, int *content, int *view)
{
    *content = (int)sah_searchview_n_results(sv) * row_h(sv);
    *view = view_h(sv);
    return sv->mode != SAH_SV_CLOSED_MODE;
}

bool sah_searchview_in_list(const sah_searchview_t *sv, int x, int y)
{
    (void)x; /* the rows span the width */
    return sv->mode != SAH_SV_CLOSED_MODE && y >= list_top(sv) && y < list_bottom(sv);
}

/* The row at (@x, @y), or -1. */
static long hit_row(const sah_searchview_t *sv, int x, int y)
{
    if (!sah_searchview_in_list(sv, x, y) || x < px(sv, PAD) || x >= sv->width - px(sv, PAD))
        return -1;
    size_t row = (size_t)((y - list_top(sv) + sv->scroll) / row_h(sv));
    return row < sah_searchview_n_results(sv) ? (long)row : -1;
}

bool sah_searchview_result_box(const sah_searchview_t *sv, size_t i, sah_box_t *out)
{
    if (i >= sah_searchview_n_results(sv))
        return false;
    int y = list_top(sv) + (int)i * row_h(sv) - sv->scroll, y1 = y + row_h(sv);
    /* The part of it in the list's view: what a finger can reach. */
    y = y > list_top(sv) ? y : list_top(sv);
    y1 = y1 < list_bottom(sv) ? y1 : list_bottom(sv);
    if (y1 <= y)
        return false;
    *out = (sah_box_t){px(sv, PAD), y, sv->width - 2 * px(sv, PAD), y1 - y};
    return true;
}

/* ---- input -------------------------------------------------------------- */

static sah_sv_result_t choose(sah_searchview_t *sv, size_t i)
{
    if (i >= sah_searchview_n_results(sv))
        return SAH_SV_IGNORED;
    sv->sel = i;
    if (sv->mode == SAH_SV_LIBRARY)
        sv->chosen_path = sv->res[i].path;
    else
        sv->chosen_hit = i;
    return SAH_SV_CHOSEN;
}

static sah_sv_result_t changed(sah_searchview_t *sv)
{
    run_query(sv);
    sv->dirty = true;
    return SAH_SV_CHANGED;
}

static sah_sv_result_t move(sah_searchview_t *sv, long d)
{
    size_t n = sah_searchview_n_results(sv);
    if (!n)
        return SAH_SV_IGNORED;
    long s = (long)sv->sel + d;
    sv->sel = s < 0 ? 0 : (size_t)s >= n ? n - 1 : (size_t)s;
    show_sel(sv);
    sv->dirty = true;
    return SAH_SV_CHANGED;
}

sah_sv_result_t sah_searchview_text(sah_searchview_t *sv, const char *utf8)
{
    if (sv->mode == SAH_SV_CLOSED_MODE || !sah_textfield_insert(sv->field, utf8))
        return SAH_SV_IGNORED;
    return changed(sv);
}

sah_sv_result_t sah_searchview_do(sah_searchview_t *sv, sah_action_t act, int amount)
{
    if (sv->mode == SAH_SV_CLOSED_MODE)
        return SAH_SV_IGNORED;
    switch (act) {
    case SAH_ACT_ERASE:
        return sah_textfield_backspace(sv->field) ? changed(sv) : SAH_SV_IGNORED;
    case SAH_ACT_SELECT:
        return choose(sv, sv->sel);
    case SAH_ACT_BACK:
        sah_searchview_close(sv);
        return SAH_SV_CLOSED;
    case SAH_ACT_UP:
    case SAH_ACT_DOWN:
        return move(sv, act == SAH_ACT_UP ? -1 : 1);
    case SAH_ACT_PAGE_UP:
    case SAH_ACT_PAGE_DOWN: {
        long page = (long)(rows_shown(sv) ? rows_shown(sv) : 1);
        return move(sv, act == SAH_ACT_PAGE_UP ? -page : page);
    }
    case SAH_ACT_SCROLL:
        return move(sv, -amount);
    case SAH_ACT_KEYBOARD: /* Tab: the on-screen keyboard on or off */
        sv->kb_shown = !sv->kb_shown;
        show_sel(sv);
        sv->dirty = true;
        return SAH_SV_CHANGED;
    default:
        return SAH_SV_IGNORED;
    }
}

sah_sv_result_t sah_searchview_tap(sah_searchview_t *sv, int x, int y)
{
    if (sv->mode == SAH_SV_CLOSED_MODE)
        return SAH_SV_IGNORED;
    if (sah_box_inside(back_box(sv), x, y))
        return sah_searchview_do(sv, SAH_ACT_BACK, 0);
    if (sah_box_inside(field_box(sv), x, y)) {
        if (sv->kb_shown)
            return SAH_SV_IGNORED;
        sv->kb_shown = true;
        show_sel(sv);
        sv->dirty = true;
        return SAH_SV_CHANGED;
    }
    if (sv->kb_shown && sah_box_inside(sah_keyboard_box(sv->kb), x, y)) {
        switch (sah_keyboard_tap(sv->kb, x, y, sv->field)) {
        case SAH_KB_TYPED:
            return changed(sv);
        case SAH_KB_REDRAW:
            sv->dirty = true;
            return SAH_SV_CHANGED;
        case SAH_KB_ENTER: /* "Search": the keyboard goes, the results show */
            sv->kb_shown = false;
            sv->scroll = clamp_scroll(sv, sv->scroll);
            sv->dirty = true;
            return SAH_SV_CHANGED;
        default:
            return SAH_SV_IGNORED;
        }
    }
    long row = hit_row(sv, x, y);
    return row < 0 ? SAH_SV_IGNORED : choose(sv, (size_t)row);
}

/* ---- drawing ------------------------------------------------------------ */

static bool text_in(sah_searchview_t *sv, sah_ui_style_t st, const char *s, sah_box_t b,
                    sah_ui_align_t align)
{
    int base = b.y + (b.h + sah_ui_ascent(sv->ui, st) - sah_ui_descent(sv->ui, st)) / 2;
    return sah_ui_text(sv->ui, sv->buf, st, s, b.x + px(sv, 8), base, b.w - px(sv, 16), align) >= 0;
}

static bool button(sah_searchview_t *sv, sah_box_t b, const char *label)
{
    sah_pagebuf_fill_rect(sv->buf, b.x, b.y, b.w, 1, 255);
    sah_pagebuf_fill_rect(sv->buf, b.x, b.y + b.h - 1, b.w, 1, 255);
    sah_pagebuf_fill_rect(sv->buf, b.x, b.y, 1, b.h, 255);
    sah_pagebuf_fill_rect(sv->buf, b.x + b.w - 1, b.y, 1, b.h, 255);
    return text_in(sv, SAH_UI_BODY, label, b, SAH_UI_CENTER);
}

/* A line whose direction is its own (a title, a snippet): set at the
 * edge where it starts, and in the other direction than the UI's isolated
 * in its own (RLI or LRI ... PDI, UAX#9 X5a-X5b), so that the UI's
 * paragraph does not order its runs. */
static bool own_line(sah_searchview_t *sv, sah_ui_style_t st, const char *s, int x, int base, int w,
                     const size_t *marks, size_t n_marks)
{
    uint32_t cp[64];
    size_t n = strlen(s), k = sah_utf8_decode(s, n < 64 ? n : 64, SAH_UTF8_STRICT, cp, NULL, NULL);
    int level = sah_bidi_first_strong(cp, k);
    bool ui_rtl = sah_ui_rtl(sv->ui), rtl = level < 0 ? ui_rtl : level == 1;
    if (rtl == ui_rtl)
        return sah_ui_text_marked(sv->ui, sv->buf, st, s, x, base, w, SAH_UI_START, marks, n_marks,
                                  SHADE) >= 0;
    char *iso = malloc(n + 7);
    size_t m[2 * MARKS];
    if (!iso)
        return false;
    if (rtl) /* RLI ... PDI */
        snprintf(iso, n + 7, "\xE2\x81\xA7%s\xE2\x81\xA9", s);
    else /* LRI ... PDI */
        snprintf(iso, n + 7, "\xE2\x81\xA6%s\xE2\x81\xA9", s);
    for (size_t i = 0; i < 2 * n_marks && i < (size_t)2 * MARKS; i++)
        m[i] = marks[i] + 3; /* after the isolate's 3 bytes */
    bool ok = sah_ui_text_marked(sv->ui, sv->buf, st, iso, x, base, w, SAH_UI_END, m,
                                 n_marks < MARKS ? n_marks : MARKS, SHADE) >= 0;
    free(iso);
    return ok;
}

static void position_of(const sah_searchview_t *sv, const result_t *r, char *out, size_t size)
{
    char n[32];
    if (r->fraction < 0) {
        snprintf(out, size, "%s", sah_ui_str(sv->ui, "unread"));
        return;
    }
    sah_ui_number(sv->ui, (long)(r->fraction * 100 + 0.5), n, sizeof n);
    sah_ui_format(out, size, sah_ui_str(sv->ui, "read_percent"), n, NULL, NULL);
}

static bool draw_row(sah_searchview_t *sv, size_t i, sah_box_t b)
{
    sah_ui_t *ui = sv->ui;
    int inner = b.w - px(sv, 16), x = b.x + px(sv, 8);
    int base = b.y + px(sv, 6);
    bool ok = true;
    char line[256];
    if (sv->mode == SAH_SV_LIBRARY) {
        const result_t *r = &sv->res[i];
        base += sah_ui_ascent(ui, SAH_UI_BOLD);
        ok &= own_line(sv, SAH_UI_BOLD, r->title, x, base, inner, NULL, 0);
        base += sah_ui_descent(ui, SAH_UI_BOLD) + sah_ui_ascent(ui, SAH_UI_BODY);
        ok &= own_line(sv, SAH_UI_BODY, r->snippet, x, base, inner, r->marks, r->n_marks);
        char pos[96];
        position_of(sv, r, pos, sizeof pos);
        if (r->source)
            snprintf(line, sizeof line, "\xE2\x81\xA8%s\xE2\x81\xA9   |   %s", r->source, pos);
        else
            snprintf(line, sizeof line, "%s", pos);
    } else {
        char *snip = sah_findbar_snippet(sv->fb, i);
        size_t marks[2 * MARKS], n = 0, page = 0;
        char *shown = snip ? sah_searchview_marks(snip, marks, MARKS, &n) : NULL;
        free(snip);
        base += sah_ui_ascent(ui, SAH_UI_BODY);
        ok &= own_line(sv, SAH_UI_BODY, shown ? shown : "", x, base, inner, marks, n);
        free(shown);
        char pg[32];
        sah_findbar_hit(sv->fb, i, NULL, NULL, &page);
        sah_ui_number(ui, (long)page + 1, pg, sizeof pg);
        sah_ui_format(line, sizeof line, sah_ui_str(ui, "page_n"), pg, NULL, NULL);
    }
    base += sah_ui_descent(ui, SAH_UI_BODY) + sah_ui_ascent(ui, SAH_UI_SMALL);
    ok &= sah_ui_text(ui, sv->buf, SAH_UI_SMALL, line, x, base, inner, SAH_UI_START) >= 0;
    if (i == sv->sel) /* the selection: a bar at the start edge */
        sah_pagebuf_fill_rect(sv->buf, sah_ui_rtl(ui) ? b.x + b.w - px(sv, 4) : b.x,
                              b.y + px(sv, 6), px(sv, 4), b.h - px(sv, 12), 255);
    sah_pagebuf_fill_rect(sv->buf, b.x, b.y + b.h - 1, b.w, 1, 255);
    return ok;
}

/* The line over the list: how many results, or why there are none. */
static bool draw_count(sah_searchview_t *sv)
{
    sah_ui_t *ui = sv->ui;
    size_t n = sah_searchview_n_results(sv);
    char line[256], num[32];
    const char *q = sah_textfield_text(sv->field);
    if (!*q)
        snprintf(line, sizeof line, "%s",
                 sah_ui_str(ui, sv->mode == SAH_SV_LIBRARY ? "search_hint" : "find_hint"));
    else if (sv->status == SAH_SEARCH_NO_WORDS)
        snprintf(line, sizeof line, "%s", sah_ui_str(ui, "search_no_words"));
    else if (sv->status == SAH_SEARCH_FAILED)
        snprintf(line, sizeof line, "%s", sah_ui_str(ui, "search_failed"));
    else if (!n)
        snprintf(line, sizeof line, "%s", sah_ui_str(ui, "search_none"));
    else {
        sah_ui_number(ui, (long)n, num, sizeof num);
        sah_ui_format(
            line, sizeof line,
            sah_ui_plural(ui, sv->mode == SAH_SV_LIBRARY ? "search_count" : "find_count", (long)n),
            num, NULL, NULL);
    }
    sah_box_t b = {px(sv, PAD), px(sv, HEADER_H), sv->width - 2 * px(sv, PAD), px(sv, COUNT_H)};
    return text_in(sv, SAH_UI_SMALL, line, b, SAH_UI_START);
}

const sah_pagebuf_t *sah_searchview_frame(sah_searchview_t *sv)
{
    if (sv->mode == SAH_SV_CLOSED_MODE)
        return NULL;
    if (sv->kb_shown && sv->kb_drawn != sah_keyboard_serial(sv->kb))
        sv->dirty = true;
    if (!sv->dirty)
        return sv->buf;
    if (!sah_pagebuf_set_theme(sv->buf, &sv->theme))
        return NULL;
    sah_pagebuf_clear(sv->buf);
    /* The rows by the pixel from the scroll; those cut by the header or
     * the keyboard are cleared past the list's edges before these are
     * drawn. */
    bool ok = true;
    size_t n = sah_searchview_n_results(sv);
    int rh = row_h(sv), y0 = list_top(sv), y1 = list_bottom(sv);
    for (size_t i = (size_t)(sv->scroll / rh); i < n; i++) {
        int y = y0 + (int)i * rh - sv->scroll;
        if (y >= y1)
            break;
        ok &= draw_row(sv, i, (sah_box_t){px(sv, PAD), y, sv->width - 2 * px(sv, PAD), rh});
    }
    sah_pagebuf_clear_rect(sv->buf, 0, 0, sv->width, y0);
    sah_pagebuf_clear_rect(sv->buf, 0, y1, sv->width, sv->height - y1);
    ok &= sah_keyboard_draw_field(
        sv->ui, sv->buf, field_box(sv), sah_textfield_text(sv->field),
        sah_ui_str(sv->ui, sv->mode == SAH_SV_LIBRARY ? "search_placeholder" : "find_placeholder"));
    ok &= button(sv, back_box(sv), sah_ui_str(sv->ui, "back"));
    ok &= draw_count(sv);
    if (sv->kb_shown) {
        ok &= sah_keyboard_draw(sv->kb, sv->buf);
        sv->kb_drawn = sah_keyboard_serial(sv->kb);
    }
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    sv->dirty = false;
    sv->serial++;
    return sv->buf;
}

unsigned long sah_searchview_serial(const sah_searchview_t *sv)
{
    bool kb = sv->kb_shown && sv->kb_drawn != sah_keyboard_serial(sv->kb);
    return sv->serial + (sv->dirty || kb ? 1 : 0);
}
