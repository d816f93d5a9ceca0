/* font.c - see font.h. */
#include "fonts/font.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include FT_SIZES_H
#include FT_TRUETYPE_TABLES_H
#include <hb-ft.h>
#include <hb-ot.h>

/* A font file, shared by every size of it: the file's bytes, HarfBuzz's
 * face (whose GSUB/GPOS tables are checked and indexed once, on first use,
 * for every size) and the answer of sah_font_words_independent(). Opening
 * the same file again at each size and for each chain used to repeat all of
 * that: a third of a launch. */
typedef struct file {
    char *path;      /* owned */
    hb_face_t *face; /* owned; holds the file's blob */
    hb_blob_t *blob; /* a reference: the bytes @ft reads */
    /* The rasterizer's FreeType face, one for every size (FT_Size objects):
     * the auto-hinter analyses a face once (its script coverage walks the
     * whole cmap, ~0.6 M instructions) and keeps that for all sizes. */
    FT_Face ft;            /* owned */
    int words_independent; /* -1 until computed */
    /* sah_font_low_marks(): the cmap and GDEF are the file's, so every size
     * shares one answer (2,048 look-ups, ~0.9 M instructions, once). */
    bool low_marks_done;
    uint8_t low_marks[SAH_FONT_LOW_MARKS / 8];
    double visual_height; /* sah_font_visual_height(); < 0 until computed */
    unsigned users;       /* fonts using it */
    struct file *next;
} file_t;

#define CMAP_SLOTS 256 /* a power of two */

struct sah_font {
    file_t *file;  /* a reference (file->users) */
    FT_Face face;  /* owned by @hb (hb_ft_font_set_funcs() made it); file->ft
                    * for a colour bitmap font */
    FT_Size size;  /* owned: this size on file->ft */
    hb_font_t *hb; /* owned */
    double px;
    uint32_t serial;
    uint32_t space_glyph;
    sah_font_metrics_t metrics;
    bool synthetic_bold; /* thickened when drawn: sah_font_embolden() */
    bool color;          /* sah_font_is_color() */
    /* cached_nominal_glyph(): code point -> glyph (0: none), direct-mapped;
     * a slot whose code point is not the one asked is empty. */
    uint32_t cmap_cp[CMAP_SLOTS], cmap_glyph[CMAP_SLOTS];
};

/* sah_font_words_independent()'s answers by path (font.h). */
static struct {
    char *path; /* owned; NULL: a free slot */
    bool independent;
} words_answers[SAH_FONT_WORDS_ANSWERS];
static unsigned words_next;
static size_t words_unsaved;

static int words_answer(const char *path)
{
    for (unsigned i = 0; i < SAH_FONT_WORDS_ANSWERS; i++)
        if (words_answers[i].path && !strcmp(words_answers[i].path, path))
            return words_answers[i].independent;
    return -1;
}

/* Keeps @path's answer (replacing the oldest when full; out of memory:
 * not kept, which only costs the walk again). */
static void words_keep(const char *path, bool independent)
{
    for (unsigned i = 0; i < SAH_FONT_WORDS_ANSWERS; i++) {
        if (words_answers[i].path && !strcmp(words_answers[i].path, path)) {
            words_answers[i].independent = independent;
            return;
        }
    }
    unsigned slot = words_next++ % SAH_FONT_WORDS_ANSWERS;
    free(words_answers[slot].path);
    words_answers[slot].path = strdup(path);
    words_answers[slot].independent = independent;
}

/* Files no font uses are kept (a reflow frees the old sizes before or after
 * making the new ones, and should find the file still open) up to this
 * many. */
#define SPARE_FILES 8
static file_t *files;

static uint32_t next_serial = 1;

/* FreeType for the rasterizer's faces. The engine is single-threaded by
 * design (one page at a time on a small core); FT_Library is not
 * thread-safe anyway. HarfBuzz's faces live in HarfBuzz's own library. */
static FT_Library ft_library;

