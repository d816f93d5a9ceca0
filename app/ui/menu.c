/* menu.c - see menu.h. */
#include "app/ui/menu.h"
#include "app/ui/uitext.h"
#include "app/ui/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layout, px at UI scale 1. A tap target is at least 52 px: 10 mm on the
 * 7-inch 800x480 panel (about 5.2 px/mm), above the 9 mm a finger needs. */
#define HEADER_H   60
#define TAP        52 /* the smallest tap target */
#define ROW_H      54 /* a setting's row: five and two rows of buttons in 480 px */
#define LIST_ROW_H 64 /* a bookmark's row */
#define PAD        18
#define GAP        8
#define STEP_W     64  /* a stepper's - and + */
#define VALUE_W    220 /* the value between them (less on a narrow screen) */
#define BACK_W     128
#define DEL_W      96
#define NOTE_W     96
#define KEY_H      60  /* the number pad's keys */
#define MIN_BTN_W  140 /* an action button, for the number of columns */

typedef sah_box_t box_t;

struct sah_menu {
    sah_ui_t *ui; /* not owned */
    int width, height;
    int scroll; /* the list's px scrolled above its view (a finger moves it by the pixel) */
    bool locked;
    sah_pagebuf_t *buf;
    bool dirty;
    unsigned long serial;

    sah_menu_mode_t mode, parent; /* parent: where Esc goes (CLOSED or MAIN) */
    sah_reader_t *reader;         /* not owned */
    sah_persist_t *persist;       /* not owned */
    char hash[65];

    size_t sel;
    sah_store_bookmark_t *bms;
    size_t *pages; /* one per bookmark */
    size_t n_bms;
    const sah_toc_t *toc; /* the contents: the reader's, not owned */
    size_t *toc_pages;    /* owned: one per entry */
    long toc_cur;         /* the section the page starts in, -1: before the first */
    sah_sheet_t *sheet;   /* owned: a row's actions (a long press) */
    unsigned long sheet_drawn;
    sah_store_bookmark_t deleted; /* the last one deleted, owned: undo */
    bool has_deleted;
    long go_value; /* go to page: the number typed, 1-based */
    bool go_fresh; /* the next digit replaces it */
};

static int px(const sah_menu_t *m, double v)
{
    return sah_ui_px(m->ui, v);
}

/* A box given from the UI's start edge, in window coordinates. */
static box_t place(const sah_menu_t *m, int x_from_start, int y, int w, int h)
{
    return sah_box_from_start(m->width, sah_ui_rtl(m->ui), x_from_start, y, w, h);
}

/* ---- lifecycle ---------------------------------------------------------- */

sah_menu_t *sah_menu_new(sah_ui_t *ui, int width, int height)
{
    sah_menu_t *m = calloc(1, sizeof *m);
    if (!m || !(m->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height)) ||
        !(m->sheet = sah_sheet_new())) {
        fprintf(stderr, "sahifa: menu: out of memory\n");
        if (m)
            sah_pagebuf_free(m->buf);
        free(m);
        return NULL;
    }
    m->ui = ui;
    m->width = width;
    m->height = height;
    m->dirty = true;
    return m;
}

static void drop_bookmarks(sah_menu_t *m)
{
    sah_store_bookmarks_free(m->bms, m->n_bms);
    free(m->pages);
    m->bms = NULL;
    m->pages = NULL;
    m->n_bms = 0;
}

static void drop_deleted(sah_menu_t *m)
{
    free(m->deleted.hash);
    free(m->deleted.title);
    free(m->deleted.snippet);
    free(m->deleted.note);
    memset(&m->deleted, 0, sizeof m->deleted);
    m->has_deleted = false;
}

void sah_menu_free(sah_menu_t *m)
{
    if (!m)
        return;
    drop_deleted(m);
    drop_bookmarks(m);
    free(m->toc_pages);
    sah_sheet_free(m->sheet);
    sah_pagebuf_free(m->buf);
    free(m);
}

bool sah_menu_resize(sah_menu_t *m, int width, int height)
{
    if (width == m->width && height == m->height)
        return true;
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height);
    if (!b) {
        fprintf(stderr, "sahifa: menu: out of memory for a %dx%d screen\n", width, height);
        return false;
    }
    sah_pagebuf_free(m->buf);
    m->buf = b;
    m->width = width;
    m->height = height;
    m->scroll = 0;
    m->dirty = true;
    return true;
}

void sah_menu_set_locked(sah_menu_t *m, bool locked)
{
    m->locked = locked;
    m->dirty = true;
}

/* ---- bookmarks ---------------------------------------------------------- */

/* A bookmark's row: snippet and page on two lines, from the fonts' own
 * metrics (the Arabic UI font is tall), at least LIST_ROW_H. */
static int list_h(const sah_menu_t *m)
{
    const sah_ui_t *ui = m->ui;
    int h = px(m, 12) + sah_ui_ascent(ui, SAH_UI_BODY) + sah_ui_descent(ui, SAH_UI_BODY) +
            sah_ui_ascent(ui, SAH_UI_SMALL) + sah_ui_descent(ui, SAH_UI_SMALL);
    return h > px(m, LIST_ROW_H) ? h : px(m, LIST_ROW_H);
}

static size_t list_rows(const sah_menu_t *m)
{
    return sah_rows_visible(px(m, HEADER_H), m->height, list_h(m));
}

/* The rows of the list shown (bookmarks or contents), 0 elsewhere. */
static size_t list_n(const sah_menu_t *m)
{
    return m->mode == SAH_MENU_MODE_BOOKMARKS  ? m->n_bms
           : m->mode == SAH_MENU_MODE_CONTENTS ? sah_toc_count(m->toc)
                                               : 0;
}

static int list_view_h(const sah_menu_t *m)
{
    int h = m->height - px(m, HEADER_H);
    return h > 0 ? h : 0;
}

static int max_scroll(const sah_menu_t *m)
{
    int v = (int)list_n(m) * list_h(m) - list_view_h(m);
    return v > 0 ? v : 0;
}

/* Scrolls as little as keeps the selected row whole in view. */
static void scroll_to_sel(sah_menu_t *m)
{
    int lh = list_h(m), top = (int)m->sel * lh;
    if (top < m->scroll)
        m->scroll = top;
    else if (top + lh > m->scroll + list_view_h(m))
        m->scroll = top + lh - list_view_h(m);
    m->scroll = m->scroll < 0 ? 0 : m->scroll > max_scroll(m) ? max_scroll(m) : m->scroll;
}

/* Reads the article's bookmarks from the store, their pages from the
 * reader, and shows them as ribbons too (the store is the truth). */
