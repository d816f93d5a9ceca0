/*
 * html.c - a web page as an article: decoding and parsing (html-dom.c), the
 * metadata (html-meta.c), the main content (html-score.c), and here the
 * blocks: the kept nodes walked in document order, each block-level element
 * a block, loose text and inline elements between blocks a paragraph of
 * their own, a run of two <br> a paragraph break.
 */
#include "app/content/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/html-dom.h"
#include "app/content/html-meta.h"
#include "app/content/html-score.h"
#include "platform/log.h"
#include "platform/readfile.h"
#include "render/text/bidi.h"
#include "render/text/utf8.h"

struct sah_html {
    sah_hdom_t *dom;
    sah_hmeta_t m;
    sah_html_meta_t meta;
    sah_html_block_t *b;
    size_t n, cap;
};

/* What a block never includes: nodes that are never content, nodes cut as
 * furniture, and those shown in front (byline, headline, date). */
#define SKIP (HN_DEAD | HN_CUT | HN_BYLINE | HN_HEADLINE | HN_DATE)

typedef struct {
    sah_html_t *h;
    sah_hdom_t *d;
    sah_hbuf_t buf;
    size_t run_start, run_end;
    uint32_t run_owner; /* the element whose loose text the run is */
    int brs;            /* <br> in a row in the run */
    bool any_body;
    bool nomem;
} emit_t;

/* ---- directions --------------------------------------------------------- */

static bool rtl_lang(const char *lang)
{
    static const char *const rtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji",
                                      "ps", "sd",  "syr", "ug", "ur", "yi", NULL};
    char primary[8];
    size_t k = 0;
    while (lang[k] && lang[k] != '-' && lang[k] != '_' && k + 1 < sizeof primary) {
        primary[k] = (char)(lang[k] >= 'A' && lang[k] <= 'Z' ? lang[k] + 32 : lang[k]);
        k++;
    }
    primary[k] = 0;
    for (size_t i = 0; rtl[i]; i++)
        if (!strcmp(primary, rtl[i]))
            return true;
    return false;
}

/* UAX#9 P2-P3 on the first 256 characters of @text: 1 RTL, 0 LTR, -1 none. */
static int first_strong(const char *text)
{
    uint32_t cp[256]; /* one per byte at most */
    size_t full = strlen(text), n = full < sizeof cp / sizeof *cp ? full : sizeof cp / sizeof *cp;
    while (n > 0 && n < full && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--; /* never cut a character */
    size_t bad = 0, k = sah_utf8_decode(text, n, SAH_UTF8_STRICT, cp, NULL, &bad);
    return sah_bidi_first_strong(cp, k);
}

/* The direction the page's markup gives @i inside <body>: a dir attribute
 * (rtl, ltr), then a lang; -1 if none says (dir=auto: the text decides). */
static int markup_dir(const sah_hdom_t *d, uint32_t i)
{
    for (uint32_t a = i; a != SAH_HNONE; a = d->n[a].parent) {
        if (d->n[a].tag == TAG_BODY || d->n[a].tag == TAG_HTML)
            break;
        const char *dir = sah_hdom_attr(&d->n[a], "dir");
        if (dir && !strcasecmp(dir, "rtl"))
            return 1;
        if (dir && !strcasecmp(dir, "ltr"))
            return 0;
        if (dir && !strcasecmp(dir, "auto"))
            return -1;
        const char *lang = sah_hdom_attr(&d->n[a], "lang");
        if (lang && *lang)
            return rtl_lang(lang);
    }
    return -1;
}

/* The page's own default: <html>/<body> dir, then their lang. */
static int page_dir(const sah_hdom_t *d)
{
    for (uint32_t i = 0; i < d->count && i < 64; i++) {
        if (d->n[i].tag != TAG_HTML && d->n[i].tag != TAG_BODY)
            continue;
        const char *dir = sah_hdom_attr(&d->n[i], "dir");
        if (dir && !strcasecmp(dir, "rtl"))
            return 1;
        if (dir && !strcasecmp(dir, "ltr"))
            return 0;
    }
    for (uint32_t i = 0; i < d->count && i < 64; i++) {
        const char *lang = sah_hdom_attr(&d->n[i], "lang");
        if ((d->n[i].tag == TAG_HTML || d->n[i].tag == TAG_BODY) && lang && *lang)
            return rtl_lang(lang);
    }
    return -1;
}

static bool block_rtl(const sah_hdom_t *d, uint32_t owner, const char *text, int fallback)
{
    int m = owner == SAH_HNONE ? -1 : markup_dir(d, owner);
    if (m < 0)
        m = text ? first_strong(text) : -1;
    return m < 0 ? fallback == 1 : m == 1;
}

/* ---- blocks ------------------------------------------------------------- */

static sah_html_block_t *add_block(emit_t *em, sah_html_role_t role, char *text, size_t start,
                                   size_t end, uint32_t owner)
{
    sah_html_t *h = em->h;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 32;
        sah_html_block_t *g = realloc(h->b, cap * sizeof *g);
        if (!g) {
            free(text);
            em->nomem = true;
            return NULL;
        }
        h->b = g;
        h->cap = cap;
    }
    sah_html_block_t *b = &h->b[h->n++];
    memset(b, 0, sizeof *b);
    b->role = role;
    b->text = text ? text : strdup("");
    b->start = start;
    b->end = end < start ? start : end;
    b->rtl = block_rtl(em->d, owner, text, page_dir(em->d));
    if (!b->text)
        em->nomem = true;
    return b;
}

