/*
 * test_writer.c: unit tests of the record writer (lib/ec_record.h) and of
 * atomic, compressed output (lib/ec_stream.h).
 *
 * Output is what the next program, a spreadsheet or a database loader
 * reads, so each case compares the bytes of the file exactly: CSV quoting
 * of delimiters, quotes, CR and LF (RFC 4180) and nothing else, in CSV
 * and in TSV (TAB as the delimiter); JSONL string escaping with UTF-8 text (Chinese) left
 * byte for byte as it was, bare numbers for numeric columns, absent values
 * omitted in JSONL and empty in CSV. Compressed targets (.zst, .gz) are
 * checked by their magic numbers and read back through ec_reader, which
 * also proves the writer's CSV and JSONL are what the reader expects.
 * Atomic output: ec_output_abort must leave yesterday's file untouched and
 * no temporary file behind; ec_output_commit replaces it.
 *
 * Files are written in a mkdtemp(3) directory that is the working
 * directory while the tests run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ec_buf.h"
#include "ec_record.h"
#include "ec_stream.h"

/* ---- scratch directory and files ---- */

#define SCRATCH_NAME "writer"
#include "scratch.h"

/* The whole file, NUL-terminated (malloc'd); *n its size. */
static char *slurp(const char *name, size_t *n)
{
	FILE *f = fopen(name, "rb");
	if (!f)
		printf("cannot open '%s'\n", name);
	assert_non_null(f);
	struct ec_buf b = EC_BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(ec_buf_add(&b, chunk, k), 0);
	fclose(f);
	return ec_buf_detach(&b, n);
}

static void expect_file(const char *name, const char *want, const char *file, int line)
{
	size_t n;
	char *got = slurp(name, &n);
	if (n != strlen(want) || memcmp(got, want, n))
		printf("%s: got\n%s\nwant\n%s\n", name, got, want);
	_assert_int_equal(n, strlen(want), file, line);
	_assert_memory_equal(got, want, n, file, line);
	free(got);
}

#define EXPECT_FILE(name, want) expect_file(name, want, __FILE__, __LINE__)

