/*
 * ec_lda.c: LDA by collapsed Gibbs sampling with the SparseLDA sampler,
 * AD-LDA threads, Minka's hyper-parameter updates, inference with a fixed
 * model, document-completion perplexity, NPMI, NMI and the model file (see
 * ec_lda.h for the methods and their sources).
 *
 * Layout of the training state: the corpus is word ids w[] with document
 * offsets; the assignments z[] are one uint16 per token; n_dk is not stored
 * but rebuilt from z when a document is visited (documents are short, and
 * this keeps memory at 6 bytes per token as in Mallet). Each thread owns a
 * `wcounts`: the dense n_wk, each word's list of non-zero topics and the
 * position of each topic in that list, and n_k.
 */
#include "ec_lda.h"

#include "ec_buf.h"
#include "ec_model.h"
#include "ec_strmap.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- vocabulary ---- */

long ec_lda_vocab_find(const struct ec_lda_vocab *v, const char *word, size_t len)
{
	if (!v->map)
		return -1;
	const uint32_t *id = ec_strmap_get(v->map, word, len);
	return id ? (long)*id : -1;
}

void ec_lda_vocab_free(struct ec_lda_vocab *v)
{
	if (v->word)
		for (size_t i = 0; i < v->n; i++)
			free(v->word[i]);
	free(v->word);
	free(v->df);
	ec_strmap_free(v->map);
	memset(v, 0, sizeof *v);
}

void ec_lda_corpus_free(struct ec_lda_corpus *c)
{
	free(c->off);
	free(c->w);
	memset(c, 0, sizeof *c);
}

struct bword {
	uint32_t df;
	uint32_t last;      /* last document + 1 that counted it */
};

struct ec_lda_builder {
	struct ec_strmap *map;  /* word -> struct bword; id = insertion index */
	uint32_t *tok;
	size_t ntok, captok;
	size_t *off;            /* document ends */
	size_t ndocs, capdocs;
};

struct ec_lda_builder *ec_lda_builder_new(void)
{
	struct ec_lda_builder *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	if (!(b->map = ec_strmap_new(sizeof(struct bword)))) {
		free(b);
		return NULL;
	}
	return b;
}

int ec_lda_builder_token(struct ec_lda_builder *b, const char *tok, size_t len)
{
	size_t before = ec_strmap_size(b->map);
	struct bword *e = ec_strmap_put(b->map, tok, len, NULL);
	if (!e)
		return -1;
	size_t id = before;
	if (ec_strmap_size(b->map) == before) {
		/* existing: find its index; the map keeps insertion order, the
		 * value slot address gives it */
		id = (size_t)(e - (struct bword *)ec_strmap_val(b->map, 0));
	}
	if (id > UINT32_MAX - 1) {
		errno = ERANGE;
		return -1;
	}
	if (e->last != b->ndocs + 1) {
		e->last = (uint32_t)(b->ndocs + 1);
		e->df++;
	}
	if (ec_grow((void **)&b->tok, &b->captok, b->ntok + 1, sizeof *b->tok) < 0)
		return -1;
	b->tok[b->ntok++] = (uint32_t)id;
	return 0;
}

int ec_lda_builder_end_doc(struct ec_lda_builder *b)
{
	if (ec_grow((void **)&b->off, &b->capdocs, b->ndocs + 1, sizeof *b->off) < 0)
		return -1;
	b->off[b->ndocs++] = b->ntok;
	return 0;
}

size_t ec_lda_builder_ndocs(const struct ec_lda_builder *b)
{
	return b->ndocs;
}

size_t ec_lda_builder_nwords(const struct ec_lda_builder *b)
{
	return ec_strmap_size(b->map);
}

struct sortctx {
	const struct ec_strmap *map;
	const struct bword *vals;
};

/* Decreasing document frequency, then byte order (qsort_r, glibc's order). */
static int cmp_df(const void *pa, const void *pb, void *ud)
{
	const struct sortctx *c = ud;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	if (c->vals[a].df != c->vals[b].df)
		return c->vals[a].df > c->vals[b].df ? -1 : 1;
	size_t la, lb;
	const char *ka = ec_strmap_key(c->map, a, &la), *kb = ec_strmap_key(c->map, b, &lb);
	int r = memcmp(ka, kb, la < lb ? la : lb);
	if (r)
		return r;
	return la < lb ? -1 : la > lb;
}

int ec_lda_builder_finish(struct ec_lda_builder *b, const struct ec_lda_prune *p,
                          struct ec_lda_corpus *c, struct ec_lda_vocab *v, char *err,
                          size_t errlen)
{
	memset(c, 0, sizeof *c);
	memset(v, 0, sizeof *v);
	size_t nw = ec_strmap_size(b->map), D = b->ndocs;
	uint32_t *keep = malloc((nw ? nw : 1) * sizeof *keep);
	uint32_t *newid = malloc((nw ? nw : 1) * sizeof *newid);
	if (!keep || !newid)
		goto oom;
	const struct bword *vals = nw ? ec_strmap_val(b->map, 0) : NULL;
	double maxdf = (p && p->max_df > 0 ? p->max_df : 1.0) * (double)D;
	size_t mindf = p ? p->min_df : 0, nk = 0;
	for (size_t i = 0; i < nw; i++) {
		newid[i] = UINT32_MAX;
		if (vals[i].df >= mindf && (double)vals[i].df <= maxdf + 1e-9)
			keep[nk++] = (uint32_t)i;
	}
	struct sortctx sc = { b->map, vals };
	qsort_r(keep, nk, sizeof *keep, cmp_df, &sc);
	if (p && p->max_vocab && nk > p->max_vocab)
		nk = p->max_vocab;
	if (nk == 0) {
		seterr(err, errlen, "no words left after pruning (%zu distinct words in %zu documents)",
		       nw, D);
		free(keep);
		free(newid);
		return -1;
	}
	v->n = nk;
	v->word = calloc(nk, sizeof *v->word);
	v->df = malloc(nk * sizeof *v->df);
	v->map = ec_strmap_new(sizeof(uint32_t));
	if (!v->word || !v->df || !v->map)
		goto oom;
	for (size_t i = 0; i < nk; i++) {
		size_t len;
		const char *k = ec_strmap_key(b->map, keep[i], &len);
		newid[keep[i]] = (uint32_t)i;
		if (!(v->word[i] = malloc(len + 1)))
			goto oom;
		memcpy(v->word[i], k, len + 1);
		v->df[i] = vals[keep[i]].df;
		uint32_t *slot = ec_strmap_put(v->map, k, len, NULL);
		if (!slot)
			goto oom;
		*slot = (uint32_t)i;
	}
	c->ndocs = D;
	c->off = malloc((D + 1) * sizeof *c->off);
	c->w = malloc((b->ntok ? b->ntok : 1) * sizeof *c->w);
	if (!c->off || !c->w)
		goto oom;
	size_t t = 0, n = 0;
	c->off[0] = 0;
	for (size_t d = 0; d < D; d++) {
		for (; t < b->off[d]; t++)
			if (newid[b->tok[t]] != UINT32_MAX)
				c->w[n++] = newid[b->tok[t]];
		c->off[d + 1] = n;
	}
	c->ntokens = n;
	free(keep);
	free(newid);
	ec_strmap_clear(b->map);
	free(b->tok);
	free(b->off);
	b->tok = NULL;
	b->off = NULL;
	b->ntok = b->captok = b->ndocs = b->capdocs = 0;
	return 0;
oom:
	free(keep);
	free(newid);
	ec_lda_vocab_free(v);
	ec_lda_corpus_free(c);
	seterr(err, errlen, "out of memory");
	return -1;
}