static bool deck_like(const sah_hdom_t *d, uint32_t i)
{
    static const char *const words[] = {"standfirst", "deck",    "dek",     "subtitle",
                                        "sub-title",  "subhead", "summary", "excerpt",
                                        "lede",       "intro",   NULL};
    for (int k = 0; k < 3 && i != SAH_HNONE; k++, i = d->n[i].parent) {
        const char *c = sah_hdom_attr(&d->n[i], "class");
        for (size_t w = 0; c && words[w]; w++)
            if (sah_hstr_contains(c, words[w]))
                return true;
    }
    return false;
}

static void text_block(emit_t *em, sah_html_role_t role, char *text, size_t start, size_t end,
                       uint32_t owner)
{
    if (!text)
        return;
    if (role == SAH_HTML_BODY && !em->any_body && deck_like(em->d, owner))
        role = SAH_HTML_DECK;
    em->any_body |= role == SAH_HTML_BODY;
    add_block(em, role, text, start, end, owner);
}

static void flush(emit_t *em, sah_html_role_t role)
{
    if (em->buf.len)
        text_block(em, role, sah_hbuf_take(&em->buf), em->run_start, em->run_end, em->run_owner);
    sah_hbuf_reset(&em->buf);
    em->brs = 0;
    em->run_start = SIZE_MAX;
}

static void run_add(emit_t *em, uint32_t j, uint32_t owner)
{
    const sah_hnode_t *e = &em->d->n[j];
    if (em->run_start == SIZE_MAX) {
        em->run_start = e->start;
        em->run_owner = owner;
    }
    em->run_end = e->end;
    if (!sah_hbuf_text(&em->buf, em->d, j, SKIP))
        em->nomem = true;
}

/* The address of an image: src, or where lazy loaders keep it. */
static const char *image_src(const sah_hnode_t *e)
{
    static const char *const attrs[] = {"src",           "data-src", "data-lazy-src",
                                        "data-original", "data-url", NULL};
    for (size_t k = 0; attrs[k]; k++) {
        const char *s = sah_hdom_attr(e, attrs[k]);
        if (s && *s && strncmp(s, "data:", 5) != 0)
            return s;
    }
    return NULL;
}

bool sah_html_src_is_remote(const char *src)
{
    return !strncasecmp(src, "http:", 5) || !strncasecmp(src, "https:", 6) ||
           !strncasecmp(src, "ftp:", 4) || !strncmp(src, "//", 2);
}

static void figure(emit_t *em, uint32_t img)
{
    const sah_hnode_t *e = &em->d->n[img];
    const char *src = image_src(e), *w = sah_hdom_attr(e, "width"),
               *hgt = sah_hdom_attr(e, "height");
    /* A 1x1 image is a tracking pixel, not a photo. */
    if (!src || (w && !strcmp(w, "1")) || (hgt && !strcmp(hgt, "1")))
        return;
    const char *alt = sah_hdom_attr(e, "alt");
    sah_hbuf_t b = {0};
    char *text = NULL;
    if (alt && sah_hbuf_put(&b, alt, strlen(alt)))
        text = sah_hbuf_take(&b);
    free(b.s);
    sah_html_block_t *blk = add_block(em, SAH_HTML_FIGURE, text, e->start, e->end, img);
    if (!blk)
        return;
    blk->src = strdup(src);
    blk->alt = strdup(blk->text);
    blk->remote = sah_html_src_is_remote(src);
    if (!blk->src || !blk->alt)
        em->nomem = true;
}