static void write_str(const char *name, const char *s)
{
	FILE *f = fopen(name, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(s, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Names of directory entries starting with `prefix`, counted. */
static int count_entries(const char *prefix)
{
	DIR *d = opendir(".");
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			n++;
	closedir(d);
	return n;
}

static struct ec_output *out_open(const char *path, enum ec_compress c)
{
	struct ec_output *o = NULL;
	char err[512] = "";
	int rc = ec_output_open(&o, path, c, err, sizeof err);
	if (rc)
		printf("ec_output_open: %s\n", err);
	assert_int_equal(rc, 0);
	assert_non_null(o);
	return o;
}

static void out_commit(struct ec_output *o)
{
	char err[512] = "";
	int rc = ec_output_commit(o, err, sizeof err);
	if (rc)
		printf("ec_output_commit: %s\n", err);
	assert_int_equal(rc, 0);
}

/*
 * Write rows[nrows][ncols] (NULL = absent) to path as format f and commit.
 */
static void write_table(const char *path, enum ec_compress c, enum ec_format f,
                        const char *const *names, const enum ec_col_type *types,
                        size_t ncols, const char *const *rows, size_t nrows)
{
	struct ec_output *o = out_open(path, c);
	struct ec_writer *w = NULL;
	assert_int_equal(ec_writer_open(&w, o, f, names, types, ncols), 0);
	assert_non_null(w);
	for (size_t i = 0; i < nrows; i++)
		assert_int_equal(ec_writer_write(w, rows + i * ncols, NULL), 0);
	ec_writer_close(w);
	out_commit(o);
}

/* ---- CSV and TSV ---- */

static const char *const names3[] = { "id", "text", "n" };

static const char *const csv_rows[] = {
	"1", "a,b", "3",
	"2", "say \"hi\"", "4",
	"3", "two\nlines", NULL,
	"4", "cr\rhere", "",
	"5", " spaced ", "\xe5\x8c\x97\xe4\xba\xac",
	"6", "\"", "x;y|z\tw",
};

static const char csv_want[] =
	"id,text,n\n"
	"1,\"a,b\",3\n"
	"2,\"say \"\"hi\"\"\",4\n"
	"3,\"two\nlines\",\n"
	"4,\"cr\rhere\",\n"
	"5, spaced ,\xe5\x8c\x97\xe4\xba\xac\n"
	"6,\"\"\"\",x;y|z\tw\n";

static void csv_quoting(void **state)
{
	(void)state;
	write_table("q.csv", EC_COMPRESS_AUTO, EC_FORMAT_CSV, names3, NULL, 3, csv_rows, 6);
	/* quoted only when needed; spaces, UTF-8 and other delimiters bare */
	EXPECT_FILE("q.csv", csv_want);
}

static void csv_reads_back(void **state)
{
	(void)state;
	write_table("rt.csv", EC_COMPRESS_AUTO, EC_FORMAT_CSV, names3, NULL, 3, csv_rows, 6);
	struct ec_reader *r = NULL;
	char err[512];
	const char *const p[] = { "rt.csv" };
	struct ec_reader_opts o = { .format = EC_FORMAT_CSV, .delim = ',' };
	assert_int_equal(ec_reader_open(&r, p, 1, &o, err, sizeof err), 0);
	assert_int_equal(ec_reader_ncols(r), 3);
	struct ec_record rec;
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
		assert_int_equal(rec.nfields, 3);
		for (size_t j = 0; j < 3; j++) {
			/* absent comes back as empty: CSV has no way to tell */
			const char *want = csv_rows[3 * i + j] ? csv_rows[3 * i + j] : "";
			assert_string_equal(rec.val[j], want);
		}
	}
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_END);
	ec_reader_close(r);
}

static void csv_header_quoting(void **state)
{
	(void)state;
	static const char *const names[] = { "order id", "price, EUR", "say \"x\"" };
	static const char *const rows[] = { "A1", "3.50", "" };
	write_table("h.csv", EC_COMPRESS_NONE, EC_FORMAT_CSV, names, NULL, 3, rows, 1);
	EXPECT_FILE("h.csv", "order id,\"price, EUR\",\"say \"\"x\"\"\"\nA1,3.50,\n");
}

static void tsv_quoting(void **state)
{
	(void)state;
	static const char *const names[] = { "k", "v\tw" };
	static const char *const rows[] = {
		"x\ty", "back\\slash",
		"nl\nhere", "cr\r",
		"27\" screen, black", NULL,
		"\"quoted\" first", "\xe4\xb8\xad\xe6\x96\x87",
		"", "",
	};
	write_table("e.tsv", EC_COMPRESS_AUTO, EC_FORMAT_TSV, names, NULL, 2, rows, 5);
	/*
	 * RFC 4180 quoting with TAB as the delimiter; backslash and comma are
	 * data. A quote anywhere quotes the field (27" screen), because the
	 * reader is strict about quotes in unquoted fields.
	 */
	EXPECT_FILE("e.tsv", "k\t\"v\tw\"\n"
	                     "\"x\ty\"\tback\\slash\n"
	                     "\"nl\nhere\"\t\"cr\r\"\n"
	                     "\"27\"\" screen, black\"\t\n"
	                     "\"\"\"quoted\"\" first\"\t\xe4\xb8\xad\xe6\x96\x87\n"
	                     "\t\n");

	/* and it reads back exactly (absent as empty) */
	struct ec_reader *r = NULL;
	char err[512];
	const char *const p[] = { "e.tsv" };
	assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), 0);
	assert_int_equal(ec_reader_format(r), EC_FORMAT_TSV);
	assert_string_equal(ec_reader_colname(r, 1), "v\tw");
	struct ec_record rec;
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
		assert_int_equal(rec.nfields, 2);
		for (size_t j = 0; j < 2; j++)
			assert_string_equal(rec.val[j], rows[2 * i + j] ? rows[2 * i + j] : "");
	}
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_END);
	ec_reader_close(r);
}

