/* epubarticle.c - see epubarticle.h. */
#include "app/content/epubarticle.h"

#include "app/content/article-build.h"
#include "app/content/html.h"
#include "app/content/toc.h"
#include "app/content/webarticle.h"
#include "platform/isodate.h"
#include "platform/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where each document of the article landed. */
typedef struct {
    size_t text;   /* where its text starts in the article's */
    size_t source; /* its first byte in the article's source */
    size_t len;    /* its bytes in the source */
} doc_at_t;

typedef struct {
    sah_epub_t *e;
    const char *name;
    size_t first, n_docs;
    sah_web_pages_t *p;
    doc_at_t *docs;
    size_t *frag; /* per toc entry: its fragment's source offset, or SIZE_MAX */
    bool with_toc;
} job_t;

/* A fragment a table entry wants found in a document. */
typedef struct {
    const char *id;
    size_t toc;
} want_t;

static int cmp_want(const void *a, const void *b)
{
    return strcmp(((const want_t *)a)->id, ((const want_t *)b)->id);
}

/* @id against the @len bytes at @v, as strcmp() orders them. */
static int cmp_key(const char *id, const char *v, size_t len)
{
    size_t il = strlen(id);
    int c = memcmp(id, v, il < len ? il : len);
    return c ? c : il < len ? -1 : il > len;
}

/* The first of @w's @m entries (sorted) whose id is the @len bytes at @v,
 * or @m. */
static size_t first_want(const want_t *w, size_t m, const char *v, size_t len)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(w[mid].id, v, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m && cmp_key(w[lo].id, v, len) == 0 ? lo : m;
}

static bool space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The fragments of the table's entries that point into spine document @k,
 * found in its @bytes at source offset @base: the start ('<') of the
 * element with that id="..." (or '...'). One pass over the bytes, whatever
 * the number of entries: a table of 10,000 fragments into one large
 * document must not read it 10,000 times. Out of memory: none found (the
 * entries point at their document's start). */
static void find_fragments(job_t *j, size_t k, const char *bytes, size_t n, size_t base)
{
    size_t m = 0, n_toc = j->with_toc ? sah_epub_n_toc(j->e) : 0;
    for (size_t t = 0; t < n_toc; t++)
        m += sah_epub_toc(j->e, t)->spine == k && sah_epub_toc(j->e, t)->fragment;
    want_t *w = m ? malloc(m * sizeof *w) : NULL;
    if (!w)
        return;
    m = 0;
    for (size_t t = 0; t < n_toc; t++) {
        const sah_epub_toc_entry_t *te = sah_epub_toc(j->e, t);
        if (te->spine == k && te->fragment)
            w[m++] = (want_t){te->fragment, t};
    }
    qsort(w, m, sizeof *w, cmp_want);
    size_t lt = 0; /* the last '<': the element the attribute is in */
    for (size_t i = 0; i + 4 < n; i++) {
        if (bytes[i] == '<')
            lt = i;
        if (i == 0 || bytes[i] != 'i' || bytes[i + 1] != 'd' || bytes[i + 2] != '=' ||
            !space_byte(bytes[i - 1]) || (bytes[i + 3] != '"' && bytes[i + 3] != '\''))
            continue;
        const char *v = bytes + i + 4, *e = memchr(v, bytes[i + 3], n - (i + 4));
        if (!e)
            break;
        size_t len = (size_t)(e - v);
        for (size_t f = first_want(w, m, v, len); f < m && cmp_key(w[f].id, v, len) == 0; f++)
            if (j->frag[w[f].toc] == SIZE_MAX)
                j->frag[w[f].toc] = base + lt;
        i = (size_t)(e - bytes);
    }
    free(w);
}

/* Rewrites the src of the figures @from.. of the draft, written relative
 * to @doc, as the archive's entry names; one leading out stays as written
 * (figure.h refuses it). */
static void resolve_figures(sah_article_draft_t *d, size_t from, const char *doc)
{
    for (size_t i = from; i < d->n_figures; i++) {
        sah_figure_t *f = &d->figures[i];
        if (f->remote)
            continue;
        char *entry = sah_epub_resolve(doc, f->src, NULL);
        if (entry) {
            free((char *)f->src);
            f->src = entry;
        }
    }
}

/* Document @k of the spine: read, extracted and appended. False only when
 * out of memory; a document that cannot be read is skipped (logged). */
static bool add_doc(job_t *j, size_t k, doc_at_t *at, bool *full)
{
    const char *doc = sah_epub_spine_doc(j->e, k);
    sah_article_draft_t *d = sah_web_pages_draft(j->p);
    uint64_t stated = 0;
    (void)sah_epub_entry_size(j->e, doc, &stated);
    at->source = sah_web_pages_source_len(j->p);
    at->text = d->len;
    if (stated > SAH_EPUB_ARTICLE_MAX_SOURCE - at->source) {
        sah_log("%s: more than %zu bytes of documents: %s and those after it are not read", j->name,
                SAH_EPUB_ARTICLE_MAX_SOURCE, doc);
        *full = true;
        return true;
    }
    char *bytes = NULL;
    size_t n = 0;
    sah_epub_status_t est = sah_epub_read_entry(j->e, doc, &bytes, &n);
    if (est == SAH_EPUB_ERR_NOMEM)
        return false;
    if (est != SAH_EPUB_OK) {
        at->len = (size_t)stated; /* logged by epub.h */
        sah_web_pages_skip(j->p, at->len);
        return true;
    }
    /* Messages name the file and the document: "book.epub: OEBPS/c1.xhtml". */
    size_t size = strlen(j->name) + strlen(doc) + 3;
    char *name = malloc(size);
    if (!name) {
        free(bytes);
        return false;
    }
    snprintf(name, size, "%s: %s", j->name, doc);
    sah_html_status_t hs;
    sah_html_t *h = sah_html_new_from_bytes(name, bytes, n, &hs);
    free(name);
    bool ok = hs != SAH_HTML_ERR_NOMEM;
    size_t src_len = n, figs = d->n_figures, len = d->len;
    if (h) {
        (void)sah_html_source(h, &src_len);
        ok = sah_web_pages_add(j->p, h);
        d = sah_web_pages_draft(j->p);
        if (ok)
            resolve_figures(d, figs, doc);
        if (ok && d->len > len)
            at->text = len ? len + 1 : 0; /* after the join */
    } else if (ok) {
        sah_web_pages_skip(j->p, src_len); /* logged by html.h */
    }
    at->len = src_len;
    if (ok)
        find_fragments(j, k, bytes, n, at->source);
    sah_html_free(h);
    free(bytes);
    return ok;
}

/* @s or NULL, copied over *@field (freed); false when out of memory. */
static bool set_field(char **field, const char *s)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        return false;
    free(*field);
    *field = c;
    return true;
}

