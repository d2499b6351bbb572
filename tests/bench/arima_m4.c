/*
 * tests/bench/arima_m4.c: the ec side of tests/bench/arima.sh. Reads an
 * M4-layout CSV (quoted header, then rows "id",v1,v2,... with empty cells
 * after the end of each series), and for every STEP-th series forecasts H
 * steps with ec_arima_auto (season 24) and ec_mstl_forecast (periods 24
 * and 168), writing one CSV line per series and method in the layout of
 * tests/bench/arima_r.R: id, method, model, AICc, seconds, H forecasts.
 *
 *   arima_m4 TRAIN.csv H STEP > OUT.csv
 *
 * Built by arima.sh against build/libec.a; not part of the test suite.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ec_arima.h"
#include "ec_mstl.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void emit(const char *id, const char *method, const char *desc, double aicc, double sec,
                 const double *pt, int h)
{
	printf("%s,%s,%s,", id, method, desc);
	if (isfinite(aicc))
		printf("%.6f", aicc);
	printf(",%.3f", sec);
	for (int i = 0; i < h; i++)
		printf(",%.6f", pt[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: arima_m4 TRAIN.csv H STEP\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	int h = atoi(argv[2]), step = atoi(argv[3]);
	if (f == NULL || h < 1 || step < 1) {
		fprintf(stderr, "arima_m4: cannot read %s or bad H/STEP\n", argv[1]);
		return 1;
	}
	size_t cap = 1 << 20;
	char *line = malloc(cap);
	double *y = malloc(sizeof(double) * (cap / 2));
	double *buf = malloc(5 * sizeof(double) * (size_t)h);
	if (line == NULL || y == NULL || buf == NULL)
		return 1;
	struct ec_fc fc = {buf, buf + h, buf + 2 * h, buf + 3 * h, buf + 4 * h};
	int row = -1;
	const int periods[2] = {24, 168};
	while (fgets(line, (int)cap, f)) {
		if (row++ < 0 || (row - 1) % step != 0)
			continue;
		char *p = line, id[64];
		size_t k = 0, n = 0;
		if (*p == '"')
			p++;
		while (*p && *p != '"' && *p != ',' && k + 1 < sizeof id)
			id[k++] = *p++;
		id[k] = 0;
		p = strchr(p, ',');
		while (p) {
			p++;
			if (*p == '"')
				p++;
			char *end;
			double v = strtod(p, &end);
			if (end != p)
				y[n++] = v;
			p = strchr(p, ',');
		}
		char desc[160], err[256];
		double aicc = NAN;
		double t0 = now();
		if (ec_arima_auto(y, n, 24, h, &fc, desc, sizeof desc, &aicc, err, sizeof err) < 0) {
			fprintf(stderr, "arima_m4: %s: %s\n", id, err);
			return 1;
		}
		emit(id, "auto.arima", desc, aicc, now() - t0, fc.point, h);
		t0 = now();
		if (ec_mstl_forecast(y, n, periods, 2, h, &fc, desc, sizeof desc, err, sizeof err) < 0) {
			fprintf(stderr, "arima_m4: %s: %s\n", id, err);
			return 1;
		}
		emit(id, "mstl", desc, NAN, now() - t0, fc.point, h);
		fflush(stdout);
	}
	free(line);
	free(y);
	free(buf);
	fclose(f);
	return 0;
}
