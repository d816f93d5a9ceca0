/* persist-store.c - the persist interface (persist.h) on the SQLite store
 * (store.h, issue 6): every op forwards to sah_store_*, translating its
 * error enum into our bool plus the store's own log line. */
#include "app/store/persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"
#include "app/store/store.h"

typedef struct {
    sah_store_t *st;
    char *touched; /* the article whose path and title were written last */
} adapter_t;

/* One line for a failed store call; the store's own error sentence. */
static bool ok(sah_store_err_t e, const char *what)
{
    if (e == SAH_STORE_OK)
        return true;
    if (e != SAH_STORE_ERR_NOT_FOUND && e != SAH_STORE_ERR_EXISTS)
        fprintf(stderr, "sahifa: store: %s: %s\n", what, sah_store_strerror(e));
    return false;
}

static bool st_get_position(void *user, const char *hash, uint32_t *offset, int64_t *last_read)
{
    adapter_t *a = user;
    sah_store_position_t pos;
    if (!ok(sah_store_get_position(a->st, hash, &pos), "reading a position"))
        return false;
    *offset = pos.offset < 0 ? 0 : pos.offset > UINT32_MAX ? UINT32_MAX : (uint32_t)pos.offset;
    *last_read = pos.last_read;
    return true;
}

static bool st_set_position(void *user, const char *hash, const char *path, const char *title,
                            uint32_t offset, double fraction)
{
    adapter_t *a = user;
    /* Path and title are written once per article opened, not per turn:
     * touch_article is a transaction of its own (an fsync). */
    if (!a->touched || strcmp(a->touched, hash) != 0) {
        if (!ok(sah_store_touch_article(a->st, hash, path, title), "recording the article"))
            return false;
        free(a->touched);
        a->touched = strdup(hash);
    }
    sah_store_position_t pos = {0};
    pos.offset = offset;
    pos.finished = fraction >= 0.999;
    return ok(sah_store_set_position(a->st, hash, &pos), "saving the position");
}

static bool st_add_bookmark(void *user, const char *hash, uint32_t offset, const char *snippet,
                            int64_t *id)
{
    adapter_t *a = user;
    return ok(sah_store_add_bookmark(a->st, hash, offset, snippet, NULL, id), "adding a bookmark");
}

static bool st_delete_bookmark(void *user, int64_t id)
{
    adapter_t *a = user;
    return ok(sah_store_delete_bookmark(a->st, id), "deleting a bookmark");
}

static bool st_list_bookmarks(void *user, const char *hash, sah_bookmark_t **out, size_t *n)
{
    adapter_t *a = user;
    sah_store_bookmark_t *l = NULL;
    size_t k = 0;
    if (!ok(sah_store_list_bookmarks(a->st, hash, &l, &k), "listing bookmarks"))
        return false;
    sah_bookmark_t *b = calloc(k ? k : 1, sizeof *b);
    bool good = b != NULL;
    for (size_t i = 0; good && i < k; i++) {
        b[i].id = l[i].id;
        b[i].offset = l[i].offset < 0 ? 0 : (uint32_t)l[i].offset;
        good = (b[i].snippet = strdup(l[i].snippet ? l[i].snippet : "")) != NULL;
    }
    sah_store_bookmarks_free(l, k);
    if (!good) {
        sah_bookmarks_free(b, k);
        return false;
    }
    *out = b;
    *n = k;
    return true;
}

/* The store answers its default for a key never set; the reader wants to
 * know "not set" (its own defaults depend on the UI language: an English UI
 * shows Western digits unless Arabic ones were chosen), so it asks whether
 * the key is stored. A stored value equal to the default is still a choice. */
static char *st_get_setting(void *user, const char *key)
{
    adapter_t *a = user;
    if (!sah_store_has_setting(a->st, key))
        return NULL;
    return sah_store_get_setting(a->st, key);
}

static bool st_set_setting(void *user, const char *key, const char *value)
{
    adapter_t *a = user;
    return ok(sah_store_set_setting(a->st, key, value), "saving a setting");
}

static bool st_flush(void *user)
{
    adapter_t *a = user;
    return ok(sah_store_flush(a->st), "saving the position");
}

static int st_due_in_ms(void *user)
{
    adapter_t *a = user;
    int64_t d = sah_store_due_in_ms(a->st);
    return d < 0 ? -1 : d > 60000 ? 60000 : (int)d;
}

static bool st_tick(void *user)
{
    adapter_t *a = user;
    return ok(sah_store_tick(a->st), "saving the position");
}

static void st_destroy(void *user)
{
    adapter_t *a = user;
    sah_store_free(a->st);
    free(a->touched);
    free(a);
}

static const sah_persist_ops_t store_ops = {
    st_get_position,    st_set_position,   NULL,           st_add_bookmark,
    st_delete_bookmark, st_list_bookmarks, st_get_setting, st_set_setting,
    st_flush,           st_due_in_ms,      st_tick,        st_destroy,
};

sah_persist_t *sah_persist_new_store(const char *state_dir)
{
    char *path = NULL;
    if (state_dir) {
        if (!sah_path_ensure_dir(state_dir))
            fprintf(stderr, "sahifa: %s: cannot create the state dir\n", state_dir);
        if (!(path = sah_path_join(state_dir, SAH_STORE_FILENAME)))
            return NULL;
    }
    adapter_t *a = calloc(1, sizeof *a);
    if (a)
        a->st = sah_store_open(path, NULL);
    free(path);
    if (!a || !a->st) {
        free(a);
        return NULL;
    }
    return sah_persist_new(&store_ops, a);
}
