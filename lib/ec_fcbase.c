/*
 * ec_fcbase.c - benchmarks, intermittent-demand methods, the M4 seasonality
 * test and classical decomposition, and the M4/M5 accuracy measures. See
 * ec_fcbase.h for the sources; the code follows the M4 organisers' R
 * benchmarks (which call R's acf and decompose) so that Naive2 reproduces
 * the published figures.
 */
#include "ec_fcbase.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ec_fc_acf(const double *y, size_t n, int K, double *r)
{
	double mean = 0, c0 = 0;

	for (size_t t = 0; t < n; t++)
		mean += y[t];
	mean /= (double)n;
	for (size_t t = 0; t < n; t++)
		c0 += (y[t] - mean) * (y[t] - mean);
	r[0] = 1;
	for (int k = 1; k <= K; k++) {
		double c = 0;

		for (size_t t = (size_t)k; t < n; t++)
			c += (y[t] - mean) * (y[t - k] - mean);
		r[k] = c0 > 0 ? c / c0 : 0;
	}
}

int ec_fc_seasonal_test(const double *y, size_t n, int m)
{
	if (m <= 1 || n < 3 * (size_t)m)
		return 0;
	/* R's acf default lag.max: beyond it M4's xacf[ppy] is NA, i.e. not seasonal */
	int lagmax = (int)floor(10 * log10((double)n));
	if (lagmax > (int)n - 1)
		lagmax = (int)n - 1;
	if (m > lagmax)
		return 0;
	double *r = malloc(((size_t)m + 1) * sizeof *r);
	if (!r)
		return 0;
	ec_fc_acf(y, n, m, r);
	double s = 1;
	for (int k = 1; k < m; k++)
		s += 2 * r[k] * r[k];
	double lim = 1.645 * sqrt(s) / sqrt((double)n);
	int seasonal = fabs(r[m]) > lim;
	free(r);
	return seasonal;
}

int ec_fc_decompose(const double *y, size_t n, int m, int multiplicative, double *figure)
{
	if (m < 2 || n < 2 * (size_t)m)
		return -1;
	double *sum = calloc((size_t)m, sizeof *sum);
	int *cnt = calloc((size_t)m, sizeof *cnt);
	if (!sum || !cnt) {
		free(sum);
		free(cnt);
		return -1;
	}
	/* centred moving average: weights 1/m, or (1/2, 1, ..., 1, 1/2)/m for even m */
	int half = m / 2, rc = 0;
	for (size_t t = (size_t)half; t + (size_t)half < n; t++) {
		double tr = 0;

		if (m % 2 == 0) {
			tr = 0.5 * y[t - half] + 0.5 * y[t + half];
			for (int k = -half + 1; k < half; k++)
				tr += y[(long)t + k];
		} else {
			for (int k = -half; k <= half; k++)
				tr += y[(long)t + k];
		}
		tr /= m;
		double v;
		if (multiplicative) {
			if (tr == 0) {
				rc = -1;
				break;
			}
			v = y[t] / tr;
		} else {
			v = y[t] - tr;
		}
		sum[t % (size_t)m] += v;
		cnt[t % (size_t)m]++;
	}
	if (rc == 0) {
		double mean = 0;

		for (int j = 0; j < m; j++) {
			figure[j] = cnt[j] ? sum[j] / cnt[j] : (multiplicative ? 1 : 0);
			mean += figure[j];
		}
		mean /= m;
		for (int j = 0; j < m; j++) {
			if (multiplicative)
				figure[j] = mean != 0 ? figure[j] / mean : 1;
			else
				figure[j] -= mean;
		}
	}
	free(sum);
	free(cnt);
	return rc;
}

int ec_fc_seasonal_indices(const double *y, size_t n, int m, int h, double *si)
{
	size_t tot = n + (size_t)h;
	for (size_t t = 0; t < tot; t++)
		si[t] = 1;
	if (!ec_fc_seasonal_test(y, n, m))
		return 0;
	for (size_t t = 0; t < n; t++)
		if (!(y[t] > 0))
			return 0;
	double *fig = malloc((size_t)m * sizeof *fig);
	if (!fig)
		return 0;
	int ok = ec_fc_decompose(y, n, m, 1, fig) == 0;
	for (int j = 0; ok && j < m; j++)
		if (!(fig[j] > 0))
			ok = 0;
	if (ok)
		for (size_t t = 0; t < tot; t++)
			si[t] = fig[t % (size_t)m];
	free(fig);
	return ok;
}

