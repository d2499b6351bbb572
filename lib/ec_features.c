/*
 * ec_features.c: the definitions behind ec-features(1) (see ec_features.h).
 *
 * Everything here works on one group at a time, handed over by the caller
 * in the order ec_sort gives it: a user's events in time order, an item's
 * events, a series' sales, an order's purchases. Tables that must see every
 * user (the high_value threshold) or every item (median prices, popularity)
 * are the caller's business; this file only gives the per-group arithmetic,
 * so that each definition lives in one place and the unit tests can check
 * it on hand-made events.
 */
#include "ec_features.h"

#include "ec_rng.h"
#include "ec_strmap.h"
#include "ec_time.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define DAY 86400

/* ---- events ---- */

int ec_kind_of(const char *s, size_t n)
{
	static const struct { const char *w; int k; } words[] = {
		{ "view", EC_KIND_VIEW }, { "click", EC_KIND_CLICK }, { "cart", EC_KIND_CART },
		{ "fav", EC_KIND_FAV }, { "purchase", EC_KIND_PURCHASE },
		{ "return", EC_KIND_RETURN }, { "search", EC_KIND_SEARCH },
		{ "review", EC_KIND_REVIEW }, { "rate", EC_KIND_RATE },
		{ "impression", EC_KIND_IMPRESSION },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].w) == n && !memcmp(words[i].w, s, n))
			return words[i].k;
	return EC_KIND_OTHER;
}

static int clip(size_t n) { return (int)(n > 40 ? 40 : n); }

int ec_event_parse(struct ec_event *e, const char *const *val, const size_t *len,
                   char *why, size_t whylen)
{
	for (int c = 0; c < EC_EV_NCOLS; c++) {
		const char *v = val[c];
		size_t n = v ? (len ? len[c] : strlen(v)) : 0;
		e->f[c] = n ? v : NULL;
		e->n[c] = n;
	}
	e->has = 0;
	e->qty = 1;
	e->price = e->value = e->dwell = 0;
	if (!e->f[EC_EV_TS]) {
		snprintf(why, whylen, "missing ts");
		return -1;
	}
	const char *reason;
	if (ec_time_parse(e->f[EC_EV_TS], e->n[EC_EV_TS], NULL, NULL, &e->ts, &reason) < 0) {
		snprintf(why, whylen, "bad ts '%.*s': %s", clip(e->n[EC_EV_TS]), e->f[EC_EV_TS],
		         reason);
		return -1;
	}
	if (!e->f[EC_EV_USER]) {
		snprintf(why, whylen, "missing user");
		return -1;
	}
	if (!e->f[EC_EV_EVENT]) {
		snprintf(why, whylen, "missing event");
		return -1;
	}
	e->kind = ec_kind_of(e->f[EC_EV_EVENT], e->n[EC_EV_EVENT]);
	if (!e->f[EC_EV_ITEM] && e->kind != EC_KIND_SEARCH) {
		snprintf(why, whylen, "missing item");
		return -1;
	}
	static const struct { int c; unsigned bit; const char *name; } nums[] = {
		{ EC_EV_QTY, EC_HAS_QTY, "quantity" }, { EC_EV_PRICE, EC_HAS_PRICE, "price" },
		{ EC_EV_VALUE, EC_HAS_VALUE, "value" }, { EC_EV_DWELL, EC_HAS_DWELL, "dwell" },
	};
	double *dst[] = { &e->qty, &e->price, &e->value, &e->dwell };
	for (size_t k = 0; k < 4; k++) {
		int c = nums[k].c;
		if (!e->f[c])
			continue;
		double d;
		if (ec_num_parse(e->f[c], e->n[c], &d) < 0) {
			snprintf(why, whylen, "bad %s '%.*s'", nums[k].name, clip(e->n[c]), e->f[c]);
			return -1;
		}
		if (d < 0 && c != EC_EV_VALUE) {
			snprintf(why, whylen, "negative %s '%.*s'", nums[k].name, clip(e->n[c]),
			         e->f[c]);
			return -1;
		}
		*dst[k] = d;
		e->has |= nums[k].bit;
	}
	return 0;
}

/* ---- user log ---- */

void ec_user_log_init(struct ec_user_log *u)
{
	memset(u, 0, sizeof *u);
	ec_buf_init(&u->arena);
	ec_buf_init(&u->sidbuf);
}

void ec_user_log_free(struct ec_user_log *u)
{
	free(u->ev);
	free(u->sid);
	free(u->sidlen);
	free(u->dwell);
	free(u->next);
	free(u->off);
	free(u->koff);
	ec_buf_free(&u->arena);
	ec_buf_free(&u->sidbuf);
	ec_strmap_free(u->map);
	ec_user_log_init(u);
}

