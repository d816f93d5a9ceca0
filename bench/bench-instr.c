/*
 * bench-instr - the reader's moments cut into phases for callgrind
 * (instruction counts are stable on a noisy machine). bench/instructions.sh
 * runs it as
 *
 *   valgrind --tool=callgrind bench-instr [--px N] [--reflow-px N]
 *            [--turns N] [--format a8|argb32] [--fonts SPEC]
 *            [--font-memo MEMO] FILE
 *
 * and reads one callgrind dump per phase. CALLGRIND_DUMP_STATS_AT(name)
 * ends a phase and zeroes the counters, so each phase counts exactly the
 * work since the previous dump (the printf()s between phases sit after a
 * CALLGRIND_ZERO_STATS):
 *
 *   startup         exec to main(): dynamic loader, relocations, libc;
 *   open            read FILE, decode it, load the font chain (fontconfig's
 *                   configuration and matching unless the chain names files
 *                   or --font-memo has the answers, as the app's memo has
 *                   from its second launch on; FreeType and HarfBuzz faces);
 *   page1-layout    lay out page 1 (cold shape and analysis caches);
 *   page1-draw      clear a 480x800 buffer and draw page 1 with a cold glyph
 *                   cache (FreeType rasterizes every glyph it shows);
 *   reopen-*        FILE opened again in the running reader (fonts loaded,
 *                   shape and layout caches emptied, glyph cache warm) to
 *                   page 1 drawn: opening an article from the library;
 *   turn-N-*        page N-1 -> page N (the glyph cache keeps what earlier
 *                   pages rasterized, as in the app);
 *   reflow-*        the body size changes (--px -> --reflow-px): new
 *                   geometry, the page holding the reader's place found
 *                   again, laid out and drawn (glyphs at the new size: cold).
 *
 * Every paragraph is body text (roles come from the article parser in
 * app/). Outside valgrind the client requests do nothing and the program
 * only says what it did (a smoke test).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "platform/readfile.h"
#include "fonts/fontchain.h"
#include "render/page/pager.h"

static char *read_file(const char *path, size_t *n)
{
    int err;
    char *buf = sah_file_read(path, SAH_TEXT_MAX_BYTES, n, &err);
    if (!buf)
        fprintf(stderr, "bench-instr: %s: %s\n", path, sah_file_strerror(err));
    return buf;
}

#define PHASE_END(name) CALLGRIND_DUMP_STATS_AT(name)

/* Lays out page @index ("PREFIX-layout"), then clears @buf and draws it
 * ("PREFIX-draw"). */
static bool show(sah_pager_t *pager, size_t index, sah_pagebuf_t *buf, sah_glyphcache_t *cache,
                 const char *prefix)
{
    char name[64];
    sah_page_t *pg = sah_pager_page(pager, index);
    snprintf(name, sizeof name, "%s-layout", prefix);
    PHASE_END(name);
    if (!pg)
        return false;
    sah_pagebuf_clear(buf);
    bool ok = sah_page_draw(pg, buf, cache, 0, 0);
    sah_page_free(pg);
    snprintf(name, sizeof name, "%s-draw", prefix);
    PHASE_END(name);
    return ok;
}

int main(int argc, char **argv)
{
    PHASE_END("startup");
    sah_geometry_t geo;
    sah_geometry_default(&geo);
    double reflow_px = 24;
    int turns = 8;
    const char *file = NULL, *fonts = "default", *memo = NULL;
    sah_pixfmt_t format = SAH_PIXFMT_ARGB32;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--px") && i + 1 < argc)
            geo.px = atof(argv[++i]);
        else if (!strcmp(argv[i], "--reflow-px") && i + 1 < argc)
            reflow_px = atof(argv[++i]);
        else if (!strcmp(argv[i], "--turns") && i + 1 < argc)
            turns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--fonts") && i + 1 < argc)
            fonts = argv[++i];
        else if (!strcmp(argv[i], "--font-memo") && i + 1 < argc)
            memo = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = !strcmp(argv[++i], "a8") ? SAH_PIXFMT_A8 : SAH_PIXFMT_ARGB32;
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else
            file = NULL, i = argc;
    }
    if (!file) {
        fprintf(stderr, "usage: bench-instr [--px N] [--reflow-px N] [--turns N] "
                        "[--format a8|argb32] [--fonts SPEC] [--font-memo MEMO] FILE\n");
        return 2;
    }

    int status = 1;
    size_t n = 0;
    sah_text_t *again = NULL;
    if (memo)
        sah_font_memo_load(memo);
    char *bytes = read_file(file, &n);
    sah_text_t *text = bytes ? sah_text_new(bytes, n) : NULL;
    sah_pager_t *pager = text ? sah_pager_new(text, NULL, 0, fonts, &geo) : NULL;
    sah_glyphcache_t *cache = sah_glyphcache_new((size_t)8 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *buf = sah_pagebuf_new(format, geo.width, geo.height);
    PHASE_END("open");
    if (!pager || !cache || !buf || !show(pager, 0, buf, cache, "page1"))
        goto out;
    printf("launch: %s to page 1 (%dx%d, %g px, %s, fonts %s)\n", file, geo.width, geo.height,
           geo.px, format == SAH_PIXFMT_A8 ? "A8" : "ARGB32", fonts);

    /* The same bytes as a new article: a new text, every cache emptied but
     * the glyph bitmaps. */
    CALLGRIND_ZERO_STATS;
    again = sah_text_new(bytes, n);
    if (!again || !sah_pager_set_text(pager, again, NULL, 0))
        goto out;
    sah_pager_clear_caches(pager);
    if (!show(pager, 0, buf, cache, "reopen"))
        goto out;

    size_t i;
    for (i = 1; i <= (size_t)turns; i++) {
        char name[32];
        snprintf(name, sizeof name, "turn-%zu", i + 1);
        if (!show(pager, i, buf, cache, name))
            break;
    }
    printf("turns: pages 2 to %zu\n", i);

    uint32_t place = sah_pager_page_start(pager, i - 1);
    sah_geometry_t big = geo;
    big.px = reflow_px;
    CALLGRIND_ZERO_STATS;
    if (!sah_pager_set_geometry(pager, &big))
        goto out;
    size_t at = sah_pager_page_of_offset(pager, place);
    if (!show(pager, at, buf, cache, "reflow"))
        goto out;
    printf("reflow: %g -> %g px, byte %u now on page %zu\n", geo.px, reflow_px, place, at + 1);
    status = 0;
out:
    if (status)
        fprintf(stderr, "bench-instr: %s: failed (see above)\n", file);
    if (memo && sah_font_memo_dirty())
        sah_font_memo_save(memo);
    sah_pagebuf_free(buf);
    sah_glyphcache_free(cache);
    sah_pager_free(pager);
    sah_text_free(again);
    sah_text_free(text);
    free(bytes);
    return status;
}