static void file_free(file_t *f)
{
    if (f->ft)
        FT_Done_Face(f->ft);
    hb_blob_destroy(f->blob);
    hb_face_destroy(f->face);
    free(f->path);
    free(f);
}

/* Frees unused files past SPARE_FILES. */
static void files_trim(void)
{
    unsigned spare = 0;
    for (file_t **pp = &files; *pp;) {
        file_t *f = *pp;
        if (f->users == 0 && ++spare > SPARE_FILES) {
            *pp = f->next;
            file_free(f);
            continue;
        }
        pp = &f->next;
    }
}

/* The shared file for @path, with one more user; NULL after one line. */
static file_t *file_get(const char *path)
{
    for (file_t *f = files; f; f = f->next) {
        if (!strcmp(f->path, path)) {
            f->users++;
            return f;
        }
    }
    /* hb_blob_create_from_file_or_fail() maps the file: its pages are the
     * page cache's, read in as glyphs are used. */
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        fprintf(stderr, "sahifa: font %s: cannot open file\n", path);
        return NULL;
    }
    file_t *f = calloc(1, sizeof *f);
    if (!f) {
        hb_blob_destroy(blob);
        return NULL;
    }
    f->blob = blob;
    f->face = hb_face_create(blob, 0);
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    if (!(f->path = strdup(path)) || (!ft_library && FT_Init_FreeType(&ft_library) != 0) ||
        hb_face_get_glyph_count(f->face) == 0 ||
        FT_New_Memory_Face(ft_library, (const FT_Byte *)data, (FT_Long)len, 0, &f->ft) != 0) {
        if (f->path)
            fprintf(stderr, "sahifa: font %s: not a usable font file\n", path);
        f->ft = NULL;
        file_free(f);
        return NULL;
    }
    f->words_independent = words_answer(path);
    f->visual_height = -1;
    f->users = 1;
    f->next = files;
    files = f;
    return f;
}

