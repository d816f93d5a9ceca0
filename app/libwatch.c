/* libwatch.c - see libwatch.h. */
#include "app/libwatch.h"

#include "app/cli.h"
#include "platform/log.h"
#include "platform/watch.h"

#include <stdlib.h>
#include <time.h>

/* A burst of changes is over after this long without one (a sync writes
 * its files a few ms apart), and at the latest this long after its start,
 * so that a sync of thousands of files shows its progress. */
#define QUIET_MS 300
#define MAX_MS   3000

struct sah_libwatch {
    const sah_config_t *o;
    sah_session_t *ss;
    sah_watch_t *watch; /* NULL when inotify is refused */
    bool fallback;      /* some folder is not watched: read again on focus, rarely */
    double last_read;   /* ms, CLOCK_MONOTONIC */
    bool trace;         /* SAHIFA_TRACE_LIBRARY: one line per reading */
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool skip_busy(void *user, const char *path)
{
    const sah_libwatch_t *lw = user;
    return lw->watch && sah_watch_busy(lw->watch, path);
}

/* Watches every folder of @lib (those watched already are not twice). */
static void watch_folders(sah_libwatch_t *lw, const sah_library_t *lib)
{
    for (size_t i = 0; lw->watch && i < sah_library_n_folders(lib); i++) {
        /* A folder that cannot be read is the library's problem (listed);
         * the watches used up is the fallback's case. */
        if (!sah_watch_add(lw->watch, sah_library_folder(lib, i)) && sah_watch_exhausted(lw->watch))
            lw->fallback = true;
    }
}

/* Reads the library again and shows it. Returns: whether it was shown. */
static bool reread(sah_libwatch_t *lw)
{
    lw->last_read = now_ms();
    sah_library_t *lib =
        sah_cli_open_library_skipping(lw->o, skip_busy, lw, sah_session_persist(lw->ss));
    if (!lib)
        return false;
    watch_folders(lw, lib);
    if (lw->trace) {
        size_t parsed, cached;
        sah_library_stats(lib, &parsed, &cached);
        sah_log("library read again: %zu articles, %zu problems (%zu parsed, %zu from the cache, "
                "%zu being written)",
                sah_library_n_entries(lib), sah_library_n_problems(lib), parsed, cached,
                sah_library_n_skipped(lib));
    }
    return sah_session_replace_library(lw->ss, lib); /* logged */
}

sah_libwatch_t *sah_libwatch_new(const sah_config_t *o, sah_session_t *s, void (*wake)(void *),
                                 void *user)
{
    const sah_library_t *lib = sah_session_library(s);
    if (!lib)
        return NULL;
    sah_libwatch_t *lw = calloc(1, sizeof *lw);
    if (!lw)
        return NULL;
    lw->o = o;
    lw->ss = s;
    lw->trace = getenv("SAHIFA_TRACE_LIBRARY") != NULL;
    lw->last_read = now_ms();
    lw->watch = sah_watch_new(QUIET_MS, MAX_MS, wake, user); /* logged */
    lw->fallback = !lw->watch;
    watch_folders(lw, lib);
    return lw;
}

void sah_libwatch_free(sah_libwatch_t *lw)
{
    if (!lw)
        return;
    sah_watch_free(lw->watch);
    free(lw);
}

bool sah_libwatch_woken(sah_libwatch_t *lw)
{
    return lw && lw->watch && sah_watch_take(lw->watch) && reread(lw);
}

bool sah_libwatch_rescan(sah_libwatch_t *lw)
{
    return lw && lw->fallback && reread(lw);
}

int sah_libwatch_due_in(const sah_libwatch_t *lw, double now)
{
    if (!lw || !lw->fallback)
        return -1;
    double left = lw->last_read + SAH_LIBWATCH_RESCAN_MS - now;
    return left > 0 ? (int)left + 1 : 0;
}
