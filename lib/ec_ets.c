/*
 * ec_ets.c - ETS(E,T,S) fitting, selection and forecasting (see ec_ets.h).
 *
 * The state update is the one of forecast::ets's C code, written through the
 * deseasonalised observation so that one routine serves every error type
 * (the error form changes the likelihood only): with lb = l + phi b,
 *   l' = lb + alpha (q - lb),           q = y - s or y / s (or y)
 *   b' = phi b + beta (l' - l - phi b) / alpha
 *   s' = s + gamma (y - lb or y / lb  -  s)
 * which is HKOS 2008 Table 2.3 with beta = alpha beta* of the recursive
 * forms. The optimiser works on the raw parameters and initial states and
 * rejects points outside the 'usual' and 'admissible' regions with a large
 * value, as forecast::ets does.
 */
#include "ec_ets.h"
#include "ec_fcbase.h"
#include "ec_rng.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG 1e300

/* One-step forecast from the states (s_cur is s_{t-m}). */
static inline double one_step(int trend, int season, double l, double b, double phi,
                              double s_cur)
{
	double lb = trend == EC_ETS_N ? l : l + (trend == EC_ETS_AD ? phi : 1) * b;

	if (season == EC_ETS_A)
		return lb + s_cur;
	if (season == EC_ETS_M)
		return lb * s_cur;
	return lb;
}

/* Update the states with observation y (trend, season: the model's types). */
static inline __attribute__((always_inline)) void
update_k(const struct ec_ets_model *p, double y, double *l, double *b, double *s_cur,
         const int trend, const int season)
{
	double ph = trend == EC_ETS_AD ? p->phi : 1;
	double lb = trend == EC_ETS_N ? *l : *l + ph * *b;
	double q;

	if (season == EC_ETS_A)
		q = y - *s_cur;
	else if (season == EC_ETS_M)
		q = fabs(*s_cur) < 1e-10 ? 1e10 : y / *s_cur;
	else
		q = y;
	double lnew = lb + p->alpha * (q - lb);
	if (trend != EC_ETS_N)
		*b = ph * *b + p->beta / p->alpha * (lnew - *l - ph * *b);
	if (season == EC_ETS_A)
		*s_cur += p->gamma * (y - lb - *s_cur);
	else if (season == EC_ETS_M)
		*s_cur += p->gamma * ((fabs(lb) < 1e-10 ? 1e10 : y / lb) - *s_cur);
	*l = lnew;
}

/* Update the states with observation y. */
static inline void update(const struct ec_ets_model *p, double y, double *l, double *b,
                          double *s_cur)
{
	update_k(p, y, l, b, s_cur, p->trend, p->season);
}

/*
 * Run the filter: returns n log(SSE) (+ 2 sum log|yhat| for M errors), the
 * part of -2 log L that depends on the parameters; BIG when a forecast is
 * not positive under a multiplicative part. *sse gets the sum of squared
 * errors and *slog the sum of log|yhat|. Final states into p->l, b, s.
 */
static inline __attribute__((always_inline)) double
filter_k(const double *y, size_t n, struct ec_ets_model *p, double *sse, double *slog,
         const int error, const int trend, const int season)
{
	int m = season == EC_ETS_N ? 1 : p->m;
	double l = p->l0, b = p->b0, e2 = 0, lg = 0, prod = 1;
	double s[EC_ETS_MAXM];
	int mult = error == EC_ETS_M || season == EC_ETS_M;

	if (season != EC_ETS_N)
		memcpy(s, p->s0, (size_t)m * sizeof *s);
	else
		s[0] = 0;
	int j = 0;
	for (size_t t = 0; t < n; t++) {
		double f = one_step(trend, season, l, b, p->phi, s[j]);
		double e;

		if (mult && !(f > 0))
			return BIG;
		if (error == EC_ETS_M) {
			e = (y[t] - f) / f;
			prod *= f; /* sum log f as log of products of 8, one log per 8 steps */
			if ((t & 7) == 7) {
				lg += log(prod);
				prod = 1;
			}
		} else {
			e = y[t] - f;
		}
		e2 += e * e;
		update_k(p, y[t], &l, &b, &s[j], trend, season);
		if (++j == m)
			j = 0;
	}
	lg += log(prod);
	p->l = l;
	p->b = b;
	/* store the seasonal ring so that s[k] is the state for time index k mod m */
	if (season != EC_ETS_N)
		for (int k = 0; k < m; k++)
			p->s[k] = s[k];
	*sse = e2;
	*slog = lg;
	if (!(e2 > 0))
		e2 = 1e-300;
	return (double)n * log(e2) + 2 * lg;
}


