/*
 * ec-price: dynamic pricing in three subcommands over lib/ec_price.
 *
 *   fit       price/quantity records (or canonical events, aggregated per
 *             item and day) -> per-item elasticities with intervals,
 *             shrunk toward the category's
 *   optimize  a fit and a catalog -> the price to charge now under the
 *             constraints, with the binding one; --state DIR makes it a
 *             cron job: a lock, state files written atomically, the same
 *             answer for a re-run within the same hour
 *   simulate  pricing policies in a simulated market over many seeds
 *
 * fit keeps every record in memory (one 40-byte observation per row),
 * grouped by item after reading: a regression needs an item's whole
 * history and the input is usually sorted by time, not by item.
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_num.h"
#include "ec_price.h"
#include "ec_record.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_time.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
"usage: ec-price fit [-q] [-o FILE] [--of FMT] [--map NAME=COL,...]\n"
"                    [--time-format FMT] [--category-depth N] [--no-shrink]\n"
"                    [--pooled FILE] [--shard I/N]\n"
"                    [--rejects FILE] [--max-errors N] [FILE ...]\n"
"       ec-price optimize --fit FILE --catalog FILE [-q] [-o FILE] [--of FMT]\n"
"                    [--objective profit|revenue|clearance] [--by DATE]\n"
"                    [--period DURATION] [--at TS] [--min-margin X]\n"
"                    [--max-change X] [--comp-band X] [--ending X] [--cover N]\n"
"                    [--state DIR] [--shard I/N] [--rejects FILE] [--max-errors N]\n"
"       ec-price simulate [-q] [-o FILE] [--of FMT] [--policy LIST]\n"
"                    [--periods N] [--seeds N] [--seed N] [--wtp-amplitude A]\n"
"                    [--grid K] [--dqn-episodes N] [--per-seed]\n"
"                    [--fit FILE | --truth FILE]\n"
"\n"
"fit: per-item price elasticity by a log-log regression with controls\n"
"(promotion, weekday, trend, competitor price), 95% intervals, empirical-Bayes\n"
"shrinkage toward the category. optimize: the price to charge now under the\n"
"constraints, with the one that binds. simulate: pricing policies against the\n"
"oracle in a market with hourly demand, over many seeds.\n"
"\n"
"Options:\n"
"  -o, --output FILE        write to FILE atomically (.zst/.gz compresses)\n"
"      --of FMT             output format: csv (default), tsv or jsonl\n"
"      --map NAME=COL,...   fit: read field NAME (item, ts, price, qty, cost,\n"
"                           comp_price, promo, category) from column COL\n"
"      --time-format FMT    fit: strptime(3) format of ts (default: ISO 8601,\n"
"                           epoch)\n"
"      --category-depth N   fit: pool items by the first N levels of a\n"
"                           category a/b/c (default: all)\n"
"      --no-shrink          fit: keep each item's own estimate\n"
"      --pooled FILE        fit: also write each category's pooled elasticity\n"
"      --fit FILE           optimize: the output of ec-price fit\n"
"      --catalog FILE       optimize: item, price, cost, stock, comp_price,\n"
"                           min_price, max_price\n"
"      --objective OBJ      optimize: profit (default), revenue or clearance\n"
"      --by DATE            optimize: clearance date (sell the stock by then)\n"
"      --period DURATION    optimize: length of the fit's period (default 1d)\n"
"      --at TS              optimize: the time of this run (default: now)\n"
"      --min-margin X       optimize: (price - cost) / price >= X\n"
"      --max-change X       optimize: |new / old - 1| <= X per run\n"
"      --comp-band X        optimize: |price / competitor - 1| <= X\n"
"      --ending X           optimize: prices end in X, e.g. .99\n"
"      --cover N            optimize: stock lasts N periods (stock-out avoidance)\n"
"      --state DIR          optimize: cron state (lock, last prices, fit)\n"
"      --policy LIST        simulate: static,daily,greedy,ts,ts-lp,dqn,\n"
"                           oracle-daily,oracle (default all but dqn)\n"
"      --periods N          simulate: hours (default 720)\n"
"      --seeds N            simulate: markets (default 20)\n"
"      --seed N             simulate: first seed (default 1)\n"
"      --wtp-amplitude A    simulate: swing of the elasticity over the day\n"
"                           (default 0.2)\n"
"      --grid K             simulate: prices on the grid (default 11)\n"
"      --dqn-episodes N     simulate: DQN training markets (default 500)\n"
"      --per-seed           simulate: one row per policy and seed\n"
"      --fit FILE           simulate: markets from the items of a fit\n"
"      --truth FILE         simulate: markets from ec-synth's truth.json\n"
"      --shard I/N          fit, optimize: only items whose id hashes to shard I\n"
"                           of N (0 <= I < N)\n"
"      --rejects FILE       write bad records there as JSONL and go on\n"
"      --max-errors N       fail when more than N records are bad\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-price(1) for the models, the columns and an example crontab line.\n";

enum { SUB_FIT, SUB_OPT, SUB_SIM };

enum {
	OPT_OF = 256, OPT_MAP, OPT_TIMEFMT, OPT_CATDEPTH, OPT_NOSHRINK, OPT_FIT, OPT_CATALOG,
	OPT_OBJECTIVE, OPT_BY, OPT_PERIOD, OPT_AT, OPT_MINMARGIN, OPT_MAXCHANGE, OPT_COMPBAND,
	OPT_ENDING, OPT_COVER, OPT_STATE, OPT_POLICY, OPT_PERIODS, OPT_SEEDS, OPT_SEED, OPT_WTP,
	OPT_GRID, OPT_DQNEP, OPT_PERSEED, OPT_REJECTS, OPT_MAXERR, OPT_POOLED, OPT_TRUTH,
	OPT_SHARD,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "of", required_argument, 0, OPT_OF },
	{ "map", required_argument, 0, OPT_MAP },
	{ "time-format", required_argument, 0, OPT_TIMEFMT },
	{ "category-depth", required_argument, 0, OPT_CATDEPTH },
	{ "no-shrink", no_argument, 0, OPT_NOSHRINK },
	{ "pooled", required_argument, 0, OPT_POOLED },
	{ "truth", required_argument, 0, OPT_TRUTH },
	{ "fit", required_argument, 0, OPT_FIT },
	{ "catalog", required_argument, 0, OPT_CATALOG },
	{ "objective", required_argument, 0, OPT_OBJECTIVE },
	{ "by", required_argument, 0, OPT_BY },
	{ "period", required_argument, 0, OPT_PERIOD },
	{ "at", required_argument, 0, OPT_AT },
	{ "min-margin", required_argument, 0, OPT_MINMARGIN },
	{ "max-change", required_argument, 0, OPT_MAXCHANGE },
	{ "comp-band", required_argument, 0, OPT_COMPBAND },
	{ "ending", required_argument, 0, OPT_ENDING },
	{ "cover", required_argument, 0, OPT_COVER },
	{ "state", required_argument, 0, OPT_STATE },
	{ "policy", required_argument, 0, OPT_POLICY },
	{ "periods", required_argument, 0, OPT_PERIODS },
	{ "seeds", required_argument, 0, OPT_SEEDS },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "wtp-amplitude", required_argument, 0, OPT_WTP },
	{ "grid", required_argument, 0, OPT_GRID },
	{ "dqn-episodes", required_argument, 0, OPT_DQNEP },
	{ "per-seed", no_argument, 0, OPT_PERSEED },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* Options of some subcommands only (bit 1 fit, 2 optimize, 4 simulate). */
