/* video.c - see video.h. SDL's error convention (negative ints, NULL, a
 * message in SDL_GetError()) stops here: callers get bool/NULL and one line. */
#include "platform/video.h"

#include "platform/log.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct sah_video {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex; /* the page, RGB888 (XRGB) streaming */
    int tex_w, tex_h;
    sah_rotate_t rotate;
    bool fullscreen;
    SDL_FingerID finger; /* the finger being followed, when pointer_down */
    bool pointer_down, finger_down;
    Uint32 wake_type; /* our SDL user event: sah_video_wake(); 0 if none */
    /* The wait is ours (wait_own()), not SDL's: @wake_fd, an eventfd, is
     * what sah_video_wake() writes to end it; -1 when SDL waits. */
    bool own_wait;
    int wake_fd;
    unsigned empty_polls; /* wake-ups in a row that brought no event */
};

static void log_sdl(const char *what)
{
    sah_log_at(SAH_LOG_ERR, "video: %s: %s", what, SDL_GetError());
}

double sah_video_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* No display at all is the common failure (ssh, a console without
 * SDL_VIDEODRIVER=kmsdrm): say what to do about it. */
static void log_no_display(const char *driver)
{
    sah_log_at(SAH_LOG_ERR,
               "video: cannot open a display with %s (SDL: %s); on a desktop check "
               "DISPLAY or WAYLAND_DISPLAY, on a console try SDL_VIDEODRIVER=kmsdrm; "
               "--screenshot OUT.png needs no display",
               driver ? driver : "any SDL driver", SDL_GetError());
}

/* Whether a Wayland compositor could be reached: libwayland connects to
 * $WAYLAND_DISPLAY (default "wayland-0") in $XDG_RUNTIME_DIR unless it is
 * an absolute path, and without a runtime dir it prints "XDG_RUNTIME_DIR is
 * invalid or not set in the environment." on stderr by itself: a line that
 * reads like sahifa's failure before sahifa has said anything. */
static bool wayland_reachable(void)
{
    const char *display = SDL_getenv("WAYLAND_DISPLAY"), *run = SDL_getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (display && display[0] == '/')
        return true;
    return run && run[0] == '/' && stat(run, &st) == 0 && S_ISDIR(st.st_mode);
}

/* SDL's own order of drivers, without Wayland when it cannot be reached
 * (see above), for SDL_HINT_VIDEODRIVER; NULL to let SDL choose (and then
 * nothing is skipped). (transfer full): SDL_free() it. */
static char *drivers_to_try(void)
{
    if (wayland_reachable())
        return NULL;
    size_t size = 1;
    for (int i = 0; i < SDL_GetNumVideoDrivers(); i++)
        size += strlen(SDL_GetVideoDriver(i)) + 1;
    char *list = SDL_malloc(size);
    if (!list)
        return NULL;
    size_t at = 0;
    for (int i = 0; i < SDL_GetNumVideoDrivers(); i++) {
        const char *d = SDL_GetVideoDriver(i);
        size_t n = strlen(d);
        if (strcmp(d, "wayland") == 0)
            continue;
        if (at)
            list[at++] = ',';
        memcpy(list + at, d, n);
        at += n;
    }
    list[at] = 0;
    return list;
}

/*
 * SDL 2.26's X11 driver opens an X input method as it starts (XOpenIM, with
 * no hint to say otherwise), and libX11's own one compiles the locale's
 * whole Compose table first: for every UTF-8 locale that is
 * en_US.UTF-8/Compose, 5,700 lines, 48 M instructions at each launch, 40%
 * of the way to the first frame on X11. The reader's text fields take
 * what the keyboard layout types, Arabic and Latin letters alike, through
 * that input method without the table, and an input method of the desktop
 * (IBus, Fcitx) keeps its own compose; what goes is libX11's compose and
 * dead-key sequences. So the
 * table is an empty one (XCOMPOSEFILE=/dev/null, while SDL starts) unless
 * the user chose one: XCOMPOSEFILE set, or ~/.XCompose, libX11's own
 * places. (Wayland's xkbcommon reads its table when the compositor sends
 * the keymap, after SDL_VideoInit(): the variable is gone by then.)
 * Returns whether XCOMPOSEFILE was set here.
 */
