/*
 * ec_arima.c: seasonal ARIMA by conditional sum of squares and exact
 * Kalman-filter likelihood, forecasts with psi-weight intervals, and the
 * Hyndman-Khandakar stepwise order search. See ec_arima.h for the model,
 * the sources and the rules; this file says why where the code chooses.
 *
 * Layout: polynomial helpers (expansion of the multiplicative seasonal
 * polynomials, Schur-Cohn root test, PACF transform), the two objectives
 * (CSS and exact ML), a small BFGS, then fit, forecast, the unit-root tests
 * and the stepwise search.
 *
 * Numerics: the differenced series is divided by its standard deviation
 * before fitting, so that every optimisation variable is of order one (the
 * mean included); the likelihood is corrected by N log(scale) afterwards.
 * The Kalman filter works in units of sigma2 (sigma2 concentrated out), so
 * its matrices are free of the data scale.
 */
#include "ec_arima.h"
#include "ec_mstl.h"

#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT_RADIUS 1.01
#define BIG 1e10

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (err == NULL || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static double mean_of(const double *x, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	return n ? s / (double)n : 0;
}

static double sd_of(const double *x, size_t n)
{
	if (n < 2)
		return 0;
	double mu = mean_of(x, n), s = 0;
	for (size_t i = 0; i < n; i++)
		s += (x[i] - mu) * (x[i] - mu);
	return sqrt(s / (double)(n - 1));
}

/* Constant up to rounding: every value within 1e-10 of the first, relative. */
static int is_constant(const double *x, size_t n)
{
	if (n == 0)
		return 1;
	double tol = 1e-10 * (1 + fabs(x[0]));
	for (size_t i = 1; i < n; i++)
		if (fabs(x[i] - x[0]) > tol)
			return 0;
	return 1;
}

/* ---- polynomials ---- */

/* Product (1 - sum c1_i B^i)(1 - sum c2_j B^(m j)) for the AR side (sign -1)
 * or (1 + ...)(1 + ...) for the MA side (sign +1), written as the
 * coefficients out[1..len] of "sign * out_k B^k" terms: AR gives w_t =
 * sum out_k w_{t-k} + ..., MA gives e_t + sum out_k e_{t-k}. */
static int expand(const double *c1, int n1, const double *c2, int n2, int m, int sign,
                  double *out)
{
	int len = n1 + m * n2;
	for (int k = 0; k <= len; k++)
		out[k] = 0;
	for (int i = 1; i <= n1; i++)
		out[i] += c1[i - 1];
	for (int j = 1; j <= n2; j++) {
		out[m * j] += c2[j - 1];
		for (int i = 1; i <= n1; i++)
			/* AR: -(-c1)(-c2) = -c1 c2 as a "+out" term; MA: +c1 c2 */
			out[i + m * j] += (sign < 0 ? -1.0 : 1.0) * c1[i - 1] * c2[j - 1];
	}
	return len;
}

/* Do all roots of 1 - sum_{k=1..p} a_k z^k lie outside |z| = radius? The
 * Schur-Cohn test as the reverse Durbin-Levinson recursion: the polynomial
 * is stable iff every partial autocorrelation it implies has modulus < 1.
 * a is 1-based (a[1..p]). */
static int stable(const double *a, int p, double radius)
{
	while (p > 0 && fabs(a[p]) < 1e-10)
		p--;
	if (p == 0)
		return 1;
	double *c = malloc(2 * (size_t)p * sizeof *c);
	if (c == NULL)
		return 0;
	double *t = c + p, rk = 1;
	for (int k = 0; k < p; k++) {
		rk *= radius;
		c[k] = a[k + 1] * rk;
	}
	int ok = 1;
	for (int k = p - 1; k >= 0; k--) {
		double kappa = c[k];
		if (!(fabs(kappa) < 1)) {
			ok = 0;
			break;
		}
		for (int j = 0; j < k; j++)
			t[j] = (c[j] + kappa * c[k - 1 - j]) / (1 - kappa * kappa);
		memcpy(c, t, (size_t)k * sizeof *c);
	}
	free(c);
	return ok;
}

/* Replace the roots inside the unit circle of 1 + sum_{i=1..q} c_i z^i
 * by their inverses (the same autocovariances up to scale). Roots by the
 * Durand-Kerner iteration (q <= 5 here); the polynomial is rebuilt from
 * them and rescaled to a constant term of 1. Nothing changes when the
 * roots do not converge or all lie outside already. */
static void ma_invert(double *c, int q)
{
	while (q > 0 && fabs(c[q - 1]) < 1e-10)
		q--;
	if (q == 0)
		return;
	if (q == 1) {
		if (fabs(c[0]) > 1)
			c[0] = 1 / c[0];
		return;
	}
	/* monic form: z^q + (c_{q-1}/c_q) z^{q-1} + ... + 1/c_q */
	double complex z[EC_ARIMA_MAX_P], mon[EC_ARIMA_MAX_P + 1];
	for (int i = 0; i <= q; i++)
		mon[i] = (i == 0 ? 1.0 : c[i - 1]) / c[q - 1]; /* coefficient of z^i */
	for (int i = 0; i < q; i++)
		z[i] = cpow(0.4 + 0.9 * I, i);
	int conv = 0;
	for (int it = 0; it < 500 && !conv; it++) {
		conv = 1;
		for (int i = 0; i < q; i++) {
			double complex num = 1, den = 1;
			for (int j = q; j >= 0; j--)
				num = j == q ? mon[q] : num * z[i] + mon[j];
			for (int j = 0; j < q; j++)
				if (j != i)
					den *= z[i] - z[j];
			double complex dz = num / den;
			z[i] -= dz;
			if (cabs(dz) > 1e-12 * (1 + cabs(z[i])))
				conv = 0;
		}
	}
	if (!conv)
		return;
	int any = 0;
	for (int i = 0; i < q; i++)
		if (cabs(z[i]) < 1) {
			z[i] = 1 / z[i];
			any = 1;
		}
	if (!any)
		return;
	/* prod (1 - z/z_i): coefficients x[0..q], x[0] = 1 */
	double complex x[EC_ARIMA_MAX_P + 1] = {1};
	for (int i = 0; i < q; i++) {
		for (int j = i + 1; j >= 1; j--)
			x[j] -= x[j - 1] / z[i];
	}
	for (int i = 0; i < q; i++)
		c[i] = creal(x[i + 1]);
}

/* AR coefficients from unconstrained values: tanh gives partial
 * autocorrelations in (-1, 1), Durbin-Levinson turns them into the
 * coefficients of a stationary AR polynomial (Jones 1980). */
static void partrans(const double *raw, int p, double *phi)
{
	double work[EC_ARIMA_MAX_P];
	for (int j = 0; j < p; j++)
		work[j] = phi[j] = tanh(raw[j]);
	for (int j = 1; j < p; j++) {
		double a = phi[j];
		for (int k = 0; k < j; k++)
			work[k] -= a * phi[j - k - 1];
		memcpy(phi, work, (size_t)j * sizeof *phi);
	}
}

/* Coefficients of Delta(B) = (1-B)^d (1-B^m)^D: out[0..d+mD], out[0] = 1. */
static int diff_poly(int d, int D, int m, double *out)
{
	int len = 0;
	out[0] = 1;
	for (int i = 0; i < d + D; i++) {
		int lag = i < d ? 1 : m;
		for (int k = len + lag; k >= 0; k--)
			out[k] = (k <= len ? out[k] : 0) - (k >= lag ? out[k - lag] : 0);
		len += lag;
	}
	return len;
}

/* w[0..n-len) = Delta(B) y. Returns N. */
static size_t difference(const double *y, size_t n, int d, int D, int m, double *w)
{
	size_t len = (size_t)d + (size_t)D * (size_t)m;
	if (n <= len)
		return 0;
	double *poly = malloc((len + 1) * sizeof *poly);
	if (poly == NULL)
		return 0;
	diff_poly(d, D, m, poly);
	for (size_t t = len; t < n; t++) {
		double s = 0;
		for (size_t k = 0; k <= len; k++)
			s += poly[k] * y[t - k];
		w[t - len] = s;
	}
	free(poly);
	return n - len;
}

/* ---- objectives ---- */

struct work {
	int p, q, P, Q, m, constant;
	int npar;
	int pp, qq, r;     /* expanded orders, state dimension */
	const double *w;   /* scaled differenced series */
	size_t N;
	int exact;         /* 1: exact ML, 0: CSS */
	double *a, *b;     /* a[0..pp], b[0..qq] (index 0 unused) */
	double *Tc, *R;    /* first column of T, R vector (length r) */
	double *P0, *Pm;   /* r*r: initial and current state variance */
	double *M, *psi, *g, *rhs, *Asys; /* r, r+1, r+1, r+1, (p'+1)^2 */
	double *st, *e;    /* state (r), CSS residuals (N) */
	int *nz;           /* indices of the non-zero entries of R (r) */
	double ssq, sumlog;
	size_t nu;
};

static void work_free(struct work *k)
{
	free(k->a);
	free(k->P0);
	free(k->e);
	free(k->nz);
	memset(k, 0, sizeof *k);
}

static int work_init(struct work *k, const struct ec_arima_spec *s, const double *w, size_t N)
{
	memset(k, 0, sizeof *k);
	k->p = s->p, k->q = s->q, k->P = s->P, k->Q = s->Q, k->m = s->m;
	k->constant = s->constant;
	k->npar = s->p + s->q + s->P + s->Q + (s->constant ? 1 : 0);
	k->pp = s->p + s->m * s->P;
	k->qq = s->q + s->m * s->Q;
	k->r = k->pp > k->qq + 1 ? k->pp : k->qq + 1;
	k->w = w;
	k->N = N;
	size_t r = (size_t)k->r;
	k->a = calloc((size_t)k->pp + (size_t)k->qq + 2 + 3 * r, sizeof(double));
	k->P0 = malloc((2 * r * r + 4 * (r + 1) + ((size_t)k->pp + 1) * ((size_t)k->pp + 1)) *
	               sizeof(double));
	k->e = malloc((N ? N : 1) * sizeof(double));
	k->nz = malloc((r + (size_t)k->pp + (size_t)k->qq + 1) * sizeof(int));
	if (k->a == NULL || k->P0 == NULL || k->e == NULL || k->nz == NULL) {
		work_free(k);
		return -1;
	}
	k->b = k->a + k->pp + 1;
	k->Tc = k->b + k->qq + 1;
	k->R = k->Tc + r;
	k->st = k->R + r;
	k->Pm = k->P0 + r * r;
	k->M = k->Pm + r * r;
	k->psi = k->M + r + 1;
	k->g = k->psi + r + 1;
	k->rhs = k->g + r + 1;
	k->Asys = k->rhs + r + 1;
	return 0;
}

/* Coefficients from the optimisation vector [phi|theta|Phi|Theta|mu]; the
 * AR blocks through the PACF transform when `transform`. */
static void unpack(const struct work *k, const double *par, int transform, double *phi,
                   double *theta, double *Phi, double *Theta, double *mu)
{
	int o = 0;
	if (transform)
		partrans(par + o, k->p, phi);
	else
		memcpy(phi, par + o, (size_t)k->p * sizeof *phi);
	o += k->p;
	memcpy(theta, par + o, (size_t)k->q * sizeof *theta);
	o += k->q;
	if (transform)
		partrans(par + o, k->P, Phi);
	else
		memcpy(Phi, par + o, (size_t)k->P * sizeof *Phi);
	o += k->P;
	memcpy(Theta, par + o, (size_t)k->Q * sizeof *Theta);
	o += k->Q;
	*mu = k->constant ? par[o] : 0;
}

static void set_coef(struct work *k, const double *phi, const double *theta, const double *Phi,
                     const double *Theta)
{
	expand(phi, k->p, Phi, k->P, k->m, -1, k->a);
	expand(theta, k->q, Theta, k->Q, k->m, +1, k->b);
	for (int i = 0; i < k->r; i++) {
		k->Tc[i] = i + 1 <= k->pp ? k->a[i + 1] : 0;
		k->R[i] = i == 0 ? 1 : (i <= k->qq ? k->b[i] : 0);
	}
}

/* Conditional sum of squares: residuals from t = pp on, earlier ones 0.
 * The seasonal polynomials are mostly zeros: only non-zero lags are
 * visited. */
static void css(struct work *k, double mu)
{
	const double *w = k->w;
	double ssq = 0;
	size_t pp = (size_t)k->pp;
	int na = 0, nb = 0, *ia = k->nz, *ib = k->nz + k->pp;
	for (int i = 1; i <= k->pp; i++)
		if (k->a[i] != 0)
			ia[na++] = i;
	for (int j = 1; j <= k->qq; j++)
		if (k->b[j] != 0)
			ib[nb++] = j;
	for (size_t t = 0; t < pp && t < k->N; t++)
		k->e[t] = 0;
	for (size_t t = pp; t < k->N; t++) {
		double v = w[t] - mu;
		for (int x = 0; x < na; x++)
			v -= k->a[ia[x]] * (w[t - (size_t)ia[x]] - mu);
		for (int x = 0; x < nb && (size_t)ib[x] <= t; x++)
			v -= k->b[ib[x]] * k->e[t - (size_t)ib[x]];
		k->e[t] = v;
		ssq += v * v;
	}
	k->ssq = ssq;
	k->nu = k->N > pp ? k->N - pp : 0;
}

/*
 * Initial state variance P0 = T P0 T' + R R' (sigma2 = 1) in O(r^2) from
 * the autocovariances of w. gamma(0..p') solve the linear equations
 *   gamma(k) - sum_i a_i gamma(|k-i|) = sum_{j=k..q'} b_j psi_{j-k},
 * k = 0..p' (Brockwell and Davis, "Time Series: Theory and Methods", 2nd
 * ed., sec. 3.3), the higher lags follow by the AR recursion. With
 * alpha_t[l] = sum_{j>=0} (a_{l+1+j} w_{t-1-j} + b_{l+j} e_{t-j}) (b_0 = 1)
 * the first row is P0[0][l] = sum_j (a_{l+1+j} gamma(1+j) + b_{l+j} psi_j),
 * and the Lyapunov equation itself gives the other rows from the one below:
 *   P0[i][l] = a_{i+1} a_{l+1} gamma(0) + a_{i+1} P0[0][l+1]
 *            + a_{l+1} P0[0][i+1] + P0[i+1][l+1] + R_i R_l.
 * Only the upper triangle is filled. -1 when the AR part is (numerically)
 * not stationary.
 */
static int initial_variance(struct work *k)
{
	int r = k->r, pp = k->pp, qq = k->qq;
	double *P = k->P0, *psi = k->psi, *g = k->g, *A = k->Asys, *rhs = k->rhs;
	const double *a = k->a, *b = k->b;
#define AR(i) ((i) >= 1 && (i) <= pp ? a[i] : 0.0)
#define MA(i) ((i) == 0 ? 1.0 : ((i) <= qq ? b[i] : 0.0))
	psi[0] = 1;
	for (int j = 1; j <= r; j++) {
		double v = MA(j);
		for (int i = 1; i <= pp && i <= j; i++)
			v += a[i] * psi[j - i];
		psi[j] = v;
	}
	/* right-hand sides c_k, then the (pp+1) x (pp+1) system */
	for (int kk = 0; kk <= r; kk++) {
		double c = 0;
		for (int j = kk; j <= qq; j++)
			c += MA(j) * psi[j - kk];
		rhs[kk] = c;
	}
	int n1 = pp + 1;
	for (int i = 0; i < n1 * n1; i++)
		A[i] = 0;
	for (int kk = 0; kk <= pp; kk++) {
		A[kk * n1 + kk] += 1;
		for (int i = 1; i <= pp; i++)
			A[kk * n1 + abs(kk - i)] -= a[i];
		g[kk] = rhs[kk];
	}
	/* Gaussian elimination with partial pivoting */
	for (int c = 0; c < n1; c++) {
		int piv = c;
		for (int i = c + 1; i < n1; i++)
			if (fabs(A[i * n1 + c]) > fabs(A[piv * n1 + c]))
				piv = i;
		if (!(fabs(A[piv * n1 + c]) > 1e-12))
			return -1;
		if (piv != c) {
			for (int j = 0; j < n1; j++) {
				double t = A[c * n1 + j];
				A[c * n1 + j] = A[piv * n1 + j];
				A[piv * n1 + j] = t;
			}
			double t = g[c];
			g[c] = g[piv];
			g[piv] = t;
		}
		for (int i = c + 1; i < n1; i++) {
			double f = A[i * n1 + c] / A[c * n1 + c];
			if (f == 0)
				continue;
			for (int j = c; j < n1; j++)
				A[i * n1 + j] -= f * A[c * n1 + j];
			g[i] -= f * g[c];
		}
	}
	for (int c = n1 - 1; c >= 0; c--) {
		double v = g[c];
		for (int j = c + 1; j < n1; j++)
			v -= A[c * n1 + j] * g[j];
		g[c] = v / A[c * n1 + c];
	}
	for (int kk = pp + 1; kk <= r; kk++) {
		double v = rhs[kk];
		for (int i = 1; i <= pp; i++)
			v += a[i] * g[kk - i];
		g[kk] = v;
	}
	if (!(g[0] > 0) || !isfinite(g[0]) || g[0] > 1e12)
		return -1;
	for (int l = 0; l < r; l++) {
		double v = 0;
		for (int j = 0; j + l < r; j++)
			v += AR(l + 1 + j) * g[1 + j] + MA(l + j) * psi[j];
		P[l] = v;
	}
	P[0] = g[0];
	for (int i = r - 1; i >= 1; i--) {
		double ai = AR(i + 1);
		double p0i = i + 1 < r ? P[i + 1] : 0;
		for (int l = r - 1; l >= i; l--) {
			double al = AR(l + 1);
			double p0l = l + 1 < r ? P[l + 1] : 0;
			double next = (i + 1 < r && l + 1 < r) ? P[(size_t)(i + 1) * r + l + 1] : 0;
			P[(size_t)i * r + l] = ai * al * g[0] + ai * p0l + al * p0i + next + k->R[i] * k->R[l];
		}
	}
#undef AR
#undef MA
	return 0;
}

/*
 * Kalman filter of w - mu on the state-space form
 *   alpha_t = T alpha_{t-1} + R e_t,   w_t - mu = alpha_t[0],
 * T with first column Tc and ones on the superdiagonal (Harvey 1989,
 * sec. 3.3; Durbin and Koopman 2012, sec. 3.4). Accumulates sum v^2/F and
 * sum log F; leaves a_{N+1|N} in k->st. -1 when the filter breaks down.
 *
 * The first state element is observed without error, so P_{t|t} has a zero
 * first row and column and the prediction step is a shift:
 *   P_{t+1|t}[i][j] = P_{t|t}[i+1][j+1] + R_i R_j,
 *   P_{t|t} = P - P[:,0] P[0,:] / F.
 * Only the upper triangle is kept (one multiply-add per element and step),
 * and R R' is added over the non-zero entries of R only. P_{t|t} is
 * positive semi-definite, so once its trace is negligible P_{t+1|t} is
 * R R' for good and the filter becomes the ARMA residual recursion
 * (F = 1, gain R): AS 154's switch to "fast recursions".
 */
static int kalman(struct work *k, double mu)
{
	int r = k->r;
	double *P = k->Pm, *M = k->M, *a = k->st;
	if (initial_variance(k) < 0)
		return -1;
	memcpy(P, k->P0, (size_t)r * (size_t)r * sizeof *P);
	memset(a, 0, (size_t)r * sizeof *a);
	int nnz = 0, *nz = k->nz;
	for (int i = 0; i < r; i++)
		if (k->R[i] != 0)
			nz[nnz++] = i;
	double ssq = 0, sumlog = 0;
	int fast = 0;
	for (size_t t = 0; t < k->N; t++) {
		double v = k->w[t] - mu - a[0];
		if (fast) {
			ssq += v * v;
			for (int i = 0; i < r; i++)
				a[i] += k->R[i] * v;
		} else {
			double F = P[0];
			if (!(F > 1e-12) || !isfinite(F))
				return -1;
			ssq += v * v / F;
			sumlog += log(F);
			double g = v / F, invF = 1 / F, tr = 0;
			memcpy(M, P, (size_t)r * sizeof *M); /* column 0 = row 0 */
			for (int i = 0; i < r; i++)
				a[i] += M[i] * g;
			for (int i = 0; i + 1 < r; i++) {
				double ci = M[i + 1] * invF;
				double *dst = P + (size_t)i * r;
				const double *src = P + (size_t)(i + 1) * r + 1;
				for (int j = i; j + 1 < r; j++)
					dst[j] = src[j] - ci * M[j + 1];
				dst[r - 1] = 0;
				tr += dst[i];
			}
			P[(size_t)(r - 1) * r + r - 1] = 0;
			for (int x = 0; x < nnz; x++)
				for (int y = x; y < nnz; y++)
					P[(size_t)nz[x] * r + nz[y]] += k->R[nz[x]] * k->R[nz[y]];
			if (tr < 1e-11)
				fast = 1;
		}
		/* a_{t+1|t} = T a_{t|t} */
		double a0 = a[0];
		for (int i = 0; i < r; i++)
			a[i] = k->Tc[i] * a0 + (i + 1 < r ? a[i + 1] : 0);
		if (!isfinite(ssq))
			return -1;
	}
	k->ssq = ssq;
	k->sumlog = sumlog;
	return 0;
}

struct objctx {
	struct work *k;
	int transform;
	int outside; /* consecutive iterations with a non-invertible MA part */
	int band;    /* ... with an MA root within radius 1.01 */
	int flip;    /* stopped for being non-invertible: invert and go on */
};

static double objective(const double *par, void *vctx)
{
	struct objctx *c = vctx;
	struct work *k = c->k;
	double phi[EC_ARIMA_MAX_P], theta[EC_ARIMA_MAX_P], Phi[EC_ARIMA_MAX_SP], Theta[EC_ARIMA_MAX_SP], mu;
	unpack(k, par, c->transform, phi, theta, Phi, Theta, &mu);
	set_coef(k, phi, theta, Phi, Theta);
	if (!k->exact) {
		css(k, mu);
		if (k->nu == 0 || !(k->ssq > 0) || !isfinite(k->ssq))
			return BIG;
		return 0.5 * log(k->ssq / (double)k->nu);
	}
	if (kalman(k, mu) < 0 || !(k->ssq > 0))
		return BIG;
	double v = 0.5 * (log(k->ssq / (double)k->N) + k->sumlog / (double)k->N);
	return isfinite(v) ? v : BIG;
}

/* The exact likelihood cannot tell an MA root from its inverse, and a
 * seasonal MA often drifts to the unit circle (a deterministic season).
 * Called after each BFGS iteration of the exact fit: three iterations in a
 * row with a root inside the unit circle stop the search so that the
 * caller can invert the roots and go on from the mirror image; ten in a
 * row (after the eighth) within the rejection band (modulus below 1.01)
 * abandon the fit, which would be rejected at the end anyway unless the
 * optimiser came back. This saves most of the search time on hourly
 * series. */
static int ma_boundary(const double *par, void *vctx, int it)
{
	struct objctx *c = vctx;
	struct work *k = c->k;
	if (k->qq == 0)
		return 0;
	double phi[EC_ARIMA_MAX_P], theta[EC_ARIMA_MAX_P], Phi[EC_ARIMA_MAX_SP], Theta[EC_ARIMA_MAX_SP], mu;
	unpack(k, par, c->transform, phi, theta, Phi, Theta, &mu);
	set_coef(k, phi, theta, Phi, Theta);
	for (int i = 1; i <= k->qq; i++)
		k->b[i] = -k->b[i];
	int inside = stable(k->b, k->qq, 1.0), clear = inside && stable(k->b, k->qq, ROOT_RADIUS);
	for (int i = 1; i <= k->qq; i++)
		k->b[i] = -k->b[i];
	c->outside = inside ? 0 : c->outside + 1;
	c->band = clear ? 0 : c->band + 1;
	if (c->outside >= 3) {
		c->flip = 1;
		return 1;
	}
	return it >= 8 && c->band >= 10;
}

/* ---- BFGS (Nocedal and Wright, "Numerical Optimization", alg. 6.1) with
 * numerical gradients (central differences with step 1e-3 as R's optim
 * for CSS; forward differences with step 1e-4 for the costlier exact
 * likelihood, half the evaluations) and a backtracking
 * Armijo line search; stops when an iteration lowers f by less than
 * reltol (|f| + reltol), as R's optim(method = "BFGS"). ---- */

typedef double (*objfn)(const double *, void *);

static void num_grad(objfn f, void *ctx, double *x, int n, double fx, int forward, double *g)
{
	const double h = forward ? 1e-4 : 1e-3;
	for (int i = 0; i < n; i++) {
		if (forward) {
			double xi = x[i];
			x[i] = xi + h;
			double fp = f(x, ctx);
			x[i] = xi;
			g[i] = fp >= BIG || !isfinite(fp) ? 0 : (fp - fx) / h;
			continue;
		}
		double xi = x[i];
		x[i] = xi + h;
		double fp = f(x, ctx);
		x[i] = xi - h;
		double fm = f(x, ctx);
		x[i] = xi;
		g[i] = (fp - fm) / (2 * h);
		if (!isfinite(g[i]) || fp >= BIG || fm >= BIG)
			g[i] = 0;
	}
}

#define MAXPAR (2 * EC_ARIMA_MAX_P + 2 * EC_ARIMA_MAX_SP + 1)

/* stop(x, ctx) after each iteration: nonzero abandons the search (the
 * result is then BIG, a failure). */
typedef int (*stopfn)(const double *, void *, int);

static double bfgs(objfn f, stopfn stop, void *ctx, double *x, int n, int maxit, double reltol,
                   int forward)
{
	double fx = f(x, ctx);
	if (n == 0 || fx >= BIG)
		return fx;
	double H[MAXPAR * MAXPAR], g[MAXPAR], gn[MAXPAR], d[MAXPAR], xn[MAXPAR], s[MAXPAR],
	    yv[MAXPAR], Hy[MAXPAR];
	for (int i = 0; i < n * n; i++)
		H[i] = 0;
	for (int i = 0; i < n; i++)
		H[i * n + i] = 1;
	num_grad(f, ctx, x, n, fx, forward, g);
	int fresh = 1;
	for (int it = 0; it < maxit; it++) {
		double gd = 0, dmax = 0;
		for (int i = 0; i < n; i++) {
			d[i] = 0;
			for (int j = 0; j < n; j++)
				d[i] -= H[i * n + j] * g[j];
			gd += d[i] * g[i];
			if (fabs(d[i]) > dmax)
				dmax = fabs(d[i]);
		}
		if (gd >= 0 || dmax == 0) {
			if (fresh)
				break;
			for (int i = 0; i < n * n; i++)
				H[i] = 0;
			for (int i = 0; i < n; i++)
				H[i * n + i] = 1;
			fresh = 1;
			it--;
			continue;
		}
		/* no wild first steps: a unit of the scaled parameters at most */
		double step = dmax > 1 ? 1 / dmax : 1, fn = fx;
		int ok = 0;
		for (int ls = 0; ls < 30; ls++) {
			for (int i = 0; i < n; i++)
				xn[i] = x[i] + step * d[i];
			fn = f(xn, ctx);
			if (fn < BIG && fn <= fx + 1e-4 * step * gd) {
				ok = 1;
				break;
			}
			step *= 0.2;
		}
		if (!ok) {
			if (fresh)
				break;
			for (int i = 0; i < n * n; i++)
				H[i] = 0;
			for (int i = 0; i < n; i++)
				H[i * n + i] = 1;
			fresh = 1;
			continue;
		}
		num_grad(f, ctx, xn, n, fn, forward, gn);
		double sy = 0;
		for (int i = 0; i < n; i++) {
			s[i] = xn[i] - x[i];
			yv[i] = gn[i] - g[i];
			sy += s[i] * yv[i];
		}
		double drop = fx - fn;
		memcpy(x, xn, (size_t)n * sizeof *x);
		memcpy(g, gn, (size_t)n * sizeof *g);
		fx = fn;
		if (drop <= reltol * (fabs(fx) + reltol))
			break;
		fresh = 0;
		if (stop && stop(x, ctx, it))
			return BIG;
		if (sy > 1e-12) {
			/* H <- (I - rho s y') H (I - rho y s') + rho s s' */
			double rho = 1 / sy, yHy = 0;
			for (int i = 0; i < n; i++) {
				Hy[i] = 0;
				for (int j = 0; j < n; j++)
					Hy[i] += H[i * n + j] * yv[j];
				yHy += yv[i] * Hy[i];
			}
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++)
					H[i * n + j] += rho * ((1 + rho * yHy) * s[i] * s[j] - Hy[i] * s[j] -
					                       s[i] * Hy[j]);
		}
	}
	return fx;
}

