/* fold.c - see fold.h. */
#include "app/content/fold.h"

#include "platform/grow.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

/* What a code point is to search. */
enum { DROP = -1, SEPARATE = -2 };

/* The code point @c folds to, or DROP or SEPARATE; presentation forms are
 * the caller's (expand()). */
static int32_t fold_cp(UChar32 c, unsigned flags)
{
    if (c < 0x80) {
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            return c | 32;
        return c >= '0' && c <= '9' ? c : SEPARATE;
    }
    if (c >= 0x600 && c <= 0x6FF) {
        if ((c >= 0x64B && c <= 0x65F) || c == 0x670 || (c >= 0x6D6 && c <= 0x6ED) || c == 0x640)
            return DROP;
        switch (c) {
        case 0x622: /* آ */
        case 0x623: /* أ */
        case 0x625: /* إ */
        case 0x671: /* ٱ */
            return 0x627;
        case 0x649: /* ى */
        case 0x6CC: /* Persian ی */
            return 0x64A;
        case 0x6A9: /* Persian ک */
            return 0x643;
        case 0x6C1: /* Urdu ہ */
            return 0x647;
        case 0x629: /* ة */
            return flags & SAH_FOLD_TEH_MARBUTA ? 0x647 : c;
        case 0x624: /* ؤ */
            return flags & SAH_FOLD_HAMZA_SEATS ? 0x648 : c;
        case 0x626: /* ئ */
            return flags & SAH_FOLD_HAMZA_SEATS ? 0x64A : c;
        default:
            break;
        }
        if (c >= 0x620 && c <= 0x64A)
            return c; /* the letters: the common case, no lookup */
    }
    switch (u_charType(c)) {
    case U_FORMAT_CHAR: /* ZWNJ, ZWJ, LRM/RLM, bidi isolates, BOM, soft hyphen */
        return DROP;
    case U_DECIMAL_DIGIT_NUMBER:
        return '0' + u_charDigitValue(c);
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
        return u_foldCase(c, U_FOLD_CASE_DEFAULT);
    default:
        return SEPARATE;
    }
}

/* The walk's state: the word being folded. */
typedef struct {
    char *buf;
    size_t n, cap;
    size_t start, end; /* its source bytes */
    bool open;
    unsigned flags;
    sah_fold_word_fn fn;
    void *user;
} walk_t;

static bool flush(walk_t *w)
{
    if (!w->open)
        return true;
    w->open = false;
    return w->fn(w->user, w->buf, w->n, w->start, w->end);
}

/* Adds the folded code point @f (from the source bytes [@s,@e)) to the walk. */
static bool add(walk_t *w, int32_t f, size_t s, size_t e)
{
    if (f == SEPARATE)
        return flush(w);
    if (f == DROP) {
        /* Marks and tatweel belong to the word they sit on: a hit that
         * ends on a letter covers its harakat. */
        if (w->open)
            w->end = e;
        return true;
    }
    if (!w->open) {
        w->open = true;
        w->n = 0;
        w->start = s;
    }
    w->end = e;
    if (!sah_grow((void **)&w->buf, &w->cap, w->n + U8_MAX_LENGTH, 1))
        return false;
    U8_APPEND_UNSAFE(w->buf, w->n, f);
    return true;
}

/* Presentation forms: read through NFKC (composed, so that a presentation
 * form of ؤ stays ؤ as the letter does), each resulting code point folded;
 * a space in a ligature (ﷺ) separates its words. */
static bool expand(walk_t *w, UChar32 c, size_t s, size_t e)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
    UChar in[2], out[32];
    int32_t n_in = 0;
    U16_APPEND_UNSAFE(in, n_in, c);
    int32_t n = U_SUCCESS(err) ? unorm2_normalize(nfkc, in, n_in, out, 32, &err) : 0;
    if (U_FAILURE(err))
        return add(w, fold_cp(c, w->flags), s, e);
    for (int32_t i = 0; i < n;) {
        UChar32 d;
        U16_NEXT(out, i, n, d);
        if (!add(w, fold_cp(d, w->flags), s, e))
            return false;
    }
    return true;
}

/* Arabic letters U+0620-U+064A that fold to another (or none): آ أ ؤ إ ئ
 * ة ى and tatweel, as bits of (c - 0x620). The others fold to themselves. */
#define ARABIC_FOLDED                                                                              \
    ((1ull << 0x02) | (1ull << 0x03) | (1ull << 0x04) | (1ull << 0x05) | (1ull << 0x06) |          \
     (1ull << 0x09) | (1ull << 0x20) | (1ull << 0x29))

