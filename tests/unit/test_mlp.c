/*
 * test_mlp.c: the dense MLP of lib/ec_mlp.h. Back-propagation against
 * central finite differences for every parameter and every input of a
 * small network (L = sum_i r_i * out_i with fixed random r), with ReLU and
 * with Dice (through the batch statistics), the forward
 * pass of a hand-set network, Adam learning XOR (a problem no linear model
 * solves), a save/load round trip, copy's shape check and damaged images.
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

#include "ec_mlp.h"
#include "ec_rng.h"

#define B 5
#define NIN 4
#define NOUT 2

static double loss(struct ec_mlp *m, const float *x, const float *r)
{
	float out[B * NOUT];
	assert_int_equal(ec_mlp_forward(m, x, B, out), 0);
	double s = 0;
	for (int i = 0; i < B * NOUT; i++)
		s += (double)r[i] * out[i];
	return s;
}

static void check_net(int dice)
{
	size_t hidden[] = { 7, 3 };
	struct ec_mlp *m = dice ? ec_mlp_new_dice(NIN, hidden, 2, NOUT, 42)
	                        : ec_mlp_new(NIN, hidden, 2, NOUT, 42);
	assert_non_null(m);
	struct ec_rng rng;
	ec_rng_seed(&rng, 7);
	float x[B * NIN], r[B * NOUT], out[B * NOUT], dx[B * NIN];
	for (int i = 0; i < B * NIN; i++)
		x[i] = (float)ec_rng_normal(&rng);
	for (int i = 0; i < B * NOUT; i++)
		r[i] = (float)ec_rng_normal(&rng);
	size_t np, ng;
	float *p = ec_mlp_params(m, &np);
	assert_int_equal(np, (4 * 7 + 7) + (7 * 3 + 3) + (3 * 2 + 2) + (dice ? 7 + 3 : 0));
	if (dice) /* alphas away from 0, so that their gradient path is checked */
		for (size_t i = 0; i < 7; i++)
			p[4 * 7 + 7 + i] = 0.1f * (float)i - 0.2f;
	assert_int_equal(ec_mlp_forward(m, x, B, out), 0);
	assert_int_equal(ec_mlp_backward(m, r, dx), 0);
	float *g = ec_mlp_grads(m, &ng);
	assert_int_equal(ng, np);
	double *ana = malloc(np * sizeof *ana);
	for (size_t i = 0; i < np; i++)
		ana[i] = g[i];
	const float h = dice ? 3e-3f : 1e-2f; /* Dice curves more: a smaller step */
	size_t checked = 0;
	for (size_t i = 0; i < np; i++) {
		float keep = p[i];
		p[i] = keep + h;
		double lp = loss(m, x, r);
		p[i] = keep - h;
		double lm = loss(m, x, r);
		p[i] = keep;
		double num = (lp - lm) / (2.0 * h);
		if (!(fabs(num - ana[i]) <= 2e-3 + 2e-3 * fabs(num)))
			print_message("# param %zu: numeric %g analytic %g\n", i, num, ana[i]);
		assert_true(fabs(num - ana[i]) <= 2e-3 + 2e-3 * fabs(num));
		checked += fabs(num) > 1e-3;
	}
	assert_true(checked > np / 3); /* the check is not vacuous */
	for (int i = 0; i < B * NIN; i++) {
		float keep = x[i];
		x[i] = keep + h;
		double lp = loss(m, x, r);
		x[i] = keep - h;
		double lm = loss(m, x, r);
		x[i] = keep;
		double num = (lp - lm) / (2.0 * h);
		assert_true(fabs(num - dx[i]) <= 2e-3 + 2e-3 * fabs(num));
	}
	/* backward adds: a second pass doubles the gradient */
	assert_int_equal(ec_mlp_forward(m, x, B, out), 0);
	assert_int_equal(ec_mlp_backward(m, r, NULL), 0);
	for (size_t i = 0; i < np; i++)
		assert_true(fabsf(g[i] - 2.0f * (float)ana[i]) <= 1e-4f + 1e-4f * fabsf(g[i]));
	free(ana);
	ec_mlp_free(m);
}

