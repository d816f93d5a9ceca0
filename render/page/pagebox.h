/*
 * pagebox.h - where a range of source bytes is drawn: the boxes that cover
 * it on laid-out lines and pages, in visual order, for highlighting a hit.
 *
 *   sah_page_box_t box[16];
 *   size_t n = sah_page_range_boxes(page, hit_start, hit_end, box, 16);
 *   for (size_t i = 0; i < n && i < 16; i++)
 *       sah_pagebuf_fill_rect(buf, box[i].x, box[i].y + dy, box[i].w, box[i].h, 80);
 *
 * The boxes come from the glyphs as they were placed (lines.h), not from the
 * logical text: a glyph belongs to the range when the first byte of its
 * cluster does, and glyphs next to each other on a line that both belong
 * make one box. So a range that crosses a bidi run boundary is several
 * boxes: a right-to-left paragraph "X abc def Y" (X, Y Arabic words, in
 * logical order) is drawn "Y abc def X" from the left, the left-to-right
 * run keeping its order, and the range "def Y" shows as two boxes, "Y " at
 * the left and "def" at the run's right end. A range that crosses a line
 * (or page) break has boxes on each line it reaches on the page.
 */
#ifndef SAH_PAGEBOX_H
#define SAH_PAGEBOX_H

#include <stddef.h>
#include <stdint.h>

#include "render/page/pager.h"
#include "render/text/lines.h"

/* A horizontal piece of a line: 26.6 px from the left edge of the layout
 * width (the glyphs' own x). */
typedef struct {
    int32_t x, width;
} sah_extent_t;

/*
 * sah_lines_range_extents:
 * The pieces of line @index of @lines that show bytes [@start, @end), left
 * to right; each runs from the left edge of its first glyph's advance to the
 * right edge of its last one's (a justified space inside is covered whole).
 * Writes at most @max into @out (nullable when @max is 0).
 *
 * Returns: how many pieces there are (more than @max when @out was too
 * short); 0 for an empty range, a line it misses or an @index out of range.
 */
size_t sah_lines_range_extents(const sah_lines_t *lines, size_t index, uint32_t start, uint32_t end,
                               sah_extent_t *out, size_t max);

/* A box on a page, whole px from the page's top-left corner: the piece's
 * extent (rounded outwards) by the line's ascent and descent. */
typedef struct {
    int x, y, w, h;
} sah_page_box_t;

/*
 * sah_page_range_boxes:
 * The boxes that show bytes [@start, @end) on @page, its lines from the top
 * and each line's pieces from the left (sah_lines_range_extents()). Writes
 * at most @max into @out (nullable when @max is 0).
 *
 * Returns: how many boxes there are (more than @max when @out was too
 * short); 0 when the range is not on the page.
 */
size_t sah_page_range_boxes(const sah_page_t *page, uint32_t start, uint32_t end,
                            sah_page_box_t *out, size_t max);

#endif
