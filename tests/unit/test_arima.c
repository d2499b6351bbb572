/*
 * test_arima.c: unit tests of lib/ec_arima.h.
 *
 * Closed forms first: the exact likelihood of an AR(1) (Box-Jenkins ch. 7:
 * the first value has variance sigma2 / (1 - phi^2)) and of an
 * MA(1) on three values (the Gaussian density with the 3x3 Toeplitz
 * covariance, inverted by hand in the test), both with sigma2 concentrated
 * out; then the forecasts of an ARIMA(0,1,1), which are simple exponential
 * smoothing with alpha = 1 + theta and step-h variance sigma2 (1 + (h-1)
 * alpha^2) (Box-Jenkins sec. 5.4; Hyndman and Athanasopoulos, FPP3,
 * sec. 9.10); then the recovery of planted coefficients from long simulated
 * AR(2), MA(1) and seasonal series, the automatic order of a simulated
 * airline-model series (ARIMA(0,1,1)(0,1,1)[12], Box-Jenkins ch. 9) and of
 * Box and Jenkins' Series G itself against R's forecast::auto.arima;
 * finally degenerate inputs that must not crash.
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

#include "ec_arima.h"
#include "ec_rng.h"

#define H 24

struct fcbuf {
	double point[H], lo80[H], hi80[H], lo95[H], hi95[H];
	struct ec_fc fc;
};

static void fc_init(struct fcbuf *b)
{
	b->fc = (struct ec_fc){b->point, b->lo80, b->hi80, b->lo95, b->hi95};
}

static struct ec_arima_model model(int p, int d, int q, int m, int c)
{
	struct ec_arima_model mod;
	memset(&mod, 0, sizeof mod);
	mod.spec = (struct ec_arima_spec){p, d, q, 0, 0, 0, m, c};
	return mod;
}

/* AR(1): -2 loglik = n log(2 pi s2) + n - log(1 - phi^2),
 * s2 = ((1 - phi^2) y1^2 + sum (y_t - phi y_{t-1})^2) / n. */
static void ar1_likelihood(void **state)
{
	(void)state;
	const double y[] = {1.0, -0.5, 0.8, 0.3, -1.2, 0.4};
	const size_t n = sizeof y / sizeof y[0];
	const double phi = 0.6, mu = 0.25;
	double ss = (1 - phi * phi) * (y[0] - mu) * (y[0] - mu);
	for (size_t t = 1; t < n; t++) {
		double e = (y[t] - mu) - phi * (y[t - 1] - mu);
		ss += e * e;
	}
	double s2 = ss / (double)n;
	double want = (double)n * (log(2 * M_PI * s2) + 1) - log(1 - phi * phi);
	struct ec_arima_model mod = model(1, 0, 0, 1, 1);
	mod.phi[0] = phi;
	mod.mu = mu;
	double got_s2 = 0;
	double got = ec_arima_neg2loglik(y, n, &mod, &got_s2);
	assert_true(fabs(got - want) < 1e-9);
	assert_true(fabs(got_s2 - s2) < 1e-12);
}

/* MA(1) on three values: Gamma = s2 * Toeplitz(1 + theta^2, theta, 0). */
static void ma1_likelihood(void **state)
{
	(void)state;
	const double y[] = {0.7, -1.1, 0.4};
	const double th = -0.45;
	double a = 1 + th * th, b = th;
	/* inverse of [[a,b,0],[b,a,b],[0,b,a]] by cofactors */
	double det = a * (a * a - b * b) - b * (b * a);
	double inv[3][3] = {{(a * a - b * b), -(b * a), b * b},
	                    {-(b * a), a * a, -(a * b)},
	                    {b * b, -(a * b), (a * a - b * b)}};
	double q = 0;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			q += y[i] * inv[i][j] / det * y[j];
	double s2 = q / 3;
	double want = 3 * (log(2 * M_PI * s2) + 1) + log(det);
	struct ec_arima_model mod = model(0, 0, 1, 1, 0);
	mod.theta[0] = th;
	double got = ec_arima_neg2loglik(y, 3, &mod, NULL);
	assert_true(fabs(got - want) < 1e-9);
}

