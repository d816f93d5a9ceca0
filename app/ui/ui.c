/* ui.c - see ui.h. */
#include "app/ui/ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts/fontchain.h"
#include "render/text/layout.h"
#include "render/page/pagebox.h"
#include "app/ui/uistrings.h"
#include "platform/msgcat.h"
#include "render/text/text.h"

/* A UI face: Noto Sans Arabic is the Arabic UI design (Naskh is for reading
 * text); its Latin and symbols come from the fallbacks. */
#define UI_FONTS      "Noto Sans Arabic,Noto Sans,DejaVu Sans"
#define UI_FONTS_BOLD "Noto Sans Arabic:bold,Noto Sans:bold,DejaVu Sans"

static const double style_px[SAH_UI_STYLE_COUNT] = {15, 20, 26, 20};

struct sah_ui {
    bool rtl, arabic_digits;
    double scale;
    sah_msgcat_t *cat; /* owned: the language's translations */
    sah_fontchain_t *chains[SAH_UI_STYLE_COUNT];
    sah_layout_t *layout;
    sah_lines_t *lines;
    sah_glyphcache_t *cache;
    struct {
        char *key, *text; /* owned */
    } notices[SAH_UI_MAX_NOTICES];
    size_t n_notices;
    unsigned long notice_serial; /* bumped at every change of the band */
};

/* ---- strings ----------------------------------------------------------- */

/* The screens name a string by its key (uistrings.c); its text is the
 * catalogue's translation of the key's English, found with the key as
 * context. A key the table lacks shows itself, visible in the UI rather
 * than a crash. */
const char *sah_ui_str(const sah_ui_t *ui, const char *key)
{
    const sah_uistring_t *s = sah_uistrings_find(key);
    return s ? sah_msgcat_get(ui->cat, s->key, s->msgid) : key;
}

/* The count's form is the catalogue's (its Plural-Forms: six in Arabic). */
const char *sah_ui_plural(const sah_ui_t *ui, const char *key, long n)
{
    const sah_uistring_t *s = sah_uistrings_find(key);
    if (!s)
        return key;
    if (!s->plural)
        return sah_msgcat_get(ui->cat, s->key, s->msgid);
    unsigned long count = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    return sah_msgcat_nget(ui->cat, s->key, s->msgid, s->plural, count);
}

bool sah_ui_rtl(const sah_ui_t *ui)
{
    return ui->rtl;
}

sah_direction_t sah_ui_dir(const sah_ui_t *ui)
{
    return ui->rtl ? SAH_DIR_RTL : SAH_DIR_LTR;
}

void sah_ui_set_arabic_digits(sah_ui_t *ui, bool on)
{
    ui->arabic_digits = on;
}

bool sah_ui_arabic_digits(const sah_ui_t *ui)
{
    return ui->arabic_digits;
}

void sah_ui_number(const sah_ui_t *ui, long n, char *out, size_t size)
{
    char ascii[32];
    snprintf(ascii, sizeof ascii, "%ld", n);
    size_t o = 0;
    for (const char *p = ascii; *p && o + 3 < size; p++) {
        if (ui->arabic_digits && *p >= '0' && *p <= '9') {
            /* U+0660 ARABIC-INDIC DIGIT ZERO .. U+0669, as UTF-8 D9 A0..A9. */
            out[o++] = (char)0xD9;
            out[o++] = (char)(0xA0 + (*p - '0'));
        } else {
            out[o++] = *p;
        }
    }
    if (size)
        out[o < size ? o : size - 1] = 0;
}

/* FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (UAX#9 X5c, X6a), as
 * bytes: each is written apart from its pair. */
static const char fsi[] = {(char)0xE2, (char)0x81, (char)0xA8, 0};
static const char pdi[] = {(char)0xE2, (char)0x81, (char)0xA9, 0};