/* filter_k with the model's types as constants, so that each loop is compiled without the branches */
static double filter(const double *y, size_t n, struct ec_ets_model *p, double *sse,
                     double *slog)
{
#define EC_ETS_CASE(E, T, S)                                                             \
	if (p->error == (E) && p->trend == (T) && p->season == (S))                       \
		return filter_k(y, n, p, sse, slog, E, T, S);
#define EC_ETS_CASES(E, S)                                                               \
	EC_ETS_CASE(E, EC_ETS_N, S) EC_ETS_CASE(E, EC_ETS_A, S) EC_ETS_CASE(E, EC_ETS_AD, S)
	EC_ETS_CASES(EC_ETS_A, EC_ETS_N)
	EC_ETS_CASES(EC_ETS_A, EC_ETS_A)
	EC_ETS_CASES(EC_ETS_A, EC_ETS_M)
	EC_ETS_CASES(EC_ETS_M, EC_ETS_N)
	EC_ETS_CASES(EC_ETS_M, EC_ETS_A)
	EC_ETS_CASES(EC_ETS_M, EC_ETS_M)
#undef EC_ETS_CASES
#undef EC_ETS_CASE
	return filter_k(y, n, p, sse, slog, p->error, p->trend, p->season);
}

double ec_ets_loglik(const double *y, size_t n, struct ec_ets_model *mod)
{
	double sse, slog;

	if (filter(y, n, mod, &sse, &slog) >= BIG)
		return -HUGE_VAL;
	return -0.5 * (double)n * (log(2 * M_PI * sse / (double)n) + 1) - slog;
}

/* ---- Nelder-Mead ---- */

double ec_nelder_mead(double (*f)(const double *x, void *ctx), void *ctx, double *x,
                      const double *step, int k, int maxeval, double tol)
{
	double P[EC_NM_MAXK + 1][EC_NM_MAXK], F[EC_NM_MAXK + 1], c[EC_NM_MAXK], xr[EC_NM_MAXK],
	    xe[EC_NM_MAXK];
	int nev = 0;

	for (int i = 0; i <= k; i++) {
		memcpy(P[i], x, (size_t)k * sizeof *x);
		if (i > 0)
			P[i][i - 1] += step[i - 1];
		F[i] = f(P[i], ctx);
		nev++;
	}
	for (;;) {
		/* order: best F[0] .. worst F[k] (insertion sort; k is small) */
		for (int i = 1; i <= k; i++)
			for (int j = i; j > 0 && F[j] < F[j - 1]; j--) {
				double t = F[j];
				F[j] = F[j - 1];
				F[j - 1] = t;
				for (int d = 0; d < k; d++) {
					t = P[j][d];
					P[j][d] = P[j - 1][d];
					P[j - 1][d] = t;
				}
			}
		if (nev >= maxeval ||
		    fabs(F[k] - F[0]) <= tol * (fabs(F[0]) + fabs(F[k])) + 1e-300)
			break;
		for (int d = 0; d < k; d++) {
			c[d] = 0;
			for (int i = 0; i < k; i++)
				c[d] += P[i][d];
			c[d] /= k;
		}
		for (int d = 0; d < k; d++)
			xr[d] = c[d] + (c[d] - P[k][d]);
		double fr = f(xr, ctx);
		nev++;
		if (fr < F[0]) {
			for (int d = 0; d < k; d++)
				xe[d] = c[d] + 2 * (c[d] - P[k][d]);
			double fe = f(xe, ctx);
			nev++;
			if (fe < fr) {
				memcpy(P[k], xe, (size_t)k * sizeof *x);
				F[k] = fe;
			} else {
				memcpy(P[k], xr, (size_t)k * sizeof *x);
				F[k] = fr;
			}
		} else if (fr < F[k - 1]) {
			memcpy(P[k], xr, (size_t)k * sizeof *x);
			F[k] = fr;
		} else {
			int outside = fr < F[k];
			for (int d = 0; d < k; d++)
				xe[d] = outside ? c[d] + 0.5 * (xr[d] - c[d]) : c[d] + 0.5 * (P[k][d] - c[d]);
			double fc = f(xe, ctx);
			nev++;
			if (fc < (outside ? fr : F[k])) {
				memcpy(P[k], xe, (size_t)k * sizeof *x);
				F[k] = fc;
			} else {
				for (int i = 1; i <= k; i++) {
					for (int d = 0; d < k; d++)
						P[i][d] = P[0][d] + 0.5 * (P[i][d] - P[0][d]);
					F[i] = f(P[i], ctx);
					nev++;
				}
			}
		}
	}
	memcpy(x, P[0], (size_t)k * sizeof *x);
	return F[0];
}


