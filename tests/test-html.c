/*
 * test-html.c - the web-page reader (app/content/html.h) on pages built
 * here: hostile ones (deep nesting, a huge attribute, broken encodings,
 * entity bombs, binary data, oversize) and the contract's promises (ranges
 * inside the source, figures' remote flag, nothing from scripts). The
 * pages in tests/data/html/ with their expected blocks are compared by
 * tests/test-html-pages.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/content/html.h"
#include "testutil.h"

static sah_html_t *parse(const char *s, size_t n, sah_html_status_t *st)
{
    return sah_html_new_from_bytes("test.html", s, n, st);
}

static const sah_html_block_t *find_role(const sah_html_t *h, sah_html_role_t role, size_t nth)
{
    for (size_t i = 0; i < sah_html_n_blocks(h); i++)
        if (sah_html_block(h, i)->role == role && nth-- == 0)
            return sah_html_block(h, i);
    return NULL;
}

static bool any_text(const sah_html_t *h, const char *needle)
{
    for (size_t i = 0; i < sah_html_n_blocks(h); i++)
        if (strstr(sah_html_block(h, i)->text, needle))
            return true;
    return false;
}

static void check_ranges(const sah_html_t *h, const char *what)
{
    size_t len;
    sah_html_source(h, &len);
    for (size_t i = 0; i < sah_html_n_blocks(h); i++) {
        const sah_html_block_t *b = sah_html_block(h, i);
        CHECK(b->start <= b->end && b->end <= len, "%s: block %zu [%zu,%zu) of %zu", what, i,
              b->start, b->end, len);
    }
}

static const char *para =
    "<p>This is a paragraph of an ordinary article, long enough to be scored, with commas, "
    "clauses, and more than a hundred characters in all.</p>\n";

static char *page_of(const char *head, const char *body, size_t reps)
{
    size_t n = strlen(head) + strlen(body) + reps * strlen(para) + 64;
    char *s = malloc(n);
    size_t k = (size_t)snprintf(s, n, "<html><head>%s</head><body><article>%s", head, body);
    for (size_t i = 0; i < reps; i++)
        k += (size_t)snprintf(s + k, n - k, "%s", para);
    snprintf(s + k, n - k, "</article></body></html>");
    return s;
}

static void test_refusals(void)
{
    sah_html_status_t st = SAH_HTML_OK;
    sah_html_free(NULL);
    CHECK(!parse("", 0, &st) && st == SAH_HTML_ERR_EMPTY, "empty: %d", st);
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    CHECK(!parse(png, sizeof png - 1, &st) && st == SAH_HTML_ERR_BINARY, "png: %d", st);
    size_t big = SAH_HTML_MAX_BYTES + 1;
    char *s = malloc(big);
    memset(s, 'a', big);
    CHECK(!parse(s, big, &st) && st == SAH_HTML_ERR_TOO_LARGE, "oversize: %d", st);
    free(s);
    CHECK(!parse("<html><body> </body></html>", 27, &st) && st == SAH_HTML_ERR_EMPTY, "no text: %d",
          st);
    CHECK(!sah_html_load("/nonexistent/page.html", &st) && st == SAH_HTML_ERR_IO, "io: %d", st);
}

/* Nesting far past the limit: the parser stops there, the page still reads. */
static void test_deep(void)
{
    size_t depth = 100000, n = depth * 11 + 200;
    char *s = malloc(n);
    size_t k = (size_t)snprintf(s, n, "<html><body><p>Before the nesting, a sentence.</p>");
    for (size_t i = 0; i < depth; i++)
        k += (size_t)snprintf(s + k, n - k, "<div>");
    k += (size_t)snprintf(s + k, n - k, "deep");
    sah_html_status_t st;
    clock_t t0 = clock();
    sah_html_t *h = parse(s, k, &st);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(h && any_text(h, "Before the nesting"), "deep nesting: %d", st);
    CHECK(secs < 20, "deep nesting took %.1f s", secs);
    if (h)
        check_ranges(h, "deep");
    sah_html_free(h);
    free(s);
}

static void test_huge_attribute(void)
{
    size_t a = 4 * 1024 * 1024;
    char *body = malloc(a + 64);
    memcpy(body, "<div title=\"", 12);
    memset(body + 12, 'x', a);
    strcpy(body + 12 + a, "\">text</div>");
    char *s = page_of("<title>A huge attribute here</title>", body, 6);
    sah_html_status_t st;
    sah_html_t *h = parse(s, strlen(s), &st);
    CHECK(h && any_text(h, "ordinary article"), "huge attribute: %d", st);
    sah_html_free(h);
    free(s);
    free(body);
}

/* Entity declarations in an internal subset: the HTML parser has no
 * internal subset, so nothing expands (no billion laughs, no XXE). */
