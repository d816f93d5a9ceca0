/*
 * blit.h - the pixel loops of the page buffers (raster.h): a coverage mask
 * added into a coverage plane with saturation (min(dst + src, 255)), and,
 * for ARGB32 buffers, each changed pixel looked up in the theme's table.
 *
 *   sah_blit_add(cov + y * stride + x, stride, mask, pitch, w, h);
 *
 * Every loop exists twice: in portable C (the _scalar functions, always
 * built) and with the SIMD instructions meson chose for the host (option
 * `simd`: 'auto' gives SSE2 on x86-64 and NEON on AArch64; 'scalar', and
 * every other CPU, keep the C loops, and then sah_blit_add() is
 * sah_blit_add_scalar()). Both give the same bytes by construction:
 * saturating byte addition is one exact instruction in each set (paddusb,
 * uqadd), and no lane ever reads or writes outside the rows given. Rows
 * shorter than a vector are done as two overlapping halves computed from
 * the bytes as they were, so the bytes they share get the same value twice.
 *
 * This module needs libc only (no FreeType, no other part of sahifa), so
 * that tests/test-blit.c can be cross-compiled alone and run under qemu-user
 * where the target's libraries are not installed (cross/blit-qemu.sh).
 */
#ifndef SAH_BLIT_H
#define SAH_BLIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * sah_blit_add:
 * @dst: (transfer none) the first of @h rows of @w bytes, @dstride apart.
 * @src: (transfer none) @h rows of @w mask bytes, @sstride apart.
 *
 * dst[x] = min(dst[x] + src[x], 255) for the @w x @h box; @w or @h <= 0
 * does nothing. The rows must not overlap the mask's.
 */
void sah_blit_add(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w, int h);
void sah_blit_add_scalar(uint8_t *dst, size_t dstride, const uint8_t *src, size_t sstride, int w,
                         int h);

/*
 * sah_blit_add_lut:
 * @cov, @px: (transfer none) the coverage and the 32-bit pixels of the same
 *   box, rows @dstride elements apart in both.
 * @lut: (transfer none) the pixel for each coverage.
 *
 * As sah_blit_add() on @cov, and px[x] = lut[cov[x]] wherever src[x] is
 * not 0 (a mask's empty bytes leave their pixels untouched: most of a
 * glyph's box is empty, and its 32-bit pixels are 4 times the traffic).
 */
void sah_blit_add_lut(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                      size_t sstride, int w, int h, const uint32_t lut[256]);
void sah_blit_add_lut_scalar(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                             size_t sstride, int w, int h, const uint32_t lut[256]);

/*
 * sah_blit_add_tint:
 * @tint: (transfer none) lut[src[x]] for each mask byte, rows @tstride
 *   pixels apart (sah_glyphcache_tinted()).
 *
 * As sah_blit_add_lut(), for a box whose pixels are the table's colour of
 * their coverage (px[x] == lut[cov[x]]: a page with no photo or colour
 * glyph). Where the coverage is still 0 the result is the tinted mask
 * itself, copied a vector at a time; where ink lies already, the lookup of
 * sah_blit_add_lut(). The pixels are those sah_blit_add_lut() gives.
 */
void sah_blit_add_tint(uint8_t *cov, uint32_t *px, size_t dstride, const uint8_t *src,
                       size_t sstride, const uint32_t *tint, size_t tstride, int w, int h,
                       const uint32_t lut[256]);

/* (transfer none): "sse2", "neon" or "none", the instructions of
 * sah_blit_add() and sah_blit_add_lut() in this build. Static string. */
const char *sah_blit_simd(void);

#endif
