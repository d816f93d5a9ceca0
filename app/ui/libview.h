/*
 * libview.h - the library screen as a model: the articles of the library as
 * a right-to-left list (title, source, date, reading time, progress), a
 * "continue reading" entry on top, a friendly screen when there is nothing
 * to read, drawn into a page buffer.
 *
 *   sah_libview_t *lv = sah_libview_new(ui, 800, 480);
 *   sah_libview_set_library(lv, lib, persist);
 *   const sah_pagebuf_t *pic = sah_libview_frame(lv);    // upload it
 *   sah_libview_move(lv, +1);                            // Down
 *   const char *path = sah_libview_selected(lv);         // Enter: open it
 *   sah_libview_free(lv);
 *
 * Rows are at least 9 mm tall on the 7-inch 800x480 panel (about 5.2 px/mm),
 * the smallest tap target a finger hits reliably.
 */
#ifndef SAH_LIBVIEW_H
#define SAH_LIBVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "app/content/library.h"
#include "app/content/libsort.h"
#include "app/store/persist.h"
#include "render/raster/raster.h"
#include "app/ui/sheet.h"
#include "app/ui/ui.h"
#include "app/ui/widget.h"

typedef struct sah_libview sah_libview_t;

/* @ui: (transfer none) must outlive the view. Returns: (transfer full), or
 * NULL (logged) when out of memory. */
sah_libview_t *sah_libview_new(sah_ui_t *ui, int width, int height)
    __attribute__((warn_unused_result));
void sah_libview_free(sah_libview_t *lv);

/*
 * sah_libview_set_library:
 * @lib: (transfer none) (nullable): must outlive the view (or the next call);
 *   NULL shows the empty screen.
 * @persist: (transfer none) (nullable): where positions are read for the
 *   progress bars and "continue reading"; must outlive the view.
 * @hint: (nullable): a line for the empty screen (where bundles go).
 *
 * Selects the first row. Returns: false when out of memory.
 */
bool sah_libview_set_library(sah_libview_t *lv, const sah_library_t *lib, sah_persist_t *persist,
                             const char *hint) __attribute__((warn_unused_result));

/*
 * sah_libview_replace_library:
 * @lib: (transfer none) (nullable): the library read again (its folders
 *   changed); must outlive the view (or the next call).
 *
 * Shows @lib in place of the current library, keeping the place: the
 * selected article stays selected at the same height in the list when it
 * is still there (else the first row is), the hint and the store are kept.
 * Returns: false when out of memory (the view is then as before).
 */
bool sah_libview_replace_library(sah_libview_t *lv, const sah_library_t *lib)
    __attribute__((warn_unused_result));

/*
 * sah_libview_set_order:
 * @sort: the list's order (libsort.h).
 * @filter: (nullable): the articles shown: one bundle's, one source's; NULL
 *   or SAH_LIBFILTER_ALL for all. Its value is copied.
 *
 * Lists the library so, the selection on the first row; the header names
 * the order and the filter. A filter that leaves nothing (its bundle gone)
 * is dropped. Kept when the library is replaced. Returns: false when out of
 * memory (nothing changed).
 */
bool sah_libview_set_order(sah_libview_t *lv, sah_libsort_t sort, const sah_libfilter_t *filter)
    __attribute__((warn_unused_result));
sah_libsort_t sah_libview_sort(const sah_libview_t *lv);
/* (transfer none): the value is owned by @lv, valid until the next change. */
sah_libfilter_t sah_libview_filter(const sah_libview_t *lv);
/* (transfer none) (nullable): the library shown. */
const sah_library_t *sah_libview_library(const sah_libview_t *lv);

/* Reads the positions again (after reading an article). */
bool sah_libview_refresh(sah_libview_t *lv) __attribute__((warn_unused_result));

void sah_libview_set_theme(sah_libview_t *lv, const sah_theme_t *theme);
bool sah_libview_resize(sah_libview_t *lv, int width, int height)
    __attribute__((warn_unused_result));

/* Number of rows (continue reading + articles). */
size_t sah_libview_rows(const sah_libview_t *lv);
size_t sah_libview_selection(const sah_libview_t *lv);

/* Moves the selection by @delta rows (clamped), scrolling to keep it shown.
 * True if it moved. */
bool sah_libview_move(sah_libview_t *lv, long delta);
/* Scrolls by @delta rows without moving past the ends. True if it moved. */
bool sah_libview_scroll(sah_libview_t *lv, long delta);

/* The list by the pixel, for a finger (scroll.h): how far its top is
 * scrolled above the view, the list's height and the view's. Setting it
 * clamps it to the ends and leaves the selection where it is (a key brings
 * it back into view). True if the list moved. */
int sah_libview_scroll_px(const sah_libview_t *lv);
bool sah_libview_set_scroll_px(sah_libview_t *lv, int offset);
void sah_libview_extent(const sah_libview_t *lv, int *content, int *view);

/* (transfer none): row @row's title, owned by the library; NULL past the
 * rows. */
const char *sah_libview_title(const sah_libview_t *lv, size_t row);

/* (transfer none): the sheet of a row's actions drawn over the list (a
 * long press, sheet.h), owned by @lv. */
sah_sheet_t *sah_libview_sheet(sah_libview_t *lv);

/* The row at window point (@x, @y), or -1 (the header, below the list). */
long sah_libview_hit(const sah_libview_t *lv, int x, int y);
/* Where the header's search button is (the library's search screen). */
sah_box_t sah_libview_search_box(const sah_libview_t *lv);

/* Whether window height @y is on the header (the title and count). */
bool sah_libview_in_header(const sah_libview_t *lv, int y);
/* Selects row @row (from sah_libview_hit). */
bool sah_libview_select(sah_libview_t *lv, size_t row);

/* (transfer none): the selected article's path, owned by the library (or
 * the view, for "continue reading"); NULL on the empty screen. */
const char *sah_libview_selected(const sah_libview_t *lv);

/* (transfer none): the picture, owned by @lv, valid until the next call on
 * @lv. NULL when drawing failed (logged). */
const sah_pagebuf_t *sah_libview_frame(sah_libview_t *lv);

/* Decoded thumbnails of the articles' lead photos (about 200 of 78x52
 * ARGB32 at UI scale 1): docs/limits.md. */
#define SAH_LIBVIEW_THUMB_BUDGET ((size_t)4 << 20)

/*
 * sah_libview_idle:
 * An article's lead photo is shown as a thumbnail beside its title where
 * the row has room; drawing shows a placeholder until it is decoded, which
 * this does, one shown row's photo a step (the list never waits for a
 * decode). Returns: true when it did one (the frame is new).
 */
bool sah_libview_idle(sah_libview_t *lv);

/* Whether a shown row's thumbnail waits for sah_libview_idle(). */
bool sah_libview_idle_pending(sah_libview_t *lv);

/* Changes whenever sah_libview_frame() has something new. */
unsigned long sah_libview_serial(const sah_libview_t *lv);

#endif