void ec_lda_builder_free(struct ec_lda_builder *b)
{
	if (!b)
		return;
	ec_strmap_free(b->map);
	free(b->tok);
	free(b->off);
	free(b);
}

/* ---- model ---- */

int ec_lda_prepare(struct ec_lda *m, char *err, size_t errlen)
{
	size_t K = m->k, V = m->v;
	free(m->phi);
	m->phi = NULL;
	if (!m->nk && !(m->nk = calloc(K, sizeof *m->nk)))
		goto oom;
	memset(m->nk, 0, K * sizeof *m->nk);
	m->ntokens = 0;
	for (size_t w = 0; w < V; w++)
		for (size_t t = 0; t < K; t++)
			m->nk[t] += m->nwk[w * K + t];
	m->alpha_sum = 0;
	for (size_t t = 0; t < K; t++) {
		m->ntokens += m->nk[t];
		m->alpha_sum += m->alpha[t];
	}
	if (!(m->phi = malloc(V * K * sizeof *m->phi)))
		goto oom;
	double vb = (double)V * m->beta;
	double *inv = malloc(K * sizeof *inv);
	if (!inv)
		goto oom;
	for (size_t t = 0; t < K; t++)
		inv[t] = 1.0 / ((double)m->nk[t] + vb);
	for (size_t w = 0; w < V; w++)
		for (size_t t = 0; t < K; t++)
			m->phi[w * K + t] = ((double)m->nwk[w * K + t] + m->beta) * inv[t];
	free(inv);
	return 0;
oom:
	seterr(err, errlen, "out of memory");
	return -1;
}

void ec_lda_free(struct ec_lda *m)
{
	free(m->alpha);
	free(m->nwk);
	free(m->nk);
	free(m->phi);
	ec_lda_vocab_free(&m->vocab);
	memset(m, 0, sizeof *m);
}

void ec_lda_theta_z(const struct ec_lda *m, const uint16_t *z, size_t n, double *theta)
{
	for (size_t t = 0; t < m->k; t++)
		theta[t] = m->alpha[t];
	for (size_t i = 0; i < n; i++)
		theta[z[i]] += 1;
	double s = (double)n + m->alpha_sum;
	for (size_t t = 0; t < m->k; t++)
		theta[t] /= s;
}

/* ---- training: per-thread counts ---- */

struct wcounts {
	uint32_t *nwk;      /* v x k */
	uint16_t *nz;       /* v x k: the non-zero topics of each word */
	uint16_t *pos;      /* v x k: where topic t sits in nz of word w */
	uint32_t *nnz;      /* v */
	int64_t *nk;        /* k */
};

static inline void wc_inc(struct wcounts *c, size_t K, uint32_t w, uint16_t t)
{
	size_t b = (size_t)w * K;
	if (c->nwk[b + t]++ == 0) {
		c->pos[b + t] = (uint16_t)c->nnz[w];
		c->nz[b + c->nnz[w]++] = t;
	}
	c->nk[t]++;
}

static inline void wc_dec(struct wcounts *c, size_t K, uint32_t w, uint16_t t)
{
	size_t b = (size_t)w * K;
	if (--c->nwk[b + t] == 0) {
		uint16_t p = c->pos[b + t];
		uint16_t last = c->nz[b + --c->nnz[w]];
		c->nz[b + p] = last;
		c->pos[b + last] = p;
	}
	c->nk[t]--;
}

static int wc_alloc(struct wcounts *c, size_t V, size_t K)
{
	c->nwk = calloc(V * K, sizeof *c->nwk);
	c->nz = malloc(V * K * sizeof *c->nz);
	c->pos = malloc(V * K * sizeof *c->pos);
	c->nnz = calloc(V, sizeof *c->nnz);
	c->nk = calloc(K, sizeof *c->nk);
	return c->nwk && c->nz && c->pos && c->nnz && c->nk ? 0 : -1;
}

static void wc_copy(struct wcounts *dst, const struct wcounts *src, size_t V, size_t K)
{
	memcpy(dst->nwk, src->nwk, V * K * sizeof *dst->nwk);
	memcpy(dst->nz, src->nz, V * K * sizeof *dst->nz);
	memcpy(dst->pos, src->pos, V * K * sizeof *dst->pos);
	memcpy(dst->nnz, src->nnz, V * sizeof *dst->nnz);
	memcpy(dst->nk, src->nk, K * sizeof *dst->nk);
}

static void wc_free(struct wcounts *c)
{
	free(c->nwk);
	free(c->nz);
	free(c->pos);
	free(c->nnz);
	free(c->nk);
	memset(c, 0, sizeof *c);
}

struct move {
	uint32_t w;
	uint16_t from, to;
};

struct trainer;