static bool skip_compose_table(void)
{
    const char *home = getenv("HOME");
    char own[4096];
    if (getenv("XCOMPOSEFILE"))
        return false;
    if (home && *home && snprintf(own, sizeof own, "%s/.XCompose", home) < (int)sizeof own &&
        access(own, F_OK) == 0)
        return false;
    return setenv("XCOMPOSEFILE", "/dev/null", 0) == 0;
}

/*
 * SDL 2.26 sleeps in SDL_WaitEventTimeout() only where its driver can wait
 * for the display (x11, wayland, windows, cocoa). Elsewhere, kmsdrm (a Pi
 * without a desktop: the kiosk) and offscreen, it polls every millisecond:
 * some 800 wake-ups a second while nothing happens. There the wait is ours
 * (wait_own()).
 */
static bool sdl_sleeps(const char *driver)
{
    static const char *const sleeps[] = {"x11", "wayland", "windows", "cocoa"};
    for (size_t i = 0; driver && i < sizeof sleeps / sizeof *sleeps; i++)
        if (!strcmp(driver, sleeps[i]))
            return true;
    return false;
}

sah_video_t *sah_video_new(const sah_video_opts_t *o)
{
    sah_video_t *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->wake_fd = -1;
    /* Touch arrives as finger events; SDL would also synthesise mouse events
     * from them and every tap would count twice. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    /* An e-reader must not stop the screensaver; leave the desktop's policy. */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    const char *driver = o->headless ? "offscreen" : SDL_getenv("SDL_VIDEODRIVER");
    if (driver && !*driver)
        driver = NULL;
    char *order = !o->headless && !driver ? drivers_to_try() : NULL;
    if (order)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, order);
    SDL_free(order);
    bool no_compose = !o->headless && skip_compose_table();
    bool failed = SDL_InitSubSystem(SDL_INIT_EVENTS) != 0 ||
                  SDL_VideoInit(o->headless ? "offscreen" : NULL) != 0;
    if (no_compose)
        unsetenv("XCOMPOSEFILE"); /* read once, by the input method's opening */
    if (failed) {
        log_no_display(driver);
        SDL_Quit();
        free(v);
        return NULL;
    }
    /* With no display SDL's own search ends at its offscreen driver: a
     * window nobody can see. That is "no display" unless asked for. */
    const char *chosen = SDL_GetCurrentVideoDriver();
    if (!o->headless && !driver && chosen &&
        (!strcmp(chosen, "offscreen") || !strcmp(chosen, "dummy"))) {
        SDL_SetError("no x11, wayland or kmsdrm display found");
        log_no_display(NULL);
        sah_video_free(v);
        return NULL;
    }
    /* One full-screen texture uploaded when the page changes, never scaled:
     * SDL's software renderer (XShm on X11) does that in about a
     * millisecond at 800x480, while a GL renderer costs ~50 ms of start-up
     * and, on machines without a GPU driver, ~90 MB of llvmpipe. KMSDRM has
     * no software framebuffer in SDL 2.26, so it keeps SDL's choice (GLES2).
     * SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION in the environment
     * still win over these hints. */
    if (strcmp(SDL_GetCurrentVideoDriver(), "kmsdrm") != 0) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    if (o->headless)
        flags |= SDL_WINDOW_HIDDEN;
    v->win = SDL_CreateWindow(o->title ? o->title : "sahifa", SDL_WINDOWPOS_CENTERED,
                              SDL_WINDOWPOS_CENTERED, o->width, o->height, flags);
    if (!v->win) {
        log_no_display(SDL_GetCurrentVideoDriver());
        goto fail;
    }
    v->fullscreen = o->fullscreen;
    v->rotate = o->rotate;
    /* SDL starts text input with the video; it is ours to start when a
     * field wants it (an input method's window stays away until then). */
    SDL_StopTextInput();
    /* No PRESENTVSYNC: we present only when the picture changed, and waiting
     * for the vertical blank would add up to a frame to every page turn. */
    v->ren = SDL_CreateRenderer(v->win, -1, 0);
    if (!v->ren) {
        log_sdl("no renderer");
        goto fail;
    }
    Uint32 wake = SDL_RegisterEvents(1);
    v->wake_type = wake == (Uint32)-1 ? 0 : wake;
    if (!sdl_sleeps(SDL_GetCurrentVideoDriver())) {
        v->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        v->own_wait = v->wake_fd >= 0; /* else SDL's polling: awake, but working */
        if (!v->own_wait)
            fprintf(stderr, "sahifa: video: no eventfd (%s): SDL polls for input\n",
                    strerror(errno));
    }
    return v;
