/*
 * test_bm25.c: lib/ec_bm25 on a three-document toy corpus whose BM25
 * scores are computed by hand below (k1 = 1.2, b = 0.75, Robertson and
 * Zaragoza 2009 with idf = ln(1 + (N - df + 0.5) / (df + 0.5))), the
 * index's storage round trip and damage, and the parts of lib/ec_faq that
 * need no dictionary: escalation phrases ("转人工"), slot filling, the
 * threshold calibration and a small knowledge base answered end to end.
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

#include "ec_bm25.h"
#include "ec_faq.h"

/*
 * d0 = a b, d1 = a c c, d2 = b c d e: N = 3, avgdl = (2 + 3 + 4) / 3 = 3.
 * df(a) = df(b) = df(c) = 2: idf = ln(1 + 1.5 / 2.5) = ln 1.6 = 0.470003629
 * df(d) = 1: idf = ln(1 + 2.5 / 1.5) = 0.980829253; unseen: ln 8 = 2.079441542
 * K(dl) = k1 (1 - b + b dl / 3): K(2) = 0.9, K(3) = 1.2, K(4) = 1.5
 *   q = a:   d0 0.470003629 * 2.2 / 1.9 = 0.544214729, d1 0.470003629 * 2.2 / 2.2
 *   q = c:   d1 (tf 2) 0.470003629 * 2 * 2.2 / 3.2 = 0.646254990,
 *            d2 0.470003629 * 2.2 / 2.5 = 0.413603194
 *   q = d z: d2 0.980829253 * 2.2 / 2.5 = 0.863129743, idf sum 3.060270795
 */
static struct ec_bm25 *toy(void)
{
	static const char *d0[] = { "a", "b" }, *d1[] = { "a", "c", "c" },
	                  *d2[] = { "b", "c", "d", "e" };
	static const size_t l0[] = { 1, 1 }, l1[] = { 1, 1, 1 }, l2[] = { 1, 1, 1, 1 };
	struct ec_bm25 *b = ec_bm25_new();
	assert_non_null(b);
	assert_int_equal(ec_bm25_add(b, d0, l0, 2), 0);
	assert_int_equal(ec_bm25_add(b, d1, l1, 3), 1);
	assert_int_equal(ec_bm25_add(b, d2, l2, 4), 2);
	assert_int_equal(ec_bm25_finish(b), 0);
	return b;
}

static void check_scores(struct ec_bm25 *b)
{
	double s[3];
	uint32_t sh[3];
	const char *qa[] = { "a" }, *qc[] = { "c" }, *qd[] = { "d", "z", "d" };
	size_t l1[] = { 1, 1, 1 };
	assert_true(fabs(ec_bm25_avgdl(b) - 3.0) < 1e-12);
	assert_true(fabs(ec_bm25_query(b, qa, l1, 1, 1.2, 0.75, s, sh) - 0.470003629) < 1e-9);
	assert_true(fabs(s[0] - 0.544214729) < 1e-9);
	assert_true(fabs(s[1] - 0.470003629) < 1e-9);
	assert_true(s[2] == 0);
	assert_int_equal(sh[0], 1);
	assert_int_equal(sh[2], 0);
	ec_bm25_query(b, qc, l1, 1, 1.2, 0.75, s, NULL);
	assert_true(s[0] == 0);
	assert_true(fabs(s[1] - 0.646254990) < 1e-9);
	assert_true(fabs(s[2] - 0.413603194) < 1e-9);
	/* a repeated query term counts once; an unseen one adds ln 8 to the sum */
	double q = ec_bm25_query(b, qd, l1, 3, 1.2, 0.75, s, NULL);
	assert_true(fabs(q - 3.060270795) < 1e-9);
	assert_true(fabs(s[2] - 0.863129743) < 1e-9);
	assert_true(s[0] == 0 && s[1] == 0);
	/* the same document scored outside the index */
	const char *d2[] = { "b", "c", "d", "e" };
	size_t l2[] = { 1, 1, 1, 1 };
	double qi;
	assert_true(fabs(ec_bm25_score_text(b, qd, l1, 3, d2, l2, 4, 1.2, 0.75, &qi) -
	                 0.863129743) < 1e-9);
	assert_true(fabs(qi - 3.060270795) < 1e-9);
}

static void toy_corpus(void **state)
{
	(void)state;
	struct ec_bm25 *b = toy();
	assert_int_equal(ec_bm25_ndocs(b), 3);
	assert_int_equal(ec_bm25_nterms(b), 5);
	assert_int_equal(ec_bm25_df(b, "c", 1), 2);
	assert_int_equal(ec_bm25_docterms(b, 1), 2);
	assert_int_equal(ec_bm25_doclen(b, 1), 3);
	check_scores(b);
	ec_bm25_free(b);
}

