/*
 * ec_time.c: timestamp parsing and formatting; see ec_time.h. Hand-written
 * for the common forms because strptime is slow and lenient (it accepts
 * February 30th); strptime(3) serves user-given formats, with the result
 * checked against the calendar afterwards.
 */
#include "ec_time.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct ec_tz {
	int utc;        /* naive = UTC */
	int fixed;      /* fixed offset in seconds east, when !utc && !iana */
	int iana;
	/* cache of the last local hour's offset */
	int64_t key;
	long offset;
	int have;
};

static int parse_offset(const char *s, size_t n, int *off)
{
	/* +HH, +HHMM, +HH:MM */
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	int sign = s[0] == '-' ? -1 : 1;
	int d[4], k = 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] == ':' && i == 3 && n == 6)
			continue;
		if (s[i] < '0' || s[i] > '9' || k == 4)
			return -1;
		d[k++] = s[i] - '0';
	}
	if (k != 2 && k != 4)
		return -1;
	int hh = d[0] * 10 + d[1], mm = k == 4 ? d[2] * 10 + d[3] : 0;
	if (hh > 18 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

/* 1 when path is a compiled zone file (RFC 8536: magic "TZif"), not one
 * of zoneinfo's tables (zone.tab, iso3166.tab, ...). */
static int is_tzif(const char *path)
{
	FILE *f = fopen(path, "rb");
	char m[4] = { 0 };
	if (!f)
		return 0;
	size_t k = fread(m, 1, 4, f);
	fclose(f);
	return k == 4 && !memcmp(m, "TZif", 4);
}

int ec_tz_open(struct ec_tz **out, const char *name, char *err, size_t errlen)
{
	*out = NULL;
	struct ec_tz *tz = calloc(1, sizeof *tz);
	if (!tz) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!name || !strcmp(name, "UTC") || !strcmp(name, "Z") || !strcmp(name, "Etc/UTC")) {
		tz->utc = 1;
	} else if (parse_offset(name, strlen(name), &tz->fixed) == 0) {
		;
	} else {
		const char *dir = getenv("TZDIR");
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
		if (strstr(name, "..") || name[0] == '/' || stat(path, &st) < 0 ||
		    !S_ISREG(st.st_mode) || !is_tzif(path)) {
			snprintf(err, errlen, "unknown time zone '%s' (an IANA name such as "
			         "Asia/Shanghai, UTC, or an offset such as +08:00)", name);
			free(tz);
			return -1;
		}
		if (setenv("TZ", name, 1) < 0) {
			snprintf(err, errlen, "cannot set TZ: %s", strerror(errno));
			free(tz);
			return -1;
		}
		tzset();
		tz->iana = 1;
	}
	*out = tz;
	return 0;
}

void ec_tz_close(struct ec_tz *tz) { free(tz); }

int64_t ec_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void ec_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int ec_days_in_month(int64_t y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2)
		return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
	return dm[m - 1];
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

int ec_time_format(int64_t t, char out[EC_TIME_LEN])
{
	int64_t days = t / 86400, sec = t % 86400;
	if (sec < 0) {
		sec += 86400;
		days--;
	}
	int64_t y;
	int m, d;
	ec_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return snprintf(out, EC_TIME_LEN, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y,
		                m, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	/* the data path formats one of these per event: no printf */
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = 'T';
	put2(out + 11, (int)(sec / 3600));
	out[13] = ':';
	put2(out + 14, (int)(sec / 60 % 60));
	out[16] = ':';
	put2(out + 17, (int)(sec % 60));
	out[19] = 'Z';
	out[20] = '\0';
	return 20;
}

/* Local civil time in tz -> UTC seconds. */
static int local_to_utc(struct ec_tz *tz, int64_t y, int mo, int d, int h, int mi, int s,
                        int64_t *t)
{
	int64_t days = ec_days_from_civil(y, mo, d);
	int64_t naive = days * 86400 + h * 3600 + mi * 60 + s;
	if (!tz || tz->utc) {
		*t = naive;
		return 0;
	}
	if (!tz->iana) {
		*t = naive - tz->fixed;
		return 0;
	}
	/* per minute: some zones change at :30 (Lord Howe) or :01 (St John's
	 * once), and logs come in time order, so the cache still hits */
	int64_t key = (days * 24 + h) * 60 + mi;
	if (!tz->have || tz->key != key) {
		struct tm tm = { 0 };
		tm.tm_year = (int)(y - 1900);
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = 0;
		tm.tm_isdst = -1;
		time_t u = mktime(&tm);
		if (u == (time_t)-1)
			return -1;
		/* offset = local wall clock - UTC at that instant */
		tz->offset = (long)(days * 86400 + h * 3600 + mi * 60 - (int64_t)u);
		tz->key = key;
		tz->have = 1;
	}
	*t = naive - tz->offset;
	return 0;
}

static int digits(const char *s, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int check_civil(int64_t y, int mo, int d, int h, int mi, int s, const char **why)
{
	if (mo < 1 || mo > 12 || d < 1 || d > ec_days_in_month(y, mo)) {
		*why = "impossible date";
		return -1;
	}
	if (h > 23 || mi > 59 || s > 60) {
		*why = "impossible time of day";
		return -1;
	}
	return 0;
}

static int parse_epoch(const char *s, size_t n, int64_t *t, const char **why)
{
	size_t i = 0, nd = 0;
	long double v = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		i++;
		nd++;
	}
	if (i < n && s[i] == '.') {
		long double f = 0.1L;
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, f /= 10)
			v += f * (s[i] - '0');
	}
	if (i != n || nd == 0) {
		*why = "unrecognised time format";
		return -1;
	}
	if (v >= 1e17L)
		v /= 1e9L;
	else if (v >= 1e14L)
		v /= 1e6L;
	else if (v >= 1e11L)
		v /= 1e3L;
	if (v > 1e13L) {
		*why = "time out of range";
		return -1;
	}
	*t = (int64_t)floorl(v);
	return 0;
}

