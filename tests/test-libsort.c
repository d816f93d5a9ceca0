/* test-libsort.c - the library screen's sorts and filters
 * (app/content/libsort.h) on a library of our own: each order worked out by
 * hand from the articles' titles, sources, bundles and reading states, ties
 * in the library's order, the filters' choices and matches, an empty
 * library. */
#include "app/content/libsort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "testutil.h"

static char dir[] = "/tmp/sahifa-test-libsort-XXXXXX";

static void article(const char *bundle, const char *file, const char *title, const char *source)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, bundle);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", dir, bundle, file);
    FILE *f = fopen(path, "w");
    if (!f)
        exit(99);
    fprintf(f, "---\ntitle: %s\n", title);
    if (source)
        fprintf(f, "source: %s\n", source);
    fprintf(f, "---\nهذه فقرة من مقالة %s، فيها كلام يكفي لتكون مقالة من فقرة واحدة.\n", file);
    fclose(f);
}

/* The titles in @order, joined by ", ", for messages and comparisons. */
static const char *titles(const sah_library_t *lib, const size_t *order, size_t n)
{
    static char buf[2048];
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        strncat(buf, sah_library_entry(lib, order[i])->title, sizeof buf - strlen(buf) - 3);
        if (i + 1 < n)
            strcat(buf, ", ");
    }
    return buf;
}

/* The entry index whose title is @t. */
static size_t index_of(const sah_library_t *lib, const char *t)
{
    for (size_t i = 0; i < sah_library_n_entries(lib); i++)
        if (strcmp(sah_library_entry(lib, i)->title, t) == 0)
            return i;
    return (size_t)-1;
}

static void expect(const sah_library_t *lib, const sah_libsort_state_t *st, sah_libsort_t sort,
                   const sah_libfilter_t *f, const char *want)
{
    size_t order[16];
    size_t n = sah_libsort_order(lib, st, sort, f, order);
    const char *got = titles(lib, order, n);
    CHECK(strcmp(got, want) == 0, "sort %d, filter %s: expected [%s], got [%s]", (int)sort,
          f && f->value ? f->value : "-", want, got);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 99;
    /* Two bundles; files named so that the library's order is a..f. */
    article("أخبار", "a.txt", "ثعلب", "الشرق");
    article("أخبار", "b.txt", "باب", NULL);
    article("أخبار", "c.txt", "Zebra", "Reuters");
    article("رياضة", "d.txt", "أرنب", "الشرق");
    article("رياضة", "e.txt", "apple", "Reuters");
    article("رياضة", "f.txt", "جمل", "البيان");
    sah_library_t *lib = sah_library_new(NULL);
    CHECK(lib && sah_library_add_root(lib, dir) && sah_library_scan(lib), "scan %s", dir);
    CHECK(sah_library_n_entries(lib) == 6, "6 articles, got %zu", sah_library_n_entries(lib));

    expect(lib, NULL, SAH_LIBSORT_SHELF, NULL, "ثعلب, باب, Zebra, أرنب, apple, جمل");
    /* Collation: Latin before Arabic, case aside; أ sorts as ا. */
    expect(lib, NULL, SAH_LIBSORT_TITLE, NULL, "apple, Zebra, أرنب, باب, ثعلب, جمل");
    /* Sources: Reuters < البيان < الشرق, none last; titles within. */
    expect(lib, NULL, SAH_LIBSORT_SOURCE, NULL, "apple, Zebra, جمل, أرنب, ثعلب, باب");
    /* Nothing read: the library's order for both reading sorts. */
    expect(lib, NULL, SAH_LIBSORT_RECENT, NULL, "ثعلب, باب, Zebra, أرنب, apple, جمل");
    expect(lib, NULL, SAH_LIBSORT_UNREAD, NULL, "ثعلب, باب, Zebra, أرنب, apple, جمل");

    sah_libsort_state_t st[6];
    for (size_t i = 0; i < 6; i++)
        st[i] = (sah_libsort_state_t){-1, -1};
    st[index_of(lib, "جمل")] = (sah_libsort_state_t){300, 0.5};   /* read last, half */
    st[index_of(lib, "باب")] = (sah_libsort_state_t){100, 1.0};   /* finished */
    st[index_of(lib, "apple")] = (sah_libsort_state_t){200, 0.1}; /* begun */
    expect(lib, st, SAH_LIBSORT_RECENT, NULL, "جمل, apple, باب, ثعلب, Zebra, أرنب");
    /* Never opened (library order), begun by least read, finished. */
    expect(lib, st, SAH_LIBSORT_UNREAD, NULL, "ثعلب, Zebra, أرنب, apple, جمل, باب");

    sah_libfilter_t by_bundle = {SAH_LIBFILTER_BUNDLE, "رياضة"};
    sah_libfilter_t by_source = {SAH_LIBFILTER_SOURCE, "الشرق"};
    sah_libfilter_t nothing = {SAH_LIBFILTER_SOURCE, "none such"};
    sah_libfilter_t all = {SAH_LIBFILTER_ALL, NULL};
    expect(lib, st, SAH_LIBSORT_SHELF, &by_bundle, "أرنب, apple, جمل");
    expect(lib, st, SAH_LIBSORT_TITLE, &by_source, "أرنب, ثعلب");
    expect(lib, st, SAH_LIBSORT_RECENT, &by_source, "ثعلب, أرنب");
    expect(lib, st, SAH_LIBSORT_TITLE, &nothing, "");
    expect(lib, st, SAH_LIBSORT_TITLE, &all, "apple, Zebra, أرنب, باب, ثعلب, جمل");

    const char *v[8];
    size_t n = sah_libsort_values(lib, SAH_LIBFILTER_SOURCE, v, 8);
    CHECK(n == 3 && !strcmp(v[0], "Reuters") && !strcmp(v[1], "البيان") && !strcmp(v[2], "الشرق"),
          "sources: %zu", n);
    n = sah_libsort_values(lib, SAH_LIBFILTER_BUNDLE, v, 8);
    CHECK(n == 2 && !strcmp(v[0], "أخبار") && !strcmp(v[1], "رياضة"), "bundles: %zu", n);
    n = sah_libsort_values(lib, SAH_LIBFILTER_SOURCE, v, 1);
    CHECK(n > 1, "too short a list says so: %zu", n);
    sah_library_free(lib);

    sah_library_t *empty = sah_library_new(NULL);
    size_t none[1];
    CHECK(empty && sah_library_scan(empty) &&
              sah_libsort_order(empty, NULL, SAH_LIBSORT_TITLE, NULL, none) == 0 &&
              sah_libsort_values(empty, SAH_LIBFILTER_BUNDLE, v, 8) == 0,
          "an empty library");
    sah_library_free(empty);

    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "rm");
    return t_summary("test-libsort");
}