struct worker {
	struct trainer *tr;
	unsigned id;
	size_t d0, d1;          /* documents [d0, d1) */
	struct wcounts c;
	struct ec_rng rng;
	struct move *log;
	size_t nlog, caplog;
	int logging, failed;
	double *ck, *qbuf;      /* k */
	uint32_t *ndk;          /* k */
	uint16_t *dnz, *dpos;   /* k */
	pthread_t th;
};

struct trainer {
	const struct ec_lda_corpus *c;
	uint16_t *z;
	size_t K, V;
	double *alpha, beta;
	unsigned nthreads;
	struct worker *wk;
};

/* One sweep of worker k over its documents (SparseLDA, Yao et al. 2009). */
static void sweep(struct worker *wk)
{
	struct trainer *tr = wk->tr;
	const size_t K = tr->K;
	const double beta = tr->beta, vbeta = (double)tr->V * beta;
	const double *alpha = tr->alpha;
	struct wcounts *c = &wk->c;
	double *ck = wk->ck, *qbuf = wk->qbuf;
	uint32_t *ndk = wk->ndk;
	uint16_t *dnz = wk->dnz, *dpos = wk->dpos;
	double s = 0;
	for (size_t t = 0; t < K; t++) {
		double den = (double)c->nk[t] + vbeta;
		s += alpha[t] * beta / den;
		ck[t] = alpha[t] / den;
	}
	wk->nlog = 0;
	for (size_t d = wk->d0; d < wk->d1; d++) {
		size_t b = tr->c->off[d], n = tr->c->off[d + 1] - b;
		if (!n)
			continue;
		const uint32_t *ws = tr->c->w + b;
		uint16_t *zs = tr->z + b;
		size_t nd = 0;
		for (size_t i = 0; i < n; i++) {
			uint16_t t = zs[i];
			if (ndk[t]++ == 0) {
				dpos[t] = (uint16_t)nd;
				dnz[nd++] = t;
			}
		}
		double r = 0;
		for (size_t j = 0; j < nd; j++) {
			uint16_t t = dnz[j];
			double den = (double)c->nk[t] + vbeta;
			r += ndk[t] * beta / den;
			ck[t] = (alpha[t] + ndk[t]) / den;
		}
		for (size_t i = 0; i < n; i++) {
			uint32_t w = ws[i];
			uint16_t t0 = zs[i];
			/* take the token out */
			double den = (double)c->nk[t0] + vbeta;
			s -= alpha[t0] * beta / den;
			r -= ndk[t0] * beta / den;
			wc_dec(c, K, w, t0);
			if (--ndk[t0] == 0) {
				uint16_t p = dpos[t0], last = dnz[--nd];
				dnz[p] = last;
				dpos[last] = p;
			}
			den = (double)c->nk[t0] + vbeta;
			s += alpha[t0] * beta / den;
			r += ndk[t0] * beta / den;
			ck[t0] = (alpha[t0] + ndk[t0]) / den;
			/* q over the word's topics */
			const uint32_t *row = c->nwk + (size_t)w * K;
			const uint16_t *list = c->nz + (size_t)w * K;
			size_t m = c->nnz[w];
			double q = 0;
			for (size_t j = 0; j < m; j++) {
				uint16_t t = list[j];
				double v = row[t] * ck[t];
				qbuf[j] = v;
				q += v;
			}
			double u = ec_rng_uniform(&wk->rng) * (s + r + q);
			uint16_t t1;
			if (u < q) {
				size_t j = 0;
				while (j + 1 < m && (u -= qbuf[j]) > 0)
					j++;
				t1 = list[j];
			} else if ((u -= q) < r) {
				size_t j = 0;
				for (;;) {
					uint16_t t = dnz[j];
					u -= ndk[t] * beta / ((double)c->nk[t] + vbeta);
					if (u <= 0 || j + 1 == nd)
						break;
					j++;
				}
				t1 = dnz[j];
			} else {
				u -= r;
				size_t t = 0;
				for (;;) {
					u -= alpha[t] * beta / ((double)c->nk[t] + vbeta);
					if (u <= 0 || t + 1 == K)
						break;
					t++;
				}
				t1 = (uint16_t)t;
			}
			/* put it back in t1 */
			den = (double)c->nk[t1] + vbeta;
			s -= alpha[t1] * beta / den;
			r -= ndk[t1] * beta / den;
			wc_inc(c, K, w, t1);
			if (ndk[t1]++ == 0) {
				dpos[t1] = (uint16_t)nd;
				dnz[nd++] = t1;
			}
			den = (double)c->nk[t1] + vbeta;
			s += alpha[t1] * beta / den;
			r += ndk[t1] * beta / den;
			ck[t1] = (alpha[t1] + ndk[t1]) / den;
			zs[i] = t1;
			if (t1 != t0 && wk->logging) {
				if (wk->nlog == wk->caplog &&
				    ec_grow((void **)&wk->log, &wk->caplog, wk->nlog + 1,
				            sizeof *wk->log) < 0) {
					wk->failed = 1;
					wk->logging = 0;
				} else {
					wk->log[wk->nlog++] = (struct move){ w, t0, t1 };
				}
			}
		}
		for (size_t j = 0; j < nd; j++) {
			uint16_t t = dnz[j];
			ndk[t] = 0;
			ck[t] = alpha[t] / ((double)c->nk[t] + vbeta);
		}
	}
}

static void *sweep_main(void *p)
{
	sweep(p);
	return NULL;
}

/* Bring worker wk's counts up to date with the other workers' moves. */
static void *merge_main(void *p)
{
	struct worker *wk = p;
	struct trainer *tr = wk->tr;
	for (unsigned o = 0; o < tr->nthreads; o++) {
		if (o == wk->id)
			continue;
		const struct worker *ow = &tr->wk[o];
		for (size_t i = 0; i < ow->nlog; i++) {
			wc_dec(&wk->c, tr->K, ow->log[i].w, ow->log[i].from);
			wc_inc(&wk->c, tr->K, ow->log[i].w, ow->log[i].to);
		}
	}
	return NULL;
}

