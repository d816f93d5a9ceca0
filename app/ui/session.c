/*
 * session.c - see session.h.
 */
#include "app/ui/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/content/article.h"
#include "app/content/open.h"
#include "app/content/sitelines.h"
#include "app/store/store.h"
#include "fonts/fontchain.h"

/* The store bounds offsets by the longest article it can be asked about. */
_Static_assert(SAH_STORE_OFFSET_MAX == SAH_ARTICLE_MAX_BYTES, "one limit for offsets");

struct sah_session {
    sah_ui_t *ui;             /* owned */
    sah_persist_t *persist;   /* owned */
    sah_library_t *lib;       /* owned, nullable: no library screen yet */
    sah_libview_t *libview;   /* owned */
    sah_reader_t *reader;     /* owned */
    sah_menu_t *menu;         /* owned: over the reader */
    sah_searchview_t *search; /* owned: over the library or the reader */
    sah_findbar_t *find;      /* owned: find in the open article */
    sah_noteview_t *note;     /* owned: over the bookmarks list */
    sah_libmenu_t *libmenu;   /* owned: over the library */
    bool in_reader;
    int width, height; /* the size every screen is laid out at */
    bool torn;         /* a failed resize left the screens at other sizes */
    char hash[65];     /* the open article's identity, "" on the library */
    /* The open article's identity is being computed after its first page
     * (hash ""): no place is saved or looked up, no bookmark shown, until
     * it is known. */
    bool id_pending;
    uint32_t opened_at; /* the reader's offset at the open: not moved since */
    /* The site lines of the last bundle an article was opened from, owned,
     * nullable: built once per bundle (sitelines.h). */
    sah_sitelines_t *site;
};

static bool chain_usable(const char *spec)
{
    sah_fontchain_t *c = sah_fontchain_new(spec, 16);
    sah_fontchain_free(c);
    return c != NULL;
}

/*
 * The article's fonts: @spec when it makes a chain (one line per missing
 * font is logged by the chain), else the default chain with a notice on the
 * screens and one line on stderr. A family that is not installed (a typo in
 * `fonts =`, --fonts or SAHIFA_FONTS) would otherwise make every article
 * fail to open, and a kiosk show nothing to read.
 * Returns: (transfer none) @spec, or a spec of the default chain.
 */
static const char *usable_fonts(sah_ui_t *ui, const char *spec)
{
    const char *env = getenv("SAHIFA_FONTS");
    bool is_default = !strcmp(spec, "default");
    if (is_default && !(env && *env && strcmp(env, "default") != 0))
        return spec; /* the built-in chain: nothing to fall back to */
    if (chain_usable(spec))
        return spec;
    /* "default" is SAHIFA_FONTS when set; SAH_FONTCHAIN_DEFAULT, spelled
     * out, is the built-in chain whatever the environment says. */
    const char *fallback = !is_default && chain_usable("default") ? "default" : NULL;
    if (!fallback && chain_usable(SAH_FONTCHAIN_DEFAULT))
        fallback = SAH_FONTCHAIN_DEFAULT;
    if (!fallback)
        return spec; /* nothing better: opening an article says why */
    const char *named = is_default ? env : spec;
    char notice[512];
    fprintf(stderr, "sahifa: fonts \"%s\": no usable font; the default fonts are used\n", named);
    sah_ui_format(notice, sizeof notice, sah_ui_str(ui, "notice_fonts_missing"), named, NULL, NULL);
    (void)sah_ui_add_notice(ui, notice); /* logged */
    return fallback;
}

/* The UI string of each persist health (persist.h); NULL: no notice. */
static const char *const notice_keys[] = {
    [SAH_PERSIST_SAVING] = NULL,
    [SAH_PERSIST_LOCKED] = "notice_locked",
    [SAH_PERSIST_READONLY] = "notice_readonly",
    [SAH_PERSIST_FULL] = "notice_full",
    [SAH_PERSIST_DISK_ERROR] = "notice_disk_error",
    [SAH_PERSIST_NEWER] = "notice_newer",
    [SAH_PERSIST_DAMAGED] = "notice_damaged",
    [SAH_PERSIST_RECOVERED] = "notice_recovered",
};

void sah_session_update_notice(sah_session_t *s)
{
    sah_persist_health_t h = sah_persist_health(s->persist);
    const char *key = (size_t)h < sizeof notice_keys / sizeof *notice_keys ? notice_keys[h] : NULL;
    (void)sah_ui_set_notice(s->ui, "saving", key ? sah_ui_str(s->ui, key) : NULL); /* logged */
}

