/*
 * ec_lda: latent Dirichlet allocation (D. M. Blei, A. Y. Ng and M. I.
 * Jordan, "Latent Dirichlet allocation", JMLR 3, 2003) for the topics of
 * reviews and search queries: vocabulary, collapsed Gibbs sampling,
 * hyper-parameters, inference for new documents, quality measures and the
 * model file.
 *
 * Sampler. Collapsed Gibbs sampling (T. L. Griffiths and M. Steyvers,
 * "Finding scientific topics", PNAS 101, 2004) with the SparseLDA split of
 * the full conditional (L. Yao, D. Mimno and A. McCallum, "Efficient methods
 * for topic model inference on streaming document collections", KDD 2009,
 * eq. 2-4), as Mallet does it:
 *
 *   p(z = k | rest) ∝ (α_k + n_dk)(n_wk + β) / (n_k + Vβ)
 *                   = α_k β / (n_k + Vβ)                   s, all topics
 *                   + n_dk β / (n_k + Vβ)                  r, topics of the document
 *                   + n_wk (α_k + n_dk) / (n_k + Vβ)       q, topics of the word
 *
 * s and r are kept up to date incrementally, q is computed over the
 * non-zero topics of the word only, and the coefficient (α_k + n_dk) /
 * (n_k + Vβ) is cached per topic, so a token costs O(topics of its word +
 * topics of its document) rather than O(K). The topic-word counts are a
 * dense V x K array with, per word, the list of its non-zero topics and each
 * topic's position in it (O(1) update); memory is 8 V K bytes per thread.
 *
 * Threads. Approximate distributed LDA (AD-LDA: D. Newman, A. Asuncion,
 * P. Smyth and M. Welling, "Distributed algorithms for topic models", JMLR
 * 10, 2009): the documents are cut into T contiguous shards of about equal
 * token counts; each thread samples its shard against its own copy of the
 * topic-word counts and logs every reassignment (word, old topic, new
 * topic); after the iteration every thread applies the other threads' logs
 * to its copy, in thread order, so that all copies again equal the exact
 * counts of the current assignments (integer sums: nothing is lost or
 * counted twice, and no count goes negative on the way, because the tokens
 * each log moves belong to that thread's documents only). The
 * approximation is that within an iteration a thread does not see the
 * other threads' moves. Each thread draws from its own xoshiro stream
 * (seed, thread), so a run is reproduced exactly by the same seed and
 * thread count; another thread count gives another, equally valid, chain.
 *
 * Hyper-parameters. Asymmetric α (one per topic) and symmetric β, learnt
 * every `optimize_interval` iterations after `burn_in` by Minka's fixed
 * point iteration for the Dirichlet-multinomial (T. Minka, "Estimating a
 * Dirichlet distribution", 2000, eq. 55) over histograms of the counts
 * (H. M. Wallach, "Structured topic models for language", PhD thesis,
 * Cambridge 2008, ch. 2, the method of Mallet's --optimize-interval;
 * H. M. Wallach, D. Mimno and A. McCallum, "Rethinking LDA: why priors
 * matter", NIPS 2009).
 *
 * Inference for new documents keeps the model fixed: φ_wk = (n_wk + β) /
 * (n_k + Vβ) and only the document's assignments are sampled, θ being the
 * average of (α_k + n_dk) / (N_d + Σα) over the iterations after burn-in.
 *
 * Nothing here prints or exits; errors return -1 with a message.
 */
#ifndef EC_LDA_H
#define EC_LDA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ec_rng.h"

#define EC_LDA_MAX_K 10000

/* ---- vocabulary and corpus ---- */

/*
 * Words as strings and ids 0..n-1, in order of decreasing document
 * frequency, ties by byte order (so ids do not depend on input order).
 */
struct ec_lda_vocab {
	size_t n;
	char **word;        /* n NUL-terminated strings, owned */
	uint32_t *df;       /* documents containing the word (training corpus) */
	struct ec_strmap *map; /* word -> uint32 id, owned */
};

/* Id of word[0..len), or -1 when not in the vocabulary. */
long ec_lda_vocab_find(const struct ec_lda_vocab *v, const char *word, size_t len);
void ec_lda_vocab_free(struct ec_lda_vocab *v);

