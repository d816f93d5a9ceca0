/*
 * reader.h - the reader screen as a model: an article paginated by the
 * paging engine, the reader's place (a byte offset), the settings that
 * reflow it, and the finished picture of the current page with its status
 * bar in a page buffer. No window: main.c uploads sah_reader_frame(), tests
 * look at it directly.
 *
 *   sah_reader_settings_t s = SAH_READER_SETTINGS_INIT;
 *   sah_reader_t *r = sah_reader_new(ui, "default", 800, 480, &s);
 *   if (!sah_reader_open(r, "seed-article-ar.txt", saved_offset)) ...;
 *   sah_reader_turn(r, SAH_ACT_NEXT);
 *   const sah_pagebuf_t *pic = sah_reader_frame(r);   // upload it
 *   while (sah_reader_idle(r)) ...;                    // neighbours, page count
 *   sah_reader_free(r);
 *
 * The place: the byte offset where the reader's page starts. Turning a page
 * moves it to the new page's start. A reflow (font size, spacing,
 * justification, window size) does not move it: the reader sees the page
 * that now holds that byte, and turning back and forth does not drift.
 * Deep in a long article that page is found without laying out the pages
 * before it (sah_reader_page_exact()).
 *
 * Frames: the current page and its two neighbours are kept drawn (page and
 * status bar) in three ARGB32 buffers; sah_reader_idle() draws the missing
 * neighbours, so a turn to one of them swaps buffers and draws nothing.
 */
#ifndef SAH_READER_H
#define SAH_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/content/article.h"
#include "app/content/toc.h"
#include "app/ui/input.h"
#include "render/page/pager.h"
#include "render/raster/raster.h"
#include "render/text/layout.h"
#include "app/ui/ui.h"

/* Largest screen the reader draws for, in pixels (a 4K panel): it keeps
 * three ARGB32 frames plus coverage, 5 bytes a pixel each, so a bigger one
 * is refused with a message rather than failing an allocation. */
#define SAH_READER_MAX_PIXELS (3840L * 2160L)

typedef enum {
    SAH_THEME_DAY = 0,
    SAH_THEME_NIGHT,
    SAH_THEME_SEPIA,
    SAH_THEME_COUNT
} sah_theme_id_t;

/* Body sizes (px at UI scale 1) and line spacings offered. */
#define SAH_READER_FONT_STEPS    7 /* 16 18 20 22 24 27 30 */
#define SAH_READER_SPACING_STEPS 5 /* 1.3 1.45 1.6 1.8 2.0 */

/*
 * The settings. @digits is one policy for the page and the status bar
 * together (layout.h's sah_digits_t): Arabic-Indic or Western digits in
 * both; as written, the page keeps the article's own and the status bar
 * (page numbers, times) takes the digits of the article's language
 * (Arabic-Indic for an Arabic article, Western for an English one), and,
 * with no article open, of the UI's (sah_reader_ui_digits()).
 */
typedef struct {
    int font_step;    /* 0 .. SAH_READER_FONT_STEPS - 1 */
    int spacing_step; /* 0 .. SAH_READER_SPACING_STEPS - 1 */
    sah_theme_id_t theme;
    sah_digits_t digits;
    bool justify;
    sah_kashida_t kashida; /* with @justify: how Arabic words take part */
} sah_reader_settings_t;

/* 22 px, 1.6, day, digits as written, justified with moderate kashida: the
 * store's defaults. */
#define SAH_READER_SETTINGS_INIT                                                                   \
    {                                                                                              \
        3, 2, SAH_THEME_DAY, SAH_DIGITS_AS_WRITTEN, true, SAH_KASHIDA_MODERATE                     \
    }

/* The body px of @step at UI scale 1, and the line spacing of @step. */
double sah_reader_font_px(int step);
double sah_reader_spacing(int step);
/* The step nearest @px / @spacing (for settings read back as numbers). */
int sah_reader_font_step_for(double px);
int sah_reader_spacing_step_for(double spacing);
/* (transfer none) static theme of @id. */
const sah_theme_t *sah_reader_theme(sah_theme_id_t id);

