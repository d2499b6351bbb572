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
#define MLP_MAGIC_DICE "ECMLP2\0\0"
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
	/* Dice (Zhou et al. 2018, eq. 9) after the hidden layers instead of ReLU */
	int dice, training;
	float **z;        /* z[l]: pre-activation of boundary l (hidden only) */
	float *mu, *inv;  /* per hidden unit, the last batch's mean and 1/sd */
	float *rmean, *rvar; /* running mean and variance, for inference */
	size_t *hoff;     /* offset of boundary l's units in mu/inv/rmean/rvar */
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
	if (m->z)
		for (size_t l = 0; l <= m->nl; l++) {
			free(m->z[l]);
			m->z[l] = NULL;
		}
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
	free(m->z);
	free(m->mu);
	free(m->inv);
	free(m->rmean);
	free(m->rvar);
	free(m->hoff);
	free(m->w);
	free(m->off);
	free(m->p);
	free(m->g);
	free(m->m1);
	free(m->m2);
	free(m);
}

/* The network of the given widths, parameters zero (Dice: alpha after
 * each hidden layer's bias, running variance 1). */
static struct ec_mlp *alloc_shape(const size_t *w, size_t nl, int dice)
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
		if (dice && l + 1 < nl)
			np += w[l + 1]; /* alpha */
	}
	m->np = np;
	m->dice = dice;
	m->training = 1;
	if (dice) {
		size_t nh = 0;
		m->hoff = malloc((nl + 1) * sizeof *m->hoff);
		m->z = calloc(nl + 1, sizeof *m->z);
		if (!m->hoff || !m->z)
			goto fail;
		for (size_t l = 0; l <= nl; l++) {
			m->hoff[l] = nh;
			if (l > 0 && l < nl)
				nh += w[l];
		}
		m->mu = calloc(nh + 1, sizeof *m->mu);
		m->inv = calloc(nh + 1, sizeof *m->inv);
		m->rmean = calloc(nh + 1, sizeof *m->rmean);
		m->rvar = malloc((nh + 1) * sizeof *m->rvar);
		if (!m->mu || !m->inv || !m->rmean || !m->rvar)
			goto fail;
		for (size_t i = 0; i <= nh; i++)
			m->rvar[i] = 1.0f;
	}
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

static struct ec_mlp *new_net(size_t n_in, const size_t *hidden, size_t n_hidden, size_t n_out,
                              uint64_t seed, int dice)
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
	struct ec_mlp *m = alloc_shape(w, nl, dice);
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

struct ec_mlp *ec_mlp_new(size_t n_in, const size_t *hidden, size_t n_hidden, size_t n_out,
                          uint64_t seed)
{
	return new_net(n_in, hidden, n_hidden, n_out, seed, 0);
}

struct ec_mlp *ec_mlp_new_dice(size_t n_in, const size_t *hidden, size_t n_hidden,
                               size_t n_out, uint64_t seed)
{
	return new_net(n_in, hidden, n_hidden, n_out, seed, 1);
}

void ec_mlp_set_training(struct ec_mlp *m, int training)
{
	m->training = training;
}

#define DICE_EPS 1e-8f
#define DICE_MOMENTUM 0.99f

/*
 * Dice on the pre-activations z[rows x n] of one hidden boundary into y:
 * p = sigmoid((z - mean) / sqrt(var + eps)), y = p z + (1 - p) alpha z,
 * mean and var of the batch when training (and folded into the running
 * ones), the running ones otherwise.
 */
static void dice_fwd(struct ec_mlp *m, size_t l, const float *z, float *y, size_t rows)
{
	size_t n = m->w[l];
	const float *alpha = m->p + m->off[l - 1] + m->w[l - 1] * n + n;
	float *mu = m->mu + m->hoff[l], *inv = m->inv + m->hoff[l];
	float *rm = m->rmean + m->hoff[l], *rv = m->rvar + m->hoff[l];
	for (size_t j = 0; j < n; j++) {
		if (m->training) {
			double s = 0, s2 = 0;
			for (size_t r = 0; r < rows; r++)
				s += z[r * n + j];
			double mean = s / (double)rows;
			for (size_t r = 0; r < rows; r++) {
				double d = z[r * n + j] - mean;
				s2 += d * d;
			}
			double var = s2 / (double)rows;
			mu[j] = (float)mean;
			inv[j] = (float)(1.0 / sqrt(var + DICE_EPS));
			rm[j] = DICE_MOMENTUM * rm[j] + (1 - DICE_MOMENTUM) * (float)mean;
			rv[j] = DICE_MOMENTUM * rv[j] + (1 - DICE_MOMENTUM) * (float)var;
		} else {
			mu[j] = rm[j];
			inv[j] = 1.0f / sqrtf(rv[j] + DICE_EPS);
		}
	}
	for (size_t r = 0; r < rows; r++)
		for (size_t j = 0; j < n; j++) {
			float v = z[r * n + j];
			float p = 1.0f / (1.0f + expf(-(v - mu[j]) * inv[j]));
			y[r * n + j] = v * (p + (1.0f - p) * alpha[j]);
		}
}

