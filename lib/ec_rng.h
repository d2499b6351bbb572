/*
 * ec_rng: a small, documented, reproducible pseudo-random number generator
 * and the distributions that the synthetic shop (ec_synth.h) and, later,
 * the randomised methods (SGD shuffles, LDA Gibbs sampling, bootstrap) draw
 * from.
 *
 * The generator is xoshiro256** 1.0 (D. Blackman and S. Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47(4), 2021; preprint
 * 2018): 256 bits of state, period 2^256 - 1, passes BigCrush and PractRand,
 * a few instructions per 64-bit output. Its state is filled from a 64-bit
 * seed by splitmix64 (G. Steele, D. Lea and C. Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), as the xoshiro authors
 * recommend, so that seeds 0, 1, 2 ... give unrelated states. Independent
 * streams for separate concerns come from ec_rng_seed_stream (a different
 * splitmix64 start per stream) or ec_rng_jump (2^128 steps ahead).
 *
 * Everything is deterministic given the seed: the same seed and the same
 * sequence of calls give the same numbers on every platform with IEEE 754
 * doubles and a correctly rounded libm for exp/log/sqrt (glibc; the
 * transcendental functions enter only the continuous distributions).
 * Nothing here allocates except ec_alias_init; nothing prints or exits.
 */
#ifndef EC_RNG_H
#define EC_RNG_H

#include <stddef.h>
#include <stdint.h>

struct ec_rng {
	uint64_t s[4];      /* xoshiro256** state, never all zero */
	double spare;       /* second normal of the last polar pair */
	int has_spare;
};

/* One step of splitmix64: advances *state by the golden gamma and returns
 * the mixed output (Steele, Lea and Flood 2014; Vigna's splitmix64.c). */
uint64_t ec_splitmix64(uint64_t *state);

/* Fill the state from `seed` with four splitmix64 outputs. */
void ec_rng_seed(struct ec_rng *r, uint64_t seed);
/* A stream of its own for each (seed, stream) pair: the splitmix64 start is
 * seed mixed with stream, so stream k of seed s never overlaps in practice
 * with another stream (the states are 2^256 apart on average). */
void ec_rng_seed_stream(struct ec_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits (xoshiro256**). */
uint64_t ec_rng_u64(struct ec_rng *r);
/* Advance by 2^128 calls of ec_rng_u64 (the xoshiro jump polynomial):
 * 2^128 non-overlapping subsequences for parallel workers. */
void ec_rng_jump(struct ec_rng *r);

/* Uniform on [0, 1): the top 53 bits times 2^-53 (every value a multiple
 * of 2^-53, each with the same probability). */
double ec_rng_uniform(struct ec_rng *r);
/* Uniform on (0, 1): never 0, for logarithms. */
double ec_rng_uniform_pos(struct ec_rng *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias (D. Lemire, "Fast
 * random integer generation in an interval", ACM TOMACS 29(1), 2019). */
uint64_t ec_rng_below(struct ec_rng *r, uint64_t n);
/* 1 with probability p (p <= 0: never; p >= 1: always). */
int ec_rng_bernoulli(struct ec_rng *r, double p);

/* Standard normal N(0, 1) by Marsaglia's polar method (G. Marsaglia and
 * T. A. Bray, "A convenient method for generating normal variables", SIAM
 * Review 6(3), 1964); the pair's second value is kept for the next call. */
double ec_rng_normal(struct ec_rng *r);
/* exp(N(mu, sigma^2)): median exp(mu), mean exp(mu + sigma^2/2). */
double ec_rng_lognormal(struct ec_rng *r, double mu, double sigma);
/* Exponential with rate 1 (mean 1), by inversion: -log(U), U in (0,1). */
double ec_rng_exponential(struct ec_rng *r);

/* Gamma(shape, 1), shape > 0 (mean and variance both shape), by G.
 * Marsaglia and W. W. Tsang, "A simple method for generating gamma
 * variables", ACM TOMS 26(3), 2000; shape < 1 via their boost
 * Gamma(shape + 1) * U^(1/shape) (same paper, section 6). Scale by
 * multiplying the result. Returns NaN for shape <= 0. */
double ec_rng_gamma(struct ec_rng *r, double shape);
/* Beta(a, b) as X / (X + Y), X ~ Gamma(a), Y ~ Gamma(b). */
double ec_rng_beta(struct ec_rng *r, double a, double b);
/* Dirichlet(alpha[0..k)) into theta[0..k) by normalised gammas (e.g.
 * Devroye, "Non-Uniform Random Variate Generation", 1986, XI.4). When every
 * gamma underflows to 0 (all alpha tiny) the limit is used: one component,
 * chosen with probability alpha_i / sum(alpha), gets 1. */
void ec_rng_dirichlet(struct ec_rng *r, const double *alpha, size_t k, double *theta);

/* Poisson(lambda), lambda >= 0: inversion by sequential search for lambda <
 * 10 (Devroye 1986, X.3.3), otherwise the transformed rejection method PTRS
 * (W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12, 1993), which
 * needs O(1) uniforms whatever lambda. */
uint64_t ec_rng_poisson(struct ec_rng *r, double lambda);
/* Negative binomial with mean `mean` and size (dispersion) `size` > 0:
 * variance mean + mean^2/size, as the Gamma-Poisson mixture
 * Poisson(Gamma(size) * mean / size) (Greenwood and Yule 1920). A large
 * size tends to Poisson(mean). */
uint64_t ec_rng_negbin(struct ec_rng *r, double mean, double size);

/* Index in [0, n) with probability w[i] / sum(w) by one linear scan: for
 * small n or weights that change between draws. All w[i] >= 0, sum > 0;
 * otherwise 0. */
size_t ec_rng_categorical(struct ec_rng *r, const double *w, size_t n);

/*
 * Walker's alias method in Vose's numerically stable form (A. J. Walker,
 * "An efficient method for generating discrete random variables with
 * general distributions", ACM TOMS 3(3), 1977; M. D. Vose, "A linear
 * algorithm for generating random numbers with a given distribution", IEEE
 * TSE 17(9), 1991): O(n) set-up, O(1) per draw, for fixed weights.
 */
struct ec_alias {
	size_t n;
	double *prob;       /* owned: acceptance probability of column i */
	uint32_t *alias;    /* owned: the other outcome of column i */
};
/* Build from w[0..n), n >= 1, w[i] >= 0, sum > 0. 0, or -1 (ENOMEM, or bad
 * weights: EINVAL); a->n is 0 after a failure. */
int ec_alias_init(struct ec_alias *a, const double *w, size_t n);
size_t ec_alias_sample(const struct ec_alias *a, struct ec_rng *r);
void ec_alias_free(struct ec_alias *a);

/*
 * Zipf on {1, ..., n}: P(k) = k^-s / H(n, s), s > 0, by rejection-inversion
 * (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", ACM TOMACS 6(3), 1996), as in
 * Apache Commons RNG: O(1) memory and expected time for any n.
 */
struct ec_zipf {
	uint64_t n;
	double s;           /* exponent */
	double hx1, hn, t;  /* H(1.5) - 1, H(n + 0.5), the squeeze threshold */
};
/* 0, or -1 when n == 0 or s <= 0. */
int ec_zipf_init(struct ec_zipf *z, uint64_t n, double s);
uint64_t ec_zipf_sample(const struct ec_zipf *z, struct ec_rng *r);

/* Fisher-Yates shuffle of a[0..n) (Durstenfeld 1964). */
void ec_rng_shuffle_u32(struct ec_rng *r, uint32_t *a, size_t n);

#endif
