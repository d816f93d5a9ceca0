/*
 * main.c - the sahifa executable: options (sahifa.ini, then the command
 * line: config.h) are parsed into a struct first, then one action runs from
 * it: the library listing, an import, a headless screenshot, or the reader's
 * window.
 *
 *   sahifa                             the library screen
 *   sahifa article.txt                 that article, at its saved place
 *   sahifa --screenshot out.png        the first screen as a PNG, no window
 *   sahifa --list                      the library as a table
 *   sahifa --library /media/usb --list with a USB stick's bundles too
 *   sahifa --import /media/usb/news    copy a bundle into the data dir
 *
 * The window is event-driven: the loop sleeps in SDL_WaitEventTimeout()
 * (sah_video_wait) and wakes only for input, for the reader's work ahead
 * (the neighbour pages, done while nothing else is waiting) and for the
 * kiosk's idle timer.
 */
#include "app/config.h"
#include "fonts/fontchain.h"
#include "app/ui/input.h"
#include "app/ui/libview.h"
#include "app/content/library.h"
#include "platform/log.h"
#include "app/ui/menu.h"
#include "platform/paths.h"
#include "app/store/persist.h"
#include "render/raster/pngfile.h"
#include "app/ui/reader.h"
#include "platform/rotate.h"
#include "app/ui/session.h"
#include "app/store/store.h"
#include "app/ui/ui.h"
#include "platform/video.h"
#include "platform/readfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { EXIT_USAGE = 2, EXIT_NO_DISPLAY = 3 };

static void usage(FILE *f)
{
    fputs("Usage: sahifa [OPTION]... [FILE.txt]\n"
          "An offline Arabic news reader. Without FILE, opens the library.\n"
          "\n"
          "  --screenshot OUT.png  render the first screen (library, or FILE's page) to a PNG\n"
          "                        without opening a window, and exit\n"
          "  --width N, --height N window or screenshot size (default 800x480)\n"
          "  --rotate 0|90|180|270 a panel mounted turned: pages are laid out for the\n"
          "                        turned size (800x480 turned 90 reads as 480x800) and\n"
          "                        shown turned clockwise by this angle; taps and swipes\n"
          "                        follow; a screenshot is the page as read (480x800)\n"
          "  --lang ar|en          UI language (default: from the locale, else Arabic)\n"
          "  --fonts SPEC          the article's fonts: \"default\", or families and\n"
          "                        font files separated by commas\n"
          "  --fullscreen          start fullscreen (F11 toggles)\n"
          "  --kiosk               fullscreen; quit only with Ctrl+Alt+Shift+Q; settings\n"
          "                        but the font size locked; back to the library after\n"
          "                        --idle-minutes\n"
          "  --idle-minutes N      kiosk idle timeout (default 5)\n"
          "  --stats               print input-to-present latency, startup time and\n"
          "                        peak memory on exit\n"
          "  --headless            run the window on SDL's offscreen driver (tests)\n"
          "  --state-dir DIR       where positions, bookmarks and settings are kept\n"
          "  --export-bookmarks FILE  write every bookmark as JSON Lines (- for stdout)\n"
          "  --import-bookmarks FILE  add the bookmarks of FILE (written by --export-bookmarks)\n"
          "  --list                print the library (every article found) as a table\n"
          "  --import DIR          copy the bundle DIR into your data dir, atomically\n"
          "  --library DIR         also read the bundles in DIR (repeatable), e.g. a USB stick\n"
          "  -h, --help            show this help\n"
          "\n"
          "Every setting can also be set in $XDG_CONFIG_HOME/sahifa/sahifa.ini as\n"
          "`name = value` (`kiosk = true`); the command line wins. The actions that\n"
          "run once and exit, and --headless, are refused there (one line each).\n"
          "Keys in the reader:\n"
          "Left/Right turn pages (Left is forward in Arabic), PageDown/Space, PageUp/\n"
          "Backspace, Home/End, B bookmark (or a long press), +/- font size, T theme,\n"
          "M or Enter the menu (settings, bookmarks, go to page, start, end; a tap in\n"
          "the middle of the page too), L the bookmarks list, G go to page, Esc back,\n"
          "F11 fullscreen, Ctrl+Q quit. In the menus: Up/Down choose, Left/Right or\n"
          "+/- change, Enter selects, Esc goes back. SDL_VIDEODRIVER=kmsdrm runs\n"
          "without a desktop.\n",
          f);
}

/* ---- options (config.h) ------------------------------------------------ */

/* The UI language from the locale: English for an English locale, else
 * Arabic (the C locale of a fresh Pi image included: this is an Arabic
 * reader). */
