/*
 * ec_fc.h - the forecast result shared by every forecasting module (ETS, Theta,
 * ARIMA, MSTL, the benchmarks and the intermittent-demand methods).
 *
 * A model fills the caller's arrays, each of length h (steps 1..h ahead):
 * the point forecast and the lower/upper bounds of the central 80% and 95%
 * prediction intervals. The caller owns the arrays (ec_fc_alloc/ec_fc_free
 * are a convenience); models never allocate them.
 */
#ifndef EC_FC_H
#define EC_FC_H

#include <stddef.h>

/* Forecast arrays of length h, filled by the model functions. */
struct ec_fc { double *point, *lo80, *hi80, *lo95, *hi95; };

/* Standard normal quantiles of the two interval levels (80% and 95%, central). */
#define EC_FC_Z80 1.2815515655446004
#define EC_FC_Z95 1.959963984540054

/* Allocate the five arrays of length h in one block (zeroed). 0 or -1 (out of memory). */
int ec_fc_alloc(struct ec_fc *fc, int h);
/* Free what ec_fc_alloc allocated; safe on a zeroed struct. */
void ec_fc_free(struct ec_fc *fc);
/* Fill symmetric normal intervals point +- z*sd[i] for i < h. */
void ec_fc_normal_intervals(struct ec_fc *fc, const double *sd, int h);

#endif
