/*
 * fuzz_ctr.c: libFuzzer target for click-through model loading
 * (lib/ec_ctr.h), since model files may come from elsewhere: whatever the
 * bytes, loading gives a model or a message, never a crash, a leak or a
 * read out of bounds, and a model that loads scores a record to a
 * probability in [0, 1].
 *
 * Each input is used two ways: (1) as a model file image
 * (ec_ctr_load_mem); (2) split at its first NUL byte into metadata JSON and
 * payload, sealed in a fresh "ctr" container, so that the fuzzer reaches
 * the specification and payload parsers behind the checksum it could not
 * forge. The seed corpus in tests/fuzz/corpus/fuzz_ctr/ holds such
 * metadata-NUL-payload images of tiny lr, wd and din models (made by
 * tests/fuzz/make-ctr-corpus.sh) and damaged copies.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_buf.h"
#include "ec_ctr.h"
#include "ec_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void try_score(struct ec_ctr *m)
{
	const char *val[64];
	size_t len[64];
	size_t n = ec_ctr_nfields(m);
	if (n > 64)
		return;
	for (size_t i = 0; i < n; i++) {
		val[i] = i % 2 ? "a b c" : "7";
		len[i] = strlen(val[i]);
	}
	char err[256];
	double p = ec_ctr_score(m, val, len, err, sizeof err);
	if (!isnan(p) && !(p >= 0 && p <= 1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct ec_ctr *m = ec_ctr_load_mem(data, size, "fuzz", err, sizeof err);
	if (m) {
		try_score(m);
		ec_ctr_free(m);
	} else if (!err[0]) {
		abort();
	}

	const uint8_t *nul = memchr(data, 0, size);
	if (!nul)
		return 0;
	json_error_t je;
	json_t *meta = json_loadb((const char *)data, (size_t)(nul - data), 0, &je);
	if (!json_is_object(meta)) {
		json_decref(meta);
		return 0;
	}
	struct ec_buf b = EC_BUF_INIT;
	if (ec_model_encode(&b, "ctr", meta, nul + 1, size - (size_t)(nul - data) - 1, 1, err,
	                    sizeof err) == 0) {
		err[0] = 0;
		m = ec_ctr_load_mem(b.data, b.len, "fuzz", err, sizeof err);
		if (m) {
			try_score(m);
			ec_ctr_free(m);
		} else if (!err[0]) {
			abort();
		}
	}
	json_decref(meta);
	ec_buf_free(&b);
	return 0;
}
