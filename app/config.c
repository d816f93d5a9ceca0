/* config.c - see config.h. */
#include "app/config.h"

#include "app/content/iniread.h"
#include "render/text/layout.h"
#include "platform/log.h"
#include "platform/msgcat.h"
#include "platform/readfile.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sah_config_init(sah_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->width = 800;
    c->height = 480;
    c->idle_minutes = 5;
    c->fonts = "default";
}

void sah_config_clear(sah_config_t *c)
{
    for (size_t i = 0; i < c->n_owned; i++)
        free(c->owned[i]);
    free(c->roots);
    memset(c, 0, sizeof *c);
}

static bool add_root(sah_config_t *c, const char *dir)
{
    if (c->n_roots == c->cap_roots) {
        size_t nc = c->cap_roots ? c->cap_roots * 2 : 8;
        const char **r = realloc(c->roots, nc * sizeof *r);
        if (!r)
            return false;
        c->roots = r;
        c->cap_roots = nc;
    }
    c->roots[c->n_roots++] = dir;
    return true;
}

static bool parse_int(const char *name, const char *v, int lo, int hi, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi) {
        fprintf(stderr, sah_tr("sahifa: --%s: expected a number from %d to %d, got '%s'\n"), name,
                lo, hi, v);
        return false;
    }
    *out = (int)n;
    return true;
}

static bool parse_bool(const char *v)
{
    return !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on");
}

/* The UI language: "ar" or "en". Checked here, as the value is set, so that
 * a bad one in sahifa.ini is logged and ignored like any other bad value;
 * checked after both, it stopped sahifa at every start (exit 2), which for
 * the kiosk unit (Restart=always) is a blank screen restarted every 5 s for
 * a typo in a file. The command line's stays a usage error. */
static bool set_lang(sah_config_t *c, const char *v)
{
    if (strcmp(v, "ar") != 0 && strcmp(v, "en") != 0) {
        fprintf(stderr, sah_tr("sahifa: --lang: 'ar' or 'en', not '%s'\n"), v);
        return false;
    }
    c->lang = v;
    return true;
}

static bool parse_rotate(const char *v, sah_rotate_t *out)
{
    if (sah_rotate_parse(v, out))
        return true;
    fprintf(stderr, sah_tr("sahifa: --rotate: 0, 90, 180 or 270 (degrees clockwise), not '%s'\n"),
            v);
    return false;
}

/* --digits and --kashida keep the setting's static name (layout.h), which
 * the reader turns into its setting (menu.h). False, and @out as it was,
 * for another value. */
static bool parse_digits(const char *v, const char **out)
{
    int d = sah_digits_from_name(v);
    if (d >= 0) {
        *out = sah_digits_name((sah_digits_t)d);
        return true;
    }
    /* TRANSLATORS: The option's values stay as typed on the command line. */
    fprintf(stderr, sah_tr("sahifa: --digits: as-written, arabic or western, not '%s'\n"), v);
    return false;
}

static bool parse_kashida(const char *v, const char **out)
{
    int k = sah_kashida_from_name(v);
    if (k >= 0) {
        *out = sah_kashida_name((sah_kashida_t)k);
        return true;
    }
    fprintf(stderr, sah_tr("sahifa: --kashida: off, moderate or strong, not '%s'\n"), v);
    return false;
}

/* An option that takes a value, by its long name; false for an unknown
 * name or a bad value. */
static bool set_value_option(sah_config_t *c, const char *name, const char *v)
{
    if (!strcmp(name, "import"))
        c->import = v;
    else if (!strcmp(name, "library"))
        return add_root(c, v);
    else if (!strcmp(name, "screenshot"))
        c->screenshot = v;
    else if (!strcmp(name, "dump-article"))
        c->dump_article = v;
    else if (!strcmp(name, "dump-pages"))
        c->dump_pages = v;
    else if (!strcmp(name, "search"))
        c->search = v;
    else if (!strcmp(name, "find"))
        c->find = v;
    else if (!strcmp(name, "lang"))
        return set_lang(c, v);
    else if (!strcmp(name, "font-chain") || !strcmp(name, "fonts"))
        c->fonts = v; /* "fonts": the name it had first, kept as an alias */
    else if (!strcmp(name, "state-dir"))
        c->state_dir = v;
    else if (!strcmp(name, "export-bookmarks"))
        c->export_bm = v;
    else if (!strcmp(name, "import-bookmarks"))
        c->import_bm = v;
    else if (!strcmp(name, "width"))
        return parse_int(name, v, SAH_CONFIG_SIZE_MIN, SAH_CONFIG_SIZE_MAX, &c->width);
    else if (!strcmp(name, "height"))
        return parse_int(name, v, SAH_CONFIG_SIZE_MIN, SAH_CONFIG_SIZE_MAX, &c->height);
    else if (!strcmp(name, "idle-minutes"))
        return parse_int(name, v, SAH_CONFIG_IDLE_MIN, SAH_CONFIG_IDLE_MAX, &c->idle_minutes);
    else if (!strcmp(name, "rotate"))
        return parse_rotate(v, &c->rotate);
    else if (!strcmp(name, "digits"))
        return parse_digits(v, &c->digits);
    else if (!strcmp(name, "kashida"))
        return parse_kashida(v, &c->kashida);
    else
        return false;
    return true;
}