/* A random walk plus noise is an ARIMA(0,1,1); its forecasts are SES. */
static void arima011_is_ses(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 11);
	enum { N = 300 };
	double y[N], level = 50;
	for (int t = 0; t < N; t++) {
		level += 0.5 * ec_rng_normal(&r);
		y[t] = level + ec_rng_normal(&r);
	}
	struct ec_arima_spec spec = {0, 1, 1, 0, 0, 0, 1, 0};
	struct ec_arima_model mod;
	char err[128];
	assert_int_equal(ec_arima_fit(y, N, &spec, &mod, err, sizeof err), 0);
	double alpha = 1 + mod.theta[0];
	assert_true(alpha > 0.05 && alpha < 0.95);
	double l = y[0];
	for (int t = 1; t < N; t++)
		l += alpha * (y[t] - l);
	struct fcbuf b;
	fc_init(&b);
	assert_int_equal(ec_arima_forecast(y, N, &mod, H, &b.fc, err, sizeof err), 0);
	for (int h = 0; h < H; h++) {
		assert_true(fabs(b.point[h] - l) < 1e-6);
		double sd = sqrt(mod.sigma2 * (1 + h * alpha * alpha));
		assert_true(fabs(b.hi95[h] - b.point[h] - 1.959963984540054 * sd) < 1e-6);
		assert_true(fabs(b.point[h] - b.lo80[h] - 1.2815515655446004 * sd) < 1e-6);
	}
	/* the planted signal-to-noise ratio q = 0.25 gives theta =
	 * (sqrt(q^2 + 4q) - 2 - q) / 2 = -0.61 (Harvey 1989, sec. 2.5) */
	assert_true(fabs(mod.theta[0] + 0.61) < 0.08);
}

static void simulate_arma(struct ec_rng *r, const double *phi, int p, const double *theta, int q,
                          double mu, double *y, int n)
{
	enum { BURN = 500 };
	double e[BURN + 6000], x[BURN + 6000];
	for (int t = 0; t < n + BURN; t++) {
		e[t] = ec_rng_normal(r);
		double v = e[t];
		for (int i = 1; i <= p && t - i >= 0; i++)
			v += phi[i - 1] * x[t - i];
		for (int j = 1; j <= q && t - j >= 0; j++)
			v += theta[j - 1] * e[t - j];
		x[t] = v;
	}
	for (int t = 0; t < n; t++)
		y[t] = mu + x[t + BURN];
}

static void recover_ar2_ma1(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 5);
	static double y[4000];
	const double phi[2] = {0.5, -0.3}, theta[1] = {0.4};
	simulate_arma(&r, phi, 2, theta, 1, 10, y, 4000);
	struct ec_arima_spec spec = {2, 0, 1, 0, 0, 0, 1, 1};
	struct ec_arima_model mod;
	char err[128];
	assert_int_equal(ec_arima_fit(y, 4000, &spec, &mod, err, sizeof err), 0);
	/* standard errors are about 0.02-0.03 at n = 4000 */
	assert_true(fabs(mod.phi[0] - 0.5) < 0.08);
	assert_true(fabs(mod.phi[1] + 0.3) < 0.06);
	assert_true(fabs(mod.theta[0] - 0.4) < 0.08);
	assert_true(fabs(mod.mu - 10) < 0.1);
	assert_true(fabs(mod.sigma2 - 1) < 0.06);
	/* criteria are consistent with the likelihood */
	assert_true(fabs(mod.aic - (-2 * mod.loglik + 2 * 5)) < 1e-9);
	assert_true(fabs(mod.aicc - (mod.aic + 2.0 * 5 * 6 / (4000 - 5 - 1))) < 1e-9);
}

