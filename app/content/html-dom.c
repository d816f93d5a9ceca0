/*
 * html-dom.c - a page to UTF-8, then to libxml2's tree with byte ranges.
 *
 * Decoding is done here, before libxml2 sees the page, so that the parser
 * reads UTF-8 only and its positions are offsets into the text we keep (the
 * text the blocks' ranges index). The order is the WHATWG one, shortened: a
 * BOM; else a charset declared in a <meta> among the first 4 KB; else UTF-8
 * if the bytes are UTF-8, else Windows-1256 if that reads as Arabic (the
 * text reader's rule), else UTF-8 with each bad byte as U+FFFD, as browsers
 * show it.
 *
 * Byte ranges: libxml2 records line numbers only, which say nothing in a
 * page minified onto one line. So the SAX callbacks that build the tree are
 * wrapped: each reads the parser's position (input->consumed plus cur) and
 * gives the node just made its range. An element starts at the '<' of its
 * tag (looked up between the previous event and this one) and ends where
 * its end tag ends, or where the parser closed it implicitly.
 */
#include "app/content/html-dom.h"

#include <errno.h>
#include <iconv.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"

/* ---- decoding ----------------------------------------------------------- */

/* Length of the strict UTF-8 sequence at @s (at most @n bytes), 0 if bad:
 * no overlong forms, surrogates or code points past U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || c > 0xF4 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

static bool utf8_valid(const char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)b + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

static bool ascii_only(const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)b[i] >= 0x80)
            return false;
    return true;
}

/* UTF-8 with each byte that starts no valid sequence replaced by U+FFFD. */
static char *utf8_repair(const char *b, size_t n, size_t *out_len)
{
    char *o = malloc(3 * n + 1);
    size_t j = 0;
    if (!o)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)b + i, n - i);
        if (k) {
            memcpy(o + j, b + i, k);
            j += k;
            i += k;
        } else {
            memcpy(o + j, "\xEF\xBF\xBD", 3);
            j += 3;
            i++;
        }
    }
    o[j] = 0;
    *out_len = j;
    return o;
}

/* @b converted from @charset (an iconv name) to UTF-8; a sequence the
 * charset does not have becomes U+FFFD. NULL if iconv does not know it or
 * on allocation failure (*@nomem). */
static char *convert(const char *charset, const char *b, size_t n, size_t unit, size_t *out_len,
                     bool *nomem)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 2 * n + 16, used = 0;
    char *o = malloc(cap);
    char *in = (char *)b;
    size_t in_left = n;
    while (o && in_left > 0) {
        /* Room kept past what iconv may fill: a U+FFFD and the NUL. A
         * U+FFFD written after a full buffer can leave less than that. */
        bool full = cap - used < 8;
        char *op = o + used;
        size_t o_left = full ? 0 : cap - used - 4;
        size_t r = full ? (size_t)-1 : iconv(cd, &in, &in_left, &op, &o_left);
        if (full)
            errno = E2BIG;
        used = (size_t)(op - o);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            char *g = realloc(o, cap * 2);
            if (!g) {
                free(o);
                o = NULL;
                break;
            }
            o = g;
            cap *= 2;
        } else { /* EILSEQ or a truncated sequence at the end */
            memcpy(o + used, "\xEF\xBF\xBD", 3);
            used += 3;
            size_t skip = in_left < unit ? in_left : unit;
            in += skip;
            in_left -= skip;
        }
    }
    iconv_close(cd);
    if (!o) {
        *nomem = true;
        return NULL;
    }
    o[used] = 0;
    *out_len = used;
    return o;
}

/* The text reader's test for Windows-1256: every byte has a character in
 * it, so we also ask that Arabic letters (UTF-8 lead bytes D8..DB) be at
 * least half of what is not ASCII. */
