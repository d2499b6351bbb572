/*
 * ec-features: canonical events in, the tables every later program reads
 * out, one subcommand per table (users, items, sessions, samples, sales,
 * baskets, docs) plus the leakage-free train/test split of any records.
 *
 * Every table is built the same way: one pass over the input validates each
 * event (a bad one stops the run with FILE:LINE, or goes to --rejects),
 * notes the newest time (the default as-of is one second after it) and
 * feeds ec_sort with the fields the table needs, keyed by what it groups
 * on: user and time, item, series and time, order and time. The sorted
 * stream is then cut into groups and each group handed to lib/ec_features,
 * so memory is the sort buffer (--memory) plus one group: one user's
 * events, never the whole log. Two tables need a number over all users or
 * items first: `users` (the high_value threshold, and the median price of
 * each item for price_sensitive) keeps its profiles in a second sorter
 * until the threshold is known, and the median prices in a table of items;
 * `samples --negatives` keeps item popularity in a table of items.
 *
 * Nothing here defines a feature: the definitions live in ec_features.c
 * and ec-features(1).
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_features.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_schema.h"
#include "ec_sort.h"
#include "ec_strmap.h"
#include "ec_stream.h"
#include "ec_time.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
"usage: ec-features users    [options] [--window DUR] [--gap DUR] [FILE ...]\n"
"       ec-features items    [options] [--window DUR] [FILE ...]\n"
"       ec-features sessions [options] [--window DUR] [--gap DUR] [FILE ...]\n"
"       ec-features samples  [options] [--window DUR] [--gap DUR] [--label KIND]\n"
"                            [--hist N] [--negatives N] [--seed N] [FILE ...]\n"
"       ec-features sales    [options] [--window DUR] [--by item|category]\n"
"                            [--value qty|revenue] [--freq hour|day|week] [FILE ...]\n"
"       ec-features baskets  [options] [--window DUR] [FILE ...]\n"
"       ec-features docs     [options] [--window DUR] [--events LIST] [FILE ...]\n"
"       ec-features split    (--test-last N | --test-from TS) -o DIR [-qz] [--if FMT]\n"
"                            [--of FMT] [--rejects FILE] [--max-errors N]\n"
"                            [--memory BYTES] [FILE ...]\n"
"options: [-qz] [-o FILE] [--if FMT] [--of FMT] [--as-of TS] [--rejects FILE]\n"
"         [--max-errors N] [--memory BYTES] [--seed N] [--shard I/N]\n"
"\n"
"Read canonical events (ec-ingest's output; CSV, TSV or JSONL, any compression,\n"
"any order; stdin when no FILE or FILE is -) and write one table:\n"
"  users     one profile per user: counts, RFM, top categories, price range, tags\n"
"  items     one row per item: counts, ctr, conversion, revenue, mean price, trend\n"
"  sessions  the events with session (inactivity gap) and dwell filled in\n"
"  samples   one labelled row per view for click-through models, history features\n"
"  sales     long series (series,ts,value) of sold quantity or revenue, zero-filled\n"
"  baskets   one row per order with its distinct items\n"
"  docs      review and search texts as documents (id,ts,user,item,text)\n"
"  split     any records with user and ts into DIR/train.EXT and DIR/test.EXT\n"
"\n"
"Options:\n"
"  -o, --output FILE      write to FILE atomically (.zst/.gz compresses); split: a directory\n"
"  -z, --zstd             compress standard output (split: the files) with zstd\n"
"      --if FMT           input format: csv, tsv, jsonl (default: detected)\n"
"      --of FMT           output format: jsonl (default; sales: csv), csv, tsv\n"
"      --as-of TS         only events strictly before TS count (default: one second\n"
"                         after the newest event)\n"
"      --window DUR       only events in [as-of - DUR, as-of) for the windowed columns,\n"
"                         e.g. 30d, 12h, 2w (default: all history)\n"
"      --gap DUR          inactivity that ends a session (default 30m)\n"
"      --label KIND       samples: click, cart, purchase or any (default any)\n"
"      --hist N           samples: length of hist_items and hist_cats (default 10)\n"
"      --negatives N      samples: N popularity-drawn unviewed items per positive\n"
"      --seed N           random seed of --negatives (default 1)\n"
"      --by KEY           sales: item (default) or category\n"
"      --value V          sales: qty (default) or revenue\n"
"      --freq F           sales: hour, day (default) or week\n"
"      --events LIST      docs: only these event kinds, e.g. review,search\n"
"      --test-last N      split: each user's last N records go to test\n"
"      --test-from TS     split: records at or after TS go to test\n"
"      --shard I/N        users, samples: only users, items: only items, sales: only\n"
"                         series, docs: only documents whose key hashes to shard I\n"
"                         of N (0 <= I < N)\n"
"      --memory BYTES     sort buffer, e.g. 512M, 2G (default 256M)\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-features(1) for every column's definition.\n";

enum sub { S_USERS, S_ITEMS, S_SESSIONS, S_SAMPLES, S_SALES, S_BASKETS, S_DOCS, S_SPLIT, S_N };

static const char *const sub_names[S_N] = {
	"users", "items", "sessions", "samples", "sales", "baskets", "docs", "split",
};

enum {
	OPT_IF = 256, OPT_OF, OPT_ASOF, OPT_WINDOW, OPT_GAP, OPT_LABEL, OPT_HIST, OPT_NEG,
	OPT_SEED, OPT_BY, OPT_VALUE, OPT_FREQ, OPT_EVENTS, OPT_TESTLAST, OPT_TESTFROM,
	OPT_MEMORY, OPT_REJECTS, OPT_MAXERR, OPT_SHARD,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "zstd", no_argument, 0, 'z' },
	{ "if", required_argument, 0, OPT_IF },
	{ "of", required_argument, 0, OPT_OF },
	{ "as-of", required_argument, 0, OPT_ASOF },
	{ "window", required_argument, 0, OPT_WINDOW },
	{ "gap", required_argument, 0, OPT_GAP },
	{ "label", required_argument, 0, OPT_LABEL },
	{ "hist", required_argument, 0, OPT_HIST },
	{ "negatives", required_argument, 0, OPT_NEG },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "by", required_argument, 0, OPT_BY },
	{ "value", required_argument, 0, OPT_VALUE },
	{ "freq", required_argument, 0, OPT_FREQ },
	{ "events", required_argument, 0, OPT_EVENTS },
	{ "test-last", required_argument, 0, OPT_TESTLAST },
	{ "test-from", required_argument, 0, OPT_TESTFROM },
	{ "memory", required_argument, 0, OPT_MEMORY },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* Which subcommands an option applies to (bit per enum sub). */
#define B(s) (1u << (s))
#define ALL_EVENTS (B(S_USERS) | B(S_ITEMS) | B(S_SESSIONS) | B(S_SAMPLES) | B(S_SALES) | \
                    B(S_BASKETS) | B(S_DOCS))
static const struct { int opt; const char *name; unsigned subs; } scoped[] = {
	{ OPT_ASOF, "--as-of", ALL_EVENTS },
	{ OPT_WINDOW, "--window", ALL_EVENTS },
	{ OPT_GAP, "--gap", B(S_USERS) | B(S_SESSIONS) | B(S_SAMPLES) },
	{ OPT_LABEL, "--label", B(S_SAMPLES) },
	{ OPT_HIST, "--hist", B(S_SAMPLES) },
	{ OPT_NEG, "--negatives", B(S_SAMPLES) },
	{ OPT_BY, "--by", B(S_SALES) },
	{ OPT_VALUE, "--value", B(S_SALES) },
	{ OPT_FREQ, "--freq", B(S_SALES) },
	{ OPT_EVENTS, "--events", B(S_DOCS) },
	{ OPT_TESTLAST, "--test-last", B(S_SPLIT) },
	{ OPT_TESTFROM, "--test-from", B(S_SPLIT) },
	{ OPT_SHARD, "--shard", B(S_USERS) | B(S_ITEMS) | B(S_SAMPLES) | B(S_SALES) | B(S_DOCS) },
};

