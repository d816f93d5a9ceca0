/* libview.c - see libview.h. */
#include "app/ui/libview.h"
#include "app/content/libsort.h"
#include "app/ui/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Between the pieces of a line of metadata: a middle dot would read as an
 * Arabic-Indic zero (٠). */
#define SEP "   |   "

/* A field that may be in either direction (a title, a source) is set
 * between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (UAX#9 X5c,
 * X6a): its own direction inside, and nothing of it leaks out, so that
 * "الشرق | 12 min" stays in that order in the English UI (without them
 * the Arabic letters would take the digits and the bar with them). */
#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"

typedef sah_libsort_state_t row_state_t; /* fraction < 0: never opened */

struct sah_libview {
    sah_ui_t *ui; /* not owned */
    const sah_library_t *lib;
    sah_persist_t *persist;
    char *hint;
    int width, height;
    sah_theme_t theme;
    sah_pagebuf_t *buf;
    bool dirty;
    unsigned long serial;
    unsigned long notice_drawn; /* sah_ui_notice_serial() of the frame */

    row_state_t *rows; /* one per library entry */
    size_t n_entries;
    /* What the list shows (libsort.h): the entries passing the filter, in
     * the sort's order; n_shown of them. */
    size_t *order;
    size_t n_shown;
    sah_libsort_t sort;
    sah_libfilter_kind_t filter_kind;
    char *filter_value; /* owned */
    /* "continue reading": the entry read last, when it is in the library. */
    long cont; /* entry index, -1: none */
    size_t sel, top;
};

/* Layout, px at UI scale 1. A row is at least 56 px: 10.8 mm on the
 * 7-inch panel, above the 9 mm a finger needs. */
#define HEADER_H  56
#define MIN_ROW_H 56
#define PAD       18

static int px(const sah_libview_t *lv, double v)
{
    return sah_ui_px(lv->ui, v);
}

/* The header's top: under the UI's notice band (ui.h). */
static int header_y(const sah_libview_t *lv)
{
    return sah_ui_notices_height(lv->ui);
}

/* Where a row's pieces go, from the fonts' own ascent and descent (Arabic
 * UI fonts are tall: a fixed grid would let the lines collide). */
typedef struct {
    int title_base, meta_base, bar_y, height;
} row_geo_t;

static row_geo_t row_geo(const sah_libview_t *lv)
{
    const sah_ui_t *ui = lv->ui;
    row_geo_t g;
    g.title_base = px(lv, 6) + sah_ui_ascent(ui, SAH_UI_BOLD);
    g.meta_base = g.title_base + sah_ui_descent(ui, SAH_UI_BOLD) + sah_ui_ascent(ui, SAH_UI_SMALL);
    g.bar_y = g.meta_base + sah_ui_descent(ui, SAH_UI_SMALL) + px(lv, 2);
    g.height = g.bar_y + px(lv, 6) + px(lv, 10);
    if (g.height < px(lv, MIN_ROW_H))
        g.height = px(lv, MIN_ROW_H);
    return g;
}

sah_libview_t *sah_libview_new(sah_ui_t *ui, int width, int height)
{
    sah_libview_t *lv = calloc(1, sizeof *lv);
    if (!lv || !(lv->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height))) {
        fprintf(stderr, "sahifa: library screen: out of memory\n");
        free(lv);
        return NULL;
    }
    lv->ui = ui;
    lv->width = width;
    lv->height = height;
    lv->theme = sah_theme_day;
    lv->cont = -1;
    lv->dirty = true;
    return lv;
}

void sah_libview_free(sah_libview_t *lv)
{
    if (!lv)
        return;
    sah_pagebuf_free(lv->buf);
    free(lv->rows);
    free(lv->order);
    free(lv->filter_value);
    free(lv->hint);
    free(lv);
}

