/*
 * fuzz-epub.c - EPUB files on arbitrary bytes: the archive's checks (end
 * records, central directory, names, sizes, ratios), libzip's reading,
 * container.xml, the OPF, nav.xhtml and the NCX through the guarded XML
 * parser, book or periodical, and every spine document read back.
 *
 * The input's first byte picks the shape:
 *   even: the rest is the .epub file itself (zip damage, lying sizes);
 *   odd:  the rest is up to five parts split at "\n--8<--\n" -
 *         META-INF/container.xml, OEBPS/content.opf, OEBPS/nav.xhtml,
 *         OEBPS/toc.ncx, OEBPS/a.xhtml - zipped here by libzip with good
 *         CRCs, so that mutations reach the XML rather than dying on a CRC.
 *
 * Checked (epub.h's contract): a refusal says why; an open EPUB has a
 * spine and at least one article; each article's documents lie in the
 * spine; toc entries' spine indices are in range and their depth within
 * the cap; the metadata's dir is "rtl" or "ltr" and its title set; every
 * spine document reads back within the entry cap or fails with a status.
 * Then each article, and the whole file, as an article (epubarticle.h):
 * parts covering the text, source offsets within the source's length and
 * monotonic, its contents' offsets inside the text, its identity the
 * library's; each of its photos read from the archive or refused.
 */
#include <stdbool.h>
#include <string.h>
#include <zip.h>

#include "app/content/epub.h"
#include "app/content/epubarticle.h"
#include "app/content/figure.h"
#include "app/content/toc.h"
#include "fuzz.h"

static char dir[4096], file[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_tmpdir("epub", true, dir, sizeof dir);
    snprintf(file, sizeof file, "%s/in.epub", dir);
    return 0;
}

/* Writes the parts of @data as a fresh EPUB at file. */
static void write_parts(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"META-INF/container.xml", "OEBPS/content.opf",
                                        "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "OEBPS/a.xhtml"};
    static const char sep[] = "\n--8<--\n";
    int err;
    zip_t *z = zip_open(file, ZIP_CREATE | ZIP_TRUNCATE, &err);
    FUZZ_CHECK(z != NULL);
    zip_source_t *m = zip_source_buffer(z, "application/epub+zip", 20, 0);
    FUZZ_CHECK(m && zip_file_add(z, "mimetype", m, 0) >= 0);
    const uint8_t *p = data, *end = data + size;
    for (size_t i = 0; i < sizeof names / sizeof *names && p <= end; i++) {
        const uint8_t *cut = p;
        while (cut + sizeof sep - 1 <= end && memcmp(cut, sep, sizeof sep - 1) != 0)
            cut++;
        if (cut + sizeof sep - 1 > end)
            cut = end;
        zip_source_t *s = zip_source_buffer(z, p, (zip_uint64_t)(cut - p), 0);
        FUZZ_CHECK(s && zip_file_add(z, names[i], s, 0) >= 0);
        p = cut + sizeof sep - 1;
    }
    FUZZ_CHECK(zip_close(z) == 0);
}

