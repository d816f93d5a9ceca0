/* persist.c - see persist.h: the screens' calls forwarded to sah_store_*,
 * the store's error enum turned into a bool plus the store's own log line. */
#include "app/store/persist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/paths.h"

/* The store refuses offsets past the longest article: the reader's 32-bit
 * offsets hold every one it accepts. */
_Static_assert(SAH_STORE_OFFSET_MAX <= UINT32_MAX, "offsets fit the reader's");

struct sah_persist {
    sah_store_t *st;
    char *touched; /* the article whose path and title were written last */
    /* SAHIFA_TRACE_SAVES (persist.h): each change is told once it is on the
     * disk (the store returned and nothing is pending). */
    bool trace, pos_told;
    char pos_hash[SAH_STORE_HASH_MAX + 1];
    uint32_t pos_off; /* the latest position handed to the store */
};

/* After a position call that returned @e: the latest position is on the
 * disk once the store holds none pending. */
static void trace_position(sah_persist_t *p, sah_store_err_t e)
{
    if (!p->trace || p->pos_told || e != SAH_STORE_OK || sah_store_has_pending(p->st) ||
        !p->pos_hash[0] || sah_store_save_error(p->st) != SAH_STORE_OK)
        return;
    fprintf(stderr, "sahifa: saved: position %s %u\n", p->pos_hash, (unsigned)p->pos_off);
    p->pos_told = true;
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

/* Takes @st (transfer full; NULL when it could not be opened). */
static sah_persist_t *wrap(sah_store_t *st)
{
    sah_persist_t *p = st ? calloc(1, sizeof *p) : NULL;
    if (!p) {
        sah_store_free(st);
        return NULL;
    }
    p->st = st;
    p->trace = getenv("SAHIFA_TRACE_SAVES") != NULL;
    return p;
}

sah_persist_t *sah_persist_new_store(const char *state_dir)
{
    char *path = NULL;
    if (state_dir) {
        if (!sah_path_ensure_dir(state_dir))
            fprintf(stderr, "sahifa: %s: cannot create the state dir\n", state_dir);
        if (!(path = sah_path_join(state_dir, SAH_STORE_FILENAME)))
            return NULL;
    }
    sah_persist_t *p = wrap(sah_store_open(path, NULL));
    free(path);
    /* The whole sentence for the log; the screens show a short one. */
    if (p && sah_store_notice(p->st))
        fprintf(stderr, "sahifa: %s\n", sah_store_notice(p->st));
    return p;
}

sah_persist_t *sah_persist_new_memory(void)
{
    sah_store_options_t opts = {0};
    opts.memory = true;
    return wrap(sah_store_open(NULL, &opts));
}

void sah_persist_free(sah_persist_t *p)
{
    if (!p)
        return;
    sah_persist_flush(p);
    sah_store_free(p->st);
    free(p->touched);
    free(p);
}

bool sah_persist_knows_path(sah_persist_t *p, const char *path)
{
    return p && sah_store_knows_path(p->st, path);
}

bool sah_persist_get_position(sah_persist_t *p, const char *hash, uint32_t *offset,
                              int64_t *last_read)
{
    sah_store_position_t pos;
    if (!ok(sah_store_get_position(p->st, hash, &pos), "reading a position"))
        return false;
    /* A store written by an older sahifa may hold any offset: one past the
     * longest article is no place (the first page is). */
    if (pos.offset < 0 || pos.offset > SAH_STORE_OFFSET_MAX)
        return false;
    *offset = (uint32_t)pos.offset;
    if (last_read)
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

bool sah_persist_set_position(sah_persist_t *p, const char *hash, const char *path,
                              const char *title, uint32_t offset, double fraction)
{
    /* The title is kept for the bookmark lists and the export, and the
     * store takes SAH_STORE_TEXT_MAX bytes of it: an article whose title is
     * longer (front matter is not bounded) must still keep its place. */
    char cut[SAH_STORE_TEXT_MAX + 1];
    if (title)
        title = fit_utf8(title, cut, SAH_STORE_TEXT_MAX);
    /* Path and title are written once per article opened, not per turn:
     * touch_article is a transaction of its own (an fsync). */
    if (!p->touched || strcmp(p->touched, hash) != 0) {
        if (!ok(sah_store_touch_article(p->st, hash, path, title), "recording the article"))
            return false;
        free(p->touched);
        p->touched = strdup(hash);
    }
    sah_store_position_t pos = {0};
    pos.offset = offset;
    pos.finished = fraction >= 0.999;
    sah_store_err_t e = sah_store_set_position(p->st, hash, &pos);
    if (e == SAH_STORE_OK) {
        snprintf(p->pos_hash, sizeof p->pos_hash, "%s", hash);
        p->pos_off = offset;
        p->pos_told = false;
    }
    trace_position(p, e);
    return ok(e, "saving the position");
}

bool sah_persist_add_bookmark(sah_persist_t *p, const char *hash, uint32_t offset,
                              const char *snippet, int64_t *id)
{
    sah_store_err_t e =
        sah_store_add_bookmark(p->st, hash, offset, snippet ? snippet : "", NULL, id);
    if (p->trace && e == SAH_STORE_OK && sah_store_save_error(p->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: bookmark %s %u id %lld\n", hash, (unsigned)offset,
                (long long)(id ? *id : 0));
    return ok(e, "adding a bookmark");
}

bool sah_persist_delete_bookmark(sah_persist_t *p, int64_t id)
{
    sah_store_err_t e = sah_store_delete_bookmark(p->st, id);
    if (p->trace && e == SAH_STORE_OK && sah_store_save_error(p->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: deleted bookmark %lld\n", (long long)id);
    return ok(e, "deleting a bookmark");
}

bool sah_persist_set_bookmark_note(sah_persist_t *p, int64_t id, const char *note)
{
    sah_store_err_t e = sah_store_set_bookmark_note(p->st, id, note && *note ? note : NULL);
    if (p->trace && e == SAH_STORE_OK && sah_store_save_error(p->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: note of bookmark %lld\n", (long long)id);
    return ok(e, "saving a note");
}

bool sah_persist_restore_bookmark(sah_persist_t *p, const sah_store_bookmark_t *b, int64_t *id)
{
    sah_store_err_t e = sah_store_add_bookmark(p->st, b->hash, b->offset,
                                               b->snippet ? b->snippet : "", b->note, id);
    if (p->trace && e == SAH_STORE_OK && sah_store_save_error(p->st) == SAH_STORE_OK)
        fprintf(stderr, "sahifa: saved: bookmark %s %lld id %lld\n", b->hash, (long long)b->offset,
                (long long)(id ? *id : 0));
    return ok(e, "putting a bookmark back");
}

bool sah_persist_list_bookmarks(sah_persist_t *p, const char *hash, sah_store_bookmark_t **out,
                                size_t *n)
{
    sah_store_bookmark_t *l = NULL;
    size_t k = 0, m = 0;
    *out = NULL;
    *n = 0;
    if (!ok(sah_store_list_bookmarks(p->st, hash, &l, &k), "listing bookmarks"))
        return false;
    for (size_t i = 0; i < k; i++) {
        /* An older sahifa's import took any offset: one past the longest
         * article marks no text, and narrowed to 32 bits it would mark
         * another place (2^32 on the first page). Left in the store, as
         * the export shows it; not shown. */
        if (l[i].offset >= 0 && l[i].offset <= SAH_STORE_OFFSET_MAX) {
            l[m++] = l[i];
            continue;
        }
        free(l[i].hash);
        free(l[i].title);
        free(l[i].snippet);
        free(l[i].note);
    }
    *out = l;
    *n = m;
    return true;
}

char *sah_persist_get_setting(sah_persist_t *p, const char *key)
{
    /* The store answers its default for a key never set; a stored value
     * equal to the default is still a choice. */
    if (!sah_store_has_setting(p->st, key))
        return NULL;
    return sah_store_get_setting(p->st, key);
}

bool sah_persist_set_setting(sah_persist_t *p, const char *key, const char *value)
{
    return ok(sah_store_set_setting(p->st, key, value), "saving a setting");
}

bool sah_persist_flush(sah_persist_t *p)
{
    sah_store_err_t e = sah_store_flush(p->st);
    trace_position(p, e);
    return ok(e, "saving the position");
}

int sah_persist_due_in_ms(sah_persist_t *p)
{
    int64_t d = sah_store_due_in_ms(p->st);
    return d < 0 ? -1 : d > 60000 ? 60000 : (int)d;
}

bool sah_persist_tick(sah_persist_t *p)
{
    sah_store_err_t e = sah_store_tick(p->st);
    trace_position(p, e);
    return ok(e, "saving the position");
}

sah_persist_health_t sah_persist_health(sah_persist_t *p)
{
    sah_store_err_t e = sah_store_save_error(p->st);
    if (sah_store_status(p->st) == SAH_STORE_LOCKED)
        return SAH_PERSIST_LOCKED;
    switch (e) {
    case SAH_STORE_OK:
        return sah_store_status(p->st) == SAH_STORE_RECOVERED ? SAH_PERSIST_RECOVERED
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
