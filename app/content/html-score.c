/*
 * html-score.c - finding the article in a page, by scores in the manner of
 * Mozilla's Readability (Firefox's Reader View), in our own code.
 *
 * 1. Once: nodes that are never content are marked DEAD - scripts, styles,
 *    forms' controls, nav, aside, footer, and what the page hides (hidden,
 *    aria-hidden, display:none).
 * 2. A pass walks the page and cuts what looks like furniture by its class
 *    and id ("comment", "sidebar", "related", "share"...) or its ARIA role,
 *    and empty containers. Then every paragraph-like node (p, td, pre,
 *    headings, a div holding no block; loose text inside a div) of at least
 *    25 characters gives points - one, plus one per comma (Arabic's too),
 *    plus one per 100 characters up to three - to its parent, half to its
 *    grandparent, and a third of a level to each level above up to five.
 *    A candidate's points are weighed by its tag and class (+-25) and
 *    scaled down by its link density: menus are mostly links.
 * 3. The best candidate wins; its parent instead when three of the top five
 *    sit in it, or when the parent scores higher; then its siblings join
 *    when they score at least a fifth of it or read as prose.
 * 4. Inside, tables, lists and divs that look like furniture (more links or
 *    images than text, form fields, few commas) are cut.
 * 5. If less than 500 characters survive, the pass is run again without the
 *    class/id cuts, then without class weights, then without step 4, and
 *    the longest result is kept: a short article is better than a page cut
 *    to nothing.
 */
#include "app/content/html-score.h"

#include <stdlib.h>
#include <string.h>

/* Pass flags: what a pass may use (step 5 drops them one at a time). */
enum { F_STRIP = 1, F_WEIGHT = 2, F_CLEAN = 4 };

#define CHAR_THRESHOLD 500
#define N_TOP          5

/* ---- words in class and id ---------------------------------------------- */

static const char *const unlikely_words[] = {
    "-ad-",         "ai2html",    "banner",  "breadcrumbs", "combx",  "comment",
    "community",    "cover-wrap", "disqus",  "extra",       "footer", "gdpr",
    "header",       "legends",    "menu",    "related",     "remark", "replies",
    "rss",          "shoutbox",   "sidebar", "skyscraper",  "social", "sponsor",
    "supplemental", "ad-break",   "agegate", "pagination",  "pager",  "popup",
    "yom-remote",   NULL};
static const char *const maybe_words[] = {"and",  "article", "body",   "column", "content",
                                          "main", "mathjax", "shadow", NULL};
static const char *const positive_words[] = {"article", "body", "content", "entry",      "hentry",
                                             "h-entry", "main", "page",    "pagination", "post",
                                             "text",    "blog", "story",   NULL};
static const char *const negative_words[] = {
    "-ad-",     "hidden", "banner",   "combx",    "comment", "com-",       "contact",
    "footer",   "gdpr",   "masthead", "media",    "meta",    "outbrain",   "promo",
    "related",  "scroll", "share",    "shoutbox", "sidebar", "skyscraper", "sponsor",
    "shopping", "tags",   "widget",   NULL};
static const char *const byline_words[] = {"byline",    "author",   "dateline",
                                           "writtenby", "p-author", NULL};
static const char *const unlikely_roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                             "alert", "alertdialog", "dialog",        NULL};

static bool any_word(const char *s, const char *const *words)
{
    if (!s || !*s)
        return false;
    for (size_t i = 0; words[i]; i++)
        if (sah_hstr_contains(s, words[i]))
            return true;
    return false;
}

static bool is_word_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* @word as a token of @s: bounded by the ends, a non-letter or '_'. */
static bool has_token(const char *s, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = s; p && *p; p++) {
        if (strncmp(p, word, k) != 0)
            continue;
        bool before = p == s || !is_word_char(p[-1]);
        bool after = !is_word_char(p[k]);
        if (before && after)
            return true;
    }
    return false;
}

static int weight_of(const char *s)
{
    int w = 0;
    if (!s || !*s)
        return 0;
    if (any_word(s, negative_words) || has_token(s, "hid"))
        w -= 25;
    if (any_word(s, positive_words))
        w += 25;
    return w;
}

int sah_hscore_class_weight(const sah_hnode_t *e)
{
    return weight_of(sah_hdom_attr(e, "class")) + weight_of(sah_hdom_attr(e, "id"));
}

