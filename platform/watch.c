/* watch.c - see watch.h. */
#define _GNU_SOURCE /* pipe2 */
#include "platform/watch.h"

#include "platform/grow.h"
#include "platform/log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

/* A writer silent for this long is taken as done (watch.h). */
#define BUSY_MS 60000.0

/* What the watch asks the kernel for: see watch.h for what counts. */
#define WATCH_MASK                                                                                 \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_MODIFY |            \
     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

typedef struct {
    int wd;
    char *dir;
} folder_t;

typedef struct {
    char *path;
    double since; /* last modified, ms */
} busy_t;

struct sah_watch {
    int fd;      /* inotify */
    int stop[2]; /* a pipe: a byte written ends the thread */
    pthread_t thread;
    bool running;
    int quiet_ms, max_ms;
    sah_watch_fn fn;
    void *user;
    pthread_mutex_t mu; /* guards what follows: the thread and the caller share it */
    folder_t *folders;
    size_t n_folders, cap_folders;
    busy_t *busy;
    size_t n_busy, cap_busy;
    bool changed;   /* a burst ended since sah_watch_take() */
    bool exhausted; /* the kernel's watches ran out (logged once) */
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static bool ends_with(const char *s, size_t n, const char *tail)
{
    size_t k = strlen(tail);
    return n >= k && memcmp(s + n - k, tail, k) == 0;
}

bool sah_watch_ignored_name(const char *name)
{
    size_t n = strlen(name);
    return n == 0 || name[0] == '.' || name[n - 1] == '~' ||
           strncmp(name, "~syncthing~", 11) == 0 || ends_with(name, n, ".tmp") ||
           ends_with(name, n, ".part");
}

/* ---- the state shared with the thread (under mu) ------------------------ */

static const char *folder_of(const sah_watch_t *w, int wd)
{
    for (size_t i = 0; i < w->n_folders; i++)
        if (w->folders[i].wd == wd)
            return w->folders[i].dir;
    return NULL;
}

static void forget_folder(sah_watch_t *w, int wd)
{
    for (size_t i = 0; i < w->n_folders; i++) {
        if (w->folders[i].wd == wd) {
            free(w->folders[i].dir);
            w->folders[i] = w->folders[--w->n_folders];
            return;
        }
    }
}

static busy_t *find_busy(sah_watch_t *w, const char *path)
{
    for (size_t i = 0; i < w->n_busy; i++)
        if (strcmp(w->busy[i].path, path) == 0)
            return &w->busy[i];
    return NULL;
}

/* Marks @path busy (@on) or done. Out of memory, a busy file is not
 * remembered: it may then be read half-written, as without a watch. */
static void set_busy(sah_watch_t *w, const char *dir, const char *name, bool on)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0)
        return;
    busy_t *b = find_busy(w, path);
    if (on && b) {
        b->since = now_ms();
    } else if (on && sah_grow((void **)&w->busy, &w->cap_busy, w->n_busy + 1, sizeof *w->busy)) {
        w->busy[w->n_busy++] = (busy_t){path, now_ms()};
        path = NULL;
    } else if (!on && b) {
        free(b->path);
        *b = w->busy[--w->n_busy];
    }
    free(path);
}

/* ---- the thread ---------------------------------------------------------- */

/* Reads what the kernel has; returns whether any of it is a change. */
static bool read_events(sah_watch_t *w)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool change = false;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0)
            return change; /* EAGAIN: all read */
        pthread_mutex_lock(&w->mu);
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *e = (const struct inotify_event *)(void *)p;
            p += sizeof *e + e->len;
            const char *dir = folder_of(w, e->wd);
            if (e->mask & IN_Q_OVERFLOW) {
                change = true; /* events were lost: read everything again */
                continue;
            }
            if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                change = true; /* a bundle's folder went */
                if (e->mask & IN_IGNORED)
                    forget_folder(w, e->wd);
                continue;
            }
            if (!e->len || !dir || sah_watch_ignored_name(e->name))
                continue;
            bool is_dir = e->mask & IN_ISDIR;
            if (!is_dir && (e->mask & (IN_MODIFY | IN_CREATE)))
                set_busy(w, dir, e->name, true);
            if (!is_dir && (e->mask & (IN_CLOSE_WRITE | IN_MOVED_FROM | IN_DELETE)))
                set_busy(w, dir, e->name, false);
            /* A file made and still open is no change until it is closed;
             * a folder made is (its files are read with it). */
            if ((e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)) ||
                (is_dir && (e->mask & IN_CREATE)))
                change = true;
        }
        pthread_mutex_unlock(&w->mu);
    }
}

