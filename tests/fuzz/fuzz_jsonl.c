/*
 * fuzz_jsonl.c: libFuzzer target for the JSONL side of ec_reader
 * (lib/ec_reader.c over jansson, with ec_stream's libarchive underneath).
 *
 * The input is a file's bytes, plain or compressed or archived. It is read
 * twice: with the format forced to JSONL (so lines that do not start with
 * '{' still reach jansson and the "not a JSON object" path), given twice
 * as two files so that the stream crosses a file boundary, and with the
 * format sniffed (EC_FORMAT_AUTO), which is what ec-ingest does and which
 * sends inputs whose first byte is not '{' through the CSV side instead.
 * Columns grow as new keys appear; read_all.h touches every value, every
 * column name after every record, and checks the contract.
 *
 * Built with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and with
 * tests/fuzz/replay.c by the Makefile for `make check`.
 */
#include "read_all.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ec_reader_opts o;

	fuzz_put(data, size);

	memset(&o, 0, sizeof o);
	o.format = EC_FORMAT_JSONL;
	o.max_record = FUZZ_MAX_RECORD;
	fuzz_sink += read_all(&o, 2);

	o.format = EC_FORMAT_AUTO;
	fuzz_sink += read_all(&o, 1);
	return 0;
}