/* Sorter record: the canonical fields (ts in ISO form, which reads back
 * unambiguously), a group key and the time as epoch seconds to sort on. */
#define NF (EC_EV_NCOLS + 2)
#define KEY EC_EV_NCOLS
#define TSKEY (EC_EV_NCOLS + 1)
#define MAX_EVENTS 16

struct feat {
	enum sub sub;
	/* options */
	const char *out_path, *rejects_path;
	int zstd, quiet;
	enum ec_format of;
	int of_given;
	int64_t asof, window, gap, test_from;
	int asof_given, test_from_given;
	unsigned label;
	size_t hist, negatives, test_last;
	uint64_t seed;
	int by_category, value_revenue;
	enum ec_freq freq;
	char *events[MAX_EVENTS];
	size_t nevents;
	size_t memory;
	long long max_errors;
	struct ec_shard shard;

	/* input */
	struct ec_reader *rd;
	int col[EC_EV_NCOLS];
	size_t resolved;
	int64_t maxts;
	int any;

	/* output */
	struct ec_output *out;
	struct ec_writer *w;
	struct ec_rejects rej;

	uint64_t nread, nlate, nrows, nskipped;
	const char *skipped_what;
	char why[256];
};

/* ---- input ---- */

static void resolve_columns(struct feat *g)
{
	size_t n = ec_reader_ncols(g->rd);
	for (size_t i = g->resolved; i < n; i++) {
		int c = ec_ev_col(ec_reader_colname(g->rd, i));
		if (c >= 0 && g->col[c] < 0)
			g->col[c] = (int)i;
	}
	g->resolved = n;
}

static void open_input(struct feat *g, char **paths, size_t npaths, enum ec_format fmt)
{
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	ro.format = fmt;
	char err[1024];
	if (ec_reader_open(&g->rd, (const char *const *)paths, npaths, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	for (int c = 0; c < EC_EV_NCOLS; c++)
		g->col[c] = -1;
	resolve_columns(g);
}

typedef void (*event_fn)(struct feat *g, const struct ec_event *e, void *ctx);

/*
 * Read every record, validate it as an event and pass the good ones on.
 * Events at or after an explicit --as-of are counted and dropped here; the
 * default as-of is after every event, so none is late then.
 */
static void read_events(struct feat *g, event_fn fn, void *ctx)
{
	struct ec_record rec;
	const char *v[EC_EV_NCOLS];
	size_t l[EC_EV_NCOLS];
	for (;;) {
		int k = ec_reader_next(g->rd, &rec);
		if (k == EC_READ_END)
			break;
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(g->rd));
		g->nread++;
		if ((g->nread & 0xffff) == 0)
			ec_progress(g->nread, (uint64_t)ec_reader_bytes(g->rd));
		if (k == EC_READ_BAD) {
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(g->rd));
			continue;
		}
		if (ec_reader_ncols(g->rd) > g->resolved)
			resolve_columns(g);
		for (int c = 0; c < EC_EV_NCOLS; c++) {
			int i = g->col[c];
			if (i >= 0 && (size_t)i < rec.nfields) {
				v[c] = rec.val[i];
				l[c] = rec.len[i];
			} else {
				v[c] = NULL;
				l[c] = 0;
			}
		}
		struct ec_event e;
		if (ec_event_parse(&e, v, l, g->why, sizeof g->why) < 0) {
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, g->why);
			continue;
		}
		if (g->asof_given && e.ts >= g->asof) {
			g->nlate++;
			continue;
		}
		if (!g->any || e.ts > g->maxts)
			g->maxts = e.ts;
		g->any = 1;
		fn(g, &e, ctx);
	}
	ec_progress_done();
	if (!g->asof_given)
		g->asof = g->any ? g->maxts + 1 : 0;
}

/* ---- sorting ---- */

static struct ec_sorter *new_sorter(const struct ec_sort_key *keys, size_t nkeys, size_t nf,
                                    size_t mem)
{
	/* a keyless sorter (a spool in input order) still gets a key array:
	 * ec_sorter_new copies nkeys of them with memcpy, never valid on NULL */
	static const struct ec_sort_key none[1] = { { 0, EC_SORT_STR, 0 } };
	struct ec_sorter *s;
	if (!keys)
		keys = none;
	if (ec_sorter_new(&s, nf, keys, nkeys, mem) < 0)
		ec_die("out of memory");
	return s;
}

/* Add e to s: canonical fields, key and sort time. */
static void sort_event(struct ec_sorter *s, const struct ec_event *e, const char *key,
                       size_t keylen, int keep_text)
{
	const char *v[NF];
	size_t l[NF];
	char ts[EC_TIME_LEN], epoch[24];
	for (int c = 0; c < EC_EV_NCOLS; c++) {
		v[c] = e->f[c];
		l[c] = e->n[c];
	}
	l[EC_EV_TS] = (size_t)ec_time_format(e->ts, ts);
	v[EC_EV_TS] = ts;
	l[TSKEY] = (size_t)snprintf(epoch, sizeof epoch, "%lld", (long long)e->ts);
	v[TSKEY] = epoch;
	if (!keep_text) {
		v[EC_EV_TEXT] = v[EC_EV_VALUE] = NULL;
		l[EC_EV_TEXT] = l[EC_EV_VALUE] = 0;
	}
	v[KEY] = key;
	l[KEY] = keylen;
	if (ec_sorter_add(s, v, l) < 0)
		ec_die("sort: %s", ec_sorter_error(s));
}

/* Next sorted event into e (fields borrowed from the sorter): 1, or 0 at the end. */
static int next_event(struct feat *g, struct ec_sorter *s, struct ec_event *e, const char **key,
                      size_t *keylen)
{
	const char *const *v;
	const size_t *l;
	int k = ec_sorter_next(s, &v, &l);
	if (k < 0)
		ec_die("sort: %s", ec_sorter_error(s));
	if (k == 0)
		return 0;
	if (ec_event_parse(e, v, l, g->why, sizeof g->why) < 0)
		ec_die("sort: record damaged: %s", g->why);
	if (key) {
		*key = v[KEY];
		*keylen = l[KEY];
	}
	return 1;
}

/* Groups of a sorted stream: same_group() says whether key continues the
 * current group; start_group() makes key the current one. */
struct group {
	struct ec_buf key;
	int have;
};

static int same_group(const struct group *gr, const char *key, size_t n)
{
	return gr->have && gr->key.len == n && !memcmp(gr->key.data, key, n);
}

static void start_group(struct group *gr, const char *key, size_t n)
{
	ec_buf_reset(&gr->key);
	if (ec_buf_add(&gr->key, key, n) < 0)
		ec_die("out of memory");
	gr->have = 1;
}

/* ---- output ---- */

static void open_output(struct feat *g, const char *const *names, size_t n)
{
	enum ec_col_type types[32];
	for (size_t i = 0; i < n; i++)
		types[i] = ec_features_col_type(names[i]);
	g->out = ec_cli_output(g->out_path, g->zstd ? EC_COMPRESS_ZSTD : EC_COMPRESS_AUTO);
	if (ec_writer_open(&g->w, g->out, g->of, names, types, n) < 0)
		ec_die("%s", ec_output_error(g->out));
}

