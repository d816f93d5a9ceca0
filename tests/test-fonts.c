/*
 * test-fonts.c - fonts/: the font memo (fontchain.h) and one font file
 * shared by its sizes (font.h).
 *
 * Oracles: fontconfig's own fc-match for which file a family is; a memo
 * naming a family that fontconfig does not have (so only the memo can
 * answer it); FreeType glyph bitmaps of a face opened on its own, at one
 * size, for the rasterizer's shared face.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fonts/fontchain.h"
#include "fonts/fontstamp.h"
#include "render/raster/glyphcache.h"
#include FT_OUTLINE_H
#include "testutil.h"

static char dir[] = "/tmp/sahifa-test-fonts-XXXXXX";

static char *path_in(const char *name)
{
    static char buf[4][256];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* fc-match's answer for @family, the independent oracle; NULL if none. */
static char *fc_match(const char *family)
{
    char cmd[512], out[1024] = "";
    snprintf(cmd, sizeof cmd, "fc-match -f '%%{family}\\t%%{file}' '%s' 2>/dev/null", family);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t n = fread(out, 1, sizeof out - 1, p);
    pclose(p);
    out[n] = 0;
    char *tab = strchr(out, '\t');
    if (!tab)
        return NULL;
    *tab = 0;
    /* fc-match substitutes; sah_font_find() does not. */
    if (!strstr(out, family))
        return NULL;
    return strdup(tab + 1);
}

/* A memo line for @family naming @file as it is now (or with its size off
 * by @size_delta, a file replaced since). */