static void test_entities(void)
{
    const char *bomb =
        "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d "
        "\"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f "
        "\"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
        "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<html><body><p>Laughs: &g; and &x; end, with &amp; and &#1575; decoded.</p></body></html>";
    sah_html_status_t st;
    sah_html_t *h = parse(bomb, strlen(bomb), &st);
    CHECK(h != NULL, "entity bomb: %d", st);
    if (h) {
        size_t total = 0;
        for (size_t i = 0; i < sah_html_n_blocks(h); i++)
            total += strlen(sah_html_block(h, i)->text);
        CHECK(total < strlen(bomb), "entities expanded: %zu bytes", total);
        CHECK(!any_text(h, "root:"), "external entity read");
        CHECK(any_text(h, "Laughs: &g; and &x; end, with & and \xD8\xA7 decoded"),
              "entities not as written");
    }
    sah_html_free(h);
}

static void test_encodings(void)
{
    sah_html_status_t st;
    /* Windows-1256 without a declaration: "مرحبا" is E3 D1 CD C8 C7. */
    const char cp[] =
        "<html><body><p>\xE3\xD1\xCD\xC8\xC7 \xC8\xC7\xE1\xDA\xC7\xE1\xE3</p></body></html>";
    sah_html_t *h = parse(cp, sizeof cp - 1, &st);
    CHECK(h && !strcmp(sah_html_meta(h)->encoding, "windows-1256"), "cp1256 guessed");
    CHECK(h && any_text(h, "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"), "cp1256 text");
    CHECK(h && find_role(h, SAH_HTML_BODY, 0)->rtl, "cp1256 rtl");
    sah_html_free(h);
    /* Declared in a <meta>: the declaration wins over the guess. */
    const char decl[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=windows-1256\"></head><body><p>\xE3\xD1\xCD\xC8\xC7</p></body></html>";
    h = parse(decl, sizeof decl - 1, &st);
    CHECK(h && !strcmp(sah_html_meta(h)->encoding, "windows-1256"), "declared cp1256");
    sah_html_free(h);
    /* Broken UTF-8, not Arabic in CP1256 either: bad bytes become U+FFFD. */
    const char bad[] = "<html><body><p>caf\xE9 ok \xE8\xE8 here</p></body></html>";
    h = parse(bad, sizeof bad - 1, &st);
    CHECK(h && any_text(h, "\xEF\xBF\xBD ok"), "repaired utf-8");
    if (h)
        check_ranges(h, "broken utf-8");
    sah_html_free(h);
    /* UTF-16 with its BOM. */
    const char u16[] = "\xFF\xFE<\0p\0>\0H\0i\0 \0t\0h\0e\0r\0e\0<\0/\0p\0>\0";
    h = parse(u16, sizeof u16 - 1, &st);
    CHECK(h && any_text(h, "Hi there"), "utf-16le: %d", st);
    sah_html_free(h);
    /* A NUL past the first KB (where every image and archive format has
     * them) is a space, not the end of the page. */
    char nul[2048];
    memset(nul, ' ', sizeof nul);
    memcpy(nul, "<html><body>", 12);
    memcpy(nul + 1500, "<p>before\0after the nul byte</p></body></html>", 47);
    h = parse(nul, 1547, &st);
    CHECK(h && any_text(h, "before after the nul"), "nul kept as a space");
    sah_html_free(h);
}

static void test_figures_and_scripts(void)
{
    char *s =
        page_of("<title>Figures of a page here</title>",
                "<script>document.write('<p>SCRIPTED TEXT</p>')</script>"
                "<figure><img src=\"https://cdn.example/a.jpg\" alt=\"remote one\">"
                "<figcaption>Remote caption</figcaption></figure>"
                "<img src=\"data:image/gif;base64,R0lGOD\" data-src=\"img/lazy.jpg\" alt=\"lazy\">"
                "<img src=\"//cdn.example/b.jpg\"><img src=\"pixel.gif\" width=\"1\" height=\"1\">",
                6);
    sah_html_status_t st;
    sah_html_t *h = parse(s, strlen(s), &st);
    CHECK(h != NULL, "figures page: %d", st);
    if (h) {
        const sah_html_block_t *a = find_role(h, SAH_HTML_FIGURE, 0),
                               *b = find_role(h, SAH_HTML_FIGURE, 1),
                               *c = find_role(h, SAH_HTML_FIGURE, 2);
        CHECK(a && a->remote && !strcmp(a->src, "https://cdn.example/a.jpg") &&
                  !strcmp(a->alt, "remote one"),
              "remote figure");
        CHECK(b && !b->remote && !strcmp(b->src, "img/lazy.jpg"), "lazy figure: %s",
              b ? b->src : "none");
        CHECK(c && c->remote && !strcmp(c->alt, ""), "scheme-relative figure");
        CHECK(!find_role(h, SAH_HTML_FIGURE, 3), "tracking pixel kept");
        const sah_html_block_t *cap = find_role(h, SAH_HTML_CAPTION, 0);
        CHECK(cap && !strcmp(cap->text, "Remote caption"), "caption");
        CHECK(!any_text(h, "SCRIPTED"), "script text shown");
        check_ranges(h, "figures");
    }
    sah_html_free(h);
    free(s);
}

int main(void)
{
    test_refusals();
    test_deep();
    test_huge_attribute();
    test_entities();
    test_encodings();
    test_figures_and_scripts();
    return t_summary("html");
}