/* When the burst that began at @first and last changed at @last is over. */
static double burst_end(const sah_watch_t *w, double first, double last)
{
    double quiet = last + w->quiet_ms, cap = first + w->max_ms;
    return quiet < cap ? quiet : cap;
}

static void *run(void *arg)
{
    sah_watch_t *w = arg;
    double first = 0, last = 0;
    bool pending = false;
    for (;;) {
        int timeout = -1;
        if (pending) {
            double left = burst_end(w, first, last) - now_ms();
            timeout = left > 0 ? (int)left + 1 : 0;
        }
        struct pollfd fds[2] = {{w->stop[0], POLLIN, 0}, {w->fd, POLLIN, 0}};
        int got = poll(fds, 2, timeout);
        if (got < 0 && errno != EINTR)
            break;
        if (got > 0 && fds[0].revents)
            break;
        if (got > 0 && (fds[1].revents & POLLIN) && read_events(w)) {
            last = now_ms();
            if (!pending)
                first = last;
            pending = true;
        }
        /* Past the end of the burst, even while writes that are no change
         * yet (a file growing) keep the descriptor busy. */
        if (pending && now_ms() >= burst_end(w, first, last)) {
            pending = false;
            pthread_mutex_lock(&w->mu);
            w->changed = true;
            pthread_mutex_unlock(&w->mu);
            if (w->fn)
                w->fn(w->user);
        }
    }
    return NULL;
}

/* ---- the caller's side ---------------------------------------------------- */

sah_watch_t *sah_watch_new(int quiet_ms, int max_ms, sah_watch_fn fn, void *user)
{
    sah_watch_t *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    *w = (sah_watch_t){
        .fd = -1, .stop = {-1, -1}, .quiet_ms = quiet_ms, .max_ms = max_ms, .fn = fn, .user = user};
    pthread_mutex_init(&w->mu, NULL);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        sah_log("cannot watch the library's folders: %s%s", strerror(errno),
                errno == EMFILE ? " (fs.inotify.max_user_instances)" : "");
        goto fail;
    }
    if (pipe2(w->stop, O_CLOEXEC) != 0 || pthread_create(&w->thread, NULL, run, w) != 0) {
        sah_log("cannot watch the library's folders: %s", strerror(errno));
        goto fail;
    }
    w->running = true;
    return w;
fail:
    sah_watch_free(w);
    return NULL;
}

void sah_watch_free(sah_watch_t *w)
{
    if (!w)
        return;
    if (w->running) {
        ssize_t k = write(w->stop[1], "x", 1);
        (void)k; /* a full pipe would already wake the thread */
        pthread_join(w->thread, NULL);
    }
    for (int i = 0; i < 2; i++)
        if (w->stop[i] >= 0)
            close(w->stop[i]);
    if (w->fd >= 0)
        close(w->fd);
    for (size_t i = 0; i < w->n_folders; i++)
        free(w->folders[i].dir);
    for (size_t i = 0; i < w->n_busy; i++)
        free(w->busy[i].path);
    free(w->folders);
    free(w->busy);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

bool sah_watch_add(sah_watch_t *w, const char *dir)
{
    pthread_mutex_lock(&w->mu);
    int wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
    int err = errno;
    bool ok = wd >= 0;
    if (!ok && err == ENOSPC && !w->exhausted) {
        w->exhausted = true;
        sah_log("%s: cannot watch the folder: the system's inotify watches are used up "
                "(fs.inotify.max_user_watches); the library is read again when the window "
                "gets the focus",
                dir);
    } else if (ok && !folder_of(w, wd)) {
        /* Room first: the copy then always has its place. */
        ok = sah_grow((void **)&w->folders, &w->cap_folders, w->n_folders + 1, sizeof *w->folders);
        char *copy = ok ? strdup(dir) : NULL;
        if (copy)
            w->folders[w->n_folders++] = (folder_t){wd, copy};
        ok = copy != NULL;
    }
    pthread_mutex_unlock(&w->mu);
    return ok;
}

bool sah_watch_exhausted(const sah_watch_t *w)
{
    return w->exhausted;
}

bool sah_watch_take(sah_watch_t *w)
{
    pthread_mutex_lock(&w->mu);
    bool c = w->changed;
    w->changed = false;
    pthread_mutex_unlock(&w->mu);
    return c;
}

bool sah_watch_busy(sah_watch_t *w, const char *path)
{
    pthread_mutex_lock(&w->mu);
    const busy_t *b = find_busy(w, path);
    bool busy = b && now_ms() - b->since < BUSY_MS;
    pthread_mutex_unlock(&w->mu);
    return busy;
}