/* "class id" into @buf, for the word lists. */
static const char *match_string(const sah_hnode_t *e, char *buf, size_t size)
{
    const char *c = sah_hdom_attr(e, "class"), *id = sah_hdom_attr(e, "id");
    snprintf(buf, size, "%s %s", c ? c : "", id ? id : "");
    return buf;
}

/* ---- words in text ------------------------------------------------------ */

/* The next word of @s (letters of any script, digits), lower-cased ASCII;
 * returns its end, or NULL at the end of @s. */
static const char *next_word(const char *s, const char **start)
{
    while (*s && !(is_word_char(*s) || (unsigned char)*s >= 0x80))
        s++;
    if (!*s)
        return NULL;
    *start = s;
    while (*s && (is_word_char(*s) || (unsigned char)*s >= 0x80))
        s++;
    return s;
}

static bool has_word(const char *text, const char *w, size_t n)
{
    const char *st, *e;
    for (const char *p = text; (e = next_word(p, &st)); p = e)
        if ((size_t)(e - st) == n && !strncasecmp(st, w, n))
            return true;
    return false;
}

double sah_htext_similarity(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t total = 0, missing = 0;
    const char *st, *e;
    for (const char *p = b; (e = next_word(p, &st)); p = e) {
        size_t n = (size_t)(e - st);
        total += n + 1;
        if (!has_word(a, st, n))
            missing += n + 1;
    }
    return total ? 1.0 - (double)missing / (double)total : 0;
}

/* ---- the page's counts -------------------------------------------------- */

static bool is_div_to_p(int tag)
{
    return tag == TAG_BLOCKQUOTE || tag == TAG_DL || tag == TAG_DIV || tag == TAG_IMG ||
           tag == TAG_OL || tag == TAG_P || tag == TAG_PRE || tag == TAG_TABLE || tag == TAG_UL;
}

static bool is_textish(int tag)
{
    return tag == TAG_SPAN || tag == TAG_LI || tag == TAG_TD || is_div_to_p(tag);
}

static void add_counts(sah_hnode_t *p, const sah_hnode_t *c)
{
    p->text_len += c->text_len;
    p->commas += c->commas;
    p->link_len += c->link_len;
    p->n_p += c->n_p;
    p->n_img += c->n_img;
    p->n_li += c->n_li;
    p->n_input += c->n_input;
    p->n_embed += c->n_embed;
    p->heading_in += sah_htag_is_heading(c->tag) ? c->text_len : c->heading_in;
    p->textish_in += is_textish(c->tag) ? c->text_len : c->textish_in;
    p->list_in += c->tag == TAG_UL || c->tag == TAG_OL ? c->text_len : c->list_in;
    p->has_block |= is_div_to_p(c->tag) || c->has_block;
    p->has_table |= c->tag == TAG_TABLE || c->has_table;
}

/* A node's own terms, once its children are added. */
static void own_counts(sah_hnode_t *e)
{
    switch (e->tag) {
    case TAG_TEXT:
        e->text_len = e->own_len;
        e->commas = e->own_commas;
        break;
    case TAG_A: {
        const char *href = sah_hdom_attr(e, "href");
        /* An in-page link (a footnote, a table of contents) is less of a
         * sign of a menu than a link away. */
        e->link_len = (float)e->text_len * (href && href[0] == '#' ? 0.3f : 1.0f);
        break;
    }
    case TAG_P:
        e->n_p++;
        break;
    case TAG_IMG:
        e->n_img++;
        break;
    case TAG_LI:
        e->n_li++;
        break;
    case TAG_INPUT:
        e->n_input++;
        break;
    case TAG_EMBED:
    case TAG_OBJECT:
    case TAG_IFRAME:
        e->n_embed++;
        break;
    default:
        break;
    }
}

static void count_all(sah_hdom_t *d)
{
    for (size_t i = 0; i < d->count; i++) {
        sah_hnode_t *e = &d->n[i];
        e->text_len = e->commas = e->n_p = e->n_img = e->n_li = e->n_input = e->n_embed = 0;
        e->heading_in = e->textish_in = e->list_in = 0;
        e->link_len = 0;
        e->has_block = e->has_table = false;
    }
    for (size_t i = d->count; i-- > 0;) {
        sah_hnode_t *e = &d->n[i];
        own_counts(e);
        if (e->parent != SAH_HNONE && !(e->flags & (HN_DEAD | HN_CUT | HN_BYLINE | HN_HEADLINE)))
            add_counts(&d->n[e->parent], e);
    }
}

