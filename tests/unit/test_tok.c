/*
 * test_tok.c: the tokenizer of ec_tok.h on hand-made text and a small
 * hand-written frequency dictionary, every expected token list written out
 * and every segmentation choice computed by hand in the comment beside it.
 * One test uses the real jieba dictionary when Debian's python3-jieba is
 * installed (or EC_JIEBA_DICT names one) and is skipped otherwise; its
 * expectations are jieba's own output (`jieba.cut(s, HMM=False)`), the first
 * the example of jieba's README.
 *
 * Runs from the top of the repository (tests/run.sh does), where
 * data/stopwords-*.txt are compared with the built-in lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_tok.h"

static char dir[64];
static char dict_path[128], user_path[128], stop_path[128], bad_path[128];
static char dict_a[128], dict_b[128];

/*
 * The small dictionary: total T = 100+80+50+60+70+90+200+3+50+20+10+40+30+5
 * = 808.
 */
static const char small_dict[] =
	"物流 100 n\n速度 80 n\n很快 50 d\n快递 60 n\n包装 70 v\n不错 90 a\n"
	"很 200 d\n递 3 v\n手机 50 n\n手机壳 20 n\n壳 10 n\n好看 40 a\nT恤 30 n\n"
	"盒 5 n\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/test_tok.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dict_path, sizeof dict_path, "%s/dict.txt", dir);
	snprintf(user_path, sizeof user_path, "%s/user.txt", dir);
	snprintf(stop_path, sizeof stop_path, "%s/stop.txt", dir);
	snprintf(bad_path, sizeof bad_path, "%s/bad.txt", dir);
	snprintf(dict_a, sizeof dict_a, "%s/a.txt", dir);
	snprintf(dict_b, sizeof dict_b, "%s/b.txt", dir);
	write_file(dict_path, small_dict);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *files[] = { dict_path, user_path, stop_path, bad_path, dict_a, dict_b };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		unlink(files[i]);
	rmdir(dir);
	return 0;
}

/* ---- helpers ---- */

struct acc {
	char s[4096];
	size_t len;
	int n;
	int stop_after;  /* > 0: return 1 after that many tokens */
};

static int collect(const char *tok, size_t len, void *ud)
{
	struct acc *a = ud;
	assert_int_equal(strlen(tok), len);  /* NUL-terminated */
	assert_true(a->len + len + 2 < sizeof a->s);
	if (a->n)
		a->s[a->len++] = ' ';
	memcpy(a->s + a->len, tok, len);
	a->len += len;
	a->s[a->len] = '\0';
	a->n++;
	return a->stop_after && a->n >= a->stop_after;
}

static const char *const no_stop[] = { NULL };

/* A tokenizer; dict "" = none, NULL = search; stop NULL = built-in. */
static struct ec_tok *mk(const char *dict, const char *user, const char *const *stop,
                         unsigned flags)
{
	struct ec_tok_opts o = { .dict = dict, .user_dict = user, .stopwords = stop,
	                         .flags = flags };
	char err[256] = "";
	struct ec_tok *t = ec_tok_new(&o, err, sizeof err);
	if (!t)
		fail_msg("ec_tok_new: %s", err);
	return t;
}

/* Tokens of text joined by single spaces (static buffer). */
static const char *tok(struct ec_tok *t, const char *text)
{
	static struct acc a;
	memset(&a, 0, sizeof a);
	int r = ec_tok_run(t, text, strlen(text), collect, &a);
	if (r < 0)
		fail_msg("ec_tok_run(\"%s\"): %s", text, ec_tok_error(t));
	assert_int_equal(r, a.n);
	return a.s;
}

/* ---- normalisation ---- */

