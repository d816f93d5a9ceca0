/* bundle.c - see bundle.h. */
#include "app/content/bundle.h"

#include "app/content/iniread.h"
#include "app/content/webarticle.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/readfile.h"
#include "render/text/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct sah_bundle {
    char *dir;
    dev_t dev; /* the folder's identity, for sah_bundle_open_dir() */
    ino_t ino;
    bool more_files;
    char *name, *publisher, *source, *date, *language;
    sah_bundle_sort_t sort;
    sah_bundle_ini_t ini;
    char **files;
    size_t n_files, cap_files;
    char **epubs;
    size_t n_epubs, cap_epubs;
};

/* What bundle.ini said, before it is known to be well-formed. */
typedef struct {
    char *name, *publisher, *source, *date, *language, *sort;
    bool nomem;
} ini_values_t;

static bool is_article_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' &&
           ((n > 4 && strcasecmp(name + n - 4, ".txt") == 0) || sah_article_is_web_page(name));
}

static bool is_epub_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcasecmp(name + n - 5, ".epub") == 0;
}

/* Appends a copy of @name to @list. */
static bool push_name(char ***list, size_t *n, size_t *cap, const char *name)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        char **f = realloc(*list, c * sizeof *f);
        if (!f)
            return false;
        *list = f;
        *cap = c;
    }
    if (!((*list)[*n] = strdup(name)))
        return false;
    (*n)++;
    return true;
}

static int handler(void *user, int line, const char *section, const char *key, const char *value)
{
    (void)line;
    ini_values_t *v = user;
    char **field = NULL;
    /* Keys before any section count as [bundle]: a one-section file needs no
     * header. Other sections are for later versions. */
    if (section[0] && strcasecmp(section, "bundle") != 0)
        return 1;
    if (!strcasecmp(key, "name"))
        field = &v->name;
    else if (!strcasecmp(key, "publisher"))
        field = &v->publisher;
    else if (!strcasecmp(key, "source"))
        field = &v->source;
    else if (!strcasecmp(key, "date"))
        field = &v->date;
    else if (!strcasecmp(key, "language"))
        field = &v->language;
    else if (!strcasecmp(key, "sort"))
        field = &v->sort;
    if (!field)
        return 1;
    free(*field);
    if (!(*field = strdup(value)))
        v->nomem = true;
    return 1;
}

static void ini_values_clear(ini_values_t *v)
{
    free(v->name);
    free(v->publisher);
    free(v->source);
    free(v->date);
    free(v->language);
    free(v->sort);
}

/* Reads the folder's bundle.ini whole, if it is small and UTF-8. Returns
 * NULL and sets *why (a static phrase) otherwise; *why NULL means there is
 * no file. */
static char *read_ini(int fd, size_t *n, const char **why)
{
    int err;
    char *buf = sah_file_read_in(fd, "bundle.ini", SAH_BUNDLE_INI_MAX_BYTES, n, &err);
    *why = NULL;
    if (!buf) {
        if (err == SAH_FILE_ERR_TOO_LARGE)
            *why = "too large for a bundle.ini";
        else if (err != ENOENT)
            *why = sah_file_strerror(err);
        return NULL;
    }
    if (memchr(buf, 0, *n)) {
        *why = "not text";
    } else {
        uint32_t *cp = malloc((*n + 1) * sizeof *cp);
        size_t bad = 0;
        if (!cp) {
            *why = "out of memory";
        } else {
            sah_utf8_decode(buf, *n, SAH_UTF8_STRICT, cp, NULL, &bad);
            free(cp);
            if (bad)
                *why = "not UTF-8";
        }
    }
    if (*why) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

static bool parse_sort(const char *s, sah_bundle_sort_t *sort)
{
    static const struct {
        const char *name;
        sah_bundle_sort_t sort;
    } names[] = {
        {"file", SAH_BUNDLE_SORT_FILE},        {"name", SAH_BUNDLE_SORT_FILE},
        {"title", SAH_BUNDLE_SORT_TITLE},      {"date", SAH_BUNDLE_SORT_DATE},
        {"date-newest", SAH_BUNDLE_SORT_DATE}, {"date-oldest", SAH_BUNDLE_SORT_DATE_OLDEST}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *sort = names[i].sort;
            return true;
        }
    }
    return false;
}