/*
 * Nelder-Mead as in Nash (1990, "Compact Numerical Methods", algorithm 19),
 * the variant R's optim and forecast::ets use: a first simplex with one
 * step, 10% of the largest |x_i|, on every coordinate; reflection 1,
 * contraction 1/2, expansion 2; stop when the worst and best values differ
 * by at most tol (|f(x0)| + tol), after maxeval evaluations, or when a
 * shrink does not reduce the simplex. Returns the minimum, x the best point.
 */
static double nm_nash(double (*f)(const double *x, void *ctx), void *ctx, double *x, int k,
                      int maxeval, double tol)
{
	double P[EC_NM_MAXK + 1][EC_NM_MAXK], F[EC_NM_MAXK + 1], c[EC_NM_MAXK], xr[EC_NM_MAXK],
	    xt[EC_NM_MAXK];
	double f0 = f(x, ctx), step = 0, size = 0;
	int nev = 1, L = 0;

	if (f0 >= BIG)
		return f0;
	double convtol = tol * (fabs(f0) + tol);
	for (int i = 0; i < k; i++)
		if (0.1 * fabs(x[i]) > step)
			step = 0.1 * fabs(x[i]);
	if (step == 0)
		step = 0.1;
	for (int j = 0; j <= k; j++)
		memcpy(P[j], x, (size_t)k * sizeof *x);
	F[0] = f0;
	for (int j = 1; j <= k; j++) {
		double ts = step;
		while (P[j][j - 1] == x[j - 1]) {
			P[j][j - 1] = x[j - 1] + ts;
			ts *= 10;
		}
		size += ts;
		F[j] = f(P[j], ctx);
		nev++;
	}
	double oldsize = size;
	for (;;) {
		int H = L;
		double VL = F[L], VH = VL;
		for (int j = 0; j <= k; j++) {
			if (F[j] < VL) {
				L = j;
				VL = F[j];
			}
			if (F[j] > VH) {
				H = j;
				VH = F[j];
			}
		}
		if (VH <= VL + convtol || nev > maxeval)
			break;
		for (int i = 0; i < k; i++) {
			double t = -P[H][i];
			for (int j = 0; j <= k; j++)
				t += P[j][i];
			c[i] = t / k;
		}
		for (int i = 0; i < k; i++)
			xr[i] = 2 * c[i] - P[H][i];
		double VR = f(xr, ctx);
		nev++;
		if (VR < VL) {
			for (int i = 0; i < k; i++)
				xt[i] = 2 * xr[i] - c[i];
			double fe = f(xt, ctx);
			nev++;
			if (fe < VR) {
				memcpy(P[H], xt, (size_t)k * sizeof *x);
				F[H] = fe;
			} else {
				memcpy(P[H], xr, (size_t)k * sizeof *x);
				F[H] = VR;
			}
			continue;
		}
		if (VR < VH) {
			memcpy(P[H], xr, (size_t)k * sizeof *x);
			F[H] = VR;
		}
		for (int i = 0; i < k; i++)
			xt[i] = 0.5 * P[H][i] + 0.5 * c[i];
		double fc = f(xt, ctx);
		nev++;
		if (fc < F[H]) {
			memcpy(P[H], xt, (size_t)k * sizeof *x);
			F[H] = fc;
		} else if (VR >= VH) {
			size = 0;
			for (int j = 0; j <= k; j++) {
				if (j == L)
					continue;
				for (int i = 0; i < k; i++) {
					P[j][i] = 0.5 * (P[j][i] - P[L][i]) + P[L][i];
					size += fabs(P[j][i] - P[L][i]);
				}
				F[j] = f(P[j], ctx);
				nev++;
			}
			if (size >= oldsize)
				break;
			oldsize = size;
		}
	}
	memcpy(x, P[L], (size_t)k * sizeof *x);
	return F[L];
}

