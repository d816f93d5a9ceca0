/*
 * searchrank.h - the library search's ranking: Okapi BM25 over the query's
 * WORDS, not over FTS5's phrases.
 *
 * The index holds each word as the text spells it (search.h), so a query
 * word becomes a group of phrases ORed together: حكومة is "حكومة" OR
 * "الحكومة" OR "والحكومة"... FTS5's bm25() would weigh each spelling as a
 * word of its own, a rare spelling (وبالحكومة) outweighing the word itself.
 * sahifa_rank() sums, per group, the hits of its phrases as one term's, and
 * counts the documents that have any of them for its IDF: the score the
 * query would get if every spelling of the word were one term.
 *
 *   SELECT ... WHERE search MATCH '("a" OR "wa") AND ("b")'
 *     AND rank MATCH 'sahifa_rank(''0 0 1'', 10.0, 1.0)' ORDER BY rank
 *
 * Arguments: the group of each phrase in the query's order (numbers 0..n-1
 * separated by spaces; a phrase not named is a group of its own), then a
 * weight for each column (1.0 for those not given). Returns -BM25 (lower is
 * better, as bm25()); k1 = 1.2, b = 0.75.
 */
#ifndef SAH_SEARCHRANK_H
#define SAH_SEARCHRANK_H

#include <sqlite3.h>
#include <stdbool.h>

/* Registers sahifa_rank() with FTS5 @api. Returns: false when out of memory. */
bool sah_search_rank_register(fts5_api *api) __attribute__((warn_unused_result));

#endif