/* Cutting @i takes its counts off its ancestors, so that a div whose inner
 * furniture was cut is judged on what is left. */
static void cut(sah_hdom_t *d, uint32_t i)
{
    sah_hnode_t *e = &d->n[i];
    if (e->flags & HN_CUT)
        return;
    e->flags |= HN_CUT;
    for (uint32_t a = e->parent; a != SAH_HNONE; a = d->n[a].parent) {
        sah_hnode_t *p = &d->n[a];
        p->text_len -= e->text_len < p->text_len ? e->text_len : p->text_len;
        p->commas -= e->commas < p->commas ? e->commas : p->commas;
        p->link_len = p->link_len > e->link_len ? p->link_len - e->link_len : 0;
        p->n_p -= e->n_p < p->n_p ? e->n_p : p->n_p;
        p->n_img -= e->n_img < p->n_img ? e->n_img : p->n_img;
        p->n_li -= e->n_li < p->n_li ? e->n_li : p->n_li;
        p->n_input -= e->n_input < p->n_input ? e->n_input : p->n_input;
    }
}

static double link_density(const sah_hnode_t *e)
{
    return e->text_len ? e->link_len / (double)e->text_len : 0;
}

/* ---- step 1: never content ---------------------------------------------- */

static bool hidden_by_style(const char *style)
{
    char s[256];
    size_t k = 0;
    for (const char *p = style; *p && k + 1 < sizeof s; p++)
        if (*p != ' ' && *p != '\t')
            s[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    s[k] = 0;
    return strstr(s, "display:none") || strstr(s, "visibility:hidden");
}

static bool never_content(const sah_hnode_t *e)
{
    switch (e->tag) {
    case TAG_SCRIPT:
    case TAG_STYLE:
    case TAG_NOSCRIPT:
    case TAG_TEMPLATE:
    case TAG_LINK:
    case TAG_META:
    case TAG_HEAD:
    case TAG_SVG:
    case TAG_IFRAME:
    case TAG_OBJECT:
    case TAG_EMBED:
    case TAG_CANVAS:
    case TAG_AUDIO:
    case TAG_VIDEO:
    case TAG_INPUT:
    case TAG_BUTTON:
    case TAG_SELECT:
    case TAG_TEXTAREA:
    case TAG_OPTION:
    case TAG_NAV:
    case TAG_ASIDE:
    case TAG_DIALOG:
    case TAG_FOOTER:
    case TAG_MENU:
        return true;
    default:
        break;
    }
    if (e->tag == TAG_TEXT)
        return false;
    const char *v;
    if (sah_hdom_attr(e, "hidden"))
        return true;
    if ((v = sah_hdom_attr(e, "aria-hidden")) && !strcmp(v, "true") &&
        !sah_hstr_contains(sah_hdom_attr(e, "class"), "fallback-image"))
        return true;
    if ((v = sah_hdom_attr(e, "style")) && hidden_by_style(v))
        return true;
    if ((v = sah_hdom_attr(e, "role")) && !strcmp(v, "dialog") &&
        (v = sah_hdom_attr(e, "aria-modal")) && !strcmp(v, "true"))
        return true;
    return false;
}

static void mark_dead(sah_hdom_t *d)
{
    for (size_t i = 0; i < d->count; i++) {
        sah_hnode_t *e = &d->n[i];
        if (never_content(e)) {
            e->flags |= HN_DEAD;
            i = e->last;
        }
    }
}

/* ---- step 2: a pass's cuts ---------------------------------------------- */

typedef struct {
    sah_hdom_t *d;
    const char *title;
    bool find_byline;
    uint32_t byline, headline;
    int flags;
    uint32_t *list; /* candidates, then scratch */
    size_t n_list, cap_list;
    uint32_t *roots;
    size_t n_roots, cap_roots;
    bool nomem;
} pass_t;

static bool push(uint32_t **a, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        uint32_t *g = realloc(*a, c * sizeof *g);
        if (!g)
            return false;
        *a = g;
        *cap = c;
    }
    (*a)[(*n)++] = v;
    return true;
}

static bool has_ancestor(const sah_hdom_t *d, uint32_t i, int tag)
{
    for (uint32_t a = d->n[i].parent; a != SAH_HNONE; a = d->n[a].parent)
        if (d->n[a].tag == tag)
            return true;
    return false;
}

