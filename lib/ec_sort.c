/*
 * ec_sort.c: external merge sort (see ec_sort.h).
 *
 * Records are serialised into an arena as
 *     [u32 size][keys...][fields...]
 * with numeric keys stored as an 8-byte double (plus a presence byte) and
 * string keys as [u32 len][bytes], so that comparing two records reads
 * their keys front to back with no parsing. A field is [u32 len][bytes][NUL]
 * (len 0xFFFFFFFF meaning absent, no bytes), so records are handed out as
 * pointers into the arena or the run buffer, never copied. Runs on disk are the same bytes followed
 * by the record's sequence number, which keeps the merge stable.
 */
#include "ec_sort.h"

#include "ec_buf.h"
#include "ec_num.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ABSENT UINT32_MAX

/* pfx: the first key reduced to 64 bits whose order agrees with the key's
 * (ties say nothing): most comparisons end there, without touching the
 * arena, which is what made sorting cost more than everything else. klen:
 * the first key's length when it is a string of at most 8 bytes (then equal
 * prefixes and lengths mean equal keys), 0 for a number (equal images are
 * equal numbers), else UINT32_MAX. pfx2 and klen2: the same for the second
 * key, so that (user, ts) sorts rarely read the arena at all. */
struct ent { uint64_t pfx, pfx2; size_t off; uint64_t seq; uint32_t klen, klen2; };

struct run {
	FILE *f;
	struct ec_buf rec;   /* current record bytes */
	uint64_t seq;
	int live;
};

struct ec_sorter {
	size_t nfields, nkeys;
	struct ec_sort_key *keys;
	size_t mem_limit;
	struct ec_buf arena;
	struct ent *ents;
	size_t nents, capents;
	uint64_t seq;
	size_t count;
	struct run *runs;
	size_t nruns, capruns;
	size_t *heap;        /* run indices */
	size_t nheap;
	size_t pos;          /* in-memory iteration */
	int merging, done;
	const char **val;
	size_t *len;
	char err[256];
};

static int spill(struct ec_sorter *s);

static int put32(struct ec_buf *b, uint32_t v) { return ec_buf_add(b, &v, 4); }

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

int ec_sorter_new(struct ec_sorter **out, size_t nfields, const struct ec_sort_key *keys,
                  size_t nkeys, size_t mem_limit)
{
	*out = NULL;
	struct ec_sorter *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->nfields = nfields;
	s->nkeys = nkeys;
	s->mem_limit = mem_limit ? mem_limit : (size_t)256 << 20;
	ec_buf_init(&s->arena);
	s->keys = malloc((nkeys ? nkeys : 1) * sizeof *keys);
	s->val = calloc(nfields ? nfields : 1, sizeof *s->val);
	s->len = calloc(nfields ? nfields : 1, sizeof *s->len);
	if (!s->keys || !s->val || !s->len) {
		ec_sorter_free(s);
		return -1;
	}
	if (nkeys)
		memcpy(s->keys, keys, nkeys * sizeof *keys);
	*out = s;
	return 0;
}

static int cmp_bytes(const unsigned char **a, const unsigned char **b, const struct ec_sort_key *k)
{
	int c;
	if (k->type == EC_SORT_NUM) {
		unsigned char pa = (*a)[0], pb = (*b)[0];
		double da, db;
		memcpy(&da, *a + 1, 8);
		memcpy(&db, *b + 1, 8);
		*a += 9;
		*b += 9;
		c = pa != pb ? (pa < pb ? -1 : 1) : !pa ? 0 : da < db ? -1 : da > db ? 1 : 0;
	} else {
		uint32_t la = get32(*a), lb = get32(*b);
		*a += 4;
		*b += 4;
		if (la == ABSENT || lb == ABSENT) {
			c = la == lb ? 0 : la == ABSENT ? -1 : 1;
		} else {
			size_t m = la < lb ? la : lb;
			c = memcmp(*a, *b, m);
			if (!c)
				c = la < lb ? -1 : la > lb;
		}
		*a += la == ABSENT ? 0 : la;
		*b += lb == ABSENT ? 0 : lb;
	}
	return k->desc ? -c : c;
}

