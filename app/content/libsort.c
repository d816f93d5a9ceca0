/* libsort.c - see libsort.h. */
#define _GNU_SOURCE /* qsort_r */
#include "app/content/libsort.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>

typedef struct {
    const sah_library_t *lib;
    const sah_libsort_state_t *state;
    sah_libsort_t sort;
    UCollator *coll; /* NULL: byte order (ICU refused; still a total order) */
} ctx_t;

static int collate(const ctx_t *c, const char *a, const char *b)
{
    if (!c->coll)
        return strcmp(a, b);
    UErrorCode err = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(c->coll, a, -1, b, -1, &err);
    if (U_FAILURE(err))
        return strcmp(a, b);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* Unread first: never opened (0), begun (1), finished (2). */
static int reading_group(const sah_libsort_state_t *s)
{
    return s->fraction < 0 ? 0 : s->fraction < SAH_LIBSORT_FINISHED ? 1 : 2;
}

static int by_state(const ctx_t *c, size_t i, size_t j)
{
    static const sah_libsort_state_t never = {-1, -1};
    const sah_libsort_state_t *a = c->state ? &c->state[i] : &never;
    const sah_libsort_state_t *b = c->state ? &c->state[j] : &never;
    if (c->sort == SAH_LIBSORT_RECENT)
        return (a->last_read < b->last_read) - (a->last_read > b->last_read);
    int ga = reading_group(a), gb = reading_group(b);
    if (ga != gb)
        return ga - gb;
    return (a->fraction > b->fraction) - (a->fraction < b->fraction);
}

static int compare(const void *pa, const void *pb, void *user)
{
    const ctx_t *c = user;
    size_t i = *(const size_t *)pa, j = *(const size_t *)pb;
    const sah_library_entry_t *a = sah_library_entry(c->lib, i), *b = sah_library_entry(c->lib, j);
    int r = 0;
    switch (c->sort) {
    case SAH_LIBSORT_RECENT:
    case SAH_LIBSORT_UNREAD:
        r = by_state(c, i, j);
        break;
    case SAH_LIBSORT_SOURCE:
        if (!a->source != !b->source)
            r = a->source ? -1 : 1; /* without a source: last */
        else if (a->source)
            r = collate(c, a->source, b->source);
        if (!r)
            r = collate(c, a->title, b->title);
        break;
    case SAH_LIBSORT_TITLE:
        r = collate(c, a->title, b->title);
        break;
    default:
        break;
    }
    /* Stable: the library's own order breaks ties. */
    return r ? r : (i > j) - (i < j);
}

bool sah_libfilter_match(const sah_libfilter_t *filter, const sah_library_entry_t *e)
{
    if (!filter || filter->kind == SAH_LIBFILTER_ALL || !filter->value)
        return true;
    const char *v = filter->kind == SAH_LIBFILTER_BUNDLE ? e->bundle : e->source;
    return v && strcmp(v, filter->value) == 0;
}

size_t sah_libsort_order(const sah_library_t *lib, const sah_libsort_state_t *state,
                         sah_libsort_t sort, const sah_libfilter_t *filter, size_t *order)
{
    size_t n = 0;
    for (size_t i = 0; i < sah_library_n_entries(lib); i++)
        if (sah_libfilter_match(filter, sah_library_entry(lib, i)))
            order[n++] = i;
    if (sort == SAH_LIBSORT_SHELF || n < 2)
        return n;
    UErrorCode err = U_ZERO_ERROR;
    ctx_t c = {lib, state, sort, ucol_open("", &err)};
    if (U_FAILURE(err)) {
        ucol_close(c.coll);
        c.coll = NULL;
    }
    qsort_r(order, n, sizeof *order, compare, &c);
    ucol_close(c.coll);
    return n;
}

static int by_name(const void *pa, const void *pb, void *user)
{
    return collate(user, *(const char *const *)pa, *(const char *const *)pb);
}

size_t sah_libsort_values(const sah_library_t *lib, sah_libfilter_kind_t kind, const char **out,
                          size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sah_library_n_entries(lib); i++) {
        const sah_library_entry_t *e = sah_library_entry(lib, i);
        const char *v = kind == SAH_LIBFILTER_BUNDLE ? e->bundle : e->source;
        bool seen = !v;
        /* Each name once: the library's articles come bundle by bundle, so
         * a name is mostly the one just seen (a linear look-back is rare). */
        for (size_t k = 0; !seen && k < n && k < max; k++)
            seen = strcmp(out[k], v) == 0;
        if (seen)
            continue;
        if (n < max)
            out[n] = v;
        n++;
    }
    UErrorCode err = U_ZERO_ERROR;
    ctx_t c = {lib, NULL, SAH_LIBSORT_TITLE, ucol_open("", &err)};
    if (U_FAILURE(err)) {
        ucol_close(c.coll);
        c.coll = NULL;
    }
    qsort_r(out, n < max ? n : max, sizeof *out, by_name, &c);
    ucol_close(c.coll);
    return n;
}
