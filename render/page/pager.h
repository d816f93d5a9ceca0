/*
 * pager.h - the paging engine: an article's paragraphs into pages, lazily.
 *
 *   sah_geometry_t geo;
 *   sah_geometry_default(&geo);               // pango-pager's defaults
 *   sah_pager_t *pg = sah_pager_new(text, NULL, 0, "default", &geo);
 *   size_t i = sah_pager_page_of_offset(pg, saved_offset);
 *   sah_page_t *page = sah_pager_page(pg, i);  // laid out now
 *   sah_page_draw(page, buf, cache, 0, 0);
 *   sah_page_free(page);
 *   sah_pager_free(pg);
 *
 * A page is known by the byte offset where it starts; page i covers the
 * source bytes [start(i), start(i + 1)), the first page starts at 0 and the
 * last one ends at the end of the text, so every byte is on exactly one page.
 * Offsets survive a change of font size or page size: after
 * sah_pager_set_geometry(), sah_pager_page_of_offset(old offset) is the page
 * that shows the reader's place, and sah_pager_anchor(old offset) finds a
 * page that shows it without laying out the article before it (anchored
 * pages, below).
 *
 * Pagination is incremental: pages are found in order and only as far as a
 * request needs (the first page of a long article costs one page of work,
 * and one slice of a paragraph, however long: sah_layout_slice()), and the
 * pager remembers only where each page starts (20 bytes a page) and the
 * lines of the last few paragraphs or slices it laid out; the lines and
 * glyphs of a page exist while the caller keeps its sah_page_t.
 *
 * Typographic rules, in this order of precedence: a page always takes at
 * least one line (a line taller than the page still makes progress); a
 * paragraph never leaves its first line alone at the bottom of a page
 * (orphan) nor its last line alone at the top of the next (widow); a heading
 * (any role with keep_with_next) is kept with the first lines of the
 * paragraph after it. The last two give way when obeying them would leave a
 * page empty, and a chain of blocks kept with the next is moved to the next
 * page only while it is at most a third of a page tall: a longer one (a
 * newspaper's head on a small screen) breaks where it reaches the foot,
 * rather than leave the page near-empty. A heading takes one line of its
 * paragraph with it, instead of the orphan rule's two, when moving it would
 * leave more than two body lines empty.
 *
 * Page fill: what a page but the last leaves at its foot is spread over the
 * gaps between its blocks (paragraph gaps and the space above headings, in
 * proportion, each at most one body line taller; never under a heading nor
 * between a photo and its caption), so that pages end near the foot. Only
 * where lines are drawn changes (sah_pager_page()): pagination does not.
 *
 * Vertical metrics follow Pango's two modes (see sah_geometry_t).
 *
 * Figures: a block of role SAH_ROLE_FIGURE is a photo's box, not text (its
 * bytes are where the photo stands in the text and are never set). The box
 * keeps the photo's aspect and is as wide as the text, except that a photo
 * is never enlarged more than SAH_FIGURE_MAX_UPSCALE times and never taller
 * than SAH_FIGURE_MAX_HEIGHT of the text area (both shrink it, aspect
 * kept); a photo of unknown size (0x0) gets a box of the text width at
 * 3:2, the shape of most news photos. The box is centred, never split, and
 * kept with the caption that follows it (the SAH_ROLE_CAPTION block right
 * after it): when the box and that whole caption do not fit below what the
 * page holds, the box is shrunk (aspect kept) to the room left above the
 * caption, down to SAH_FIGURE_MIN_SHRINK of its height, and below that both
 * go to the next page (so a headline is not left alone above a photo that
 * almost fits). A caption too long to fit whole with the full box even on
 * an empty page keeps only its first lines (two, the orphan rule's) with
 * it. On an empty page a figure always stays (it is at most
 * SAH_FIGURE_MAX_HEIGHT tall). A figure block takes
 * its bytes to the page it is on like any block: every byte is still on
 * exactly one page. The page lists where its figures sit
 * (sah_page_figure()); drawing them is the caller's (render/image).
 */
