/*
 * test_ctr.c: the click-through models of lib/ec_ctr.h.
 *
 * FTRL-Proximal on a hand case (McMahan et al. 2013, Algorithm 1, alpha =
 * beta = 1, no regularisation: after one positive example w = 1/3 for the
 * bias and the feature, after two w = 0.544802), L1 keeping weights at
 * exactly zero; AUC with and without ties, GAUC with a one-class user left
 * out, log-loss, all computed by hand; labels parsed strictly; Wide & Deep
 * and DIN learning a planted rule (click when the candidate is in the
 * history) that no per-feature model can; a save/load round trip that
 * scores exactly as the trained model; a damaged model refused.
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

#define SCRATCH_NAME "ctr"
#include "scratch.h"

#include "ec_ctr.h"
#include "ec_rng.h"

static void add(struct ec_ctr *m, struct ec_ctr_data *d, const char *const *v, int y, int grow)
{
	size_t n = ec_ctr_nfields(m), len[8];
	char err[256];
	for (size_t i = 0; i < n; i++)
		len[i] = v[i] ? strlen(v[i]) : 0;
	assert_int_equal(ec_ctr_data_add(m, d, v, len, y, grow, err, sizeof err), 0);
}

static double p_of(struct ec_ctr *m, const char *const *v)
{
	size_t n = ec_ctr_nfields(m), len[8];
	char err[256];
	for (size_t i = 0; i < n; i++)
		len[i] = v[i] ? strlen(v[i]) : 0;
	return ec_ctr_score(m, v, len, err, sizeof err);
}

static void ftrl_hand_case(void **state)
{
	(void)state;
	const char *cols[] = { "label", "a" };
	struct ec_ctr_spec s = { .kind = EC_CTR_LR, .bits = 8, .alpha = 1, .beta = 1 };
	char err[256];
	struct ec_ctr *m = ec_ctr_new(&s, cols, 2, err, sizeof err);
	assert_non_null(m);
	assert_int_equal(ec_ctr_nfields(m), 1);
	assert_string_equal(ec_ctr_field(m, 0), "a");
	struct ec_ctr_data *d = ec_ctr_data_new();
	const char *x[] = { "x" };
	add(m, d, x, 1, 1);
	assert_int_equal(ec_ctr_prepare(m, d, err, sizeof err), 0);
	uint32_t idx = 0;
	double p, loss = 0;
	assert_int_equal(ec_ctr_fit_batch(m, d, &idx, 1, &p, &loss, err, sizeof err), 0);
	assert_float_equal(p, 0.5, 1e-12);
	assert_float_equal(loss, log(2.0), 1e-12);
	/* z = -0.5, n = 0.25: w = 0.5 / (1 + 0.5) for bias and feature */
	assert_float_equal(p_of(m, x), 1.0 / (1.0 + exp(-2.0 / 3.0)), 1e-12);
	assert_int_equal(ec_ctr_fit_batch(m, d, &idx, 1, &p, NULL, err, sizeof err), 0);
	assert_float_equal(p, 0.6607563687658172, 1e-12);
	assert_float_equal(p_of(m, x), 1.0 / (1.0 + exp(-2 * 0.5448023684422886)), 1e-9);
	/* an unseen value only has the bias */
	const char *u[] = { "never" };
	assert_float_equal(p_of(m, u), 1.0 / (1.0 + exp(-0.5448023684422886)), 1e-9);
	ec_ctr_data_free(d);
	ec_ctr_free(m);

	/* L1 = 1 > |z| = 0.5: the weights stay exactly zero */
	s.l1 = 1;
	m = ec_ctr_new(&s, cols, 2, err, sizeof err);
	d = ec_ctr_data_new();
	add(m, d, x, 1, 1);
	assert_int_equal(ec_ctr_prepare(m, d, err, sizeof err), 0);
	assert_int_equal(ec_ctr_fit_batch(m, d, &idx, 1, NULL, NULL, err, sizeof err), 0);
	assert_true(p_of(m, x) == 0.5);
	ec_ctr_data_free(d);
	ec_ctr_free(m);
}

