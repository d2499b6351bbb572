/*
 * ec_arima: seasonal ARIMA(p,d,q)(P,D,Q)[m] models, fitted by exact Gaussian
 * maximum likelihood, and their automatic order selection.
 *
 * Model. With the differencing operator Delta(B) = (1-B)^d (1-B^m)^D, the
 * differenced series w_t = Delta(B) y_t (length N = n - d - m D) satisfies
 *
 *   phi(B) Phi(B^m) (w_t - mu) = theta(B) Theta(B^m) e_t,   e_t ~ N(0, sigma2)
 *
 * with phi(B) = 1 - phi_1 B - ... - phi_p B^p, Phi(B^m) = 1 - Phi_1 B^m - ...,
 * theta(B) = 1 + theta_1 B + ... + theta_q B^q, Theta(B^m) = 1 + Theta_1 B^m
 * + ... (the sign conventions of R's arima()). mu is the mean of w: the
 * intercept when d + D = 0, the drift when d = 1, D = 0 (slope per step),
 * m times the drift when d = 0, D = 1; it is 0 when `constant` is off, and
 * always 0 when d + D > 1 (as in R's forecast::auto.arima).
 *
 * Estimation (Box, Jenkins and Reinsel, "Time Series Analysis", ch. 7; R's
 * stats::arima method "CSS-ML"): conditional sum of squares first, then the
 * exact likelihood of w computed by the Kalman filter on Harvey's state-space
 * form of the ARMA model (state dimension r = max(p + mP, q + mQ + 1); Gardner,
 * Harvey and Phillips, Applied Statistics 29, 1980, AS 154; Durbin and
 * Koopman, "Time Series Analysis by State Space Methods", 2nd ed. 2012,
 * sec. 3.4 and 5.6), sigma2 concentrated out. The initial state variance
 * solves the Lyapunov equation P = T P T' + R R'; it is built in O(r^2)
 * from the ARMA autocovariances (Brockwell and Davis 1991, sec. 3.3) row by
 * row through that equation. Once P_t reaches its steady state R R' the
 * filter switches to the plain ARMA residual recursion (the "fast
 * recursions" of AS 154). AR parameters are optimised through the
 * partial-autocorrelation transform (tanh of the PACF, Jones 1980; Monahan
 * 1984), so the AR part stays stationary; the optimiser is BFGS with
 * numerical gradients. The MA roots inside the unit circle are inverted
 * (same likelihood) at the CSS start, when the search wanders there, and at
 * the end, as R's arima does at the start; an exact fit that stays within
 * the rejection band (a root of modulus below 1.01) for ten iterations
 * after the eighth is abandoned as rejected (it would be rejected at the
 * end unless the optimiser came back; this saves most of the search time
 * on hourly data).
 * A fit is accepted only when all roots of phi(B)Phi(B^m) and of
 * theta(B)Theta(B^m) lie outside the circle of radius 1.01 (auto.arima's
 * rule), checked by the Schur-Cohn (reverse Durbin-Levinson) recursion.
 * Information criteria: AIC = -2 loglik + 2 k, k = p+q+P+Q+constant+1,
 * AICc = AIC + 2 k (k+1) / (N - k - 1), BIC = -2 loglik + k log N.
 *
 * Forecasts: the ARMA part from the filtered state at time N, then
 * undifferenced; the forecast variance of step h is sigma2 times the sum of
 * the first h squared psi weights of theta(B)Theta(B^m) / (phi(B)Phi(B^m)
 * Delta(B)) (Box-Jenkins sec. 5.1), intervals point +- z sqrt(var), z the
 * normal 80%/95% quantiles. (R's predict.Arima adds the variance of the
 * filtered state, which is negligible once the filter has converged.)
 *
 * Automatic selection (ec_arima_auto): the stepwise algorithm of Hyndman and
 * Khandakar, "Automatic time series forecasting: the forecast package for
 * R", J. Stat. Software 27(3), 2008, as implemented in R's
 * forecast::auto.arima (defaults max.p = max.q = 5, max.P = max.Q = 2,
 * start (2,2)(1,1), at most 94 models; like auto.arima's stepwise search,
 * no max.order limit; max.p = max.q = min(5, n/3, m-1 when seasonal)):
 *   D (m > 1, n > 2m): 1 when the seasonal strength of an STL decomposition
 *     (ec_stl with s.window 11; Wang, Smith and Hyndman 2006, forecast's
 *     nsdiffs test "seas") exceeds 0.64, else 0;
 *   d: repeated KPSS tests (Kwiatkowski et al. 1992, level stationarity,
 *     Bartlett window with lag trunc(3 sqrt(N) / 13) as forecast's ndiffs)
 *     at the 5% level (statistic > 0.463), up to d = 2, on the seasonally
 *     differenced series;
 *   a constant (mean or drift) is allowed when d + D <= 1;
 *   when n > 150 or m > 12 the search compares models by their CSS
 *   likelihood (auto.arima's `approximation`) and the best ones are then
 *   refitted by exact maximum likelihood in order of the search criterion
 *   until one passes the root checks.
 * Long seasonal periods: when m > EC_ARIMA_MAX_SEASONAL_ARMA (52) no
 * seasonal AR or MA terms are fitted (P = Q = 0; seasonal differencing is
 * still chosen as above): the exact likelihood costs O(N m^2) per
 * evaluation and R's arima refuses lags above 350 anyway. The same holds for
 * P (Q) when n < 3 m (auto.arima's max.P = floor(n / 3 / m)).
 * Short and degenerate series: n < 4 gives ARIMA(0,1,0), the random walk
 * (n = 1: zero-width intervals), with "(fallback: n values)" in the
 * description; when fewer than 3 values would remain after differencing,
 * D and then d are lowered; a constant series gives ARIMA(0,0,0) with
 * non-zero mean, and a series whose differences are constant (a line, a
 * repeated season) ARIMA(0,d,0)(0,D,0) with drift, both with zero-width
 * intervals (as auto.arima).
 *
 * Errors: functions return 0, or -1 with a lowercase message in err for
 * invalid arguments (n = 0, h < 1, m < 1, a non-finite value, orders above
 * the limits below) and out-of-memory. Nothing prints or exits; all memory
 * is the caller's or freed before returning.
 */
