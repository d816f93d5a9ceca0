/* searchrank.c - see searchrank.h. */
#include "app/content/searchrank.h"

#include "platform/grow.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What one query needs for every row: computed at its first row. */
typedef struct {
    int n_phrase, n_group;
    int *group;   /* per phrase */
    double *idf;  /* per group */
    double *freq; /* per group: the current row's weighted hits */
    double avgdl; /* tokens a row, on average */
} rank_data_t;

static void rank_data_free(void *p)
{
    rank_data_t *d = p;
    if (!d)
        return;
    free(d->group);
    free(d->idf);
    free(d->freq);
    free(d);
}

typedef struct {
    sqlite3_int64 *v;
    size_t n, cap;
} rowids_t;

static int on_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    rowids_t *r = user;
    if (!sah_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
        return SQLITE_NOMEM;
    r->v[r->n++] = api->xRowid(fts);
    return SQLITE_OK;
}

static int by_rowid(const void *a, const void *b)
{
    sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
    return (x > y) - (x < y);
}

/* The groups named by @spec ("0 0 1"): phrases past it are groups of
 * their own. */
static void read_groups(rank_data_t *d, const char *spec)
{
    int named = 0;
    const char *s = spec ? spec : "";
    for (int i = 0; i < d->n_phrase; i++) {
        char *end;
        long g = strtol(s, &end, 10);
        if (end == s || g < 0 || g >= d->n_phrase) {
            d->group[i] = -1;
            s = "";
            continue;
        }
        d->group[i] = (int)g;
        named = g + 1 > named ? (int)g + 1 : named;
        s = end;
    }
    d->n_group = named;
    for (int i = 0; i < d->n_phrase; i++)
        if (d->group[i] < 0)
            d->group[i] = d->n_group++;
}

/* BM25's IDF of group @g: the rows that have any of its phrases. */
static int group_idf(const Fts5ExtensionApi *api, Fts5Context *fts, const rank_data_t *d, int g,
                     sqlite3_int64 n_rows, double *idf)
{
    rowids_t r = {0};
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < d->n_phrase; i++)
        if (d->group[i] == g)
            rc = api->xQueryPhrase(fts, i, &r, on_row);
    size_t hits = 0;
    if (rc == SQLITE_OK && r.n) {
        qsort(r.v, r.n, sizeof *r.v, by_rowid);
        hits = 1;
        for (size_t i = 1; i < r.n; i++)
            hits += r.v[i] != r.v[i - 1];
    }
    free(r.v);
    /* Robertson-Sparck Jones, floored as FTS5's bm25() does: a word in
     * more than half the rows still counts a little, never against. */
    double x = log(((double)n_rows - (double)hits + 0.5) / ((double)hits + 0.5));
    *idf = x > 0.0 ? x : 1e-6;
    return rc;
}

static int rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *spec,
                     rank_data_t **out)
{
    if ((*out = api->xGetAuxdata(fts, 0)))
        return SQLITE_OK;
    rank_data_t *d = calloc(1, sizeof *d);
    int rc = SQLITE_NOMEM;
    sqlite3_int64 n_rows = 0, n_tokens = 0;
    if (!d)
        return rc;
    d->n_phrase = api->xPhraseCount(fts);
    size_t n = d->n_phrase > 0 ? (size_t)d->n_phrase : 1;
    if (!(d->group = calloc(n, sizeof *d->group)) || !(d->idf = calloc(n, sizeof *d->idf)) ||
        !(d->freq = calloc(n, sizeof *d->freq)))
        goto out;
    read_groups(d, spec ? (const char *)sqlite3_value_text(spec) : NULL);
    if ((rc = api->xRowCount(fts, &n_rows)) != SQLITE_OK ||
        (rc = api->xColumnTotalSize(fts, -1, &n_tokens)) != SQLITE_OK)
        goto out;
    d->avgdl = n_rows > 0 ? (double)n_tokens / (double)n_rows : 1.0;
    for (int g = 0; rc == SQLITE_OK && g < d->n_group; g++)
        rc = group_idf(api, fts, d, g, n_rows, &d->idf[g]);
    if (rc != SQLITE_OK)
        goto out;
    /* From here FTS5 owns @d: xSetAuxdata() frees it also when it fails. */
    rc = api->xSetAuxdata(fts, d, rank_data_free);
    if (rc == SQLITE_OK)
        *out = d;
    return rc;
out:
    rank_data_free(d);
    return rc;
}

/* sahifa_rank(groups, weight...): see searchrank.h. */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_val,
                    sqlite3_value **val)
{
    const double k1 = 1.2, b = 0.75;
    rank_data_t *d;
    int n_inst = 0, n_tok = 0;
    int rc = rank_data(api, fts, n_val > 0 ? val[0] : NULL, &d);
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &n_inst);
    if (rc == SQLITE_OK)
        memset(d->freq, 0, (size_t)d->n_group * sizeof *d->freq);
    for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
        int phrase, col, off;
        if ((rc = api->xInst(fts, i, &phrase, &col, &off)) != SQLITE_OK)
            break;
        d->freq[d->group[phrase]] += n_val > col + 1 ? sqlite3_value_double(val[col + 1]) : 1.0;
    }
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &n_tok);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0, norm = k1 * (1 - b + b * (double)n_tok / d->avgdl);
    for (int g = 0; g < d->n_group; g++)
        score += d->idf[g] * d->freq[g] * (k1 + 1) / (d->freq[g] + norm);
    sqlite3_result_double(ctx, -score);
}

bool sah_search_rank_register(fts5_api *api)
{
    return api->xCreateFunction(api, "sahifa_rank", NULL, rank_fn, NULL) == SQLITE_OK;
}
