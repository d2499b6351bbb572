/*
 * ec_ctr.c: FTRL logistic regression, Wide & Deep and DIN (see ec_ctr.h).
 *
 * Examples are encoded once into a compact blob of u32 per example:
 *   [ncat vocabulary ids] [for each sequence: length, ids...] [nwide, wide hashes...]
 * plus nnum floats, so that epochs re-read memory, not text. The wide part
 * keeps FTRL's z and n per hashed coordinate (doubles, as McMahan et al.);
 * the deep part keeps one embedding table per vocabulary with dense
 * gradient buffers whose touched rows are listed, so that a step costs the
 * rows a batch used (lazy Adam, as TensorFlow's LazyAdamOptimizer and
 * PyTorch's SparseAdam), and the MLPs of ec_mlp.h.
 */
#include "ec_ctr.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ec_buf.h"
#include "ec_mlp.h"
#include "ec_model.h"
#include "ec_rng.h"
#include "ec_strmap.h"

#define CTR_PAYLOAD_VERSION 1
#define LOGIT_CLIP 35.0
#define MAXF 4096

/* A vocabulary entry: its id (row of the table) and training count. */
struct vslot {
	uint32_t id, count;
};

struct table {                 /* one vocabulary and its embeddings */
	struct ec_strmap *voc;     /* value -> struct vslot */
	size_t rows;               /* size + 1 (row 0: OOV) */
	float *E, *G, *M1, *M2;    /* rows x dim */
	uint32_t *stamp;           /* batch stamp of the last touch */
	uint32_t *touched;
	size_t ntouched;
};

struct ec_ctr {
	enum ec_ctr_kind kind;
	char *label;
	size_t ncat, nnum, nseq, ncross;
	char **field;              /* ncat + nnum + nseq names */
	size_t *seq_target;        /* per seq: categorical index of its target, or SIZE_MAX */
	size_t *cross_a, *cross_b; /* categorical indices */
	char **cross_name;
	size_t *ftab;              /* table of each categorical and sequence field */
	size_t ntab;
	struct table *tab;
	uint64_t *fseed;           /* hash seed of each field, then each cross */
	unsigned bits;
	uint32_t mask;
	size_t dim, seq_len, min_count;
	size_t *hidden, nhidden, *att_hidden, natt;
	double alpha, beta, l1, l2, lr;
	int adagrad, dice;
	uint64_t seed;
	char **ignore;
	size_t nignore;
	/* wide: FTRL state over mask + 2 coordinates (the last is the bias) */
	double *z, *nsq;
	float *w;                  /* loaded models: weights only */
	double *gacc;              /* wd/din: the batch's gradient per coordinate */
	uint32_t *wstamp, *wtouched, wcur;
	size_t nwt;
	/* deep */
	struct ec_mlp *mlp, *att;
	size_t n_in;
	uint64_t steps;
	uint32_t stamp;
	int prepared;
	/* scratch */
	float *X, *dX, *out, *dout, *A, *dA, *aw, *daw, *pool;
	size_t capX, capA;
	uint32_t *arow;            /* attention row -> example*nseq + s (per batch) */
	double *wide, *zb;
	struct ec_ctr_data *queue;
	json_t *meta;
};

