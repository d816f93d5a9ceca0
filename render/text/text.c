/* text.c - see text.h. */
#include "render/text/text.h"

#include <stdbool.h>
#include <stdlib.h>

#include "render/text/utf8.h"

struct sah_text {
    uint32_t *cp;  /* owned, len entries */
    uint32_t *off; /* owned, len + 1 entries */
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
    t->paras[t->npara++] = (sah_span_t){s, e, t->off[s], t->off[e]};
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

sah_text_t *sah_text_new(const char *bytes, size_t n)
{
    if (n > SAH_TEXT_MAX_BYTES || (!bytes && n))
        return NULL;
    sah_text_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cp = malloc((n ? n : 1) * sizeof *t->cp);
    t->off = malloc((n + 1) * sizeof *t->off);
    if (!t->cp || !t->off)
        goto fail;
    t->len = sah_utf8_decode(bytes, n, SAH_UTF8_TEXT, t->cp, t->off, &t->invalid);
    t->nbytes = n;
    /* Give back what decoding did not use (Arabic is 2 bytes a letter). */
    if (t->len && t->len < n / 2) {
        uint32_t *c = realloc(t->cp, t->len * sizeof *c);
        uint32_t *o = realloc(t->off, (t->len + 1) * sizeof *o);
        if (c)
            t->cp = c;
        if (o)
            t->off = o;
    }
    if (!split(t))
        goto fail;
    return t;
fail:
    sah_text_free(t);
    return NULL;
}

void sah_text_free(sah_text_t *t)
{
    if (!t)
        return;
    free(t->cp);
    free(t->off);
    free(t->paras);
    free(t);
}

const uint32_t *sah_text_codepoints(const sah_text_t *t, size_t *len)
{
    if (len)
        *len = t->len;
    return t->cp;
}

const uint32_t *sah_text_offsets(const sah_text_t *t)
{
    return t->off;
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
