/*
 * ec_rules.c: business rules (jansson), mined-rule matching and the coupon
 * knapsack. See ec_rules.h for the contract and ec-rules(1) for the rules
 * file.
 *
 * The rules loader is strict on purpose: a typo in a field name ("boots")
 * would otherwise make a rule silently do nothing in a nightly campaign,
 * so unknown fields are errors, as are wrong types and empty actions.
 */
#include "ec_rules.h"

#include "ec_strmap.h"
#include "ec_time.h"

#include "ec_buf.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- coupons ---- */

/* Amounts are bounded (EC_MONEY_MAX) where they are read, so that sums of
 * cents stay far inside 64 bits. */
static int64_t cents(double x)
{
	if (!(x > -EC_MONEY_MAX * 1e3 && x < EC_MONEY_MAX * 1e3))
		x = x > 0 ? EC_MONEY_MAX * 1e3 : -EC_MONEY_MAX * 1e3;
	return (int64_t)llround(x * 100.0);
}

static int coupon_cmp(const void *x, const void *y)
{
	const struct ec_coupon *a = x, *b = y;
	if (a->threshold != b->threshold)
		return a->threshold < b->threshold ? -1 : 1;
	return (a->discount > b->discount) - (a->discount < b->discount);
}

static int strict_num(const char *s, size_t n, double *v)
{
	char tmp[64], *end;
	if (!n || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtod(tmp, &end);
	return *end || errno || !isfinite(*v) ? -1 : 0;
}

int ec_coupons_parse(const char *s, struct ec_coupon *c, size_t max, size_t *n, char *err,
                     size_t errlen)
{
	*n = 0;
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		const char *colon = memchr(p, ':', l);
		double t, d;
		if (!colon || strict_num(p, (size_t)(colon - p), &t) < 0 ||
		    strict_num(colon + 1, l - (size_t)(colon - p) - 1, &d) < 0) {
			snprintf(err, errlen, "'%.*s' is not THRESHOLD:DISCOUNT", (int)l, p);
			return -1;
		}
		if (t <= 0 || d <= 0 || t > EC_MONEY_MAX) {
			snprintf(err, errlen, "'%.*s': amounts must be positive and at most %g", (int)l,
			         p, EC_MONEY_MAX);
			return -1;
		}
		if (d >= t) {
			snprintf(err, errlen, "'%.*s': discount is not less than the threshold", (int)l,
			         p);
			return -1;
		}
		if (*n == max) {
			snprintf(err, errlen, "more than %zu coupons", max);
			return -1;
		}
		c[*n].threshold = t;
		c[(*n)++].discount = d;
		if (!e)
			break;
		p = e + 1;
	}
	qsort(c, *n, sizeof *c, coupon_cmp);
	return 0;
}

/* Least sum >= need over subsets of p[0..n) (cents, > 0): the set into
 * add/nadd, its sum returned; -1 when unreachable, -2 ENOMEM. */