/* ---- fitting ---- */

static int check_spec(const struct ec_arima_spec *s, char *err, size_t errlen)
{
	if (s->p < 0 || s->p > EC_ARIMA_MAX_P || s->q < 0 || s->q > EC_ARIMA_MAX_P || s->P < 0 ||
	    s->P > EC_ARIMA_MAX_SP || s->Q < 0 || s->Q > EC_ARIMA_MAX_SP || s->d < 0 || s->d > 2 ||
	    s->D < 0 || s->D > 1 || s->m < 1 || s->m > 100000) {
		set_err(err, errlen, "arima: order (%d,%d,%d)(%d,%d,%d)[%d] out of range", s->p, s->d,
		        s->q, s->P, s->D, s->Q, s->m);
		return -1;
	}
	return 0;
}

static void criteria(struct ec_arima_model *mod)
{
	const struct ec_arima_spec *s = &mod->spec;
	double k = s->p + s->q + s->P + s->Q + (s->constant ? 1 : 0) + 1;
	double N = (double)mod->nobs;
	mod->aic = -2 * mod->loglik + 2 * k;
	mod->aicc = N - k - 1 > 0 ? mod->aic + 2 * k * (k + 1) / (N - k - 1) : INFINITY;
	mod->bic = -2 * mod->loglik + k * log(N);
	if (!isfinite(mod->loglik))
		mod->aic = mod->aicc = mod->bic = INFINITY;
}

