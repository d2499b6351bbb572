/*
 * ec_rules: what to suggest to a shopper, and which coupon to offer.
 *
 * Three parts, each usable alone (ec-rules guide uses all three; ec-recommend
 * --rules will use the business rules):
 *
 *   - business rules: a JSON file (jansson) of hand-written rules, each with
 *     conditions on what a user bought, viewed or has in the basket, the
 *     categories in the basket, the basket's total and the user's profile
 *     tags (ec-features users: high_value, price_sensitive, ...); actions
 *     that recommend items, boost items or categories, offer a coupon or
 *     pick the sending channel; a priority and a validity window. The
 *     format is documented field by field in ec-rules(1), FORMATS. Loading
 *     checks every field and names the first bad one with its position:
 *     `rules.json: rule 3: "action.boost": not a number`.
 *   - mined rules: X => {y} from ec-rules mine, matched against a basket
 *     (X contained in it, y not in it).
 *   - coupons: thresholds "spend at least T, get D off" and the cheapest
 *     set of add-on items that lifts a basket to the next threshold: a 0/1
 *     knapsack in its covering form (minimise the added price subject to
 *     reaching the threshold), solved exactly by subset-sum dynamic
 *     programming over prices in cents (Kellerer, Pferschy, Pisinger,
 *     "Knapsack Problems", Springer 2004, ch. 4).
 *
 * The library never prints or exits: errors return -1 with a message in
 * err. Ownership: loaded rule sets own their strings; contexts and
 * candidate arrays are borrowed for the call.
 */
#ifndef EC_RULES_H
#define EC_RULES_H

#include <stddef.h>
#include <stdint.h>

/* ---- coupons ---- */

struct ec_coupon {
	double threshold;   /* spend at least this (> 0) */
	double discount;    /* get this off (> 0, < threshold) */
};

/*
 * Parse "5000:300,2000:100" into c[0..*n) (at most max), sorted by
 * threshold ascending. 0, or -1 with the reason in err ("'5000' is not
 * THRESHOLD:DISCOUNT", "discount 300 is not less than threshold 200").
 */
int ec_coupons_parse(const char *s, struct ec_coupon *c, size_t max, size_t *n, char *err,
                     size_t errlen);

/* The largest amount of money (price, threshold, basket total) accepted:
 * a trillion, so that sums in cents never overflow. */
#define EC_MONEY_MAX 1e12

/* Most candidates ec_coupon_plan considers (the first ones given). */
#define EC_COUPON_MAX_CANDIDATES 64

/*
 * Which coupon to offer on a basket worth `total`, and what to add to
 * reach it. Coupons c[0..nc) in any order; candidate add-on prices
 * price[0..ncand) (items without a price are not candidates: leave them
 * out; the order is the caller's preference and breaks ties). All amounts
 * are rounded to cents.
 *   - The next threshold is the smallest one above the total. When a set
 *     of candidates reaches it, the set with the least sum (the least
 *     extra spend; among equal sums the first found in candidate order) is
 *     written to add[0..*nadd) as candidate indices, ascending, *extra is
 *     its sum, and that coupon's index is returned.
 *   - Otherwise, when the total already reaches thresholds, the one with
 *     the largest discount is returned with *nadd = 0 and *extra = 0.
 *   - Otherwise -1 (no coupon). -2 when out of memory.
 * Exact: sums are searched up to threshold - total + the largest price in
 * cents (a minimal covering set never exceeds that); when that is more
 * than 2^24 cents the search is exhaustive over subsets of the first 20
 * candidates instead.
 */
int ec_coupon_plan(const struct ec_coupon *c, size_t nc, double total, const double *price,
                   size_t ncand, size_t *add, size_t *nadd, double *extra);

/* ---- business rules ---- */

struct ec_strlist {
	char **v;
	size_t n;
};

struct ec_brule {
	char *id;                  /* "id", or "rule N" */
	size_t pos;                /* 1-based position in the file */
	long long priority;        /* higher first; default 0 */
	int64_t from, to;          /* valid in [from, to] (epoch seconds); INT64_MIN / INT64_MAX when open */
	/* conditions: every one given must hold; a list holds when any of its
	 * members is present */
	struct ec_strlist bought, viewed, in_basket, categories, tags;
	double min_total, max_total;   /* NAN when not given */
	/* actions */
	struct ec_strlist recommend;
	double score;              /* of recommended items; default 1 */
	double boost;              /* multiplies scores; NAN when not given */
	struct ec_strlist boost_items, boost_categories;
	int has_coupon;
	struct ec_coupon coupon;
	char *channel;             /* "push", "sms", "mini-program", or NULL */
};

struct ec_brules {
	struct ec_brule *r;        /* sorted by priority descending, then position */
	size_t n;
};

/* The channels a rule may name, and the default. */
extern const char *const ec_channels[3];
#define EC_CHANNEL_DEFAULT "push"

/*
 * Parse the rules in text[0..len) (JSON; `name` is used in messages) into
 * br (zero-initialise first). 0, or -1 with "NAME: rule N: \"FIELD\": what"
 * or "NAME:LINE: JSON error" in err, br left empty.
 */
int ec_brules_parse(struct ec_brules *br, const char *text, size_t len, const char *name,
                    char *err, size_t errlen);
/* The same from a file. */
int ec_brules_load(struct ec_brules *br, const char *path, char *err, size_t errlen);
void ec_brules_free(struct ec_brules *br);

/* What is known of one user or basket; every list is borrowed and may be empty. */
struct ec_bctx {
	const char *const *basket;       size_t nbasket;
	const char *const *categories;   size_t ncategories;  /* of the basket's items */
	const char *const *bought;       size_t nbought;
	const char *const *viewed;       size_t nviewed;
	const char *const *tags;         size_t ntags;
	double total;                    /* basket total */
	int64_t at;                      /* evaluation time, epoch seconds */
};

/* 1 when rule r is valid at c->at and all its conditions hold, else 0. */
int ec_brule_matches(const struct ec_brule *r, const struct ec_bctx *c);

/* ---- mined rules ---- */

/* Rules X => {y} as ec-rules mine writes them, for matching. */
struct ec_ruleset;

struct ec_ruleset *ec_ruleset_new(void);
void ec_ruleset_free(struct ec_ruleset *rs);
/* Add X = lhs[0..nl) => {rhs}. Copied. 0 or -1 (ENOMEM). */
int ec_ruleset_add(struct ec_ruleset *rs, const char *const *lhs, size_t nl, const char *rhs,
                   double confidence, double lift);
size_t ec_ruleset_size(const struct ec_ruleset *rs);

struct ec_ruleset_rule {
	const char *const *lhs;    /* borrowed */
	size_t nl;
	const char *rhs;
	double confidence, lift;
};
void ec_ruleset_get(const struct ec_ruleset *rs, size_t i, struct ec_ruleset_rule *r);

/*
 * Call fn(ctx, i) for every rule i whose left side is contained in
 * basket[0..n) and whose right side is not in it, in the order added.
 * fn's non-zero return stops and is returned; -1 out of memory.
 */
int ec_ruleset_match(struct ec_ruleset *rs, const char *const *basket, size_t n,
                     int (*fn)(void *ctx, size_t i), void *ctx);

#endif
