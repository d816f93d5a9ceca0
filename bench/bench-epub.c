/*
 * bench-epub.c - listing an EPUB periodical of 50 articles (issue 17's
 * target: <= 200 ms), generated here: an EPUB 3 newspaper in 5 sections of
 * 10 articles, each article an XHTML page of about 6 KB of Arabic text
 * with a figure, plus nav.xhtml and an NCX; zipped by libzip (deflate).
 *
 *   build/bench/bench-epub [RUNS]     (default 31)
 *
 * Prints the median and worst of: sah_epub_open() alone (archive checks,
 * OPF, toc, articles) and the library's listing of a folder holding the
 * file (sah_library_scan() without a cache, as a first open does; EPUBs
 * are not cached, so every open costs this), opening article 25 as the
 * reader does ("paper.epub#25" through sah_open_article(): the archive,
 * the package, its documents extracted and joined into one article), and
 * once, every article's documents read back (what --dump-article
 * inflates).
 */
#include "app/content/epub.h"
#include "app/content/open.h"
#include "app/content/library.h"
#include "benchutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define SECTIONS 5
#define PER      10

/* Adds @text (copied: libzip reads sources at zip_close()) as @name. */
static void add(zip_t *z, const char *name, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n);
    memcpy(copy, text, n);
    zip_source_t *s = zip_source_buffer(z, copy, n, 1);
    if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
        fprintf(stderr, "bench-epub: cannot add %s\n", name);
        exit(1);
    }
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static void make_epub(const char *path)
{
    static const char para[] =
        "<p>قالت وزارة الزراعة إن موسم الحصاد بدأ هذا العام مبكراً بأسبوعين، بعد شتاء دافئ "
        "قليل الأمطار، وإن المزارعين في الوادي يتوقعون محصولاً أقل من العام الماضي، لكن "
        "بجودة أعلى، بسبب قلة الآفات التي تنتشر عادة مع الرطوبة في الربيع.</p>\n";
    int err;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    char *opf = NULL, *nav = NULL, name[64], line[512];
    size_t ol = 0, oc = 0, nl = 0, nc = 0;
    if (!z) {
        fprintf(stderr, "bench-epub: cannot create %s\n", path);
        exit(1);
    }
    add(z, "mimetype", "application/epub+zip");
    zip_set_file_compression(z, 0, ZIP_CM_STORE, 0);
    add(z, "META-INF/container.xml",
        "<?xml version=\"1.0\"?><container version=\"1.0\" "
        "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
        "full-path=\"OEBPS/content.opf\" "
        "media-type=\"application/oebps-package+xml\"/></rootfiles></container>");
    append(&opf, &ol, &oc,
           "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "
           "version=\"3.0\" unique-identifier=\"u\"><metadata "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier "
           "id=\"u\">urn:uuid:bench</dc:identifier><dc:title>صحيفة القياس</dc:title>"
           "<dc:language>ar</dc:language><dc:date>2024-06-01</dc:date>"
           "<dc:type>newspaper</dc:type></metadata><manifest><item id=\"nav\" "
           "href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>");
    append(&nav, &nl, &nc,
           "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
           "xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>");
    for (int s = 0; s < SECTIONS; s++) {
        snprintf(line, sizeof line, "<li><span>القسم %d</span><ol>", s + 1);
        append(&nav, &nl, &nc, line);
        for (int a = 0; a < PER; a++) {
            char *doc = NULL;
            size_t dl = 0, dc = 0;
            snprintf(line, sizeof line,
                     "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
                     "lang=\"ar\" dir=\"rtl\"><head><title>الخبر %d</title></head><body>"
                     "<article><h1>الخبر رقم %d من القسم %d</h1><figure><img "
                     "src=\"../images/p%d.jpg\" alt=\"صورة\"/><figcaption>صورة الخبر"
                     "</figcaption></figure>\n",
                     a, a + 1, s + 1, a);
            append(&doc, &dl, &dc, line);
            for (int p = 0; p < 16; p++)
                append(&doc, &dl, &dc, para);
            append(&doc, &dl, &dc, "</article></body></html>\n");
            snprintf(name, sizeof name, "OEBPS/text/s%d-a%d.xhtml", s, a);
            add(z, name, doc);
            free(doc);
            snprintf(line, sizeof line,
                     "<item id=\"s%da%d\" href=\"text/s%d-a%d.xhtml\" "
                     "media-type=\"application/xhtml+xml\"/>",
                     s, a, s, a);
            append(&opf, &ol, &oc, line);
            snprintf(line, sizeof line,
                     "<li><a href=\"text/s%d-a%d.xhtml\">الخبر رقم %d من القسم %d</a></li>", s, a,
                     a + 1, s + 1);
            append(&nav, &nl, &nc, line);
        }
        append(&nav, &nl, &nc, "</ol></li>");
    }
    append(&nav, &nl, &nc, "</ol></nav></body></html>");
    append(&opf, &ol, &oc, "</manifest><spine page-progression-direction=\"rtl\">");
    for (int s = 0; s < SECTIONS; s++)
        for (int a = 0; a < PER; a++) {
            snprintf(line, sizeof line, "<itemref idref=\"s%da%d\"/>", s, a);
            append(&opf, &ol, &oc, line);
        }
    append(&opf, &ol, &oc, "</spine></package>");
    add(z, "OEBPS/content.opf", opf);
    add(z, "OEBPS/nav.xhtml", nav);
    free(opf);
    free(nav);
    if (zip_close(z) != 0) {
        fprintf(stderr, "bench-epub: cannot write %s\n", path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 31;
    char dir[] = "/tmp/sahifa-bench-epub-XXXXXX", path[256];
    if (runs < 1 || !mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/paper.epub", dir);
    make_epub(path);
    double *open_ms = malloc((size_t)runs * sizeof *open_ms);
    double *list_ms = malloc((size_t)runs * sizeof *list_ms);
    double *art_ms = malloc((size_t)runs * sizeof *art_ms);
    size_t articles = 0, listed = 0, text_len = 0;
    char one[300];
    snprintf(one, sizeof one, "%s#%d", path, SECTIONS * PER / 2);
    for (int r = 0; r < runs; r++) {
        double t = bench_now_ms();
        sah_epub_t *e = sah_epub_open(path, NULL);
        open_ms[r] = bench_now_ms() - t;
        articles = e ? sah_epub_n_articles(e) : 0;
        sah_epub_free(e);
        t = bench_now_ms();
        sah_library_t *lib = sah_library_new(NULL);
        if (!lib || !sah_library_add_root(lib, dir) || !sah_library_scan(lib))
            return 1;
        list_ms[r] = bench_now_ms() - t;
        listed = sah_library_n_entries(lib);
        sah_library_free(lib);
        t = bench_now_ms();
        sah_article_t *a = sah_open_article(one, NULL, NULL);
        art_ms[r] = bench_now_ms() - t;
        if (!a)
            return 1;
        (void)sah_article_text(a, &text_len);
        sah_article_free(a);
    }
    double t = bench_now_ms();
    size_t bytes = 0;
    sah_epub_t *e = sah_epub_open(path, NULL);
    for (size_t k = 0; e && k < sah_epub_n_spine(e); k++) {
        char *b;
        size_t n;
        if (sah_epub_read_entry(e, sah_epub_spine_doc(e, k), &b, &n) == SAH_EPUB_OK)
            bytes += n;
        free(b);
    }
    double read_ms = bench_now_ms() - t;
    sah_epub_free(e);
    printf("bench-epub: %zu articles found, %zu listed, %d runs\n", articles, listed, runs);
    /* bench_median() sorts: the worst is then the last. */
    double open_med = bench_median(open_ms, runs), list_med = bench_median(list_ms, runs);
    printf("open (checks, OPF, toc):  median %.2f ms, worst %.2f ms\n", open_med,
           open_ms[runs - 1]);
    printf("library listing:          median %.2f ms, worst %.2f ms  (target <= 200 ms)\n",
           list_med, list_ms[runs - 1]);
    double art_med = bench_median(art_ms, runs);
    printf("article #%d as an article:  median %.2f ms, worst %.2f ms  (%zu bytes of text)\n",
           SECTIONS * PER / 2, art_med, art_ms[runs - 1], text_len);
    printf("every document inflated:  %.2f ms for %zu KB\n", read_ms, bytes / 1024);
    free(open_ms);
    free(list_ms);
    free(art_ms);
    unlink(path);
    rmdir(dir);
    return articles == SECTIONS * PER && listed == SECTIONS * PER ? 0 : 1;
}
