/*
 * ec_fcbase: the benchmark forecasting methods, the intermittent-demand
 * methods, the seasonality test and decomposition they share, and the
 * accuracy measures of the M4 and M5 competitions.
 *
 * Sources: Makridakis, Spiliotis & Assimakopoulos, "The M4 Competition:
 * 100,000 time series and 61 forecasting methods", IJF 36 (2020) and the
 * organisers' benchmark code (Naive2, seasonality test, sMAPE, MASE, OWA,
 * MSIS); Croston, "Forecasting and stock control for intermittent demands",
 * ORQ 23 (1972); Syntetos & Boylan, "The accuracy of intermittent demand
 * estimates", IJF 21 (2005) (SBA); Teunter, Syntetos & Babai, "Intermittent
 * demand: linking forecasting to inventory obsolescence", EJOR 214 (2011)
 * (TSB); Syntetos, Boylan & Croston, JORS 56 (2005) (ADI/CV2 classes);
 * Makridakis, Spiliotis & Assimakopoulos, "M5 accuracy competition", IJF 38
 * (2022) (RMSSE).
 *
 * Every forecast function fills out->point/lo80/hi80/lo95/hi95[0..h).
 * Intervals of the benchmarks are normal with the variance of the method's
 * in-sample one-step errors grown as the method implies (random walk: h,
 * seasonal random walk: number of seasons ahead).
 */
#ifndef EC_FCBASE_H
#define EC_FCBASE_H

#include <stddef.h>

#include "ec_fc.h"

/*
 * Autocorrelations r[1..K] of y[0..n) (the usual biased estimator, as R's
 * acf); r has K+1 slots, r[0] = 1. K < n.
 */
void ec_fc_acf(const double *y, size_t n, int K, double *r);

/*
 * The M4 seasonality test: 1 when |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2)/n)
 * (90% one-sided), 0 otherwise, and 0 when n < 3m, m <= 1, or m is beyond
 * R's default acf lag.max = 10 log10(n).
 */
int ec_fc_seasonal_test(const double *y, size_t n, int m);

/*
 * Classical decomposition (R's decompose): centred moving average of order
 * m (2 x m for even m), seasonal figure = mean of y/trend (multiplicative)
 * or y - trend (additive) per position, normalised to mean 1 (or 0).
 * figure[j] applies at t = j mod m. 0, or -1 when n < 2m or a trend value is
 * zero under the multiplicative form.
 */
int ec_fc_decompose(const double *y, size_t n, int m, int multiplicative, double *figure);

/*
 * Seasonal adjustment as in the M4 benchmarks: when the seasonality test
 * says seasonal and the data are positive, si[0..n+h) holds the
 * multiplicative indices (si[t] = figure[t mod m]) and 1 is returned;
 * otherwise si is all ones and 0 is returned.
 */
int ec_fc_seasonal_indices(const double *y, size_t n, int m, int h, double *si);

/* Naive: last value; intervals of a random walk. */
void ec_fc_naive(const double *y, size_t n, int h, struct ec_fc *out);
/* Seasonal naive: y[n - m + (j mod m)]; needs n >= m (else naive). */
void ec_fc_snaive(const double *y, size_t n, int m, int h, struct ec_fc *out);
/* Naive2 (M4): naive on the seasonally adjusted series, reseasonalised. */
void ec_fc_naive2(const double *y, size_t n, int m, int h, struct ec_fc *out);

enum { EC_CROSTON = 0, EC_SBA = 1 };
/*
 * Croston (1972) with smoothing constant alpha for both the non-zero sizes
 * and the intervals between them, initialised with the first non-zero size
 * and the first interval (as R's forecast::croston); SBA multiplies by
 * (1 - alpha/2) (Syntetos & Boylan 2005). The forecast is flat. Intervals:
 * normal on the in-sample one-step errors, floored at 0. A series without
 * any non-zero value forecasts 0.
 */
void ec_fc_croston(const double *y, size_t n, int h, double alpha, int variant,
                   struct ec_fc *out);
/*
 * TSB (Teunter, Syntetos & Babai 2011): demand probability d smoothed every
 * period with beta, size z on non-zero periods with alpha; forecast d z.
 * d0 = share of non-zero periods, z0 = mean non-zero size.
 */
void ec_fc_tsb(const double *y, size_t n, int h, double alpha, double beta,
               struct ec_fc *out);

enum { EC_DEMAND_SMOOTH, EC_DEMAND_ERRATIC, EC_DEMAND_INTERMITTENT, EC_DEMAND_LUMPY,
       EC_DEMAND_NONE };
/*
 * ADI (mean interval between non-zero demands: n / number of non-zero
 * periods) and CV2 (squared coefficient of variation of the non-zero sizes),
 * and the Syntetos-Boylan-Croston class with the cut-offs 1.32 and 0.49.
 * EC_DEMAND_NONE when every value is zero.
 */
int ec_fc_demand_class(const double *y, size_t n, double *adi, double *cv2);
const char *ec_fc_demand_class_name(int c);

/* ---- accuracy (one series; h points) ---- */

/* sMAPE (M4): mean of 200 |y - f| / (|y| + |f|); a term with y = f = 0 is 0. */
double ec_fc_smape(const double *y, const double *f, int h);
/*
 * MASE (M4): mean |y - f| divided by the in-sample mean |x_t - x_{t-m}|,
 * t = m..n-1 (m = 1 when n <= m). NaN when that scale is 0.
 */
double ec_fc_mase(const double *x, size_t n, int m, const double *y, const double *f, int h);
/*
 * RMSSE (M5): sqrt(mean (y - f)^2 / mean (x_t - x_{t-1})^2) with the
 * in-sample sum from the first non-zero value of x. NaN when the scale is 0.
 */
double ec_fc_rmsse(const double *x, size_t n, const double *y, const double *f, int h);
/*
 * MSIS (M4, a = 0.05): mean of (U - L) + 2/a (L - y)[y < L] + 2/a (y - U)[y > U],
 * over the MASE scale. NaN when the scale is 0.
 */
double ec_fc_msis(const double *x, size_t n, int m, const double *y, const double *lo,
                  const double *hi, int h, double a);
/* Share of y[i] inside [lo[i], hi[i]]. */
double ec_fc_coverage(const double *y, const double *lo, const double *hi, int h);

#endif
