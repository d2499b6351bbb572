/*
 * test_features.c: the definitions of ec_features.h on hand-made events,
 * each expected value computed by hand in the comment beside it (or, for
 * the leakage test, by a brute-force check of every row against every
 * event). The hand-made log is the one of tests/cli/ec-features/data/
 * events.jsonl for user u1, so the CLI golden files and these numbers
 * agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ec_features.h"
#include "ec_rng.h"
#include "ec_strmap.h"
#include "ec_time.h"

/* ts, user, item, event, qty, price, order, session, category, dwell */
struct row {
	const char *ts, *user, *item, *event, *qty, *price, *order, *session, *category, *dwell;
};

static void parse_row(const struct row *r, struct ec_event *e)
{
	const char *v[EC_EV_NCOLS] = { 0 };
	v[EC_EV_TS] = r->ts;
	v[EC_EV_USER] = r->user;
	v[EC_EV_ITEM] = r->item;
	v[EC_EV_EVENT] = r->event;
	v[EC_EV_QTY] = r->qty;
	v[EC_EV_PRICE] = r->price;
	v[EC_EV_ORDER] = r->order;
	v[EC_EV_SESSION] = r->session;
	v[EC_EV_CATEGORY] = r->category;
	v[EC_EV_DWELL] = r->dwell;
	char why[128];
	int rc = ec_event_parse(e, v, NULL, why, sizeof why);
	if (rc < 0)
		fail_msg("row %s: %s", r->ts, why);
}

static void load(struct ec_user_log *u, const struct row *rows, size_t n, int64_t gap)
{
	ec_user_log_init(u);
	for (size_t i = 0; i < n; i++) {
		struct ec_event e;
		parse_row(&rows[i], &e);
		assert_int_equal(ec_user_log_add(u, &e), 0);
	}
	assert_int_equal(ec_user_log_finish(u, gap), 0);
}

static int64_t T(const char *s)
{
	int64_t t;
	const char *why;
	assert_int_equal(ec_time_parse(s, strlen(s), NULL, NULL, &t, &why), 0);
	return t;
}

/* user u1 of the CLI test log, in time order */
static const struct row u1[] = {
	{ "2024-03-01T10:00:00Z", "u1", "i1", "view", 0, "10", 0, 0, "A", 0 },
	{ "2024-03-01T10:05:00Z", "u1", "i1", "click", 0, "10", 0, 0, "A", 0 },
	{ "2024-03-01T10:06:00Z", "u1", "i1", "cart", 0, "10", 0, 0, "A", 0 },
	{ "2024-03-01T10:10:00Z", "u1", "i1", "purchase", "2", "10", "o1", 0, "A", 0 },
	{ "2024-03-01T10:10:00Z", "u1", "i2", "purchase", "1", "5", "o1", 0, "B", 0 },
	{ "2024-03-10T09:00:00Z", "u1", "i3", "view", 0, "20", 0, 0, "B", 0 },
	{ "2024-03-10T09:01:00Z", "u1", "i2", "view", 0, "5", 0, 0, "B", 0 },
	{ "2024-03-10T09:30:00Z", "u1", "i2", "purchase", 0, "4", 0, 0, "B", 0 },
	{ "2024-03-20T12:00:00Z", "u1", "i1", "return", "1", "10", "o1", 0, "A", 0 },
	{ "2024-03-28T08:00:00Z", "u1", "i4", "view", 0, "100", 0, 0, "C", 0 },
	{ "2024-03-28T08:10:00Z", "u1", "i1", "review", 0, 0, 0, 0, 0, 0 },
	{ "2024-03-28T09:00:00Z", "u1", "i4", "purchase", "1", "100", "o2", 0, "C", 0 },
};

/* Median prices of the whole CLI log (i1: 10,10,10,10,10,10,12,12 -> 10;
 * i2: 4,5,5,5,5 -> 5; i3 20; i4 100). */
static double medians(void *ctx, const char *item, size_t n)
{
	(void)ctx;
	static const struct { const char *i; double m; } t[] = {
		{ "i1", 10 }, { "i2", 5 }, { "i3", 20 }, { "i4", 100 },
	};
	for (size_t k = 0; k < 4; k++)
		if (strlen(t[k].i) == n && !memcmp(t[k].i, item, n))
			return t[k].m;
	return NAN;
}

static void profile_of(const struct row *rows, size_t n, int64_t asof, int64_t window,
                       struct ec_profile *p)
{
	struct ec_user_log u;
	load(&u, rows, n, 1800);
	struct ec_profiler *pr = ec_profiler_new();
	assert_non_null(pr);
	struct ec_profile_opts o = { asof, window, medians, NULL };
	memset(p, 0, sizeof *p);
	ec_buf_init(&p->top_categories);
	ec_buf_init(&p->last_items);
	assert_int_equal(ec_profile_user(pr, &u, &o, p), 0);
	ec_profiler_free(pr);
	ec_user_log_free(&u);
}

