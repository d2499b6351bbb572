/*
 * ec_features: the tables that later programs read, computed from canonical
 * events (DESIGN.md "Event"): user profiles, item statistics, sessions,
 * labelled click-through samples, sales series, baskets, documents and the
 * train/test split rule.
 *
 * The library holds the definitions; it never reads files, sorts, prints or
 * exits. The caller (cmd/ec-features.c) validates records into struct
 * ec_event, groups them with ec_sort (by user and time, by item, by series or
 * by order) and hands each group to the functions below, so memory is that
 * of one group: one user's events, one item's counters, one order's items.
 *
 * Time is seconds since the epoch, UTC. "As-of" is the instant at which a
 * table is computed: only events strictly before it count. A "window" W > 0
 * narrows the columns that say so to events in [as-of - W, as-of).
 *
 * Errors: functions returning int give 0 on success and -1 only when out of
 * memory (errno ENOMEM), unless stated otherwise.
 */
#ifndef EC_FEATURES_H
#define EC_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "ec_buf.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_schema.h"

struct ec_strmap;

/* ---- events ---- */

/* The event vocabulary as numbers; EC_KIND_OTHER for any other word. */
enum ec_kind {
	EC_KIND_OTHER = 0, EC_KIND_VIEW, EC_KIND_CLICK, EC_KIND_CART, EC_KIND_FAV,
	EC_KIND_PURCHASE, EC_KIND_RETURN, EC_KIND_SEARCH, EC_KIND_REVIEW, EC_KIND_RATE,
	EC_KIND_IMPRESSION,
};

/* Kind of an event word s[0..n) ("view", ..., "impression"). */
int ec_kind_of(const char *s, size_t n);

enum { EC_HAS_QTY = 1, EC_HAS_PRICE = 2, EC_HAS_VALUE = 4, EC_HAS_DWELL = 8 };

/*
 * One event. f[c]/n[c] are the string fields by canonical column (enum
 * ec_ev), NULL when absent; they are borrowed from whatever the event was
 * parsed from. Numbers are parsed: qty is 1 when absent (EC_HAS_QTY clear),
 * price, value and dwell are meaningful only with their EC_HAS_ bit.
 */
struct ec_event {
	int64_t ts;
	int kind;
	unsigned has;
	double qty, price, value, dwell;
	const char *f[EC_EV_NCOLS];
	size_t n[EC_EV_NCOLS];
};

/*
 * Validate and parse one canonical event from val[c]/len[c] (indexed by
 * enum ec_ev; NULL or "" is absent; len may be NULL: strlen). Rules, as
 * ec-ingest writes events: ts, user and event required; item required
 * except for search events; ts any form ec_time_parse accepts; qty, price,
 * value and dwell finite numbers, qty, price and dwell not negative.
 * 0, or -1 with a reason ("missing ts", "bad price 'x'") in why.
 */
int ec_event_parse(struct ec_event *e, const char *const *val, const size_t *len,
                   char *why, size_t whylen);

/* ---- one user's events ---- */

/*
 * A user's events in time order, copied (strings into an arena), with the
 * session of each event and its dwell once ec_user_log_finish has run.
 * Zero-initialise, or ec_user_log_init; ec_user_log_free releases.
 */
struct ec_user_log {
	struct ec_event *ev;    /* n events, ts non-decreasing */
	size_t n;
	const char **sid;       /* session id of ev[i] (NUL-terminated) */
	size_t *sidlen;
	double *dwell;          /* dwell of ev[i] in seconds, NAN when unknown */
	size_t *next;           /* next event in ev[i]'s session, or SIZE_MAX */
	size_t nsessions;       /* sessions found by the inactivity gap */
	/* private */
	size_t cap;
	size_t *off;            /* arena offsets of the strings, EC_EV_NCOLS per event */
	struct ec_buf arena, sidbuf;
	size_t *koff, kcap;     /* sidbuf offset of the name of session k */
	struct ec_strmap *map;
};

void ec_user_log_init(struct ec_user_log *u);
void ec_user_log_free(struct ec_user_log *u);
/* Forget the events, keep the memory. */
void ec_user_log_reset(struct ec_user_log *u);
/* Append a copy of e. 0, or -1: ENOMEM, or EINVAL when e is older than the
 * previous event (events must come in non-decreasing ts). */
int ec_user_log_add(struct ec_user_log *u, const struct ec_event *e);

/*
 * Seal the log (until then ev[i].f are not valid) and find its sessions:
 *   - inactivity sessions: a new one starts at the first event and at every
 *     event more than `gap` seconds after the previous one; the k-th is
 *     named USER-k (k from 1);
 *   - an event keeps its own `session` field when it has one, else takes
 *     the name of its inactivity session;
 *   - dwell of an event: its `dwell` field when present, else the seconds
 *     to the next event of the same session, else unknown (NAN).
 * 0 or -1.
 */
int ec_user_log_finish(struct ec_user_log *u, int64_t gap);

/* ---- quantiles ---- */