struct ec_ctr_data {
	size_t n, cap;
	uint8_t *y;
	size_t *off;               /* n + 1 */
	uint32_t *blob;
	size_t blen, bcap;
	float *num;
	size_t nnum;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *ec_ctr_kind_name(enum ec_ctr_kind k)
{
	return k == EC_CTR_LR ? "lr" : k == EC_CTR_WD ? "wd" : "din";
}

enum ec_ctr_kind ec_ctr_kind(const struct ec_ctr *m) { return m->kind; }
const char *ec_ctr_label(const struct ec_ctr *m) { return m->label; }
size_t ec_ctr_nfields(const struct ec_ctr *m) { return m->ncat + m->nnum + m->nseq; }
const char *ec_ctr_field(const struct ec_ctr *m, size_t i) { return m->field[i]; }
const json_t *ec_ctr_meta(const struct ec_ctr *m) { return m->meta; }

int ec_ctr_parse_label(const char *s, size_t n)
{
	if (s && n == 1 && (s[0] == '0' || s[0] == '1'))
		return s[0] - '0';
	return -1;
}

/* ---- construction ---- */

static void free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ec_ctr_free(struct ec_ctr *m)
{
	if (!m)
		return;
	free(m->label);
	free_strv(m->field, m->ncat + m->nnum + m->nseq);
	free_strv(m->cross_name, m->ncross);
	free_strv(m->ignore, m->nignore);
	free(m->seq_target);
	free(m->cross_a);
	free(m->cross_b);
	free(m->ftab);
	for (size_t t = 0; m->tab && t < m->ntab; t++) {
		struct table *tb = &m->tab[t];
		ec_strmap_free(tb->voc);
		free(tb->E);
		free(tb->G);
		free(tb->M1);
		free(tb->M2);
		free(tb->stamp);
		free(tb->touched);
	}
	free(m->tab);
	free(m->fseed);
	free(m->hidden);
	free(m->att_hidden);
	free(m->z);
	free(m->nsq);
	free(m->gacc);
	free(m->wstamp);
	free(m->wtouched);
	free(m->w);
	ec_mlp_free(m->mlp);
	ec_mlp_free(m->att);
	free(m->X);
	free(m->dX);
	free(m->out);
	free(m->dout);
	free(m->A);
	free(m->dA);
	free(m->aw);
	free(m->daw);
	free(m->pool);
	free(m->arow);
	free(m->wide);
	free(m->zb);
	ec_ctr_data_free(m->queue);
	json_decref(m->meta);
	free(m);
}

static int in_list(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return 1;
	return 0;
}

static int find(const char *s, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return (int)i;
	return -1;
}

static size_t *dup_sizes(const size_t *v, size_t n, const size_t *def, size_t ndef, size_t *nout)
{
	if (!v) {
		v = def;
		n = ndef;
	}
	size_t *r = malloc((n ? n : 1) * sizeof *r);
	if (r)
		memcpy(r, v, n * sizeof *r);
	*nout = n;
	return r;
}

/*
 * Everything but the column resolution: fields, tables, seeds and the
 * hyper-parameters with defaults. Shared by ec_ctr_new and ec_ctr_load.
 * cat/num/seq are the final lists; targets are categorical names.
 */
static struct ec_ctr *build(const struct ec_ctr_spec *s, const char *const *cat, size_t ncat,
                            char *err, size_t errlen)
{
	static const size_t def_hidden[] = { 256, 128, 64 }, def_att[] = { 80, 40 };
	struct ec_ctr *m = calloc(1, sizeof *m);
	if (!m)
		goto oom;
	m->kind = s->kind;
	m->label = strdup(s->label ? s->label : "label");
	m->ncat = ncat;
	m->nnum = s->nnum;
	m->nseq = s->nseq;
	m->ncross = s->ncross;
	size_t nf = ncat + s->nnum + s->nseq;
	m->field = calloc(nf ? nf : 1, sizeof *m->field);
	m->seq_target = malloc((s->nseq ? s->nseq : 1) * sizeof *m->seq_target);
	m->cross_a = malloc((s->ncross ? s->ncross : 1) * sizeof(size_t));
	m->cross_b = malloc((s->ncross ? s->ncross : 1) * sizeof(size_t));
	m->cross_name = calloc(s->ncross ? s->ncross : 1, sizeof(char *));
	m->ftab = malloc((ncat + s->nseq + 1) * sizeof *m->ftab);
	m->fseed = malloc((nf + s->ncross + 1) * sizeof *m->fseed);
	if (!m->label || !m->field || !m->seq_target || !m->cross_a || !m->cross_b ||
	    !m->cross_name || !m->ftab || !m->fseed)
		goto oom;
	for (size_t i = 0; i < ncat; i++)
		m->field[i] = strdup(cat[i]);
	for (size_t i = 0; i < s->nnum; i++)
		m->field[ncat + i] = strdup(s->num[i]);
	for (size_t i = 0; i < s->nseq; i++)
		m->field[ncat + s->nnum + i] = strdup(s->seq[i]);
	for (size_t i = 0; i < nf; i++)
		if (!m->field[i])
			goto oom;
	const char *const defign[] = { "ts" };
	const char *const *ign = s->ignore ? s->ignore : defign;
	m->nignore = s->ignore ? s->nignore : 1;
	m->ignore = calloc(m->nignore ? m->nignore : 1, sizeof(char *));
	if (!m->ignore)
		goto oom;
	for (size_t i = 0; i < m->nignore; i++)
		if (!(m->ignore[i] = strdup(ign[i])))
			goto oom;
	for (size_t i = 0; i < nf; i++)
		m->fseed[i] = XXH3_64bits(m->field[i], strlen(m->field[i]));
	/* tables: one per categorical field, a sequence shares its target's */
	for (size_t i = 0; i < ncat; i++)
		m->ftab[i] = i;
	m->ntab = ncat;
	for (size_t i = 0; i < s->nseq; i++) {
		m->seq_target[i] = SIZE_MAX;
		if (i < s->ntarget) {
			int t = find(s->target[i], m->field, ncat);
			if (t < 0) {
				seterr(err, errlen, "--target: '%s' is not a categorical column",
				       s->target[i]);
				goto fail;
			}
			m->seq_target[i] = (size_t)t;
			m->ftab[ncat + i] = (size_t)t;
		} else {
			m->ftab[ncat + i] = m->ntab++;
		}
	}
	for (size_t c = 0; c < s->ncross; c++) {
		const char *x = s->cross[c], *colon = strchr(x, ':');
		if (!colon || colon == x || !colon[1] || strchr(colon + 1, ':')) {
			seterr(err, errlen, "--cross: '%s' is not two columns as a:b", x);
			goto fail;
		}
		char a[256];
		snprintf(a, sizeof a, "%.*s", (int)(colon - x), x);
		int ia = find(a, m->field, ncat), ib = find(colon + 1, m->field, ncat);
		if (ia < 0 || ib < 0) {
			seterr(err, errlen, "--cross: '%s' is not a categorical column",
			       ia < 0 ? a : colon + 1);
			goto fail;
		}
		m->cross_a[c] = (size_t)ia;
		m->cross_b[c] = (size_t)ib;
		if (!(m->cross_name[c] = strdup(x)))
			goto oom;
		m->fseed[nf + c] = XXH3_64bits(x, strlen(x)) ^ 0x9e3779b97f4a7c15ull;
	}
	m->tab = calloc(m->ntab ? m->ntab : 1, sizeof *m->tab);
	if (!m->tab)
		goto oom;
	for (size_t t = 0; t < m->ntab; t++)
		if (!(m->tab[t].voc = ec_strmap_new(sizeof(struct vslot))))
			goto oom;
	m->bits = s->bits ? s->bits : 20;
	if (m->bits > 30) {
		seterr(err, errlen, "--bits: %u is above 30", m->bits);
		goto fail;
	}
	m->mask = (uint32_t)((1u << m->bits) - 1);
	m->dim = s->dim ? s->dim : 16;
	m->seq_len = s->seq_len ? s->seq_len : 50;
	m->min_count = s->min_count ? s->min_count : 1;
	m->hidden = dup_sizes(s->hidden, s->nhidden, def_hidden, 3, &m->nhidden);
	m->att_hidden = dup_sizes(s->att_hidden, s->natt, def_att, 2, &m->natt);
	if (!m->hidden || !m->att_hidden)
		goto oom;
	m->alpha = s->alpha > 0 ? s->alpha : 0.05;
	m->beta = s->beta > 0 ? s->beta : 1.0;
	m->l1 = s->l1;
	m->l2 = s->l2;
	m->lr = s->lr > 0 ? s->lr : 0.001;
	m->adagrad = s->adagrad;
	m->dice = s->dice && s->kind == EC_CTR_DIN;
	m->seed = s->seed;
	m->n_in = (ncat + s->nseq) * m->dim + s->nnum;
	return m;
oom:
	seterr(err, errlen, "out of memory");
fail:
	ec_ctr_free(m);
	return NULL;
}

struct ec_ctr *ec_ctr_new(const struct ec_ctr_spec *s, const char *const *names, size_t ncols,
                          char *err, size_t errlen)
{
	const char *label = s->label ? s->label : "label";
	const char *const defign[] = { "ts" };
	const char *const *ign = s->ignore ? s->ignore : defign;
	size_t nign = s->ignore ? s->nignore : 1;
	if (!in_list(label, names, ncols)) {
		seterr(err, errlen, "no label column '%s'", label);
		return NULL;
	}
	const struct { const char *opt; const char *const *v; size_t n; } decl[] = {
		{ "--num", s->num, s->nnum }, { "--seq", s->seq, s->nseq },
		{ "--target", s->target, s->ntarget }, { "--cat", s->cat, s->cat ? s->ncat : 0 },
	};
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < decl[k].n; i++)
			if (!in_list(decl[k].v[i], names, ncols)) {
				seterr(err, errlen, "%s: no column '%s'", decl[k].opt, decl[k].v[i]);
				return NULL;
			}
	if (s->ntarget > s->nseq) {
		seterr(err, errlen, "--target: more targets than --seq columns");
		return NULL;
	}
	for (size_t i = 0; i < s->nnum; i++)
		if (in_list(s->num[i], s->seq, s->nseq) || !strcmp(s->num[i], label)) {
			seterr(err, errlen, "--num: '%s' is declared twice", s->num[i]);
			return NULL;
		}
	for (size_t i = 0; i < s->ntarget; i++)
		if (in_list(s->target[i], s->num, s->nnum) || in_list(s->target[i], s->seq, s->nseq)) {
			seterr(err, errlen, "--target: '%s' is not a categorical column", s->target[i]);
			return NULL;
		}
	const char **cat = malloc((ncols + 1) * sizeof *cat);
	if (!cat) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	size_t ncat = 0;
	if (s->cat) {
		for (size_t i = 0; i < s->ncat; i++)
			cat[ncat++] = s->cat[i];
	} else {
		for (size_t i = 0; i < ncols; i++) {
			const char *c = names[i];
			if (!strcmp(c, label) || in_list(c, ign, nign) || in_list(c, s->num, s->nnum) ||
			    in_list(c, s->seq, s->nseq) || in_list(c, cat, ncat))
				continue;
			cat[ncat++] = c;
		}
	}
	if (ncat + s->nnum + s->nseq == 0) {
		free(cat);
		seterr(err, errlen, "no feature columns besides the label");
		return NULL;
	}
	struct ec_ctr *m = build(s, cat, ncat, err, errlen);
	free(cat);
	return m;
}

/* ---- data ---- */

struct ec_ctr_data *ec_ctr_data_new(void)
{
	return calloc(1, sizeof(struct ec_ctr_data));
}

void ec_ctr_data_free(struct ec_ctr_data *d)
{
	if (!d)
		return;
	free(d->y);
	free(d->off);
	free(d->blob);
	free(d->num);
	free(d);
}

void ec_ctr_data_clear(struct ec_ctr_data *d)
{
	d->n = 0;
	d->blen = 0;
}

size_t ec_ctr_data_size(const struct ec_ctr_data *d) { return d->n; }
const uint8_t *ec_ctr_data_labels(const struct ec_ctr_data *d) { return d->y; }