/* ---- fitting ---- */

struct fitctx {
	const double *y;
	size_t n;
	struct ec_ets_model *p;
	int has_beta, has_gamma, has_phi, has_b;
	int nseas; /* free initial seasonal states s0[1..m-1] in x (0 or m - 1) */
};

static void unpack(const struct fitctx *c, const double *x)
{
	int i = 0;

	c->p->alpha = x[i++];
	if (c->has_beta)
		c->p->beta = x[i++];
	if (c->has_gamma)
		c->p->gamma = x[i++];
	if (c->has_phi)
		c->p->phi = x[i++];
	c->p->l0 = x[i++];
	if (c->has_b)
		c->p->b0 = x[i++];
	if (c->nseas > 0) {
		/* s0[0] makes the states sum to 0 (A) or m (M), as forecast::ets */
		double sum = 0;
		for (int j = 1; j <= c->nseas; j++)
			sum += c->p->s0[j] = x[i++];
		c->p->s0[0] = (c->p->season == EC_ETS_M ? c->p->m : 0) - sum;
	}
}

/*
 * The 'admissible' region of a seasonal model (HKOS 2008 sec. 10.2, as
 * forecast::ets's bounds = "both"): the discount matrix D = F - g w' has its
 * eigenvalues in the unit circle, i.e. the roots of
 *   z^(m+1) + (a+b-phi) z^m + (a+b-a phi) (z^(m-1) + .. + z^2)
 *     + (a+b-a phi+g-1) z + phi (1-a-g)
 * lie in |z| <= 1, checked by the Schur-Cohn step-down recursion (every
 * reflection coefficient |k| < 1) instead of finding the roots.
 */
static int seasonal_admissible(double a, double b, double g, double phi, int m)
{
	double c[EC_ETS_MAXM + 2], t[EC_ETS_MAXM + 2];
	int d = m + 1;

	if (g > 1 + 1 / phi - a || a < 1 - 1 / phi - g * (1 - m + phi + phi * m) / (2 * phi * m) ||
	    b < -(1 - phi) * (g / m + a))
		return 0;
	c[0] = 1;
	c[1] = a + b - phi;
	for (int i = 2; i < m; i++)
		c[i] = a + b - a * phi;
	c[m] = a + b - a * phi + g - 1;
	c[m + 1] = phi * (1 - a - g);
	for (; d > 0; d--) {
		double k = c[d];
		if (fabs(k) > 1 + 1e-10)
			return 0;
		if (fabs(k) >= 1 - 1e-12)
			return 1; /* a root on the circle: the boundary is admitted */
		double den = 1 - k * k;
		for (int i = 0; i < d; i++)
			t[i] = (c[i] - k * c[d - i]) / den;
		memcpy(c, t, (size_t)d * sizeof *c);
	}
	return 1;
}

static double objective(const double *x, void *ctx)
{
	struct fitctx *c = ctx;
	struct ec_ets_model *p = c->p;
	double sse, slog;

	unpack(c, x);
	/* the 'usual' region of forecast::ets */
	if (p->alpha < 1e-4 || p->alpha > 0.9999)
		return BIG;
	if (c->has_beta && (p->beta < 1e-4 || p->beta > p->alpha))
		return BIG;
	if (c->has_gamma && (p->gamma < 1e-4 || p->gamma > 1 - p->alpha))
		return BIG;
	if (c->has_phi && (p->phi < 0.8 || p->phi > 0.98))
		return BIG;
	if (p->season == EC_ETS_M)
		for (int j = 0; j < p->m; j++)
			if (p->s0[j] < 0)
				return BIG;
	if (c->has_gamma && !seasonal_admissible(p->alpha, c->has_beta ? p->beta : 0, p->gamma,
	                                         c->has_phi ? p->phi : 1, p->m))
		return BIG;
	return filter(c->y, c->n, p, &sse, &slog);
}

/* Least squares line through y[0..k) at t = 1..k: *a (value at t = 0), *b slope. */
static void line(const double *y, size_t k, double *a, double *b)
{
	double st = 0, sy = 0, stt = 0, sty = 0;

	for (size_t t = 0; t < k; t++) {
		double x = (double)(t + 1);
		st += x;
		sy += y[t];
		stt += x * x;
		sty += x * y[t];
	}
	double d = (double)k * stt - st * st;
	*b = k > 1 && d != 0 ? ((double)k * sty - st * sy) / d : 0;
	*a = (sy - *b * st) / (double)k;
}

