/* lineshape.c - see lineshape.h. */
#include "app/content/lineshape.h"

#include "app/content/arnorm.h"

#include <stdint.h>
#include <string.h>

static bool is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x202F || c == 0x3000;
}

static bool is_arabic_letter(uint32_t c)
{
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || c == 0x06D5 ||
           (c >= 0x06FA && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFC);
}

static bool is_latin_letter(uint32_t c)
{
    return ((c | 32) >= 'a' && (c | 32) <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* Letters of other scripts, roughly: enough to tell "a line of words" from
 * "a line of digits and signs". */
static bool is_other_letter(uint32_t c)
{
    return (c >= 0x0370 && c <= 0x052F) || (c >= 0x0590 && c <= 0x05FF) ||
           (c >= 0x0900 && c <= 0x0DFF) || (c >= 0x3040 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF);
}

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
}

static bool is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0xBB || c == 0xAB || c == 0x201D ||
           c == 0x201C || c == 0x2019 || c == 0x201E;
}

/* count_text's (article.c) spaces: every Unicode space separator and line
 * break, a few more than is_space()'s. */
static bool is_read_space(uint32_t c)
{
    return is_space(c) || c == 0x1680 || c == 0x2028 || c == 0x2029 || c == 0x205F;
}

/* A letter or digit makes a word to read; a lone dash or quote does not. */
static bool is_read_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x206F) && c != 0x060C &&
           c != 0x061B && c != 0x061F && !(c >= 0x066A && c <= 0x066D) && c != 0x06D4 &&
           !(c >= 0x2E00 && c <= 0x2E7F) && !(c >= 0x3000 && c <= 0x303F) && c != 0xFFFD;
}

/* The reading count's Arabic letters: the presentation forms up to U+FEFF. */
static bool is_read_arabic(uint32_t c)
{
    return is_arabic_letter(c) || (c >= 0xFEFD && c <= 0xFEFF);
}

/* Whether @u starts with a letter of the basic Arabic block, U+0621 to
 * U+064A: D8 A1..BF or D9 80..8A, as one 16-bit number and a test that the
 * second byte continues the first. */
static inline bool basic_pair(const unsigned char *u)
{
    uint32_t v = (uint32_t)u[0] << 8 | u[1];
    return v - 0xD8A1u <= 0xD98Au - 0xD8A1u && (u[1] & 0xC0) == 0x80;
}

/* One walk of the line for its shape and, when @rd is set, its reading
 * count: the listing describes every line of every article it indexes, and
 * the walk is most of it. The letters of the basic Arabic block (two bytes,
 * D8 A1 to D9 8A) are most of an Arabic line and are taken from the bytes
 * without decoding them. */