static int roots_ok(const struct ec_arima_model *mod)
{
	const struct ec_arima_spec *s = &mod->spec;
	int m = s->m;
	size_t la = (size_t)s->p + (size_t)m * s->P + 1, lb = (size_t)s->q + (size_t)m * s->Q + 1;
	double *a = malloc((la + lb) * sizeof *a);
	if (a == NULL)
		return 0;
	double *b = a + la;
	int pp = expand(mod->phi, s->p, mod->Phi, s->P, m, -1, a);
	int qq = expand(mod->theta, s->q, mod->Theta, s->Q, m, +1, b);
	for (int i = 1; i <= qq; i++)
		b[i] = -b[i];
	int ok = stable(a, pp, ROOT_RADIUS) && stable(b, qq, ROOT_RADIUS);
	free(a);
	return ok;
}

/* Fit on the differenced series w[0..N): method 0 CSS only, 1 CSS-ML.
 * Returns 0 accepted, 1 rejected (roots or likelihood), -1 out of memory. */
static int fit_w(const double *w, size_t N, const struct ec_arima_spec *spec, int exact,
                 struct ec_arima_model *mod)
{
	memset(mod, 0, sizeof *mod);
	mod->spec = *spec;
	mod->nobs = N;
	if (spec->d + spec->D > 1)
		mod->spec.constant = 0;
	const struct ec_arima_spec *s = &mod->spec;
	int npar = s->p + s->q + s->P + s->Q + (s->constant ? 1 : 0);
	double sc = sd_of(w, N);
	if (!(sc > 0) || !isfinite(sc))
		sc = fabs(mean_of(w, N)) > 0 ? fabs(mean_of(w, N)) : 1;
	double *ws = malloc((N ? N : 1) * sizeof *ws);
	if (ws == NULL)
		return -1;
	for (size_t t = 0; t < N; t++)
		ws[t] = w[t] / sc;
	struct work k;
	if (work_init(&k, s, ws, N) < 0) {
		free(ws);
		return -1;
	}
	double par[MAXPAR] = {0};
	if (s->constant)
		par[npar - 1] = mean_of(ws, N);
	struct objctx ctx = {&k, 1, 0, 0, 0};
	int rc = 0;
	k.exact = 0;
	double f = bfgs(objective, NULL, &ctx, par, npar, 100, 1e-8, 0);
	double phi[EC_ARIMA_MAX_P], theta[EC_ARIMA_MAX_P], Phi[EC_ARIMA_MAX_SP], Theta[EC_ARIMA_MAX_SP], mu;
	if (f >= BIG) {
		rc = 1;
		goto done;
	}
	if (!exact) {
		objective(par, &ctx); /* leave ssq, nu at the optimum */
		unpack(&k, par, 1, phi, theta, Phi, Theta, &mu);
		double s2 = k.ssq / (double)k.nu;
		mod->sigma2 = s2 * sc * sc;
		mod->loglik = -0.5 * (double)N * (log(2 * M_PI * mod->sigma2) + 1);
	} else {
		/* Start the exact likelihood where CSS ended, with the roots of a
		 * non-invertible MA part (nonseasonal and seasonal separately)
		 * moved outside the unit circle (as R's arima): the exact
		 * likelihood cannot tell a root from its inverse, and the search
		 * rejects non-invertible fits. */
		ma_invert(par + s->p, s->q);
		ma_invert(par + s->p + s->q + s->P, s->Q);
		k.exact = 1;
		/* A search that crosses into the non-invertible region is moved
		 * back to the mirror image (same likelihood) and restarted. */
		for (int round = 0;; round++) {
			ctx.outside = ctx.band = ctx.flip = 0;
			f = bfgs(objective, ma_boundary, &ctx, par, npar, 100, 1e-8, 1);
			if (!ctx.flip || round == 3)
				break;
			ma_invert(par + s->p, s->q);
			ma_invert(par + s->p + s->q + s->P, s->Q);
		}
		if (f >= BIG) {
			rc = 1;
			goto done;
		}
		ma_invert(par + s->p, s->q);
		ma_invert(par + s->p + s->q + s->P, s->Q);
		objective(par, &ctx);
		unpack(&k, par, 1, phi, theta, Phi, Theta, &mu);
		double s2 = k.ssq / (double)N;
		/* forecast's variance estimate: sum of squared standardised
		 * innovations over N - (number of coefficients) */
		mod->sigma2 = k.ssq / (double)(N > (size_t)npar ? N - (size_t)npar : 1) * sc * sc;
		mod->loglik = -0.5 * ((double)N * (log(2 * M_PI * s2) + 1) + k.sumlog) - (double)N * log(sc);
	}
	memcpy(mod->phi, phi, (size_t)s->p * sizeof *phi);
	memcpy(mod->theta, theta, (size_t)s->q * sizeof *theta);
	memcpy(mod->Phi, Phi, (size_t)s->P * sizeof *Phi);
	memcpy(mod->Theta, Theta, (size_t)s->Q * sizeof *Theta);
	mod->mu = mu * sc;
	criteria(mod);
	if (!isfinite(mod->loglik) || !roots_ok(mod))
		rc = 1;
done:
	if (rc != 0) {
		mod->loglik = NAN;
		mod->aic = mod->aicc = mod->bic = INFINITY;
	}
	work_free(&k);
	free(ws);
	return rc;
}