typedef struct sah_reader sah_reader_t;

/*
 * sah_reader_new:
 * @ui: (transfer none): strings, UI fonts and the glyph cache; must outlive
 *   the reader.
 * @fonts: the article's font chain spec ("default" or a list, fontchain.h).
 * @width, @height: the screen in px: at least 64 each, at most
 *   SAH_READER_MAX_PIXELS in all.
 *
 * Returns: (transfer full), or NULL (one line logged) when the size is
 * outside those bounds or out of memory.
 * Fonts are loaded by sah_reader_open().
 */
sah_reader_t *sah_reader_new(sah_ui_t *ui, const char *fonts, int width, int height,
                             const sah_reader_settings_t *settings)
    __attribute__((warn_unused_result));
void sah_reader_free(sah_reader_t *r);

/*
 * sah_reader_open:
 * Loads @path (any article: app/content/open.h, so "X.epub#N" too),
 * paginates lazily and draws the page holding @offset.
 *
 * Returns: false (one line logged, naming the file or the font) when the
 * article cannot be read or a font cannot be loaded; the reader then keeps
 * the article it had.
 */
bool sah_reader_open(sah_reader_t *r, const char *path, uint32_t offset)
    __attribute__((warn_unused_result));

/* As sah_reader_open() for a parsed article. @a: (transfer full), freed on
 * failure too. */
bool sah_reader_open_article(sah_reader_t *r, sah_article_t *a, const char *path, uint32_t offset)
    __attribute__((warn_unused_result));

/*
 * sah_reader_open_head:
 * @a: (transfer full): the article, a head when @rest is not NULL.
 * @rest: (transfer full) (nullable): the whole file (open.h's
 *   sah_open_article_head()).
 *
 * sah_reader_open_article() for a long article opened by its head: its
 * first pages are laid out from the head, and sah_reader_idle() starts the
 * whole parse on a worker thread (bgparse.h) and swaps its article in when
 * it has ended, the place kept (a byte offset, the same in both), the page
 * laid out again. What is not in the first half of the head (a place
 * there, a first page that ends past it, the page count, the last page,
 * the original view, find) waits for the whole parse first
 * (sah_reader_settle()). Freed on failure too.
 */
bool sah_reader_open_head(sah_reader_t *r, sah_article_t *a, sah_article_rest_t *rest,
                          const char *path, uint32_t offset) __attribute__((warn_unused_result));

/* The whole article now: waits for (or runs) the whole parse of an article
 * opened by its head and swaps it in. False (logged) when that parse
 * failed: the head stays. True when there was nothing to wait for. */
bool sah_reader_settle(sah_reader_t *r);

/* For benchmarks: waits until the whole parse of an article opened by its
 * head has ended (starting it if sah_reader_idle() has not), and leaves
 * its swap to the next sah_reader_idle(): the worker's work and the swap
 * are then counted apart. */
void sah_reader_wait_whole(sah_reader_t *r);

/* Whether the open article is still its head (the whole parse to come). */
bool sah_reader_in_head(const sah_reader_t *r);

/* @fn (nullable) is called from the worker thread when a whole parse has
 * ended (so the event loop wakes for sah_reader_idle() to swap it in): it
 * must be safe to call from any thread. Waits for a parse running first,
 * so that @fn's old user is not called after this returns. */
void sah_reader_on_wake(sah_reader_t *r, void (*fn)(void *user), void *user);

/* Whether an article is open. */
bool sah_reader_has_article(const sah_reader_t *r);

/* (transfer none) the open article, owned by @r (NULL if none). */
const sah_article_t *sah_reader_article(const sah_reader_t *r);
/* (transfer none) the path it was opened from, owned by @r. */
const char *sah_reader_path(const sah_reader_t *r);

/* (transfer none) (nullable): the open article's contents (toc.h), owned
 * by @r, valid until the next open; the status bar names the section the
 * page starts in. */
