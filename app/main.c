/*
 * main.c - the sahifa executable: options (sahifa.ini, then the command
 * line: config.h) are parsed into a struct first, then one action runs from
 * it: the ones that need no window (cli.h: the library listing, an import,
 * the bookmarks files, a screenshot; dump.h, searchcli.h: an article's parts,
 * a search, a find) or the reader's window, here. What input
 * does is decided by the dispatcher (app/ui/dispatch.h, over the one table
 * of keys and gestures in app/ui/input.c): this file translates the
 * window's events for it and presents the frames.
 *
 * The window is event-driven: the loop sleeps in sah_video_wait() (SDL's
 * wait, or poll() on SDL's input devices where SDL would poll every
 * millisecond) and wakes only for input, for the reader's work ahead
 * (the page's photos and the neighbour pages, done while nothing else is
 * waiting), for the library's thumbnails still to decode, for a finger
 * held still, for the kiosk's idle timer and when the library's folders
 * changed (libwatch.h: a thread of its own sleeps on them).
 */
#include "app/cli.h"
#include "app/dump.h"
#include "app/pagedump.h"
#include "app/libwatch.h"
#include "app/searchcli.h"
#include "app/config.h"
#include "app/content/library.h"
#include "app/ui/dispatch.h"
#include "app/ui/session.h"
#include "app/ui/ui.h"
#include "render/raster/glyphcache.h"
#include "platform/log.h"
#include "platform/msgcat.h"
#include "platform/paths.h"
#include "platform/video.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_USAGE = 2, EXIT_NO_DISPLAY = 3 };

typedef struct {
    const sah_config_t *o;
    double t_start; /* main() entered, ms */
    sah_cli_app_t app;
    sah_video_t *video; /* owned */
    sah_libwatch_t *lw; /* owned, nullable: the library's folders watched */
    uint64_t shown;     /* serial of what is on screen */
    sah_cli_stats_t stats;
} app_t;

/* Glyphs the UI's cache (the pages' and the UI's text) has rendered. */
static unsigned long long glyphs_rendered(app_t *a)
{
    sah_glyphcache_stats_t st;
    sah_glyphcache_stats(sah_ui_glyphcache(sah_session_ui(a->app.ss)), &st);
    return st.misses;
}

/* Shows the current screen if it changed (or @force). @t_input: when the
 * input that caused it was taken, 0 if none. */
static void present(app_t *a, bool force, double t_input)
{
    uint64_t serial;
    sah_session_update_notice(a->app.ss); /* the menu's writes too */
    force = sah_dispatch_take_repaint(a->app.d) || force;
    const sah_pagebuf_t *f = sah_dispatch_frame(a->app.d, &serial);
    if (!f || (!force && serial == a->shown))
        return;
    size_t stride;
    const uint32_t *px = sah_pagebuf_argb(f, &stride);
    if (!sah_video_present(a->video, px, stride, sah_pagebuf_width(f), sah_pagebuf_height(f)))
        return;
    a->shown = serial;
    a->stats.presents++;
    double now = sah_video_now_ms();
    if (a->stats.first_page_ms == 0)
        a->stats.first_page_ms = now - a->t_start;
    if (t_input > 0)
        sah_cli_stats_add(&a->stats, now - t_input);
}

static void fullscreen(void *data)
{
    sah_video_t *v = ((app_t *)data)->video;
    sah_video_set_fullscreen(v, !sah_video_fullscreen(v));
}