/* Documents as arrays of word ids: doc d is w[off[d] .. off[d+1]). */
struct ec_lda_corpus {
	size_t ndocs, ntokens;
	size_t *off;        /* ndocs + 1 */
	uint32_t *w;        /* ntokens */
};
void ec_lda_corpus_free(struct ec_lda_corpus *c);

/*
 * Vocabulary pruning, applied once all documents are in: a word is kept
 * when it occurs in at least min_df documents, in at most max_df * D
 * documents (max_df a fraction in (0, 1]), and is among the max_vocab
 * words of highest document frequency (0: no limit; ties by byte order),
 * as gensim's Dictionary.filter_extremes(no_below, no_above, keep_n).
 */
struct ec_lda_prune {
	size_t min_df;
	double max_df;
	size_t max_vocab;
};

struct ec_lda_builder;

/* An empty builder; NULL when out of memory. */
struct ec_lda_builder *ec_lda_builder_new(void);
/* Add a token (tok[0..len), any bytes) to the current document. 0 or -1 (ENOMEM). */
int ec_lda_builder_token(struct ec_lda_builder *b, const char *tok, size_t len);
/* End the current document (possibly empty). 0 or -1 (ENOMEM). */
int ec_lda_builder_end_doc(struct ec_lda_builder *b);
size_t ec_lda_builder_ndocs(const struct ec_lda_builder *b);
/* Distinct words seen so far (before pruning). */
size_t ec_lda_builder_nwords(const struct ec_lda_builder *b);
/*
 * Prune, number the kept words (see ec_lda_vocab) and write the corpus of
 * kept tokens (a document may become empty; it stays, so document indices
 * are those of ec_lda_builder_end_doc calls). The builder is emptied. 0, or
 * -1 with a reason in err (out of memory, an empty vocabulary after pruning).
 */
int ec_lda_builder_finish(struct ec_lda_builder *b, const struct ec_lda_prune *p,
                          struct ec_lda_corpus *c, struct ec_lda_vocab *v, char *err,
                          size_t errlen);
void ec_lda_builder_free(struct ec_lda_builder *b);

/* ---- the model ---- */

struct ec_lda {
	uint32_t k, v;      /* topics, words */
	double *alpha;      /* k Dirichlet parameters of θ */
	double alpha_sum;
	double beta;        /* symmetric Dirichlet parameter of φ */
	uint32_t *nwk;      /* v x k topic-word counts, word-major: nwk[w * k + t] */
	uint64_t *nk;       /* k tokens per topic */
	uint64_t ntokens;
	struct ec_lda_vocab vocab;
	double *phi;        /* v x k (n_wk + β) / (n_k + Vβ), from ec_lda_prepare */
};

/* Compute m->phi (and nk, alpha_sum) from the counts. 0 or -1 (ENOMEM). */
int ec_lda_prepare(struct ec_lda *m, char *err, size_t errlen);
void ec_lda_free(struct ec_lda *m);

/* ---- training ---- */

struct ec_lda_train_opts {
	uint32_t k;               /* topics, 1..EC_LDA_MAX_K */
	unsigned iters;           /* Gibbs sweeps */
	unsigned burn_in;         /* sweeps before the first hyper-parameter update */
	unsigned optimize_interval; /* 0: α and β fixed */
	double alpha;             /* initial α_k of every topic (> 0) */
	double beta;              /* initial β (> 0) */
	unsigned threads;         /* >= 1 */
	uint64_t seed;
	/*
	 * Called after each sweep (may be NULL): iteration (1-based), tokens
	 * per second of the sweep, and the log-likelihood per token when it was
	 * computed this sweep (every ll_interval sweeps and after the last; NAN
	 * otherwise). Returning non-zero stops training early (the model is
	 * still complete).
	 */
	int (*progress)(unsigned iter, double tokens_per_s, double ll_per_token, void *ud);
	void *ud;
	unsigned ll_interval;     /* 0: only after the last sweep */
};

/*
 * Fit an LDA model to corpus c whose word ids are < vocab->n. The model
 * takes the vocabulary (*vocab is emptied). On success 0, *m filled (and
 * prepared), *z_out (when not NULL) the final topic of every token
 * (c->ntokens entries, malloc'd, for ec_lda_theta_z) and *ll_out (may be
 * NULL) the final log-likelihood per token. -1 with the reason in err (bad
 * options, out of memory, threads that could not start).
 */
