/*
 * test_time.c: unit tests of timestamp parsing and formatting (lib/ec_time.h).
 *
 * Every expected value here was computed by hand from the calendar (and
 * checked against an independent implementation, Python's datetime with
 * zoneinfo), never by calling the code under test: a wrong day count or
 * zone offset shifts every daily aggregate by a day, so the values matter.
 * Covered: epochs in s, ms, us and ns; ISO 8601 with Z and offsets;
 * naive times in a fixed offset and in IANA zones on both sides of a DST
 * change; the compact and slash forms; strptime formats; the strict
 * calendar checks (2023-02-30, 25:00); the Gregorian leap-year rules for
 * 1900 and 2000; and a round trip of ec_civil_from_days over 2 million days.
 *
 * IANA zones work through the process-wide TZ variable (see ec_time.h), so
 * each zone has a test of its own that opens it fresh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ec_time.h"

/* Reference instants (seconds since the epoch, UTC). */
#define T_20240301_0200 1709258400LL /* 2024-03-01T02:00:00Z */
#define T_20240301_0000 1709251200LL /* 2024-03-01T00:00:00Z: 19783 days */

static void ok_in(struct ec_tz *tz, const char *s, const char *fmt, int64_t want,
                  const char *file, int line)
{
	int64_t t = -12345;
	const char *why = NULL;
	int rc = ec_time_parse(s, strlen(s), fmt, tz, &t, &why);
	if (rc != 0)
		printf("'%s': %s\n", s, why ? why : "(no reason)");
	_assert_int_equal((uintmax_t)rc, 0, file, line);
	if (t != want) {
		char got[EC_TIME_LEN], exp[EC_TIME_LEN];
		ec_time_format(t, got);
		ec_time_format(want, exp);
		printf("'%s': got %lld (%s), want %lld (%s)\n", s, (long long)t, got,
		       (long long)want, exp);
	}
	_assert_int_equal((uintmax_t)t, (uintmax_t)want, file, line);
}

static void bad_in(struct ec_tz *tz, const char *s, const char *fmt, const char *why_want,
                   const char *file, int line)
{
	int64_t t = -12345;
	const char *why = NULL;
	int rc = ec_time_parse(s, strlen(s), fmt, tz, &t, &why);
	if (rc == 0)
		printf("'%s': accepted as %lld, want rejected\n", s, (long long)t);
	_assert_int_equal((uintmax_t)rc, (uintmax_t)-1, file, line);
	_assert_true(why != NULL, "why", file, line);
	if (why_want)
		_assert_string_equal(why, why_want, file, line);
}

/* PARSE(tz, "text", fmt or NULL, seconds); REJECT(tz, "text", fmt, reason or NULL) */
#define PARSE(tz, s, fmt, want) ok_in(tz, s, fmt, want, __FILE__, __LINE__)
#define REJECT(tz, s, fmt, why) bad_in(tz, s, fmt, why, __FILE__, __LINE__)

static struct ec_tz *tz_open(const char *name)
{
	struct ec_tz *tz = NULL;
	char err[256] = "";
	int rc = ec_tz_open(&tz, name, err, sizeof err);
	if (rc != 0)
		printf("ec_tz_open('%s'): %s\n", name, err);
	assert_int_equal(rc, 0);
	assert_non_null(tz);
	return tz;
}

static void epochs(void **state)
{
	(void)state;
	PARSE(NULL, "0", NULL, 0);
	PARSE(NULL, "1709258400", NULL, T_20240301_0200);
	/* ms, us, ns are told apart by magnitude; fractions are truncated */
	PARSE(NULL, "1709258400123", NULL, T_20240301_0200);
	PARSE(NULL, "1709258400999999", NULL, T_20240301_0200);
	PARSE(NULL, "1709258400123456789", NULL, T_20240301_0200);
	PARSE(NULL, "1709258400.75", NULL, T_20240301_0200);
	PARSE(NULL, "1709258400999.5", NULL, T_20240301_0200);
	/* surrounding blanks are not part of the value */
	PARSE(NULL, " 1709258400\t", NULL, T_20240301_0200);
	/* a time zone does not apply to an epoch */
	struct ec_tz *tz = tz_open("+08:00");
	PARSE(tz, "1709258400", NULL, T_20240301_0200);
	ec_tz_close(tz);
}

