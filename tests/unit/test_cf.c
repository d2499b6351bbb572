/*
 * test_cf.c: ec_cf.h.
 *   - EASE on a 5 x 4 binary matrix with lambda = 1 against B computed
 *     exactly (rational Gauss-Jordan inverse of X'X + I, B_ij = -P_ij/P_jj,
 *     in a Python stdlib generator; values below);
 *   - item-kNN cosine similarities (shrink 0) against dot / (|i| |j|) by
 *     hand, neighbour order and the per-item cap, Jaccard with shrinkage;
 *   - scoring of a history, explanation, exclusion and ties of top-K;
 *   - ALS on two planted blocks: a user folded in from block A items gets
 *     block A items;
 *   - CSR building sums duplicates; weights parse strictly; the payload
 *     round-trips and a damaged one is refused.
 * Ranking metrics live in cmd/ec-eval/ranking.c and are checked on a hand
 * case by tests/cli/ec-eval/ranking-hand.sh.
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

#include "ec_buf.h"
#include "ec_cf.h"

static const char *const NAMES[] = { "a", "b", "c", "d", "e", "f", "g", "h" };

/* X: users x items of 0/1 from a dense table */
static void dense(struct ec_cf_csr *x, const int *t, uint32_t nu, uint32_t ni)
{
	uint32_t r[256], c[256];
	float v[256];
	size_t n = 0;
	for (uint32_t u = 0; u < nu; u++)
		for (uint32_t i = 0; i < ni; i++)
			if (t[u * ni + i]) {
				r[n] = u;
				c[n] = i;
				v[n++] = (float)t[u * ni + i];
			}
	assert_int_equal(ec_cf_csr_build(x, nu, ni, r, c, v, n), 0);
}

static const int X4[] = {
	1, 1, 0, 0,
	1, 0, 1, 0,
	0, 1, 1, 1,
	1, 1, 1, 0,
	0, 0, 1, 1,
};

static void ease_closed_form(void **state)
{
	(void)state;
	static const double B[4][4] = {
		{ 0, 0.4375, 0.4375, -0.318181818182 },
		{ 0.4, 0, 0.125, 0.181818181818 },
		{ 0.4, 0.125, 0, 0.454545454545 },
		{ -0.4, 0.25, 0.625, 0 },
	};
	struct ec_cf_csr x;
	dense(&x, X4, 5, 4);
	struct ec_cf_params p;
	ec_cf_params_default(&p, EC_CF_EASE);
	p.lambda = 1;
	struct ec_cf_model m;
	char err[256];
	assert_int_equal(ec_cf_train(&m, &x, NAMES, &p, err, sizeof err), 0);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			assert_true(fabs(m.B[i * 4 + j] - B[i][j]) < 1e-6);
	/* popularity: column sums */
	assert_true(m.pop[2] == 4 && m.pop[3] == 2);
	/* a user with a and d: scores B[a][.] + B[d][.]; best unseen is c
	 * (0.4375 + 0.625), explained by d (0.625 > 0.4375) */
	struct ec_cf_scorer s;
	assert_int_equal(ec_cf_scorer_init(&s, &m), 0);
	uint32_t h[2] = { 0, 3 };
	float w[2] = { 1, 1 };
	assert_int_equal(ec_cf_score(&m, &s, h, w, 2), 0);
	assert_true(fabs(s.score[2] - 1.0625) < 1e-6);
	assert_true(fabs(s.score[1] - 0.6875) < 1e-6);
	s.mask[0] = s.mask[3] = 1;
	uint32_t idx[4];
	double val[4];
	assert_int_equal(ec_cf_topk(s.score, s.mask, 4, 4, idx, val), 2);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 1);
	assert_int_equal(ec_cf_explain(&m, h, w, 2, 2), 1);
	ec_cf_scorer_free(&s);
	ec_cf_free(&m);
	ec_cf_csr_free(&x);
}

