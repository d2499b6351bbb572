/*
 * ec_tok: the tokenizer shared by the topic model (ec-lda) and the FAQ
 * matcher (ec-faq): UTF-8 text in, normalised word tokens out, for Chinese,
 * English and the mixture of both that shop reviews and queries are.
 *
 * Pipeline, per call of ec_tok_run():
 *
 *  1. Normalisation: NFKC with full case folding and default-ignorable code
 *     points removed (Unicode UAX #15 and the NFKC_Casefold mapping of
 *     Unicode ch. 3.13, through utf8proc), so full-width forms ('ＡＢＣ１２３',
 *     '，') become their ASCII counterparts and 'Straße' becomes 'strasse'.
 *     U+2019 (right single quotation mark) is read as an apostrophe.
 *     Ill-formed UTF-8 is an error, never guessed at.
 *  2. Units. Code points are classed as CJK (Han ideographs, kana), letters
 *     (and marks), digits, punctuation/symbols or space. A unit is one CJK
 *     character, a maximal run of letters (an apostrophe between letters
 *     belongs to the run: "don't"), or a maximal run of digits ('.' between
 *     digits belongs to it: "3.5"); letters and digits are separate units,
 *     so "abc123" is "abc" + "123". A letter run ending in "'s" loses it
 *     (the English possessive: "seller's" -> "seller"). Units that touch
 *     (no space or punctuation between) form a segment.
 *  3. Segmentation of each segment:
 *     - with a dictionary: the maximum-probability path through the word
 *       graph, the method of jieba (Sun Junyi, https://github.com/fxsjy/jieba,
 *       `cut(..., HMM=False)`): for every unit k, the DAG holds each
 *       dictionary word that starts at k; route(k) = max over those words
 *       w = k..x of log(freq(w)/total) + route(x+1), route(end) = 0, an
 *       unknown single unit scoring log(1/total); ties go to the longer
 *       word; the path is read from the start. Because dictionary keys are
 *       matched on unit boundaries, words mixing Latin and Chinese ("T恤",
 *       "B超") are found, while a Latin run is never cut inside.
 *     - without one: overlapping character bigrams of each run of CJK
 *       units (a run of one gives that character), every other unit as it
 *       is. CJK text is never dropped for want of a dictionary.
 *  4. Filtering: a token that is a lone digit unit is dropped unless
 *     EC_TOK_KEEP_NUMBERS; punctuation and symbols are dropped unless
 *     EC_TOK_KEEP_PUNCT (then each is a token of its own); stop words are
 *     dropped; with EC_TOK_STEM a token of ASCII letters a-z goes through
 *     the S-stemmer of Harman (D. Harman, "How effective is suffixing?",
 *     JASIS 42(1):7-15, 1991): "ies" -> "y" (not after 'a' or 'e'), "es" ->
 *     "e" (not after 'a', 'e', 'o' or 'i'), "s" -> "" (not after 'u' or
 *     's'), the first rule whose ending matches deciding and an exception
 *     leaving the word as it is; words shorter than three letters are
 *     kept (the reading of Lucene's EnglishMinimalStemmer). Stop words are
 *     checked before stemming, so "this" never becomes "thi".
 *
 * With EC_TOK_TOKENIZED the input is taken as already segmented: tokens are
 * the runs between white space, normalised (step 1) and filtered (step 4;
 * a token is punctuation when it has only punctuation, a number when it
 * has only digits and '.'), never split further.
 *
 * Dictionary: jieba's dict.txt format, one `word freq [tag]` per line
 * (UTF-8, fields separated by spaces or tabs, the tag ignored). Words are
 * normalised as text is; a word that is not made of units (it holds
 * punctuation or space, as "AT&T") can never match and is skipped; words
 * equal after normalisation ("iPhone", "iphone") add their frequencies.
 * total is the sum of all frequencies. The map also holds every prefix of
 * every word (frequency 0), so that the DAG scan from a unit stops at the
 * first string that no word begins with, as jieba does; the longest word
 * in bytes bounds it too. Measured on one core: Debian's dict.txt (349,046
 * lines, 349,038 usable words) loads in about 0.3 s of CPU (34 MB
 * resident); the 11 MB of online_shopping_10_cats reviews segment at
 * about 20 MB/s with it and 90 MB/s in bigram mode; on 200,000 Han runs
 * of those reviews the output equals jieba's `cut(s, HMM=False)` exactly.
 *
 * Where the dictionary comes from (ec_tok_opts.dict):
 *   a path   that file; failing to read it is an error;
 *   ""       none: bigrams (as EC_TOK_BIGRAMS);
 *   NULL     the environment variable EC_JIEBA_DICT if it is set (a path,
 *            an error if unreadable; empty: none), else EC_TOK_DEBIAN_DICT
 *            if that file exists (Debian's python3-jieba), else none.
 * A user dictionary has the same format, the frequency optional; it is
 * read after the main one and overrides it: a word's frequency is replaced
 * (total adjusted), frequency 0 removes a word, and a word without a
 * frequency gets the smallest one that makes it beat the best path through
 * its parts (jieba's suggest_freq: floor(total * prod P(part)) + 1, at
 * least its old frequency). A user dictionary needs a main one.
 *
 * Stop words: files of one word per line; blank lines and lines whose
 * first non-blank character is '#' are ignored; words are normalised as
 * text is. The built-in lists (short lists of function words, the same as
 * data/stopwords-zh.txt and data/stopwords-en.txt) are used unless
 * ec_tok_opts.stopwords names files. Negations (不, 没有, no, not, never)
 * are deliberately absent: they matter to reviews and questions.
 *
 * Errors: functions return -1 (or NULL) and leave a lowercase message
 * naming the object ("PATH:LINE: frequency 'x' is not a number",
 * "invalid UTF-8 at byte 3"). The library never prints or exits.
 *
 * Ownership and threads: an ec_tok owns its dictionary, stop words and
 * scratch buffers; ec_tok_run() uses the scratch, so one handle serves one
 * thread at a time (make one per thread). Token pointers passed to the
 * callback are valid only during the call.
 */
