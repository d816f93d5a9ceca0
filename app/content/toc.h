/*
 * toc.h - an article's table of contents: its sections as entries (a title,
 * the byte offset where the section starts in sah_article_text(), a level),
 * in reading order. A text article's come from its parts (the headline,
 * level 0, and each heading, level 1: sah_toc_from_article()); any other
 * source of structure (a web page's or a book's headings) builds the same
 * list with sah_toc_add(), and the contents screen and the status bar read
 * only this.
 *
 *   sah_toc_t *toc = sah_toc_from_article(article);
 *   for (size_t i = 0; i < sah_toc_count(toc); i++)
 *       show(sah_toc_entry(toc, i)->title, page_of(sah_toc_entry(toc, i)->offset));
 *   long cur = sah_toc_at(toc, page_start);     // the section the page is in
 *   sah_toc_free(toc);
 */
#ifndef SAH_TOC_H
#define SAH_TOC_H

#include <stdbool.h>
#include <stddef.h>

#include "app/content/article.h"

/* A title longer than this is cut (at a character) with "…": an entry is
 * one line of a list. */
#define SAH_TOC_TITLE_MAX 300

typedef struct {
    const char *title; /* UTF-8, one line, never empty; owned by the toc */
    size_t offset;     /* where the section starts, bytes into the text */
    int level;         /* 0: the article's title, 1: a section, 2..: deeper */
} sah_toc_entry_t;

typedef struct sah_toc sah_toc_t;

/* Returns: (transfer full) an empty table, NULL when out of memory. */
sah_toc_t *sah_toc_new(void) __attribute__((warn_unused_result));
/* NULL is a no-op. */
void sah_toc_free(sah_toc_t *toc);

/*
 * sah_toc_add:
 * Appends an entry: @title's @len bytes (copied; white space at its ends
 * and line breaks inside made single spaces; cut to SAH_TOC_TITLE_MAX), at
 * @offset, of @level. Entries are kept in offset order (one before the
 * last is put in its place). A title with nothing to show is not added
 * (true). Returns: false when out of memory (the table is unchanged).
 */
bool sah_toc_add(sah_toc_t *toc, const char *title, size_t len, size_t offset, int level)
    __attribute__((warn_unused_result));

/*
 * sah_toc_from_article:
 * The contents of @a: the ones its source gave it (an EPUB's chapters:
 * epubarticle.h), else its headline (level 0; the article's title at
 * offset 0 when it has none) and its headings (level 1), shown parts only.
 * Returns: (transfer full), NULL when out of memory.
 */
sah_toc_t *sah_toc_from_article(const sah_article_t *a) __attribute__((warn_unused_result));

size_t sah_toc_count(const sah_toc_t *toc);
/* (transfer none): entry @i, owned by @toc, valid until it is freed or
 * added to; NULL past the end. */
const sah_toc_entry_t *sah_toc_entry(const sah_toc_t *toc, size_t i);

/* The section byte @offset is in: the last entry at or before it; -1 when
 * none is (or @toc is NULL). */
long sah_toc_at(const sah_toc_t *toc, size_t offset);

#endif