static void knn_cosine(void **state)
{
	(void)state;
	struct ec_cf_csr x;
	dense(&x, X4, 5, 4);
	struct ec_cf_params p;
	ec_cf_params_default(&p, EC_CF_ITEMKNN);
	p.shrink = 0;
	p.neighbors = 2;
	p.threads = 2;
	struct ec_cf_model m;
	char err[256];
	assert_int_equal(ec_cf_train(&m, &x, NAMES, &p, err, sizeof err), 0);
	/* item a: b 2/sqrt(3*3) = 0.666667, c 2/sqrt(3*4) = 0.577350, d 0 (dropped) */
	assert_int_equal(m.nb_ptr[1] - m.nb_ptr[0], 2);
	assert_int_equal(m.nb[0], 1);
	assert_true(fabs(m.sim[0] - 0.666666666667) < 1e-6);
	assert_int_equal(m.nb[1], 2);
	assert_true(fabs(m.sim[1] - 0.577350269190) < 1e-6);
	/* item d: c 2/sqrt(4*2) = 0.707107, then b 1/sqrt(3*2) = 0.408248 */
	uint64_t d0 = m.nb_ptr[3];
	assert_int_equal(m.nb_ptr[4] - d0, 2);
	assert_int_equal(m.nb[d0], 2);
	assert_true(fabs(m.sim[d0] - 0.707106781187) < 1e-6);
	assert_int_equal(m.nb[d0 + 1], 1);
	assert_true(fabs(m.sim[d0 + 1] - 0.408248290464) < 1e-6);
	/* history {a}: only its two neighbours are reached */
	struct ec_cf_scorer s;
	assert_int_equal(ec_cf_scorer_init(&s, &m), 0);
	uint32_t h[1] = { 0 };
	float w[1] = { 2 };
	assert_int_equal(ec_cf_score(&m, &s, h, w, 1), 0);
	assert_int_equal(s.ntouched, 2);
	assert_true(isinf(s.score[3]));
	assert_true(fabs(s.score[1] - 2 * 0.666666666667) < 1e-6);
	uint32_t idx[4];
	double val[4];
	assert_int_equal(ec_cf_topk_among(s.score, NULL, s.touched, s.ntouched, 3, idx, val), 2);
	assert_int_equal(idx[0], 1);
	/* a second history resets the first one's scores */
	h[0] = 3;
	assert_int_equal(ec_cf_score(&m, &s, h, w, 1), 0);
	assert_true(isinf(s.score[0]));
	ec_cf_scorer_free(&s);
	ec_cf_free(&m);

	/* Jaccard with shrink 1: a,b share 2 users of 3 and 3: 2 / (3 + 3 - 2 + 1) */
	p.similarity = EC_CF_JACCARD;
	p.shrink = 1;
	assert_int_equal(ec_cf_train(&m, &x, NAMES, &p, err, sizeof err), 0);
	assert_int_equal(m.nb[0], 1);
	assert_true(fabs(m.sim[0] - 0.4) < 1e-6);
	ec_cf_free(&m);
	ec_cf_csr_free(&x);
}

static void topk_ties(void **state)
{
	(void)state;
	double sc[6] = { 1, 3, 3, NAN, -INFINITY, 2 };
	unsigned char mask[6] = { 0, 0, 0, 0, 0, 1 };
	uint32_t idx[6];
	double val[6];
	/* ties by lower index; NaN, -inf and masked items never come out */
	assert_int_equal(ec_cf_topk(sc, mask, 6, 6, idx, val), 3);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 2);
	assert_int_equal(idx[2], 0);
	assert_int_equal(ec_cf_topk(sc, NULL, 6, 2, idx, val), 2);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 2);
}