int ec_lda_train(struct ec_lda *m, const struct ec_lda_corpus *c, struct ec_lda_vocab *vocab,
                 const struct ec_lda_train_opts *o, uint16_t **z_out, double *ll_out,
                 char *err, size_t errlen);

/* θ of a training document from its assignments z[0..n): (α_k + n_dk) / (n + Σα). */
void ec_lda_theta_z(const struct ec_lda *m, const uint16_t *z, size_t n, double *theta);

/*
 * The joint log-likelihood log p(w, z | α, β) of a corpus and its
 * assignments under the model's α and β (Griffiths and Steyvers 2004, eq. 2
 * and the Dirichlet-multinomial of θ; the quantity Mallet reports per
 * token):
 *
 *   Σ_d [ log Γ(Σα) - log Γ(Σα + N_d) + Σ_k (log Γ(α_k + n_dk) - log Γ(α_k)) ]
 *   + Σ_k [ log Γ(Vβ) - log Γ(Vβ + n_k) + Σ_w (log Γ(β + n_wk) - log Γ(β)) ]
 *
 * with the counts n_wk, n_k of m (which must be those of z). Natural log.
 */
double ec_lda_loglik(const struct ec_lda *m, const struct ec_lda_corpus *c, const uint16_t *z);

/* ---- hyper-parameters (Minka's fixed point over histograms) ---- */

/* ψ(x), the digamma function, x > 0 (recurrence to x >= 6, then the
 * asymptotic series; absolute error below 1e-12). */
double ec_lda_digamma(double x);

/*
 * Update α[0..k) in place from the counts of D documents: len_hist[n] is
 * the number of documents of n tokens (n = 0..maxn), topic_hist[t * (maxn +
 * 1) + n] the number of documents with n tokens in topic t. Iterates
 *
 *   α_t ← α_t Σ_n topic_hist[t][n] (ψ(n + α_t) - ψ(α_t))
 *              / Σ_n len_hist[n] (ψ(n + Σα) - ψ(Σα))
 *
 * (Minka 2000, eq. 55; Wallach 2008, §2.4) up to `iters` times or until no
 * α_t moves by more than 1e-6 relatively; α_t never goes below 1e-6.
 * Returns the number of iterations done.
 */
int ec_lda_minka_alpha(double *alpha, size_t k, const uint32_t *len_hist,
                       const uint32_t *topic_hist, size_t maxn, int iters);

/*
 * The symmetric β of V words and K topics: count_hist[n] is the number of
 * (word, topic) pairs with n_wk = n (n = 1..maxn), nk[0..k) the topic
 * totals:
 *
 *   β ← β Σ_n count_hist[n] (ψ(n + β) - ψ(β)) / (V Σ_t (ψ(n_t + Vβ) - ψ(Vβ)))
 *
 * iterated as ec_lda_minka_alpha. Returns the new β (>= 1e-6).
 */
double ec_lda_minka_beta(double beta, size_t v, const uint64_t *count_hist, size_t maxn,
                         const uint64_t *nk, size_t k, int iters);

/* ---- inference with the model fixed ---- */

/*
 * θ[0..k) of a new document of word ids w[0..n) (ids < m->v; m prepared):
 * assignments initialised by p(k | w) ∝ α_k φ_wk, then `iters` Gibbs
 * sweeps sampling z_i ∝ (α_k + n_dk^{-i}) φ_{w_i k} with φ fixed; θ is the
 * mean of (α_k + n_dk) / (n + Σα) over the sweeps after the first `burn`
 * (burn < iters). n == 0 gives α / Σα. scratch: at least n uint16 and
 * 2k doubles (ec_lda_infer_scratch bytes). Deterministic given r.
 */
size_t ec_lda_infer_scratch(const struct ec_lda *m, size_t n);
void ec_lda_infer(const struct ec_lda *m, const uint32_t *w, size_t n, unsigned iters,
                  unsigned burn, struct ec_rng *r, double *theta, void *scratch);