static void test_rfm(void **state)
{
	(void)state;
	struct ec_profile p;
	profile_of(u1, 12, T("2024-04-01T00:00:00Z"), 0, &p);
	/* views: rows 1, 6, 7, 10; purchases: rows 4, 5, 8, 12 */
	assert_int_equal(p.n_view, 4);
	assert_int_equal(p.n_click, 1);
	assert_int_equal(p.n_cart, 1);
	assert_int_equal(p.n_purchase, 4);
	/* last purchase 03-28 09:00, as-of 04-01 00:00: 3 days 15 hours -> 3 */
	assert_int_equal(p.recency_days, 3);
	/* orders o1, o2 plus one order-less purchase time (03-10 09:30) */
	assert_int_equal(p.frequency, 3);
	/* 2x10 + 1x5 + 1x4 + 1x100 - 1x10 (return) = 119 */
	assert_true(fabs(p.monetary - 119) < 1e-9);
	/* A: rows 1,2,3,4,9 (5); B: 5,6,7,8 (4); C: 10,12 (2) */
	assert_string_equal(p.top_categories.data, "A B C");
	/* view/purchase prices sorted: 4 5 5 10 10 20 100 100; type 7:
	 * p10: h = 0.7 -> 4 + 0.7 (5 - 4) = 4.7; p90: h = 6.3 -> 100 */
	assert_true(fabs(p.price_p10 - 4.7) < 1e-12);
	assert_true(fabs(p.price_p90 - 100) < 1e-12);
	/* dwell to the next event in the session (gap 30m): 300 60 240 0 | 60
	 * 1740 | 600: 3000 / 7 */
	assert_true(fabs(p.dwell_mean - 3000.0 / 7) < 1e-9);
	/* distinct viewed items, newest first */
	assert_string_equal(p.last_items.data, "i4 i2 i3 i1");
	/* active (event on 03-28 >= 03-25), frequent_buyer (3); not new, not
	 * lapsed, not price_sensitive (only the 4 of i2 is below a median: 1/4),
	 * no abandoned cart (i1 bought after its cart) */
	assert_int_equal(p.tags, EC_TAG_ACTIVE | EC_TAG_FREQUENT_BUYER);
	assert_int_equal(p.n_priced_purchases, 4);
	assert_int_equal(p.n_cheap_purchases, 1);
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_tags_format(p.tags | EC_TAG_HIGH_VALUE, &b), 0);
	assert_string_equal(b.data, "active high_value frequent_buyer");
	ec_buf_free(&b);
	ec_profile_free(&p);
}

static void test_rfm_asof_window(void **state)
{
	(void)state;
	struct ec_profile p;
	/* as-of 03-10T09:30: rows 1..7 count (row 8 is at as-of: excluded) */
	profile_of(u1, 12, T("2024-03-10T09:30:00Z"), 0, &p);
	assert_int_equal(p.n_purchase, 2);
	assert_int_equal(p.frequency, 1);                 /* o1 */
	assert_true(fabs(p.monetary - 25) < 1e-9);       /* 2x10 + 5 */
	assert_int_equal(p.recency_days, 8);              /* 03-01 10:10 -> 03-10 09:30 */
	assert_string_equal(p.last_items.data, "i2 i3 i1");
	/* new: first event 03-01 < 03-03 (7 days before)? no; active: yes */
	assert_int_equal(p.tags, EC_TAG_ACTIVE);
	ec_profile_free(&p);

	/* a 5-day window at 04-01: counts over [03-27, 04-01): rows 10, 11, 12;
	 * RFM still over all history */
	profile_of(u1, 12, T("2024-04-01T00:00:00Z"), 5 * 86400, &p);
	assert_int_equal(p.n_view, 1);
	assert_int_equal(p.n_purchase, 1);
	assert_string_equal(p.top_categories.data, "C");
	assert_true(fabs(p.price_p10 - 100) < 1e-12);
	assert_int_equal(p.frequency, 3);
	assert_true(fabs(p.monetary - 119) < 1e-9);
	/* dwell over the window: 600 (row 10) only */
	assert_true(fabs(p.dwell_mean - 600) < 1e-12);
	ec_profile_free(&p);
}