/*
 * Normal intervals with sd_j = sigma * sqrt(k_j): k_j = j + 1 (random walk,
 * m = 1), j / m + 1 (seasonal random walk), 1 (m = 0: flat).
 */
static void intervals(struct ec_fc *out, int h, double sigma, int m)
{
	for (int j = 0; j < h; j++) {
		double k = m == 0 ? 1 : (double)(j / m + 1);
		double sd = sigma * sqrt(k);

		out->lo80[j] = out->point[j] - EC_FC_Z80 * sd;
		out->hi80[j] = out->point[j] + EC_FC_Z80 * sd;
		out->lo95[j] = out->point[j] - EC_FC_Z95 * sd;
		out->hi95[j] = out->point[j] + EC_FC_Z95 * sd;
	}
}

static double lag_rmse(const double *y, size_t n, size_t m)
{
	double s = 0;

	if (n <= m)
		return 0;
	for (size_t t = m; t < n; t++)
		s += (y[t] - y[t - m]) * (y[t] - y[t - m]);
	return sqrt(s / (double)(n - m));
}

void ec_fc_naive(const double *y, size_t n, int h, struct ec_fc *out)
{
	double sigma = lag_rmse(y, n, 1);
	for (int j = 0; j < h; j++)
		out->point[j] = n ? y[n - 1] : 0;
	intervals(out, h, sigma, 1);
}

void ec_fc_snaive(const double *y, size_t n, int m, int h, struct ec_fc *out)
{
	if (m <= 1 || n < (size_t)m) {
		ec_fc_naive(y, n, h, out);
		return;
	}
	double sigma = lag_rmse(y, n, (size_t)m);
	for (int j = 0; j < h; j++)
		out->point[j] = y[n - (size_t)m + (size_t)(j % m)];
	intervals(out, h, sigma, m);
}

void ec_fc_naive2(const double *y, size_t n, int m, int h, struct ec_fc *out)
{
	double *si = malloc((n + (size_t)h) * sizeof *si);
	double *a = malloc((n ? n : 1) * sizeof *a);

	if (!si || !a) {
		free(si);
		free(a);
		ec_fc_naive(y, n, h, out);
		return;
	}
	ec_fc_seasonal_indices(y, n, m, h, si);
	for (size_t t = 0; t < n; t++)
		a[t] = y[t] / si[t];
	ec_fc_naive(a, n, h, out);
	for (int j = 0; j < h; j++) {
		double s = si[n + (size_t)j];

		out->point[j] *= s;
		out->lo80[j] *= s;
		out->hi80[j] *= s;
		out->lo95[j] *= s;
		out->hi95[j] *= s;
	}
	free(si);
	free(a);
}

/* Flat forecast f with normal intervals of the in-sample errors, floored at 0. */
static void flat_nonneg(struct ec_fc *out, int h, double f, double sigma)
{
	for (int j = 0; j < h; j++)
		out->point[j] = f;
	intervals(out, h, sigma, 0);
	for (int j = 0; j < h; j++) {
		if (out->lo80[j] < 0)
			out->lo80[j] = 0;
		if (out->lo95[j] < 0)
			out->lo95[j] = 0;
	}
}

void ec_fc_croston(const double *y, size_t n, int h, double alpha, int variant,
                   struct ec_fc *out)
{
	double z = 0, p = 0, sse = 0;
	size_t first = n, last = 0, ne = 0;

	for (size_t t = 0; t < n; t++)
		if (y[t] != 0) {
			first = t;
			break;
		}
	if (first == n) {
		flat_nonneg(out, h, 0, 0);
		return;
	}
	double adj = variant == EC_SBA ? 1 - alpha / 2 : 1;
	z = y[first];
	p = (double)(first + 1);
	last = first;
	for (size_t t = first + 1; t < n; t++) {
		double f = adj * z / p;

		sse += (y[t] - f) * (y[t] - f);
		ne++;
		if (y[t] != 0) {
			z += alpha * (y[t] - z);
			p += alpha * ((double)(t - last) - p);
			last = t;
		}
	}
	flat_nonneg(out, h, adj * z / p, ne ? sqrt(sse / (double)ne) : 0);
}

void ec_fc_tsb(const double *y, size_t n, int h, double alpha, double beta,
               struct ec_fc *out)
{
	size_t nz = 0;
	double zs = 0, sse = 0;

