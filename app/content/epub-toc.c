/* epub-toc.c - see epub-toc.h. */
#include "app/content/epub-toc.h"

#include "app/content/epub-xml.h"
#include "platform/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sah_epub_toc_list_t *t;
    const char *entry;
    bool (*has_entry)(void *user, const char *name);
    void *user;
} walk_t;

/* Appends one entry; takes @label (malloc()ed). False when out of memory. */
static bool add(walk_t *w, char *label, const char *href, int depth)
{
    sah_epub_toc_list_t *t = w->t;
    if (!label)
        return false;
    if (t->n >= SAH_EPUB_MAX_TOC) {
        t->cut = true;
        free(label);
        return true;
    }
    if (!sah_grow((void **)&t->items, &t->cap, t->n + 1, sizeof *t->items)) {
        free(label);
        return false;
    }
    char *frag = NULL, *doc = href && *href ? sah_epub_resolve(w->entry, href, &frag) : NULL;
    if (doc && !w->has_entry(w->user, doc)) {
        free(doc);
        doc = NULL;
    }
    /* Deeper levels read as the deepest kept: a chapter's sub-sub-...
     * sections are still its entries. */
    t->items[t->n++] = (sah_epub_toc_entry_t){
        .label = label,
        .doc = doc,
        .fragment = frag,
        .depth = depth < SAH_EPUB_MAX_DEPTH ? depth : SAH_EPUB_MAX_DEPTH - 1,
        .spine = SIZE_MAX,
    };
    return true;
}

/* ---- EPUB 3: <nav epub:type="toc"><ol><li><a href>...</a><ol>... ---- */

static bool nav_list(walk_t *w, const xmlNode *ol, int depth)
{
    for (xmlNode *li = sah_epub_xml_child(ol, "li"); li; li = sah_epub_xml_next(li, "li")) {
        xmlNode *a = sah_epub_xml_child(li, "a");
        xmlNode *head = a ? a : sah_epub_xml_child(li, "span");
        const char *href = a ? sah_epub_xml_attr(a, "href") : NULL;
        if (head && !add(w, sah_epub_xml_text(head), href, depth))
            return false;
        /* A <li> without a heading (invalid, but written) lends its
         * children its depth. */
        xmlNode *sub = sah_epub_xml_child(li, "ol");
        if (sub && !nav_list(w, sub, head ? depth + 1 : depth))
            return false;
    }
    return true;
}

bool sah_epub_toc_from_nav(sah_epub_toc_list_t *t, xmlDoc *doc, const char *entry,
                           bool (*has_entry)(void *user, const char *name), void *user)
{
    walk_t w = {t, entry, has_entry, user};
    xmlNode *root = xmlDocGetRootElement(doc), *toc = NULL, *first = NULL;
    /* The <nav> whose epub:type names "toc"; else the first <nav>. */
    for (xmlNode *n = sah_epub_xml_find(root, "nav"); n && !toc;) {
        const char *type = sah_epub_xml_attr(n, "type");
        if (!first)
            first = n;
        if (type && sah_epub_xml_has_word(type, "toc"))
            toc = n;
        /* The next <nav> in document order: navs are not nested. */
        xmlNode *next = NULL;
        for (xmlNode *up = n; up && up != root && !next; up = up->parent)
            for (xmlNode *s = up->next; s && !next; s = s->next)
                if (s->type == XML_ELEMENT_NODE)
                    next = sah_epub_xml_find(s, "nav");
        n = next;
    }
    if (!toc)
        toc = first;
    xmlNode *ol = toc ? sah_epub_xml_find(toc, "ol") : NULL;
    return !ol || nav_list(&w, ol, 0);
}

/* ---- EPUB 2: <navMap><navPoint><navLabel><text>..<content src>.. ------ */

static bool ncx_points(walk_t *w, const xmlNode *parent, int depth)
{
    for (xmlNode *p = sah_epub_xml_child(parent, "navPoint"); p;
         p = sah_epub_xml_next(p, "navPoint")) {
        const char *cls = sah_epub_xml_attr(p, "class");
        if (cls && (sah_epub_xml_has_word(cls, "periodical") ||
                    sah_epub_xml_has_word(cls, "section") || sah_epub_xml_has_word(cls, "article")))
            w->t->periodical_classes = true;
        xmlNode *label = sah_epub_xml_child(sah_epub_xml_child(p, "navLabel"), "text");
        xmlNode *content = sah_epub_xml_child(p, "content");
        const char *src = content ? sah_epub_xml_attr(content, "src") : NULL;
        if (!add(w, label ? sah_epub_xml_text(label) : strdup(""), src, depth) ||
            !ncx_points(w, p, depth + 1))
            return false;
    }
    return true;
}

bool sah_epub_toc_from_ncx(sah_epub_toc_list_t *t, xmlDoc *doc, const char *entry,
                           bool (*has_entry)(void *user, const char *name), void *user)
{
    walk_t w = {t, entry, has_entry, user};
    xmlNode *map = sah_epub_xml_child(xmlDocGetRootElement(doc), "navMap");
    return !map || ncx_points(&w, map, 0);
}

void sah_epub_toc_finish(sah_epub_toc_list_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        t->items[i].leaf = i + 1 == t->n || t->items[i + 1].depth <= t->items[i].depth;
}

void sah_epub_toc_clear(sah_epub_toc_list_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((void *)t->items[i].label);
        free((void *)t->items[i].doc);
        free((void *)t->items[i].fragment);
    }
    free(t->items);
    *t = (sah_epub_toc_list_t){0};
}