static const char *locale_lang(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return !strncmp(v, "en", 2) ? "en" : "ar";
    }
    return "ar";
}

/* ---- --list and --import (issue 5) -------------------------------------- */

/* Pads or cuts @s to @width code points (terminals give Arabic and Latin
 * letters one cell each; combining marks are rare in these columns). @s is
 * escaped already (esc()). */
static void print_cell(const char *s, size_t width)
{
    size_t cps = 0, i = 0;
    s = s ? s : "-";
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cps == width)
            break;
        cps++;
    }
    printf("%.*s%*s  ", (int)i, s, (int)(width - cps), "");
}

static void format_size(uint64_t n, char *buf, size_t size)
{
    if (n < 1024)
        snprintf(buf, size, "%uB", (unsigned)n);
    else if (n < (uint64_t)1024 * 1024)
        snprintf(buf, size, "%.1fK", (double)n / 1024);
    else
        snprintf(buf, size, "%.1fM", (double)n / (1024 * 1024));
}

/* @s with its control characters made visible (log.h): titles and paths
 * come from files anyone may have written, and an ESC would drive the
 * terminal. Returns (transfer full) a string, or NULL for NULL and when
 * out of memory ("-" is printed then). */
static char *esc(const char *s)
{
    return s ? sah_escape(s) : NULL;
}

static void print_table(const sah_library_t *lib)
{
    size_t dups = 0;
    printf("%4s  %-7s  %-10s  %6s  %-12s  %-12s  %-14s  %-20s  %s\n", "#", "time", "date", "size",
           "encoding", "hash", "bundle", "source", "title  (path)");
    for (size_t i = 0; i < sah_library_n_entries(lib); i++) {
        const sah_library_entry_t *e = sah_library_entry(lib, i);
        char time[16], size[16], hash[13];
        /* "~" marks our estimate; the publisher's own figure stands bare. */
        snprintf(time, sizeof time, "%s%d min", e->minutes_from_publisher ? "" : "~", e->minutes);
        format_size(e->size, size, sizeof size);
        snprintf(hash, sizeof hash, "%.12s", e->hash);
        char *date = esc(e->date), *bundle = esc(e->bundle), *source = esc(e->source);
        char *title = esc(e->title), *path = esc(e->path);
        printf("%4zu  %-7s  ", i + 1, time);
        print_cell(date, 10);
        printf("%6s  %-12s  %s  ", size, e->encoding, hash);
        print_cell(bundle, 14);
        print_cell(source, 20);
        printf("%s  (%s)\n", title ? title : "-", path ? path : "-");
        free(date);
        free(bundle);
        free(source);
        free(title);
        free(path);
        dups += e->copies - 1;
    }
    printf("%zu articles", sah_library_n_entries(lib));
    if (dups)
        printf(", %zu duplicate files listed once", dups);
    if (sah_library_n_problems(lib))
        printf(", %zu files could not be read (see above)", sah_library_n_problems(lib));
    printf("\n");
}

/* The cache lives in the state dir; without one the library still opens. */
static char *cache_path(void)
{
    char *dir = sah_path_dir(SAH_DIR_STATE, NULL);
    char *path = NULL;
    if (dir && sah_path_ensure_dir(dir))
        path = sah_library_default_cache_path();
    else if (dir)
        fprintf(stderr, "sahifa: %s: cannot create; the library is not cached\n", dir);
    free(dir);
    return path;
}

/* Returns: (transfer full) the scanned library, or NULL (logged). */
static sah_library_t *open_library(const sah_config_t *o)
{
    char *cache = cache_path();
    sah_library_t *lib = sah_library_new(cache);
    bool ok = lib && sah_library_add_default_roots(lib);
    for (size_t i = 0; ok && i < o->n_roots; i++)
        ok = sah_library_add_root(lib, o->roots[i]);
    ok = ok && sah_library_scan(lib);
    free(cache);
    if (!ok) {
        fprintf(stderr, "sahifa: out of memory reading the library\n");
        sah_library_free(lib);
        return NULL;
    }
    return lib;
}

static int run_list(const sah_config_t *o)
{
    sah_library_t *lib = open_library(o);
    if (!lib)
        return EXIT_FAILURE;
    print_table(lib);
    sah_library_free(lib);
    return EXIT_SUCCESS;
}

