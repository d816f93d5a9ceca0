/* lines.c - see lines.h. */
#include "render/text/lines.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "platform/grow.h"

struct sah_lines {
    sah_line_t *lines; /* owned */
    size_t n, cap;
    sah_glyph_t *glyphs; /* owned */
    size_t ng, gcap;
};

sah_lines_t *sah_lines_new(void)
{
    return calloc(1, sizeof(sah_lines_t));
}

void sah_lines_free(sah_lines_t *l)
{
    if (!l)
        return;
    free(l->lines);
    free(l->glyphs);
    free(l);
}

void sah_lines_reset(sah_lines_t *l)
{
    l->n = 0;
    l->ng = 0;
}

void sah_lines_release(sah_lines_t *l)
{
    free(l->lines);
    free(l->glyphs);
    *l = (sah_lines_t){0};
}

size_t sah_lines_bytes(const sah_lines_t *l)
{
    return l->cap * sizeof *l->lines + l->gcap * sizeof *l->glyphs;
}

size_t sah_lines_count(const sah_lines_t *l)
{
    return l->n;
}

const sah_line_t *sah_lines_get(const sah_lines_t *l, size_t i)
{
    return i < l->n ? &l->lines[i] : NULL;
}

const sah_glyph_t *sah_lines_glyphs(const sah_lines_t *l, size_t i, size_t *n)
{
    if (i >= l->n) {
        *n = 0;
        return NULL;
    }
    *n = l->lines[i].n_glyphs;
    /* A line without glyphs may sit in a container that never held one
     * (glyphs NULL): arithmetic on a null pointer is undefined behaviour. */
    return *n ? l->glyphs + l->lines[i].first_glyph : NULL;
}

bool sah_lines_copy_line(sah_lines_t *dst, const sah_lines_t *src, size_t index)
{
    if (index >= src->n)
        return false;
    sah_line_t l = src->lines[index];
    if (!sah_grow((void **)&dst->lines, &dst->cap, dst->n + 1, sizeof *dst->lines) ||
        !sah_grow((void **)&dst->glyphs, &dst->gcap, dst->ng + l.n_glyphs, sizeof *dst->glyphs))
        return false;
    if (l.n_glyphs) /* an empty line may come from a container that never held a glyph */
        memcpy(dst->glyphs + dst->ng, src->glyphs + l.first_glyph,
               l.n_glyphs * sizeof *dst->glyphs);
    l.first_glyph = (uint32_t)dst->ng;
    dst->ng += l.n_glyphs;
    dst->lines[dst->n++] = l;
    return true;
}

sah_glyph_t *sah_lines_add_glyphs(sah_lines_t *l, size_t n)
{
    if (!sah_grow((void **)&l->glyphs, &l->gcap, l->ng + n, sizeof *l->glyphs))
        return NULL;
    sah_glyph_t *g = l->glyphs + l->ng;
    l->ng += n;
    return g;
}

size_t sah_lines_glyph_total(const sah_lines_t *l)
{
    return l->ng;
}

sah_glyph_t *sah_lines_glyphs_from(sah_lines_t *l, size_t first)
{
    return first < l->ng ? l->glyphs + first : NULL;
}

bool sah_lines_add_line(sah_lines_t *l, const sah_line_t *line)
{
    /* A line covers a range of the text, and its glyphs were added first:
     * sah_lines_glyphs() never reads past the container's glyphs. */
    assert(line->byte_start <= line->byte_end && line->cp_start <= line->cp_end);
    assert((size_t)line->first_glyph + line->n_glyphs <= l->ng);
    if (!sah_grow((void **)&l->lines, &l->cap, l->n + 1, sizeof *l->lines))
        return false;
    l->lines[l->n++] = *line;
    return true;
}