/* Article @i of @e (or the whole file) as an article. */
static void check_article(sah_epub_t *e, size_t i)
{
    sah_article_status_t st;
    sah_article_t *a = sah_epub_article_load(e, i, file, &st);
    FUZZ_CHECK(a ? st == SAH_ARTICLE_OK : st != SAH_ARTICLE_OK);
    if (!a)
        return;
    size_t len, at = 0, prev = 0;
    (void)sah_article_text(a, &len);
    for (size_t k = 0; k < sah_article_n_parts(a); k++) {
        const sah_part_t *p = sah_article_part(a, k);
        FUZZ_CHECK(p->start == at && p->end >= p->start);
        at = p->end;
    }
    FUZZ_CHECK(at == len);
    for (size_t t = 0; t <= len; t++) {
        size_t s = sah_article_source_offset(a, t);
        FUZZ_CHECK(s >= prev && s <= sah_article_source_length(a));
        FUZZ_CHECK(sah_article_text_offset(a, s) <= len);
        prev = s;
    }
    char hex[65];
    FUZZ_CHECK(sah_epub_article_identity(e, i, hex) && !strcmp(hex, sah_article_meta(a)->hash));
    sah_toc_t *toc = sah_toc_from_article(a);
    for (size_t k = 0; k < sah_toc_count(toc); k++)
        FUZZ_CHECK(sah_toc_entry(toc, k)->offset <= len);
    sah_toc_free(toc);
    for (size_t k = 0; k < sah_article_n_figures(a); k++) {
        size_t n;
        int err;
        char *bytes = sah_figure_read(file, sah_article_figure(a, k), 1 << 20, &n, &err);
        FUZZ_CHECK(bytes ? err == 0 && n <= (1 << 20) : err != 0 && n == 0);
        free(bytes);
    }
    sah_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        write_parts(data + 1, size - 1);
    else
        fuzz_write_file(file, data + 1, size - 1);
    sah_epub_status_t st = SAH_EPUB_ERR_NOMEM;
    sah_epub_t *e = sah_epub_open(file, &st);
    if (!e) {
        FUZZ_CHECK(st != SAH_EPUB_OK && st <= SAH_EPUB_ERR_NOMEM);
        return 0;
    }
    FUZZ_CHECK(st == SAH_EPUB_OK);
    const sah_epub_meta_t *m = sah_epub_meta(e);
    FUZZ_CHECK(m->title && m->dir && (!strcmp(m->dir, "rtl") || !strcmp(m->dir, "ltr")));
    FUZZ_CHECK(m->identity && strlen(m->identity) == 64);
    size_t n_spine = sah_epub_n_spine(e);
    FUZZ_CHECK(n_spine > 0 && sah_epub_n_articles(e) > 0);
    FUZZ_CHECK(sah_epub_spine_doc(e, n_spine) == NULL);
    for (size_t i = 0; i < sah_epub_n_articles(e); i++) {
        const sah_epub_article_t *a = sah_epub_article(e, i);
        FUZZ_CHECK(a->title && a->n_docs > 0 && a->first + a->n_docs <= n_spine);
        FUZZ_CHECK(a->toc == SIZE_MAX || a->toc < sah_epub_n_toc(e));
    }
    if (sah_epub_kind(e) == SAH_EPUB_BOOK)
        FUZZ_CHECK(sah_epub_n_articles(e) == 1 && sah_epub_article(e, 0)->n_docs == n_spine);
    for (size_t i = 0; i < sah_epub_n_toc(e); i++) {
        const sah_epub_toc_entry_t *t = sah_epub_toc(e, i);
        FUZZ_CHECK(t->label && t->depth >= 0 && t->depth < SAH_EPUB_MAX_DEPTH);
        FUZZ_CHECK(t->spine == SIZE_MAX || (t->spine < n_spine && t->doc &&
                                            !strcmp(t->doc, sah_epub_spine_doc(e, t->spine))));
        char *frag = NULL, *r = sah_epub_resolve(t->doc ? t->doc : "x", "../i.jpg#f", &frag);
        free(r);
        free(frag);
    }
    for (size_t k = 0; k < n_spine; k++) {
        char *bytes = NULL;
        size_t n = 0;
        st = sah_epub_read_entry(e, sah_epub_spine_doc(e, k), &bytes, &n);
        FUZZ_CHECK(st == SAH_EPUB_OK ? bytes && n <= SAH_EPUB_MAX_ENTRY_BYTES && !bytes[n]
                                     : !bytes && st <= SAH_EPUB_ERR_NOMEM);
        free(bytes);
    }
    for (size_t i = 0; i <= sah_epub_n_articles(e); i++)
        check_article(e, i < sah_epub_n_articles(e) ? i : SAH_EPUB_WHOLE);
    sah_epub_free(e);
    return 0;
}