/*
 * Initial states as forecast::ets's initstate: the seasonal figure of a
 * classical decomposition of the whole series (multiplicative indices at
 * least 0.01), then the level (and slope) from the mean (least squares line)
 * of the first max(10, 2m) seasonally adjusted values. The optimiser starts
 * from these.
 */
static int init_states(const double *y, size_t n, struct ec_ets_model *p)
{
	size_t k = p->season != EC_ETS_N && 2 * (size_t)p->m > 10 ? 2 * (size_t)p->m : 10;
	double tmp[2 * EC_ETS_MAXM > 10 ? 2 * EC_ETS_MAXM : 10];
	int m = p->m;

	if (k > n)
		k = n;
	if (p->season != EC_ETS_N) {
		double fig[EC_ETS_MAXM];
		if (ec_fc_decompose(y, n, m, p->season == EC_ETS_M, fig) < 0)
			return -1;
		if (p->season == EC_ETS_M) {
			double sum = 0;
			for (int j = 0; j < m; j++) {
				if (fig[j] < 0.01)
					fig[j] = 0.01;
				sum += fig[j];
			}
			for (int j = 0; j < m; j++) /* sum m, as the optimiser keeps it */
				fig[j] *= m / sum;
		}
		memcpy(p->s0, fig, (size_t)m * sizeof *fig);
		for (size_t t = 0; t < k; t++)
			tmp[t] = p->season == EC_ETS_M ? y[t] / fig[t % (size_t)m] : y[t] - fig[t % (size_t)m];
	} else {
		memcpy(tmp, y, k * sizeof *tmp);
	}
	double a, b;
	line(tmp, k, &a, &b);
	if (p->trend == EC_ETS_N) {
		p->l0 = 0;
		for (size_t t = 0; t < k; t++)
			p->l0 += tmp[t];
		p->l0 /= (double)k;
		p->b0 = 0;
	} else {
		p->l0 = a;
		p->b0 = b;
	}
	if ((p->error == EC_ETS_M || p->season == EC_ETS_M) && !(p->l0 > 0))
		p->l0 = tmp[0] > 0 ? tmp[0] : 1e-3;
	return 0;
}

static int count_params(const struct ec_ets_model *p)
{
	int np = 2; /* alpha, l0 */

	if (p->trend != EC_ETS_N)
		np += 2;
	if (p->trend == EC_ETS_AD)
		np++;
	if (p->season != EC_ETS_N)
		np += p->m; /* gamma and m - 1 free initial states */
	return np + 1; /* sigma */
}

/* rlike: non-seasonal models too are searched as forecast::ets does */
static int fit_impl(const double *y, size_t n, int m, int error, int trend, int season,
                    struct ec_ets_model *mod, int rlike, char *err, size_t errlen)
{
	struct ec_ets_model *p = mod;

