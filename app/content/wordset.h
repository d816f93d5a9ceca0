/*
 * wordset.h - a set of short byte strings (words), for remembering which
 * words a pass has met already: the search index's vocabulary (search.c)
 * stems each word once, not once per occurrence.
 *
 *   sah_wordset_t *s = sah_wordset_new();
 *   bool added;
 *   if (sah_wordset_add(s, "كتاب", 8, &added) && added)
 *       ...first time...
 *   sah_wordset_free(s);
 *
 * Open addressing over one byte arena: no allocation per word.
 */
#ifndef SAH_WORDSET_H
#define SAH_WORDSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sah_wordset sah_wordset_t;

/* Returns: (transfer full) an empty set, or NULL when out of memory. */
sah_wordset_t *sah_wordset_new(void) __attribute__((warn_unused_result));

/* Frees @s; NULL is a no-op. */
void sah_wordset_free(sah_wordset_t *s);

/* Forgets every word (keeps the memory for reuse). */
void sah_wordset_clear(sah_wordset_t *s);

/* Returns: the number of words in @s. */
size_t sah_wordset_count(const sah_wordset_t *s);

/*
 * sah_wordset_add:
 * @word: bytes (not NUL-terminated), @n of them, at most 255.
 * @added: (out): true when @word was not in @s before.
 *
 * Returns: false when out of memory or @n > 255 (@s unchanged).
 */
bool sah_wordset_add(sah_wordset_t *s, const char *word, size_t n, bool *added)
    __attribute__((warn_unused_result));

#endif
