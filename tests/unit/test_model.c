/*
 * test_model.c: the model container of lib/ec_model.h: a round trip
 * through memory and through a file (kind, metadata, payload exactly
 * back), and the refusals with their messages: a damaged byte (checksum),
 * every truncation, another kind, a newer format version, bad magic,
 * trailing bytes, a bad kind name.
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

#include "ec_model.h"

static const char payload[] = "postings postings postings 0123456789 postings";

static void encode(struct ec_buf *b)
{
	char err[256];
	json_t *meta = json_pack("{s:f, s:s}", "threshold", 0.25, "name", "été");
	assert_non_null(meta);
	assert_int_equal(ec_model_encode(b, "faq", meta, payload, sizeof payload, 0, err,
	                                 sizeof err), 0);
	json_decref(meta);
}

static void round_trip(void **state)
{
	(void)state;
	struct ec_buf b = EC_BUF_INIT;
	struct ec_model m;
	char err[256];
	encode(&b);
	assert_memory_equal(b.data, "\x89" "ECMODL\n\x01\0\0\0\x03\0\0\0faq", 19);
	assert_int_equal(ec_model_decode(&m, b.data, b.len, "kb", "faq", err, sizeof err), 0);
	assert_string_equal(m.kind, "faq");
	assert_int_equal(m.version, 1);
	assert_int_equal(m.payload_len, sizeof payload);
	assert_memory_equal(m.payload, payload, sizeof payload);
	assert_true(json_real_value(json_object_get(m.meta, "threshold")) == 0.25);
	assert_string_equal(json_string_value(json_object_get(m.meta, "name")), "été");
	ec_model_free(&m);
	/* any kind accepted with NULL; an empty payload and NULL metadata */
	ec_buf_reset(&b);
	assert_int_equal(ec_model_encode(&b, "cf", NULL, NULL, 0, 0, err, sizeof err), 0);
	assert_int_equal(ec_model_decode(&m, b.data, b.len, "x", NULL, err, sizeof err), 0);
	assert_string_equal(m.kind, "cf");
	assert_int_equal(m.payload_len, 0);
	assert_int_equal(json_object_size(m.meta), 0);
	ec_model_free(&m);
	ec_buf_free(&b);
}

static void file_round_trip(void **state)
{
	(void)state;
	char dir[128], path[160], err[256];
	snprintf(dir, sizeof dir, "%s/test_model.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/m.ecm", dir);
	json_t *meta = json_pack("{s:i}", "k", 7);
	assert_int_equal(ec_model_save(path, "lda", meta, payload, sizeof payload, err, sizeof err), 0);
	json_decref(meta);
	struct ec_model m;
	assert_int_equal(ec_model_load(&m, path, "lda", err, sizeof err), 0);
	assert_memory_equal(m.payload, payload, sizeof payload);
	assert_int_equal(json_integer_value(json_object_get(m.meta, "k")), 7);
	ec_model_free(&m);
	/* a damaged byte in the payload on disk */
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, -12, SEEK_END);
	int c = fgetc(f);
	fseek(f, -12, SEEK_END);
	fputc(c ^ 0x40, f);
	fclose(f);
	assert_int_equal(ec_model_load(&m, path, "lda", err, sizeof err), -1);
	char want[200];
	snprintf(want, sizeof want, "%s: damaged model file (checksum mismatch)", path);
	assert_string_equal(err, want);
	unlink(path);
	assert_int_equal(ec_model_load(&m, path, "lda", err, sizeof err), -1);
	assert_non_null(strstr(err, "No such file"));
	rmdir(dir);
}

static void refusals(void **state)
{
	(void)state;
	struct ec_buf b = EC_BUF_INIT;
	struct ec_model m;
	char err[256];
	encode(&b);
	/* every damaged byte is caught (the checksum, or a field check before it) */
	for (size_t i = 0; i < b.len; i++) {
		b.data[i] ^= 0x01;
		assert_int_equal(ec_model_decode(&m, b.data, b.len, "kb", "faq", err, sizeof err), -1);
		assert_null(m.payload);
		b.data[i] ^= 0x01;
	}
	b.data[25] ^= 0x01;
	ec_model_decode(&m, b.data, b.len, "kb", "faq", err, sizeof err);
	assert_string_equal(err, "kb: damaged model file (checksum mismatch)");
	b.data[25] ^= 0x01;
	/* every truncation */
	for (size_t n = 0; n < b.len; n++)
		assert_int_equal(ec_model_decode(&m, b.data, n, "kb", NULL, err, sizeof err), -1);
	ec_model_decode(&m, b.data, b.len - 1, "kb", NULL, err, sizeof err);
	assert_string_equal(err, "kb: truncated model file");
	ec_model_decode(&m, b.data, 3, "kb", NULL, err, sizeof err);
	assert_string_equal(err, "kb: not an ec model file (bad magic)");
	/* another kind */
	assert_int_equal(ec_model_decode(&m, b.data, b.len, "kb", "ctr", err, sizeof err), -1);
	assert_string_equal(err, "kb: a 'faq' model, not 'ctr'");
	/* a newer format version */
	b.data[8] = 2;
	ec_model_decode(&m, b.data, b.len, "kb", "faq", err, sizeof err);
	assert_string_equal(err, "kb: model format version 2; this program reads version 1 "
	                         "(upgrade ec)");
	b.data[8] = 1;
	/* trailing bytes */
	assert_int_equal(ec_buf_add(&b, "x", 1), 0);
	ec_model_decode(&m, b.data, b.len, "kb", "faq", err, sizeof err);
	assert_string_equal(err, "kb: damaged model file (1 bytes after the end)");
	/* bad kind names are refused when writing */
	ec_buf_reset(&b);
	assert_int_equal(ec_model_encode(&b, "Bad Kind", NULL, "", 0, 0, err, sizeof err), -1);
	assert_int_equal(b.len, 0);
	json_t *arr = json_array();
	assert_int_equal(ec_model_encode(&b, "faq", arr, "", 0, 0, err, sizeof err), -1);
	assert_string_equal(err, "model metadata is not a JSON object");
	json_decref(arr);
	ec_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(file_round_trip),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
