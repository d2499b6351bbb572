/*
 * test_forecast.c: unit tests of lib/ec_fcbase.h, ec_ets.h and ec_theta.h
 * on hand-computed cases.
 *
 * The ETS log-likelihoods were computed by hand (ETS(A,N,N)) and with a
 * Python transcription of the state-space equations of Hyndman et al.
 * (2008), Table 2.3 (ETS(M,Ad,N): mu = l + phi b, l' = mu (1 + alpha e),
 * b' = phi b + beta mu e), written independently of lib/ec_ets.c's
 * error-correction form. Croston/SBA/TSB values follow the recursions by hand;
 * the accuracy measures are checked on a two-step example worked on paper.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_ets.h"
#include "ec_fc.h"
#include "ec_fcbase.h"
#include "ec_theta.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* SES (ETS(A,N,N)), alpha 0.5, l0 1 on 2, 4, 3: forecasts 1, 1.5, 2.75,
 * errors 1, 2.5, 0.25, SSE 7.3125, final level 2.875. */
static void ses_closed_form(void **state)
{
	(void)state;
	const double y[] = { 2, 4, 3 };
	struct ec_ets_model m;
	memset(&m, 0, sizeof m);
	m.error = EC_ETS_A;
	m.trend = EC_ETS_N;
	m.season = EC_ETS_N;
	m.m = 1;
	m.alpha = 0.5;
	m.phi = 1;
	m.l0 = 1;
	m.n = 3;
	double ll = ec_ets_loglik(y, 3, &m);
	NEAR(ll, -0.5 * 3 * (log(2 * M_PI * 7.3125 / 3) + 1), 1e-12);
	NEAR(ll, -5.593274985448816, 1e-12);
	NEAR(m.l, 2.875, 1e-12);
	/* forecasts are flat at the final level; class 1 variance grows by alpha^2 */
	struct ec_fc fc;
	assert_int_equal(ec_fc_alloc(&fc, 3), 0);
	m.sigma2 = 4;
	ec_ets_forecast(&m, 3, 0, 1, &fc);
	for (int j = 0; j < 3; j++)
		NEAR(fc.point[j], 2.875, 1e-12);
	NEAR(fc.hi95[0] - fc.point[0], EC_FC_Z95 * 2, 1e-9);
	NEAR(fc.hi95[2] - fc.point[2], EC_FC_Z95 * 2 * sqrt(1 + 2 * 0.25), 1e-9);
	ec_fc_free(&fc);
}

/* ETS(M,Ad,N) with alpha .3, beta .1, phi .9, l0 10, b0 1 (Python stdlib). */
static void ets_loglik_mad(void **state)
{
	(void)state;
	const double y[] = { 11, 12.5, 12, 14, 15.5 };
	struct ec_ets_model m;
	memset(&m, 0, sizeof m);
	m.error = EC_ETS_M;
	m.trend = EC_ETS_AD;
	m.season = EC_ETS_N;
	m.m = 1;
	m.alpha = 0.3;
	m.beta = 0.1;
	m.phi = 0.9;
	m.l0 = 10;
	m.b0 = 1;
	m.n = 5;
	NEAR(ec_ets_loglik(y, 5, &m), -6.089022943389866, 1e-10);
	NEAR(m.l, 14.520236389299999, 1e-10);
	NEAR(m.b, 0.8007204990999998, 1e-10);
}

/* Maximum likelihood does at least as well as the true parameters on data
 * simulated from ETS(A,N,A), and AICc picks a seasonal model. */
