/*
 * ec_cf: collaborative filtering on implicit feedback, the candidate models
 * behind ec-train -m itemknn|ease|als|pop and ec-recommend.
 *
 * The data is a users x items matrix X of non-negative weights: the sum of
 * a user's weighted (and possibly time-decayed) events on an item. It is
 * built from events by an interaction log (struct ec_cf_log) and held in
 * compressed sparse rows (struct ec_cf_csr). Four models learn from it:
 *
 *   pop      popularity p_j = sum_u X_uj; every model carries it too, for
 *            cold-start users and to fill short lists.
 *   itemknn  item-item similarity with shrinkage h, the top N neighbours of
 *            each item kept (Sarwar et al., "Item-based collaborative
 *            filtering recommendation algorithms", WWW 2001; shrinkage as
 *            in Koren, "Factor in the neighbors", TKDD 2010):
 *              cosine   s_ij = <X_:i, X_:j> / (|X_:i| |X_:j| + h)
 *              jaccard  s_ij = c_ij / (n_i + n_j - c_ij + h) on binarised X
 *            score_j = sum over history items i of x_i s_ij.
 *   ease     EASE (H. Steck, "Embarrassingly shallow autoencoders for
 *            sparse data", WWW 2019, eq. 8): P = (X'X + lambda I)^-1 by
 *            Cholesky (LAPACK dpotrf/dpotri in OpenBLAS, float64),
 *            B = I - P diag(1/diag(P)), so B_ij = -P_ij / P_jj, B_jj = 0;
 *            score_j = sum_i x_i B_ij. Dense n x n: at most EC_CF_EASE_MAX
 *            items.
 *   als      implicit ALS (Y. Hu, Y. Koren, C. Volinsky, "Collaborative
 *            filtering for implicit feedback datasets", ICDM 2008):
 *            preference p_ui = [X_ui > 0], confidence c_ui = 1 + alpha X_ui,
 *            minimise sum c_ui (p_ui - x_u'y_i)^2 + reg (|x|^2 + |y|^2) by
 *            alternating least squares, each row solved approximately by a
 *            few conjugate-gradient steps warm-started from the previous
 *            sweep (G. Takacs, I. Pilaszy, D. Tikk, "Applications of the
 *            conjugate gradient method for implicit feedback collaborative
 *            filtering", RecSys 2011). Only item factors Y are saved; a
 *            user's factors are folded in from the history at recommend
 *            time by solving (Y'Y + Y'(C_u - I)Y + reg I) x = Y'C_u p(u)
 *            exactly (Cholesky), as in the paper's eq. 4.
 *
 * Payload layout of the "cf" model file kind (ec_model.h), all integers and
 * reals little-endian (hosts of other byte order refuse to save or load):
 *
 *   u32 payload version (EC_CF_PAYLOAD_VERSION)
 *   u32 model (enum ec_cf_kind)
 *   u32 n, the number of items
 *   u32 f, the number of factors (als; else 0)
 *   u64 nnz, the number of kept neighbours (itemknn; else 0)
 *   u64 V, the bytes of the vocabulary
 *   V   item ids in index order, each NUL-terminated, distinct, not empty
 *   f64 pop[n]
 *   itemknn: u64 ptr[n + 1] (ptr[0] = 0, non-decreasing, ptr[n] = nnz),
 *            u32 nb[nnz] (< n), f32 sim[nnz]: the neighbours of item i are
 *            nb[ptr[i] .. ptr[i+1]), most similar first
 *   ease:    f32 B[n * n], row-major: B[i * n + j] is B_ij
 *   als:     f32 Y[n * f], row-major; f64 reg; f64 alpha
 *
 * The metadata (JSON) holds the model name, its hyper-parameters, the
 * number of items and whatever the caller adds (users, events, weights).
 *
 * Errors: -1 with a lowercase message in err; nothing prints or exits.
 * Threads: training uses p->threads POSIX threads; a trained model is
 * read-only and can be shared by scorers of several threads.
 */
#ifndef EC_CF_H
#define EC_CF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ec_features.h"

#define EC_CF_PAYLOAD_VERSION 1u
#define EC_CF_EASE_MAX 30000u     /* items; P and G are n*n doubles */

enum ec_cf_kind { EC_CF_POP = 0, EC_CF_ITEMKNN = 1, EC_CF_EASE = 2, EC_CF_ALS = 3 };
enum ec_cf_sim { EC_CF_COSINE = 0, EC_CF_JACCARD = 1 };