/* The date as ISO 8601: as written when it is one, else its first 10
 * bytes when they are ("2024-06-01T06:00:00+00:00"); NULL otherwise. */
static bool iso_day(const char *date, char day[11])
{
    if (!date)
        return false;
    snprintf(day, 11, "%s", date);
    return sah_iso_date_ok(date) || sah_iso_date_ok(day);
}

/* The article's metadata: the EPUB's where it speaks for the whole (a
 * book's title, creator, publisher), the first page's for an article of
 * a periodical, the EPUB's where the page says nothing. */
static bool set_meta(job_t *j, size_t i, sah_article_draft_t *d)
{
    const sah_epub_meta_t *m = sah_epub_meta(j->e);
    bool periodical = sah_epub_kind(j->e) == SAH_EPUB_PERIODICAL;
    bool part = periodical && i != SAH_EPUB_WHOLE;
    const sah_epub_article_t *a = part ? sah_epub_article(j->e, i) : NULL;
    char day[11];
    bool ok = true;
    if (!part)
        ok = set_field(&d->title, m->title) && (!m->creator || set_field(&d->author, m->creator)) &&
             (!m->publisher || set_field(&d->source, m->publisher));
    else if ((a->toc != SIZE_MAX && a->title && *a->title) || !d->title)
        /* The table's label, as the library lists it; without one, the
         * first page's title, else the document's name. */
        ok = set_field(&d->title, a->title);
    if (part)
        ok = ok && set_field(&d->source, m->title); /* the paper it is from */
    if (!d->date && iso_day(m->date, day))
        ok = ok && set_field(&d->date, sah_iso_date_ok(m->date) ? m->date : day);
    if (!d->lang && m->language)
        ok = ok && set_field(&d->lang, m->language);
    if (!part)
        d->dir = m->dir;
    return ok && sah_epub_article_identity(j->e, i, d->hash);
}

/* A book's contents from the EPUB's table: each entry inside the article,
 * at its document's text or its fragment's element. */
