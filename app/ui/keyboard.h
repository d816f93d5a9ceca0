/*
 * keyboard.h - the on-screen keyboard of a touch-only kiosk, drawn with the
 * render engine like the rest of the UI (each key's label shaped: "لا" is
 * the lam-alef ligature), typing into a text field (textfield.h).
 *
 *   sah_keyboard_t *kb = sah_keyboard_new(ui);
 *   int h = sah_keyboard_height(ui, 800, 480);        // 220 px at 800x480
 *   sah_keyboard_place(kb, 0, 480 - h, 800, h);
 *   sah_keyboard_draw(kb, buf);
 *   if (sah_keyboard_tap(kb, x, y, field) == SAH_KB_ENTER) ...;
 *   sah_keyboard_free(kb);
 *
 * Layouts: Arabic (the letters of the common Arabic PC layout, its three
 * rows as on the keys: ض ص ث ق ف غ ع ه خ ح ج د / ش س ي ب ل ا ت ن م ك ط ذ /
 * ئ ء ؤ ر لا ى ة و ز ظ, ذ from the PC layout's corner key at the end of
 * the second row), Latin (QWERTY, with a one-shot Shift), and digits with
 * punctuation and the hamza forms of alef (أ إ آ). Every layout has
 * backspace, a bottom row with the switch to digits, the switch between
 * Arabic and Latin, a comma, space, a full stop and Enter (its label is the
 * screen's: "Search", "Save"). The keys stand as on a physical keyboard
 * (ض at the top left) in either UI language.
 *
 * Size: 12 columns by 4 rows over the width given. At 800x480 a column is
 * 66 px and a row 54 (keys of 62 x 50 px with 4 px between them): 12 x
 * 9.6 mm on the official 7-inch panel (about 5.2 px/mm), above the 9 mm a
 * finger needs. Heights scale with the UI; widths follow the screen, so a
 * portrait 480 px wide screen gets narrower keys (7 mm columns).
 */
#ifndef SAH_KEYBOARD_H
#define SAH_KEYBOARD_H

#include <stdbool.h>

#include "app/ui/textfield.h"
#include "app/ui/ui.h"
#include "app/ui/widget.h"
#include "render/raster/raster.h"

typedef struct sah_keyboard sah_keyboard_t;

typedef enum {
    SAH_KB_ARABIC = 0,
    SAH_KB_LATIN,
    SAH_KB_DIGITS,
    SAH_KB_LAYOUT_COUNT
} sah_kb_layout_t;

/* What a tap did. */
typedef enum {
    SAH_KB_NOTHING = 0, /* not on a key */
    SAH_KB_REDRAW,      /* the keyboard changed (a layout, Shift) */
    SAH_KB_TYPED,       /* the field's text changed (or a key was refused: full) */
    SAH_KB_ENTER,       /* Enter */
} sah_kb_result_t;

/* @ui: (transfer none) must outlive the keyboard. Starts in the UI's
 * language's letters. Returns: (transfer full), or NULL when out of memory. */
sah_keyboard_t *sah_keyboard_new(sah_ui_t *ui) __attribute__((warn_unused_result));
void sah_keyboard_free(sah_keyboard_t *kb);

/* The height the keyboard takes at the bottom of a @width x @height screen. */
int sah_keyboard_height(const sah_ui_t *ui, int width, int height);

/* Where it is drawn and tapped, window px. */
void sah_keyboard_place(sah_keyboard_t *kb, int x, int y, int w, int h);
sah_box_t sah_keyboard_box(const sah_keyboard_t *kb);

void sah_keyboard_set_layout(sah_keyboard_t *kb, sah_kb_layout_t layout);
sah_kb_layout_t sah_keyboard_layout(const sah_keyboard_t *kb);

/* The Enter key's label ((transfer none): a UI string, kept by pointer:
 * it must live as long as the keyboard, as sah_ui_str()'s do). */
void sah_keyboard_set_enter_label(sah_keyboard_t *kb, const char *label);

/* A tap at (@x, @y): a letter, a digit or space into @field, backspace
 * out of it; a switch of layout; Enter. */
sah_kb_result_t sah_keyboard_tap(sah_keyboard_t *kb, int x, int y, sah_textfield_t *field);

/*
 * sah_keyboard_key_box:
 * Where the key that types @text is on the current layout, or the key
 * named "backspace", "enter", "space", "shift", "digits" (the switch to
 * digits and back) or "language" (Arabic <-> Latin). For tests and for
 * tools that drive the screen. Returns: false when it has no such key.
 */
bool sah_keyboard_key_box(const sah_keyboard_t *kb, const char *text, sah_box_t *out);

/* Draws the keyboard into its box of @buf. False when a glyph failed
 * (logged; the rest is drawn). */
bool sah_keyboard_draw(sah_keyboard_t *kb, sah_pagebuf_t *buf);

/* A number that changes whenever the keyboard's picture does. */
unsigned long sah_keyboard_serial(const sah_keyboard_t *kb);

/*
 * sah_keyboard_draw_field:
 * An input field as every screen draws it: a frame around @b, the text in
 * its own direction (an Arabic query at the right, a Latin one at the
 * left, in either UI language), with a caret at its end; @placeholder in
 * the UI's start edge when the text is empty. When the text is wider than
 * the box its end is shown (where the caret is).
 */
bool sah_keyboard_draw_field(sah_ui_t *ui, sah_pagebuf_t *buf, sah_box_t b, const char *text,
                             const char *placeholder);

#endif