/* "pop", "itemknn", "ease", "als" <-> kind; -1 for another name. */
int ec_cf_kind_parse(const char *s);
const char *ec_cf_kind_name(int kind);

/* ---- event weights ---- */

/* Weight of each event kind (enum ec_kind, EC_KIND_OTHER..EC_KIND_IMPRESSION). */
#define EC_CF_NKINDS (EC_KIND_IMPRESSION + 1)

/* The defaults: view=1, click=2, cart=4, purchase=8, rate=1, others 0. */
void ec_cf_weights_default(double w[EC_CF_NKINDS]);
/*
 * Parse "view=1,click=2,..." (kinds of the event vocabulary; weights >= 0,
 * finite). The list replaces the whole table: kinds not named weigh 0. 0,
 * or -1 with the reason in err ("'foo' is not an event kind").
 */
int ec_cf_weights_parse(const char *s, double w[EC_CF_NKINDS], char *err, size_t errlen);
/* The table as a JSON object {"view":1,...} of its non-zero weights (new
 * reference), and back (0 or -1). */
json_t *ec_cf_weights_json(const double w[EC_CF_NKINDS]);
int ec_cf_weights_from_json(const json_t *o, double w[EC_CF_NKINDS]);

/* ---- sparse matrices ---- */

/* Compressed sparse rows: row r holds idx[ptr[r] .. ptr[r+1]) ascending,
 * with values val[..]. Owned arrays. */
struct ec_cf_csr {
	uint32_t nrows, ncols;
	uint64_t *ptr;   /* nrows + 1 */
	uint32_t *idx;   /* ptr[nrows] */
	float *val;
};

/*
 * From triplets (row[k], col[k], val[k]), k < n, in any order; duplicates
 * are summed. 0, or -1 (out of memory, or an index out of range: EINVAL).
 */
int ec_cf_csr_build(struct ec_cf_csr *m, uint32_t nrows, uint32_t ncols, const uint32_t *row,
                    const uint32_t *col, const float *val, size_t n);
/* t = m' (zero-initialise t). 0 or -1 (ENOMEM). */
int ec_cf_csr_transpose(const struct ec_cf_csr *m, struct ec_cf_csr *t);
void ec_cf_csr_free(struct ec_cf_csr *m);

/* ---- interaction log ---- */

/*
 * Events reduced to (user, item, time, weight), users and items numbered
 * in order of first appearance (ec_strmap insertion order: index i is
 * ec_strmap_key(users, i)). Zero-initialise, then ec_cf_log_init.
 */
struct ec_cf_log {
	struct ec_strmap *users, *items;  /* value: uint32 index = position */
	uint32_t *u, *i;
	int64_t *ts;
	float *w;
	size_t n, cap;
	int64_t tmax;                     /* latest ts added (INT64_MIN when none) */
};

int ec_cf_log_init(struct ec_cf_log *l);
void ec_cf_log_free(struct ec_cf_log *l);
/*
 * Add an event with the weight of its kind (qty is not used). Events with weight 0 or no
 * item are counted by nothing and return 1; 0 when added; -1 out of memory.
 */
int ec_cf_log_add(struct ec_cf_log *l, const struct ec_event *e, const double w[EC_CF_NKINDS]);
/*
 * The users x items matrix: X_ui = sum of w * 0.5^((tmax - ts) / half_life)
 * over the user's events on the item (half_life in seconds; <= 0: no
 * decay). 0 or -1 (ENOMEM).
 */
int ec_cf_log_matrix(const struct ec_cf_log *l, double half_life, struct ec_cf_csr *x);

/* ---- models ---- */

struct ec_cf_params {
	int kind;               /* enum ec_cf_kind */
	double lambda;          /* ease: L2 weight (> 0; default 200) */
	uint32_t neighbors;     /* itemknn: neighbours kept per item (default 10) */
	double shrink;          /* itemknn: shrinkage h >= 0 (default 5) */
	int similarity;         /* itemknn: enum ec_cf_sim */
	uint32_t factors;       /* als: dimension f (default 64) */
	uint32_t iters;         /* als: sweeps (default 15) */
	uint32_t cg_steps;      /* als: conjugate-gradient steps per row (default 3) */
	double alpha;           /* als: confidence slope (default 10) */
	double reg;             /* als: L2 weight (default 0.1) */
	unsigned threads;       /* >= 1 */
	uint64_t seed;          /* als initialisation */
};

void ec_cf_params_default(struct ec_cf_params *p, int kind);

