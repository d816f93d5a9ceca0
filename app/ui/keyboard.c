/* keyboard.c - see keyboard.h. */
#include "app/ui/keyboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/bidi.h"
#include "render/text/utf8.h"

/* Layout, px at UI scale 1 (heights) and columns of the width (widths). */
#define COLUMNS 120 /* tenths of a column: 12 columns */
#define ROWS    4
#define ROW_H   54 /* a key of 50 px and a gap of 4 */
#define GAP     4
#define MARGIN  4

typedef enum {
    K_TEXT = 0,
    K_BACKSPACE,
    K_ENTER,
    K_SPACE,
    K_SHIFT,
    K_DIGITS,   /* to the digits, and back to the letters */
    K_LANGUAGE, /* Arabic <-> Latin */
    K_END,      /* the end of a row */
} kind_t;

typedef struct {
    kind_t kind;
    unsigned char w; /* tenths of a column */
    const char *text;
} kbkey_t;

#define T(s, w)                                                                                    \
    {                                                                                              \
        K_TEXT, w, s                                                                               \
    }
#define END                                                                                        \
    {                                                                                              \
        K_END, 0, NULL                                                                             \
    }
/* The bottom row, with the layout's comma (Arabic's is U+060C). */
#define BOTTOM_ROW(comma)                                                                          \
    {K_DIGITS, 15, NULL}, {K_LANGUAGE, 15, NULL}, T(comma, 10), {K_SPACE, 45, " "}, T(".", 10),    \
        {K_ENTER, 25, NULL}, END

/* Each row's widths add up to COLUMNS. The tables are laid out a row of
 * keys to a line, as on the keyboard: clang-format would fill the lines. */
/* clang-format off */
static const kbkey_t arabic[] = {
    T("ض", 10), T("ص", 10), T("ث", 10), T("ق", 10), T("ف", 10), T("غ", 10),
    T("ع", 10), T("ه", 10), T("خ", 10), T("ح", 10), T("ج", 10), T("د", 10), END,
    T("ش", 10), T("س", 10), T("ي", 10), T("ب", 10), T("ل", 10), T("ا", 10),
    T("ت", 10), T("ن", 10), T("م", 10), T("ك", 10), T("ط", 10), T("ذ", 10), END,
    T("ئ", 10), T("ء", 10), T("ؤ", 10), T("ر", 10), T("لا", 10), T("ى", 10),
    T("ة", 10), T("و", 10), T("ز", 10), T("ظ", 10), {K_BACKSPACE, 20, NULL}, END,
    BOTTOM_ROW("،"),
};

/* A half key of space before and after the middle row, as on QWERTY. */
static const kbkey_t latin[] = {
    T("q", 12), T("w", 12), T("e", 12), T("r", 12), T("t", 12),
    T("y", 12), T("u", 12), T("i", 12), T("o", 12), T("p", 12), END,
    {K_END + 1, 6, NULL}, T("a", 12), T("s", 12), T("d", 12), T("f", 12), T("g", 12),
    T("h", 12), T("j", 12), T("k", 12), T("l", 12), {K_END + 1, 6, NULL}, END,
    {K_SHIFT, 18, NULL}, T("z", 12), T("x", 12), T("c", 12), T("v", 12),
    T("b", 12), T("n", 12), T("m", 12), {K_BACKSPACE, 18, NULL}, END,
    BOTTOM_ROW(","),
};

static const kbkey_t digits[] = {
    T("1", 12), T("2", 12), T("3", 12), T("4", 12), T("5", 12),
    T("6", 12), T("7", 12), T("8", 12), T("9", 12), T("0", 12), END,
    T("-", 12), T("/", 12), T(":", 12), T("؛", 12), T("(", 12),
    T(")", 12), T("\"", 12), T("'", 12), T("@", 12), T("&", 12), END,
    T("أ", 11), T("إ", 11), T("آ", 11), T("؟", 11), T("!", 11),
    T("?", 11), T("#", 11), T("%", 11), T("+", 11), {K_BACKSPACE, 21, NULL}, END,
    BOTTOM_ROW("،"),
};
/* clang-format on */

static const kbkey_t *const layouts[SAH_KB_LAYOUT_COUNT] = {arabic, latin, digits};

/* A key with nothing to type: the space that centres a row. */
#define K_BLANK (K_END + 1)

struct sah_keyboard {
    sah_ui_t *ui; /* not owned */
    sah_box_t box;
    sah_kb_layout_t layout, letters; /* letters: the layout the digits go back to */
    bool shift;
    const char *enter; /* not owned */
    unsigned long serial;
};

