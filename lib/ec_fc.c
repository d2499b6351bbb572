/*
 * ec_fc.c - allocation and normal intervals for struct ec_fc (see ec_fc.h).
 */
#include "ec_fc.h"

#include <stdlib.h>

int ec_fc_alloc(struct ec_fc *fc, int h)
{
	double *p;

	if (h < 1)
		h = 1;
	p = calloc((size_t)h * 5, sizeof(double));
	if (p == NULL)
		return -1;
	fc->point = p;
	fc->lo80 = p + h;
	fc->hi80 = p + 2 * h;
	fc->lo95 = p + 3 * h;
	fc->hi95 = p + 4 * h;
	return 0;
}

void ec_fc_free(struct ec_fc *fc)
{
	free(fc->point);
	fc->point = fc->lo80 = fc->hi80 = fc->lo95 = fc->hi95 = NULL;
}

void ec_fc_normal_intervals(struct ec_fc *fc, const double *sd, int h)
{
	for (int i = 0; i < h; i++) {
		double s = sd[i] > 0 ? sd[i] : 0;

		fc->lo80[i] = fc->point[i] - EC_FC_Z80 * s;
		fc->hi80[i] = fc->point[i] + EC_FC_Z80 * s;
		fc->lo95[i] = fc->point[i] - EC_FC_Z95 * s;
		fc->hi95[i] = fc->point[i] + EC_FC_Z95 * s;
	}
}