#ifndef EC_ARIMA_H
#define EC_ARIMA_H

#include <stddef.h>

#include "ec_fc.h"

#define EC_ARIMA_MAX_P 5   /* p, q <= 5 */
#define EC_ARIMA_MAX_SP 2  /* P, Q <= 2 */
#define EC_ARIMA_MAX_SEASONAL_ARMA 52

/* An order: (p,d,q)(P,D,Q)[m] and whether mu is estimated. d <= 2, D <= 1. */
struct ec_arima_spec {
	int p, d, q, P, D, Q, m;
	int constant;
};

/* A fitted model. Coefficients use R's sign conventions (see above). */
struct ec_arima_model {
	struct ec_arima_spec spec;
	double phi[EC_ARIMA_MAX_P], theta[EC_ARIMA_MAX_P];
	double Phi[EC_ARIMA_MAX_SP], Theta[EC_ARIMA_MAX_SP];
	double mu;      /* mean of the differenced series (0 without constant) */
	double sigma2;  /* innovation variance: sum v_t^2/F_t / (N - coefficients), as
	                 * forecast's Arima; CSS fits: sum e^2 / (N - p - mP) */
	double loglik, aic, aicc, bic;
	size_t nobs;    /* N = n - d - m D */
};

/*
 * Fit the model of order *spec to y[0..n) by CSS then exact ML ("CSS-ML").
 * On success *mod holds the estimates, loglik and criteria. Returns -1 with
 * a message when the arguments are invalid or N <= number of parameters + 1;
 * returns 1 (not an error; *mod still filled) when the estimate fails the
 * stationarity/invertibility check (roots within radius 1.01) or the
 * likelihood is not finite, so that a search can skip it.
 */
int ec_arima_fit(const double *y, size_t n, const struct ec_arima_spec *spec,
                 struct ec_arima_model *mod, char *err, size_t errlen);

/*
 * Exact -2 log-likelihood of y[0..n) under *mod's coefficients and mu, with
 * sigma2 concentrated out (the value that maximises the likelihood given the
 * coefficients): -2 loglik = N (log(2 pi sigma2) + 1) + sum log F_t, F_t the
 * Kalman innovation variances divided by sigma2. *sigma2 (may be NULL) gets
 * that sigma2. Returns NAN when the model is not stationary or n too short.
 */
double ec_arima_neg2loglik(const double *y, size_t n, const struct ec_arima_model *mod,
                           double *sigma2);

/*
 * Forecast h >= 1 steps after y[0..n) with the fitted *mod (fitted on the
 * same y): out->point, lo80, hi80, lo95, hi95 (caller's arrays of length h).
 */
int ec_arima_forecast(const double *y, size_t n, const struct ec_arima_model *mod, int h,
                      struct ec_fc *out, char *err, size_t errlen);

/* "ARIMA(1,1,1)(0,1,1)[24] with drift" (R's wording: "with non-zero mean"
 * when d + D = 0); the seasonal part only when m > 1 and P, D or Q > 0. */
void ec_arima_describe(const struct ec_arima_model *mod, char *desc, size_t desc_len);

/*
 * Automatic ARIMA (see above): select the order for y[0..n) with season
 * length m >= 1 (1: non-seasonal), fit it and forecast h steps into *out.
 * desc gets the model ("ARIMA(0,1,1)(0,1,1)[12]", with ", fallback: ..."
 * when a simpler model had to be used), *aicc (may be NULL) its AICc (NAN
 * for fallbacks). Returns 0, or -1 with a message on invalid arguments.
 */
int ec_arima_auto(const double *y, size_t n, int m, int h, struct ec_fc *out, char *desc,
                  size_t desc_len, double *aicc, char *err, size_t errlen);

/* The same with the selected model returned in *mod (NULL allowed) and the
 * seasonal part switched off when `seasonal` is 0 (the non-seasonal model
 * of the seasonally adjusted series in ec_mstl). */
int ec_arima_auto_model(const double *y, size_t n, int m, int seasonal, int h,
                        struct ec_fc *out, struct ec_arima_model *mod, char *desc,
                        size_t desc_len, char *err, size_t errlen);

/* KPSS level-stationarity statistic of x[0..n) (Kwiatkowski, Phillips,
 * Schmidt and Shin 1992), Bartlett long-run variance with lag
 * trunc(3 sqrt(n) / 13) (forecast's ndiffs). 0 for a constant series. */
double ec_arima_kpss(const double *x, size_t n);

/* Number of differences d in 0..2 by repeated KPSS tests at 5%. */
int ec_arima_ndiffs(const double *x, size_t n);

#endif
