/*
 * test_mstl.c: unit tests of lib/ec_mstl.h on series with planted
 * components: STL must recover a sine season and a linear trend (loess of
 * degree 1 reproduces a line exactly, and the cycle-subseries smoother of
 * degree 0 a constant season, so the errors come only from the noise and
 * the ends), robust STL must shrug off outliers, MSTL must separate a
 * daily (24) from a weekly (168) cycle in hourly data, and the MSTL
 * forecast must continue both cycles and the trend.
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

#include "ec_mstl.h"
#include "ec_rng.h"

static double max_abs_diff(const double *a, const double *b, size_t from, size_t to)
{
	double m = 0;
	for (size_t i = from; i < to; i++)
		if (fabs(a[i] - b[i]) > m)
			m = fabs(a[i] - b[i]);
	return m;
}

/* y = 5 + 0.1 t + 2 sin(2 pi t / 12), no noise */
static void stl_sine_trend(void **state)
{
	(void)state;
	enum { N = 120 };
	double y[N], s[N], tr[N], re[N], ts[N], tt[N];
	for (int t = 0; t < N; t++) {
		ts[t] = 2 * sin(2 * M_PI * t / 12);
		tt[t] = 5 + 0.1 * t;
		y[t] = ts[t] + tt[t];
	}
	char err[128];
	assert_int_equal(ec_stl(y, N, 12, 11, 0, s, tr, re, err, sizeof err), 0);
	for (int t = 0; t < N; t++)
		assert_true(fabs(s[t] + tr[t] + re[t] - y[t]) < 1e-9);
	/* Two inner passes do not quite remove the trend's leak into the
	 * first subseries smooth: R's stl (s.window 11, all jumps 1) leaves
	 * 0.025 here too, and agrees with ours to 1e-8. */
	printf("# stl errors: seasonal %.4f trend %.4f (interior), %.4f %.4f (all)\n",
	       max_abs_diff(s, ts, 12, N - 12), max_abs_diff(tr, tt, 12, N - 12),
	       max_abs_diff(s, ts, 0, N), max_abs_diff(tr, tt, 0, N));
	assert_true(max_abs_diff(s, ts, 12, N - 12) < 0.03);
	assert_true(max_abs_diff(tr, tt, 12, N - 12) < 0.03);
	/* R's stl gives the same decomposition to 1e-8 (values from R 4.2,
	 * stats::stl(s.window = 11, s.jump = 1, t.jump = 1, l.jump = 1)) */
	assert_true(max_abs_diff(s, ts, 0, N) < 0.15);
	assert_true(max_abs_diff(tr, tt, 0, N) < 0.15);
}

/* Robust STL: ten large outliers do not leak into season and trend.
 * (Noise is needed: on an exact curve 6 median |remainder| shrinks to
 * nothing over the 15 robustness passes and most weights become zero, in
 * R's stl as here.) */
static void stl_robust(void **state)
{
	(void)state;
	enum { N = 240 };
	double y[N], s[N], tr[N], re[N], ts[N];
	struct ec_rng r;
	ec_rng_seed(&r, 77);
	for (int t = 0; t < N; t++) {
		ts[t] = 3 * cos(2 * M_PI * t / 24);
		y[t] = 20 + ts[t] + 0.1 * ec_rng_normal(&r);
	}
	for (int k = 0; k < 10; k++)
		y[17 + 23 * k] += 40;
	char err[128];
	assert_int_equal(ec_stl(y, N, 24, 7, 1, s, tr, re, err, sizeof err), 0);
	printf("# robust stl errors: seasonal %.4f\n", max_abs_diff(s, ts, 24, N - 24));
	assert_true(max_abs_diff(s, ts, 24, N - 24) < 0.2);
	for (int t = 24; t < N - 24; t++)
		assert_true(fabs(tr[t] - 20) < 0.1);
	/* the non-robust fit is pulled by the outliers */
	assert_int_equal(ec_stl(y, N, 24, 7, 0, s, tr, re, err, sizeof err), 0);
	assert_true(max_abs_diff(s, ts, 24, N - 24) > 1);
}

static void make_hourly(double *y, double *d24, double *d168, double *tr, size_t n, double noise)
{
	struct ec_rng r;
	ec_rng_seed(&r, 24168);
	for (size_t t = 0; t < n; t++) {
		d24[t] = 3 * sin(2 * M_PI * (double)t / 24) + cos(4 * M_PI * (double)t / 24);
		/* a weekly pattern that is not a multiple of the daily one: weekdays
		 * up, the weekend (last 48 hours of the week) down */
		double wk = (double)(t % 168) < 120 ? 2 : -5;
		d168[t] = wk + 0.5 * sin(2 * M_PI * (double)t / 168);
		tr[t] = 50 + 0.01 * (double)t;
		y[t] = tr[t] + d24[t] + d168[t] + noise * ec_rng_normal(&r);
	}
	/* the weekly component as MSTL sees it: minus its mean over a week */
	double m = 0;
	for (size_t t = 0; t < 168; t++)
		m += d168[t];
	m /= 168;
	for (size_t t = 0; t < n; t++) {
		d168[t] -= m;
		tr[t] += m;
	}
}

