/* libview.c - see libview.h. */
#include "app/ui/libview.h"
#include "app/content/libsort.h"
#include "app/ui/uitext.h"
#include "app/ui/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/figure.h"
#include "platform/log.h"
#include "render/image/imagecache.h"

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
    size_t sel;
    int scroll;         /* px of the list above the view: a finger moves it by the pixel */
    sah_sheet_t *sheet; /* owned: a row's actions (a long press) */
    unsigned long sheet_drawn;
    sah_imagecache_t *thumbs; /* owned: the lead photos, decoded small */
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
    if (!lv || !(lv->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height)) ||
        !(lv->sheet = sah_sheet_new()) ||
        !(lv->thumbs = sah_imagecache_new(SAH_LIBVIEW_THUMB_BUDGET))) {
        fprintf(stderr, "sahifa: library screen: out of memory\n");
        if (lv) {
            sah_pagebuf_free(lv->buf);
            sah_sheet_free(lv->sheet);
        }
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
    sah_sheet_free(lv->sheet);
    sah_imagecache_free(lv->thumbs);
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
        /* An article listed before its identity is known ("") has no
         * reading state yet (library.h). */
        if (lv->persist && e->hash[0] &&
            sah_persist_get_position(lv->persist, e->hash, &off, &when)) {
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
    lv->sel = 0;
    lv->scroll = 0;
    sah_sheet_close(lv->sheet);
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

/* The list's top edge (under the header) and its view's height. */
static int list_top(const sah_libview_t *lv)
{
    return header_y(lv) + px(lv, HEADER_H);
}

static int view_h(const sah_libview_t *lv)
{
    int h = lv->height - list_top(lv);
    return h > 0 ? h : 0;
}

static int max_scroll(const sah_libview_t *lv)
{
    int m = (int)sah_libview_rows(lv) * row_geo(lv).height - view_h(lv);
    return m > 0 ? m : 0;
}

/* Scrolls as little as keeps the selected row whole in view. */
static void show_sel(sah_libview_t *lv)
{
    int rh = row_geo(lv).height, top = (int)lv->sel * rh;
    if (top < lv->scroll)
        lv->scroll = top;
    else if (top + rh > lv->scroll + view_h(lv))
        lv->scroll = top + rh - view_h(lv);
    lv->scroll = lv->scroll < 0 ? 0 : lv->scroll > max_scroll(lv) ? max_scroll(lv) : lv->scroll;
}

/* The selection follows a scrolled list: onto the nearest row wholly shown
 * (the first, in a view shorter than a row). */
static void sel_into_view(sah_libview_t *lv)
{
    size_t n = sah_libview_rows(lv);
    int rh = row_geo(lv).height;
    if (!n)
        return;
    size_t first = (size_t)((lv->scroll + rh - 1) / rh);
    long last = (long)((lv->scroll + view_h(lv)) / rh) - 1;
    if (first >= n)
        first = n - 1;
    if (last < (long)first)
        last = (long)first;
    if (lv->sel < first)
        lv->sel = first;
    else if ((long)lv->sel > last)
        lv->sel = (size_t)last;
}

bool sah_libview_move(sah_libview_t *lv, long delta)
{
    size_t n = sah_libview_rows(lv), old = lv->sel;
    int old_scroll = lv->scroll;
    if (!n)
        return false;
    long s = (long)lv->sel + delta;
    lv->sel = s < 0 ? 0 : (size_t)s >= n ? n - 1 : (size_t)s;
    show_sel(lv);
    bool moved = old != lv->sel || old_scroll != lv->scroll;
    lv->dirty |= moved;
    return moved;
}

bool sah_libview_set_scroll_px(sah_libview_t *lv, int offset)
{
    int old = lv->scroll;
    lv->scroll = offset < 0 ? 0 : offset > max_scroll(lv) ? max_scroll(lv) : offset;
    lv->dirty |= old != lv->scroll;
    return old != lv->scroll;
}

int sah_libview_scroll_px(const sah_libview_t *lv)
{
    return lv->scroll;
}

void sah_libview_extent(const sah_libview_t *lv, int *content, int *view)
{
    *content = (int)sah_libview_rows(lv) * row_geo(lv).height;
    *view = view_h(lv);
}

bool sah_libview_scroll(sah_libview_t *lv, long delta)
{
    size_t old_sel = lv->sel;
    bool moved = sah_libview_set_scroll_px(lv, lv->scroll + (int)delta * row_geo(lv).height);
    sel_into_view(lv); /* the wheel takes the selection along */
    lv->dirty |= old_sel != lv->sel;
    return moved;
}

long sah_libview_hit(const sah_libview_t *lv, int x, int y)
{
    (void)x;
    if (y < list_top(lv) || y >= lv->height)
        return -1; /* the header, or off the screen */
    size_t row = (size_t)((y - list_top(lv) + lv->scroll) / row_geo(lv).height);
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

const char *sah_libview_title(const sah_libview_t *lv, size_t row)
{
    if (row >= sah_libview_rows(lv))
        return NULL;
    return sah_library_entry(lv->lib, entry_of_row(lv, row))->title;
}

sah_sheet_t *sah_libview_sheet(sah_libview_t *lv)
{
    return lv->sheet;
}

const char *sah_libview_selected(const sah_libview_t *lv)
{
    if (!sah_libview_rows(lv))
        return NULL;
    return sah_library_entry(lv->lib, entry_of_row(lv, lv->sel))->path;
}

bool sah_libview_replace_library(sah_libview_t *lv, const sah_library_t *lib)
{
    /* The place: the selected article by its path, the list's scroll by
     * how far (px) the selection was from the view's top. */
    const char *sel = sah_libview_selected(lv);
    char *was = sel ? strdup(sel) : NULL;
    bool was_cont = lv->cont >= 0 && lv->sel == 0;
    int rh = row_geo(lv).height, above = (int)lv->sel * rh - lv->scroll;
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
    lv->sel = 0;
    lv->scroll = 0;
    bool ok = sah_libview_refresh(lv);
    for (size_t r = 0; was && !was_cont && r < sah_libview_rows(lv); r++) {
        if (strcmp(sah_library_entry(lib, entry_of_row(lv, r))->path, was) == 0) {
            lv->sel = r;
            lv->scroll = (int)r * rh - above;
            lv->scroll = lv->scroll < 0                ? 0
                         : lv->scroll > max_scroll(lv) ? max_scroll(lv)
                                                       : lv->scroll;
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
    lv->sel = 0;
    lv->scroll = 0;
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
    bool sheet = lv->sheet_drawn != sah_sheet_serial(lv->sheet);
    return lv->serial + (lv->dirty || notice || sheet ? 1 : 0);
}

/* ---- drawing ------------------------------------------------------------ */

static bool draw_empty(sah_libview_t *lv)
{
    sah_ui_t *ui = lv->ui;
    int W = lv->width, H = lv->height, pad = px(lv, PAD) * 2;
    char body[512], hint[1024];
    /* The option and the folder are values of the strings: isolated, so
     * that "--import" and a path's leading "/" stay where they are written
     * in the Arabic UI's right-to-left line. */
    sah_ui_format(body, sizeof body, sah_ui_str(ui, "library_empty_body"), "--import", NULL, NULL);
    bool ok = sah_ui_text(ui, lv->buf, SAH_UI_TITLE, sah_ui_str(ui, "library_empty_title"), pad,
                          H / 2 - px(lv, 30), W - 2 * pad, SAH_UI_CENTER) >= 0;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_BODY, body, pad, H / 2 + px(lv, 14), W - 2 * pad,
                      SAH_UI_CENTER) >= 0;
    if (lv->hint) {
        sah_ui_format(hint, sizeof hint, sah_ui_str(ui, "library_empty_hint"), lv->hint, NULL,
                      NULL);
        ok &= sah_ui_text(ui, lv->buf, SAH_UI_SMALL, hint, pad, H / 2 + px(lv, 48), W - 2 * pad,
                          SAH_UI_CENTER) >= 0;
    }
    return ok;
}

/* The header's search button, at the end edge: 48 px tall (9.2 mm). */
#define SEARCH_W 128
#define SEARCH_H 48

sah_box_t sah_libview_search_box(const sah_libview_t *lv)
{
    int h = px(lv, SEARCH_H);
    return sah_box_from_start(lv->width, !sah_ui_rtl(lv->ui), px(lv, PAD),
                              header_y(lv) + (px(lv, HEADER_H) - h) / 2 - px(lv, 2),
                              px(lv, SEARCH_W), h);
}

/* "12 articles", then the sort when it is not the shelf's and the filter's
 * value, each isolated (a source's name may be in either direction). */
static void header_count(const sah_libview_t *lv, char *out, size_t size)
{
    static const char *const sort_keys[SAH_LIBSORT_COUNT] = {
        "sort_shelf", "sort_recent", "sort_unread", "sort_source", "sort_title"};
    const sah_ui_t *ui = lv->ui;
    char n[32], count[96];
    sah_ui_number(ui, (long)lv->n_shown, n, sizeof n);
    sah_ui_format(count, sizeof count, sah_ui_plural(ui, "library_count", (long)lv->n_shown), n,
                  NULL, NULL);
    const char *fields[] = {
        count, lv->sort != SAH_LIBSORT_SHELF ? sah_ui_str(ui, sort_keys[lv->sort]) : NULL,
        lv->filter_value};
    sah_uitext_join(out, size, fields, 3);
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
    sah_box_t sb = sah_libview_search_box(lv);
    int sw = sb.w + pad;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_SMALL, count, sah_ui_rtl(ui) ? pad + sw : pad, base,
                      W - 2 * pad - sw, SAH_UI_END) >= 0;
    /* Search: a framed button with its label. */
    sah_pagebuf_fill_rect(lv->buf, sb.x, sb.y, sb.w, 1, 255);
    sah_pagebuf_fill_rect(lv->buf, sb.x, sb.y + sb.h - 1, sb.w, 1, 255);
    sah_pagebuf_fill_rect(lv->buf, sb.x, sb.y, 1, sb.h, 255);
    sah_pagebuf_fill_rect(lv->buf, sb.x + sb.w - 1, sb.y, 1, sb.h, 255);
    int sbase =
        sb.y + (sb.h + sah_ui_ascent(ui, SAH_UI_BODY) - sah_ui_descent(ui, SAH_UI_BODY)) / 2;
    ok &= sah_ui_text(ui, lv->buf, SAH_UI_BODY, sah_ui_str(ui, "search"), sb.x + 4, sbase, sb.w - 8,
                      SAH_UI_CENTER) >= 0;
    ok &= sah_ui_rect(ui, lv->buf, pad, top + px(lv, HEADER_H) - px(lv, 3), W - 2 * pad, px(lv, 2));
    return ok;
}

/* ---- thumbnails --------------------------------------------------------- */

/* The thumbnail's box: 3:2 in the row's height less its padding, and
 * only where the text keeps room for a title (false: none). */
static bool thumb_box(const sah_libview_t *lv, int *w, int *h)
{
    int inner = lv->width - 3 * px(lv, PAD);
    *h = row_geo(lv).height - px(lv, 12);
    *w = *h * 3 / 2;
    return *h >= px(lv, 24) && inner - *w - px(lv, PAD) >= px(lv, 240);
}

/* The cache's name for @e's photo. (transfer full), NULL when out of memory. */
static char *thumb_key(const sah_library_entry_t *e)
{
    size_t n = strlen(e->path) + strlen(e->photo) + 2;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s\n%s", e->path, e->photo);
    return k;
}

/* Looks @e's thumbnail up: true when known (*@img NULL: it cannot be shown). */
static bool thumb_get(sah_libview_t *lv, const sah_library_entry_t *e, int w, int h,
                      const sah_image_t **img)
{
    char *k = thumb_key(e);
    *img = NULL;
    bool known = !k || sah_imagecache_get(lv->thumbs, k, w, h, SAH_PIXFMT_ARGB32, img);
    free(k);
    return known;
}

/* Reads and decodes @e's photo into the cache; a refusal is logged once,
 * naming the article and the photo, and remembered. */
static void thumb_decode(sah_libview_t *lv, const sah_library_entry_t *e, int w, int h)
{
    sah_figure_t f = {e->photo, NULL, false};
    size_t n = 0;
    int ferr = 0;
    sah_image_error_t err = {0};
    char *bytes = sah_figure_read(e->path, &f, SAH_IMAGE_MAX_FILE_BYTES, &n, &ferr);
    sah_image_t *img =
        bytes ? sah_image_decode((const uint8_t *)bytes, n, w, h, SAH_PIXFMT_ARGB32, &err) : NULL;
    if (!img)
        sah_log("%s: photo %s: %s", e->path, e->photo,
                bytes ? err.reason : sah_figure_strerror(ferr));
    free(bytes);
    char *k = thumb_key(e);
    if (k)
        (void)sah_imagecache_put(lv->thumbs, k, w, h, SAH_PIXFMT_ARGB32, img);
    else
        sah_image_free(img);
    free(k);
}

/* Draws @e's thumbnail at (@x, @y), a placeholder until it is decoded. */
static void draw_thumb(sah_libview_t *lv, const sah_library_entry_t *e, int x, int y, int w, int h)
{
    const sah_image_t *img = NULL;
    if (!thumb_get(lv, e, w, h, &img))
        sah_image_draw_placeholder(lv->buf, x, y, w, h, NULL);
    else if (img) {
        bool drawn = sah_image_draw(img, lv->buf, x + (w - sah_image_width(img)) / 2,
                                    y + (h - sah_image_height(img)) / 2);
        (void)drawn; /* not drawn: logged, the row's text is still worth showing */
    }
}

/* The first shown row whose thumbnail is still to decode, or NULL. */
static const sah_library_entry_t *thumb_waiting(sah_libview_t *lv, int w, int h)
{
    /* The rows the view shows, partly shown ones included. */
    int rh = row_geo(lv).height;
    size_t n = sah_libview_rows(lv);
    size_t first = (size_t)(lv->scroll / rh),
           end = (size_t)((lv->scroll + view_h(lv) + rh - 1) / rh);
    for (size_t r = first; lv->lib && r < n && r < end; r++) {
        const sah_library_entry_t *e = sah_library_entry(lv->lib, entry_of_row(lv, r));
        const sah_image_t *img;
        if (e->photo && !thumb_get(lv, e, w, h, &img))
            return e;
    }
    return NULL;
}

bool sah_libview_idle(sah_libview_t *lv)
{
    int w, h;
    const sah_library_entry_t *e = thumb_box(lv, &w, &h) ? thumb_waiting(lv, w, h) : NULL;
    if (!e)
        return false;
    thumb_decode(lv, e, w, h);
    lv->dirty = true;
    return true;
}

bool sah_libview_idle_pending(sah_libview_t *lv)
{
    int w, h;
    return thumb_box(lv, &w, &h) && thumb_waiting(lv, w, h) != NULL;
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
    int tw, th;
    if (e->photo && thumb_box(lv, &tw, &th)) {
        /* The lead photo at the row's end edge (left in RTL), the text
         * beside it keeping its start edge. */
        draw_thumb(lv, e, sah_ui_rtl(ui) ? x : x + inner - tw, y + px(lv, 6), tw, th);
        if (sah_ui_rtl(ui))
            x += tw + pad;
        inner -= tw + pad;
    }
    char title[1024], meta[1024], date[64], n[32], mins[64], prog[96];

    row_geo_t rg = row_geo(lv);
    int base1 = y + rg.title_base;
    if (cont) {
        /* A line of the UI with the title in it: the UI's direction. */
        sah_ui_format(title, sizeof title, sah_ui_str(ui, "continue_reading_title"), e->title, NULL,
                      NULL);
        ok &= sah_ui_text(ui, lv->buf, SAH_UI_BOLD, title, x, base1, inner, SAH_UI_START) >= 0;
    } else {
        /* The title alone: its own direction, in either UI. */
        ok &= sah_uitext_own(ui, lv->buf, SAH_UI_BOLD, e->title, x, base1, inner) >= 0;
    }

    sah_uitext_date(ui, e->date ? e->date : "", date, sizeof date);
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
    /* Each field isolated: a source in the other direction keeps its
     * place (a row too long is cut by the drawing anyway). */
    const char *fields[] = {e->source, date, mins, prog};
    sah_uitext_join(meta, sizeof meta, fields, 4);
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
    if (lv->sheet_drawn != sah_sheet_serial(lv->sheet))
        lv->dirty = true;
    if (!lv->dirty)
        return lv->buf;
    if (!sah_pagebuf_set_theme(lv->buf, &lv->theme))
        return NULL;
    sah_pagebuf_clear(lv->buf);
    bool ok = true;
    if (!sah_libview_rows(lv)) {
        ok &= draw_empty(lv);
    } else {
        /* The rows by the pixel from the scroll; one cut by the header is
         * cleared above its edge before the header is drawn. */
        size_t n = sah_libview_rows(lv);
        int rh = row_geo(lv).height, y0 = list_top(lv);
        for (size_t r = (size_t)(lv->scroll / rh); r < n; r++) {
            int y = y0 + (int)r * rh - lv->scroll;
            if (y >= lv->height)
                break;
            ok &= draw_row(lv, r, y);
        }
        sah_pagebuf_clear_rect(lv->buf, 0, 0, lv->width, y0);
        ok &= draw_header(lv);
    }
    ok &= sah_ui_draw_notices(lv->ui, lv->buf);
    lv->sheet_drawn = sah_sheet_serial(lv->sheet);
    ok &= sah_sheet_draw(lv->sheet, lv->ui, lv->buf);
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    lv->dirty = false;
    lv->serial++;
    return lv->buf;
}