static int check_input(const double *y, size_t n, char *err, size_t errlen)
{
	if (y == NULL || n == 0) {
		set_err(err, errlen, "arima: empty series");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(y[i])) {
			set_err(err, errlen, "arima: value %zu is not a finite number", i + 1);
			return -1;
		}
	return 0;
}

int ec_arima_fit(const double *y, size_t n, const struct ec_arima_spec *spec,
                 struct ec_arima_model *mod, char *err, size_t errlen)
{
	if (check_input(y, n, err, errlen) < 0 || check_spec(spec, err, errlen) < 0)
		return -1;
	size_t lag = (size_t)spec->d + (size_t)spec->D * (size_t)spec->m;
	int npar = spec->p + spec->q + spec->P + spec->Q + (spec->constant ? 1 : 0);
	if (n <= lag + (size_t)npar + 1) {
		set_err(err, errlen, "arima: %zu values are too few for this order", n);
		return -1;
	}
	double *w = malloc(n * sizeof *w);
	if (w == NULL) {
		set_err(err, errlen, "arima: out of memory");
		return -1;
	}
	size_t N = difference(y, n, spec->d, spec->D, spec->m, w);
	int rc = fit_w(w, N, spec, 1, mod);
	free(w);
	if (rc < 0)
		set_err(err, errlen, "arima: out of memory");
	return rc;
}