/* Compare keys from the `from`-th on (earlier ones known equal), then seq. */
static int cmp_from(const struct ec_sorter *s, const unsigned char *a, uint64_t sa,
                    const unsigned char *b, uint64_t sb, size_t from)
{
	a += 4;
	b += 4;
	for (size_t i = 0; i < from; i++) {
		/* skip a key known equal on both sides */
		if (s->keys[i].type == EC_SORT_NUM) {
			a += 9;
			b += 9;
		} else {
			uint32_t la = get32(a), lb = get32(b);
			a += 4 + (la == ABSENT ? 0 : la);
			b += 4 + (lb == ABSENT ? 0 : lb);
		}
	}
	for (size_t i = from; i < s->nkeys; i++) {
		int c = cmp_bytes(&a, &b, &s->keys[i]);
		if (c)
			return c;
	}
	return sa < sb ? -1 : sa > sb;
}

static int cmp_records(const struct ec_sorter *s, const unsigned char *a, uint64_t sa,
                       const unsigned char *b, uint64_t sb)
{
	a += 4;
	b += 4;
	for (size_t i = 0; i < s->nkeys; i++) {
		int c = cmp_bytes(&a, &b, &s->keys[i]);
		if (c)
			return c;
	}
	return sa < sb ? -1 : sa > sb;
}

static int cmp_ents(const void *x, const void *y, void *ctx)
{
	const struct ec_sorter *s = ctx;
	const struct ent *a = x, *b = y;
	if (a->pfx != b->pfx)
		return a->pfx < b->pfx ? -1 : 1;
	if (a->klen == b->klen && a->klen != UINT32_MAX) {
		/* first keys equal */
		if (s->nkeys == 1)
			return a->seq < b->seq ? -1 : a->seq > b->seq;
		if (a->pfx2 != b->pfx2)
			return a->pfx2 < b->pfx2 ? -1 : 1;
		if (a->klen2 == b->klen2 && a->klen2 != UINT32_MAX && s->nkeys == 2)
			return a->seq < b->seq ? -1 : a->seq > b->seq;
		return cmp_from(s, (const unsigned char *)s->arena.data + a->off, a->seq,
		                (const unsigned char *)s->arena.data + b->off, b->seq, 1);
	}
	return cmp_records(s, (const unsigned char *)s->arena.data + a->off, a->seq,
	                   (const unsigned char *)s->arena.data + b->off, b->seq);
}

/*
 * Order-preserving 64-bit image of the first key: a string's first 8 bytes
 * big-endian (zero-padded), a number's IEEE bits with the sign flipped so
 * that unsigned order is numeric order; 0 for absent, which sorts first as
 * in cmp_bytes. Descending keys use the complement.
 */
static uint64_t prefix(const struct ec_sort_key *k, const char *const *val, const size_t *len,
                       uint32_t *klen)
{
	const char *v = val[k->col];
	uint64_t p = 0;
	*klen = k->type == EC_SORT_NUM ? 0 : UINT32_MAX;
	if (v) {
		size_t n = len ? len[k->col] : strlen(v);
		if (k->type == EC_SORT_STR && n <= 8)
			*klen = (uint32_t)n;
		if (k->type == EC_SORT_NUM) {
			double d;
			if (ec_num_parse(v, n, &d) == 0) {
				uint64_t bits;
				if (d == 0)
					d = 0; /* -0 and 0 are one number */
				memcpy(&bits, &d, 8);
				p = bits >> 63 ? ~bits : bits | (1ULL << 63);
			}
		} else {
			for (size_t i = 0; i < 8; i++)
				p = p << 8 | (i < n ? (unsigned char)v[i] : 0);
		}
	}
	return k->desc ? ~p : p;
}

