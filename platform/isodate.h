/*
 * isodate.h - the calendar rule shared by every ISO 8601 date sahifa reads
 * (an article's front matter `date`, a bookmark's `created`).
 *
 *   if (day < 1 || day > sah_days_in_month(year, month))
 *       return false;                  // 2025-02-29, 2025-02-31, 2025-04-31
 *
 * A parser that checks the day against 31 only hands 2025-02-31 to timegm(),
 * which makes it 2025-03-03 without a word: refused instead.
 */
#ifndef SAH_ISODATE_H
#define SAH_ISODATE_H

/* Returns: the days of @month (1-12) in @year of the proleptic Gregorian
 * calendar (28-31; February has 29 in leap years: divisible by 4, and not
 * by 100 unless by 400), or 0 when @month is out of range. */
int sah_days_in_month(int year, int month);

#endif
