/*
 * pagedump.h - `sahifa --dump-pages FILE`: the pages of an article as the
 * reader lays them out, for tests and benchmarks of pagination (how full
 * each page is, where display lines fall).
 *
 * One JSON object per page, one per line (JSON Lines), in order:
 *
 *   {"page": 1, "start": 0, "end": 1200, "height": 402, "used": 381.0,
 *    "blank": 21.0, "pitch": 35, "next": "heading",
 *    "lines": [{"start": 0, "end": 96, "baseline": 31.5, "px": 30.8}, ...]}
 *
 * start, end: the page's bytes of the text as read; height: the text
 * area's height in px (the screen less the status bar and the margins);
 * used: how far down it the lines and figures reach (the last line's pitch
 * included); blank: height - used; pitch: a body line's pitch; next: the
 * role (sah_part_kind_name()) of the part the next page starts in, null
 * on the last page. lines: each line's bytes, its baseline in px from the
 * text area's top, and its font size in px. The reader's default settings
 * (22 px, line spacing 1.6) at --width x --height (as turned by --rotate),
 * with --digits and --kashida when given.
 */
#ifndef SAH_PAGEDUMP_H
#define SAH_PAGEDUMP_H

#include <stdio.h>

#include "app/config.h"

/*
 * sah_pagedump:
 * Writes the pages of @o->dump_pages to @out.
 *
 * Returns: EXIT_SUCCESS, or EXIT_FAILURE with one line on stderr naming the
 * file and why (it cannot be read, its fonts cannot be loaded, out of
 * memory).
 */
int sah_pagedump(const sah_config_t *o, FILE *out);

#endif
