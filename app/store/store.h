/*
 * store.h - the reader's memory: reading positions, bookmarks and settings,
 * kept in one SQLite file that survives power cuts.
 *
 *   sah_store_t *st = sah_store_open(NULL, NULL);  // $XDG_STATE_HOME/sahifa/sahifa.sqlite
 *   if (sah_store_notice(st))                      // recovered / not saving / locked
 *       show_once(sah_store_notice(st));
 *   sah_store_touch_article(st, hash, path, title);            // on opening an article
 *   sah_store_set_position(st, hash, &pos);                    // on every page turn
 *   sah_store_tick(st);                                        // from the event loop
 *   sah_store_add_bookmark(st, hash, off, snippet, NULL, &id); // written at once
 *   sah_store_flush(st);            // leaving the article, focus lost, SIGTERM, exit
 *   sah_store_free(st);             // flushes too
 *
 * WHAT A POWER CUT CAN LOSE
 * The file is SQLite in WAL mode with synchronous=FULL: every change that
 * returned SAH_STORE_OK has been fsync()ed to the write-ahead log before the
 * call returned, and SQLite's WAL recovery replays only whole transactions.
 * So after a power cut (or SIGKILL, or a crash), provided the card honours
 * fsync() (some cheap SD cards and USB sticks acknowledge writes they have
 * not made; no software can promise anything on those):
 *  - a bookmark (add, delete, note), a setting, an article's path/title and
 *    an import whose call returned SAH_STORE_OK are there; nothing else is
 *    half-written: a change is either all there or not there at all;
 *  - reading positions are coalesced to spare the SD card: page turns are
 *    written at most once per coalescing interval (5 s by default), so a
 *    power cut loses at most the page turns of the last interval (plus
 *    however long the event loop goes without calling sah_store_tick()).
 *    sah_store_flush() writes the pending position at once; call it when
 *    the reader leaves an article, the window loses focus, and on exit.
 *  - a change whose call returned an error was not made, with one exception
 *    that no storage stack can rule out: when fsync() itself fails the data
 *    may or may not have reached the disk, so after a crash the change may
 *    turn out to be there, whole (never torn).
 * tests/test-store-crash.c checks these claims (1,000 SIGKILLs of a writer,
 * and 1,000 simulated power cuts that drop any subset of the sectors not yet
 * fsync()ed); tests/test-store.c fails every write of every save in turn.
 *
 * Signals: SIGTERM/SIGINT handlers must not call into SQLite. Set a flag in
 * the handler, and have the main loop call sah_store_flush() (or
 * sah_store_free()) when it sees it.
 *
 * Failure is never fatal to reading: sah_store_open() returns a usable store
 * in every case but out-of-memory, sah_store_save_error() says whether
 * changes are being kept (ask it before telling anyone a change was saved),
 * and sah_store_status() says what happened:
 * a corrupt file is moved aside as "<file>.corrupt-<UTC timestamp>" and a
 * fresh store is created; an unwritable disk or a store held by another
 * running sahifa gives an in-memory store (with a copy of what could be read)
 * whose changes are not saved.
 *
 * One sah_store_t must be used from one thread at a time.
 *
 * The implementation has one file per job in app/store/ (store-db.h, their
 * private header, names them), over the SQLite plumbing in app/db/.
 */
#ifndef SAH_STORE_H
#define SAH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SAH_STORE_WUR __attribute__((warn_unused_result))

/* The file name inside the state directory (`--state-dir` or XDG). */
#define SAH_STORE_FILENAME "sahifa.sqlite"
/* The schema this build writes (PRAGMA user_version). */
#define SAH_STORE_SCHEMA_VERSION 1
/* Default coalescing interval for reading positions. */
#define SAH_STORE_COALESCE_MS_DEFAULT 5000

/* Longest line of a bookmarks import file; a longer one is skipped (and
 * counted as rejected) without being held in memory. */
#define SAH_STORE_MAX_IMPORT_LINE 65536
/* Largest bookmarks file `sahifa --import-bookmarks` reads (it reads the
 * file whole): 64 MiB, some 200,000 bookmarks of a usual size. */
#define SAH_STORE_MAX_IMPORT_BYTES ((size_t)64 * 1024 * 1024)

/* Limits on what callers hand in (bytes, UTF-8). Longer is rejected with
 * SAH_STORE_ERR_INVALID rather than cut, so that nothing is silently changed. */
