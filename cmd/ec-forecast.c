/*
 * ec-forecast: demand forecasts with intervals for every series of a file.
 *
 * Input is long Series records (series, ts, value) or wide rows (id, v1,
 * v2, ...: the M4 layout, trailing empty cells end a series). Long input is
 * streamed: a series is complete when the next record names another one, and
 * complete series are forecast in batches (over --threads) and written in
 * input order, so memory holds one batch, not the file. A series that comes
 * back after its forecast was written means the input is not grouped: that
 * is an error unless --gather, which holds every series until the end.
 *
 * Each series is put on its time grid here (frequency from the timestamps or
 * --freq; gaps filled by --fill, duplicate timestamps summed, off-grid
 * records rejected) before any model sees it; the models live in lib/
 * (ec_fcbase, ec_ets, ec_theta, and ec_arima/ec_mstl when present) and know
 * nothing of files. Results depend only on the series and --seed, never on
 * the number of threads or on --shard (simulations are seeded by series id).
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_ets.h"
#include "ec_fc.h"
#include "ec_fcbase.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_theta.h"
#include "ec_time.h"

#if defined(__has_include)
#if __has_include("ec_arima.h") && __has_include("ec_mstl.h")
#include "ec_arima.h"
#include "ec_mstl.h"
#define HAVE_ARIMA 1
#endif
#endif
#ifndef HAVE_ARIMA
#define HAVE_ARIMA 0
#endif

#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char usage_text[] =
"usage: ec-forecast [-qz] [-o FILE] [-h H] [--model M] [--season M[,M2...]]\n"
"                   [--freq F] [--fill zero|interpolate|error] [--summary]\n"
"                   [--gather] [--shard I/N] [--threads N] [--seed N] [--if FMT]\n"
"                   [--of FMT] [--rejects FILE] [--max-errors N] [FILE ...]\n"
"\n"
"Forecast every series of the input H steps ahead with 80% and 95% intervals.\n"
"Input: long records series,ts,value (ec-features sales) or wide rows\n"
"id,v1,v2,... (the M4 layout); stdin when no FILE or FILE is -.\n"
"Output: series,ts,step,point,lo80,hi80,lo95,hi95,model.\n"
"\n"
"Options:\n"
"  -o, --output FILE      write to FILE atomically (.zst/.gz compresses)\n"
"  -z, --zstd             compress standard output with zstd\n"
"  -h, --horizon H        steps ahead (default by --freq: hour 48, day 28,\n"
"                         week 13, month 18, quarter 8, year 6; else 8)\n"
"      --model M          auto (default), naive, snaive, naive2, ses, holt,\n"
"                         damped, comb, ets, theta, otm, croston, sba, tsb,\n"
"                         arima, mstl\n"
"      --season LIST      season length(s), e.g. 24 or 24,168 (default from the\n"
"                         frequency: hour 24, day 7, week 52, month 12,\n"
"                         quarter 4, year 1)\n"
"      --freq F           hour, day, week, month, quarter or year (default:\n"
"                         from the timestamps)\n"
"      --fill HOW         gaps in a series: zero (default), interpolate, error\n"
"      --summary          one line per series (total, growth, lifecycle stage)\n"
"                         instead of the forecasts\n"
"      --gather           hold every series until the end (input not grouped)\n"
"      --shard I/N        only the series whose id hashes to shard I of N\n"
"      --threads N        forecast N series at a time (default 1)\n"
"      --seed N           seed of simulated intervals (default 1)\n"
"      --if FMT           input format: csv, tsv, jsonl (default: detected)\n"
"      --of FMT           output format: csv (default), tsv, jsonl\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no reports on stderr\n"
"      --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-forecast(1) for the methods, the fallbacks and 'auto'.\n";

enum {
	M_AUTO, M_NAIVE, M_SNAIVE, M_NAIVE2, M_SES, M_HOLT, M_DAMPED, M_COMB, M_ETS, M_THETA,
	M_OTM, M_CROSTON, M_SBA, M_TSB, M_ARIMA, M_MSTL, M_COUNT
};
static const char *const model_names[M_COUNT] = {
	"auto", "naive", "snaive", "naive2", "ses", "holt", "damped", "comb", "ets", "theta",
	"otm", "croston", "sba", "tsb", "arima", "mstl",
};

enum { F_NONE = 0, F_HOUR, F_DAY, F_WEEK, F_MONTH, F_QUARTER, F_YEAR };
static const char *const freq_names[] = { "", "hour", "day", "week", "month", "quarter",
                                          "year" };
static const int freq_season[] = { 1, 24, 7, 52, 12, 4, 1 };
static const int freq_horizon[] = { 8, 48, 28, 13, 18, 8, 6 };

enum { FILL_ZERO, FILL_INTERP, FILL_ERROR };

#define MAX_PERIODS 4
#define BATCH 512

enum {
	OPT_MODEL = 256, OPT_SEASON, OPT_FREQ, OPT_FILL, OPT_SUMMARY, OPT_GATHER, OPT_SHARD, OPT_THREADS,
	OPT_SEED, OPT_IF, OPT_OF, OPT_REJECTS, OPT_MAXERR, OPT_HELP,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "zstd", no_argument, 0, 'z' },
	{ "horizon", required_argument, 0, 'h' },
	{ "model", required_argument, 0, OPT_MODEL },
	{ "season", required_argument, 0, OPT_SEASON },
	{ "freq", required_argument, 0, OPT_FREQ },
	{ "fill", required_argument, 0, OPT_FILL },
	{ "summary", no_argument, 0, OPT_SUMMARY },
	{ "gather", no_argument, 0, OPT_GATHER },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "if", required_argument, 0, OPT_IF },
	{ "of", required_argument, 0, OPT_OF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, OPT_HELP },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* One series as read: observations in input order. */
