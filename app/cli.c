/* cli.c - see cli.h. */
#include "app/cli.h"

#include "app/store/persist.h"
#include "app/store/store.h"
#include "fonts/fontchain.h"
#include "platform/rotate.h"
#include "render/raster/pngfile.h"
#include "platform/log.h"
#include "platform/msgcat.h"
#include "platform/paths.h"
#include "platform/readfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The help in pieces: an option's lines are one message each, so that a
 * translation follows the options as they change. */
static const char *const usage[] = {
    N_("Usage: sahifa [OPTION]... [FILE]\n"
       "An offline Arabic news reader. Without FILE, opens the library.\n"
       "FILE: an article (.txt), a saved web page (.html, .htm, .xhtml), or an\n"
       "EPUB: FILE.epub (a book, or a periodical's whole issue) or FILE.epub#N\n"
       "(a periodical's article N, as --list names it).\n"
       "\n"),
    N_("  --screenshot OUT.png  render the first screen (library, or FILE's page) to a PNG\n"
       "                        without opening a window, and exit\n"),
    N_("  --width N, --height N window or screenshot size (default 800x480)\n"),
    N_("  --rotate 0|90|180|270 a panel mounted turned: pages are laid out for the\n"
       "                        turned size (800x480 turned 90 reads as 480x800) and\n"
       "                        shown turned clockwise by this angle; taps and swipes\n"
       "                        follow; a screenshot is the page as read (480x800)\n"),
    N_("  --lang ar|en          UI language (default: from the locale, else English)\n"),
    N_("  --font-chain SPEC     the article's fonts: \"default\", or families and\n"
       "                        font files separated by commas (--fonts: the same)\n"),
    N_("  --digits as-written|arabic|western  the digits of the page and the status\n"
       "                        bar: as the article writes them (the status bar in its\n"
       "                        language's), Arabic-Indic or Western in both (default:\n"
       "                        the menu's choice, else as-written)\n"),
    N_("  --kashida off|moderate|strong  justified Arabic lengthens joins (kashida)\n"
       "                        before it stretches spaces: not at all, a few, more\n"
       "                        (default: the menu's choice, else moderate)\n"),
    N_("  --fullscreen          start fullscreen (F11 toggles)\n"),
    N_("  --kiosk               fullscreen; quit only with Ctrl+Alt+Shift+Q; settings\n"
       "                        but the font size locked; back to the library after\n"
       "                        --idle-minutes\n"),
    N_("  --idle-minutes N      kiosk idle timeout (default 5)\n"),
    N_("  --stats               print input-to-present latency, startup time and\n"
       "                        peak memory on exit\n"),
    N_("  --headless            run the window on SDL's offscreen driver (tests)\n"),
    N_("  --state-dir DIR       where positions, bookmarks, settings and the caches\n"
       "                        (the library's, with its search index; the font memo)\n"
       "                        are kept (default: $XDG_STATE_HOME/sahifa, the caches\n"
       "                        in $XDG_CACHE_HOME/sahifa)\n"),
    N_("  --export-bookmarks FILE  write every bookmark as JSON Lines (- for stdout)\n"),
    N_("  --import-bookmarks FILE  add the bookmarks of FILE (written by --export-bookmarks)\n"),
    N_("  --list                print the library (every article found) as a table\n"),
    N_("  --dump-article FILE   print FILE as the reader shows it: one JSON object per\n"
       "                        block (role, dir, text, start, end), JSON Lines;\n"
       "                        FILE may be a saved web page (.html), or an EPUB\n"
       "                        (.epub: every document, each line with its \"doc\";\n"
       "                        FILE.epub#N: article N only)\n"),
    N_("  --dump-pages FILE     print FILE's pages as the reader lays them out at\n"
       "                        --width x --height (default settings, --digits and\n"
       "                        --kashida): one JSON object per page (start, end,\n"
       "                        height, used, blank, pitch, next, lines)\n"),
    N_("  --search QUERY        search the library: JSON Lines {path, title, score, hits,\n"
       "                        snippet}, best first (score: higher is better; the hits\n"
       "                        in the snippet in [ ]); an article has every word, each\n"
       "                        also after و ف ب ل ك ال; Arabic folded (docs/search.md)\n"),
    N_("  --find QUERY FILE     the hits of QUERY in FILE as shown, in reading order: JSON\n"
       "                        Lines {start, end, page, snippet}; start, end: bytes of\n"
       "                        the file as read (a web page's, not its text's; an\n"
       "                        EPUB article's documents one after the other); page:\n"
       "                        at 800x480, default settings\n"),
    N_("  --fold-teh-marbuta    with --search/--find: a word's final ة and ه are one\n"),
    N_("  --all-forms           with --search/--find: every form of a word's stem\n"
       "                        (Snowball's Arabic stemmer), ؤ/ئ as و/ي\n"),
    N_("  --import DIR          copy the bundle DIR into your data dir, atomically\n"
       "                        (with each saved page's NAME_files/ folder and its\n"
       "                        .epub files); --import FILE.epub: one EPUB, as a\n"
       "                        bundle named after it\n"),
    N_("  --library DIR         also read the bundles in DIR (repeatable), e.g. a USB stick\n"),
    N_("  -h, --help            show this help\n"),
    N_("  --version             print the version and exit\n"),
    "\n",
    N_("Every setting can also be set in $XDG_CONFIG_HOME/sahifa/sahifa.ini (read\n"
       "after the system's, $XDG_CONFIG_DIRS/sahifa/sahifa.ini: /etc/xdg) as\n"
       "`name = value` (`kiosk = true`); the command line wins. The actions that\n"
       "run once and exit, and --headless, are refused there (one line each).\n"),
    N_("Keys in the reader:\n"
       "Left/Right turn pages (Left is forward in Arabic), PageDown/Space, PageUp/\n"
       "Backspace, Home/End, B bookmark (or a long press), +/- font size, T theme,\n"
       "M or Enter the menu (settings, bookmarks, go to page, start, end, original\n"
       "file; a tap in the middle of the page too), L the bookmarks list, C the\n"
       "contents, G go to page, O the original file (every line as it is) and\n"
       "back, Esc back, F11 fullscreen, Ctrl+Q quit. In the menus: Up/Down choose,\n"
       "Left/Right or +/- change, Enter selects, Esc goes back. Lists scroll by a\n"
       "drag (a flick glides); a tap opens a row, a long press shows its actions.\n"
       "SDL_VIDEODRIVER=kmsdrm runs without a desktop.\n"),
};