#define SAH_STORE_HASH_MAX    128
#define SAH_STORE_SNIPPET_MAX 1024
#define SAH_STORE_TEXT_MAX    4096 /* note, title, path */
/* The largest byte offset of a bookmark or a position: an article's text is
 * at most SAH_ARTICLE_MAX_BYTES (app/content/article.h) long, so an offset past it
 * points at no text. Larger is SAH_STORE_ERR_INVALID (an import rejects the
 * line), so that no reader narrows one into another place. */
#define SAH_STORE_OFFSET_MAX 8388608

typedef struct sah_store sah_store_t;

/* How the store was opened; the caller shows sah_store_notice() once. */
typedef enum {
    SAH_STORE_ON_DISK = 0, /* normal */
    SAH_STORE_RECOVERED,   /* the file was corrupt: kept aside, a fresh store is on disk */
    SAH_STORE_MEMORY_ONLY, /* the disk cannot be written (read-only, full, I/O error,
                              or a store from a newer sahifa): changes are not saved */
    SAH_STORE_LOCKED,      /* another running sahifa holds the store: in memory, a copy */
} sah_store_status_t;

/* Result of an operation. A failed operation changed nothing. */
typedef enum {
    SAH_STORE_OK = 0,
    SAH_STORE_ERR_INVALID,   /* bad argument: NULL, empty, not hex, oversize, not UTF-8 */
    SAH_STORE_ERR_NOT_FOUND, /* no such bookmark / position */
    SAH_STORE_ERR_EXISTS,    /* a bookmark at that offset already exists */
    SAH_STORE_ERR_FULL,      /* the disk is full */
    SAH_STORE_ERR_READONLY,  /* the disk became read-only */
    SAH_STORE_ERR_IO,        /* the disk reported an I/O error */
    SAH_STORE_ERR_BUSY,      /* another program held the file too long */
    SAH_STORE_ERR_CORRUPT,   /* the file became corrupt while open */
    SAH_STORE_ERR_FORMAT,    /* import: not a sahifa bookmarks file, or a newer version */
    SAH_STORE_ERR_NOMEM,
} sah_store_err_t;

/* Injectable clocks (tests). Both NULL means the real ones. */
typedef struct {
    /* Monotonic milliseconds, for coalescing. NULL: CLOCK_MONOTONIC. */
    int64_t (*monotonic_ms)(void *user);
    /* Seconds since the epoch, for last-read and created times. NULL: time(). */
    int64_t (*wall_s)(void *user);
    void *user;
    /* Coalescing interval for positions; 0 means SAH_STORE_COALESCE_MS_DEFAULT,
     * negative means write every position at once. */
    int coalesce_ms;
    /* A registered SQLite VFS name (tests inject faults through one); NULL
     * means SQLite's default. */
    const char *vfs;
    /* Keep everything in memory for the life of the store and touch no file
     * (@path is ignored): the reader's tests. Nothing is meant to outlive the
     * process, so the status is SAH_STORE_ON_DISK and sah_store_save_error()
     * SAH_STORE_OK. */
    bool memory;
} sah_store_options_t;

/* A reading position. The geometry says where it was read (information only:
 * the byte offset is the position). */
typedef struct {
    int64_t offset; /* byte offset into the article text, >= 0 */
    int32_t page_w; /* page geometry at the time, pixels; 0 if unknown */
    int32_t page_h;
    int32_t font_px;
    int32_t page_no;   /* page index at that geometry */
    int64_t last_read; /* seconds since the epoch; set by the store on write */
    bool finished;
} sah_store_position_t;

typedef struct {
    int64_t id;
    char *hash;  /* article content hash, lowercase hex */
    char *title; /* (nullable) last known title of the article */
    int64_t offset;
    char *snippet;   /* "" if none */
    char *note;      /* (nullable) */
    int64_t created; /* seconds since the epoch */
} sah_store_bookmark_t;

typedef struct {
    size_t added;    /* new bookmarks */
    size_t skipped;  /* already present (same article and offset): left as they were */
    size_t rejected; /* lines that are not a valid bookmark (logged with their number) */
} sah_store_import_report_t;

/*
 * sah_store_default_path:
 *
 * Returns: (transfer full) "$XDG_STATE_HOME/sahifa/sahifa.sqlite" (free() it),
 * or NULL when no state directory can be named. Does not create anything.
 */
char *sah_store_default_path(void) SAH_STORE_WUR;

