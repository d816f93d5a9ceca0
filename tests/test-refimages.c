/*
 * test-refimages.c - the seed article's first page against reviewed
 * reference images (the PNG files in tests/data/ref, looked at by a person: the
 * headline right-aligned, letters joined, harakat placed, REUTERS in Latin).
 *
 * The 480x800 page is also kept justified with spaces alone (sahifa-render
 * --kashida off), to be looked at beside the one with kashida.
 * The page is rendered as sahifa-render renders it, written with our PNG
 * writer, and both files are decoded by libpng and compared pixel for pixel.
 * A difference fails with its count; regenerate a reference only after
 * looking at the new image (sahifa-render --out-dir).
 */
#include <unistd.h>

#include "render/page/pager.h"
#include "render/raster/pngfile.h"
#include "testpng.h"
#include "testutil.h"

static void check_ref(const sah_text_t *t, const char *ref, int w, int h, int margin,
                      sah_pixfmt_t fmt, const sah_theme_t *theme, sah_kashida_t kashida)
{
    sah_geometry_t g;
    sah_geometry_default(&g);
    g.width = w;
    g.height = h;
    g.margin = margin;
    g.kashida = kashida;
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, "default", &g);
    sah_glyphcache_t *gc = sah_glyphcache_new(8 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *pb = sah_pagebuf_new(fmt, w, h);
    sah_page_t *page = pg ? sah_pager_page(pg, 0) : NULL;
    CHECK(page && gc && pb && sah_pagebuf_set_theme(pb, theme), "%s: setup", ref);
    if (!page || !gc || !pb)
        return;
    sah_pagebuf_clear(pb);
    CHECK(sah_page_draw(page, pb, gc, 0, 0), "%s: draw", ref);
    char out[] = "/tmp/sahifa-ref-XXXXXX";
    int fd = mkstemp(out);
    CHECK(fd >= 0 && sah_png_write(pb, out), "%s: write %s", ref, out);
    char *rp = t_src_path(ref);
    int w1 = 0, h1 = 0, w2 = 0, h2 = 0;
    uint8_t *a = t_png_read(out, PNG_FORMAT_RGBA, &w1, &h1, NULL),
            *b = t_png_read(rp, PNG_FORMAT_RGBA, &w2, &h2, NULL);
    CHECK(a && b && w1 == w2 && h1 == h2, "%s: cannot compare (%dx%d vs %dx%d)", ref, w1, h1, w2,
          h2);
    long differ = 0;
    for (long i = 0; a && b && w1 == w2 && h1 == h2 && i < (long)w1 * h1 * 4; i++)
        differ += a[i] != b[i];
    printf("%s: %dx%d, %ld channel values differ\n", ref, w1, h1, differ);
    CHECK(differ == 0, "%s: %ld channel values differ from the reference", ref, differ);
    free(a);
    free(b);
    free(rp);
    if (fd >= 0) {
        close(fd);
        unlink(out);
    }
    sah_page_free(page);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
    sah_pager_free(pg);
}

int main(void)
{
    char *sp = t_src_path("assets/articles/seed-article-ar.txt");
    size_t n = 0;
    char *bytes = t_read_file(sp, &n);
    free(sp);
    if (!bytes)
        return 1;
    sah_fontchain_t *c = sah_fontchain_new("default", 20);
    if (!c) {
        printf("default fonts missing: SKIP\n");
        return SKIP;
    }
    sah_fontchain_free(c);
    sah_text_t *t = sah_text_new(bytes, n);
    /* The body justified as the reader sets it (kashida moderate), and
     * with spaces alone: the same lines, loose ones stretched. */
    check_ref(t, "tests/data/ref/seed-480x800-a8-page1.png", 480, 800, 24, SAH_PIXFMT_A8,
              &sah_theme_day, SAH_KASHIDA_MODERATE);
    check_ref(t, "tests/data/ref/seed-480x800-a8-page1-spaces.png", 480, 800, 24, SAH_PIXFMT_A8,
              &sah_theme_day, SAH_KASHIDA_OFF);
    check_ref(t, "tests/data/ref/seed-800x480-sepia-page1.png", 800, 480, 20, SAH_PIXFMT_ARGB32,
              &sah_theme_sepia, SAH_KASHIDA_MODERATE);
    sah_text_free(t);
    free(bytes);
    return t_summary("test-refimages");
}