static void nfkc_casefold(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, 0);
	/* full-width letters and digits fold to ASCII; letters and digits are
	 * separate units; numbers are dropped by default */
	assert_string_equal(tok(t, "ＡＢＣ１２３"), "abc");
	assert_string_equal(tok(t, "ｉＰｈｏｎｅ ＸＳ"), "iphone xs");
	/* full case folding (ß -> ss), NFKC of ligatures and compatibility forms */
	assert_string_equal(tok(t, "Straße ﬁne Ⅻ"), "strasse fine xii");
	/* canonical composition: e + U+0301 is é */
	assert_string_equal(tok(t, "cafe\xCC\x81 CAFÉ"), "café café");
	/* a zero-width space (default ignorable) is removed, not a break */
	assert_string_equal(tok(t, "good\xE2\x80\x8Bness"), "goodness");
	ec_tok_free(t);

	t = mk("", NULL, no_stop, EC_TOK_KEEP_NUMBERS);
	assert_string_equal(tok(t, "ＡＢＣ１２３"), "abc 123");
	/* a decimal point between digits stays; full-width digits fold */
	assert_string_equal(tok(t, "价格３.５元 1,000 v2.0"), "价格 3.5 元 1 000 v 2.0");
	ec_tok_free(t);
}

static void punctuation(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, 0);
	/* CJK punctuation (full-width and ideographic) and ASCII punctuation
	 * end runs and are dropped; so are symbols (emoji) */
	assert_string_equal(tok(t, "好！不错。真的？是，吗"), "好 不错 真的 是 吗");
	assert_string_equal(tok(t, "hello, world!!! (ok) a-b_c 好👍"), "hello world ok a b c 好");
	assert_string_equal(tok(t, "「好」、《书》【赞】…"), "好 书 赞");
	ec_tok_free(t);

	t = mk("", NULL, no_stop, EC_TOK_KEEP_PUNCT);
	/* kept, one character per token, normalised (！ -> !, 。 stays) */
	assert_string_equal(tok(t, "好！不错。"), "好 ! 不错 。");
	assert_string_equal(tok(t, "ok?!"), "ok ? !");
	ec_tok_free(t);
}

/* ---- stop words ---- */

static void stopwords_builtin(void **state)
{
	(void)state;
	struct ec_tok *t = mk(dict_path, NULL, NULL, 0);
	/* English: this, is, the, of are stop words, best and phones not */
	assert_string_equal(tok(t, "This is the best of the phones"), "best phones");
	/* the possessive 's goes before the check: "it's" -> "it", a stop word;
	 * I'm is one; don't is a negation and stays */
	assert_string_equal(tok(t, "It's great, I’m happy, don't worry"),
	                    "great happy don't worry");
	/* Chinese: 的, 也 are stop words; 很快, 不错 are not */
	assert_string_equal(tok(t, "物流速度很快的，包装也不错"), "物流 速度 很快 包装 不错");
	/* 我 and 的 are dropped, the unknown 好 stays */
	assert_string_equal(tok(t, "我的手机很好"), "手机 很 好");
	ec_tok_free(t);
}

