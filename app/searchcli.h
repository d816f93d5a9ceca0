/*
 * searchcli.h - `sahifa --search QUERY` and `sahifa --find QUERY FILE`: the
 * library's search and the in-article find, as JSON Lines for scripts and
 * tests (the formats are a contract: docs/search.md).
 *
 *   --search: one line per article, best first:
 *     {"path": "...", "title": "...", "score": 7.25, "hits": 3, "snippet": "... [hit] ..."}
 *   --find: one line per hit, in reading order:
 *     {"start": 120, "end": 134, "page": 1, "snippet": "... [hit] ..."}
 *
 * score: -bm25, higher is better; hits: the query's words found in the
 * article; start, end: bytes of the file as read (the converted text of a
 * Windows-1256 file), the offsets bookmarks use; page: 1-based, at the
 * default screen (800x480, the reader's default settings and fonts).
 */
#ifndef SAH_SEARCHCLI_H
#define SAH_SEARCHCLI_H

#include "app/config.h"

#include <stdio.h>

/* The exit status of a usage error (main.c's EXIT_USAGE): a query without
 * a word, --find without a FILE. */
#define SAH_SEARCHCLI_USAGE 2

/* --search @o->search over @o's library. Returns: EXIT_SUCCESS (no line
 * when nothing matches), EXIT_FAILURE with one line on stderr when the
 * library's cache or index cannot be used, or SAH_SEARCHCLI_USAGE. */
int sah_searchcli_search(const sah_config_t *o, FILE *out);

/* --find @o->find in @o->file. Returns: EXIT_SUCCESS (no line when there is
 * no hit), EXIT_FAILURE with one line naming the file when it cannot be
 * read, or SAH_SEARCHCLI_USAGE. */
int sah_searchcli_find(const sah_config_t *o, FILE *out);

#endif
