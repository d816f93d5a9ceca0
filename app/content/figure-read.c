/*
 * figure-read.c - figure.h's sah_figure_read(): a photo from the article's
 * folder (figure.c) or from inside its EPUB (epub.h). Built with the EPUB
 * reader, above the articles' library, which cannot see archives.
 */
#include "app/content/epub.h"
#include "app/content/figure.h"
#include "platform/readfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Whether @name can be an entry's name inside the archive: not empty, not
 * absolute, no scheme ("data:", "file:") in its first step, no ".." step,
 * no control character. (The archive holds no entry leading out of it
 * anyway: epub-zip.c refuses the file; this refuses the request.) */
static bool entry_name_ok(const char *name)
{
    size_t first = strcspn(name, "/");
    if (!name[0] || name[0] == '/' || memchr(name, ':', first))
        return false;
    for (const char *s = name; *s;) {
        size_t len = strcspn(s, "/");
        if (len == 2 && s[0] == '.' && s[1] == '.')
            return false;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
                return false;
        s += len;
        if (*s)
            s++;
    }
    return true;
}

static char *read_in_epub(const char *file, const sah_figure_t *f, size_t max, size_t *n, int *err)
{
    char *bytes = NULL;
    if (f->remote || sah_html_src_is_remote(f->src)) {
        *err = SAH_FIGURE_ERR_REMOTE;
        return NULL;
    }
    if (!entry_name_ok(f->src)) {
        *err = SAH_FIGURE_ERR_BAD_SRC;
        return NULL;
    }
    switch (sah_epub_read_file_entry(file, f->src, max, &bytes, n)) {
    case SAH_EPUB_OK:
        *err = 0;
        return bytes;
    case SAH_EPUB_ERR_MISSING:
        *err = ENOENT;
        break;
    case SAH_EPUB_ERR_TOO_LARGE:
        *err = SAH_FILE_ERR_TOO_LARGE;
        break;
    case SAH_EPUB_ERR_NOMEM:
        *err = ENOMEM;
        break;
    default:
        *err = EIO;
        break;
    }
    *n = 0;
    return NULL;
}

char *sah_figure_read(const char *article_path, const sah_figure_t *f, size_t max, size_t *n,
                      int *err)
{
    char *file = NULL;
    size_t article;
    int e = 0;
    *n = 0;
    if (!sah_epub_split_path(article_path, &file, &article))
        return sah_figure_read_in_folder(article_path, f, max, n, err);
    char *bytes = read_in_epub(file, f, max, n, &e);
    free(file);
    if (err)
        *err = e;
    return bytes;
}