static bool reads_as_arabic(const char *u, size_t n)
{
    size_t arabic = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        arabic += c >= 0xD8 && c <= 0xDB;
        other += c >= 0xC0 && !(c >= 0xD8 && c <= 0xDB);
    }
    return arabic > 0 && arabic >= other;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool isalnum_ascii(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool prefix_ci(const char *s, const char *end, const char *p)
{
    for (; *p; s++, p++)
        if (s >= end || lower((unsigned char)*s) != *p)
            return false;
    return true;
}

/* The charset a <meta charset=X> or <meta http-equiv content="...;
 * charset=X"> among the first 4 KB names, lower-cased into @out. */
static bool sniff_charset(const char *b, size_t n, char *out, size_t size)
{
    const char *end = b + (n < 4096 ? n : 4096);
    for (const char *p = b; p + 5 < end; p++) {
        if (*p != '<' || !prefix_ci(p + 1, end, "meta"))
            continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        const char *tag_end = close ? close : end;
        for (const char *q = p + 5; q + 7 < tag_end; q++) {
            if (!prefix_ci(q, tag_end, "charset"))
                continue;
            q += 7;
            while (q < tag_end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
                q++;
            if (q >= tag_end || *q != '=')
                continue;
            q++;
            while (q < tag_end && (*q == ' ' || *q == '"' || *q == '\''))
                q++;
            size_t k = 0;
            while (q < tag_end && k + 1 < size &&
                   (isalnum_ascii(*q) || *q == '-' || *q == '_' || *q == '.' || *q == ':'))
                out[k++] = (char)lower((unsigned char)*q++);
            out[k] = 0;
            if (k)
                return true;
        }
    }
    return false;
}

/* WHATWG's labels for the encodings pages declare most, to iconv's names.
 * Latin-1 and ASCII labels mean Windows-1252 on the web; a UTF-16 label
 * in a page we can read as ASCII is a mistake, read as UTF-8. */
static const char *iconv_name(const char *label)
{
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},          {"unicode-1-1-utf-8", "UTF-8"},
        {"utf-16", "UTF-8"},          {"utf-16le", "UTF-8"},      {"utf-16be", "UTF-8"},
        {"windows-1256", "CP1256"},   {"cp1256", "CP1256"},       {"x-cp1256", "CP1256"},
        {"iso-8859-1", "CP1252"},     {"iso8859-1", "CP1252"},    {"latin1", "CP1252"},
        {"us-ascii", "CP1252"},       {"ascii", "CP1252"},        {"windows-1252", "CP1252"},
        {"iso-8859-6", "ISO-8859-6"}, {"windows-1255", "CP1255"}, {"x-user-defined", "UTF-8"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(label, map[i].label))
            return map[i].name;
    return NULL;
}

static const char *display_name(const char *iconv)
{
    if (!strcmp(iconv, "CP1256"))
        return "windows-1256";
    if (!strcmp(iconv, "CP1252"))
        return "windows-1252";
    if (!strcmp(iconv, "CP1255"))
        return "windows-1255";
    if (!strcmp(iconv, "ISO-8859-6"))
        return "iso-8859-6";
    return "other";
}

__attribute__((format(printf, 2, 3))) static void log_page(const char *name, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sah_log("%s: %s", name, msg);
}

/* A saved JPEG or a zip renamed .html has NUL bytes and control characters
 * early and often; a page has at most a stray one (kept, as a space). */
static bool looks_binary(const char *b, size_t n)
{
    size_t controls = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == 0 && i < 1024)
            return true;
        controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
    }
    return controls * 100 > n;
}

static sah_html_status_t decode_utf16(sah_hdom_t *d, const char *b, size_t n, bool le)
{
    bool nomem = false;
    d->src = convert(le ? "UTF-16LE" : "UTF-16BE", b + 2, n - 2, 2, &d->len, &nomem);
    d->encoding = le ? "utf-16le" : "utf-16be";
    return d->src ? SAH_HTML_OK : nomem ? SAH_HTML_ERR_NOMEM : SAH_HTML_ERR_ENCODING;
}

/* Fills d->src and d->encoding; *@skip is the length of a UTF-8 BOM kept in
 * d->src (the parser starts after it). */
