/*
 * main.c - the sahifa executable: options are parsed into a struct first,
 * then each action runs from it. The reader itself comes with a later issue.
 *
 *   sahifa --list                      the library as a table
 *   sahifa --library /media/usb --list with a USB stick's bundles too
 *   sahifa --import /media/usb/news    copy a bundle into the data dir
 */
#include "library.h"
#include "paths.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool list, help;
    const char *import; /* nullable */
    const char **roots; /* --library folders, in order */
    size_t n_roots;
} options_t;

enum { EXIT_USAGE = 2 };

static void usage(FILE *f)
{
    fputs("Usage: sahifa [--library DIR]... [--import DIR] [--list]\n"
          "An offline Arabic news reader.\n"
          "\n"
          "  --list           print the library (every article found) as a table\n"
          "  --import DIR     copy the bundle DIR into your data dir, atomically\n"
          "  --library DIR    also read the bundles in DIR (repeatable), e.g. a USB stick\n"
          "  -h, --help       show this help\n"
          "\n"
          "The library is the bundles installed with sahifa, those in\n"
          "$XDG_DATA_HOME/sahifa/bundles and those given with --library.\n",
          f);
}

/* Returns: false on a usage error (already reported). */
static bool parse_options(int argc, char **argv, options_t *o)
{
    static const struct option longs[] = {
        {"list", no_argument, NULL, 'l'},
        {"import", required_argument, NULL, 'i'},
        {"library", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    *o = (options_t){0};
    if (!(o->roots = calloc((size_t)argc, sizeof *o->roots)))
        return false;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'l':
            o->list = true;
            break;
        case 'i':
            o->import = optarg;
            break;
        case 'L':
            o->roots[o->n_roots++] = optarg;
            break;
        case 'h':
            o->help = true;
            break;
        default:
            return false; /* getopt said why */
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sahifa: unexpected argument '%s'\n", argv[optind]);
        return false;
    }
    return true;
}

/* Pads or cuts @s to @width code points (terminals give Arabic and Latin
 * letters one cell each; combining marks are rare in these columns). */
static void print_cell(const char *s, size_t width)
{
    size_t cps = 0, i = 0;
    s = s ? s : "-";
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cps == width)
            break;
        cps++;
    }
    printf("%.*s%*s  ", (int)i, s, (int)(width - cps), "");
}

static void format_size(uint64_t n, char *buf, size_t size)
{
    if (n < 1024)
        snprintf(buf, size, "%uB", (unsigned)n);
    else if (n < 1024 * 1024)
        snprintf(buf, size, "%.1fK", (double)n / 1024);
    else
        snprintf(buf, size, "%.1fM", (double)n / (1024 * 1024));
}

static void print_table(const sah_library_t *lib)
{
    size_t dups = 0;
    printf("%4s  %-7s  %-10s  %6s  %-12s  %-12s  %-14s  %-20s  %s\n", "#", "time", "date", "size",
           "encoding", "hash", "bundle", "source", "title  (path)");
    for (size_t i = 0; i < sah_library_n_entries(lib); i++) {
        const sah_library_entry_t *e = sah_library_entry(lib, i);
        char time[16], size[16], hash[13];
        /* "~" marks our estimate; the publisher's own figure stands bare. */
        snprintf(time, sizeof time, "%s%d min", e->minutes_from_publisher ? "" : "~", e->minutes);
        format_size(e->size, size, sizeof size);
        snprintf(hash, sizeof hash, "%.12s", e->hash);
        printf("%4zu  %-7s  ", i + 1, time);
        print_cell(e->date, 10);
        printf("%6s  %-12s  %s  ", size, e->encoding, hash);
        print_cell(e->bundle, 14);
        print_cell(e->source, 20);
        printf("%s  (%s)\n", e->title, e->path);
        dups += e->copies - 1;
    }
    printf("%zu articles", sah_library_n_entries(lib));
    if (dups)
        printf(", %zu duplicate files listed once", dups);
    if (sah_library_n_problems(lib))
        printf(", %zu files could not be read (see above)", sah_library_n_problems(lib));
    printf("\n");
}

/* The cache lives in the state dir; without one the library still opens. */
static char *cache_path(void)
{
    char *dir = sah_path_dir(SAH_DIR_STATE, NULL);
    char *path = NULL;
    if (dir && sah_path_ensure_dir(dir))
        path = sah_library_default_cache_path();
    else if (dir)
        fprintf(stderr, "sahifa: %s: cannot create; the library is not cached\n", dir);
    free(dir);
    return path;
}

static int run_list(const options_t *o)
{
    int status = EXIT_FAILURE;
    char *cache = cache_path();
    sah_library_t *lib = sah_library_new(cache);
    if (!lib || !sah_library_add_default_roots(lib))
        goto out;
    for (size_t i = 0; i < o->n_roots; i++)
        if (!sah_library_add_root(lib, o->roots[i]))
            goto out;
    if (!sah_library_scan(lib))
        goto out;
    print_table(lib);
    status = EXIT_SUCCESS;
out:
    if (status != EXIT_SUCCESS)
        fprintf(stderr, "sahifa: out of memory reading the library\n");
    sah_library_free(lib);
    free(cache);
    return status;
}

static int run_import(const options_t *o)
{
    char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles"), *dest = NULL;
    int status = EXIT_FAILURE;
    if (!bundles) {
        fprintf(stderr, "sahifa: no data dir: set HOME or XDG_DATA_HOME\n");
        return status;
    }
    if (sah_library_import(o->import, bundles, NULL, NULL, &dest)) {
        printf("imported %s\n", dest);
        status = EXIT_SUCCESS;
    }
    free(dest);
    free(bundles);
    return status;
}

int main(int argc, char **argv)
{
    options_t o;
    int status = EXIT_SUCCESS;
    if (!parse_options(argc, argv, &o)) {
        usage(stderr);
        status = EXIT_USAGE;
    } else if (o.help) {
        usage(stdout);
    } else if (!o.list && !o.import) {
        fprintf(stderr, "sahifa: nothing to do (the reader comes later): try --list\n");
        usage(stderr);
        status = EXIT_USAGE;
    } else {
        if (o.import)
            status = run_import(&o);
        if (status == EXIT_SUCCESS && o.list)
            status = run_list(&o);
    }
    free(o.roots);
    return status;
}