static void identity_found(void *session);

sah_session_t *sah_session_new(const sah_session_opts_t *o)
{
    sah_session_t *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "sahifa: out of memory starting the reader\n");
        return NULL;
    }
    s->width = o->width;
    s->height = o->height;
    s->ui = sah_ui_new(o->lang, sah_ui_scale_for(o->width, o->height));
    s->persist = s->ui ? sah_persist_new_store(o->state_dir) : NULL;
    if (!s->persist)
        goto fail;
    sah_reader_settings_t set;
    sah_menu_settings_load(s->persist, &set);
    if (o->digits >= 0)
        set.digits = (sah_digits_t)o->digits;
    if (o->kashida >= 0)
        set.kashida = (sah_kashida_t)o->kashida;
    const char *fonts = usable_fonts(s->ui, o->fonts ? o->fonts : "default");
    /* The reader refuses a screen it cannot draw for: then nothing else is
     * allocated at that size. */
    if (!(s->reader = sah_reader_new(s->ui, fonts, o->width, o->height, &set)))
        goto fail;
    sah_reader_on_identity(s->reader, identity_found, s);
    s->libview = sah_libview_new(s->ui, o->width, o->height);
    s->menu = sah_menu_new(s->ui, o->width, o->height);
    s->search = sah_searchview_new(s->ui, o->width, o->height);
    s->find = sah_findbar_new(s->ui);
    s->note = sah_noteview_new(s->ui, o->width, o->height);
    s->libmenu = sah_libmenu_new(s->ui, o->width, o->height);
    if (!s->reader || !s->libview || !s->menu || !s->search || !s->find || !s->note || !s->libmenu)
        goto fail;
    sah_libview_set_theme(s->libview, sah_reader_theme(set.theme));
    sah_searchview_set_theme(s->search, sah_reader_theme(set.theme));
    sah_noteview_set_theme(s->note, sah_reader_theme(set.theme));
    sah_libmenu_set_theme(s->libmenu, sah_reader_theme(set.theme));
    sah_session_update_notice(s);
    return s;
fail:
    sah_session_free(s);
    return NULL;
}

void sah_session_free(sah_session_t *s)
{
    if (!s)
        return;
    if (s->persist)
        (void)sah_session_suspend(s);
    sah_menu_free(s->menu);
    sah_libmenu_free(s->libmenu);
    sah_noteview_free(s->note);
    sah_searchview_free(s->search);
    sah_findbar_free(s->find); /* refers to the reader's article: first */
    sah_reader_free(s->reader);
    sah_libview_free(s->libview); /* reads the library and the persist: first */
    sah_library_free(s->lib);
    sah_persist_free(s->persist);
    sah_ui_free(s->ui);
    sah_sitelines_free(s->site);
    free(s);
}

sah_ui_t *sah_session_ui(sah_session_t *s)
{
    return s->ui;
}

sah_persist_t *sah_session_persist(sah_session_t *s)
{
    return s->persist;
}

sah_reader_t *sah_session_reader(sah_session_t *s)
{
    return s->reader;
}

sah_libview_t *sah_session_libview(sah_session_t *s)
{
    return s->libview;
}

sah_menu_t *sah_session_menu(sah_session_t *s)
{
    return s->menu;
}

sah_searchview_t *sah_session_searchview(sah_session_t *s)
{
    return s->search;
}

sah_findbar_t *sah_session_findbar(sah_session_t *s)
{
    return s->find;
}

sah_noteview_t *sah_session_noteview(sah_session_t *s)
{
    return s->note;
}

sah_library_t *sah_session_library(sah_session_t *s)
{
    return s->lib;
}

sah_libmenu_t *sah_session_libmenu(sah_session_t *s)
{
    return s->libmenu;
}

bool sah_session_set_library(sah_session_t *s, sah_library_t *lib, const char *hint)
{
    if (!sah_libview_set_library(s->libview, lib, s->persist, hint)) {
        sah_library_free(lib);
        return false;
    }
    /* The view now reads @lib: the old one may go. */
    sah_library_free(s->lib);
    s->lib = lib;
    return true;
}

bool sah_session_replace_library(sah_session_t *s, sah_library_t *lib)
{
    if (!sah_libview_replace_library(s->libview, lib)) {
        sah_library_free(lib);
        return false;
    }
    sah_library_free(s->lib); /* the reader holds its article's own text */
    s->lib = lib;
    /* The library's menu open over it: its rows from the new library. */
    sah_libmenu_mode_t mode = sah_libmenu_mode(s->libmenu);
    if (mode != SAH_LIBMENU_CLOSED && !sah_libmenu_open(s->libmenu, mode, s->libview))
        return false; /* logged; the menu closed */
    return true;
}

