/*
 * raster.h - page buffers and drawing runs of positioned glyphs into them.
 *
 *   sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_ARGB32, 800, 480);
 *   sah_pagebuf_set_theme(pb, &sah_theme_night);
 *   sah_pagebuf_clear(pb);
 *   sah_glyph_pos_t run[] = {{font, gid, x_26_6, baseline_26_6}, ...};
 *   if (!sah_pagebuf_draw(pb, cache, run, n)) ...; // some glyph failed, logged
 *   sah_pagebuf_free(pb);
 *
 * Compositing rule: every buffer keeps an 8-bit coverage plane, and a glyph's
 * mask is added to it with saturation (min(dst + src, 255)). Addition, not
 * max and not "over": Arabic letters join edge to edge, and where two glyphs
 * each cover part of one pixel at the join the true coverage is the sum of the
 * parts; max (or per-glyph "over" as cairo composites) leaves a faint light
 * seam in every connection. Overlaps (a mark on its base) are already at full
 * coverage inside the ink, where saturation makes the sum harmless.
 *
 * A8 buffers are that plane. ARGB32 buffers also keep 32-bit pixels
 * 0xAARRGGBB in native byte order (cairo's ARGB32, SDL's ARGB8888), always
 * opaque, and each pixel is the theme's lookup table at the pixel's coverage:
 * text colour over background blended in linear light (see sah_theme_t). One
 * text colour per buffer is what makes that exact and cheap: the colour of a
 * pixel depends on its total coverage only, so overlapping glyphs never
 * darken twice and a theme can be changed without drawing again.
 *
 * A colour glyph (an emoji of Noto Color Emoji: glyphcache.h) is a picture,
 * not text colour. On an ARGB32 buffer it is laid over the pixels (Porter-Duff
 * "over", premultiplied) and kept like a photo (it counts towards
 * SAH_PAGEBUF_MAX_PHOTOS, dimmed by the theme's photo_dim and laid over the
 * new background by a change of theme); its coverage plane is left alone.
 * Past the photo limit, and on an A8 buffer, its grey mask (the picture's
 * darkness over white) is added as any glyph's is.
 *
 * Positions: x is the pen position (HarfBuzz x_offset included) in 26.6
 * pixels from the buffer's left edge; it is rounded to the nearest
 * 1/SAH_GLYPH_PHASES pixel (ties upward), whose whole part places the mask
 * and whose fraction picks the subpixel phase. y is the baseline (y_offset
 * included, y down) in 26.6 pixels from the top edge, rounded to the nearest
 * whole pixel (ties downward on screen, i.e. floor((y + 32) / 64)). Exactly:
 *   q = floor((x + 8) / 16); px = floor(q / 4); phase = q mod 4;
 *   py = floor((y + 32) / 64);
 *   mask's top-left pixel = (px + glyph.left, py - glyph.top).
 * Masks are clipped to the buffer only: nothing is clipped to a line box, so
 * marks above the first line or below the last are drawn whole whenever the
 * buffer has room for them. Any int32 position is safe.
 */
#ifndef SAH_RASTER_H
#define SAH_RASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts/font.h"
#include "render/raster/glyphcache.h"

typedef struct sah_pagebuf sah_pagebuf_t;

typedef enum {
    SAH_PIXFMT_A8 = 0,     /* coverage only, 1 byte per pixel */
    SAH_PIXFMT_ARGB32 = 1, /* coverage plane + 0xAARRGGBB pixels */
} sah_pixfmt_t;

/* A glyph to draw: see "Positions" above. */
typedef struct {
    const sah_font_t *font; /* (transfer none) must outlive the draw call */
    uint32_t glyph;         /* glyph id in @font */
    int32_t x, y;           /* pen x and baseline y, 26.6 pixels, y down */
} sah_glyph_pos_t;

/*
 * A theme: colours as 0xRRGGBB, and the gamma of the power law that turns
 * colour values into linear light for blending (value = light^(1/gamma)).
 * Blending in linear light keeps light-on-dark text from looking bolder than
 * dark-on-light; the built-in themes use gamma 1.8, not sRGB's ~2.2, because
 * FreeType leaves stem darkening off and a full 2.2 thins dark text on light
 * backgrounds at reading sizes (1.8 is the text gamma Apple and Adobe chose for
 * the same reason). A gamma of 1.0 is plain linear interpolation of values.
 */
