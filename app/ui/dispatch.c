/* dispatch.c - see dispatch.h. */
#include "app/ui/dispatch.h"
#include "app/ui/libnav.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/scroll.h"

/* The lists a finger scrolls: the library, the menu's (bookmarks,
 * contents) and the search screen's results. */
typedef enum { LIST_NONE = 0, LIST_LIBRARY, LIST_MENU, LIST_SEARCH } list_t;

/* A row's actions, as the sheet of a long press offers them. */
enum { ROW_OPEN = 0, ROW_FROM_START, ROW_DELETE };

struct sah_dispatch {
    sah_session_t *ss; /* not owned */
    sah_dispatch_opts_t o;
    sah_gesture_t gesture;
    sah_scroll_t *scroll; /* owned: a finger on a list, and its glide */
    list_t list;          /* the list the scroll moves, LIST_NONE: none */
    bool quit;
    bool repaint;
    double last_input; /* ms: the kiosk's idle time counts from here */
    double now;        /* ms: the event being carried out */
    bool by_touch;     /* it came from a finger (or the mouse): show the keyboard */
    /* The kiosk is as the next visitor finds it (put back by the idle timer,
     * nothing done since): no timer until an input, so the idle kiosk sleeps. */
    bool kiosk_reset;
    sah_toast_t *toast;
    /* The bookmark a message offers to put back (undo), owned. */
    sah_store_bookmark_t undo;
    bool has_undo;
    /* The screen's picture with find's bar or a message over it: drawn
     * again when the screen's serial or theirs changes. */
    sah_pagebuf_t *over;
    uint64_t over_base, over_serial;
    unsigned long over_toast, over_find;
};

sah_dispatch_t *sah_dispatch_new(sah_session_t *s, const sah_dispatch_opts_t *o)
{
    sah_dispatch_t *d = calloc(1, sizeof *d);
    if (!d || !(d->scroll = sah_scroll_new(1))) {
        free(d);
        return NULL;
    }
    d->ss = s;
    d->o = *o;
    if (!(d->toast = sah_toast_new(sah_session_ui(s)))) {
        free(d);
        return NULL;
    }
    /* Kiosk: the settings are locked (the font size stays: the kiosk puts
     * it back itself when idle). */
    sah_menu_set_locked(sah_session_menu(s), o->kiosk);
    return d;
}

static void drop_undo(sah_dispatch_t *d)
{
    free(d->undo.hash);
    free(d->undo.title);
    free(d->undo.snippet);
    free(d->undo.note);
    memset(&d->undo, 0, sizeof d->undo);
    d->has_undo = false;
}

void sah_dispatch_free(sah_dispatch_t *d)
{
    if (!d)
        return;
    sah_scroll_free(d->scroll);
    drop_undo(d);
    sah_toast_free(d->toast);
    sah_pagebuf_free(d->over);
    free(d);
}

const sah_toast_t *sah_dispatch_toast(const sah_dispatch_t *d)
{
    return sah_toast_shown(d->toast) ? d->toast : NULL;
}

sah_screen_t sah_dispatch_screen(const sah_dispatch_t *d)
{
    if (sah_noteview_is_open(sah_session_noteview(d->ss)))
        return SAH_SCREEN_NOTE;
    if (sah_searchview_mode(sah_session_searchview(d->ss)) != SAH_SV_CLOSED_MODE)
        return SAH_SCREEN_SEARCH;
    if (sah_menu_mode(sah_session_menu(d->ss)) != SAH_MENU_MODE_CLOSED)
        return SAH_SCREEN_MENU;
    if (sah_session_in_reader(d->ss))
        return SAH_SCREEN_READER;
    return sah_libmenu_mode(sah_session_libmenu(d->ss)) != SAH_LIBMENU_CLOSED ? SAH_SCREEN_LIBMENU
                                                                              : SAH_SCREEN_LIBRARY;
}

bool sah_dispatch_quit(const sah_dispatch_t *d)
{
    return d->quit;
}

void sah_dispatch_set_quit(sah_dispatch_t *d)
{
    d->quit = true;
}

bool sah_dispatch_take_repaint(sah_dispatch_t *d)
{
    bool r = d->repaint;
    d->repaint = false;
    return r;
}

bool sah_dispatch_open(sah_dispatch_t *d, const char *path)
{
    return sah_session_open_article(d->ss, path);
}

static void to_library(sah_dispatch_t *d)
{
    (void)sah_session_close_article(d->ss); /* logged */
    d->repaint = true;
}

bool sah_dispatch_wants_text(const sah_dispatch_t *d)
{
    sah_screen_t s = sah_dispatch_screen(d);
    return s == SAH_SCREEN_SEARCH || s == SAH_SCREEN_NOTE;
}