fail:
    sah_video_free(v);
    return NULL;
}

void sah_video_free(sah_video_t *v)
{
    if (!v)
        return;
    if (v->tex)
        SDL_DestroyTexture(v->tex);
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    if (v->win)
        SDL_DestroyWindow(v->win);
    SDL_VideoQuit();
    SDL_QuitSubSystem(SDL_INIT_EVENTS);
    SDL_Quit();
    if (v->wake_fd >= 0)
        close(v->wake_fd);
    free(v);
}

const char *sah_video_driver(const sah_video_t *v)
{
    (void)v;
    const char *d = SDL_GetCurrentVideoDriver();
    return d ? d : "none";
}

void sah_video_size(const sah_video_t *v, int *w, int *h)
{
    int pw, ph;
    if (SDL_GetRendererOutputSize(v->ren, &pw, &ph) != 0)
        SDL_GetWindowSize(v->win, &pw, &ph);
    sah_rotate_size(v->rotate, pw, ph, w, h);
}

/* A pointer at window point (@x, @y) into @ev, as a logical point. SDL
 * gives window coordinates (the mouse's, a finger's scaled by us), so the
 * turn is taken about the window's size. */
static void set_point(const sah_video_t *v, int x, int y, sah_event_t *ev)
{
    int w, h;
    SDL_GetWindowSize(v->win, &w, &h);
    sah_rotate_to_logical(v->rotate, w, h, x, y, &ev->x, &ev->y);
}

void sah_video_set_text_input(sah_video_t *v, bool on)
{
    (void)v;
    if (on && !SDL_IsTextInputActive())
        SDL_StartTextInput();
    else if (!on && SDL_IsTextInputActive())
        SDL_StopTextInput();
}

bool sah_video_fullscreen(const sah_video_t *v)
{
    return v->fullscreen;
}

