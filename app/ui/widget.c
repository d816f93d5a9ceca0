/* widget.c - see widget.h. */
#include "app/ui/widget.h"

sah_box_t sah_box_from_start(int screen_w, bool rtl, int x_from_start, int y, int w, int h)
{
    sah_box_t b = {rtl ? screen_w - x_from_start - w : x_from_start, y, w, h};
    return b;
}

bool sah_box_inside(sah_box_t b, int x, int y)
{
    return x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h;
}

size_t sah_rows_visible(int top_y, int bottom_y, int row_h)
{
    long v = row_h > 0 ? (bottom_y - top_y) / row_h : 0;
    return v > 0 ? (size_t)v : 1;
}

size_t sah_rows_keep_shown(size_t sel, size_t top, size_t visible)
{
    if (sel < top)
        return sel;
    if (sel >= top + visible)
        return sel - visible + 1;
    return top;
}

long sah_rows_hit(int y, int top_y, int row_h, size_t visible)
{
    if (y < top_y || row_h <= 0)
        return -1;
    size_t i = (size_t)((y - top_y) / row_h);
    return i < visible ? (long)i : -1;
}