static void gradient_check(void **state)
{
	(void)state;
	check_net(0);
}

/* Dice with batch statistics: the gradient through the batch mean and
 * variance too (the batch is 5 rows). */
static void gradient_check_dice(void **state)
{
	(void)state;
	check_net(1);
}

/* 2 -> 2 -> 1 with hand-set weights: out = relu(x W1 + b1) W2 + b2. */
static void forward_by_hand(void **state)
{
	(void)state;
	size_t hidden[] = { 2 };
	struct ec_mlp *m = ec_mlp_new(2, hidden, 1, 1, 1);
	size_t np;
	float *p = ec_mlp_params(m, &np);
	assert_int_equal(np, 4 + 2 + 2 + 1);
	/* W1 = [[1, -1], [2, 1]], b1 = [0.5, -3], W2 = [[2], [-1]], b2 = [0.25] */
	const float set[] = { 1, -1, 2, 1, 0.5f, -3, 2, -1, 0.25f };
	memcpy(p, set, sizeof set);
	float x[] = { 1, 2, -1, 0 }, out[2];
	assert_int_equal(ec_mlp_forward(m, x, 2, out), 0);
	/* row 1: h = relu(1+4+0.5, -1+2-3) = (5.5, 0); out = 11.25 */
	assert_float_equal(out[0], 11.25f, 1e-6);
	/* row 2: h = relu(-1+0.5, 1-3) = (0, 0); out = 0.25 */
	assert_float_equal(out[1], 0.25f, 1e-6);
	assert_int_equal(ec_mlp_n_in(m), 2);
	assert_int_equal(ec_mlp_n_out(m), 1);
	ec_mlp_free(m);
}

static double xor_loss(struct ec_mlp *m, int train)
{
	const float x[] = { 0, 0, 0, 1, 1, 0, 1, 1 }, y[] = { 0, 1, 1, 0 };
	float out[4], d[4];
	assert_int_equal(ec_mlp_forward(m, x, 4, out), 0);
	double l = 0;
	for (int i = 0; i < 4; i++) {
		d[i] = (out[i] - y[i]) / 2.0f;
		l += (out[i] - y[i]) * (out[i] - y[i]) / 4.0;
	}
	if (train) {
		ec_mlp_backward(m, d, NULL);
		ec_mlp_adam(m, 0.01f);
	}
	return l;
}

static void adam_learns_xor(void **state)
{
	(void)state;
	size_t hidden[] = { 16 };
	struct ec_mlp *m = ec_mlp_new(2, hidden, 1, 1, 3);
	for (int it = 0; it < 2000; it++)
		xor_loss(m, 1);
	/* the best linear fit has MSE 0.25 */
	assert_true(xor_loss(m, 0) < 1e-3);
	ec_mlp_free(m);
}