static int run_threads(struct trainer *tr, void *(*fn)(void *))
{
	unsigned started = 0;
	int rc = 0;
	for (unsigned i = 1; i < tr->nthreads; i++) {
		if (pthread_create(&tr->wk[i].th, NULL, fn, &tr->wk[i]) != 0) {
			rc = -1;
			break;
		}
		started = i;
	}
	fn(&tr->wk[0]);
	for (unsigned i = 1; i <= started; i++)
		pthread_join(tr->wk[i].th, NULL);
	if (rc < 0) /* finish the work of threads that did not start */
		for (unsigned i = started + 1; i < tr->nthreads; i++)
			fn(&tr->wk[i]);
	return 0;
}

/* ---- log-likelihood ---- */

static double loglik_parts(size_t K, size_t V, const double *alpha, double beta,
                           const uint32_t *nwk, const uint64_t *nk,
                           const struct ec_lda_corpus *c, const uint16_t *z, uint32_t *ndk)
{
	double asum = 0, ll = 0;
	double *lga = malloc(K * sizeof *lga);
	if (!lga)
		return NAN;
	for (size_t t = 0; t < K; t++) {
		asum += alpha[t];
		lga[t] = lgamma(alpha[t]);
	}
	double lgasum = lgamma(asum);
	for (size_t d = 0; d < c->ndocs; d++) {
		size_t b = c->off[d], n = c->off[d + 1] - b;
		for (size_t i = 0; i < n; i++)
			ndk[z[b + i]]++;
		for (size_t i = 0; i < n; i++) {
			uint16_t t = z[b + i];
			if (ndk[t]) {
				ll += lgamma(alpha[t] + ndk[t]) - lga[t];
				ndk[t] = 0;
			}
		}
		ll += lgasum - lgamma(asum + (double)n);
	}
	double lgb = lgamma(beta), vb = (double)V * beta;
	for (size_t w = 0; w < V; w++)
		for (size_t t = 0; t < K; t++)
			if (nwk[w * K + t])
				ll += lgamma(beta + nwk[w * K + t]) - lgb;
	for (size_t t = 0; t < K; t++)
		ll += lgamma(vb) - lgamma(vb + (double)nk[t]);
	free(lga);
	return ll;
}

double ec_lda_loglik(const struct ec_lda *m, const struct ec_lda_corpus *c, const uint16_t *z)
{
	uint32_t *ndk = calloc(m->k, sizeof *ndk);
	if (!ndk)
		return NAN;
	double ll = loglik_parts(m->k, m->v, m->alpha, m->beta, m->nwk, m->nk, c, z, ndk);
	free(ndk);
	return ll;
}

static double trainer_loglik(struct trainer *tr, uint64_t *nk_tmp, uint32_t *ndk)
{
	for (size_t t = 0; t < tr->K; t++)
		nk_tmp[t] = (uint64_t)tr->wk[0].c.nk[t];
	return loglik_parts(tr->K, tr->V, tr->alpha, tr->beta, tr->wk[0].c.nwk, nk_tmp, tr->c,
	                    tr->z, ndk);
}

/* ---- hyper-parameters ---- */

double ec_lda_digamma(double x)
{
	double r = 0;
	while (x < 6) {
		r -= 1 / x;
		x += 1;
	}
	double f = 1 / (x * x);
	/* ψ(x) ~ ln x - 1/2x - Σ B_2n / (2n x^2n) */
	double t = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 +
	           f * (-1.0 / 132 + f * (691.0 / 32760 + f * (-1.0 / 12)))))));
	return r + log(x) - 0.5 / x + t;
}

int ec_lda_minka_alpha(double *alpha, size_t k, const uint32_t *len_hist,
                       const uint32_t *topic_hist, size_t maxn, int iters)
{
	int it;
	for (it = 0; it < iters; it++) {
		double asum = 0;
		for (size_t t = 0; t < k; t++)
			asum += alpha[t];
		double den = 0, psa = ec_lda_digamma(asum);
		for (size_t n = 1; n <= maxn; n++)
			if (len_hist[n])
				den += len_hist[n] * (ec_lda_digamma(n + asum) - psa);
		if (!(den > 0))
			return it;
		double change = 0;
		for (size_t t = 0; t < k; t++) {
			const uint32_t *h = topic_hist + t * (maxn + 1);
			double num = 0, pa = ec_lda_digamma(alpha[t]);
			for (size_t n = 1; n <= maxn; n++)
				if (h[n])
					num += h[n] * (ec_lda_digamma(n + alpha[t]) - pa);
			double a = alpha[t] * num / den;
			if (a < 1e-6)
				a = 1e-6;
			double rel = fabs(a - alpha[t]) / alpha[t];
			if (rel > change)
				change = rel;
			alpha[t] = a;
		}
		if (change < 1e-6) {
			it++;
			break;
		}
	}
	return it;
}

double ec_lda_minka_beta(double beta, size_t v, const uint64_t *count_hist, size_t maxn,
                         const uint64_t *nk, size_t k, int iters)
{
	for (int it = 0; it < iters; it++) {
		double pb = ec_lda_digamma(beta), vb = (double)v * beta, pvb = ec_lda_digamma(vb);
		double num = 0, den = 0;
		for (size_t n = 1; n <= maxn; n++)
			if (count_hist[n])
				num += (double)count_hist[n] * (ec_lda_digamma(n + beta) - pb);
		for (size_t t = 0; t < k; t++)
			if (nk[t])
				den += ec_lda_digamma((double)nk[t] + vb) - pvb;
		den *= (double)v;
		if (!(den > 0) || !(num > 0))
			break;
		double nb = beta * num / den;
		if (nb < 1e-6)
			nb = 1e-6;
		double rel = fabs(nb - beta) / beta;
		beta = nb;
		if (rel < 1e-6)
			break;
	}
	return beta;
}