static void test_lapsed_price_sensitive(void **state)
{
	(void)state;
	static const struct row r[] = {
		{ "2024-01-01T00:00:00Z", "u", "i2", "purchase", 0, "4", 0, 0, "B", 0 },
		{ "2024-01-02T00:00:00Z", "u", "i1", "purchase", 0, "9", 0, 0, "A", 0 },
		{ "2024-01-03T00:00:00Z", "u", "i1", "cart", 0, 0, 0, 0, "A", 0 },
	};
	struct ec_profile p;
	profile_of(r, 3, T("2024-04-01T00:00:00Z"), 0, &p);
	/* both purchases below their item's median (4 < 5, 9 < 10): share 1;
	 * last purchase 90 days before as-of: lapsed; the cart of i1 on 01-03
	 * has no purchase after it */
	assert_int_equal(p.tags, EC_TAG_LAPSED | EC_TAG_PRICE_SENSITIVE | EC_TAG_CART_ABANDONER);
	assert_int_equal(p.frequency, 2); /* two distinct purchase times, no order ids */
	assert_int_equal(p.recency_days, 90);
	ec_profile_free(&p);
}

static void test_top_categories_ties(void **state)
{
	(void)state;
	/* B 2, A 2, C 2, D 1 (in that order of appearance): ties go
	 * lexicographic -> A B C */
	static const struct row r[] = {
		{ "2024-01-01T00:00:00Z", "u", "x", "view", 0, 0, 0, 0, "B", 0 },
		{ "2024-01-01T00:00:01Z", "u", "x", "view", 0, 0, 0, 0, "D", 0 },
		{ "2024-01-01T00:00:02Z", "u", "x", "view", 0, 0, 0, 0, "B", 0 },
		{ "2024-01-01T00:00:03Z", "u", "x", "view", 0, 0, 0, 0, "C", 0 },
		{ "2024-01-01T00:00:04Z", "u", "x", "view", 0, 0, 0, 0, "A", 0 },
		{ "2024-01-01T00:00:05Z", "u", "x", "view", 0, 0, 0, 0, "C", 0 },
		{ "2024-01-01T00:00:06Z", "u", "x", "view", 0, 0, 0, 0, "A", 0 },
	};
	struct ec_profile p;
	profile_of(r, 7, T("2024-02-01T00:00:00Z"), 0, &p);
	assert_string_equal(p.top_categories.data, "A B C");
	ec_profile_free(&p);
	/* Z 3, then D, AA, E 1 each: most frequent first, then "AA" < "D" < "E" */
	static const struct row r2[] = {
		{ "2024-01-01T00:00:00Z", "u", "x", "view", 0, 0, 0, 0, "D", 0 },
		{ "2024-01-01T00:00:01Z", "u", "x", "view", 0, 0, 0, 0, "Z", 0 },
		{ "2024-01-01T00:00:02Z", "u", "x", "view", 0, 0, 0, 0, "Z", 0 },
		{ "2024-01-01T00:00:03Z", "u", "x", "view", 0, 0, 0, 0, "Z", 0 },
		{ "2024-01-01T00:00:04Z", "u", "x", "view", 0, 0, 0, 0, "AA", 0 },
		{ "2024-01-01T00:00:05Z", "u", "x", "view", 0, 0, 0, 0, "E", 0 },
	};
	profile_of(r2, 6, T("2024-02-01T00:00:00Z"), 0, &p);
	assert_string_equal(p.top_categories.data, "Z AA D");
	ec_profile_free(&p);
}

