/*
 * test_lda.c: lib/ec_lda on hand-computed cases and planted structure:
 *
 *  - vocabulary pruning by document frequency on a six-document corpus;
 *  - the joint log-likelihood of a two-token corpus (1/18 by hand);
 *  - document-completion perplexity of a one-topic model (sqrt(18));
 *  - NPMI of a three-word topic over four reference documents;
 *  - NMI of identical, relabelled and independent labellings;
 *  - ψ at 1 and 1/2, and Minka's fixed point recovering the α of
 *    Dirichlet-multinomial counts drawn with a known α, and a known β;
 *  - planted topics: documents drawn from 4 topics of 10 distinct words each
 *    are learnt back (every topic's top 10 overlaps a planted one in >= 8),
 *    with one thread, two and three (AD-LDA);
 *  - with several threads the merged counts equal a recount of the assignments,
 *    and the same seed gives the same assignments;
 *  - a model saved and loaded back is the same; a damaged file is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_lda.h"
#include "ec_rng.h"
#include "ec_strmap.h"

/* cmocka's assert_float_equal compares floats; these are doubles */
#define assert_near(a, b, eps) near_(a, b, eps, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *file, int line)
{
	if (!(fabs(a - b) <= eps)) {
		print_error("%.17g != %.17g (within %g)\n", a, b, eps);
		_fail(file, line);
	}
}

#define SCRATCH_NAME "lda"
#include "scratch.h"

static void add_doc(struct ec_lda_builder *b, const char *words)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", words);
	for (char *s = strtok(buf, " "); s; s = strtok(NULL, " "))
		assert_int_equal(ec_lda_builder_token(b, s, strlen(s)), 0);
	assert_int_equal(ec_lda_builder_end_doc(b), 0);
}

static void pruning(void **state)
{
	(void)state;
	struct ec_lda_builder *b = ec_lda_builder_new();
	assert_non_null(b);
	/* df: a 6, b 4, c 3, d 2, e 1 */
	add_doc(b, "a b c d e");
	add_doc(b, "a b c d");
	add_doc(b, "a b c");
	add_doc(b, "a b");
	add_doc(b, "a a a");
	add_doc(b, "a");
	struct ec_lda_prune p = { 2, 0.7, 0 };
	struct ec_lda_corpus c;
	struct ec_lda_vocab v;
	char err[256];
	assert_int_equal(ec_lda_builder_finish(b, &p, &c, &v, err, sizeof err), 0);
	/* a (6 > 0.7 * 6 = 4.2) and e (1 < 2) go; b, c, d stay in df order */
	assert_int_equal(v.n, 3);
	assert_string_equal(v.word[0], "b");
	assert_string_equal(v.word[1], "c");
	assert_string_equal(v.word[2], "d");
	assert_int_equal(v.df[0], 4);
	assert_int_equal(ec_lda_vocab_find(&v, "c", 1), 1);
	assert_int_equal(ec_lda_vocab_find(&v, "a", 1), -1);
	assert_int_equal(c.ndocs, 6);
	assert_int_equal(c.ntokens, 3 + 3 + 2 + 1);
	assert_int_equal(c.off[4], c.off[5]); /* "a a a" is empty now */
	assert_int_equal(c.w[0], 0);
	assert_int_equal(c.w[2], 2);
	ec_lda_corpus_free(&c);
	ec_lda_vocab_free(&v);
	ec_lda_builder_free(b);

	b = ec_lda_builder_new();
	add_doc(b, "x y");
	add_doc(b, "y z");
	add_doc(b, "z y");
	struct ec_lda_prune q = { 1, 1.0, 2 };
	assert_int_equal(ec_lda_builder_finish(b, &q, &c, &v, err, sizeof err), 0);
	assert_int_equal(v.n, 2); /* y (3), z (2); x (1) beyond --max-vocab */
	assert_string_equal(v.word[0], "y");
	assert_string_equal(v.word[1], "z");
	ec_lda_corpus_free(&c);
	ec_lda_vocab_free(&v);
	ec_lda_builder_free(b);

	b = ec_lda_builder_new();
	add_doc(b, "x");
	struct ec_lda_prune r = { 2, 1.0, 0 };
	assert_int_equal(ec_lda_builder_finish(b, &r, &c, &v, err, sizeof err), -1);
	assert_non_null(strstr(err, "no words left"));
	ec_lda_builder_free(b);
}

