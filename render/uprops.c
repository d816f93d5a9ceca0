/* uprops.c - see uprops.h. */
#include "uprops.h"

static sah_uprops_table_t table;
static bool filled;

const sah_uprops_table_t *sah_uprops_table(void)
{
    /* Single-threaded engine (see fonts/font.c): no lock needed. */
    if (!filled) {
        hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
        for (uint32_t c = 0; c < SAH_UPROPS_TABLE; c++) {
            table.gc[c] = (uint8_t)hb_unicode_general_category(uf, c);
            table.script[c] = hb_unicode_script(uf, c);
        }
        filled = true;
    }
    return &table;
}
