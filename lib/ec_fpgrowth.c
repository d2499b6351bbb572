/*
 * ec_fpgrowth.c: FP-growth (Han, Pei, Yin 2000) and arules-style rules.
 *
 * Trees are built from sorted paths instead of by inserting one path at a
 * time: once the (frequency-ordered) paths are sorted lexicographically,
 * every path shares with the tree exactly its common prefix with the path
 * before it, so a node's children never need to be searched. That keeps
 * construction linear after the sort whatever the fan-out, which matters
 * for the root of a tree of a million baskets over thousands of items.
 * The same builder serves the initial tree (paths = baskets) and the
 * conditional trees (paths = an item's prefix paths, weighted by the
 * count of the node they lead to).
 *
 * Three numberings of items: the id of ec_fpdb (first appearance), the
 * frequency rank (0 = most frequent; the order of items along tree paths)
 * and the name rank (byte order of names; the order of items in a stored
 * itemset, so that sets compare and hash canonically). Conversion to ids
 * happens once, at the end.
 */
#include "ec_fpgrowth.h"

#include "ec_strmap.h"

#include "ec_buf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define NONE UINT32_MAX

struct ec_fpdb {
	struct ec_strmap *names;   /* name -> uint32_t id */
	uint32_t *tx;              /* item ids of every basket, concatenated */
	size_t ntx, captx;
	size_t *toff;              /* basket b is tx[toff[b] .. toff[b + 1]) */
	size_t nb, capb;
	uint64_t *count;           /* baskets per item */
	size_t *stamp;             /* last basket (+1) that held the item: dedup */
	size_t capi;
};

struct ec_fpdb *ec_fpdb_new(void)
{
	struct ec_fpdb *db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	db->names = ec_strmap_new(sizeof(uint32_t));
	db->toff = malloc(16 * sizeof *db->toff);
	if (!db->names || !db->toff) {
		ec_fpdb_free(db);
		errno = ENOMEM;
		return NULL;
	}
	db->capb = 16;
	db->toff[0] = 0;
	return db;
}

void ec_fpdb_free(struct ec_fpdb *db)
{
	if (!db)
		return;
	ec_strmap_free(db->names);
	free(db->tx);
	free(db->toff);
	free(db->count);
	free(db->stamp);
	free(db);
}

int ec_fpdb_add(struct ec_fpdb *db, const char *const *item, const size_t *len, size_t n)
{
	if (ec_grow((void **)&db->toff, &db->capb, db->nb + 2, sizeof *db->toff) < 0 ||
	    ec_grow((void **)&db->tx, &db->captx, db->ntx + n, sizeof *db->tx) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t l = len ? len[i] : strlen(item[i]);
		int isnew;
		uint32_t *v = ec_strmap_put(db->names, item[i], l, &isnew);
		if (!v)
			return -1;
		if (isnew) {
			size_t id = ec_strmap_size(db->names) - 1;
			size_t c1 = db->capi, c2 = db->capi;
			if (ec_grow((void **)&db->count, &c1, id + 1, sizeof *db->count) < 0 ||
			    ec_grow((void **)&db->stamp, &c2, id + 1, sizeof *db->stamp) < 0)
				return -1;
			db->capi = c1 < c2 ? c1 : c2;
			db->count[id] = 0;
			db->stamp[id] = 0;
			*v = (uint32_t)id;
		}
		if (db->stamp[*v] == db->nb + 1)
			continue;
		db->stamp[*v] = db->nb + 1;
		db->count[*v]++;
		db->tx[db->ntx++] = *v;
	}
	db->toff[++db->nb] = db->ntx;
	return 0;
}

size_t ec_fpdb_baskets(const struct ec_fpdb *db) { return db->nb; }
size_t ec_fpdb_items(const struct ec_fpdb *db) { return ec_strmap_size(db->names); }

const char *ec_fpdb_item(const struct ec_fpdb *db, uint32_t id, size_t *n)
{
	size_t l;
	const char *k = ec_strmap_key(db->names, id, &l);
	if (n)
		*n = l;
	return k;
}

