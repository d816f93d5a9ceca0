/* find.c - see find.h. */
#include "app/content/find.h"

#include "app/content/fold.h"
#include "app/content/search.h"
#include "platform/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Words of context on each side of a hit in its snippet. */
#define CONTEXT_WORDS 6

typedef struct {
    char *w; /* folded, or its --all-forms key */
    size_t n;
} qword_t;

typedef struct {
    size_t start, end; /* bytes in the article's text */
    size_t part;       /* index of its part */
    uint32_t match;    /* bit j: the word matches query word j */
} token_t;

typedef struct {
    size_t first, count; /* tokens */
} hit_t;

struct sah_find {
    const sah_article_t *a;
    token_t *tok;
    size_t n_tok, cap_tok;
    hit_t *hits;
    size_t n_hits, cap_hits;
};

/* The walk's state. */
typedef struct {
    sah_find_t *f;
    qword_t q[SAH_FIND_MAX_WORDS];
    size_t n_q;
    unsigned flags;
    sah_stemmer_t *stem;
    size_t base, part; /* the part being walked */
    bool too_long, nomem;
    /* while matching one word against the query's */
    size_t j;
    bool found;
} walk_t;

static bool on_query_word(void *user, const char *w, size_t n, size_t start, size_t end)
{
    walk_t *k = user;
    (void)start;
    (void)end;
    if (k->n_q == SAH_FIND_MAX_WORDS) {
        k->too_long = true;
        return false;
    }
    if (k->flags & SAH_SEARCH_ALL_FORMS) {
        w = sah_stemmer_key(k->stem, w, n, &n);
        if (!w) {
            k->nomem = true;
            return false;
        }
    }
    qword_t *q = &k->q[k->n_q];
    if (!(q->w = malloc(n ? n : 1))) {
        k->nomem = true;
        return false;
    }
    memcpy(q->w, w, n);
    q->n = n;
    k->n_q++;
    return true;
}

static bool on_form(void *user, const char *form, size_t n)
{
    walk_t *k = user;
    const qword_t *q = &k->q[k->j];
    if (n == q->n && memcmp(form, q->w, n) == 0)
        k->found = true;
    return !k->found;
}

/* Whether the text's word @w is the query's word @j: itself, or one of its
 * proclitic forms (each a tail of @w, or ال and a tail). */
static bool word_matches(walk_t *k, const char *w, size_t n, size_t j)
{
    const qword_t *q = &k->q[j];
    if (n == q->n && memcmp(w, q->w, n) == 0)
        return true;
    /* (للحكومة is as long as الحكومة, and one of its forms.) */
    if (n < q->n)
        return false;
    size_t tail = q->n >= 4 && memcmp(q->w, "\xd8\xa7\xd9\x84", 4) == 0 ? q->n - 4 : q->n;
    if (memcmp(w + n - tail, q->w + q->n - tail, tail) != 0)
        return false;
    k->j = j;
    k->found = false;
    (void)sah_fold_proclitic_forms(w, n, on_form, k);
    return k->found;
}

static bool on_text_word(void *user, const char *w, size_t n, size_t start, size_t end)
{
    walk_t *k = user;
    sah_find_t *f = k->f;
    if (k->flags & SAH_SEARCH_ALL_FORMS) {
        w = sah_stemmer_key(k->stem, w, n, &n);
        if (!w) {
            k->nomem = true;
            return false;
        }
    }
    uint32_t match = 0;
    for (size_t j = 0; j < k->n_q; j++) {
        bool m = k->flags & SAH_SEARCH_ALL_FORMS ? n == k->q[j].n && memcmp(w, k->q[j].w, n) == 0
                                                 : word_matches(k, w, n, j);
        match |= (uint32_t)m << j;
    }
    if (!sah_grow((void **)&f->tok, &f->cap_tok, f->n_tok + 1, sizeof *f->tok)) {
        k->nomem = true;
        return false;
    }
    f->tok[f->n_tok++] = (token_t){k->base + start, k->base + end, k->part, match};
    return true;
}

/* The phrase: query word j on token i + j, for each j. */
static bool find_hits(sah_find_t *f, size_t n_q)
{
    for (size_t i = 0; i + n_q <= f->n_tok;) {
        size_t j = 0;
        while (j < n_q && (f->tok[i + j].match >> j & 1))
            j++;
        if (j < n_q) {
            i++;
            continue;
        }
        if (!sah_grow((void **)&f->hits, &f->cap_hits, f->n_hits + 1, sizeof *f->hits))
            return false;
        f->hits[f->n_hits++] = (hit_t){i, n_q};
        i += n_q;
    }
    return true;
}

