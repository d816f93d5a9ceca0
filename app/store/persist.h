/*
 * persist.h - what the reader remembers (positions, bookmarks, settings),
 * behind a small table of functions so that the screens do not care where it
 * is kept. sah_persist_new_memory() keeps it for the life of the process;
 * sah_persist_new_store() keeps it in the SQLite store (app/store/store.h, issue
 * 6) through an ops table that forwards to sah_store_* (persist-store.c).
 *
 *   sah_persist_t *p = sah_persist_new_memory();
 *   sah_persist_set_position(p, hash, path, title, offset, 0.25);
 *   uint32_t off;
 *   if (sah_persist_get_position(p, hash, &off, NULL)) ...;
 *   sah_persist_free(p);
 *
 * Setting keys and values are the store's own (store.c): "font_size" (px,
 * "22"), "line_spacing" ("1.6"), "theme" (light | dark | sepia), "digits"
 * (arabic | latin), "justify" (true | false). Callers check what they read.
 *
 * Errors: every operation returns false when it did not happen; the backend
 * logs its one line. Reading never depends on a save succeeding.
 */
#ifndef SAH_PERSIST_H
#define SAH_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether what the reader changes is being kept, and if not why: what the
 * app shows in its lasting notice. */
typedef enum {
    SAH_PERSIST_SAVING = 0, /* kept (or the backend keeps nothing on purpose) */
    SAH_PERSIST_LOCKED,     /* another sahifa holds the store: this one keeps a copy */
    SAH_PERSIST_READONLY,   /* the file, its folder or the disk cannot be written */
    SAH_PERSIST_FULL,       /* the disk is full */
    SAH_PERSIST_DISK_ERROR, /* the disk reported an error */
    SAH_PERSIST_NEWER,      /* the store is from a newer sahifa: left alone */
    SAH_PERSIST_DAMAGED,    /* the store is damaged and could not be set aside */
    SAH_PERSIST_RECOVERED,  /* saving, but the damaged store was set aside at start:
                               what it held is not shown */
} sah_persist_health_t;

typedef struct {
    int64_t id;
    uint32_t offset; /* byte offset in the article text */
    char *snippet;   /* (transfer full with the list) text at @offset, "" if none */
} sah_bookmark_t;

/* A backend. Strings passed in are (transfer none); strings returned are
 * (transfer full, free()). @user is the backend's state. */
typedef struct {
    bool (*get_position)(void *user, const char *hash, uint32_t *offset, int64_t *last_read);
    bool (*set_position)(void *user, const char *hash, const char *path, const char *title,
                         uint32_t offset, double fraction);
    /* The article read most recently: its hash and path. May be NULL: the
     * library then picks the position with the latest last_read. */
    bool (*last_article)(void *user, char **hash, char **path);
    bool (*add_bookmark)(void *user, const char *hash, uint32_t offset, const char *snippet,
                         int64_t *id);
    bool (*delete_bookmark)(void *user, int64_t id);
    /* (transfer full) an array ordered by offset: free with sah_bookmarks_free(). */
    bool (*list_bookmarks)(void *user, const char *hash, sah_bookmark_t **out, size_t *n);
    char *(*get_setting)(void *user, const char *key); /* NULL: not set */
    bool (*set_setting)(void *user, const char *key, const char *value);
    /* Writes what is pending (leaving an article, focus lost, exit). */
    bool (*flush)(void *user);
    /* Milliseconds until the backend wants tick() (-1: never); tick may be NULL. */
    int (*due_in_ms)(void *user);
    bool (*tick)(void *user);
    void (*destroy)(void *user);
    /* May be NULL: always SAH_PERSIST_SAVING. */
    sah_persist_health_t (*health)(void *user);
} sah_persist_ops_t;

typedef struct sah_persist sah_persist_t;

/* Wraps a backend. @ops: (transfer none) must outlive the result (a static
 * table); @user: (transfer full): given to ops->destroy by sah_persist_free().
 * Returns: (transfer full), NULL when out of memory (@user is destroyed). */
sah_persist_t *sah_persist_new(const sah_persist_ops_t *ops, void *user)
    __attribute__((warn_unused_result));

/* Returns: (transfer full) a backend that keeps everything in memory. */
sah_persist_t *sah_persist_new_memory(void) __attribute__((warn_unused_result));

/*
 * sah_persist_new_store:
 * @state_dir: (nullable): the folder of the store file (SAH_STORE_FILENAME),
 *   created if missing; NULL for $XDG_STATE_HOME/sahifa.
 *
 * The SQLite store (store.h): positions coalesced to spare the SD card
 * (flush on leaving an article, focus lost, exit), the rest written at once.
 * A store that cannot be written works in memory (the store logs why).
 *
 * Returns: (transfer full), NULL only when out of memory.
 */
sah_persist_t *sah_persist_new_store(const char *state_dir) __attribute__((warn_unused_result));

/* Flushes, destroys the backend. NULL is a no-op. */
void sah_persist_free(sah_persist_t *p);

/* @last_read: (out) (nullable): seconds since the epoch. */
bool sah_persist_get_position(sah_persist_t *p, const char *hash, uint32_t *offset,
                              int64_t *last_read);
/* @fraction: how far through the article (0..1), for the library's bar. */
bool sah_persist_set_position(sah_persist_t *p, const char *hash, const char *path,
                              const char *title, uint32_t offset, double fraction);
/* @hash, @path: (out) (transfer full): free() them. */
bool sah_persist_last_article(sah_persist_t *p, char **hash, char **path);
bool sah_persist_add_bookmark(sah_persist_t *p, const char *hash, uint32_t offset,
                              const char *snippet, int64_t *id);
bool sah_persist_delete_bookmark(sah_persist_t *p, int64_t id);
/* @out: (out) (transfer full): free with sah_bookmarks_free(*out, *n). */
bool sah_persist_list_bookmarks(sah_persist_t *p, const char *hash, sah_bookmark_t **out,
                                size_t *n);
void sah_bookmarks_free(sah_bookmark_t *list, size_t n);
/* Returns: (transfer full) the value, or NULL when not set. */
char *sah_persist_get_setting(sah_persist_t *p, const char *key);
bool sah_persist_set_setting(sah_persist_t *p, const char *key, const char *value);
bool sah_persist_flush(sah_persist_t *p);
/* For the event loop's timeout: -1 when nothing is pending. */
int sah_persist_due_in_ms(sah_persist_t *p);
bool sah_persist_tick(sah_persist_t *p);
/* Whether changes are being kept, asked again after every change: a disk
 * that fills up while the reader runs shows at the next write. */
sah_persist_health_t sah_persist_health(sah_persist_t *p);

#endif
