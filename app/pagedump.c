/* pagedump.c - see pagedump.h. */
#include "app/pagedump.h"

#include "app/content/open.h"
#include "app/ui/menu.h"
#include "app/ui/reader.h"
#include "app/ui/ui.h"
#include "platform/msgcat.h"
#include "platform/rotate.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

/* The kind of the shown part holding byte @at of @a's text; NULL if none. */
static const char *kind_at(const sah_article_t *a, uint32_t at)
{
    for (size_t i = 0; i < sah_article_n_parts(a); i++) {
        const sah_part_t *p = sah_article_part(a, i);
        if (sah_part_kind_is_shown(p->kind) && p->start <= at && at < p->end)
            return sah_part_kind_name(p->kind);
    }
    return NULL;
}

static json_t *page_lines(const sah_page_t *pg, int margin)
{
    json_t *arr = json_array();
    const sah_lines_t *lines = sah_page_lines(pg);
    for (size_t i = 0; arr && i < sah_lines_count(lines); i++) {
        const sah_line_t *l = sah_lines_get(lines, i);
        size_t n;
        const sah_glyph_t *g = sah_lines_glyphs(lines, i, &n);
        int32_t x, base;
        sah_page_line_origin(pg, i, &x, &base);
        json_t *o = json_object();
        if (!o || json_object_set_new(o, "start", json_integer(l->byte_start)) ||
            json_object_set_new(o, "end", json_integer(l->byte_end)) ||
            json_object_set_new(o, "baseline", json_real(base / 64.0 - margin)) ||
            json_object_set_new(o, "px", json_real(n ? sah_font_px(g[0].font) : 0)) ||
            json_array_append_new(arr, o)) {
            json_decref(o);
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* Page @i of @r as one JSON line; false when out of memory or @out failed. */
static bool put_page(sah_reader_t *r, size_t i, size_t n, const sah_geometry_t *g, FILE *out)
{
    const sah_article_t *a = sah_reader_article(r);
    sah_page_t *pg = sah_reader_layout_page(r, i);
    if (!pg)
        return false;
    int height = g->height - 2 * g->margin;
    double used = sah_page_used_height(pg) / 64.0;
    const char *next = i + 1 < n ? kind_at(a, sah_page_byte_end(pg)) : NULL;
    json_t *o = json_object(), *lines = page_lines(pg, g->margin);
    bool ok = o && lines && !json_object_set_new(o, "page", json_integer((json_int_t)i + 1)) &&
              !json_object_set_new(o, "start", json_integer(sah_page_byte_start(pg))) &&
              !json_object_set_new(o, "end", json_integer(sah_page_byte_end(pg))) &&
              !json_object_set_new(o, "height", json_integer(height)) &&
              !json_object_set_new(o, "used", json_real(used)) &&
              !json_object_set_new(o, "blank", json_real(height - used)) &&
              !json_object_set_new(o, "pitch", json_integer(lround(g->px * g->line_height))) &&
              !json_object_set_new(o, "next", next ? json_string(next) : json_null()) &&
              !json_object_set_new(o, "lines", lines);
    if (!ok && !o)
        json_decref(lines);
    sah_page_free(pg);
    char *s = ok ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
    ok = s && fprintf(out, "%s\n", s) >= 0;
    free(s);
    json_decref(o);
    return ok;
}

int sah_pagedump(const sah_config_t *o, FILE *out)
{
    const char *path = o->dump_pages;
    int w, h, status = EXIT_FAILURE;
    sah_rotate_size(o->rotate, o->width, o->height, &w, &h);
    sah_reader_settings_t set = SAH_READER_SETTINGS_INIT;
    int d = sah_menu_digits_parse(o->digits), k = sah_menu_kashida_parse(o->kashida);
    if (d >= 0)
        set.digits = (sah_digits_t)d;
    if (k >= 0)
        set.kashida = (sah_kashida_t)k;
    sah_ui_t *ui = sah_ui_new(o->lang ? o->lang : "ar", sah_ui_scale_for(w, h));
    sah_reader_t *r = ui ? sah_reader_new(ui, o->fonts, w, h, &set) : NULL;
    sah_article_t *a = r ? sah_open_article(path, NULL, NULL) : NULL;
    if (!a || !sah_reader_open_article(r, a, path, 0)) {
        fprintf(stderr, sah_tr("sahifa: %s: cannot lay out its pages (see above)\n"), path);
        goto out;
    }
    sah_geometry_t g;
    sah_reader_geometry(r, &g);
    size_t n = sah_reader_page_count(r);
    for (size_t i = 0; i < n; i++)
        if (!put_page(r, i, n, &g, out)) {
            fprintf(stderr,
                    sah_tr("sahifa: %s: cannot write its pages (out of memory, or the output "
                           "is closed)\n"),
                    path);
            goto out;
        }
    status = fflush(out) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
out:
    sah_reader_free(r);
    sah_ui_free(ui);
    return status;
}
