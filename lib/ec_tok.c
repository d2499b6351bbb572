/*
 * ec_tok.c: the shared tokenizer (see ec_tok.h for the method and its
 * sources).
 *
 * Text goes through three arrays held by the handle and reused from call to
 * call, so that a stream of documents costs no allocation once the largest
 * has been seen: code points (t->cp, from utf8proc or, for text made only
 * of ASCII, common CJK ideographs and full-width forms, from a decoder that
 * knows those need no more than ASCII case folding and the full-width
 * offset), the normalised UTF-8 of the units only (t->norm), and the units
 * (t->u: byte spans in t->norm, a kind, and whether the unit touches the
 * one before). Units of one segment are contiguous in t->norm, so a
 * candidate word is a byte span that can be looked up in the dictionary
 * map without copying.
 *
 * The DAG of jieba is never stored: route(k) needs only the words starting
 * at k and route(x+1) for x >= k, so the scan from the end computes each
 * unit's edges and its best choice in one go.
 */
#include "ec_tok.h"

#include "ec_buf.h"
#include "ec_strmap.h"
#include "ec_text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* NFKC_Casefold as utf8proc_NFKC_Casefold() does it. */
#define NORM_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | \
                   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* Longest normalised text, in code points, one call takes: byte offsets of
 * units are 32-bit and a code point is at most 4 bytes. */
#define MAX_CP ((size_t)1 << 30)

/* code point classes */
enum { C_SPACE, C_PUNCT, C_LETTER, C_DIGIT, C_CJK };
/* unit and token kinds */
enum { K_CJK = 1, K_WORD, K_NUM, K_PUNCT, K_MULTI };

struct unit {
	uint32_t b, e;     /* bytes [b, e) of t->norm */
	uint8_t kind;      /* K_* */
	uint8_t join;      /* 1: touches the unit before (same segment) */
};

/* Dictionary value: freq 0 marks a prefix that is not itself a word. */
struct dent {
	double freq;
	double logf;       /* log(freq) when freq > 0 */
};

struct ec_tok {
	unsigned flags;
	struct ec_strmap *dict;  /* NULL: bigram mode */
	char *dict_path;
	double total, logtotal;
	size_t maxbytes;         /* longest word in bytes: bounds the DAG scan */
	size_t nwords;
	struct ec_strmap *stop;  /* set of stop words */

	int32_t *cp;             /* scratch: code points */
	size_t ncp, cpcap;
	struct ec_buf norm;      /* scratch: normalised units */
	struct unit *u;          /* scratch: units */
	size_t nu, ucap;
	size_t gaps;             /* breaks seen by build_units (space, punctuation, 's) */
	double *route;           /* scratch: DAG dynamic programming */
	uint32_t *next;
	size_t rcap;
	struct ec_buf tok;       /* the token handed to the callback */

	ec_tok_cb cb;
	void *ud;
	int count;
	char err[256];
};

