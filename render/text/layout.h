/*
 * layout.h - the text engine: paragraphs of an article into positioned glyph
 * lines.
 *
 *   sah_fontchain_t *fonts = sah_fontchain_new("default", 20);
 *   sah_layout_t *lay = sah_layout_new(fonts, NULL);
 *   sah_lines_t *lines = sah_lines_new();
 *   sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
 *   o.width = 432 * 64;
 *   for (size_t p = 0; p < sah_text_paragraph_count(text); p++)
 *       sah_layout_paragraph(lay, text, p, &o, lines);
 *   // sah_lines_get(lines, i), sah_lines_glyphs(lines, i, &n) ...
 *
 * Pipeline per bidi paragraph (a hard line of a paragraph): FriBidi levels
 * for the whole paragraph; script itemization (Common and Inherited characters
 * take their neighbours' script, brackets pair, as libraqm does); a font per
 * character from the fallback chain (marks stay with their base's font);
 * shaping by HarfBuzz per (level, script, font) item, word by word through
 * the shape cache when the font allows it; UAX#14 break opportunities from
 * ICU and first-fit filling; then each line alone: rule L1, items reordered by
 * L2, glyphs placed, justified (spaces stretched) unless it ends a paragraph.
 *
 * Working memory is bounded per call, whatever the paragraph's length: a
 * bidi paragraph longer than 1.5 x SAH_LAYOUT_SLICE code points is laid out
 * in slices (sah_layout_slice()). Each slice is analysed as above on a
 * window of its text with SAH_LAYOUT_CONTEXT code points of context on each
 * side, at the base direction of the whole bidi paragraph, and keeps the
 * lines that end within its first SAH_LAYOUT_SLICE code points; the next
 * slice starts where the first line it did not keep starts. Lines are filled
 * exactly as in one piece; what a slice cannot see is bidi and line-break
 * context further away than SAH_LAYOUT_CONTEXT (an embedding or isolate
 * opened before the window, brackets paired across it). A line that would
 * be longer than a slice (invisible characters, or no wrapping) is cut at a
 * grapheme boundary, so that no line has more than 1.5 x SAH_LAYOUT_SLICE
 * code points.
 *
 * All positions are 26.6 fixed point pixels. Byte offsets refer to the source
 * text given to sah_text_new(): that is what pages and bookmarks keep.
 */
#ifndef SAH_LAYOUT_H
#define SAH_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/text/bidi.h"
#include "fonts/font.h"
#include "fonts/fontchain.h"
#include "render/text/lines.h"
#include "render/text/text.h"

/* How much of a justified line's slack Arabic words take by lengthening
 * joins (kashida) before spaces take the rest (see the head of this file).
 * The zero value is the default, so that a zeroed geometry gets it. */
typedef enum {
    SAH_KASHIDA_MODERATE = 0, /* a loose line lengthens one join in a few words */
    SAH_KASHIDA_OFF,          /* spaces only */
    SAH_KASHIDA_STRONG,       /* joins before spaces, up to two in a word, longer ones */
} sah_kashida_t;

/* Which digits a number is shown in. The text keeps its own: a digit is
 * swapped for its counterpart as the text is given to the shaper (bidi,
 * line breaks and byte offsets see the text as written; a glyph's cluster
 * is the written digit's bytes). With SAH_DIGITS_ARABIC a number in Arabic
 * text (its digits take the script of the words around them, UAX#24) is
 * set in Arabic-Indic digits (U+0660..U+0669), with the Arabic decimal and
 * thousands separators (U+066B, U+066C) for a full stop or comma between
 * two of its digits and the Arabic percent sign (U+066A) after one; a
 * number in Latin text keeps its European digits. SAH_DIGITS_WESTERN sets
 * every Arabic-Indic and Extended Arabic-Indic (U+06F0..U+06F9) digit, and
 * the three Arabic signs, in their European forms. The zero value is the
 * default, so that zeroed options get it. */
typedef enum {
    SAH_DIGITS_AS_WRITTEN = 0,
    SAH_DIGITS_ARABIC,
    SAH_DIGITS_WESTERN,
} sah_digits_t;

