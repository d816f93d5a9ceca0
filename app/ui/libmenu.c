/* libmenu.c - see libmenu.h. */
#include "app/ui/libmenu.h"

#include "app/content/article.h"
#include "app/ui/widget.h"
#include "platform/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field that may be in either direction (a bundle's or a source's name,
 * a file's name) between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
 * (UAX#9 X5c, X6a), as the library screen does. */
#define FSI "\xE2\x81\xA8"
#define PDI "\xE2\x81\xA9"

typedef enum {
    ROW_SORT,    /* value: the sah_libsort_t */
    ROW_ALL,     /* every article */
    ROW_BUNDLE,  /* text: the bundle */
    ROW_SOURCE,  /* text: the source */
    ROW_PROBLEMS /* the problems list */
} row_kind_t;

typedef struct {
    row_kind_t kind;
    int sort;
    char *value; /* owned: the bundle's or source's name; a problem's line */
    char *label; /* owned: what is drawn */
    bool current;
} row_t;

struct sah_libmenu {
    sah_ui_t *ui; /* not owned */
    sah_libview_t *lv;
    sah_libmenu_mode_t mode;
    int width, height;
    sah_theme_t theme;
    sah_pagebuf_t *buf;
    bool dirty;
    unsigned long serial;
    row_t *rows;
    size_t n_rows, cap_rows;
    size_t sel, top;
};

/* Layout, px at UI scale 1: as the library's (libview.c), rows above the
 * 9 mm a finger needs on the 7-inch panel. */
#define HEADER_H 56
#define ROW_H    56
#define PAD      18

static int px(const sah_libmenu_t *m, double v)
{
    return sah_ui_px(m->ui, v);
}

static int list_top(const sah_libmenu_t *m)
{
    return sah_ui_notices_height(m->ui) + px(m, HEADER_H);
}

static size_t visible_rows(const sah_libmenu_t *m)
{
    return sah_rows_visible(list_top(m), m->height, px(m, ROW_H));
}

sah_libmenu_t *sah_libmenu_new(sah_ui_t *ui, int width, int height)
{
    sah_libmenu_t *m = calloc(1, sizeof *m);
    if (!m || !(m->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height))) {
        fprintf(stderr, "sahifa: library menu: out of memory\n");
        free(m);
        return NULL;
    }
    m->ui = ui;
    m->width = width;
    m->height = height;
    m->theme = sah_theme_day;
    m->dirty = true;
    return m;
}

static void clear_rows(sah_libmenu_t *m)
{
    for (size_t i = 0; i < m->n_rows; i++) {
        free(m->rows[i].value);
        free(m->rows[i].label);
    }
    m->n_rows = 0;
}

void sah_libmenu_free(sah_libmenu_t *m)
{
    if (!m)
        return;
    clear_rows(m);
    free(m->rows);
    sah_pagebuf_free(m->buf);
    free(m);
}

/* Adds a row; @value is copied. Returns: false when out of memory. */
static bool add_row(sah_libmenu_t *m, row_kind_t kind, int sort, const char *value,
                    const char *label, bool current)
{
    if (!sah_grow((void **)&m->rows, &m->cap_rows, m->n_rows + 1, sizeof *m->rows))
        return false;
    row_t *r = &m->rows[m->n_rows];
    *r = (row_t){kind, sort, value ? strdup(value) : NULL, strdup(label), current};
    if ((value && !r->value) || !r->label) {
        free(r->value);
        free(r->label);
        return false;
    }
    m->n_rows++;
    return true;
}

static bool add_formatted(sah_libmenu_t *m, row_kind_t kind, const char *key, const char *value,
                          bool current)
{
    char label[512], field[400];
    snprintf(field, sizeof field, FSI "%s" PDI, value);
    sah_ui_format(label, sizeof label, sah_ui_str(m->ui, key), field, NULL, NULL);
    return add_row(m, kind, 0, value, label, current);
}