/*
 * sah_store_open:
 * @path: (nullable): the database file; NULL means sah_store_default_path(),
 *   whose directory is created. "<path>.lock" is created beside it.
 * @opts: (nullable): clocks, coalescing interval, VFS; NULL for defaults.
 *
 * Never fails for a reason the reader can do nothing about: see
 * sah_store_status(). Logs one line naming the file when it did not open
 * normally.
 *
 * Returns: (transfer full) a store, freed with sah_store_free(); NULL only
 * when out of memory.
 */
sah_store_t *sah_store_open(const char *path, const sah_store_options_t *opts) SAH_STORE_WUR;

/* sah_store_free: flushes the pending position (errors are logged), closes,
 * releases the lock. NULL is a no-op. */
void sah_store_free(sah_store_t *store);

sah_store_status_t sah_store_status(const sah_store_t *store);

/* Returns: (transfer none) a sentence for the reader about the status (NULL
 * when SAH_STORE_ON_DISK), valid until sah_store_free(). */

const char *sah_store_notice(const sah_store_t *store);

/*
 * sah_store_save_error:
 * Whether changes are being kept, for whoever tells the reader a change was
 * saved (the app's notice, the command line's exit status).
 *
 * Returns: SAH_STORE_OK while they are. In memory (SAH_STORE_MEMORY_ONLY,
 * SAH_STORE_LOCKED), the cause found at open: SAH_STORE_ERR_BUSY (another
 * sahifa holds the store), _READONLY (the file, its folder or the disk),
 * _FULL, _IO, _FORMAT (a newer sahifa's file), _CORRUPT (damaged and could
 * not be moved aside). On disk, the disk's error of the last write that
 * failed (_FULL, _READONLY, _IO, _BUSY, _CORRUPT), until a write succeeds.
 */
sah_store_err_t sah_store_save_error(const sah_store_t *store);

/* Returns: (transfer none) where the corrupt file was moved (only when
 * SAH_STORE_RECOVERED, else NULL), valid until sah_store_free(). */
const char *sah_store_corrupt_path(const sah_store_t *store);

/* Returns: (transfer none) a static English sentence for @err. */
const char *sah_store_strerror(sah_store_err_t err);

/*
 * sah_store_touch_article:
 * @hash: the article's content hash (hex; stored lowercase).
 * @path, @title: (nullable): last known file and title; NULL keeps the old.
 *
 * Written at once (one transaction). Returns: SAH_STORE_OK or why not.
 */
sah_store_err_t sah_store_touch_article(sah_store_t *store, const char *hash, const char *path,
                                        const char *title) SAH_STORE_WUR;

/* sah_store_get_article: @path/@title: (out) (transfer full) (nullable):
 * free() them. SAH_STORE_ERR_NOT_FOUND if the article is unknown. */
sah_store_err_t sah_store_get_article(sah_store_t *store, const char *hash, char **path,
                                      char **title) SAH_STORE_WUR;

/* Returns: whether an article was opened from @path (its row keeps the path
 * it was last opened from); false too when the store cannot say. A scan of
 * the articles read, a few hundred rows: for the library's listing, which
 * computes the identity at once only of files that may have a reading
 * state (library.h's sah_library_set_identify()). */
bool sah_store_knows_path(sah_store_t *store, const char *path);

/*
 * sah_store_set_position:
 *
 * Records the position in @hash (on a page turn). It is written when the
 * coalescing interval since the last position write has passed, else kept
 * pending until sah_store_tick() finds it due, sah_store_flush(), or a
 * position for another article (which writes the pending one first).
 * @pos->last_read is ignored: the store sets it.
 *
 * Returns: SAH_STORE_OK, or the error of a write it attempted; a position
 * whose write failed stays pending and is retried on the next write.
 */
sah_store_err_t sah_store_set_position(sah_store_t *store, const char *hash,
                                       const sah_store_position_t *pos) SAH_STORE_WUR;

/* sah_store_get_position: the latest position, pending or written, into
 * @out. SAH_STORE_ERR_NOT_FOUND if the article was never read. */
sah_store_err_t sah_store_get_position(sah_store_t *store, const char *hash,
                                       sah_store_position_t *out) SAH_STORE_WUR;

/* sah_store_tick: writes the pending position if its interval has passed.
 * Cheap when nothing is due; call it from the event loop. */
sah_store_err_t sah_store_tick(sah_store_t *store) SAH_STORE_WUR;

/* Milliseconds until sah_store_tick() has work (0: now), or -1 when nothing
 * is pending: a timeout for SDL_WaitEventTimeout(). */
int64_t sah_store_due_in_ms(const sah_store_t *store);