struct series {
	char *name;
	size_t n, cap;
	double *y;
	int64_t *ts;           /* NULL without timestamps */
	long *line;
	char *source;          /* the reader's name of the first record */
	size_t index;          /* input order */
	/* after regularisation: */
	double *v;             /* values on the grid */
	size_t nv;
	int freq;
	int64_t last;          /* time of the last grid point */
	int dateonly;
	int ok;                /* 0: rejected, nothing to write */
	/* result: */
	struct ec_fc fc;
	char model[128];
	char note[160];
};

struct app {
	int quiet, model, freq, fill, summary, gather, threads, h;
	int periods[MAX_PERIODS], nperiods;
	uint64_t seed;
	long long max_errors;
	enum ec_format ifmt, ofmt;
	enum ec_compress z;
	const char *out_path, *rejects_path;

	struct ec_output *out;
	struct ec_writer *w;
	struct ec_rejects rej;
	struct ec_shard shard;
	struct ec_strmap *done;   /* names of series already written */
	struct series **batch;
	size_t nbatch;
	size_t nseries, nwritten, nread, nfilled, ndup;
};

static void oom(void)
{
	ec_die("out of memory");
}

/* ---- rejects ---- */

/* ---- series ---- */

static struct series *series_new(const char *name, size_t len, int with_ts)
{
	struct series *s = calloc(1, sizeof *s);
	if (!s || !(s->name = malloc(len + 1)))
		oom();
	memcpy(s->name, name, len);
	s->name[len] = 0;
	(void)with_ts;
	return s;
}

static void series_add(struct series *s, double y, int64_t ts, int with_ts, long line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->y = realloc(s->y, s->cap * sizeof *s->y);
		s->line = realloc(s->line, s->cap * sizeof *s->line);
		if (with_ts)
			s->ts = realloc(s->ts, s->cap * sizeof *s->ts);
		if (!s->y || !s->line || (with_ts && !s->ts))
			oom();
	}
	s->y[s->n] = y;
	s->line[s->n] = line;
	if (with_ts)
		s->ts[s->n] = ts;
	s->n++;
}

static void series_free(struct series *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->source);
	free(s->y);
	free(s->ts);
	free(s->line);
	if (s->v != s->y)
		free(s->v);
	ec_fc_free(&s->fc);
	free(s);
}

/* ---- time grid ---- */

static void add_months(int64_t t, int k, int64_t *out)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	int64_t y;
	int m, d;
	ec_civil_from_days(days, &y, &m, &d);
	int64_t mm = (int64_t)(m - 1) + k;
	y += mm >= 0 ? mm / 12 : -((-mm + 11) / 12);
	m = (int)(mm - (mm >= 0 ? mm / 12 : -((-mm + 11) / 12)) * 12) + 1;
	int dim = ec_days_in_month(y, m);
	if (d > dim)
		d = dim;
	*out = ec_days_from_civil(y, m, d) * 86400 + sec;
}

static int64_t step_time(int64_t t, int freq, int k)
{
	int64_t r;
	switch (freq) {
	case F_HOUR: return t + (int64_t)k * 3600;
	case F_DAY: return t + (int64_t)k * 86400;
	case F_WEEK: return t + (int64_t)k * 7 * 86400;
	case F_MONTH: add_months(t, k, &r); return r;
	case F_QUARTER: add_months(t, 3 * k, &r); return r;
	case F_YEAR: add_months(t, 12 * k, &r); return r;
	}
	return t;
}

/* Frequency from the least positive difference between sorted times. */
static int detect_freq(const int64_t *t, size_t n)
{
	int64_t dmin = 0;
	for (size_t i = 1; i < n; i++) {
		int64_t d = t[i] - t[i - 1];
		if (d > 0 && (dmin == 0 || d < dmin))
			dmin = d;
	}
	if (dmin == 0)
		return F_DAY;
	int64_t day = 86400;
	if (dmin < day)
		return F_HOUR;
	if (dmin < 7 * day)
		return F_DAY;
	if (dmin < 28 * day)
		return F_WEEK;
	if (dmin < 89 * day)
		return F_MONTH;
	if (dmin < 365 * day)
		return F_QUARTER;
	return F_YEAR;
}

/* Grid index of t from t0, or -1 when t is off the grid. */
static long grid_index(int64_t t0, int64_t t, int freq)
{
	int64_t step = freq == F_HOUR ? 3600 : freq == F_DAY ? 86400 : 7 * 86400;
	if (freq <= F_WEEK) {
		if ((t - t0) % step)
			return -1;
		return (long)((t - t0) / step);
	}
	/* calendar steps: count months, then check the exact time */
	int64_t y0, y1;
	int m0, d0, m1, d1;
	int64_t dd0 = t0 >= 0 ? t0 / 86400 : -((-t0 + 86399) / 86400);
	int64_t dd1 = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	ec_civil_from_days(dd0, &y0, &m0, &d0);
	ec_civil_from_days(dd1, &y1, &m1, &d1);
	int64_t months = (y1 - y0) * 12 + (m1 - m0);
	int per = freq == F_MONTH ? 1 : freq == F_QUARTER ? 3 : 12;
	if (months % per)
		return -1;
	if (step_time(t0, freq, (int)(months / per)) != t)
		return -1;
	return (long)(months / per);
}

struct obs { int64_t ts; double y; long line; };

