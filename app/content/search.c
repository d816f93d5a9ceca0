/* search.c - see search.h. */
#include "app/content/search.h"

#include "app/content/fold.h"
#include "app/content/searchrank.h"
#include "app/content/wordset.h"
#include "app/db/db.h"
#include "platform/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tokenizer ------------------------------------------------------ */

/* The index holds each word once, folded, as the text has it: its
 * proclitic forms and its --all-forms stem are found at query time
 * (query_word()), so indexing costs one token a word. */

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* The words a document put brings to the vocabulary (search_term), met by
 * the tokenizer on the one walk of the text: words new to @known go to
 * @fresh (each as its length, a size_t, then its bytes), which sah_search_put()
 * stems and writes after the row. One per connection, shared by its
 * tokenizers (FTS5 gives each the pointer it was registered with); @known
 * is NULL when no put is under way (deletes and snippets read text too). */
typedef struct {
    sah_wordset_t *known;
    char *fresh;
    size_t n_fresh, cap_fresh;
} vocab_t;

static void vocab_free(void *p)
{
    vocab_t *v = p;
    if (v)
        free(v->fresh);
    free(v);
}

typedef struct {
    void *ctx;
    token_fn emit;
    vocab_t *vocab;
    int rc;
} doc_walk_t;

/* Notes @word for the vocabulary when it is new: a word too long for the
 * memory (wordset.h) is noted each time (rare: a hash, a cut URL). */
static bool note_word(vocab_t *v, const char *word, size_t n)
{
    bool added = true;
    if (n <= 255 && !sah_wordset_add(v->known, word, n, &added))
        return false;
    if (!added)
        return true;
    if (!sah_grow((void **)&v->fresh, &v->cap_fresh, v->n_fresh + sizeof n + n, 1))
        return false;
    memcpy(v->fresh + v->n_fresh, &n, sizeof n);
    memcpy(v->fresh + v->n_fresh + sizeof n, word, n);
    v->n_fresh += sizeof n + n;
    return true;
}

static bool on_doc_word(void *user, const char *word, size_t n, size_t start, size_t end)
{
    doc_walk_t *w = user;
    if (w->vocab && !note_word(w->vocab, word, n)) {
        w->rc = SQLITE_NOMEM;
        return false;
    }
    w->rc = w->emit(w->ctx, 0, word, (int)n, (int)start, (int)end);
    return w->rc == SQLITE_OK;
}