/* The main rows: the sorts, the filters, the problems. */
static bool build_main(sah_libmenu_t *m)
{
    static const char *const sort_keys[SAH_LIBSORT_COUNT] = {
        "sort_shelf", "sort_recent", "sort_unread", "sort_source", "sort_title"};
    const sah_library_t *lib = sah_libview_library(m->lv);
    sah_libfilter_t f = sah_libview_filter(m->lv);
    bool ok = true;
    for (int s = 0; ok && s < SAH_LIBSORT_COUNT; s++) {
        char label[256];
        snprintf(label, sizeof label, "%s: %s", sah_ui_str(m->ui, "sort_by"),
                 sah_ui_str(m->ui, sort_keys[s]));
        ok = add_row(m, ROW_SORT, s, NULL, label, (int)sah_libview_sort(m->lv) == s);
    }
    ok = ok &&
         add_row(m, ROW_ALL, 0, NULL, sah_ui_str(m->ui, "filter_all"), f.kind == SAH_LIBFILTER_ALL);
    const char *v[SAH_LIBMENU_MAX_VALUES];
    for (int k = SAH_LIBFILTER_BUNDLE; ok && lib && k <= SAH_LIBFILTER_SOURCE; k++) {
        size_t n = sah_libsort_values(lib, (sah_libfilter_kind_t)k, v, SAH_LIBMENU_MAX_VALUES);
        for (size_t i = 0; ok && i < n && i < SAH_LIBMENU_MAX_VALUES; i++)
            ok = add_formatted(m, k == SAH_LIBFILTER_BUNDLE ? ROW_BUNDLE : ROW_SOURCE,
                               k == SAH_LIBFILTER_BUNDLE ? "filter_bundle" : "filter_source", v[i],
                               (int)f.kind == k && f.value && !strcmp(f.value, v[i]));
    }
    size_t np = lib ? sah_library_n_problems(lib) : 0;
    char label[256], n[32];
    sah_ui_number(m->ui, (long)np, n, sizeof n);
    sah_ui_format(label, sizeof label, sah_ui_str(m->ui, np ? "problems" : "problems_none"), n,
                  NULL, NULL);
    return ok && add_row(m, ROW_PROBLEMS, 0, NULL, label, false);
}

/* @why in the UI's language when it is one of the loader's reasons (the
 * same words as when the file is opened directly), else as it is. */
static const char *local_why(const sah_libmenu_t *m, const char *why)
{
    static const struct {
        sah_article_status_t st;
        const char *key;
    } known[] = {
        {SAH_ARTICLE_ERR_IO, "why_io"},
        {SAH_ARTICLE_ERR_EMPTY, "why_empty"},
        {SAH_ARTICLE_ERR_TOO_LARGE, "why_too_large"},
        {SAH_ARTICLE_ERR_BINARY, "why_binary"},
        {SAH_ARTICLE_ERR_ENCODING, "why_encoding"},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(why, sah_article_status_string(known[i].st)))
            return sah_ui_str(m->ui, known[i].key);
    return why;
}

/* The problems: "name: why", the file's folder left out (the line is one
 * row; the whole path is on stderr and in --list). */
static bool build_problems(sah_libmenu_t *m)
{
    const sah_library_t *lib = sah_libview_library(m->lv);
    bool ok = true;
    for (size_t i = 0; ok && lib && i < sah_library_n_problems(lib); i++) {
        const char *line = sah_library_problem(lib, i);
        const char *why = strstr(line, ": ");
        size_t end = why ? (size_t)(why - line) : strlen(line);
        size_t start = end;
        while (start > 0 && line[start - 1] != '/')
            start--;
        char label[1024];
        snprintf(label, sizeof label, FSI "%.*s" PDI ": " FSI "%s" PDI, (int)(end - start),
                 line + start, local_why(m, why ? why + 2 : ""));
        ok = add_row(m, ROW_PROBLEMS, 0, line, label, false);
    }
    return ok;
}

bool sah_libmenu_open(sah_libmenu_t *m, sah_libmenu_mode_t mode, sah_libview_t *lv)
{
    clear_rows(m);
    m->lv = lv;
    m->mode = mode;
    m->sel = m->top = 0;
    m->dirty = true;
    bool ok = mode == SAH_LIBMENU_PROBLEMS ? build_problems(m) : build_main(m);
    if (!ok) {
        fprintf(stderr, "sahifa: library menu: out of memory\n");
        sah_libmenu_close(m);
    }
    /* The row of what is chosen now, selected. */
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->rows[i].current && m->rows[i].kind != ROW_SORT) {
            m->sel = i;
            break;
        }
    }
    m->top = sah_rows_keep_shown(m->sel, 0, visible_rows(m));
    return ok;
}