static const sah_pagebuf_t *screen_frame(sah_dispatch_t *d, uint64_t *serial)
{
    switch (sah_dispatch_screen(d)) {
    case SAH_SCREEN_SEARCH: {
        sah_searchview_t *sv = sah_session_searchview(d->ss);
        const sah_pagebuf_t *f = sah_searchview_frame(sv);
        *serial = (uint64_t)sah_searchview_serial(sv) * 5 + 3;
        return f;
    }
    case SAH_SCREEN_NOTE: {
        sah_noteview_t *nv = sah_session_noteview(d->ss);
        const sah_pagebuf_t *f = sah_noteview_frame(nv);
        *serial = (uint64_t)sah_noteview_serial(nv) * 5 + 4;
        return f;
    }
    case SAH_SCREEN_READER: {
        sah_reader_t *r = sah_session_reader(d->ss);
        const sah_pagebuf_t *f = sah_reader_frame(r);
        *serial = sah_reader_serial(r) * 5 + 1;
        return f;
    }
    case SAH_SCREEN_MENU: {
        sah_menu_t *m = sah_session_menu(d->ss);
        const sah_pagebuf_t *f = sah_menu_frame(m);
        *serial = (uint64_t)sah_menu_serial(m) * 5 + 2;
        return f;
    }
    case SAH_SCREEN_LIBMENU: {
        /* Serials of its own: the top bit apart from the other screens'. */
        sah_libmenu_t *m = sah_session_libmenu(d->ss);
        const sah_pagebuf_t *f = sah_libmenu_frame(m);
        *serial = (uint64_t)sah_libmenu_serial(m) | (UINT64_C(1) << 63);
        return f;
    }
    default: {
        sah_libview_t *lv = sah_session_libview(d->ss);
        const sah_pagebuf_t *f = sah_libview_frame(lv);
        *serial = (uint64_t)sah_libview_serial(lv) * 5;
        return f;
    }
    }
}

const sah_pagebuf_t *sah_dispatch_frame(sah_dispatch_t *d, uint64_t *serial)
{
    uint64_t base_serial;
    const sah_pagebuf_t *base = screen_frame(d, &base_serial);
    sah_findbar_t *fb = sah_session_findbar(d->ss);
    bool find = sah_dispatch_screen(d) == SAH_SCREEN_READER && sah_findbar_active(fb);
    bool message = sah_toast_shown(d->toast);
    *serial = base_serial;
    if (!base || (!find && !message))
        return base;
    /* Something over the screen: on a copy, so that the screen's own
     * picture (the reader keeps three) stays as it was drawn. */
    unsigned long ts = sah_toast_serial(d->toast), fs = find ? sah_findbar_serial(fb) + 1 : 0;
    if (d->over && d->over_base == base_serial && d->over_toast == ts && d->over_find == fs &&
        sah_pagebuf_width(d->over) == sah_pagebuf_width(base) &&
        sah_pagebuf_height(d->over) == sah_pagebuf_height(base)) {
        *serial = d->over_serial;
        return d->over;
    }
    if (!d->over || sah_pagebuf_width(d->over) != sah_pagebuf_width(base) ||
        sah_pagebuf_height(d->over) != sah_pagebuf_height(base)) {
        sah_pagebuf_free(d->over);
        d->over =
            sah_pagebuf_new(SAH_PIXFMT_ARGB32, sah_pagebuf_width(base), sah_pagebuf_height(base));
    }
    if (!d->over || !sah_pagebuf_copy(d->over, base))
        return base; /* out of memory (logged): the screen without them */
    bool ok = !find || sah_findbar_draw(fb, d->over);
    ok &= !message || sah_toast_draw(d->toast, d->over);
    (void)ok; /* a glyph that failed was logged */
    d->over_base = base_serial;
    d->over_toast = ts;
    d->over_find = fs;
    /* Serials of their own, apart from the screens' (which count up from
     * 0 in steps of 5): the top half of the range. */
    d->over_serial = (d->over_serial + 1) | ((uint64_t)1 << 63);
    *serial = d->over_serial;
    return d->over;
}

static void change_settings(sah_dispatch_t *d, sah_action_t act)
{
    sah_reader_settings_t s;
    sah_reader_settings(sah_session_reader(d->ss), &s);
    if (act == SAH_ACT_FONT_UP)
        s.font_step++;
    else if (act == SAH_ACT_FONT_DOWN)
        s.font_step--;
    else if (act == SAH_ACT_THEME)
        s.theme = (sah_theme_id_t)((s.theme + 1) % SAH_THEME_COUNT);
    (void)sah_session_set_settings(d->ss, &s); /* logged */
}

/* A menu that cannot open (out of memory, logged) leaves the page as it is. */
static void open_menu(sah_dispatch_t *d, sah_menu_mode_t mode)
{
    bool opened = sah_menu_open(sah_session_menu(d->ss), mode, sah_session_reader(d->ss),
                                sah_session_persist(d->ss), sah_session_hash(d->ss));
    (void)opened;
}

/* A short message; @undo (nullable, copied): the bookmark it offers to
 * put back. */
static void toast(sah_dispatch_t *d, const char *key, const sah_store_bookmark_t *undo)
{
    sah_ui_t *ui = sah_session_ui(d->ss);
    drop_undo(d);
    if (undo) {
        d->undo = *undo;
        d->undo.hash = strdup(undo->hash ? undo->hash : "");
        d->undo.title = NULL;
        d->undo.snippet = undo->snippet ? strdup(undo->snippet) : NULL;
        d->undo.note = undo->note ? strdup(undo->note) : NULL;
        d->has_undo =
            d->undo.hash && (!undo->snippet || d->undo.snippet) && (!undo->note || d->undo.note);
        if (!d->has_undo)
            drop_undo(d); /* out of memory: a message without undo */
    }
    sah_toast_show(d->toast, sah_ui_str(ui, key), d->has_undo ? sah_ui_str(ui, "undo") : NULL,
                   d->now, d->has_undo ? SAH_TOAST_UNDO_MS : SAH_TOAST_MS);
}