int ec_sorter_add(struct ec_sorter *s, const char *const *val, const size_t *len)
{
	struct ec_buf *b = &s->arena;
	/* Reserve the whole budget once: address space is cheap and untouched
	 * pages cost nothing, while growing by realloc copied the arena over
	 * and over. */
	if (b->cap == 0 && ec_buf_grow(b, (s->mem_limit < (1u << 30) ? s->mem_limit : (1u << 30)) + (64u << 10)) < 0)
		goto oom;
	size_t start = b->len;
	if (put32(b, 0) < 0)
		goto oom;
	for (size_t i = 0; i < s->nkeys; i++) {
		size_t c = s->keys[i].col;
		const char *v = val[c];
		size_t n = v ? (len ? len[c] : strlen(v)) : 0;
		if (s->keys[i].type == EC_SORT_NUM) {
			double d = 0;
			unsigned char present = v && ec_num_parse(v, n, &d) == 0;
			if (ec_buf_add(b, &present, 1) < 0 || ec_buf_add(b, &d, 8) < 0)
				goto oom;
		} else if (put32(b, v ? (uint32_t)n : ABSENT) < 0 || (v && ec_buf_add(b, v, n) < 0)) {
			goto oom;
		}
	}
	for (size_t i = 0; i < s->nfields; i++) {
		const char *v = val[i];
		size_t n = v ? (len ? len[i] : strlen(v)) : 0;
		if (put32(b, v ? (uint32_t)n : ABSENT) < 0 ||
		    (v && (ec_buf_add(b, v, n) < 0 || ec_buf_addc(b, '\0') < 0)))
			goto oom;
	}
	uint32_t size = (uint32_t)(b->len - start);
	memcpy(b->data + start, &size, 4);
	if (s->nents == s->capents) {
		size_t cap = s->capents ? 2 * s->capents : 1024;
		struct ent *e = realloc(s->ents, cap * sizeof *e);
		if (!e)
			goto oom;
		s->ents = e;
		s->capents = cap;
	}
	struct ent *e = &s->ents[s->nents];
	e->pfx = e->pfx2 = 0;
	e->klen = e->klen2 = UINT32_MAX;
	if (s->nkeys > 0)
		e->pfx = prefix(&s->keys[0], val, len, &e->klen);
	if (s->nkeys > 1)
		e->pfx2 = prefix(&s->keys[1], val, len, &e->klen2);
	s->ents[s->nents].off = start;
	s->ents[s->nents].seq = s->seq++;
	s->nents++;
	s->count++;
	if (b->len + s->nents * sizeof(struct ent) > s->mem_limit)
		return spill(s);
	return 0;
oom:
	snprintf(s->err, sizeof s->err, "out of memory");
	return -1;
}

/* Sort the buffered records and, when this is not the only run, spill them. */
static int spill(struct ec_sorter *s)
{
	qsort_r(s->ents, s->nents, sizeof *s->ents, cmp_ents, s);
	if (s->nruns == s->capruns) {
		size_t cap = s->capruns ? 2 * s->capruns : 8;
		struct run *r = realloc(s->runs, cap * sizeof *r);
		if (!r)
			return -1;
		s->runs = r;
		s->capruns = cap;
	}
	struct run *r = &s->runs[s->nruns];
	memset(r, 0, sizeof *r);
	ec_buf_init(&r->rec);
	r->f = tmpfile();
	if (!r->f) {
		snprintf(s->err, sizeof s->err, "cannot create a temporary file: %s", strerror(errno));
		return -1;
	}
	s->nruns++;
	for (size_t i = 0; i < s->nents; i++) {
		const unsigned char *p = (const unsigned char *)s->arena.data + s->ents[i].off;
		if (fwrite(p, 1, get32(p), r->f) != get32(p) ||
		    fwrite(&s->ents[i].seq, 8, 1, r->f) != 1) {
			snprintf(s->err, sizeof s->err, "temporary file: %s", strerror(errno));
			return -1;
		}
	}
	if (fflush(r->f) != 0 || fseek(r->f, 0, SEEK_SET) != 0) {
		snprintf(s->err, sizeof s->err, "temporary file: %s", strerror(errno));
		return -1;
	}
	s->nents = 0;
	ec_buf_reset(&s->arena);
	return 0;
}

static int run_read(struct ec_sorter *s, struct run *r)
{
	uint32_t size;
	if (fread(&size, 4, 1, r->f) != 1) {
		if (ferror(r->f)) {
			snprintf(s->err, sizeof s->err, "temporary file: read error");
			return -1;
		}
		r->live = 0;
		return 0;
	}
	r->rec.len = 0;
	if (size < 4 || ec_buf_grow(&r->rec, size) < 0) {
		snprintf(s->err, sizeof s->err, "temporary file: corrupt run");
		return -1;
	}
	memcpy(r->rec.data, &size, 4);
	if (fread(r->rec.data + 4, 1, size - 4, r->f) != size - 4 ||
	    fread(&r->seq, 8, 1, r->f) != 1) {
		snprintf(s->err, sizeof s->err, "temporary file: truncated run");
		return -1;
	}
	r->rec.len = size;
	r->live = 1;
	return 1;
}

