/*
 * test_rules.c: ec_rules.h.
 *   - the coupon knapsack on hand cases: the cheapest add-on set reaching
 *     the next threshold (not the greedy one), ties, unreachable thresholds,
 *     an already reached coupon, cents;
 *   - coupon lists parse strictly;
 *   - business rules: every malformed field is named with the rule's
 *     position; conditions, validity windows and priority order;
 *   - mined rules match when the left side is in the basket and the right
 *     side is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ec_rules.h"

static const struct ec_coupon C[] = { { 5000, 300 }, { 2000, 100 } };

static void knapsack_hand(void **state)
{
	(void)state;
	size_t add[8], n;
	double extra;
	/* total 4000 needs 1000 more: greedy by price takes 900 + 600 = 1500;
	 * the best is 400 + 600 = 1000 exactly */
	double p1[] = { 900, 600, 400, 50 };
	assert_int_equal(ec_coupon_plan(C, 2, 4000, p1, 4, add, &n, &extra), 0);
	assert_int_equal(n, 2);
	assert_int_equal(add[0], 1);
	assert_int_equal(add[1], 2);
	assert_true(extra == 1000);
	/* 1001 needed: 400 + 600 + 50 = 1050 beats 900 + 400 = 1300 */
	assert_int_equal(ec_coupon_plan(C, 2, 3999, p1, 4, add, &n, &extra), 0);
	assert_int_equal(n, 3);
	assert_true(fabs(extra - 1050) < 1e-9);
	/* the next threshold above 1500 is 2000 (100 off): 600 alone is 600,
	 * 400 + 50 + ... = 450 < 500; best >= 500: 600 */
	assert_int_equal(ec_coupon_plan(C, 2, 1500, p1, 4, add, &n, &extra), 1);
	assert_int_equal(n, 1);
	assert_int_equal(add[0], 1);
	assert_true(extra == 600);
	/* cents: 19.99 needed from 10.00, 9.99, 20.00 -> 10.00 + 9.99 */
	double p2[] = { 10.00, 9.99, 20.00 };
	struct ec_coupon c2 = { 50, 5 };
	assert_int_equal(ec_coupon_plan(&c2, 1, 30.01, p2, 3, add, &n, &extra), 0);
	assert_int_equal(n, 2);
	assert_true(fabs(extra - 19.99) < 1e-9);
	/* unreachable next threshold, none reached: no coupon */
	double p3[] = { 100, 200 };
	assert_int_equal(ec_coupon_plan(C, 2, 1000, p3, 2, add, &n, &extra), -1);
	assert_int_equal(n, 0);
	/* unreachable next, 2000 already reached: that coupon, nothing to add */
	assert_int_equal(ec_coupon_plan(C, 2, 2500, p3, 2, add, &n, &extra), 1);
	assert_int_equal(n, 0);
	assert_true(extra == 0);
	/* everything reached: the largest discount */
	assert_int_equal(ec_coupon_plan(C, 2, 6000, p3, 2, add, &n, &extra), 0);
	/* no candidates */
	assert_int_equal(ec_coupon_plan(C, 2, 100, NULL, 0, add, &n, &extra), -1);
	/* a big threshold (over 2^24 cents) goes exhaustive and is still exact */
	struct ec_coupon big = { 1e6, 1000 };
	double p4[] = { 300000, 250000, 260000, 500000 };
	assert_int_equal(ec_coupon_plan(&big, 1, 0, p4, 4, add, &n, &extra), 0);
	assert_true(extra == 1010000); /* 250000 + 260000 + 500000 */
}