static void first_image(emit_t *em, uint32_t i)
{
    for (uint32_t j = i; j <= em->d->n[i].last; j++) {
        if (em->d->n[j].flags & SKIP)
            j = em->d->n[j].last;
        else if (em->d->n[j].tag == TAG_IMG) {
            figure(em, j);
            return;
        }
    }
}

static void block(emit_t *em, uint32_t i, sah_html_role_t role);

/* Loose text and inline elements are gathered into runs; block children
 * and images end a run and are blocks of their own. */
static void container(emit_t *em, uint32_t i, sah_html_role_t role)
{
    sah_hdom_t *d = em->d;
    em->run_start = SIZE_MAX;
    for (uint32_t j = i + 1; j <= d->n[i].last && !em->nomem; j = d->n[j].last + 1) {
        const sah_hnode_t *c = &d->n[j];
        if (c->flags & SKIP)
            continue;
        if (c->tag == TAG_BR) {
            if (++em->brs >= 2)
                flush(em, role);
            else
                em->buf.space = true;
            continue;
        }
        bool inline_only = sah_htag_is_phrasing(c->tag) && c->tag != TAG_IMG &&
                           c->tag != TAG_PICTURE && !c->has_block && c->n_img == 0;
        if (inline_only) {
            if (c->tag != TAG_TEXT || c->own_len)
                em->brs = 0;
            run_add(em, j, i);
            continue;
        }
        flush(em, role);
        if (c->tag == TAG_IMG || (c->tag == TAG_PICTURE && !c->has_block))
            first_image(em, j);
        else
            block(em, j, role);
        em->run_start = SIZE_MAX;
    }
    flush(em, role);
}

static void leaf(emit_t *em, uint32_t i, sah_html_role_t role)
{
    char *t = sah_hdom_text_of(em->d, i, SKIP);
    text_block(em, role, t, em->d->n[i].start, em->d->n[i].end, i);
}

/* A row of a data table: its cells' texts joined by " | ". */
static void table_rows(emit_t *em, uint32_t t)
{
    sah_hdom_t *d = em->d;
    for (uint32_t r = t + 1; r <= d->n[t].last; r++) {
        if (d->n[r].flags & SKIP) {
            r = d->n[r].last;
            continue;
        }
        if (d->n[r].tag == TAG_CAPTION) {
            leaf(em, r, SAH_HTML_CAPTION);
            r = d->n[r].last;
            continue;
        }
        if (d->n[r].tag != TAG_TR)
            continue;
        sah_hbuf_t row = {0};
        for (uint32_t c = r + 1; c <= d->n[r].last; c = d->n[c].last + 1) {
            if ((d->n[c].tag != TAG_TD && d->n[c].tag != TAG_TH) || (d->n[c].flags & SKIP))
                continue;
            char *cell = sah_hdom_text_of(d, c, SKIP);
            if (cell) {
                if (row.len)
                    sah_hbuf_put(&row, " | ", 3);
                sah_hbuf_put(&row, cell, strlen(cell));
            }
            free(cell);
        }
        char *text = sah_hbuf_take(&row);
        free(row.s);
        text_block(em, SAH_HTML_BODY, text, d->n[r].start, d->n[r].end, r);
        r = d->n[r].last;
    }
}

static void block(emit_t *em, uint32_t i, sah_html_role_t role)
{
    const sah_hnode_t *e = &em->d->n[i];
    switch (e->tag) {
    case TAG_H1:
    case TAG_H2:
    case TAG_H3:
    case TAG_H4:
    case TAG_H5:
    case TAG_H6:
        leaf(em, i, SAH_HTML_HEADING);
        break;
    case TAG_PRE:
        leaf(em, i, role);
        break;
    case TAG_BLOCKQUOTE:
        container(em, i, SAH_HTML_QUOTE);
        break;
    case TAG_LI:
        container(em, i, SAH_HTML_LIST_ITEM);
        break;
    case TAG_FIGCAPTION:
        container(em, i, SAH_HTML_CAPTION);
        break;
    case TAG_FIGURE:
        container(em, i, e->n_img ? SAH_HTML_CAPTION : role);
        break;
    case TAG_TABLE:
        if (e->flags & HN_DATATABLE)
            table_rows(em, i);
        else
            container(em, i, role);
        break;
    case TAG_HR:
        break;
    default:
        container(em, i, role);
        break;
    }
}

