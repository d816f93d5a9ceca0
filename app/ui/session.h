/*
 * session.h - the reader application's state as one object: the UI, the
 * store as persist.h gives it (positions, bookmarks, settings), the library
 * screen, the reader screen with its menu, and which article is open.
 *
 *   sah_session_opts_t o = SAH_SESSION_OPTS_INIT;
 *   o.state_dir = dir;                         // NULL: the XDG state dir
 *   sah_session_t *s = sah_session_new(&o);
 *   sah_session_set_library(s, lib, bundles);  // the library screen
 *   sah_session_open_article(s, path);         // the reader, at the saved place
 *   sah_session_turn(s, SAH_ACT_NEXT);         // the place is saved
 *   sah_session_toggle_bookmark(s, &id);
 *   sah_session_close_article(s);              // back to the library
 *   sah_session_free(s);                       // saves and flushes
 *
 * The dispatcher (dispatch.h) maps input to these calls for the window
 * (app/main.c), the soak test (tests/soak.c) and tests/test-dispatch.c; the
 * soak test also calls them itself and checks what they report, so that it
 * measures the app's own wiring. The session draws nothing itself and knows
 * no window: the screens' frames are read through the accessors.
 *
 * A failed call logs one line and leaves a consistent state (the article
 * open or not, the screens at one size), so that the app may go on without
 * looking at the result; the results are there for the soak test.
 */
#ifndef SAH_SESSION_H
#define SAH_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ui/input.h"
#include "app/content/library.h"
#include "app/ui/libmenu.h"
#include "app/ui/libview.h"
#include "app/ui/menu.h"
#include "app/store/persist.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "app/ui/findbar.h"
#include "app/ui/noteview.h"
#include "app/ui/searchview.h"

typedef struct sah_session sah_session_t;

typedef struct {
    const char *lang;      /* UI language, "ar" or "en" */
    const char *fonts;     /* the article's fonts (reader.h), "default" */
    const char *state_dir; /* (nullable): the store's folder; NULL: XDG's */
    int width, height;     /* the screens' size in pixels, as laid out */
    /* The digit policy and kashida (reader.h) for this run, over the saved
     * choices (which stay saved); -1: the saved ones. */
    int digits, kashida;
} sah_session_opts_t;

#define SAH_SESSION_OPTS_INIT                                                                      \
    {                                                                                              \
        "ar", "default", NULL, 800, 480, -1, -1                                                    \
    }

/*
 * sah_session_new:
 * Opens the store, reads the saved settings (@o's digits and kashida
 * over them) and makes the screens at @o's size; the library
 * screen is current, with no library until sah_session_set_library().
 * The strings of @o are copied where kept.
 *
 * Returns: (transfer full) a session, or NULL (logged) when the UI's fonts
 * or memory are missing. A store that cannot be opened is not an error: the
 * store keeps changes in memory and says so (persist.h).
 */
sah_session_t *sah_session_new(const sah_session_opts_t *o) __attribute__((warn_unused_result));

/* Saves the reading position, flushes the store and frees everything the
 * session owns, the library included. NULL is a no-op. */
void sah_session_free(sah_session_t *s);

/* (transfer none): the session's parts, owned by @s, valid until
 * sah_session_free(). Callers use them to draw, to feed input the session
 * does not interpret (the menu's keys, the list's moves) and to read state. */
sah_ui_t *sah_session_ui(sah_session_t *s);
sah_persist_t *sah_session_persist(sah_session_t *s);
sah_reader_t *sah_session_reader(sah_session_t *s);
sah_libview_t *sah_session_libview(sah_session_t *s);
sah_menu_t *sah_session_menu(sah_session_t *s);
/* The search screen (library or article), find in the open article, the
 * note screen. */
sah_searchview_t *sah_session_searchview(sah_session_t *s);
sah_findbar_t *sah_session_findbar(sah_session_t *s);
sah_noteview_t *sah_session_noteview(sah_session_t *s);
/* Returns: (transfer none) (nullable) the library shown, owned by @s, valid
 * until it is replaced or @s freed. */
sah_library_t *sah_session_library(sah_session_t *s);
/* Reads the open article's bookmarks from the store again (after a
 * deletion is undone): the reader's ribbons and the menu's list. */
bool sah_session_reload_bookmarks(sah_session_t *s);
sah_libmenu_t *sah_session_libmenu(sah_session_t *s);

/*
 * sah_session_set_library:
 * @lib: (transfer full): the scanned library shown on the library screen;
 *   freed by the session (also on failure).
 * @hint: (nullable): the empty screen's line (where bundles go).
 * Returns: false when out of memory.
 */
bool sah_session_set_library(sah_session_t *s, sah_library_t *lib, const char *hint)
    __attribute__((warn_unused_result));

