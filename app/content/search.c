/* search.c - see search.h. */
#include "app/content/search.h"

#include "app/content/fold.h"
#include "app/db/db.h"
#include "platform/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tokenizer ------------------------------------------------------ */

/* The --all-forms stems are indexed under this mark, never part of a word,
 * so that a stem is not found as a word of the text. */
#define STEM_MARK '~'

typedef struct {
    sah_stemmer_t *stem;
} tokenizer_t;

static int tok_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)args;
    (void)n_args;
    tokenizer_t *t = calloc(1, sizeof *t);
    if (!t || !(t->stem = sah_stemmer_new())) {
        free(t);
        return SQLITE_NOMEM;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    tokenizer_t *t = (tokenizer_t *)p;
    if (t)
        sah_stemmer_free(t->stem);
    free(t);
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* A document's walk: each word, then its forms at the same position. */
typedef struct {
    tokenizer_t *t;
    void *ctx;
    token_fn emit;
    bool forms; /* give the colocated forms (not for snippets) */
    int rc;
    int start, end;
    /* The forms given for the current word, to give each once. */
    char seen[4 * (SAH_FOLD_MAX_AFFIX_WORD + 4)];
    size_t n_seen;
} doc_walk_t;

static bool on_form(void *user, const char *form, size_t n)
{
    doc_walk_t *w = user;
    for (size_t i = 0; i < w->n_seen;) {
        size_t len = (unsigned char)w->seen[i];
        if (len == n && memcmp(w->seen + i + 1, form, n) == 0)
            return true;
        i += 1 + len;
    }
    if (n < 256 && w->n_seen + 1 + n <= sizeof w->seen) {
        w->seen[w->n_seen] = (char)n;
        memcpy(w->seen + w->n_seen + 1, form, n);
        w->n_seen += 1 + n;
    }
    w->rc = w->emit(w->ctx, FTS5_TOKEN_COLOCATED, form, (int)n, w->start, w->end);
    return w->rc == SQLITE_OK;
}

static bool on_doc_word(void *user, const char *word, size_t n, size_t start, size_t end)
{
    doc_walk_t *w = user;
    w->start = (int)start;
    w->end = (int)end;
    w->n_seen = 0;
    if ((w->rc = w->emit(w->ctx, 0, word, (int)n, w->start, w->end)) != SQLITE_OK)
        return false;
    if (!w->forms)
        return true;
    if (!sah_fold_proclitic_forms(word, n, on_form, w))
        return false;
    size_t klen;
    const char *key = sah_stemmer_key(w->t->stem, word, n, &klen);
    char buf[SAH_FOLD_MAX_AFFIX_WORD + 8];
    if (!key) {
        w->rc = SQLITE_NOMEM;
        return false;
    }
    if (klen + 1 > sizeof buf)
        return true; /* a word too long for affixes is found whole only */
    buf[0] = STEM_MARK;
    memcpy(buf + 1, key, klen);
    return on_form(w, buf, klen + 1);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        token_fn emit)
{
    /* A query's terms are ours (query_expr()): folded already, one term
     * per quoted string. */
    if (flags & FTS5_TOKENIZE_QUERY)
        return n > 0 ? emit(ctx, 0, text, n, 0, n) : SQLITE_OK;
    /* Snippets (AUX) need the positions of the words only: the forms at
     * the same positions, and their stems (the costly part), are left out. */
    doc_walk_t w = {
        .t = (tokenizer_t *)p, .ctx = ctx, .emit = emit, .forms = !(flags & FTS5_TOKENIZE_AUX)};
    if (!sah_fold_words(text, (size_t)n, 0, on_doc_word, &w) && w.rc == SQLITE_OK)
        w.rc = SQLITE_NOMEM;
    return w.rc;
}

/* sahifa_hits(search): the query's hits in the row, title and body. */
static void hits_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n,
                    sqlite3_value **v)
{
    (void)n;
    (void)v;
    int k = 0;
    int rc = api->xInstCount(fts, &k);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_int(ctx, k);
}

bool sah_search_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (!api)
        return false;
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "sahifa", NULL, &tok, NULL) == SQLITE_OK &&
           api->xCreateFunction(api, "sahifa_hits", NULL, hits_fn, NULL) == SQLITE_OK;
}

/* ---- the index ---------------------------------------------------------- */

enum { Q_FIND, Q_DEL_DOC, Q_DEL_FTS, Q_ADD_DOC, Q_ADD_FTS, Q_SEARCH, N_Q };