static void save_load_copy(void **state)
{
	(void)state;
	size_t hidden[] = { 5, 4 };
	struct ec_mlp *m = ec_mlp_new(3, hidden, 2, 2, 9);
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_mlp_save(m, &b), 0);
	assert_int_equal(b.len, 8 + 4 + 16 + 4 * (3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2));
	ec_buf_add(&b, "tail", 4);
	char err[128];
	size_t used = 0;
	struct ec_mlp *l = ec_mlp_load(b.data, b.len, &used, err, sizeof err);
	assert_non_null(l);
	assert_int_equal(used, b.len - 4);
	float x[] = { 0.5f, -1, 2, 1, 1, 1 }, o1[4], o2[4];
	ec_mlp_forward(m, x, 2, o1);
	ec_mlp_forward(l, x, 2, o2);
	assert_memory_equal(o1, o2, sizeof o1);
	/* truncations and a bad magic are refused with a message */
	for (size_t n = 0; n < used; n += 7)
		assert_null(ec_mlp_load(b.data, n, NULL, err, sizeof err));
	b.data[0] = 'X';
	assert_null(ec_mlp_load(b.data, b.len, NULL, err, sizeof err));
	assert_string_equal(err, "not a network (bad magic)");
	/* copy: same shape works, another shape is refused */
	struct ec_mlp *c = ec_mlp_new(3, hidden, 2, 2, 10);
	assert_int_equal(ec_mlp_copy(c, m), 0);
	ec_mlp_forward(c, x, 2, o2);
	assert_memory_equal(o1, o2, sizeof o1);
	struct ec_mlp *d = ec_mlp_new(3, hidden, 1, 2, 10);
	assert_int_equal(ec_mlp_copy(d, m), -1);
	ec_mlp_free(c);
	ec_mlp_free(d);
	ec_mlp_free(l);
	ec_mlp_free(m);
	ec_buf_free(&b);
}

/* Dice: the running statistics travel with the network; a loaded network
 * is in inference mode and computes what the trained one does there. */
static void dice_save_load(void **state)
{
	(void)state;
	size_t hidden[] = { 6 };
	struct ec_mlp *m = ec_mlp_new_dice(3, hidden, 1, 1, 4);
	float x[] = { 0.5f, -1, 2, 1, 1, 1, 0, 2, -2 }, o1[3], o2[3], d[3] = { 1, -1, 0.5f };
	for (int it = 0; it < 20; it++) {
		ec_mlp_forward(m, x, 3, o1);
		ec_mlp_backward(m, d, NULL);
		ec_mlp_adam(m, 0.01f);
	}
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_mlp_save(m, &b), 0);
	assert_memory_equal(b.data, "ECMLP2", 6);
	char err[128];
	size_t used;
	struct ec_mlp *l = ec_mlp_load(b.data, b.len, &used, err, sizeof err);
	assert_non_null(l);
	assert_int_equal(used, b.len);
	ec_mlp_set_training(m, 0);
	ec_mlp_forward(m, x, 3, o1);
	ec_mlp_forward(l, x, 3, o2);
	assert_memory_equal(o1, o2, sizeof o1);
	/* inference mode: one row alone scores as it does in a batch */
	ec_mlp_forward(l, x + 3, 1, o2);
	assert_float_equal(o2[0], o1[1], 1e-6);
	assert_null(ec_mlp_load(b.data, b.len - 4, NULL, err, sizeof err));
	struct ec_mlp *r = ec_mlp_new(3, hidden, 1, 1, 4);
	assert_int_equal(ec_mlp_copy(r, m), -1); /* ReLU and Dice differ in shape */
	ec_mlp_free(r);
	ec_mlp_free(l);
	ec_mlp_free(m);
	ec_buf_free(&b);
}

static void same_seed_same_net(void **state)
{
	(void)state;
	size_t hidden[] = { 8 };
	struct ec_mlp *a = ec_mlp_new(4, hidden, 1, 1, 5), *b = ec_mlp_new(4, hidden, 1, 1, 5);
	size_t n;
	float *pa = ec_mlp_params(a, &n), *pb = ec_mlp_params(b, &n);
	assert_memory_equal(pa, pb, n * sizeof *pa);
	/* He initialisation: the first layer's weights have variance 2/4 */
	double s2 = 0;
	for (size_t i = 0; i < 32; i++)
		s2 += (double)pa[i] * pa[i];
	assert_true(s2 / 32 > 0.2 && s2 / 32 < 1.0);
	ec_mlp_free(a);
	ec_mlp_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gradient_check),
		cmocka_unit_test(gradient_check_dice),
		cmocka_unit_test(forward_by_hand),
		cmocka_unit_test(adam_learns_xor),
		cmocka_unit_test(save_load_copy),
		cmocka_unit_test(dice_save_load),
		cmocka_unit_test(same_seed_same_net),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
