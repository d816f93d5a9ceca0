/*
 * bgparse.h - the whole parse of a long article on a worker thread, while
 * the reader shows the pages of its head (article.h's
 * sah_article_load_head()).
 *
 *   sah_bgparse_t *bg = sah_bgparse_start(rest, wake, video);  // rest is bg's
 *   ...                                  // the main loop reads input meanwhile
 *   if (sah_bgparse_done(bg)) {          // or at once: take() waits
 *       sah_text_t *text;
 *       sah_article_t *a = sah_bgparse_take(bg, &text);
 *       ...
 *   }
 *   sah_bgparse_free(bg);
 *
 * Why a thread rather than idle steps of at most 2 M instructions: the
 * whole parse is about 1.3 G instructions in an 8 MiB article (decode,
 * classify, identity hash, the code points the pager reads), written as
 * whole-text passes (repeats and chrome are decided over every line); cut
 * into 2 M slices it would be a state machine of every pass, while a
 * thread runs the very code `sahifa --dump-article` runs, so the article
 * swapped in is that one by construction. The Pi 3 has four cores. The
 * worker touches only what it owns (the file's bytes, a copy of the site's
 * lines, the article and text it builds); the caller gets them only after
 * the worker has ended (a join).
 */
#ifndef SAH_BGPARSE_H
#define SAH_BGPARSE_H

#include "app/content/article.h"
#include "render/text/text.h"

#include <stdbool.h>

typedef struct sah_bgparse sah_bgparse_t;

/* Called on the worker thread once the parse has ended: must be safe to
 * call from any thread (main.c's wakes the event loop). */
typedef void (*sah_bgparse_wake_fn)(void *user);

/* What the caller builds from the article on the worker too (the pager's
 * blocks, its contents: work that grows with the article), run after the
 * parse on the worker's own article and text; NULL when out of memory.
 * It must read nothing but them. */
typedef void *(*sah_bgparse_extra_fn)(const sah_article_t *a, const sah_text_t *t);

/*
 * sah_bgparse_start:
 * @rest: (transfer full): the file to parse.
 * @extra: (nullable): built after the parse, on the worker.
 * @extra_free: frees what @extra returned (with what take() did not take).
 * @wake: (nullable): told when the parse has ended.
 *
 * Returns: (transfer full) the running parse, or NULL when no thread could
 * be started (out of memory; @rest is freed then too).
 */
sah_bgparse_t *sah_bgparse_start(sah_article_rest_t *rest, sah_bgparse_extra_fn extra,
                                 void (*extra_free)(void *), sah_bgparse_wake_fn wake, void *user)
    __attribute__((warn_unused_result));

/* Whether the parse has ended (take() will not wait). */
bool sah_bgparse_done(const sah_bgparse_t *bg);

/* Waits for the parse to end (what take() would wait for). */
void sah_bgparse_wait(sah_bgparse_t *bg);

/*
 * sah_bgparse_take:
 * Waits for the parse to end.
 * @text: (out) (transfer full): the article's text as the pager reads it.
 * @extra: (out) (transfer full): what the extra function built.
 * Returns: (transfer full) the whole article, or NULL (its failure logged
 * by the parse, or out of memory); then *@text and *@extra are NULL. Once
 * only.
 */
sah_article_t *sah_bgparse_take(sah_bgparse_t *bg, sah_text_t **text, void **extra)
    __attribute__((warn_unused_result));

/* Waits for the parse to end and frees it with what was not taken; NULL is
 * a no-op. */
void sah_bgparse_free(sah_bgparse_t *bg);

#endif
