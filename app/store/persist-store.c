/* persist-store.c - the persist interface (persist.h) on the SQLite store
 * (store.h, issue 6): every op forwards to sah_store_*, translating its
 * error enum into our bool plus the store's own log line. */
#include "app/store/persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"
#include "app/store/store.h"

/* The store refuses offsets past the longest article: the reader's 32-bit
 * offsets hold every one it accepts. */
_Static_assert(SAH_STORE_OFFSET_MAX <= UINT32_MAX, "offsets fit the reader's");

typedef struct {
    sah_store_t *st;
    char *touched; /* the article whose path and title were written last */
    /* SAHIFA_TRACE_SAVES: one line on stderr for each change once it is on
     * the disk (the store returned and nothing is pending), so that a test
     * that kills the app knows what it was told was kept. */
    bool trace, pos_told;
    char pos_hash[SAH_STORE_HASH_MAX + 1];
    uint32_t pos_off; /* the latest position handed to the store */
} adapter_t;

/* After a position call that returned @e: the latest position is on the
 * disk once the store holds none pending. */
static void trace_position(adapter_t *a, sah_store_err_t e)
{
    if (!a->trace || a->pos_told || e != SAH_STORE_OK || sah_store_has_pending(a->st) ||
        !a->pos_hash[0] || sah_store_save_error(a->st) != SAH_STORE_OK)
        return;
    fprintf(stderr, "sahifa: saved: position %s %u\n", a->pos_hash, (unsigned)a->pos_off);
    a->pos_told = true;
}

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
    /* A store written by an older sahifa may hold any offset: one past the
     * longest article is no place (the first page is). */
    if (pos.offset < 0 || pos.offset > SAH_STORE_OFFSET_MAX)
        return false;
    *offset = (uint32_t)pos.offset;
    *last_read = pos.last_read;
    return true;
}

/* The first @max bytes of @s or fewer, ending where a UTF-8 character
 * does, into @out (max + 1 bytes). */
static const char *fit_utf8(const char *s, char *out, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return s;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    out[n] = 0;
    return out;
}

static bool st_set_position(void *user, const char *hash, const char *path, const char *title,
                            uint32_t offset, double fraction)
{
    adapter_t *a = user;
    /* The title is kept for the bookmark lists and the export, and the
     * store takes SAH_STORE_TEXT_MAX bytes of it: an article whose title is
     * longer (front matter is not bounded) must still keep its place. */
    char cut[SAH_STORE_TEXT_MAX + 1];
    if (title)
        title = fit_utf8(title, cut, SAH_STORE_TEXT_MAX);
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
    sah_store_err_t e = sah_store_set_position(a->st, hash, &pos);
    if (e == SAH_STORE_OK) {
        snprintf(a->pos_hash, sizeof a->pos_hash, "%s", hash);
        a->pos_off = offset;
        a->pos_told = false;
    }
    trace_position(a, e);
    return ok(e, "saving the position");
}

static bool st_add_bookmark(void *user, const char *hash, uint32_t offset, const char *snippet,
                            int64_t *id)
{
    adapter_t *a = user;
    sah_store_err_t e = sah_store_add_bookmark(a->st, hash, offset, snippet, NULL, id);
    if (a->trace && e == SAH_STORE_OK && sah_store_save_error(a->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: bookmark %s %u id %lld\n", hash, (unsigned)offset,
                (long long)(id ? *id : 0));
    return ok(e, "adding a bookmark");
}

static bool st_delete_bookmark(void *user, int64_t id)
{
    adapter_t *a = user;
    sah_store_err_t e = sah_store_delete_bookmark(a->st, id);
    if (a->trace && e == SAH_STORE_OK && sah_store_save_error(a->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: deleted bookmark %lld\n", (long long)id);
    return ok(e, "deleting a bookmark");
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
    size_t m = 0;
    for (size_t i = 0; good && i < k; i++) {
        /* An older sahifa's import took any offset: one past the longest
         * article marks no text, and narrowed to 32 bits it would mark
         * another place (2^32 on the first page). Left in the store, as
         * the export shows it; not shown. */
        if (l[i].offset < 0 || l[i].offset > SAH_STORE_OFFSET_MAX)
            continue;
        b[m].id = l[i].id;
        b[m].offset = (uint32_t)l[i].offset;
        good = (b[m++].snippet = strdup(l[i].snippet ? l[i].snippet : "")) != NULL;
    }
    sah_store_bookmarks_free(l, k);
    if (!good) {
        sah_bookmarks_free(b, m);
        return false;
    }
    *out = b;
    *n = m;
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
    sah_store_err_t e = sah_store_flush(a->st);
    trace_position(a, e);
    return ok(e, "saving the position");
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
    sah_store_err_t e = sah_store_tick(a->st);
    trace_position(a, e);
    return ok(e, "saving the position");
}

static sah_persist_health_t st_health(void *user)
{
    adapter_t *a = user;
    sah_store_err_t e = sah_store_save_error(a->st);
    if (sah_store_status(a->st) == SAH_STORE_LOCKED)
        return SAH_PERSIST_LOCKED;
    switch (e) {
    case SAH_STORE_OK:
        return sah_store_status(a->st) == SAH_STORE_RECOVERED ? SAH_PERSIST_RECOVERED
                                                              : SAH_PERSIST_SAVING;
    case SAH_STORE_ERR_READONLY:
        return SAH_PERSIST_READONLY;
    case SAH_STORE_ERR_FULL:
        return SAH_PERSIST_FULL;
    case SAH_STORE_ERR_FORMAT:
        return SAH_PERSIST_NEWER;
    case SAH_STORE_ERR_CORRUPT:
        return SAH_PERSIST_DAMAGED;
    case SAH_STORE_ERR_BUSY: /* another program held the file too long */
    default:
        return SAH_PERSIST_DISK_ERROR;
    }
}

static void st_destroy(void *user)
{
    adapter_t *a = user;
    sah_store_free(a->st);
    free(a->touched);
    free(a);
}

static const sah_persist_ops_t store_ops = {
    st_get_position,   st_set_position, NULL,           st_add_bookmark, st_delete_bookmark,
    st_list_bookmarks, st_get_setting,  st_set_setting, st_flush,        st_due_in_ms,
    st_tick,           st_destroy,      st_health,
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
    if (a) {
        a->st = sah_store_open(path, NULL);
        a->trace = getenv("SAHIFA_TRACE_SAVES") != NULL;
    }
    free(path);
    if (!a || !a->st) {
        free(a);
        return NULL;
    }
    /* The whole sentence for the log; the screens show a short one. */
    if (sah_store_notice(a->st))
        fprintf(stderr, "sahifa: %s\n", sah_store_notice(a->st));
    return sah_persist_new(&store_ops, a);
}
