/* bookmarks.c - the articles known to the store and their bookmarks. */
#include "app/store/store-db.h"

#include <stdlib.h>
#include <string.h>

/* ---- articles ------------------------------------------------------------- */

sah_store_err_t sah_store_touch_article(sah_store_t *st, const char *hash, const char *path,
                                        const char *title)
{
    char h[SAH_STORE_HASH_MAX + 1];
    if (!st || !store_norm_hash(hash, h) || !store_text_ok(path, SAH_STORE_TEXT_MAX) ||
        !store_text_ok(title, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[ST_ART_TOUCH];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    sah_db_bind_text(s, 2, path);
    sah_db_bind_text(s, 3, title);
    int rc = sah_db_exec_stmt(s);
    return rc == SQLITE_OK ? store_saved(st) : store_fail(st, rc, "saving an article");
}

bool sah_store_knows_path(sah_store_t *st, const char *path)
{
    if (!st || !path)
        return false;
    sqlite3_stmt *s = st->st[ST_ART_BY_PATH];
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    sah_db_done(s);
    return found;
}

sah_store_err_t sah_store_get_article(sah_store_t *st, const char *hash, char **path, char **title)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_ERR_NOT_FOUND;
    if (!st || !store_norm_hash(hash, h))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[ST_ART_GET];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        char *p = sah_db_column_dup(s, 0), *t = sah_db_column_dup(s, 1);
        if ((sqlite3_column_type(s, 0) != SQLITE_NULL && !p) ||
            (sqlite3_column_type(s, 1) != SQLITE_NULL && !t)) {
            free(p);
            free(t);
            e = SAH_STORE_ERR_NOMEM;
            goto out;
        }
        if (path)
            *path = p;
        else
            free(p);
        if (title)
            *title = t;
        else
            free(t);
        e = SAH_STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = store_fail(st, rc, "reading an article");
    }
out:
    sah_db_done(s);
    return e;
}

/* ---- bookmarks ------------------------------------------------------------ */

/* The id of the bookmark at (@h, @offset), 0 if none, -1 on error (*rc). */
static int64_t find_bookmark(sah_store_t *st, const char *h, int64_t offset, int *rc)
{
    sqlite3_stmt *s = st->st[ST_BM_FIND];
    int64_t id = 0;
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, offset);
    *rc = sqlite3_step(s);
    if (*rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (*rc != SQLITE_DONE)
        id = -1;
    *rc = id < 0 ? *rc : SQLITE_OK;
    sah_db_done(s);
    return id;
}

