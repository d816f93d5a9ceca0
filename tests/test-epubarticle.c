/*
 * test-epubarticle.c - an EPUB's articles as articles
 * (app/content/epubarticle.h) and their photos read from inside the
 * archive (app/content/figure.h), over EPUBs zipped here by libzip:
 *
 * - a periodical of two articles, the second of two documents: the
 *   second's source offsets are its documents' bytes one after the other
 *   (a word of the second document at its length plus its place there),
 *   its one headline (the second document's <title> left out, its <h1> a
 *   heading), its identity (the library's key), its metadata;
 * - its photos: "../images/p%201.png" from OEBPS/text/ (a "../" that stays
 *   in the archive) read byte for byte by sah_figure_read() with the
 *   article's path "X.epub#1" and "X.epub"; "../../../etc/passwd" (leading
 *   out of the archive) kept as written and refused; a URL never fetched;
 *   srcs made by hand: "OEBPS/../../etc/passwd", "/etc/passwd", a missing
 *   entry, a photo past the caller's cap;
 * - a book of three documents: its contents are its table's entries at
 *   the text of their documents, a "#fragment" at its element (not at an
 *   id it begins, nor a data-id), levels by depth; the whole file
 *   ("X.epub") is the book;
 * - a book of three 3 MiB chapters: the third, past the 8 MiB an article
 *   reads, left out with one line, its chapter at the text's end;
 * - an article whose documents show nothing, "#0", "#9", a file that is
 *   no zip: NULL with the status said.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "app/content/article.h"
#include "app/content/epub.h"
#include "app/content/epubarticle.h"
#include "app/content/figure.h"
#include "app/content/hash.h"
#include "app/content/toc.h"
#include "platform/readfile.h"
#include "testutil.h"

static char dir[64];

typedef struct {
    const char *name, *bytes;
    size_t n; /* 0: strlen */
} entry_t;

/* Zips @entries as @name in the test's folder (mimetype first, stored). */
static char *make_epub(const char *name, const entry_t *entries, size_t n)
{
    static char path[128];
    int err;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = entries[i].n ? entries[i].n : strlen(entries[i].bytes);
        zip_source_t *s = zip_source_buffer(z, entries[i].bytes, len, 0);
        zip_int64_t at = s ? zip_file_add(z, entries[i].name, s, ZIP_FL_OVERWRITE) : -1;
        if (at < 0 || (i == 0 && zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0)))
            return NULL;
    }
    return zip_close(z) == 0 ? path : NULL;
}

static const char container[] =
    "<?xml version=\"1.0\"?><container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "
    "full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
    "</rootfiles></container>";

#define OPF_HEAD                                                                                   \
    "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "      \
    "unique-identifier=\"u\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"             \
    "<dc:identifier id=\"u\">urn:x</dc:identifier>"

static const char per_opf[] =
    OPF_HEAD "<dc:title>جريدة الاختبار</dc:title><dc:language>ar</dc:language>"
             "<dc:date>2024-06-02</dc:date><dc:type>newspaper</dc:type></metadata><manifest>"
             "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
             "properties=\"nav\"/>"
             "<item id=\"a1\" href=\"text/a1.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "<item id=\"a2\" href=\"text/a2.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "<item id=\"a2b\" href=\"text/a2b.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "<item id=\"a3\" href=\"text/a3.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "</manifest><spine><itemref idref=\"a1\"/><itemref idref=\"a2\"/>"
             "<itemref idref=\"a2b\"/><itemref idref=\"a3\"/></spine></package>";

static const char per_nav[] =
    "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" "
    "xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>"
    "<li><a href=\"text/a1.xhtml\">الميناء</a></li><li><a href=\"text/a2.xhtml\">المكتبة</a></li>"
    "<li><a href=\"text/a3.xhtml\">فارغ</a></li></ol></nav></body></html>";

static const char a1[] =
    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" "
    "dir=\"rtl\"><head><title>افتتاح الميناء</title></head><body><article>"
    "<h1>افتتاح الميناء</h1><p>افتتحت البلدية صباح أمس ميناء الصيد الجديد في الطرف الشمالي "
    "من المدينة بعد عامين من العمل.</p>"
    "<figure><img src=\"../images/p%201.png\" alt=\"قوارب الصيد\"/>"
    "<figcaption>قوارب الصيد عند الرصيف.</figcaption></figure>"
    "<p>وقال رئيس جمعية الصيادين إن الميناء القديم لم يعد يتسع لأكثر من ثلاثين قارباً.</p>"
    "<figure><img src=\"../../../etc/passwd\" alt=\"خارج الأرشيف\"/></figure>"
    "<figure><img src=\"http://example.com/x.jpg\" alt=\"على الشبكة\"/></figure>"
    "</article></body></html>";

