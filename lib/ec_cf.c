/*
 * ec_cf: the collaborative-filtering models of ec_cf.h.
 *
 * Built for the sizes of a shop: up to millions of users and events and
 * hundreds of thousands of items. Everything is sparse except EASE, whose
 * Gram matrix and inverse are dense by nature (hence its item limit).
 * The co-occurrence work of itemknn and of EASE's Gram matrix is done per
 * item row through the item-user transpose, so that threads own disjoint
 * rows and need no locks; its cost is sum over users of |history|^2.
 */
#include "ec_cf.h"

#include "ec_buf.h"
#include "ec_model.h"
#include "ec_rng.h"
#include "ec_strmap.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* LAPACK (Fortran symbols in OpenBLAS). */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info);

static const char *const kind_names[] = { "pop", "itemknn", "ease", "als" };

int ec_cf_kind_parse(const char *s)
{
	for (int k = 0; k < 4; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -1;
}

const char *ec_cf_kind_name(int kind)
{
	return kind >= 0 && kind < 4 ? kind_names[kind] : "?";
}

/* ---- weights ---- */

static const char *const kind_words[EC_CF_NKINDS] = {
	NULL, "view", "click", "cart", "fav", "purchase", "return", "search", "review", "rate",
	"impression",
};

void ec_cf_weights_default(double w[EC_CF_NKINDS])
{
	for (int k = 0; k < EC_CF_NKINDS; k++)
		w[k] = 0;
	w[EC_KIND_VIEW] = 1;
	w[EC_KIND_CLICK] = 2;
	w[EC_KIND_CART] = 4;
	w[EC_KIND_PURCHASE] = 8;
	w[EC_KIND_RATE] = 1;
}

int ec_cf_weights_parse(const char *s, double w[EC_CF_NKINDS], char *err, size_t errlen)
{
	double t[EC_CF_NKINDS] = { 0 };
	const char *p = s;
	if (!*s) {
		snprintf(err, errlen, "empty list");
		return -1;
	}
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		if (!eq) {
			snprintf(err, errlen, "'%.*s' is not KIND=WEIGHT", (int)n, p);
			return -1;
		}
		int k = ec_kind_of(p, (size_t)(eq - p));
		if (k <= EC_KIND_OTHER) {
			snprintf(err, errlen, "'%.*s' is not an event kind", (int)(eq - p), p);
			return -1;
		}
		char num[64];
		size_t vl = n - (size_t)(eq + 1 - p);
		if (vl == 0 || vl >= sizeof num) {
			snprintf(err, errlen, "'%.*s' has no weight", (int)n, p);
			return -1;
		}
		memcpy(num, eq + 1, vl);
		num[vl] = 0;
		char *end;
		errno = 0;
		double v = strtod(num, &end);
		if (*end || errno || !isfinite(v) || v < 0) {
			snprintf(err, errlen, "weight '%s' is not a number >= 0", num);
			return -1;
		}
		t[k] = v;
		p += n;
		if (*p == ',')
			p++;
	}
	memcpy(w, t, sizeof t);
	return 0;
}

json_t *ec_cf_weights_json(const double w[EC_CF_NKINDS])
{
	json_t *o = json_object();
	for (int k = 1; o && k < EC_CF_NKINDS; k++)
		if (w[k] != 0)
			json_object_set_new(o, kind_words[k], json_real(w[k]));
	return o;
}

int ec_cf_weights_from_json(const json_t *o, double w[EC_CF_NKINDS])
{
	if (!json_is_object(o))
		return -1;
	for (int k = 0; k < EC_CF_NKINDS; k++)
		w[k] = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v) {
		int k = ec_kind_of(key, strlen(key));
		if (k <= EC_KIND_OTHER || !json_is_number(v) || json_number_value(v) < 0)
			return -1;
		w[k] = json_number_value(v);
	}
	return 0;
}

/* ---- CSR ---- */

void ec_cf_csr_free(struct ec_cf_csr *m)
{
	free(m->ptr);
	free(m->idx);
	free(m->val);
	memset(m, 0, sizeof *m);
}

int ec_cf_csr_build(struct ec_cf_csr *m, uint32_t nrows, uint32_t ncols, const uint32_t *row,
                    const uint32_t *col, const float *val, size_t n)
{
	memset(m, 0, sizeof *m);
	for (size_t k = 0; k < n; k++)
		if (row[k] >= nrows || col[k] >= ncols) {
			errno = EINVAL;
			return -1;
		}
	uint64_t *ptr = calloc((size_t)nrows + 1, sizeof *ptr);
	uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
	float *v = malloc((n ? n : 1) * sizeof *v);
	uint64_t *fill = malloc(((size_t)nrows + 1) * sizeof *fill);
	if (!ptr || !idx || !v || !fill)
		goto oom;
	for (size_t k = 0; k < n; k++)
		ptr[row[k] + 1]++;
	for (uint32_t r = 0; r < nrows; r++)
		ptr[r + 1] += ptr[r];
	memcpy(fill, ptr, ((size_t)nrows + 1) * sizeof *fill);
	for (size_t k = 0; k < n; k++) {
		uint64_t at = fill[row[k]]++;
		idx[at] = col[k];
		v[at] = val[k];
	}
	/* sort each row by column (insertion sort: rows are short, and mostly
	 * in order already) and sum duplicates, compacting in place */
	uint64_t out = 0;
	for (uint32_t r = 0; r < nrows; r++) {
		uint64_t b = ptr[r], e = ptr[r + 1];
		for (uint64_t a = b + 1; a < e; a++) {
			uint32_t c = idx[a];
			float x = v[a];
			uint64_t q = a;
			while (q > b && idx[q - 1] > c) {
				idx[q] = idx[q - 1];
				v[q] = v[q - 1];
				q--;
			}
			idx[q] = c;
			v[q] = x;
		}
		ptr[r] = out;
		for (uint64_t a = b; a < e; a++) {
			if (a > b && idx[a] == idx[a - 1]) {
				v[out - 1] += v[a];
				continue;
			}
			idx[out] = idx[a];
			v[out] = v[a];
			out++;
		}
	}
	ptr[nrows] = out;
	free(fill);
	m->nrows = nrows;
	m->ncols = ncols;
	m->ptr = ptr;
	m->idx = idx;
	m->val = v;
	return 0;
oom:
	free(ptr);
	free(idx);
	free(v);
	free(fill);
	errno = ENOMEM;
	return -1;
}