static int64_t cover(const int64_t *p, size_t n, int64_t need, size_t *add, size_t *nadd)
{
	int64_t maxp = 0, all = 0;
	for (size_t i = 0; i < n; i++) {
		all += p[i];
		if (p[i] > maxp)
			maxp = p[i];
	}
	*nadd = 0;
	if (need <= 0)
		return 0;
	if (all < need)
		return -1;
	int64_t lim = need + maxp; /* sums in [0, lim) */
	if (lim > 1 && lim <= ((int64_t)1 << 24)) {
		/* by[s]: 1 + the candidate that first made sum s reachable; a sum
		 * first reached at candidate k comes from one reached before k, so
		 * walking back gives distinct candidates */
		unsigned char *by = calloc((size_t)lim, 1);
		if (!by)
			return -2;
		by[0] = 255;
		int64_t hi = 0;
		for (size_t k = 0; k < n; k++) {
			for (int64_t s = hi; s >= 0; s--) {
				if (!by[s] || s + p[k] >= lim || by[s + p[k]])
					continue;
				by[s + p[k]] = (unsigned char)(k + 1);
			}
			hi = hi + p[k] < lim - 1 ? hi + p[k] : lim - 1;
		}
		int64_t best = need;
		while (best < lim && !by[best])
			best++;
		if (best >= lim) {
			free(by);
			return -1;
		}
		*nadd = 0;
		for (int64_t s = best; s > 0; s -= p[by[s] - 1])
			add[(*nadd)++] = (size_t)(by[s] - 1);
		free(by);
		for (size_t a = 0, b = *nadd ? *nadd - 1 : 0; a < b; a++, b--) {
			size_t x = add[a];
			add[a] = add[b];
			add[b] = x;
		}
		return best;
	}
	if (n > 20)
		n = 20;
	int64_t best = -1;
	uint32_t bestm = 0;
	for (uint32_t m = 1; m < (1u << n); m++) {
		int64_t s = 0;
		for (size_t i = 0; i < n; i++)
			if (m >> i & 1)
				s += p[i];
		if (s >= need && (best < 0 || s < best)) {
			best = s;
			bestm = m;
		}
	}
	if (best < 0)
		return -1;
	*nadd = 0;
	for (size_t i = 0; i < n; i++)
		if (bestm >> i & 1)
			add[(*nadd)++] = i;
	return best;
}

int ec_coupon_plan(const struct ec_coupon *c, size_t nc, double total, const double *price,
                   size_t ncand, size_t *add, size_t *nadd, double *extra)
{
	*nadd = 0;
	*extra = 0;
	int64_t tot = cents(total);
	long next = -1, reached = -1;
	for (size_t i = 0; i < nc; i++) {
		int64_t t = cents(c[i].threshold);
		if (t > tot) {
			if (next < 0 || t < cents(c[next].threshold) ||
			    (t == cents(c[next].threshold) && c[i].discount > c[next].discount))
				next = (long)i;
		} else if (reached < 0 || c[i].discount > c[reached].discount) {
			reached = (long)i;
		}
	}
	if (next >= 0 && ncand) {
		int64_t p[EC_COUPON_MAX_CANDIDATES];
		size_t idx[EC_COUPON_MAX_CANDIDATES], np = 0;
		for (size_t i = 0; i < ncand && np < EC_COUPON_MAX_CANDIDATES; i++) {
			int64_t v = cents(price[i]);
			if (v > 0) {
				idx[np] = i;
				p[np++] = v;
			}
		}
		int64_t s = cover(p, np, cents(c[next].threshold) - tot, add, nadd);
		if (s == -2)
			return -2;
		if (s >= 0) {
			for (size_t k = 0; k < *nadd; k++)
				add[k] = idx[add[k]];
			*extra = (double)s / 100.0;
			return (int)next;
		}
	}
	*nadd = 0;
	return reached >= 0 ? (int)reached : -1;
}

/* ---- business rules ---- */

const char *const ec_channels[3] = { "push", "sms", "mini-program" };

struct perr {
	char *err;
	size_t errlen;
	const char *name;
	size_t pos;
};

static int fail(struct perr *pe, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct perr *pe, const char *field, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (field)
		snprintf(pe->err, pe->errlen, "%s: rule %zu: \"%s\": %s", pe->name, pe->pos, field,
		         what);
	else
		snprintf(pe->err, pe->errlen, "%s: rule %zu: %s", pe->name, pe->pos, what);
	return -1;
}

