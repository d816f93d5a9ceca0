/*
 * ui.h - what the screens share: the UI strings (uistrings.h, translated by
 * gettext's catalogue of the UI's language: po/<lang>.po),
 * numbers in Arabic-Indic or Western digits, and drawing one line of UI text
 * or a solid bar into a page buffer, through the render engine (no shaping
 * or bidi here: lines come from sah_layout like the article's).
 *
 *   sah_ui_t *ui = sah_ui_new("ar", 1.0);
 *   sah_ui_text(ui, buf, SAH_UI_TITLE, sah_ui_str(ui, "library"), 16, 40, 768, SAH_UI_START);
 *   sah_ui_rect(ui, buf, 16, 60, 300, 2);
 *   sah_ui_free(ui);
 *
 * Everything is drawn as coverage in the buffer's one text colour (the
 * raster's design: a theme recolours without a redraw), bars included
 * (sah_pagebuf_fill_rect()).
 */
#ifndef SAH_UI_H
#define SAH_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "render/text/bidi.h"
#include "render/raster/raster.h"

typedef struct sah_ui sah_ui_t;

/* Text styles; sizes scale with the screen (sah_ui_new's @scale). */
typedef enum {
    SAH_UI_SMALL = 0, /* status bar, metadata: 15 px at scale 1 */
    SAH_UI_BODY,      /* list entries: 20 px */
    SAH_UI_TITLE,     /* screen titles, bold: 26 px */
    SAH_UI_BOLD,      /* entry titles, bold: 20 px */
    SAH_UI_STYLE_COUNT
} sah_ui_style_t;

typedef enum {
    SAH_UI_START = 0, /* the UI language's start edge: right in Arabic */
    SAH_UI_END,
    SAH_UI_CENTER,
} sah_ui_align_t;

/*
 * sah_ui_new:
 * @lang: "ar" or "en": the UI's language and direction.
 * @scale: 1.0 for an 800x480 screen (sizes in px are multiplied by it).
 *
 * Loads @lang's translations (msgcat.h: a missing or damaged catalogue is
 * logged and leaves the strings in English) and the UI fonts (Noto Sans
 * Arabic, Noto Sans, DejaVu Sans; "default" if those are missing). Each UI
 * has its own catalogue: two UIs of two languages live side by side.
 *
 * Returns: (transfer full), or NULL after one line naming the font that
 * failed, or when out of memory.
 */
sah_ui_t *sah_ui_new(const char *lang, double scale) __attribute__((warn_unused_result));
void sah_ui_free(sah_ui_t *ui);

/* Changes the size of every style (a resize); false (logged) if a font
 * could not be loaded at the new size (the old ones are kept). */
bool sah_ui_set_scale(sah_ui_t *ui, double scale) __attribute__((warn_unused_result));

/* The scale for a screen of @w x @h pixels (1.0 at 800x480 or 480x800). */
double sah_ui_scale_for(int w, int h);

/* Returns: (transfer none) the string of @key (uistrings.c) in the UI's
 * language, owned by @ui, valid until sah_ui_free(); English when the
 * catalogue has no translation; @key itself when the table has no such key
 * (visible in the UI rather than a crash). */
const char *sah_ui_str(const sah_ui_t *ui, const char *key);

/* Returns: (transfer none) the form of @key for the number @n (its
 * absolute value): the catalogue's, by its Plural-Forms (Arabic's six:
 * zero, one, two, few 3-10, many 11-99, other); in English, the singular
 * for 1. A key without plural forms gives sah_ui_str()'s. */
const char *sah_ui_plural(const sah_ui_t *ui, const char *key, long n);

/* Whether the UI reads right to left (Arabic). */
bool sah_ui_rtl(const sah_ui_t *ui);

/* The UI's paragraph direction (SAH_DIR_RTL or SAH_DIR_LTR). */
sah_direction_t sah_ui_dir(const sah_ui_t *ui);

/* Whether numbers use Arabic-Indic digits (٠١٢٣). Default: the UI is Arabic. */
void sah_ui_set_arabic_digits(sah_ui_t *ui, bool on);
bool sah_ui_arabic_digits(const sah_ui_t *ui);

/* Writes @n in the UI's digits into @out (NUL-terminated, cut to @size). */
void sah_ui_number(const sah_ui_t *ui, long n, char *out, size_t size);

/*
 * sah_ui_format:
 * Expands @fmt (a UI string) into @out: "{1}", "{2}", "{3}" are replaced by
 * @a1, @a2, @a3 (nullable: replaced by nothing), each between FIRST STRONG
 * ISOLATE and POP DIRECTIONAL ISOLATE (UAX#9 X5c): a value keeps its own
 * direction and order whatever the string's ("Page 1 of 3" with an Arabic
 * title, an Arabic string with "--import" or a path). Cut to @size,
 * NUL-terminated, never inside a UTF-8 sequence.
 */
void sah_ui_format(char *out, size_t size, const char *fmt, const char *a1, const char *a2,
                   const char *a3);

/* Pixel metrics of a style: the distance from a line's top to its baseline
 * and a comfortable line pitch. */
int sah_ui_ascent(const sah_ui_t *ui, sah_ui_style_t style);
int sah_ui_descent(const sah_ui_t *ui, sah_ui_style_t style);
int sah_ui_pitch(const sah_ui_t *ui, sah_ui_style_t style);
/* A length in px at the current scale. */
int sah_ui_px(const sah_ui_t *ui, double px_at_scale_1);