/* The message's Undo: the bookmark back, with its snippet and note. */
static void undo(sah_dispatch_t *d)
{
    if (!d->has_undo || !sah_toast_has_action(d->toast))
        return;
    if (sah_persist_restore_bookmark(sah_session_persist(d->ss), &d->undo, NULL)) {
        (void)sah_session_reload_bookmarks(d->ss); /* logged */
        toast(d, "bookmark_restored", NULL);
    }
    sah_session_update_notice(d->ss);
}

/* A screen with a field and keys: a message would lie over the keys. */
static void to_field(sah_dispatch_t *d)
{
    sah_toast_hide(d->toast);
    drop_undo(d);
}

/* Find in the open article: the typing screen, with the query it had. */
static void open_find(sah_dispatch_t *d)
{
    to_field(d);
    sah_searchview_open_article(sah_session_searchview(d->ss), sah_session_findbar(d->ss),
                                sah_session_reader(d->ss), d->by_touch);
}

static void open_note(sah_dispatch_t *d)
{
    sah_menu_t *m = sah_session_menu(d->ss);
    size_t i = sah_menu_selection(m);
    int64_t id;
    const char *note = NULL, *snippet = NULL;
    if (sah_menu_bookmark_note(m, i, &id, &note) && sah_menu_bookmark(m, i, NULL, NULL, &snippet)) {
        to_field(d);
        sah_noteview_open(sah_session_noteview(d->ss), id, snippet, note, d->by_touch);
    }
}

static void menu_result(sah_dispatch_t *d, sah_menu_result_t res)
{
    if (res == SAH_MENU_RES_CLOSED)
        (void)sah_session_save_position(d->ss); /* logged */
    else if (res == SAH_MENU_RES_LIBRARY)
        to_library(d);
    else if (res == SAH_MENU_RES_FIND)
        open_find(d);
    else if (res == SAH_MENU_RES_NOTE)
        open_note(d);
    else if (res == SAH_MENU_RES_DELETED)
        toast(d, "bookmark_deleted", sah_menu_deleted(sah_session_menu(d->ss)));
}

/* B or a long press: the page's bookmark added or taken away, and said so;
 * one taken away can be put back. */
static void toggle_bookmark(sah_dispatch_t *d)
{
    sah_reader_t *r = sah_session_reader(d->ss);
    sah_persist_t *p = sah_session_persist(d->ss);
    sah_store_bookmark_t *l = NULL, gone = {0};
    size_t n = 0;
    uint32_t at;
    /* What a removal takes away, read first: its snippet and note. */
    if (sah_reader_page_bookmark(r, &at) &&
        sah_persist_list_bookmarks(p, sah_session_hash(d->ss), &l, &n))
        for (size_t i = 0; i < n; i++)
            if (l[i].offset == at)
                gone = l[i];
    sah_session_bookmark_t res = sah_session_toggle_bookmark(d->ss, NULL); /* logged */
    if (res == SAH_SESSION_BOOKMARK_ADDED)
        toast(d, "bookmark_added", NULL);
    else if (res == SAH_SESSION_BOOKMARK_REMOVED)
        toast(d, "bookmark_removed", gone.hash ? &gone : NULL);
    sah_store_bookmarks_free(l, n);
}

static void reader_do(sah_dispatch_t *d, sah_action_t act)
{
    switch (act) {
    case SAH_ACT_NEXT:
    case SAH_ACT_PREV:
    case SAH_ACT_HOME:
    case SAH_ACT_END:
        (void)sah_session_turn(d->ss, act);
        break;
    case SAH_ACT_FONT_UP:
    case SAH_ACT_FONT_DOWN:
        change_settings(d, act);
        break;
    case SAH_ACT_THEME:
        if (!d->o.kiosk)
            change_settings(d, act);
        break;
    case SAH_ACT_BOOKMARK:
        toggle_bookmark(d);
        break;
    case SAH_ACT_BACK:
        if (sah_findbar_active(sah_session_findbar(d->ss)))
            sah_findbar_close(sah_session_findbar(d->ss)); /* Esc: the bar first */
        else
            to_library(d);
        break;
    case SAH_ACT_FIND:
        open_find(d);
        break;
    case SAH_ACT_FIND_NEXT:
    case SAH_ACT_FIND_PREV:
        if (sah_findbar_step(sah_session_findbar(d->ss), act == SAH_ACT_FIND_NEXT ? 1 : -1))
            (void)sah_session_save_position(d->ss); /* logged */
        break;
    case SAH_ACT_MENU:
        open_menu(d, SAH_MENU_MODE_MAIN);
        break;
    case SAH_ACT_BOOKMARKS:
        open_menu(d, SAH_MENU_MODE_BOOKMARKS);
        break;
    case SAH_ACT_CONTENTS:
        open_menu(d, SAH_MENU_MODE_CONTENTS);
        break;
    case SAH_ACT_GOTO:
        open_menu(d, SAH_MENU_MODE_GOTO);
        break;
    case SAH_ACT_ORIGINAL: {
        sah_reader_t *r = sah_session_reader(d->ss);
        bool switched = sah_reader_set_original(r, !sah_reader_original(r)); /* logged */
        (void)switched;
        break;
    }
    default:
        break;
    }
}

