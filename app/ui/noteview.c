/* noteview.c - see noteview.h. */
#include "app/ui/noteview.h"
#include "app/ui/textfield.h"
#include "app/ui/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* px at UI scale 1; buttons are 52 px tall (10 mm on the 7-inch panel). */
#define HEADER_H 62
#define BTN_H    52
#define BTN_W    120
#define PAD      14
#define FIELD_H  56

struct sah_noteview {
    sah_ui_t *ui; /* not owned */
    int width, height;
    sah_theme_t theme;
    sah_pagebuf_t *buf;
    bool dirty, open, kb_shown, had_note;
    unsigned long serial, kb_drawn;
    sah_textfield_t *field;
    sah_keyboard_t *kb;
    int64_t id;
    char *snippet;
};

static int px(const sah_noteview_t *nv, double v)
{
    return sah_ui_px(nv->ui, v);
}

static void place_keyboard(sah_noteview_t *nv)
{
    int h = sah_keyboard_height(nv->ui, nv->width, nv->height);
    sah_keyboard_place(nv->kb, 0, nv->height - h, nv->width, h);
}

sah_noteview_t *sah_noteview_new(sah_ui_t *ui, int width, int height)
{
    sah_noteview_t *nv = calloc(1, sizeof *nv);
    if (!nv || !(nv->buf = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height)) ||
        !(nv->field = sah_textfield_new(SAH_NOTEVIEW_MAX)) || !(nv->kb = sah_keyboard_new(ui))) {
        fprintf(stderr, "sahifa: note screen: out of memory\n");
        sah_noteview_free(nv);
        return NULL;
    }
    nv->ui = ui;
    nv->width = width;
    nv->height = height;
    nv->theme = sah_theme_day;
    place_keyboard(nv);
    return nv;
}

void sah_noteview_free(sah_noteview_t *nv)
{
    if (!nv)
        return;
    sah_keyboard_free(nv->kb);
    sah_textfield_free(nv->field);
    sah_pagebuf_free(nv->buf);
    free(nv->snippet);
    free(nv);
}

bool sah_noteview_resize(sah_noteview_t *nv, int width, int height)
{
    if (width == nv->width && height == nv->height)
        return true;
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_ARGB32, width, height);
    if (!b)
        return false;
    sah_pagebuf_free(nv->buf);
    nv->buf = b;
    nv->width = width;
    nv->height = height;
    place_keyboard(nv);
    nv->dirty = true;
    return true;
}

void sah_noteview_set_theme(sah_noteview_t *nv, const sah_theme_t *theme)
{
    nv->theme = *theme;
    nv->dirty = true;
}

void sah_noteview_open(sah_noteview_t *nv, int64_t id, const char *snippet, const char *note,
                       bool keyboard)
{
    free(nv->snippet);
    nv->snippet = strdup(snippet ? snippet : "");
    nv->id = id;
    nv->had_note = note && *note;
    if (!sah_textfield_set(nv->field, note))
        (void)sah_textfield_set(nv->field, NULL); /* a note longer than the field: start empty */
    nv->kb_shown = keyboard;
    nv->open = true;
    sah_keyboard_set_enter_label(nv->kb, sah_ui_str(nv->ui, "save"));
    nv->dirty = true;
}

void sah_noteview_close(sah_noteview_t *nv)
{
    nv->open = false;
}

bool sah_noteview_is_open(const sah_noteview_t *nv)
{
    return nv->open;
}

int64_t sah_noteview_id(const sah_noteview_t *nv)
{
    return nv->id;
}

const char *sah_noteview_text(const sah_noteview_t *nv)
{
    return sah_textfield_text(nv->field);
}

const sah_keyboard_t *sah_noteview_keyboard(const sah_noteview_t *nv)
{
    return nv->kb_shown ? nv->kb : NULL;
}

/* ---- where things are --------------------------------------------------- */

static sah_box_t button_box(const sah_noteview_t *nv, int i)
{
    int h = px(nv, BTN_H), w = px(nv, BTN_W);
    return sah_box_from_start(nv->width, sah_ui_rtl(nv->ui),
                              nv->width - (i + 1) * (px(nv, PAD) + w), (px(nv, HEADER_H) - h) / 2,
                              w, h);
}

enum { BACK = 0, SAVE, DELETE };

sah_box_t sah_noteview_save_box(const sah_noteview_t *nv)
{
    return button_box(nv, SAVE);
}

static sah_box_t field_box(const sah_noteview_t *nv)
{
    int top = px(nv, HEADER_H) + px(nv, 40);
    return (sah_box_t){px(nv, PAD), top, nv->width - 2 * px(nv, PAD), px(nv, FIELD_H)};
}

/* ---- input -------------------------------------------------------------- */

static sah_nv_result_t changed(sah_noteview_t *nv)
{
    nv->dirty = true;
    return SAH_NV_CHANGED;
}

sah_nv_result_t sah_noteview_text_input(sah_noteview_t *nv, const char *utf8)
{
    return nv->open && sah_textfield_insert(nv->field, utf8) ? changed(nv) : SAH_NV_IGNORED;
}

sah_nv_result_t sah_noteview_do(sah_noteview_t *nv, sah_action_t act)
{
    if (!nv->open)
        return SAH_NV_IGNORED;
    switch (act) {
    case SAH_ACT_ERASE:
        return sah_textfield_backspace(nv->field) ? changed(nv) : SAH_NV_IGNORED;
    case SAH_ACT_SELECT:
        nv->open = false;
        return SAH_NV_SAVE;
    case SAH_ACT_BACK:
        nv->open = false;
        return SAH_NV_CLOSED;
    case SAH_ACT_KEYBOARD:
        nv->kb_shown = !nv->kb_shown;
        return changed(nv);
    default:
        return SAH_NV_IGNORED;
    }
}

