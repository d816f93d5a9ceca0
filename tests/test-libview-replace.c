/* test-libview-replace.c - the library read again while it is shown
 * (sah_session_replace_library(), as app/libwatch.c does when its folders
 * change): the selected article stays selected at the same height in the
 * list when articles are added above it; an order and a filter are kept; a
 * removed selected article gives the first row; the library's menu open
 * over it is rebuilt from the new library. */
#include "app/ui/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "testfonts.h"
#include "testutil.h"

static char dir[] = "/tmp/sahifa-test-libview-replace-XXXXXX";

static void article(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/news/%s.txt", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        exit(99);
    fprintf(f, "---\ntitle: مقالة %s\nsource: %s\n---\nفقرة من مقالة %s فيها كلام يكفي.\n", name,
            name[0] == 'a' ? "الشرق" : "البيان", name);
    fclose(f);
}

static sah_library_t *scan(void)
{
    sah_library_t *lib = sah_library_new(NULL);
    if (!lib || !sah_library_add_root(lib, dir) || !sah_library_scan(lib))
        exit(99);
    return lib;
}

static const char *base(const char *path)
{
    return path ? strrchr(path, '/') + 1 : "(none)";
}

int main(void)
{
    if (!t_default_fonts_present())
        return SKIP;
    if (!mkdtemp(dir))
        return 99;
    char path[1024], state[1024];
    snprintf(path, sizeof path, "%s/news", dir);
    mkdir(path, 0755);
    snprintf(state, sizeof state, "%s/state", dir);
    for (int i = 10; i < 40; i++) {
        char name[8];
        snprintf(name, sizeof name, "%c%d", i % 2 ? 'a' : 'b', i);
        article(name);
    }
    sah_session_opts_t o = SAH_SESSION_OPTS_INIT;
    o.state_dir = state;
    sah_session_t *s = sah_session_new(&o);
    CHECK(s && sah_session_set_library(s, scan(), NULL), "session");
    sah_libview_t *lv = sah_session_libview(s);
    CHECK(sah_libview_rows(lv) == 30, "30 rows, got %zu", sah_libview_rows(lv));
    sah_libview_move(lv, 20);
    char was[256];
    snprintf(was, sizeof was, "%s", base(sah_libview_selected(lv)));
    CHECK(!strcmp(was, "b20.txt"), "row 20 is b20.txt, got %s", was);
    CHECK(sah_libview_frame(lv) != NULL, "drawn");

    /* Three articles before it in the folder's order: it stays selected. */
    article("a00");
    article("a01");
    article("b02");
    CHECK(sah_session_replace_library(s, scan()), "replace");
    CHECK(sah_libview_rows(lv) == 33, "33 rows, got %zu", sah_libview_rows(lv));
    CHECK(!strcmp(base(sah_libview_selected(lv)), was), "still %s, got %s", was,
          base(sah_libview_selected(lv)));
    CHECK(sah_libview_selection(lv) == 23, "at row 23, got %zu", sah_libview_selection(lv));

    /* A filter (one source) and an order (by title), kept by a reading. */
    sah_libfilter_t f = {SAH_LIBFILTER_SOURCE, "الشرق"};
    CHECK(sah_libview_set_order(lv, SAH_LIBSORT_TITLE, &f), "order");
    size_t shown = sah_libview_rows(lv);
    CHECK(shown == 17, "17 of الشرق, got %zu", shown);
    sah_libview_move(lv, 5);
    snprintf(was, sizeof was, "%s", base(sah_libview_selected(lv)));
    article("a02");
    CHECK(sah_session_replace_library(s, scan()), "replace");
    CHECK(sah_libview_rows(lv) == shown + 1, "one more of الشرق, got %zu", sah_libview_rows(lv));
    CHECK(sah_libview_sort(lv) == SAH_LIBSORT_TITLE && sah_libview_filter(lv).value &&
              !strcmp(sah_libview_filter(lv).value, "الشرق"),
          "order and filter kept");
    CHECK(!strcmp(base(sah_libview_selected(lv)), was), "still %s, got %s", was,
          base(sah_libview_selected(lv)));

    /* The selected article removed: the first row. */
    snprintf(path, sizeof path, "%s/news/%s", dir, was);
    CHECK(remove(path) == 0, "rm %s", path);
    CHECK(sah_session_replace_library(s, scan()), "replace");
    CHECK(sah_libview_selection(lv) == 0, "the first row, got %zu", sah_libview_selection(lv));

    /* The library's menu open over it: rebuilt (the problems row counts the
     * new library's problems). */
    sah_libmenu_t *m = sah_session_libmenu(s);
    CHECK(sah_libmenu_open(m, SAH_LIBMENU_MAIN, lv), "menu");
    size_t rows = sah_libmenu_rows(m);
    snprintf(path, sizeof path, "%s/news/c99.txt", dir);
    FILE *bin = fopen(path, "w");
    if (bin) {
        fputs("x\001\002\003 binary", bin);
        fclose(bin);
    }
    CHECK(sah_session_replace_library(s, scan()), "replace");
    CHECK(sah_libmenu_mode(m) == SAH_LIBMENU_MAIN && sah_libmenu_rows(m) == rows,
          "the menu still open, %zu rows (was %zu)", sah_libmenu_rows(m), rows);
    CHECK(sah_libmenu_do(m, SAH_ACT_LAST, 0) != SAH_LIBMENU_RES_IGNORED &&
              sah_libmenu_selection(m) == rows - 1 &&
              sah_libmenu_do(m, SAH_ACT_SELECT, 0) == SAH_LIBMENU_RES_CHANGED &&
              sah_libmenu_mode(m) == SAH_LIBMENU_PROBLEMS && sah_libmenu_rows(m) == 1,
          "its problems row lists the new library's one problem");
    CHECK(sah_libmenu_frame(m) != NULL, "drawn");
    sah_session_free(s);

    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm");
    return t_summary("test-libview-replace");
}