static bool load_bookmarks(sah_menu_t *m)
{
    sah_store_bookmark_t *l = NULL;
    size_t n = 0;
    drop_bookmarks(m);
    if (!m->persist || !m->hash[0] || !sah_persist_list_bookmarks(m->persist, m->hash, &l, &n))
        n = 0;
    size_t *pages = calloc(n ? n : 1, sizeof *pages);
    uint32_t *offs = calloc(n ? n : 1, sizeof *offs);
    bool ok = pages && offs;
    const sah_article_t *a = sah_reader_article(m->reader);
    for (size_t i = 0; ok && i < n; i++) {
        /* The store keeps places in the file as read (a web page's source,
         * article.h); the reader and this list, in the article's text. */
        if (a)
            l[i].offset = (int64_t)sah_article_text_offset(a, (size_t)l[i].offset);
        offs[i] = (uint32_t)l[i].offset; /* within SAH_STORE_OFFSET_MAX (persist.h) */
        pages[i] = sah_reader_page_of_offset(m->reader, offs[i]);
        if (!l[i].snippet || !l[i].snippet[0]) {
            /* Imported without one: the text at the place. */
            char *s = sah_reader_snippet(m->reader, offs[i], 200);
            if (s) {
                free(l[i].snippet);
                l[i].snippet = s;
            }
        }
    }
    ok = ok && sah_reader_set_bookmarks(m->reader, offs, n);
    free(offs);
    if (!ok) {
        fprintf(stderr, "sahifa: menu: out of memory listing bookmarks\n");
        sah_store_bookmarks_free(l, n);
        free(pages);
        return false;
    }
    m->bms = l;
    m->pages = pages;
    m->n_bms = n;
    if (m->sel >= n)
        m->sel = n ? n - 1 : 0;
    scroll_to_sel(m);
    m->dirty = true;
    return true;
}

size_t sah_menu_n_bookmarks(const sah_menu_t *m)
{
    return m->mode == SAH_MENU_MODE_BOOKMARKS ? m->n_bms : 0;
}

bool sah_menu_bookmark(const sah_menu_t *m, size_t i, uint32_t *offset, size_t *page,
                       const char **snippet)
{
    if (i >= sah_menu_n_bookmarks(m))
        return false;
    if (offset)
        *offset = (uint32_t)m->bms[i].offset;
    if (page)
        *page = m->pages[i];
    if (snippet)
        *snippet = m->bms[i].snippet ? m->bms[i].snippet : "";
    return true;
}

static sah_menu_result_t delete_bookmark(sah_menu_t *m, size_t i)
{
    if (i >= m->n_bms || !m->persist)
        return SAH_MENU_RES_IGNORED;
    if (!sah_persist_delete_bookmark(m->persist, m->bms[i].id))
        return SAH_MENU_RES_IGNORED;
    /* Kept whole for undo: the list's copy goes with the reload. */
    drop_deleted(m);
    m->deleted = m->bms[i];
    m->bms[i] = (sah_store_bookmark_t){0};
    m->has_deleted = true;
    m->sel = i;
    load_bookmarks(m); /* on failure the list is empty: still the truth to show */
    return SAH_MENU_RES_DELETED;
}

const sah_store_bookmark_t *sah_menu_deleted(const sah_menu_t *m)
{
    return m->has_deleted ? &m->deleted : NULL;
}

bool sah_menu_bookmark_note(const sah_menu_t *m, size_t i, int64_t *id, const char **note)
{
    if (i >= sah_menu_n_bookmarks(m))
        return false;
    if (id)
        *id = m->bms[i].id;
    if (note)
        *note = m->bms[i].note;
    return true;
}

bool sah_menu_reload(sah_menu_t *m)
{
    return m->mode == SAH_MENU_MODE_BOOKMARKS ? load_bookmarks(m) : true;
}

/* To the page where section @i starts, the menu closed. */
static sah_menu_result_t jump_section(sah_menu_t *m, size_t i)
{
    const sah_toc_entry_t *e = sah_toc_entry(m->toc, i);
    if (!e)
        return SAH_MENU_RES_IGNORED;
    sah_reader_goto_offset(m->reader, (uint32_t)e->offset);
    m->mode = SAH_MENU_MODE_CLOSED;
    return SAH_MENU_RES_CLOSED;
}

static sah_menu_result_t jump_bookmark(sah_menu_t *m, size_t i)
{
    if (i >= m->n_bms)
        return SAH_MENU_RES_IGNORED;
    sah_reader_goto_offset(m->reader, (uint32_t)m->bms[i].offset);
    m->mode = SAH_MENU_MODE_CLOSED;
    return SAH_MENU_RES_CLOSED;
}

/* ---- opening and closing ------------------------------------------------ */

/* The contents: each entry's page at the reader's geometry, and the
 * section the page starts in selected. */
static bool load_contents(sah_menu_t *m)
{
    (void)sah_reader_settle(m->reader); /* the whole article's sections; logged */
    m->toc = sah_reader_toc(m->reader);
    size_t n = sah_toc_count(m->toc);
    size_t *pages = calloc(n ? n : 1, sizeof *pages);
    if (!pages) {
        fprintf(stderr, "sahifa: menu: out of memory listing the contents\n");
        m->toc = NULL;
        return false;
    }
    for (size_t i = 0; i < n; i++)
        pages[i] = sah_reader_page_of_offset(m->reader, (uint32_t)sah_toc_entry(m->toc, i)->offset);
    free(m->toc_pages);
    m->toc_pages = pages;
    uint32_t start, end;
    sah_reader_page_bytes(m->reader, &start, &end);
    m->toc_cur = sah_toc_at(m->toc, start);
    m->sel = m->toc_cur > 0 ? (size_t)m->toc_cur : 0;
    scroll_to_sel(m);
    return true;
}

static void enter(sah_menu_t *m, sah_menu_mode_t mode)
{
    m->mode = mode;
    m->sel = 0;
    m->scroll = 0;
    m->dirty = true;
    sah_sheet_close(m->sheet);
    if (mode == SAH_MENU_MODE_CONTENTS)
        (void)load_contents(m); /* logged: an empty list then */
    if (mode == SAH_MENU_MODE_BOOKMARKS) {
        load_bookmarks(m);
        /* Start at the first bookmark from the current page on. */
        uint32_t s, e;
        sah_reader_page_bytes(m->reader, &s, &e);
        for (m->sel = 0; m->sel + 1 < m->n_bms && m->bms[m->sel].offset < s; m->sel++)
            ;
        scroll_to_sel(m);
    } else if (mode == SAH_MENU_MODE_GOTO) {
        m->go_value = (long)sah_reader_page(m->reader) + 1;
        m->go_fresh = true;
    }
}

bool sah_menu_open(sah_menu_t *m, sah_menu_mode_t mode, sah_reader_t *reader,
                   sah_persist_t *persist, const char *hash)
{
    if (mode == SAH_MENU_MODE_CLOSED) {
        sah_menu_close(m);
        return true;
    }
    if (!reader || !sah_reader_has_article(reader))
        return false;
    m->reader = reader;
    m->persist = persist;
    snprintf(m->hash, sizeof m->hash, "%s", hash ? hash : "");
    m->parent = SAH_MENU_MODE_CLOSED;
    enter(m, mode);
    return true;
}

sah_menu_mode_t sah_menu_mode(const sah_menu_t *m)
{
    return m->mode;
}

void sah_menu_close(sah_menu_t *m)
{
    m->mode = SAH_MENU_MODE_CLOSED;
    sah_sheet_close(m->sheet);
    drop_bookmarks(m);
}

