/*
 * ec_strmap.c: string-keyed hash map (see ec_strmap.h). Entries live in an
 * insertion-ordered array {key offset, key length, hash, slot}; the table
 * holds entry index + 1 (0 = empty). Each entry remembers its table slot so
 * that clearing touches only the used slots.
 */
#include "ec_strmap.h"

#include "ec_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct ent {
	size_t off, len;
	uint64_t hash;
	size_t slot;
};

struct ec_strmap {
	size_t vsize;
	struct ent *ents;
	unsigned char *vals;
	size_t n, cap;
	uint32_t *tab;      /* entry index + 1, 0 empty */
	size_t tabcap;      /* power of two */
	struct ec_buf keys;
	char dummy;
};

struct ec_strmap *ec_strmap_new(size_t vsize)
{
	struct ec_strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->vsize = vsize;
	ec_buf_init(&m->keys);
	return m;
}

void ec_strmap_free(struct ec_strmap *m)
{
	if (!m)
		return;
	free(m->ents);
	free(m->vals);
	free(m->tab);
	ec_buf_free(&m->keys);
	free(m);
}

static int rehash(struct ec_strmap *m, size_t cap)
{
	uint32_t *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		size_t s = (size_t)m->ents[i].hash & (cap - 1);
		while (t[s])
			s = (s + 1) & (cap - 1);
		t[s] = (uint32_t)(i + 1);
		m->ents[i].slot = s;
	}
	free(m->tab);
	m->tab = t;
	m->tabcap = cap;
	return 0;
}

static size_t find(const struct ec_strmap *m, const char *k, size_t n, uint64_t h)
{
	size_t s = (size_t)h & (m->tabcap - 1);
	for (;;) {
		uint32_t e = m->tab[s];
		if (!e)
			return s;
		const struct ent *p = &m->ents[e - 1];
		if (p->hash == h && p->len == n && !memcmp(m->keys.data + p->off, k, n))
			return s;
		s = (s + 1) & (m->tabcap - 1);
	}
}

void *ec_strmap_get(const struct ec_strmap *m, const char *k, size_t n)
{
	if (!m->n)
		return NULL;
	uint64_t h = XXH3_64bits(k, n);
	uint32_t e = m->tab[find(m, k, n, h)];
	if (!e)
		return NULL;
	return m->vsize ? (void *)(m->vals + (e - 1) * m->vsize) : (void *)&m->dummy;
}

void *ec_strmap_put(struct ec_strmap *m, const char *k, size_t n, int *isnew)
{
	if (isnew)
		*isnew = 0;
	if (2 * (m->n + 1) > m->tabcap && rehash(m, m->tabcap ? 2 * m->tabcap : 16) < 0)
		return NULL;
	uint64_t h = XXH3_64bits(k, n);
	size_t s = find(m, k, n, h);
	if (m->tab[s]) {
		uint32_t e = m->tab[s];
		return m->vsize ? (void *)(m->vals + (e - 1) * m->vsize) : (void *)&m->dummy;
	}
	if (m->n == UINT32_MAX - 1)
		return NULL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct ent *e = realloc(m->ents, cap * sizeof *e);
		if (!e)
			return NULL;
		m->ents = e;
		if (m->vsize) {
			unsigned char *v = realloc(m->vals, cap * m->vsize);
			if (!v)
				return NULL;
			m->vals = v;
		}
		m->cap = cap;
	}
	size_t off = m->keys.len;
	if (ec_buf_add(&m->keys, k, n) < 0 || ec_buf_addc(&m->keys, '\0') < 0)
		return NULL;
	struct ent *e = &m->ents[m->n];
	e->off = off;
	e->len = n;
	e->hash = h;
	e->slot = s;
	m->tab[s] = (uint32_t)(m->n + 1);
	void *v = m->vsize ? (void *)(m->vals + m->n * m->vsize) : (void *)&m->dummy;
	if (m->vsize)
		memset(v, 0, m->vsize);
	m->n++;
	if (isnew)
		*isnew = 1;
	return v;
}

size_t ec_strmap_size(const struct ec_strmap *m) { return m->n; }

const char *ec_strmap_key(const struct ec_strmap *m, size_t i, size_t *n)
{
	if (n)
		*n = m->ents[i].len;
	return m->keys.data + m->ents[i].off;
}

void *ec_strmap_val(const struct ec_strmap *m, size_t i)
{
	return m->vsize ? (void *)(m->vals + i * m->vsize) : (void *)&((struct ec_strmap *)m)->dummy;
}

void ec_strmap_clear(struct ec_strmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		m->tab[m->ents[i].slot] = 0;
	m->n = 0;
	ec_buf_reset(&m->keys);
}