void ec_user_log_reset(struct ec_user_log *u)
{
	u->n = 0;
	u->nsessions = 0;
	ec_buf_reset(&u->arena);
	ec_buf_reset(&u->sidbuf);
}

static int grow(void **p, size_t size, size_t cap)
{
	void *q = realloc(*p, size * cap);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

int ec_user_log_add(struct ec_user_log *u, const struct ec_event *e)
{
	if (u->n && e->ts < u->ev[u->n - 1].ts) {
		errno = EINVAL;
		return -1;
	}
	if (u->n == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 64;
		if (grow((void **)&u->ev, sizeof *u->ev, cap) < 0 ||
		    grow((void **)&u->off, sizeof *u->off * EC_EV_NCOLS, cap) < 0 ||
		    grow((void **)&u->sid, sizeof *u->sid, cap) < 0 ||
		    grow((void **)&u->sidlen, sizeof *u->sidlen, cap) < 0 ||
		    grow((void **)&u->dwell, sizeof *u->dwell, cap) < 0 ||
		    grow((void **)&u->next, sizeof *u->next, cap) < 0)
			return -1;
		u->cap = cap;
	}
	size_t *off = u->off + u->n * EC_EV_NCOLS;
	for (int c = 0; c < EC_EV_NCOLS; c++) {
		if (!e->f[c]) {
			off[c] = SIZE_MAX;
			continue;
		}
		off[c] = u->arena.len;
		if (ec_buf_add(&u->arena, e->f[c], e->n[c]) < 0 || ec_buf_addc(&u->arena, '\0') < 0)
			return -1;
	}
	u->ev[u->n++] = *e;
	return 0;
}

int ec_user_log_finish(struct ec_user_log *u, int64_t gap)
{
	/* the arena has stopped moving: offsets become pointers */
	for (size_t i = 0; i < u->n; i++) {
		const size_t *off = u->off + i * EC_EV_NCOLS;
		for (int c = 0; c < EC_EV_NCOLS; c++)
			u->ev[i].f[c] = off[c] == SIZE_MAX ? NULL : u->arena.data + off[c];
	}
	/* inactivity sessions: ordinal k of each event into next[] for now */
	size_t k = 0;
	for (size_t i = 0; i < u->n; i++) {
		if (i == 0 || u->ev[i].ts - u->ev[i - 1].ts > gap)
			k++;
		u->next[i] = k;
	}
	u->nsessions = k;
	if (k + 1 > u->kcap) {
		if (grow((void **)&u->koff, sizeof *u->koff, k + 1) < 0)
			return -1;
		u->kcap = k + 1;
	}
	ec_buf_reset(&u->sidbuf);
	const char *user = u->n ? u->ev[0].f[EC_EV_USER] : "";
	for (size_t j = 1; j <= k; j++) {
		u->koff[j] = u->sidbuf.len;
		if (ec_buf_addf(&u->sidbuf, "%s-%zu", user, j) < 0 || ec_buf_addc(&u->sidbuf, '\0') < 0)
			return -1;
	}
	for (size_t i = 0; i < u->n; i++) {
		const struct ec_event *e = &u->ev[i];
		if (e->f[EC_EV_SESSION]) {
			u->sid[i] = e->f[EC_EV_SESSION];
			u->sidlen[i] = e->n[EC_EV_SESSION];
		} else {
			u->sid[i] = u->sidbuf.data + u->koff[u->next[i]];
			u->sidlen[i] = strlen(u->sid[i]);
		}
	}
	/* next event of the same session: walk backwards remembering the
	 * latest index seen per session id */
	if (!u->map && !(u->map = ec_strmap_new(sizeof(size_t))))
		return -1;
	ec_strmap_clear(u->map);
	for (size_t i = u->n; i-- > 0;) {
		int isnew;
		size_t *last = ec_strmap_put(u->map, u->sid[i], u->sidlen[i], &isnew);
		if (!last)
			return -1;
		u->next[i] = isnew ? SIZE_MAX : *last;
		*last = i;
	}
	for (size_t i = 0; i < u->n; i++) {
		const struct ec_event *e = &u->ev[i];
		if (e->has & EC_HAS_DWELL)
			u->dwell[i] = e->dwell;
		else if (u->next[i] != SIZE_MAX)
			u->dwell[i] = (double)(u->ev[u->next[i]].ts - e->ts);
		else
			u->dwell[i] = NAN;
	}
	return 0;
}

/* ---- quantiles ---- */

void ec_quantile7_rank(size_t n, double p, size_t *lo, double *frac)
{
	if (n == 0) {
		*lo = 0;
		*frac = 0;
		return;
	}
	double h = (double)(n - 1) * p;
	double f = floor(h);
	*lo = (size_t)f;
	*frac = h - f;
	if (*lo >= n - 1) {
		*lo = n - 1;
		*frac = 0;
	}
}

double ec_quantile7(const double *x, size_t n, double p)
{
	if (n == 0)
		return NAN;
	size_t lo;
	double frac;
	ec_quantile7_rank(n, p, &lo, &frac);
	return frac == 0 ? x[lo] : x[lo] + frac * (x[lo + 1] - x[lo]);
}

/* ---- users ---- */

int ec_tags_format(unsigned tags, struct ec_buf *b)
{
	static const char *const names[] = {
		"new", "active", "lapsed", "high_value", "price_sensitive", "frequent_buyer",
		"cart_abandoner",
	};
	int first = 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(tags & (1u << i)))
			continue;
		if ((!first && ec_buf_addc(b, ' ') < 0) || ec_buf_adds(b, names[i]) < 0)
			return -1;
		first = 0;
	}
	return 0;
}

