/*
 * fuzz_csv.c: libFuzzer target for the CSV/TSV side of ec_reader
 * (lib/ec_reader.c over libcsv, with ec_stream's libarchive underneath).
 *
 * The input is a file's bytes: plain CSV, or compressed, or a tar/zip of
 * CSV members, since the reader detects all of that from content. Each
 * input is read three times because the header logic is where the state
 * is: (1) format CSV with the delimiter sniffed and a header row, as
 * ec-ingest reads by default, with the input given twice as two files so
 * that the second one's header is compared and skipped; (2) no_header, so every row is data and the
 * columns are named 1, 2, ...; (3) no_header with two given column names and
 * a 256-byte record limit, to reach the ragged-row and too-long paths.
 * read_all.h touches every byte handed out and checks the contract.
 *
 * Built two ways: with clang -fsanitize=fuzzer by tests/fuzz/run.sh, and
 * with tests/fuzz/replay.c by the Makefile so that `make check` replays the
 * seed corpus in tests/fuzz/corpus/fuzz_csv/.
 */
#include "read_all.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a", "b" };
	struct ec_reader_opts o;

	fuzz_put(data, size);

	memset(&o, 0, sizeof o);
	o.format = EC_FORMAT_CSV;
	o.max_record = FUZZ_MAX_RECORD;
	fuzz_sink += read_all(&o, 2);

	o.no_header = 1;
	fuzz_sink += read_all(&o, 1);

	o.columns = names;
	o.ncolumns = 2;
	o.max_record = 256;
	fuzz_sink += read_all(&o, 1);
	return 0;
}