static int run_import(const sah_config_t *o)
{
    char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles"), *dest = NULL;
    int status = EXIT_FAILURE;
    if (!bundles) {
        fprintf(stderr, "sahifa: no data dir: set HOME or XDG_DATA_HOME\n");
        return status;
    }
    if (sah_library_import(o->import, bundles, NULL, NULL, &dest)) {
        char *shown = sah_escape(dest);
        printf("imported %s\n", shown ? shown : dest);
        free(shown);
        status = EXIT_SUCCESS;
    }
    free(dest);
    free(bundles);
    return status;
}

/* ---- bookmarks files (the store's JSON Lines, docs/bookmarks-format.md) ---- */

static sah_store_t *open_store(const sah_config_t *o)
{
    char *path = NULL;
    if (o->state_dir) {
        if (!sah_path_ensure_dir(o->state_dir))
            fprintf(stderr, "sahifa: %s: cannot create the state dir\n", o->state_dir);
        path = sah_path_join(o->state_dir, SAH_STORE_FILENAME);
    }
    sah_store_t *st = sah_store_open(path, NULL);
    free(path);
    return st;
}

/* Adds the bookmarks of @file ("-": standard input). A file is read whole
 * through the safe reader (readfile.h: a FIFO or a device is refused, not
 * waited on or read forever), so that nothing is parsed from a file that
 * changed half-way. */
static int import_bookmarks(sah_store_t *st, const char *file)
{
    sah_store_import_report_t rep;
    sah_store_err_t e;
    /* "N added" is a promise that they are on disk: not while the store
     * runs in memory (another sahifa holds it, the disk cannot be
     * written). */
    if (sah_store_save_error(st) != SAH_STORE_OK) {
        fprintf(stderr, "sahifa: %s: nothing imported: %s\n", file,
                sah_store_notice(st) ? sah_store_notice(st)
                                     : sah_store_strerror(sah_store_save_error(st)));
        return EXIT_FAILURE;
    }
    if (!strcmp(file, "-")) {
        e = sah_store_import_bookmarks(st, stdin, "(stdin)", &rep);
    } else {
        size_t len;
        int err;
        char *bytes = sah_file_read(file, SAH_STORE_MAX_IMPORT_BYTES, &len, &err);
        if (!bytes) {
            if (err == SAH_FILE_ERR_TOO_LARGE)
                fprintf(stderr, "sahifa: %s: nothing imported: larger than %zu MiB\n", file,
                        SAH_STORE_MAX_IMPORT_BYTES >> 20);
            else
                fprintf(stderr, "sahifa: %s: nothing imported: %s\n", file, sah_file_strerror(err));
            return EXIT_FAILURE;
        }
        /* fmemopen() may refuse an empty buffer: give it the NUL after the
         * bytes, which reads as one blank line. */
        FILE *in = fmemopen(bytes, len ? len : 1, "r");
        e = in ? sah_store_import_bookmarks(st, in, file, &rep) : SAH_STORE_ERR_NOMEM;
        if (in)
            fclose(in);
        free(bytes);
    }
    if (e != SAH_STORE_OK) {
        fprintf(stderr, "sahifa: %s: nothing imported: %s\n", file, sah_store_strerror(e));
        return EXIT_FAILURE;
    }
    printf("%zu bookmarks added, %zu already there, %zu rejected\n", rep.added, rep.skipped,
           rep.rejected);
    return EXIT_SUCCESS;
}

static int export_bookmarks(sah_store_t *st, const char *file)
{
    size_t n = 0;
    sah_store_err_t e;
    /* A store that could not be read at all (a newer sahifa's, a damaged
     * one left in place) is an empty copy: exporting it would say "0
     * bookmarks" of a file that holds some. */
    sah_store_err_t why = sah_store_save_error(st);
    if (sah_store_status(st) == SAH_STORE_MEMORY_ONLY &&
        (why == SAH_STORE_ERR_FORMAT || why == SAH_STORE_ERR_CORRUPT)) {
        fprintf(stderr, "sahifa: %s: not written: %s\n", file, sah_store_notice(st));
        return EXIT_FAILURE;
    }
    if (!strcmp(file, "-"))
        e = sah_store_export_bookmarks(st, stdout, &n);
    else
        e = sah_store_export_bookmarks_file(st, file, &n);
    if (e != SAH_STORE_OK) {
        fprintf(stderr, "sahifa: %s: not written%s: %s\n", file,
                strcmp(file, "-") != 0 ? " (a file already there is left as it was)" : "",
                e == SAH_STORE_ERR_FULL       ? "the disk is full"
                : e == SAH_STORE_ERR_READONLY ? "the folder cannot be written"
                : e == SAH_STORE_ERR_NOMEM    ? "out of memory"
                                              : "a read or write failed (see above)");
        return EXIT_FAILURE;
    }
    if (strcmp(file, "-") != 0)
        fprintf(stderr, "sahifa: %zu bookmarks written to %s\n", n, file);
    return EXIT_SUCCESS;
}