static void write_row(struct feat *g, const char *const *v, const size_t *l)
{
	if (ec_writer_write(g->w, v, l) < 0)
		ec_die("%s", ec_output_error(g->out));
	g->nrows++;
}

static void close_output(struct feat *g)
{
	ec_writer_close(g->w);
	ec_cli_commit(g->out);
}

/* v = s[0..n) or absent when empty */
static void set(const char **v, size_t *l, size_t i, const char *s, size_t n)
{
	v[i] = n ? s : NULL;
	l[i] = n;
}

static void set_real(const char **v, size_t *l, size_t i, double x, char *buf)
{
	if (isnan(x)) {
		v[i] = NULL;
		l[i] = 0;
		return;
	}
	l[i] = (size_t)ec_real_format(x, buf);
	v[i] = buf;
}

static void set_count(const char **v, size_t *l, size_t i, long long x, char *buf)
{
	l[i] = (size_t)snprintf(buf, 24, "%lld", x);
	v[i] = buf;
}

static void summary(struct feat *g, const char *what)
{
	if (g->quiet)
		return;
	char ts[EC_TIME_LEN];
	ec_time_format(g->asof, ts);
	fprintf(stderr, "ec-features: %s: %llu records read, %llu rejected", sub_names[g->sub],
	        (unsigned long long)g->nread, (unsigned long long)g->rej.n);
	if (g->nlate)
		fprintf(stderr, ", %llu at or after as-of", (unsigned long long)g->nlate);
	if (g->nskipped)
		fprintf(stderr, ", %llu %s", (unsigned long long)g->nskipped, g->skipped_what);
	fprintf(stderr, ", %llu %s written", (unsigned long long)g->nrows, what);
	if (g->any)
		fprintf(stderr, " (as-of %s)", ts);
	fputc('\n', stderr);
}

static int64_t window_start(const struct feat *g)
{
	return g->window > 0 ? g->asof - g->window : INT64_MIN;
}

/* ---- users ---- */

static const char *const user_cols[] = {
	"user", "n_view", "n_click", "n_cart", "n_purchase", "recency_days", "frequency",
	"monetary", "top_categories", "price_p10", "price_p90", "dwell_mean", "last_items", "tags",
};
#define NUSER 14
#define UTAGS 13

struct users_in {
	struct ec_sorter *ev, *med;
};

static void users_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	struct users_in *in = ctx;
	/* --shard: the other shards' users are needed only for the high_value
	 * threshold (a quantile over all purchasers), so only their purchases
	 * and returns, all that monetary and frequency read, are kept */
	if (ec_shard_mine(&g->shard, e->f[EC_EV_USER], e->n[EC_EV_USER]) ||
	    e->kind == EC_KIND_PURCHASE || e->kind == EC_KIND_RETURN)
		sort_event(in->ev, e, NULL, 0, 0);
	if (e->has & EC_HAS_PRICE) {
		const char *v[2] = { e->f[EC_EV_ITEM], e->f[EC_EV_PRICE] };
		size_t l[2] = { e->n[EC_EV_ITEM], e->n[EC_EV_PRICE] };
		if (ec_sorter_add(in->med, v, l) < 0)
			ec_die("sort: %s", ec_sorter_error(in->med));
	}
}

static double median_lookup(void *ctx, const char *item, size_t n)
{
	const double *m = ec_strmap_get(ctx, item, n);
	return m ? *m : NAN;
}


/* The median (type 7) price of every item, from (item, price) pairs sorted
 * by both: one item's prices at a time. */
static struct ec_strmap *item_medians(struct ec_sorter *s)
{
	struct ec_strmap *m = ec_strmap_new(sizeof(double));
	struct group gr = { EC_BUF_INIT, 0 };
	double *x = NULL;
	size_t nx = 0, cap = 0;
	if (!m)
		ec_die("out of memory");
	for (;;) {
		const char *const *v;
		const size_t *l;
		int k = ec_sorter_next(s, &v, &l);
		if (k < 0)
			ec_die("sort: %s", ec_sorter_error(s));
		if (k == 0 || !same_group(&gr, v[0], l[0])) {
			if (nx) {
				double *slot = ec_strmap_put(m, gr.key.data, gr.key.len, NULL);
				if (!slot)
					ec_die("out of memory");
				*slot = ec_quantile7(x, nx, 0.5);
			}
			if (k == 0)
				break;
			start_group(&gr, v[0], l[0]);
			nx = 0;
		}
		double p;
		if (ec_num_parse(v[1], l[1], &p) < 0)
			ec_die("sort: record damaged");
		if (nx == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(x = realloc(x, cap * sizeof *x)))
				ec_die("out of memory");
		}
		x[nx++] = p;
	}
	free(x);
	ec_buf_free(&gr.key);
	return m;
}

struct users_out {
	struct ec_profiler *pr;
	struct ec_profile p;
	struct ec_profile_opts po;
	struct ec_sorter *spool, *mon;
};

/* Profile of one user into the spool (tags as a number for now). */
static void users_flush(struct feat *g, struct ec_user_log *log, struct users_out *uo)
{
	if (ec_user_log_finish(log, g->gap) < 0 || ec_profile_user(uo->pr, log, &uo->po, &uo->p) < 0)
		ec_die("out of memory");
	const struct ec_profile *p = &uo->p;
	const char *v[NUSER];
	size_t l[NUSER];
	char b[NUSER][EC_NUM_LEN];
	const struct ec_event *e0 = &log->ev[0];
	set(v, l, 0, e0->f[EC_EV_USER], e0->n[EC_EV_USER]);
	set_count(v, l, 1, (long long)p->n_view, b[1]);
	set_count(v, l, 2, (long long)p->n_click, b[2]);
	set_count(v, l, 3, (long long)p->n_cart, b[3]);
	set_count(v, l, 4, (long long)p->n_purchase, b[4]);
	if (p->recency_days >= 0)
		set_count(v, l, 5, (long long)p->recency_days, b[5]);
	else
		set(v, l, 5, NULL, 0);
	set_count(v, l, 6, (long long)p->frequency, b[6]);
	set_real(v, l, 7, p->monetary, b[7]);
	set(v, l, 8, p->top_categories.data, p->top_categories.len);
	set_real(v, l, 9, p->price_p10, b[9]);
	set_real(v, l, 10, p->price_p90, b[10]);
	set_real(v, l, 11, p->dwell_mean, b[11]);
	set(v, l, 12, p->last_items.data, p->last_items.len);
	set_count(v, l, UTAGS, (long long)p->tags, b[UTAGS]);
	if (ec_shard_mine(&g->shard, e0->f[EC_EV_USER], e0->n[EC_EV_USER]) &&
	    ec_sorter_add(uo->spool, v, l) < 0)
		ec_die("sort: %s", ec_sorter_error(uo->spool));
	if (p->frequency > 0 && ec_sorter_add(uo->mon, v + 7, l + 7) < 0)
		ec_die("sort: %s", ec_sorter_error(uo->mon));
}

/* The high_value threshold: quantile EC_TAG_HIGH_VALUE_P of the purchasers'
 * monetary values, read in order from their sorter. INFINITY when none. */
static double high_value_threshold(struct ec_sorter *mon)
{
	size_t n = ec_sorter_count(mon), lo;
	double frac, xlo = 0, xhi = 0;
	if (n == 0)
		return INFINITY;
	ec_quantile7_rank(n, EC_TAG_HIGH_VALUE_P, &lo, &frac);
	for (size_t i = 0; i <= lo + 1 && i < n; i++) {
		const char *const *v;
		const size_t *l;
		if (ec_sorter_next(mon, &v, &l) != 1)
			ec_die("sort: %s", ec_sorter_error(mon));
		double x;
		if (ec_num_parse(v[0], l[0], &x) < 0)
			ec_die("sort: record damaged");
		if (i == lo)
			xlo = xhi = x;
		else if (i == lo + 1)
			xhi = x;
	}
	return xlo + frac * (xhi - xlo);
}

