/* text.c - see text.h. */
#include "render/text/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/utf8.h"

/* Offsets are stored as one uint32_t per OFF_BLOCK code points and a byte
 * per code point above it: a code point takes at most 4 bytes of source
 * (CR LF 2, a maximal subpart of malformed bytes 3), so OFF_BLOCK x 4 must
 * fit a byte. */
#define OFF_BLOCK 32
/* Bytes decoded at a time (the scratch holds as many code points). */
#define CHUNK 65536

struct sah_text {
    uint32_t *cp;    /* owned, len entries */
    uint32_t *obase; /* owned: offset of code point k x OFF_BLOCK, len / OFF_BLOCK + 1 */
    uint8_t *odelta; /* owned: offset of code point i less obase[i / OFF_BLOCK], len + 1 */
    size_t len;
    size_t nbytes;
    size_t invalid;
    sah_span_t *paras; /* owned */
    size_t npara;
};

static bool is_blank(uint32_t c)
{
    return c == ' ' || c == '\t';
}

static bool add_para(sah_text_t *t, size_t *cap, uint32_t s, uint32_t e)
{
    if (t->npara == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        sah_span_t *p = realloc(t->paras, nc * sizeof *p);
        if (!p)
            return false;
        t->paras = p;
        *cap = nc;
    }
    t->paras[t->npara++] = (sah_span_t){s, e, sah_text_offset(t, s), sah_text_offset(t, e)};
    return true;
}

/* Splits into paragraphs in one pass over the lines. A paragraph's span runs
 * from its first line's start to its last line's trimmed end. */
static bool split(sah_text_t *t)
{
    size_t cap = 0;
    size_t i = 0;
    bool open = false;
    uint32_t pstart = 0, pend = 0;

    while (i < t->len) {
        size_t ls = i, le;
        while (i < t->len && t->cp[i] != '\n' && t->cp[i] != 0x2029)
            i++;
        le = i;
        bool para_sep = i < t->len && t->cp[i] == 0x2029;
        if (i < t->len)
            i++; /* the separator */
        while (le > ls && is_blank(t->cp[le - 1]))
            le--;
        size_t k = ls;
        while (k < le && is_blank(t->cp[k]))
            k++;
        if (k == le) { /* blank line: ends the open paragraph */
            if (open && !add_para(t, &cap, pstart, pend))
                return false;
            open = false;
        } else {
            if (!open)
                pstart = (uint32_t)ls;
            open = true;
            pend = (uint32_t)le;
        }
        if (para_sep && open) {
            if (!add_para(t, &cap, pstart, pend))
                return false;
            open = false;
        }
    }
    if (open && !add_para(t, &cap, pstart, pend))
        return false;
    return true;
}

/* May a decode stop before byte @e of @s (0 < @e < n) and start again
 * there, giving what one decode gives? Yes before a byte that cannot
 * continue a sequence (not 80..BF), or before a fourth continuation byte in
 * a row (no sequence is longer); never between CR and LF (one line break). */
static bool may_split(const uint8_t *s, size_t e)
{
    if (s[e] >= 0x80 && s[e] < 0xC0) {
        for (size_t k = 1; k <= 3; k++)
            if (e < k || s[e - k] < 0x80 || s[e - k] >= 0xC0)
                return false;
        return true;
    }
    return !(s[e] == '\n' && s[e - 1] == '\r');
}

/* Where the piece of @s from @pos ends: CHUNK bytes on, moved back to a
 * place where it may (there is one in any four bytes). */
static size_t chunk_end(const uint8_t *s, size_t n, size_t pos)
{
    if (n - pos <= CHUNK)
        return n;
    for (size_t e = pos + CHUNK; e > pos + CHUNK - 8; e--)
        if (may_split(s, e))
            return e;
    return n; /* not reached: see may_split() */
}

/* Stores the offsets of the @m code points decoded at t->cp + @len from
 * the piece at byte @pos, @offs their offsets in it. */
static void store(sah_text_t *t, size_t len, size_t pos, const uint32_t *offs, size_t m)
{
    for (size_t k = 0; k < m; k++) {
        size_t i = len + k;
        uint32_t o = (uint32_t)pos + offs[k];
        if (i % OFF_BLOCK == 0)
            t->obase[i / OFF_BLOCK] = o;
        t->odelta[i] = (uint8_t)(o - t->obase[i / OFF_BLOCK]);
    }
}

