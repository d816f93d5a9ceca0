/* positions.c - the reading position, coalesced: the app may report it at
 * every page turn; the disk sees it at most once per interval. */
#include "app/store/store-db.h"

#include <string.h>
#include <time.h>

static sah_store_err_t write_pending(sah_store_t *st)
{
    const sah_store_position_t *p = &st->pending_pos;
    int rc;
    st->attempted = true;
    st->last_write_ms = store_now_ms(st);
    if ((rc = sah_db_exec_stmt(st->st[ST_BEGIN])) != SQLITE_OK)
        goto out;
    sqlite3_bind_text(st->st[ST_ART_ENSURE], 1, st->pending_hash, -1, SQLITE_STATIC);
    if ((rc = sah_db_exec_stmt(st->st[ST_ART_ENSURE])) != SQLITE_OK)
        goto out;
    sqlite3_stmt *s = st->st[ST_POS_PUT];
    sqlite3_bind_text(s, 1, st->pending_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, p->offset);
    sqlite3_bind_int(s, 3, p->page_w);
    sqlite3_bind_int(s, 4, p->page_h);
    sqlite3_bind_int(s, 5, p->font_px);
    sqlite3_bind_int(s, 6, p->page_no);
    sqlite3_bind_int64(s, 7, p->last_read);
    sqlite3_bind_int(s, 8, p->finished ? 1 : 0);
    if ((rc = sah_db_exec_stmt(s)) != SQLITE_OK)
        goto out;
    rc = sah_db_exec_stmt(st->st[ST_COMMIT]);
out:
    if (rc != SQLITE_OK) {
        sah_db_rollback(st->db);
        return store_fail(st, rc, "saving the reading position");
    }
    st->pending = false;
    return store_saved(st);
}

static int64_t interval_ms(const sah_store_t *st)
{
    if (st->opt.coalesce_ms < 0)
        return 0;
    return st->opt.coalesce_ms ? st->opt.coalesce_ms : SAH_STORE_COALESCE_MS_DEFAULT;
}

int64_t sah_store_due_in_ms(const sah_store_t *st)
{
    if (!st || !st->pending)
        return -1;
    if (!st->attempted)
        return 0;
    int64_t left = st->last_write_ms + interval_ms(st) - store_now_ms(st);
    return left > 0 ? left : 0;
}

bool sah_store_has_pending(const sah_store_t *st)
{
    return st && st->pending;
}

sah_store_err_t sah_store_set_position(sah_store_t *st, const char *hash,
                                       const sah_store_position_t *pos)
{
    char h[SAH_STORE_HASH_MAX + 1];
    if (!st || !pos || !store_norm_hash(hash, h) || pos->offset < 0 ||
        pos->offset > SAH_STORE_OFFSET_MAX)
        return SAH_STORE_ERR_INVALID;
    /* Leaving an article: its last position goes to disk before the next
     * one's, so one pending slot is enough. */
    if (st->pending && strcmp(st->pending_hash, h) != 0) {
        sah_store_err_t e = write_pending(st);
        if (e != SAH_STORE_OK)
            return e;
    }
    memcpy(st->pending_hash, h, sizeof h);
    st->pending_pos = *pos;
    st->pending_pos.last_read = store_now_s(st);
    st->pending = true;
    return sah_store_tick(st);
}

sah_store_err_t sah_store_tick(sah_store_t *st)
{
    if (!st)
        return SAH_STORE_ERR_INVALID;
    if (sah_store_due_in_ms(st) != 0)
        return SAH_STORE_OK;
    return write_pending(st);
}

sah_store_err_t sah_store_flush(sah_store_t *st)
{
    if (!st)
        return SAH_STORE_ERR_INVALID;
    return st->pending ? write_pending(st) : SAH_STORE_OK;
}

sah_store_err_t sah_store_get_position(sah_store_t *st, const char *hash, sah_store_position_t *out)
{
    char h[SAH_STORE_HASH_MAX + 1];
    sah_store_err_t e = SAH_STORE_ERR_NOT_FOUND;
    if (!st || !out || !store_norm_hash(hash, h))
        return SAH_STORE_ERR_INVALID;
    if (st->pending && strcmp(st->pending_hash, h) == 0) {
        *out = st->pending_pos;
        return SAH_STORE_OK;
    }
    sqlite3_stmt *s = st->st[ST_POS_GET];
    sqlite3_bind_text(s, 1, h, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->offset = sqlite3_column_int64(s, 0);
        out->page_w = sqlite3_column_int(s, 1);
        out->page_h = sqlite3_column_int(s, 2);
        out->font_px = sqlite3_column_int(s, 3);
        out->page_no = sqlite3_column_int(s, 4);
        out->last_read = sqlite3_column_int64(s, 5);
        out->finished = sqlite3_column_int(s, 6) != 0;
        e = SAH_STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = store_fail(st, rc, "reading a position");
    }
    sah_db_done(s);
    return e;
}