typedef struct {
    uint32_t bg;  /* background 0xRRGGBB */
    uint32_t fg;  /* text 0xRRGGBB */
    double gamma; /* > 0 */
    /* Photos are never recoloured (a night theme must not show a negative):
     * they keep their colours, each value times (1 - photo_dim) so that a
     * white photo does not glare on a dark page. 0 (the default of an
     * initializer that leaves it out) keeps them as they are; 0 .. 0.9. */
    double photo_dim;
} sah_theme_t;

extern const sah_theme_t sah_theme_day;   /* black on white */
extern const sah_theme_t sah_theme_night; /* light grey on near-black, photos dimmed */
extern const sah_theme_t sah_theme_sepia; /* dark brown on warm paper */

/*
 * sah_pagebuf_new:
 * @width, @height: 1 .. 32768 pixels each.
 *
 * Returns: (transfer full) a buffer cleared to zero coverage with the day
 * theme, freed with sah_pagebuf_free(); or NULL (one line logged) when a size
 * or the format is out of range or memory runs out.
 */
sah_pagebuf_t *sah_pagebuf_new(sah_pixfmt_t format, int width, int height)
    __attribute__((warn_unused_result));

/* sah_pagebuf_free: releases @buf; NULL is a no-op. */
void sah_pagebuf_free(sah_pagebuf_t *buf);

/*
 * sah_pagebuf_set_theme: makes @theme (copied) the buffer's colours and
 * recolours the ARGB32 pixels from the coverage plane (no redraw needed);
 * the photos drawn since the last clear are painted again, dimmed by the
 * new theme's photo_dim.
 *
 * Returns: false (one line logged, buffer unchanged) if @theme's gamma is not
 * a finite positive number or its photo_dim is outside 0 .. 0.9.
 */
bool sah_pagebuf_set_theme(sah_pagebuf_t *buf, const sah_theme_t *theme)
    __attribute__((warn_unused_result));

/* Sets every coverage to 0 (and every ARGB32 pixel to the background). */
void sah_pagebuf_clear(sah_pagebuf_t *buf);

/*
 * sah_pagebuf_draw:
 * @cache: where the masks come from (and go to).
 * @glyphs: (transfer none) @n positioned glyphs.
 *
 * Adds every glyph's mask to the buffer (see the compositing rule), clipped
 * to the buffer.
 *
 * Returns: true if every glyph was drawn; false if some glyph could not be
 * rendered or had a NULL font (the cache logged it; the others are drawn).
 */
bool sah_pagebuf_draw(sah_pagebuf_t *buf, sah_glyphcache_t *cache, const sah_glyph_pos_t *glyphs,
                      size_t n) __attribute__((warn_unused_result));

/*
 * sah_glyphs_prerender:
 * Renders into @cache the masks sah_pagebuf_draw() of @glyphs would look
 * up (each glyph at its subpixel phase), without drawing, stopping after
 * the glyph that made @max_new renders: a page's glyphs seen for the first
 * time cost some 40 K instructions each, most of a page drawn ahead, and
 * in bounded slices that work is done between two looks at the input.
 *
 * Returns: how many of @glyphs were looked at (all @n, or fewer when
 * @max_new were rendered); *@rendered (nullable) gets how many were
 * rendered. A glyph that fails is logged by the cache and counted.
 */
size_t sah_glyphs_prerender(sah_glyphcache_t *cache, const sah_glyph_pos_t *glyphs, size_t n,
                            size_t max_new, size_t *rendered);

/*
 * sah_pagebuf_use_simd:
 * Draws glyphs with the build's SIMD loops (@on, the default) or with the
 * portable C ones (render/raster/blit.h). The pixels are the same either
 * way: this is for the tests and benchmarks that compare the two.
 */
void sah_pagebuf_use_simd(sah_pagebuf_t *buf, bool on);

/* Fills the rectangle of @w x @h px at (@x, @y) with coverage @coverage
 * (255: solid text colour), composited like glyphs (saturating add), clipped
 * to the buffer. For bars, rules and marks drawn in the text colour. */
void sah_pagebuf_fill_rect(sah_pagebuf_t *buf, int x, int y, int w, int h, uint8_t coverage);