static void ets_fit_planted(void **state)
{
	(void)state;
	enum { N = 240, M = 12 };
	double y[N], l = 100, s[M];
	uint64_t x = 42;
	for (int j = 0; j < M; j++)
		s[j] = 10 * sin(2 * M_PI * j / M);
	for (int t = 0; t < N; t++) {
		/* uniform(-1,1)-sum noise, deterministic */
		double e = 0;
		for (int k = 0; k < 4; k++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			e += (double)(x >> 11) / 9007199254740992.0 - 0.5;
		}
		e *= 2;
		double f = l + s[t % M];
		y[t] = f + e;
		l += 0.2 * e;
		s[t % M] += 0.05 * e;
	}
	struct ec_ets_model fit, truth;
	char err[256];
	assert_int_equal(ec_ets_fit(y, N, M, EC_ETS_A, EC_ETS_N, EC_ETS_A, &fit, err, sizeof err), 0);
	truth = fit;
	truth.alpha = 0.2;
	truth.gamma = 0.05;
	truth.l0 = 100;
	for (int j = 0; j < M; j++)
		truth.s0[j] = 10 * sin(2 * M_PI * j / M);
	double lt = ec_ets_loglik(y, N, &truth);
	assert_true(fit.loglik >= lt); /* initial states are optimised with the parameters */
	double ssum = 0;
	for (int j = 0; j < M; j++)
		ssum += fit.s0[j];
	NEAR(ssum, 0, 1e-9); /* additive seasonal states sum to 0 */
	NEAR(fit.alpha, 0.2, 0.15);
	struct ec_fc fc;
	char desc[64];
	assert_int_equal(ec_fc_alloc(&fc, 12), 0);
	assert_int_equal(ec_ets_auto(y, N, M, 12, 1, &fc, desc, sizeof desc, NULL, NULL, err,
	                             sizeof err), 0);
	assert_non_null(strstr(desc, ",A)"));
	ec_fc_free(&fc);
}