static bool make_toc(job_t *j, sah_article_t *a)
{
    sah_toc_t *toc = sah_toc_new();
    if (!toc)
        return false;
    for (size_t t = 0; t < sah_epub_n_toc(j->e); t++) {
        const sah_epub_toc_entry_t *te = sah_epub_toc(j->e, t);
        if (te->spine == SIZE_MAX || te->spine < j->first || te->spine >= j->first + j->n_docs)
            continue;
        size_t at = j->docs[te->spine - j->first].text;
        if (j->frag[t] != SIZE_MAX)
            at = sah_article_text_offset(a, j->frag[t]);
        if (!sah_toc_add(toc, te->label, strlen(te->label), at, te->depth + 1)) {
            sah_toc_free(toc);
            return false;
        }
    }
    if (sah_toc_count(toc) == 0) {
        sah_toc_free(toc); /* none: the headline and headings are the contents */
        toc = NULL;
    }
    sah_article_set_own_toc(a, toc);
    return true;
}

sah_article_t *sah_epub_article_load(sah_epub_t *e, size_t i, const char *name,
                                     sah_article_status_t *status)
{
    job_t j = {.e = e, .name = name, .n_docs = sah_epub_n_spine(e)};
    sah_article_t *a = NULL;
    sah_article_status_t st = SAH_ARTICLE_ERR_NOMEM;
    if (i != SAH_EPUB_WHOLE) {
        const sah_epub_article_t *ea = sah_epub_article(e, i);
        if (!ea) {
            sah_log("%s: no article %zu (it has %zu)", name, i + 1, sah_epub_n_articles(e));
            st = SAH_ARTICLE_ERR_IO;
            goto out;
        }
        j.first = ea->first;
        j.n_docs = ea->n_docs;
    }
    /* The EPUB's table is the contents of what it describes: the whole
     * file, or a book (whose one article is the whole file). */
    j.with_toc = i == SAH_EPUB_WHOLE || sah_epub_kind(e) == SAH_EPUB_BOOK;
    /* An article of a periodical has no use for the table: not even its
     * array (10,000 articles of a 10,000-entry table are 10^8 slots). */
    size_t n_toc = j.with_toc ? sah_epub_n_toc(e) : 0;
    j.docs = calloc(j.n_docs ? j.n_docs : 1, sizeof *j.docs);
    j.frag = malloc((n_toc ? n_toc : 1) * sizeof *j.frag);
    if (!j.docs || !j.frag || !(j.p = sah_web_pages_new()))
        goto out;
    for (size_t t = 0; t < n_toc; t++)
        j.frag[t] = SIZE_MAX;
    bool full = false;
    size_t k = 0;
    for (; k < j.n_docs && !full; k++)
        if (!add_doc(&j, j.first + k, &j.docs[k], &full))
            goto out;
    for (; k < j.n_docs; k++) /* not read: their chapters point at the end */
        j.docs[k].text = sah_web_pages_draft(j.p)->len;
    if (!set_meta(&j, i, sah_web_pages_draft(j.p)))
        goto out;
    a = sah_web_pages_finish(j.p, name, &st);
    j.p = NULL;
    if (a && j.with_toc && !make_toc(&j, a)) {
        sah_log("%s: out of memory", name);
        sah_article_free(a);
        a = NULL;
        st = SAH_ARTICLE_ERR_NOMEM;
    }
    goto done;
out:
    if (st == SAH_ARTICLE_ERR_NOMEM)
        sah_log("%s: out of memory", name);
done:
    sah_web_pages_free(j.p);
    free(j.docs);
    free(j.frag);
    if (status)
        *status = st;
    return a;
}

sah_article_t *sah_epub_article_open(const char *path, sah_article_status_t *status)
{
    char *file = NULL;
    size_t n = 0;
    sah_epub_status_t est;
    sah_article_t *a = NULL;
    sah_article_status_t st = SAH_ARTICLE_ERR_IO;
    if (!sah_epub_split_path(path, &file, &n)) {
        sah_log("%s: not an EPUB (or out of memory)", path);
    } else if (n == SIZE_MAX) {
        sah_log("%s: no such article (they are counted from 1)", path);
    } else {
        sah_epub_t *e = sah_epub_open(file, &est);
        if (e)
            a = sah_epub_article_load(e, n ? n - 1 : SAH_EPUB_WHOLE, path, &st);
        else /* logged, naming the file */
            st = est == SAH_EPUB_ERR_NOMEM       ? SAH_ARTICLE_ERR_NOMEM
                 : est == SAH_EPUB_ERR_TOO_LARGE ? SAH_ARTICLE_ERR_TOO_LARGE
                                                 : SAH_ARTICLE_ERR_IO;
        sah_epub_free(e);
    }
    free(file);
    if (status)
        *status = st;
    return a;
}
