/*
 * fuzz-bundle.c - bundle.ini parsing (inih and our handler, the UTF-8 and
 * size checks, the sort key) on arbitrary bytes.
 *
 * Each input is written as bundle.ini into one temporary folder (made once,
 * on tmpfs when there is one, with three article files in it, removed at
 * exit) and the folder is opened
 * with sah_bundle_open(). Checked (bundle.h's contract): the bundle opens
 * (a broken bundle.ini only means the defaults); with a bundle.ini present
 * the status is OK or BROKEN, never NONE; a broken one leaves every default
 * (no publisher, date or language, sort by file); the name is never empty;
 * the sort is one of the four; the file list is the three files, sorted.
 */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "app/content/bundle.h"
#include "fuzz.h"

static const char *const files[] = {"01-a.txt", "02-b.TXT", "10-c.txt"};
static char dir[4096], ini[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* tmpfs: every input rewrites bundle.ini (fuzz.h). */
    fuzz_tmpdir("bundle", true, dir, sizeof dir);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        if (!f || fputs("عنوان\n", f) < 0 || fclose(f) != 0) {
            perror("fuzz-bundle: fixture");
            exit(FUZZ_SKIP);
        }
    }
    snprintf(ini, sizeof ini, "%s/bundle.ini", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(ini, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort(); /* the machine, not the input: stop the run */

    sah_bundle_t *b = sah_bundle_open(dir);
    FUZZ_CHECK(b != NULL);
    sah_bundle_ini_t st = sah_bundle_ini_status(b);
    FUZZ_CHECK(st == SAH_BUNDLE_INI_OK || st == SAH_BUNDLE_INI_BROKEN);
    if (st == SAH_BUNDLE_INI_BROKEN)
        FUZZ_CHECK(!sah_bundle_publisher(b) && !sah_bundle_date(b) && !sah_bundle_language(b) &&
                   sah_bundle_sort(b) == SAH_BUNDLE_SORT_FILE);
    FUZZ_CHECK(sah_bundle_name(b) && *sah_bundle_name(b));
    FUZZ_CHECK(sah_bundle_sort(b) <= SAH_BUNDLE_SORT_DATE_OLDEST);
    const char *opt[] = {sah_bundle_publisher(b), sah_bundle_date(b), sah_bundle_language(b)};
    for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
        FUZZ_CHECK(!opt[i] || *opt[i]); /* nullable, but never "" */
    FUZZ_CHECK(sah_bundle_n_files(b) == sizeof files / sizeof *files);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        FUZZ_CHECK(!strcmp(sah_bundle_file(b, i), files[i]));
    FUZZ_CHECK(sah_bundle_file(b, sizeof files / sizeof *files) == NULL);
    FUZZ_CHECK(!strcmp(sah_bundle_dir(b), dir));
    sah_bundle_free(b);
    return 0;
}
