/*
 * test-session.c - app/ui/session.h: the app's wiring of store, screens and
 * open article. What the session says it saved is read back from the SQLite
 * file through a connection of the test's own, and from a second session on
 * the same state dir (as the next launch would). The long random version of
 * these calls is the soak test (tests/soak.c).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/content/article.h"
#include "fonts/fontchain.h"
#include "platform/paths.h"
#include "app/ui/session.h"
#include "app/store/store.h"
#include "testfonts.h"
#include "testutil.h"

static char db_path[700];

/* One integer from the store file, through a connection of our own; -1 if
 * there is no row. */
static int64_t db_int(const char *sql, const char *arg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        (!arg || sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT) == SQLITE_OK) &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static bool frames_are(sah_session_t *s, int w, int h)
{
    const sah_pagebuf_t *r = sah_reader_frame(sah_session_reader(s));
    const sah_pagebuf_t *l = sah_libview_frame(sah_session_libview(s));
    return r && l && sah_pagebuf_width(r) == w && sah_pagebuf_height(r) == h &&
           sah_pagebuf_width(l) == w && sah_pagebuf_height(l) == h;
}

static sah_session_t *session_on(const char *state)
{
    sah_session_opts_t o = SAH_SESSION_OPTS_INIT;
    o.state_dir = state;
    return sah_session_new(&o);
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    char root[512], state[600], cmd[700];
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/sahifa-session-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("test-session: mkdtemp");
        return 1;
    }
    snprintf(state, sizeof state, "%s/state", root);
    snprintf(db_path, sizeof db_path, "%s/%s", state, SAH_STORE_FILENAME);
    char *seed = t_src_path("assets/articles/seed-article-ar.txt");
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no-such-article.txt", root);

    sah_session_free(NULL); /* a no-op */

    /* The article's identity, from the article module (the store keys
     * everything by it). */
    sah_article_t *art = sah_article_load(seed, NULL);
    CHECK(art != NULL, "load %s", seed);
    char hash[65] = "";
    if (art)
        snprintf(hash, sizeof hash, "%s", sah_article_meta(art)->hash);
    sah_article_free(art);

    sah_session_t *s = session_on(state);
    CHECK(s != NULL, "a session on %s", state);
    if (!s)
        goto out;
    CHECK(!sah_session_in_reader(s) && !strcmp(sah_session_hash(s), ""), "the library first");
    CHECK(!sah_session_turn(s, SAH_ACT_NEXT), "no turn on the library");
    CHECK(sah_session_toggle_bookmark(s, NULL) == SAH_SESSION_BOOKMARK_FAILED,
          "no bookmark on the library");

    /* A file that cannot be read: refused, nothing changes. */
    CHECK(!sah_session_open_article(s, missing), "a missing file does not open");
    CHECK(!sah_session_in_reader(s), "still the library");

    /* Open, turn twice, leave: the place is in the file. */
    CHECK(sah_session_open_article(s, seed), "open the seed");
    CHECK(sah_session_in_reader(s) && !strcmp(sah_session_hash(s), hash), "hash %s, want %s",
          sah_session_hash(s), hash);
    sah_reader_t *rd = sah_session_reader(s);
    CHECK(sah_session_turn(s, SAH_ACT_NEXT) && sah_session_turn(s, SAH_ACT_NEXT), "two turns");
    CHECK(sah_reader_page(rd) == 2, "page %zu", sah_reader_page(rd));
    uint32_t place = sah_reader_offset(rd);
    CHECK(place > 0, "page 3 starts past the first byte");
    CHECK(sah_session_close_article(s), "back to the library");
    CHECK(!sah_session_in_reader(s) && !strcmp(sah_session_hash(s), ""), "the library again");
    CHECK(db_int("SELECT byte_offset FROM positions WHERE hash = ?", hash) == place,
          "the file holds the place %u", place);

    /* A bookmark on and off; the store has it by the id the session gave. */
    CHECK(sah_session_open_article(s, seed), "reopen");
    CHECK(sah_reader_offset(rd) == place, "reopened at %u, want %u", sah_reader_offset(rd), place);
    int64_t id = 0, id2 = 0;
    uint32_t at = 0;
    CHECK(sah_session_toggle_bookmark(s, &id) == SAH_SESSION_BOOKMARK_ADDED && id > 0, "add");
    CHECK(sah_reader_page_bookmark(rd, &at) && at == place, "the page's ribbon at %u", at);
    CHECK(sah_session_suspend(s), "flush");
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    CHECK(db_int("SELECT byte_offset FROM bookmarks WHERE id = CAST(? AS INTEGER)", idtext) ==
              place,
          "bookmark %s in the file at %u", idtext, place);
    CHECK(sah_session_toggle_bookmark(s, &id2) == SAH_SESSION_BOOKMARK_REMOVED && id2 == id,
          "remove %lld (got %lld)", (long long)id, (long long)id2);
    CHECK(!sah_reader_page_bookmark(rd, &at), "no ribbon");
    CHECK(sah_session_suspend(s), "flush");
    CHECK(db_int("SELECT count(*) FROM bookmarks", NULL) == 0, "no bookmark in the file");

    /* Settings: clamped by the reader, saved, read by the next launch. */
    sah_reader_settings_t set;
    sah_reader_settings(rd, &set);
    set.font_step = 99;
    set.theme = SAH_THEME_SEPIA;
    CHECK(sah_session_set_settings(s, &set), "settings");
    sah_reader_settings(rd, &set);
    CHECK(set.font_step == SAH_READER_FONT_STEPS - 1, "font step clamped to %d",
          SAH_READER_FONT_STEPS - 1);

    /* A size the reader refuses: every screen keeps the old one. */
    int w = 0, h = 0;
    CHECK(!sah_session_resize(s, 8000, 8000), "8000x8000 refused");
    sah_session_size(s, &w, &h);
    CHECK(w == 800 && h == 480 && frames_are(s, 800, 480), "kept 800x480, got %dx%d", w, h);
    CHECK(sah_session_resize(s, 480, 800), "480x800");
    sah_session_size(s, &w, &h);
    CHECK(w == 480 && h == 800 && frames_are(s, 480, 800), "every screen 480x800");
    uint32_t turned_place = sah_reader_offset(rd);
    sah_session_free(s); /* saves and flushes */

    /* The next launch: same settings, same place. */
    s = session_on(state);
    CHECK(s != NULL, "a second session");
    if (!s)
        goto out;
    rd = sah_session_reader(s);
    sah_reader_settings(rd, &set);
    CHECK(set.font_step == SAH_READER_FONT_STEPS - 1 && set.theme == SAH_THEME_SEPIA,
          "settings came back: step %d theme %d", set.font_step, (int)set.theme);
    CHECK(db_int("SELECT byte_offset FROM positions WHERE hash = ?", hash) == turned_place,
          "the place at exit (%u) is in the file", turned_place);
    sah_session_free(s);

out:
    free(seed);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "test-session: could not remove %s\n", root);
    return t_summary("session");
}