struct ec_profiler {
	struct ec_strmap *cats, *orders, *seen;
	double *prices;
	size_t nprices, capprices;
};

struct ec_profiler *ec_profiler_new(void)
{
	struct ec_profiler *pr = calloc(1, sizeof *pr);
	if (!pr)
		return NULL;
	pr->cats = ec_strmap_new(sizeof(size_t));
	pr->orders = ec_strmap_new(0);
	pr->seen = ec_strmap_new(0);
	if (!pr->cats || !pr->orders || !pr->seen) {
		ec_profiler_free(pr);
		return NULL;
	}
	return pr;
}

void ec_profiler_free(struct ec_profiler *pr)
{
	if (!pr)
		return;
	ec_strmap_free(pr->cats);
	ec_strmap_free(pr->orders);
	ec_strmap_free(pr->seen);
	free(pr->prices);
	free(pr);
}

void ec_profile_free(struct ec_profile *p)
{
	ec_buf_free(&p->top_categories);
	ec_buf_free(&p->last_items);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* 1 when category a (count ca) ranks before b: more frequent, then bytewise smaller */
static int cat_before(const char *a, size_t na, size_t ca, const char *b, size_t nb, size_t cb)
{
	if (ca != cb)
		return ca > cb;
	int c = memcmp(a, b, na < nb ? na : nb);
	return c ? c < 0 : na < nb;
}

static double amount(const struct ec_event *e)
{
	return (e->has & EC_HAS_PRICE) ? fabs(e->qty) * e->price : 0;
}

int ec_profile_user(struct ec_profiler *pr, const struct ec_user_log *u,
                    const struct ec_profile_opts *o, struct ec_profile *p)
{
	int64_t asof = o->asof;
	int64_t wstart = o->window > 0 ? asof - o->window : INT64_MIN;
	p->n_view = p->n_click = p->n_cart = p->n_purchase = 0;
	p->recency_days = -1;
	p->frequency = 0;
	p->monetary = 0;
	p->price_p10 = p->price_p90 = p->dwell_mean = NAN;
	p->tags = 0;
	p->n_priced_purchases = p->n_cheap_purchases = 0;
	ec_buf_reset(&p->top_categories);
	ec_buf_reset(&p->last_items);
	ec_strmap_clear(pr->cats);
	ec_strmap_clear(pr->orders);
	pr->nprices = 0;

	size_t n = 0; /* events before as-of: a prefix, the log being in time order */
	while (n < u->n && u->ev[n].ts < asof)
		n++;
	if (n == 0)
		return 0;

	double dwell_sum = 0;
	size_t dwell_n = 0;
	int64_t last_purchase = INT64_MIN, last_noorder = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		const struct ec_event *e = &u->ev[i];
		int inwin = e->ts >= wstart;
		if (inwin) {
			switch (e->kind) {
			case EC_KIND_VIEW: p->n_view++; break;
			case EC_KIND_CLICK: p->n_click++; break;
			case EC_KIND_CART: p->n_cart++; break;
			case EC_KIND_PURCHASE: p->n_purchase++; break;
			default: break;
			}
			if (e->f[EC_EV_CATEGORY]) {
				size_t *c = ec_strmap_put(pr->cats, e->f[EC_EV_CATEGORY],
				                          e->n[EC_EV_CATEGORY], NULL);
				if (!c)
					return -1;
				++*c;
			}
			if ((e->kind == EC_KIND_VIEW || e->kind == EC_KIND_PURCHASE) &&
			    (e->has & EC_HAS_PRICE)) {
				if (pr->nprices == pr->capprices) {
					size_t cap = pr->capprices ? 2 * pr->capprices : 64;
					if (grow((void **)&pr->prices, sizeof *pr->prices, cap) < 0)
						return -1;
					pr->capprices = cap;
				}
				pr->prices[pr->nprices++] = e->price;
			}
			if (!isnan(u->dwell[i])) {
				dwell_sum += u->dwell[i];
				dwell_n++;
			}
		}
		if (e->kind == EC_KIND_PURCHASE) {
			last_purchase = e->ts;
			p->monetary += amount(e);
			if (e->f[EC_EV_ORDER]) {
				if (!ec_strmap_put(pr->orders, e->f[EC_EV_ORDER], e->n[EC_EV_ORDER], NULL))
					return -1;
			} else if (e->ts != last_noorder) {
				p->frequency++; /* a distinct purchase time stands for an order */
				last_noorder = e->ts;
			}
			if ((e->has & EC_HAS_PRICE) && o->item_median) {
				double med = o->item_median(o->ctx, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM]);
				if (!isnan(med)) {
					p->n_priced_purchases++;
					p->n_cheap_purchases += e->price < med;
				}
			}
		} else if (e->kind == EC_KIND_RETURN) {
			p->monetary -= amount(e);
		}
	}
	p->frequency += ec_strmap_size(pr->orders);
	if (last_purchase != INT64_MIN)
		p->recency_days = (asof - last_purchase) / DAY;
	if (dwell_n)
		p->dwell_mean = dwell_sum / (double)dwell_n;
	if (pr->nprices) {
		qsort(pr->prices, pr->nprices, sizeof *pr->prices, cmp_double);
		p->price_p10 = ec_quantile7(pr->prices, pr->nprices, 0.1);
		p->price_p90 = ec_quantile7(pr->prices, pr->nprices, 0.9);
	}

	/* top categories: a selection of EC_TOP_CATEGORIES among the counts */
	size_t top[EC_TOP_CATEGORIES], ntop = 0;
	for (size_t i = 0; i < ec_strmap_size(pr->cats); i++) {
		size_t ni, cnt = *(size_t *)ec_strmap_val(pr->cats, i);
		const char *key = ec_strmap_key(pr->cats, i, &ni);
		size_t pos = ntop;
		while (pos > 0) {
			size_t nj, cj = *(size_t *)ec_strmap_val(pr->cats, top[pos - 1]);
			const char *kj = ec_strmap_key(pr->cats, top[pos - 1], &nj);
			if (!cat_before(key, ni, cnt, kj, nj, cj))
				break;
			pos--;
		}
		if (pos >= EC_TOP_CATEGORIES)
			continue;
		if (ntop < EC_TOP_CATEGORIES)
			ntop++;
		memmove(top + pos + 1, top + pos, (ntop - 1 - pos) * sizeof *top);
		top[pos] = i;
	}
	for (size_t j = 0; j < ntop; j++) {
		size_t nk;
		const char *key = ec_strmap_key(pr->cats, top[j], &nk);
		if ((j && ec_buf_addc(&p->top_categories, ' ') < 0) ||
		    ec_buf_add(&p->top_categories, key, nk) < 0)
			return -1;
	}

	/* last items: distinct viewed items, newest first */
	ec_strmap_clear(pr->seen);
	size_t nlast = 0;
	for (size_t i = n; i-- > 0 && nlast < EC_LAST_ITEMS;) {
		const struct ec_event *e = &u->ev[i];
		if (e->kind != EC_KIND_VIEW)
			continue;
		int isnew;
		if (!ec_strmap_put(pr->seen, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM], &isnew))
			return -1;
		if (!isnew)
			continue;
		if ((nlast && ec_buf_addc(&p->last_items, ' ') < 0) ||
		    ec_buf_add(&p->last_items, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM]) < 0)
			return -1;
		nlast++;
	}

	/* cart_abandoner: a cart not followed by a purchase of its item */
	ec_strmap_clear(pr->seen);
	int abandoned = 0;
	for (size_t i = n; i-- > 0 && !abandoned;) {
		const struct ec_event *e = &u->ev[i];
		if (e->kind == EC_KIND_PURCHASE) {
			if (!ec_strmap_put(pr->seen, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM], NULL))
				return -1;
		} else if (e->kind == EC_KIND_CART) {
			abandoned = !ec_strmap_get(pr->seen, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM]);
		}
	}

	int64_t recent = asof - (int64_t)EC_TAG_RECENT_DAYS * DAY;
	if (u->ev[0].ts >= recent)
		p->tags |= EC_TAG_NEW;
	if (u->ev[n - 1].ts >= recent)
		p->tags |= EC_TAG_ACTIVE;
	if (last_purchase != INT64_MIN && last_purchase < asof - (int64_t)EC_TAG_LAPSED_DAYS * DAY)
		p->tags |= EC_TAG_LAPSED;
	if (p->n_priced_purchases &&
	    (double)p->n_cheap_purchases >= EC_TAG_PRICE_SHARE * (double)p->n_priced_purchases)
		p->tags |= EC_TAG_PRICE_SENSITIVE;
	if (p->frequency >= EC_TAG_FREQUENT)
		p->tags |= EC_TAG_FREQUENT_BUYER;
	if (abandoned)
		p->tags |= EC_TAG_CART_ABANDONER;
	return 0;
}