#ifndef SAH_PAGER_H
#define SAH_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/raster/glyphcache.h"
#include "render/text/layout.h"
#include "render/raster/raster.h"
#include "render/text/text.h"

/* A photo is shown at most this many times its own size (a thumbnail
 * blown up further is only blur), and at most this share of the text
 * area's height (a portrait photo leaves room for its caption and text). */
#define SAH_FIGURE_MAX_UPSCALE 2.0
#define SAH_FIGURE_MAX_HEIGHT  0.6
/* A photo that almost fits at the foot of a page is shrunk to fit, to this
 * share of its height at the least, rather than moved with its caption to
 * the next page. */
#define SAH_FIGURE_MIN_SHRINK 0.5

typedef enum {
    SAH_ROLE_BODY = 0,
    SAH_ROLE_HEADLINE,
    SAH_ROLE_CAPTION,
    SAH_ROLE_DATELINE,
    SAH_ROLE_HEADING,
    SAH_ROLE_DECK,      /* the standfirst under the headline */
    SAH_ROLE_META,      /* byline, date, reading time, source: the small print */
    SAH_ROLE_QUOTE,     /* a block quotation */
    SAH_ROLE_LIST_ITEM, /* one item of a list */
    SAH_ROLE_FIGURE,    /* a photo: a box, no text (see "Figures" above) */
    SAH_ROLE_COUNT
} sah_role_t;

typedef enum {
    SAH_ALIGN_JUSTIFY = 0, /* justified, last line at the start edge */
    SAH_ALIGN_START,       /* right for RTL paragraphs, left for LTR */
    SAH_ALIGN_CENTER,
} sah_align_t;

typedef struct {
    double size;       /* font size as a factor of sah_geometry_t.px */
    const char *fonts; /* (nullable) chain spec; NULL: the pager's own */
    sah_align_t align;
    double space_before; /* px above the paragraph (not at a page top) */
    double space_after;  /* px below it */
    bool keep_with_next; /* never the last paragraph on a page */
    /* Line pitch in ems of the role's own size (a headline's lines close
     * together, as display type is set); 0: the geometry's line_height. */
    double line_height;
    /* Set in the bold of @fonts (sah_fontchain_opts_t.bold): the body's
     * family's own bold when @fonts is NULL, Amiri Bold for Amiri. */
    bool bold;
} sah_role_style_t;

typedef struct {
    int width, height; /* page size, px */
    int margin;        /* px on every side */
    double px;         /* body font size, px per em */
    /* Line pitch: with abs_line_height false, line_height x the line's
     * ascent + descent (pango_layout_set_line_spacing; the spacing sits below
     * the line); with true, round(px x line_height) px, the leading split
     * above and below (CSS line-height, Pango's absolute line height). */
    double line_height;
    bool abs_line_height;
    double para_gap; /* px between paragraphs (not at a page top) */
    sah_direction_t dir;
    sah_kashida_t kashida; /* justified roles' kashida (layout.h); zero: moderate */
    sah_digits_t digits;   /* every role's digits (layout.h); zero: as written */
    /* The fonts named and no others (sah_fontchain_opts_t.exact): for a
     * comparison with a one-font oracle. false: the default fonts follow. */
    bool exact_fonts;
    sah_role_style_t roles[SAH_ROLE_COUNT];
} sah_geometry_t;

/* Fills @geo with pango-pager's defaults (480x800, margin 24, 20 px, line
 * spacing 1.6, no paragraph gap) and a newspaper's role styles: a bold
 * headline at 1.4x, a deck at 1.1x, captions and the small print (byline,
 * date, reading time) at 0.85x, a bold dateline, bold headings at 1.15x kept
 * with the next paragraph, justified body text, quotes and list items set
 * ragged. Headlines and headings are set at a pitch of 1.2 of their size,
 * as newspapers set display lines: the body's 1.6 would part a two-line
 * headline's lines further than its words. */