bool sah_video_set_fullscreen(sah_video_t *v, bool on)
{
    if (SDL_SetWindowFullscreen(v->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0) {
        log_sdl("fullscreen");
        return false;
    }
    v->fullscreen = on;
    return true;
}

static sah_key_t key_of(SDL_Keycode k, int *digit)
{
    switch (k) {
    case SDLK_LEFT:
        return SAH_KEY_LEFT;
    case SDLK_RIGHT:
        return SAH_KEY_RIGHT;
    case SDLK_UP:
        return SAH_KEY_UP;
    case SDLK_DOWN:
        return SAH_KEY_DOWN;
    case SDLK_PAGEUP:
        return SAH_KEY_PAGEUP;
    case SDLK_PAGEDOWN:
        return SAH_KEY_PAGEDOWN;
    case SDLK_SPACE:
        return SAH_KEY_SPACE;
    case SDLK_BACKSPACE:
        return SAH_KEY_BACKSPACE;
    case SDLK_HOME:
        return SAH_KEY_HOME;
    case SDLK_END:
        return SAH_KEY_END;
    case SDLK_ESCAPE:
    case SDLK_AC_BACK: /* Android-style back button on some panels */
        return SAH_KEY_ESCAPE;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return SAH_KEY_ENTER;
    case SDLK_TAB:
        return SAH_KEY_TAB;
    case SDLK_F11:
        return SAH_KEY_F11;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        return SAH_KEY_PLUS;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        return SAH_KEY_MINUS;
    case SDLK_b:
        return SAH_KEY_B;
    case SDLK_m:
    case SDLK_MENU:
        return SAH_KEY_M;
    case SDLK_q:
        return SAH_KEY_Q;
    case SDLK_t:
        return SAH_KEY_T;
    case SDLK_g:
        return SAH_KEY_G;
    case SDLK_o:
        return SAH_KEY_O;
    case SDLK_c:
        return SAH_KEY_C;
    case SDLK_s:
        return SAH_KEY_S;
    case SDLK_p:
        return SAH_KEY_P;
    case SDLK_l:
        return SAH_KEY_L;
    case SDLK_n:
        return SAH_KEY_N;
    case SDLK_f:
        return SAH_KEY_F;
    case SDLK_z:
        return SAH_KEY_Z;
    case SDLK_SLASH:
    case SDLK_KP_DIVIDE:
        return SAH_KEY_SLASH;
    default:
        if (k >= SDLK_0 && k <= SDLK_9) {
            *digit = (int)(k - SDLK_0);
            return SAH_KEY_DIGIT;
        }
        if (k >= SDLK_KP_1 && k <= SDLK_KP_0) { /* SDL orders the keypad 1..9, 0 */
            *digit = k == SDLK_KP_0 ? 0 : (int)(k - SDLK_KP_1) + 1;
            return SAH_KEY_DIGIT;
        }
        return SAH_KEY_OTHER;
    }
}

/* Translates @e; false for events we do not use. */
static bool translate(sah_video_t *v, const SDL_Event *e, sah_event_t *ev)
{
    int w, h;
    if (v->wake_type && e->type == v->wake_type) {
        ev->type = SAH_EV_WAKE;
        return true;
    }
    switch (e->type) {
    case SDL_QUIT:
        ev->type = SAH_EV_QUIT;
        return true;
    case SDL_KEYDOWN: {
        SDL_Keymod m = e->key.keysym.mod;
        ev->type = SAH_EV_KEY;
        ev->key = key_of(e->key.keysym.sym, &ev->digit);
        ev->mods = ((m & KMOD_SHIFT) ? SAH_MOD_SHIFT : 0) | ((m & KMOD_CTRL) ? SAH_MOD_CTRL : 0) |
                   ((m & KMOD_ALT) ? SAH_MOD_ALT : 0);
        return ev->key != SAH_KEY_OTHER;
    }
    case SDL_TEXTINPUT:
        ev->type = SAH_EV_TEXT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return ev->text[0] != 0;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        v->pointer_down = e->type == SDL_MOUSEBUTTONDOWN;
        ev->type = v->pointer_down ? SAH_EV_POINTER_DOWN : SAH_EV_POINTER_UP;
        set_point(v, e->button.x, e->button.y, ev);
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !v->pointer_down)
            return false;
        ev->type = SAH_EV_POINTER_MOVE;
        set_point(v, e->motion.x, e->motion.y, ev);
        return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        /* One finger is followed; a second one (a pinch) is ignored. */
        if (e->type == SDL_FINGERDOWN) {
            if (v->finger_down)
                return false;
            v->finger_down = true;
            v->finger = e->tfinger.fingerId;
        } else if (!v->finger_down || e->tfinger.fingerId != v->finger) {
            return false;
        }
        if (e->type == SDL_FINGERUP)
            v->finger_down = false;
        SDL_GetWindowSize(v->win, &w, &h);
        ev->type = e->type == SDL_FINGERDOWN ? SAH_EV_POINTER_DOWN
                   : e->type == SDL_FINGERUP ? SAH_EV_POINTER_UP
                                             : SAH_EV_POINTER_MOVE;
        /* The touch panel's axes are the display's: no swapxy/invx in
         * its overlay when we turn the picture ourselves (docs/kiosk.md). */
        set_point(v, (int)(e->tfinger.x * (float)w), (int)(e->tfinger.y * (float)h), ev);
        return true;
    case SDL_MOUSEWHEEL:
        if (e->wheel.y == 0)
            return false;
        ev->type = SAH_EV_WHEEL;
        ev->wheel = e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        return true;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
            ev->type = SAH_EV_RESIZE;
            sah_video_size(v, &ev->x, &ev->y);
            return true;
        case SDL_WINDOWEVENT_EXPOSED:
            ev->type = SAH_EV_EXPOSE;
            return true;
        case SDL_WINDOWEVENT_FOCUS_LOST:
            ev->type = SAH_EV_FOCUS_LOST;
            return true;
        case SDL_WINDOWEVENT_FOCUS_GAINED:
            ev->type = SAH_EV_FOCUS_GAINED;
            return true;
        default:
            return false;
        }
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        ev->type = SAH_EV_EXPOSE; /* the texture's content is gone */
        v->tex_w = v->tex_h = 0;
        return true;
    default:
        return false;
    }
}