static void run_users(struct feat *g)
{
	struct ec_sort_key ek[] = { { EC_EV_USER, EC_SORT_STR, 0 }, { TSKEY, EC_SORT_NUM, 0 } };
	struct ec_sort_key mk[] = { { 0, EC_SORT_STR, 0 }, { 1, EC_SORT_NUM, 0 } };
	struct ec_sort_key monk[] = { { 0, EC_SORT_NUM, 0 } };
	struct users_in in = { new_sorter(ek, 2, NF, g->memory / 2),
	                       new_sorter(mk, 2, 2, g->memory / 8) };
	open_output(g, user_cols, NUSER);
	read_events(g, users_add, &in);

	struct ec_strmap *med = item_medians(in.med);
	ec_sorter_free(in.med);
	struct users_out uo;
	memset(&uo, 0, sizeof uo);
	ec_buf_init(&uo.p.top_categories);
	ec_buf_init(&uo.p.last_items);
	uo.po.asof = g->asof;
	uo.po.window = g->window;
	uo.po.item_median = median_lookup;
	uo.po.ctx = med;
	if (!(uo.pr = ec_profiler_new()))
		ec_die("out of memory");
	uo.spool = new_sorter(NULL, 0, NUSER, g->memory / 4);
	uo.mon = new_sorter(monk, 1, 1, g->memory / 8);

	struct ec_user_log log;
	ec_user_log_init(&log);
	struct group gr = { EC_BUF_INIT, 0 };
	for (;;) {
		struct ec_event e;
		int k = next_event(g, in.ev, &e, NULL, NULL);
		if (!k || !same_group(&gr, e.f[EC_EV_USER], e.n[EC_EV_USER])) {
			if (gr.have)
				users_flush(g, &log, &uo);
			if (!k)
				break;
			start_group(&gr, e.f[EC_EV_USER], e.n[EC_EV_USER]);
			ec_user_log_reset(&log);
		}
		if (ec_user_log_add(&log, &e) < 0)
			ec_die("out of memory");
	}
	ec_sorter_free(in.ev);
	ec_user_log_free(&log);

	double thr = high_value_threshold(uo.mon);
	struct ec_buf tags = EC_BUF_INIT;
	for (;;) {
		const char *const *sv;
		const size_t *sl;
		int k = ec_sorter_next(uo.spool, &sv, &sl);
		if (k < 0)
			ec_die("sort: %s", ec_sorter_error(uo.spool));
		if (k == 0)
			break;
		const char *v[NUSER];
		size_t l[NUSER];
		memcpy(v, sv, sizeof v);
		memcpy(l, sl, sizeof l);
		unsigned bits = (unsigned)strtoul(v[UTAGS], NULL, 10);
		double mon = 0;
		ec_num_parse(v[7], l[7], &mon);
		if (strcmp(v[6], "0") != 0 && mon > 0 && mon >= thr)
			bits |= EC_TAG_HIGH_VALUE;
		ec_buf_reset(&tags);
		if (ec_tags_format(bits, &tags) < 0)
			ec_die("out of memory");
		set(v, l, UTAGS, tags.data, tags.len);
		write_row(g, v, l);
	}
	close_output(g);
	summary(g, "users");
	ec_buf_free(&tags);
	ec_buf_free(&gr.key);
	ec_sorter_free(uo.spool);
	ec_sorter_free(uo.mon);
	ec_profiler_free(uo.pr);
	ec_profile_free(&uo.p);
	ec_strmap_free(med);
}

/* ---- items ---- */

static const char *const item_cols[] = {
	"item", "n_view", "n_click", "n_cart", "n_purchase", "ctr", "conversion", "revenue",
	"price_mean", "trend",
};

static void items_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	if (!e->f[EC_EV_ITEM]) {
		g->nskipped++;
		return;
	}
	if (ec_shard_mine(&g->shard, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM]))
		sort_event(ctx, e, NULL, 0, 0);
}

static void items_flush(struct feat *g, const struct group *gr, const struct ec_item_acc *a)
{
	struct ec_item_row r;
	ec_item_acc_row(a, &r);
	const char *v[10];
	size_t l[10];
	char b[10][EC_NUM_LEN];
	set(v, l, 0, gr->key.data, gr->key.len);
	set_count(v, l, 1, (long long)r.n_view, b[1]);
	set_count(v, l, 2, (long long)r.n_click, b[2]);
	set_count(v, l, 3, (long long)r.n_cart, b[3]);
	set_count(v, l, 4, (long long)r.n_purchase, b[4]);
	set_real(v, l, 5, r.ctr, b[5]);
	set_real(v, l, 6, r.conversion, b[6]);
	set_real(v, l, 7, r.revenue, b[7]);
	set_real(v, l, 8, r.price_mean, b[8]);
	set_real(v, l, 9, r.trend, b[9]);
	write_row(g, v, l);
}

static void run_items(struct feat *g)
{
	struct ec_sort_key k1[] = { { EC_EV_ITEM, EC_SORT_STR, 0 } };
	struct ec_sorter *s = new_sorter(k1, 1, NF, g->memory);
	g->skipped_what = "without item";
	open_output(g, item_cols, 10);
	read_events(g, items_add, s);
	struct group gr = { EC_BUF_INIT, 0 };
	struct ec_item_acc acc;
	ec_item_acc_reset(&acc);
	for (;;) {
		struct ec_event e;
		int k = next_event(g, s, &e, NULL, NULL);
		if (!k || !same_group(&gr, e.f[EC_EV_ITEM], e.n[EC_EV_ITEM])) {
			if (gr.have)
				items_flush(g, &gr, &acc);
			if (!k)
				break;
			start_group(&gr, e.f[EC_EV_ITEM], e.n[EC_EV_ITEM]);
			ec_item_acc_reset(&acc);
		}
		ec_item_acc_add(&acc, &e, g->asof, g->window);
	}
	close_output(g);
	summary(g, "items");
	ec_buf_free(&gr.key);
	ec_sorter_free(s);
}

/* ---- users' event streams: sessions and samples ---- */

static void by_user_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	sort_event(ctx, e, NULL, 0, g->sub == S_SESSIONS);
}

typedef void (*user_fn)(struct feat *g, struct ec_user_log *log, void *ctx);

/* Sort by user and time, then hand each user's finished log to fn. */
static void for_each_user(struct feat *g, struct ec_sorter *s, user_fn fn, void *ctx)
{
	struct ec_user_log log;
	ec_user_log_init(&log);
	struct group gr = { EC_BUF_INIT, 0 };
	for (;;) {
		struct ec_event e;
		int k = next_event(g, s, &e, NULL, NULL);
		if (!k || !same_group(&gr, e.f[EC_EV_USER], e.n[EC_EV_USER])) {
			if (gr.have) {
				if (ec_user_log_finish(&log, g->gap) < 0)
					ec_die("out of memory");
				fn(g, &log, ctx);
			}
			if (!k)
				break;
			start_group(&gr, e.f[EC_EV_USER], e.n[EC_EV_USER]);
			ec_user_log_reset(&log);
		}
		if (ec_user_log_add(&log, &e) < 0)
			ec_die("out of memory");
	}
	ec_user_log_free(&log);
	ec_buf_free(&gr.key);
}

