/* scroll.c - see scroll.h. */
#include "app/ui/scroll.h"

#include <math.h>
#include <stdlib.h>

/* Motion kept for the velocity: more than a 100 ms window holds at the
 * 60-125 Hz that touch panels and mice report. */
#define SAMPLES 32
/* px/ms: slower than this a release leaves no glide, and a glide is still
 * (20 px/s: under a pixel a frame). */
#define V_STOP 0.02
/* px/ms: a flick faster than a panel's height in 60 ms is taken as that. */
#define V_MAX 8.0

struct sah_scroll {
    int slop;
    double max;    /* the offset's end: content - view, >= 0 */
    double offset; /* px */

    bool down, dragging, fired, caught;
    int x0, y0;         /* where the press went down */
    double t0;          /* when */
    double drag_offset; /* the offset when the drag began ... */
    int drag_y;         /* ... and the finger's y then */
    struct {
        double t, y;
    } samples[SAMPLES];
    unsigned n_samples; /* ever added this press */
    unsigned kept;      /* of them kept: the last SAMPLES at most */

    bool gliding;
    double g_t0, g_x0, g_v0; /* the glide's start: time, offset, velocity (px/ms) */
    double g_last;           /* the time of the last step */
};

sah_scroll_t *sah_scroll_new(int slop_px)
{
    sah_scroll_t *s = calloc(1, sizeof *s);
    if (s)
        s->slop = slop_px > 0 ? slop_px : 1;
    return s;
}

void sah_scroll_free(sah_scroll_t *s)
{
    free(s);
}

static double clamp(const sah_scroll_t *s, double v)
{
    return v < 0 ? 0 : v > s->max ? s->max : v;
}

void sah_scroll_set_extent(sah_scroll_t *s, double content_px, double view_px)
{
    double m = content_px - view_px;
    s->max = m > 0 ? m : 0;
    s->offset = clamp(s, s->offset);
}

void sah_scroll_set_slop(sah_scroll_t *s, int slop_px)
{
    s->slop = slop_px > 0 ? slop_px : 1;
}

double sah_scroll_offset(const sah_scroll_t *s)
{
    return s->offset;
}

void sah_scroll_stop(sah_scroll_t *s)
{
    s->gliding = false;
}

void sah_scroll_set_offset(sah_scroll_t *s, double offset_px)
{
    s->offset = clamp(s, offset_px);
    sah_scroll_stop(s);
}

bool sah_scroll_gliding(const sah_scroll_t *s)
{
    return s->gliding;
}

bool sah_scroll_pressed(const sah_scroll_t *s)
{
    return s->down;
}

bool sah_scroll_dragging(const sah_scroll_t *s)
{
    return s->down && s->dragging;
}

static void add_sample(sah_scroll_t *s, double t, int y)
{
    unsigned i = s->n_samples++ % SAMPLES;
    if (s->kept < SAMPLES)
        s->kept++;
    s->samples[i].t = t;
    s->samples[i].y = y;
}

/* The glide's velocity at @t (px/ms, in offset units). */
static double glide_v(const sah_scroll_t *s, double t)
{
    return s->g_v0 * exp(-(t - s->g_t0) / SAH_SCROLL_TAU_MS);
}

void sah_scroll_down(sah_scroll_t *s, int x, int y, double t_ms)
{
    /* A finger on a moving list stops it, as on paper: that press is not
     * also a tap on whatever row was passing under it. */
    s->caught = s->gliding && fabs(glide_v(s, t_ms)) >= V_STOP;
    s->gliding = false;
    s->down = true;
    s->dragging = s->fired = false;
    s->x0 = x;
    s->y0 = y;
    s->t0 = t_ms;
    s->n_samples = s->kept = 0;
    add_sample(s, t_ms, y);
}

