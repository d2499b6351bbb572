/*
 * ec_mlp.c: the dense MLP of ec_mlp.h. All parameters live in one array
 * (and the gradients and the two optimiser moments in three more of the
 * same layout), so that the optimisers, the copy and the serialisation are
 * single loops. Activations of the last forward pass are kept per layer
 * boundary, sized for the largest batch seen so far.
 */
#include "ec_mlp.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_rng.h"

#define MLP_MAGIC "ECMLP1\0\0"
#define MLP_MAX_WIDTH ((size_t)1 << 24)

struct ec_mlp {
	size_t nl;        /* layers with weights */
	size_t *w;        /* widths, nl + 1 */
	size_t *off;      /* offset of W_l in p; b_l follows at off + w[l]*w[l+1] */
	size_t np;
	float *p, *g, *m1, *m2;
	uint64_t t;       /* optimiser steps taken */
	size_t cap;       /* batch rows the buffers hold */
	size_t batch;     /* rows of the last forward */
	float **a;        /* a[0]: copy of x, a[l]: output of layer l-1 (after ReLU) */
	float *d1, *d2;   /* deltas, cap * max width */
	size_t maxw;
};

size_t ec_mlp_n_in(const struct ec_mlp *m) { return m->w[0]; }
size_t ec_mlp_n_out(const struct ec_mlp *m) { return m->w[m->nl]; }
size_t ec_mlp_n_layers(const struct ec_mlp *m) { return m->nl; }
size_t ec_mlp_width(const struct ec_mlp *m, size_t i) { return i <= m->nl ? m->w[i] : 0; }

static void free_acts(struct ec_mlp *m)
{
	if (m->a)
		for (size_t l = 0; l <= m->nl; l++)
			free(m->a[l]);
	free(m->d1);
	free(m->d2);
	m->d1 = m->d2 = NULL;
	m->cap = 0;
}

void ec_mlp_free(struct ec_mlp *m)
{
	if (!m)
		return;
	free_acts(m);
	free(m->a);
	free(m->w);
	free(m->off);
	free(m->p);
	free(m->g);
	free(m->m1);
	free(m->m2);
	free(m);
}

/* The network of the given widths, parameters zero. */
static struct ec_mlp *alloc_shape(const size_t *w, size_t nl)
{
	struct ec_mlp *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->nl = nl;
	m->w = malloc((nl + 1) * sizeof *m->w);
	m->off = malloc(nl * sizeof *m->off);
	m->a = calloc(nl + 1, sizeof *m->a);
	if (!m->w || !m->off || !m->a)
		goto fail;
	memcpy(m->w, w, (nl + 1) * sizeof *w);
	size_t np = 0;
	for (size_t l = 0; l <= nl; l++)
		if (w[l] > m->maxw)
			m->maxw = w[l];
	for (size_t l = 0; l < nl; l++) {
		m->off[l] = np;
		np += w[l] * w[l + 1] + w[l + 1];
	}
	m->np = np;
	m->p = calloc(np, sizeof *m->p);
	m->g = calloc(np, sizeof *m->g);
	m->m1 = calloc(np, sizeof *m->m1);
	m->m2 = calloc(np, sizeof *m->m2);
	if (!m->p || !m->g || !m->m1 || !m->m2)
		goto fail;
	return m;
fail:
	ec_mlp_free(m);
	errno = ENOMEM;
	return NULL;
}

struct ec_mlp *ec_mlp_new(size_t n_in, const size_t *hidden, size_t n_hidden, size_t n_out,
                          uint64_t seed)
{
	size_t nl = n_hidden + 1;
	size_t *w = malloc((nl + 1) * sizeof *w);
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	w[0] = n_in;
	for (size_t i = 0; i < n_hidden; i++)
		w[i + 1] = hidden[i];
	w[nl] = n_out;
	for (size_t i = 0; i <= nl; i++)
		if (w[i] == 0 || w[i] > MLP_MAX_WIDTH) {
			free(w);
			errno = EINVAL;
			return NULL;
		}
	struct ec_mlp *m = alloc_shape(w, nl);
	free(w);
	if (!m)
		return NULL;
	struct ec_rng r;
	ec_rng_seed(&r, seed);
	for (size_t l = 0; l < nl; l++) {
		float *W = m->p + m->off[l];
		double sd = sqrt(2.0 / (double)m->w[l]);
		for (size_t i = 0; i < m->w[l] * m->w[l + 1]; i++)
			W[i] = (float)(sd * ec_rng_normal(&r));
	}
	return m;
}

