/*
 * bench-reader-instr - the app's own moments for callgrind: the reader
 * screen (app/ui/reader.h) as main.c drives it, where bench-instr times the
 * engine's parts. bench/instructions.sh runs it as
 *
 *   valgrind --tool=callgrind bench-reader-instr [--width W] [--height H]
 *            [--turns N] [--font-memo MEMO] FILE
 *
 * Phases (each ends with CALLGRIND_DUMP_STATS_AT, see bench-instr.c):
 *
 *   startup       exec to main();
 *   launch        UI strings and fonts, the reader, the article parsed and
 *                 paginated lazily, the first frame (page and status bar)
 *                 drawn: what a launch does before the window shows it;
 *   whole-parse   a long article opened by its head (reader.h): its whole
 *                 parse, which runs on a worker thread in the app, waited
 *                 for here so that it is counted apart from the steps;
 *   ahead-0       the work the app does while the reader looks at page 1:
 *                 the neighbouring frames drawn and the page count found
 *                 (sah_reader_idle() until nothing is pending);
 *   turn-N-press  the key press to the new frame: sah_reader_turn() and
 *                 sah_reader_frame(); the latency a reader feels;
 *   turn-N-ahead-K  the work ahead after that frame is shown, step K
 *                 (one sah_reader_idle(), what main.c runs between two
 *                 looks at the input queue): the next neighbour drawn, so
 *                 that the following press only swaps;
 *   bigger-press  the font size one step up (a reflow) to its frame;
 *   bigger-ahead-K  the neighbours at the new size, step K.
 *
 * With --steps N, ahead-0 is dumped step by step instead: step-1 ..
 * step-N, each one sah_reader_idle() (what main.c runs between two looks
 * at the input queue), then ahead-rest. A long article's steps are alike
 * after its first pages, so the first N show the largest.
 * With --deep, phases more at the end: deep-goto, a jump to the page 90%
 * through (paginating to it), deep-reflow, the font size one step back
 * there to its frame: a reflow deep in a long article; deep-back, a turn
 * back from there at once (the pages before the place laid out, nothing
 * ready); and with --steps N, deep-step-1 .. deep-step-N, the work ahead
 * after it step by step (the pages before it counted from the start).
 *
 * Not counted: SDL's upload of the frame to the screen (a copy of W x H x 4
 * bytes) and the store's position write (coalesced, seconds later).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__has_include) && __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else /* --check needs no valgrind: the phases are not dumped */
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#define CALLGRIND_ZERO_STATS          ((void)0)
#endif

#include "fonts/fontchain.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"

#define PHASE_END(name) CALLGRIND_DUMP_STATS_AT(name)

/* The work ahead, all of it, as main.c's loop does it between events. */
static int ahead(sah_reader_t *r)
{
    int steps = 0;
    while (sah_reader_idle(r))
        steps++;
    return steps;
}

/* ---- --check ------------------------------------------------------------ */

/* Glyphs the UI's cache (the reader's and its status bar's) has rendered. */
static uint64_t rendered(sah_ui_t *ui)
{
    sah_glyphcache_stats_t st;
    sah_glyphcache_stats(sah_ui_glyphcache(ui), &st);
    return st.misses;
}

/* One step of work ahead, the glyphs it rendered in *@worst if more. */
static bool check_step(sah_ui_t *ui, sah_reader_t *r, uint64_t *worst)
{
    uint64_t m = rendered(ui);
    bool more = sah_reader_idle(r);
    m = rendered(ui) - m;
    *worst = m > *worst ? m : *worst;
    return more;
}

/* Whether @r's frame is @ref's, pixel for pixel. */
static bool same_frame(sah_reader_t *r, sah_reader_t *ref, int w, int h)
{
    size_t s1, s2;
    const sah_pagebuf_t *a = sah_reader_frame(r), *b = sah_reader_frame(ref);
    const uint32_t *pa = a ? sah_pagebuf_argb(a, &s1) : NULL,
                   *pb = b ? sah_pagebuf_argb(b, &s2) : NULL;
    if (!pa || !pb)
        return false;
    for (int y = 0; y < h; y++)
        if (memcmp(pa + (size_t)y * s1, pb + (size_t)y * s2, (size_t)w * sizeof *pa))
            return false;
    return true;
}

/*
 * --check MAX: the reader as main.c drives it, without callgrind: every
 * step of work ahead (after the launch, after each turn, after a font
 * size step) renders at most MAX new glyphs; a turn that comes while the
 * next page is being drawn ahead (after 1, 2, 3... of its steps) shows
 * that whole page: the frame is, pixel for pixel, a second reader's drawn
 * at once at that page; and after a font size step two thirds through and
 * its work ahead, the place is the same byte, on the exact page shown, as
 * the second reader draws it. Exit status 1 with a line saying which
 * failed.
 */