/* Seasonal MA: ARIMA(0,0,1)(0,0,1)[12] with theta = 0.3, Theta = -0.5. */
static void recover_seasonal_ma(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 8);
	static double e[3100], y[3000];
	for (int t = 0; t < 3100; t++)
		e[t] = ec_rng_normal(&r);
	for (int t = 0; t < 3000; t++) {
		int s = t + 100;
		y[t] = e[s] + 0.3 * e[s - 1] - 0.5 * e[s - 12] - 0.15 * e[s - 13];
	}
	struct ec_arima_spec spec = {0, 0, 1, 0, 0, 1, 12, 0};
	struct ec_arima_model mod;
	char err[128];
	assert_int_equal(ec_arima_fit(y, 3000, &spec, &mod, err, sizeof err), 0);
	assert_true(fabs(mod.theta[0] - 0.3) < 0.06);
	assert_true(fabs(mod.Theta[0] + 0.5) < 0.06);
}

/* The airline model, simulated: auto must find D = 1, d = 1 and a model
 * whose AICc is within 2 of the true order's (or the true order). */
static void auto_airline(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 1949);
	enum { N = 144, M = 12 };
	double e[N + 20], w[N + 20], y[N];
	for (int t = 0; t < N + 20; t++)
		e[t] = 0.04 * ec_rng_normal(&r);
	/* w = (1 - 0.4B)(1 - 0.6B^12) e; y = log-level airline pattern */
	for (int t = 13; t < N + 20; t++)
		w[t] = e[t] - 0.4 * e[t - 1] - 0.6 * e[t - 12] + 0.24 * e[t - 13];
	const double seas[M] = {-0.1, -0.12, 0.0, -0.02, -0.01, 0.1, 0.2, 0.2, 0.06, -0.08, -0.2, -0.1};
	for (int t = 0; t < N; t++) {
		if (t < 13)
			y[t] = 4.8 + 0.01 * t + seas[t % M];
		else
			y[t] = y[t - 1] + y[t - 12] - y[t - 13] + w[t + 7];
	}
	struct fcbuf b;
	fc_init(&b);
	struct ec_arima_model mod;
	char desc[96], err[128];
	assert_int_equal(ec_arima_auto_model(y, N, M, 1, H, &b.fc, &mod, desc, sizeof desc, err,
	                                     sizeof err), 0);
	if (mod.spec.D != 1 || mod.spec.d != 1)
		printf("auto chose %s\n", desc);
	assert_int_equal(mod.spec.D, 1);
	assert_int_equal(mod.spec.d, 1);
	struct ec_arima_spec truth = {0, 1, 1, 0, 1, 1, M, 0};
	struct ec_arima_model tm;
	assert_int_equal(ec_arima_fit(y, N, &truth, &tm, err, sizeof err), 0);
	if (!(mod.aicc <= tm.aicc + 2))
		printf("auto chose %s (AICc %.3f), the true order has %.3f\n", desc, mod.aicc, tm.aicc);
	assert_true(mod.aicc <= tm.aicc + 2);
	assert_true(fabs(tm.theta[0] + 0.4) < 0.25 && fabs(tm.Theta[0] + 0.6) < 0.3);
	for (int h = 0; h < H; h++) {
		assert_true(b.lo95[h] < b.lo80[h] && b.lo80[h] < b.point[h]);
		assert_true(b.point[h] < b.hi80[h] && b.hi80[h] < b.hi95[h]);
		/* widening intervals */
		if (h > 0)
			assert_true(b.hi95[h] - b.lo95[h] >= b.hi95[h - 1] - b.lo95[h - 1] - 1e-12);
	}
	double aicc;
	assert_int_equal(ec_arima_auto(y, N, M, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	assert_true(fabs(aicc - mod.aicc) < 1e-9);
}

/* Box and Jenkins' Series G (monthly airline passengers 1949-1960, in
 * thousands; "Time Series Analysis", 1976, p. 531; R's AirPassengers).
 * Published: the airline model ARIMA(0,1,1)(0,1,1)[12] on the logarithms
 * with theta = -0.40, Theta = -0.61 (Box-Jenkins sec. 9.2, by their
 * approximate ML); R 4.2 forecast 8.x auto.arima(log(AirPassengers)) picks
 * the same order, ma1 -0.4018, sma1 -0.5569, AICc -483.21, forecasts
 * 6.1102, 6.0538, 6.1717 and the 95% limits below; on the raw series it picks
 * ARIMA(2,1,1)(0,1,0)[12], AICc 1018.17. */
static const double series_g[144] = {
	112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149,
	170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
	171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243,
	264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
	242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374,
	413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336,
	340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
	548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
};

static void auto_series_g(void **state)
{
	(void)state;
	double y[144];
	for (int t = 0; t < 144; t++)
		y[t] = log(series_g[t]);
	struct fcbuf b;
	fc_init(&b);
	struct ec_arima_model mod;
	char desc[96], err[128];
	assert_int_equal(ec_arima_auto_model(y, 144, 12, 1, H, &b.fc, &mod, desc, sizeof desc, err,
	                                     sizeof err), 0);
	assert_string_equal(desc, "ARIMA(0,1,1)(0,1,1)[12]");
	assert_true(fabs(mod.theta[0] + 0.4018) < 0.002);
	assert_true(fabs(mod.Theta[0] + 0.5569) < 0.002);
	assert_true(fabs(mod.aicc + 483.21) < 0.05);
	assert_true(fabs(b.point[0] - 6.1102) < 5e-4);
	assert_true(fabs(b.point[1] - 6.0538) < 5e-4);
	assert_true(fabs(b.point[2] - 6.1717) < 5e-4);
	/* R's 95% limits at steps 1 and 24: [6.03761, 6.18276], [5.99062,
	 * 6.53793] (sigma2 0.001371; ours 0.001369) */
	assert_true(fabs(b.lo95[0] - 6.03761) < 5e-4 && fabs(b.hi95[0] - 6.18276) < 5e-4);
	assert_true(fabs(b.lo95[23] - 5.99062) < 1e-3 && fabs(b.hi95[23] - 6.53793) < 1e-3);
	assert_int_equal(ec_arima_auto_model(series_g, 144, 12, 1, H, &b.fc, &mod, desc, sizeof desc,
	                                     err, sizeof err), 0);
	assert_string_equal(desc, "ARIMA(2,1,1)(0,1,0)[12]");
	assert_true(fabs(mod.aicc - 1018.17) < 0.05);
}

/* A noisy AR(1) is found as such, with a mean. */
static void auto_ar1(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 3);
	static double y[600];
	const double phi[1] = {0.7};
	simulate_arma(&r, phi, 1, NULL, 0, 100, y, 600);
	struct fcbuf b;
	fc_init(&b);
	struct ec_arima_model mod;
	char desc[96], err[128];
	assert_int_equal(ec_arima_auto_model(y, 600, 1, 1, H, &b.fc, &mod, desc, sizeof desc, err,
	                                     sizeof err), 0);
	assert_int_equal(mod.spec.d, 0);
	assert_int_equal(mod.spec.constant, 1);
	assert_true(strstr(desc, "with non-zero mean") != NULL);
	/* forecasts revert to the mean */
	assert_true(fabs(b.point[H - 1] - mod.mu) < 0.05);
	assert_true(fabs(mod.mu - 100) < 0.5);
}

