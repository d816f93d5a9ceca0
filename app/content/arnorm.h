/*
 * arnorm.h - the matching key of a short line of Arabic (or Latin) text:
 * what two spellings of one phrase have in common, so that chrome
 * vocabulary and repeated lines are recognised however a site spelt them.
 *
 *   char key[256];
 *   size_t n = sah_arnorm_key("أقراء أيضاً:", strlen(...), key, sizeof key);
 *   // key is "اقرا ايضا:" , the key of "اقرأ أيضا" with its colon
 *
 * The key:
 * - drops harakat and Quranic marks (U+064B..U+065F, U+0670), tatweel
 *   (U+0640), the lone hamza (U+0621: "اقراء" is a common misspelling of
 *   "اقرأ"), zero-width and bidi controls (U+200B..U+200F, U+202A..U+202E,
 *   U+2066..U+2069, U+FEFF);
 * - folds the letters scrapers and writers interchange: أ إ آ ٱ to ا,
 *   ى and ی and ئ to ي, ؤ to و, ة and ہ to ه, ک to ك;
 * - writes Arabic-Indic (U+0660..) and Persian (U+06F0..) digits as ASCII;
 * - lowercases ASCII;
 * - turns every run of spaces (tab, no-break space, the Unicode spaces) into
 *   one ASCII space and trims both ends.
 * Other characters are copied. It is not Unicode normalisation (no NFKC of
 * presentation forms): the key is for matching phrases, never shown.
 */
#ifndef SAH_ARNORM_H
#define SAH_ARNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * sah_arnorm_key:
 * @s: UTF-8 text (valid: sah_article_text()); @n: its length.
 * @out: (out caller-allocates): the key, NUL-terminated; @cap: its size (> 0).
 *
 * The key is never longer than @s; it is cut (at a character) when @cap is
 * smaller.
 *
 * Returns: the key's length in bytes.
 */
size_t sah_arnorm_key(const char *s, size_t n, char *out, size_t cap);

/*
 * sah_arnorm_trim_marks:
 * @key: a key; @n: its length.
 * @start: (out): where the key's words start.
 *
 * The part of a key between leading bullets, dashes, asterisks, slashes and
 * spaces and trailing colons, dashes, full stops, ellipses and spaces:
 * "* تم التحديث" and "• اقرا ايضا:" are matched as "تم التحديث", "اقرا ايضا".
 *
 * Returns: the trimmed length; the trimmed key is [@start, @start + return).
 */
size_t sah_arnorm_trim_marks(const char *key, size_t n, size_t *start);

/* The first @w (@l bytes, l > 0) in @s (@n bytes), or NULL: memchr on its
 * first byte, then memcmp. The parser looks for short needles in short
 * lines, where glibc's memmem spends more on its set-up than on the search. */
const char *sah_arnorm_find(const char *s, size_t n, const char *w, size_t l);

/* Whether @key (length @n) begins with @word followed by its end, a space or
 * a colon: "اقرا ايضا: عنوان" begins with "اقرا ايضا". */
bool sah_arnorm_begins(const char *key, size_t n, const char *word);

/* The code point at @s (UTF-8, @n > 0 bytes left), its length in *@len; a
 * sequence cut by the end is read as far as it goes. Inline: the parser's
 * line shape and matching key call it for every character they read. */
static inline uint32_t sah_arnorm_next_cp(const unsigned char *s, size_t n, size_t *len)
{
    uint32_t c = s[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c < 0xE0 && n >= 2) {
        *len = 2;
        return (c & 0x1F) << 6 | (s[1] & 0x3F);
    }
    size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (k > n)
        k = n;
    *len = k;
    if (k == 1)
        return c;
    c &= 0x3F >> (k - 1);
    for (size_t i = 1; i < k; i++)
        c = (c << 6) | (s[i] & 0x3F);
    return c;
}

#endif
