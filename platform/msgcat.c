/* msgcat.c - see msgcat.h. The .mo layout: GNU gettext manual, "The
 * Format of GNU MO Files". */
#include "platform/msgcat.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform/log.h"
#include "platform/paths.h"
#include "platform/readfile.h"

/* One message: the original ("msgctxt\004msgid", then "\0msgid_plural"
 * for a plural one) and its translation (the forms separated by NULs). */
typedef struct {
    const char *orig, *trans;
    uint32_t trans_len;
} entry_t;

struct sah_msgcat {
    char lang[16];
    char *bytes;      /* owned: the file */
    entry_t *entries; /* owned, sorted by orig (strcmp) */
    size_t n;
    char *plural; /* owned, nullable: the Plural-Forms expression */
    unsigned long nplurals;
};

/* ---- the environment's language ------------------------------------------- */

const char *sah_msgcat_env_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *locale = NULL;
    for (size_t i = 0; i < 3 && !locale; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            locale = v;
    }
    /* The C locale shows messages as written; gettext ignores $LANGUAGE
     * there (POSIX specifies programs' output in it). */
    if (!locale || !strcmp(locale, "C") || !strcmp(locale, "POSIX"))
        return "en";
    const char *language = getenv("LANGUAGE");
    const char *list = language && *language ? language : locale;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ":"), ll = strcspn(p, "_.@:");
        if (ll == 2 && !strncmp(p, "ar", 2))
            return "ar";
        if (ll == 2 && !strncmp(p, "en", 2))
            return "en";
        p += n + (p[n] == ':');
    }
    return "en";
}

/* ---- Plural-Forms ------------------------------------------------------- */

/*
 * An evaluator of gettext's plural expressions: C's conditional, logical,
 * equality, relational, additive and multiplicative operators, '!',
 * parentheses, decimal numbers and n, in unsigned long arithmetic as
 * gettext's own (plural-exp.h). @live is false in the branch of ?:, && or
 * || that is not taken: it is parsed, and its division by zero is no error.
 */
typedef struct {
    const char *p;
    unsigned long n;
    int depth;
    bool err;
} expr_t;

#define EXPR_MAX_DEPTH 64

static unsigned long ex_cond(expr_t *e, bool live);

static void ex_space(expr_t *e)
{
    while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
        e->p++;
}

static bool ex_eat(expr_t *e, const char *op)
{
    ex_space(e);
    size_t k = strlen(op);
    if (strncmp(e->p, op, k) != 0)
        return false;
    /* "<" is not the start of "<=", nor "!" of "!=". */
    if (k == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '!') && e->p[1] == '=')
        return false;
    e->p += k;
    return true;
}

static unsigned long ex_primary(expr_t *e, bool live)
{
    ex_space(e);
    if (e->depth > EXPR_MAX_DEPTH) {
        e->err = true;
        return 0;
    }
    if (ex_eat(e, "!")) {
        e->depth++;
        unsigned long v = !ex_primary(e, live);
        e->depth--;
        return v;
    }
    if (ex_eat(e, "(")) {
        e->depth++;
        unsigned long v = ex_cond(e, live);
        e->depth--;
        if (!ex_eat(e, ")"))
            e->err = true;
        return v;
    }
    if (*e->p == 'n') {
        e->p++;
        return e->n;
    }
    if (*e->p >= '0' && *e->p <= '9') {
        unsigned long v = 0;
        while (*e->p >= '0' && *e->p <= '9')
            v = v * 10 + (unsigned long)(*e->p++ - '0');
        return v;
    }
    e->err = true;
    return 0;
}

static unsigned long ex_mul(expr_t *e, bool live)
{
    unsigned long v = ex_primary(e, live);
    for (;;) {
        int op = ex_eat(e, "*") ? '*' : ex_eat(e, "/") ? '/' : ex_eat(e, "%") ? '%' : 0;
        if (!op || e->err)
            return v;
        unsigned long r = ex_primary(e, live);
        if ((op == '/' || op == '%') && r == 0) {
            e->err |= live;
            v = 0;
        } else {
            v = op == '*' ? v * r : op == '/' ? v / r : v % r;
        }
    }
}

static unsigned long ex_add(expr_t *e, bool live)
{
    unsigned long v = ex_mul(e, live);
    for (;;) {
        if (ex_eat(e, "+"))
            v += ex_mul(e, live);
        else if (ex_eat(e, "-"))
            v -= ex_mul(e, live);
        else
            return v;
    }
}

static unsigned long ex_rel(expr_t *e, bool live)
{
    unsigned long v = ex_add(e, live);
    for (;;) {
        if (ex_eat(e, "<="))
            v = v <= ex_add(e, live);
        else if (ex_eat(e, ">="))
            v = v >= ex_add(e, live);
        else if (ex_eat(e, "<"))
            v = v < ex_add(e, live);
        else if (ex_eat(e, ">"))
            v = v > ex_add(e, live);
        else
            return v;
    }
}