static int blob_push(struct ec_ctr_data *d, uint32_t v)
{
	if (d->blen == d->bcap) {
		void *p = d->blob;
		if (ec_grow(&p, &d->bcap, d->blen + 1, sizeof(uint32_t)) < 0)
			return -1;
		d->blob = p;
	}
	d->blob[d->blen++] = v;
	return 0;
}

static double num_transform(double x)
{
	return x < 0 ? -log1p(-x) : log1p(x);
}

static uint32_t vocab_id(struct ec_ctr *m, size_t tab, const char *v, size_t n, int grow)
{
	if (m->kind == EC_CTR_LR)
		return 0;
	struct table *t = &m->tab[tab];
	if (grow && !m->prepared) {
		int isnew;
		struct vslot *c = ec_strmap_put(t->voc, v, n, &isnew);
		if (!c)
			return UINT32_MAX;
		if (isnew)
			c->id = (uint32_t)ec_strmap_size(t->voc); /* order of first appearance */
		c->count++;
		return c->id;
	}
	struct vslot *c = ec_strmap_get(t->voc, v, n);
	return c ? c->id : 0;
}

int ec_ctr_data_add(struct ec_ctr *m, struct ec_ctr_data *d, const char *const *val,
                    const size_t *len, int label, int grow, char *err, size_t errlen)
{
	if (d->n + 1 >= d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		uint8_t *y = realloc(d->y, cap);
		if (!y)
			goto oom;
		d->y = y;
		size_t *off = realloc(d->off, (cap + 1) * sizeof *off);
		if (!off)
			goto oom;
		d->off = off;
		if (m->nnum) {
			float *num = realloc(d->num, cap * m->nnum * sizeof *num);
			if (!num)
				goto oom;
			d->num = num;
		}
		d->cap = cap;
	}
	d->nnum = m->nnum;
	size_t start = d->blen;
	if (d->n == 0)
		d->off[0] = 0;
	/* numeric first: a bad value rejects the record before anything grows */
	for (size_t i = 0; i < m->nnum; i++) {
		const char *v = val[m->ncat + i];
		double x = 0;
		if (v && *v) {
			char *end;
			errno = 0;
			x = strtod(v, &end);
			if (*end || !isfinite(x)) {
				seterr(err, errlen, "column '%s': '%s' is not a number",
				       m->field[m->ncat + i], v);
				return -1;
			}
		}
		d->num[d->n * m->nnum + i] = (float)num_transform(x);
	}
	for (size_t i = 0; i < m->ncat; i++) {
		const char *v = val[i] ? val[i] : "";
		size_t n = val[i] ? len[i] : 0;
		uint32_t id = vocab_id(m, m->ftab[i], v, n, grow);
		if (id >= UINT32_MAX - 1 || blob_push(d, id) < 0)
			goto oom_rollback;
	}
	for (size_t s = 0; s < m->nseq; s++) {
		size_t f = m->ncat + m->nnum + s;
		const char *v = val[f] ? val[f] : "";
		size_t n = val[f] ? len[f] : 0, at = d->blen, k = 0;
		if (blob_push(d, 0) < 0)
			goto oom_rollback;
		for (size_t i = 0; i < n && k < m->seq_len;) {
			while (i < n && v[i] == ' ')
				i++;
			size_t j = i;
			while (j < n && v[j] != ' ')
				j++;
			if (j > i) {
				uint32_t id = vocab_id(m, m->ftab[m->ncat + s], v + i, j - i, grow);
				if (id >= UINT32_MAX - 1 || blob_push(d, id) < 0)
					goto oom_rollback;
				k++;
			}
			i = j;
		}
		d->blob[at] = (uint32_t)k;
	}
	/* wide hashes: categorical values, sequence elements, crosses */
	size_t at = d->blen;
	if (blob_push(d, 0) < 0)
		goto oom_rollback;
	uint32_t nw = 0;
	for (size_t i = 0; i < m->ncat; i++) {
		const char *v = val[i] ? val[i] : "";
		size_t n = val[i] ? len[i] : 0;
		if (blob_push(d, (uint32_t)XXH3_64bits_withSeed(v, n, m->fseed[i]) & m->mask) < 0)
			goto oom_rollback;
		nw++;
	}
	for (size_t s = 0; s < m->nseq; s++) {
		size_t f = m->ncat + m->nnum + s;
		const char *v = val[f] ? val[f] : "";
		size_t n = val[f] ? len[f] : 0, k = 0;
		for (size_t i = 0; i < n && k < m->seq_len;) {
			while (i < n && v[i] == ' ')
				i++;
			size_t j = i;
			while (j < n && v[j] != ' ')
				j++;
			if (j > i) {
				uint64_t h = XXH3_64bits_withSeed(v + i, j - i, m->fseed[f]);
				if (blob_push(d, (uint32_t)h & m->mask) < 0)
					goto oom_rollback;
				nw++;
				k++;
			}
			i = j;
		}
	}
	size_t nf = m->ncat + m->nnum + m->nseq;
	for (size_t c = 0; c < m->ncross; c++) {
		size_t a = m->cross_a[c], b = m->cross_b[c];
		uint64_t h = XXH3_64bits_withSeed(val[a] ? val[a] : "", val[a] ? len[a] : 0,
		                                  m->fseed[nf + c]);
		h = XXH3_64bits_withSeed(val[b] ? val[b] : "", val[b] ? len[b] : 0, h);
		if (blob_push(d, (uint32_t)h & m->mask) < 0)
			goto oom_rollback;
		nw++;
	}
	d->blob[at] = nw;
	d->y[d->n] = (uint8_t)(label != 0);
	d->n++;
	d->off[d->n] = d->blen;
	return 0;
oom_rollback:
	d->blen = start;
oom:
	seterr(err, errlen, "out of memory");
	return -1;
}

/* ---- preparation ---- */

static float *falloc(size_t n)
{
	return calloc(n ? n : 1, sizeof(float));
}

static int alloc_tables(struct ec_ctr *m, int training)
{
	for (size_t t = 0; t < m->ntab; t++) {
		struct table *tb = &m->tab[t];
		tb->rows = ec_strmap_size(tb->voc) + 1;
		tb->E = falloc(tb->rows * m->dim);
		if (!tb->E)
			return -1;
		if (!training)
			continue;
		tb->G = falloc(tb->rows * m->dim);
		tb->M1 = falloc(tb->rows * m->dim);
		tb->M2 = falloc(tb->rows * m->dim);
		tb->stamp = calloc(tb->rows, sizeof *tb->stamp);
		tb->touched = malloc(tb->rows * sizeof *tb->touched);
		if (!tb->G || !tb->M1 || !tb->M2 || !tb->stamp || !tb->touched)
			return -1;
	}
	return 0;
}

static int make_nets(struct ec_ctr *m)
{
	if (m->kind == EC_CTR_LR)
		return 0;
	struct ec_mlp *(*mk)(size_t, const size_t *, size_t, size_t, uint64_t) =
		m->dice ? ec_mlp_new_dice : ec_mlp_new;
	m->mlp = mk(m->n_in, m->hidden, m->nhidden, 1, m->seed ^ 0x6d6c70u);
	if (!m->mlp)
		return -1;
	if (m->kind == EC_CTR_DIN) {
		m->att = mk(4 * m->dim, m->att_hidden, m->natt, 1, m->seed ^ 0x617474u);
		if (!m->att)
			return -1;
	}
	return 0;
}