/* Update α and β from the current state (worker 0's counts are exact). */
static int optimize(struct trainer *tr)
{
	const struct ec_lda_corpus *c = tr->c;
	size_t K = tr->K, maxn = 0;
	for (size_t d = 0; d < c->ndocs; d++)
		if (c->off[d + 1] - c->off[d] > maxn)
			maxn = c->off[d + 1] - c->off[d];
	uint32_t *lh = calloc(maxn + 1, sizeof *lh);
	uint32_t *th = calloc(K * (maxn + 1), sizeof *th);
	uint32_t *ndk = calloc(K, sizeof *ndk);
	if (!lh || !th || !ndk)
		goto oom;
	for (size_t d = 0; d < c->ndocs; d++) {
		size_t b = c->off[d], n = c->off[d + 1] - b;
		lh[n]++;
		for (size_t i = 0; i < n; i++)
			ndk[tr->z[b + i]]++;
		for (size_t i = 0; i < n; i++) {
			uint16_t t = tr->z[b + i];
			if (ndk[t]) {
				th[t * (maxn + 1) + ndk[t]]++;
				ndk[t] = 0;
			}
		}
	}
	ec_lda_minka_alpha(tr->alpha, K, lh, th, maxn, 200);
	free(lh);
	free(th);
	free(ndk);
	lh = NULL;
	th = NULL;
	ndk = NULL;
	/* β from the histogram of n_wk */
	const struct wcounts *wc = &tr->wk[0].c;
	uint64_t maxc = 0;
	for (size_t i = 0; i < tr->V * K; i++)
		if (wc->nwk[i] > maxc)
			maxc = wc->nwk[i];
	uint64_t *ch = calloc(maxc + 1, sizeof *ch);
	uint64_t *nk = malloc(K * sizeof *nk);
	if (!ch || !nk) {
		free(ch);
		free(nk);
		goto oom;
	}
	for (size_t i = 0; i < tr->V * K; i++)
		if (wc->nwk[i])
			ch[wc->nwk[i]]++;
	for (size_t t = 0; t < K; t++)
		nk[t] = (uint64_t)wc->nk[t];
	tr->beta = ec_lda_minka_beta(tr->beta, tr->V, ch, maxc, nk, K, 200);
	free(ch);
	free(nk);
	return 0;
oom:
	free(lh);
	free(th);
	free(ndk);
	return -1;
}

/* ---- training ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int ec_lda_train(struct ec_lda *m, const struct ec_lda_corpus *c, struct ec_lda_vocab *vocab,
                 const struct ec_lda_train_opts *o, uint16_t **z_out, double *ll_out,
                 char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (z_out)
		*z_out = NULL;
	if (o->k < 1 || o->k > EC_LDA_MAX_K) {
		seterr(err, errlen, "the number of topics must be 1..%d", EC_LDA_MAX_K);
		return -1;
	}
	if (!(o->alpha > 0) || !(o->beta > 0) || o->threads < 1 || vocab->n == 0 ||
	    vocab->n > UINT32_MAX) {
		seterr(err, errlen, "bad training options");
		return -1;
	}
	struct trainer tr;
	memset(&tr, 0, sizeof tr);
	tr.c = c;
	tr.K = o->k;
	tr.V = vocab->n;
	tr.beta = o->beta;
	unsigned T = o->threads;
	if (T > 1 && c->ndocs < (size_t)T * 2)
		T = c->ndocs > 1 ? (unsigned)(c->ndocs / 2) : 1;
	if (T < 1)
		T = 1;
	tr.nthreads = T;
	size_t K = tr.K, V = tr.V;
	uint64_t *nk_tmp = NULL;
	uint32_t *ndk_tmp = NULL;
	tr.alpha = malloc(K * sizeof *tr.alpha);
	tr.z = malloc((c->ntokens ? c->ntokens : 1) * sizeof *tr.z);
	tr.wk = calloc(T, sizeof *tr.wk);
	nk_tmp = malloc(K * sizeof *nk_tmp);
	ndk_tmp = calloc(K, sizeof *ndk_tmp);
	if (!tr.alpha || !tr.z || !tr.wk || !nk_tmp || !ndk_tmp)
		goto oom;
	for (size_t t = 0; t < K; t++)
		tr.alpha[t] = o->alpha;
	/* shards of about equal token counts */
	size_t d = 0;
	for (unsigned i = 0; i < T; i++) {
		struct worker *wk = &tr.wk[i];
		wk->tr = &tr;
		wk->id = i;
		wk->d0 = d;
		size_t goal = (size_t)((double)c->ntokens * (i + 1) / T);
		while (d < c->ndocs && (c->off[d + 1] <= goal || i + 1 == T))
			d++;
		wk->d1 = d;
		ec_rng_seed_stream(&wk->rng, o->seed, 1 + i);
		wk->logging = T > 1;
		if (wc_alloc(&wk->c, V, K) < 0)
			goto oom;
		wk->ck = malloc(K * sizeof *wk->ck);
		wk->qbuf = malloc(K * sizeof *wk->qbuf);
		wk->ndk = calloc(K, sizeof *wk->ndk);
		wk->dnz = malloc(K * sizeof *wk->dnz);
		wk->dpos = malloc(K * sizeof *wk->dpos);
		if (!wk->ck || !wk->qbuf || !wk->ndk || !wk->dnz || !wk->dpos)
			goto oom;
	}
	/* random initial assignments from one stream, whatever T */
	struct ec_rng init;
	ec_rng_seed_stream(&init, o->seed, 0);
	for (size_t i = 0; i < c->ntokens; i++) {
		tr.z[i] = (uint16_t)ec_rng_below(&init, K);
		wc_inc(&tr.wk[0].c, K, c->w[i], tr.z[i]);
	}
	for (unsigned i = 1; i < T; i++)
		wc_copy(&tr.wk[i].c, &tr.wk[0].c, V, K);
	double ll = NAN;
	for (unsigned it = 1; it <= o->iters; it++) {
		double t0 = now_s();
		if (T == 1) {
			sweep(&tr.wk[0]);
		} else {
			run_threads(&tr, sweep_main);
			for (unsigned i = 0; i < T; i++)
				if (tr.wk[i].failed)
					goto oom;
			run_threads(&tr, merge_main);
		}
		double dt = now_s() - t0;
		if (o->optimize_interval && it > o->burn_in && it % o->optimize_interval == 0)
			if (optimize(&tr) < 0)
				goto oom;
		int want_ll = it == o->iters || (o->ll_interval && it % o->ll_interval == 0);
		double l = NAN;
		if (want_ll)
			ll = l = trainer_loglik(&tr, nk_tmp, ndk_tmp) / (double)(c->ntokens ? c->ntokens : 1);
		if (o->progress) {
			double tps = dt > 0 ? (double)c->ntokens / dt : 0;
			if (o->progress(it, tps, l, o->ud)) {
				if (!want_ll)
					ll = trainer_loglik(&tr, nk_tmp, ndk_tmp) /
					     (double)(c->ntokens ? c->ntokens : 1);
				break;
			}
		}
	}
	if (o->iters == 0)
		ll = trainer_loglik(&tr, nk_tmp, ndk_tmp) / (double)(c->ntokens ? c->ntokens : 1);
	/* the model takes worker 0's counts */
	m->k = (uint32_t)K;
	m->v = (uint32_t)V;
	m->alpha = tr.alpha;
	tr.alpha = NULL;
	m->beta = tr.beta;
	m->nwk = tr.wk[0].c.nwk;
	tr.wk[0].c.nwk = NULL;
	m->vocab = *vocab;
	memset(vocab, 0, sizeof *vocab);
	if (ll_out)
		*ll_out = ll;
	for (unsigned i = 0; i < T; i++) {
		wc_free(&tr.wk[i].c);
		free(tr.wk[i].log);
		free(tr.wk[i].ck);
		free(tr.wk[i].qbuf);
		free(tr.wk[i].ndk);
		free(tr.wk[i].dnz);
		free(tr.wk[i].dpos);
	}
	free(tr.wk);
	free(nk_tmp);
	free(ndk_tmp);
	if (ec_lda_prepare(m, err, errlen) < 0) {
		free(tr.z);
		ec_lda_free(m);
		return -1;
	}
	if (z_out)
		*z_out = tr.z;
	else
		free(tr.z);
	return 0;
