/*
 * watch.h - folders watched for files that appear, change or go (Linux
 * inotify), told to the caller once a burst of changes is over.
 *
 *   static void wake(void *user) { ...push an event to the main loop... }
 *   sah_watch_t *w = sah_watch_new(300, 3000, wake, user);
 *   sah_watch_add(w, "/media/usb/news");         // each folder, not its subfolders
 *   ... on the main loop's event:
 *   if (sah_watch_take(w)) { ...read the folders again, skipping
 *                            sah_watch_busy(w, path)... }
 *   sah_watch_free(w);
 *
 * A thread of the watch's own sleeps in poll() on the inotify descriptor:
 * no wake-up while nothing changes. After a change it waits until the
 * folders have been quiet for @quiet_ms (a sync writing 500 files is one
 * call of @fn, or a few), but never longer than @max_ms after the first
 * change of the burst, then calls @fn once and sleeps again: the timer
 * ends with the burst.
 *
 * What counts as a change: a file written and closed (IN_CLOSE_WRITE), moved
 * in or out (IN_MOVED_TO, IN_MOVED_FROM), deleted; a subfolder made or
 * removed; a watched folder gone. A file being written (modified, not yet
 * closed) is no change yet: it is "busy" until it is closed, so that a
 * half-written file is never read (sah_watch_busy()). Temporary files of
 * sync engines and editors are no change at all (sah_watch_ignored_name()).
 *
 * Limits: the kernel's inotify watches (fs.inotify.max_user_watches) and
 * instances (max_user_instances). Past them sah_watch_new() returns NULL or
 * sah_watch_add() false, with one log line; the caller reads the folders
 * again at other moments (docs/limits.md).
 */
#ifndef SAH_WATCH_H
#define SAH_WATCH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sah_watch sah_watch_t;

/* Called on the watch's thread once a burst of changes is over: it must
 * only wake the main loop (SDL_PushEvent() is safe from any thread). */
typedef void (*sah_watch_fn)(void *user);

/*
 * sah_watch_new:
 * @quiet_ms: a burst is over when nothing changed for this long.
 * @max_ms: and at the latest this long after its first change.
 * @fn: (nullable): told when a burst is over.
 *
 * Returns: (transfer full) a watch of no folder yet, or NULL (one line
 * logged) when inotify or a thread is refused.
 */
sah_watch_t *sah_watch_new(int quiet_ms, int max_ms, sah_watch_fn fn, void *user)
    __attribute__((warn_unused_result));

/* Stops the thread and frees @w; NULL is a no-op. @fn is not called after. */
void sah_watch_free(sah_watch_t *w);

/*
 * sah_watch_add:
 * @dir: a folder, watched for its own entries (not its subfolders'). A folder
 *   watched already is not watched twice.
 *
 * Returns: false when the kernel refused: the watches are used up (logged
 * once for @w) or @dir cannot be read (not logged: the library says so).
 */
bool sah_watch_add(sah_watch_t *w, const char *dir) __attribute__((warn_unused_result));

/* Returns: whether the kernel's watches ran out for @w (sah_watch_add()). */
bool sah_watch_exhausted(const sah_watch_t *w);

/* Returns: true once after a burst of changes is over (the call resets it),
 * or after the kernel dropped events (its queue overflowed). */
bool sah_watch_take(sah_watch_t *w);

/*
 * sah_watch_busy:
 * @path: a file, as a watched folder + "/" + its name.
 *
 * Returns: whether @path is being written: modified since it was last
 * closed, less than a minute ago (a writer that stalls longer, or one the
 * watch did not see open, is taken as done).
 */
bool sah_watch_busy(sah_watch_t *w, const char *path);

/*
 * sah_watch_ignored_name:
 * @name: a file's name (no folder).
 *
 * Returns: whether @name is a temporary file that a change of is no change:
 * hidden names (".NAME.XXXXXX" of rsync, ".syncthing.NAME.tmp",
 * ".~lock.NAME#", ".#NAME" of Emacs, ".NAME.swp" of Vim), names ending in
 * "~" (editors' backups, Syncthing's "NAME.~tmp~"), or starting with
 * "~syncthing~" (Syncthing on Windows filesystems), ".tmp" and ".part"
 * files (downloads).
 */
bool sah_watch_ignored_name(const char *name);

#endif
