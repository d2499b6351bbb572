/*
 * fuzz_time.c: libFuzzer target for ec_time_parse (lib/ec_time.c).
 *
 * The input bytes are one timestamp. They are parsed four ways: the
 * built-in forms (fmt NULL) and the strptime format "%m/%d/%Y %H:%M", each
 * with naive times read as UTC (tz NULL) and at the fixed offset +08:00.
 * Properties checked, abort() on violation:
 *   - round trip: every parsed t (ec_time_parse refuses years outside
 *     0001..9999) is written by ec_time_format and parsed back (fmt NULL,
 *     UTC) to the same t;
 *   - ec_time_format returns strlen of what it wrote, < EC_TIME_LEN;
 *   - a fixed zone never changes whether a text parses (but at the range
 *     limits), and moves the
 *     result by 0 (the text had its own zone) or exactly 8 hours (naive);
 *     with the strptime format, which has no %z, always by 8 hours.
 *
 * Built with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and with
 * tests/fuzz/replay.c by the Makefile for `make check`.
 */
#include "ec_time.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const uint8_t *data, size_t size, int64_t t)
{
	fprintf(stderr, "fuzz_time: %s (t=%lld, input '%.*s')\n", what, (long long)t,
	        (int)(size > 80 ? 80 : size), (const char *)data);
	abort();
}

static void round_trip(const uint8_t *data, size_t size, int64_t t)
{
	static const int64_t lo = -719162LL * 86400;    /* 0001-01-01T00:00:00Z */
	static const int64_t hi = 2932897LL * 86400;    /* 10000-01-01T00:00:00Z */
	char out[EC_TIME_LEN];
	int n = ec_time_format(t, out);
	if (n <= 0 || n >= EC_TIME_LEN || (size_t)n != strlen(out))
		fail("ec_time_format length", data, size, t);
	if (t < lo || t >= hi)
		fail("ec_time_parse accepted a time outside years 0001..9999", data, size, t);
	int64_t t2;
	const char *why;
	if (ec_time_parse(out, (size_t)n, NULL, NULL, &t2, &why) != 0)
		fail("ec_time_format output does not parse", data, size, t);
	if (t2 != t)
		fail("ec_time_format output parses to another time", data, size, t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fmts[] = { NULL, "%m/%d/%Y %H:%M" };
	static struct ec_tz *cst;
	const char *s = (const char *)data;

	if (!cst) {
		char err[256];
		if (ec_tz_open(&cst, "+08:00", err, sizeof err) != 0) {
			fprintf(stderr, "fuzz_time: ec_tz_open +08:00: %s\n", err);
			abort();
		}
	}
	for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		int64_t tu = 0, tc = 0;
		const char *whyu = NULL, *whyc = NULL;
		int ru = ec_time_parse(s, size, fmts[f], NULL, &tu, &whyu);
		int rc = ec_time_parse(s, size, fmts[f], cst, &tc, &whyc);
		/* a shift of 8 hours may only cross the 0001..9999 range limits */
		if (ru != rc && !((whyu && !strcmp(whyu, "time out of range")) ||
		                  (whyc && !strcmp(whyc, "time out of range"))))
			fail("a fixed zone changed whether the text parses", data, size, tu);
		if (ru != rc)
			continue;
		if (ru != 0) {
			if (!whyu || !whyc || !*whyu || !*whyc)
				fail("failure without a reason", data, size, 0);
			continue;
		}
		int64_t d = tu - tc;
		if (fmts[f] ? d != 8 * 3600 : d != 0 && d != 8 * 3600)
			fail("+08:00 moved the time by other than 0 or 8 hours", data, size, tu);
		round_trip(data, size, tu);
		round_trip(data, size, tc);
	}
	return 0;
}
