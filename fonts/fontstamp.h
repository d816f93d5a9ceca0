/*
 * fontstamp.h - whether fontconfig would still give the answers it gave
 * when a stamp was taken, told without loading fontconfig.
 *
 * Loading fontconfig's configuration (FcInit: every file of
 * /etc/fonts/conf.d parsed, every font folder's cache read) is about 40
 * million instructions; the stamp asks the file system instead. It holds
 * the modification time of everything fontconfig read (its configuration
 * files and folders, its font folders and their subfolders, its cache
 * folders; those that were missing as missing) and the environment that
 * chooses them (FONTCONFIG_FILE, HOME, the XDG folders, the locale). A
 * font installed, removed or replaced changes its folder's time (a package
 * unpacks beside and renames), fc-cache changes the cache folder's, an
 * edited configuration file its own: what FcConfigUptoDate() compares, and
 * the caches besides. Not seen, as by FcConfigUptoDate(): a configuration
 * file created where none was read (a first ~/.config/fontconfig/fonts.conf).
 *
 *   sah_fontstamp_t *s = sah_fontstamp_new();
 *   sah_fontstamp_take(s);           // fontconfig loaded: what it read now
 *   ...                              // written with sah_fontstamp_write(),
 *   if (sah_fontstamp_current(s))    // read back with _parse_line(), later:
 *       use the answers;             // nothing changed since
 *
 * Not thread-safe; one object per caller.
 */
#ifndef SAH_FONTSTAMP_H
#define SAH_FONTSTAMP_H

#include <stdbool.h>
#include <stdio.h>

typedef struct sah_fontstamp sah_fontstamp_t;

/* An empty stamp (never current). Returns: (transfer full) free with
 * sah_fontstamp_free(); NULL when out of memory. */
sah_fontstamp_t *sah_fontstamp_new(void);

/* Frees @s; NULL is a no-op. */
void sah_fontstamp_free(sah_fontstamp_t *s);

/* Replaces what @s holds with what fontconfig's current configuration read
 * (FcInit() if it was not loaded yet) and the environment now. false, @s
 * left empty, when fontconfig cannot be loaded or the stamp cannot be
 * kept (more than SAH_FONTSTAMP_MAX entries, a name with a tab or a line
 * end, out of memory). */
bool sah_fontstamp_take(sah_fontstamp_t *s) __attribute__((warn_unused_result));

/* Whether @s holds anything and every entry is as it was: each path's time
 * (or still missing), each variable's value (or still unset). stat() only:
 * fontconfig is not loaded. */
bool sah_fontstamp_current(const sah_fontstamp_t *s);

/* Writes @s's entries to @f, one line each, every line starting with a tab
 * (so that they cannot be taken for another line of the file they are
 * kept in). false on a write error. */
bool sah_fontstamp_write(const sah_fontstamp_t *s, FILE *f);

/* Adds the entry of one line that sah_fontstamp_write() wrote (@line
 * without its line end, NUL-terminated). false, @s unchanged, when it is
 * not one or @s is full. */
bool sah_fontstamp_parse_line(sah_fontstamp_t *s, const char *line);

/* Empties @s (never current). */
void sah_fontstamp_clear(sah_fontstamp_t *s);

/* Entries a stamp holds at most: a desktop with every font package has a
 * few hundred font folders. */
#define SAH_FONTSTAMP_MAX 4096

#endif