static void memo_line(char *dst, size_t cap, const char *family, const char *file, long size_delta)
{
    struct stat st;
    if (stat(file, &st) != 0) {
        dst[0] = 0;
        return;
    }
    snprintf(dst, cap, "%s\t%lld\t%lld\t%lld\t%s\n", family, (long long)st.st_size + size_delta,
             (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec, file);
}

static void test_memo(const char *naskh_file, const char *dejavu)
{
    CHECK(sah_font_memo_load(path_in("none.memo")) == 0, "no memo file: nothing taken");

    /* A family fontconfig does not have is answered from the memo only;
     * one whose file changed size since is not. */
    char good[1024], stale[1024], text[2300];
    memo_line(good, sizeof good, "Sahifa Memo Only", dejavu, 0);
    memo_line(stale, sizeof stale, "Sahifa Memo Stale", dejavu, 1);
    snprintf(text, sizeof text, "sahifa-font-memo 1\n%s%s", good, stale);
    CHECK(write_file(path_in("a.memo"), text), "write a.memo: %s", strerror(errno));
    CHECK(sah_font_memo_load(path_in("a.memo")) == 1, "one answer taken, the stale one dropped");
    char *p = sah_font_find("Sahifa Memo Only");
    CHECK(p && !strcmp(p, dejavu), "memo answer: %s", p ? p : "(none)");
    free(p);
    p = sah_font_find("Sahifa Memo Stale");
    CHECK(!p, "a stale answer is asked again (fontconfig has no such family): %s", p ? p : "");
    free(p);

    /* fontconfig's answer is written down, and it is fc-match's file. */
    char *oracle = fc_match("Noto Naskh Arabic");
    p = sah_font_find("Noto Naskh Arabic");
    CHECK(p && oracle && !strcmp(p, oracle), "Noto Naskh Arabic: ours %s, fc-match %s",
          p ? p : "(none)", oracle ? oracle : "(none)");
    CHECK(p && !strcmp(p, naskh_file), "and the file the tests use");
    free(p);
    free(oracle);
    CHECK(sah_font_memo_dirty(), "a new answer makes the memo dirty");
    CHECK(sah_font_memo_save(path_in("b.memo")), "save");
    CHECK(!sah_font_memo_dirty(), "saved: clean");
    size_t n = 0;
    char *saved = t_read_file(path_in("b.memo"), &n);
    char want[1024];
    memo_line(want, sizeof want, "Noto Naskh Arabic", naskh_file, 0);
    CHECK(saved && !strncmp(saved, "sahifa-font-memo 1\n", 19) && strstr(saved, want),
          "b.memo holds the magic line and \"%.*s\"", (int)strlen(want) - 1, want);
    CHECK(saved && strstr(saved, "Sahifa Memo Only\t"), "and the answer taken from a.memo");
    CHECK(access(path_in("b.memo.new"), F_OK) != 0, "no temporary left behind");
    free(saved);

    /* Asking fontconfig again drops what it does not confirm. */
    CHECK(sah_font_memo_revalidate(), "revalidate: the memo-only family changed");
    p = sah_font_find("Sahifa Memo Only");
    CHECK(!p, "after revalidation fontconfig's answer stands: %s", p ? p : "(none)");
    free(p);
    CHECK(sah_font_memo_dirty(), "and the memo is dirty again");
    CHECK(!sah_font_memo_revalidate(), "a second revalidation has nothing to ask");

    /* Broken memos: one line naming the file, nothing taken, no crash. */
    static const char *broken[] = {
        "",
        "sahifa-font-memo 2\n",
        "not a memo at all\n",
        "sahifa-font-memo 1\nFamily\t12\t3\n",
        "sahifa-font-memo 1\nFamily\tx\t3\t4\t/a\n",
        "sahifa-font-memo 1\n\t12\t3\t4\t/a\n",
        "sahifa-font-memo 1\nFamily\t12\t3\t4\trelative/path\n",
        "sahifa-font-memo 1\nFamily\t12\t3\t4\t/no/newline",
        /* The stamp's lines (fontstamp.h). */
        "sahifa-font-memo 1\n\tP\tx\t0\t/a\n",
        "sahifa-font-memo 1\n\tP\t1\t2\trelative\n",
        "sahifa-font-memo 1\n\tP\t-5\t0\t/a\n",
        "sahifa-font-memo 1\n\tP\t1\t2\n",
        "sahifa-font-memo 1\n\tE\t\tvalue\n",
        "sahifa-font-memo 1\n\tX\tHOME\n",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        CHECK(write_file(path_in("bad.memo"), broken[i]), "write bad.memo");
        CHECK(sah_font_memo_load(path_in("bad.memo")) == 0, "broken memo %zu: nothing taken", i);
        CHECK(sah_font_memo_dirty(), "broken memo %zu: to be rewritten", i);
    }
    /* Unwritable: false with a line, no crash. */
    CHECK(!sah_font_memo_save("/nonexistent-dir/fonts.memo"), "save into a missing folder fails");
}

/* Two sizes of one file share the rasterizer's face, and each draws at
 * its own size whatever was drawn last: same bitmaps as a face of one
 * size. */
static void test_shared_sizes(const char *naskh_file)
{
    sah_font_t *a = sah_font_new(naskh_file, 20), *b = sah_font_new(naskh_file, 31);
    CHECK(a && b, "two sizes of %s", naskh_file);
    if (!a || !b) {
        sah_font_free(a);
        sah_font_free(b);
        return;
    }
    CHECK(sah_font_ft(a) == sah_font_ft(b), "one FreeType face for both sizes");
    CHECK(sah_font_hb(a) != sah_font_hb(b), "a HarfBuzz font each");
    CHECK(sah_font_words_independent(a) == sah_font_words_independent(b),
          "the file's answer, once");

    /* The oracle: a face of its own, FreeType's default light rendering. */
    FT_Library lib;
    FT_Face own = NULL;
    CHECK(FT_Init_FreeType(&lib) == 0 && FT_New_Face(lib, naskh_file, 0, &own) == 0,
          "FreeType opens %s", naskh_file);
    sah_glyphcache_t *gc = sah_glyphcache_new((size_t)4 << 20, SAH_HINT_LIGHT);
    uint32_t g = FT_Get_Char_Index(own, 0x0628); /* BEH */
    const sah_font_t *order[] = {a, b, a, b};
    for (int i = 0; own && gc && i < 4; i++) {
        const sah_font_t *f = order[i];
        const sah_glyph_bitmap_t *got = sah_glyphcache_get(gc, f, g, (uint32_t)i % 2);
        FT_Set_Char_Size(own, 0, (FT_F26Dot6)(sah_font_px(f) * 64), 72, 72);
        bool ok = FT_Load_Glyph(own, g, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) == 0;
        FT_Outline_Translate(&own->glyph->outline, (FT_Pos)(i % 2) * (64 / SAH_GLYPH_PHASES), 0);
        ok = ok && FT_Render_Glyph(own->glyph, FT_RENDER_MODE_NORMAL) == 0;
        const FT_Bitmap *bm = &own->glyph->bitmap;
        bool same = ok && got && got->width == (int)bm->width && got->rows == (int)bm->rows &&
                    got->left == own->glyph->bitmap_left && got->top == own->glyph->bitmap_top;
        for (unsigned y = 0; same && y < bm->rows; y++)
            same = !memcmp(got->pixels + (size_t)y * (size_t)got->pitch,
                           bm->buffer + (size_t)y * (size_t)bm->pitch, bm->width);
        CHECK(same, "draw %d (%g px, phase %d): the bitmap of a face of one size", i,
              sah_font_px(f), i % 2);
    }
    sah_glyphcache_free(gc);
    if (own)
        FT_Done_Face(own);
    FT_Done_FreeType(lib);
    sah_font_free(a);
    sah_font_free(b);
}

/* The stamp on its own: empty is never current; taken, it is current,
 * survives its own lines, and a folder of its touched is not. */
static void test_stamp(void)
{
    sah_fontstamp_free(NULL);
    CHECK(!sah_fontstamp_current(NULL), "no stamp is not current");
    sah_fontstamp_t *s = sah_fontstamp_new(), *back = sah_fontstamp_new();
    CHECK(s && back, "two stamps");
    if (!s || !back)
        return;
    CHECK(!sah_fontstamp_current(s), "an empty stamp is not current");
    CHECK(sah_fontstamp_take(s), "taken from fontconfig");
    CHECK(sah_fontstamp_current(s), "and current at once");
    FILE *f = fopen(path_in("stamp"), "w+");
    CHECK(f && sah_fontstamp_write(s, f), "written");
    size_t lines = 0, good = 0;
    char line[4200];
    if (f) {
        rewind(f);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            lines++;
            good += sah_fontstamp_parse_line(back, line);
        }
        fclose(f);
    }
    CHECK(lines > 11 && good == lines, "every line read back (%zu of %zu)", good, lines);
    CHECK(sah_fontstamp_current(back), "the stamp read back is current");
    CHECK(!sah_fontstamp_parse_line(back, "\tP\t1\t2\trelative") &&
              !sah_fontstamp_parse_line(back, "Family\t1\t2\t3\t/a") &&
              !sah_fontstamp_parse_line(back, ""),
          "lines that are not the stamp's are refused");
    /* A variable it names, changed. */
    const char *lang = getenv("FC_LANG");
    char *saved = lang ? strdup(lang) : NULL;
    setenv("FC_LANG", "sahifa-test", 1);
    CHECK(!sah_fontstamp_current(back), "FC_LANG changed: not current");
    if (saved)
        setenv("FC_LANG", saved, 1);
    else
        unsetenv("FC_LANG");
    free(saved);
    CHECK(sah_fontstamp_current(back), "FC_LANG as it was: current again");
    sah_fontstamp_clear(back);
    CHECK(!sah_fontstamp_current(back), "cleared: not current");
    sah_fontstamp_free(back);
    sah_fontstamp_free(s);
}

