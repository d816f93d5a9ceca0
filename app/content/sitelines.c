/* sitelines.c - see sitelines.h and docs/article-format.md. */
#include "app/content/sitelines.h"

#include "app/content/article.h"
#include "app/content/classify.h"
#include "app/content/lineshape.h"
#include "platform/log.h"
#include "platform/readfile.h"
#include "render/text/utf8.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* One key of the count: in how many files it was seen, and the last one
 * (a line printed twice in one article counts once). files == 0: empty. */
typedef struct {
    uint64_t hash;
    uint32_t files;
    uint32_t last;
} slot_t;

/* Open addressing with linear probing, at most half full. */
typedef struct {
    slot_t *slot;
    size_t cap, used;
} table_t;

struct sah_sitelines {
    table_t set; /* files is 1 for a member */
    dev_t dev;   /* the folder it was built from, and when it changed */
    ino_t ino;
    struct timespec mtime;
};

typedef struct {
    table_t t;
    uint32_t n_files;
    bool full; /* past SAH_SITELINES_MAX_KEYS */
    /* The file being read: its short lines' hashes, and what it is made of
     * (those hashes and its long lines' lengths). */
    uint64_t *line, print;
    size_t n_line, cap_line;
    table_t prints; /* of the files counted */
    char key[SAH_LINE_KEY_MAX];
    uint32_t cp[SAH_SITELINES_MAX_LINE_BYTES];
} counter_t;

static size_t probe(const table_t *t, uint64_t hash)
{
    size_t h = (size_t)(hash ^ (hash >> 29)) & (t->cap - 1);
    while (t->slot[h].files && t->slot[h].hash != hash)
        h = (h + 1) & (t->cap - 1);
    return h;
}

static bool grow(table_t *t)
{
    size_t cap = t->cap ? 2 * t->cap : 1024;
    slot_t *old = t->slot;
    size_t old_cap = t->cap;
    if (!(t->slot = calloc(cap, sizeof *t->slot))) {
        t->slot = old;
        return false;
    }
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].files)
            t->slot[probe(t, old[i].hash)] = old[i];
    free(old);
    return true;
}

