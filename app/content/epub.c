/*
 * epub.c - see epub.h: container.xml to the OPF, the OPF's metadata,
 * manifest and spine, the table of contents (epub-toc.c), and book or
 * periodical. The archive's checks are epub-zip.c's, the XML parser's
 * epub-xml.c's.
 */
#include "app/content/epub.h"

#include "app/content/epub-toc.h"
#include "app/content/epub-xml.h"
#include "app/content/epub-zip.h"
#include "app/content/hash.h"
#include "platform/grow.h"
#include "platform/log.h"
#include "platform/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct sah_epub {
    char *path;
    uint64_t file_size;
    sah_epub_zip_t *zip;
    sah_epub_meta_t meta; /* points at the strings below */
    char *title, *creator, *date, *language, *publisher, *identifier, *version;
    char identity[SAH_HASH_HEX_SIZE];
    char **spine;
    size_t n_spine, cap_spine;
    sah_epub_toc_list_t toc;
    sah_epub_kind_t kind;
    sah_epub_article_t *articles;
    size_t n_articles, cap_articles;
    char **names; /* article titles made here (a periodical without a toc) */
    size_t n_names, cap_names;
};

/* One manifest item while the OPF is read. */
typedef struct {
    const char *id;         /* the tree's */
    const char *media_type; /* the tree's, nullable */
    const char *properties; /* the tree's, nullable */
    char *entry;            /* resolved against the OPF, nullable */
} item_t;

/* ---- references inside the archive ------------------------------------ */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 32);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* @n bytes of @s percent-decoded into a new string; NULL for %00 or out of
 * memory. A '%' not followed by two hex digits stays as written. */
static char *percent_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t k = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 &&
            (lo = hex_value(s[i + 2])) >= 0) {
            if (hi == 0 && lo == 0) {
                free(out);
                return NULL;
            }
            out[k++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
    return out;
}

/* Whether @href starts with a URL scheme ("http:", "data:") or "//". */
static bool has_scheme(const char *href)
{
    if (href[0] == '/' && href[1] == '/')
        return true;
    if (!((href[0] | 32) >= 'a' && (href[0] | 32) <= 'z'))
        return false;
    size_t n = strcspn(href, ":/?#");
    return href[n] == ':';
}

/* @path's "." and ".." segments applied in place; false when it climbs
 * above the root. Empty segments ("a//b") are dropped. */
static bool normalize(char *path)
{
    char *out = path;
    const char *s = path;
    while (*s) {
        size_t len = strcspn(s, "/");
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (out == path)
                return false;
            out--; /* the '/' ending the last segment kept */
            while (out > path && out[-1] != '/')
                out--;
        } else if (len > 0 && !(len == 1 && s[0] == '.')) {
            memmove(out, s, len);
            out += len;
            if (s[len] == '/')
                *out++ = '/';
        }
        s += len;
        if (*s)
            s++;
    }
    *out = 0;
    return true;
}

char *sah_epub_resolve(const char *base, const char *href, char **fragment)
{
    if (fragment)
        *fragment = NULL;
    if (!href || has_scheme(href))
        return NULL;
    size_t path_len = strcspn(href, "?#");
    const char *hash = strchr(href, '#');
    char *path = percent_decode(href, path_len);
    if (!path)
        return NULL;
    if (!*path) {
        free(path);
        path = strdup(base); /* "#note": the document itself */
        if (!path)
            return NULL;
    } else if (path[0] != '/') {
        const char *slash = strrchr(base, '/');
        size_t dir = slash ? (size_t)(slash - base) + 1 : 0, n = strlen(path);
        char *joined = malloc(dir + n + 1);
        if (!joined) {
            free(path);
            return NULL;
        }
        memcpy(joined, base, dir);
        memcpy(joined + dir, path, n + 1);
        free(path);
        path = joined;
    }
    if (!normalize(path) || !*path) {
        free(path);
        return NULL;
    }
    if (fragment && hash && hash[1]) {
        *fragment = percent_decode(hash + 1, strlen(hash + 1));
        if (!*fragment) {
            free(path);
            return NULL;
        }
    }
    return path;
}

/* ---- the package ------------------------------------------------------ */

static bool has_entry(void *user, const char *name)
{
    return sah_epub_zip_has(user, name);
}