static const struct { int opt; const char *name; unsigned subs; } scoped[] = {
	{ OPT_MAP, "--map", 1 }, { OPT_TIMEFMT, "--time-format", 1 },
	{ OPT_CATDEPTH, "--category-depth", 1 }, { OPT_NOSHRINK, "--no-shrink", 1 },
	{ OPT_POOLED, "--pooled", 1 },
	{ OPT_FIT, "--fit", 6 }, { OPT_CATALOG, "--catalog", 2 }, { OPT_TRUTH, "--truth", 4 },
	{ OPT_OBJECTIVE, "--objective", 2 }, { OPT_BY, "--by", 2 }, { OPT_PERIOD, "--period", 2 },
	{ OPT_AT, "--at", 2 }, { OPT_MINMARGIN, "--min-margin", 2 },
	{ OPT_MAXCHANGE, "--max-change", 2 }, { OPT_COMPBAND, "--comp-band", 2 },
	{ OPT_ENDING, "--ending", 2 }, { OPT_COVER, "--cover", 2 }, { OPT_STATE, "--state", 2 },
	{ OPT_POLICY, "--policy", 4 }, { OPT_PERIODS, "--periods", 4 }, { OPT_SEEDS, "--seeds", 4 },
	{ OPT_SEED, "--seed", 4 }, { OPT_WTP, "--wtp-amplitude", 4 }, { OPT_GRID, "--grid", 4 },
	{ OPT_DQNEP, "--dqn-episodes", 4 }, { OPT_PERSEED, "--per-seed", 4 },
	{ OPT_REJECTS, "--rejects", 3 }, { OPT_MAXERR, "--max-errors", 3 },
	{ OPT_SHARD, "--shard", 3 },
};

/* fields of a price record */
enum { F_ITEM, F_TS, F_PRICE, F_QTY, F_COST, F_COMP, F_PROMO, F_CATEGORY, F_EVENT, F_NF };
static const char *const field_names[F_NF] = { "item", "ts", "price", "qty", "cost",
	                                       "comp_price", "promo", "category", "event" };

struct app {
	int sub, quiet;
	const char *out_path, *rejects_path;
	enum ec_format of;
	const char *map[F_NF];
	const char *time_fmt;
	int cat_depth, no_shrink;
	const char *fit_path, *catalog_path, *state_dir, *pooled_path, *truth_path;
	struct ec_price_opts po;
	int64_t at, by, period;
	int has_by;
	char policies[EC_POL_N];
	int npolicies;
	long long periods, seeds, seed, grid, dqn_episodes;
	double wtp;
	int per_seed;
	long long max_errors;
	struct ec_shard shard;

	struct ec_rejects rej;
	uint64_t nread;
};

static void oom(void)
{
	ec_die("out of memory");
}

/* ---- rejects ---- */

static void open_rejects(struct app *a)
{
	ec_rejects_open(&a->rej, a->rejects_path, a->max_errors);
}

static void reject(struct app *a, const struct ec_record *rec, const char *reason)
{
	ec_rejects_add(&a->rej, rec->source, rec->line, rec->raw, rec->rawlen, reason);
}