/* Ink of glyph @cp of chain @c's first font at phase 0: the sum of its
 * coverage (0 when it cannot be drawn). */
static long ink_of(sah_glyphcache_t *gc, sah_fontchain_t *c, uint32_t cp)
{
    sah_font_t *f = sah_fontchain_font(c, 0);
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(sah_font_hb(f), cp, &g))
        return 0;
    const sah_glyph_bitmap_t *b = sah_glyphcache_get(gc, f, g, 0);
    long ink = 0;
    for (int32_t i = 0; b && i < b->rows * b->pitch; i++)
        ink += b->pixels[i];
    return ink;
}

/* Bold chains (a family's bold face, else a synthetic bold kept in the
 * memo as the regular file), fallback sizes, the colour emoji font. */
static void test_bold_and_scale(void)
{
    char *kacst = sah_font_find("KacstNaskh"), *kacst_bold = sah_font_find("KacstNaskh:bold");
    char *naskh = sah_font_find("Noto Naskh Arabic"),
         *naskh_bold = sah_font_find("Noto Naskh Arabic:bold");
    CHECK(naskh && naskh_bold && strcmp(naskh, naskh_bold) != 0,
          "Noto Naskh Arabic has a bold face: %s", naskh_bold ? naskh_bold : "(none)");
    sah_glyphcache_t *gc = sah_glyphcache_new((size_t)4 << 20, SAH_HINT_LIGHT);
    if (kacst) {
        CHECK(kacst_bold && !strcmp(kacst, kacst_bold),
              "KacstNaskh:bold answers its regular file (no bold face): %s",
              kacst_bold ? kacst_bold : "(none)");
        sah_fontchain_t *r = sah_fontchain_new("KacstNaskh", 20);
        sah_fontchain_t *b =
            sah_fontchain_new_opts("KacstNaskh", 20, &(sah_fontchain_opts_t){.bold = true});
        sah_font_t *rf = r ? sah_fontchain_font(r, 0) : NULL,
                   *bf = b ? sah_fontchain_font(b, 0) : NULL;
        CHECK(rf && bf && sah_font_weight(bf) == 700 && sah_font_embolden(bf) > 0 &&
                  sah_font_embolden(rf) == 0 && !strcmp(sah_font_path(bf), kacst),
              "KacstNaskh in bold: a synthetic bold of its own file");
        long ri = r ? ink_of(gc, r, 0x0628) : 0, bi = b ? ink_of(gc, b, 0x0628) : 0;
        CHECK(ri > 0 && bi > ri * 5 / 4, "its BEH has more ink: %ld against %ld", bi, ri);
        sah_fontchain_free(r);
        sah_fontchain_free(b);
    } else {
        printf("KacstNaskh is not installed (fonts-kacst): its synthetic bold not checked\n");
    }
    /* Fallback sizes: Noto Sans beside Noto Naskh Arabic as it is (drawn to
     * match); Noto Sans Hebrew beside Scheherazade at the alef ratio. */
    sah_fontchain_t *d = sah_fontchain_new_opts("Noto Naskh Arabic,Noto Sans", 20,
                                                &(sah_fontchain_opts_t){.exact = true});
    CHECK(d && sah_fontchain_scale(d, 1) == 1.0, "Noto Sans beside Noto Naskh Arabic: %g",
          d ? sah_fontchain_scale(d, 1) : 0);
    sah_fontchain_free(d);
    char *sch = sah_font_find("Scheherazade");
    if (sch) {
        sah_fontchain_t *c = sah_fontchain_new_opts("Scheherazade,Noto Sans Hebrew", 20,
                                                    &(sah_fontchain_opts_t){.exact = true});
        double k = c ? sah_fontchain_scale(c, 1) : 0;
        CHECK(k > 0.70 && k < 0.74, "Noto Sans Hebrew beside Scheherazade: %g (alef 0.483 / 0.671)",
              k);
        sah_fontchain_free(c);
    }
    /* Noto Color Emoji: bitmap-only, in colour, drawn at the text's size. */
    char *emoji = sah_font_find("Noto Color Emoji");
    sah_font_t *e = emoji ? sah_font_new(emoji, 20) : NULL;
    if (e) {
        hb_codepoint_t g = 0;
        hb_font_get_nominal_glyph(sah_font_hb(e), 0x1F44D, &g);
        const sah_glyph_bitmap_t *b = g ? sah_glyphcache_get(gc, e, g, 0) : NULL;
        CHECK(sah_font_is_bitmap(e) && sah_font_is_color(e) && b && b->color && b->rows >= 20 &&
                  b->rows <= 26,
              "THUMBS UP in colour at 20 px: %d rows", b ? b->rows : 0);
        CHECK(hb_font_get_glyph_h_advance(sah_font_hb(e), g) > 20 * 64,
              "and an advance from hmtx at 20 px");
    } else {
        CHECK(emoji == NULL, "Noto Color Emoji opens at 20 px");
        printf("Noto Color Emoji is not installed (fonts-noto-color-emoji): not checked\n");
    }
    sah_font_free(e);
    sah_glyphcache_free(gc);
    free(emoji);
    free(sch);
    free(kacst);
    free(kacst_bold);
    free(naskh);
    free(naskh_bold);
}

int main(void)
{
    const char *naskh = getenv("SAHIFA_FONT_NASKH"), *dejavu = getenv("SAHIFA_FONT_DEJAVU");
    if (!naskh || !*naskh || !dejavu || !*dejavu) {
        printf("test-fonts: fonts-noto-core / fonts-dejavu-core not installed: skipped\n");
        return SKIP;
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_memo(naskh, dejavu);
    test_stamp();
    test_shared_sizes(naskh);
    test_bold_and_scale();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test-fonts: %s not removed\n", dir);
    return t_summary("test-fonts");
}
