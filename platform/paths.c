/* paths.c - see paths.h. */
#include "platform/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
    static const char *const vars[] = {"XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME",
                                       "XDG_CACHE_HOME"};
    static const char *const fallback[] = {".local/share", ".local/state", ".config", ".cache"};
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

void sah_path_list_free(char **paths, size_t n)
{
    if (!paths)
        return;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Appends DIR/sahifa/@name to @list for each absolute entry of the
 * colon-separated @dirs, last entry first. */
static bool add_config_dirs(char **list, size_t *n, const char *dirs, const char *name)
{
    const char *end = dirs + strlen(dirs);
    while (end > dirs) {
        const char *start = end;
        while (start > dirs && start[-1] != ':')
            start--;
        size_t len = (size_t)(end - start);
        end = start > dirs ? start - 1 : dirs;
        if (!len || *start != '/')
            continue;
        char *base = strndup(start, len), *dir = base ? sah_path_join(base, "sahifa") : NULL;
        list[*n] = dir ? sah_path_join(dir, name) : NULL;
        free(base);
        free(dir);
        if (!list[*n])
            return false;
        (*n)++;
    }
    return true;
}

char **sah_path_config_files(const char *name, size_t *n)
{
    const char *dirs = getenv("XDG_CONFIG_DIRS");
    if (!dirs || !*dirs)
        dirs = "/etc/xdg";
    /* At most one path per ':' plus one, and the user's. */
    size_t cap = 2;
    for (const char *p = dirs; *p; p++)
        cap += *p == ':';
    char **list = calloc(cap, sizeof *list);
    *n = 0;
    if (!list || !add_config_dirs(list, n, dirs, name))
        goto fail;
    char *user = sah_path_dir(SAH_DIR_CONFIG, name);
    if (user)
        list[(*n)++] = user;
    return list;
fail:
    sah_path_list_free(list, *n);
    *n = 0;
    return NULL;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/@step/@sub for the folder DIR of the running executable, when it is
 * a folder; else NULL. The relative @step (bindir to datadir, "../share" by
 * default, or to localedir) is what meson's options say; the folder itself
 * is learnt at run time. */
#if defined(SAH_BINDIR_TO_DATADIR) || defined(SAH_BINDIR_TO_LOCALEDIR)
static char *beside_executable(const char *step, const char *sub)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return NULL;
    exe[len] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    char *base = sah_path_join(exe, step);
    char *dir = base && sub ? sah_path_join(base, sub) : base;
    if (dir != base)
        free(base);
    if (is_dir(dir))
        return dir;
    free(dir);
    return NULL;
}
#endif

char *sah_path_share(const char *sub)
{
#ifdef SAH_BINDIR_TO_DATADIR
    char *beside = beside_executable(SAH_BINDIR_TO_DATADIR, sub);
    if (beside)
        return beside;
#endif
    const char *dirs = getenv("XDG_DATA_DIRS");
    if (!dirs || !*dirs)
        dirs = "/usr/local/share:/usr/share";
    for (const char *p = dirs; *p;) {
        size_t len = strcspn(p, ":");
        if (len && *p == '/') {
            char *base = strndup(p, len);
            char *dir = base ? sah_path_join(base, sub) : NULL;
            free(base);
            if (is_dir(dir))
                return dir;
            free(dir);
        }
        p += len + (p[len] == ':');
    }
    return sah_path_join(SAH_INSTALL_DATADIR, sub);
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
    if (env && env[0] == '/')
        return strdup(env);
#ifdef SAH_BINDIR_TO_LOCALEDIR
    char *dir = beside_executable(SAH_BINDIR_TO_LOCALEDIR, NULL);
    if (dir)
        return dir;
#endif
    return strdup(SAH_INSTALL_LOCALEDIR);
}