double ec_arima_neg2loglik(const double *y, size_t n, const struct ec_arima_model *mod,
                           double *sigma2)
{
	const struct ec_arima_spec *s = &mod->spec;
	if (check_input(y, n, NULL, 0) < 0 || check_spec(s, NULL, 0) < 0)
		return NAN;
	double *w = malloc(n * sizeof *w);
	if (w == NULL)
		return NAN;
	size_t N = difference(y, n, s->d, s->D, s->m, w);
	struct work k;
	double v = NAN;
	if (N == 0 || work_init(&k, s, w, N) < 0) {
		free(w);
		return NAN;
	}
	set_coef(&k, mod->phi, mod->theta, mod->Phi, mod->Theta);
	if (kalman(&k, s->constant ? mod->mu : 0) == 0 && k.ssq > 0) {
		double s2 = k.ssq / (double)N;
		if (sigma2)
			*sigma2 = s2;
		v = (double)N * (log(2 * M_PI * s2) + 1) + k.sumlog;
	}
	work_free(&k);
	free(w);
	return v;
}

/* ---- forecasting ---- */

static void fill_intervals(struct ec_fc *out, const double *var, int h)
{
	for (int i = 0; i < h; i++) {
		double sd = var[i] > 0 ? sqrt(var[i]) : 0;
		out->lo80[i] = out->point[i] - EC_FC_Z80 * sd;
		out->hi80[i] = out->point[i] + EC_FC_Z80 * sd;
		out->lo95[i] = out->point[i] - EC_FC_Z95 * sd;
		out->hi95[i] = out->point[i] + EC_FC_Z95 * sd;
	}
}