static int run_bookmarks_files(const sah_config_t *o)
{
    sah_store_t *st = open_store(o);
    int status = EXIT_SUCCESS;
    if (!st)
        return EXIT_FAILURE;
    if (o->import_bm)
        status = import_bookmarks(st, o->import_bm);
    if (o->export_bm && status == EXIT_SUCCESS)
        status = export_bookmarks(st, o->export_bm);
    sah_store_free(st);
    return status;
}

/* ---- the reader application --------------------------------------------- */

typedef enum { SCREEN_LIBRARY, SCREEN_READER, SCREEN_MENU } screen_t;

typedef struct {
    const sah_config_t *o;
    double t_start;    /* main() entered, ms */
    sah_session_t *ss; /* owned: store, screens, the open article */
    /* (transfer none) the session's parts, for brevity */
    sah_ui_t *ui;
    sah_persist_t *persist;
    sah_libview_t *libview;
    sah_reader_t *reader;
    sah_menu_t *menu; /* over the reader: settings, bookmarks, go to page */
    sah_video_t *video;
    screen_t screen;
    int width, height;
    sah_gesture_t gesture;
    uint64_t shown; /* serial of what is on screen */
    bool quit;
    double last_input;    /* for the kiosk's idle return */
    char *font_memo;      /* owned, nullable: the font memo file (fontchain.h) */
    bool fonts_unchecked; /* answers from the memo not yet asked of fontconfig */
    /* --stats */
    double *lat;
    size_t n_lat, cap_lat;
    double first_page_ms, init_ms, video_ms; /* from t_start */
} app_t;

/* The font memo (fontchain.h) sits beside the store: it is a cache of
 * fontconfig's answers that saves half of a launch. */
static void font_memo_load(app_t *a, const sah_config_t *o)
{
    a->font_memo = o->state_dir ? sah_path_join(o->state_dir, "fonts.memo")
                                : sah_path_dir(SAH_DIR_STATE, "fonts.memo");
    a->fonts_unchecked = a->font_memo && sah_font_memo_load(a->font_memo) > 0;
}

static void font_memo_save(app_t *a)
{
    /* The store has made its folder by now (or failed to, and said so). */
    if (a->font_memo && sah_font_memo_dirty())
        (void)sah_font_memo_save(a->font_memo);
}

/* Opens @path at its saved place. False (logged) if it cannot be read. */
static bool open_article(app_t *a, const char *path)
{
    if (!sah_session_open_article(a->ss, path))
        return false;
    a->screen = SCREEN_READER;
    return true;
}

static void to_library(app_t *a)
{
    (void)sah_session_close_article(a->ss); /* logged */
    a->screen = SCREEN_LIBRARY;
    a->shown = 0;
}

/* The picture of the current screen. */
static const sah_pagebuf_t *current_frame(app_t *a, uint64_t *serial)
{
    if (a->screen == SCREEN_READER) {
        const sah_pagebuf_t *f = sah_reader_frame(a->reader);
        *serial = sah_reader_serial(a->reader) * 3 + 1;
        return f;
    }
    if (a->screen == SCREEN_MENU) {
        const sah_pagebuf_t *f = sah_menu_frame(a->menu);
        *serial = (uint64_t)sah_menu_serial(a->menu) * 3 + 2;
        return f;
    }
    const sah_pagebuf_t *f = sah_libview_frame(a->libview);
    *serial = (uint64_t)sah_libview_serial(a->libview) * 3;
    return f;
}

static void record_latency(app_t *a, double ms)
{
    if (a->n_lat == a->cap_lat) {
        size_t nc = a->cap_lat ? a->cap_lat * 2 : 256;
        double *l = realloc(a->lat, nc * sizeof *l);
        if (!l)
            return;
        a->lat = l;
        a->cap_lat = nc;
    }
    a->lat[a->n_lat++] = ms;
}

/* Shows the current screen if it changed (or @force). @t_input: when the
 * input that caused it was taken, 0 if none. */
static void present(app_t *a, bool force, double t_input)
{
    uint64_t serial;
    sah_session_update_notice(a->ss); /* the menu's writes too */
    const sah_pagebuf_t *f = current_frame(a, &serial);
    if (!f || (!force && serial == a->shown))
        return;
    size_t stride;
    const uint32_t *px = sah_pagebuf_argb(f, &stride);
    if (!sah_video_present(a->video, px, stride, sah_pagebuf_width(f), sah_pagebuf_height(f)))
        return;
    a->shown = serial;
    double now = sah_video_now_ms();
    if (a->first_page_ms == 0)
        a->first_page_ms = now - a->t_start;
    if (t_input > 0)
        record_latency(a, now - t_input);
}

