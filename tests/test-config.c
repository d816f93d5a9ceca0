/*
 * test-config.c - sahifa.ini and the command line (app/config.h), one line
 * per case: the file's text, the arguments, and the options expected.
 */
#include <getopt.h>
#include <unistd.h>

#include "app/config.h"
#include "testutil.h"

static const struct {
    const char *ini;  /* sahifa.ini's text; NULL: no file */
    const char *args; /* after "sahifa", split at spaces */
    bool ok;          /* sah_config_parse_args() */
    int width, height, idle;
    bool kiosk;
    const char *lang;
    size_t n_roots;
} cases[] = {
    {NULL, "", true, 800, 480, 5, false, NULL, 0},
    {"", "", true, 800, 480, 5, false, NULL, 0},
    {"width = 1024\nheight = 600\nkiosk = true\n", "", true, 1024, 600, 5, true, NULL, 0},
    /* Ranges: a bad value is ignored, the default stays. */
    {"width = 64\nheight = 16384\nidle-minutes = 1440\n", "", true, 64, 16384, 1440, false, NULL,
     0},
    {"width = 63\nheight = 16385\nidle-minutes = 0\n", "", true, 800, 480, 5, false, NULL, 0},
    {"width = -1\nheight = 1e3\nidle-minutes = 99999999999999999999\n", "", true, 800, 480, 5,
     false, NULL, 0},
    {"width =\nheight = 600 px\n", "", true, 800, 480, 5, false, NULL, 0},
    /* Flags: true, yes, 1, on; anything else is off. */
    {"kiosk = yes\n", "", true, 800, 480, 5, true, NULL, 0},
    {"kiosk = on\nkiosk = TRUE\n", "", true, 800, 480, 5, false, NULL, 0},
    /* Sections are ignored; a bad line is skipped and the rest applies. */
    {"[sahifa]\nwidth = 900\nnot a setting\nheight = 700\n", "", true, 900, 700, 5, false, NULL, 0},
    {"library = /a\nlibrary = /b\nunknown = 1\nhelp = true\n", "", true, 800, 480, 5, false, NULL,
     2},
    /* The command line wins. */
    {"width = 900\nlang = en\n", "--width 1000 --lang ar", true, 1000, 480, 5, false, "ar", 0},
    {"library = /a\n", "--library /b", true, 800, 480, 5, false, NULL, 2},
    /* A bad language in the file is ignored like any bad value (it used
     * to stop sahifa at every start); on the command line it is an error. */
    {"lang = fr\n", "", true, 800, 480, 5, false, NULL, 0},
    {"lang = en\nlang = \n", "", true, 800, 480, 5, false, "en", 0},
    /* Usage errors. */
    {NULL, "--lang fr", false, 800, 480, 5, false, NULL, 0},
    {NULL, "--width 10", false, 800, 480, 5, false, NULL, 0},
    {NULL, "a.txt b.txt", false, 800, 480, 5, false, NULL, 0},
};

static char ini_path[512];

static void write_ini(const char *text)
{
    unlink(ini_path);
    if (!text)
        return;
    FILE *f = fopen(ini_path, "w");
    CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "cannot write %s", ini_path);
}