static const char *const builtin_zh[] = {
	"的", "地", "得", "之", "了", "着", "过", "是", "为", "在", "于", "和",
	"与", "及", "以及", "或", "或者", "而", "而且", "并", "并且", "且", "也",
	"都", "就", "就是", "才", "又", "还", "还是", "再", "但", "但是", "却",
	"可是", "不过", "然而", "只是", "虽然", "因为", "所以", "因此", "如果",
	"即使", "那么", "然后", "于是", "把", "被", "让", "给", "对", "对于",
	"关于", "从", "向", "往", "由", "以", "按照", "根据", "比", "跟", "这",
	"那", "哪", "这个", "那个", "哪个", "这些", "那些", "这样", "那样",
	"这么", "这里", "那里", "哪里", "什么", "怎么", "怎样", "怎么样",
	"为什么", "谁", "我", "你", "您", "他", "她", "它", "我们", "你们",
	"他们", "她们", "它们", "咱们", "大家", "自己", "啊", "吧", "呢", "吗",
	"嘛", "呀", "哦", "噢", "嗯", "哈", "啦", "哇", "么", "罢了", "而已",
	"一个", "个", "些", "一些", "每", "各", "某", "其", "其他", "其它", "等",
	"等等", "已", "已经", "曾经", "正在", "将", "会", "能", "可以", "要",
	"应该", "有",
};
static const char *const builtin_en[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
	"any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
	"both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
	"each", "either", "else", "few", "for", "from", "further", "had", "has", "have",
	"having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
	"however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "its",
	"itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "of",
	"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
	"own", "per", "same", "shall", "she", "should", "since", "so", "some", "such", "than",
	"that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
	"they'd", "they'll", "they're", "they've", "this", "those", "though", "through", "thus",
	"to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "we'd",
	"we'll", "we're", "we've", "were", "what", "when", "where", "whether", "which", "while",
	"who", "whom", "whose", "why", "will", "with", "within", "would", "yet", "you", "you'd",
	"you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- normalisation ---- */

/* U+2019, the usual apostrophe of typed English, as U+0027. */
static utf8proc_int32_t apostrophe(utf8proc_int32_t c, void *data)
{
	(void)data;
	return c == 0x2019 ? 0x27 : c;
}

static int cp_reserve(struct ec_tok *t, size_t n)
{
	if (n <= t->cpcap)
		return 0;
	size_t cap = t->cpcap ? t->cpcap : 256;
	while (cap < n)
		cap *= 2;
	int32_t *p = realloc(t->cp, cap * sizeof *p);
	if (!p)
		return -1;
	t->cp = p;
	t->cpcap = cap;
	return 0;
}

/*
 * Code points that NFKC_Casefold maps to themselves and that never take
 * part in a composition, checked against utf8proc 2.8 one by one: common
 * CJK punctuation, the unified ideographs, dashes and curly quotes.
 * (U+3012-U+3037 are left out: U+3036 maps to U+3012.)
 */
static int stable3(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3001 && c <= 0x3011) ||
	       c == 0x2014 || c == 0x2018 || c == 0x201C || c == 0x201D;
}

/*
 * s[0..n) -> t->cp[0..ncp), normalised. -1 with t->err on ill-formed
 * UTF-8, out of memory or text too long.
 */
static int to_codepoints(struct ec_tok *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (cp_reserve(t, n + 1) < 0)
		goto nomem;
	size_t i = 0, k = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c < 0x80) {
			t->cp[k++] = (int32_t)(c - 'A' < 26 ? c + 32 : c);
			i++;
			continue;
		}
		if (c >= 0xE2 && c <= 0xEF && i + 3 <= n && (p[i + 1] & 0xC0) == 0x80 &&
		    (p[i + 2] & 0xC0) == 0x80) {
			int32_t u = (int32_t)(((c & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) |
			                      (p[i + 2] & 0x3Fu));
			if (stable3(u)) {
				t->cp[k++] = u;
				i += 3;
				continue;
			}
			if (u >= 0xFF01 && u <= 0xFF5E) {  /* full-width ASCII */
				u -= 0xFEE0;
				t->cp[k++] = (uint32_t)(u - 'A') < 26 ? u + 32 : u;
				i += 3;
				continue;
			}
			if (u == 0x2019) {
				t->cp[k++] = '\'';
				i += 3;
				continue;
			}
		}
		goto slow;
	}
	t->ncp = k;
	return 0;
slow:
	for (;;) {
		utf8proc_ssize_t r = utf8proc_decompose_custom(p, (utf8proc_ssize_t)n, t->cp,
		                                               (utf8proc_ssize_t)t->cpcap, NORM_OPTS,
		                                               apostrophe, NULL);
		if (r == UTF8PROC_ERROR_NOMEM)
			goto nomem;
		if (r < 0) {
			size_t bad = 0;
			ec_utf8_valid(s, n, &bad);
			snprintf(t->err, sizeof t->err, "invalid UTF-8 at byte %zu", bad);
			return -1;
		}
		if ((size_t)r >= MAX_CP) {
			snprintf(t->err, sizeof t->err, "text of %zu bytes is too long", n);
			return -1;
		}
		if ((size_t)r <= t->cpcap) {
			r = utf8proc_normalize_utf32(t->cp, r, NORM_OPTS);
			if (r < 0)
				goto nomem;
			t->ncp = (size_t)r;
			return 0;
		}
		if (cp_reserve(t, (size_t)r) < 0)
			goto nomem;
	}
