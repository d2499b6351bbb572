/*
 * fuzz_tok.c: libFuzzer target for the shared tokenizer (lib/ec_tok.c):
 * NFKC and case folding through utf8proc, the split into units, bigrams of
 * CJK runs, the S-stemmer, stop words, and the pre-segmented mode. The
 * input is one text. Properties: ill-formed UTF-8 is refused with an error
 * and no token; otherwise every token is non-empty, well-formed UTF-8 and
 * holds no space, and the count returned equals the tokens delivered.
 * Without a dictionary (bigrams) so that the result does not depend on the
 * machine.
 *
 * Built with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and with
 * tests/fuzz/replay.c by the Makefile for `make check`.
 */
#include "ec_text.h"
#include "ec_tok.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_token(const char *tok, size_t len, void *ud)
{
	if (len == 0 || !ec_utf8_valid(tok, len, NULL) || memchr(tok, ' ', len))
		abort();
	(*(size_t *)ud)++;
	return 0;
}

static struct ec_tok *make(unsigned flags)
{
	struct ec_tok_opts o;
	memset(&o, 0, sizeof o);
	o.dict = "";
	o.flags = flags;
	char err[256];
	struct ec_tok *t = ec_tok_new(&o, err, sizeof err);
	if (!t) {
		fprintf(stderr, "fuzz_tok: %s\n", err);
		abort();
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ec_tok *tk[3];
	if (!tk[0]) {
		tk[0] = make(0);
		tk[1] = make(EC_TOK_KEEP_NUMBERS | EC_TOK_KEEP_PUNCT | EC_TOK_STEM);
		tk[2] = make(EC_TOK_TOKENIZED);
	}
	int valid = ec_utf8_valid((const char *)data, size, NULL);
	for (int i = 0; i < 3; i++) {
		size_t seen = 0;
		int n = ec_tok_run(tk[i], (const char *)data, size, check_token, &seen);
		if (!valid && (n != -1 || seen))
			abort();
		if (valid && (n < 0 || (size_t)n != seen))
			abort();
	}
	return 0;
}
