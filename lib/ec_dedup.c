/*
 * ec_dedup.c: see ec_dedup.h. Fields are hashed with a separator that
 * encodes absence and length, so ("ab","c") and ("a","bc") differ.
 */
#include "ec_dedup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct slot { uint64_t lo, hi; };

struct ec_dedup {
	struct slot *t;
	size_t cap, n;
	XXH3_state_t *st;
};

struct ec_dedup *ec_dedup_new(void)
{
	struct ec_dedup *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->cap = 1 << 16;
	d->t = calloc(d->cap, sizeof *d->t);
	d->st = XXH3_createState();
	if (!d->t || !d->st) {
		ec_dedup_free(d);
		return NULL;
	}
	return d;
}

void ec_dedup_free(struct ec_dedup *d)
{
	if (!d)
		return;
	free(d->t);
	if (d->st)
		XXH3_freeState(d->st);
	free(d);
}

size_t ec_dedup_size(const struct ec_dedup *d) { return d->n; }

/* An all-zero slot is empty; a real hash of zero is nudged to 1. */
static int insert(struct slot *t, size_t cap, struct slot k)
{
	size_t i = (size_t)k.lo & (cap - 1);
	for (;;) {
		if (!t[i].lo && !t[i].hi) {
			t[i] = k;
			return 1;
		}
		if (t[i].lo == k.lo && t[i].hi == k.hi)
			return 0;
		i = (i + 1) & (cap - 1);
	}
}

static int grow(struct ec_dedup *d)
{
	size_t cap = d->cap * 2;
	struct slot *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < d->cap; i++)
		if (d->t[i].lo || d->t[i].hi)
			insert(t, cap, d->t[i]);
	free(d->t);
	d->t = t;
	d->cap = cap;
	return 0;
}

int ec_dedup_add(struct ec_dedup *d, const char *const *val, const size_t *len, size_t nf)
{
	XXH3_128bits_reset(d->st);
	for (size_t i = 0; i < nf; i++) {
		uint64_t tag = val[i] ? (uint64_t)len[i] : UINT64_MAX;
		XXH3_128bits_update(d->st, &tag, sizeof tag);
		if (val[i] && len[i])
			XXH3_128bits_update(d->st, val[i], len[i]);
	}
	XXH128_hash_t h = XXH3_128bits_digest(d->st);
	struct slot k = { h.low64, h.high64 };
	if (!k.lo && !k.hi)
		k.lo = 1;
	if ((d->n + 1) * 2 > d->cap && grow(d) < 0)
		return -1;
	int r = insert(d->t, d->cap, k);
	d->n += (size_t)r;
	return r;
}
