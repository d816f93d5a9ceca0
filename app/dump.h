/*
 * dump.h - `sahifa --dump-article FILE`: an article as the reader will show
 * it, for bundle authors, tests and benchmarks.
 *
 * One JSON object per shown part, one per line (JSON Lines, UTF-8), in
 * reading order; hidden parts (chrome, repeats, front matter, space) print
 * nothing:
 *
 *   {"role": "headline", "dir": "rtl", "text": "...", "start": 0, "end": 103}
 *
 * role: sah_part_kind_name(); dir: the part's own direction; text: the part
 * as shown; start, end: its byte range in the text as read (the file's bytes
 * when it is UTF-8, the converted text when it was Windows-1256: the offsets
 * bookmarks and pages use). A page without a headline gets one block more:
 * its lead (meta.title, a prefix of the first paragraph cut at a word) as a
 * "headline" just before that paragraph, whose block stays whole. The
 * format is a contract: scripts read it.
 */
#ifndef SAH_DUMP_H
#define SAH_DUMP_H

#include <stdio.h>

/*
 * sah_dump_article:
 * @path: the article file.
 * @out: where the lines go.
 *
 * Returns: EXIT_SUCCESS when the file was read (its lines written), else
 * EXIT_FAILURE with one line on stderr naming @path and why.
 */
int sah_dump_article(const char *path, FILE *out);

#endif
