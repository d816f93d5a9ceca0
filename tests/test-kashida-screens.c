/*
 * test-kashida-screens.c - the seed article's page 1 as the reader shows it
 * (sahifa --screenshot, 480x800, Arabic interface), justified with kashida
 * moderate (the default) and with spaces alone (--kashida off), against
 * reviewed reference images:
 *
 *   tests/data/ref/seed-480x800-reader-kashida.png
 *   tests/data/ref/seed-480x800-reader-spaces.png
 *
 * looked at by a person before they were committed: the headline and
 * every body line right-aligned, justified lines edge to edge, letters
 * joined, kashida lengthening a join or two in the loose lines of the
 * first and spaces alone in the second (total fit may break a paragraph's
 * lines elsewhere when joins can take slack). Pixels are compared decoded
 * (libpng), every channel value; a difference fails with its count and
 * keeps the screenshot. Beyond the references, both must be pages of text
 * and must differ (the setting reaches the page).
 *
 * Regenerating the references (after a change meant to alter the page;
 * look at both images before committing them):
 *
 *   SAHIFA_UPDATE_REFS=1 meson test -C build kashida-screens
 *
 * writes the two screenshots over the references and over the README's
 * copies (docs/justify-kashida.png, docs/justify-spaces.png).
 */
#include <sys/wait.h>

#include "testpng.h"
#include "testutil.h"

enum { W = 480, H = 800, BAR = 30 };

static const char *sahifa, *wrap;
static char dir[256];

typedef struct {
    const char *name, *flag, *ref, *doc;
} shot_t;

static const shot_t shots[] = {
    {"kashida", "", "tests/data/ref/seed-480x800-reader-kashida.png", "docs/justify-kashida.png"},
    {"spaces", "--kashida off", "tests/data/ref/seed-480x800-reader-spaces.png",
     "docs/justify-spaces.png"},
};

/* The screenshot of @s as RGBA, or NULL. (transfer full) */
static uint8_t *screenshot(const shot_t *s, char *png, size_t n)
{
    char cmd[2048], *seed = t_src_path("assets/articles/seed-article-ar.txt");
    snprintf(png, n, "%s/%s.png", dir, s->name);
    snprintf(cmd, sizeof cmd,
             "%s '%s' --screenshot '%s' --width %d --height %d --lang ar %s --state-dir "
             "'%s/st-%s' '%s'",
             wrap, sahifa, png, W, H, s->flag, dir, s->name, seed);
    int st = system(cmd);
    free(seed);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: sahifa --screenshot failed", s->name);
    int w = 0, h = 0;
    uint8_t *px = t_png_read(png, PNG_FORMAT_RGBA, &w, &h, NULL);
    CHECK(px && w == W && h == H, "%s: cannot read %s (%dx%d)", s->name, png, w, h);
    if (px && (w != W || h != H)) {
        free(px);
        px = NULL;
    }
    return px;
}

static bool copy_file(const char *from, const char *to)
{
    size_t n;
    char *b = t_read_file(from, &n);
    FILE *f = b ? fopen(to, "wb") : NULL;
    bool ok = f && fwrite(b, 1, n, f) == n;
    if (f)
        ok &= fclose(f) == 0;
    free(b);
    return ok;
}

static void check_ref(const shot_t *s, const uint8_t *px, const char *png)
{
    char *ref = t_src_path(s->ref);
    if (getenv("SAHIFA_UPDATE_REFS")) {
        char *doc = t_src_path(s->doc);
        CHECK(copy_file(png, ref) && copy_file(png, doc), "%s: cannot write %s and %s", s->name,
              ref, doc);
        printf("%s: wrote %s and %s: look at them before committing\n", s->name, ref, doc);
        free(doc);
        free(ref);
        return;
    }
    int w = 0, h = 0;
    uint8_t *r = t_png_read(ref, PNG_FORMAT_RGBA, &w, &h, NULL);
    CHECK(r && w == W && h == H, "%s: cannot read the reference %s", s->name, ref);
    long differ = 0;
    for (long i = 0; r && w == W && h == H && i < (long)W * H * 4; i++)
        differ += r[i] != px[i];
    printf("%s: %ld channel values differ from %s\n", s->name, differ, s->ref);
    CHECK(differ == 0,
          "%s: %ld channel values differ from the reference %s (the screenshot is kept in %s; "
          "if the change is meant, look at it and regenerate: SAHIFA_UPDATE_REFS=1 meson test "
          "-C build kashida-screens)",
          s->name, differ, s->ref, png);
    free(r);
    free(ref);
}

/* Ink: a pixel darker than the page's top-left corner by a clear margin. */
static bool ink(const uint8_t *px, int x, int y)
{
    const uint8_t *p = px + ((size_t)y * W + x) * 4, *bg = px;
    return p[0] + p[1] + p[2] + 3 * 48 < bg[0] + bg[1] + bg[2];
}

/* Which rows of the page area (above the status bar) hold ink. */
static void ink_rows(const uint8_t *px, bool *rows)
{
    for (int y = 0; y < H - BAR; y++) {
        rows[y] = false;
        for (int x = 0; x < W && !rows[y]; x++)
            rows[y] = ink(px, x, y);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test-kashida-screens SAHIFA\n");
        return 2;
    }
    sahifa = argv[1];
    wrap = getenv("MESON_EXE_WRAPPER") ? getenv("MESON_EXE_WRAPPER") : "";
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/sahifa-kashida-screens-XXXXXX", tmp);
    if (!mkdtemp(dir))
        return 1;
    /* Our own XDG folders: no sahifa.ini or library of the user's. */
    char env[300];
    const char *vars[] = {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"};
    for (int i = 0; i < 4; i++) {
        snprintf(env, sizeof env, "%s/xdg%d", dir, i);
        setenv(vars[i], env, 1);
    }
    uint8_t *px[2] = {NULL, NULL};
    char png[2][512];
    for (int i = 0; i < 2; i++)
        if ((px[i] = screenshot(&shots[i], png[i], sizeof png[i])))
            check_ref(&shots[i], px[i], png[i]);
    if (px[0] && px[1]) {
        static bool ra[H], rb[H];
        ink_rows(px[0], ra);
        ink_rows(px[1], rb);
        int rows[2] = {0, 0};
        long differ = 0;
        for (int y = 0; y < H - BAR; y++) {
            rows[0] += ra[y];
            rows[1] += rb[y];
            for (int x = 0; x < W; x++)
                differ += ink(px[0], x, y) != ink(px[1], x, y);
        }
        printf("kashida against spaces: %d and %d rows of ink; %ld ink pixels differ\n", rows[0],
               rows[1], differ);
        CHECK(rows[0] > 300 && rows[1] > 300,
              "page 1 holds %d and %d rows of ink: not a page of text", rows[0], rows[1]);
        CHECK(differ > 1000, "--kashida off changed only %ld ink pixels of page 1", differ);
    }
    free(px[0]);
    free(px[1]);
    int rc = t_summary("test-kashida-screens");
    if (!rc) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", dir);
    } else {
        fprintf(stderr, "screenshots kept in %s\n", dir);
    }
    return rc;
}
