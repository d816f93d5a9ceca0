/*
 * searchview.h - the screen where a query is typed: across the library
 * (search.h through sah_library_search(), the same engine as
 * `sahifa --search`) or in the open article (findbar.h, as `sahifa
 * --find`). The field at the top, the results under it best first (the
 * library's: title, a snippet with the hit on a light box, the reading
 * position; the article's: each hit in its context, with its page), the
 * on-screen keyboard (keyboard.h) at the bottom while typing by touch.
 *
 *   sah_searchview_t *sv = sah_searchview_new(ui, 800, 480);
 *   sah_searchview_open_library(sv, lib, persist, true);   // keyboard shown
 *   sah_searchview_text(sv, "حكومة");                      // typed (SDL text input)
 *   if (sah_searchview_tap(sv, x, y) == SAH_SV_CHOSEN)
 *       open(sah_searchview_chosen_path(sv));              // at the hit
 *   sah_searchview_free(sv);
 *
 * The query runs as it is typed: the results are always those of the text
 * in the field. Keys (app/ui/input.c, SAH_UI_AT_FIELD): text from the
 * keyboard's text input, Backspace, Enter opens the selected result (the
 * best at first), Up/Down choose, Tab shows or hides the on-screen
 * keyboard, Esc goes back. Touch: a result opens, the list scrolls by a
 * drag (dispatch.c moves it with scroll.h), the field shows the
 * keyboard, the keyboard's Enter ("Search") hides it to show the results.
 */
#ifndef SAH_SEARCHVIEW_H
#define SAH_SEARCHVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "app/content/library.h"
#include "app/store/persist.h"
#include "app/ui/findbar.h"
#include "app/ui/input.h"
#include "app/ui/keyboard.h"
#include "app/ui/ui.h"
#include "render/raster/raster.h"

typedef struct sah_searchview sah_searchview_t;

typedef enum {
    SAH_SV_CLOSED_MODE = 0,
    SAH_SV_LIBRARY, /* across the library */
    SAH_SV_ARTICLE, /* in the open article */
} sah_sv_mode_t;

typedef enum {
    SAH_SV_IGNORED = 0, /* the input meant nothing here */
    SAH_SV_CHANGED,     /* the screen changed */
    SAH_SV_CLOSED,      /* back to where it was opened from */
    SAH_SV_CHOSEN,      /* a result was chosen: open it */
} sah_sv_result_t;

/* Query length kept, bytes. */
#define SAH_SEARCHVIEW_QUERY_MAX 200

/* @ui must outlive it. (transfer full), NULL (logged) when out of memory. */
sah_searchview_t *sah_searchview_new(sah_ui_t *ui, int width, int height)
    __attribute__((warn_unused_result));
void sah_searchview_free(sah_searchview_t *sv);
bool sah_searchview_resize(sah_searchview_t *sv, int width, int height)
    __attribute__((warn_unused_result));
void sah_searchview_set_theme(sah_searchview_t *sv, const sah_theme_t *theme);

/* Opens the library search (@lib, @persist: (transfer none) (nullable),
 * must outlive the screen's use), the query as last typed. @keyboard: the
 * on-screen keyboard shown (a touch opened it), or hidden (a key did). */
void sah_searchview_open_library(sah_searchview_t *sv, sah_library_t *lib, sah_persist_t *persist,
                                 bool keyboard);
/* Opens find in the article of @reader through @fb ((transfer none):
 * must outlive the screen's use), with @fb's query. */
void sah_searchview_open_article(sah_searchview_t *sv, sah_findbar_t *fb, sah_reader_t *reader,
                                 bool keyboard);
void sah_searchview_close(sah_searchview_t *sv);
/* Closes it and empties the query (a kiosk left alone: the next reader
 * does not see what the last one looked for). */
void sah_searchview_forget(sah_searchview_t *sv);
sah_sv_mode_t sah_searchview_mode(const sah_searchview_t *sv);

sah_sv_result_t sah_searchview_text(sah_searchview_t *sv, const char *utf8);
/* What an action of the table (SAH_UI_AT_FIELD) does. */
sah_sv_result_t sah_searchview_do(sah_searchview_t *sv, sah_action_t act, int amount);
sah_sv_result_t sah_searchview_tap(sah_searchview_t *sv, int x, int y);

/* (transfer none): the query typed, owned by @sv. */
const char *sah_searchview_query(const sah_searchview_t *sv);
bool sah_searchview_keyboard_shown(const sah_searchview_t *sv);
/* (transfer none) (nullable): the keyboard, for tests and tools that
 * tap its keys (sah_keyboard_key_box()). */
const sah_keyboard_t *sah_searchview_keyboard(const sah_searchview_t *sv);

/* Results shown, and result @i's title (library) or snippet (article);
 * (transfer none), valid until the query changes. */
size_t sah_searchview_n_results(const sah_searchview_t *sv);
const char *sah_searchview_result_title(const sah_searchview_t *sv, size_t i);
/* Where result @i's row is on the screen, the part of it in the list's
 * view; false when none of it is shown. */
bool sah_searchview_result_box(const sah_searchview_t *sv, size_t i, sah_box_t *out);
size_t sah_searchview_selection(const sah_searchview_t *sv);

/* The results by the pixel, for a finger (scroll.h): how far the list's
 * top is scrolled above its view (under the field and the count, above
 * the keyboard while it is shown), the list's height and the view's
 * (false when closed). Setting it clamps it to the ends and leaves the
 * selection where it is (a key brings it back into view). True if the
 * list moved. */
int sah_searchview_scroll_px(const sah_searchview_t *sv);
bool sah_searchview_set_scroll_px(sah_searchview_t *sv, int offset);
bool sah_searchview_list_extent(const sah_searchview_t *sv, int *content, int *view);
/* True if (@x, @y) is on the results' list (not the field, the back
 * button, the count or the keyboard): a press there drags the list. */
bool sah_searchview_in_list(const sah_searchview_t *sv, int x, int y);

/* After SAH_SV_CHOSEN: the article's path ((transfer none), owned by the
 * library), in library mode; the hit's index, in article mode. */
const char *sah_searchview_chosen_path(const sah_searchview_t *sv);
size_t sah_searchview_chosen_hit(const sah_searchview_t *sv);

/* (transfer none): the picture, owned by @sv; NULL when closed. */
const sah_pagebuf_t *sah_searchview_frame(sah_searchview_t *sv);
unsigned long sah_searchview_serial(const sah_searchview_t *sv);

/*
 * sah_searchview_marks:
 * A snippet as search.h and find.h write it, each hit in [ ], as shown:
 * the brackets out, runs of spaces as one, and the text before the first
 * hit cut to a few words (behind "…") so that the hit is seen on one line.
 * @marks: (out caller-allocates): room for 2 x @max byte offsets into the
 *   result, the hits' [start, end).
 * Returns: (transfer full) the text (free() it), NULL when out of memory;
 * *@n the number of hits (at most @max).
 */
char *sah_searchview_marks(const char *snippet, size_t *marks, size_t max, size_t *n)
    __attribute__((warn_unused_result));

#endif
