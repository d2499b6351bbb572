/*
 * test_sort.c: the external merge sort of ec_sort.h. Records are random
 * (user, ts, payload) triples; the expected order is computed here with a
 * plain stable insertion of indices, and ec_sorter must give exactly that
 * both when everything fits in memory and when a tiny memory limit forces
 * dozens of runs on disk. Absent values and numeric keys are checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_sort.h"

#define N 5000

struct rec { char user[16]; char ts[24]; char pay[24]; int idx; double tsv; };

static struct rec recs[N];

static int ref_cmp(const void *x, const void *y)
{
	const struct rec *a = x, *b = y;
	int c = strcmp(a->user, b->user);
	if (c)
		return c;
	if (a->tsv != b->tsv)
		return a->tsv < b->tsv ? -1 : 1;
	return a->idx - b->idx; /* stability */
}

static void make_records(void)
{
	srand(42);
	for (int i = 0; i < N; i++) {
		snprintf(recs[i].user, sizeof recs[i].user, "u%d", rand() % 300);
		recs[i].tsv = (double)(rand() % 1000);
		snprintf(recs[i].ts, sizeof recs[i].ts, "%d", (int)recs[i].tsv);
		snprintf(recs[i].pay, sizeof recs[i].pay, "p%d", i);
		recs[i].idx = i;
	}
}

static void check_sorted(size_t mem, int expect_runs)
{
	struct ec_sort_key keys[] = { { 0, EC_SORT_STR, 0 }, { 1, EC_SORT_NUM, 0 } };
	struct ec_sorter *s;
	assert_int_equal(ec_sorter_new(&s, 3, keys, 2, mem), 0);
	for (int i = 0; i < N; i++) {
		const char *v[3] = { recs[i].user, recs[i].ts, recs[i].pay };
		assert_int_equal(ec_sorter_add(s, v, NULL), 0);
	}
	assert_int_equal(ec_sorter_done(s), 0);
	if (expect_runs)
		assert_true(ec_sorter_runs(s) > 10);
	else
		assert_int_equal(ec_sorter_runs(s), 0);
	struct rec *ref = malloc(sizeof recs);
	memcpy(ref, recs, sizeof recs);
	qsort(ref, N, sizeof *ref, ref_cmp);
	const char *const *val;
	const size_t *len;
	for (int i = 0; i < N; i++) {
		assert_int_equal(ec_sorter_next(s, &val, &len), 1);
		assert_string_equal(val[0], ref[i].user);
		assert_string_equal(val[1], ref[i].ts);
		assert_string_equal(val[2], ref[i].pay);
		assert_int_equal(len[2], strlen(ref[i].pay));
	}
	assert_int_equal(ec_sorter_next(s, &val, &len), 0);
	assert_int_equal(ec_sorter_count(s), N);
	free(ref);
	ec_sorter_free(s);
}

static void in_memory(void **st) { (void)st; check_sorted(0, 0); }
static void external_runs(void **st) { (void)st; check_sorted(4096, 1); }

static void absent_and_desc(void **st)
{
	(void)st;
	struct ec_sort_key keys[] = { { 1, EC_SORT_NUM, 1 } };
	struct ec_sorter *s;
	assert_int_equal(ec_sorter_new(&s, 2, keys, 1, 0), 0);
	const char *a[2] = { "a", "2.5" }, *b[2] = { "b", NULL }, *c[2] = { NULL, "10" },
	           *d[2] = { "d", "-1" }, *e[2] = { "", "x" };
	ec_sorter_add(s, a, NULL);
	ec_sorter_add(s, b, NULL);
	ec_sorter_add(s, c, NULL);
	ec_sorter_add(s, d, NULL);
	ec_sorter_add(s, e, NULL);
	const char *const *val;
	const size_t *len;
	/* descending: 10, 2.5, -1, then the two without a number (ascending
	 * would put them first), in input order */
	assert_int_equal(ec_sorter_next(s, &val, &len), 1);
	assert_null(val[0]);
	assert_string_equal(val[1], "10");
	assert_int_equal(ec_sorter_next(s, &val, &len), 1);
	assert_string_equal(val[0], "a");
	assert_int_equal(ec_sorter_next(s, &val, &len), 1);
	assert_string_equal(val[0], "d");
	assert_int_equal(ec_sorter_next(s, &val, &len), 1);
	assert_string_equal(val[0], "b");
	assert_null(val[1]);
	assert_int_equal(ec_sorter_next(s, &val, &len), 1);
	assert_string_equal(val[0], "");
	assert_int_equal(len[0], 0);
	assert_string_equal(val[1], "x");
	assert_int_equal(ec_sorter_next(s, &val, &len), 0);
	ec_sorter_free(s);
}

static void empty(void **st)
{
	(void)st;
	struct ec_sort_key keys[] = { { 0, EC_SORT_STR, 0 } };
	struct ec_sorter *s;
	assert_int_equal(ec_sorter_new(&s, 1, keys, 1, 0), 0);
	const char *const *val;
	const size_t *len;
	assert_int_equal(ec_sorter_next(s, &val, &len), 0);
	ec_sorter_free(s);
}

int main(void)
{
	make_records();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(in_memory),
		cmocka_unit_test(external_runs),
		cmocka_unit_test(absent_and_desc),
		cmocka_unit_test(empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