uint64_t ec_fpdb_item_count(const struct ec_fpdb *db, uint32_t id) { return db->count[id]; }

/* ---- the tree ---- */

struct node {
	uint32_t item;     /* local item */
	uint32_t parent;   /* 0: the root */
	uint32_t next;     /* next node of the same item, 0: none */
	uint64_t count;
};

struct tree {
	uint32_t nitems;
	uint32_t *gitem;   /* local item -> frequency rank */
	uint64_t *icount;  /* local item -> count in this tree */
	uint32_t *head;    /* local item -> first node, 0: none */
	struct node *nd;   /* nd[0] is the root */
	size_t nn, cap;
};

struct path {
	const uint32_t *p; /* local items of the new tree, ascending */
	uint32_t len;
	uint64_t w;
};

static void tree_free(struct tree *t)
{
	free(t->gitem);
	free(t->icount);
	free(t->head);
	free(t->nd);
}

static int path_cmp(const void *x, const void *y)
{
	const struct path *a = x, *b = y;
	uint32_t n = a->len < b->len ? a->len : b->len;
	for (uint32_t i = 0; i < n; i++)
		if (a->p[i] != b->p[i])
			return a->p[i] < b->p[i] ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}

/* Build t (nitems, gitem set) from paths; sorts them. stack: max depth entries. */
static int tree_build(struct tree *t, struct path *ps, size_t np, uint32_t *stack)
{
	t->icount = calloc(t->nitems, sizeof *t->icount);
	t->head = calloc(t->nitems, sizeof *t->head);
	t->cap = 64;
	t->nd = malloc(t->cap * sizeof *t->nd);
	if (!t->icount || !t->head || !t->nd)
		return -1;
	t->nn = 1;
	memset(&t->nd[0], 0, sizeof t->nd[0]);
	if (np)
		qsort(ps, np, sizeof *ps, path_cmp);
	const struct path *prev = NULL;
	for (size_t k = 0; k < np; k++) {
		const struct path *q = &ps[k];
		uint32_t l = 0;
		if (prev)
			while (l < q->len && l < prev->len && q->p[l] == prev->p[l])
				l++;
		if (ec_grow((void **)&t->nd, &t->cap, t->nn + q->len, sizeof *t->nd) < 0)
			return -1;
		for (uint32_t d = 0; d < l; d++)
			t->nd[stack[d]].count += q->w;
		for (uint32_t d = l; d < q->len; d++) {
			uint32_t it = q->p[d];
			struct node *n = &t->nd[t->nn];
			n->item = it;
			n->parent = d ? stack[d - 1] : 0;
			n->next = t->head[it];
			n->count = q->w;
			t->head[it] = (uint32_t)t->nn;
			stack[d] = (uint32_t)t->nn++;
		}
		for (uint32_t d = 0; d < q->len; d++)
			t->icount[q->p[d]] += q->w;
		prev = q;
	}
	return 0;
}

/* ---- mining ---- */

struct miner {
	const struct ec_fp_opts *o;
	uint64_t minc;
	uint32_t nfreq;
	uint32_t *f2n;       /* frequency rank -> name rank */
	uint32_t *prefix;    /* frequency ranks of the current itemset */
	/* scratch for building conditional trees (free while recursing) */
	uint64_t *cnt;
	uint32_t *map;
	uint32_t *buf;
	size_t nbuf, capbuf;
	struct path *ps;
	size_t capps;
	uint32_t *stack;
	/* output: itemsets in name ranks */
	struct ec_fp_set *sets;
	size_t nsets, capsets;
	uint32_t *items;
	size_t nitems, capitems;
};

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

