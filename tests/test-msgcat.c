/*
 * test-msgcat.c - platform/msgcat.h: a catalogue written by the test in
 * the .mo layout (GNU gettext manual, "The Format of GNU MO Files"), in
 * either byte order, read back (messages, contexts, plural forms by its
 * Plural-Forms, a form missing); then damaged catalogues, each of which
 * must leave every message as written, never crash or read out of the file:
 * cut short, a wrong magic, an unknown revision, a string past the end or
 * without its NUL, no header, a charset that is not UTF-8, a Plural-Forms
 * that does not parse, divides by zero or nests past the limit, a file over
 * SAH_MSGCAT_MAX_BYTES. And the environment's language by gettext's rules,
 * one data line per case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/msgcat.h"
#include "testutil.h"

static char dir[] = "/tmp/sahifa-msgcat-XXXXXX";

static size_t put_u32(unsigned char *p, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (big ? 24 - 8 * i : 8 * i));
    return 4;
}

/* The .mo of @n pairs (@orig[i] of @olen[i] bytes, @trans[i] of @tlen[i])
 * into @out, big-endian when @big. Returns its size. */
static size_t make_mo(unsigned char *out, size_t n, const char *const *orig, const size_t *olen,
                      const char *const *trans, const size_t *tlen, bool big)
{
    size_t at = 28 + 16 * n, o = 0;
    o += put_u32(out + o, 0x950412deu, big);
    o += put_u32(out + o, 0, big);
    o += put_u32(out + o, (uint32_t)n, big);
    o += put_u32(out + o, 28, big);
    o += put_u32(out + o, (uint32_t)(28 + 8 * n), big);
    o += put_u32(out + o, 0, big);
    o += put_u32(out + o, 0, big);
    for (int table = 0; table < 2; table++)
        for (size_t i = 0; i < n; i++) {
            size_t len = table ? tlen[i] : olen[i];
            const char *s = table ? trans[i] : orig[i];
            put_u32(out + 28 + 8 * n * (size_t)table + 8 * i, (uint32_t)len, big);
            put_u32(out + 28 + 8 * n * (size_t)table + 8 * i + 4, (uint32_t)at, big);
            memcpy(out + at, s, len);
            out[at + len] = 0;
            at += len + 1;
        }
    return at;
}

static void write_mo(const char *lang, const unsigned char *bytes, size_t size)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, lang);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES", dir, lang);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/sahifa.mo", dir, lang);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(bytes, 1, size, f) == size && fclose(f) == 0, "write %s", path);
}

#define HEADER_AR                                                                                  \
    "Content-Type: text/plain; charset=UTF-8\n"                                                    \
    "Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "               \
    "n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\n"

/* The test's catalogue, with @header. Returns its size in @buf. */
static size_t sample(unsigned char *buf, const char *header, bool big)
{
    /* The header, a message in a context, a plural one, a plain one (in
     * no particular order: the reader sorts them). */
    static const char plural_o[] = "%lu file\0%lu files";
    static const char plural_t[] = "zero\0one\0two\0few %lu\0many %lu"; /* "other" missing */
    const char *orig[] = {"", "ctx\004Open", plural_o, "x"};
    size_t olen[] = {0, 8, sizeof plural_o - 1, 1};
    const char *trans[] = {header, "open-in-ctx", plural_t, "ex"};
    size_t tlen[] = {strlen(header), 11, sizeof plural_t - 1, 2};
    return make_mo(buf, 4, orig, olen, trans, tlen, big);
}

