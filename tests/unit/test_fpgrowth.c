/*
 * test_fpgrowth.c: FP-growth and the rule measures of ec_fpgrowth.h.
 *   - a five-basket example computed by hand (supports, confidences,
 *     lifts, conviction, leverage, the order of the output, {} => {y});
 *   - on 200 random small databases (up to 9 items, 40 baskets), the
 *     itemsets and rules equal a brute-force enumeration of every subset
 *     of the items with arules' definitions, counts included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_fpgrowth.h"

static void add(struct ec_fpdb *db, const char *s)
{
	char buf[256], *v[32];
	size_t n = 0;
	snprintf(buf, sizeof buf, "%s", s);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
		v[n++] = t;
	assert_int_equal(ec_fpdb_add(db, (const char *const *)v, NULL, n), 0);
}

static const char *name(const struct ec_fpdb *db, uint32_t id)
{
	return ec_fpdb_item(db, id, NULL);
}

/*
 * Baskets: {a,b,c} {a,b} {a,c} {b,d} {a,b,d} (N = 5); counts a 4, b 4,
 * c 2, d 2, ab 3, ac 2, bd 2, ad 1, abd 1, abc 1. min support 0.4 (count 2):
 * itemsets a b c d ab ac bd. Rules at confidence 0.6:
 *   c => a: conf 2/2 = 1, lift 1/0.8 = 1.25, conviction inf, leverage 0.4 - 0.4*0.8 = 0.08
 *   d => b: the same
 *   a => b, b => a: conf 3/4 = 0.75, lift 0.75/0.8 = 0.9375,
 *                   conviction (1-0.8)/(1-0.75) = 0.8, leverage 0.6 - 0.64 = -0.04
 *   {} => a, {} => b: conf 0.8, lift 1, conviction 1, leverage 0
 */
static void hand_example(void **state)
{
	(void)state;
	struct ec_fpdb *db = ec_fpdb_new();
	add(db, "a b c");
	add(db, "b a");
	add(db, "c a a");   /* duplicate collapses */
	add(db, "d b");
	add(db, "a b d");
	struct ec_fp_opts o = { 0.4, 0.6, 0, 10, 0, 1 };
	struct ec_fp_result r;
	assert_int_equal(ec_fp_mine(db, &o, &r), 0);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.min_count, 2);
	assert_int_equal(r.nsets, 7);
	/* support desc, size asc, names: a b ab c d ac bd */
	const char *want[7] = { "a", "b", "ab", "c", "d", "ac", "bd" };
	for (size_t i = 0; i < 7; i++) {
		char s[8] = "";
		for (uint32_t k = 0; k < r.sets[i].len; k++)
			strcat(s, name(db, r.items[r.sets[i].off + k]));
		assert_string_equal(s, want[i]);
	}
	assert_int_equal(r.sets[2].count, 3);
	assert_int_equal(r.nrules, 6);
	/* lift desc: c=>a, d=>b (1.25), then {}=>a, {}=>b (1), then a=>b, b=>a (0.9375) */
	const struct ec_fp_rule *u = &r.rules[0];
	assert_string_equal(name(db, u->rhs), "a");
	assert_int_equal(u->lhs_count, 2);
	assert_true(u->confidence == 1.0);
	assert_true(fabs(u->lift - 1.25) < 1e-12);
	assert_true(isinf(u->conviction));
	assert_true(fabs(u->leverage - 0.08) < 1e-12);
	assert_true(fabs(u->support - 0.4) < 1e-12);
	assert_string_equal(name(db, r.rules[1].rhs), "b");
	assert_true(fabs(r.rules[1].lift - 1.25) < 1e-12);
	assert_int_equal(r.sets[r.rules[2].set].len, 1); /* {} => a */
	assert_string_equal(name(db, r.rules[2].rhs), "a");
	assert_true(fabs(r.rules[2].confidence - 0.8) < 1e-12);
	assert_true(fabs(r.rules[2].lift - 1) < 1e-12);
	assert_true(fabs(r.rules[2].conviction - 1) < 1e-12);
	u = &r.rules[4];
	assert_string_equal(name(db, u->rhs), "b"); /* lhs a < lhs b */
	assert_true(fabs(u->confidence - 0.75) < 1e-12);
	assert_true(fabs(u->lift - 0.9375) < 1e-12);
	assert_true(fabs(u->conviction - 0.8) < 1e-12);
	assert_true(fabs(u->leverage + 0.04) < 1e-12);
	ec_fp_result_free(&r);

	/* no empty left sides, and min lift 1.1 keeps the two lift-1.25 rules */
	o.min_lhs = 1;
	assert_int_equal(ec_fp_mine(db, &o, &r), 0);
	assert_int_equal(r.nrules, 4);
	ec_fp_result_free(&r);
	o.min_lift = 1.1;
	assert_int_equal(ec_fp_mine(db, &o, &r), 0);
	assert_int_equal(r.nrules, 2);
	ec_fp_result_free(&r);
	/* max_len 1: single items only, no rules but {} => y */
	o.min_lift = 0;
	o.min_lhs = 0;
	o.max_len = 1;
	assert_int_equal(ec_fp_mine(db, &o, &r), 0);
	assert_int_equal(r.nsets, 4);
	assert_int_equal(r.nrules, 2);
	ec_fp_result_free(&r);
	ec_fpdb_free(db);
}

