/*
 * ec_bm25.c: the BM25 inverted index of ec_bm25.h.
 *
 * While documents are added, each is kept as a sorted list of (term, tf)
 * pairs (a forward index); ec_bm25_finish turns those into postings in
 * compressed-sparse-row form (term t's documents are post[off[t] ..
 * off[t+1]), in increasing document order), which is all a query reads.
 * Terms are ids in an ec_strmap, in order of first appearance, so the same
 * documents always give the same index and the same file.
 */
#include "ec_bm25.h"

#include "ec_strmap.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ec_bm25 {
	struct ec_strmap *terms;   /* term -> uint32_t id */
	/* forward index while building */
	uint32_t *fterm, *ftf;
	size_t nf, capf, cap_ftf;
	size_t *doff;              /* ndocs + 1 offsets into fterm/ftf */
	uint32_t *dlen, *dterms;
	size_t ndocs, cap_doff, cap_dlen, cap_dterms;
	/* postings after finish */
	size_t *off;               /* nterms + 1 */
	uint32_t *pdoc, *ptf;
	double avgdl;
	int finished;
};

struct ec_bm25 *ec_bm25_new(void)
{
	struct ec_bm25 *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	if (!(b->terms = ec_strmap_new(sizeof(uint32_t))) ||
	    !(b->doff = calloc(1, sizeof *b->doff))) {
		ec_bm25_free(b);
		return NULL;
	}
	return b;
}

void ec_bm25_free(struct ec_bm25 *b)
{
	if (!b)
		return;
	ec_strmap_free(b->terms);
	free(b->fterm);
	free(b->ftf);
	free(b->doff);
	free(b->dlen);
	free(b->dterms);
	free(b->off);
	free(b->pdoc);
	free(b->ptf);
	free(b);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Room for document ndocs (lengths and the offset after it). */
static int grow_docs(struct ec_bm25 *b)
{
	return grow((void **)&b->dlen, &b->cap_dlen, b->ndocs + 1, sizeof *b->dlen) < 0 ||
	       grow((void **)&b->dterms, &b->cap_dterms, b->ndocs + 1, sizeof *b->dterms) < 0 ||
	       grow((void **)&b->doff, &b->cap_doff, b->ndocs + 2, sizeof *b->doff) < 0 ? -1 : 0;
}

long ec_bm25_add(struct ec_bm25 *b, const char *const *t, const size_t *l, size_t n)
{
	if (b->finished || n > UINT32_MAX || b->ndocs >= UINT32_MAX - 1)
		return -1;
	if (grow_docs(b) < 0)
		return -1;
	if (grow((void **)&b->fterm, &b->capf, b->nf + n + 1, sizeof *b->fterm) < 0 ||
	    grow((void **)&b->ftf, &b->cap_ftf, b->nf + n + 1, sizeof *b->ftf) < 0)
		return -1;
	uint32_t *ids = b->fterm + b->nf;
	for (size_t i = 0; i < n; i++) {
		int isnew;
		uint32_t *v = ec_strmap_put(b->terms, t[i], l[i], &isnew);
		if (!v)
			return -1;
		if (isnew)
			*v = (uint32_t)(ec_strmap_size(b->terms) - 1);
		ids[i] = *v;
	}
	if (n)
		qsort(ids, n, sizeof *ids, cmp_u32);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && ids[k - 1] == ids[i]) {
			b->ftf[b->nf + k - 1]++;
		} else {
			ids[k] = ids[i];
			b->ftf[b->nf + k] = 1;
			k++;
		}
	}
	b->nf += k;
	b->dlen[b->ndocs] = (uint32_t)n;
	b->dterms[b->ndocs] = (uint32_t)k;
	b->doff[b->ndocs + 1] = b->nf;
	return (long)b->ndocs++;
}

int ec_bm25_finish(struct ec_bm25 *b)
{
	if (b->finished)
		return 0;
	size_t nt = ec_strmap_size(b->terms);
	if (!(b->off = calloc(nt + 1, sizeof *b->off)) ||
	    !(b->pdoc = malloc((b->nf ? b->nf : 1) * sizeof *b->pdoc)) ||
	    !(b->ptf = malloc((b->nf ? b->nf : 1) * sizeof *b->ptf)))
		return -1;
	for (size_t i = 0; i < b->nf; i++)
		b->off[b->fterm[i] + 1]++;
	for (size_t t = 0; t < nt; t++)
		b->off[t + 1] += b->off[t];
	size_t *fill = malloc((nt ? nt : 1) * sizeof *fill);
	if (!fill)
		return -1;
	memcpy(fill, b->off, nt * sizeof *fill);
	double total = 0;
	for (size_t d = 0; d < b->ndocs; d++) {
		total += b->dlen[d];
		for (size_t i = b->doff[d]; i < b->doff[d + 1]; i++) {
			size_t at = fill[b->fterm[i]]++;
			b->pdoc[at] = (uint32_t)d;
			b->ptf[at] = b->ftf[i];
		}
	}
	free(fill);
	b->avgdl = b->ndocs ? total / (double)b->ndocs : 0;
	free(b->fterm);
	free(b->ftf);
	b->fterm = b->ftf = NULL;
	b->nf = b->capf = b->cap_ftf = 0;
	b->finished = 1;
	return 0;
}