bool sah_libview_refresh(sah_libview_t *lv)
{
    lv->cont = -1;
    lv->dirty = true;
    int64_t latest = -1;
    for (size_t i = 0; i < lv->n_entries; i++) {
        const sah_library_entry_t *e = sah_library_entry(lv->lib, i);
        uint32_t off;
        int64_t when;
        lv->rows[i] = (row_state_t){-1, -1};
        if (lv->persist && sah_persist_get_position(lv->persist, e->hash, &off, &when)) {
            /* Bytes on disk stand for the text's length (the same for
             * UTF-8 files, close for converted ones). */
            double f = e->size ? (double)off / (double)e->size : 0;
            lv->rows[i].fraction = f > 1 ? 1 : f;
            lv->rows[i].last_read = when;
            /* "Continue reading" is the article read last. */
            if (when > latest) {
                latest = when;
                lv->cont = (long)i;
            }
        }
    }
    sah_libfilter_t f = {lv->filter_kind, lv->filter_value};
    lv->n_shown = lv->lib ? sah_libsort_order(lv->lib, lv->rows, lv->sort, &f, lv->order) : 0;
    if (!lv->n_shown && lv->n_entries && lv->filter_value) {
        /* The bundle or source filtered on is gone (the folder changed):
         * everything, rather than an empty screen saying "no articles". */
        free(lv->filter_value);
        lv->filter_value = NULL;
        lv->filter_kind = SAH_LIBFILTER_ALL;
        lv->n_shown = sah_libsort_order(lv->lib, lv->rows, lv->sort, NULL, lv->order);
    }
    if (lv->sel >= sah_libview_rows(lv))
        lv->sel = 0;
    return true;
}

bool sah_libview_set_library(sah_libview_t *lv, const sah_library_t *lib, sah_persist_t *persist,
                             const char *hint)
{
    size_t n = lib ? sah_library_n_entries(lib) : 0;
    row_state_t *rows = calloc(n ? n : 1, sizeof *rows);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    char *h = hint ? strdup(hint) : NULL;
    if (!rows || !order || (hint && !h)) {
        free(rows);
        free(order);
        free(h);
        return false;
    }
    free(lv->rows);
    free(lv->order);
    free(lv->hint);
    lv->rows = rows;
    lv->order = order;
    lv->hint = h;
    lv->lib = lib;
    lv->persist = persist;
    lv->n_entries = n;
    lv->sel = lv->top = 0;
    return sah_libview_refresh(lv);
}

void sah_libview_set_theme(sah_libview_t *lv, const sah_theme_t *theme)
{
    lv->theme = *theme;
    if (sah_pagebuf_set_theme(lv->buf, theme))
        lv->serial++;
    else
        lv->dirty = true;
}

bool sah_libview_resize(sah_libview_t *lv, int width, int height)
{
    if (width == lv->width && height == lv->height)
        return true;
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height);
    if (!b)
        return false;
    sah_pagebuf_free(lv->buf);
    lv->buf = b;
    lv->width = width;
    lv->height = height;
    lv->dirty = true;
    sah_libview_move(lv, 0);
    return true;
}

size_t sah_libview_rows(const sah_libview_t *lv)
{
    return lv->n_shown + (lv->cont >= 0 ? 1 : 0);
}

size_t sah_libview_selection(const sah_libview_t *lv)
{
    return lv->sel;
}

static size_t visible_rows(const sah_libview_t *lv)
{
    return sah_rows_visible(header_y(lv) + px(lv, HEADER_H), lv->height, row_geo(lv).height);
}

bool sah_libview_move(sah_libview_t *lv, long delta)
{
    size_t n = sah_libview_rows(lv), old = lv->sel, old_top = lv->top;
    if (!n)
        return false;
    long s = (long)lv->sel + delta;
    lv->sel = s < 0 ? 0 : (size_t)s >= n ? n - 1 : (size_t)s;
    lv->top = sah_rows_keep_shown(lv->sel, lv->top, visible_rows(lv));
    bool moved = old != lv->sel || old_top != lv->top;
    lv->dirty |= moved;
    return moved;
}

bool sah_libview_scroll(sah_libview_t *lv, long delta)
{
    size_t n = sah_libview_rows(lv), vis = visible_rows(lv), old = lv->top;
    size_t max = n > vis ? n - vis : 0;
    long t = (long)lv->top + delta;
    lv->top = t < 0 ? 0 : (size_t)t > max ? max : (size_t)t;
    if (lv->sel < lv->top)
        lv->sel = lv->top;
    else if (lv->sel >= lv->top + vis)
        lv->sel = lv->top + vis - 1;
    lv->dirty |= old != lv->top;
    return old != lv->top;
}

long sah_libview_hit(const sah_libview_t *lv, int x, int y)
{
    (void)x;
    long vis =
        sah_rows_hit(y, header_y(lv) + px(lv, HEADER_H), row_geo(lv).height, visible_rows(lv));
    if (vis < 0)
        return -1; /* above the rows, or below the last whole one */
    size_t row = lv->top + (size_t)vis;
    return row < sah_libview_rows(lv) ? (long)row : -1;
}