static struct ec_reader *open_reader(char *const *paths, size_t n)
{
	static const char *const stdin_path[] = { "-" };
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	char err[1024];
	struct ec_reader *r;
	if (ec_reader_open(&r, n ? (const char *const *)paths : stdin_path, n ? n : 1, &ro, err,
	                   sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

/* ---- output ---- */

struct table {
	struct ec_output *out;
	struct ec_writer *w;
	size_t ncols;
	char (*buf)[EC_NUM_LEN + 8];
	const char **v;
};

static void table_open(struct table *t, const char *path, enum ec_format f,
                       const char *const *names, const enum ec_col_type *types, size_t n)
{
	t->out = ec_cli_output(path, EC_COMPRESS_AUTO);
	if (ec_writer_open(&t->w, t->out, f, names, types, n) < 0)
		ec_die("%s: cannot write", path ? path : "stdout");
	t->ncols = n;
	t->buf = calloc(n, sizeof *t->buf);
	t->v = calloc(n, sizeof *t->v);
	if (!t->buf || !t->v)
		oom();
}

/* Column i: a number (NULL when not finite), with `prec` significant
 * digits (0: shortest exact). */
static void put_num(struct table *t, size_t i, double x, int prec)
{
	if (!isfinite(x)) {
		t->v[i] = NULL;
		return;
	}
	if (x == 0)
		x = 0; /* no "-0" */
	if (prec)
		snprintf(t->buf[i], sizeof t->buf[i], "%.*g", prec, x);
	else
		ec_num_format(x, t->buf[i]);
	t->v[i] = t->buf[i];
}

static void put_fixed(struct table *t, size_t i, double x, int decimals)
{
	if (!isfinite(x)) {
		t->v[i] = NULL;
		return;
	}
	snprintf(t->buf[i], sizeof t->buf[i], "%.*f", decimals, x);
	if (!strncmp(t->buf[i], "-0", 2) && strspn(t->buf[i] + 1, "0.") == strlen(t->buf[i] + 1))
		memmove(t->buf[i], t->buf[i] + 1, strlen(t->buf[i]));
	t->v[i] = t->buf[i];
}

static void table_row(struct table *t)
{
	if (ec_writer_write(t->w, t->v, NULL) < 0)
		ec_die("%s", ec_output_error(t->out));
}

static void table_close(struct table *t)
{
	ec_writer_close(t->w);
	ec_cli_commit(t->out);
	free(t->buf);
	free(t->v);
}

/* ---- fit ---- */

struct item_acc {
	size_t n, cap;
	struct ec_price_obs *obs;
	uint32_t cat;
	double cost;
};

/* A canonical event adds to the (item, day) cell: qty of purchases, the
 * price the events carry (the last one of the day). */
struct cell {
	uint32_t item;
	int64_t day;
	double qty, price;
};

static int parse_promo(const char *s, size_t n)
{
	if ((n == 1 && s[0] == '1') || (n == 4 && !strncmp(s, "true", 4)))
		return 1;
	if ((n == 1 && s[0] == '0') || (n == 5 && !strncmp(s, "false", 5)) || n == 0)
		return 0;
	return -1;
}

static size_t cat_cut(const char *s, size_t n, int depth)
{
	if (depth <= 0)
		return n;
	int d = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' && ++d == depth)
			return i;
	return n;
}

static void push_obs(struct item_acc *it, const struct ec_price_obs *o)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? 2 * it->cap : 16;
		it->obs = realloc(it->obs, it->cap * sizeof *it->obs);
		if (!it->obs)
			oom();
	}
	it->obs[it->n++] = *o;
}

/* The pool of each category (and "*" for all items): the random-effects
 * mean elasticity with its 95% interval (t on k - 1 df) and tau^2. */
static void write_pooled(struct app *a, struct ec_strmap *cats, const struct ec_price_pool *P,
                         size_t ncat)
{
	static const char *const names[] = { "category", "items", "elasticity", "lo95", "hi95",
		                             "se", "tau2", "pool" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
		                                  EC_COL_NUM, EC_COL_NUM, EC_COL_NUM, EC_COL_STR };
	struct table t;
	table_open(&t, a->pooled_path, a->of, names, types, 8);
	for (size_t c = 0; c <= ncat; c++) {
		const struct ec_price_pool *p = &P[c];
		char cb[1024];
		size_t cl = 1;
		const char *ck = c < ncat ? ec_strmap_key(cats, c, &cl) : "*";
		snprintf(cb, sizeof cb, "%.*s", (int)cl, ck);
		t.v[0] = cb;
		put_num(&t, 1, (double)p->k, 0);
		double tq = ec_price_t_quantile(0.975, p->df > 0 ? p->df : 1);
		put_num(&t, 2, p->mu, 6);
		put_num(&t, 3, p->mu - tq * p->se, 6);
		put_num(&t, 4, p->mu + tq * p->se, 6);
		put_num(&t, 5, p->se, 6);
		put_num(&t, 6, p->tau2, 6);
		t.v[7] = p->global ? "all items" : "category";
		table_row(&t);
	}
	table_close(&t);
}

static int run_fit(struct app *a, char **paths, size_t npaths)
{
	struct ec_reader *r = open_reader(paths, npaths);
	struct ec_strmap *items = ec_strmap_new(sizeof(uint32_t));
	struct ec_strmap *cats = ec_strmap_new(sizeof(uint32_t));
	struct ec_strmap *cells = NULL;
	struct item_acc *acc = NULL;
	size_t nacc = 0, capacc = 0;
	if (!items || !cats)
		oom();
	struct ec_tz *tz = NULL;
	int col[F_NF];
	int events = 0;
	size_t resolved = 0;
	struct ec_record rec;
	int k;
	char why[256];
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if ((a->nread & 0xffff) == 0)
			ec_progress(a->nread, (uint64_t)ec_reader_bytes(r));
		if (k == EC_READ_BAD) {
			reject(a, &rec, ec_reader_error(r));
			continue;
		}
		if (ec_reader_ncols(r) != resolved) {
			/* the header, or (JSONL) keys seen for the first time */
			for (int f = 0; f < F_NF; f++)
				col[f] = ec_reader_col(r, a->map[f] ? a->map[f] : field_names[f]);
			if (!resolved) {
				if (col[F_EVENT] >= 0 && !a->map[F_QTY] && !a->map[F_PRICE]) {
					events = 1; /* canonical events: purchases per item and day */
					cells = ec_strmap_new(sizeof(struct cell));
					if (!cells)
						oom();
				}
				static const int need[] = { F_ITEM, F_TS, F_PRICE, F_QTY };
				for (size_t i = 0; i < sizeof need / sizeof *need; i++)
					if (col[need[i]] < 0 && !(events && need[i] == F_QTY) &&
					    ec_reader_format(r) != EC_FORMAT_JSONL)
						ec_die("%s: no '%s' column (use --map %s=COLUMN)", rec.source,
						       a->map[need[i]] ? a->map[need[i]] : field_names[need[i]],
						       field_names[need[i]]);
			}
			resolved = ec_reader_ncols(r);
		}
		const char *v[F_NF];
		size_t l[F_NF];
		for (int f = 0; f < F_NF; f++) {
			int c = col[f];
			v[f] = c >= 0 && (size_t)c < rec.nfields ? rec.val[c] : NULL;
			l[f] = v[f] ? rec.len[c] : 0;
			if (v[f] && !l[f])
				v[f] = NULL;
		}
		if (events && (!v[F_ITEM] || !v[F_PRICE]))
			continue; /* searches and other events without an item's price */
		struct ec_price_obs o = { 0, NAN, 0, NAN, 0 };
		double cost = NAN;
		const char *bad = NULL;
		if (!v[F_ITEM])
			bad = "missing item";
		else if (!v[F_TS])
			bad = "missing ts";
		if (!bad) {
			const char *tw;
			if (ec_time_parse(v[F_TS], l[F_TS], a->time_fmt, tz, &o.ts, &tw) < 0) {
				snprintf(why, sizeof why, "ts '%.*s': %s", (int)(l[F_TS] > 40 ? 40 : l[F_TS]),
				         v[F_TS], tw);
				bad = why;
			}
		}
		if (!bad && !v[F_PRICE])
			bad = "missing price";
		if (!bad && (ec_num_parse(v[F_PRICE], l[F_PRICE], &o.price) < 0 || !(o.price > 0))) {
			snprintf(why, sizeof why, "price '%.*s' is not a positive number",
			         (int)(l[F_PRICE] > 40 ? 40 : l[F_PRICE]), v[F_PRICE]);
			bad = why;
		}
		if (!bad && !events && !v[F_QTY])
			bad = "missing qty";
		if (!bad && v[F_QTY] && (ec_num_parse(v[F_QTY], l[F_QTY], &o.qty) < 0 || o.qty < 0)) {
			snprintf(why, sizeof why, "qty '%.*s' is not a number >= 0",
			         (int)(l[F_QTY] > 40 ? 40 : l[F_QTY]), v[F_QTY]);
			bad = why;
		}
		if (!bad && v[F_COMP] &&
		    (ec_num_parse(v[F_COMP], l[F_COMP], &o.comp) < 0 || !(o.comp > 0))) {
			snprintf(why, sizeof why, "comp_price '%.*s' is not a positive number",
			         (int)(l[F_COMP] > 40 ? 40 : l[F_COMP]), v[F_COMP]);
			bad = why;
		}
		if (!bad && v[F_COST] && (ec_num_parse(v[F_COST], l[F_COST], &cost) < 0 || cost < 0)) {
			snprintf(why, sizeof why, "cost '%.*s' is not a number >= 0",
			         (int)(l[F_COST] > 40 ? 40 : l[F_COST]), v[F_COST]);
			bad = why;
		}
		if (!bad && v[F_PROMO] && (o.promo = parse_promo(v[F_PROMO], l[F_PROMO])) < 0)
			bad = "promo is not 0 or 1";
		if (bad) {
			reject(a, &rec, bad);
			continue;
		}
		int isnew;
		uint32_t *ip = ec_strmap_put(items, v[F_ITEM], l[F_ITEM], &isnew);
		if (!ip)
			oom();
		if (isnew) {
			*ip = (uint32_t)nacc;
			if (ec_grow((void **)&acc, &capacc, nacc + 1, sizeof *acc) < 0)
				oom();
			memset(&acc[nacc], 0, sizeof *acc);
			acc[nacc].cost = NAN;
			const char *cs = v[F_CATEGORY] ? v[F_CATEGORY] : "";
			size_t cn = cat_cut(cs, l[F_CATEGORY], a->cat_depth);
			uint32_t *cp = ec_strmap_put(cats, cs, cn, &isnew);
			if (!cp)
				oom();
			if (isnew)
				*cp = (uint32_t)(ec_strmap_size(cats) - 1);
			acc[nacc].cat = *cp;
			nacc++;
		}
		struct item_acc *it = &acc[*ip];
		if (isfinite(cost))
			it->cost = cost;
		if (!events) {
			push_obs(it, &o);
			continue;
		}
		/* events: one cell per item and UTC day */
		int64_t day = o.ts >= 0 ? o.ts / 86400 : -((-o.ts + 86399) / 86400);
		char key[24];
		memcpy(key, ip, 4);
		memcpy(key + 4, &day, 8);
		struct cell *c = ec_strmap_put(cells, key, 12, &isnew);
		if (!c)
			oom();
		if (isnew) {
			c->item = *ip;
			c->day = day;
		}
		c->price = o.price;
		if (v[F_EVENT] && l[F_EVENT] == 8 && !memcmp(v[F_EVENT], "purchase", 8))
			c->qty += v[F_QTY] ? o.qty : 1;
	}
	ec_progress_done();
	ec_reader_close(r);
	if (events) {
		for (size_t i = 0; i < ec_strmap_size(cells); i++) {
			const struct cell *c = ec_strmap_val(cells, i);
			struct ec_price_obs o = { c->day * 86400, c->price, c->qty, NAN, 0 };
			push_obs(&acc[c->item], &o);
		}
		ec_strmap_free(cells);
	}
	struct ec_price_fit *fits = calloc(nacc + 1, sizeof *fits);
	size_t *cat = calloc(nacc + 1, sizeof *cat);
	if (!fits || !cat)
		oom();
	char err[256];
	for (size_t i = 0; i < nacc; i++) {
		if (ec_price_fit_item(acc[i].obs, acc[i].n, &fits[i], err, sizeof err) < 0)
			ec_die("%s", err);
		fits[i].cost = acc[i].cost;
		cat[i] = acc[i].cat;
	}
	size_t ncat = ec_strmap_size(cats);
	struct ec_price_pool *pools = calloc(ncat + 1, sizeof *pools);
	if (!pools || ec_price_shrink(fits, cat, nacc, ncat, !a->no_shrink, pools) < 0)
		oom();
	if (a->pooled_path)
		write_pooled(a, cats, pools, ncat);
	free(pools);
	static const char *const names[] = {
		"item", "elasticity", "lo95", "hi95", "n", "price_changes", "method", "category",
		"se", "ols_elasticity", "ols_se", "shrinkage", "df", "intercept", "promo", "comp",
		"trend", "sigma", "r2", "price_ref", "qty_ref", "comp_ref", "cost",
	};
	enum ec_col_type types[sizeof names / sizeof *names];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		types[i] = EC_COL_NUM;
	types[0] = types[6] = types[7] = EC_COL_STR;
	struct table t;
	table_open(&t, a->out_path, a->of, names, types, sizeof names / sizeof *names);
	size_t counts[5] = { 0 };
	for (size_t i = 0; i < nacc; i++) {
		const struct ec_price_fit *f = &fits[i];
		size_t kl, cl;
		const char *key = ec_strmap_key(items, i, &kl);
		/* --shard splits the output only: the category and global pools
		 * (shrinkage, items without an estimate of their own) need
		 * every item's fit */
		if (!ec_shard_mine(&a->shard, key, kl))
			continue;
		const char *ck = ec_strmap_key(cats, cat[i], &cl);
		char ib[1024], cb[1024];
		snprintf(ib, sizeof ib, "%.*s", (int)kl, key);
		snprintf(cb, sizeof cb, "%.*s", (int)cl, ck);
		t.v[0] = ib;
		put_num(&t, 1, f->elasticity, 6);
		put_num(&t, 2, f->lo95, 6);
		put_num(&t, 3, f->hi95, 6);
		put_num(&t, 4, (double)f->n, 0);
		put_num(&t, 5, (double)f->price_changes, 0);
		t.v[6] = ec_price_method_name(f->method);
		t.v[7] = cl ? cb : NULL;
		put_num(&t, 8, f->se, 6);
		put_num(&t, 9, f->ols, 6);
		put_num(&t, 10, f->ols_se, 6);
		put_num(&t, 11, f->method == EC_PRICE_NONE || f->method == EC_PRICE_OLS ? NAN
		                                                                       : f->shrink, 4);
		put_num(&t, 12, f->df, 0);
		put_num(&t, 13, f->intercept, 6);
		put_num(&t, 14, f->promo, 6);
		put_num(&t, 15, f->comp, 6);
		put_num(&t, 16, f->trend, 6);
		put_num(&t, 17, f->sigma, 6);
		put_num(&t, 18, f->r2, 4);
		put_num(&t, 19, f->price_ref, 0);
		put_num(&t, 20, f->qty_ref, 6);
		put_num(&t, 21, f->comp_ref, 0);
		put_num(&t, 22, f->cost, 0);
		table_row(&t);
		counts[f->method < 5 ? f->method : 0]++;
	}
	table_close(&t);
	ec_rejects_close(&a->rej);
	if (!a->quiet)
		fprintf(stderr,
		        "ec-price: %llu records, %llu rejected, %zu items: %zu own estimate (ols), "
		        "%zu shrunk (eb), %zu category, %zu global, %zu none\n",
		        (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        counts[0] + counts[1] + counts[2] + counts[3] + counts[4], counts[EC_PRICE_OLS], counts[EC_PRICE_EB], counts[EC_PRICE_CATEGORY],
		        counts[EC_PRICE_GLOBAL], counts[EC_PRICE_NONE]);
	for (size_t i = 0; i < nacc; i++)
		free(acc[i].obs);
	free(acc);
	free(fits);
	free(cat);
	ec_strmap_free(items);
	ec_strmap_free(cats);
	return EC_EXIT_OK;
}

/* ---- optimize ---- */

struct fitrow {
	double e, lo, hi, price_ref, qty_ref, comp_ref, cost;
};

static double num_field(const struct ec_record *rec, int c, int *bad)
{
	if (c < 0 || (size_t)c >= rec->nfields || !rec->val[c] || !rec->len[c])
		return NAN;
	double v;
	if (ec_num_parse(rec->val[c], rec->len[c], &v) < 0) {
		*bad = c;
		return NAN;
	}
	return v;
}

static struct ec_strmap *read_fit(struct app *a, const char *path)
{
	char *p[1] = { (char *)path };
	struct ec_reader *r = open_reader(p, 1);
	struct ec_strmap *m = ec_strmap_new(sizeof(struct fitrow));
	if (!m)
		oom();
	static const char *const cn[] = { "item", "elasticity", "lo95", "hi95", "price_ref",
		                          "qty_ref", "comp_ref", "cost" };
	int c[8];
	for (int i = 0; i < 8; i++)
		if ((c[i] = ec_reader_col(r, cn[i])) < 0 && i != 6 && i != 7)
			ec_die("%s: no '%s' column (the output of ec-price fit)", path, cn[i]);
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		if ((size_t)c[0] >= rec.nfields || !rec.val[c[0]] || !rec.len[c[0]])
			ec_die("%s:%ld: missing item", rec.source, rec.line);
		int bad = -1;
		struct fitrow f = { num_field(&rec, c[1], &bad), num_field(&rec, c[2], &bad),
			            num_field(&rec, c[3], &bad), num_field(&rec, c[4], &bad),
			            num_field(&rec, c[5], &bad), num_field(&rec, c[6], &bad),
			            num_field(&rec, c[7], &bad) };
		if (bad >= 0)
			ec_die("%s:%ld: %s is not a number", rec.source, rec.line,
			       ec_reader_colname(r, (size_t)bad));
		int isnew;
		struct fitrow *slot = ec_strmap_put(m, rec.val[c[0]], rec.len[c[0]], &isnew);
		if (!slot)
			oom();
		*slot = f;
	}
	ec_reader_close(r);
	(void)a;
	return m;
}

