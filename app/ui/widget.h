/*
 * widget.h - the geometry the screens share: boxes placed from the UI's
 * start edge (the right in Arabic), and lists of rows under a header (how
 * many rows show, the scroll that keeps the selection shown, the row under a
 * point). Pure functions of their arguments: the library screen (libview.c)
 * and the menus (menu.c) lay out and hit-test with the same arithmetic.
 */
#ifndef SAH_WIDGET_H
#define SAH_WIDGET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int x, y, w, h; /* window coordinates, px */
} sah_box_t;

/* A box @x_from_start px from the start edge of a screen @screen_w wide:
 * from the left, or from the right when @rtl. */
sah_box_t sah_box_from_start(int screen_w, bool rtl, int x_from_start, int y, int w, int h);

/* Whether (@x, @y) is in @b (its right and bottom edges excluded). */
bool sah_box_inside(sah_box_t b, int x, int y);

/* How many whole rows @row_h px high fit from @top_y to @bottom_y: at least
 * one, so that a list too small for a row still shows its selection. */
size_t sah_rows_visible(int top_y, int bottom_y, int row_h);

/* The first row shown that keeps row @sel among @visible rows, scrolling
 * from @top as little as it can. */
size_t sah_rows_keep_shown(size_t sel, size_t top, size_t visible);

/* Which of the @visible rows shown from @top_y (0 the first shown) is at
 * height @y; -1 above them or below the last whole one. */
long sah_rows_hit(int y, int top_y, int row_h, size_t visible);

#endif