bool sah_session_in_reader(const sah_session_t *s)
{
    return s->in_reader;
}

static void settle_identity(sah_session_t *s);

const char *sah_session_hash(sah_session_t *s)
{
    settle_identity(s); /* asked for it: now */
    return s->hash;
}

/* The reader's ribbons, from the store. */
static bool load_bookmarks(sah_session_t *s)
{
    sah_store_bookmark_t *l;
    size_t n;
    if (!sah_persist_list_bookmarks(s->persist, s->hash, &l, &n))
        return false;
    uint32_t *offs = malloc((n ? n : 1) * sizeof *offs);
    size_t m = 0;
    const sah_article_t *a = sah_reader_article(s->reader);
    size_t len = sah_article_source_length(a);
    /* A mark past the source's end (imported for another text with the
     * same hash, or by hand) has no page: shown on the last page, B there
     * would take it away unseen. The store's places are in the file as
     * read (a web page's source: article.h); the reader's, in the text. */
    for (size_t i = 0; offs && i < n; i++)
        if ((size_t)l[i].offset <= len) /* 0..SAH_STORE_OFFSET_MAX (persist.h) */
            offs[m++] = (uint32_t)sah_article_text_offset(a, (size_t)l[i].offset);
    bool ok = offs && sah_reader_set_bookmarks(s->reader, offs, m);
    if (!ok)
        fprintf(stderr, "sahifa: out of memory showing bookmarks\n");
    free(offs);
    sah_store_bookmarks_free(l, n);
    return ok;
}

bool sah_session_reload_bookmarks(sah_session_t *s)
{
    if (!s->in_reader)
        return true;
    bool ok = load_bookmarks(s);
    return sah_menu_reload(s->menu) && ok;
}

/* A file that could not be opened: why, in the band across the top of
 * the screens (ui.h), until another article opens. */
static void cannot_open(sah_session_t *s, const char *path, sah_article_status_t st)
{
    static const char *const why[] = {
        [SAH_ARTICLE_ERR_IO] = "why_io",
        [SAH_ARTICLE_ERR_EMPTY] = "why_empty",
        [SAH_ARTICLE_ERR_TOO_LARGE] = "why_too_large",
        [SAH_ARTICLE_ERR_BINARY] = "why_binary",
        [SAH_ARTICLE_ERR_ENCODING] = "why_encoding",
    };
    if (st == SAH_ARTICLE_ERR_NOMEM || (size_t)st >= sizeof why / sizeof *why || !why[st])
        return;
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char text[1024]; /* sah_ui_format() isolates the name: its direction is its own */
    sah_ui_format(text, sizeof text, sah_ui_str(s->ui, "notice_cannot_open"), name,
                  sah_ui_str(s->ui, why[st]), NULL);
    (void)sah_ui_set_notice(s->ui, "open", text); /* logged */
}

/* Whether @a and @b describe the same version of a file. */
static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The identity of @art, read from @path while it was @before, when the
 * library's cache knows the file as it still is: no hash of the text. */
static bool identity_from_library(sah_session_t *s, const char *path, const struct stat *before,
                                  sah_article_t *art)
{
    struct stat after;
    char hex[65];
    /* Unchanged from before the read to after it: the bytes read are the
     * ones the cache's size and time describe. */
    if (!s->lib || stat(path, &after) != 0 || !same_file(before, &after) ||
        !sah_library_known_identity(
            s->lib, path, (uint64_t)after.st_size,
            (int64_t)after.st_mtim.tv_sec * 1000000000 + after.st_mtim.tv_nsec, hex))
        return false;
    sah_article_set_identity(art, hex);
    return true;
}

/* The open article's identity is known: its saved place (unless the reader
 * has moved since the open: the newest choice wins), its bookmarks, and
 * the place saved, as an open with the identity known does at once. */
static void identity_known(sah_session_t *s)
{
    const sah_article_t *a = sah_reader_article(s->reader);
    uint32_t off = 0;
    s->id_pending = false;
    /* A head whose whole parse failed (logged) has none: nothing is kept
     * under a wrong key. */
    if (!sah_article_identity_known(a)) {
        s->hash[0] = 0;
        return;
    }
    snprintf(s->hash, sizeof s->hash, "%s", sah_article_meta(a)->hash);
    if (sah_reader_offset(s->reader) == s->opened_at &&
        sah_persist_get_position(s->persist, s->hash, &off, NULL) &&
        off <= sah_article_source_length(a) && off > 0)
        (void)sah_reader_goto_offset(s->reader, (uint32_t)sah_article_text_offset(a, off));
    /* Without ribbons the article still reads; the failure is logged. */
    (void)load_bookmarks(s);
    (void)sah_menu_reload(s->menu);
    (void)sah_session_save_position(s);
}