static void library_do(sah_dispatch_t *d, sah_action_t act, int wheel)
{
    sah_libview_t *lv = sah_session_libview(d->ss);
    long rows = (long)sah_libview_rows(lv);
    switch (act) {
    case SAH_ACT_LIBMENU:
    case SAH_ACT_PROBLEMS:
    case SAH_ACT_SORT:
    case SAH_ACT_FILTER:
        sah_libnav_do(sah_session_libmenu(d->ss), lv, act); /* logged */
        break;
    case SAH_ACT_UP:
    case SAH_ACT_DOWN:
        sah_libview_move(lv, act == SAH_ACT_UP ? -1 : 1);
        break;
    case SAH_ACT_PAGE_UP:
    case SAH_ACT_PAGE_DOWN:
        sah_libview_move(lv, act == SAH_ACT_PAGE_UP ? -4 : 4);
        break;
    case SAH_ACT_FIRST:
    case SAH_ACT_LAST:
        sah_libview_move(lv, act == SAH_ACT_FIRST ? -rows : rows);
        break;
    case SAH_ACT_SCROLL:
        sah_libview_scroll(lv, -wheel);
        break;
    case SAH_ACT_SEARCH:
        to_field(d);
        sah_searchview_open_library(sah_session_searchview(d->ss), sah_session_library(d->ss),
                                    sah_session_persist(d->ss), d->by_touch);
        break;
    case SAH_ACT_THEME:
        if (!d->o.kiosk)
            change_settings(d, act);
        break;
    case SAH_ACT_SELECT:
        if (sah_libview_selected(lv)) {
            char *path = strdup(sah_libview_selected(lv));
            if (path && !sah_dispatch_open(d, path))
                fprintf(stderr, "sahifa: %s: cannot open (see above)\n", path);
            free(path);
        }
        break;
    default:
        break;
    }
}

/* ---- the lists under a finger ------------------------------------------ */

/* The sheet of a row's actions open on the current screen, or NULL. */
static sah_sheet_t *open_sheet(sah_dispatch_t *d)
{
    sah_screen_t screen = sah_dispatch_screen(d);
    sah_sheet_t *sh = screen == SAH_SCREEN_LIBRARY ? sah_libview_sheet(sah_session_libview(d->ss))
                      : screen == SAH_SCREEN_MENU  ? sah_menu_sheet(sah_session_menu(d->ss))
                                                   : NULL;
    return sh && sah_sheet_is_open(sh) ? sh : NULL;
}

/* The list a finger moves on the current screen (none under a sheet). */
static list_t current_list(sah_dispatch_t *d)
{
    int c, v;
    if (open_sheet(d))
        return LIST_NONE;
    switch (sah_dispatch_screen(d)) {
    case SAH_SCREEN_LIBRARY:
        return LIST_LIBRARY;
    case SAH_SCREEN_MENU:
        return sah_menu_list_extent(sah_session_menu(d->ss), &c, &v) ? LIST_MENU : LIST_NONE;
    case SAH_SCREEN_SEARCH:
        return sah_searchview_list_extent(sah_session_searchview(d->ss), &c, &v) ? LIST_SEARCH
                                                                                 : LIST_NONE;
    default:
        return LIST_NONE;
    }
}

/* Gives the scroller @l's extent, and its place unless a glide is on (a
 * press then catches the glide where it is). */
static void list_sync(sah_dispatch_t *d, list_t l)
{
    int content = 0, view = 0, off;
    if (l == LIST_LIBRARY) {
        sah_libview_extent(sah_session_libview(d->ss), &content, &view);
        off = sah_libview_scroll_px(sah_session_libview(d->ss));
    } else if (l == LIST_SEARCH) {
        (void)sah_searchview_list_extent(sah_session_searchview(d->ss), &content, &view);
        off = sah_searchview_scroll_px(sah_session_searchview(d->ss));
    } else {
        (void)sah_menu_list_extent(sah_session_menu(d->ss), &content, &view);
        off = sah_menu_scroll_px(sah_session_menu(d->ss));
    }
    sah_scroll_set_extent(d->scroll, content, view);
    if (!sah_scroll_gliding(d->scroll))
        sah_scroll_set_offset(d->scroll, off);
}

/* The scroller's place onto the list. */
static void list_apply(sah_dispatch_t *d)
{
    int off = (int)lround(sah_scroll_offset(d->scroll));
    if (d->list == LIST_LIBRARY)
        (void)sah_libview_set_scroll_px(sah_session_libview(d->ss), off);
    else if (d->list == LIST_MENU)
        (void)sah_menu_set_scroll_px(sah_session_menu(d->ss), off);
    else if (d->list == LIST_SEARCH)
        (void)sah_searchview_set_scroll_px(sah_session_searchview(d->ss), off);
}

static void search_result(sah_dispatch_t *d, sah_sv_result_t res);

/* A long press on the row at (@x, @y): its actions in a sheet (a section
 * of the contents has one: it is jumped to). */