/* Reads and parses the XML entry @name; NULL (logged) when it cannot. */
static xmlDoc *read_xml(sah_epub_t *e, const char *name, sah_epub_status_t *st, char **keep_bytes,
                        size_t *keep_n)
{
    char *bytes;
    size_t n;
    *st = sah_epub_zip_read(e->zip, name, SAH_EPUB_MAX_XML_BYTES, &bytes, &n);
    if (*st == SAH_EPUB_ERR_MISSING)
        sah_log("%s: no %s in the archive", e->path, name);
    if (*st != SAH_EPUB_OK)
        return NULL;
    xmlDoc *doc = sah_epub_xml_parse(e->path, name, bytes, n, st);
    if (keep_bytes && doc) {
        *keep_bytes = bytes;
        *keep_n = n;
    } else {
        free(bytes);
    }
    return doc;
}

/* The OPF's entry name from META-INF/container.xml: the first rootfile of
 * the package media type (else the first rootfile). */
static char *find_opf(sah_epub_t *e, sah_epub_status_t *st)
{
    xmlDoc *doc = read_xml(e, "META-INF/container.xml", st, NULL, NULL);
    char *opf = NULL;
    if (!doc) {
        if (*st == SAH_EPUB_ERR_MISSING)
            *st = SAH_EPUB_ERR_NOT_EPUB;
        return NULL;
    }
    const char *first = NULL, *package = NULL;
    for (xmlNode *r = sah_epub_xml_find(xmlDocGetRootElement(doc), "rootfile"); r && !package;
         r = sah_epub_xml_next(r, "rootfile")) {
        const char *path = sah_epub_xml_attr(r, "full-path");
        const char *type = sah_epub_xml_attr(r, "media-type");
        if (!path || !*path)
            continue;
        if (!first)
            first = path;
        if (type && !strcmp(type, "application/oebps-package+xml"))
            package = path;
    }
    if (package || first) {
        opf = strdup(package ? package : first);
        *st = opf ? SAH_EPUB_OK : SAH_EPUB_ERR_NOMEM;
    } else {
        sah_log("%s: META-INF/container.xml names no package (OPF) file", e->path);
        *st = SAH_EPUB_ERR_NOT_EPUB;
    }
    xmlFreeDoc(doc);
    return opf;
}

/* Replaces *@field with @node's text unless it is set already (the first
 * dc:title is the title). False when out of memory. */
static bool take_text(char **field, const xmlNode *node)
{
    if (*field)
        return true;
    char *t = sah_epub_xml_text(node);
    if (!t)
        return false;
    if (!*t) {
        free(t);
        return true;
    }
    *field = t;
    return true;
}

/* Whether a dc:type or calibre:publication_type value says periodical. */
static bool periodical_word(const char *v)
{
    static const char *const words[] = {"periodical", "newspaper", "magazine"};
    if (!v)
        return false;
    if (!strncasecmp(v, "periodical:", 11))
        return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcasecmp(v, words[i]))
            return true;
    return false;
}

/* One element of the OPF's <metadata>; *@periodical is set on a
 * periodical's markers. False when out of memory. */
static bool read_meta_element(sah_epub_t *e, xmlNode *n, const char *uid, bool *periodical)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "title"))
        return take_text(&e->title, n);
    if (!strcmp(name, "creator"))
        return take_text(&e->creator, n);
    if (!strcmp(name, "date"))
        return take_text(&e->date, n);
    if (!strcmp(name, "language"))
        return take_text(&e->language, n);
    if (!strcmp(name, "publisher"))
        return take_text(&e->publisher, n);
    if (!strcmp(name, "identifier")) {
        /* The package's unique-identifier wins over the first one. */
        const char *id = sah_epub_xml_attr(n, "id");
        if (uid && id && !strcmp(uid, id)) {
            free(e->identifier);
            e->identifier = NULL;
        }
        return take_text(&e->identifier, n);
    }
    /* dc:type; <meta name="calibre:publication_type" content="periodical:...">
     * (EPUB 2) or <meta property="calibre:publication_type">periodical:...
     * </meta> (EPUB 3). */
    const char *key = sah_epub_xml_attr(n, "name"), *prop = sah_epub_xml_attr(n, "property");
    if (!strcmp(name, "type") ||
        (!strcmp(name, "meta") && prop &&
         (!strcmp(prop, "calibre:publication_type") || !strcmp(prop, "dcterms:type")))) {
        char *text = sah_epub_xml_text(n);
        if (!text)
            return false;
        *periodical |= periodical_word(text);
        free(text);
    } else if (!strcmp(name, "meta") && key && !strcmp(key, "calibre:publication_type")) {
        *periodical |= periodical_word(sah_epub_xml_attr(n, "content"));
    }
    return true;
}