/* sah_store_flush: writes the pending position now (no-op if none). */
sah_store_err_t sah_store_flush(sah_store_t *store) SAH_STORE_WUR;

/* True while a position is waiting to be written. */
bool sah_store_has_pending(const sah_store_t *store);

/*
 * sah_store_add_bookmark:
 * @snippet: (nullable): the text at @offset for the list (<= SNIPPET_MAX bytes).
 * @note: (nullable).
 * @id: (out) (nullable): the new bookmark's id; with SAH_STORE_ERR_EXISTS,
 *   the id of the bookmark already at that offset.
 *
 * Written at once: when this returns SAH_STORE_OK the bookmark is on disk.
 */
sah_store_err_t sah_store_add_bookmark(sah_store_t *store, const char *hash, int64_t offset,
                                       const char *snippet, const char *note,
                                       int64_t *id) SAH_STORE_WUR;

sah_store_err_t sah_store_delete_bookmark(sah_store_t *store, int64_t id) SAH_STORE_WUR;

/* @note: (nullable): NULL removes the note. */
sah_store_err_t sah_store_set_bookmark_note(sah_store_t *store, int64_t id,
                                            const char *note) SAH_STORE_WUR;

/*
 * sah_store_list_bookmarks:
 * @hash: (nullable): one article's bookmarks, or NULL for all.
 * @out: (out) (transfer full): an array ordered by article then offset, freed
 *   with sah_store_bookmarks_free(); NULL when @n is 0.
 */
sah_store_err_t sah_store_list_bookmarks(sah_store_t *store, const char *hash,
                                         sah_store_bookmark_t **out, size_t *n) SAH_STORE_WUR;

/* Frees what sah_store_list_bookmarks() returned. NULL is a no-op. */
void sah_store_bookmarks_free(sah_store_bookmark_t *list, size_t n);

/*
 * sah_store_get_setting:
 * @key: one of "font_size", "line_spacing", "theme", "digits", "justify",
 *   "kashida".
 *
 * Returns: (transfer full) the stored value, or the default in code when none
 * is stored (free() it); NULL for an unknown key or out of memory.
 */
char *sah_store_get_setting(sah_store_t *store, const char *key) SAH_STORE_WUR;

/* Whether @key was stored (set and not put back to the default with NULL):
 * sah_store_get_setting() cannot tell a stored default from none. False for
 * an unknown key or a read error (logged). */
bool sah_store_has_setting(sah_store_t *store, const char *key);

/* Returns: (transfer none) the built-in default of @key (static), or NULL. */
const char *sah_store_setting_default(const char *key);

/* Stores @value (written at once); SAH_STORE_ERR_INVALID for an unknown key.
 * @value NULL goes back to the default. */
sah_store_err_t sah_store_set_setting(sah_store_t *store, const char *key,
                                      const char *value) SAH_STORE_WUR;

/*
 * sah_store_export_bookmarks:
 * Writes every bookmark as JSON Lines (docs/bookmarks-format.md) to @out.
 * @count: (out) (nullable): how many were written.
 * Returns: SAH_STORE_ERR_IO if @out could not be written.
 */
sah_store_err_t sah_store_export_bookmarks(sah_store_t *store, FILE *out,
                                           size_t *count) SAH_STORE_WUR;

/*
 * sah_store_export_bookmarks_file:
 * As sah_store_export_bookmarks(), into the file @path, whole or not at
 * all: written to a new file beside it, fsync()ed, then renamed onto it. On
 * any failure the new file is removed and @path is as it was (absent, or
 * the old export). A link is followed (the file it names is replaced); a
 * path that is not a regular file (a pipe, /dev/stdout) is written in
 * place. One line on stderr names the file on an error.
 * Returns: SAH_STORE_ERR_FULL, _READONLY or _IO when it was not written.
 */
sah_store_err_t sah_store_export_bookmarks_file(sah_store_t *store, const char *path,
                                                size_t *count) SAH_STORE_WUR;

/*
 * sah_store_import_bookmarks:
 * Reads JSON Lines (docs/bookmarks-format.md) from @in and adds the
 * bookmarks that are not there yet, in one transaction: all or nothing on a
 * disk error. Importing the same file twice adds nothing the second time.
 * @name: (nullable): the file's name for log lines.
 * @report: (out) (nullable): counts.
 */
sah_store_err_t sah_store_import_bookmarks(sah_store_t *store, FILE *in, const char *name,
                                           sah_store_import_report_t *report) SAH_STORE_WUR;

#endif