static void change_settings(app_t *a, sah_action_t act)
{
    sah_reader_settings_t s;
    sah_reader_settings(a->reader, &s);
    if (act == SAH_ACT_FONT_UP)
        s.font_step++;
    else if (act == SAH_ACT_FONT_DOWN)
        s.font_step--;
    else if (act == SAH_ACT_THEME)
        s.theme = (sah_theme_id_t)((s.theme + 1) % SAH_THEME_COUNT);
    (void)sah_session_set_settings(a->ss, &s); /* logged */
}

/* Opens a menu screen over the reader. */
static void open_menu(app_t *a, sah_menu_mode_t mode)
{
    if (sah_menu_open(a->menu, mode, a->reader, a->persist, sah_session_hash(a->ss)))
        a->screen = SCREEN_MENU;
}

static void menu_result(app_t *a, sah_menu_result_t res)
{
    if (res == SAH_MENU_RES_CLOSED) {
        a->screen = SCREEN_READER;
        (void)sah_session_save_position(a->ss); /* logged */
    } else if (res == SAH_MENU_RES_LIBRARY) {
        a->screen = SCREEN_READER;
        to_library(a);
    }
}

static void reader_action(app_t *a, sah_action_t act)
{
    bool kiosk = a->o->kiosk;
    switch (act) {
    case SAH_ACT_NEXT:
    case SAH_ACT_PREV:
    case SAH_ACT_HOME:
    case SAH_ACT_END:
        (void)sah_session_turn(a->ss, act);
        break;
    case SAH_ACT_FONT_UP:
    case SAH_ACT_FONT_DOWN:
        change_settings(a, act);
        break;
    case SAH_ACT_THEME:
        if (!kiosk)
            change_settings(a, act);
        break;
    case SAH_ACT_BOOKMARK:
        (void)sah_session_toggle_bookmark(a->ss, NULL); /* logged */
        break;
    case SAH_ACT_BACK:
        to_library(a);
        break;
    case SAH_ACT_MENU:
        open_menu(a, SAH_MENU_MODE_MAIN);
        break;
    case SAH_ACT_BOOKMARKS:
        open_menu(a, SAH_MENU_MODE_BOOKMARKS);
        break;
    case SAH_ACT_GOTO:
        open_menu(a, SAH_MENU_MODE_GOTO);
        break;
    default:
        break;
    }
}

static void library_action(app_t *a, sah_action_t act, const sah_event_t *ev)
{
    if (ev->type == SAH_EV_KEY) {
        switch (ev->key) {
        case SAH_KEY_UP:
            sah_libview_move(a->libview, -1);
            return;
        case SAH_KEY_DOWN:
            sah_libview_move(a->libview, 1);
            return;
        case SAH_KEY_PAGEUP:
            sah_libview_move(a->libview, -4);
            return;
        case SAH_KEY_PAGEDOWN:
            sah_libview_move(a->libview, 4);
            return;
        case SAH_KEY_HOME:
            sah_libview_move(a->libview, -(long)sah_libview_rows(a->libview));
            return;
        case SAH_KEY_END:
            sah_libview_move(a->libview, (long)sah_libview_rows(a->libview));
            return;
        case SAH_KEY_ENTER:
        case SAH_KEY_LEFT: /* forward, in Arabic */
            act = SAH_ACT_MENU;
            break;
        case SAH_KEY_ESCAPE:
        case SAH_KEY_Q:
            /* A single key quits on a desktop, never in a kiosk. */
            if (!a->o->kiosk)
                a->quit = true;
            return;
        default:
            break;
        }
    }
    if (act == SAH_ACT_MENU && sah_libview_selected(a->libview)) {
        char *path = strdup(sah_libview_selected(a->libview));
        if (path && !open_article(a, path))
            fprintf(stderr, "sahifa: %s: cannot open (see above)\n", path);
        free(path);
    } else if (act == SAH_ACT_THEME && !a->o->kiosk) {
        change_settings(a, act);
    }
}

static int min_swipe(const app_t *a)
{
    return sah_ui_px(a->ui, 60);
}