/* The metadata of the OPF's <metadata>, and of the OEB-era <dc-metadata>
 * and <x-metadata> inside it (EPUB 2 allows them). */
static bool read_metadata(sah_epub_t *e, xmlNode *package, bool *periodical)
{
    xmlNode *md = sah_epub_xml_child(package, "metadata");
    const char *uid = sah_epub_xml_attr(package, "unique-identifier");
    const char *version = sah_epub_xml_attr(package, "version");
    if (version && !(e->version = strdup(version)))
        return false;
    for (xmlNode *n = md ? md->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        bool legacy = sah_epub_xml_is(n, "dc-metadata") || sah_epub_xml_is(n, "x-metadata");
        for (xmlNode *c = legacy ? n->children : n; c; c = legacy ? c->next : NULL)
            if (c->type == XML_ELEMENT_NODE && !read_meta_element(e, c, uid, periodical))
                return false;
    }
    return true;
}

static int cmp_items(const void *a, const void *b)
{
    return strcmp(((const item_t *)a)->id, ((const item_t *)b)->id);
}

/* The manifest's items, sorted by id. */
static bool read_manifest(xmlNode *package, const char *opf, item_t **items, size_t *n)
{
    size_t cap = 0;
    xmlNode *man = sah_epub_xml_child(package, "manifest");
    *items = NULL;
    *n = 0;
    for (xmlNode *it = sah_epub_xml_child(man, "item"); it; it = sah_epub_xml_next(it, "item")) {
        const char *id = sah_epub_xml_attr(it, "id"), *href = sah_epub_xml_attr(it, "href");
        if (!id || !href)
            continue;
        if (!sah_grow((void **)items, &cap, *n + 1, sizeof **items))
            return false;
        (*items)[*n] =
            (item_t){id, sah_epub_xml_attr(it, "media-type"), sah_epub_xml_attr(it, "properties"),
                     sah_epub_resolve(opf, href, NULL)};
        (*n)++;
    }
    if (*n > 1)
        qsort(*items, *n, sizeof **items, cmp_items);
    return true;
}

static const item_t *find_item(const item_t *items, size_t n, const char *id)
{
    item_t key = {.id = id};
    return id && n ? bsearch(&key, items, n, sizeof *items, cmp_items) : NULL;
}

static bool is_xhtml(const char *type)
{
    return type && (!strcmp(type, "application/xhtml+xml") || !strcmp(type, "text/html"));
}

/* The spine's documents in order; skipped items are one line each. */
static bool read_spine(sah_epub_t *e, xmlNode *spine, const item_t *items, size_t n_items)
{
    for (xmlNode *r = sah_epub_xml_child(spine, "itemref"); r;
         r = sah_epub_xml_next(r, "itemref")) {
        const char *idref = sah_epub_xml_attr(r, "idref");
        const item_t *it = find_item(items, n_items, idref);
        if (!it) {
            sah_log("%s: spine item \"%s\" is not in the manifest: skipped", e->path,
                    idref ? idref : "");
            continue;
        }
        if (!is_xhtml(it->media_type)) {
            sah_log("%s: spine item \"%s\" is %s, not XHTML: skipped", e->path, idref,
                    it->media_type ? it->media_type : "of no media type");
            continue;
        }
        if (!it->entry || !sah_epub_zip_has(e->zip, it->entry)) {
            sah_log("%s: spine item \"%s\" (%s) is not in the archive: skipped", e->path, idref,
                    it->entry ? it->entry : "a reference outside it");
            continue;
        }
        if (!sah_grow((void **)&e->spine, &e->cap_spine, e->n_spine + 1, sizeof *e->spine) ||
            !(e->spine[e->n_spine] = strdup(it->entry)))
            return false;
        e->n_spine++;
    }
    return true;
}

