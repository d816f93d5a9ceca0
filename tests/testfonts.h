/*
 * testfonts.h - the fonts the reader's tests need (header-only, like
 * testutil.h, for the tests that link the font module).
 */
#ifndef SAH_TESTFONTS_H
#define SAH_TESTFONTS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fonts/fontchain.h"

/* Whether the default chain's fonts are installed (Noto Naskh Arabic from
 * fonts-noto-core, DejaVu Sans from fonts-dejavu-core); if not, prints the
 * SKIP line naming the missing one, and the test exits 77. */
static inline bool t_default_fonts_present(void)
{
    char *naskh = sah_font_find("Noto Naskh Arabic"), *dejavu = sah_font_find("DejaVu Sans");
    bool ok = naskh && dejavu;
    if (!ok)
        printf("SKIP: %s not found\n", !naskh ? "Noto Naskh Arabic" : "DejaVu Sans");
    free(naskh);
    free(dejavu);
    return ok;
}

#endif