bool sah_video_wake(sah_video_t *v)
{
    /* SDL_PushEvent() is safe from any thread and wakes SDL_WaitEvent()
     * (the driver's own wake-up: a client message on X11); our own wait
     * sleeps on the eventfd. */
    SDL_Event e = {.type = v->wake_type};
    bool ok = v->wake_type && SDL_PushEvent(&e) == 1;
    uint64_t one = 1;
    if (ok && v->wake_fd >= 0 && write(v->wake_fd, &one, sizeof one) != (ssize_t)sizeof one &&
        errno != EAGAIN) /* EAGAIN: the count is full, the wait ends anyway */
        ok = false;
    return ok;
}

#define MAX_INPUT_FDS 64

/* What SDL reads input from, found among the process's open files: the
 * evdev devices (/dev/input/...) and udev's netlink socket, which tells
 * SDL of a keyboard or panel plugged in. Adds them to @p; returns the new
 * count. Never the DRM device: its page-flip events are SDL's to take
 * while it draws, and one left unread would end every wait at once. */
static nfds_t input_fds(struct pollfd *p, nfds_t n)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    while (d && n < MAX_INPUT_FDS && (de = readdir(d)) != NULL) {
        char link[64], to[32];
        char *end;
        long fd = strtol(de->d_name, &end, 10);
        if (*end || end == de->d_name || fd == dirfd(d))
            continue;
        snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
        ssize_t len = readlink(link, to, sizeof to - 1);
        if (len <= 0)
            continue;
        to[len] = 0;
        int domain = 0;
        socklen_t dl = sizeof domain;
        if (!strncmp(to, "/dev/input/", 11) ||
            (!strncmp(to, "socket:", 7) &&
             getsockopt((int)fd, SOL_SOCKET, SO_DOMAIN, &domain, &dl) == 0 && domain == AF_NETLINK))
            p[n++] = (struct pollfd){.fd = (int)fd, .events = POLLIN};
    }
    if (d)
        closedir(d);
    return n;
}

/* Sleeps until an input device has something for SDL, sah_video_wake() or
 * a signal (SDL turns SIGTERM into a quit at its next pump) comes, or
 * @timeout_ms passes (< 0: no end). */
static void sleep_on_input(sah_video_t *v, int timeout_ms)
{
    struct pollfd p[MAX_INPUT_FDS];
    p[0] = (struct pollfd){.fd = v->wake_fd, .events = POLLIN};
    nfds_t n = input_fds(p, 1);
    /* A device that stays readable while SDL reads nothing from it (not
     * one of its own) would make this a busy loop: after 100 empty
     * wake-ups in a row, 10 ms between them. */
    if (v->empty_polls > 100)
        SDL_Delay(10);
    if (poll(p, n, timeout_ms) > 0) {
        v->empty_polls++;
        uint64_t count;
        if (p[0].revents & POLLIN)
            (void)!read(v->wake_fd, &count, sizeof count);
    }
}

/* sah_video_wait() where SDL would poll (sdl_sleeps()). */
static bool wait_own(sah_video_t *v, int timeout_ms, sah_event_t *ev)
{
    double deadline = sah_video_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        SDL_Event e;
        *ev = (sah_event_t){0};
        SDL_PumpEvents();
        int got = SDL_PeepEvents(&e, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT);
        ev->t_ms = sah_video_now_ms();
        if (got < 0) {
            log_sdl("reading events");
            return false;
        }
        if (got > 0) {
            v->empty_polls = 0;
            if (translate(v, &e, ev))
                return true;
            continue;
        }
        int left = timeout_ms < 0 ? -1 : (int)(deadline - ev->t_ms + 0.999);
        if (timeout_ms >= 0 && left <= 0)
            return true; /* SAH_EV_NONE */
        sleep_on_input(v, left);
    }
}