/* The table of contents: the EPUB 3 navigation document, else (or when it
 * lists nothing) the NCX. One that cannot be read is logged and skipped. */
static bool read_toc(sah_epub_t *e, xmlNode *spine, const item_t *items, size_t n_items)
{
    const item_t *nav = NULL, *ncx = find_item(items, n_items, sah_epub_xml_attr(spine, "toc"));
    for (size_t i = 0; i < n_items; i++) {
        if (!nav && items[i].properties && sah_epub_xml_has_word(items[i].properties, "nav"))
            nav = &items[i];
        if (!ncx && items[i].media_type && !strcmp(items[i].media_type, "application/x-dtbncx+xml"))
            ncx = &items[i];
    }
    const item_t *tries[] = {nav, ncx};
    for (size_t k = 0; k < 2 && e->toc.n == 0; k++) {
        sah_epub_status_t st;
        if (!tries[k] || !tries[k]->entry)
            continue;
        xmlDoc *doc = read_xml(e, tries[k]->entry, &st, NULL, NULL);
        if (st == SAH_EPUB_ERR_NOMEM)
            return false;
        bool ok = !doc || (k == 0 ? sah_epub_toc_from_nav : sah_epub_toc_from_ncx)(
                              &e->toc, doc, tries[k]->entry, has_entry, e->zip);
        xmlFreeDoc(doc);
        if (!ok)
            return false;
    }
    if (e->toc.cut)
        sah_log("%s: more than " SAH_STR(SAH_EPUB_MAX_TOC) " table of contents entries: the "
                                                           "rest are not read",
                e->path);
    sah_epub_toc_finish(&e->toc);
    /* Each entry's place in the spine (a linear search per entry is
     * n_toc x n_spine: both are bounded, and a periodical has ~100). */
    for (size_t i = 0; i < e->toc.n; i++) {
        sah_epub_toc_entry_t *t = &e->toc.items[i];
        for (size_t s = 0; t->doc && s < e->n_spine && t->spine == SIZE_MAX; s++)
            if (!strcmp(e->spine[s], t->doc))
                t->spine = s;
    }
    return true;
}

/* ---- book or periodical ----------------------------------------------- */

static bool add_article(sah_epub_t *e, const char *title, const char *section, size_t first,
                        size_t n_docs, size_t toc)
{
    if (!sah_grow((void **)&e->articles, &e->cap_articles, e->n_articles + 1, sizeof *e->articles))
        return false;
    sah_epub_article_t *a = &e->articles[e->n_articles++];
    *a = (sah_epub_article_t){title, section, first, n_docs, toc, 0, 0};
    for (size_t k = first; k < first + n_docs; k++) {
        uint64_t inflated, stored;
        if (sah_epub_zip_sizes(e->zip, e->spine[k], &inflated, &stored)) {
            a->inflated_bytes += inflated;
            a->stored_bytes += stored;
        }
    }
    return true;
}