static const char a2[] =
    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" "
    "dir=\"rtl\"><head><title>المكتبة تمدد ساعاتها</title></head><body><article>"
    "<h1>المكتبة تمدد ساعاتها</h1><p>أعلنت المكتبة العامة أنها ستفتح أبوابها حتى العاشرة "
    "مساء طوال أشهر الصيف استجابة لطلبات الطلاب.</p></article></body></html>";

static const char a2b[] =
    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" "
    "dir=\"rtl\"><head><title>المكتبة تمدد ساعاتها (تتمة)</title></head><body><article>"
    "<h1>كتب جديدة</h1><p>وتضم الرفوف هذا الصيف أكثر من ألفي كتاب جديد في الأدب "
    "والتاريخ.</p></article></body></html>";

static const char a3[] = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                         "<head></head><body><div> </div></body></html>";

static const char png[] = "\x89PNG\r\n\x1a\n not really a photo, bytes to compare";

static const char book_opf[] =
    OPF_HEAD "<dc:title>The Keeper</dc:title><dc:creator>M. Haddad</dc:creator>"
             "<dc:language>en</dc:language></metadata><manifest>"
             "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>"
             "<item id=\"t\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "<item id=\"c1\" href=\"c1.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "<item id=\"c2\" href=\"c2.xhtml\" media-type=\"application/xhtml+xml\"/>"
             "</manifest><spine toc=\"ncx\"><itemref idref=\"t\"/><itemref idref=\"c1\"/>"
             "<itemref idref=\"c2\"/></spine></package>";

static const char book_ncx[] =
    "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
    "version=\"2005-1\"><navMap>"
    "<navPoint id=\"n1\"><navLabel><text>Title Page</text></navLabel>"
    "<content src=\"title.xhtml\"/></navPoint>"
    "<navPoint id=\"n2\"><navLabel><text>1. The Storm</text></navLabel>"
    "<content src=\"c1.xhtml\"/>"
    "<navPoint id=\"n3\"><navLabel><text>The Broken Lamp</text></navLabel>"
    "<content src=\"c1.xhtml#lamp\"/></navPoint></navPoint>"
    "<navPoint id=\"n4\"><navLabel><text>2. Morning</text></navLabel>"
    "<content src=\"c2.xhtml\"/></navPoint></navMap></ncx>";

#define CHAPTER(title, body)                                                                       \
    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>"     \
    "<title>The Keeper</title></head><body>" title body "</body></html>"

static const char book_t[] = CHAPTER("<h1>The Keeper</h1>", "<p>A story by M. Haddad.</p>");
static const char book_c1[] = CHAPTER(
    "<h1>1. The Storm</h1>",
    "<p data-id=\"lamp\" id=\"lampshade\">The wind came off the salt flats a little after "
    "midnight, and by one o'clock it had "
    "found every loose shutter on the island.</p><h2 id=\"lamp\">The Broken Lamp</h2><p>At two "
    "the great lamp flickered, and she climbed the hundred and twelve steps.</p>");
static const char book_c2[] =
    CHAPTER("<h1>2. Morning</h1>", "<p>By morning the storm had worn itself out against the "
                                   "cliffs, and the boats came out one by one.</p>");

/* The text offset of @needle in @a's text, or SIZE_MAX. */
static size_t text_at(const sah_article_t *a, const char *needle)
{
    size_t len;
    const char *t = sah_article_text(a, &len);
    const char *p = strstr(t, needle);
    return p ? (size_t)(p - t) : SIZE_MAX;
}

/* Byte offset of @needle in @hay, or SIZE_MAX. */
static size_t at_in(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    return p ? (size_t)(p - hay) : SIZE_MAX;
}