static int emit(struct miner *m, size_t k, uint64_t count)
{
	if (ec_grow((void **)&m->sets, &m->capsets, m->nsets + 1, sizeof *m->sets) < 0 ||
	    ec_grow((void **)&m->items, &m->capitems, m->nitems + k, sizeof *m->items) < 0)
		return -1;
	uint32_t *z = m->items + m->nitems;
	for (size_t i = 0; i < k; i++)
		z[i] = m->f2n[m->prefix[i]];
	if (k > 1)
		qsort(z, k, sizeof *z, u32_cmp);
	m->sets[m->nsets].off = m->nitems;
	m->sets[m->nsets].len = (uint32_t)k;
	m->sets[m->nsets].count = count;
	m->nsets++;
	m->nitems += k;
	return 0;
}

static int mine_tree(struct miner *m, const struct tree *t, size_t depth)
{
	for (uint32_t i = t->nitems; i-- > 0;) {
		m->prefix[depth] = t->gitem[i];
		if (emit(m, depth + 1, t->icount[i]) < 0)
			return -1;
		if (depth + 1 >= m->o->max_len || i == 0)
			continue;
		/* counts of the items on i's prefix paths */
		for (uint32_t n = t->head[i]; n; n = t->nd[n].next)
			for (uint32_t p = t->nd[n].parent; p; p = t->nd[p].parent)
				m->cnt[t->nd[p].item] += t->nd[n].count;
		struct tree c;
		memset(&c, 0, sizeof c);
		for (uint32_t j = 0; j < i; j++) {
			if (m->cnt[j] >= m->minc)
				m->map[j] = c.nitems++;
			else
				m->map[j] = NONE;
			m->cnt[j] = 0;
		}
		if (!c.nitems)
			continue;
		c.gitem = malloc(c.nitems * sizeof *c.gitem);
		if (!c.gitem)
			return -1;
		for (uint32_t j = 0; j < i; j++)
			if (m->map[j] != NONE)
				c.gitem[m->map[j]] = t->gitem[j];
		/* the prefix paths in the new tree's items, ascending */
		size_t np = 0;
		m->nbuf = 0;
		for (uint32_t n = t->head[i]; n; n = t->nd[n].next) {
			size_t start = m->nbuf;
			for (uint32_t p = t->nd[n].parent; p; p = t->nd[p].parent) {
				uint32_t j = m->map[t->nd[p].item];
				if (j == NONE)
					continue;
				if (ec_grow((void **)&m->buf, &m->capbuf, m->nbuf + 1, sizeof *m->buf) < 0)
					goto fail;
				m->buf[m->nbuf++] = j;
			}
			if (m->nbuf == start)
				continue;
			for (size_t a = start, b = m->nbuf - 1; a < b; a++, b--) {
				uint32_t x = m->buf[a];
				m->buf[a] = m->buf[b];
				m->buf[b] = x;
			}
			if (ec_grow((void **)&m->ps, &m->capps, np + 1, sizeof *m->ps) < 0)
				goto fail;
			m->ps[np].p = NULL;
			m->ps[np].len = (uint32_t)(m->nbuf - start);
			m->ps[np].w = t->nd[n].count;
			/* offsets for now: buf may move */
			m->ps[np].p = (const uint32_t *)(uintptr_t)start;
			np++;
		}
		for (size_t k = 0; k < np; k++)
			m->ps[k].p = m->buf + (size_t)(uintptr_t)m->ps[k].p;
		if (tree_build(&c, m->ps, np, m->stack) < 0)
			goto fail;
		if (mine_tree(m, &c, depth + 1) < 0)
			goto fail;
		tree_free(&c);
		continue;
fail:
		tree_free(&c);
		return -1;
	}
	return 0;
}

/* ---- sorting and rules ---- */

struct ctx {
	const uint32_t *items;   /* name ranks */
	const struct ec_fp_set *sets;
};

static int seq_cmp(const uint32_t *a, uint32_t na, uint32_t skipa, const uint32_t *b,
                   uint32_t nb, uint32_t skipb)
{
	uint32_t i = 0, j = 0;
	for (;;) {
		if (i < na && a[i] == skipa)
			i++;
		if (j < nb && b[j] == skipb)
			j++;
		if (i == na || j == nb)
			return (i < na) - (j < nb);
		if (a[i] != b[j])
			return a[i] < b[j] ? -1 : 1;
		i++;
		j++;
	}
}

