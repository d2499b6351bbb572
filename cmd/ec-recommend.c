/*
 * ec-recommend: the top K items for each user from a "cf" model (ec-train
 * -m itemknn|ease|als|pop) and the users' histories, then the business's
 * say: stock, promotions, diversity, hand-written rules, the session.
 *
 * The pipeline of one user, each step optional:
 *   1. history (canonical events weighed as at training: the model's
 *      --weights and --half-life) -> scores of every item (lib/ec_cf);
 *      no usable history: popularity (cold start);
 *   2. candidates: the best C = max(10 K, 200) unseen items when any
 *      re-ranking step is on, K otherwise;
 *   3. --recent: the same model scores the user's latest events alone and
 *      the two lists are blended, each scaled by its best score;
 *   4. --catalog drops out-of-stock items, --promo-boost lifts promoted
 *      ones, --rules adds and boosts items (ec_rules' business rules);
 *   4a. --ranker: a CTR model (ec-train ctr) re-scores the best
 *      --rerank-depth candidates of steps 1-3 (after the stock and seen
 *      filters), each as a record of the fields ec-features samples
 *      writes (user, item, category, price_bucket, hour, weekday,
 *      hist_items, hist_cats), before promotions and rules;
 *   5. greedy pick best first under --max-per-category, then popular
 *      items fill what is left.
 * Each item carries its reason. Users come out in order of first
 * appearance in the history (or of --users).
 *
 * --serve keeps the model and histories in memory and answers one JSON
 * request per line of stdin, flushing each answer, as a co-process.
 */
#include "ec_buf.h"
#include "ec_cf.h"
#include "ec_cli.h"
#include "ec_ctr.h"
#include "ec_features.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_rules.h"
#include "ec_schema.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_time.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
"usage: ec-recommend -m MODEL [-q] [-k N] [-o FILE] [--users FILE] [--include-seen]\n"
"                    [--catalog FILE] [--promo-boost X] [--max-per-category N]\n"
"                    [--rules FILE] [--at TS] [--recent FILE] [--recent-weight X]\n"
"                    [--ranker MODEL] [--rerank-depth N] [--ranker-weight W]\n"
"                    [--serve] [--shard I/N] [--if FMT] [--rejects FILE]\n"
"                    [--max-errors N] [HISTORY ...]\n"
"\n"
"Top-K recommendations for every user of the history (canonical events; stdin\n"
"when no HISTORY is given, except with --serve) or of --users, as JSONL\n"
"{\"user\":...,\"items\":[{\"item\":...,\"score\":...,\"reason\":...}]}.\n"
"\n"
"Options:\n"
"  -m, --model MODEL        a cf model of ec-train (itemknn, ease, als, pop)\n"
"  -k N                     items per user (default 20)\n"
"  -o, --output FILE        write to FILE atomically (.zst/.gz compresses)\n"
"      --users FILE         only these users, in this order (a table with a\n"
"                           user column); users without history get popular items\n"
"      --include-seen       keep items the user already interacted with\n"
"      --catalog FILE       item table (item, category, stock, promo): drop items\n"
"                           whose stock is 0 or less, know categories and promotions\n"
"      --promo-boost X      multiply the score of promoted items by X (default 1)\n"
"      --max-per-category N at most N items of one category per user\n"
"      --rules FILE         business rules (JSON, the format of ec-rules(1)) that\n"
"                           add or boost items when a user bought or viewed others\n"
"      --at TS              time for the rules' validity windows (default: now)\n"
"      --recent FILE        the users' latest events (e.g. the last 30 minutes):\n"
"                           blend recommendations toward them\n"
"      --recent-weight X    share of the recent events in the blend (default 0.5)\n"
"      --ranker MODEL       re-score the best candidates by a ctr model of\n"
"                           ec-train (score = its click probability)\n"
"      --rerank-depth N     candidates the ranker re-scores (default max(100, 5 K))\n"
"      --ranker-weight W    score = W p + (1 - W) s, s the min-max normalised\n"
"                           model score of those candidates (default 1)\n"
"      --serve              answer JSON requests on stdin, one per line:\n"
"                           {\"user\":..., \"recent\":[...], \"k\":...}\n"
"      --shard I/N          only users whose id hashes to shard I of N (0 <= I < N)\n"
"      --if FMT             history format: csv, tsv, jsonl (default: detected)\n"
"      --rejects FILE       write bad records there as JSONL and go on\n"
"      --max-errors N       fail when more than N records are bad\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-recommend(1).\n";

enum {
	OPT_USERS = 256, OPT_SEEN, OPT_CATALOG, OPT_PROMO, OPT_MAXCAT, OPT_RULES, OPT_AT,
	OPT_RECENT, OPT_RECENTW, OPT_SERVE, OPT_SHARD, OPT_IF, OPT_REJECTS, OPT_MAXERR,
	OPT_RANKER, OPT_RDEPTH, OPT_RWEIGHT,
};