bool sah_video_wait(sah_video_t *v, int timeout_ms, sah_event_t *ev)
{
    if (v->own_wait)
        return wait_own(v, timeout_ms, ev);
    SDL_Event e;
    double deadline = sah_video_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        *ev = (sah_event_t){0};
        int left = timeout_ms < 0 ? -1 : (int)(deadline - sah_video_now_ms() + 0.999);
        /* SDL_WaitEvent returns 0 only on an error; SDL_WaitEventTimeout's 0
         * is the timeout (its errors look the same and are not told apart). */
        int got = left < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, left > 0 ? left : 0);
        ev->t_ms = sah_video_now_ms();
        if (!got) {
            if (timeout_ms < 0) {
                log_sdl("waiting for events");
                return false;
            }
            return true; /* SAH_EV_NONE */
        }
        if (translate(v, &e, ev))
            return true;
    }
}

/*
 * Draws the page texture over the whole output, turned by v->rotate.
 *
 * The turn is the renderer's (SDL_RenderCopyEx), not a rotated copy of the
 * page made on the CPU. On a Pi the reader runs on KMSDRM, where SDL draws
 * with GLES2 on the VideoCore (vc4/v3d): the texture is uploaded the same
 * way at any angle and a turned quad costs the GPU what a straight one does,
 * so the turn is free. A CPU turn would add a pass over 384,000 pixels
 * whose writes go down columns, each to another cache line, before the same
 * upload, on the input-to-present path of every page turn: 0.16 ms on this
 * 2-core x86-64 build machine, seven times a straight copy of the page, and
 * the Pi's in-order cores with their narrow memory bus are slower still.
 * Where SDL draws in software (x11 without a GPU: a desktop, the tests) it
 * makes that turned copy itself, by exact quarter turns (SDL_rotate.c):
 * tests/test-gui.sh compares the window with the turned screenshot, pixel
 * for pixel.
 *
 * The destination rectangle is the output's size turned back (a 480x800
 * rectangle centred on an 800x480 output for 90 and 270): SDL turns it
 * about its centre onto exactly the output.
 */
static int copy_turned(sah_video_t *v)
{
    if (v->rotate == SAH_ROTATE_0)
        return SDL_RenderCopy(v->ren, v->tex, NULL, NULL);
    int pw, ph, lw, lh;
    if (SDL_GetRendererOutputSize(v->ren, &pw, &ph) != 0)
        return -1;
    sah_rotate_size(v->rotate, pw, ph, &lw, &lh);
    SDL_FRect dst = {(float)(pw - lw) / 2, (float)(ph - lh) / 2, (float)lw, (float)lh};
    return SDL_RenderCopyExF(v->ren, v->tex, NULL, &dst, (double)v->rotate, NULL, SDL_FLIP_NONE);
}

bool sah_video_present(sah_video_t *v, const uint32_t *argb, size_t stride, int w, int h)
{
    if (!v->tex || v->tex_w != w || v->tex_h != h) {
        if (v->tex)
            SDL_DestroyTexture(v->tex);
        /* The page is opaque: a texture without alpha (the same bytes as
         * ARGB8888, the alpha byte unread) is copied onto the window row by
         * row where a texture with alpha is blended pixel by pixel by SDL's
         * software renderer (X11, offscreen: 0.3 M instructions a frame
         * instead of 2.1 M at 800x480). */
        v->tex =
            SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (!v->tex) {
            v->tex_w = v->tex_h = 0;
            log_sdl("texture");
            return false;
        }
        v->tex_w = w;
        v->tex_h = h;
    }
    if (SDL_UpdateTexture(v->tex, NULL, argb, (int)(stride * sizeof *argb)) != 0 ||
        copy_turned(v) != 0) {
        log_sdl("upload");
        return false;
    }
    SDL_RenderPresent(v->ren);
    return true;
}