nomem:
	snprintf(t->err, sizeof t->err, "out of memory");
	return -1;
}

/* ---- units ---- */

static const unsigned char ascii_cls[128] = {
	['!'] = C_PUNCT, ['"'] = C_PUNCT, ['#'] = C_PUNCT, ['$'] = C_PUNCT, ['%'] = C_PUNCT,
	['&'] = C_PUNCT, ['\''] = C_PUNCT, ['('] = C_PUNCT, [')'] = C_PUNCT, ['*'] = C_PUNCT,
	['+'] = C_PUNCT, [','] = C_PUNCT, ['-'] = C_PUNCT, ['.'] = C_PUNCT, ['/'] = C_PUNCT,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
	['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
	[':'] = C_PUNCT, [';'] = C_PUNCT, ['<'] = C_PUNCT, ['='] = C_PUNCT, ['>'] = C_PUNCT,
	['?'] = C_PUNCT, ['@'] = C_PUNCT,
	['A'] = C_LETTER, ['B'] = C_LETTER, ['C'] = C_LETTER, ['D'] = C_LETTER, ['E'] = C_LETTER,
	['F'] = C_LETTER, ['G'] = C_LETTER, ['H'] = C_LETTER, ['I'] = C_LETTER, ['J'] = C_LETTER,
	['K'] = C_LETTER, ['L'] = C_LETTER, ['M'] = C_LETTER, ['N'] = C_LETTER, ['O'] = C_LETTER,
	['P'] = C_LETTER, ['Q'] = C_LETTER, ['R'] = C_LETTER, ['S'] = C_LETTER, ['T'] = C_LETTER,
	['U'] = C_LETTER, ['V'] = C_LETTER, ['W'] = C_LETTER, ['X'] = C_LETTER, ['Y'] = C_LETTER,
	['Z'] = C_LETTER,
	['['] = C_PUNCT, ['\\'] = C_PUNCT, [']'] = C_PUNCT, ['^'] = C_PUNCT, ['_'] = C_PUNCT,
	['`'] = C_PUNCT,
	['a'] = C_LETTER, ['b'] = C_LETTER, ['c'] = C_LETTER, ['d'] = C_LETTER, ['e'] = C_LETTER,
	['f'] = C_LETTER, ['g'] = C_LETTER, ['h'] = C_LETTER, ['i'] = C_LETTER, ['j'] = C_LETTER,
	['k'] = C_LETTER, ['l'] = C_LETTER, ['m'] = C_LETTER, ['n'] = C_LETTER, ['o'] = C_LETTER,
	['p'] = C_LETTER, ['q'] = C_LETTER, ['r'] = C_LETTER, ['s'] = C_LETTER, ['t'] = C_LETTER,
	['u'] = C_LETTER, ['v'] = C_LETTER, ['w'] = C_LETTER, ['x'] = C_LETTER, ['y'] = C_LETTER,
	['z'] = C_LETTER,
	['{'] = C_PUNCT, ['|'] = C_PUNCT, ['}'] = C_PUNCT, ['~'] = C_PUNCT,
	/* controls, space and DEL are 0 = C_SPACE */
};

/* Scripts written without spaces between words: Han, kana, bopomofo. */
static int is_cjk(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3005 && c <= 0x3007) ||
	       (c >= 0x3021 && c <= 0x3029) || (c >= 0x3100 && c <= 0x312F) ||
	       (c >= 0x31A0 && c <= 0x31BF) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

static int cls_of(int32_t c)
{
	if (c < 0x80)
		return ascii_cls[c];
	if (c >= 0x4E00 && c <= 0x9FFF)
		return C_CJK;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return is_cjk(c) ? C_CJK : C_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return is_cjk(c) ? C_CJK : C_DIGIT;
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_SO:
		return C_PUNCT;
	default:  /* separators, controls, format, unassigned, private use */
		return C_SPACE;
	}
}

