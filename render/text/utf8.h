/*
 * utf8.h - strict UTF-8 decoding with a map back to source byte offsets.
 *
 *   uint32_t *cp = malloc((n + 1) * 4), *off = malloc((n + 1) * 4);
 *   size_t len = sah_utf8_decode(src, n, SAH_UTF8_TEXT, cp, off, &bad);
 *   // cp[i] came from src[off[i]] ..; off[len] == n
 *
 * Why our own decoder: FriBidi 1.0.8's converter does not validate (overlong
 * C0 AF becomes '/', it swallows the byte after a truncated sequence) and
 * HarfBuzz replaces byte by byte. Byte offsets are what pages and bookmarks are
 * anchored to, so every code point must know exactly where it came from.
 *
 * Ill-formed input follows Unicode's recommended practice (Unicode 15, 3.9,
 * "U+FFFD Substitution of Maximal Subparts"): each maximal subpart of an
 * ill-formed subsequence becomes one U+FFFD. Surrogates and values above
 * U+10FFFF are ill-formed.
 */
#ifndef SAH_UTF8_H
#define SAH_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SAH_REPLACEMENT 0xFFFDu

typedef enum {
    SAH_UTF8_STRICT = 0, /* decode only: no character is changed */
    /* As text for display: a leading BOM is dropped; CR LF and a lone CR
     * become one LF (at the CR's offset); NUL becomes U+FFFD, so that it
     * never truncates text in a C string API further down. */
    SAH_UTF8_TEXT = 1,
} sah_utf8_mode_t;

/*
 * sah_utf8_decode:
 * @src: bytes (need not be NUL-terminated; NUL bytes are data).
 * @n: number of bytes.
 * @out: (out caller-allocates): room for @n code points.
 * @offsets: (out caller-allocates) (nullable): room for @n + 1 offsets;
 *   offsets[i] is the byte offset of out[i]'s first byte, offsets[len] = @n.
 * @n_invalid: (out) (nullable): number of U+FFFD substitutions made.
 *
 * Returns: the number of code points written (never more than @n).
 */
size_t sah_utf8_decode(const char *src, size_t n, sah_utf8_mode_t mode, uint32_t *out,
                       uint32_t *offsets, size_t *n_invalid);

/* Whether @src[0..@n) is well-formed UTF-8 (Unicode Table 3-7: no
 * overlong forms, surrogates or values past U+10FFFF): exactly when
 * sah_utf8_decode(SAH_UTF8_STRICT) would make no U+FFFD, at a fraction of
 * its cost (no code points written; ASCII eight bytes at a time). */
bool sah_utf8_valid(const char *src, size_t n);

/* Writes @cp (a scalar value; anything else writes U+FFFD) as 1-4 bytes to
 * @buf and returns the count. */
size_t sah_utf8_encode(uint32_t cp, char buf[4]);

#endif
