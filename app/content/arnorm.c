/* arnorm.c - see arnorm.h. */
#include "app/content/arnorm.h"

#include <stdint.h>
#include <string.h>

static bool is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

static bool is_dropped(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || c == 0x0621 ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* The folded form of @c (itself when it has none). */
static uint32_t fold(uint32_t c)
{
    switch (c) {
    case 0x0622: /* آ */
    case 0x0623: /* أ */
    case 0x0625: /* إ */
    case 0x0671: /* ٱ */
        return 0x0627;
    case 0x0649: /* ى */
    case 0x06CC: /* ی Persian yeh */
    case 0x0626: /* ئ */
        return 0x064A;
    case 0x0624: /* ؤ */
        return 0x0648;
    case 0x0629: /* ة */
    case 0x06C1: /* ہ Urdu heh goal */
        return 0x0647;
    case 0x06A9: /* ک keheh */
        return 0x0643;
    default:
        break;
    }
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    return c;
}

/* Writes @c as UTF-8 at out[k] when it fits before out[cap - 1] (the
 * key's NUL); returns its length, 0 when it does not fit. */
static size_t put_cp(uint32_t c, char *out, size_t k, size_t cap)
{
    size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (k + n >= cap)
        return 0;
    char *b = out + k;
    switch (n) {
    case 1:
        b[0] = (char)c;
        break;
    case 2:
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        break;
    case 3:
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        break;
    default:
        b[0] = (char)(0xF0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (char)(0x80 | (c & 0x3F));
        break;
    }
    return n;
}

/* Whether the two bytes are a letter of the basic Arabic block that folding
 * keeps: D8 A7-A8, D8 AA-BA, D9 81-88, D9 8A (bit sets from A7 and 81). */
static inline bool kept_pair(unsigned b0, unsigned b1)
{
    if (b0 == 0xD8)
        return b1 - 0xA7u < 20 && (0xFFFFBu >> (b1 - 0xA7u) & 1);
    return b0 == 0xD9 && b1 - 0x81u < 10 && (0x2FFu >> (b1 - 0x81u) & 1);
}

size_t sah_arnorm_key(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    bool space = false;
    for (size_t i = 0, len; i < n; i += len) {
        /* Most of a key: letters of the basic Arabic block that folding
         * keeps (0627-0628, 062A-063A, 0641-0648, 064A), a word's in a
         * row copied as they are. */
        if (u[i] == ' ') {
            space = k > 0;
            len = 1;
            continue;
        }
        if (i + 1 < n && kept_pair(u[i], u[i + 1]) && k + space + 2 < cap) {
            /* The space before the word, as the general path below writes
             * it. */
            if (space)
                out[k++] = ' ';
            space = false;
            do {
                out[k++] = (char)u[i];
                out[k++] = (char)u[i + 1];
                i += 2;
            } while (i + 1 < n && kept_pair(u[i], u[i + 1]) && k + 2 < cap);
            len = 0;
            continue;
        }
        uint32_t c = sah_arnorm_next_cp(u + i, n - i, &len);
        /* No space in the Arabic block, the most of what comes here. */
        if ((c < 0x0600 || c > 0x06FF) && is_space(c)) {
            space = k > 0;
            continue;
        }
        if (is_dropped(c))
            continue;
        if (space) {
            if (k + 1 >= cap)
                break;
            out[k++] = ' ';
            space = false;
        }
        size_t w = put_cp(fold(c), out, k, cap);
        if (!w)
            break;
        k += w;
    }
    out[k] = 0;
    return k;
}

/* Marks around a phrase: ASCII punctuation a site puts as a bullet or
 * after a label, and the UTF-8 sequences of • · ▪ ► » « … – —. Returns the
 * length of the mark at k[i], 0 if none. */
static size_t mark_at(const char *k, size_t n, size_t i)
{
    unsigned char c = (unsigned char)k[i], d = i + 1 < n ? (unsigned char)k[i + 1] : 0,
                  e = i + 2 < n ? (unsigned char)k[i + 2] : 0;
    switch (c) {
    case ' ':
    case '*':
    case '-':
    case ':':
    case '.':
    case '/':
    case '|':
    case '>':
    case '<':
    case '#':
    case '+':
        return 1;
    case 0xC2: /* · » « */
        return d == 0xB7 || d == 0xBB || d == 0xAB ? 2 : 0;
    case 0xE2: /* • … – — ▪ ► */
        if (d == 0x80 && (e == 0xA2 || e == 0xA6 || e == 0x93 || e == 0x94))
            return 3;
        return d == 0x96 && (e == 0xAA || e == 0xBA) ? 3 : 0;
    default:
        return 0;
    }
}

/* The length of the mark ending at @e (exclusive), 0 if none. */
static size_t mark_before(const char *k, size_t e)
{
    /* After a byte of a multi-byte letter, only a mark of two (C2 ..) or
     * three (E2 .. ..) bytes can end here: most keys end in a letter. */
    if (e > 0 && (unsigned char)k[e - 1] >= 0x80 && (e < 2 || (unsigned char)k[e - 2] != 0xC2) &&
        (e < 3 || (unsigned char)k[e - 3] != 0xE2))
        return 0;
    for (size_t l = 1; l <= 3 && l <= e; l++)
        if (mark_at(k, e, e - l) == l)
            return l;
    return 0;
}

size_t sah_arnorm_trim_marks(const char *key, size_t n, size_t *start)
{
    size_t s = 0, e = n, l;
    while (s < e && (l = mark_at(key, e, s)) > 0)
        s += l;
    while (e > s && (l = mark_before(key, e)) > 0)
        e -= l;
    *start = s;
    return e - s;
}

/* Bytes that are poor ones to look for with memchr(): a space, the lead
 * byte of an Arabic letter (D8..DB: every other byte of Arabic text), and
 * the second byte of one of the commonest letters (ا ل ي م ن و ه ر ت ب ع:
 * one in two letters of a text). */
static const bool common_byte[256] = {
    [' '] = true,  [0xD8] = true, [0xD9] = true, [0xDA] = true, [0xDB] = true, [0xA7] = true,
    [0x84] = true, [0x8A] = true, [0x85] = true, [0x86] = true, [0x88] = true, [0x87] = true,
    [0xB1] = true, [0xAA] = true, [0xA8] = true, [0xB9] = true,
};

const char *sah_arnorm_find(const char *s, size_t n, const char *w, size_t l)
{
    /* Look for a byte of @w that is rare in text, else memchr stops at
     * nearly every letter: the first that is not common_byte(), else the
     * first that is neither a space nor a lead byte. */
    size_t k = 0;
    while (k < l && common_byte[(unsigned char)w[k]])
        k++;
    if (k == l)
        for (k = 0; k + 1 < l &&
                    (w[k] == ' ' || ((unsigned char)w[k] >= 0xD8 && (unsigned char)w[k] <= 0xDB));
             k++)
            ;
    const char *end = s + n;
    for (const char *from = s + k; from + (l - k) <= end;) {
        const char *p = memchr(from, w[k], (size_t)(end - from) - (l - k) + 1);
        if (!p)
            return NULL;
        if (memcmp(p - k, w, l) == 0)
            return p - k;
        from = p + 1;
    }
    return NULL;
}

bool sah_arnorm_begins(const char *key, size_t n, const char *word)
{
    /* The first two bytes before the rest: most keys differ there. */
    if (n == 0 || key[0] != word[0] || (word[0] && word[1] && (n < 2 || key[1] != word[1])))
        return false;
    size_t w = strlen(word);
    return n >= w && memcmp(key, word, w) == 0 && (n == w || key[w] == ' ' || key[w] == ':');
}
