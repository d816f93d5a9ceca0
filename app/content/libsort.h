/*
 * libsort.h - which of the library's articles a list shows, and in which
 * order: the library screen's sorts and filters (app/ui/libview.h).
 *
 *   size_t *order = malloc(n * sizeof *order);
 *   sah_libfilter_t f = {SAH_LIBFILTER_SOURCE, "الشرق"};
 *   size_t k = sah_libsort_order(lib, state, SAH_LIBSORT_RECENT, &f, order);
 *   for (size_t i = 0; i < k; i++)
 *       puts(sah_library_entry(lib, order[i])->title);
 *
 * Every sort is stable: articles that compare equal keep the library's own
 * order (bundle by bundle, each in its bundle.ini order). Titles and sources
 * compare by the Unicode Collation Algorithm (ICU's root collation: Arabic
 * letters in their alphabetical order, hamza forms and harakat as
 * secondary differences, Latin case as a tertiary one).
 */
#ifndef SAH_LIBSORT_H
#define SAH_LIBSORT_H

#include "app/content/library.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SAH_LIBSORT_SHELF = 0, /* the library's order: bundle by bundle */
    SAH_LIBSORT_RECENT,    /* read last first; articles never opened after */
    SAH_LIBSORT_UNREAD,    /* never opened first, then begun (least read first), then finished */
    SAH_LIBSORT_SOURCE,    /* by source (articles without one last), then by title */
    SAH_LIBSORT_TITLE,     /* by title */
    SAH_LIBSORT_COUNT
} sah_libsort_t;

/* What the reader did with an article (the store's reading position). */
typedef struct {
    int64_t last_read; /* when its place was last saved (the store's clock); < 0: never */
    double fraction;   /* 0..1 read; < 0: never opened */
} sah_libsort_state_t;

/* An article "finished" from this fraction on (the library says so too). */
#define SAH_LIBSORT_FINISHED 0.99

typedef enum {
    SAH_LIBFILTER_ALL = 0,
    SAH_LIBFILTER_BUNDLE, /* the articles of one bundle (its name) */
    SAH_LIBFILTER_SOURCE, /* the articles of one source */
} sah_libfilter_kind_t;

typedef struct {
    sah_libfilter_kind_t kind;
    const char *value; /* (transfer none): the bundle's or source's name */
} sah_libfilter_t;

/*
 * sah_libsort_order:
 * @state: (nullable): one per entry of @lib (sah_library_entry() index);
 *   NULL: nothing was read.
 * @filter: (nullable): NULL shows every article.
 * @order: (out): room for sah_library_n_entries() indices.
 *
 * Returns: how many entries pass @filter; @order holds their indices in
 * the order @sort gives.
 */
size_t sah_libsort_order(const sah_library_t *lib, const sah_libsort_state_t *state,
                         sah_libsort_t sort, const sah_libfilter_t *filter, size_t *order);

/*
 * sah_libsort_values:
 * @kind: SAH_LIBFILTER_BUNDLE or SAH_LIBFILTER_SOURCE.
 * @out: (out) (transfer none): room for @max names, owned by @lib.
 *
 * The filter's choices: the bundles or the sources of @lib's articles, each
 * once, sorted as titles are. Returns: how many were written, or a number
 * past @max when @out was too short (the first @max found are written).
 */
size_t sah_libsort_values(const sah_library_t *lib, sah_libfilter_kind_t kind, const char **out,
                          size_t max);

/* Returns: whether entry @e passes @filter (NULL or SAH_LIBFILTER_ALL: yes). */
bool sah_libfilter_match(const sah_libfilter_t *filter, const sah_library_entry_t *e);

#endif