static int lock_state(const char *dir)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		ec_die("%s: %s", dir, strerror(errno));
	char path[4096];
	snprintf(path, sizeof path, "%s/lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		ec_die("%s: %s", path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			ec_die("%s: another ec-price run holds the lock", path);
		ec_die("%s: %s", path, strerror(errno));
	}
	return fd; /* held until exit */
}

/* Copy a file's bytes to an output (the state's recorded answer). */
static void copy_to(const char *from, const char *to)
{
	FILE *f = fopen(from, "rb");
	if (!f)
		ec_die("%s: %s", from, strerror(errno));
	struct ec_output *o = ec_cli_output(to, EC_COMPRESS_NONE);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (ec_output_write(o, buf, n) < 0)
			ec_die("%s", ec_output_error(o));
	if (ferror(f))
		ec_die("%s: read error", from);
	fclose(f);
	ec_cli_commit(o);
}

static int64_t read_state_hour(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/run", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return INT64_MIN;
	long long h;
	int ok = fscanf(f, "hour %lld", &h) == 1;
	fclose(f);
	return ok ? (int64_t)h : INT64_MIN;
}

static const char *const opt_names[] = {
	"item", "price", "recommended", "change", "expected_qty", "expected_profit", "binding",
	"reason", "qty_lo", "qty_hi", "expected_revenue", "revenue_lo", "revenue_hi",
	"profit_lo", "profit_hi", "delta_qty", "delta_revenue", "delta_profit", "elasticity",
};
#define OPT_NCOLS (sizeof opt_names / sizeof *opt_names)