static void test_quantile7(void **state)
{
	(void)state;
	/* values from R 4.x: quantile(1:10, c(.1, .5, .9)) = 1.9 5.5 9.1 */
	double x[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	assert_true(fabs(ec_quantile7(x, 10, 0.1) - 1.9) < 1e-12);
	assert_true(fabs(ec_quantile7(x, 10, 0.5) - 5.5) < 1e-12);
	assert_true(fabs(ec_quantile7(x, 10, 0.9) - 9.1) < 1e-12);
	assert_true(ec_quantile7(x, 10, 0) == 1);
	assert_true(ec_quantile7(x, 10, 1) == 10);
	/* quantile(c(15, 119), .9) = 15 + 0.9 x 104 = 108.6 (high_value of the CLI log) */
	double y[2] = { 15, 119 };
	assert_true(fabs(ec_quantile7(y, 2, 0.9) - 108.6) < 1e-12);
	double z[1] = { 7 };
	assert_true(ec_quantile7(z, 1, 0.3) == 7);
	assert_true(isnan(ec_quantile7(z, 0, 0.5)));
	size_t lo;
	double frac;
	ec_quantile7_rank(10, 0.9, &lo, &frac);
	assert_int_equal(lo, 8);
	assert_true(fabs(frac - 0.1) < 1e-12);
}

static void test_sessions_gap(void **state)
{
	(void)state;
	static const struct row r[] = {
		{ "2024-01-01T00:00:00Z", "u7", "a", "view", 0, 0, 0, 0, 0, 0 },
		/* exactly 30 minutes later: the same session (a gap must exceed) */
		{ "2024-01-01T00:30:00Z", "u7", "b", "view", 0, 0, 0, 0, 0, "12.5" },
		/* 30 min 1 s later: a new session */
		{ "2024-01-01T01:00:01Z", "u7", "c", "view", 0, 0, 0, 0, 0, 0 },
		/* an event with its own session id keeps it */
		{ "2024-01-01T01:05:00Z", "u7", "d", "view", 0, 0, 0, "web-9", 0, 0 },
		{ "2024-01-01T01:06:00Z", "u7", "e", "view", 0, 0, 0, 0, 0, 0 },
		{ "2024-01-01T01:07:00Z", "u7", "f", "view", 0, 0, 0, "web-9", 0, 0 },
	};
	struct ec_user_log u;
	load(&u, r, 6, 1800);
	assert_int_equal(u.nsessions, 2);
	assert_string_equal(u.sid[0], "u7-1");
	assert_string_equal(u.sid[1], "u7-1");
	assert_string_equal(u.sid[2], "u7-2");
	assert_string_equal(u.sid[3], "web-9");
	assert_string_equal(u.sid[4], "u7-2");
	assert_string_equal(u.sid[5], "web-9");
	assert_true(u.dwell[0] == 1800);    /* to the next event of u7-1 */
	assert_true(u.dwell[1] == 12.5);    /* the log's dwell wins */
	assert_true(u.dwell[2] == 359);     /* 01:00:01 -> 01:06:00 (u7-2), skipping web-9 */
	assert_true(u.dwell[3] == 120);     /* 01:05 -> 01:07 (web-9) */
	assert_true(isnan(u.dwell[4]));     /* last of u7-2 */
	assert_true(isnan(u.dwell[5]));
	assert_int_equal(u.next[0], 1);
	assert_int_equal(u.next[2], 4);
	assert_int_equal(u.next[3], 5);
	ec_user_log_free(&u);

	/* a 1-hour gap joins the first three */
	load(&u, r, 6, 3600);
	assert_int_equal(u.nsessions, 1);
	assert_string_equal(u.sid[2], "u7-1");
	ec_user_log_free(&u);
}

struct collect {
	struct ec_sample_row rows[4096];
	char hist[4096][256];
	char items[4096][32];
	size_t n;
};

static int collect_row(void *ctx, const struct ec_sample_row *r)
{
	struct collect *c = ctx;
	if (c->n >= 4096)
		return 1;
	c->rows[c->n] = *r;
	snprintf(c->hist[c->n], sizeof c->hist[0], "%s", r->hist_items);
	snprintf(c->items[c->n], sizeof c->items[0], "%.*s", (int)r->item_len, r->item);
	c->n++;
	return 0;
}

static void test_samples_labels(void **state)
{
	(void)state;
	static const struct row r[] = {
		{ "2024-01-01T10:00:00Z", "u", "a", "view", 0, "3", 0, 0, "K", 0 },
		{ "2024-01-01T10:00:00Z", "u", "b", "view", 0, 0, 0, 0, "L", 0 },
		{ "2024-01-01T10:01:00Z", "u", "a", "click", 0, 0, 0, 0, "K", 0 },
		{ "2024-01-01T10:02:00Z", "u", "c", "view", 0, 0, 0, 0, "K", 0 },
		/* b bought only in a later session: not a positive */
		{ "2024-01-01T12:00:00Z", "u", "b", "purchase", 0, 0, 0, 0, "L", 0 },
		{ "2024-01-01T12:01:00Z", "u", "c", "cart", 0, 0, 0, 0, "K", 0 },
	};
	struct ec_user_log u;
	load(&u, r, 6, 1800);
	static struct collect c;
	c.n = 0;
	struct ec_sample_opts o = { EC_LABEL_ANY, 10, T("2024-02-01T00:00:00Z"), 0, 0, NULL, NULL };
	struct ec_sampler *s = ec_sampler_new(&o);
	assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.items[0], "a");
	assert_int_equal(c.rows[0].label, 1);       /* clicked later in the session */
	assert_int_equal(c.rows[0].price_bucket, 2); /* floor(log2(4)) */
	assert_int_equal(c.rows[0].hour, 10);
	assert_int_equal(c.rows[0].weekday, 1);     /* 2024-01-01 was a Monday */
	assert_string_equal(c.hist[0], "");
	assert_string_equal(c.items[1], "b");
	assert_int_equal(c.rows[1].label, 0);
	assert_string_equal(c.hist[1], "");         /* a is at the same second: not history */
	assert_int_equal(c.rows[1].price_bucket, -1);
	assert_string_equal(c.items[2], "c");
	assert_int_equal(c.rows[2].label, 0);       /* its cart is in the next session */
	assert_string_equal(c.hist[2], "a b a");
	ec_sampler_free(s);

	/* --label click: only the click counts; with a 3-hour gap c's cart
	 * joins its session but is not a click */
	ec_user_log_free(&u);
	load(&u, r, 6, 3 * 3600);
	o.label = EC_LABEL_CLICK;
	s = ec_sampler_new(&o);
	c.n = 0;
	assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
	assert_int_equal(c.rows[0].label, 1);
	assert_int_equal(c.rows[1].label, 0);
	assert_int_equal(c.rows[2].label, 0);
	ec_sampler_free(s);
	o.label = EC_LABEL_ANY;
	s = ec_sampler_new(&o);
	c.n = 0;
	assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
	assert_int_equal(c.rows[1].label, 1);       /* b purchased, same 3-hour session */
	assert_int_equal(c.rows[2].label, 1);       /* c carted */
	ec_sampler_free(s);
	ec_user_log_free(&u);
}

