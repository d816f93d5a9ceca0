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
    struct plural *plural; /* owned, nullable: the Plural-Forms expression */
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
 * gettext's plural expressions: C's conditional, logical, equality,
 * relational, additive and multiplicative operators, '!', parentheses,
 * decimal numbers and n, in unsigned long arithmetic as gettext's own
 * (plural-exp.h). Parsed once, when the catalogue is read, into a tree of
 * at most PLURAL_MAX_NODES nodes and PLURAL_MAX_DEPTH levels (a hostile
 * expression is refused, not recursed into); evaluated for each count,
 * each branch of ?:, && and || only when taken (a division by zero there
 * is no error, as in C).
 */
#define PLURAL_MAX_NODES 128
#define PLURAL_MAX_DEPTH 64

typedef struct {
    char op;               /* 'n', '#' (number), '!', '?', or a binary operator: '*' '/' '%' '+' '-'
                            * '<' '>' 'l' (<=) 'g' (>=) '=' (==) 'x' (!=) '&' (&&) '|' (||) */
    unsigned char a, b, c; /* operand nodes */
    unsigned long value;   /* '#' */
} pnode_t;

struct plural {
    pnode_t nodes[PLURAL_MAX_NODES];
    int n_nodes, root;
};

typedef struct {
    const char *p;
    struct plural *pl;
    int depth;
    bool err;
} parse_t;

static int p_cond(parse_t *e);

static void p_space(parse_t *e)
{
    while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n')
        e->p++;
}

static bool p_eat(parse_t *e, const char *op)
{
    p_space(e);
    size_t k = strlen(op);
    if (strncmp(e->p, op, k) != 0)
        return false;
    /* "<" is not the start of "<=", nor "!" of "!=". */
    if (k == 1 && (op[0] == '<' || op[0] == '>' || op[0] == '!') && e->p[1] == '=')
        return false;
    e->p += k;
    return true;
}

/* A new node; 0 (with the error set) when the tree is full. Node 0 is
 * never a result: the first one made is a leaf or an operand's. */
static int p_node(parse_t *e, char op, int a, int b, int c, unsigned long value)
{
    if (e->err || e->pl->n_nodes == PLURAL_MAX_NODES) {
        e->err = true;
        return 0;
    }
    int i = e->pl->n_nodes++;
    e->pl->nodes[i] = (pnode_t){op, (unsigned char)a, (unsigned char)b, (unsigned char)c, value};
    return i;
}

static int p_primary(parse_t *e)
{
    p_space(e);
    if (e->err || ++e->depth > PLURAL_MAX_DEPTH) {
        e->err = true;
        return 0;
    }
    int r = 0;
    if (p_eat(e, "!")) {
        r = p_node(e, '!', p_primary(e), 0, 0, 0);
    } else if (p_eat(e, "(")) {
        r = p_cond(e);
        if (!p_eat(e, ")"))
            e->err = true;
    } else if (*e->p == 'n') {
        e->p++;
        r = p_node(e, 'n', 0, 0, 0, 0);
    } else if (*e->p >= '0' && *e->p <= '9') {
        unsigned long v = 0;
        while (*e->p >= '0' && *e->p <= '9')
            v = v * 10 + (unsigned long)(*e->p++ - '0');
        r = p_node(e, '#', 0, 0, 0, v);
    } else {
        e->err = true;
    }
    e->depth--;
    return r;
}

/* One level of left-associative binary operators: @ops' spellings, @codes
 * their node codes, over @next. */
static int p_binary(parse_t *e, const char *const *ops, const char *codes, int (*next)(parse_t *))
{
    int l = next(e);
    for (bool more = true; more && !e->err;) {
        more = false;
        for (size_t k = 0; ops[k]; k++)
            if (p_eat(e, ops[k])) {
                l = p_node(e, codes[k], l, next(e), 0, 0);
                more = true;
                break;
            }
    }
    return l;
}

static int p_mul(parse_t *e)
{
    static const char *const ops[] = {"*", "/", "%", NULL};
    return p_binary(e, ops, "*/%", p_primary);
}

static int p_add(parse_t *e)
{
    static const char *const ops[] = {"+", "-", NULL};
    return p_binary(e, ops, "+-", p_mul);
}

static int p_rel(parse_t *e)
{
    static const char *const ops[] = {"<=", ">=", "<", ">", NULL};
    return p_binary(e, ops, "lg<>", p_add);
}

