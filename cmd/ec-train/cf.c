/*
 * ec-train -m itemknn|ease|als|pop: candidate models from implicit
 * feedback (lib/ec_cf). Reads canonical events, weighs each by its kind
 * (--weights) and its age (--half-life, relative to the latest event),
 * sums them per user and item, trains and saves one "cf" model file.
 *
 * The whole interaction matrix is in memory (20 bytes per event while
 * reading, 8 per distinct user-item pair after): the models need it all.
 */
#include "ec_cf.h"
#include "ec_cli.h"
#include "ec_features.h"
#include "ec_record.h"
#include "ec_schema.h"
#include "ec_strmap.h"
#include "ec_time.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int train_cf_main(int argc, char **argv);

static const char usage_text[] =
"usage: ec-train -m itemknn|ease|als|pop -o MODEL [-q] [--weights LIST]\n"
"                [--half-life DUR] [--lambda X] [--neighbors N] [--shrink X]\n"
"                [--similarity cosine|jaccard] [--factors N] [--iters N]\n"
"                [--cg-steps N] [--alpha X] [--reg X] [--threads N] [--seed N]\n"
"                [--if FMT] [--rejects FILE] [--max-errors N] [FILE ...]\n"
"\n"
"Learn a candidate model from canonical events (CSV, TSV or JSONL, any\n"
"compression; stdin when no FILE or FILE is -) into a model file for\n"
"ec-recommend. Each event weighs by its kind and age; a user's weights on an\n"
"item are summed.\n"
"\n"
"Models:\n"
"  -m itemknn           item-item cosine or Jaccard similarity with shrinkage,\n"
"                       the most similar neighbours of each item kept\n"
"  -m ease              EASE (Steck 2019), closed form, up to 30000 items\n"
"  -m als               implicit ALS (Hu, Koren, Volinsky 2008), conjugate gradient\n"
"  -m pop               most popular items\n"
"\n"
"Options:\n"
"  -o, --output MODEL       write the model there atomically (required)\n"
"      --weights LIST       weight of each event kind (default\n"
"                           view=1,click=2,cart=4,purchase=8,rate=1; kinds not\n"
"                           listed are ignored)\n"
"      --half-life DUR      halve an event's weight every DUR before the latest\n"
"                           event, e.g. 30d (default: no decay)\n"
"      --lambda X           ease: L2 regularisation (default 200)\n"
"      --neighbors N        itemknn: neighbours kept per item (default 10)\n"
"      --shrink X           itemknn: shrinkage of similarities (default 5)\n"
"      --similarity S       itemknn: cosine (default) or jaccard\n"
"      --factors N          als: latent factors (default 64)\n"
"      --iters N            als: alternating sweeps (default 15)\n"
"      --cg-steps N         als: conjugate-gradient steps per row (default 3)\n"
"      --alpha X            als: confidence 1 + X * weight (default 10)\n"
"      --reg X              als: L2 regularisation (default 0.1)\n"
"      --threads N          worker threads (default 1)\n"
"      --seed N             als: seed of the initial factors (default 1)\n"
"      --if FMT             input format: csv, tsv, jsonl (default: detected)\n"
"      --rejects FILE       write bad records there as JSONL and go on\n"
"      --max-errors N       fail when more than N records are bad\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-train-cf(1).\n";

enum {
	OPT_WEIGHTS = 256, OPT_HALF, OPT_LAMBDA, OPT_NEIGH, OPT_SHRINK, OPT_SIM, OPT_FACTORS,
	OPT_ITERS, OPT_CG, OPT_ALPHA, OPT_REG, OPT_THREADS, OPT_SEED, OPT_IF, OPT_REJECTS,
	OPT_MAXERR,
};