static int run_optimize(struct app *a, char **paths, size_t npaths)
{
	if (npaths)
		ec_usage_error("optimize reads --fit and --catalog, not '%s'", paths[0]);
	if (!a->catalog_path)
		ec_usage_error("optimize needs --catalog");
	if (a->po.objective == EC_PRICE_CLEARANCE && !a->has_by)
		ec_usage_error("--objective clearance needs --by DATE");
	int lockfd = -1;
	int64_t hour = a->at >= 0 ? a->at / 3600 : -((-a->at + 3599) / 3600);
	char fitcopy[4096] = "", recpath[4096] = "", runpath[4096] = "";
	if (a->state_dir) {
		lockfd = lock_state(a->state_dir);
		snprintf(fitcopy, sizeof fitcopy, "%s/fit.csv", a->state_dir);
		snprintf(recpath, sizeof recpath, "%s/recommended.csv", a->state_dir);
		snprintf(runpath, sizeof runpath, "%s/run", a->state_dir);
		if (read_state_hour(a->state_dir) == hour && access(recpath, R_OK) == 0) {
			/* a re-run of the same hour: the recorded answer */
			copy_to(recpath, a->out_path ? a->out_path : "-");
			if (!a->quiet)
				fprintf(stderr, "ec-price: hour %lld already priced: %s written again\n",
				        (long long)hour, recpath);
			close(lockfd);
			return EC_EXIT_OK;
		}
		if (!a->fit_path && access(fitcopy, R_OK) == 0)
			a->fit_path = fitcopy;
	}
	if (!a->fit_path)
		ec_usage_error("optimize needs --fit");
	struct ec_strmap *fits = read_fit(a, a->fit_path);
	char *cp[1] = { (char *)a->catalog_path };
	struct ec_reader *r = open_reader(cp, 1);
	static const char *const cn[] = { "item", "price", "cost", "stock", "comp_price",
		                          "min_price", "max_price" };
	int c[7];
	for (int i = 0; i < 7; i++)
		c[i] = ec_reader_col(r, cn[i]);
	if (c[0] < 0 || c[1] < 0)
		ec_die("%s: needs columns 'item' and 'price'", a->catalog_path);
	open_rejects(a);
	enum ec_col_type types[OPT_NCOLS];
	for (size_t i = 0; i < OPT_NCOLS; i++)
		types[i] = EC_COL_NUM;
	types[0] = types[6] = types[7] = EC_COL_STR;
	struct table t, ts;
	table_open(&t, a->out_path, a->of, opt_names, types, OPT_NCOLS);
	if (a->state_dir)
		table_open(&ts, recpath, EC_FORMAT_CSV, opt_names, types, OPT_NCOLS);
	if (a->has_by)
		a->po.periods_left = (double)(a->by - a->at) / (double)a->period;
	struct ec_record rec;
	int k;
	size_t nbind[EC_BIND_NO_ELASTICITY + 1] = { 0 }, nitems = 0;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if (k == EC_READ_BAD) {
			reject(a, &rec, ec_reader_error(r));
			continue;
		}
		if ((size_t)c[0] >= rec.nfields || !rec.val[c[0]] || !rec.len[c[0]]) {
			reject(a, &rec, "missing item");
			continue;
		}
		if (!ec_shard_mine(&a->shard, rec.val[c[0]], rec.len[c[0]]))
			continue;
		int bad = -1;
		struct ec_price_item it;
		it.price = num_field(&rec, c[1], &bad);
		it.cost = num_field(&rec, c[2], &bad);
		it.stock = num_field(&rec, c[3], &bad);
		it.comp = num_field(&rec, c[4], &bad);
		it.min_price = num_field(&rec, c[5], &bad);
		it.max_price = num_field(&rec, c[6], &bad);
		char why[128];
		if (bad >= 0) {
			snprintf(why, sizeof why, "%s is not a number", cn[bad]);
			reject(a, &rec, why);
			continue;
		}
		if (!(it.price > 0)) {
			reject(a, &rec, isfinite(it.price) ? "price is not positive" : "missing price");
			continue;
		}
		if (it.cost < 0 || it.stock < 0) {
			reject(a, &rec, it.cost < 0 ? "cost is negative" : "stock is negative");
			continue;
		}
		if (it.min_price > it.max_price) { /* false when either is missing (NaN) */
			reject(a, &rec, "min_price is above max_price");
			continue;
		}
		const struct fitrow *f = ec_strmap_get(fits, rec.val[c[0]], rec.len[c[0]]);
		it.elasticity = f ? f->e : NAN;
		it.lo95 = f ? f->lo : NAN;
		it.hi95 = f ? f->hi : NAN;
		it.qty0 = NAN;
		if (f && isfinite(f->qty_ref) && f->price_ref > 0)
			it.qty0 = f->qty_ref * pow(it.price / f->price_ref, isfinite(f->e) ? f->e : 0);
		if (!isfinite(it.comp) && f)
			it.comp = f->comp_ref;
		if (!isfinite(it.cost) && f)
			it.cost = f->cost;
		struct ec_price_rec pr;
		ec_price_optimize(&it, &a->po, &pr);
		if (!f) {
			char rs[sizeof pr.reason];
			memcpy(rs, pr.reason, sizeof rs);
			snprintf(pr.reason, sizeof pr.reason, "not in the fit; %.140s", rs);
		}
		double e = isfinite(it.elasticity) ? it.elasticity : 0;
		double q0 = it.qty0;
		(void)e;
		for (int pass = 0; pass < (a->state_dir ? 2 : 1); pass++) {
			struct table *tt = pass ? &ts : &t;
			tt->v[0] = rec.val[c[0]];
			put_num(tt, 1, it.price, 0);
			put_fixed(tt, 2, pr.price, 2);
			put_fixed(tt, 3, pr.price / it.price - 1, 4);
			put_num(tt, 4, pr.qty, 6);
			put_fixed(tt, 5, pr.profit, 2);
			tt->v[6] = ec_price_binding_name(pr.binding);
			tt->v[7] = pr.reason;
			put_num(tt, 8, pr.qty_lo, 6);
			put_num(tt, 9, pr.qty_hi, 6);
			put_fixed(tt, 10, pr.revenue, 2);
			put_fixed(tt, 11, pr.revenue_lo, 2);
			put_fixed(tt, 12, pr.revenue_hi, 2);
			put_fixed(tt, 13, pr.profit_lo, 2);
			put_fixed(tt, 14, pr.profit_hi, 2);
			put_num(tt, 15, pr.qty - q0, 6);
			put_fixed(tt, 16, pr.revenue - it.price * q0, 2);
			put_fixed(tt, 17, isfinite(it.cost) ? pr.profit - (it.price - it.cost) * q0 : NAN,
			          2);
			put_num(tt, 18, it.elasticity, 6);
			table_row(tt);
		}
		nbind[pr.binding]++;
		nitems++;
	}
	ec_reader_close(r);
	if (a->state_dir) {
		/* state first (fit, answer, then the hour that marks it done),
		 * the caller's output last */
		table_close(&ts);
		if (strcmp(a->fit_path, fitcopy))
			copy_to(a->fit_path, fitcopy);
		struct ec_output *o = ec_cli_output(runpath, EC_COMPRESS_NONE);
		char line[64];
		int n = snprintf(line, sizeof line, "hour %lld\n", (long long)hour);
		if (ec_output_write(o, line, (size_t)n) < 0)
			ec_die("%s", ec_output_error(o));
		ec_cli_commit(o);
	}
	table_close(&t);
	ec_rejects_close(&a->rej);
	if (!a->quiet) {
		fprintf(stderr, "ec-price: %zu items priced, %llu rejected; binding:", nitems,
		        (unsigned long long)a->rej.n);
		/* one count per name: the two sides of a band share theirs */
		for (int b = 0; b <= EC_BIND_NO_ELASTICITY; b++) {
			if (b > 0 && !strcmp(ec_price_binding_name(b), ec_price_binding_name(b - 1)))
				continue;
			size_t n = nbind[b];
			if (b < EC_BIND_NO_ELASTICITY &&
			    !strcmp(ec_price_binding_name(b), ec_price_binding_name(b + 1)))
				n += nbind[b + 1];
			if (n)
				fprintf(stderr, " %s %zu", ec_price_binding_name(b), n);
		}
		fputc('\n', stderr);
	}
	ec_strmap_free(fits);
	if (lockfd >= 0)
		close(lockfd);
	return EC_EXIT_OK;
}