/* Esc: a screen opened from the menu goes back to it, else the reader. */
static sah_menu_result_t back(sah_menu_t *m)
{
    if (m->mode != SAH_MENU_MODE_MAIN && m->parent == SAH_MENU_MODE_MAIN) {
        size_t from = m->mode == SAH_MENU_MODE_BOOKMARKS  ? SAH_MENU_ITEM_BOOKMARKS
                      : m->mode == SAH_MENU_MODE_CONTENTS ? SAH_MENU_ITEM_CONTENTS
                                                          : SAH_MENU_ITEM_GOTO;
        enter(m, SAH_MENU_MODE_MAIN);
        m->parent = SAH_MENU_MODE_CLOSED;
        m->sel = from;
        return SAH_MENU_RES_CHANGED;
    }
    m->mode = SAH_MENU_MODE_CLOSED;
    drop_bookmarks(m);
    return SAH_MENU_RES_CLOSED;
}

static sah_menu_result_t open_child(sah_menu_t *m, sah_menu_mode_t mode)
{
    m->parent = m->mode == SAH_MENU_MODE_MAIN ? SAH_MENU_MODE_MAIN : m->parent;
    enter(m, mode);
    return SAH_MENU_RES_CHANGED;
}

/* ---- settings ----------------------------------------------------------- */

/* Field by field: memcmp would compare the struct's padding too. */
static bool same_settings(const sah_reader_settings_t *a, const sah_reader_settings_t *b)
{
    return a->font_step == b->font_step && a->spacing_step == b->spacing_step &&
           a->theme == b->theme && a->digits == b->digits && a->justify == b->justify &&
           a->kashida == b->kashida;
}

/* Justification as one choice of four: ragged, then justified by spaces
 * only, with kashida, with strong kashida. */
static int justify_choice(const sah_reader_settings_t *s)
{
    return !s->justify                        ? 0
           : s->kashida == SAH_KASHIDA_OFF    ? 1
           : s->kashida == SAH_KASHIDA_STRONG ? 3
                                              : 2;
}

static void set_justify_choice(sah_reader_settings_t *s, int c)
{
    static const sah_kashida_t k[4] = {SAH_KASHIDA_OFF, SAH_KASHIDA_OFF, SAH_KASHIDA_MODERATE,
                                       SAH_KASHIDA_STRONG};
    s->justify = c != 0;
    if (c != 0) /* ragged keeps the kashida chosen, for the way back */
        s->kashida = k[c & 3];
}

static int step(int v, int d, int n, bool wrap)
{
    v += d;
    if (wrap)
        return ((v % n) + n) % n;
    return v < 0 ? 0 : v >= n ? n - 1 : v;
}

/* Changes setting @item by @d (+1 more, -1 less); @wrap: past the last
 * value comes the first (Enter cycles). Choices always wrap. */
static sah_menu_result_t adjust(sah_menu_t *m, int item, int d, bool wrap)
{
    if (item < 0 || item >= SAH_MENU_N_SETTINGS || (m->locked && item != SAH_MENU_ITEM_FONT))
        return SAH_MENU_RES_IGNORED;
    sah_reader_settings_t old, s;
    sah_reader_settings(m->reader, &old);
    s = old;
    switch (item) {
    case SAH_MENU_ITEM_FONT:
        s.font_step = step(s.font_step, d, SAH_READER_FONT_STEPS, wrap);
        break;
    case SAH_MENU_ITEM_SPACING:
        s.spacing_step = step(s.spacing_step, d, SAH_READER_SPACING_STEPS, wrap);
        break;
    case SAH_MENU_ITEM_THEME:
        s.theme = (sah_theme_id_t)step((int)s.theme, d, SAH_THEME_COUNT, true);
        break;
    case SAH_MENU_ITEM_DIGITS: /* as written, Arabic-Indic, Western */
        s.digits = (sah_digits_t)step((int)s.digits, d, 3, true);
        break;
    default:
        set_justify_choice(&s, step(justify_choice(&s), d, 4, true));
        break;
    }
    if (same_settings(&s, &old))
        return SAH_MENU_RES_IGNORED; /* at an end of the range */
    if (!sah_reader_set_settings(m->reader, &s))
        return SAH_MENU_RES_IGNORED; /* logged; the old settings stay */
    sah_reader_settings(m->reader, &s);
    if (m->persist)
        sah_menu_settings_save(m->persist, &old, &s);
    m->dirty = true;
    return SAH_MENU_RES_CHANGED;
}

static const char *const theme_names[SAH_THEME_COUNT] = {"light", "dark", "sepia"};

/* A stored number (written with "%g"); 0 when @v is not a positive number. */
static double positive_number(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    return end != v && !*end && x > 0 ? x : 0;
}

/* "latin" is how Western digits were stored when the setting was the
 * UI's only. */
int sah_menu_digits_parse(const char *v)
{
    return v && !strcmp(v, "latin") ? SAH_DIGITS_WESTERN : sah_digits_from_name(v);
}

int sah_menu_kashida_parse(const char *v)
{
    return sah_kashida_from_name(v);
}

void sah_menu_settings_load(sah_persist_t *p, sah_reader_settings_t *s)
{
    char *v;
    int k;
    *s = (sah_reader_settings_t)SAH_READER_SETTINGS_INIT;
    if (!p)
        return;
    double x;
    if ((v = sah_persist_get_setting(p, "font_size")) && (x = positive_number(v)) > 0)
        s->font_step = sah_reader_font_step_for(x);
    free(v);
    if ((v = sah_persist_get_setting(p, "line_spacing")) && (x = positive_number(v)) > 0)
        s->spacing_step = sah_reader_spacing_step_for(x);
    free(v);
    if ((v = sah_persist_get_setting(p, "theme")))
        for (int i = 0; i < SAH_THEME_COUNT; i++)
            if (!strcmp(v, theme_names[i]))
                s->theme = (sah_theme_id_t)i;
    free(v);
    if ((k = sah_menu_digits_parse(v = sah_persist_get_setting(p, "digits"))) >= 0)
        s->digits = (sah_digits_t)k;
    free(v);
    if ((v = sah_persist_get_setting(p, "justify")) && (!strcmp(v, "true") || !strcmp(v, "false")))
        s->justify = !strcmp(v, "true");
    free(v);
    if ((k = sah_menu_kashida_parse(v = sah_persist_get_setting(p, "kashida"))) >= 0)
        s->kashida = (sah_kashida_t)k;
    free(v);
}

bool sah_menu_settings_save(sah_persist_t *p, const sah_reader_settings_t *old,
                            const sah_reader_settings_t *s)
{
    char buf[32];
    bool ok = true;
    if (!old || old->font_step != s->font_step) {
        snprintf(buf, sizeof buf, "%g", sah_reader_font_px(s->font_step));
        ok &= sah_persist_set_setting(p, "font_size", buf);
    }
    if (!old || old->spacing_step != s->spacing_step) {
        snprintf(buf, sizeof buf, "%g", sah_reader_spacing(s->spacing_step));
        ok &= sah_persist_set_setting(p, "line_spacing", buf);
    }
    if (!old || old->theme != s->theme)
        ok &= sah_persist_set_setting(p, "theme", theme_names[s->theme % SAH_THEME_COUNT]);
    if (!old || old->digits != s->digits)
        ok &= sah_persist_set_setting(p, "digits", sah_digits_name(s->digits));
    if (!old || old->justify != s->justify)
        ok &= sah_persist_set_setting(p, "justify", s->justify ? "true" : "false");
    if (!old || old->kashida != s->kashida)
        ok &= sah_persist_set_setting(p, "kashida", sah_kashida_name(s->kashida));
    return ok;
}