int ec_arima_forecast(const double *y, size_t n, const struct ec_arima_model *mod, int h,
                      struct ec_fc *out, char *err, size_t errlen)
{
	const struct ec_arima_spec *s = &mod->spec;
	if (check_input(y, n, err, errlen) < 0 || check_spec(s, err, errlen) < 0)
		return -1;
	if (h < 1 || out == NULL) {
		set_err(err, errlen, "arima: horizon %d is not positive", h);
		return -1;
	}
	size_t lag = (size_t)s->d + (size_t)s->D * (size_t)s->m;
	if (n <= lag) {
		set_err(err, errlen, "arima: %zu values are too few to difference", n);
		return -1;
	}
	int rc = -1;
	double *w = malloc(n * sizeof *w);
	double *yy = malloc((n + (size_t)h) * sizeof *yy);
	double *var = malloc((size_t)h * sizeof *var);
	double *dp = malloc((lag + 1) * sizeof *dp);
	struct work k;
	memset(&k, 0, sizeof k);
	if (w == NULL || yy == NULL || var == NULL || dp == NULL)
		goto oom;
	size_t N = difference(y, n, s->d, s->D, s->m, w);
	if (work_init(&k, s, w, N) < 0)
		goto oom;
	set_coef(&k, mod->phi, mod->theta, mod->Phi, mod->Theta);
	double mu = s->constant ? mod->mu : 0;
	int r = k.r;
	if (kalman(&k, mu) < 0)
		memset(k.st, 0, (size_t)r * sizeof *k.st); /* unreachable for accepted fits */
	/* w forecasts from a_{N+1|N}, then y by undifferencing */
	diff_poly(s->d, s->D, s->m, dp);
	memcpy(yy, y, n * sizeof *yy);
	for (int i = 0; i < h; i++) {
		double wf = mu + k.st[0];
		double a0 = k.st[0];
		for (int j = 0; j < r; j++)
			k.st[j] = k.Tc[j] * a0 + (j + 1 < r ? k.st[j + 1] : 0);
		double v = wf;
		for (size_t j = 1; j <= lag; j++)
			v -= dp[j] * yy[n + (size_t)i - j];
		yy[n + (size_t)i] = v;
		out->point[i] = v;
	}
	/* psi weights of theta*(B) / (phi*(B) Delta(B)) */
	{
		int pp = k.pp, qq = k.qq;
		size_t lg = (size_t)pp + lag;
		double *g = calloc(lg + 1, sizeof *g), *psi = malloc((size_t)h * sizeof *psi);
		if (g == NULL || psi == NULL) {
			free(g);
			free(psi);
			goto oom;
		}
		/* G(B) = (1 - sum a_i B^i) Delta(B); y_t = -sum_{k>=1} G_k y_{t-k} + ... */
		for (size_t i = 0; i <= (size_t)pp; i++) {
			double ai = i == 0 ? 1 : -k.a[i];
			for (size_t j = 0; j <= lag; j++)
				g[i + j] += ai * dp[j];
		}
		double cum = 0;
		for (int j = 0; j < h; j++) {
			double v = j == 0 ? 1 : (j <= qq ? k.b[j] : 0);
			for (size_t i = 1; i <= lg && i <= (size_t)j; i++)
				v -= g[i] * psi[j - (int)i];
			psi[j] = v;
			cum += v * v;
			var[j] = mod->sigma2 * cum;
		}
		free(g);
		free(psi);
	}
	fill_intervals(out, var, h);
	rc = 0;
	goto done;
oom:
	set_err(err, errlen, "arima: out of memory");
done:
	work_free(&k);
	free(w);
	free(yy);
	free(var);
	free(dp);
	return rc;
}