/*
 * Sample quantile of type 7 (Hyndman & Fan 1996, R's default): with x
 * sorted ascending, h = (n - 1) p, Q(p) = x[floor h] + (h - floor h)
 * (x[floor h + 1] - x[floor h]). NAN for n = 0. p in [0, 1].
 */
double ec_quantile7(const double *sorted, size_t n, double p);
/* The same on a stream: the 0-based ranks lo and lo + 1 that Q(p) needs and
 * the weight frac of the upper one: Q = x[lo] + frac (x[lo+1] - x[lo]). */
void ec_quantile7_rank(size_t n, double p, size_t *lo, double *frac);

/* ---- users ---- */

enum {
	EC_TAG_NEW = 1, EC_TAG_ACTIVE = 2, EC_TAG_LAPSED = 4, EC_TAG_HIGH_VALUE = 8,
	EC_TAG_PRICE_SENSITIVE = 16, EC_TAG_FREQUENT_BUYER = 32, EC_TAG_CART_ABANDONER = 64,
};

/* Append the tag names of `tags`, space-separated, in the order above. */
int ec_tags_format(unsigned tags, struct ec_buf *b);

struct ec_profile_opts {
	int64_t asof;           /* events at or after it are ignored */
	int64_t window;         /* seconds, 0: no window */
	/* the item's median price over all events before as-of, NAN if none */
	double (*item_median)(void *ctx, const char *item, size_t n);
	void *ctx;
};

/*
 * A user profile (ec-features(1) "users" gives the definitions):
 * counts, top_categories, price quantiles and dwell_mean over the window;
 * recency, frequency, monetary, last_items and tags over all history before
 * as-of. Real values are NAN where the column is empty.
 */
struct ec_profile {
	size_t n_view, n_click, n_cart, n_purchase;
	int64_t recency_days;   /* -1: never purchased */
	size_t frequency;
	double monetary;
	double price_p10, price_p90, dwell_mean;
	struct ec_buf top_categories, last_items;
	unsigned tags;          /* all but EC_TAG_HIGH_VALUE, which needs every user */
	size_t n_priced_purchases, n_cheap_purchases;
};

struct ec_profiler;

struct ec_profiler *ec_profiler_new(void);
void ec_profiler_free(struct ec_profiler *pr);
/* Profile of a finished log (ec_user_log_finish) into p (buffers reused). 0 or -1. */
int ec_profile_user(struct ec_profiler *pr, const struct ec_user_log *u,
                    const struct ec_profile_opts *o, struct ec_profile *p);
void ec_profile_free(struct ec_profile *p);

/* The thresholds of the tags, in seconds or counts (documented in ec-features(1)). */
#define EC_TAG_RECENT_DAYS 7        /* new, active */
#define EC_TAG_LAPSED_DAYS 60       /* lapsed */
#define EC_TAG_FREQUENT 3           /* frequent_buyer: frequency >= 3 */
#define EC_TAG_HIGH_VALUE_P 0.9     /* high_value: monetary >= this quantile */
#define EC_TAG_PRICE_SHARE 0.5      /* price_sensitive */
#define EC_TOP_CATEGORIES 3
#define EC_LAST_ITEMS 10

/* ---- items ---- */

/* Counters of one item; zero-initialise or ec_item_acc_reset. */
struct ec_item_acc {
	size_t n_view, n_click, n_cart, n_purchase;
	double revenue, price_sum;
	size_t price_n, last7, prev28;
};

struct ec_item_row {
	size_t n_view, n_click, n_cart, n_purchase;
	double ctr, conversion, revenue, price_mean, trend; /* NAN: empty */
};

void ec_item_acc_reset(struct ec_item_acc *a);
/* Count e (ignored at or after asof; counts, revenue and price only in the window). */
void ec_item_acc_add(struct ec_item_acc *a, const struct ec_event *e, int64_t asof,
                     int64_t window);
/*
 * ctr = clicks / views, conversion = purchases / views (empty when no
 * views), revenue = sum qty x price of purchases minus returns, price_mean
 * over events with a price, trend = (last7 / 7) / (prev28 / 28) for events
 * of any kind in [as-of - 7d, as-of) and [as-of - 35d, as-of - 7d), empty
 * when prev28 = 0.
 */
void ec_item_acc_row(const struct ec_item_acc *a, struct ec_item_row *r);

/* ---- samples ---- */

/* Which later events make a view positive (--label). */
enum {
	EC_LABEL_CLICK = 1, EC_LABEL_CART = 2, EC_LABEL_PURCHASE = 4,
	EC_LABEL_ANY = 7,
};

/* Popularity-weighted draws of items, for negative samples. */
struct ec_popularity;

struct ec_popularity *ec_popularity_new(void);
void ec_popularity_free(struct ec_popularity *p);
/* Count an event of an item (weight 1 per event of any kind) and remember
 * its category and price of the latest event seen. 0 or -1. */
int ec_popularity_add(struct ec_popularity *p, const struct ec_event *e);
/* Freeze the counts into a cumulative table. 0 or -1. */
int ec_popularity_build(struct ec_popularity *p);
size_t ec_popularity_size(const struct ec_popularity *p);