static void iso_with_zone(void **state)
{
	(void)state;
	PARSE(NULL, "2024-03-01T02:00:00Z", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T02:00:00z", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01 02:00:00 UTC", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T10:00:00+08:00", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T10:00:00+0800", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T10:00:00+08", NULL, T_20240301_0200);
	/* 20:30 at UTC-05:30 is 02:00 the next day in UTC */
	PARSE(NULL, "2024-02-29T20:30:00-0530", NULL, T_20240301_0200);
	PARSE(NULL, "2024-02-29T20:30:00-05:30", NULL, T_20240301_0200);
	/* fractions of a second are truncated, '.' or ',' */
	PARSE(NULL, "2024-03-01T02:00:00.999Z", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T02:00:00,5+00:00", NULL, T_20240301_0200);
	/* an explicit zone wins over the zone for naive times */
	struct ec_tz *tz = tz_open("-07:00");
	PARSE(tz, "2024-03-01T02:00:00Z", NULL, T_20240301_0200);
	PARSE(tz, "2024-03-01T10:00:00+08:00", NULL, T_20240301_0200);
	ec_tz_close(tz);
}

static void naive_utc_forms(void **state)
{
	(void)state;
	PARSE(NULL, "2024-03-01", NULL, T_20240301_0000);
	PARSE(NULL, "2024-03-01 02:00", NULL, T_20240301_0200);
	PARSE(NULL, "2024-03-01T02:00:00", NULL, T_20240301_0200);
	PARSE(NULL, "2024/03/01 10:00", NULL, T_20240301_0000 + 10 * 3600);
	PARSE(NULL, "2024/03/01", NULL, T_20240301_0000);
	/* compact forms: 8 and 14 digits are dates, not epochs */
	PARSE(NULL, "20240301", NULL, T_20240301_0000);
	PARSE(NULL, "20240301123456", NULL, T_20240301_0000 + 12 * 3600 + 34 * 60 + 56);
	struct ec_tz *utc = tz_open("UTC");
	PARSE(utc, "2024-03-01 02:00:00", NULL, T_20240301_0200);
	ec_tz_close(utc);
}

static void fixed_offset_zone(void **state)
{
	(void)state;
	struct ec_tz *tz = tz_open("+08:00");
	PARSE(tz, "2024-03-01 10:00:00", NULL, T_20240301_0200);
	PARSE(tz, "2024/03/01 10:00", NULL, T_20240301_0200);
	/* 2024-03-01 00:00 at +08 is the previous day in UTC */
	PARSE(tz, "20240301", NULL, T_20240301_0000 - 8 * 3600);
	ec_tz_close(tz);
	tz = tz_open("-0530");
	PARSE(tz, "2024-02-29 20:30:00", NULL, T_20240301_0200);
	ec_tz_close(tz);
}

static void zone_shanghai(void **state)
{
	(void)state;
	struct ec_tz *tz = tz_open("Asia/Shanghai");
	/* China Standard Time is UTC+8 all year, no DST since 1991 */
	PARSE(tz, "2024-03-01 10:00:00", NULL, T_20240301_0200);
	PARSE(tz, "2024-07-01 08:00:00", NULL, 1719792000LL); /* 2024-07-01T00:00:00Z */
	PARSE(tz, "20240301100000", NULL, T_20240301_0200);
	ec_tz_close(tz);
}

static void zone_new_york_dst(void **state)
{
	(void)state;
	struct ec_tz *tz = tz_open("America/New_York");
	/* 2024-03-10 01:30 is still EST (UTC-5): 06:30Z */
	PARSE(tz, "2024-03-10 01:30:00", NULL, 1710052200LL);
	/* in summer EDT (UTC-4): 2024-07-01 12:00 is 16:00Z */
	PARSE(tz, "2024-07-01 12:00:00", NULL, 1719849600LL);
	/* the clocks jump from 01:59:59 EST to 03:00:00 EDT: one second apart */
	PARSE(tz, "2024-03-10 01:59:59", NULL, 1710053999LL);
	PARSE(tz, "2024-03-10 03:00:00", NULL, 1710054000LL);
	/* and back in winter, after the summer values above */
	PARSE(tz, "2024-12-01 00:00:00", NULL, 1733029200LL); /* 05:00Z */
	ec_tz_close(tz);
}

static void zone_unknown(void **state)
{
	(void)state;
	struct ec_tz *tz = (struct ec_tz *)1;
	char err[256] = "";
	assert_int_equal(ec_tz_open(&tz, "Mars/Olympus_Mons", err, sizeof err), -1);
	assert_null(tz);
	assert_non_null(strstr(err, "'Mars/Olympus_Mons'"));
	/* no path tricks out of the zoneinfo directory */
	assert_int_equal(ec_tz_open(&tz, "../../../etc/passwd", err, sizeof err), -1);
	assert_int_equal(ec_tz_open(&tz, "/etc/localtime", err, sizeof err), -1);
}

static void strptime_formats(void **state)
{
	(void)state;
	/* the UCI Online Retail export: month first, no leading zeros */
	PARSE(NULL, "12/1/2010 8:26", "%m/%d/%Y %H:%M", 1291191960LL);
	PARSE(NULL, "01/03/2024 10:00", "%d/%m/%Y %H:%M", T_20240301_0000 + 10 * 3600);
	/* %z gives the offset; without %z the zone applies */
	PARSE(NULL, "2024-03-01 10:00:00 +0800", "%Y-%m-%d %H:%M:%S %z", T_20240301_0200);
	struct ec_tz *tz = tz_open("+08:00");
	PARSE(tz, "01.03.2024 10:00", "%d.%m.%Y %H:%M", T_20240301_0200);
	ec_tz_close(tz);
	/* strptime itself accepts Feb 30; the calendar check must not */
	REJECT(NULL, "2/30/2023 10:00", "%m/%d/%Y %H:%M", "impossible date");
	REJECT(NULL, "12/1/2010 8:26 extra", "%m/%d/%Y %H:%M", NULL);
	REJECT(NULL, "2010-12-01", "%m/%d/%Y %H:%M", NULL);
}

static void calendar_checks(void **state)
{
	(void)state;
	REJECT(NULL, "2023-02-30", NULL, "impossible date");
	REJECT(NULL, "2023-02-29", NULL, "impossible date");
	REJECT(NULL, "2024-04-31", NULL, "impossible date");
	REJECT(NULL, "2024-13-01", NULL, "impossible date");
	REJECT(NULL, "2024-00-10", NULL, "impossible date");
	REJECT(NULL, "2024-01-00", NULL, "impossible date");
	REJECT(NULL, "20230230", NULL, "impossible date");
	PARSE(NULL, "2024-02-29", NULL, 1709164800LL);
	PARSE(NULL, "2024-02-29T23:59:59Z", NULL, T_20240301_0000 - 1);
	REJECT(NULL, "2024-03-01 25:00", NULL, NULL);
	REJECT(NULL, "2024-03-01 23:60", NULL, NULL);
	REJECT(NULL, "2024-03-01T24:00:00Z", NULL, NULL);
	/* the reason for a bad hour names the time of day */
	int64_t t;
	const char *why = NULL;
	assert_int_equal(ec_time_parse("2024-03-01 25:00", 16, NULL, NULL, &t, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "impossible"));
}

static void garbage(void **state)
{
	(void)state;
	REJECT(NULL, "garbage", NULL, "unrecognised time format");
	REJECT(NULL, "2024-03-01X", NULL, "unrecognised time format");
	REJECT(NULL, "2024-3-1", NULL, "unrecognised time format");
	REJECT(NULL, "2024-03-01T", NULL, "unrecognised time format");
	REJECT(NULL, "2024-03-01T10", NULL, "unrecognised time format");
	REJECT(NULL, "2024-03-01T10:00+25:00", NULL, "unrecognised time format");
	REJECT(NULL, "2024-03/01", NULL, "unrecognised time format");
	REJECT(NULL, "12:00", NULL, "unrecognised time format");
	REJECT(NULL, "1.2.3", NULL, "unrecognised time format");
	REJECT(NULL, "-5", NULL, "unrecognised time format");
	REJECT(NULL, "", NULL, "empty time");
	REJECT(NULL, "   ", NULL, "empty time");
	/* a length that stops early: only "2024" is seen */
	int64_t t;
	const char *why = NULL;
	assert_int_equal(ec_time_parse("2024-03-01", 4, NULL, NULL, &t, &why), 0);
	assert_int_equal(t, 2024);
}

static void leap_years(void **state)
{
	(void)state;
	/* divisible by 100 but not by 400: common; by 400: leap */
	assert_int_equal(ec_days_in_month(1900, 2), 28);
	assert_int_equal(ec_days_in_month(2000, 2), 29);
	assert_int_equal(ec_days_in_month(2100, 2), 28);
	assert_int_equal(ec_days_in_month(1600, 2), 29);
	assert_int_equal(ec_days_in_month(2024, 2), 29);
	assert_int_equal(ec_days_in_month(2023, 2), 28);
	assert_int_equal(ec_days_in_month(2023, 1), 31);
	assert_int_equal(ec_days_in_month(2023, 4), 30);
	assert_int_equal(ec_days_in_month(2023, 12), 31);
	REJECT(NULL, "1900-02-29", NULL, "impossible date");
	REJECT(NULL, "2100-02-29", NULL, "impossible date");
	PARSE(NULL, "2000-02-29", NULL, 951782400LL);
	/* 1900-02-28 is followed by 03-01, 2000-02-28 by 02-29 */
	assert_int_equal(ec_days_from_civil(1900, 3, 1) - ec_days_from_civil(1900, 2, 28), 1);
	assert_int_equal(ec_days_from_civil(2000, 3, 1) - ec_days_from_civil(2000, 2, 28), 2);
}

static void days_from_civil_values(void **state)
{
	(void)state;
	assert_int_equal(ec_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(ec_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(ec_days_from_civil(1970, 3, 1), 59);
	assert_int_equal(ec_days_from_civil(2000, 1, 1), 10957);
	assert_int_equal(ec_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(ec_days_from_civil(2024, 3, 1), 19783);
	/* before 1970 and across skipped leap days: 370 * 365 + 90 */
	assert_int_equal(ec_days_from_civil(1600, 1, 1), -135140);
	assert_int_equal(ec_days_from_civil(1900, 3, 1), -25508);
	assert_int_equal(ec_days_from_civil(2100, 3, 1), 47541);
}

static void format_values(void **state)
{
	(void)state;
	char out[EC_TIME_LEN];
	assert_int_equal(ec_time_format(0, out), 20);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	ec_time_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	ec_time_format(-86400, out);
	assert_string_equal(out, "1969-12-31T00:00:00Z");
	ec_time_format(T_20240301_0200, out);
	assert_string_equal(out, "2024-03-01T02:00:00Z");
	ec_time_format(951782400LL, out);
	assert_string_equal(out, "2000-02-29T00:00:00Z");
	ec_time_format(1291191960LL, out);
	assert_string_equal(out, "2010-12-01T08:26:00Z");
	ec_time_format(4102444799LL, out);
	assert_string_equal(out, "2099-12-31T23:59:59Z");
	/* what it writes, it reads back */
	static const int64_t ts[] = { 0, -1, 951782400LL, 1710053999LL, 4102444799LL };
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		ec_time_format(ts[i], out);
		PARSE(NULL, out, NULL, ts[i]);
	}
}

static void civil_round_trip(void **state)
{
	(void)state;
	/* about 1 April 0710 to 28 September 4707, one day at a time */
	int64_t py = 0;
	int pm = 0, pd = 0;
	ec_civil_from_days(-1000001, &py, &pm, &pd);
	for (int64_t z = -1000000; z <= 1000000; z++) {
		int64_t y;
		int m, d;
		ec_civil_from_days(z, &y, &m, &d);
		if (ec_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 ||
		    d > ec_days_in_month(y, m)) {
			printf("day %lld -> %lld-%02d-%02d\n", (long long)z, (long long)y, m, d);
			fail();
		}
		/* each day is the calendar successor of the one before */
		int next = d == 1 ? (m == 1 ? y == py + 1 && pm == 12 && pd == 31
		                            : y == py && pm == m - 1 &&
		                                  pd == ec_days_in_month(py, pm))
		                  : y == py && m == pm && d == pd + 1;
		if (!next) {
			printf("day %lld: %lld-%02d-%02d after %lld-%02d-%02d\n", (long long)z,
			       (long long)y, m, d, (long long)py, pm, pd);
			fail();
		}
		py = y;
		pm = m;
		pd = d;
	}
	int64_t y;
	int m, d;
	ec_civil_from_days(0, &y, &m, &d);
	assert_true(y == 1970 && m == 1 && d == 1);
	ec_civil_from_days(19783, &y, &m, &d);
	assert_true(y == 2024 && m == 3 && d == 1);
	ec_civil_from_days(-135140, &y, &m, &d);
	assert_true(y == 1600 && m == 1 && d == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epochs),
		cmocka_unit_test(iso_with_zone),
		cmocka_unit_test(naive_utc_forms),
		cmocka_unit_test(fixed_offset_zone),
		cmocka_unit_test(zone_shanghai),
		cmocka_unit_test(zone_new_york_dst),
		cmocka_unit_test(zone_unknown),
		cmocka_unit_test(strptime_formats),
		cmocka_unit_test(calendar_checks),
		cmocka_unit_test(garbage),
		cmocka_unit_test(leap_years),
		cmocka_unit_test(days_from_civil_values),
		cmocka_unit_test(format_values),
		cmocka_unit_test(civil_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
