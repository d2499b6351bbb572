/*
 * ec_price: how demand answers price, the price to charge, and a market
 * simulator to compare pricing policies.
 *
 * Fit. Per item, a log-log demand regression by least squares (Householder
 * QR through LAPACK dgeqrf/dormqr/dtrtrs/dtrtri):
 *
 *   log(qty + 1/2) = a + e log(price) + b promo + g log(comp_price)
 *                    + d trend + sum_k w_k [weekday = k] + u
 *
 * e is the price elasticity holding the competitor's price fixed; g is
 * also the coefficient of log(comp_price / price) when the model is
 * written with the ratio (a + (e+g) log p + g log(c/p)). The 1/2 keeps
 * periods without sales and cancels the first-order bias of the log of a
 * Poisson count: E log(q + c) = log mu + (c - 1/2)/mu + O(mu^-2). Controls
 * enter only when they vary (promo, competitor price), the trend when the
 * item spans at least two periods, weekday dummies when the periods are a
 * day or shorter. Standard errors from sigma^2 (R'R)^-1, intervals with
 * Student t quantiles on n - p degrees of freedom.
 *
 * Shrinkage. Item elasticities of a category are pooled by the random-
 * effects model e_i ~ N(mu, tau^2 + s_i^2) with tau^2 by the method of
 * moments of R. DerSimonian and N. Laird, "Meta-analysis in clinical
 * trials", Controlled Clinical Trials 7, 1986, eq. 7; each item is then
 * shrunk by the empirical-Bayes weight B_i = s_i^2 / (s_i^2 + tau^2)
 * (C. N. Morris, "Parametric empirical Bayes inference", JASA 78, 1983):
 * e_i* = B_i mu + (1 - B_i) e_i with variance (1 - B_i) s_i^2 + B_i^2
 * Var(mu). Items whose price never changed get mu with the predictive
 * variance tau^2 + Var(mu).
 *
 * Optimise. Constant elasticity demand q(p) = q0 (p / p0)^e. Profit
 * (p - c) q(p) peaks at the Lerner price p* = c e / (1 + e) for e < -1
 * (A. P. Lerner, "The concept of monopoly and the measurement of monopoly
 * power", Rev. Econ. Stud. 1, 1934); with -1 <= e < 0 it rises with p and
 * the upper bound decides. Revenue p q(p) falls with p when e < -1 and
 * rises when e > -1. Every constraint is an interval of prices, so the
 * optimum of these unimodal objectives is the unconstrained one clamped to
 * the intersection; the constraint that clamps is reported.
 *
 * Simulate. Hourly periods, Poisson demand with an hour-of-day profile, an
 * hour-dependent elasticity (willingness to pay varies over the day), a
 * competitor whose price moves, finite stock; policies choose a price
 * from a grid. Thompson sampling and its inventory-constrained form follow
 * K. J. Ferreira, D. Simchi-Levi and H. Wang, "Online network revenue
 * management using Thompson sampling", Operations Research 66(6), 2018
 * (Algorithms 1 and 2, with the LP re-solved with the remaining stock).
 *
 * The library never prints or exits; functions return 0 or -1.
 */
#ifndef EC_PRICE_H
#define EC_PRICE_H

#include <stddef.h>
#include <stdint.h>

/* ---- fit ---- */

/* One observation of an item: ts in seconds (UTC), price > 0, qty >= 0,
 * comp_price > 0 or NaN when unknown, promo 0 or 1. */
struct ec_price_obs {
	int64_t ts;
	double price, qty, comp;
	int promo;
};

enum ec_price_method {
	EC_PRICE_NONE = 0,     /* nothing to say: no estimate anywhere */
	EC_PRICE_OLS,          /* the item's own regression (no pooling) */
	EC_PRICE_EB,           /* the regression shrunk toward its category */
	EC_PRICE_CATEGORY,     /* price never changed: the category's estimate */
	EC_PRICE_GLOBAL,       /* price never changed, category has no estimate */
};
const char *ec_price_method_name(enum ec_price_method m);

/* Coefficients of one item's regression; NaN where not in the model. */
struct ec_price_fit {
	size_t n;               /* observations */
	size_t price_changes;   /* periods whose price differs from the one before */
	int method;             /* enum ec_price_method */
	double elasticity, se, lo95, hi95; /* final estimate and interval */
	double ols, ols_se;     /* the item's own regression */
	double df;              /* n - p of the regression (0 without one) */
	double shrink;          /* B_i, 0 = own estimate, 1 = category's */
	double intercept, promo, comp, trend, sigma, r2;
	double dow[7];          /* weekday effects, Monday = 0 (reference) */
	double price_ref;       /* last observed price */
	double qty_ref;         /* expected qty per period at price_ref, no promo */
	double comp_ref;        /* last competitor price, NaN if none */
	double cost;            /* last cost seen, NaN if none */
};

