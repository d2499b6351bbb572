/*
 * ec_synth: a deterministic synthetic shop with planted ground truth.
 *
 * Every later method of ec (recommendation, CTR, forecasting, pricing,
 * topics, association rules, FAQ matching) needs data where the right
 * answer is known. This module writes a small shop -- catalog, clickstream,
 * daily prices and demand, sales series, reviews, search queries, a FAQ and
 * customer questions -- from a generative model whose parameters are drawn
 * from one seed and written to truth.json, so a test can check that a method
 * finds what was planted. man/ec-synth.1 describes each file and the model.
 *
 * Built for scale: memory is O(users + items), never O(events). Events are
 * generated day by day; one day's events (plus the few sessions that run past
 * midnight, and the returns and reviews scheduled for the coming fortnight)
 * are held and sorted by time before they are written. Sales series are
 * written item by item, prices day by day.
 *
 * Determinism: the same options give byte-identical files. Each concern
 * draws from its own stream of ec_rng (catalog, users, prices, sales,
 * sessions, text, FAQ), so changing --days does not change the planted
 * parameters of items and users, and changing the word lists does not change
 * the clickstream.
 *
 * The library never prints or exits: it writes into outputs the caller
 * opened (and commits), and returns -1 with a message in err.
 */
#ifndef EC_SYNTH_H
#define EC_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct ec_output;

enum ec_synth_lang { EC_SYNTH_ZH = 0, EC_SYNTH_EN = 1 };

/* The files, in the order ec_synth_run writes them. */
enum ec_synth_file {
	EC_SYNTH_CATALOG,   /* catalog.csv */
	EC_SYNTH_EVENTS,    /* events.jsonl.zst */
	EC_SYNTH_PRICES,    /* prices.csv */
	EC_SYNTH_SALES,     /* sales.csv */
	EC_SYNTH_REVIEWS,   /* reviews.jsonl */
	EC_SYNTH_QUERIES,   /* queries.jsonl */
	EC_SYNTH_FAQ,       /* faq.jsonl */
	EC_SYNTH_QUESTIONS, /* questions.jsonl */
	EC_SYNTH_TRUTH,     /* truth.json */
	EC_SYNTH_NFILES
};

/* File names inside the output directory, indexed by enum ec_synth_file. */
extern const char *const ec_synth_file_names[EC_SYNTH_NFILES];

struct ec_synth_opts {
	uint64_t seed;          /* default 1 */
	long long users;        /* registered users before --scale; default 2000 */
	long long items;        /* catalog size; default 500 */
	long long days;         /* length of the period; default 120 */
	int64_t start;          /* first day, days since 1970-01-01; default 2024-01-01 */
	double scale;           /* multiplies users (so events); default 1 */
	int nlang;              /* 1 or 2 */
	int lang[2];            /* enum ec_synth_lang, in the order given */
	const char *version;    /* recorded in truth.json; may be NULL */
	/* called after each generated day (may be NULL): events written so far
	 * and about how many bytes of JSON they make */
	void (*progress)(void *arg, uint64_t events, uint64_t bytes);
	void *progress_arg;
};

struct ec_synth_stats {
	uint64_t users, items, days;
	uint64_t events, sessions, anonymous_sessions, orders, purchases, returns;
	uint64_t searches, reviews, queries, faq, questions;
	uint64_t price_rows, sales_rows;
};

/* Fill o with the defaults above (seed 1, zh,en). */
void ec_synth_defaults(struct ec_synth_opts *o);

/* NULL when o is usable, else a message naming the bad option ("items must
 * be at least 1"). ec_synth_run checks too. */
const char *ec_synth_check(const struct ec_synth_opts *o);

/* Effective number of registered users: max(1, round(users * scale)). */
long long ec_synth_users(const struct ec_synth_opts *o);

/*
 * Generate the shop. out[f] are outputs opened by the caller for each file
 * f (borrowed; written, not committed: the caller commits them all when
 * this returns 0, or aborts them). st (may be NULL) receives the counts.
 * Returns 0, or -1 with a message in err: a bad option, out of memory, or
 * an output's write error (its message, with the file name).
 */
int ec_synth_run(const struct ec_synth_opts *o, struct ec_output *const out[EC_SYNTH_NFILES],
                 struct ec_synth_stats *st, char *err, size_t errlen);

#endif