int ec_cf_csr_transpose(const struct ec_cf_csr *m, struct ec_cf_csr *t)
{
	uint64_t nnz = m->ptr[m->nrows];
	memset(t, 0, sizeof *t);
	t->ptr = calloc((size_t)m->ncols + 1, sizeof *t->ptr);
	t->idx = malloc((nnz ? nnz : 1) * sizeof *t->idx);
	t->val = malloc((nnz ? nnz : 1) * sizeof *t->val);
	uint64_t *fill = malloc(((size_t)m->ncols + 1) * sizeof *fill);
	if (!t->ptr || !t->idx || !t->val || !fill) {
		free(fill);
		ec_cf_csr_free(t);
		errno = ENOMEM;
		return -1;
	}
	t->nrows = m->ncols;
	t->ncols = m->nrows;
	for (uint64_t a = 0; a < nnz; a++)
		t->ptr[m->idx[a] + 1]++;
	for (uint32_t c = 0; c < m->ncols; c++)
		t->ptr[c + 1] += t->ptr[c];
	memcpy(fill, t->ptr, ((size_t)m->ncols + 1) * sizeof *fill);
	/* rows visited in order, so each column's entries come out ascending */
	for (uint32_t r = 0; r < m->nrows; r++)
		for (uint64_t a = m->ptr[r]; a < m->ptr[r + 1]; a++) {
			uint64_t at = fill[m->idx[a]]++;
			t->idx[at] = r;
			t->val[at] = m->val[a];
		}
	free(fill);
	return 0;
}

/* ---- interaction log ---- */

int ec_cf_log_init(struct ec_cf_log *l)
{
	memset(l, 0, sizeof *l);
	l->tmax = INT64_MIN;
	l->users = ec_strmap_new(sizeof(uint32_t));
	l->items = ec_strmap_new(sizeof(uint32_t));
	if (!l->users || !l->items) {
		ec_cf_log_free(l);
		return -1;
	}
	return 0;
}

void ec_cf_log_free(struct ec_cf_log *l)
{
	ec_strmap_free(l->users);
	ec_strmap_free(l->items);
	free(l->u);
	free(l->i);
	free(l->ts);
	free(l->w);
	memset(l, 0, sizeof *l);
}

int ec_cf_log_add(struct ec_cf_log *l, const struct ec_event *e, const double w[EC_CF_NKINDS])
{
	int k = e->kind;
	if (k < 0 || k >= EC_CF_NKINDS || w[k] <= 0 || !e->f[EC_EV_ITEM] || !e->n[EC_EV_ITEM])
		return 1;
	if (l->n == l->cap) {
		size_t c = l->cap ? 2 * l->cap : 4096;
		uint32_t *u = realloc(l->u, c * sizeof *u);
		if (u)
			l->u = u;
		uint32_t *i = realloc(l->i, c * sizeof *i);
		if (i)
			l->i = i;
		int64_t *ts = realloc(l->ts, c * sizeof *ts);
		if (ts)
			l->ts = ts;
		float *wf = realloc(l->w, c * sizeof *wf);
		if (wf)
			l->w = wf;
		if (!u || !i || !ts || !wf)
			return -1;
		l->cap = c;
	}
	if (ec_strmap_size(l->users) >= UINT32_MAX - 1 || ec_strmap_size(l->items) >= UINT32_MAX - 1)
		return -1;
	int isnew;
	uint32_t *ui = ec_strmap_put(l->users, e->f[EC_EV_USER], e->n[EC_EV_USER], &isnew);
	if (!ui)
		return -1;
	if (isnew)
		*ui = (uint32_t)(ec_strmap_size(l->users) - 1);
	l->u[l->n] = *ui;
	uint32_t *ii = ec_strmap_put(l->items, e->f[EC_EV_ITEM], e->n[EC_EV_ITEM], &isnew);
	if (!ii)
		return -1;
	if (isnew)
		*ii = (uint32_t)(ec_strmap_size(l->items) - 1);
	l->i[l->n] = *ii;
	l->ts[l->n] = e->ts;
	l->w[l->n] = (float)w[k];
	l->n++;
	if (e->ts > l->tmax)
		l->tmax = e->ts;
	return 0;
}

int ec_cf_log_matrix(const struct ec_cf_log *l, double half_life, struct ec_cf_csr *x)
{
	float *w = malloc((l->n ? l->n : 1) * sizeof *w);
	if (!w)
		return -1;
	for (size_t k = 0; k < l->n; k++) {
		double f = 1;
		if (half_life > 0)
			f = exp2(-(double)(l->tmax - l->ts[k]) / half_life);
		w[k] = (float)(l->w[k] * f);
	}
	int rc = ec_cf_csr_build(x, (uint32_t)ec_strmap_size(l->users),
	                         (uint32_t)ec_strmap_size(l->items), l->u, l->i, w, l->n);
	free(w);
	return rc;
}

/* ---- parameters ---- */

void ec_cf_params_default(struct ec_cf_params *p, int kind)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->lambda = 200;
	p->neighbors = 10;
	p->shrink = 5;
	p->similarity = EC_CF_COSINE;
	p->factors = 64;
	p->iters = 15;
	p->cg_steps = 3;
	p->alpha = 10;
	p->reg = 0.1;
	p->threads = 1;
	p->seed = 1;
}

/* ---- threads ---- */

typedef void par_fn(void *ctx, unsigned t, unsigned nt);

struct par_arg {
	par_fn *fn;
	void *ctx;
	unsigned t, nt;
};

static void *par_main(void *a)
{
	struct par_arg *p = a;
	p->fn(p->ctx, p->t, p->nt);
	return NULL;
}

/* Run fn(ctx, t, nt) for t < nt, in nt threads (the caller's is one of
 * them). When a thread cannot be created its share runs in the caller. */
static void parallel(unsigned nt, par_fn *fn, void *ctx)
{
	if (nt <= 1) {
		fn(ctx, 0, 1);
		return;
	}
	pthread_t *th = calloc(nt, sizeof *th);
	struct par_arg *arg = calloc(nt, sizeof *arg);
	int *ok = calloc(nt, sizeof *ok);
	if (!th || !arg || !ok) {
		free(th);
		free(arg);
		free(ok);
		for (unsigned t = 0; t < nt; t++)
			fn(ctx, t, nt);
		return;
	}
	for (unsigned t = 0; t < nt; t++)
		arg[t] = (struct par_arg){ fn, ctx, t, nt };
	for (unsigned t = 1; t < nt; t++)
		ok[t] = pthread_create(&th[t], NULL, par_main, &arg[t]) == 0;
	fn(ctx, 0, nt);
	for (unsigned t = 1; t < nt; t++) {
		if (ok[t])
			pthread_join(th[t], NULL);
		else
			fn(ctx, t, nt);
	}
	free(th);
	free(arg);
	free(ok);
}

