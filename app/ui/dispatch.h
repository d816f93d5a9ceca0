/*
 * dispatch.h - the app's control flow without a window: input events (keys,
 * presses, the wheel: input.h) looked up in the one table of keys and
 * gestures (sah_input_action()) and carried out on the session's screens.
 * The window (app/main.c), the soak test and the unit tests all drive the
 * app through it, so that what a key does is tested where it is decided.
 *
 *   sah_dispatch_opts_t o = SAH_DISPATCH_OPTS_INIT;
 *   sah_dispatch_t *d = sah_dispatch_new(session, &o);
 *   sah_dispatch_event(d, &ev);                   // a key, a press, the wheel
 *   if (sah_dispatch_screen(d) == SAH_SCREEN_READER) ...;
 *   const sah_pagebuf_t *f = sah_dispatch_frame(d, &serial);  // show it
 *   if (sah_dispatch_quit(d)) ...;
 *   sah_dispatch_free(d);
 *
 * The screen shown is read from the session (the menu open over the reader,
 * the reader, or the library), never kept beside it.
 */
#ifndef SAH_DISPATCH_H
#define SAH_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ui/input.h"
#include "app/ui/session.h"
#include "app/ui/toast.h"

typedef struct sah_dispatch sah_dispatch_t;

typedef enum {
    SAH_SCREEN_LIBRARY = 0,
    SAH_SCREEN_READER,
    SAH_SCREEN_MENU,    /* over the reader: settings, bookmarks, go to page */
    SAH_SCREEN_SEARCH,  /* a query typed: the library's search, or find in the article */
    SAH_SCREEN_NOTE,    /* a bookmark's note written */
    SAH_SCREEN_LIBMENU, /* over the library: sorts, filters, problems */
} sah_screen_t;

typedef struct {
    bool kiosk;     /* quit only by Ctrl+Alt+Shift+Q; theme and fullscreen locked */
    double idle_ms; /* a kiosk untouched this long goes back (sah_dispatch_timer()) */
    /* (nullable): F11 outside a kiosk; @data is passed back. */
    void (*fullscreen)(void *data);
    void *data;
} sah_dispatch_opts_t;

#define SAH_DISPATCH_OPTS_INIT                                                                     \
    {                                                                                              \
        false, 5 * 60000.0, NULL, NULL                                                             \
    }

/* Returns: (transfer full) a dispatcher over @s ((transfer none): it must
 * outlive the dispatcher), or NULL when out of memory. Locks the menu's
 * settings in a kiosk. */
sah_dispatch_t *sah_dispatch_new(sah_session_t *s, const sah_dispatch_opts_t *o)
    __attribute__((warn_unused_result));

/* NULL is a no-op. The session is left to its owner. */
void sah_dispatch_free(sah_dispatch_t *d);

/* One input event, carried out at once (failures are logged by the
 * session and leave it consistent). */
void sah_dispatch_event(sah_dispatch_t *d, const sah_ui_event_t *ev);

/* Opens @path on the reader at its saved place. False (logged) if it cannot
 * be read; the screen is kept then. */
bool sah_dispatch_open(sah_dispatch_t *d, const char *path) __attribute__((warn_unused_result));

sah_screen_t sah_dispatch_screen(const sah_dispatch_t *d);

/* True once a quit was asked for (a key, or sah_dispatch_set_quit()). */
bool sah_dispatch_quit(const sah_dispatch_t *d);
void sah_dispatch_set_quit(sah_dispatch_t *d);

/* Input was last taken at @now_ms (the start: the kiosk's idle time counts
 * from here). Keys, releases and the wheel count by their t_ms. */
void sah_dispatch_touch(sah_dispatch_t *d, double now_ms);

/*
 * sah_dispatch_wake_in:
 * For the event loop's timeout: ms until sah_dispatch_timer() has something
 * to do (a finger held still becomes a long press; a kiosk has been idle
 * long enough; a message on screen ends), 0 for now, -1 when nothing is
 * coming.
 */
int sah_dispatch_wake_in(const sah_dispatch_t *d, double now_ms);

/*
 * sah_dispatch_timer:
 * What is due at @now_ms without input: a press held long enough on the
 * page bookmarks it while the finger is still down, as on an e-reader (its
 * release is then nothing); a kiosk nobody touched for idle_ms goes back to
 * the library at its top, at the default font size, once: then no timer is
 * due until the next input (an idle kiosk sleeps). Returns: true when a
 * press was acted on (input, for the latency).
 */
bool sah_dispatch_timer(sah_dispatch_t *d, double now_ms);

/*
 * sah_dispatch_frame:
 * The picture of the current screen ((transfer none): owned by the screen,
 * or by @d when something is drawn over it (find's bar over the reader's
 * status bar, a message), valid until its next change), and in @serial a
 * number that changes whenever the picture does. NULL when it could not be
 * drawn.
 */
const sah_pagebuf_t *sah_dispatch_frame(sah_dispatch_t *d, uint64_t *serial);

/* Whether the screen shown takes typed text (a text field: search, find,
 * a note): the window turns its text input on (platform/video.h). */
bool sah_dispatch_wants_text(const sah_dispatch_t *d);

/* (transfer none) (nullable): the short message shown over the screen
 * (toast.h), owned by @d. */
const sah_toast_t *sah_dispatch_toast(const sah_dispatch_t *d);

/* True once after the screen changed in a way the serial may not show (back
 * to a library that did not change): the caller presents again. */
bool sah_dispatch_take_repaint(sah_dispatch_t *d);

#endif
