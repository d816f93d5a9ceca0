/* settings.c - the reader's settings: the store keeps only what was
 * changed from the defaults. */
#include "app/store/store-db.h"

#include <stdlib.h>
#include <string.h>

/* Reader settings and their defaults (the store keeps only what was changed). */
static const struct {
    const char *key, *value;
} setting_defaults[] = {
    /* font_size in px; theme: light | dark | sepia; digits: as-written |
     * arabic (U+0660..U+0669) | western, the page's and the status bar's
     * (reader.h); kashida: off | moderate | strong. The app parses and
     * checks the values. */
    {"font_size", "22"},      {"line_spacing", "1.6"}, {"theme", "light"},
    {"digits", "as-written"}, {"justify", "true"},     {"kashida", "moderate"},
};

const char *sah_store_setting_default(const char *key)
{
    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof setting_defaults / sizeof setting_defaults[0]; i++)
        if (strcmp(setting_defaults[i].key, key) == 0)
            return setting_defaults[i].value;
    return NULL;
}

char *sah_store_get_setting(sah_store_t *st, const char *key)
{
    const char *def = sah_store_setting_default(key);
    char *v = NULL;
    if (!st || !def)
        return NULL;
    sqlite3_stmt *s = st->st[ST_SET_GET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        v = sah_db_column_dup(s, 0);
    else if (rc != SQLITE_DONE)
        store_fail(st, rc, "reading a setting"); /* the default still lets us read */
    sah_db_done(s);
    return rc == SQLITE_ROW ? v : strdup(def);
}

bool sah_store_has_setting(sah_store_t *st, const char *key)
{
    if (!st || !sah_store_setting_default(key))
        return false;
    sqlite3_stmt *s = st->st[ST_SET_GET];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        store_fail(st, rc, "reading a setting");
    sah_db_done(s);
    return rc == SQLITE_ROW;
}

sah_store_err_t sah_store_set_setting(sah_store_t *st, const char *key, const char *value)
{
    if (!st || !sah_store_setting_default(key) || (value && !*value) || !store_text_ok(value, 256))
        return SAH_STORE_ERR_INVALID;
    sqlite3_stmt *s = st->st[value ? ST_SET_PUT : ST_SET_DEL];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    if (value)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sah_db_exec_stmt(s);
    return rc == SQLITE_OK ? store_saved(st) : store_fail(st, rc, "saving a setting");
}