/* ---- items ---- */

void ec_item_acc_reset(struct ec_item_acc *a) { memset(a, 0, sizeof *a); }

void ec_item_acc_add(struct ec_item_acc *a, const struct ec_event *e, int64_t asof,
                     int64_t window)
{
	if (e->ts >= asof)
		return;
	if (e->ts >= asof - 7 * DAY)
		a->last7++;
	else if (e->ts >= asof - 35 * DAY)
		a->prev28++;
	if (window > 0 && e->ts < asof - window)
		return;
	switch (e->kind) {
	case EC_KIND_VIEW: a->n_view++; break;
	case EC_KIND_CLICK: a->n_click++; break;
	case EC_KIND_CART: a->n_cart++; break;
	case EC_KIND_PURCHASE: a->n_purchase++; a->revenue += amount(e); break;
	case EC_KIND_RETURN: a->revenue -= amount(e); break;
	default: break;
	}
	if (e->has & EC_HAS_PRICE) {
		a->price_sum += e->price;
		a->price_n++;
	}
}

void ec_item_acc_row(const struct ec_item_acc *a, struct ec_item_row *r)
{
	r->n_view = a->n_view;
	r->n_click = a->n_click;
	r->n_cart = a->n_cart;
	r->n_purchase = a->n_purchase;
	r->ctr = a->n_view ? (double)a->n_click / (double)a->n_view : NAN;
	r->conversion = a->n_view ? (double)a->n_purchase / (double)a->n_view : NAN;
	r->revenue = a->revenue;
	r->price_mean = a->price_n ? a->price_sum / (double)a->price_n : NAN;
	r->trend = a->prev28 ? ((double)a->last7 / 7.0) / ((double)a->prev28 / 28.0) : NAN;
}