static void snaive_values(void **state)
{
	(void)state;
	const double y[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	const double want[] = { 7, 8, 9, 10, 7, 8 };
	struct ec_fc fc;
	assert_int_equal(ec_fc_alloc(&fc, 6), 0);
	ec_fc_snaive(y, 10, 4, 6, &fc);
	for (int j = 0; j < 6; j++)
		NEAR(fc.point[j], want[j], 0);
	/* residuals y_t - y_{t-4} are all 4: sd 4, sqrt(2) times it in the second season */
	NEAR(fc.hi80[0] - fc.point[0], EC_FC_Z80 * 4, 1e-9);
	NEAR(fc.hi80[4] - fc.point[4], EC_FC_Z80 * 4 * sqrt(2), 1e-9);
	ec_fc_naive(y, 10, 2, &fc);
	NEAR(fc.point[1], 10, 0);
	ec_fc_free(&fc);
}

/* Croston: z 3 -> 3.2 -> 3.28, p 3 -> 2.9 -> 2.91; SBA times 0.95; TSB by hand. */
static void intermittent_values(void **state)
{
	(void)state;
	const double y[] = { 0, 0, 3, 0, 5, 0, 0, 4 };
	struct ec_fc fc;
	assert_int_equal(ec_fc_alloc(&fc, 2), 0);
	ec_fc_croston(y, 8, 2, 0.1, EC_CROSTON, &fc);
	NEAR(fc.point[0], 3.28 / 2.91, 1e-12);
	NEAR(fc.point[1], 3.28 / 2.91, 1e-12);
	ec_fc_croston(y, 8, 2, 0.1, EC_SBA, &fc);
	NEAR(fc.point[0], 0.95 * 3.28 / 2.91, 1e-12);
	ec_fc_tsb(y, 8, 2, 0.1, 0.1, &fc);
	NEAR(fc.point[0], 1.5770371828337497, 1e-12);
	assert_true(fc.lo95[0] >= 0);
	const double zero[] = { 0, 0, 0 };
	ec_fc_croston(zero, 3, 2, 0.1, EC_CROSTON, &fc);
	NEAR(fc.point[0], 0, 0);
	double adi, cv2;
	assert_int_equal(ec_fc_demand_class(y, 8, &adi, &cv2), EC_DEMAND_INTERMITTENT);
	NEAR(adi, 8.0 / 3, 1e-12);
	NEAR(cv2, 1.0 / 16, 1e-12); /* sizes 3, 5, 4: mean 4, variance 1 */
	assert_int_equal(ec_fc_demand_class(zero, 3, &adi, &cv2), EC_DEMAND_NONE);
	ec_fc_free(&fc);
}

/* Train 1..6 (m = 1, scale 1), truth 7, 8, forecast 6, 10, Naive2 6, 6. */
static void accuracy_hand(void **state)
{
	(void)state;
	const double x[] = { 1, 2, 3, 4, 5, 6 }, y[] = { 7, 8 }, f[] = { 6, 10 };
	double s = ec_fc_smape(y, f, 2), a = ec_fc_mase(x, 6, 1, y, f, 2);
	NEAR(s, (200.0 / 13 + 400.0 / 18) / 2, 1e-12);
	NEAR(a, 1.5, 1e-12);
	struct ec_fc n2;
	assert_int_equal(ec_fc_alloc(&n2, 2), 0);
	ec_fc_naive2(x, 6, 1, 2, &n2);
	NEAR(n2.point[0], 6, 0);
	double s2 = ec_fc_smape(y, n2.point, 2), a2 = ec_fc_mase(x, 6, 1, y, n2.point, 2);
	NEAR(s2, (200.0 / 13 + 400.0 / 14) / 2, 1e-12);
	NEAR(0.5 * (s / s2 + a / a2), 0.5 * (18.803418803418804 / 21.978021978021978 + 1), 1e-9);
	ec_fc_free(&n2);
	const double lo[] = { 6, 9 }, hi[] = { 8, 10 };
	NEAR(ec_fc_msis(x, 6, 1, y, lo, hi, 2, 0.05), (2 + (1 + 40)) / 2.0, 1e-12);
	NEAR(ec_fc_coverage(y, lo, hi, 2), 0.5, 0);
	const double xr[] = { 0, 0, 1, 3, 2 }, yr[] = { 2, 4 }, fr[] = { 3, 3 };
	NEAR(ec_fc_rmsse(xr, 5, yr, fr, 2), sqrt(1 / 2.5), 1e-12);
	/* a term with y = f = 0 counts 0 */
	const double z[] = { 0 };
	NEAR(ec_fc_smape(z, z, 1), 0, 0);
}

/* A constant level times a pattern: the decomposition gives the pattern back;
 * the test says seasonal; Naive2 repeats the last adjusted value. */
static void seasonal_decomposition(void **state)
{
	(void)state;
	const double s[4] = { 0.8, 1.2, 0.9, 1.1 };
	double y[40], fig[4];
	for (int t = 0; t < 40; t++)
		y[t] = 10 * s[t % 4];
	assert_int_equal(ec_fc_decompose(y, 40, 4, 1, fig), 0);
	for (int j = 0; j < 4; j++)
		NEAR(fig[j], s[j], 1e-12);
	assert_int_equal(ec_fc_seasonal_test(y, 40, 4), 1);
	assert_int_equal(ec_fc_seasonal_test(y, 10, 4), 0); /* n < 3m */
	struct ec_fc fc;
	assert_int_equal(ec_fc_alloc(&fc, 4), 0);
	ec_fc_naive2(y, 40, 4, 4, &fc);
	for (int j = 0; j < 4; j++)
		NEAR(fc.point[j], 10 * s[j], 1e-9);
	ec_fc_free(&fc);
}

/* Theta on a straight line follows half its slope (Hyndman & Billah 2003). */
static void theta_line(void **state)
{
	(void)state;
	double y[30];
	for (int t = 0; t < 30; t++)
		y[t] = 2 + 3 * t;
	struct ec_fc fc;
	char err[128];
	assert_int_equal(ec_fc_alloc(&fc, 5), 0);
	assert_int_equal(ec_theta_forecast(y, 30, 1, 5, 0, &fc, err, sizeof err), 0);
	for (int j = 0; j < 5; j++)
		NEAR(fc.point[j], y[29] + 1.5 * (j + 1), 0.02);
	assert_int_equal(ec_m4_smoothing(y, 30, 1, 5, EC_M4_HOLT, &fc, err, sizeof err), 0);
	for (int j = 0; j < 5; j++)
		NEAR(fc.point[j], y[29] + 3 * (j + 1), 0.05);
	ec_fc_free(&fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ses_closed_form),
		cmocka_unit_test(ets_loglik_mad),
		cmocka_unit_test(ets_fit_planted),
		cmocka_unit_test(snaive_values),
		cmocka_unit_test(intermittent_values),
		cmocka_unit_test(accuracy_hand),
		cmocka_unit_test(seasonal_decomposition),
		cmocka_unit_test(theta_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