/* The offset past the last of @len code points: the text's @n bytes. */
static void store_end(sah_text_t *t, size_t len, size_t n)
{
    if (len % OFF_BLOCK == 0)
        t->obase[len / OFF_BLOCK] = (uint32_t)n;
    t->odelta[len] = (uint8_t)(n - t->obase[len / OFF_BLOCK]);
}

/* Decodes @bytes piece by piece straight into t->cp, which has room for
 * @n code points (a byte makes at most one), and fills obase and odelta.
 * @offs: CHUNK + 1 entries of scratch. A BOM is dropped at the very start
 * only, as one decode would: the decoder's text mode drops it at the start
 * of every piece, so a piece starting with one gets it back here. */
static void decode(sah_text_t *t, const char *bytes, size_t n, uint32_t *offs)
{
    const uint8_t *s = (const uint8_t *)bytes;
    size_t len = 0, bad = 0;
    for (size_t pos = 0; pos < n;) {
        size_t m, e;
        if (pos > 0 && n - pos >= 3 && s[pos] == 0xEF && s[pos + 1] == 0xBB && s[pos + 2] == 0xBF) {
            t->cp[len] = 0xFEFF;
            offs[0] = 0;
            m = 1;
            e = pos + 3;
        } else {
            size_t b = 0;
            e = chunk_end(s, n, pos);
            m = sah_utf8_decode(bytes + pos, e - pos, SAH_UTF8_TEXT, t->cp + len, offs, &b);
            bad += b;
        }
        store(t, len, pos, offs, m);
        len += m;
        pos = e;
    }
    store_end(t, len, n);
    t->len = len;
    t->invalid = bad;
}

sah_text_t *sah_text_new(const char *bytes, size_t n)
{
    if (n > SAH_TEXT_MAX_BYTES || (!bytes && n))
        return NULL;
    sah_text_t *t = calloc(1, sizeof *t);
    uint32_t *offs = malloc((CHUNK + 1) * sizeof *offs);
    if (!t || !offs)
        goto fail;
    /* Decoded once, into arrays sized for one code point a byte (the most
     * there can be), then given back what the text did not use: counting
     * first would decode every byte twice. Arabic takes two bytes a
     * letter, so the arrays are at their largest only for a moment, and
     * never larger than an ASCII text of the same size keeps them. */
    t->cp = malloc((n ? n : 1) * sizeof *t->cp);
    t->obase = malloc((n / OFF_BLOCK + 1) * sizeof *t->obase);
    t->odelta = malloc(n + 1);
    if (!t->cp || !t->obase || !t->odelta)
        goto fail;
    decode(t, bytes, n, offs);
    uint32_t *cp = realloc(t->cp, (t->len ? t->len : 1) * sizeof *t->cp);
    uint32_t *ob = realloc(t->obase, (t->len / OFF_BLOCK + 1) * sizeof *t->obase);
    uint8_t *od = realloc(t->odelta, t->len + 1);
    t->cp = cp ? cp : t->cp; /* a shrink that fails keeps the larger block */
    t->obase = ob ? ob : t->obase;
    t->odelta = od ? od : t->odelta;
    t->nbytes = n;
    if (!split(t))
        goto fail;
    free(offs);
    return t;
fail:
    free(offs);
    sah_text_free(t);
    return NULL;
}

void sah_text_free(sah_text_t *t)
{
    if (!t)
        return;
    free(t->cp);
    free(t->obase);
    free(t->odelta);
    free(t->paras);
    free(t);
}

const uint32_t *sah_text_codepoints(const sah_text_t *t, size_t *len)
{
    if (len)
        *len = t->len;
    return t->cp;
}

uint32_t sah_text_offset(const sah_text_t *t, size_t i)
{
    return t->obase[i / OFF_BLOCK] + t->odelta[i];
}

void sah_text_get_offsets(const sah_text_t *t, size_t start, size_t n, uint32_t *out)
{
    for (size_t i = 0; i <= n; i++)
        out[i] = sah_text_offset(t, start + i);
}

size_t sah_text_paragraph_count(const sah_text_t *t)
{
    return t->npara;
}

sah_span_t sah_text_paragraph(const sah_text_t *t, size_t i)
{
    return i < t->npara ? t->paras[i] : (sah_span_t){0, 0, 0, 0};
}

size_t sah_text_invalid_count(const sah_text_t *t)
{
    return t->invalid;
}

size_t sah_text_byte_length(const sah_text_t *t)
{
    return t->nbytes;
}
