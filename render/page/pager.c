/* pager.c - see pager.h. */
#include "render/page/pager.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts/fontchain.h"
#include "platform/grow.h"

/* Pieces kept laid out: the current one and lookahead. A piece is a whole
 * paragraph, or one slice of a long one (sah_layout_slice()), so that one
 * is bounded whatever the paragraphs' length; and the others are kept only
 * while their lines and glyphs take at most SLOTS_BUDGET bytes (a slice's
 * take about 1 MB, a page of ordinary paragraphs some 30 KB). Half of
 * them hold a page's pieces laid out one a step before the page is found
 * (sah_pager_prepare()): a page of a newspaper's head has a dozen blocks. */
#define PARA_SLOTS   24
#define SLOTS_BUDGET ((size_t)4 << 20)

typedef struct {
    uint32_t block, line; /* the first line of a page: line @line of the piece of
                             block @block that starts at @piece */
    uint32_t byte;        /* its source byte offset (0 for the first page) */
    sah_layout_cursor_t piece;
} cursor_t;

/* A run of pages: where each known page starts, in order; page i holds
 * the bytes [at[i], at[i + 1]). */
typedef struct {
    cursor_t *at; /* owned */
    size_t n, cap;
    bool complete; /* the last known page ends the article */
    bool loose;    /* at[0] is inside a line (sah_layout_cursor_near()) */
} run_t;

typedef struct {
    size_t block;             /* SIZE_MAX: empty */
    uint32_t pos;             /* where the piece starts in the block */
    sah_layout_cursor_t next; /* where the block goes on after it */
    sah_lines_t *lines;       /* owned */
    bool measured;            /* lines without glyphs (sah_layout_opts_t.measure_only) */
    uint64_t used;
} para_slot_t;

struct sah_pager {
    const sah_text_t *text; /* not owned */
    sah_block_t *blocks;    /* owned */
    size_t n_blocks;
    size_t *figs; /* owned: the figure blocks' indices in order (a figure's ordinal) */
    size_t n_figs;
    char *fonts; /* owned: default chain spec */
    sah_geometry_t geo;
    sah_fontchain_t *chains[SAH_ROLE_COUNT]; /* owned; NULL when shared with BODY */
    sah_layout_t *layout;                    /* owned */
    para_slot_t slots[PARA_SLOTS];
    uint64_t clock;
    /* Whether the fill under way places lines on a page: pieces are laid
     * out with their glyphs only then. Finding where pages start needs
     * the lines' bytes and heights alone, and building the glyphs of
     * every line to count pages was two thirds of the count's work. */
    bool glyphs;

    /* The exact pages, found from the article's start, and the anchored
     * ones (sah_pager_anchor()), found from a paragraph near a place. */
    run_t exact, anch;
    bool anchored; /* @anch holds a run */
};

struct sah_page {
    size_t index;
    uint32_t byte_start, byte_end;
    sah_lines_t *lines;    /* owned */
    int32_t *x, *baseline; /* owned, one per line */
    size_t cap;
    sah_page_figure_t *figs; /* owned */
    size_t n_figs, cap_figs;
    int32_t used; /* 26.6: how far down the text area its lines and figures go */
};

void sah_geometry_default(sah_geometry_t *g)
{
    memset(g, 0, sizeof *g);
    g->width = 480;
    g->height = 800;
    g->margin = 24;
    g->px = 20;
    g->line_height = 1.6;
    g->dir = SAH_DIR_AUTO;
    for (int r = 0; r < SAH_ROLE_COUNT; r++)
        g->roles[r] = (sah_role_style_t){1.0, NULL, SAH_ALIGN_JUSTIFY, 0, 0, false, 0, false};
    g->roles[SAH_ROLE_HEADLINE] =
        (sah_role_style_t){1.4, NULL, SAH_ALIGN_START, 0, 12, true, 1.2, true};
    g->roles[SAH_ROLE_CAPTION] =
        (sah_role_style_t){0.85, NULL, SAH_ALIGN_START, 4, 4, false, 0, false};
    g->roles[SAH_ROLE_DATELINE] =
        (sah_role_style_t){1.0, NULL, SAH_ALIGN_START, 4, 0, true, 0, true};
    g->roles[SAH_ROLE_HEADING] =
        (sah_role_style_t){1.15, NULL, SAH_ALIGN_START, 12, 4, true, 1.2, true};
    g->roles[SAH_ROLE_DECK] = (sah_role_style_t){1.1, NULL, SAH_ALIGN_START, 0, 8, true, 0, false};
    g->roles[SAH_ROLE_META] = (sah_role_style_t){0.85, NULL, SAH_ALIGN_START, 0, 2, true, 0, false};
    g->roles[SAH_ROLE_QUOTE] =
        (sah_role_style_t){1.0, NULL, SAH_ALIGN_START, 6, 6, false, 0, false};
    g->roles[SAH_ROLE_LIST_ITEM] =
        (sah_role_style_t){1.0, NULL, SAH_ALIGN_START, 2, 2, false, 0, false};
    /* Keeping a figure with its caption is a rule of its own (fill_page()),
     * not keep_with_next: a photo is taller than a chain may be. */
    g->roles[SAH_ROLE_FIGURE] =
        (sah_role_style_t){1.0, NULL, SAH_ALIGN_CENTER, 8, 2, false, 0, false};
}

/* ------------------------------------------------------------- setup */

static void free_chains(sah_pager_t *p)
{
    /* Roles that share the body's chain hold the same pointer: free it once
     * (compare with a copy; p->chains[BODY] is cleared on the way). */
    sah_fontchain_t *body = p->chains[SAH_ROLE_BODY];
    for (int r = 0; r < SAH_ROLE_COUNT; r++) {
        if (r == SAH_ROLE_BODY || p->chains[r] != body)
            sah_fontchain_free(p->chains[r]);
        p->chains[r] = NULL;
    }
}

static void drop_slots(sah_pager_t *p)
{
    for (int i = 0; i < PARA_SLOTS; i++)
        p->slots[i].block = SIZE_MAX;
}

/* Loads the body chain of @g into @chains[BODY]; the other roles' chains
 * are loaded when a paragraph of that role is first laid out (role_chain()),
 * so an article without headings never opens the bold face. */
static bool load_chains(sah_pager_t *p, const sah_geometry_t *g, sah_fontchain_t **chains)
{
    memset(chains, 0, sizeof(sah_fontchain_t *) * SAH_ROLE_COUNT);
    chains[SAH_ROLE_BODY] =
        sah_fontchain_new_opts(p->fonts, g->px * g->roles[SAH_ROLE_BODY].size,
                               &(sah_fontchain_opts_t){.exact = g->exact_fonts});
    return chains[SAH_ROLE_BODY] != NULL;
}