bool sah_libview_in_header(const sah_libview_t *lv, int y)
{
    return y >= header_y(lv) && y < header_y(lv) + px(lv, HEADER_H);
}

bool sah_libview_select(sah_libview_t *lv, size_t row)
{
    if (row >= sah_libview_rows(lv))
        return false;
    return sah_libview_move(lv, (long)row - (long)lv->sel) || true;
}

/* Library entry shown on @row. */
static size_t entry_of_row(const sah_libview_t *lv, size_t row)
{
    if (lv->cont >= 0)
        return row == 0 ? (size_t)lv->cont : lv->order[row - 1];
    return lv->order[row];
}

const char *sah_libview_selected(const sah_libview_t *lv)
{
    if (!sah_libview_rows(lv))
        return NULL;
    return sah_library_entry(lv->lib, entry_of_row(lv, lv->sel))->path;
}

bool sah_libview_replace_library(sah_libview_t *lv, const sah_library_t *lib)
{
    /* The place: the selected article by its path, the list's top by how
     * far the selection was from it. */
    const char *sel = sah_libview_selected(lv);
    char *was = sel ? strdup(sel) : NULL;
    bool was_cont = lv->cont >= 0 && lv->sel == 0;
    size_t above = lv->sel - lv->top;
    if (sel && !was)
        return false;
    size_t n = lib ? sah_library_n_entries(lib) : 0;
    row_state_t *rows = calloc(n ? n : 1, sizeof *rows);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    if (!rows || !order) {
        free(rows);
        free(order);
        free(was);
        return false;
    }
    free(lv->rows);
    free(lv->order);
    lv->rows = rows;
    lv->order = order;
    lv->lib = lib;
    lv->n_entries = n;
    lv->sel = lv->top = 0;
    bool ok = sah_libview_refresh(lv);
    for (size_t r = 0; was && !was_cont && r < sah_libview_rows(lv); r++) {
        if (strcmp(sah_library_entry(lib, entry_of_row(lv, r))->path, was) == 0) {
            lv->sel = r;
            lv->top = r >= above ? r - above : 0;
            break;
        }
    }
    free(was);
    sah_libview_move(lv, 0); /* the selection in view, the top within the list */
    lv->dirty = true;
    return ok;
}

bool sah_libview_set_order(sah_libview_t *lv, sah_libsort_t sort, const sah_libfilter_t *filter)
{
    char *value = NULL;
    bool all = !filter || filter->kind == SAH_LIBFILTER_ALL || !filter->value;
    if (!all && !(value = strdup(filter->value)))
        return false;
    free(lv->filter_value);
    lv->filter_value = value;
    lv->filter_kind = all ? SAH_LIBFILTER_ALL : filter->kind;
    lv->sort = sort < SAH_LIBSORT_COUNT ? sort : SAH_LIBSORT_SHELF;
    lv->sel = lv->top = 0;
    return sah_libview_refresh(lv);
}

sah_libsort_t sah_libview_sort(const sah_libview_t *lv)
{
    return lv->sort;
}

sah_libfilter_t sah_libview_filter(const sah_libview_t *lv)
{
    return (sah_libfilter_t){lv->filter_kind, lv->filter_value};
}

const sah_library_t *sah_libview_library(const sah_libview_t *lv)
{
    return lv->lib;
}

unsigned long sah_libview_serial(const sah_libview_t *lv)
{
    bool notice = lv->notice_drawn != sah_ui_notice_serial(lv->ui);
    return lv->serial + (lv->dirty || notice ? 1 : 0);
}

/* ---- drawing ------------------------------------------------------------ */

/* Copies @s with its ASCII digits in the UI's digits (dates). */
static void localise_digits(const sah_ui_t *ui, const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; *s && o + 3 < size; s++) {
        if (*s >= '0' && *s <= '9') {
            char d[8];
            sah_ui_number(ui, *s - '0', d, sizeof d);
            for (const char *p = d; *p && o + 1 < size; p++)
                out[o++] = *p;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = 0;
}

/* "2024-06-01" as "١ يونيو ٢٠٢٤": an ISO date read right to left in
 * Arabic-Indic digits is ambiguous; a month name is not. Other forms are
 * shown as written, in the UI's digits. */
/* A field of an ISO date: 1 to @width digits. Returns its end, or NULL. */
static const char *date_field(const char *s, int width, int *v)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return NULL;
    long x = strtol(s, &end, 10); /* an overflow ends past @width too */
    if (end - s > width)
        return NULL;
    *v = (int)x;
    return end;
}

