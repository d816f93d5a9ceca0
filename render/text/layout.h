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

typedef struct {
    int32_t width;       /* line width, 26.6; <= 0: no wrapping (one line per bidi paragraph) */
    sah_direction_t dir; /* base direction of each bidi paragraph */
    bool justify;        /* stretch spaces on lines that do not end a paragraph */
} sah_layout_opts_t;

#define SAH_LAYOUT_OPTS_INIT                                                                       \
    {                                                                                              \
        0, SAH_DIR_AUTO, true                                                                      \
    }

/* Combining marks kept per cluster before shaping; further ones are shaped
 * as invisible (HarfBuzz 6.0 is quadratic on long mark runs, CVE-2023-25193). */
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

/* Shape cache statistics of @layout. */
void sah_layout_cache_stats(const sah_layout_t *layout, uint64_t *hits, uint64_t *misses);

/* Baseline-to-baseline distance of a line, Pango's two modes: with
 * @absolute false, @factor x (ascent + descent) of the line
 * (pango_layout_set_line_spacing); with @absolute true, round(@px x
 * @factor) pixels (CSS line-height, Pango's absolute line-height). 26.6. */
int32_t sah_line_pitch(const sah_line_t *line, double px, double factor, bool absolute);

#endif
