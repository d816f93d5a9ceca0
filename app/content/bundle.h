/*
 * bundle.h - a bundle: a folder of .txt articles (and EPUB files) with an
 * optional bundle.ini.
 *
 *   sah_bundle_t *b = sah_bundle_open("assets/articles");
 *   if (b) {
 *       printf("%s: %zu files\n", sah_bundle_name(b), sah_bundle_n_files(b));
 *       for (size_t i = 0; i < sah_bundle_n_files(b); i++)
 *           puts(sah_bundle_file(b, i));      // "seed-article-ar.txt"
 *       sah_bundle_free(b);
 *   }
 *
 * bundle.ini (every key optional, see docs/article-format.md):
 *
 *   [bundle]
 *   name = دليل صحيفة
 *   publisher = sahifa
 *   source = الشرق      ; the site the articles come from
 *   date = 2024-05-01
 *   language = ar
 *   sort = file        ; file | title | date (newest first) | date-oldest
 *
 * The folder is read once, by sah_bundle_open(): the file list is a snapshot,
 * and a file may be gone by the time it is opened (the library says so).
 * Its files are opened through sah_bundle_open_dir() and platform/readfile's
 * _in() forms: a symbolic link is followed only while it stays inside the
 * folder (docs/article-format.md, "Links").
 */
#ifndef SAH_BUNDLE_H
#define SAH_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Articles listed per bundle folder. A card holding more is a mistake or an
 * attack (a million files would be indexed until memory runs out): the
 * first SAH_BUNDLE_MAX_FILES names in directory order are kept, and one line
 * says that the rest are not listed. A folder of 10,000 articles loads. */
#define SAH_BUNDLE_MAX_FILES 20000

/* A bundle.ini is a few lines; anything bigger is not one. */
#define SAH_BUNDLE_INI_MAX_BYTES ((size_t)64 * 1024)

typedef enum {
    SAH_BUNDLE_SORT_FILE = 0,    /* by file name, bytewise: the publisher numbers files */
    SAH_BUNDLE_SORT_TITLE,       /* by title, bytewise (code point order) */
    SAH_BUNDLE_SORT_DATE,        /* newest first; undated last */
    SAH_BUNDLE_SORT_DATE_OLDEST, /* oldest first; undated last */
} sah_bundle_sort_t;

typedef enum {
    SAH_BUNDLE_INI_NONE = 0, /* no bundle.ini: defaults */
    SAH_BUNDLE_INI_OK,
    SAH_BUNDLE_INI_BROKEN, /* unreadable, not UTF-8 or not INI: defaults, one line logged */
} sah_bundle_ini_t;

typedef struct sah_bundle sah_bundle_t;

/*
 * sah_bundle_open:
 * @dir: a folder.
 *
 * Lists @dir's articles (regular-looking *.txt names, hidden ones skipped)
 * and reads its bundle.ini. A broken bundle.ini is logged (one line naming
 * it) and the defaults are used: the articles still load.
 *
 * Returns: (transfer full) the bundle (sah_bundle_free() it), or NULL when
 * @dir cannot be read (one line logged) or out of memory.
 */
sah_bundle_t *sah_bundle_open(const char *dir) __attribute__((warn_unused_result));

/*
 * sah_bundle_open_fd:
 * @fd: the folder, open (platform/readfile's sah_dir_open_in()); still the
 *   caller's to close.
 * @dir: its path, for sah_bundle_dir(), messages and later opens.
 *
 * sah_bundle_open() of a folder the caller opened: the library opens each
 * subfolder beneath its root, then lists only folders it has not seen.
 */
sah_bundle_t *sah_bundle_open_fd(int fd, const char *dir) __attribute__((warn_unused_result));

/*
 * sah_bundle_open_dir:
 * @err: (out): why it failed: an errno value or a SAH_FILE_ERR_* of
 *   platform/readfile.h (ESTALE: another folder is now at that path).
 *
 * Opens the bundle's folder again, to open its files with
 * sah_file_open_in(): the very folder listed (same device and inode), even
 * if its path now leads elsewhere.
 *
 * Returns: (transfer full) the folder's descriptor (close() it), or -1.
 */
int sah_bundle_open_dir(const sah_bundle_t *b, int *err) __attribute__((warn_unused_result));

/* The folder's identity (device and inode), the same for every path that
 * leads to it. */
void sah_bundle_folder_id(const sah_bundle_t *b, dev_t *dev, ino_t *ino);

/* Whether the folder held more than SAH_BUNDLE_MAX_FILES articles, of which
 * only the first were listed. */
bool sah_bundle_more_files(const sah_bundle_t *b);

/* Frees @b; NULL is a no-op. */
void sah_bundle_free(sah_bundle_t *b);

/* Whether @dir looks like a bundle: it has a bundle.ini, a *.txt or a *.epub file.
 * Reads the folder; false when it cannot. */
bool sah_bundle_is_bundle(const char *dir);

/* The getters return (transfer none) strings owned by @b, valid until
 * sah_bundle_free(). */
const char *sah_bundle_dir(const sah_bundle_t *b);       /* as given to open */
const char *sah_bundle_name(const sah_bundle_t *b);      /* bundle.ini, else the folder's name */
const char *sah_bundle_publisher(const sah_bundle_t *b); /* nullable */
/* The site or paper the articles come from, for those that name none
 * (front matter, dateline): nullable. */
const char *sah_bundle_source(const sah_bundle_t *b);
const char *sah_bundle_date(const sah_bundle_t *b);     /* nullable */
const char *sah_bundle_language(const sah_bundle_t *b); /* nullable */
sah_bundle_sort_t sah_bundle_sort(const sah_bundle_t *b);
sah_bundle_ini_t sah_bundle_ini_status(const sah_bundle_t *b);

/* Returns: the number of article files. */
size_t sah_bundle_n_files(const sah_bundle_t *b);

/* Returns: (transfer none) file @i's name within the folder (sorted
 * bytewise), owned by @b; NULL when @i is out of range. */
const char *sah_bundle_file(const sah_bundle_t *b, size_t i);

/* The folder's EPUB files (*.epub, any case; hidden names skipped),
 * listed apart from the text articles so that what reads only text
 * (sitelines, import) does not meet them. They count towards
 * SAH_BUNDLE_MAX_FILES with the articles. */
size_t sah_bundle_n_epubs(const sah_bundle_t *b);
/* Returns: (transfer none) EPUB @i's name (sorted bytewise), owned by @b;
 * NULL when @i is out of range. */
const char *sah_bundle_epub(const sah_bundle_t *b, size_t i);

#endif
