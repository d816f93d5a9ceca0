/*
 * font.h - one font file at one pixel size: the FreeType face the rasterizer
 * draws from and the HarfBuzz font the shaper measures with.
 *
 *   sah_font_t *f = sah_font_new("/usr/share/fonts/.../NotoNaskhArabic-Regular.ttf", 20);
 *   if (!f) ...;                  // one line naming the file was logged
 *   hb_shape(sah_font_hb(f), buf, NULL, 0);
 *   sah_font_free(f);
 *
 * A font file is opened once for every size and chain that uses it: its
 * bytes (mapped), HarfBuzz's face (GSUB/GPOS checked and indexed once) and
 * the rasterizer's FreeType face (auto-hinter analysis once) are shared;
 * a size adds a HarfBuzz font and an FT_Size. The HarfBuzz font uses
 * FreeType's font functions (hb_ft_font_set_funcs()) on a FreeType face of
 * its own, with the FreeType default load flags as libraqm's
 * hb_ft_font_create_referenced() has, so that advances are FreeType's
 * unhinted advances rounded to 26.6: this is what makes our glyphs
 * comparable one-for-one with libraqm's (our shaping oracle). That face is
 * per size because FT_Get_Advance, which hb-ft calls, reads the face's
 * active size: sharing it between sizes would make every shape call depend
 * on which size was activated last.
 */
#ifndef SAH_FONT_H
#define SAH_FONT_H

#include <stdbool.h>
#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

typedef struct sah_font sah_font_t;

/* Vertical metrics in 26.6 pixels, from the face's hhea/OS2 (what Pango
 * uses for a line's logical height), each rounded up to a whole pixel. */
typedef struct {
    int32_t ascent;  /* positive, above the baseline */
    int32_t descent; /* positive, below the baseline */
} sah_font_metrics_t;

/*
 * sah_font_new:
 * @path: a font file (TrueType/OpenType); face index 0 is used.
 * @px: pixels per em, > 0 and <= 1000.
 *
 * Returns: (transfer full) a new font, freed with sah_font_free(), or NULL
 * (after logging one line that names @path and the cause) when the file is
 * missing or not a font, or @px is out of range.
 */
sah_font_t *sah_font_new(const char *path, double px) __attribute__((warn_unused_result));

/*
 * sah_font_new_synthetic_bold:
 *
 * As sah_font_new(), for a family that has no bold face of its own
 * (KacstNaskh): the same file, its outlines thickened by 1/24 em when drawn
 * (sah_font_embolden(), FreeType's FT_GlyphSlot_Embolden() strength), its
 * advances unchanged. HarfBuzz 6.0 (Debian 12) has no synthetic bold to
 * widen advances with, and Pango on it draws synthetic bold the same way;
 * Arabic joins overlap a little more, which a cursive script hides.
 * A bitmap font is not thickened.
 */
sah_font_t *sah_font_new_synthetic_bold(const char *path, double px)
    __attribute__((warn_unused_result));

/* sah_font_free: releases @font; NULL is a no-op. */
void sah_font_free(sah_font_t *font);

/* (transfer none): owned by @font, valid until sah_font_free(@font). */
hb_font_t *sah_font_hb(const sah_font_t *font);

/* (transfer none): the rasterizer's face of @font's file, shared by every
 * size of it, valid until sah_font_free(@font). The call makes @font's size
 * the face's active one: load glyphs before asking for another size's. */
FT_Face sah_font_ft(const sah_font_t *font);

/* (transfer none): the path given to sah_font_new(). */
const char *sah_font_path(const sah_font_t *font);

double sah_font_px(const sah_font_t *font);

/* A process-unique serial number: a stable key for caches that must not
 * confuse two fonts even if one was freed and another allocated at the
 * same address. */
uint32_t sah_font_serial(const sah_font_t *font);

sah_font_metrics_t sah_font_metrics(const sah_font_t *font);

/* True if the font maps @cp to a glyph other than .notdef. */
bool sah_font_has_char(const sah_font_t *font, uint32_t cp);

/* Glyph id of U+0020 in this font (0 if none). */
uint32_t sah_font_space_glyph(const sah_font_t *font);