	memset(p, 0, sizeof *p);
	p->error = error;
	p->trend = trend;
	p->season = season;
	p->m = season == EC_ETS_N ? 1 : m;
	p->phi = 1;
	p->n = n;
	if (season != EC_ETS_N && (m < 2 || m > EC_ETS_MAXM)) {
		snprintf(err, errlen, "season length %d out of 2..%d for a seasonal ETS", m,
		         EC_ETS_MAXM);
		return -1;
	}
	if (season != EC_ETS_N && n < 2 * (size_t)m) {
		snprintf(err, errlen, "%zu values are too few for a season of %d", n, m);
		return -1;
	}
	int np = count_params(p);
	if (n < 3 || (size_t)np + 1 >= n) {
		snprintf(err, errlen, "%zu values are too few for %d parameters", n, np);
		return -1;
	}
	if (error == EC_ETS_M || season == EC_ETS_M)
		for (size_t t = 0; t < n; t++)
			if (!(y[t] > 0)) {
				snprintf(err, errlen, "multiplicative model on data that are not all positive");
				return -1;
			}
	if (init_states(y, n, p) < 0) {
		snprintf(err, errlen, "cannot initialise the seasonal states");
		return -1;
	}
	struct fitctx c = { y, n, p, trend != EC_ETS_N, season != EC_ETS_N, trend == EC_ETS_AD,
	                    trend != EC_ETS_N, season != EC_ETS_N ? m - 1 : 0 };
	double x[EC_NM_MAXK];
	int k = 0;
	/* starting point: forecast::ets's initparam ('usual' bounds) and initstate */
	double a = 1e-4 + 0.2 * (0.9999 - 1e-4) / p->m;
	x[k++] = a;
	if (c.has_beta)
		x[k++] = 1e-4 + 0.1 * (a - 1e-4);
	if (c.has_gamma)
		x[k++] = 1e-4 + 0.05 * (1 - a - 1e-4);
	if (c.has_phi)
		x[k++] = 0.8 + 0.99 * (0.98 - 0.8);
	x[k++] = p->l0;
	if (c.has_b)
		x[k++] = p->b0;
	for (int j = 1; j <= c.nseas; j++)
		x[k++] = p->s0[j];
	/* forecast::ets: at most 2000 evaluations, relative tolerance sqrt(DBL_EPSILON) */
	double best = season != EC_ETS_N || rlike
	                  ? nm_nash(objective, &c, x, k, 2000, sqrt(DBL_EPSILON))
	                  : BIG;
	if (season == EC_ETS_N && !rlike) {
		/* the search of ec_ets_fit for ses, holt, damped and theta: from
		 * alpha 0.3 (0.2 with a trend) with per-coordinate steps and one
		 * restart, kept as the M4-style benchmarks were measured with it */
		double x2[EC_NM_MAXK], step[EC_NM_MAXK], scale = 0;
		for (size_t t = 0; t < n; t++)
			scale += fabs(y[t]);
		scale = scale / (double)n * 0.1 + 1e-8;
		int k2 = 0;
		x2[k2] = trend != EC_ETS_N ? 0.2 : 0.3;
		step[k2++] = 0.1;
		if (c.has_beta) {
			x2[k2] = 0.02;
			step[k2++] = 0.02;
		}
		if (c.has_phi) {
			x2[k2] = 0.9;
			step[k2++] = 0.04;
		}
		x2[k2] = p->l0;
		step[k2++] = scale;
		if (c.has_b) {
			x2[k2] = p->b0;
			step[k2++] = scale * 0.1;
		}
		double b2 = ec_nelder_mead(objective, &c, x2, step, k2, 50 * k2 + 50, 1e-7);
		for (int i = 0; i < k2; i++)
			step[i] *= 0.5;
		double b3 = ec_nelder_mead(objective, &c, x2, step, k2, 30 * k2 + 30, 1e-9);
		if (b3 < b2)
			b2 = b3;
		best = b2;
		memcpy(x, x2, (size_t)k2 * sizeof *x);
	}
	unpack(&c, x);
	if (best >= BIG) {
		snprintf(err, errlen, "no admissible parameters");
		return -1;
	}
	double sse, slog;
	filter(y, n, p, &sse, &slog);
	p->loglik = -0.5 * (double)n * (log(2 * M_PI * (sse > 0 ? sse : 1e-300) / (double)n) + 1) -
	            slog;
	p->np = np;
	p->aic = -2 * p->loglik + 2 * np;
	p->aicc = p->aic + 2.0 * np * (np + 1) / ((double)n - np - 1);
	p->bic = -2 * p->loglik + np * log((double)n);
	p->sigma2 = sse / ((double)n - np > 1 ? (double)n - np : 1);
	return 0;
}

int ec_ets_fit(const double *y, size_t n, int m, int error, int trend, int season,
               struct ec_ets_model *mod, char *err, size_t errlen)
{
	return fit_impl(y, n, m, error, trend, season, mod, 0, err, errlen);
}