static void als_planted(void **state)
{
	(void)state;
	/* users 0-5 use items a-d, users 6-11 items e-h, each all but one */
	int t[12 * 8] = { 0 };
	for (int u = 0; u < 12; u++)
		for (int i = 0; i < 4; i++)
			t[u * 8 + (u < 6 ? 0 : 4) + i] = i != u % 4;
	struct ec_cf_csr x;
	dense(&x, t, 12, 8);
	struct ec_cf_params p;
	ec_cf_params_default(&p, EC_CF_ALS);
	p.factors = 4;
	p.iters = 10;
	p.threads = 2;
	struct ec_cf_model m;
	char err[256];
	assert_int_equal(ec_cf_train(&m, &x, NAMES, &p, err, sizeof err), 0);
	struct ec_cf_scorer s;
	assert_int_equal(ec_cf_scorer_init(&s, &m), 0);
	uint32_t h[2] = { 4, 5 };  /* e, f */
	float w[2] = { 1, 1 };
	assert_int_equal(ec_cf_score(&m, &s, h, w, 2), 0);
	s.mask[4] = s.mask[5] = 1;
	uint32_t idx[2];
	double val[2];
	assert_int_equal(ec_cf_topk(s.score, s.mask, 8, 2, idx, val), 2);
	assert_true(idx[0] == 6 || idx[0] == 7);
	assert_true(idx[1] == 6 || idx[1] == 7);
	for (int j = 0; j < 4; j++)
		assert_true(s.score[j] < val[1]);
	/* the payload round-trips and gives the same scores */
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_cf_encode(&m, &b), 0);
	struct ec_cf_model m2;
	assert_int_equal(ec_cf_decode(&m2, (const unsigned char *)b.data, b.len, err, sizeof err), 0);
	struct ec_cf_scorer s2;
	assert_int_equal(ec_cf_scorer_init(&s2, &m2), 0);
	assert_int_equal(ec_cf_score(&m2, &s2, h, w, 2), 0);
	for (int j = 0; j < 8; j++)
		assert_true(fabs(s.score[j] - s2.score[j]) < 1e-9);
	assert_int_equal(ec_cf_item(&m2, "g", 1), 6);
	assert_string_equal(ec_cf_item_name(&m2, 7), "h");
	/* damaged: truncated, and an item named twice */
	struct ec_cf_model m3;
	assert_int_equal(ec_cf_decode(&m3, (const unsigned char *)b.data, b.len - 1, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "damaged payload"));
	b.data[32 + 2] = 'a'; /* "b\0" -> "a\0" */
	assert_int_equal(ec_cf_decode(&m3, (const unsigned char *)b.data, b.len, err, sizeof err), -1);
	assert_non_null(strstr(err, "vocabulary"));
	ec_buf_free(&b);
	ec_cf_scorer_free(&s2);
	ec_cf_free(&m2);
	ec_cf_scorer_free(&s);
	ec_cf_free(&m);
	ec_cf_csr_free(&x);
}

static void csr_and_weights(void **state)
{
	(void)state;
	uint32_t r[4] = { 1, 0, 1, 1 }, c[4] = { 2, 1, 0, 2 };
	float v[4] = { 1, 2, 3, 4 };
	struct ec_cf_csr x, t;
	assert_int_equal(ec_cf_csr_build(&x, 2, 3, r, c, v, 4), 0);
	assert_int_equal(x.ptr[2], 3);
	assert_int_equal(x.idx[1], 0);
	assert_int_equal(x.idx[2], 2);
	assert_true(x.val[2] == 5);  /* (1,2) twice: 1 + 4 */
	assert_int_equal(ec_cf_csr_transpose(&x, &t), 0);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.ptr[3] - t.ptr[2], 1);
	assert_true(t.val[t.ptr[2]] == 5);
	ec_cf_csr_free(&t);
	ec_cf_csr_free(&x);
	c[0] = 3;
	assert_int_equal(ec_cf_csr_build(&x, 2, 3, r, c, v, 4), -1);

	double w[EC_CF_NKINDS];
	char err[128];
	assert_int_equal(ec_cf_weights_parse("view=1,purchase=8.5", w, err, sizeof err), 0);
	assert_true(w[EC_KIND_VIEW] == 1 && w[EC_KIND_PURCHASE] == 8.5 && w[EC_KIND_CLICK] == 0);
	assert_int_equal(ec_cf_weights_parse("view=-1", w, err, sizeof err), -1);
	assert_int_equal(ec_cf_weights_parse("bogus=1", w, err, sizeof err), -1);
	assert_int_equal(ec_cf_weights_parse("view", w, err, sizeof err), -1);
	assert_int_equal(ec_cf_weights_parse("view=x", w, err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ease_closed_form),
		cmocka_unit_test(knn_cosine),
		cmocka_unit_test(topk_ties),
		cmocka_unit_test(als_planted),
		cmocka_unit_test(csr_and_weights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