/* A document's name without its folder and extension, as a title. */
static char *doc_title(const char *doc)
{
    const char *slash = strrchr(doc, '/');
    const char *base = slash ? slash + 1 : doc;
    const char *dot = strrchr(base, '.');
    return strndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

/* A periodical's articles: the leaves of its table of contents that point
 * into the spine, each running from its document to the next document any
 * entry points at (a section's index page is not part of the article
 * before it); two entries into one document are one article. Without such
 * leaves, each spine document is an article. */
static bool periodical_articles(sah_epub_t *e)
{
    bool *starts = calloc(e->n_spine, sizeof *starts);
    size_t top = 0;
    if (!starts)
        return false;
    for (size_t i = 0; i < e->toc.n; i++) {
        if (e->toc.items[i].spine != SIZE_MAX)
            starts[e->toc.items[i].spine] = true;
        top += e->toc.items[i].depth == 0;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < e->toc.n; i++) {
        const sah_epub_toc_entry_t *t = &e->toc.items[i];
        bool seen = false;
        if (!t->leaf || t->spine == SIZE_MAX)
            continue;
        for (size_t k = 0; k < e->n_articles && !seen; k++)
            seen = e->articles[k].first == t->spine;
        if (seen)
            continue;
        size_t end = t->spine + 1;
        while (end < e->n_spine && !starts[end])
            end++;
        /* The section: the entry above it, unless that is the one
         * top-level entry wrapping everything (the periodical itself). */
        const char *section = NULL;
        for (size_t p = i; p-- > 0 && t->depth > 0;) {
            if (e->toc.items[p].depth < t->depth) {
                if (e->toc.items[p].depth > 0 || top > 1)
                    section = e->toc.items[p].label;
                break;
            }
        }
        ok = add_article(e, t->label, section, t->spine, end - t->spine, i);
    }
    bool found = e->n_articles > 0;
    for (size_t s = 0; ok && !found && s < e->n_spine; s++) {
        char *title = doc_title(e->spine[s]);
        ok = title && sah_grow((void **)&e->names, &e->cap_names, e->n_names + 1, sizeof *e->names);
        if (ok)
            e->names[e->n_names++] = title;
        else
            free(title);
        ok = ok && add_article(e, title, NULL, s, 1, SIZE_MAX);
    }
    free(starts);
    return ok;
}

/* The languages written right to left (their primary subtags). */
static bool rtl_language(const char *lang)
{
    static const char *const rtl[] = {"ar", "arc", "ckb", "dv",  "fa", "he", "iw",
                                      "ks", "ps",  "sd",  "syr", "ug", "ur", "yi"};
    if (!lang)
        return false;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
        if (strlen(rtl[i]) == n && !strncasecmp(lang, rtl[i], n))
            return true;
    return false;
}

/* The file's name without its folder and ".epub", as a title. */
static char *file_title(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcasecmp(base + n - 5, ".epub"))
        n -= 5;
    return strndup(base, n);
}

/* Reads the OPF and everything it leads to into @e. */
static sah_epub_status_t read_package(sah_epub_t *e)
{
    sah_epub_status_t st;
    char *opf = find_opf(e, &st), *bytes = NULL;
    size_t n = 0, n_items = 0;
    item_t *items = NULL;
    bool periodical = false;
    xmlDoc *doc = opf ? read_xml(e, opf, &st, &bytes, &n) : NULL;
    if (!doc) {
        if (st == SAH_EPUB_ERR_MISSING)
            st = SAH_EPUB_ERR_NOT_EPUB;
        goto out;
    }
    sah_hash_sha256_hex(bytes, n, e->identity);
    xmlNode *package = xmlDocGetRootElement(doc), *spine = sah_epub_xml_child(package, "spine");
    st = SAH_EPUB_ERR_NOMEM;
    if (!read_metadata(e, package, &periodical) || !read_manifest(package, opf, &items, &n_items) ||
        !read_spine(e, spine, items, n_items))
        goto out;
    if (e->n_spine == 0) {
        sah_log("%s: no XHTML document in its spine: nothing to read", e->path);
        st = SAH_EPUB_ERR_NOT_EPUB;
        goto out;
    }
    if (!read_toc(e, spine, items, n_items))
        goto out;
    if (!e->title && !(e->title = file_title(e->path)))
        goto out;
    const char *ppd = sah_epub_xml_attr(spine, "page-progression-direction");
    bool rtl = ppd && (!strcmp(ppd, "rtl") || !strcmp(ppd, "ltr")) ? !strcmp(ppd, "rtl")
                                                                   : rtl_language(e->language);
    e->kind = periodical || e->toc.periodical_classes ? SAH_EPUB_PERIODICAL : SAH_EPUB_BOOK;
    if (e->kind == SAH_EPUB_PERIODICAL ? !periodical_articles(e)
                                       : !add_article(e, e->title, NULL, 0, e->n_spine, SIZE_MAX))
        goto out;
    e->meta = (sah_epub_meta_t){e->title,    e->creator,          e->date,
                                e->language, e->publisher,        e->identifier,
                                e->version,  rtl ? "rtl" : "ltr", e->identity};
    st = SAH_EPUB_OK;
out:
    if (st == SAH_EPUB_ERR_NOMEM)
        sah_log("%s: out of memory", e->path);
    for (size_t i = 0; i < n_items; i++)
        free(items[i].entry);
    free(items);
    xmlFreeDoc(doc);
    free(bytes);
    free(opf);
    return st;
}

/* ---- the public API --------------------------------------------------- */