static int p_eq(parse_t *e)
{
    static const char *const ops[] = {"==", "!=", NULL};
    return p_binary(e, ops, "=x", p_rel);
}

static int p_and(parse_t *e)
{
    static const char *const ops[] = {"&&", NULL};
    return p_binary(e, ops, "&", p_eq);
}

static int p_or(parse_t *e)
{
    static const char *const ops[] = {"||", NULL};
    return p_binary(e, ops, "|", p_and);
}

static int p_cond(parse_t *e)
{
    int c = p_or(e);
    if (e->err || !p_eat(e, "?"))
        return c;
    if (++e->depth > PLURAL_MAX_DEPTH) {
        e->err = true;
        return 0;
    }
    int a = p_cond(e);
    if (!p_eat(e, ":"))
        e->err = true;
    int b = p_cond(e);
    e->depth--;
    return p_node(e, '?', c, a, b, 0);
}

/* Node @i for @n; false for a division by zero. */
static bool p_eval(const struct plural *pl, int i, unsigned long n, unsigned long *out)
{
    const pnode_t *x = &pl->nodes[i];
    unsigned long l, r;
    switch (x->op) {
    case 'n':
        *out = n;
        return true;
    case '#':
        *out = x->value;
        return true;
    case '!':
        if (!p_eval(pl, x->a, n, &l))
            return false;
        *out = !l;
        return true;
    case '?':
        return p_eval(pl, x->a, n, &l) && p_eval(pl, l ? x->b : x->c, n, out);
    case '&':
    case '|':
        if (!p_eval(pl, x->a, n, &l))
            return false;
        if ((x->op == '&') != (l != 0)) {
            *out = l != 0;
            return true;
        }
        if (!p_eval(pl, x->b, n, &r))
            return false;
        *out = r != 0;
        return true;
    default:
        break;
    }
    if (!p_eval(pl, x->a, n, &l) || !p_eval(pl, x->b, n, &r))
        return false;
    switch (x->op) {
    case '*':
        *out = l * r;
        break;
    case '/':
    case '%':
        if (r == 0)
            return false;
        *out = x->op == '/' ? l / r : l % r;
        break;
    case '+':
        *out = l + r;
        break;
    case '-':
        *out = l - r;
        break;
    case '<':
        *out = l < r;
        break;
    case '>':
        *out = l > r;
        break;
    case 'l':
        *out = l <= r;
        break;
    case 'g':
        *out = l >= r;
        break;
    case '=':
        *out = l == r;
        break;
    default:
        *out = l != r;
        break; /* 'x' */
    }
    return true;
}

/* Parses @expr (up to its ';' or end) into @pl; false when malformed. */
static bool plural_parse(struct plural *pl, const char *expr)
{
    parse_t e = {expr, pl, 0, false};
    pl->n_nodes = 0;
    pl->root = p_cond(&e);
    p_space(&e);
    return !e.err && (*e.p == 0 || *e.p == ';' || *e.p == '\r' || *e.p == '\n');
}

/* Reads "nplurals=N; plural=EXPR;" from the header's Plural-Forms line. */
static bool parse_plural_forms(sah_msgcat_t *c, const char *header)
{
    const char *line = strstr(header, "Plural-Forms:");
    if (!line)
        return false;
    const char *end = line + strcspn(line, "\n");
    const char *np = strstr(line, "nplurals="), *pl = strstr(line, "plural=");
    /* "plural=" also ends "nplurals=": the expression's is the other. */
    if (pl && np && pl == np + 2)
        pl = strstr(np + 9, "plural=");
    if (!np || !pl || np > end || pl > end)
        return false;
    c->nplurals = strtoul(np + 9, NULL, 10);
    if (c->nplurals < 1 || c->nplurals > 6 || !(c->plural = malloc(sizeof *c->plural)))
        return false;
    bool ok = plural_parse(c->plural, pl + 7);
    /* A division by zero for a small count is a broken expression; past
     * these, a count with none gets the first form. */
    for (unsigned long n = 0; ok && n < 200; n++) {
        unsigned long v;
        ok = p_eval(c->plural, c->plural->root, n, &v);
    }
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
    if (!c || !c->plural)
        return -1;
    if (!p_eval(c->plural, c->plural->root, n, &v))
        return 0; /* gettext's rule for a count the expression fails on */
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
