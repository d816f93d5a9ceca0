/*
 * config.h - the sahifa executable's options: sahifa.ini first, then the
 * command line (which wins), into one struct that main.c acts on.
 *
 *   sah_config_t c;
 *   sah_config_init(&c);                       // the defaults
 *   char *ini = sah_path_dir(SAH_DIR_CONFIG, "sahifa.ini");
 *   if (ini)
 *       sah_config_read_ini(&c, ini);          // a missing file is normal
 *   free(ini);
 *   if (!sah_config_parse_args(&c, argc, argv))
 *       usage();                               // already said why
 *   ...                                        // c.width, c.kiosk, ...
 *   sah_config_clear(&c);
 *
 * sahifa.ini holds the settings among the long options as `name = value`,
 * one a line (`kiosk = true`, `width = 1024`, `library = /media/usb`,
 * repeatable like the option); sections are ignored, so none is needed. A
 * flag is on for true, yes, 1 or on and off for anything else. The options
 * that run once and exit (list, import, screenshot, dump-article,
 * dump-pages, export-bookmarks, import-bookmarks, search, find, help) and
 * the tests' headless are for the command line only: in the file each is refused with one line
 * naming the file, the line and the name, so that a kiosk still starts. An unknown name, a bad
 * value or a line that is not `name = value` is logged the same way and ignored; the rest of the
 * file still applies.
 *
 * A plain struct rather than an opaque one (house style): main.c reads a
 * dozen fields and sets one (the headless fallback's screenshot), and
 * accessors for each would say nothing more.
 */
#ifndef SAH_CONFIG_H
#define SAH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/rotate.h"

/* --width and --height, pixels. */
#define SAH_CONFIG_SIZE_MIN 64
#define SAH_CONFIG_SIZE_MAX 16384
/* --idle-minutes: a minute to a day. */
#define SAH_CONFIG_IDLE_MIN 1
#define SAH_CONFIG_IDLE_MAX (24 * 60)
/* Values kept from sahifa.ini; the line after the last is logged as an
 * error and ignored (a config file is a few lines: more is a mistake). */
#define SAH_CONFIG_MAX_INI_VALUES 64

/*
 * The options. Strings are (transfer none): a value from sahifa.ini is owned
 * by the sah_config_t and valid until sah_config_clear(); a value from the
 * command line points into argv. Every field is within its range after
 * sah_config_init(), and stays so through sah_config_read_ini() and
 * sah_config_parse_args(): a bad value is refused, the field left as it was.
 */
typedef struct {
    bool list, help, version, kiosk, stats, headless, fullscreen;
    const char *import; /* nullable: a bundle folder to copy in */
    const char **roots; /* --library folders, in order; n_roots of them */
    size_t n_roots;
    const char *file;                  /* nullable: an article to open */
    const char *screenshot;            /* nullable: PNG to write */
    const char *dump_article;          /* nullable: an article to print as JSON Lines */
    const char *dump_pages;            /* nullable: an article whose pages to print */
    const char *search;                /* nullable: a query over the library (--search) */
    const char *find;                  /* nullable: a query in @file (--find) */
    bool fold_teh_marbuta, all_forms;  /* the options of both */
    const char *lang;                  /* nullable (from the locale); else "ar" or "en" */
    const char *fonts;                 /* the article's font chain; "default" */
    const char *state_dir;             /* nullable: the store's folder, else XDG */
    const char *export_bm, *import_bm; /* nullable: bookmark files */
    int width, height;   /* the panel's, physical; SAH_CONFIG_SIZE_MIN..MAX; 800 x 480 */
    sah_rotate_t rotate; /* the panel's mounting: pages are turned; 0 */
    int idle_minutes;    /* SAH_CONFIG_IDLE_MIN..MAX; 5 */
    /* nullable: --digits (as-written, arabic, western) and --kashida (off,
     * moderate, strong), checked; when not given the reader's saved choice
     * (the menu's) applies. */
    const char *digits, *kashida;

    /* Private. */
    size_t cap_roots;
    char *owned[SAH_CONFIG_MAX_INI_VALUES]; /* strings from sahifa.ini */
    size_t n_owned;
} sah_config_t;

/* Fills @c with the defaults. */
void sah_config_init(sah_config_t *c);

/* Frees what @c owns (its sahifa.ini strings and the roots array); @c must
 * be initialized again before it is used again. */
void sah_config_clear(sah_config_t *c);

/*
 * sah_config_read_ini:
 * @path: the file, e.g. $XDG_CONFIG_HOME/sahifa/sahifa.ini.
 *
 * Applies every valid `name = value` of @path to @c. A missing file is
 * normal (nothing logged); every bad line, and every command-line-only
 * option, is logged (PATH:LINE) and skipped.
 */
void sah_config_read_ini(sah_config_t *c, const char *path);

/*
 * sah_config_parse_args:
 * Applies the command line (getopt_long: every long option, -h, and one
 * article file) to @c.
 *
 * Returns: false on a usage error (already reported on stderr).
 */
bool sah_config_parse_args(sah_config_t *c, int argc, char **argv)
    __attribute__((warn_unused_result));

#endif
