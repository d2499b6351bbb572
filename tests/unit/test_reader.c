/*
 * test_reader.c: unit tests of the record reader (lib/ec_record.h).
 *
 * These are the inputs that real exports contain and that users trip over:
 * quoted delimiters and newlines (the line number of the record after a
 * multi-line field must still be right, or every later message points at
 * the wrong line), doubled quotes, CRLF, a byte-order mark in front of a
 * quoted header, empty and trailing fields, short rows that must be
 * reported and skipped rather than stop the run, invalid UTF-8, truncated
 * compressed files (which must be an error, never a silently short input),
 * delimiter sniffing, JSONL with every JSON type, and archives of daily
 * files whose repeated headers must be skipped. Every case asserts exact
 * values, field counts, line numbers, sources and return codes.
 *
 * Input files are made at test time in a mkdtemp(3) directory that is the
 * working directory while the tests run, so that sources read as users see
 * them ("x.tar.gz(day1.csv)"); compressed files and archives are made with
 * the zstd, gzip, tar and zip command line tools.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_record.h"

/* ---- scratch directory and files ---- */

#define SCRATCH_NAME "reader"
#include "scratch.h"

static void write_file(const char *name, const char *data, size_t n)
{
	FILE *f = fopen(name, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void write_str(const char *name, const char *s)
{
	write_file(name, s, strlen(s));
}

/*
 * Diagnostics go to stdout, where cmocka writes its results, so that they
 * stay in order and tests/run.sh shows them under the failed test.
 */
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static void shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void shell(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		diag("command failed (%d): %s\n", rc, cmd);
	assert_int_equal(rc, 0);
}

/* Cut a file to `keep` bytes (a download that stopped half way). */
static void truncate_to(const char *name, long keep)
{
	assert_int_equal(truncate(name, keep), 0);
}

static long file_size(const char *name)
{
	FILE *f = fopen(name, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	fclose(f);
	return n;
}

/* ---- reader helpers: each assertion names the caller's line ---- */

static struct ec_reader *open_paths(const char *const *paths, size_t n,
                                    const struct ec_reader_opts *o, const char *file,
                                    int line)
{
	struct ec_reader *r = NULL;
	char err[512] = "";
	int rc = ec_reader_open(&r, paths, n, o, err, sizeof err);
	if (rc != 0)
		diag("ec_reader_open: %s\n", err);
	_assert_int_equal((uintmax_t)rc, 0, file, line);
	_assert_true(r != NULL, "reader", file, line);
	return r;
}

#define OPEN1(name, opts) open_paths((const char *const[]){ name }, 1, opts, __FILE__, __LINE__)

static void next_ok(struct ec_reader *r, struct ec_record *rec, long line,
                    const char *const *want, size_t n, const char *file, int ln)
{
	int k = ec_reader_next(r, rec);
	if (k != EC_READ_OK)
		diag("ec_reader_next: %d (%s)\n", k, ec_reader_error(r));
	_assert_int_equal((uintmax_t)k, EC_READ_OK, file, ln);
	_assert_int_equal((uintmax_t)rec->line, (uintmax_t)line, file, ln);
	_assert_int_equal(rec->nfields, n, file, ln);
	for (size_t i = 0; i < n; i++) {
		if (!want[i]) {
			if (rec->val[i])
				diag("field %zu: want absent, got '%s'\n", i, rec->val[i]);
			_assert_true(rec->val[i] == NULL, "absent", file, ln);
			continue;
		}
		if (!rec->val[i])
			diag("field %zu: want '%s', got absent\n", i, want[i]);
		_assert_true(rec->val[i] != NULL, "present", file, ln);
		_assert_string_equal(rec->val[i], want[i], file, ln);
		_assert_int_equal(rec->len[i], strlen(want[i]), file, ln);
	}
}

/* NEXT_OK(r, &rec, line, "v0", "v1", ...): the next record is exactly this. */
#define NEXT_OK(r, rec, line, ...)                                                  \
	next_ok(r, rec, line, (const char *const[]){ __VA_ARGS__ },                  \
	        sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *), \
	        __FILE__, __LINE__)

static void next_code(struct ec_reader *r, struct ec_record *rec, int code, long line,
                      const char *msg, int prefix, const char *file, int ln)
{
	int k = ec_reader_next(r, rec);
	if (k != code)
		diag("ec_reader_next: %d, want %d (%s)\n", k, code, ec_reader_error(r));
	_assert_int_equal((uintmax_t)k, (uintmax_t)code, file, ln);
	if (line > 0)
		_assert_int_equal((uintmax_t)rec->line, (uintmax_t)line, file, ln);
	if (!msg)
		return;
	const char *e = ec_reader_error(r);
	if (prefix) {
		if (strncmp(e, msg, strlen(msg)))
			diag("error '%s' does not start with '%s'\n", e, msg);
		_assert_true(strncmp(e, msg, strlen(msg)) == 0, "error prefix", file, ln);
	} else {
		_assert_string_equal(e, msg, file, ln);
	}
}

#define NEXT_BAD(r, rec, line, msg) \
	next_code(r, rec, EC_READ_BAD, line, msg, 0, __FILE__, __LINE__)
#define NEXT_BAD_PREFIX(r, rec, line, msg) \
	next_code(r, rec, EC_READ_BAD, line, msg, 1, __FILE__, __LINE__)
#define NEXT_END(r, rec) next_code(r, rec, EC_READ_END, 0, NULL, 0, __FILE__, __LINE__)

static void assert_contains(const char *s, const char *sub)
{
	if (!strstr(s, sub))
		diag("'%s' does not contain '%s'\n", s, sub);
	assert_non_null(strstr(s, sub));
}

static void assert_cols(struct ec_reader *r, const char *const *names, size_t n)
{
	assert_int_equal(ec_reader_ncols(r), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ec_reader_colname(r, i), names[i]);
		assert_int_equal(ec_reader_col(r, names[i]), (int)i);
	}
	assert_null(ec_reader_colname(r, n));
}

#define COLS(r, ...)                                  \
	assert_cols(r, (const char *const[]){ __VA_ARGS__ }, \
	            sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

/* ---- CSV ---- */

static void csv_quoted_delimiter(void **state)
{
	(void)state;
	write_str("qd.csv", "id,name,note\n1,\"Smith, John\",x\n2,\",\",\"a,b,c\"\n");
	struct ec_reader *r = OPEN1("qd.csv", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_CSV);
	assert_int_equal(ec_reader_delim(r), ',');
	COLS(r, "id", "name", "note");
	assert_int_equal(ec_reader_col(r, "missing"), -1);
	NEXT_OK(r, &rec, 2, "1", "Smith, John", "x");
	assert_string_equal(rec.source, "qd.csv");
	NEXT_OK(r, &rec, 3, "2", ",", "a,b,c");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_newline_in_quoted_field(void **state)
{
	(void)state;
	write_str("nl.csv", "id,text\n"
	                    "1,\"line one\nline two\"\n"
	                    "2,plain\n"
	                    "3,\"a\n\nb\n\"\n"
	                    "4,after\n");
	struct ec_reader *r = OPEN1("nl.csv", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "1", "line one\nline two");
	assert_int_equal(rec.rawlen, strlen("1,\"line one\nline two\""));
	assert_memory_equal(rec.raw, "1,\"line one\nline two\"", rec.rawlen);
	/* the record after a two-line field starts on line 4, not 3 */
	NEXT_OK(r, &rec, 4, "2", "plain");
	/* a field with an empty line inside and a trailing newline: 4 lines */
	NEXT_OK(r, &rec, 5, "3", "a\n\nb\n");
	NEXT_OK(r, &rec, 9, "4", "after");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_doubled_quotes(void **state)
{
	(void)state;
	write_str("dq.csv", "a,b\n\"say \"\"hi\"\"\",x\n\"\"\"\",\"\"\n");
	struct ec_reader *r = OPEN1("dq.csv", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "say \"hi\"", "x");
	/* a field that is one quote; a quoted empty field is present and empty */
	NEXT_OK(r, &rec, 3, "\"", "");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_crlf(void **state)
{
	(void)state;
	write_str("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n5,\"p\r\nq\"\r\n6,7\r\n");
	struct ec_reader *r = OPEN1("crlf.csv", NULL);
	struct ec_record rec;
	COLS(r, "a", "b");
	NEXT_OK(r, &rec, 2, "1", "2");
	assert_int_equal(rec.rawlen, 3);
	assert_memory_equal(rec.raw, "1,2", 3);
	NEXT_OK(r, &rec, 3, "3", "4");
	/* inside quotes CRLF is data, kept as it is */
	NEXT_OK(r, &rec, 4, "5", "p\r\nq");
	NEXT_OK(r, &rec, 6, "6", "7");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_bom_before_quoted_header(void **state)
{
	(void)state;
	write_str("bom.csv", "\xEF\xBB\xBF\"id\",\"name\"\r\n1,x\r\n");
	struct ec_reader *r = OPEN1("bom.csv", NULL);
	struct ec_record rec;
	/* the BOM must not become part of the first column's name */
	COLS(r, "id", "name");
	NEXT_OK(r, &rec, 2, "1", "x");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_empty_fields(void **state)
{
	(void)state;
	write_str("empty.csv", "a,b,c\n,,\n1,,3\n,2,\n");
	struct ec_reader *r = OPEN1("empty.csv", NULL);
	struct ec_record rec;
	/* empty CSV fields are present and empty, not absent */
	NEXT_OK(r, &rec, 2, "", "", "");
	NEXT_OK(r, &rec, 3, "1", "", "3");
	NEXT_OK(r, &rec, 4, "", "2", "");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_trailing_delimiter(void **state)
{
	(void)state;
	write_str("trail.csv", "a,b\n1,2,\n3,4,,\n5,6,x\n7,8\n");
	struct ec_reader *r = OPEN1("trail.csv", NULL);
	struct ec_record rec;
	/* extra fields that are empty are tolerated and dropped */
	NEXT_OK(r, &rec, 2, "1", "2");
	NEXT_OK(r, &rec, 3, "3", "4");
	/* an extra field with data is a bad record */
	NEXT_BAD(r, &rec, 4, "expected 2 fields, found 3");
	NEXT_OK(r, &rec, 5, "7", "8");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_fewer_fields_then_continue(void **state)
{
	(void)state;
	write_str("few.csv", "a,b,c\n1,2\n3,4,5\nonly\n6,7,8\n");
	struct ec_reader *r = OPEN1("few.csv", NULL);
	struct ec_record rec;
	NEXT_BAD(r, &rec, 2, "expected 3 fields, found 2");
	assert_string_equal(rec.source, "few.csv");
	assert_int_equal(rec.rawlen, 3);
	assert_memory_equal(rec.raw, "1,2", 3);
	NEXT_OK(r, &rec, 3, "3", "4", "5");
	NEXT_BAD(r, &rec, 4, "expected 3 fields, found 1");
	NEXT_OK(r, &rec, 5, "6", "7", "8");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_last_line_without_newline(void **state)
{
	(void)state;
	write_str("nonl.csv", "a,b\n1,2\n3,4");
	struct ec_reader *r = OPEN1("nonl.csv", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "1", "2");
	NEXT_OK(r, &rec, 3, "3", "4");
	assert_int_equal(rec.rawlen, 3);
	NEXT_END(r, &rec);
	/* END is sticky */
	NEXT_END(r, &rec);
	ec_reader_close(r);

	/* the same with a quoted last field */
	write_str("nonl2.csv", "a,b\n1,\"x,y\"");
	r = OPEN1("nonl2.csv", NULL);
	NEXT_OK(r, &rec, 2, "1", "x,y");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_one_megabyte_field(void **state)
{
	(void)state;
	const size_t big = (size_t)1 << 20;
	const char head[] = "id,blob,tail\n1,";
	const char mid[] = ",end\n2,\"";
	const char end[] = "\",end\n3,small,end\n";
	size_t n = strlen(head) + big + strlen(mid) + big + strlen(end);
	char *buf = malloc(n), *p = buf;
	assert_non_null(buf);
	memcpy(p, head, strlen(head));
	p += strlen(head);
	for (size_t i = 0; i < big; i++)
		*p++ = (char)('a' + i % 26);
	memcpy(p, mid, strlen(mid));
	p += strlen(mid);
	/* the quoted one has a newline every 1000 bytes: 1048 lines */
	for (size_t i = 0; i < big; i++)
		*p++ = i % 1000 == 999 ? '\n' : 'q';
	memcpy(p, end, strlen(end));
	write_file("big.csv", buf, n);

	struct ec_reader *r = OPEN1("big.csv", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.nfields, 3);
	assert_string_equal(rec.val[0], "1");
	assert_int_equal(rec.len[1], big);
	assert_memory_equal(rec.val[1], buf + strlen(head), big);
	assert_string_equal(rec.val[2], "end");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_OK);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.len[1], big);
	assert_memory_equal(rec.val[1], buf + strlen(head) + big + strlen(mid), big);
	NEXT_OK(r, &rec, 3 + (long)(big / 1000) + 1, "3", "small", "end");
	NEXT_END(r, &rec);
	assert_int_equal(ec_reader_bytes(r), (long long)n);
	ec_reader_close(r);
	free(buf);
}

static void csv_invalid_utf8(void **state)
{
	(void)state;
	write_str("utf8.csv", "a,b\n1,\xff\xfe\n2,\xe5\x8c\x97\xe4\xba\xac\n3,\xc0\xaf\n4,ok\n");
	struct ec_reader *r = OPEN1("utf8.csv", NULL);
	struct ec_record rec;
	NEXT_BAD(r, &rec, 2, "invalid UTF-8 at byte 3");
	/* valid multi-byte text (Beijing) is fine */
	NEXT_OK(r, &rec, 3, "2", "\xe5\x8c\x97\xe4\xba\xac");
	/* an overlong encoding of '/' is ill-formed */
	NEXT_BAD(r, &rec, 4, "invalid UTF-8 at byte 3");
	NEXT_OK(r, &rec, 5, "4", "ok");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_unterminated_quote(void **state)
{
	(void)state;
	write_str("unterm.csv", "a,b\n1,2\n3,\"open\n4,x\n");
	struct ec_reader *r = OPEN1("unterm.csv", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "1", "2");
	NEXT_BAD(r, &rec, 3, "unterminated quoted field");
	assert_string_equal(rec.source, "unterm.csv");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_blank_lines_skipped(void **state)
{
	(void)state;
	write_str("blank.csv", "\n\na,b\n\n1,2\n\r\n\n3,4\n\n\n");
	struct ec_reader *r = OPEN1("blank.csv", NULL);
	struct ec_record rec;
	COLS(r, "a", "b");
	NEXT_OK(r, &rec, 5, "1", "2");
	NEXT_OK(r, &rec, 8, "3", "4");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_empty_input(void **state)
{
	(void)state;
	write_str("zero.csv", "");
	struct ec_reader *r = OPEN1("zero.csv", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_ncols(r), 0);
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void csv_header_only(void **state)
{
	(void)state;
	write_str("head.csv", "order_id,amount,ts\n");
	struct ec_reader *r = OPEN1("head.csv", NULL);
	struct ec_record rec;
	COLS(r, "order_id", "amount", "ts");
	NEXT_END(r, &rec);
	ec_reader_close(r);

	/* without its newline */
	write_str("head2.csv", "order_id,amount");
	r = OPEN1("head2.csv", NULL);
	COLS(r, "order_id", "amount");
	NEXT_END(r, &rec);
	ec_reader_close(r);

	/* a byte-order mark and nothing else is an empty file */
	write_str("bomonly.csv", "\xEF\xBB\xBF");
	r = OPEN1("bomonly.csv", NULL);
	assert_int_equal(ec_reader_ncols(r), 0);
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void compression_from_content(void **state)
{
	(void)state;
	struct ec_record rec;
	struct ec_reader *r;
	/* gzip without a .gz suffix; xz and bzip2 too */
	write_str("cc.csv", "a,b\n1,2\n");
	shell("gzip -c cc.csv > cc-gzip.csv && xz -c cc.csv > cc.xz && bzip2 -c cc.csv > cc.bz");
	static const char *const names[] = { "cc-gzip.csv", "cc.xz", "cc.bz" };
	for (size_t i = 0; i < 3; i++) {
		r = OPEN1(names[i], NULL);
		NEXT_OK(r, &rec, 2, "1", "2");
		assert_string_equal(rec.source, names[i]);
		NEXT_END(r, &rec);
		ec_reader_close(r);
	}
	/* concatenated gzip members and zstd frames (appended logs) are one
	 * stream: reading must not stop after the first */
	shell("printf 'a,b\\n1,2\\n' | gzip > mm.csv.gz && printf '3,4\\n' | gzip >> mm.csv.gz && "
	      "printf 'a,b\\n1,2\\n' | zstd -q > mm.csv.zst && printf '3,4\\n' | zstd -q >> mm.csv.zst");
	static const char *const multi[] = { "mm.csv.gz", "mm.csv.zst" };
	for (size_t i = 0; i < 2; i++) {
		r = OPEN1(multi[i], NULL);
		NEXT_OK(r, &rec, 2, "1", "2");
		NEXT_OK(r, &rec, 3, "3", "4");
		NEXT_END(r, &rec);
		ec_reader_close(r);
	}
}

static void csv_sniff_delimiters(void **state)
{
	(void)state;
	struct ec_record rec;
	struct ec_reader *r;

	/* European export: decimal commas in the data, ';' between fields */
	write_str("semi.csv", "name;price\nSmith, John;3,50\nDoe, Jane;4,00\n");
	r = OPEN1("semi.csv", NULL);
	assert_int_equal(ec_reader_delim(r), ';');
	assert_int_equal(ec_reader_format(r), EC_FORMAT_CSV);
	NEXT_OK(r, &rec, 2, "Smith, John", "3,50");
	NEXT_OK(r, &rec, 3, "Doe, Jane", "4,00");
	ec_reader_close(r);

	write_str("pipe.csv", "a|b|c\n1|x,y|3\n");
	r = OPEN1("pipe.csv", NULL);
	assert_int_equal(ec_reader_delim(r), '|');
	NEXT_OK(r, &rec, 2, "1", "x,y", "3");
	ec_reader_close(r);

	write_str("tab.txt", "a\tb\n1\tx y, z\n");
	r = OPEN1("tab.txt", NULL);
	assert_int_equal(ec_reader_delim(r), '\t');
	assert_int_equal(ec_reader_format(r), EC_FORMAT_TSV);
	NEXT_OK(r, &rec, 2, "1", "x y, z");
	ec_reader_close(r);

	/* commas inside quotes do not vote for ',' ... */
	write_str("comma.csv", "a,b\n\"1;2;3\",4\n\"5;6;7\",8\n");
	r = OPEN1("comma.csv", NULL);
	assert_int_equal(ec_reader_delim(r), ',');
	NEXT_OK(r, &rec, 2, "1;2;3", "4");
	ec_reader_close(r);

	/* ... and a one-column file falls back to ',' */
	write_str("one.csv", "sku\nA1\nB2\n");
	r = OPEN1("one.csv", NULL);
	assert_int_equal(ec_reader_delim(r), ',');
	COLS(r, "sku");
	NEXT_OK(r, &rec, 2, "A1");
	ec_reader_close(r);

	/* a delimiter given by the caller wins over sniffing */
	struct ec_reader_opts o = { .format = EC_FORMAT_CSV, .delim = ';' };
	write_str("forced.csv", "a,b;c\n1,2;3\n");
	r = OPEN1("forced.csv", &o);
	assert_int_equal(ec_reader_delim(r), ';');
	COLS(r, "a,b", "c");
	NEXT_OK(r, &rec, 2, "1,2", "3");
	ec_reader_close(r);
}

static void csv_sniff_after_blank_lines(void **state)
{
	(void)state;
	/* blank lines are skipped, so they must not hide the delimiter either */
	write_str("lead.csv", "\n\nsku;qty\nA1;2\n\nB2;3\n");
	struct ec_reader *r = OPEN1("lead.csv", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_delim(r), ';');
	COLS(r, "sku", "qty");
	NEXT_OK(r, &rec, 4, "A1", "2");
	NEXT_OK(r, &rec, 6, "B2", "3");
	ec_reader_close(r);
}

static void csv_no_header(void **state)
{
	(void)state;
	struct ec_record rec;
	write_str("nohead.csv", "2024-03-01,10\n2024-03-02,12\n");
	static const char *const names[] = { "day", "qty" };
	struct ec_reader_opts o = { .no_header = 1, .columns = names, .ncolumns = 2 };
	struct ec_reader *r = OPEN1("nohead.csv", &o);
	COLS(r, "day", "qty");
	NEXT_OK(r, &rec, 1, "2024-03-01", "10");
	NEXT_OK(r, &rec, 2, "2024-03-02", "12");
	NEXT_END(r, &rec);
	ec_reader_close(r);

	/* without names the columns are 1, 2, ... */
	struct ec_reader_opts o2 = { .no_header = 1 };
	r = OPEN1("nohead.csv", &o2);
	NEXT_OK(r, &rec, 1, "2024-03-01", "10");
	COLS(r, "1", "2");
	ec_reader_close(r);
}

static void csv_missing_file(void **state)
{
	(void)state;
	struct ec_reader *r = (struct ec_reader *)1;
	char err[512] = "";
	const char *const p[] = { "no-such-file.csv" };
	assert_int_equal(ec_reader_open(&r, p, 1, NULL, err, sizeof err), -1);
	assert_null(r);
	assert_string_equal(err, "no-such-file.csv: No such file or directory");
}

static void csv_record_too_long(void **state)
{
	(void)state;
	char line[300];
	memset(line, 'x', sizeof line);
	line[0] = 'a';
	line[1] = '\n';
	line[sizeof line - 1] = '\n';
	write_file("long.csv", line, sizeof line);
	struct ec_reader_opts o = { .max_record = 100 };
	struct ec_reader *r = OPEN1("long.csv", &o);
	struct ec_record rec;
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_FATAL);
	assert_contains(ec_reader_error(r), "long.csv:2: ");
	assert_contains(ec_reader_error(r), "longer than 100 bytes");
	ec_reader_close(r);
}

/* A CSV big enough that half of its compressed form is past the header. */
static void write_big_csv(const char *name, int rows)
{
	FILE *f = fopen(name, "wb");
	assert_non_null(f);
	fprintf(f, "order_id,sku,amount\n");
	uint32_t x = 12345;
	for (int i = 0; i < rows; i++) {
		x = x * 1664525u + 1013904223u;
		fprintf(f, "%d,SKU-%08x,%u.%02u\n", i + 1, x, x % 1000, (x >> 10) % 100);
	}
	assert_int_equal(fclose(f), 0);
}

/*
 * Read a truncated compressed file: either ec_reader_open fails or a later
 * ec_reader_next returns EC_READ_FATAL; either way the message names the
 * file, and the stream must never just end as if it were complete.
 */
static void expect_truncated(const char *name, int rows)
{
	struct ec_reader *r = NULL;
	char err[512] = "";
	const char *const p[] = { name };
	if (ec_reader_open(&r, p, 1, NULL, err, sizeof err) < 0) {
		assert_contains(err, name);
		return;
	}
	struct ec_record rec;
	int k, ok = 0;
	while ((k = ec_reader_next(r, &rec)) == EC_READ_OK || k == EC_READ_BAD)
		ok += k == EC_READ_OK;
	if (k != EC_READ_FATAL)
		diag("%s: %d records then %d, want EC_READ_FATAL\n", name, ok, k);
	assert_int_equal(k, EC_READ_FATAL);
	assert_true(ok < rows);
	assert_contains(ec_reader_error(r), name);
	ec_reader_close(r);
}

static void truncated_zstd(void **state)
{
	(void)state;
	write_big_csv("trz.csv", 50000);
	shell("zstd -q -f trz.csv -o trz.csv.zst");
	/* the complete file reads in full */
	struct ec_reader *r = OPEN1("trz.csv.zst", NULL);
	struct ec_record rec;
	int n = 0;
	while (ec_reader_next(r, &rec) == EC_READ_OK) {
		if (!n++)
			assert_string_equal(rec.source, "trz.csv.zst");
	}
	assert_int_equal(n, 50000);
	ec_reader_close(r);
	truncate_to("trz.csv.zst", file_size("trz.csv.zst") / 2);
	expect_truncated("trz.csv.zst", 50000);
}

static void truncated_gzip(void **state)
{
	(void)state;
	write_big_csv("trg.csv", 50000);
	shell("gzip -c trg.csv > trg.csv.gz");
	struct ec_reader *r = OPEN1("trg.csv.gz", NULL);
	struct ec_record rec;
	int n = 0;
	while (ec_reader_next(r, &rec) == EC_READ_OK)
		n++;
	assert_int_equal(n, 50000);
	ec_reader_close(r);
	truncate_to("trg.csv.gz", file_size("trg.csv.gz") / 2);
	expect_truncated("trg.csv.gz", 50000);
}

static void truncated_gzip_tiny(void **state)
{
	(void)state;
	/* cut inside the first deflate block: nothing decodes at all */
	write_str("tiny.csv", "a,b\n1,2\n3,4\n");
	shell("gzip -c tiny.csv > tiny.csv.gz");
	truncate_to("tiny.csv.gz", 14);
	expect_truncated("tiny.csv.gz", 2);
}

/* ---- JSONL ---- */

static void jsonl_types(void **state)
{
	(void)state;
	write_str("t.jsonl",
	          "{\"id\":1,\"name\":\"caf\\u00e9 \\\"x\\\"\",\"price\":2.5,\"ok\":true,"
	          "\"no\":false,\"n\":null,\"tags\":[\"x\", 1],\"o\":{\"k\": 1},"
	          "\"neg\":-7,\"tenth\":0.1,\"big\":1e21,\"three\":3.0}\n");
	struct ec_reader *r = OPEN1("t.jsonl", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	NEXT_OK(r, &rec, 1, "1", "caf\xc3\xa9 \"x\"", "2.5", "true", "false", NULL,
	        "[\"x\",1]", "{\"k\":1}", "-7", "0.1", "1e+21", "3");
	COLS(r, "id", "name", "price", "ok", "no", "n", "tags", "o", "neg", "tenth", "big",
	     "three");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_blank_lines(void **state)
{
	(void)state;
	write_str("b.jsonl", "\n{\"a\":1}\n\n   \n\t\r\n{\"a\":2}\r\n\n");
	struct ec_reader *r = OPEN1("b.jsonl", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	NEXT_OK(r, &rec, 2, "1");
	NEXT_OK(r, &rec, 6, "2");
	assert_string_equal(rec.source, "b.jsonl");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_invalid_json(void **state)
{
	(void)state;
	write_str("bad.jsonl", "{\"a\":1}\n{\"a\":\n{\"a\":3,}\n{\"a\":1,\"a\":2}\n{\"a\":4}\n");
	struct ec_reader *r = OPEN1("bad.jsonl", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 1, "1");
	NEXT_BAD_PREFIX(r, &rec, 2, "invalid JSON: ");
	assert_int_equal(rec.rawlen, 5);
	assert_memory_equal(rec.raw, "{\"a\":", 5);
	NEXT_BAD_PREFIX(r, &rec, 3, "invalid JSON: ");
	/* a duplicate key is refused rather than silently resolved */
	NEXT_BAD_PREFIX(r, &rec, 4, "invalid JSON: ");
	NEXT_OK(r, &rec, 5, "4");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_not_an_object(void **state)
{
	(void)state;
	write_str("arr.jsonl", "{\"a\":1}\n[1,2]\n\"text\"\n42\nnull\n{\"a\":2}\n");
	struct ec_reader *r = OPEN1("arr.jsonl", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 1, "1");
	NEXT_BAD(r, &rec, 2, "not a JSON object");
	NEXT_BAD(r, &rec, 3, "not a JSON object");
	NEXT_BAD(r, &rec, 4, "not a JSON object");
	NEXT_BAD(r, &rec, 5, "not a JSON object");
	NEXT_OK(r, &rec, 6, "2");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_invalid_utf8(void **state)
{
	(void)state;
	write_str("u.jsonl", "{\"a\":\"\xff\"}\n{\"a\":\"\xe4\xb8\xad\"}\n");
	struct ec_reader *r = OPEN1("u.jsonl", NULL);
	struct ec_record rec;
	NEXT_BAD(r, &rec, 1, "invalid UTF-8 at byte 7");
	NEXT_OK(r, &rec, 2, "\xe4\xb8\xad");
	ec_reader_close(r);
}

static void jsonl_new_keys_grow_columns(void **state)
{
	(void)state;
	write_str("grow.jsonl", "{\"b\":1,\"a\":\"x\"}\n{\"a\":\"y\",\"c\":true}\n"
	                        "{\"c\":false}\n{\"d\":null,\"b\":2}\n");
	struct ec_reader *r = OPEN1("grow.jsonl", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 1, "1", "x");
	assert_int_equal(ec_reader_ncols(r), 2);
	/* columns are in order of first appearance, not of each object */
	NEXT_OK(r, &rec, 2, NULL, "y", "true");
	assert_int_equal(ec_reader_ncols(r), 3);
	NEXT_OK(r, &rec, 3, NULL, NULL, "false");
	/* a key seen only with null still becomes a column */
	NEXT_OK(r, &rec, 4, "2", NULL, NULL, NULL);
	COLS(r, "b", "a", "c", "d");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_big_integer(void **state)
{
	(void)state;
	/*
	 * JSON numbers have no size limit (RFC 8259 section 6), and 19-20
	 * digit order ids exist in marketplace exports. Such a line is valid
	 * JSON: it must be read, and an id must keep every digit.
	 */
	write_str("bigint.jsonl", "{\"order_id\":12345678901234567890,\"qty\":1}\n"
	                          "{\"order_id\":9223372036854775807,\"qty\":2}\n");
	struct ec_reader *r = OPEN1("bigint.jsonl", NULL);
	struct ec_record rec;
	/* read everything before asserting, so that a failure leaks nothing
	 * (regression: jansson refused integers beyond 64 bits, so a 20-digit
	 * order id made a valid line a bad record) */
	char got[2][64] = { "", "" };
	int k[2];
	for (int i = 0; i < 2; i++) {
		k[i] = ec_reader_next(r, &rec);
		if (k[i] == EC_READ_OK && rec.val[0])
			snprintf(got[i], sizeof got[i], "%s", rec.val[0]);
		else
			diag("line %d: %d (%s)\n", i + 1, k[i], ec_reader_error(r));
	}
	ec_reader_close(r);
	assert_int_equal(k[0], EC_READ_OK);
	assert_string_equal(got[0], "12345678901234567890");
	assert_int_equal(k[1], EC_READ_OK);
	assert_string_equal(got[1], "9223372036854775807");
}

static void jsonl_bom(void **state)
{
	(void)state;
	write_str("bom.jsonl", "\xEF\xBB\xBF{\"a\":\"x\"}\n");
	struct ec_reader *r = OPEN1("bom.jsonl", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	NEXT_OK(r, &rec, 1, "x");
	COLS(r, "a");
	ec_reader_close(r);
}

static void jsonl_leading_blank_sniff(void **state)
{
	(void)state;
	write_str("lead.jsonl.txt", "\n  \n{\"k\":\"v\"}\n");
	struct ec_reader *r = OPEN1("lead.jsonl.txt", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	NEXT_OK(r, &rec, 3, "v");
	ec_reader_close(r);
}

/* ---- archives and several paths ---- */

static void make_days(const char *d1, const char *d2)
{
	write_str("day1.csv", d1);
	write_str("day2.csv", d2);
}

#define DAY1 "date,order,amount\n2024-03-01,A1,10\n2024-03-01,A2,20\n"
#define DAY2 "date,order,amount\n2024-03-02,B1,5\n"
#define DAY2_OTHER "date,sku,qty\n2024-03-02,S1,5\n"

static void tar_gz_two_days(void **state)
{
	(void)state;
	make_days(DAY1, DAY2);
	shell("tar -czf x.tar.gz day1.csv day2.csv");
	struct ec_reader *r = OPEN1("x.tar.gz", NULL);
	struct ec_record rec;
	COLS(r, "date", "order", "amount");
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	assert_string_equal(rec.source, "x.tar.gz(day1.csv)");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	assert_string_equal(rec.source, "x.tar.gz(day1.csv)");
	/* the second header is skipped and line numbers restart */
	NEXT_OK(r, &rec, 2, "2024-03-02", "B1", "5");
	assert_string_equal(rec.source, "x.tar.gz(day2.csv)");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void tar_member_with_other_header(void **state)
{
	(void)state;
	make_days(DAY1, DAY2_OTHER);
	shell("tar -czf other.tar.gz day1.csv day2.csv");
	struct ec_reader *r = OPEN1("other.tar.gz", NULL);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_FATAL);
	assert_contains(ec_reader_error(r), "other.tar.gz(day2.csv)");
	assert_contains(ec_reader_error(r), "header");
	ec_reader_close(r);
}

static void two_paths(void **state)
{
	(void)state;
	make_days(DAY1, DAY2);
	shell("gzip -c day2.csv > day2.csv.gz");
	struct ec_reader *r = open_paths((const char *const[]){ "day1.csv", "day2.csv.gz" }, 2,
	                                 NULL, __FILE__, __LINE__);
	struct ec_record rec;
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	assert_string_equal(rec.source, "day1.csv");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	NEXT_OK(r, &rec, 2, "2024-03-02", "B1", "5");
	assert_string_equal(rec.source, "day2.csv.gz");
	NEXT_END(r, &rec);
	ec_reader_close(r);

	/* a second file with another header is fatal and named */
	write_str("day3.csv", DAY2_OTHER);
	r = open_paths((const char *const[]){ "day1.csv", "day3.csv" }, 2, NULL, __FILE__,
	               __LINE__);
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	assert_int_equal(ec_reader_next(r, &rec), EC_READ_FATAL);
	assert_contains(ec_reader_error(r), "day3.csv");
	ec_reader_close(r);

	/* an empty file in between contributes nothing */
	write_str("void.csv", "");
	r = open_paths((const char *const[]){ "void.csv", "day1.csv", "void.csv", "day2.csv" },
	               4, NULL, __FILE__, __LINE__);
	COLS(r, "date", "order", "amount");
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	NEXT_OK(r, &rec, 2, "2024-03-02", "B1", "5");
	assert_string_equal(rec.source, "day2.csv");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void zip_archive(void **state)
{
	(void)state;
	make_days(DAY1, DAY2);
	/* members listed one by one so that their order is known; a directory
	 * entry and macOS resource-fork litter must be skipped */
	shell("mkdir -p zd/data zd/__MACOSX/data && cp day1.csv day2.csv zd/data/ && "
	      "printf 'junk' > zd/__MACOSX/data/._day1.csv && cd zd && "
	      "zip -q ../z.zip data/ data/day1.csv __MACOSX/data/._day1.csv data/day2.csv");
	struct ec_reader *r = OPEN1("z.zip", NULL);
	struct ec_record rec;
	COLS(r, "date", "order", "amount");
	NEXT_OK(r, &rec, 2, "2024-03-01", "A1", "10");
	assert_string_equal(rec.source, "z.zip(data/day1.csv)");
	NEXT_OK(r, &rec, 3, "2024-03-01", "A2", "20");
	NEXT_OK(r, &rec, 2, "2024-03-02", "B1", "5");
	assert_string_equal(rec.source, "z.zip(data/day2.csv)");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void jsonl_in_tar_zst(void **state)
{
	(void)state;
	write_str("j1.jsonl", "{\"a\":1}\n");
	write_str("j2.jsonl", "\n{\"b\":2}\n");
	shell("tar -cf j.tar j1.jsonl j2.jsonl && zstd -q -f j.tar -o j.tar.zst");
	struct ec_reader *r = OPEN1("j.tar.zst", NULL);
	struct ec_record rec;
	assert_int_equal(ec_reader_format(r), EC_FORMAT_JSONL);
	NEXT_OK(r, &rec, 1, "1");
	assert_string_equal(rec.source, "j.tar.zst(j1.jsonl)");
	NEXT_OK(r, &rec, 2, NULL, "2");
	assert_string_equal(rec.source, "j.tar.zst(j2.jsonl)");
	NEXT_END(r, &rec);
	ec_reader_close(r);
}

static void format_names(void **state)
{
	(void)state;
	assert_int_equal(ec_format_parse("csv"), EC_FORMAT_CSV);
	assert_int_equal(ec_format_parse("tsv"), EC_FORMAT_TSV);
	assert_int_equal(ec_format_parse("jsonl"), EC_FORMAT_JSONL);
	assert_int_equal(ec_format_parse("xml"), -1);
	assert_string_equal(ec_format_name(EC_FORMAT_CSV), "csv");
	assert_string_equal(ec_format_name(EC_FORMAT_TSV), "tsv");
	assert_string_equal(ec_format_name(EC_FORMAT_JSONL), "jsonl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quoted_delimiter),
		cmocka_unit_test(csv_newline_in_quoted_field),
		cmocka_unit_test(csv_doubled_quotes),
		cmocka_unit_test(csv_crlf),
		cmocka_unit_test(csv_bom_before_quoted_header),
		cmocka_unit_test(csv_empty_fields),
		cmocka_unit_test(csv_trailing_delimiter),
		cmocka_unit_test(csv_fewer_fields_then_continue),
		cmocka_unit_test(csv_last_line_without_newline),
		cmocka_unit_test(csv_one_megabyte_field),
		cmocka_unit_test(csv_invalid_utf8),
		cmocka_unit_test(csv_unterminated_quote),
		cmocka_unit_test(csv_blank_lines_skipped),
		cmocka_unit_test(csv_empty_input),
		cmocka_unit_test(csv_header_only),
		cmocka_unit_test(csv_sniff_delimiters),
		cmocka_unit_test(csv_sniff_after_blank_lines),
		cmocka_unit_test(csv_no_header),
		cmocka_unit_test(csv_missing_file),
		cmocka_unit_test(csv_record_too_long),
		cmocka_unit_test(compression_from_content),
		cmocka_unit_test(truncated_zstd),
		cmocka_unit_test(truncated_gzip),
		cmocka_unit_test(truncated_gzip_tiny),
		cmocka_unit_test(jsonl_types),
		cmocka_unit_test(jsonl_blank_lines),
		cmocka_unit_test(jsonl_invalid_json),
		cmocka_unit_test(jsonl_not_an_object),
		cmocka_unit_test(jsonl_invalid_utf8),
		cmocka_unit_test(jsonl_new_keys_grow_columns),
		cmocka_unit_test(jsonl_big_integer),
		cmocka_unit_test(jsonl_bom),
		cmocka_unit_test(jsonl_leading_blank_sniff),
		cmocka_unit_test(tar_gz_two_days),
		cmocka_unit_test(tar_member_with_other_header),
		cmocka_unit_test(two_paths),
		cmocka_unit_test(zip_archive),
		cmocka_unit_test(jsonl_in_tar_zst),
		cmocka_unit_test(format_names),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
