/*
 * chrome.h - what a news site prints around an article: menus, share bars,
 * ads, related stories, paywall and comment widgets, the masthead. Lines are
 * recognised by their features (no letters, a lone URL, markup, menu
 * separators) and by vocabulary matched on the normalised key
 * (app/content/arnorm.h), so "أقراء أيضاً" finds "اقرأ أيضا".
 *
 *   char key[512];
 *   size_t k = sah_arnorm_key(line, n, key, sizeof key);
 *   if (sah_chrome_vocab(key, k, words) == SAH_CHROME_RELATED) ...
 *
 * What the parser does with each class is in classify.c and
 * docs/article-format.md.
 */
#ifndef SAH_CHROME_H
#define SAH_CHROME_H

#include "app/content/lineshape.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SAH_CHROME_NONE = 0,
    SAH_CHROME_LINE, /* this line only: "إعلان", "شارك", "A+ A-", a lone URL */
    SAH_CHROME_HEAD, /* a widget's label in the head ("حجم الخط", "فيديو", "English");
                        the same words between paragraphs are a section's heading */
    SAH_CHROME_RELATED, /* starts a list of other stories: "اقرأ أيضاً", "السابق", "Tags" */
    SAH_CHROME_END,      /* the article is over: paywall, comments, copyright */
    SAH_CHROME_MORE,     /* "Read more": closes a teaser of another story */
    SAH_CHROME_MASTHEAD, /* a staff title ("رئيس التحرير"); a name may follow */
    SAH_CHROME_SITE,     /* the site's own name: "صحيفة ...", "بوابة ..." */
} sah_chrome_t;

/*
 * sah_chrome_vocab:
 * @key: the line's key (sah_arnorm_key()); @n: its length.
 * @words: the line's words (sah_shape_t.words).
 *
 * Returns: the class of the line by its vocabulary, SAH_CHROME_NONE when it
 * has none. Long lines (over 30 words) are never chrome by vocabulary: a
 * paragraph that mentions "تويتر" is a paragraph.
 */
sah_chrome_t sah_chrome_vocab(const char *key, size_t n, size_t words);

/*
 * sah_chrome_features:
 * @s: the line as written (trimmed UTF-8); @n: its length; @sh: its shape.
 *
 * Whether the line is chrome by its features alone: no letters (".", "-",
 * "• 25", a phone number), a URL with at most 6 words, markup or attribute
 * debris ("<img ...>", `content="..."`), a menu (two or more separators
 * | » > / • between short items, no sentence punctuation), a font-size
 * widget ("A+ A-").
 */
bool sah_chrome_features(const char *s, size_t n, const sah_shape_t *sh);

/* Whether every vocabulary entry is written as its own key (a test: an
 * entry spelt with a hamza or a teh marbuta would never match), and no
 * whole-line entry is longer than the matching looks. */
bool sah_chrome_vocab_is_normalised(void);

#endif
