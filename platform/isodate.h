/*
 * isodate.h - ISO 8601 dates and times as sahifa reads and writes them: the
 * calendar rule shared by every date (an article's front matter `date`, a
 * bookmark's `created`), and the UTC time of the bookmarks format.
 *
 *   if (!sah_iso_date_ok(fm_date))     // 2025-02-29, 2025-02-31, 2025-04-31
 *       ...                            // not a date
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

/* Whether @s is an ISO 8601 calendar date, optionally with a time and a
 * zone: YYYY-MM-DD[Thh:mm[:ss[.fff]][Z|+hh:mm|-hh:mm]] (a space may stand
 * for T, as RFC 3339 allows), with a day its month has. */
bool sah_iso_date_ok(const char *s);

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