static void row_actions(sah_dispatch_t *d, int x, int y)
{
    static const char *const lib_labels[] = {"open", "read_from_start"};
    static const int lib_ids[] = {ROW_OPEN, ROW_FROM_START};
    static const char *const mark_labels[] = {"open", "delete"};
    static const int mark_ids[] = {ROW_OPEN, ROW_DELETE};
    bool opened = false;
    if (d->list == LIST_SEARCH) {
        /* A result has no other action: held, it opens as tapped. */
        search_result(d, sah_searchview_tap(sah_session_searchview(d->ss), x, y));
        return;
    }
    if (d->list == LIST_LIBRARY) {
        sah_libview_t *lv = sah_session_libview(d->ss);
        long row = sah_libview_hit(lv, x, y);
        if (row < 0 || !sah_libview_select(lv, (size_t)row))
            return;
        opened = sah_sheet_open(sah_libview_sheet(lv), row, sah_libview_title(lv, (size_t)row),
                                lib_labels, lib_ids, 2);
    } else if (d->list == LIST_MENU) {
        sah_menu_t *m = sah_session_menu(d->ss);
        sah_menu_target_t t = sah_menu_hit(m, x, y);
        if (t.item < 0)
            return;
        if (sah_menu_mode(m) != SAH_MENU_MODE_BOOKMARKS) {
            t.part = SAH_MENU_PART_ROW;
            menu_result(d, sah_menu_activate(m, t));
            return;
        }
        const char *snippet = NULL;
        (void)sah_menu_select(m, (size_t)t.item);
        (void)sah_menu_bookmark(m, (size_t)t.item, NULL, NULL, &snippet);
        opened = sah_sheet_open(sah_menu_sheet(m), t.item, snippet, mark_labels, mark_ids, 2);
    }
    (void)opened; /* out of memory: the long press did nothing */
}

/* Action @id of the open sheet @sh (SAH_SHEET_CANCEL closes it). */
static void sheet_run(sah_dispatch_t *d, sah_sheet_t *sh, int id)
{
    long row = sah_sheet_row(sh);
    sah_sheet_close(sh);
    if (id < 0)
        return;
    if (sah_dispatch_screen(d) == SAH_SCREEN_LIBRARY) {
        sah_libview_t *lv = sah_session_libview(d->ss);
        if (row < 0 || !sah_libview_select(lv, (size_t)row))
            return;
        library_do(d, SAH_ACT_SELECT, 0);
        if (id == ROW_FROM_START && sah_dispatch_screen(d) == SAH_SCREEN_READER)
            (void)sah_session_turn(d->ss, SAH_ACT_HOME);
        return;
    }
    sah_menu_target_t t = {(int)row, id == ROW_DELETE ? SAH_MENU_PART_LESS : SAH_MENU_PART_ROW};
    menu_result(d, sah_menu_activate(sah_session_menu(d->ss), t));
}

/* A key on an open sheet: choose, run, cancel. */
static void sheet_key(sah_dispatch_t *d, sah_sheet_t *sh, sah_action_t act)
{
    if (act == SAH_ACT_UP || act == SAH_ACT_DOWN)
        sah_sheet_move(sh, act == SAH_ACT_UP ? -1 : 1);
    else if (act == SAH_ACT_SELECT)
        sheet_run(d, sh, sah_sheet_selected(sh));
    else if (act == SAH_ACT_BACK)
        sah_sheet_close(sh);
}

/* A result chosen on the search screen: the library's opens the article
 * at its first hit, with find's bar over it; the article's shows its hit. */
static void search_result(sah_dispatch_t *d, sah_sv_result_t res)
{
    sah_searchview_t *sv = sah_session_searchview(d->ss);
    sah_findbar_t *fb = sah_session_findbar(d->ss);
    if (res != SAH_SV_CHOSEN)
        return;
    if (sah_searchview_mode(sv) == SAH_SV_ARTICLE) {
        size_t hit = sah_searchview_chosen_hit(sv);
        sah_searchview_close(sv);
        if (sah_findbar_show(fb, hit))
            (void)sah_session_save_position(d->ss); /* logged */
        return;
    }
    char *path = strdup(sah_searchview_chosen_path(sv));
    char *query = strdup(sah_searchview_query(sv));
    if (path && query && sah_dispatch_open(d, path)) {
        sah_searchview_close(sv);
        /* The same words in the article: the library's index and find
         * fold alike (fold.h), so the article has them. */
        if (sah_findbar_set_query(fb, sah_session_reader(d->ss), query) && sah_findbar_show(fb, 0))
            (void)sah_session_save_position(d->ss); /* logged */
    } else if (path) {
        fprintf(stderr, "sahifa: %s: cannot open (see above)\n", path);
    }
    free(path);
    free(query);
}

static void note_result(sah_dispatch_t *d, sah_nv_result_t res)
{
    sah_noteview_t *nv = sah_session_noteview(d->ss);
    if (res != SAH_NV_SAVE)
        return;
    if (sah_persist_set_bookmark_note(sah_session_persist(d->ss), sah_noteview_id(nv),
                                      sah_noteview_text(nv))) {
        (void)sah_menu_reload(sah_session_menu(d->ss)); /* logged */
        toast(d, sah_noteview_text(nv)[0] ? "note_saved" : "note_removed", NULL);
    }
    sah_session_update_notice(d->ss);
}

/* The kiosk's quit: all of Ctrl, Alt and Shift with Q, not one stray key. */
static bool kiosk_chord(const sah_ui_event_t *ev)
{
    return ev->type == SAH_UI_EV_KEY && ev->key == SAH_UI_KEY_Q &&
           ev->mods == (SAH_UI_MOD_CTRL | SAH_UI_MOD_ALT | SAH_UI_MOD_SHIFT);
}