static void strlist_free(struct ec_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int get_strlist(struct perr *pe, json_t *v, const char *field, struct ec_strlist *l)
{
	if (json_is_string(v)) {
		l->v = malloc(sizeof *l->v);
		if (!l->v || !(l->v[0] = strdup(json_string_value(v))))
			return fail(pe, field, "out of memory");
		l->n = 1;
		return 0;
	}
	if (!json_is_array(v))
		return fail(pe, field, "not a list of strings");
	size_t n = json_array_size(v);
	if (!n)
		return fail(pe, field, "empty list");
	l->v = calloc(n, sizeof *l->v);
	if (!l->v)
		return fail(pe, field, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e) || !json_string_length(e))
			return fail(pe, field, "element %zu is not a non-empty string", i + 1);
		if (!(l->v[l->n++] = strdup(json_string_value(e))))
			return fail(pe, field, "out of memory");
	}
	return 0;
}

static int get_num(struct perr *pe, json_t *v, const char *field, double *x, double lo)
{
	if (!json_is_number(v))
		return fail(pe, field, "not a number");
	*x = json_number_value(v);
	if (!(*x >= lo) || !isfinite(*x))
		return fail(pe, field, "%g is less than %g", *x, lo);
	return 0;
}

static int get_time(struct perr *pe, json_t *v, const char *field, int end, int64_t *t)
{
	const char *why;
	if (!json_is_string(v))
		return fail(pe, field, "not a date string");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (ec_time_parse(s, n, NULL, NULL, t, &why) < 0)
		return fail(pe, field, "'%s': %s", s, why);
	if (end && n == 10) /* a bare date ends with its day */
		*t += 86399;
	return 0;
}