sah_epub_t *sah_epub_open_in(int dirfd, const char *name, const char *path,
                             sah_epub_status_t *status)
{
    sah_epub_status_t st = SAH_EPUB_ERR_NOMEM;
    struct stat sb;
    int err;
    sah_epub_t *e = calloc(1, sizeof *e);
    int fd = -1;
    if (!e || !(e->path = strdup(path))) {
        sah_log("%s: out of memory", path);
        goto fail;
    }
    /* The file size is not a memory bound (the archive is read entry by
     * entry): past it is a refusal from epub-zip.c, with the size said. */
    fd = sah_file_open_in(dirfd, name, SIZE_MAX, &sb, &err);
    if (fd < 0) {
        sah_log("%s: cannot open: %s", path, sah_file_strerror(err));
        st = err == ENOMEM ? SAH_EPUB_ERR_NOMEM : SAH_EPUB_ERR_IO;
        goto fail;
    }
    e->file_size = (uint64_t)sb.st_size;
    if (!(e->zip = sah_epub_zip_open(fd, path, &st)))
        goto fail;
    close(fd);
    fd = -1;
    if ((st = read_package(e)) != SAH_EPUB_OK)
        goto fail;
    if (status)
        *status = SAH_EPUB_OK;
    return e;
fail:
    if (fd >= 0)
        close(fd);
    sah_epub_free(e);
    if (status)
        *status = st;
    return NULL;
}

sah_epub_t *sah_epub_open(const char *path, sah_epub_status_t *status)
{
    return sah_epub_open_in(AT_FDCWD, path, path, status);
}

void sah_epub_free(sah_epub_t *e)
{
    if (!e)
        return;
    sah_epub_zip_free(e->zip);
    free(e->path);
    free(e->title);
    free(e->creator);
    free(e->date);
    free(e->language);
    free(e->publisher);
    free(e->identifier);
    free(e->version);
    for (size_t i = 0; i < e->n_spine; i++)
        free(e->spine[i]);
    free(e->spine);
    sah_epub_toc_clear(&e->toc);
    free(e->articles);
    for (size_t i = 0; i < e->n_names; i++)
        free(e->names[i]);
    free(e->names);
    free(e);
}