int ec_ctr_prepare(struct ec_ctr *m, struct ec_ctr_data *train, char *err, size_t errlen)
{
	if (m->prepared) {
		seterr(err, errlen, "model already prepared");
		return -1;
	}
	size_t wn = (size_t)m->mask + 2;
	m->z = calloc(wn, sizeof *m->z);
	m->nsq = calloc(wn, sizeof *m->nsq);
	if (!m->z || !m->nsq)
		goto oom;
	if (m->kind != EC_CTR_LR) {
		m->gacc = calloc(wn, sizeof *m->gacc);
		m->wstamp = calloc(wn, sizeof *m->wstamp);
		m->wtouched = malloc(wn * sizeof *m->wtouched);
		if (!m->gacc || !m->wstamp || !m->wtouched)
			goto oom;
	}
	if (m->kind != EC_CTR_LR && m->min_count > 1) {
		/* rare values to the OOV row: new ids, a new map of kept values */
		for (size_t t = 0; t < m->ntab; t++) {
			struct table *tb = &m->tab[t];
			size_t n = ec_strmap_size(tb->voc);
			uint32_t *remap = calloc(n + 1, sizeof *remap);
			struct ec_strmap *nv = ec_strmap_new(sizeof(struct vslot));
			if (!remap || !nv) {
				free(remap);
				ec_strmap_free(nv);
				goto oom;
			}
			for (size_t i = 0; i < n; i++) {
				const struct vslot *c = ec_strmap_val(tb->voc, i);
				if (c->count < m->min_count)
					continue;
				size_t kl;
				const char *k = ec_strmap_key(tb->voc, i, &kl);
				uint32_t cnt = c->count;
				struct vslot *slot = ec_strmap_put(nv, k, kl, NULL);
				if (!slot) {
					free(remap);
					ec_strmap_free(nv);
					goto oom;
				}
				slot->id = (uint32_t)ec_strmap_size(nv);
				slot->count = cnt;
				remap[i + 1] = slot->id;
			}
			ec_strmap_free(tb->voc);
			tb->voc = nv;
			/* the ids in the data: cat ids and sequence ids of this table */
			for (size_t e = 0; e < train->n; e++) {
				uint32_t *b = train->blob + train->off[e];
				for (size_t i = 0; i < m->ncat; i++)
					if (m->ftab[i] == t)
						b[i] = remap[b[i]];
				uint32_t *q = b + m->ncat;
				for (size_t s = 0; s < m->nseq; s++) {
					uint32_t len = *q++;
					if (m->ftab[m->ncat + s] == t)
						for (uint32_t j = 0; j < len; j++)
							q[j] = remap[q[j]];
					q += len;
				}
			}
			free(remap);
		}
	}
	if (m->kind != EC_CTR_LR) {
		if (alloc_tables(m, 1) < 0)
			goto oom;
		struct ec_rng r;
		ec_rng_seed_stream(&r, m->seed, 1);
		for (size_t t = 0; t < m->ntab; t++) {
			struct table *tb = &m->tab[t];
			for (size_t i = 0; i < tb->rows * m->dim; i++)
				tb->E[i] = (float)(0.05 * ec_rng_normal(&r));
		}
		if (make_nets(m) < 0)
			goto oom;
	}
	m->prepared = 1;
	return 0;
oom:
	seterr(err, errlen, "out of memory");
	return -1;
}

/* ---- forward and backward ---- */

static double ftrl_weight(const struct ec_ctr *m, size_t i)
{
	if (m->w)
		return m->w[i];
	double z = m->z[i];
	if (fabs(z) <= m->l1)
		return 0.0;
	double sgn = z < 0 ? -1.0 : 1.0;
	return -(z - sgn * m->l1) / ((m->beta + sqrt(m->nsq[i])) / m->alpha + m->l2);
}

/* Where example e's parts start in the blob. */
struct ex {
	const uint32_t *cat, *seq, *wide;
	const float *num;
	uint32_t nwide;
};

static void example(const struct ec_ctr *m, const struct ec_ctr_data *d, size_t e, struct ex *x)
{
	const uint32_t *b = d->blob + d->off[e];
	x->cat = b;
	const uint32_t *q = b + m->ncat;
	x->seq = q;
	for (size_t s = 0; s < m->nseq; s++)
		q += 1 + q[0];
	x->nwide = q[0];
	x->wide = q + 1;
	x->num = m->nnum ? d->num + e * m->nnum : NULL;
}

static double wide_logit(const struct ec_ctr *m, const struct ex *x)
{
	double s = ftrl_weight(m, (size_t)m->mask + 1);
	for (uint32_t i = 0; i < x->nwide; i++)
		s += ftrl_weight(m, x->wide[i]);
	for (size_t i = 0; i < m->nnum; i++) {
		size_t f = m->ncat + i;
		size_t h = (size_t)(m->fseed[f] & m->mask);
		s += ftrl_weight(m, h) * x->num[i];
	}
	return s;
}

/* FTRL-Proximal per coordinate (McMahan et al. 2013, Algorithm 1). */
static void ftrl_update(struct ec_ctr *m, size_t i, double g)
{
	double w = ftrl_weight(m, i);
	double n = m->nsq[i];
	double sigma = (sqrt(n + g * g) - sqrt(n)) / m->alpha;
	m->z[i] += g - sigma * w;
	m->nsq[i] = n + g * g;
}

static void wide_update(struct ec_ctr *m, const struct ex *x, double g)
{
	/* weights are read before any coordinate of this example moves */
	ftrl_update(m, (size_t)m->mask + 1, g);
	for (uint32_t i = 0; i < x->nwide; i++)
		ftrl_update(m, x->wide[i], g);
	for (size_t i = 0; i < m->nnum; i++) {
		size_t h = (size_t)(m->fseed[m->ncat + i] & m->mask);
		ftrl_update(m, h, g * x->num[i]);
	}
}

/* wd/din: add the example's gradient to the batch's, per coordinate */
static void wide_accumulate(struct ec_ctr *m, size_t i, double g)
{
	if (m->wstamp[i] != m->wcur) {
		m->wstamp[i] = m->wcur;
		m->wtouched[m->nwt++] = (uint32_t)i;
		m->gacc[i] = 0;
	}
	m->gacc[i] += g;
}

static void wide_accumulate_example(struct ec_ctr *m, const struct ex *x, double g)
{
	wide_accumulate(m, (size_t)m->mask + 1, g);
	for (uint32_t i = 0; i < x->nwide; i++)
		wide_accumulate(m, x->wide[i], g);
	for (size_t i = 0; i < m->nnum; i++)
		wide_accumulate(m, (size_t)(m->fseed[m->ncat + i] & m->mask), g * x->num[i]);
}

static int grow_f(float **p, size_t n)
{
	float *q = realloc(*p, (n ? n : 1) * sizeof **p);
	if (!q)
		return -1;
	*p = q;
	return 0;
}

static int reserve_batch(struct ec_ctr *m, size_t n, size_t rows)
{
	if (n > m->capX) {
		size_t c = n < 256 ? 256 : n;
		if (grow_f(&m->X, c * m->n_in) < 0 || grow_f(&m->dX, c * m->n_in) < 0 ||
		    grow_f(&m->out, c) < 0 || grow_f(&m->dout, c) < 0 ||
		    grow_f(&m->pool, c * (m->nseq ? m->nseq : 1) * m->dim) < 0)
			return -1;
		double *w = realloc(m->wide, c * sizeof *w), *z = realloc(m->zb, c * sizeof *z);
		if (w)
			m->wide = w;
		if (z)
			m->zb = z;
		if (!w || !z)
			return -1;
		m->capX = c;
	}
	if (rows > m->capA) {
		size_t c = rows < 1024 ? 1024 : rows * 2;
		size_t d4 = 4 * m->dim;
		if (grow_f(&m->A, c * d4) < 0 || grow_f(&m->dA, c * d4) < 0 ||
		    grow_f(&m->aw, c) < 0 || grow_f(&m->daw, c) < 0)
			return -1;
		uint32_t *r = realloc(m->arow, c * sizeof *r);
		if (!r)
			return -1;
		m->arow = r;
		m->capA = c;
	}
	return 0;
}