/* ---- the front: headline, byline, date, source -------------------------- */

static size_t node_start(const sah_hdom_t *d, uint32_t i)
{
    return i == SAH_HNONE ? 0 : d->n[i].start;
}

static size_t node_end(const sah_hdom_t *d, uint32_t i)
{
    return i == SAH_HNONE ? 0 : d->n[i].end;
}

/* Inside a byline ("By <span itemprop=name>Salma</span>, Cairo"), the
 * element marked as the name is the name. */
static uint32_t byline_name(const sah_hdom_t *d, uint32_t by)
{
    for (uint32_t j = by + 1; j <= d->n[by].last; j++) {
        const char *ip = sah_hdom_attr(&d->n[j], "itemprop");
        if (ip && strstr(ip, "name"))
            return j;
    }
    return by;
}

static void front(emit_t *em, const sah_hscore_t *sc)
{
    sah_hdom_t *d = em->d;
    sah_hmeta_t *m = &em->h->m;
    if (m->title) {
        uint32_t n = sc->headline != SAH_HNONE ? sc->headline : m->title_node;
        add_block(em, SAH_HTML_HEADLINE, strdup(m->title), node_start(d, n), node_end(d, n), n);
    }
    uint32_t by = m->byline ? m->byline_node : sc->byline;
    char *by_text = m->byline ? strdup(m->byline)
                    : sc->byline != SAH_HNONE
                        ? sah_hdom_text_of(d, byline_name(d, sc->byline), HN_DEAD)
                        : NULL;
    if (by_text)
        add_block(em, SAH_HTML_BYLINE, by_text, node_start(d, by), node_end(d, by), by);
    if (m->date_node != SAH_HNONE && d->n[m->date_node].tag != TAG_META &&
        d->n[m->date_node].tag != TAG_SCRIPT) {
        char *t = sah_hdom_text_of(d, m->date_node, HN_DEAD);
        if (!t && m->date)
            t = strdup(m->date);
        add_block(em, SAH_HTML_DATE, t, node_start(d, m->date_node), node_end(d, m->date_node),
                  m->date_node);
        d->n[m->date_node].flags |= HN_DATE;
    } else if (m->date)
        add_block(em, SAH_HTML_DATE, strdup(m->date), node_start(d, m->date_node),
                  node_end(d, m->date_node), m->date_node);
    if (m->site_name)
        add_block(em, SAH_HTML_SOURCE, strdup(m->site_name), node_start(d, m->site_node),
                  node_end(d, m->site_node), m->site_node);
}

/* ---- the page ----------------------------------------------------------- */

static void fill_meta(sah_html_t *h, const sah_hscore_t *sc)
{
    sah_html_meta_t *mt = &h->meta;
    mt->title = h->m.title;
    mt->byline = h->m.byline;
    mt->date = h->m.date;
    mt->site_name = h->m.site_name;
    mt->lang = h->m.lang;
    mt->encoding = h->dom->encoding;
    mt->excerpt = h->m.excerpt;
    for (size_t i = 0; !mt->excerpt && i < h->n; i++)
        if (h->b[i].role == SAH_HTML_BODY)
            mt->excerpt = h->b[i].text;
    if (!mt->byline)
        for (size_t i = 0; i < h->n; i++)
            if (h->b[i].role == SAH_HTML_BYLINE)
                mt->byline = h->b[i].text;
    if (sc->dir && (!strcasecmp(sc->dir, "rtl") || !strcasecmp(sc->dir, "ltr"))) {
        mt->dir = !strcasecmp(sc->dir, "rtl") ? "rtl" : "ltr";
        mt->dir_explicit = true;
        return;
    }
    /* No dir attribute: the direction most of the text reads in. */
    size_t rtl = 0, ltr = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->b[i].rtl)
            rtl += strlen(h->b[i].text);
        else
            ltr += strlen(h->b[i].text);
    int pd = page_dir(h->dom);
    mt->dir = rtl > ltr || (rtl == ltr && pd == 1) ? "rtl" : "ltr";
}

