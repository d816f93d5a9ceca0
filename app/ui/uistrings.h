/*
 * uistrings.h - every string of the reader's screens, by the key the
 * screens name it with (sah_ui_str(ui, "library")), in English as written;
 * the translations are gettext's (po/<lang>.po), found by the key as the
 * message's context (msgctxt), so that two keys with the same English text
 * may read differently in another language.
 *
 *   const sah_uistring_t *s = sah_uistrings_find("library_count");
 *   // s->msgid "{1} article", s->plural "{1} articles"
 */
#ifndef SAH_UISTRINGS_H
#define SAH_UISTRINGS_H

#include <stddef.h>

typedef struct {
    const char *key;    /* the screens' name for it, and its msgctxt */
    const char *msgid;  /* English; {1} {2} {3}: values (sah_ui_format()) */
    const char *plural; /* nullable: English for a count other than 1 */
} sah_uistring_t;

/* Returns: (transfer none) the string of @key (static), or NULL. */
const sah_uistring_t *sah_uistrings_find(const char *key);

/* The table, in its order: entry @i, NULL past the last. (transfer none) */
const sah_uistring_t *sah_uistrings_get(size_t i);

#endif
