/*
 * ec_record: records in and out, CSV/TSV (libcsv) and JSONL (jansson).
 *
 * A reader takes one or more paths; each is opened with ec_stream, so any
 * compression and tar/zip archives work, and members of archives and the
 * files after the first are concatenated: a CSV member whose header row equals
 * the first one's has it skipped, a member with another header is a fatal
 * error naming the member. Format and CSV delimiter are sniffed from the
 * first member's first 64 KiB unless given: a first byte '{' means JSONL,
 * otherwise CSV with the delimiter among `, TAB ; |` that splits the first
 * lines most consistently.
 *
 * Records are columns, not objects: the CSV header or the JSONL keys in order
 * of first appearance. Callers resolve a name to an index once
 * (ec_reader_col) and then read rec->val[i]. JSONL may add columns later:
 * ec_reader_ncols() grows and rec->nfields says how many this record has.
 *
 * Every record carries its source ("file" or "file(member)") and the
 * physical line where it starts, counted as an editor does (LF ends a line),
 * so that messages can say `file:line: reason`.
 *
 * CSV follows RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF and LF; a UTF-8 byte-order mark is dropped; blank lines are
 * skipped; spaces are data (never trimmed). A row with fewer fields than the
 * header, or with more unless the extra ones are empty (a trailing
 * delimiter), is a bad record; so is one that breaks RFC 4180's quoting (a
 * quote inside an unquoted field, text after a closing quote): lenient
 * parsing would take such a quote as opening a field that swallows the rest
 * of the file. JSONL: one object per line, blank lines
 * skipped; string values as they are, numbers as their text in the line
 * (exact, so 20-digit ids and 1.10 survive), true/false as words, null as
 * absent, arrays and objects as compact JSON text. Flat objects, nearly
 * every line of an event log, are scanned in place; a line with nested
 * values goes through jansson, whose numbers come back in shortest
 * round-trip form.
 *
 * Ownership: everything a record points at belongs to the reader and stays
 * valid until the next ec_reader_next() or ec_reader_close().
 */
#ifndef EC_RECORD_H
#define EC_RECORD_H

#include <stddef.h>

enum ec_format {
	EC_FORMAT_AUTO = 0,
	EC_FORMAT_CSV,
	EC_FORMAT_TSV,
	EC_FORMAT_JSONL,
};

/* "csv", "tsv", "jsonl" -> format; -1 for anything else. */
int ec_format_parse(const char *s);
const char *ec_format_name(enum ec_format f);

struct ec_reader_opts {
	enum ec_format format;     /* EC_FORMAT_AUTO: sniff */
	int delim;                 /* CSV delimiter; 0: sniff (TSV forces TAB) */
	int no_header;             /* CSV: first row is data */
	const char *const *columns;/* names for headerless CSV (may be NULL) */
	size_t ncolumns;
	size_t max_record;         /* bytes in one record; 0: 64 MiB */
	int ragged;                /* CSV without header whose rows may have any
	                            * number of fields (baskets as item lists):
	                            * rec->nfields is the row's; no columns */
};

struct ec_record {
	const char *source;        /* "PATH" or "PATH(MEMBER)" */
	long line;                 /* 1-based physical line where it starts */
	size_t nfields;            /* columns this record knows, <= ec_reader_ncols */
	const char *const *val;    /* val[i] NUL-terminated, or NULL when absent */
	const size_t *len;         /* byte length of val[i] */
	const char *raw;           /* the record's text without its final newline */
	size_t rawlen;
};

enum {
	EC_READ_FATAL = -2,  /* I/O, corrupt compression, header mismatch: stop */
	EC_READ_BAD = -1,    /* this record is bad (reason in ec_reader_error); go on */
	EC_READ_END = 0,
	EC_READ_OK = 1,
};

struct ec_reader;

/*
 * Open paths[0..npaths) ("-" is stdin) as one stream of records and read far
 * enough to know the format and, for CSV, the header. 0, or -1 with
 * "PATH: reason" in err (no such file, corrupt stream, a first member whose
 * header is unreadable).
 */
int ec_reader_open(struct ec_reader **r, const char *const *paths, size_t npaths,
                   const struct ec_reader_opts *o, char *err, size_t errlen);

/*
 * Next record into *rec. EC_READ_OK, EC_READ_END, EC_READ_BAD (rec->source,
 * line and raw describe the bad record; ec_reader_error() the reason; the
 * next call goes on with the following record) or EC_READ_FATAL (message in
 * ec_reader_error(), with the file name; do not call again).
 */
int ec_reader_next(struct ec_reader *r, struct ec_record *rec);

size_t ec_reader_ncols(const struct ec_reader *r);
const char *ec_reader_colname(const struct ec_reader *r, size_t i);
/* Index of the column named `name` (exact bytes), or -1. */
int ec_reader_col(const struct ec_reader *r, const char *name);
enum ec_format ec_reader_format(const struct ec_reader *r);
int ec_reader_delim(const struct ec_reader *r);
/* Uncompressed bytes consumed so far (for progress). */
long long ec_reader_bytes(const struct ec_reader *r);
const char *ec_reader_error(const struct ec_reader *r);
void ec_reader_close(struct ec_reader *r);

/*
 * Writer. Columns are fixed at open; each has a type that matters for JSONL
 * only: EC_COL_NUM values are written bare (the caller guarantees a JSON
 * number), EC_COL_STR values as JSON strings. Absent values (NULL) are
 * omitted from JSONL objects and empty in CSV/TSV. CSV quotes a field only
 * when it holds the delimiter, a quote, CR or LF (RFC 4180); TSV is the same
 * with TAB as the delimiter (as Python's csv module does), so whatever ec
 * writes as TSV reads back through ec_reader exactly. A record
 * of one empty column is written as "" so that it is not a blank line.
 * Bytes are written as they are: UTF-8 text is untouched.
 */
enum ec_col_type { EC_COL_STR = 0, EC_COL_NUM = 1 };

struct ec_output;
struct ec_writer;

/* Borrow `out`; copy names. Writes the header for CSV/TSV. 0 or -1. */
int ec_writer_open(struct ec_writer **w, struct ec_output *out, enum ec_format f,
                   const char *const *names, const enum ec_col_type *types,
                   size_t ncols);
/* One record: val[i] (NULL = absent) of len[i] bytes (len may be NULL: strlen). */
int ec_writer_write(struct ec_writer *w, const char *const *val, const size_t *len);
/* Frees the writer; does not commit the output. */
void ec_writer_close(struct ec_writer *w);

/* Append s as a JSON string literal (quotes included) to b. 0 or -1. */
struct ec_buf;
int ec_json_quote(struct ec_buf *b, const char *s, size_t n);

#endif
