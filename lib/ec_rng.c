/*
 * ec_rng.c: xoshiro256** seeded by splitmix64 and the distributions of
 * ec_rng.h. Each sampler follows its paper (cited in the header) step by
 * step, with the paper's names for its constants, so that it can be checked
 * against the source; tests/unit/test_rng.c checks the generator against
 * published outputs and every distribution's moments.
 */
#include "ec_rng.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

uint64_t ec_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void ec_rng_seed(struct ec_rng *r, uint64_t seed)
{
	uint64_t st = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = ec_splitmix64(&st);
	/* splitmix64 is a bijection of a counter: four zero outputs in a row
	 * cannot happen, but the generator must never start from all zeros */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
	r->has_spare = 0;
	r->spare = 0;
}

void ec_rng_seed_stream(struct ec_rng *r, uint64_t seed, uint64_t stream)
{
	/* mix the stream number through splitmix64 first, so that streams
	 * k and k+1 do not start one golden gamma apart */
	uint64_t st = stream ^ 0x5851f42d4c957f2dULL;
	uint64_t m = ec_splitmix64(&st);
	ec_rng_seed(r, seed ^ m);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t ec_rng_u64(struct ec_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void ec_rng_jump(struct ec_rng *r)
{
	static const uint64_t JUMP[] = { 0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
	                                 0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL };
	uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	for (int i = 0; i < 4; i++)
		for (int b = 0; b < 64; b++) {
			if (JUMP[i] & (1ULL << b)) {
				s0 ^= r->s[0];
				s1 ^= r->s[1];
				s2 ^= r->s[2];
				s3 ^= r->s[3];
			}
			ec_rng_u64(r);
		}
	r->s[0] = s0;
	r->s[1] = s1;
	r->s[2] = s2;
	r->s[3] = s3;
	r->has_spare = 0;
}

double ec_rng_uniform(struct ec_rng *r)
{
	return (double)(ec_rng_u64(r) >> 11) * 0x1.0p-53;
}

double ec_rng_uniform_pos(struct ec_rng *r)
{
	/* the centre of one of the 2^53 cells: never 0, never 1 */
	return ((double)(ec_rng_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

uint64_t ec_rng_below(struct ec_rng *r, uint64_t n)
{
	if (n <= 1)
		return 0;
	uint64_t x = ec_rng_u64(r);
	unsigned __int128 m = (unsigned __int128)x * n;
	uint64_t l = (uint64_t)m;
	if (l < n) {
		uint64_t t = (0 - n) % n; /* 2^64 mod n */
		while (l < t) {
			x = ec_rng_u64(r);
			m = (unsigned __int128)x * n;
			l = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

int ec_rng_bernoulli(struct ec_rng *r, double p)
{
	return ec_rng_uniform(r) < p;
}

double ec_rng_normal(struct ec_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u, v, s;
	do {
		u = 2.0 * ec_rng_uniform(r) - 1.0;
		v = 2.0 * ec_rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	double f = sqrt(-2.0 * log(s) / s);
	r->spare = v * f;
	r->has_spare = 1;
	return u * f;
}

double ec_rng_lognormal(struct ec_rng *r, double mu, double sigma)
{
	return exp(mu + sigma * ec_rng_normal(r));
}

double ec_rng_exponential(struct ec_rng *r)
{
	return -log(ec_rng_uniform_pos(r));
}

double ec_rng_gamma(struct ec_rng *r, double a)
{
	if (!(a > 0))
		return NAN;
	if (a < 1.0) {
		/* Marsaglia and Tsang, section 6: Gamma(a) = Gamma(a+1) U^(1/a) */
		double g = ec_rng_gamma(r, a + 1.0);
		return g * pow(ec_rng_uniform_pos(r), 1.0 / a);
	}
	double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x, v;
		do {
			x = ec_rng_normal(r);
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		double u = ec_rng_uniform_pos(r);
		double x2 = x * x;
		if (u < 1.0 - 0.0331 * x2 * x2) /* the squeeze */
			return d * v;
		if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
			return d * v;
	}
}

double ec_rng_beta(struct ec_rng *r, double a, double b)
{
	double x = ec_rng_gamma(r, a), y = ec_rng_gamma(r, b);
	if (x + y == 0)
		return ec_rng_uniform(r) < a / (a + b) ? 1.0 : 0.0;
	return x / (x + y);
}

void ec_rng_dirichlet(struct ec_rng *r, const double *alpha, size_t k, double *theta)
{
	double sum = 0;
	for (size_t i = 0; i < k; i++) {
		theta[i] = ec_rng_gamma(r, alpha[i]);
		sum += theta[i];
	}
	if (sum > 0) {
		for (size_t i = 0; i < k; i++)
			theta[i] /= sum;
		return;
	}
	size_t j = ec_rng_categorical(r, alpha, k);
	for (size_t i = 0; i < k; i++)
		theta[i] = i == j;
}

/* Hörmann 1993, algorithm PTRS, for lambda >= 10. */
static uint64_t poisson_ptrs(struct ec_rng *r, double lam)
{
	double slam = sqrt(lam), loglam = log(lam);
	double b = 0.931 + 2.53 * slam;
	double a = -0.059 + 0.02483 * b;
	double invalpha = 1.1239 + 1.1328 / (b - 3.4);
	double vr = 0.9277 - 3.6224 / (b - 2.0);
	for (;;) {
		double u = ec_rng_uniform(r) - 0.5;
		double v = ec_rng_uniform_pos(r);
		double us = 0.5 - fabs(u);
		double kf = floor((2.0 * a / us + b) * u + lam + 0.43);
		if (us >= 0.07 && v <= vr)
			return (uint64_t)kf;
		if (kf < 0 || (us < 0.013 && v > us))
			continue;
		if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
		    -lam + kf * loglam - lgamma(kf + 1.0))
			return (uint64_t)kf;
	}
}

uint64_t ec_rng_poisson(struct ec_rng *r, double lambda)
{
	if (!(lambda > 0))
		return 0;
	if (lambda >= 10.0)
		return poisson_ptrs(r, lambda);
	/* inversion: walk the CDF from 0; expected lambda + 1 steps */
	double u = ec_rng_uniform(r);
	double p = exp(-lambda), cdf = p;
	uint64_t k = 0;
	while (u > cdf) {
		k++;
		p *= lambda / (double)k;
		cdf += p;
		if (p < 1e-300 && k > lambda) /* u beyond the rounding of cdf */
			break;
	}
	return k;
}

uint64_t ec_rng_negbin(struct ec_rng *r, double mean, double size)
{
	if (!(mean > 0) || !(size > 0))
		return 0;
	return ec_rng_poisson(r, ec_rng_gamma(r, size) * mean / size);
}

size_t ec_rng_categorical(struct ec_rng *r, const double *w, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	if (!(sum > 0))
		return 0;
	double u = ec_rng_uniform(r) * sum;
	size_t last = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] <= 0)
			continue;
		last = i;
		if (u < w[i])
			return i;
		u -= w[i];
	}
	return last; /* rounding left u just above the last weight */
}

int ec_alias_init(struct ec_alias *a, const double *w, size_t n)
{
	a->n = 0;
	a->prob = NULL;
	a->alias = NULL;
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(w[i] >= 0) || !isfinite(w[i])) {
			errno = EINVAL;
			return -1;
		}
		sum += w[i];
	}
	if (n == 0 || n > UINT32_MAX || !(sum > 0)) {
		errno = EINVAL;
		return -1;
	}
	double *p = malloc(n * sizeof *p);
	uint32_t *work = malloc(n * sizeof *work);
	a->prob = malloc(n * sizeof *a->prob);
	a->alias = malloc(n * sizeof *a->alias);
	if (!p || !work || !a->prob || !a->alias) {
		free(p);
		free(work);
		ec_alias_free(a);
		errno = ENOMEM;
		return -1;
	}
	/* Vose: small outcomes fill work[] from the front, large from the back */
	size_t ns = 0, nl = n;
	for (size_t i = 0; i < n; i++) {
		p[i] = w[i] * (double)n / sum;
		if (p[i] < 1.0)
			work[ns++] = (uint32_t)i;
		else
			work[--nl] = (uint32_t)i;
	}
	size_t ls = ns, ll = nl; /* ends of the two stacks */
	while (ls > 0 && ll < n) {
		uint32_t s = work[--ls], g = work[ll];
		a->prob[s] = p[s];
		a->alias[s] = g;
		p[g] = (p[g] + p[s]) - 1.0;
		if (p[g] < 1.0) {
			ll++;
			work[ls++] = g;
		}
	}
	while (ll < n) {
		uint32_t g = work[ll++];
		a->prob[g] = 1.0;
		a->alias[g] = g;
	}
	while (ls > 0) { /* only through rounding */
		uint32_t s = work[--ls];
		a->prob[s] = 1.0;
		a->alias[s] = s;
	}
	free(p);
	free(work);
	a->n = n;
	return 0;
}

size_t ec_alias_sample(const struct ec_alias *a, struct ec_rng *r)
{
	size_t i = (size_t)ec_rng_below(r, a->n);
	return ec_rng_uniform(r) < a->prob[i] ? i : a->alias[i];
}

void ec_alias_free(struct ec_alias *a)
{
	free(a->prob);
	free(a->alias);
	a->prob = NULL;
	a->alias = NULL;
	a->n = 0;
}

/* log1p(x)/x and expm1(x)/x, continuous at 0 (Apache Commons RNG). */
static double helper1(double x)
{
	if (fabs(x) > 1e-8)
		return log1p(x) / x;
	return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

static double helper2(double x)
{
	if (fabs(x) > 1e-8)
		return expm1(x) / x;
	return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}

/* H(x) = integral of h(t) = t^-s: (x^(1-s) - 1) / (1 - s), log x at s = 1 */
static double zipf_H(double s, double x)
{
	double lx = log(x);
	return helper2((1.0 - s) * lx) * lx;
}

static double zipf_h(double s, double x)
{
	return exp(-s * log(x));
}

static double zipf_Hinv(double s, double x)
{
	double t = x * (1.0 - s);
	if (t < -1.0)
		t = -1.0;
	return exp(helper1(t) * x);
}

int ec_zipf_init(struct ec_zipf *z, uint64_t n, double s)
{
	if (n == 0 || !(s > 0) || !isfinite(s))
		return -1;
	z->n = n;
	z->s = s;
	z->hx1 = zipf_H(s, 1.5) - 1.0;
	z->hn = zipf_H(s, (double)n + 0.5);
	z->t = 2.0 - zipf_Hinv(s, zipf_H(s, 2.5) - zipf_h(s, 2.0));
	return 0;
}

uint64_t ec_zipf_sample(const struct ec_zipf *z, struct ec_rng *r)
{
	for (;;) {
		/* u uniform on (hx1, hn]: the area under the hat */
		double u = z->hn + ec_rng_uniform(r) * (z->hx1 - z->hn);
		double x = zipf_Hinv(z->s, u);
		double kf = floor(x + 0.5);
		if (kf < 1)
			kf = 1;
		else if (kf > (double)z->n)
			kf = (double)z->n;
		if (kf - x <= z->t || u >= zipf_H(z->s, kf + 0.5) - zipf_h(z->s, kf))
			return (uint64_t)kf;
	}
}

void ec_rng_shuffle_u32(struct ec_rng *r, uint32_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)ec_rng_below(r, i);
		uint32_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}