/*
 * Held-out log-likelihood by document completion (H. M. Wallach, I.
 * Murray, R. Salakhutdinov and D. Mimno, "Evaluation methods for topic
 * models", ICML 2009, §4): θ is inferred (ec_lda_infer) from the first
 * floor(n/2) tokens, and the remaining ones are scored as Σ_i log Σ_k θ_k
 * φ_{w_i k}. Returns that sum and sets *nheld to the number of scored
 * tokens (0 when n < 2: the document is not scored). Perplexity over a set
 * of documents is exp(-Σ logp / Σ nheld).
 */
double ec_lda_completion(const struct ec_lda *m, const uint32_t *w, size_t n, unsigned iters,
                         unsigned burn, struct ec_rng *r, size_t *nheld, void *scratch);

/* The n most probable words of topic t (highest n_wk, ties by id) into ids[0..n);
 * returns how many (min(n, V)). */
size_t ec_lda_top_words(const struct ec_lda *m, uint32_t t, size_t n, uint32_t *ids);

/* ---- quality measures ---- */

/*
 * NPMI topic coherence (G. Bouma, "Normalized (pointwise) mutual
 * information in collocation extraction", GSCL 2009; as a topic measure
 * N. Aletras and M. Stevenson, IWCS 2013, and M. Röder, A. Both and A.
 * Hinneburg, "Exploring the space of topic coherence measures", WSDM 2015):
 * for each topic the mean over pairs i < j of its top words of
 *
 *   NPMI(w_i, w_j) = log(p_ij / (p_i p_j)) / -log p_ij,  p = document frequency / D
 *
 * over a reference corpus, with p_ij replaced by p_ij + 1e-12 in both logs
 * (so a pair that never co-occurs scores about -1, as Röder et al. and
 * gensim's c_npmi do). A pair with a word that never occurs in the
 * reference scores -1. Top words of a topic are distinct.
 */
struct ec_lda_npmi;
/* top[t * n + i] = id of the i-th word of topic t (t < k, i < n <= 64). */
struct ec_lda_npmi *ec_lda_npmi_new(const uint32_t *top, size_t k, size_t n, size_t v);
/* One reference document (word ids, repeats allowed). 0 or -1 (ENOMEM). */
int ec_lda_npmi_add(struct ec_lda_npmi *s, const uint32_t *w, size_t len);
/* Per-topic coherence into out[0..k) (may be NULL); returns the mean over topics. */
double ec_lda_npmi_result(const struct ec_lda_npmi *s, double *out);
size_t ec_lda_npmi_docs(const struct ec_lda_npmi *s);
void ec_lda_npmi_free(struct ec_lda_npmi *s);

/*
 * Normalised mutual information of two labellings a, b of n items (labels
 * are any uint32): NMI = I(A; B) / ((H(A) + H(B)) / 2), the arithmetic
 * normalisation (scikit-learn's normalized_mutual_info_score default;
 * N. X. Vinh, J. Epps and J. Bailey, JMLR 11, 2010). 1 when both
 * labellings have one class; 0 for n == 0. -1 when out of memory.
 */
double ec_lda_nmi(const uint32_t *a, const uint32_t *b, size_t n);

/* ---- model file ---- */

/*
 * Save m as an ec_model of kind "lda" (ec_model.h). The metadata is `meta`
 * (an object, may be NULL, borrowed; the caller's settings such as the
 * tokenizer) plus "payload": "lda/1", "k", "v", "tokens", "alpha_sum" and
 * "beta". The payload, all integers little-endian:
 *
 *   u32 K, u32 V, f64 β, K x f64 α_k (IEEE 754 bits),
 *   V x (u32 length, bytes): the words in id order,
 *   V x u32 document frequency,
 *   V x K u32 n_wk, word-major.
 *
 * 0, or -1 with "PATH: reason" in err.
 */
int ec_lda_save(const struct ec_lda *m, const json_t *meta, const char *path, char *err,
                size_t errlen);

/*
 * Load and check a model (kind, payload version, sizes, finite positive α
 * and β, distinct words) and prepare it. *meta_out (may be NULL) gets a new
 * reference to the metadata. 0, or -1 with "PATH: reason" in err.
 */
int ec_lda_load(struct ec_lda *m, const char *path, json_t **meta_out, char *err,
                size_t errlen);
/* The same from the file image data[0..n) ("NAME: reason" in err). */
int ec_lda_decode(struct ec_lda *m, const void *data, size_t n, const char *name,
                  json_t **meta_out, char *err, size_t errlen);

#endif
