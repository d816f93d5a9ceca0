/*
 * paths.h - where sahifa keeps things, per the XDG Base Directory spec.
 *
 *   char *state = sah_path_dir(SAH_DIR_STATE, NULL);  // ~/.local/state/sahifa
 *   char *bundles = sah_path_dir(SAH_DIR_DATA, "bundles");
 *   ...
 *   free(state); free(bundles);
 *
 * Directories are created (mode 0700, parents too) on demand by
 * sah_path_ensure_dir(); sah_path_dir() only computes the name.
 *
 * What was installed with the app (the bundled articles, the translations) is
 * found at run time, never through a path compiled in from the build:
 * sah_path_share() looks beside the executable first (bin/../share, which
 * is also how the build tree's build/share/sahifa, a link to the source's
 * assets/, is found), then in $XDG_DATA_DIRS, then under the install
 * prefix. The same binary thus works installed, relocated and in the
 * build tree, and two builds in different folders install the same bytes.
 */
#ifndef SAH_PATHS_H
#define SAH_PATHS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SAH_DIR_DATA,   /* $XDG_DATA_HOME/sahifa   (~/.local/share/sahifa): bundles */
    SAH_DIR_STATE,  /* $XDG_STATE_HOME/sahifa  (~/.local/state/sahifa): store (bookmarks) */
    SAH_DIR_CONFIG, /* $XDG_CONFIG_HOME/sahifa (~/.config/sahifa): sahifa.ini */
    SAH_DIR_CACHE,  /* $XDG_CACHE_HOME/sahifa  (~/.cache/sahifa): library index, font memo */
} sah_dir_t;

/*
 * sah_path_dir:
 * @which: which base directory.
 * @sub: (nullable): a relative path to append, e.g. "bundles".
 *
 * A relative or empty XDG_* variable is ignored, as the spec requires.
 *
 * Returns: (transfer full) the path (free() it), or NULL when neither the
 * XDG variable nor HOME is usable, or out of memory.
 */
char *sah_path_dir(sah_dir_t which, const char *sub);

/*
 * sah_path_config_files:
 * @name: a file name, e.g. "sahifa.ini".
 * @n: (out): how many paths are returned.
 *
 * The places of a configuration file, least important first, so that each
 * file read overrides the ones before it: $XDG_CONFIG_DIRS/sahifa/@name
 * (default /etc/xdg; the spec lists the most important first, so they are
 * returned last to first), then $XDG_CONFIG_HOME/sahifa/@name (the user's,
 * read last). Relative entries are ignored, as the spec requires. The
 * files need not exist.
 *
 * Returns: (transfer full) an array of @n paths; free it with
 * sah_path_list_free(). NULL (and @n 0) when out of memory.
 */
char **sah_path_config_files(const char *name, size_t *n) __attribute__((warn_unused_result));

/* Frees an array of @n paths from sah_path_config_files(); NULL is a no-op. */
void sah_path_list_free(char **paths, size_t n);

/*
 * sah_path_share:
 * @sub: a folder under the data directory, e.g. "sahifa".
 *
 * The first of these that is a folder: DIR/../share/@sub where DIR holds
 * the running executable (a relocated install, the build tree's
 * build/share); each absolute $XDG_DATA_DIRS entry (default
 * /usr/local/share:/usr/share); the install prefix's datadir.
 *
 * Returns: (transfer full) the folder (free() it). When none exists, the
 * install prefix's (which a caller then finds missing and says so); NULL
 * only when out of memory.
 */
char *sah_path_share(const char *sub) __attribute__((warn_unused_result));

/* Creates @path and its missing parents with mode 0700. Returns false (errno
 * set) if it cannot; an existing directory is success. */
bool sah_path_ensure_dir(const char *path) __attribute__((warn_unused_result));

/* Joins @a and @b with one '/'. (transfer full), or NULL. */
char *sah_path_join(const char *a, const char *b);

/*
 * sah_path_locale_dir:
 *
 * The folder of the message catalogues, laid out as gettext's
 * (DIR/ar/LC_MESSAGES/sahifa.mo), found as sah_path_share() finds the
 * data: $SAHIFA_LOCALEDIR when set and absolute (a translator's catalogues
 * tried without installing them); else DIR/../share/locale (meson's
 * localedir, relative to its bindir) where DIR holds the running
 * executable, when it is a folder: an install anywhere, and the build
 * tree's build/share/locale, a link to build/po where the .mo files are
 * compiled; else the install prefix's localedir. No build folder is
 * compiled in.
 *
 * Returns: (transfer full) the folder (free() it), or NULL when out of memory.
 */
char *sah_path_locale_dir(void) __attribute__((warn_unused_result));

#endif
