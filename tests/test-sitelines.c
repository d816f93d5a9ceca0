/*
 * test-sitelines.c - the site's lines of a bundle (app/content/sitelines.h):
 * the rule (3 articles and a third of them, short lines, keys not bytes,
 * once per article), bad input, and a folder's limits.
 */
#include "app/content/classify.h"
#include "app/content/lineshape.h"
#include "app/content/sitelines.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"

#define SLOGAN "الوادي .. أخبار الناس كما هي"
#define RIGHTS "المواد المنشورة ملك للموقع ولا يجوز نقلها دون إذن مكتوب"
/* 26 words: a sentence three follow-up stories may all quote. */
#define QUOTE                                                                                                                                                          \
    "وقال وزير الزراعة في مؤتمر صحفي عقده صباح اليوم إن الحكومة ماضية في خطتها لتوسيع الرقعة " \
    "الزراعية في المحافظات الجنوبية رغم شح المياه وارتفاع كلفة الأسمدة."

static bool has(const sah_sitelines_t *s, const char *line)
{
    char key[SAH_LINE_KEY_MAX];
    size_t k, n = strlen(line);
    sah_shape_t sh;
    sah_shape_of(line, n, &sh);
    return sah_sitelines_has(s, sah_classify_line_hash(line, n, sh.words, key, &k), n, sh.words);
}

static sah_sitelines_t *build(const char *const *texts, size_t n)
{
    size_t lens[16];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(texts[i]);
    return sah_sitelines_new(texts, lens, n);
}

static void test_rule(void)
{
    const char *t[] = {
        "عنوان أول\n" SLOGAN "\nفقرة أولى عن القمح.\n" QUOTE "\nمرتين في ملف\n" RIGHTS "\n",
        "عنوان ثان\r\n• " SLOGAN ":\r\nفقرة ثانية عن الماء.\r\n" QUOTE "\r\nفي اثنين\r\n" RIGHTS,
        "عنوان ثالث\n  " SLOGAN "\xC2\xA0\nفي اثنين\n" QUOTE "\nمرتين في ملف\nمرتين في ملف\n",
        "\xEF\xBB\xBF" SLOGAN "\nعنوان رابع\n" QUOTE "\n" RIGHTS "\n\xFF\xFE لا\n",
    };
    sah_sitelines_t *s = build(t, 4);
    CHECK(s != NULL, "a set of 4 texts");
    CHECK(has(s, SLOGAN), "a line in 4 of 4 (with a bullet, a colon, spaces, CR LF)");
    CHECK(has(s, "الوادي .. أخبار الناس كما هى"), "a spelling with the same key");
    CHECK(has(s, RIGHTS), "a line in 3 of 4");
    CHECK(!has(s, "في اثنين"), "a line in 2 of 4");
    CHECK(!has(s, "مرتين في ملف"), "a line 3 times in 2 files");
    CHECK(!has(s, QUOTE), "a 26-word sentence in 4 of 4 is the articles'");
    CHECK(sah_sitelines_count(s) == 2, "expected 2 site lines, got %zu", sah_sitelines_count(s));
    sah_sitelines_free(s);

    /* Two articles lose nothing. */
    s = build(t, 2);
    CHECK(s && sah_sitelines_count(s) == 0, "2 articles: expected 0, got %zu",
          sah_sitelines_count(s));
    sah_sitelines_free(s);

    /* A story saved three times is one story: its title is not the site's. */
    const char *c[] = {"عنوان واحد\n" SLOGAN "\n" QUOTE "\n", "عنوان واحد\r\n" SLOGAN "\r\n" QUOTE,
                       " عنوان واحد\n\n" SLOGAN "\n" QUOTE "\n", "عنوان آخر\n" SLOGAN "\n",
                       "عنوان ثالث\n" SLOGAN "\n"};
    s = build(c, 5);
    CHECK(!has(s, "عنوان واحد"), "a line of 3 copies of one story");
    CHECK(has(s, SLOGAN), "a line of 3 different stories and copies");
    sah_sitelines_free(s);

    /* A third: 3 of 12 stories quoting one short line is not the site. */
    char v[12][128];
    const char *u[12];
    for (int i = 0; i < 12; i++) {
        snprintf(v[i], sizeof v[i], "نص رقم %d\n%s", i,
                 i < 3   ? "قالوا: لن نتراجع\n" SLOGAN "\n"
                 : i < 4 ? SLOGAN "\n"
                         : "نص آخر\n");
        u[i] = v[i];
    }
    s = build(u, 12);
    CHECK(!has(s, "قالوا: لن نتراجع"), "a line in 3 of 12");
    CHECK(has(s, SLOGAN), "a line in 4 of 12");
    sah_sitelines_free(s);
}