static unsigned long ex_eq(expr_t *e, bool live)
{
    unsigned long v = ex_rel(e, live);
    for (;;) {
        if (ex_eat(e, "=="))
            v = v == ex_rel(e, live);
        else if (ex_eat(e, "!="))
            v = v != ex_rel(e, live);
        else
            return v;
    }
}

static unsigned long ex_and(expr_t *e, bool live)
{
    unsigned long v = ex_eq(e, live);
    while (ex_eat(e, "&&")) {
        unsigned long r = ex_eq(e, live && v);
        v = v && r;
    }
    return v;
}

static unsigned long ex_or(expr_t *e, bool live)
{
    unsigned long v = ex_and(e, live);
    while (ex_eat(e, "||")) {
        unsigned long r = ex_and(e, live && !v);
        v = v || r;
    }
    return v;
}

static unsigned long ex_cond(expr_t *e, bool live)
{
    unsigned long c = ex_or(e, live);
    if (!ex_eat(e, "?"))
        return c;
    e->depth++;
    unsigned long a = ex_cond(e, live && c);
    if (!ex_eat(e, ":"))
        e->err = true;
    unsigned long b = ex_cond(e, live && !c);
    e->depth--;
    return c ? a : b;
}

/* @expr for @n; false for a malformed expression or a division by zero. */
static bool plural_eval(const char *expr, unsigned long n, unsigned long *out)
{
    expr_t e = {expr, n, 0, false};
    *out = ex_cond(&e, true);
    ex_space(&e);
    return !e.err && *e.p == 0;
}

/* Reads "nplurals=N; plural=EXPR;" from the header's Plural-Forms line. */
static bool parse_plural_forms(sah_msgcat_t *c, const char *header)
{
    const char *line = strstr(header, "Plural-Forms:");
    if (!line)
        return false;
    size_t len = strcspn(line, "\n");
    char *copy = strndup(line, len);
    if (!copy)
        return false;
    const char *np = strstr(copy, "nplurals="), *pl = strstr(copy, "plural=");
    /* "plural=" also ends "nplurals=": the expression's is the other. */
    if (pl && np && pl == np + 2)
        pl = strstr(np + 9, "plural=");
    bool ok = false;
    if (np && pl) {
        c->nplurals = strtoul(np + 9, NULL, 10);
        pl += 7;
        size_t el = strcspn(pl, ";");
        c->plural = strndup(pl, el);
        ok = c->plural && c->nplurals >= 1 && c->nplurals <= 6;
        /* Checked once here, so that a lookup never meets a bad one. */
        for (unsigned long n = 0; ok && n < 1000; n++) {
            unsigned long v;
            ok = plural_eval(c->plural, n, &v);
        }
    }
    free(copy);
    if (!ok) {
        free(c->plural);
        c->plural = NULL;
    }
    return ok;
}

/* ---- the .mo file ------------------------------------------------------- */

static uint32_t u32(const unsigned char *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry_t *)a)->orig, ((const entry_t *)b)->orig);
}

/* String @i of the table at @table: its bytes inside the file, NUL-ended;
 * NULL when it is not. */
static const char *mo_string(const unsigned char *d, size_t size, uint32_t table, uint32_t i,
                             bool swap, uint32_t *len)
{
    uint64_t at = (uint64_t)table + (uint64_t)i * 8;
    if (at + 8 > size)
        return NULL;
    uint32_t l = u32(d + at, swap), off = u32(d + at + 4, swap);
    if ((uint64_t)off + l >= size || d[off + l] != 0)
        return NULL;
    *len = l;
    return (const char *)d + off;
}

/* Fills @c from the file's bytes; NULL, or what is wrong with them. */
static const char *mo_parse(sah_msgcat_t *c, size_t size)
{
    const unsigned char *d = (const unsigned char *)c->bytes;
    if (size < 28)
        return "too short for a message catalogue";
    bool swap = u32(d, false) != 0x950412deu;
    if (u32(d, swap) != 0x950412deu)
        return "not a message catalogue (.mo)";
    if (u32(d + 4, swap) >> 16 > 1)
        return "a message catalogue of an unknown revision";
    uint32_t n = u32(d + 8, swap), orig = u32(d + 12, swap), trans = u32(d + 16, swap);
    if ((uint64_t)n * 16 > size)
        return "damaged (more messages than bytes)";
    if (n && !(c->entries = calloc(n, sizeof *c->entries)))
        return "out of memory";
    const char *header = NULL;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t ol, tl;
        const char *o = mo_string(d, size, orig, i, swap, &ol);
        const char *t = mo_string(d, size, trans, i, swap, &tl);
        if (!o || !t)
            return "damaged (a message outside the file)";
        if (!*o)
            header = t;
        c->entries[c->n++] = (entry_t){o, t, tl};
    }
    if (n && !header)
        return "no header";
    if (header) {
        /* The strings are shown as they are: they must be UTF-8. */
        const char *cs = strstr(header, "charset=");
        if (!cs || strncasecmp(cs + 8, "UTF-8", 5) != 0)
            return "not UTF-8 (its header's charset)";
        if (!parse_plural_forms(c, header))
            return "no usable Plural-Forms in its header";
    }
    qsort(c->entries, c->n, sizeof *c->entries, cmp_entry);
    return NULL;
}