/* CROSS JOIN: the index first, in its rank order; snippets are made for
 * the rows stepped through only. */
static const char search_sql[] =
    "SELECT search_doc.path, -search.rank, sahifa_hits(search),"
    " snippet(search, -1, '[', ']', '…', 16)"
    " FROM search CROSS JOIN search_doc ON search_doc.docid = search.rowid"
    " WHERE search MATCH ?1 AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank";

static const char *const sql[N_Q] = {
    [Q_FIND] = "SELECT docid, hash FROM search_doc WHERE path = ?1",
    [Q_DEL_DOC] = "DELETE FROM search_doc WHERE docid = ?1",
    [Q_DEL_FTS] = "DELETE FROM search WHERE rowid = ?1",
    [Q_ADD_DOC] = "INSERT INTO search_doc (path, hash) VALUES (?1, ?2)",
    [Q_ADD_FTS] = "INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)",
    [Q_SEARCH] = search_sql,
};

struct sah_search {
    sqlite3 *db;
    sqlite3_stmt *q[N_Q];
    sah_stemmer_t *stem; /* for the queries' --all-forms keys */
};

sah_search_t *sah_search_new(sqlite3 *db)
{
    sah_search_t *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->db = db;
    if (!(ix->stem = sah_stemmer_new()) || sah_db_prepare_all(db, sql, N_Q, ix->q) != SQLITE_OK) {
        sah_search_free(ix);
        return NULL;
    }
    return ix;
}

void sah_search_free(sah_search_t *ix)
{
    if (!ix)
        return;
    sah_db_finalize_all(ix->q, N_Q);
    sah_stemmer_free(ix->stem);
    free(ix);
}

/* Deletes the rows of @docid. */
static bool drop_doc(sah_search_t *ix, sqlite3_int64 docid)
{
    sqlite3_bind_int64(ix->q[Q_DEL_FTS], 1, docid);
    sqlite3_bind_int64(ix->q[Q_DEL_DOC], 1, docid);
    return sah_db_exec_stmt(ix->q[Q_DEL_FTS]) == SQLITE_OK &&
           sah_db_exec_stmt(ix->q[Q_DEL_DOC]) == SQLITE_OK;
}

/* Looks @path up: its docid (0 if none) and whether its hash is @hash. */
static bool find_doc(sah_search_t *ix, const char *path, const char *hash, sqlite3_int64 *docid,
                     bool *same)
{
    sqlite3_stmt *s = ix->q[Q_FIND];
    sah_db_bind_text(s, 1, path);
    int rc = sqlite3_step(s);
    *docid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    const char *h = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 1) : NULL;
    *same = h && hash && strcmp(h, hash) == 0;
    sah_db_done(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool sah_search_remove(sah_search_t *ix, const char *path)
{
    sqlite3_int64 docid;
    bool same;
    return find_doc(ix, path, NULL, &docid, &same) && (!docid || drop_doc(ix, docid));
}

/* The shown text but the title, one part a line. (transfer full) */
static char *body_of(const sah_article_t *a, const char *title, size_t *len)
{
    size_t n_text, n = 0, cap = 0;
    const char *text = sah_article_text(a, &n_text);
    char *body = NULL;
    if (!sah_grow((void **)&body, &cap, 1, 1))
        return NULL;
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        size_t k = p->end - p->start;
        if (!sah_part_kind_is_shown(p->kind) || !k)
            continue;
        /* The headline is the title's column (said once, not twice). */
        if (p->kind == SAH_PART_HEADLINE && title && strlen(title) == k &&
            memcmp(title, text + p->start, k) == 0)
            continue;
        if (!sah_grow((void **)&body, &cap, n + k + 2, 1)) {
            free(body);
            return NULL;
        }
        if (n)
            body[n++] = '\n';
        memcpy(body + n, text + p->start, k);
        n += k;
    }
    body[n] = 0;
    *len = n;
    return body;
}

bool sah_search_put(sah_search_t *ix, const char *path, const sah_article_t *a)
{
    const sah_article_meta_t *m = sah_article_meta(a);
    sqlite3_int64 docid;
    bool same;
    if (!find_doc(ix, path, m->hash, &docid, &same))
        return false;
    if (same)
        return true; /* touched, not changed */
    if (docid && !drop_doc(ix, docid))
        return false;
    size_t n;
    const char *title = m->title ? m->title : "";
    char *body = body_of(a, m->title, &n);
    if (!body)
        return false;
    sah_db_bind_text(ix->q[Q_ADD_DOC], 1, path);
    sah_db_bind_text(ix->q[Q_ADD_DOC], 2, m->hash);
    bool ok = sah_db_exec_stmt(ix->q[Q_ADD_DOC]) == SQLITE_OK;
    if (ok) {
        sqlite3_stmt *s = ix->q[Q_ADD_FTS];
        sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(ix->db));
        sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, body, (int)n, SQLITE_STATIC);
        ok = sah_db_exec_stmt(s) == SQLITE_OK;
        sah_db_done(s);
    }
    free(body);
    return ok;
}