static void single_column_empty_values(void **state)
{
	(void)state;
	/*
	 * A one-column row whose value is empty would be an empty line, and
	 * readers (ec_reader included) skip blank lines: the record would be
	 * lost. It must be written so that it reads back (Python's csv module
	 * writes "" for it).
	 */
	static const char *const names[] = { "coupon" };
	static const char *const rows[] = { "A10", "", NULL, "B20" };
	static const enum ec_format fmts[] = { EC_FORMAT_CSV, EC_FORMAT_TSV };
	static const char *const files[] = { "one.csv", "one.tsv" };
	for (size_t f = 0; f < 2; f++) {
		write_table(files[f], EC_COMPRESS_AUTO, fmts[f], names, NULL, 1, rows, 4);
		struct ec_reader *r = NULL;
		char err[512];
		const char *const p[] = { files[f] };
		struct ec_reader_opts o = { .format = fmts[f], .delim = f ? '\t' : ',' };
		assert_int_equal(ec_reader_open(&r, p, 1, &o, err, sizeof err), 0);
		struct ec_record rec;
		char got[4][8];
		int n = 0, k;
		while ((k = ec_reader_next(r, &rec)) == EC_READ_OK && n < 4)
			snprintf(got[n++], sizeof got[0], "%s", rec.val[0]);
		ec_reader_close(r);
		if (n != 4)
			printf("%s: %d records read back, want 4\n", files[f], n);
		assert_int_equal(n, 4);
		assert_int_equal(k, EC_READ_END);
		assert_string_equal(got[0], "A10");
		assert_string_equal(got[1], "");
		assert_string_equal(got[2], "");
		assert_string_equal(got[3], "B20");
	}
}

static void explicit_lengths(void **state)
{
	(void)state;
	static const char *const names[] = { "a", "b", "c" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_STR, EC_COL_NUM };
	const char *const val[] = { "abcdef", "a\0b", "12345" };
	const size_t len[] = { 3, 3, 2 };
	struct ec_output *o = out_open("len.csv", EC_COMPRESS_AUTO);
	struct ec_writer *w;
	assert_int_equal(ec_writer_open(&w, o, EC_FORMAT_CSV, names, types, 3), 0);
	assert_int_equal(ec_writer_write(w, val, len), 0);
	ec_writer_close(w);
	out_commit(o);
	size_t n;
	char *got = slurp("len.csv", &n);
	assert_int_equal(n, 17);
	assert_memory_equal(got, "a,b,c\nabc,a\0b,12\n", 17);
	free(got);

	/* slices in JSONL: a NUL byte inside becomes \u0000 */
	o = out_open("len.jsonl", EC_COMPRESS_AUTO);
	assert_int_equal(ec_writer_open(&w, o, EC_FORMAT_JSONL, names, types, 3), 0);
	assert_int_equal(ec_writer_write(w, val, len), 0);
	ec_writer_close(w);
	out_commit(o);
	EXPECT_FILE("len.jsonl", "{\"a\":\"abc\",\"b\":\"a\\u0000b\",\"c\":12}\n");
}

/* ---- JSONL ---- */

static const char *const jnames[] = { "id", "name", "price", "note" };
static const enum ec_col_type jtypes[] = { EC_COL_NUM, EC_COL_STR, EC_COL_NUM, EC_COL_STR };
static const char *const jrows[] = {
	"1", "say \"hi\" \\ ok", "9.5", "\x01\t\n\r\b\f\x1f\x7f/",
	"2", "\xe5\x8c\x97\xe4\xba\xac\xe7\x83\xa4\xe9\xb8\xad \xe2\x82\xac", NULL, NULL,
	NULL, NULL, NULL, NULL,
	"-0.5e3", "", "0", "x",
};

static void jsonl_escaping(void **state)
{
	(void)state;
	write_table("e.jsonl", EC_COMPRESS_AUTO, EC_FORMAT_JSONL, jnames, jtypes, 4, jrows, 4);
	EXPECT_FILE("e.jsonl",
	            /* quote, backslash, control characters; DEL and '/' as they are */
	            "{\"id\":1,\"name\":\"say \\\"hi\\\" \\\\ ok\",\"price\":9.5,"
	            "\"note\":\"\\u0001\\t\\n\\r\\b\\f\\u001f\x7f/\"}\n"
	            /* Beijing roast duck, euro sign: UTF-8 bytes untouched */
	            "{\"id\":2,\"name\":\"\xe5\x8c\x97\xe4\xba\xac\xe7\x83\xa4\xe9\xb8\xad "
	            "\xe2\x82\xac\"}\n"
	            /* everything absent */
	            "{}\n"
	            /* numeric columns bare, string columns quoted even when empty */
	            "{\"id\":-0.5e3,\"name\":\"\",\"price\":0,\"note\":\"x\"}\n");
}

