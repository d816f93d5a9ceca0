/*
 * noteview.h - the screen where a bookmark's note is written: the text of
 * the bookmark's place for context, the note in a field, Save and Back
 * (and Delete when it had one), the on-screen keyboard (keyboard.h) under
 * them. The note is the store's (store.h keeps it and exports it with the
 * bookmark); this screen only edits the text, the caller saves it.
 *
 *   sah_noteview_t *nv = sah_noteview_new(ui, 800, 480);
 *   sah_noteview_open(nv, id, snippet, old_note, true);
 *   if (sah_noteview_tap(nv, x, y) == SAH_NV_SAVE)
 *       sah_persist_set_bookmark_note(p, sah_noteview_id(nv), sah_noteview_text(nv));
 *   sah_noteview_free(nv);
 *
 * Keys (SAH_UI_AT_FIELD): text, Backspace, Enter saves, Tab shows or hides
 * the keyboard, Esc goes back unsaved.
 */
#ifndef SAH_NOTEVIEW_H
#define SAH_NOTEVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ui/input.h"
#include "app/ui/keyboard.h"
#include "app/ui/ui.h"
#include "render/raster/raster.h"

typedef struct sah_noteview sah_noteview_t;

typedef enum {
    SAH_NV_IGNORED = 0,
    SAH_NV_CHANGED,
    SAH_NV_CLOSED, /* back, nothing saved */
    SAH_NV_SAVE,   /* save sah_noteview_text() ("" takes the note away), then close */
} sah_nv_result_t;

/* The longest note typed here, bytes (the store takes 4096). */
#define SAH_NOTEVIEW_MAX 1000

sah_noteview_t *sah_noteview_new(sah_ui_t *ui, int width, int height)
    __attribute__((warn_unused_result));
void sah_noteview_free(sah_noteview_t *nv);
bool sah_noteview_resize(sah_noteview_t *nv, int width, int height)
    __attribute__((warn_unused_result));
void sah_noteview_set_theme(sah_noteview_t *nv, const sah_theme_t *theme);

/* Opens the note of bookmark @id: @snippet, @note (nullable) copied. */
void sah_noteview_open(sah_noteview_t *nv, int64_t id, const char *snippet, const char *note,
                       bool keyboard);
void sah_noteview_close(sah_noteview_t *nv);
bool sah_noteview_is_open(const sah_noteview_t *nv);
int64_t sah_noteview_id(const sah_noteview_t *nv);
/* (transfer none): the note as typed, owned by @nv. */
const char *sah_noteview_text(const sah_noteview_t *nv);

sah_nv_result_t sah_noteview_text_input(sah_noteview_t *nv, const char *utf8);
sah_nv_result_t sah_noteview_do(sah_noteview_t *nv, sah_action_t act);
sah_nv_result_t sah_noteview_tap(sah_noteview_t *nv, int x, int y);

/* (transfer none) (nullable): the keyboard while shown. */
const sah_keyboard_t *sah_noteview_keyboard(const sah_noteview_t *nv);
/* Where the Save button is (for tests and tools). */
sah_box_t sah_noteview_save_box(const sah_noteview_t *nv);

const sah_pagebuf_t *sah_noteview_frame(sah_noteview_t *nv);
unsigned long sah_noteview_serial(const sah_noteview_t *nv);

#endif