/* A hand-made model of k topics and v words with the given counts. */
static void hand_model(struct ec_lda *m, uint32_t k, uint32_t v, const double *alpha, double beta,
                       const uint32_t *nwk)
{
	memset(m, 0, sizeof *m);
	m->k = k;
	m->v = v;
	m->alpha = malloc(k * sizeof *m->alpha);
	memcpy(m->alpha, alpha, k * sizeof *alpha);
	m->beta = beta;
	m->nwk = malloc((size_t)v * k * sizeof *m->nwk);
	memcpy(m->nwk, nwk, (size_t)v * k * sizeof *nwk);
	m->vocab.n = v;
	m->vocab.word = calloc(v, sizeof *m->vocab.word);
	m->vocab.df = calloc(v, sizeof *m->vocab.df);
	m->vocab.map = ec_strmap_new(sizeof(uint32_t));
	for (uint32_t w = 0; w < v; w++) {
		char s[16];
		snprintf(s, sizeof s, "w%u", w);
		m->vocab.word[w] = strdup(s);
		*(uint32_t *)ec_strmap_put(m->vocab.map, s, strlen(s), NULL) = w;
	}
	char err[128];
	assert_int_equal(ec_lda_prepare(m, err, sizeof err), 0);
}

static void loglik_hand(void **state)
{
	(void)state;
	/*
	 * One document "w0 w1", both tokens in topic 0, K = 2, V = 2, α = (1, 1),
	 * β = 1. p(z) = Γ(2)/Γ(4) · Γ(3)/Γ(1) = 2/6 = 1/3; p(w | z) for topic 0
	 * = Γ(2)/Γ(4) · Γ(2)Γ(2) = 1/6, topic 1 empty = 1. log p = -log 18.
	 */
	static const double alpha[2] = { 1, 1 };
	static const uint32_t nwk[4] = { 1, 0, 1, 0 };
	struct ec_lda m;
	hand_model(&m, 2, 2, alpha, 1, nwk);
	size_t off[2] = { 0, 2 };
	uint32_t w[2] = { 0, 1 };
	uint16_t z[2] = { 0, 0 };
	struct ec_lda_corpus c = { 1, 2, off, w };
	assert_near(ec_lda_loglik(&m, &c, z), -log(18.0), 1e-12);
	/* θ from z: (1 + 2) / (2 + 2), (1 + 0) / 4 */
	double th[2];
	ec_lda_theta_z(&m, z, 2, th);
	assert_near(th[0], 0.75, 1e-15);
	assert_near(th[1], 0.25, 1e-15);
	ec_lda_free(&m);
}

static void perplexity_hand(void **state)
{
	(void)state;
	/*
	 * One topic, V = 3, counts (2, 1, 0), β = 1: φ = (3, 2, 1) / 6. For the
	 * document "w0 w0 w1 w2" θ = 1 whatever the first half says, and the
	 * second half scores log(2/6) + log(1/6): perplexity exp(log(18)/2).
	 */
	static const double alpha[1] = { 0.5 };
	static const uint32_t nwk[3] = { 2, 1, 0 };
	struct ec_lda m;
	hand_model(&m, 1, 3, alpha, 1, nwk);
	assert_near(m.phi[0], 0.5, 1e-15);
	assert_near(m.phi[2], 1.0 / 6, 1e-15);
	uint32_t w[4] = { 0, 0, 1, 2 };
	void *scr = malloc(ec_lda_infer_scratch(&m, 4));
	struct ec_rng r;
	ec_rng_seed(&r, 1);
	size_t held;
	double lp = ec_lda_completion(&m, w, 4, 20, 5, &r, &held, scr);
	assert_int_equal(held, 2);
	assert_near(exp(-lp / (double)held), sqrt(18.0), 1e-9);
	/* a one-token document is not scored */
	lp = ec_lda_completion(&m, w, 1, 20, 5, &r, &held, scr);
	assert_int_equal(held, 0);
	free(scr);
	ec_lda_free(&m);
}

