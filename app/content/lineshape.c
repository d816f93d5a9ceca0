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

void sah_shape_of(const char *s, size_t n, sah_shape_t *sh)
{
    const unsigned char *u = (const unsigned char *)s;
    memset(sh, 0, sizeof *sh);
    uint32_t before_closers = 0;
    bool in_word = false;
    size_t ncp = 0;
    for (size_t i = 0, len; i < n; i += len) {
        uint32_t c = sah_arnorm_next_cp(u + i, n - i, &len);
        ncp++;
        /* Most of an Arabic article: a letter of the basic block. */
        if (c >= 0x0621 && c <= 0x064A) {
            sh->words += !in_word;
            in_word = true;
            sh->arabic++;
            before_closers = c;
            continue;
        }
        if (is_space(c)) {
            in_word = false;
            continue;
        }
        if (!in_word)
            sh->words++;
        in_word = true;
        if (is_arabic_letter(c))
            sh->arabic++;
        else if (is_latin_letter(c))
            sh->latin++;
        else if (is_other_letter(c))
            sh->letters++;
        else if (is_digit(c))
            sh->digits++;
        if ((c == ',' || c == 0x060C) && i + len < n)
            sh->inner_comma = true;
        if (!is_closer(c))
            before_closers = c;
    }
    sh->chars = ncp;
    sh->letters += sh->arabic + sh->latin;
    uint32_t e = before_closers;
    sh->stop = e == '.' || e == '!' || e == '?' || e == 0x061F || e == 0x06D4 || e == 0x2026;
    sh->clause = e == ':' || e == ';' || e == ',' || e == 0x060C || e == 0x061B;
    sh->question = e == '?' || e == 0x061F || e == '!';
    sh->ellipsis = e == 0x2026 || (n >= 3 && memcmp(s + n - 3, "...", 3) == 0);
    /* A bullet: a bullet sign, or a dash or asterisk followed by a space. */
    static const char *const bullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA",
                                          "\xE2\x96\xBA", "\xE2\x97\x8F"};
    for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++)
        if (n >= strlen(bullets[i]) && memcmp(s, bullets[i], strlen(bullets[i])) == 0)
            sh->bullet = true;
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && (s[1] == ' ' || s[1] == '\t'))
        sh->bullet = true;
    if (n >= 4 && memcmp(s, "\xE2\x80\x93 ", 4) == 0) /* – */
        sh->bullet = true;
    sh->url = sah_arnorm_find(s, n, "://", 3) || sah_arnorm_find(s, n, "www.", 4);
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