oom:
	if (tr.wk)
		for (unsigned i = 0; i < T; i++) {
			wc_free(&tr.wk[i].c);
			free(tr.wk[i].log);
			free(tr.wk[i].ck);
			free(tr.wk[i].qbuf);
			free(tr.wk[i].ndk);
			free(tr.wk[i].dnz);
			free(tr.wk[i].dpos);
		}
	free(tr.wk);
	free(tr.alpha);
	free(tr.z);
	free(nk_tmp);
	free(ndk_tmp);
	seterr(err, errlen, "out of memory");
	return -1;
}

/* ---- inference ---- */

size_t ec_lda_infer_scratch(const struct ec_lda *m, size_t n)
{
	return 2 * m->k * sizeof(double) + m->k * sizeof(uint32_t) + (n + 1) * sizeof(uint16_t);
}

static uint16_t draw(struct ec_rng *r, const double *p, size_t K, double total)
{
	double u = ec_rng_uniform(r) * total;
	size_t t = 0;
	while (t + 1 < K && (u -= p[t]) > 0)
		t++;
	return (uint16_t)t;
}

void ec_lda_infer(const struct ec_lda *m, const uint32_t *w, size_t n, unsigned iters,
                  unsigned burn, struct ec_rng *r, double *theta, void *scratch)
{
	size_t K = m->k;
	double *p = scratch;
	double *acc = p + K;
	uint32_t *ndk = (uint32_t *)(acc + K);
	uint16_t *z = (uint16_t *)(ndk + K);
	if (n == 0 || iters == 0) {
		for (size_t t = 0; t < K; t++)
			theta[t] = m->alpha[t] / m->alpha_sum;
		return;
	}
	if (burn >= iters)
		burn = iters - 1;
	memset(ndk, 0, K * sizeof *ndk);
	memset(acc, 0, K * sizeof *acc);
	for (size_t i = 0; i < n; i++) {
		const double *ph = m->phi + (size_t)w[i] * K;
		double tot = 0;
		for (size_t t = 0; t < K; t++)
			tot += p[t] = m->alpha[t] * ph[t];
		z[i] = draw(r, p, K, tot);
		ndk[z[i]]++;
	}
	for (unsigned it = 0; it < iters; it++) {
		for (size_t i = 0; i < n; i++) {
			const double *ph = m->phi + (size_t)w[i] * K;
			ndk[z[i]]--;
			double tot = 0;
			for (size_t t = 0; t < K; t++)
				tot += p[t] = (m->alpha[t] + ndk[t]) * ph[t];
			z[i] = draw(r, p, K, tot);
			ndk[z[i]]++;
		}
		if (it >= burn)
			for (size_t t = 0; t < K; t++)
				acc[t] += m->alpha[t] + ndk[t];
	}
	double s = ((double)n + m->alpha_sum) * (double)(iters - burn);
	for (size_t t = 0; t < K; t++)
		theta[t] = acc[t] / s;
}

double ec_lda_completion(const struct ec_lda *m, const uint32_t *w, size_t n, unsigned iters,
                         unsigned burn, struct ec_rng *r, size_t *nheld, void *scratch)
{
	*nheld = 0;
	if (n < 2)
		return 0;
	size_t K = m->k, half = n / 2;
	double *th = malloc(K * sizeof *th);
	if (!th)
		return NAN;
	ec_lda_infer(m, w, half, iters, burn, r, th, scratch);
	double lp = 0;
	for (size_t i = half; i < n; i++) {
		const double *ph = m->phi + (size_t)w[i] * K;
		double s = 0;
		for (size_t t = 0; t < K; t++)
			s += th[t] * ph[t];
		lp += log(s);
	}
	free(th);
	*nheld = n - half;
	return lp;
}

/* -1 when word a ranks before word b in topic t: more tokens, then lower id. */
static int cmp_top(const struct ec_lda *m, uint32_t t, uint32_t a, uint32_t b)
{
	uint32_t ca = m->nwk[(size_t)a * m->k + t], cb = m->nwk[(size_t)b * m->k + t];
	if (ca != cb)
		return ca > cb ? -1 : 1;
	return a < b ? -1 : a > b;
}

size_t ec_lda_top_words(const struct ec_lda *m, uint32_t t, size_t n, uint32_t *ids)
{
	if (n > m->v)
		n = m->v;
	/* insertion into the sorted best n: O(V n) worst case, O(V) typically */
	size_t have = 0;
	for (uint32_t w = 0; w < m->v && n; w++) {
		if (have == n) {
			if (cmp_top(m, t, w, ids[n - 1]) >= 0)
				continue;
			have--;
		}
		size_t j = have++;
		while (j > 0 && cmp_top(m, t, w, ids[j - 1]) < 0) {
			ids[j] = ids[j - 1];
			j--;
		}
		ids[j] = w;
	}
	return have;
}