static int cmp_obs(const void *a, const void *b)
{
	const struct obs *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Put s on its grid: s->v[0..nv). Returns 0, or -1 when the series is
 * rejected (its records went to reject()).
 */
static int regularise(struct app *a, struct series *s)
{
	char why[512];

	if (!s->ts) {
		s->v = s->y;
		s->nv = s->n;
		s->freq = a->freq;
		return 0;
	}
	struct obs *o = malloc(s->n * sizeof *o);
	if (!o)
		oom();
	for (size_t i = 0; i < s->n; i++)
		o[i] = (struct obs){ s->ts[i], s->y[i], s->line[i] };
	qsort(o, s->n, sizeof *o, cmp_obs);
	for (size_t i = 0; i < s->n; i++) {
		s->ts[i] = o[i].ts;
		s->y[i] = o[i].y;
		s->line[i] = o[i].line;
	}
	free(o);
	s->freq = a->freq ? a->freq : detect_freq(s->ts, s->n);
	s->dateonly = 1;
	for (size_t i = 0; i < s->n; i++)
		if (s->ts[i] % 86400)
			s->dateonly = 0;
	int64_t t0 = s->ts[0];
	long last = grid_index(t0, s->ts[s->n - 1], s->freq);
	size_t noff = 0, ndup = 0;
	/* off-grid records are rejected; the grid is anchored at the first time */
	for (size_t i = 0; i < s->n; i++)
		if (grid_index(t0, s->ts[i], s->freq) < 0)
			noff++;
	if (noff) {
		for (size_t i = 0; i < s->n; i++)
			if (grid_index(t0, s->ts[i], s->freq) < 0) {
				char tb[EC_TIME_LEN];
				ec_time_format(s->ts[i], tb);
				snprintf(why, sizeof why, "series '%s': time %s is off the %s grid from %s",
				         s->name, tb, freq_names[s->freq], "its first record");
				ec_rejects_add(&a->rej, s->source, s->line[i], "", 0, why);
				s->ts[i] = INT64_MIN;
			}
		size_t k = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->ts[i] != INT64_MIN) {
				s->ts[k] = s->ts[i];
				s->y[k] = s->y[i];
				s->line[k++] = s->line[i];
			}
		s->n = k;
		last = grid_index(t0, s->ts[s->n - 1], s->freq);
	}
	s->nv = (size_t)last + 1;
	s->v = malloc(s->nv * sizeof *s->v);
	char *have = calloc(s->nv, 1);
	if (!s->v || !have)
		oom();
	for (size_t i = 0; i < s->n; i++) {
		long g = grid_index(t0, s->ts[i], s->freq);
		if (have[g]) {
			ndup++;
			if (a->fill == FILL_ERROR) {
				snprintf(why, sizeof why, "series '%s': duplicate time", s->name);
				ec_rejects_add(&a->rej, s->source, s->line[i], "", 0, why);
				free(have);
				return -1;
			}
			s->v[g] += s->y[i];
		} else {
			s->v[g] = s->y[i];
			have[g] = 1;
		}
	}
	size_t ngap = 0;
	for (size_t g = 0; g < s->nv; g++)
		if (!have[g])
			ngap++;
	if (ngap && a->fill == FILL_ERROR) {
		size_t g = 0, i = 0;
		while (have[g])
			g++;
		while (i < s->n && grid_index(t0, s->ts[i], s->freq) < (long)g)
			i++;
		char tb[EC_TIME_LEN];
		ec_time_format(step_time(t0, s->freq, (int)g), tb);
		snprintf(why, sizeof why, "series '%s': %zu missing times, the first %s (--fill error)",
		         s->name, ngap, tb);
		ec_rejects_add(&a->rej, s->source, s->line[i < s->n ? i : s->n - 1], "", 0, why);
		free(have);
		return -1;
	}
	if (ngap) {
		for (size_t g = 0; g < s->nv; g++) {
			if (have[g])
				continue;
			if (a->fill == FILL_ZERO) {
				s->v[g] = 0;
			} else {
				size_t e = g;
				while (!have[e])
					e++;
				/* g - 1 and e are present (the first and last points always are) */
				double y0 = s->v[g - 1], y1 = s->v[e];
				for (size_t k = g; k < e; k++)
					s->v[k] = y0 + (y1 - y0) * (double)(k - g + 1) / (double)(e - g + 1);
				g = e;
			}
		}
	}
	free(have);
	s->last = step_time(t0, s->freq, (int)(s->nv - 1));
	a->nfilled += ngap;
	a->ndup += ndup;
	if ((ngap || ndup) && !a->quiet)
		ec_warn("series '%s': %zu missing %s%s filled (%s), %zu duplicate times summed",
		        s->name, ngap, freq_names[s->freq], ngap == 1 ? "" : "s",
		        a->fill == FILL_ZERO ? "zero" : "interpolated", ndup);
	return 0;
}

/* ---- models ---- */

static int is_constant(const double *y, size_t n)
{
	for (size_t t = 1; t < n; t++)
		if (y[t] != y[0])
			return 0;
	return 1;
}

static void flat(struct ec_fc *out, int h, double v)
{
	for (int j = 0; j < h; j++)
		out->point[j] = out->lo80[j] = out->hi80[j] = out->lo95[j] = out->hi95[j] = v;
}

/*
 * One method on y[0..n); 0, or -1 with a reason in err when the series is
 * too short for it (the caller falls back).
 */