static int parse_when(struct perr *pe, json_t *w, struct ec_brule *r)
{
	if (!json_is_object(w))
		return fail(pe, "when", "not an object");
	const char *k;
	json_t *v;
	json_object_foreach(w, k, v) {
		char f[64];
		snprintf(f, sizeof f, "when.%s", k);
		int rc;
		if (!strcmp(k, "bought"))
			rc = get_strlist(pe, v, f, &r->bought);
		else if (!strcmp(k, "viewed"))
			rc = get_strlist(pe, v, f, &r->viewed);
		else if (!strcmp(k, "in_basket"))
			rc = get_strlist(pe, v, f, &r->in_basket);
		else if (!strcmp(k, "categories"))
			rc = get_strlist(pe, v, f, &r->categories);
		else if (!strcmp(k, "tags"))
			rc = get_strlist(pe, v, f, &r->tags);
		else if (!strcmp(k, "min_total"))
			rc = get_num(pe, v, f, &r->min_total, 0);
		else if (!strcmp(k, "max_total"))
			rc = get_num(pe, v, f, &r->max_total, 0);
		else
			rc = fail(pe, f, "unknown field");
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int parse_coupon(struct perr *pe, json_t *v, struct ec_brule *r)
{
	if (!json_is_object(v))
		return fail(pe, "action.coupon", "not an object");
	const char *k;
	json_t *x;
	int have_t = 0, have_d = 0;
	json_object_foreach(v, k, x) {
		char f[64];
		snprintf(f, sizeof f, "action.coupon.%s", k);
		if (!strcmp(k, "threshold")) {
			if (get_num(pe, x, f, &r->coupon.threshold, 0) < 0)
				return -1;
			have_t = 1;
		} else if (!strcmp(k, "discount")) {
			if (get_num(pe, x, f, &r->coupon.discount, 0) < 0)
				return -1;
			have_d = 1;
		} else {
			return fail(pe, f, "unknown field");
		}
	}
	if (!have_t)
		return fail(pe, "action.coupon.threshold", "missing");
	if (!have_d)
		return fail(pe, "action.coupon.discount", "missing");
	if (r->coupon.discount <= 0 || r->coupon.discount >= r->coupon.threshold)
		return fail(pe, "action.coupon.discount", "not between 0 and the threshold");
	r->has_coupon = 1;
	return 0;
}

static int parse_action(struct perr *pe, json_t *a, struct ec_brule *r)
{
	if (!json_is_object(a))
		return fail(pe, "action", "not an object");
	const char *k;
	json_t *v;
	json_object_foreach(a, k, v) {
		char f[64];
		snprintf(f, sizeof f, "action.%s", k);
		int rc = 0;
		if (!strcmp(k, "recommend")) {
			rc = get_strlist(pe, v, f, &r->recommend);
		} else if (!strcmp(k, "score")) {
			rc = get_num(pe, v, f, &r->score, 0);
		} else if (!strcmp(k, "boost")) {
			rc = get_num(pe, v, f, &r->boost, 0);
		} else if (!strcmp(k, "boost_items")) {
			rc = get_strlist(pe, v, f, &r->boost_items);
		} else if (!strcmp(k, "boost_categories")) {
			rc = get_strlist(pe, v, f, &r->boost_categories);
		} else if (!strcmp(k, "coupon")) {
			rc = parse_coupon(pe, v, r);
		} else if (!strcmp(k, "channel")) {
			if (!json_is_string(v))
				return fail(pe, f, "not a string");
			const char *s = json_string_value(v);
			size_t i = 0;
			while (i < 3 && strcmp(s, ec_channels[i]))
				i++;
			if (i == 3)
				return fail(pe, f, "'%s' is not push, sms or mini-program", s);
			r->channel = strdup(s);
			if (!r->channel)
				return fail(pe, f, "out of memory");
		} else {
			rc = fail(pe, f, "unknown field");
		}
		if (rc < 0)
			return -1;
	}
	if (!isnan(r->boost) && !r->boost_items.n && !r->boost_categories.n)
		return fail(pe, "action.boost", "needs boost_items or boost_categories");
	if (isnan(r->boost) && (r->boost_items.n || r->boost_categories.n))
		return fail(pe, "action.boost", "missing (boost_items and boost_categories need it)");
	if (!r->recommend.n && isnan(r->boost) && !r->has_coupon && !r->channel)
		return fail(pe, "action", "no recommend, boost, coupon or channel");
	return 0;
}

static void brule_free(struct ec_brule *r)
{
	free(r->id);
	strlist_free(&r->bought);
	strlist_free(&r->viewed);
	strlist_free(&r->in_basket);
	strlist_free(&r->categories);
	strlist_free(&r->tags);
	strlist_free(&r->recommend);
	strlist_free(&r->boost_items);
	strlist_free(&r->boost_categories);
	free(r->channel);
}

static int parse_rule(struct perr *pe, json_t *o, struct ec_brule *r)
{
	r->pos = pe->pos;
	r->from = INT64_MIN;
	r->to = INT64_MAX;
	r->min_total = r->max_total = r->boost = NAN;
	r->score = 1;
	if (!json_is_object(o))
		return fail(pe, NULL, "not an object");
	const char *k;
	json_t *v;
	int have_action = 0;
	json_object_foreach(o, k, v) {
		int rc = 0;
		if (!strcmp(k, "id")) {
			if (!json_is_string(v) || !json_string_length(v))
				return fail(pe, "id", "not a non-empty string");
			if (!(r->id = strdup(json_string_value(v))))
				return fail(pe, "id", "out of memory");
		} else if (!strcmp(k, "priority")) {
			if (!json_is_integer(v))
				return fail(pe, "priority", "not an integer");
			r->priority = json_integer_value(v);
		} else if (!strcmp(k, "from")) {
			rc = get_time(pe, v, "from", 0, &r->from);
		} else if (!strcmp(k, "to")) {
			rc = get_time(pe, v, "to", 1, &r->to);
		} else if (!strcmp(k, "when")) {
			rc = parse_when(pe, v, r);
		} else if (!strcmp(k, "action")) {
			rc = parse_action(pe, v, r);
			have_action = 1;
		} else {
			rc = fail(pe, k, "unknown field");
		}
		if (rc < 0)
			return -1;
	}
	if (!have_action)
		return fail(pe, "action", "missing");
	if (r->from > r->to)
		return fail(pe, "to", "before \"from\"");
	if (!r->id) {
		char b[32];
		snprintf(b, sizeof b, "rule %zu", pe->pos);
		if (!(r->id = strdup(b)))
			return fail(pe, "id", "out of memory");
	}
	return 0;
}

static int brule_cmp(const void *x, const void *y)
{
	const struct ec_brule *a = x, *b = y;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

int ec_brules_parse(struct ec_brules *br, const char *text, size_t len, const char *name,
                    char *err, size_t errlen)
{
	json_error_t je;
	br->r = NULL;
	br->n = 0;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, errlen, "%s:%d: %s", name, je.line, je.text);
		return -1;
	}
	json_t *list = root;
	if (json_is_object(root)) {
		const char *k;
		json_t *v;
		list = NULL;
		json_object_foreach(root, k, v) {
			if (!strcmp(k, "rules"))
				list = v;
			else if (strcmp(k, "version") && strcmp(k, "comment")) {
				snprintf(err, errlen, "%s: \"%s\": unknown field", name, k);
				json_decref(root);
				return -1;
			}
		}
	}
	if (!list || !json_is_array(list)) {
		snprintf(err, errlen, "%s: \"rules\": not a list of rules", name);
		json_decref(root);
		return -1;
	}
	size_t n = json_array_size(list);
	br->r = calloc(n ? n : 1, sizeof *br->r);
	if (!br->r) {
		snprintf(err, errlen, "%s: out of memory", name);
		json_decref(root);
		return -1;
	}
	struct perr pe = { err, errlen, name, 0 };
	for (size_t i = 0; i < n; i++) {
		pe.pos = i + 1;
		br->n = i + 1;
		if (parse_rule(&pe, json_array_get(list, i), &br->r[i]) < 0) {
			json_decref(root);
			ec_brules_free(br);
			return -1;
		}
	}
	json_decref(root);
	qsort(br->r, br->n, sizeof *br->r, brule_cmp);
	return 0;
}

int ec_brules_load(struct ec_brules *br, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 65536 > cap) {
			cap = cap ? 2 * cap : 65536;
			char *t = realloc(text, cap);
			if (!t) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			text = t;
		}
		size_t k = fread(text + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(text);
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	int rc = ec_brules_parse(br, text, len, path, err, errlen);
	free(text);
	return rc;
}

void ec_brules_free(struct ec_brules *br)
{
	for (size_t i = 0; i < br->n; i++)
		brule_free(&br->r[i]);
	free(br->r);
	br->r = NULL;
	br->n = 0;
}

static int any_in(const struct ec_strlist *l, const char *const *v, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t j = 0; j < n; j++)
			if (!strcmp(l->v[i], v[j]))
				return 1;
	return 0;
}