static void storage(void **state)
{
	(void)state;
	struct ec_bm25 *b = toy();
	struct ec_buf buf = EC_BUF_INIT;
	char err[256];
	size_t used;
	assert_int_equal(ec_bm25_write(b, &buf), 0);
	struct ec_bm25 *c = ec_bm25_read(buf.data, buf.len, &used, err, sizeof err);
	assert_non_null(c);
	assert_int_equal(used, buf.len);
	check_scores(c);
	ec_bm25_free(c);
	/* every truncation is refused with a message, never a crash */
	for (size_t n = 0; n < buf.len; n++) {
		c = ec_bm25_read(buf.data, n, &used, err, sizeof err);
		assert_null(c);
		assert_non_null(strstr(err, "bm25 index: "));
	}
	/* a posting pointing past the last document: header (12) + 3 lengths (12)
	 * + term "a" (4 + 1) + df (4): the first doc id is at 33 */
	buf.data[33] = 9;
	assert_null(ec_bm25_read(buf.data, buf.len, &used, err, sizeof err));
	assert_string_equal(err, "bm25 index: bad posting");
	ec_buf_free(&buf);
	ec_bm25_free(b);
}

static void human_phrases(void **state)
{
	(void)state;
	const char *yes[] = { "转人工", "我要人工客服", "Can I talk to a HUMAN?", "agent please",
	                      "I want to speak to someone" };
	const char *no[] = { "怎么退货", "where is my parcel", "humane society", "reagents",
	                     "" };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(ec_faq_wants_human(yes[i], strlen(yes[i])), 1);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(ec_faq_wants_human(no[i], strlen(no[i])), 0);
}

static void slots(void **state)
{
	(void)state;
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_faq_fill("Order {order} ships today; we mail {email}.",
	                             "where is order SO-20240301, mail me at a.b@x.cn?", &b), 0);
	assert_string_equal(b.data, "Order SO-20240301 ships today; we mail a.b@x.cn.");
	ec_buf_reset(&b);
	/* no order number (5 digits is too few): the slot stays for the front end */
	assert_int_equal(ec_faq_fill("Order {order}, {unknown}, {", "order 12345", &b), 0);
	assert_string_equal(b.data, "Order {order}, {unknown}, {");
	ec_buf_free(&b);
}

static void calibrate(void **state)
{
	(void)state;
	/* four questions: two in scope answered right (0.9, 0.5), one wrong
	 * (0.4, should answer 1 but top is 2), one out of scope (0.3).
	 * t <= 0.3: 2/4 right; t in (0.3, 0.4]: 3/4; t in (0.4, 0.5]: 3/4 (the
	 * wrong one escalated counts as wrong: it is in scope); the lowest of
	 * the best is the midpoint 0.35. */
	double s[] = { 0.9, 0.5, 0.4, 0.3 };
	long top[] = { 0, 1, 2, 0 }, want[] = { 0, 1, 1, -1 };
	int human[] = { 0, 0, 0, 0 };
	double acc, t = ec_faq_calibrate(s, top, want, human, 4, &acc);
	assert_true(fabs(t - 0.35) < 1e-12);
	assert_true(fabs(acc - 0.75) < 1e-12);
	/* a request for a person is escalated whatever the score */
	human[3] = 1;
	s[3] = 0.95;
	t = ec_faq_calibrate(s, top, want, human, 4, &acc);
	assert_true(fabs(acc - 0.75) < 1e-12);
}

static void answer_small_kb(void **state)
{
	(void)state;
	struct ec_faq_opts o;
	char err[512];
	ec_faq_opts_init(&o);
	o.dict = "";  /* character bigrams: no dictionary needed */
	struct ec_faq *f = ec_faq_new(&o, err, sizeof err);
	assert_non_null(f);
	const char *alt[] = { "package tracking" };
	assert_int_equal(ec_faq_add(f, "r", "How do I return an item?", "Open My Orders.", "returns",
	                            NULL, 0), 0);
	assert_int_equal(ec_faq_add(f, "w", "Where is my parcel?", "Track order {order}.",
	                            "delivery", alt, 1), 0);
	assert_int_equal(ec_faq_add(f, "z", "怎么退货？", "在我的订单中退货。", NULL, NULL, 0), 0);
	assert_int_equal(ec_faq_add(f, "r", "dup", "dup", NULL, NULL, 0), -1);
	assert_string_equal(ec_faq_error(f), "duplicate id 'r'");
	assert_int_equal(ec_faq_build(f), 0);
	assert_int_equal(ec_faq_phrasings(f), 4);
	struct ec_faq_hit h[3];
	size_t n;
	assert_int_equal(ec_faq_ask(f, "where is my parcel", 18, 3, h, &n), 0);
	assert_true(n >= 1);
	assert_int_equal(h[0].entry, 1);
	assert_true(h[0].score > 0.9);  /* the same words: BM25 share 1, Dice 1 */
	assert_int_equal(ec_faq_ask(f, "tracking my package", 19, 3, h, &n), 0);
	assert_int_equal(h[0].entry, 1);  /* through the alternative phrasing */
	assert_int_equal(ec_faq_ask(f, "我想退货", strlen("我想退货"), 3, h, &n), 0);
	assert_int_equal(h[0].entry, 2);
	assert_int_equal(ec_faq_ask(f, "\xff", 1, 3, h, &n), -1);
	ec_faq_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(toy_corpus),
		cmocka_unit_test(storage),
		cmocka_unit_test(human_phrases),
		cmocka_unit_test(slots),
		cmocka_unit_test(calibrate),
		cmocka_unit_test(answer_small_kb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
