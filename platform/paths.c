/* paths.c - see paths.h. */
#include "platform/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Creates the folder @path, durably: POSIX makes a new entry durable only
 * once its folder is fsynced, and a power cut would otherwise take the new
 * folder and all written into it. A folder that could not be made durable
 * is removed, so that the next call creates (and syncs) it again rather
 * than trusting it. */
static bool make_dir(char *path)
{
    if (mkdir(path, 0700) != 0)
        return errno == EEXIST;
    char *slash = strrchr(path, '/');
    if (!slash)
        return true;
    *slash = 0;
    int fd = open(slash == path ? "/" : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *slash = '/';
    bool ok = fd >= 0 && fsync(fd) == 0;
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (!ok)
        rmdir(path);
    errno = err;
    return ok;
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
        if (!make_dir(copy)) {
            free(copy);
            return false;
        }
        *p = '/';
    }
    bool ok = make_dir(copy);
    free(copy);
    return ok;
}

char *sah_path_locale_dir(void)
{
    const char *env = getenv("SAHIFA_LOCALEDIR");
    return strdup(env && env[0] == '/' ? env : SAH_LOCALEDIR);
}