static void stopwords_file(void **state)
{
	(void)state;
	/* comments, blank lines, blanks around words, normalisation of words */
	write_file(stop_path, "# shop words\n\n  Ｍｙ  \nGREAT\n\t# indented comment\n很快\n");
	const char *const files[] = { stop_path, NULL };
	struct ec_tok *t = mk(dict_path, NULL, files, 0);
	assert_int_equal(ec_tok_nstopwords(t), 3);
	assert_int_equal(ec_tok_is_stopword(t, "my", 2), 1);
	/* the built-in lists are replaced: "the" stays, "my", "great" go */
	assert_string_equal(tok(t, "My phone is GREAT, the 物流很快"), "phone is the 物流");
	char err[256];
	assert_int_equal(ec_tok_stopwords_load(t, "/nonexistent/stop.txt", err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent/stop.txt: No such file or directory");
	ec_tok_free(t);

	/* an empty list: no stop words at all */
	t = mk(dict_path, NULL, no_stop, 0);
	assert_int_equal(ec_tok_nstopwords(t), 0);
	assert_string_equal(tok(t, "the 的"), "the 的");
	ec_tok_free(t);
}

/* data/stopwords-*.txt are the built-in lists, word for word. */
static void stopwords_shipped_equal_builtin(void **state)
{
	(void)state;
	const char *zh = "data/stopwords-zh.txt", *en = "data/stopwords-en.txt";
	if (access(zh, R_OK) || access(en, R_OK))
		skip();  /* not run from the top of the repository */
	const char *const files[] = { zh, en, NULL };
	struct ec_tok *shipped = mk("", NULL, files, 0);
	struct ec_tok *builtin = mk("", NULL, NULL, 0);
	assert_int_equal(ec_tok_nstopwords(shipped), ec_tok_nstopwords(builtin));
	assert_true(ec_tok_nstopwords(builtin) > 250);
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");
		assert_non_null(f);
		char line[256];
		while (fgets(line, sizeof line, f)) {
			line[strcspn(line, "\n")] = '\0';
			if (!*line || *line == '#')
				continue;
			if (!ec_tok_is_stopword(builtin, line, strlen(line)))
				fail_msg("%s: '%s' is not built in", files[i], line);
		}
		fclose(f);
	}
	ec_tok_free(shipped);
	ec_tok_free(builtin);
}

/* ---- English ---- */

static void english_stemmer(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, EC_TOK_STEM);
	/*
	 * Harman's rules: -ies -> -y (not -aies, -eies), -es -> -e (not -aes,
	 * -ees, -oes), -s -> "" (not -us, -ss); under three letters unchanged.
	 */
	assert_string_equal(tok(t, "phones batteries cities days"), "phone battery city day");
	assert_string_equal(tok(t, "boxes dresses shoes trees"), "boxe dresse shoes trees");
	assert_string_equal(tok(t, "glass bus is as series"), "glass bus is as sery");
	/* the possessive before stemming; non-ASCII words are not stemmed */
	assert_string_equal(tok(t, "the seller's boxes, sellers' cafés"), "the seller boxe seller cafés");
	ec_tok_free(t);

	/* stop words are checked before and after stemming: this (not "thi"),
	 * others -> other */
	t = mk("", NULL, NULL, EC_TOK_STEM);
	assert_string_equal(tok(t, "this one and others REVIEWS"), "one review");
	ec_tok_free(t);
	/* without the flag nothing is stemmed */
	t = mk("", NULL, NULL, 0);
	assert_string_equal(tok(t, "REVIEWS batteries"), "reviews batteries");
	ec_tok_free(t);
}

/* ---- Chinese with a dictionary ---- */

static void segment_small_dict(void **state)
{
	(void)state;
	struct ec_tok *t = mk(dict_path, NULL, no_stop, 0);
	assert_string_equal(ec_tok_dict_path(t), dict_path);
	assert_int_equal(ec_tok_dict_words(t), 14);
	/*
	 * 速度很快: 很快 (50) beats 很 (200) + the unknown 快 (1):
	 * 50/808 > 200/808 * 1/808.
	 */
	assert_string_equal(tok(t, "物流速度很快，包装不错"), "物流 速度 很快 包装 不错");
	/*
	 * 很快递: 很|快递 = 200*60/808^2 = 12000/808^2 beats
	 * 很快|递 = 50*3/808^2 = 150/808^2.
	 */
	assert_string_equal(tok(t, "很快递"), "很 快递");
	/* unknown characters come out one by one, never dropped */
	assert_string_equal(tok(t, "物流超快"), "物流 超 快");
	assert_string_equal(tok(t, "龘"), "龘");
	/* 手机壳 20/808 beats 手机|壳 50*10/808^2 */
	assert_string_equal(tok(t, "手机壳好看"), "手机壳 好看");
	ec_tok_free(t);
}

/* The max-probability path depends on total when the word counts differ. */
static void segment_max_probability(void **state)
{
	(void)state;
	/*
	 * T = 1000 in both. 快递包装 as one word: f/1000; as 快递|包装:
	 * (60/1000)(70/1000) = 4.2/1000. f = 5 -> one word, f = 4 -> two.
	 */
	write_file(dict_a, "快递 60\n包装 70\n快递包装 5\n其他 865\n");
	write_file(dict_b, "快递 60\n包装 70\n快递包装 4\n其他 866\n");
	struct ec_tok *a = mk(dict_a, NULL, no_stop, 0);
	struct ec_tok *b = mk(dict_b, NULL, no_stop, 0);
	assert_string_equal(tok(a, "快递包装"), "快递包装");
	assert_string_equal(tok(b, "快递包装"), "快递 包装");
	ec_tok_free(a);
	ec_tok_free(b);
}