static void file_put(file_t *f)
{
    if (f && f->users) {
        f->users--;
        files_trim();
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

/* The strike of a bitmap-only face to draw @px from: the smallest at least
 * that large (scaling down keeps detail), else the largest. */
static int pick_strike(FT_Face face, double px)
{
    int best = 0;
    for (int i = 1; i < face->num_fixed_sizes; i++) {
        FT_Pos want = (FT_Pos)lround(px * 64.0), b = face->available_sizes[best].y_ppem,
               c = face->available_sizes[i].y_ppem;
        if ((c >= want && (b < want || c < b)) || (b < want && c > b))
            best = i;
    }
    return best;
}

/* The HarfBuzz font and FreeType size of @f for a bitmap-only face (a colour
 * emoji font: Noto Color Emoji's CBDT strikes). FreeType cannot scale such a
 * face to any size, so HarfBuzz measures it with its own font functions
 * (hmtx scaled, as for any font) and the glyph cache scales the strike's
 * bitmaps to @px. */
static bool open_bitmap_size(sah_font_t *f, double px, int scale)
{
    FT_Face ft = f->file->ft;
    f->hb = hb_font_create(f->file->face); /* HarfBuzz's own functions */
    hb_font_set_scale(f->hb, scale, scale);
    hb_font_set_ppem(f->hb, (unsigned)lround(px), (unsigned)lround(px));
    f->face = ft;
    f->color = FT_HAS_COLOR(ft);
    return FT_New_Size(ft, &f->size) == 0 && FT_Activate_Size(f->size) == 0 &&
           FT_Select_Size(ft, pick_strike(ft, px)) == 0;
}

/* HarfBuzz asks for the glyph of every character it shapes, and FreeType's
 * answer (FT_Get_Char_Index() through hb-ft, a lock and a binary search of
 * the cmap, ~180 instructions) was a twentieth of a seed's whole pass; a
 * text uses a few dozen characters, so a small cache before it answers
 * nearly all. @data is the sah_font_t; @font's parent has FreeType's
 * functions. */
static hb_bool_t cached_nominal_glyph(hb_font_t *font, void *data, hb_codepoint_t u,
                                      hb_codepoint_t *glyph, void *user)
{
    (void)user;
    sah_font_t *f = data;
    size_t slot = (u ^ (u >> 8)) & (CMAP_SLOTS - 1);
    if (f->cmap_cp[slot] != u) {
        hb_codepoint_t g = 0;
        if (!hb_font_get_nominal_glyph(hb_font_get_parent(font), u, &g))
            g = 0;
        f->cmap_cp[slot] = u;
        f->cmap_glyph[slot] = g;
    }
    *glyph = f->cmap_glyph[slot];
    return *glyph != 0;
}

/* A sub-font of @parent (transfer full: the sub-font holds it) that answers
 * nominal glyphs through @f's cache and everything else through @parent;
 * NULL when out of memory (@parent is then released). */
static hb_font_t *with_cmap_cache(sah_font_t *f, hb_font_t *parent)
{
    memset(f->cmap_cp, 0xff, sizeof f->cmap_cp); /* no code point is ~0 */
    hb_font_t *sub = hb_font_create_sub_font(parent);
    hb_font_destroy(parent);
    hb_font_funcs_t *funcs = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(funcs, cached_nominal_glyph, NULL, NULL);
    hb_font_funcs_make_immutable(funcs);
    bool ok = sub != hb_font_get_empty() && funcs != hb_font_funcs_get_empty();
    hb_font_set_funcs(sub, funcs, f, NULL);
    hb_font_funcs_destroy(funcs);
    if (!ok) {
        hb_font_destroy(sub);
        return NULL;
    }
    return sub;
}

/* The HarfBuzz font of this size, with FreeType's font functions on a face
 * of its own made from the shared bytes (hb_ft_font_set_funcs()): advances
 * are FreeType's unhinted ones rounded to 26.6, as with libraqm's
 * hb_ft_font_create_referenced(); nominal glyphs FreeType's too, through a
 * cache (with_cmap_cache()). The scale is set first: it is the size
 * set_funcs gives the FreeType face. Fractional sizes are kept exactly
 * (26.6), like Pango's absolute size. */
static bool open_outline_size(sah_font_t *f, const char *path, double px, int scale)
{
    f->hb = hb_font_create(f->file->face);
    hb_font_set_scale(f->hb, scale, scale);
    hb_ft_font_set_funcs(f->hb);
    f->face = hb_ft_font_get_face(f->hb);
    if (!f->face || !f->face->size) {
        fprintf(stderr, "sahifa: font %s: cannot create a FreeType face of size %g px\n", path, px);
        return false;
    }
    if (FT_New_Size(f->file->ft, &f->size) != 0 || FT_Activate_Size(f->size) != 0 ||
        FT_Set_Char_Size(f->file->ft, 0, scale, 72, 72) != 0) {
        fprintf(stderr, "sahifa: font %s: cannot set size %g px\n", path, px);
        return false;
    }
    /* What hb_ft_font_create_referenced() also sets: the ppem that GPOS
     * device tables are chosen by (the sub-font copies it and the scale). */
    hb_font_set_ppem(f->hb, f->face->size->metrics.x_ppem, f->face->size->metrics.y_ppem);
    if (!(f->hb = with_cmap_cache(f, f->hb))) { /* @face lives on in the parent */
        fprintf(stderr, "sahifa: font %s: out of memory\n", path);
        return false;
    }
    return true;
}

static sah_font_t *font_open(const char *path, double px, bool synthetic_bold)
{
    if (!path || !*path) {
        fprintf(stderr, "sahifa: font: no font file given\n");
        return NULL;
    }
    if (!(px > 0.0 && px <= 1000.0)) {
        fprintf(stderr, "sahifa: font %s: pixel size %g out of range (0, 1000]\n", path, px);
        return NULL;
    }
    sah_font_t *f = calloc(1, sizeof *f);
    if (!f || !(f->file = file_get(path))) {
        free(f);
        return NULL;
    }
    int scale = (int)lround(px * 64.0);
    FT_Face ft = f->file->ft;
    if (!FT_IS_SCALABLE(ft) && ft->num_fixed_sizes > 0) {
        if (!open_bitmap_size(f, px, scale)) {
            fprintf(stderr, "sahifa: font %s: cannot select a bitmap size for %g px\n", path, px);
            goto fail;
        }
    } else if (!open_outline_size(f, path, px, scale)) {
        goto fail;
    }
    /* Emboldening thickens outlines; a bitmap font has none. */
    f->synthetic_bold = synthetic_bold && FT_IS_SCALABLE(ft);
    f->px = px;
    f->serial = next_serial++;
    f->space_glyph = FT_Get_Char_Index(f->face, 0x20);

    hb_font_extents_t ext;
    hb_font_get_h_extents(f->hb, &ext);
    /* Whole pixels, rounded up, as cairo's hinted font metrics give Pango
     * (35 px for Noto Naskh Arabic at 20 px): baselines land on pixel rows,
     * and pages break where Pango's would. */
    f->metrics.ascent = (ext.ascender + 63) & ~63;
    f->metrics.descent = (-ext.descender + 63) & ~63;
    return f;

fail:
    sah_font_free(f);
    return NULL;
}

sah_font_t *sah_font_new(const char *path, double px)
{
    return font_open(path, px, false);
}

sah_font_t *sah_font_new_synthetic_bold(const char *path, double px)
{
    return font_open(path, px, true);
}

void sah_font_free(sah_font_t *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb); /* and the FreeType face hb_ft_font_set_funcs() made */
    if (f->size)
        FT_Done_Size(f->size);
    file_put(f->file);
    free(f);
}

hb_font_t *sah_font_hb(const sah_font_t *f)
{
    return f->hb;
}

FT_Face sah_font_ft(const sah_font_t *f)
{
    FT_Activate_Size(f->size);
    return f->file->ft;
}

const char *sah_font_path(const sah_font_t *f)
{
    return f->file->path;
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
    /* Asked when the font is first shaped, not when it is opened: reading
     * every lookup's glyphs costs up to 0.8 M instructions a file, and a
     * chain opens fonts (a fallback at the chain's size before its own)
     * whose words are never shaped. */
    file_t *file = f->file;
    if (file->words_independent < 0) {
        file->words_independent = compute_words_independent(f->hb, f->space_glyph);
        words_keep(file->path, file->words_independent > 0);
        words_unsaved++;
    }
    return file->words_independent > 0;
}

void sah_font_words_hint(const char *path, bool independent)
{
    words_keep(path, independent);
    for (file_t *f = files; f; f = f->next)
        if (!strcmp(f->path, path))
            f->words_independent = independent;
}

bool sah_font_words_known(size_t i, const char **path, bool *independent)
{
    for (unsigned k = 0; k < SAH_FONT_WORDS_ANSWERS; k++) {
        if (words_answers[k].path && i-- == 0) {
            *path = words_answers[k].path;
            *independent = words_answers[k].independent;
            return true;
        }
    }
    return false;
}

size_t sah_font_words_unsaved(void)
{
    size_t n = words_unsaved;
    words_unsaved = 0;
    return n;
}

bool sah_font_draws_as_mark(const sah_font_t *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->hb, cp, &g))
        g = 0;
    return hb_ot_layout_get_glyph_class(f->file->face, g) == HB_OT_LAYOUT_GLYPH_CLASS_MARK;
}

