/*
 * test-webarticle.c - a saved web page as an article (app/content/webarticle.h)
 * and its photos' paths (app/content/figure.h):
 *
 * - tests/data/html/web-news.html, an Arabic news page of ours (menus, a
 *   share bar, related links, comments, a figure with its caption, an
 *   entity and white space collapsed inside a paragraph, an English
 *   paragraph): its parts, metadata, figure and identity; the map between
 *   its text and its source, checked character by character (each shown
 *   character of a paragraph maps to its own bytes, or to its entity, and
 *   back), monotonic, the markup between blocks mapping to the next block;
 * - the page in a folder of its own with a browser's "web-news_files/":
 *   its photo read through figure.h by the src the page wrote
 *   ("./web-news_files/khatt%20photo.jpg?v=3");
 * - pages built here: a figure without alt text (U+FFFC), a Windows-1256
 *   page (offsets into the converted source), a table row, a text article
 *   (the identity map), bad pages (one line each);
 * - sah_figure_local_path() over a table of srcs.
 *
 *   test-webarticle [PAGE.html...]  (with pages: only the map's invariants
 *   over them, and how many characters map exactly)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/content/article.h"
#include "app/content/figure.h"
#include "app/content/hash.h"
#include "app/content/webarticle.h"
#include "testutil.h"

static char tmp[256];

static sah_article_t *page(const char *html, sah_article_status_t *st)
{
    return sah_article_new_from_bytes("test.html", html, strlen(html), st);
}

/* Length of the UTF-8 character at @s. */
static size_t clen(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The map's promises over every character of @a (whose source is @src):
 * monotonic both ways, and each character that maps into its own bytes
 * (itself, or an entity) comes back to itself. Returns how many of the
 * shown characters of body-like parts map exactly; *@total counts them. */
static size_t check_map(const sah_article_t *a, const char *src, size_t src_len, const char *what,
                        size_t *total)
{
    size_t len, exact = 0, prev = 0, fails = 0;
    const char *text = sah_article_text(a, &len);
    *total = 0;
    CHECK(sah_article_source_length(a) == src_len, "%s: source length %zu, expected %zu", what,
          sah_article_source_length(a), src_len);
    for (size_t p = 0; p < sah_article_n_parts(a); p++) {
        const sah_part_t *part = sah_article_part(a, p);
        bool bodyish = part->kind == SAH_PART_BODY || part->kind == SAH_PART_HEADING ||
                       part->kind == SAH_PART_CAPTION || part->kind == SAH_PART_QUOTE ||
                       part->kind == SAH_PART_LIST_ITEM;
        for (size_t t = part->start; t < part->end; t += clen(text + t)) {
            size_t s = sah_article_source_offset(a, t), e = sah_article_source_end(a, t);
            if (s < prev || s > src_len || e > s) {
                if (fails++ < 5)
                    CHECK(false, "%s: text %zu -> source %zu (end %zu), after %zu", what, t, s, e,
                          prev);
            }
            prev = s;
            if (!bodyish || text[t] == ' ')
                continue;
            ++*total;
            size_t k = clen(text + t);
            if (s + k <= src_len && (!memcmp(src + s, text + t, k) || src[s] == '&')) {
                exact++;
                size_t back = sah_article_text_offset(a, s);
                if (back != t && fails++ < 5)
                    CHECK(false, "%s: text %zu -> source %zu -> text %zu", what, t, s, back);
            }
        }
    }
    size_t last = 0;
    for (size_t s = 0; s <= src_len; s += 1 + s / 64) {
        size_t t = sah_article_text_offset(a, s);
        if ((t < last || t > len) && fails++ < 5)
            CHECK(false, "%s: source %zu -> text %zu, after %zu", what, s, t, last);
        last = t;
    }
    CHECK(sah_article_source_offset(a, len) <= src_len &&
              sah_article_text_offset(a, src_len) == len,
          "%s: the ends", what);
    return exact;
}

static const sah_part_t *nth_part(const sah_article_t *a, sah_part_kind_t kind, size_t nth)
{
    for (size_t i = 0; i < sah_article_n_parts(a); i++)
        if (sah_article_part(a, i)->kind == kind && nth-- == 0)
            return sah_article_part(a, i);
    return NULL;
}

static bool part_is(const sah_article_t *a, const sah_part_t *p, const char *want)
{
    const char *text = sah_article_text(a, NULL);
    return p && p->end - p->start == strlen(want) && !memcmp(text + p->start, want, strlen(want));
}

static void news_page(void)
{
    char *path = t_src_path("tests/data/html/web-news.html");
    size_t src_len = 0;
    char *src = t_read_file(path, &src_len);
    sah_article_status_t st;
    sah_article_t *a = sah_article_load(path, &st);
    CHECK(a && st == SAH_ARTICLE_OK && src, "web-news.html: not loaded (%d)", (int)st);
    if (!a || !src) {
        free(path);
        free(src);
        sah_article_free(a);
        return;
    }
    size_t len;
    const char *text = sah_article_text(a, &len);
    /* Parts: cover the text, in order, without gaps. */
    size_t at = 0;
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        CHECK(p->start == at && p->end > p->start, "part %zu [%zu,%zu) after %zu", i, p->start,
              p->end, at);
        at = p->end;
        if (p->kind == SAH_PART_SPACE)
            CHECK(p->end - p->start == 1 && text[p->start] == '\n', "part %zu: a join", i);
    }
    CHECK(at == len, "parts end at %zu of %zu", at, len);
    CHECK(part_is(a, sah_article_part(a, 0), "مهرجان الخط العربي يعود إلى الإسكندرية") &&
              sah_article_part(a, 0)->kind == SAH_PART_HEADLINE,
          "the headline first");
    CHECK(part_is(a, nth_part(a, SAH_PART_BYLINE, 0), "بقلم ليلى منصور"), "byline");
    CHECK(part_is(a, nth_part(a, SAH_PART_SOURCE, 0), "جريدة الساحل"), "source");
    CHECK(part_is(a, nth_part(a, SAH_PART_CAPTION, 0),
                  "لوحة بخط الثلث من أعمال الدورة الماضية للمهرجان."),
          "caption");
    CHECK(part_is(a, nth_part(a, SAH_PART_HEADING, 0), "ورش للأطفال"), "heading");
    const sah_part_t *en = nth_part(a, SAH_PART_BODY, 3);
    CHECK(en && !en->rtl && nth_part(a, SAH_PART_BODY, 0)->rtl, "the English paragraph is ltr");
    CHECK(!strstr(text, "الرئيسية") && !strstr(text, "فيسبوك") && !strstr(text, "اقرأ") &&
              !strstr(text, "التعليقات") && !strstr(text, "الحقوق"),
          "menus, share bar, related links, comments, footer left out: %s", text);
    CHECK(strstr(text, "للجميع & مجانية") != NULL, "the entity decoded, the spaces collapsed");
    /* The figure: its part holds its alt text. */
    const sah_part_t *fp = nth_part(a, SAH_PART_FIGURE, 0);
    CHECK(sah_article_n_figures(a) == 1 && part_is(a, fp, "لوحة بخط الثلث"), "one figure");
    if (sah_article_n_figures(a) == 1) {
        const sah_figure_t *f = sah_article_figure(a, 0);
        CHECK(!strcmp(f->src, "./web-news_files/khatt%20photo.jpg?v=3") && f->alt &&
                  !strcmp(f->alt, "لوحة بخط الثلث") && !f->remote,
              "figure src %s", f->src);
    }
    /* Metadata. */
    const sah_article_meta_t *m = sah_article_meta(a);
    CHECK(m->title && !strcmp(m->title, "مهرجان الخط العربي يعود إلى الإسكندرية"), "title %s",
          m->title);
    CHECK(m->author && !strcmp(m->author, "ليلى منصور"), "author %s", m->author);
    CHECK(m->source && !strcmp(m->source, "جريدة الساحل"), "source %s", m->source);
    CHECK(m->date && !strncmp(m->date, "2024-05-20", 10), "date %s", m->date);
    CHECK(m->lang && !strcmp(m->lang, "ar") && !strcmp(m->dir, "rtl"), "lang, dir");
    CHECK(m->summary && strstr(m->summary, "ورش مفتوحة"), "summary %s", m->summary);
    CHECK(m->encoding == SAH_ENCODING_UTF8 && m->lead_start == 0 && m->lead_end == 0 &&
              m->minutes >= 1 && !m->minutes_from_publisher && m->words > 100,
          "encoding, no lead, reading time (%d min, %zu words)", m->minutes, m->words);
    /* Identity: of the source's bytes, not of the text. */
    char want[65], of_text[65];
    sah_hash_sha256_hex(src, src_len, want);
    CHECK(!strcmp(m->hash, want), "the hash is the source's");
    CHECK(sah_article_identity(text, len, of_text) && strcmp(m->hash, of_text) != 0,
          "the hash is not the text's");
    /* The map. */
    size_t total, exact = check_map(a, src, src_len, "web-news", &total);
    CHECK(exact == total, "web-news: %zu of %zu characters of the paragraphs map exactly", exact,
          total);
    /* Worked out from the file: the headline's first letter is inside its
     * <h1> (taken from og:title); a source offset in the menu above it is
     * the text's start; one in the related links, its end; the site name,
     * read from <head>, stands at the end of the date before it. */
    const char *h1 = strstr(src, "مهرجان الخط العربي يعود إلى الإسكندرية</h1>");
    CHECK(h1 && sah_article_source_offset(a, 0) == (size_t)(h1 - src), "headline -> %zu",
          sah_article_source_offset(a, 0));
    CHECK(sah_article_text_offset(a, (size_t)(strstr(src, "الرئيسية") - src)) == 0, "menu");
    CHECK(sah_article_text_offset(a, (size_t)(strstr(src, "اقرأ أيضاً") - src)) == len, "aside");
    const sah_part_t *sp = nth_part(a, SAH_PART_SOURCE, 0);
    const char *time_end = strstr(src, "2024</time>") + strlen("2024</time>");
    CHECK(sp && sah_article_source_offset(a, sp->start) == (size_t)(time_end - src) &&
              sah_article_source_offset(a, sp->end - 1) == (size_t)(time_end - src),
          "the site name at the date's end");
    /* Between blocks: the first paragraph's </p> and the markup after it
     * map back to the figure's part. */
    const char *p1_end = strstr(src, "البحر.</p>") + strlen("البحر.");
    CHECK(fp && sah_article_text_offset(a, (size_t)(p1_end - src) + 2) == fp->start,
          "markup between blocks -> the next block (%zu, figure at %zu)",
          sah_article_text_offset(a, (size_t)(p1_end - src) + 2), fp ? fp->start : 0);
    /* The photo beside a copy of the page, in its NAME_files folder. */
    char dir[300], files[320], photo[360], copy[360];
    snprintf(dir, sizeof dir, "%s/complete", tmp);
    snprintf(files, sizeof files, "%s/web-news_files", dir);
    snprintf(photo, sizeof photo, "%s/khatt photo.jpg", files);
    snprintf(copy, sizeof copy, "%s/web-news.html", dir);
    FILE *f1 = mkdir(dir, 0700) == 0 && mkdir(files, 0700) == 0 ? fopen(photo, "wb") : NULL;
    FILE *f2 = fopen(copy, "wb");
    CHECK(f1 && f2, "cannot write the copy");
    if (f1 && f2) {
        fputs("JPEG bytes", f1);
        fwrite(src, 1, src_len, f2);
    }
    if (f1)
        fclose(f1);
    if (f2)
        fclose(f2);
    size_t n = 0;
    int err = 0;
    char *bytes = sah_article_n_figures(a)
                      ? sah_figure_read(copy, sah_article_figure(a, 0), 1 << 20, &n, &err)
                      : NULL;
    CHECK(bytes && n == 10 && !memcmp(bytes, "JPEG bytes", 10), "the photo: %s",
          sah_figure_strerror(err));
    free(bytes);
    free(path);
    free(src);
    sah_article_free(a);
}

