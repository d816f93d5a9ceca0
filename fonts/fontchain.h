/*
 * fontchain.h - the fallback chain: an ordered list of fonts at one size; a
 * character is drawn with the first font of the chain that has it.
 *
 *   sah_fontchain_t *c = sah_fontchain_new("default", 20);
 *   int i = sah_fontchain_pick(c, 0x0628);   // 0: Noto Naskh Arabic
 *   sah_font_t *f = sah_fontchain_font(c, i);
 *
 * A chain spec is a comma-separated list whose items are font file paths
 * (anything containing '/') or fontconfig family names ("Family:bold" for its
 * bold face). "default" stands for SAH_FONTCHAIN_DEFAULT: Noto Naskh Arabic
 * for Arabic (a Naskh is what Arabic newspapers set body text in), Noto Sans
 * for Latin words like "REUTERS", Noto Sans Hebrew for Hebrew (drawn for it,
 * and to match the Noto Arabic), DejaVu Sans for the symbols and scripts the
 * others lack, Noto Color Emoji for emoji. The environment variable
 * SAHIFA_FONTS, when set, replaces "default"; SAH_FONTCHAIN_DEFAULT spelled
 * out is the built-in chain whatever SAHIFA_FONTS says, with the same
 * leniency as "default".
 *
 * Every chain ends with the default fonts that it does not have already
 * (missing ones skipped without a word): a font a reader names that lacks
 * Latin, digits, punctuation or Hebrew (KacstNaskh has none of them) never
 * leaves a character as a box. Fallback fonts are drawn at the size that
 * makes them look as large as the chain's first font
 * (sah_font_visual_height(): the alef of an Arabic font, the cap height of
 * a Latin or Hebrew one; within 7% the size is left alone, and the factor
 * stays within 0.5..2).
 */
#ifndef SAH_FONTCHAIN_H
#define SAH_FONTCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts/font.h"

#define SAH_FONTCHAIN_DEFAULT                                                                      \
    "Noto Naskh Arabic,Noto Sans,Noto Sans Hebrew,DejaVu Sans,Noto Color Emoji"

typedef struct sah_fontchain sah_fontchain_t;

/*
 * sah_fontchain_new:
 * @spec: a chain spec (see above); NULL means "default".
 * @px: pixels per em for every font of the chain.
 *
 * A path that cannot be loaded is an error. A family that fontconfig does not
 * have is an error too, except inside "default" (or SAH_FONTCHAIN_DEFAULT),
 * where missing members are skipped (with one line each) as long as one font
 * remains. A spec names at most 8 fonts (the 9th and later are ignored with
 * one line); the default fonts appended make 16 at most.
 *
 * Returns: (transfer full) the chain, or NULL after logging one line per
 * problem, each naming the font.
 */
sah_fontchain_t *sah_fontchain_new(const char *spec, double px) __attribute__((warn_unused_result));

typedef struct {
    /* Each font in its family's bold face: "Amiri" gives Amiri Bold, and the
     * appended default fonts are their bolds too (Noto Sans Bold for Latin,
     * digits and punctuation in a bold headline). A family with no bold
     * face (KacstNaskh) gives its regular face as a synthetic bold
     * (sah_font_new_synthetic_bold()): that keeps the reader's design in
     * headings, where another family's bold would not match its body. */
    bool bold;
    /* No default fonts appended: exactly the fonts named (a comparison with
     * a one-font oracle such as libraqm). */
    bool exact;
} sah_fontchain_opts_t;

/* sah_fontchain_new() with options; @opts NULL is all false. */
sah_fontchain_t *sah_fontchain_new_opts(const char *spec, double px,
                                        const sah_fontchain_opts_t *opts)
    __attribute__((warn_unused_result));

/* The same fonts at another size. (transfer full), or NULL. */
sah_fontchain_t *sah_fontchain_resize(const sah_fontchain_t *chain, double px)
    __attribute__((warn_unused_result));

void sah_fontchain_free(sah_fontchain_t *chain);

size_t sah_fontchain_count(const sah_fontchain_t *chain);

