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
 */
#ifndef SAH_PATHS_H
#define SAH_PATHS_H

#include <stdbool.h>

typedef enum {
    SAH_DIR_DATA,   /* $XDG_DATA_HOME/sahifa   (~/.local/share/sahifa): bundles */
    SAH_DIR_STATE,  /* $XDG_STATE_HOME/sahifa  (~/.local/state/sahifa): store, caches */
    SAH_DIR_CONFIG, /* $XDG_CONFIG_HOME/sahifa (~/.config/sahifa): sahifa.ini */
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

/* Creates @path and its missing parents with mode 0700. Returns false (errno
 * set) if it cannot; an existing directory is success. */
bool sah_path_ensure_dir(const char *path) __attribute__((warn_unused_result));

/* Joins @a and @b with one '/'. (transfer full), or NULL. */
char *sah_path_join(const char *a, const char *b);

/*
 * sah_path_locale_dir:
 *
 * The folder of the message catalogues, laid out as gettext's
 * (DIR/ar/LC_MESSAGES/sahifa.mo): $SAHIFA_LOCALEDIR when set and absolute
 * (the build tree's po/ folder, for the tests and `meson devenv`), else the
 * installed $prefix/$localedir. No build folder is compiled in.
 *
 * Returns: (transfer full) the folder (free() it), or NULL when out of memory.
 */
char *sah_path_locale_dir(void) __attribute__((warn_unused_result));

#endif