static void mixed_text(void **state)
{
	(void)state;
	struct ec_tok *t = mk(dict_path, NULL, NULL, EC_TOK_STEM);
	/* the Latin run is one unit, lower-cased; then the dictionary path:
	 * 手机壳 (see above), 很, 好看 */
	assert_string_equal(tok(t, "iPhone手机壳很好看"), "iphone 手机壳 很 好看");
	/* a dictionary word mixing Latin and Han ("T恤", stored as "t恤") */
	assert_string_equal(tok(t, "买了Ｔ恤，phones很好看"), "买 t恤 phone 很 好看");
	/* a space splits it */
	assert_string_equal(tok(t, "T 恤"), "t 恤");
	ec_tok_free(t);
}

static void user_dictionary(void **state)
{
	(void)state;
	/*
	 * 很快 5000 replaces 50 (T = 808 - 50 + 5000 = 5758): 很快|递 =
	 * 5000*3 = 15000 now beats 很|快递 = 200*60 = 12000 (both two words,
	 * T cancels). 手机壳 0 removes the word: 手机|壳. 包装盒 without a
	 * frequency gets floor(T * 70/T * 5/T) + 1 = 1, and 1/T beats
	 * 70*5/T^2 = 350/T^2 as T > 350. 快递包装 with a tag only: suggested too.
	 */
	write_file(user_path, "很快 5000\n手机壳 0\n包装盒\n快递包装 n\n");
	struct ec_tok *t = mk(dict_path, user_path, no_stop, 0);
	assert_string_equal(tok(t, "很快递"), "很快 递");
	assert_string_equal(tok(t, "手机壳"), "手机 壳");
	assert_string_equal(tok(t, "包装盒"), "包装盒");
	assert_string_equal(tok(t, "快递包装"), "快递包装");
	assert_int_equal(ec_tok_dict_words(t), 14 - 1 + 2);
	ec_tok_free(t);
}

/* ---- without a dictionary ---- */

static void bigram_fallback(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, 0);
	assert_null(ec_tok_dict_path(t));
	assert_int_equal(ec_tok_dict_words(t), 0);
	assert_string_equal(tok(t, "物流很快"), "物流 流很 很快");
	assert_string_equal(tok(t, "好"), "好");
	assert_string_equal(tok(t, "好，很好"), "好 很好");
	assert_string_equal(tok(t, "买了iPhone手机"), "买了 iphone 手机");
	/* kana are written without spaces too; Hangul words are spaced */
	assert_string_equal(tok(t, "ありがとう"), "あり りが がと とう");
	assert_string_equal(tok(t, "감사합니다 좋아요"), "감사합니다 좋아요");
	ec_tok_free(t);

	/* EC_TOK_BIGRAMS wins over a dictionary */
	t = mk(dict_path, NULL, no_stop, EC_TOK_BIGRAMS);
	assert_null(ec_tok_dict_path(t));
	assert_string_equal(tok(t, "物流很快"), "物流 流很 很快");
	ec_tok_free(t);
}

/* ---- pre-segmented input ---- */

static void tokenized_mode(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, NULL, EC_TOK_TOKENIZED | EC_TOK_STEM);
	/* taken as they are (no bigrams, no splitting of seller's or a-b),
	 * normalised, stop words (的) and punctuation (，) and numbers dropped */
	assert_string_equal(tok(t, "物流 速度 很快 ， Ｐｈｏｎｅｓ 的 3.5 seller's a-b\n\t好评"),
	                    "物流 速度 很快 phone seller's a-b 好评");
	ec_tok_free(t);
	t = mk("", NULL, no_stop, EC_TOK_TOKENIZED | EC_TOK_KEEP_NUMBERS | EC_TOK_KEEP_PUNCT);
	assert_string_equal(tok(t, "好 ， 3.5 ！！ x1"), "好 , 3.5 !! x1");
	ec_tok_free(t);
}

/* ---- errors and edge cases ---- */