#define MAXI 9
#define MAXB 40

static void random_vs_brute(void **state)
{
	(void)state;
	srand(7);
	static const char *items[MAXI] = { "p", "q", "r", "s", "t", "u", "v", "w", "x" };
	for (int round = 0; round < 200; round++) {
		int ni = 3 + rand() % (MAXI - 2), nb = 1 + rand() % MAXB;
		unsigned mask[MAXB];
		struct ec_fpdb *db = ec_fpdb_new();
		for (int b = 0; b < nb; b++) {
			const char *v[MAXI];
			size_t n = 0;
			mask[b] = 0;
			for (int i = 0; i < ni; i++)
				if (rand() % 100 < 45) {
					v[n++] = items[i];
					mask[b] |= 1u << i;
				}
			assert_int_equal(ec_fpdb_add(db, v, NULL, n), 0);
		}
		double minsup = (1 + rand() % 6) / 20.0, minconf = (rand() % 10) / 10.0;
		size_t maxlen = 1 + (size_t)(rand() % 5);
		struct ec_fp_opts o = { minsup, minconf, 0, maxlen, 0, 1 };
		struct ec_fp_result r;
		assert_int_equal(ec_fp_mine(db, &o, &r), 0);
		/* brute force: count of every subset, by item letters */
		static unsigned cnt[1 << MAXI];
		memset(cnt, 0, sizeof cnt);
		for (unsigned z = 1; z < (1u << ni); z++)
			for (int b = 0; b < nb; b++)
				cnt[z] += (mask[b] & z) == z;
		size_t nsets = 0, nrules = 0;
		for (unsigned z = 1; z < (1u << ni); z++) {
			if ((size_t)__builtin_popcount(z) > maxlen || !cnt[z] ||
			    (double)cnt[z] / nb < minsup)
				continue;
			nsets++;
			for (int y = 0; y < ni; y++) {
				if (!(z >> y & 1))
					continue;
				unsigned x = z & ~(1u << y);
				double conf = (double)cnt[z] / (x ? cnt[x] : (unsigned)nb);
				nrules += conf >= minconf;
			}
		}
		assert_int_equal(r.nsets, nsets);
		assert_int_equal(r.nrules, nrules);
		for (size_t i = 0; i < r.nsets; i++) {
			unsigned z = 0;
			for (uint32_t k = 0; k < r.sets[i].len; k++)
				z |= 1u << (name(db, r.items[r.sets[i].off + k])[0] - 'p');
			assert_int_equal(r.sets[i].count, cnt[z]);
		}
		for (size_t i = 0; i < r.nrules; i++) {
			const struct ec_fp_rule *u = &r.rules[i];
			unsigned z = 0;
			const struct ec_fp_set *s = &r.sets[u->set];
			for (uint32_t k = 0; k < s->len; k++)
				z |= 1u << (name(db, r.items[s->off + k])[0] - 'p');
			unsigned y = 1u << (name(db, u->rhs)[0] - 'p'), x = z & ~y;
			assert_int_equal(u->count, cnt[z]);
			assert_int_equal(u->lhs_count, x ? cnt[x] : (unsigned)nb);
			assert_true(fabs(u->lift - ((double)cnt[z] / u->lhs_count) / ((double)cnt[y] / nb)) < 1e-12);
			if (i)
				assert_true(r.rules[i - 1].lift >= u->lift);
		}
		ec_fp_result_free(&r);
		ec_fpdb_free(db);
	}
}

static void empty_db(void **state)
{
	(void)state;
	struct ec_fpdb *db = ec_fpdb_new();
	struct ec_fp_opts o = { 0.5, 0.5, 0, 10, 0, 1 };
	struct ec_fp_result r;
	assert_int_equal(ec_fp_mine(db, &o, &r), 0);
	assert_int_equal(r.nsets, 0);
	assert_int_equal(r.nrules, 0);
	ec_fp_result_free(&r);
	ec_fpdb_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_example),
		cmocka_unit_test(random_vs_brute),
		cmocka_unit_test(empty_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