static size_t put_utf8(char *o, int32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	return (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)o);
}

/*
 * t->cp -> t->norm (the bytes of units only) and t->u. Punctuation units
 * are made only when `punct` is set. In tokenized mode a unit is a run
 * between spaces: K_PUNCT if all punctuation, K_NUM if all digits and '.',
 * else K_WORD.
 */
static int build_units(struct ec_tok *t, int tokenized, int punct)
{
	size_t ncp = t->ncp;
	ec_buf_reset(&t->norm);
	if (ec_buf_grow(&t->norm, 4 * ncp + 1) < 0)
		return -1;
	if (ncp + 1 > t->ucap) {
		size_t cap = t->ucap ? t->ucap : 64;
		while (cap < ncp + 1)
			cap *= 2;
		struct unit *u = realloc(t->u, cap * sizeof *u);
		if (!u)
			return -1;
		t->u = u;
		t->ucap = cap;
	}
	char *o = t->norm.data;
	size_t pos = 0, nu = 0, gaps = 0;
	int open = 0;   /* the last unit is still growing */
	int brk = 1;    /* the next unit does not touch the last one */
	const int32_t *cp = t->cp;
	struct unit *u = t->u;

#define CLOSE() do { if (open) { open = 0; close_word(); } } while (0)
#define PUSH(kind_) do { u[nu].b = (uint32_t)pos; u[nu].e = (uint32_t)pos; \
	u[nu].kind = (kind_); u[nu].join = !brk; nu++; brk = 0; } while (0)
	/* the English possessive: "seller's" -> "seller", and a break */
#define close_word() do { struct unit *w = &u[nu - 1]; \
	if (w->kind == K_WORD && w->e - w->b > 2 && o[w->e - 2] == '\'' && \
	    o[w->e - 1] == 's') { w->e -= 2; pos -= 2; brk = 1; gaps++; } } while (0)

	for (size_t i = 0; i < ncp; i++) {
		int32_t c = cp[i];
		int k = cls_of(c);
		if (tokenized) {
			if (k == C_SPACE) {
				open = 0;
				continue;
			}
			int kind = k == C_PUNCT ? K_PUNCT : k == C_DIGIT ? K_NUM : K_WORD;
			if (!open) {
				PUSH(kind);
				open = 1;
			} else if (u[nu - 1].kind != kind &&
			           !(u[nu - 1].kind == K_NUM && c == '.')) {
				u[nu - 1].kind = K_WORD;
			}
			pos += put_utf8(o + pos, c);
			u[nu - 1].e = (uint32_t)pos;
			continue;
		}
		switch (k) {
		case C_CJK:
			CLOSE();
			PUSH(K_CJK);
			pos += put_utf8(o + pos, c);
			u[nu - 1].e = (uint32_t)pos;
			break;
		case C_LETTER:
		case C_DIGIT: {
			int kind = k == C_LETTER ? K_WORD : K_NUM;
			if (!open || u[nu - 1].kind != kind) {
				CLOSE();
				PUSH(kind);
				open = 1;
			}
			pos += put_utf8(o + pos, c);
			u[nu - 1].e = (uint32_t)pos;
			break;
		}
		case C_PUNCT:
			/* an apostrophe inside a word, a decimal point inside a number */
			if (open && i + 1 < ncp &&
			    ((c == '\'' && u[nu - 1].kind == K_WORD && cls_of(cp[i + 1]) == C_LETTER) ||
			     (c == '.' && u[nu - 1].kind == K_NUM && (uint32_t)(cp[i - 1] - '0') < 10u &&
			      (uint32_t)(cp[i + 1] - '0') < 10u))) {
				o[pos++] = (char)c;
				u[nu - 1].e = (uint32_t)pos;
				break;
			}
			CLOSE();
			gaps++;
			brk = 1;
			if (punct) {
				PUSH(K_PUNCT);
				pos += put_utf8(o + pos, c);
				u[nu - 1].e = (uint32_t)pos;
				brk = 1;
			}
			break;
		default:
			CLOSE();
			gaps++;
			brk = 1;
			break;
		}
	}
	CLOSE();