static const struct option longopts[] = {
	{ "model", required_argument, 0, 'm' },
	{ "output", required_argument, 0, 'o' },
	{ "weights", required_argument, 0, OPT_WEIGHTS },
	{ "half-life", required_argument, 0, OPT_HALF },
	{ "lambda", required_argument, 0, OPT_LAMBDA },
	{ "neighbors", required_argument, 0, OPT_NEIGH },
	{ "shrink", required_argument, 0, OPT_SHRINK },
	{ "similarity", required_argument, 0, OPT_SIM },
	{ "factors", required_argument, 0, OPT_FACTORS },
	{ "iters", required_argument, 0, OPT_ITERS },
	{ "cg-steps", required_argument, 0, OPT_CG },
	{ "alpha", required_argument, 0, OPT_ALPHA },
	{ "reg", required_argument, 0, OPT_REG },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "if", required_argument, 0, OPT_IF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

struct app {
	struct ec_rejects rej;
	long long max_errors;
	uint64_t nread;
};

static void reject(struct app *a, const char *source, long line, const char *raw,
                   size_t rawlen, const char *reason)
{
	ec_rejects_add(&a->rej, source, line, raw, rawlen, reason);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int train_cf_main(int argc, char **argv)
{
	const char *model = NULL, *out_path = NULL, *rejects = NULL;
	int quiet = 0, seen[OPT_MAXERR + 1] = { 0 };
	double weights[EC_CF_NKINDS];
	int64_t half = 0;
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	struct app a;
	memset(&a, 0, sizeof a);
	a.max_errors = -1;
	struct ec_cf_params p;
	ec_cf_params_default(&p, EC_CF_POP);
	ec_cf_weights_default(weights);
	char err[1024];
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:o:qhV", longopts, NULL)) != -1) {
		if (c >= 256)
			seen[c] = 1;
		switch (c) {
		case 'm': model = optarg; break;
		case 'o': out_path = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_WEIGHTS:
			if (ec_cf_weights_parse(optarg, weights, err, sizeof err) < 0)
				ec_usage_error("--weights: %s", err);
			break;
		case OPT_HALF:
			if (ec_duration_parse(optarg, &half) < 0)
				ec_usage_error("--half-life: '%s' is not a duration (e.g. 30d, 12h)", optarg);
			break;
		case OPT_LAMBDA: p.lambda = ec_opt_double("--lambda", optarg, 1e-12, 1e12); break;
		case OPT_NEIGH:
			p.neighbors = (uint32_t)ec_opt_int("--neighbors", optarg, 1, 100000);
			break;
		case OPT_SHRINK: p.shrink = ec_opt_double("--shrink", optarg, 0, 1e12); break;
		case OPT_SIM:
			if (!strcmp(optarg, "cosine"))
				p.similarity = EC_CF_COSINE;
			else if (!strcmp(optarg, "jaccard"))
				p.similarity = EC_CF_JACCARD;
			else
				ec_usage_error("--similarity: '%s' is not cosine or jaccard", optarg);
			break;
		case OPT_FACTORS: p.factors = (uint32_t)ec_opt_int("--factors", optarg, 1, 1024); break;
		case OPT_ITERS: p.iters = (uint32_t)ec_opt_int("--iters", optarg, 1, 100000); break;
		case OPT_CG: p.cg_steps = (uint32_t)ec_opt_int("--cg-steps", optarg, 1, 1024); break;
		case OPT_ALPHA: p.alpha = ec_opt_double("--alpha", optarg, 0, 1e12); break;
		case OPT_REG: p.reg = ec_opt_double("--reg", optarg, 1e-12, 1e12); break;
		case OPT_THREADS: p.threads = (unsigned)ec_opt_int("--threads", optarg, 1, 256); break;
		case OPT_SEED: p.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			ro.format = (enum ec_format)f;
			break;
		}
		case OPT_REJECTS: rejects = optarg; break;
		case OPT_MAXERR:
			a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX);
			break;
		case ':': ec_usage_error("option '%s' needs a value", argv[optind - 1]);
		default: ec_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	p.kind = model ? ec_cf_kind_parse(model) : -1;
	if (p.kind < 0)
		ec_usage_error("-m: '%s' is not itemknn, ease, als or pop", model ? model : "");
	/* options of another model are a mistake worth saying */
	static const struct { int opt; const char *name; int kind; } own[] = {
		{ OPT_LAMBDA, "--lambda", EC_CF_EASE }, { OPT_NEIGH, "--neighbors", EC_CF_ITEMKNN },
		{ OPT_SHRINK, "--shrink", EC_CF_ITEMKNN }, { OPT_SIM, "--similarity", EC_CF_ITEMKNN },
		{ OPT_FACTORS, "--factors", EC_CF_ALS }, { OPT_ITERS, "--iters", EC_CF_ALS },
		{ OPT_CG, "--cg-steps", EC_CF_ALS }, { OPT_ALPHA, "--alpha", EC_CF_ALS },
		{ OPT_REG, "--reg", EC_CF_ALS }, { OPT_SEED, "--seed", EC_CF_ALS },
	};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		if (seen[own[i].opt] && own[i].kind != p.kind)
			ec_usage_error("%s is an option of -m %s, not -m %s", own[i].name,
			               ec_cf_kind_name(own[i].kind), model);
	if (!out_path)
		ec_usage_error("no output: give -o MODEL");
	int any = 0;
	for (int k = 1; k < EC_CF_NKINDS; k++)
		any |= weights[k] > 0;
	if (!any)
		ec_usage_error("--weights: every weight is 0");

	ec_rejects_open(&a.rej, rejects, a.max_errors);
	const char *stdin_path[1] = { "-" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : stdin_path;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
	struct ec_reader *r;
	if (ec_reader_open(&r, paths, npaths, &ro, err, sizeof err) < 0)
		ec_die("%s", err);

	double t0 = now_s();
	struct ec_cf_log log;
	if (ec_cf_log_init(&log) < 0)
		ec_die("out of memory");
	int col[EC_EV_NCOLS];
	for (int k = 0; k < EC_EV_NCOLS; k++)
		col[k] = -1;
	size_t resolved = 0;
	uint64_t nused = 0;
	struct ec_record rec;
	char why[256];
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a.nread++;
		if ((a.nread & 0xffff) == 0)
			ec_progress(a.nread, (uint64_t)ec_reader_bytes(r));
		if (k == EC_READ_BAD) {
			reject(&a, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
			continue;
		}
		for (size_t i = resolved; i < ec_reader_ncols(r); i++) {
			int cc = ec_ev_col(ec_reader_colname(r, i));
			if (cc >= 0 && col[cc] < 0)
				col[cc] = (int)i;
		}
		resolved = ec_reader_ncols(r);
		const char *v[EC_EV_NCOLS];
		size_t l[EC_EV_NCOLS];
		for (int cc = 0; cc < EC_EV_NCOLS; cc++) {
			int i = col[cc];
			v[cc] = i >= 0 && (size_t)i < rec.nfields ? rec.val[i] : NULL;
			l[cc] = v[cc] ? rec.len[i] : 0;
		}
		struct ec_event e;
		if (ec_event_parse(&e, v, l, why, sizeof why) < 0) {
			reject(&a, rec.source, rec.line, rec.raw, rec.rawlen, why);
			continue;
		}
		int rc = ec_cf_log_add(&log, &e, weights);
		if (rc < 0)
			ec_die("out of memory");
		nused += rc == 0;
	}
	ec_progress_done();
	ec_reader_close(r);
	ec_rejects_close(&a.rej);
	if (nused == 0)
		ec_die("%s: no events with an item and a kind of non-zero weight",
		       npaths == 1 ? paths[0] : "input");
	double t1 = now_s();

	struct ec_cf_csr x;
	if (ec_cf_log_matrix(&log, (double)half, &x) < 0)
		ec_die("out of memory");
	size_t ni = ec_strmap_size(log.items);
	const char **names = malloc(ni * sizeof *names);
	if (!names)
		ec_die("out of memory");
	for (size_t i = 0; i < ni; i++) {
		size_t len;
		names[i] = ec_strmap_key(log.items, i, &len);
	}
	struct ec_cf_model m;
	if (ec_cf_train(&m, &x, names, &p, err, sizeof err) < 0)
		ec_die("%s", err);
	double t2 = now_s();

	json_t *extra = json_object();
	json_object_set_new(extra, "users", json_integer((json_int_t)x.nrows));
	json_object_set_new(extra, "events", json_integer((json_int_t)nused));
	json_object_set_new(extra, "pairs", json_integer((json_int_t)x.ptr[x.nrows]));
	json_object_set_new(extra, "weights", ec_cf_weights_json(weights));
	json_object_set_new(extra, "half_life", json_integer(half));
	if (log.tmax != INT64_MIN) {
		char ts[EC_TIME_LEN];
		ec_time_format(log.tmax, ts);
		json_object_set_new(extra, "latest_event", json_string(ts));
	}
	/* the model file is written through ec_stream's atomic rename */
	if (ec_cf_save(&m, out_path, extra, err, sizeof err) < 0)
		ec_die("%s", err);
	if (!quiet)
		ec_warn("%llu events (%llu read, %llu bad), %u users, %zu items; %s trained in "
		        "%.2f s (reading %.2f s)",
		        (unsigned long long)nused, (unsigned long long)a.nread,
		        (unsigned long long)a.rej.n, x.nrows, ni, ec_cf_kind_name(p.kind),
		        t2 - t1, t1 - t0);
	json_decref(extra);
	ec_cf_free(&m);
	ec_cf_csr_free(&x);
	free(names);
	ec_cf_log_free(&log);
	return EC_EXIT_OK;
}