static void sessions_user(struct feat *g, struct ec_user_log *log, void *ctx)
{
	(void)ctx;
	int64_t ws = window_start(g);
	for (size_t i = 0; i < log->n; i++) {
		const struct ec_event *e = &log->ev[i];
		if (e->ts < ws) {
			g->nskipped++;
			continue;
		}
		const char *v[EC_EV_NCOLS];
		size_t l[EC_EV_NCOLS];
		char ts[EC_TIME_LEN], dw[EC_NUM_LEN];
		for (int c = 0; c < EC_EV_NCOLS; c++)
			set(v, l, (size_t)c, e->f[c], e->n[c]);
		l[EC_EV_TS] = (size_t)ec_time_format(e->ts, ts);
		v[EC_EV_TS] = ts;
		set(v, l, EC_EV_SESSION, log->sid[i], log->sidlen[i]);
		if (!(e->has & EC_HAS_DWELL))
			set_real(v, l, EC_EV_DWELL, log->dwell[i], dw);
		write_row(g, v, l);
	}
}

static void run_sessions(struct feat *g)
{
	struct ec_sort_key ek[] = { { EC_EV_USER, EC_SORT_STR, 0 }, { TSKEY, EC_SORT_NUM, 0 } };
	struct ec_sorter *s = new_sorter(ek, 2, NF, g->memory);
	g->skipped_what = "before the window";
	open_output(g, ec_ev_names, EC_EV_NCOLS);
	read_events(g, by_user_add, s);
	for_each_user(g, s, sessions_user, NULL);
	close_output(g);
	summary(g, "events");
	ec_sorter_free(s);
}

static const char *const sample_cols[] = {
	"ts", "user", "item", "category", "price_bucket", "hour", "weekday", "hist_items",
	"hist_cats", "label",
};

struct samples_ctx {
	struct ec_sorter *s;
	struct ec_popularity *pop;
	struct ec_sampler *sampler;
};

static void samples_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	struct samples_ctx *sc = ctx;
	if (ec_shard_mine(&g->shard, e->f[EC_EV_USER], e->n[EC_EV_USER]))
		sort_event(sc->s, e, NULL, 0, 0);
	if (sc->pop && ec_popularity_add(sc->pop, e) < 0)
		ec_die("out of memory");
}

static int sample_row(void *ctx, const struct ec_sample_row *r)
{
	struct feat *g = ctx;
	const char *v[10];
	size_t l[10];
	char ts[EC_TIME_LEN], b[4][24];
	l[0] = (size_t)ec_time_format(r->ts, ts);
	v[0] = ts;
	set(v, l, 1, r->user, r->user_len);
	set(v, l, 2, r->item, r->item_len);
	set(v, l, 3, r->category, r->category_len);
	if (r->price_bucket >= 0)
		set_count(v, l, 4, r->price_bucket, b[0]);
	else
		set(v, l, 4, NULL, 0);
	set_count(v, l, 5, r->hour, b[1]);
	set_count(v, l, 6, r->weekday, b[2]);
	set(v, l, 7, r->hist_items, strlen(r->hist_items));
	set(v, l, 8, r->hist_cats, strlen(r->hist_cats));
	set_count(v, l, 9, r->label, b[3]);
	write_row(g, v, l);
	return 0;
}

static void samples_user(struct feat *g, struct ec_user_log *log, void *ctx)
{
	struct samples_ctx *sc = ctx;
	if (ec_sampler_user(sc->sampler, log, sample_row, g) < 0)
		ec_die("out of memory");
}

static void run_samples(struct feat *g)
{
	struct ec_sort_key ek[] = { { EC_EV_USER, EC_SORT_STR, 0 }, { TSKEY, EC_SORT_NUM, 0 } };
	struct samples_ctx sc = { new_sorter(ek, 2, NF, g->memory), NULL, NULL };
	if (g->negatives && !(sc.pop = ec_popularity_new()))
		ec_die("out of memory");
	open_output(g, sample_cols, 10);
	read_events(g, samples_add, &sc);
	if (sc.pop && ec_popularity_build(sc.pop) < 0)
		ec_die("out of memory");
	struct ec_sample_opts so = { g->label, g->hist, g->asof, g->window, g->negatives, sc.pop,
	                             &g->seed };
	if (!(sc.sampler = ec_sampler_new(&so)))
		ec_die("out of memory");
	for_each_user(g, sc.s, samples_user, &sc);
	close_output(g);
	summary(g, "samples");
	ec_sampler_free(sc.sampler);
	ec_popularity_free(sc.pop);
	ec_sorter_free(sc.s);
}

/* ---- sales ---- */

static const char *const sales_cols[] = { "series", "ts", "value" };

static void sales_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	if (e->kind != EC_KIND_PURCHASE)
		return;
	int c = g->by_category ? EC_EV_CATEGORY : EC_EV_ITEM;
	if (!e->f[c]) {
		g->nskipped++;
		return;
	}
	if (ec_shard_mine(&g->shard, e->f[c], e->n[c]))
		sort_event(ctx, e, e->f[c], e->n[c], 0);
}

struct sales_emit {
	struct feat *g;
	const struct group *gr;
};

static int sales_point(void *ctx, int64_t bucket, double value)
{
	struct sales_emit *se = ctx;
	const char *v[3];
	size_t l[3];
	char ts[32], b[EC_NUM_LEN];
	set(v, l, 0, se->gr->key.data, se->gr->key.len);
	l[1] = (size_t)ec_bucket_format(bucket, se->g->freq, ts);
	v[1] = ts;
	set_real(v, l, 2, value, b);
	write_row(se->g, v, l);
	return 0;
}

static void run_sales(struct feat *g)
{
	struct ec_sort_key sk[] = { { KEY, EC_SORT_STR, 0 }, { TSKEY, EC_SORT_NUM, 0 } };
	struct ec_sorter *s = new_sorter(sk, 2, NF, g->memory);
	g->skipped_what = "purchases without category";
	open_output(g, sales_cols, 3);
	read_events(g, sales_add, s);
	struct group gr = { EC_BUF_INIT, 0 };
	struct sales_emit se = { g, &gr };
	struct ec_series ser;
	ec_series_begin(&ser, g->freq, g->asof);
	int64_t ws = window_start(g);
	uint64_t noprice = 0;
	for (;;) {
		struct ec_event e;
		const char *key;
		size_t keylen;
		int k = next_event(g, s, &e, &key, &keylen);
		if (!k || !same_group(&gr, key, keylen)) {
			if (gr.have)
				ec_series_end(&ser, sales_point, &se);
			if (!k)
				break;
			start_group(&gr, key, keylen);
			ec_series_begin(&ser, g->freq, g->asof);
		}
		if (e.ts < ws)
			continue;
		double value = e.qty;
		if (g->value_revenue) {
			value = (e.has & EC_HAS_PRICE) ? e.qty * e.price : 0;
			noprice += !(e.has & EC_HAS_PRICE);
		}
		ec_series_add(&ser, e.ts, value, sales_point, &se);
	}
	close_output(g);
	summary(g, "points");
	if (noprice && !g->quiet)
		ec_warn("sales: %llu purchases without price counted as revenue 0",
		        (unsigned long long)noprice);
	ec_buf_free(&gr.key);
	ec_sorter_free(s);
}

/* ---- baskets ---- */

static const char *const basket_cols[] = { "order", "user", "ts", "items" };