static int run_model(int model, const double *y, size_t n, const int *periods, int np, int h,
                     uint64_t seed, struct ec_fc *out, char *desc, size_t dlen, char *err,
                     size_t elen)
{
	int m = periods[0];

	snprintf(desc, dlen, "%s", model_names[model]);
	switch (model) {
	case M_NAIVE:
		ec_fc_naive(y, n, h, out);
		return 0;
	case M_SNAIVE:
		if (m > 1 && n < (size_t)m) {
			snprintf(err, elen, "short for snaive");
			return -1;
		}
		ec_fc_snaive(y, n, m, h, out);
		return 0;
	case M_NAIVE2:
		ec_fc_naive2(y, n, m, h, out);
		return 0;
	case M_SES:
	case M_HOLT:
	case M_DAMPED:
	case M_COMB: {
		int meth = model == M_SES ? EC_M4_SES : model == M_HOLT ? EC_M4_HOLT :
		           model == M_DAMPED ? EC_M4_DAMPED : EC_M4_COMB;
		if (ec_m4_smoothing(y, n, m, h, meth, out, err, elen) < 0) {
			snprintf(err, elen, "short for %s", model_names[model]);
			return -1;
		}
		return 0;
	}
	case M_ETS:
		if (ec_ets_auto(y, n, m, h, seed, out, desc, dlen, NULL, NULL, err, elen) < 0) {
			snprintf(err, elen, "short for ets");
			return -1;
		}
		return 0;
	case M_THETA:
	case M_OTM:
		if (ec_theta_forecast(y, n, m, h, model == M_OTM, out, err, elen) < 0) {
			snprintf(err, elen, "short for %s", model_names[model]);
			return -1;
		}
		snprintf(desc, dlen, "%s", model == M_OTM ? "OTM" : "Theta");
		return 0;
	case M_CROSTON:
		ec_fc_croston(y, n, h, 0.1, EC_CROSTON, out);
		snprintf(desc, dlen, "Croston");
		return 0;
	case M_SBA:
		ec_fc_croston(y, n, h, 0.1, EC_SBA, out);
		snprintf(desc, dlen, "SBA");
		return 0;
	case M_TSB:
		ec_fc_tsb(y, n, h, 0.1, 0.1, out);
		snprintf(desc, dlen, "TSB");
		return 0;
#if HAVE_ARIMA
	case M_ARIMA:
		if (ec_arima_auto(y, n, m, h, out, desc, dlen, NULL, err, elen) < 0)
			return -1;
		return 0;
	case M_MSTL:
		if (ec_mstl_forecast(y, n, periods, np, h, out, desc, dlen, err, elen) < 0)
			return -1;
		return 0;
#endif
	}
	(void)np;
	snprintf(err, elen, "%s is not in this build", model_names[model]);
	return -1;
}

/*
 * auto: all-zero and constant series are flat; leading zeros (before a
 * product's first sale) are dropped; intermittent and lumpy series (ADI >=
 * 1.32, Syntetos-Boylan-Croston) get Croston, SBA or TSB, the one of least
 * squared error over a holdout of the last h values; the others the
 * candidate with the least absolute error over that holdout (when the
 * series holds h values plus three seasons), refitted on the whole series,
 * else ETS. Candidates: seasonal naive, ETS, Theta, Comb; for a season of
 * 24 (hourly data) also the weekly seasonal naive (168), the mean of the
 * last three weeks at the same hour, and MSTL(24,168) when built in. The
 * candidate set was chosen on M4 Hourly (see ec-forecast(1) for the
 * figures); the holdout is inside the training data, so the choice of a
 * series never sees its test values.
 */
struct cand { int model, period, weeks; };

static int run_cand(const struct cand *c, const double *y, size_t n, const int *periods, int np,
                    int h, uint64_t seed, struct ec_fc *out, char *desc, size_t dlen, char *err,
                    size_t elen)
{
	if (c->period) {
		size_t k = c->weeks > 1 ? (size_t)c->weeks : 2;
		if (n < k * (size_t)c->period) {
			snprintf(err, elen, "short for snaive[%d]", c->period);
			return -1;
		}
		ec_fc_snaive(y, n, c->period, h, out);
		snprintf(desc, dlen, "snaive[%d]", c->period);
		if (c->weeks > 1) {
			/* the mean of the last `weeks` seasons at the same position */
			for (int j = 0; j < h; j++) {
				double sum = 0;
				for (size_t w = 1; w <= k; w++)
					sum += y[n - w * (size_t)c->period + (size_t)(j % c->period)];
				double d = sum / (double)k - out->point[j];
				out->point[j] += d;
				out->lo80[j] += d;
				out->hi80[j] += d;
				out->lo95[j] += d;
				out->hi95[j] += d;
			}
			snprintf(desc, dlen, "smean[%dx%d]", c->period, c->weeks);
		}
		return 0;
	}
	if (c->model == M_MSTL && np == 1 && periods[0] == 24) {
		static const int daily_weekly[2] = { 24, 168 };
		return run_model(c->model, y, n, daily_weekly, 2, h, seed, out, desc, dlen, err, elen);
	}
	return run_model(c->model, y, n, periods, np, h, seed, out, desc, dlen, err, elen);
}

static int run_auto(const double *y, size_t n, const int *periods, int np, int h, uint64_t seed,
                    struct ec_fc *out, char *desc, size_t dlen, char *err, size_t elen)
{
	double adi, cv2;
	int m = periods[0];
	/* a product's history starts at its first sale: leading zeros (before
	 * launch) would make it look intermittent */
	size_t lead = 0;
	while (lead < n && y[lead] == 0)
		lead++;
	if (lead > 0 && n - lead >= 3) {
		y += lead;
		n -= lead;
	}
	int cls = ec_fc_demand_class(y, n, &adi, &cv2);