/*
 * Regress obs[0..n) (any order; sorted here by ts) of one item. f gets
 * n, price_changes, the regression (method OLS) or, when the price never
 * changed or too few degrees of freedom remain, method NONE with
 * elasticity NaN; price_ref and qty_ref always. 0, or -1 with a message
 * (out of memory, LAPACK failure).
 */
int ec_price_fit_item(struct ec_price_obs *obs, size_t n, struct ec_price_fit *f,
                      char *err, size_t errlen);

/*
 * DerSimonian-Laird pooling of k estimates e[i] with standard errors
 * s[i] > 0: *mu (random-effects mean), *se_mu, *tau2 (>= 0). k >= 1; with
 * k = 1 tau2 is 0 and mu = e[0].
 */
void ec_price_dersimonian_laird(const double *e, const double *s, size_t k, double *mu,
                                double *se_mu, double *tau2);

/*
 * Shrink the items fits[0..n) of categories cat[0..n) (small integers
 * < ncat) in place: EB for items with an OLS estimate, CATEGORY or GLOBAL
 * for the rest, intervals by Student t (df of the item's regression, or
 * of the pooled items' smallest df for category estimates).
 * With `pool` 0 OLS estimates are kept (method OLS) and only the items
 * without one borrow. 0 or -1 (out of memory).
 */
struct ec_price_pool {
	size_t k;               /* items with their own estimate in the pool */
	double mu, se, tau2;    /* random-effects mean, its standard error, tau^2 */
	double df;              /* k - 1 (at least 1) for t intervals */
	int global;             /* 1: the category had fewer than 3 items and
	                         * borrows the pool of all items */
};
/* pools (may be NULL): ncat + 1 entries, the pool each category used and,
 * last, the pool of all items. */
int ec_price_shrink(struct ec_price_fit *fits, const size_t *cat, size_t n, size_t ncat,
                    int pool, struct ec_price_pool *pools);

/* Student t quantile: P(T_df <= x) = p, df > 0 (df >= 1e6: normal). */
double ec_price_t_quantile(double p, double df);

/* ---- optimise ---- */

enum ec_price_objective { EC_PRICE_PROFIT = 0, EC_PRICE_REVENUE, EC_PRICE_CLEARANCE };

enum ec_price_binding {
	EC_BIND_NONE = 0,       /* interior optimum */
	EC_BIND_MIN_PRICE,      /* catalog min_price */
	EC_BIND_MAX_PRICE,      /* catalog max_price */
	EC_BIND_MIN_MARGIN,
	EC_BIND_MAX_CHANGE_UP,
	EC_BIND_MAX_CHANGE_DOWN,
	EC_BIND_COMP_LOW,       /* competitor band, lower side */
	EC_BIND_COMP_HIGH,
	EC_BIND_STOCK,          /* stock-out avoidance */
	EC_BIND_NO_ELASTICITY,  /* nothing known: price kept */
};
const char *ec_price_binding_name(int b);

struct ec_price_item {
	double price;           /* current price p0 > 0 */
	double cost;            /* unit cost, NaN unknown */
	double stock;           /* units on hand, NaN unknown */
	double comp;            /* competitor price, NaN unknown */
	double min_price, max_price; /* NaN: none */
	double elasticity, lo95, hi95; /* NaN elasticity: no estimate */
	double qty0;            /* expected qty per period at p0 */
};

struct ec_price_opts {
	int objective;          /* enum ec_price_objective */
	double min_margin;      /* (p - c) / p >= this; NaN: none */
	double max_change;      /* |p / p0 - 1| <= this; NaN: none */
	double comp_band;       /* |p / comp - 1| <= this; NaN: none */
	double ending;          /* price ending in [0, 1), e.g. 0.99; NaN: none */
	double cover;           /* stock must last this many periods; 0: off */
	double periods_left;    /* clearance: periods until the date, > 0 */
};

struct ec_price_rec {
	double price;           /* recommended */
	int binding;            /* enum ec_price_binding */
	double qty, qty_lo, qty_hi;          /* expected per period at price */
	double revenue, revenue_lo, revenue_hi;
	double profit, profit_lo, profit_hi; /* NaN without a cost */
	char reason[160];
};

/*
 * The price for one item under the options: the unconstrained optimum of
 * the objective (Lerner for profit), clamped to the intersection of the
 * constraints; when the constraints contradict each other the weaker ones
 * are dropped in the order competitor band, stock, min margin (catalog
 * bounds and the change limit always hold) and the reason says so. A price
 * ending is applied last, to the best ending price inside the bounds.
 * Quantities use q0 (p / p0)^e at the elasticity and at both ends of its
 * interval. 0, or -1 when the item is invalid (price <= 0).
 */