/* The window's event as the app's (input.h): the same keys by other names. */
static sah_ui_event_t ui_event(const sah_event_t *ev)
{
    static const sah_ui_event_type_t types[] = {[SAH_EV_KEY] = SAH_UI_EV_KEY,
                                                [SAH_EV_POINTER_DOWN] = SAH_UI_EV_POINTER_DOWN,
                                                [SAH_EV_POINTER_MOVE] = SAH_UI_EV_POINTER_MOVE,
                                                [SAH_EV_POINTER_UP] = SAH_UI_EV_POINTER_UP,
                                                [SAH_EV_WHEEL] = SAH_UI_EV_WHEEL,
                                                [SAH_EV_TEXT] = SAH_UI_EV_TEXT};
    static const sah_ui_key_t keys[] = {[SAH_KEY_LEFT] = SAH_UI_KEY_LEFT,
                                        [SAH_KEY_RIGHT] = SAH_UI_KEY_RIGHT,
                                        [SAH_KEY_UP] = SAH_UI_KEY_UP,
                                        [SAH_KEY_DOWN] = SAH_UI_KEY_DOWN,
                                        [SAH_KEY_PAGEUP] = SAH_UI_KEY_PAGEUP,
                                        [SAH_KEY_PAGEDOWN] = SAH_UI_KEY_PAGEDOWN,
                                        [SAH_KEY_SPACE] = SAH_UI_KEY_SPACE,
                                        [SAH_KEY_BACKSPACE] = SAH_UI_KEY_BACKSPACE,
                                        [SAH_KEY_HOME] = SAH_UI_KEY_HOME,
                                        [SAH_KEY_END] = SAH_UI_KEY_END,
                                        [SAH_KEY_ESCAPE] = SAH_UI_KEY_ESCAPE,
                                        [SAH_KEY_ENTER] = SAH_UI_KEY_ENTER,
                                        [SAH_KEY_TAB] = SAH_UI_KEY_TAB,
                                        [SAH_KEY_F11] = SAH_UI_KEY_F11,
                                        [SAH_KEY_PLUS] = SAH_UI_KEY_PLUS,
                                        [SAH_KEY_MINUS] = SAH_UI_KEY_MINUS,
                                        [SAH_KEY_B] = SAH_UI_KEY_B,
                                        [SAH_KEY_M] = SAH_UI_KEY_M,
                                        [SAH_KEY_Q] = SAH_UI_KEY_Q,
                                        [SAH_KEY_T] = SAH_UI_KEY_T,
                                        [SAH_KEY_G] = SAH_UI_KEY_G,
                                        [SAH_KEY_L] = SAH_UI_KEY_L,
                                        [SAH_KEY_O] = SAH_UI_KEY_O,
                                        [SAH_KEY_C] = SAH_UI_KEY_C,
                                        [SAH_KEY_DIGIT] = SAH_UI_KEY_DIGIT,
                                        [SAH_KEY_N] = SAH_UI_KEY_N,
                                        [SAH_KEY_F] = SAH_UI_KEY_F,
                                        [SAH_KEY_SLASH] = SAH_UI_KEY_SLASH,
                                        [SAH_KEY_Z] = SAH_UI_KEY_Z,
                                        [SAH_KEY_S] = SAH_UI_KEY_S,
                                        [SAH_KEY_P] = SAH_UI_KEY_P};
    sah_ui_event_t u = {
        .digit = ev->digit, .x = ev->x, .y = ev->y, .wheel = ev->wheel, .t_ms = ev->t_ms};
    memcpy(u.text, ev->text, sizeof u.text);
    if ((size_t)ev->type < sizeof types / sizeof *types)
        u.type = types[ev->type];
    if ((size_t)ev->key < sizeof keys / sizeof *keys)
        u.key = keys[ev->key];
    u.mods = (ev->mods & SAH_MOD_SHIFT ? SAH_UI_MOD_SHIFT : 0u) |
             (ev->mods & SAH_MOD_CTRL ? SAH_UI_MOD_CTRL : 0u) |
             (ev->mods & SAH_MOD_ALT ? SAH_UI_MOD_ALT : 0u);
    return u;
}

static void handle(app_t *a, const sah_event_t *ev)
{
    int w, h;
    sah_session_size(a->app.ss, &w, &h);
    if (ev->type == SAH_EV_QUIT) {
        sah_dispatch_set_quit(a->app.d);
    } else if (ev->type == SAH_EV_RESIZE && (ev->x != w || ev->y != h)) {
        /* Refused (logged): the screens keep the old size, drawn scaled. */
        (void)sah_session_resize(a->app.ss, ev->x, ev->y);
        a->shown = 0;
    } else if (ev->type == SAH_EV_EXPOSE) {
        a->shown = 0;
    } else if (ev->type == SAH_EV_FOCUS_LOST) {
        (void)sah_session_suspend(a->app.ss); /* logged */
    } else if (ev->type == SAH_EV_FOCUS_GAINED) {
        (void)sah_libwatch_rescan(a->lw); /* only when the folders are not watched */
    } else if (ev->type == SAH_EV_WAKE) {
        (void)sah_libwatch_woken(a->lw); /* the screen's serial tells present() */
    } else {
        sah_ui_event_t u = ui_event(ev);
        sah_dispatch_event(a->app.d, &u);
    }
}