const char *sah_epub_status_string(sah_epub_status_t st)
{
    switch (st) {
    case SAH_EPUB_OK:
        return "ok";
    case SAH_EPUB_ERR_IO:
        return "cannot be read";
    case SAH_EPUB_ERR_NOT_ZIP:
        return "not a zip archive (an EPUB is one)";
    case SAH_EPUB_ERR_TOO_LARGE:
        return "too large (see docs/limits.md)";
    case SAH_EPUB_ERR_UNSAFE:
        return "a zip entry leading out of the archive, or a symbolic link";
    case SAH_EPUB_ERR_ENCRYPTED:
        return "encrypted (DRM or a password)";
    case SAH_EPUB_ERR_BOMB:
        return "a zip bomb (an entry inflating more than " SAH_STR(SAH_EPUB_MAX_RATIO) " times)";
    case SAH_EPUB_ERR_CORRUPT:
        return "a damaged zip archive";
    case SAH_EPUB_ERR_NOT_EPUB:
        return "not an EPUB (no container, package or spine)";
    case SAH_EPUB_ERR_XML:
        return "its package XML cannot be read, or declares entities";
    case SAH_EPUB_ERR_MISSING:
        return "no such entry in the archive";
    case SAH_EPUB_ERR_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}

const sah_epub_meta_t *sah_epub_meta(const sah_epub_t *e)
{
    return &e->meta;
}

sah_epub_kind_t sah_epub_kind(const sah_epub_t *e)
{
    return e->kind;
}

size_t sah_epub_n_spine(const sah_epub_t *e)
{
    return e->n_spine;
}

const char *sah_epub_spine_doc(const sah_epub_t *e, size_t i)
{
    return i < e->n_spine ? e->spine[i] : NULL;
}

size_t sah_epub_n_toc(const sah_epub_t *e)
{
    return e->toc.n;
}

const sah_epub_toc_entry_t *sah_epub_toc(const sah_epub_t *e, size_t i)
{
    return i < e->toc.n ? &e->toc.items[i] : NULL;
}

size_t sah_epub_n_articles(const sah_epub_t *e)
{
    return e->n_articles;
}

const sah_epub_article_t *sah_epub_article(const sah_epub_t *e, size_t i)
{
    return i < e->n_articles ? &e->articles[i] : NULL;
}

sah_epub_status_t sah_epub_read_entry(sah_epub_t *e, const char *name, char **bytes, size_t *n)
{
    return sah_epub_zip_read(e->zip, name, SAH_EPUB_MAX_ENTRY_BYTES, bytes, n);
}

bool sah_epub_entry_size(const sah_epub_t *e, const char *name, uint64_t *inflated)
{
    uint64_t stored;
    return sah_epub_zip_sizes(e->zip, name, inflated, &stored);
}

bool sah_epub_article_identity(sah_epub_t *e, size_t i, char *hex)
{
    size_t first = 0, n = e->n_spine;
    bool numbered = i != SAH_EPUB_WHOLE && e->kind == SAH_EPUB_PERIODICAL;
    if (i != SAH_EPUB_WHOLE) {
        if (i >= e->n_articles)
            return false;
        first = e->articles[i].first;
        n = e->articles[i].n_docs;
    }
    sah_hash_t *h = sah_hash_new();
    if (!h)
        return false;
    char line[96];
    sah_hash_update(h, e->identity, strlen(e->identity));
    if (numbered) {
        snprintf(line, sizeof line, "#%zu\n", i + 1);
        sah_hash_update(h, line, strlen(line));
    }
    for (size_t k = first; k < first + n; k++) {
        uint64_t inflated = 0, stored = 0;
        uint32_t crc = 0;
        (void)sah_epub_zip_sizes(e->zip, e->spine[k], &inflated, &stored);
        (void)sah_epub_zip_crc(e->zip, e->spine[k], &crc);
        snprintf(line, sizeof line, "\n%llu %08x\n", (unsigned long long)inflated, (unsigned)crc);
        sah_hash_update(h, e->spine[k], strlen(e->spine[k]));
        sah_hash_update(h, line, strlen(line));
    }
    sah_hash_finish_hex(h, hex);
    sah_hash_free(h);
    return true;
}

sah_epub_status_t sah_epub_read_file_entry(const char *path, const char *name, size_t max,
                                           char **bytes, size_t *n)
{
    sah_epub_status_t st = SAH_EPUB_ERR_IO;
    int err;
    *bytes = NULL;
    *n = 0;
    int fd = sah_file_open_in(AT_FDCWD, path, SIZE_MAX, NULL, &err);
    if (fd < 0) {
        sah_log("%s: cannot open: %s", path, sah_file_strerror(err));
        return err == ENOMEM ? SAH_EPUB_ERR_NOMEM : SAH_EPUB_ERR_IO;
    }
    sah_epub_zip_t *z = sah_epub_zip_open(fd, path, &st);
    close(fd);
    if (!z)
        return st;
    uint64_t inflated, stored;
    /* Refused by its stated size without a line: the caller names it. */
    if (!sah_epub_zip_sizes(z, name, &inflated, &stored))
        st = SAH_EPUB_ERR_MISSING;
    else if (inflated > max)
        st = SAH_EPUB_ERR_TOO_LARGE;
    else
        st = sah_epub_zip_read(z, name, max, bytes, n);
    sah_epub_zip_free(z);
    return st;
}

bool sah_epub_split_path(const char *path, char **file, size_t *article)
{
    const char *hash = strrchr(path, '#');
    size_t len = strlen(path);
    *file = NULL;
    *article = 0;
    if (hash && hash[1] && strspn(hash + 1, "0123456789") == strlen(hash + 1)) {
        len = (size_t)(hash - path);
        errno = 0;
        unsigned long long v = strtoull(hash + 1, NULL, 10);
        *article = errno || v == 0 || v > SIZE_MAX ? SIZE_MAX : (size_t)v;
    }
    if (len < 5 || strncasecmp(path + len - 5, ".epub", 5) != 0)
        return false;
    return (*file = strndup(path, len)) != NULL;
}

const char *sah_epub_path(const sah_epub_t *e)
{
    return e->path;
}

uint64_t sah_epub_file_size(const sah_epub_t *e)
{
    return e->file_size;
}
