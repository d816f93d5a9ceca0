/*
 * video.h - the window, its input and the one texture the reader shows,
 * through SDL2. The rest of sahifa never includes SDL: it gets our events
 * and hands us ARGB pixels.
 *
 *   sah_video_opts_t o = SAH_VIDEO_OPTS_INIT;      // 800x480, the desktop's driver
 *   sah_video_t *v = sah_video_new(&o);
 *   if (!v)
 *       return 1;                                   // one line logged: no display...
 *   sah_event_t ev;
 *   while (sah_video_wait(v, -1, &ev) && ev.type != SAH_EV_QUIT)
 *       if (ev.type == SAH_EV_KEY) ... sah_video_present(v, pixels, stride, w, h);
 *   sah_video_free(v);
 *
 * Drivers. SDL picks the video driver; the environment variable
 * SDL_VIDEODRIVER overrides it:
 *  - a desktop: x11 or wayland, whichever SDL finds (SDL 2.26 tries x11
 *    first; SDL_VIDEODRIVER=wayland to prefer Wayland);
 *  - a Raspberry Pi without a desktop (console, kiosk): SDL_VIDEODRIVER=kmsdrm
 *    draws straight to the display through DRM/KMS (the user needs to be in
 *    the "video" and "input" groups; the systemd unit in data/ sets this);
 *  - headless (opts.headless): SDL's "offscreen" driver, a window that exists
 *    only in memory; for tests. It has no way to sleep on events, so SDL
 *    polls it every millisecond: not for real use. `sahifa --screenshot`
 *    needs no SDL at all.
 * When no driver can open a display (SDL's own search would then settle on
 * its offscreen driver, which we refuse unless asked for), sah_video_new()
 * logs one line saying so (and what to try) and returns NULL: callers exit
 * with a message, never crash.
 *
 * Input is translated into sah_event_t: key presses with our key names,
 * pointer down/motion/up in window pixels from the mouse or a touch panel
 * (touch is not doubled into mouse events), wheel steps, resizes. Gestures
 * (tap, swipe, long press) are the app's business (app/ui/input.h).
 *
 * Rotation (opts.rotate, rotate.h): for a panel mounted turned, with no
 * compositor to turn the screen (KMSDRM). Everything above this module is
 * in logical pixels, the page as the reader sees it: sah_video_size() and
 * SAH_EV_RESIZE give the logical size, pointer events logical points (so a
 * tap on the reader's left third and a swipe towards the reader's left mean
 * what they mean unrotated), and sah_video_present() takes the logical page
 * and turns it on its way to the display. Keys are not turned.
 */
#ifndef SAH_VIDEO_H
#define SAH_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/rotate.h"

typedef struct sah_video sah_video_t;

typedef struct {
    int width, height;   /* window size, physical (ignored when fullscreen) */
    bool fullscreen;     /* desktop fullscreen: the display's own size */
    bool headless;       /* SDL's offscreen driver: no visible window */
    const char *title;   /* (nullable) window title, UTF-8 */
    sah_rotate_t rotate; /* the page's turn on its way to the display */
} sah_video_opts_t;

#define SAH_VIDEO_OPTS_INIT                                                                        \
    {                                                                                              \
        800, 480, false, false, NULL, SAH_ROTATE_0                                                 \
    }

typedef enum {
    SAH_KEY_OTHER = 0,
    SAH_KEY_LEFT,
    SAH_KEY_RIGHT,
    SAH_KEY_UP,
    SAH_KEY_DOWN,
    SAH_KEY_PAGEUP,
    SAH_KEY_PAGEDOWN,
    SAH_KEY_SPACE,
    SAH_KEY_BACKSPACE,
    SAH_KEY_HOME,
    SAH_KEY_END,
    SAH_KEY_ESCAPE,
    SAH_KEY_ENTER,
    SAH_KEY_TAB,
    SAH_KEY_F11,
    SAH_KEY_PLUS,  /* '+', '=' (the + key without Shift) and keypad + */
    SAH_KEY_MINUS, /* '-' and keypad - */
    SAH_KEY_B,
    SAH_KEY_M, /* menu */
    SAH_KEY_Q,
    SAH_KEY_T,     /* theme */
    SAH_KEY_G,     /* go to page */
    SAH_KEY_L,     /* bookmarks list */
    SAH_KEY_O,     /* the original file */
    SAH_KEY_C,     /* contents */
    SAH_KEY_DIGIT, /* 0-9: sah_event_t.digit */
    SAH_KEY_N,
    SAH_KEY_F,
    SAH_KEY_SLASH, /* '/' and keypad / */
    SAH_KEY_Z,
    SAH_KEY_S, /* the library's sort */
    SAH_KEY_P, /* the library's problems */
} sah_key_t;

