/*
 * ec_theta: the Theta method and the M4 benchmarks built on exponential
 * smoothing of a seasonally adjusted series.
 *
 * Seasonal adjustment (all functions here): as in the M4 benchmarks, when
 * the 90% autocorrelation test at lag m says seasonal (ec_fc_seasonal_test)
 * and the data are positive, the series is divided by the indices of a
 * classical multiplicative decomposition and the forecasts are multiplied by
 * them again.
 *
 * Theta: Assimakopoulos & Nikolopoulos, "The theta model: a decomposition
 * approach to forecasting", IJF 16 (2000), in the form shown equivalent by
 * Hyndman & Billah, IJF 19 (2003) and used by forecast::thetaf: SES (alpha
 * and l0 by maximum likelihood) plus a drift of half the slope of the
 * least-squares line, b/2 (j - 1 + (1 - (1 - alpha)^n) / alpha) at step j;
 * intervals those of SES.
 *
 * Optimised Theta (OTM): Fiorucci, Pellegrini, Louzada, Petropoulos &
 * Koehler, "Models for optimising the theta method and their relationship
 * to state space models", IJF 32 (2016): theta line Z = theta y + (1 - theta)
 * L (L the least-squares line), forecast (1 - 1/theta) L + (1/theta) SES(Z),
 * theta chosen on the grid 1, 1.5, ..., 5 by in-sample one-step MSE.
 *
 * SES, Holt, damped Holt and Comb (their mean) as the M4 benchmarks:
 * ETS(A,N,N), ETS(A,A,N), ETS(A,Ad,N) by maximum likelihood on the
 * seasonally adjusted series.
 */
#ifndef EC_THETA_H
#define EC_THETA_H

#include <stddef.h>

#include "ec_fc.h"

enum { EC_M4_SES, EC_M4_HOLT, EC_M4_DAMPED, EC_M4_COMB };

/* Theta (optimised = 0) or OTM (optimised = 1). 0, or -1 (n < 3, no memory). */
int ec_theta_forecast(const double *y, size_t n, int m, int h, int optimised,
                      struct ec_fc *out, char *err, size_t errlen);

/*
 * SES, Holt, damped or Comb on the seasonally adjusted series. Comb's
 * intervals are the mean of the three methods' bounds. 0, or -1 when the
 * series is too short for the method (SES needs 3 values, Holt 5, damped 6).
 */
int ec_m4_smoothing(const double *y, size_t n, int m, int h, int method, struct ec_fc *out,
                    char *err, size_t errlen);

#endif