/* Whether GDEF classes glyph @g of @face as a mark: from @marks, its mark
 * glyphs, or (out of memory for that set: NULL) from the class table. */
static bool is_mark(hb_face_t *face, const hb_set_t *marks, hb_codepoint_t g)
{
    return marks ? hb_set_has(marks, g)
                 : hb_ot_layout_get_glyph_class(face, g) == HB_OT_LAYOUT_GLYPH_CLASS_MARK;
}

const uint8_t *sah_font_low_marks(const sah_font_t *f)
{
    file_t *file = f->file;
    if (file->low_marks_done)
        return file->low_marks;
    memset(file->low_marks, 0, sizeof file->low_marks);
    FT_CharMap cm = f->face->charmap;
    if (cm && cm->encoding == FT_ENCODING_MS_SYMBOL) {
        /* HarfBuzz maps more than the cmap says for a symbol font. */
        for (uint32_t c = 0; c < SAH_FONT_LOW_MARKS; c++)
            if (sah_font_draws_as_mark(f, c))
                file->low_marks[c >> 3] |= (uint8_t)(1u << (c & 7));
    } else {
        /* The code points the cmap maps, walked in order (FT_Get_Next_Char()
         * on the face HarfBuzz looks glyphs up in): a font maps a few
         * hundred of the 2,048, and the others draw .notdef. */
        hb_face_t *face = file->face;
        /* GDEF's mark glyphs read once into a set: a look-up in it is a
         * fraction of hb_ot_layout_get_glyph_class()'s search of the class
         * table, asked for each of the few hundred characters. */
        hb_set_t *marks = hb_set_create();
        hb_ot_layout_get_glyphs_in_class(face, HB_OT_LAYOUT_GLYPH_CLASS_MARK, marks);
        const hb_set_t *in = hb_set_allocation_successful(marks) ? marks : NULL;
        bool notdef_mark = is_mark(face, in, 0);
        if (notdef_mark)
            memset(file->low_marks, 0xFF, sizeof file->low_marks);
        FT_UInt g = 0;
        for (FT_ULong c = FT_Get_First_Char(f->face, &g); g != 0 && c < SAH_FONT_LOW_MARKS;
             c = FT_Get_Next_Char(f->face, c, &g)) {
            if (is_mark(face, in, g) != notdef_mark)
                file->low_marks[c >> 3] ^= (uint8_t)(1u << (c & 7));
        }
        hb_set_destroy(marks);
    }
    file->low_marks_done = true;
    return file->low_marks;
}

