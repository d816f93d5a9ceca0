/* photos.c - see photos.h. */
#include "app/ui/photos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/content/figure.h"
#include "platform/log.h"
#include "render/image/imagecache.h"

typedef struct {
    int w, h;    /* as shown; 0x0 unknown */
    bool failed; /* logged; a placeholder for good */
} photo_t;

struct sah_photos {
    sah_imagecache_t *cache; /* owned */
    const sah_article_t *a;  /* not owned */
    char *path;              /* owned */
    photo_t *p;              /* owned, one per figure */
    size_t n;
};

sah_photos_t *sah_photos_new(size_t budget)
{
    sah_photos_t *ph = calloc(1, sizeof *ph);
    if (!ph || !(ph->cache = sah_imagecache_new(budget))) {
        free(ph);
        sah_log("photos: out of memory");
        return NULL;
    }
    return ph;
}

void sah_photos_free(sah_photos_t *ph)
{
    if (!ph)
        return;
    sah_imagecache_free(ph->cache);
    free(ph->path);
    free(ph->p);
    free(ph);
}

/* Photo @i's file, or NULL (*@err says why; nothing logged). */
static uint8_t *read_photo(const sah_photos_t *ph, size_t i, size_t *n, int *err)
{
    return (uint8_t *)sah_figure_read(ph->path, sah_article_figure(ph->a, i),
                                      SAH_IMAGE_MAX_FILE_BYTES, n, err);
}

/* Marks photo @i as never to be shown, with the one line that says why. */
static void fail(sah_photos_t *ph, size_t i, const char *why)
{
    ph->p[i].failed = true;
    sah_log("%s: photo %s: %s", ph->path, sah_article_figure(ph->a, i)->src, why);
}

bool sah_photos_set_article(sah_photos_t *ph, const sah_article_t *a, const char *path)
{
    free(ph->p);
    free(ph->path);
    ph->p = NULL;
    ph->path = NULL;
    ph->n = 0;
    ph->a = NULL;
    if (!a)
        return true;
    size_t n = sah_article_n_figures(a);
    if (!(ph->path = strdup(path ? path : "")) || !(ph->p = calloc(n ? n : 1, sizeof *ph->p))) {
        free(ph->path);
        ph->path = NULL;
        sah_log("%s: out of memory for its photos", path);
        return false;
    }
    ph->a = a;
    ph->n = n;
    for (size_t i = 0; i < n; i++) {
        /* The whole file: a header can sit behind 64 KB of EXIF, and the
         * page cache keeps it for the decode that follows. */
        size_t len;
        int err;
        uint8_t *b = read_photo(ph, i, &len, &err);
        sah_image_error_t ie;
        if (!b)
            fail(ph, i, sah_figure_strerror(err));
        else if (!sah_image_probe(b, len, &ph->p[i].w, &ph->p[i].h, &ie))
            fail(ph, i, ie.reason);
        free(b);
    }
    return true;
}

void sah_photos_size(const sah_photos_t *ph, size_t i, int *w, int *h)
{
    bool known = i < ph->n && !ph->p[i].failed;
    *w = known ? ph->p[i].w : 0;
    *h = known ? ph->p[i].h : 0;
}

/* The cache's name for photo @i: the article and the photo as written
 * (another article's photo of the same name is another file). */
static char *key_of(const sah_photos_t *ph, size_t i)
{
    const char *src = sah_article_figure(ph->a, i)->src;
    size_t n = strlen(ph->path) + strlen(src) + 2;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s\n%s", ph->path, src);
    return k;
}

/* Looks photo @i up: true when the cache knows it (*@img NULL for one
 * refused). */
static bool lookup(sah_photos_t *ph, size_t i, int w, int h, sah_pixfmt_t fmt,
                   const sah_image_t **img)
{
    *img = NULL;
    char *k = key_of(ph, i);
    bool known = k && sah_imagecache_get(ph->cache, k, w, h, fmt, img);
    free(k);
    return known;
}

/* Photo @i decoded into a @w x @h box, enlarged to fill it when it is
 * smaller (its aspect kept); NULL with @err filled. */
static sah_image_t *decode(sah_photos_t *ph, size_t i, int w, int h, sah_pixfmt_t fmt,
                           sah_image_error_t *err)
{
    size_t len;
    int e;
    uint8_t *b = read_photo(ph, i, &len, &e);
    if (!b) {
        err->status = SAH_IMAGE_ERR_CORRUPT;
        snprintf(err->reason, sizeof err->reason, "%s", sah_figure_strerror(e));
        return NULL;
    }
    sah_image_t *img = sah_image_decode(b, len, w, h, fmt, err);
    free(b);
    if (!img)
        return NULL;
    int iw = sah_image_width(img), ih = sah_image_height(img);
    /* The box has the photo's aspect; fill it on the side that binds. */
    int64_t ew = w, eh = (int64_t)ih * w / iw;
    if (eh > h) {
        eh = h;
        ew = (int64_t)iw * h / ih;
    }
    if (ew > iw && eh > ih) {
        sah_image_t *big = sah_image_enlarge(img, (int)ew, (int)eh, err);
        sah_image_free(img);
        img = big;
    }
    return img;
}

bool sah_photos_decode(sah_photos_t *ph, size_t i, int w, int h, sah_pixfmt_t fmt)
{
    const sah_image_t *had;
    if (i >= ph->n || ph->p[i].failed || w < 1 || h < 1)
        return false;
    if (lookup(ph, i, w, h, fmt, &had))
        return had != NULL;
    sah_image_error_t err;
    sah_image_t *img = decode(ph, i, w, h, fmt, &err);
    char *k = key_of(ph, i);
    if (!img)
        fail(ph, i, err.reason);
    const sah_image_t *kept = NULL;
    if (k) /* out of memory for the entry: logged, and the image freed */
        kept = sah_imagecache_put(ph->cache, k, w, h, fmt, img);
    else
        sah_image_free(img);
    free(k);
    return kept != NULL;
}

bool sah_photos_draw(sah_photos_t *ph, sah_ui_t *ui, sah_pagebuf_t *buf, size_t i, int x, int y,
                     int w, int h)
{
    const sah_image_t *img = NULL;
    bool final = i >= ph->n || ph->p[i].failed;
    if (!final)
        final = lookup(ph, i, w, h, sah_pagebuf_format(buf), &img);
    if (img) {
        int iw = sah_image_width(img), ih = sah_image_height(img);
        if (sah_image_draw(img, buf, x + (w - iw) / 2, y + (h - ih) / 2))
            return true;
        /* not drawn (logged): the placeholder then */
    }
    int in[4];
    sah_image_draw_placeholder(buf, x, y, w, h, in);
    const char *alt = i < ph->n ? sah_article_figure(ph->a, i)->alt : NULL;
    if (alt && *alt && in[2] > 0 && in[3] >= sah_ui_pitch(ui, SAH_UI_SMALL)) {
        int base = in[1] + (in[3] + sah_ui_ascent(ui, SAH_UI_SMALL)) / 2;
        (void)sah_ui_text(ui, buf, SAH_UI_SMALL, alt, in[0], base, in[2], SAH_UI_CENTER);
    }
    return final;
}