/* ---- go to page --------------------------------------------------------- */

static long page_count(const sah_menu_t *m)
{
    return (long)sah_reader_page_count(m->reader);
}

long sah_menu_goto_value(const sah_menu_t *m)
{
    return m->go_value;
}

static sah_menu_result_t go_key(sah_menu_t *m, int key)
{
    long n = page_count(m), v = m->go_value;
    if (key >= 0 && key <= 9) {
        v = m->go_fresh ? key : v * 10 + key;
        if (v > 999999)
            return SAH_MENU_RES_IGNORED;
        m->go_fresh = false;
    } else if (key == SAH_MENU_KEY_ERASE) {
        v /= 10;
        m->go_fresh = false;
    } else if (key == SAH_MENU_KEY_MINUS10 || key == SAH_MENU_KEY_PLUS10) {
        v += key == SAH_MENU_KEY_PLUS10 ? 10 : -10;
        v = v < 1 ? 1 : v > n ? n : v;
        m->go_fresh = true;
    } else if (key == SAH_MENU_KEY_GO) {
        v = v < 1 ? 1 : v > n ? n : v;
        sah_reader_goto(m->reader, (size_t)v - 1);
        m->mode = SAH_MENU_MODE_CLOSED;
        return SAH_MENU_RES_CLOSED;
    } else {
        return SAH_MENU_RES_IGNORED;
    }
    m->go_value = v;
    m->dirty = true;
    return SAH_MENU_RES_CHANGED;
}

/* Up/Down and PageUp/PageDown: a step from the number shown, kept in range. */
static sah_menu_result_t go_step(sah_menu_t *m, long d)
{
    long n = page_count(m), v = m->go_value + d;
    m->go_value = v < 1 ? 1 : v > n ? n : v;
    m->go_fresh = true;
    m->dirty = true;
    return SAH_MENU_RES_CHANGED;
}

/* ---- where things are --------------------------------------------------- */

static box_t back_box(const sah_menu_t *m)
{
    int h = px(m, TAP);
    return place(m, m->width - px(m, PAD) - px(m, BACK_W), (px(m, HEADER_H) - h) / 2, px(m, BACK_W),
                 h);
}

static box_t setting_row(const sah_menu_t *m, int i)
{
    return place(m, px(m, PAD), px(m, HEADER_H) + i * px(m, ROW_H), m->width - 2 * px(m, PAD),
                 px(m, ROW_H));
}

/* The value's width: VALUE_W, but the label keeps 35% of a narrow screen. */
static int value_w(const sah_menu_t *m)
{
    int vw = px(m, VALUE_W), most = (m->width - 2 * px(m, PAD)) * 65 / 100 - 2 * px(m, STEP_W);
    return vw < most ? vw : most > px(m, 60) ? most : px(m, 60);
}

/* The stepper of setting @i: [less] value [more], "more" outermost. */
static box_t stepper(const sah_menu_t *m, int i, sah_menu_part_t part)
{
    int end = m->width - px(m, PAD), sw = px(m, STEP_W), vw = value_w(m);
    int y = px(m, HEADER_H) + i * px(m, ROW_H) + (px(m, ROW_H) - px(m, TAP)) / 2;
    int x = part == SAH_MENU_PART_MORE   ? end - sw
            : part == SAH_MENU_PART_LESS ? end - 2 * sw - vw
                                         : end - sw - vw;
    return place(m, x, y, part == SAH_MENU_PART_ROW ? vw : sw, px(m, TAP));
}

/* As many columns as fit, then as few as give the same number of rows:
 * six buttons in two rows of three, not five and one. */
static int action_cols(const sah_menu_t *m)
{
    int n = SAH_MENU_ITEM_COUNT - SAH_MENU_N_SETTINGS;
    int c = (m->width - 2 * px(m, PAD) + px(m, GAP)) / (px(m, MIN_BTN_W) + px(m, GAP));
    c = c < 1 ? 1 : c > n ? n : c;
    int rows = (n + c - 1) / c;
    return (n + rows - 1) / rows;
}

static box_t action_box(const sah_menu_t *m, int item)
{
    int k = item - SAH_MENU_N_SETTINGS, cols = action_cols(m), g = px(m, GAP);
    int w = (m->width - 2 * px(m, PAD) - (cols - 1) * g) / cols, h = px(m, TAP) + px(m, 4);
    int y0 = px(m, HEADER_H) + SAH_MENU_N_SETTINGS * px(m, ROW_H) + px(m, 12);
    return place(m, px(m, PAD) + (k % cols) * (w + g), y0 + (k / cols) * (h + g), w, h);
}

static box_t list_row(const sah_menu_t *m, size_t i)
{
    return place(m, px(m, PAD), px(m, HEADER_H) + (int)i * list_h(m) - m->scroll,
                 m->width - 2 * px(m, PAD), list_h(m));
}

/* Whether row @i is wholly in view (under the header, above the bottom). */
static bool row_shown(const sah_menu_t *m, size_t i)
{
    box_t r = list_row(m, i);
    return i < list_n(m) && r.y >= px(m, HEADER_H) && r.y + r.h <= m->height;
}

static box_t delete_box(const sah_menu_t *m, size_t i)
{
    box_t r = list_row(m, i);
    int h = px(m, TAP);
    return place(m, m->width - px(m, PAD) - px(m, DEL_W), r.y + (r.h - h) / 2, px(m, DEL_W), h);
}

/* A bookmark's note button, inside its delete button. */
static box_t note_box(const sah_menu_t *m, size_t i)
{
    box_t r = list_row(m, i);
    int h = px(m, TAP);
    return place(m, m->width - px(m, PAD) - px(m, DEL_W) - px(m, GAP) - px(m, NOTE_W),
                 r.y + (r.h - h) / 2, px(m, NOTE_W), h);
}

/* The pad: 1-5; 6-9, 0; -10, +10, erase, go (two keys wide), from the
 * start edge. */
static box_t pad_key(const sah_menu_t *m, int key)
{
    static const int cell[SAH_MENU_KEY_COUNT] = {9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13};
    int c = cell[key], row = c / 5, col = c % 5, g = px(m, GAP), kh = px(m, KEY_H);
    int w = (m->width - 2 * px(m, PAD) - 4 * g) / 5;
    int y0 = px(m, HEADER_H) + px(m, 76);
    return place(m, px(m, PAD) + col * (w + g), y0 + row * (kh + g),
                 key == SAH_MENU_KEY_GO ? 2 * w + g : w, kh);
}