static bool valid_byline(const sah_hnode_t *e, const char *ms)
{
    const char *rel = sah_hdom_attr(e, "rel"), *ip = sah_hdom_attr(e, "itemprop");
    bool named = (rel && !strcmp(rel, "author")) || (ip && strstr(ip, "author")) ||
                 any_word(ms, byline_words);
    return named && e->text_len > 0 && e->text_len < 100;
}

static bool without_content(const sah_hnode_t *e)
{
    return e->text_len == 0 && e->n_img == 0 && e->n_embed == 0;
}

static bool repeats_title(const pass_t *p, const sah_hnode_t *e, uint32_t i)
{
    if ((e->tag != TAG_H1 && e->tag != TAG_H2) || !p->title)
        return false;
    char *t = sah_hdom_text_of(p->d, i, HN_DEAD);
    bool r = t && sah_htext_similarity(p->title, t) > 0.75;
    free(t);
    return r;
}

static void walk_cuts(pass_t *p)
{
    sah_hdom_t *d = p->d;
    char ms[512];
    for (uint32_t i = 0; i < d->count; i++) {
        sah_hnode_t *e = &d->n[i];
        if (e->flags & (HN_DEAD | HN_BYLINE | HN_HEADLINE)) {
            i = e->last;
            continue;
        }
        if (e->tag == TAG_TEXT)
            continue;
        match_string(e, ms, sizeof ms);
        if (p->find_byline && p->byline == SAH_HNONE && valid_byline(e, ms)) {
            p->byline = i;
            e->flags |= HN_BYLINE;
            i = e->last;
            continue;
        }
        if (p->headline == SAH_HNONE && repeats_title(p, e, i)) {
            p->headline = i;
            e->flags |= HN_HEADLINE;
            i = e->last;
            continue;
        }
        if ((p->flags & F_STRIP) && e->tag != TAG_BODY && e->tag != TAG_A) {
            const char *role = sah_hdom_attr(e, "role");
            bool unlikely = any_word(ms, unlikely_words) && !any_word(ms, maybe_words) &&
                            !has_ancestor(d, i, TAG_TABLE) && !has_ancestor(d, i, TAG_CODE);
            bool roled = false;
            for (size_t r = 0; role && unlikely_roles[r]; r++)
                roled |= !strcmp(role, unlikely_roles[r]);
            if (unlikely || roled) {
                e->flags |= HN_CUT;
                i = e->last;
                continue;
            }
        }
        if ((e->tag == TAG_DIV || e->tag == TAG_SECTION || e->tag == TAG_HEADER ||
             sah_htag_is_heading(e->tag)) &&
            without_content(e)) {
            e->flags |= HN_CUT;
            i = e->last;
        }
    }
}

/* ---- step 2: scores ----------------------------------------------------- */

static float tag_base(const sah_hnode_t *e)
{
    if (e->flags & HN_PARA)
        return 0;
    switch (e->tag) {
    case TAG_DIV:
        return 5;
    case TAG_PRE:
    case TAG_TD:
    case TAG_BLOCKQUOTE:
        return 3;
    case TAG_ADDRESS:
    case TAG_OL:
    case TAG_UL:
    case TAG_DL:
    case TAG_DD:
    case TAG_DT:
    case TAG_LI:
    case TAG_FORM:
        return -3;
    case TAG_H1:
    case TAG_H2:
    case TAG_H3:
    case TAG_H4:
    case TAG_H5:
    case TAG_H6:
    case TAG_TH:
        return -5;
    default:
        return 0;
    }
}

static void give(pass_t *p, uint32_t first, float points)
{
    sah_hdom_t *d = p->d;
    int level = 0;
    for (uint32_t a = first; a != SAH_HNONE && level < 5; a = d->n[a].parent) {
        sah_hnode_t *e = &d->n[a];
        if (e->flags & HN_PASS)
            continue;
        if (e->parent == SAH_HNONE) /* <html> itself is no candidate */
            break;
        if (!(e->flags & HN_SCORED)) {
            e->flags |= HN_SCORED;
            e->score =
                tag_base(e) + ((p->flags & F_WEIGHT) ? (float)sah_hscore_class_weight(e) : 0);
            if (!push(&p->list, &p->n_list, &p->cap_list, a))
                p->nomem = true;
        }
        e->score += points / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f);
        level++;
    }
}

static void score_text(pass_t *p, uint32_t parent, uint32_t len, uint32_t commas)
{
    if (len < 25)
        return;
    float points = 1.0f + (float)(commas + 1) + (float)(len / 100 > 3 ? 3 : len / 100);
    give(p, parent, points);
}