static void on_pointer_up(app_t *a, const sah_event_t *ev)
{
    sah_gesture_kind_t k = sah_gesture_up(&a->gesture, ev->x, ev->y, ev->t_ms, min_swipe(a));
    if (a->screen == SCREEN_MENU) {
        if (k == SAH_GESTURE_TAP || k == SAH_GESTURE_LONG_PRESS)
            menu_result(a, sah_menu_tap(a->menu, ev->x, ev->y));
        return;
    }
    if (a->screen == SCREEN_READER) {
        reader_action(a,
                      sah_action_for_gesture(k, &a->gesture, a->width, sah_reader_rtl(a->reader)));
        return;
    }
    if (k == SAH_GESTURE_TAP || k == SAH_GESTURE_LONG_PRESS) {
        long row = sah_libview_hit(a->libview, ev->x, ev->y);
        if (row >= 0 && sah_libview_select(a->libview, (size_t)row))
            library_action(a, SAH_ACT_MENU, ev);
    } else if (k == SAH_GESTURE_SWIPE_LEFT || k == SAH_GESTURE_SWIPE_RIGHT) {
        /* nothing sideways on a list */
    }
}

static void resize(app_t *a, int w, int h)
{
    if (w == a->width && h == a->height)
        return;
    /* Refused (logged): the screens keep the old size, drawn scaled. */
    (void)sah_session_resize(a->ss, w, h);
    sah_session_size(a->ss, &a->width, &a->height);
    a->shown = 0;
}

/* The kiosk's quit: all of Ctrl, Alt and Shift with Q, not one stray key. */
static bool kiosk_chord(const sah_event_t *ev)
{
    return ev->type == SAH_EV_KEY && ev->key == SAH_KEY_Q &&
           ev->mods == (SAH_MOD_CTRL | SAH_MOD_ALT | SAH_MOD_SHIFT);
}

static void handle(app_t *a, const sah_event_t *ev)
{
    sah_action_t act = SAH_ACT_NONE;
    switch (ev->type) {
    case SAH_EV_QUIT:
        a->quit = true;
        return;
    case SAH_EV_RESIZE:
        resize(a, ev->x, ev->y);
        return;
    case SAH_EV_EXPOSE:
        a->shown = 0;
        return;
    case SAH_EV_FOCUS_LOST:
        (void)sah_session_suspend(a->ss); /* logged */
        return;
    case SAH_EV_POINTER_DOWN:
        sah_gesture_down(&a->gesture, ev->x, ev->y, ev->t_ms);
        return;
    case SAH_EV_POINTER_MOVE:
        sah_gesture_move(&a->gesture, ev->x, ev->y);
        return;
    case SAH_EV_POINTER_UP:
        on_pointer_up(a, ev);
        return;
    case SAH_EV_WHEEL:
        if (a->screen == SCREEN_READER)
            reader_action(a, sah_action_for_wheel(ev->wheel));
        else if (a->screen == SCREEN_MENU)
            menu_result(a, sah_menu_wheel(a->menu, ev->wheel));
        else
            sah_libview_scroll(a->libview, -ev->wheel);
        return;
    case SAH_EV_KEY:
        break;
    default:
        return;
    }
    if (a->o->kiosk ? kiosk_chord(ev) : (ev->key == SAH_KEY_Q && (ev->mods & SAH_MOD_CTRL))) {
        a->quit = true;
        return;
    }
    if (ev->key == SAH_KEY_F11) {
        if (!a->o->kiosk)
            sah_video_set_fullscreen(a->video, !sah_video_fullscreen(a->video));
        return;
    }
    if (a->screen == SCREEN_MENU) {
        menu_result(a, sah_menu_key(a->menu, ev));
        return;
    }
    act = sah_action_for_key(ev->key, ev->mods,
                             a->screen == SCREEN_READER ? sah_reader_rtl(a->reader) : true);
    if (a->screen == SCREEN_READER)
        reader_action(a, act);
    else
        library_action(a, act, ev);
}

/* Kiosk: nobody touched it for --idle-minutes: the library, default size. */
static void kiosk_idle(app_t *a)
{
    sah_reader_settings_t s;
    sah_reader_settings(a->reader, &s);
    s.font_step = ((sah_reader_settings_t)SAH_READER_SETTINGS_INIT).font_step;
    (void)sah_session_set_settings(a->ss, &s); /* logged */
    if (a->screen != SCREEN_LIBRARY)
        to_library(a);
    sah_libview_move(a->libview, -(long)sah_libview_rows(a->libview));
}

static int cmp_double(const void *x, const void *y)
{
    double p = *(const double *)x, q = *(const double *)y;
    return (p > q) - (p < q);
}

