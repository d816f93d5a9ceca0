/* fontstamp.c - see fontstamp.h. */
#include "fonts/fontstamp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>

/* One entry: a path and its time (sec -1: missing), or a variable and its
 * value (NULL: unset). */
typedef struct {
    char *name;  /* owned: a path (starts with '/') or a variable's name */
    char *value; /* owned, nullable: the variable's value */
    long long sec, nsec;
    bool is_env;
} entry_t;

struct sah_fontstamp {
    entry_t *e; /* owned */
    size_t n, cap;
};

/* What chooses fontconfig's files (FONTCONFIG_*, the user's folders by
 * HOME and XDG) and its matches (the locale, FC_LANG). */
static const char *const ENV[] = {"FONTCONFIG_FILE",
                                  "FONTCONFIG_PATH",
                                  "FONTCONFIG_SYSROOT",
                                  "HOME",
                                  "XDG_CONFIG_HOME",
                                  "XDG_DATA_HOME",
                                  "XDG_CACHE_HOME",
                                  "FC_LANG",
                                  "LANG",
                                  "LC_ALL",
                                  "LC_CTYPE"};

sah_fontstamp_t *sah_fontstamp_new(void)
{
    return calloc(1, sizeof(sah_fontstamp_t));
}

void sah_fontstamp_clear(sah_fontstamp_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->e[i].name);
        free(s->e[i].value);
    }
    s->n = 0;
}

void sah_fontstamp_free(sah_fontstamp_t *s)
{
    if (!s)
        return;
    sah_fontstamp_clear(s);
    free(s->e);
    free(s);
}

/* A name or value the line format can hold. */
static bool storable(const char *t)
{
    return !strpbrk(t, "\t\n");
}

/* Appends a copy of @name (and @value); false when full, not storable or
 * out of memory. */
static bool add(sah_fontstamp_t *s, const char *name, const char *value, long long sec,
                long long nsec, bool is_env)
{
    if (s->n == SAH_FONTSTAMP_MAX || !*name || !storable(name) || (value && !storable(value)))
        return false;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        entry_t *e = realloc(s->e, cap * sizeof *e);
        if (!e)
            return false;
        s->e = e;
        s->cap = cap;
    }
    entry_t *e = &s->e[s->n];
    e->name = strdup(name);
    e->value = value ? strdup(value) : NULL;
    if (!e->name || (value && !e->value)) {
        free(e->name);
        free(e->value);
        return false;
    }
    e->sec = sec;
    e->nsec = nsec;
    e->is_env = is_env;
    s->n++;
    return true;
}

/* @path's time now: sec -1 when it is missing. */
static void time_of(const char *path, long long *sec, long long *nsec)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *sec = -1;
        *nsec = 0;
        return;
    }
    *sec = (long long)st.st_mtim.tv_sec;
    *nsec = (long long)st.st_mtim.tv_nsec;
}

/* Adds every path of @list (destroyed). */
static bool add_paths(sah_fontstamp_t *s, FcStrList *list)
{
    bool ok = list != NULL;
    FcChar8 *p;
    while (ok && (p = FcStrListNext(list)) != NULL) {
        long long sec, nsec;
        time_of((const char *)p, &sec, &nsec);
        ok = p[0] == '/' && add(s, (const char *)p, NULL, sec, nsec, false);
    }
    if (list)
        FcStrListDone(list);
    return ok;
}

bool sah_fontstamp_take(sah_fontstamp_t *s)
{
    sah_fontstamp_clear(s);
    FcConfig *c = FcInit() ? FcConfigGetCurrent() : NULL;
    bool ok = c != NULL;
    for (size_t i = 0; ok && i < sizeof ENV / sizeof *ENV; i++)
        ok = add(s, ENV[i], getenv(ENV[i]), 0, 0, true);
    ok = ok && add_paths(s, FcConfigGetConfigFiles(c)) && add_paths(s, FcConfigGetConfigDirs(c)) &&
         add_paths(s, FcConfigGetFontDirs(c)) && add_paths(s, FcConfigGetCacheDirs(c));
    if (!ok)
        sah_fontstamp_clear(s);
    return ok;
}

bool sah_fontstamp_current(const sah_fontstamp_t *s)
{
    if (!s || s->n == 0)
        return false;
    for (size_t i = 0; i < s->n; i++) {
        const entry_t *e = &s->e[i];
        if (e->is_env) {
            const char *now = getenv(e->name);
            if ((now == NULL) != (e->value == NULL) || (now && strcmp(now, e->value) != 0))
                return false;
        } else {
            long long sec, nsec;
            time_of(e->name, &sec, &nsec);
            if (sec != e->sec || (sec >= 0 && nsec != e->nsec))
                return false;
        }
    }
    return true;
}

/* The lines: "\tE\tNAME" (unset) or "\tE\tNAME\tVALUE"; "\tP\tSEC\tNSEC\tPATH"
 * (SEC -1: missing). */
bool sah_fontstamp_write(const sah_fontstamp_t *s, FILE *f)
{
    bool ok = true;
    for (size_t i = 0; ok && i < s->n; i++) {
        const entry_t *e = &s->e[i];
        if (e->is_env && e->value)
            ok = fprintf(f, "\tE\t%s\t%s\n", e->name, e->value) > 0;
        else if (e->is_env)
            ok = fprintf(f, "\tE\t%s\n", e->name) > 0;
        else
            ok = fprintf(f, "\tP\t%lld\t%lld\t%s\n", e->sec, e->nsec, e->name) > 0;
    }
    return ok;
}

/* A whole decimal number ending at a tab; @q at its first character. */
static bool number(const char **q, long long *v)
{
    char *end;
    errno = 0;
    *v = strtoll(*q, &end, 10);
    if (end == *q || *end != '\t' || errno != 0)
        return false;
    *q = end + 1;
    return true;
}

bool sah_fontstamp_parse_line(sah_fontstamp_t *s, const char *line)
{
    if (!strncmp(line, "\tE\t", 3)) {
        const char *name = line + 3, *tab = strchr(name, '\t');
        if (!tab)
            return add(s, name, NULL, 0, 0, true);
        size_t n = (size_t)(tab - name);
        char *copy = strndup(name, n);
        bool ok = copy && n > 0 && add(s, copy, tab + 1, 0, 0, true);
        free(copy);
        return ok;
    }
    const char *q = line + 3;
    long long sec, nsec;
    if (strncmp(line, "\tP\t", 3) != 0 || !number(&q, &sec) || !number(&q, &nsec) || *q != '/' ||
        sec < -1)
        return false;
    return add(s, q, NULL, sec, nsec, false);
}
