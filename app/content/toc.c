/* toc.c - see toc.h. */
#include "app/content/toc.h"

#include "app/content/article-build.h"

#include <stdlib.h>
#include <string.h>

struct sah_toc {
    sah_toc_entry_t *e; /* titles owned */
    size_t n, cap;
};

sah_toc_t *sah_toc_new(void)
{
    return calloc(1, sizeof(sah_toc_t));
}

void sah_toc_free(sah_toc_t *toc)
{
    if (!toc)
        return;
    for (size_t i = 0; i < toc->n; i++)
        free((char *)toc->e[i].title);
    free(toc->e);
    free(toc);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* @s's @len bytes on one line: runs of white space one space, none at the
 * ends, cut at a character before SAH_TOC_TITLE_MAX bytes with "…".
 * (transfer full); "" when nothing is left; NULL when out of memory. */
static char *one_line(const char *s, size_t len)
{
    char *out = malloc(SAH_TOC_TITLE_MAX + 4);
    size_t o = 0;
    bool gap = false, cut = false;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            gap = o > 0;
            continue;
        }
        if (o + (gap ? 1 : 0) + 1 > SAH_TOC_TITLE_MAX) {
            cut = true;
            break;
        }
        if (gap)
            out[o++] = ' ';
        gap = false;
        out[o++] = (char)c;
    }
    if (cut) {
        /* Back off a character the cut left unfinished. */
        size_t k = o;
        while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0 && (unsigned char)out[k - 1] >= 0xC0) {
            unsigned char lead = (unsigned char)out[k - 1];
            size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (o - (k - 1) < want)
                o = k - 1;
        }
        memcpy(out + o, "\xE2\x80\xA6", 3); /* U+2026 HORIZONTAL ELLIPSIS */
        o += 3;
    }
    out[o] = 0;
    return out;
}

bool sah_toc_add(sah_toc_t *toc, const char *title, size_t len, size_t offset, int level)
{
    char *t = one_line(title ? title : "", title ? len : 0);
    if (!t)
        return false;
    if (!*t) {
        free(t);
        return true;
    }
    if (toc->n == toc->cap) {
        size_t nc = toc->cap ? toc->cap * 2 : 16;
        sah_toc_entry_t *ne = realloc(toc->e, nc * sizeof *ne);
        if (!ne) {
            free(t);
            return false;
        }
        toc->e = ne;
        toc->cap = nc;
    }
    size_t i = toc->n;
    while (i > 0 && toc->e[i - 1].offset > offset)
        i--;
    memmove(&toc->e[i + 1], &toc->e[i], (toc->n - i) * sizeof *toc->e);
    toc->e[i] = (sah_toc_entry_t){t, offset, level < 0 ? 0 : level};
    toc->n++;
    return true;
}

/* A copy of @from: an article's own contents (an EPUB's). */
static sah_toc_t *copy_of(const sah_toc_t *from)
{
    sah_toc_t *toc = sah_toc_new();
    if (!toc || !(toc->e = malloc((from->n ? from->n : 1) * sizeof *toc->e))) {
        free(toc);
        return NULL;
    }
    toc->cap = from->n ? from->n : 1;
    for (; toc->n < from->n; toc->n++) {
        sah_toc_entry_t e = from->e[toc->n];
        if (!(e.title = strdup(e.title))) {
            sah_toc_free(toc);
            return NULL;
        }
        toc->e[toc->n] = e;
    }
    return toc;
}

sah_toc_t *sah_toc_from_article(const sah_article_t *a)
{
    if (sah_article_own_toc(a))
        return copy_of(sah_article_own_toc(a));
    sah_toc_t *toc = sah_toc_new();
    size_t len;
    const char *text = sah_article_text(a, &len);
    bool headline = false, ok = toc != NULL;
    for (size_t i = 0; ok && i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        if (p->kind != SAH_PART_HEADLINE && p->kind != SAH_PART_HEADING)
            continue;
        headline |= p->kind == SAH_PART_HEADLINE;
        ok = sah_toc_add(toc, text + p->start, p->end - p->start, p->start,
                         p->kind == SAH_PART_HEADLINE ? 0 : 1);
    }
    /* No headline: the article is still named by its title (a lead, the
     * front matter's), from its start. */
    const char *title = sah_article_meta(a)->title;
    if (ok && !headline && title)
        ok = sah_toc_add(toc, title, strlen(title), 0, 0);
    if (!ok) {
        sah_toc_free(toc);
        return NULL;
    }
    return toc;
}

size_t sah_toc_count(const sah_toc_t *toc)
{
    return toc ? toc->n : 0;
}

const sah_toc_entry_t *sah_toc_entry(const sah_toc_t *toc, size_t i)
{
    return toc && i < toc->n ? &toc->e[i] : NULL;
}

long sah_toc_at(const sah_toc_t *toc, size_t offset)
{
    long at = -1;
    for (size_t i = 0; toc && i < toc->n && toc->e[i].offset <= offset; i++)
        at = (long)i;
    return at;
}