void sah_geometry_default(sah_geometry_t *geo);

/* A paragraph with its role and base direction: a span of the text. */
typedef struct {
    sah_span_t span;
    sah_role_t role;
    /* SAH_DIR_AUTO (the zero value) takes the geometry's direction; an
     * article gives each paragraph its own (UAX#9 P2-P3), so that an
     * English paragraph of an Arabic article is set left to right. */
    sah_direction_t dir;
    /* SAH_ROLE_FIGURE: the photo's size in px as shown (after its EXIF
     * orientation), 0x0 when unknown (a placeholder box). Its span must not
     * be empty (an empty one is not shown). Other roles: ignored. */
    int fig_w, fig_h;
} sah_block_t;

typedef struct sah_pager sah_pager_t;
typedef struct sah_page sah_page_t;

/*
 * sah_pager_new:
 * @text: (transfer none): must outlive the pager.
 * @blocks: (nullable) (transfer none): the article's paragraphs in order,
 *   copied; NULL makes every paragraph of @text a body paragraph.
 * @fonts: chain spec for roles that name none (see fontchain.h).
 *
 * Returns: (transfer full), or NULL (one line logged) when a font cannot be
 * loaded, the geometry leaves no room (width or height <= 2 x margin, px <=
 * 0), or out of memory.
 */
sah_pager_t *sah_pager_new(const sah_text_t *text, const sah_block_t *blocks, size_t n_blocks,
                           const char *fonts, const sah_geometry_t *geo)
    __attribute__((warn_unused_result));
void sah_pager_free(sah_pager_t *pager);

/* New geometry (size, fonts, margins...): pages are found again, lazily.
 * On failure the pager keeps its old geometry. */
bool sah_pager_set_geometry(sah_pager_t *pager, const sah_geometry_t *geo)
    __attribute__((warn_unused_result));

/* Replaces the article (same meaning of @text and @blocks as in
 * sah_pager_new()); fonts and caches are kept. False when out of memory (the
 * pager keeps its old article). */
bool sah_pager_set_text(sah_pager_t *pager, const sah_text_t *text, const sah_block_t *blocks,
                        size_t n_blocks) __attribute__((warn_unused_result));

/* sah_pager_set_text() that takes @blocks (transfer full: the pager owns
 * them, and frees them on failure too; n_blocks of them, not NULL) rather
 * than copying them: for an article whose blocks were made elsewhere (on a
 * worker thread), swapped in at the cost of one look at each. */
bool sah_pager_take_text(sah_pager_t *pager, const sah_text_t *text, sah_block_t *blocks,
                         size_t n_blocks) __attribute__((warn_unused_result));

/* Forgets every cached shape and analysis and the pages found: the next
 * request starts cold (what a benchmark's cold pass needs). */
void sah_pager_clear_caches(sah_pager_t *pager);

/* Pages found so far; *complete tells whether that is all of them. */
size_t sah_pager_count_known(const sah_pager_t *pager, bool *complete);

/* Finds pages up to index @page (or the end). False only when out of memory. */
bool sah_pager_paginate(sah_pager_t *pager, size_t page) __attribute__((warn_unused_result));

/* Finds every page; returns the page count (>= 1, an empty article has one
 * empty page), 0 when out of memory. */
size_t sah_pager_count(sah_pager_t *pager);

/* Index of the page holding source byte @offset (paginating as far as
 * needed; offsets past the end give the last page). */
size_t sah_pager_page_of_offset(sah_pager_t *pager, uint32_t offset);

/* Source byte where page @index starts (paginating as far as needed);
 * UINT32_MAX if there is no such page. */
uint32_t sah_pager_page_start(sah_pager_t *pager, size_t index);

/* Whether the pages found so far reach past byte @offset (or are all of
 * them): sah_pager_page_of_offset(@offset) then costs no layout. */
