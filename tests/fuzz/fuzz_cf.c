/*
 * fuzz_cf.c: libFuzzer target for cf models (lib/ec_cf), since model files
 * may come from elsewhere: whatever the bytes, decoding gives a model or a
 * message, never a crash or a read out of bounds, and a model that decodes
 * can be scored without one either.
 *
 * Each input is used two ways: (1) as a cf payload, decoded by
 * ec_cf_decode (the container's checksum would stop the fuzzer before the
 * payload otherwise); (2) as a model file image of kind "cf", decoded by
 * ec_model_decode and then its payload. A model that decodes scores a
 * history of its first three items (weights 1, 2, 3) and gives its top 5,
 * whose indices must be in range.
 *
 * The seed corpus tests/fuzz/corpus/fuzz_cf/ holds the payloads and the
 * files of tiny pop, itemknn, ease and als models (tests/fuzz/make-corpus.sh
 * does not make them: they come from ec-train on
 * tests/cli/ec-recommend/data/events.csv, see that directory's README).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_cf.h"
#include "ec_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct ec_cf_model *m)
{
	struct ec_cf_scorer s;
	if (ec_cf_scorer_init(&s, m) < 0)
		return;
	uint32_t h[3];
	float w[3] = { 1, 2, 3 };
	size_t nh = 0;
	for (uint32_t j = 0; j < m->n && nh < 3; j++)
		h[nh++] = j;
	if (ec_cf_score(m, &s, h, w, nh) == 0) {
		uint32_t idx[5];
		double val[5];
		size_t k = ec_cf_topk(s.score, NULL, m->n, 5, idx, val);
		for (size_t i = 0; i < k; i++)
			if (idx[i] >= m->n)
				abort();
		if (k)
			(void)ec_cf_explain(m, h, w, nh, idx[0]);
	}
	ec_cf_scorer_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec_cf_model m;
	char err[512];
	err[0] = 0;
	if (ec_cf_decode(&m, data, size, err, sizeof err) == 0) {
		use(&m);
		ec_cf_free(&m);
	} else if (!err[0]) {
		abort();
	}
	struct ec_model mm;
	if (ec_model_decode(&mm, data, size, "fuzz", "cf", err, sizeof err) == 0) {
		if (ec_cf_decode(&m, mm.payload, mm.payload_len, err, sizeof err) == 0) {
			use(&m);
			ec_cf_free(&m);
		}
		ec_model_free(&mm);
	}
	return 0;
}
