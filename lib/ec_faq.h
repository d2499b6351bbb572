/*
 * ec_faq: FAQ retrieval for customer questions (ec-faq): a knowledge base
 * of entries (id, question, answer, category, alternative phrasings), an
 * index over their phrasings, and for a question the best entries with a
 * score in [0, 1] and whether to hand it to a person.
 *
 * Scoring. Every phrasing (the question and each alternative) is a
 * document. A text is scored against phrasing d as
 *
 *   score = (1 - w) * min(1, BM25(q, d) / IDF(q)) + w * Dice(G(q), G(d))
 *
 * BM25 over word tokens (ec_bm25.h: Okapi BM25, Robertson and Zaragoza
 * 2009; k1, b), IDF(q) the sum of idf over the distinct query words
 * (words the index has never seen count with the largest idf, so a
 * question about something else scores low); G(x) the set of character
 * bigrams of x (CJK: the bigrams of each run of Han characters, as the
 * tokenizer's bigram mode gives them; other words padded with '#' and cut
 * in overlapping code-point pairs, "#ab", so that typos still share most
 * bigrams); Dice(A, B) = 2|A n B| / (|A| + |B|); w the n-gram weight. An
 * entry's score is the largest over its phrasings. Word tokens come from
 * ec_tok with the S-stemmer, stop words and the synonyms (words mapped to
 * the first of their line); n-grams from a second tokenizer in bigram mode
 * without stop words, because short questions live on their function
 * words ("where", "why", "怎么").
 *
 * Escalation: a question is for a person when it asks for one (one of
 * EC_FAQ_HUMAN_PHRASES, ASCII case ignored, English phrases on word
 * boundaries), when nothing matches, or when the best score is below the
 * threshold (calibrated with ec_faq_calibrate, stored in the model).
 *
 * Model: kind "faq" in the ec_model container; metadata holds the
 * settings (k1, b, w, threshold, tokenizer: dictionary path and word
 * count, user dictionary, stop-word files) and counts; the payload is a
 * JSON document of the entries and synonyms followed by the phrasing ->
 * entry map and the two ec_bm25 indexes (words, n-grams). The dictionary
 * and stop-word files are read again at load time: a dictionary whose
 * word count differs from the index's is an error.
 *
 * Errors: -1 or NULL with a lowercase message in err or ec_faq_error().
 * The library never prints or exits. One handle serves one thread.
 */
#ifndef EC_FAQ_H
#define EC_FAQ_H

/* w for scoring question pairs (ec-faq pairs): chosen on the first half of
 * the ATEC Alipay pairs (AUC 0.662 there), 0.664 on the held-out half
 * against 0.661 for TF-IDF cosine on jieba tokens. Retrieval keeps 0.3. */
#define EC_FAQ_PAIRS_NGRAM_WEIGHT 0.7

#include <stddef.h>

#include "ec_buf.h"

#define EC_FAQ_KIND "faq"
#define EC_FAQ_PAYLOAD_VERSION 1
#define EC_FAQ_DEFAULT_THRESHOLD 0.35

/* The phrases that ask for a person, "|"-separated (documented in ec-faq(1)). */
#define EC_FAQ_HUMAN_PHRASES \
	"转人工|人工|客服|真人|投诉|human|agent|real person|a person|live person|someone real|" \
	"representative|operator|speak to someone|talk to someone"

struct ec_faq_opts {
	const char *dict;                 /* as ec_tok_opts.dict */
	const char *user_dict;
	const char *const *stopwords;     /* as ec_tok_opts.stopwords */
	const char *synonyms;             /* path or NULL */
	double k1, b, ngram_weight;       /* BM25 k1 and b; w */
};

struct ec_faq_entry {
	const char *id, *question, *answer, *category;  /* category may be NULL */
	const char *const *alt;
	size_t nalt;
};

struct ec_faq_hit {
	size_t entry;
	double score, bm25, ngram;  /* fused score, normalised BM25, Dice */
};

