/*
 * ec_faq.c: the FAQ matcher of ec_faq.h.
 *
 * Two tokenizers per handle: `word` (the user's dictionary, stop words,
 * the S-stemmer; synonyms applied on top) feeds BM25, `gram` (bigram mode,
 * no stop words, no stemming) feeds the character n-grams. Both indexes
 * have one document per phrasing; phrasing p belongs to entry owner[p].
 * A query scores every phrasing in one pass over each index's postings and
 * keeps the best phrasing per entry, so the cost is the postings touched
 * plus O(phrasings) for the reset and the fusion: a 10,000-entry base
 * answers in well under a millisecond.
 */
#include "ec_faq.h"

#include "ec_bm25.h"
#include "ec_model.h"
#include "ec_strmap.h"
#include "ec_tok.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list of tokens: bytes in an arena, pointers made once it stops growing. */
struct toks {
	struct ec_buf arena;
	size_t *off, *len;
	const char **ptr;
	size_t n, cap;
};

struct ec_faq {
	struct ec_faq_opts o;
	char *dict, *user_dict;       /* as used ("" for none) */
	char **stop;                  /* NULL-terminated copy, or NULL: built-in */
	size_t dict_words;
	struct ec_tok *word, *gram;
	struct ec_strmap *syn;        /* token -> uint32 offset of its canonical form in synbuf */
	struct ec_buf synbuf;
	/* entries: strings in one array each */
	char **id, **question, **answer, **category;
	char ***alt;
	size_t *nalt;
	size_t n, cap;
	struct ec_strmap *ids;        /* id -> size_t entry */
	uint32_t *owner;              /* phrasing -> entry */
	size_t nph, capph;
	struct ec_bm25 *bw, *bg;
	double threshold;
	int calibrated;
	char *source;                 /* what the index was built from (metadata) */
	/* scratch */
	struct toks tq, tg, t2, t3;
	double *sw, *sx;
	uint32_t *sg;
	double *best, *bbm, *bng;
	char err[512];
};

static int seterr(struct ec_faq *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int seterr(struct ec_faq *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof f->err, fmt, ap);
	va_end(ap);
	return -1;
}

static void copyerr(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

void ec_faq_opts_init(struct ec_faq_opts *o)
{
	memset(o, 0, sizeof *o);
	o->k1 = 1.2;
	o->b = 0.75;
	o->ngram_weight = 0.3;
}

/* ---- token lists ---- */

static void toks_reset(struct toks *t)
{
	ec_buf_reset(&t->arena);
	t->n = 0;
}

static void toks_free(struct toks *t)
{
	ec_buf_free(&t->arena);
	free(t->off);
	free(t->len);
	free(t->ptr);
	memset(t, 0, sizeof *t);
}

static int toks_add(struct toks *t, const char *s, size_t n)
{
	if (t->n == t->cap) {
		size_t c = t->cap ? 2 * t->cap : 32;
		size_t *o = realloc(t->off, c * sizeof *o);
		if (!o)
			return -1;
		t->off = o;
		size_t *l = realloc(t->len, c * sizeof *l);
		if (!l)
			return -1;
		t->len = l;
		const char **p = realloc(t->ptr, c * sizeof *p);
		if (!p)
			return -1;
		t->ptr = p;
		t->cap = c;
	}
	t->off[t->n] = t->arena.len;
	t->len[t->n] = n;
	if (ec_buf_add(&t->arena, s, n) < 0 || ec_buf_addc(&t->arena, '\0') < 0)
		return -1;
	t->n++;
	return 0;
}

static void toks_seal(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		t->ptr[i] = t->arena.data + t->off[i];
}

struct wctx {
	struct ec_faq *f;
	struct toks *t;
};

static int word_cb(const char *tok, size_t len, void *ud)
{
	struct wctx *c = ud;
	if (c->f->syn) {
		const uint32_t *o = ec_strmap_get(c->f->syn, tok, len);
		if (o) {
			const char *s = c->f->synbuf.data + *o;
			return toks_add(c->t, s, strlen(s));
		}
	}
	return toks_add(c->t, tok, len);
}

static size_t cp_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* CJK tokens of the bigram tokenizer start with a code point >= U+2E80. */
static int is_cjk(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n < 3 || u[0] < 0xE2)
		return 0;
	if (u[0] == 0xE2)
		return u[1] >= 0xBA;
	return 1;
}

static int gram_cb(const char *tok, size_t len, void *ud)
{
	struct wctx *c = ud;
	if (is_cjk(tok, len))
		return toks_add(c->t, tok, len);
	/* '#' + word + '#' cut into overlapping code-point pairs */
	char buf[512];
	if (len > sizeof buf - 2)
		len = sizeof buf - 2;
	buf[0] = '#';
	memcpy(buf + 1, tok, len);
	buf[len + 1] = '#';
	size_t n = len + 2, i = 0;
	while (i < n) {
		size_t a = cp_len((unsigned char)buf[i]);
		if (i + a >= n)
			break;
		size_t b = cp_len((unsigned char)buf[i + a]);
		if (i + a + b > n)
			break;
		if (toks_add(c->t, buf + i, a + b) < 0)
			return -1;
		i += a;
	}
	return 0;
}

