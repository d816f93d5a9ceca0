/* uitext.c - see uitext.h. */
#include "app/ui/uitext.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "platform/isodate.h"
#include "render/text/utf8.h"

/* FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (UAX#9 X5c, X6a), as
 * bytes: each is written apart from its pair. */
static const char fsi[] = {(char)0xE2, (char)0x81, (char)0xA8, 0};
static const char pdi[] = {(char)0xE2, (char)0x81, (char)0xA9, 0};

/* The bytes of a field read for its direction: a title's first strong
 * character comes within its first words. */
#define DIR_PROBE_BYTES 4096

sah_direction_t sah_uitext_dir(const char *utf8, sah_direction_t fallback)
{
    uint32_t cp[DIR_PROBE_BYTES];
    size_t n = utf8 ? strnlen(utf8, DIR_PROBE_BYTES) : 0;
    size_t len = sah_utf8_decode(utf8 ? utf8 : "", n, SAH_UTF8_STRICT, cp, NULL, NULL);
    int level = sah_bidi_first_strong(cp, len);
    return level < 0 ? fallback : level == 1 ? SAH_DIR_RTL : SAH_DIR_LTR;
}

/* Appends @s to @out at *@o (cut to @size with room for the NUL). */
static void put(char *out, size_t size, size_t *o, const char *s)
{
    for (; *s && *o + 1 < size; s++)
        out[(*o)++] = *s;
}

/* Ends @out at @o, backing off a UTF-8 sequence the cut left unfinished. */
static void finish(char *out, size_t size, size_t o)
{
    if (o + 1 >= size) {
        size_t k = o;
        while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
            k--;
        /* k - 1 is the lead byte of the last sequence: keep it only whole. */
        if (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0xC0) {
            unsigned char lead = (unsigned char)out[k - 1];
            size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (o - (k - 1) < want)
                o = k - 1;
        }
    }
    out[o] = 0;
}

void sah_uitext_isolate(char *out, size_t size, const char *utf8)
{
    size_t o = 0;
    if (!size)
        return;
    put(out, size, &o, fsi);
    put(out, size, &o, utf8 ? utf8 : "");
    put(out, size, &o, pdi);
    finish(out, size, o);
}

void sah_uitext_join(char *out, size_t size, const char *const *fields, size_t n)
{
    size_t o = 0;
    bool first = true;
    if (!size)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!fields[i] || !*fields[i])
            continue;
        if (!first)
            put(out, size, &o, SAH_UITEXT_SEP);
        first = false;
        put(out, size, &o, fsi);
        put(out, size, &o, fields[i]);
        put(out, size, &o, pdi);
    }
    finish(out, size, o);
}

int sah_uitext_own(sah_ui_t *ui, sah_pagebuf_t *buf, sah_ui_style_t style, const char *utf8, int x,
                   int baseline, int width)
{
    sah_direction_t dir = sah_uitext_dir(utf8, sah_ui_dir(ui));
    return sah_ui_text_dir(ui, buf, style, utf8, x, baseline, width, dir, SAH_UI_START);
}

void sah_uitext_digits(const sah_ui_t *ui, const char *s, char *out, size_t size)
{
    size_t o = 0;
    if (!size)
        return;
    for (; *s && o + 1 < size; s++) {
        if (*s >= '0' && *s <= '9') {
            char d[8];
            sah_ui_number(ui, *s - '0', d, sizeof d);
            put(out, size, &o, d);
        } else {
            out[o++] = *s;
        }
    }
    finish(out, size, o);
}

/* A field of an ISO date: 1 to @width digits. Returns its end, or NULL. */
static const char *date_field(const char *s, int width, int *v)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return NULL;
    long x = strtol(s, &end, 10); /* an overflow ends past @width too */
    if (end - s > width)
        return NULL;
    *v = (int)x;
    return end;
}

/*
 * A date in the UI's language, by ICU: CLDR's long date, a day, a month's
 * name and a year in that language ("d MMMM y" in Arabic, "MMMM d, y" in
 * English) with its month names, in the UI's digits (ICU's numbering
 * system "arab" or "latn"). The long style is the pattern CLDR's skeleton
 * "dMMMMy" resolves to in both languages, without building a pattern
 * generator (3 M instructions, most of the library's first date). Opening
 * a format costs half a millisecond (the first, ICU's data, some 20): the
 * last one is kept, as the library's rows ask for one date after another
 * in the same language and digits. The screens run on one thread.
 */
static struct {
    char locale[32];
    UDateFormat *f; /* owned, nullable */
} date_fmt;

static UDateFormat *date_format(const sah_ui_t *ui)
{
    char locale[32];
    snprintf(locale, sizeof locale, "%s@numbers=%s", sah_ui_rtl(ui) ? "ar" : "en",
             sah_ui_arabic_digits(ui) ? "arab" : "latn");
    if (date_fmt.f && !strcmp(date_fmt.locale, locale))
        return date_fmt.f;
    UErrorCode st = U_ZERO_ERROR;
    UChar utc[4];
    u_uastrcpy(utc, "UTC");
    UDateFormat *f = udat_open(UDAT_NONE, UDAT_LONG, locale, utc, -1, NULL, 0, &st);
    if (U_FAILURE(st)) {
        udat_close(f);
        return NULL;
    }
    udat_close(date_fmt.f);
    date_fmt.f = f;
    snprintf(date_fmt.locale, sizeof date_fmt.locale, "%s", locale);
    return f;
}

void sah_uitext_date(const sah_ui_t *ui, const char *iso, char *out, size_t size)
{
    int y = 0, m = 0, d = 0;
    int64_t t;
    char utc[64];
    const char *s = date_field(iso, 4, &y);
    s = s && *s == '-' ? date_field(s + 1, 2, &m) : NULL;
    s = s && *s == '-' ? date_field(s + 1, 2, &d) : NULL;
    UDateFormat *f = s && !*s ? date_format(ui) : NULL;
    /* A day its month has (2025-02-31 is not one), at 00:00 UTC. */
    snprintf(utc, sizeof utc, "%04d-%02d-%02dT00:00:00Z", y, m, d);
    if (f && sah_iso_utc_parse(utc, &t)) {
        UChar u[128];
        UErrorCode st = U_ZERO_ERROR;
        int32_t n = udat_format(f, (UDate)t * 1000.0, u, 128, NULL, &st);
        if (U_SUCCESS(st) && n > 0 && n < 128 && size <= INT32_MAX) {
            u_strToUTF8(out, (int32_t)size, NULL, u, n, &st);
            if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING)
                return;
        }
    }
    sah_uitext_digits(ui, iso ? iso : "", out, size);
}
