/*
 * ec_time: timestamps in, ISO 8601 UTC out.
 *
 * Accepted without a format (ec_time_parse with fmt NULL):
 *   - epoch seconds, milliseconds, microseconds or nanoseconds, told apart by
 *     magnitude (>= 1e11 is ms, >= 1e14 us, >= 1e17 ns), optional fraction;
 *   - YYYYMMDD and YYYYMMDDHHMMSS (8 and 14 digits: as epochs these would be
 *     1970s or after 2286, so the calendar reading is the only sensible one);
 *   - YYYY-MM-DD or YYYY/MM/DD, optionally followed by 'T' or a space and
 *     HH:MM[:SS[.fraction]], optionally followed by 'Z', "UTC", or an offset
 *     +HH:MM, +HHMM, +HH (ISO 8601:2004 4.2.5.1).
 * With fmt a strptime(3) format is used instead (e.g. "%m/%d/%Y %H:%M"); %z
 * in it gives the offset. A time with neither 'Z' nor an offset is naive and
 * read in the given zone (NULL: UTC). Calendar checks are strict: 2023-02-30,
 * 25:00 or month 13 are errors. Fractions of a second are truncated.
 *
 * The conversion is Hinnant's days_from_civil ("chrono-Compatible Low-Level
 * Date Algorithms", 2013), exact for the proleptic Gregorian calendar.
 */
#ifndef EC_TIME_H
#define EC_TIME_H

#include <stddef.h>
#include <stdint.h>

#define EC_TIME_LEN 32 /* buffer for ec_time_format */

struct ec_tz;

/*
 * Zone for naive times: "UTC", a fixed offset "+08:00" / "-0530", or an
 * IANA name ("Asia/Shanghai") looked up in the system's zoneinfo (Debian
 * package tzdata). IANA zones use the C library through TZ and mktime, so
 * one zone per process. 0, or -1 with a message in err.
 */
int ec_tz_open(struct ec_tz **tz, const char *name, char *err, size_t errlen);
void ec_tz_close(struct ec_tz *tz);

/*
 * Parse s[0..n) into seconds since 1970-01-01T00:00:00Z. 0 on success; -1
 * with *why pointing at a static reason ("impossible date", "unrecognised
 * time format", "time out of range" outside years 0001..9999, ...) on
 * failure.
 */
int ec_time_parse(const char *s, size_t n, const char *fmt, struct ec_tz *tz,
                  int64_t *t, const char **why);

/* Write t as "YYYY-MM-DDTHH:MM:SSZ" (NUL-terminated) into out; returns length. */
int ec_time_format(int64_t t, char out[EC_TIME_LEN]);

/* Days since 1970-01-01 of a proleptic Gregorian date (m 1..12, d 1..31). */
int64_t ec_days_from_civil(int64_t y, int m, int d);
/* Inverse of ec_days_from_civil. */
void ec_civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/*
 * Durations: "90s", "30m", "12h", "30d", "2w" (a bare number is seconds).
 * 0 and *secs, or -1 when not a positive whole number with a known unit.
 */
int ec_duration_parse(const char *s, int64_t *secs);

/* Days in month m (1..12) of year y. */
int ec_days_in_month(int64_t y, int m);

#endif
