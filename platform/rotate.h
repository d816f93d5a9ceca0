/*
 * rotate.h - a panel mounted turned from its native orientation: the
 * reader lays its pages out for the size the reader sees (logical), the
 * display scans out its own (physical) size, and points go between the two.
 * Pure functions, no SDL (tests/test-rotate.c checks every rotation).
 *
 *   sah_rotate_t r;
 *   if (!sah_rotate_parse("90", &r)) ...             // --rotate 90
 *   int lw, lh;
 *   sah_rotate_size(r, 800, 480, &lw, &lh);          // pages of 480x800
 *   int lx, ly;
 *   sah_rotate_to_logical(r, 800, 480, tx, ty, &lx, &ly);  // a touch, in page pixels
 *
 * The angle is the turn applied to the picture on its way to the display,
 * clockwise, as SDL_RenderCopyEx() and the kernel's video=...,rotate= count
 * it. With 90 the page's top runs along the panel's right edge (in its
 * native landscape): the panel is mounted turned a quarter counter-clockwise,
 * its native right edge at the top. 270 is the other way round; 180 upside
 * down.
 *
 * Points are pixel indices: (0, 0) is the top-left pixel, (w - 1, h - 1) the
 * bottom-right one, so every pixel maps to exactly one pixel and back.
 * Points outside the rectangle (a drag that leaves the window) map linearly
 * all the same.
 */
#ifndef SAH_ROTATE_H
#define SAH_ROTATE_H

#include <stdbool.h>

typedef enum {
    SAH_ROTATE_0 = 0,
    SAH_ROTATE_90 = 90,
    SAH_ROTATE_180 = 180,
    SAH_ROTATE_270 = 270,
} sah_rotate_t;

/* Parses "0", "90", "180" or "270" into @out. Returns: false (and @out
 * untouched) for anything else, NULL included. */
bool sah_rotate_parse(const char *s, sah_rotate_t *out) __attribute__((warn_unused_result));

/* The size @w x @h turned by @r: swapped for 90 and 270. The same function
 * takes the physical size to the logical one and back. */
void sah_rotate_size(sah_rotate_t r, int w, int h, int *out_w, int *out_h);

/* The logical point (page pixels) under the physical point (@px, @py) of a
 * display of @pw x @ph physical pixels. */
void sah_rotate_to_logical(sah_rotate_t r, int pw, int ph, int px, int py, int *lx, int *ly);

/* The physical point where the logical point (@lx, @ly) of a page of
 * @lw x @lh shows: the inverse of sah_rotate_to_logical(). */
void sah_rotate_to_physical(sah_rotate_t r, int lw, int lh, int lx, int ly, int *px, int *py);

#endif
