/*
 * ec_price: elasticity fit, constrained price optimisation and the market
 * simulator with its policies (see ec_price.h for the models and sources).
 *
 * The regression is small and dense (n periods x at most 11 columns), so it
 * goes through LAPACK's Householder QR on the design matrix itself rather
 * than the normal equations: the condition number is not squared, and a
 * column that adds nothing shows up as a tiny diagonal of R, which is how
 * controls that are collinear with price on a given item are dropped.
 */
#include "ec_price.h"

#include "ec_rng.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* LAPACK (Fortran calling convention; hidden string lengths at the end). */
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
             const int *lwork, int *info);
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k,
             const double *a, const int *lda, const double *tau, double *c, const int *ldc,
             double *work, const int *lwork, int *info, size_t l1, size_t l2);
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const double *a, const int *lda, double *b, const int *ldb,
             int *info, size_t l1, size_t l2, size_t l3);
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda,
             int *info, size_t l1, size_t l2);

const char *ec_price_method_name(enum ec_price_method m)
{
	switch (m) {
	case EC_PRICE_OLS: return "ols";
	case EC_PRICE_EB: return "eb";
	case EC_PRICE_CATEGORY: return "category";
	case EC_PRICE_GLOBAL: return "global";
	default: return "none";
	}
}

/* ---- Student t ---- */

/* Continued fraction of the regularised incomplete beta (modified Lentz). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 300; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

static double ibeta(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
	if (x < (a + 1) / (a + b + 2))
		return exp(lbt) * betacf(a, b, x) / a;
	return 1 - exp(lbt) * betacf(b, a, 1 - x) / b;
}

static double t_cdf(double t, double df)
{
	if (df >= 1e6)
		return 0.5 * erfc(-t / sqrt(2));
	double x = df / (df + t * t);
	double tail = 0.5 * ibeta(df / 2, 0.5, x);
	return t > 0 ? 1 - tail : tail;
}

double ec_price_t_quantile(double p, double df)
{
	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	/* the 95% interval's quantile for whole degrees of freedom is asked
	 * for once per item: kept in a table (per thread) */
	static _Thread_local double q975[1024];
	int slot = p == 0.975 && df < 1024 && df == floor(df) ? (int)df : 0;
	if (slot && q975[slot] != 0)
		return q975[slot];
	static _Thread_local double last_p = -1, last_df = -1, last_q;
	if (p == last_p && df == last_df)
		return last_q;
	double lo = -1e3, hi = 1e3;
	for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
		double mid = 0.5 * (lo + hi);
		if (t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	last_p = p;
	last_df = df;
	last_q = 0.5 * (lo + hi);
	if (slot)
		q975[slot] = last_q;
	return last_q;
}

/* ---- fit ---- */

static int cmp_obs(const void *a, const void *b)
{
	const struct ec_price_obs *x = a, *y = b;
	return (x->ts > y->ts) - (x->ts < y->ts);
}