/* ---- simulate ---- */

static void mean_ci(const double *x, size_t n, double *m, double *lo, double *hi)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	*m = s / (double)n;
	if (n < 2) {
		*lo = *hi = NAN;
		return;
	}
	double v = 0;
	for (size_t i = 0; i < n; i++)
		v += (x[i] - *m) * (x[i] - *m);
	double se = sqrt(v / (double)(n - 1) / (double)n);
	double tq = ec_price_t_quantile(0.975, (double)(n - 1));
	*lo = *m - tq * se;
	*hi = *m + tq * se;
}

/* Items to simulate: list price, cost, elasticity, demand per hour. */
struct sim_item {
	double p_ref, cost, e, base;
};

static void add_sim_item(struct sim_item **v, size_t *n, size_t *cap, double p, double cost,
                         double e, double per_day)
{
	if (!(p > 0) || !isfinite(e) || !(per_day > 0))
		return;
	if (ec_grow((void **)v, cap, *n + 1, sizeof **v) < 0)
		oom();
	/* below unit elasticity the grid's top price is always best: clipped
	 * as the default prior does */
	(*v)[(*n)++] = (struct sim_item){ p, isfinite(cost) && cost < p ? cost : 0.5 * p,
		                          e > -1.2 ? -1.2 : e, per_day / 24 };
}

static struct sim_item *read_sim_items(struct app *a, size_t *n)
{
	struct sim_item *v = NULL;
	size_t cap = 0;
	*n = 0;
	if (a->fit_path) {
		struct ec_strmap *m = read_fit(a, a->fit_path);
		for (size_t i = 0; i < ec_strmap_size(m); i++) {
			const struct fitrow *f = ec_strmap_val(m, i);
			add_sim_item(&v, n, &cap, f->price_ref, f->cost, f->e, f->qty_ref);
		}
		ec_strmap_free(m);
	} else {
		json_error_t je;
		json_t *root = json_load_file(a->truth_path, 0, &je);
		if (!root)
			ec_die("%s:%d: %s", a->truth_path, je.line, je.text);
		json_t *el = json_object_get(root, "elasticity");
		if (!json_is_object(el))
			ec_die("%s: no \"elasticity\" object (ec-synth's truth.json)", a->truth_path);
		const char *key;
		json_t *x;
		json_object_foreach(el, key, x) {
			double e = json_number_value(json_object_get(x, "elasticity"));
			double b = json_number_value(json_object_get(x, "base"));
			double p = json_number_value(json_object_get(x, "list_price"));
			add_sim_item(&v, n, &cap, p, NAN, e, b);
		}
		json_decref(root);
	}
	if (!*n)
		ec_die("%s: no item with a price, an elasticity and demand",
		       a->fit_path ? a->fit_path : a->truth_path);
	return v;
}