/* The reader's idle step found the identity (sah_reader_on_identity()). */
static void identity_found(void *session)
{
    sah_session_t *s = session;
    if (s->in_reader && s->id_pending)
        identity_known(s);
}

/* The rest of the identity now: something is to be saved under it. */
static void settle_identity(sah_session_t *s)
{
    if (!s->in_reader || !s->id_pending)
        return;
    sah_reader_finish_identity(s->reader);
    identity_known(s);
}

bool sah_session_open_article(sah_session_t *s, const char *path)
{
    /* The place in a long article whose identity was still being found
     * is saved under it before another one opens. */
    settle_identity(s);
    /* Find's hits point into the article that goes. */
    sah_findbar_close(s->find);
    /* An EPUB's articles are not a bundle's text: no site lines. */
    if (!sah_open_is_epub(path))
        s->site = sah_sitelines_for_article(path, s->site);
    struct stat before;
    bool stated = s->lib && stat(path, &before) == 0;
    sah_article_status_t st = SAH_ARTICLE_OK;
    sah_article_rest_t *rest;
    sah_article_t *art = sah_open_article_head(path, s->site, &st, &rest);
    if (!art) {
        cannot_open(s, path, st); /* the reason on the screen; the loader logged it */
        return false;
    }
    (void)sah_ui_set_notice(s->ui, "open", NULL);
    /* The whole-file hash is kept off the way to page 1: a file the
     * library knows unchanged has its identity from the cache; a short one
     * is hashed now (its saved place opens at once, as a screenshot shows
     * it); a long one after its first page, in the reader's idle steps. */
    if (!sah_article_identity_known(art) &&
        !(stated && identity_from_library(s, path, &before, art)))
        (void)sah_article_identity_step(art, SAH_SESSION_ID_NOW_BYTES);
    bool known = sah_article_identity_known(art);
    char hash[sizeof s->hash];
    uint32_t off = 0;
    snprintf(hash, sizeof hash, "%s", known ? sah_article_meta(art)->hash : "");
    /* No saved place (or a store that cannot say) is the first page; so is
     * one past the text's end, which marks no text of this article. */
    if (!known || !sah_persist_get_position(s->persist, hash, &off, NULL) ||
        off > sah_article_source_length(art))
        off = 0;
    off = (uint32_t)sah_article_text_offset(art, off);
    if (!sah_reader_open_head(s->reader, art, rest, path, off))
        return false;
    memcpy(s->hash, hash, sizeof hash);
    s->in_reader = true;
    s->id_pending = !known;
    s->opened_at = sah_reader_offset(s->reader);
    if (!known)
        return true; /* the reader shows no bookmarks until it is known */
    /* Without ribbons the article still reads; the failure is logged. */
    (void)load_bookmarks(s);
    (void)sah_session_save_position(s);
    return true;
}

bool sah_session_save_position(sah_session_t *s)
{
    /* Never under a wrong key: not before the identity is known. */
    if (!s->in_reader || !sah_reader_has_article(s->reader) || s->id_pending || !s->hash[0])
        return true;
    const sah_article_t *a = sah_reader_article(s->reader);
    const sah_article_meta_t *m = sah_article_meta(a);
    uint32_t at = (uint32_t)sah_article_source_offset(a, sah_reader_offset(s->reader));
    bool ok = sah_persist_set_position(s->persist, m->hash, sah_reader_path(s->reader), m->title,
                                       at, sah_reader_fraction(s->reader));
    sah_session_update_notice(s);
    return ok;
}

bool sah_session_suspend(sah_session_t *s)
{
    settle_identity(s); /* the place is saved under it */
    bool saved = sah_session_save_position(s);
    saved = sah_persist_flush(s->persist) && saved;
    sah_session_update_notice(s);
    return saved;
}

bool sah_session_tick(sah_session_t *s)
{
    bool ok = sah_persist_tick(s->persist);
    sah_session_update_notice(s);
    return ok;
}

