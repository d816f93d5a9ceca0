/*
 * text.h - an article's text, decoded once, split into paragraphs.
 *
 *   sah_text_t *t = sah_text_new(bytes, n);
 *   for (size_t i = 0; i < sah_text_paragraph_count(t); i++) {
 *       sah_span_t p = sah_text_paragraph(t, i);   // code points p.start..p.end
 *   }
 *   sah_text_free(t);
 *
 * Paragraphs are separated by blank lines (lines of only spaces and tabs) and
 * by U+2029. Inside a paragraph a single newline is kept: it is a forced line
 * break, and what follows it is a new bidi paragraph (as Pango does). Spaces
 * and tabs at the end of each line are left out of the paragraph span.
 * Decoding is sah_utf8_decode(SAH_UTF8_TEXT): malformed bytes become U+FFFD,
 * a BOM is dropped, CR LF and CR become LF, NUL becomes U+FFFD. It runs in
 * pieces of 64 KiB, so that the text costs its code points (4 bytes each)
 * and their offsets (1.125) and nothing more, even while it is made.
 */
#ifndef SAH_TEXT_H
#define SAH_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sah_text sah_text_t;

/* A range of code points [start, end) and the source bytes it came from. */
typedef struct {
    uint32_t start, end;
    uint32_t byte_start, byte_end;
} sah_span_t;

/* Largest source accepted: offsets are 32-bit. Bigger input is refused
 * (NULL) rather than truncated. */
#define SAH_TEXT_MAX_BYTES ((size_t)1 << 30)

/*
 * sah_text_new:
 * @bytes: (transfer none): the article; copied as code points, so it may be
 *   freed after the call.
 *
 * Returns: (transfer full) the text, NULL if @n > SAH_TEXT_MAX_BYTES or out
 * of memory. An empty input gives a text with no paragraph.
 */
sah_text_t *sah_text_new(const char *bytes, size_t n) __attribute__((warn_unused_result));
void sah_text_free(sah_text_t *text);

/* (transfer none): the code points, *@len of them. Valid until
 * sah_text_free(). */
const uint32_t *sah_text_codepoints(const sah_text_t *text, size_t *len);

/* The source byte offset of code point @i, 0 <= @i <= len (offset(len) is
 * the source length). Offsets are kept in about 1.1 bytes a code point, not
 * 4: this is how to read them. */
uint32_t sah_text_offset(const sah_text_t *text, size_t i);

/* Writes the offsets of code points @start .. @start + @n, @n + 1 values,
 * to @out (caller-allocates); @start + @n <= len. */
void sah_text_get_offsets(const sah_text_t *text, size_t start, size_t n, uint32_t *out);

size_t sah_text_paragraph_count(const sah_text_t *text);
sah_span_t sah_text_paragraph(const sah_text_t *text, size_t index);

/* Number of U+FFFD substitutions made while decoding. */
size_t sah_text_invalid_count(const sah_text_t *text);

/* Length of the source in bytes. */
size_t sah_text_byte_length(const sah_text_t *text);

#endif