static void check_good(bool big)
{
    static unsigned char buf[4096];
    write_mo("xx", buf, sample(buf, HEADER_AR, big));
    sah_msgcat_t *c = sah_msgcat_new("xx");
    const char *order = big ? "big-endian" : "little-endian";
    CHECK(c && sah_msgcat_count(c) == 3, "%s: 3 messages, got %zu", order, sah_msgcat_count(c));
    CHECK(!strcmp(sah_msgcat_get(c, NULL, "x"), "ex"), "%s: a message", order);
    CHECK(!strcmp(sah_msgcat_get(c, "ctx", "Open"), "open-in-ctx"), "%s: with context", order);
    CHECK(!strcmp(sah_msgcat_get(c, NULL, "Open"), "Open"), "%s: the context is part of it", order);
    CHECK(!strcmp(sah_msgcat_get(c, "other", "Open"), "Open"), "%s: another context", order);
    CHECK(!strcmp(sah_msgcat_get(c, NULL, "y"), "y"), "%s: none: as written", order);
    static const struct {
        unsigned long n;
        const char *want;
    } forms[] = {{0, "zero"},       {1, "one"},         {2, "two"},       {3, "few %lu"},
                 {10, "few %lu"},   {11, "many %lu"},   {99, "many %lu"}, {103, "few %lu"},
                 {111, "many %lu"}, {100, "%lu files"}, /* form 5 missing: English */
                 {102, "%lu files"}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *got = sah_msgcat_nget(c, NULL, "%lu file", "%lu files", forms[i].n);
        CHECK(!strcmp(got, forms[i].want), "%s: n = %lu: '%s', expected '%s'", order, forms[i].n,
              got, forms[i].want);
    }
    CHECK(!strcmp(sah_msgcat_nget(c, NULL, "a", "as", 1), "a") &&
              !strcmp(sah_msgcat_nget(c, NULL, "a", "as", 5), "as"),
          "%s: an untranslated plural: English", order);
    sah_msgcat_free(c);
}

/* A damaged catalogue: every message as written, one line on stderr. */
static void check_damaged(const char *what, const unsigned char *bytes, size_t size)
{
    write_mo("xx", bytes, size);
    sah_msgcat_t *c = sah_msgcat_new("xx");
    CHECK(c && sah_msgcat_count(c) == 0 && !strcmp(sah_msgcat_get(c, NULL, "x"), "x") &&
              !strcmp(sah_msgcat_nget(c, NULL, "%lu file", "%lu files", 3), "%lu files") &&
              sah_msgcat_plural_index(c, 3) == -1,
          "%s: not used", what);
    sah_msgcat_free(c);
}

static void check_damage(void)
{
    static unsigned char good[4096], bad[4096];
    size_t n = sample(good, HEADER_AR, false);
    check_damaged("empty", good, 0);
    check_damaged("cut in its header", good, 20);
    check_damaged("cut in its strings", good, n - 10);
    memcpy(bad, good, n);
    bad[0] ^= 0xFF;
    check_damaged("a wrong magic", bad, n);
    memcpy(bad, good, n);
    put_u32(bad + 4, 2u << 16, false);
    check_damaged("revision 2.0", bad, n);
    memcpy(bad, good, n);
    put_u32(bad + 8, 0x10000000u, false);
    check_damaged("more messages than bytes", bad, n);
    memcpy(bad, good, n);
    put_u32(bad + 28 + 8 * 4 + 8 + 4, 0xFFFFFFF0u, false); /* a translation's offset */
    check_damaged("a string past the end", bad, n);
    memcpy(bad, good, n);
    put_u32(bad + 28 + 8 + 0, 7, false); /* "ctx\4Open" 7 long: no NUL at its end */
    check_damaged("a string without its NUL", bad, n);
    static const char *const headers[] = {
        "Content-Type: text/plain; charset=ISO-8859-6\n" /* not UTF-8 */
        "Plural-Forms: nplurals=2; plural=n != 1;\n",
        "Content-Type: text/plain; charset=UTF-8\n", /* no Plural-Forms */
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n !!= 1;\n",
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n > 1;\n",
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=5 / n;\n",
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=9; plural=n;\n",
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n = 1;\n",
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "header %zu", i);
        check_damaged(what, good, sample(good, headers[i], false));
    }
    /* 200 parentheses: past the depth limit, refused rather than recursed. */
    char deep[600];
    int o = snprintf(deep, sizeof deep,
                     "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=");
    for (int i = 0; i < 200; i++)
        deep[o++] = '(';
    deep[o++] = 'n';
    for (int i = 0; i < 200; i++)
        deep[o++] = ')';
    snprintf(deep + o, sizeof deep - (size_t)o, ";\n");
    check_damaged("200 parentheses deep", good, sample(good, deep, false));
    /* A division by zero in the branch not taken is none (gettext's too). */
    write_mo("xx", good,
             sample(good,
                    "Content-Type: text/plain; charset=UTF-8\n"
                    "Plural-Forms: nplurals=2; plural=n == 0 ? 0 : 5 / n > 1 ? 1 : 0;\n",
                    false));
    sah_msgcat_t *c = sah_msgcat_new("xx");
    CHECK(c && sah_msgcat_plural_index(c, 0) == 0 && sah_msgcat_plural_index(c, 2) == 1 &&
              sah_msgcat_plural_index(c, 3) == 0,
          "a guarded division: %d %d %d", sah_msgcat_plural_index(c, 0),
          sah_msgcat_plural_index(c, 2), sah_msgcat_plural_index(c, 3));
    sah_msgcat_free(c);
    /* Over the size limit: refused unread. */
    size_t big = SAH_MSGCAT_MAX_BYTES + 1;
    unsigned char *huge = calloc(1, big);
    if (huge) {
        memcpy(huge, good, sample(good, HEADER_AR, false));
        check_damaged("over 1 MiB", huge, big);
        free(huge);
    }
    /* No file: nothing to say for English, English for any language. */
    sah_msgcat_t *en = sah_msgcat_new("en"), *none = sah_msgcat_new("zz");
    CHECK(en && none && !strcmp(sah_msgcat_get(none, NULL, "x"), "x") && sah_msgcat_count(en) == 0,
          "no catalogue: as written");
    sah_msgcat_free(en);
    sah_msgcat_free(none);
    CHECK(!strcmp(sah_msgcat_get(NULL, NULL, "x"), "x"), "NULL: as written");
    sah_msgcat_free(NULL);
}

