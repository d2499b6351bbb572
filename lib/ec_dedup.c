/*
 * ec_dedup.c: see ec_dedup.h. Fields are hashed with a separator that
 * encodes absence and length, so ("ab","c") and ("a","bc") differ. A
 * partition's table is found through a small open-addressing map from
 * partition number to table, with the last one used kept at hand.
 */
#include "ec_dedup.h"

#include "ec_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>


struct part {
	int64_t id;
	int used;
	uint64_t *t;
	size_t cap, n;
};

struct ec_dedup {
	struct part *parts;   /* map partition id -> table */
	size_t pcap, pn;
	struct part *last;
	size_t n;
	struct ec_buf key;
};

struct ec_dedup *ec_dedup_new(void)
{
	struct ec_dedup *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->pcap = 64;
	d->parts = calloc(d->pcap, sizeof *d->parts);
	ec_buf_init(&d->key);
	if (!d->parts) {
		free(d);
		return NULL;
	}
	return d;
}

void ec_dedup_free(struct ec_dedup *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->pcap; i++)
		free(d->parts[i].t);
	free(d->parts);
	ec_buf_free(&d->key);
	free(d);
}

size_t ec_dedup_size(const struct ec_dedup *d) { return d->n; }

static size_t mix(int64_t id)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ULL;
	return (size_t)(x ^ (x >> 29));
}

/* A zero slot is empty; a real hash of zero is nudged to 1. */
static int insert(uint64_t *t, size_t cap, uint64_t k)
{
	size_t i = (size_t)k & (cap - 1);
	for (;;) {
		if (!t[i]) {
			t[i] = k;
			return 1;
		}
		if (t[i] == k)
			return 0;
		i = (i + 1) & (cap - 1);
	}
}

static int grow_table(struct part *p)
{
	size_t cap = p->cap ? p->cap * 2 : 64;
	uint64_t *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < p->cap; i++)
		if (p->t[i])
			insert(t, cap, p->t[i]);
	free(p->t);
	p->t = t;
	p->cap = cap;
	return 0;
}

static struct part *find_part(struct ec_dedup *d, int64_t id)
{
	if (d->last && d->last->id == id)
		return d->last;
	if ((d->pn + 1) * 2 > d->pcap) {
		size_t cap = d->pcap * 2;
		struct part *np = calloc(cap, sizeof *np);
		if (!np)
			return NULL;
		for (size_t i = 0; i < d->pcap; i++) {
			if (!d->parts[i].used)
				continue;
			size_t j = mix(d->parts[i].id) & (cap - 1);
			while (np[j].used)
				j = (j + 1) & (cap - 1);
			np[j] = d->parts[i];
		}
		free(d->parts);
		d->parts = np;
		d->pcap = cap;
		d->last = NULL; /* it pointed into the old map */
	}
	size_t j = mix(id) & (d->pcap - 1);
	while (d->parts[j].used && d->parts[j].id != id)
		j = (j + 1) & (d->pcap - 1);
	if (!d->parts[j].used) {
		/* start near the mean partition size instead of growing up to
		 * it again; the mean, not the last size, so that one busy hour
		 * does not inflate every later one */
		size_t cap = 0;
		if (d->pn > 0) {
			size_t want = d->n / d->pn * 10 / 7;
			for (cap = 64; cap < want; cap *= 2)
				;
		}
		d->parts[j].used = 1;
		d->parts[j].id = id;
		d->pn++;
		if (cap) {
			d->parts[j].t = calloc(cap, sizeof(uint64_t));
			if (!d->parts[j].t)
				return NULL;
			d->parts[j].cap = cap;
		}
	}
	d->last = &d->parts[j];
	return d->last;
}

int ec_dedup_add(struct ec_dedup *d, int64_t part, const char *const *val, const size_t *len,
                 size_t nf)
{
	/* one-shot hash over a key buffer: the streaming API costs more than
	 * the hashing for keys of a few dozen bytes */
	d->key.len = 0;
	for (size_t i = 0; i < nf; i++) {
		uint32_t tag = val[i] ? (uint32_t)len[i] : UINT32_MAX;
		if (ec_buf_add(&d->key, &tag, sizeof tag) < 0 ||
		    (val[i] && ec_buf_add(&d->key, val[i], len[i]) < 0))
			return -1;
	}
	uint64_t k = XXH3_64bits(d->key.data, d->key.len);
	if (!k)
		k = 1;
	struct part *p = find_part(d, part);
	/* linear probing stays short up to 70% load */
	if (!p || ((p->n + 1) * 10 > p->cap * 7 && grow_table(p) < 0))
		return -1;
	int r = insert(p->t, p->cap, k);
	p->n += (size_t)r;
	d->n += (size_t)r;
	return r;
}
