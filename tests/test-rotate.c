/*
 * test-rotate.c - a turned panel's points (platform/rotate.h) for the four
 * rotations on an 800x480 panel: its corners and centre against the logical
 * points worked out by hand from the picture (90: the page's top-left pixel
 * is the panel's top-right one), every pixel of a small odd-sized panel and
 * a grid of the big one there and back, the sizes, and what the reader makes
 * of taps and swipes on the turned panel (app/ui/input.h): the panel's thirds
 * and directions as the reader sees them. Bad --rotate values are refused.
 */
#include "app/ui/input.h"
#include "platform/rotate.h"
#include "testutil.h"

#define PW 800 /* the panel, physical */
#define PH 480

/* Physical point -> logical point: the corners and the centre. */
static const struct {
    sah_rotate_t r;
    int px, py, lx, ly;
} points[] = {
    {SAH_ROTATE_0, 0, 0, 0, 0},
    {SAH_ROTATE_0, 799, 0, 799, 0},
    {SAH_ROTATE_0, 0, 479, 0, 479},
    {SAH_ROTATE_0, 799, 479, 799, 479},
    {SAH_ROTATE_0, 400, 240, 400, 240},
    /* 90: the page (480x800) is turned clockwise: its top-left corner is the
     * panel's top-right, its bottom-left the panel's top-left. */
    {SAH_ROTATE_90, 799, 0, 0, 0},
    {SAH_ROTATE_90, 0, 0, 0, 799},
    {SAH_ROTATE_90, 799, 479, 479, 0},
    {SAH_ROTATE_90, 0, 479, 479, 799},
    {SAH_ROTATE_90, 400, 240, 240, 399},
    {SAH_ROTATE_180, 799, 479, 0, 0},
    {SAH_ROTATE_180, 0, 479, 799, 0},
    {SAH_ROTATE_180, 799, 0, 0, 479},
    {SAH_ROTATE_180, 0, 0, 799, 479},
    {SAH_ROTATE_180, 400, 240, 399, 239},
    /* 270: the page's top-left corner is the panel's bottom-left. */
    {SAH_ROTATE_270, 0, 479, 0, 0},
    {SAH_ROTATE_270, 0, 0, 479, 0},
    {SAH_ROTATE_270, 799, 479, 0, 799},
    {SAH_ROTATE_270, 799, 0, 479, 799},
    {SAH_ROTATE_270, 400, 240, 239, 400},
};

static const sah_rotate_t all[] = {SAH_ROTATE_0, SAH_ROTATE_90, SAH_ROTATE_180, SAH_ROTATE_270};

static void check_points(void)
{
    for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
        int lx, ly, px, py, lw, lh;
        sah_rotate_to_logical(points[i].r, PW, PH, points[i].px, points[i].py, &lx, &ly);
        CHECK(lx == points[i].lx && ly == points[i].ly,
              "rotate %d: physical (%d, %d): expected logical (%d, %d), got (%d, %d)",
              (int)points[i].r, points[i].px, points[i].py, points[i].lx, points[i].ly, lx, ly);
        sah_rotate_size(points[i].r, PW, PH, &lw, &lh);
        sah_rotate_to_physical(points[i].r, lw, lh, points[i].lx, points[i].ly, &px, &py);
        CHECK(px == points[i].px && py == points[i].py,
              "rotate %d: logical (%d, %d): expected physical (%d, %d), got (%d, %d)",
              (int)points[i].r, points[i].lx, points[i].ly, points[i].px, points[i].py, px, py);
    }
}

/* Every pixel of a @pw x @ph panel lands on a pixel of the page, a different
 * one each time, and comes back (@step > 1: a grid of them). */
static void check_round_trip(sah_rotate_t r, int pw, int ph, int step)
{
    int lw, lh, back_w, back_h, bad = 0, outside = 0, twice = 0;
    sah_rotate_size(r, pw, ph, &lw, &lh);
    sah_rotate_size(r, lw, lh, &back_w, &back_h);
    CHECK(back_w == pw && back_h == ph, "rotate %d: size %dx%d -> %dx%d -> %dx%d", (int)r, pw, ph,
          lw, lh, back_w, back_h);
    unsigned char *seen = calloc((size_t)lw * (size_t)lh, 1);
    if (!seen) {
        CHECK(seen, "out of memory");
        return;
    }
    for (int py = 0; py < ph; py += step) {
        for (int px = 0; px < pw; px += step) {
            int lx, ly, x, y;
            sah_rotate_to_logical(r, pw, ph, px, py, &lx, &ly);
            sah_rotate_to_physical(r, lw, lh, lx, ly, &x, &y);
            bad += x != px || y != py;
            if (lx < 0 || ly < 0 || lx >= lw || ly >= lh)
                outside++;
            else if (seen[(size_t)ly * (size_t)lw + (size_t)lx]++)
                twice++;
        }
    }
    free(seen);
    CHECK(bad == 0 && outside == 0 && twice == 0,
          "rotate %d on %dx%d (every %d px): %d not back, %d off the page, %d on a pixel twice",
          (int)r, pw, ph, step, bad, outside, twice);
}

static void check_sizes(void)
{
    int w, h;
    sah_rotate_size(SAH_ROTATE_90, 800, 480, &w, &h);
    CHECK(w == 480 && h == 800, "90: expected 480x800 pages, got %dx%d", w, h);
    sah_rotate_size(SAH_ROTATE_270, 800, 480, &w, &h);
    CHECK(w == 480 && h == 800, "270: expected 480x800 pages, got %dx%d", w, h);
    sah_rotate_size(SAH_ROTATE_180, 800, 480, &w, &h);
    CHECK(w == 800 && h == 480, "180: expected 800x480 pages, got %dx%d", w, h);
    sah_rotate_size(SAH_ROTATE_0, 800, 480, &w, &h);
    CHECK(w == 800 && h == 480, "0: expected 800x480 pages, got %dx%d", w, h);
}