/* ---- top-k heap ---- */

struct hent {
	double v;
	uint32_t i;
};

/* a ranks below b: lower score, or the same score and a higher index */
static int worse(const struct hent *a, const struct hent *b)
{
	return a->v < b->v || (a->v == b->v && a->i > b->i);
}

static void sift_down(struct hent *h, size_t n, size_t at)
{
	for (;;) {
		size_t l = 2 * at + 1, r = l + 1, m = at;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (r < n && worse(&h[r], &h[m]))
			m = r;
		if (m == at)
			return;
		struct hent t = h[at];
		h[at] = h[m];
		h[m] = t;
		at = m;
	}
}

static void sift_up(struct hent *h, size_t at)
{
	while (at > 0) {
		size_t p = (at - 1) / 2;
		if (!worse(&h[at], &h[p]))
			return;
		struct hent t = h[at];
		h[at] = h[p];
		h[p] = t;
		at = p;
	}
}

/* Offer (v, i) to a min-heap h of *n <= k entries. */
static void heap_offer(struct hent *h, size_t *n, size_t k, double v, uint32_t i)
{
	struct hent e = { v, i };
	if (*n < k) {
		h[*n] = e;
		sift_up(h, (*n)++);
	} else if (k > 0 && worse(&h[0], &e)) {
		h[0] = e;
		sift_down(h, *n, 0);
	}
}

/* Sort the heap best first, in place. */
static void heap_sort(struct hent *h, size_t n)
{
	for (size_t m = n; m > 1; m--) {
		struct hent t = h[0];
		h[0] = h[m - 1];
		h[m - 1] = t;
		sift_down(h, m - 1, 0);
	}
}

size_t ec_cf_topk(const double *score, const unsigned char *mask, size_t n, size_t k,
                  uint32_t *idx, double *val)
{
	if (k == 0)
		return 0;
	struct hent stackbuf[64];
	struct hent *h = k <= 64 ? stackbuf : malloc(k * sizeof *h);
	if (!h)
		return 0;
	size_t m = 0;
	for (size_t j = 0; j < n; j++) {
		if ((mask && mask[j]) || !isfinite(score[j]))
			continue;
		if (m == k && !(score[j] > h[0].v))
			continue; /* fast path: not better than the worst kept */
		heap_offer(h, &m, k, score[j], (uint32_t)j);
	}
	heap_sort(h, m);
	for (size_t a = 0; a < m; a++) {
		idx[a] = h[a].i;
		val[a] = h[a].v;
	}
	if (h != stackbuf)
		free(h);
	return m;
}

size_t ec_cf_topk_among(const double *score, const unsigned char *mask, const uint32_t *among,
                        size_t nlist, size_t k, uint32_t *idx, double *val)
{
	if (k == 0)
		return 0;
	struct hent stackbuf[64];
	struct hent *h = k <= 64 ? stackbuf : malloc(k * sizeof *h);
	if (!h)
		return 0;
	size_t m = 0;
	for (size_t q = 0; q < nlist; q++) {
		uint32_t j = among[q];
		if ((mask && mask[j]) || !isfinite(score[j]))
			continue;
		heap_offer(h, &m, k, score[j], j);
	}
	heap_sort(h, m);
	for (size_t a = 0; a < m; a++) {
		idx[a] = h[a].i;
		val[a] = h[a].v;
	}
	if (h != stackbuf)
		free(h);
	return m;
}

/* ---- training ---- */

struct train {
	const struct ec_cf_csr *x, *xt;   /* users x items, items x users */
	const struct ec_cf_params *p;
	uint32_t n;
	int failed;                        /* out of memory in a thread */
	/* itemknn */
	double *norm;
	uint32_t **nb;
	float **sim;
	uint32_t *cnt;
	/* ease */
	double *G;
	/* als */
	const struct ec_cf_csr *rows;
	const double *fixed;
	double *out, *gram;
};

static void knn_rows(void *ctx, unsigned t, unsigned nt)
{
	struct train *tr = ctx;
	const struct ec_cf_csr *x = tr->x, *xt = tr->xt;
	uint32_t n = tr->n;
	size_t N = tr->p->neighbors;
	double h = tr->p->shrink;
	int cos = tr->p->similarity == EC_CF_COSINE;
	double *acc = calloc(n, sizeof *acc);
	uint32_t *touched = malloc((size_t)n * sizeof *touched);
	unsigned char *seen = calloc(n, 1);
	struct hent *heap = malloc((N ? N : 1) * sizeof *heap);
	if (!acc || !touched || !seen || !heap) {
		tr->failed = 1;
		goto done;
	}
	for (uint32_t i = t; i < n; i += nt) {
		size_t nt_ = 0;
		for (uint64_t a = xt->ptr[i]; a < xt->ptr[i + 1]; a++) {
			uint32_t u = xt->idx[a];
			double wu = cos ? xt->val[a] : 1;
			for (uint64_t b = x->ptr[u]; b < x->ptr[u + 1]; b++) {
				uint32_t j = x->idx[b];
				if (j == i)
					continue;
				if (!seen[j]) {
					seen[j] = 1;
					touched[nt_++] = j;
				}
				acc[j] += cos ? wu * x->val[b] : 1;
			}
		}
		size_t m = 0;
		double ni = tr->norm[i];
		for (size_t q = 0; q < nt_; q++) {
			uint32_t j = touched[q];
			double s;
			if (cos)
				s = acc[j] / (ni * tr->norm[j] + h);
			else
				s = acc[j] / ((double)xt->ptr[i + 1] - xt->ptr[i] +
				              (double)(xt->ptr[j + 1] - xt->ptr[j]) - acc[j] + h);
			acc[j] = 0;
			seen[j] = 0;
			if (s > 0)
				heap_offer(heap, &m, N, s, j);
		}
		heap_sort(heap, m);
		tr->cnt[i] = (uint32_t)m;
		tr->nb[i] = malloc((m ? m : 1) * sizeof **tr->nb);
		tr->sim[i] = malloc((m ? m : 1) * sizeof **tr->sim);
		if (!tr->nb[i] || !tr->sim[i]) {
			tr->failed = 1;
			goto done;
		}
		for (size_t q = 0; q < m; q++) {
			tr->nb[i][q] = heap[q].i;
			tr->sim[i][q] = (float)heap[q].v;
		}
	}
done:
	free(acc);
	free(touched);
	free(seen);
	free(heap);
}