static void test_bad_input(void)
{
    sah_sitelines_t *s = sah_sitelines_new(NULL, NULL, 0);
    CHECK(s && sah_sitelines_count(s) == 0, "no texts: an empty set");
    CHECK(!has(s, SLOGAN), "an empty set has nothing");
    sah_sitelines_free(s);
    CHECK(!has(NULL, SLOGAN), "no set has nothing");
    CHECK(sah_sitelines_count(NULL) == 0, "count of NULL");
    sah_sitelines_free(NULL);
    const char *t[] = {"\xFF\xFE\n\xC0\x80\n\n\n", "\xFF\xFE\n\xC0\x80\n", "\xFF\xFE\n\xC0\x80", "",
                       "\r\r\r\n\n"};
    s = build(t, 5);
    CHECK(s && sah_sitelines_count(s) == 0, "invalid UTF-8 is not counted: got %zu",
          sah_sitelines_count(s));
    sah_sitelines_free(s);
}

static void write_file(const char *dir, const char *name, const char *text, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void test_folder(void)
{
    char dir[] = "/tmp/sahifa-test-sitelines-XXXXXX", path[600];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    const char *a = SLOGAN "\nفي ثلاثة\n", *b = SLOGAN "\nفقرة\n";
    for (int i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "%d.txt", i);
        char text[256];
        snprintf(text, sizeof text, "%s%s", i < 2 ? b : a, name); /* a line of its own */
        write_file(dir, name, text, strlen(text));
    }
    write_file(dir, ".hidden.txt", a, strlen(a));
    snprintf(path, sizeof path, "%s/0.txt", dir);
    CHECK(sah_sitelines_for_article(path, NULL) == NULL, "no bundle.ini: no set");
    write_file(dir, "bundle.ini", "[bundle]\n", 9);
    sah_sitelines_t *s = sah_sitelines_for_article(path, NULL);
    CHECK(s && has(s, SLOGAN) && !has(s, "في ثلاثة") && !has(s, "فقرة"),
          "4 files: the line of 4 of them, not those of 2");
    sah_sitelines_t *again = sah_sitelines_for_article(path, s);
    CHECK(again == s, "the same folder, unchanged: the same set");
    write_file(dir, "4.txt", "فقرة\n", strlen("فقرة\n"));
    s = sah_sitelines_for_article(path, again);
    CHECK(s && has(s, "فقرة"), "a file added: the set is built again (3 of 5)");
    sah_sitelines_free(s);

    /* Past the byte budget: no set. */
    size_t big = SAH_SITELINES_MAX_BYTES / 3 + 1;
    char *junk = malloc(big);
    if (!junk)
        exit(1);
    memset(junk, 'a', big);
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "big%d.txt", i);
        write_file(dir, name, junk, big);
    }
    free(junk);
    CHECK(sah_sitelines_for_article(path, NULL) == NULL, "more than %zu bytes: no set",
          SAH_SITELINES_MAX_BYTES);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/big%d.txt", dir, i);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/0.txt", dir);

    /* Past the file cap: no set. */
    for (int i = 5; i <= SAH_SITELINES_MAX_FILES; i++) {
        char name[32], text[256];
        snprintf(name, sizeof name, "%d.txt", i);
        snprintf(text, sizeof text, "%s%s", a, name);
        write_file(dir, name, text, strlen(text));
    }
    snprintf(path, sizeof path, "%s/0.txt", dir);
    CHECK(sah_sitelines_for_article(path, NULL) == NULL, "%d files: no set",
          SAH_SITELINES_MAX_FILES + 1);
    snprintf(path, sizeof path, "%s/%d.txt", dir, SAH_SITELINES_MAX_FILES);
    unlink(path);
    snprintf(path, sizeof path, "%s/0.txt", dir);
    s = sah_sitelines_for_article(path, NULL);
    CHECK(s && has(s, SLOGAN), "%d files: a set", SAH_SITELINES_MAX_FILES);
    sah_sitelines_free(s);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
    test_rule();
    test_bad_input();
    test_folder();
    return t_summary("test-sitelines");
}