/* A process-unique serial number of @chain, the identity of all its fonts
 * at their sizes (each chain opens its own): a key for caches of what the
 * chain's fonts measure, which does not open the fallbacks as asking each
 * font's sah_font_serial() would. */
uint32_t sah_fontchain_serial(const sah_fontchain_t *chain);

/* (transfer none): owned by @chain, valid until sah_fontchain_free(). A
 * fallback font is opened here on first use (which is why @chain is not
 * const); if it cannot be opened, the primary font stands in. */
sah_font_t *sah_fontchain_font(sah_fontchain_t *chain, size_t index);

/* The factor fallback @index is drawn at (its px over the chain's), found
 * when it is first opened (which this call does); 1 for the first font, 0
 * when @index cannot be opened. */
double sah_fontchain_scale(sah_fontchain_t *chain, size_t index);

/* Index of the first font that has @cp; 0 (the primary font, which will show
 * its .notdef) when none has it. */
size_t sah_fontchain_pick(sah_fontchain_t *chain, uint32_t cp);

/* As sah_fontchain_pick(), preferring the first colour font (an emoji
 * font) that has @cp: for a character to be shown as an emoji, which a
 * monochrome font earlier in the chain may also have. Each font up to the
 * colour one is opened (first use); not cached (emoji are few). */
size_t sah_fontchain_pick_color(sah_fontchain_t *chain, uint32_t cp);

/*
 * sah_font_find:
 * @family: a family name, e.g. "Noto Naskh Arabic", optionally with ":bold"
 *   for its bold face ("Noto Naskh Arabic:bold").
 *
 * Returns: (transfer full) the path of the regular face fontconfig knows for
 * exactly that family (free() it), or NULL if fontconfig has no such family
 * (a substitute family is not accepted: a silent substitute would change
 * every line break). With ":bold", the bold face's path; for a family that
 * has none (KacstNaskh), its regular face's, which tells the caller to
 * embolden it (fontconfig's own synthetic-bold match is not a bold face);
 * so that answer is kept in the memo file too.
 */
char *sah_font_find(const char *family);

/*
 * The font memo: sah_font_find()'s answers kept in a file across runs.
 * Loading fontconfig's configuration (parsing every file of /etc/fonts/conf.d)
 * is about 25 million instructions, half of a launch to the first page, to
 * learn which file holds Noto Naskh Arabic, the same answer as last time. The
 * app loads the memo before making its chains, saves it when
 * sah_font_memo_dirty(), and once the first page is up asks fontconfig again
 * (sah_font_memo_revalidate()) so that a font installed since is found: the
 * new answer applies to the chains made from then on (a size change, the next
 * launch). Asks, that is, when something fontconfig reads changed: the memo
 * keeps a stamp of its files' times (fontstamp.h) with the answers, and
 * while it holds, fontconfig is never loaded (its 40 M instructions).
 * An answer whose file changed size or time is dropped at load.
 * The memo is process-wide, as fontconfig's own state is; not thread-safe.
 */

/* Takes the answers of memo @file whose font files are unchanged. Returns
 * how many; 0 without a message when @file does not exist, and 0 with one
 * line naming @file when it is not a memo (it is rewritten by the next
 * save). */
size_t sah_font_memo_load(const char *file);

/* Whether sah_font_find() has answers that the memo file lacks or that
 * replaced its own, or fonts were first shaped here without one
 * (sah_font_words_hint(): the memo keeps that answer of each file too). */
bool sah_font_memo_dirty(void);

/* Writes the answers to @file (to FILE.new, then renamed over it). false,
 * with one line naming @file, if it cannot. */
bool sah_font_memo_save(const char *file);

/* Asks fontconfig again for every answer taken from a file, unless the
 * stamp written with them (fontstamp.h) says that nothing fontconfig reads
 * has changed since: then fontconfig is not loaded and nothing is asked.
 * Returns true when an answer differs (it is replaced;
 * sah_font_memo_dirty() becomes true). */
bool sah_font_memo_revalidate(void);

/* Whether fontconfig was loaded (FcInit()) in this process, by a family
 * the memo did not answer or by a revalidation. */
bool sah_font_fontconfig_loaded(void);

#endif