#undef CLOSE
#undef PUSH
#undef close_word
	o[pos] = '\0';
	t->norm.len = pos;
	t->nu = nu;
	t->gaps = gaps;
	return 0;
}

/* ---- stemming ---- */

/*
 * Harman's S-stemmer (JASIS 42(1), 1991), read as Lucene's
 * EnglishMinimalStemmer reads it: the first rule whose ending matches
 * decides, its exceptions leave the word alone. s[0..n) is a-z only.
 */
static size_t s_stem(char *s, size_t n)
{
	if (n < 3 || s[n - 1] != 's')
		return n;
	switch (s[n - 2]) {
	case 'u':
	case 's':
		return n;
	case 'e':
		if (s[n - 3] == 'i') {      /* -ies */
			if (n > 3 && s[n - 4] != 'a' && s[n - 4] != 'e') {
				s[n - 3] = 'y';
				return n - 2;
			}
			return n;
		}
		if (s[n - 3] == 'a' || s[n - 3] == 'e' || s[n - 3] == 'o')
			return n;
		return n - 1;               /* -es -> -e */
	default:
		return n - 1;               /* -s */
	}
}

static int all_az(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)(s[i] - 'a') >= 26)
			return 0;
	return 1;
}

/* ---- emitting ---- */

/* Token norm[b..e) of a kind: filter, stem, hand to the callback. */
static int emit(struct ec_tok *t, size_t b, size_t e, int kind)
{
	const char *s = t->norm.data + b;
	size_t n = e - b;
	if (kind == K_NUM && !(t->flags & EC_TOK_KEEP_NUMBERS))
		return 0;
	if (kind == K_PUNCT && !(t->flags & EC_TOK_KEEP_PUNCT))
		return 0;
	if (ec_strmap_size(t->stop) && ec_strmap_get(t->stop, s, n))
		return 0;
	ec_buf_reset(&t->tok);
	if (ec_buf_add(&t->tok, s, n) < 0) {
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	if (kind == K_WORD && (t->flags & EC_TOK_STEM) && all_az(t->tok.data, n)) {
		size_t m = s_stem(t->tok.data, n);
		if (m != n) {
			if (ec_strmap_size(t->stop) && ec_strmap_get(t->stop, t->tok.data, m))
				return 0;
			n = m;
			t->tok.len = n;
			t->tok.data[n] = '\0';
		}
	}
	if (t->count == INT_MAX) {
		snprintf(t->err, sizeof t->err, "more than %d tokens", INT_MAX);
		return -1;
	}
	if (t->cb(t->tok.data, n, t->ud) != 0) {
		snprintf(t->err, sizeof t->err, "stopped by the callback");
		return -1;
	}
	t->count++;
	return 0;
}

/* ---- segmentation ---- */

static int route_reserve(struct ec_tok *t, size_t m)
{
	if (m + 1 <= t->rcap)
		return 0;
	size_t cap = t->rcap ? t->rcap : 64;
	while (cap < m + 1)
		cap *= 2;
	double *r = realloc(t->route, cap * sizeof *r);
	if (!r)
		return -1;
	t->route = r;
	uint32_t *x = realloc(t->next, cap * sizeof *x);
	if (!x)
		return -1;
	t->next = x;
	t->rcap = cap;
	return 0;
}

/*
 * jieba's calc(): route[k] = max over dictionary words k..x of
 * log(freq) - log(total) + route[x+1]; next[k] = that x. Units a..z-1.
 */
static int dag_route(struct ec_tok *t, size_t a, size_t z)
{
	size_t m = z - a;
	if (route_reserve(t, m) < 0)
		return -1;
	const struct unit *u = t->u + a;
	const char *norm = t->norm.data;
	double *route = t->route;
	route[m] = 0;
	for (size_t k = m; k-- > 0;) {
		double best = -INFINITY;
		size_t bx = k;
		int found = 0;
		for (size_t x = k; x < m; x++) {
			size_t len = u[x].e - u[k].b;
			if (len > t->maxbytes)
				break;
			const struct dent *d = ec_strmap_get(t->dict, norm + u[k].b, len);
			if (!d)
				break;
			if (d->freq > 0) {
				double s = d->logf - t->logtotal + route[x + 1];
				if (s >= best) {  /* ties: the longer word, as jieba's max() */
					best = s;
					bx = x;
				}
				found = 1;
			}
		}
		if (!found)
			best = -t->logtotal + route[k + 1];
		route[k] = best;
		t->next[k] = (uint32_t)bx;
	}
	return 0;
}

static int seg_dict(struct ec_tok *t, size_t a, size_t z)
{
	if (dag_route(t, a, z) < 0) {
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	for (size_t k = 0; k < z - a;) {
		size_t x = t->next[k];
		int kind = x == k ? t->u[a + k].kind : K_MULTI;
		if (emit(t, t->u[a + k].b, t->u[a + x].e, kind) < 0)
			return -1;
		k = x + 1;
	}
	return 0;
}

static int seg_bigrams(struct ec_tok *t, size_t a, size_t z)
{
	const struct unit *u = t->u;
	for (size_t k = a; k < z;) {
		if (u[k].kind != K_CJK) {
			if (emit(t, u[k].b, u[k].e, u[k].kind) < 0)
				return -1;
			k++;
			continue;
		}
		size_t r = k + 1;
		while (r < z && u[r].kind == K_CJK)
			r++;
		if (r - k == 1 && emit(t, u[k].b, u[k].e, K_CJK) < 0)
			return -1;
		for (size_t j = k; j + 1 < r; j++)
			if (emit(t, u[j].b, u[j + 1].e, K_CJK) < 0)
				return -1;
		k = r;
	}
	return 0;
}

int ec_tok_run(struct ec_tok *t, const char *text, size_t n, ec_tok_cb cb, void *ud)
{
	t->err[0] = '\0';
	t->count = 0;
	if (n == 0)
		return 0;
	if (n > INT_MAX) {
		snprintf(t->err, sizeof t->err, "text of %zu bytes is too long", n);
		return -1;
	}
	if (to_codepoints(t, text, n) < 0)
		return -1;
	int tokenized = !!(t->flags & EC_TOK_TOKENIZED);
	if (build_units(t, tokenized, !!(t->flags & EC_TOK_KEEP_PUNCT)) < 0) {
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	t->cb = cb;
	t->ud = ud;
	const struct unit *u = t->u;
	for (size_t i = 0; i < t->nu;) {
		if (tokenized || u[i].kind == K_PUNCT) {
			if (emit(t, u[i].b, u[i].e, u[i].kind) < 0)
				return -1;
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < t->nu && u[j].join && u[j].kind != K_PUNCT)
			j++;
		if ((t->dict ? seg_dict(t, i, j) : seg_bigrams(t, i, j)) < 0)
			return -1;
		i = j;
	}
	return t->count;
}

/* ---- dictionaries ---- */

/*
 * Normalise a dictionary word into t->norm and t->u. 1 when it is made of
 * units only (so that text can match it), 0 when it cannot match, -1 on
 * error (t->err).
 */
static int norm_word(struct ec_tok *t, const char *s, size_t n)
{
	if (to_codepoints(t, s, n) < 0)
		return -1;
	if (build_units(t, 0, 0) < 0) {
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	return t->nu > 0 && t->gaps == 0;
}

static int is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* jieba's suggest_freq: the frequency that lets the word beat its parts. */
static double suggest_freq(struct ec_tok *t, double old)
{
	if (dag_route(t, 0, t->nu) < 0)
		return -1;
	double f = floor(exp(t->route[0]) * t->total) + 1;
	return f > old ? f : old > 0 ? old : 1;
}

/*
 * The next line of a word file (dictionary, stop words) with a leading BOM
 * on line 1 and surrounding blanks cut away: [*s, *end), NUL-terminated at
 * *end. 1, or 0 at the end of the file (ferror tells an error).
 */
static int next_line(FILE *f, char **line, size_t *cap, long *ln, char **s, char **end)
{
	ssize_t got = getline(line, cap, f);
	if (got < 0)
		return 0;
	(*ln)++;
	char *b = *line, *e = *line + got;
	if (*ln == 1 && got >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
		b += 3;
	while (e > b && is_blank((unsigned char)e[-1]))
		e--;
	*e = '\0';
	while (b < e && is_blank((unsigned char)*b))
		b++;
	*s = b;
	*end = e;
	return 1;
}

static int dict_load(struct ec_tok *t, const char *path, int user, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long ln = 0;
	int rc = -1;
	char *s, *end;
	while (next_line(f, &line, &cap, &ln, &s, &end)) {
		if (s == end)
			continue;
		char *w = s;
		while (s < end && !is_blank((unsigned char)*s))
			s++;
		size_t wn = (size_t)(s - w);
		while (s < end && is_blank((unsigned char)*s))
			s++;
		char *fs = s;
		while (s < end && !is_blank((unsigned char)*s))
			s++;
		*s = '\0';
		double freq = -1;  /* -1: suggest one (user dictionary) */
		int tag = *fs && strspn(fs, "abcdefghijklmnopqrstuvwxyz") == strlen(fs);
		if (*fs && !(user && tag)) {
			char *e;
			errno = 0;
			freq = strtod(fs, &e);
			if (e == fs || *e || errno || !(freq >= 0) || freq > 1e15) {
				seterr(err, errlen, "%s:%ld: frequency '%s' is not a number", path, ln, fs);
				goto out;
			}
		} else if (!user) {
			seterr(err, errlen, "%s:%ld: no frequency after '%.*s'", path, ln, (int)wn, w);
			goto out;
		}
		int ok = norm_word(t, w, wn);
		if (ok < 0) {
			seterr(err, errlen, "%s:%ld: %s", path, ln, t->err);
			goto out;
		}
		if (!ok)
			continue;
		const char *k = t->norm.data;
		size_t kn = t->norm.len;
		struct dent *d;
		if (freq < 0) {
			d = ec_strmap_get(t->dict, k, kn);
			freq = suggest_freq(t, d ? d->freq : 0);
			if (freq < 0)
				goto nomem;
		}
		/* every prefix that ends on a unit boundary, then the word */
		for (size_t i = 0; i + 1 < t->nu; i++)
			if (!ec_strmap_put(t->dict, k, t->u[i].e, NULL))
				goto nomem;
		if (!(d = ec_strmap_put(t->dict, k, kn, NULL)))
			goto nomem;
		if (user) {
			t->total += freq - d->freq;
			d->freq = freq;
		} else {
			t->total += freq;
			d->freq += freq;
		}
		d->logf = d->freq > 0 ? log(d->freq) : 0;
		if (kn > t->maxbytes)
			t->maxbytes = kn;
		t->logtotal = t->total > 0 ? log(t->total) : 0;
	}
	if (ferror(f)) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!(t->total > 0)) {
		seterr(err, errlen, "%s: no words", path);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	seterr(err, errlen, "out of memory");
out:
	free(line);
	fclose(f);
	return rc;
}

/* ---- stop words ---- */

static int stop_add(struct ec_tok *t, const char *w, size_t n)
{
	if (to_codepoints(t, w, n) < 0)
		return -1;
	ec_buf_reset(&t->norm);
	if (ec_buf_grow(&t->norm, 4 * t->ncp + 1) < 0)
		goto nomem;
	size_t pos = 0;
	for (size_t i = 0; i < t->ncp; i++)
		pos += put_utf8(t->norm.data + pos, t->cp[i]);
	if (pos && !ec_strmap_put(t->stop, t->norm.data, pos, NULL))
		goto nomem;
	return 0;
nomem:
	snprintf(t->err, sizeof t->err, "out of memory");
	return -1;
}

int ec_tok_stopwords_load(struct ec_tok *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long ln = 0;
	int rc = -1;
	char *s, *end;
	while (next_line(f, &line, &cap, &ln, &s, &end)) {
		if (s == end || *s == '#')
			continue;
		if (stop_add(t, s, (size_t)(end - s)) < 0) {
			seterr(err, errlen, "%s:%ld: %s", path, ln, t->err);
			goto out;
		}
	}
	if (ferror(f)) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}

int ec_tok_is_stopword(const struct ec_tok *t, const char *word, size_t n)
{
	return ec_strmap_get(t->stop, word, n) != NULL;
}

size_t ec_tok_nstopwords(const struct ec_tok *t) { return ec_strmap_size(t->stop); }

/* ---- the handle ---- */

struct ec_tok *ec_tok_new(const struct ec_tok_opts *o, char *err, size_t errlen)
{
	static const struct ec_tok_opts defaults;
	if (!o)
		o = &defaults;
	struct ec_tok *t = calloc(1, sizeof *t);
	if (!t) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	t->flags = o->flags;
	ec_buf_init(&t->norm);
	ec_buf_init(&t->tok);
	if (!(t->stop = ec_strmap_new(0)))
		goto nomem;

	if (!o->stopwords) {
		for (size_t i = 0; i < sizeof builtin_zh / sizeof *builtin_zh; i++)
			if (!ec_strmap_put(t->stop, builtin_zh[i], strlen(builtin_zh[i]), NULL))
				goto nomem;
		for (size_t i = 0; i < sizeof builtin_en / sizeof *builtin_en; i++)
			if (!ec_strmap_put(t->stop, builtin_en[i], strlen(builtin_en[i]), NULL))
				goto nomem;
	} else {
		for (const char *const *p = o->stopwords; *p; p++)
			if (ec_tok_stopwords_load(t, *p, err, errlen) < 0)
				goto fail;
	}

	/* the dictionary search of ec_tok.h */
	const char *path = o->dict;
	int optional = 0;
	if (t->flags & EC_TOK_BIGRAMS) {
		path = NULL;
	} else if (!path) {
		path = getenv("EC_JIEBA_DICT");
		if (!path) {
			path = EC_TOK_DEBIAN_DICT;
			optional = 1;
		}
	}
	if (path && *path) {
		FILE *probe = optional ? fopen(path, "r") : NULL;
		if (probe)
			fclose(probe);
		if (!optional || probe) {
			if (!(t->dict = ec_strmap_new(sizeof(struct dent))) ||
			    !(t->dict_path = strdup(path)))
				goto nomem;
			if (dict_load(t, path, 0, err, errlen) < 0)
				goto fail;
		}
	}
	if (o->user_dict) {
		if (!t->dict) {
			seterr(err, errlen, "user dictionary '%s' needs a main dictionary "
			       "(none in use: set EC_JIEBA_DICT or install python3-jieba)",
			       o->user_dict);
			goto fail;
		}
		if (dict_load(t, o->user_dict, 1, err, errlen) < 0)
			goto fail;
	}
	if (t->dict)
		for (size_t i = 0; i < ec_strmap_size(t->dict); i++)
			t->nwords += ((const struct dent *)ec_strmap_val(t->dict, i))->freq > 0;
	return t;
nomem:
	seterr(err, errlen, "out of memory");
fail:
	ec_tok_free(t);
	return NULL;
}

void ec_tok_free(struct ec_tok *t)
{
	if (!t)
		return;
	ec_strmap_free(t->dict);
	ec_strmap_free(t->stop);
	free(t->dict_path);
	free(t->cp);
	free(t->u);
	free(t->route);
	free(t->next);
	ec_buf_free(&t->norm);
	ec_buf_free(&t->tok);
	free(t);
}

const char *ec_tok_dict_path(const struct ec_tok *t) { return t->dict ? t->dict_path : NULL; }
size_t ec_tok_dict_words(const struct ec_tok *t) { return t->nwords; }
const char *ec_tok_error(const struct ec_tok *t) { return t->err; }