static void baskets_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	(void)g;
	if (e->kind != EC_KIND_PURCHASE)
		return;
	if (e->f[EC_EV_ORDER]) {
		sort_event(ctx, e, e->f[EC_EV_ORDER], e->n[EC_EV_ORDER], 0);
		return;
	}
	/* no order id: the user's purchases at one time are one order, USER@TS */
	char key[1024], ts[EC_TIME_LEN];
	ec_time_format(e->ts, ts);
	int n = snprintf(key, sizeof key, "%.*s@%s", (int)(e->n[EC_EV_USER] > 990 ? 990 : e->n[EC_EV_USER]),
	                 e->f[EC_EV_USER], ts);
	sort_event(ctx, e, key, (size_t)n, 0);
}

static void run_baskets(struct feat *g)
{
	struct ec_sort_key sk[] = { { KEY, EC_SORT_STR, 0 }, { TSKEY, EC_SORT_NUM, 0 } };
	struct ec_sorter *s = new_sorter(sk, 2, NF, g->memory);
	open_output(g, basket_cols, 4);
	read_events(g, baskets_add, s);
	struct group gr = { EC_BUF_INIT, 0 };
	struct ec_basket bk;
	ec_basket_init(&bk);
	struct ec_buf user = EC_BUF_INIT;
	int64_t first = 0;
	int64_t ws = window_start(g);
	for (;;) {
		struct ec_event e;
		const char *key;
		size_t keylen;
		int k = next_event(g, s, &e, &key, &keylen);
		if (!k || !same_group(&gr, key, keylen)) {
			if (gr.have && bk.n) {
				const char *v[4];
				size_t l[4];
				char ts[EC_TIME_LEN];
				set(v, l, 0, gr.key.data, gr.key.len);
				set(v, l, 1, user.data, user.len);
				l[2] = (size_t)ec_time_format(first, ts);
				v[2] = ts;
				set(v, l, 3, bk.items.data, bk.items.len);
				write_row(g, v, l);
			}
			if (!k)
				break;
			start_group(&gr, key, keylen);
			ec_basket_reset(&bk);
		}
		if (e.ts < ws)
			continue;
		if (bk.n == 0) {
			first = e.ts;
			ec_buf_reset(&user);
			if (ec_buf_add(&user, e.f[EC_EV_USER], e.n[EC_EV_USER]) < 0)
				ec_die("out of memory");
		}
		if (ec_basket_add(&bk, e.f[EC_EV_ITEM], e.n[EC_EV_ITEM]) < 0)
			ec_die("out of memory");
	}
	close_output(g);
	summary(g, "baskets");
	ec_basket_free(&bk);
	ec_buf_free(&user);
	ec_buf_free(&gr.key);
	ec_sorter_free(s);
}

/* ---- docs ---- */

static const char *const doc_cols[] = { "id", "ts", "user", "item", "text" };

static void doc_write(struct feat *g, const struct ec_event *e)
{
	if (e->ts < window_start(g)) {
		g->nskipped++;
		return;
	}
	const char *v[5];
	size_t l[5];
	char id[17], ts[EC_TIME_LEN];
	if (ec_doc_id(e, id) < 0)
		ec_die("out of memory");
	if (!ec_shard_mine(&g->shard, id, 16))
		return;
	set(v, l, 0, id, 16);
	l[1] = (size_t)ec_time_format(e->ts, ts);
	v[1] = ts;
	set(v, l, 2, e->f[EC_EV_USER], e->n[EC_EV_USER]);
	set(v, l, 3, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM]);
	set(v, l, 4, e->f[EC_EV_TEXT], e->n[EC_EV_TEXT]);
	write_row(g, v, l);
}

static void docs_add(struct feat *g, const struct ec_event *e, void *ctx)
{
	if (!e->f[EC_EV_TEXT])
		return;
	if (g->nevents) {
		size_t i = 0;
		while (i < g->nevents && (strlen(g->events[i]) != e->n[EC_EV_EVENT] ||
		                          memcmp(g->events[i], e->f[EC_EV_EVENT], e->n[EC_EV_EVENT])))
			i++;
		if (i == g->nevents)
			return;
	}
	if (ctx)
		sort_event(ctx, e, NULL, 0, 1);
	else
		doc_write(g, e);
}

static void run_docs(struct feat *g)
{
	/* A window before a default as-of needs the newest time first: spool
	 * the documents (in input order) until the end of the input. */
	struct ec_sorter *spool = NULL;
	if (g->window > 0 && !g->asof_given)
		spool = new_sorter(NULL, 0, NF, g->memory);
	g->skipped_what = "before the window";
	open_output(g, doc_cols, 5);
	read_events(g, docs_add, spool);
	if (spool) {
		struct ec_event e;
		while (next_event(g, spool, &e, NULL, NULL))
			doc_write(g, &e);
		ec_sorter_free(spool);
	}
	close_output(g);
	summary(g, "documents");
}

/* ---- split ---- */

/*
 * Records are kept whole: a JSONL record going to JSONL as its line, as it
 * came; otherwise as its fields, packed as [u32 column][u32 length][bytes]
 * for each present field, since a JSONL file may add columns as it goes and
 * the output header is known only at the end.
 */
struct split {
	int raw;
	int ucol, tcol;
	size_t resolved;
	unsigned char *numeric;  /* per column: every value so far is a number */
	size_t ncap;
	struct ec_output *out[2];
	struct ec_writer *w[2];
	uint64_t n[2];
	struct ec_buf pack, nums;
	const char **val;
	size_t *len, *offs;
	char numbuf[EC_NUM_LEN];
};

static void split_resolve(struct feat *g, struct split *sp)
{
	size_t n = ec_reader_ncols(g->rd);
	if (n > sp->ncap) {
		if (!(sp->numeric = realloc(sp->numeric, n)))
			ec_die("out of memory");
		memset(sp->numeric + sp->ncap, 1, n - sp->ncap);
		sp->ncap = n;
	}
	for (size_t i = sp->resolved; i < n; i++) {
		const char *name = ec_reader_colname(g->rd, i);
		if (sp->ucol < 0 && !strcmp(name, "user"))
			sp->ucol = (int)i;
		if (sp->tcol < 0 && !strcmp(name, "ts"))
			sp->tcol = (int)i;
	}
	sp->resolved = n;
}

static void split_write(struct feat *g, struct split *sp, int test, const char *p, size_t n)
{
	sp->n[test]++;
	if (sp->raw) {
		if (ec_output_write(sp->out[test], p, n) < 0 || ec_output_write(sp->out[test], "\n", 1) < 0)
			ec_die("%s", ec_output_error(sp->out[test]));
		return;
	}
	size_t nc = ec_reader_ncols(g->rd);
	for (size_t i = 0; i < nc; i++)
		sp->val[i] = NULL;
	const unsigned char *q = (const unsigned char *)p, *end = q + n;
	while (q + 8 <= end) {
		uint32_t c, len;
		memcpy(&c, q, 4);
		memcpy(&len, q + 4, 4);
		q += 8;
		if (c < nc) {
			sp->val[c] = (const char *)q;
			sp->len[c] = len;
		}
		q += len;
	}
	/* numbers of numeric columns in their JSON form, gathered in one
	 * buffer whose pointers are taken once it has stopped growing */
	if (g->of == EC_FORMAT_JSONL) {
		ec_buf_reset(&sp->nums);
		for (size_t i = 0; i < nc; i++) {
			sp->offs[i] = 0;
			if (!sp->val[i] || !sp->numeric[i] ||
			    ec_features_col_type(ec_reader_colname(g->rd, i)) != EC_COL_NUM)
				continue;
			double d;
			int k = ec_num_canon(sp->val[i], sp->len[i], 0, &d, sp->numbuf);
			sp->offs[i] = sp->nums.len + 1;
			if (k < 0 || ec_buf_add(&sp->nums, sp->numbuf, (size_t)k) < 0)
				ec_die("out of memory");
			sp->len[i] = (size_t)k;
		}
		for (size_t i = 0; i < nc; i++)
			if (sp->offs[i])
				sp->val[i] = sp->nums.data + sp->offs[i] - 1;
	}
	if (ec_writer_write(sp->w[test], sp->val, sp->len) < 0)
		ec_die("%s", ec_output_error(sp->out[test]));
}

