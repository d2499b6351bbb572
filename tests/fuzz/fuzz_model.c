/*
 * fuzz_model.c: libFuzzer target for model loading (lib/ec_model's
 * container and lib/ec_faq's payload), since model files may come from
 * elsewhere: whatever the bytes, loading gives a model or a message, never
 * a crash, a leak or a read out of bounds.
 *
 * Each input is used three ways: (1) as a model file image, decoded with
 * any kind accepted; (2) as a faq model (ec_faq_load_mem: container, then
 * metadata, entries JSON, phrasing map and the two BM25 indexes); (3) as
 * the payload of a fresh container, so that the fuzzer reaches the paths
 * after the checksum, which it could not forge: the container must decode
 * to the same bytes, and flipping one byte chosen by the input must be
 * refused.
 *
 * Built two ways: with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and
 * with tests/fuzz/replay.c by the Makefile so that `make check` replays
 * the seed corpus in tests/fuzz/corpus/fuzz_model/ (made by ec-faq index
 * on tiny knowledge bases, plus damaged copies).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ec_faq.h"
#include "ec_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec_model m;
	char err[512];

	if (ec_model_decode(&m, data, size, "fuzz", NULL, err, sizeof err) == 0)
		ec_model_free(&m);
	else if (!err[0])
		abort();

	struct ec_faq *f = ec_faq_load_mem(data, size, "fuzz", err, sizeof err);
	if (f) {
		struct ec_faq_hit h[3];
		size_t n;
		ec_faq_ask(f, "where is my parcel 包裹在哪", strlen("where is my parcel 包裹在哪"),
		           3, h, &n);
		for (size_t i = 0; i < n; i++)
			if (h[i].entry >= ec_faq_size(f))
				abort();
		ec_faq_free(f);
	}

	struct ec_buf b = EC_BUF_INIT;
	if (ec_model_encode(&b, "fuzz", NULL, data, size, 1, err, sizeof err) < 0)
		abort();
	if (ec_model_decode(&m, b.data, b.len, "fuzz", "fuzz", err, sizeof err) < 0 ||
	    m.payload_len != size || (size && memcmp(m.payload, data, size)))
		abort();
	ec_model_free(&m);
	size_t at = size ? (data[0] * 251u + size) % b.len : b.len / 2;
	b.data[at] ^= 0x20;
	if (ec_model_decode(&m, b.data, b.len, "fuzz", "fuzz", err, sizeof err) == 0)
		abort();
	ec_buf_free(&b);
	return 0;
}
