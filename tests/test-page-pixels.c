/*
 * test-page-pixels.c - a whole page from the engine (layout, pagination,
 * rasterizer) against an independent composition: for every line on the
 * page, libraqm shapes the line's text, and this test places raqm's glyphs
 * itself (right-aligned for RTL paragraphs, as start alignment requires) and
 * draws them straight from FreeType with the rounding and compositing rules
 * documented in render/raster/raster.h. The page buffers must be identical.
 *
 * One font (Noto Naskh Arabic), no justification: raqm neither falls back
 * nor justifies, so this isolates shaping, bidi, line placement and pixels.
 */
#include <math.h>
#include <raqm.h>

#include "fonts/fontchain.h"
#include "render/page/pager.h"
#include "testutil.h"
#include FT_OUTLINE_H

static FT_Face face;

static void draw_glyph(uint8_t *canvas, int w, int h, uint32_t gid, int32_t x, int32_t y)
{
    double q = floor(x / 16.0 + 0.5); /* quarter pixels, ties up */
    double px = floor(q / 4.0);
    int phase = (int)(q - 4.0 * px);
    double py = floor(y / 64.0 + 0.5);
    if (FT_Load_Glyph(face, gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP))
        return;
    FT_Outline_Translate(&face->glyph->outline, phase * 16, 0);
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
        return;
    const FT_Bitmap *bm = &face->glyph->bitmap;
    for (unsigned r = 0; r < bm->rows; r++) {
        for (unsigned k = 0; k < bm->width; k++) {
            double cx = px + face->glyph->bitmap_left + k, cy = py - face->glyph->bitmap_top + r;
            if (cx < 0 || cy < 0 || cx >= w || cy >= h)
                continue;
            uint8_t *d = &canvas[(size_t)cy * (size_t)w + (size_t)cx];
            int v = *d + bm->buffer[r * bm->pitch + k];
            *d = (uint8_t)(v > 255 ? 255 : v);
        }
    }
}

int main(void)
{
    char *path = sah_font_find("Noto Naskh Arabic");
    if (!path) {
        printf("Noto Naskh Arabic not installed: SKIP\n");
        return SKIP;
    }
    char *sp = t_src_path("assets/articles/seed-article-ar.txt");
    size_t n;
    char *bytes = t_read_file(sp, &n);
    free(sp);
    FT_Library ft;
    if (!bytes || FT_Init_FreeType(&ft) || FT_New_Face(ft, path, 0, &face) ||
        FT_Set_Char_Size(face, 0, 20 * 64, 72, 72))
        return 1;

    sah_text_t *t = sah_text_new(bytes, n);
    sah_geometry_t g;
    sah_geometry_default(&g);
    g.width = 900;
    g.height = 640;
    g.margin = 20;
    g.roles[SAH_ROLE_BODY].align = SAH_ALIGN_START;
    g.exact_fonts = true; /* raqm has no fallback fonts */
    sah_pager_t *pg = sah_pager_new(t, NULL, 0, path, &g);
    sah_glyphcache_t *gc = sah_glyphcache_new(1 << 20, SAH_HINT_LIGHT);
    sah_pagebuf_t *pb = sah_pagebuf_new(SAH_PIXFMT_A8, g.width, g.height);
    uint8_t *canvas = calloc((size_t)g.width * (size_t)g.height, 1);
    CHECK(pg && gc && pb && canvas, "setup");
    if (!pg || !gc || !pb || !canvas)
        return 1;

    long pixels = 0, differ = 0, lines_checked = 0, inked = 0;
    for (size_t pi = 0; pi < 2; pi++) {
        sah_page_t *page = sah_pager_page(pg, pi);
        CHECK(page != NULL, "page %zu", pi);
        if (!page)
            break;
        sah_pagebuf_clear(pb);
        CHECK(sah_page_draw(page, pb, gc, 0, 0), "draw");
        memset(canvas, 0, (size_t)g.width * (size_t)g.height);
        const sah_lines_t *ls = sah_page_lines(page);
        for (size_t i = 0; i < sah_lines_count(ls); i++) {
            const sah_line_t *l = sah_lines_get(ls, i);
            int32_t x, base;
            sah_page_line_origin(page, i, &x, &base);
            size_t b0 = l->byte_start, b1 = l->byte_end;
            while (b1 > b0 && (bytes[b1 - 1] == ' ' || bytes[b1 - 1] == '\n'))
                b1--;
            raqm_t *rq = raqm_create();
            size_t count = 0;
            raqm_glyph_t *rg = NULL;
            if (raqm_set_text_utf8(rq, bytes + b0, b1 - b0) && raqm_set_freetype_face(rq, face) &&
                raqm_set_par_direction(rq, (l->flags & SAH_LINE_RTL) ? RAQM_DIRECTION_RTL
                                                                     : RAQM_DIRECTION_LTR) &&
                raqm_layout(rq))
                rg = raqm_get_glyphs(rq, &count);
            CHECK(rg != NULL, "raqm failed on line %zu", i);
            int32_t total = 0;
            for (size_t k = 0; k < count; k++)
                total += rg[k].x_advance;
            int32_t inner = (g.width - 2 * g.margin) * 64;
            int32_t pen = g.margin * 64 + ((l->flags & SAH_LINE_RTL) ? inner - total : 0);
            for (size_t k = 0; k < count; k++) {
                draw_glyph(canvas, g.width, g.height, rg[k].index, pen + rg[k].x_offset,
                           base - rg[k].y_offset);
                pen += rg[k].x_advance;
            }
            raqm_destroy(rq);
            lines_checked++;
        }
        size_t stride;
        const uint8_t *cov = sah_pagebuf_coverage(pb, &stride);
        for (int y = 0; y < g.height; y++) {
            for (int x = 0; x < g.width; x++) {
                uint8_t a = cov[(size_t)y * stride + (size_t)x],
                        b = canvas[(size_t)y * (size_t)g.width + (size_t)x];
                pixels++;
                inked += b != 0;
                differ += a != b;
            }
        }
        sah_page_free(page);
    }
    printf("%ld pixels of 2 pages (%ld lines, %ld inked pixels) compared with libraqm + "
           "FreeType: %ld differ\n",
           pixels, lines_checked, inked, differ);
    CHECK(lines_checked > 20 && inked > 10000, "too little compared");
    CHECK(differ == 0, "%ld pixels differ", differ);
    free(canvas);
    sah_pagebuf_free(pb);
    sah_glyphcache_free(gc);
    sah_pager_free(pg);
    sah_text_free(t);
    free(bytes);
    free(path);
    FT_Done_Face(face);
    FT_Done_FreeType(ft);
    return t_summary("test-page-pixels");
}