/* The only element child of @i, when there is no loose text beside it. */
static uint32_t only_child(const sah_hdom_t *d, uint32_t i)
{
    uint32_t found = SAH_HNONE;
    for (uint32_t j = i + 1; j <= d->n[i].last; j = d->n[j].last + 1) {
        const sah_hnode_t *c = &d->n[j];
        if (c->flags & (HN_DEAD | HN_CUT))
            continue;
        if (c->tag == TAG_TEXT) {
            if (c->own_len)
                return SAH_HNONE;
            continue;
        }
        if (found != SAH_HNONE)
            return SAH_HNONE;
        found = j;
    }
    return found;
}

/* Loose text and inline elements inside a div read as paragraphs of it. */
static void score_runs(pass_t *p, uint32_t div)
{
    sah_hdom_t *d = p->d;
    uint32_t len = 0, commas = 0;
    for (uint32_t j = div + 1; j <= d->n[div].last; j = d->n[j].last + 1) {
        const sah_hnode_t *c = &d->n[j];
        if (c->flags & (HN_DEAD | HN_CUT | HN_BYLINE | HN_HEADLINE))
            continue;
        if (sah_htag_is_phrasing(c->tag) && c->tag != TAG_IMG && !c->has_block) {
            len += c->text_len;
            commas += c->commas;
            continue;
        }
        score_text(p, div, len, commas);
        len = commas = 0;
    }
    score_text(p, div, len, commas);
}

static void score_all(pass_t *p)
{
    sah_hdom_t *d = p->d;
    for (uint32_t i = 0; i < d->count; i++) {
        sah_hnode_t *e = &d->n[i];
        if (e->flags & (HN_DEAD | HN_CUT | HN_BYLINE | HN_HEADLINE)) {
            i = e->last;
            continue;
        }
        switch (e->tag) {
        case TAG_DIV: {
            uint32_t only = only_child(d, i);
            if (only != SAH_HNONE && d->n[only].tag == TAG_P && link_density(e) < 0.25)
                e->flags |= HN_PASS;
            else if (!e->has_block) {
                e->flags |= HN_PARA;
                score_text(p, e->parent, e->text_len, e->commas);
            } else
                score_runs(p, i);
            break;
        }
        case TAG_SECTION:
        case TAG_H2:
        case TAG_H3:
        case TAG_H4:
        case TAG_H5:
        case TAG_H6:
        case TAG_P:
        case TAG_TD:
        case TAG_PRE:
            score_text(p, e->parent, e->text_len, e->commas);
            break;
        default:
            break;
        }
    }
}

/* ---- step 3: the top candidate and its siblings ------------------------- */

static uint32_t find_body(const sah_hdom_t *d)
{
    for (uint32_t i = 0; i < d->count; i++)
        if (d->n[i].tag == TAG_BODY)
            return i;
    return d->count ? 0 : SAH_HNONE;
}

static bool is_ancestor(const sah_hdom_t *d, uint32_t a, uint32_t i)
{
    return a <= i && i <= d->n[a].last;
}

/* The top candidate's parent when three of the close runners-up sit in it. */
static uint32_t shared_parent(pass_t *p, const uint32_t *top, size_t n_top, uint32_t body)
{
    sah_hdom_t *d = p->d;
    uint32_t best = top[0];
    size_t close = 0;
    for (size_t t = 1; t < n_top; t++)
        close += d->n[top[t]].score / d->n[best].score >= 0.75f;
    if (close < 3)
        return best;
    for (uint32_t a = d->n[best].parent; a != SAH_HNONE && a != body; a = d->n[a].parent) {
        size_t inside = 0;
        for (size_t t = 1; t < n_top; t++)
            inside += d->n[top[t]].score / d->n[best].score >= 0.75f && is_ancestor(d, a, top[t]);
        if (inside >= 3)
            return a;
    }
    return best;
}

static uint32_t climb(pass_t *p, uint32_t top, uint32_t body)
{
    sah_hdom_t *d = p->d;
    float last = d->n[top].score, floor = last / 3;
    for (uint32_t a = d->n[top].parent; a != SAH_HNONE && a != body; a = d->n[a].parent) {
        if (!(d->n[a].flags & HN_SCORED))
            continue;
        if (d->n[a].score < floor)
            break;
        if (d->n[a].score > last)
            return a;
        last = d->n[a].score;
    }
    /* An only child: its parent, so that the siblings below are its peers. */
    for (uint32_t a = d->n[top].parent; a != SAH_HNONE && a != body; a = d->n[a].parent) {
        if (only_child(d, a) != top)
            break;
        top = a;
    }
    return top;
}