static void infer_two_topics(void **state)
{
	(void)state;
	/*
	 * Two topics with disjoint words: topic 0 owns w0, w1, topic 1 owns w2,
	 * w3 (β tiny). A document of w0 x 8 and w2 x 2 must come out near
	 * θ = ((8 + α) / (10 + 2α), (2 + α) / (10 + 2α)) with α = 0.1.
	 */
	static const double alpha[2] = { 0.1, 0.1 };
	static const uint32_t nwk[8] = { 100, 0, 100, 0, 0, 100, 0, 100 };
	struct ec_lda m;
	hand_model(&m, 2, 4, alpha, 1e-6, nwk);
	uint32_t w[10] = { 0, 0, 0, 0, 0, 0, 0, 0, 2, 2 };
	void *scr = malloc(ec_lda_infer_scratch(&m, 10));
	struct ec_rng r;
	ec_rng_seed(&r, 7);
	double th[2];
	ec_lda_infer(&m, w, 10, 30, 5, &r, th, scr);
	assert_near(th[0], 8.1 / 10.2, 1e-4);
	assert_near(th[1], 2.1 / 10.2, 1e-4);
	/* empty document: the prior mean */
	ec_lda_infer(&m, w, 0, 30, 5, &r, th, scr);
	assert_near(th[0], 0.5, 1e-15);
	free(scr);
	ec_lda_free(&m);
}

static void npmi_hand(void **state)
{
	(void)state;
	/*
	 * Topic words 0, 1, 2; reference documents {0,1}, {0,1}, {2}, {0,3}:
	 * D = 4, p0 = 3/4, p1 = 1/2, p2 = 1/4, p01 = 1/2, p02 = p12 = 0.
	 */
	uint32_t top[3] = { 0, 1, 2 };
	struct ec_lda_npmi *s = ec_lda_npmi_new(top, 1, 3, 4);
	assert_non_null(s);
	uint32_t d1[] = { 0, 1, 1 }, d2[] = { 1, 0 }, d3[] = { 2 }, d4[] = { 0, 3 };
	ec_lda_npmi_add(s, d1, 3);
	ec_lda_npmi_add(s, d2, 2);
	ec_lda_npmi_add(s, d3, 1);
	ec_lda_npmi_add(s, d4, 2);
	double e = 1e-12;
	double n01 = log((0.5 + e) / (0.75 * 0.5)) / -log(0.5 + e); /* log(4/3) / log 2 = 0.415 */
	double n02 = log(e / (0.75 * 0.25)) / -log(e);             /* about -0.939 */
	double n12 = log(e / (0.5 * 0.25)) / -log(e);              /* about -0.925 */
	assert_near(n01, log(4.0 / 3) / log(2.0), 1e-9);
	double per;
	double mean = ec_lda_npmi_result(s, &per);
	assert_near(mean, (n01 + n02 + n12) / 3, 1e-12);
	assert_near(per, mean, 0);
	assert_int_equal(ec_lda_npmi_docs(s), 4);
	ec_lda_npmi_free(s);
}

static void nmi_hand(void **state)
{
	(void)state;
	uint32_t a[6] = { 0, 0, 1, 1, 2, 2 }, b[6] = { 5, 5, 3, 3, 9, 9 };
	assert_near(ec_lda_nmi(a, b, 6), 1.0, 1e-12);
	uint32_t c[4] = { 0, 0, 1, 1 }, d[4] = { 0, 1, 0, 1 };
	assert_near(ec_lda_nmi(c, d, 4), 0.0, 1e-12);
	/*
	 * a = 0 0 1 1, b = 0 0 0 1: H(a) = log 2, H(b) = -(3/4 log 3/4 + 1/4 log 1/4),
	 * H(a,b) = -(1/2 log 1/2 + 2 · 1/4 log 1/4) = 1.5 log 2.
	 */
	uint32_t f[4] = { 0, 0, 0, 1 };
	double ha = log(2.0), hb = -(0.75 * log(0.75) + 0.25 * log(0.25)), hab = 1.5 * log(2.0);
	assert_near(ec_lda_nmi(c, f, 4), 2 * (ha + hb - hab) / (ha + hb), 1e-12);
}