static void loop(app_t *a)
{
    sah_dispatch_t *d = a->app.d;
    sah_reader_t *reader = sah_session_reader(a->app.ss);
    sah_libview_t *libview = sah_session_libview(a->app.ss);
    sah_persist_t *persist = sah_session_persist(a->app.ss);
    sah_dispatch_touch(d, sah_video_now_ms());
    present(a, true, 0);
    while (!sah_dispatch_quit(d)) {
        sah_screen_t screen = sah_dispatch_screen(d);
        bool work = (screen == SAH_SCREEN_READER && sah_reader_idle_pending(reader)) ||
                    (screen == SAH_SCREEN_LIBRARY && sah_libview_idle_pending(libview));
        /* The search index of files just listed, a file a step, when the
         * screen has nothing of its own to do (the library may have been
         * replaced by a rescan: asked each time). */
        sah_library_t *lib = sah_session_library(a->app.ss);
        bool index = !work && lib && sah_library_index_pending(lib);
        /* The index's open transaction is committed before anything else
         * may write the cache (a rescan, an import) or the loop sleeps. */
        if (!index)
            sah_library_index_commit(lib);
        work = work || index;
        int due = sah_persist_due_in_ms(persist), timeout = work ? 0 : due;
        if (!work)
            sah_cli_app_check_fonts(&a->app);
        int wake = sah_dispatch_wake_in(d, sah_video_now_ms());
        timeout = wake >= 0 && (timeout < 0 || wake < timeout) ? wake : timeout;
        int rescan = sah_libwatch_due_in(a->lw, sah_video_now_ms());
        timeout = rescan >= 0 && (timeout < 0 || rescan < timeout) ? rescan : timeout;
        sah_event_t ev;
        if (!sah_video_wait(a->video, timeout, &ev))
            break;
        a->stats.wakeups++;
        if (ev.type == SAH_EV_NONE) {
            double now = sah_video_now_ms();
            if (sah_dispatch_timer(d, now)) { /* a bookmark, the finger still down */
                present(a, false, now);
                continue;
            }
            if (index) {
                (void)sah_library_index_step(lib); /* out of memory: that file is skipped */
                /* The identities found are the keys of the reading
                 * progress the list shows: read once all are known. */
                if (!sah_library_index_pending(lib) && sah_libview_library(libview) == lib &&
                    !sah_libview_refresh(libview))
                    fprintf(stderr, "sahifa: out of memory refreshing the library\n");
            } else if (work && sah_dispatch_screen(d) == SAH_SCREEN_READER) {
                unsigned long long g = glyphs_rendered(a);
                sah_reader_idle(reader);
                g = glyphs_rendered(a) - g;
                a->stats.ahead_steps++;
                a->stats.ahead_glyphs_max =
                    g > a->stats.ahead_glyphs_max ? g : a->stats.ahead_glyphs_max;
            } else if (work && sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY)
                sah_libview_idle(libview); /* a thumbnail */
            if (due >= 0)
                sah_session_tick(a->app.ss); /* logged */
            if (sah_libwatch_due_in(a->lw, now) == 0) {
                sah_library_index_commit(lib); /* the new scan writes the cache */
                (void)sah_libwatch_rescan(a->lw);
            }
            present(a, false, 0);
            continue;
        }
        sah_library_index_commit(sah_session_library(a->app.ss));
        handle(a, &ev);
        /* Text input while a text field is shown, and only then. */
        sah_video_set_text_input(a->video, sah_dispatch_wants_text(d));
        bool input = ev.type == SAH_EV_KEY || ev.type == SAH_EV_POINTER_UP ||
                     ev.type == SAH_EV_WHEEL || ev.type == SAH_EV_TEXT;
        present(a, ev.type == SAH_EV_EXPOSE, input ? ev.t_ms : 0);
    }
    (void)sah_session_suspend(a->app.ss); /* logged */
}

/* The library's watch, on its own thread: wakes the loop. */
static void wake_loop(void *video)
{
    (void)sah_video_wake(video); /* a full queue is awake anyway */
}

/* The kiosk's idle time: --idle-minutes, or SAHIFA_KIOSK_IDLE_MS (whole
 * ms) for the tests, which cannot wait minutes to see what follows it. */
static double kiosk_idle_ms(const sah_config_t *o)
{
    const char *env = getenv("SAHIFA_KIOSK_IDLE_MS");
    char *end = NULL;
    long ms = env ? strtol(env, &end, 10) : 0;
    return ms > 0 && end && !*end ? (double)ms : o->idle_minutes * 60000.0;
}