/* The names of the settings above as the ini file, the command line and
 * the store spell them: "moderate", "off", "strong"; "as-written",
 * "arabic", "western". *_from_name() gives the setting for @name, or -1
 * for NULL or any other string; *_name() gives the static name of a
 * setting (NULL for a value outside the enum). */
int sah_kashida_from_name(const char *name);
const char *sah_kashida_name(sah_kashida_t k);
int sah_digits_from_name(const char *name);
const char *sah_digits_name(sah_digits_t d);

/* How lines are chosen among the break opportunities. */
typedef enum {
    SAH_FILL_TOTAL, /* the whole bidi paragraph at once (total fit): the default */
    SAH_FILL_FIRST, /* each line as full as it goes (first fit) */
} sah_fill_t;

typedef struct {
    int32_t width;         /* line width, 26.6; <= 0: no wrapping (one line per bidi paragraph) */
    sah_direction_t dir;   /* base direction of each bidi paragraph */
    bool justify;          /* fill lines that do not end a paragraph to @width */
    sah_kashida_t kashida; /* with @justify: how Arabic words take part */
    sah_fill_t fill;
    sah_digits_t digits; /* which digits numbers are shown in */
    /* Lines with their bytes and vertical metrics only, no glyphs (and a
     * width of 0, never marked justified): what counting pages needs,
     * without placing the glyphs it would throw away. The lines break
     * where they would with glyphs. */
    bool measure_only;
} sah_layout_opts_t;

#define SAH_LAYOUT_OPTS_INIT                                                                       \
    {                                                                                              \
        0, SAH_DIR_AUTO, true, SAH_KASHIDA_MODERATE, SAH_FILL_TOTAL, SAH_DIGITS_AS_WRITTEN, false  \
    }

/* Characters HarfBuzz may look past when it attaches a mark (Unicode marks,
 * default ignorables, characters the font draws as a mark glyph) shaped in a
 * row after a base; the rest of such a run is not given to HarfBuzz and
 * stays invisible with no advance. HarfBuzz 6.0 searches such a run from
 * every mark in it (quadratic) and keeps the distance to the base in 16
 * bits (an abort past 32,767): CVE-2023-25193. */
#define SAH_MAX_MARKS_PER_CLUSTER 32

typedef struct sah_layout sah_layout_t;

/*
 * sah_layout_new:
 * @chain: (transfer none): the fonts; must outlive the layout.
 * @language: (nullable): BCP 47 language for shaping, NULL for HarfBuzz's
 *   default (the locale's, as libraqm does).
 *
 * Returns: (transfer full), or NULL when out of memory or ICU is unusable.
 */
sah_layout_t *sah_layout_new(sah_fontchain_t *chain, const char *language)
    __attribute__((warn_unused_result));
void sah_layout_free(sah_layout_t *layout);

/* Replaces the font chain (e.g. after a size change); cached words of the
 * old chain's fonts are never reused (keys hold font serials). */
void sah_layout_set_chain(sah_layout_t *layout, sah_fontchain_t *chain);

/* Drops the shape cache: the next layout starts cold. */
void sah_layout_clear_cache(sah_layout_t *layout);

typedef enum {
    SAH_WORDS_OFF,   /* every run shaped whole, nothing cached: the reference */
    SAH_WORDS_AUTO,  /* words shaped and cached one by one where the font allows
                        it (sah_font_words_independent()), runs elsewhere: default */
    SAH_WORDS_FORCE, /* words one by one whatever the font: only for tests that
                        show why AUTO must ask the font */
} sah_words_mode_t;

void sah_layout_set_word_cache(sah_layout_t *layout, sah_words_mode_t mode);

/*
 * sah_layout_paragraph:
 * Lays out paragraph @index of @text and appends its lines to @out.
 *
 * Returns: false only when out of memory; lines appended before the failure
 * stay in @out.
 */
bool sah_layout_paragraph(sah_layout_t *layout, const sah_text_t *text, size_t index,
                          const sah_layout_opts_t *opts, sah_lines_t *out)
    __attribute__((warn_unused_result));