sah_nv_result_t sah_noteview_tap(sah_noteview_t *nv, int x, int y)
{
    if (!nv->open)
        return SAH_NV_IGNORED;
    if (sah_box_inside(button_box(nv, BACK), x, y))
        return sah_noteview_do(nv, SAH_ACT_BACK);
    if (sah_box_inside(button_box(nv, SAVE), x, y))
        return sah_noteview_do(nv, SAH_ACT_SELECT);
    if (nv->had_note && sah_box_inside(button_box(nv, DELETE), x, y)) {
        (void)sah_textfield_set(nv->field, NULL);
        nv->open = false;
        return SAH_NV_SAVE;
    }
    if (sah_box_inside(field_box(nv), x, y) && !nv->kb_shown) {
        nv->kb_shown = true;
        return changed(nv);
    }
    if (nv->kb_shown && sah_box_inside(sah_keyboard_box(nv->kb), x, y)) {
        switch (sah_keyboard_tap(nv->kb, x, y, nv->field)) {
        case SAH_KB_TYPED:
        case SAH_KB_REDRAW:
            return changed(nv);
        case SAH_KB_ENTER:
            return sah_noteview_do(nv, SAH_ACT_SELECT);
        default:
            return SAH_NV_IGNORED;
        }
    }
    return SAH_NV_IGNORED;
}

/* ---- drawing ------------------------------------------------------------ */

static bool button(sah_noteview_t *nv, sah_box_t b, const char *label, bool strong)
{
    int t = strong ? px(nv, 3) : 1;
    sah_pagebuf_fill_rect(nv->buf, b.x, b.y, b.w, t, 255);
    sah_pagebuf_fill_rect(nv->buf, b.x, b.y + b.h - t, b.w, t, 255);
    sah_pagebuf_fill_rect(nv->buf, b.x, b.y, t, b.h, 255);
    sah_pagebuf_fill_rect(nv->buf, b.x + b.w - t, b.y, t, b.h, 255);
    sah_ui_style_t st = strong ? SAH_UI_BOLD : SAH_UI_BODY;
    int base = b.y + (b.h + sah_ui_ascent(nv->ui, st) - sah_ui_descent(nv->ui, st)) / 2;
    return sah_ui_text(nv->ui, nv->buf, st, label, b.x + 4, base, b.w - 8, SAH_UI_CENTER) >= 0;
}

const sah_pagebuf_t *sah_noteview_frame(sah_noteview_t *nv)
{
    if (!nv->open)
        return NULL;
    if (nv->kb_shown && nv->kb_drawn != sah_keyboard_serial(nv->kb))
        nv->dirty = true;
    if (!nv->dirty)
        return nv->buf;
    if (!sah_pagebuf_set_theme(nv->buf, &nv->theme))
        return NULL;
    sah_pagebuf_clear(nv->buf);
    sah_ui_t *ui = nv->ui;
    int pad = px(nv, PAD), n_btn = nv->had_note ? 3 : 2;
    int tw = nv->width - 2 * pad - n_btn * (pad + px(nv, BTN_W));
    int base =
        (px(nv, HEADER_H) + sah_ui_ascent(ui, SAH_UI_TITLE) - sah_ui_descent(ui, SAH_UI_TITLE)) / 2;
    bool ok = sah_ui_text(ui, nv->buf, SAH_UI_TITLE, sah_ui_str(ui, "note"),
                          sah_ui_rtl(ui) ? nv->width - pad - tw : pad, base, tw, SAH_UI_START) >= 0;
    ok &= button(nv, button_box(nv, BACK), sah_ui_str(ui, "back"), false);
    ok &= button(nv, button_box(nv, SAVE), sah_ui_str(ui, "save"), true);
    if (nv->had_note)
        ok &= button(nv, button_box(nv, DELETE), sah_ui_str(ui, "note_delete"), false);
    sah_pagebuf_fill_rect(nv->buf, pad, px(nv, HEADER_H) - 1, nv->width - 2 * pad, 1, 255);
    /* The place the note is about, one line, isolated in its own direction. */
    char ctx[512];
    snprintf(ctx, sizeof ctx, "\xE2\x81\xA8%s\xE2\x81\xA9", nv->snippet);
    ok &= sah_ui_text(ui, nv->buf, SAH_UI_SMALL, ctx, pad,
                      px(nv, HEADER_H) + px(nv, 8) + sah_ui_ascent(ui, SAH_UI_SMALL),
                      nv->width - 2 * pad, SAH_UI_START) >= 0;
    ok &= sah_keyboard_draw_field(ui, nv->buf, field_box(nv), sah_textfield_text(nv->field),
                                  sah_ui_str(ui, "note_placeholder"));
    if (nv->kb_shown) {
        ok &= sah_keyboard_draw(nv->kb, nv->buf);
        nv->kb_drawn = sah_keyboard_serial(nv->kb);
    }
    (void)ok; /* a glyph that failed was logged; the screen is still useful */
    nv->dirty = false;
    nv->serial++;
    return nv->buf;
}

unsigned long sah_noteview_serial(const sah_noteview_t *nv)
{
    bool kb = nv->kb_shown && nv->kb_drawn != sah_keyboard_serial(nv->kb);
    return nv->serial + (nv->dirty || kb ? 1 : 0);
}