static void jsonl_reads_back(void **state)
{
	(void)state;
	write_table("rt.jsonl", EC_COMPRESS_AUTO, EC_FORMAT_JSONL, jnames, jtypes, 4, jrows, 4);
	struct ec_reader *r = NULL;
	char err[512];
	const char *const p[] = { "rt.jsonl" };
	assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), 0);
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	struct ec_record rec;
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[0], "1");
	assert_string_equal(rec.val[1], jrows[1]);
	assert_string_equal(rec.val[2], "9.5");
	assert_string_equal(rec.val[3], jrows[3]);
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[0], "2");
	assert_string_equal(rec.val[1], jrows[5]);
	assert_null(rec.val[2]);
	assert_null(rec.val[3]);
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	for (size_t i = 0; i < rec.nfields; i++)
		assert_null(rec.val[i]);
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	/* a number keeps its text as written (the flat-object fast path) */
	assert_string_equal(rec.val[0], "-0.5e3");
	assert_string_equal(rec.val[1], "");
	assert_string_equal(rec.val[2], "0");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_END);
	ec_reader_close(r);
}

static void jsonl_key_escaping(void **state)
{
	(void)state;
	static const char *const names[] = { "we\"ird\\key", "\xe4\xbb\xb7\xe6\xa0\xbc" };
	static const char *const rows[] = { "v", "12.5" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_NUM };
	write_table("k.jsonl", EC_COMPRESS_AUTO, EC_FORMAT_JSONL, names, types, 2, rows, 1);
	/* no header line in JSONL; keys escaped like values */
	EXPECT_FILE("k.jsonl", "{\"we\\\"ird\\\\key\":\"v\",\"\xe4\xbb\xb7\xe6\xa0\xbc\":12.5}\n");
}

static void json_quote(void **state)
{
	(void)state;
	struct ec_buf b = EC_BUF_INIT;
	assert_int_equal(ec_json_quote(&b, "", 0), 0);
	assert_string_equal(b.data, "\"\"");
	ec_buf_reset(&b);
	assert_int_equal(ec_json_quote(&b, "caf\xc3\xa9 \"\\\x1b", 9), 0);
	assert_string_equal(b.data, "\"caf\xc3\xa9 \\\"\\\\\\u001b\"");
	assert_int_equal(b.len, strlen(b.data));
	/* appends, does not replace */
	assert_int_equal(ec_json_quote(&b, "x", 1), 0);
	assert_string_equal(b.data, "\"caf\xc3\xa9 \\\"\\\\\\u001b\"\"x\"");
	ec_buf_free(&b);
}

/* ---- compressed targets ---- */

static void zstd_target(void **state)
{
	(void)state;
	write_table("c.csv.zst", EC_COMPRESS_AUTO, EC_FORMAT_CSV, names3, NULL, 3, csv_rows, 6);
	size_t n;
	char *got = slurp("c.csv.zst", &n);
	assert_true(n > 4);
	assert_memory_equal(got, "\x28\xb5\x2f\xfd", 4);
	free(got);
	struct ec_reader *r = NULL;
	char err[512];
	const char *const p[] = { "c.csv.zst" };
	assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), 0);
	struct ec_record rec;
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.source, "c.csv.zst");
	assert_string_equal(rec.val[1], "a,b");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[1], "say \"hi\"");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[1], "two\nlines");
	assert_int_equal(rec.line, 4);
	ec_reader_close(r);
}

static void gzip_target(void **state)
{
	(void)state;
	write_table("c.jsonl.gz", EC_COMPRESS_AUTO, EC_FORMAT_JSONL, jnames, jtypes, 4, jrows,
	            4);
	size_t n;
	char *got = slurp("c.jsonl.gz", &n);
	assert_true(n > 2);
	assert_memory_equal(got, "\x1f\x8b", 2);
	free(got);
	struct ec_reader *r = NULL;
	char err[512];
	const char *const p[] = { "c.jsonl.gz" };
	assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), 0);
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	struct ec_record rec;
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[3], jrows[3]);
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_string_equal(rec.val[1], jrows[5]);
	ec_reader_close(r);
}