#ifndef EC_TOK_H
#define EC_TOK_H

#include <stddef.h>

/* Where Debian's python3-jieba puts its dictionary. */
#define EC_TOK_DEBIAN_DICT "/usr/lib/python3/dist-packages/jieba/dict.txt"

enum {
	EC_TOK_KEEP_NUMBERS = 1 << 0, /* keep tokens that are digit runs ("123", "3.5") */
	EC_TOK_KEEP_PUNCT = 1 << 1,   /* punctuation and symbols as one-character tokens */
	EC_TOK_STEM = 1 << 2,         /* Harman's S-stemmer on tokens of a-z */
	EC_TOK_TOKENIZED = 1 << 3,    /* input already segmented by white space */
	EC_TOK_BIGRAMS = 1 << 4,      /* CJK bigrams even when a dictionary exists */
};

struct ec_tok_opts {
	const char *dict;        /* NULL: search (see above); "": none */
	const char *user_dict;   /* NULL: none */
	/*
	 * NULL-terminated list of stop-word files replacing the built-in
	 * lists; NULL: the built-in Chinese and English lists; a list whose
	 * first element is NULL: no stop words.
	 */
	const char *const *stopwords;
	unsigned flags;          /* EC_TOK_* */
};

struct ec_tok;

/*
 * A tokenizer with options o (NULL: all defaults). Loads the dictionaries
 * and stop words. NULL on failure with the reason in err ("PATH: No such
 * file or directory", "PATH:12: frequency 'x' is not a number", "out of
 * memory").
 */
struct ec_tok *ec_tok_new(const struct ec_tok_opts *o, char *err, size_t errlen);
void ec_tok_free(struct ec_tok *t);

/*
 * Called once per token, in text order: tok[0..len) is normalised UTF-8,
 * NUL-terminated, borrowed for the call. Return 0 to go on; anything else
 * stops ec_tok_run().
 */
typedef int (*ec_tok_cb)(const char *tok, size_t len, void *ud);

/*
 * Tokenize text[0..n) (n <= INT_MAX; NUL bytes count as space). Returns
 * the number of tokens passed to cb (0 for empty text), or -1 with
 * ec_tok_error() set: ill-formed UTF-8 ("invalid UTF-8 at byte N", before
 * any token is delivered), out of memory, or "stopped by the callback".
 */
int ec_tok_run(struct ec_tok *t, const char *text, size_t n, ec_tok_cb cb, void *ud);

/*
 * Add the words of a stop-word file (format above). 0, or -1 with
 * "PATH: reason" or "PATH:LINE: reason" in err.
 */
int ec_tok_stopwords_load(struct ec_tok *t, const char *path, char *err, size_t errlen);
/* 1 when word[0..n) (already normalised) is a stop word. */
int ec_tok_is_stopword(const struct ec_tok *t, const char *word, size_t n);
size_t ec_tok_nstopwords(const struct ec_tok *t);

/* The dictionary in use (path as given or found), or NULL in bigram mode. */
const char *ec_tok_dict_path(const struct ec_tok *t);
/* Words (frequency > 0) in the dictionary, 0 in bigram mode. */
size_t ec_tok_dict_words(const struct ec_tok *t);
/* The last error of ec_tok_run() ("" when none). */
const char *ec_tok_error(const struct ec_tok *t);

#endif
