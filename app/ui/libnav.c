/* libnav.c - see libnav.h. */
#include "app/ui/libnav.h"

#include <stdio.h>
#include <string.h>

/* The filter after @f: all, each bundle, each source (libsort.h's order of
 * names), all again. */
static sah_libfilter_t next_filter(const sah_library_t *lib, sah_libfilter_t f)
{
    const char *v[SAH_LIBMENU_MAX_VALUES];
    bool take = f.kind == SAH_LIBFILTER_ALL;
    for (int k = SAH_LIBFILTER_BUNDLE; lib && k <= SAH_LIBFILTER_SOURCE; k++) {
        size_t n = sah_libsort_values(lib, (sah_libfilter_kind_t)k, v, SAH_LIBMENU_MAX_VALUES);
        for (size_t i = 0; i < n && i < SAH_LIBMENU_MAX_VALUES; i++) {
            if (take)
                return (sah_libfilter_t){(sah_libfilter_kind_t)k, v[i]};
            take = (int)f.kind == k && f.value && strcmp(f.value, v[i]) == 0;
        }
    }
    return (sah_libfilter_t){SAH_LIBFILTER_ALL, NULL};
}

void sah_libnav_do(sah_libmenu_t *m, sah_libview_t *lv, sah_action_t act)
{
    const sah_library_t *lib = sah_libview_library(lv);
    sah_libsort_t sort = sah_libview_sort(lv);
    sah_libfilter_t f = sah_libview_filter(lv);
    bool ok = true;
    switch (act) {
    case SAH_ACT_LIBMENU:
        ok = sah_libmenu_open(m, SAH_LIBMENU_MAIN, lv);
        break;
    case SAH_ACT_PROBLEMS:
        if (lib && sah_library_n_problems(lib))
            ok = sah_libmenu_open(m, SAH_LIBMENU_PROBLEMS, lv);
        break;
    case SAH_ACT_SORT:
        ok = sah_libview_set_order(lv, (sah_libsort_t)((sort + 1) % SAH_LIBSORT_COUNT), &f);
        break;
    case SAH_ACT_FILTER: {
        /* The view's value is replaced by the call: the next one is the
         * library's own string, which outlives it. */
        sah_libfilter_t next = next_filter(lib, f);
        ok = sah_libview_set_order(lv, sort, &next);
        break;
    }
    default:
        break;
    }
    if (!ok)
        fprintf(stderr, "sahifa: library: out of memory\n");
}
