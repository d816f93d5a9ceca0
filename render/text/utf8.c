/* utf8.c - see utf8.h. */
#include "render/text/utf8.h"

#include <string.h>

#include <stdbool.h>

/* Length of a well-formed sequence from its lead byte (0: not a lead byte),
 * and the range allowed for its second byte (Unicode Table 3-7): the tight
 * ranges after E0, ED, F0 and F4 are what exclude overlongs, surrogates and
 * values past U+10FFFF. */
static int lead_info(uint8_t b, uint8_t *lo, uint8_t *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b < 0xC2)
        return 0;
    if (b < 0xE0)
        return 2;
    if (b < 0xF0) {
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
        return 3;
    }
    if (b < 0xF5) {
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
        return 4;
    }
    return 0;
}

size_t sah_utf8_decode(const char *src, size_t n, sah_utf8_mode_t mode, uint32_t *out,
                       uint32_t *offsets, size_t *n_invalid)
{
    const uint8_t *s = (const uint8_t *)src;
    size_t i = 0, len = 0, bad = 0;
    bool text = mode == SAH_UTF8_TEXT;

    if (text && n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    while (i < n) {
        size_t start = i;
        /* The common characters first, out of the general path: ASCII but
         * CR and NUL (which text mode changes), and the well-formed pairs
         * of the Arabic and Latin blocks (C2..DF 80..BF). An article is
         * nearly all of these, and every byte of it is decoded. */
        uint8_t c0 = s[i];
        if (c0 < 0x80 && c0 != '\r' && c0 != 0) {
            out[len] = c0;
            if (offsets)
                offsets[len] = (uint32_t)i;
            len++;
            i++;
            continue;
        }
        if (c0 >= 0xC2 && c0 <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            out[len] = (uint32_t)(c0 & 0x1F) << 6 | (s[i + 1] & 0x3F);
            if (offsets)
                offsets[len] = (uint32_t)i;
            len++;
            i += 2;
            continue;
        }
        uint8_t lo, hi;
        int need = lead_info(s[i], &lo, &hi);
        uint32_t cp;

        if (need == 1) {
            cp = s[i++];
        } else if (need == 0) {
            cp = SAH_REPLACEMENT; /* a stray continuation or an impossible byte */
            i++;
        } else {
            cp = s[i] & (0xFF >> (need + 1));
            i++;
            int k = 1;
            /* Consume continuation bytes while they can still be part of a
             * well-formed sequence: the bytes consumed when this stops short
             * are exactly one maximal subpart. */
            for (; k < need && i < n; k++, i++) {
                uint8_t lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xBF;
                if (s[i] < lo_k || s[i] > hi_k)
                    break;
                cp = (cp << 6) | (s[i] & 0x3F);
            }
            if (k < need)
                cp = SAH_REPLACEMENT;
        }
        if (cp == SAH_REPLACEMENT && !(i - start == 3 && s[start] == 0xEF))
            bad++; /* U+FFFD itself (EF BF BD) is not an error */
        if (text) {
            if (cp == '\r') {
                cp = '\n';
                if (i < n && s[i] == '\n')
                    i++;
            } else if (cp == 0) {
                cp = SAH_REPLACEMENT;
                bad++;
            }
        }
        out[len] = cp;
        if (offsets)
            offsets[len] = (uint32_t)start;
        len++;
    }
    if (offsets)
        offsets[len] = (uint32_t)n;
    if (n_invalid)
        *n_invalid = bad;
    return len;
}

size_t sah_utf8_encode(uint32_t cp, char buf[4])
{
    uint8_t *b = (uint8_t *)buf;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
        cp = SAH_REPLACEMENT;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (uint8_t)(0xC0 | (cp >> 6));
        b[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (uint8_t)(0xE0 | (cp >> 12));
        b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (uint8_t)(0xF0 | (cp >> 18));
    b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* @w as read from memory little-endian: byte 0 in the low bits. */
static inline uint64_t le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(w);
#else
    return w;
#endif
}

/* The lead bytes of two-byte sequences (C2..DF) and the continuation
 * bytes (80..BF) of the eight bytes @w (read little-endian), as each
 * byte's top bit; false when @w has a lead byte of three or four (E0..FF)
 * or C0/C1 (which lead only overlong forms). Bytes are tested as bits at
 * each byte's top: b7 set from 80, b6 from C0 (with b7), b5 from E0. A
 * byte equal to C0 or C1 (its 0xFE bits equal to C0) is found by the
 * usual "has a zero byte" test, exact as a yes or no. */
static inline bool pair_bytes(uint64_t w, uint64_t *lead, uint64_t *cont)
{
    const uint64_t top = 0x8080808080808080u, ones = 0x0101010101010101u;
    uint64_t b7 = w & top, b6 = (w << 1) & top, b5 = (w << 2) & top;
    uint64_t x = (w & (0xFE * ones)) ^ (0xC0 * ones);
    *lead = b7 & b6;
    *cont = b7 & ~b6;
    return !((*lead & b5) | (((x - ones) & ~x) & top));
}

/* Whether the sixteen bytes @w, @v (read little-endian from a sequence's
 * start) are ASCII and two-byte sequences (U+0080..U+07FF: Arabic,
 * accented Latin) each whole in them, but for a lead byte last, which is
 * left for the next turn. Returns how many bytes are done: 16, 15 (that
 * lead byte last), or 0 when they have anything else (the caller then
 * takes a sequence at a time). */
static size_t pairs_in_words(uint64_t w, uint64_t v)
{
    uint64_t lw, cw, lv, cv;
    if (!pair_bytes(w, &lw, &cw) || !pair_bytes(v, &lv, &cv))
        return 0;
    /* Every continuation byte right after a lead byte, and no other. */
    if (cw != lw << 8 || cv != (lv << 8 | lw >> 56))
        return 0;
    return lv >> 56 ? 15 : 16;
}

bool sah_utf8_valid(const char *src, size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0;
    while (i < n) {
        /* Sixteen bytes at a time while they are ASCII and pairs: most of an
         * Arabic article, at about two instructions a byte. */
        if (n - i >= 16) {
            uint64_t w, v;
            memcpy(&w, s + i, 8);
            memcpy(&v, s + i + 8, 8);
            size_t k = pairs_in_words(le64(w), le64(v));
            if (k) {
                i += k;
                continue;
            }
        }
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
                return false;
            i += 2;
            continue;
        }
        /* The lead byte gives the length and the range of the second byte
         * (Table 3-7); the others are 80..BF. */
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xE0 && c <= 0xEF)
            len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return false;
        if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}
