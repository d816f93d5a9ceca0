/*
 * bidi.h - the Unicode Bidirectional Algorithm (UAX#9) for one paragraph,
 * through FriBidi, split the way line breaking needs it: levels are resolved
 * for the whole paragraph first (rules P-W-N-I), and each line is reordered on
 * its own afterwards (rules L1-L2), as UAX#9 section 3.4 requires; reordering
 * the paragraph before breaking would put the wrong words on each line.
 *
 *   sah_bidi_t *b = sah_bidi_new();
 *   sah_bidi_paragraph(b, text, len, SAH_DIR_AUTO);   // levels of text[0..len)
 *   sah_bidi_line_levels(b, start, end, lv);         // L1 for one line
 *   sah_bidi_free(b);
 */
#ifndef SAH_BIDI_H
#define SAH_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Paragraph base direction. */
typedef enum {
    SAH_DIR_AUTO = 0, /* first strong character (P2-P3), RTL when there is none
                         (Pango's WEAK_RTL: an Arabic reader's default) */
    SAH_DIR_AUTO_LTR, /* first strong character, LTR when there is none
                         (FriBidi's and libraqm's default) */
    SAH_DIR_RTL,
    SAH_DIR_LTR,
} sah_direction_t;

typedef struct sah_bidi sah_bidi_t;

/* (transfer full), or NULL when out of memory. */
sah_bidi_t *sah_bidi_new(void) __attribute__((warn_unused_result));
void sah_bidi_free(sah_bidi_t *bidi);

/*
 * sah_bidi_paragraph:
 * @text: one paragraph of UTF-32 (a paragraph separator, if any, last).
 *
 * Resolves the embedding levels of every character. Explicit embeddings
 * deeper than UAX#9's max_depth (125) are ignored by the algorithm itself, so
 * any input gives levels <= 126.
 *
 * Returns: false only when out of memory (@bidi keeps its previous state).
 */
bool sah_bidi_paragraph(sah_bidi_t *bidi, const uint32_t *text, size_t len, sah_direction_t dir)
    __attribute__((warn_unused_result));

/* Paragraph level of the last sah_bidi_paragraph(): 0 (LTR) or 1 (RTL). */
int sah_bidi_base_level(const sah_bidi_t *bidi);

/* (transfer none): the levels of the last paragraph, valid until the next
 * sah_bidi_paragraph() on @bidi. */
const uint8_t *sah_bidi_levels(const sah_bidi_t *bidi);

/*
 * sah_bidi_line_levels:
 * @start, @end: the line's characters, a range of the last paragraph.
 * @out: (out caller-allocates): @end - @start levels.
 *
 * Copies the line's levels and applies rule L1: segment and paragraph
 * separators, and any whitespace (and isolate formatters, BN) before them or
 * at the end of the line, take the paragraph level.
 */
void sah_bidi_line_levels(const sah_bidi_t *bidi, size_t start, size_t end, uint8_t *out);

/* What rule L1 needs to know of each character, so that a line can be
 * reordered later without the paragraph's FriBidi state. */
enum {
    SAH_L1_OTHER = 0,
    SAH_L1_SPACE = 1,     /* whitespace, isolate formatter, BN or explicit */
    SAH_L1_SEPARATOR = 2, /* segment or paragraph separator */
};

/* Writes the SAH_L1_* class of each character of the last paragraph to
 * @out (caller-allocates, one byte per character). */
void sah_bidi_l1_classes(const sah_bidi_t *bidi, uint8_t *out);

/* Rule L1 on one line: @levels and @classes are the line's, @base the
 * paragraph level; writes @n levels to @out. */
void sah_bidi_apply_l1(const uint8_t *levels, const uint8_t *classes, size_t n, uint8_t base,
                       uint8_t *out);

/*
 * sah_bidi_reorder_runs:
 * @levels: the levels of @n runs (or characters) in logical order.
 * @order: (out caller-allocates): @n indices; order[v] is the logical index of
 *   the run shown v-th from the left.
 *
 * Rule L2: from the highest level down to the lowest odd level, reverse every
 * maximal sequence at that level or higher.
 */
void sah_bidi_reorder_runs(const uint8_t *levels, size_t n, uint32_t *order);

/*
 * sah_bidi_first_strong:
 * Rules P2-P3 alone: the direction of the first strong character (L, R or
 * AL) of @text, skipping what isolates enclose and stopping at the first
 * paragraph separator. Returns 0 (LTR), 1 (RTL) or -1 when there is none.
 * Costs only as far as the first strong character, so that a paragraph too
 * long to resolve at once can still be given its base direction.
 */
int sah_bidi_first_strong(const uint32_t *text, size_t len);

#endif
