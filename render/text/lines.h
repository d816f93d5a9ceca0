/*
 * lines.h - the engine's output: lines of positioned glyphs, in a growable
 * container that layouts append to and pages copy from.
 *
 *   sah_lines_t *lines = sah_lines_new();
 *   sah_layout_paragraph(layout, text, 0, &opts, lines);
 *   for (size_t i = 0; i < sah_lines_count(lines); i++) {
 *       size_t n;
 *       const sah_glyph_t *g = sah_lines_glyphs(lines, i, &n);
 *   }
 *   sah_lines_free(lines);
 *
 * Positions are 26.6 fixed point pixels; byte offsets refer to the source
 * text given to sah_text_new(), which is what pages and bookmarks keep.
 */
#ifndef SAH_LINES_H
#define SAH_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts/font.h"

typedef struct {
    const sah_font_t *font;                /* (transfer none): owned by the layout's chain */
    uint32_t glyph;                        /* glyph id in @font */
    uint32_t cluster;                      /* source byte offset of the cluster's first character */
    int32_t x;                             /* pen position from the left edge of the layout width,
                                              alignment and justification included */
    int32_t x_advance, x_offset, y_offset; /* as HarfBuzz gives them (y up) */
} sah_glyph_t;

enum {
    SAH_LINE_PARA_START = 1 << 0, /* first line of a (block) paragraph */
    SAH_LINE_PARA_END = 1 << 1,   /* last line of a (block) paragraph */
    SAH_LINE_HARD_END = 1 << 2,   /* ends at a forced break (newline inside a paragraph) */
    SAH_LINE_JUSTIFIED = 1 << 3,  /* spaces were stretched to fill the width */
    SAH_LINE_RTL = 1 << 4,        /* its bidi paragraph is right-to-left */
};

typedef struct {
    uint32_t byte_start, byte_end;  /* source bytes the line covers */
    uint32_t cp_start, cp_end;      /* the same in code points of the text */
    uint32_t first_glyph, n_glyphs; /* into the container's glyph array */
    int32_t x;                      /* left edge of the first glyph (alignment offset) */
    int32_t width;                  /* advance of the glyphs, justification included */
    int32_t ascent, descent;        /* max over the fonts of the line (positive) */
    uint32_t para;                  /* paragraph index in the text */
    uint32_t flags;                 /* SAH_LINE_* */
} sah_line_t;

/* Growable container of lines and their glyphs. */
typedef struct sah_lines sah_lines_t;

sah_lines_t *sah_lines_new(void) __attribute__((warn_unused_result));
void sah_lines_free(sah_lines_t *lines);
/* Empties @lines, keeping its memory for the next layout. */
void sah_lines_reset(sah_lines_t *lines);
/* Empties @lines and gives its memory back (a container kept for later
 * that held a large layout). */
void sah_lines_release(sah_lines_t *lines);
/* Bytes @lines holds, capacity included: what keeping it costs. */
size_t sah_lines_bytes(const sah_lines_t *lines);
size_t sah_lines_count(const sah_lines_t *lines);
/* (transfer none): valid until @lines is next appended to, reset or freed. */
const sah_line_t *sah_lines_get(const sah_lines_t *lines, size_t index);
/* (transfer none): the line's glyphs, *@n of them, valid as above; NULL
 * when the line has none or @index is out of range (then *@n is 0). */
const sah_glyph_t *sah_lines_glyphs(const sah_lines_t *lines, size_t index, size_t *n);

/* Appends a copy of line @index of @src (and its glyphs) to @dst. False
 * when out of memory. */
bool sah_lines_copy_line(sah_lines_t *dst, const sah_lines_t *src, size_t index)
    __attribute__((warn_unused_result));

/* For the layout that fills a container: @n more glyphs at the end, to be
 * written by the caller. (transfer none): valid until the next change of
 * @lines; NULL when out of memory. */
sah_glyph_t *sah_lines_add_glyphs(sah_lines_t *lines, size_t n) __attribute__((warn_unused_result));

/* Glyphs appended so far (the index the next line's first glyph gets). */
size_t sah_lines_glyph_total(const sah_lines_t *lines);

/* (transfer none): glyphs from index @first on, writable, for the line being
 * built; valid until the next change of @lines. NULL if there are none. */
sah_glyph_t *sah_lines_glyphs_from(sah_lines_t *lines, size_t first);

/* Appends @line (its glyphs must already be added). False when out of memory. */
bool sah_lines_add_line(sah_lines_t *lines, const sah_line_t *line)
    __attribute__((warn_unused_result));

#endif