sah_keyboard_t *sah_keyboard_new(sah_ui_t *ui)
{
    sah_keyboard_t *kb = calloc(1, sizeof *kb);
    if (!kb)
        return NULL;
    kb->ui = ui;
    kb->layout = kb->letters = sah_ui_rtl(ui) ? SAH_KB_ARABIC : SAH_KB_LATIN;
    kb->enter = sah_ui_str(ui, "kb_enter");
    return kb;
}

void sah_keyboard_free(sah_keyboard_t *kb)
{
    free(kb);
}

int sah_keyboard_height(const sah_ui_t *ui, int width, int height)
{
    (void)width;
    int h = ROWS * sah_ui_px(ui, ROW_H) + 2 * sah_ui_px(ui, MARGIN);
    /* Never more than half the screen: the field and a result stay seen. */
    return h > height / 2 ? height / 2 : h;
}

void sah_keyboard_place(sah_keyboard_t *kb, int x, int y, int w, int h)
{
    kb->box = (sah_box_t){x, y, w, h};
    kb->serial++;
}

sah_box_t sah_keyboard_box(const sah_keyboard_t *kb)
{
    return kb->box;
}

void sah_keyboard_set_layout(sah_keyboard_t *kb, sah_kb_layout_t layout)
{
    if (layout < 0 || layout >= SAH_KB_LAYOUT_COUNT || layout == kb->layout)
        return;
    kb->layout = layout;
    if (layout != SAH_KB_DIGITS)
        kb->letters = layout;
    kb->shift = false;
    kb->serial++;
}

sah_kb_layout_t sah_keyboard_layout(const sah_keyboard_t *kb)
{
    return kb->layout;
}

void sah_keyboard_set_enter_label(sah_keyboard_t *kb, const char *label)
{
    kb->enter = label;
    kb->serial++;
}

unsigned long sah_keyboard_serial(const sah_keyboard_t *kb)
{
    return kb->serial;
}

/* Calls @fn for each key of the current layout with its box; stops when
 * @fn returns true and returns that key (NULL when none did). */
typedef bool (*each_fn)(const kbkey_t *k, sah_box_t b, void *user);

static const kbkey_t *each_key(const sah_keyboard_t *kb, each_fn fn, void *user)
{
    const sah_ui_t *ui = kb->ui;
    int m = sah_ui_px(ui, MARGIN), gap = sah_ui_px(ui, GAP);
    int inner_w = kb->box.w - 2 * m, row_h = (kb->box.h - 2 * m) / ROWS;
    const kbkey_t *k = layouts[kb->layout];
    for (int row = 0; row < ROWS; row++, k++) {
        int units = 0;
        for (; k->kind != K_END; k++) {
            int x0 = kb->box.x + m + inner_w * units / COLUMNS;
            units += k->w;
            int x1 = kb->box.x + m + inner_w * units / COLUMNS;
            sah_box_t b = {x0 + gap / 2, kb->box.y + m + row * row_h + gap / 2, x1 - x0 - gap,
                           row_h - gap};
            if (k->kind != K_BLANK && fn(k, b, user))
                return k;
        }
    }
    return NULL;
}

typedef struct {
    int x, y;
    sah_box_t box;
} hit_t;

static bool at_point(const kbkey_t *k, sah_box_t b, void *user)
{
    hit_t *h = user;
    (void)k;
    /* The gaps belong to the nearest key: a finger between two keys
     * types one of them, never nothing. */
    int g = 3;
    sah_box_t wide = {b.x - g, b.y - g, b.w + 2 * g, b.h + 2 * g};
    if (!sah_box_inside(wide, h->x, h->y))
        return false;
    h->box = b;
    return true;
}

/* The letter @t with Shift: an ASCII lower-case letter up, others as
 * they are (a key's text is at most 7 bytes). */
static void shifted(const char *t, char out[8])
{
    snprintf(out, 8, "%s", t);
    if (out[0] >= 'a' && out[0] <= 'z' && !out[1])
        out[0] = (char)(out[0] - 'a' + 'A');
}

