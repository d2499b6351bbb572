/*
 * fuzz_lda.c: libFuzzer target for loading LDA models (lib/ec_lda's
 * payload inside the ec_model container): whatever the bytes, loading gives
 * a model or a message, never a crash, a leak or a read out of bounds; a
 * model that loads can infer a document.
 *
 * Each input is used two ways: (1) as a model file image; (2) as the
 * payload of a fresh "lda" container whose metadata says "lda/1", so that
 * the fuzzer reaches the payload checks behind the checksum, which it could
 * not forge.
 *
 * Built with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and with
 * tests/fuzz/replay.c by the Makefile so that `make check` replays the seed
 * corpus in tests/fuzz/corpus/fuzz_lda/ (a tiny model made by ec-lda train,
 * its bare payload, and damaged copies).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_buf.h"
#include "ec_lda.h"
#include "ec_model.h"
#include "ec_rng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct ec_lda *m)
{
	uint32_t w[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < 4; i++)
		w[i] = (uint32_t)i % m->v;
	double *theta = malloc(m->k * sizeof *theta);
	void *scr = malloc(ec_lda_infer_scratch(m, 4));
	if (!theta || !scr)
		abort();
	struct ec_rng r;
	ec_rng_seed(&r, 1);
	ec_lda_infer(m, w, 4, 3, 1, &r, theta, scr);
	double s = 0;
	for (uint32_t t = 0; t < m->k; t++)
		s += theta[t];
	if (!(s > 0.999 && s < 1.001))
		abort();
	free(theta);
	free(scr);
	ec_lda_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec_lda m;
	char err[512];
	json_t *meta = NULL;
	if (ec_lda_decode(&m, data, size, "fuzz", &meta, err, sizeof err) == 0) {
		json_decref(meta);
		use(&m);
	} else if (!err[0]) {
		abort();
	}

	struct ec_buf b = EC_BUF_INIT;
	json_t *md = json_pack("{s:s}", "payload", "lda/1");
	if (!md || ec_model_encode(&b, "lda", md, data, size, 1, err, sizeof err) < 0)
		abort();
	json_decref(md);
	if (ec_lda_decode(&m, b.data, b.len, "fuzz", NULL, err, sizeof err) == 0)
		use(&m);
	else if (!err[0])
		abort();
	ec_buf_free(&b);
	return 0;
}