static void test_periodical(const char *path)
{
    char p1[160], p2[160], p3[160], p0[160], p9[160];
    sah_article_status_t st;
    snprintf(p1, sizeof p1, "%s#1", path);
    snprintf(p2, sizeof p2, "%s#2", path);
    snprintf(p3, sizeof p3, "%s#3", path);
    snprintf(p0, sizeof p0, "%s#0", path);
    snprintf(p9, sizeof p9, "%s#9", path);

    /* Article 2: two documents, one headline. */
    sah_article_t *a = sah_epub_article_open(p2, &st);
    CHECK(a && st == SAH_ARTICLE_OK, "%s: status %d", p2, (int)st);
    if (a) {
        size_t heads = 0, headings = 0;
        for (size_t i = 0; i < sah_article_n_parts(a); i++) {
            heads += sah_article_part(a, i)->kind == SAH_PART_HEADLINE;
            headings += sah_article_part(a, i)->kind == SAH_PART_HEADING;
        }
        CHECK(heads == 1 && headings == 1, "expected 1 headline, 1 heading, got %zu, %zu", heads,
              headings);
        CHECK(text_at(a, "(تتمة)") == SIZE_MAX, "the second document's <title> is left out");
        /* The headline's first character: a2.xhtml's, just past "<h1>". */
        size_t want = at_in(a2, "<h1>") + 4;
        CHECK(sah_article_source_offset(a, 0) == want, "headline at %zu, expected %zu",
              sah_article_source_offset(a, 0), want);
        /* A word of the second document: its place there after the first. */
        size_t t = text_at(a, "وتضم");
        want = strlen(a2) + at_in(a2b, "وتضم");
        CHECK(t != SIZE_MAX && sah_article_source_offset(a, t) == want,
              "second document's word at %zu, expected %zu", sah_article_source_offset(a, t), want);
        CHECK(sah_article_text_offset(a, want) == t, "and back: %zu, expected %zu",
              sah_article_text_offset(a, want), t);
        CHECK(sah_article_source_length(a) == strlen(a2) + strlen(a2b), "source length %zu",
              sah_article_source_length(a));
        const sah_article_meta_t *m = sah_article_meta(a);
        CHECK(m->title && !strcmp(m->title, "المكتبة"), "title %s (the table's label)", m->title);
        CHECK(m->source && !strcmp(m->source, "جريدة الاختبار"), "source %s", m->source);
        CHECK(m->date && !strcmp(m->date, "2024-06-02"), "date %s", m->date);
        CHECK(!strcmp(m->dir, "rtl"), "dir %s", m->dir);
        sah_epub_t *e = sah_epub_open(path, NULL);
        char hex[SAH_HASH_HEX_SIZE] = "";
        CHECK(e && sah_epub_article_identity(e, 1, hex) && !strcmp(hex, m->hash),
              "identity %s, the library's %s", m->hash, hex);
        sah_epub_free(e);
        sah_toc_t *toc = sah_toc_from_article(a);
        CHECK(toc && sah_toc_count(toc) == 2 && sah_toc_entry(toc, 0)->level == 0,
              "a periodical's article: its headline and heading as contents (%zu)",
              sah_toc_count(toc));
        sah_toc_free(toc);
    }
    sah_article_free(a);

    /* Article 1's photos. */
    a = sah_epub_article_open(p1, &st);
    CHECK(a && sah_article_n_figures(a) == 3, "%s: %zu figures", p1,
          a ? sah_article_n_figures(a) : 0);
    if (a && sah_article_n_figures(a) == 3) {
        const sah_figure_t *f0 = sah_article_figure(a, 0), *f1 = sah_article_figure(a, 1),
                           *f2 = sah_article_figure(a, 2);
        CHECK(!strcmp(f0->src, "OEBPS/images/p 1.png"), "src %s", f0->src);
        size_t n;
        int err = -1;
        const char *paths[] = {p1, path};
        for (size_t k = 0; k < 2; k++) {
            char *b = sah_figure_read(paths[k], f0, 1 << 20, &n, &err);
            CHECK(b && n == sizeof png - 1 && !memcmp(b, png, n) && err == 0,
                  "%s: photo read: %zu bytes, err %d", paths[k], n, err);
            free(b);
        }
        CHECK(!strcmp(f1->src, "../../../etc/passwd"), "a src leading out kept as written: %s",
              f1->src);
        char *b = sah_figure_read(p1, f1, 1 << 20, &n, &err);
        CHECK(!b && n == 0 && err == SAH_FIGURE_ERR_BAD_SRC, "out of the archive: err %d", err);
        free(b);
        b = sah_figure_read(p1, f2, 1 << 20, &n, &err);
        CHECK(!b && f2->remote && err == SAH_FIGURE_ERR_REMOTE, "a URL: err %d", err);
        free(b);
        b = sah_figure_read(p1, f0, 10, &n, &err);
        CHECK(!b && err == SAH_FILE_ERR_TOO_LARGE, "past the cap: err %d", err);
        free(b);
    }
    sah_article_free(a);
    static const struct {
        const char *src;
        int err;
    } srcs[] = {
        {"OEBPS/../../etc/passwd", SAH_FIGURE_ERR_BAD_SRC},
        {"/etc/passwd", SAH_FIGURE_ERR_BAD_SRC},
        {"..", SAH_FIGURE_ERR_BAD_SRC},
        {"", SAH_FIGURE_ERR_BAD_SRC},
        {"file:OEBPS/images/p 1.png", SAH_FIGURE_ERR_BAD_SRC},
        {"OEBPS/images/none.png", ENOENT},
        {"OEBPS/./images/p 1.png", ENOENT}, /* names are exact: resolved at build time */
    };
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        sah_figure_t f = {srcs[i].src, NULL, false};
        size_t n = 1;
        int err = 0;
        char *b = sah_figure_read(p1, &f, 1 << 20, &n, &err);
        CHECK(!b && n == 0 && err == srcs[i].err, "src \"%s\": expected err %d, got %d",
              srcs[i].src, srcs[i].err, err);
        free(b);
    }

    /* Nothing to show, no such article. */
    CHECK(!sah_epub_article_open(p3, &st) && st == SAH_ARTICLE_ERR_EMPTY, "%s: status %d", p3,
          (int)st);
    CHECK(!sah_epub_article_open(p0, &st) && st == SAH_ARTICLE_ERR_IO, "#0: status %d", (int)st);
    CHECK(!sah_epub_article_open(p9, &st) && st == SAH_ARTICLE_ERR_IO, "#9: status %d", (int)st);
}

