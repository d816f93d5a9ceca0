/*
 * test-photos.c - an article's photos on the page (app/ui/photos, and the
 * reader's use of it): a page is shown with placeholders and its photos
 * are decoded by the idle steps after it (never by the turn), after which
 * the reader has no idle work left; night dims a photo and does not invert
 * it; an A8 page gets it in grey; a missing photo is a placeholder with its
 * alt text and one log line naming the article and the photo.
 *
 * The article is tests/data/photo/port.txt with its 600x400 port.jpg
 * (orange sky over a dark sea). Skips (77) without the default fonts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/content/figure.h"
#include "app/ui/photos.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "testfonts.h"
#include "testutil.h"

static char *article;

/* The ARGB32 pixel of @b at (@x, @y). */
static uint32_t px_at(const sah_pagebuf_t *b, int x, int y)
{
    size_t stride;
    const uint32_t *p = sah_pagebuf_argb(b, &stride);
    return p[(size_t)y * stride + (size_t)x];
}

static int red(uint32_t p)
{
    return (int)(p >> 16 & 0xFF);
}

static int blue(uint32_t p)
{
    return (int)(p & 0xFF);
}

/* The sky near the photo's top at 800x480: the box is 362x241 at (219, 102)
 * (a 600x400 photo at 60% of the 402 px text area), its top rows orange. */
enum { SKY_X = 400, SKY_Y = 110 };

static void test_reader(sah_ui_t *ui)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &set);
    CHECK(r && sah_reader_open(r, article, 0), "open %s", article);
    if (!r || !sah_reader_has_article(r)) {
        sah_reader_free(r);
        return;
    }
    /* Opening drew the page without decoding: a grey placeholder. */
    uint32_t p = px_at(sah_reader_frame(r), SKY_X, SKY_Y);
    CHECK(red(p) == blue(p), "before the idle steps: a placeholder, got %06x", p & 0xFFFFFF);
    CHECK(sah_reader_idle_pending(r), "the photo is idle work");
    uint64_t s0 = sah_reader_serial(r);
    CHECK(sah_reader_idle(r), "one idle step");
    p = px_at(sah_reader_frame(r), SKY_X, SKY_Y);
    CHECK(red(p) > blue(p) + 60, "after the first idle step: the photo's orange sky, got %06x",
          p & 0xFFFFFF);
    CHECK(sah_reader_serial(r) != s0, "the frame changed: the screen is told to redraw");
    int steps = 0;
    while (sah_reader_idle(r) && steps < 1000)
        steps++;
    CHECK(!sah_reader_idle_pending(r), "no idle work left: the loop can sleep");

    /* Night: the same photo, dimmed, not a negative. */
    int day_r = red(p), day_b = blue(p);
    set.theme = SAH_THEME_NIGHT;
    CHECK(sah_reader_set_settings(r, &set), "night");
    p = px_at(sah_reader_frame(r), SKY_X, SKY_Y);
    double dim = 1 - sah_theme_night.photo_dim;
    CHECK(abs(red(p) - (int)(day_r * dim + 0.5)) <= 2 &&
              abs(blue(p) - (int)(day_b * dim + 0.5)) <= 2,
          "night: %06x, expected the day's %02x..%02x times %.2f", p & 0xFFFFFF, day_r, day_b, dim);

    /* A turn to page 2 and back: page 1 is a neighbour drawn with its photo
     * from the cache. */
    CHECK(sah_reader_turn(r, SAH_ACT_NEXT), "page 2");
    while (sah_reader_idle(r) && steps < 2000)
        steps++;
    CHECK(sah_reader_turn(r, SAH_ACT_PREV), "page 1 again");
    p = px_at(sah_reader_frame(r), SKY_X, SKY_Y);
    CHECK(red(p) > blue(p) + 40, "page 1 again: the photo, got %06x", p & 0xFFFFFF);
    sah_reader_free(r);
}

/* The photo on an A8 page: grey (coverage = 255 - luma), the orange sky
 * lighter than the dark hull. */