static int set_cmp(const void *x, const void *y, void *arg)
{
	const struct ctx *c = arg;
	const struct ec_fp_set *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return seq_cmp(c->items + a->off, a->len, NONE, c->items + b->off, b->len, NONE);
}

static int perm_cmp(const void *x, const void *y, void *arg)
{
	const struct ctx *c = arg;
	return set_cmp(&c->sets[*(const size_t *)x], &c->sets[*(const size_t *)y], arg);
}

static int dbl_desc(double a, double b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

static int rule_cmp(const void *x, const void *y, void *arg)
{
	const struct ctx *c = arg;
	const struct ec_fp_rule *a = x, *b = y;
	int r;
	if ((r = dbl_desc(a->lift, b->lift)) || (r = dbl_desc(a->confidence, b->confidence)) ||
	    (r = dbl_desc(a->support, b->support)))
		return r;
	const struct ec_fp_set *sa = &c->sets[a->set], *sb = &c->sets[b->set];
	r = seq_cmp(c->items + sa->off, sa->len, a->rhs, c->items + sb->off, sb->len, b->rhs);
	if (r)
		return r;
	return (a->rhs > b->rhs) - (a->rhs < b->rhs);
}

static uint64_t set_hash(const uint32_t *z, size_t k)
{
	return XXH3_64bits(z, k * sizeof *z);
}

/* Index of the set with name ranks z[0..k) in the table, or NONE. */
static size_t lookup(const size_t *tab, size_t mask, const struct ec_fp_result *r,
                     const uint32_t *z, size_t k)
{
	for (size_t h = (size_t)set_hash(z, k) & mask;; h = (h + 1) & mask) {
		if (!tab[h])
			return SIZE_MAX;
		const struct ec_fp_set *s = &r->sets[tab[h] - 1];
		if (s->len == k && !memcmp(r->items + s->off, z, k * sizeof *z))
			return tab[h] - 1;
	}
}

static int make_rules(const struct ec_fp_opts *o, const uint64_t *ncount,
                      struct ec_fp_result *r)
{
	size_t cap = 16;
	while (cap < 2 * r->nsets + 2)
		cap *= 2;
	size_t mask = cap - 1, caprules = 0;
	size_t *tab = calloc(cap, sizeof *tab);
	uint32_t *x = malloc((o->max_len + 1) * sizeof *x);
	if (!tab || !x)
		goto oom;
	for (size_t i = 0; i < r->nsets; i++) {
		const struct ec_fp_set *s = &r->sets[i];
		size_t h = (size_t)set_hash(r->items + s->off, s->len) & mask;
		while (tab[h])
			h = (h + 1) & mask;
		tab[h] = i + 1;
	}
	double n = (double)r->n;
	for (size_t i = 0; i < r->nsets; i++) {
		const struct ec_fp_set *s = &r->sets[i];
		const uint32_t *z = r->items + s->off;
		if (s->len - 1 < o->min_lhs)
			continue;
		for (uint32_t j = 0; j < s->len; j++) {
			uint64_t cx = r->n;
			if (s->len > 1) {
				for (uint32_t a = 0, b = 0; a < s->len; a++)
					if (a != j)
						x[b++] = z[a];
				size_t xi = lookup(tab, mask, r, x, s->len - 1);
				if (xi == SIZE_MAX)
					continue; /* cannot happen: subsets of frequent sets are frequent */
				cx = r->sets[xi].count;
			}
			uint64_t cy = ncount[z[j]];
			double conf = (double)s->count / (double)cx;
			if (conf < o->min_confidence)
				continue;
			double sy = (double)cy / n;
			double lift = conf / sy;
			if (lift < o->min_lift)
				continue;
			if (ec_grow((void **)&r->rules, &caprules, r->nrules + 1, sizeof *r->rules) < 0)
				goto oom;
			struct ec_fp_rule *u = &r->rules[r->nrules++];
			u->set = i;
			u->rhs = z[j];
			u->count = s->count;
			u->lhs_count = cx;
			u->rhs_count = cy;
			u->support = (double)s->count / n;
			u->confidence = conf;
			u->lift = lift;
			u->conviction = conf >= 1 ? INFINITY : (1 - sy) / (1 - conf);
			u->leverage = u->support - ((double)cx / n) * sy;
		}
	}
	free(tab);
	free(x);
	return 0;
oom:
	free(tab);
	free(x);
	errno = ENOMEM;
	return -1;
}

static int name_cmp(const void *x, const void *y, void *arg)
{
	const struct ec_fpdb *db = arg;
	size_t la, lb;
	const char *a = ec_fpdb_item(db, *(const uint32_t *)x, &la);
	const char *b = ec_fpdb_item(db, *(const uint32_t *)y, &lb);
	int c = memcmp(a, b, la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

static int freq_cmp(const void *x, const void *y, void *arg)
{
	const struct ec_fpdb *db = arg;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (db->count[a] != db->count[b])
		return db->count[a] > db->count[b] ? -1 : 1;
	return (a > b) - (a < b);
}

int ec_fp_mine(const struct ec_fpdb *db, const struct ec_fp_opts *o, struct ec_fp_result *res)
{
	memset(res, 0, sizeof *res);
	struct miner m;
	memset(&m, 0, sizeof m);
	m.o = o;
	struct tree t;
	memset(&t, 0, sizeof t);
	uint32_t *byname = NULL, *n2id = NULL, *id2f = NULL, *byfreq = NULL;
	uint64_t *ncount = NULL;
	int rc = -1;
	size_t ni = ec_fpdb_items(db), nb = db->nb;
	res->n = nb;

	/* the least count c with c / N >= min_support, compared as arules does */
	uint64_t minc = (uint64_t)floor(o->min_support * (double)nb);
	while (minc > 0 && (double)(minc - 1) / (double)nb >= o->min_support)
		minc--;
	while (nb && (double)minc / (double)nb < o->min_support)
		minc++;
	if (minc < 1)
		minc = 1;
	m.minc = res->min_count = minc;
	if (!nb || !ni || !o->max_len)
		return 0;

	byname = malloc(ni * sizeof *byname);
	n2id = malloc(ni * sizeof *n2id);
	byfreq = malloc(ni * sizeof *byfreq);
	id2f = malloc(ni * sizeof *id2f);
	ncount = malloc(ni * sizeof *ncount);
	if (!byname || !n2id || !byfreq || !id2f || !ncount)
		goto oom;
	for (uint32_t i = 0; i < ni; i++)
		byname[i] = byfreq[i] = i;
	qsort_r(byname, ni, sizeof *byname, name_cmp, (void *)db);
	qsort_r(byfreq, ni, sizeof *byfreq, freq_cmp, (void *)db);
	uint32_t *id2n = n2id; /* reuse: id -> name rank */
	for (uint32_t r = 0; r < ni; r++) {
		id2n[byname[r]] = r;
		ncount[r] = db->count[byname[r]];
	}
	uint32_t nf = 0;
	while (nf < ni && db->count[byfreq[nf]] >= minc)
		nf++;
	m.nfreq = nf;
	for (uint32_t i = 0; i < ni; i++)
		id2f[i] = NONE;
	for (uint32_t f = 0; f < nf; f++)
		id2f[byfreq[f]] = f;
	size_t maxd = o->max_len < nf ? o->max_len : nf;
	m.f2n = malloc((nf + 1) * sizeof *m.f2n);
	m.prefix = malloc((maxd + 1) * sizeof *m.prefix);
	m.cnt = calloc(nf + 1, sizeof *m.cnt);
	m.map = malloc((nf + 1) * sizeof *m.map);
	m.stack = malloc((nf + 1) * sizeof *m.stack);
	t.nitems = nf;
	t.gitem = malloc((nf + 1) * sizeof *t.gitem);
	if (!m.f2n || !m.prefix || !m.cnt || !m.map || !m.stack || !t.gitem)
		goto oom;
	for (uint32_t f = 0; f < nf; f++) {
		m.f2n[f] = id2n[byfreq[f]];
		t.gitem[f] = f;
	}
	if (nf) {
		/* the baskets as paths of frequency ranks */
		m.buf = malloc((db->ntx + 1) * sizeof *m.buf);
		m.ps = malloc((nb + 1) * sizeof *m.ps);
		if (!m.buf || !m.ps)
			goto oom;
		m.capbuf = db->ntx + 1;
		m.capps = nb + 1;
		size_t np = 0, nbuf = 0;
		for (size_t b = 0; b < nb; b++) {
			size_t start = nbuf;
			for (size_t k = db->toff[b]; k < db->toff[b + 1]; k++)
				if (id2f[db->tx[k]] != NONE)
					m.buf[nbuf++] = id2f[db->tx[k]];
			if (nbuf == start)
				continue;
			qsort(m.buf + start, nbuf - start, sizeof *m.buf, u32_cmp);
			m.ps[np].p = m.buf + start;
			m.ps[np].len = (uint32_t)(nbuf - start);
			m.ps[np].w = 1;
			np++;
		}
		if (tree_build(&t, m.ps, np, m.stack) < 0)
			goto oom;
		if (mine_tree(&m, &t, 0) < 0)
			goto oom;
	}
	res->sets = m.sets;
	res->nsets = m.nsets;
	res->items = m.items;
	res->nitems_total = m.nitems;
	m.sets = NULL;
	m.items = NULL;
	struct ctx c = { res->items, res->sets };
	if (o->rules) {
		if (make_rules(o, ncount, res) < 0)
			goto oom;
		if (res->nrules)
			qsort_r(res->rules, res->nrules, sizeof *res->rules, rule_cmp, &c);
	}
	/* sort the sets through a permutation so that rules can follow them */
	size_t *perm = malloc((res->nsets + 1) * sizeof *perm);
	struct ec_fp_set *sorted = malloc((res->nsets + 1) * sizeof *sorted);
	if (!perm || !sorted) {
		free(perm);
		free(sorted);
		goto oom;
	}
	for (size_t i = 0; i < res->nsets; i++)
		perm[i] = i;
	if (res->nsets)
		qsort_r(perm, res->nsets, sizeof *perm, perm_cmp, &c);
	for (size_t k = 0; k < res->nsets; k++)
		sorted[k] = res->sets[perm[k]];
	size_t *inv = malloc((res->nsets + 1) * sizeof *inv);
	if (!inv) {
		free(perm);
		free(sorted);
		goto oom;
	}
	for (size_t k = 0; k < res->nsets; k++)
		inv[perm[k]] = k;
	for (size_t i = 0; i < res->nrules; i++) {
		res->rules[i].set = inv[res->rules[i].set];
		res->rules[i].rhs = byname[res->rules[i].rhs];
	}
	free(inv);
	free(perm);
	free(res->sets);
	res->sets = sorted;
	for (size_t k = 0; k < res->nitems_total; k++)
		res->items[k] = byname[res->items[k]];
	rc = 0;
	goto done;
oom:
	ec_fp_result_free(res);
	errno = ENOMEM;
done:
	tree_free(&t);
	free(m.f2n);
	free(m.prefix);
	free(m.cnt);
	free(m.map);
	free(m.buf);
	free(m.ps);
	free(m.stack);
	free(m.sets);
	free(m.items);
	free(byname);
	free(n2id);
	free(byfreq);
	free(id2f);
	free(ncount);
	return rc;
}

void ec_fp_result_free(struct ec_fp_result *res)
{
	free(res->sets);
	free(res->items);
	free(res->rules);
	memset(res, 0, sizeof *res);
}