static void mstl_daily_weekly(void **state)
{
	(void)state;
	enum { N = 168 * 6 };
	static double y[N], d24[N], d168[N], tr[N], seas[2 * N], trend[N], rem[N];
	make_hourly(y, d24, d168, tr, N, 0.3);
	const int periods[2] = {168, 24};
	int used[2], k = 0;
	char err[128];
	assert_int_equal(ec_mstl(y, N, periods, 2, seas, trend, rem, used, &k, err, sizeof err), 0);
	assert_int_equal(k, 2);
	assert_int_equal(used[0], 24);
	assert_int_equal(used[1], 168);
	const double *s24 = seas, *s168 = seas + N;
	for (size_t t = 0; t < N; t++)
		assert_true(fabs(s24[t] + s168[t] + trend[t] + rem[t] - y[t]) < 1e-9);
	/* away from the first and last week: components within a fraction of
	 * their amplitudes (daily 4, weekly 7), and the daily component has no
	 * weekly step in it */
	double e24 = 0, e168 = 0, etr = 0;
	for (size_t t = 168; t < N - 168; t++) {
		e24 += fabs(s24[t] - d24[t]);
		e168 += fabs(s168[t] - d168[t]);
		etr += fabs(trend[t] - tr[t]);
	}
	e24 /= N - 336;
	e168 /= N - 336;
	etr /= N - 336;
	if (e24 > 0.4 || e168 > 0.8 || etr > 0.8)
		printf("mean abs errors: daily %.3f weekly %.3f trend %.3f\n", e24, e168, etr);
	assert_true(e24 < 0.4);
	assert_true(e168 < 0.8);
	assert_true(etr < 0.8);
	/* too short for the weekly period: only the daily one is used */
	assert_int_equal(ec_mstl(y, 300, periods, 2, seas, trend, rem, used, &k, err, sizeof err), 0);
	assert_int_equal(k, 1);
	assert_int_equal(used[0], 24);
}

static void mstl_forecast_continues(void **state)
{
	(void)state;
	enum { N = 168 * 5, H = 48 };
	static double y[N + H], d24[N + H], d168[N + H], tr[N + H];
	make_hourly(y, d24, d168, tr, N + H, 0.3);
	double pt[H], lo80[H], hi80[H], lo95[H], hi95[H];
	struct ec_fc fc = {pt, lo80, hi80, lo95, hi95};
	const int periods[2] = {24, 168};
	char desc[128], err[128];
	assert_int_equal(ec_mstl_forecast(y, N, periods, 2, H, &fc, desc, sizeof desc, err, sizeof err), 0);
	assert_true(strncmp(desc, "MSTL(24,168)+ARIMA(", 19) == 0);
	double mae = 0, naive = 0;
	int covered = 0;
	for (int h = 0; h < H; h++) {
		double truth = tr[N + h] + d24[N + h] + d168[N + h];
		mae += fabs(pt[h] - truth);
		naive += fabs(y[N - 1] - truth);
		covered += lo95[h] <= y[N + h] && y[N + h] <= hi95[h];
		assert_true(lo95[h] < lo80[h] && lo80[h] < pt[h] && pt[h] < hi80[h] && hi80[h] < hi95[h]);
	}
	mae /= H;
	naive /= H;
	printf("# %s: MAE %.3f (naive %.3f), %d of %d in the 95%% interval\n", desc, mae, naive, covered, H);
	if (mae > 0.6)
		printf("%s: MAE %.3f (naive %.3f)\n", desc, mae, naive);
	assert_true(mae < 0.6);
	/* The intervals are those of the adjusted-series model with the
	 * seasonal components taken as known (as R's forecast.mstl): STL
	 * absorbs part of the noise into the seasonal components, so they are
	 * too narrow; 35 of 48 here. */
	assert_true(covered >= 32);
	/* no usable period: the series goes to ARIMA and desc says so */
	assert_int_equal(ec_mstl_forecast(y, 40, periods, 2, H, &fc, desc, sizeof desc, err, sizeof err), 0);
	assert_true(strncmp(desc, "MSTL: no period in [2, n/2), ARIMA(", 35) == 0);
	/* period 1 means no season */
	const int one[1] = {1};
	assert_int_equal(ec_mstl_forecast(y, N, one, 1, H, &fc, desc, sizeof desc, err, sizeof err), 0);
	assert_true(strncmp(desc, "MSTL: no period in [2, n/2), ARIMA(", 35) == 0);
	/* errors */
	const double bad[3] = {1, INFINITY, 2};
	assert_int_equal(ec_mstl_forecast(bad, 3, periods, 2, H, &fc, desc, sizeof desc, err, sizeof err), -1);
	assert_string_equal(err, "mstl: value 2 is not a finite number");
	assert_int_equal(ec_mstl_forecast(y, N, periods, 2, 0, &fc, desc, sizeof desc, err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stl_sine_trend),
		cmocka_unit_test(stl_robust),
		cmocka_unit_test(mstl_daily_weekly),
		cmocka_unit_test(mstl_forecast_continues),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
