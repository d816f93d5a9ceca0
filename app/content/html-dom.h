/*
 * html-dom.h - a page decoded to UTF-8 and parsed by libxml2's HTML parser,
 * with what the extractor needs beside libxml2's tree: each node's byte
 * range in the decoded source, its tag as a small number, and room for the
 * scores and counts of html-score.c. Internal to html*.c.
 *
 * Every element and text node of the tree has an entry in dom->n, in
 * document order (parents before children), found from the node through
 * sah_hdom_index(). Loops over the page walk that array, never recurse.
 */
#ifndef SAH_HTML_DOM_H
#define SAH_HTML_DOM_H

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/content/html.h"

#define SAH_HNONE UINT32_MAX

/* The tags the extractor tells apart; everything else is TAG_OTHER. */
typedef enum {
    TAG_OTHER = 0,
    TAG_TEXT, /* a text node */
    TAG_A,
    TAG_ABBR,
    TAG_ADDRESS,
    TAG_ARTICLE,
    TAG_ASIDE,
    TAG_AUDIO,
    TAG_B,
    TAG_BDI,
    TAG_BDO,
    TAG_BIG,
    TAG_BLOCKQUOTE,
    TAG_BODY,
    TAG_BR,
    TAG_BUTTON,
    TAG_CANVAS,
    TAG_CAPTION,
    TAG_CENTER,
    TAG_CITE,
    TAG_CODE,
    TAG_COL,
    TAG_COLGROUP,
    TAG_DATA,
    TAG_DD,
    TAG_DEL,
    TAG_DETAILS,
    TAG_DFN,
    TAG_DIALOG,
    TAG_DIV,
    TAG_DL,
    TAG_DT,
    TAG_EM,
    TAG_EMBED,
    TAG_FIELDSET,
    TAG_FIGCAPTION,
    TAG_FIGURE,
    TAG_FONT,
    TAG_FOOTER,
    TAG_FORM,
    TAG_H1,
    TAG_H2,
    TAG_H3,
    TAG_H4,
    TAG_H5,
    TAG_H6,
    TAG_HEAD,
    TAG_HEADER,
    TAG_HGROUP,
    TAG_HR,
    TAG_HTML,
    TAG_I,
    TAG_IFRAME,
    TAG_IMG,
    TAG_INPUT,
    TAG_INS,
    TAG_KBD,
    TAG_LABEL,
    TAG_LI,
    TAG_LINK,
    TAG_MAIN,
    TAG_MARK,
    TAG_MATH,
    TAG_MENU,
    TAG_META,
    TAG_NAV,
    TAG_NOBR,
    TAG_NOSCRIPT,
    TAG_OBJECT,
    TAG_OL,
    TAG_OPTION,
    TAG_OUTPUT,
    TAG_P,
    TAG_PICTURE,
    TAG_PRE,
    TAG_Q,
    TAG_RP,
    TAG_RT,
    TAG_RUBY,
    TAG_S,
    TAG_SAMP,
    TAG_SCRIPT,
    TAG_SECTION,
    TAG_SELECT,
    TAG_SMALL,
    TAG_SOURCE,
    TAG_SPAN,
    TAG_STRIKE,
    TAG_STRONG,
    TAG_STYLE,
    TAG_SUB,
    TAG_SUMMARY,
    TAG_SUP,
    TAG_SVG,
    TAG_TABLE,
    TAG_TBODY,
    TAG_TD,
    TAG_TEMPLATE,
    TAG_TEXTAREA,
    TAG_TFOOT,
    TAG_TH,
    TAG_THEAD,
    TAG_TIME,
    TAG_TITLE,
    TAG_TR,
    TAG_TT,
    TAG_U,
    TAG_UL,
    TAG_VAR,
    TAG_VIDEO,
    TAG_WBR,
} sah_htag_t;

/* Node flags. DEAD: never content (scripts, styles, hidden, forms'
 * controls), set once. CUT: left out by the current extraction pass. */
