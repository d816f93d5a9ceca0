/* reader.c - see reader.h. */
#include "app/ui/reader.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/bgparse.h"
#include "app/ui/photos.h"
#include "render/page/pagebox.h"
#include "render/page/pager.h"
#include "render/text/bidi.h"
#include "render/text/text.h"
#include "app/content/open.h"
#include "app/ui/uitext.h"
#include "platform/grow.h"

static const double font_px[SAH_READER_FONT_STEPS] = {16, 18, 20, 22, 24, 27, 30};
static const double spacings[SAH_READER_SPACING_STEPS] = {1.3, 1.45, 1.6, 1.8, 2.0};

enum { PREV = 0, CUR = 1, NEXT = 2 };

/* Pages found per sah_reader_idle() step. One: a page is found from its
 * lines' bytes and heights alone (no glyphs placed), some 0.1 to 1 M
 * instructions, so that main.c looks at the input queue at least every
 * couple of milliseconds on a Pi 3 while a long article is counted. */
#define IDLE_PAGES 1
/* The article's identity, computed after page 1 (article.h), this many
 * bytes a step: SHA-256 at ~55 instructions a byte makes a step of about
 * 1.4 M instructions, under the 2 M between two looks at the input. */
#define IDLE_ID_BYTES ((size_t)24 * 1024)

/* New glyphs rendered per sah_reader_idle() step while a page is drawn
 * ahead: a glyph seen for the first time costs FreeType some 40 K
 * instructions at 22 px (more at 30 px and in headlines), and a page drawn
 * early after launch or after a font size step has a few hundred of them:
 * 11.8 M in one step. 24 keep a step near 1 M, under the 2 M between two
 * looks at the input queue. */
#define IDLE_GLYPHS 24
/* Layout steps one page drawn ahead may take before its layout is done in
 * one go: a page has at most a dozen pieces (pager.c's PARA_SLOTS / 2),
 * and this bounds the steps should its pieces push each other out. */
#define AHEAD_PREPARES 32

/* A photo shown as a placeholder on a frame until sah_reader_idle()
 * decodes it and draws it in. */
typedef struct {
    size_t fig;
    int x, y, w, h;
} pending_t;

/* Photos a frame waits for; a page with more (thumbnails of a gallery) has
 * the rest decoded as it is drawn. */
#define FRAME_PENDING 16

typedef struct {
    sah_pagebuf_t *buf;
    size_t page;
    bool valid;
    pending_t pend[FRAME_PENDING];
    size_t n_pend;
} frame_t;

/* A neighbour's frame under way in sah_reader_idle(), a bounded piece a
 * step: its paragraphs laid out (sah_pager_page_prepare()), the page laid
 * out, its new glyphs rendered IDLE_GLYPHS a step (sah_page_prerender()),
 * then drawn with every glyph cached. Nothing is drawn into a frame before
 * that last step, so a frame is never half a page: a turn to the page
 * meanwhile draws it at once (draw_frame() takes the page laid out). */
typedef struct {
    sah_page_t *pg;           /* owned, nullable: laid out */
    const sah_pagebuf_t *buf; /* the frame's buffer (frames swap theirs on a turn) */
    size_t page;              /* its index in the exact pages, or with @anch the anchored ones */
    size_t done;              /* glyphs looked at (sah_page_prerender()) */
    size_t prepares;          /* its layout steps */
    size_t status_done;       /* glyphs of the status bar's next text looked at (status_warm_t) */
    int status;               /* the status bar's texts whose glyphs are cached */
    bool anch;
    bool started; /* @page is the one under way */
    bool ready;   /* every glyph of the page cached */
    bool filled;  /* the frame's background written */
    bool based;   /* frame_base() drawn: the next step draws the page */
} ahead_t;

struct sah_reader {
    sah_ui_t *ui; /* not owned */
    char *fonts;
    int width, height;
    sah_reader_settings_t set;
    bool reading; /* the UI's digits follow the article (sah_reader_ui_digits()) */

    sah_article_t *article; /* owned; NULL before the first open */
    sah_toc_t *toc;         /* owned, nullable: the article's sections */
    char *path;
    sah_text_t *text;
    sah_pager_t *pager;
    sah_photos_t *photos; /* owned: the article's photos and their cache */
    bool wait_photos;     /* sah_reader_frame() decodes the page's photos first */
    bool rtl;
    bool original; /* the file as it is, not the article's parts */
    bool stale;    /* frames[CUR]'s status bar says "of …": the count has ended */

    size_t page;     /* current page: an index in the pager's anchored run with @anch */
    bool anch;       /* the pages shown are anchored ones (place_at()) */
    size_t est;      /* with @anch: the number of the run's first page as estimated */
    uint32_t offset; /* the place */
    uint32_t pg_start, pg_end;

    uint32_t *marks; /* bookmark offsets */
    size_t n_marks;
    uint32_t *hl; /* find's hits: n_hl ranges, 2 offsets each */
    size_t n_hl, hl_current;

    int notices_h;                      /* the UI's notice band the pages are laid out under */
    unsigned long notice_drawn;         /* sah_ui_notice_serial() of the frames */
    frame_t frames[3];                  /* PREV, CUR, NEXT */
    ahead_t ahead;                      /* a neighbour's frame under way */
    uint64_t serial;                    /* bumped whenever frames[CUR] shows something new */
    sah_reader_identity_fn on_identity; /* nullable */
    void *on_identity_user;

    /* An article opened by its head (sah_reader_open_head()): the whole
     * file until its parse starts, then the parse on its worker. */
    sah_article_rest_t *rest;
    sah_bgparse_t *bg;
    void (*wake)(void *user); /* nullable */
    void *wake_user;
};

double sah_reader_font_px(int step)
{
    step = step < 0 ? 0 : step >= SAH_READER_FONT_STEPS ? SAH_READER_FONT_STEPS - 1 : step;
    return font_px[step];
}

double sah_reader_spacing(int step)
{
    step = step < 0 ? 0 : step >= SAH_READER_SPACING_STEPS ? SAH_READER_SPACING_STEPS - 1 : step;
    return spacings[step];
}

static int nearest(const double *v, int n, double x)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabs(v[i] - x) < fabs(v[best] - x))
            best = i;
    return best;
}

int sah_reader_font_step_for(double px)
{
    return nearest(font_px, SAH_READER_FONT_STEPS, px);
}

int sah_reader_spacing_step_for(double s)
{
    return nearest(spacings, SAH_READER_SPACING_STEPS, s);
}

const sah_theme_t *sah_reader_theme(sah_theme_id_t id)
{
    return id == SAH_THEME_NIGHT   ? &sah_theme_night
           : id == SAH_THEME_SEPIA ? &sah_theme_sepia
                                   : &sah_theme_day;
}

static void clamp_settings(sah_reader_settings_t *s)
{
    s->font_step = s->font_step < 0                        ? 0
                   : s->font_step >= SAH_READER_FONT_STEPS ? SAH_READER_FONT_STEPS - 1
                                                           : s->font_step;
    s->spacing_step = s->spacing_step < 0                           ? 0
                      : s->spacing_step >= SAH_READER_SPACING_STEPS ? SAH_READER_SPACING_STEPS - 1
                                                                    : s->spacing_step;
    if (s->theme < 0 || s->theme >= SAH_THEME_COUNT)
        s->theme = SAH_THEME_DAY;
    if (s->digits != SAH_DIGITS_ARABIC && s->digits != SAH_DIGITS_WESTERN)
        s->digits = SAH_DIGITS_AS_WRITTEN;
    if (s->kashida != SAH_KASHIDA_OFF && s->kashida != SAH_KASHIDA_STRONG)
        s->kashida = SAH_KASHIDA_MODERATE;
}

/* ---- geometry ----------------------------------------------------------- */

static int bar_height(const sah_reader_t *r)
{
    return sah_ui_px(r->ui, 30);
}

