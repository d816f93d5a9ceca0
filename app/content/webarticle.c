/*
 * webarticle.c - see webarticle.h. The article is assembled from html.h's
 * blocks; most of the work is the map from its text back to the page.
 *
 * The map: html.h gives each block its range of the page and its text
 * (entities decoded, white space collapsed, hidden inline nodes left out),
 * not where each character came from. So each block's text is aligned
 * again with the bytes of its range, read as the parser reads them: markup
 * (tags, comments, scripts and styles) shows nothing, a run of white space
 * shows one space, an entity shows its character. Matching characters go
 * together; text the range does not hold is skipped over, and source the
 * text does not show is skipped until the next few characters match again.
 */
#include "app/content/webarticle.h"

#include "app/content/article-build.h"
#include "app/content/hash.h"
#include "app/content/html.h"
#include "platform/grow.h"
#include "platform/isodate.h"
#include "platform/log.h"

#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Resynchronising after a miss: the next RESYNC_CHARS characters of the
 * text must match from the candidate, which lies within RESYNC_WINDOW bytes
 * (a hidden span inside a paragraph is short; a longer skip is no longer
 * the same text). */
#define RESYNC_CHARS  4
#define RESYNC_WINDOW 4096
/* How far past its range a block's last characters are looked for. */
#define BLOCK_SLACK 64

