/*
 * ec_mstl: STL and MSTL seasonal-trend decomposition and the MSTL forecast
 * for series with one or several seasonal periods (hourly data: 24 and 168).
 *
 * STL: R. B. Cleveland, W. S. Cleveland, J. E. McRae and I. Terpenning,
 * "STL: a seasonal-trend decomposition procedure based on loess", Journal of
 * Official Statistics 6(1), 1990. The inner loop (sec. 2.2) detrends,
 * smooths each cycle-subseries by loess (span n_s, degree 0, extended one
 * cycle each side), low-pass filters the result (moving averages of length
 * n_p, n_p, 3 and a loess of span n_l, degree 1), takes the seasonal as the
 * difference and smooths the deseasonalised series by loess (span n_t,
 * degree 1) for the trend. The outer loop (sec. 2.3) sets bisquare
 * robustness weights from |remainder| / (6 median |remainder|). Spans as
 * R's stats::stl: n_l = the smallest odd integer >= n_p, n_t = the smallest
 * odd integer >= 1.5 n_p / (1 - 1.5 / n_s); non-robust: 2 inner passes and
 * no outer one; robust: 1 inner pass, 15 outer. Loess uses tricube weights
 * over the `span` nearest points (a wider bandwidth when span > length, as
 * in the original Fortran) and is evaluated at every point (R's stl
 * interpolates between every ceil(span/10)-th point: small differences).
 *
 * MSTL: K. Bandara, R. J. Hyndman and C. Bergmeir, "MSTL: a seasonal-trend
 * decomposition algorithm for time series with multiple seasonal patterns",
 * Int. J. Operational Research, 2022 (arXiv 2107.13462), as R's
 * forecast::mstl: periods sorted increasingly, those >= n/2 dropped; two
 * passes over the periods, each adding the period's current seasonal back
 * and re-estimating it by STL with s.window 11, 15, 19, ... (7 + 4 i); the
 * trend is that of the last STL.
 *
 * Forecast (as R's forecast(mstl(x), method = "arima")): each seasonal
 * component continued by seasonal naive (its last cycle repeated), the
 * seasonally adjusted series (trend + remainder) by the automatic
 * non-seasonal ARIMA of ec_arima (Hyndman-Khandakar), prediction intervals
 * those of the adjusted-series model shifted by the seasonal forecasts
 * (the seasonal components are treated as known, as R does).
 *
 * Errors: -1 with a message in err for invalid arguments (n = 0, h < 1, a
 * non-finite value) and out-of-memory; nothing prints.
 */
#ifndef EC_MSTL_H
#define EC_MSTL_H

#include <stddef.h>

#include "ec_fc.h"

/*
 * STL of y[0..n) with period >= 2 (n >= 2 period required), seasonal
 * window s_window (odd >= 3; even values are raised by one), robust 0/1.
 * Writes seasonal, trend and remainder (caller's arrays of length n):
 * y = seasonal + trend + remainder.
 */
int ec_stl(const double *y, size_t n, int period, int s_window, int robust, double *seasonal,
           double *trend, double *remainder, char *err, size_t errlen);

/*
 * MSTL of y[0..n) over periods[0..n_periods) (any order; periods below 2
 * or not below n/2 are skipped, a repeated period counts once).
 * seasonals is n_periods * n (row k: the seasonal of the k-th period in
 * increasing order; rows of dropped periods are zero), trend and remainder
 * length n. *n_used gets the number of periods kept, and
 * used[0..n_periods) (may be NULL) the sorted periods kept then zeros.
 */
int ec_mstl(const double *y, size_t n, const int *periods, int n_periods, double *seasonals,
            double *trend, double *remainder, int *used, int *n_used, char *err, size_t errlen);

/*
 * MSTL forecast h steps after y[0..n) (see above) into *out (caller's
 * arrays of length h). desc gets e.g. "MSTL(24,168)+ARIMA(2,1,1)"; when no
 * period is shorter than n/2 the series goes to ec_arima_auto's
 * non-seasonal model and desc says "MSTL: no period in [2, n/2), ARIMA(...)".
 */
int ec_mstl_forecast(const double *y, size_t n, const int *periods, int n_periods, int h,
                     struct ec_fc *out, char *desc, size_t desc_len, char *err, size_t errlen);

#endif