/* The slot of @hash, claimed when new; NULL when out of memory or full. */
static slot_t *claim(table_t *t, uint64_t hash)
{
    if (2 * (t->used + 1) > t->cap && !grow(t))
        return NULL;
    slot_t *s = &t->slot[probe(t, hash)];
    if (!s->files) {
        t->used++;
        s->hash = hash;
    }
    return s;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* [*s, *e) without the spaces, tabs and no-break spaces at its ends, as
 * the parser trims a line (article.c). */
static void trim(const char *t, size_t *s, size_t *e)
{
    for (;;) {
        if (*s < *e && is_blank(t[*s]))
            (*s)++;
        else if (*e - *s >= 2 && t[*s] == '\xC2' && t[*s + 1] == '\xA0')
            *s += 2;
        else
            break;
    }
    for (;;) {
        if (*e > *s && is_blank(t[*e - 1]))
            (*e)--;
        else if (*e - *s >= 2 && t[*e - 2] == '\xC2' && t[*e - 1] == '\xA0')
            *e -= 2;
        else
            break;
    }
}

static bool count_hash(counter_t *c, uint64_t hash);

/* Notes one short line of the file being read. */
static bool count_line(counter_t *c, const char *s, size_t n)
{
    size_t bad = 0;
    sah_utf8_decode(s, n, SAH_UTF8_STRICT, c->cp, NULL, &bad);
    if (bad)
        return true; /* not UTF-8 (a Windows-1256 file): never the parser's bytes */
    sah_shape_t sh;
    sah_shape_of(s, n, &sh);
    if (sh.words == 0 || sh.words > SAH_SITELINES_MAX_WORDS)
        return true;
    size_t k;
    uint64_t hash = sah_classify_line_hash(s, n, sh.words, c->key, &k);
    if (c->n_line == c->cap_line) {
        size_t cap = c->cap_line ? 2 * c->cap_line : 256;
        uint64_t *l = realloc(c->line, cap * sizeof *l);
        if (!l)
            return false;
        c->line = l;
        c->cap_line = cap;
    }
    c->line[c->n_line++] = hash;
    c->print = (c->print ^ hash) * 1099511628211u;
    return true;
}

/* Counts the file's short lines, once each. */
static bool count_lines(counter_t *c)
{
    for (size_t i = 0; i < c->n_line; i++)
        if (!count_hash(c, c->line[i]))
            return false;
    return true;
}

static bool count_hash(counter_t *c, uint64_t hash)
{
    if (c->t.used == SAH_SITELINES_MAX_KEYS) {
        slot_t *s0 = &c->t.slot[probe(&c->t, hash)];
        if (!s0->files) {
            c->full = true;
            return false;
        }
    }
    slot_t *slot = claim(&c->t, hash);
    if (!slot)
        return false;
    if (slot->files == 0 || slot->last != c->n_files) {
        slot->files++;
        slot->last = c->n_files;
    }
    return true;
}

/* Counts the lines of one article's text (LF, CR LF and CR end a line).
 * A copy of an article already counted (the same short lines, long lines of
 * the same lengths: a story saved twice) is not counted again: its headline
 * and headings are not a site's for being in three copies of one story. */
static bool count_text(counter_t *c, const char *t, size_t len)
{
    size_t pos = len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    c->n_line = 0;
    c->print = 1469598103934665603u;
    while (pos < len) {
        size_t e = pos;
        while (e < len && t[e] != '\n' && t[e] != '\r')
            e++;
        size_t next = e < len && t[e] == '\r' && e + 1 < len && t[e + 1] == '\n' ? e + 2 : e + 1;
        size_t s = pos;
        trim(t, &s, &e);
        /* A line longer than any site line is a paragraph: not decoded. */
        if (e - s > SAH_SITELINES_MAX_LINE_BYTES)
            c->print = (c->print ^ (e - s)) * 1099511628211u;
        else if (s < e && !count_line(c, t + s, e - s))
            return false;
        pos = next;
    }
    slot_t *p = claim(&c->prints, c->print);
    if (!p)
        return false;
    if (p->files)
        return true; /* a copy */
    p->files = 1;
    c->n_files++;
    return count_lines(c);
}

/* The keys in at least SAH_SITELINES_MIN_FILES files and a third of them. */
static sah_sitelines_t *finish(counter_t *c)
{
    sah_sitelines_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    for (size_t i = 0; i < c->t.cap; i++) {
        const slot_t *k = &c->t.slot[i];
        if (k->files < SAH_SITELINES_MIN_FILES || 3 * (size_t)k->files < c->n_files)
            continue;
        slot_t *m = claim(&s->set, k->hash);
        if (!m) {
            sah_sitelines_free(s);
            return NULL;
        }
        m->files = 1;
    }
    return s;
}

static counter_t *counter_new(void)
{
    return calloc(1, sizeof(counter_t));
}

static void counter_free(counter_t *c)
{
    if (c) {
        free(c->t.slot);
        free(c->prints.slot);
        free(c->line);
    }
    free(c);
}

sah_sitelines_t *sah_sitelines_new(const char *const *texts, const size_t *lens, size_t n)
{
    counter_t *c = counter_new();
    sah_sitelines_t *s = NULL;
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!count_text(c, texts[i], lens[i]))
            goto out;
    s = finish(c);
out:
    counter_free(c);
    return s;
}

/* The names bundle.c lists as articles: *.txt, not hidden. */
static bool is_article_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".txt") == 0;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The folder's article names, at most SAH_SITELINES_MAX_FILES; false when
 * there are more (*n is then SIZE_MAX), unreadable or out of memory. */
static bool list_names(int dirfd, char ***out, size_t *n)
{
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    char **names = calloc(SAH_SITELINES_MAX_FILES, sizeof *names);
    struct dirent *e;
    bool ok = d && names;
    *n = 0;
    if (!d && fd >= 0)
        close(fd);
    if (d)
        rewinddir(d); /* the descriptor's position is shared with @dirfd */
    while (ok && (e = readdir(d))) {
        if (!is_article_name(e->d_name) || e->d_type == DT_DIR)
            continue;
        if (*n == SAH_SITELINES_MAX_FILES) {
            free_names(names, *n);
            names = NULL;
            *n = SIZE_MAX;
            ok = false;
        } else {
            ok = (names[*n] = strdup(e->d_name)) != NULL;
            *n += ok;
        }
    }
    if (d)
        closedir(d);
    if (!ok && names)
        free_names(names, *n);
    *out = ok ? names : NULL;
    return ok;
}

