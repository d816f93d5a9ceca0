/* figure.c - see figure.h (sah_figure_read() is figure-read.c's). */
#define _GNU_SOURCE /* strndup() */
#include "app/content/figure.h"

#include "platform/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* Whether @src starts with a URI scheme ("data:", "file:", "javascript:"):
 * letters, digits, + - . and then a colon before any '/'. (strchr() finds
 * the NUL too: it must not count as one of them.) */
static bool has_scheme(const char *src)
{
    size_t i = 0;
    while ((src[i] >= 'a' && src[i] <= 'z') || (src[i] >= 'A' && src[i] <= 'Z') ||
           (i > 0 && ((src[i] >= '0' && src[i] <= '9') || (src[i] && strchr("+-.", src[i])))))
        i++;
    return i > 0 && src[i] == ':';
}

char *sah_figure_local_path(const char *src)
{
    if (!src[0] || src[0] == '/' || sah_html_src_is_remote(src) || has_scheme(src))
        return NULL;
    size_t n = strcspn(src, "?#");
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        char c = src[i];
        if (c == '%' && i + 2 < n && (hi = hex_value(src[i + 1])) >= 0 &&
            (lo = hex_value(src[i + 2])) >= 0) {
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if ((unsigned char)c < 0x20 || c == 0x7f)
            goto bad;
        out[k++] = c;
    }
    out[k] = 0;
    /* Steps: "." dropped, ".." refused (the kernel would refuse one that
     * leaves the folder, but one that stays is a trick worth no support),
     * empty steps ("a//b") folded. */
    size_t w = 0;
    for (size_t s = 0; s <= k;) {
        size_t e = s;
        while (e < k && out[e] != '/')
            e++;
        size_t len = e - s;
        if (len == 2 && out[s] == '.' && out[s + 1] == '.')
            goto bad;
        if (len > 0 && !(len == 1 && out[s] == '.')) {
            if (w)
                out[w++] = '/';
            memmove(out + w, out + s, len);
            w += len;
        }
        s = e + 1;
    }
    out[w] = 0;
    if (w == 0)
        goto bad;
    return out;
bad:
    free(out);
    return NULL;
}

char *sah_figure_read_in_folder(const char *article_path, const sah_figure_t *f, size_t max,
                                size_t *n, int *err)
{
    int e = 0;
    char *bytes = NULL, *rel = NULL, *dir = NULL;
    *n = 0;
    if (f->remote || sah_html_src_is_remote(f->src)) {
        e = SAH_FIGURE_ERR_REMOTE;
        goto out;
    }
    if (!(rel = sah_figure_local_path(f->src))) {
        e = SAH_FIGURE_ERR_BAD_SRC;
        goto out;
    }
    const char *slash = strrchr(article_path, '/');
    if (!(dir = slash ? strndup(article_path, (size_t)(slash - article_path) + 1) : strdup("."))) {
        e = ENOMEM;
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        e = errno;
        goto out;
    }
    bytes = sah_file_read_in(dfd, rel, max, n, &e);
    close(dfd);
out:
    free(rel);
    free(dir);
    if (err)
        *err = e;
    return bytes;
}

const char *sah_figure_strerror(int err)
{
    switch (err) {
    case SAH_FIGURE_ERR_REMOTE:
        return "on the network, never fetched";
    case SAH_FIGURE_ERR_BAD_SRC:
        return "not a file beside the article";
    default:
        return sah_file_strerror(err);
    }
}