void sah_libmenu_close(sah_libmenu_t *m)
{
    clear_rows(m);
    m->mode = SAH_LIBMENU_CLOSED;
    m->dirty = true;
}

sah_libmenu_mode_t sah_libmenu_mode(const sah_libmenu_t *m)
{
    return m->mode;
}

size_t sah_libmenu_rows(const sah_libmenu_t *m)
{
    return m->n_rows;
}

size_t sah_libmenu_selection(const sah_libmenu_t *m)
{
    return m->sel;
}

static sah_libmenu_result_t move(sah_libmenu_t *m, long delta)
{
    if (!m->n_rows)
        return SAH_LIBMENU_RES_IGNORED;
    size_t old = m->sel, old_top = m->top;
    long s = (long)m->sel + delta;
    m->sel = s < 0 ? 0 : (size_t)s >= m->n_rows ? m->n_rows - 1 : (size_t)s;
    m->top = sah_rows_keep_shown(m->sel, m->top, visible_rows(m));
    bool moved = old != m->sel || old_top != m->top;
    m->dirty |= moved;
    return moved ? SAH_LIBMENU_RES_CHANGED : SAH_LIBMENU_RES_IGNORED;
}

/* Enter on the selected row. */
static sah_libmenu_result_t choose(sah_libmenu_t *m)
{
    if (m->mode != SAH_LIBMENU_MAIN || !m->n_rows)
        return SAH_LIBMENU_RES_IGNORED;
    const row_t *r = &m->rows[m->sel];
    sah_libfilter_t f = sah_libview_filter(m->lv);
    sah_libsort_t sort = sah_libview_sort(m->lv);
    switch (r->kind) {
    case ROW_PROBLEMS: {
        const sah_library_t *lib = sah_libview_library(m->lv);
        if (!lib || !sah_library_n_problems(lib))
            return SAH_LIBMENU_RES_IGNORED;
        return sah_libmenu_open(m, SAH_LIBMENU_PROBLEMS, m->lv) ? SAH_LIBMENU_RES_CHANGED
                                                                : SAH_LIBMENU_RES_CLOSED;
    }
    case ROW_SORT:
        sort = (sah_libsort_t)r->sort;
        break;
    case ROW_ALL:
        f = (sah_libfilter_t){SAH_LIBFILTER_ALL, NULL};
        break;
    default:
        f = (sah_libfilter_t){r->kind == ROW_BUNDLE ? SAH_LIBFILTER_BUNDLE : SAH_LIBFILTER_SOURCE,
                              r->value};
        break;
    }
    /* The filter's value is the view's own: copied before it is replaced. */
    char *value = f.value ? strdup(f.value) : NULL;
    f.value = value;
    if ((f.kind == SAH_LIBFILTER_ALL || value) && !sah_libview_set_order(m->lv, sort, &f))
        fprintf(stderr, "sahifa: library: out of memory\n");
    free(value);
    sah_libmenu_close(m);
    return SAH_LIBMENU_RES_CLOSED;
}

sah_libmenu_result_t sah_libmenu_do(sah_libmenu_t *m, sah_action_t act, int wheel)
{
    long page = (long)visible_rows(m);
    switch (act) {
    case SAH_ACT_UP:
    case SAH_ACT_DOWN:
        return move(m, act == SAH_ACT_UP ? -1 : 1);
    case SAH_ACT_PAGE_UP:
    case SAH_ACT_PAGE_DOWN:
        return move(m, act == SAH_ACT_PAGE_UP ? -page : page);
    case SAH_ACT_FIRST:
    case SAH_ACT_LAST:
        return move(m, act == SAH_ACT_FIRST ? -(long)m->n_rows : (long)m->n_rows);
    case SAH_ACT_SCROLL:
        return move(m, -wheel);
    case SAH_ACT_SELECT:
        return choose(m);
    case SAH_ACT_BACK:
        if (m->mode == SAH_LIBMENU_PROBLEMS && m->lv)
            return sah_libmenu_open(m, SAH_LIBMENU_MAIN, m->lv) ? SAH_LIBMENU_RES_CHANGED
                                                                : SAH_LIBMENU_RES_CLOSED;
        sah_libmenu_close(m);
        return SAH_LIBMENU_RES_CLOSED;
    default:
        return SAH_LIBMENU_RES_IGNORED;
    }
}