/* The page's geometry for the current screen, settings and article. */
static void geometry(const sah_reader_t *r, sah_geometry_t *g)
{
    double scale = sah_ui_scale_for(r->width, r->height);
    sah_geometry_default(g);
    g->width = r->width;
    g->height = r->height - bar_height(r) - r->notices_h;
    g->margin = (int)lround(24 * scale);
    g->px = font_px[r->set.font_step] * scale;
    /* CSS-style pitch (px x spacing): Naskh's own ascent + descent is
     * already near 1.9 em, and a factor of that would double-space. */
    g->line_height = spacings[r->set.spacing_step];
    g->abs_line_height = true;
    /* Each block brings its own direction (blocks_of()); this is the
     * article's, for text the pager is given without blocks. */
    g->dir = r->rtl ? SAH_DIR_RTL : SAH_DIR_LTR;
    g->para_gap = g->px * 0.35;
    g->roles[SAH_ROLE_BODY].align = r->set.justify ? SAH_ALIGN_JUSTIFY : SAH_ALIGN_START;
    g->kashida = r->set.kashida;
    g->digits = r->set.digits;
    /* The page furniture scales with the body size. */
    g->roles[SAH_ROLE_HEADLINE].space_after = g->px * 0.6;
    g->roles[SAH_ROLE_HEADING].space_before = g->px * 0.6;
}

void sah_reader_geometry(const sah_reader_t *r, sah_geometry_t *g)
{
    geometry(r, g);
}

sah_page_t *sah_reader_layout_page(sah_reader_t *r, size_t index)
{
    return r->pager ? sah_pager_page(r->pager, index) : NULL;
}

/* ---- lifecycle ---------------------------------------------------------- */

/* Drops the frame under way (its page refers to the pager's fonts). */
static void drop_ahead(sah_reader_t *r)
{
    sah_page_free(r->ahead.pg);
    r->ahead = (ahead_t){0};
}

static void invalidate(sah_reader_t *r)
{
    for (int i = 0; i < 3; i++)
        r->frames[i].valid = false;
    drop_ahead(r);
    r->stale = false;
}

static bool alloc_frames(sah_reader_t *r, int w, int h)
{
    sah_pagebuf_t *b[3] = {0};
    for (int i = 0; i < 3; i++)
        if (!(b[i] = sah_pagebuf_new(SAH_PIXFMT_ARGB32, w, h))) {
            for (int k = 0; k < i; k++)
                sah_pagebuf_free(b[k]);
            return false;
        }
    for (int i = 0; i < 3; i++) {
        sah_pagebuf_free(r->frames[i].buf);
        r->frames[i] = (frame_t){.buf = b[i]};
    }
    return true;
}

/* A screen the reader can draw for: room for a page, at most
 * SAH_READER_MAX_PIXELS. int64_t, not long: long is 32 bits on armhf, where
 * 65536 x 65537 overflows (undefined behaviour) instead of being refused. */
static bool size_ok(int width, int height)
{
    if (width >= 64 && height >= 64 && (int64_t)width * height <= SAH_READER_MAX_PIXELS)
        return true;
    fprintf(stderr,
            "sahifa: reader: cannot use a %dx%d screen (at least 64x64, at most %ld pixels)\n",
            width, height, (long)SAH_READER_MAX_PIXELS);
    return false;
}

sah_reader_t *sah_reader_new(sah_ui_t *ui, const char *fonts, int width, int height,
                             const sah_reader_settings_t *settings)
{
    if (!size_ok(width, height))
        return NULL;
    sah_reader_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ui = ui;
    r->width = width;
    r->height = height;
    r->set = *settings;
    clamp_settings(&r->set);
    r->rtl = true;
    if (!(r->fonts = strdup(fonts ? fonts : "default")) || !alloc_frames(r, width, height) ||
        !(r->photos = sah_photos_new(SAH_PHOTOS_BUDGET))) {
        fprintf(stderr, "sahifa: reader: out of memory for a %dx%d screen\n", width, height);
        sah_reader_free(r);
        return NULL;
    }
    sah_reader_ui_digits(r, false);
    return r;
}

void sah_reader_ui_digits(sah_reader_t *r, bool reading)
{
    r->reading = reading;
    bool arabic =
        r->set.digits == SAH_DIGITS_ARABIC || (r->set.digits == SAH_DIGITS_AS_WRITTEN &&
                                               (reading && r->pager ? r->rtl : sah_ui_rtl(r->ui)));
    sah_ui_set_arabic_digits(r->ui, arabic);
}

static void close_article(sah_reader_t *r)
{
    drop_ahead(r);
    sah_bgparse_free(r->bg); /* waits for its worker */
    sah_article_rest_free(r->rest);
    r->bg = NULL;
    r->rest = NULL;
    sah_pager_free(r->pager);
    sah_text_free(r->text);
    sah_toc_free(r->toc);
    r->toc = NULL;
    sah_article_free(r->article);
    free(r->path);
    r->pager = NULL;
    r->text = NULL;
    r->article = NULL;
    r->path = NULL;
    free(r->hl); /* ranges of the text that goes */
    r->hl = NULL;
    r->n_hl = 0;
}

void sah_reader_free(sah_reader_t *r)
{
    if (!r)
        return;
    close_article(r);
    for (int i = 0; i < 3; i++)
        sah_pagebuf_free(r->frames[i].buf);
    sah_photos_free(r->photos);
    free(r->marks);
    free(r->hl);
    free(r->fonts);
    free(r);
}

/* ---- opening ------------------------------------------------------------ */

static sah_role_t role_of(sah_part_kind_t k)
{
    switch (k) {
    case SAH_PART_HEADLINE:
        return SAH_ROLE_HEADLINE;
    case SAH_PART_DECK:
        return SAH_ROLE_DECK;
    case SAH_PART_BYLINE:
    case SAH_PART_DATE:
    case SAH_PART_READING_TIME:
    case SAH_PART_SOURCE:
        return SAH_ROLE_META;
    case SAH_PART_CAPTION:
        return SAH_ROLE_CAPTION;
    case SAH_PART_FIGURE:
        return SAH_ROLE_FIGURE;
    case SAH_PART_DATELINE:
        return SAH_ROLE_DATELINE;
    case SAH_PART_HEADING:
        return SAH_ROLE_HEADING;
    case SAH_PART_QUOTE:
        return SAH_ROLE_QUOTE;
    case SAH_PART_LIST_ITEM:
        return SAH_ROLE_LIST_ITEM;
    default:
        return SAH_ROLE_BODY;
    }
}

/* The code point index of byte @b: the first code point at or after it. */
static uint32_t cp_of_byte(const sah_text_t *t, size_t n, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sah_text_offset(t, mid) < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The shown parts of @a as pager blocks, its figures with their sizes from
 * @ph. (transfer full) free() it. */
static sah_block_t *blocks_of(const sah_article_t *a, const sah_text_t *t, const sah_photos_t *ph,
                              size_t *n_out)
{
    size_t n = sah_article_n_parts(a), k = 0, len, fig = 0;
    sah_block_t *b = malloc((n ? n : 1) * sizeof *b);
    sah_text_codepoints(t, &len);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const sah_part_t *p = sah_article_part(a, i);
        if (!sah_part_kind_is_shown(p->kind) || p->end <= p->start)
            continue;
        uint32_t s = cp_of_byte(t, len, p->start), e = cp_of_byte(t, len, p->end);
        /* Every figure part is a block, so that the pager's i-th figure is
         * the article's figure i (an empty one is not shown). */
        if (e <= s && p->kind != SAH_PART_FIGURE)
            continue;
        b[k] = (sah_block_t){.span = {s, e, (uint32_t)p->start, (uint32_t)p->end},
                             .role = role_of(p->kind),
                             .dir = p->rtl ? SAH_DIR_RTL : SAH_DIR_LTR};
        if (p->kind == SAH_PART_FIGURE && ph)
            sah_photos_size(ph, fig++, &b[k].fig_w, &b[k].fig_h);
        k++;
    }
    *n_out = k;
    return b;
}

/* The code points of a line that decide its direction (UAX#9 P2-P3): a
 * line longer than this with no strong character in it takes the
 * article's. */
#define DIR_PROBE_CPS 1024

/* Every line of the text as a body block in its own direction (the
 * article's for a line with no strong character), blank lines left out:
 * the original view, chrome and front matter included. (transfer full)
 * free() it. */