/* Adds bytes that are their own folding (an ASCII letter or digit, an
 * Arabic letter): the common case, without decoding and encoding again. */
static inline bool add_same(walk_t *w, const uint8_t *b, size_t k, size_t s, size_t e)
{
    if (!w->open) {
        w->open = true;
        w->n = 0;
        w->start = s;
    }
    w->end = e;
    if (w->n + k > w->cap && !sah_grow((void **)&w->buf, &w->cap, w->n + k, 1))
        return false;
    for (size_t j = 0; j < k; j++)
        w->buf[w->n++] = (char)b[j];
    return true;
}

/* One code point that is not of the common cases. */
static bool add_other(walk_t *w, const uint8_t *t, size_t n, size_t *at)
{
    size_t s = *at, i = *at;
    UChar32 c;
    /* U8_NEXT takes an int32_t length: walk in windows. */
    int32_t k = 0, len = n - i > 8 ? 8 : (int32_t)(n - i);
    U8_NEXT(t + i, k, len, c);
    i += (size_t)k;
    *at = i;
    if (c < 0)
        return flush(w);
    if ((c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE80 && c <= 0xFEFC))
        return expand(w, c, s, i);
    if (c >= 0xFE70 && c <= 0xFE7F)
        return add(w, DROP, s, i); /* harakat and tatweel, isolated forms */
    return add(w, fold_cp(c, w->flags), s, i);
}

bool sah_fold_words(const char *text, size_t n, unsigned flags, sah_fold_word_fn fn, void *user)
{
    walk_t w = {.flags = flags, .fn = fn, .user = user};
    const uint8_t *t = (const uint8_t *)text;
    bool ok = true;
    for (size_t i = 0; ok && i < n;) {
        uint8_t b = t[i];
        if (b < 0x80) {
            bool letter = (b | 32) >= 'a' && (b | 32) <= 'z';
            uint8_t f = letter ? (uint8_t)(b | 32) : b;
            ok = letter || (b >= '0' && b <= '9') ? add_same(&w, &f, 1, i, i + 1) : flush(&w);
            i++;
            continue;
        }
        if ((b == 0xD8 || b == 0xD9) && i + 1 < n && (t[i + 1] & 0xC0) == 0x80) {
            unsigned c = ((b & 0x1Fu) << 6 | (t[i + 1] & 0x3Fu)) - 0x620u;
            if (c <= 0x2A && !(ARABIC_FOLDED >> c & 1)) {
                ok = add_same(&w, t + i, 2, i, i + 2);
                i += 2;
                continue;
            }
            /* The other letters and marks of U+0600-U+067F fold to one of
             * them (two bytes) or to nothing. */
            int32_t f = fold_cp((UChar32)(c + 0x620u), flags);
            if (f >= 0x600 && f <= 0x67F) {
                uint8_t u[2] = {(uint8_t)(0xC0 | f >> 6), (uint8_t)(0x80 | (f & 0x3F))};
                ok = add_same(&w, u, 2, i, i + 2);
                i += 2;
                continue;
            }
        }
        ok = add_other(&w, t, n, &i);
    }
    ok = ok && flush(&w);
    free(w.buf);
    return ok;
}

/* ---- proclitics --------------------------------------------------------- */

/* The proclitic letters, each two bytes in UTF-8. */
#define WAW  "\xd9\x88"
#define FEH  "\xd9\x81"
#define BEH  "\xd8\xa8"
#define KAF  "\xd9\x83"
#define LAM  "\xd9\x84"
#define ALEF "\xd8\xa7"
#define AL   ALEF LAM
#define PAIR ((size_t)2)

static bool letter_is(const char *w, size_t n, size_t at, const char *l)
{
    return at + PAIR <= n && memcmp(w + at, l, PAIR) == 0;
}