static int weekday(int64_t ts)
{
	int64_t d = ts >= 0 ? ts / 86400 : -((-ts + 86399) / 86400);
	return (int)(((d + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday; Monday = 0 */
}

enum { C_ICPT, C_LOGP, C_PROMO, C_COMP, C_TREND, C_DOW1, C_NCOL = C_DOW1 + 6 };

/* Columns dropped first when degrees of freedom or rank run short. */
static const int drop_order[] = { C_DOW1 + 5, C_DOW1 + 4, C_DOW1 + 3, C_DOW1 + 2, C_DOW1 + 1,
                                  C_DOW1, C_TREND, C_COMP, C_PROMO };

static double column_value(const struct ec_price_obs *o, int c, int64_t t0)
{
	switch (c) {
	case C_ICPT: return 1;
	case C_LOGP: return log(o->price);
	case C_PROMO: return o->promo ? 1 : 0;
	case C_COMP: return log(o->comp);
	case C_TREND: return (double)(o->ts - t0) / (365.0 * 86400);
	default: return weekday(o->ts) == c - C_DOW1 + 1 ? 1 : 0;
	}
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

int ec_price_fit_item(struct ec_price_obs *obs, size_t n, struct ec_price_fit *f, char *err,
                      size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->elasticity = f->se = f->lo95 = f->hi95 = f->ols = f->ols_se = NAN;
	f->intercept = f->promo = f->comp = f->trend = f->sigma = f->r2 = NAN;
	for (int k = 0; k < 7; k++)
		f->dow[k] = NAN;
	f->cost = f->comp_ref = NAN;
	f->n = n;
	f->method = EC_PRICE_NONE;
	if (n == 0)
		return 0;
	qsort(obs, n, sizeof *obs, cmp_obs);
	int promo_var = 0, comp_all = 1, comp_var = 0, daily = 0;
	int dow_seen[7] = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (i && obs[i].price != obs[i - 1].price)
			f->price_changes++;
		if (obs[i].promo != obs[0].promo)
			promo_var = 1;
		if (!(obs[i].comp > 0))
			comp_all = 0;
		else if (obs[i].comp != obs[0].comp)
			comp_var = 1;
		if (i && obs[i].ts > obs[i - 1].ts && obs[i].ts - obs[i - 1].ts <= 86400)
			daily = 1;
		dow_seen[weekday(obs[i].ts)] = 1;
	}
	f->price_ref = obs[n - 1].price;
	f->comp_ref = obs[n - 1].comp > 0 ? obs[n - 1].comp : NAN;

	int use[C_NCOL] = { 0 };
	use[C_ICPT] = use[C_LOGP] = 1;
	use[C_PROMO] = promo_var;
	use[C_COMP] = comp_all && comp_var;
	use[C_TREND] = obs[n - 1].ts > obs[0].ts;
	int ndow = 0;
	for (int k = 0; k < 7; k++)
		ndow += dow_seen[k];
	for (int k = 1; k < 7; k++)
		use[C_DOW1 + k - 1] = daily && ndow > 1 && dow_seen[k];
	/* at least two degrees of freedom for sigma */
	for (size_t d = 0;; d++) {
		int p = 0;
		for (int c = 0; c < C_NCOL; c++)
			p += use[c];
		if ((long)n - p >= 2 || d >= sizeof drop_order / sizeof *drop_order)
			break;
		use[drop_order[d]] = 0;
	}

	double *x = NULL, *y = NULL, *tau = NULL, *work = NULL, *qty = NULL;
	int ret = 0;
	double elast = NAN;
	int p = 0;
	for (int c = 0; c < C_NCOL; c++)
		p += use[c];
	if (f->price_changes == 0 || (long)n - p < 2)
		goto qref;
	x = malloc(n * (size_t)C_NCOL * sizeof *x);
	y = malloc(n * sizeof *y);
	tau = malloc(C_NCOL * sizeof *tau);
	int lwork = 64 * C_NCOL + (int)n;
	work = malloc((size_t)lwork * sizeof *work);
	if (!x || !y || !tau || !work) {
		set_err(err, errlen, "out of memory");
		ret = -1;
		goto out;
	}
	for (;;) {
		int cols[C_NCOL];
		p = 0;
		for (int c = 0; c < C_NCOL; c++)
			if (use[c])
				cols[p++] = c;
		if ((long)n - p < 2)
			goto qref;
		double norm[C_NCOL];
		for (int j = 0; j < p; j++) {
			double s = 0;
			for (size_t i = 0; i < n; i++) {
				double v = column_value(&obs[i], cols[j], obs[0].ts);
				x[(size_t)j * n + i] = v;
				s += v * v;
			}
			norm[j] = sqrt(s);
		}
		double ybar = 0;
		for (size_t i = 0; i < n; i++) {
			y[i] = log(obs[i].qty + 0.5);
			ybar += y[i];
		}
		ybar /= (double)n;
		int m = (int)n, nc = p, info = 0, one = 1;
		dgeqrf_(&m, &nc, x, &m, tau, work, &lwork, &info);
		if (info) {
			set_err(err, errlen, "LAPACK dgeqrf failed");
			ret = -1;
			goto out;
		}
		int bad = -1;
		for (int j = 0; j < p; j++)
			if (!(fabs(x[(size_t)j * n + j]) > 1e-9 * (norm[j] > 0 ? norm[j] : 1))) {
				bad = j;
				break;
			}
		if (bad >= 0) {
			if (cols[bad] == C_LOGP || cols[bad] == C_ICPT)
				goto qref; /* price carries no information of its own */
			use[cols[bad]] = 0;
			continue;
		}
		dormqr_("L", "T", &m, &one, &nc, x, &m, tau, y, &m, work, &lwork, &info, 1, 1);
		if (info) {
			set_err(err, errlen, "LAPACK dormqr failed");
			ret = -1;
			goto out;
		}
		double rss = 0;
		for (size_t i = (size_t)p; i < n; i++)
			rss += y[i] * y[i];
		dtrtrs_("U", "N", "N", &nc, &one, x, &m, y, &m, &info, 1, 1, 1);
		if (info) {
			set_err(err, errlen, "LAPACK dtrtrs failed");
			ret = -1;
			goto out;
		}
		dtrtri_("U", "N", &nc, x, &m, &info, 1, 1);
		if (info) {
			set_err(err, errlen, "LAPACK dtrtri failed");
			ret = -1;
			goto out;
		}
		double tss = 0;
		for (size_t i = 0; i < n; i++) {
			double d = log(obs[i].qty + 0.5) - ybar;
			tss += d * d;
		}
		f->df = (double)n - p;
		double s2 = rss / f->df;
		f->sigma = sqrt(s2);
		f->r2 = tss > 1e-12 * (double)n ? 1 - rss / tss : NAN;
		for (int j = 0; j < p; j++) {
			double v = 0; /* row j of R^-1 (upper triangular), squared */
			for (int k = j; k < p; k++) {
				double r = x[(size_t)k * n + j];
				v += r * r;
			}
			double b = y[j], se = sqrt(s2 * v);
			switch (cols[j]) {
			case C_ICPT: f->intercept = b; break;
			case C_LOGP: f->ols = b; f->ols_se = se; break;
			case C_PROMO: f->promo = b; break;
			case C_COMP: f->comp = b; break;
			case C_TREND: f->trend = b; break;
			default: f->dow[cols[j] - C_DOW1 + 1] = b; break;
			}
		}
		if (use[C_DOW1] || use[C_DOW1 + 1] || use[C_DOW1 + 2] || use[C_DOW1 + 3] ||
		    use[C_DOW1 + 4] || use[C_DOW1 + 5])
			f->dow[0] = 0;
		break;
	}
	/* a quantity that never varies says nothing about price (its
	 * standard error is rounding noise) */
	if (isfinite(f->ols) && isfinite(f->ols_se) && f->ols_se > 0 && isfinite(f->r2)) {
		f->method = EC_PRICE_OLS;
		elast = f->ols;
		double tq = ec_price_t_quantile(0.975, f->df);
		f->elasticity = f->ols;
		f->se = f->ols_se;
		f->lo95 = f->ols - tq * f->ols_se;
		f->hi95 = f->ols + tq * f->ols_se;
	} else {
		f->ols = f->ols_se = NAN;
	}
qref:;
	/* Expected qty at the last price: the recent non-promotion periods
	 * moved to that price along the estimated curve. */
	double s = 0;
	size_t cnt = 0;
	double e = isfinite(elast) ? elast : 0;
	for (size_t i = n; i-- > 0 && cnt < 28;) {
		if (obs[i].promo && promo_var)
			continue;
		s += obs[i].qty * pow(f->price_ref / obs[i].price, e);
		cnt++;
	}
	if (!cnt)
		for (size_t i = n; i-- > 0 && cnt < 28; cnt++)
			s += obs[i].qty * pow(f->price_ref / obs[i].price, e);
	f->qty_ref = s / (double)cnt;
out:
	free(x);
	free(y);
	free(tau);
	free(work);
	free(qty);
	return ret;
}

void ec_price_dersimonian_laird(const double *e, const double *s, size_t k, double *mu,
                                double *se_mu, double *tau2)
{
	double sw = 0, sw2 = 0, swe = 0;
	for (size_t i = 0; i < k; i++) {
		double w = 1 / (s[i] * s[i]);
		sw += w;
		sw2 += w * w;
		swe += w * e[i];
	}
	double mfe = swe / sw, q = 0;
	for (size_t i = 0; i < k; i++) {
		double d = e[i] - mfe;
		q += d * d / (s[i] * s[i]);
	}
	double t2 = 0;
	if (k > 1) {
		double den = sw - sw2 / sw;
		t2 = den > 0 ? (q - (double)(k - 1)) / den : 0;
		if (t2 < 0)
			t2 = 0;
	}
	double rw = 0, rwe = 0;
	for (size_t i = 0; i < k; i++) {
		double w = 1 / (s[i] * s[i] + t2);
		rw += w;
		rwe += w * e[i];
	}
	*mu = rwe / rw;
	*se_mu = sqrt(1 / rw);
	*tau2 = t2;
}

/* Pool of one category (or of all items). */
struct pool {
	double mu, se_mu, tau2, df;
	size_t k;
};

static int make_pool(const struct ec_price_fit *fits, const size_t *idx, size_t k,
                     struct pool *P)
{
	P->k = k;
	P->mu = P->se_mu = P->tau2 = NAN;
	P->df = 1;
	if (!k)
		return 0;
	double *e = malloc(2 * k * sizeof *e);
	if (!e)
		return -1;
	double *s = e + k;
	for (size_t i = 0; i < k; i++) {
		e[i] = fits[idx[i]].ols;
		s[i] = fits[idx[i]].ols_se;
	}
	ec_price_dersimonian_laird(e, s, k, &P->mu, &P->se_mu, &P->tau2);
	P->df = k > 1 ? (double)(k - 1) : 1;
	free(e);
	return 0;
}

#define MIN_POOL 3 /* a category with fewer OLS items borrows the global pool */

int ec_price_shrink(struct ec_price_fit *fits, const size_t *cat, size_t n, size_t ncat,
                    int pool, struct ec_price_pool *pools)
{
	size_t *idx = calloc(n + 1, sizeof *idx);
	size_t *cnt = calloc(ncat + 1, sizeof *cnt);
	size_t *start = calloc(ncat + 2, sizeof *start);
	struct pool *P = calloc(ncat + 1, sizeof *P);
	if (!idx || !cnt || !start || !P) {
		free(idx);
		free(cnt);
		free(start);
		free(P);
		return -1;
	}
	int ret = 0;
	size_t kg = 0;
	for (size_t i = 0; i < n; i++)
		if (fits[i].method == EC_PRICE_OLS)
			idx[kg++] = i;
	struct pool G;
	if (make_pool(fits, idx, kg, &G) < 0)
		ret = -1;
	for (size_t i = 0; i < n; i++)
		if (fits[i].method == EC_PRICE_OLS)
			cnt[cat[i]]++;
	for (size_t c = 0; c < ncat; c++)
		start[c + 1] = start[c] + cnt[c];
	memset(cnt, 0, (ncat + 1) * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		if (fits[i].method == EC_PRICE_OLS)
			idx[start[cat[i]] + cnt[cat[i]]++] = i;
	for (size_t c = 0; c < ncat && !ret; c++) {
		if (cnt[c] >= MIN_POOL) {
			if (make_pool(fits, idx + start[c], cnt[c], &P[c]) < 0)
				ret = -1;
		} else {
			P[c] = G;
		}
	}
	for (size_t c = 0; pools && c <= ncat; c++) {
		const struct pool *q = c < ncat ? &P[c] : &G;
		pools[c] = (struct ec_price_pool){ c < ncat ? cnt[c] : kg, q->mu, q->se_mu, q->tau2,
			                           q->df, c < ncat && cnt[c] < MIN_POOL };
	}
	for (size_t i = 0; i < n && !ret; i++) {
		struct ec_price_fit *f = &fits[i];
		const struct pool *q = &P[cat[i]];
		if (f->method == EC_PRICE_OLS) {
			if (!pool || !(q->k >= 2) || !isfinite(q->mu))
				continue;
			double s2 = f->ols_se * f->ols_se;
			double B = q->tau2 > 0 ? s2 / (s2 + q->tau2) : 1;
			f->shrink = B;
			f->elasticity = B * q->mu + (1 - B) * f->ols;
			f->se = sqrt((1 - B) * s2 + B * B * q->se_mu * q->se_mu);
			f->method = EC_PRICE_EB;
		} else if (isfinite(q->mu)) {
			f->method = q == &P[cat[i]] && cnt[cat[i]] >= MIN_POOL ? EC_PRICE_CATEGORY
			                                                      : EC_PRICE_GLOBAL;
			f->shrink = 1;
			f->elasticity = q->mu;
			f->se = sqrt(q->tau2 + q->se_mu * q->se_mu);
			f->df = q->df;
		} else {
			continue;
		}
		double tq = ec_price_t_quantile(0.975, f->df > 0 ? f->df : 1);
		f->lo95 = f->elasticity - tq * f->se;
		f->hi95 = f->elasticity + tq * f->se;
	}
	free(idx);
	free(cnt);
	free(start);
	free(P);
	return ret;
}

/* ---- optimise ---- */

const char *ec_price_binding_name(int b)
{
	static const char *const names[] = { "none", "min_price", "max_price", "min_margin",
		                             "max_change", "max_change", "comp_band", "comp_band",
		                             "stock", "no_elasticity" };
	return b >= 0 && b <= EC_BIND_NO_ELASTICITY ? names[b] : "none";
}

static double demand(const struct ec_price_item *it, double e, double p)
{
	return it->qty0 * pow(p / it->price, e);
}

static double objective(const struct ec_price_item *it, const struct ec_price_opts *o, double p)
{
	double e = isfinite(it->elasticity) ? it->elasticity : 0;
	double q = demand(it, e, p);
	switch (o->objective) {
	case EC_PRICE_PROFIT:
		if (isfinite(it->cost))
			return (p - it->cost) * q;
		return p * q;
	case EC_PRICE_REVENUE:
		return p * q;
	default:
		return -fabs(q * o->periods_left - it->stock);
	}
}

/* A side of the feasible interval with the constraint that sets it. */
struct bound {
	double v;
	int tag;
};

static void money(char *b, size_t n, double v)
{
	snprintf(b, n, "%.2f", v);
}

int ec_price_optimize(const struct ec_price_item *it, const struct ec_price_opts *o,
                      struct ec_price_rec *r)
{
	memset(r, 0, sizeof *r);
	if (!(it->price > 0))
		return -1;
	double p0 = it->price, c = it->cost, e = it->elasticity;
	char note[96] = "";
	/* lower and upper bounds, strongest priority first */
	struct bound lo[8], hi[8];
	int nlo = 0, nhi = 0;
	int prio_lo[8], prio_hi[8]; /* 0 change limit, 1 catalog, 2 margin, 3 stock, 4 comp */
	if (isfinite(o->max_change)) {
		lo[nlo] = (struct bound){ p0 * (1 - o->max_change), EC_BIND_MAX_CHANGE_DOWN };
		prio_lo[nlo++] = 0;
		hi[nhi] = (struct bound){ p0 * (1 + o->max_change), EC_BIND_MAX_CHANGE_UP };
		prio_hi[nhi++] = 0;
	}
	if (isfinite(it->min_price)) {
		lo[nlo] = (struct bound){ it->min_price, EC_BIND_MIN_PRICE };
		prio_lo[nlo++] = 1;
	}
	if (isfinite(it->max_price)) {
		hi[nhi] = (struct bound){ it->max_price, EC_BIND_MAX_PRICE };
		prio_hi[nhi++] = 1;
	}
	if (isfinite(o->min_margin) && isfinite(c) && o->min_margin < 1) {
		lo[nlo] = (struct bound){ c / (1 - o->min_margin), EC_BIND_MIN_MARGIN };
		prio_lo[nlo++] = 2;
	}
	if (o->cover > 0 && isfinite(it->stock) && it->stock > 0 && it->qty0 > 0 &&
	    isfinite(e) && e < 0) {
		/* q(p) * cover <= stock */
		double ps = p0 * pow(it->stock / (o->cover * it->qty0), 1 / e);
		if (ps > 0 && isfinite(ps)) {
			lo[nlo] = (struct bound){ ps, EC_BIND_STOCK };
			prio_lo[nlo++] = 3;
		}
	}
	if (isfinite(o->comp_band) && isfinite(it->comp) && it->comp > 0) {
		lo[nlo] = (struct bound){ it->comp * (1 - o->comp_band), EC_BIND_COMP_LOW };
		prio_lo[nlo++] = 4;
		hi[nhi] = (struct bound){ it->comp * (1 + o->comp_band), EC_BIND_COMP_HIGH };
		prio_hi[nhi++] = 4;
	}
	/* drop the weakest constraints until the interval is not empty */
	struct bound L, U;
	int lim = 4;
	for (int limit = 4;; limit--) {
		L = (struct bound){ 0, EC_BIND_NONE };
		U = (struct bound){ INFINITY, EC_BIND_NONE };
		for (int i = 0; i < nlo; i++)
			if (prio_lo[i] <= limit && lo[i].v > L.v)
				L = lo[i];
		for (int i = 0; i < nhi; i++)
			if (prio_hi[i] <= limit && hi[i].v < U.v)
				U = hi[i];
		if (L.v <= U.v * (1 + 1e-12))
			break;
		static const char *const what[] = { "", "catalog bounds", "min margin",
			                            "stock cover", "competitor band" };
		snprintf(note, sizeof note, "; %s cannot hold: as close as the others allow",
		         what[limit]);
		if (limit == 0) /* cannot happen: the change limit alone is an interval */
			break;
		lim = limit - 1;
	}
	/* a constraint that had to give way still pulls the price as far as
	 * the stronger ones allow */
	for (int pr = lim + 1; pr <= 4; pr++) {
		for (int i = 0; i < nlo; i++)
			if (prio_lo[i] == pr && lo[i].v > L.v) {
				double v = lo[i].v < U.v ? lo[i].v : U.v;
				if (v > L.v)
					L = (struct bound){ v, v >= U.v ? U.tag : lo[i].tag };
			}
		for (int i = 0; i < nhi; i++)
			if (prio_hi[i] == pr && hi[i].v < U.v) {
				double v = hi[i].v > L.v ? hi[i].v : L.v;
				if (v < U.v)
					U = (struct bound){ v, v <= L.v ? L.tag : hi[i].tag };
			}
	}
	/* the unconstrained optimum */
	double target;
	char why[96];
	int ok = 1;
	if (!isfinite(e)) {
		target = p0;
		snprintf(why, sizeof why, "no elasticity: price kept");
		ok = 0;
	} else if (e >= 0) {
		/* demand that rises with price is a confounded estimate (promotions,
		 * seasons), not a reason to raise the price to its ceiling */
		target = p0;
		snprintf(why, sizeof why, "elasticity %.2f is not negative: price kept", e);
		ok = 0;
	} else if (o->objective == EC_PRICE_CLEARANCE) {
		if (isfinite(it->stock) && it->stock > 0 && it->qty0 > 0 && o->periods_left > 0 && e < 0) {
			target = p0 * pow(it->stock / (o->periods_left * it->qty0), 1 / e);
			char b[32];
			money(b, sizeof b, target);
			snprintf(why, sizeof why, "sells the stock of %.0f by the date at %s", it->stock, b);
		} else {
			target = p0;
			snprintf(why, sizeof why, "no stock or demand to clear: price kept");
		}
	} else if (o->objective == EC_PRICE_PROFIT && isfinite(c)) {
		if (e < -1) {
			target = c * e / (1 + e);
			char b[32];
			money(b, sizeof b, target);
			snprintf(why, sizeof why, "Lerner optimum %s (elasticity %.2f)", b, e);
		} else {
			target = INFINITY;
			snprintf(why, sizeof why, "inelastic demand (%.2f): profit rises with price", e);
		}
	} else {
		if (e < -1) {
			target = 0;
			snprintf(why, sizeof why, "elastic demand (%.2f): revenue rises as price falls", e);
		} else if (e > -1) {
			target = INFINITY;
			snprintf(why, sizeof why, "inelastic demand (%.2f): revenue rises with price", e);
		} else {
			target = p0;
			snprintf(why, sizeof why, "unit elasticity: revenue flat, price kept");
		}
		if (o->objective == EC_PRICE_PROFIT)
			strncat(why, " (no cost: revenue)", sizeof why - strlen(why) - 1);
	}
	double p = target;
	r->binding = ok ? EC_BIND_NONE : EC_BIND_NO_ELASTICITY;
	if (p < L.v) {
		p = L.v;
		r->binding = L.tag;
	} else if (p > U.v) {
		p = U.v;
		r->binding = U.tag;
	}
	if (!isfinite(p) || p <= 0) {
		/* no bound on the side the objective pushes to */
		p = p0;
		r->binding = ok ? EC_BIND_NONE : EC_BIND_NO_ELASTICITY;
		strncat(why, "; no bound on that side: price kept", sizeof why - strlen(why) - 1);
	}
	/* price ending: the best candidate x.99 inside the bounds */
	double lo_v = L.v, hi_v = U.v;
	if (isfinite(o->ending)) {
		double fl = floor(p), best = NAN, bo = -INFINITY;
		for (int k = -1; k <= 1; k++) {
			double q = fl + k + o->ending;
			if (q <= 0 || q < lo_v - 1e-9 || q > hi_v + 1e-9)
				continue;
			double v = ok ? objective(it, o, q) : -fabs(q - p);
			if (!isfinite(best) || v > bo + 1e-12 * fabs(bo) ||
			    (fabs(v - bo) <= 1e-12 * fabs(bo) && fabs(q - p) < fabs(best - p))) {
				best = q;
				bo = v;
			}
		}
		if (isfinite(best)) {
			if (fabs(best - p) > 0.005) {
				char eb[48];
				snprintf(eb, sizeof eb, "; price ending %.2f", best);
				strncat(note, eb, sizeof note - strlen(note) - 1);
			}
			p = best;
		} else
			strncat(note, "; no price ending fits the bounds", sizeof note - strlen(note) - 1);
	}
	/* whole cents inside the bounds */
	double cents = round(p * 100) / 100;
	if (cents < lo_v - 1e-9)
		cents = ceil(p * 100 - 1e-6) / 100;
	if (cents > hi_v + 1e-9)
		cents = floor(p * 100 + 1e-6) / 100;
	p = cents;
	r->price = p;
	char bs[32];
	money(bs, sizeof bs, L.tag == r->binding ? L.v : U.v);
	switch (r->binding) {
	case EC_BIND_NONE:
	case EC_BIND_NO_ELASTICITY:
		snprintf(r->reason, sizeof r->reason, "%s%s", why, note);
		break;
	default:
		snprintf(r->reason, sizeof r->reason, "%s; held at %s by %s%s", why, bs,
		         ec_price_binding_name(r->binding), note);
	}
	double ee = isfinite(e) ? e : 0;
	double elo = isfinite(it->lo95) ? it->lo95 : ee, ehi = isfinite(it->hi95) ? it->hi95 : ee;
	double q = demand(it, ee, p), q1 = demand(it, elo, p), q2 = demand(it, ehi, p);
	r->qty = q;
	r->qty_lo = q1 < q2 ? q1 : q2;
	r->qty_hi = q1 < q2 ? q2 : q1;
	r->revenue = p * q;
	r->revenue_lo = p * r->qty_lo;
	r->revenue_hi = p * r->qty_hi;
	if (isfinite(c)) {
		double m = p - c;
		r->profit = m * q;
		r->profit_lo = m >= 0 ? m * r->qty_lo : m * r->qty_hi;
		r->profit_hi = m >= 0 ? m * r->qty_hi : m * r->qty_lo;
	} else {
		r->profit = r->profit_lo = r->profit_hi = NAN;
	}
	return 0;
}

/* ---- LP ---- */

double ec_price_lp(const double *r, const double *d, size_t K, double cap, double *x)
{
	double best = 0;
	size_t bk = K, bl = K;
	double bxk = 0, bxl = 0;
	for (size_t k = 0; k < K; k++)
		x[k] = 0;
	/* one price: x_k = min(1, cap / d_k) */
	for (size_t k = 0; k < K; k++) {
		if (r[k] <= 0)
			continue;
		double xk = d[k] > cap ? cap / d[k] : 1;
		if (r[k] * xk > best) {
			best = r[k] * xk;
			bk = k;
			bl = K;
			bxk = xk;
		}
	}
	/* two prices with both constraints tight */
	for (size_t k = 0; k < K; k++)
		for (size_t l = k + 1; l < K; l++) {
			if (d[k] == d[l])
				continue;
			double xk = (cap - d[l]) / (d[k] - d[l]), xl = 1 - xk;
			if (xk < 0 || xl < 0)
				continue;
			double v = r[k] * xk + r[l] * xl;
			if (v > best + 1e-15) {
				best = v;
				bk = k;
				bl = l;
				bxk = xk;
				bxl = xl;
			}
		}
	if (bk < K)
		x[bk] = bxk;
	if (bl < K)
		x[bl] = bxl;
	return best;
}

/* ---- simulator ---- */

const char *ec_price_policy_name(int p)
{
	static const char *const names[] = { "static", "daily", "greedy", "ts", "ts-lp", "dqn",
		                             "oracle-daily", "oracle" };
	return p >= 0 && p < EC_POL_N ? names[p] : "?";
}

int ec_price_policy_parse(const char *s)
{
	for (int p = 0; p < EC_POL_N; p++)
		if (!strcmp(s, ec_price_policy_name(p)))
			return p;
	return -1;
}

static double hour_profile(size_t t)
{
	return 1 + 0.5 * cos(2 * M_PI * ((double)(t % 24) - 20) / 24);
}

double ec_price_market_rate(const struct ec_price_market *m, const double *comp, size_t t,
                            double p)
{
	double eh = m->elasticity * (1 + m->wtp_amp * cos(2 * M_PI * ((double)(t % 24) - 4) / 24));
	return m->base * hour_profile(t) * pow(p / m->p_ref, eh) *
	       pow(comp[t] / m->p_ref, m->comp_effect);
}

void ec_price_market_comp(const struct ec_price_market *m, double *comp)
{
	struct ec_rng r;
	ec_rng_seed_stream(&r, m->seed, 11);
	double x = 0;
	for (size_t t = 0; t < m->periods; t++) {
		x = 0.97 * x + 0.03 * ec_rng_normal(&r);
		if (ec_rng_uniform(&r) < 0.01) /* a competitor's sale */
			x -= 0.15;
		comp[t] = m->p_ref * exp(x);
	}
}

void ec_price_grid(double p_ref, double lo, double hi, size_t K, double *grid)
{
	for (size_t k = 0; k < K; k++)
		grid[k] = p_ref * (K > 1 ? lo * pow(hi / lo, (double)k / (double)(K - 1)) : 1);
}

void ec_price_market_draw(struct ec_price_market *m, uint64_t seed, size_t periods,
                          double wtp_amp)
{
	struct ec_rng r;
	ec_rng_seed_stream(&r, seed, 7);
	memset(m, 0, sizeof *m);
	m->p_ref = 100;
	m->cost = 45 + 15 * ec_rng_uniform(&r);
	double e = -2 + 0.4 * ec_rng_normal(&r);
	m->elasticity = e < -3.5 ? -3.5 : e > -1.2 ? -1.2 : e;
	m->wtp_amp = wtp_amp;
	m->base = 2 * ec_rng_lognormal(&r, 0, 0.3);
	m->comp_effect = 1;
	m->periods = periods;
	m->seed = seed;
	m->stock = floor(0.8 * m->base * (double)periods);
}

/* Poisson quantile by sequential search from one uniform: one draw per
 * period whatever the rate, so every policy sees the same noise. */
static double poisson_inv(double lambda, double u)
{
	if (lambda <= 0)
		return 0;
	if (lambda > 500) { /* normal approximation, never reached by the defaults */
		double k = floor(lambda + sqrt(lambda) * ec_price_t_quantile(u, 1e9) + 0.5);
		return k > 0 ? k : 0;
	}
	double pk = exp(-lambda), c = pk;
	double k = 0;
	while (u > c && k < 10000) {
		k++;
		pk *= lambda / k;
		c += pk;
	}
	return k;
}

void ec_price_dqn_state(const struct ec_price_market *m, const double *comp, size_t t,
                        double stock_left, double recent, float *s)
{
	double h = 2 * M_PI * (double)(t % 24) / 24;
	s[0] = (float)sin(h);
	s[1] = (float)cos(h);
	s[2] = (float)(m->stock > 0 ? stock_left / m->stock : 0);
	s[3] = (float)((double)(m->periods - t) / (double)m->periods);
	s[4] = (float)(comp[t] / m->p_ref - 1);
	s[5] = (float)(recent / (m->base > 0 ? m->base : 1) - 1);
	double pace = stock_left / (double)(m->periods - t);
	double r = recent > 0.05 * m->base ? recent : 0.05 * m->base;
	double x = pace / r - 1;
	s[6] = (float)(x > 5 ? 5 : x);
}

struct sim {
	const struct ec_price_market *m;
	const double *grid;
	size_t K, T;
	double *comp, *rate, *u; /* rate[t * K + k] */
	int *plan;               /* oracle: grid index per period */
};

/* Lagrangian of the stock: each period's price maximises
 * (p - c - mu) rate_t(p); mu >= 0 is the smallest that keeps the expected
 * sales of the periods left within the stock (bisection). `day` prices by
 * whole days (one price for the 24 hours). */
static int oracle_pick(const struct sim *s, size_t t0, size_t t1, double mu)
{
	int bk = (int)s->K - 1;
	double bv = 0;
	for (size_t k = 0; k < s->K; k++) {
		double v = 0;
		for (size_t t = t0; t < t1; t++)
			v += (s->grid[k] - s->m->cost - mu) * s->rate[t * s->K + k];
		if (v > bv) {
			bv = v;
			bk = (int)k;
		}
	}
	return bk;
}

static double oracle_fill(struct sim *s, size_t t0, double mu, int day)
{
	double sold = 0;
	for (size_t t = t0; t < s->T;) {
		size_t t1 = day ? (t / 24 + 1) * 24 : t + 1;
		if (t1 > s->T)
			t1 = s->T;
		int k = oracle_pick(s, t, t1, mu);
		for (size_t u = t; u < t1; u++) {
			s->plan[u] = k;
			sold += s->rate[u * s->K + (size_t)k];
		}
		t = t1;
	}
	return sold;
}

static void oracle_solve(struct sim *s, size_t t0, double stock, int day)
{
	if (oracle_fill(s, t0, 0, day) <= stock)
		return;
	double lo = 0, hi = s->grid[s->K - 1];
	for (int i = 0; i < 50; i++) {
		double mid = 0.5 * (lo + hi);
		if (oracle_fill(s, t0, mid, day) > stock)
			lo = mid;
		else
			hi = mid;
	}
	oracle_fill(s, t0, hi, day);
}

/* Poisson regression of sales on log price over the grid with a weak
 * normal prior (alpha ~ N(log 1, 3^2), elasticity ~ N(-1.5, 1)); Newton. */
static void greedy_fit(const double *n, const double *y, const double *x, size_t K, double *a,
                       double *e)
{
	for (int it = 0; it < 30; it++) {
		double ga = -(*a) / 9, ge = -(*e + 1.5), haa = 1.0 / 9, hae = 0, hee = 1;
		for (size_t k = 0; k < K; k++) {
			if (!n[k])
				continue;
			double mu = n[k] * exp(*a + *e * x[k]);
			ga += y[k] - mu;
			ge += x[k] * (y[k] - mu);
			haa += mu;
			hae += x[k] * mu;
			hee += x[k] * x[k] * mu;
		}
		double det = haa * hee - hae * hae;
		if (!(det > 0))
			break;
		double da = (hee * ga - hae * ge) / det, de = (haa * ge - hae * ga) / det;
		if (da > 2) da = 2;
		if (da < -2) da = -2;
		if (de > 2) de = 2;
		if (de < -2) de = -2;
		*a += da;
		*e += de;
		if (fabs(da) + fabs(de) < 1e-9)
			break;
	}
}

int ec_price_simulate(const struct ec_price_market *m, int policy, const double *grid,
                      size_t K, const struct ec_dqn *dqn, struct ec_price_sim_result *res)
{
	struct sim s = { m, grid, K, m->periods, NULL, NULL, NULL, NULL };
	size_t T = m->periods;
	memset(res, 0, sizeof *res);
	res->stockout_period = -1;
	s.comp = malloc(T * sizeof *s.comp);
	s.rate = malloc(T * K * sizeof *s.rate);
	s.u = malloc(T * sizeof *s.u);
	s.plan = malloc(T * sizeof *s.plan);
	double *st = calloc(3 * K + 1, sizeof *st);
	double *th = calloc(2 * K + 1, sizeof *th);
	if (!s.comp || !s.rate || !s.u || !s.plan || !st || !th) {
		free(s.comp);
		free(s.rate);
		free(s.u);
		free(s.plan);
		free(st);
		free(th);
		return -1;
	}
	ec_price_market_comp(m, s.comp);
	for (size_t t = 0; t < T; t++)
		for (size_t k = 0; k < K; k++)
			s.rate[t * K + k] = ec_price_market_rate(m, s.comp, t, grid[k]);
	struct ec_rng nr, pr;
	ec_rng_seed_stream(&nr, m->seed, 12);
	for (size_t t = 0; t < T; t++)
		s.u[t] = ec_rng_uniform(&nr);
	ec_rng_seed_stream(&pr, m->seed, 100 + (uint64_t)policy);
	double *nk = st, *yk = st + K, *xk = st + 2 * K, *theta = th, *xlp = th + K;
	for (size_t k = 0; k < K; k++)
		xk[k] = log(grid[k] / m->p_ref);
	double S = m->stock, ga = 0, ge = -1.5;
	int cur = -1;
	double sales24[24] = { 0 }, recent = m->base;
	for (size_t t = 0; t < T; t++) {
		if (S <= 0) {
			res->stockout_period = (double)t;
			break;
		}
		double cap = S / (double)(T - t);
		int k = -1; /* grid index; -2 static price; -3 no offer */
		switch (policy) {
		case EC_POL_STATIC:
			k = -2;
			break;
		case EC_POL_ORACLE:
		case EC_POL_ORACLE_DAILY:
			if (t % 24 == 0)
				oracle_solve(&s, t, S, policy == EC_POL_ORACLE_DAILY);
			k = s.plan[t];
			break;
		case EC_POL_GREEDY:
		case EC_POL_DAILY:
			if (policy == EC_POL_GREEDY || t % 24 == 0 || cur < 0) {
				greedy_fit(nk, yk, xk, K, &ga, &ge);
				int bk = -1;
				double bv = -INFINITY;
				for (size_t j = 0; j < K; j++) {
					double r = exp(ga + ge * xk[j]);
					double v = (grid[j] - m->cost) * r;
					if (r <= cap * 1.0000001 && v > bv) {
						bv = v;
						bk = (int)j;
					}
				}
				cur = bk >= 0 ? bk : (int)K - 1;
				if (t == 0) { /* no data yet: start at the list price */
					cur = 0;
					for (size_t j = 1; j < K; j++)
						if (fabs(grid[j] - m->p_ref) < fabs(grid[cur] - m->p_ref))
							cur = (int)j;
				}
			}
			k = cur;
			break;
		case EC_POL_TS:
		case EC_POL_TS_LP: {
			for (size_t j = 0; j < K; j++)
				theta[j] = ec_rng_gamma(&pr, 1 + yk[j]) / (1 + nk[j]);
			if (policy == EC_POL_TS) {
				double bv = -INFINITY;
				for (size_t j = 0; j < K; j++) {
					double v = (grid[j] - m->cost) * theta[j];
					if (v > bv) {
						bv = v;
						k = (int)j;
					}
				}
			} else {
				double r[64];
				size_t KK = K < 64 ? K : 64;
				for (size_t j = 0; j < KK; j++)
					r[j] = (grid[j] - m->cost) * theta[j];
				ec_price_lp(r, theta, KK, cap, xlp);
				double u = ec_rng_uniform(&pr), c = 0;
				k = -3;
				for (size_t j = 0; j < KK; j++) {
					c += xlp[j];
					if (u < c) {
						k = (int)j;
						break;
					}
				}
			}
			break;
		}
		case EC_POL_DQN: {
			float sv[EC_PRICE_DQN_STATE];
			ec_price_dqn_state(m, s.comp, t, S, recent, sv);
			k = dqn ? ec_price_dqn_act(dqn, sv) : -2;
			break;
		}
		default:
			k = -2;
		}
		double sold = 0, p = 0;
		if (k != -3) {
			p = k >= 0 ? grid[k] : m->p_ref;
			double lam = k >= 0 ? s.rate[t * K + (size_t)k]
			                    : ec_price_market_rate(m, s.comp, t, p);
			double d = poisson_inv(lam, s.u[t]);
			sold = d < S ? d : S;
			S -= sold;
			res->revenue += p * sold;
			res->profit += (p - m->cost) * sold;
			res->sold += sold;
			if (k >= 0) {
				nk[k] += 1;
				yk[k] += sold;
			}
		}
		recent += (sold - sales24[t % 24]) / 24;
		sales24[t % 24] = sold;
	}
	if (S <= 0 && res->stockout_period < 0)
		res->stockout_period = (double)T;
	free(s.comp);
	free(s.rate);
	free(s.u);
	free(s.plan);
	free(st);
	free(th);
	return 0;
}