static inline void shape_walk(const char *s, size_t n, sah_shape_t *sh, sah_reading_t *rd)
{
    const unsigned char *u = (const unsigned char *)s;
    memset(sh, 0, sizeof *sh);
    /* Counted in locals: @sh may alias the text as far as C knows. */
    uint32_t before_closers = 0;
    bool in_word = false, inner_comma = false, url = false;
    /* The reading count's run: 0 between words, 1 in one without a letter
     * or digit yet, 2 in one counted. */
    unsigned run = 0;
    size_t ncp = 0, words = 0, basic = 0, arabic = 0, latin = 0, other = 0, digits = 0;
    size_t r_words = 0, r_arabic = 0, r_latin = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t b0 = u[i];
        if (b0 == ' ') {
            ncp++;
            in_word = false;
            run = 0;
            i++;
            continue;
        }
        if (i + 1 < n && basic_pair(u + i)) {
            /* A word's letters in a row: one test each. */
            const unsigned char *p = u + i + 2, *last = u + n - 1;
            for (; p < last; p += 2) {
                uint32_t v = (uint32_t)p[0] << 8 | p[1];
                if (v - 0xD8A1u > 0xD98Au - 0xD8A1u || (v & 0xC0) != 0x80)
                    break;
            }
            size_t k = (size_t)(p - u);
            ncp += (k - i) / 2;
            basic += (k - i) / 2;
            words += !in_word;
            in_word = true;
            before_closers = (u[k - 2] & 0x1Fu) << 6 | (u[k - 1] & 0x3Fu);
            r_words += run != 2;
            run = 2;
            i = k;
            continue;
        }
        ncp++;
        if (b0 < 0x80) {
            /* ASCII: punctuation, digits, Latin, with their own tests. */
            if (b0 == '\t' || (b0 >= 0x0A && b0 <= 0x0D)) {
                in_word = false;
                run = 0;
                i++;
                continue;
            }
            bool letter = (b0 | 32) - 'a' < 26u, digit = b0 - '0' < 10u;
            if (letter || digit) {
                r_words += run != 2;
                run = 2;
            } else if (run == 0) {
                run = 1;
            }
            r_latin += letter;
            words += !in_word;
            in_word = true;
            latin += letter;
            digits += digit;
            if (b0 == ':' && i + 2 < n && u[i + 1] == '/' && u[i + 2] == '/')
                url = true; /* "://" or "www.": a link */
            if (b0 == 'w' && i + 3 < n && memcmp(u + i, "www.", 4) == 0)
                url = true;
            if (b0 == ',' && i + 1 < n)
                inner_comma = true;
            if (!is_closer(b0))
                before_closers = b0;
            i++;
            continue;
        }
        if (b0 - 0xD8u < 4 && i + 1 < n) {
            /* The rest of the Arabic block (U+0600..U+06FF: marks, the
             * comma, digits, Persian and Urdu letters), by its ranges: no
             * space, closer, Latin or other letter is among them. */
            uint32_t c = (b0 & 0x1F) << 6 | (u[i + 1] & 0x3Fu);
            bool letter = (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
                          c == 0x06D5 || c >= 0x06FA;
            bool digit = (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
            bool word = !(c == 0x060C || c == 0x061B || c == 0x061F ||
                          (c >= 0x066A && c <= 0x066D) || c == 0x06D4);
            if (word) {
                r_words += run != 2;
                run = 2;
            } else if (run == 0) {
                run = 1;
            }
            r_arabic += letter;
            words += !in_word;
            in_word = true;
            arabic += letter;
            digits += digit && !letter;
            if (c == 0x060C && i + 2 < n)
                inner_comma = true;
            before_closers = c;
            i += 2;
            continue;
        }
        size_t len;
        uint32_t c = sah_arnorm_next_cp(u + i, n - i, &len);
        if (rd) {
            if (is_read_space(c)) {
                run = 0;
            } else {
                if (is_read_word(c)) {
                    r_words += run != 2;
                    run = 2;
                } else if (run == 0) {
                    run = 1;
                }
                r_arabic += is_read_arabic(c);
                r_latin += is_latin_letter(c);
            }
        }
        if (is_space(c)) {
            in_word = false;
            i += len;
            continue;
        }
        words += !in_word;
        in_word = true;
        if (c < 0x80) {
            if ((c | 32) >= 'a' && (c | 32) <= 'z')
                latin++;
            else if (c >= '0' && c <= '9')
                digits++;
            /* "://" or "www.": a link. */
            else if (c == ':' && i + 2 < n && u[i + 1] == '/' && u[i + 2] == '/')
                url = true;
            if (c == 'w' && i + 3 < n && memcmp(u + i, "www.", 4) == 0)
                url = true;
        } else if (is_arabic_letter(c))
            arabic++;
        else if (is_latin_letter(c))
            latin++;
        else if (is_other_letter(c))
            other++;
        else if (is_digit(c))
            digits++;
        if ((c == ',' || c == 0x060C) && i + len < n)
            inner_comma = true;
        if (!is_closer(c))
            before_closers = c;
        i += len;
    }
    sh->chars = ncp;
    sh->words = words;
    sh->arabic = arabic + basic;
    sh->latin = latin;
    sh->digits = digits;
    sh->letters = other + sh->arabic + latin;
    sh->inner_comma = inner_comma;
    sh->url = url;
    if (rd)
        *rd = (sah_reading_t){r_words, basic + r_arabic, r_latin};
    uint32_t e = before_closers;
    sh->stop = e == '.' || e == '!' || e == '?' || e == 0x061F || e == 0x06D4 || e == 0x2026;
    sh->clause = e == ':' || e == ';' || e == ',' || e == 0x060C || e == 0x061B;
    sh->question = e == '?' || e == 0x061F || e == '!';
    sh->ellipsis = e == 0x2026 || (n >= 3 && memcmp(s + n - 3, "...", 3) == 0);
    /* A bullet: a bullet sign, or a dash or asterisk followed by a space. */
    static const char *const bullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA",
                                          "\xE2\x96\xBA", "\xE2\x97\x8F"};
    if (n >= 2 && (u[0] == 0xE2 || u[0] == 0xC2))
        for (size_t b = 0; b < sizeof bullets / sizeof *bullets; b++)
            if (n >= strlen(bullets[b]) && memcmp(s, bullets[b], strlen(bullets[b])) == 0)
                sh->bullet = true;
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && (s[1] == ' ' || s[1] == '\t'))
        sh->bullet = true;
    if (n >= 4 && memcmp(s, "\xE2\x80\x93 ", 4) == 0) /* – */
        sh->bullet = true;
}

void sah_shape_of(const char *s, size_t n, sah_shape_t *sh)
{
    shape_walk(s, n, sh, NULL);
}

void sah_shape_read(const char *s, size_t n, sah_shape_t *sh, sah_reading_t *rd)
{
    shape_walk(s, n, sh, rd);
}

bool sah_shape_final(const sah_shape_t *sh)
{
    return sh->stop || sh->clause;
}

bool sah_shape_title(const sah_shape_t *sh)
{
    if (sh->chars > SAH_SHAPE_TITLE_MAX_CHARS || sh->letters == 0 || sh->clause || sh->ellipsis)
        return false;
    /* "Prices rose, the bank said." is a sentence; a title ending in a full
     * stop has no commas and few words. */
    return !(sh->stop && !sh->question && (sh->inner_comma || sh->words > 15));
}

bool sah_shape_body(const sah_shape_t *sh)
{
    if (sh->ellipsis || sh->letters == 0)
        return false;
    return sh->words >= 12 || (sh->words >= 5 && sah_shape_final(sh));
}
