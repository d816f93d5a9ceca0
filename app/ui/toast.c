/* toast.c - see toast.h. */
#include "app/ui/toast.h"

#include <stdlib.h>
#include <string.h>

/* px at UI scale 1. Above the reader's status bar and bottom margin (54
 * px): the page's last line stays readable, the bar's numbers are hidden
 * for the few seconds only. */
#define BOTTOM   62
#define HEIGHT   60
#define PAD      14
#define ACTION_W 120
#define FACE     40 /* the box's coverage: a light grey under the text */

struct sah_toast {
    sah_ui_t *ui; /* not owned */
    char *text, *action;
    double until;
    unsigned long serial;
};

sah_toast_t *sah_toast_new(sah_ui_t *ui)
{
    sah_toast_t *t = calloc(1, sizeof *t);
    if (t)
        t->ui = ui;
    return t;
}

void sah_toast_hide(sah_toast_t *t)
{
    if (!t->text)
        return;
    free(t->text);
    free(t->action);
    t->text = t->action = NULL;
    t->serial++;
}

void sah_toast_free(sah_toast_t *t)
{
    if (!t)
        return;
    sah_toast_hide(t);
    free(t);
}

void sah_toast_show(sah_toast_t *t, const char *text, const char *action, double now_ms,
                    double duration_ms)
{
    sah_toast_hide(t);
    t->text = strdup(text);
    t->action = action && t->text ? strdup(action) : NULL;
    t->until = now_ms + duration_ms;
    t->serial++;
}

bool sah_toast_shown(const sah_toast_t *t)
{
    return t->text != NULL;
}

bool sah_toast_has_action(const sah_toast_t *t)
{
    return t->action != NULL;
}

const char *sah_toast_text(const sah_toast_t *t)
{
    return t->text;
}

int sah_toast_due_in(const sah_toast_t *t, double now_ms)
{
    if (!t->text)
        return -1;
    double left = t->until - now_ms;
    return left <= 0 ? 0 : (int)left + 1;
}

bool sah_toast_expire(sah_toast_t *t, double now_ms)
{
    if (!t->text || now_ms < t->until)
        return false;
    sah_toast_hide(t);
    return true;
}

unsigned long sah_toast_serial(const sah_toast_t *t)
{
    return t->serial;
}

static sah_box_t box_of(const sah_toast_t *t, int w, int h)
{
    const sah_ui_t *ui = t->ui;
    int bw = w - 2 * sah_ui_px(ui, PAD), max = sah_ui_px(ui, 560);
    bw = bw > max ? max : bw;
    int bh = sah_ui_px(ui, HEIGHT);
    return (sah_box_t){(w - bw) / 2, h - sah_ui_px(ui, BOTTOM) - bh, bw, bh};
}

bool sah_toast_action_box(const sah_toast_t *t, int w, int h, sah_box_t *out)
{
    if (!t->text || !t->action)
        return false;
    sah_box_t b = box_of(t, w, h);
    int m = sah_ui_px(t->ui, 4), aw = sah_ui_px(t->ui, ACTION_W);
    *out = sah_box_from_start(b.w, !sah_ui_rtl(t->ui), m, b.y + m, aw, b.h - 2 * m);
    out->x += b.x;
    return true;
}

bool sah_toast_inside(const sah_toast_t *t, int w, int h, int x, int y)
{
    return t->text && sah_box_inside(box_of(t, w, h), x, y);
}

static void frame(sah_pagebuf_t *buf, sah_box_t b, int th)
{
    sah_pagebuf_fill_rect(buf, b.x, b.y, b.w, th, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y + b.h - th, b.w, th, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y, th, b.h, 255);
    sah_pagebuf_fill_rect(buf, b.x + b.w - th, b.y, th, b.h, 255);
}

bool sah_toast_draw(sah_toast_t *t, sah_pagebuf_t *buf)
{
    if (!t->text)
        return true;
    sah_ui_t *ui = t->ui;
    int w = sah_pagebuf_width(buf), h = sah_pagebuf_height(buf), pad = sah_ui_px(ui, PAD);
    sah_box_t b = box_of(t, w, h), a;
    int th = sah_ui_px(ui, 2) > 1 ? sah_ui_px(ui, 2) : 1;
    sah_pagebuf_clear_rect(buf, b.x, b.y, b.w, b.h);
    sah_pagebuf_fill_rect(buf, b.x, b.y, b.w, b.h, FACE);
    frame(buf, b, th);
    int text_w = b.w - 2 * pad, x = b.x + pad;
    bool ok = true;
    if (sah_toast_action_box(t, w, h, &a)) {
        frame(buf, a, th);
        int base =
            a.y + (a.h + sah_ui_ascent(ui, SAH_UI_BOLD) - sah_ui_descent(ui, SAH_UI_BOLD)) / 2;
        ok &= sah_ui_text(ui, buf, SAH_UI_BOLD, t->action, a.x + 4, base, a.w - 8, SAH_UI_CENTER) >=
              0;
        text_w -= a.w + pad / 2;
        if (!sah_ui_rtl(ui))
            x = b.x + pad;
        else
            x = a.x + a.w + pad / 2;
    }
    int base = b.y + (b.h + sah_ui_ascent(ui, SAH_UI_BODY) - sah_ui_descent(ui, SAH_UI_BODY)) / 2;
    ok &= sah_ui_text(ui, buf, SAH_UI_BODY, t->text, x, base, text_w, SAH_UI_START) >= 0;
    return ok;
}