	if (cls == EC_DEMAND_INTERMITTENT || cls == EC_DEMAND_LUMPY) {
		/* Croston, SBA or TSB by squared error over the holdout (squared:
		 * absolute error would favour forecasting the zeros) */
		static const int im[3] = { M_TSB, M_SBA, M_CROSTON }; /* TSB first: it decays after the last sale */
		int pick = 0;
		if (n >= 2 * (size_t)h) {
			struct ec_fc f;
			double bestse = INFINITY;
			char d[96], e[64];
			if (ec_fc_alloc(&f, h) < 0)
				return -1;
			for (int c = 0; c < 3; c++) {
				run_model(im[c], y, n - (size_t)h, periods, np, h, seed, &f, d, sizeof d, e,
				          sizeof e);
				double se = 0;
				for (int j = 0; j < h; j++) {
					double r = y[n - (size_t)h + (size_t)j] - f.point[j];
					se += r * r;
				}
				if (se < bestse) {
					bestse = se;
					pick = c;
				}
			}
			ec_fc_free(&f);
		}
		char d[96];
		run_model(im[pick], y, n, periods, np, h, seed, out, d, sizeof d, err, elen);
		snprintf(desc, dlen, "auto:%.40s(%s)", d, ec_fc_demand_class_name(cls));
		return 0;
	}
	struct cand cands[8];
	int nc = 0;
	cands[nc++] = (struct cand){ M_SNAIVE, 0, 0 };
	if (m == 24) {
		cands[nc++] = (struct cand){ M_SNAIVE, 168, 0 };
		cands[nc++] = (struct cand){ M_SNAIVE, 168, 3 };
	}
	cands[nc++] = (struct cand){ M_ETS, 0, 0 };
	cands[nc++] = (struct cand){ M_THETA, 0, 0 };
	cands[nc++] = (struct cand){ M_COMB, 0, 0 };
#if HAVE_ARIMA
	if (m == 24)
		cands[nc++] = (struct cand){ M_MSTL, 0, 0 };
#endif
	size_t need = (size_t)h + 3 * (size_t)(m > 1 ? m : 4);
	int best = 1; /* ETS when there is no holdout */
	if (n >= need) {
		struct ec_fc f;
		double bestmae = INFINITY;
		char d[96], e[256];
		if (ec_fc_alloc(&f, h) < 0)
			return -1;
		for (int c = 0; c < nc; c++) {
			if (run_cand(&cands[c], y, n - (size_t)h, periods, np, h, seed, &f, d, sizeof d, e,
			             sizeof e) < 0)
				continue;
			double mae = 0;
			for (int j = 0; j < h; j++)
				mae += fabs(y[n - (size_t)h + (size_t)j] - f.point[j]);
			if (mae < bestmae) {
				bestmae = mae;
				best = c;
			}
		}
		ec_fc_free(&f);
	} else {
		for (int c = 0; c < nc; c++)
			if (cands[c].model == M_ETS)
				best = c;
	}
	char d[96];
	if (run_cand(&cands[best], y, n, periods, np, h, seed, out, d, sizeof d, err, elen) < 0) {
		ec_fc_naive(y, n, h, out);
		snprintf(desc, dlen, "auto:naive(%.60s)", err);
		return 0;
	}
	snprintf(desc, dlen, "auto:%.90s", d);
	return 0;
}

static void forecast_series(const struct app *a, struct series *s)
{
	char err[256], d[96];
	int h = a->h;
	const double *y = s->v;
	size_t n = s->nv;
	int periods[MAX_PERIODS], np = a->nperiods;

	memcpy(periods, a->periods, sizeof periods);
	if (np == 0) {
		periods[0] = freq_season[s->freq];
		np = 1;
	}
	if (ec_fc_alloc(&s->fc, h) < 0) {
		snprintf(s->model, sizeof s->model, "out of memory");
		return;
	}
	/* from the series id, not its position: shards and threads agree */
	uint64_t seed = XXH3_64bits_withSeed(s->name, strlen(s->name), a->seed);
	int model = a->model;
	if (model == M_AUTO && np > 1 && HAVE_ARIMA)
		model = M_MSTL;
	if (n == 0) {
		flat(&s->fc, h, 0);
		snprintf(s->model, sizeof s->model, "none(empty)");
		return;
	}
	if (is_constant(y, n)) {
		flat(&s->fc, h, y[n - 1]);
		snprintf(s->model, sizeof s->model, "%s(constant)",
		         model == M_AUTO ? "auto:naive" : "naive");
		return;
	}
	if (n < 3) {
		ec_fc_naive(y, n, h, &s->fc);
		if (model == M_NAIVE)
			snprintf(s->model, sizeof s->model, "naive");
		else
			snprintf(s->model, sizeof s->model, "naive(short for %s)", model_names[model]);
		return;
	}
	int rc = model == M_AUTO ? run_auto(y, n, periods, np, h, seed, &s->fc, d, sizeof d, err,
	                                    sizeof err)
	                         : run_model(model, y, n, periods, np, h, seed, &s->fc, d, sizeof d,
	                                     err, sizeof err);
	if (rc < 0) {
		/* fall back: seasonal naive when a season fits, else naive */
		if (periods[0] > 1 && n >= (size_t)periods[0] && model != M_SNAIVE) {
			ec_fc_snaive(y, n, periods[0], h, &s->fc);
			snprintf(s->model, sizeof s->model, "snaive(%.100s)", err);
		} else {
			ec_fc_naive(y, n, h, &s->fc);
			snprintf(s->model, sizeof s->model, "naive(%.100s)", err);
		}
		return;
	}
	snprintf(s->model, sizeof s->model, "%s", d);
	/* never an absurd forecast: a non-negative series gets non-negative bounds */
	int nonneg = 1;
	for (size_t t = 0; t < n; t++)
		if (y[t] < 0)
			nonneg = 0;
	for (int j = 0; j < h; j++) {
		if (!isfinite(s->fc.point[j]))
			s->fc.point[j] = y[n - 1];
		if (nonneg) {
			if (s->fc.point[j] < 0)
				s->fc.point[j] = 0;
			if (s->fc.lo80[j] < 0)
				s->fc.lo80[j] = 0;
			if (s->fc.lo95[j] < 0)
				s->fc.lo95[j] = 0;
			if (s->fc.hi80[j] < 0)
				s->fc.hi80[j] = 0;
			if (s->fc.hi95[j] < 0)
				s->fc.hi95[j] = 0;
		}
	}
}

