/*
 * uprops.h - the Unicode properties the layout asks for every character
 * (general category, script, default ignorable; joining type and group for
 * kashida), answered from a table for
 * the first 2,048 code points (Latin, Greek, Cyrillic, Hebrew, Arabic: nearly
 * every character of an article) and from HarfBuzz's Unicode functions (ICU
 * for default ignorables) above that. The layout asks several times per
 * character per pass; the table makes that a load.
 */
#ifndef SAH_UPROPS_H
#define SAH_UPROPS_H

#include <stdbool.h>
#include <stdint.h>

#include <hb.h>

#define SAH_UPROPS_TABLE 0x800

typedef struct {
    uint8_t gc[SAH_UPROPS_TABLE];         /* hb_unicode_general_category_t */
    hb_script_t script[SAH_UPROPS_TABLE]; /* hb_unicode_script */
    bool ignorable[SAH_UPROPS_TABLE];     /* Default_Ignorable_Code_Point */
    bool mark_or_ignorable[SAH_UPROPS_TABLE];
    uint8_t joining_type[SAH_UPROPS_TABLE];  /* ICU's UJoiningType */
    uint8_t joining_group[SAH_UPROPS_TABLE]; /* ICU's UJoiningGroup */
} sah_uprops_table_t;

/* (transfer none): the table, filled on first use; never freed. */
const sah_uprops_table_t *sah_uprops_fill(void);
extern const sah_uprops_table_t *sah_uprops_filled;

static inline const sah_uprops_table_t *sah_uprops_table(void)
{
    return sah_uprops_filled ? sah_uprops_filled : sah_uprops_fill();
}

static inline hb_unicode_general_category_t sah_uprops_gc(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return (hb_unicode_general_category_t)t->gc[c];
    return hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
}

static inline hb_script_t sah_uprops_script(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return t->script[c];
    return hb_unicode_script(hb_unicode_funcs_get_default(), c);
}

static inline bool sah_uprops_is_mark(const sah_uprops_table_t *t, uint32_t c)
{
    hb_unicode_general_category_t g = sah_uprops_gc(t, c);
    return g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           g == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           g == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* Default_Ignorable_Code_Point from ICU (HarfBuzz keeps its own list
 * private), for code points past the table. */
bool sah_uprops_ignorable_slow(uint32_t c);

/* Whether @c is Default_Ignorable_Code_Point: invisible format characters
 * (joiners, bidi controls, variation selectors, tags...) that renderers
 * hide and that OpenType lookups look through. */
static inline bool sah_uprops_is_ignorable(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return t->ignorable[c];
    return sah_uprops_ignorable_slow(c);
}

/* sah_uprops_is_mark(@c) || sah_uprops_is_ignorable(@c), in one load for
 * the table's code points. */
static inline bool sah_uprops_is_mark_or_ignorable(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return t->mark_or_ignorable[c];
    return sah_uprops_is_mark(t, c) || sah_uprops_ignorable_slow(c);
}

/* Joining_Type (ArabicShaping.txt) as ICU's UJoiningType: U_JT_NON_JOINING,
 * _JOIN_CAUSING, _DUAL_JOINING, _LEFT_JOINING, _RIGHT_JOINING,
 * _TRANSPARENT; and Joining_Group as UJoiningGroup. */
int sah_uprops_joining_type_slow(uint32_t c);
int sah_uprops_joining_group_slow(uint32_t c);

static inline int sah_uprops_joining_type(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return t->joining_type[c];
    return sah_uprops_joining_type_slow(c);
}

static inline int sah_uprops_joining_group(const sah_uprops_table_t *t, uint32_t c)
{
    if (c < SAH_UPROPS_TABLE)
        return t->joining_group[c];
    return sah_uprops_joining_group_slow(c);
}

#endif