const sah_toc_t *sah_reader_toc(const sah_reader_t *r);

/* Whether the article reads right to left (its "dir"). */
bool sah_reader_rtl(const sah_reader_t *r);

/*
 * sah_reader_set_original:
 * Switches between the two views of the open article: the article as read
 * (its parts, each in its role: headline, deck, body...; the site's chrome,
 * the front matter and repeats hidden) and, with @on, the original: every
 * line of the file as it is, chrome and front matter included, each a
 * plain body paragraph in its own direction (UAX#9 P2-P3). Nothing the
 * parser hides is lost. The place (a byte of the text) is kept: the page
 * that holds it is shown; the status bar names the original view. Opening
 * an article starts in the article view.
 *
 * Returns: false (logged) when out of memory or no article is open; the
 * view stays as it was.
 */
bool sah_reader_set_original(sah_reader_t *r, bool on) __attribute__((warn_unused_result));
/* Whether the original view is on. */
bool sah_reader_original(const sah_reader_t *r);

/*
 * sah_reader_turn:
 * Applies a page action: NEXT, PREV, HOME, END. Others are ignored.
 *
 * Returns: true if the page changed (the frame is new).
 */
bool sah_reader_turn(sah_reader_t *r, sah_action_t act);

/* Goes to page @index (0-based; past the end: the last page). True if the
 * page changed. */
bool sah_reader_goto(sah_reader_t *r, size_t index);

/* Goes to the page holding byte @offset, which becomes the place. */
bool sah_reader_goto_offset(sah_reader_t *r, uint32_t offset);

/* The page (0-based) that holds byte @offset at the current geometry
 * (paginating up to it); 0 when no article is open. For bookmark lists. */
size_t sah_reader_page_of_offset(sah_reader_t *r, uint32_t offset);

/* The current page (0-based), the place, the page count (paginating the
 * whole article if it is not known yet). Deep in a long article, after a
 * reflow or a jump, the page is laid out from its paragraph before the
 * pages before it are counted (pager.h, anchored pages): its number is
 * then an estimate (sah_reader_page_exact() false; the status bar says
 * "…"), which a turn moves by one, until sah_reader_idle() has counted
 * them and shows the exact page holding the place. */
size_t sah_reader_page(const sah_reader_t *r);
bool sah_reader_page_exact(const sah_reader_t *r);
uint32_t sah_reader_offset(const sah_reader_t *r);
size_t sah_reader_page_count(sah_reader_t *r);
/* The current page's bytes [start, end). */
void sah_reader_page_bytes(const sah_reader_t *r, uint32_t *start, uint32_t *end);
/* How far through the article the end of the current page is, 0..1. */
double sah_reader_fraction(const sah_reader_t *r);

/*
 * sah_reader_set_settings:
 * Applies @s: a size, spacing, justification, kashida or digits change
 * reflows (the place is kept: Arabic-Indic digits are not as wide as
 * European ones); a theme recolours only. Out-of-range values are clamped.
 *
 * Returns: false (logged) if the fonts could not be loaded at the new size;
 * the old settings stay.
 */
bool sah_reader_set_settings(sah_reader_t *r, const sah_reader_settings_t *s)
    __attribute__((warn_unused_result));

void sah_reader_settings(const sah_reader_t *r, sah_reader_settings_t *out);

/* The page geometry the reader lays out with (pager.h): the screen less the
 * status bar and notices, the settings' size, spacing, digits, kashida. */
void sah_reader_geometry(const sah_reader_t *r, sah_geometry_t *g);

/* (transfer full): page @index of the open article as laid out (pager.h),
 * for tools that look at where its lines fall (`sahifa --dump-pages`);
 * free it with sah_page_free() before the reader reflows, opens another
 * article or is freed. NULL when there is no such page or out of memory. */
sah_page_t *sah_reader_layout_page(sah_reader_t *r, size_t index)
    __attribute__((warn_unused_result));