static int train_knn(struct ec_cf_model *m, struct train *tr, char *err, size_t errlen)
{
	uint32_t n = tr->n;
	tr->norm = calloc(n, sizeof *tr->norm);
	tr->nb = calloc(n, sizeof *tr->nb);
	tr->sim = calloc(n, sizeof *tr->sim);
	tr->cnt = calloc(n, sizeof *tr->cnt);
	int rc = -1;
	if (!tr->norm || !tr->nb || !tr->sim || !tr->cnt)
		goto oom;
	for (uint32_t i = 0; i < n; i++) {
		double s = 0;
		for (uint64_t a = tr->xt->ptr[i]; a < tr->xt->ptr[i + 1]; a++)
			s += (double)tr->xt->val[a] * tr->xt->val[a];
		tr->norm[i] = sqrt(s);
	}
	parallel(tr->p->threads, knn_rows, tr);
	if (tr->failed)
		goto oom;
	uint64_t nnz = 0;
	for (uint32_t i = 0; i < n; i++)
		nnz += tr->cnt[i];
	m->nb_ptr = malloc(((size_t)n + 1) * sizeof *m->nb_ptr);
	m->nb = malloc((nnz ? nnz : 1) * sizeof *m->nb);
	m->sim = malloc((nnz ? nnz : 1) * sizeof *m->sim);
	if (!m->nb_ptr || !m->nb || !m->sim)
		goto oom;
	uint64_t at = 0;
	for (uint32_t i = 0; i < n; i++) {
		m->nb_ptr[i] = at;
		memcpy(m->nb + at, tr->nb[i], tr->cnt[i] * sizeof *m->nb);
		memcpy(m->sim + at, tr->sim[i], tr->cnt[i] * sizeof *m->sim);
		at += tr->cnt[i];
	}
	m->nb_ptr[n] = at;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory");
done:
	for (uint32_t i = 0; tr->nb && i < n; i++) {
		free(tr->nb[i]);
		free(tr->sim[i]);
	}
	free(tr->norm);
	free(tr->nb);
	free(tr->sim);
	free(tr->cnt);
	return rc;
}

/* G = X'X, upper triangle in row-major order (row i from column i on). */
static void gram_rows(void *ctx, unsigned t, unsigned nt)
{
	struct train *tr = ctx;
	const struct ec_cf_csr *x = tr->x, *xt = tr->xt;
	size_t n = tr->n;
	for (uint32_t i = t; i < n; i += nt) {
		double *g = tr->G + (size_t)i * n;
		for (uint64_t a = xt->ptr[i]; a < xt->ptr[i + 1]; a++) {
			uint32_t u = xt->idx[a];
			double wu = xt->val[a];
			for (uint64_t b = x->ptr[u]; b < x->ptr[u + 1]; b++) {
				uint32_t j = x->idx[b];
				if (j >= i)
					g[j] += wu * x->val[b];
			}
		}
	}
}

static int train_ease(struct ec_cf_model *m, struct train *tr, char *err, size_t errlen)
{
	size_t n = tr->n;
	if (n > EC_CF_EASE_MAX) {
		snprintf(err, errlen,
		         "ease: %zu items is more than %u (EASE inverts a dense items x items "
		         "matrix); use -m itemknn or -m als",
		         n, EC_CF_EASE_MAX);
		return -1;
	}
	if (!(tr->p->lambda > 0)) {
		snprintf(err, errlen, "ease: lambda must be > 0");
		return -1;
	}
	double *G = calloc(n * n, sizeof *G);
	m->B = malloc(n * n * sizeof *m->B);
	if (!G || !m->B) {
		free(G);
		snprintf(err, errlen, "ease: out of memory (%zu items need %.1f GB)", n,
		         (double)n * n * 12 / 1e9);
		return -1;
	}
	tr->G = G;
	parallel(tr->p->threads, gram_rows, tr);
	for (size_t i = 0; i < n; i++)
		G[i * n + i] += tr->p->lambda;
	/* row-major upper = column-major lower: LAPACK's 'L' */
	int ni = (int)n, info = 0;
	openblas_set_num_threads((int)tr->p->threads);
	dpotrf_("L", &ni, G, &ni, &info);
	if (info == 0)
		dpotri_("L", &ni, G, &ni, &info);
	if (info != 0) {
		free(G);
		snprintf(err, errlen, "ease: X'X + lambda I is not positive definite (LAPACK info %d)",
		         info);
		return -1;
	}
	/* P's upper triangle (row-major) to the lower one, in 64 x 64 tiles
	 * so that the transposed reads stay in cache */
	for (size_t i0 = 0; i0 < n; i0 += 64)
		for (size_t j0 = i0; j0 < n; j0 += 64)
			for (size_t i = i0; i < i0 + 64 && i < n; i++)
				for (size_t j = j0 > i + 1 ? j0 : i + 1; j < j0 + 64 && j < n; j++)
					G[j * n + i] = G[i * n + j];
	double *dinv = malloc(n * sizeof *dinv);
	if (!dinv) {
		free(G);
		snprintf(err, errlen, "ease: out of memory");
		return -1;
	}
	for (size_t j = 0; j < n; j++)
		dinv[j] = -1 / G[j * n + j];
	for (size_t i = 0; i < n; i++) {
		const double *g = G + i * n;
		float *b = m->B + i * n;
		for (size_t j = 0; j < n; j++)
			b[j] = (float)(g[j] * dinv[j]);
		b[i] = 0;
	}
	free(dinv);
	free(G);
	return 0;
}

/*
 * One ALS half-sweep: for every row r of tr->rows (a user over items, or an
 * item over users), x_r from the fixed factors by cg_steps of conjugate
 * gradient on (F'F + F'(C_r - I)F + reg I) x = F'C_r p_r, warm-started at
 * the current x_r (Takacs et al. 2011, algorithm 2). Rows go in blocks of
 * ALS_BLOCK that take their CG steps together, so that the products with
 * F'F, most of the work, are one matrix-matrix product (dgemm) per step
 * rather than a matrix-vector product per row.
 */
#define ALS_BLOCK 256