static int parse_auto(const char *s, size_t n, struct ec_tz *tz, int64_t *t, const char **why)
{
	int Y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
	size_t i;
	*why = "unrecognised time format";
	/* all digits: compact calendar forms or an epoch */
	size_t k = 0;
	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k == n && (n == 8 || n == 14)) {
		digits(s, 4, &Y);
		digits(s + 4, 2, &mo);
		digits(s + 6, 2, &d);
		if (n == 14) {
			digits(s + 8, 2, &h);
			digits(s + 10, 2, &mi);
			digits(s + 12, 2, &se);
		}
		if (check_civil(Y, mo, d, h, mi, se, why) < 0)
			return -1;
		return local_to_utc(tz, Y, mo, d, h, mi, se, t) < 0 ? (*why = "time out of range", -1) : 0;
	}
	if (k == n || (k < n && s[k] == '.' && k != 4))
		return parse_epoch(s, n, t, why);
	if (n < 10 || k != 4 || (s[4] != '-' && s[4] != '/') || s[7] != s[4])
		return -1;
	if (digits(s, 4, &Y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d))
		return -1;
	i = 10;
	int have_zone = 0, off = 0;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		if (n - i < 6 || digits(s + i + 1, 2, &h) || s[i + 3] != ':' ||
		    digits(s + i + 4, 2, &mi))
			return -1;
		i += 6;
		if (i < n && s[i] == ':') {
			if (n - i < 3 || digits(s + i + 1, 2, &se))
				return -1;
			i += 3;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				i++;
				size_t f0 = i;
				while (i < n && s[i] >= '0' && s[i] <= '9')
					i++;
				if (i == f0)
					return -1;
			}
		}
	}
	if (i < n) {
		if (s[i] == ' ')
			i++;
		if (n - i == 1 && (s[i] == 'Z' || s[i] == 'z')) {
			have_zone = 1;
		} else if (n - i == 3 && !memcmp(s + i, "UTC", 3)) {
			have_zone = 1;
		} else if (parse_offset(s + i, n - i, &off) == 0) {
			have_zone = 1;
		} else {
			return -1;
		}
	}
	if (check_civil(Y, mo, d, h, mi, se, why) < 0)
		return -1;
	if (have_zone) {
		*t = ec_days_from_civil(Y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
		return 0;
	}
	if (local_to_utc(tz, Y, mo, d, h, mi, se, t) < 0) {
		*why = "time out of range";
		return -1;
	}
	return 0;
}

/* Years 0001..9999: what ISO 8601's four-digit form can write back. */
#define EC_TIME_MIN (-62135596800LL)
#define EC_TIME_MAX 253402300799LL

static int parse_any(const char *s, size_t n, const char *fmt, struct ec_tz *tz, int64_t *t,
                     const char **why);

int ec_time_parse(const char *s, size_t n, const char *fmt, struct ec_tz *tz, int64_t *t,
                  const char **why)
{
	if (memchr(s, '\0', n)) {
		*why = "NUL byte in time";
		return -1;
	}
	if (parse_any(s, n, fmt, tz, t, why) < 0)
		return -1;
	if (*t < EC_TIME_MIN || *t > EC_TIME_MAX) {
		*why = "time out of range";
		return -1;
	}
	return 0;
}

static int parse_any(const char *s, size_t n, const char *fmt, struct ec_tz *tz, int64_t *t,
                     const char **why)
{
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0) {
		*why = "empty time";
		return -1;
	}
	if (n > 64) {
		*why = "unrecognised time format";
		return -1;
	}
	if (!fmt)
		return parse_auto(s, n, tz, t, why);
	if (!strcmp(fmt, "%s")) /* epoch seconds are UTC whatever the zone */
		return parse_epoch(s, n, t, why);
	char tmp[65];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = 1;
	tm.tm_gmtoff = LONG_MIN;
	const char *end = strptime(tmp, fmt, &tm);
	if (!end || *end) {
		*why = "time does not match --time-format";
		return -1;
	}
	int64_t y = (int64_t)tm.tm_year + 1900;
	int mo = tm.tm_mon + 1;
	if (check_civil(y, mo, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, why) < 0)
		return -1;
	if (strstr(fmt, "%z") && tm.tm_gmtoff != LONG_MIN) {
		*t = ec_days_from_civil(y, mo, tm.tm_mday) * 86400 + tm.tm_hour * 3600 +
		     tm.tm_min * 60 + tm.tm_sec - tm.tm_gmtoff;
		return 0;
	}
	if (local_to_utc(tz, y, mo, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, t) < 0) {
		*why = "time out of range";
		return -1;
	}
	return 0;
}

int ec_duration_parse(const char *s, int64_t *secs)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return -1;
	long long v = strtoll(s, &end, 10);
	long long mult = 1;
	switch (*end) {
	case '\0': case 's': mult = 1; break;
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	case 'w': mult = 7 * 86400; break;
	default: return -1;
	}
	if (*end && end[1])
		return -1;
	if (v <= 0 || v > INT64_MAX / mult / 2)
		return -1;
	*secs = (int64_t)(v * mult);
	return 0;
}
