/*
 * lineshape.h - the shape of one line of an article, as a reader sees it at
 * a glance: how long, how many words, which script, how it ends. The
 * parser's rules (head.c, chrome.c, classify.c) are written on shapes.
 *
 *   sah_shape_t sh;
 *   sah_shape_of("Rain falls in Abu Dhabi.", 24, &sh);
 *   // sh.words == 5, sh.stop == true, sh.latin == 16
 */
#ifndef SAH_LINESHAPE_H
#define SAH_LINESHAPE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    size_t chars;     /* code points */
    size_t words;     /* runs of non-space characters */
    size_t arabic;    /* letters of the Arabic script (Persian, Urdu included) */
    size_t latin;     /* Latin letters */
    size_t letters;   /* all letters: arabic + latin + others */
    size_t digits;    /* ASCII, Arabic-Indic and Persian digits */
    bool stop;        /* ends a sentence: . ! ? ؟ ۔ … (through closing quotes, brackets) */
    bool clause;      /* ends a clause: : ; , ، ؛ */
    bool question;    /* ends with ? ؟ or ! */
    bool ellipsis;    /* ends with "..." or "…": a teaser cut by the site */
    bool inner_comma; /* a comma (, or ،) before the end: a sentence's, rarely a title's */
    bool bullet;      /* starts with a bullet (• · ▪ ► *) or a dash and a space */
    bool url;         /* contains "://" or "www." */
} sah_shape_t;

/* Fills @sh for the UTF-8 line @s (@n bytes, trimmed, valid UTF-8). */
void sah_shape_of(const char *s, size_t n, sah_shape_t *sh);

/* What a reader reads of a line, for the reading time (article.h's
 * meta.words) and the article's language: words (runs between Unicode
 * spaces with a letter or digit: a lone dash or quote is none), letters of
 * the Arabic script (presentation forms included) and Latin letters. */
typedef struct {
    size_t words;
    size_t arabic;
    size_t latin;
} sah_reading_t;

/* sah_shape_of(), and the line's reading count in @rd, in the same walk. */
void sah_shape_read(const char *s, size_t n, sah_shape_t *sh, sah_reading_t *rd);

/* Whether the line ends in final punctuation (a sentence or a clause). */
bool sah_shape_final(const sah_shape_t *sh);

/* A title's shape: at most SAH_SHAPE_TITLE_MAX_CHARS code points, letters,
 * not ending a clause or a teaser, not a sentence with commas. */
bool sah_shape_title(const sah_shape_t *sh);

/* A paragraph's shape: 12 words or more, or 5 or more ending in final
 * punctuation, and not a teaser (an ellipsis at its end). */
bool sah_shape_body(const sah_shape_t *sh);

/* A headline is at most this many code points: the longest real ones are
 * about 140; a longer line is a paragraph or a summary. */
#define SAH_SHAPE_TITLE_MAX_CHARS 160

#endif