bool sah_menu_target_rect(const sah_menu_t *m, sah_menu_target_t t, int *x, int *y, int *w, int *h)
{
    box_t b;
    if (m->mode == SAH_MENU_MODE_CLOSED)
        return false;
    if (t.item == SAH_MENU_TARGET_BACK) {
        b = back_box(m);
    } else if (m->mode == SAH_MENU_MODE_MAIN) {
        if (t.item < 0 || t.item >= SAH_MENU_ITEM_COUNT)
            return false;
        if (t.item >= SAH_MENU_N_SETTINGS)
            b = action_box(m, t.item);
        else if (t.part == SAH_MENU_PART_ROW)
            b = setting_row(m, t.item);
        else if (m->locked && t.item != SAH_MENU_ITEM_FONT)
            return false;
        else
            b = stepper(m, t.item, t.part);
    } else if (m->mode == SAH_MENU_MODE_BOOKMARKS || m->mode == SAH_MENU_MODE_CONTENTS) {
        size_t i = (size_t)t.item;
        if (t.item < 0 || !row_shown(m, i))
            return false;
        if (t.part == SAH_MENU_PART_LESS && m->mode != SAH_MENU_MODE_BOOKMARKS)
            return false;
        b = t.part == SAH_MENU_PART_LESS   ? delete_box(m, i)
            : t.part == SAH_MENU_PART_MORE ? note_box(m, i)
                                           : list_row(m, i);
    } else {
        if (t.item < 0 || t.item >= SAH_MENU_KEY_COUNT)
            return false;
        b = pad_key(m, t.item);
    }
    *x = b.x;
    *y = b.y;
    *w = b.w;
    *h = b.h;
    return true;
}

sah_menu_target_t sah_menu_hit(const sah_menu_t *m, int x, int y)
{
    sah_menu_target_t t = {SAH_MENU_TARGET_NONE, SAH_MENU_PART_ROW};
    if (m->mode == SAH_MENU_MODE_CLOSED)
        return t;
    if (sah_box_inside(back_box(m), x, y)) {
        t.item = SAH_MENU_TARGET_BACK;
        return t;
    }
    if (m->mode == SAH_MENU_MODE_MAIN) {
        for (int i = 0; i < SAH_MENU_ITEM_COUNT; i++) {
            if (i >= SAH_MENU_N_SETTINGS) {
                if (sah_box_inside(action_box(m, i), x, y))
                    t.item = i;
                continue;
            }
            if (!sah_box_inside(setting_row(m, i), x, y))
                continue;
            t.item = i;
            /* The stepper's buttons take the row's whole height. */
            box_t less = stepper(m, i, SAH_MENU_PART_LESS),
                  more = stepper(m, i, SAH_MENU_PART_MORE);
            bool can = !m->locked || i == SAH_MENU_ITEM_FONT;
            if (can && x >= less.x && x < less.x + less.w)
                t.part = SAH_MENU_PART_LESS;
            else if (can && x >= more.x && x < more.x + more.w)
                t.part = SAH_MENU_PART_MORE;
        }
    } else if (m->mode == SAH_MENU_MODE_BOOKMARKS || m->mode == SAH_MENU_MODE_CONTENTS) {
        /* A row cut by the header is hit only below it. */
        if (y < px(m, HEADER_H) || y >= m->height)
            return t;
        size_t i = (size_t)((y - px(m, HEADER_H) + m->scroll) / list_h(m));
        if (i >= list_n(m) || !sah_box_inside(list_row(m, i), x, y))
            return t;
        t.item = (int)i;
        box_t d = delete_box(m, i), nb = note_box(m, i);
        if (m->mode == SAH_MENU_MODE_BOOKMARKS && x >= d.x && x < d.x + d.w)
            t.part = SAH_MENU_PART_LESS;
        else if (m->mode == SAH_MENU_MODE_BOOKMARKS && x >= nb.x && x < nb.x + nb.w)
            t.part = SAH_MENU_PART_MORE;
    } else {
        for (int k = 0; k < SAH_MENU_KEY_COUNT; k++)
            if (sah_box_inside(pad_key(m, k), x, y))
                t.item = k;
    }
    return t;
}

/* ---- input -------------------------------------------------------------- */

size_t sah_menu_selection(const sah_menu_t *m)
{
    return m->sel;
}

bool sah_menu_select(sah_menu_t *m, size_t index)
{
    size_t n = m->mode == SAH_MENU_MODE_MAIN ? SAH_MENU_ITEM_COUNT : list_n(m);
    if (index >= n)
        return false;
    m->sel = index;
    scroll_to_sel(m);
    m->dirty = true;
    return true;
}

static sah_menu_result_t move_sel(sah_menu_t *m, long d)
{
    size_t n = m->mode == SAH_MENU_MODE_MAIN ? SAH_MENU_ITEM_COUNT : list_n(m);
    if (!n)
        return SAH_MENU_RES_IGNORED;
    long s = (long)m->sel + d;
    s = s < 0 ? 0 : s >= (long)n ? (long)n - 1 : s;
    if ((size_t)s == m->sel)
        return SAH_MENU_RES_IGNORED;
    sah_menu_select(m, (size_t)s);
    return SAH_MENU_RES_CHANGED;
}

static sah_menu_result_t run_action(sah_menu_t *m, int item)
{
    switch (item) {
    case SAH_MENU_ITEM_BOOKMARKS:
        return open_child(m, SAH_MENU_MODE_BOOKMARKS);
    case SAH_MENU_ITEM_CONTENTS:
        return open_child(m, SAH_MENU_MODE_CONTENTS);
    case SAH_MENU_ITEM_GOTO:
        return open_child(m, SAH_MENU_MODE_GOTO);
    case SAH_MENU_ITEM_FIND:
        m->mode = SAH_MENU_MODE_CLOSED;
        return SAH_MENU_RES_FIND;
    case SAH_MENU_ITEM_START:
    case SAH_MENU_ITEM_END:
        sah_reader_turn(m->reader, item == SAH_MENU_ITEM_START ? SAH_ACT_HOME : SAH_ACT_END);
        m->mode = SAH_MENU_MODE_CLOSED;
        return SAH_MENU_RES_CLOSED;
    case SAH_MENU_ITEM_ORIGINAL: {
        /* Closed at once: the page is what the reader wants to see. A
         * failure was logged and leaves the view as it was. */
        bool switched = sah_reader_set_original(m->reader, !sah_reader_original(m->reader));
        (void)switched;
        m->mode = SAH_MENU_MODE_CLOSED;
        return SAH_MENU_RES_CLOSED;
    }
    case SAH_MENU_ITEM_LIBRARY:
        m->mode = SAH_MENU_MODE_CLOSED;
        return SAH_MENU_RES_LIBRARY;
    default:
        return adjust(m, item, +1, true); /* a setting: Enter cycles */
    }
}

sah_menu_result_t sah_menu_activate(sah_menu_t *m, sah_menu_target_t t)
{
    if (m->mode == SAH_MENU_MODE_CLOSED || t.item == SAH_MENU_TARGET_NONE)
        return SAH_MENU_RES_IGNORED;
    if (t.item == SAH_MENU_TARGET_BACK)
        return back(m);
    switch (m->mode) {
    case SAH_MENU_MODE_MAIN:
        if (t.item >= SAH_MENU_ITEM_COUNT)
            return SAH_MENU_RES_IGNORED;
        if (t.item >= SAH_MENU_N_SETTINGS) {
            m->sel = (size_t)t.item;
            return run_action(m, t.item);
        }
        m->sel = (size_t)t.item;
        m->dirty = true;
        if (t.part == SAH_MENU_PART_ROW)
            return SAH_MENU_RES_CHANGED; /* a tap on the label chooses the row */
        adjust(m, t.item, t.part == SAH_MENU_PART_MORE ? +1 : -1, false);
        return SAH_MENU_RES_CHANGED;
    case SAH_MENU_MODE_BOOKMARKS:
        if (t.part == SAH_MENU_PART_LESS)
            return delete_bookmark(m, (size_t)t.item);
        if (t.part == SAH_MENU_PART_MORE && (size_t)t.item < m->n_bms) {
            m->sel = (size_t)t.item;
            m->dirty = true;
            return SAH_MENU_RES_NOTE;
        }
        return jump_bookmark(m, (size_t)t.item);
    case SAH_MENU_MODE_CONTENTS:
        return jump_section(m, (size_t)t.item);
    default:
        return go_key(m, t.item);
    }
}