/* Fills @b from bundle.ini in the folder @fd. Returns false only when out
 * of memory. */
static bool load_ini(sah_bundle_t *b, int fd)
{
    ini_values_t v = {0};
    const char *why = NULL;
    char line[32] = "";
    bool ok = false;
    size_t n = 0;
    char *path = sah_path_join(b->dir, "bundle.ini");
    char *text = path ? read_ini(fd, &n, &why) : NULL;
    if (!path)
        goto out;
    if (!text && !why) {
        ok = true; /* no bundle.ini: all defaults */
        goto out;
    }
    if (text) {
        int r = sah_ini_parse(text, n, handler, &v, &why);
        if (v.nomem)
            goto out;
        if (r > 0)
            snprintf(line, sizeof line, ":%d", r);
    }
    if (why) {
        sah_log("%s%s: %s; using the defaults", path, line, why);
        b->ini = SAH_BUNDLE_INI_BROKEN;
        ok = true;
        goto out;
    }
    b->ini = SAH_BUNDLE_INI_OK;
    if (v.sort && !parse_sort(v.sort, &b->sort))
        sah_log("%s: sort \"%.40s\" is not file, title, date or date-oldest; using file", path,
                v.sort);
    b->name = v.name && *v.name ? v.name : NULL;
    b->publisher = v.publisher && *v.publisher ? v.publisher : NULL;
    b->source = v.source && *v.source ? v.source : NULL;
    b->date = v.date && *v.date ? v.date : NULL;
    b->language = v.language && *v.language ? v.language : NULL;
    if (b->name)
        v.name = NULL;
    if (b->publisher)
        v.publisher = NULL;
    if (b->source)
        v.source = NULL;
    if (b->date)
        v.date = NULL;
    if (b->language)
        v.language = NULL;
    ok = true;
out:
    ini_values_clear(&v);
    free(text);
    free(path);
    return ok;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool list_files(sah_bundle_t *b, DIR *d)
{
    struct dirent *e;
    while ((e = readdir(d))) {
        /* d_type is only a hint (DT_UNKNOWN on some filesystems); the
         * library stats each file anyway. */
        bool txt = is_article_name(e->d_name), epub = !txt && is_epub_name(e->d_name);
        if ((!txt && !epub) || e->d_type == DT_DIR)
            continue;
        /* One cap for both kinds: it bounds what one folder costs. */
        if (b->n_files + b->n_epubs == SAH_BUNDLE_MAX_FILES) {
            sah_log("%s: more than %d articles; the rest are not listed", b->dir,
                    SAH_BUNDLE_MAX_FILES);
            b->more_files = true;
            break;
        }
        if (!(txt ? push_name(&b->files, &b->n_files, &b->cap_files, e->d_name)
                  : push_name(&b->epubs, &b->n_epubs, &b->cap_epubs, e->d_name)))
            return false;
    }
    if (b->n_files > 1) /* qsort(NULL, 0) is undefined */
        qsort(b->files, b->n_files, sizeof *b->files, cmp_names);
    if (b->n_epubs > 1)
        qsort(b->epubs, b->n_epubs, sizeof *b->epubs, cmp_names);
    return true;
}

static char *base_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t s = n;
    while (s > 0 && dir[s - 1] != '/')
        s--;
    return strndup(dir + s, n - s);
}

