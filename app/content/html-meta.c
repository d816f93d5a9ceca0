/*
 * html-meta.c - the article's metadata, from what the page states most
 * deliberately to what it shows: JSON-LD (schema.org's NewsArticle and its
 * kin, which news sites write for search engines), then <meta> tags
 * (Open Graph og:, article:, Twitter, Dublin Core dc:, plain name=author),
 * then the <title> element, cut of the site's name as Readability cuts it:
 * " | Site", " - Site", " » Section" go unless what is left is too short to
 * be a headline (then the other end goes, or nothing does).
 */
#include "app/content/html-meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/html-score.h"

/* ---- small strings ------------------------------------------------------ */

/* @s collapsed and trimmed, with the entities a page escaped twice
 * (&amp;quot;) decoded once more; (transfer full), NULL if empty. */
static char *clean(const char *s)
{
    if (!s)
        return NULL;
    sah_hbuf_t b = {0};
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&quot;", "\""}, {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},
                {"&apos;", "'"},  {"&#39;", "'"}, {"&#039;", "'"}, {"&nbsp;", " "}};
    bool ok = true;
    while (*s && ok) {
        size_t k = 0;
        for (; k < sizeof ents / sizeof *ents; k++)
            if (!strncmp(s, ents[k].ent, strlen(ents[k].ent)))
                break;
        if (k < sizeof ents / sizeof *ents) {
            ok = sah_hbuf_put(&b, ents[k].ch, strlen(ents[k].ch));
            s += strlen(ents[k].ent);
        } else {
            ok = sah_hbuf_put(&b, s, 1);
            s++;
        }
    }
    char *r = ok ? sah_hbuf_take(&b) : NULL;
    free(b.s);
    return r;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; s && *s; s++) {
        bool sp = *s == ' ';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/* ---- <meta> ------------------------------------------------------------- */

enum { K_TITLE, K_BYLINE, K_EXCERPT, K_SITE, K_DATE, K_LOCALE, N_FIELDS };

/* The keys of each field, most trusted first (Readability's order). */
static const char *const keys[N_FIELDS][9] = {
    [K_TITLE] = {"dc:title", "dcterm:title", "og:title", "weibo:article:title",
                 "weibo:webpage:title", "title", "twitter:title", "parsely-title", NULL},
    [K_BYLINE] = {"dc:creator", "dcterm:creator", "author", "parsely-author", "article:author",
                  NULL},
    [K_EXCERPT] = {"dc:description", "dcterm:description", "og:description",
                   "weibo:article:description", "weibo:webpage:description", "description",
                   "twitter:description", NULL},
    [K_SITE] = {"og:site_name", NULL},
    [K_DATE] = {"article:published_time", "parsely-pub-date", "datepublished", "pubdate",
                "publishdate", "dc:date", "dcterms:date", "date", NULL},
    [K_LOCALE] = {"og:locale", NULL},
};

typedef struct {
    const char *value[N_FIELDS];
    uint32_t node[N_FIELDS];
    int rank[N_FIELDS];
} metas_t;

static void offer(metas_t *m, const char *key, const char *content, uint32_t node)
{
    for (int f = 0; f < N_FIELDS; f++)
        for (int r = 0; keys[f][r]; r++)
            if (!strcmp(key, keys[f][r]) && r <= m->rank[f]) { /* the last of a rank wins */
                /* An author given as a profile URL is no name. */
                if (f == K_BYLINE && (strstr(content, "://") || content[0] == '/'))
                    continue;
                m->value[f] = content;
                m->node[f] = node;
                m->rank[f] = r;
            }
}

/* A property attribute may list several names ("og:title twitter:title");
 * names are compared lower-cased, with "." read as ":" (dc.creator). */
static void offer_names(metas_t *m, const char *names, const char *content, uint32_t node)
{
    char key[64];
    while (names && *names) {
        while (*names == ' ')
            names++;
        size_t k = 0;
        for (; *names && *names != ' '; names++) {
            char c = *names;
            if (c == '.')
                c = ':';
            else if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (k + 1 < sizeof key)
                key[k++] = c;
        }
        key[k] = 0;
        if (k)
            offer(m, key, content, node);
    }
}

static void read_metas(const sah_hdom_t *d, metas_t *m)
{
    for (int f = 0; f < N_FIELDS; f++) {
        m->rank[f] = 99;
        m->node[f] = SAH_HNONE;
        m->value[f] = NULL;
    }
    for (uint32_t i = 0; i < d->count; i++) {
        const sah_hnode_t *e = &d->n[i];
        if (e->tag != TAG_META)
            continue;
        const char *content = sah_hdom_attr(e, "content");
        if (!content || !*content)
            continue;
        offer_names(m, sah_hdom_attr(e, "property"), content, i);
        offer_names(m, sah_hdom_attr(e, "name"), content, i);
        offer_names(m, sah_hdom_attr(e, "itemprop"), content, i);
    }
}

/* ---- JSON-LD ------------------------------------------------------------ */

static bool article_type(const char *t)
{
    static const char *const types[] = {"Article",
                                        "AdvertiserContentArticle",
                                        "NewsArticle",
                                        "AnalysisNewsArticle",
                                        "AskPublicNewsArticle",
                                        "BackgroundNewsArticle",
                                        "OpinionNewsArticle",
                                        "ReportageNewsArticle",
                                        "ReviewNewsArticle",
                                        "Report",
                                        "SatiricalArticle",
                                        "ScholarlyArticle",
                                        "MedicalScholarlyArticle",
                                        "SocialMediaPosting",
                                        "BlogPosting",
                                        "LiveBlogPosting",
                                        "DiscussionForumPosting",
                                        "TechArticle",
                                        "APIReference",
                                        NULL};
    for (size_t i = 0; t && types[i]; i++)
        if (!strcmp(t, types[i]))
            return true;
    return false;
}

static bool is_article(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return article_type(json_string_value(t));
    size_t i;
    json_t *v;
    json_array_foreach(t, i,
                       v) if (json_is_string(v) && article_type(json_string_value(v))) return true;
    return false;
}

/* The first article object in @v: itself, an item of an array or of
 * @graph (bounded depth: the JSON is the page's, not ours). */
static json_t *find_article(json_t *v, int depth)
{
    if (depth > 4)
        return NULL;
    if (json_is_object(v)) {
        if (is_article(v))
            return v;
        return find_article(json_object_get(v, "@graph"), depth + 1);
    }
    size_t i;
    json_t *item, *r;
    json_array_foreach(v, i, item) if ((r = find_article(item, depth + 1))) return r;
    return NULL;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* An author object, a string, or an array of either: names joined by ", ". */
static char *authors(json_t *a)
{
    if (json_is_string(a))
        return clean(json_string_value(a));
    if (json_is_object(a))
        return clean(jstr(a, "name"));
    sah_hbuf_t b = {0};
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *n = json_is_object(v)   ? jstr(v, "name")
                        : json_is_string(v) ? json_string_value(v)
                                            : NULL;
        if (!n || !*n)
            continue;
        if (b.len)
            sah_hbuf_put(&b, ",", 1), b.space = true;
        sah_hbuf_put(&b, n, strlen(n));
    }
    char *r = sah_hbuf_take(&b);
    free(b.s);
    return r;
}

typedef struct {
    char *name, *headline, *byline, *excerpt, *site, *date;
    uint32_t node; /* the <script> it came from */
} jsonld_t;

static void read_jsonld(const sah_hdom_t *d, jsonld_t *j)
{
    for (uint32_t i = 0; i < d->count; i++) {
        const sah_hnode_t *e = &d->n[i];
        const char *type = sah_hdom_attr(e, "type");
        if (e->tag != TAG_SCRIPT || !type || strcmp(type, "application/ld+json") != 0)
            continue;
        xmlChar *text = xmlNodeGetContent(e->node);
        if (!text)
            continue;
        /* Pages wrap their JSON in <![CDATA[ ]]> for XHTML's sake. */
        char *js = (char *)text, *end;
        while (*js == ' ' || *js == '\n' || *js == '\r' || *js == '\t')
            js++;
        if (!strncmp(js, "<![CDATA[", 9)) {
            js += 9;
            if ((end = strstr(js, "]]>")))
                *end = 0;
        }
        json_error_t err;
        json_t *root = json_loads(js, JSON_DECODE_ANY, &err);
        xmlFree(text);
        json_t *a = find_article(root, 0);
        if (a) {
            j->node = i;
            j->name = clean(jstr(a, "name"));
            j->headline = clean(jstr(a, "headline"));
            j->byline = authors(json_object_get(a, "author"));
            j->excerpt = clean(jstr(a, "description"));
            j->site = clean(jstr(json_object_get(a, "publisher"), "name"));
            j->date = clean(jstr(a, "datePublished"));
        }
        json_decref(root);
        if (a)
            return;
    }
}

/* ---- <title> ------------------------------------------------------------ */

static const char *const separators[] = {
    " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \\ ", " / ", " > ", " \xC2\xBB ", NULL};

static bool hierarchical(const char *sep)
{
    return sep[1] == '\\' || sep[1] == '/' || sep[1] == '>' || (unsigned char)sep[1] == 0xC2;
}

/* The first (@first) or last separator of @s: its position and length. */
static const char *find_sep(const char *s, bool first, size_t *len, bool *hier)
{
    const char *best = NULL;
    for (size_t i = 0; separators[i]; i++) {
        for (const char *p = strstr(s, separators[i]); p; p = strstr(p + 1, separators[i])) {
            if (!best || (first ? p < best : p > best)) {
                best = p;
                *len = strlen(separators[i]);
            }
            if (hierarchical(separators[i]))
                *hier = true;
            if (first)
                break;
        }
    }
    return best;
}

static size_t words_without_separators(const char *s)
{
    size_t n = count_words(s), seps = 0;
    for (size_t i = 0; separators[i]; i++)
        for (const char *p = strstr(s, separators[i]); p; p = strstr(p + 1, separators[i]))
            seps++;
    return n - seps;
}

static char *only_h1(const sah_hdom_t *d)
{
    uint32_t found = SAH_HNONE;
    for (uint32_t i = 0; i < d->count; i++)
        if (d->n[i].tag == TAG_H1) {
            if (found != SAH_HNONE)
                return NULL;
            found = i;
        }
    return found == SAH_HNONE ? NULL : sah_hdom_text_of(d, found, 0);
}

static bool heading_is(const sah_hdom_t *d, const char *s)
{
    for (uint32_t i = 0; i < d->count; i++) {
        if (d->n[i].tag != TAG_H1 && d->n[i].tag != TAG_H2)
            continue;
        char *t = sah_hdom_text_of(d, i, 0);
        bool same = t && !strcmp(t, s);
        free(t);
        if (same)
            return true;
    }
    return false;
}

static char *dup_range(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = 0;
    }
    return r;
}