void ec_ets_name(const struct ec_ets_model *mod, char *buf, size_t len)
{
	static const char *const tn[] = { "N", "A", "M", "Ad" };
	snprintf(buf, len, "ETS(%s,%s,%s)", tn[mod->error], tn[mod->trend], tn[mod->season]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;
	double fr = pos - i;
	return i + 1 < n ? v[i] * (1 - fr) + v[i + 1] * fr : v[n - 1];
}

void ec_ets_forecast(const struct ec_ets_model *mod, int h, int nsim, uint64_t seed,
                     struct ec_fc *out)
{
	const struct ec_ets_model *p = mod;
	int m = p->season == EC_ETS_N ? 1 : p->m;
	int j0 = (int)(p->n % (size_t)m);
	double ph = p->trend == EC_ETS_AD ? p->phi : 1, phsum = 0, php = 1;

	for (int j = 0; j < h; j++) {
		php *= ph;
		phsum += p->trend == EC_ETS_N ? 0 : php;
		double lb = p->l + phsum * p->b;
		double s = p->season == EC_ETS_N ? 0 : p->s[(j0 + j) % m];
		out->point[j] = p->season == EC_ETS_M ? lb * s : lb + s;
	}
	if (p->error == EC_ETS_A && p->season != EC_ETS_M) {
		/* class 1: var_j = sigma2 (1 + sum_{i<j} c_i^2), HKOS 2008 Table 6.1 */
		double acc = 1, cs = 0, pp = 1;
		double *sd = malloc((size_t)(h > 0 ? h : 1) * sizeof *sd);
		if (!sd)
			return;
		for (int j = 0; j < h; j++) {
			sd[j] = sqrt(p->sigma2 * acc);
			pp *= ph;
			cs += p->trend == EC_ETS_N ? 0 : pp;
			double c = p->alpha + (p->trend == EC_ETS_N ? 0 : p->beta * cs) +
			           (p->season != EC_ETS_N && (j + 1) % m == 0 ? p->gamma : 0);
			acc += c * c;
		}
		ec_fc_normal_intervals(out, sd, h);
		free(sd);
		return;
	}
	/* simulated sample paths */
	if (nsim < 10)
		nsim = 10;
	double *paths = malloc((size_t)nsim * (size_t)h * sizeof *paths);
	if (!paths)
		return;
	struct ec_rng rng;
	ec_rng_seed(&rng, seed);
	double sigma = sqrt(p->sigma2);
	for (int k = 0; k < nsim; k++) {
		double l = p->l, b = p->b, s[EC_ETS_MAXM];
		memcpy(s, p->s, sizeof s);
		int j = j0;
		for (int t = 0; t < h; t++) {
			double f = one_step(p->trend, p->season, l, b, p->phi, s[j]);
			double e = sigma * ec_rng_normal(&rng);
			double yv = p->error == EC_ETS_M ? f * (1 + e) : f + e;
			paths[(size_t)t * nsim + k] = yv;
			if (p->season == EC_ETS_N)
				s[0] = 0;
			update(p, yv, &l, &b, &s[j]);
			if (++j == m)
				j = 0;
		}
	}
	for (int t = 0; t < h; t++) {
		double *v = paths + (size_t)t * nsim;
		qsort(v, (size_t)nsim, sizeof *v, cmp_double);
		out->lo80[t] = quantile(v, nsim, 0.10);
		out->hi80[t] = quantile(v, nsim, 0.90);
		out->lo95[t] = quantile(v, nsim, 0.025);
		out->hi95[t] = quantile(v, nsim, 0.975);
	}
	free(paths);
}

int ec_ets_auto(const double *y, size_t n, int m, int h, uint64_t seed, struct ec_fc *out,
                char *desc, size_t desc_len, double *aicc, struct ec_ets_model *best,
                char *err, size_t errlen)
{
	struct ec_ets_model cur, top;
	int found = 0, positive = 1;
	char e2[256];

	for (size_t t = 0; t < n; t++)
		if (!(y[t] > 0))
			positive = 0;
	int seasonal = m > 1 && m <= EC_ETS_MAXM && n >= 2 * (size_t)m;
	for (int e = EC_ETS_A; e <= EC_ETS_M; e++) {
		if (e == EC_ETS_M && !positive)
			continue;
		for (int tr = 0; tr < 4; tr++) {
			if (tr == EC_ETS_M)
				continue;
			for (int s = 0; s <= EC_ETS_M; s++) {
				if (s != EC_ETS_N && !seasonal)
					continue;
				if (s == EC_ETS_M && (e == EC_ETS_A || !positive))
					continue;
				if (fit_impl(y, n, m, e, tr, s, &cur, 1, e2, sizeof e2) < 0)
					continue;
				if (!isfinite(cur.aicc))
					continue;
				if (!found || cur.aicc < top.aicc) {
					top = cur;
					found = 1;
				}
			}
		}
	}
	if (!found) {
		snprintf(err, errlen, "no ETS model can be fitted to %zu values", n);
		return -1;
	}
	ec_ets_forecast(&top, h, 500, seed, out);
	if (desc)
		ec_ets_name(&top, desc, desc_len);
	if (aicc)
		*aicc = top.aicc;
	if (best)
		*best = top;
	return 0;
}
