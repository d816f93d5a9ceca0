/* rotate.c - see rotate.h. A quarter turn clockwise on a y-down screen sends
 * the page's top-left pixel to the display's top-right one and its
 * bottom-left pixel to the display's top-left one. */
#include "platform/rotate.h"

#include <string.h>

bool sah_rotate_parse(const char *s, sah_rotate_t *out)
{
    static const sah_rotate_t all[] = {SAH_ROTATE_0, SAH_ROTATE_90, SAH_ROTATE_180, SAH_ROTATE_270};
    static const char *const names[] = {"0", "90", "180", "270"};
    for (int i = 0; s && i < 4; i++) {
        if (!strcmp(s, names[i])) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

void sah_rotate_size(sah_rotate_t r, int w, int h, int *out_w, int *out_h)
{
    bool quarter = r == SAH_ROTATE_90 || r == SAH_ROTATE_270;
    *out_w = quarter ? h : w;
    *out_h = quarter ? w : h;
}

void sah_rotate_to_logical(sah_rotate_t r, int pw, int ph, int px, int py, int *lx, int *ly)
{
    switch (r) {
    case SAH_ROTATE_90:
        *lx = py;
        *ly = pw - 1 - px;
        break;
    case SAH_ROTATE_180:
        *lx = pw - 1 - px;
        *ly = ph - 1 - py;
        break;
    case SAH_ROTATE_270:
        *lx = ph - 1 - py;
        *ly = px;
        break;
    default:
        *lx = px;
        *ly = py;
        break;
    }
}

void sah_rotate_to_physical(sah_rotate_t r, int lw, int lh, int lx, int ly, int *px, int *py)
{
    switch (r) {
    case SAH_ROTATE_90:
        *px = lh - 1 - ly;
        *py = lx;
        break;
    case SAH_ROTATE_180:
        *px = lw - 1 - lx;
        *py = lh - 1 - ly;
        break;
    case SAH_ROTATE_270:
        *px = ly;
        *py = lw - 1 - lx;
        break;
    default:
        *px = lx;
        *py = ly;
        break;
    }
}
