/* textfield.c - see textfield.h. */
#include "app/ui/textfield.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/text/breaks.h"
#include "render/text/utf8.h"

struct sah_textfield {
    char *text; /* max + 1 bytes */
    size_t len, max;
    unsigned long serial;
    sah_breaks_t *breaks;
};

sah_textfield_t *sah_textfield_new(size_t max_bytes)
{
    if (max_bytes < 4)
        max_bytes = 4;
    sah_textfield_t *f = calloc(1, sizeof *f);
    if (!f || !(f->text = calloc(1, max_bytes + 1)) || !(f->breaks = sah_breaks_new())) {
        sah_textfield_free(f);
        return NULL;
    }
    f->max = max_bytes;
    return f;
}

void sah_textfield_free(sah_textfield_t *f)
{
    if (!f)
        return;
    sah_breaks_free(f->breaks);
    free(f->text);
    free(f);
}

const char *sah_textfield_text(const sah_textfield_t *f)
{
    return f->text;
}

size_t sah_textfield_length(const sah_textfield_t *f)
{
    return f->len;
}

unsigned long sah_textfield_serial(const sah_textfield_t *f)
{
    return f->serial;
}

/* @utf8 as the field keeps it into @out (room for strlen(@utf8) bytes):
 * line breaks and tabs as spaces, other C0 controls and DEL dropped (C1
 * controls are two bytes in UTF-8 and dropped too). Returns its length, or
 * (size_t)-1 when @utf8 is not well-formed. */
static size_t clean(const char *utf8, char *out)
{
    size_t n = strlen(utf8), o = 0;
    if (!sah_utf8_valid(utf8, n))
        return (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)utf8[i];
        if (c == '\n' || c == '\r' || c == '\t')
            out[o++] = ' ';
        else if (c < 0x20 || c == 0x7F)
            continue;
        else if (c == 0xC2 && i + 1 < n && (unsigned char)utf8[i + 1] < 0xA0)
            i++; /* U+0080..U+009F */
        else
            out[o++] = (char)c;
    }
    return o;
}

bool sah_textfield_insert(sah_textfield_t *f, const char *utf8)
{
    size_t n = strlen(utf8);
    char *tmp = n <= f->max ? malloc(n + 1) : NULL;
    size_t m = tmp ? clean(utf8, tmp) : (size_t)-1;
    bool ok = m != (size_t)-1 && f->len + m <= f->max;
    if (ok && m) {
        memcpy(f->text + f->len, tmp, m);
        f->len += m;
        f->text[f->len] = 0;
        f->serial++;
    }
    free(tmp);
    return ok;
}

bool sah_textfield_set(sah_textfield_t *f, const char *utf8)
{
    if (!utf8 || !*utf8) {
        if (f->len)
            f->serial++;
        f->len = 0;
        f->text[0] = 0;
        return true;
    }
    size_t n = strlen(utf8);
    char *tmp = n <= f->max ? malloc(n + 1) : NULL;
    size_t m = tmp ? clean(utf8, tmp) : (size_t)-1;
    if (m != (size_t)-1) {
        memcpy(f->text, tmp, m);
        f->len = m;
        f->text[m] = 0;
        f->serial++;
    }
    free(tmp);
    return m != (size_t)-1;
}

/* The Arabic marks a keyboard types on their own (harakat, shadda,
 * sukun, superscript alef, the Quranic marks). */
static bool arabic_mark(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
           (c >= 0x06DF && c <= 0x06E4) || (c >= 0x06E7 && c <= 0x06E8) ||
           (c >= 0x06EA && c <= 0x06ED);
}

bool sah_textfield_backspace(sah_textfield_t *f)
{
    if (!f->len)
        return false;
    uint32_t *cp = malloc((f->len + 1) * sizeof *cp), *off = malloc((f->len + 1) * sizeof *off);
    uint8_t *gb = malloc(f->len + 1);
    size_t cut = f->len - 1;
    /* Without memory, one code point: never part of one. */
    while (cut > 0 && ((unsigned char)f->text[cut] & 0xC0) == 0x80)
        cut--;
    if (cp && off && gb) {
        size_t n = sah_utf8_decode(f->text, f->len, SAH_UTF8_STRICT, cp, off, NULL);
        if (n && !arabic_mark(cp[n - 1])) {
            (void)sah_breaks_graphemes(f->breaks, cp, n, gb); /* falls back by itself */
            size_t g = n - 1;
            while (g > 0 && gb[g] != SAH_BREAK_ALLOWED)
                g--;
            cut = off[g];
        }
    }
    free(cp);
    free(off);
    free(gb);
    f->len = cut;
    f->text[cut] = 0;
    f->serial++;
    return true;
}