enum {
    SAH_MOD_SHIFT = 1 << 0,
    SAH_MOD_CTRL = 1 << 1,
    SAH_MOD_ALT = 1 << 2,
};

typedef enum {
    SAH_EV_NONE = 0,     /* the timeout passed */
    SAH_EV_QUIT,         /* window closed, SIGTERM/SIGINT (SDL turns those into a quit) */
    SAH_EV_KEY,          /* key, mods, digit */
    SAH_EV_POINTER_DOWN, /* x, y */
    SAH_EV_POINTER_MOVE, /* x, y, while down */
    SAH_EV_POINTER_UP,   /* x, y */
    SAH_EV_WHEEL,        /* wheel: > 0 away from the user (up) */
    SAH_EV_RESIZE,       /* x, y: the new size of the drawable */
    SAH_EV_EXPOSE,       /* the window needs its picture again */
    SAH_EV_FOCUS_LOST,   /* a good moment to save */
    SAH_EV_TEXT,         /* text: committed text input (sah_video_set_text_input()) */
    SAH_EV_FOCUS_GAINED, /* the window has the keyboard's focus again */
    SAH_EV_WAKE,         /* sah_video_wake() was called */
} sah_event_type_t;

typedef struct {
    sah_event_type_t type;
    sah_key_t key;
    unsigned mods; /* SAH_MOD_* */
    int digit;
    int x, y;
    int wheel;
    double t_ms;   /* CLOCK_MONOTONIC when the event was taken from the queue */
    char text[32]; /* UTF-8, NUL-terminated (SAH_EV_TEXT) */
} sah_event_t;

/*
 * sah_video_new:
 * Initialises SDL's video, opens the window, a renderer and a streaming
 * texture of the window's size.
 *
 * Returns: (transfer full) freed with sah_video_free(), or NULL after one
 * line on stderr naming the driver and SDL's reason (no display, no
 * renderer...).
 */
sah_video_t *sah_video_new(const sah_video_opts_t *opts) __attribute__((warn_unused_result));

/* Closes the window and quits SDL's video. NULL is a no-op. */
void sah_video_free(sah_video_t *v);

/* Returns: (transfer none) the driver in use ("x11", "wayland", "kmsdrm",
 * "offscreen"), static in SDL. */
const char *sah_video_driver(const sah_video_t *v);

/* The drawable's size in logical pixels (what the page buffer must be):
 * its physical size turned by opts.rotate. */
void sah_video_size(const sah_video_t *v, int *w, int *h);

/*
 * sah_video_wait:
 * @timeout_ms: < 0 waits for ever, 0 polls.
 * @ev: (out): the next event; SAH_EV_NONE when the timeout passed.
 *
 * Sleeps in SDL_WaitEventTimeout() where SDL's driver can (x11, wayland),
 * elsewhere (kmsdrm, offscreen) in poll() on the input devices SDL opened:
 * no CPU and no wake-ups while idle. Events we do not use are skipped
 * inside (they do not return early).
 *
 * Returns: false only if SDL reports an error while waiting (logged).
 */
bool sah_video_wait(sah_video_t *v, int timeout_ms, sah_event_t *ev);

/* Makes sah_video_wait() return SAH_EV_WAKE: callable from any thread
 * (another thread's news for the main loop, e.g. a watched folder that
 * changed), while @v lives. Returns: false when SDL refused (queue full). */
bool sah_video_wake(sah_video_t *v);

/*
 * sah_video_present:
 * @argb: (transfer none): @h rows of @stride uint32_t, 0xAARRGGBB native,
 *   opaque (the page buffer's own layout, copied as is; the alpha byte is
 *   not read). Logical: the page as the reader sees it, @w x @h.
 *
 * Uploads the pixels (re-creating the texture if @w x @h changed) and shows
 * them, turned by opts.rotate. Returns: false (one line logged) if SDL failed.
 */
bool sah_video_present(sah_video_t *v, const uint32_t *argb, size_t stride, int w, int h)
    __attribute__((warn_unused_result));

/* Switches desktop fullscreen on or off. Returns: false (logged) on failure. */
bool sah_video_set_fullscreen(sah_video_t *v, bool on);
bool sah_video_fullscreen(const sah_video_t *v);

/*
 * sah_video_set_text_input:
 * While on, typed text comes as SAH_EV_TEXT events besides the keys
 * (SDL_StartTextInput: the keyboard's layout and an input method's
 * committed text, never its composition); off, an input method stays out
 * of the way. Off at the start: on only while a text field is shown.
 */
void sah_video_set_text_input(sah_video_t *v, bool on);

/* Current wall time in milliseconds on the clock events are stamped with. */
double sah_video_now_ms(void);

#endif
