/*
 * menu.h - the reader's menus as a window-free model, drawn with the render
 * engine like the other screens: the settings menu (font size, line spacing,
 * theme, digits, justification, and the ways to move: bookmarks, go to page,
 * start, end, library), the bookmarks list of the open article, and the go
 * to page prompt with its number pad.
 *
 *   sah_menu_t *m = sah_menu_new(ui, 800, 480);
 *   if (!sah_menu_open(m, SAH_MENU_MODE_MAIN, reader, persist, hash)) ...;
 *   sah_menu_result_t res = sah_menu_key(m, &ev);   // or sah_menu_tap(m, x, y)
 *   const sah_pagebuf_t *pic = sah_menu_frame(m);     // upload it
 *   if (res == SAH_MENU_RES_CLOSED) ...;              // back to the reader
 *   sah_menu_free(m);
 *
 * The menu acts on the reader and the store (persist.h) it was opened with: a
 * setting changes the reader at once (a reflow keeps the place, reader.h)
 * and is saved; a jump moves the reader; a deleted bookmark leaves the store
 * and the page's ribbon. The caller saves the reading position after a
 * SAH_MENU_RES_CLOSED (the page may have changed).
 *
 * Layout follows the UI's direction (right to left in Arabic): labels at the
 * start edge, controls at the end edge, a stepper's "more" outermost. Tap
 * targets are at least 52 px tall and wide at 800x480 (9 mm on the 7-inch
 * panel) and scale with the screen.
 *
 * Keys. Menu: Up/Down choose a row, Left/Right change it (Left is "more" in
 * an Arabic UI, as it is "forward" on a page), + and - too, Enter cycles a
 * setting or runs an action, L bookmarks, G go to page, Esc or M closes.
 * Bookmarks: Up/Down, Enter jumps, Backspace or - deletes, Esc goes back.
 * Contents: Up/Down, Enter jumps to the section's page, Esc or C goes back.
 * Go to page: digits, Backspace, Up/Down one page, PageUp/PageDown or +/-
 * ten, Home/End, Enter goes, Esc goes back.
 *
 * Kiosk (sah_menu_set_locked): the settings other than the font size are
 * shown but cannot be changed (the kiosk resets the size itself when idle).
 */
#ifndef SAH_MENU_H
#define SAH_MENU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/store/persist.h"
#include "render/raster/raster.h"
#include "app/ui/reader.h"
#include "app/ui/sheet.h"
#include "app/ui/ui.h"
#include "app/ui/input.h"

typedef enum {
    SAH_MENU_MODE_CLOSED = 0,
    SAH_MENU_MODE_MAIN,      /* settings and actions */
    SAH_MENU_MODE_BOOKMARKS, /* the open article's bookmarks */
    SAH_MENU_MODE_GOTO,      /* go to page */
    SAH_MENU_MODE_CONTENTS,  /* the open article's sections (toc.h) */
} sah_menu_mode_t;

typedef enum {
    SAH_MENU_RES_IGNORED = 0, /* the input meant nothing here */
    SAH_MENU_RES_CHANGED,     /* the menu (or the reader beneath) changed */
    SAH_MENU_RES_CLOSED,      /* back to the reader, maybe on another page */
    SAH_MENU_RES_LIBRARY,     /* the reader asked for the library */
    SAH_MENU_RES_FIND,        /* find in the article (the menu closed) */
    SAH_MENU_RES_NOTE,        /* the selected bookmark's note, to write */
    SAH_MENU_RES_DELETED,     /* a bookmark was deleted: sah_menu_deleted() */
} sah_menu_result_t;

