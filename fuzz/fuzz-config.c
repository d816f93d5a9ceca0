/*
 * fuzz-config.c - sahifa.ini (inih and our handler, the number and flag
 * parsing, the cap on kept values), then a fixed command line, on arbitrary
 * bytes (config.h).
 *
 * Each input is written as sahifa.ini into one temporary folder (made once,
 * on tmpfs when there is one, removed at exit), read with
 * sah_config_read_ini(), then the command line "sahifa --height 600" is
 * applied as main() does. Checked (config.h's contract): every number is
 * within its documented range (the defaults when the file's value is not),
 * the language is none, "ar" or "en"; whatever the file, the command line
 * is accepted and wins; no article file or help comes from the file; the
 * roots are at most the kept values; every string is readable to its NUL
 * (ASan sees one that is not).
 */
#include <getopt.h>
#include <string.h>

#include "app/config.h"
#include "fuzz.h"

static char dir[4096], ini[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_tmpdir("config", true, dir, sizeof dir);
    snprintf(ini, sizeof ini, "%s/sahifa.ini", dir);
    return 0;
}

static bool in_range(int v, int lo, int hi)
{
    return v >= lo && v <= hi;
}

static void check_fields(const sah_config_t *c)
{
    FUZZ_CHECK(in_range(c->width, SAH_CONFIG_SIZE_MIN, SAH_CONFIG_SIZE_MAX));
    FUZZ_CHECK(in_range(c->height, SAH_CONFIG_SIZE_MIN, SAH_CONFIG_SIZE_MAX));
    FUZZ_CHECK(in_range(c->idle_minutes, SAH_CONFIG_IDLE_MIN, SAH_CONFIG_IDLE_MAX));
    FUZZ_CHECK(!c->lang || !strcmp(c->lang, "ar") || !strcmp(c->lang, "en"));
    FUZZ_CHECK(c->rotate == SAH_ROTATE_0 || c->rotate == SAH_ROTATE_90 ||
               c->rotate == SAH_ROTATE_180 || c->rotate == SAH_ROTATE_270);
    FUZZ_CHECK(!c->help && !c->file);
}

static void check_strings(const sah_config_t *c)
{
    const char *s[] = {c->import, c->file,      c->screenshot, c->lang,
                       c->fonts,  c->state_dir, c->export_bm,  c->import_bm};
    size_t total = 0;
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        total += s[i] ? strlen(s[i]) : 0;
    FUZZ_CHECK(c->fonts != NULL);
    FUZZ_CHECK(c->n_roots <= SAH_CONFIG_MAX_INI_VALUES && (c->n_roots == 0 || c->roots));
    for (size_t i = 0; i < c->n_roots; i++) {
        FUZZ_CHECK(c->roots[i] != NULL);
        total += strlen(c->roots[i]);
    }
    (void)total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write_file(ini, data, size);
    sah_config_t c;
    sah_config_init(&c);
    sah_config_read_ini(&c, ini);
    check_fields(&c);
    check_strings(&c);

    char arg0[] = "sahifa", arg1[] = "--height", arg2[] = "600";
    char *argv[] = {arg0, arg1, arg2, NULL};
    optind = 0; /* glibc: a full restart of getopt for each input */
    FUZZ_CHECK(sah_config_parse_args(&c, 3, argv));
    FUZZ_CHECK(c.height == 600);
    check_fields(&c);
    check_strings(&c);
    sah_config_clear(&c);
    return 0;
}