/* What @input means on the current screen, and doing it. @ev: the event it
 * came from (its digit, its wheel, where a tap fell). */
static void act_on(sah_dispatch_t *d, sah_ui_key_t input, const sah_ui_event_t *ev)
{
    sah_screen_t screen = sah_dispatch_screen(d);
    sah_menu_t *menu = sah_session_menu(d->ss);
    sah_sheet_t *sheet = open_sheet(d);
    sah_ui_at_t at = sheet                                                      ? SAH_UI_AT_SHEET
                     : screen == SAH_SCREEN_MENU                                ? sah_menu_at(menu)
                     : screen == SAH_SCREEN_READER                              ? SAH_UI_AT_READER
                     : screen == SAH_SCREEN_SEARCH || screen == SAH_SCREEN_NOTE ? SAH_UI_AT_FIELD
                     : screen == SAH_SCREEN_LIBMENU                             ? SAH_UI_AT_LIBMENU
                                                                                : SAH_UI_AT_LIBRARY;
    /* The page turns with the article's direction; the menus and the list
     * with the UI's (the library's Left is fixed in the table). */
    bool rtl = screen == SAH_SCREEN_READER ? sah_reader_rtl(sah_session_reader(d->ss))
                                           : sah_ui_rtl(sah_session_ui(d->ss));
    sah_action_t act = sah_input_action(at, input, ev->mods, rtl);
    if (act == SAH_ACT_QUIT) {
        if (!d->o.kiosk || kiosk_chord(ev))
            d->quit = true;
        return;
    }
    if (act == SAH_ACT_FULLSCREEN) {
        if (!d->o.kiosk && d->o.fullscreen)
            d->o.fullscreen(d->o.data);
        return;
    }
    if (act == SAH_ACT_UNDO) {
        undo(d);
        return;
    }
    if (sheet)
        sheet_key(d, sheet, act);
    else if (screen == SAH_SCREEN_SEARCH)
        search_result(d, sah_searchview_do(sah_session_searchview(d->ss), act, ev->wheel));
    else if (screen == SAH_SCREEN_NOTE)
        note_result(d, sah_noteview_do(sah_session_noteview(d->ss), act));
    else if (screen == SAH_SCREEN_MENU)
        menu_result(d, sah_menu_do(menu, act, ev->digit));
    else if (screen == SAH_SCREEN_LIBMENU)
        (void)sah_libmenu_do(sah_session_libmenu(d->ss), act, ev->wheel);
    else if (screen == SAH_SCREEN_READER)
        reader_do(d, act);
    else
        library_do(d, act, ev->wheel);
}

static int min_swipe(const sah_dispatch_t *d)
{
    return sah_ui_px(sah_session_ui(d->ss), 60);
}

/* A tap on the message: its action, or it goes. True when it was on it. */
static bool toast_tap(sah_dispatch_t *d, int x, int y)
{
    int w, h;
    sah_session_size(d->ss, &w, &h);
    if (!sah_toast_inside(d->toast, w, h, x, y))
        return false;
    sah_box_t a;
    if (sah_toast_action_box(d->toast, w, h, &a) && sah_box_inside(a, x, y))
        undo(d);
    else
        sah_toast_hide(d->toast);
    return true;
}

/* A tap on find's bar over the reader. True when it was on it. */
static bool findbar_tap(sah_dispatch_t *d, int x, int y)
{
    sah_findbar_t *fb = sah_session_findbar(d->ss);
    int w, h;
    sah_session_size(d->ss, &w, &h);
    switch (sah_findbar_hit_test(fb, w, h, x, y)) {
    case SAH_FINDBAR_NEXT:
    case SAH_FINDBAR_PREV:
        reader_do(d, sah_findbar_hit_test(fb, w, h, x, y) == SAH_FINDBAR_NEXT ? SAH_ACT_FIND_NEXT
                                                                              : SAH_ACT_FIND_PREV);
        return true;
    case SAH_FINDBAR_CLOSE:
        sah_findbar_close(fb);
        return true;
    case SAH_FINDBAR_EDIT:
        open_find(d);
        return true;
    default:
        /* The rest of the bar is the bar: no page turns under it. */
        return sah_findbar_active(fb) && y >= h - sah_findbar_height(sah_session_ui(d->ss));
    }
}

/* A press on a list: a drag (and glide) moves it, a tap opens the row, a
 * long press released without the timer shows its actions. */