static sah_block_t *original_blocks(const sah_text_t *t, bool article_rtl, size_t *n_out)
{
    size_t len, k = 0, cap = 16;
    const uint32_t *cp = sah_text_codepoints(t, &len);
    sah_block_t *b = malloc(cap * sizeof *b);
    if (!b)
        return NULL;
    for (size_t s = 0, e; s < len; s = e + 1) {
        for (e = s; e < len && cp[e] != '\n' && cp[e] != '\r'; e++)
            ;
        size_t end = e;
        while (end > s && (cp[end - 1] == ' ' || cp[end - 1] == '\t'))
            end--; /* a space at the end would be a line of its own */
        size_t i = s;
        while (i < end && (cp[i] == ' ' || cp[i] == '\t' || cp[i] == 0xFEFF))
            i++;
        if (i == end)
            continue; /* blank */
        if (k == cap) {
            sah_block_t *nb = realloc(b, 2 * cap * sizeof *b);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
            cap *= 2;
        }
        size_t probe = end - s < DIR_PROBE_CPS ? end - s : DIR_PROBE_CPS;
        int level = sah_bidi_first_strong(cp + s, probe);
        bool rtl = level < 0 ? article_rtl : level == 1;
        b[k++] = (sah_block_t){
            .span = {(uint32_t)i, (uint32_t)end, sah_text_offset(t, i), sah_text_offset(t, end)},
            .role = SAH_ROLE_BODY,
            .dir = rtl ? SAH_DIR_RTL : SAH_DIR_LTR};
    }
    *n_out = k;
    return b;
}

/* The blocks of the view that is on. (transfer full) free() it. */
static sah_block_t *view_blocks(const sah_article_t *a, const sah_text_t *t, const sah_photos_t *ph,
                                bool original, size_t *n_out)
{
    if (original)
        return original_blocks(t, strcmp(sah_article_meta(a)->dir, "ltr") != 0, n_out);
    return blocks_of(a, t, ph, n_out);
}

bool sah_reader_open(sah_reader_t *r, const char *path, uint32_t offset)
{
    sah_article_rest_t *rest;
    sah_article_t *a = sah_open_article_head(path, NULL, NULL, &rest);
    return a && sah_reader_open_head(r, a, rest, path, offset);
}

void sah_reader_on_identity(sah_reader_t *r, sah_reader_identity_fn fn, void *user)
{
    r->on_identity = fn;
    r->on_identity_user = user;
}

void sah_reader_finish_identity(sah_reader_t *r)
{
    (void)sah_reader_settle(r); /* logged */
    if (r->article)
        (void)sah_article_identity_step(r->article, SIZE_MAX);
}

/* ---- a long article opened by its head ---------------------------------- */

static bool draw_current(sah_reader_t *r);

/*
 * Makes the page holding byte @offset the current one (no frame drawn).
 * Deep in a long article that page is an anchored one (pager.h): laid out
 * from the start of the paragraph holding @offset rather than from the
 * article's start, whose pages before it would cost gigainstructions (an
 * 8 MB article 90% through: 4.7 G, seconds on a Pi 3) after every font
 * size step, view switch or open at a saved place. The place stays
 * @offset; the status bar says "…" for the page's number until the exact
 * pages, counted in sah_reader_idle() from the start, reach it, and then
 * settle() shows the exact page holding it. Turning forward continues the
 * anchored run; turning back before it lays out the paragraphs before, so
 * every page back to the first is reached.
 */
static bool move_to(sah_reader_t *r, bool anch, size_t index);
static void estimate(sah_reader_t *r);
static uint32_t start_of(sah_reader_t *r, size_t index);

static void place_at(sah_reader_t *r, uint32_t offset)
{
    size_t i;
    invalidate(r);
    r->anch = sah_pager_anchor(r->pager, offset, &i);
    r->page = i;
    if (r->anch)
        estimate(r);
}

/* Anchored pages whose place the exact pages reach now: the exact page
 * holding the place is shown (the place kept, and page numbers exact from
 * now on). True when it changed the page shown. */
static bool settle(sah_reader_t *r)
{
    if (!r->anch || !sah_pager_known_past(r->pager, r->offset))
        return false;
    uint32_t place = r->offset;
    move_to(r, false, sah_pager_page_of_offset(r->pager, place));
    r->offset = place;
    return true;
}

bool sah_reader_in_head(const sah_reader_t *r)
{
    return r->rest || r->bg;
}

/* The bytes of the head shown as they are: pages that end in its first
 * half. What follows them in the head decides their lines' roles too
 * (repeats, headings, the list of other stories at the end), and a head
 * cut mid-paragraph lays that paragraph out otherwise. */
static uint32_t head_trusted(const sah_reader_t *r)
{
    return (uint32_t)(sah_text_byte_length(r->text) / 2);
}

/* Whether page @index is not the head's to show. */
static bool past_head(sah_reader_t *r, size_t index)
{
    return sah_reader_in_head(r) && start_of(r, index + 1) > head_trusted(r);
}

/* What the swap needs besides the article and its text, built on the
 * worker (bgparse.h) because it grows with the article: the article
 * view's blocks (the photos' sizes are the main thread's: filled at the
 * swap) and the contents. */
typedef struct {
    sah_block_t *blocks; /* NULL once the pager took them */
    size_t n_blocks;
    size_t *figs; /* the figure blocks' indices, so that the swap looks at them alone */
    size_t n_figs;
    sah_toc_t *toc; /* nullable: without it the article still reads */
} whole_view_t;

static void whole_view_free(void *data)
{
    whole_view_t *v = data;
    if (v) {
        free(v->blocks);
        free(v->figs);
        sah_toc_free(v->toc);
        free(v);
    }
}

/* Reads only @a and @t: safe on the worker. */
static void *whole_view(const sah_article_t *a, const sah_text_t *t)
{
    whole_view_t *v = calloc(1, sizeof *v);
    if (!v || !(v->blocks = blocks_of(a, t, NULL, &v->n_blocks))) {
        free(v);
        return NULL;
    }
    size_t cap = 0;
    for (size_t i = 0; i < v->n_blocks; i++) {
        if (v->blocks[i].role != SAH_ROLE_FIGURE)
            continue;
        if (!sah_grow((void **)&v->figs, &cap, v->n_figs + 1, sizeof *v->figs)) {
            whole_view_free(v);
            return NULL;
        }
        v->figs[v->n_figs++] = i;
    }
    v->toc = sah_toc_from_article(a);
    return v;
}

/* The article of @rest parsed now, on this thread. */
static sah_article_t *parse_now(sah_article_rest_t *rest, sah_text_t **t, void **view)
{
    sah_article_t *a = sah_article_rest_parse(rest, NULL);
    size_t len;
    const char *bytes = a ? sah_article_text(a, &len) : NULL;
    *t = bytes ? sah_text_new(bytes, len) : NULL;
    *view = *t ? whole_view(a, *t) : NULL;
    if (a && !*view) {
        sah_text_free(*t);
        sah_article_free(a);
        *t = NULL;
        a = NULL;
    }
    sah_article_rest_free(rest);
    return a;
}

/* Puts the whole article @a (transfer full; NULL: its parse failed) with
 * its text @t and @view (transfer full) in place of the head, the place
 * kept: a byte of both. The pages are found again (the head's may end
 * otherwise near its cut) and the current one drawn again, its status bar
 * now the whole article's. */
static bool swap_whole(sah_reader_t *r, sah_article_t *a, sah_text_t *t, whole_view_t *v)
{
    bool photos = a && sah_photos_set_article(r->photos, a, r->path);
    for (size_t k = 0; photos && k < v->n_figs; k++) {
        sah_block_t *b = &v->blocks[v->figs[k]];
        sah_photos_size(r->photos, k, &b->fig_w, &b->fig_h);
    }
    drop_ahead(r);
    sah_block_t *blocks = photos ? v->blocks : NULL;
    if (blocks)
        v->blocks = NULL; /* the pager's, even when it fails */
    if (!blocks || !sah_pager_take_text(r->pager, t, blocks, v->n_blocks)) {
        if (a) /* else the parse logged why */
            fprintf(stderr, "sahifa: %s: out of memory reading the whole article\n", r->path);
        whole_view_free(v);
        sah_article_free(a);
        sah_text_free(t);
        bool back = sah_photos_set_article(r->photos, r->article, r->path); /* logged */
        (void)back;
        return false;
    }
    sah_text_free(r->text);
    sah_article_free(r->article);
    sah_toc_free(r->toc);
    r->text = t;
    r->article = a;
    r->toc = v->toc;
    v->toc = NULL;
    whole_view_free(v);
    bool rtl = strcmp(sah_article_meta(a)->dir, "ltr") != 0;
    if (rtl != r->rtl) {
        r->rtl = rtl;
        sah_geometry_t g;
        geometry(r, &g);
        drop_ahead(r);
        bool set = sah_pager_set_geometry(r->pager, &g); /* logged; the old one stays */
        (void)set;
        sah_reader_ui_digits(r, r->reading);
    }
    place_at(r, r->offset);
    draw_current(r);
    if (r->on_identity)
        r->on_identity(r->on_identity_user); /* last: it may move @r */
    return true;
}