static bool walk_parts(walk_t *k)
{
    size_t len;
    const char *text = sah_article_text(k->f->a, &len);
    unsigned fold = k->flags & SAH_SEARCH_TEH_MARBUTA ? SAH_FOLD_TEH_MARBUTA : 0;
    for (size_t i = 0; i < sah_article_n_parts(k->f->a); i++) {
        const sah_part_t *p = sah_article_part(k->f->a, i);
        if (!sah_part_kind_is_shown(p->kind) || p->end <= p->start)
            continue;
        k->base = p->start;
        k->part = i;
        if (!sah_fold_words(text + p->start, p->end - p->start, fold, on_text_word, k))
            return false;
    }
    return true;
}

sah_find_t *sah_find_new(const sah_article_t *a, const char *query, unsigned flags,
                         sah_find_status_t *st)
{
    sah_find_status_t why = SAH_FIND_NOMEM;
    walk_t k = {.flags = flags};
    sah_find_t *f = calloc(1, sizeof *f);
    if (!f || ((flags & SAH_SEARCH_ALL_FORMS) && !(k.stem = sah_stemmer_new())))
        goto fail;
    f->a = a;
    k.f = f;
    unsigned fold = flags & SAH_SEARCH_TEH_MARBUTA ? SAH_FOLD_TEH_MARBUTA : 0;
    if (!sah_fold_words(query, strlen(query), fold, on_query_word, &k)) {
        why = k.too_long ? SAH_FIND_TOO_LONG : SAH_FIND_NOMEM;
        goto fail;
    }
    if (!k.n_q) {
        why = SAH_FIND_NO_WORDS;
        goto fail;
    }
    if (!walk_parts(&k) || !find_hits(f, k.n_q))
        goto fail;
    why = SAH_FIND_OK;
fail:
    for (size_t j = 0; j < k.n_q; j++)
        free(k.q[j].w);
    sah_stemmer_free(k.stem);
    if (st)
        *st = why;
    if (why != SAH_FIND_OK) {
        sah_find_free(f);
        return NULL;
    }
    return f;
}

void sah_find_free(sah_find_t *f)
{
    if (!f)
        return;
    free(f->tok);
    free(f->hits);
    free(f);
}

size_t sah_find_n_hits(const sah_find_t *f)
{
    return f->n_hits;
}

void sah_find_hit(const sah_find_t *f, size_t i, size_t *start, size_t *end)
{
    const hit_t *h = &f->hits[i];
    *start = f->tok[h->first].start;
    *end = f->tok[h->first + h->count - 1].end;
}

/* ---- snippets ----------------------------------------------------------- */

typedef struct {
    char *s;
    size_t n, cap;
    bool nomem, space; /* a space is due before the next byte */
} buf_t;

static void put(buf_t *b, const char *s, size_t n)
{
    if (b->nomem || !sah_grow((void **)&b->s, &b->cap, b->n + n + 2, 1) || !b->s) {
        b->nomem = true;
        return;
    }
    if (b->space && b->n)
        b->s[b->n++] = ' ';
    b->space = false;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

/* Bytes @s..@e of the text, each run of spaces and control characters
 * (line breaks) as one space. */
static void put_text(buf_t *b, const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e;) {
        if ((unsigned char)t[i] <= ' ') {
            b->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < e && (unsigned char)t[j] > ' ')
            j++;
        put(b, t + i, j - i);
        i = j;
    }
}

char *sah_find_snippet(const sah_find_t *f, size_t i)
{
    size_t len;
    const char *t = sah_article_text(f->a, &len);
    const hit_t *h = &f->hits[i];
    size_t last = h->first + h->count - 1;
    size_t from = h->first > CONTEXT_WORDS ? h->first - CONTEXT_WORDS : 0;
    size_t to = last + CONTEXT_WORDS < f->n_tok ? last + CONTEXT_WORDS : f->n_tok - 1;
    buf_t b = {0};
    if (from > 0)
        put(&b, "…", strlen("…"));
    for (size_t k = from; k <= to; k++) {
        const token_t *w = &f->tok[k];
        if (k > from) {
            const token_t *prev = &f->tok[k - 1];
            /* Between two words: the text as it is within a part; one
             * space from one part to the next. */
            if (prev->part == w->part) {
                put_text(&b, t, prev->end, w->start);
            } else {
                put_text(&b, t, prev->end, sah_article_part(f->a, prev->part)->end);
                b.space = true;
                put_text(&b, t, sah_article_part(f->a, w->part)->start, w->start);
            }
        }
        if (k == h->first)
            put(&b, "[", 1);
        put_text(&b, t, w->start, w->end);
        if (k == last)
            put(&b, "]", 1);
    }
    if (to + 1 < f->n_tok)
        put(&b, "…", strlen("…"));
    if (b.nomem || !b.s) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
