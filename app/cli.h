/*
 * cli.h - what the sahifa executable does without a window: its help, the
 * library listing (--list), a bundle's import (--import), the bookmarks
 * files (--import-bookmarks, --export-bookmarks), the first screen as a PNG
 * (--screenshot), the app's models set up from the options (for the window
 * and the screenshot alike) and the --stats report. The actions print their
 * outcome (one line per problem, naming the file) and return the process's
 * exit status; app/main.c picks one and runs the window.
 */
#ifndef SAH_CLI_H
#define SAH_CLI_H

#include <stdio.h>

#include "app/config.h"
#include "app/content/library.h"
#include "app/ui/dispatch.h"
#include "app/ui/session.h"

/* The --help text, to @f. */
void sah_cli_usage(FILE *f);

/* The library of the default roots and @o's --library folders, scanned, its
 * cache in the state dir. Returns: (transfer full) it, or NULL (logged). */
sah_library_t *sah_cli_open_library(const sah_config_t *o);

/* The same for the app's screens: leaving out the files @skip names
 * (library.h; the library read again while its folders are watched), and
 * with the identity computed at the listing only of the new files
 * @persist (nullable) knows by their path (the others' by the index
 * steps: library.h's sah_library_set_identify()). */
sah_library_t *sah_cli_open_library_skipping(const sah_config_t *o, sah_library_skip_fn skip,
                                             void *user, sah_persist_t *persist);

/* --list: the library as a table on standard output. */
int sah_cli_list(const sah_config_t *o);

/* --import: @o's bundle copied into the data dir. */
int sah_cli_import(const sah_config_t *o);

/* --import-bookmarks, then --export-bookmarks (if the import went well). */
int sah_cli_bookmarks_files(const sah_config_t *o);

/* The app's models, set up from the options: the session (store, screens,
 * the first screen: @o's file or the library) and its dispatcher, and the
 * font memo beside the store (fontchain.h: fontconfig's answers, saving
 * half of a launch). */
typedef struct {
    sah_session_t *ss;    /* owned */
    sah_dispatch_t *d;    /* owned */
    char *font_memo;      /* owned, nullable: the memo's file */
    bool fonts_unchecked; /* answers from the memo not yet asked of fontconfig */
    bool file_failed;     /* @o's FILE could not be read: the library shows, with why */
} sah_cli_app_t;

/* Sets up @a (zeroed by the caller) from @o, the screens at the logical size
 * (the panel's, turned by --rotate). A FILE that cannot be read shows the
 * library with the reason in the notice band (and file_failed). False
 * (logged) when the session or the first screen could not be made;
 * sah_cli_app_clear() is due either way. */
bool sah_cli_app_init(sah_cli_app_t *a, const sah_config_t *o, const sah_dispatch_opts_t *dopts);

/* Saves the memo's new answers (fonts first used since) and frees @a's
 * parts. */
void sah_cli_app_clear(sah_cli_app_t *a);

/* Once the first page is up and the work ahead done: asks fontconfig
 * whether the memo's answers still hold (a font installed since applies from
 * the next chain on). */
void sah_cli_app_check_fonts(sah_cli_app_t *a);

/* --screenshot: @o's first screen as a PNG at @o->screenshot, as the reader
 * sees it (logical, never turned by --rotate). */
int sah_cli_screenshot(const sah_config_t *o);

/* --stats: input-to-present latencies, startup times (ms from main()), the
 * event loop's wake-ups and frames, whether fontconfig was loaded. */
typedef struct {
    double *lat; /* owned */
    size_t n_lat, cap_lat;
    double first_page_ms, init_ms, video_ms;
    unsigned long wakeups, presents;
    bool fonts_unchecked; /* the font memo's answers not checked yet */
    /* The reader's steps of work ahead, and the most new glyphs one of
     * them rendered (reader.c draws a page ahead a bounded piece a step). */
    unsigned long ahead_steps;
    unsigned long long ahead_glyphs_max;
} sah_cli_stats_t;

void sah_cli_stats_add(sah_cli_stats_t *s, double ms);
/* Prints @s (sorting its latencies) and the peak RSS to standard error. */
void sah_cli_stats_print(sah_cli_stats_t *s, const char *driver);
void sah_cli_stats_clear(sah_cli_stats_t *s);

#endif