bool sah_reader_settle(sah_reader_t *r)
{
    sah_text_t *t = NULL;
    void *view = NULL;
    sah_article_t *a;
    if (r->rest) {
        a = parse_now(r->rest, &t, &view);
        r->rest = NULL;
    } else if (r->bg) {
        a = sah_bgparse_take(r->bg, &t, &view);
        sah_bgparse_free(r->bg);
        r->bg = NULL;
    } else {
        return true;
    }
    return swap_whole(r, a, t, view);
}

/* Starts the worker on r->rest; without a thread the head stays (the
 * article reads, its pages are the head's). */
static void start_whole(sah_reader_t *r)
{
    sah_article_rest_t *rest = r->rest;
    r->rest = NULL;
    if (!(r->bg = sah_bgparse_start(rest, whole_view, whole_view_free, r->wake, r->wake_user)))
        fprintf(stderr, "sahifa: %s: no thread to read the whole article\n", r->path);
}

void sah_reader_wait_whole(sah_reader_t *r)
{
    if (r->rest)
        start_whole(r);
    if (r->bg)
        sah_bgparse_wait(r->bg);
}

void sah_reader_on_wake(sah_reader_t *r, void (*fn)(void *user), void *user)
{
    if (r->bg)
        (void)sah_reader_settle(r); /* logged */
    r->wake = fn;
    r->wake_user = user;
}

bool sah_reader_open_head(sah_reader_t *r, sah_article_t *a, sah_article_rest_t *rest,
                          const char *path, uint32_t offset)
{
    if (!rest)
        return sah_reader_open_article(r, a, path, offset);
    /* A place past what the head shows: the whole article at once. */
    size_t len;
    (void)sah_article_text(a, &len);
    if (offset >= len / 2) {
        sah_article_free(a);
        a = sah_article_rest_parse(rest, NULL);
        sah_article_rest_free(rest);
        return a && sah_reader_open_article(r, a, path, offset);
    }
    if (!sah_reader_open_article(r, a, path, offset)) {
        sah_article_rest_free(rest);
        return false;
    }
    r->rest = rest;
    /* A page that ends past what the head is trusted for (a large window
     * in a small font): the whole article now, not the head's page. */
    if (r->pg_end > head_trusted(r))
        (void)sah_reader_settle(r); /* logged; the head's page stays */
    return true;
}

bool sah_reader_open_article(sah_reader_t *r, sah_article_t *a, const char *path, uint32_t offset)
{
    size_t len, n_blocks = 0;
    const char *bytes = sah_article_text(a, &len);
    sah_text_t *t = sah_text_new(bytes, len);
    /* The photos' sizes first: the pager places them. */
    bool photos = sah_photos_set_article(r->photos, a, path);
    sah_block_t *blocks = t && photos ? view_blocks(a, t, r->photos, false, &n_blocks) : NULL;
    char *p = strdup(path ? path : "");
    sah_pager_t *pager = NULL;
    bool rtl_was = r->rtl;
    if (!t || !blocks || !p) {
        fprintf(stderr, "sahifa: %s: out of memory opening the article\n", path);
        goto fail;
    }
    r->rtl = strcmp(sah_article_meta(a)->dir, "ltr") != 0;
    r->notices_h = sah_ui_notices_height(r->ui);
    sah_geometry_t g;
    geometry(r, &g);
    pager = sah_pager_new(t, blocks, n_blocks, r->fonts, &g);
    if (!pager) {
        fprintf(stderr, "sahifa: %s: cannot lay out the article with fonts \"%s\" (see above)\n",
                path, r->fonts);
        goto fail;
    }
    free(blocks);
    close_article(r);
    /* Without its contents (out of memory) the article still reads; the
     * status bar names it by its title then. */
    r->toc = sah_toc_from_article(a);
    r->article = a;
    r->text = t;
    r->pager = pager;
    r->path = p;
    r->original = false;
    r->n_marks = 0;
    r->offset = offset;
    place_at(r, offset);
    sah_reader_ui_digits(r, true);
    return draw_current(r);
fail:
    r->rtl = rtl_was;
    /* The photos of the article still open (their sizes were read once
     * already; a photo that cannot be shown is logged again). Out of
     * memory (logged), its photos are placeholders. */
    bool photos_back = sah_photos_set_article(r->photos, r->article, r->path);
    (void)photos_back;
    sah_pager_free(pager);
    free(blocks);
    free(p);
    sah_text_free(t);
    sah_article_free(a);
    return false;
}

const sah_toc_t *sah_reader_toc(const sah_reader_t *r)
{
    return r->toc;
}

bool sah_reader_has_article(const sah_reader_t *r)
{
    return r->pager != NULL;
}

const sah_article_t *sah_reader_article(const sah_reader_t *r)
{
    return r->article;
}

const char *sah_reader_path(const sah_reader_t *r)
{
    return r->path;
}

bool sah_reader_rtl(const sah_reader_t *r)
{
    return r->rtl;
}

bool sah_reader_original(const sah_reader_t *r)
{
    return r->original;
}

bool sah_reader_set_original(sah_reader_t *r, bool on)
{
    if (!r->pager || on == r->original)
        return r->pager != NULL;
    (void)sah_reader_settle(r); /* every line of the file: logged */
    size_t n = 0;
    sah_block_t *b = view_blocks(r->article, r->text, r->photos, on, &n);
    drop_ahead(r);
    if (!b || !sah_pager_set_text(r->pager, r->text, b, n)) {
        free(b);
        fprintf(stderr, "sahifa: %s: out of memory switching views\n", r->path);
        return false;
    }
    free(b);
    r->original = on;
    /* The place is a byte of the file in both views: the page that holds
     * it now, as after a reflow. */
    place_at(r, r->offset);
    return draw_current(r);
}

/* ---- drawing ------------------------------------------------------------ */

static bool has_mark(const sah_reader_t *r, uint32_t start, uint32_t end, uint32_t *at)
{
    for (size_t i = 0; i < r->n_marks; i++)
        if (r->marks[i] >= start && r->marks[i] < end) {
            if (at)
                *at = r->marks[i];
            return true;
        }
    return false;
}

static size_t text_len(const sah_reader_t *r)
{
    /* A head's places range over the whole file (article.h). */
    size_t n = sah_article_is_head(r->article) ? sah_article_source_length(r->article)
                                               : sah_text_byte_length(r->text);
    return n ? n : 1;
}

/* Bytes of the title the status bar lays out: more than its width can show
 * at any size. The title can be an article's whole first line (up to the
 * 8 MiB limit), which would be laid out whole to cut one line of it. */
#define TITLE_SHOWN 2048

/* The start of @title (nullable) in @buf (TITLE_SHOWN bytes), cut at a
 * character boundary. */
static const char *title_start(const char *title, char *buf)
{
    size_t n = title ? strnlen(title, TITLE_SHOWN) : 0;
    if (n == TITLE_SHOWN) /* cut before the last lead byte */
        while (--n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80)
            ;
    if (n)
        memcpy(buf, title, n);
    buf[n] = 0;
    return buf;
}

/* The status bar's glyphs rendered ahead (draw_status() with one): its
 * texts one after the other, at most @max new glyphs a call. */
typedef struct {
    int text;    /* the text being warmed: those before it are */
    size_t done; /* its glyphs looked at */
    size_t max;
    bool stop; /* @max reached: the texts after it wait */
} status_warm_t;

/* Text @k of the status bar: drawn, or with @w its glyphs rendered. */
static int status_text(sah_reader_t *r, sah_pagebuf_t *buf, status_warm_t *w, int k, const char *s,
                       int x, int base, int width, sah_ui_align_t align)
{
    if (!w)
        return sah_ui_text(r->ui, buf, SAH_UI_SMALL, s, x, base, width, align);
    size_t past = SIZE_MAX; /* only its width */
    bool now = k == w->text && !w->stop, complete;
    int tw = sah_ui_text_warm(r->ui, SAH_UI_SMALL, s, x, width, align, now ? &w->done : &past,
                              now ? w->max : 0, &complete);
    if (now && complete) {
        w->text++;
        w->done = 0;
    } else if (now) {
        w->stop = true;
    }
    return tw;
}

/* The status bar along the bottom: progress line, title at the UI's start
 * edge, "page X of Y · N% · M min left" at the other. With @w (nullable)
 * nothing is drawn: its glyphs are rendered (status_warm_t). */