static double percentile(const double *sorted, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)(p / 100 * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

static void print_stats(app_t *a)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* qsort()'s array must not be NULL even for 0 elements (C11 7.1.4;
     * glibc declares it nonnull): --stats with no input event has none. */
    if (a->n_lat)
        qsort(a->lat, a->n_lat, sizeof *a->lat, cmp_double);
    fprintf(stderr, "sahifa: stats: driver %s\n", sah_video_driver(a->video));
    fprintf(stderr,
            "sahifa: stats: startup to first page %.1f ms (fonts, library, page ready at "
            "%.1f ms; window at %.1f ms)\n",
            a->first_page_ms, a->init_ms, a->video_ms);
    fprintf(stderr,
            "sahifa: stats: input to present, %zu events: p50 %.2f ms, p90 %.2f ms, p99 %.2f "
            "ms, max %.2f ms\n",
            a->n_lat, percentile(a->lat, a->n_lat, 50), percentile(a->lat, a->n_lat, 90),
            percentile(a->lat, a->n_lat, 99), a->n_lat ? a->lat[a->n_lat - 1] : 0.0);
    fprintf(stderr, "sahifa: stats: peak RSS %ld KiB\n", ru.ru_maxrss);
}

static void loop(app_t *a)
{
    const double idle_ms = a->o->idle_minutes * 60000.0;
    a->last_input = sah_video_now_ms();
    present(a, true, 0);
    while (!a->quit) {
        bool work = a->screen == SCREEN_READER && sah_reader_idle_pending(a->reader);
        int timeout = -1, due = sah_persist_due_in_ms(a->persist);
        if (!work && a->fonts_unchecked) {
            /* The first page is up and the work ahead done: now ask
             * fontconfig whether the memo's answers still hold (a font
             * installed since applies from the next chain on). */
            a->fonts_unchecked = false;
            sah_font_memo_revalidate();
            font_memo_save(a);
        }
        if (work)
            timeout = 0;
        else if (due >= 0)
            timeout = due;
        if (a->o->kiosk && !work) {
            double left = a->last_input + idle_ms - sah_video_now_ms();
            int k = left > 0 ? (int)left + 1 : 0;
            timeout = timeout < 0 || k < timeout ? k : timeout;
        }
        /* A finger held still on the page: wake when it becomes a long press,
         * so the bookmark appears while it is held, as on an e-reader. */
        int lp = a->screen == SCREEN_READER
                     ? sah_gesture_long_press_in(&a->gesture, sah_video_now_ms(), min_swipe(a))
                     : -1;
        if (lp >= 0)
            timeout = timeout < 0 || lp < timeout ? lp : timeout;
        sah_event_t ev;
        if (!sah_video_wait(a->video, timeout, &ev))
            break;
        if (ev.type == SAH_EV_NONE) {
            double now = sah_video_now_ms();
            if (a->screen == SCREEN_READER &&
                sah_gesture_fire_long_press(&a->gesture, now, min_swipe(a))) {
                a->last_input = now;
                reader_action(a, SAH_ACT_BOOKMARK);
                present(a, false, now);
                continue;
            }
            if (work)
                sah_reader_idle(a->reader);
            if (due >= 0)
                sah_persist_tick(a->persist);
            if (a->o->kiosk && sah_video_now_ms() - a->last_input >= idle_ms) {
                kiosk_idle(a);
                a->last_input = sah_video_now_ms();
            }
            present(a, false, 0);
            continue;
        }
        if (ev.type == SAH_EV_KEY || ev.type == SAH_EV_POINTER_UP || ev.type == SAH_EV_WHEEL)
            a->last_input = ev.t_ms;
        handle(a, &ev);
        bool input =
            ev.type == SAH_EV_KEY || ev.type == SAH_EV_POINTER_UP || ev.type == SAH_EV_WHEEL;
        present(a, ev.type == SAH_EV_EXPOSE, input ? ev.t_ms : 0);
    }
    (void)sah_session_suspend(a->ss); /* logged */
}

/* Sets up everything but the window; shared by the window and --screenshot.
 * The screens are laid out at the logical size: the panel's turned by
 * --rotate. */
