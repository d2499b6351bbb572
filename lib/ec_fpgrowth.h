/*
 * ec_fpgrowth: frequent itemsets and association rules from baskets.
 *
 * Mining is FP-growth (J. Han, J. Pei, Y. Yin, "Mining frequent patterns
 * without candidate generation", SIGMOD 2000): one pass counts the items,
 * a second inserts every basket, its frequent items in descending
 * frequency, into a prefix tree (the FP-tree); the itemsets are then grown
 * item by item from conditional trees built out of each item's prefix
 * paths. No candidate is ever generated, so memory is the tree plus the
 * baskets kept here (4 bytes per item occurrence).
 *
 * Semantics are those of R's arules::apriori (Hahsler et al.), so that the
 * same thresholds on the same baskets give exactly the same itemsets and
 * rules:
 *   - N is the number of baskets (empty ones included); an item occurs at
 *     most once per basket (duplicates collapse);
 *   - support(Z) = count(Z) / N, and Z is frequent when support(Z) >=
 *     min_support, compared as doubles (the least count c with c / N >=
 *     min_support is the threshold, never less than 1);
 *   - itemsets of 1 .. max_len items;
 *   - rules X => {y} with a single item on the right, one per frequent
 *     itemset Z = X + {y} and y in Z, kept when confidence = count(Z) /
 *     count(X) >= min_confidence and lift >= min_lift. Rules with an empty
 *     left side ({} => {y}, confidence = support(y)) are produced as arules
 *     does with its default minlen = 1 (ec_fp_opts.min_lhs = 0); min_lhs = 1
 *     leaves them out.
 * Measures: lift = confidence / support(y); conviction = (1 - support(y)) /
 * (1 - confidence), infinite (reported as such) when confidence = 1;
 * leverage = support(Z) - support(X) support(y) (Piatetsky-Shapiro).
 *
 * Item ids are dense (0, 1, ... in order of first appearance); itemsets
 * list their items in byte order of the names, so results are the same
 * whatever the input order. Neither side prints or exits; functions
 * returning int give 0, or -1 out of memory (errno ENOMEM).
 */
#ifndef EC_FPGROWTH_H
#define EC_FPGROWTH_H

#include <stddef.h>
#include <stdint.h>

/* The baskets, with their item dictionary. */
struct ec_fpdb;

struct ec_fpdb *ec_fpdb_new(void);
void ec_fpdb_free(struct ec_fpdb *db);
/* Add one basket of n item names (item[i] of len[i] bytes; len may be NULL:
 * strlen). Copied; duplicates collapse. n = 0 adds an empty basket. */
int ec_fpdb_add(struct ec_fpdb *db, const char *const *item, const size_t *len, size_t n);
size_t ec_fpdb_baskets(const struct ec_fpdb *db);
size_t ec_fpdb_items(const struct ec_fpdb *db);
/* Name of item id (NUL-terminated; length in *n if not NULL). Borrowed. */
const char *ec_fpdb_item(const struct ec_fpdb *db, uint32_t id, size_t *n);
/* Baskets holding item id. */
uint64_t ec_fpdb_item_count(const struct ec_fpdb *db, uint32_t id);

struct ec_fp_opts {
	double min_support;     /* (0, 1] */
	double min_confidence;  /* [0, 1]; rules only */
	double min_lift;        /* >= 0; rules only */
	size_t max_len;         /* items in an itemset (|X| + 1 for rules); arules: 10 */
	size_t min_lhs;         /* 0: rules {} => {y} too (arules), 1: not */
	int rules;              /* 0: itemsets only */
};

/* One frequent itemset: items[off .. off + len) of the result. */
struct ec_fp_set {
	size_t off;
	uint32_t len;
	uint64_t count;
};

/* One rule X => {rhs}: X is set's items without rhs. */
struct ec_fp_rule {
	size_t set;             /* index of Z = X + {rhs} in sets */
	uint32_t rhs;           /* item id */
	uint64_t count, lhs_count, rhs_count;
	double support, confidence, lift, conviction, leverage; /* conviction INFINITY at conf 1 */
};

struct ec_fp_result {
	uint64_t n;             /* baskets */
	uint64_t min_count;     /* support threshold as a count */
	size_t nsets;
	struct ec_fp_set *sets;
	uint32_t *items;        /* item ids, each set's in name order */
	size_t nitems_total;    /* length of items */
	size_t nrules;
	struct ec_fp_rule *rules;
};

/*
 * Mine db into res (zero-initialised or freed before). Itemsets come
 * sorted by support descending, then size ascending, then their names
 * (byte order, element by element); rules, when o->rules, by lift
 * descending, then confidence, support descending, then the left side's
 * names, then the right side's. 0, or -1 (ENOMEM).
 */
int ec_fp_mine(const struct ec_fpdb *db, const struct ec_fp_opts *o, struct ec_fp_result *res);
void ec_fp_result_free(struct ec_fp_result *res);

#endif
