/*
 * ec-eval forecast: accuracy of forecasts (ec-forecast's output) against the
 * truth, with the definitions of the M4 and M5 competitions: sMAPE, MASE,
 * OWA against Naive2 (computed here from the training series, as the M4
 * organisers did), RMSSE, coverage of the 80% and 95% intervals and MSIS.
 *
 * Training and test series are read whole (wide rows id,v1,... or long
 * series,ts,value records, sorted by ts within a series); forecast rows are
 * matched to test values by series and step (step k is the k-th test value).
 * The measures themselves live in lib/ec_fcbase.
 */
#include "ec_cli.h"
#include "ec_fc.h"
#include "ec_fcbase.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_strmap.h"
#include "ec_time.h"

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
"usage: ec-eval forecast --train FILE --test FILE [--season M] [--by-series]\n"
"                        [-o FILE] [--of FMT] [FILE]\n"
"\n"
"Accuracy of forecasts (series,step,point,lo80,hi80,lo95,hi95 as ec-forecast\n"
"writes them; stdin when no FILE) against the test values, with the training\n"
"series for the scales and the Naive2 benchmark: sMAPE, MASE and OWA (M4),\n"
"RMSSE (M5), coverage of the 80% and 95% intervals, MSIS (M4, 95%).\n"
"\n"
"Options:\n"
"      --train FILE   training series: wide rows id,v1,... or series,ts,value\n"
"      --test FILE    the truth, same layouts\n"
"      --season M     season length for MASE, MSIS and Naive2 (default 1)\n"
"      --by-series    one row per series before the overall row\n"
"  -o, --output FILE  write to FILE atomically\n"
"      --of FMT       csv (default), tsv or jsonl\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n";

enum { OPT_TRAIN = 256, OPT_TEST, OPT_SEASON, OPT_BY, OPT_OF };

static const struct option longopts[] = {
	{ "train", required_argument, 0, OPT_TRAIN },
	{ "test", required_argument, 0, OPT_TEST },
	{ "season", required_argument, 0, OPT_SEASON },
	{ "by-series", no_argument, 0, OPT_BY },
	{ "output", required_argument, 0, 'o' },
	{ "of", required_argument, 0, OPT_OF },
	{ "help", no_argument, 0, 'h' },
	{ 0, 0, 0, 0 },
};

struct vec {
	double *v;
	int64_t *ts;
	size_t n, cap;
};

static void oom(void)
{
	ec_die("out of memory");
}

static void vec_add(struct vec *s, double v, int64_t ts)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		s->ts = realloc(s->ts, s->cap * sizeof *s->ts);
		if (!s->v || !s->ts)
			oom();
	}
	s->v[s->n] = v;
	s->ts[s->n++] = ts;
}

