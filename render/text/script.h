/*
 * script.h - script itemization: the script each character is shaped in.
 *
 *   sah_script_resolve(text, n, scripts, pair_scratch, script_scratch);
 *
 * As libraqm does it, so that runs (and thus glyphs) match our shaping
 * oracle: a Common or Inherited character (space, digit, punctuation, mark)
 * takes the script of the character before it; a closing bracket takes the
 * script of its opening one (brackets pair through a stack); characters
 * before the first real script take the script after them. Script changes
 * split shaping runs, so "REUTERS" inside Arabic is shaped as Latin and the
 * spaces and quotes around it stay with the Arabic.
 */
#ifndef SAH_SCRIPT_H
#define SAH_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>

/*
 * sah_script_resolve:
 * @text: @n code points.
 * @out: (out caller-allocates): @n scripts.
 * @pair_scratch, @script_scratch: (caller-allocates): room for @n entries
 *   each (the bracket stack; no allocation here).
 */
void sah_script_resolve(const uint32_t *text, size_t n, hb_script_t *out, int32_t *pair_scratch,
                        hb_script_t *script_scratch);

#endif