/*
 * The element-wise loops, in functions of their own compiled with the
 * vectoriser on (the build's -O2 leaves them scalar, and on the attention
 * unit's many narrow rows they cost as much as the products).
 */
#if defined(__GNUC__) && !defined(__clang__)
#define EC_VEC __attribute__((optimize("O3")))
#else
#define EC_VEC
#endif

EC_VEC static void relu(float *restrict y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		y[i] = y[i] > 0.0f ? y[i] : 0.0f;
}

EC_VEC static void relu_grad(float *restrict d, const float *restrict act, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = act[i] > 0.0f ? d[i] : 0.0f;
}

EC_VEC static void bias_rows(float *restrict y, const float *restrict b, size_t rows, size_t n)
{
	for (size_t r = 0; r < rows; r++)
		for (size_t j = 0; j < n; j++)
			y[r * n + j] = b[j];
}

EC_VEC static void col_sums(float *restrict gb, const float *restrict d, size_t rows, size_t n)
{
	for (size_t r = 0; r < rows; r++)
		for (size_t j = 0; j < n; j++)
			gb[j] += d[r * n + j];
}

static int reserve(struct ec_mlp *m, size_t batch)
{
	if (batch <= m->cap)
		return 0;
	size_t cap = m->cap ? m->cap : 16;
	while (cap < batch)
		cap *= 2;
	free_acts(m);
	for (size_t l = 0; l <= m->nl; l++) {
		m->a[l] = malloc(cap * m->w[l] * sizeof(float));
		if (!m->a[l])
			goto fail;
	}
	m->d1 = malloc(cap * m->maxw * sizeof(float));
	m->d2 = malloc(cap * m->maxw * sizeof(float));
	if (!m->d1 || !m->d2)
		goto fail;
	m->cap = cap;
	return 0;
fail:
	free_acts(m);
	for (size_t l = 0; l <= m->nl; l++)
		m->a[l] = NULL;
	errno = ENOMEM;
	return -1;
}

int ec_mlp_forward(struct ec_mlp *m, const float *x, size_t batch, float *out)
{
	m->batch = 0;
	if (batch == 0)
		return 0;
	if (reserve(m, batch) < 0)
		return -1;
	m->batch = batch;
	memcpy(m->a[0], x, batch * m->w[0] * sizeof(float));
	for (size_t l = 0; l < m->nl; l++) {
		size_t fi = m->w[l], fo = m->w[l + 1];
		const float *W = m->p + m->off[l], *b = W + fi * fo;
		float *y = m->a[l + 1];
		bias_rows(y, b, batch, fo);
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)batch, (int)fo, (int)fi,
		            1.0f, m->a[l], (int)fi, W, (int)fo, 1.0f, y, (int)fo);
		if (l + 1 < m->nl)
			relu(y, batch * fo);
	}
	memcpy(out, m->a[m->nl], batch * m->w[m->nl] * sizeof(float));
	return 0;
}

int ec_mlp_backward(struct ec_mlp *m, const float *dout, float *dx)
{
	size_t B = m->batch;
	if (B == 0)
		return 0;
	float *delta = m->d1, *prev = m->d2;
	memcpy(delta, dout, B * m->w[m->nl] * sizeof(float));
	for (size_t l = m->nl; l-- > 0;) {
		size_t fi = m->w[l], fo = m->w[l + 1];
		const float *W = m->p + m->off[l];
		float *gW = m->g + m->off[l], *gb = gW + fi * fo;
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)fi, (int)fo, (int)B, 1.0f,
		            m->a[l], (int)fi, delta, (int)fo, 1.0f, gW, (int)fo);
		col_sums(gb, delta, B, fo);
		if (l == 0 && !dx)
			break;
		float *to = l == 0 ? dx : prev;
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)B, (int)fi, (int)fo, 1.0f,
		            delta, (int)fo, W, (int)fo, 0.0f, to, (int)fi);
		if (l == 0)
			break;
		relu_grad(prev, m->a[l], B * fi);
		float *t = delta;
		delta = prev;
		prev = t;
	}
	return 0;
}

