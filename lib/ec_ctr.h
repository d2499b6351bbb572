/*
 * ec_ctr: click-through-rate models on labelled samples (one record per
 * impression or view, `label` 0 or 1), the ranking stage of recommendation.
 *
 *   EC_CTR_LR   logistic regression trained online by FTRL-Proximal
 *               (H. B. McMahan et al., "Ad click prediction: a view from
 *               the trenches", KDD 2013, Algorithm 1) on hashed features.
 *   EC_CTR_WD   Wide & Deep (H.-T. Cheng et al., "Wide & deep learning for
 *               recommender systems", DLRS 2016): the FTRL model above
 *               (wide) plus an MLP on embeddings, mean-pooled sequences
 *               and numeric features (deep), logits added and trained
 *               jointly on mini-batches: wide part by FTRL on each
 *               batch's summed gradient, deep part by Adam or AdaGrad.
 *   EC_CTR_DIN  Deep Interest Network (G. Zhou et al., "Deep interest
 *               network for click-through rate prediction", KDD 2018): as
 *               Wide & Deep, but a behaviour sequence that has a target
 *               column is pooled by attention, sum_j a(h_j, t) h_j, with
 *               a() the local activation unit, an MLP on [h, t, h - t,
 *               h * t] with a linear output and no softmax (paper, 4.3).
 *
 * Feature specification (struct ec_ctr_spec): the label column; numeric
 * columns (value x enters as sign(x) log(1 + |x|), empty = 0); sequence
 * columns (space-separated ids, newest first, the first seq_len kept);
 * target columns, target[i] being the candidate that seq[i] is compared
 * with (they share one vocabulary and one embedding table); crosses "a:b"
 * of two categorical columns (wide part only). Every other column but the
 * label and the ignored ones (default "ts") is categorical.
 *
 * Wide features: a bias, each categorical value, each sequence element,
 * each cross and each numeric column, hashed with XXH3-64 (seeded by the
 * column name) into 2^bits FTRL weights. Deep features: one embedding
 * (dim floats) per categorical column and per pooled sequence, by a
 * vocabulary learnt from the training data; values seen fewer than
 * min_count times in training, and unknown values at prediction, share the
 * out-of-vocabulary row 0 of their table, so it is trained too.
 *
 * Numerical safety: logits are clipped to [-35, 35] before the sigmoid,
 * log-loss is log(1 + e^-|z|) + max(z, 0) - y z (never log(0)), and a
 * non-finite logit or loss makes ec_ctr_fit_batch fail.
 *
 * Model file: kind "ctr" in the container of ec_model.h. The metadata
 * holds the specification (so prediction needs no flags) and the training
 * summary; the payload, all little-endian: u32 bits, u64 K, K x (u32 index,
 * f32 weight) of the non-zero wide weights (index 2^bits is the bias);
 * u32 number of vocabularies, each u32 size then size x (u32 length,
 * bytes); then each table's (size + 1) x dim f32 embeddings; then the deep
 * MLP and, for DIN, the attention MLP (ec_mlp_save images).
 *
 * Determinism: the same data in the same order, spec and seed, and the
 * same number of OpenBLAS threads give the same model bytes.
 *
 * Not thread-safe: one struct ec_ctr per thread (load it once per thread).
 * The library never prints or exits; errors come back in err.
 */
#ifndef EC_CTR_H
#define EC_CTR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum ec_ctr_kind { EC_CTR_LR = 0, EC_CTR_WD, EC_CTR_DIN };

struct ec_ctr_spec {
	enum ec_ctr_kind kind;
	const char *label;                 /* NULL: "label" */
	const char *const *cat; size_t ncat;     /* NULL: every other column */
	const char *const *num; size_t nnum;
	const char *const *seq; size_t nseq;
	const char *const *target; size_t ntarget; /* ntarget <= nseq */
	const char *const *cross; size_t ncross;   /* "a:b" */
	const char *const *ignore; size_t nignore; /* NULL: "ts" */
	unsigned bits;                     /* wide hash bits, 1..30 (0: 20) */
	size_t dim;                        /* embedding size (0: 16) */
	const size_t *hidden; size_t nhidden;     /* NULL: 256,128,64 */
	const size_t *att_hidden; size_t natt;    /* NULL: 80,40 (DIN) */
	size_t seq_len;                    /* 0: 50 */
	double alpha, beta, l1, l2;        /* FTRL (0 alpha: 0.05; beta 1) */
	double lr;                         /* deep step size (0: 0.001) */
	int adagrad;                       /* deep part by AdaGrad, not Adam */
	int dice;                          /* DIN: Dice, not ReLU, in both MLPs
	                                    * (Zhou et al. 2018, eq. 9) */
	size_t min_count;                  /* vocabulary threshold (0: 1) */
	uint64_t seed;
};

struct ec_ctr;

/*
 * An untrained model for records with the columns names[0..ncols) (the
 * training header). Resolves the categorical columns and checks the spec:
 * every declared column present, no column both numeric and sequence, a
 * target is categorical, a cross names two categorical columns. NULL with
 * the reason in err ("--seq: no column 'hist'").
 */
struct ec_ctr *ec_ctr_new(const struct ec_ctr_spec *spec, const char *const *names,
                          size_t ncols, char *err, size_t errlen);
void ec_ctr_free(struct ec_ctr *m);

enum ec_ctr_kind ec_ctr_kind(const struct ec_ctr *m);
const char *ec_ctr_kind_name(enum ec_ctr_kind k);  /* "lr", "wd", "din" */
const char *ec_ctr_label(const struct ec_ctr *m);
/* The input fields in the model's order (categorical, numeric, sequence):
 * the caller passes values in this order to the functions below. */
