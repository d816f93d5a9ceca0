/*
 * fuzz-article.c - the article parser on arbitrary bytes: encoding checks
 * (UTF-8, Windows-1256 through iconv), front matter, line classification,
 * metadata, reading time, identity hash.
 *
 * The input is the file's content as is. Checked (article.h's contract):
 * a refusal says why (a status other than OK) and an article is OK; parts
 * cover the text from 0 to its end in order without gaps; shown parts hold
 * no line break and no space or tab at their ends; the text is NUL-terminated
 * strict UTF-8 (the file's own bytes when it was UTF-8); dir is "rtl" or
 * "ltr"; minutes >= 1; the hash is 64 hex digits and is the identity of the
 * text after the front matter.
 */
#include <stdbool.h>
#include <string.h>

#include "app/content/article.h"
#include "fuzz.h"
#include "render/text/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static bool is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", s[i]) || !s[i])
            return false;
    return s[64] == 0;
}

static void check_parts(const sah_article_t *a, const char *text, size_t len)
{
    size_t n = sah_article_n_parts(a), pos = 0;
    FUZZ_CHECK(n >= 1);
    for (size_t i = 0; i < n; i++) {
        const sah_part_t *p = sah_article_part(a, i);
        FUZZ_CHECK(p->start == pos && p->start < p->end && p->end <= len);
        pos = p->end;
        if (!sah_part_kind_is_shown(p->kind))
            continue;
        FUZZ_CHECK(!memchr(text + p->start, '\n', p->end - p->start));
        FUZZ_CHECK(!memchr(text + p->start, '\r', p->end - p->start));
        FUZZ_CHECK(text[p->start] != ' ' && text[p->start] != '\t');
        FUZZ_CHECK(text[p->end - 1] != ' ' && text[p->end - 1] != '\t');
    }
    FUZZ_CHECK(pos == len);
}

static void check_meta(const sah_article_meta_t *m)
{
    FUZZ_CHECK(m->dir && (!strcmp(m->dir, "rtl") || !strcmp(m->dir, "ltr")));
    FUZZ_CHECK(m->minutes >= 1);
    FUZZ_CHECK(m->hash && is_hex64(m->hash));
    FUZZ_CHECK(m->encoding == SAH_ENCODING_UTF8 || m->encoding == SAH_ENCODING_CP1256);
    FUZZ_CHECK(m->n_tags == 0 || m->tags);
    for (size_t i = 0; i < m->n_tags; i++)
        FUZZ_CHECK(m->tags[i] != NULL);
    /* Every string is read to its NUL (ASan sees an unterminated one). */
    const char *s[] = {m->title, m->source, m->date, m->lang, m->author, m->summary};
    size_t total = 0;
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        total += s[i] ? strlen(s[i]) : 0;
    for (size_t i = 0; i < m->n_tags; i++)
        total += strlen(m->tags[i]);
    (void)total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sah_article_status_t st = SAH_ARTICLE_ERR_NOMEM;
    sah_article_t *a = sah_article_new_from_bytes("fuzz.txt", (const char *)data, size, &st);
    if (!a) {
        FUZZ_CHECK(st != SAH_ARTICLE_OK && st <= SAH_ARTICLE_ERR_NOMEM);
        return 0;
    }
    FUZZ_CHECK(st == SAH_ARTICLE_OK);
    size_t len = 0;
    const char *text = sah_article_text(a, &len);
    FUZZ_CHECK(text && text[len] == 0);
    const sah_article_meta_t *m = sah_article_meta(a);
    if (m->encoding == SAH_ENCODING_UTF8)
        FUZZ_CHECK(len == size && !memcmp(text, data, size));
    uint32_t *cp = malloc((len + 1) * sizeof *cp);
    FUZZ_CHECK(cp != NULL);
    size_t bad = 0;
    sah_utf8_decode(text, len, SAH_UTF8_STRICT, cp, NULL, &bad);
    free(cp);
    FUZZ_CHECK(bad == 0);
    check_parts(a, text, len);
    check_meta(m);

    /* The identity of the text after the front matter is the article's. */
    size_t body = 0;
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        if (p->kind == SAH_PART_FRONT_MATTER)
            body = p->end;
    }
    char hex[65];
    if (sah_article_identity(text + body, len - body, hex))
        FUZZ_CHECK(!strcmp(hex, m->hash));
    sah_article_free(a);
    return 0;
}