bool sah_article_is_web_page(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && !strchr(dot, '/') &&
           (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"));
}

/* ---- the page's bytes as the parser reads them --------------------------- */

typedef enum { U_END, U_MARKUP, U_SPACE, U_CHAR } unit_kind_t;

typedef struct {
    unit_kind_t kind;
    size_t len;  /* bytes of the source */
    char val[4]; /* U_CHAR: the character it shows, UTF-8 */
    size_t vlen;
} unit_t;

static bool is_alpha(char c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Where the case-insensitive @needle starts in [p, e), or e. */
static size_t find_ci(const char *s, size_t p, size_t e, const char *needle)
{
    size_t k = strlen(needle);
    for (; p + k <= e; p++)
        if (!strncasecmp(s + p, needle, k))
            return p;
    return e;
}

/* The byte past the tag that starts at @p ('<'), quotes respected. */
static size_t tag_end(const char *s, size_t p, size_t e)
{
    char quote = 0, prev = 0;
    for (p++; p < e; p++) {
        char c = s[p];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if ((c == '"' || c == '\'') && prev == '=') {
            quote = c;
        } else if (c == '>') {
            return p + 1;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            prev = c;
    }
    return e;
}

/* Markup at @p: a tag, a comment, or a script or style with its content
 * (the parser reads those as raw text that is never shown). */
static size_t markup_len(const char *s, size_t p, size_t e)
{
    if (p + 4 <= e && !memcmp(s + p, "<!--", 4)) {
        size_t c = find_ci(s, p + 4, e, "-->");
        return (c < e ? c + 3 : e) - p;
    }
    size_t q = tag_end(s, p, e);
    static const char *const raw[] = {"script", "style"}, *const close[] = {"</script", "</style"};
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(raw[i]);
        if (p + 1 + k < e && !strncasecmp(s + p + 1, raw[i], k) && !is_alnum(s[p + 1 + k])) {
            size_t c = find_ci(s, q, e, close[i]);
            q = c < e ? tag_end(s, c, e) : e;
        }
    }
    return q - p;
}

static size_t put_utf8(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The entity at @p ('&'): its length and code point, or 0 when the '&' is
 * a character of its own (no ';', an unknown name), as libxml2 reads it. */
static size_t entity(const char *s, size_t p, size_t e, uint32_t *cp)
{
    size_t q = p + 1;
    uint64_t v = 0;
    if (q < e && s[q] == '#') {
        bool hex = q + 1 < e && (s[q + 1] | 32) == 'x';
        q += hex ? 2 : 1;
        size_t d = q;
        for (; q < e && q - d < 8; q++) {
            char c = s[q];
            int k = c >= '0' && c <= '9'                        ? c - '0'
                    : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                                : -1;
            if (k < 0)
                break;
            v = v * (hex ? 16 : 10) + (uint64_t)k;
        }
        if (q == d || q >= e || s[q] != ';')
            return 0;
        *cp = v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (uint32_t)v;
        return q + 1 - p;
    }
    char name[33];
    size_t k = 0;
    while (q < e && is_alnum(s[q]) && k + 1 < sizeof name)
        name[k++] = s[q++];
    name[k] = 0;
    if (!k || q >= e || s[q] != ';')
        return 0;
    const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
    if (!d)
        return 0;
    *cp = d->value;
    return q + 1 - p;
}

static bool space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0;
}

/* The unit of the page at @p: markup, one white-space character (html.h
 * collapses U+00A0 too), or one shown character. */
static void next_unit(const char *s, size_t p, size_t e, unit_t *u)
{
    u->vlen = 0;
    if (p >= e) {
        u->kind = U_END;
        u->len = 0;
        return;
    }
    unsigned char c = (unsigned char)s[p];
    if (c == '<' && p + 1 < e &&
        (is_alpha(s[p + 1]) || s[p + 1] == '/' || s[p + 1] == '!' || s[p + 1] == '?')) {
        u->kind = U_MARKUP;
        u->len = markup_len(s, p, e);
        return;
    }
    uint32_t cp;
    size_t n;
    if (c == '&' && (n = entity(s, p, e, &cp)) > 0) {
        u->kind = space_cp(cp) ? U_SPACE : U_CHAR;
        u->len = n;
        u->vlen = put_utf8(cp, u->val);
        return;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        (c == 0xC2 && p + 1 < e && (unsigned char)s[p + 1] == 0xA0)) {
        u->kind = U_SPACE;
        u->len = c == 0xC2 ? 2 : 1;
        return;
    }
    n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > e - p)
        n = e - p;
    u->kind = U_CHAR;
    u->len = u->vlen = n;
    memcpy(u->val, s + p, n);
}

/* Past the markup and white space at @p. */
static size_t skip_quiet(const char *s, size_t p, size_t e)
{
    unit_t u;
    for (;;) {
        next_unit(s, p, e, &u);
        if (u.kind != U_MARKUP && u.kind != U_SPACE)
            return p;
        p += u.len;
    }
}

static size_t char_len(const char *t, size_t i, size_t n)
{
    unsigned char c = (unsigned char)t[i];
    size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return k < n - i ? k : n - i;
}

/* Whether the unit @u shows the text's character at @i. */
static bool shows(const unit_t *u, const char *t, size_t i, size_t n)
{
    size_t k = char_len(t, i, n);
    return u->kind == U_CHAR && u->vlen == k && !memcmp(u->val, t + i, k);
}

/* Whether the text's next RESYNC_CHARS characters from @i are what the
 * page shows from @p. */
static bool matches_at(const char *s, size_t p, size_t e, const char *t, size_t i, size_t n)
{
    unit_t u;
    for (int k = 0; k < RESYNC_CHARS && i < n; k++) {
        p = skip_quiet(s, p, e);
        if (t[i] == ' ') {
            i++;
            continue;
        }
        next_unit(s, p, e, &u);
        if (!shows(&u, t, i, n))
            return false;
        p += u.len;
        i += char_len(t, i, n);
    }
    return true;
}

/* ---- the map -------------------------------------------------------------- */

typedef struct {
    sah_offset_point_t *p;
    size_t n, cap;
    size_t base; /* the page's first byte in the article's source (pages before it) */
    bool nomem;
} map_t;

/* Adds the point (@t, @s + base), never going back in the source; a point
 * that continues a run of characters written as themselves replaces the
 * last. */
static void map_push(map_t *m, size_t t, size_t s)
{
    s += m->base;
    if (m->n) {
        sah_offset_point_t *last = &m->p[m->n - 1];
        if (s < last->source)
            s = last->source;
        if (t == last->text && s == last->source)
            return;
        if (m->n >= 2) {
            const sah_offset_point_t *prev = last - 1;
            size_t dt = last->text - prev->text, ds = last->source - prev->source;
            if (dt && dt == ds && t - last->text == s - last->source && t > last->text) {
                *last = (sah_offset_point_t){t, s};
                return;
            }
        }
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        sah_offset_point_t *g = realloc(m->p, cap * sizeof *g);
        if (!g) {
            m->nomem = true;
            return;
        }
        m->p = g;
        m->cap = cap;
    }
    m->p[m->n++] = (sah_offset_point_t){t, s};
}

/* Where the page shows the text's character at @i again, from @q on; SIZE_MAX
 * when not within RESYNC_WINDOW. */
static size_t resync(const char *s, size_t q, size_t e, const char *t, size_t i, size_t n)
{
    size_t stop = e - q > RESYNC_WINDOW ? q + RESYNC_WINDOW : e;
    unit_t u;
    for (size_t p = q; p < stop; p += u.len) {
        next_unit(s, p, e, &u);
        if (shows(&u, t, i, n) && matches_at(s, p, e, t, i, n))
            return p;
    }
    return SIZE_MAX;
}

/* Whether the source byte @c stands for itself whatever follows: not
 * markup, an entity, white space or the lead byte of U+00A0. */
static bool plain_byte(char c)
{
    return c != '<' && c != '&' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
           c != '\xC2';
}

/* Maps the block's text [@tb, @tb + @n) onto its bytes [@bs, @be). Its
 * last characters may be matched up to @lim: a range html.h ends a
 * character early must not cost the text its end. Returns: where the
 * block ends in the source, at least @be. */
static size_t align_block(map_t *m, const char *s, size_t bs, size_t be, size_t lim, const char *t,
                          size_t n, size_t tb)
{
    size_t mark = m->n, p = bs, misses = 0;
    unit_t u;
    map_push(m, tb, bs);
    for (size_t i = 0; i < n;) {
        /* Most of a paragraph is bytes written as themselves: one run,
         * two points. */
        if (p < lim && t[i] == s[p] && plain_byte(s[p])) {
            size_t k = 1;
            while (i + k < n && p + k < lim && t[i + k] == s[p + k] && plain_byte(s[p + k]))
                k++;
            while (k > 0 && i + k < n && ((unsigned char)t[i + k] & 0xC0) == 0x80)
                k--; /* whole characters only */
            if (k > 0) {
                map_push(m, tb + i, p);
                map_push(m, tb + i + k, p + k);
                i += k;
                p += k;
                continue;
            }
        }
        size_t q = skip_quiet(s, p, lim);
        if (t[i] == ' ') {
            map_push(m, tb + i, p);
            map_push(m, tb + i + 1, q);
            p = q;
            i++;
            continue;
        }
        next_unit(s, q, lim, &u);
        size_t k = char_len(t, i, n);
        if (shows(&u, t, i, n)) {
            map_push(m, tb + i, q);
            p = q + u.len;
            map_push(m, tb + (i += k), p);
            continue;
        }
        size_t r = resync(s, q, lim, t, i, n);
        if (r != SIZE_MAX) {
            p = r; /* the source skipped: the next point goes there */
            continue;
        }
        if (++misses > 16 + n / 16) {
            /* Not this text: linear from the block's start to its end. */
            m->n = mark;
            map_push(m, tb, bs);
            p = bs;
            break;
        }
        map_push(m, tb + i, q);
        map_push(m, tb + (i += k), q);
        p = q;
    }
    if (p > bs)
        map_push(m, tb + n, p);
    map_push(m, tb + n, p > be ? p : be);
    return p > be ? p : be;
}

/* The value of the alt attribute of the <img> tag at [@bs, @be): its
 * bytes [*vs, *ve) between the quotes. False when it has none. */
static bool alt_value(const char *s, size_t bs, size_t be, size_t *vs, size_t *ve)
{
    size_t tag = tag_end(s, bs, be);
    for (size_t p = bs + 1; p + 4 < tag; p++) {
        char b = s[p - 1];
        if (strncasecmp(s + p, "alt", 3) != 0 || !(b == ' ' || b == '\t' || b == '\n' || b == '\r'))
            continue;
        size_t q = p + 3;
        while (q < tag && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r'))
            q++;
        if (q >= tag || s[q] != '=')
            continue;
        for (q++; q < tag && (s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r');)
            q++;
        char quote = 0;
        if (q < tag && (s[q] == '"' || s[q] == '\''))
            quote = s[q++];
        size_t e = q;
        while (e < tag && (quote ? s[e] != quote : s[e] != ' ' && s[e] != '>'))
            e++;
        *vs = q;
        *ve = e;
        return true;
    }
    return false;
}

/* A figure: its alt text against the tag's alt attribute when it has one,
 * else linearly over the whole tag (U+FFFC stands for the photo). */
static void align_figure(map_t *m, const char *s, const sah_html_block_t *b, const char *t,
                         size_t n, size_t tb)
{
    size_t vs, ve;
    map_push(m, tb, b->start);
    if (b->alt && b->alt[0] && alt_value(s, b->start, b->end, &vs, &ve))
        (void)align_block(m, s, vs, ve, ve, t, n, tb);
    map_push(m, tb + n, b->end);
}

/* ---- the article ---------------------------------------------------------- */

/* An article being made of one page or more (webarticle.h). */
struct sah_web_pages {
    sah_article_draft_t d;
    size_t cap_text, cap_parts, cap_figures;
    map_t m;
    size_t n_pages;
};

static sah_part_kind_t kind_of(sah_html_role_t r)
{
    switch (r) {
    case SAH_HTML_HEADLINE:
        return SAH_PART_HEADLINE;
    case SAH_HTML_DECK:
        return SAH_PART_DECK;
    case SAH_HTML_BYLINE:
        return SAH_PART_BYLINE;
    case SAH_HTML_DATE:
        return SAH_PART_DATE;
    case SAH_HTML_SOURCE:
        return SAH_PART_SOURCE;
    case SAH_HTML_HEADING:
        return SAH_PART_HEADING;
    case SAH_HTML_QUOTE:
        return SAH_PART_QUOTE;
    case SAH_HTML_LIST_ITEM:
        return SAH_PART_LIST_ITEM;
    case SAH_HTML_CAPTION:
        return SAH_PART_CAPTION;
    case SAH_HTML_FIGURE:
        return SAH_PART_FIGURE;
    case SAH_HTML_BODY: /* a table row too */
    default:
        return SAH_PART_BODY;
    }
}

static bool front_role(sah_html_role_t r)
{
    return r == SAH_HTML_HEADLINE || r == SAH_HTML_BYLINE || r == SAH_HTML_DATE ||
           r == SAH_HTML_SOURCE;
}

static sah_encoding_t encoding_of(const char *name)
{
    static const struct {
        const char *name;
        sah_encoding_t enc;
    } known[] = {
        {"utf-8", SAH_ENCODING_UTF8},           {"windows-1256", SAH_ENCODING_CP1256},
        {"utf-16le", SAH_ENCODING_UTF16LE},     {"utf-16be", SAH_ENCODING_UTF16BE},
        {"windows-1252", SAH_ENCODING_CP1252},  {"windows-1255", SAH_ENCODING_CP1255},
        {"iso-8859-6", SAH_ENCODING_ISO8859_6},
    };
    for (size_t i = 0; name && i < sizeof known / sizeof *known; i++)
        if (!strcmp(name, known[i].name))
            return known[i].enc;
    return name ? SAH_ENCODING_OTHER : SAH_ENCODING_UTF8;
}

/* What a block shows as text: a figure its alt, else U+FFFC (every part
 * has bytes of its own); NULL for a block with nothing to show. */
static const char *shown_text(const sah_html_block_t *b)
{
    if (b->role == SAH_HTML_FIGURE)
        return b->alt && b->alt[0] ? b->alt : "\xEF\xBF\xBC";
    return b->text && b->text[0] ? b->text : NULL;
}

static bool dup_opt(const char *s, char **out)
{
    *out = s ? strdup(s) : NULL;
    return !s || *out;
}

/* The author's name in a byline: "بقلم ليلى منصور", "By Jane Doe" and
 * "كتب: ..." without their lead word (the byline part keeps it). */
static const char *author_of(const char *byline)
{
    static const char *const leads[] = {"بقلم", "كتبت", "كتب", "إعداد", "By", "by", "BY"};
    if (!byline)
        return NULL;
    for (size_t i = 0; i < sizeof leads / sizeof *leads; i++) {
        size_t k = strlen(leads[i]);
        if (strncmp(byline, leads[i], k) != 0 || (byline[k] != ' ' && byline[k] != ':'))
            continue;
        const char *r = byline + k;
        while (*r == ' ' || *r == ':')
            r++;
        return *r ? r : byline;
    }
    return byline;
}

static bool fill_meta(sah_article_draft_t *d, const sah_html_t *h)
{
    const sah_html_meta_t *hm = sah_html_meta(h);
    d->dir = hm->dir && !strcmp(hm->dir, "ltr") ? "ltr" : "rtl";
    d->encoding = encoding_of(hm->encoding);
    return dup_opt(hm->title, &d->title) && dup_opt(hm->site_name, &d->source) &&
           dup_opt(hm->date && sah_iso_date_ok(hm->date) ? hm->date : NULL, &d->date) &&
           dup_opt(hm->lang && hm->lang[0] ? hm->lang : NULL, &d->lang) &&
           dup_opt(author_of(hm->byline), &d->author) && dup_opt(hm->excerpt, &d->summary);
}

/* The start of the first block after the front ones: the front (headline,
 * byline, date, source) is in the page's order only before it. */
static size_t content_start(const sah_html_t *h, size_t src_len)
{
    for (size_t i = 0; i < sah_html_n_blocks(h); i++) {
        const sah_html_block_t *b = sah_html_block(h, i);
        if (!front_role(b->role))
            return b->start;
    }
    return src_len;
}

static bool add_figure(sah_article_draft_t *d, const sah_html_block_t *b)
{
    sah_figure_t *f = &d->figures[d->n_figures];
    f->remote = b->remote;
    f->src = strdup(b->src ? b->src : "");
    f->alt = b->alt && b->alt[0] ? strdup(b->alt) : NULL;
    d->n_figures++; /* counted now: freed by the draft on failure */
    return f->src && (!b->alt || !b->alt[0] || f->alt);
}

/* Room for @h's blocks after what @p holds: its text, a part and a join
 * per block, its figures. */
static bool make_room(sah_web_pages_t *p, const sah_html_t *h)
{
    size_t nb = sah_html_n_blocks(h), text = p->d.len + 1, n_fig = p->d.n_figures;
    for (size_t i = 0; i < nb; i++) {
        const sah_html_block_t *b = sah_html_block(h, i);
        const char *t = shown_text(b);
        text += t ? strlen(t) + 1 : 0;
        n_fig += b->role == SAH_HTML_FIGURE;
    }
    return sah_grow((void **)&p->d.text, &p->cap_text, text, 1) &&
           sah_grow((void **)&p->d.parts, &p->cap_parts, p->d.n_parts + 2 * nb + 1,
                    sizeof *p->d.parts) &&
           (n_fig == 0 ||
            sah_grow((void **)&p->d.figures, &p->cap_figures, n_fig, sizeof *p->d.figures));
}

/* Where the page's <body> starts: what html.h took from before it (the
 * <title> as a headline, a byline from <meta>) is the page's <head>. 0
 * when it has no <body> tag. */
static size_t body_start(const char *src, size_t len)
{
    size_t at = find_ci(src, 0, len, "<body");
    return at < len ? at : 0;
}

/* Appends the text, parts, figures and map of @h's blocks. A page after
 * the first keeps its headline as a heading (one article has one), and
 * not what it said only in its <head>: a book's chapters repeat the
 * book's title there, a continued article its headline. */
static bool build(sah_web_pages_t *p, const sah_html_t *h)
{
    sah_article_draft_t *d = &p->d;
    map_t *m = &p->m;
    size_t src_len, nb = sah_html_n_blocks(h);
    const char *src = sah_html_source(h, &src_len);
    if (!make_room(p, h))
        return false;
    size_t cursor = 0, front_end = content_start(h, src_len);
    size_t head_end = p->n_pages > 0 ? body_start(src, src_len) : 0;
    for (size_t i = 0; i < nb; i++) {
        const sah_html_block_t *b = sah_html_block(h, i);
        const char *t = shown_text(b);
        if (!t || (front_role(b->role) && b->end <= head_end))
            continue;
        if (d->len) {
            d->parts[d->n_parts++] =
                (sah_part_t){SAH_PART_SPACE, d->len, d->len + 1, d->dir[0] == 'r'};
            d->text[d->len++] = '\n';
        }
        size_t n = strlen(t), tb = d->len;
        memcpy(d->text + tb, t, n);
        d->len += n;
        sah_part_kind_t kind = kind_of(b->role);
        if (kind == SAH_PART_HEADLINE && p->n_pages > 0)
            kind = SAH_PART_HEADING;
        d->parts[d->n_parts++] = (sah_part_t){kind, tb, tb + n, b->rtl};
        if (b->role == SAH_HTML_FIGURE && !add_figure(d, b))
            return false;
        size_t reached = 0;
        bool in_order = b->start >= cursor && b->end >= b->start && b->end <= src_len &&
                        (!front_role(b->role) || b->end <= front_end);
        if (!in_order) {
            map_push(m, tb, cursor);
            map_push(m, tb + n, cursor);
        } else if (b->role == SAH_HTML_FIGURE) {
            align_figure(m, src, b, t, n, tb);
        } else {
            size_t lim = src_len - b->end > BLOCK_SLACK ? b->end + BLOCK_SLACK : src_len;
            reached = align_block(m, src, b->start, b->end, lim, t, n, tb);
        }
        if (in_order)
            cursor = reached > b->end ? reached : b->end;
    }
    d->text[d->len] = 0;
    return !m->nomem;
}

sah_web_pages_t *sah_web_pages_new(void)
{
    return calloc(1, sizeof(sah_web_pages_t));
}

void sah_web_pages_free(sah_web_pages_t *p)
{
    if (!p)
        return;
    sah_article_draft_clear(&p->d);
    free(p->m.p);
    free(p);
}

bool sah_web_pages_add(sah_web_pages_t *p, const sah_html_t *h)
{
    size_t src_len;
    (void)sah_html_source(h, &src_len);
    if (p->m.nomem || (p->n_pages == 0 && !fill_meta(&p->d, h)) || !build(p, h)) {
        p->m.nomem = true;
        return false;
    }
    p->n_pages++;
    p->m.base += src_len;
    return true;
}

void sah_web_pages_skip(sah_web_pages_t *p, size_t n)
{
    p->m.base += n;
}

sah_article_draft_t *sah_web_pages_draft(sah_web_pages_t *p)
{
    return &p->d;
}

size_t sah_web_pages_source_len(const sah_web_pages_t *p)
{
    return p->m.base;
}

sah_article_t *sah_web_pages_finish(sah_web_pages_t *p, const char *name,
                                    sah_article_status_t *status)
{
    sah_article_t *a = NULL;
    sah_article_status_t st = SAH_ARTICLE_ERR_NOMEM;
    if (!p->m.nomem) {
        if (!p->d.len) {
            /* No page at all: each said why it was not added. */
            if (p->n_pages)
                sah_log("%s: no text in %s", name, p->n_pages > 1 ? "these pages" : "this page");
            st = SAH_ARTICLE_ERR_EMPTY;
            goto out;
        }
        if (!p->d.dir)
            p->d.dir = "rtl";
        p->d.map = p->m.p;
        p->d.n_map = p->m.n;
        p->d.source_len = p->m.base;
        p->m.p = NULL;
        if ((a = sah_article_from_draft(&p->d)))
            st = SAH_ARTICLE_OK;
    }
out:
    sah_web_pages_free(p);
    if (st == SAH_ARTICLE_ERR_NOMEM)
        sah_log("%s: out of memory", name);
    if (status)
        *status = st;
    return a;
}

sah_article_t *sah_article_from_html(const sah_html_t *h, const char *name,
                                     sah_article_status_t *status)
{
    size_t src_len;
    const char *src = sah_html_source(h, &src_len);
    sah_web_pages_t *p = sah_web_pages_new();
    if (!p) {
        sah_log("%s: out of memory", name);
        if (status)
            *status = SAH_ARTICLE_ERR_NOMEM;
        return NULL;
    }
    if (sah_web_pages_add(p, h))
        sah_hash_sha256_hex(src, src_len, p->d.hash);
    return sah_web_pages_finish(p, name, status);
}
sah_article_t *sah_article_from_html_bytes(const char *name, const char *bytes, size_t n,
                                           sah_article_status_t *status)
{
    sah_html_status_t hs;
    sah_html_t *h = sah_html_new_from_bytes(name, bytes, n, &hs);
    if (!h) {
        static const sah_article_status_t as[] = {
            [SAH_HTML_OK] = SAH_ARTICLE_ERR_IO,
            [SAH_HTML_ERR_IO] = SAH_ARTICLE_ERR_IO,
            [SAH_HTML_ERR_EMPTY] = SAH_ARTICLE_ERR_EMPTY,
            [SAH_HTML_ERR_TOO_LARGE] = SAH_ARTICLE_ERR_TOO_LARGE,
            [SAH_HTML_ERR_BINARY] = SAH_ARTICLE_ERR_BINARY,
            [SAH_HTML_ERR_ENCODING] = SAH_ARTICLE_ERR_ENCODING,
            [SAH_HTML_ERR_NOMEM] = SAH_ARTICLE_ERR_NOMEM,
        };
        if (status)
            *status = (unsigned)hs < sizeof as / sizeof *as ? as[hs] : SAH_ARTICLE_ERR_IO;
        return NULL;
    }
    sah_article_t *a = sah_article_from_html(h, name, status);
    sah_html_free(h);
    return a;
}