/* ---- queries ------------------------------------------------------------ */

typedef struct {
    sah_search_t *ix;
    unsigned flags;
    char *expr;
    size_t n, cap;
    size_t words;
    bool nomem;
} expr_t;

static void put(expr_t *e, const char *s, size_t n)
{
    if (e->nomem || !sah_grow((void **)&e->expr, &e->cap, e->n + n + 1, 1)) {
        e->nomem = true;
        return;
    }
    memcpy(e->expr + e->n, s, n);
    e->n += n;
    e->expr[e->n] = 0;
}

/* One term, quoted (a folded word has no '"'; a stem might). */
static void put_term(expr_t *e, const char *w, size_t n, bool stem)
{
    put(e, stem ? "\"~" : "\"", stem ? 2 : 1);
    for (size_t i = 0; i < n; i++)
        put(e, w[i] == '"' ? "\"\"" : w + i, w[i] == '"' ? 2 : 1);
    put(e, "\"", 1);
}

static void put_form(expr_t *e, const char *w, size_t n)
{
    if (!(e->flags & SAH_SEARCH_ALL_FORMS)) {
        put_term(e, w, n, false);
        return;
    }
    size_t klen;
    const char *key = sah_stemmer_key(e->ix->stem, w, n, &klen);
    if (!key)
        e->nomem = true;
    else
        put_term(e, key, klen, true);
}

#define TEH_MARBUTA "\xd8\xa9"
#define HEH         "\xd9\x87"

static bool on_query_word(void *user, const char *w, size_t n, size_t start, size_t end)
{
    expr_t *e = user;
    (void)start;
    (void)end;
    if (e->words++)
        put(e, " AND ", 5);
    put(e, "(", 1);
    put_form(e, w, n);
    /* The option: the word's last letter ة or ه, either way. */
    bool teh = n >= 2 && memcmp(w + n - 2, TEH_MARBUTA, 2) == 0;
    if ((e->flags & SAH_SEARCH_TEH_MARBUTA) && n > 2 && (teh || memcmp(w + n - 2, HEH, 2) == 0) &&
        n <= SAH_FOLD_MAX_AFFIX_WORD) {
        /* The same word, its last letter the other one (a counted string,
         * not NUL-terminated). */
        char other[SAH_FOLD_MAX_AFFIX_WORD];
        memcpy(other, w, n);
        const char *last = teh ? HEH : TEH_MARBUTA;
        other[n - 2] = last[0];
        other[n - 1] = last[1];
        put(e, " OR ", 4);
        put_form(e, other, n);
    }
    put(e, ")", 1);
    return !e->nomem;
}

sah_search_status_t sah_search_query(sah_search_t *ix, const char *query, unsigned flags,
                                     sah_search_hit_fn fn, void *user)
{
    expr_t e = {.ix = ix, .flags = flags};
    if (!sah_fold_words(query, strlen(query), 0, on_query_word, &e) || e.nomem) {
        free(e.expr);
        return SAH_SEARCH_FAILED;
    }
    if (!e.words) {
        free(e.expr);
        return SAH_SEARCH_NO_WORDS;
    }
    sqlite3_stmt *s = ix->q[Q_SEARCH];
    sqlite3_bind_text(s, 1, e.expr, (int)e.n, SQLITE_STATIC);
    size_t taken = 0;
    int rc = SQLITE_DONE;
    while (taken < SAH_SEARCH_MAX_RESULTS && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sah_search_hit_t h = {
            .path = (const char *)sqlite3_column_text(s, 0),
            .score = sqlite3_column_double(s, 1),
            .hits = (size_t)sqlite3_column_int(s, 2),
            .snippet = (const char *)sqlite3_column_text(s, 3),
        };
        if (h.path && h.snippet && fn(user, &h))
            taken++;
    }
    bool ok = taken == SAH_SEARCH_MAX_RESULTS || rc == SQLITE_DONE;
    sah_db_done(s);
    free(e.expr);
    return ok ? SAH_SEARCH_OK : SAH_SEARCH_FAILED;
}