/* Sets the UI's digits (ui.h) by the digit policy (sah_reader_settings_t):
 * with @reading, the open article's language's when the policy is "as
 * written"; without, the UI language's. The reader calls it as an article
 * opens and as the settings change; the session, as it leaves the reader. */
void sah_reader_ui_digits(sah_reader_t *r, bool reading);

/* A new screen size: new buffers, a reflow, the place kept. False (logged)
 * when out of memory or the size leaves no room for a page. */
bool sah_reader_resize(sah_reader_t *r, int width, int height) __attribute__((warn_unused_result));

/* The bookmark offsets of the article (sorted or not), copied: pages that
 * hold one show a ribbon. */
bool sah_reader_set_bookmarks(sah_reader_t *r, const uint32_t *offsets, size_t n)
    __attribute__((warn_unused_result));
/* Whether the current page holds a bookmark; its offset in @offset. */
bool sah_reader_page_bookmark(const sah_reader_t *r, uint32_t *offset);

/*
 * sah_reader_set_highlights:
 * @ranges: (transfer none) @n byte ranges of the text, [ranges[2i],
 *   ranges[2i + 1]), in reading order, copied; NULL with 0 takes them away.
 * @current: the one looked at (SAH_READER_NO_HIT for none).
 *
 * Find's hits (findbar.h): each drawn on a light box where its glyphs are
 * (render/page/pagebox.h: a hit across a line, or across a run of the
 * other direction, is several boxes), the current one darker and
 * underlined. Returns: false when out of memory (the old ones stay).
 */
#define SAH_READER_NO_HIT ((size_t)-1)
bool sah_reader_set_highlights(sah_reader_t *r, const uint32_t *ranges, size_t n, size_t current)
    __attribute__((warn_unused_result));

/* A short piece of text at @offset (the start of its line), for a bookmark
 * list. (transfer full): free() it; NULL when out of memory. */
char *sah_reader_snippet(const sah_reader_t *r, uint32_t offset, size_t max_bytes);

/* (transfer none): the current page with its status bar, owned by @r, valid
 * until the next call that changes the page, the settings or the size. NULL
 * when no article is open or drawing failed (logged). */
const sah_pagebuf_t *sah_reader_frame(sah_reader_t *r);

/* A number that changes whenever sah_reader_frame() has something new to
 * show (a turn, a reflow, a theme, the page count found while idle). */
uint64_t sah_reader_serial(const sah_reader_t *r);

/*
 * sah_reader_idle:
 * Does one piece of the work ahead: decodes a photo of the current page,
 * draws the next page's frame, decodes its photos, then the previous
 * page's, then finds the page count a few pages a step.
 *
 * Returns: true while there is more to do.
 */
bool sah_reader_idle(sah_reader_t *r);

/*
 * sah_reader_set_wait_photos:
 * With @on, sah_reader_frame() decodes the current page's photos before it
 * returns (a screenshot shows the photos, not their placeholders); off (the
 * default), a page is shown at once with a placeholder for each photo not
 * decoded yet, and sah_reader_idle() decodes them: first the current
 * page's, then the next page's, then the previous page's, one photo a step.
 */
void sah_reader_set_wait_photos(sah_reader_t *r, bool on);

/*
 * sah_reader_on_identity:
 * @fn: (nullable): called by sah_reader_idle(), as the last thing its step
 *   does, when the open article's identity has just been found (an article
 *   opened with it unknown: article.h's sah_article_load_head()); it may
 *   move or reopen the reader. sah_reader_idle() computes the identity in
 *   slices after the current page's photos, before anything else.
 */
typedef void (*sah_reader_identity_fn)(void *user);
void sah_reader_on_identity(sah_reader_t *r, sah_reader_identity_fn fn, void *user);

/* Computes the rest of the open article's identity now, without calling
 * the sah_reader_on_identity() function (the caller asked for it). */
void sah_reader_finish_identity(sah_reader_t *r);

/* Whether sah_reader_idle() has work (cheap: nothing is drawn). */
bool sah_reader_idle_pending(sah_reader_t *r);

#endif