static int uses_attention(const struct ec_ctr *m, size_t s)
{
	return m->kind == EC_CTR_DIN && m->seq_target[s] != SIZE_MAX;
}

static const float *emb(const struct ec_ctr *m, size_t tab, uint32_t id)
{
	return m->tab[tab].E + (size_t)id * m->dim;
}

/*
 * Deep logits of examples idx[0..n) into m->out; builds m->X (and for DIN
 * m->A, m->aw, m->pool). 0 or -1 (ENOMEM).
 */
static int deep_forward(struct ec_ctr *m, const struct ec_ctr_data *d, const uint32_t *idx,
                        size_t n)
{
	size_t dim = m->dim, nin = m->n_in;
	/* attention rows first: every (example, position) of attended sequences */
	size_t rows = 0;
	if (m->kind == EC_CTR_DIN)
		for (size_t b = 0; b < n; b++) {
			struct ex x;
			example(m, d, idx ? idx[b] : b, &x);
			const uint32_t *q = x.seq;
			for (size_t s = 0; s < m->nseq; s++) {
				if (uses_attention(m, s))
					rows += q[0];
				q += 1 + q[0];
			}
		}
	if (reserve_batch(m, n, rows) < 0)
		return -1;
	size_t r = 0;
	for (size_t b = 0; b < n; b++) {
		struct ex x;
		example(m, d, idx ? idx[b] : b, &x);
		float *row = m->X + b * nin;
		for (size_t i = 0; i < m->ncat; i++)
			memcpy(row + i * dim, emb(m, m->ftab[i], x.cat[i]), dim * sizeof(float));
		const uint32_t *q = x.seq;
		for (size_t s = 0; s < m->nseq; s++) {
			uint32_t len = q[0];
			const uint32_t *ids = q + 1;
			float *dst = row + (m->ncat + s) * dim;
			size_t tab = m->ftab[m->ncat + s];
			memset(dst, 0, dim * sizeof(float));
			if (uses_attention(m, s)) {
				const float *t = emb(m, tab, x.cat[m->seq_target[s]]);
				for (uint32_t j = 0; j < len; j++, r++) {
					const float *h = emb(m, tab, ids[j]);
					float *a = m->A + r * 4 * dim;
					for (size_t k = 0; k < dim; k++) {
						a[k] = h[k];
						a[dim + k] = t[k];
						a[2 * dim + k] = h[k] - t[k];
						a[3 * dim + k] = h[k] * t[k];
					}
					m->arow[r] = (uint32_t)(b * m->nseq + s);
				}
			} else if (len) {
				for (uint32_t j = 0; j < len; j++) {
					const float *h = emb(m, tab, ids[j]);
					for (size_t k = 0; k < dim; k++)
						dst[k] += h[k];
				}
				float inv = 1.0f / (float)len;
				for (size_t k = 0; k < dim; k++)
					dst[k] *= inv;
			}
			q += 1 + len;
		}
		for (size_t i = 0; i < m->nnum; i++)
			row[(m->ncat + m->nseq) * dim + i] = x.num[i];
	}
	if (rows) {
		if (ec_mlp_forward(m->att, m->A, rows, m->aw) < 0)
			return -1;
		/* pooled = sum_j a_j h_j, h_j being the first quarter of A's row */
		for (size_t j = 0; j < rows; j++) {
			size_t b = m->arow[j] / m->nseq, s = m->arow[j] % m->nseq;
			float *dst = m->X + b * nin + (m->ncat + s) * dim;
			const float *h = m->A + j * 4 * dim;
			float a = m->aw[j];
			for (size_t k = 0; k < dim; k++)
				dst[k] += a * h[k];
		}
	}
	return ec_mlp_forward(m->mlp, m->X, n, m->out);
}

static void touch(struct ec_ctr *m, size_t tab, uint32_t id, const float *g, float scale)
{
	struct table *t = &m->tab[tab];
	if (t->stamp[id] != m->stamp) {
		t->stamp[id] = m->stamp;
		t->touched[t->ntouched++] = id;
	}
	float *G = t->G + (size_t)id * m->dim;
	for (size_t k = 0; k < m->dim; k++)
		G[k] += scale * g[k];
}

static void emb_step(struct ec_ctr *m)
{
	const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
	float c1 = (float)(1.0 - pow(0.9, (double)m->steps));
	float sc2 = sqrtf((float)(1.0 - pow(0.999, (double)m->steps)));
	float lr = (float)m->lr;
	for (size_t ti = 0; ti < m->ntab; ti++) {
		struct table *t = &m->tab[ti];
		for (size_t i = 0; i < t->ntouched; i++) {
			size_t o = (size_t)t->touched[i] * m->dim;
			for (size_t k = 0; k < m->dim; k++) {
				float g = t->G[o + k];
				t->G[o + k] = 0;
				if (m->adagrad) {
					t->M2[o + k] += g * g;
					t->E[o + k] -= lr * g / (sqrtf(t->M2[o + k]) + 1e-10f);
				} else {
					t->M1[o + k] = b1 * t->M1[o + k] + (1 - b1) * g;
					t->M2[o + k] = b2 * t->M2[o + k] + (1 - b2) * g * g;
					t->E[o + k] -= lr / c1 * t->M1[o + k] / (sqrtf(t->M2[o + k]) / sc2 + eps);
				}
			}
		}
		t->ntouched = 0;
	}
}

/* dL/dX of the batch (m->dX) back into the embeddings and the attention net. */
static int deep_backward(struct ec_ctr *m, const struct ec_ctr_data *d, const uint32_t *idx,
                         size_t n)
{
	size_t dim = m->dim, nin = m->n_in;
	m->stamp++;
	if (m->stamp == 0) {
		for (size_t t = 0; t < m->ntab; t++)
			memset(m->tab[t].stamp, 0xff, m->tab[t].rows * sizeof(uint32_t));
		m->stamp = 1;
	}
	size_t rows = 0;
	for (size_t b = 0; b < n; b++) {
		struct ex x;
		example(m, d, idx[b], &x);
		const float *g = m->dX + b * nin;
		for (size_t i = 0; i < m->ncat; i++)
			touch(m, m->ftab[i], x.cat[i], g + i * dim, 1.0f);
		const uint32_t *q = x.seq;
		for (size_t s = 0; s < m->nseq; s++) {
			uint32_t len = q[0];
			size_t tab = m->ftab[m->ncat + s];
			const float *gp = g + (m->ncat + s) * dim;
			if (uses_attention(m, s)) {
				rows += len;
			} else {
				for (uint32_t j = 0; j < len; j++)
					touch(m, tab, q[1 + j], gp, 1.0f / (float)len);
			}
			q += 1 + len;
		}
	}
	if (rows) {
		/* pooled = sum_j a_j h_j: da_j = g . h_j, dh_j += a_j g */
		for (size_t j = 0; j < rows; j++) {
			size_t b = m->arow[j] / m->nseq, s = m->arow[j] % m->nseq;
			const float *g = m->dX + b * nin + (m->ncat + s) * dim;
			const float *h = m->A + j * 4 * dim;
			float da = 0;
			for (size_t k = 0; k < dim; k++)
				da += g[k] * h[k];
			m->daw[j] = da;
		}
		if (ec_mlp_backward(m->att, m->daw, m->dA) < 0)
			return -1;
		size_t j = 0;
		float *gh = malloc(2 * dim * sizeof *gh);
		if (!gh)
			return -1;
		float *gt = gh + dim;
		for (size_t b = 0; b < n; b++) {
			struct ex x;
			example(m, d, idx[b], &x);
			const uint32_t *q = x.seq;
			for (size_t s = 0; s < m->nseq; s++) {
				uint32_t len = q[0];
				if (uses_attention(m, s)) {
					size_t tab = m->ftab[m->ncat + s];
					const float *g = m->dX + b * nin + (m->ncat + s) * dim;
					uint32_t tid = x.cat[m->seq_target[s]];
					for (uint32_t p = 0; p < len; p++, j++) {
						const float *A = m->A + j * 4 * dim, *dA = m->dA + j * 4 * dim;
						const float *h = A, *t = A + dim;
						float a = m->aw[j];
						for (size_t k = 0; k < dim; k++) {
							gh[k] = a * g[k] + dA[k] + dA[2 * dim + k] +
							        dA[3 * dim + k] * t[k];
							gt[k] = dA[dim + k] - dA[2 * dim + k] + dA[3 * dim + k] * h[k];
						}
						touch(m, tab, q[1 + p], gh, 1.0f);
						touch(m, tab, tid, gt, 1.0f);
					}
				}
				q += 1 + len;
			}
		}
		free(gh);
	}
	return 0;
}