static void kpss_and_ndiffs(void **state)
{
	(void)state;
	struct ec_rng r;
	ec_rng_seed(&r, 21);
	static double x[500], rw[500], rw2[500];
	double s = 0, s2 = 0;
	for (int t = 0; t < 500; t++) {
		x[t] = ec_rng_normal(&r);
		s += ec_rng_normal(&r);
		rw[t] = s;
		s2 += s / 10;
		rw2[t] = s2;
	}
	assert_true(ec_arima_kpss(x, 500) < 0.463);
	assert_true(ec_arima_kpss(rw, 500) > 0.463);
	assert_int_equal(ec_arima_ndiffs(x, 500), 0);
	assert_int_equal(ec_arima_ndiffs(rw, 500), 1);
	assert_int_equal(ec_arima_ndiffs(rw2, 500), 2);
	/* hand case: KPSS of 1,2,3,4 (lag trunc(3 sqrt(4) / 13) = 0):
	 * e = -1.5,-0.5,0.5,1.5, S = -1.5,-2,-1.5,0, sum S^2 = 8.5,
	 * s2 = 5 / 4; with 100 values the lag is 2 (checked on a sawtooth
	 * whose sums are simple: e alternating -1, 1 gives S = -1,0,-1,0...,
	 * sum S^2 = 50, sum e^2 = 100, lag sums -99 and 98, so s2 = (100 +
	 * 2 (2/3) (-99) + 2 (1/3) 98) / 100 = 0.54667) */
	const double h4[] = {1, 2, 3, 4};
	assert_true(fabs(ec_arima_kpss(h4, 4) - 8.5 / (16 * 1.25)) < 1e-12);
	double saw[100];
	for (int t = 0; t < 100; t++)
		saw[t] = t % 2 ? 1 : -1;
	double s2saw = (100 + 2 * (2.0 / 3) * -99 + 2 * (1.0 / 3) * 98) / 100;
	assert_true(fabs(ec_arima_kpss(saw, 100) - 50 / (10000 * s2saw)) < 1e-12);
}

