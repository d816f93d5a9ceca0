/* searchcli.c - see searchcli.h. */
#include "app/searchcli.h"

#include "app/cli.h"
#include "app/content/find.h"
#include "app/content/library.h"
#include "app/content/open.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "platform/log.h"
#include "platform/msgcat.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The default screen of --find's pages: the reader's own default size. */
#define PAGE_WIDTH  800
#define PAGE_HEIGHT 480

static unsigned flags_of(const sah_config_t *o)
{
    return (o->fold_teh_marbuta ? SAH_SEARCH_TEH_MARBUTA : 0u) |
           (o->all_forms ? SAH_SEARCH_ALL_FORMS : 0u);
}

/* Writes @o as one line; false when out of memory or @out failed. Takes
 * @o (transfer full). */
static bool put_line(json_t *o, FILE *out)
{
    char *line = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
    bool ok = line && fprintf(out, "%s\n", line) >= 0;
    free(line);
    json_decref(o);
    return ok;
}

/* ---- --search ------------------------------------------------------------ */

typedef struct {
    FILE *out;
    bool failed;
} search_out_t;

/* @s with each run of spaces and line breaks (the parts of the body are
 * one a line in the index) as one space. (transfer full) */
static char *one_line(const char *s)
{
    char *r = malloc(strlen(s) + 1);
    size_t n = 0;
    if (!r)
        return NULL;
    for (; *s; s++) {
        bool space = (unsigned char)*s <= ' ';
        if (space && (n == 0 || r[n - 1] == ' '))
            continue;
        if (space)
            r[n++] = ' ';
        else
            r[n++] = *s;
    }
    while (n && r[n - 1] == ' ')
        n--;
    r[n] = 0;
    return r;
}

static void on_result(void *user, const sah_library_hit_t *h)
{
    search_out_t *so = user;
    json_t *path = json_string(h->entry->path), *title = json_string(h->entry->title);
    char *snippet = path && title ? one_line(h->snippet) : NULL;
    json_t *o = snippet ? json_object() : NULL;
    if (!o) {
        if (!path || !title) {
            /* A name from a card that is not UTF-8 cannot be a JSON string. */
            char *shown = sah_escape(h->entry->path);
            fprintf(stderr, sah_tr("sahifa: %s: the name is not UTF-8; not listed\n"),
                    shown ? shown : "?");
            free(shown);
        } else {
            so->failed = true;
        }
        json_decref(path);
        json_decref(title);
        free(snippet);
        return;
    }
    bool ok = !json_object_set_new(o, "path", path) && !json_object_set_new(o, "title", title) &&
              !json_object_set_new(o, "score", json_real(h->score)) &&
              !json_object_set_new(o, "hits", json_integer((json_int_t)h->hits)) &&
              !json_object_set_new(o, "snippet", json_string(snippet));
    free(snippet);
    if (!ok) {
        json_decref(o);
        so->failed = true;
    } else if (!put_line(o, so->out)) {
        so->failed = true;
    }
}

int sah_searchcli_search(const sah_config_t *o, FILE *out)
{
    if (o->file) {
        fprintf(stderr,
                sah_tr("sahifa: --search takes no FILE (did you mean --find QUERY FILE?)\n"));
        return SAH_SEARCHCLI_USAGE;
    }
    sah_library_t *lib = sah_cli_open_library(o);
    if (!lib)
        return EXIT_FAILURE;
    search_out_t so = {out, false};
    const char *why;
    int status = EXIT_SUCCESS;
    sah_search_status_t st = sah_library_search(lib, o->search, flags_of(o), on_result, &so, &why);
    if (st == SAH_SEARCH_NO_WORDS) {
        fprintf(stderr, sah_tr("sahifa: --search: the query has no words\n"));
        status = SAH_SEARCHCLI_USAGE;
    } else if (st == SAH_SEARCH_FAILED) {
        fprintf(stderr, sah_tr("sahifa: cannot search the library: %s\n"), why);
        status = EXIT_FAILURE;
    } else if (so.failed || fflush(out) != 0) {
        fprintf(
            stderr,
            sah_tr("sahifa: cannot write the results (out of memory, or the output is closed)\n"));
        status = EXIT_FAILURE;
    }
    sah_library_free(lib);
    return status;
}