static void compression_given_by_caller(void **state)
{
	(void)state;
	static const char *const names[] = { "a" };
	static const char *const rows[] = { "1" };
	write_table("plain.dat", EC_COMPRESS_ZSTD, EC_FORMAT_CSV, names, NULL, 1, rows, 1);
	size_t n;
	char *got = slurp("plain.dat", &n);
	assert_memory_equal(got, "\x28\xb5\x2f\xfd", 4);
	free(got);
	write_table("x.gz", EC_COMPRESS_NONE, EC_FORMAT_CSV, names, NULL, 1, rows, 1);
	EXPECT_FILE("x.gz", "a\n1\n");
	write_table("y.zst", EC_COMPRESS_GZIP, EC_FORMAT_CSV, names, NULL, 1, rows, 1);
	got = slurp("y.zst", &n);
	assert_memory_equal(got, "\x1f\x8b", 2);
	free(got);
}

/* Many records: several output buffers' worth through each compressor. */
static void big_compressed_round_trip(void **state)
{
	(void)state;
	static const char *const targets[] = { "big.csv.zst", "big.csv.gz", "big.csv" };
	static const char *const names[] = { "i", "sku", "amount" };
	const int rows = 200000;
	for (size_t k = 0; k < 3; k++) {
		struct ec_output *o = out_open(targets[k], EC_COMPRESS_AUTO);
		struct ec_writer *w;
		assert_int_equal(ec_writer_open(&w, o, EC_FORMAT_CSV, names, NULL, 3), 0);
		for (int i = 0; i < rows; i++) {
			char a[16], b[32], c[16];
			snprintf(a, sizeof a, "%d", i);
			snprintf(b, sizeof b, "SKU-%08x", (unsigned)i * 2654435761u);
			snprintf(c, sizeof c, "%d.%02d", i % 977, i % 100);
			const char *const val[] = { a, b, c };
			assert_int_equal(ec_writer_write(w, val, NULL), 0);
		}
		ec_writer_close(w);
		out_commit(o);

		struct ec_reader *r = NULL;
		char err[512];
		const char *const p[] = { targets[k] };
		assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), 0);
		struct ec_record rec;
		int i = 0, k2;
		while ((k2 = ec_reader_next(r, &rec)) == EC_READ_OK) {
			char b[32];
			snprintf(b, sizeof b, "SKU-%08x", (unsigned)i * 2654435761u);
			if (strcmp(rec.val[1], b) || rec.line != i + 2) {
				printf("%s: record %d: '%s' line %ld\n", targets[k], i, rec.val[1],
				       rec.line);
				fail();
			}
			i++;
		}
		assert_int_equal(k2, EC_READ_END);
		assert_int_equal(i, rows);
		ec_reader_close(r);
	}
}

/* ---- atomic output ---- */

static void abort_leaves_target(void **state)
{
	(void)state;
	write_str("daily.csv", "old\n");
	struct ec_output *o = out_open("daily.csv", EC_COMPRESS_AUTO);
	const char *tp = ec_output_temp_path(o);
	assert_non_null(tp);
	/* the temporary file is beside the target, hidden, and exists now */
	assert_int_equal(strncmp(tp, ".daily.csv.", 11), 0);
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", tp);
	assert_int_equal(access(tmp, F_OK), 0);
	assert_int_equal(ec_output_write(o, "new,half\n", 9), 0);
	EXPECT_FILE("daily.csv", "old\n");
	ec_output_abort(o);
	EXPECT_FILE("daily.csv", "old\n");
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(count_entries(".daily.csv"), 0);
}