void ec_arima_describe(const struct ec_arima_model *mod, char *desc, size_t desc_len)
{
	const struct ec_arima_spec *s = &mod->spec;
	if (desc == NULL || desc_len == 0)
		return;
	int len = snprintf(desc, desc_len, "ARIMA(%d,%d,%d)", s->p, s->d, s->q);
	if (s->m > 1 && (s->P || s->D || s->Q) && len >= 0 && (size_t)len < desc_len)
		len += snprintf(desc + len, desc_len - (size_t)len, "(%d,%d,%d)[%d]", s->P, s->D, s->Q,
		                s->m);
	if (s->constant && len >= 0 && (size_t)len < desc_len)
		snprintf(desc + len, desc_len - (size_t)len, "%s",
		         s->d + s->D == 0 ? " with non-zero mean" : " with drift");
}

/* ---- unit-root and seasonality tests ---- */

double ec_arima_kpss(const double *x, size_t n)
{
	if (n < 2 || is_constant(x, n))
		return 0;
	double mu = mean_of(x, n), s2 = 0, num = 0, S = 0;
	for (size_t t = 0; t < n; t++) {
		double e = x[t] - mu;
		S += e;
		num += S * S;
		s2 += e * e;
	}
	/* forecast's ndiffs: lag trunc(3 sqrt(n) / 13) */
	size_t l = (size_t)trunc(3 * sqrt((double)n) / 13);
	for (size_t j = 1; j <= l && j < n; j++) {
		double c = 0;
		for (size_t t = j; t < n; t++)
			c += (x[t] - mu) * (x[t - j] - mu);
		s2 += 2 * (1 - (double)j / (double)(l + 1)) * c;
	}
	s2 /= (double)n;
	if (!(s2 > 0))
		return 0;
	return num / ((double)n * (double)n * s2);
}

int ec_arima_ndiffs(const double *x, size_t n)
{
	/* 5% critical value of the level-stationarity KPSS test (KPSS 1992,
	 * table 1): 0.463 */
	const double crit = 0.463;
	if (n < 3 || is_constant(x, n))
		return 0;
	double *w = malloc(n * sizeof *w);
	if (w == NULL)
		return 0;
	memcpy(w, x, n * sizeof *w);
	int d = 0;
	size_t len = n;
	while (d < 2 && len >= 3 && ec_arima_kpss(w, len) > crit) {
		for (size_t t = 0; t + 1 < len; t++)
			w[t] = w[t + 1] - w[t];
		len--;
		d++;
		if (is_constant(w, len))
			break;
	}
	free(w);
	return d;
}

/* Seasonal differences: 1 when the STL seasonal strength
 * max(0, 1 - var(R) / var(R + S)) exceeds 0.64 (forecast's nsdiffs,
 * test "seas"); 0 for series of no more than 2m values. */
static int nsdiffs(const double *x, size_t n, int m)
{
	if (m <= 1 || n <= 2 * (size_t)m || is_constant(x, n))
		return 0;
	double *buf = malloc(3 * n * sizeof *buf);
	if (buf == NULL)
		return 0;
	double *S = buf, *T = buf + n, *R = buf + 2 * n;
	int D = 0;
	if (ec_stl(x, n, m, 11, 0, S, T, R, NULL, 0) == 0) {
		double vr = 0, vrs = 0, mr = 0, mrs = 0;
		for (size_t t = 0; t < n; t++) {
			mr += R[t];
			mrs += R[t] + S[t];
		}
		mr /= (double)n;
		mrs /= (double)n;
		for (size_t t = 0; t < n; t++) {
			vr += (R[t] - mr) * (R[t] - mr);
			vrs += (R[t] + S[t] - mrs) * (R[t] + S[t] - mrs);
		}
		double strength = vrs > 0 ? 1 - vr / vrs : 0;
		D = strength > 0.64;
	}
	free(buf);
	return D;
}

/* ---- automatic selection ---- */

struct cand {
	int p, q, P, Q, c;
	double ic;
};

struct search {
	const double *w;
	size_t N;
	int d, D, m, exact;
	struct cand *tried;
	int ntried, cap;
	double best_ic;
	struct cand best;
	int oom;
};

static int seen(const struct search *S, int p, int q, int P, int Q, int c)
{
	for (int i = 0; i < S->ntried; i++) {
		const struct cand *t = &S->tried[i];
		if (t->p == p && t->q == q && t->P == P && t->Q == Q && t->c == c)
			return 1;
	}
	return 0;
}

/* Fit one candidate (unless seen); 1 when it became the best. */
static int try_model(struct search *S, int p, int q, int P, int Q, int c)
{
	if (seen(S, p, q, P, Q, c) || S->ntried >= S->cap)
		return 0;
	struct ec_arima_spec spec = {p, S->d, q, P, S->D, Q, S->m, c};
	struct ec_arima_model mod;
	double ic = INFINITY;
	int npar = p + q + P + Q + c;
	if (S->N > (size_t)npar + 2) {
		int rc = fit_w(S->w, S->N, &spec, S->exact, &mod);
		if (rc < 0)
			S->oom = 1;
		else if (rc == 0)
			ic = mod.aicc;
	}
	struct cand *t = &S->tried[S->ntried++];
	*t = (struct cand){p, q, P, Q, c, ic};
	if (ic < S->best_ic) {
		S->best_ic = ic;
		S->best = *t;
		return 1;
	}
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	double x = ((const struct cand *)a)->ic, y = ((const struct cand *)b)->ic;
	return (x > y) - (x < y);
}

static void random_walk_fc(const double *y, size_t n, int h, struct ec_fc *out)
{
	double s2 = 0;
	for (size_t t = 1; t < n; t++)
		s2 += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
	s2 = n > 1 ? s2 / (double)(n - 1) : 0;
	double *var = malloc((size_t)h * sizeof *var);
	for (int i = 0; i < h; i++) {
		out->point[i] = y[n - 1];
		if (var)
			var[i] = s2 * (i + 1);
	}
	if (var) {
		fill_intervals(out, var, h);
		free(var);
	} else {
		for (int i = 0; i < h; i++)
			out->lo80[i] = out->hi80[i] = out->lo95[i] = out->hi95[i] = out->point[i];
	}
}

