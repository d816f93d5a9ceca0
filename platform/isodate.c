/* isodate.c - see isodate.h. */
#include "platform/isodate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sah_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
        return 29;
    return days[month - 1];
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool sah_iso_date_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    /* A day the month has (2025-02-29 is not a date). */
    int d = num(s + 8, 2);
    if (d < 1 || d > sah_days_in_month(num(s, 4), num(s + 5, 2)))
        return false;
    if (n == 10)
        return true;
    s += 10;
    if ((*s != 'T' && *s != ' ') || strlen(s) < 6 || !digits(s + 1, 2) || s[3] != ':' ||
        !digits(s + 4, 2) || num(s + 1, 2) > 23 || num(s + 4, 2) > 59)
        return false;
    s += 6;
    if (*s == ':') {
        if (!digits(s + 1, 2) || num(s + 1, 2) > 60)
            return false;
        s += 3;
        if (*s == '.') {
            s++;
            if (*s < '0' || *s > '9')
                return false;
            while (*s >= '0' && *s <= '9')
                s++;
        }
    }
    if (*s == 0 || (s[0] == 'Z' && s[1] == 0))
        return true;
    return (*s == '+' || *s == '-') && strlen(s) == 6 && digits(s + 1, 2) && s[3] == ':' &&
           digits(s + 4, 2);
}

/* The fields are printed by hand because glibc's %Y does not pad years below
 * 1000 to four digits. */
void sah_iso_utc_format(int64_t t, char out[SAH_ISO_UTC_SIZE])
{
    if (t < SAH_ISO_UTC_MIN)
        t = SAH_ISO_UTC_MIN;
    if (t > SAH_ISO_UTC_MAX)
        t = SAH_ISO_UTC_MAX;
    time_t tt = (time_t)t; /* 64 bits everywhere: meson.build sets _TIME_BITS=64 */
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, SAH_ISO_UTC_SIZE, "1970-01-01T00:00:00Z");
        return;
    }
    /* The clamp above keeps every field in its digits; the "% 10000u" and
     * "% 100u" change no value and tell the compiler so (it would otherwise
     * warn that eleven-digit ints may not fit). */
    snprintf(out, SAH_ISO_UTC_SIZE, "%04u-%02u-%02uT%02u:%02u:%02uZ",
             (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
             (unsigned)tm.tm_sec % 100u);
}

/* A field of an ISO date: 1 to @width digits. Returns its end, or NULL. */
static const char *field(const char *s, int width, int *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return NULL;
    long x = strtol(s, &end, 10); /* an overflow ends past @width too */
    if (end - s > width)
        return NULL;
    *v = (int)x;
    return end;
}

bool sah_iso_utc_parse(const char *s, int64_t *t)
{
    struct tm tm = {0};
    int *fields[] = {&tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec};
    static const char after[] = "--T::Z";
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        s = field(s, i == 0 ? 4 : 2, fields[i]);
        if (!s || *s++ != after[i])
            return false;
    }
    if (*s)
        return false;
    /* A day the month has: timegm() would make 2025-02-31 2025-03-03. */
    if (tm.tm_mday < 1 || tm.tm_mday > sah_days_in_month(tm.tm_year, tm.tm_mon) ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t v = (int64_t)timegm(&tm);
    /* A leap second is the next minute, and 9999-12-31T23:59:60Z is then
     * year 10000, which sah_iso_utc_format() writes with five digits and
     * this parser refuses: what is written would not read again. */
    if (v > SAH_ISO_UTC_MAX)
        return false;
    *t = v;
    return true;
}