/* ---- --find -------------------------------------------------------------- */

/* The reader at the default screen, to number the pages of the hits as the
 * reader would. Takes @a (transfer full). NULL when the fonts cannot be
 * loaded (logged). */
static sah_reader_t *default_reader(sah_ui_t **ui, sah_article_t *a, const char *path)
{
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    *ui = sah_ui_new("ar", sah_ui_scale_for(PAGE_WIDTH, PAGE_HEIGHT));
    sah_reader_t *r = *ui ? sah_reader_new(*ui, "default", PAGE_WIDTH, PAGE_HEIGHT, &set) : NULL;
    if (!r) {
        sah_article_free(a);
        return NULL;
    }
    if (!sah_reader_open_article(r, a, path, 0)) {
        sah_reader_free(r);
        return NULL;
    }
    return r;
}

/* Each hit as bytes of the file as read (a web page's source: article.h),
 * the offsets bookmarks keep, and its page. */
static bool put_hits(const sah_find_t *f, sah_reader_t *r, FILE *out)
{
    const sah_article_t *a = sah_reader_article(r);
    for (size_t i = 0; i < sah_find_n_hits(f); i++) {
        size_t ts, te;
        sah_find_hit(f, i, &ts, &te);
        size_t page = sah_reader_page_of_offset(r, (uint32_t)ts) + 1;
        size_t start = sah_article_source_offset(a, ts), end = sah_article_source_end(a, te);
        char *snippet = sah_find_snippet(f, i);
        json_t *o = json_object();
        bool ok = snippet && o &&
                  !json_object_set_new(o, "start", json_integer((json_int_t)start)) &&
                  !json_object_set_new(o, "end", json_integer((json_int_t)end)) &&
                  !json_object_set_new(o, "page", json_integer((json_int_t)page)) &&
                  !json_object_set_new(o, "snippet", json_string(snippet));
        free(snippet);
        if (!ok) {
            json_decref(o);
            return false;
        }
        if (!put_line(o, out))
            return false;
    }
    return fflush(out) == 0;
}

int sah_searchcli_find(const sah_config_t *o, FILE *out)
{
    if (!o->file) {
        fprintf(stderr, sah_tr("sahifa: --find QUERY FILE: which FILE?\n"));
        return SAH_SEARCHCLI_USAGE;
    }
    sah_find_status_t st;
    sah_article_t *a = sah_open_article(o->file, NULL, NULL);
    if (!a)
        return EXIT_FAILURE; /* the reason was logged, naming the file */
    sah_find_t *f = sah_find_new(a, o->find, flags_of(o), &st);
    if (!f) {
        sah_article_free(a);
        if (st == SAH_FIND_NO_WORDS || st == SAH_FIND_TOO_LONG) {
            if (st == SAH_FIND_NO_WORDS)
                fprintf(stderr, sah_tr("sahifa: --find: the query has no words\n"));
            else
                fprintf(stderr, sah_tr("sahifa: --find: the query has more than %d words\n"),
                        SAH_FIND_MAX_WORDS);
            return SAH_SEARCHCLI_USAGE;
        }
        fprintf(stderr, sah_tr("sahifa: %s: out of memory searching it\n"), o->file);
        return EXIT_FAILURE;
    }
    int status = EXIT_SUCCESS;
    sah_ui_t *ui = NULL;
    sah_reader_t *r = NULL;
    /* No hit, no pages: the fonts are not even loaded. */
    if (sah_find_n_hits(f)) {
        if (!(r = default_reader(&ui, a, o->file))) {
            fprintf(stderr, sah_tr("sahifa: %s: cannot lay out its pages (see above)\n"), o->file);
            status = EXIT_FAILURE;
        } else if (!put_hits(f, r, out)) {
            fprintf(stderr,
                    sah_tr("sahifa: %s: cannot write the hits (out of memory, or the output is "
                           "closed)\n"),
                    o->file);
            status = EXIT_FAILURE;
        }
        a = NULL; /* the reader's now (freed on failure too) */
    }
    sah_find_free(f);
    sah_reader_free(r);
    sah_ui_free(ui);
    sah_article_free(a);
    return status;
}