/* The chain of role @r. A role whose own font is missing on this system
 * falls back to the body chain at its size, then to the body chain itself:
 * bold is a nicety, not a reason to stop reading. */
static sah_fontchain_t *role_chain(sah_pager_t *p, sah_role_t r)
{
    if (p->chains[r])
        return p->chains[r];
    const sah_role_style_t *st = &p->geo.roles[r];
    double body_px = p->geo.px * p->geo.roles[SAH_ROLE_BODY].size;
    double px = p->geo.px * (st->size > 0 ? st->size : 1.0);
    sah_fontchain_t *c = NULL;
    if (st->fonts || st->bold) {
        /* The role's fonts first, the body chain's after them (the chain
         * appends the default fonts), all in bold for a bold role. */
        char spec[1024];
        if (st->fonts)
            snprintf(spec, sizeof spec, "%s,%s", st->fonts, p->fonts);
        c = sah_fontchain_new_opts(
            st->fonts ? spec : p->fonts, px,
            &(sah_fontchain_opts_t){.bold = st->bold, .exact = p->geo.exact_fonts});
    } else if (fabs(px - body_px) < 1e-9) {
        return p->chains[r] = p->chains[SAH_ROLE_BODY];
    }
    if (!c)
        c = sah_fontchain_resize(p->chains[SAH_ROLE_BODY], px);
    return p->chains[r] = c ? c : p->chains[SAH_ROLE_BODY];
}

static bool geometry_ok(const sah_geometry_t *g)
{
    if (g->width <= 2 * g->margin || g->height <= 2 * g->margin || g->margin < 0 ||
        !(g->px > 0 && g->px <= 1000) || !(g->line_height > 0 && g->line_height < 100)) {
        fprintf(stderr, "sahifa: page geometry %dx%d margin %d at %g px leaves no room\n", g->width,
                g->height, g->margin, g->px);
        return false;
    }
    return true;
}

/* The first piece of block @b. */
static sah_layout_cursor_t first_piece(const sah_pager_t *p, size_t b)
{
    return sah_layout_cursor_at(b < p->n_blocks ? p->blocks[b].span : (sah_span_t){0, 0, 0, 0});
}

static void reset_pages(sah_pager_t *p)
{
    p->exact.n = 1;
    p->exact.at[0] = (cursor_t){0, 0, 0, first_piece(p, 0)};
    p->exact.complete = false;
    p->anchored = false;
    drop_slots(p);
}

/* Room for one more start in @r. */
static bool run_reserve(run_t *r, size_t more)
{
    if (r->n + more <= r->cap)
        return true;
    size_t nc = r->cap ? r->cap : 64;
    while (nc < r->n + more)
        nc *= 2;
    cursor_t *a = realloc(r->at, nc * sizeof *a);
    if (!a)
        return false;
    r->at = a;
    r->cap = nc;
    return true;
}

bool sah_pager_take_text(sah_pager_t *p, const sah_text_t *text, sah_block_t *blocks,
                         size_t n_blocks)
{
    /* One pass over the blocks, and no copy of them: an 8 MiB article has
     * tens of thousands, swapped in between two looks at the input. */
    size_t *figs = NULL, n_figs = 0, cap = 0;
    for (size_t i = 0; i < n_blocks; i++) {
        if ((unsigned)blocks[i].role >= SAH_ROLE_COUNT)
            blocks[i].role = SAH_ROLE_BODY;
        if (blocks[i].role != SAH_ROLE_FIGURE)
            continue;
        if (!sah_grow((void **)&figs, &cap, n_figs + 1, sizeof *figs)) {
            free(figs);
            free(blocks);
            return false;
        }
        figs[n_figs++] = i;
    }
    free(p->blocks);
    free(p->figs);
    p->blocks = blocks;
    p->n_blocks = n_blocks;
    p->figs = figs;
    p->n_figs = n_figs;
    p->text = text;
    if (p->exact.at)
        reset_pages(p);
    return true;
}

bool sah_pager_set_text(sah_pager_t *p, const sah_text_t *text, const sah_block_t *blocks,
                        size_t n_blocks)
{
    if (!blocks)
        n_blocks = sah_text_paragraph_count(text);
    sah_block_t *b = malloc((n_blocks ? n_blocks : 1) * sizeof *b);
    if (!b)
        return false;
    for (size_t i = 0; i < n_blocks; i++)
        b[i] = blocks ? blocks[i]
                      : (sah_block_t){.span = sah_text_paragraph(text, i), .role = SAH_ROLE_BODY};
    return sah_pager_take_text(p, text, b, n_blocks);
}

sah_pager_t *sah_pager_new(const sah_text_t *text, const sah_block_t *blocks, size_t n_blocks,
                           const char *fonts, const sah_geometry_t *geo)
{
    if (!text || !geo || !geometry_ok(geo))
        return NULL;
    sah_pager_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->geo = *geo;
    p->fonts = strdup(fonts ? fonts : "default");
    (void)run_reserve(&p->exact, 1); /* checked below */
    for (int i = 0; i < PARA_SLOTS; i++)
        p->slots[i] = (para_slot_t){SIZE_MAX, 0, {0, 0, false}, sah_lines_new(), false, 0};
    bool ok = p->fonts && p->exact.at && sah_pager_set_text(p, text, blocks, n_blocks);
    for (int i = 0; ok && i < PARA_SLOTS; i++)
        ok = p->slots[i].lines != NULL;
    if (!ok || !load_chains(p, geo, p->chains)) {
        sah_pager_free(p);
        return NULL;
    }
    p->layout = sah_layout_new(p->chains[SAH_ROLE_BODY], NULL);
    if (!p->layout) {
        sah_pager_free(p);
        return NULL;
    }
    reset_pages(p);
    return p;
}

void sah_pager_free(sah_pager_t *p)
{
    if (!p)
        return;
    sah_layout_free(p->layout);
    free_chains(p);
    for (int i = 0; i < PARA_SLOTS; i++)
        sah_lines_free(p->slots[i].lines);
    free(p->blocks);
    free(p->figs);
    free(p->fonts);
    free(p->exact.at);
    free(p->anch.at);
    free(p);
}

bool sah_pager_set_geometry(sah_pager_t *p, const sah_geometry_t *geo)
{
    sah_fontchain_t *chains[SAH_ROLE_COUNT];
    if (!geometry_ok(geo) || !load_chains(p, geo, chains))
        return false;
    free_chains(p);
    memcpy(p->chains, chains, sizeof chains);
    p->geo = *geo;
    sah_layout_set_chain(p->layout, p->chains[SAH_ROLE_BODY]);
    /* New fonts (new serials): what the caches hold of the old ones can never
     * be hit again, so free it now rather than when the budgets fill. */
    sah_layout_clear_cache(p->layout);
    reset_pages(p);
    return true;
}