static void test_book(const char *path)
{
    sah_article_status_t st;
    sah_article_t *a = sah_epub_article_open(path, &st);
    CHECK(a && st == SAH_ARTICLE_OK, "%s: status %d", path, (int)st);
    if (!a)
        return;
    const sah_article_meta_t *m = sah_article_meta(a);
    CHECK(m->title && !strcmp(m->title, "The Keeper"), "title %s", m->title);
    CHECK(m->author && !strcmp(m->author, "M. Haddad"), "author %s", m->author);
    CHECK(!strcmp(m->dir, "ltr"), "dir %s", m->dir);
    size_t len;
    const char *text = sah_article_text(a, &len);
    sah_toc_t *toc = sah_toc_from_article(a);
    static const struct {
        const char *title, *starts;
        int level;
    } want[] = {
        {"Title Page", "The Keeper", 1},
        {"1. The Storm", "1. The Storm", 1},
        {"The Broken Lamp", "The Broken Lamp", 2},
        {"2. Morning", "2. Morning", 1},
    };
    size_t n = sizeof want / sizeof *want;
    CHECK(toc && sah_toc_count(toc) == n, "expected %zu entries, got %zu", n, sah_toc_count(toc));
    for (size_t i = 0; toc && i < n && i < sah_toc_count(toc); i++) {
        const sah_toc_entry_t *e = sah_toc_entry(toc, i);
        CHECK(!strcmp(e->title, want[i].title) && e->level == want[i].level && e->offset < len &&
                  !strncmp(text + e->offset, want[i].starts, strlen(want[i].starts)),
              "entry %zu: expected \"%s\" (level %d) at \"%s\", got \"%s\" (%d) at \"%.20s\"", i,
              want[i].title, want[i].level, want[i].starts, e->title, e->level,
              e->offset < len ? text + e->offset : "");
    }
    sah_toc_free(toc);
    /* A word of chapter 2: after title.xhtml and c1.xhtml's bytes. */
    size_t t = text_at(a, "By morning");
    size_t src = strlen(book_t) + strlen(book_c1) + at_in(book_c2, "By morning");
    CHECK(sah_article_source_offset(a, t) == src, "chapter 2 at %zu, expected %zu",
          sah_article_source_offset(a, t), src);
    sah_article_free(a);
}

/* A chapter of about @bytes of words that deflate 2-3 times (a repeated
 * text would be a zip bomb by ratio), its first word @mark. (transfer full) */
static char *big_chapter(const char *mark, size_t bytes)
{
    static const char head[] = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/"
                               "xhtml\" lang=\"en\"><body><p>";
    char *c = malloc(bytes + 256);
    size_t n = (size_t)snprintf(c, 256, "%s%s", head, mark);
    uint32_t x = 12345;
    while (n < bytes) {
        if (n % 600 < 8)
            n += (size_t)sprintf(c + n, "</p><p>");
        c[n++] = ' ';
        for (int k = 3 + (int)(x % 6); k > 0; k--) {
            x = x * 1103515245u + 12345u;
            c[n++] = (char)('a' + (x >> 16) % 26);
        }
    }
    n += (size_t)sprintf(c + n, "</p></body></html>");
    return c;
}

/* A book of three chapters of 3 MiB: the third crosses the 8 MiB an
 * article reads (SAH_EPUB_ARTICLE_MAX_SOURCE) and is left out, with one
 * line; its chapter points at the end of the text. */