int ec_arima_auto_model(const double *y, size_t n, int m, int seasonal, int h,
                        struct ec_fc *out, struct ec_arima_model *modout, char *desc,
                        size_t desc_len, char *err, size_t errlen)
{
	if (check_input(y, n, err, errlen) < 0)
		return -1;
	if (h < 1 || out == NULL) {
		set_err(err, errlen, "arima: horizon %d is not positive", h);
		return -1;
	}
	if (m < 1) {
		set_err(err, errlen, "arima: season length %d is not positive", m);
		return -1;
	}
	struct ec_arima_model mod;
	memset(&mod, 0, sizeof mod);
	if (desc && desc_len)
		desc[0] = 0;
	if (!seasonal)
		m = 1;
	if (is_constant(y, n)) {
		mod.spec = (struct ec_arima_spec){0, 0, 0, 0, 0, 0, m, 1};
		mod.mu = y[0];
		mod.nobs = n;
		mod.loglik = NAN;
		mod.aic = mod.aicc = mod.bic = -INFINITY;
		for (int i = 0; i < h; i++)
			out->point[i] = out->lo80[i] = out->hi80[i] = out->lo95[i] = out->hi95[i] = y[0];
		ec_arima_describe(&mod, desc, desc_len);
		if (modout)
			*modout = mod;
		return 0;
	}
	if (n < 4) {
		mod.spec = (struct ec_arima_spec){0, 1, 0, 0, 0, 0, 1, 0};
		mod.nobs = n - 1;
		mod.loglik = NAN;
		mod.aic = mod.aicc = mod.bic = NAN;
		random_walk_fc(y, n, h, out);
		snprintf(desc, desc_len, "ARIMA(0,1,0) (fallback: %zu values)", n);
		if (modout)
			*modout = mod;
		return 0;
	}
	int D = m > 1 ? nsdiffs(y, n, m) : 0;
	double *w = malloc(n * sizeof *w);
	struct cand *tried = malloc(128 * sizeof *tried);
	if (w == NULL || tried == NULL) {
		free(w);
		free(tried);
		set_err(err, errlen, "arima: out of memory");
		return -1;
	}
	size_t Nd = difference(y, n, 0, D, m, w);
	int d = ec_arima_ndiffs(w, Nd);
	size_t N = difference(y, n, d, D, m, w);
	while (N < 3 && (d > 0 || D > 0)) {
		if (D > 0)
			D = 0;
		else
			d--;
		N = difference(y, n, d, D, m, w);
	}
	int allowc = d + D <= 1;
	int rc = 0;
	if (is_constant(w, N)) {
		/* a deterministic (differenced) series: mean or drift only */
		mod.spec = (struct ec_arima_spec){0, d, 0, 0, D, 0, m, allowc && fabs(w[0]) > 0};
		mod.mu = mod.spec.constant ? w[0] : 0;
		mod.sigma2 = 0;
		mod.nobs = N;
		mod.loglik = NAN;
		mod.aic = mod.aicc = mod.bic = -INFINITY;
		goto forecast;
	}
	int max_p = (int)(n / 3) < 5 ? (int)(n / 3) : 5, max_q = max_p;
	int max_P = m > 1 ? (int)(n / 3 / (size_t)m) : 0;
	if (max_P > 2)
		max_P = 2;
	if (m > EC_ARIMA_MAX_SEASONAL_ARMA)
		max_P = 0;
	int max_Q = max_P; /* auto.arima's stepwise search ignores max.order */
	if (max_P > 0 && max_p > m - 1)
		max_p = m - 1;
	if (max_Q > 0 && max_q > m - 1)
		max_q = m - 1;
	struct search S = {w, N, d, D, m, !(n > 150 || m > 12), tried, 0, 94, INFINITY, {0}, 0};
	int p = max_p < 2 ? max_p : 2, q = max_q < 2 ? max_q : 2;
	int P = max_P < 1 ? max_P : 1, Q = max_Q < 1 ? max_Q : 1, c = allowc;
	try_model(&S, p, q, P, Q, c);
	try_model(&S, 0, 0, 0, 0, c);
	if (max_p > 0 || max_P > 0)
		try_model(&S, max_p > 0, 0, max_P > 0, 0, c);
	if (max_q > 0 || max_Q > 0)
		try_model(&S, 0, max_q > 0, 0, max_Q > 0, c);
	if (c)
		try_model(&S, 0, 0, 0, 0, 0);
	if (isfinite(S.best_ic)) {
		p = S.best.p, q = S.best.q, P = S.best.P, Q = S.best.Q, c = S.best.c;
	}
	/* Hyndman-Khandakar step 2: move to the first better neighbour, again
	 * from the top of the list, until no neighbour improves. */
	int startk = -1;
	while (startk < S.ntried && S.ntried < S.cap) {
		startk = S.ntried;
		static const int nb[16][4] = {
		    {0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0},  {0, 0, 0, 1},
		    {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
		    {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0},  {0, 1, 0, 0},
		    {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0},
		};
		int moved = 0;
		for (int i = 0; i < 16 && !moved; i++) {
			int np = p + nb[i][0], nq = q + nb[i][1], nP = P + nb[i][2], nQ = Q + nb[i][3];
			if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > max_p || nq > max_q ||
			    nP > max_P || nQ > max_Q)
				continue;
			if (try_model(&S, np, nq, nP, nQ, c)) {
				p = np, q = nq, P = nP, Q = nQ;
				moved = 1;
			}
		}
		if (!moved && allowc && try_model(&S, p, q, P, Q, !c)) {
			c = !c;
			moved = 1;
		}
	}
	if (S.oom) {
		rc = -1;
		set_err(err, errlen, "arima: out of memory");
		goto out;
	}
	/* Refit exactly, in order of the search criterion, until one passes
	 * (with exact search fits this simply refits the winner). */
	qsort(S.tried, (size_t)S.ntried, sizeof *S.tried, cmp_cand);
	int found = 0;
	for (int i = 0; i < S.ntried && isfinite(S.tried[i].ic) && !found; i++) {
		struct cand *t = &S.tried[i];
		struct ec_arima_spec spec = {t->p, d, t->q, t->P, D, t->Q, m, t->c};
		int r2 = fit_w(w, N, &spec, 1, &mod);
		if (r2 < 0) {
			rc = -1;
			set_err(err, errlen, "arima: out of memory");
			goto out;
		}
		found = r2 == 0 && isfinite(mod.aicc);
	}
	if (!found) {
		struct ec_arima_spec spec = {0, d, 0, 0, D, 0, m, allowc};
		if (fit_w(w, N, &spec, 1, &mod) != 0 || !isfinite(mod.loglik)) {
			/* the mean model cannot fail short of memory; keep the estimate */
			mod.spec = spec;
			mod.mu = allowc ? mean_of(w, N) : 0;
			mod.sigma2 = sd_of(w, N) * sd_of(w, N);
		}
	}
forecast:
	if (ec_arima_forecast(y, n, &mod, h, out, err, errlen) < 0) {
		rc = -1;
		goto out;
	}
	ec_arima_describe(&mod, desc, desc_len);
	if (modout)
		*modout = mod;
out:
	free(w);
	free(tried);
	return rc;
}

int ec_arima_auto(const double *y, size_t n, int m, int h, struct ec_fc *out, char *desc,
                  size_t desc_len, double *aicc, char *err, size_t errlen)
{
	struct ec_arima_model mod;
	int rc = ec_arima_auto_model(y, n, m, 1, h, out, &mod, desc, desc_len, err, errlen);
	if (rc == 0 && aicc)
		*aicc = isfinite(mod.aicc) ? mod.aicc : NAN;
	return rc;
}