enum {
    HN_DEAD = 1u << 0,
    HN_CUT = 1u << 1,
    HN_SCORED = 1u << 2,    /* has a content score this pass */
    HN_PARA = 1u << 3,      /* a div read as a paragraph (no block inside) */
    HN_PASS = 1u << 4,      /* a div standing for its only <p>: skipped as an ancestor */
    HN_DATATABLE = 1u << 5, /* a table of data, read as rows */
    HN_ARTICLE = 1u << 6,   /* one of the extracted content's top nodes */
    HN_BYLINE = 1u << 7,    /* the byline element (shown in front) */
    HN_HEADLINE = 1u << 8,  /* the <h1>/<h2> repeating the title */
    HN_DATE = 1u << 9,      /* the date element */
};

typedef struct {
    xmlNodePtr node;
    uint32_t parent; /* entry of the parent element, or SAH_HNONE */
    uint32_t last;   /* the last entry of this node's subtree (itself if none) */
    uint32_t flags;
    size_t start, end; /* in dom->src */
    uint16_t tag;
    uint16_t depth;
    /* Own counts of a text node (characters with white space collapsed,
     * commas), computed once. */
    uint32_t own_len, own_commas;
    /* Counts over the subtree without DEAD or CUT nodes (html-score.c). */
    float score;
    float link_len;    /* characters inside links, in-page (#) links at 0.3 */
    uint32_t text_len; /* characters */
    uint32_t commas;   /* commas in any script's form */
    uint32_t n_p, n_img, n_li, n_input, n_embed;
    /* Characters inside descendant h1-h6, text-bearing elements (p, li,
     * td, span, div...) and lists, this node itself not counted. */
    uint32_t heading_in, textish_in, list_in;
    bool has_block; /* a block element below (div, p, table, img...) */
    bool has_table;
} sah_hnode_t;

typedef struct {
    char *src; /* the page as UTF-8, NUL-terminated (what offsets index) */
    size_t len;
    const char *encoding; /* static: what src was converted from */
    htmlDocPtr doc;
    sah_hnode_t *n;
    size_t count, cap;
    bool truncated; /* depth or node limit reached: the rest is not read */
    bool nomem;
} sah_hdom_t;

/* Decodes and parses @bytes; logs one line naming @name on failure.
 * Returns: (transfer full) the dom (sah_hdom_free()), or NULL with @st set. */
sah_hdom_t *sah_hdom_new(const char *name, const char *bytes, size_t n, sah_html_status_t *st);
void sah_hdom_free(sah_hdom_t *d);

/* The entry of @node, or SAH_HNONE for nodes without one (comments). */
static inline uint32_t sah_hdom_index(const xmlNode *node)
{
    return node && node->_private ? (uint32_t)((uintptr_t)node->_private - 1) : SAH_HNONE;
}

/* The attribute @name of element @e as a string owned by the tree, or NULL. */
const char *sah_hdom_attr(const sah_hnode_t *e, const char *name);

/* Heading, list and other tag sets. */
bool sah_htag_is_heading(int tag);
bool sah_htag_is_phrasing(int tag); /* inline content: text, a, b, span, img... */

/*
 * sah_hdom_text:
 * Appends to @buf the text of @i's subtree (entities decoded, white space
 * collapsed to one space, <br> as a space), skipping nodes with any of
 * @skip's flags. @buf grows (realloc); *@len is its length, kept
 * NUL-terminated. Returns false on allocation failure.
 */
typedef struct {
    char *s;
    size_t len, cap;
    bool space; /* a space is pending before the next character */
} sah_hbuf_t;
bool sah_hbuf_text(sah_hbuf_t *b, const sah_hdom_t *d, uint32_t i, uint32_t skip);
bool sah_hbuf_put(sah_hbuf_t *b, const char *s, size_t n); /* collapses white space too */
/* Returns: (transfer full) the collected text, trimmed, or NULL if empty
 * (or out of memory); resets @b. */
char *sah_hbuf_take(sah_hbuf_t *b);
void sah_hbuf_reset(sah_hbuf_t *b);

/* Collapsed, trimmed text of @i's subtree (skipping @skip); (transfer full). */
char *sah_hdom_text_of(const sah_hdom_t *d, uint32_t i, uint32_t skip);

/* Case-insensitive ASCII substring search. */
bool sah_hstr_contains(const char *hay, const char *needle);

#endif