struct ec_sample_opts {
	unsigned label;         /* EC_LABEL_* mask */
	size_t hist;            /* length of hist_items / hist_cats */
	int64_t asof, window;
	size_t negatives;       /* per positive row; needs pop */
	struct ec_popularity *pop;
	uint64_t *rng;          /* splitmix64 state (ec_splitmix64 of ec_rng.h) */
};

/* One row of samples; strings are borrowed for the duration of the callback. */
struct ec_sample_row {
	int64_t ts;
	const char *user, *item, *category;   /* category NULL when unknown */
	size_t user_len, item_len, category_len;
	int price_bucket;       /* -1: no price */
	int hour, weekday;      /* 0..23 UTC, 1 (Monday) .. 7 (Sunday) */
	const char *hist_items, *hist_cats;   /* space-separated, "" when none */
	int label;              /* 0 or 1 */
	int negative;           /* 1 for a drawn negative */
};

typedef int (*ec_sample_fn)(void *ctx, const struct ec_sample_row *r);

struct ec_sampler;

/* A sampler with its scratch tables; borrows o->pop and o->rng. NULL on ENOMEM. */
struct ec_sampler *ec_sampler_new(const struct ec_sample_opts *o);
void ec_sampler_free(struct ec_sampler *s);

/*
 * The samples of one finished user log: one row per view or impression in
 * the window (events with an item), label 1 when an event of the labelled
 * kinds on the same item follows it (later in time order, ties in log
 * order) in the same session. hist_items / hist_cats: the items /
 * categories of the user's last `hist` events strictly before the row's ts
 * (among events with an item / a category), newest first, space-separated.
 * With negatives > 0, each positive row is followed by that many rows with
 * label 0 and items drawn by popularity among items the user never viewed
 * (up to 32 draws each; a negative is left out when every draw hits a
 * viewed item), with the drawn item's category and price and the positive
 * row's ts, user and history. fn's non-zero return stops the user and is
 * returned; -1 on ENOMEM.
 */
int ec_sampler_user(struct ec_sampler *s, const struct ec_user_log *u, ec_sample_fn fn,
                    void *ctx);

/* log2 price bucket: floor(log2(price + 1)); bucket b holds [2^b - 1, 2^(b+1) - 1). */
int ec_price_bucket(double price);

/* ---- sales ---- */

enum ec_freq { EC_FREQ_HOUR, EC_FREQ_DAY, EC_FREQ_WEEK };

/* Start of the bucket holding t: the hour, the UTC day, or the ISO week's Monday. */
int64_t ec_bucket_start(int64_t t, enum ec_freq f);
/* Bucket label: "YYYY-MM-DDTHH:00:00Z" for hours, "YYYY-MM-DD" otherwise. */
int ec_bucket_format(int64_t b, enum ec_freq f, char out[32]);

typedef int (*ec_series_fn)(void *ctx, int64_t bucket, double value);

/*
 * One series being summed into buckets and zero-filled: values added in
 * non-decreasing time; every bucket from the first value's to the one
 * holding last (the bucket of as-of - 1 s) is emitted once, ascending.
 */
struct ec_series {
	enum ec_freq freq;
	int64_t cur, last;
	double sum;
	int started;
};

void ec_series_begin(struct ec_series *s, enum ec_freq f, int64_t asof);
/* Add value at t (t < as-of). fn's non-zero return is returned. */
int ec_series_add(struct ec_series *s, int64_t t, double value, ec_series_fn fn, void *ctx);
int ec_series_end(struct ec_series *s, ec_series_fn fn, void *ctx);

/* ---- baskets ---- */

/* The distinct items of one order in first-seen order. */
struct ec_basket {
	struct ec_buf items;    /* space-separated */
	size_t n;
	struct ec_strmap *seen;
};

void ec_basket_init(struct ec_basket *b);
void ec_basket_reset(struct ec_basket *b);
void ec_basket_free(struct ec_basket *b);
int ec_basket_add(struct ec_basket *b, const char *item, size_t n);

/* ---- docs ---- */

/*
 * Stable document id: the XXH3-64 hash (libxxhash) of the bytes
 * TS NUL USER NUL ITEM NUL EVENT NUL TEXT (TS in ISO form, absent fields
 * empty) as 16 lower-case hex digits, NUL-terminated. 0 or -1.
 */
int ec_doc_id(const struct ec_event *e, char out[17]);

/* ---- split ---- */

/* How many of a user's nrec records (time order) go to test with
 * --test-last k: k when nrec >= k + 1, else 0 (the user stays in train). */
size_t ec_split_ntest(size_t nrec, size_t k);

/* ---- output ---- */

/*
 * A computed real number for output: rounded to 6 decimal places, trailing
 * zeros dropped ("0.333333", "12.5", "3"), "-0" written as "0". Returns the
 * length.
 */
int ec_real_format(double v, char out[EC_NUM_LEN]);

/* Column type of a known table column for JSONL output (events, users,
 * items, samples, sales, baskets, docs): EC_COL_NUM or EC_COL_STR. */
enum ec_col_type ec_features_col_type(const char *name);

#endif