static void test_a8(sah_ui_t *ui)
{
    sah_article_t *a = sah_article_load(article, NULL);
    sah_photos_t *ph = sah_photos_new(1 << 20);
    CHECK(a && ph && sah_photos_set_article(ph, a, article), "photos of %s", article);
    int w = 0, h = 0;
    if (ph)
        sah_photos_size(ph, 0, &w, &h);
    CHECK(w == 600 && h == 400, "size from the header: %dx%d", w, h);
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_A8, 400, 300);
    if (a && ph && b) {
        sah_pagebuf_clear(b);
        CHECK(!sah_photos_draw(ph, ui, b, 0, 0, 0, 300, 200), "not decoded yet: a placeholder");
        CHECK(sah_photos_decode(ph, 0, 300, 200, SAH_PIXFMT_A8), "decoded");
        CHECK(sah_photos_draw(ph, ui, b, 0, 0, 0, 300, 200), "drawn");
        size_t stride;
        const uint8_t *c = sah_pagebuf_coverage(b, &stride);
        uint8_t sky = c[5 * stride + 150], hull = c[140 * stride + 150];
        CHECK(sky > 40 && sky < 140 && hull > 200, "grey: sky coverage %u, hull %u", sky, hull);
        /* Past the photo's box, nothing. */
        CHECK(c[250 * stride + 350] == 0, "outside the box: %u", c[250 * stride + 350]);
    }
    sah_pagebuf_free(b);
    sah_photos_free(ph);
    sah_article_free(a);
}

/* A photo that is not there: size unknown, a placeholder with the alt
 * text for good, one line naming the article and the photo. */
static void test_missing(sah_ui_t *ui)
{
    char dir[] = "/tmp/sahifa-photos-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    char path[600];
    snprintf(path, sizeof path, "%s/port.txt", dir);
    size_t n;
    char *text = t_read_file(article, &n);
    FILE *f = fopen(path, "wb");
    CHECK(text && f && fwrite(text, 1, n, f) == n, "copy the article");
    if (f)
        fclose(f);
    free(text);
    sah_article_t *a = sah_article_load(path, NULL);
    sah_photos_t *ph = sah_photos_new(1 << 20);
    t_capture_begin(dir);
    bool set = a && ph && sah_photos_set_article(ph, a, path);
    bool decoded = set && sah_photos_decode(ph, 0, 300, 200, SAH_PIXFMT_ARGB32);
    const char *log = t_capture_end();
    CHECK(set && !decoded, "a missing photo is not decoded");
    char want[700];
    snprintf(want, sizeof want, "sahifa: %s: photo port.jpg: ", path);
    const char *nl = strchr(log, '\n');
    CHECK(!strncmp(log, want, strlen(want)) && nl && !nl[1], "one line naming both, got: %s", log);
    int w = 1, h = 1;
    if (ph)
        sah_photos_size(ph, 0, &w, &h);
    CHECK(w == 0 && h == 0, "unknown size: %dx%d", w, h);
    sah_pagebuf_t *b = sah_pagebuf_new(SAH_PIXFMT_A8, 300, 200);
    if (set && b) {
        sah_pagebuf_clear(b);
        CHECK(sah_photos_draw(ph, ui, b, 0, 0, 0, 300, 200), "the placeholder is final");
        size_t stride;
        const uint8_t *c = sah_pagebuf_coverage(b, &stride);
        int ink = 0;
        for (int y = 80; y < 120; y++)
            for (int x = 20; x < 280; x++)
                ink += c[(size_t)y * stride + (size_t)x] > 128;
        CHECK(c[0] > 0 && c[50 * stride + 50] > 0 && c[50 * stride + 50] < 64,
              "frame and fill: %u %u", c[0], c[50 * stride + 50]);
        CHECK(ink > 100, "the alt text in the middle: %d inked pixels", ink);
    }
    sah_pagebuf_free(b);
    sah_photos_free(ph);
    sah_article_free(a);
    unlink(path);
    char logf[600];
    snprintf(logf, sizeof logf, "%s/stderr.log", dir);
    unlink(logf);
    rmdir(dir);
}

/* Local names: a name without a folder is read to its end and no further
 * (the scheme test once ran past the NUL of "port.jpg"). */
static void test_local_path(void)
{
    static const struct {
        const char *src, *want;
    } cases[] = {
        {"port.jpg", "port.jpg"},
        {"a+b-c.d", "a+b-c.d"},
        {"x", "x"},
        {"photos/port%20dawn.jpg?w=1", "photos/port dawn.jpg"},
        {"data:image/png,xx", NULL},
        {"c:port.jpg", NULL},
        {"../port.jpg", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = sah_figure_local_path(cases[i].src);
        CHECK(cases[i].want ? got && !strcmp(got, cases[i].want) : !got,
              "local path of \"%s\": expected %s, got %s", cases[i].src,
              cases[i].want ? cases[i].want : "none", got ? got : "none");
        free(got);
    }
}

int main(void)
{
    test_local_path();
    if (!t_default_fonts_present())
        return SKIP;
    article = t_src_path("tests/data/photo/port.txt");
    sah_ui_t *ui = sah_ui_new("ar", 1.0);
    CHECK(ui != NULL, "UI strings and fonts");
    if (ui) {
        test_reader(ui);
        test_a8(ui);
        test_missing(ui);
    }
    sah_ui_free(ui);
    free(article);
    return t_summary("test-photos");
}