static void metrics_by_hand(void **state)
{
	(void)state;
	const double s1[] = { 0.1, 0.4, 0.35, 0.8 };
	const uint8_t y1[] = { 0, 0, 1, 1 };
	assert_float_equal(ec_ctr_auc(s1, y1, 4), 0.75, 1e-12);
	/* ties: the positive at 0.5 against two negatives at 0.5 counts 1/2 each */
	const double s2[] = { 0.5, 0.5, 0.5, 0.9 };
	const uint8_t y2[] = { 0, 1, 0, 1 };
	assert_float_equal(ec_ctr_auc(s2, y2, 4), 0.75, 1e-12);
	/* every score equal: 0.5 */
	const double s3[] = { 0.3, 0.3, 0.3 };
	const uint8_t y3[] = { 1, 0, 1 };
	assert_float_equal(ec_ctr_auc(s3, y3, 3), 0.5, 1e-12);
	assert_true(isnan(ec_ctr_auc(s3, (const uint8_t[]){ 1, 1, 1 }, 3)));
	/* GAUC: user 1 AUC 1 (2 impressions), user 2 AUC 0 (3), user 3 one class */
	const double s4[] = { 0.1, 0.9, 0.2, 0.3, 0.4, 0.5 };
	const uint8_t y4[] = { 0, 1, 1, 0, 0, 1 };
	const uint32_t g4[] = { 1, 1, 2, 2, 2, 3 };
	size_t ng;
	assert_float_equal(ec_ctr_gauc(s4, y4, g4, 6, &ng), 0.4, 1e-12);
	assert_int_equal(ng, 2);
	const double p5[] = { 0.8, 0.3 };
	const uint8_t y5[] = { 1, 0 };
	assert_float_equal(ec_ctr_logloss(p5, y5, 2), -(log(0.8) + log(0.7)) / 2, 1e-12);
	/* p = 0 for a positive is clipped, not infinite */
	const double p6[] = { 0.0 };
	assert_float_equal(ec_ctr_logloss(p6, (const uint8_t[]){ 1 }, 1), -log(1e-15), 1e-9);
	assert_int_equal(ec_ctr_parse_label("1", 1), 1);
	assert_int_equal(ec_ctr_parse_label("0", 1), 0);
	assert_int_equal(ec_ctr_parse_label("1.0", 3), -1);
	assert_int_equal(ec_ctr_parse_label("2", 1), -1);
	assert_int_equal(ec_ctr_parse_label("", 0), -1);
}

/*
 * Planted: 200 items, the history is 5 random items, the candidate is in
 * the history half the time; click with probability 0.9 when it is, 0.1
 * otherwise. Neither item nor any single history element says anything.
 */
static struct ec_ctr_data *planted(struct ec_ctr *m, struct ec_rng *r, size_t n, int grow)
{
	struct ec_ctr_data *d = ec_ctr_data_new();
	char item[16], hist[128];
	for (size_t e = 0; e < n; e++) {
		unsigned h[5];
		size_t o = 0;
		for (int j = 0; j < 5; j++) {
			h[j] = (unsigned)ec_rng_below(r, 200);
			o += (size_t)snprintf(hist + o, sizeof hist - o, j ? " i%u" : "i%u", h[j]);
		}
		int in = ec_rng_bernoulli(r, 0.5);
		snprintf(item, sizeof item, "i%u", in ? h[ec_rng_below(r, 5)] :
		                                      (unsigned)ec_rng_below(r, 200));
		int y = ec_rng_bernoulli(r, strstr(hist, item) ? 0.9 : 0.1);
		const char *v[] = { item, hist };
		add(m, d, v, y, grow);
	}
	return d;
}

static double train_planted(enum ec_ctr_kind kind, const char *save)
{
	const char *cols[] = { "label", "item", "hist" };
	const char *seq[] = { "hist" }, *target[] = { "item" };
	size_t hidden[] = { 32, 16 }, att[] = { 16 };
	struct ec_ctr_spec s = { .kind = kind, .bits = 16, .dim = 8, .seq = seq, .nseq = 1,
	                         .target = target, .ntarget = 1, .hidden = hidden,
	                         .nhidden = 2, .att_hidden = att, .natt = 1, .lr = 0.005,
	                         .seed = 3 };
	char err[256];
	struct ec_ctr *m = ec_ctr_new(&s, cols, 3, err, sizeof err);
	assert_non_null(m);
	struct ec_rng r;
	ec_rng_seed(&r, 11);
	struct ec_ctr_data *tr = planted(m, &r, 20000, 1);
	assert_int_equal(ec_ctr_prepare(m, tr, err, sizeof err), 0);
	struct ec_ctr_data *te = planted(m, &r, 4000, 0);
	uint32_t *idx = malloc(20000 * sizeof *idx);
	for (int ep = 0; ep < 4; ep++) {
		for (uint32_t i = 0; i < 20000; i++)
			idx[i] = i;
		ec_rng_shuffle_u32(&r, idx, 20000);
		for (size_t b = 0; b < 20000; b += 128)
			assert_int_equal(ec_ctr_fit_batch(m, tr, idx + b, b + 128 <= 20000 ? 128 : 20000 - b,
			                                  NULL, NULL, err,
			                                  sizeof err), 0);
	}
	double *p = malloc(4000 * sizeof *p);
	assert_int_equal(ec_ctr_predict_data(m, te, 256, p, err, sizeof err), 0);
	double auc = ec_ctr_auc(p, ec_ctr_data_labels(te), 4000);
	if (save) {
		assert_int_equal(ec_ctr_save(m, save, NULL, err, sizeof err), 0);
		struct ec_ctr *l = ec_ctr_load(save, err, sizeof err);
		assert_non_null(l);
		assert_int_equal(ec_ctr_kind(l), kind);
		double *q = malloc(4000 * sizeof *q);
		assert_int_equal(ec_ctr_predict_data(l, te, 100, q, err, sizeof err), 0);
		for (size_t i = 0; i < 4000; i++)
			assert_float_equal(p[i], q[i], 1e-6); /* wide weights stored as float */
		free(q);
		/* one record at a time, from strings: the loaded model's vocabulary */
		const char *v[] = { "i7", "i3 i7 i9" }, *w[] = { "i8", "i3 i7 i9" };
		size_t len[] = { 2, 8 };
		double in = ec_ctr_score(l, v, len, err, sizeof err);
		double out = ec_ctr_score(l, w, len, err, sizeof err);
		if (kind == EC_CTR_DIN)
			assert_true(in > out + 0.3);
		ec_ctr_free(l);
	}
	free(p);
	free(idx);
	ec_ctr_data_free(tr);
	ec_ctr_data_free(te);
	ec_ctr_free(m);
	return auc;
}