/* The main menu's items, in keyboard order. */
typedef enum {
    SAH_MENU_ITEM_FONT = 0,
    SAH_MENU_ITEM_SPACING,
    SAH_MENU_ITEM_THEME,
    SAH_MENU_ITEM_DIGITS,
    SAH_MENU_ITEM_JUSTIFY,
    SAH_MENU_ITEM_BOOKMARKS, /* the first action */
    SAH_MENU_ITEM_CONTENTS,
    SAH_MENU_ITEM_GOTO,
    SAH_MENU_ITEM_FIND, /* find in the article */
    SAH_MENU_ITEM_START,
    SAH_MENU_ITEM_END,
    SAH_MENU_ITEM_ORIGINAL, /* the original view on or off (reader.h) */
    SAH_MENU_ITEM_LIBRARY,
    SAH_MENU_ITEM_COUNT
} sah_menu_item_t;

#define SAH_MENU_N_SETTINGS SAH_MENU_ITEM_BOOKMARKS

/* The go to page pad's keys (digits are 0..9 themselves). */
enum {
    SAH_MENU_KEY_MINUS10 = 10,
    SAH_MENU_KEY_PLUS10,
    SAH_MENU_KEY_ERASE,
    SAH_MENU_KEY_GO,
    SAH_MENU_KEY_COUNT
};

/* Parts of a target: the row itself, its "less" control (a setting's
 * decrease, a bookmark's delete), its "more" control (a setting's
 * increase, a bookmark's note). */
typedef enum {
    SAH_MENU_PART_ROW = 0,
    SAH_MENU_PART_LESS,
    SAH_MENU_PART_MORE,
} sah_menu_part_t;

#define SAH_MENU_TARGET_NONE (-1)
#define SAH_MENU_TARGET_BACK (-2) /* the header's back button, in every mode */

/* What a point of the screen is: @item is a sah_menu_item_t (main menu), a
 * bookmark's index (list), a pad key (go to page), or a SAH_MENU_TARGET_*. */
typedef struct {
    int item;
    sah_menu_part_t part;
} sah_menu_target_t;

typedef struct sah_menu sah_menu_t;

/* @ui: (transfer none) must outlive the menu. Returns: (transfer full), or
 * NULL (logged) when out of memory. */
sah_menu_t *sah_menu_new(sah_ui_t *ui, int width, int height) __attribute__((warn_unused_result));
void sah_menu_free(sah_menu_t *m);

/* A new screen size. False (logged) when out of memory; nothing changes. */
bool sah_menu_resize(sah_menu_t *m, int width, int height) __attribute__((warn_unused_result));

/* Kiosk: settings other than the font size cannot be changed. */
void sah_menu_set_locked(sah_menu_t *m, bool locked);

/*
 * sah_menu_open:
 * @mode: the screen to show (MAIN, BOOKMARKS, GOTO); CLOSED closes.
 * @reader: (transfer none): the reader with an open article; must outlive
 *   the menu's use (until it closes).
 * @persist: (transfer none) (nullable): where settings are saved and
 *   bookmarks read; NULL keeps changes in the reader only.
 * @hash: (nullable): the open article's identity (bookmarks); copied.
 *
 * Esc from a screen opened here closes the menu (back to the reader).
 * Returns: false when out of memory or no article is open (the menu stays
 * closed).
 */
bool sah_menu_open(sah_menu_t *m, sah_menu_mode_t mode, sah_reader_t *reader,
                   sah_persist_t *persist, const char *hash) __attribute__((warn_unused_result));
sah_menu_mode_t sah_menu_mode(const sah_menu_t *m);
/* Closes whatever screen is open (nothing is undone). */
void sah_menu_close(sah_menu_t *m);

/* What an action of the table of keys and gestures (input.h) does in the
 * current mode: @digit for SAH_ACT_DIGIT. Actions the mode has no use for
 * are SAH_MENU_RES_IGNORED. */
sah_menu_result_t sah_menu_do(sah_menu_t *m, sah_action_t act, int digit);
/* Where the current mode's keys are looked up (sah_input_action()). */
sah_ui_at_t sah_menu_at(const sah_menu_t *m);
/* A key event (SAH_UI_EV_KEY; other events are ignored), through the table. */
sah_menu_result_t sah_menu_key(sah_menu_t *m, const sah_ui_event_t *ev);
/* A tap at window point (@x, @y). */
sah_menu_result_t sah_menu_tap(sah_menu_t *m, int x, int y);