/*
 * Every option, by its long name. An action (it runs once and exits: a
 * listing, an import, a screenshot, a bookmarks file, the help) and the
 * tests' offscreen window are for the command line only: written in
 * sahifa.ini they would run at every start, and the kiosk unit
 * (Restart=always) would exit, start again 5 s later and exit again,
 * forever, for one line of a file. The file refuses them, names the line
 * and goes on.
 */
static const struct {
    const char *name;
    bool value;        /* takes a value; else a flag */
    bool command_only; /* refused in sahifa.ini */
} options[] = {
    {"list", false, true},
    {"import", true, true},
    {"library", true, false},
    {"screenshot", true, true},
    {"dump-article", true, true},
    {"dump-pages", true, true},
    {"search", true, true},
    {"find", true, true},
    {"fold-teh-marbuta", false, false},
    {"all-forms", false, false},
    {"width", true, false},
    {"height", true, false},
    {"lang", true, false},
    {"font-chain", true, false},
    {"fonts", true, false},
    {"kiosk", false, false},
    {"idle-minutes", true, false},
    {"rotate", true, false},
    {"digits", true, false},
    {"kashida", true, false},
    {"stats", false, false},
    {"headless", false, true},
    {"fullscreen", false, false},
    {"state-dir", true, false},
    {"export-bookmarks", true, true},
    {"import-bookmarks", true, true},
    {"help", false, true},
    {"version", false, true},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

/* The table's entry for @name; -1 for an unknown name. */
static int option_index(const char *name)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (!strcmp(options[i].name, name))
            return (int)i;
    return -1;
}

/* One option by its long name; @v is NULL for a flag on the command line.
 * Shared by sahifa.ini and getopt, so both know the same names. */
static bool set_option(sah_config_t *c, const char *name, const char *v)
{
    bool flag = !v || parse_bool(v);
    if (!strcmp(name, "list"))
        c->list = flag;
    else if (!strcmp(name, "kiosk"))
        c->kiosk = flag;
    else if (!strcmp(name, "stats"))
        c->stats = flag;
    else if (!strcmp(name, "headless"))
        c->headless = flag;
    else if (!strcmp(name, "fullscreen"))
        c->fullscreen = flag;
    else if (!strcmp(name, "help"))
        c->help = flag;
    else if (!strcmp(name, "version"))
        c->version = flag;
    else if (!strcmp(name, "fold-teh-marbuta"))
        c->fold_teh_marbuta = flag;
    else if (!strcmp(name, "all-forms"))
        c->all_forms = flag;
    else
        return v && set_value_option(c, name, v);
    return true;
}

/* sahifa.ini as it is read, for the messages. */
typedef struct {
    sah_config_t *c;
    const char *path;
} ini_read_t;

static int on_config(void *user, int line, const char *section, const char *name, const char *value)
{
    ini_read_t *r = user;
    sah_config_t *c = r->c;
    int i = option_index(name);
    (void)section;
    if (i >= 0 && options[i].command_only) {
        sah_log(sah_tr("%s:%d: '%s' is for the command line only (ignored)"), r->path, line, name);
        return 1;
    }
    char *v = strdup(value);
    if (!v || c->n_owned == SAH_CONFIG_MAX_INI_VALUES) {
        free(v);
        return 0;
    }
    c->owned[c->n_owned++] = v;
    if (i < 0 || !set_option(c, name, v))
        sah_log(sah_tr("%s:%d: unknown option or bad value '%s = %s' (ignored)"), r->path, line,
                name, value);
    return 1;
}

/* sahifa.ini is a few lines: a bigger file is a mistake, not read. */
#define CONFIG_MAX_BYTES ((size_t)64 * 1024)

void sah_config_read_ini(sah_config_t *c, const char *path)
{
    size_t n;
    int err;
    const char *why;
    /* Through the safe opener: a FIFO or a device at this path must not
     * hang a kiosk at every start. */
    char *text = sah_file_read(path, CONFIG_MAX_BYTES, &n, &err);
    if (!text) {
        if (err != ENOENT)
            sah_log(sah_tr("%s: cannot read: %s (ignored)"), path, sah_file_strerror(err));
        return;
    }
    ini_read_t r = {c, path};
    int line = sah_ini_parse(text, n, on_config, &r, &why);
    if (line > 0)
        sah_log(sah_tr("%s:%d: %s (ignored)"), path, line, why);
    free(text);
}

bool sah_config_parse_args(sah_config_t *c, int argc, char **argv)
{
    struct option longs[N_OPTIONS + 1];
    for (size_t i = 0; i < N_OPTIONS; i++)
        longs[i] = (struct option){options[i].name,
                                   options[i].value ? required_argument : no_argument, NULL, 0};
    longs[N_OPTIONS] = (struct option){NULL, 0, NULL, 0};
    int ch, idx;
    while ((ch = getopt_long(argc, argv, "h", longs, &idx)) != -1) {
        if (ch == 'h')
            c->help = true;
        else if (ch != 0 || !set_option(c, longs[idx].name, optarg))
            return false; /* getopt or set_option said why */
    }
    if (optind < argc)
        c->file = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, sah_tr("sahifa: unexpected argument '%s'\n"), argv[optind]);
        return false;
    }
    return true;
}