/*
 * Leakage: on random logs full of simultaneous events, every item named in
 * a row's hist_items must belong to an event of that user strictly before
 * the row's ts, and the history must be exactly the newest items before
 * it (checked against a brute-force scan).
 */
static void test_samples_leakage(void **state)
{
	(void)state;
	uint64_t rng = 42;
	static struct collect c;
	char ts[200][EC_TIME_LEN], item[200][16], user[16];
	struct row r[200];
	const char *kinds[] = { "view", "view", "view", "click", "cart", "purchase", "fav" };
	size_t rows_checked = 0, tokens_checked = 0;
	for (int trial = 0; trial < 40; trial++) {
		snprintf(user, sizeof user, "u%d", trial);
		int64_t t = 1704067200;
		size_t n = 20 + ec_splitmix64(&rng) % 180;
		for (size_t i = 0; i < n; i++) {
			t += (int64_t)(ec_splitmix64(&rng) % 4) * 600; /* many ties */
			ec_time_format(t, ts[i]);
			snprintf(item[i], sizeof item[i], "i%d", (int)(ec_splitmix64(&rng) % 15));
			r[i] = (struct row){ ts[i], user, item[i], kinds[ec_splitmix64(&rng) % 7], 0, 0, 0, 0,
			                     0, 0 };
		}
		struct ec_user_log u;
		load(&u, r, n, 1800);
		struct ec_sample_opts o = { EC_LABEL_ANY, 5, t + 1, 0, 0, NULL, NULL };
		struct ec_sampler *s = ec_sampler_new(&o);
		c.n = 0;
		assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
		for (size_t k = 0; k < c.n; k++) {
			int64_t rt = c.rows[k].ts;
			/* brute force: the items of the last 5 events with ts < rt */
			char want[256] = "";
			size_t got = 0;
			for (size_t j = n; j-- > 0 && got < 5;) {
				if (u.ev[j].ts >= rt)
					continue;
				if (got)
					strcat(want, " ");
				strcat(want, u.ev[j].f[EC_EV_ITEM]);
				got++;
			}
			assert_string_equal(c.hist[k], want);
			/* and no token from an event at or after rt unless it also
			 * occurred before rt */
			char buf[256];
			snprintf(buf, sizeof buf, "%s", c.hist[k]);
			for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
				int before = 0;
				for (size_t j = 0; j < n; j++)
					before |= u.ev[j].ts < rt && !strcmp(u.ev[j].f[EC_EV_ITEM], tok);
				assert_true(before);
				tokens_checked++;
			}
			rows_checked++;
		}
		ec_sampler_free(s);
		ec_user_log_free(&u);
	}
	assert_true(rows_checked > 500);
	assert_true(tokens_checked > 1000);
}