static void check_env(void)
{
    static const struct {
        const char *lc_all, *lc_messages, *lang, *language, *want;
    } cases[] = {
        {NULL, NULL, NULL, NULL, "en"},
        {NULL, NULL, "ar_EG.UTF-8", NULL, "ar"},
        {NULL, NULL, "ar", NULL, "ar"},
        {NULL, NULL, "ar@latin", NULL, "ar"},
        {NULL, NULL, "fr_FR.UTF-8", NULL, "en"},
        {NULL, NULL, "tr_TR.UTF-8", NULL, "en"},
        {NULL, NULL, "en_GB.UTF-8", NULL, "en"},
        {NULL, NULL, "arn_CL.UTF-8", NULL, "en"}, /* Mapudungun, not Arabic */
        {NULL, NULL, "C", "ar", "en"},            /* LANGUAGE ignored in C */
        {NULL, NULL, "POSIX", "ar", "en"},
        {NULL, NULL, "C.UTF-8", "ar", "ar"}, /* not the C locale: gettext's rule */
        {"", "", "ar_SA.UTF-8", NULL, "ar"}, /* empty is unset */
        {"fr_FR.UTF-8", NULL, "ar_EG.UTF-8", NULL, "en"},
        {NULL, "ar_MA.UTF-8", "fr_FR.UTF-8", NULL, "ar"},
        {"C", NULL, "ar_EG.UTF-8", NULL, "en"},
        {NULL, NULL, "fr_FR.UTF-8", "fr:ar:en", "ar"},
        {NULL, NULL, "ar_EG.UTF-8", "fr:en", "en"},
        {NULL, NULL, "ar_EG.UTF-8", "", "ar"},
        {NULL, NULL, "ar_EG.UTF-8", "::de", "en"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"};
        const char *vals[] = {cases[i].lc_all, cases[i].lc_messages, cases[i].lang,
                              cases[i].language};
        for (int k = 0; k < 4; k++)
            if (vals[k])
                setenv(vars[k], vals[k], 1);
            else
                unsetenv(vars[k]);
        const char *got = sah_msgcat_env_lang();
        CHECK(!strcmp(got, cases[i].want),
              "LC_ALL=%s LC_MESSAGES=%s LANG=%s LANGUAGE=%s: %s, expected %s",
              vals[0] ? vals[0] : "-", vals[1] ? vals[1] : "-", vals[2] ? vals[2] : "-",
              vals[3] ? vals[3] : "-", got, cases[i].want);
    }
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("SAHIFA_LOCALEDIR", dir, 1);
    check_good(false);
    check_good(true);
    check_damage();
    check_env();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm -rf %s", dir);
    return t_summary("test-msgcat");
}