static sah_html_status_t decode(const char *name, sah_hdom_t *d, const char *b, size_t n,
                                size_t *skip)
{
    bool nomem = false;
    *skip = 0;
    if (n >= 2 && (unsigned char)b[0] == 0xFF && (unsigned char)b[1] == 0xFE)
        return decode_utf16(d, b, n, true);
    if (n >= 2 && (unsigned char)b[0] == 0xFE && (unsigned char)b[1] == 0xFF)
        return decode_utf16(d, b, n, false);
    if (looks_binary(b, n)) {
        log_page(name, "%s", "binary data, not a web page");
        return SAH_HTML_ERR_BINARY;
    }
    bool bom = n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3);
    char label[48];
    const char *declared = NULL;
    if (!bom && sniff_charset(b, n, label, sizeof label)) {
        declared = iconv_name(label);
        if (!declared) /* not in our table: iconv may still know it */
            declared = label;
    }
    /* A page saved by a browser is written as UTF-8 but keeps the <meta>
     * it was served with; text that is valid UTF-8 and not ASCII is almost
     * never a legacy encoding by chance. */
    if (declared && strcmp(declared, "UTF-8") != 0 && !ascii_only(b, n) && utf8_valid(b, n))
        declared = NULL;
    if (declared && strcmp(declared, "UTF-8") != 0) {
        d->src = convert(declared, b, n, 1, &d->len, &nomem);
        if (d->src) {
            d->encoding = display_name(declared);
            return SAH_HTML_OK;
        }
        if (nomem)
            return SAH_HTML_ERR_NOMEM;
        log_page(name, "unknown encoding \"%s\", read as UTF-8", label);
    }
    *skip = bom ? 3 : 0;
    d->encoding = "utf-8";
    if (utf8_valid(b, n)) {
        if (!(d->src = malloc(n + 1)))
            return SAH_HTML_ERR_NOMEM;
        memcpy(d->src, b, n);
        d->src[n] = 0;
        d->len = n;
        return SAH_HTML_OK;
    }
    if (!bom && !declared) {
        d->src = convert("CP1256", b, n, 1, &d->len, &nomem);
        if (d->src && reads_as_arabic(d->src, d->len)) {
            d->encoding = "windows-1256";
            return SAH_HTML_OK;
        }
        free(d->src);
        d->src = NULL;
    }
    d->src = utf8_repair(b, n, &d->len);
    return d->src ? SAH_HTML_OK : SAH_HTML_ERR_NOMEM;
}

/* libxml2 stops at a NUL and reports other controls; a stray one becomes a
 * space, which keeps every offset. */
static void blank_controls(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F)
            s[i] = ' ';
    }
}

/* ---- tags --------------------------------------------------------------- */