static const struct option longopts[] = {
	{ "model", required_argument, 0, 'm' },
	{ "output", required_argument, 0, 'o' },
	{ "users", required_argument, 0, OPT_USERS },
	{ "include-seen", no_argument, 0, OPT_SEEN },
	{ "catalog", required_argument, 0, OPT_CATALOG },
	{ "promo-boost", required_argument, 0, OPT_PROMO },
	{ "max-per-category", required_argument, 0, OPT_MAXCAT },
	{ "rules", required_argument, 0, OPT_RULES },
	{ "at", required_argument, 0, OPT_AT },
	{ "recent", required_argument, 0, OPT_RECENT },
	{ "recent-weight", required_argument, 0, OPT_RECENTW },
	{ "ranker", required_argument, 0, OPT_RANKER },
	{ "rerank-depth", required_argument, 0, OPT_RDEPTH },
	{ "ranker-weight", required_argument, 0, OPT_RWEIGHT },
	{ "serve", no_argument, 0, OPT_SERVE },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "if", required_argument, 0, OPT_IF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* An item the history or a rule names: its model index (-1: unknown to the
 * model) and category id (-1: unknown). */
struct hitem {
	long midx;
	int32_t cat;
	uint32_t idx;   /* its own position in the map */
};

/* One event of a history, reduced. */
struct hev {
	uint32_t user, item;  /* indices into users / items maps */
	int64_t ts;
	float w;
	unsigned char bought;
};

/* Events grouped by user (counting sort): user u's are ev[ord[start[u]..start[u+1])]. */
struct hist {
	struct hev *ev;
	size_t n, cap;
	int64_t tmax;
	size_t *start, *ord;
};

struct cand {
	const char *name;    /* item id */
	long midx;           /* model index or -1 */
	int32_t cat;
	double score;
	struct ec_buf reason;
};

/* What a field of the ranker's records holds (ec-features samples' columns). */
enum rfield {
	RF_EMPTY, RF_USER, RF_ITEM, RF_CATEGORY, RF_PRICEB, RF_HOUR, RF_WEEKDAY, RF_HITEMS,
	RF_HCATS, RF_CATALOG,
};

struct app {
	/* options */
	size_t k;
	int include_seen, quiet, serve;
	double promo_boost, recent_w;
	long max_per_cat;
	int64_t at;
	struct ec_shard shard;
	struct ec_reader_opts ro;
	long long max_errors;
	struct ec_rejects rej;
	uint64_t nread;

	/* model and what it knows */
	struct ec_cf_model m;
	double weights[EC_CF_NKINDS];
	double half_life;
	struct ec_strmap *users;   /* user id -> uint32 */
	struct ec_strmap *items;   /* item id -> struct hitem (history, rules, catalog) */
	struct ec_strmap *cats;    /* category -> int32 */
	int32_t *mcat;             /* category of model item j, -1 unknown */
	unsigned char *mout;       /* model item j is out of stock */
	unsigned char *mpromo;     /* model item j is promoted */
	int has_catalog;
	struct ec_brules br;
	struct hist h, rc;         /* history and recent events */

	/* per-user work */
	struct ec_cf_scorer sc, sc2;   /* long-term and recent */
	uint32_t *poporder;            /* items by popularity, best first */
	uint32_t *masked;              /* items set in sc.mask for this user */
	size_t nmasked, maskcap;
	uint32_t *hidx, *ridx, *topi;
	float *hw, *rw;
	double *topv;
	size_t hcap;
	struct cand *cand;
	size_t ncand, candcap;
	struct ec_strmap *candset; /* item id -> size_t index into cand */
	long *catcount;
	size_t ncatcount;
	const char **bought, **viewed, **hcats;
	size_t nbought, nviewed, nhcats, ctxcap;
	struct ec_buf out;
	struct ec_strmap *hcatset;

	/* --ranker */
	struct ec_ctr *ranker;
	size_t rdepth, rdepth_opt, nrf, rseq;
	double rweight;
	enum rfield *rf;
	struct ec_strmap **rcol;   /* RF_CATALOG / RF_PRICEB: item id -> char * */
	const char **rv;
	size_t *rl;
	double *rp;
	size_t rpcap;
	int64_t rts;               /* time of hour/weekday */
	char rhour[8], rwday[8];
	struct ec_buf rhi, rhc;    /* hist_items, hist_cats */
	uint64_t *rkey;
	size_t rkeycap;

	uint64_t nusers, ncold;
};

static void oom(void)
{
	ec_die("out of memory");
}

static uint32_t user_id(struct app *a, const char *s, size_t n)
{
	int isnew;
	uint32_t *v = ec_strmap_put(a->users, s, n, &isnew);
	if (!v)
		oom();
	if (isnew)
		*v = (uint32_t)(ec_strmap_size(a->users) - 1);
	return *v;
}

static int32_t cat_id(struct app *a, const char *s, size_t n)
{
	int isnew;
	int32_t *v = ec_strmap_put(a->cats, s, n, &isnew);
	if (!v)
		oom();
	if (isnew)
		*v = (int32_t)(ec_strmap_size(a->cats) - 1);
	return *v;
}

static uint32_t item_id(struct app *a, const char *s, size_t n)
{
	int isnew;
	size_t before = ec_strmap_size(a->items);
	struct hitem *v = ec_strmap_put(a->items, s, n, &isnew);
	if (!v)
		oom();
	if (isnew) {
		v->midx = ec_cf_item(&a->m, s, n);
		v->cat = v->midx >= 0 ? a->mcat[v->midx] : -1;
		v->idx = (uint32_t)before;
	}
	return v->idx;
}

static struct hitem *item_at(struct app *a, uint32_t i)
{
	return ec_strmap_val(a->items, i);
}

/* ---- inputs ---- */

static struct ec_reader *open_input(struct app *a, const char *const *paths, size_t n)
{
	char err[1024];
	struct ec_reader *r;
	if (ec_reader_open(&r, paths, n, &a->ro, err, sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

/* Read events into h; categories of events fill in the items' when the
 * catalog has none. */
static void read_events(struct app *a, struct hist *h, const char *const *paths, size_t npaths)
{
	struct ec_reader *r = open_input(a, paths, npaths);
	int col[EC_EV_NCOLS];
	for (int k = 0; k < EC_EV_NCOLS; k++)
		col[k] = -1;
	size_t resolved = 0;
	struct ec_record rec;
	char why[256];
	int k;
	h->tmax = INT64_MIN;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if ((a->nread & 0xffff) == 0)
			ec_progress(a->nread, (uint64_t)ec_reader_bytes(r));
		if (k == EC_READ_BAD) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
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
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
			continue;
		}
		/* --shard: the other shards' events still give items their
		 * categories and the time the history decays from */
		int mine = ec_shard_mine(&a->shard, e.f[EC_EV_USER], e.n[EC_EV_USER]);
		/* every user seen gets an answer, even one whose events all weigh 0 */
		uint32_t u = mine ? user_id(a, e.f[EC_EV_USER], e.n[EC_EV_USER]) : 0;
		if (e.kind < 0 || e.kind >= EC_CF_NKINDS || a->weights[e.kind] <= 0 ||
		    !e.f[EC_EV_ITEM] || !e.n[EC_EV_ITEM])
			continue;
		uint32_t it = item_id(a, e.f[EC_EV_ITEM], e.n[EC_EV_ITEM]);
		struct hitem *hi = item_at(a, it);
		if (hi->cat < 0 && e.f[EC_EV_CATEGORY] && e.n[EC_EV_CATEGORY]) {
			hi->cat = cat_id(a, e.f[EC_EV_CATEGORY], e.n[EC_EV_CATEGORY]);
			hi = item_at(a, it);
			if (hi->midx >= 0 && a->mcat[hi->midx] < 0)
				a->mcat[hi->midx] = hi->cat;
		}
		if (e.ts > h->tmax)
			h->tmax = e.ts;
		if (!mine)
			continue;
		if (h->n == h->cap) {
			h->cap = h->cap ? 2 * h->cap : 4096;
			h->ev = realloc(h->ev, h->cap * sizeof *h->ev);
			if (!h->ev)
				oom();
		}
		h->ev[h->n++] = (struct hev){ u, it, e.ts, (float)a->weights[e.kind],
		                              e.kind == EC_KIND_PURCHASE };
	}
	ec_progress_done();
	ec_reader_close(r);
}

/* Group h's events by user (users known so far). */
static void group(struct app *a, struct hist *h)
{
	size_t nu = ec_strmap_size(a->users);
	free(h->start);
	free(h->ord);
	h->start = calloc(nu + 1, sizeof *h->start);
	h->ord = malloc((h->n + 1) * sizeof *h->ord);
	if (!h->start || !h->ord)
		oom();
	for (size_t i = 0; i < h->n; i++)
		h->start[h->ev[i].user + 1]++;
	for (size_t u = 0; u < nu; u++)
		h->start[u + 1] += h->start[u];
	size_t *fill = malloc((nu + 1) * sizeof *fill);
	if (!fill)
		oom();
	memcpy(fill, h->start, (nu + 1) * sizeof *fill);
	for (size_t i = 0; i < h->n; i++)
		h->ord[fill[h->ev[i].user]++] = i;
	free(fill);
}

static int truthy(const char *s, size_t n)
{
	if (!s || !n)
		return 0;
	if ((n == 4 && !strncasecmp(s, "true", 4)) || (n == 3 && !strncasecmp(s, "yes", 3)))
		return 1;
	double v;
	return ec_num_parse(s, n, &v) == 0 && v > 0;
}

static void read_catalog(struct app *a, const char *path)
{
	const char *paths[1] = { path };
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	char err[1024];
	struct ec_reader *r;
	if (ec_reader_open(&r, paths, 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		int ci = ec_reader_col(r, "item");
		if (ci < 0)
			ec_die("%s:%ld: no 'item' column (the Catalog table: item, category, stock, "
			       "promo)", rec.source, rec.line);
		int cc = ec_reader_col(r, "category"), cs = ec_reader_col(r, "stock"),
		    cp = ec_reader_col(r, "promo");
#define FIELD(c) ((c) >= 0 && (size_t)(c) < rec.nfields && rec.val[c] && rec.len[c] ? rec.val[c] : NULL)
		const char *item = FIELD(ci), *cat = FIELD(cc), *stock = FIELD(cs), *promo = FIELD(cp);
		if (!item)
			ec_die("%s:%ld: missing item", rec.source, rec.line);
		uint32_t it = item_id(a, item, strlen(item));
		struct hitem *hi = item_at(a, it);
		if (cat) {
			int32_t c = cat_id(a, cat, strlen(cat));
			hi = item_at(a, it);
			hi->cat = c;
			if (hi->midx >= 0)
				a->mcat[hi->midx] = c;
		}
		double sv = 1;
		if (stock && ec_num_parse(stock, strlen(stock), &sv) < 0)
			ec_die("%s:%ld: stock '%s' is not a number", rec.source, rec.line, stock);
		if (hi->midx >= 0) {
			a->mout[hi->midx] = sv <= 0;
			a->mpromo[hi->midx] = promo && truthy(promo, strlen(promo));
		}
		/* the catalog columns the ranker reads, by the item's id */
		for (size_t f = 0; f < a->nrf; f++) {
			if (a->rf[f] != RF_CATALOG && a->rf[f] != RF_PRICEB)
				continue;
			const char *name = a->rf[f] == RF_PRICEB ? "price" : ec_ctr_field(a->ranker, f);
			const char *v = FIELD(ec_reader_col(r, name));
			if (!v)
				continue;
			char pb[24];
			if (a->rf[f] == RF_PRICEB) {
				double pr;
				if (ec_num_parse(v, strlen(v), &pr) < 0 || pr < 0)
					ec_die("%s:%ld: price '%s' is not a number >= 0", rec.source,
					       rec.line, v);
				snprintf(pb, sizeof pb, "%d", ec_price_bucket(pr));
				v = pb;
			}
			int isnew;
			char **slot = ec_strmap_put(a->rcol[f], item, strlen(item), &isnew);
			if (!slot)
				oom();
			if (!isnew)
				free(*slot);
			if (!(*slot = strdup(v)))
				oom();
		}
#undef FIELD
	}
	ec_reader_close(r);
	a->has_catalog = 1;
}

/* ---- one user ---- */

static void grow_hist(struct app *a, size_t n)
{
	if (n <= a->hcap)
		return;
	size_t c = n > 2 * a->hcap ? n : 2 * a->hcap;
	a->hidx = realloc(a->hidx, c * sizeof *a->hidx);
	a->ridx = realloc(a->ridx, c * sizeof *a->ridx);
	a->hw = realloc(a->hw, c * sizeof *a->hw);
	a->rw = realloc(a->rw, c * sizeof *a->rw);
	a->bought = realloc(a->bought, c * sizeof *a->bought);
	a->viewed = realloc(a->viewed, c * sizeof *a->viewed);
	a->hcats = realloc(a->hcats, c * sizeof *a->hcats);
	if (!a->hidx || !a->ridx || !a->hw || !a->rw || !a->bought || !a->viewed || !a->hcats)
		oom();
	a->hcap = c;
}

static int cmp_u32w(const void *x, const void *y)
{
	const uint64_t *p = x, *q = y;
	return (*p > *q) - (*p < *q);
}

/* A user's events of h as model-item weights (summed per item, decayed
 * from h->tmax), into idx/w; returns how many. Also marks seen items and,
 * for the rules, lists bought and viewed items and their categories. */
static size_t user_items(struct app *a, const struct hist *h, uint32_t u, uint32_t *idx,
                         float *w, int context)
{
	if (!h->start || u + 1 > ec_strmap_size(a->users) || !h->n)
		return 0;
	size_t b = h->start[u], e = h->start[u + 1], n = 0;
	if (e == b)
		return 0;
	grow_hist(a, e - b);
	/* pack (model idx, event position) to sort by item */
	uint64_t *key = malloc((e - b) * sizeof *key);
	if (!key)
		oom();
	for (size_t q = b; q < e; q++) {
		const struct hev *ev = &h->ev[h->ord[q]];
		const struct hitem *hi = item_at(a, ev->item);
		if (context) {
			size_t kl;
			const char *name = ec_strmap_key(a->items, ev->item, &kl);
			if (ev->bought)
				a->bought[a->nbought++] = name;
			else
				a->viewed[a->nviewed++] = name;
			if (hi->cat >= 0) {
				size_t cl;
				const char *cn = ec_strmap_key(a->cats, (size_t)hi->cat, &cl);
				int isnew;
				if (!ec_strmap_put(a->hcatset, cn, cl, &isnew))
					oom();
				if (isnew)
					a->hcats[a->nhcats++] = cn;
			}
		}
		if (hi->midx < 0)
			continue;
		key[n++] = (uint64_t)hi->midx << 32 | (uint64_t)(q - b);
	}
	qsort(key, n, sizeof *key, cmp_u32w);
	size_t m = 0;
	for (size_t q = 0; q < n; q++) {
		uint32_t j = (uint32_t)(key[q] >> 32);
		const struct hev *ev = &h->ev[h->ord[b + (uint32_t)key[q]]];
		double f = a->half_life > 0 ? exp2(-(double)(h->tmax - ev->ts) / a->half_life) : 1;
		float wv = (float)(ev->w * f);
		if (m && idx[m - 1] == j) {
			w[m - 1] += wv;
		} else {
			idx[m] = j;
			w[m++] = wv;
		}
	}
	free(key);
	return m;
}

static struct cand *add_cand(struct app *a, const char *name, long midx, int32_t cat,
                             double score)
{
	int isnew;
	size_t *slot = ec_strmap_put(a->candset, name, strlen(name), &isnew);
	if (!slot)
		oom();
	if (!isnew)
		return &a->cand[*slot];
	if (a->ncand == a->candcap) {
		size_t c = a->candcap ? 2 * a->candcap : 256;
		a->cand = realloc(a->cand, c * sizeof *a->cand);
		if (!a->cand)
			oom();
		for (size_t i = a->candcap; i < c; i++)
			ec_buf_init(&a->cand[i].reason);
		a->candcap = c;
	}
	*slot = a->ncand;
	struct cand *c = &a->cand[a->ncand++];
	c->name = name;
	c->midx = midx;
	c->cat = cat;
	c->score = score;
	ec_buf_reset(&c->reason);
	return c;
}

static void set_reason(struct cand *c, const char *fmt, const char *arg)
{
	ec_buf_reset(&c->reason);
	if (ec_buf_addf(&c->reason, fmt, arg) < 0)
		oom();
}

static void add_reason(struct cand *c, const char *what, const char *arg)
{
	if (ec_buf_addf(&c->reason, "%s%s%s", c->reason.len ? "; " : "", what, arg) < 0)
		oom();
}

static double boosted(double s, double f)
{
	return s >= 0 ? s * f : s / f;
}

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;
	if (p->score != q->score)
		return p->score < q->score ? 1 : -1;
	return strcmp(p->name, q->name);
}

/* The model's reason for item j given history hist. */
static void model_reason(struct app *a, struct cand *c, const uint32_t *hist, const float *w,
                         size_t nh, const char *prefix)
{
	int kind = a->m.p.kind;
	if (kind == EC_CF_POP || nh == 0) {
		set_reason(c, "%spopular", prefix);
		return;
	}
	long e = ec_cf_explain(&a->m, hist, w, nh, (uint32_t)c->midx);
	if (e >= 0) {
		ec_buf_reset(&c->reason);
		if (ec_buf_addf(&c->reason, "%ssimilar to %s", prefix,
		                ec_cf_item_name(&a->m, hist[e])) < 0)
			oom();
	} else {
		ec_buf_reset(&c->reason);
		if (ec_buf_addf(&c->reason, "%s%s", prefix,
		                kind == EC_CF_ALS ? "matches the user's tastes (als)" : "model") < 0)
			oom();
	}
}

/* Write {"user":...,"items":[...]} for the first npick candidates. */
static void emit(struct app *a, const char *user, size_t ulen, const struct cand *pick,
                 size_t npick, const char *error)
{
	struct ec_buf *o = &a->out;
	if (ec_buf_adds(o, "{\"user\":") < 0 || ec_json_quote(o, user, ulen) < 0)
		oom();
	if (error) {
		if (ec_buf_adds(o, ",\"error\":") < 0 || ec_json_quote(o, error, strlen(error)) < 0 ||
		    ec_buf_adds(o, "}\n") < 0)
			oom();
		return;
	}
	if (ec_buf_adds(o, ",\"items\":[") < 0)
		oom();
	for (size_t i = 0; i < npick; i++) {
		char num[EC_NUM_LEN];
		snprintf(num, sizeof num, "%.6g", pick[i].score);
		if (ec_buf_adds(o, i ? ",{\"item\":" : "{\"item\":") < 0 ||
		    ec_json_quote(o, pick[i].name, strlen(pick[i].name)) < 0 ||
		    ec_buf_addf(o, ",\"score\":%s,\"reason\":", num) < 0 ||
		    ec_json_quote(o, pick[i].reason.data, pick[i].reason.len) < 0 ||
		    ec_buf_addc(o, '}') < 0)
			oom();
	}
	if (ec_buf_adds(o, "]}\n") < 0)
		oom();
}

/* Exclude item j for this user (undone by unmask_all). */
static void mask_item(struct app *a, uint32_t j)
{
	if (a->sc.mask[j])
		return;
	if (a->nmasked == a->maskcap) {
		a->maskcap = a->maskcap ? 2 * a->maskcap : 1024;
		a->masked = realloc(a->masked, a->maskcap * sizeof *a->masked);
		if (!a->masked)
			oom();
	}
	a->sc.mask[j] = 1;
	a->masked[a->nmasked++] = j;
}

/* Back to the mask of every user: the out-of-stock items. */
static void unmask_all(struct app *a)
{
	for (size_t q = 0; q < a->nmasked; q++)
		a->sc.mask[a->masked[q]] = 0;
	a->nmasked = 0;
}

/* The best C unmasked items of scorer s (its reached items only when it
 * knows them), into a->topi/topv. */
static size_t best_of(struct app *a, const struct ec_cf_scorer *s, const unsigned char *mask,
                      size_t C)
{
	if (s->sparse)
		return ec_cf_topk_among(s->score, mask, s->touched, s->ntouched, C, a->topi, a->topv);
	return ec_cf_topk(s->score, mask, a->m.n, C, a->topi, a->topv);
}

/* The C most popular unmasked items, walking the popularity order. */
static size_t popular(struct app *a, const unsigned char *mask, size_t C)
{
	size_t m = 0;
	for (size_t q = 0; q < a->m.n && m < C; q++) {
		uint32_t j = a->poporder[q];
		if (mask[j])
			continue;
		a->topi[m] = j;
		a->topv[m++] = a->m.pop[j];
	}
	return m;
}

static int reranking(const struct app *a)
{
	return a->has_catalog || a->br.n || a->max_per_cat > 0 || a->recent_w > 0;
}

/* ---- ranking stage (--ranker) ---- */

/* Newest first: by time, then by position in the input (later = newer). */
static int cmp_key_desc(const void *x, const void *y)
{
	const uint64_t *p = x, *q = y;
	return (*p < *q) - (*p > *q);
}

/* Append one history list's events of user u to a->rkey[*m..] as sort
 * keys: time (seconds, 34 bits), which list (1 bit: recent after history
 * on equal times), position in the list (29 bits). */
static void hist_keys(struct app *a, const struct hist *h, uint32_t u, int which, size_t *m)
{
	if (!h->start || u == UINT32_MAX || u + 1 > ec_strmap_size(a->users) || !h->n)
		return;
	for (size_t q = h->start[u]; q < h->start[u + 1]; q++) {
		size_t e = h->ord[q];
		if (*m == a->rkeycap) {
			a->rkeycap = a->rkeycap ? 2 * a->rkeycap : 256;
			a->rkey = realloc(a->rkey, a->rkeycap * sizeof *a->rkey);
			if (!a->rkey)
				oom();
		}
		/* seconds since 1970 fit 34 bits until 2514; position 29 bits,
		 * recent events after the history on equal times */
		uint64_t t = h->ev[e].ts > 0 ? (uint64_t)h->ev[e].ts : 0;
		a->rkey[(*m)++] = t << 30 | (uint64_t)which << 29 | (e & 0x1fffffff);
	}
}

/* Append one history item (and its category, -1 none) to hist_items and
 * hist_cats, each up to the model's sequence length; *ni, *nc count them. */
static void hist_push(struct app *a, const char *name, int32_t cat, size_t *ni, size_t *nc)
{
	if (*ni < a->rseq) {
		if (ec_buf_addf(&a->rhi, "%s%s", *ni ? " " : "", name) < 0)
			oom();
		++*ni;
	}
	if (cat >= 0 && *nc < a->rseq) {
		size_t cl;
		const char *cn = ec_strmap_key(a->cats, (size_t)cat, &cl);
		if (ec_buf_addf(&a->rhc, "%s%s", *nc ? " " : "", cn) < 0)
			oom();
		++*nc;
	}
}

/* hist_items and hist_cats of user u: the items (and the categories of
 * those with one) of the user's history and recent events, newest first,
 * at most the model's sequence length each, after the request's recent
 * items xr[0..nx) (the last the newest). */
static void ranker_history(struct app *a, uint32_t u, const uint32_t *xr, size_t nx)
{
	ec_buf_reset(&a->rhi);
	ec_buf_reset(&a->rhc);
	size_t ni = 0, nc = 0, m = 0;
	for (size_t i = nx; i-- > 0 && (ni < a->rseq || nc < a->rseq);)
		hist_push(a, ec_cf_item_name(&a->m, xr[i]), a->mcat[xr[i]], &ni, &nc);
	hist_keys(a, &a->h, u, 0, &m);
	hist_keys(a, &a->rc, u, 1, &m);
	qsort(a->rkey, m, sizeof *a->rkey, cmp_key_desc);
	for (size_t q = 0; q < m && (ni < a->rseq || nc < a->rseq); q++) {
		const struct hist *h = (a->rkey[q] >> 29 & 1) ? &a->rc : &a->h;
		const struct hev *ev = &h->ev[a->rkey[q] & 0x1fffffff];
		size_t kl;
		hist_push(a, ec_strmap_key(a->items, ev->item, &kl), item_at(a, ev->item)->cat, &ni,
		          &nc);
	}
}

/*
 * Re-score the best a->rdepth candidates by the ranker: score = W p +
 * (1 - W) s, p the click probability, s the candidate's score min-max
 * normalised over those candidates (1 when they are all equal). The
 * candidates below the depth keep their order under the lowest new score.
 * Returns the best new score.
 */
static double rerank(struct app *a, const char *user, size_t ulen, uint32_t u,
                     const uint32_t *xr, size_t nx)
{
	if (a->ncand > 1)
		qsort(a->cand, a->ncand, sizeof *a->cand, cand_cmp);
	/* the candidates moved: reindex them */
	ec_strmap_clear(a->candset);
	for (size_t i = 0; i < a->ncand; i++) {
		size_t *slot = ec_strmap_put(a->candset, a->cand[i].name, strlen(a->cand[i].name),
		                             NULL);
		if (!slot)
			oom();
		*slot = i;
	}
	size_t D = a->ncand < a->rdepth ? a->ncand : a->rdepth;
	if (D == 0)
		return 0;
	ranker_history(a, u, xr, nx);
	char err[512];
	for (size_t i = 0; i < D; i++) {
		struct cand *c = &a->cand[i];
		for (size_t f = 0; f < a->nrf; f++) {
			const char *v = NULL;
			size_t l = 0;
			switch (a->rf[f]) {
			case RF_USER: v = user; l = ulen; break;
			case RF_ITEM: v = c->name; l = strlen(v); break;
			case RF_CATEGORY:
				if (c->cat >= 0)
					v = ec_strmap_key(a->cats, (size_t)c->cat, &l);
				break;
			case RF_HOUR: v = a->rhour; l = strlen(v); break;
			case RF_WEEKDAY: v = a->rwday; l = strlen(v); break;
			case RF_HITEMS: v = a->rhi.data; l = a->rhi.len; break;
			case RF_HCATS: v = a->rhc.data; l = a->rhc.len; break;
			case RF_CATALOG:
			case RF_PRICEB: {
				char *const *cv = ec_strmap_get(a->rcol[f], c->name, strlen(c->name));
				if (cv) {
					v = *cv;
					l = strlen(v);
				}
				break;
			}
			case RF_EMPTY: break;
			}
			a->rv[f] = v;
			a->rl[f] = v ? l : 0;
		}
		if (ec_ctr_queue(a->ranker, a->rv, a->rl, err, sizeof err) < 0)
			ec_die("--ranker: %s", err);
	}
	if (D > a->rpcap) {
		a->rpcap = D;
		a->rp = realloc(a->rp, D * sizeof *a->rp);
		if (!a->rp)
			oom();
	}
	if (ec_ctr_score_queued(a->ranker, a->rp, err, sizeof err) < 0)
		ec_die("--ranker: %s", err);
	double smax = a->cand[0].score, smin = a->cand[D - 1].score;
	double best = -INFINITY, low = INFINITY;
	for (size_t i = 0; i < D; i++) {
		struct cand *c = &a->cand[i];
		double s = smax > smin ? (c->score - smin) / (smax - smin) : 1;
		c->score = a->rweight * a->rp[i] + (1 - a->rweight) * s;
		if (c->score > best)
			best = c->score;
		if (c->score < low)
			low = c->score;
		add_reason(c, "ranked by ctr", "");
	}
	for (size_t i = D; i < a->ncand; i++)
		a->cand[i].score = low - 1e-9 * (double)(i - D + 1);
	return best;
}

/*
 * Recommend for one user: u is an index into a->users or UINT32_MAX for a
 * user never seen; extra recent items (serve mode) in xr/xw[0..nx) as
 * model indices. Appends the answer to a->out.
 */
static void recommend(struct app *a, const char *user, size_t ulen, uint32_t u, size_t k,
                      const uint32_t *xr, const float *xw, size_t nx, int has_recent)
{
	size_t n = a->m.n;
	a->nbought = a->nviewed = a->nhcats = 0;
	ec_strmap_clear(a->hcatset);
	size_t nh = 0, nr = 0;
	if (u != UINT32_MAX) {
		size_t need = (a->h.start ? a->h.start[u + 1] - a->h.start[u] : 0) +
		              (a->rc.start ? a->rc.start[u + 1] - a->rc.start[u] : 0) + nx + 1;
		grow_hist(a, need);
		nh = user_items(a, &a->h, u, a->hidx, a->hw, 1);
		if (has_recent)
			nr = user_items(a, &a->rc, u, a->ridx, a->rw, 1);
	} else {
		grow_hist(a, nx + 1);
	}
	for (size_t i = 0; i < nx; i++) {
		a->ridx[nr] = xr[i];
		a->rw[nr++] = xw[i];
	}
	a->ncand = 0;
	ec_strmap_clear(a->candset);
	unsigned char *mask = a->sc.mask;
	unmask_all(a);
	if (!a->include_seen) {
		for (size_t i = 0; i < nh; i++)
			mask_item(a, a->hidx[i]);
		for (size_t i = 0; i < nr; i++)
			mask_item(a, a->ridx[i]);
	}
	int cold = nh == 0 && nr == 0;
	if (cold)
		a->ncold++;
	size_t C = reranking(a) ? (10 * k > 200 ? 10 * k : 200) : k;
	if (a->ranker)
		a->rdepth = a->rdepth_opt ? a->rdepth_opt : (5 * k > 100 ? 5 * k : 100);
	if (a->ranker && C < a->rdepth)
		C = a->rdepth;
	if (C > n)
		C = n;
	/* long-term scores */
	double best = 0;
	size_t nt = 0;
	if (nh > 0 && a->m.p.kind != EC_CF_POP) {
		if (ec_cf_score(&a->m, &a->sc, a->hidx, a->hw, nh) < 0) {
			emit(a, user, ulen, NULL, 0, "the model cannot fold in this history");
			return;
		}
		nt = best_of(a, &a->sc, mask, C);
		best = nt ? fabs(a->topv[0]) : 0;
		for (size_t i = 0; i < nt; i++) {
			uint32_t j = a->topi[i];
			struct cand *c = add_cand(a, ec_cf_item_name(&a->m, j), j, a->mcat[j], a->topv[i]);
			model_reason(a, c, a->hidx, a->hw, nh, "");
		}
	} else if (!cold && nr == 0) {
		/* the pop model */
		nt = popular(a, mask, C);
		best = nt ? fabs(a->topv[0]) : 0;
		for (size_t i = 0; i < nt; i++) {
			uint32_t j = a->topi[i];
			struct cand *c = add_cand(a, ec_cf_item_name(&a->m, j), j, a->mcat[j], a->topv[i]);
			set_reason(c, "%s", "popular");
		}
	}
	/* session blend */
	if (nr > 0 && a->m.p.kind != EC_CF_POP) {
		double rw = nh > 0 ? a->recent_w : 1;
		if (ec_cf_score(&a->m, &a->sc2, a->ridx, a->rw, nr) < 0) {
			emit(a, user, ulen, NULL, 0, "the model cannot fold in this history");
			return;
		}
		size_t nrt = best_of(a, &a->sc2, mask, C);
		double rbest = nrt ? fabs(a->topv[0]) : 0;
		for (size_t i = 0; i < nrt; i++) {
			uint32_t j = a->topi[i];
			struct cand *c = add_cand(a, ec_cf_item_name(&a->m, j), j, a->mcat[j], 0);
			if (!c->reason.len)
				model_reason(a, c, a->ridx, a->rw, nr, "recent: ");
		}
		for (size_t i = 0; i < a->ncand; i++) {
			struct cand *c = &a->cand[i];
			double lt = nh > 0 ? a->sc.score[c->midx] : 0, rs = a->sc2.score[c->midx];
			lt = isfinite(lt) && best > 0 ? lt / best : 0;
			rs = isfinite(rs) && rbest > 0 ? rs / rbest : 0;
			c->score = (1 - rw) * lt + rw * rs;
		}
		best = 1;
	}
	if (cold || (nr > 0 && nh == 0 && a->m.p.kind == EC_CF_POP)) {
		nt = popular(a, mask, C);
		best = nt ? fabs(a->topv[0]) : 0;
		for (size_t i = 0; i < nt; i++) {
			uint32_t j = a->topi[i];
			struct cand *c = add_cand(a, ec_cf_item_name(&a->m, j), j, a->mcat[j], a->topv[i]);
			set_reason(c, "%s", cold ? "popular (no history)" : "popular");
		}
	}
	/* ranking stage */
	if (a->ranker)
		best = rerank(a, user, ulen, u, xr, nx);
	/* promotions */
	for (size_t i = 0; a->has_catalog && a->promo_boost != 1 && i < a->ncand; i++) {
		struct cand *c = &a->cand[i];
		if (c->midx >= 0 && a->mpromo[c->midx]) {
			c->score = boosted(c->score, a->promo_boost);
			add_reason(c, "promoted", "");
		}
	}
	/* business rules */
	if (a->br.n) {
		struct ec_bctx ctx = {
			NULL, 0, a->hcats, a->nhcats, a->bought, a->nbought, a->viewed, a->nviewed,
			NULL, 0, 0, a->at,
		};
		double unit = best > 0 ? best : 1;
		for (size_t r = 0; r < a->br.n; r++) {
			const struct ec_brule *br = &a->br.r[r];
			if (!ec_brule_matches(br, &ctx))
				continue;
			for (size_t i = 0; i < br->recommend.n; i++) {
				const char *name = br->recommend.v[i];
				uint32_t it = item_id(a, name, strlen(name));
				const struct hitem *hi = item_at(a, it);
				if (hi->midx >= 0 && mask[hi->midx])
					continue; /* seen or out of stock */
				size_t kl;
				const char *key = ec_strmap_key(a->items, it, &kl);
				size_t before = a->ncand;
				struct cand *c = add_cand(a, key, hi->midx, hi->cat, br->score * unit);
				if (a->ncand > before)
					ec_buf_reset(&c->reason);
				else if (c->score < br->score * unit)
					c->score = br->score * unit;
				add_reason(c, "rule ", br->id);
			}
			if (isnan(br->boost))
				continue;
			for (size_t i = 0; i < a->ncand; i++) {
				struct cand *c = &a->cand[i];
				const char *cn = NULL;
				size_t cl;
				if (c->cat >= 0)
					cn = ec_strmap_key(a->cats, (size_t)c->cat, &cl);
				int hit = 0;
				for (size_t q = 0; q < br->boost_items.n && !hit; q++)
					hit = !strcmp(br->boost_items.v[q], c->name);
				for (size_t q = 0; q < br->boost_categories.n && cn && !hit; q++)
					hit = !strcmp(br->boost_categories.v[q], cn);
				if (hit) {
					c->score = boosted(c->score, br->boost);
					add_reason(c, "boosted by rule ", br->id);
				}
			}
		}
	}
	/* pick, best first, under the category cap; popular items fill up */
	if (a->ncand > 1)
		qsort(a->cand, a->ncand, sizeof *a->cand, cand_cmp);
	size_t npick = 0;
	if (a->max_per_cat > 0 && a->catcount)
		memset(a->catcount, 0, a->ncatcount * sizeof *a->catcount);
	for (size_t i = 0; i < a->ncand && npick < k; i++) {
		struct cand *c = &a->cand[i];
		if (a->max_per_cat > 0 && c->cat >= 0) {
			if ((size_t)c->cat >= a->ncatcount) {
				size_t nc = ec_strmap_size(a->cats) + 1;
				a->catcount = realloc(a->catcount, nc * sizeof *a->catcount);
				if (!a->catcount)
					oom();
				memset(a->catcount + a->ncatcount, 0,
				       (nc - a->ncatcount) * sizeof *a->catcount);
				a->ncatcount = nc;
			}
			if (a->catcount[c->cat] >= a->max_per_cat)
				continue;
			a->catcount[c->cat]++;
		}
		if (i != npick) {
			struct cand t = a->cand[npick];
			a->cand[npick] = *c;
			*c = t;
		}
		npick++;
	}
	if (npick < k) {
		/* fill from popularity, skipping what is already there */
		for (size_t i = 0; i < npick; i++)
			if (a->cand[i].midx >= 0)
				mask_item(a, (uint32_t)a->cand[i].midx);
		for (size_t i = npick; i < a->ncand; i++)
			if (a->cand[i].midx >= 0 && a->max_per_cat <= 0)
				mask_item(a, (uint32_t)a->cand[i].midx);
		size_t want = k - npick + (a->max_per_cat > 0 ? C : 0);
		if (want > n)
			want = n;
		size_t np = popular(a, mask, want);
		size_t first_fill = a->ncand;
		for (size_t i = 0; i < np && npick < k; i++) {
			uint32_t j = a->topi[i];
			int32_t cat = a->mcat[j];
			if (a->max_per_cat > 0 && cat >= 0) {
				if ((size_t)cat >= a->ncatcount) {
					size_t nc = ec_strmap_size(a->cats) + 1;
					a->catcount = realloc(a->catcount, nc * sizeof *a->catcount);
					if (!a->catcount)
						oom();
					memset(a->catcount + a->ncatcount, 0,
					       (nc - a->ncatcount) * sizeof *a->catcount);
					a->ncatcount = nc;
				}
				if (a->catcount[cat] >= a->max_per_cat)
					continue;
				a->catcount[cat]++;
			}
			size_t before = a->ncand;
			struct cand *c = add_cand(a, ec_cf_item_name(&a->m, j), j, cat, 0);
			if (a->ncand == before)
				continue; /* a candidate the category cap left out */
			/* below every model score: the fill keeps the list's order */
			double low = npick ? a->cand[npick - 1].score : 0;
			c->score = low - 1e-6 * (double)(a->ncand - first_fill);
			set_reason(c, "%s", cold ? "popular (no history)" : "popular");
			struct cand t = a->cand[npick];
			a->cand[npick] = *c;
			*c = t;
			npick++;
		}
	}
	emit(a, user, ulen, a->cand, npick, NULL);
	a->nusers++;
}

/* ---- serve ---- */

static void serve(struct app *a)
{
	struct ec_buf line = EC_BUF_INIT;
	uint32_t *xr = NULL;
	float *xw = NULL;
	size_t xcap = 0;
	long lineno = 0;
	int ch;
	double wview = a->weights[EC_KIND_VIEW] > 0 ? a->weights[EC_KIND_VIEW] : 1;
	for (;;) {
		ec_buf_reset(&line);
		while ((ch = getchar()) != EOF && ch != '\n')
			if (ec_buf_addc(&line, (char)ch) < 0)
				oom();
		if (ch == EOF && line.len == 0)
			break;
		lineno++;
		if (line.len == 0) {
			/* one answer per request line, even an empty one: the caller
			 * reads a line for every line it wrote */
			char e0[64];
			snprintf(e0, sizeof e0, "stdin:%ld: empty request", lineno);
			ec_buf_reset(&a->out);
			emit(a, "", 0, NULL, 0, e0);
			ec_warn("%s", e0);
			if (fwrite(a->out.data, 1, a->out.len, stdout) != a->out.len ||
			    fflush(stdout) == EOF)
				ec_die("standard output: write error");
			if (ch == EOF)
				break;
			continue;
		}
		json_error_t je;
		json_t *req = json_loadb(line.data, line.len, 0, &je);
		char err[300];
		const char *uid = NULL;
		size_t ulen = 0, k = a->k, nx = 0;
		ec_buf_reset(&a->out);
		if (!req || !json_is_object(req)) {
			snprintf(err, sizeof err, "stdin:%ld: not a JSON object", lineno);
			goto bad;
		}
		json_t *ju = json_object_get(req, "user");
		if (json_is_string(ju)) {
			uid = json_string_value(ju);
			ulen = json_string_length(ju);
		} else if (json_is_integer(ju)) {
			snprintf(err, sizeof err, "%lld", (long long)json_integer_value(ju));
			uid = err;
			ulen = strlen(err);
		} else if (ju) {
			snprintf(err, sizeof err, "stdin:%ld: \"user\" is not a string", lineno);
			goto bad;
		} else {
			uid = "";
		}
		char ubuf[64];
		if (uid == err) {
			snprintf(ubuf, sizeof ubuf, "%s", err);
			uid = ubuf;
		}
		json_t *jk = json_object_get(req, "k");
		if (jk) {
			if (!json_is_integer(jk) || json_integer_value(jk) < 1 ||
			    json_integer_value(jk) > 100000) {
				snprintf(err, sizeof err, "stdin:%ld: \"k\" is not an integer in 1..100000",
				         lineno);
				goto bad;
			}
			k = (size_t)json_integer_value(jk);
		}
		json_t *jr = json_object_get(req, "recent");
		if (jr && !json_is_array(jr)) {
			snprintf(err, sizeof err, "stdin:%ld: \"recent\" is not an array", lineno);
			goto bad;
		}
		size_t nrq = jr ? json_array_size(jr) : 0;
		if (nrq > xcap) {
			xcap = nrq;
			xr = realloc(xr, xcap * sizeof *xr);
			xw = realloc(xw, xcap * sizeof *xw);
			if (!xr || !xw)
				oom();
		}
		for (size_t i = 0; i < nrq; i++) {
			json_t *e = json_array_get(jr, i), *ji = e;
			double w = wview;
			if (json_is_object(e)) {
				ji = json_object_get(e, "item");
				json_t *je2 = json_object_get(e, "event");
				if (json_is_string(je2)) {
					int kind = ec_kind_of(json_string_value(je2), json_string_length(je2));
					w = kind > 0 && kind < EC_CF_NKINDS ? a->weights[kind] : 0;
				}
			}
			if (!json_is_string(ji)) {
				snprintf(err, sizeof err, "stdin:%ld: \"recent\"[%zu] has no item", lineno,
				         i);
				goto bad;
			}
			long j = ec_cf_item(&a->m, json_string_value(ji), json_string_length(ji));
			if (j < 0 || w <= 0)
				continue;
			xr[nx] = (uint32_t)j;
			xw[nx++] = (float)w;
		}
		{
			const uint32_t *u = ulen || ju ? ec_strmap_get(a->users, uid, ulen) : NULL;
			size_t need = (10 * k > 200 ? 10 * k : 200) + k;
			if (a->ranker)
				need += a->rdepth_opt ? a->rdepth_opt : 5 * k + 100;
			if (need > a->m.n + k)
				need = a->m.n + k;
			a->topi = realloc(a->topi, (need + 1) * sizeof *a->topi);
			a->topv = realloc(a->topv, (need + 1) * sizeof *a->topv);
			if (!a->topi || !a->topv)
				oom();
			recommend(a, uid, ulen, u ? *u : UINT32_MAX, k, xr, xw, nx, 1);
		}
		goto answer;
	bad:
		emit(a, uid ? uid : "", uid ? ulen : 0, NULL, 0, err);
		ec_warn("%s", err);
	answer:
		if (req)
			json_decref(req);
		/* straight to stdout, flushed: the caller waits for this line */
		if (fwrite(a->out.data, 1, a->out.len, stdout) != a->out.len || fflush(stdout) == EOF)
			ec_die("standard output: write error");
		if (ch == EOF)
			break;
	}
	free(xr);
	free(xw);
	ec_buf_free(&line);
}

/* ---- main ---- */

static void app_free(struct app *a)
{
	ec_cf_scorer_free(&a->sc);
	ec_cf_scorer_free(&a->sc2);
	ec_cf_free(&a->m);
	ec_strmap_free(a->users);
	ec_strmap_free(a->items);
	ec_strmap_free(a->cats);
	ec_strmap_free(a->candset);
	ec_strmap_free(a->hcatset);
	free(a->mcat);
	free(a->mout);
	free(a->mpromo);
	free(a->poporder);
	free(a->masked);
	ec_brules_free(&a->br);
	struct hist *hs[2] = { &a->h, &a->rc };
	for (int i = 0; i < 2; i++) {
		free(hs[i]->ev);
		free(hs[i]->start);
		free(hs[i]->ord);
	}
	free(a->hidx);
	free(a->ridx);
	free(a->hw);
	free(a->rw);
	free(a->topi);
	free(a->topv);
	free(a->bought);
	free(a->viewed);
	free(a->hcats);
	for (size_t i = 0; i < a->candcap; i++)
		ec_buf_free(&a->cand[i].reason);
	free(a->cand);
	free(a->catcount);
	ec_buf_free(&a->out);
	for (size_t f = 0; f < a->nrf; f++) {
		if (!a->rcol[f])
			continue;
		for (size_t i = 0; i < ec_strmap_size(a->rcol[f]); i++)
			free(*(char **)ec_strmap_val(a->rcol[f], i));
		ec_strmap_free(a->rcol[f]);
	}
	free(a->rcol);
	free(a->rf);
	free(a->rv);
	free(a->rl);
	free(a->rp);
	free(a->rkey);
	ec_buf_free(&a->rhi);
	ec_buf_free(&a->rhc);
	if (a->ranker)
		ec_ctr_free(a->ranker);
}

/* Load the --ranker model and map its fields to what we know. */
static void ranker_setup(struct app *a, const char *path, int has_catalog)
{
	char err[1024];
	if (!(a->ranker = ec_ctr_load(path, err, sizeof err)))
		ec_die("--ranker: %s", err);
	a->nrf = ec_ctr_nfields(a->ranker);
	a->rf = calloc(a->nrf + 1, sizeof *a->rf);
	a->rcol = calloc(a->nrf + 1, sizeof *a->rcol);
	a->rv = calloc(a->nrf + 1, sizeof *a->rv);
	a->rl = calloc(a->nrf + 1, sizeof *a->rl);
	if (!a->rf || !a->rcol || !a->rv || !a->rl)
		oom();
	static const struct { const char *name; enum rfield f; } known[] = {
		{ "user", RF_USER }, { "item", RF_ITEM }, { "category", RF_CATEGORY },
		{ "price_bucket", RF_PRICEB }, { "hour", RF_HOUR }, { "weekday", RF_WEEKDAY },
		{ "hist_items", RF_HITEMS }, { "hist_cats", RF_HCATS },
	};
	for (size_t f = 0; f < a->nrf; f++) {
		const char *name = ec_ctr_field(a->ranker, f);
		a->rf[f] = has_catalog ? RF_CATALOG : RF_EMPTY;
		for (size_t q = 0; q < sizeof known / sizeof *known; q++)
			if (!strcmp(name, known[q].name))
				a->rf[f] = known[q].f;
		if (a->rf[f] == RF_PRICEB && !has_catalog)
			a->rf[f] = RF_EMPTY;
		if ((a->rf[f] == RF_CATALOG || a->rf[f] == RF_PRICEB) &&
		    !(a->rcol[f] = ec_strmap_new(sizeof(char *))))
			oom();
	}
	json_t *sl = json_object_get(json_object_get(ec_ctr_meta(a->ranker), "spec"), "seq_len");
	a->rseq = json_is_integer(sl) && json_integer_value(sl) > 0 ?
	          (size_t)json_integer_value(sl) : 50;
}

static void read_users(struct app *a, const char *path, struct ec_strmap *list)
{
	const char *paths[1] = { path };
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	char err[1024];
	struct ec_reader *r;
	if (ec_reader_open(&r, paths, 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		/* JSONL columns are known once a record is read */
		int cu = ec_reader_col(r, "user");
		if (cu < 0)
			ec_die("%s:%ld: no 'user' column", rec.source, rec.line);
		if ((size_t)cu >= rec.nfields || !rec.val[cu] || !rec.len[cu])
			ec_die("%s:%ld: missing user", rec.source, rec.line);
		if (!ec_shard_mine(&a->shard, rec.val[cu], rec.len[cu]))
			continue;
		if (!ec_strmap_put(list, rec.val[cu], rec.len[cu], NULL))
			oom();
	}
	ec_reader_close(r);
}

int main(int argc, char **argv)
{
	ec_cli_init("ec-recommend");
	struct app a;
	memset(&a, 0, sizeof a);
	a.k = 20;
	a.promo_boost = 1;
	a.max_errors = -1;
	a.at = (int64_t)time(NULL);
	double recent_w = 0.5;
	const char *model = NULL, *out_path = NULL, *users_path = NULL, *catalog = NULL,
	           *rules = NULL, *recent = NULL, *rejects = NULL, *ranker = NULL;
	int at_given = 0;
	a.rweight = 1;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:k:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': model = optarg; break;
		case 'k': a.k = (size_t)ec_opt_int("-k", optarg, 1, 100000); break;
		case 'o': out_path = optarg; break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_USERS: users_path = optarg; break;
		case OPT_SEEN: a.include_seen = 1; break;
		case OPT_CATALOG: catalog = optarg; break;
		case OPT_PROMO: a.promo_boost = ec_opt_double("--promo-boost", optarg, 1e-9, 1e9); break;
		case OPT_MAXCAT:
			a.max_per_cat = (long)ec_opt_int("--max-per-category", optarg, 1, 100000);
			break;
		case OPT_RULES: rules = optarg; break;
		case OPT_AT: {
			const char *why;
			if (ec_time_parse(optarg, strlen(optarg), NULL, NULL, &a.at, &why) < 0)
				ec_usage_error("--at: '%s': %s", optarg, why);
			at_given = 1;
			break;
		}
		case OPT_RECENT: recent = optarg; break;
		case OPT_RECENTW: recent_w = ec_opt_double("--recent-weight", optarg, 0, 1); break;
		case OPT_SERVE: a.serve = 1; break;
		case OPT_RANKER: ranker = optarg; break;
		case OPT_RDEPTH:
			a.rdepth_opt = (size_t)ec_opt_int("--rerank-depth", optarg, 1, 1000000);
			break;
		case OPT_RWEIGHT: a.rweight = ec_opt_double("--ranker-weight", optarg, 0, 1); break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &a.shard); break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			a.ro.format = (enum ec_format)f;
			break;
		}
		case OPT_REJECTS: rejects = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case ':': ec_usage_error("option '%s' needs a value", argv[optind - 1]);
		default: ec_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!model)
		ec_usage_error("no model: give -m MODEL (a file of ec-train -m itemknn|ease|als|pop)");
	if (a.serve && (a.shard.n || users_path))
		ec_usage_error("--serve answers the users it is asked for: no --shard or --users");
	if (a.serve && out_path)
		ec_usage_error("--serve answers on standard output: no -o");
	if (a.serve && recent)
		ec_usage_error("--serve takes recent events in the requests, not --recent");
	if (a.promo_boost != 1 && !catalog)
		ec_usage_error("--promo-boost needs --catalog (which items are promoted)");
	a.recent_w = recent || a.serve ? recent_w : 0;
	if (!ranker && (a.rdepth_opt || a.rweight != 1))
		ec_usage_error("--rerank-depth and --ranker-weight need --ranker");

	char err[1024];
	if (ec_cf_load(&a.m, model, err, sizeof err) < 0)
		ec_die("%s", err);
	ec_cf_weights_default(a.weights);
	json_t *jw = json_object_get(a.m.meta, "weights");
	if (jw && ec_cf_weights_from_json(jw, a.weights) < 0)
		ec_die("%s: bad \"weights\" in the metadata", model);
	json_t *jh = json_object_get(a.m.meta, "half_life");
	a.half_life = json_is_number(jh) ? json_number_value(jh) : 0;

	size_t n = a.m.n;
	a.users = ec_strmap_new(sizeof(uint32_t));
	a.items = ec_strmap_new(sizeof(struct hitem));
	a.cats = ec_strmap_new(sizeof(int32_t));
	a.candset = ec_strmap_new(sizeof(size_t));
	a.hcatset = ec_strmap_new(0);
	a.mcat = malloc(n * sizeof *a.mcat);
	a.mout = calloc(n, 1);
	a.mpromo = calloc(n, 1);
	a.poporder = malloc(n * sizeof *a.poporder);
	double *pv = malloc(n * sizeof *pv);
	size_t C = 10 * a.k > 200 ? 10 * a.k : 200;
	if (ranker)
		C += a.rdepth_opt ? a.rdepth_opt : 5 * a.k + 100;
	a.topi = malloc((C + a.k + 1) * sizeof *a.topi);
	a.topv = malloc((C + a.k + 1) * sizeof *a.topv);
	if (!a.users || !a.items || !a.cats || !a.candset || !a.hcatset || !a.mcat || !a.mout ||
	    !a.mpromo || !a.poporder || !pv || !a.topi || !a.topv ||
	    ec_cf_scorer_init(&a.sc, &a.m) < 0 || ec_cf_scorer_init(&a.sc2, &a.m) < 0)
		oom();
	if (ec_cf_topk(a.m.pop, NULL, n, n, a.poporder, pv) != n)
		ec_die("%s: popularity is not finite", model);
	free(pv);
	for (size_t j = 0; j < n; j++)
		a.mcat[j] = -1;
	if (ranker)
		ranker_setup(&a, ranker, catalog != NULL);
	if (catalog) {
		read_catalog(&a, catalog);
		memcpy(a.sc.mask, a.mout, n);
	}
	if (rules && ec_brules_load(&a.br, rules, err, sizeof err) < 0)
		ec_die("%s", err);

	ec_rejects_open(&a.rej, rejects, a.max_errors);
	struct ec_strmap *list = NULL;
	if (users_path) {
		list = ec_strmap_new(0);
		if (!list)
			oom();
		read_users(&a, users_path, list);
	}
	const char *stdin_path[1] = { "-" };
	if (optind < argc)
		read_events(&a, &a.h, (const char *const *)argv + optind, (size_t)(argc - optind));
	else if (!a.serve)
		read_events(&a, &a.h, stdin_path, 1);
	if (recent) {
		const char *rp[1] = { recent };
		read_events(&a, &a.rc, rp, 1);
		/* the recent events decay from their own latest one */
	}
	group(&a, &a.h);
	if (recent)
		group(&a, &a.rc);
	if (ranker) {
		/* hour and weekday (1 Monday .. 7 Sunday, UTC) as ec-features samples */
		int64_t t = at_given || a.h.tmax == INT64_MIN ? a.at : a.h.tmax;
		if (recent && a.rc.tmax != INT64_MIN && a.rc.tmax > t && !at_given)
			t = a.rc.tmax;
		int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
		snprintf(a.rhour, sizeof a.rhour, "%d", (int)((t - days * 86400) / 3600));
		snprintf(a.rwday, sizeof a.rwday, "%d", (int)(((days + 3) % 7 + 7) % 7) + 1);
	}
	ec_rejects_close(&a.rej);

	if (a.serve) {
		serve(&a);
	} else {
		struct ec_output *out = ec_cli_output(out_path, EC_COMPRESS_AUTO);
		size_t nu = list ? ec_strmap_size(list) : ec_strmap_size(a.users);
		for (size_t i = 0; i < nu; i++) {
			size_t ul;
			const char *uid = ec_strmap_key(list ? list : a.users, i, &ul);
			const uint32_t *ui = list ? ec_strmap_get(a.users, uid, ul) : ec_strmap_val(a.users, i);
			ec_buf_reset(&a.out);
			recommend(&a, uid, ul, ui ? *ui : UINT32_MAX, a.k, NULL, NULL, 0, recent != NULL);
			if (ec_output_write(out, a.out.data, a.out.len) < 0)
				ec_die("%s", ec_output_error(out));
		}
		ec_cli_commit(out);
	}
	if (!a.quiet)
		ec_warn("%llu users (%llu without history), %zu items in the %s model",
		        (unsigned long long)a.nusers, (unsigned long long)a.ncold, n,
		        ec_cf_kind_name(a.m.p.kind));
	if (list)
		ec_strmap_free(list);
	app_free(&a);
	return EC_EXIT_OK;
}