static bool reads_as_prose(pass_t *p, uint32_t s)
{
    sah_hnode_t *e = &p->d->n[s];
    double ld = link_density(e);
    if (e->text_len > 80)
        return ld < 0.25;
    if (e->text_len == 0 || ld > 0)
        return false;
    char *t = sah_hdom_text_of(p->d, s, HN_DEAD | HN_CUT);
    bool r = t && (strstr(t, ". ") || (t[0] && t[strlen(t) - 1] == '.'));
    free(t);
    return r;
}

static void join_siblings(pass_t *p, uint32_t top)
{
    sah_hdom_t *d = p->d;
    sah_hnode_t *t = &d->n[top];
    float threshold = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
    const char *tclass = sah_hdom_attr(t, "class");
    uint32_t parent = t->parent;
    if (parent == SAH_HNONE) {
        p->nomem |= !push(&p->roots, &p->n_roots, &p->cap_roots, top);
        return;
    }
    for (uint32_t s = parent + 1; s <= d->n[parent].last; s = d->n[s].last + 1) {
        sah_hnode_t *e = &d->n[s];
        if (e->tag == TAG_TEXT || (e->flags & (HN_DEAD | HN_CUT | HN_BYLINE | HN_HEADLINE)))
            continue;
        bool append = s == top;
        if (!append) {
            const char *c = sah_hdom_attr(e, "class");
            float bonus = tclass && *tclass && c && !strcmp(c, tclass) ? t->score * 0.2f : 0;
            if ((e->flags & HN_SCORED) && e->score + bonus >= threshold)
                append = true;
            else if (e->tag == TAG_P || (e->flags & (HN_PASS | HN_PARA)))
                append = reads_as_prose(p, s);
        }
        if (append)
            p->nomem |= !push(&p->roots, &p->n_roots, &p->cap_roots, s);
    }
}

static void choose(pass_t *p)
{
    sah_hdom_t *d = p->d;
    uint32_t top[N_TOP];
    size_t n_top = 0;
    for (size_t c = 0; c < p->n_list; c++) {
        uint32_t i = p->list[c];
        sah_hnode_t *e = &d->n[i];
        e->score *= (float)(1.0 - link_density(e));
        size_t at = n_top;
        while (at > 0 && e->score > d->n[top[at - 1]].score)
            at--;
        if (at >= N_TOP)
            continue;
        if (n_top < N_TOP)
            n_top++;
        memmove(top + at + 1, top + at, (n_top - 1 - at) * sizeof *top);
        top[at] = i;
    }
    uint32_t body = find_body(d);
    if (n_top == 0 || top[0] == body || body == SAH_HNONE) {
        if (body != SAH_HNONE)
            p->nomem |= !push(&p->roots, &p->n_roots, &p->cap_roots, body);
        return;
    }
    uint32_t best = shared_parent(p, top, n_top, body);
    best = climb(p, best, body);
    join_siblings(p, best);
}

/* ---- step 4: cleaning inside ------------------------------------------- */

static void table_size(const sah_hdom_t *d, uint32_t t, uint32_t *rows, uint32_t *cols)
{
    *rows = *cols = 0;
    for (uint32_t j = t + 1; j <= d->n[t].last; j++) {
        if (d->n[j].tag == TAG_TABLE) {
            j = d->n[j].last;
            continue;
        }
        if (d->n[j].tag != TAG_TR)
            continue;
        uint32_t cells = 0;
        for (uint32_t k = j + 1; k <= d->n[j].last; k = d->n[k].last + 1)
            cells += d->n[k].tag == TAG_TD || d->n[k].tag == TAG_TH;
        (*rows)++;
        *cols = cells > *cols ? cells : *cols;
    }
}

/* A table of data (read as rows) rather than one laying out the page. */
static bool is_data_table(const sah_hdom_t *d, uint32_t t)
{
    const sah_hnode_t *e = &d->n[t];
    const char *role = sah_hdom_attr(e, "role"), *dt = sah_hdom_attr(e, "datatable");
    if ((role && !strcmp(role, "presentation")) || (dt && !strcmp(dt, "0")))
        return false;
    if (sah_hdom_attr(e, "summary"))
        return true;
    for (uint32_t j = t + 1; j <= e->last; j++) {
        int tag = d->n[j].tag;
        if ((tag == TAG_CAPTION && d->n[j].last > j) || tag == TAG_COL || tag == TAG_COLGROUP ||
            tag == TAG_TFOOT || tag == TAG_THEAD || tag == TAG_TH)
            return true;
    }
    if (e->has_table)
        return false;
    uint32_t rows, cols;
    table_size(d, t, &rows, &cols);
    if (rows <= 1 || cols <= 1)
        return false;
    return rows >= 10 || cols > 4 || rows * cols > 10;
}