sah_kb_result_t sah_keyboard_tap(sah_keyboard_t *kb, int x, int y, sah_textfield_t *field)
{
    hit_t h = {x, y, {0, 0, 0, 0}};
    const kbkey_t *k = each_key(kb, at_point, &h);
    if (!k)
        return SAH_KB_NOTHING;
    switch (k->kind) {
    case K_TEXT:
    case K_SPACE: {
        char t[8];
        if (kb->shift)
            shifted(k->text, t);
        else
            snprintf(t, sizeof t, "%s", k->text);
        (void)sah_textfield_insert(field, t); /* a full field takes nothing */
        if (kb->shift) {
            kb->shift = false;
            kb->serial++;
        }
        return SAH_KB_TYPED;
    }
    case K_BACKSPACE:
        (void)sah_textfield_backspace(field);
        return SAH_KB_TYPED;
    case K_ENTER:
        return SAH_KB_ENTER;
    case K_SHIFT:
        kb->shift = !kb->shift;
        kb->serial++;
        return SAH_KB_REDRAW;
    case K_DIGITS:
        sah_keyboard_set_layout(kb, kb->layout == SAH_KB_DIGITS ? kb->letters : SAH_KB_DIGITS);
        return SAH_KB_REDRAW;
    case K_LANGUAGE:
        sah_keyboard_set_layout(kb, kb->letters == SAH_KB_ARABIC ? SAH_KB_LATIN : SAH_KB_ARABIC);
        return SAH_KB_REDRAW;
    default:
        return SAH_KB_NOTHING;
    }
}

typedef struct {
    const char *name;
    sah_box_t box;
} find_t;

static const char *key_name(kind_t k)
{
    static const char *const names[] = {
        [K_BACKSPACE] = "backspace", [K_ENTER] = "enter",   [K_SPACE] = "space",
        [K_SHIFT] = "shift",         [K_DIGITS] = "digits", [K_LANGUAGE] = "language"};
    return k > K_TEXT && k < K_END ? names[k] : NULL;
}

static bool named(const kbkey_t *k, sah_box_t b, void *user)
{
    find_t *f = user;
    const char *n = k->kind == K_TEXT ? k->text : key_name(k->kind);
    if (!n || strcmp(n, f->name) != 0)
        return false;
    f->box = b;
    return true;
}

bool sah_keyboard_key_box(const sah_keyboard_t *kb, const char *text, sah_box_t *out)
{
    find_t f = {text, {0, 0, 0, 0}};
    if (!each_key(kb, named, &f))
        return false;
    *out = f.box;
    return true;
}

/* ---- drawing ------------------------------------------------------------ */

/* Coverage of a key's face: a light grey under its label; the keys that
 * do something other than type a little darker, as on a phone's. */
#define FACE_LETTER 34
#define FACE_ACTION 80

typedef struct {
    sah_keyboard_t *kb;
    sah_pagebuf_t *buf;
    bool ok;
} draw_t;

static const char *label_of(const sah_keyboard_t *kb, const kbkey_t *k, char tmp[8])
{
    const sah_ui_t *ui = kb->ui;
    switch (k->kind) {
    case K_TEXT:
        if (kb->shift) {
            shifted(k->text, tmp);
            return tmp;
        }
        return k->text;
    case K_BACKSPACE:
        return "\xE2\x8C\xAB"; /* U+232B ERASE TO THE LEFT */
    case K_ENTER:
        return kb->enter;
    case K_SPACE:
        return sah_ui_str(ui, kb->letters == SAH_KB_ARABIC ? "kb_arabic" : "kb_latin");
    case K_SHIFT:
        return "\xE2\x87\xA7"; /* U+21E7 UPWARDS WHITE ARROW */
    case K_DIGITS:
        return kb->layout == SAH_KB_DIGITS
                   ? sah_ui_str(ui,
                                kb->letters == SAH_KB_ARABIC ? "kb_letters_ar" : "kb_letters_en")
                   : "123";
    case K_LANGUAGE:
        return sah_ui_str(ui, kb->letters == SAH_KB_ARABIC ? "kb_to_latin" : "kb_to_arabic");
    default:
        return "";
    }
}

static bool draw_key(const kbkey_t *k, sah_box_t b, void *user)
{
    draw_t *d = user;
    sah_ui_t *ui = d->kb->ui;
    bool action = k->kind != K_TEXT;
    uint8_t face = action && !(k->kind == K_SHIFT && !d->kb->shift) ? FACE_ACTION : FACE_LETTER;
    if (k->kind == K_SPACE)
        face = FACE_LETTER;
    sah_pagebuf_fill_rect(d->buf, b.x, b.y, b.w, b.h, face);
    char tmp[8];
    sah_ui_style_t st = k->kind == K_TEXT && strlen(k->text) <= 4 ? SAH_UI_TITLE : SAH_UI_BODY;
    if (k->kind == K_SPACE)
        st = SAH_UI_SMALL;
    int base = b.y + (b.h + sah_ui_ascent(ui, st) - sah_ui_descent(ui, st)) / 2;
    d->ok &= sah_ui_text(ui, d->buf, st, label_of(d->kb, k, tmp), b.x + 2, base, b.w - 4,
                         SAH_UI_CENTER) >= 0;
    return false;
}