static void format_date(const sah_ui_t *ui, const char *iso, char *out, size_t size)
{
    int y = 0, m = 0, d = 0;
    const char *s = date_field(iso, 4, &y);
    s = s && *s == '-' ? date_field(s + 1, 2, &m) : NULL;
    s = s && *s == '-' ? date_field(s + 1, 2, &d) : NULL;
    if (s && !*s && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        char key[16], dd[16], yy[32];
        snprintf(key, sizeof key, "month_%d", m);
        sah_ui_number(ui, d, dd, sizeof dd);
        sah_ui_number(ui, y, yy, sizeof yy);
        sah_ui_format(out, size, sah_ui_str(ui, "date_format"), dd, sah_ui_str(ui, key), yy);
    } else {
        localise_digits(ui, iso, out, size);
    }
}

static bool draw_empty(sah_libview_t *lv)
{
    sah_ui_t *ui = lv->ui;
    int W = lv->width, H = lv->height, pad = px(lv, PAD) * 2;
    bool ok = sah_ui_text(ui, lv->buf, SAH_UI_TITLE, sah_ui_str(ui, "library_empty_title"), pad,
                          H / 2 - px(lv, 30), W - 2 * pad, SAH_UI_CENTER) >= 0;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_BODY, sah_ui_str(ui, "library_empty_body"), pad,
                      H / 2 + px(lv, 14), W - 2 * pad, SAH_UI_CENTER) >= 0;
    if (lv->hint)
        ok &= sah_ui_text(ui, lv->buf, SAH_UI_SMALL, lv->hint, pad, H / 2 + px(lv, 48), W - 2 * pad,
                          SAH_UI_CENTER) >= 0;
    return ok;
}

/* "12 articles", then the sort when it is not the shelf's and the filter's
 * value, each isolated (a source's name may be in either direction). */
static void header_count(const sah_libview_t *lv, char *out, size_t size)
{
    static const char *const sort_keys[SAH_LIBSORT_COUNT] = {
        "sort_shelf", "sort_recent", "sort_unread", "sort_source", "sort_title"};
    const sah_ui_t *ui = lv->ui;
    char n[32], count[96], sort[160] = "", filter[320] = "";
    sah_ui_number(ui, (long)lv->n_shown, n, sizeof n);
    sah_ui_format(count, sizeof count, sah_ui_plural(ui, "library_count", (long)lv->n_shown), n,
                  NULL, NULL);
    if (lv->sort != SAH_LIBSORT_SHELF &&
        snprintf(sort, sizeof sort, SEP "%s", sah_ui_str(ui, sort_keys[lv->sort])) < 0)
        sort[0] = 0;
    if (lv->filter_value && snprintf(filter, sizeof filter, SEP FSI "%s" PDI, lv->filter_value) < 0)
        filter[0] = 0;
    if (snprintf(out, size, "%s%s%s", count, sort, filter) < 0)
        out[0] = 0; /* cut: drawn cut anyway */
}

static bool draw_header(sah_libview_t *lv)
{
    sah_ui_t *ui = lv->ui;
    int W = lv->width, pad = px(lv, PAD);
    char count[512];
    int top = header_y(lv);
    int base = top + px(lv, HEADER_H) / 2 + sah_ui_ascent(ui, SAH_UI_TITLE) / 2 - px(lv, 2);
    header_count(lv, count, sizeof count);
    bool ok = sah_ui_text(ui, lv->buf, SAH_UI_TITLE, sah_ui_str(ui, "library"), pad, base,
                          W - 2 * pad, SAH_UI_START) >= 0;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_SMALL, count, pad, base, W - 2 * pad, SAH_UI_END) >= 0;
    ok &= sah_ui_rect(ui, lv->buf, pad, top + px(lv, HEADER_H) - px(lv, 3), W - 2 * pad, px(lv, 2));
    return ok;
}