static int run_simulate(struct app *a, char **paths, size_t npaths)
{
	if (npaths)
		ec_usage_error("simulate reads no input, not '%s'", paths[0]);
	size_t S = (size_t)a->seeds, T = (size_t)a->periods, K = (size_t)a->grid;
	if (a->fit_path && a->truth_path)
		ec_usage_error("--fit and --truth exclude each other");
	size_t nitems = 0;
	struct sim_item *items = a->fit_path || a->truth_path ? read_sim_items(a, &nitems) : NULL;
	double glo = 0.75, ghi = 1.95;
	double *grid = malloc(K * sizeof *grid);
	/* results[policy][seed], with static and oracle always run */
	double *rev = calloc((size_t)EC_POL_N * S, sizeof *rev);
	double *gm = calloc((size_t)EC_POL_N * S, sizeof *gm);
	double *so = calloc((size_t)EC_POL_N * S, sizeof *so);
	double *tmp = calloc(S + 1, sizeof *tmp), *tmp2 = calloc(S + 1, sizeof *tmp2);
	if (!grid || !rev || !gm || !so || !tmp || !tmp2)
		oom();
	char run[EC_POL_N];
	memcpy(run, a->policies, sizeof run);
	run[EC_POL_STATIC] = run[EC_POL_ORACLE] = 1;
	struct ec_dqn *dqn = NULL;
	if (run[EC_POL_DQN]) {
		char err[256];
		dqn = ec_price_dqn_train(T, a->wtp, K, glo, ghi, (size_t)a->dqn_episodes,
		                         (uint64_t)a->seed + 1000003, err, sizeof err);
		if (!dqn)
			ec_die("dqn: %s", err);
	}
	for (size_t s = 0; s < S; s++) {
		struct ec_price_market m;
		ec_price_market_draw(&m, (uint64_t)a->seed + s, T, a->wtp);
		if (items) { /* market s is item s (cycling), noise from its seed */
			const struct sim_item *x = &items[s % nitems];
			m.p_ref = x->p_ref;
			m.cost = x->cost;
			m.elasticity = x->e;
			m.base = x->base;
			m.stock = floor(0.8 * m.base * (double)T);
		}
		ec_price_grid(m.p_ref, glo, ghi, K, grid);
		for (int p = 0; p < EC_POL_N; p++) {
			if (!run[p])
				continue;
			struct ec_price_sim_result res;
			if (ec_price_simulate(&m, p, grid, K, dqn, &res) < 0)
				oom();
			rev[(size_t)p * S + s] = res.revenue;
			gm[(size_t)p * S + s] = res.profit;
			so[(size_t)p * S + s] = res.stockout_period;
		}
		if (!a->quiet && isatty(2))
			fprintf(stderr, "\rec-price: seed %zu/%zu", s + 1, S);
	}
	if (!a->quiet && isatty(2))
		fputs("\r\033[K", stderr);
	ec_price_dqn_free(dqn);
	static const char *const sum_names[] = {
		"policy", "seeds", "periods", "revenue", "revenue_lo", "revenue_hi", "gross_margin",
		"gross_margin_lo", "gross_margin_hi", "margin_rate", "regret", "regret_lo",
		"regret_hi", "regret_pct", "vs_static_pct", "vs_static_lo", "vs_static_hi",
		"stockouts",
	};
	static const char *const seed_names[] = { "policy", "seed", "revenue", "gross_margin",
		                                  "regret", "stockout_period" };
	const char *const *names = a->per_seed ? seed_names : sum_names;
	size_t nn = a->per_seed ? 6 : sizeof sum_names / sizeof *sum_names;
	enum ec_col_type types[32];
	for (size_t i = 0; i < nn; i++)
		types[i] = i ? EC_COL_NUM : EC_COL_STR;
	struct table t;
	table_open(&t, a->out_path, a->of, names, types, nn);
	for (int p = 0; p < EC_POL_N; p++) {
		if (!a->policies[p])
			continue;
		const double *R = rev + (size_t)p * S, *G = gm + (size_t)p * S,
		             *O = gm + (size_t)EC_POL_ORACLE * S, *B = gm + (size_t)EC_POL_STATIC * S;
		t.v[0] = ec_price_policy_name(p);
		if (a->per_seed) {
			for (size_t s = 0; s < S; s++) {
				put_num(&t, 1, (double)(a->seed + (long long)s), 0);
				put_fixed(&t, 2, R[s], 2);
				put_fixed(&t, 3, G[s], 2);
				put_fixed(&t, 4, O[s] - G[s], 2);
				put_num(&t, 5, so[(size_t)p * S + s] >= 0 ? so[(size_t)p * S + s] : NAN, 0);
				table_row(&t);
			}
			continue;
		}
		double m, lo, hi;
		put_num(&t, 1, (double)S, 0);
		put_num(&t, 2, (double)T, 0);
		mean_ci(R, S, &m, &lo, &hi);
		put_fixed(&t, 3, m, 2);
		put_fixed(&t, 4, lo, 2);
		put_fixed(&t, 5, hi, 2);
		double rsum = m;
		mean_ci(G, S, &m, &lo, &hi);
		put_fixed(&t, 6, m, 2);
		put_fixed(&t, 7, lo, 2);
		put_fixed(&t, 8, hi, 2);
		put_fixed(&t, 9, rsum > 0 ? m / rsum : NAN, 4);
		double osum = 0;
		size_t nso = 0;
		for (size_t s = 0; s < S; s++) {
			tmp[s] = O[s] - G[s];
			tmp2[s] = B[s] > 0 ? 100 * (G[s] / B[s] - 1) : 0;
			osum += O[s];
			nso += so[(size_t)p * S + s] >= 0;
		}
		double gmean = m;
		mean_ci(tmp, S, &m, &lo, &hi);
		put_fixed(&t, 10, m, 2);
		put_fixed(&t, 11, lo, 2);
		put_fixed(&t, 12, hi, 2);
		put_fixed(&t, 13, osum > 0 ? 100 * (1 - gmean * (double)S / osum) : NAN, 2);
		mean_ci(tmp2, S, &m, &lo, &hi);
		put_fixed(&t, 14, m, 2);
		put_fixed(&t, 15, lo, 2);
		put_fixed(&t, 16, hi, 2);
		put_num(&t, 17, (double)nso, 0);
		table_row(&t);
	}
	table_close(&t);
	free(grid);
	free(rev);
	free(gm);
	free(so);
	free(tmp);
	free(tmp2);
	free(items);
	return EC_EXIT_OK;
}