/*
 * sah_font_words_independent:
 *
 * Returns: true when no GSUB/GPOS lookup of the font (nor a legacy 'kern'
 * table) reads or writes the space glyph, i.e. when shaping the words of a
 * run one by one gives the same glyphs as shaping the run whole. Computed once
 * per font file, on the first call (unless sah_font_words_hint() gave it). Fonts whose contextual
 * lookups reach across spaces (some calligraphic Arabic designs) answer false, and the shaper then
 * shapes whole runs instead of caching words.
 */
bool sah_font_words_independent(const sah_font_t *font);

/*
 * sah_font_words_independent()'s answers, kept across runs by the font memo
 * (fontchain.h): walking a file's lookups costs up to 0.8 M instructions,
 * a twentieth of page 1, for the same answer as last time. Process-wide
 * and by path (the memo gives only answers whose file is unchanged: size
 * and time); not thread-safe, as the fonts are not.
 */

/* Answers kept at most (a process uses a few font files). */
#define SAH_FONT_WORDS_ANSWERS 32

/* Takes @path's answer, for when the file is opened (or now, if it is). */
void sah_font_words_hint(const char *path, bool independent);

/* The @i-th answer known in this process (computed, or given by a hint),
 * for the memo to write: false past the last. @path: (transfer none),
 * valid until the next answer is kept (a hint, a font first shaped). */
bool sah_font_words_known(size_t i, const char **path, bool *independent);

/* Answers computed here since the last call, which a memo written before
 * them lacks; the call resets the count. */
size_t sah_font_words_unsaved(void);

/* Whether @font draws @cp with a glyph its GDEF classes as a mark (the
 * glyph of the font's own cmap; .notdef when it has none). Some Arabic
 * fonts so draw characters Unicode calls letters (the isolated shadda
 * ligatures U+FC5E..U+FC63). One cmap and one GDEF look-up: memoize it. */
bool sah_font_draws_as_mark(const sah_font_t *font, uint32_t cp);

/* sah_font_draws_as_mark() for code points below SAH_FONT_LOW_MARKS (nearly
 * every character of an article), as bits: bit (cp & 7) of byte cp >> 3.
 * Computed on first use once per font file and shared by all its sizes.
 * Returns: (transfer none) SAH_FONT_LOW_MARKS / 8 bytes owned by @font,
 * valid until sah_font_free(@font). */
#define SAH_FONT_LOW_MARKS 2048
const uint8_t *sah_font_low_marks(const sah_font_t *font);

/* How much the rasterizer thickens outlines (26.6 pixels, added to a
 * glyph's width and height): 0 except for a synthetic bold. */
FT_Pos sah_font_embolden(const sah_font_t *font);

/* Whether @font is a bitmap-only face (no outlines: Noto Color Emoji's CBDT
 * strikes, an old bitmap font). It is measured by HarfBuzz at any size and
 * its glyphs are drawn by scaling the nearest strike (the glyph cache). */
bool sah_font_is_bitmap(const sah_font_t *font);

/* Whether @font's bitmaps are in colour (BGRA: CBDT, sbix). */
bool sah_font_is_color(const sah_font_t *font);

/* The weight a reader sees: OS/2 usWeightClass (400 regular, 700 bold), 700
 * for a synthetic bold. */
unsigned sah_font_weight(const sah_font_t *font);

/*
 * sah_font_visual_height:
 *
 * How tall the font's letters look, as a fraction of its em, for fitting a
 * fallback font to the primary one: the top of ALEF (U+0627) when the font
 * has it (the tallest common stroke of Arabic, what the eye reads the
 * size of Arabic text by); else the cap height (OS/2 sCapHeight, or the top
 * of 'H') times SAH_FONT_ALEF_PER_CAP, the alef a Latin or Hebrew design
 * would be given beside Arabic. 0 when the font has neither (a bitmap or
 * symbol font). One look-up per file, kept.
 */
double sah_font_visual_height(const sah_font_t *font);

/* Alef height over cap height in the Noto family, whose scripts were drawn
 * to be set together: Noto Naskh Arabic's alef (0.671 em) over Noto Sans's
 * cap height (0.714 em). Amiri (1.11) and Scheherazade (0.97) draw their own
 * Latin to about the same proportion. */
#define SAH_FONT_REF_ALEF     0.671
#define SAH_FONT_ALEF_PER_CAP (SAH_FONT_REF_ALEF / 0.714)

#endif