static int run_window(const sah_config_t *o, double t_start)
{
    app_t a = {.o = o, .t_start = t_start};
    sah_dispatch_opts_t dopts = {o->kiosk, kiosk_idle_ms(o), fullscreen, &a};
    int status = EXIT_FAILURE;
    if (!sah_cli_app_init(&a.app, o, &dopts))
        goto out;
    uint64_t serial;
    (void)sah_dispatch_frame(a.app.d, &serial); /* the first page, before the window */
    a.stats.init_ms = sah_video_now_ms() - t_start;
    sah_video_opts_t vo = {o->width,
                           o->height,
                           o->fullscreen || o->kiosk,
                           o->headless,
                           sah_ui_str(sah_session_ui(a.app.ss), "app_name"),
                           o->rotate};
    if (!(a.video = sah_video_new(&vo))) {
        status = EXIT_NO_DISPLAY;
        goto out;
    }
    a.stats.video_ms = sah_video_now_ms() - t_start;
    sah_event_t size = {.type = SAH_EV_RESIZE};
    sah_video_size(a.video, &size.x, &size.y);
    handle(&a, &size);
    a.lw = sah_libwatch_new(o, a.app.ss, wake_loop, a.video);
    /* A long article's whole parse ends on its worker: the loop wakes to
     * swap it in (reader.h). */
    sah_reader_on_wake(sah_session_reader(a.app.ss), wake_loop, a.video);
    loop(&a);
    if (o->stats) {
        a.stats.fonts_unchecked = a.app.fonts_unchecked;
        sah_cli_stats_print(&a.stats, sah_video_driver(a.video));
    }
    status = EXIT_SUCCESS;
out:
    if (a.video) /* a worker still parsing would wake a window that is gone */
        sah_reader_on_wake(sah_session_reader(a.app.ss), NULL, NULL);
    sah_libwatch_free(a.lw); /* its thread wakes the window: first */
    sah_video_free(a.video);
    sah_cli_app_clear(&a.app);
    sah_cli_stats_clear(&a.stats);
    return status;
}

int main(int argc, char **argv)
{
    double t_start = sah_video_now_ms();
    sah_config_t o;
    int status = EXIT_SUCCESS;
    sah_config_init(&o);
    /* The messages on the terminal (or in the journal) are in the
     * locale's language by gettext's rules, as every program's there; --lang
     * and sahifa.ini's lang choose the screens' (a kiosk set to Arabic
     * keeps its journal in the system's language). No setlocale(): the
     * catalogues are our own (msgcat.h), and numbers in --search's JSON and
     * --stats keep their decimal point. */
    sah_msgcat_use(sah_msgcat_env_lang());
    /* The fleet's $XDG_CONFIG_DIRS/sahifa/sahifa.ini (/etc/xdg), then the
     * user's $XDG_CONFIG_HOME/sahifa/sahifa.ini, then the command line:
     * each overrides what came before. */
    size_t n_ini;
    char **ini = sah_path_config_files("sahifa.ini", &n_ini);
    for (size_t i = 0; i < n_ini; i++)
        sah_config_read_ini(&o, ini[i]);
    sah_path_list_free(ini, n_ini);
    if (!sah_config_parse_args(&o, argc, argv)) {
        sah_cli_usage(stderr);
        status = EXIT_USAGE;
    } else if (o.help) {
        sah_cli_usage(stdout);
    } else if (o.version) {
        printf("sahifa %s\n", SAH_VERSION);
    } else if (o.search) {
        status = sah_searchcli_search(&o, stdout);
    } else if (o.find) {
        status = sah_searchcli_find(&o, stdout);
    } else if (o.dump_article) {
        status = sah_dump_article(o.dump_article, stdout);
    } else if (o.dump_pages) {
        status = sah_pagedump(&o, stdout);
    } else if (o.export_bm || o.import_bm) {
        status = sah_cli_bookmarks_files(&o);
    } else if (o.list || o.import) {
        if (o.import)
            status = sah_cli_import(&o);
        if (status == EXIT_SUCCESS && o.list)
            status = sah_cli_list(&o);
    } else if (o.screenshot) {
        status = sah_cli_screenshot(&o);
    } else {
        status = run_window(&o, t_start);
        if (status == EXIT_NO_DISPLAY && !o.kiosk) {
            /* No display: show what the window would have shown, as a PNG
             * (the headless fallback), rather than nothing; logical, like
             * --screenshot. */
            o.screenshot = "sahifa-screen.png";
            status = sah_cli_screenshot(&o);
            if (status == EXIT_SUCCESS)
                sah_log_at(SAH_LOG_INFO,
                           sah_tr("no display, so the first screen was written to %s"),
                           o.screenshot);
        } else if (status == EXIT_NO_DISPLAY) {
            status = EXIT_FAILURE;
        }
    }
    sah_config_clear(&o);
    sah_msgcat_use(NULL);
    return status;
}