/* ---- main ---- */

static int64_t parse_time_opt(const char *opt, const char *s)
{
	int64_t t;
	const char *why;
	if (ec_time_parse(s, strlen(s), NULL, NULL, &t, &why) < 0)
		ec_usage_error("%s: '%s': %s", opt, s, why);
	return t;
}

int main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	ec_cli_init(argv[0]);
	if (argc < 2)
		ec_usage_error("no subcommand (fit, optimize, simulate)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		ec_cli_version();
	if (!strcmp(argv[1], "fit"))
		a.sub = SUB_FIT;
	else if (!strcmp(argv[1], "optimize") || !strcmp(argv[1], "optimise"))
		a.sub = SUB_OPT;
	else if (!strcmp(argv[1], "simulate"))
		a.sub = SUB_SIM;
	else
		ec_usage_error("'%s' is not a subcommand (fit, optimize, simulate)", argv[1]);
	a.of = EC_FORMAT_CSV;
	a.max_errors = -1;
	a.po.objective = EC_PRICE_PROFIT;
	a.po.min_margin = a.po.max_change = a.po.comp_band = a.po.ending = NAN;
	a.po.cover = 0;
	a.at = (int64_t)time(NULL);
	a.period = 86400;
	a.periods = 720;
	a.seeds = 20;
	a.seed = 1;
	a.grid = 11;
	a.dqn_episodes = 500;
	a.wtp = 0.2;
	int policies_given = 0;
	argv[1] = argv[0];
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "o:qhV", longopts, NULL)) != -1) {
		for (size_t i = 0; i < sizeof scoped / sizeof *scoped; i++)
			if (scoped[i].opt == ch && !(scoped[i].subs & (1u << a.sub)))
				ec_usage_error("%s does not apply to %s", scoped[i].name,
				               a.sub == SUB_FIT ? "fit" : a.sub == SUB_OPT ? "optimize"
				                                                           : "simulate");
		switch (ch) {
		case 'o': a.out_path = optarg; break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--of: '%s' is not csv, tsv or jsonl", optarg);
			a.of = (enum ec_format)f;
			break;
		}
		case OPT_MAP: {
			char *keys[F_NF * 2], *vals[F_NF * 2];
			size_t n = ec_opt_pairs("--map", optarg, keys, vals, F_NF * 2);
			for (size_t i = 0; i < n; i++) {
				int f = -1;
				for (int j = 0; j < F_NF; j++)
					if (!strcmp(keys[i], field_names[j]))
						f = j;
				if (f < 0)
					ec_usage_error("--map: '%s' is not a field (item, ts, price, qty, cost, "
					               "comp_price, promo, category, event)", keys[i]);
				a.map[f] = vals[i];
			}
			break;
		}
		case OPT_TIMEFMT: a.time_fmt = optarg; break;
		case OPT_CATDEPTH: a.cat_depth = (int)ec_opt_int("--category-depth", optarg, 1, 100); break;
		case OPT_NOSHRINK: a.no_shrink = 1; break;
		case OPT_POOLED: a.pooled_path = optarg; break;
		case OPT_TRUTH: a.truth_path = optarg; break;
		case OPT_FIT: a.fit_path = optarg; break;
		case OPT_CATALOG: a.catalog_path = optarg; break;
		case OPT_OBJECTIVE:
			if (!strcmp(optarg, "profit"))
				a.po.objective = EC_PRICE_PROFIT;
			else if (!strcmp(optarg, "revenue"))
				a.po.objective = EC_PRICE_REVENUE;
			else if (!strcmp(optarg, "clearance"))
				a.po.objective = EC_PRICE_CLEARANCE;
			else
				ec_usage_error("--objective: '%s' is not profit, revenue or clearance", optarg);
			break;
		case OPT_BY: a.by = parse_time_opt("--by", optarg); a.has_by = 1; break;
		case OPT_AT: a.at = parse_time_opt("--at", optarg); break;
		case OPT_PERIOD:
			if (ec_duration_parse(optarg, &a.period) < 0)
				ec_usage_error("--period: '%s' is not a duration such as 1h or 1d", optarg);
			break;
		case OPT_MINMARGIN: a.po.min_margin = ec_opt_double("--min-margin", optarg, 0, 0.999); break;
		case OPT_MAXCHANGE: a.po.max_change = ec_opt_double("--max-change", optarg, 0, 0.999); break;
		case OPT_COMPBAND: a.po.comp_band = ec_opt_double("--comp-band", optarg, 0, 0.999); break;
		case OPT_ENDING: a.po.ending = ec_opt_double("--ending", optarg, 0, 0.999); break;
		case OPT_COVER: a.po.cover = ec_opt_double("--cover", optarg, 0, 1e9); break;
		case OPT_STATE: a.state_dir = optarg; break;
		case OPT_POLICY: {
			char *items[EC_POL_N * 2];
			size_t n = ec_opt_list("--policy", optarg, items, EC_POL_N * 2);
			memset(a.policies, 0, sizeof a.policies);
			for (size_t i = 0; i < n; i++) {
				int p = ec_price_policy_parse(items[i]);
				if (p < 0)
					ec_usage_error("--policy: '%s' is not static, daily, greedy, ts, ts-lp, "
					               "dqn, oracle-daily or oracle", items[i]);
				a.policies[p] = 1;
			}
			policies_given = 1;
			break;
		}
		case OPT_PERIODS: a.periods = ec_opt_int("--periods", optarg, 24, 100000); break;
		case OPT_SEEDS: a.seeds = ec_opt_int("--seeds", optarg, 1, 100000); break;
		case OPT_SEED: a.seed = ec_opt_int("--seed", optarg, 0, INT64_MAX / 2); break;
		case OPT_WTP: a.wtp = ec_opt_double("--wtp-amplitude", optarg, 0, 0.9); break;
		case OPT_GRID: a.grid = ec_opt_int("--grid", optarg, 2, 64); break;
		case OPT_DQNEP: a.dqn_episodes = ec_opt_int("--dqn-episodes", optarg, 1, 1000000); break;
		case OPT_PERSEED: a.per_seed = 1; break;
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &a.shard); break;
		default: ec_usage_error("unknown option");
		}
	}
	if (!policies_given)
		for (int p = 0; p < EC_POL_N; p++)
			a.policies[p] = p != EC_POL_DQN;
	char **paths = argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	switch (a.sub) {
	case SUB_FIT:
		open_rejects(&a);
		return run_fit(&a, paths, npaths);
	case SUB_OPT:
		return run_optimize(&a, paths, npaths);
	default:
		return run_simulate(&a, paths, npaths);
	}
}