static int heap_less(struct ec_sorter *s, size_t i, size_t j)
{
	struct run *a = &s->runs[s->heap[i]], *b = &s->runs[s->heap[j]];
	return cmp_records(s, (unsigned char *)a->rec.data, a->seq, (unsigned char *)b->rec.data,
	                   b->seq) < 0;
}

static void sift_down(struct ec_sorter *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->nheap && heap_less(s, l, m))
			m = l;
		if (r < s->nheap && heap_less(s, r, m))
			m = r;
		if (m == i)
			return;
		size_t t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* End of input: sort in memory, or spill the rest and start the merge. */
int ec_sorter_done(struct ec_sorter *s)
{
	if (s->done)
		return 0;
	s->done = 1;
	if (s->nruns == 0) {
		if (s->nents)
			qsort_r(s->ents, s->nents, sizeof *s->ents, cmp_ents, s);
		s->pos = 0;
		return 0;
	}
	if (s->nents && spill(s) < 0)
		return -1;
	s->heap = malloc(s->nruns * sizeof *s->heap);
	if (!s->heap)
		return -1;
	for (size_t i = 0; i < s->nruns; i++) {
		int k = run_read(s, &s->runs[i]);
		if (k < 0)
			return -1;
		if (k)
			s->heap[s->nheap++] = i;
	}
	for (size_t i = s->nheap; i-- > 0;)
		sift_down(s, i);
	s->merging = 1;
	return 0;
}

/* Point val/len at the fields of serialised record p, which are stored
 * NUL-terminated: nothing is copied. */
static void decode(struct ec_sorter *s, const unsigned char *p)
{
	const unsigned char *q = p + 4;
	for (size_t i = 0; i < s->nkeys; i++) {
		if (s->keys[i].type == EC_SORT_NUM) {
			q += 9;
		} else {
			uint32_t n = get32(q);
			q += 4 + (n == ABSENT ? 0 : n);
		}
	}
	for (size_t i = 0; i < s->nfields; i++) {
		uint32_t n = get32(q);
		q += 4;
		if (n == ABSENT) {
			s->val[i] = NULL;
			s->len[i] = 0;
			continue;
		}
		s->val[i] = (const char *)q;
		s->len[i] = n;
		q += n + 1;
	}
}

int ec_sorter_next(struct ec_sorter *s, const char *const **val, const size_t **len)
{
	if (!s->done && ec_sorter_done(s) < 0)
		return -1;
	const unsigned char *p;
	if (!s->merging) {
		if (s->pos >= s->nents)
			return 0;
		p = (unsigned char *)s->arena.data + s->ents[s->pos++].off;
	} else {
		if (s->nheap == 0)
			return 0;
		/* advance the run handed out last time before choosing again */
		struct run *top = &s->runs[s->heap[0]];
		if (top->live == 2) {
			int k = run_read(s, top);
			if (k < 0)
				return -1;
			if (k == 0) {
				s->heap[0] = s->heap[--s->nheap];
				if (s->nheap == 0)
					return 0;
			}
			sift_down(s, 0);
			top = &s->runs[s->heap[0]];
		}
		top->live = 2;
		p = (unsigned char *)top->rec.data;
	}
	decode(s, p);
	*val = s->val;
	*len = s->len;
	return 1;
}

size_t ec_sorter_count(const struct ec_sorter *s) { return s->count; }
size_t ec_sorter_runs(const struct ec_sorter *s) { return s->nruns; }
const char *ec_sorter_error(const struct ec_sorter *s) { return s->err; }

void ec_sorter_free(struct ec_sorter *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nruns; i++) {
		if (s->runs[i].f)
			fclose(s->runs[i].f);
		ec_buf_free(&s->runs[i].rec);
	}
	free(s->runs);
	free(s->heap);
	free(s->ents);
	free(s->keys);
	free(s->val);
	free(s->len);
	ec_buf_free(&s->arena);
	free(s);
}