size_t ec_bm25_ndocs(const struct ec_bm25 *b) { return b->ndocs; }
size_t ec_bm25_nterms(const struct ec_bm25 *b) { return ec_strmap_size(b->terms); }
double ec_bm25_avgdl(const struct ec_bm25 *b) { return b->avgdl; }
uint32_t ec_bm25_doclen(const struct ec_bm25 *b, size_t d) { return b->dlen[d]; }
uint32_t ec_bm25_docterms(const struct ec_bm25 *b, size_t d) { return b->dterms[d]; }

uint32_t ec_bm25_df(const struct ec_bm25 *b, const char *t, size_t l)
{
	const uint32_t *id = ec_strmap_get(b->terms, t, l);
	if (!id || !b->finished)
		return 0;
	return (uint32_t)(b->off[*id + 1] - b->off[*id]);
}

double ec_bm25_idf(const struct ec_bm25 *b, uint32_t df)
{
	double n = (double)b->ndocs;
	return log(1.0 + (n - df + 0.5) / (df + 0.5));
}

double ec_bm25_query(const struct ec_bm25 *b, const char *const *t, const size_t *l, size_t n,
                     double k1, double bb, double *score, uint32_t *shared)
{
	for (size_t d = 0; d < b->ndocs; d++)
		score[d] = 0;
	if (shared)
		memset(shared, 0, b->ndocs * sizeof *shared);
	if (!b->finished)
		return -1;
	/* distinct query terms: ids of known terms, and how many unknown */
	uint32_t stack[64], *ids = n <= 64 ? stack : malloc(n * sizeof *ids);
	if (!ids)
		return -1;
	size_t nk = 0;
	double qidf = 0;
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = l[j] == l[i] && !memcmp(t[j], t[i], l[i]);
		if (dup)
			continue;
		const uint32_t *id = ec_strmap_get(b->terms, t[i], l[i]);
		if (!id) {
			qidf += ec_bm25_idf(b, 0);
			continue;
		}
		ids[nk++] = *id;
	}
	double avg = b->avgdl > 0 ? b->avgdl : 1;
	for (size_t i = 0; i < nk; i++) {
		size_t lo = b->off[ids[i]], hi = b->off[ids[i] + 1];
		double idf = ec_bm25_idf(b, (uint32_t)(hi - lo));
		qidf += idf;
		for (size_t p = lo; p < hi; p++) {
			uint32_t d = b->pdoc[p];
			double tf = b->ptf[p];
			score[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - bb + bb * b->dlen[d] / avg));
			if (shared)
				shared[d]++;
		}
	}
	if (ids != stack)
		free(ids);
	return qidf;
}

double ec_bm25_score_text(const struct ec_bm25 *b, const char *const *q, const size_t *ql,
                          size_t nq, const char *const *d, const size_t *dl, size_t nd,
                          double k1, double bb, double *qidf)
{
	double s = 0, sum = 0, avg = b->avgdl > 0 ? b->avgdl : 1;
	for (size_t i = 0; i < nq; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = ql[j] == ql[i] && !memcmp(q[j], q[i], ql[i]);
		if (dup)
			continue;
		double idf = ec_bm25_idf(b, ec_bm25_df(b, q[i], ql[i]));
		sum += idf;
		double tf = 0;
		for (size_t j = 0; j < nd; j++)
			tf += dl[j] == ql[i] && !memcmp(d[j], q[i], ql[i]);
		if (tf > 0)
			s += idf * tf * (k1 + 1) / (tf + k1 * (1 - bb + bb * (double)nd / avg));
	}
	if (qidf)
		*qidf = sum;
	return s;
}

/* ---- storage: little-endian u32 throughout ---- */

static int put32(struct ec_buf *o, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	                       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	return ec_buf_add(o, c, 4);
}