static void mark_tables(pass_t *p)
{
    sah_hdom_t *d = p->d;
    for (uint32_t i = 0; i < d->count; i++)
        if (d->n[i].tag == TAG_TABLE && !(d->n[i].flags & HN_DEAD) && is_data_table(d, i))
            d->n[i].flags |= HN_DATATABLE;
}

static bool near_data_table(const sah_hdom_t *d, uint32_t i)
{
    for (uint32_t a = d->n[i].parent; a != SAH_HNONE; a = d->n[a].parent)
        if (d->n[a].flags & HN_DATATABLE)
            return true;
    if (!d->n[i].has_table)
        return false;
    for (uint32_t j = i + 1; j <= d->n[i].last; j++)
        if (d->n[j].flags & HN_DATATABLE)
            return true;
    return false;
}

static bool ad_or_loading(const sah_hdom_t *d, uint32_t i)
{
    static const char *const words[] = {
        "ad",         "advertising", "advertisement", "pub",     "publicité",    "werbung",
        "广告",       "Реклама",     "anuncio",       "loading", "loading...",   "loading…",
        "chargement", "cargando",    "إعلان",         "اعلان",   "advertisment", NULL};
    if (d->n[i].text_len > 20)
        return false;
    char *t = sah_hdom_text_of(d, i, HN_DEAD | HN_CUT);
    bool r = false;
    for (size_t k = 0; t && words[k] && !r; k++)
        r = !strcasecmp(t, words[k]);
    free(t);
    return r;
}

static bool furniture(pass_t *p, uint32_t i, int tag)
{
    sah_hdom_t *d = p->d;
    sah_hnode_t *e = &d->n[i];
    bool list =
        tag == TAG_UL || tag == TAG_OL || (e->text_len && (double)e->list_in / e->text_len > 0.9);
    if ((tag == TAG_TABLE && (e->flags & HN_DATATABLE)) || near_data_table(d, i) ||
        has_ancestor(d, i, TAG_CODE))
        return false;
    int weight = (p->flags & F_WEIGHT) ? sah_hscore_class_weight(e) : 0;
    if (weight < 0)
        return true;
    if (e->commas >= 10)
        return false;
    if (ad_or_loading(d, i))
        return true;
    double p_n = e->n_p, img = e->n_img, li = (double)e->n_li - 100, input = e->n_input;
    double heading = e->text_len ? (double)e->heading_in / e->text_len : 0;
    double ld = link_density(e);
    bool figure = has_ancestor(d, i, TAG_FIGURE);
    uint32_t p_third = e->n_p / 3; /* whole form fields per three paragraphs */
    bool bad =
        (!figure && img > 1 && p_n / img < 0.5) || (!list && li > p_n) || input > (double)p_third ||
        (!list && !figure && heading < 0.9 && e->text_len < 25 && (img == 0 || img > 2) &&
         ld > 0) ||
        (!list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) ||
        (e->n_embed == 1 && e->text_len < 75) || e->n_embed > 1 || (img == 0 && e->textish_in == 0);
    if (bad && list) {
        /* A list of images alone (a gallery) stays. */
        bool simple = true;
        for (uint32_t c = i + 1; c <= e->last; c = d->n[c].last + 1) {
            size_t kids = 0;
            for (uint32_t k = c + 1; k <= d->n[c].last; k = d->n[k].last + 1)
                kids += d->n[k].tag != TAG_TEXT;
            simple &= kids <= 1;
        }
        if (simple && e->n_img == e->n_li + (uint32_t)0 && e->n_li > 0)
            return false;
    }
    return bad;
}

static void clean_tag(pass_t *p, int tag)
{
    sah_hdom_t *d = p->d;
    p->n_list = 0;
    for (size_t r = 0; r < p->n_roots; r++) {
        uint32_t root = p->roots[r];
        for (uint32_t j = root; j <= d->n[root].last; j++) {
            if (d->n[j].flags & (HN_DEAD | HN_CUT)) {
                j = d->n[j].last;
                continue;
            }
            if (d->n[j].tag == tag)
                p->nomem |= !push(&p->list, &p->n_list, &p->cap_list, j);
        }
    }
    for (size_t k = p->n_list; k-- > 0;)
        if (furniture(p, p->list[k], tag))
            cut(d, p->list[k]);
}