static double clip_logit(double z)
{
	return z > LOGIT_CLIP ? LOGIT_CLIP : z < -LOGIT_CLIP ? -LOGIT_CLIP : z;
}

static double sigmoid(double z)
{
	return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

/* log(1 + e^-|z|) + max(z, 0) - y z: the log-loss of logit z, never log 0 */
static double logloss_logit(double z, int y)
{
	return log1p(exp(-fabs(z))) + (z > 0 ? z : 0) - (y ? z : 0);
}

/* Logits of examples idx[0..n) (idx NULL: 0..n) into m->zb, unclipped. */
static int logits(struct ec_ctr *m, const struct ec_ctr_data *d, const uint32_t *idx, size_t n)
{
	if (reserve_batch(m, n, 0) < 0)
		return -1;
	if (m->kind != EC_CTR_LR && deep_forward(m, d, idx, n) < 0)
		return -1;
	for (size_t b = 0; b < n; b++) {
		struct ex x;
		example(m, d, idx ? idx[b] : b, &x);
		m->wide[b] = wide_logit(m, &x);
		m->zb[b] = m->wide[b] + (m->kind != EC_CTR_LR ? (double)m->out[b] : 0.0);
	}
	return 0;
}

int ec_ctr_fit_batch(struct ec_ctr *m, const struct ec_ctr_data *d, const uint32_t *idx,
                     size_t n, double *p, double *loss_sum, char *err, size_t errlen)
{
	if (!m->prepared || m->w) {
		seterr(err, errlen, "model not prepared for training");
		return -1;
	}
	if (n == 0)
		return 0;
	if (m->dice) {
		ec_mlp_set_training(m->mlp, 1);
		ec_mlp_set_training(m->att, 1);
	}
	if (logits(m, d, idx, n) < 0)
		goto oom;
	double ls = 0;
	if (m->kind != EC_CTR_LR) {
		m->nwt = 0;
		if (++m->wcur == 0) {
			memset(m->wstamp, 0, ((size_t)m->mask + 2) * sizeof *m->wstamp);
			m->wcur = 1;
		}
	}
	for (size_t b = 0; b < n; b++) {
		double z = m->zb[b];
		if (!isfinite(z)) {
			seterr(err, errlen, "non-finite logit (example %zu of the batch)", b + 1);
			return -1;
		}
		z = clip_logit(z);
		int y = d->y[idx[b]];
		double pr = sigmoid(z);
		ls += logloss_logit(z, y);
		if (p)
			p[b] = pr;
		double g = pr - y;
		struct ex x;
		example(m, d, idx[b], &x);
		if (m->kind == EC_CTR_LR) {
			wide_update(m, &x, g);
		} else {
			wide_accumulate_example(m, &x, g);
			m->dout[b] = (float)(g / (double)n);
		}
	}
	/* wd/din: one FTRL step per coordinate per mini-batch on the summed
	 * gradient, as the wide part is trained in TensorFlow's
	 * implementation of Cheng et al. (FtrlOptimizer on mini-batches) */
	for (size_t i = 0; i < m->nwt; i++)
		ftrl_update(m, m->wtouched[i], m->gacc[m->wtouched[i]]);
	if (!isfinite(ls)) {
		seterr(err, errlen, "non-finite log-loss");
		return -1;
	}
	if (loss_sum)
		*loss_sum += ls;
	if (m->kind == EC_CTR_LR)
		return 0;
	if (ec_mlp_backward(m->mlp, m->dout, m->dX) < 0 || deep_backward(m, d, idx, n) < 0)
		goto oom;
	m->steps++;
	if (m->adagrad) {
		ec_mlp_adagrad(m->mlp, (float)m->lr);
		if (m->att)
			ec_mlp_adagrad(m->att, (float)m->lr);
	} else {
		ec_mlp_adam(m->mlp, (float)m->lr);
		if (m->att)
			ec_mlp_adam(m->att, (float)m->lr);
	}
	emb_step(m);
	return 0;
oom:
	seterr(err, errlen, "out of memory");
	return -1;
}

int ec_ctr_predict_data(struct ec_ctr *m, const struct ec_ctr_data *d, size_t batch, double *p,
                        char *err, size_t errlen)
{
	if (!batch)
		batch = 1024;
	if (m->mlp)
		ec_mlp_set_training(m->mlp, 0);
	if (m->att)
		ec_mlp_set_training(m->att, 0);
	uint32_t *idx = malloc(batch * sizeof *idx);
	if (!idx)
		goto oom;
	for (size_t s = 0; s < d->n; s += batch) {
		size_t n = d->n - s < batch ? d->n - s : batch;
		for (size_t i = 0; i < n; i++)
			idx[i] = (uint32_t)(s + i);
		if (logits(m, d, idx, n) < 0) {
			free(idx);
			goto oom;
		}
		for (size_t i = 0; i < n; i++)
			p[s + i] = sigmoid(clip_logit(m->zb[i]));
	}
	free(idx);
	return 0;
oom:
	seterr(err, errlen, "out of memory");
	return -1;
}

/* ---- scoring ---- */

int ec_ctr_queue(struct ec_ctr *m, const char *const *val, const size_t *len, char *err,
                 size_t errlen)
{
	if (!m->queue && !(m->queue = ec_ctr_data_new())) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	return ec_ctr_data_add(m, m->queue, val, len, 0, 0, err, errlen);
}

size_t ec_ctr_queued(const struct ec_ctr *m)
{
	return m->queue ? m->queue->n : 0;
}

int ec_ctr_score_queued(struct ec_ctr *m, double *p, char *err, size_t errlen)
{
	if (!m->queue || m->queue->n == 0)
		return 0;
	int rc = ec_ctr_predict_data(m, m->queue, m->queue->n, p, err, errlen);
	ec_ctr_data_clear(m->queue);
	return rc;
}

double ec_ctr_score(struct ec_ctr *m, const char *const *val, const size_t *len, char *err,
                    size_t errlen)
{
	double p;
	if (m->queue)
		ec_ctr_data_clear(m->queue);
	if (ec_ctr_queue(m, val, len, err, errlen) < 0 || ec_ctr_score_queued(m, &p, err, errlen) < 0)
		return NAN;
	return p;
}

/* ---- metrics ---- */

struct sy {
	double s;
	uint32_t g;
	uint8_t y;
};

static int cmp_s(const void *a, const void *b)
{
	const struct sy *x = a, *y = b;
	return (x->s > y->s) - (x->s < y->s);
}

static int cmp_gs(const void *a, const void *b)
{
	const struct sy *x = a, *y = b;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return (x->s > y->s) - (x->s < y->s);
}

/* AUC of a run sorted by score: rank sum of positives with ties averaged. */
static double auc_sorted(const struct sy *v, size_t n, size_t *npos_out)
{
	double rsum = 0;
	size_t npos = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		size_t pos = 0;
		while (j < n && v[j].s == v[i].s) {
			pos += v[j].y;
			j++;
		}
		/* ranks i+1..j, mean (i + 1 + j) / 2 */
		rsum += (double)pos * ((double)(i + 1) + (double)j) / 2.0;
		npos += pos;
		i = j;
	}
	if (npos_out)
		*npos_out = npos;
	size_t nneg = n - npos;
	if (npos == 0 || nneg == 0)
		return NAN;
	return (rsum - (double)npos * ((double)npos + 1) / 2.0) / ((double)npos * (double)nneg);
}

