/* paths.c - see paths.h. */
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *sah_path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    while (la > 1 && a[la - 1] == '/')
        la--;
    while (lb && *b == '/')
        b++, lb--;
    char *p = malloc(la + 1 + lb + 1);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    p[la] = '/';
    memcpy(p + la + 1, b, lb);
    p[la + 1 + lb] = 0;
    return p;
}

char *sah_path_dir(sah_dir_t which, const char *sub)
{
    static const char *const vars[] = {"XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"};
    static const char *const fallback[] = {".local/share", ".local/state", ".config"};
    char *base = NULL, *dir, *out;
    const char *v = getenv(vars[which]);

    if (v && v[0] == '/') {
        base = strdup(v);
    } else {
        const char *home = getenv("HOME");
        if (!home || home[0] != '/')
            return NULL;
        base = sah_path_join(home, fallback[which]);
    }
    if (!base)
        return NULL;
    dir = sah_path_join(base, "sahifa");
    free(base);
    if (!dir || !sub || !*sub)
        return dir;
    out = sah_path_join(dir, sub);
    free(dir);
    return out;
}

bool sah_path_ensure_dir(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return true;
        errno = ENOTDIR;
        return false;
    }
    char *copy = strdup(path);
    if (!copy)
        return false;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            free(copy);
            return false;
        }
        *p = '/';
    }
    bool ok = mkdir(copy, 0700) == 0 || errno == EEXIST;
    free(copy);
    return ok;
}