FT_Pos sah_font_embolden(const sah_font_t *f)
{
    /* FreeType's own strength for FT_GlyphSlot_Embolden(): 1/24 em. */
    return f->synthetic_bold ? (FT_Pos)lround(f->px * 64.0 / 24.0) : 0;
}

bool sah_font_is_color(const sah_font_t *f)
{
    return f->color;
}

bool sah_font_is_bitmap(const sah_font_t *f)
{
    return !FT_IS_SCALABLE(f->file->ft);
}

unsigned sah_font_weight(const sah_font_t *f)
{
    if (f->synthetic_bold)
        return 700;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(f->file->ft, FT_SFNT_OS2);
    if (os2 && os2->usWeightClass >= 1 && os2->usWeightClass <= 1000)
        return os2->usWeightClass;
    return (f->file->ft->style_flags & FT_STYLE_FLAG_BOLD) ? 700 : 400;
}

/* The top of @cp's glyph above the baseline, as a fraction of the em; 0 when
 * the font does not map it or the glyph has no outline. */
static double ink_top(FT_Face face, uint32_t cp)
{
    FT_UInt g = FT_Get_Char_Index(face, cp);
    if (!g || !face->units_per_EM || FT_Load_Glyph(face, g, FT_LOAD_NO_SCALE) != 0)
        return 0;
    return (double)face->glyph->metrics.horiBearingY / face->units_per_EM;
}

double sah_font_visual_height(const sah_font_t *f)
{
    file_t *file = f->file;
    if (file->visual_height >= 0)
        return file->visual_height;
    FT_Face face = file->ft;
    double v = 0;
    if (FT_IS_SCALABLE(face)) {
        /* FT_LOAD_NO_SCALE reads font units: no size is involved. */
        v = ink_top(face, 0x0627);
        if (v <= 0) {
            const TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
            double cap = os2 && os2->version >= 2 && face->units_per_EM
                             ? (double)os2->sCapHeight / face->units_per_EM
                             : 0;
            if (cap <= 0)
                cap = ink_top(face, 'H');
            v = cap * SAH_FONT_ALEF_PER_CAP;
        }
    }
    file->visual_height = v > 0.05 && v < 3.0 ? v : 0;
    return file->visual_height;
}