static bool app_init(app_t *a, const sah_config_t *o)
{
    a->o = o;
    sah_rotate_size(o->rotate, o->width, o->height, &a->width, &a->height);
    a->screen = SCREEN_LIBRARY;
    font_memo_load(a, o); /* before the first font: the UI's */
    sah_session_opts_t so = SAH_SESSION_OPTS_INIT;
    so.lang = o->lang ? o->lang : locale_lang();
    so.fonts = o->fonts;
    so.state_dir = o->state_dir;
    so.width = a->width;
    so.height = a->height;
    if (!(a->ss = sah_session_new(&so)))
        return false;
    a->ui = sah_session_ui(a->ss);
    a->persist = sah_session_persist(a->ss);
    a->reader = sah_session_reader(a->ss);
    a->libview = sah_session_libview(a->ss);
    a->menu = sah_session_menu(a->ss);
    /* Kiosk: the settings are locked (the font size stays: the kiosk puts
     * it back itself when idle). */
    sah_menu_set_locked(a->menu, o->kiosk);
    bool ok;
    if (o->file) {
        ok = open_article(a, o->file);
    } else {
        char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles");
        sah_library_t *lib = open_library(o);
        ok = lib && sah_session_set_library(a->ss, lib, bundles);
        free(bundles);
    }
    font_memo_save(a); /* the fonts of the first screen are known now */
    return ok;
}

static void app_free(app_t *a)
{
    font_memo_save(a); /* fonts first used since (another article's) */
    sah_video_free(a->video);
    sah_session_free(a->ss);
    free(a->font_memo);
    free(a->lat);
}

/* The first screen as a PNG, as the reader sees it: logical, never turned
 * by --rotate (the page is upright in the image, 480x800 for an 800x480
 * panel turned 90). */
static int run_screenshot(const sah_config_t *o)
{
    app_t a = {0};
    int status = EXIT_FAILURE;
    if (!app_init(&a, o))
        goto out;
    if (a.screen == SCREEN_READER)
        sah_reader_page_count(a.reader); /* "page 1 of N", not "of …" */
    uint64_t serial;
    const sah_pagebuf_t *f = current_frame(&a, &serial);
    if (f && sah_png_write(f, o->screenshot))
        status = EXIT_SUCCESS;
out:
    if (status != EXIT_SUCCESS)
        fprintf(stderr, "sahifa: %s: no screenshot written (see above)\n", o->screenshot);
    app_free(&a);
    return status;
}

static int run_window(const sah_config_t *o, double t_start)
{
    app_t a = {0};
    int status = EXIT_FAILURE;
    a.t_start = t_start;
    if (!app_init(&a, o))
        goto out;
    if (a.screen == SCREEN_READER)
        sah_reader_frame(a.reader);
    else
        sah_libview_frame(a.libview);
    a.init_ms = sah_video_now_ms() - t_start;
    sah_video_opts_t vo = SAH_VIDEO_OPTS_INIT;
    vo.width = o->width;
    vo.height = o->height;
    vo.fullscreen = o->fullscreen || o->kiosk;
    vo.headless = o->headless;
    vo.rotate = o->rotate;
    vo.title = sah_ui_str(a.ui, "app_name");
    if (!(a.video = sah_video_new(&vo))) {
        status = EXIT_NO_DISPLAY;
        goto out;
    }
    a.video_ms = sah_video_now_ms() - t_start;
    int w, h;
    sah_video_size(a.video, &w, &h);
    resize(&a, w, h);
    loop(&a);
    if (o->stats)
        print_stats(&a);
    status = EXIT_SUCCESS;
out:
    app_free(&a);
    return status;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    double t_start = now_ms();
    sah_config_t o;
    int status = EXIT_SUCCESS;
    sah_config_init(&o);
    /* $XDG_CONFIG_HOME/sahifa/sahifa.ini, then the command line. */
    char *ini = sah_path_dir(SAH_DIR_CONFIG, "sahifa.ini");
    if (ini)
        sah_config_read_ini(&o, ini);
    free(ini);
    if (!sah_config_parse_args(&o, argc, argv)) {
        usage(stderr);
        status = EXIT_USAGE;
    } else if (o.help) {
        usage(stdout);
    } else if (o.export_bm || o.import_bm) {
        status = run_bookmarks_files(&o);
    } else if (o.list || o.import) {
        if (o.import)
            status = run_import(&o);
        if (status == EXIT_SUCCESS && o.list)
            status = run_list(&o);
    } else if (o.screenshot) {
        status = run_screenshot(&o);
    } else {
        status = run_window(&o, t_start);
        if (status == EXIT_NO_DISPLAY && !o.kiosk) {
            /* No display: show what the window would have shown, as a PNG
             * (the headless fallback), rather than nothing; logical, like
             * --screenshot. */
            o.screenshot = "sahifa-screen.png";
            status = run_screenshot(&o);
            if (status == EXIT_SUCCESS)
                fprintf(stderr, "sahifa: no display, so the first screen was written to %s\n",
                        o.screenshot);
        } else if (status == EXIT_NO_DISPLAY) {
            status = EXIT_FAILURE;
        }
    }
    sah_config_clear(&o);
    return status;
}