/* -------------------------------------------------------- paragraphs */

/* Frees the least recently used slots but @keep while the others hold
 * more than SLOTS_BUDGET bytes. */
static void trim_slots(sah_pager_t *p, const para_slot_t *keep)
{
    for (;;) {
        size_t held = 0;
        para_slot_t *lru = NULL;
        for (int i = 0; i < PARA_SLOTS; i++) {
            para_slot_t *s = &p->slots[i];
            size_t bytes = sah_lines_bytes(s->lines);
            if (s == keep || !bytes)
                continue;
            held += bytes;
            if (!lru || s->used < lru->used)
                lru = s;
        }
        if (held <= SLOTS_BUDGET)
            return;
        sah_lines_release(lru->lines);
        lru->block = SIZE_MAX;
    }
}

/* The piece of block @b that starts at @at, laid out at the page width
 * (kept in a slot): its lines and where the block goes on after it, with
 * their glyphs when p->glyphs (a slot measured only is laid out again
 * then). (transfer none): valid until the next call. */
static const para_slot_t *piece(sah_pager_t *p, size_t b, sah_layout_cursor_t at)
{
    para_slot_t *victim = &p->slots[0];
    for (int i = 0; i < PARA_SLOTS; i++) {
        if (p->slots[i].block == b && p->slots[i].pos == at.pos) {
            if (p->glyphs && p->slots[i].measured) {
                victim = &p->slots[i];
                break;
            }
            p->slots[i].used = ++p->clock;
            return &p->slots[i];
        }
        if (p->slots[i].used < victim->used)
            victim = &p->slots[i];
    }
    const sah_block_t *bl = &p->blocks[b];
    const sah_role_style_t *st = &p->geo.roles[bl->role];
    sah_layout_opts_t o = SAH_LAYOUT_OPTS_INIT;
    o.width = (p->geo.width - 2 * p->geo.margin) * 64;
    o.dir = bl->dir != SAH_DIR_AUTO ? bl->dir : p->geo.dir;
    o.justify = st->align == SAH_ALIGN_JUSTIFY;
    o.kashida = p->geo.kashida;
    o.digits = p->geo.digits;
    o.measure_only = !p->glyphs;
    sah_layout_set_chain(p->layout, role_chain(p, bl->role));
    sah_lines_reset(victim->lines);
    victim->block = SIZE_MAX;
    sah_layout_cursor_t next = at;
    if (!sah_layout_slice(p->layout, p->text, bl->span, (uint32_t)b, &o, &next, victim->lines))
        return NULL;
    victim->block = b;
    victim->pos = at.pos;
    victim->measured = o.measure_only;
    victim->next = next;
    victim->used = ++p->clock;
    trim_slots(p, victim);
    return victim;
}

/* A line's box height and the distance to the next line's top, 26.6. */
static void line_box(const sah_pager_t *p, const sah_line_t *l, bool last_of_block, int32_t *box,
                     int32_t *slot, int32_t *ascent_off)
{
    int32_t h = l->ascent + l->descent;
    /* l->para is the block index (see piece()). */
    const sah_role_style_t *st = l->para < p->n_blocks ? &p->geo.roles[p->blocks[l->para].role]
                                                       : &p->geo.roles[SAH_ROLE_BODY];
    double size = st->size > 0 ? st->size : 1.0;
    if (p->geo.abs_line_height || st->line_height > 0) {
        /* CSS line-height in px at the line's own size: a headline at 1.4x
         * gets 1.4x the pitch; a role's own pitch is in its own ems in
         * either mode. */
        double f = st->line_height > 0 ? st->line_height : p->geo.line_height;
        int32_t lh = (int32_t)lround(p->geo.px * size * f) * 64;
        *box = lh;
        *slot = lh;
        *ascent_off = (lh - h) / 2 + l->ascent;
    } else {
        *box = h;
        *slot = (int32_t)lround(h * p->geo.line_height);
        *ascent_off = l->ascent;
    }
    (void)last_of_block;
}

static int32_t gap_before(const sah_pager_t *p, size_t b)
{
    double g = p->geo.roles[p->blocks[b].role].space_before;
    if (b > 0)
        g += p->geo.para_gap + p->geo.roles[p->blocks[b - 1].role].space_after;
    return (int32_t)lround(g * 64);
}

/* ------------------------------------------------------------ filling */

typedef struct {
    sah_page_t *page; /* NULL: only find where the next page starts */
    int32_t y;        /* 26.6, from the top of the text area */
    size_t placed;    /* lines on this page so far */
} fill_t;

static bool place(sah_pager_t *p, fill_t *f, const sah_lines_t *lines, size_t i, size_t b)
{
    const sah_line_t *l = sah_lines_get(lines, i);
    int32_t box, slot, asc;
    line_box(p, l, i + 1 == sah_lines_count(lines), &box, &slot, &asc);
    if (f->page) {
        sah_page_t *pg = f->page;
        if (sah_lines_count(pg->lines) == pg->cap) {
            size_t nc = pg->cap ? pg->cap * 2 : 32;
            int32_t *x = realloc(pg->x, nc * sizeof *x);
            if (x)
                pg->x = x;
            int32_t *y = realloc(pg->baseline, nc * sizeof *y);
            if (y)
                pg->baseline = y;
            if (!x || !y)
                return false;
            pg->cap = nc;
        }
        size_t k = sah_lines_count(pg->lines);
        if (!pg->x || !pg->baseline || !sah_lines_copy_line(pg->lines, lines, i))
            return false;
        int32_t x = p->geo.margin * 64;
        if (p->geo.roles[p->blocks[b].role].align == SAH_ALIGN_CENTER) {
            int32_t w = (p->geo.width - 2 * p->geo.margin) * 64;
            x += (w - l->width) / 2 - l->x;
        }
        pg->x[k] = x;
        pg->baseline[k] = p->geo.margin * 64 + f->y + asc;
    }
    f->y += slot;
    f->placed++;
    return true;
}

/* How many lines of @lines from @start fit below @y on a page of inner
 * height @h; at least one on an empty page. */
static size_t fitting(const sah_pager_t *p, const sah_lines_t *lines, size_t start, int32_t y,
                      int32_t h, bool page_empty)
{
    size_t n = sah_lines_count(lines), k = 0;
    for (size_t i = start; i < n; i++) {
        int32_t box, slot, asc;
        line_box(p, sah_lines_get(lines, i), i + 1 == n, &box, &slot, &asc);
        if (y + box > h && !(page_empty && k == 0))
            break;
        y += slot;
        k++;
    }
    return k;
}

/* How many lines of a piece of a paragraph (@first: its first piece,
 * @last: its last) go on this page from line @start when the page is filled
 * to @y: what fits, less what the widow and orphan rules move to the next
 * page (unless that would leave the page empty; @orphan_ok: the orphan rule
 * gives way, see KEEP_RELAX_LINES). */