sah_msgcat_t *sah_msgcat_new(const char *lang)
{
    sah_msgcat_t *c = calloc(1, sizeof *c);
    char *dir = sah_path_locale_dir(), rel[96], *path = NULL;
    if (!c || !dir)
        goto fail;
    snprintf(c->lang, sizeof c->lang, "%s", lang);
    snprintf(rel, sizeof rel, "%s/LC_MESSAGES/" SAH_MSGCAT_DOMAIN ".mo", c->lang);
    if (!(path = sah_path_join(dir, rel)))
        goto fail;
    size_t size = 0;
    int err = 0;
    c->bytes = sah_file_read(path, SAH_MSGCAT_MAX_BYTES, &size, &err);
    const char *why = c->bytes ? mo_parse(c, size) : sah_file_strerror(err);
    if (why && !(!c->bytes && !strcmp(c->lang, "en"))) {
        /* Messages as written rather than none: the reader still works. */
        sah_log("%s: cannot use the translations: %s; messages are in English", path, why);
        free(c->entries);
        free(c->plural);
        free(c->bytes);
        c->entries = NULL;
        c->plural = NULL;
        c->bytes = NULL;
        c->n = 0;
    }
    free(path);
    free(dir);
    return c;
fail:
    free(dir);
    free(c);
    return NULL;
}

void sah_msgcat_free(sah_msgcat_t *c)
{
    if (!c)
        return;
    free(c->entries);
    free(c->plural);
    free(c->bytes);
    free(c);
}

size_t sah_msgcat_count(const sah_msgcat_t *c)
{
    return c && c->n ? c->n - 1 : 0; /* the header is no message */
}

/* The entry of @ctx and @msgid, or NULL. */
static const entry_t *find(const sah_msgcat_t *c, const char *ctx, const char *msgid)
{
    if (!c || !c->n)
        return NULL;
    char stack[256];
    size_t lc = ctx ? strlen(ctx) + 1 : 0, lm = strlen(msgid);
    char *key = lc + lm + 1 > sizeof stack ? malloc(lc + lm + 1) : stack;
    if (!key)
        return NULL;
    if (ctx) {
        memcpy(key, ctx, lc - 1);
        key[lc - 1] = '\004'; /* gettext's separator of context and msgid */
    }
    memcpy(key + lc, msgid, lm + 1);
    entry_t probe = {key, NULL, 0};
    const entry_t *e = bsearch(&probe, c->entries, c->n, sizeof *c->entries, cmp_entry);
    if (key != stack)
        free(key);
    return e;
}

const char *sah_msgcat_get(const sah_msgcat_t *c, const char *ctx, const char *msgid)
{
    const entry_t *e = find(c, ctx, msgid);
    /* An empty translation is an untranslated message (msgfmt leaves
     * those out; a hand-made file might not). */
    return e && *e->trans ? e->trans : msgid;
}

int sah_msgcat_plural_index(const sah_msgcat_t *c, unsigned long n)
{
    unsigned long v;
    if (!c || !c->plural || !plural_eval(c->plural, n, &v))
        return -1;
    /* gettext's rule for an index past the forms: the first. */
    return v < c->nplurals ? (int)v : 0;
}

const char *sah_msgcat_nget(const sah_msgcat_t *c, const char *ctx, const char *msgid,
                            const char *plural, unsigned long n)
{
    const entry_t *e = find(c, ctx, msgid);
    int k = e ? sah_msgcat_plural_index(c, n) : -1;
    if (k >= 0) {
        const char *s = e->trans, *end = e->trans + e->trans_len;
        for (; k > 0 && s < end; k--)
            s += strlen(s) + 1;
        if (s < end && *s)
            return s;
    }
    return n == 1 ? msgid : plural;
}

/* ---- the command line's --------------------------------------------------- */

static sah_msgcat_t *process_cat;

void sah_msgcat_use(const char *lang)
{
    if (lang && process_cat && !strcmp(process_cat->lang, lang))
        return;
    sah_msgcat_t *c = lang ? sah_msgcat_new(lang) : NULL;
    if (lang && !c)
        return; /* out of memory: the old language stays */
    sah_msgcat_free(process_cat);
    process_cat = c;
}

const char *sah_tr(const char *msgid)
{
    return sah_msgcat_get(process_cat, NULL, msgid);
}

const char *sah_ntr(const char *msgid, const char *plural, unsigned long n)
{
    return sah_msgcat_nget(process_cat, NULL, msgid, plural, n);
}