sah_libmenu_result_t sah_libmenu_tap(sah_libmenu_t *m, int x, int y)
{
    (void)x;
    long vis = sah_rows_hit(y, list_top(m), px(m, ROW_H), visible_rows(m));
    if (vis < 0 || m->top + (size_t)vis >= m->n_rows) {
        /* The header: back, as Esc. */
        return y < list_top(m) ? sah_libmenu_do(m, SAH_ACT_BACK, 0) : SAH_LIBMENU_RES_IGNORED;
    }
    m->sel = m->top + (size_t)vis;
    m->dirty = true;
    sah_libmenu_result_t r = choose(m);
    return r == SAH_LIBMENU_RES_IGNORED ? SAH_LIBMENU_RES_CHANGED : r;
}

void sah_libmenu_set_theme(sah_libmenu_t *m, const sah_theme_t *theme)
{
    m->theme = *theme;
    m->dirty = true;
}

bool sah_libmenu_resize(sah_libmenu_t *m, int width, int height)
{
    if (width == m->width && height == m->height)
        return true;
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height);
    if (!b)
        return false;
    sah_pagebuf_free(m->buf);
    m->buf = b;
    m->width = width;
    m->height = height;
    m->top = sah_rows_keep_shown(m->sel, m->top, visible_rows(m));
    m->dirty = true;
    return true;
}

unsigned long sah_libmenu_serial(const sah_libmenu_t *m)
{
    return m->serial + (m->dirty ? 1 : 0);
}

static bool draw_header(sah_libmenu_t *m)
{
    sah_ui_t *ui = m->ui;
    int W = m->width, pad = px(m, PAD), top = sah_ui_notices_height(ui);
    int base = top + px(m, HEADER_H) / 2 + sah_ui_ascent(ui, SAH_UI_TITLE) / 2 - px(m, 2);
    char title[256], n[32];
    if (m->mode == SAH_LIBMENU_PROBLEMS) {
        sah_ui_number(ui, (long)m->n_rows, n, sizeof n);
        sah_ui_format(title, sizeof title, sah_ui_str(ui, "problems"), n, NULL, NULL);
    } else {
        snprintf(title, sizeof title, "%s", sah_ui_str(ui, "library_menu"));
    }
    bool ok =
        sah_ui_text(ui, m->buf, SAH_UI_TITLE, title, pad, base, W - 2 * pad, SAH_UI_START) >= 0;
    ok &= sah_ui_rect(ui, m->buf, pad, top + px(m, HEADER_H) - px(m, 3), W - 2 * pad, px(m, 2));
    return ok;
}

static bool draw_row(sah_libmenu_t *m, size_t i, int y)
{
    sah_ui_t *ui = m->ui;
    const row_t *r = &m->rows[i];
    int W = m->width, pad = px(m, PAD), h = px(m, ROW_H);
    int x = sah_ui_rtl(ui) ? pad : 2 * pad;
    int base = y + h / 2 + sah_ui_ascent(ui, SAH_UI_BODY) / 2 - px(m, 2);
    /* What is chosen now: bold. */
    bool ok = sah_ui_text(ui, m->buf, r->current ? SAH_UI_BOLD : SAH_UI_BODY, r->label, x, base,
                          W - 3 * pad, SAH_UI_START) >= 0;
    if (i == m->sel && m->mode == SAH_LIBMENU_MAIN) /* the selection: a bar at the start edge */
        ok &= sah_ui_rect(ui, m->buf, sah_ui_rtl(ui) ? W - px(m, 8) : px(m, 4), y + px(m, 8),
                          px(m, 4), h - px(m, 16));
    return ok;
}

const sah_pagebuf_t *sah_libmenu_frame(sah_libmenu_t *m)
{
    if (!m->dirty)
        return m->buf;
    if (!sah_pagebuf_set_theme(m->buf, &m->theme))
        return NULL;
    sah_pagebuf_clear(m->buf);
    bool ok = sah_ui_draw_notices(m->ui, m->buf) && draw_header(m);
    size_t vis = visible_rows(m);
    for (size_t r = m->top; r < m->n_rows && r < m->top + vis; r++)
        ok &= draw_row(m, r, list_top(m) + (int)(r - m->top) * px(m, ROW_H));
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    m->dirty = false;
    m->serial++;
    return m->buf;
}