static void als_rows(void *ctx, unsigned t, unsigned nt)
{
	struct train *tr = ctx;
	const struct ec_cf_csr *R = tr->rows;
	size_t f = tr->p->factors;
	double alpha = tr->p->alpha, reg = tr->p->reg;
	double *buf = malloc((3 * ALS_BLOCK * f + 2 * ALS_BLOCK) * sizeof *buf);
	if (!buf) {
		tr->failed = 1;
		return;
	}
	double *r = buf, *p = r + ALS_BLOCK * f, *ap = p + ALS_BLOCK * f;
	double *rs = ap + ALS_BLOCK * f, *live = rs + ALS_BLOCK;
	size_t nblocks = (R->nrows + ALS_BLOCK - 1) / ALS_BLOCK;
	for (size_t blk = t; blk < nblocks; blk += nt) {
		uint32_t r0 = (uint32_t)(blk * ALS_BLOCK);
		size_t nb = R->nrows - r0 < ALS_BLOCK ? R->nrows - r0 : ALS_BLOCK;
		double *X = tr->out + (size_t)r0 * f;
		/* r = b - A x for the block */
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)f, (int)f, -1.0,
		            X, (int)f, tr->gram, (int)f, 0.0, r, (int)f);
		for (size_t q = 0; q < nb; q++) {
			double *x = X + q * f, *rq = r + q * f;
			for (size_t k = 0; k < f; k++)
				rq[k] -= reg * x[k];
			for (uint64_t a = R->ptr[r0 + q]; a < R->ptr[r0 + q + 1]; a++) {
				const double *y = tr->fixed + (size_t)R->idx[a] * f;
				double c = 1 + alpha * R->val[a];
				double yx = cblas_ddot((int)f, y, 1, x, 1);
				cblas_daxpy((int)f, c - (c - 1) * yx, y, 1, rq, 1);
			}
			double s2 = 0;
			for (size_t k = 0; k < f; k++)
				s2 += rq[k] * rq[k];
			rs[q] = s2;
			live[q] = s2 > 1e-20;
		}
		memcpy(p, r, nb * f * sizeof *p);
		for (uint32_t it = 0; it < tr->p->cg_steps; it++) {
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)f, (int)f,
			            1.0, p, (int)f, tr->gram, (int)f, 0.0, ap, (int)f);
			int any = 0;
			for (size_t q = 0; q < nb; q++) {
				if (!live[q])
					continue;
				double *pq = p + q * f, *aq = ap + q * f, *rq = r + q * f, *x = X + q * f;
				for (size_t k = 0; k < f; k++)
					aq[k] += reg * pq[k];
				for (uint64_t a = R->ptr[r0 + q]; a < R->ptr[r0 + q + 1]; a++) {
					const double *y = tr->fixed + (size_t)R->idx[a] * f;
					double c = 1 + alpha * R->val[a];
					double yp = (c - 1) * cblas_ddot((int)f, y, 1, pq, 1);
					cblas_daxpy((int)f, yp, y, 1, aq, 1);
				}
				double pap = 0;
				for (size_t k = 0; k < f; k++)
					pap += pq[k] * aq[k];
				if (!(pap > 0)) {
					live[q] = 0;
					continue;
				}
				double step = rs[q] / pap, rs2 = 0;
				for (size_t k = 0; k < f; k++) {
					x[k] += step * pq[k];
					rq[k] -= step * aq[k];
					rs2 += rq[k] * rq[k];
				}
				double beta = rs2 / rs[q];
				for (size_t k = 0; k < f; k++)
					pq[k] = rq[k] + beta * pq[k];
				rs[q] = rs2;
				live[q] = rs2 > 1e-20;
				any |= live[q] != 0;
			}
			if (!any)
				break;
		}
	}
	free(buf);
}

static int train_als(struct ec_cf_model *m, struct train *tr, char *err, size_t errlen)
{
	size_t f = tr->p->factors, n = tr->n, nu = tr->x->nrows;
	if (f == 0 || f > 1024 || !(tr->p->reg > 0) || !(tr->p->alpha >= 0)) {
		snprintf(err, errlen, "als: factors must be 1..1024, reg > 0, alpha >= 0");
		return -1;
	}
	double *X = calloc(nu * f + 1, sizeof *X);
	double *Y = malloc((n * f + 1) * sizeof *Y);
	double *gram = malloc(f * f * sizeof *gram);
	m->Y = malloc((n * f + 1) * sizeof *m->Y);
	if (!X || !Y || !gram || !m->Y) {
		free(X);
		free(Y);
		free(gram);
		snprintf(err, errlen, "als: out of memory");
		return -1;
	}
	struct ec_rng rng;
	ec_rng_seed(&rng, tr->p->seed);
	for (size_t k = 0; k < n * f; k++)
		Y[k] = 0.01 * ec_rng_normal(&rng);
	openblas_set_num_threads(1);
	tr->gram = gram;
	for (uint32_t it = 0; it < tr->p->iters && !tr->failed; it++) {
		/* users from items, then items from users */
		cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)f, (int)n, 1.0, Y, (int)f,
		            0.0, gram, (int)f);
		for (size_t k = 0; k < f; k++)
			for (size_t l = 0; l < k; l++)
				gram[k * f + l] = gram[l * f + k];
		tr->rows = tr->x;
		tr->fixed = Y;
		tr->out = X;
		parallel(tr->p->threads, als_rows, tr);
		cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)f, (int)nu, 1.0, X, (int)f,
		            0.0, gram, (int)f);
		for (size_t k = 0; k < f; k++)
			for (size_t l = 0; l < k; l++)
				gram[k * f + l] = gram[l * f + k];
		tr->rows = tr->xt;
		tr->fixed = X;
		tr->out = Y;
		parallel(tr->p->threads, als_rows, tr);
	}
	for (size_t k = 0; k < n * f; k++)
		m->Y[k] = (float)Y[k];
	free(X);
	free(Y);
	free(gram);
	if (tr->failed) {
		snprintf(err, errlen, "als: out of memory");
		return -1;
	}
	return 0;
}

static int compute_yty(struct ec_cf_model *m)
{
	size_t f = m->p.factors, n = m->n;
	m->YtY = calloc(f * f, sizeof *m->YtY);
	if (!m->YtY)
		return -1;
	for (size_t j = 0; j < n; j++) {
		const float *y = m->Y + j * f;
		for (size_t k = 0; k < f; k++)
			for (size_t l = k; l < f; l++)
				m->YtY[k * f + l] += (double)y[k] * y[l];
	}
	for (size_t k = 0; k < f; k++)
		for (size_t l = 0; l < k; l++)
			m->YtY[k * f + l] = m->YtY[l * f + k];
	return 0;
}

