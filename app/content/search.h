/*
 * search.h - the library's full-text index: SQLite FTS5 tables in the
 * library's cache database (library.c), read by a tokenizer of ours that
 * folds Arabic (fold.h). The library keeps it current as it indexes files:
 * sah_search_put() for a file parsed, sah_search_remove() for one gone or
 * broken; sah_library_search() asks it.
 *
 *   sah_search_register(db);            // on every connection, before the tables are used
 *   sah_db_migrate(db, ...SAH_SEARCH_TABLES...);
 *   sah_search_t *ix = sah_search_new(db);
 *   sah_search_put(ix, path, article);  // in the scan's transaction
 *   sah_search_query(ix, "حكومة", 0, on_hit, user);
 *   sah_search_free(ix);
 *
 * What is indexed is what the reader shows (the shown parts, as
 * `sahifa --dump-article` prints them): the title in one column, the rest
 * in another, ranked by bm25 with a title word worth 10 of the body's. Each
 * word is indexed once, folded, as the text has it; a query word becomes
 * the words of which it is a proclitic form (حكومة: والحكومة, للحكومة...),
 * and under --all-forms every word of the index with its stem, read from
 * the index's vocabulary (search_term: each word once, with its key).
 * docs/search.md gives the rules.
 */
#ifndef SAH_SEARCH_H
#define SAH_SEARCH_H

#include "app/content/article.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* The options of --search and --find. */
enum {
    SAH_SEARCH_TEH_MARBUTA = 1u << 0, /* ة and ه at a word's end are one letter */
    SAH_SEARCH_ALL_FORMS = 1u << 1,   /* words of one stem match (Snowball's Arabic stemmer) */
};

/* The tables, for the cache's schema steps: created if missing, dropped
 * when the cache is rebuilt. The tokenizer must be registered first. */
#define SAH_SEARCH_TABLES                                                                          \
    "CREATE TABLE IF NOT EXISTS search_doc (docid INTEGER PRIMARY KEY,"                            \
    " path TEXT NOT NULL UNIQUE, hash TEXT NOT NULL);"                                             \
    "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(title, body, tokenize='sahifa');"        \
    "CREATE TABLE IF NOT EXISTS search_term (term TEXT PRIMARY KEY, key TEXT NOT NULL)"            \
    " WITHOUT ROWID;"                                                                              \
    "CREATE INDEX IF NOT EXISTS search_term_key ON search_term (key);"
#define SAH_SEARCH_DROP                                                                            \
    "DROP TABLE IF EXISTS search; DROP TABLE IF EXISTS search_doc;"                                \
    " DROP TABLE IF EXISTS search_term;"

/* Results a query gives at most (the best): snippets cost a re-read of
 * each article's text. */
#define SAH_SEARCH_MAX_RESULTS 100

/* Registers the tokenizer "sahifa" and the auxiliary function
 * sahifa_hits() on @db. Returns: false when SQLite has no FTS5 or memory
 * ran out. */
bool sah_search_register(sqlite3 *db) __attribute__((warn_unused_result));

typedef struct sah_search sah_search_t;

/* Returns: (transfer full) the index on @db (whose tables exist), or NULL
 * (SQLite's error is on @db). @db must outlive it. */
sah_search_t *sah_search_new(sqlite3 *db) __attribute__((warn_unused_result));
void sah_search_free(sah_search_t *ix);

/* Indexes @a as the file @path, replacing what @path had, unless it had
 * the same identity (hash) already. Returns: false when the write failed
 * (SQLite's error is on the connection). */
bool sah_search_put(sah_search_t *ix, const char *path, const sah_article_t *a)
    __attribute__((warn_unused_result));

/* Forgets @path (nothing when it is not indexed). */
bool sah_search_remove(sah_search_t *ix, const char *path) __attribute__((warn_unused_result));

/* One result. (transfer none): valid during the callback. */
typedef struct {
    const char *path;
    double score;        /* -bm25: higher is better */
    size_t hits;         /* the query's words found in the article (title and body) */
    const char *snippet; /* the best passage, each hit in [ ], "…" where cut */
} sah_search_hit_t;

/* Returns: whether to count @hit among the results (the library skips
 * files of roots not read now and second copies). */
typedef bool (*sah_search_hit_fn)(void *user, const sah_search_hit_t *hit);

typedef enum {
    SAH_SEARCH_OK = 0,
    SAH_SEARCH_NO_WORDS, /* the query has no word (only spaces, punctuation) */
    SAH_SEARCH_FAILED,   /* SQLite failed: its error is on the connection */
} sah_search_status_t;

/*
 * sah_search_query:
 * @query: words, UTF-8; an article matches when it has every word (each
 *   also after proclitics; @flags: SAH_SEARCH_*).
 *
 * Calls @fn for the matches, best first, until it accepted
 * SAH_SEARCH_MAX_RESULTS of them.
 */
sah_search_status_t sah_search_query(sah_search_t *ix, const char *query, unsigned flags,
                                     sah_search_hit_fn fn, void *user);

#endif