struct ec_faq;

/* Defaults: k1 1.2, b 0.75, w 0.3, dictionary searched, built-in stop words. */
void ec_faq_opts_init(struct ec_faq_opts *o);

/* An empty knowledge base with tokenizers and synonyms loaded. */
struct ec_faq *ec_faq_new(const struct ec_faq_opts *o, char *err, size_t errlen);
void ec_faq_free(struct ec_faq *f);

/*
 * Add an entry (strings copied; category may be NULL). id NULL skips the
 * duplicate check (pairs). 0, or -1 with the reason in ec_faq_error()
 * ("duplicate id 'x'", "invalid UTF-8 at byte N").
 */
int ec_faq_add(struct ec_faq *f, const char *id, const char *question, const char *answer,
               const char *category, const char *const *alt, size_t nalt);
/* Build the indexes after the last add. 0 or -1. */
int ec_faq_build(struct ec_faq *f);

int ec_faq_save(const struct ec_faq *f, const char *path, const char *source,
                char *err, size_t errlen);
struct ec_faq *ec_faq_load(const char *path, char *err, size_t errlen);
/* The same from a model file image in memory (the fuzz target uses it). */
struct ec_faq *ec_faq_load_mem(const void *p, size_t n, const char *name, char *err,
                               size_t errlen);

size_t ec_faq_size(const struct ec_faq *f);
size_t ec_faq_phrasings(const struct ec_faq *f);
void ec_faq_entry(const struct ec_faq *f, size_t i, struct ec_faq_entry *e);
/* The entry with this id, or -1. */
long ec_faq_find(const struct ec_faq *f, const char *id);
double ec_faq_threshold(const struct ec_faq *f);
int ec_faq_calibrated(const struct ec_faq *f);
void ec_faq_set_threshold(struct ec_faq *f, double t);
const char *ec_faq_dict(const struct ec_faq *f);  /* "" in bigram mode */
const char *ec_faq_error(const struct ec_faq *f);

/*
 * The best k entries for text[0..n), best first (ties: earlier entry),
 * entries with a score of 0 left out: hits[0..*nhits). 0, or -1 (invalid
 * UTF-8, out of memory) with ec_faq_error().
 */
int ec_faq_ask(struct ec_faq *f, const char *text, size_t n, size_t k,
               struct ec_faq_hit *hits, size_t *nhits);

/* 1 when text asks for a person (EC_FAQ_HUMAN_PHRASES). */
int ec_faq_wants_human(const char *text, size_t n);

/*
 * Append tmpl to out with its slots filled from the question: {order} by
 * the first run of ASCII letters, digits and '-' holding at least 6 digits
 * (at most 40 bytes: "20240301-7781", "SO884211"), {email} by the first
 * word holding '@'. A slot the question does not fill, or an unknown one,
 * is copied as it is ("{order}") for the front end to fill. 0 or -1.
 */
int ec_faq_fill(const char *tmpl, const char *question, struct ec_buf *out);

/*
 * Similarity in [0, 1] of two texts with the statistics of the built
 * index (idf, average length): (1 - w) times the mean of the two
 * directions' normalised BM25 plus w times the n-gram Dice. -1 on error.
 */
double ec_faq_similarity(struct ec_faq *f, const char *a, size_t na, const char *b, size_t nb);

/*
 * Choose the threshold maximising accuracy on labelled questions: for
 * question i with its best entry top[i] and score s[i], want[i] the
 * labelled entry or -1 (should escalate) and human[i]: correct when
 * answered (s >= t, no human request, top == want) or escalated with
 * want == -1. Candidates are 0 and the midpoints between consecutive
 * distinct scores (and one above the largest); ties go to the lowest.
 * Returns the threshold; *acc the accuracy there.
 */
double ec_faq_calibrate(const double *s, const long *top, const long *want, const int *human,
                        size_t n, double *acc);

#endif
