/*
 * ec_theta.c - Theta, optimised Theta and the M4 exponential smoothing
 * benchmarks (see ec_theta.h for the sources).
 */
#include "ec_theta.h"
#include "ec_ets.h"
#include "ec_fcbase.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seasonally adjusted copy of y and indices for t in [0, n + h). */
static int adjust(const double *y, size_t n, int m, int h, double **a, double **si)
{
	*a = malloc((n ? n : 1) * sizeof **a);
	*si = malloc((n + (size_t)h) * sizeof **si);
	if (!*a || !*si) {
		free(*a);
		free(*si);
		return -1;
	}
	ec_fc_seasonal_indices(y, n, m, h, *si);
	for (size_t t = 0; t < n; t++)
		(*a)[t] = y[t] / (*si)[t];
	return 0;
}

static void reseason(struct ec_fc *out, const double *si, size_t n, int h)
{
	for (int j = 0; j < h; j++) {
		double s = si[n + (size_t)j];
		out->point[j] *= s;
		out->lo80[j] *= s;
		out->hi80[j] *= s;
		out->lo95[j] *= s;
		out->hi95[j] *= s;
	}
}

/* Least squares y = a + b t, t = 0..n-1. */
static void lsfit(const double *y, size_t n, double *a, double *b)
{
	double st = 0, sy = 0, stt = 0, sty = 0;
	for (size_t t = 0; t < n; t++) {
		st += (double)t;
		sy += y[t];
		stt += (double)t * t;
		sty += (double)t * y[t];
	}
	double d = (double)n * stt - st * st;
	*b = d != 0 ? ((double)n * sty - st * sy) / d : 0;
	*a = (sy - *b * st) / (double)n;
}

/* SES intervals around out->point: sd_j = sigma sqrt(1 + (j - 1) alpha^2). */
static void ses_intervals(struct ec_fc *out, int h, double sigma2, double alpha)
{
	double sd[h > 0 ? h : 1];
	for (int j = 0; j < h; j++)
		sd[j] = sqrt(sigma2 * (1 + j * alpha * alpha));
	ec_fc_normal_intervals(out, sd, h);
}

int ec_theta_forecast(const double *y, size_t n, int m, int h, int optimised,
                      struct ec_fc *out, char *err, size_t errlen)
{
	double *x, *si;
	struct ec_ets_model ses;

	if (n < 3) {
		snprintf(err, errlen, "%zu values are too few for Theta", n);
		return -1;
	}
	if (adjust(y, n, m, h, &x, &si) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	double a, b;
	lsfit(x, n, &a, &b);
	int rc = 0;
	if (!optimised) {
		if (ec_ets_fit(x, n, 1, EC_ETS_A, EC_ETS_N, EC_ETS_N, &ses, err, errlen) < 0) {
			rc = -1;
			goto done;
		}
		double al = ses.alpha, c = (1 - pow(1 - al, (double)n)) / al;
		for (int j = 0; j < h; j++)
			out->point[j] = ses.l + b / 2 * (j + c);
		ses_intervals(out, h, ses.sigma2, al);
	} else {
		double *z = malloc(n * sizeof *z);
		double bestmse = INFINITY, btheta = 2;
		struct ec_ets_model bses = { 0 };
		if (!z) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			goto done;
		}
		for (double th = 1; th <= 5.0001; th += 0.5) {
			for (size_t t = 0; t < n; t++)
				z[t] = th * x[t] + (1 - th) * (a + b * (double)t);
			if (ec_ets_fit(z, n, 1, EC_ETS_A, EC_ETS_N, EC_ETS_N, &ses, err, errlen) < 0)
				continue;
			/* in-sample one-step fit of the combination */
			double l = ses.l0, mse = 0;
			for (size_t t = 0; t < n; t++) {
				double f = (1 - 1 / th) * (a + b * (double)t) + l / th;
				mse += (x[t] - f) * (x[t] - f);
				l += ses.alpha * (z[t] - l);
			}
			if (mse < bestmse) {
				bestmse = mse;
				btheta = th;
				bses = ses;
			}
		}
		free(z);
		if (!isfinite(bestmse)) {
			rc = -1;
			goto done;
		}
		for (int j = 0; j < h; j++)
			out->point[j] = (1 - 1 / btheta) * (a + b * (double)(n + (size_t)j)) +
			                bses.l / btheta;
		ses_intervals(out, h, bestmse / (double)(n > 2 ? n - 2 : 1), bses.alpha);
	}
	reseason(out, si, n, h);
done:
	free(x);
	free(si);
	return rc;
}

int ec_m4_smoothing(const double *y, size_t n, int m, int h, int method, struct ec_fc *out,
                    char *err, size_t errlen)
{
	double *x, *si;
	static const int trend[3] = { EC_ETS_N, EC_ETS_A, EC_ETS_AD };
	struct ec_fc f[3];
	int rc = 0, lo = method == EC_M4_COMB ? 0 : method, hi = method == EC_M4_COMB ? 2 : method;

	if (adjust(y, n, m, h, &x, &si) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(f, 0, sizeof f);
	for (int k = lo; k <= hi && rc == 0; k++) {
		struct ec_ets_model mod;
		if (ec_fc_alloc(&f[k], h) < 0) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		} else if (ec_ets_fit(x, n, 1, EC_ETS_A, trend[k], EC_ETS_N, &mod, err, errlen) < 0) {
			rc = -1;
		} else {
			ec_ets_forecast(&mod, h, 0, 0, &f[k]);
		}
	}
	if (rc == 0) {
		double w = 1.0 / (hi - lo + 1);
		for (int j = 0; j < h; j++) {
			out->point[j] = out->lo80[j] = out->hi80[j] = out->lo95[j] = out->hi95[j] = 0;
			for (int k = lo; k <= hi; k++) {
				out->point[j] += w * f[k].point[j];
				out->lo80[j] += w * f[k].lo80[j];
				out->hi80[j] += w * f[k].hi80[j];
				out->lo95[j] += w * f[k].lo95[j];
				out->hi95[j] += w * f[k].hi95[j];
			}
		}
		reseason(out, si, n, h);
	}
	for (int k = 0; k < 3; k++)
		ec_fc_free(&f[k]);
	free(x);
	free(si);
	return rc;
}
