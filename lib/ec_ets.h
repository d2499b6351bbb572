/*
 * ec_ets: exponential smoothing in innovations state-space form, ETS(E,T,S)
 * with error E in {A, M}, trend T in {N, A, Ad} and season S in {N, A, M}
 * (Hyndman, Koehler, Snyder & Grose 2002, "A state space framework for
 * automatic forecasting using exponential smoothing methods", IJF 18;
 * Hyndman, Koehler, Ord & Snyder 2008, "Forecasting with Exponential
 * Smoothing", Springer; the same model set and selection as R's forecast::ets
 * with its defaults: no multiplicative trend, no additive error with a
 * multiplicative season, multiplicative parts only for positive data, seasonal
 * models only for 1 < m <= 24).
 *
 * SES, Holt and damped Holt are ETS(A,N,N), ETS(A,A,N) and ETS(A,Ad,N) fitted
 * by maximum likelihood, as forecast::ses/holt do.
 *
 * Fitting: the parameters (alpha, beta, gamma, phi) and the initial states
 * (l0, b0 and s0[1..m-1]; s0[0] makes the seasonal states sum to 0 for an
 * additive season, m for a multiplicative one) jointly maximise the Gaussian
 * likelihood (HKOS 2008 eq. 5.2/5.3: n log(SSE) for additive errors, plus
 * 2 sum log|yhat| for multiplicative ones), as forecast::ets with its
 * defaults (bounds = "both", opt.crit = "lik"): start from forecast::ets's
 * initparam and initstate (seasonal figure of a classical decomposition of
 * the series, level and slope from the first max(10, 2m) adjusted values),
 * Nelder-Mead in Nash's variant (R's optim: 2000 evaluations, relative
 * tolerance sqrt(DBL_EPSILON)), inside the 'usual' bounds
 * 1e-4 <= alpha <= 0.9999, 1e-4 <= beta <= alpha, 1e-4 <= gamma <= 1 - alpha,
 * 0.8 <= phi <= 0.98, multiplicative seasonal states >= 0, and, for seasonal
 * models, the 'admissible' region (HKOS 2008 sec. 10.2; eigenvalues of the
 * discount matrix inside the unit circle).
 *
 * Prediction intervals: analytic for the linear class (additive error,
 * no or additive season: HKOS 2008 ch. 6, Table 6.1, class 1), simulated
 * (sample paths with Gaussian innovations, empirical quantiles) otherwise.
 */
#ifndef EC_ETS_H
#define EC_ETS_H

#include <stddef.h>
#include <stdint.h>

#include "ec_fc.h"

enum { EC_ETS_N = 0, EC_ETS_A = 1, EC_ETS_M = 2, EC_ETS_AD = 3 };
#define EC_ETS_MAXM 24
#define EC_NM_MAXK 32 /* most parameters for ec_nelder_mead */

struct ec_ets_model {
	int error, trend, season;  /* error A|M; trend N|A|AD; season N|A|M */
	int m;                     /* season length (1 when season is N) */
	double alpha, beta, gamma, phi;
	double l0, b0, s0[EC_ETS_MAXM]; /* s0[j]: seasonal state used at t = j */
	/* after fitting: */
	double loglik;             /* Gaussian log-likelihood, constants included */
	double aic, aicc, bic;
	double sigma2;             /* innovation variance: SSE / (n - np) */
	int np;                    /* parameters counted in the criteria (+ sigma) */
	/* states after the last observation, for forecasting: */
	double l, b, s[EC_ETS_MAXM];/* s[j]: seasonal state for time index = j mod m */
	size_t n;
};

/*
 * Log-likelihood of y[0..n) under `mod` with its parameters and initial
 * states as they are (nothing fitted): -n/2 (log(2 pi SSE/n) + 1) minus
 * sum log|yhat_t| for multiplicative errors, where the errors are
 * y - yhat (additive) or (y - yhat)/yhat (multiplicative). Sets mod->l, b,
 * s (final states). Returns -HUGE_VAL when a forecast is not positive under
 * a multiplicative part.
 */
double ec_ets_loglik(const double *y, size_t n, struct ec_ets_model *mod);

/*
 * Fit ETS(error, trend, season) with season length m to y[0..n): fills
 * *mod. 0, or -1 with a message (series too short for the model, data not
 * positive for a multiplicative part, m out of range).
 */
int ec_ets_fit(const double *y, size_t n, int m, int error, int trend, int season,
               struct ec_ets_model *mod, char *err, size_t errlen);

/*
 * h-step forecasts from a fitted model (its final states). Intervals are
 * analytic for class 1, else from `nsim` simulated paths seeded by `seed`.
 */
void ec_ets_forecast(const struct ec_ets_model *mod, int h, int nsim, uint64_t seed,
                     struct ec_fc *out);

/* "ETS(A,Ad,M)" and similar into buf. */
void ec_ets_name(const struct ec_ets_model *mod, char *buf, size_t len);

/*
 * Automatic ETS: every admissible model (see the top of this file), the one
 * of least AICc (HKOS 2008 sec. 7.1). Forecast of h steps in *out, its name
 * in desc, its AICc in *aicc (may be NULL), the model in *best (may be
 * NULL). 0, or -1 with a message when no model can be fitted (n < 3).
 */
int ec_ets_auto(const double *y, size_t n, int m, int h, uint64_t seed, struct ec_fc *out,
                char *desc, size_t desc_len, double *aicc, struct ec_ets_model *best,
                char *err, size_t errlen);

/*
 * Nelder-Mead minimiser (Nelder & Mead 1965; coefficients 1, 2, 1/2, 1/2)
 * of f over R^k from x (k <= EC_NM_MAXK; x is overwritten by the best point), with
 * initial steps `step`, at most maxeval evaluations, stopping when the
 * simplex's function values agree within tol (relative). Returns the minimum.
 */
double ec_nelder_mead(double (*f)(const double *x, void *ctx), void *ctx, double *x,
                      const double *step, int k, int maxeval, double tol);

#endif