void ec_mlp_zero_grad(struct ec_mlp *m)
{
	memset(m->g, 0, m->np * sizeof *m->g);
}

EC_VEC void ec_mlp_adam(struct ec_mlp *m, float lr)
{
	const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
	m->t++;
	float c1 = (float)(1.0 - pow(0.9, (double)m->t));
	float c2 = (float)(1.0 - pow(0.999, (double)m->t));
	float sc2 = sqrtf(c2);
	float step = lr / c1;
	for (size_t i = 0; i < m->np; i++) {
		float g = m->g[i];
		m->m1[i] = b1 * m->m1[i] + (1.0f - b1) * g;
		m->m2[i] = b2 * m->m2[i] + (1.0f - b2) * g * g;
		m->p[i] -= step * m->m1[i] / (sqrtf(m->m2[i]) / sc2 + eps);
	}
	ec_mlp_zero_grad(m);
}

EC_VEC void ec_mlp_adagrad(struct ec_mlp *m, float lr)
{
	m->t++;
	for (size_t i = 0; i < m->np; i++) {
		float g = m->g[i];
		m->m2[i] += g * g;
		m->p[i] -= lr * g / (sqrtf(m->m2[i]) + 1e-10f);
	}
	ec_mlp_zero_grad(m);
}

int ec_mlp_copy(struct ec_mlp *dst, const struct ec_mlp *src)
{
	if (dst->nl != src->nl)
		return -1;
	for (size_t l = 0; l <= src->nl; l++)
		if (dst->w[l] != src->w[l])
			return -1;
	memcpy(dst->p, src->p, src->np * sizeof *src->p);
	return 0;
}

float *ec_mlp_params(struct ec_mlp *m, size_t *n)
{
	*n = m->np;
	return m->p;
}

float *ec_mlp_grads(struct ec_mlp *m, size_t *n)
{
	*n = m->np;
	return m->g;
}

static void put_u32(unsigned char *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int ec_mlp_save(const struct ec_mlp *m, struct ec_buf *out)
{
	unsigned char b[4];
	if (ec_buf_add(out, MLP_MAGIC, 8) < 0)
		return -1;
	put_u32(b, (uint32_t)m->nl);
	if (ec_buf_add(out, b, 4) < 0)
		return -1;
	for (size_t l = 0; l <= m->nl; l++) {
		put_u32(b, (uint32_t)m->w[l]);
		if (ec_buf_add(out, b, 4) < 0)
			return -1;
	}
	if (ec_buf_grow(out, m->np * 4) < 0)
		return -1;
	for (size_t i = 0; i < m->np; i++) {
		uint32_t u;
		memcpy(&u, &m->p[i], 4);
		put_u32(b, u);
		ec_buf_add(out, b, 4);
	}
	return 0;
}

struct ec_mlp *ec_mlp_load(const void *p, size_t n, size_t *used, char *err, size_t errlen)
{
	const unsigned char *c = p;
	if (n < 12 || memcmp(c, MLP_MAGIC, 8) != 0) {
		snprintf(err, errlen, "not a network (bad magic)");
		return NULL;
	}
	uint32_t nl = get_u32(c + 8);
	if (nl == 0 || nl > 64 || n - 12 < (size_t)(nl + 1) * 4) {
		snprintf(err, errlen, "network: bad layer count %u", (unsigned)nl);
		return NULL;
	}
	size_t w[65];
	size_t np = 0;
	for (uint32_t l = 0; l <= nl; l++) {
		w[l] = get_u32(c + 12 + 4 * l);
		if (w[l] == 0 || w[l] > MLP_MAX_WIDTH) {
			snprintf(err, errlen, "network: bad width %zu", w[l]);
			return NULL;
		}
	}
	for (uint32_t l = 0; l < nl; l++) {
		np += w[l] * w[l + 1] + w[l + 1];
		if (np > n) {
			snprintf(err, errlen, "network: truncated");
			return NULL;
		}
	}
	size_t pos = 12 + (size_t)(nl + 1) * 4;
	if ((n - pos) / 4 < np) {
		snprintf(err, errlen, "network: truncated");
		return NULL;
	}
	struct ec_mlp *m = alloc_shape(w, nl);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < np; i++) {
		uint32_t u = get_u32(c + pos + 4 * i);
		memcpy(&m->p[i], &u, 4);
	}
	if (used)
		*used = pos + 4 * np;
	return m;
}