static void digamma_minka(void **state)
{
	(void)state;
	const double euler = 0.57721566490153286;
	assert_near(ec_lda_digamma(1), -euler, 1e-12);
	assert_near(ec_lda_digamma(0.5), -euler - 2 * log(2.0), 1e-12);
	assert_near(ec_lda_digamma(10.5) - ec_lda_digamma(9.5), 1 / 9.5, 1e-12);

	/* 4000 documents of 40 tokens with θ ~ Dirichlet(0.3, 1.2, 0.6) */
	enum { D = 4000, N = 40, K = 3 };
	const double truth[K] = { 0.3, 1.2, 0.6 };
	static uint32_t lh[N + 1], th[K * (N + 1)];
	struct ec_rng r;
	ec_rng_seed(&r, 11);
	for (int d = 0; d < D; d++) {
		double theta[K];
		ec_rng_dirichlet(&r, truth, K, theta);
		uint32_t n[K] = { 0, 0, 0 };
		for (int i = 0; i < N; i++)
			n[ec_rng_categorical(&r, theta, K)]++;
		lh[N]++;
		for (int t = 0; t < K; t++)
			if (n[t])
				th[t * (N + 1) + n[t]]++;
	}
	double alpha[K] = { 1, 1, 1 };
	int it = ec_lda_minka_alpha(alpha, K, lh, th, N, 500);
	assert_true(it > 1 && it < 500);
	for (int t = 0; t < K; t++)
		assert_true(fabs(alpha[t] - truth[t]) < 0.1 * truth[t]);

	/* β: 20 topics over V = 200 words, φ ~ Dirichlet(0.05), 2000 tokens each */
	enum { V = 200, T = 20, M = 2000 };
	static uint64_t ch[M + 1], nk[T];
	double betas[V], phi[V];
	for (int w = 0; w < V; w++)
		betas[w] = 0.05;
	for (int t = 0; t < T; t++) {
		ec_rng_dirichlet(&r, betas, V, phi);
		uint32_t cnt[V];
		memset(cnt, 0, sizeof cnt);
		for (int i = 0; i < M; i++)
			cnt[ec_rng_categorical(&r, phi, V)]++;
		for (int w = 0; w < V; w++)
			if (cnt[w])
				ch[cnt[w]]++;
		nk[t] = M;
	}
	double beta = ec_lda_minka_beta(1.0, V, ch, M, nk, T, 500);
	assert_true(fabs(beta - 0.05) < 0.01);
}

/* ---- planted topics ---- */

enum { PK = 4, PW = 10, PD = 400, PN = 40 };

static void planted_corpus(struct ec_lda_corpus *c, struct ec_lda_vocab *v)
{
	struct ec_lda_builder *b = ec_lda_builder_new();
	struct ec_rng r;
	ec_rng_seed(&r, 5);
	double a[PK] = { 0.2, 0.2, 0.2, 0.2 };
	for (int d = 0; d < PD; d++) {
		double theta[PK];
		ec_rng_dirichlet(&r, a, PK, theta);
		for (int i = 0; i < PN; i++) {
			size_t t = ec_rng_categorical(&r, theta, PK);
			char s[16];
			/* Zipf-ish within a topic: word j with weight 1/(j+1) */
			double wts[PW];
			for (int j = 0; j < PW; j++)
				wts[j] = 1.0 / (j + 1);
			snprintf(s, sizeof s, "t%zu_%zu", t, ec_rng_categorical(&r, wts, PW));
			assert_int_equal(ec_lda_builder_token(b, s, strlen(s)), 0);
		}
		assert_int_equal(ec_lda_builder_end_doc(b), 0);
	}
	struct ec_lda_prune p = { 1, 1.0, 0 };
	char err[128];
	assert_int_equal(ec_lda_builder_finish(b, &p, c, v, err, sizeof err), 0);
	ec_lda_builder_free(b);
}

static int recovered(const struct ec_lda *m)
{
	int found = 0;
	for (int pt = 0; pt < PK; pt++) {
		int best = 0;
		for (uint32_t t = 0; t < m->k; t++) {
			uint32_t top[PW];
			size_t n = ec_lda_top_words(m, t, PW, top);
			int ov = 0;
			for (size_t i = 0; i < n; i++) {
				char pre[8];
				snprintf(pre, sizeof pre, "t%d_", pt);
				if (!strncmp(m->vocab.word[top[i]], pre, strlen(pre)))
					ov++;
			}
			if (ov > best)
				best = ov;
		}
		found += best >= 8;
	}
	return found;
}