/*
 * Back through Dice at boundary l: d holds dL/dy on entry, dL/dz on exit;
 * dL/dalpha is added to the gradients. Training mode: the batch mean and
 * variance depend on z too (the batch-normalisation gradient).
 */
static void dice_bwd(struct ec_mlp *m, size_t l, float *d, float *gy, size_t rows)
{
	size_t n = m->w[l];
	size_t ao = m->off[l - 1] + m->w[l - 1] * n + n;
	const float *alpha = m->p + ao;
	float *galpha = m->g + ao;
	const float *z = m->z[l], *mu = m->mu + m->hoff[l], *inv = m->inv + m->hoff[l];
	memcpy(gy, d, rows * n * sizeof *gy);
	for (size_t j = 0; j < n; j++) {
		double sdx = 0, sdxx = 0, ga = 0;
		for (size_t r = 0; r < rows; r++) {
			size_t i = r * n + j;
			float v = z[i], xh = (v - mu[j]) * inv[j];
			float p = 1.0f / (1.0f + expf(-xh));
			float g = gy[i];
			ga += (double)g * v * (1.0f - p);
			float dxh = g * (1.0f - alpha[j]) * v * p * (1.0f - p);
			sdx += dxh;
			sdxx += (double)dxh * xh;
			d[i] = g * (p + (1.0f - p) * alpha[j]) + inv[j] * dxh;
		}
		galpha[j] += (float)ga;
		if (!m->training)
			continue;
		/* the batch mean and variance depend on z too */
		float mdx = (float)(sdx / (double)rows), mdxx = (float)(sdxx / (double)rows);
		for (size_t r = 0; r < rows; r++) {
			size_t i = r * n + j;
			float xh = (z[i] - mu[j]) * inv[j];
			d[i] -= inv[j] * (mdx + xh * mdxx);
		}
	}
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
		if (m->dice && l > 0 && l < m->nl && !(m->z[l] = malloc(cap * m->w[l] * sizeof(float))))
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
		if (l + 1 < m->nl) {
			if (m->dice) {
				memcpy(m->z[l + 1], y, batch * fo * sizeof(float));
				dice_fwd(m, l + 1, m->z[l + 1], y, batch);
			} else {
				relu(y, batch * fo);
			}
		}
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
		if (m->dice)
			dice_bwd(m, l, prev, delta, B);
		else
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
	if (dst->nl != src->nl || dst->dice != src->dice)
		return -1;
	for (size_t l = 0; l <= src->nl; l++)
		if (dst->w[l] != src->w[l])
			return -1;
	memcpy(dst->p, src->p, src->np * sizeof *src->p);
	if (src->dice) {
		memcpy(dst->rmean, src->rmean, src->hoff[src->nl] * sizeof *src->rmean);
		memcpy(dst->rvar, src->rvar, src->hoff[src->nl] * sizeof *src->rvar);
	}
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
	if (ec_buf_add(out, m->dice ? MLP_MAGIC_DICE : MLP_MAGIC, 8) < 0)
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
	if (m->dice) {
		size_t nh = m->hoff[m->nl];
		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < nh; i++) {
				uint32_t u;
				memcpy(&u, k ? &m->rvar[i] : &m->rmean[i], 4);
				put_u32(b, u);
				if (ec_buf_add(out, b, 4) < 0)
					return -1;
			}
	}
	return 0;
}

struct ec_mlp *ec_mlp_load(const void *p, size_t n, size_t *used, char *err, size_t errlen)
{
	const unsigned char *c = p;
	int dice = n >= 12 && !memcmp(c, MLP_MAGIC_DICE, 8);
	if (n < 12 || (memcmp(c, MLP_MAGIC, 8) != 0 && !dice)) {
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
	size_t nh = 0;
	for (uint32_t l = 0; l < nl; l++) {
		np += w[l] * w[l + 1] + w[l + 1];
		if (dice && l + 1 < nl) {
			np += w[l + 1];
			nh += w[l + 1];
		}
		if (np > n) {
			snprintf(err, errlen, "network: truncated");
			return NULL;
		}
	}
	size_t pos = 12 + (size_t)(nl + 1) * 4;
	if ((n - pos) / 4 < np || (n - pos) / 4 - np < 2 * nh) {
		snprintf(err, errlen, "network: truncated");
		return NULL;
	}
	struct ec_mlp *m = alloc_shape(w, nl, dice);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < np; i++) {
		uint32_t u = get_u32(c + pos + 4 * i);
		memcpy(&m->p[i], &u, 4);
	}
	for (size_t i = 0; i < 2 * nh; i++) {
		uint32_t u = get_u32(c + pos + 4 * (np + i));
		memcpy(i < nh ? &m->rmean[i] : &m->rvar[i - nh], &u, 4);
	}
	if (used)
		*used = pos + 4 * (np + 2 * nh);
	m->training = 0;
	return m;
}