/* Runs one case; (transfer none) argv points into @buf. */
static void run(size_t i, sah_config_t *c)
{
    char buf[256], *argv[16] = {"sahifa"};
    int argc = 1;
    snprintf(buf, sizeof buf, "%s", cases[i].args);
    for (char *tok = strtok(buf, " "); tok && argc < 15; tok = strtok(NULL, " "))
        argv[argc++] = tok;
    write_ini(cases[i].ini);
    sah_config_init(c);
    sah_config_read_ini(c, ini_path);
    optind = 0; /* glibc: a full restart of getopt for each command line */
    bool ok = sah_config_parse_args(c, argc, argv);
    CHECK(ok == cases[i].ok, "case %zu: parse expected %d, got %d", i, cases[i].ok, ok);
    CHECK(c->width == cases[i].width && c->height == cases[i].height,
          "case %zu: expected %dx%d, got %dx%d", i, cases[i].width, cases[i].height, c->width,
          c->height);
    CHECK(c->idle_minutes == cases[i].idle, "case %zu: idle expected %d, got %d", i, cases[i].idle,
          c->idle_minutes);
    CHECK(c->kiosk == cases[i].kiosk, "case %zu: kiosk expected %d", i, cases[i].kiosk);
    CHECK(cases[i].lang ? c->lang && !strcmp(c->lang, cases[i].lang) : !c->lang,
          "case %zu: lang expected %s, got %s", i, cases[i].lang ? cases[i].lang : "(none)",
          c->lang ? c->lang : "(none)");
    CHECK(c->n_roots == cases[i].n_roots, "case %zu: %zu roots, expected %zu", i, c->n_roots,
          cases[i].n_roots);
    CHECK(!c->help && !strcmp(c->fonts, "default"), "case %zu: help or fonts", i);
    sah_config_clear(c);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    char dir[400];
    snprintf(dir, sizeof dir, "%s/sahifa-config-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return SKIP;
    }
    snprintf(ini_path, sizeof ini_path, "%s/sahifa.ini", dir);
    sah_config_t c;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run(i, &c);

    /* Values kept from the file: SAH_CONFIG_MAX_INI_VALUES, the rest
     * ignored (logged), the roots array grown past its first 8. */
    char big[4096] = "";
    for (int i = 0; i < SAH_CONFIG_MAX_INI_VALUES + 6; i++)
        strcat(big, "library = /x\n");
    write_ini(big);
    sah_config_init(&c);
    sah_config_read_ini(&c, ini_path);
    CHECK(c.n_roots == SAH_CONFIG_MAX_INI_VALUES, "%zu roots kept, expected %d", c.n_roots,
          SAH_CONFIG_MAX_INI_VALUES);
    sah_config_clear(&c);
    sah_config_clear(&c); /* cleared twice: nothing left to free */

    /* --rotate: the ini's value, the command line's over it; a bad one is
     * ignored in the file and a usage error on the command line. */
    static const struct {
        const char *ini, *arg;
        bool ok;
        sah_rotate_t want;
    } rot[] = {
        {"rotate = 90\n", NULL, true, SAH_ROTATE_90},
        {"rotate = 45\n", NULL, true, SAH_ROTATE_0},
        {"rotate = 270\n", "180", true, SAH_ROTATE_180},
        {"", "-90", false, SAH_ROTATE_0},
        {"rotate = 90\n", "ninety", false, SAH_ROTATE_90},
    };
    for (size_t i = 0; i < sizeof rot / sizeof rot[0]; i++) {
        char *argv[4] = {"sahifa", "--rotate", (char *)rot[i].arg, NULL};
        write_ini(rot[i].ini);
        sah_config_init(&c);
        sah_config_read_ini(&c, ini_path);
        optind = 0;
        bool ok = sah_config_parse_args(&c, rot[i].arg ? 3 : 1, argv);
        CHECK(ok == rot[i].ok && c.rotate == rot[i].want,
              "rotate case %zu: parse %d (expected %d), rotate %d (expected %d)", i, ok, rot[i].ok,
              (int)c.rotate, (int)rot[i].want);
        sah_config_clear(&c);
    }

    /* --kashida the same way: off, moderate or strong, else refused; unset
     * (NULL) leaves the menu's saved choice. */
    static const struct {
        const char *ini, *arg;
        bool ok;
        const char *want;
    } kas[] = {
        {"", NULL, true, NULL},
        {"kashida = off\n", NULL, true, "off"},
        {"kashida = much\n", NULL, true, NULL},
        {"kashida = off\n", "strong", true, "strong"},
        {"kashida = strong\n", "none", false, "strong"},
    };
    for (size_t i = 0; i < sizeof kas / sizeof kas[0]; i++) {
        char *argv[4] = {"sahifa", "--kashida", (char *)kas[i].arg, NULL};
        write_ini(kas[i].ini);
        sah_config_init(&c);
        sah_config_read_ini(&c, ini_path);
        optind = 0;
        bool ok = sah_config_parse_args(&c, kas[i].arg ? 3 : 1, argv);
        bool same = kas[i].want ? c.kashida && !strcmp(c.kashida, kas[i].want) : !c.kashida;
        CHECK(ok == kas[i].ok && same,
              "kashida case %zu: parse %d (expected %d), kashida %s (expected %s)", i, ok,
              kas[i].ok, c.kashida ? c.kashida : "unset", kas[i].want ? kas[i].want : "unset");
        sah_config_clear(&c);
    }

    unlink(ini_path);
    rmdir(dir);
    return t_summary("config");
}
