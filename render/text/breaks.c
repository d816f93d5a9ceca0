/* breaks.c - see breaks.h. */
#include "render/text/breaks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

struct sah_breaks {
    UBreakIterator *line;     /* owned */
    UBreakIterator *grapheme; /* owned, created on first use */
    UChar *u16;               /* owned scratch: the text in UTF-16 */
    uint32_t *u16_to_u32;     /* owned scratch: UTF-16 index -> UTF-32 index */
    size_t cap;               /* of both scratch arrays, in UTF-16 units */
    bool warned;
};

sah_breaks_t *sah_breaks_new(void)
{
    UErrorCode err = U_ZERO_ERROR;
    sah_breaks_t *br = calloc(1, sizeof *br);
    if (!br)
        return NULL;
    /* The root locale: UAX#14 as tailored by CLDR for every language, which
     * is what Arabic wants (no dictionary-based breaking is involved). */
    br->line = ubrk_open(UBRK_LINE, "", NULL, 0, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "sahifa: ICU line breaker unavailable: %s\n", u_errorName(err));
        free(br);
        return NULL;
    }
    return br;
}

void sah_breaks_free(sah_breaks_t *br)
{
    if (!br)
        return;
    ubrk_close(br->line);
    if (br->grapheme)
        ubrk_close(br->grapheme);
    free(br->u16);
    free(br->u16_to_u32);
    free(br);
}

/* Breaks after spaces only: the fallback when ICU cannot be used. */
static void fallback_lines(const uint32_t *text, size_t len, uint8_t *flags)
{
    memset(flags, SAH_BREAK_NONE, len + 1);
    for (size_t i = 1; i < len; i++) {
        if (text[i - 1] == '\n' || text[i - 1] == 0x2028)
            flags[i] = SAH_BREAK_MANDATORY;
        else if (text[i - 1] == ' ' && text[i] != ' ')
            flags[i] = SAH_BREAK_ALLOWED;
    }
    flags[len] = SAH_BREAK_MANDATORY;
}

static bool to_utf16(sah_breaks_t *br, const uint32_t *text, size_t len, int32_t *n16)
{
    size_t need = 2 * len + 1;
    if (need > INT32_MAX)
        return false;
    if (need > br->cap) {
        UChar *u = realloc(br->u16, need * sizeof *u);
        if (u)
            br->u16 = u;
        uint32_t *m = realloc(br->u16_to_u32, need * sizeof *m);
        if (m)
            br->u16_to_u32 = m;
        if (!u || !m)
            return false;
        br->cap = need;
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = text[i];
        if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
            c = 0xFFFD; /* never hand ICU a lone surrogate */
        br->u16_to_u32[k] = (uint32_t)i;
        if (c < 0x10000) {
            br->u16[k++] = (UChar)c;
        } else {
            br->u16[k++] = U16_LEAD(c);
            br->u16_to_u32[k] = (uint32_t)i;
            br->u16[k++] = U16_TRAIL(c);
        }
    }
    br->u16_to_u32[k] = (uint32_t)len;
    *n16 = (int32_t)k;
    return true;
}

static bool run(sah_breaks_t *br, UBreakIterator *it, bool line, const uint32_t *text, size_t len,
                uint8_t *flags)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n16;

    if (!to_utf16(br, text, len, &n16))
        return false;
    ubrk_setText(it, br->u16, n16, &err);
    if (U_FAILURE(err)) {
        if (!br->warned)
            fprintf(stderr, "sahifa: ICU break iterator failed (%s), breaking at spaces\n",
                    u_errorName(err));
        br->warned = true;
        return false;
    }
    memset(flags, SAH_BREAK_NONE, len + 1);
    for (int32_t p = ubrk_first(it); p != UBRK_DONE; p = ubrk_next(it)) {
        if (p <= 0 || p > n16)
            continue;
        uint8_t f = SAH_BREAK_ALLOWED;
        if (line) {
            int32_t st = ubrk_getRuleStatus(it);
            if (st >= UBRK_LINE_HARD && st < UBRK_LINE_HARD_LIMIT)
                f = SAH_BREAK_MANDATORY;
        }
        flags[br->u16_to_u32[p]] = f;
    }
    flags[0] = SAH_BREAK_NONE;
    flags[len] = SAH_BREAK_MANDATORY;
    return true;
}

bool sah_breaks_lines(sah_breaks_t *br, const uint32_t *text, size_t len, uint8_t *flags)
{
    if (len == 0) {
        flags[0] = SAH_BREAK_MANDATORY;
        return true;
    }
    if (run(br, br->line, true, text, len, flags))
        return true;
    fallback_lines(text, len, flags);
    return false;
}

bool sah_breaks_graphemes(sah_breaks_t *br, const uint32_t *text, size_t len, uint8_t *flags)
{
    if (!br->grapheme) {
        UErrorCode err = U_ZERO_ERROR;
        br->grapheme = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &err);
        if (U_FAILURE(err))
            br->grapheme = NULL;
    }
    if (len && br->grapheme && run(br, br->grapheme, false, text, len, flags))
        return true;
    /* Fallback: every code point starts a cluster; marks may then be split
     * from their base, but the line still makes progress. */
    for (size_t i = 0; i <= len; i++)
        flags[i] = SAH_BREAK_ALLOWED;
    if (len)
        flags[0] = SAH_BREAK_NONE;
    return len == 0;
}
