/*
 * epub-xml.h - the XML of an EPUB's package (container.xml, the OPF, the
 * navigation document, the NCX) parsed by libxml2 as untrusted input, and
 * the few tree walks epub.c and epub-toc.c share.
 *
 *   xmlDoc *doc = sah_epub_xml_parse("book.epub", "OEBPS/content.opf", bytes, n, &st);
 *   for (xmlNode *m = sah_epub_xml_child(xmlDocGetRootElement(doc), "metadata"); ...)
 *   xmlFreeDoc(doc);
 *
 * Elements are matched by local name whatever their namespace prefix
 * (`opf:package`, `dc:title`, `ncx:navPoint` all occur in the wild).
 */
#ifndef SAH_EPUB_XML_H
#define SAH_EPUB_XML_H

#include "app/content/epub.h"

#include <libxml/tree.h>

/*
 * sah_epub_xml_parse:
 * @path, @entry: name the file and the zip entry in messages.
 *
 * Parses with no network (XML_PARSE_NONET), no DTD loaded, no entity
 * substituted, libxml2's default limits (depth 256, no "huge" text), and
 * recovering from errors as a reading system does. A document that declares
 * an entity (a billion-laughs or XXE attack; no EPUB package needs one) is
 * refused whole: the parser is stopped at the declaration.
 *
 * Returns: (transfer full) the tree (xmlFreeDoc()), or NULL with one line
 * logged and *@status SAH_EPUB_ERR_XML (or _NOMEM).
 */
xmlDoc *sah_epub_xml_parse(const char *path, const char *entry, const char *bytes, size_t n,
                           sah_epub_status_t *status) __attribute__((warn_unused_result));

/* Whether @node is an element named @local (namespace ignored). */
bool sah_epub_xml_is(const xmlNode *node, const char *local);

/* The first element child of @parent named @local, or NULL. */
xmlNode *sah_epub_xml_child(const xmlNode *parent, const char *local);

/* The next element sibling after @node named @local, or NULL. */
xmlNode *sah_epub_xml_next(const xmlNode *node, const char *local);

/* The first element named @local at or under @node in document order, or
 * NULL. */
xmlNode *sah_epub_xml_find(xmlNode *node, const char *local);

/* Returns: (transfer none) attribute @name of @node without a namespace,
 * else in any namespace; NULL when absent. Valid while the tree lives. */
const char *sah_epub_xml_attr(const xmlNode *node, const char *name);

/* Returns: (transfer full) @node's text (descendants' too), white space runs
 * collapsed to one space and trimmed; NULL when out of memory. free() it. */
char *sah_epub_xml_text(const xmlNode *node) __attribute__((warn_unused_result));

/* Whether the space-separated list @list (an attribute's value) holds
 * @word. */
bool sah_epub_xml_has_word(const char *list, const char *word);

#endif