double ec_ctr_auc(const double *s, const uint8_t *y, size_t n)
{
	struct sy *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		v[i].s = s[i];
		v[i].y = y[i] != 0;
		v[i].g = 0;
	}
	qsort(v, n, sizeof *v, cmp_s);
	double a = auc_sorted(v, n, NULL);
	free(v);
	return a;
}

double ec_ctr_logloss(const double *p, const uint8_t *y, size_t n)
{
	if (n == 0)
		return NAN;
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		double q = p[i] < 1e-15 ? 1e-15 : p[i] > 1 - 1e-15 ? 1 - 1e-15 : p[i];
		s -= y[i] ? log(q) : log1p(-q);
	}
	return s / (double)n;
}

double ec_ctr_gauc(const double *s, const uint8_t *y, const uint32_t *g, size_t n,
                   size_t *ngroups)
{
	struct sy *v = malloc((n ? n : 1) * sizeof *v);
	if (ngroups)
		*ngroups = 0;
	if (!v)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		v[i].s = s[i];
		v[i].y = y[i] != 0;
		v[i].g = g[i];
	}
	qsort(v, n, sizeof *v, cmp_gs);
	double num = 0, den = 0;
	size_t ng = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && v[j].g == v[i].g)
			j++;
		double a = auc_sorted(v + i, j - i, NULL);
		if (!isnan(a)) {
			num += (double)(j - i) * a;
			den += (double)(j - i);
			ng++;
		}
		i = j;
	}
	free(v);
	if (ngroups)
		*ngroups = ng;
	return den > 0 ? num / den : NAN;
}

/* ---- model file ---- */

static int put32(struct ec_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24) };
	return ec_buf_add(b, c, 4);
}