static void built_pages(void)
{
    sah_article_status_t st;
    /* A figure without alt text shows U+FFFC; a remote one is flagged. */
    sah_article_t *a =
        page("<html><body><article><h1>عنوان</h1><p>فقرة أولى طويلة بما يكفي لتكون نصا للمقال "
             "وفيها كلمات كثيرة.</p><img src=\"a.jpg\"><p>فقرة ثانية.</p><img "
             "src=\"https://example.com/b.jpg\" alt=\"b\"></article></body></html>",
             &st);
    CHECK(a && sah_article_n_figures(a) == 2, "two figures (%d)", (int)st);
    if (a && sah_article_n_figures(a) == 2) {
        CHECK(part_is(a, nth_part(a, SAH_PART_FIGURE, 0), "\xEF\xBF\xBC") &&
                  !sah_article_figure(a, 0)->alt && !sah_article_figure(a, 0)->remote,
              "no alt: U+FFFC");
        CHECK(sah_article_figure(a, 1)->remote, "remote");
    }
    sah_article_free(a);
    /* A table row: cells joined by " | ", the map still monotonic. */
    const char *tbl = "<html><body><article><h1>Table</h1><p>A paragraph long enough to be the "
                      "article, with words, commas, and more words.</p><table><tr><th>City</"
                      "th><th>Rain</th></tr><tr><td>Cairo</td><td>2 mm</td></tr><tr><td>Beirut</"
                      "td><td>9 mm</td></tr></table></article></body></html>";
    a = page(tbl, &st);
    size_t total;
    CHECK(a && strstr(sah_article_text(a, NULL), "Beirut | 9 mm"), "table row");
    if (a)
        check_map(a, tbl, strlen(tbl), "table", &total);
    sah_article_free(a);
    /* Windows-1256: offsets into the page converted to UTF-8. "سلام" is
     * E3 E1 C7 E3 in CP1256. */
    const char *cp = "<html><head><meta charset=\"windows-1256\"><title>x</title></head><body>"
                     "<p>\xD3\xE1\xC7\xE3 \xD3\xE1\xC7\xE3 \xD3\xE1\xC7\xE3</p></body></html>";
    a = page(cp, &st);
    CHECK(a && sah_article_meta(a)->encoding == SAH_ENCODING_CP1256, "cp1256 (%d)", (int)st);
    if (a) {
        size_t body = nth_part(a, SAH_PART_BODY, 0) ? nth_part(a, SAH_PART_BODY, 0)->start : 0;
        /* The paragraph starts after 70 ASCII bytes and "<p>": byte 73;
         * its second word 4 letters of 2 bytes and a space later. */
        CHECK(sah_article_source_offset(a, body) == 73 &&
                  sah_article_source_offset(a, body + 9) == 73 + 9 &&
                  sah_article_source_length(a) == strlen(cp) + 12,
              "cp1256 offsets %zu %zu, length %zu", sah_article_source_offset(a, body),
              sah_article_source_offset(a, body + 9), sah_article_source_length(a));
    }
    sah_article_free(a);
    /* A text article: the map is the identity. */
    const char *txt = "عنوان\n\nفقرة أولى.\n";
    a = sah_article_new_from_bytes("a.txt", txt, strlen(txt), &st);
    CHECK(a && sah_article_source_offset(a, 7) == 7 && sah_article_text_offset(a, 9) == 9 &&
              sah_article_source_end(a, 5) == 5 && sah_article_source_length(a) == strlen(txt),
          "text: identity");
    sah_article_free(a);
    /* Bad pages: one line naming the file, the article's status. */
    static const struct {
        const char *bytes;
        size_t n;
        sah_article_status_t st;
    } bad[] = {
        {"", 0, SAH_ARTICLE_ERR_EMPTY},
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20, SAH_ARTICLE_ERR_BINARY},
        {"<html><body><script>x()</script></body></html>", 46, SAH_ARTICLE_ERR_EMPTY},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        t_capture_begin(tmp);
        a = sah_article_new_from_bytes("bad.html", bad[i].bytes, bad[i].n, &st);
        const char *log = t_capture_end();
        const char *nl = strchr(log, '\n');
        CHECK(!a && st == bad[i].st && strstr(log, "bad.html") && nl && !nl[1],
              "bad page %zu: status %d, log %s", i, (int)st, log);
        sah_article_free(a);
    }
    CHECK(sah_article_is_web_page("a/b.HTM") && sah_article_is_web_page("x.xhtml") &&
              !sah_article_is_web_page("x.html/y") && !sah_article_is_web_page("x.txt") &&
              !sah_article_is_web_page("html"),
          "web page names");
}

