/*
 * isodate.h - ISO 8601 dates and times as sahifa reads and writes them: the
 * calendar rule shared by every date (an article's front matter `date`, a
 * bookmark's `created`), and the UTC time of the bookmarks format.
 *
 *   if (day < 1 || day > sah_days_in_month(year, month))
 *       return false;                  // 2025-02-29, 2025-02-31, 2025-04-31
 *
 *   char buf[SAH_ISO_UTC_SIZE];
 *   sah_iso_utc_format(t, buf);        // "2024-06-01T12:30:00Z"
 *   sah_iso_utc_parse(buf, &t);        // and back
 *
 * A parser that checks the day against 31 only hands 2025-02-31 to timegm(),
 * which makes it 2025-03-03 without a word: refused instead.
 */
#ifndef SAH_ISODATE_H
#define SAH_ISODATE_H

#include <stdbool.h>
#include <stdint.h>

/* The size of a buffer for sah_iso_utc_format(), with its NUL. */
#define SAH_ISO_UTC_SIZE 32

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times with a
 * four-digit year, all that YYYY can hold. */
#define SAH_ISO_UTC_MIN (-INT64_C(62167219200))
#define SAH_ISO_UTC_MAX INT64_C(253402300799)

/* Returns: the days of @month (1-12) in @year of the proleptic Gregorian
 * calendar (28-31; February has 29 in leap years: divisible by 4, and not
 * by 100 unless by 400), or 0 when @month is out of range. */
int sah_days_in_month(int year, int month);

/* Writes @t (seconds since the epoch) as YYYY-MM-DDTHH:MM:SSZ into @out. A
 * time outside SAH_ISO_UTC_MIN..MAX (a clock gone wrong) is written as the
 * nearest one, so that what is written always parses again. */
void sah_iso_utc_format(int64_t t, char out[SAH_ISO_UTC_SIZE]);

/* Parses YYYY-MM-DDTHH:MM:SSZ (each field may have fewer digits) into *@t.
 * Returns: false, leaving *@t unchanged, for anything else, a day the month
 * does not have, or a time past SAH_ISO_UTC_MAX. */
bool sah_iso_utc_parse(const char *s, int64_t *t);

#endif
