/* imagecache.c - see imagecache.h. */
#include "render/image/imagecache.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"

/* One entry, its key in the same allocation. */
struct entry {
    struct entry *prev, *next; /* LRU list: head is most recent */
    int max_w, max_h;
    sah_pixfmt_t fmt;
    sah_image_t *img;          /* owned; NULL for a remembered refusal */
    sah_image_status_t status; /* why it was refused */
    size_t cost;
    char key[];
};

struct sah_imagecache {
    struct entry *head, *tail;
    sah_image_t *transient; /* owned; an oversize image, freed by the next insertion */
    sah_imagecache_stats_t st;
};

sah_imagecache_t *sah_imagecache_new(size_t budget)
{
    sah_imagecache_t *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "sahifa: image cache: out of memory\n");
        return NULL;
    }
    c->st.budget = budget;
    return c;
}

static void unlink_entry(sah_imagecache_t *c, struct entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void push_front(sah_imagecache_t *c, struct entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)           /* never a dropped entry: drop() unlinks before it frees */
        c->head->prev = e; // NOLINT(clang-analyzer-unix.Malloc)
    c->head = e;
    if (!c->tail)
        c->tail = e;
}

static void drop(sah_imagecache_t *c, struct entry *e)
{
    assert(c->st.bytes >= e->cost && c->st.entries > 0);
    unlink_entry(c, e);
    c->st.bytes -= e->cost;
    c->st.entries--;
    sah_image_free(e->img);
    free(e);
}

void sah_imagecache_clear(sah_imagecache_t *c)
{
    for (struct entry *e = c->head, *next; e; e = next) {
        next = e->next;
        sah_image_free(e->img);
        free(e);
    }
    c->head = c->tail = NULL;
    c->st.bytes = 0;
    c->st.entries = 0;
    sah_image_free(c->transient);
    c->transient = NULL;
}

void sah_imagecache_free(sah_imagecache_t *c)
{
    if (!c)
        return;
    sah_imagecache_clear(c);
    free(c);
}

static struct entry *find(sah_imagecache_t *c, const char *key, int max_w, int max_h,
                          sah_pixfmt_t fmt)
{
    for (struct entry *e = c->head; e; e = e->next)
        if (e->max_w == max_w && e->max_h == max_h && e->fmt == fmt && !strcmp(e->key, key))
            return e;
    return NULL;
}

bool sah_imagecache_get(sah_imagecache_t *c, const char *key, int max_w, int max_h,
                        sah_pixfmt_t fmt, const sah_image_t **image)
{
    struct entry *e = key ? find(c, key, max_w, max_h, fmt) : NULL;
    *image = NULL;
    if (!e) {
        c->st.misses++;
        return false;
    }
    c->st.hits++;
    unlink_entry(c, e);
    push_front(c, e);
    *image = e->img;
    return true;
}

static const sah_image_t *insert(sah_imagecache_t *c, const char *key, int max_w, int max_h,
                                 sah_pixfmt_t fmt, sah_image_t *img, sah_image_status_t status)
{
    sah_image_free(c->transient);
    c->transient = NULL;
    struct entry *old = find(c, key, max_w, max_h, fmt);
    if (old)
        drop(c, old);
    size_t klen = strlen(key);
    size_t cost = sizeof(struct entry) + klen + 1 + (img ? sah_image_bytes(img) : 0);
    if (cost > c->st.budget) {
        if (img) {
            c->st.oversize++;
            c->transient = img;
        }
        return img; /* a refusal that does not fit is simply not remembered */
    }
    /* Room first: the new entry is not allocated until the old ones are
     * gone (an eviction never meets it). */
    while (c->tail && c->st.bytes + cost > c->st.budget) {
        drop(c, c->tail); // NOLINT(clang-analyzer-unix.Malloc): drop() unlinks before it frees
        c->st.evictions++;
    }
    struct entry *e = malloc(sizeof *e + klen + 1);
    if (!e) {
        sah_log("image cache: out of memory for %s", key);
        sah_image_free(img);
        return NULL;
    }
    *e = (struct entry){
        .max_w = max_w, .max_h = max_h, .fmt = fmt, .img = img, .status = status, .cost = cost};
    memcpy(e->key, key, klen + 1);
    push_front(c, e);
    c->st.bytes += cost;
    c->st.entries++;
    assert(c->st.bytes <= c->st.budget);
    return img;
}

const sah_image_t *sah_imagecache_put(sah_imagecache_t *c, const char *key, int max_w, int max_h,
                                      sah_pixfmt_t fmt, sah_image_t *image)
{
    if (!key) {
        sah_image_free(image);
        return NULL;
    }
    return insert(c, key, max_w, max_h, fmt, image,
                  image ? SAH_IMAGE_OK : SAH_IMAGE_ERR_UNSUPPORTED);
}

const sah_image_t *sah_imagecache_decode(sah_imagecache_t *c, const char *key, const uint8_t *bytes,
                                         size_t n, int max_w, int max_h, sah_pixfmt_t fmt,
                                         sah_image_error_t *err)
{
    sah_image_error_t local;
    if (!err)
        err = &local;
    err->status = SAH_IMAGE_OK;
    err->reason[0] = 0;
    if (!key) {
        err->status = SAH_IMAGE_ERR_INVALID;
        snprintf(err->reason, sizeof err->reason, "no key");
        return NULL;
    }
    struct entry *e = find(c, key, max_w, max_h, fmt);
    if (e) {
        c->st.hits++;
        unlink_entry(c, e);
        push_front(c, e);
        if (!e->img) {
            err->status = e->status;
            snprintf(err->reason, sizeof err->reason, "refused before");
        }
        return e->img;
    }
    c->st.misses++;
    sah_image_t *img = sah_image_decode(bytes, n, max_w, max_h, fmt, err);
    if (!img)
        sah_log("image %s: %s", key, err->reason);
    return insert(c, key, max_w, max_h, fmt, img, err->status);
}

void sah_imagecache_stats(const sah_imagecache_t *c, sah_imagecache_stats_t *out)
{
    *out = c->st;
}