static int tok_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
    (void)args;
    (void)n_args;
    *out = ctx; /* the connection's vocab_t */
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    (void)p; /* the vocab_t is the connection's (vocab_free) */
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        token_fn emit)
{
    /* A query's terms are ours (query_expr()): folded already, one term
     * per quoted string. */
    if (flags & FTS5_TOKENIZE_QUERY)
        return n > 0 ? emit(ctx, 0, text, n, 0, n) : SQLITE_OK;
    vocab_t *v = (vocab_t *)p;
    doc_walk_t w = {
        .ctx = ctx, .emit = emit, .vocab = flags == FTS5_TOKENIZE_DOCUMENT && v->known ? v : NULL};
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

/* Returns: (transfer none) @db's FTS5, or NULL when SQLite has none. */
static fts5_api *fts5_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

bool sah_search_register(sqlite3 *db)
{
    fts5_api *api = fts5_of(db);
    vocab_t *v = api ? calloc(1, sizeof *v) : NULL;
    if (!v)
        return false;
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    /* From here FTS5 owns @v (vocab_free() with the connection). */
    if (api->xCreateTokenizer(api, "sahifa", v, &tok, vocab_free) != SQLITE_OK) {
        vocab_free(v);
        return false;
    }
    return api->xCreateFunction(api, "sahifa_hits", NULL, hits_fn, NULL) == SQLITE_OK &&
           sah_search_rank_register(api);
}

/* ---- the index ---------------------------------------------------------- */

enum {
    Q_FIND,
    Q_DEL_DOC,
    Q_DEL_FTS,
    Q_ADD_DOC,
    Q_ADD_FTS,
    Q_ADD_TERM,
    Q_HAS_TERM,
    Q_FAMILY,
    Q_SEARCH,
    N_Q
};

/* CROSS JOIN: the index first, in its rank order; snippets are made for
 * the rows stepped through only. ?2 is sahifa_rank(groups, 10.0, 1.0):
 * a title word weighs 10 body words. */
static const char search_sql[] =
    "SELECT search_doc.path, -search.rank, sahifa_hits(search),"
    " snippet(search, -1, '[', ']', '…', 16)"
    " FROM search CROSS JOIN search_doc ON search_doc.docid = search.rowid"
    " WHERE search MATCH ?1 AND rank MATCH ?2 ORDER BY rank";

static const char *const sql[N_Q] = {
    [Q_FIND] = "SELECT docid, hash FROM search_doc WHERE path = ?1",
    [Q_DEL_DOC] = "DELETE FROM search_doc WHERE docid = ?1",
    [Q_DEL_FTS] = "DELETE FROM search WHERE rowid = ?1",
    [Q_ADD_DOC] = "INSERT INTO search_doc (path, hash) VALUES (?1, ?2)",
    [Q_ADD_FTS] = "INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)",
    [Q_ADD_TERM] = "INSERT OR IGNORE INTO search_term (term, key) VALUES (?1, ?2)",
    [Q_HAS_TERM] = "SELECT 1 FROM search_term WHERE term = ?1",
    [Q_FAMILY] = "SELECT term FROM search_term WHERE key = ?1",
    [Q_SEARCH] = search_sql,
};

/* Words remembered as having their row in search_term, at most: past it
 * the memory starts again empty (a row is then written twice, ignored). */
#define MAX_KNOWN_TERMS 200000

struct sah_search {
    sqlite3 *db;
    sqlite3_stmt *q[N_Q];
    sah_stemmer_t *stem;  /* the --all-forms keys, of the text's words and the queries' */
    sah_wordset_t *known; /* words put into search_term by this object */
    vocab_t *vocab;       /* the connection's tokenizer's (transfer none) */
};

sah_search_t *sah_search_new(sqlite3 *db)
{
    sah_search_t *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->db = db;
    fts5_api *api = fts5_of(db);
    fts5_tokenizer tok;
    void *vocab = NULL;
    if (!api || api->xFindTokenizer(api, "sahifa", &vocab, &tok) != SQLITE_OK || !vocab ||
        !(ix->stem = sah_stemmer_new()) || !(ix->known = sah_wordset_new()) ||
        sah_db_prepare_all(db, sql, N_Q, ix->q) != SQLITE_OK) {
        sah_search_free(ix);
        return NULL;
    }
    ix->vocab = vocab;
    return ix;
}

void sah_search_free(sah_search_t *ix)
{
    if (!ix)
        return;
    sah_db_finalize_all(ix->q, N_Q);
    sah_stemmer_free(ix->stem);
    sah_wordset_free(ix->known);
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

/* Writes the words the tokenizer met for the first time (vocab_t) into
 * search_term with their --all-forms keys: each word is stemmed once, not
 * once per occurrence. */
static bool add_terms(sah_search_t *ix)
{
    vocab_t *v = ix->vocab;
    sqlite3_stmt *s = ix->q[Q_ADD_TERM];
    for (size_t i = 0; i < v->n_fresh;) {
        size_t n, klen;
        memcpy(&n, v->fresh + i, sizeof n);
        const char *w = v->fresh + i + sizeof n;
        const char *key = sah_stemmer_key(ix->stem, w, n, &klen);
        if (!key)
            return false;
        sqlite3_bind_text(s, 1, w, (int)n, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, key, (int)klen, SQLITE_STATIC);
        if (sah_db_exec_stmt(s) != SQLITE_OK)
            return false;
        i += sizeof n + n;
    }
    return true;
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
    if (sah_wordset_count(ix->known) >= MAX_KNOWN_TERMS)
        sah_wordset_clear(ix->known);
    ix->vocab->known = ix->known;
    ix->vocab->n_fresh = 0;
    if (ok) {
        sqlite3_stmt *s = ix->q[Q_ADD_FTS];
        sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(ix->db));
        sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, body, (int)n, SQLITE_STATIC);
        ok = sah_db_exec_stmt(s) == SQLITE_OK;
        sah_db_done(s);
    }
    ix->vocab->known = NULL;
    ok = ok && add_terms(ix);
    /* What was remembered may not be written: remember nothing. */
    if (!ok)
        sah_wordset_clear(ix->known);
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
    size_t n_terms; /* in the current word's parentheses */
    /* The rank's call: each term's group (searchrank.h), a group for each
     * spelling of a query word. */
    char *rank;
    size_t n_rank, cap_rank, group;
    bool nomem, failed;
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

/* One term, quoted (a folded word has no '"', but be safe), after " OR "
 * unless it is the first of its group. */
static void put_term(expr_t *e, const char *w, size_t n)
{
    char g[24];
    int k = snprintf(g, sizeof g, "%zu ", e->group);
    if (e->nomem || !sah_grow((void **)&e->rank, &e->cap_rank, e->n_rank + (size_t)k + 1, 1)) {
        e->nomem = true;
        return;
    }
    memcpy(e->rank + e->n_rank, g, (size_t)k + 1);
    e->n_rank += (size_t)k;
    if (e->n_terms++)
        put(e, " OR ", 4);
    put(e, "\"", 1);
    for (size_t i = 0; i < n; i++)
        put(e, w[i] == '"' ? "\"\"" : w + i, w[i] == '"' ? 2 : 1);
    put(e, "\"", 1);
}

/* Puts @w as a term when some article has it (search_term lists every
 * word of the index): each term costs the query a lookup, and the rank
 * a count of its articles. */
static void put_known(expr_t *e, const char *w, size_t n)
{
    sqlite3_stmt *s = e->ix->q[Q_HAS_TERM];
    sqlite3_bind_text(s, 1, w, (int)n, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sah_db_done(s);
    if (rc == SQLITE_ROW)
        put_term(e, w, n);
    else if (rc != SQLITE_DONE)
        e->failed = true;
}

/* The proclitics, as fold.h orders them: و ف, then ب ك ل, then ال. */
#define WAW  "\xd9\x88"
#define FEH  "\xd9\x81"
#define BEH  "\xd8\xa8"
#define KAF  "\xd9\x83"
#define LAM  "\xd9\x84"
#define ALEF "\xd8\xa7"
#define AL   ALEF LAM

typedef struct {
    const char *want;
    size_t n;
    bool found;
} form_probe_t;

static bool probe_form(void *user, const char *form, size_t n)
{
    form_probe_t *p = user;
    p->found = n == p->n && memcmp(form, p->want, n) == 0;
    return !p->found;
}

/* Puts @head + @tail as a term when the text's word it spells has the
 * query word @w among its proclitic forms: the index's word is read back
 * through the same rule (fold.h) that decides whether it is a form, so the
 * two never disagree. */
static void put_if_form(expr_t *e, const char *head, const char *tail, size_t n_tail, const char *w,
                        size_t n)
{
    char word[SAH_FOLD_MAX_AFFIX_WORD + 1];
    size_t h = strlen(head);
    if (h + n_tail > SAH_FOLD_MAX_AFFIX_WORD)
        return;
    snprintf(word, sizeof word, "%s%.*s", head, (int)n_tail, tail);
    form_probe_t p = {.want = w, .n = n};
    (void)sah_fold_proclitic_forms(word, h + n_tail, probe_form, &p);
    if (p.found)
        put_known(e, word, h + n_tail);
}

/* @w and every word of which it is a proclitic form (fold.h): وw, بw, الw,
 * وبالw, للw... and, for w = الX, للX and its kin. */
static void put_family(expr_t *e, const char *w, size_t n)
{
    static const char *const conj[] = {"", WAW, FEH};
    static const char *const prep[] = {"", BEH, KAF, LAM};
    put_known(e, w, n);
    bool article = n > 4 && memcmp(w, AL, 4) == 0;
    for (size_t c = 0; c < 3; c++) {
        for (size_t p = 0; p < 4; p++) {
            char head[16];
            snprintf(head, sizeof head, "%s%s", conj[c], prep[p]);
            if (c || p)
                put_if_form(e, head, w, n, w, n);
            snprintf(head, sizeof head, "%s%s" AL, conj[c], prep[p]);
            put_if_form(e, head, w, n, w, n);
            if (p != 3)
                continue;
            /* ل + ال is written لل. */
            snprintf(head, sizeof head, "%s" LAM LAM, conj[c]);
            put_if_form(e, head, w, n, w, n);
            if (article)
                put_if_form(e, head, w + 4, n - 4, w, n);
        }
    }
}

/* Every word of the index whose --all-forms key is @w's. */
static void put_stem_family(expr_t *e, const char *w, size_t n)
{
    size_t klen;
    const char *key = sah_stemmer_key(e->ix->stem, w, n, &klen);
    if (!key) {
        e->nomem = true;
        return;
    }
    sqlite3_stmt *s = e->ix->q[Q_FAMILY];
    sqlite3_bind_text(s, 1, key, (int)klen, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        put_term(e, (const char *)sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
    if (rc != SQLITE_DONE)
        e->failed = true;
    sah_db_done(s);
}

static void put_form(expr_t *e, const char *w, size_t n)
{
    if (e->flags & SAH_SEARCH_ALL_FORMS)
        put_stem_family(e, w, n);
    else
        put_family(e, w, n);
    e->group++;
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
    e->n_terms = 0;
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
        put_form(e, other, n);
    }
    /* No article has the word in any form: a term no word of the text is
     * (the query stays one expression, and finds nothing). */
    if (!e->n_terms)
        put_term(e, "~", 1);
    put(e, ")", 1);
    return !e->nomem && !e->failed;
}

sah_search_status_t sah_search_query(sah_search_t *ix, const char *query, unsigned flags,
                                     sah_search_hit_fn fn, void *user)
{
    expr_t e = {.ix = ix, .flags = flags};
    char *rank = NULL;
    sah_search_status_t st = SAH_SEARCH_FAILED;
    if (!sah_fold_words(query, strlen(query), 0, on_query_word, &e) || e.nomem)
        goto out;
    st = SAH_SEARCH_NO_WORDS;
    if (!e.words)
        goto out;
    st = SAH_SEARCH_FAILED;
    size_t n_rank = e.n_rank + 64;
    if (!(rank = malloc(n_rank)))
        goto out;
    snprintf(rank, n_rank, "sahifa_rank('%s', 10.0, 1.0)", e.rank);
    sqlite3_stmt *s = ix->q[Q_SEARCH];
    sqlite3_bind_text(s, 1, e.expr, (int)e.n, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, rank, -1, SQLITE_STATIC);
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
    if (taken == SAH_SEARCH_MAX_RESULTS || rc == SQLITE_DONE)
        st = SAH_SEARCH_OK;
    sah_db_done(s);
out:
    free(rank);
    free(e.rank);
    free(e.expr);
    return st;
}