bool sah_session_close_article(sah_session_t *s)
{
    sah_menu_close(s->menu);
    sah_noteview_close(s->note);
    sah_findbar_close(s->find);
    if (sah_searchview_mode(s->search) == SAH_SV_ARTICLE)
        sah_searchview_close(s->search);
    bool ok = sah_session_suspend(s);
    s->in_reader = false;
    sah_reader_ui_digits(s->reader, false); /* the library's numbers: the UI's */
    s->id_pending = false;
    s->hash[0] = '\0';
    if (!sah_libview_refresh(s->libview)) {
        fprintf(stderr, "sahifa: out of memory refreshing the library\n");
        ok = false;
    }
    sah_reader_settings_t set;
    sah_reader_settings(s->reader, &set);
    sah_libview_set_theme(s->libview, sah_reader_theme(set.theme));
    return ok;
}

bool sah_session_turn(sah_session_t *s, sah_action_t act)
{
    if (!s->in_reader || !sah_reader_turn(s->reader, act))
        return false;
    /* A place the store refuses is logged by it; the page has turned. */
    (void)sah_session_save_position(s);
    return true;
}

bool sah_session_set_settings(sah_session_t *s, const sah_reader_settings_t *want)
{
    sah_reader_settings_t old, now;
    sah_reader_settings(s->reader, &old);
    if (!sah_reader_set_settings(s->reader, want))
        return false;
    /* The reader's clamped values are the ones to keep. */
    sah_reader_settings(s->reader, &now);
    sah_libview_set_theme(s->libview, sah_reader_theme(now.theme));
    sah_searchview_set_theme(s->search, sah_reader_theme(now.theme));
    sah_noteview_set_theme(s->note, sah_reader_theme(now.theme));
    sah_libmenu_set_theme(s->libmenu, sah_reader_theme(now.theme));
    bool ok = sah_menu_settings_save(s->persist, &old, &now);
    sah_session_update_notice(s);
    return ok;
}

sah_session_bookmark_t sah_session_toggle_bookmark(sah_session_t *s, int64_t *id)
{
    sah_session_bookmark_t res = SAH_SESSION_BOOKMARK_FAILED;
    int64_t got = 0;
    uint32_t at;
    if (!s->in_reader)
        return res;
    settle_identity(s); /* the mark is saved under it */
    if (sah_reader_page_bookmark(s->reader, &at)) {
        /* One press takes away the page's mark: find its id. */
        sah_store_bookmark_t *l;
        size_t n;
        if (sah_persist_list_bookmarks(s->persist, s->hash, &l, &n)) {
            const sah_article_t *a = sah_reader_article(s->reader);
            for (size_t i = 0; i < n; i++)
                if (sah_article_text_offset(a, (size_t)l[i].offset) == at &&
                    sah_persist_delete_bookmark(s->persist, l[i].id)) {
                    got = l[i].id;
                    res = SAH_SESSION_BOOKMARK_REMOVED;
                }
            sah_store_bookmarks_free(l, n);
        }
    } else {
        uint32_t off = sah_reader_offset(s->reader);
        char *snip = sah_reader_snippet(s->reader, off, 200);
        uint32_t at_src = (uint32_t)sah_article_source_offset(sah_reader_article(s->reader), off);
        if (sah_persist_add_bookmark(s->persist, s->hash, at_src, snip, &got))
            res = SAH_SESSION_BOOKMARK_ADDED;
        else
            fprintf(stderr, "sahifa: the bookmark was not saved\n");
        free(snip);
    }
    (void)load_bookmarks(s);
    sah_session_update_notice(s);
    if (id)
        *id = got;
    return res;
}

/* Every screen at @width x @height; false at the first that refuses. */
static bool resize_all(sah_session_t *s, int width, int height)
{
    return sah_ui_set_scale(s->ui, sah_ui_scale_for(width, height)) &&
           sah_reader_resize(s->reader, width, height) &&
           sah_libview_resize(s->libview, width, height) &&
           sah_menu_resize(s->menu, width, height) &&
           sah_searchview_resize(s->search, width, height) &&
           sah_noteview_resize(s->note, width, height) &&
           sah_libmenu_resize(s->libmenu, width, height);
}

bool sah_session_resize(sah_session_t *s, int width, int height)
{
    if (width == s->width && height == s->height && !s->torn)
        return true;
    if (resize_all(s, width, height)) {
        s->width = width;
        s->height = height;
        s->torn = false;
        return true;
    }
    /* Back to the size that worked, so that every screen agrees on it. The
     * old buffers are gone, so this can fail too; the next resize, even to
     * the same size, then does it all again. */
    s->torn = !resize_all(s, s->width, s->height);
    return false;
}

void sah_session_size(const sah_session_t *s, int *width, int *height)
{
    *width = s->width;
    *height = s->height;
}