static void test_too_long(void)
{
    char *c[3] = {big_chapter("firstmark", 3 << 20), big_chapter("secondmark", 3 << 20),
                  big_chapter("thirdmark", 3 << 20)};
    const entry_t book[] = {
        {"mimetype", "application/epub+zip", 0},
        {"META-INF/container.xml", container, 0},
        {"OEBPS/content.opf", book_opf, 0},
        {"OEBPS/toc.ncx", book_ncx, 0},
        {"OEBPS/title.xhtml", c[0], 0},
        {"OEBPS/c1.xhtml", c[1], 0},
        {"OEBPS/c2.xhtml", c[2], 0},
    };
    char *path = make_epub("long.epub", book, sizeof book / sizeof *book);
    CHECK(path != NULL, "cannot zip the long book");
    sah_article_t *a = path ? sah_epub_article_open(path, NULL) : NULL;
    CHECK(a != NULL, "the long book opens");
    if (a) {
        size_t len;
        const char *text = sah_article_text(a, &len);
        CHECK(strstr(text, "firstmark") && strstr(text, "secondmark") && !strstr(text, "thirdmark"),
              "chapters 1 and 2 read, 3 not");
        CHECK(sah_article_source_length(a) == strlen(c[0]) + strlen(c[1]), "source %zu",
              sah_article_source_length(a));
        sah_toc_t *toc = sah_toc_from_article(a);
        const sah_toc_entry_t *last = sah_toc_entry(toc, sah_toc_count(toc) - 1);
        CHECK(last && !strcmp(last->title, "2. Morning") && last->offset == len,
              "the chapter not read at the end: %s at %zu of %zu", last ? last->title : "-",
              last ? last->offset : 0, len);
        sah_toc_free(toc);
    }
    sah_article_free(a);
    if (path)
        unlink(path);
    for (int i = 0; i < 3; i++)
        free(c[i]);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/sahifa-test-epubarticle-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const entry_t per[] = {
        {"mimetype", "application/epub+zip", 0},
        {"META-INF/container.xml", container, 0},
        {"OEBPS/content.opf", per_opf, 0},
        {"OEBPS/nav.xhtml", per_nav, 0},
        {"OEBPS/text/a1.xhtml", a1, 0},
        {"OEBPS/text/a2.xhtml", a2, 0},
        {"OEBPS/text/a2b.xhtml", a2b, 0},
        {"OEBPS/text/a3.xhtml", a3, 0},
        {"OEBPS/images/p 1.png", png, sizeof png - 1},
    };
    char *path = make_epub("paper.epub", per, sizeof per / sizeof *per);
    CHECK(path != NULL, "cannot zip the periodical");
    char per_path[160] = "";
    if (path) {
        snprintf(per_path, sizeof per_path, "%s", path);
        test_periodical(per_path);
    }
    const entry_t book[] = {
        {"mimetype", "application/epub+zip", 0}, {"META-INF/container.xml", container, 0},
        {"OEBPS/content.opf", book_opf, 0},      {"OEBPS/toc.ncx", book_ncx, 0},
        {"OEBPS/title.xhtml", book_t, 0},        {"OEBPS/c1.xhtml", book_c1, 0},
        {"OEBPS/c2.xhtml", book_c2, 0},
    };
    path = make_epub("book.epub", book, sizeof book / sizeof *book);
    CHECK(path != NULL, "cannot zip the book");
    if (path) {
        char book_path[160];
        snprintf(book_path, sizeof book_path, "%s", path);
        test_book(book_path);
        unlink(book_path);
    }
    test_too_long();
    /* Not a zip: refused with the EPUB's line. */
    char junk[128];
    snprintf(junk, sizeof junk, "%s/junk.epub", dir);
    FILE *f = fopen(junk, "w");
    if (f) {
        fputs("not a zip archive\n", f);
        fclose(f);
    }
    sah_article_status_t st;
    CHECK(!sah_epub_article_open(junk, &st) && st == SAH_ARTICLE_ERR_IO, "junk: status %d",
          (int)st);
    sah_figure_t fig = {"OEBPS/images/p 1.png", NULL, false};
    size_t n;
    int err = 0;
    char *b = sah_figure_read(junk, &fig, 1 << 20, &n, &err);
    CHECK(!b && err == EIO, "a photo of a broken EPUB: err %d", err);
    free(b);
    unlink(junk);
    if (per_path[0])
        unlink(per_path);
    rmdir(dir);
    return t_summary("epubarticle");
}
