/* bgparse.c - see bgparse.h. */
#include "app/ui/bgparse.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct sah_bgparse {
    pthread_t thread;
    bool joined;
    sah_article_rest_t *rest;
    sah_bgparse_extra_fn extra_fn;
    void (*extra_free)(void *);
    sah_bgparse_wake_fn wake;
    void *user;
    /* Written by the worker, read by the caller only after the join. */
    sah_article_t *article;
    sah_text_t *text;
    void *extra;
    atomic_bool done;
};

static void *work(void *data)
{
    sah_bgparse_t *bg = data;
    bg->article = sah_article_rest_parse(bg->rest, NULL);
    if (bg->article) {
        size_t len;
        const char *t = sah_article_text(bg->article, &len);
        bg->text = sah_text_new(t, len);
        if (bg->text && bg->extra_fn)
            bg->extra = bg->extra_fn(bg->article, bg->text);
        if (!bg->text || (bg->extra_fn && !bg->extra)) {
            fprintf(stderr, "sahifa: out of memory reading a long article\n");
            sah_text_free(bg->text);
            sah_article_free(bg->article);
            bg->text = NULL;
            bg->article = NULL;
        }
    }
    atomic_store_explicit(&bg->done, true, memory_order_release);
    if (bg->wake)
        bg->wake(bg->user);
    return NULL;
}

sah_bgparse_t *sah_bgparse_start(sah_article_rest_t *rest, sah_bgparse_extra_fn extra,
                                 void (*extra_free)(void *), sah_bgparse_wake_fn wake, void *user)
{
    sah_bgparse_t *bg = calloc(1, sizeof *bg);
    if (!bg) {
        sah_article_rest_free(rest);
        return NULL;
    }
    bg->rest = rest;
    bg->extra_fn = extra;
    bg->extra_free = extra_free;
    bg->wake = wake;
    bg->user = user;
    atomic_init(&bg->done, false);
    if (pthread_create(&bg->thread, NULL, work, bg) != 0) {
        sah_article_rest_free(rest);
        free(bg);
        return NULL;
    }
    return bg;
}

bool sah_bgparse_done(const sah_bgparse_t *bg)
{
    return atomic_load_explicit(&((sah_bgparse_t *)bg)->done, memory_order_acquire);
}

static void join(sah_bgparse_t *bg)
{
    if (!bg->joined)
        pthread_join(bg->thread, NULL);
    bg->joined = true;
}

void sah_bgparse_wait(sah_bgparse_t *bg)
{
    join(bg);
}

sah_article_t *sah_bgparse_take(sah_bgparse_t *bg, sah_text_t **text, void **extra)
{
    join(bg);
    sah_article_t *a = bg->article;
    *text = bg->text;
    *extra = bg->extra;
    bg->article = NULL;
    bg->text = NULL;
    bg->extra = NULL;
    return a;
}

void sah_bgparse_free(sah_bgparse_t *bg)
{
    if (!bg)
        return;
    join(bg);
    sah_article_free(bg->article);
    sah_text_free(bg->text);
    if (bg->extra && bg->extra_free)
        bg->extra_free(bg->extra);
    sah_article_rest_free(bg->rest);
    free(bg);
}