/* ---- samples ---- */

struct pop_item {
	uint64_t count;
	int64_t ts;             /* of the event category and price come from */
	size_t cat_off, cat_len; /* cat_len SIZE_MAX: none */
	double price;
	int has_price;
};

struct ec_popularity {
	struct ec_strmap *map;
	struct ec_buf cats;
	uint64_t *cum;
	uint64_t total;
};

struct ec_popularity *ec_popularity_new(void)
{
	struct ec_popularity *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	ec_buf_init(&p->cats);
	if (!(p->map = ec_strmap_new(sizeof(struct pop_item)))) {
		free(p);
		return NULL;
	}
	return p;
}

void ec_popularity_free(struct ec_popularity *p)
{
	if (!p)
		return;
	ec_strmap_free(p->map);
	ec_buf_free(&p->cats);
	free(p->cum);
	free(p);
}

int ec_popularity_add(struct ec_popularity *p, const struct ec_event *e)
{
	if (!e->f[EC_EV_ITEM])
		return 0;
	int isnew;
	struct pop_item *it = ec_strmap_put(p->map, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM], &isnew);
	if (!it)
		return -1;
	if (isnew)
		it->cat_len = SIZE_MAX;
	it->count++;
	if (isnew || e->ts >= it->ts) {
		it->ts = e->ts;
		if (e->f[EC_EV_CATEGORY]) {
			const char *cur = it->cat_len == SIZE_MAX ? NULL : p->cats.data + it->cat_off;
			if (!cur || it->cat_len != e->n[EC_EV_CATEGORY] ||
			    memcmp(cur, e->f[EC_EV_CATEGORY], it->cat_len)) {
				it->cat_off = p->cats.len;
				it->cat_len = e->n[EC_EV_CATEGORY];
				if (ec_buf_add(&p->cats, e->f[EC_EV_CATEGORY], it->cat_len) < 0)
					return -1;
			}
		}
		if (e->has & EC_HAS_PRICE) {
			it->price = e->price;
			it->has_price = 1;
		}
	}
	return 0;
}