/* The headline inside a <title>: "Headline | Site" -> "Headline". */
static char *title_from(const sah_hdom_t *d, const char *orig)
{
    size_t len = 0;
    bool hier = false;
    char *cur = NULL;
    const char *sep = find_sep(orig, false, &len, &hier);
    if (sep) {
        cur = dup_range(orig, (size_t)(sep - orig));
        if (cur && count_words(cur) < 3) {
            free(cur);
            const char *f = find_sep(orig, true, &len, &hier);
            cur = strdup(f + len);
        }
    } else if (strstr(orig, ": ") && !heading_is(d, orig)) {
        const char *last = strrchr(orig, ':'), *first = strchr(orig, ':');
        cur = strdup(last + 1);
        if (cur && count_words(cur) < 3) {
            free(cur);
            cur = strdup(first + 1);
        } else if (cur) {
            char *before = dup_range(orig, (size_t)(first - orig));
            if (before && count_words(before) > 5) {
                free(cur);
                cur = strdup(orig);
            }
            free(before);
        }
    } else {
        size_t chars = 0;
        for (const char *p = orig; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        if (chars > 150 || chars < 15)
            cur = only_h1(d);
    }
    char *c = cur ? clean(cur) : NULL;
    free(cur);
    if (!c)
        return strdup(orig);
    size_t w = count_words(c);
    if (w <= 4 && (!hier || w != words_without_separators(orig) - 1)) {
        free(c);
        return strdup(orig);
    }
    return c;
}

static uint32_t first_tag(const sah_hdom_t *d, int tag)
{
    for (uint32_t i = 0; i < d->count; i++) {
        if (d->n[i].tag == TAG_SVG) /* an SVG's <title> names a drawing */
            i = d->n[i].last;
        else if (d->n[i].tag == tag)
            return i;
    }
    return SAH_HNONE;
}

/* ---- dates -------------------------------------------------------------- */

/* The page's <time datetime> for the publication: one marked pubdate or
 * itemprop=datePublished, else the first. */
static uint32_t time_element(const sah_hdom_t *d, const char **when)
{
    uint32_t first = SAH_HNONE;
    for (uint32_t i = 0; i < d->count; i++) {
        const sah_hnode_t *e = &d->n[i];
        const char *dt = sah_hdom_attr(e, "datetime"), *ip = sah_hdom_attr(e, "itemprop");
        if (!dt || !*dt)
            continue;
        if (sah_hdom_attr(e, "pubdate") || (ip && strstr(ip, "datePublished"))) {
            *when = dt;
            return i;
        }
        if (first == SAH_HNONE && e->tag == TAG_TIME) {
            first = i;
            *when = dt;
        }
    }
    return first;
}

/* ---- together ----------------------------------------------------------- */

static char *pick(char **jsonld, const char *meta)
{
    if (*jsonld) {
        char *r = *jsonld;
        *jsonld = NULL;
        return r;
    }
    return clean(meta);
}

static void read_title(const sah_hdom_t *d, sah_hmeta_t *m, jsonld_t *j, const metas_t *mt,
                       const char *doc_title)
{
    if (j->name && j->headline && strcmp(j->name, j->headline) != 0) {
        /* Some sites put their own name in "name": take the one closer to
         * the page's title. */
        char *t = doc_title ? title_from(d, doc_title) : NULL;
        bool h = sah_htext_similarity(t, j->headline) > 0.75;
        bool n = sah_htext_similarity(t, j->name) > 0.75;
        free(t);
        m->title = h && !n ? pick(&j->headline, NULL) : pick(&j->name, NULL);
    } else if (j->name || j->headline)
        m->title = j->name ? pick(&j->name, NULL) : pick(&j->headline, NULL);
    if (m->title)
        m->title_node = j->node;
    if (!m->title && mt->value[K_TITLE]) {
        m->title = clean(mt->value[K_TITLE]);
        m->title_node = mt->node[K_TITLE];
    }
    if (!m->title && doc_title) {
        m->title = title_from(d, doc_title);
        m->title_node = first_tag(d, TAG_TITLE);
    }
}

static void read_lang(const sah_hdom_t *d, sah_hmeta_t *m, const metas_t *mt)
{
    uint32_t html = first_tag(d, TAG_HTML);
    const char *lang = html != SAH_HNONE ? sah_hdom_attr(&d->n[html], "lang") : NULL;
    if (!lang || !*lang)
        lang = html != SAH_HNONE ? sah_hdom_attr(&d->n[html], "xml:lang") : NULL;
    if (lang && *lang)
        m->lang = clean(lang);
    else if (mt->value[K_LOCALE]) {
        m->lang = clean(mt->value[K_LOCALE]);
        for (char *p = m->lang; p && *p; p++)
            if (*p == '_')
                *p = '-';
    }
}

bool sah_hmeta_read(const sah_hdom_t *d, sah_hmeta_t *m)
{
    memset(m, 0, sizeof *m);
    m->title_node = m->byline_node = m->date_node = m->site_node = SAH_HNONE;
    metas_t mt;
    jsonld_t j = {.node = SAH_HNONE};
    read_metas(d, &mt);
    read_jsonld(d, &j);
    uint32_t t = first_tag(d, TAG_TITLE);
    char *doc_title = t != SAH_HNONE ? sah_hdom_text_of(d, t, 0) : NULL;
    read_title(d, m, &j, &mt, doc_title);
    free(doc_title);
    m->byline_node = j.byline ? j.node : mt.node[K_BYLINE];
    m->byline = pick(&j.byline, mt.value[K_BYLINE]);
    m->excerpt = pick(&j.excerpt, mt.value[K_EXCERPT]);
    if (j.site) {
        m->site_name = pick(&j.site, NULL);
        m->site_node = j.node;
    } else if ((m->site_name = clean(mt.value[K_SITE])))
        m->site_node = mt.node[K_SITE];
    if (j.date) {
        m->date = pick(&j.date, NULL);
        m->date_node = j.node;
    } else if ((m->date = clean(mt.value[K_DATE])))
        m->date_node = mt.node[K_DATE];
    const char *when = NULL;
    uint32_t te = time_element(d, &when);
    if (!m->date && te != SAH_HNONE)
        m->date = clean(when);
    if (te != SAH_HNONE)
        m->date_node = te; /* shown as the page shows it */
    read_lang(d, m, &mt);
    free(j.name);
    free(j.headline);
    free(j.byline);
    free(j.excerpt);
    free(j.site);
    free(j.date);
    return true;
}

void sah_hmeta_clear(sah_hmeta_t *m)
{
    free(m->title);
    free(m->byline);
    free(m->date);
    free(m->site_name);
    free(m->lang);
    free(m->excerpt);
    memset(m, 0, sizeof *m);
}
