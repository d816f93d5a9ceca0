/* dump.c - see dump.h. */
#include "app/dump.h"

#include "app/content/article.h"
#include "app/content/epub.h"
#include "app/content/html.h"
#include "app/content/sitelines.h"
#include "platform/log.h"
#include "platform/msgcat.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One block as a JSON line; false when out of memory or @out failed. A
 * figure (@fig) carries its src and alt before the rest, and its text is
 * its alt: its bytes in the text are not set as text (article.h). */
static bool dump_block(const sah_article_t *a, sah_part_kind_t kind, const sah_part_t *p,
                       const sah_figure_t *fig, FILE *out)
{
    size_t len;
    const char *text = sah_article_text(a, &len);
    json_t *o = json_object();
    bool ok = o && !json_object_set_new(o, "role", json_string(sah_part_kind_name(kind)));
    if (ok && fig)
        ok = !json_object_set_new(o, "src", json_string(fig->src)) &&
             !json_object_set_new(o, "alt", json_string(fig->alt ? fig->alt : ""));
    ok = ok && !json_object_set_new(o, "dir", json_string(p->rtl ? "rtl" : "ltr")) &&
         /* The text is valid UTF-8 by construction (article.h). */
         !json_object_set_new(o, "text",
                              fig ? json_string(fig->alt ? fig->alt : "")
                                  : json_stringn(text + p->start, p->end - p->start)) &&
         !json_object_set_new(o, "start", json_integer((json_int_t)p->start)) &&
         !json_object_set_new(o, "end", json_integer((json_int_t)p->end));
    char *line = ok ? json_dumps(o, JSON_PRESERVE_ORDER) : NULL;
    ok = line && fprintf(out, "%s\n", line) >= 0;
    free(line);
    json_decref(o);
    return ok;
}