/* figure.h: a src as written to the file beside the article. */
static void local_paths(void)
{
    static const struct {
        const char *src, *want; /* want NULL: no local file */
    } cases[] = {
        {"photo.jpg", "photo.jpg"},
        {"./NAME_files/photo.jpg", "NAME_files/photo.jpg"},
        {"NAME_files/./a/./b.png", "NAME_files/a/b.png"},
        {"NAME_files//a.png", "NAME_files/a.png"},
        {"khatt%20photo.jpg", "khatt photo.jpg"},
        {"%D8%B5%D9%88%D8%B1%D8%A9.jpg", "صورة.jpg"},
        {"a%2Fb.jpg", "a/b.jpg"},
        {"100%.jpg", "100%.jpg"},
        {"a%zz.jpg", "a%zz.jpg"},
        {"photo.jpg?v=3", "photo.jpg"},
        {"photo.jpg#top", "photo.jpg"},
        {"photo.jpg?x=1#y", "photo.jpg"},
        {"../photo.jpg", NULL},
        {"a/../../photo.jpg", NULL},
        {"a/../photo.jpg", NULL},
        {"%2e%2e/photo.jpg", NULL},
        {"/etc/passwd", NULL},
        {"//host/photo.jpg", NULL},
        {"http://example.com/a.jpg", NULL},
        {"HTTPS://example.com/a.jpg", NULL},
        {"ftp://example.com/a.jpg", NULL},
        {"data:image/png;base64,iVBORw0KGgo=", NULL},
        {"file:///etc/passwd", NULL},
        {"javascript:alert(1)", NULL},
        {"", NULL},
        {".", NULL},
        {"./", NULL},
        {"?v=1", NULL},
        {"a%0Ab.jpg", NULL},
        {"a%00b.jpg", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = sah_figure_local_path(cases[i].src);
        bool ok = cases[i].want ? got && !strcmp(got, cases[i].want) : !got;
        CHECK(ok, "local path of \"%s\": expected %s, got %s", cases[i].src,
              cases[i].want ? cases[i].want : "none", got ? got : "none");
        free(got);
    }
    CHECK(sah_html_src_is_remote("//cdn/x.jpg") && sah_html_src_is_remote("Http://a") &&
              !sah_html_src_is_remote("http.jpg") && !sah_html_src_is_remote("./x.jpg"),
          "remote");
}

/* The map's invariants over pages named on the command line. */
static int over_pages(int argc, char **argv)
{
    size_t all = 0, all_exact = 0;
    for (int i = 1; i < argc; i++) {
        size_t n;
        char *src = t_read_file(argv[i], &n);
        sah_article_t *a = src ? sah_article_load(argv[i], NULL) : NULL;
        if (a && sah_article_meta(a)->encoding == SAH_ENCODING_UTF8) {
            size_t total, exact = check_map(a, src, n, argv[i], &total);
            all += total;
            all_exact += exact;
            if (exact < total)
                printf("%s: %zu of %zu exact\n", argv[i], exact, total);
        }
        sah_article_free(a);
        free(src);
    }
    printf("%zu of %zu characters of paragraphs map exactly\n", all_exact, all);
    return t_summary("test-webarticle");
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return over_pages(argc, argv);
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmp, sizeof tmp, "%s/sahifa-webarticle-XXXXXX", base);
    if (!mkdtemp(tmp))
        return 1;
    news_page();
    built_pages();
    local_paths();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
    return t_summary("test-webarticle");
}