int ec_cf_train(struct ec_cf_model *m, const struct ec_cf_csr *x, const char *const *items,
                const struct ec_cf_params *p, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	m->p = *p;
	if (m->p.threads < 1)
		m->p.threads = 1;
	if (x->ncols == 0) {
		snprintf(err, errlen, "no items to learn from");
		return -1;
	}
	m->n = x->ncols;
	m->vocab = ec_strmap_new(sizeof(uint32_t));
	m->pop = calloc(m->n, sizeof *m->pop);
	if (!m->vocab || !m->pop)
		goto oom;
	for (uint32_t j = 0; j < m->n; j++) {
		int isnew;
		uint32_t *v = ec_strmap_put(m->vocab, items[j], strlen(items[j]), &isnew);
		if (!v)
			goto oom;
		if (!isnew) {
			snprintf(err, errlen, "item '%s' named twice", items[j]);
			ec_cf_free(m);
			return -1;
		}
		*v = j;
	}
	for (uint64_t a = 0; a < x->ptr[x->nrows]; a++)
		m->pop[x->idx[a]] += x->val[a];
	if (p->kind == EC_CF_POP)
		return 0;
	struct ec_cf_csr xt;
	if (ec_cf_csr_transpose(x, &xt) < 0)
		goto oom;
	struct train tr;
	memset(&tr, 0, sizeof tr);
	tr.x = x;
	tr.xt = &xt;
	tr.p = &m->p;
	tr.n = m->n;
	int rc;
	if (p->kind == EC_CF_ITEMKNN)
		rc = train_knn(m, &tr, err, errlen);
	else if (p->kind == EC_CF_EASE)
		rc = train_ease(m, &tr, err, errlen);
	else if (p->kind == EC_CF_ALS)
		rc = train_als(m, &tr, err, errlen);
	else {
		snprintf(err, errlen, "unknown model %d", p->kind);
		rc = -1;
	}
	ec_cf_csr_free(&xt);
	if (rc == 0 && p->kind == EC_CF_ALS && compute_yty(m) < 0)
		goto oom;
	if (rc < 0)
		ec_cf_free(m);
	return rc;
oom:
	ec_cf_free(m);
	snprintf(err, errlen, "out of memory");
	return -1;
}

void ec_cf_free(struct ec_cf_model *m)
{
	ec_strmap_free(m->vocab);
	free(m->pop);
	free(m->nb_ptr);
	free(m->nb);
	free(m->sim);
	free(m->B);
	free(m->Y);
	free(m->YtY);
	if (m->meta)
		json_decref(m->meta);
	memset(m, 0, sizeof *m);
}

long ec_cf_item(const struct ec_cf_model *m, const char *s, size_t n)
{
	const uint32_t *v = ec_strmap_get(m->vocab, s, n);
	return v ? (long)*v : -1;
}

const char *ec_cf_item_name(const struct ec_cf_model *m, uint32_t j)
{
	size_t n;
	return ec_strmap_key(m->vocab, j, &n);
}

/* ---- serialisation ---- */

static int host_le(void)
{
	const uint16_t one = 1;
	unsigned char b;
	memcpy(&b, &one, 1);
	return b == 1;
}

static int put(struct ec_buf *b, const void *p, size_t n)
{
	return ec_buf_add(b, p, n);
}

static int put_u32(struct ec_buf *b, uint32_t v)
{
	return put(b, &v, 4);
}

static int put_u64(struct ec_buf *b, uint64_t v)
{
	return put(b, &v, 8);
}

int ec_cf_encode(const struct ec_cf_model *m, struct ec_buf *out)
{
	if (!host_le()) {
		errno = ENOTSUP;
		return -1;
	}
	size_t n = m->n, f = m->p.kind == EC_CF_ALS ? m->p.factors : 0;
	uint64_t nnz = m->p.kind == EC_CF_ITEMKNN ? m->nb_ptr[n] : 0;
	uint64_t V = 0;
	for (uint32_t j = 0; j < n; j++) {
		size_t l;
		ec_strmap_key(m->vocab, j, &l);
		V += l + 1;
	}
	/* one allocation for the whole payload: B alone can be gigabytes */
	uint64_t total = 32 + V + 8 * (uint64_t)n + 16;
	if (m->p.kind == EC_CF_ITEMKNN)
		total += 8 * ((uint64_t)n + 1) + 8 * nnz;
	else if (m->p.kind == EC_CF_EASE)
		total += 4 * (uint64_t)n * n;
	else if (m->p.kind == EC_CF_ALS)
		total += 4 * (uint64_t)n * f;
	if (ec_buf_grow(out, (size_t)total) < 0)
		return -1;
	if (put_u32(out, EC_CF_PAYLOAD_VERSION) < 0 || put_u32(out, (uint32_t)m->p.kind) < 0 ||
	    put_u32(out, (uint32_t)n) < 0 || put_u32(out, (uint32_t)f) < 0 ||
	    put_u64(out, nnz) < 0 || put_u64(out, V) < 0)
		return -1;
	for (uint32_t j = 0; j < n; j++) {
		size_t l;
		const char *k = ec_strmap_key(m->vocab, j, &l);
		if (put(out, k, l + 1) < 0)
			return -1;
	}
	if (put(out, m->pop, n * sizeof *m->pop) < 0)
		return -1;
	switch (m->p.kind) {
	case EC_CF_ITEMKNN:
		if (put(out, m->nb_ptr, (n + 1) * 8) < 0 || put(out, m->nb, nnz * 4) < 0 ||
		    put(out, m->sim, nnz * 4) < 0)
			return -1;
		break;
	case EC_CF_EASE:
		if (put(out, m->B, n * n * 4) < 0)
			return -1;
		break;
	case EC_CF_ALS:
		if (put(out, m->Y, n * f * 4) < 0 || put(out, &m->p.reg, 8) < 0 ||
		    put(out, &m->p.alpha, 8) < 0)
			return -1;
		break;
	}
	return 0;
}

struct cursor {
	const unsigned char *p;
	size_t left;
};

static int take(struct cursor *c, void *dst, uint64_t n)
{
	if (n > c->left)
		return -1;
	if (dst)
		memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
	return 0;
}

/* A malloc'd copy of the next n bytes (n may be 0). */
static void *take_alloc(struct cursor *c, uint64_t n, int *oom)
{
	if (n > c->left)
		return NULL;
	void *d = malloc(n ? n : 1);
	if (!d) {
		*oom = 1;
		return NULL;
	}
	take(c, d, n);
	return d;
}

