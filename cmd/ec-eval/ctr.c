/*
 * ec-eval ctr: quality of click-through scores (see ec-eval-ctr(1)). Reads
 * scored records (ec-predict's output, or anything with a label and a
 * probability), keeps label, score and a user id per record in memory,
 * and reports AUC (ties at average rank), log-loss, calibration and GAUC
 * through lib/ec_ctr.h's metrics.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_ctr.h"
#include "ec_record.h"
#include "ec_strmap.h"

int eval_ctr_main(int argc, char **argv);

static const char usage_text[] =
"usage: ec-eval ctr [-q] [-o FILE] [--label COL] [--score COL] [--user COL]\n"
"                   [--buckets N] [--format json|csv] [--if FMT]\n"
"                   [--rejects FILE] [--max-errors N] [FILE ...]\n"
"\n"
"Quality of click probabilities: AUC, log-loss, calibration (mean score over\n"
"observed rate) and GAUC (per-user AUC weighted by impressions) of scored\n"
"records (CSV, TSV or JSONL, any compression; stdin when no FILE), such as\n"
"ec-predict writes them.\n"
"\n"
"Options:\n"
"  -o, --output FILE      write to FILE atomically\n"
"      --label COL        the 0/1 label column (default label)\n"
"      --score COL        the probability column (default score)\n"
"      --user COL         the user column of GAUC (default user; GAUC is left\n"
"                         out when the input has no such column)\n"
"      --buckets N        calibration in N buckets of equal count by score\n"
"      --format FMT       json (default) or csv (metric,value lines)\n"
"      --if FMT           input format csv, tsv or jsonl (default: detected)\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n";

enum { OPT_LABEL = 256, OPT_SCORE, OPT_USER, OPT_BUCKETS, OPT_FORMAT, OPT_IF, OPT_REJECTS,
       OPT_MAXERR };

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "label", required_argument, 0, OPT_LABEL },
	{ "score", required_argument, 0, OPT_SCORE },
	{ "user", required_argument, 0, OPT_USER },
	{ "buckets", required_argument, 0, OPT_BUCKETS },
	{ "format", required_argument, 0, OPT_FORMAT },
	{ "if", required_argument, 0, OPT_IF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

struct app {
	const char *rejects_path;
	long long max_errors;
	struct ec_rejects rej;
};

static void reject(struct app *a, const struct ec_record *rec, const char *reason)
{
	ec_rejects_add(&a->rej, rec->source, rec->line, rec->raw, rec->rawlen, reason);
}

struct ps {
	double s;
	uint8_t y;
};

static int cmp_ps(const void *a, const void *b)
{
	const struct ps *x = a, *y = b;
	return (x->s > y->s) - (x->s < y->s);
}

/* %.6f, or null/empty for a missing figure */
static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(round(x * 1e6) / 1e6) : json_null();
}