static void commit_replaces_target(void **state)
{
	(void)state;
	write_str("report.csv", "old\n");
	mode_t um = umask(022);
	struct ec_output *o = out_open("report.csv", EC_COMPRESS_AUTO);
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", ec_output_temp_path(o));
	struct ec_writer *w;
	static const char *const names[] = { "day", "revenue" };
	static const char *const row[] = { "2024-03-01", "1234.50" };
	assert_int_equal(ec_writer_open(&w, o, EC_FORMAT_CSV, names, NULL, 2), 0);
	assert_int_equal(ec_writer_write(w, row, NULL), 0);
	ec_writer_close(w);
	/* nothing visible before the commit */
	EXPECT_FILE("report.csv", "old\n");
	out_commit(o);
	umask(um);
	EXPECT_FILE("report.csv", "day,revenue\n2024-03-01,1234.50\n");
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(count_entries(".report.csv"), 0);
	/* the mode open(2) would have given, not mkstemp's 0600 */
	struct stat st;
	assert_int_equal(stat("report.csv", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
}

static void commit_to_new_file(void **state)
{
	(void)state;
	assert_int_equal(access("fresh.jsonl", F_OK), -1);
	struct ec_output *o = out_open("fresh.jsonl", EC_COMPRESS_AUTO);
	assert_int_equal(ec_output_write(o, "{}\n", 3), 0);
	out_commit(o);
	EXPECT_FILE("fresh.jsonl", "{}\n");
}

static void output_errors(void **state)
{
	(void)state;
	struct ec_output *o = (struct ec_output *)1;
	char err[512] = "";
	/* a directory that does not exist: the message names the target */
	assert_int_equal(ec_output_open(&o, "no/such/dir/out.csv", EC_COMPRESS_AUTO, err,
	                                sizeof err),
	                 -1);
	assert_null(o);
	assert_int_equal(strncmp(err, "no/such/dir/out.csv: ", 21), 0);

	/* a directory is not a file to replace */
	assert_int_equal(mkdir("adir", 0755), 0);
	o = (struct ec_output *)1;
	assert_int_equal(ec_output_open(&o, "adir", EC_COMPRESS_AUTO, err, sizeof err), -1);
	assert_null(o);
	assert_int_equal(strncmp(err, "adir: ", 6), 0);
	assert_int_equal(count_entries(".adir."), 0);

	/* a target that turns into a directory before the commit: the rename
	 * fails, the message names the target, the temporary file goes */
	o = out_open("late", EC_COMPRESS_AUTO);
	assert_int_equal(ec_output_write(o, "x\n", 2), 0);
	assert_int_equal(mkdir("late", 0755), 0);
	assert_int_equal(mkdir("late/sub", 0755), 0);
	err[0] = '\0';
	assert_int_equal(ec_output_commit(o, err, sizeof err), -1);
	assert_int_equal(strncmp(err, "late: ", 6), 0);
	assert_int_equal(count_entries(".late."), 0);
	struct stat st;
	assert_int_equal(stat("late/sub", &st), 0);
}

static void non_regular_target(void **state)
{
	(void)state;
	/*
	 * /dev/null exists and is not a regular file: it is written directly.
	 * Never commit through a temporary file here: a rename onto /dev/null
	 * would replace the device with a regular file for the whole machine.
	 */
	struct stat st;
	if (stat("/dev/null", &st) != 0 || !S_ISCHR(st.st_mode)) {
		printf("/dev/null is not a character device on this machine\n");
		skip();
	}
	struct ec_output *o = out_open("/dev/null", EC_COMPRESS_AUTO);
	if (ec_output_temp_path(o)) {
		printf("temporary file '%s' for /dev/null\n", ec_output_temp_path(o));
		ec_output_abort(o);
		fail();
	}
	assert_int_equal(ec_output_write(o, "discarded\n", 10), 0);
	out_commit(o);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void stdout_output(void **state)
{
	(void)state;
	struct ec_output *o = out_open(NULL, EC_COMPRESS_AUTO);
	assert_null(ec_output_temp_path(o));
	ec_output_abort(o);
	o = out_open("-", EC_COMPRESS_AUTO);
	assert_null(ec_output_temp_path(o));
	ec_output_abort(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quoting),
		cmocka_unit_test(csv_reads_back),
		cmocka_unit_test(csv_header_quoting),
		cmocka_unit_test(tsv_quoting),
		cmocka_unit_test(single_column_empty_values),
		cmocka_unit_test(explicit_lengths),
		cmocka_unit_test(jsonl_escaping),
		cmocka_unit_test(jsonl_reads_back),
		cmocka_unit_test(jsonl_key_escaping),
		cmocka_unit_test(json_quote),
		cmocka_unit_test(zstd_target),
		cmocka_unit_test(gzip_target),
		cmocka_unit_test(compression_given_by_caller),
		cmocka_unit_test(big_compressed_round_trip),
		cmocka_unit_test(abort_leaves_target),
		cmocka_unit_test(commit_replaces_target),
		cmocka_unit_test(commit_to_new_file),
		cmocka_unit_test(output_errors),
		cmocka_unit_test(non_regular_target),
		cmocka_unit_test(stdout_output),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
