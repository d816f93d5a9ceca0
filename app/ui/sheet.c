/* sheet.c - see sheet.h. */
#include "app/ui/sheet.h"

#include <stdlib.h>
#include <string.h>

#include "app/ui/uitext.h"
#include "app/ui/widget.h"

/* px at scale 1: the box at most this wide, buttons this tall (10.8 mm on
 * the 7-inch panel), this far apart. */
#define BOX_W    460
#define BUTTON_H 56
#define GAP      8
#define PAD      16

struct sah_sheet {
    bool open;
    long row;
    char *title; /* owned, nullable */
    const char *labels[SAH_SHEET_MAX_ACTIONS];
    int ids[SAH_SHEET_MAX_ACTIONS];
    size_t n;
    size_t sel; /* 0 .. n (n: Cancel) */
    unsigned long serial;
};

sah_sheet_t *sah_sheet_new(void)
{
    return calloc(1, sizeof(sah_sheet_t));
}

void sah_sheet_free(sah_sheet_t *sh)
{
    if (!sh)
        return;
    free(sh->title);
    free(sh);
}

bool sah_sheet_open(sah_sheet_t *sh, long row, const char *title, const char *const *labels,
                    const int *ids, size_t n)
{
    if (!n || n > SAH_SHEET_MAX_ACTIONS)
        return false;
    char *t = title ? strdup(title) : NULL;
    if (title && !t)
        return false;
    free(sh->title);
    sh->title = t;
    for (size_t i = 0; i < n; i++) {
        sh->labels[i] = labels[i];
        sh->ids[i] = ids[i];
    }
    sh->n = n;
    sh->row = row;
    sh->sel = 0;
    sh->open = true;
    sh->serial++;
    return true;
}

void sah_sheet_close(sah_sheet_t *sh)
{
    if (!sh->open)
        return;
    sh->open = false;
    sh->serial++;
}

bool sah_sheet_is_open(const sah_sheet_t *sh)
{
    return sh->open;
}

long sah_sheet_row(const sah_sheet_t *sh)
{
    return sh->row;
}

unsigned long sah_sheet_serial(const sah_sheet_t *sh)
{
    return sh->serial;
}

/* The title's band above the buttons. */
static int title_h(const sah_ui_t *ui)
{
    return sah_ui_px(ui, 2 * PAD) + sah_ui_ascent(ui, SAH_UI_BOLD) +
           sah_ui_descent(ui, SAH_UI_BOLD);
}

static sah_box_t box(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h)
{
    int bw = sah_ui_px(ui, BOX_W), pad = sah_ui_px(ui, PAD);
    if (bw > w - 2 * pad)
        bw = w - 2 * pad;
    int bh = title_h(ui) + (int)(sh->n + 1) * (sah_ui_px(ui, BUTTON_H) + sah_ui_px(ui, GAP)) + pad;
    sah_box_t b = {(w - bw) / 2, (h - bh) / 2, bw, bh};
    if (b.y < 0)
        b.y = 0;
    return b;
}

static sah_box_t button(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h, size_t i)
{
    sah_box_t b = box(sh, ui, w, h);
    int pad = sah_ui_px(ui, PAD), bh = sah_ui_px(ui, BUTTON_H), gap = sah_ui_px(ui, GAP);
    sah_box_t r = {b.x + pad, b.y + title_h(ui) + (int)i * (bh + gap), b.w - 2 * pad, bh};
    return r;
}

bool sah_sheet_button_rect(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h, size_t i,
                           int *x, int *y, int *bw, int *bh)
{
    if (!sh->open || i > sh->n)
        return false;
    sah_box_t r = button(sh, ui, w, h, i);
    *x = r.x;
    *y = r.y;
    *bw = r.w;
    *bh = r.h;
    return true;
}

int sah_sheet_hit(const sah_sheet_t *sh, const sah_ui_t *ui, int w, int h, int x, int y)
{
    if (!sh->open)
        return SAH_SHEET_NONE;
    if (!sah_box_inside(box(sh, ui, w, h), x, y))
        return SAH_SHEET_CANCEL;
    for (size_t i = 0; i <= sh->n; i++)
        if (sah_box_inside(button(sh, ui, w, h, i), x, y))
            return i < sh->n ? sh->ids[i] : SAH_SHEET_CANCEL;
    return SAH_SHEET_NONE;
}

void sah_sheet_move(sah_sheet_t *sh, int d)
{
    long s = (long)sh->sel + d;
    s = s < 0 ? 0 : s > (long)sh->n ? (long)sh->n : s;
    if ((size_t)s != sh->sel) {
        sh->sel = (size_t)s;
        sh->serial++;
    }
}

int sah_sheet_selected(const sah_sheet_t *sh)
{
    return sh->open && sh->sel < sh->n ? sh->ids[sh->sel] : SAH_SHEET_CANCEL;
}

/* A frame around @b, @t px thick. */
static void outline(sah_ui_t *ui, sah_pagebuf_t *buf, sah_box_t b, int t)
{
    sah_ui_rect(ui, buf, b.x, b.y, b.w, t);
    sah_ui_rect(ui, buf, b.x, b.y + b.h - t, b.w, t);
    sah_ui_rect(ui, buf, b.x, b.y, t, b.h);
    sah_ui_rect(ui, buf, b.x + b.w - t, b.y, t, b.h);
}

bool sah_sheet_draw(const sah_sheet_t *sh, sah_ui_t *ui, sah_pagebuf_t *buf)
{
    if (!sh->open)
        return true;
    int w = sah_pagebuf_width(buf), h = sah_pagebuf_height(buf), pad = sah_ui_px(ui, PAD);
    sah_box_t b = box(sh, ui, w, h);
    sah_pagebuf_clear_rect(buf, b.x, b.y, b.w, b.h);
    outline(ui, buf, b, sah_ui_px(ui, 2) > 1 ? sah_ui_px(ui, 2) : 1);
    bool ok = true;
    if (sh->title)
        ok &= sah_uitext_own(ui, buf, SAH_UI_BOLD, sh->title, b.x + pad,
                             b.y + pad + sah_ui_ascent(ui, SAH_UI_BOLD), b.w - 2 * pad) >= 0;
    for (size_t i = 0; i <= sh->n; i++) {
        sah_box_t r = button(sh, ui, w, h, i);
        bool sel = i == sh->sel;
        sah_ui_style_t st = sel ? SAH_UI_BOLD : SAH_UI_BODY;
        outline(ui, buf, r, sel ? sah_ui_px(ui, 3) : 1);
        int base = r.y + (r.h + sah_ui_ascent(ui, st) - sah_ui_descent(ui, st)) / 2;
        const char *label = sah_ui_str(ui, i < sh->n ? sh->labels[i] : "cancel");
        ok &= sah_ui_text(ui, buf, st, label, r.x + pad, base, r.w - 2 * pad, SAH_UI_CENTER) >= 0;
    }
    return ok;
}