	for (size_t t = 0; t < n; t++)
		if (y[t] != 0) {
			nz++;
			zs += y[t];
		}
	if (nz == 0) {
		flat_nonneg(out, h, 0, 0);
		return;
	}
	double d = (double)nz / (double)n, z = zs / (double)nz;
	for (size_t t = 0; t < n; t++) {
		double f = d * z;

		sse += (y[t] - f) * (y[t] - f);
		if (y[t] != 0) {
			d += beta * (1 - d);
			z += alpha * (y[t] - z);
		} else {
			d -= beta * d;
		}
	}
	flat_nonneg(out, h, d * z, sqrt(sse / (double)n));
}

int ec_fc_demand_class(const double *y, size_t n, double *adi, double *cv2)
{
	size_t nz = 0;
	double s = 0, s2 = 0;

	for (size_t t = 0; t < n; t++)
		if (y[t] != 0) {
			nz++;
			s += y[t];
		}
	if (nz == 0) {
		*adi = INFINITY;
		*cv2 = 0;
		return EC_DEMAND_NONE;
	}
	double mean = s / (double)nz;
	for (size_t t = 0; t < n; t++)
		if (y[t] != 0)
			s2 += (y[t] - mean) * (y[t] - mean);
	double var = nz > 1 ? s2 / (double)(nz - 1) : 0;
	*adi = (double)n / (double)nz;
	*cv2 = mean != 0 ? var / (mean * mean) : 0;
	if (*adi < 1.32)
		return *cv2 < 0.49 ? EC_DEMAND_SMOOTH : EC_DEMAND_ERRATIC;
	return *cv2 < 0.49 ? EC_DEMAND_INTERMITTENT : EC_DEMAND_LUMPY;
}

const char *ec_fc_demand_class_name(int c)
{
	static const char *const names[] = { "smooth", "erratic", "intermittent", "lumpy",
	                                     "none" };
	return c >= 0 && c <= EC_DEMAND_NONE ? names[c] : "?";
}

/* ---- accuracy ---- */

double ec_fc_smape(const double *y, const double *f, int h)
{
	double s = 0;

	for (int i = 0; i < h; i++) {
		double d = fabs(y[i]) + fabs(f[i]);

		if (d > 0)
			s += 200 * fabs(y[i] - f[i]) / d;
	}
	return h > 0 ? s / h : NAN;
}

static double mase_scale(const double *x, size_t n, int m)
{
	size_t lag = m >= 1 && n > (size_t)m ? (size_t)m : 1;
	double s = 0;

	if (n <= lag)
		return NAN;
	for (size_t t = lag; t < n; t++)
		s += fabs(x[t] - x[t - lag]);
	return s / (double)(n - lag);
}

double ec_fc_mase(const double *x, size_t n, int m, const double *y, const double *f, int h)
{
	double sc = mase_scale(x, n, m), s = 0;

	if (!(sc > 0) || h < 1)
		return NAN;
	for (int i = 0; i < h; i++)
		s += fabs(y[i] - f[i]);
	return s / h / sc;
}

double ec_fc_rmsse(const double *x, size_t n, const double *y, const double *f, int h)
{
	size_t first = 0;
	double sc = 0, s = 0;

	while (first < n && x[first] == 0)
		first++;
	if (first + 1 >= n || h < 1)
		return NAN;
	for (size_t t = first + 1; t < n; t++)
		sc += (x[t] - x[t - 1]) * (x[t] - x[t - 1]);
	sc /= (double)(n - first - 1);
	if (!(sc > 0))
		return NAN;
	for (int i = 0; i < h; i++)
		s += (y[i] - f[i]) * (y[i] - f[i]);
	return sqrt(s / h / sc);
}

double ec_fc_msis(const double *x, size_t n, int m, const double *y, const double *lo,
                  const double *hi, int h, double a)
{
	double sc = mase_scale(x, n, m), s = 0;

	if (!(sc > 0) || h < 1)
		return NAN;
	for (int i = 0; i < h; i++) {
		s += hi[i] - lo[i];
		if (y[i] < lo[i])
			s += 2 / a * (lo[i] - y[i]);
		if (y[i] > hi[i])
			s += 2 / a * (y[i] - hi[i]);
	}
	return s / h / sc;
}

double ec_fc_coverage(const double *y, const double *lo, const double *hi, int h)
{
	int c = 0;

	for (int i = 0; i < h; i++)
		c += y[i] >= lo[i] && y[i] <= hi[i];
	return h > 0 ? (double)c / h : NAN;
}