void sah_ui_format(char *out, size_t size, const char *fmt, const char *a1, const char *a2,
                   const char *a3)
{
    const char *args[3] = {a1, a2, a3};
    size_t o = 0;
    if (!size)
        return;
    for (const char *p = fmt; *p && o + 1 < size; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}') {
            const char *a = args[p[1] - '1'];
            /* Each value in its own isolate: a title, a path or a number
             * keeps its own order and takes nothing of the string's. */
            if (a && *a) {
                for (const char *q = fsi; *q && o + 1 < size; q++)
                    out[o++] = *q;
                for (; *a && o + 1 < size; a++)
                    out[o++] = *a;
                for (const char *q = pdi; *q && o + 1 < size; q++)
                    out[o++] = *q;
            }
            p += 2;
        } else {
            out[o++] = *p;
        }
    }
    /* Never leave half a UTF-8 sequence at a cut. */
    while (o > 0 && o + 1 >= size && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
        o--;
    if (o > 0 && o + 1 >= size && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
        o--;
    out[o] = 0;
}

/* ---- fonts ------------------------------------------------------------- */

double sah_ui_scale_for(int w, int h)
{
    int m = w < h ? w : h;
    double s = m / 480.0;
    return s < 0.75 ? 0.75 : s > 3 ? 3 : s;
}

int sah_ui_px(const sah_ui_t *ui, double px)
{
    return (int)lround(px * ui->scale);
}

static sah_fontchain_t *load_chain(sah_ui_style_t st, double px)
{
    bool bold = st == SAH_UI_TITLE || st == SAH_UI_BOLD;
    sah_fontchain_t *c = sah_fontchain_new(bold ? UI_FONTS_BOLD : UI_FONTS, px);
    if (!c && bold)
        c = sah_fontchain_new(UI_FONTS, px);
    if (!c)
        c = sah_fontchain_new("default", px);
    return c;
}

static bool load_chains(double scale, sah_fontchain_t **out)
{
    for (int s = 0; s < SAH_UI_STYLE_COUNT; s++) {
        out[s] = load_chain((sah_ui_style_t)s, style_px[s] * scale);
        if (!out[s]) {
            for (int k = 0; k < s; k++)
                sah_fontchain_free(out[k]);
            return false;
        }
    }
    return true;
}

/* Lays out @utf8 with style @st into ui->lines (one paragraph, wrapped at
 * @width px; <= 0: no wrapping). */
static bool lay(sah_ui_t *ui, sah_ui_style_t st, const char *utf8, size_t n, int width,
                sah_direction_t dir)
{
    sah_text_t *t = sah_text_new(utf8, n);
    if (!t)
        return false;
    size_t len;
    sah_text_codepoints(t, &len);
    sah_span_t span = {0, (uint32_t)len, 0, (uint32_t)n};
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = width > 0 ? width * 64 : 0;
    o.dir = dir;
    o.justify = false;
    sah_layout_set_chain(ui->layout, ui->chains[st]);
    sah_lines_reset(ui->lines);
    bool ok = len == 0 || sah_layout_span(ui->layout, t, span, 0, &o, ui->lines);
    sah_text_free(t);
    return ok;
}

sah_ui_t *sah_ui_new(const char *lang, double scale)
{
    sah_ui_t *ui = calloc(1, sizeof *ui);
    if (!ui)
        return NULL;
    /* Our right-to-left language; any other reads left to right, in
     * its own words or, without a catalogue, in English. */
    ui->rtl = !strcmp(lang, "ar");
    ui->arabic_digits = ui->rtl;
    ui->scale = scale;
    if (!(ui->cat = sah_msgcat_new(lang)) || !load_chains(scale, ui->chains))
        goto fail;
    ui->layout = sah_layout_new(ui->chains[SAH_UI_BODY], ui->rtl ? "ar" : "en");
    ui->lines = sah_lines_new();
    ui->cache = sah_glyphcache_new((size_t)4 << 20, SAH_HINT_LIGHT);
    if (!ui->layout || !ui->lines || !ui->cache)
        goto fail;
    return ui;
fail:
    sah_ui_free(ui);
    return NULL;
}

void sah_ui_free(sah_ui_t *ui)
{
    if (!ui)
        return;
    sah_msgcat_free(ui->cat);
    sah_layout_free(ui->layout);
    sah_lines_free(ui->lines);
    for (int s = 0; s < SAH_UI_STYLE_COUNT; s++)
        sah_fontchain_free(ui->chains[s]);
    sah_glyphcache_free(ui->cache);
    for (size_t i = 0; i < ui->n_notices; i++) {
        free(ui->notices[i].key);
        free(ui->notices[i].text);
    }
    free(ui);
}

bool sah_ui_set_scale(sah_ui_t *ui, double scale)
{
    sah_fontchain_t *c[SAH_UI_STYLE_COUNT];
    if (fabs(scale - ui->scale) < 1e-9)
        return true;
    if (!load_chains(scale, c))
        return false;
    sah_layout_set_chain(ui->layout, c[SAH_UI_BODY]);
    /* Shapes and glyphs of the old fonts would never be used again. */
    sah_layout_clear_cache(ui->layout);
    sah_glyphcache_clear(ui->cache);
    for (int s = 0; s < SAH_UI_STYLE_COUNT; s++) {
        sah_fontchain_free(ui->chains[s]);
        ui->chains[s] = c[s];
    }
    ui->scale = scale;
    return true;
}

sah_glyphcache_t *sah_ui_glyphcache(sah_ui_t *ui)
{
    return ui->cache;
}

int sah_ui_ascent(const sah_ui_t *ui, sah_ui_style_t st)
{
    sah_font_metrics_t m = sah_font_metrics(sah_fontchain_font(ui->chains[st], 0));
    return (m.ascent + 63) / 64;
}

int sah_ui_descent(const sah_ui_t *ui, sah_ui_style_t st)
{
    sah_font_metrics_t m = sah_font_metrics(sah_fontchain_font(ui->chains[st], 0));
    return (m.descent + 63) / 64;
}

int sah_ui_pitch(const sah_ui_t *ui, sah_ui_style_t st)
{
    sah_font_metrics_t m = sah_font_metrics(sah_fontchain_font(ui->chains[st], 0));
    return (int)lround((m.ascent + m.descent) / 64.0 * 1.15);
}

/* ---- drawing ----------------------------------------------------------- */

static bool draw_line(sah_ui_t *ui, sah_pagebuf_t *buf, int32_t x0, int32_t y0)
{
    size_t n;
    const sah_glyph_t *g = sah_lines_glyphs(ui->lines, 0, &n);
    sah_glyph_pos_t run[64];
    bool ok = true;
    for (size_t k = 0; k < n;) {
        size_t m = 0;
        for (; m < 64 && k < n; m++, k++)
            run[m] = (sah_glyph_pos_t){g[k].font, g[k].glyph, x0 + g[k].x + g[k].x_offset,
                                       y0 - g[k].y_offset};
        ok &= sah_pagebuf_draw(buf, ui->cache, run, m);
    }
    return ok;
}

/* Where line @l of a box @width px wide goes for @align: the engine
 * placed it at the paragraph's start edge of the box. 26.6. */
static int32_t line_shift(const sah_line_t *l, int width, sah_direction_t dir, sah_ui_align_t align)
{
    int32_t W = width * 64;
    bool start_is_right = dir == SAH_DIR_RTL;
    if (align == SAH_UI_CENTER)
        return (W - l->width) / 2 - l->x;
    if ((align == SAH_UI_END) == start_is_right)
        return -l->x;           /* to the left edge */
    return W - l->width - l->x; /* to the right edge */
}

/* Lays @utf8 out on one line of at most @width px, cutting at the last
 * break opportunity that leaves room for "…". */
static bool lay_fitting(sah_ui_t *ui, sah_ui_style_t st, const char *utf8, int width,
                        sah_direction_t dir)
{
    size_t n = strlen(utf8);
    if (!lay(ui, st, utf8, n, width, dir))
        return false;
    if (sah_lines_count(ui->lines) <= 1)
        return true;
    size_t cut = sah_lines_get(ui->lines, 0)->byte_end;
    char *tmp = malloc(n + 4);
    if (!tmp)
        return false;
    bool ok = false;
    for (int tries = 0; tries < 8 && cut > 0; tries++) {
        while (cut > 0 && utf8[cut - 1] == ' ')
            cut--;
        memcpy(tmp, utf8, cut);
        memcpy(tmp + cut, "\xE2\x80\xA6", 4); /* U+2026 HORIZONTAL ELLIPSIS */
        if (!(ok = lay(ui, st, tmp, cut + 3, width, dir)))
            break;
        if (sah_lines_count(ui->lines) <= 1)
            break;
        /* The ellipsis wrapped: give up the last word of the first line. */
        size_t end = sah_lines_get(ui->lines, 0)->byte_end;
        cut = end < cut ? end : cut - 1;
        while (cut > 0 && ((unsigned char)utf8[cut] & 0xC0) == 0x80)
            cut--;
    }
    free(tmp);
    return ok;
}

int sah_ui_text(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t st, const char *utf8, int x,
                int baseline, int width, sah_ui_align_t align)
{
    return sah_ui_text_dir(ui, buf, st, utf8, x, baseline, width, sah_ui_dir(ui), align);
}

int sah_ui_text_dir(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t st, const char *utf8, int x,
                    int baseline, int width, sah_direction_t dir, sah_ui_align_t align)
{
    if (!utf8 || !*utf8)
        return 0;
    if (dir != SAH_DIR_RTL && dir != SAH_DIR_LTR)
        dir = sah_ui_dir(ui);
    if (!lay_fitting(ui, st, utf8, width, dir))
        return -1;
    if (!sah_lines_count(ui->lines))
        return 0;
    const sah_line_t *l = sah_lines_get(ui->lines, 0);
    if (!draw_line(ui, buf, (int32_t)x * 64 + line_shift(l, width, dir, align),
                   (int32_t)baseline * 64))
        return -1;
    return (l->width + 63) / 64;
}

int sah_ui_text_warm(sah_ui_t *ui, sah_ui_style_t st, const char *utf8, int x, int width,
                     sah_ui_align_t align, size_t *done, size_t max, bool *complete)
{
    sah_direction_t dir = sah_ui_dir(ui);
    *complete = true;
    if (!utf8 || !*utf8)
        return 0;
    if (!lay_fitting(ui, st, utf8, width, dir))
        return -1;
    if (!sah_lines_count(ui->lines))
        return 0;
    const sah_line_t *l = sah_lines_get(ui->lines, 0);
    int32_t x0 = (int32_t)x * 64 + line_shift(l, width, dir, align);
    size_t n, made = 0;
    const sah_glyph_t *g = sah_lines_glyphs(ui->lines, 0, &n);
    sah_glyph_pos_t run[64];
    /* The positions draw_line() gives (y does not change a glyph). */
    while (*done < n && made < max) {
        size_t m = 0, got;
        for (; m < 64 && *done + m < n; m++) {
            const sah_glyph_t *q = &g[*done + m];
            run[m] = (sah_glyph_pos_t){q->font, q->glyph, x0 + q->x + q->x_offset, 0};
        }
        *done += sah_glyphs_prerender(ui->cache, run, m, max - made, &got);
        made += got;
    }
    *complete = *done >= n;
    return (l->width + 63) / 64;
}

int sah_ui_measure(sah_ui_t *ui, sah_ui_style_t st, const char *utf8)
{
    if (!utf8 || !*utf8)
        return 0;
    if (!lay(ui, st, utf8, strlen(utf8), 0, sah_ui_dir(ui)))
        return -1;
    return sah_lines_count(ui->lines) ? (sah_lines_get(ui->lines, 0)->width + 63) / 64 : 0;
}

int sah_ui_text_marked(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t st, const char *utf8, int x,
                       int baseline, int width, sah_ui_align_t align, const size_t *marks,
                       size_t n_marks, unsigned char shade)
{
    int drawn = sah_ui_text(ui, buf, st, utf8, x, baseline, width, align);
    if (drawn <= 0 || !sah_lines_count(ui->lines))
        return drawn;
    /* ui->lines still holds the line just drawn: where it was put is its
     * box's edge per @align, as sah_ui_text() placed it. */
    const sah_line_t *l = sah_lines_get(ui->lines, 0);
    int32_t W = width * 64, shift;
    if (align == SAH_UI_CENTER)
        shift = (W - l->width) / 2 - l->x;
    else if ((align == SAH_UI_END) == ui->rtl)
        shift = -l->x;
    else
        shift = W - l->width - l->x;
    int32_t x0 = (int32_t)x * 64 + shift;
    int top = baseline - sah_ui_ascent(ui, st), h = sah_ui_ascent(ui, st) + sah_ui_descent(ui, st);
    for (size_t i = 0; i < n_marks; i++) {
        sah_extent_t e[8];
        size_t n = sah_lines_range_extents(ui->lines, 0, (uint32_t)marks[2 * i],
                                           (uint32_t)marks[2 * i + 1], e, 8);
        for (size_t k = 0; k < n && k < 8; k++) {
            int a = (int)((x0 + e[k].x) >> 6), b = (int)((x0 + e[k].x + e[k].width + 63) >> 6);
            sah_pagebuf_fill_rect(buf, a, top, b - a, h, shade);
        }
    }
    return drawn;
}

bool sah_ui_rect(sah_ui_t *ui, sah_pagebuf_t *buf, int x, int y, int w, int h)
{
    (void)ui;
    sah_pagebuf_fill_rect(buf, x, y, w, h, 255);
    return true;
}

/* ---- notices ----------------------------------------------------------- */

bool sah_ui_set_notice(sah_ui_t *ui, const char *key, const char *utf8)
{
    size_t i = 0;
    while (i < ui->n_notices && strcmp(ui->notices[i].key, key) != 0)
        i++;
    if (!utf8 || !*utf8) {
        if (i == ui->n_notices)
            return true;
        free(ui->notices[i].key);
        free(ui->notices[i].text);
        memmove(&ui->notices[i], &ui->notices[i + 1],
                (ui->n_notices - i - 1) * sizeof ui->notices[0]);
        ui->n_notices--;
        ui->notice_serial++;
        return true;
    }
    if (i < ui->n_notices && !strcmp(ui->notices[i].text, utf8))
        return true;
    bool fits = i < ui->n_notices || ui->n_notices < SAH_UI_MAX_NOTICES;
    char *text = fits ? strdup(utf8) : NULL;
    char *k = text && i == ui->n_notices ? strdup(key) : NULL;
    if (!text || (i == ui->n_notices && !k)) {
        free(text);
        fprintf(stderr, "sahifa: notice not shown: %s\n", utf8);
        return false;
    }
    if (i == ui->n_notices) {
        ui->notices[i].key = k;
        ui->n_notices++;
    } else {
        free(ui->notices[i].text);
    }
    ui->notices[i].text = text;
    ui->notice_serial++;
    return true;
}

bool sah_ui_add_notice(sah_ui_t *ui, const char *utf8)
{
    return !utf8 || sah_ui_set_notice(ui, utf8, utf8);
}

size_t sah_ui_n_notices(const sah_ui_t *ui)
{
    return ui->n_notices;
}

const char *sah_ui_notice(const sah_ui_t *ui, size_t i)
{
    return i < ui->n_notices ? ui->notices[i].text : NULL;
}

unsigned long sah_ui_notice_serial(const sah_ui_t *ui)
{
    return ui->notice_serial;
}

/* The band: a margin, one SAH_UI_BOLD line per notice, a margin, a rule. */
#define NOTICE_MARGIN 6
#define NOTICE_RULE   2

int sah_ui_notices_height(const sah_ui_t *ui)
{
    if (!ui->n_notices)
        return 0;
    return (int)ui->n_notices * sah_ui_pitch(ui, SAH_UI_BOLD) +
           sah_ui_px(ui, 2 * NOTICE_MARGIN + NOTICE_RULE);
}

bool sah_ui_draw_notices(sah_ui_t *ui, sah_pagebuf_t *buf)
{
    if (!ui->n_notices)
        return true;
    int W = sah_pagebuf_width(buf), pad = sah_ui_px(ui, 12), pitch = sah_ui_pitch(ui, SAH_UI_BOLD);
    int base = sah_ui_px(ui, NOTICE_MARGIN) +
               (pitch + sah_ui_ascent(ui, SAH_UI_BOLD) - sah_ui_descent(ui, SAH_UI_BOLD)) / 2;
    bool ok = true;
    for (size_t i = 0; i < ui->n_notices; i++, base += pitch)
        ok &= sah_ui_text(ui, buf, SAH_UI_BOLD, ui->notices[i].text, pad, base, W - 2 * pad,
                          SAH_UI_START) >= 0;
    int h = sah_ui_notices_height(ui), rule = sah_ui_px(ui, NOTICE_RULE);
    return sah_ui_rect(ui, buf, 0, h - rule, W, rule) && ok;
}