static void invalid_utf8(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, 0);
	static const struct { const char *s; size_t n; const char *err; } cases[] = {
		{ "abc\xff", 4, "invalid UTF-8 at byte 3" },
		{ "好\xe4\xb8", 5, "invalid UTF-8 at byte 3" },        /* truncated */
		{ "a\xc0\xaf", 3, "invalid UTF-8 at byte 1" },         /* overlong '/' */
		{ "\xed\xa0\x80 ok", 6, "invalid UTF-8 at byte 0" },   /* surrogate */
		{ "物流\x80很快", 13, "invalid UTF-8 at byte 6" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct acc a = { .n = 0 };
		assert_int_equal(ec_tok_run(t, cases[i].s, cases[i].n, collect, &a), -1);
		assert_int_equal(a.n, 0);  /* no token before the error */
		assert_string_equal(ec_tok_error(t), cases[i].err);
	}
	/* and the handle still works */
	assert_string_equal(tok(t, "物流很快"), "物流 流很 很快");
	assert_string_equal(ec_tok_error(t), "");
	ec_tok_free(t);
}

static void empty_and_blank(void **state)
{
	(void)state;
	struct ec_tok *t = mk(dict_path, NULL, NULL, 0);
	struct acc a = { .n = 0 };
	assert_int_equal(ec_tok_run(t, "", 0, collect, &a), 0);
	assert_int_equal(ec_tok_run(t, NULL, 0, collect, &a), 0);
	assert_int_equal(ec_tok_run(t, " \t\n\r\u3000 ", strlen(" \t\n\r\u3000 "), collect, &a), 0);
	assert_int_equal(ec_tok_run(t, "，。！？...", strlen("，。！？..."), collect, &a), 0);
	assert_int_equal(ec_tok_run(t, "the 的 123", strlen("the 的 123"), collect, &a), 0);
	/* NUL bytes are space */
	assert_int_equal(ec_tok_run(t, "物流\0速度", 13, collect, &a), 2);
	assert_string_equal(a.s, "物流 速度");
	ec_tok_free(t);
}

static void callback_stops(void **state)
{
	(void)state;
	struct ec_tok *t = mk("", NULL, no_stop, 0);
	struct acc a = { .stop_after = 2 };
	assert_int_equal(ec_tok_run(t, "one two three", 13, collect, &a), -1);
	assert_int_equal(a.n, 2);
	assert_string_equal(ec_tok_error(t), "stopped by the callback");
	ec_tok_free(t);
}

static void open_errors(void **state)
{
	(void)state;
	char err[256];
	struct ec_tok_opts o = { .dict = "/nonexistent/dict.txt", .stopwords = no_stop };
	assert_null(ec_tok_new(&o, err, sizeof err));
	assert_string_equal(err, "/nonexistent/dict.txt: No such file or directory");

	write_file(bad_path, "物流 100\n速度 x1\n");
	o.dict = bad_path;
	assert_null(ec_tok_new(&o, err, sizeof err));
	char want[256];
	snprintf(want, sizeof want, "%s:2: frequency 'x1' is not a number", bad_path);
	assert_string_equal(err, want);

	write_file(bad_path, "物流 100\n速度\n");
	assert_null(ec_tok_new(&o, err, sizeof err));
	snprintf(want, sizeof want, "%s:2: no frequency after '速度'", bad_path);
	assert_string_equal(err, want);

	write_file(bad_path, "物流 100\n\xff\xfe 3\n");
	assert_null(ec_tok_new(&o, err, sizeof err));
	snprintf(want, sizeof want, "%s:2: invalid UTF-8 at byte 0", bad_path);
	assert_string_equal(err, want);

	write_file(bad_path, "\n# nothing\n");  /* jieba's format has no comments */
	assert_null(ec_tok_new(&o, err, sizeof err));
	snprintf(want, sizeof want, "%s:2: frequency 'nothing' is not a number", bad_path);
	assert_string_equal(err, want);

	write_file(bad_path, "AT&T 10\n");  /* skipped: can never match */
	assert_null(ec_tok_new(&o, err, sizeof err));
	snprintf(want, sizeof want, "%s: no words", bad_path);
	assert_string_equal(err, want);

	/* a user dictionary needs a main one */
	o.dict = "";
	o.user_dict = dict_path;
	assert_null(ec_tok_new(&o, err, sizeof err));
	assert_non_null(strstr(err, "needs a main dictionary"));
}

