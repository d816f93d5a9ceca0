/* wordset.c - see wordset.h. */
#include "app/content/wordset.h"

#include "platform/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sah_wordset {
    char *arena; /* each word as its length byte, then its bytes */
    size_t n_arena, cap_arena;
    size_t *slots; /* offset in the arena + 1; 0 = empty */
    size_t n_slots, count;
};

static uint32_t hash_of(const char *w, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

sah_wordset_t *sah_wordset_new(void)
{
    return calloc(1, sizeof(sah_wordset_t));
}

void sah_wordset_free(sah_wordset_t *s)
{
    if (!s)
        return;
    free(s->arena);
    free(s->slots);
    free(s);
}

void sah_wordset_clear(sah_wordset_t *s)
{
    if (s->slots)
        memset(s->slots, 0, s->n_slots * sizeof *s->slots);
    s->n_arena = 0;
    s->count = 0;
}

size_t sah_wordset_count(const sah_wordset_t *s)
{
    return s->count;
}

/* The slot that holds @w, or the empty one where it would go. */
static size_t *slot_of(const sah_wordset_t *s, const char *w, size_t n)
{
    size_t mask = s->n_slots - 1;
    for (size_t i = hash_of(w, n) & mask;; i = (i + 1) & mask) {
        size_t at = s->slots[i];
        if (!at)
            return &s->slots[i];
        const char *e = s->arena + at - 1;
        if ((unsigned char)e[0] == n && memcmp(e + 1, w, n) == 0)
            return &s->slots[i];
    }
}

/* Doubles the table (kept at most half full, so probes stay short). */
static bool rehash(sah_wordset_t *s)
{
    size_t n = s->n_slots ? s->n_slots * 2 : 1024;
    size_t *old = s->slots, n_old = s->n_slots;
    if (n > SIZE_MAX / sizeof *old || !(s->slots = calloc(n, sizeof *old))) {
        s->slots = old;
        return false;
    }
    s->n_slots = n;
    for (size_t i = 0; i < n_old; i++) {
        if (old[i]) {
            const char *e = s->arena + old[i] - 1;
            *slot_of(s, e + 1, (unsigned char)e[0]) = old[i];
        }
    }
    free(old);
    return true;
}

bool sah_wordset_add(sah_wordset_t *s, const char *word, size_t n, bool *added)
{
    *added = false;
    if (n > 255 || ((s->count + 1) * 2 > s->n_slots && !rehash(s)))
        return false;
    size_t *slot = slot_of(s, word, n);
    if (*slot)
        return true;
    if (!sah_grow((void **)&s->arena, &s->cap_arena, s->n_arena + 1 + n, 1))
        return false;
    s->arena[s->n_arena] = (char)n;
    memcpy(s->arena + s->n_arena + 1, word, n);
    *slot = s->n_arena + 1;
    s->n_arena += 1 + n;
    s->count++;
    *added = true;
    return true;
}
