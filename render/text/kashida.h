/*
 * kashida.h - where an Arabic word may be lengthened by a kashida (a
 * tatweel, U+0640, inserted into a join), and how good each place is.
 *
 *   // flags[i]: SAH_KASHIDA_CLUSTER | SAH_KASHIDA_SAFE from the shaping
 *   sah_kashida_mark(text, n, flags);
 *   // flags[i] is now the priority (1 best .. 6) of a kashida before
 *   // text[i], 0 where there may be none
 *
 * The places and their order are those of the W3C's Arabic layout
 * requirements (alreq, "Justification": after Microsoft's rules):
 *   1 after an initial or medial seen or sad (seen, sheen, sad, dad);
 *   2 before a final teh marbuta, heh or dal (thal);
 *   3 before a final alef, tah (zah), lam, kaf or gaf;
 *   4 before a medial beh (teh, theh, noon, yeh) followed by a final reh
 *     (zain), yeh or alef maksura;
 *   5 before a final waw, ain (ghain), qaf or feh;
 *   6 any other join.
 * Only at a join: the letter before must join to the left (Joining_Type D)
 * and the letter after to the right (D or R), marks between them looked
 * through (T), as ArabicShaping.txt says; so never after a non-joining
 * letter (alef, dal, reh, waw...), never across a space, ZWNJ or a letter of
 * another script. Never between lam and alef (the lam-alef ligature all
 * Arabic fonts make), nor anywhere HarfBuzz did not say the glyphs may take
 * a tatweel (HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) or inside a cluster (a
 * ligature: inserting there would break it).
 */
#ifndef SAH_KASHIDA_H
#define SAH_KASHIDA_H

#include <stddef.h>
#include <stdint.h>

enum {
    SAH_KASHIDA_CLUSTER = 1, /* a cluster starts at this character */
    SAH_KASHIDA_SAFE = 2,    /* HarfBuzz flagged its glyph safe to take a tatweel */
};

/* The lowest priority (any other join). */
#define SAH_KASHIDA_PRIO_ANY 6

/*
 * sah_kashida_mark:
 * @text: the characters; @n of them.
 * @flags: (inout): on entry SAH_KASHIDA_* for each character (0 for a
 *   character whose font or script takes no kashida); on return the
 *   priority of a kashida before each character, 0 for none.
 */
void sah_kashida_mark(const uint32_t *text, size_t n, uint8_t *flags);

#endif