static bool extract(sah_html_t *h)
{
    sah_hscore_t sc;
    emit_t em = {.h = h, .d = h->dom, .run_start = SIZE_MAX};
    if (!sah_hmeta_read(h->dom, &h->m))
        return false;
    if (!sah_hscore_extract(h->dom, h->m.title, h->m.byline == NULL, &sc))
        return false;
    front(&em, &sc);
    for (size_t r = 0; r < sc.n_roots && !em.nomem; r++)
        block(&em, sc.roots[r], SAH_HTML_BODY);
    free(em.buf.s);
    fill_meta(h, &sc);
    sah_hscore_clear(&sc);
    return !em.nomem;
}

sah_html_t *sah_html_new_from_bytes(const char *name, const char *bytes, size_t n,
                                    sah_html_status_t *status)
{
    sah_html_status_t st = SAH_HTML_OK;
    sah_html_t *h = NULL;
    if (n == 0) {
        sah_log("%s: empty file", name);
        st = SAH_HTML_ERR_EMPTY;
        goto out;
    }
    if (n > SAH_HTML_MAX_BYTES) {
        sah_log("%s: too large (%zu bytes; the limit is %zu)", name, n, SAH_HTML_MAX_BYTES);
        st = SAH_HTML_ERR_TOO_LARGE;
        goto out;
    }
    if (!(h = calloc(1, sizeof *h))) {
        st = SAH_HTML_ERR_NOMEM;
        goto out;
    }
    if (!(h->dom = sah_hdom_new(name, bytes, n, &st)))
        goto out;
    if (!extract(h)) {
        st = SAH_HTML_ERR_NOMEM;
        goto out;
    }
    if (h->n == 0) {
        sah_log("%s: no text in this page", name);
        st = SAH_HTML_ERR_EMPTY;
    }
out:
    if (st == SAH_HTML_ERR_NOMEM)
        sah_log("%s: out of memory", name);
    if (status)
        *status = st;
    if (st != SAH_HTML_OK) {
        sah_html_free(h);
        return NULL;
    }
    return h;
}

sah_html_t *sah_html_load(const char *path, sah_html_status_t *status)
{
    size_t len = 0;
    int err = 0;
    char *bytes = sah_file_read(path, SAH_HTML_MAX_BYTES, &len, &err);
    if (!bytes) {
        sah_log("%s: %s", path, sah_file_strerror(err));
        if (status)
            *status = err == SAH_FILE_ERR_TOO_LARGE ? SAH_HTML_ERR_TOO_LARGE : SAH_HTML_ERR_IO;
        return NULL;
    }
    sah_html_t *h = sah_html_new_from_bytes(path, bytes, len, status);
    free(bytes);
    return h;
}

void sah_html_free(sah_html_t *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free((char *)h->b[i].text);
        free((char *)h->b[i].src);
        free((char *)h->b[i].alt);
    }
    free(h->b);
    sah_hmeta_clear(&h->m);
    sah_hdom_free(h->dom);
    free(h);
}

const char *sah_html_source(const sah_html_t *h, size_t *len)
{
    *len = h->dom->len;
    return h->dom->src;
}

const sah_html_meta_t *sah_html_meta(const sah_html_t *h)
{
    return &h->meta;
}

size_t sah_html_n_blocks(const sah_html_t *h)
{
    return h->n;
}

const sah_html_block_t *sah_html_block(const sah_html_t *h, size_t i)
{
    return i < h->n ? &h->b[i] : NULL;
}

const char *sah_html_role_name(sah_html_role_t role)
{
    static const char *const names[] = {
        [SAH_HTML_HEADLINE] = "headline",   [SAH_HTML_DECK] = "deck",
        [SAH_HTML_BYLINE] = "byline",       [SAH_HTML_DATE] = "date",
        [SAH_HTML_SOURCE] = "source",       [SAH_HTML_HEADING] = "heading",
        [SAH_HTML_BODY] = "body",           [SAH_HTML_QUOTE] = "quote",
        [SAH_HTML_LIST_ITEM] = "list_item", [SAH_HTML_CAPTION] = "caption",
        [SAH_HTML_FIGURE] = "figure",
    };
    return (unsigned)role < sizeof names / sizeof *names ? names[role] : "body";
}