/* Sets the coverage of the rectangle of @w x @h px at (@x, @y) to 0 (its
 * ARGB32 pixels to the background), clipped to the buffer: a list scrolled
 * under a header is cut at the header's edge before the header is drawn;
 * the ground of something drawn over a picture (a bar, a message).
 * Photos are repainted by a change of theme wherever they were drawn: clear
 * them with sah_pagebuf_clear(). */
void sah_pagebuf_clear_rect(sah_pagebuf_t *buf, int x, int y, int w, int h);

/*
 * Pixels (a decoded photo, render/image/image.h) as sah_pagebuf_draw_pixels()
 * takes them: @rows rows of @stride bytes, top row first, each pixel either
 * one byte of grey (SAH_PIXELS_GRAY8: 0 black, 255 white) or four bytes R, G,
 * B, A with the colour premultiplied by alpha (SAH_PIXELS_RGBA32_PREMUL:
 * R, G, B <= A).
 */
typedef enum {
    SAH_PIXELS_GRAY8 = 1,
    SAH_PIXELS_RGBA32_PREMUL = 4,
} sah_pixels_fmt_t;

/* Photos kept per buffer for a change of theme (sah_pagebuf_draw_pixels()). */
#define SAH_PAGEBUF_MAX_PHOTOS 256

/*
 * sah_pagebuf_draw_pixels:
 * @pixels: (transfer none) @w x @h pixels of format @fmt, rows @stride bytes
 *   apart; read during the call only.
 *
 * Draws a photo with its top-left corner at (@x, @y), clipped to the buffer.
 * Transparent parts show white paper (a logo drawn in black on transparency
 * stays legible on a dark theme), and the photo replaces what was under it:
 * photos are opaque and not composited like glyphs. An ARGB32 buffer gets
 * the colours times (1 - theme's photo_dim) and keeps an undimmed copy of the
 * visible part until the next clear, so that sah_pagebuf_set_theme() can
 * paint it again; an A8 buffer gets the grey level as coverage (255 minus
 * BT.601 luma: black is full coverage, as text). In both formats the
 * coverage plane holds 255 minus the luma, so it stays the page as an A8
 * buffer would show it.
 *
 * Returns: true when drawn (or wholly outside the buffer); false (one line
 * logged, buffer unchanged) for a bad format, size or stride, when
 * SAH_PAGEBUF_MAX_PHOTOS photos are already held since the last clear, or
 * when memory for the copy runs out.
 */
bool sah_pagebuf_draw_pixels(sah_pagebuf_t *buf, int x, int y, const uint8_t *pixels, int w, int h,
                             size_t stride, sah_pixels_fmt_t fmt)
    __attribute__((warn_unused_result));

/*
 * sah_pagebuf_copy:
 * Makes @dst (same format and size as @src) a copy of @src's theme,
 * coverage and pixels: a picture to draw something over (a message, a
 * bar) while @src stays as it was drawn. Photos are copied as pixels only:
 * a later sah_pagebuf_set_theme() on @dst recolours them from their
 * coverage, as text (draw over a fresh copy rather than retheme one).
 *
 * Returns: false (one line logged, @dst unchanged) when the formats or
 * sizes differ.
 */
bool sah_pagebuf_copy(sah_pagebuf_t *dst, const sah_pagebuf_t *src)
    __attribute__((warn_unused_result));

sah_pixfmt_t sah_pagebuf_format(const sah_pagebuf_t *buf);
int sah_pagebuf_width(const sah_pagebuf_t *buf);
int sah_pagebuf_height(const sah_pagebuf_t *buf);

/* (transfer none): the buffer's theme, owned by @buf. */
const sah_theme_t *sah_pagebuf_theme(const sah_pagebuf_t *buf);

/* (transfer none): the coverage plane, @height rows of *@stride bytes, owned
 * by @buf, valid until sah_pagebuf_free(@buf). Both formats have it. */
const uint8_t *sah_pagebuf_coverage(const sah_pagebuf_t *buf, size_t *stride);

/* (transfer none): the ARGB32 pixels, @height rows of *@stride uint32_t, owned
 * by @buf, valid until sah_pagebuf_free(@buf); NULL for an A8 buffer. */
const uint32_t *sah_pagebuf_argb(const sah_pagebuf_t *buf, size_t *stride);

#endif