static void coupons_parse(void **state)
{
	(void)state;
	struct ec_coupon c[4];
	size_t n;
	char err[128];
	assert_int_equal(ec_coupons_parse("5000:300,2000:100", c, 4, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_true(c[0].threshold == 2000 && c[0].discount == 100);
	assert_true(c[1].threshold == 5000 && c[1].discount == 300);
	assert_int_equal(ec_coupons_parse("5000", c, 4, &n, err, sizeof err), -1);
	assert_string_equal(err, "'5000' is not THRESHOLD:DISCOUNT");
	assert_int_equal(ec_coupons_parse("100:200", c, 4, &n, err, sizeof err), -1);
	assert_int_equal(ec_coupons_parse("100:x", c, 4, &n, err, sizeof err), -1);
	assert_int_equal(ec_coupons_parse("1:0.5,,", c, 4, &n, err, sizeof err), -1);
}

static void expect_error(const char *json, const char *msg)
{
	struct ec_brules br = { 0 };
	char err[256];
	assert_int_equal(ec_brules_parse(&br, json, strlen(json), "r.json", err, sizeof err), -1);
	assert_string_equal(err, msg);
	assert_int_equal(br.n, 0);
}

static void brules_errors(void **state)
{
	(void)state;
	const char *ok = "{\"action\":{\"channel\":\"sms\"}}";
	char buf[512];
	snprintf(buf, sizeof buf, "[%s,%s,{\"action\":{\"boost\":\"x\",\"boost_items\":[\"a\"]}}]", ok, ok);
	expect_error(buf, "r.json: rule 3: \"action.boost\": not a number");
	expect_error("[{\"when\":{\"tags\":[1]},\"action\":{\"channel\":\"sms\"}}]",
	             "r.json: rule 1: \"when.tags\": element 1 is not a non-empty string");
	expect_error("[{\"action\":{\"channel\":\"fax\"}}]",
	             "r.json: rule 1: \"action.channel\": 'fax' is not push, sms or mini-program");
	expect_error("[{\"action\":{}}]",
	             "r.json: rule 1: \"action\": no recommend, boost, coupon or channel");
	expect_error("[{\"priority\":1}]", "r.json: rule 1: \"action\": missing");
	expect_error("[{\"from\":\"2024-02-30\",\"action\":{\"channel\":\"sms\"}}]",
	             "r.json: rule 1: \"from\": '2024-02-30': impossible date");
	expect_error("[{\"boots\":2,\"action\":{\"channel\":\"sms\"}}]",
	             "r.json: rule 1: \"boots\": unknown field");
	expect_error("[{\"action\":{\"coupon\":{\"threshold\":100}}}]",
	             "r.json: rule 1: \"action.coupon.discount\": missing");
	expect_error("{\"rules\": [\n{]}", "r.json:2: string or '}' expected near ']'");
	expect_error("{\"rule\": []}", "r.json: \"rule\": unknown field");
}

static void brules_match(void **state)
{
	(void)state;
	const char *json =
	    "{\"rules\":["
	    "{\"id\":\"low\",\"action\":{\"recommend\":[\"x\"]}},"
	    "{\"id\":\"vip\",\"priority\":5,\"from\":\"2024-01-01\",\"to\":\"2024-01-31\","
	    " \"when\":{\"tags\":[\"high_value\"],\"in_basket\":[\"a\",\"b\"],\"min_total\":100},"
	    " \"action\":{\"recommend\":\"y\",\"score\":2,\"channel\":\"sms\","
	    "  \"coupon\":{\"threshold\":500,\"discount\":50}}}]}";
	struct ec_brules br = { 0 };
	char err[256];
	assert_int_equal(ec_brules_parse(&br, json, strlen(json), "r.json", err, sizeof err), 0);
	assert_int_equal(br.n, 2);
	assert_string_equal(br.r[0].id, "vip"); /* priority first */
	assert_int_equal(br.r[0].pos, 2);
	assert_true(br.r[0].score == 2);
	assert_true(br.r[0].has_coupon && br.r[0].coupon.threshold == 500);
	const char *basket[] = { "b" }, *tags[] = { "new", "high_value" };
	struct ec_bctx c = { basket, 1, NULL, 0, NULL, 0, NULL, 0, tags, 2, 150,
	                     1706659200 /* 2024-01-31T00:00:00Z */ };
	assert_int_equal(ec_brule_matches(&br.r[0], &c), 1);
	c.at += 86399; /* the last second of the "to" day */
	assert_int_equal(ec_brule_matches(&br.r[0], &c), 1);
	c.at += 1;
	assert_int_equal(ec_brule_matches(&br.r[0], &c), 0);
	c.at -= 10;
	c.total = 99;
	assert_int_equal(ec_brule_matches(&br.r[0], &c), 0);
	c.total = 150;
	c.ntags = 1;
	assert_int_equal(ec_brule_matches(&br.r[0], &c), 0);
	assert_int_equal(ec_brule_matches(&br.r[1], &c), 1); /* no conditions */
	ec_brules_free(&br);
}

static int collect(void *ctx, size_t i)
{
	size_t *got = ctx;
	got[++got[0]] = i;
	return 0;
}

static void mined_match(void **state)
{
	(void)state;
	struct ec_ruleset *rs = ec_ruleset_new();
	const char *ab[] = { "a", "b" }, *a[] = { "a" };
	assert_int_equal(ec_ruleset_add(rs, ab, 2, "c", 0.6, 2), 0);
	assert_int_equal(ec_ruleset_add(rs, a, 1, "b", 0.5, 1.5), 0);
	assert_int_equal(ec_ruleset_add(rs, NULL, 0, "d", 0.9, 1), 0);
	size_t got[8] = { 0 };
	const char *b1[] = { "b", "a", "z" };
	assert_int_equal(ec_ruleset_match(rs, b1, 3, collect, got), 0);
	assert_int_equal(got[0], 2); /* a,b => c and {} => d; a => b has b in the basket */
	assert_int_equal(got[1], 0);
	assert_int_equal(got[2], 2);
	got[0] = 0;
	const char *b2[] = { "a" };
	assert_int_equal(ec_ruleset_match(rs, b2, 1, collect, got), 0);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 1);
	struct ec_ruleset_rule r;
	ec_ruleset_get(rs, 0, &r);
	assert_int_equal(r.nl, 2);
	assert_string_equal(r.lhs[1], "b");
	assert_string_equal(r.rhs, "c");
	ec_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(knapsack_hand),
		cmocka_unit_test(coupons_parse),
		cmocka_unit_test(brules_errors),
		cmocka_unit_test(brules_match),
		cmocka_unit_test(mined_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