/* ---- threads ---- */

struct pool {
	const struct app *a;
	struct series **s;
	size_t n;
	size_t next;
	pthread_mutex_t mu;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		if (p->s[i]->ok)
			forecast_series(p->a, p->s[i]);
	}
	return NULL;
}

static void run_batch(const struct app *a, struct series **s, size_t n)
{
	struct pool p = { a, s, n, 0, PTHREAD_MUTEX_INITIALIZER };
	int nt = a->threads;
	if ((size_t)nt > n)
		nt = (int)n;
	if (nt <= 1) {
		worker(&p);
		return;
	}
	pthread_t *th = malloc((size_t)nt * sizeof *th);
	if (!th)
		oom();
	int started = 0;
	for (int i = 0; i < nt - 1; i++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	worker(&p);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
}

/* ---- output ---- */

static int fmt_num(double v, char *b)
{
	if (!isfinite(v))
		return snprintf(b, 32, "%s", "");
	if (v == 0)
		v = 0; /* no "-0" */
	return snprintf(b, 32, "%.10g", v);
}

static void fmt_time(const struct series *s, int64_t t, char *b)
{
	if (s->dateonly && s->freq >= F_DAY) {
		int64_t y;
		int m, d;
		ec_civil_from_days(t / 86400, &y, &m, &d);
		snprintf(b, EC_TIME_LEN, "%04d-%02d-%02d", (int)y, m, d);
	} else {
		ec_time_format(t, b);
	}
}

static void write_forecast(struct app *a, const struct series *s)
{
	char tb[EC_TIME_LEN], sb[24], nb[5][32];
	for (int j = 0; j < a->h; j++) {
		tb[0] = 0;
		if (s->ts)
			fmt_time(s, step_time(s->last, s->freq, j + 1), tb);
		snprintf(sb, sizeof sb, "%d", j + 1);
		fmt_num(s->fc.point[j], nb[0]);
		fmt_num(s->fc.lo80[j], nb[1]);
		fmt_num(s->fc.hi80[j], nb[2]);
		fmt_num(s->fc.lo95[j], nb[3]);
		fmt_num(s->fc.hi95[j], nb[4]);
		const char *v[9] = { s->name, s->ts ? tb : NULL, sb, nb[0], nb[1], nb[2], nb[3], nb[4],
		                     s->model };
		if (ec_writer_write(a->w, v, NULL) < 0)
			ec_die("%s", ec_output_error(a->out));
	}
}

/*
 * Summary: total of the forecast over the horizon, the same-length period
 * just before (past), growth = total / past - 1, and the lifecycle stage
 * from the last two windows of L = max(h, m) values: new when the history
 * (from the first non-zero value) is shorter than 3 L, growth when the last
 * window's mean is over 1.1 times the one before and the forecast does not
 * fall below the past, decline in the mirror case, mature otherwise.
 */
static void write_summary(struct app *a, const struct series *s)
{
	int h = a->h;
	size_t n = s->nv;
	const double *y = s->v;
	double total = 0, past = 0;
	for (int j = 0; j < h; j++)
		total += s->fc.point[j];
	for (size_t t = n > (size_t)h ? n - (size_t)h : 0; t < n; t++)
		past += y[t];
	size_t first = 0;
	while (first < n && y[first] == 0)
		first++;
	int m = a->nperiods ? a->periods[0] : freq_season[s->freq];
	size_t L = (size_t)(h > m ? h : m);
	const char *stage = "mature";
	if (n - first < 3 * L) {
		stage = "new";
	} else {
		double r = 0, p = 0;
		for (size_t t = n - L; t < n; t++)
			r += y[t];
		for (size_t t = n - 2 * L; t < n - L; t++)
			p += y[t];
		if (r > 1.1 * p && total >= past * (double)h / (double)(n < (size_t)h ? n : (size_t)h))
			stage = "growth";
		else if (r < p / 1.1 && total <= past)
			stage = "decline";
	}
	char nb[24], tb[32], pb[32], gb[32];
	snprintf(nb, sizeof nb, "%zu", n);
	fmt_num(total, tb);
	fmt_num(past, pb);
	gb[0] = 0;
	if (past > 0)
		fmt_num(total / past - 1, gb);
	const char *v[7] = { s->name, nb, tb, pb, past > 0 ? gb : NULL, stage, s->model };
	if (ec_writer_write(a->w, v, NULL) < 0)
		ec_die("%s", ec_output_error(a->out));
}

static void flush_batch(struct app *a)
{
	if (!a->nbatch)
		return;
	run_batch(a, a->batch, a->nbatch);
	for (size_t i = 0; i < a->nbatch; i++) {
		struct series *s = a->batch[i];
		if (s->ok) {
			if (a->summary)
				write_summary(a, s);
			else
				write_forecast(a, s);
			a->nwritten++;
		}
		series_free(s);
	}
	a->nbatch = 0;
}

/* A complete series: regularise it and queue it; flush full batches. */
static void close_series(struct app *a, struct series *s)
{
	if (!s)
		return;
	s->index = a->nseries++;
	s->ok = s->n > 0 && regularise(a, s) == 0;
	a->batch[a->nbatch++] = s;
	if (!a->gather && a->nbatch >= (size_t)BATCH) {
		flush_batch(a);
	} else if (a->gather && a->nbatch % BATCH == 0) {
		a->batch = realloc(a->batch, (a->nbatch + BATCH) * sizeof *a->batch);
		if (!a->batch)
			oom();
	}
}

/* ---- input ---- */

static void read_input(struct app *a, char **paths, size_t npaths)
{
	char err[1024], why[512];
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	ro.format = a->ifmt;
	struct ec_reader *r;
	static char *stdin_path[] = { "-" };
	if (npaths == 0) {
		paths = stdin_path;
		npaths = 1;
	}
	if (ec_reader_open(&r, (const char *const *)paths, npaths, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	int cs = ec_reader_col(r, "series"), ct = ec_reader_col(r, "ts"),
	    cv = ec_reader_col(r, "value");
	int wide = cs < 0 || cv < 0;
	if (wide && ec_reader_ncols(r) < 2)
		ec_die("%s: neither series,ts,value columns nor wide rows id,v1,v2,...", paths[0]);
	struct series *cur = NULL;
	struct ec_strmap *open = ec_strmap_new(sizeof(struct series *));
	if (!open)
		oom();
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		ec_progress(a->nread, (uint64_t)ec_reader_bytes(r));
		if (k == EC_READ_BAD) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
			continue;
		}
		if (wide) {
			if (rec.nfields < 1 || !rec.val[0] || !rec.len[0]) {
				ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, "empty series id");
				continue;
			}
			if (!ec_shard_mine(&a->shard, rec.val[0], rec.len[0]))
				continue;
			size_t end = rec.nfields;
			while (end > 1 && (!rec.val[end - 1] || !rec.len[end - 1]))
				end--;
			struct series *s = series_new(rec.val[0], rec.len[0], 0);
			if (!(s->source = strdup(rec.source)))
				oom();
			int bad = 0;
			for (size_t i = 1; i < end && !bad; i++) {
				double v;
				if (!rec.val[i] || !rec.len[i]) {
					snprintf(why, sizeof why, "empty cell in column %zu before the end of the series", i + 1);
					bad = 1;
				} else if (ec_num_parse(rec.val[i], rec.len[i], &v) < 0) {
					snprintf(why, sizeof why, "column %zu: '%.40s' is not a finite number", i + 1,
					         rec.val[i]);
					bad = 1;
				} else {
					series_add(s, v, 0, 0, rec.line);
				}
			}
			if (bad) {
				ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
				series_free(s);
				continue;
			}
			if (s->n == 0) {
				ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, "no values");
				series_free(s);
				continue;
			}
			close_series(a, s);
			continue;
		}
		/* long records */
		const char *name = (size_t)cs < rec.nfields ? rec.val[cs] : NULL;
		const char *val = (size_t)cv < rec.nfields ? rec.val[cv] : NULL;
		const char *tsv = ct >= 0 && (size_t)ct < rec.nfields ? rec.val[ct] : NULL;
		double v;
		int64_t ts = 0;
		const char *tw;
		if (!name || !rec.len[cs]) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, "missing series");
			continue;
		}
		if (!ec_shard_mine(&a->shard, name, rec.len[cs]))
			continue;
		if (!val || ec_num_parse(val, rec.len[cv], &v) < 0) {
			snprintf(why, sizeof why, "value '%.40s' is not a finite number", val ? val : "");
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
			continue;
		}
		if (ct >= 0) {
			if (!tsv || ec_time_parse(tsv, rec.len[ct], NULL, NULL, &ts, &tw) < 0) {
				snprintf(why, sizeof why, "ts '%.40s': %s", tsv ? tsv : "",
				         tsv ? tw : "missing");
				ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
				continue;
			}
		}
		size_t nl = rec.len[cs];
		if (!cur || strlen(cur->name) != nl || memcmp(cur->name, name, nl)) {
			if (!a->gather && cur) {
				close_series(a, cur);
				cur = NULL;
			}
			struct series **slot = NULL;
			if (a->gather) {
				int isnew;
				slot = ec_strmap_put(open, name, nl, &isnew);
				if (!slot)
					oom();
				if (!isnew)
					cur = *slot;
			} else if (ec_strmap_get(a->done, name, nl)) {
				ec_die("%s:%ld: series '%s' comes back after other series: the input is not "
				       "grouped by series; sort it or give --gather", rec.source, rec.line,
				       name);
			}
			if (!cur || strlen(cur->name) != nl || memcmp(cur->name, name, nl)) {
				cur = series_new(name, nl, ct >= 0);
				if (!(cur->source = strdup(rec.source)))
					oom();
				if (slot)
					*slot = cur;
				int isnew;
				if (!a->gather && !ec_strmap_put(a->done, name, nl, &isnew))
					oom();
			}
		}
		series_add(cur, v, ts, ct >= 0, rec.line);
	}
	ec_progress_done();
	if (a->gather) {
		/* series in order of first appearance */
		for (size_t i = 0; i < ec_strmap_size(open); i++) {
			struct series **slot = ec_strmap_val(open, i);
			close_series(a, *slot);
		}
	} else if (cur) {
		close_series(a, cur);
	}
	flush_batch(a);
	ec_strmap_free(open);
	ec_reader_close(r);
}