static bool is_share(const char *ms)
{
    return has_token(ms, "share") || has_token(ms, "sharedaddy");
}

static void clean_inside(pass_t *p)
{
    sah_hdom_t *d = p->d;
    char ms[512];
    mark_tables(p);
    count_all(d);
    if (p->flags & F_CLEAN) {
        clean_tag(p, TAG_FORM);
        clean_tag(p, TAG_FIELDSET);
    }
    for (size_t r = 0; r < p->n_roots; r++) {
        uint32_t root = p->roots[r];
        for (uint32_t j = root + 1; j <= d->n[root].last; j++) {
            sah_hnode_t *e = &d->n[j];
            if (e->tag == TAG_TEXT || (e->flags & (HN_DEAD | HN_CUT)))
                continue;
            match_string(e, ms, sizeof ms);
            bool header = (e->tag == TAG_H1 || e->tag == TAG_H2) && (p->flags & F_WEIGHT) &&
                          sah_hscore_class_weight(e) < 0;
            if ((is_share(ms) && e->text_len < CHAR_THRESHOLD) || header) {
                cut(d, j);
                j = e->last;
            }
        }
    }
    if (p->flags & F_CLEAN) {
        clean_tag(p, TAG_TABLE);
        clean_tag(p, TAG_UL);
        clean_tag(p, TAG_DIV);
    }
}

static size_t roots_text(const pass_t *p)
{
    size_t n = 0;
    for (size_t r = 0; r < p->n_roots; r++)
        n += p->d->n[p->roots[r]].text_len;
    return n;
}

/* ---- the passes ---------------------------------------------------------- */

static void run_pass(pass_t *p, int flags)
{
    sah_hdom_t *d = p->d;
    for (size_t i = 0; i < d->count; i++) {
        d->n[i].flags &=
            ~(uint32_t)(HN_CUT | HN_SCORED | HN_PARA | HN_PASS | HN_ARTICLE | HN_DATATABLE);
        d->n[i].score = 0;
    }
    p->flags = flags;
    p->n_list = p->n_roots = 0;
    count_all(d);
    walk_cuts(p);
    count_all(d);
    score_all(p);
    choose(p);
    clean_inside(p);
}

bool sah_hscore_extract(sah_hdom_t *d, const char *title, bool find_byline, sah_hscore_t *out)
{
    static const int plans[] = {F_STRIP | F_WEIGHT | F_CLEAN, F_WEIGHT | F_CLEAN, F_CLEAN, 0};
    pass_t p = {.d = d,
                .title = title,
                .find_byline = find_byline,
                .byline = SAH_HNONE,
                .headline = SAH_HNONE};
    memset(out, 0, sizeof *out);
    out->byline = out->headline = SAH_HNONE;
    if (d->count == 0)
        return true;
    mark_dead(d);
    size_t best_len = 0;
    int best = plans[0];
    for (size_t k = 0; k < sizeof plans / sizeof *plans; k++) {
        run_pass(&p, plans[k]);
        size_t len = roots_text(&p);
        if (len >= CHAR_THRESHOLD) {
            best = -1;
            break;
        }
        if (len > best_len || k == 0) {
            best_len = len;
            best = plans[k];
        }
    }
    if (best >= 0)
        run_pass(&p, best);
    for (size_t r = 0; r < p.n_roots; r++)
        d->n[p.roots[r]].flags |= HN_ARTICLE;
    out->roots = p.roots;
    out->n_roots = p.n_roots;
    out->byline = p.byline;
    out->headline = p.headline;
    /* The direction the page gives its content: a dir attribute on the
     * content's parent or an ancestor. */
    if (p.n_roots) {
        for (uint32_t a = p.roots[0]; a != SAH_HNONE && !out->dir; a = d->n[a].parent)
            out->dir = sah_hdom_attr(&d->n[a], "dir");
    }
    free(p.list);
    if (p.nomem) {
        free(p.roots);
        out->roots = NULL;
        out->n_roots = 0;
        return false;
    }
    return true;
}

void sah_hscore_clear(sah_hscore_t *s)
{
    free(s->roots);
    s->roots = NULL;
    s->n_roots = 0;
}
