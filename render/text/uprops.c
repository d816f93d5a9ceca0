/* uprops.c - see uprops.h. */
#include "render/text/uprops.h"

#include <unicode/uchar.h>

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
            table.ignorable[c] = sah_uprops_ignorable_slow(c);
            table.mark_or_ignorable[c] = table.ignorable[c] || sah_uprops_is_mark(&table, c);
            /* Below the Arabic block no character has a joining type of
             * its own: marks and format characters are transparent
             * (ArabicShaping.txt's rule for what it does not list). */
            if (c >= 0x0600) {
                table.joining_type[c] = (uint8_t)sah_uprops_joining_type_slow(c);
                table.joining_group[c] = (uint8_t)sah_uprops_joining_group_slow(c);
            } else {
                hb_unicode_general_category_t g = (hb_unicode_general_category_t)table.gc[c];
                table.joining_type[c] = g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
                                                g == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
                                                g == HB_UNICODE_GENERAL_CATEGORY_FORMAT
                                            ? U_JT_TRANSPARENT
                                            : U_JT_NON_JOINING;
                table.joining_group[c] = U_JG_NO_JOINING_GROUP;
            }
        }
        sah_uprops_filled = &table;
    }
    return &table;
}

bool sah_uprops_ignorable_slow(uint32_t c)
{
    return c <= 0x10FFFF && u_hasBinaryProperty((UChar32)c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

int sah_uprops_joining_type_slow(uint32_t c)
{
    return c <= 0x10FFFF ? u_getIntPropertyValue((UChar32)c, UCHAR_JOINING_TYPE) : U_JT_NON_JOINING;
}

int sah_uprops_joining_group_slow(uint32_t c)
{
    return c <= 0x10FFFF ? u_getIntPropertyValue((UChar32)c, UCHAR_JOINING_GROUP)
                         : U_JG_NO_JOINING_GROUP;
}