static void test_negatives(void **state)
{
	(void)state;
	/* popularity: p1 x6, p2 x3, p3 x1 (other users' events) */
	struct ec_popularity *pop = ec_popularity_new();
	static const struct row pr[] = {
		{ "2024-01-01T00:00:00Z", "x", "p1", "view", 0, "10", 0, 0, "K", 0 },
		{ "2024-01-01T00:00:00Z", "x", "p2", "view", 0, "1", 0, 0, "L", 0 },
		{ "2024-01-01T00:00:00Z", "x", "p3", "view", 0, "0", 0, 0, "M", 0 },
		{ "2024-01-01T00:00:00Z", "x", "v", "view", 0, "0", 0, 0, "M", 0 },
	};
	int weight[4] = { 6, 3, 1, 50 };
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < weight[i]; k++) {
			struct ec_event e;
			parse_row(&pr[i], &e);
			assert_int_equal(ec_popularity_add(pop, &e), 0);
		}
	assert_int_equal(ec_popularity_build(pop), 0);
	assert_int_equal(ec_popularity_size(pop), 4);
	/* the user viewed v (the most popular) and clicked it: one positive */
	static const struct row r[] = {
		{ "2024-01-02T00:00:00Z", "u", "v", "view", 0, 0, 0, 0, "M", 0 },
		{ "2024-01-02T00:01:00Z", "u", "v", "click", 0, 0, 0, 0, "M", 0 },
	};
	struct ec_user_log u;
	load(&u, r, 2, 1800);
	uint64_t seed = 7;
	struct ec_sample_opts o = { EC_LABEL_ANY, 10, T("2024-02-01T00:00:00Z"), 0, 1000, pop, &seed };
	struct ec_sampler *s = ec_sampler_new(&o);
	static struct collect c;
	c.n = 0;
	assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
	/* 1 positive + up to 1000 negatives: v (weight 50 of 60) is never drawn
	 * as a negative; 32 draws all hitting v has probability (5/6)^32 ~ 0.3%
	 * per negative, so about 997 remain */
	assert_int_equal(c.rows[0].label, 1);
	assert_true(c.n > 980 && c.n <= 1001);
	size_t cnt[3] = { 0 };
	for (size_t k = 1; k < c.n; k++) {
		assert_int_equal(c.rows[k].label, 0);
		assert_int_equal(c.rows[k].negative, 1);
		assert_true(strcmp(c.items[k], "v") != 0);
		cnt[c.items[k][1] - '1']++;
		if (!strcmp(c.items[k], "p1"))
			assert_int_equal(c.rows[k].price_bucket, 3); /* floor(log2(11)) */
	}
	/* weights 6:3:1 among the non-viewed: expect 600/300/100 of 1000 */
	assert_true(cnt[0] > 520 && cnt[0] < 680);
	assert_true(cnt[1] > 240 && cnt[1] < 360);
	assert_true(cnt[2] > 60 && cnt[2] < 140);
	/* same seed, same draws */
	size_t first = c.n;
	char firstitems[8][32];
	for (int k = 0; k < 8; k++)
		memcpy(firstitems[k], c.items[k], 32);
	seed = 7;
	c.n = 0;
	assert_int_equal(ec_sampler_user(s, &u, collect_row, &c), 0);
	assert_int_equal(c.n, first);
	for (int k = 0; k < 8; k++)
		assert_string_equal(c.items[k], firstitems[k]);
	ec_sampler_free(s);
	ec_user_log_free(&u);
	ec_popularity_free(pop);
}

static void test_items(void **state)
{
	(void)state;
	static const struct row r[] = {
		{ "2024-02-01T00:00:00Z", "a", "i", "view", 0, "2", 0, 0, 0, 0 },      /* prev28 */
		{ "2024-03-20T00:00:00Z", "a", "i", "view", 0, "4", 0, 0, 0, 0 },      /* prev28 */
		{ "2024-03-26T00:00:00Z", "b", "i", "view", 0, 0, 0, 0, 0, 0 },        /* last7 */
		{ "2024-03-26T00:00:01Z", "b", "i", "click", 0, 0, 0, 0, 0, 0 },       /* last7 */
		{ "2024-03-27T00:00:00Z", "b", "i", "purchase", "3", "6", 0, 0, 0, 0 },/* last7 */
		{ "2024-03-28T00:00:00Z", "b", "i", "return", "1", "6", 0, 0, 0, 0 },  /* last7 */
		{ "2024-04-01T00:00:00Z", "b", "i", "view", 0, 0, 0, 0, 0, 0 },        /* at as-of */
		{ "2024-01-01T00:00:00Z", "a", "i", "view", 0, 0, 0, 0, 0, 0 },        /* > 35 days */
	};
	struct ec_item_acc a;
	ec_item_acc_reset(&a);
	int64_t asof = T("2024-04-01T00:00:00Z");
	for (int i = 0; i < 8; i++) {
		struct ec_event e;
		parse_row(&r[i], &e);
		ec_item_acc_add(&a, &e, asof, 0);
	}
	struct ec_item_row row;
	ec_item_acc_row(&a, &row);
	assert_int_equal(row.n_view, 4);
	assert_true(fabs(row.ctr - 0.25) < 1e-12);
	assert_true(fabs(row.conversion - 0.25) < 1e-12);
	assert_true(fabs(row.revenue - 12) < 1e-12);       /* 3x6 - 1x6 */
	assert_true(fabs(row.price_mean - 4.5) < 1e-12);   /* (2+4+6+6)/4 */
	/* last7 = 4 (03-25 .. 03-31: 03-26 x2, 03-27, 03-28), prev28 = 1
	 * (02-26 .. 03-24: 03-20; 02-01 is before 02-26): (4/7) / (1/28) = 16 */
	assert_true(fabs(row.trend - 16) < 1e-12);
	/* window of 10 days: only the last7 events count in the counters */
	ec_item_acc_reset(&a);
	for (int i = 0; i < 8; i++) {
		struct ec_event e;
		parse_row(&r[i], &e);
		ec_item_acc_add(&a, &e, asof, 10 * 86400);
	}
	ec_item_acc_row(&a, &row);
	assert_int_equal(row.n_view, 1);
	assert_true(fabs(row.ctr - 1) < 1e-12);
	/* no views, no prev28: empty */
	ec_item_acc_reset(&a);
	ec_item_acc_row(&a, &row);
	assert_true(isnan(row.ctr) && isnan(row.conversion) && isnan(row.trend) &&
	            isnan(row.price_mean));
}