/* What is at (@x, @y) on the current screen. */
sah_menu_target_t sah_menu_hit(const sah_menu_t *m, int x, int y);
/* Does what a tap on @t does. */
sah_menu_result_t sah_menu_activate(sah_menu_t *m, sah_menu_target_t t);
/* Where @t is on the screen (its tap area); false when it is not shown. */
bool sah_menu_target_rect(const sah_menu_t *m, sah_menu_target_t t, int *x, int *y, int *w, int *h);

/* The keyboard selection: a main menu item or a bookmark's index. */
size_t sah_menu_selection(const sah_menu_t *m);
bool sah_menu_select(sah_menu_t *m, size_t index);

/* The bookmarks list: how many, and entry @i: its byte offset, the page
 * (0-based) that holds it at the reader's current geometry, its snippet
 * ((transfer none) owned by @m, valid until the list changes). */
size_t sah_menu_n_bookmarks(const sah_menu_t *m);
bool sah_menu_bookmark(const sah_menu_t *m, size_t i, uint32_t *offset, size_t *page,
                       const char **snippet);

/* The lists (bookmarks, contents) by the pixel, for a finger (scroll.h):
 * the list's height and its view's (false in other modes), how far its top
 * is scrolled above the view, and setting that (clamped; true if it
 * moved). */
bool sah_menu_list_extent(const sah_menu_t *m, int *content, int *view);
int sah_menu_scroll_px(const sah_menu_t *m);
bool sah_menu_set_scroll_px(sah_menu_t *m, int offset);

/* (transfer none): the sheet of a row's actions drawn over a list (a long
 * press, sheet.h), owned by @m. */
sah_sheet_t *sah_menu_sheet(sah_menu_t *m);

/* The contents: the entry the reader's page starts in (marked; selected
 * when the screen opens), -1 before the first or in another mode. */
long sah_menu_contents_current(const sah_menu_t *m);

/* Bookmark @i's id and note ((transfer none) nullable, owned by @m, valid
 * until the list changes). False past the last. */
bool sah_menu_bookmark_note(const sah_menu_t *m, size_t i, int64_t *id, const char **note);
/* (transfer none) (nullable): the bookmark deleted last (all its fields,
 * to put it back: undo), owned by @m until the next deletion. */
const sah_store_bookmark_t *sah_menu_deleted(const sah_menu_t *m);
/* Reads the list of bookmarks again (a note saved, a deletion undone). */
bool sah_menu_reload(sah_menu_t *m);

/* The go to page prompt's number (1-based, as typed; 0 when erased). */
long sah_menu_goto_value(const sah_menu_t *m);

/* (transfer none): the picture, owned by @m, valid until the next call on
 * @m. NULL when the menu is closed. */
const sah_pagebuf_t *sah_menu_frame(sah_menu_t *m);
/* Changes whenever sah_menu_frame() has something new. */
unsigned long sah_menu_serial(const sah_menu_t *m);

/*
 * sah_menu_settings_load:
 * Reads the reader's settings from @p (persist.h keys and values) into @s;
 * a key never set (or a value that does not parse) keeps its default:
 * SAH_READER_SETTINGS_INIT. One digit policy for both UI languages.
 */
void sah_menu_settings_load(sah_persist_t *p, sah_reader_settings_t *s);

/* Saves the settings of @s that differ from @old (every one when @old is
 * NULL), so that a value never chosen stays unset. False if one was not
 * saved (the backend logged why). */
bool sah_menu_settings_save(sah_persist_t *p, const sah_reader_settings_t *old,
                            const sah_reader_settings_t *s);

/* A digit policy or kashida setting by its name, as stored and as sahifa.ini
 * and the command line write it: "as-written", "arabic", "western"
 * (sah_digits_t); "off", "moderate", "strong" (sah_kashida_t). -1 for
 * anything else (NULL included). */
int sah_menu_digits_parse(const char *v);
int sah_menu_kashida_parse(const char *v);

#endif