static int parse_freq(const char *s)
{
	for (int f = F_HOUR; f <= F_YEAR; f++)
		if (!strcmp(s, freq_names[f]))
			return f;
	ec_usage_error("--freq: '%s' is not hour, day, week, month, quarter or year", s);
}

int main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	ec_cli_init("ec-forecast");
	a.model = M_AUTO;
	a.threads = 1;
	a.seed = 1;
	a.max_errors = -1;
	a.h = 0;
	a.z = EC_COMPRESS_AUTO;
	int c;
	while ((c = getopt_long(argc, argv, "o:zh:qV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': a.out_path = optarg; break;
		case 'z': a.z = EC_COMPRESS_ZSTD; break;
		case 'h': a.h = (int)ec_opt_int("-h", optarg, 1, 100000); break;
		case 'q': a.quiet = 1; break;
		case 'V': ec_cli_version();
		case OPT_HELP: fputs(usage_text, stdout); return EC_EXIT_OK;
		case OPT_MODEL: {
			int k;
			for (k = 0; k < M_COUNT; k++)
				if (!strcmp(optarg, model_names[k]))
					break;
			if (k == M_COUNT)
				ec_usage_error("--model: '%s' is not a method (see --help)", optarg);
			if (!HAVE_ARIMA && (k == M_ARIMA || k == M_MSTL))
				ec_usage_error("--model: %s is not in this build", optarg);
			a.model = k;
			break;
		}
		case OPT_SEASON: {
			char *items[MAX_PERIODS + 1];
			char *dup = strdup(optarg);
			if (!dup)
				oom();
			size_t n = ec_opt_list("--season", dup, items, MAX_PERIODS + 1);
			if (n > MAX_PERIODS)
				ec_usage_error("--season: at most %d season lengths", MAX_PERIODS);
			for (size_t i = 0; i < n; i++)
				a.periods[i] = (int)ec_opt_int("--season", items[i], 1, 100000);
			a.nperiods = (int)n;
			free(dup);
			break;
		}
		case OPT_FREQ: a.freq = parse_freq(optarg); break;
		case OPT_FILL:
			if (!strcmp(optarg, "zero"))
				a.fill = FILL_ZERO;
			else if (!strcmp(optarg, "interpolate"))
				a.fill = FILL_INTERP;
			else if (!strcmp(optarg, "error"))
				a.fill = FILL_ERROR;
			else
				ec_usage_error("--fill: '%s' is not zero, interpolate or error", optarg);
			break;
		case OPT_SUMMARY: a.summary = 1; break;
		case OPT_GATHER: a.gather = 1; break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &a.shard); break;
		case OPT_THREADS: a.threads = (int)ec_opt_int("--threads", optarg, 1, 256); break;
		case OPT_SEED: a.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			a.ifmt = (enum ec_format)f;
			break;
		}
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--of: '%s' is not csv, tsv or jsonl", optarg);
			a.ofmt = (enum ec_format)f;
			break;
		}
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		default:
			fprintf(stderr, "Try 'ec-forecast --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	if (a.h == 0)
		a.h = freq_horizon[a.freq];
	if (a.nperiods > 1) {
		/* several seasons: the smallest first (the one of single-season methods) */
		for (int i = 1; i < a.nperiods; i++)
			for (int j = i; j > 0 && a.periods[j] < a.periods[j - 1]; j--) {
				int t = a.periods[j];
				a.periods[j] = a.periods[j - 1];
				a.periods[j - 1] = t;
			}
	}
	if (a.model == M_MSTL && a.nperiods == 0)
		ec_usage_error("--model mstl needs --season with one or more season lengths");

	if (!a.ofmt)
		a.ofmt = EC_FORMAT_CSV;
	a.out = ec_cli_output(a.out_path, a.out_path ? EC_COMPRESS_AUTO : a.z);
	static const char *const fn[] = { "series", "ts", "step", "point", "lo80", "hi80", "lo95",
	                                  "hi95", "model" };
	static const enum ec_col_type ft[] = { EC_COL_STR, EC_COL_STR, EC_COL_NUM, EC_COL_NUM,
	                                       EC_COL_NUM, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
	                                       EC_COL_STR };
	static const char *const sn[] = { "series", "n", "total", "past", "growth", "stage",
	                                  "model" };
	static const enum ec_col_type st[] = { EC_COL_STR, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
	                                       EC_COL_NUM, EC_COL_STR, EC_COL_STR };
	int rc = a.summary ? ec_writer_open(&a.w, a.out, a.ofmt, sn, st, 7)
	                   : ec_writer_open(&a.w, a.out, a.ofmt, fn, ft, 9);
	if (rc < 0)
		ec_die("cannot write the output");
	ec_rejects_open(&a.rej, a.rejects_path, a.max_errors);
	a.done = ec_strmap_new(1);
	a.batch = malloc(BATCH * sizeof *a.batch);
	if (!a.done || !a.batch)
		oom();

	read_input(&a, argv + optind, (size_t)(argc - optind));

	ec_writer_close(a.w);
	ec_cli_commit(a.out);
	ec_rejects_close(&a.rej);
	if (!a.quiet)
		ec_warn("%zu series forecast %d steps ahead (%s), %zu records rejected", a.nwritten,
		        a.h, model_names[a.model], (size_t)a.rej.n);
	ec_strmap_free(a.done);
	free(a.batch);
	return EC_EXIT_OK;
}