int eval_ctr_main(int argc, char **argv)
{
	struct app a = { .max_errors = -1 };
	const char *out_path = NULL, *label = "label", *score = "score", *user = "user";
	long long buckets = 0;
	int csv = 0, quiet = 0;
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	int ch;
	while ((ch = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': out_path = optarg; break;
		case OPT_LABEL: label = optarg; break;
		case OPT_SCORE: score = optarg; break;
		case OPT_USER: user = optarg; break;
		case OPT_BUCKETS: buckets = ec_opt_int("--buckets", optarg, 1, 1000000); break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "csv"))
				csv = 1;
			else if (strcmp(optarg, "json"))
				ec_usage_error("--format: '%s' is not json or csv", optarg);
			break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			ro.format = (enum ec_format)f;
			break;
		}
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		default: ec_usage_error("unknown option");
		}
	}
	static const char *const dash[] = { "-" };
	size_t npaths = (size_t)(argc - optind);
	struct ec_reader *r;
	char err[1024];
	if (ec_reader_open(&r, npaths ? (const char *const *)argv + optind : dash,
	                   npaths ? npaths : 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	const char *first = npaths ? argv[optind] : "-";
	ec_rejects_open(&a.rej, a.rejects_path, a.max_errors);
	int jsonl = ec_reader_format(r) == EC_FORMAT_JSONL;
	int lc = ec_reader_col(r, label), sc = ec_reader_col(r, score), uc = ec_reader_col(r, user);
	if (!jsonl && lc < 0)
		ec_die("%s: no label column '%s'", first, label);
	if (!jsonl && sc < 0)
		ec_die("%s: no score column '%s'", first, score);

	double *s = NULL;
	uint8_t *y = NULL;
	uint32_t *g = NULL;
	size_t n = 0, cap = 0, capy = 0, capg = 0;
	struct ec_strmap *users = ec_strmap_new(sizeof(uint32_t));
	int any_user = 0;
	if (!users)
		ec_die("out of memory");
	struct ec_record rec;
	for (;;) {
		int k = ec_reader_next(r, &rec);
		if (k == EC_READ_END)
			break;
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD) {
			reject(&a, &rec, ec_reader_error(r));
			continue;
		}
		if (jsonl) {
			lc = ec_reader_col(r, label);
			sc = ec_reader_col(r, score);
			uc = ec_reader_col(r, user);
		}
		const char *lv = lc >= 0 && (size_t)lc < rec.nfields ? rec.val[lc] : NULL;
		const char *sv = sc >= 0 && (size_t)sc < rec.nfields ? rec.val[sc] : NULL;
		const char *uv = uc >= 0 && (size_t)uc < rec.nfields ? rec.val[uc] : NULL;
		char why[200];
		int yy = lv ? ec_ctr_parse_label(lv, rec.len[lc]) : -1;
		if (yy < 0) {
			snprintf(why, sizeof why, lv ? "label '%.60s' is not 0 or 1" : "no label%.0s",
			         lv ? lv : "");
			reject(&a, &rec, why);
			continue;
		}
		char *end;
		double x = sv ? strtod(sv, &end) : NAN;
		if (!sv || !*sv || *end || !(x >= 0 && x <= 1)) {
			snprintf(why, sizeof why, "score '%.60s' is not a probability", sv ? sv : "");
			reject(&a, &rec, why);
			continue;
		}
		if (ec_grow((void **)&s, &cap, n + 1, sizeof *s) < 0 ||
		    ec_grow((void **)&y, &capy, n + 1, sizeof *y) < 0 ||
		    ec_grow((void **)&g, &capg, n + 1, sizeof *g) < 0)
			ec_die("out of memory");
		s[n] = x;
		y[n] = (uint8_t)yy;
		uint32_t gid = 0;
		if (uv) {
			int isnew;
			uint32_t *slot = ec_strmap_put(users, uv, rec.len[uc], &isnew);
			if (!slot)
				ec_die("out of memory");
			if (isnew)
				*slot = (uint32_t)ec_strmap_size(users);
			gid = *slot;
			any_user = 1;
		}
		g[n] = gid;
		n++;
	}
	ec_reader_close(r);
	if (n == 0)
		ec_die("%s: no scored records", first);
	size_t npos = 0;
	double ssum = 0;
	for (size_t i = 0; i < n; i++) {
		npos += y[i];
		ssum += s[i];
	}
	double auc = ec_ctr_auc(s, y, n), ll = ec_ctr_logloss(s, y, n);
	double mean_s = ssum / (double)n, rate = (double)npos / (double)n;
	size_t ng = 0;
	double gauc = any_user ? ec_ctr_gauc(s, y, g, n, &ng) : NAN;

	json_t *o = json_object();
	json_object_set_new(o, "n", json_integer((json_int_t)n));
	json_object_set_new(o, "positives", json_integer((json_int_t)npos));
	json_object_set_new(o, "auc", jnum(auc));
	json_object_set_new(o, "logloss", jnum(ll));
	json_object_set_new(o, "mean_score", jnum(mean_s));
	json_object_set_new(o, "ctr", jnum(rate));
	json_object_set_new(o, "calibration", jnum(rate > 0 ? mean_s / rate : NAN));
	if (any_user) {
		json_object_set_new(o, "gauc", jnum(gauc));
		json_object_set_new(o, "gauc_users", json_integer((json_int_t)ng));
	}
	json_t *bk = NULL;
	if (buckets) {
		struct ps *v = malloc(n * sizeof *v);
		if (!v)
			ec_die("out of memory");
		for (size_t i = 0; i < n; i++) {
			v[i].s = s[i];
			v[i].y = y[i];
		}
		qsort(v, n, sizeof *v, cmp_ps);
		bk = json_array();
		size_t nb = (size_t)buckets < n ? (size_t)buckets : n;
		for (size_t b = 0; b < nb; b++) {
			size_t lo = b * n / nb, hi = (b + 1) * n / nb;
			double sm = 0;
			size_t pos = 0;
			for (size_t i = lo; i < hi; i++) {
				sm += v[i].s;
				pos += v[i].y;
			}
			double ms = sm / (double)(hi - lo), obs = (double)pos / (double)(hi - lo);
			json_array_append_new(bk, json_pack("{s:I, s:o, s:o, s:o, s:o}", "n",
			                                    (json_int_t)(hi - lo), "min_score",
			                                    jnum(v[lo].s), "max_score", jnum(v[hi - 1].s),
			                                    "mean_score", jnum(ms), "ctr", jnum(obs)));
		}
		free(v);
		json_object_set_new(o, "buckets", bk);
	}
	struct ec_output *out = ec_cli_output(out_path, EC_COMPRESS_AUTO);
	struct ec_buf b = EC_BUF_INIT;
	if (csv) {
		ec_buf_adds(&b, "metric,value\n");
		const char *key;
		json_t *v;
		json_object_foreach(o, key, v) {
			if (json_is_array(v))
				continue;
			if (json_is_null(v))
				ec_buf_addf(&b, "%s,\n", key);
			else if (json_is_integer(v))
				ec_buf_addf(&b, "%s,%lld\n", key, (long long)json_integer_value(v));
			else
				ec_buf_addf(&b, "%s,%.6f\n", key, json_real_value(v));
		}
		for (size_t i = 0; bk && i < json_array_size(bk); i++) {
			json_t *e = json_array_get(bk, i);
			ec_buf_addf(&b, "bucket%zu_n,%lld\n", i + 1,
			            (long long)json_integer_value(json_object_get(e, "n")));
			ec_buf_addf(&b, "bucket%zu_mean_score,%.6f\n", i + 1,
			            json_number_value(json_object_get(e, "mean_score")));
			ec_buf_addf(&b, "bucket%zu_ctr,%.6f\n", i + 1,
			            json_number_value(json_object_get(e, "ctr")));
		}
	} else {
		char *txt = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		if (!txt)
			ec_die("out of memory");
		ec_buf_adds(&b, txt);
		ec_buf_addc(&b, '\n');
		free(txt);
	}
	if (ec_output_write(out, b.data, b.len) < 0)
		ec_die("%s", ec_output_error(out));
	ec_cli_commit(out);
	ec_rejects_close(&a.rej);
	if (!quiet && a.rej.n)
		fprintf(stderr, "ec-eval: ctr: %llu records rejected\n",
		        (unsigned long long)a.rej.n);
	ec_buf_free(&b);
	json_decref(o);
	ec_strmap_free(users);
	free(s);
	free(y);
	free(g);
	return EC_EXIT_OK;
}