static void split_pack(struct split *sp, const struct ec_record *rec)
{
	ec_buf_reset(&sp->pack);
	for (size_t i = 0; i < rec->nfields; i++) {
		if (!rec->val[i] || !rec->len[i])
			continue;
		double d;
		if (sp->numeric[i] && ec_num_parse(rec->val[i], rec->len[i], &d) < 0)
			sp->numeric[i] = 0;
		uint32_t hdr[2] = { (uint32_t)i, (uint32_t)rec->len[i] };
		if (ec_buf_add(&sp->pack, hdr, 8) < 0 ||
		    ec_buf_add(&sp->pack, rec->val[i], rec->len[i]) < 0)
			ec_die("out of memory");
	}
}

static void split_open(struct feat *g, struct split *sp)
{
	if (mkdir(g->out_path, 0777) < 0 && errno != EEXIST)
		ec_die("%s: cannot create: %s", g->out_path, strerror(errno));
	struct stat st;
	if (stat(g->out_path, &st) < 0 || !S_ISDIR(st.st_mode))
		ec_die("%s: not a directory", g->out_path);
	size_t nc = ec_reader_ncols(g->rd);
	const char **names = calloc(nc ? nc : 1, sizeof *names);
	enum ec_col_type *types = calloc(nc ? nc : 1, sizeof *types);
	sp->val = calloc(nc ? nc : 1, sizeof *sp->val);
	sp->len = calloc(nc ? nc : 1, sizeof *sp->len);
	sp->offs = calloc(nc ? nc : 1, sizeof *sp->offs);
	if (!names || !types || !sp->val || !sp->len || !sp->offs)
		ec_die("out of memory");
	for (size_t i = 0; i < nc; i++) {
		names[i] = ec_reader_colname(g->rd, i);
		types[i] = sp->numeric[i] ? ec_features_col_type(names[i]) : EC_COL_STR;
	}
	static const char *const base[2] = { "train", "test" };
	for (int t = 0; t < 2; t++) {
		struct ec_buf path = EC_BUF_INIT;
		size_t dl = strlen(g->out_path);
		while (dl > 1 && g->out_path[dl - 1] == '/')
			dl--;
		if (ec_buf_addf(&path, "%.*s/%s.%s%s", (int)dl, g->out_path, base[t],
		                ec_format_name(g->of), g->zstd ? ".zst" : "") < 0)
			ec_die("out of memory");
		sp->out[t] = ec_cli_output(path.data, EC_COMPRESS_AUTO);
		ec_buf_free(&path);
		if (!sp->raw && ec_writer_open(&sp->w[t], sp->out[t], g->of, names, types, nc) < 0)
			ec_die("%s", ec_output_error(sp->out[t]));
	}
	free(names);
	free(types);
}

static void run_split(struct feat *g)
{
	struct split sp;
	memset(&sp, 0, sizeof sp);
	sp.ucol = sp.tcol = -1;
	ec_buf_init(&sp.pack);
	ec_buf_init(&sp.nums);
	sp.raw = ec_reader_format(g->rd) == EC_FORMAT_JSONL && g->of == EC_FORMAT_JSONL;
	split_resolve(g, &sp);
	int bylast = !g->test_from_given;
	struct ec_sort_key keys[] = { { 0, EC_SORT_STR, 0 }, { 1, EC_SORT_NUM, 0 } };
	struct ec_sorter *s = new_sorter(keys, bylast ? 2 : 0, 3, g->memory);
	struct ec_record rec;
	for (;;) {
		int k = ec_reader_next(g->rd, &rec);
		if (k == EC_READ_END)
			break;
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(g->rd));
		g->nread++;
		if ((g->nread & 0xffff) == 0)
			ec_progress(g->nread, (uint64_t)ec_reader_bytes(g->rd));
		if (k == EC_READ_BAD) {
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(g->rd));
			continue;
		}
		if (ec_reader_ncols(g->rd) > sp.resolved)
			split_resolve(g, &sp);
		const char *user = NULL, *ts = NULL;
		size_t ul = 0, tl = 0;
		if (sp.ucol >= 0 && (size_t)sp.ucol < rec.nfields && rec.val[sp.ucol]) {
			user = rec.val[sp.ucol];
			ul = rec.len[sp.ucol];
		}
		if (sp.tcol >= 0 && (size_t)sp.tcol < rec.nfields && rec.val[sp.tcol]) {
			ts = rec.val[sp.tcol];
			tl = rec.len[sp.tcol];
		}
		int64_t t;
		const char *why;
		if (!ts || !tl) {
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, "missing ts");
			continue;
		}
		if (ec_time_parse(ts, tl, NULL, NULL, &t, &why) < 0) {
			snprintf(g->why, sizeof g->why, "bad ts '%.*s': %s", (int)(tl > 40 ? 40 : tl), ts,
			         why);
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, g->why);
			continue;
		}
		if (!user || !ul) {
			ec_rejects_add(&g->rej, rec.source, rec.line, rec.raw, rec.rawlen, "missing user");
			continue;
		}
		char tb[24];
		const char *v[3] = { user, tb, rec.raw };
		size_t l[3] = { ul, (size_t)snprintf(tb, sizeof tb, "%lld", (long long)t), rec.rawlen };
		if (!sp.raw) {
			split_pack(&sp, &rec);
			v[2] = sp.pack.data;
			l[2] = sp.pack.len;
		}
		if (ec_sorter_add(s, v, l) < 0)
			ec_die("sort: %s", ec_sorter_error(s));
	}
	ec_progress_done();
	if (ec_reader_ncols(g->rd) > sp.resolved)
		split_resolve(g, &sp);
	split_open(g, &sp);

	struct group gr = { EC_BUF_INIT, 0 };
	struct ec_buf held = EC_BUF_INIT;   /* one user's records */
	size_t *off = NULL, nheld = 0, cap = 0;
	for (;;) {
		const char *const *v;
		const size_t *l;
		int k = ec_sorter_next(s, &v, &l);
		if (k < 0)
			ec_die("sort: %s", ec_sorter_error(s));
		if (!bylast) {
			if (k == 0)
				break;
			split_write(g, &sp, strtoll(v[1], NULL, 10) >= g->test_from, v[2], l[2]);
			continue;
		}
		if (k == 0 || !same_group(&gr, v[0], l[0])) {
			size_t ntest = ec_split_ntest(nheld, g->test_last);
			for (size_t i = 0; i < nheld; i++)
				split_write(g, &sp, i >= nheld - ntest, held.data + off[2 * i], off[2 * i + 1]);
			if (k == 0)
				break;
			start_group(&gr, v[0], l[0]);
			ec_buf_reset(&held);
			nheld = 0;
		}
		if (nheld == cap) {
			cap = cap ? 2 * cap : 64;
			if (!(off = realloc(off, 2 * cap * sizeof *off)))
				ec_die("out of memory");
		}
		off[2 * nheld] = held.len;
		off[2 * nheld + 1] = l[2];
		if (ec_buf_add(&held, v[2], l[2]) < 0)
			ec_die("out of memory");
		nheld++;
	}
	for (int t = 0; t < 2; t++) {
		ec_writer_close(sp.w[t]);
		ec_cli_commit(sp.out[t]);
	}
	if (!g->quiet)
		fprintf(stderr, "ec-features: split: %llu records read, %llu rejected, %llu train, "
		        "%llu test\n", (unsigned long long)g->nread, (unsigned long long)g->rej.n,
		        (unsigned long long)sp.n[0], (unsigned long long)sp.n[1]);
	free(off);
	ec_buf_free(&held);
	ec_buf_free(&gr.key);
	ec_buf_free(&sp.pack);
	ec_buf_free(&sp.nums);
	free(sp.numeric);
	free(sp.val);
	free(sp.len);
	free(sp.offs);
	ec_sorter_free(s);
}