static int check(const char *file, int w, int h, uint64_t max)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_ui_t *ui = sah_ui_new("ar", sah_ui_scale_for(w, h));
    sah_ui_t *ui2 = sah_ui_new("ar", sah_ui_scale_for(w, h));
    sah_reader_t *r = ui ? sah_reader_new(ui, "default", w, h, &set) : NULL;
    sah_reader_t *ref = ui2 ? sah_reader_new(ui2, "default", w, h, &set) : NULL;
    int status = 1, mid = 0;
    uint64_t worst = 0;
    if (!r || !ref || !sah_reader_open(r, file, 0) || !sah_reader_open(ref, file, 0) ||
        !sah_reader_frame(r))
        goto out;
    (void)sah_reader_page_count(ref); /* both status bars say "of N" */
    while (check_step(ui, r, &worst))
        ;
    if (!same_frame(r, ref, w, h)) { /* page 1 drawn again once counted */
        fprintf(stderr, "bench-reader-instr: page 1 after the count is not the page drawn at "
                        "once\n");
        goto out;
    }
    size_t n = sah_reader_page_count(r);
    for (size_t page = 1; page < n; page++) {
        /* page - 1 is shown; its next page drawn ahead @page % 24 steps. */
        for (size_t k = 0; k < page % 24 && check_step(ui, r, &worst); k++)
            ;
        if (!sah_reader_turn(r, SAH_ACT_NEXT) || !sah_reader_goto(ref, page) ||
            !same_frame(r, ref, w, h)) {
            fprintf(stderr,
                    "bench-reader-instr: page %zu shown after %zu steps ahead is not "
                    "the page drawn at once\n",
                    page + 1, page % 24);
            goto out;
        }
        mid++;
    }
    while (check_step(ui, r, &worst))
        ;
    /* A font size step two thirds through: laid out from the place's
     * paragraph (pager.h's anchored pages), then the exact page holding
     * the place once the pages before it are counted. */
    if (!sah_reader_goto(r, n * 2 / 3) || !sah_reader_frame(r))
        goto out;
    while (check_step(ui, r, &worst))
        ;
    uint32_t place = sah_reader_offset(r), s, e;
    set.font_step++;
    if (!sah_reader_set_settings(r, &set) || !sah_reader_frame(r))
        goto out;
    while (check_step(ui, r, &worst))
        ;
    sah_reader_page_bytes(r, &s, &e);
    if (sah_reader_offset(r) != place || place < s || place >= e || !sah_reader_page_exact(r)) {
        fprintf(stderr,
                "bench-reader-instr: the place %u became %u after a font size step "
                "(page [%u, %u))\n",
                place, sah_reader_offset(r), s, e);
        goto out;
    }
    bool ref_ok = sah_reader_set_settings(ref, &set) && sah_reader_page_count(ref) &&
                  sah_reader_goto_offset(ref, place);
    if (!ref_ok || !same_frame(r, ref, w, h)) {
        fprintf(stderr, "bench-reader-instr: the page after a font size step is not the "
                        "page drawn at once\n");
        goto out;
    }
    /* Another at the last page. */
    if (!sah_reader_goto(r, SIZE_MAX) || !sah_reader_frame(r))
        goto out;
    while (check_step(ui, r, &worst))
        ;
    set.font_step++;
    if (!sah_reader_set_settings(r, &set) || !sah_reader_frame(r))
        goto out;
    while (check_step(ui, r, &worst))
        ;
    printf("check: %d turns mid-draw shown whole; at most %llu glyphs rendered in a step "
           "(limit %llu)\n",
           mid, (unsigned long long)worst, (unsigned long long)max);
    status = worst <= max ? 0 : 1;
    if (status)
        fprintf(stderr, "bench-reader-instr: a step of work ahead rendered %llu glyphs\n",
                (unsigned long long)worst);
out:
    sah_reader_free(r);
    sah_reader_free(ref);
    sah_ui_free(ui);
    sah_ui_free(ui2);
    if (status && mid == 0 && worst == 0)
        fprintf(stderr, "bench-reader-instr: %s: failed (see above)\n", file);
    return status;
}

/* The same, each step dumped as PREFIX-K. */
static void ahead_steps(sah_reader_t *r, const char *prefix)
{
    char name[64];
    for (int k = 1; sah_reader_idle(r); k++) {
        snprintf(name, sizeof name, "%s-%d", prefix, k);
        PHASE_END(name);
    }
    CALLGRIND_ZERO_STATS;
}