int ec_brule_matches(const struct ec_brule *r, const struct ec_bctx *c)
{
	if (c->at < r->from || c->at > r->to)
		return 0;
	if (r->bought.n && !any_in(&r->bought, c->bought, c->nbought))
		return 0;
	if (r->viewed.n && !any_in(&r->viewed, c->viewed, c->nviewed))
		return 0;
	if (r->in_basket.n && !any_in(&r->in_basket, c->basket, c->nbasket))
		return 0;
	if (r->categories.n && !any_in(&r->categories, c->categories, c->ncategories))
		return 0;
	if (r->tags.n && !any_in(&r->tags, c->tags, c->ntags))
		return 0;
	if (!isnan(r->min_total) && !(c->total >= r->min_total))
		return 0;
	if (!isnan(r->max_total) && !(c->total <= r->max_total))
		return 0;
	return 1;
}

/* ---- mined rules ---- */

struct mrule {
	size_t lhs_off, nl;   /* into ids and names */
	uint32_t rhs;
	double confidence, lift;
};

struct ec_ruleset {
	struct ec_strmap *items;   /* name -> uint32_t id */
	uint32_t *ids;
	const char **names;        /* parallel to ids, refreshed before use */
	size_t nids, capids;
	struct mrule *r;
	size_t n, cap;
	uint64_t *stamp, gen;
	size_t capstamp;
};