static const char *const tag_names[] = {
    [TAG_A] = "a",
    [TAG_ABBR] = "abbr",
    [TAG_ADDRESS] = "address",
    [TAG_ARTICLE] = "article",
    [TAG_ASIDE] = "aside",
    [TAG_AUDIO] = "audio",
    [TAG_B] = "b",
    [TAG_BDI] = "bdi",
    [TAG_BDO] = "bdo",
    [TAG_BIG] = "big",
    [TAG_BLOCKQUOTE] = "blockquote",
    [TAG_BODY] = "body",
    [TAG_BR] = "br",
    [TAG_BUTTON] = "button",
    [TAG_CANVAS] = "canvas",
    [TAG_CAPTION] = "caption",
    [TAG_CENTER] = "center",
    [TAG_CITE] = "cite",
    [TAG_CODE] = "code",
    [TAG_COL] = "col",
    [TAG_COLGROUP] = "colgroup",
    [TAG_DATA] = "data",
    [TAG_DD] = "dd",
    [TAG_DEL] = "del",
    [TAG_DETAILS] = "details",
    [TAG_DFN] = "dfn",
    [TAG_DIALOG] = "dialog",
    [TAG_DIV] = "div",
    [TAG_DL] = "dl",
    [TAG_DT] = "dt",
    [TAG_EM] = "em",
    [TAG_EMBED] = "embed",
    [TAG_FIELDSET] = "fieldset",
    [TAG_FIGCAPTION] = "figcaption",
    [TAG_FIGURE] = "figure",
    [TAG_FONT] = "font",
    [TAG_FOOTER] = "footer",
    [TAG_FORM] = "form",
    [TAG_H1] = "h1",
    [TAG_H2] = "h2",
    [TAG_H3] = "h3",
    [TAG_H4] = "h4",
    [TAG_H5] = "h5",
    [TAG_H6] = "h6",
    [TAG_HEAD] = "head",
    [TAG_HEADER] = "header",
    [TAG_HGROUP] = "hgroup",
    [TAG_HR] = "hr",
    [TAG_HTML] = "html",
    [TAG_I] = "i",
    [TAG_IFRAME] = "iframe",
    [TAG_IMG] = "img",
    [TAG_INPUT] = "input",
    [TAG_INS] = "ins",
    [TAG_KBD] = "kbd",
    [TAG_LABEL] = "label",
    [TAG_LI] = "li",
    [TAG_LINK] = "link",
    [TAG_MAIN] = "main",
    [TAG_MARK] = "mark",
    [TAG_MATH] = "math",
    [TAG_MENU] = "menu",
    [TAG_META] = "meta",
    [TAG_NAV] = "nav",
    [TAG_NOBR] = "nobr",
    [TAG_NOSCRIPT] = "noscript",
    [TAG_OBJECT] = "object",
    [TAG_OL] = "ol",
    [TAG_OPTION] = "option",
    [TAG_OUTPUT] = "output",
    [TAG_P] = "p",
    [TAG_PICTURE] = "picture",
    [TAG_PRE] = "pre",
    [TAG_Q] = "q",
    [TAG_RP] = "rp",
    [TAG_RT] = "rt",
    [TAG_RUBY] = "ruby",
    [TAG_S] = "s",
    [TAG_SAMP] = "samp",
    [TAG_SCRIPT] = "script",
    [TAG_SECTION] = "section",
    [TAG_SELECT] = "select",
    [TAG_SMALL] = "small",
    [TAG_SOURCE] = "source",
    [TAG_SPAN] = "span",
    [TAG_STRIKE] = "strike",
    [TAG_STRONG] = "strong",
    [TAG_STYLE] = "style",
    [TAG_SUB] = "sub",
    [TAG_SUMMARY] = "summary",
    [TAG_SUP] = "sup",
    [TAG_SVG] = "svg",
    [TAG_TABLE] = "table",
    [TAG_TBODY] = "tbody",
    [TAG_TD] = "td",
    [TAG_TEMPLATE] = "template",
    [TAG_TEXTAREA] = "textarea",
    [TAG_TFOOT] = "tfoot",
    [TAG_TH] = "th",
    [TAG_THEAD] = "thead",
    [TAG_TIME] = "time",
    [TAG_TITLE] = "title",
    [TAG_TR] = "tr",
    [TAG_TT] = "tt",
    [TAG_U] = "u",
    [TAG_UL] = "ul",
    [TAG_VAR] = "var",
    [TAG_VIDEO] = "video",
    [TAG_WBR] = "wbr",
};
#define N_TAGS (sizeof tag_names / sizeof *tag_names)

/* The names in alphabetical order (the enum is), so a binary search. */
static uint16_t tag_of(const char *name)
{
    size_t lo = TAG_A, hi = N_TAGS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, tag_names[mid]);
        if (c == 0)
            return (uint16_t)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return TAG_OTHER;
}

bool sah_htag_is_heading(int tag)
{
    return tag >= TAG_H1 && tag <= TAG_H6;
}

/* HTML's phrasing content (the elements a paragraph may hold). */
bool sah_htag_is_phrasing(int tag)
{
    switch (tag) {
    case TAG_TEXT:
    case TAG_A:
    case TAG_ABBR:
    case TAG_AUDIO:
    case TAG_B:
    case TAG_BDI:
    case TAG_BDO:
    case TAG_BIG:
    case TAG_BR:
    case TAG_BUTTON:
    case TAG_CANVAS:
    case TAG_CITE:
    case TAG_CODE:
    case TAG_DATA:
    case TAG_DEL:
    case TAG_DFN:
    case TAG_EM:
    case TAG_EMBED:
    case TAG_FONT:
    case TAG_I:
    case TAG_IFRAME:
    case TAG_IMG:
    case TAG_INPUT:
    case TAG_INS:
    case TAG_KBD:
    case TAG_LABEL:
    case TAG_MARK:
    case TAG_MATH:
    case TAG_NOBR:
    case TAG_NOSCRIPT:
    case TAG_OBJECT:
    case TAG_OUTPUT:
    case TAG_PICTURE:
    case TAG_Q:
    case TAG_RP:
    case TAG_RT:
    case TAG_RUBY:
    case TAG_S:
    case TAG_SAMP:
    case TAG_SCRIPT:
    case TAG_SELECT:
    case TAG_SMALL:
    case TAG_SOURCE:
    case TAG_SPAN:
    case TAG_STRIKE:
    case TAG_STRONG:
    case TAG_STYLE:
    case TAG_SUB:
    case TAG_SUP:
    case TAG_SVG:
    case TAG_TEXTAREA:
    case TAG_TIME:
    case TAG_TT:
    case TAG_U:
    case TAG_VAR:
    case TAG_VIDEO:
    case TAG_WBR:
    case TAG_OTHER:
        return true;
    default:
        return false;
    }
}