static void degenerate_inputs(void **state)
{
	(void)state;
	struct fcbuf b;
	fc_init(&b);
	char desc[96], err[128];
	double aicc;
	const double c[] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	assert_int_equal(ec_arima_auto(c, 10, 4, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	assert_string_equal(desc, "ARIMA(0,0,0) with non-zero mean");
	assert_true(b.point[5] == 3 && b.lo95[5] == 3 && b.hi95[5] == 3);
	const double one[] = {7};
	assert_int_equal(ec_arima_auto(one, 1, 24, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	assert_true(b.point[0] == 7 && b.hi95[H - 1] == 7);
	const double two[] = {7, 9};
	assert_int_equal(ec_arima_auto(two, 2, 24, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	assert_true(strstr(desc, "fallback") != NULL);
	assert_true(b.point[3] == 9 && b.hi95[3] > 9);
	/* a line: the differenced series is constant, drift only */
	double line[50];
	for (int t = 0; t < 50; t++)
		line[t] = 2 + 0.5 * t;
	assert_int_equal(ec_arima_auto(line, 50, 1, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	assert_string_equal(desc, "ARIMA(0,1,0) with drift");
	assert_true(fabs(b.point[0] - 27) < 1e-9 && fabs(b.point[9] - 31.5) < 1e-9);
	/* short series with a long season, zeros and spikes */
	struct ec_rng r;
	ec_rng_seed(&r, 2);
	static double z[400];
	for (int t = 0; t < 400; t++)
		z[t] = ec_rng_uniform(&r) < 0.8 ? 0 : 1000 * ec_rng_uniform(&r);
	assert_int_equal(ec_arima_auto(z, 400, 168, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	for (int h = 0; h < H; h++)
		assert_true(isfinite(b.point[h]) && isfinite(b.lo95[h]) && isfinite(b.hi95[h]));
	assert_int_equal(ec_arima_auto(z, 30, 24, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), 0);
	for (int h = 0; h < H; h++)
		assert_true(isfinite(b.point[h]));
	/* errors */
	const double bad[] = {1, NAN, 3};
	assert_int_equal(ec_arima_auto(bad, 3, 1, H, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), -1);
	assert_string_equal(err, "arima: value 2 is not a finite number");
	assert_int_equal(ec_arima_auto(c, 10, 1, 0, &b.fc, desc, sizeof desc, &aicc, err, sizeof err), -1);
	struct ec_arima_spec big = {6, 0, 0, 0, 0, 0, 1, 0};
	struct ec_arima_model mod;
	assert_int_equal(ec_arima_fit(z, 400, &big, &mod, err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ar1_likelihood),
		cmocka_unit_test(ma1_likelihood),
		cmocka_unit_test(arima011_is_ses),
		cmocka_unit_test(recover_ar2_ma1),
		cmocka_unit_test(recover_seasonal_ma),
		cmocka_unit_test(auto_airline),
		cmocka_unit_test(auto_series_g),
		cmocka_unit_test(auto_ar1),
		cmocka_unit_test(kpss_and_ndiffs),
		cmocka_unit_test(degenerate_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
