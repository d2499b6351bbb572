/*
 * ec_mstl.c: STL (Cleveland et al. 1990), MSTL (Bandara, Hyndman and
 * Bergmeir 2022) and the MSTL forecast; see ec_mstl.h for the method and its
 * settings. Loess is evaluated at every point rather than at every jump-th
 * point with interpolation, which costs O(n span) per smooth (under a
 * millisecond for a few thousand values) and avoids the interpolation error.
 */
#include "ec_mstl.h"
#include "ec_arima.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (err == NULL || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Local fit at abscissa xs (positions are 0-based indices of y) over the
 * window y[lo..hi] with the tricube weights of bandwidth h times the
 * robustness weights rw (NULL: all 1), local constant (deg 0) or linear
 * (deg 1; the linear term dropped when the weighted spread of the
 * positions is tiny, as in the STL paper's Fortran). Returns -1 when every
 * weight is zero.
 */
static int loess_at(const double *y, long n, long lo, long hi, double xs, double h, int deg,
                    const double *rw, double *w, double *ys)
{
	double sw = 0;
	double h9 = 0.999 * h, h1 = 0.001 * h;
	for (long j = lo; j <= hi; j++) {
		double r = fabs((double)j - xs), wj = 0;
		if (r <= h9) {
			if (r <= h1)
				wj = 1;
			else {
				double u = r / h;
				u = 1 - u * u * u;
				wj = u * u * u;
			}
			if (rw)
				wj *= rw[j];
		}
		w[j - lo] = wj;
		sw += wj;
	}
	if (!(sw > 0))
		return -1;
	for (long j = lo; j <= hi; j++)
		w[j - lo] /= sw;
	if (deg > 0 && h > 0) {
		double a = 0, c = 0;
		for (long j = lo; j <= hi; j++)
			a += w[j - lo] * (double)j;
		for (long j = lo; j <= hi; j++)
			c += w[j - lo] * ((double)j - a) * ((double)j - a);
		if (sqrt(c) > 0.001 * (double)(n - 1)) {
			double b = (xs - a) / c;
			for (long j = lo; j <= hi; j++)
				w[j - lo] *= b * ((double)j - a) + 1;
		}
	}
	double s = 0;
	for (long j = lo; j <= hi; j++)
		s += w[j - lo] * y[j];
	*ys = s;
	return 0;
}

/* Window and bandwidth of a span-`len` loess at xs over n points. */
static void window_of(long n, long len, double xs, long *lo, long *hi, double *h)
{
	if (len >= n) {
		*lo = 0;
		*hi = n - 1;
	} else {
		long c = (long)floor(xs + 0.5);
		long l = c - len / 2;
		if (l < 0)
			l = 0;
		if (l + len - 1 > n - 1)
			l = n - len;
		*lo = l;
		*hi = l + len - 1;
	}
	double hh = xs - (double)*lo;
	if ((double)*hi - xs > hh)
		hh = (double)*hi - xs;
	if (len > n)
		hh += (double)((len - n) / 2);
	*h = hh;
}

/* Smooth y[0..n) at every point into out (out != y). */
static void loess_smooth(const double *y, long n, long len, int deg, const double *rw,
                         double *w, double *out)
{
	for (long i = 0; i < n; i++) {
		long lo, hi;
		double h;
		window_of(n, len, (double)i, &lo, &hi, &h);
		if (loess_at(y, n, lo, hi, (double)i, h, deg, rw, w, &out[i]) < 0)
			out[i] = y[i];
	}
}

/* Smooth a cycle-subseries y[0..k) and extrapolate one step each side:
 * out[0..k+2), out[j+1] the fit at position j, j = -1..k. An end point
 * whose weights all vanish takes the fit next to it (as the Fortran). */
static void subseries_smooth(const double *y, long k, long len, int deg, const double *rw,
                             double *w, double *out)
{
	for (long j = 0; j < k; j++) {
		long lo, hi;
		double h;
		window_of(k, len, (double)j, &lo, &hi, &h);
		if (loess_at(y, k, lo, hi, (double)j, h, deg, rw, w, &out[j + 1]) < 0)
			out[j + 1] = y[j];
	}
	for (int side = 0; side < 2; side++) {
		long j = side ? k : -1, l = len < k ? len : k;
		long lo = side ? k - l : 0, hi = side ? k - 1 : l - 1;
		double xs = (double)j, h = xs - (double)lo;
		if ((double)hi - xs > h)
			h = (double)hi - xs;
		if (len > k)
			h += (double)((len - k) / 2);
		if (loess_at(y, k, lo, hi, xs, h, deg, rw, w, &out[j + 1]) < 0)
			out[j + 1] = side ? out[k] : out[1];
	}
}

/* Moving average of length len: out[i] = mean x[i..i+len), i < n-len+1. */
static void moving_average(const double *x, long n, long len, double *out)
{
	double s = 0;
	for (long i = 0; i < len; i++)
		s += x[i];
	out[0] = s / (double)len;
	for (long i = 1; i + len <= n; i++) {
		s += x[i + len - 1] - x[i - 1];
		out[i] = s / (double)len;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int ec_stl(const double *y, size_t n, int period, int s_window, int robust, double *seasonal,
           double *trend, double *remainder, char *err, size_t errlen)
{
	if (y == NULL || n == 0) {
		set_err(err, errlen, "stl: empty series");
		return -1;
	}
	if (period < 2 || n < 2 * (size_t)period) {
		set_err(err, errlen, "stl: period %d needs at least two cycles (%zu values)", period, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(y[i])) {
			set_err(err, errlen, "stl: value %zu is not a finite number", i + 1);
			return -1;
		}
	if (s_window < 3)
		s_window = 3;
	if (s_window % 2 == 0)
		s_window++;
	long N = (long)n, np = period, ns = s_window;
	long nl = np % 2 ? np : np + 1;
	long nt = (long)ceil(1.5 * (double)np / (1 - 1.5 / (double)ns));
	if (nt % 2 == 0)
		nt++;
	int inner = robust ? 1 : 2, outer = robust ? 15 : 0;
	long cyc = N / np + 2; /* longest subseries */
	size_t big = (size_t)N + 2 * (size_t)np;
	double *buf = malloc((5 * big + 4 * (size_t)cyc + (size_t)(nt > ns ? nt : ns) + big) *
	                     sizeof *buf);
	if (buf == NULL) {
		set_err(err, errlen, "stl: out of memory");
		return -1;
	}
	double *rw = buf, *D = rw + big, *C = D + big, *L1 = C + big, *L2 = L1 + big;
	double *sub = L2 + big, *subrw = sub + cyc, *subout = subrw + cyc, *w = subout + 2 * cyc;
	int use_rw = 0;
	for (long i = 0; i < N; i++)
		trend[i] = 0;
	for (int o = 0; o <= outer; o++) {
		for (int it = 0; it < inner; it++) {
			for (long i = 0; i < N; i++)
				D[i] = y[i] - trend[i];
			/* cycle-subseries smoothing into C[0..N+2np) */
			for (long j = 0; j < np; j++) {
				long k = 0;
				for (long i = j; i < N; i += np) {
					sub[k] = D[i];
					subrw[k] = use_rw ? rw[i] : 1;
					k++;
				}
				subseries_smooth(sub, k, ns, 0, use_rw ? subrw : NULL, w, subout);
				for (long i = 0; i < k + 2; i++)
					C[i * np + j] = subout[i];
			}
			/* low-pass filter of C: MA np, MA np, MA 3, loess n_l */
			long nc = N + 2 * np;
			moving_average(C, nc, np, L1);
			moving_average(L1, nc - np + 1, np, L2);
			moving_average(L2, nc - 2 * np + 2, 3, L1);
			loess_smooth(L1, N, nl, 1, NULL, w, L2);
			for (long i = 0; i < N; i++) {
				seasonal[i] = C[np + i] - L2[i];
				D[i] = y[i] - seasonal[i];
			}
			loess_smooth(D, N, nt, 1, use_rw ? rw : NULL, w, trend);
		}
		if (o < outer) {
			/* bisquare robustness weights from the remainder */
			for (long i = 0; i < N; i++)
				L1[i] = fabs(y[i] - seasonal[i] - trend[i]);
			memcpy(L2, L1, (size_t)N * sizeof *L2);
			qsort(L2, (size_t)N, sizeof *L2, cmp_double);
			double med = N % 2 ? L2[N / 2] : 0.5 * (L2[N / 2 - 1] + L2[N / 2]);
			double hh = 6 * med;
			for (long i = 0; i < N; i++) {
				double u = hh > 0 ? L1[i] / hh : 0;
				rw[i] = u <= 0.001 ? 1 : (u <= 0.999 ? (1 - u * u) * (1 - u * u) : 0);
			}
			use_rw = 1;
		}
	}
	for (long i = 0; i < N; i++)
		remainder[i] = y[i] - seasonal[i] - trend[i];
	free(buf);
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int ec_mstl(const double *y, size_t n, const int *periods, int n_periods, double *seasonals,
            double *trend, double *remainder, int *used, int *n_used, char *err, size_t errlen)
{
	if (y == NULL || n == 0) {
		set_err(err, errlen, "mstl: empty series");
		return -1;
	}
	if (n_periods < 0 || (n_periods > 0 && periods == NULL)) {
		set_err(err, errlen, "mstl: bad list of periods");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(y[i])) {
			set_err(err, errlen, "mstl: value %zu is not a finite number", i + 1);
			return -1;
		}
	int *ps = malloc(((size_t)n_periods + 1) * sizeof *ps);
	double *deseas = malloc(3 * n * sizeof *deseas);
	if (ps == NULL || deseas == NULL) {
		free(ps);
		free(deseas);
		set_err(err, errlen, "mstl: out of memory");
		return -1;
	}
	double *S = deseas + n, *T = S + n;
	int k = 0;
	/* periods below 2 mean "no season" and are skipped, like those of
	 * n/2 or more */
	for (int i = 0; i < n_periods; i++)
		if (periods[i] >= 2 && 2 * (size_t)periods[i] < n)
			ps[k++] = periods[i];
	qsort(ps, (size_t)k, sizeof *ps, cmp_int);
	/* a period listed twice counts once */
	int u = 0;
	for (int i = 0; i < k; i++)
		if (u == 0 || ps[u - 1] != ps[i])
			ps[u++] = ps[i];
	k = u;
	memset(seasonals, 0, (size_t)n_periods * n * sizeof *seasonals);
	memcpy(deseas, y, n * sizeof *deseas);
	int rc = 0;
	if (k == 0) {
		/* no seasonality to remove: the trend is a loess of the series
		 * (span about a tenth of it) so that the remainder stays meaningful */
		long span = (long)n / 10 | 1;
		if (span < 3)
			span = 3;
		double *w = malloc((size_t)span * sizeof *w + n * sizeof *w);
		if (w == NULL) {
			rc = -1;
			set_err(err, errlen, "mstl: out of memory");
			goto out;
		}
		loess_smooth(y, (long)n, span, 1, NULL, w, trend);
		free(w);
	} else {
		for (int pass = 0; pass < 2; pass++) {
			for (int i = 0; i < k; i++) {
				double *si = seasonals + (size_t)i * n;
				for (size_t t = 0; t < n; t++)
					deseas[t] += si[t];
				if (ec_stl(deseas, n, ps[i], 7 + 4 * (i + 1), 0, S, T, remainder, err, errlen) < 0) {
					rc = -1;
					goto out;
				}
				memcpy(si, S, n * sizeof *si);
				for (size_t t = 0; t < n; t++)
					deseas[t] -= si[t];
			}
		}
		memcpy(trend, T, n * sizeof *trend);
	}
	for (size_t t = 0; t < n; t++)
		remainder[t] = deseas[t] - trend[t];
	if (used) {
		for (int i = 0; i < n_periods; i++)
			used[i] = i < k ? ps[i] : 0;
	}
	if (n_used)
		*n_used = k;
out:
	free(ps);
	free(deseas);
	return rc;
}

int ec_mstl_forecast(const double *y, size_t n, const int *periods, int n_periods, int h,
                     struct ec_fc *out, char *desc, size_t desc_len, char *err, size_t errlen)
{
	if (h < 1 || out == NULL) {
		set_err(err, errlen, "mstl: horizon %d is not positive", h);
		return -1;
	}
	if (y == NULL || n == 0) {
		set_err(err, errlen, "mstl: empty series");
		return -1;
	}
	int np = n_periods > 0 ? n_periods : 1;
	double *seas = malloc(((size_t)np + 3) * n * sizeof *seas);
	int *used = malloc((size_t)np * sizeof *used);
	if (seas == NULL || used == NULL) {
		free(seas);
		free(used);
		set_err(err, errlen, "mstl: out of memory");
		return -1;
	}
	double *trend = seas + (size_t)np * n, *rem = trend + n, *adj = rem + n;
	int k = 0, rc = -1;
	char sub[160];
	if (ec_mstl(y, n, periods, n_periods, seas, trend, rem, used, &k, err, errlen) < 0)
		goto out;
	if (k == 0) {
		if (ec_arima_auto_model(y, n, 1, 0, h, out, NULL, sub, sizeof sub, err, errlen) < 0)
			goto out;
		snprintf(desc, desc_len, "MSTL: no period in [2, n/2), %s", sub);
		rc = 0;
		goto out;
	}
	for (size_t t = 0; t < n; t++)
		adj[t] = trend[t] + rem[t];
	if (ec_arima_auto_model(adj, n, 1, 0, h, out, NULL, sub, sizeof sub, err, errlen) < 0)
		goto out;
	for (int i = 0; i < k; i++) {
		const double *si = seas + (size_t)i * n;
		size_t p = (size_t)used[i];
		for (int j = 0; j < h; j++) {
			double s = si[n - p + (size_t)j % p];
			out->point[j] += s;
			out->lo80[j] += s;
			out->hi80[j] += s;
			out->lo95[j] += s;
			out->hi95[j] += s;
		}
	}
	if (desc && desc_len) {
		int len = snprintf(desc, desc_len, "MSTL(");
		for (int i = 0; i < k && len >= 0 && (size_t)len < desc_len; i++)
			len += snprintf(desc + len, desc_len - (size_t)len, "%s%d", i ? "," : "", used[i]);
		if (len >= 0 && (size_t)len < desc_len)
			snprintf(desc + len, desc_len - (size_t)len, ")+%s", sub);
	}
	rc = 0;
out:
	free(seas);
	free(used);
	return rc;
}
