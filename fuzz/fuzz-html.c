/*
 * fuzz-html.c - the web-page reader on arbitrary bytes: decoding (BOM,
 * <meta charset>, UTF-8, Windows-1256, repair), libxml2's HTML parser with
 * our range-keeping callbacks, metadata (JSON-LD through jansson), scoring
 * and blocks.
 *
 * Checked (html.h's contract): a refusal says why; a page has blocks; each
 * block's range lies inside the source and its text is strict UTF-8 with
 * no line break and no space at its ends; figures have a src and an alt;
 * the metadata's dir is "rtl" or "ltr". The page as an article
 * (webarticle.h): parts that cover its text, and a map to the source that
 * stays inside it and never goes back, either way.
 */
#include <stdbool.h>
#include <string.h>

#include "app/content/html.h"
#include "app/content/webarticle.h"
#include "fuzz.h"
#include "render/text/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_text(const char *t)
{
    size_t n = strlen(t), bad = 0;
    uint32_t *cp = malloc((n + 1) * sizeof *cp);
    FUZZ_CHECK(cp != NULL);
    sah_utf8_decode(t, n, SAH_UTF8_STRICT, cp, NULL, &bad);
    free(cp);
    FUZZ_CHECK(bad == 0);
    FUZZ_CHECK(!strchr(t, '\n'));
    FUZZ_CHECK(n == 0 || (t[0] != ' ' && t[n - 1] != ' '));
}

static void check_article(const sah_html_t *h, size_t src_len)
{
    sah_article_status_t st;
    sah_article_t *a = sah_article_from_html(h, "fuzz.html", &st);
    if (!a) {
        FUZZ_CHECK(st == SAH_ARTICLE_ERR_NOMEM || st == SAH_ARTICLE_ERR_EMPTY);
        return;
    }
    size_t len, at = 0, prev_s = 0, prev_e = 0;
    sah_article_text(a, &len);
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        FUZZ_CHECK(sah_article_part(a, i)->start == at);
        at = sah_article_part(a, i)->end;
    }
    FUZZ_CHECK(at == len);
    for (size_t t = 0; t <= len; t += 1 + t / 32) {
        size_t s = sah_article_source_offset(a, t), e = sah_article_source_end(a, t);
        FUZZ_CHECK(s >= prev_s && e >= prev_e && e <= s && s <= src_len);
        FUZZ_CHECK(sah_article_text_offset(a, s) <= len);
        prev_s = s;
        prev_e = e;
    }
    size_t prev_t = 0;
    for (size_t s = 0; s <= src_len; s += 1 + s / 32) {
        size_t t = sah_article_text_offset(a, s);
        FUZZ_CHECK(t >= prev_t && t <= len);
        prev_t = t;
    }
    sah_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sah_html_status_t st = SAH_HTML_ERR_NOMEM;
    sah_html_t *h = sah_html_new_from_bytes("fuzz.html", (const char *)data, size, &st);
    if (!h) {
        FUZZ_CHECK(st != SAH_HTML_OK && st <= SAH_HTML_ERR_NOMEM);
        return 0;
    }
    FUZZ_CHECK(st == SAH_HTML_OK);
    size_t len = 0;
    const char *src = sah_html_source(h, &len);
    FUZZ_CHECK(src && src[len] == 0);
    FUZZ_CHECK(sah_html_n_blocks(h) > 0);
    for (size_t i = 0; i < sah_html_n_blocks(h); i++) {
        const sah_html_block_t *b = sah_html_block(h, i);
        FUZZ_CHECK(b->start <= b->end && b->end <= len);
        check_text(b->text);
        if (b->role == SAH_HTML_FIGURE)
            FUZZ_CHECK(b->src && b->alt && !strcmp(b->alt, b->text));
        else
            FUZZ_CHECK(!b->src && b->text[0]);
    }
    const sah_html_meta_t *m = sah_html_meta(h);
    FUZZ_CHECK(m->dir && (!strcmp(m->dir, "rtl") || !strcmp(m->dir, "ltr")));
    FUZZ_CHECK(m->encoding != NULL);
    const char *s[] = {m->title, m->byline, m->date, m->site_name, m->lang, m->excerpt};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        if (s[i])
            check_text(s[i]);
    check_article(h, len);
    sah_html_free(h);
    return 0;
}
