/*
 * persist.h - what the reader remembers (positions, bookmarks, settings), as
 * the screens ask for it: the SQLite store (store.h) with the reader's 32-bit
 * offsets, its "not set" for settings, the article's path and title written
 * once per article, and one health answer for the lasting notice.
 * sah_persist_new_store() keeps it in the state dir; sah_persist_new_memory()
 * is the same store kept in memory for the life of the process (tests).
 *
 *   sah_persist_t *p = sah_persist_new_memory();
 *   sah_persist_set_position(p, hash, path, title, offset, 0.25);
 *   uint32_t off;
 *   if (sah_persist_get_position(p, hash, &off, NULL)) ...;
 *   sah_persist_free(p);
 *
 * Setting keys and values are the store's own (store.c): "font_size" (px,
 * "22"), "line_spacing" ("1.6"), "theme" (light | dark | sepia), "digits"
 * (as-written | arabic | western), "justify" (true | false), "kashida" (off |
 * moderate | strong). Callers check what they read.
 *
 * Errors: every operation returns false when it did not happen, with the
 * store's one line on stderr. Reading never depends on a save succeeding.
 *
 * SAHIFA_TRACE_SAVES in the environment: one line on stderr for each change
 * once it is on the disk, so that a test that kills the app knows what it
 * was told was kept.
 */
#ifndef SAH_PERSIST_H
#define SAH_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/store/store.h"

/* Whether what the reader changes is being kept, and if not why: what the
 * app shows in its lasting notice. */
typedef enum {
    SAH_PERSIST_SAVING = 0, /* kept (or in memory on purpose: sah_persist_new_memory()) */
    SAH_PERSIST_LOCKED,     /* another sahifa holds the store: this one keeps a copy */
    SAH_PERSIST_READONLY,   /* the file, its folder or the disk cannot be written */
    SAH_PERSIST_FULL,       /* the disk is full */
    SAH_PERSIST_DISK_ERROR, /* the disk reported an error */
    SAH_PERSIST_NEWER,      /* the store is from a newer sahifa: left alone */
    SAH_PERSIST_DAMAGED,    /* the store is damaged and could not be set aside */
    SAH_PERSIST_RECOVERED,  /* saving, but the damaged store was set aside at start:
                               what it held is not shown */
} sah_persist_health_t;

typedef struct sah_persist sah_persist_t;

/*
 * sah_persist_new_store:
 * @state_dir: (nullable): the folder of the store file (SAH_STORE_FILENAME),
 *   created if missing; NULL for $XDG_STATE_HOME/sahifa.
 *
 * The SQLite store (store.h): positions coalesced to spare the SD card
 * (flush on leaving an article, focus lost, exit), the rest written at once.
 * A store that cannot be written works in memory (the store logs why, and
 * sah_persist_health() says so).
 *
 * Returns: (transfer full), NULL only when out of memory.
 */
sah_persist_t *sah_persist_new_store(const char *state_dir) __attribute__((warn_unused_result));

/* Returns: (transfer full) the store kept in memory only (no file is
 * touched; health is SAH_PERSIST_SAVING), NULL when out of memory. */
sah_persist_t *sah_persist_new_memory(void) __attribute__((warn_unused_result));

/* Flushes, closes the store. NULL is a no-op. */
void sah_persist_free(sah_persist_t *p);

/* Whether an article was opened from @path (store.h's sah_store_knows_path()). */
bool sah_persist_knows_path(sah_persist_t *p, const char *path);

/* @last_read: (out) (nullable): seconds since the epoch. */
bool sah_persist_get_position(sah_persist_t *p, const char *hash, uint32_t *offset,
                              int64_t *last_read);
/* @fraction: how far through the article (0..1); 1 marks it finished. */
bool sah_persist_set_position(sah_persist_t *p, const char *hash, const char *path,
                              const char *title, uint32_t offset, double fraction);
bool sah_persist_add_bookmark(sah_persist_t *p, const char *hash, uint32_t offset,
                              const char *snippet, int64_t *id);
bool sah_persist_delete_bookmark(sah_persist_t *p, int64_t id);
/* @note: (nullable): NULL or "" takes the note away. */
bool sah_persist_set_bookmark_note(sah_persist_t *p, int64_t id, const char *note);
/* Puts back a bookmark deleted (undo): its article, offset, snippet and
 * note; @id: (out) (nullable) its new id. */
bool sah_persist_restore_bookmark(sah_persist_t *p, const sah_store_bookmark_t *b, int64_t *id);
/* @out: (out) (transfer full): ordered by offset, each offset at most
 * SAH_STORE_OFFSET_MAX (so it fits the reader's uint32_t); free with
 * sah_store_bookmarks_free(*out, *n). */
bool sah_persist_list_bookmarks(sah_persist_t *p, const char *hash, sah_store_bookmark_t **out,
                                size_t *n);
/* Returns: (transfer full) the value, or NULL when not set (the store's
 * default is "not set": the reader's own defaults depend on the UI language). */
char *sah_persist_get_setting(sah_persist_t *p, const char *key);
bool sah_persist_set_setting(sah_persist_t *p, const char *key, const char *value);
/* Writes the pending position (leaving an article, focus lost, exit). */
bool sah_persist_flush(sah_persist_t *p);
/* For the event loop's timeout: -1 when nothing is pending. */
int sah_persist_due_in_ms(sah_persist_t *p);
bool sah_persist_tick(sah_persist_t *p);
/* Whether changes are being kept, asked again after every change: a disk
 * that fills up while the reader runs shows at the next write. */
sah_persist_health_t sah_persist_health(sah_persist_t *p);

#endif