struct ec_cf_model {
	struct ec_cf_params p;
	uint32_t n;             /* items */
	struct ec_strmap *vocab;/* item id -> uint32 index (insertion order) */
	double *pop;            /* n */
	/* itemknn */
	uint64_t *nb_ptr;       /* n + 1 */
	uint32_t *nb;
	float *sim;
	/* ease */
	float *B;               /* n * n */
	/* als */
	float *Y;               /* n * f */
	double *YtY;            /* f * f, computed on load */
	json_t *meta;           /* metadata read from a file (owned), or NULL */
};

/*
 * Train on x (users x items), whose columns are the items named by
 * items[0..x->ncols) (copied into m->vocab). Zero-initialise m. 0, or -1
 * with the reason in err (ease above EC_CF_EASE_MAX items, a matrix that
 * is not positive definite, out of memory, no items).
 */
int ec_cf_train(struct ec_cf_model *m, const struct ec_cf_csr *x, const char *const *items,
                const struct ec_cf_params *p, char *err, size_t errlen);

/* Index of item id s[0..n), or -1 when the model does not know it. */
long ec_cf_item(const struct ec_cf_model *m, const char *s, size_t n);
/* Id of item j (NUL-terminated, borrowed). */
const char *ec_cf_item_name(const struct ec_cf_model *m, uint32_t j);

/*
 * Save to path (ec_model_save, kind "cf"); `extra` (may be NULL) is merged
 * into the metadata (training data summary). 0 or -1 with the message.
 */
int ec_cf_save(const struct ec_cf_model *m, const char *path, const json_t *extra, char *err,
               size_t errlen);
/* Encode the payload into out (for tests and ec_cf_save). 0 or -1. */
int ec_cf_encode(const struct ec_cf_model *m, struct ec_buf *out);
/* Decode a payload (checked field by field against its length). 0, or -1
 * with "damaged payload: what" in err. Zero-initialise m. */
int ec_cf_decode(struct ec_cf_model *m, const unsigned char *p, size_t n, char *err,
                 size_t errlen);
/* Load a "cf" model file. 0, or -1 with "PATH: reason". */
int ec_cf_load(struct ec_cf_model *m, const char *path, char *err, size_t errlen);
void ec_cf_free(struct ec_cf_model *m);

/* ---- scoring ---- */

/* Scratch space of one scoring thread; zero-initialise. */
struct ec_cf_scorer {
	double *score;          /* n */
	unsigned char *mask;    /* n: 1 = excluded */
	double *A, *b, *x;      /* als fold-in */
	float *xf;
	size_t cap;
	/* itemknn: the items reached (finite scores), so that callers can
	 * rank those alone (ec_cf_topk_among) instead of all n */
	int sparse;
	uint32_t *touched;
	size_t ntouched;
};

int ec_cf_scorer_init(struct ec_cf_scorer *s, const struct ec_cf_model *m);
void ec_cf_scorer_free(struct ec_cf_scorer *s);

/*
 * Scores of every item for a user with history items hist[0..nh) of
 * weights w[0..nh) (X_ui; indices < m->n, may repeat) into s->score:
 * pop p_j; itemknn and ease as above; als y_j'x_u with x_u folded in.
 * itemknn leaves items reached by no neighbour at -INFINITY (no evidence)
 * and lists the others in s->touched[0..s->ntouched) (s->sparse = 1); its
 * cost is that of the neighbour lists, not n. With nh = 0 every model
 * gives the popularity (s->sparse = 0). 0, or -1 (als: the fold-in
 * system is singular, which reg > 0 prevents).
 */
int ec_cf_score(const struct ec_cf_model *m, struct ec_cf_scorer *s, const uint32_t *hist,
                const float *w, size_t nh);

/*
 * The history item that contributes most to the score of item j (itemknn
 * and ease: the largest x_i s_ij or x_i B_ij > 0), as an index into hist;
 * -1 when none does or for pop and als.
 */
long ec_cf_explain(const struct ec_cf_model *m, const uint32_t *hist, const float *w, size_t nh,
                   uint32_t j);

/*
 * The k best of score[0..n) that are finite and not masked (mask may be
 * NULL), best first, ties by lower index, into idx[0..) and val[0..):
 * a bounded min-heap, O(n log k). Returns how many (<= k).
 */
size_t ec_cf_topk(const double *score, const unsigned char *mask, size_t n, size_t k,
                  uint32_t *idx, double *val);

/* The same over the candidates among[0..nlist) only (indices < n). */
size_t ec_cf_topk_among(const double *score, const unsigned char *mask, const uint32_t *among,
                        size_t nlist, size_t k, uint32_t *idx, double *val);

#endif