/*
 * sah_session_replace_library:
 * @lib: (transfer full): the library read again (its folders changed);
 *   freed by the session (also on failure).
 *
 * The library screen shows @lib at the same place (libview.h); an article
 * open on the reader stays open, even if its file is gone (its text is the
 * reader's). Returns: false when out of memory (the old library is kept).
 */
bool sah_session_replace_library(sah_session_t *s, sah_library_t *lib)
    __attribute__((warn_unused_result));

/* True while an article is open on the reader screen (the menu over it
 * included); false on the library screen. */
bool sah_session_in_reader(const sah_session_t *s);

/* The open article's content hash, "" on the library screen; one still
 * being computed after the article's first page is finished first.
 * (transfer none): owned by @s, valid until the next open or close. */
const char *sah_session_hash(sah_session_t *s);

/* Up to this many bytes of an article's text are hashed for its identity
 * when it opens (its saved place shown at once); the rest of a longer one,
 * unless the library knows the file unchanged, after its first page is
 * shown (sah_reader_idle()), then the place and bookmarks are read. About
 * 3.5 M instructions. */
#define SAH_SESSION_ID_NOW_BYTES ((size_t)SAH_LIBRARY_LAZY_ID_MAX_BYTES)

/*
 * sah_session_open_article:
 * Loads @path, opens it at its saved place with its bookmarks shown, makes
 * the reader current and saves the place (the library's "continue reading"
 * then names it). For a long article the library does not know unchanged,
 * the place, the bookmarks and the save come after its first page, once
 * the reader's idle steps have found its identity (a page turned before
 * then is kept); a bookmark, a suspend or a close finishes it first. Returns false (logged, naming
 * the file) when it cannot be read; the current screen and article are then kept.
 */
bool sah_session_open_article(sah_session_t *s, const char *path)
    __attribute__((warn_unused_result));

/* Back to the library: the menu closes, the place is saved and the store
 * flushed, the list reads the positions again. False when the flush or the
 * list's refresh failed (logged); the library is current either way. */
bool sah_session_close_article(sah_session_t *s);

/* Saves the reader's place (a no-op on the library screen). False when the
 * backend refused it (logged). */
bool sah_session_save_position(sah_session_t *s);

/* The focus left, or the app ends: the place is saved and the store's
 * pending writes are flushed. False when either failed (logged). */
bool sah_session_suspend(sah_session_t *s);

/* A page turn (SAH_ACT_NEXT, _PREV, _HOME, _END) on the reader, the place
 * saved when it moved. Returns: whether the page changed. */
bool sah_session_turn(sah_session_t *s, sah_action_t act);

/*
 * sah_session_set_settings:
 * Applies @want to the reader (clamped to its steps; a reflow keeps the
 * place), saves the settings that changed and themes the library alike.
 * Returns: false when the reader refused them (out of memory) or one was not
 * saved (logged); the reader's settings are then whatever it holds.
 */
bool sah_session_set_settings(sah_session_t *s, const sah_reader_settings_t *want);

typedef enum {
    SAH_SESSION_BOOKMARK_FAILED = 0, /* nothing changed in the store (logged) */
    SAH_SESSION_BOOKMARK_ADDED,      /* the page has a new bookmark */
    SAH_SESSION_BOOKMARK_REMOVED,    /* the page's bookmark was deleted */
} sah_session_bookmark_t;

/*
 * sah_session_toggle_bookmark:
 * The reader's B key or long press: the page's bookmark is deleted if it has
 * one, else one is added at the page's start with a snippet. The reader's
 * ribbons are read again from the store either way.
 * @id: (out) (nullable): the id of the bookmark added or removed.
 */
sah_session_bookmark_t sah_session_toggle_bookmark(sah_session_t *s, int64_t *id);

/* Writes the store's pending position when due (the event loop's timer)
 * and updates the notice. False when the write failed (logged). */
bool sah_session_tick(sah_session_t *s);

/*
 * sah_session_update_notice:
 * Asks the store whether changes are being kept (sah_persist_health()) and
 * sets the UI's lasting notice to say why not, or takes it away
 * (sah_ui_set_notice()). Every call of the session that writes does this
 * itself; the app calls it before it presents a frame, for the writes of
 * the menu (settings, a deleted bookmark) that go to the store directly.
 */
void sah_session_update_notice(sah_session_t *s);

/* A new window size: the UI scale, then every screen. False (logged) when
 * one refused it (out of memory, or too large: reader.h); the size kept is
 * then the old one. */
bool sah_session_resize(sah_session_t *s, int width, int height);

/* The size the screens are laid out at. */
void sah_session_size(const sah_session_t *s, int *width, int *height);

#endif