/* ---- main ---- */

/* "256M", "2G", "65536": bytes, with binary K, M, G suffixes. */
static size_t parse_memory(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	int shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (s[0] < '0' || s[0] > '9' || *end || errno || v > (1ULL << 40) >> shift)
		ec_usage_error("--memory: '%s' is not a size such as 512M or 2G", s);
	v <<= shift;
	if (v < (64u << 10))
		ec_usage_error("--memory: '%s' is less than 64K", s);
	return (size_t)v;
}

static int64_t parse_duration(const char *opt, const char *s)
{
	int64_t d;
	if (ec_duration_parse(s, &d) < 0)
		ec_usage_error("%s: '%s' is not a duration such as 30m, 12h, 30d or 2w", opt, s);
	return d;
}

static int64_t parse_time(const char *opt, const char *s)
{
	int64_t t;
	const char *why;
	if (ec_time_parse(s, strlen(s), NULL, NULL, &t, &why) < 0)
		ec_usage_error("%s: '%s': %s", opt, s, why);
	return t;
}

static enum ec_format parse_format(const char *opt, const char *s)
{
	int f = ec_format_parse(s);
	if (f < 0)
		ec_usage_error("%s: '%s' is not csv, tsv or jsonl", opt, s);
	return (enum ec_format)f;
}

int main(int argc, char **argv)
{
	struct feat g;
	memset(&g, 0, sizeof g);
	ec_cli_init(argv[0]);
	if (argc < 2)
		ec_usage_error("no subcommand (users, items, sessions, samples, sales, baskets, docs, "
		               "split)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		ec_cli_version();
	int sub = 0;
	while (sub < S_N && strcmp(argv[1], sub_names[sub]))
		sub++;
	if (sub == S_N)
		ec_usage_error("'%s' is not a subcommand (users, items, sessions, samples, sales, "
		               "baskets, docs, split)", argv[1]);
	g.sub = (enum sub)sub;
	g.of = g.sub == S_SALES ? EC_FORMAT_CSV : EC_FORMAT_JSONL;
	g.gap = 30 * 60;
	g.hist = 10;
	g.label = EC_LABEL_ANY;
	g.seed = 1;
	g.freq = EC_FREQ_DAY;
	g.memory = (size_t)256 << 20;
	g.max_errors = -1;
	enum ec_format ifmt = EC_FORMAT_AUTO;
	unsigned given = 0; /* bit (opt - OPT_IF) */

	/* getopt's own messages ("unrecognized option") name argv[0] */
	argv[1] = argv[0];
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "o:zqhV", longopts, NULL)) != -1) {
		if (ch >= OPT_IF)
			given |= 1u << (ch - OPT_IF);
		switch (ch) {
		case 'o': g.out_path = optarg; break;
		case 'z': g.zstd = 1; break;
		case 'q': g.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_IF: ifmt = parse_format("--if", optarg); break;
		case OPT_OF: g.of = parse_format("--of", optarg); break;
		case OPT_ASOF:
			g.asof = parse_time("--as-of", optarg);
			g.asof_given = 1;
			break;
		case OPT_WINDOW: g.window = parse_duration("--window", optarg); break;
		case OPT_GAP: g.gap = parse_duration("--gap", optarg); break;
		case OPT_LABEL:
			if (!strcmp(optarg, "click"))
				g.label = EC_LABEL_CLICK;
			else if (!strcmp(optarg, "cart"))
				g.label = EC_LABEL_CART;
			else if (!strcmp(optarg, "purchase"))
				g.label = EC_LABEL_PURCHASE;
			else if (!strcmp(optarg, "any"))
				g.label = EC_LABEL_ANY;
			else
				ec_usage_error("--label: '%s' is not click, cart, purchase or any", optarg);
			break;
		case OPT_HIST: g.hist = (size_t)ec_opt_int("--hist", optarg, 0, 1000); break;
		case OPT_NEG: g.negatives = (size_t)ec_opt_int("--negatives", optarg, 0, 1000); break;
		case OPT_SEED: g.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case OPT_BY:
			if (!strcmp(optarg, "category"))
				g.by_category = 1;
			else if (strcmp(optarg, "item"))
				ec_usage_error("--by: '%s' is not item or category", optarg);
			break;
		case OPT_VALUE:
			if (!strcmp(optarg, "revenue"))
				g.value_revenue = 1;
			else if (strcmp(optarg, "qty"))
				ec_usage_error("--value: '%s' is not qty or revenue", optarg);
			break;
		case OPT_FREQ:
			if (!strcmp(optarg, "hour"))
				g.freq = EC_FREQ_HOUR;
			else if (!strcmp(optarg, "day"))
				g.freq = EC_FREQ_DAY;
			else if (!strcmp(optarg, "week"))
				g.freq = EC_FREQ_WEEK;
			else
				ec_usage_error("--freq: '%s' is not hour, day or week", optarg);
			break;
		case OPT_EVENTS:
			g.nevents = ec_opt_list("--events", optarg, g.events, MAX_EVENTS);
			break;
		case OPT_TESTLAST:
			g.test_last = (size_t)ec_opt_int("--test-last", optarg, 1, 1000000);
			break;
		case OPT_TESTFROM:
			g.test_from = parse_time("--test-from", optarg);
			g.test_from_given = 1;
			break;
		case OPT_MEMORY: g.memory = parse_memory(optarg); break;
		case OPT_REJECTS: g.rejects_path = optarg; break;
		case OPT_MAXERR: g.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &g.shard); break;
		default:
			fprintf(stderr, "Try 'ec-features --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
		if ((given & (1u << (scoped[i].opt - OPT_IF))) && !(scoped[i].subs & B(g.sub)))
			ec_usage_error("%s does not apply to %s", scoped[i].name, sub_names[g.sub]);
	if (g.sub == S_SPLIT) {
		if (!g.test_last == !g.test_from_given)
			ec_usage_error("split needs one of --test-last N and --test-from TS");
		if (!g.out_path || !strcmp(g.out_path, "-"))
			ec_usage_error("split needs -o DIR");
	} else if (g.zstd && g.out_path && strcmp(g.out_path, "-")) {
		ec_usage_error("-z compresses standard output; with -o use a .zst name");
	}
	char **paths = argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	open_input(&g, paths, npaths, ifmt);
	ec_rejects_open(&g.rej, g.rejects_path, g.max_errors);
	switch (g.sub) {
	case S_USERS: run_users(&g); break;
	case S_ITEMS: run_items(&g); break;
	case S_SESSIONS: run_sessions(&g); break;
	case S_SAMPLES: run_samples(&g); break;
	case S_SALES: run_sales(&g); break;
	case S_BASKETS: run_baskets(&g); break;
	case S_DOCS: run_docs(&g); break;
	case S_SPLIT: run_split(&g); break;
	case S_N: break;
	}
	ec_rejects_close(&g.rej);
	ec_reader_close(g.rd);
	return EC_EXIT_OK;
}