/* One row: [label ·] title; source · date · minutes · progress; a bar. */
static bool draw_row(sah_libview_t *lv, size_t row, int y)
{
    sah_ui_t *ui = lv->ui;
    size_t ei = entry_of_row(lv, row);
    const sah_library_entry_t *e = sah_library_entry(lv->lib, ei);
    const row_state_t *st = &lv->rows[ei];
    int W = lv->width, pad = px(lv, PAD), inner = W - 3 * pad;
    int x = sah_ui_rtl(ui) ? pad : 2 * pad; /* the selection mark's side is wider */
    bool cont = lv->cont >= 0 && row == 0, ok = true;
    char title[1024], meta[512], date[64], n[32], mins[64], prog[96];

    if (cont)
        snprintf(title, sizeof title, "%s: " FSI "%s" PDI, sah_ui_str(ui, "continue_reading"),
                 e->title);
    else
        snprintf(title, sizeof title, "%s", e->title);
    row_geo_t rg = row_geo(lv);
    int base1 = y + rg.title_base;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_BOLD, title, x, base1, inner, SAH_UI_START) >= 0;

    format_date(ui, e->date ? e->date : "", date, sizeof date);
    sah_ui_number(ui, e->minutes, n, sizeof n);
    sah_ui_format(mins, sizeof mins, sah_ui_plural(ui, "minutes", e->minutes), n, NULL, NULL);
    if (st->fraction < 0) {
        snprintf(prog, sizeof prog, "%s", sah_ui_str(ui, "unread"));
    } else if (st->fraction >= 0.99) {
        snprintf(prog, sizeof prog, "%s", sah_ui_str(ui, "finished"));
    } else {
        char pct[48];
        sah_ui_number(ui, (long)(st->fraction * 100 + 0.5), n, sizeof n);
        sah_ui_format(pct, sizeof pct, sah_ui_str(ui, "percent"), n, NULL, NULL);
        sah_ui_format(prog, sizeof prog, sah_ui_str(ui, "read_percent"), pct, NULL, NULL);
    }
    /* A row too long is cut by the drawing anyway: a cut string here is
     * fine (the return values are looked at only for that). */
    char source[512] = "";
    if (e->source && snprintf(source, sizeof source, FSI "%s" PDI, e->source) < 0)
        source[0] = 0;
    if (snprintf(meta, sizeof meta, "%s%s%s%s%s" SEP "%s", source, e->source && *date ? SEP : "",
                 date, e->source || *date ? SEP : "", mins, prog) < 0)
        meta[0] = 0;
    int base2 = y + rg.meta_base;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_SMALL, meta, x, base2, inner, SAH_UI_START) >= 0;

    /* Progress: a thick bar for what was read on a thin line for the rest,
     * from the start edge (the raster has one ink: thickness says it). */
    int bar_y = y + rg.bar_y, bw = inner / 3;
    int bx = sah_ui_rtl(ui) ? x + inner - bw : x;
    int done = st->fraction > 0 ? (int)(bw * st->fraction + 0.5) : 0;
    ok &= sah_ui_rect(ui, lv->buf, bx, bar_y + px(lv, 2), bw, px(lv, 1) > 2 ? px(lv, 1) : 2);
    if (done > 0)
        ok &=
            sah_ui_rect(ui, lv->buf, sah_ui_rtl(ui) ? bx + bw - done : bx, bar_y, done, px(lv, 6));
    if (row == lv->sel) /* the selection: a bar at the start edge */
        ok &= sah_ui_rect(ui, lv->buf, sah_ui_rtl(ui) ? W - px(lv, 8) : px(lv, 4), y + px(lv, 6),
                          px(lv, 4), rg.height - px(lv, 12));
    return ok;
}

const sah_pagebuf_t *sah_libview_frame(sah_libview_t *lv)
{
    if (lv->notice_drawn != sah_ui_notice_serial(lv->ui)) {
        /* The band takes rows or gives them back: keep the selection in
         * view. */
        lv->notice_drawn = sah_ui_notice_serial(lv->ui);
        sah_libview_move(lv, 0);
        lv->dirty = true;
    }
    if (!lv->dirty)
        return lv->buf;
    if (!sah_pagebuf_set_theme(lv->buf, &lv->theme))
        return NULL;
    sah_pagebuf_clear(lv->buf);
    bool ok = sah_ui_draw_notices(lv->ui, lv->buf);
    if (!sah_libview_rows(lv)) {
        ok &= draw_empty(lv);
    } else {
        ok &= draw_header(lv);
        size_t vis = visible_rows(lv), n = sah_libview_rows(lv);
        int y0 = header_y(lv) + px(lv, HEADER_H);
        for (size_t r = lv->top; r < n && r < lv->top + vis; r++)
            ok &= draw_row(lv, r, y0 + (int)(r - lv->top) * row_geo(lv).height);
    }
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    lv->dirty = false;
    lv->serial++;
    return lv->buf;
}
