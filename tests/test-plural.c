/*
 * test-plural.c - the plural forms of the translations against CLDR, with
 * ICU's PluralRules as the oracle: for every count n from 0 to 10000 the
 * form po/<lang>.po's Plural-Forms expression picks (platform/msgcat.h)
 * must be the form of ICU's category for n (Arabic: zero one two few many
 * other, in the .po's order; English: one other). Then through the real
 * program: `sahifa --list` of a library of n articles, in an Arabic locale
 * (LANG=ar_EG.UTF-8), ends with the count in the form of n's category for
 * n = 0, 1, 2, 3, 11, 100 (and 102, 111: past a hundred).
 *
 *   test-plural SAHIFA
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/upluralrules.h>
#include <unicode/ustring.h>

#include "platform/msgcat.h"
#include "testutil.h"

/* The catalogue's forms in the order of its Plural-Forms, by category. */
static const char *const ar_order[] = {"zero", "one", "two", "few", "many", "other"};
static const char *const en_order[] = {"one", "other"};

/* ICU's CLDR category of @n in @locale, into @out. */
static bool icu_category(UPluralRules *pr, unsigned long n, char *out, size_t size)
{
    UChar u[32];
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = uplrules_select(pr, (double)n, u, 32, &st);
    if (U_FAILURE(st) || len <= 0 || (size_t)len >= size)
        return false;
    u_austrncpy(out, u, len);
    out[len] = 0;
    return true;
}

static void check_expression(const char *lang, const char *const *order, size_t n_forms)
{
    sah_msgcat_t *c = sah_msgcat_new(lang);
    UErrorCode st = U_ZERO_ERROR;
    UPluralRules *pr = uplrules_open(lang, &st);
    CHECK(c && sah_msgcat_count(c) > 0, "%s: the catalogue is read (SAHIFA_LOCALEDIR)", lang);
    CHECK(U_SUCCESS(st), "%s: ICU's plural rules: %s", lang, u_errorName(st));
    size_t bad = 0;
    for (unsigned long n = 0; c && U_SUCCESS(st) && n <= 10000; n++) {
        char cat[16];
        int k = sah_msgcat_plural_index(c, n);
        bool ok = icu_category(pr, n, cat, sizeof cat) && k >= 0 && (size_t)k < n_forms &&
                  !strcmp(order[k], cat);
        if (!ok && bad++ < 10)
            CHECK(false, "%s: n = %lu: the .po's form %d (%s), ICU's category %s", lang, n, k,
                  k >= 0 && (size_t)k < n_forms ? order[k] : "?", cat);
    }
    CHECK(bad == 0, "%s: %zu counts of 0..10000 disagree with ICU", lang, bad);
    printf("%s: 10001 counts, %zu disagree with ICU's PluralRules\n", lang, bad);
    uplrules_close(pr);
    sah_msgcat_free(c);
}

/* The last line of --list for a library of @n articles, in Arabic, by
 * ICU's category of @n: the Arabic forms of "N articles" (po/ar.po). */
static const struct {
    const char *category, *fmt;
} ar_footer[] = {
    {"zero", "\xD9\x84\xD8\xA7 \xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xA7\xD8\xAA"}, /* لا مقالات */
    {"one", "\xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xA9 \xD9\x88\xD8\xA7\xD8\xAD\xD8\xAF\xD8\xA9"},
    /* مقالة واحدة */
    {"two", "\xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xAA\xD8\xA7\xD9\x86"}, /* مقالتان */
    {"few", "%lu \xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xA7\xD8\xAA"},     /* N مقالات */
    {"many", "%lu \xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xA9"},            /* N مقالة */
    {"other", "%lu \xD9\x85\xD9\x82\xD8\xA7\xD9\x84\xD8\xA9"},
};

static void check_list(const char *sahifa, const char *dir, UPluralRules *pr, unsigned long n)
{
    char lib[512], assets[512], cmd[2048], line[512] = "", last[512] = "", cat[16], want[128] = "";
    const char *wrap = getenv("MESON_EXE_WRAPPER") ? getenv("MESON_EXE_WRAPPER") : "";
    snprintf(lib, sizeof lib, "%s/lib-%lu", dir, n);
    snprintf(assets, sizeof assets, "%s/assets-%lu", dir, n);
    CHECK(mkdir(lib, 0700) == 0 && mkdir(assets, 0700) == 0, "mkdir %s", lib);
    for (unsigned long i = 0; i < n; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/a%lu.txt", lib, i);
        FILE *f = fopen(path, "w");
        CHECK(f && fprintf(f, "Article %lu of %lu\n\nThe body of article %lu.\n", i, n, i) > 0 &&
                  fclose(f) == 0,
              "write %s", path);
    }
    /* No bundled articles (an empty assets folder), no data folder. */
    snprintf(cmd, sizeof cmd,
             "env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ar_EG.UTF-8 SAHIFA_ASSETS_DIR='%s' "
             "XDG_DATA_HOME='%s/data' %s '%s' --list --library '%s' --state-dir '%s/st-%lu'",
             assets, dir, wrap, sahifa, lib, dir, n);
    FILE *p = popen(cmd, "r");
    while (p && fgets(line, sizeof line, p))
        memcpy(last, line, sizeof last);
    int st = p ? pclose(p) : -1;
    last[strcspn(last, "\n")] = 0;
    CHECK(st == 0, "n = %lu: sahifa --list failed (%d)", n, st);
    CHECK(icu_category(pr, n, cat, sizeof cat), "n = %lu: ICU's category", n);
    for (size_t i = 0; i < sizeof ar_footer / sizeof ar_footer[0]; i++)
        if (!strcmp(ar_footer[i].category, cat))
            snprintf(want, sizeof want, ar_footer[i].fmt, n);
    CHECK(!strcmp(last, want), "n = %lu (%s): --list says \"%s\", expected \"%s\"", n, cat, last,
          want);
    printf("n = %lu (%s): %s\n", n, cat, last);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-plural SAHIFA\n");
        return 2;
    }
    check_expression("ar", ar_order, 6);
    check_expression("en", en_order, 2);
    char dir[] = "/tmp/sahifa-plural-XXXXXX";
    UErrorCode st = U_ZERO_ERROR;
    UPluralRules *pr = uplrules_open("ar", &st);
    CHECK(mkdtemp(dir) && U_SUCCESS(st), "setup");
    if (U_SUCCESS(st) && dir[0]) {
        static const unsigned long counts[] = {0, 1, 2, 3, 11, 100, 102, 111};
        for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
            check_list(argv[1], dir, pr, counts[i]);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        CHECK(system(cmd) == 0, "rm -rf %s", dir);
    }
    uplrules_close(pr);
    return t_summary("test-plural");
}