void sah_cli_usage(FILE *f)
{
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++)
        fputs(usage[i][0] == '\n' ? usage[i] : sah_tr(usage[i]), f);
}

/* ---- options (config.h) ------------------------------------------------ */

/* ---- --list and --import ---------------------------------------------- */

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
    /* TRANSLATORS: --list's columns; each keeps its width in characters. */
    static const struct {
        const char *name;
        size_t width;
    } cols[] = {{"#", 4},           {N_("time"), 7},      {N_("date"), 10},
                {N_("size"), 6},    {N_("encoding"), 12}, {N_("hash"), 12},
                {N_("bundle"), 14}, {N_("source"), 20}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        print_cell(i ? sah_tr(cols[i].name) : cols[i].name, cols[i].width);
    printf("%s\n", sah_tr("title  (path)"));
    for (size_t i = 0; i < sah_library_n_entries(lib); i++) {
        const sah_library_entry_t *e = sah_library_entry(lib, i);
        char time[16], size[16], hash[13];
        /* "~" marks our estimate; the publisher's own figure stands bare. */
        /* TRANSLATORS: --list's reading time: "~" when it is our estimate, then minutes. */
        snprintf(time, sizeof time, sah_tr("%s%d min"), e->minutes_from_publisher ? "" : "~",
                 e->minutes);
        format_size(e->size, size, sizeof size);
        snprintf(hash, sizeof hash, "%.12s", e->hash);
        char *date = esc(e->date), *bundle = esc(e->bundle), *source = esc(e->source);
        char *title = esc(e->title), *path = esc(e->path);
        printf("%4zu  ", i + 1);
        print_cell(time, 7);
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
    size_t n = sah_library_n_entries(lib), bad = sah_library_n_problems(lib);
    printf(sah_ntr("%zu article", "%zu articles", n), n);
    if (dups)
        printf(
            sah_ntr(", %zu duplicate file listed once", ", %zu duplicate files listed once", dups),
            dups);
    if (bad)
        printf(sah_ntr(", %zu file could not be read (see above)",
                       ", %zu files could not be read (see above)", bad),
               bad);
    printf("\n");
}

/* Caches used to live in the state dir, beside the store: what a sahifa of
 * that time left there is removed (they are rebuilt in the cache dir, from
 * the library and fontconfig), so that the state dir holds only what cannot
 * be rebuilt: the store with its bookmarks, which is never touched here.
 * Not with --state-dir, which keeps everything in that one folder. Once
 * they are gone this is a few unlink() calls that find nothing. */
static void forget_caches_in_state_dir(const sah_config_t *o)
{
    static const char *const old[] = {"library.sqlite",     "library.sqlite-wal",
                                      "library.sqlite-shm", "library.sqlite-journal",
                                      "fonts.memo",         "fonts.memo.new"};
    if (o->state_dir)
        return;
    char *dir = sah_path_dir(SAH_DIR_STATE, NULL);
    for (size_t i = 0; dir && i < sizeof old / sizeof *old; i++) {
        char *path = sah_path_join(dir, old[i]);
        if (path)
            (void)unlink(path); /* mostly ENOENT: nothing left */
        free(path);
    }
    free(dir);
}

/* A cache file @name: in --state-dir when given (tests and a stick's
 * sandbox keep everything there), else in $XDG_CACHE_HOME/sahifa, which is
 * made here. NULL (said once) when the folder cannot be made: the caller
 * goes on without the cache. */
static char *cache_file(const sah_config_t *o, const char *name)
{
    forget_caches_in_state_dir(o);
    char *dir = o->state_dir ? strdup(o->state_dir) : sah_path_dir(SAH_DIR_CACHE, NULL);
    char *path = NULL;
    if (dir && sah_path_ensure_dir(dir))
        path = sah_path_join(dir, name);
    else if (dir)
        /* TRANSLATORS: the second %s is a file name (library.sqlite, fonts.memo). */
        sah_log(sah_tr("%s: cannot create; %s is not kept"), dir, name);
    free(dir);
    return path;
}

/* Every file's identity at the listing: --list prints it. */
static bool identify_all(void *user, const char *path)
{
    (void)user;
    (void)path;
    return true;
}

/* A file the store knows by its path may have a reading state: its
 * identity is the key the list's progress is read by, wanted at once. */
static bool identify_known(void *persist, const char *path)
{
    return sah_persist_knows_path(persist, path);
}

/* The library scanned; a new text file's identity is computed at once when
 * @want says so, else by the index steps. */
static sah_library_t *open_library(const sah_config_t *o, sah_library_skip_fn skip, void *user,
                                   sah_library_want_id_fn want, void *want_user)
{
    char *cache = cache_file(o, "library.sqlite");
    sah_library_t *lib = sah_library_new(cache);
    bool ok = lib && sah_library_add_default_roots(lib);
    for (size_t i = 0; ok && i < o->n_roots; i++)
        ok = sah_library_add_root(lib, o->roots[i]);
    if (ok) {
        sah_library_set_skip(lib, skip, user);
        sah_library_set_identify(lib, want, want_user);
    }
    ok = ok && sah_library_scan(lib);
    free(cache);
    if (!ok) {
        fprintf(stderr, sah_tr("sahifa: out of memory reading the library\n"));
        sah_library_free(lib);
        return NULL;
    }
    return lib;
}

/* Returns: (transfer full) the scanned library, or NULL (logged). */
sah_library_t *sah_cli_open_library(const sah_config_t *o)
{
    return open_library(o, NULL, NULL, NULL, NULL);
}

sah_library_t *sah_cli_open_library_skipping(const sah_config_t *o, sah_library_skip_fn skip,
                                             void *user, sah_persist_t *persist)
{
    return open_library(o, skip, user, persist ? identify_known : NULL, persist);
}

int sah_cli_list(const sah_config_t *o)
{
    sah_library_t *lib = open_library(o, NULL, NULL, identify_all, NULL);
    if (!lib)
        return EXIT_FAILURE;
    print_table(lib);
    sah_library_free(lib);
    return EXIT_SUCCESS;
}

int sah_cli_import(const sah_config_t *o)
{
    char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles"), *dest = NULL;
    int status = EXIT_FAILURE;
    if (!bundles) {
        fprintf(stderr, sah_tr("sahifa: no data dir: set HOME or XDG_DATA_HOME\n"));
        return status;
    }
    if (sah_library_import(o->import, bundles, NULL, NULL, &dest)) {
        char *shown = sah_escape(dest);
        printf(sah_tr("imported %s\n"), shown ? shown : dest);
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
            fprintf(stderr, sah_tr("sahifa: %s: cannot create the state dir\n"), o->state_dir);
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
        fprintf(stderr, sah_tr("sahifa: %s: nothing imported: %s\n"), file,
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
                fprintf(stderr, sah_tr("sahifa: %s: nothing imported: larger than %zu MiB\n"), file,
                        SAH_STORE_MAX_IMPORT_BYTES >> 20);
            else
                fprintf(stderr, sah_tr("sahifa: %s: nothing imported: %s\n"), file,
                        sah_file_strerror(err));
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
        fprintf(stderr, sah_tr("sahifa: %s: nothing imported: %s\n"), file, sah_store_strerror(e));
        return EXIT_FAILURE;
    }
    /* TRANSLATORS: the first count, added, chooses the plural form. */
    printf(sah_ntr("%zu bookmark added, %zu already there, %zu rejected\n",
                   "%zu bookmarks added, %zu already there, %zu rejected\n", rep.added),
           rep.added, rep.skipped, rep.rejected);
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
        fprintf(stderr, sah_tr("sahifa: %s: not written: %s\n"), file, sah_store_notice(st));
        return EXIT_FAILURE;
    }
    if (!strcmp(file, "-"))
        e = sah_store_export_bookmarks(st, stdout, &n);
    else
        e = sah_store_export_bookmarks_file(st, file, &n);
    if (e != SAH_STORE_OK) {
        fprintf(stderr, sah_tr("sahifa: %s: not written%s: %s\n"), file,
                strcmp(file, "-") != 0 ? sah_tr(" (a file already there is left as it was)") : "",
                e == SAH_STORE_ERR_FULL       ? sah_tr("the disk is full")
                : e == SAH_STORE_ERR_READONLY ? sah_tr("the folder cannot be written")
                : e == SAH_STORE_ERR_NOMEM    ? sah_tr("out of memory")
                                              : sah_tr("a read or write failed (see above)"));
        return EXIT_FAILURE;
    }
    if (strcmp(file, "-") != 0)
        fprintf(stderr,
                sah_ntr("sahifa: %zu bookmark written to %s\n",
                        "sahifa: %zu bookmarks written to %s\n", n),
                n, file);
    return EXIT_SUCCESS;
}

int sah_cli_bookmarks_files(const sah_config_t *o)
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

/* ---- the app without a window ------------------------------------------ */

static void font_memo_save(sah_cli_app_t *a)
{
    /* cache_file() made its folder (or failed to, and said so). */
    if (a->font_memo && sah_font_memo_dirty())
        (void)sah_font_memo_save(a->font_memo);
}

bool sah_cli_app_init(sah_cli_app_t *a, const sah_config_t *o, const sah_dispatch_opts_t *dopts)
{
    /* The memo before the first font: the UI's. */
    a->font_memo = cache_file(o, "fonts.memo");
    a->fonts_unchecked = a->font_memo && sah_font_memo_load(a->font_memo) > 0;
    sah_session_opts_t so = SAH_SESSION_OPTS_INIT;
    so.lang = o->lang ? o->lang : sah_msgcat_env_lang();
    so.fonts = o->fonts;
    so.state_dir = o->state_dir;
    so.digits = sah_menu_digits_parse(o->digits);
    so.kashida = sah_menu_kashida_parse(o->kashida);
    sah_rotate_size(o->rotate, o->width, o->height, &so.width, &so.height);
    if (!(a->ss = sah_session_new(&so)) || !(a->d = sah_dispatch_new(a->ss, dopts)))
        return false;
    /* A file that cannot be read (opened from a file manager) is not the
     * end: its reason is on the screen (the session's notice) and on
     * stderr, over the library, where another article can be chosen. */
    bool ok = o->file && sah_dispatch_open(a->d, o->file);
    a->file_failed = o->file && !ok;
    if (!ok) {
        char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles");
        sah_library_t *lib =
            sah_cli_open_library_skipping(o, NULL, NULL, sah_session_persist(a->ss));
        ok = lib && sah_session_set_library(a->ss, lib, bundles);
        free(bundles);
    }
    font_memo_save(a); /* the fonts of the first screen are known now */
    return ok;
}

void sah_cli_app_check_fonts(sah_cli_app_t *a)
{
    if (!a->fonts_unchecked)
        return;
    a->fonts_unchecked = false;
    sah_font_memo_revalidate();
    font_memo_save(a);
}

void sah_cli_app_clear(sah_cli_app_t *a)
{
    font_memo_save(a); /* fonts first used since (another article's) */
    sah_dispatch_free(a->d);
    sah_session_free(a->ss);
    free(a->font_memo);
}

/* The page is upright in the image: 480x800 for an 800x480 panel turned 90. */
int sah_cli_screenshot(const sah_config_t *o)
{
    sah_cli_app_t a = {0};
    sah_dispatch_opts_t dopts = SAH_DISPATCH_OPTS_INIT;
    int status = EXIT_FAILURE;
    dopts.kiosk = o->kiosk;
    if (sah_cli_app_init(&a, o, &dopts)) {
        /* The page as the reader sees it once its photos are decoded. */
        sah_reader_set_wait_photos(sah_session_reader(a.ss), true);
        if (sah_dispatch_screen(a.d) == SAH_SCREEN_READER) {
            (void)sah_session_hash(a.ss); /* a long article at its saved place too */
            sah_reader_page_count(sah_session_reader(a.ss)); /* "page 1 of N", not "of …" */
        } else /* the library: its thumbnails decoded */
            while (sah_libview_idle(sah_session_libview(a.ss)))
                ;
        uint64_t serial;
        const sah_pagebuf_t *f = sah_dispatch_frame(a.d, &serial);
        if (f && sah_png_write(f, o->screenshot))
            status = EXIT_SUCCESS;
        else
            fprintf(stderr, sah_tr("sahifa: %s: no screenshot written (see above)\n"),
                    o->screenshot);
    } else {
        fprintf(stderr, sah_tr("sahifa: %s: no screenshot written (see above)\n"), o->screenshot);
    }
    /* The screen of a FILE that cannot be read (its reason over the
     * library) is written, and the status says FILE was not shown. */
    if (a.file_failed)
        status = EXIT_FAILURE;
    sah_cli_app_clear(&a);
    return status;
}

/* ---- --stats ------------------------------------------------------------- */

void sah_cli_stats_add(sah_cli_stats_t *s, double ms)
{
    if (s->n_lat == s->cap_lat) {
        size_t nc = s->cap_lat ? s->cap_lat * 2 : 256;
        double *l = realloc(s->lat, nc * sizeof *l);
        if (!l)
            return;
        s->lat = l;
        s->cap_lat = nc;
    }
    s->lat[s->n_lat++] = ms;
}

void sah_cli_stats_clear(sah_cli_stats_t *s)
{
    free(s->lat);
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

void sah_cli_stats_print(sah_cli_stats_t *s, const char *driver)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* qsort()'s array must not be NULL even for 0 elements (C11 7.1.4;
     * glibc declares it nonnull): --stats with no input event has none. */
    if (s->n_lat)
        qsort(s->lat, s->n_lat, sizeof *s->lat, cmp_double);
    fprintf(stderr, "sahifa: stats: driver %s\n", driver);
    fprintf(stderr,
            "sahifa: stats: startup to first page %.1f ms (fonts, library, page ready at "
            "%.1f ms; window at %.1f ms)\n",
            s->first_page_ms, s->init_ms, s->video_ms);
    fprintf(stderr,
            "sahifa: stats: input to present, %zu events: p50 %.2f ms, p90 %.2f ms, p99 %.2f "
            "ms, max %.2f ms\n",
            s->n_lat, percentile(s->lat, s->n_lat, 50), percentile(s->lat, s->n_lat, 90),
            percentile(s->lat, s->n_lat, 99), s->n_lat ? s->lat[s->n_lat - 1] : 0.0);
    fprintf(stderr, "sahifa: stats: %lu wake-ups, %lu frames presented\n", s->wakeups, s->presents);
    fprintf(stderr,
            "sahifa: stats: work ahead: %lu steps, at most %llu new glyphs rendered in one\n",
            s->ahead_steps, s->ahead_glyphs_max);
    /* Whether the launch paid for fontconfig (fontchain.h: the memo). */
    fprintf(stderr, "sahifa: stats: fontconfig %s%s\n",
            sah_font_fontconfig_loaded() ? "loaded" : "not loaded",
            s->fonts_unchecked ? ", the font memo not checked yet" : "");
    fprintf(stderr, "sahifa: stats: peak RSS %ld KiB\n", ru.ru_maxrss);
}