static size_t lines_to_place(const sah_pager_t *p, const sah_lines_t *lines, size_t start,
                             int32_t y, int32_t h, bool empty, bool first, bool last,
                             bool orphan_ok)
{
    size_t n = sah_lines_count(lines);
    size_t k = fitting(p, lines, start, y, h, empty), rest = n - start;
    if (k == 0 || k == rest)
        return k;
    size_t kk = k;
    if (last && rest - kk == 1) /* widow: its last line alone on the next page */
        kk--;
    if (first && start == 0 && kk == 1 && n >= 2 && !orphan_ok) /* orphan: its first line here */
        kk = 0;
    return kk > 0 || !empty ? kk : k;
}

static int32_t block_height(const sah_pager_t *p, const sah_lines_t *lines, size_t start)
{
    int32_t y = 0;
    size_t n = sah_lines_count(lines);
    for (size_t i = start; i < n; i++) {
        int32_t box, slot, asc;
        line_box(p, sah_lines_get(lines, i), i + 1 == n, &box, &slot, &asc);
        y += slot;
    }
    return y;
}

/* The most a keep-with-next chain may move to the next page, as a share of
 * the page's height. Keeping a heading with its text is worth a short gap
 * at the foot of a page, not a page left near-empty: a chain longer than
 * this (a newspaper's head of headline, deck, byline and dateline on a
 * small screen; a run of short lines taken for headings) is broken where
 * it reaches the foot, as CSS's break-after: avoid gives way. A third
 * leaves every page but the last at least half full with the orphan rule's
 * two lines on top. */
#define KEEP_CHAIN_MAX (1.0 / 3)

/* Keep with next gives way a little when obeying it would leave more than
 * this many body lines empty at the foot of the page: a heading then takes
 * one line of its paragraph with it instead of the orphan rule's two (a
 * heading with one line under it reads; a third of a page left blank above
 * the next page's heading does not). */
#define KEEP_RELAX_LINES 2

/* A body line's pitch, 26.6: the measure of what a page leaves empty. */
static int32_t body_pitch(const sah_pager_t *p)
{
    double size = p->geo.roles[SAH_ROLE_BODY].size > 0 ? p->geo.roles[SAH_ROLE_BODY].size : 1.0;
    return (int32_t)lround(p->geo.px * size * p->geo.line_height) * 64;
}

/* Whether a heading chain that starts at @top may keep only one line of
 * the paragraph after it (KEEP_RELAX_LINES). */
static bool keep_relaxed(const sah_pager_t *p, int32_t top, int32_t h)
{
    return h - top > KEEP_RELAX_LINES * body_pitch(p);
}

/* ----------------------------------------------------------- figures */

static bool is_figure(const sah_pager_t *p, size_t b)
{
    return b < p->n_blocks && p->blocks[b].role == SAH_ROLE_FIGURE;
}