int ec_cf_decode(struct ec_cf_model *m, const unsigned char *p, size_t len, char *err,
                 size_t errlen)
{
	memset(m, 0, sizeof *m);
	const char *why = "truncated";
	int oom = 0;
	struct cursor c = { p, len };
	uint32_t ver, kind, n, f;
	uint64_t nnz, V;
	if (!host_le()) {
		snprintf(err, errlen, "cf models are little-endian; this host is not");
		return -1;
	}
	if (take(&c, &ver, 4) < 0 || take(&c, &kind, 4) < 0 || take(&c, &n, 4) < 0 ||
	    take(&c, &f, 4) < 0 || take(&c, &nnz, 8) < 0 || take(&c, &V, 8) < 0)
		goto bad;
	if (ver != EC_CF_PAYLOAD_VERSION) {
		snprintf(err, errlen, "cf payload version %u, this program reads %u", ver,
		         EC_CF_PAYLOAD_VERSION);
		return -1;
	}
	why = "bad header";
	if (kind > EC_CF_ALS || n == 0 || V > c.left || (uint64_t)n > V ||
	    (kind == EC_CF_ALS) != (f > 0) || f > 1024 || (kind != EC_CF_ITEMKNN && nnz) ||
	    nnz > c.left)
		goto bad;
	ec_cf_params_default(&m->p, (int)kind);
	m->p.factors = f;
	m->n = n;
	m->vocab = ec_strmap_new(sizeof(uint32_t));
	if (!m->vocab)
		goto oom;
	why = "bad item vocabulary";
	{
		const char *s = (const char *)c.p;
		uint64_t at = 0;
		for (uint32_t j = 0; j < n; j++) {
			const char *z = at < V ? memchr(s + at, 0, V - at) : NULL;
			if (!z || z == s + at)
				goto bad;
			int isnew;
			uint32_t *v = ec_strmap_put(m->vocab, s + at, (size_t)(z - (s + at)), &isnew);
			if (!v)
				goto oom;
			if (!isnew)
				goto bad;
			*v = j;
			at = (uint64_t)(z - s) + 1;
		}
		if (at != V)
			goto bad;
		take(&c, NULL, V);
	}
	why = "truncated";
	if ((uint64_t)n * 8 > c.left || !(m->pop = take_alloc(&c, (uint64_t)n * 8, &oom)))
		goto fail;
	if (kind == EC_CF_ITEMKNN) {
		if (((uint64_t)n + 1) * 8 > c.left ||
		    !(m->nb_ptr = take_alloc(&c, ((uint64_t)n + 1) * 8, &oom)))
			goto fail;
		if (nnz * 8 > c.left || !(m->nb = take_alloc(&c, nnz * 4, &oom)) ||
		    !(m->sim = take_alloc(&c, nnz * 4, &oom)))
			goto fail;
		why = "bad neighbour lists";
		if (m->nb_ptr[0] != 0 || m->nb_ptr[n] != nnz)
			goto bad;
		for (uint32_t j = 0; j < n; j++)
			if (m->nb_ptr[j + 1] < m->nb_ptr[j])
				goto bad;
		for (uint64_t a = 0; a < nnz; a++)
			if (m->nb[a] >= n || !isfinite(m->sim[a]))
				goto bad;
	} else if (kind == EC_CF_EASE) {
		if (n > EC_CF_EASE_MAX || (uint64_t)n * n * 4 > c.left ||
		    !(m->B = take_alloc(&c, (uint64_t)n * n * 4, &oom)))
			goto fail;
	} else if (kind == EC_CF_ALS) {
		if ((uint64_t)n * f * 4 > c.left ||
		    !(m->Y = take_alloc(&c, (uint64_t)n * f * 4, &oom)))
			goto fail;
		if (take(&c, &m->p.reg, 8) < 0 || take(&c, &m->p.alpha, 8) < 0)
			goto bad;
		why = "bad als parameters";
		if (!(m->p.reg > 0) || !(m->p.alpha >= 0) || !isfinite(m->p.alpha))
			goto bad;
		if (compute_yty(m) < 0)
			goto oom;
	}
	why = "trailing bytes";
	if (c.left)
		goto bad;
	return 0;
fail:
	if (oom)
		goto oom;
bad:
	ec_cf_free(m);
	snprintf(err, errlen, "damaged payload: %s", why);
	return -1;
oom:
	ec_cf_free(m);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int ec_cf_save(const struct ec_cf_model *m, const char *path, const json_t *extra, char *err,
               size_t errlen)
{
	struct ec_buf b = EC_BUF_INIT;
	if (ec_cf_encode(m, &b) < 0) {
		ec_buf_free(&b);
		snprintf(err, errlen, "%s: %s", path,
		         errno == ENOTSUP ? "cf models are little-endian; this host is not"
		                          : "out of memory");
		return -1;
	}
	json_t *meta = json_object();
	if (extra)
		json_object_update(meta, (json_t *)extra);
	const struct ec_cf_params *p = &m->p;
	json_object_set_new(meta, "model", json_string(ec_cf_kind_name(p->kind)));
	json_object_set_new(meta, "payload_version", json_integer(EC_CF_PAYLOAD_VERSION));
	json_object_set_new(meta, "items", json_integer(m->n));
	switch (p->kind) {
	case EC_CF_ITEMKNN:
		json_object_set_new(meta, "similarity",
		                    json_string(p->similarity == EC_CF_JACCARD ? "jaccard" : "cosine"));
		json_object_set_new(meta, "neighbors", json_integer(p->neighbors));
		json_object_set_new(meta, "shrink", json_real(p->shrink));
		json_object_set_new(meta, "neighbours_kept", json_integer((json_int_t)m->nb_ptr[m->n]));
		break;
	case EC_CF_EASE:
		json_object_set_new(meta, "lambda", json_real(p->lambda));
		break;
	case EC_CF_ALS:
		json_object_set_new(meta, "factors", json_integer(p->factors));
		json_object_set_new(meta, "iters", json_integer(p->iters));
		json_object_set_new(meta, "cg_steps", json_integer(p->cg_steps));
		json_object_set_new(meta, "alpha", json_real(p->alpha));
		json_object_set_new(meta, "reg", json_real(p->reg));
		json_object_set_new(meta, "seed", json_integer((json_int_t)p->seed));
		break;
	}
	int rc = ec_model_save(path, "cf", meta, b.data, b.len, err, errlen);
	json_decref(meta);
	ec_buf_free(&b);
	return rc;
}

int ec_cf_load(struct ec_cf_model *m, const char *path, char *err, size_t errlen)
{
	struct ec_model mm;
	memset(m, 0, sizeof *m);
	if (ec_model_load(&mm, path, "cf", err, errlen) < 0)
		return -1;
	char e2[256];
	if (ec_cf_decode(m, mm.payload, mm.payload_len, e2, sizeof e2) < 0) {
		snprintf(err, errlen, "%s: %s", path, e2);
		ec_model_free(&mm);
		return -1;
	}
	m->meta = json_incref(mm.meta);
	json_t *v;
	if ((v = json_object_get(m->meta, "lambda")) && json_is_number(v))
		m->p.lambda = json_number_value(v);
	if ((v = json_object_get(m->meta, "neighbors")) && json_is_integer(v))
		m->p.neighbors = (uint32_t)json_integer_value(v);
	if ((v = json_object_get(m->meta, "shrink")) && json_is_number(v))
		m->p.shrink = json_number_value(v);
	if ((v = json_object_get(m->meta, "similarity")) && json_is_string(v))
		m->p.similarity = strcmp(json_string_value(v), "jaccard") ? EC_CF_COSINE : EC_CF_JACCARD;
	ec_model_free(&mm);
	return 0;
}

/* ---- scoring ---- */

int ec_cf_scorer_init(struct ec_cf_scorer *s, const struct ec_cf_model *m)
{
	memset(s, 0, sizeof *s);
	size_t f = m->p.kind == EC_CF_ALS ? m->p.factors : 1;
	s->score = malloc(m->n * sizeof *s->score);
	s->mask = calloc(m->n, 1);
	s->A = malloc(f * f * sizeof *s->A);
	s->b = malloc(f * sizeof *s->b);
	s->x = malloc(f * sizeof *s->x);
	s->xf = malloc((m->n > f ? m->n : f) * sizeof *s->xf);
	s->cap = m->n;
	s->touched = malloc((m->n ? m->n : 1) * sizeof *s->touched);
	for (size_t j = 0; s->score && j < m->n; j++)
		s->score[j] = -INFINITY;
	s->ntouched = 0;
	if (!s->touched || !s->score || !s->mask || !s->A || !s->b || !s->x || !s->xf) {
		ec_cf_scorer_free(s);
		return -1;
	}
	return 0;
}

void ec_cf_scorer_free(struct ec_cf_scorer *s)
{
	free(s->score);
	free(s->mask);
	free(s->A);
	free(s->b);
	free(s->x);
	free(s->xf);
	free(s->touched);
	memset(s, 0, sizeof *s);
}

/* Fold-in (Hu et al. 2008, eq. 4): x = (Y'Y + Y'(C-I)Y + reg I)^-1 Y'C p. */
static int als_fold_in(const struct ec_cf_model *m, struct ec_cf_scorer *s, const uint32_t *hist,
                       const float *w, size_t nh)
{
	size_t f = m->p.factors;
	double *A = s->A, *b = s->b;
	memcpy(A, m->YtY, f * f * sizeof *A);
	for (size_t k = 0; k < f; k++) {
		A[k * f + k] += m->p.reg;
		b[k] = 0;
	}
	for (size_t h = 0; h < nh; h++) {
		const float *y = m->Y + (size_t)hist[h] * f;
		double c = 1 + m->p.alpha * w[h];
		for (size_t k = 0; k < f; k++) {
			b[k] += c * y[k];
			double ck = (c - 1) * y[k];
			for (size_t l = k; l < f; l++)
				A[k * f + l] += ck * y[l];
		}
	}
	/* row-major upper = column-major lower */
	int fi = (int)f, one = 1, info = 0;
	dposv_("L", &fi, &one, A, &fi, b, &fi, &info);
	if (info != 0)
		return -1;
	for (size_t k = 0; k < f; k++)
		s->xf[k] = (float)b[k];
	return 0;
}

int ec_cf_score(const struct ec_cf_model *m, struct ec_cf_scorer *s, const uint32_t *hist,
                const float *w, size_t nh)
{
	size_t n = m->n;
	double *sc = s->score;
	if (s->sparse) {
		/* only the previous call's items are not -INFINITY */
		for (size_t q = 0; q < s->ntouched; q++)
			sc[s->touched[q]] = -INFINITY;
	} else if (m->p.kind == EC_CF_ITEMKNN) {
		for (size_t j = 0; j < n; j++)
			sc[j] = -INFINITY;
	}
	s->sparse = 0;
	s->ntouched = 0;
	if (nh == 0 || m->p.kind == EC_CF_POP) {
		memcpy(sc, m->pop, n * sizeof *sc);
		return 0;
	}
	switch (m->p.kind) {
	case EC_CF_ITEMKNN:
		s->sparse = 1;
		for (size_t h = 0; h < nh; h++) {
			uint32_t i = hist[h];
			for (uint64_t a = m->nb_ptr[i]; a < m->nb_ptr[i + 1]; a++) {
				uint32_t j = m->nb[a];
				if (sc[j] == -INFINITY) {
					sc[j] = 0;
					s->touched[s->ntouched++] = j;
				}
				sc[j] += (double)w[h] * m->sim[a];
			}
		}
		break;
	case EC_CF_EASE: {
		/* single-precision rows summed by BLAS (B is stored in float) */
		float *acc = s->xf;
		memset(acc, 0, n * sizeof *acc);
		for (size_t h = 0; h < nh; h++)
			cblas_saxpy((int)n, w[h], m->B + (size_t)hist[h] * n, 1, acc, 1);
		for (size_t j = 0; j < n; j++)
			sc[j] = acc[j];
		break;
	}
	case EC_CF_ALS: {
		if (als_fold_in(m, s, hist, w, nh) < 0)
			return -1;
		size_t f = m->p.factors;
		float *out = s->xf + f;
		if (n <= f) {
			/* tiny catalogues: no room after x in xf */
			for (size_t j = 0; j < n; j++) {
				double d = 0;
				for (size_t k = 0; k < f; k++)
					d += (double)m->Y[j * f + k] * s->xf[k];
				sc[j] = d;
			}
			break;
		}
		/* xf holds x in its first f floats; n - f floats are left for out
		 * only when n >= 2f, so score in blocks */
		size_t room = n - f;
		for (size_t j0 = 0; j0 < n; j0 += room) {
			size_t nb = n - j0 < room ? n - j0 : room;
			cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)nb, (int)f, 1.0f,
			            m->Y + j0 * f, (int)f, s->xf, 1, 0.0f, out, 1);
			for (size_t j = 0; j < nb; j++)
				sc[j0 + j] = out[j];
		}
		break;
	}
	}
	return 0;
}

long ec_cf_explain(const struct ec_cf_model *m, const uint32_t *hist, const float *w, size_t nh,
                   uint32_t j)
{
	long best = -1;
	double bv = 0;
	for (size_t h = 0; h < nh; h++) {
		double v = 0;
		if (m->p.kind == EC_CF_ITEMKNN) {
			uint32_t i = hist[h];
			for (uint64_t a = m->nb_ptr[i]; a < m->nb_ptr[i + 1]; a++)
				if (m->nb[a] == j) {
					v = (double)w[h] * m->sim[a];
					break;
				}
		} else if (m->p.kind == EC_CF_EASE) {
			v = (double)w[h] * m->B[(size_t)hist[h] * m->n + j];
		} else {
			return -1;
		}
		if (v > bv) {
			bv = v;
			best = (long)h;
		}
	}
	return best;
}