sah_menu_result_t sah_menu_tap(sah_menu_t *m, int x, int y)
{
    return sah_menu_activate(m, sah_menu_hit(m, x, y));
}

/* The settings menu: what an action of the table (input.h) does. */
static sah_menu_result_t main_do(sah_menu_t *m, sah_action_t act)
{
    bool setting = m->sel < SAH_MENU_N_SETTINGS;
    int d = act == SAH_ACT_FORWARD || act == SAH_ACT_MORE ? 1 : -1;
    switch (act) {
    case SAH_ACT_UP:
        return move_sel(m, -1);
    case SAH_ACT_DOWN:
        return move_sel(m, 1);
    case SAH_ACT_FIRST:
        return move_sel(m, -(long)SAH_MENU_ITEM_COUNT);
    case SAH_ACT_LAST:
        return move_sel(m, SAH_MENU_ITEM_COUNT);
    case SAH_ACT_FORWARD:
    case SAH_ACT_BACKWARD:
        return setting ? adjust(m, (int)m->sel, d, false) : move_sel(m, d);
    case SAH_ACT_MORE:
    case SAH_ACT_LESS:
        return setting ? adjust(m, (int)m->sel, d, false) : SAH_MENU_RES_IGNORED;
    case SAH_ACT_SELECT:
        return run_action(m, (int)m->sel);
    case SAH_ACT_THEME:
        return adjust(m, SAH_MENU_ITEM_THEME, 1, true);
    case SAH_ACT_BOOKMARKS:
        return open_child(m, SAH_MENU_MODE_BOOKMARKS);
    case SAH_ACT_CONTENTS:
        return open_child(m, SAH_MENU_MODE_CONTENTS);
    case SAH_ACT_GOTO:
        return open_child(m, SAH_MENU_MODE_GOTO);
    case SAH_ACT_ORIGINAL:
        return run_action(m, SAH_MENU_ITEM_ORIGINAL);
    case SAH_ACT_BACK:
        return back(m);
    default:
        return SAH_MENU_RES_IGNORED;
    }
}

static sah_menu_result_t list_do(sah_menu_t *m, sah_action_t act)
{
    long page = (long)list_rows(m);
    bool toc = m->mode == SAH_MENU_MODE_CONTENTS;
    switch (act) {
    case SAH_ACT_UP:
        return move_sel(m, -1);
    case SAH_ACT_DOWN:
        return move_sel(m, 1);
    case SAH_ACT_PAGE_UP:
        return move_sel(m, -page);
    case SAH_ACT_PAGE_DOWN:
        return move_sel(m, page);
    case SAH_ACT_FIRST:
        return move_sel(m, -(long)list_n(m));
    case SAH_ACT_LAST:
        return move_sel(m, (long)list_n(m));
    case SAH_ACT_SELECT:
        return toc ? jump_section(m, m->sel) : jump_bookmark(m, m->sel);
    case SAH_ACT_DELETE:
        return toc ? SAH_MENU_RES_IGNORED : delete_bookmark(m, m->sel);
    case SAH_ACT_CONTENTS: /* C again closes the contents */
        return toc ? back(m) : SAH_MENU_RES_IGNORED;
    case SAH_ACT_NOTE:
        return !toc && m->n_bms ? SAH_MENU_RES_NOTE : SAH_MENU_RES_IGNORED;
    case SAH_ACT_BACK:
        return back(m);
    default:
        return SAH_MENU_RES_IGNORED;
    }
}

static sah_menu_result_t goto_do(sah_menu_t *m, sah_action_t act, int digit)
{
    switch (act) {
    case SAH_ACT_DIGIT:
        return go_key(m, digit);
    case SAH_ACT_ERASE:
        return go_key(m, SAH_MENU_KEY_ERASE);
    case SAH_ACT_SELECT:
        return go_key(m, SAH_MENU_KEY_GO);
    case SAH_ACT_UP:
        return go_step(m, 1);
    case SAH_ACT_DOWN:
        return go_step(m, -1);
    case SAH_ACT_PLUS10:
        return go_key(m, SAH_MENU_KEY_PLUS10);
    case SAH_ACT_MINUS10:
        return go_key(m, SAH_MENU_KEY_MINUS10);
    case SAH_ACT_FIRST:
        return go_step(m, -m->go_value);
    case SAH_ACT_LAST:
        return go_step(m, page_count(m));
    case SAH_ACT_BACK:
        return back(m);
    default:
        return SAH_MENU_RES_IGNORED;
    }
}

sah_menu_result_t sah_menu_do(sah_menu_t *m, sah_action_t act, int digit)
{
    switch (m->mode) {
    case SAH_MENU_MODE_MAIN:
        return main_do(m, act);
    case SAH_MENU_MODE_BOOKMARKS:
    case SAH_MENU_MODE_CONTENTS:
        return list_do(m, act);
    case SAH_MENU_MODE_GOTO:
        return goto_do(m, act, digit);
    default:
        return SAH_MENU_RES_IGNORED;
    }
}

sah_ui_at_t sah_menu_at(const sah_menu_t *m)
{
    return m->mode == SAH_MENU_MODE_BOOKMARKS || m->mode == SAH_MENU_MODE_CONTENTS ? SAH_UI_AT_MARKS
           : m->mode == SAH_MENU_MODE_GOTO                                         ? SAH_UI_AT_GOTO
                                                                                   : SAH_UI_AT_MENU;
}

sah_menu_result_t sah_menu_key(sah_menu_t *m, const sah_ui_event_t *ev)
{
    if (ev->type != SAH_UI_EV_KEY)
        return SAH_MENU_RES_IGNORED;
    return sah_menu_do(m, sah_input_action(sah_menu_at(m), ev->key, ev->mods, sah_ui_rtl(m->ui)),
                       ev->digit);
}

/* ---- drawing ------------------------------------------------------------ */

/* A frame around @b, @t px thick. */
static bool outline(sah_menu_t *m, box_t b, int t)
{
    bool ok = sah_ui_rect(m->ui, m->buf, b.x, b.y, b.w, t);
    ok &= sah_ui_rect(m->ui, m->buf, b.x, b.y + b.h - t, b.w, t);
    ok &= sah_ui_rect(m->ui, m->buf, b.x, b.y, t, b.h);
    ok &= sah_ui_rect(m->ui, m->buf, b.x + b.w - t, b.y, t, b.h);
    return ok;
}

/* @s on one line in @b, vertically centred, with a little padding. */
static bool text_in(sah_menu_t *m, sah_ui_style_t st, const char *s, box_t b, sah_ui_align_t align)
{
    int base = b.y + (b.h + sah_ui_ascent(m->ui, st) - sah_ui_descent(m->ui, st)) / 2;
    int p = px(m, 8);
    return sah_ui_text(m->ui, m->buf, st, s, b.x + p, base, b.w - 2 * p, align) >= 0;
}

