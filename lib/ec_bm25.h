/*
 * ec_bm25: an inverted index of short documents scored by Okapi BM25
 * (S. Robertson and H. Zaragoza, "The Probabilistic Relevance Framework:
 * BM25 and Beyond", Foundations and Trends in IR 3(4):333-389, 2009,
 * eq. 3.15 with the idf of eq. 3.3 made non-negative as Lucene does):
 *
 *   score(q, d) = sum over distinct terms t of q present in d of
 *                 idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * |d| / avgdl))
 *   idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
 *
 * N documents, df(t) the documents holding t, |d| the tokens of d, avgdl
 * their mean. A query term repeated counts once (questions are short and a
 * repeated word is rarely meant as weight). The same postings also give,
 * per document, how many distinct terms it shares with a query (for Dice
 * or overlap coefficients over n-gram sets).
 *
 * Life cycle: ec_bm25_new, ec_bm25_add per document (ids 0, 1, ... in
 * order), ec_bm25_finish; then queries. ec_bm25_write/ec_bm25_read store
 * a finished index (terms, postings as (doc, tf) pairs, document lengths;
 * idf and avgdl are derived from them on reading) so that a model file
 * need not be tokenised again; reading validates every id and count.
 *
 * Errors: -1 (out of memory; for reading, "bm25 index: reason" in err).
 * Ownership: the index copies terms; query arrays are the caller's. A
 * finished index is read-only: queries from several threads are safe.
 */
#ifndef EC_BM25_H
#define EC_BM25_H

#include <stddef.h>
#include <stdint.h>

#include "ec_buf.h"

struct ec_bm25;

struct ec_bm25 *ec_bm25_new(void);
void ec_bm25_free(struct ec_bm25 *b);

/* Add a document of n terms (t[i] of l[i] bytes). Its id, or -1 (ENOMEM / finished). */
long ec_bm25_add(struct ec_bm25 *b, const char *const *t, const size_t *l, size_t n);
/* Build the postings. 0 or -1. */
int ec_bm25_finish(struct ec_bm25 *b);

size_t ec_bm25_ndocs(const struct ec_bm25 *b);
size_t ec_bm25_nterms(const struct ec_bm25 *b);
double ec_bm25_avgdl(const struct ec_bm25 *b);
/* Tokens of document d and its distinct terms. */
uint32_t ec_bm25_doclen(const struct ec_bm25 *b, size_t d);
uint32_t ec_bm25_docterms(const struct ec_bm25 *b, size_t d);
/* df of a term (0 when absent) and the idf above for it. */
uint32_t ec_bm25_df(const struct ec_bm25 *b, const char *t, size_t l);
double ec_bm25_idf(const struct ec_bm25 *b, uint32_t df);

/*
 * BM25 of the query t[0..n) against every document: score[0..ndocs) is
 * overwritten (0 where no term matches). shared (may be NULL) gets, per
 * document, the number of distinct query terms it holds. Returns the sum
 * of idf over the distinct query terms, terms absent from the index
 * counting with df = 0 (the largest idf): score / that sum is the share of
 * the query's information a document matches, 1 for a document of average
 * length holding each term once. -1 when out of memory.
 */
double ec_bm25_query(const struct ec_bm25 *b, const char *const *t, const size_t *l, size_t n,
                     double k1, double bb, double *score, uint32_t *shared);

/*
 * BM25 of the query q[0..nq) against a document d[0..nd) that is not in
 * the index, with the index's N, df and avgdl (a term unknown to the index
 * has df 0). *qidf (may be NULL) gets the query's idf sum as above.
 */
double ec_bm25_score_text(const struct ec_bm25 *b, const char *const *q, const size_t *ql,
                          size_t nq, const char *const *d, const size_t *dl, size_t nd,
                          double k1, double bb, double *qidf);

/* Append the finished index to out. 0 or -1. */
int ec_bm25_write(const struct ec_bm25 *b, struct ec_buf *out);
/*
 * Read an index written by ec_bm25_write from p[0..n): *used gets the bytes
 * read. NULL with "bm25 index: reason" in err on damage or ENOMEM.
 */
struct ec_bm25 *ec_bm25_read(const void *p, size_t n, size_t *used, char *err, size_t errlen);

#endif