bool sah_keyboard_draw(sah_keyboard_t *kb, sah_pagebuf_t *buf)
{
    draw_t d = {kb, buf, true};
    /* A rule above: where the page ends and the keys begin. */
    sah_pagebuf_fill_rect(buf, kb->box.x, kb->box.y, kb->box.w, 1, 255);
    each_key(kb, draw_key, &d);
    return d.ok;
}

/* ---- the field ---------------------------------------------------------- */

/* Bytes of the field's text shown: its end, as much as a box can take at
 * any size, cut at a character. */
#define FIELD_TAIL 512

bool sah_keyboard_draw_field(sah_ui_t *ui, sah_pagebuf_t *buf, sah_box_t b, const char *text,
                             const char *placeholder)
{
    int t = sah_ui_px(ui, 2) > 1 ? sah_ui_px(ui, 2) : 1, pad = sah_ui_px(ui, 12);
    sah_pagebuf_fill_rect(buf, b.x, b.y, b.w, t, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y + b.h - t, b.w, t, 255);
    sah_pagebuf_fill_rect(buf, b.x, b.y, t, b.h, 255);
    sah_pagebuf_fill_rect(buf, b.x + b.w - t, b.y, t, b.h, 255);
    sah_ui_style_t st = SAH_UI_BODY;
    int base = b.y + (b.h + sah_ui_ascent(ui, st) - sah_ui_descent(ui, st)) / 2;
    int inner = b.w - 2 * pad, caret_w = sah_ui_px(ui, 2) > 1 ? sah_ui_px(ui, 2) : 1;
    int caret_h = sah_ui_ascent(ui, st) + sah_ui_descent(ui, st) / 2;
    if (!text || !*text) {
        int x = sah_ui_rtl(ui) ? b.x + b.w - pad : b.x + pad;
        sah_pagebuf_fill_rect(buf, x, base - sah_ui_ascent(ui, st), caret_w, caret_h, 255);
        if (!placeholder)
            return true;
        /* The hint set small: one text colour draws it, so it cannot be
         * greyed as a placeholder usually is. */
        int gap = sah_ui_px(ui, 8);
        return sah_ui_text(ui, buf, SAH_UI_SMALL, placeholder, b.x + pad + gap, base,
                           inner - 2 * gap, SAH_UI_START) >= 0;
    }
    /* Its own direction (UAX#9 P2-P3), whatever the UI's: an Arabic
     * query sits at the right, a Latin one at the left. */
    size_t n = strlen(text);
    const char *shown = text;
    char tail[FIELD_TAIL + 8];
    int level;
    {
        uint32_t cp[64];
        size_t m = sah_utf8_decode(text, n < 64 ? n : 64, SAH_UTF8_STRICT, cp, NULL, NULL);
        level = sah_bidi_first_strong(cp, m);
    }
    bool rtl = level < 0 ? sah_ui_rtl(ui) : level == 1;
    sah_ui_align_t align = rtl == sah_ui_rtl(ui) ? SAH_UI_START : SAH_UI_END;
    /* Too wide: its end, behind an ellipsis at the start. */
    int w = sah_ui_measure(ui, st, text);
    for (size_t cut = n > FIELD_TAIL ? n - FIELD_TAIL : 0; w > inner - 2 * caret_w && cut < n;) {
        while (cut < n && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut++;
        snprintf(tail, sizeof tail, "\xE2\x80\xA6%s", text + cut);
        shown = tail;
        w = sah_ui_measure(ui, st, shown);
        cut += 4;
    }
    /* In the other direction than the UI's, the text is isolated in its
     * own (RLI or LRI ... PDI, UAX#9 X5a-X5b): the UI's paragraph would
     * otherwise order its runs ("قال C++" as "C++" right of "قال"). */
    char iso[FIELD_TAIL + 16];
    if (rtl != sah_ui_rtl(ui)) {
        if (rtl) /* RLI ... PDI */
            snprintf(iso, sizeof iso, "\xE2\x81\xA7%s\xE2\x81\xA9", shown);
        else /* LRI ... PDI */
            snprintf(iso, sizeof iso, "\xE2\x81\xA6%s\xE2\x81\xA9", shown);
        shown = iso;
    }
    int drawn = sah_ui_text(ui, buf, st, shown, b.x + pad, base, inner, align);
    if (drawn < 0)
        return false;
    /* The caret after the text's end: at its left in right-to-left text. */
    int x = rtl ? b.x + b.w - pad - drawn - 2 * caret_w : b.x + pad + drawn + caret_w;
    sah_pagebuf_fill_rect(buf, x, base - sah_ui_ascent(ui, st), caret_w, caret_h, 255);
    return true;
}
