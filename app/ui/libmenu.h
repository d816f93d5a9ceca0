/*
 * libmenu.h - the library's menu as a window-free model: the list's order
 * (bundle order, recently read, unread first, by source, by title), which
 * articles it shows (all, one bundle's, one source's), and the files that
 * could not be read, each with its one-line reason. Drawn like the other
 * screens, into a page buffer.
 *
 *   sah_libmenu_t *m = sah_libmenu_new(ui, 800, 480);
 *   sah_libmenu_open(m, SAH_LIBMENU_MAIN, libview);    // M on the library
 *   sah_libmenu_result_t r = sah_libmenu_do(m, SAH_ACT_DOWN);  // or _tap()
 *   const sah_pagebuf_t *pic = sah_libmenu_frame(m);
 *   if (r == SAH_LIBMENU_RES_CLOSED) ...back to the library...
 *   sah_libmenu_free(m);
 *
 * Keys: Up/Down, Home/End, PageUp/PageDown, Enter or Space chooses (a sort
 * or a filter applies to the library and closes; the problems row shows the
 * problems), Esc or M goes back. The problems list only scrolls.
 */
#ifndef SAH_LIBMENU_H
#define SAH_LIBMENU_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/input.h"
#include "app/ui/libview.h"
#include "app/ui/ui.h"
#include "render/raster/raster.h"

typedef struct sah_libmenu sah_libmenu_t;

typedef enum {
    SAH_LIBMENU_CLOSED = 0,
    SAH_LIBMENU_MAIN,     /* sorts, filters, the problems row */
    SAH_LIBMENU_PROBLEMS, /* the files that could not be read */
} sah_libmenu_mode_t;

typedef enum {
    SAH_LIBMENU_RES_IGNORED = 0, /* the input meant nothing here */
    SAH_LIBMENU_RES_CHANGED,     /* the menu changed */
    SAH_LIBMENU_RES_CLOSED,      /* back to the library (maybe in another order) */
} sah_libmenu_result_t;

/* Bundles and sources offered as filters, each at most. */
#define SAH_LIBMENU_MAX_VALUES 64

/* @ui: (transfer none) must outlive the menu. Returns: (transfer full), or
 * NULL when out of memory (logged). */
sah_libmenu_t *sah_libmenu_new(sah_ui_t *ui, int width, int height)
    __attribute__((warn_unused_result));
void sah_libmenu_free(sah_libmenu_t *m);

/*
 * sah_libmenu_open:
 * @lv: (transfer none): the library screen the menu orders and filters,
 *   and whose library's problems it lists; must outlive the menu's opening.
 *
 * Returns: false when out of memory (logged; the menu stays closed).
 */
bool sah_libmenu_open(sah_libmenu_t *m, sah_libmenu_mode_t mode, sah_libview_t *lv)
    __attribute__((warn_unused_result));
void sah_libmenu_close(sah_libmenu_t *m);
sah_libmenu_mode_t sah_libmenu_mode(const sah_libmenu_t *m);

/* An action of the list (input.h's table at SAH_UI_AT_LIBMENU). @wheel:
 * the event's amount for SAH_ACT_SCROLL. */
sah_libmenu_result_t sah_libmenu_do(sah_libmenu_t *m, sah_action_t act, int wheel);
/* A tap at window point (@x, @y): a row is chosen as Enter would. */
sah_libmenu_result_t sah_libmenu_tap(sah_libmenu_t *m, int x, int y);

size_t sah_libmenu_rows(const sah_libmenu_t *m);
size_t sah_libmenu_selection(const sah_libmenu_t *m);

void sah_libmenu_set_theme(sah_libmenu_t *m, const sah_theme_t *theme);
bool sah_libmenu_resize(sah_libmenu_t *m, int width, int height)
    __attribute__((warn_unused_result));

/* (transfer none): the picture, owned by @m, valid until the next call on
 * @m; NULL when drawing failed (logged). */
const sah_pagebuf_t *sah_libmenu_frame(sah_libmenu_t *m);
unsigned long sah_libmenu_serial(const sah_libmenu_t *m);

#endif