int ec_bm25_write(const struct ec_bm25 *b, struct ec_buf *o)
{
	if (!b->finished)
		return -1;
	size_t nt = ec_strmap_size(b->terms);
	if (put32(o, 0x424d3235u) < 0 || put32(o, (uint32_t)b->ndocs) < 0 ||
	    put32(o, (uint32_t)nt) < 0)
		return -1;
	for (size_t d = 0; d < b->ndocs; d++)
		if (put32(o, b->dlen[d]) < 0)
			return -1;
	for (size_t t = 0; t < nt; t++) {
		size_t kl;
		const char *k = ec_strmap_key(b->terms, t, &kl);
		if (put32(o, (uint32_t)kl) < 0 || ec_buf_add(o, k, kl) < 0 ||
		    put32(o, (uint32_t)(b->off[t + 1] - b->off[t])) < 0)
			return -1;
		for (size_t p = b->off[t]; p < b->off[t + 1]; p++)
			if (put32(o, b->pdoc[p]) < 0 || put32(o, b->ptf[p]) < 0)
				return -1;
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

static struct ec_bm25 *rfail(struct ec_bm25 *b, char *err, size_t errlen, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "bm25 index: %s", why);
	ec_bm25_free(b);
	return NULL;
}

struct ec_bm25 *ec_bm25_read(const void *p, size_t n, size_t *used, char *err, size_t errlen)
{
	struct rd r = { p, n, 0 };
	uint32_t magic, nd, nt;
	if (get32(&r, &magic) < 0 || magic != 0x424d3235u || get32(&r, &nd) < 0 ||
	    get32(&r, &nt) < 0)
		return rfail(NULL, err, errlen, "bad header");
	/* every document takes 4 bytes and every term at least 8: bounds the allocations */
	if (nd > (n - r.pos) / 4 || nt > (n - r.pos) / 8)
		return rfail(NULL, err, errlen, "counts larger than the data");
	struct ec_bm25 *b = ec_bm25_new();
	if (!b)
		return rfail(NULL, err, errlen, "out of memory");
	b->ndocs = nd;
	if (!(b->dlen = malloc(((size_t)nd + 1) * sizeof *b->dlen)) ||
	    !(b->dterms = calloc((size_t)nd + 1, sizeof *b->dterms)) ||
	    !(b->off = calloc((size_t)nt + 1, sizeof *b->off)))
		return rfail(b, err, errlen, "out of memory");
	uint64_t *sum = calloc((size_t)nd + 1, sizeof *sum);
	if (!sum)
		return rfail(b, err, errlen, "out of memory");
	double total = 0;
	for (uint32_t d = 0; d < nd; d++) {
		if (get32(&r, &b->dlen[d]) < 0) {
			free(sum);
			return rfail(b, err, errlen, "truncated");
		}
		total += b->dlen[d];
	}
	size_t capp = 0, capt = 0, np = 0;
	const char *why = NULL;
	for (uint32_t t = 0; t < nt && !why; t++) {
		uint32_t kl, df;
		if (get32(&r, &kl) < 0 || kl > r.n - r.pos) {
			why = "truncated";
			break;
		}
		const char *k = (const char *)r.p + r.pos;
		r.pos += kl;
		int isnew;
		uint32_t *v = ec_strmap_put(b->terms, k, kl, &isnew);
		if (!v) {
			why = "out of memory";
			break;
		}
		if (!isnew) {
			why = "a term appears twice";
			break;
		}
		*v = t;
		if (get32(&r, &df) < 0 || df == 0 || df > nd || df > (r.n - r.pos) / 8) {
			why = "bad document frequency";
			break;
		}
		if (grow((void **)&b->pdoc, &capp, np + df, sizeof *b->pdoc) < 0 ||
		    grow((void **)&b->ptf, &capt, np + df, sizeof *b->ptf) < 0) {
			why = "out of memory";
			break;
		}
		uint32_t last = 0;
		for (uint32_t i = 0; i < df; i++) {
			uint32_t d, tf;
			if (get32(&r, &d) < 0 || get32(&r, &tf) < 0) {
				why = "truncated";
				break;
			}
			if (d >= nd || (i && d <= last) || tf == 0) {
				why = "bad posting";
				break;
			}
			last = d;
			b->pdoc[np] = d;
			b->ptf[np++] = tf;
			sum[d] += tf;
			b->dterms[d]++;
		}
		b->off[t + 1] = np;
	}
	if (!why)
		for (uint32_t d = 0; d < nd; d++)
			if (sum[d] != b->dlen[d]) {
				why = "document length disagrees with its postings";
				break;
			}
	free(sum);
	if (why)
		return rfail(b, err, errlen, why);
	if (!b->pdoc && (!(b->pdoc = malloc(4)) || !(b->ptf = malloc(4))))
		return rfail(b, err, errlen, "out of memory");
	b->avgdl = nd ? total / nd : 0;
	b->finished = 1;
	if (used)
		*used = r.pos;
	return b;
}