/* The ordinal of figure block @b among the article's figures. */
static size_t fig_ordinal(const sah_pager_t *p, size_t b)
{
    size_t lo = 0, hi = p->n_figs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->figs[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A figure block with no bytes has no place of its own in the text (a page
 * could not start at it): it is not shown. */
static bool figure_shown(const sah_pager_t *p, size_t b)
{
    return p->blocks[b].span.byte_end > p->blocks[b].span.byte_start;
}

/* The box of figure block @b in px (pager.h, "Figures"). */
static void figure_size(const sah_pager_t *p, size_t b, int *w, int *h)
{
    double W = p->geo.width - 2 * p->geo.margin, H = p->geo.height - 2 * p->geo.margin;
    double iw = p->blocks[b].fig_w, ih = p->blocks[b].fig_h, s;
    if (iw < 1 || ih < 1) { /* unknown: a placeholder at the text width, 3:2 */
        iw = 3;
        ih = 2;
        s = W / iw;
    } else {
        s = fmin(W / iw, SAH_FIGURE_MAX_UPSCALE);
    }
    s = fmin(s, H * SAH_FIGURE_MAX_HEIGHT / ih);
    long bw = lround(iw * s), bh = lround(ih * s);
    *w = bw < 1 ? 1 : bw > (long)W ? (int)W : (int)bw;
    *h = bh < 1 ? 1 : (int)bh;
}

/* A figure's top in whole px below the text area's top, for a block that
 * starts at @y (26.6): photos sit on the pixel grid. */
static int32_t figure_top(int32_t y)
{
    return y > 0 ? (y + 63) / 64 : 0;
}

/* The height a caption needs below its figure, 26.6, from the caption's
 * top gap to the bottom of its line @k - 1 (@k lines). */
static int32_t caption_need(const sah_pager_t *p, size_t c, const sah_lines_t *lines, size_t k)
{
    int32_t y = gap_before(p, c);
    for (size_t i = 0; i < k; i++) {
        int32_t box, slot, asc;
        line_box(p, sah_lines_get(lines, i), i + 1 == sah_lines_count(lines), &box, &slot, &asc);
        y += i + 1 < k ? slot : box;
    }
    return y;
}

/*
 * The box of figure block @b when it starts at @y (26.6, its gap above
 * included) on a page of inner height @h (pager.h, "Figures"): its full box
 * when that fits with its caption; else shrunk (aspect kept) to what is
 * left above the caption, down to SAH_FIGURE_MIN_SHRINK of its height.
 * What the caption needs: all of it, unless the full box and the whole
 * caption would not fit on an empty page either; then its first lines (two,
 * the orphan rule's, or its only one). Returns 1 with the box in @w x @h
 * px, 0 when the figure goes to the next page (never on an @empty page:
 * there it takes its full box when nothing else fits), -1 when out of
 * memory.
 */
static int figure_box(sah_pager_t *p, size_t b, int32_t y, int32_t h, bool empty, int *w, int *hh)
{
    int fw, fh;
    figure_size(p, b, &fw, &fh);
    *w = fw;
    *hh = fh;
    int32_t need = 0;
    if (b + 1 < p->n_blocks && p->blocks[b + 1].role == SAH_ROLE_CAPTION) {
        const para_slot_t *pc = piece(p, b + 1, first_piece(p, b + 1));
        if (!pc)
            return -1;
        size_t n = sah_lines_count(pc->lines);
        need = caption_need(p, b + 1, pc->lines, n);
        if (fh * 64 + need > h)
            need = caption_need(p, b + 1, pc->lines, n < 2 ? n : 2);
    }
    int32_t room = (h - need) / 64 - figure_top(y); /* px left for the box */
    if (room >= fh)
        return 1;
    if (room >= (int32_t)ceil(fh * SAH_FIGURE_MIN_SHRINK) && room >= 1) {
        *hh = (int)room;
        long sw = lround((double)fw * room / fh);
        *w = sw < 1 ? 1 : (int)sw;
        return 1;
    }
    return empty ? 1 : 0;
}

/* Places figure block @b on the page being filled, unless it (with its
 * caption) does not fit on a page that holds something already. Returns 1
 * when placed (or not shown), 0 when it goes to the next page, -1 when out
 * of memory. */
static int place_figure(sah_pager_t *p, fill_t *f, size_t b, int32_t h)
{
    if (!figure_shown(p, b))
        return 1;
    bool empty = f->placed == 0;
    int32_t y0 = f->y + (empty ? 0 : gap_before(p, b));
    int fw, fh;
    int placed = figure_box(p, b, y0, h, empty, &fw, &fh);
    if (placed <= 0)
        return placed;
    int32_t top = figure_top(y0);
    sah_page_t *pg = f->page;
    if (pg) {
        if (pg->n_figs == pg->cap_figs) {
            size_t nc = pg->cap_figs ? 2 * pg->cap_figs : 4;
            sah_page_figure_t *nf = realloc(pg->figs, nc * sizeof *nf);
            if (!nf)
                return -1;
            pg->figs = nf;
            pg->cap_figs = nc;
        }
        int W = p->geo.width - 2 * p->geo.margin;
        pg->figs[pg->n_figs++] = (sah_page_figure_t){
            p->geo.margin + (W - fw) / 2, p->geo.margin + top, fw, fh, fig_ordinal(p, b), b};
    }
    f->y = (top + fh) * 64;
    f->placed++;
    return 1;
}

/* Keep with next: may block @b end this page at @y (its bottom)? Only if
 * the next block puts at least one line here, and, when that one is kept
 * with its next too and ends here, recursively (a chain of headings); and
 * always when the chain from @top (where the block that would move starts)
 * to @y is too tall to move (KEEP_CHAIN_MAX). */
static int keeps(sah_pager_t *p, size_t b, int32_t top, int32_t y, int32_t h, int depth)
{
    if (b + 1 >= p->n_blocks || !p->geo.roles[p->blocks[b].role].keep_with_next || depth > 8 ||
        y - top > (int32_t)(h * KEEP_CHAIN_MAX))
        return 1;
    if (is_figure(p, b + 1)) /* a heading over a photo: the photo must fit */
    {
        int fw, fh;
        return !figure_shown(p, b + 1)
                   ? 1
                   : figure_box(p, b + 1, y + gap_before(p, b + 1), h, false, &fw, &fh);
    }
    const para_slot_t *pc = piece(p, b + 1, first_piece(p, b + 1));
    if (!pc)
        return -1;
    const sah_lines_t *nl = pc->lines;
    y += gap_before(p, b + 1);
    size_t k = lines_to_place(p, nl, 0, y, h, false, true, pc->next.done, keep_relaxed(p, top, h));
    if (k == 0)
        return 0;
    if (k < sah_lines_count(nl) || !pc->next.done)
        return 1;
    return keeps(p, b + 1, top, y + block_height(p, nl, 0), h, depth + 1);
}

/* How many lines of @lines from @start begin before byte @limit. */
static size_t lines_before(const sah_lines_t *lines, size_t start, uint32_t limit)
{
    size_t n = sah_lines_count(lines), k = 0;
    while (start + k < n && sah_lines_get(lines, start + k)->byte_start < limit)
        k++;
    return k;
}

/* Fills one page from @c; writes where the next one starts to @next and
 * sets *@end when the article ends on this page. With @lim (nullable), the
 * page also ends where @lim starts (then *@next is *@lim): a page whose
 * successor is known already ends there, whatever else would fit (see
 * sah_pager_anchor_back(): the page before an anchor). */
static bool fill_page(sah_pager_t *p, cursor_t c, fill_t *f, const cursor_t *lim, cursor_t *next,
                      bool *end)
{
    const int32_t H = (p->geo.height - 2 * p->geo.margin) * 64;
    sah_layout_cursor_t at = c.piece;
    size_t start = c.line;
    int32_t prev_top = 0; /* where the block before @b starts on this page */
    *end = false;
    p->glyphs = f->page != NULL;
    for (size_t b = c.block; b < p->n_blocks;) {
        if (lim && p->blocks[b].span.byte_start >= lim->byte) {
            *next = *lim;
            return true;
        }
        if (is_figure(p, b)) { /* a box, no lines: never split */
            int placed = place_figure(p, f, b, H);
            if (placed < 0)
                return false;
            if (!placed) {
                *next = (cursor_t){(uint32_t)b, 0, p->blocks[b].span.byte_start, at};
                return true;
            }
            start = 0;
            at = first_piece(p, ++b);
            continue;
        }
        const para_slot_t *pc = piece(p, b, at);
        if (!pc)
            return false;
        const sah_lines_t *lines = pc->lines;
        sah_layout_cursor_t after = pc->next;
        bool first = at.pos == p->blocks[b].span.start, last = after.done;
        size_t n = sah_lines_count(lines);
        if (start < n) {
            bool empty = f->placed == 0;
            int32_t y0 = f->y;
            if (start == 0 && first && !empty)
                y0 += gap_before(p, b);
            /* Under a heading placed here because keeps() let it take
             * one line: that line. */
            bool orphan_ok = first && start == 0 && !empty && b > c.block &&
                             p->geo.roles[p->blocks[b - 1].role].keep_with_next &&
                             keep_relaxed(p, prev_top, H);
            size_t k = lines_to_place(p, lines, start, y0, H, empty, first, last, orphan_ok);
            size_t before = lim ? lines_before(lines, start, lim->byte) : n - start;
            if (before < n - start && k >= before) { /* the page ends at @lim */
                f->y = y0;
                for (size_t i = start; i < start + before; i++)
                    if (!place(p, f, lines, i, b))
                        return false;
                *next = *lim;
                return true;
            }
            if (k == n - start && !empty && last) {
                int kept = keeps(p, b, y0, y0 + block_height(p, lines, start), H, 0);
                if (kept < 0 || !(pc = piece(p, b, at))) /* the slot may have been reused */
                    return false;
                lines = pc->lines;
                if (!kept)
                    k = 0;
            }
            if (k == 0) { /* nothing more of this paragraph here: next page */
                *next = (cursor_t){(uint32_t)b, (uint32_t)start,
                                   sah_lines_get(lines, start)->byte_start, at};
                return true;
            }
            f->y = y0;
            prev_top = y0;
            for (size_t i = start; i < start + k; i++)
                if (!place(p, f, lines, i, b))
                    return false;
            if (k < n - start) {
                *next = (cursor_t){(uint32_t)b, (uint32_t)(start + k),
                                   sah_lines_get(lines, start + k)->byte_start, at};
                return true;
            }
        }
        start = 0;
        if (last)
            at = first_piece(p, ++b);
        else
            at = after;
    }
    *end = true;
    return true;
}

/* Records in @r what filling its last known page found: where the next
 * page starts, or that there is none. */
static bool record_next(run_t *r, cursor_t next, bool end)
{
    if (end) {
        r->complete = true;
        return true;
    }
    /* Every byte on exactly one page: page i holds [at[i], at[i+1]), so the
     * starts must rise strictly (an equal start would be an empty page, and
     * a reader paging on would never reach the end). */
    assert(next.byte > r->at[r->n - 1].byte);
    if (!run_reserve(r, 1))
        return false;
    r->at[r->n++] = next;
    return true;
}

/* Finds the pages of @r up to index @page (or the end). */
static bool run_paginate(sah_pager_t *p, run_t *r, size_t page)
{
    while (!r->complete && r->n <= page) {
        fill_t f = {NULL, 0, 0};
        cursor_t next;
        bool end;
        if (!fill_page(p, r->at[r->n - 1], &f, NULL, &next, &end) || !record_next(r, next, end))
            return false;
    }
    return true;
}

/* The page of @r holding @offset among those known (the last start <=
 * @offset; 0 when the run starts after it). */
static size_t run_search(const run_t *r, uint32_t offset)
{
    size_t lo = 0, hi = r->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (r->at[mid].byte <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Paginates @r until a page starts past @offset, then searches. */
static size_t run_page_of(sah_pager_t *p, run_t *r, uint32_t offset)
{
    while (!r->complete && r->at[r->n - 1].byte <= offset)
        if (!run_paginate(p, r, r->n))
            break;
    return run_search(r, offset);
}

static uint32_t run_start(sah_pager_t *p, run_t *r, size_t index)
{
    if (!run_paginate(p, r, index) || index >= r->n)
        return UINT32_MAX;
    return r->at[index].byte;
}

bool sah_pager_paginate(sah_pager_t *p, size_t page)
{
    return run_paginate(p, &p->exact, page);
}

void sah_pager_clear_caches(sah_pager_t *p)
{
    sah_layout_clear_cache(p->layout);
    reset_pages(p);
}

size_t sah_pager_count_known(const sah_pager_t *p, bool *complete)
{
    if (complete)
        *complete = p->exact.complete;
    return p->exact.n;
}

size_t sah_pager_count(sah_pager_t *p)
{
    if (!sah_pager_paginate(p, SIZE_MAX - 1))
        return 0;
    return p->exact.n;
}

size_t sah_pager_page_of_offset(sah_pager_t *p, uint32_t offset)
{
    return run_page_of(p, &p->exact, offset);
}

uint32_t sah_pager_page_start(sah_pager_t *p, size_t index)
{
    return run_start(p, &p->exact, index);
}

bool sah_pager_known_past(const sah_pager_t *p, uint32_t offset)
{
    return p->exact.complete || p->exact.at[p->exact.n - 1].byte > offset;
}

/* ----------------------------------------------------------- anchors */

/* Where a run of pages may start other than at a page break found from the
 * article's start: a block's start; inside a block, the start of the hard
 * line holding the place (each newline-separated line is a bidi paragraph
 * of its own, laid out alone: the lines from there are the exact pages'
 * lines) when it is at most FRESH_SCAN code points back, else the start of
 * the word holding it (sah_layout_cursor_near(): the lines from there may
 * break elsewhere than the exact ones until that line ends, which the
 * anchored pages may, being provisional; a long line's start would cost a
 * page of layout per 1,000 code points or so between it and the place). */
#define FRESH_SCAN ((uint32_t)4096)

/* The fresh point at or before byte @offset (the article's start if none);
 * *@loose tells whether it is inside a line. */
static cursor_t fresh_point(const sah_pager_t *p, uint32_t offset, bool *loose)
{
    *loose = false;
    size_t lo = 0, hi = p->n_blocks; /* the last block starting <= offset */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->blocks[mid].span.byte_start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    if (!p->n_blocks || p->blocks[lo].span.byte_start > offset)
        return (cursor_t){0, 0, 0, first_piece(p, 0)};
    const sah_block_t *bl = &p->blocks[lo];
    cursor_t c = {(uint32_t)lo, 0, lo ? bl->span.byte_start : 0, first_piece(p, lo)};
    if (bl->role == SAH_ROLE_FIGURE || bl->span.end <= bl->span.start)
        return c;
    uint32_t a = bl->span.start, e = bl->span.end;
    while (e - a > 1) { /* the code point holding @offset: the last at or before it */
        uint32_t mid = a + (e - a) / 2;
        if (sah_text_offset(p->text, mid) <= offset)
            a = mid;
        else
            e = mid;
    }
    sah_direction_t dir = bl->dir != SAH_DIR_AUTO ? bl->dir : p->geo.dir;
    sah_layout_cursor_t lc = sah_layout_cursor_near(p->text, bl->span, a, dir, FRESH_SCAN);
    if (lc.pos > bl->span.start) {
        c.piece = lc;
        c.byte = sah_text_offset(p->text, lc.pos);
        *loose = sah_text_codepoints(p->text, NULL)[lc.pos - 1] != '\n';
    }
    return c;
}

bool sah_pager_anchor(sah_pager_t *p, uint32_t offset, size_t *index)
{
    if (sah_pager_known_past(p, offset) ||
        offset - p->exact.at[p->exact.n - 1].byte <= SAH_PAGER_ANCHOR_MIN) {
        *index = sah_pager_page_of_offset(p, offset);
        p->anchored = false;
        return false;
    }
    bool loose;
    cursor_t c = fresh_point(p, offset, &loose);
    p->anchored = false;
    if (!run_reserve(&p->anch, 1)) { /* no room: the exact pages, slowly */
        *index = sah_pager_page_of_offset(p, offset);
        return false;
    }
    p->anch.n = 1;
    p->anch.at[0] = c;
    p->anch.complete = false;
    p->anch.loose = loose;
    p->anchored = true;
    *index = run_page_of(p, &p->anch, offset);
    return true;
}

void sah_pager_unanchor(sah_pager_t *p)
{
    p->anchored = false;
}

bool sah_pager_anchored(const sah_pager_t *p)
{
    return p->anchored;
}

uint32_t sah_pager_anchor_page_start(sah_pager_t *p, size_t index)
{
    return p->anchored ? run_start(p, &p->anch, index) : UINT32_MAX;
}

size_t sah_pager_anchor_page_of_offset(sah_pager_t *p, uint32_t offset)
{
    return p->anchored ? run_page_of(p, &p->anch, offset) : 0;
}

bool sah_pager_anchor_loose(const sah_pager_t *p)
{
    return p->anchored && p->anch.loose;
}

/* Where sah_pager_anchor_back() lays out from: two pages of text before
 * the run at its own pages' mean (2 KB a page before one is known). The
 * page before the seam is as long as what is left of the text there, so
 * each call leaves one short page; two full ones with it keep those rare,
 * and a call's work about 2 pages' layout. */
static cursor_t back_from(const sah_pager_t *p, bool *loose)
{
    const run_t *r = &p->anch;
    uint32_t first = r->at[0].byte, want = 4096;
    if (r->n > 1)
        want = 2 * ((r->at[r->n - 1].byte - first) / (uint32_t)(r->n - 1));
    want = want < 1 ? 1 : want;
    return fresh_point(p, first > want ? first - want : 0, loose);
}

/*
 * Lays out, measured only, the first piece that filling pages from @c up
 * to byte @until (UINT32_MAX: about a page) will need and no slot holds:
 * 1 when it laid one out, 0 when every one is held, -1 when out of memory.
 * A page filled from pieces laid out already costs little: splitting its
 * layout into these steps keeps each step of work ahead to one paragraph's
 * shaping (a page's first layout at a new size shapes every word).
 */
static int warm(sah_pager_t *p, cursor_t c, uint32_t until, bool glyphs)
{
    const int32_t H = (p->geo.height - 2 * p->geo.margin) * 64;
    int32_t y = 0;
    sah_layout_cursor_t at = c.piece;
    size_t start = c.line;
    p->glyphs = glyphs;
    /* Up to the piece past the foot (a heading there is kept with the
     * next: keeps() looks at it), at most half the slots: what one step
     * lays out must still be held when the next one looks (a page of many
     * short blocks fills the rest as it is laid out). */
    bool past = false;
    for (size_t b = c.block, k = 0; b < p->n_blocks && !past && k < PARA_SLOTS / 2; k++) {
        past = y > H;
        if (p->blocks[b].span.byte_start >= until && b > c.block)
            break;
        if (is_figure(p, b)) {
            int w, h;
            figure_size(p, b, &w, &h);
            y += h * 64;
            start = 0;
            at = first_piece(p, ++b);
            continue;
        }
        bool held = false;
        for (int i = 0; i < PARA_SLOTS; i++)
            held |= p->slots[i].block == b && p->slots[i].pos == at.pos &&
                    !(glyphs && p->slots[i].measured);
        const para_slot_t *pc = piece(p, b, at);
        if (!pc)
            return -1;
        if (!held)
            return 1;
        y += gap_before(p, b) + block_height(p, pc->lines, start);
        start = 0;
        if (pc->next.done)
            at = first_piece(p, ++b);
        else
            at = pc->next;
    }
    return 0;
}

bool sah_pager_prepare(sah_pager_t *p)
{
    return !p->exact.complete && warm(p, p->exact.at[p->exact.n - 1], UINT32_MAX, false) > 0;
}

/* A step of page @index of @r's layout: its pieces with their glyphs, so
 * that run_page() only places their lines. */
static bool page_prepare(sah_pager_t *p, const run_t *r, size_t index)
{
    if (index >= r->n)
        return false;
    uint32_t until = index + 1 < r->n ? r->at[index + 1].byte : UINT32_MAX;
    return warm(p, r->at[index], until, true) > 0;
}

bool sah_pager_page_prepare(sah_pager_t *p, size_t index)
{
    return page_prepare(p, &p->exact, index);
}

bool sah_pager_anchor_page_prepare(sah_pager_t *p, size_t index)
{
    return p->anchored && page_prepare(p, &p->anch, index);
}

bool sah_pager_anchor_prepare(sah_pager_t *p)
{
    if (!p->anchored || p->anch.loose || p->anch.at[0].byte == 0)
        return false;
    bool loose;
    return warm(p, back_from(p, &loose), p->anch.at[0].byte, false) > 0;
}

bool sah_pager_anchor_back(sah_pager_t *p, size_t *moved)
{
    *moved = 0;
    if (!p->anchored || p->anch.at[0].byte == 0)
        return false;
    run_t *r = &p->anch;
    const cursor_t first = r->at[0];
    bool loose;
    cursor_t from = back_from(p, &loose);
    if (r->loose) {
        /* No line of a run from @from need start where this one does (both
         * inside one long line): a run from @from replaces it. */
        r->n = 1;
        r->at[0] = from;
        r->complete = false;
        r->loose = loose;
        *moved = SIZE_MAX;
        return true;
    }
    /* The pages from there, the last one ending where the run starts: a
     * line starts there in both (a block's or a hard line's start). */
    run_t back = {NULL, 0, 0, false, loose};
    bool ok = run_reserve(&back, 1);
    if (ok)
        back.at[back.n++] = from;
    for (;;) {
        fill_t f = {NULL, 0, 0};
        cursor_t next;
        bool end;
        if (!ok || !fill_page(p, back.at[back.n - 1], &f, &first, &next, &end) || end) {
            ok = false;
            break;
        }
        if (next.byte >= first.byte)
            break;
        if (!(ok = record_next(&back, next, false)))
            break;
    }
    size_t added = back.n;
    if (!ok || !run_reserve(r, added)) {
        free(back.at);
        return false;
    }
    memmove(r->at + added, r->at, r->n * sizeof *r->at);
    memcpy(r->at, back.at, added * sizeof *r->at);
    r->n += added;
    r->loose = loose;
    free(back.at);
    *moved = added;
    return true;
}

/* Whether the gap above block @b (after block @b - 1 on the same page) may
 * grow: a paragraph's or a heading's, not the one under a heading (kept
 * with its text) nor the one between a photo and its caption. */
static bool gap_stretches(const sah_pager_t *p, size_t b)
{
    return b > 0 && b < p->n_blocks && !p->geo.roles[p->blocks[b - 1].role].keep_with_next &&
           !(is_figure(p, b - 1) && p->blocks[b].role == SAH_ROLE_CAPTION);
}

/* Walks the page's lines and figures top to bottom, adding up the gaps
 * above the blocks that start below another item where gap_stretches();
 * with @total > 0, also moves each such block, and all under it, down by
 * its share of @blank (its gap's part of @total, at most a body line).
 * Returns the sum of those gaps. */
static int64_t walk_gaps(const sah_pager_t *p, sah_page_t *pg, int32_t blank, int64_t total)
{
    /* place() gives every line of a page its baseline; a page with no line
     * may have no array at all. */
    size_t n = pg->baseline ? sah_lines_count(pg->lines) : 0, i = 0, k = 0;
    int64_t sum = 0;
    int32_t shift = 0, most = body_pitch(p);
    bool above = false;
    if (n && !pg->baseline) /* a page's lines always have their baselines */
        return 0;
    while (i < n || k < pg->n_figs) {
        /* A figure comes before the first line whose baseline is under its
         * top (both in page px x 64). */
        bool fig = k < pg->n_figs && (i >= n || (int64_t)pg->figs[k].y * 64 < pg->baseline[i]);
        const sah_line_t *l = fig ? NULL : sah_lines_get(pg->lines, i);
        size_t b = fig ? pg->figs[k].block : l->para;
        if (above && (fig || (l->flags & SAH_LINE_PARA_START)) && gap_stretches(p, b)) {
            int32_t g = gap_before(p, b);
            sum += g;
            if (total > 0) {
                int64_t e = (int64_t)blank * g / total;
                shift += (int32_t)(e < most ? e : most);
            }
        }
        if (fig)
            pg->figs[k++].y += shift / 64;
        else
            pg->baseline[i++] += shift;
        above = true;
    }
    if (total > 0)
        pg->used += shift;
    return sum;
}

/*
 * Spreads what the page leaves blank at its foot (@blank, 26.6) over the
 * gaps between its blocks, as a column set flush to the foot, in
 * proportion to each gap, each at most one body line taller: a page before
 * a heading or a paragraph that the keep, widow and orphan rules sent on
 * ends near the foot like the others. Only positions move: the page holds
 * the same lines. Gaps of 0 (pango-pager's default) stay 0.
 */
static void spread(const sah_pager_t *p, sah_page_t *pg, int32_t blank)
{
    if (blank <= 0)
        return;
    int64_t total = walk_gaps(p, pg, blank, 0);
    if (total > 0)
        walk_gaps(p, pg, blank, total);
}

/* Lays out page @index of @r (sah_pager_page()). */
static sah_page_t *run_page(sah_pager_t *p, run_t *r, size_t index)
{
    if (!run_paginate(p, r, index) || index >= r->n)
        return NULL;
    sah_page_t *pg = calloc(1, sizeof *pg);
    if (!pg || !(pg->lines = sah_lines_new())) {
        free(pg);
        return NULL;
    }
    pg->index = index;
    fill_t f = {pg, 0, 0};
    cursor_t next;
    bool end;
    /* A page whose successor is known ends where it starts: the same page
     * as found, or the page before an anchor (sah_pager_anchor_back()).
     * Laying out the last known page also tells where the next one starts:
     * reading forward paginates as it goes, with no second fill. */
    const cursor_t *lim = index + 1 < r->n ? &r->at[index + 1] : NULL;
    if (!fill_page(p, r->at[index], &f, lim, &next, &end) ||
        (index + 1 == r->n && !r->complete && !record_next(r, next, end))) {
        sah_page_free(pg);
        return NULL;
    }
    pg->used = f.y;
    if (!end)
        spread(p, pg, (p->geo.height - 2 * p->geo.margin) * 64 - f.y);
    pg->byte_start = r->at[index].byte;
    pg->byte_end =
        index + 1 < r->n ? r->at[index + 1].byte : (uint32_t)sah_text_byte_length(p->text);
    /* The lines drawn are the page's bytes: none from the page before or
     * after (the first and the last line suffice, lines being in order). */
    assert(pg->byte_start <= pg->byte_end);
    assert(!sah_lines_count(pg->lines) ||
           (sah_lines_get(pg->lines, 0)->byte_start >= pg->byte_start &&
            sah_lines_get(pg->lines, sah_lines_count(pg->lines) - 1)->byte_end <= pg->byte_end));
    return pg;
}

sah_page_t *sah_pager_page(sah_pager_t *p, size_t index)
{
    return run_page(p, &p->exact, index);
}

sah_page_t *sah_pager_anchor_page(sah_pager_t *p, size_t index)
{
    return p->anchored ? run_page(p, &p->anch, index) : NULL;
}

void sah_page_free(sah_page_t *page)
{
    if (!page)
        return;
    sah_lines_free(page->lines);
    free(page->figs);
    free(page->x);
    free(page->baseline);
    free(page);
}

size_t sah_page_index(const sah_page_t *page)
{
    return page->index;
}

uint32_t sah_page_byte_start(const sah_page_t *page)
{
    return page->byte_start;
}

uint32_t sah_page_byte_end(const sah_page_t *page)
{
    return page->byte_end;
}

int32_t sah_page_used_height(const sah_page_t *page)
{
    return page->used;
}

const sah_lines_t *sah_page_lines(const sah_page_t *page)
{
    return page->lines;
}

void sah_page_line_origin(const sah_page_t *page, size_t i, int32_t *x, int32_t *baseline)
{
    *x = page->x[i];
    *baseline = page->baseline[i];
}

size_t sah_page_n_figures(const sah_page_t *page)
{
    return page->n_figs;
}

const sah_page_figure_t *sah_page_figure(const sah_page_t *page, size_t i)
{
    return i < page->n_figs ? &page->figs[i] : NULL;
}

bool sah_page_draw(const sah_page_t *page, sah_pagebuf_t *buf, sah_glyphcache_t *cache, int dx,
                   int dy)
{
    sah_glyph_pos_t run[256];
    bool ok = true;
    for (size_t i = 0; i < sah_lines_count(page->lines); i++) {
        size_t n;
        const sah_glyph_t *g = sah_lines_glyphs(page->lines, i, &n);
        int32_t x0 = page->x[i] + dx * 64, y0 = page->baseline[i] + dy * 64;
        for (size_t k = 0; k < n;) {
            size_t m = 0;
            for (; m < 256 && k < n; m++, k++)
                run[m] = (sah_glyph_pos_t){g[k].font, g[k].glyph, x0 + g[k].x + g[k].x_offset,
                                           y0 - g[k].y_offset};
            ok &= sah_pagebuf_draw(buf, cache, run, m);
        }
    }
    return ok;
}

bool sah_page_prerender(const sah_page_t *page, sah_glyphcache_t *cache, size_t *done,
                        size_t max_new)
{
    sah_glyph_pos_t run[256];
    size_t seen = 0, made = 0;
    max_new = max_new ? max_new : 1;
    for (size_t i = 0; i < sah_lines_count(page->lines); i++) {
        size_t n;
        const sah_glyph_t *g = sah_lines_glyphs(page->lines, i, &n);
        /* Whole pixels do not change a glyph's phase: the line's x alone. */
        int32_t x0 = page->x[i];
        for (size_t k = *done > seen ? *done - seen : 0; k < n;) {
            size_t m = 0, got;
            for (; m < 256 && k + m < n; m++) {
                const sah_glyph_t *q = &g[k + m];
                run[m] = (sah_glyph_pos_t){q->font, q->glyph, x0 + q->x + q->x_offset, 0};
            }
            k += sah_glyphs_prerender(cache, run, m, max_new - made, &got);
            made += got;
            *done = seen + k;
            if (made >= max_new)
                return false;
        }
        seen += n;
    }
    return true;
}
