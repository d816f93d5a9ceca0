/* persist.c - see persist.h. */
#include "app/store/persist.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sah_persist {
    const sah_persist_ops_t *ops;
    void *user;
};

/* sah_persist_new() without destroying @user on failure: the caller does,
 * so that the in-memory backend's path is one the analyzer can follow. */
static sah_persist_t *wrap(const sah_persist_ops_t *ops, void *user)
{
    sah_persist_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ops = ops;
    p->user = user;
    return p;
}

sah_persist_t *sah_persist_new(const sah_persist_ops_t *ops, void *user)
{
    sah_persist_t *p = wrap(ops, user);
    if (!p && ops->destroy)
        ops->destroy(user);
    return p;
}

void sah_persist_free(sah_persist_t *p)
{
    if (!p)
        return;
    sah_persist_flush(p);
    if (p->ops->destroy)
        p->ops->destroy(p->user);
    free(p);
}

bool sah_persist_get_position(sah_persist_t *p, const char *hash, uint32_t *offset,
                              int64_t *last_read)
{
    int64_t lr = 0;
    bool ok = p->ops->get_position(p->user, hash, offset, &lr);
    if (ok && last_read)
        *last_read = lr;
    return ok;
}

bool sah_persist_set_position(sah_persist_t *p, const char *hash, const char *path,
                              const char *title, uint32_t offset, double fraction)
{
    return p->ops->set_position(p->user, hash, path, title, offset, fraction);
}

bool sah_persist_last_article(sah_persist_t *p, char **hash, char **path)
{
    *hash = *path = NULL;
    return p->ops->last_article && p->ops->last_article(p->user, hash, path);
}

bool sah_persist_add_bookmark(sah_persist_t *p, const char *hash, uint32_t offset,
                              const char *snippet, int64_t *id)
{
    return p->ops->add_bookmark(p->user, hash, offset, snippet ? snippet : "", id);
}

bool sah_persist_delete_bookmark(sah_persist_t *p, int64_t id)
{
    return p->ops->delete_bookmark(p->user, id);
}

bool sah_persist_list_bookmarks(sah_persist_t *p, const char *hash, sah_bookmark_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    return p->ops->list_bookmarks(p->user, hash, out, n);
}

void sah_bookmarks_free(sah_bookmark_t *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].snippet);
    free(list);
}

char *sah_persist_get_setting(sah_persist_t *p, const char *key)
{
    return p->ops->get_setting(p->user, key);
}

bool sah_persist_set_setting(sah_persist_t *p, const char *key, const char *value)
{
    return p->ops->set_setting(p->user, key, value);
}

bool sah_persist_flush(sah_persist_t *p)
{
    return p->ops->flush ? p->ops->flush(p->user) : true;
}

int sah_persist_due_in_ms(sah_persist_t *p)
{
    return p->ops->due_in_ms ? p->ops->due_in_ms(p->user) : -1;
}

bool sah_persist_tick(sah_persist_t *p)
{
    return p->ops->tick ? p->ops->tick(p->user) : true;
}

sah_persist_health_t sah_persist_health(sah_persist_t *p)
{
    return p->ops->health ? p->ops->health(p->user) : SAH_PERSIST_SAVING;
}

/* ---- the in-memory backend ---------------------------------------------- */

typedef struct {
    char *hash, *path;
    uint32_t offset;
    int64_t last_read, seq; /* seq orders reads within one second */
} mem_pos_t;

typedef struct {
    char *hash;
    sah_bookmark_t bm;
} mem_bm_t;

typedef struct {
    char *key, *value;
} mem_set_t;

typedef struct {
    mem_pos_t *pos;
    size_t n_pos;
    mem_bm_t *bms;
    size_t n_bms;
    mem_set_t *sets;
    size_t n_sets;
    int64_t next_id, seq;
} mem_t;

/* Grows @*arr (of @size-byte items) by one; false when out of memory. */
static bool grow(void **arr, size_t n, size_t size)
{
    void *a = realloc(*arr, (n + 1) * size);
    if (!a)
        return false;
    *arr = a;
    return true;
}

static mem_pos_t *find_pos(mem_t *m, const char *hash)
{
    for (size_t i = 0; i < m->n_pos; i++)
        if (!strcmp(m->pos[i].hash, hash))
            return &m->pos[i];
    return NULL;
}

static bool mem_get_position(void *user, const char *hash, uint32_t *offset, int64_t *last_read)
{
    mem_pos_t *p = find_pos(user, hash);
    if (!p)
        return false;
    *offset = p->offset;
    *last_read = p->last_read;
    return true;
}

static bool mem_set_position(void *user, const char *hash, const char *path, const char *title,
                             uint32_t offset, double fraction)
{
    mem_t *m = user;
    mem_pos_t *p = find_pos(m, hash);
    char *np = NULL;
    (void)title;
    (void)fraction;
    /* Every allocation before the first change: a failed call leaves the
     * backend as it was. */
    if (path && (!p || !p->path || strcmp(p->path, path) != 0) && !(np = strdup(path)))
        return false;
    if (!p) {
        char *h = strdup(hash);
        if (!h || !grow((void **)&m->pos, m->n_pos, sizeof *m->pos)) {
            free(h);
            free(np);
            return false;
        }
        p = &m->pos[m->n_pos++];
        *p = (mem_pos_t){0};
        p->hash = h;
    }
    if (np) {
        free(p->path);
        p->path = np;
    }
    p->offset = offset;
    p->last_read = (int64_t)time(NULL);
    p->seq = ++m->seq;
    return true;
}

