/* font.c - see font.h. */
#include "font.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ft.h>
#include <hb-ot.h>

struct sah_font {
    FT_Face face;  /* owned; a reference is also held by @hb */
    hb_font_t *hb; /* owned */
    char *path;    /* owned */
    double px;
    uint32_t serial;
    uint32_t space_glyph;
    bool words_independent;
    sah_font_metrics_t metrics;
};

/* One FreeType library for the process, reference-counted by the fonts that
 * use it. The engine is single-threaded by design (one page at a time on a
 * small core); FT_Library is not thread-safe anyway. */
static FT_Library ft_library;
static unsigned ft_users;
static uint32_t next_serial = 1;

static bool ft_acquire(void)
{
    if (ft_users == 0 && FT_Init_FreeType(&ft_library) != 0)
        return false;
    ft_users++;
    return true;
}

static void ft_release(void)
{
    if (ft_users && --ft_users == 0) {
        FT_Done_FreeType(ft_library);
        ft_library = NULL;
    }
}

static bool set_has(hb_set_t *set, hb_codepoint_t g)
{
    return set && hb_set_has(set, g);
}

/* Does any lookup of @table read or write glyph @g (in its input, context or
 * output)? */
static bool table_touches_glyph(hb_face_t *face, hb_tag_t table, hb_codepoint_t g)
{
    hb_set_t *lookups = hb_set_create();
    hb_set_t *sets[4];
    bool touches = false;

    for (int i = 0; i < 4; i++)
        sets[i] = hb_set_create();
    hb_ot_layout_collect_lookups(face, table, NULL, NULL, NULL, lookups);
    hb_codepoint_t li = HB_SET_VALUE_INVALID;
    while (!touches && hb_set_next(lookups, &li)) {
        for (int i = 0; i < 4; i++)
            hb_set_clear(sets[i]);
        hb_ot_layout_lookup_collect_glyphs(face, table, li, sets[0], sets[1], sets[2], sets[3]);
        for (int i = 0; i < 4 && !touches; i++)
            touches = set_has(sets[i], g);
    }
    for (int i = 0; i < 4; i++)
        hb_set_destroy(sets[i]);
    hb_set_destroy(lookups);
    return touches;
}

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *blob = hb_face_reference_table(face, tag);
    bool has = hb_blob_get_length(blob) > 0;
    hb_blob_destroy(blob);
    return has;
}

static bool compute_words_independent(hb_font_t *font, uint32_t space)
{
    hb_face_t *face = hb_font_get_face(font);

    /* AAT morx/kerx and a legacy kern table are applied by HarfBuzz outside
     * the GSUB/GPOS lookups we can inspect: be conservative. */
    if (has_table(face, HB_TAG('m', 'o', 'r', 'x')) || has_table(face, HB_TAG('k', 'e', 'r', 'x')))
        return false;
    if (!hb_ot_layout_has_positioning(face) && has_table(face, HB_TAG('k', 'e', 'r', 'n')))
        return false;
    if (space == 0)
        return false;
    return !table_touches_glyph(face, HB_OT_TAG_GSUB, space) &&
           !table_touches_glyph(face, HB_OT_TAG_GPOS, space);
}

sah_font_t *sah_font_new(const char *path, double px)
{
    sah_font_t *f = NULL;
    FT_Error err;

    if (!path || !*path) {
        fprintf(stderr, "sahifa: font: no font file given\n");
        return NULL;
    }
    if (!(px > 0.0 && px <= 1000.0)) {
        fprintf(stderr, "sahifa: font %s: pixel size %g out of range (0, 1000]\n", path, px);
        return NULL;
    }
    if (!ft_acquire()) {
        fprintf(stderr, "sahifa: font %s: cannot initialise FreeType\n", path);
        return NULL;
    }
    f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path)))
        goto fail;
    err = FT_New_Face(ft_library, path, 0, &f->face);
    if (err) {
        fprintf(stderr, "sahifa: font %s: %s\n", path,
                err == FT_Err_Cannot_Open_Resource ? "cannot open file" : "not a usable font file");
        f->face = NULL;
        goto fail;
    }
    /* Fractional sizes are kept exactly (26.6), like Pango's absolute size. */
    err = FT_Set_Char_Size(f->face, 0, (FT_F26Dot6)lround(px * 64.0), 72, 72);
    if (err) {
        fprintf(stderr, "sahifa: font %s: cannot set size %g px\n", path, px);
        goto fail;
    }
    f->hb = hb_ft_font_create_referenced(f->face);
    if (!f->hb || f->hb == hb_font_get_empty()) {
        fprintf(stderr, "sahifa: font %s: cannot create a HarfBuzz font\n", path);
        f->hb = NULL;
        goto fail;
    }
    f->px = px;
    f->serial = next_serial++;
    f->space_glyph = FT_Get_Char_Index(f->face, 0x20);
    f->words_independent = compute_words_independent(f->hb, f->space_glyph);

    hb_font_extents_t ext;
    hb_font_get_h_extents(f->hb, &ext);
    /* Whole pixels, rounded up, as cairo's hinted font metrics give Pango
     * (35 px for Noto Naskh Arabic at 20 px): baselines land on pixel rows,
     * and pages break where Pango's would. */
    f->metrics.ascent = (ext.ascender + 63) & ~63;
    f->metrics.descent = (-ext.descender + 63) & ~63;
    return f;

fail:
    sah_font_free(f); /* releases FreeType too */
    if (!f)
        ft_release();
    return NULL;
}

void sah_font_free(sah_font_t *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb); /* drops its reference to the face */
    if (f->face)
        FT_Done_Face(f->face);
    free(f->path);
    free(f);
    ft_release();
}

hb_font_t *sah_font_hb(const sah_font_t *f)
{
    return f->hb;
}

FT_Face sah_font_ft(const sah_font_t *f)
{
    return f->face;
}

const char *sah_font_path(const sah_font_t *f)
{
    return f->path;
}

double sah_font_px(const sah_font_t *f)
{
    return f->px;
}

uint32_t sah_font_serial(const sah_font_t *f)
{
    return f->serial;
}

sah_font_metrics_t sah_font_metrics(const sah_font_t *f)
{
    return f->metrics;
}

bool sah_font_has_char(const sah_font_t *f, uint32_t cp)
{
    return FT_Get_Char_Index(f->face, cp) != 0;
}

uint32_t sah_font_space_glyph(const sah_font_t *f)
{
    return f->space_glyph;
}

bool sah_font_words_independent(const sah_font_t *f)
{
    return f->words_independent;
}