static void planted_interest(void **state)
{
	(void)state;
	double lr = train_planted(EC_CTR_LR, NULL);
	double wd = train_planted(EC_CTR_WD, NULL);
	double din = train_planted(EC_CTR_DIN, "din.ecm");
	print_message("# planted AUC: lr %.4f wd %.4f din %.4f\n", lr, wd, din);
	/* LR sees items and history elements one by one: no signal */
	assert_true(lr < 0.6);
	/* mean pooling through the MLP finds some of it (0.725 measured) */
	assert_true(wd > 0.65);
	/* the Bayes AUC of the rule is 0.9; DIN's attention finds the match
	 * (0.860 measured) */
	assert_true(din > 0.8 && din > wd + 0.05);
}

static void save_load_wd(void **state)
{
	(void)state;
	double wd = train_planted(EC_CTR_WD, "wd.ecm");
	assert_true(wd > 0.5);
	/* a damaged file is refused with a message */
	FILE *f = fopen("wd.ecm", "r+b");
	assert_non_null(f);
	fseek(f, 100, SEEK_SET);
	fputc('X', f);
	fclose(f);
	char err[256];
	assert_null(ec_ctr_load("wd.ecm", err, sizeof err));
	assert_non_null(strstr(err, "wd.ecm"));
}

static void spec_errors(void **state)
{
	(void)state;
	const char *cols[] = { "label", "item", "hist", "price" };
	const char *seq[] = { "hist" }, *bad[] = { "nope" }, *cross[] = { "item" };
	char err[256];
	struct ec_ctr_spec s = { .kind = EC_CTR_WD, .seq = bad, .nseq = 1 };
	assert_null(ec_ctr_new(&s, cols, 4, err, sizeof err));
	assert_string_equal(err, "--seq: no column 'nope'");
	struct ec_ctr_spec s2 = { .kind = EC_CTR_WD, .seq = seq, .nseq = 1, .cross = cross,
	                          .ncross = 1 };
	assert_null(ec_ctr_new(&s2, cols, 4, err, sizeof err));
	assert_string_equal(err, "--cross: 'item' is not two columns as a:b");
	const char *num[] = { "price" };
	struct ec_ctr_spec s3 = { .kind = EC_CTR_LR, .num = num, .nnum = 1 };
	struct ec_ctr *m = ec_ctr_new(&s3, cols, 4, err, sizeof err);
	assert_non_null(m);
	assert_int_equal(ec_ctr_nfields(m), 3); /* item, hist (categorical), price */
	struct ec_ctr_data *d = ec_ctr_data_new();
	const char *v[] = { "a", "b", "abc" };
	size_t len[] = { 1, 1, 3 };
	assert_int_equal(ec_ctr_data_add(m, d, v, len, 1, 1, err, sizeof err), -1);
	assert_string_equal(err, "column 'price': 'abc' is not a number");
	assert_int_equal(ec_ctr_data_size(d), 0);
	ec_ctr_data_free(d);
	ec_ctr_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ftrl_hand_case),
		cmocka_unit_test(metrics_by_hand),
		cmocka_unit_test(planted_interest),
		cmocka_unit_test(save_load_wd),
		cmocka_unit_test(spec_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