static void planted(void **state)
{
	(void)state;
	for (unsigned threads = 1; threads <= 3; threads++) {
		struct ec_lda_corpus c;
		struct ec_lda_vocab v;
		planted_corpus(&c, &v);
		assert_int_equal(v.n, PK * PW);
		struct ec_lda_train_opts o = { 0 };
		o.k = PK;
		o.iters = 200;
		o.burn_in = 50;
		o.optimize_interval = 10;
		o.alpha = 0.5;
		o.beta = 0.01;
		o.threads = threads;
		o.seed = 3;
		struct ec_lda m;
		uint16_t *z;
		double ll;
		char err[128];
		assert_int_equal(ec_lda_train(&m, &c, &v, &o, &z, &ll, err, sizeof err), 0);
		assert_int_equal(recovered(&m), PK);
		/* LL per token above a uniform guess over 40 words (log 1/40 = -3.69) */
		assert_true(ll > -3.0 && ll < 0);
		assert_near(ll, ec_lda_loglik(&m, &c, z) / (double)c.ntokens, 1e-9);
		/* the merged counts are exactly a recount of z */
		uint32_t *cnt = calloc((size_t)m.v * m.k, sizeof *cnt);
		for (size_t i = 0; i < c.ntokens; i++)
			cnt[(size_t)c.w[i] * m.k + z[i]]++;
		assert_memory_equal(cnt, m.nwk, (size_t)m.v * m.k * sizeof *cnt);
		free(cnt);
		/* the same seed and threads: the same chain */
		struct ec_lda_vocab v2;
		struct ec_lda_corpus c2;
		planted_corpus(&c2, &v2);
		struct ec_lda m2;
		uint16_t *z2;
		assert_int_equal(ec_lda_train(&m2, &c2, &v2, &o, &z2, NULL, err, sizeof err), 0);
		assert_memory_equal(z, z2, c.ntokens * sizeof *z);
		for (uint32_t t = 0; t < m.k; t++)
			assert_near(m.alpha[t], m2.alpha[t], 0);
		free(z2);
		ec_lda_free(&m2);
		ec_lda_corpus_free(&c2);

		if (threads == 1) {
			/* save, load, compare */
			assert_int_equal(ec_lda_save(&m, NULL, "m.ecm", err, sizeof err), 0);
			struct ec_lda l;
			json_t *meta;
			assert_int_equal(ec_lda_load(&l, "m.ecm", &meta, err, sizeof err), 0);
			assert_int_equal(l.k, m.k);
			assert_int_equal(l.v, m.v);
			assert_near(l.beta, m.beta, 0);
			assert_memory_equal(l.alpha, m.alpha, m.k * sizeof *m.alpha);
			assert_memory_equal(l.nwk, m.nwk, (size_t)m.v * m.k * sizeof *m.nwk);
			assert_memory_equal(l.phi, m.phi, (size_t)m.v * m.k * sizeof *m.phi);
			for (uint32_t w = 0; w < m.v; w++) {
				assert_string_equal(l.vocab.word[w], m.vocab.word[w]);
				assert_int_equal(l.vocab.df[w], m.vocab.df[w]);
			}
			assert_string_equal(json_string_value(json_object_get(meta, "payload")),
			                    "lda/1");
			json_decref(meta);
			ec_lda_free(&l);
			/* one flipped byte near the end: the checksum catches it */
			FILE *f = fopen("m.ecm", "r+b");
			assert_non_null(f);
			fseek(f, -20, SEEK_END);
			int ch = fgetc(f);
			fseek(f, -20, SEEK_END);
			fputc(ch ^ 0x55, f);
			fclose(f);
			assert_int_equal(ec_lda_load(&l, "m.ecm", NULL, err, sizeof err), -1);
			assert_non_null(strstr(err, "m.ecm"));
		}
		free(z);
		ec_lda_free(&m);
		ec_lda_corpus_free(&c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pruning),
		cmocka_unit_test(loglik_hand),
		cmocka_unit_test(perplexity_hand),
		cmocka_unit_test(infer_two_topics),
		cmocka_unit_test(npmi_hand),
		cmocka_unit_test(nmi_hand),
		cmocka_unit_test(digamma_minka),
		cmocka_unit_test(planted),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
