/*
 * iniread.h - INI text (bundle.ini, sahifa.ini) through inih,
 * one whole line at a time.
 *
 *   const char *why;
 *   int line = sah_ini_parse(text, len, on_option, &opts, &why);
 *   if (line > 0)
 *       fprintf(stderr, "sahifa: %s:%d: %s\n", path, line, why);
 *
 * inih reads a line into a buffer of INI_MAX_LINE (200) bytes and takes what
 * does not fit as the next line: a long `name =` was cut and its tail
 * parsed as a second option, or an error reported one line too far. Here
 * inih is fed line by line from memory, and a line longer than
 * SAH_INI_MAX_LINE (or holding a NUL byte) is refused whole: inih never
 * sees it, it sets nothing, and it is reported at its own line number. A
 * comment line (`;` or `#` first) of any length is read as a comment.
 */
#ifndef SAH_INIREAD_H
#define SAH_INIREAD_H

#include <stddef.h>

/* The longest line read, in bytes, not counting its "\n" or "\r\n": inih's
 * line buffer less the line end and the NUL. */
#define SAH_INI_MAX_LINE 198

/* Called for each option: nonzero when it was taken; @line is its line
 * number (from 1), for messages (inih itself gives none: Debian builds it
 * without INI_HANDLER_LINENO); @section is "" before any [section]. The
 * strings are valid during the call only. */
typedef int (*sah_ini_handler_t)(void *user, int line, const char *section, const char *name,
                                 const char *value);

/*
 * sah_ini_parse:
 * @text: the file's bytes (need not be NUL-terminated).
 * @len: their number.
 * @handler: called for each option, in order (inih's rules: `name = value`
 *   or `name: value`, [sections], `;` and `#` comments, a leading BOM).
 * @why: (out) (optional) (transfer none): a static phrase for the first
 *   error ("not INI syntax", "line longer than 198 bytes", ...).
 *
 * Every line that is not in error is handled, even past an error.
 *
 * Returns: 0, or the number (from 1) of the first line in error: a line
 * inih cannot parse, one that is too long or holds a NUL byte, or one whose
 * handler returned 0.
 */
int sah_ini_parse(const char *text, size_t len, sah_ini_handler_t handler, void *user,
                  const char **why);

#endif