bool sah_pager_known_past(const sah_pager_t *pager, uint32_t offset);

/*
 * Anchored pages. The exact pages are found in order from the article's
 * start, so the page holding a byte 8 MB in (after a font size step, or
 * opening at a saved place) costs the layout of every line before it:
 * gigainstructions. An anchor starts a second run of pages near the place
 * instead: at the start of the paragraph holding it (of its hard line,
 * when the block has several), as if a page started there; in a line more
 * than 4,096 code points long, at the start of the word holding it
 * (layout.h's sah_layout_cursor_near()). Its pages are laid out as the
 * exact ones, and every byte from the run's first page on is on exactly
 * one of them, but where they break (and, in such a long line, where its
 * lines break) may differ from the exact pages' and their numbers are
 * unknown until the exact pages reach the place. The caller shows them meanwhile and goes back to
 * the exact pages (sah_pager_known_past()) with the place kept: the run is a view of the same
 * bytes, never a place of its own.
 *
 * Turning back before the run's first page: sah_pager_anchor_back() lays
 * out the paragraphs before it, about two pages' worth, and prepends their
 * pages; the last of them ends where the run started (it may be short), so
 * the pages already shown do not change. Repeated, it reaches byte 0.
 */

/* Distance in bytes from the last exact page found to a place below which
 * the exact pages are found instead of anchoring: about two pages. Laying
 * out text at a new size costs some 1.8 K instructions a byte (shaping
 * every word anew, total fit), and a font size step must reach its frame
 * within 30 M with that frame's glyphs all new (some 12 M): 4 KiB keeps
 * the exact path under 8 M, where 16 KiB was 30 M of the seed's 32 M. */
#define SAH_PAGER_ANCHOR_MIN 4096

/*
 * sah_pager_anchor:
 * The page holding @offset: an exact page when the exact pages reach it
 * or it is within SAH_PAGER_ANCHOR_MIN of the last one found (returns
 * false: *@index is an exact index, the anchored run dropped), else in a
 * new anchored run (returns true: *@index is its index there). Out of
 * memory, false and the exact pages.
 */
bool sah_pager_anchor(sah_pager_t *pager, uint32_t offset, size_t *index)
    __attribute__((warn_unused_result));

/* Drops the anchored run (sah_pager_set_geometry() and _set_text() do). */
void sah_pager_unanchor(sah_pager_t *pager);
bool sah_pager_anchored(const sah_pager_t *pager);

/* As sah_pager_page_start(), _page_of_offset() and _page() for the
 * anchored run (UINT32_MAX, 0 and NULL without one). */
uint32_t sah_pager_anchor_page_start(sah_pager_t *pager, size_t index);
size_t sah_pager_anchor_page_of_offset(sah_pager_t *pager, uint32_t offset);
sah_page_t *sah_pager_anchor_page(sah_pager_t *pager, size_t index)
    __attribute__((warn_unused_result));

/*
 * sah_pager_anchor_back:
 * Extends the anchored run before its first page (see above): prepends
 * the pages of about two pages of text before it and sets *@moved to how
 * many (the indices of the run's pages grow by that much). A run that
 * starts inside a long line (sah_pager_anchor_loose()) is replaced
 * instead by one starting that much earlier, since no line from there need
 * start where it does: *@moved is SIZE_MAX and the caller finds its place
 * again (sah_pager_anchor_page_of_offset()).
 *
 * Returns: false when the run starts at byte 0, there is none, or out of
 * memory (the run as it was).
 */
bool sah_pager_anchor_back(sah_pager_t *pager, size_t *moved) __attribute__((warn_unused_result));

/*
 * sah_pager_prepare:
 * One step of the layout the next sah_pager_paginate() of one page more
 * will do (sah_pager_anchor_prepare(): the next sah_pager_anchor_back()):
 * one paragraph (or slice of one) laid out and kept, measured only. A
 * page's first layout at a new size shapes every word on it (some 4 M
 * instructions); in these steps each is one paragraph's. Returns: true
 * when it did some (call again), false when what it needs is laid out.
 */