size_t ec_ctr_nfields(const struct ec_ctr *m);
const char *ec_ctr_field(const struct ec_ctr *m, size_t i);

/* "0" -> 0, "1" -> 1 (exactly those bytes); anything else -1. */
int ec_ctr_parse_label(const char *s, size_t n);

/* ---- encoded examples ---- */

struct ec_ctr_data;
struct ec_ctr_data *ec_ctr_data_new(void);
void ec_ctr_data_free(struct ec_ctr_data *d);
void ec_ctr_data_clear(struct ec_ctr_data *d);
size_t ec_ctr_data_size(const struct ec_ctr_data *d);
/* Labels (0/1) of the examples, in order. Borrowed. */
const uint8_t *ec_ctr_data_labels(const struct ec_ctr_data *d);

/*
 * Encode one example: val[i]/len[i] is the value of ec_ctr_field(m, i)
 * (NULL: empty), label 0 or 1. With grow, new categorical values enter the
 * vocabularies (training data, before ec_ctr_prepare); without, they map
 * to the out-of-vocabulary row. 0, or -1 with the reason in err ("column
 * 'price': 'abc' is not a number"; ENOMEM).
 */
int ec_ctr_data_add(struct ec_ctr *m, struct ec_ctr_data *d, const char *const *val,
                    const size_t *len, int label, int grow, char *err, size_t errlen);

/*
 * After the training data is encoded: apply min_count (rare values go to
 * the OOV row, in d too) and allocate and initialise the embeddings and
 * the networks from the seed. Once; 0, or -1 (ENOMEM) with err.
 */
int ec_ctr_prepare(struct ec_ctr *m, struct ec_ctr_data *train, char *err, size_t errlen);

/*
 * One step on the examples idx[0..n) of d: for LR, FTRL one example
 * after the other, in that order; for Wide & Deep and DIN, one FTRL step
 * per wide coordinate on the batch's summed gradient and one Adam/AdaGrad
 * step of the deep part on the batch's mean log-loss. p (may be NULL) receives the
 * predictions made before the step; *loss_sum (may be NULL) has the sum of
 * their log-losses added. 0, or -1 with err ("non-finite logit") when the
 * numbers blew up, or ENOMEM.
 */
int ec_ctr_fit_batch(struct ec_ctr *m, const struct ec_ctr_data *d, const uint32_t *idx,
                     size_t n, double *p, double *loss_sum, char *err, size_t errlen);

/* Click probabilities p[0..size) of every example of d, in batches of
 * `batch` (0: 1024). 0, or -1 (ENOMEM). */
int ec_ctr_predict_data(struct ec_ctr *m, const struct ec_ctr_data *d, size_t batch,
                        double *p, char *err, size_t errlen);

/* ---- model file ---- */

/*
 * Write the model (kind "ctr") to path atomically ("-": stdout); `train`
 * (a JSON object, may be NULL; borrowed) is stored as the metadata's
 * "train" member. 0, or -1 with "PATH: reason".
 */
int ec_ctr_save(const struct ec_ctr *m, const char *path, const json_t *train, char *err,
                size_t errlen);
/* Read a model written by ec_ctr_save. NULL with "PATH: reason" in err
 * (not a ctr model, damaged, unknown payload version). */
struct ec_ctr *ec_ctr_load(const char *path, char *err, size_t errlen);
/* The same from a file image p[0..n); `name` is used in messages. */
struct ec_ctr *ec_ctr_load_mem(const void *p, size_t n, const char *name, char *err,
                               size_t errlen);
/* The metadata JSON of a loaded or trained model (borrowed; NULL for a
 * model not yet saved or loaded). */
const json_t *ec_ctr_meta(const struct ec_ctr *m);

/* ---- scoring (ec-predict, ec-recommend --ranker) ---- */

/*
 * Queue one record for scoring: val/len as for ec_ctr_data_add (values
 * in ec_ctr_field order; unknown categories go to the OOV rows). 0, or -1
 * with err (a bad number). Then ec_ctr_score_queued() writes the click
 * probability of every queued record, in order, into p and empties the
 * queue; batches of a few hundred records make the deep part's matrix
 * products efficient.
 */
int ec_ctr_queue(struct ec_ctr *m, const char *const *val, const size_t *len, char *err,
                 size_t errlen);
size_t ec_ctr_queued(const struct ec_ctr *m);
int ec_ctr_score_queued(struct ec_ctr *m, double *p, char *err, size_t errlen);
/* One record at once: its probability, or NaN with err on a bad value. */
double ec_ctr_score(struct ec_ctr *m, const char *const *val, const size_t *len, char *err,
                    size_t errlen);

/* ---- metrics (ec-eval ctr, validation) ---- */

/*
 * ROC AUC of scores s[0..n) against labels y (0/1) by the Mann-Whitney
 * statistic with tied scores given their average rank (Hanley & McNeil
 * 1982). NaN when a class is absent. O(n log n); does not modify inputs.
 */
double ec_ctr_auc(const double *s, const uint8_t *y, size_t n);
/* Mean log-loss of probabilities p against y, p clipped to [1e-15, 1 -
 * 1e-15]. NaN for n == 0. */
double ec_ctr_logloss(const double *p, const uint8_t *y, size_t n);
/*
 * GAUC (Zhou et al. 2018, eq. 3; Zhu et al. 2017): the AUC of each group
 * (user) g[i] weighted by its number of impressions, over the groups that
 * have both classes. *ngroups (may be NULL) receives how many groups
 * counted. NaN when none does.
 */
double ec_ctr_gauc(const double *s, const uint8_t *y, const uint32_t *g, size_t n,
                   size_t *ngroups);

#endif