/* ---- NPMI ---- */

struct ec_lda_npmi {
	size_t k, n, v, docs;
	uint32_t *top;          /* k x n */
	uint64_t *df;           /* k x n */
	uint64_t *co;           /* k x n x n (i < j used) */
	uint32_t *seen;         /* v: last doc + 1 */
	uint32_t *slot_head;    /* v: first (topic, i) + 1 holding the word, 0 none */
	uint32_t *slot_next;    /* k x n */
	uint8_t *present;       /* k x n */
	uint32_t *touched;      /* topics touched by this doc */
	uint8_t *tmark;
};

struct ec_lda_npmi *ec_lda_npmi_new(const uint32_t *top, size_t k, size_t n, size_t v)
{
	if (n > 64 || k == 0 || n == 0)
		return NULL;
	struct ec_lda_npmi *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->k = k;
	s->n = n;
	s->v = v;
	s->top = malloc(k * n * sizeof *s->top);
	s->df = calloc(k * n, sizeof *s->df);
	s->co = calloc(k * n * n, sizeof *s->co);
	s->seen = calloc(v, sizeof *s->seen);
	s->slot_head = calloc(v, sizeof *s->slot_head);
	s->slot_next = calloc(k * n, sizeof *s->slot_next);
	s->present = calloc(k * n, 1);
	s->touched = malloc(k * sizeof *s->touched);
	s->tmark = calloc(k, 1);
	if (!s->top || !s->df || !s->co || !s->seen || !s->slot_head || !s->slot_next ||
	    !s->present || !s->touched || !s->tmark) {
		ec_lda_npmi_free(s);
		return NULL;
	}
	memcpy(s->top, top, k * n * sizeof *top);
	for (size_t j = k * n; j-- > 0;) {
		uint32_t w = top[j];
		if (w >= v)
			continue;
		s->slot_next[j] = s->slot_head[w];
		s->slot_head[w] = (uint32_t)(j + 1);
	}
	return s;
}

int ec_lda_npmi_add(struct ec_lda_npmi *s, const uint32_t *w, size_t len)
{
	uint32_t doc = (uint32_t)(++s->docs);
	size_t nt = 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t x = w[i];
		if (x >= s->v || s->seen[x] == doc)
			continue;
		s->seen[x] = doc;
		for (uint32_t j = s->slot_head[x]; j; j = s->slot_next[j - 1]) {
			s->present[j - 1] = 1;
			size_t t = (j - 1) / s->n;
			if (!s->tmark[t]) {
				s->tmark[t] = 1;
				s->touched[nt++] = (uint32_t)t;
			}
		}
	}
	for (size_t q = 0; q < nt; q++) {
		size_t t = s->touched[q], n = s->n;
		uint8_t *pr = s->present + t * n;
		for (size_t i = 0; i < n; i++) {
			if (!pr[i])
				continue;
			s->df[t * n + i]++;
			for (size_t j = i + 1; j < n; j++)
				if (pr[j])
					s->co[(t * n + i) * n + j]++;
		}
		memset(pr, 0, n);
		s->tmark[t] = 0;
	}
	return 0;
}

double ec_lda_npmi_result(const struct ec_lda_npmi *s, double *out)
{
	const double eps = 1e-12;
	double D = (double)s->docs, total = 0;
	for (size_t t = 0; t < s->k; t++) {
		size_t n = s->n, pairs = 0;
		double sum = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				double pi = D > 0 ? (double)s->df[t * n + i] / D : 0;
				double pj = D > 0 ? (double)s->df[t * n + j] / D : 0;
				double pij = D > 0 ? (double)s->co[(t * n + i) * n + j] / D : 0;
				double v;
				if (pi <= 0 || pj <= 0)
					v = -1; /* the word never occurs: no evidence of co-occurrence */
				else
					v = log((pij + eps) / (pi * pj)) / -log(pij + eps);
				sum += v;
				pairs++;
			}
		double c = pairs ? sum / (double)pairs : 0;
		if (out)
			out[t] = c;
		total += c;
	}
	return total / (double)s->k;
}

size_t ec_lda_npmi_docs(const struct ec_lda_npmi *s)
{
	return s->docs;
}

void ec_lda_npmi_free(struct ec_lda_npmi *s)
{
	if (!s)
		return;
	free(s->top);
	free(s->df);
	free(s->co);
	free(s->seen);
	free(s->slot_head);
	free(s->slot_next);
	free(s->present);
	free(s->touched);
	free(s->tmark);
	free(s);
}

/* ---- NMI ---- */

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}

/* Entropy (nats) of the multiset x[0..n) (sorted in place) of n items. */
static double entropy_sorted(uint64_t *x, size_t n)
{
	qsort(x, n, sizeof *x, cmp_u64);
	double h = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && x[j] == x[i])
			j++;
		double p = (double)(j - i) / (double)n;
		h -= p * log(p);
		i = j;
	}
	return h;
}

double ec_lda_nmi(const uint32_t *a, const uint32_t *b, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t *x = malloc(n * sizeof *x);
	if (!x)
		return -1;
	for (size_t i = 0; i < n; i++)
		x[i] = a[i];
	double ha = entropy_sorted(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] = b[i];
	double hb = entropy_sorted(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] = (uint64_t)a[i] << 32 | b[i];
	double hab = entropy_sorted(x, n);
	free(x);
	if (ha + hb <= 0)
		return 1;
	double mi = ha + hb - hab;
	if (mi < 0)
		mi = 0;
	return 2 * mi / (ha + hb);
}

/* ---- model file ---- */

static int put_u32(struct ec_buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24) };
	return ec_buf_add(b, x, 4);
}

static int put_f64(struct ec_buf *b, double d)
{
	uint64_t v;
	memcpy(&v, &d, 8);
	return put_u32(b, (uint32_t)v) | put_u32(b, (uint32_t)(v >> 32));
}