static bool mem_last_article(void *user, char **hash, char **path)
{
    mem_t *m = user;
    mem_pos_t *best = NULL;
    for (size_t i = 0; i < m->n_pos; i++)
        if (!best || m->pos[i].seq > best->seq)
            best = &m->pos[i];
    if (!best || !best->path)
        return false;
    *hash = strdup(best->hash);
    *path = strdup(best->path);
    if (!*hash || !*path) {
        free(*hash);
        free(*path);
        return false;
    }
    return true;
}

static bool mem_add_bookmark(void *user, const char *hash, uint32_t offset, const char *snippet,
                             int64_t *id)
{
    mem_t *m = user;
    for (size_t i = 0; i < m->n_bms; i++)
        if (m->bms[i].bm.offset == offset && !strcmp(m->bms[i].hash, hash))
            return false; /* as the store: one bookmark per place */
    char *h = strdup(hash), *s = strdup(snippet);
    if (!h || !s || !grow((void **)&m->bms, m->n_bms, sizeof *m->bms)) {
        free(h);
        free(s);
        return false;
    }
    m->bms[m->n_bms++] = (mem_bm_t){h, {++m->next_id, offset, s}};
    if (id)
        *id = m->next_id;
    return true;
}

static bool mem_delete_bookmark(void *user, int64_t id)
{
    mem_t *m = user;
    for (size_t i = 0; i < m->n_bms; i++)
        if (m->bms[i].bm.id == id) {
            free(m->bms[i].hash);
            free(m->bms[i].bm.snippet);
            m->bms[i] = m->bms[--m->n_bms];
            return true;
        }
    return false;
}

static int by_offset(const void *a, const void *b)
{
    uint32_t x = ((const sah_bookmark_t *)a)->offset, y = ((const sah_bookmark_t *)b)->offset;
    return (x > y) - (x < y);
}

static bool mem_list_bookmarks(void *user, const char *hash, sah_bookmark_t **out, size_t *n)
{
    mem_t *m = user;
    sah_bookmark_t *l = calloc(m->n_bms ? m->n_bms : 1, sizeof *l);
    size_t k = 0;
    if (!l)
        return false;
    for (size_t i = 0; i < m->n_bms; i++) {
        if (strcmp(m->bms[i].hash, hash) != 0)
            continue;
        l[k] = m->bms[i].bm;
        if (!(l[k].snippet = strdup(m->bms[i].bm.snippet))) {
            sah_bookmarks_free(l, k);
            return false;
        }
        k++;
    }
    qsort(l, k, sizeof *l, by_offset);
    *out = l;
    *n = k;
    return true;
}

static char *mem_get_setting(void *user, const char *key)
{
    mem_t *m = user;
    for (size_t i = 0; i < m->n_sets; i++)
        if (!strcmp(m->sets[i].key, key))
            return strdup(m->sets[i].value);
    return NULL;
}

static bool mem_set_setting(void *user, const char *key, const char *value)
{
    mem_t *m = user;
    char *v = strdup(value);
    if (!v)
        return false;
    for (size_t i = 0; i < m->n_sets; i++)
        if (!strcmp(m->sets[i].key, key)) {
            free(m->sets[i].value);
            m->sets[i].value = v;
            return true;
        }
    char *k = strdup(key);
    if (!k || !grow((void **)&m->sets, m->n_sets, sizeof *m->sets)) {
        free(k);
        free(v);
        return false;
    }
    m->sets[m->n_sets++] = (mem_set_t){k, v};
    return true;
}

static void mem_destroy(void *user)
{
    mem_t *m = user;
    for (size_t i = 0; i < m->n_pos; i++) {
        free(m->pos[i].hash);
        free(m->pos[i].path);
    }
    for (size_t i = 0; i < m->n_bms; i++) {
        free(m->bms[i].hash);
        free(m->bms[i].bm.snippet);
    }
    for (size_t i = 0; i < m->n_sets; i++) {
        free(m->sets[i].key);
        free(m->sets[i].value);
    }
    free(m->pos);
    free(m->bms);
    free(m->sets);
    free(m);
}

static const sah_persist_ops_t mem_ops = {
    mem_get_position,
    mem_set_position,
    mem_last_article,
    mem_add_bookmark,
    mem_delete_bookmark,
    mem_list_bookmarks,
    mem_get_setting,
    mem_set_setting,
    NULL,
    NULL,
    NULL,
    mem_destroy,
    NULL, /* keeps nothing beyond the process, on purpose: always "saving" */
};

sah_persist_t *sah_persist_new_memory(void)
{
    mem_t *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    /* As sah_persist_new(), with mem_destroy() called directly: the
     * analyzer cannot see that mem_ops.destroy is never NULL. */
    sah_persist_t *p = wrap(&mem_ops, m);
    if (!p)
        mem_destroy(m);
    return p;
}