/*
 * sah_layout_span:
 * Like sah_layout_paragraph() for any range of code points of @text (treated
 * as one paragraph; newlines inside are forced breaks). @para is stored in
 * the lines.
 */
bool sah_layout_span(sah_layout_t *layout, const sah_text_t *text, sah_span_t span, uint32_t para,
                     const sah_layout_opts_t *opts, sah_lines_t *out)
    __attribute__((warn_unused_result));

/* Code points of a bidi paragraph laid out per slice, and the context a
 * slice sees on each side. */
#define SAH_LAYOUT_SLICE   32768
#define SAH_LAYOUT_CONTEXT 256

/* Where sah_layout_slice() goes on in a span; start from
 * sah_layout_cursor_at(). The fields are the layout's: keep them, do not
 * make them up. */
typedef struct {
    uint32_t pos; /* first code point not laid out yet */
    uint8_t base; /* level of the bidi paragraph @pos is inside, when inside one */
    bool done;    /* the whole span is laid out */
} sah_layout_cursor_t;

/* The cursor at the start of @span. */
sah_layout_cursor_t sah_layout_cursor_at(sah_span_t span);

/*
 * sah_layout_cursor_near:
 * A cursor for laying out @span from near code point @pos (@span.start <=
 * @pos <= @span.end) rather than from its start, for a reader who jumps
 * into the middle of a long text (the pager's anchored pages): the start
 * of @pos's bidi paragraph (the line after the last newline before @pos)
 * when it is at most @scan code points back, whose lines are the span's
 * own; else the start of the word holding @pos (a space at most
 * SAH_LAYOUT_CONTEXT code points back; @pos itself when there is none),
 * from which the rest of that bidi paragraph is filled as if a line began
 * there, first fit: its lines may break elsewhere than the span's own until
 * the bidi paragraph ends. @dir: the direction @span is laid out at
 * (sah_layout_opts_t.dir); with SAH_DIR_AUTO the bidi paragraph's own (P2-P3
 * from its start, however far back). Cost: at most @scan code points read,
 * plus the bidi paragraph's length for SAH_DIR_AUTO.
 */
sah_layout_cursor_t sah_layout_cursor_near(const sah_text_t *text, sah_span_t span, uint32_t pos,
                                           sah_direction_t dir, uint32_t scan);

/*
 * sah_layout_slice:
 * Like sah_layout_span(), in pieces of bounded size: appends the lines of
 * @span from @cursor on (about SAH_LAYOUT_SLICE code points' worth, at least
 * one line) and moves @cursor past them; cursor->done once the span's last
 * line is out. Calling it until done gives what sah_layout_span() gives.
 * A span is cut only at line starts (or inside a line longer than a slice),
 * so a caller may lay out each piece alone and keep only the few it needs.
 *
 * Returns: false when out of memory or @cursor is not inside @span (then
 * @cursor is unchanged; lines appended before the failure stay in @out).
 */
bool sah_layout_slice(sah_layout_t *layout, const sah_text_t *text, sah_span_t span, uint32_t para,
                      const sah_layout_opts_t *opts, sah_layout_cursor_t *cursor, sah_lines_t *out)
    __attribute__((warn_unused_result));

/* For tests: lays out with slices of @size code points (and context
 * @context) instead of SAH_LAYOUT_SLICE (SAH_LAYOUT_CONTEXT); 0 restores
 * the default. @size must be more than 2 x @context. */
void sah_layout_set_slice(sah_layout_t *layout, size_t size, size_t context);

/* Shape cache statistics of @layout. */
void sah_layout_cache_stats(const sah_layout_t *layout, uint64_t *hits, uint64_t *misses);

/* Baseline-to-baseline distance of a line, Pango's two modes: with
 * @absolute false, @factor x (ascent + descent) of the line
 * (pango_layout_set_line_spacing); with @absolute true, round(@px x
 * @factor) pixels (CSS line-height, Pango's absolute line-height). 26.6. */
int32_t sah_line_pitch(const sah_line_t *line, double px, double factor, bool absolute);

#endif