static struct ec_reader *open_one(const char *path)
{
	char err[1024];
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	struct ec_reader *r;
	const char *paths[1] = { path };
	if (ec_reader_open(&r, paths, 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

/* Sort one series by time (insertion sort: input is nearly always sorted). */
static void vec_sort(struct vec *s)
{
	for (size_t i = 1; i < s->n; i++)
		for (size_t j = i; j > 0 && s->ts[j] < s->ts[j - 1]; j--) {
			int64_t t = s->ts[j];
			double v = s->v[j];
			s->ts[j] = s->ts[j - 1];
			s->v[j] = s->v[j - 1];
			s->ts[j - 1] = t;
			s->v[j - 1] = v;
		}
}

/* Series of a file, wide or long, into map name -> struct vec. */
static struct ec_strmap *load_series(const char *path)
{
	struct ec_reader *r = open_one(path);
	struct ec_strmap *m = ec_strmap_new(sizeof(struct vec));
	if (!m)
		oom();
	int cs = ec_reader_col(r, "series"), ct = ec_reader_col(r, "ts"),
	    cv = ec_reader_col(r, "value");
	int wide = cs < 0 || cv < 0;
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k != EC_READ_OK)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		double v;
		int isnew;
		if (wide) {
			if (!rec.nfields || !rec.val[0] || !rec.len[0])
				ec_die("%s:%ld: empty series id", rec.source, rec.line);
			struct vec *s = ec_strmap_put(m, rec.val[0], rec.len[0], &isnew);
			if (!s)
				oom();
			if (!isnew)
				ec_die("%s:%ld: series '%s' appears twice", rec.source, rec.line, rec.val[0]);
			size_t end = rec.nfields;
			while (end > 1 && (!rec.val[end - 1] || !rec.len[end - 1]))
				end--;
			for (size_t i = 1; i < end; i++) {
				if (!rec.val[i] || ec_num_parse(rec.val[i], rec.len[i], &v) < 0)
					ec_die("%s:%ld: column %zu is not a finite number", rec.source, rec.line,
					       i + 1);
				vec_add(s, v, (int64_t)i);
			}
		} else {
			if ((size_t)cs >= rec.nfields || !rec.val[cs] || (size_t)cv >= rec.nfields ||
			    !rec.val[cv] || ec_num_parse(rec.val[cv], rec.len[cv], &v) < 0)
				ec_die("%s:%ld: a record needs series and a finite value", rec.source,
				       rec.line);
			int64_t ts = 0;
			const char *why;
			if (ct >= 0 && ((size_t)ct >= rec.nfields || !rec.val[ct] ||
			                ec_time_parse(rec.val[ct], rec.len[ct], NULL, NULL, &ts, &why) < 0))
				ec_die("%s:%ld: bad ts", rec.source, rec.line);
			struct vec *s = ec_strmap_put(m, rec.val[cs], rec.len[cs], &isnew);
			if (!s)
				oom();
			vec_add(s, v, ct >= 0 ? ts : (int64_t)s->n);
		}
	}
	ec_reader_close(r);
	for (size_t i = 0; i < ec_strmap_size(m); i++)
		vec_sort(ec_strmap_val(m, i));
	return m;
}

struct fcs {
	struct ec_fc fc;
	int h;          /* steps seen */
	char *model;
	size_t order;
};

struct acc { double sum; size_t n; };

static void acc_add(struct acc *a, double v)
{
	if (isfinite(v)) {
		a->sum += v;
		a->n++;
	}
}

static double acc_mean(const struct acc *a)
{
	return a->n ? a->sum / (double)a->n : NAN;
}

static int fmt(double v, char *b)
{
	if (!isfinite(v))
		return (int)(b[0] = 0);
	return snprintf(b, 32, "%.6f", v);
}

int eval_forecast_main(int argc, char **argv);

int eval_forecast_main(int argc, char **argv)
{
	const char *train_path = NULL, *test_path = NULL, *out_path = NULL;
	int m = 1, by = 0;
	enum ec_format of = EC_FORMAT_CSV;
	int c;

	ec_cli_init("ec-eval forecast");
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRAIN: train_path = optarg; break;
		case OPT_TEST: test_path = optarg; break;
		case OPT_SEASON: m = (int)ec_opt_int("--season", optarg, 1, 100000); break;
		case OPT_BY: by = 1; break;
		case 'o': out_path = optarg; break;
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--of: '%s' is not csv, tsv or jsonl", optarg);
			of = (enum ec_format)f;
			break;
		}
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		default:
			fprintf(stderr, "Try 'ec-eval forecast --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	if (!train_path || !test_path)
		ec_usage_error("--train and --test are required");
	if (argc - optind > 1)
		ec_usage_error("one forecast file at most");
	const char *fc_path = optind < argc ? argv[optind] : "-";

	struct ec_strmap *train = load_series(train_path);
	struct ec_strmap *test = load_series(test_path);

	/* forecasts: series -> arrays sized by the test length */
	struct ec_strmap *fcm = ec_strmap_new(sizeof(struct fcs));
	if (!fcm)
		oom();
	struct ec_reader *r = open_one(fc_path);
	int cs = ec_reader_col(r, "series"), cst = ec_reader_col(r, "step"),
	    cp = ec_reader_col(r, "point"), cmod = ec_reader_col(r, "model");
	int cb[4] = { ec_reader_col(r, "lo80"), ec_reader_col(r, "hi80"), ec_reader_col(r, "lo95"),
	              ec_reader_col(r, "hi95") };
	if (cs < 0 || cst < 0 || cp < 0)
		ec_die("%s: forecasts need the columns series, step and point", fc_path);
	int have_iv = cb[0] >= 0 && cb[1] >= 0 && cb[2] >= 0 && cb[3] >= 0;
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k != EC_READ_OK)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		const char *name = (size_t)cs < rec.nfields ? rec.val[cs] : NULL;
		if (!name)
			ec_die("%s:%ld: missing series", rec.source, rec.line);
		struct vec *t = ec_strmap_get(test, name, rec.len[cs]);
		if (!t)
			ec_die("%s:%ld: series '%s' is not in %s", rec.source, rec.line, name, test_path);
		double st, p;
		if ((size_t)cst >= rec.nfields || !rec.val[cst] ||
		    ec_num_parse(rec.val[cst], rec.len[cst], &st) < 0 || st < 1 || st != floor(st))
			ec_die("%s:%ld: step is not a positive integer", rec.source, rec.line);
		if ((size_t)cp >= rec.nfields || !rec.val[cp] ||
		    ec_num_parse(rec.val[cp], rec.len[cp], &p) < 0)
			ec_die("%s:%ld: point is not a finite number", rec.source, rec.line);
		int isnew;
		struct fcs *f = ec_strmap_put(fcm, name, rec.len[cs], &isnew);
		if (!f)
			oom();
		if (isnew) {
			if (ec_fc_alloc(&f->fc, (int)t->n) < 0)
				oom();
			for (size_t i = 0; i < t->n; i++)
				f->fc.point[i] = NAN;
			f->order = ec_strmap_size(fcm) - 1;
			const char *mo = cmod >= 0 && (size_t)cmod < rec.nfields ? rec.val[cmod] : NULL;
			f->model = strdup(mo ? mo : "");
			if (!f->model)
				oom();
		}
		size_t j = (size_t)st - 1;
		if (j >= t->n)
			continue; /* beyond the test period */
		if (!isnan(f->fc.point[j]))
			ec_die("%s:%ld: duplicate forecast of series '%s' step %zu", rec.source, rec.line,
			       name, j + 1);
		f->fc.point[j] = p;
		double b[4] = { NAN, NAN, NAN, NAN };
		for (int q = 0; q < 4 && have_iv; q++)
			if ((size_t)cb[q] < rec.nfields && rec.val[cb[q]] && rec.len[cb[q]])
				ec_num_parse(rec.val[cb[q]], rec.len[cb[q]], &b[q]);
		f->fc.lo80[j] = b[0];
		f->fc.hi80[j] = b[1];
		f->fc.lo95[j] = b[2];
		f->fc.hi95[j] = b[3];
	}
	ec_reader_close(r);

	struct ec_output *out = ec_cli_output(out_path, EC_COMPRESS_AUTO);
	static const char *const names[] = { "series", "h", "smape", "mase", "owa", "rmsse",
	                                     "cov80", "cov95", "msis", "smape_naive2",
	                                     "mase_naive2", "model" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
	                                          EC_COL_NUM, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
	                                          EC_COL_NUM, EC_COL_NUM, EC_COL_NUM, EC_COL_STR };
	struct ec_writer *w;
	if (ec_writer_open(&w, out, of, names, types, 12) < 0)
		ec_die("cannot write the output");
	struct acc sm = { 0 }, ma = { 0 }, rm = { 0 }, c80 = { 0 }, c95 = { 0 }, ms = { 0 },
	           sm2 = { 0 }, ma2 = { 0 };
	size_t nser = 0, hsum = 0;
	struct ec_fc n2;
	memset(&n2, 0, sizeof n2);
	for (size_t i = 0; i < ec_strmap_size(test); i++) {
		size_t klen;
		const char *name = ec_strmap_key(test, i, &klen);
		struct vec *t = ec_strmap_val(test, i);
		struct vec *x = ec_strmap_get(train, name, klen);
		struct fcs *f = ec_strmap_get(fcm, name, klen);
		if (!x)
			ec_die("%s: series '%s' is not in %s", test_path, name, train_path);
		if (!f)
			ec_die("%s: no forecast of series '%s'", fc_path, name);
		int h = (int)t->n;
		for (int j = 0; j < h; j++)
			if (isnan(f->fc.point[j]))
				ec_die("%s: series '%s' has no forecast for step %d", fc_path, name, j + 1);
		ec_fc_free(&n2);
		if (ec_fc_alloc(&n2, h) < 0)
			oom();
		ec_fc_naive2(x->v, x->n, m, h, &n2);
		double s = ec_fc_smape(t->v, f->fc.point, h);
		double a = ec_fc_mase(x->v, x->n, m, t->v, f->fc.point, h);
		double s2 = ec_fc_smape(t->v, n2.point, h);
		double a2 = ec_fc_mase(x->v, x->n, m, t->v, n2.point, h);
		double rmsse = ec_fc_rmsse(x->v, x->n, t->v, f->fc.point, h);
		double cv80 = ec_fc_coverage(t->v, f->fc.lo80, f->fc.hi80, h);
		double cv95 = ec_fc_coverage(t->v, f->fc.lo95, f->fc.hi95, h);
		double msis = ec_fc_msis(x->v, x->n, m, t->v, f->fc.lo95, f->fc.hi95, h, 0.05);
		if (!have_iv)
			cv80 = cv95 = msis = NAN;
		acc_add(&sm, s);
		acc_add(&ma, a);
		acc_add(&sm2, s2);
		acc_add(&ma2, a2);
		acc_add(&rm, rmsse);
		acc_add(&c80, cv80);
		acc_add(&c95, cv95);
		acc_add(&ms, msis);
		nser++;
		hsum += (size_t)h;
		if (by) {
			double owa = 0.5 * (s / s2 + a / a2);
			char b[10][32], hb[24];
			snprintf(hb, sizeof hb, "%d", h);
			fmt(s, b[0]);
			fmt(a, b[1]);
			fmt(owa, b[2]);
			fmt(rmsse, b[3]);
			fmt(cv80, b[4]);
			fmt(cv95, b[5]);
			fmt(msis, b[6]);
			fmt(s2, b[7]);
			fmt(a2, b[8]);
			const char *v[12] = { name, hb, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
			                      b[8], f->model };
			for (int q = 2; q < 11; q++)
				if (!v[q][0])
					v[q] = NULL;
			if (ec_writer_write(w, v, NULL) < 0)
				ec_die("%s", ec_output_error(out));
		}
	}
	ec_fc_free(&n2);
	/* M4: OWA of a method is computed from its overall sMAPE and MASE */
	double owa = 0.5 * (acc_mean(&sm) / acc_mean(&sm2) + acc_mean(&ma) / acc_mean(&ma2));
	char b[10][32], hb[24];
	snprintf(hb, sizeof hb, "%zu", hsum);
	fmt(acc_mean(&sm), b[0]);
	fmt(acc_mean(&ma), b[1]);
	fmt(owa, b[2]);
	fmt(acc_mean(&rm), b[3]);
	fmt(acc_mean(&c80), b[4]);
	fmt(acc_mean(&c95), b[5]);
	fmt(acc_mean(&ms), b[6]);
	fmt(acc_mean(&sm2), b[7]);
	fmt(acc_mean(&ma2), b[8]);
	const char *v[12] = { "ALL", hb, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], "" };
	for (int q = 2; q < 11; q++)
		if (!v[q][0])
			v[q] = NULL;
	if (ec_writer_write(w, v, NULL) < 0)
		ec_die("%s", ec_output_error(out));
	ec_writer_close(w);
	ec_cli_commit(out);
	if (ma.n < nser)
		ec_warn("%zu of %zu series have a zero MASE scale (left out of MASE and MSIS)",
		        nser - ma.n, nser);
	for (size_t i = 0; i < ec_strmap_size(fcm); i++) {
		struct fcs *f = ec_strmap_val(fcm, i);
		ec_fc_free(&f->fc);
		free(f->model);
	}
	struct ec_strmap *maps[2] = { train, test };
	for (int mi = 0; mi < 2; mi++) {
		for (size_t i = 0; i < ec_strmap_size(maps[mi]); i++) {
			struct vec *sv = ec_strmap_val(maps[mi], i);
			free(sv->v);
			free(sv->ts);
		}
		ec_strmap_free(maps[mi]);
	}
	ec_strmap_free(fcm);
	return EC_EXIT_OK;
}