int ec_popularity_build(struct ec_popularity *p)
{
	size_t n = ec_strmap_size(p->map);
	free(p->cum);
	if (!(p->cum = malloc((n ? n : 1) * sizeof *p->cum)))
		return -1;
	p->total = 0;
	for (size_t i = 0; i < n; i++) {
		p->total += ((struct pop_item *)ec_strmap_val(p->map, i))->count;
		p->cum[i] = p->total;
	}
	return 0;
}

size_t ec_popularity_size(const struct ec_popularity *p) { return ec_strmap_size(p->map); }

/* Entry index drawn with probability count / total. */
static size_t pop_draw(const struct ec_popularity *p, uint64_t *rng)
{
	uint64_t r = ec_splitmix64(rng) % p->total;
	size_t lo = 0, hi = ec_strmap_size(p->map) - 1;
	while (lo < hi) { /* first i with cum[i] > r */
		size_t mid = lo + (hi - lo) / 2;
		if (p->cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int ec_price_bucket(double price)
{
	return (int)floor(log2(price + 1));
}

struct ec_sampler {
	struct ec_sample_opts o;
	struct ec_strmap *later, *viewed;
	unsigned char *label;
	size_t cap;
	struct ec_buf key, hitems, hcats;
};

struct ec_sampler *ec_sampler_new(const struct ec_sample_opts *o)
{
	struct ec_sampler *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->o = *o;
	ec_buf_init(&s->key);
	ec_buf_init(&s->hitems);
	ec_buf_init(&s->hcats);
	s->later = ec_strmap_new(0);
	s->viewed = ec_strmap_new(0);
	if (!s->later || !s->viewed) {
		ec_sampler_free(s);
		return NULL;
	}
	return s;
}

void ec_sampler_free(struct ec_sampler *s)
{
	if (!s)
		return;
	ec_strmap_free(s->later);
	ec_strmap_free(s->viewed);
	free(s->label);
	ec_buf_free(&s->key);
	ec_buf_free(&s->hitems);
	ec_buf_free(&s->hcats);
	free(s);
}

static unsigned label_bit(int kind)
{
	switch (kind) {
	case EC_KIND_CLICK: return EC_LABEL_CLICK;
	case EC_KIND_CART: return EC_LABEL_CART;
	case EC_KIND_PURCHASE: return EC_LABEL_PURCHASE;
	default: return 0;
	}
}

/* session id NUL item: the key of "an event on this item in this session" */
static int sess_item_key(struct ec_buf *k, const struct ec_user_log *u, size_t i)
{
	ec_buf_reset(k);
	return ec_buf_add(k, u->sid[i], u->sidlen[i]) < 0 || ec_buf_addc(k, '\0') < 0 ||
	               ec_buf_add(k, u->ev[i].f[EC_EV_ITEM], u->ev[i].n[EC_EV_ITEM]) < 0
	           ? -1
	           : 0;
}

/* The last `hist` values of field c among u->ev[0..end), newest first. */
static int history(struct ec_buf *b, const struct ec_user_log *u, size_t end, int c, size_t hist)
{
	ec_buf_reset(b);
	size_t got = 0;
	for (size_t j = end; j-- > 0 && got < hist;) {
		const struct ec_event *e = &u->ev[j];
		if (!e->f[c])
			continue;
		if ((got && ec_buf_addc(b, ' ') < 0) || ec_buf_add(b, e->f[c], e->n[c]) < 0)
			return -1;
		got++;
	}
	return 0;
}

int ec_sampler_user(struct ec_sampler *s, const struct ec_user_log *u, ec_sample_fn fn,
                    void *ctx)
{
	const struct ec_sample_opts *o = &s->o;
	int64_t wstart = o->window > 0 ? o->asof - o->window : INT64_MIN;
	size_t n = 0;
	while (n < u->n && u->ev[n].ts < o->asof)
		n++;
	if (n > s->cap) {
		if (grow((void **)&s->label, 1, n) < 0)
			return -1;
		s->cap = n;
	}
	/* labels: walking backwards, `later` holds (session, item) of the
	 * labelled kinds seen after the current event */
	ec_strmap_clear(s->later);
	ec_strmap_clear(s->viewed);
	for (size_t i = n; i-- > 0;) {
		const struct ec_event *e = &u->ev[i];
		s->label[i] = 0;
		if (!e->f[EC_EV_ITEM])
			continue;
		if (e->kind == EC_KIND_VIEW || e->kind == EC_KIND_IMPRESSION) {
			if (sess_item_key(&s->key, u, i) < 0)
				return -1;
			s->label[i] = ec_strmap_get(s->later, s->key.data, s->key.len) != NULL;
			if (e->kind == EC_KIND_VIEW &&
			    !ec_strmap_put(s->viewed, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM], NULL))
				return -1;
		} else if (label_bit(e->kind) & o->label) {
			if (sess_item_key(&s->key, u, i) < 0 ||
			    !ec_strmap_put(s->later, s->key.data, s->key.len, NULL))
				return -1;
		}
	}
	size_t start = 0; /* first event with the current event's ts */
	for (size_t i = 0; i < n; i++) {
		const struct ec_event *e = &u->ev[i];
		if (i && e->ts != u->ev[i - 1].ts)
			start = i;
		if ((e->kind != EC_KIND_VIEW && e->kind != EC_KIND_IMPRESSION) || !e->f[EC_EV_ITEM] ||
		    e->ts < wstart)
			continue;
		if (history(&s->hitems, u, start, EC_EV_ITEM, o->hist) < 0 ||
		    history(&s->hcats, u, start, EC_EV_CATEGORY, o->hist) < 0)
			return -1;
		struct ec_sample_row r;
		int64_t days = e->ts >= 0 ? e->ts / DAY : -((-e->ts + DAY - 1) / DAY);
		int64_t secs = e->ts - days * DAY;
		r.ts = e->ts;
		r.user = e->f[EC_EV_USER];
		r.user_len = e->n[EC_EV_USER];
		r.item = e->f[EC_EV_ITEM];
		r.item_len = e->n[EC_EV_ITEM];
		r.category = e->f[EC_EV_CATEGORY];
		r.category_len = e->n[EC_EV_CATEGORY];
		r.price_bucket = (e->has & EC_HAS_PRICE) ? ec_price_bucket(e->price) : -1;
		r.hour = (int)(secs / 3600);
		r.weekday = (int)(((days + 3) % 7 + 7) % 7) + 1;
		r.hist_items = s->hitems.data;
		r.hist_cats = s->hcats.data;
		r.label = s->label[i];
		r.negative = 0;
		int rc = fn(ctx, &r);
		if (rc)
			return rc;
		if (!r.label || !o->negatives || !o->pop || !o->pop->total)
			continue;
		for (size_t k = 0; k < o->negatives; k++) {
			const struct pop_item *it = NULL;
			const char *item = NULL;
			size_t item_len = 0;
			for (int tries = 0; tries < 32; tries++) {
				size_t j = pop_draw(o->pop, o->rng);
				item = ec_strmap_key(o->pop->map, j, &item_len);
				if (!ec_strmap_get(s->viewed, item, item_len)) {
					it = ec_strmap_val(o->pop->map, j);
					break;
				}
			}
			if (!it)
				continue;
			r.item = item;
			r.item_len = item_len;
			r.category = it->cat_len == SIZE_MAX ? NULL : o->pop->cats.data + it->cat_off;
			r.category_len = it->cat_len == SIZE_MAX ? 0 : it->cat_len;
			r.price_bucket = it->has_price ? ec_price_bucket(it->price) : -1;
			r.label = 0;
			r.negative = 1;
			if ((rc = fn(ctx, &r)))
				return rc;
		}
	}
	return 0;
}

/* ---- sales ---- */

int64_t ec_bucket_start(int64_t t, enum ec_freq f)
{
	int64_t days = t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
	switch (f) {
	case EC_FREQ_HOUR: return t - (((t % 3600) + 3600) % 3600);
	case EC_FREQ_DAY: return days * DAY;
	case EC_FREQ_WEEK: /* 1970-01-01 was a Thursday: Monday is 3 days before */
		return (days - (((days + 3) % 7) + 7) % 7) * DAY;
	}
	return t;
}

static int64_t bucket_len(enum ec_freq f)
{
	return f == EC_FREQ_HOUR ? 3600 : f == EC_FREQ_DAY ? DAY : 7 * DAY;
}

int ec_bucket_format(int64_t b, enum ec_freq f, char out[32])
{
	if (f == EC_FREQ_HOUR)
		return ec_time_format(b, out);
	int64_t y;
	int m, d;
	ec_civil_from_days(b / DAY, &y, &m, &d);
	return snprintf(out, 32, "%04lld-%02d-%02d", (long long)y, m, d);
}

void ec_series_begin(struct ec_series *s, enum ec_freq f, int64_t asof)
{
	s->freq = f;
	s->last = ec_bucket_start(asof - 1, f);
	s->cur = 0;
	s->sum = 0;
	s->started = 0;
}

int ec_series_add(struct ec_series *s, int64_t t, double value, ec_series_fn fn, void *ctx)
{
	int64_t b = ec_bucket_start(t, s->freq);
	if (!s->started) {
		s->cur = b;
		s->sum = 0;
		s->started = 1;
	}
	while (s->cur < b) {
		int rc = fn(ctx, s->cur, s->sum);
		if (rc)
			return rc;
		s->sum = 0;
		s->cur += bucket_len(s->freq);
	}
	s->sum += value;
	return 0;
}

int ec_series_end(struct ec_series *s, ec_series_fn fn, void *ctx)
{
	if (!s->started)
		return 0;
	int rc = fn(ctx, s->cur, s->sum);
	while (!rc && s->cur < s->last) {
		s->cur += bucket_len(s->freq);
		rc = fn(ctx, s->cur, 0);
	}
	s->started = 0;
	return rc;
}

/* ---- baskets ---- */

void ec_basket_init(struct ec_basket *b)
{
	ec_buf_init(&b->items);
	b->n = 0;
	b->seen = NULL;
}

void ec_basket_reset(struct ec_basket *b)
{
	ec_buf_reset(&b->items);
	b->n = 0;
	if (b->seen)
		ec_strmap_clear(b->seen);
}

void ec_basket_free(struct ec_basket *b)
{
	ec_buf_free(&b->items);
	ec_strmap_free(b->seen);
	ec_basket_init(b);
}

int ec_basket_add(struct ec_basket *b, const char *item, size_t n)
{
	if (!b->seen && !(b->seen = ec_strmap_new(0)))
		return -1;
	int isnew;
	if (!ec_strmap_put(b->seen, item, n, &isnew))
		return -1;
	if (!isnew)
		return 0;
	if ((b->n && ec_buf_addc(&b->items, ' ') < 0) || ec_buf_add(&b->items, item, n) < 0)
		return -1;
	b->n++;
	return 0;
}

/* ---- docs ---- */

int ec_doc_id(const struct ec_event *e, char out[17])
{
	char ts[EC_TIME_LEN], small[512];
	size_t n = (size_t)ec_time_format(e->ts, ts) + 4;
	static const int cols[] = { EC_EV_USER, EC_EV_ITEM, EC_EV_EVENT, EC_EV_TEXT };
	for (size_t i = 0; i < 4; i++)
		n += e->f[cols[i]] ? e->n[cols[i]] : 0;
	/* the bytes in one piece: XXH3's streaming state is not public API */
	char *buf = n <= sizeof small ? small : malloc(n);
	if (!buf)
		return -1;
	{
		size_t k = (size_t)ec_time_format(e->ts, buf);
		for (size_t i = 0; i < 4; i++) {
			buf[k++] = '\0';
			if (e->f[cols[i]]) {
				memcpy(buf + k, e->f[cols[i]], e->n[cols[i]]);
				k += e->n[cols[i]];
			}
		}
		snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(buf, k));
	}
	if (buf != small)
		free(buf);
	return 0;
}

/* ---- split ---- */

size_t ec_split_ntest(size_t nrec, size_t k)
{
	return nrec >= k + 1 ? k : 0;
}

/* ---- output ---- */

int ec_real_format(double v, char out[EC_NUM_LEN])
{
	int n = snprintf(out, EC_NUM_LEN, "%.6f", v);
	if (n <= 0 || n >= EC_NUM_LEN)
		return ec_num_format(v, out);
	while (n > 0 && out[n - 1] == '0')
		n--;
	if (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
	if (!strcmp(out, "-0"))
		return snprintf(out, EC_NUM_LEN, "0");
	return n;
}

enum ec_col_type ec_features_col_type(const char *name)
{
	static const char *const nums[] = {
		"qty", "price", "value", "dwell", "n_view", "n_click", "n_cart", "n_purchase",
		"recency_days", "frequency", "monetary", "price_p10", "price_p90", "dwell_mean",
		"ctr", "conversion", "revenue", "price_mean", "trend", "price_bucket", "hour",
		"weekday", "label",
	};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (!strcmp(name, nums[i]))
			return EC_COL_NUM;
	return EC_COL_STR;
}
