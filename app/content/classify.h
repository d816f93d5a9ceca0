/*
 * classify.h - the role of every line of an article: the head (headline,
 * deck, small print, captions), the body (paragraphs, headings, list items)
 * and what is not the article (chrome, repeats). The rules are in
 * docs/article-format.md; head.h scores the headline, chrome.h knows the
 * site's vocabulary.
 *
 *   sah_line_t *L = ...;        // the non-blank lines, s and e set
 *   sah_found_t f;
 *   if (!sah_classify(text, L, m, front_title, kind, &f))
 *       return;                 // out of memory
 *
 * One pass to describe the lines (shape, key, vocabulary, metadata), a hash
 * table for repeats, then passes over the head and the body: linear in the
 * text (the headline's scoring looks at SAH_HEAD_WINDOW lines, each at a
 * bounded number of neighbours).
 */
#ifndef SAH_CLASSIFY_H
#define SAH_CLASSIFY_H

#include "app/content/article.h"
#include "app/content/head.h"
#include "app/content/sitelines.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    long minutes;          /* the publisher's reading time, or -1 */
    size_t headline;       /* line index, or SIZE_MAX */
    size_t title_end;      /* the headline's end without a " | Site" suffix */
    size_t src_s, src_e;   /* the source's bytes (dateline, source line or
                              title suffix); equal when none */
    size_t site_s, site_e; /* the headline's " | Site" suffix; equal when none */
    size_t lead;           /* no headline: the paragraph the lead is cut from, or SIZE_MAX */
    bool arabic;           /* the article is mostly in the Arabic script */
} sah_found_t;

/*
 * sah_classify:
 * @t: the text; @L: its non-blank lines with s and e set (the rest is
 *   filled in); @m: how many (at least 1).
 * @title: (nullable): the front matter's title; the headline is then the
 *   line that says the same, if any, and no lead is cut.
 * @site: (nullable): the lines the article's site prints in its other
 *   pages (sitelines.h): chrome, unless the article would show nothing.
 * @kind: (out caller-allocates): the role of each line.
 * @f: (out): what the head said.
 *
 * Returns: false when out of memory.
 */
bool sah_classify(const char *t, sah_line_t *L, size_t m, const char *title,
                  const sah_sitelines_t *site, sah_part_kind_t *kind, sah_found_t *f)
    __attribute__((warn_unused_result));

/* The scratch a line's key needs: sah_classify_line_hash()'s @key. */
#define SAH_LINE_KEY_MAX 1024

/*
 * sah_classify_line_hash:
 * @s: a trimmed line (valid UTF-8); @n: its length; @words: its words
 *   (sah_shape_t.words).
 * @key: (out caller-allocates): SAH_LINE_KEY_MAX bytes: the line's key
 *   (arnorm.h), NUL-terminated.
 * @k: (out): the key's length; 0 when the line is a long paragraph, keyed
 *   by its bytes (a copy of one is byte for byte).
 *
 * The identity repeats are found by: equal for two spellings of one short
 * line, with or without its bullets and final colon (sah_line_t.hash).
 *
 * Returns: the line's hash.
 */
uint64_t sah_classify_line_hash(const char *s, size_t n, size_t words, char *key, size_t *k);

#endif