struct pts { int64_t b[64]; double v[64]; size_t n; };

static int take_point(void *ctx, int64_t b, double v)
{
	struct pts *p = ctx;
	p->b[p->n] = b;
	p->v[p->n] = v;
	p->n++;
	return 0;
}

static void test_series(void **state)
{
	(void)state;
	char s[32];
	/* 2024-03-01 was a Friday: its ISO week starts on Monday 02-26 */
	ec_bucket_format(ec_bucket_start(T("2024-03-01T10:00:00Z"), EC_FREQ_WEEK), EC_FREQ_WEEK, s);
	assert_string_equal(s, "2024-02-26");
	/* a Monday and a Sunday */
	ec_bucket_format(ec_bucket_start(T("2024-03-04T00:00:00Z"), EC_FREQ_WEEK), EC_FREQ_WEEK, s);
	assert_string_equal(s, "2024-03-04");
	ec_bucket_format(ec_bucket_start(T("2024-03-10T23:59:59Z"), EC_FREQ_WEEK), EC_FREQ_WEEK, s);
	assert_string_equal(s, "2024-03-04");
	/* before 1970: floor, not truncation (1969-12-31 was a Wednesday) */
	ec_bucket_format(ec_bucket_start(-1, EC_FREQ_WEEK), EC_FREQ_WEEK, s);
	assert_string_equal(s, "1969-12-29");
	ec_bucket_format(ec_bucket_start(T("2024-03-01T10:59:59Z"), EC_FREQ_HOUR), EC_FREQ_HOUR, s);
	assert_string_equal(s, "2024-03-01T10:00:00Z");

	/* days: sales 2 on 03-01, 1 + 1 on 03-03; as-of 03-05T12:00 -> buckets
	 * 03-01 .. 03-05, zero-filled */
	struct ec_series ser;
	struct pts p = { { 0 }, { 0 }, 0 };
	ec_series_begin(&ser, EC_FREQ_DAY, T("2024-03-05T12:00:00Z"));
	ec_series_add(&ser, T("2024-03-01T09:00:00Z"), 2, take_point, &p);
	ec_series_add(&ser, T("2024-03-03T09:00:00Z"), 1, take_point, &p);
	ec_series_add(&ser, T("2024-03-03T23:00:00Z"), 1, take_point, &p);
	ec_series_end(&ser, take_point, &p);
	double want[5] = { 2, 0, 2, 0, 0 };
	assert_int_equal(p.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_true(p.v[i] == want[i]);
		assert_true(p.b[i] == T("2024-03-01T00:00:00Z") + i * 86400);
	}
	/* as-of exactly at midnight: the last bucket is the day before */
	p.n = 0;
	ec_series_begin(&ser, EC_FREQ_DAY, T("2024-03-03T00:00:00Z"));
	ec_series_add(&ser, T("2024-03-01T09:00:00Z"), 5, take_point, &p);
	ec_series_end(&ser, take_point, &p);
	assert_int_equal(p.n, 2);
}

static void test_baskets_docs_misc(void **state)
{
	(void)state;
	struct ec_basket b;
	ec_basket_init(&b);
	ec_basket_add(&b, "x", 1);
	ec_basket_add(&b, "y", 1);
	ec_basket_add(&b, "x", 1);
	ec_basket_add(&b, "z", 1);
	assert_string_equal(b.items.data, "x y z");
	ec_basket_reset(&b);
	ec_basket_add(&b, "z", 1);
	assert_string_equal(b.items.data, "z");
	ec_basket_free(&b);

	/* the id is XXH3-64 of "TS\0USER\0ITEM\0EVENT\0TEXT" */
	static const struct row r = { "1711613400", "u1", "i1", "review", 0, 0, 0, 0, 0, 0 };
	struct ec_event e;
	parse_row(&r, &e);
	e.f[EC_EV_TEXT] = "great";
	e.n[EC_EV_TEXT] = 5;
	char id[17], want[17];
	assert_int_equal(ec_doc_id(&e, id), 0);
	static const char bytes[] = "2024-03-28T08:10:00Z\0u1\0i1\0review\0great";
	snprintf(want, sizeof want, "%016llx",
	         (unsigned long long)XXH3_64bits(bytes, sizeof bytes - 1));
	assert_string_equal(id, want);

	assert_int_equal(ec_price_bucket(0), 0);
	assert_int_equal(ec_price_bucket(0.99), 0);
	assert_int_equal(ec_price_bucket(1), 1);
	assert_int_equal(ec_price_bucket(2.99), 1);
	assert_int_equal(ec_price_bucket(3), 2);
	assert_int_equal(ec_price_bucket(100), 6);

	assert_int_equal(ec_split_ntest(1, 1), 0);
	assert_int_equal(ec_split_ntest(2, 1), 1);
	assert_int_equal(ec_split_ntest(3, 3), 0);
	assert_int_equal(ec_split_ntest(10, 3), 3);

	char s[EC_NUM_LEN];
	ec_real_format(3000.0 / 7, s);
	assert_string_equal(s, "428.571429");
	ec_real_format(119.00000000000001, s);
	assert_string_equal(s, "119");
	ec_real_format(-0.0000001, s);
	assert_string_equal(s, "0");
	ec_real_format(0.1 + 0.2, s);
	assert_string_equal(s, "0.3");
}