/* The search: explicit path, then EC_JIEBA_DICT, then the Debian path. */
static void dict_search(void **state)
{
	(void)state;
	char *saved = getenv("EC_JIEBA_DICT") ? strdup(getenv("EC_JIEBA_DICT")) : NULL;
	struct ec_tok *t;
	setenv("EC_JIEBA_DICT", dict_path, 1);
	t = mk(NULL, NULL, no_stop, 0);
	assert_string_equal(ec_tok_dict_path(t), dict_path);
	assert_string_equal(tok(t, "物流速度"), "物流 速度");
	ec_tok_free(t);

	setenv("EC_JIEBA_DICT", "", 1);  /* set and empty: none */
	t = mk(NULL, NULL, no_stop, 0);
	assert_null(ec_tok_dict_path(t));
	ec_tok_free(t);

	setenv("EC_JIEBA_DICT", "/nonexistent/dict.txt", 1);
	t = mk(dict_path, NULL, no_stop, 0);  /* explicit first */
	assert_string_equal(ec_tok_dict_path(t), dict_path);
	ec_tok_free(t);
	char err[256];
	struct ec_tok_opts o = { .stopwords = no_stop };
	assert_null(ec_tok_new(&o, err, sizeof err));  /* set but unreadable: an error */
	assert_string_equal(err, "/nonexistent/dict.txt: No such file or directory");

	unsetenv("EC_JIEBA_DICT");
	t = mk(NULL, NULL, no_stop, 0);
	if (access(EC_TOK_DEBIAN_DICT, R_OK) == 0)
		assert_string_equal(ec_tok_dict_path(t), EC_TOK_DEBIAN_DICT);
	else
		assert_null(ec_tok_dict_path(t));
	ec_tok_free(t);
	if (saved)
		setenv("EC_JIEBA_DICT", saved, 1);
	free(saved);
}

/* jieba's own dictionary, when installed: jieba's output, HMM off. */
static void jieba_dict(void **state)
{
	(void)state;
	const char *path = getenv("EC_JIEBA_DICT");
	if (!path || !*path)
		path = EC_TOK_DEBIAN_DICT;
	if (access(path, R_OK))
		skip();
	struct ec_tok *t = mk(path, NULL, no_stop, 0);
	assert_true(ec_tok_dict_words(t) > 100000);
	assert_string_equal(tok(t, "我来到北京清华大学"), "我 来到 北京 清华大学");
	assert_string_equal(tok(t, "他来到了网易杭研大厦"), "他 来到 了 网易 杭 研 大厦");
	assert_string_equal(tok(t, "小明硕士毕业于中国科学院计算所"),
	                    "小 明 硕士 毕业 于 中国科学院 计算所");
	assert_string_equal(tok(t, "物流速度很快，包装不错"), "物流 速度 很快 包装 不错");
	ec_tok_free(t);
	/* with the built-in stop words 我 goes */
	t = mk(path, NULL, NULL, 0);
	assert_string_equal(tok(t, "我来到北京清华大学"), "来到 北京 清华大学");
	ec_tok_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nfkc_casefold),
		cmocka_unit_test(punctuation),
		cmocka_unit_test(stopwords_builtin),
		cmocka_unit_test(stopwords_file),
		cmocka_unit_test(stopwords_shipped_equal_builtin),
		cmocka_unit_test(english_stemmer),
		cmocka_unit_test(segment_small_dict),
		cmocka_unit_test(segment_max_probability),
		cmocka_unit_test(mixed_text),
		cmocka_unit_test(user_dictionary),
		cmocka_unit_test(bigram_fallback),
		cmocka_unit_test(tokenized_mode),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(empty_and_blank),
		cmocka_unit_test(callback_stops),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(dict_search),
		cmocka_unit_test(jieba_dict),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
