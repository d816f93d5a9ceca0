/*
 * breaks.h - line break opportunities (UAX#14) and grapheme cluster
 * boundaries (UAX#29), from ICU.
 *
 *   sah_breaks_t *br = sah_breaks_new();
 *   sah_breaks_lines(br, text, len, flags);   // flags[i]: may break before text[i]
 *   sah_breaks_free(br);
 *
 * Why ICU: measured on Debian 12, ICU 72's line break iterator passes 99.71%
 * of LineBreakTest 15 while libunibreak 2.2 passes 92% and aborts the process
 * on any regional-indicator character; Raspberry Pi OS ships libicu already.
 * ICU counts in UTF-16, so text is converted with a map back to our UTF-32
 * indices. If ICU fails (it reports errors, it does not abort), we fall back
 * to breaking after spaces and say so once on stderr.
 */
#ifndef SAH_BREAKS_H
#define SAH_BREAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sah_breaks sah_breaks_t;

enum {
    SAH_BREAK_NONE = 0,
    SAH_BREAK_ALLOWED = 1,   /* a line may start at this character */
    SAH_BREAK_MANDATORY = 2, /* a line must start here (after LF, LS, NEL...) */
};

/* (transfer full), or NULL if out of memory or ICU has no line rules. */
sah_breaks_t *sah_breaks_new(void) __attribute__((warn_unused_result));
void sah_breaks_free(sah_breaks_t *br);

/*
 * sah_breaks_lines:
 * @flags: (out caller-allocates): @len + 1 entries; flags[i] says whether a
 *   line may (or must) start at text[i]; flags[0] is NONE and flags[len] is
 *   MANDATORY (the end of the text).
 *
 * Returns: false only when out of memory (@flags is then filled by the
 * space-only fallback, so it is still usable).
 */
bool sah_breaks_lines(sah_breaks_t *br, const uint32_t *text, size_t len, uint8_t *flags);

/* Like sah_breaks_lines(), for grapheme cluster boundaries: flags[i] is
 * ALLOWED where a grapheme cluster starts (used to break a word that is
 * longer than the line). */
bool sah_breaks_graphemes(sah_breaks_t *br, const uint32_t *text, size_t len, uint8_t *flags);

#endif