static int tokenize(struct ec_faq *f, struct ec_tok *tk, ec_tok_cb cb, const char *s, size_t n,
                    struct toks *out)
{
	struct wctx c = { f, out };
	toks_reset(out);
	if (ec_tok_run(tk, s, n, cb, &c) < 0)
		return seterr(f, "%s", ec_tok_error(tk));
	toks_seal(out);
	return 0;
}

/* Distinct tokens only (n-gram sets). */
static void toks_unique(struct toks *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		int dup = 0;
		for (size_t j = 0; j < k && !dup; j++)
			dup = t->len[j] == t->len[i] && !memcmp(t->ptr[j], t->ptr[i], t->len[i]);
		if (!dup) {
			t->ptr[k] = t->ptr[i];
			t->len[k] = t->len[i];
			t->off[k] = t->off[i];
			k++;
		}
	}
	t->n = k;
}

/* ---- construction ---- */

static int load_synonyms(struct ec_faq *f, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return seterr(f, "%s: %s", path, strerror(errno));
	if (!f->syn && !(f->syn = ec_strmap_new(sizeof(uint32_t)))) {
		fclose(fp);
		return seterr(f, "out of memory");
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;
	struct toks t = { 0 };
	ec_buf_init(&t.arena);
	while (rc == 0 && getline(&line, &cap, fp) >= 0) {
		lineno++;
		char *save = NULL, *w = strtok_r(line, " \t\r\n", &save);
		if (!w || w[0] == '#')
			continue;
		uint32_t canon = 0;
		int first = 1;
		for (; w && rc == 0; w = strtok_r(NULL, " \t\r\n", &save), first = 0) {
			struct wctx c = { f, &t };
			toks_reset(&t);
			/* without synonyms applied: the file defines them */
			struct ec_strmap *keep = f->syn;
			f->syn = NULL;
			int r = ec_tok_run(f->word, w, strlen(w), word_cb, &c);
			f->syn = keep;
			if (r < 0) {
				rc = seterr(f, "%s:%ld: %s", path, lineno, ec_tok_error(f->word));
				break;
			}
			if (t.n == 0) {
				if (first)
					break;  /* a stop word heads the line: nothing to map to */
				continue;
			}
			if (t.n > 1) {
				rc = seterr(f, "%s:%ld: '%s' is %zu tokens; add it to the user "
				            "dictionary to use it as a synonym", path, lineno, w, t.n);
				break;
			}
			toks_seal(&t);
			if (first) {
				canon = (uint32_t)f->synbuf.len;
				if (ec_buf_add(&f->synbuf, t.ptr[0], t.len[0] + 1) < 0)
					rc = seterr(f, "out of memory");
				continue;
			}
			if (t.len[0] == strlen(f->synbuf.data + canon) &&
			    !memcmp(t.ptr[0], f->synbuf.data + canon, t.len[0]))
				continue;
			uint32_t *v = ec_strmap_put(f->syn, t.ptr[0], t.len[0], NULL);
			if (!v)
				rc = seterr(f, "out of memory");
			else
				*v = canon;
		}
	}
	if (rc == 0 && ferror(fp))
		rc = seterr(f, "%s: read error", path);
	free(line);
	toks_free(&t);
	fclose(fp);
	return rc;
}

static char *dupstr(const char *s)
{
	return strdup(s ? s : "");
}

static struct ec_faq *faq_open(const struct ec_faq_opts *o, char *err, size_t errlen)
{
	struct ec_faq *f = calloc(1, sizeof *f);
	if (!f) {
		copyerr(err, errlen, "out of memory");
		return NULL;
	}
	f->o = *o;
	f->threshold = EC_FAQ_DEFAULT_THRESHOLD;
	ec_buf_init(&f->synbuf);
	ec_buf_init(&f->tq.arena);
	ec_buf_init(&f->tg.arena);
	ec_buf_init(&f->t2.arena);
	ec_buf_init(&f->t3.arena);
	struct ec_tok_opts to = { o->dict, o->user_dict, o->stopwords, EC_TOK_STEM };
	if (!(f->word = ec_tok_new(&to, err, errlen)))
		goto fail;
	static const char *const none[] = { NULL };
	struct ec_tok_opts tg = { "", NULL, none, EC_TOK_BIGRAMS | EC_TOK_KEEP_NUMBERS };
	if (!(f->gram = ec_tok_new(&tg, err, errlen)))
		goto fail;
	const char *dp = ec_tok_dict_path(f->word);
	f->dict = dupstr(dp);
	f->user_dict = dupstr(o->user_dict);
	f->dict_words = ec_tok_dict_words(f->word);
	if (o->stopwords) {
		size_t k = 0;
		while (o->stopwords[k])
			k++;
		if (!(f->stop = calloc(k + 1, sizeof *f->stop)))
			goto oom;
		for (size_t i = 0; i < k; i++)
			if (!(f->stop[i] = strdup(o->stopwords[i])))
				goto oom;
	}
	if (!(f->ids = ec_strmap_new(sizeof(size_t))) || !f->dict || !f->user_dict)
		goto oom;
	if (o->synonyms && load_synonyms(f, o->synonyms) < 0) {
		copyerr(err, errlen, f->err);
		goto fail;
	}
	return f;
oom:
	copyerr(err, errlen, "out of memory");
fail:
	ec_faq_free(f);
	return NULL;
}

struct ec_faq *ec_faq_new(const struct ec_faq_opts *o, char *err, size_t errlen)
{
	struct ec_faq_opts d;
	if (!o) {
		ec_faq_opts_init(&d);
		o = &d;
	}
	return faq_open(o, err, errlen);
}

void ec_faq_free(struct ec_faq *f)
{
	if (!f)
		return;
	ec_tok_free(f->word);
	ec_tok_free(f->gram);
	free(f->dict);
	free(f->user_dict);
	free(f->source);
	if (f->stop)
		for (size_t i = 0; f->stop[i]; i++)
			free(f->stop[i]);
	free(f->stop);
	ec_strmap_free(f->syn);
	ec_buf_free(&f->synbuf);
	for (size_t i = 0; i < f->n; i++) {
		free(f->id[i]);
		free(f->question[i]);
		free(f->answer[i]);
		free(f->category[i]);
		for (size_t j = 0; j < f->nalt[i]; j++)
			free(f->alt[i][j]);
		free(f->alt[i]);
	}
	free(f->id);
	free(f->question);
	free(f->answer);
	free(f->category);
	free(f->alt);
	free(f->nalt);
	ec_strmap_free(f->ids);
	free(f->owner);
	ec_bm25_free(f->bw);
	ec_bm25_free(f->bg);
	toks_free(&f->tq);
	toks_free(&f->tg);
	toks_free(&f->t2);
	toks_free(&f->t3);
	free(f->sw);
	free(f->sx);
	free(f->sg);
	free(f->best);
	free(f->bbm);
	free(f->bng);
	free(f);
}

static int grow_entries(struct ec_faq *f)
{
	if (f->n < f->cap)
		return 0;
	size_t c = f->cap ? 2 * f->cap : 64;
#define GROW(a)                                                   \
	do {                                                      \
		void *p_ = realloc(f->a, c * sizeof *f->a);       \
		if (!p_)                                          \
			return -1;                                \
		f->a = p_;                                        \
	} while (0)
	GROW(id);
	GROW(question);
	GROW(answer);
	GROW(category);
	GROW(alt);
	GROW(nalt);
#undef GROW
	f->cap = c;
	return 0;
}

int ec_faq_add(struct ec_faq *f, const char *id, const char *question, const char *answer,
               const char *category, const char *const *alt, size_t nalt)
{
	if (f->bw)
		return seterr(f, "the index is already built");
	if (grow_entries(f) < 0)
		return seterr(f, "out of memory");
	if (id) {
		int isnew;
		size_t *v = ec_strmap_put(f->ids, id, strlen(id), &isnew);
		if (!v)
			return seterr(f, "out of memory");
		if (!isnew)
			return seterr(f, "duplicate id '%s'", id);
		*v = f->n;
	}
	size_t i = f->n;
	f->id[i] = dupstr(id);
	f->question[i] = dupstr(question);
	f->answer[i] = dupstr(answer);
	f->category[i] = category ? strdup(category) : NULL;
	f->alt[i] = nalt ? calloc(nalt, sizeof **f->alt) : NULL;
	f->nalt[i] = 0;
	f->n++;
	if (!f->id[i] || !f->question[i] || !f->answer[i] || (category && !f->category[i]) ||
	    (nalt && !f->alt[i]))
		return seterr(f, "out of memory");
	for (size_t j = 0; j < nalt; j++) {
		if (!(f->alt[i][j] = strdup(alt[j])))
			return seterr(f, "out of memory");
		f->nalt[i]++;
	}
	return 0;
}

static int add_phrasing(struct ec_faq *f, size_t entry, const char *text)
{
	if (f->nph == f->capph) {
		size_t c = f->capph ? 2 * f->capph : 64;
		uint32_t *o = realloc(f->owner, c * sizeof *o);
		if (!o)
			return seterr(f, "out of memory");
		f->owner = o;
		f->capph = c;
	}
	size_t n = strlen(text);
	if (tokenize(f, f->word, word_cb, text, n, &f->tq) < 0 ||
	    tokenize(f, f->gram, gram_cb, text, n, &f->tg) < 0)
		return -1;
	toks_unique(&f->tg);
	if (ec_bm25_add(f->bw, f->tq.ptr, f->tq.len, f->tq.n) < 0 ||
	    ec_bm25_add(f->bg, f->tg.ptr, f->tg.len, f->tg.n) < 0)
		return seterr(f, "out of memory");
	f->owner[f->nph++] = (uint32_t)entry;
	return 0;
}

static int alloc_scratch(struct ec_faq *f)
{
	size_t np = f->nph ? f->nph : 1, ne = f->n ? f->n : 1;
	if (!(f->sw = malloc(np * sizeof *f->sw)) || !(f->sx = malloc(np * sizeof *f->sx)) || !(f->sg = malloc(np * sizeof *f->sg)) ||
	    !(f->best = malloc(ne * sizeof *f->best)) || !(f->bbm = malloc(ne * sizeof *f->bbm)) ||
	    !(f->bng = malloc(ne * sizeof *f->bng)))
		return seterr(f, "out of memory");
	return 0;
}

int ec_faq_build(struct ec_faq *f)
{
	if (f->bw)
		return 0;
	if (!(f->bw = ec_bm25_new()) || !(f->bg = ec_bm25_new()))
		return seterr(f, "out of memory");
	for (size_t i = 0; i < f->n; i++) {
		if (add_phrasing(f, i, f->question[i]) < 0) {
			char m[512];
			snprintf(m, sizeof m, "%s", f->err);
			return seterr(f, "entry '%s': %s", f->id[i], m);
		}
		for (size_t j = 0; j < f->nalt[i]; j++)
			if (add_phrasing(f, i, f->alt[i][j]) < 0) {
				char m[512];
				snprintf(m, sizeof m, "%s", f->err);
				return seterr(f, "entry '%s': %s", f->id[i], m);
			}
	}
	if (ec_bm25_finish(f->bw) < 0 || ec_bm25_finish(f->bg) < 0)
		return seterr(f, "out of memory");
	return alloc_scratch(f);
}

/* ---- queries ---- */

int ec_faq_ask(struct ec_faq *f, const char *text, size_t n, size_t k,
               struct ec_faq_hit *hits, size_t *nhits)
{
	*nhits = 0;
	if (!f->bw)
		return seterr(f, "the index is not built");
	if (tokenize(f, f->word, word_cb, text, n, &f->tq) < 0 ||
	    tokenize(f, f->gram, gram_cb, text, n, &f->tg) < 0)
		return -1;
	toks_unique(&f->tg);
	double qidf = ec_bm25_query(f->bw, f->tq.ptr, f->tq.len, f->tq.n, f->o.k1, f->o.b,
	                            f->sw, NULL);
	if (qidf < 0 ||
	    ec_bm25_query(f->bg, f->tg.ptr, f->tg.len, f->tg.n, 1, 0, f->sx, f->sg) < 0)
		return seterr(f, "out of memory");
	double w = f->o.ngram_weight;
	for (size_t e = 0; e < f->n; e++)
		f->best[e] = f->bbm[e] = f->bng[e] = 0;
	for (size_t p = 0; p < f->nph; p++) {
		double bm = qidf > 0 ? f->sw[p] / qidf : 0;
		if (bm > 1)
			bm = 1;
		double denom = (double)f->tg.n + ec_bm25_docterms(f->bg, p);
		double ng = denom > 0 ? 2.0 * f->sg[p] / denom : 0;
		double s = (1 - w) * bm + w * ng;
		uint32_t e = f->owner[p];
		if (s > f->best[e]) {
			f->best[e] = s;
			f->bbm[e] = bm;
			f->bng[e] = ng;
		}
	}
	/* top k by partial selection: k is small */
	size_t m = 0;
	for (size_t e = 0; e < f->n; e++) {
		double s = f->best[e];
		if (s <= 0)
			continue;
		size_t at = m < k ? m : k;
		while (at > 0 && hits[at - 1].score < s)
			at--;
		if (at >= k)
			continue;
		size_t last = m < k ? m : k - 1;
		memmove(hits + at + 1, hits + at, (last - at) * sizeof *hits);
		hits[at] = (struct ec_faq_hit){ e, s, f->bbm[e], f->bng[e] };
		if (m < k)
			m++;
	}
	*nhits = m;
	return 0;
}

double ec_faq_similarity(struct ec_faq *f, const char *a, size_t na, const char *b, size_t nb)
{
	if (!f->bw)
		return seterr(f, "the index is not built");
	if (tokenize(f, f->word, word_cb, a, na, &f->tq) < 0 ||
	    tokenize(f, f->word, word_cb, b, nb, &f->t2) < 0)
		return -1;
	double q1, q2;
	double s1 = ec_bm25_score_text(f->bw, f->tq.ptr, f->tq.len, f->tq.n, f->t2.ptr, f->t2.len,
	                               f->t2.n, f->o.k1, f->o.b, &q1);
	double s2 = ec_bm25_score_text(f->bw, f->t2.ptr, f->t2.len, f->t2.n, f->tq.ptr, f->tq.len,
	                               f->tq.n, f->o.k1, f->o.b, &q2);
	double n1 = q1 > 0 ? fmin(1, s1 / q1) : 0, n2 = q2 > 0 ? fmin(1, s2 / q2) : 0;
	if (tokenize(f, f->gram, gram_cb, a, na, &f->tg) < 0 ||
	    tokenize(f, f->gram, gram_cb, b, nb, &f->t3) < 0)
		return -1;
	toks_unique(&f->tg);
	toks_unique(&f->t3);
	size_t shared = 0;
	for (size_t i = 0; i < f->tg.n; i++)
		for (size_t j = 0; j < f->t3.n; j++)
			if (f->tg.len[i] == f->t3.len[j] &&
			    !memcmp(f->tg.ptr[i], f->t3.ptr[j], f->tg.len[i])) {
				shared++;
				break;
			}
	double denom = (double)f->tg.n + (double)f->t3.n;
	double ng = denom > 0 ? 2.0 * (double)shared / denom : 0;
	double w = f->o.ngram_weight;
	return (1 - w) * 0.5 * (n1 + n2) + w * ng;
}

/* ---- escalation and slots ---- */

static int ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int ec_faq_wants_human(const char *text, size_t n)
{
	const char *list = EC_FAQ_HUMAN_PHRASES;
	while (*list) {
		const char *bar = strchr(list, '|');
		size_t pl = bar ? (size_t)(bar - list) : strlen(list);
		int latin = ascii_alpha((unsigned char)list[0]);
		for (size_t i = 0; pl && i + pl <= n; i++) {
			if (strncasecmp(text + i, list, pl))
				continue;
			if (latin && ((i > 0 && ascii_alpha((unsigned char)text[i - 1])) ||
			              (i + pl < n && ascii_alpha((unsigned char)text[i + pl]))))
				continue;
			return 1;
		}
		list += pl + (bar ? 1 : 0);
	}
	return 0;
}

static int is_alnum_dash(char c)
{
	return (c >= '0' && c <= '9') || ascii_alpha((unsigned char)c) || c == '-';
}

/* The first run matching the slot; 1 with [*s, *s + *len), else 0. */
static int find_slot(const char *name, size_t nl, const char *q, const char **s, size_t *len)
{
	size_t n = strlen(q);
	if (nl == 5 && !memcmp(name, "order", 5)) {
		for (size_t i = 0; i < n;) {
			if (!is_alnum_dash(q[i])) {
				i++;
				continue;
			}
			size_t j = i, digits = 0;
			while (j < n && is_alnum_dash(q[j]))
				digits += q[j++] >= '0' && q[j - 1] <= '9';
			size_t a = i, b = j;
			while (a < b && q[a] == '-')
				a++;
			while (b > a && q[b - 1] == '-')
				b--;
			if (digits >= 6 && b - a <= 40) {
				*s = q + a;
				*len = b - a;
				return 1;
			}
			i = j;
		}
	} else if (nl == 5 && !memcmp(name, "email", 5)) {
		const char *at = strchr(q, '@');
		if (!at)
			return 0;
		const char *a = at, *b = at + 1;
		while (a > q && !strchr(" \t\n,;<>()\"'", a[-1]))
			a--;
		while (*b && !strchr(" \t\n,;<>()\"'", *b))
			b++;
		while (b > at + 1 && (b[-1] == '.' || b[-1] == '?' || b[-1] == '!'))
			b--;
		if (a == at || b == at + 1)
			return 0;
		*s = a;
		*len = (size_t)(b - a);
		return 1;
	}
	return 0;
}

int ec_faq_fill(const char *tmpl, const char *question, struct ec_buf *out)
{
	const char *p = tmpl;
	while (*p) {
		const char *open = strchr(p, '{');
		if (!open)
			return ec_buf_adds(out, p);
		const char *close = strchr(open + 1, '}');
		if (!close)
			return ec_buf_adds(out, p);
		if (ec_buf_add(out, p, (size_t)(open - p)) < 0)
			return -1;
		const char *s;
		size_t len;
		if (find_slot(open + 1, (size_t)(close - open - 1), question, &s, &len)) {
			if (ec_buf_add(out, s, len) < 0)
				return -1;
		} else if (ec_buf_add(out, open, (size_t)(close - open + 1)) < 0) {
			return -1;
		}
		p = close + 1;
	}
	return 0;
}

/* ---- calibration ---- */

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double accuracy_at(double t, const double *s, const long *top, const long *want,
                          const int *human, size_t n)
{
	size_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		int esc = human[i] || top[i] < 0 || s[i] < t;
		ok += esc ? want[i] < 0 : (want[i] >= 0 && top[i] == want[i]);
	}
	return n ? (double)ok / (double)n : 0;
}