const char *sah_hdom_attr(const sah_hnode_t *e, const char *name)
{
    if (!e->node || e->node->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = e->node->properties; a; a = a->next) {
        if (a->name && !strcmp((const char *)a->name, name)) {
            xmlNodePtr t = a->children;
            return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
        }
    }
    return NULL;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct {
    sah_hdom_t *d;
    size_t base; /* where in d->src the parser's input starts */
    size_t mark; /* the parser's position after the previous event */
    startElementSAXFunc start;
    endElementSAXFunc end;
    charactersSAXFunc chars;
    charactersSAXFunc cdata;
    charactersSAXFunc blanks;
    commentSAXFunc comment;
    const char *name; /* the page, for messages */
} hook_t;

static size_t pos_of(xmlParserCtxtPtr c, const hook_t *h)
{
    xmlParserInputPtr in = c->input;
    if (!in || !in->cur || !in->base)
        return h->mark;
    size_t p = h->base + (size_t)in->consumed + (size_t)(in->cur - in->base);
    return p > h->d->len ? h->d->len : p;
}

static uint32_t add_entry(hook_t *h, xmlParserCtxtPtr c, xmlNodePtr node, size_t start)
{
    sah_hdom_t *d = h->d;
    if (d->count == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 256;
        sah_hnode_t *g = realloc(d->n, cap * sizeof *g);
        if (!g) {
            d->nomem = true;
            xmlStopParser(c);
            return SAH_HNONE;
        }
        d->n = g;
        d->cap = cap;
    }
    uint32_t i = (uint32_t)d->count++;
    sah_hnode_t *e = &d->n[i];
    memset(e, 0, sizeof *e);
    e->node = node;
    e->parent = sah_hdom_index(node->parent);
    e->depth = e->parent == SAH_HNONE ? 0 : (uint16_t)(d->n[e->parent].depth + 1);
    e->start = start;
    e->end = SIZE_MAX;
    e->last = i;
    node->_private = (void *)(uintptr_t)(i + 1);
    if (d->count >= SAH_HTML_MAX_NODES || e->depth >= SAH_HTML_MAX_DEPTH) {
        if (!d->truncated)
            log_page(h->name, "more than %d nodes or %d levels deep: the rest is not read",
                     SAH_HTML_MAX_NODES, SAH_HTML_MAX_DEPTH);
        d->truncated = true;
        xmlStopParser(c);
    }
    return i;
}

/* The '<' of the start tag @name between the previous event and @pos (an
 * implied element, <tbody> say, has none: it starts at @pos). */
static size_t tag_start(const hook_t *h, const char *name, size_t pos)
{
    const char *s = h->d->src;
    size_t k = strlen(name);
    for (size_t p = h->mark; p + 1 + k <= pos; p++) {
        if (s[p] != '<' || !prefix_ci(s + p + 1, s + pos, name))
            continue;
        char c = s[p + 1 + k];
        if (!isalnum_ascii(c) && c != '-' && c != ':')
            return p;
    }
    return pos;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr c = ctx;
    hook_t *h = c->_private;
    size_t pos = pos_of(c, h);
    h->start(ctx, name, atts);
    xmlNodePtr n = c->node;
    if (n && n->type == XML_ELEMENT_NODE && !n->_private) {
        uint32_t i = add_entry(h, c, n, tag_start(h, (const char *)name, pos));
        if (i != SAH_HNONE)
            h->d->n[i].tag = tag_of((const char *)name);
    }
    h->mark = pos;
}

static void on_end(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr c = ctx;
    hook_t *h = c->_private;
    size_t pos = pos_of(c, h);
    uint32_t i = sah_hdom_index(c->node);
    if (i != SAH_HNONE && h->d->n[i].end == SIZE_MAX) {
        /* Closed by the start of another tag: the parser stands just past
         * that tag's name; the element ends at its '<'. */
        const char *s = h->d->src;
        size_t e = pos;
        if (e > 0 && s[e - 1] != '>') {
            size_t p = e;
            while (p > h->d->n[i].start && (isalnum_ascii(s[p - 1]) || s[p - 1] == '/'))
                p--;
            if (p > h->d->n[i].start && s[p - 1] == '<')
                e = p - 1;
        }
        h->d->n[i].end = e < h->d->n[i].start ? h->d->n[i].start : e;
    }
    h->end(ctx, name);
    h->mark = pos;
}

static void text_event(xmlParserCtxtPtr c, charactersSAXFunc f, const xmlChar *s, int len)
{
    hook_t *h = c->_private;
    size_t pos = pos_of(c, h);
    xmlNodePtr parent = c->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    f(c, s, len);
    xmlNodePtr t = parent ? parent->last : NULL;
    if (t && t->type == XML_TEXT_NODE) {
        /* cppcheck-suppress knownConditionTrueFalse ; f() appended a node to parent */
        if (t != before && !t->_private) {
            size_t start = h->mark;
            if (start < h->d->len && h->d->src[start] == '>')
                start++; /* the mark was on the '>' of the tag before */
            uint32_t i = add_entry(h, c, t, start > pos ? pos : start);
            if (i != SAH_HNONE)
                h->d->n[i].tag = TAG_TEXT;
        }
        uint32_t i = sah_hdom_index(t);
        if (i != SAH_HNONE)
            h->d->n[i].end = pos;
    }
    h->mark = pos;
}

static void on_chars(void *ctx, const xmlChar *s, int len)
{
    text_event(ctx, ((hook_t *)((xmlParserCtxtPtr)ctx)->_private)->chars, s, len);
}

static void on_blanks(void *ctx, const xmlChar *s, int len)
{
    text_event(ctx, ((hook_t *)((xmlParserCtxtPtr)ctx)->_private)->blanks, s, len);
}

static void on_cdata(void *ctx, const xmlChar *s, int len)
{
    xmlParserCtxtPtr c = ctx;
    hook_t *h = c->_private;
    h->cdata(ctx, s, len);
    h->mark = pos_of(c, h);
}

static void on_comment(void *ctx, const xmlChar *s)
{
    xmlParserCtxtPtr c = ctx;
    hook_t *h = c->_private;
    h->comment(ctx, s);
    h->mark = pos_of(c, h);
}

/* Never the network, never a DTD (the HTML parser reads none; NONET says
 * so twice); the page's own charset hint is ignored because we decoded it.
 * Not NOBLANKS: a space between two inline elements is a word break. */
#define PARSE_OPTIONS                                                                              \
    (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |           \
     HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC)

static bool parse(const char *name, sah_hdom_t *d, size_t skip)
{
    htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(d->src + skip, (int)(d->len - skip));
    if (!c)
        return false;
    htmlCtxtUseOptions(c, PARSE_OPTIONS);
    /* The input is UTF-8 (decode() made it so): said with an encoder, so
     * that libxml2 neither guesses Latin-1 nor obeys the page's <meta>. */
    xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
    if (!utf8 || xmlSwitchToEncoding(c, utf8) != 0) {
        htmlFreeParserCtxt(c);
        return false;
    }
    hook_t h = {
        .d = d,
        .base = skip,
        .mark = skip,
        .name = name,
        .start = c->sax->startElement,
        .end = c->sax->endElement,
        .chars = c->sax->characters,
        .cdata = c->sax->cdataBlock,
        .blanks = c->sax->ignorableWhitespace,
        .comment = c->sax->comment,
    };
    if (!h.start || !h.end || !h.chars || !h.cdata || !h.blanks || !h.comment) {
        htmlFreeParserCtxt(c);
        return false;
    }
    c->sax->startElement = on_start;
    c->sax->endElement = on_end;
    c->sax->characters = on_chars;
    c->sax->cdataBlock = on_cdata;
    c->sax->ignorableWhitespace = on_blanks;
    c->sax->comment = on_comment;
    c->_private = &h;
    htmlParseDocument(c);
    d->doc = c->myDoc;
    c->myDoc = NULL;
    c->_private = NULL;
    htmlFreeParserCtxt(c);
    return d->doc != NULL && !d->nomem;
}

/* The value of attribute @name in the start tag [tag, end), or false. */
static bool tag_attr(const char *tag, const char *end, const char *name, char *out, size_t size)
{
    size_t k = strlen(name);
    for (const char *p = tag; p + k < end; p++) {
        if (!(p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') || !prefix_ci(p, end, name))
            continue;
        const char *q = p + k;
        while (q < end && *q == ' ')
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && *q == ' ')
            q++;
        char quote = 0;
        if (q < end && (*q == '"' || *q == '\''))
            quote = *q++;
        size_t n = 0;
        while (q < end && n + 1 < size && *q != quote && *q != '>' && (quote || *q != ' '))
            out[n++] = *q++;
        out[n] = 0;
        return n > 0;
    }
    return false;
}

/* HTML5 gives the body the attributes of a <body> tag met after the parser
 * had already opened one (content before <head>, a template's second
 * <body>); libxml2 drops that tag. Its dir and lang matter to us. */
static void late_body_attrs(sah_hdom_t *d)
{
    uint32_t body = SAH_HNONE;
    for (uint32_t i = 0; i < d->count && body == SAH_HNONE; i++)
        if (d->n[i].tag == TAG_BODY)
            body = i;
    if (body == SAH_HNONE)
        return;
    const char *s = d->src, *end = d->src + d->len;
    for (const char *p = s + d->n[body].start + 1; p + 6 < end; p++) {
        if (*p != '<' || !prefix_ci(p + 1, end, "body") || isalnum_ascii(p[5]))
            continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        char v[64];
        static const char *const names[] = {"dir", "lang"};
        for (size_t k = 0; close && k < 2; k++)
            if (!sah_hdom_attr(&d->n[body], names[k]) &&
                tag_attr(p + 5, close, names[k], v, sizeof v))
                xmlNewProp(d->n[body].node, (const xmlChar *)names[k], (const xmlChar *)v);
        return;
    }
}

/* Own counts of each text node; each entry's subtree end; the ends of
 * elements the parser never closed. */
static void finish(sah_hdom_t *d)
{
    for (size_t i = d->count; i-- > 0;) {
        sah_hnode_t *e = &d->n[i];
        if (e->end == SIZE_MAX || e->end < e->start)
            e->end = e->start > d->len ? e->start : d->len;
        if (e->parent != SAH_HNONE && d->n[e->parent].last < e->last)
            d->n[e->parent].last = e->last;
        if (e->tag != TAG_TEXT || !e->node->content)
            continue;
        const unsigned char *s = e->node->content;
        uint32_t len = 0, commas = 0;
        bool in_word = false, gap = false;
        for (size_t k = 0; s[k];) {
            unsigned c = s[k];
            bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
                      (c == 0xC2 && s[k + 1] == 0xA0);
            if (ws) {
                gap = in_word;
                k += c == 0xC2 ? 2 : 1;
                continue;
            }
            len += 1 + gap;
            gap = false;
            in_word = true;
            size_t n = utf8_seq(s + k, 4);
            if (!n)
                n = 1;
            commas += c == ',' || (n == 2 && c == 0xD8 && s[k + 1] == 0x8C) ||
                      (n == 3 &&
                       ((c == 0xEF && s[k + 1] == 0xB9 && s[k + 2] == 0x90) ||
                        (c == 0xEF && s[k + 1] == 0xB8 && (s[k + 2] == 0x90 || s[k + 2] == 0x91)) ||
                        (c == 0xE2 && s[k + 1] == 0xB8 &&
                         (s[k + 2] == 0x81 || s[k + 2] == 0xB4 || s[k + 2] == 0xB2)) ||
                        (c == 0xEF && s[k + 1] == 0xBC && s[k + 2] == 0x8C)));
            k += n;
        }
        e->own_len = len;
        e->own_commas = commas;
    }
}

sah_hdom_t *sah_hdom_new(const char *name, const char *bytes, size_t n, sah_html_status_t *st)
{
    sah_hdom_t *d = calloc(1, sizeof *d);
    size_t skip = 0;
    if (!d) {
        *st = SAH_HTML_ERR_NOMEM;
        return NULL;
    }
    *st = decode(name, d, bytes, n, &skip);
    if (*st != SAH_HTML_OK)
        goto fail;
    blank_controls(d->src + skip, d->len - skip);
    if (d->len - skip > INT32_MAX || !parse(name, d, skip)) {
        *st = SAH_HTML_ERR_NOMEM;
        goto fail;
    }
    finish(d);
    late_body_attrs(d);
    return d;
fail:
    sah_hdom_free(d);
    return NULL;
}

void sah_hdom_free(sah_hdom_t *d)
{
    if (!d)
        return;
    if (d->doc)
        xmlFreeDoc(d->doc);
    free(d->n);
    free(d->src);
    free(d);
}

/* ---- text --------------------------------------------------------------- */

static bool hbuf_grow(sah_hbuf_t *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *g = realloc(b->s, cap);
    if (!g)
        return false;
    b->s = g;
    b->cap = cap;
    return true;
}

bool sah_hbuf_put(sah_hbuf_t *b, const char *s, size_t n)
{
    if (!hbuf_grow(b, n + 1))
        return false;
    for (size_t k = 0; k < n;) {
        unsigned char c = (unsigned char)s[k];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
            (c == 0xC2 && k + 1 < n && (unsigned char)s[k + 1] == 0xA0)) {
            b->space = true;
            k += c == 0xC2 ? 2 : 1;
            continue;
        }
        if (b->space && b->len > 0)
            b->s[b->len++] = ' ';
        b->space = false;
        b->s[b->len++] = (char)c;
        k++;
    }
    b->s[b->len] = 0;
    return true;
}

bool sah_hbuf_text(sah_hbuf_t *b, const sah_hdom_t *d, uint32_t i, uint32_t skip)
{
    uint32_t last = d->n[i].last;
    for (uint32_t j = i; j <= last; j++) {
        const sah_hnode_t *e = &d->n[j];
        if (e->flags & skip) {
            j = e->last;
            continue;
        }
        if (e->tag == TAG_BR || (e->tag != TAG_TEXT && !sah_htag_is_phrasing(e->tag)))
            b->space = true;
        if (e->tag != TAG_TEXT || !e->node->content)
            continue;
        xmlNodePtr prev = e->node->prev;
        if (prev && prev->type == XML_ELEMENT_NODE) {
            uint32_t p = sah_hdom_index(prev);
            if (p != SAH_HNONE && !sah_htag_is_phrasing(d->n[p].tag))
                b->space = true;
        }
        const char *s = (const char *)e->node->content;
        if (!sah_hbuf_put(b, s, strlen(s)))
            return false;
    }
    return true;
}

void sah_hbuf_reset(sah_hbuf_t *b)
{
    b->len = 0;
    b->space = false;
    if (b->s)
        b->s[0] = 0;
}

char *sah_hbuf_take(sah_hbuf_t *b)
{
    char *r = NULL;
    if (b->len > 0 && (r = malloc(b->len + 1)))
        memcpy(r, b->s, b->len + 1);
    sah_hbuf_reset(b);
    return r;
}

char *sah_hdom_text_of(const sah_hdom_t *d, uint32_t i, uint32_t skip)
{
    sah_hbuf_t b = {0};
    char *r = NULL;
    if (sah_hbuf_text(&b, d, i, skip))
        r = sah_hbuf_take(&b);
    free(b.s);
    return r;
}

bool sah_hstr_contains(const char *hay, const char *needle)
{
    if (!hay)
        return false;
    size_t k = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (prefix_ci(p, p + k, needle))
            return true;
    return false;
}