struct ec_ruleset *ec_ruleset_new(void)
{
	struct ec_ruleset *rs = calloc(1, sizeof *rs);
	if (!rs)
		return NULL;
	if (!(rs->items = ec_strmap_new(sizeof(uint32_t)))) {
		free(rs);
		return NULL;
	}
	return rs;
}

void ec_ruleset_free(struct ec_ruleset *rs)
{
	if (!rs)
		return;
	ec_strmap_free(rs->items);
	free(rs->ids);
	free(rs->names);
	free(rs->r);
	free(rs->stamp);
	free(rs);
}

static int intern(struct ec_ruleset *rs, const char *s, uint32_t *id)
{
	int isnew;
	uint32_t *v = ec_strmap_put(rs->items, s, strlen(s), &isnew);
	if (!v)
		return -1;
	if (isnew)
		*v = (uint32_t)(ec_strmap_size(rs->items) - 1);
	*id = *v;
	return 0;
}

int ec_ruleset_add(struct ec_ruleset *rs, const char *const *lhs, size_t nl, const char *rhs,
                   double confidence, double lift)
{
	size_t c1 = rs->capids;
	if (ec_grow((void **)&rs->ids, &c1, rs->nids + nl, sizeof *rs->ids) < 0)
		return -1;
	size_t c2 = rs->capids;
	if (ec_grow((void **)&rs->names, &c2, rs->nids + nl, sizeof *rs->names) < 0)
		return -1;
	rs->capids = c1;
	if (ec_grow((void **)&rs->r, &rs->cap, rs->n + 1, sizeof *rs->r) < 0)
		return -1;
	struct mrule *m = &rs->r[rs->n];
	m->lhs_off = rs->nids;
	m->nl = nl;
	for (size_t i = 0; i < nl; i++)
		if (intern(rs, lhs[i], &rs->ids[rs->nids + i]) < 0)
			return -1;
	if (intern(rs, rhs, &m->rhs) < 0)
		return -1;
	rs->nids += nl;
	m->confidence = confidence;
	m->lift = lift;
	rs->n++;
	return 0;
}

size_t ec_ruleset_size(const struct ec_ruleset *rs) { return rs->n; }

void ec_ruleset_get(const struct ec_ruleset *rs, size_t i, struct ec_ruleset_rule *r)
{
	const struct mrule *m = &rs->r[i];
	for (size_t k = 0; k < m->nl; k++)
		rs->names[m->lhs_off + k] = ec_strmap_key(rs->items, rs->ids[m->lhs_off + k], NULL);
	r->lhs = rs->names + m->lhs_off;
	r->nl = m->nl;
	r->rhs = ec_strmap_key(rs->items, m->rhs, NULL);
	r->confidence = m->confidence;
	r->lift = m->lift;
}

int ec_ruleset_match(struct ec_ruleset *rs, const char *const *basket, size_t n,
                     int (*fn)(void *ctx, size_t i), void *ctx)
{
	size_t ni = ec_strmap_size(rs->items);
	if (ni > rs->capstamp) {
		uint64_t *s = realloc(rs->stamp, ni * sizeof *s);
		if (!s)
			return -1;
		memset(s + rs->capstamp, 0, (ni - rs->capstamp) * sizeof *s);
		rs->stamp = s;
		rs->capstamp = ni;
	}
	rs->gen++;
	for (size_t i = 0; i < n; i++) {
		uint32_t *v = ec_strmap_get(rs->items, basket[i], strlen(basket[i]));
		if (v)
			rs->stamp[*v] = rs->gen;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct mrule *m = &rs->r[i];
		if (rs->stamp[m->rhs] == rs->gen)
			continue;
		size_t k = 0;
		while (k < m->nl && rs->stamp[rs->ids[m->lhs_off + k]] == rs->gen)
			k++;
		if (k < m->nl)
			continue;
		int rc = fn(ctx, i);
		if (rc)
			return rc;
	}
	return 0;
}