static size_t code_points(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Gives the rest of @w after @cut bytes (@stripped proclitic letters), with
 * @article ("ال") before it when the article was written لل. */
static bool give(const char *w, size_t n, size_t cut, size_t stripped, bool article,
                 sah_fold_form_fn fn, void *user)
{
    size_t rest = code_points(w + cut, n - cut);
    if (rest < (stripped == 1 && !article ? 3u : 2u))
        return true;
    if (!article)
        return fn(user, w + cut, n - cut);
    char buf[SAH_FOLD_MAX_AFFIX_WORD + 2 * PAIR];
    memcpy(buf, AL, 2 * PAIR);
    memcpy(buf + 2 * PAIR, w + cut, n - cut);
    return fn(user, buf, n - cut + 2 * PAIR);
}

bool sah_fold_proclitic_forms(const char *w, size_t n, sah_fold_form_fn fn, void *user)
{
    if (n > SAH_FOLD_MAX_AFFIX_WORD)
        return true;
    bool conj = letter_is(w, n, 0, WAW) || letter_is(w, n, 0, FEH);
    for (size_t c = 0; c <= (conj ? 1u : 0u); c++) {
        size_t at = c * PAIR;
        bool lam = letter_is(w, n, at, LAM);
        bool prep = lam || letter_is(w, n, at, BEH) || letter_is(w, n, at, KAF);
        for (size_t p = 0; p <= (prep ? 1u : 0u); p++) {
            size_t q = at + p * PAIR, k = c + p;
            if (k && !give(w, n, q, k, false, fn, user))
                return false;
            if (letter_is(w, n, q, ALEF) && letter_is(w, n, q + PAIR, LAM)) {
                if (!give(w, n, q + 2 * PAIR, k + 2, false, fn, user))
                    return false;
            } else if (p && lam && letter_is(w, n, q, LAM)) {
                /* ل + ال is written لل: the form with its article, and the
                 * bare one. */
                if (!give(w, n, q + PAIR, k + 1, true, fn, user) ||
                    !give(w, n, q + PAIR, k + 1, false, fn, user))
                    return false;
            }
        }
    }
    return true;
}

/* ---- the stemmer -------------------------------------------------------- */

/* Stems remembered, by word: news repeats its words (Zipf), and Snowball
 * costs a third of indexing without this. Direct-mapped: a new word takes
 * its slot. */
#define MEMO_SLOTS 4096
#define MEMO_BYTES 30

typedef struct {
    unsigned char n, k; /* the word's bytes, the key's; 0: empty */
    char word[MEMO_BYTES], key[MEMO_BYTES];
} memo_t;

struct sah_stemmer {
    struct sb_stemmer *sb;
    char buf[SAH_FOLD_MAX_AFFIX_WORD + 2 * PAIR];
    size_t n;
    memo_t *memo; /* MEMO_SLOTS */
};

static memo_t *memo_slot(sah_stemmer_t *s, const char *w, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return &s->memo[h & (MEMO_SLOTS - 1)];
}

sah_stemmer_t *sah_stemmer_new(void)
{
    sah_stemmer_t *s = calloc(1, sizeof *s);
    if (s && (!(s->memo = calloc(MEMO_SLOTS, sizeof *s->memo)) ||
              !(s->sb = sb_stemmer_new("arabic", "UTF_8")))) {
        free(s->memo);
        free(s);
        return NULL;
    }
    return s;
}

void sah_stemmer_free(sah_stemmer_t *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    free(s->memo);
    free(s);
}

/* Keeps the shortest form given. */
static bool shortest(void *user, const char *form, size_t n)
{
    sah_stemmer_t *s = user;
    if (n < s->n) {
        memcpy(s->buf, form, n);
        s->n = n;
    }
    return true;
}

const char *sah_stemmer_key(sah_stemmer_t *s, const char *word, size_t n, size_t *len)
{
    if (n > SAH_FOLD_MAX_AFFIX_WORD) {
        *len = n;
        return word;
    }
    memo_t *m = n <= MEMO_BYTES ? memo_slot(s, word, n) : NULL;
    if (m && m->n == n && memcmp(m->word, word, n) == 0) {
        *len = m->k;
        return m->key;
    }
    memcpy(s->buf, word, n);
    s->n = n;
    (void)sah_fold_proclitic_forms(word, n, shortest, s);
    /* ؤ -> و, ئ -> ي: the same number of bytes. */
    for (size_t i = 0; i + 1 < s->n; i++) {
        if (s->buf[i] == '\xd8' && s->buf[i + 1] == '\xa4') {
            s->buf[i] = '\xd9';
            s->buf[i + 1] = '\x88';
        } else if (s->buf[i] == '\xd8' && s->buf[i + 1] == '\xa6') {
            s->buf[i] = '\xd9';
            s->buf[i + 1] = '\x8a';
        }
    }
    const sb_symbol *k = sb_stemmer_stem(s->sb, (const sb_symbol *)s->buf, (int)s->n);
    if (!k)
        return NULL;
    *len = (size_t)sb_stemmer_length(s->sb);
    if (m && *len <= MEMO_BYTES) {
        m->n = (unsigned char)n;
        m->k = (unsigned char)*len;
        memcpy(m->word, word, n);
        memcpy(m->key, k, *len);
    }
    return (const char *)k;
}