sah_bundle_t *sah_bundle_open_fd(int fd, const char *dir)
{
    sah_bundle_t *b = calloc(1, sizeof *b);
    struct stat sb;
    DIR *d = NULL;
    int dfd = -1;
    bool ok = false;
    if (!b || !(b->dir = strdup(dir)))
        goto out;
    /* fdopendir() takes its descriptor: a copy of the caller's. */
    if (fstat(fd, &sb) != 0 || (dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0 || !(d = fdopendir(dfd))) {
        sah_log("%s: cannot read the folder: %s", dir, strerror(errno));
        goto out;
    }
    dfd = -1;
    rewinddir(d); /* the copy shares the caller's offset */
    b->dev = sb.st_dev;
    b->ino = sb.st_ino;
    if (!list_files(b, d) || !load_ini(b, fd))
        goto out;
    if (!b->name && !(b->name = base_name(dir)))
        goto out;
    ok = true;
out:
    if (d)
        closedir(d);
    if (dfd >= 0)
        close(dfd);
    if (!ok) {
        sah_bundle_free(b);
        b = NULL;
    }
    return b;
}

sah_bundle_t *sah_bundle_open(const char *dir)
{
    int err;
    int fd = sah_dir_open_in(AT_FDCWD, dir, NULL, &err);
    if (fd < 0) {
        sah_log("%s: cannot read the folder: %s", dir, sah_file_strerror(err));
        return NULL;
    }
    sah_bundle_t *b = sah_bundle_open_fd(fd, dir);
    close(fd);
    return b;
}

int sah_bundle_open_dir(const sah_bundle_t *b, int *err)
{
    struct stat sb;
    int fd = sah_dir_open_in(AT_FDCWD, b->dir, &sb, err);
    if (fd >= 0 && (sb.st_dev != b->dev || sb.st_ino != b->ino)) {
        /* Moved or swapped since it was listed (a link retargeted): its
         * files are not the ones checked. */
        close(fd);
        *err = ESTALE;
        fd = -1;
    }
    return fd;
}

void sah_bundle_folder_id(const sah_bundle_t *b, dev_t *dev, ino_t *ino)
{
    *dev = b->dev;
    *ino = b->ino;
}

bool sah_bundle_more_files(const sah_bundle_t *b)
{
    return b->more_files;
}

void sah_bundle_free(sah_bundle_t *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_files; i++)
        free(b->files[i]);
    free(b->files);
    for (size_t i = 0; i < b->n_epubs; i++)
        free(b->epubs[i]);
    free(b->epubs);
    free(b->dir);
    free(b->name);
    free(b->publisher);
    free(b->source);
    free(b->date);
    free(b->language);
    free(b);
}

bool sah_bundle_is_bundle(const char *dir)
{
    int fd = sah_dir_open_in(AT_FDCWD, dir, NULL, NULL);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    bool found = false;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    while (!found && (e = readdir(d)))
        found = !strcmp(e->d_name, "bundle.ini") ||
                ((is_article_name(e->d_name) || is_epub_name(e->d_name)) && e->d_type != DT_DIR);
    closedir(d);
    return found;
}

const char *sah_bundle_dir(const sah_bundle_t *b)
{
    return b->dir;
}

const char *sah_bundle_name(const sah_bundle_t *b)
{
    return b->name;
}

const char *sah_bundle_publisher(const sah_bundle_t *b)
{
    return b->publisher;
}

const char *sah_bundle_source(const sah_bundle_t *b)
{
    return b->source;
}

const char *sah_bundle_date(const sah_bundle_t *b)
{
    return b->date;
}

const char *sah_bundle_language(const sah_bundle_t *b)
{
    return b->language;
}

sah_bundle_sort_t sah_bundle_sort(const sah_bundle_t *b)
{
    return b->sort;
}

sah_bundle_ini_t sah_bundle_ini_status(const sah_bundle_t *b)
{
    return b->ini;
}

size_t sah_bundle_n_files(const sah_bundle_t *b)
{
    return b->n_files;
}

const char *sah_bundle_file(const sah_bundle_t *b, size_t i)
{
    return i < b->n_files ? b->files[i] : NULL;
}

size_t sah_bundle_n_epubs(const sah_bundle_t *b)
{
    return b->n_epubs;
}

const char *sah_bundle_epub(const sah_bundle_t *b, size_t i)
{
    return i < b->n_epubs ? b->epubs[i] : NULL;
}
