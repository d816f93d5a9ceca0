/*
 * test-bundle.c - bundle folders and bundle.ini: good, missing, broken
 * (each a one-line message naming the file, then the defaults), and which
 * files count as articles.
 */
#include "app/content/bundle.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"

static char tmpdir[] = "/tmp/sahifa-test-bundle-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(99);
    }
}

static char *make_dir(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    mkdir(path, 0700);
    return path;
}

static bool streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Data-driven bundle.ini cases: content; expected status, name (NULL: the
 * folder's name), publisher, sort; whether one message line is expected. */
static const struct {
    const char *ini;
    sah_bundle_ini_t status;
    const char *name, *publisher;
    sah_bundle_sort_t sort;
    bool message;
} ini_cases[] = {
    {"[bundle]\nname = أخبار الأسبوع\npublisher = الشرق\nsource = الشرق\ndate = 2024-06-01\n"
     "language = ar\nsort = date\n",
     SAH_BUNDLE_INI_OK, "أخبار الأسبوع", "الشرق", SAH_BUNDLE_SORT_DATE, false},
    /* No section header: keys count as [bundle]. Other sections are ignored. */
    {"name = Plain\n[later]\nname = ignored\n", SAH_BUNDLE_INI_OK, "Plain", NULL,
     SAH_BUNDLE_SORT_FILE, false},
    {"; only a comment\n", SAH_BUNDLE_INI_OK, NULL, NULL, SAH_BUNDLE_SORT_FILE, false},
    {"[bundle]\nsort = title\n", SAH_BUNDLE_INI_OK, NULL, NULL, SAH_BUNDLE_SORT_TITLE, false},
    {"[bundle]\nsort = DATE-OLDEST\n", SAH_BUNDLE_INI_OK, NULL, NULL, SAH_BUNDLE_SORT_DATE_OLDEST,
     false},
    /* An unknown sort: one message, file order, the rest kept. */
    {"[bundle]\nname = N\nsort = random\n", SAH_BUNDLE_INI_OK, "N", NULL, SAH_BUNDLE_SORT_FILE,
     true},
    /* Broken: all defaults, even for the keys before the error. */
    {"[bundle]\nname = Half\nthis line is not ini\n", SAH_BUNDLE_INI_BROKEN, NULL, NULL,
     SAH_BUNDLE_SORT_FILE, true},
    {"[bundle\nname = x\n", SAH_BUNDLE_INI_BROKEN, NULL, NULL, SAH_BUNDLE_SORT_FILE, true},
    {"name = caf\xe9\n", SAH_BUNDLE_INI_BROKEN, NULL, NULL, SAH_BUNDLE_SORT_FILE, true},
};

static void test_ini(void)
{
    for (size_t i = 0; i < sizeof ini_cases / sizeof *ini_cases; i++) {
        char name[32], ini[1200];
        snprintf(name, sizeof name, "ini-%zu", i);
        char *dir = make_dir(name);
        write_file(dir, "a.txt", "T\n\nbody.\n");
        write_file(dir, "bundle.ini", ini_cases[i].ini);
        snprintf(ini, sizeof ini, "%s/bundle.ini", dir);
        t_capture_begin(tmpdir);
        sah_bundle_t *b = sah_bundle_open(dir);
        const char *log = t_capture_end();
        CHECK(b != NULL, "ini %zu: expected a bundle", i);
        if (!b)
            continue;
        const char *want = ini_cases[i].name ? ini_cases[i].name : name;
        CHECK(sah_bundle_ini_status(b) == ini_cases[i].status,
              "ini %zu: expected status %d, got %d; input: %s", i, ini_cases[i].status,
              sah_bundle_ini_status(b), ini_cases[i].ini);
        CHECK(streq(sah_bundle_name(b), want), "ini %zu: expected name %s, got %s", i, want,
              sah_bundle_name(b));
        CHECK(streq(sah_bundle_publisher(b), ini_cases[i].publisher),
              "ini %zu: expected publisher %s, got %s", i, ini_cases[i].publisher,
              sah_bundle_publisher(b));
        /* The cases give the source the publisher's value. */
        CHECK(streq(sah_bundle_source(b), ini_cases[i].publisher),
              "ini %zu: expected source %s, got %s", i, ini_cases[i].publisher,
              sah_bundle_source(b));
        CHECK(sah_bundle_sort(b) == ini_cases[i].sort, "ini %zu: expected sort %d, got %d", i,
              ini_cases[i].sort, sah_bundle_sort(b));
        const char *nl = strchr(log, '\n');
        if (ini_cases[i].message)
            CHECK(nl && !nl[1] && strstr(log, ini), "ini %zu: expected one line naming %s, got %s",
                  i, ini, log);
        else
            CHECK(!*log, "ini %zu: expected no message, got %s", i, log);
        CHECK(sah_bundle_n_files(b) == 1, "ini %zu: the article still listed", i);
        sah_bundle_free(b);
    }
}

static void test_files(void)
{
    char *dir = make_dir("files");
    write_file(dir, "b.txt", "x");
    write_file(dir, "A.TXT", "x");
    write_file(dir, "a.txt", "x");
    write_file(dir, ".hidden.txt", "x");
    write_file(dir, "notes.md", "x");
    write_file(dir, ".txt", "x");
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/folder.txt", dir);
    mkdir(sub, 0700);
    sah_bundle_t *b = sah_bundle_open(dir);
    CHECK(b && sah_bundle_ini_status(b) == SAH_BUNDLE_INI_NONE, "files: expected no bundle.ini");
    if (b) {
        static const char *const want[] = {"A.TXT", "a.txt", "b.txt"};
        CHECK(sah_bundle_n_files(b) == 3, "files: expected 3, got %zu", sah_bundle_n_files(b));
        for (size_t i = 0; i < 3 && i < sah_bundle_n_files(b); i++)
            CHECK(streq(sah_bundle_file(b, i), want[i]), "files: expected %s at %zu, got %s",
                  want[i], i, sah_bundle_file(b, i));
        CHECK(sah_bundle_file(b, 3) == NULL, "files: expected NULL past the end");
        CHECK(streq(sah_bundle_name(b), "files"), "files: expected the folder's name");
        CHECK(streq(sah_bundle_dir(b), dir), "files: expected the folder");
    }
    sah_bundle_free(b);
    CHECK(sah_bundle_is_bundle(dir), "files: expected a bundle");

    char *empty = make_dir("empty");
    CHECK(!sah_bundle_is_bundle(empty), "empty: expected not a bundle");
    b = sah_bundle_open(empty);
    CHECK(b && sah_bundle_n_files(b) == 0, "empty: expected an empty bundle");
    sah_bundle_free(b);

    char missing[1100];
    snprintf(missing, sizeof missing, "%s/missing", tmpdir);
    t_capture_begin(tmpdir);
    b = sah_bundle_open(missing);
    const char *log = t_capture_end();
    CHECK(!b && strstr(log, missing) && strchr(log, '\n')[1] == 0,
          "missing: expected NULL and one line naming it, got %s", log);
    CHECK(!sah_bundle_is_bundle(missing), "missing: expected not a bundle");
    sah_bundle_free(NULL);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 99;
    test_ini();
    test_files();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", tmpdir);
    printf("%d passed, %d failed\n", t_checks - t_failures, t_failures);
    return t_failures ? 1 : 0;
}