/* A button: a frame (thicker when selected) and its label. */
static bool button(sah_menu_t *m, box_t b, const char *label, bool selected)
{
    bool ok = outline(m, b, selected ? px(m, 3) : 1);
    return text_in(m, selected ? SAH_UI_BOLD : SAH_UI_BODY, label, b, SAH_UI_CENTER) && ok;
}

/* The screen's title at the start edge and the back button at the end. */
static bool header(sah_menu_t *m, const char *title)
{
    int pad = px(m, PAD), H = px(m, HEADER_H);
    box_t t = place(m, pad, 0, m->width - 3 * pad - px(m, BACK_W), H);
    bool ok = text_in(m, SAH_UI_TITLE, title, t, SAH_UI_START);
    ok &= button(m, back_box(m), sah_ui_str(m->ui, "back"), false);
    ok &= sah_ui_rect(m->ui, m->buf, pad, H - px(m, 2), m->width - 2 * pad,
                      px(m, 2) > 1 ? px(m, 2) : 1);
    return ok;
}

/* A decimal like "1.45" in the UI's digits (Arabic decimal separator ٫). */
static void ui_decimal(const sah_menu_t *m, double v, char *out, size_t size)
{
    char ascii[32];
    size_t o = 0;
    snprintf(ascii, sizeof ascii, "%g", v);
    for (const char *p = ascii; *p && o + 4 < size; p++) {
        if (*p >= '0' && *p <= '9') {
            char d[8];
            sah_ui_number(m->ui, *p - '0', d, sizeof d);
            for (const char *q = d; *q && o + 1 < size; q++)
                out[o++] = *q;
        } else if (*p == '.' && sah_ui_arabic_digits(m->ui)) {
            out[o++] = (char)0xD9; /* U+066B ARABIC DECIMAL SEPARATOR */
            out[o++] = (char)0xAB;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
}

static void setting_value(const sah_menu_t *m, int item, const sah_reader_settings_t *s, char *out,
                          size_t size)
{
    static const char *const theme_keys[SAH_THEME_COUNT] = {"theme_day", "theme_night",
                                                            "theme_sepia"};
    static const char *const digit_keys[3] = {"digits_as_written", "digits_arabic",
                                              "digits_western"};
    static const char *const justify_keys[4] = {"justify_off", "justify_spaces", "justify_kashida",
                                                "justify_strong"};
    switch (item) {
    case SAH_MENU_ITEM_FONT:
        sah_ui_number(m->ui, (long)sah_reader_font_px(s->font_step), out, size);
        break;
    case SAH_MENU_ITEM_SPACING:
        ui_decimal(m, sah_reader_spacing(s->spacing_step), out, size);
        break;
    case SAH_MENU_ITEM_THEME:
        snprintf(out, size, "%s", sah_ui_str(m->ui, theme_keys[s->theme % SAH_THEME_COUNT]));
        break;
    case SAH_MENU_ITEM_DIGITS:
        snprintf(out, size, "%s", sah_ui_str(m->ui, digit_keys[(unsigned)s->digits % 3]));
        break;
    default:
        snprintf(out, size, "%s", sah_ui_str(m->ui, justify_keys[justify_choice(s)]));
        break;
    }
}

static bool draw_main(sah_menu_t *m)
{
    static const char *const labels[SAH_MENU_ITEM_COUNT] = {
        "font_size",  "line_spacing",    "theme",    "digits", "justify",  "bookmarks", "contents",
        "go_to_page", "find_in_article", "go_start", "go_end", "original", "to_library"};
    sah_reader_settings_t s;
    sah_reader_settings(m->reader, &s);
    bool ok = header(m, sah_ui_str(m->ui, "menu"));
    for (int i = 0; i < SAH_MENU_N_SETTINGS; i++) {
        box_t row = setting_row(m, i), val = stepper(m, i, SAH_MENU_PART_ROW);
        int ctl = 2 * px(m, STEP_W) + value_w(m) + px(m, GAP);
        box_t label = place(m, px(m, PAD) + px(m, 10), row.y, row.w - ctl - px(m, 10), row.h);
        char v[128];
        ok &= text_in(m, SAH_UI_BODY, sah_ui_str(m->ui, labels[i]), label, SAH_UI_START);
        setting_value(m, i, &s, v, sizeof v);
        if (m->locked && i != SAH_MENU_ITEM_FONT) {
            char l[256];
            snprintf(l, sizeof l, "%s   |   %s", v, sah_ui_str(m->ui, "locked"));
            box_t wide = stepper(m, i, SAH_MENU_PART_LESS);
            wide.w = 2 * px(m, STEP_W) + value_w(m);
            wide.x = sah_ui_rtl(m->ui) ? px(m, PAD) : m->width - px(m, PAD) - wide.w;
            ok &= text_in(m, SAH_UI_SMALL, l, wide, SAH_UI_CENTER);
        } else {
            ok &= text_in(m, SAH_UI_BOLD, v, val, SAH_UI_CENTER);
            ok &= button(m, stepper(m, i, SAH_MENU_PART_LESS), "\xE2\x88\x92", false); /* − */
            ok &= button(m, stepper(m, i, SAH_MENU_PART_MORE), "+", false);
        }
        if (m->sel == (size_t)i) /* the selection: a bar at the start edge */
            ok &= sah_ui_rect(m->ui, m->buf, sah_ui_rtl(m->ui) ? m->width - px(m, 8) : px(m, 4),
                              row.y + px(m, 8), px(m, 4), row.h - px(m, 16));
        ok &= sah_ui_rect(m->ui, m->buf, row.x, row.y + row.h - 1, row.w, 1);
    }
    for (int i = SAH_MENU_N_SETTINGS; i < SAH_MENU_ITEM_COUNT; i++) {
        const char *l = i == SAH_MENU_ITEM_ORIGINAL && sah_reader_original(m->reader)
                            ? "article_view"
                            : labels[i];
        ok &= button(m, action_box(m, i), sah_ui_str(m->ui, l), m->sel == (size_t)i);
    }
    return ok;
}

/* One row of a list: @text (in its own direction) over "page N" and the
 * bookmark's @note (nullable), Delete and Note buttons on a bookmark's, the selection's bar, a rule
 * under it;
 * @current: the section the page is in, marked with a bar at the end edge. */
static bool draw_list_row(sah_menu_t *m, size_t i, const char *text, const char *note, size_t page,
                          bool del, bool current, int indent)
{
    const sah_ui_t *ui = m->ui;
    box_t r = list_row(m, i);
    int inner = r.w - (del ? px(m, DEL_W) + px(m, NOTE_W) + 2 * px(m, GAP) : px(m, 24)) -
                px(m, 16) - indent;
    box_t text_box = place(m, px(m, PAD) + px(m, 16) + indent, r.y, inner, r.h);
    char pg[32], label[96];
    sah_ui_number(ui, (long)page + 1, pg, sizeof pg);
    sah_ui_format(label, sizeof label, sah_ui_str(ui, "page_n"), pg, NULL, NULL);
    char with_note[1200];
    const char *fields[] = {label, note};
    if (note && note[0]) /* the note isolated: its direction is its own */
        sah_uitext_join(with_note, sizeof with_note, fields, 2);
    else
        snprintf(with_note, sizeof with_note, "%s", label);
    int b1 = r.y + px(m, 6) + sah_ui_ascent(ui, SAH_UI_BODY);
    int b2 = b1 + sah_ui_descent(ui, SAH_UI_BODY) + sah_ui_ascent(ui, SAH_UI_SMALL);
    bool ok = sah_uitext_own(m->ui, m->buf, current ? SAH_UI_BOLD : SAH_UI_BODY, text, text_box.x,
                             b1, text_box.w) >= 0;
    ok &= sah_ui_text(m->ui, m->buf, SAH_UI_SMALL, with_note, text_box.x, b2, text_box.w,
                      SAH_UI_START) >= 0;
    if (del) {
        ok &= button(m, delete_box(m, i), sah_ui_str(ui, "delete"), false);
        ok &= button(m, note_box(m, i), sah_ui_str(ui, "note"), false);
    }
    if (current) /* where the reader is: a bar at the end edge */
        ok &= sah_ui_rect(m->ui, m->buf,
                          sah_ui_rtl(ui) ? px(m, PAD) : m->width - px(m, PAD) - px(m, 6),
                          r.y + px(m, 8), px(m, 6), r.h - px(m, 16));
    if (m->sel == i)
        ok &= sah_ui_rect(m->ui, m->buf, sah_ui_rtl(ui) ? m->width - px(m, 8) : px(m, 4),
                          r.y + px(m, 8), px(m, 4), r.h - px(m, 16));
    ok &= sah_ui_rect(m->ui, m->buf, r.x, r.y + r.h - 1, r.w, 1);
    return ok;
}

/* The list of the mode (bookmarks or contents) by the pixel from the
 * scroll, then the header over the row it cuts. */
static bool draw_list(sah_menu_t *m)
{
    const sah_ui_t *ui = m->ui;
    bool marks = m->mode == SAH_MENU_MODE_BOOKMARKS, ok = true;
    size_t n = list_n(m);
    char title[256], count[32];
    sah_ui_number(ui, (long)n, count, sizeof count);
    const char *fields[] = {sah_ui_str(ui, marks ? "bookmarks" : "contents"), count};
    sah_uitext_join(title, sizeof title, fields, 2);
    int lh = list_h(m);
    for (size_t i = (size_t)(m->scroll / lh); i < n; i++) {
        if (list_row(m, i).y >= m->height)
            break;
        if (marks) {
            ok &= draw_list_row(m, i, m->bms[i].snippet ? m->bms[i].snippet : "", m->bms[i].note,
                                m->pages[i], true, false, 0);
        } else {
            const sah_toc_entry_t *e = sah_toc_entry(m->toc, i);
            int indent = px(m, 24) * (e->level > 3 ? 2 : e->level > 0 ? e->level - 1 : 0);
            ok &= draw_list_row(m, i, e->title, NULL, m->toc_pages[i], false, (long)i == m->toc_cur,
                                indent);
        }
    }
    sah_pagebuf_clear_rect(m->buf, 0, 0, m->width, px(m, HEADER_H));
    ok &= header(m, title);
    if (!n) {
        box_t b = {px(m, PAD), px(m, HEADER_H), m->width - 2 * px(m, PAD), px(m, 120)};
        ok &= text_in(m, SAH_UI_BODY, sah_ui_str(ui, marks ? "bookmarks_none" : "contents_none"), b,
                      SAH_UI_CENTER);
    }
    return ok;
}

static bool draw_goto(sah_menu_t *m)
{
    const sah_ui_t *ui = m->ui;
    char v[32], n[32], line[128], ten[32];
    bool ok = header(m, sah_ui_str(ui, "go_to_page"));
    if (m->go_value > 0)
        sah_ui_number(ui, m->go_value, v, sizeof v);
    else
        snprintf(v, sizeof v, "_");
    sah_ui_number(ui, page_count(m), n, sizeof n);
    sah_ui_format(line, sizeof line, sah_ui_str(ui, "page_of"), v, n, NULL);
    box_t shown = {px(m, PAD), px(m, HEADER_H) + px(m, 6), m->width - 2 * px(m, PAD), px(m, 60)};
    ok &= text_in(m, SAH_UI_TITLE, line, shown, SAH_UI_CENTER);
    sah_ui_number(ui, 10, ten, sizeof ten);
    for (int k = 0; k < SAH_MENU_KEY_COUNT; k++) {
        char label[64];
        if (k <= 9)
            sah_ui_number(ui, k, label, sizeof label);
        else if (k == SAH_MENU_KEY_MINUS10 || k == SAH_MENU_KEY_PLUS10)
            sah_ui_format(label, sizeof label,
                          sah_ui_str(ui, k == SAH_MENU_KEY_PLUS10 ? "plus_n" : "minus_n"), ten,
                          NULL, NULL);
        else
            snprintf(label, sizeof label, "%s",
                     sah_ui_str(ui, k == SAH_MENU_KEY_GO ? "go" : "erase"));
        ok &= button(m, pad_key(m, k), label, k == SAH_MENU_KEY_GO);
    }
    return ok;
}

const sah_pagebuf_t *sah_menu_frame(sah_menu_t *m)
{
    if (m->mode == SAH_MENU_MODE_CLOSED)
        return NULL;
    if (m->sheet_drawn != sah_sheet_serial(m->sheet))
        m->dirty = true;
    if (!m->dirty)
        return m->buf;
    sah_reader_settings_t s;
    sah_reader_settings(m->reader, &s);
    if (!sah_pagebuf_set_theme(m->buf, sah_reader_theme(s.theme)))
        return NULL;
    sah_pagebuf_clear(m->buf);
    bool ok = m->mode == SAH_MENU_MODE_MAIN   ? draw_main(m)
              : m->mode == SAH_MENU_MODE_GOTO ? draw_goto(m)
                                              : draw_list(m);
    m->sheet_drawn = sah_sheet_serial(m->sheet);
    ok &= sah_sheet_draw(m->sheet, m->ui, m->buf);
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    m->dirty = false;
    m->serial++;
    return m->buf;
}

unsigned long sah_menu_serial(const sah_menu_t *m)
{
    return m->serial + (m->dirty || m->sheet_drawn != sah_sheet_serial(m->sheet) ? 1 : 0);
}

bool sah_menu_list_extent(const sah_menu_t *m, int *content, int *view)
{
    if (m->mode != SAH_MENU_MODE_BOOKMARKS && m->mode != SAH_MENU_MODE_CONTENTS)
        return false;
    *content = (int)list_n(m) * list_h(m);
    *view = list_view_h(m);
    return true;
}

int sah_menu_scroll_px(const sah_menu_t *m)
{
    return m->scroll;
}

bool sah_menu_set_scroll_px(sah_menu_t *m, int offset)
{
    int old = m->scroll;
    m->scroll = offset < 0 ? 0 : offset > max_scroll(m) ? max_scroll(m) : offset;
    m->dirty |= old != m->scroll;
    return old != m->scroll;
}

sah_sheet_t *sah_menu_sheet(sah_menu_t *m)
{
    return m->sheet;
}

long sah_menu_contents_current(const sah_menu_t *m)
{
    return m->mode == SAH_MENU_MODE_CONTENTS ? m->toc_cur : -1;
}