int main(int argc, char **argv)
{
    PHASE_END("startup");
    int width = 800, height = 480, turns = 8, steps = 0;
    long max_glyphs = -1;
    bool deep = false;
    const char *file = NULL, *memo = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--width") && i + 1 < argc)
            width = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--height") && i + 1 < argc)
            height = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--turns") && i + 1 < argc)
            turns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--steps") && i + 1 < argc)
            steps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--check") && i + 1 < argc)
            max_glyphs = atol(argv[++i]);
        else if (!strcmp(argv[i], "--deep"))
            deep = true;
        else if (!strcmp(argv[i], "--font-memo") && i + 1 < argc)
            memo = argv[++i];
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else
            file = NULL, i = argc;
    }
    if (!file || width <= 0 || height <= 0) {
        fprintf(stderr, "usage: bench-reader-instr [--width W] [--height H] [--turns N] "
                        "[--font-memo MEMO] [--steps N] [--deep] [--check MAX_GLYPHS] FILE\n");
        return 2;
    }

    int status = 1;
    if (memo)
        sah_font_memo_load(memo);
    if (max_glyphs >= 0)
        return check(file, width, height, (uint64_t)max_glyphs);
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_ui_t *ui = sah_ui_new("ar", sah_ui_scale_for(width, height));
    sah_reader_t *r = ui ? sah_reader_new(ui, "default", width, height, &set) : NULL;
    if (!r || !sah_reader_open(r, file, 0) || !sah_reader_frame(r))
        goto out;
    PHASE_END("launch");
    /* A long article opened by its head: its whole parse, on a worker
     * thread in the app (another core), counted apart; the next step
     * swaps it in. */
    if (sah_reader_in_head(r)) {
        sah_reader_wait_whole(r);
        PHASE_END("whole-parse");
    }
    int done = 0;
    if (steps > 0) {
        for (; done < steps && sah_reader_idle(r); done++) {
            char name[32];
            snprintf(name, sizeof name, "step-%d", done + 1);
            PHASE_END(name);
        }
        done += ahead(r);
        PHASE_END("ahead-rest");
    } else {
        done = ahead(r);
        PHASE_END("ahead-0");
    }
    printf("launch: %s, %dx%d, page 1 of %zu; %d steps of work ahead\n", file, width, height,
           sah_reader_page_count(r), done);

    int t;
    for (t = 2; t <= turns + 1; t++) {
        char name[32];
        CALLGRIND_ZERO_STATS;
        bool ok = sah_reader_turn(r, SAH_ACT_NEXT) && sah_reader_frame(r);
        snprintf(name, sizeof name, "turn-%d-press", t);
        PHASE_END(name);
        if (!ok || sah_reader_page(r) != (size_t)t - 1)
            break;
        snprintf(name, sizeof name, "turn-%d-ahead", t);
        ahead_steps(r, name);
    }
    printf("turns: to page %d\n", t - 1);

    CALLGRIND_ZERO_STATS;
    set.font_step++;
    bool ok = sah_reader_set_settings(r, &set) && sah_reader_frame(r);
    PHASE_END("bigger-press");
    if (!ok)
        goto out;
    ahead_steps(r, "bigger-ahead");
    printf("bigger: %g px, page %zu\n", sah_reader_font_px(set.font_step), sah_reader_page(r) + 1);
    if (deep) {
        size_t n = sah_reader_page_count(r);
        CALLGRIND_ZERO_STATS;
        ok = sah_reader_goto(r, n * 9 / 10) && sah_reader_frame(r);
        PHASE_END("deep-goto");
        ahead(r);
        CALLGRIND_ZERO_STATS;
        set.font_step--;
        ok = ok && sah_reader_set_settings(r, &set) && sah_reader_frame(r);
        PHASE_END("deep-reflow");
        if (!ok)
            goto out;
        CALLGRIND_ZERO_STATS;
        ok = sah_reader_turn(r, SAH_ACT_PREV) && sah_reader_frame(r);
        PHASE_END("deep-back");
        for (int i = 0; ok && i < steps && sah_reader_idle(r); i++) {
            char name[32];
            snprintf(name, sizeof name, "deep-step-%d", i + 1);
            PHASE_END(name);
        }
        CALLGRIND_ZERO_STATS;
        if (!ok)
            goto out;
        printf("deep: page %zu of %zu, then %g px\n", sah_reader_page(r) + 1,
               sah_reader_page_count(r), sah_reader_font_px(set.font_step));
    }
    status = 0;
out:
    if (status)
        fprintf(stderr, "bench-reader-instr: %s: failed (see above)\n", file);
    sah_reader_free(r);
    sah_ui_free(ui);
    if (memo && sah_font_memo_dirty())
        sah_font_memo_save(memo);
    return status;
}