bool sah_pager_prepare(sah_pager_t *pager);
bool sah_pager_anchor_prepare(sah_pager_t *pager);

/*
 * sah_pager_page_prepare:
 * One step of the layout sah_pager_page(@index) will do (with _anchor_:
 * sah_pager_anchor_page()): one paragraph (or slice) of the page laid out
 * with its glyphs and kept, so that the page's own layout then only
 * places lines. For work ahead in bounded steps (a page's first layout at
 * a new size is some 3 M instructions). Returns: true when it did some
 * (call again), false when the page needs no more (or @index is not a
 * page found yet: sah_pager_page_start()).
 */
bool sah_pager_page_prepare(sah_pager_t *pager, size_t index);
bool sah_pager_anchor_page_prepare(sah_pager_t *pager, size_t index);

/* Whether the anchored run's first page starts inside a line (pager.h,
 * above): extending it back lays it out again. */
bool sah_pager_anchor_loose(const sah_pager_t *pager);

/*
 * sah_pager_page:
 * Lays out page @index.
 *
 * Returns: (transfer full) the page, freed with sah_page_free(); NULL if
 * there is no such page or out of memory. It refers to the pager's fonts:
 * free it before sah_pager_free() or sah_pager_set_geometry().
 */
sah_page_t *sah_pager_page(sah_pager_t *pager, size_t index) __attribute__((warn_unused_result));

void sah_page_free(sah_page_t *page);
size_t sah_page_index(const sah_page_t *page);
uint32_t sah_page_byte_start(const sah_page_t *page);
uint32_t sah_page_byte_end(const sah_page_t *page);

/* How far down the text area (from its top, below the margin) the page's
 * lines and figures reach, 26.6, the last line's pitch included: the text
 * area's height less this is what the page leaves blank. */
int32_t sah_page_used_height(const sah_page_t *page);

/* (transfer none): the page's lines; valid until sah_page_free(). */
const sah_lines_t *sah_page_lines(const sah_page_t *page);

/* Where line @i sits: the x of the left edge of its layout box and its
 * baseline, 26.6 px from the page's top-left corner. */
void sah_page_line_origin(const sah_page_t *page, size_t i, int32_t *x, int32_t *baseline);

/* Where a figure sits on a page, in whole px from the page's top-left
 * corner, and which one it is. */
typedef struct {
    int x, y, w, h;
    size_t figure; /* its index among the pager's figure blocks, in order */
    size_t block;  /* its block index */
} sah_page_figure_t;

/* The figures on @page, in order. */
size_t sah_page_n_figures(const sah_page_t *page);

/* (transfer none): figure @i (< sah_page_n_figures()) of @page, valid
 * until sah_page_free(). */
const sah_page_figure_t *sah_page_figure(const sah_page_t *page, size_t i);

/* Draws the page's glyphs into @buf (not cleared first) with its top-left
 * corner at (@dx, @dy) px. False if a glyph failed (logged, others drawn).
 * Figures are not drawn: the caller draws each at sah_page_figure(). */
bool sah_page_draw(const sah_page_t *page, sah_pagebuf_t *buf, sah_glyphcache_t *cache, int dx,
                   int dy);

/*
 * sah_page_prerender:
 * Renders into @cache the glyphs sah_page_draw() of @page will look up,
 * from glyph *@done on (counted across its lines, 0 the first time), and
 * stops once @max_new (at least 1) were rendered (not cached already),
 * setting *@done to where the next call goes on: a page drawn ahead is
 * drawn in bounded steps, the last one (sah_page_draw()) finding every
 * glyph cached. Returns: true when every glyph of the page was looked at.
 */
bool sah_page_prerender(const sah_page_t *page, sah_glyphcache_t *cache, size_t *done,
                        size_t max_new);

#endif