/*
 * sah_ui_text:
 * Draws @utf8 as one line on @baseline in the box [@x, @x + @width), aligned
 * per @align for the UI's direction (a string's own bidi runs are ordered by
 * the engine). Text longer than the box is cut at a line-break opportunity
 * and ends with "…".
 *
 * Returns: the width drawn in px (0 for an empty string); -1 when a glyph or
 * memory failed (logged).
 */
int sah_ui_text(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t style, const char *utf8, int x,
                int baseline, int width, sah_ui_align_t align);

/*
 * sah_ui_text_warm:
 * As sah_ui_text() in the UI's direction, drawing nothing: renders into the
 * UI's glyph cache the glyphs it would draw, from glyph *@done on, and
 * stops once @max were rendered (not cached already), *@done then where
 * the next call goes on; *@complete says whether every glyph was looked
 * at. With *@done past the last glyph, only lays the text out. For a
 * frame drawn in bounded steps (reader.c's status bar).
 *
 * Returns: the width sah_ui_text() would return; -1 when memory failed.
 */
int sah_ui_text_warm(sah_ui_t *ui, sah_ui_style_t style, const char *utf8, int x, int width,
                     sah_ui_align_t align, size_t *done, size_t max, bool *complete);

/* As sah_ui_text(), for a line of direction @dir (SAH_DIR_RTL or _LTR;
 * others: the UI's): its paragraph direction, and @align's start edge. A
 * title in its own direction (uitext.h) is drawn so in either UI. */
int sah_ui_text_dir(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t style, const char *utf8, int x,
                    int baseline, int width, sah_direction_t dir, sah_ui_align_t align);

/* The width in px @utf8 takes on one line in @style (unwrapped, uncut),
 * laid out as sah_ui_text() would; 0 for an empty string, -1 when memory
 * failed. */
int sah_ui_measure(sah_ui_t *ui, sah_ui_style_t style, const char *utf8);

/*
 * sah_ui_text_marked:
 * sah_ui_text() with the bytes [@marks[2i], @marks[2i + 1]) of @utf8, for
 * each of @n_marks ranges, shown on a light box (coverage @shade) the
 * height of the line: a search hit in a snippet. A range is boxed where
 * its glyphs are drawn (render/page/pagebox.h), so one that crosses a run
 * of the other direction is several boxes. Ranges past a cut ("…") are
 * boxed as far as they are shown.
 */
int sah_ui_text_marked(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t style, const char *utf8,
                       int x, int baseline, int width, sah_ui_align_t align, const size_t *marks,
                       size_t n_marks, unsigned char shade);

/*
 * sah_ui_rect:
 * Fills [@x, @x + @w) x [@y, @y + @h) with full coverage, clipped to @buf
 * (sah_pagebuf_fill_rect(): bars stay in the coverage plane, so themes
 * recolour them too). Returns true (kept bool for callers' &= chains).
 */
bool sah_ui_rect(sah_ui_t *ui, sah_pagebuf_t *buf, int x, int y, int w, int h);

/*
 * Notices: what the reader must know and cannot change from the screen (a
 * setting that could not be applied, changes that will not be kept, and
 * why), shown by the library and the reader in a band across the top of the
 * screen, one line each, for as long as they hold. A screen remembers the
 * sah_ui_notice_serial() it drew and laid itself out under: when it changes,
 * it draws again, and makes room when the band's height changed.
 */
#define SAH_UI_MAX_NOTICES 4

/*
 * sah_ui_set_notice:
 * @key: (transfer none): what the notice is about ("saving", ...), copied.
 * @utf8: (nullable) (transfer none): the notice, copied; NULL or "" takes
 *   @key's notice away.
 *
 * Shows @utf8 in place of @key's notice (where it was in the band), or as
 * a new last line. Returns: false (logged) when out of memory or
 * SAH_UI_MAX_NOTICES others are shown; the band is then unchanged.
 */
bool sah_ui_set_notice(sah_ui_t *ui, const char *key, const char *utf8);

/* A notice that holds until the app ends: sah_ui_set_notice() with the
 * text as its key (one already shown is not shown twice). */
bool sah_ui_add_notice(sah_ui_t *ui, const char *utf8);

size_t sah_ui_n_notices(const sah_ui_t *ui);

/* (transfer none) (nullable): notice @i, NULL past the last, owned by @ui,
 * valid until the band changes. */
const char *sah_ui_notice(const sah_ui_t *ui, size_t i);

/* Changes whenever the band does. */
unsigned long sah_ui_notice_serial(const sah_ui_t *ui);

/* The height of the band at the current scale, px: 0 without notices. The
 * screens lay out their content below it. */
int sah_ui_notices_height(const sah_ui_t *ui);

/* Draws the band into the top sah_ui_notices_height() px of @buf: each
 * notice on a line (cut with "…" when too long), a rule under them.
 * Returns: false when a glyph or memory failed (logged). */
bool sah_ui_draw_notices(sah_ui_t *ui, sah_pagebuf_t *buf);

/* Returns: (transfer none) the glyph cache every screen draws through, owned
 * by @ui. */
sah_glyphcache_t *sah_ui_glyphcache(sah_ui_t *ui);

#endif