static void list_up(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    sah_scroll_kind_t k = sah_scroll_up(d->scroll, ev->x, ev->y, ev->t_ms);
    list_apply(d);
    if (k == SAH_SCROLL_LONG_PRESS) {
        row_actions(d, d->gesture.x0, d->gesture.y0);
    } else if (k == SAH_SCROLL_TAP && sah_toast_shown(d->toast) && toast_tap(d, ev->x, ev->y)) {
        /* the message took it */
    } else if (k == SAH_SCROLL_TAP && d->list == LIST_SEARCH) {
        search_result(d, sah_searchview_tap(sah_session_searchview(d->ss), ev->x, ev->y));
    } else if (k == SAH_SCROLL_TAP && d->list == LIST_MENU) {
        menu_result(d, sah_menu_tap(sah_session_menu(d->ss), ev->x, ev->y));
    } else if (k == SAH_SCROLL_TAP) {
        sah_libview_t *lv = sah_session_libview(d->ss);
        if (sah_libview_rows(lv) && sah_box_inside(sah_libview_search_box(lv), ev->x, ev->y)) {
            library_do(d, SAH_ACT_SEARCH, 0);
            return;
        }
        long row = sah_libview_hit(lv, ev->x, ev->y);
        if (row < 0 && sah_libview_in_header(lv, ev->y)) {
            /* the rest of the header: the library's menu */
            sah_libnav_do(sah_session_libmenu(d->ss), lv, SAH_ACT_LIBMENU);
            return;
        }
        if (row >= 0 && sah_libview_select(lv, (size_t)row))
            library_do(d, SAH_ACT_SELECT, 0);
    }
}

static void pointer_down(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    sah_gesture_down(&d->gesture, ev->x, ev->y, ev->t_ms);
    list_t l = current_list(d);
    /* On the search screen only the results move; the field, the back
     * button and the keyboard keep their taps (pointer_up()). */
    if (l == LIST_SEARCH && !sah_searchview_in_list(sah_session_searchview(d->ss), ev->x, ev->y))
        l = LIST_NONE;
    if (l != d->list)
        sah_scroll_stop(d->scroll);
    d->list = l;
    if (l == LIST_NONE)
        return;
    /* A finger's wobble is a few px of the panel at any scale. */
    sah_scroll_set_slop(d->scroll, sah_ui_px(sah_session_ui(d->ss), 12));
    list_sync(d, l);
    sah_scroll_down(d->scroll, ev->x, ev->y, ev->t_ms);
}

static void pointer_up(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    if (d->list != LIST_NONE && sah_scroll_pressed(d->scroll)) {
        (void)sah_gesture_up(&d->gesture, ev->x, ev->y, ev->t_ms, min_swipe(d));
        list_up(d, ev);
        return;
    }
    sah_gesture_kind_t k = sah_gesture_up(&d->gesture, ev->x, ev->y, ev->t_ms, min_swipe(d));
    bool tap = k == SAH_GESTURE_TAP || k == SAH_GESTURE_LONG_PRESS;
    if (tap && sah_toast_shown(d->toast) && toast_tap(d, ev->x, ev->y))
        return;
    sah_sheet_t *sheet = open_sheet(d);
    if (sheet) {
        /* The sheet is hit by where a finger falls; outside it, cancelled. */
        int w, h;
        sah_session_size(d->ss, &w, &h);
        int id =
            tap ? sah_sheet_hit(sheet, sah_session_ui(d->ss), w, h, ev->x, ev->y) : SAH_SHEET_NONE;
        if (id != SAH_SHEET_NONE)
            sheet_run(d, sheet, id);
        return;
    }
    switch (sah_dispatch_screen(d)) {
    case SAH_SCREEN_SEARCH:
        if (tap)
            search_result(d, sah_searchview_tap(sah_session_searchview(d->ss), ev->x, ev->y));
        return;
    case SAH_SCREEN_NOTE:
        if (tap)
            note_result(d, sah_noteview_tap(sah_session_noteview(d->ss), ev->x, ev->y));
        return;
    case SAH_SCREEN_READER:
        if (tap && findbar_tap(d, ev->x, ev->y))
            return;
        break;
    case SAH_SCREEN_MENU:
        /* The menus are hit by where a finger falls, not by the table. */
        if (tap)
            menu_result(d, sah_menu_tap(sah_session_menu(d->ss), ev->x, ev->y));
        return;
    case SAH_SCREEN_LIBMENU:
        if (tap)
            (void)sah_libmenu_tap(sah_session_libmenu(d->ss), ev->x, ev->y);
        return;
    case SAH_SCREEN_LIBRARY:
        return; /* a list: list_up() */
    default:
        break;
    }
    int w, h;
    sah_session_size(d->ss, &w, &h);
    sah_ui_event_t g = *ev;
    g.mods = 0;
    act_on(d, sah_gesture_input(k, &d->gesture, w), &g);
}

void sah_dispatch_event(sah_dispatch_t *d, const sah_ui_event_t *ev)
{
    if (ev->type == SAH_UI_EV_KEY || ev->type == SAH_UI_EV_POINTER_UP ||
        ev->type == SAH_UI_EV_WHEEL || ev->type == SAH_UI_EV_TEXT) {
        d->last_input = ev->t_ms;
        d->kiosk_reset = false;
    }
    /* A key or the wheel moves the list itself: a glide stops there. */
    if (ev->type == SAH_UI_EV_KEY || ev->type == SAH_UI_EV_WHEEL)
        sah_scroll_stop(d->scroll);
    d->now = ev->t_ms;
    if (ev->type == SAH_UI_EV_KEY || ev->type == SAH_UI_EV_TEXT)
        d->by_touch = false;
    else if (ev->type == SAH_UI_EV_POINTER_UP)
        d->by_touch = true;
    switch (ev->type) {
    case SAH_UI_EV_KEY:
        act_on(d, ev->key, ev);
        break;
    case SAH_UI_EV_TEXT:
        if (sah_dispatch_screen(d) == SAH_SCREEN_SEARCH)
            search_result(d, sah_searchview_text(sah_session_searchview(d->ss), ev->text));
        else if (sah_dispatch_screen(d) == SAH_SCREEN_NOTE)
            (void)sah_noteview_text_input(sah_session_noteview(d->ss), ev->text);
        break;
    case SAH_UI_EV_POINTER_DOWN:
        pointer_down(d, ev);
        break;
    case SAH_UI_EV_POINTER_MOVE:
        sah_gesture_move(&d->gesture, ev->x, ev->y);
        if (d->list != LIST_NONE && sah_scroll_move(d->scroll, ev->x, ev->y, ev->t_ms))
            list_apply(d);
        break;
    case SAH_UI_EV_POINTER_UP:
        pointer_up(d, ev);
        break;
    case SAH_UI_EV_WHEEL:
        if (ev->wheel) {
            sah_ui_event_t w = *ev;
            w.mods = 0;
            act_on(d, ev->wheel > 0 ? SAH_UI_IN_WHEEL_UP : SAH_UI_IN_WHEEL_DOWN, &w);
        }
        break;
    default:
        break;
    }
}

