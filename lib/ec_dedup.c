/*
 * ec_dedup.c: see ec_dedup.h. Fields are hashed with a separator that
 * encodes absence and length, so ("ab","c") and ("a","bc") differ.
 */
#include "ec_dedup.h"

#include "ec_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

struct slot { uint64_t lo, hi; };

struct ec_dedup {
	struct slot *t;
	size_t cap, n;
	struct ec_buf key;
};

/*
 * Tables are large and touched at random: ask for transparent huge pages so
 * that an insert costs one cache miss rather than a cache miss plus a TLB
 * miss (harmless where THP is off).
 */
static struct slot *table_new(size_t cap)
{
	size_t bytes = cap * sizeof(struct slot);
	/* anonymous memory is zero and faulted in lazily: no memset pass */
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static void table_free(struct slot *t, size_t cap)
{
	if (t)
		munmap(t, cap * sizeof *t);
}

struct ec_dedup *ec_dedup_new(void)
{
	struct ec_dedup *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->cap = 1 << 17; /* 2 MiB: one huge page */
	d->t = table_new(d->cap);
	ec_buf_init(&d->key);
	if (!d->t) {
		ec_dedup_free(d);
		return NULL;
	}
	return d;
}

void ec_dedup_free(struct ec_dedup *d)
{
	if (!d)
		return;
	table_free(d->t, d->cap);
	ec_buf_free(&d->key);
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
	struct slot *t = table_new(cap);
	if (!t)
		return -1;
	for (size_t i = 0; i < d->cap; i++)
		if (d->t[i].lo || d->t[i].hi)
			insert(t, cap, d->t[i]);
	table_free(d->t, d->cap);
	d->t = t;
	d->cap = cap;
	return 0;
}

int ec_dedup_add(struct ec_dedup *d, const char *const *val, const size_t *len, size_t nf)
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
	XXH128_hash_t h = XXH3_128bits(d->key.data, d->key.len);
	struct slot k = { h.low64, h.high64 };
	if (!k.lo && !k.hi)
		k.lo = 1;
	if ((d->n + 1) * 2 > d->cap && grow(d) < 0)
		return -1;
	int r = insert(d->t, d->cap, k);
	d->n += (size_t)r;
	return r;
}