static bool draw_status(sah_reader_t *r, sah_pagebuf_t *buf, size_t page, uint32_t start,
                        uint32_t end, status_warm_t *w)
{
    sah_ui_t *ui = r->ui;
    int W = r->width, H = r->height, bh = bar_height(r), pad = sah_ui_px(ui, 12);
    int top = H - bh;
    bool complete;
    size_t known = sah_pager_count_known(r->pager, &complete);
    complete = complete && !sah_reader_in_head(r); /* the head's pages are not all */
    double frac_end = (double)end / (double)text_len(r);
    const sah_article_meta_t *m = sah_article_meta(r->article);
    char n1[32], n2[32], n3[32], pages[96], pct[48], left[64], info[256];
    bool ok = true;

    /* The progress line: read part from the article's start edge. */
    int pw = (int)lround(W * frac_end), lh = sah_ui_px(ui, 3);
    if (pw > 0 && !w)
        ok &= sah_ui_rect(ui, buf, r->rtl ? W - pw : 0, top, pw, lh);

    if (r->anch) /* its number is not known yet (place_at()) */
        snprintf(n1, sizeof n1, "\xE2\x80\xA6");
    else
        sah_ui_number(ui, (long)page + 1, n1, sizeof n1);
    if (complete)
        sah_ui_number(ui, (long)known, n2, sizeof n2);
    else
        snprintf(n2, sizeof n2, "\xE2\x80\xA6"); /* "…" until the count is known */
    sah_ui_format(pages, sizeof pages, sah_ui_str(ui, "page_of"), n1, n2, NULL);
    sah_ui_number(ui, lround(frac_end * 100), n3, sizeof n3);
    sah_ui_format(pct, sizeof pct, sah_ui_str(ui, "percent"), n3, NULL, NULL);
    double frac_start = (double)start / (double)text_len(r);
    long mins = end >= text_len(r) ? 0 : lround(ceil(m->minutes * (1 - frac_start)));
    sah_ui_number(ui, mins, n3, sizeof n3);
    sah_ui_format(left, sizeof left, sah_ui_plural(ui, "minutes_left", mins), n3, NULL, NULL);
    const char *fields[] = {pages, pct, left};
    sah_uitext_join(info, sizeof info, fields, 3);

    int base = top + (bh + sah_ui_ascent(ui, SAH_UI_SMALL)) / 2 - sah_ui_px(ui, 2);
    int iw = status_text(r, buf, w, 0, info, pad, base, W - 2 * pad, SAH_UI_END);
    if (iw < 0)
        return false;
    /* The title takes what is left at the start edge (right in Arabic). */
    int gap = sah_ui_px(ui, 24), tw = W - 2 * pad - iw - gap;
    int tx = sah_ui_rtl(ui) ? pad + iw + gap : pad;
    if (tw > sah_ui_px(ui, 40)) {
        char title[TITLE_SHOWN], shown[TITLE_SHOWN + 256];
        /* The section the page starts in names it; the article's title
         * (whole, as the library shows it) before the first heading. */
        const sah_toc_entry_t *sec = sah_toc_entry(r->toc, (size_t)sah_toc_at(r->toc, start));
        const char *t = title_start(sec && sec->level > 0 ? sec->title : m->title, title);
        /* The title isolated, a field of the UI's line at its start edge:
         * one in the other direction keeps its own order (an Arabic
         * title's opening quote at its right in the English UI). Which view
         * is on comes first. */
        const char *head[] = {r->original ? sah_ui_str(ui, "original_on") : NULL, t};
        sah_uitext_join(shown, sizeof shown, head, 2);
        ok &= status_text(r, buf, w, 1, shown, tx, base, tw, SAH_UI_START) >= 0;
    }
    return ok;
}

/* Draws the photos of @pg into @f: those decoded already, placeholders for
 * the others, which sah_reader_idle() decodes later (a page turn never
 * waits for a decode). */
static void draw_photos(sah_reader_t *r, frame_t *f, const sah_page_t *pg)
{
    f->n_pend = 0;
    for (size_t i = 0; i < sah_page_n_figures(pg); i++) {
        const sah_page_figure_t *fg = sah_page_figure(pg, i);
        pending_t p = {fg->figure, fg->x, fg->y + r->notices_h, fg->w, fg->h};
        if (sah_photos_draw(r->photos, r->ui, f->buf, p.fig, p.x, p.y, p.w, p.h))
            continue;
        if (f->n_pend < FRAME_PENDING && !r->wait_photos) {
            f->pend[f->n_pend++] = p;
        } else if (sah_photos_decode(r->photos, p.fig, p.w, p.h, sah_pagebuf_format(f->buf))) {
            (void)sah_photos_draw(r->photos, r->ui, f->buf, p.fig, p.x, p.y, p.w, p.h);
        }
    }
}

/* Coverage under a hit: the text stays dark on it (coverage adds). */
#define HIT_SHADE     60
#define CURRENT_SHADE 110

/* Find's hits on @pg: a light box under each, the current one darker with
 * a rule under it. */