double ec_faq_calibrate(const double *s, const long *top, const long *want, const int *human,
                        size_t n, double *acc)
{
	double *v = malloc((n ? n : 1) * sizeof *v);
	double best_t = 0, best = accuracy_at(0, s, top, want, human, n);
	if (v) {
		memcpy(v, s, n * sizeof *v);
		qsort(v, n, sizeof *v, cmp_dbl);
		for (size_t i = 0; i < n; i++) {
			if (i + 1 < n && v[i + 1] == v[i])
				continue;
			double t = i + 1 < n ? 0.5 * (v[i] + v[i + 1]) : v[i] + 1e-6;
			double a = accuracy_at(t, s, top, want, human, n);
			if (a > best) {
				best = a;
				best_t = t;
			}
		}
		free(v);
	}
	if (acc)
		*acc = best;
	return best_t;
}

/* ---- accessors ---- */

size_t ec_faq_size(const struct ec_faq *f) { return f->n; }
size_t ec_faq_phrasings(const struct ec_faq *f) { return f->nph; }
double ec_faq_threshold(const struct ec_faq *f) { return f->threshold; }
int ec_faq_calibrated(const struct ec_faq *f) { return f->calibrated; }
const char *ec_faq_dict(const struct ec_faq *f) { return f->dict; }
const char *ec_faq_error(const struct ec_faq *f) { return f->err; }