sah_sitelines_t *sah_sitelines_new_in(int dirfd, const char *dir)
{
    char **names = NULL;
    size_t n = 0, budget = SAH_SITELINES_MAX_BYTES;
    counter_t *c = NULL;
    sah_sitelines_t *s = NULL;
    if (!list_names(dirfd, &names, &n)) {
        if (n == SIZE_MAX)
            sah_log("%s: more than %d articles: their site's lines are not looked for", dir,
                    SAH_SITELINES_MAX_FILES);
        return NULL;
    }
    if (n < SAH_SITELINES_MIN_FILES || !(c = counter_new()))
        goto out;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        int err = 0;
        size_t max = budget < SAH_ARTICLE_MAX_BYTES ? budget : SAH_ARTICLE_MAX_BYTES;
        char *buf = sah_file_read_in(dirfd, names[i], max, &len, &err);
        if (!buf && err == SAH_FILE_ERR_TOO_LARGE && len <= SAH_ARTICLE_MAX_BYTES) {
            sah_log("%s: more than %zu bytes of articles: their site's lines are not looked for",
                    dir, SAH_SITELINES_MAX_BYTES);
            goto out;
        }
        if (!buf)
            continue; /* not an article the reader opens either: the library says why */
        budget -= len;
        bool ok = count_text(c, buf, len);
        free(buf);
        if (!ok) {
            if (c->full)
                sah_log("%s: more than %d different short lines: their site's lines are not "
                        "looked for",
                        dir, SAH_SITELINES_MAX_KEYS);
            goto out;
        }
    }
    s = finish(c);
out:
    counter_free(c);
    free_names(names, n);
    return s;
}

/* Whether @s was built from the folder @sb, unchanged since. */
static bool same_folder(const sah_sitelines_t *s, const struct stat *sb)
{
    return s->dev == sb->st_dev && s->ino == sb->st_ino && s->mtime.tv_sec == sb->st_mtim.tv_sec &&
           s->mtime.tv_nsec == sb->st_mtim.tv_nsec;
}

sah_sitelines_t *sah_sitelines_for_article(const char *path, sah_sitelines_t *prev)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    struct stat sb, ini;
    int err = 0, fd = dir ? sah_dir_open_in(AT_FDCWD, dir, &sb, &err) : -1;
    sah_sitelines_t *s = NULL;
    if (fd < 0 || fstatat(fd, "bundle.ini", &ini, AT_SYMLINK_NOFOLLOW) != 0)
        goto out;
    if (prev && same_folder(prev, &sb)) {
        s = prev;
        prev = NULL;
        goto out;
    }
    if ((s = sah_sitelines_new_in(fd, dir))) {
        s->dev = sb.st_dev;
        s->ino = sb.st_ino;
        s->mtime = sb.st_mtim;
    }
out:
    if (fd >= 0)
        close(fd);
    free(dir);
    sah_sitelines_free(prev);
    return s;
}

void sah_sitelines_free(sah_sitelines_t *s)
{
    if (!s)
        return;
    free(s->set.slot);
    free(s);
}

sah_sitelines_t *sah_sitelines_copy(const sah_sitelines_t *s)
{
    sah_sitelines_t *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *s;
    c->set.slot = s->set.cap ? malloc(s->set.cap * sizeof *c->set.slot) : NULL;
    if (s->set.cap && !c->set.slot) {
        free(c);
        return NULL;
    }
    if (s->set.cap)
        memcpy(c->set.slot, s->set.slot, s->set.cap * sizeof *c->set.slot);
    return c;
}

size_t sah_sitelines_count(const sah_sitelines_t *s)
{
    return s ? s->set.used : 0;
}

bool sah_sitelines_has(const sah_sitelines_t *s, uint64_t hash, size_t n, size_t words)
{
    if (!s || s->set.used == 0 || n > SAH_SITELINES_MAX_LINE_BYTES || words == 0 ||
        words > SAH_SITELINES_MAX_WORDS)
        return false;
    return s->set.slot[probe(&s->set, hash)].files != 0;
}