bool sah_scroll_move(sah_scroll_t *s, int x, int y, double t_ms)
{
    if (!s->down)
        return false;
    add_sample(s, t_ms, y);
    if (!s->dragging) {
        /* Either way counts: a sideways wobble beyond the slop is no tap
         * either, though only the vertical part moves the list. */
        if (abs(y - s->y0) <= s->slop && abs(x - s->x0) <= s->slop)
            return false;
        /* From the slop's edge on: the list does not jump by the slop. */
        int dy = y - s->y0;
        s->dragging = true;
        s->drag_offset = s->offset;
        s->drag_y = abs(dy) > s->slop ? s->y0 + (dy > 0 ? s->slop : -s->slop) : y;
    }
    double was = s->offset;
    /* The finger up moves the list up: later rows come into view. */
    s->offset = clamp(s, s->drag_offset + (s->drag_y - y));
    return s->offset != was;
}

/* The velocity of the finger over its last SAH_SCROLL_VELOCITY_MS, in
 * offset units (px/ms): a finger that stopped before it lifted gives 0. */
static double release_velocity(const sah_scroll_t *s)
{
    if (s->kept < 2)
        return 0;
    unsigned last = (s->n_samples - 1) % SAMPLES, first = last;
    double t_end = s->samples[last].t;
    for (unsigned k = 1; k < s->kept; k++) {
        unsigned i = (s->n_samples - 1 - k) % SAMPLES;
        if (t_end - s->samples[i].t > SAH_SCROLL_VELOCITY_MS)
            break;
        first = i;
    }
    double dt = t_end - s->samples[first].t;
    if (dt < 1)
        return 0;
    double v = -(s->samples[last].y - s->samples[first].y) / dt;
    return v > V_MAX ? V_MAX : v < -V_MAX ? -V_MAX : v;
}

sah_scroll_kind_t sah_scroll_up(sah_scroll_t *s, int x, int y, double t_ms)
{
    if (!s->down)
        return SAH_SCROLL_NONE;
    sah_scroll_move(s, x, y, t_ms);
    s->down = false;
    if (s->dragging) {
        double v = release_velocity(s);
        /* At an end, a flick further that way has nowhere to go. */
        bool blocked = (v < 0 && s->offset <= 0) || (v > 0 && s->offset >= s->max);
        if (fabs(v) >= V_STOP && !blocked) {
            s->gliding = true;
            s->g_t0 = s->g_last = t_ms;
            s->g_x0 = s->offset;
            s->g_v0 = v;
        }
        return SAH_SCROLL_DRAG;
    }
    if (s->fired || s->caught)
        return SAH_SCROLL_NONE;
    return t_ms - s->t0 >= SAH_SCROLL_LONG_PRESS_MS ? SAH_SCROLL_LONG_PRESS : SAH_SCROLL_TAP;
}

int sah_scroll_long_press_in(const sah_scroll_t *s, double now_ms)
{
    if (!s->down || s->dragging || s->fired || s->caught)
        return -1;
    double left = s->t0 + SAH_SCROLL_LONG_PRESS_MS - now_ms;
    return left <= 0 ? 0 : (int)left + 1;
}

bool sah_scroll_fire_long_press(sah_scroll_t *s, double now_ms)
{
    if (sah_scroll_long_press_in(s, now_ms) != 0)
        return false;
    s->fired = true;
    return true;
}

int sah_scroll_wake_in(const sah_scroll_t *s, double now_ms)
{
    if (!s->gliding)
        return -1;
    double left = s->g_last + SAH_SCROLL_FRAME_MS - now_ms;
    return left <= 0 ? 0 : (int)ceil(left);
}

bool sah_scroll_step(sah_scroll_t *s, double now_ms)
{
    if (!s->gliding)
        return false;
    double t = now_ms > s->g_t0 ? now_ms - s->g_t0 : 0;
    /* The integral of v0 e^(-t/tau): the glide covers v0 tau in all. */
    double x = s->g_x0 + s->g_v0 * SAH_SCROLL_TAU_MS * (1 - exp(-t / SAH_SCROLL_TAU_MS));
    double was = s->offset;
    s->offset = clamp(s, x);
    s->g_last = now_ms;
    /* Still, or stopped by an end: done, and nothing more to wake for. */
    if (fabs(glide_v(s, now_ms)) < V_STOP || s->offset != x)
        s->gliding = false;
    return s->offset != was;
}
