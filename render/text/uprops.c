/* uprops.c - see uprops.h. */
#include "render/text/uprops.h"

static sah_uprops_table_t table;
const sah_uprops_table_t *sah_uprops_filled;

const sah_uprops_table_t *sah_uprops_fill(void)
{
    /* Single-threaded engine (see fonts/font.c): no lock needed. */
    if (!sah_uprops_filled) {
        hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
        for (uint32_t c = 0; c < SAH_UPROPS_TABLE; c++) {
            table.gc[c] = (uint8_t)hb_unicode_general_category(uf, c);
            table.script[c] = hb_unicode_script(uf, c);
        }
        sah_uprops_filled = &table;
    }
    return &table;
}
