/* epub-xml.c - see epub-xml.h. */
#include "app/content/epub-xml.h"

#include "platform/log.h"

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <stdlib.h>
#include <string.h>

/* No NOENT (entities are not substituted), no DTDLOAD/DTDATTR/DTDVALID (no
 * DTD is read), no HUGE (libxml2's limits on depth and text stay on). */
#if LIBXML_VERSION >= 21300
#define XML_OPTIONS_NO_XXE XML_PARSE_NO_XXE
#else
#define XML_OPTIONS_NO_XXE 0 /* older libxml2: no declaration gets through anyway (below) */
#endif
#define PARSE_OPTIONS                                                                              \
    (XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |               \
     XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE | XML_OPTIONS_NO_XXE)

/* ctxt->_private while parsing: set when an entity was declared. */
typedef struct {
    bool declared;
} guard_t;

/* Any <!ENTITY ...>, general or parameter, internal or external: the
 * document is refused at once, before a billion laughs can be expanded or
 * a SYSTEM file named. */
/* The signature is libxml2's entityDeclSAXFunc. */
/* NOLINTBEGIN(readability-non-const-parameter) */
static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content)
/* NOLINTEND(readability-non-const-parameter) */
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    ((guard_t *)ctxt->_private)->declared = true;
    xmlStopParser(ctxt);
}

xmlDoc *sah_epub_xml_parse(const char *path, const char *entry, const char *bytes, size_t n,
                           sah_epub_status_t *status)
{
    guard_t guard = {false};
    xmlDoc *doc = NULL;
    if (n > SAH_EPUB_MAX_XML_BYTES) {
        sah_log("%s: %s: too large (%zu bytes; the limit is %zu)", path, entry, n,
                SAH_EPUB_MAX_XML_BYTES);
        *status = SAH_EPUB_ERR_TOO_LARGE;
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        sah_log("%s: %s: out of memory", path, entry);
        *status = SAH_EPUB_ERR_NOMEM;
        return NULL;
    }
    ctxt->_private = &guard;
    ctxt->sax->entityDecl = refuse_entity;
    doc = xmlCtxtReadMemory(ctxt, bytes, (int)n, entry, NULL, PARSE_OPTIONS);
    if (guard.declared) {
        sah_log("%s: %s: declares an XML entity (no EPUB needs one; an entity attack?): refused",
                path, entry);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc || !xmlDocGetRootElement(doc)) {
        sah_log("%s: %s: not XML", path, entry);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    *status = doc ? SAH_EPUB_OK : SAH_EPUB_ERR_XML;
    return doc;
}

bool sah_epub_xml_is(const xmlNode *node, const char *local)
{
    return node && node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, local);
}

xmlNode *sah_epub_xml_child(const xmlNode *parent, const char *local)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (sah_epub_xml_is(c, local))
            return c;
    return NULL;
}

xmlNode *sah_epub_xml_next(const xmlNode *node, const char *local)
{
    for (xmlNode *c = node->next; c; c = c->next)
        if (sah_epub_xml_is(c, local))
            return c;
    return NULL;
}

xmlNode *sah_epub_xml_find(xmlNode *node, const char *local)
{
    /* Iterative: the tree is libxml2's, at most 256 deep, but a walk
     * without recursion needs no bound of its own. */
    xmlNode *n = node;
    while (n) {
        if (sah_epub_xml_is(n, local))
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != node && !n->next)
            n = n->parent;
        if (!n || n == node)
            return NULL;
        n = n->next;
    }
    return NULL;
}

const char *sah_epub_xml_attr(const xmlNode *node, const char *name)
{
    const xmlAttr *any = NULL;
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (!a->ns)
            return a->children ? (const char *)a->children->content : "";
        if (!any)
            any = a;
    }
    return any ? (any->children ? (const char *)any->children->content : "") : NULL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *sah_epub_xml_text(const xmlNode *node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    if (!raw)
        return strdup("");
    char *s = (char *)raw, *out = malloc(strlen(s) + 1);
    size_t n = 0;
    if (out) {
        bool space = false;
        for (; *s; s++) {
            if (is_space(*s)) {
                space = n > 0;
                continue;
            }
            if (space)
                out[n++] = ' ';
            space = false;
            out[n++] = *s;
        }
        out[n] = 0;
    }
    xmlFree(raw);
    return out;
}

bool sah_epub_xml_has_word(const char *list, const char *word)
{
    size_t wn = strlen(word);
    for (const char *s = list; s && *s;) {
        while (is_space(*s))
            s++;
        size_t len = 0;
        while (s[len] && !is_space(s[len]))
            len++;
        if (len == wn && !strncmp(s, word, wn))
            return true;
        s += len;
    }
    return false;
}