static void check_parse(void)
{
    static const struct {
        const char *s;
        bool ok;
        sah_rotate_t r;
    } cases[] = {
        {"0", true, SAH_ROTATE_0},     {"90", true, SAH_ROTATE_90},  {"180", true, SAH_ROTATE_180},
        {"270", true, SAH_ROTATE_270}, {"", false, SAH_ROTATE_0},    {"45", false, SAH_ROTATE_0},
        {"360", false, SAH_ROTATE_0},  {"-90", false, SAH_ROTATE_0}, {"90x", false, SAH_ROTATE_0},
        {" 90", false, SAH_ROTATE_0},  {"090", false, SAH_ROTATE_0}, {NULL, false, SAH_ROTATE_0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sah_rotate_t r = SAH_ROTATE_180; /* untouched on failure */
        bool ok = sah_rotate_parse(cases[i].s, &r);
        const char *s = cases[i].s ? cases[i].s : "(null)";
        CHECK(ok == cases[i].ok, "parse '%s': expected %s", s, cases[i].ok ? "ok" : "refused");
        CHECK(r == (ok ? cases[i].r : SAH_ROTATE_180), "parse '%s': got %d", s, (int)r);
    }
}

/* A press from physical (@x0, @y0) to (@x1, @y1) on the turned 800x480
 * panel, through the mapping video.c applies, as the reader of an Arabic
 * article takes it. */
static sah_action_t physical_gesture(sah_rotate_t r, int x0, int y0, int x1, int y1)
{
    int lw, lh, lx, ly;
    sah_gesture_t g = {0};
    sah_rotate_size(r, PW, PH, &lw, &lh);
    sah_rotate_to_logical(r, PW, PH, x0, y0, &lx, &ly);
    sah_gesture_down(&g, lx, ly, 0);
    sah_rotate_to_logical(r, PW, PH, x1, y1, &lx, &ly);
    sah_gesture_move(&g, lx, ly);
    sah_gesture_kind_t k = sah_gesture_up(&g, lx, ly, 100, 60);
    return sah_input_action(SAH_UI_AT_READER, sah_gesture_input(k, &g, lw), 0, true);
}

static void check_gestures(void)
{
    /* Taps: the reader's left third (next page in Arabic) is, on the panel,
     * its top third for 90 (the page's left edge runs along the panel's top),
     * its right third for 180, its bottom third for 270. */
    static const struct {
        sah_rotate_t r;
        int x0, y0, x1, y1;
        sah_action_t want;
        const char *what;
    } cases[] = {
        {SAH_ROTATE_0, 100, 240, 100, 240, SAH_ACT_NEXT, "tap, left of the panel"},
        {SAH_ROTATE_0, 700, 240, 700, 240, SAH_ACT_PREV, "tap, right of the panel"},
        {SAH_ROTATE_90, 400, 80, 400, 80, SAH_ACT_NEXT, "tap, top of the panel"},
        {SAH_ROTATE_90, 400, 400, 400, 400, SAH_ACT_PREV, "tap, bottom of the panel"},
        {SAH_ROTATE_90, 100, 240, 100, 240, SAH_ACT_MENU, "tap, left of the panel"},
        {SAH_ROTATE_90, 700, 240, 700, 240, SAH_ACT_MENU, "tap, right of the panel"},
        {SAH_ROTATE_180, 700, 240, 700, 240, SAH_ACT_NEXT, "tap, right of the panel"},
        {SAH_ROTATE_180, 100, 240, 100, 240, SAH_ACT_PREV, "tap, left of the panel"},
        {SAH_ROTATE_270, 400, 400, 400, 400, SAH_ACT_NEXT, "tap, bottom of the panel"},
        {SAH_ROTATE_270, 400, 80, 400, 80, SAH_ACT_PREV, "tap, top of the panel"},
        /* Swipes: towards the reader's right (next page in Arabic) is down
         * the panel for 90, towards its left for 180, up it for 270. */
        {SAH_ROTATE_0, 200, 240, 500, 240, SAH_ACT_NEXT, "swipe right along the panel"},
        {SAH_ROTATE_90, 400, 100, 400, 400, SAH_ACT_NEXT, "swipe down the panel"},
        {SAH_ROTATE_90, 400, 400, 400, 100, SAH_ACT_PREV, "swipe up the panel"},
        {SAH_ROTATE_90, 200, 240, 500, 240, SAH_ACT_NONE, "swipe right along the panel"},
        {SAH_ROTATE_180, 500, 240, 200, 240, SAH_ACT_NEXT, "swipe left along the panel"},
        {SAH_ROTATE_180, 200, 240, 500, 240, SAH_ACT_PREV, "swipe right along the panel"},
        {SAH_ROTATE_270, 400, 400, 400, 100, SAH_ACT_NEXT, "swipe up the panel"},
        {SAH_ROTATE_270, 400, 100, 400, 400, SAH_ACT_PREV, "swipe down the panel"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sah_action_t got =
            physical_gesture(cases[i].r, cases[i].x0, cases[i].y0, cases[i].x1, cases[i].y1);
        CHECK(got == cases[i].want, "rotate %d, %s (%d,%d -> %d,%d): expected action %d, got %d",
              (int)cases[i].r, cases[i].what, cases[i].x0, cases[i].y0, cases[i].x1, cases[i].y1,
              (int)cases[i].want, (int)got);
    }
}

int main(void)
{
    check_points();
    check_sizes();
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        check_round_trip(all[i], 7, 5, 1);
        check_round_trip(all[i], PW, PH, 1);
    }
    check_parse();
    check_gestures();
    return t_summary("test-rotate");
}