void sah_dispatch_touch(sah_dispatch_t *d, double now_ms)
{
    d->last_input = now_ms;
    d->kiosk_reset = false;
}

static int hold_in(const sah_dispatch_t *d, double now_ms)
{
    if (sah_dispatch_screen(d) != SAH_SCREEN_READER)
        return -1;
    return sah_gesture_long_press_in(&d->gesture, now_ms, min_swipe(d));
}

/* The earlier of two wake-ups (-1: none). */
static int sooner(int a, int b)
{
    return a < 0 ? b : b < 0 || a < b ? a : b;
}

int sah_dispatch_wake_in(const sah_dispatch_t *d, double now_ms)
{
    int t = hold_in(d, now_ms);
    if (d->list != LIST_NONE)
        t = sooner(t, sah_scroll_long_press_in(d->scroll, now_ms));
    /* A glide's frames; none once it is still, so an idle app sleeps. */
    t = sooner(t, sah_scroll_wake_in(d->scroll, now_ms));
    t = sooner(t, sah_toast_due_in(d->toast, now_ms));
    if (d->o.kiosk && !d->kiosk_reset) {
        double left = d->last_input + d->o.idle_ms - now_ms;
        int k = left > 0 ? (int)left + 1 : 0;
        t = t < 0 || k < t ? k : t;
    }
    return t;
}

/* A kiosk nobody touched: the library at its top, the default font size. */
static void kiosk_idle(sah_dispatch_t *d)
{
    sah_reader_settings_t s;
    sah_reader_settings(sah_session_reader(d->ss), &s);
    s.font_step = ((sah_reader_settings_t)SAH_READER_SETTINGS_INIT).font_step;
    (void)sah_session_set_settings(d->ss, &s); /* logged */
    /* What the last reader typed goes too: a query, a note unsaved. */
    sah_searchview_forget(sah_session_searchview(d->ss));
    sah_noteview_close(sah_session_noteview(d->ss));
    sah_toast_hide(d->toast);
    drop_undo(d);
    if (sah_dispatch_screen(d) != SAH_SCREEN_LIBRARY)
        to_library(d);
    /* The next visitor finds the library as the kiosk starts: every
     * article in the bundles' order, its menu closed. */
    sah_libmenu_close(sah_session_libmenu(d->ss));
    sah_libview_t *lv = sah_session_libview(d->ss);
    if ((sah_libview_sort(lv) != SAH_LIBSORT_SHELF ||
         sah_libview_filter(lv).kind != SAH_LIBFILTER_ALL) &&
        !sah_libview_set_order(lv, SAH_LIBSORT_SHELF, NULL))
        fprintf(stderr, "sahifa: library: out of memory\n"); /* the order stays as it was */
    sah_libview_move(lv, -(long)sah_libview_rows(lv));
}

bool sah_dispatch_timer(sah_dispatch_t *d, double now_ms)
{
    d->now = now_ms;
    if (sah_toast_expire(d->toast, now_ms))
        drop_undo(d); /* the message went: nothing to undo any more */
    /* The screen changed under a glide (a press still down is its own:
     * its release ends it). */
    if (d->list != LIST_NONE && !sah_scroll_pressed(d->scroll) && current_list(d) != d->list) {
        sah_scroll_stop(d->scroll);
        d->list = LIST_NONE;
    }
    if (d->list != LIST_NONE && sah_scroll_fire_long_press(d->scroll, now_ms)) {
        sah_dispatch_touch(d, now_ms);
        row_actions(d, d->gesture.x0, d->gesture.y0);
        return true;
    }
    if (d->list != LIST_NONE && sah_scroll_gliding(d->scroll) && sah_scroll_step(d->scroll, now_ms))
        list_apply(d);
    if (sah_dispatch_screen(d) == SAH_SCREEN_READER &&
        sah_gesture_fire_long_press(&d->gesture, now_ms, min_swipe(d))) {
        sah_dispatch_touch(d, now_ms);
        d->by_touch = true;
        sah_ui_event_t ev = {0};
        act_on(d, SAH_UI_IN_LONG_PRESS, &ev);
        return true;
    }
    if (d->o.kiosk && !d->kiosk_reset && now_ms - d->last_input >= d->o.idle_ms) {
        kiosk_idle(d);
        d->kiosk_reset = true;
    }
    return false;
}