void ec_faq_set_threshold(struct ec_faq *f, double t)
{
	f->threshold = t;
	f->calibrated = 1;
}

void ec_faq_entry(const struct ec_faq *f, size_t i, struct ec_faq_entry *e)
{
	e->id = f->id[i];
	e->question = f->question[i];
	e->answer = f->answer[i];
	e->category = f->category[i];
	e->alt = (const char *const *)f->alt[i];
	e->nalt = f->nalt[i];
}

long ec_faq_find(const struct ec_faq *f, const char *id)
{
	const size_t *v = ec_strmap_get(f->ids, id, strlen(id));
	return v ? (long)*v : -1;
}

/* ---- the model file ---- */

static json_t *jstr(const char *s)
{
	return json_string(s ? s : "");
}

int ec_faq_save(const struct ec_faq *f, const char *path, const char *source,
                char *err, size_t errlen)
{
	int rc = -1;
	json_t *meta = NULL, *doc = NULL;
	char *js = NULL;
	struct ec_buf pay = EC_BUF_INIT;
	if (!f->bw) {
		copyerr(err, errlen, "the index is not built");
		return -1;
	}
	json_t *stop = json_null();
	if (f->stop) {
		stop = json_array();
		for (size_t i = 0; f->stop[i]; i++)
			json_array_append_new(stop, json_string(f->stop[i]));
	}
	meta = json_pack("{s:i, s:s?, s:I, s:I, s:f, s:f, s:f, s:f, s:b, "
	                 "s:{s:s, s:I, s:s, s:o, s:b, s:I}}",
	                 "payload_version", EC_FAQ_PAYLOAD_VERSION, "source",
	                 source ? source : f->source,
	                 "entries", (json_int_t)f->n, "phrasings", (json_int_t)f->nph,
	                 "k1", f->o.k1, "b", f->o.b, "ngram_weight", f->o.ngram_weight,
	                 "threshold", f->threshold, "calibrated", f->calibrated,
	                 "tokenizer", "dict", f->dict, "dict_words", (json_int_t)f->dict_words,
	                 "user_dict", f->user_dict, "stopwords", stop, "stem", 1,
	                 "synonyms", (json_int_t)(f->syn ? ec_strmap_size(f->syn) : 0));
	doc = json_object();
	json_t *ents = json_array(), *syn = json_object();
	if (!meta || !doc || !ents || !syn) {
		json_decref(ents);
		json_decref(syn);
		copyerr(err, errlen, "out of memory");
		goto out;
	}
	json_object_set_new(doc, "entries", ents);
	json_object_set_new(doc, "synonyms", syn);
	for (size_t i = 0; i < f->n; i++) {
		json_t *e = json_pack("{s:o, s:o, s:o}", "id", jstr(f->id[i]), "question",
		                      jstr(f->question[i]), "answer", jstr(f->answer[i]));
		if (!e) {
			copyerr(err, errlen, "entry text is not valid UTF-8");
			goto out;
		}
		if (f->category[i])
			json_object_set_new(e, "category", jstr(f->category[i]));
		if (f->nalt[i]) {
			json_t *a = json_array();
			for (size_t j = 0; j < f->nalt[i]; j++)
				json_array_append_new(a, jstr(f->alt[i][j]));
			json_object_set_new(e, "alt", a);
		}
		json_array_append_new(ents, e);
	}
	for (size_t i = 0; f->syn && i < ec_strmap_size(f->syn); i++) {
		size_t kl;
		const char *k = ec_strmap_key(f->syn, i, &kl);
		const uint32_t *o = ec_strmap_val(f->syn, i);
		json_object_set_new(syn, k, json_string(f->synbuf.data + *o));
	}
	js = json_dumps(doc, JSON_COMPACT);
	if (!js) {
		copyerr(err, errlen, "out of memory");
		goto out;
	}
	size_t jl = strlen(js);
	unsigned char hdr[4] = { (unsigned char)jl, (unsigned char)(jl >> 8),
	                         (unsigned char)(jl >> 16), (unsigned char)(jl >> 24) };
	unsigned char np[4] = { (unsigned char)f->nph, (unsigned char)(f->nph >> 8),
	                        (unsigned char)(f->nph >> 16), (unsigned char)(f->nph >> 24) };
	if (ec_buf_add(&pay, hdr, 4) < 0 || ec_buf_add(&pay, js, jl) < 0 ||
	    ec_buf_add(&pay, np, 4) < 0) {
		copyerr(err, errlen, "out of memory");
		goto out;
	}
	for (size_t p = 0; p < f->nph; p++) {
		uint32_t v = f->owner[p];
		unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
		                       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
		if (ec_buf_add(&pay, c, 4) < 0) {
			copyerr(err, errlen, "out of memory");
			goto out;
		}
	}
	if (ec_bm25_write(f->bw, &pay) < 0 || ec_bm25_write(f->bg, &pay) < 0) {
		copyerr(err, errlen, "out of memory");
		goto out;
	}
	rc = ec_model_save(path, EC_FAQ_KIND, meta, pay.data, pay.len, err, errlen);
out:
	free(js);
	json_decref(meta);
	json_decref(doc);
	ec_buf_free(&pay);
	return rc;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int num(json_t *meta, const char *k, double lo, double hi, double *v)
{
	json_t *x = json_object_get(meta, k);
	if (!json_is_number(x))
		return -1;
	*v = json_number_value(x);
	return isfinite(*v) && *v >= lo && *v <= hi ? 0 : -1;
}

struct ec_faq *ec_faq_load_mem(const void *data, size_t len, const char *name, char *err,
                               size_t errlen)
{
	struct ec_model m;
	struct ec_faq *f = NULL;
	json_t *doc = NULL;
	char **stop = NULL;
	if (ec_model_decode(&m, data, len, name, EC_FAQ_KIND, err, errlen) < 0)
		return NULL;
	struct ec_faq_opts o;
	ec_faq_opts_init(&o);
	double pv, thr;
	json_t *tk = json_object_get(m.meta, "tokenizer");
	if (num(m.meta, "payload_version", 0, 1e9, &pv) < 0 || pv != EC_FAQ_PAYLOAD_VERSION) {
		snprintf(err, errlen, "%s: faq payload version is not %d", name,
		         EC_FAQ_PAYLOAD_VERSION);
		goto fail;
	}
	if (num(m.meta, "k1", 0, 1e3, &o.k1) < 0 || num(m.meta, "b", 0, 1, &o.b) < 0 ||
	    num(m.meta, "ngram_weight", 0, 1, &o.ngram_weight) < 0 ||
	    num(m.meta, "threshold", 0, 2, &thr) < 0 || !json_is_object(tk) ||
	    !json_is_string(json_object_get(tk, "dict")) ||
	    !json_is_string(json_object_get(tk, "user_dict"))) {
		snprintf(err, errlen, "%s: faq model metadata is incomplete", name);
		goto fail;
	}
	o.dict = json_string_value(json_object_get(tk, "dict"));
	const char *ud = json_string_value(json_object_get(tk, "user_dict"));
	o.user_dict = *ud ? ud : NULL;
	json_t *sw = json_object_get(tk, "stopwords");
	if (json_is_array(sw)) {
		size_t k = json_array_size(sw);
		if (!(stop = calloc(k + 1, sizeof *stop))) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		for (size_t i = 0; i < k; i++) {
			const char *s = json_string_value(json_array_get(sw, i));
			if (!s) {
				snprintf(err, errlen, "%s: faq model metadata is incomplete", name);
				goto fail;
			}
			stop[i] = (char *)s;
		}
		o.stopwords = (const char *const *)stop;
	}
	char e2[512];
	if (!(f = faq_open(&o, e2, sizeof e2))) {
		snprintf(err, errlen, "%s: the tokenizer of the index: %s", name, e2);
		goto fail;
	}
	f->threshold = thr;
	if (json_is_string(json_object_get(m.meta, "source")) &&
	    !(f->source = strdup(json_string_value(json_object_get(m.meta, "source"))))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	f->calibrated = json_is_true(json_object_get(m.meta, "calibrated"));
	json_t *dw = json_object_get(tk, "dict_words");
	if (!json_is_integer(dw) || (size_t)json_integer_value(dw) != f->dict_words) {
		snprintf(err, errlen, "%s: dictionary '%s' has %zu words, the index was built "
		         "with %lld: index again", name, f->dict, f->dict_words,
		         json_is_integer(dw) ? (long long)json_integer_value(dw) : -1LL);
		goto fail;
	}
	/* payload: JSON, phrasing owners, two indexes */
	const unsigned char *p = m.payload;
	size_t n = m.payload_len, pos = 0;
	const char *why = "truncated payload";
	if (n < 4 || rd32(p) > n - 4)
		goto damaged;
	size_t jl = rd32(p);
	json_error_t je;
	doc = json_loadb((const char *)p + 4, jl, 0, &je);
	pos = 4 + jl;
	json_t *ents = json_object_get(doc, "entries"), *syn = json_object_get(doc, "synonyms");
	why = "bad entries";
	if (!json_is_array(ents) || !json_is_object(syn))
		goto damaged;
	for (size_t i = 0; i < json_array_size(ents); i++) {
		json_t *e = json_array_get(ents, i), *a = json_object_get(e, "alt");
		const char *id = json_string_value(json_object_get(e, "id"));
		const char *q = json_string_value(json_object_get(e, "question"));
		const char *an = json_string_value(json_object_get(e, "answer"));
		json_t *cat = json_object_get(e, "category");
		if (!id || !q || !an || (cat && !json_is_string(cat)) || (a && !json_is_array(a)))
			goto damaged;
		const char *alts[256];
		size_t na = a ? json_array_size(a) : 0;
		if (na > 256)
			goto damaged;
		for (size_t j = 0; j < na; j++)
			if (!(alts[j] = json_string_value(json_array_get(a, j))))
				goto damaged;
		if (ec_faq_add(f, *id ? id : NULL, q, an, json_string_value(cat), alts, na) < 0) {
			why = f->err;
			goto damaged;
		}
	}
	const char *key;
	json_t *val;
	json_object_foreach(syn, key, val) {
		if (!json_is_string(val))
			goto damaged;
		if (!f->syn && !(f->syn = ec_strmap_new(sizeof(uint32_t))))
			goto damaged;
		uint32_t *v = ec_strmap_put(f->syn, key, strlen(key), NULL);
		if (!v)
			goto damaged;
		*v = (uint32_t)f->synbuf.len;
		if (ec_buf_add(&f->synbuf, json_string_value(val),
		               strlen(json_string_value(val)) + 1) < 0)
			goto damaged;
	}
	why = "bad phrasing map";
	if (n - pos < 4)
		goto damaged;
	size_t nph = rd32(p + pos);
	pos += 4;
	if (nph > (n - pos) / 4 || (f->n && !nph))
		goto damaged;
	if (!(f->owner = malloc((nph ? nph : 1) * sizeof *f->owner)))
		goto damaged;
	f->nph = f->capph = nph;
	for (size_t i = 0; i < nph; i++) {
		f->owner[i] = rd32(p + pos + 4 * i);
		if (f->owner[i] >= f->n || (i && f->owner[i] < f->owner[i - 1]))
			goto damaged;
	}
	pos += 4 * nph;
	size_t used;
	char e3[256];
	if (!(f->bw = ec_bm25_read(p + pos, n - pos, &used, e3, sizeof e3)))
		goto damaged3;
	pos += used;
	if (!(f->bg = ec_bm25_read(p + pos, n - pos, &used, e3, sizeof e3)))
		goto damaged3;
	pos += used;
	why = "index sizes disagree";
	if (pos != n || ec_bm25_ndocs(f->bw) != nph || ec_bm25_ndocs(f->bg) != nph)
		goto damaged;
	if (alloc_scratch(f) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	json_decref(doc);
	free(stop);
	ec_model_free(&m);
	return f;
damaged3:
	snprintf(err, errlen, "%s: damaged faq model (%s)", name, e3);
	goto fail;
damaged:
	snprintf(err, errlen, "%s: damaged faq model (%s)", name, why);
fail:
	json_decref(doc);
	free(stop);
	ec_faq_free(f);
	ec_model_free(&m);
	return NULL;
}

struct ec_faq *ec_faq_load(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct ec_buf b = EC_BUF_INIT;
	char chunk[65536];
	size_t k;
	int bad = 0;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (ec_buf_add(&b, chunk, k) < 0) {
			bad = 1;
			break;
		}
	bad |= ferror(fp);
	fclose(fp);
	if (bad) {
		snprintf(err, errlen, "%s: read error", path);
		ec_buf_free(&b);
		return NULL;
	}
	struct ec_faq *f = ec_faq_load_mem(b.data, b.len, path, err, errlen);
	ec_buf_free(&b);
	return f;
}
