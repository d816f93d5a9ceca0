/*
 * uitext.h - the UI's lines that join fields of different directions, and
 * text shown in its own direction: a title in either UI language, a source
 * beside a date, a page count beside an Arabic title.
 *
 *   const char *f[] = {source, date, minutes, progress};
 *   char line[512];
 *   sah_uitext_join(line, sizeof line, f, 4);      // "الشرق   |   12 min   |   Unread"
 *   sah_ui_text(ui, buf, SAH_UI_SMALL, line, x, base, w, SAH_UI_START);
 *   sah_uitext_own(ui, buf, SAH_UI_BOLD, title, x, base, w);   // aligned by its own direction
 *
 * Every field is set between FIRST STRONG ISOLATE and POP DIRECTIONAL
 * ISOLATE (UAX#9 X5c, X6a), as sah_ui_format() sets its values: inside, the
 * field takes its own direction from its first strong character; outside,
 * it is one neutral, so that the fields follow the UI's direction in order
 * and none takes a neighbour's digits or separator with it. Without them
 * the English UI's "الشرق | 12 min" reads "12 | الشرق min".
 */
#ifndef SAH_UITEXT_H
#define SAH_UITEXT_H

#include <stddef.h>

#include "app/ui/ui.h"
#include "render/text/bidi.h"

/* Between the fields of a line: a bar, not a middle dot, which reads as an
 * Arabic-Indic zero (٠). */
#define SAH_UITEXT_SEP "   |   "

/*
 * sah_uitext_dir:
 * The direction of @utf8 (nullable) by UAX#9 P2-P3: its first strong
 * character outside isolates (SAH_DIR_RTL or SAH_DIR_LTR); @fallback when it
 * has none. Reads as far as that character (at most a few KiB).
 */
sah_direction_t sah_uitext_dir(const char *utf8, sah_direction_t fallback);

/*
 * sah_uitext_join:
 * Writes the @n fields (nullable; NULL and "" are left out with their
 * separator) into @out, each isolated, SAH_UITEXT_SEP between them. Cut to
 * @size, NUL-terminated, never inside a UTF-8 sequence.
 */
void sah_uitext_join(char *out, size_t size, const char *const *fields, size_t n);

/* Writes "FSI @utf8 PDI" into @out (cut as sah_uitext_join()). */
void sah_uitext_isolate(char *out, size_t size, const char *utf8);

/*
 * sah_uitext_own:
 * Draws @utf8 on one line in the box [@x, @x + @width) in its own direction
 * (sah_uitext_dir(), the UI's when it has no strong character), at that
 * direction's start edge: an Arabic title at the right in the English UI,
 * an English one at the left in the Arabic UI. Returns as sah_ui_text().
 */
int sah_uitext_own(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t style, const char *utf8, int x,
                   int baseline, int width);

/* Copies @s with its ASCII digits written in the UI's digits. */
void sah_uitext_digits(const sah_ui_t *ui, const char *s, char *out, size_t size);

/* An ISO date "2024-06-01" as the UI's language writes it, by ICU (CLDR's
 * pattern and month names: "June 1, 2024", "١ يونيو ٢٠٢٤": an ISO date
 * read right to left in Arabic-Indic digits is ambiguous, a month name is
 * not), in the UI's digits; a day its month does not have, or other forms,
 * as written, in the UI's digits. */
void sah_uitext_date(const sah_ui_t *ui, const char *iso, char *out, size_t size);

#endif
