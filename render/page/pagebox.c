/* pagebox.c - see pagebox.h. */
#include "render/page/pagebox.h"

#include <stdlib.h>

size_t sah_lines_range_extents(const sah_lines_t *lines, size_t index, uint32_t start, uint32_t end,
                               sah_extent_t *out, size_t max)
{
    const sah_line_t *l = sah_lines_get(lines, index);
    if (!l || start >= end || l->byte_end <= start || l->byte_start >= end)
        return 0;
    size_t n, count = 0;
    const sah_glyph_t *g = sah_lines_glyphs(lines, index, &n);
    bool open = false;
    int32_t left = 0, right = 0;
    /* Glyphs are in visual order, left to right (layout.c's runs are
     * reordered before they are shaped), so a piece is a run of glyphs
     * in the range with none outside it between. */
    for (size_t k = 0; k <= n; k++) {
        bool in = k < n && g[k].cluster >= start && g[k].cluster < end;
        if (in) {
            int32_t a = g[k].x, b = g[k].x + (g[k].x_advance > 0 ? g[k].x_advance : 0);
            if (!open) {
                left = a;
                right = b;
                open = true;
            } else {
                left = a < left ? a : left;
                right = b > right ? b : right;
            }
            continue;
        }
        /* A mark with no advance outside the range between two glyphs of
         * it does not split the piece (it sits on one of them). */
        if (open && k < n && g[k].x_advance == 0 && k + 1 < n && g[k + 1].cluster >= start &&
            g[k + 1].cluster < end)
            continue;
        if (open) {
            if (count < max)
                out[count] = (sah_extent_t){left, right - left};
            count++;
            open = false;
        }
    }
    return count;
}

/* floor and ceiling of a 26.6 value, in whole px. */
static int floor_px(int32_t v)
{
    return (int)(v >= 0 ? v / 64 : -((-v + 63) / 64));
}

static int ceil_px(int32_t v)
{
    return -floor_px(-v);
}

size_t sah_page_range_boxes(const sah_page_t *page, uint32_t start, uint32_t end,
                            sah_page_box_t *out, size_t max)
{
    if (start >= end || end <= sah_page_byte_start(page) || start >= sah_page_byte_end(page))
        return 0;
    const sah_lines_t *lines = sah_page_lines(page);
    size_t count = 0;
    for (size_t i = 0; i < sah_lines_count(lines); i++) {
        const sah_line_t *l = sah_lines_get(lines, i);
        if (l->byte_end <= start || l->byte_start >= end)
            continue;
        int32_t x0, base;
        sah_page_line_origin(page, i, &x0, &base);
        sah_extent_t few[16], *ext = few;
        size_t n = sah_lines_range_extents(lines, i, start, end, few, 16);
        if (n > 16) { /* a line of many runs: all of its pieces, or the first 16 */
            sah_extent_t *many = malloc(n * sizeof *many);
            if (many) {
                ext = many;
                sah_lines_range_extents(lines, i, start, end, many, n);
            } else {
                n = 16;
            }
        }
        int top = floor_px(base - l->ascent), bottom = ceil_px(base + l->descent);
        for (size_t k = 0; k < n; k++, count++) {
            if (count >= max)
                continue;
            int left = floor_px(x0 + ext[k].x), right = ceil_px(x0 + ext[k].x + ext[k].width);
            out[count] = (sah_page_box_t){left, top, right - left, bottom - top};
        }
        if (ext != few)
            free(ext);
    }
    return count;
}