sah_store_err_t sah_store_add_bookmark(sah_store_t *st, const char *hash, int64_t offset,
                                       const char *snippet, const char *note, int64_t *id)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_OK;
    int rc;
    if (!st || !store_norm_hash(hash, h) || offset < 0 || offset > SAH_STORE_OFFSET_MAX ||
        !store_text_ok(snippet, SAH_STORE_SNIPPET_MAX) || !store_text_ok(note, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    if ((rc = sah_db_exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    int64_t existing = find_bookmark(st, h, offset, &rc);
    if (existing != 0) {
        if (existing > 0) {
            e = SAH_STORE_ERR_EXISTS;
            if (id)
                *id = existing;
        }
        goto out;
    }
    sqlite3_bind_text(st->st[ST_ART_ENSURE], 1, h, -1, SQLITE_TRANSIENT);
    if ((rc = sah_db_exec_stmt(st->st[ST_ART_ENSURE])) != SQLITE_OK)
        goto out;
    sqlite3_stmt *s = st->st[ST_BM_ADD];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, offset);
    sqlite3_bind_text(s, 3, snippet ? snippet : "", -1, SQLITE_TRANSIENT);
    sah_db_bind_text(s, 4, note);
    sqlite3_bind_int64(s, 5, store_now_s(st));
    if ((rc = sah_db_exec_stmt(s)) != SQLITE_OK)
        goto out;
    int64_t new_id = sqlite3_last_insert_rowid(st->db);
    if ((rc = sah_db_exec_stmt(st->st[ST_COMMIT])) == SQLITE_OK && id)
        *id = new_id;
out:
    if (rc != SQLITE_OK) {
        sah_db_rollback(st->db);
        return store_fail(st, rc, "saving a bookmark");
    }
    if (e != SAH_STORE_OK)
        sah_db_rollback(st->db);
    return e == SAH_STORE_OK ? store_saved(st) : e;
}

/* Runs a one-row UPDATE/DELETE by id: NOT_FOUND if it touched nothing. */
static sah_store_err_t change_by_id(sah_store_t *st, sqlite3_stmt *s, const char *what)
{
    int rc = sah_db_exec_stmt(s);
    if (rc != SQLITE_OK)
        return store_fail(st, rc, what);
    return sqlite3_changes(st->db) ? store_saved(st) : SAH_STORE_ERR_NOT_FOUND;
}

sah_store_err_t sah_store_delete_bookmark(sah_store_t *st, int64_t id)
{
    if (!st || id <= 0)
        return SAH_STORE_ERR_INVALID;
    sqlite3_bind_int64(st->st[ST_BM_DEL], 1, id);
    return change_by_id(st, st->st[ST_BM_DEL], "deleting a bookmark");
}

sah_store_err_t sah_store_set_bookmark_note(sah_store_t *st, int64_t id, const char *note)
{
    if (!st || id <= 0 || !store_text_ok(note, SAH_STORE_TEXT_MAX))
        return SAH_STORE_ERR_INVALID;
    sqlite3_bind_int64(st->st[ST_BM_NOTE], 1, id);
    sah_db_bind_text(st->st[ST_BM_NOTE], 2, note);
    return change_by_id(st, st->st[ST_BM_NOTE], "saving a note");
}

void sah_store_bookmarks_free(sah_store_bookmark_t *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].hash);
        free(list[i].title);
        free(list[i].snippet);
        free(list[i].note);
    }
    free(list);
}

/* Fills @b from a row of BM_COLUMNS; false when out of memory. */
static bool read_bookmark(sqlite3_stmt *s, sah_store_bookmark_t *b)
{
    b->id = sqlite3_column_int64(s, 0);
    b->hash = sah_db_column_dup(s, 1);
    b->title = sah_db_column_dup(s, 2);
    b->offset = sqlite3_column_int64(s, 3);
    b->snippet = sah_db_column_dup(s, 4);
    b->note = sah_db_column_dup(s, 5);
    b->created = sqlite3_column_int64(s, 6);
    return b->hash && b->snippet && (b->title || sqlite3_column_type(s, 2) == SQLITE_NULL) &&
           (b->note || sqlite3_column_type(s, 5) == SQLITE_NULL);
}

sah_store_err_t sah_store_list_bookmarks(sah_store_t *st, const char *hash,
                                         sah_store_bookmark_t **out, size_t *n)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_bookmark_t *list = NULL;
    size_t len = 0, cap = 0;
    sah_store_err_t e = SAH_STORE_OK;
    int rc;
    if (!st || !out || !n || (hash && !store_norm_hash(hash, h)))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[hash ? ST_BM_LIST_ONE : ST_BM_LIST_ALL];
    if (hash)
        sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            sah_store_bookmark_t *nl = realloc(list, ncap * sizeof *nl);
            if (!nl) {
                e = SAH_STORE_ERR_NOMEM;
                goto out;
            }
            list = nl;
            cap = ncap;
        }
        memset(&list[len], 0, sizeof list[len]);
        if (!read_bookmark(s, &list[len++])) {
            e = SAH_STORE_ERR_NOMEM;
            goto out;
        }
    }
    if (rc != SQLITE_DONE)
        e = store_fail(st, rc, "listing bookmarks");
out:
    sah_db_done(s);
    if (e != SAH_STORE_OK) {
        sah_store_bookmarks_free(list, len);
        return e;
    }
    *out = list;
    *n = len;
    return SAH_STORE_OK;
}
