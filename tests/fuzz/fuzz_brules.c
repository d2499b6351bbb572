/*
 * fuzz_brules.c: libFuzzer target for the parsers of ec-rules' inputs that
 * are not records: the business rules file (ec_brules_parse, JSON through
 * jansson, then our own checks of every field) and the --coupons list
 * (ec_coupons_parse). Properties: a parse either succeeds or fails with a
 * message, never both or neither; a successful rules parse has rules sorted
 * by priority; coupons come back sorted by threshold with discounts below
 * thresholds.
 *
 * Built with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and with
 * tests/fuzz/replay.c by the Makefile for `make check`.
 */
#include "ec_rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct ec_brules br;
	memset(&br, 0, sizeof br);
	err[0] = '\0';
	int r = ec_brules_parse(&br, (const char *)data, size, "fuzz.json", err, sizeof err);
	if (r != 0 && !err[0])
		abort();
	for (size_t i = 1; r == 0 && i < br.n; i++)
		if (br.r[i - 1].priority < br.r[i].priority)
			abort();
	ec_brules_free(&br);

	/* the same bytes as a coupon list */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct ec_coupon c[16];
	size_t n = 0;
	err[0] = '\0';
	if (ec_coupons_parse(s, c, 16, &n, err, sizeof err) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (c[i].discount >= c[i].threshold)
				abort();
			if (i && c[i - 1].threshold > c[i].threshold)
				abort();
		}
	} else if (!err[0]) {
		abort();
	}
	free(s);
	return 0;
}
