/*
 * libwatch.h - the library that updates itself: the window's library read
 * again when files are added to, changed in or removed from its folders
 * (a sync engine writing into them), without a restart.
 *
 *   sah_libwatch_t *lw = sah_libwatch_new(o, session, wake, user);
 *   ... the main loop, on the event wake() made it send:
 *   if (sah_libwatch_woken(lw)) ...the library changed: present...
 *   ... on the focus gained, and when sah_libwatch_due_in() says:
 *   sah_libwatch_rescan(lw);
 *   sah_libwatch_free(lw);
 *
 * The folders (every root and bundle folder, platform/watch.h) are watched
 * by a thread that sleeps until they change and calls @wake once a burst is
 * over: the app still makes no wake-up while idle. Then the library is read
 * again: unchanged files come from the cache unopened, only new and changed
 * files are parsed and indexed for search, files being written are left
 * out until closed, and the screen keeps its place (session.h).
 *
 * When the kernel's inotify watches or instances are used up (one line
 * logged), the library is read again when the window gets the focus and
 * at most every SAH_LIBWATCH_RESCAN_MS.
 */
#ifndef SAH_LIBWATCH_H
#define SAH_LIBWATCH_H

#include <stdbool.h>

#include "app/config.h"
#include "app/ui/session.h"

/* How often the library is read again when its folders cannot be watched. */
#define SAH_LIBWATCH_RESCAN_MS (10 * 60 * 1000)

typedef struct sah_libwatch sah_libwatch_t;

/*
 * sah_libwatch_new:
 * @o: (transfer none): the options the library was opened with (its
 *   --library folders, the state dir); must outlive the watch.
 * @s: (transfer none): the session showing the library; must outlive it.
 * @wake: called on another thread when the folders changed: it must only
 *   wake the main loop (platform/video.h's sah_video_wake()).
 *
 * Returns: (transfer full) the watch, or NULL when the session shows no
 * library (an article opened from a file manager) or out of memory.
 */
sah_libwatch_t *sah_libwatch_new(const sah_config_t *o, sah_session_t *s, void (*wake)(void *),
                                 void *user) __attribute__((warn_unused_result));

/* Stops watching; NULL is a no-op. @wake is not called after. */
void sah_libwatch_free(sah_libwatch_t *lw);

/* After @wake's event: reads the library again if its folders changed.
 * Returns: whether the library shown changed. */
bool sah_libwatch_woken(sah_libwatch_t *lw);

/* Reads the library again when its folders are not watched (the fallback).
 * Returns: whether the library shown changed. */
bool sah_libwatch_rescan(sah_libwatch_t *lw);

/* Returns: ms until the fallback's next reading (0: due), -1 when the
 * folders are watched (no timer). */
int sah_libwatch_due_in(const sah_libwatch_t *lw, double now_ms);

#endif
