/*
 * head.h - the head of a news page: which line is the headline, and the
 * small print around it (dateline, date, byline, reading time, source,
 * photo caption). Lines are judged by evidence, not by position: scraped
 * pages put menus, mastheads and other stories' titles above the story.
 *
 *   sah_line_t *L = ...;             // classify.c fills one per line
 *   size_t h = sah_head_pick(text, L, m, arabic);
 *   if (h == SIZE_MAX)
 *       ...                          // no headline: the page gets a lead
 *
 * docs/article-format.md tells the rules in prose.
 */
#ifndef SAH_HEAD_H
#define SAH_HEAD_H

#include "app/content/article.h"
#include "app/content/chrome.h"
#include "app/content/lineshape.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines of the head looked at for a headline: the longest real head seen
 * (two copies of a site menu, then the story) is about 90 lines; a bound
 * keeps the scoring linear on an 8 MiB file of short lines. */
#define SAH_HEAD_WINDOW 160

/* The lines of @m the head's rules look at: @m, at most SAH_HEAD_WINDOW. */
size_t sah_head_window(size_t m);

/* Metadata lines are short: a line longer than this is never one. */
#define SAH_HEAD_META_MAX_BYTES 200

/* What a line of the head says about the article, when it says something. */
typedef struct {
    sah_part_kind_t kind;    /* DATE, DATELINE, BYLINE, READING_TIME, SOURCE,
                                CAPTION, or SAH_PART_BODY when none */
    long minutes;            /* READING_TIME: the figure; 0 for the icon's alt text alone */
    size_t skip;             /* bytes at the start that are not shown (the icon's alt text) */
    size_t src_off, src_len; /* DATELINE, SOURCE: the source's bytes within the line */
} sah_meta_line_t;

/* One non-blank line, as classify.c describes it for the head's rules. */
typedef struct {
    size_t s, e; /* the trimmed line in the text */
    sah_shape_t sh;
    sah_reading_t read;   /* the line's reading count (sah_shape_read()) */
    uint64_t hash;        /* of the key without its bullets and colon: equal for repeats */
    size_t first;         /* the first line with the same hash (itself when none before) */
    size_t copies;        /* how many lines share the hash */
    sah_chrome_t chrome;  /* by vocabulary */
    bool featured;        /* chrome by its features */
    bool teaser;          /* a cut copy of a later line's start */
    sah_meta_line_t meta; /* sah_head_meta() */
} sah_line_t;

/*
 * sah_head_meta:
 * @s: a trimmed line (valid UTF-8); @n: its length.
 * @key: its key (arnorm.h), @kn: the key's length; @sh: its shape.
 * @out: (out): what it is.
 *
 * Recognises the head's metadata lines in Arabic and English forms:
 * reading time ("8 mins read", "دقائق القراءة - 12", "قراءة 3 دقائق"),
 * dates (month names: Arabic, Levantine, Maghrebi, Hijri, Persian, English;
 * ISO and numeric dates, times, "منذ ساعتين", "نشر:", "Published"),
 * datelines ("دبي - الشرق", "السومرية نيوز/ بغداد", "RIYADH —",
 * "London (Reuters) -"), bylines ("بقلم", "كتب:", "By ..."), sources
 * ("المصدر:", "Source:", an agency's name alone) and photo credits
 * ("... - REUTERS", "(أ ف ب)", "Photo: ...", "الصورة:").
 *
 * Returns: whether @s is one (then @out->kind says which).
 */
bool sah_head_meta(const char *s, size_t n, const char *key, size_t kn, const sah_shape_t *sh,
                   sah_meta_line_t *out);

/* Whether @L is a line of the article's other script (a Latin line in an
 * Arabic-script article, or the reverse): in the head such a line is the
 * site's ("Menu", "migrate reporter"), in the body it is a paragraph. */
bool sah_head_foreign(const sah_line_t *L, bool arabic);

/*
 * sah_head_pick:
 * @t: the text; @L: its non-blank lines; @m: how many.
 * @arabic: whether the article is mostly in the Arabic script.
 *
 * Scores headline candidates among the first SAH_HEAD_WINDOW lines:
 * title-shaped (at most SAH_SHAPE_TITLE_MAX_CHARS code points, no clause
 * ending, not chrome, not metadata, not a repeat), with points for being
 * first, for words, for a line that repeats it nearby ("Title | Site" too),
 * for metadata under it, for the body starting right after it, and against
 * a run of three or more title-shaped lines (a list of other stories). A
 * candidate after a paragraph-shaped line must have metadata right under
 * it (other stories' leads above the story).
 *
 * Returns: the headline's index, or SIZE_MAX when no line has the evidence.
 */
size_t sah_head_pick(const char *t, const sah_line_t *L, size_t m, bool arabic);

/* Whether @b is @a's text, then " | Site" or " - Site" (a title with the
 * site's name, as scraped pages print it a second time). */
bool sah_head_extends(const char *t, const sah_line_t *a, const sah_line_t *b);

/* Whether L[i] .. L[i+1] are a caption printed twice (the same line at once). */
bool sah_head_pair(const sah_line_t *L, size_t m, size_t i);

#endif