static void draw_highlights(sah_reader_t *r, sah_pagebuf_t *buf, const sah_page_t *pg)
{
    uint32_t s = sah_page_byte_start(pg), e = sah_page_byte_end(pg);
    size_t lo = 0, hi = r->n_hl;
    while (lo < hi) { /* the first hit that ends after the page starts */
        size_t mid = (lo + hi) / 2;
        if (r->hl[2 * mid + 1] <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < r->n_hl && r->hl[2 * i] < e; i++) {
        sah_page_box_t b[16];
        size_t n = sah_page_range_boxes(pg, r->hl[2 * i], r->hl[2 * i + 1], b, 16);
        bool cur = i == r->hl_current;
        for (size_t k = 0; k < n && k < 16; k++) {
            int y = b[k].y + r->notices_h;
            sah_pagebuf_fill_rect(buf, b[k].x, y, b[k].w, b[k].h, cur ? CURRENT_SHADE : HIT_SHADE);
            if (cur)
                sah_pagebuf_fill_rect(buf, b[k].x, y + b[k].h, b[k].w, sah_ui_px(r->ui, 3), 255);
        }
    }
}

/* Decodes the first photo @f waits for and draws it in. False when it
 * waits for none. */
static bool photo_step(sah_reader_t *r, frame_t *f)
{
    if (!f->valid || !f->n_pend)
        return false;
    pending_t p = f->pend[0];
    memmove(f->pend, f->pend + 1, --f->n_pend * sizeof *f->pend);
    /* A photo that cannot be shown keeps the placeholder drawn already. */
    if (sah_photos_decode(r->photos, p.fig, p.w, p.h, sah_pagebuf_format(f->buf))) {
        (void)sah_photos_draw(r->photos, r->ui, f->buf, p.fig, p.x, p.y, p.w, p.h);
        if (f == &r->frames[CUR])
            r->serial++;
    }
    return true;
}

/* The first part of drawing page @pg into @f: cleared, the UI's notices
 * (ui.h) across the top, the status bar along the bottom. */
static bool frame_base(sah_reader_t *r, frame_t *f, const sah_page_t *pg, size_t index)
{
    f->valid = false;
    if (!sah_pagebuf_set_theme(f->buf, sah_reader_theme(r->set.theme)))
        return false;
    sah_pagebuf_clear(f->buf);
    bool ok = sah_ui_draw_notices(r->ui, f->buf);
    ok &= draw_status(r, f->buf, index, sah_page_byte_start(pg), sah_page_byte_end(pg), NULL);
    /* A glyph that failed was logged; the rest of the page is worth showing. */
    (void)ok;
    return true;
}

/* The rest, on what frame_base() drew (the two do not overlap, and
 * coverage adds: the order does not change a pixel): the page under the
 * notices, its photos, find's hits, the bookmark's ribbon. The frame is
 * shown from now on. */
static void frame_page(sah_reader_t *r, frame_t *f, const sah_page_t *pg, size_t index)
{
    bool ok = sah_page_draw(pg, f->buf, sah_ui_glyphcache(r->ui), 0, r->notices_h);
    draw_photos(r, f, pg);
    draw_highlights(r, f->buf, pg);
    if (has_mark(r, sah_page_byte_start(pg), sah_page_byte_end(pg), NULL)) {
        /* A ribbon in the top margin at the page's outer corner (the end
         * edge: left in RTL), clear of the headline's start. */
        int rw = sah_ui_px(r->ui, 12), rh = sah_ui_px(r->ui, 22), m = sah_ui_px(r->ui, 8);
        ok &= sah_ui_rect(r->ui, f->buf, r->rtl ? m : r->width - m - rw, r->notices_h, rw, rh);
    }
    f->page = index;
    f->valid = true;
    if (f == &r->frames[CUR])
        r->serial++;
    (void)ok; /* logged, as in frame_base() */
}

static sah_page_t *layout_page(sah_reader_t *r, size_t index, bool anch)
{
    return anch ? sah_pager_anchor_page(r->pager, index) : sah_pager_page(r->pager, index);
}

/* Draws page @index with its status bar into @f at once. */
static bool draw_frame(sah_reader_t *r, frame_t *f, size_t index)
{
    sah_page_t *pg;
    if (r->ahead.started && r->ahead.page == index && r->ahead.anch == r->anch) {
        /* The page under way, laid out already; glyphs not rendered yet
         * are rendered now, as any page drawn at once. */
        pg = r->ahead.pg ? r->ahead.pg : layout_page(r, index, r->anch);
        r->ahead.pg = NULL;
        drop_ahead(r);
    } else {
        pg = layout_page(r, index, r->anch);
    }
    f->valid = false;
    if (!pg) {
        fprintf(stderr, "sahifa: %s: cannot lay out page %zu\n", r->path, index + 1);
        return false;
    }
    bool ok = frame_base(r, f, pg, index);
    if (ok)
        frame_page(r, f, pg, index);
    sah_page_free(pg);
    return ok;
}

/* One step of drawing page @index (of the anchored pages with @anch)
 * into @f ahead (ahead_t): a paragraph laid out, or the page, or
 * IDLE_GLYPHS new glyphs rendered, or the frame's background written, or
 * its status bar drawn, or its page. With @f NULL, up to its glyphs
 * rendered (a page about to be drawn at once: settle_step()). */
static void ahead_step(sah_reader_t *r, frame_t *f, size_t index, bool anch)
{
    ahead_t *a = &r->ahead;
    const sah_pagebuf_t *buf = f ? f->buf : NULL;
    if (a->started && (a->page != index || a->anch != anch || a->buf != buf))
        drop_ahead(r); /* a turn: another neighbour is missing now */
    if (!a->started)
        *a = (ahead_t){.page = index, .anch = anch, .buf = buf, .started = true};
    if (!a->pg) {
        bool more =
            a->prepares++ < AHEAD_PREPARES && (anch ? sah_pager_anchor_page_prepare(r->pager, index)
                                                    : sah_pager_page_prepare(r->pager, index));
        if (!more && !(a->pg = layout_page(r, index, anch)) && f)
            draw_frame(r, f, index); /* logs why */
        return;
    }
    if (!a->ready) {
        a->ready = sah_page_prerender(a->pg, sah_ui_glyphcache(r->ui), &a->done, IDLE_GLYPHS);
        return;
    }
    if (!f)
        return;
    if (a->status < 2) {
        /* The status bar's glyphs too (the UI's: all new after a font size
         * step; new phases where its texts move). They are laid out again
         * each step: they are short. */
        status_warm_t w = {a->status, a->status_done, IDLE_GLYPHS, false};
        (void)draw_status(r, f->buf, index, sah_page_byte_start(a->pg), sah_page_byte_end(a->pg),
                          &w);
        a->status = w.stop ? w.text : 2;
        a->status_done = w.done;
        return;
    }
    if (!a->filled) {
        /* A new buffer's background (1.5 M instructions at 800x480) is
         * written when its first pixel is (raster.h): in a step of its
         * own, not on top of a draw. */
        (void)sah_pagebuf_argb(f->buf, NULL);
        a->filled = true;
        return;
    }
    if (!a->based) {
        /* The status bar's glyphs are the UI's, rendered as it is drawn
         * (after a font size step, anew: the cache was cleared). */
        a->based = frame_base(r, f, a->pg, index);
        if (!a->based)
            drop_ahead(r); /* logged; started again next step */
        return;
    }
    frame_page(r, f, a->pg, index);
    drop_ahead(r);
}

/* Where page @index of the pages shown starts (exact or anchored). */
static uint32_t start_of(sah_reader_t *r, size_t index)
{
    return r->anch ? sah_pager_anchor_page_start(r->pager, index)
                   : sah_pager_page_start(r->pager, index);
}

static void update_bytes(sah_reader_t *r)
{
    r->pg_start = start_of(r, r->page);
    uint32_t next = start_of(r, r->page + 1);
    r->pg_end = next == UINT32_MAX ? (uint32_t)sah_text_byte_length(r->text) : next;
}

/* The number of the anchored run's first page, estimated for
 * sah_reader_page() (the status bar says "…"): the exact pages found
 * before it, and the bytes from the last of them at their mean page's
 * length (the run's own pages' before there is a mean). Kept for the run,
 * so that a turn moves it by one. */
static void estimate(sah_reader_t *r)
{
    bool complete;
    size_t n = sah_pager_count_known(r->pager, &complete);
    uint32_t last = sah_pager_page_start(r->pager, n - 1); /* known: no layout */
    uint32_t first = sah_pager_anchor_page_start(r->pager, 0);
    uint32_t upto = sah_pager_anchor_page_start(r->pager, r->page + 1);
    if (first == UINT32_MAX || first <= last) {
        r->est = first == UINT32_MAX ? 0 : sah_pager_page_of_offset(r->pager, first);
        return;
    }
    if (upto == UINT32_MAX)
        upto = (uint32_t)sah_text_byte_length(r->text);
    double per =
        n > 2 ? (double)last / (double)(n - 1) : (double)(upto - first) / (double)(r->page + 1);
    r->est = n - 1 + (size_t)lround((double)(first - last) / fmax(per, 1));
}

static bool draw_current(sah_reader_t *r)
{
    update_bytes(r);
    if (r->frames[CUR].valid && r->frames[CUR].page == r->page)
        return true;
    return draw_frame(r, &r->frames[CUR], r->page);
}

static bool reflow(sah_reader_t *r);

const sah_pagebuf_t *sah_reader_frame(sah_reader_t *r)
{
    if (!r->pager)
        return NULL;
    /* The notice band changed since the frames were drawn: draw them
     * again, and when its height changed lay the pages out under it (a
     * failed reflow, logged, keeps the old pages, which the band covers). */
    if (r->notice_drawn != sah_ui_notice_serial(r->ui)) {
        r->notice_drawn = sah_ui_notice_serial(r->ui);
        if (sah_ui_notices_height(r->ui) != r->notices_h)
            (void)reflow(r);
        invalidate(r);
    }
    if (!r->frames[CUR].valid && !draw_current(r))
        return NULL;
    while (r->wait_photos && photo_step(r, &r->frames[CUR]))
        ;
    return r->frames[CUR].buf;
}

/* ---- moving ------------------------------------------------------------- */

/* Makes @index the current page, of the anchored run with @anch (else an
 * exact page), using a ready neighbour frame if there is one (a swap,
 * nothing drawn). */
static bool move_to(sah_reader_t *r, bool anch, size_t index)
{
    if (anch != r->anch) { /* other pages: no frame drawn is of them */
        if (!anch)
            sah_pager_unanchor(r->pager);
        r->anch = anch;
        for (int i = 0; i < 3; i++)
            r->frames[i].valid = false;
        if (r->ahead.anch != anch) /* the exact page settle_step() laid out stays */
            drop_ahead(r);
        r->page = SIZE_MAX;
    }
    if (index == r->page)
        return false;
    frame_t *f = r->frames;
    if (f[NEXT].valid && f[NEXT].page == index) {
        frame_t old = f[PREV];
        f[PREV] = f[CUR];
        f[CUR] = f[NEXT];
        f[NEXT] = old;
        f[NEXT].valid = false;
    } else if (f[PREV].valid && f[PREV].page == index) {
        frame_t old = f[NEXT];
        f[NEXT] = f[CUR];
        f[CUR] = f[PREV];
        f[PREV] = old;
        f[PREV].valid = false;
    } else {
        f[CUR].valid = false;
        /* Neighbours of the old page may still be neighbours of the new. */
        if (f[NEXT].valid && f[NEXT].page != index + 1)
            f[NEXT].valid = false;
        if (f[PREV].valid && f[PREV].page + 1 != index)
            f[PREV].valid = false;
    }
    r->page = index;
    r->serial++;
    r->stale = false; /* drawn now, or a neighbour drawn after the count */
    draw_current(r);
    r->offset = r->pg_start;
    return true;
}

/* Before the first anchored page: the pages of the text before it
 * (pager.h); the frames drawn keep their pages, which move up by as many.
 * With @relayout, a run that starts inside a long line may be laid out
 * again from earlier (its pages break elsewhere then: not while the reader
 * looks at one of them); the current page is then the one after the page
 * that holds the byte before it, the page a turn back goes to. */
static bool anchor_back(sah_reader_t *r, bool relayout)
{
    size_t moved;
    uint32_t before = r->pg_start - 1;
    if ((!relayout && sah_pager_anchor_loose(r->pager)) || !sah_pager_anchor_back(r->pager, &moved))
        return false;
    if (moved == SIZE_MAX) {
        invalidate(r);
        r->page = sah_pager_anchor_page_of_offset(r->pager, before) + 1;
        estimate(r);
        return true;
    }
    r->est = r->est > moved ? r->est - moved : 0;
    r->page += moved;
    for (int i = 0; i < 3; i++)
        r->frames[i].page += moved;
    r->ahead.page += moved;
    return true;
}

/* A turn from an anchored page once the exact pages reach it: to the
 * exact page holding the byte the turn would show first (the next page's
 * start, or the last byte before this page), so that no line is skipped
 * where the two runs break differently. */
static bool turn_to_exact(sah_reader_t *r, sah_action_t act)
{
    uint32_t to = act == SAH_ACT_NEXT ? r->pg_end : r->pg_start - 1;
    return move_to(r, false, sah_pager_page_of_offset(r->pager, to));
}

bool sah_reader_turn(sah_reader_t *r, sah_action_t act)
{
    if (!r->pager)
        return false;
    if (act == SAH_ACT_NEXT && past_head(r, r->page + 1))
        (void)sah_reader_settle(r); /* logged; the head's pages stay */
    bool on = act == SAH_ACT_NEXT ? r->pg_end < sah_text_byte_length(r->text)
                                  : act == SAH_ACT_PREV && r->pg_start > 0;
    if (r->anch && on && sah_pager_known_past(r->pager, r->pg_end))
        return turn_to_exact(r, act);
    switch (act) {
    case SAH_ACT_NEXT:
        if (start_of(r, r->page + 1) == UINT32_MAX)
            return false;
        return move_to(r, r->anch, r->page + 1);
    case SAH_ACT_PREV:
        if (r->anch && r->page == 0)
            anchor_back(r, true); /* none before byte 0 (or out of memory) */
        return r->page > 0 && move_to(r, r->anch, r->page - 1);
    case SAH_ACT_HOME:
        return move_to(r, false, 0);
    case SAH_ACT_END:
        return move_to(r, false, sah_reader_page_count(r) - 1);
    default:
        return false;
    }
}

bool sah_reader_goto(sah_reader_t *r, size_t index)
{
    if (!r->pager)
        return false;
    size_t n = sah_reader_page_count(r);
    return move_to(r, false, index < n ? index : n - 1);
}

bool sah_reader_goto_offset(sah_reader_t *r, uint32_t offset)
{
    if (!r->pager)
        return false;
    /* A place is a character: an offset inside a UTF-8 sequence moves back
     * to its first byte, one past the text to its last character (so a
     * bookmark made there has a snippet and a page that holds it). */
    size_t len = 0;
    if (sah_reader_in_head(r) && offset >= head_trusted(r))
        (void)sah_reader_settle(r); /* logged */
    const char *text = sah_article_text(r->article, &len);
    if (len && offset >= len)
        offset = (uint32_t)len - 1;
    while (offset > 0 && offset < len && ((unsigned char)text[offset] & 0xC0) == 0x80)
        offset--;
    size_t i;
    bool anch;
    if (r->anch && offset >= sah_pager_anchor_page_start(r->pager, 0) &&
        (offset < r->pg_start || offset - r->pg_start < SAH_PAGER_ANCHOR_MIN)) {
        /* Near the anchored pages shown (a bookmark on the next page): the
         * same run, not a new one that breaks elsewhere. */
        anch = true;
        i = sah_pager_anchor_page_of_offset(r->pager, offset);
    } else {
        anch = sah_pager_anchor(r->pager, offset, &i);
        if (anch || r->anch) { /* a new run: no frame drawn is of its pages */
            invalidate(r);
            r->anch = anch;
            r->page = i;
            if (anch)
                estimate(r);
            r->page = SIZE_MAX;
        }
    }
    bool moved = move_to(r, anch, i);
    r->offset = offset;
    return moved;
}

size_t sah_reader_page_of_offset(sah_reader_t *r, uint32_t offset)
{
    if (sah_reader_in_head(r) && offset >= head_trusted(r))
        (void)sah_reader_settle(r); /* logged */
    return r->pager ? sah_pager_page_of_offset(r->pager, offset) : 0;
}

size_t sah_reader_page(const sah_reader_t *r)
{
    return r->anch ? r->est + r->page : r->page;
}

bool sah_reader_page_exact(const sah_reader_t *r)
{
    return !r->anch;
}

uint32_t sah_reader_offset(const sah_reader_t *r)
{
    return r->offset;
}

size_t sah_reader_page_count(sah_reader_t *r)
{
    if (!r->pager)
        return 0;
    (void)sah_reader_settle(r); /* logged; the head's count then */
    bool complete;
    sah_pager_count_known(r->pager, &complete);
    size_t n = sah_pager_count(r->pager);
    if (!settle(r) && !complete) {
        /* Every status bar drawn so far says "of …": the count is known now. */
        invalidate(r);
        draw_current(r);
    }
    return n ? n : 1;
}

void sah_reader_page_bytes(const sah_reader_t *r, uint32_t *start, uint32_t *end)
{
    *start = r->pg_start;
    *end = r->pg_end;
}

double sah_reader_fraction(const sah_reader_t *r)
{
    return r->text ? (double)r->pg_end / (double)text_len(r) : 0;
}

/* ---- settings and size -------------------------------------------------- */

/* New geometry for the same place: the page that holds r->offset. */
static bool reflow(sah_reader_t *r)
{
    if (!r->pager)
        return true;
    int notices_was = r->notices_h;
    r->notices_h = sah_ui_notices_height(r->ui);
    sah_geometry_t g;
    geometry(r, &g);
    drop_ahead(r);
    if (!sah_pager_set_geometry(r->pager, &g)) {
        r->notices_h = notices_was;
        return false;
    }
    /* The pager has new fonts: glyphs of the old ones would only sit in the
     * cache until its budget pushed them out. */
    sah_glyphcache_clear(sah_ui_glyphcache(r->ui));
    place_at(r, r->offset);
    return draw_current(r);
}

bool sah_reader_set_settings(sah_reader_t *r, const sah_reader_settings_t *s_in)
{
    sah_reader_settings_t s = *s_in, old = r->set;
    clamp_settings(&s);
    bool re = s.font_step != old.font_step || s.spacing_step != old.spacing_step ||
              s.justify != old.justify || s.kashida != old.kashida || s.digits != old.digits;
    r->set = s;
    sah_reader_ui_digits(r, r->reading);
    if (re && !reflow(r)) {
        r->set = old;
        sah_reader_ui_digits(r, r->reading);
        return false;
    }
    if (!re && s.theme != old.theme) {
        /* The raster keeps coverage: a theme is a recolour, not a redraw. */
        for (int i = 0; i < 3; i++)
            if (!sah_pagebuf_set_theme(r->frames[i].buf, sah_reader_theme(s.theme)))
                r->frames[i].valid = false;
        r->serial++;
    }
    return true;
}

void sah_reader_settings(const sah_reader_t *r, sah_reader_settings_t *out)
{
    *out = r->set;
}

bool sah_reader_resize(sah_reader_t *r, int width, int height)
{
    if (width == r->width && height == r->height)
        return true;
    int ow = r->width, oh = r->height;
    if (!size_ok(width, height))
        return false;
    if (!alloc_frames(r, width, height)) {
        fprintf(stderr, "sahifa: reader: out of memory for a %dx%d screen\n", width, height);
        return false;
    }
    r->width = width;
    r->height = height;
    if (!reflow(r)) {
        r->width = ow;
        r->height = oh;
        if (alloc_frames(r, ow, oh))
            reflow(r);
        return false;
    }
    return true;
}

/* ---- bookmarks ---------------------------------------------------------- */

bool sah_reader_set_bookmarks(sah_reader_t *r, const uint32_t *offsets, size_t n)
{
    uint32_t *m = NULL;
    if (n && !(m = malloc(n * sizeof *m)))
        return false;
    if (n)
        memcpy(m, offsets, n * sizeof *m);
    free(r->marks);
    r->marks = m;
    r->n_marks = n;
    invalidate(r);
    if (r->pager)
        draw_current(r);
    return true;
}

bool sah_reader_set_highlights(sah_reader_t *r, const uint32_t *ranges, size_t n, size_t current)
{
    uint32_t *h = NULL;
    if (n && !(h = malloc(2 * n * sizeof *h)))
        return false;
    if (n)
        memcpy(h, ranges, 2 * n * sizeof *h);
    free(r->hl);
    r->hl = h;
    r->n_hl = n;
    r->hl_current = current;
    invalidate(r);
    if (r->pager)
        draw_current(r);
    return true;
}

bool sah_reader_page_bookmark(const sah_reader_t *r, uint32_t *offset)
{
    return r->pager && has_mark(r, r->pg_start, r->pg_end, offset);
}

char *sah_reader_snippet(const sah_reader_t *r, uint32_t offset, size_t max)
{
    size_t len;
    const char *t = r->article ? sah_article_text(r->article, &len) : "";
    if (!r->article)
        len = 0;
    size_t s = offset < len ? offset : len, e;
    while (s < len && ((unsigned char)t[s] & 0xC0) == 0x80)
        s++; /* an offset inside a character: start at the next one */
    e = s;
    while (e < len && t[e] != '\n' && e - s < max)
        e++;
    while (e > s && e < len && ((unsigned char)t[e] & 0xC0) == 0x80)
        e--; /* cut on a character boundary */
    char *out = malloc(e - s + 1);
    if (out) {
        memcpy(out, t + s, e - s);
        out[e - s] = 0;
    }
    return out;
}

uint64_t sah_reader_serial(const sah_reader_t *r)
{
    return r->serial;
}

/* ---- idle --------------------------------------------------------------- */

void sah_reader_set_wait_photos(sah_reader_t *r, bool on)
{
    r->wait_photos = on;
}

bool sah_reader_idle_pending(sah_reader_t *r)
{
    if (!r->pager)
        return false;
    if (r->rest || (r->bg && sah_bgparse_done(r->bg)))
        return true; /* the whole parse to start, or to swap in */
    const frame_t *f = r->frames;
    bool complete;
    sah_pager_count_known(r->pager, &complete);
    /* Whether page + 1 exists is known once page + 1 was paginated, which
     * drawing the current page's status bar (its end) has done. */
    bool has_next = start_of(r, r->page + 1) != UINT32_MAX;
    for (int i = 0; i < 3; i++)
        if (f[i].valid && f[i].n_pend)
            return true;
    if (r->stale)
        return true;
    /* A head's identity and page count are the whole article's, which
     * the worker's end brings (sah_reader_on_wake()). */
    bool head = sah_reader_in_head(r);
    if (!head && !sah_article_identity_known(r->article))
        return true;
    has_next = has_next && !past_head(r, r->page + 1);
    return (has_next && !(f[NEXT].valid && f[NEXT].page == r->page + 1)) ||
           (r->page > 0 && !(f[PREV].valid && f[PREV].page + 1 == r->page)) ||
           (!complete && !head) ||
           (r->anch && ((r->page == 0 && !sah_pager_anchor_loose(r->pager)) ||
                        sah_pager_known_past(r->pager, r->offset)));
}

/* A step of the page count: a page at a time, its paragraphs laid out
 * first one a step, so that input is read between the steps (an 8 MiB
 * article has thousands of pages; at a new size every word is shaped
 * anew). False when out of memory. */
static bool count_step(sah_reader_t *r)
{
    bool complete;
    size_t known = sah_pager_count_known(r->pager, &complete);
    if (sah_pager_prepare(r->pager))
        return true;
    /* Pages up to index known - 1 are found: IDLE_PAGES more. */
    if (!sah_pager_paginate(r->pager, known - 1 + IDLE_PAGES))
        return false;
    sah_pager_count_known(r->pager, &complete);
    /* Every status bar drawn so far says "of …": the neighbours are drawn
     * again, and the page shown, in steps (restatus_step()); anchored
     * pages: their exact page is shown next (settle_step()). */
    if (complete && !r->anch) {
        r->frames[PREV].valid = r->frames[NEXT].valid = false;
        drop_ahead(r);
        r->stale = true;
    }
    return true;
}

/* The page shown drawn again in steps (its status bar now says "of N")
 * into the next page's buffer, shown once drawn whole. False when it is
 * not stale. */
static bool restatus_step(sah_reader_t *r)
{
    frame_t *f = r->frames;
    if (!r->stale)
        return false;
    ahead_step(r, &f[NEXT], r->page, r->anch);
    if (f[NEXT].valid && f[NEXT].page == r->page) {
        frame_t old = f[CUR];
        f[CUR] = f[NEXT];
        f[NEXT] = old;
        f[NEXT].valid = false;
        r->stale = false;
        r->serial++;
    }
    return true;
}

/* Anchored pages whose place the exact pages reach now: the exact page
 * holding it laid out and its glyphs rendered in steps (ahead_step()),
 * then shown (settle(): drawn at once, every glyph cached; its lines
 * break elsewhere than the anchored page's, so most are new). False when
 * there is nothing to settle. */
static bool settle_step(sah_reader_t *r)
{
    if (!r->anch || !sah_pager_known_past(r->pager, r->offset))
        return false;
    size_t index = sah_pager_page_of_offset(r->pager, r->offset); /* known: no layout */
    const ahead_t *a = &r->ahead;
    if (a->started && !a->anch && a->page == index && a->ready && !a->buf)
        return settle(r);
    ahead_step(r, NULL, index, false);
    return true;
}

/* Anchored pages this close to the exact pages found (a font size step in
 * a short article: SAH_PAGER_ANCHOR_MIN is two pages) are counted to
 * before anything else: the exact page holding the place is shown a few
 * dozen steps later, and neighbours drawn of the anchored run would be
 * thrown away then. */
#define COUNT_FIRST ((uint32_t)16384)

static bool count_first(sah_reader_t *r)
{
    bool complete;
    size_t known = sah_pager_count_known(r->pager, &complete);
    return r->anch && !complete && !sah_reader_in_head(r) &&
           r->offset - sah_pager_page_start(r->pager, known - 1) < COUNT_FIRST;
}

bool sah_reader_idle(sah_reader_t *r)
{
    if (!r->pager)
        return false;
    frame_t *f = r->frames;
    /* The whole parse of an article opened by its head first: it runs on
     * its own core while the steps below go on here. */
    if (r->rest) {
        start_whole(r);
        return true;
    }
    if (r->bg && sah_bgparse_done(r->bg)) {
        (void)sah_reader_settle(r); /* logged */
        return true;
    }
    /* The page shown first: its photos, then the next page and its photos,
     * then the previous one's: a step is one page or one photo. */
    if (photo_step(r, &f[CUR]))
        return true;
    bool head = sah_reader_in_head(r);
    /* The identity before the neighbours: with it the session may move
     * to the saved place, and their frames would be thrown away. */
    if (!head && !sah_article_identity_known(r->article)) {
        if (sah_article_identity_step(r->article, IDLE_ID_BYTES) && r->on_identity)
            r->on_identity(r->on_identity_user); /* last: it may move @r */
        return true;
    }
    /* The exact pages reached the place: they are shown from now on. */
    if (settle_step(r) || restatus_step(r))
        return true;
    if (count_first(r))
        return count_step(r);
    bool has_next = start_of(r, r->page + 1) != UINT32_MAX && !past_head(r, r->page + 1);
    if (has_next && !(f[NEXT].valid && f[NEXT].page == r->page + 1)) {
        ahead_step(r, &f[NEXT], r->page + 1, r->anch);
        return true;
    }
    if (photo_step(r, &f[NEXT]))
        return true;
    /* The first anchored page: the pages before it found, so that a turn
     * back swaps to a frame drawn already; their paragraphs laid out first,
     * one a step (sah_pager_prepare()). */
    if (r->anch && r->page == 0 && !sah_pager_anchor_loose(r->pager) &&
        (sah_pager_anchor_prepare(r->pager) || anchor_back(r, false)))
        return true;
    if (r->page > 0 && !(f[PREV].valid && f[PREV].page + 1 == r->page)) {
        ahead_step(r, &f[PREV], r->page - 1, r->anch);
        return true;
    }
    if (photo_step(r, &f[PREV]))
        return true;
    bool complete;
    sah_pager_count_known(r->pager, &complete);
    if (!complete && !head)
        return count_step(r);
    return false;
}