int ec_lda_save(const struct ec_lda *m, const json_t *meta, const char *path, char *err,
                size_t errlen)
{
	struct ec_buf b = EC_BUF_INIT;
	size_t K = m->k, V = m->v;
	int bad = put_u32(&b, m->k) | put_u32(&b, m->v) | put_f64(&b, m->beta);
	for (size_t t = 0; t < K; t++)
		bad |= put_f64(&b, m->alpha[t]);
	for (size_t w = 0; w < V && !bad; w++) {
		size_t l = strlen(m->vocab.word[w]);
		bad |= put_u32(&b, (uint32_t)l) | ec_buf_add(&b, m->vocab.word[w], l);
	}
	for (size_t w = 0; w < V && !bad; w++)
		bad |= put_u32(&b, m->vocab.df ? m->vocab.df[w] : 0);
	if (!bad && ec_buf_grow(&b, V * K * 4) < 0)
		bad = 1;
	for (size_t i = 0; i < V * K && !bad; i++)
		bad |= put_u32(&b, m->nwk[i]);
	json_t *md = meta ? json_deep_copy(meta) : json_object();
	if (bad || !md) {
		ec_buf_free(&b);
		json_decref(md);
		seterr(err, errlen, "%s: out of memory", path);
		return -1;
	}
	json_object_set_new(md, "payload", json_string("lda/1"));
	json_object_set_new(md, "k", json_integer(m->k));
	json_object_set_new(md, "v", json_integer(m->v));
	json_object_set_new(md, "tokens", json_integer((json_int_t)m->ntokens));
	json_object_set_new(md, "alpha_sum", json_real(m->alpha_sum));
	json_object_set_new(md, "beta", json_real(m->beta));
	int rc = ec_model_save(path, "lda", md, b.data, b.len, err, errlen);
	json_decref(md);
	ec_buf_free(&b);
	return rc;
}

struct rd {
	const unsigned char *p;
	size_t n, at;
};

static int get_u32(struct rd *r, uint32_t *v)
{
	if (r->n - r->at < 4)
		return -1;
	const unsigned char *x = r->p + r->at;
	*v = (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
	r->at += 4;
	return 0;
}

static int get_f64(struct rd *r, double *d)
{
	uint32_t lo, hi;
	if (get_u32(r, &lo) < 0 || get_u32(r, &hi) < 0)
		return -1;
	uint64_t v = (uint64_t)hi << 32 | lo;
	memcpy(d, &v, 8);
	return 0;
}

/* The model in a decoded container em (taken: freed here). */
static int from_container(struct ec_lda *m, struct ec_model *em, const char *path,
                          json_t **meta_out, char *err, size_t errlen)
{
	const char *pv = json_string_value(json_object_get(em->meta, "payload"));
	const char *why = "damaged payload";
	if (!pv || strcmp(pv, "lda/1") != 0) {
		why = "unknown payload version (newer ec?)";
		goto bad;
	}
	struct rd r = { em->payload, em->payload_len, 0 };
	uint32_t K, V;
	if (get_u32(&r, &K) < 0 || get_u32(&r, &V) < 0 || K < 1 || K > EC_LDA_MAX_K || V < 1)
		goto bad;
	/* sizes first, so a damaged header cannot make us allocate much */
	if ((uint64_t)V * K * 4 + (uint64_t)K * 8 > em->payload_len)
		goto bad;
	m->k = K;
	m->v = V;
	if (get_f64(&r, &m->beta) < 0 || !(m->beta > 0) || !isfinite(m->beta))
		goto bad;
	m->alpha = malloc(K * sizeof *m->alpha);
	m->vocab.word = calloc(V, sizeof *m->vocab.word);
	m->vocab.df = malloc(V * sizeof *m->vocab.df);
	m->vocab.map = ec_strmap_new(sizeof(uint32_t));
	m->nwk = malloc((size_t)V * K * sizeof *m->nwk);
	if (!m->alpha || !m->vocab.word || !m->vocab.df || !m->vocab.map || !m->nwk) {
		why = "out of memory";
		goto bad;
	}
	m->vocab.n = V;
	for (size_t t = 0; t < K; t++)
		if (get_f64(&r, &m->alpha[t]) < 0 || !(m->alpha[t] > 0) || !isfinite(m->alpha[t]))
			goto bad;
	for (size_t w = 0; w < V; w++) {
		uint32_t l;
		if (get_u32(&r, &l) < 0 || r.n - r.at < l)
			goto bad;
		if (!(m->vocab.word[w] = malloc((size_t)l + 1))) {
			why = "out of memory";
			goto bad;
		}
		memcpy(m->vocab.word[w], r.p + r.at, l);
		m->vocab.word[w][l] = '\0';
		r.at += l;
		int isnew = 0;
		uint32_t *slot = ec_strmap_put(m->vocab.map, m->vocab.word[w], l, &isnew);
		if (!slot) {
			why = "out of memory";
			goto bad;
		}
		if (!isnew) {
			why = "damaged payload (a word twice)";
			goto bad;
		}
		*slot = (uint32_t)w;
	}
	for (size_t w = 0; w < V; w++)
		if (get_u32(&r, &m->vocab.df[w]) < 0)
			goto bad;
	if (r.n - r.at != (size_t)V * K * 4)
		goto bad;
	for (size_t i = 0; i < (size_t)V * K; i++)
		get_u32(&r, &m->nwk[i]);
	if (ec_lda_prepare(m, err, errlen) < 0) {
		why = "out of memory";
		goto bad;
	}
	if (meta_out)
		*meta_out = json_incref(em->meta);
	ec_model_free(em);
	return 0;
bad:
	seterr(err, errlen, "%s: %s", path, why);
	ec_model_free(em);
	ec_lda_free(m);
	return -1;
}

int ec_lda_load(struct ec_lda *m, const char *path, json_t **meta_out, char *err,
                size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (meta_out)
		*meta_out = NULL;
	struct ec_model em;
	if (ec_model_load(&em, path, "lda", err, errlen) < 0)
		return -1;
	return from_container(m, &em, path, meta_out, err, errlen);
}

int ec_lda_decode(struct ec_lda *m, const void *data, size_t n, const char *name,
                  json_t **meta_out, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (meta_out)
		*meta_out = NULL;
	struct ec_model em;
	if (ec_model_decode(&em, data, n, name, "lda", err, errlen) < 0)
		return -1;
	return from_container(m, &em, name, meta_out, err, errlen);
}