static int putf(struct ec_buf *b, float f)
{
	uint32_t u;
	memcpy(&u, &f, 4);
	return put32(b, u);
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *sizes_json(const size_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

int ec_ctr_save(const struct ec_ctr *m, const char *path, const json_t *train, char *err,
                size_t errlen)
{
	struct ec_buf b = EC_BUF_INIT;
	int rc = -1;
	json_t *meta = NULL, *tg = json_array();
	for (size_t s = 0; s < m->nseq; s++)
		if (m->seq_target[s] != SIZE_MAX)
			json_array_append_new(tg, json_string(m->field[m->seq_target[s]]));
	json_t *spec = json_pack(
		"{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:f, s:f, s:f, "
		"s:f, s:f, s:s, s:i, s:I, s:b}",
		"model", ec_ctr_kind_name(m->kind), "label", m->label,
		"cat", strv_json(m->field, m->ncat), "num", strv_json(m->field + m->ncat, m->nnum),
		"seq", strv_json(m->field + m->ncat + m->nnum, m->nseq), "target", tg,
		"cross", strv_json(m->cross_name, m->ncross), "ignore", strv_json(m->ignore, m->nignore),
		"bits", (int)m->bits, "dim", (int)m->dim, "seq_len", (int)m->seq_len,
		"hidden", sizes_json(m->hidden, m->nhidden), "att_hidden",
		sizes_json(m->att_hidden, m->natt), "alpha", m->alpha, "beta", m->beta, "l1", m->l1,
		"l2", m->l2, "lr", m->lr, "optimizer", m->adagrad ? "adagrad" : "adam", "min_count",
		(int)m->min_count, "seed", (json_int_t)m->seed, "dice", m->dice);
	if (!spec)
		goto oom;
	meta = json_pack("{s:i, s:o}", "format", CTR_PAYLOAD_VERSION, "spec", spec);
	if (!meta)
		goto oom;
	if (train)
		json_object_set(meta, "train", (json_t *)train);
	/* wide weights, the non-zero ones */
	size_t wn = (size_t)m->mask + 2, k = 0;
	if (put32(&b, m->bits) < 0)
		goto oom;
	size_t kpos = b.len;
	if (put32(&b, 0) < 0 || put32(&b, 0) < 0)
		goto oom;
	for (size_t i = 0; i < wn; i++) {
		double w = ftrl_weight(m, i);
		if (w != 0.0) {
			if (put32(&b, (uint32_t)i) < 0 || putf(&b, (float)w) < 0)
				goto oom;
			k++;
		}
	}
	for (int i = 0; i < 8; i++)
		b.data[kpos + i] = (char)(unsigned char)((uint64_t)k >> (8 * i));
	if (put32(&b, (uint32_t)(m->kind == EC_CTR_LR ? 0 : m->ntab)) < 0)
		goto oom;
	if (m->kind != EC_CTR_LR) {
		for (size_t t = 0; t < m->ntab; t++) {
			struct ec_strmap *v = m->tab[t].voc;
			if (put32(&b, (uint32_t)ec_strmap_size(v)) < 0)
				goto oom;
			for (size_t i = 0; i < ec_strmap_size(v); i++) {
				size_t kl;
				const char *key = ec_strmap_key(v, i, &kl);
				if (put32(&b, (uint32_t)kl) < 0 || ec_buf_add(&b, key, kl) < 0)
					goto oom;
			}
		}
		for (size_t t = 0; t < m->ntab; t++)
			for (size_t i = 0; i < m->tab[t].rows * m->dim; i++)
				if (putf(&b, m->tab[t].E[i]) < 0)
					goto oom;
		if (ec_mlp_save(m->mlp, &b) < 0 || (m->att && ec_mlp_save(m->att, &b) < 0))
			goto oom;
	}
	rc = ec_model_save(path, "ctr", meta, b.data, b.len, err, errlen);
	goto done;
oom:
	seterr(err, errlen, "%s: out of memory", path);
done:
	json_decref(meta);
	ec_buf_free(&b);
	return rc;
}

static int json_strv(json_t *a, const char ***v, size_t *n)
{
	if (!json_is_array(a))
		return -1;
	*n = json_array_size(a);
	*v = calloc(*n ? *n : 1, sizeof **v);
	if (!*v)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (!((*v)[i] = json_string_value(json_array_get(a, i))))
			return -1;
	return 0;
}

static int json_sizes(json_t *a, size_t **v, size_t *n)
{
	if (!json_is_array(a))
		return -1;
	*n = json_array_size(a);
	*v = calloc(*n ? *n : 1, sizeof **v);
	if (!*v)
		return -1;
	for (size_t i = 0; i < *n; i++) {
		json_t *x = json_array_get(a, i);
		if (!json_is_integer(x) || json_integer_value(x) < 1 ||
		    json_integer_value(x) > (1 << 20))
			return -1;
		(*v)[i] = (size_t)json_integer_value(x);
	}
	return 0;
}

struct rd {
	const unsigned char *p;
	size_t n, pos;
};

static int get32(struct rd *r, uint32_t *v)
{
	if (r->n - r->pos < 4)
		return -1;
	const unsigned char *c = r->p + r->pos;
	*v = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
	r->pos += 4;
	return 0;
}

static int getf(struct rd *r, float *f)
{
	uint32_t u;
	if (get32(r, &u) < 0)
		return -1;
	memcpy(f, &u, 4);
	return 0;
}

static struct ec_ctr *from_model(struct ec_model *md, const char *path, char *err,
                                 size_t errlen);

struct ec_ctr *ec_ctr_load(const char *path, char *err, size_t errlen)
{
	struct ec_model md;
	if (ec_model_load(&md, path, "ctr", err, errlen) < 0)
		return NULL;
	return from_model(&md, path, err, errlen);
}

struct ec_ctr *ec_ctr_load_mem(const void *p, size_t n, const char *name, char *err,
                               size_t errlen)
{
	struct ec_model md;
	if (ec_model_decode(&md, p, n, name, "ctr", err, errlen) < 0)
		return NULL;
	return from_model(&md, name, err, errlen);
}

/* The model of a decoded container (consumed: freed here). */
static struct ec_ctr *from_model(struct ec_model *mdp, const char *path, char *err,
                                 size_t errlen)
{
	struct ec_model md = *mdp;
	struct ec_ctr *m = NULL;
	const char **cat = NULL, **num = NULL, **seq = NULL, **target = NULL, **cross = NULL,
	           **ign = NULL;
	size_t *hidden = NULL, *att = NULL;
	json_t *sp = json_object_get(md.meta, "spec");
	json_t *fmt = json_object_get(md.meta, "format");
	if (!json_is_object(sp) || !json_is_integer(fmt) ||
	    json_integer_value(fmt) != CTR_PAYLOAD_VERSION) {
		seterr(err, errlen, "%s: unknown ctr payload format", path);
		goto fail;
	}
	struct ec_ctr_spec s;
	memset(&s, 0, sizeof s);
	size_t ncat;
	const char *kind = json_string_value(json_object_get(sp, "model"));
	s.label = json_string_value(json_object_get(sp, "label"));
	if (!kind || !s.label || json_strv(json_object_get(sp, "cat"), &cat, &ncat) < 0 ||
	    json_strv(json_object_get(sp, "num"), &num, &s.nnum) < 0 ||
	    json_strv(json_object_get(sp, "seq"), &seq, &s.nseq) < 0 ||
	    json_strv(json_object_get(sp, "target"), &target, &s.ntarget) < 0 ||
	    json_strv(json_object_get(sp, "cross"), &cross, &s.ncross) < 0 ||
	    json_strv(json_object_get(sp, "ignore"), &ign, &s.nignore) < 0 ||
	    json_sizes(json_object_get(sp, "hidden"), &hidden, &s.nhidden) < 0 ||
	    json_sizes(json_object_get(sp, "att_hidden"), &att, &s.natt) < 0 ||
	    s.ntarget > s.nseq) {
		seterr(err, errlen, "%s: bad ctr specification in the metadata", path);
		goto fail;
	}
	s.kind = !strcmp(kind, "lr") ? EC_CTR_LR : !strcmp(kind, "wd") ? EC_CTR_WD : EC_CTR_DIN;
	s.num = num;
	s.seq = seq;
	s.target = target;
	s.cross = cross;
	s.ignore = ign;
	s.hidden = hidden;
	s.att_hidden = att;
	s.bits = (unsigned)json_integer_value(json_object_get(sp, "bits"));
	s.dim = (size_t)json_integer_value(json_object_get(sp, "dim"));
	s.seq_len = (size_t)json_integer_value(json_object_get(sp, "seq_len"));
	s.alpha = json_number_value(json_object_get(sp, "alpha"));
	s.beta = json_number_value(json_object_get(sp, "beta"));
	s.l1 = json_number_value(json_object_get(sp, "l1"));
	s.l2 = json_number_value(json_object_get(sp, "l2"));
	s.lr = json_number_value(json_object_get(sp, "lr"));
	s.min_count = (size_t)json_integer_value(json_object_get(sp, "min_count"));
	s.dice = json_is_true(json_object_get(sp, "dice"));
	if (s.bits < 1 || s.bits > 30 || s.dim < 1 || s.dim > 4096 || s.seq_len < 1) {
		seterr(err, errlen, "%s: bad ctr specification in the metadata", path);
		goto fail;
	}
	char e2[256];
	m = build(&s, cat, ncat, e2, sizeof e2);
	if (!m) {
		seterr(err, errlen, "%s: %s", path, e2);
		goto fail;
	}
	m->meta = json_incref(md.meta);
	struct rd r = { md.payload, md.payload_len, 0 };
	uint32_t bits, lo, hi;
	if (get32(&r, &bits) < 0 || bits != m->bits || get32(&r, &lo) < 0 || get32(&r, &hi) < 0)
		goto bad;
	uint64_t k = (uint64_t)lo | (uint64_t)hi << 32;
	size_t wn = (size_t)m->mask + 2;
	if (k > wn || k > (r.n - r.pos) / 8)
		goto bad;
	m->w = calloc(wn, sizeof *m->w);
	if (!m->w)
		goto oom;
	for (uint64_t i = 0; i < k; i++) {
		uint32_t ix;
		float w;
		if (get32(&r, &ix) < 0 || getf(&r, &w) < 0 || ix >= wn || !isfinite(w))
			goto bad;
		m->w[ix] = w;
	}
	uint32_t ntab;
	if (get32(&r, &ntab) < 0 || ntab != (m->kind == EC_CTR_LR ? 0 : m->ntab))
		goto bad;
	if (m->kind != EC_CTR_LR) {
		for (size_t t = 0; t < m->ntab; t++) {
			uint32_t sz;
			if (get32(&r, &sz) < 0 || sz > r.n - r.pos)
				goto bad;
			for (uint32_t i = 0; i < sz; i++) {
				uint32_t kl;
				if (get32(&r, &kl) < 0 || kl > r.n - r.pos)
					goto bad;
				int isnew;
				struct vslot *slot = ec_strmap_put(m->tab[t].voc, (const char *)r.p + r.pos,
				                                   kl, &isnew);
				if (!slot)
					goto oom;
				if (!isnew)
					goto bad;
				slot->id = i + 1;
				r.pos += kl;
			}
		}
		/* the embeddings must be there before they are allocated */
		size_t need = 0;
		for (size_t t = 0; t < m->ntab; t++) {
			size_t rows = ec_strmap_size(m->tab[t].voc) + 1;
			if (rows > (r.n - r.pos) / 4 / m->dim)
				goto bad;
			need += rows * m->dim;
			if (need > (r.n - r.pos) / 4)
				goto bad;
		}
		if (alloc_tables(m, 0) < 0)
			goto oom;
		for (size_t t = 0; t < m->ntab; t++) {
			size_t cnt = m->tab[t].rows * m->dim;
			if (cnt > (r.n - r.pos) / 4)
				goto bad;
			for (size_t i = 0; i < cnt; i++)
				getf(&r, &m->tab[t].E[i]);
		}
		size_t used;
		m->mlp = ec_mlp_load(r.p + r.pos, r.n - r.pos, &used, e2, sizeof e2);
		if (!m->mlp || ec_mlp_n_in(m->mlp) != m->n_in || ec_mlp_n_out(m->mlp) != 1)
			goto bad;
		r.pos += used;
		if (m->kind == EC_CTR_DIN) {
			m->att = ec_mlp_load(r.p + r.pos, r.n - r.pos, &used, e2, sizeof e2);
			if (!m->att || ec_mlp_n_in(m->att) != 4 * m->dim || ec_mlp_n_out(m->att) != 1)
				goto bad;
			r.pos += used;
		}
	}
	if (r.pos != r.n)
		goto bad;
	m->prepared = 1;
	goto done;
oom:
	seterr(err, errlen, "%s: out of memory", path);
	ec_ctr_free(m);
	m = NULL;
	goto done;
bad:
	seterr(err, errlen, "%s: damaged ctr payload", path);
fail:
	ec_ctr_free(m);
	m = NULL;
done:
	free(cat);
	free(num);
	free(seq);
	free(target);
	free(cross);
	free(ign);
	free(hidden);
	free(att);
	ec_model_free(&md);
	return m;
}