int ec_price_optimize(const struct ec_price_item *it, const struct ec_price_opts *o,
                      struct ec_price_rec *r);

/* ---- the LP of TS with inventory ---- */

/*
 * max sum_k r[k] x[k]  s.t.  sum_k d[k] x[k] <= cap, sum_k x[k] <= 1, x >= 0
 * (Ferreira et al. 2018, Algorithm 2, one resource): exact, by enumerating
 * the basic solutions (at most two prices are mixed), O(K^2). x[0..K) gets
 * the optimum; returns its objective. d[k] >= 0, cap >= 0.
 */
double ec_price_lp(const double *r, const double *d, size_t K, double cap, double *x);

/* ---- simulator ---- */

struct ec_price_market {
	double p_ref;           /* list price */
	double cost;
	double elasticity;      /* mean over the day, < 0 */
	double wtp_amp;         /* elasticity(h) = e (1 + amp cos(2 pi (h - 4) / 24)) */
	double base;            /* mean demand per hour at p_ref (before profiles) */
	double stock;           /* units at the start */
	double comp_effect;     /* demand factor (comp / p_ref)^comp_effect */
	size_t periods;         /* hours */
	uint64_t seed;          /* demand noise and competitor moves */
};

/* Mean demand in period t at price p (needs the competitor path). */
double ec_price_market_rate(const struct ec_price_market *m, const double *comp, size_t t,
                            double p);
/* Competitor price path comp[0..periods): a log AR(1) around p_ref. */
void ec_price_market_comp(const struct ec_price_market *m, double *comp);

enum ec_price_policy {
	EC_POL_STATIC = 0, EC_POL_DAILY, EC_POL_GREEDY, EC_POL_TS, EC_POL_TS_LP, EC_POL_DQN,
	EC_POL_ORACLE_DAILY, EC_POL_ORACLE, EC_POL_N
};
const char *ec_price_policy_name(int p);
int ec_price_policy_parse(const char *s);

struct ec_price_sim_result {
	double revenue, profit, sold, stockout_period; /* stockout_period: -1 never */
};

struct ec_dqn; /* trained agent (ec_price_dqn_train) */

/* Price grid: K multiples of p_ref, geometric from lo to hi. */
void ec_price_grid(double p_ref, double lo, double hi, size_t K, double *grid);

/*
 * Run one policy through one market over m->periods hours; demand noise
 * and the competitor's path come from m->seed (the same for every policy,
 * common random numbers), the policy's own randomness from seed ^ policy.
 * grid[0..K) are the prices a policy may choose (static charges p_ref).
 * dqn may be NULL unless policy is EC_POL_DQN. 0 or -1 (out of memory).
 */
int ec_price_simulate(const struct ec_price_market *m, int policy, const double *grid,
                      size_t K, const struct ec_dqn *dqn, struct ec_price_sim_result *res);

/* Draw a market from the default prior (see ec-price(1)): p_ref 100,
 * cost 45-60, elasticity N(-2, 0.4^2) in [-3.5, -1.2], base demand
 * lognormal around 2 per hour, stock 80% of the demand at p_ref. */
void ec_price_market_draw(struct ec_price_market *m, uint64_t seed, size_t periods,
                          double wtp_amp);

/*
 * DQN (V. Mnih et al., "Human-level control through deep reinforcement
 * learning", Nature 518, 2015): Q-network on ec_mlp, experience replay,
 * target network copied every `target_every` steps, epsilon-greedy. Trained
 * on `episodes` markets drawn from the prior (seeds disjoint from the
 * evaluation's), state = hour (sin, cos), stock left, periods left,
 * competitor price / p_ref, sales rate of the last 24 hours; action = a
 * grid price. NULL on failure (message in err).
 */
struct ec_dqn *ec_price_dqn_train(size_t periods, double wtp_amp, size_t K, double glo,
                                  double ghi, size_t episodes, uint64_t seed, char *err,
                                  size_t errlen);
void ec_price_dqn_free(struct ec_dqn *d);

/* The DQN's state in period t (EC_PRICE_DQN_STATE floats): hour of day as
 * sin and cos, stock left / initial stock, periods left / periods,
 * competitor price / p_ref - 1, sales per hour of the last 24 hours /
 * base - 1, and the stock left per period left / sales per hour of the
 * last 24 hours - 1 (the pace the stock allows). */
#define EC_PRICE_DQN_STATE 7
void ec_price_dqn_state(const struct ec_price_market *m, const double *comp, size_t t,
                        double stock_left, double recent, float *s);
/* The greedy action (grid index) of a trained agent in state s. */
int ec_price_dqn_act(const struct ec_dqn *d, const float *s);

#endif