static void test_event_parse(void **state)
{
	(void)state;
	const char *v[EC_EV_NCOLS] = { 0 };
	char why[128];
	struct ec_event e;
	v[EC_EV_USER] = "u";
	v[EC_EV_EVENT] = "view";
	v[EC_EV_ITEM] = "i";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), -1);
	assert_string_equal(why, "missing ts");
	v[EC_EV_TS] = "2024-02-30";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), -1);
	assert_string_equal(why, "bad ts '2024-02-30': impossible date");
	v[EC_EV_TS] = "2024-02-29T12:00:00Z";
	v[EC_EV_PRICE] = "cheap";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), -1);
	assert_string_equal(why, "bad price 'cheap'");
	v[EC_EV_PRICE] = "-1";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), -1);
	assert_string_equal(why, "negative price '-1'");
	v[EC_EV_PRICE] = "2.5";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), 0);
	assert_true(e.qty == 1 && e.price == 2.5 && (e.has & EC_HAS_PRICE) && !(e.has & EC_HAS_QTY));
	assert_int_equal(e.kind, EC_KIND_VIEW);
	v[EC_EV_ITEM] = "";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), -1);
	assert_string_equal(why, "missing item");
	v[EC_EV_EVENT] = "search";
	assert_int_equal(ec_event_parse(&e, v, NULL, why, sizeof why), 0);
	assert_int_equal(e.kind, EC_KIND_SEARCH);

	/* the user log refuses events out of time order */
	struct ec_user_log u;
	ec_user_log_init(&u);
	v[EC_EV_TS] = "2024-02-29T12:00:00Z";
	ec_event_parse(&e, v, NULL, why, sizeof why);
	assert_int_equal(ec_user_log_add(&u, &e), 0);
	v[EC_EV_TS] = "2024-02-29T11:00:00Z";
	ec_event_parse(&e, v, NULL, why, sizeof why);
	assert_int_equal(ec_user_log_add(&u, &e), -1);
	ec_user_log_free(&u);
}

static void test_strmap(void **state)
{
	(void)state;
	struct ec_strmap *m = ec_strmap_new(sizeof(int));
	char k[16];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5000; i++) {
			snprintf(k, sizeof k, "k%d", i);
			int isnew;
			int *v = ec_strmap_put(m, k, strlen(k), &isnew);
			assert_non_null(v);
			assert_int_equal(isnew, 1);
			*v = i * 3;
		}
		assert_int_equal(ec_strmap_size(m), 5000);
		for (int i = 0; i < 5000; i += 7) {
			snprintf(k, sizeof k, "k%d", i);
			int *v = ec_strmap_get(m, k, strlen(k));
			assert_non_null(v);
			assert_int_equal(*v, i * 3);
			size_t n;
			assert_string_equal(ec_strmap_key(m, (size_t)i, &n), k);
		}
		assert_null(ec_strmap_get(m, "nope", 4));
		ec_strmap_clear(m);
		assert_int_equal(ec_strmap_size(m), 0);
		assert_null(ec_strmap_get(m, "k1", 2));
	}
	ec_strmap_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfm),
		cmocka_unit_test(test_rfm_asof_window),
		cmocka_unit_test(test_lapsed_price_sensitive),
		cmocka_unit_test(test_top_categories_ties),
		cmocka_unit_test(test_quantile7),
		cmocka_unit_test(test_sessions_gap),
		cmocka_unit_test(test_samples_labels),
		cmocka_unit_test(test_samples_leakage),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_series),
		cmocka_unit_test(test_baskets_docs_misc),
		cmocka_unit_test(test_event_parse),
		cmocka_unit_test(test_strmap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