/* Whether @path names a web page: .html, .htm or .xhtml, in any case. */
static bool is_web_page(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot &&
           (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"));
}

/* One block of a web page; a figure carries its src and alt before the
 * rest, as docs/article-format.md lists them. A block of an EPUB's
 * document ends with "doc", the zip entry it is in (@doc; NULL for a
 * page). */
static bool dump_html_block(const sah_html_block_t *b, const char *doc, FILE *out)
{
    json_t *o = json_object();
    bool ok = o && !json_object_set_new(o, "role", json_string(sah_html_role_name(b->role)));
    if (ok && b->role == SAH_HTML_FIGURE)
        ok = !json_object_set_new(o, "src", b->src ? json_string(b->src) : json_null()) &&
             !json_object_set_new(o, "alt", json_string(b->alt ? b->alt : ""));
    ok = ok && !json_object_set_new(o, "dir", json_string(b->rtl ? "rtl" : "ltr")) &&
         !json_object_set_new(o, "text", json_string(b->text ? b->text : "")) &&
         !json_object_set_new(o, "start", json_integer((json_int_t)b->start)) &&
         !json_object_set_new(o, "end", json_integer((json_int_t)b->end));
    /* Entry names are UTF-8: libzip converts the CP437 ones. */
    if (ok && doc)
        ok = !json_object_set_new(o, "doc", json_string(doc));
    char *line = ok ? json_dumps(o, JSON_PRESERVE_ORDER) : NULL;
    ok = line && fprintf(out, "%s\n", line) >= 0;
    free(line);
    json_decref(o);
    return ok;
}

static int dump_web_page(const char *path, FILE *out)
{
    sah_html_status_t st;
    sah_html_t *h = sah_html_load(path, &st);
    if (!h)
        return EXIT_FAILURE; /* the reason was logged, naming @path */
    bool ok = true;
    for (size_t i = 0; i < sah_html_n_blocks(h) && ok; i++)
        ok = dump_html_block(sah_html_block(h, i), NULL, out);
    ok = ok && fflush(out) == 0;
    if (!ok)
        sah_log(sah_tr("%s: cannot write the dump (out of memory, or the output is closed)"), path);
    sah_html_free(h);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* The blocks of spine document @k of @e, each with its "doc". A document
 * that cannot be read is one line (html.h, epub.h) and is passed over:
 * the rest of the book is still printed. False when @out failed. */
static bool dump_epub_doc(sah_epub_t *e, size_t k, FILE *out)
{
    const char *doc = sah_epub_spine_doc(e, k);
    char *bytes;
    size_t n;
    sah_html_status_t hst;
    bool ok = true;
    if (sah_epub_read_entry(e, doc, &bytes, &n) != SAH_EPUB_OK)
        return true; /* logged */
    /* Messages name the file and the document: "book.epub: OEBPS/c1.xhtml". */
    size_t size = strlen(sah_epub_path(e)) + strlen(doc) + 3;
    char *name = malloc(size);
    if (!name) {
        free(bytes);
        return false;
    }
    snprintf(name, size, "%s: %s", sah_epub_path(e), doc);
    sah_html_t *h = sah_html_new_from_bytes(name, bytes, n, &hst);
    for (size_t i = 0; h && i < sah_html_n_blocks(h) && ok; i++)
        ok = dump_html_block(sah_html_block(h, i), doc, out);
    sah_html_free(h);
    free(name);
    free(bytes);
    return ok;
}

/* An EPUB: every document of the selected article (@n, from 1), or of
 * each article in turn (@n 0): a book's whole spine, a periodical's
 * articles (docs/article-format.md, "EPUB"). */
static int dump_epub(const char *path, const char *file, size_t n, FILE *out)
{
    sah_epub_t *e = sah_epub_open(file, NULL);
    if (!e)
        return EXIT_FAILURE; /* the reason was logged, naming @file */
    size_t count = sah_epub_n_articles(e);
    if (n > count) {
        sah_log(sah_tr("%s: no article %zu (it has %zu)"), path, n, count);
        sah_epub_free(e);
        return EXIT_FAILURE;
    }
    bool ok = true;
    for (size_t i = n ? n - 1 : 0; ok && i < (n ? n : count); i++) {
        const sah_epub_article_t *a = sah_epub_article(e, i);
        for (size_t k = a->first; ok && k < a->first + a->n_docs; k++)
            ok = dump_epub_doc(e, k, out);
    }
    ok = ok && fflush(out) == 0;
    if (!ok)
        sah_log(sah_tr("%s: cannot write the dump (out of memory, or the output is closed)"), path);
    sah_epub_free(e);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

int sah_dump_article(const char *path, FILE *out)
{
    char *file = NULL;
    size_t n;
    if (is_web_page(path))
        return dump_web_page(path, out);
    if (sah_epub_split_path(path, &file, &n)) {
        int status = EXIT_FAILURE;
        if (n == SIZE_MAX)
            sah_log(sah_tr("%s: no such article (they are counted from 1)"), path);
        else
            status = dump_epub(path, file, n, out);
        free(file);
        return status;
    }
    /* The article as the reader shows it: a bundle's site lines hidden. */
    sah_sitelines_t *site = sah_sitelines_for_article(path, NULL);
    sah_article_t *a = sah_article_load_site(path, site, NULL);
    sah_sitelines_free(site);
    if (!a)
        return EXIT_FAILURE; /* the reason was logged, naming @path */
    bool ok = true;
    const sah_article_meta_t *m = sah_article_meta(a);
    size_t figure = 0;
    for (size_t i = 0; i < sah_article_n_parts(a) && ok; i++) {
        const sah_part_t *p = sah_article_part(a, i);
        if (!sah_part_kind_is_shown(p->kind) || p->end <= p->start)
            continue;
        /* A page without a headline: its lead, a prefix of this paragraph,
         * is set as the headline above it (article.h, meta.lead_start). */
        if (m->lead_end > m->lead_start && p->start <= m->lead_start && m->lead_start < p->end) {
            sah_part_t lead = {SAH_PART_HEADLINE, m->lead_start, m->lead_end, p->rtl};
            ok = dump_block(a, SAH_PART_HEADLINE, &lead, NULL, out);
        }
        const sah_figure_t *fig = NULL;
        if (p->kind == SAH_PART_FIGURE && figure < sah_article_n_figures(a))
            fig = sah_article_figure(a, figure++);
        ok = ok && dump_block(a, p->kind, p, fig, out);
    }
    ok = ok && fflush(out) == 0;
    if (!ok)
        sah_log(sah_tr("%s: cannot write the dump (out of memory, or the output is closed)"), path);
    sah_article_free(a);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
