/*
 * ec_reader.c: the record reader of ec_record.h.
 *
 * Bytes come from ec_stream a member at a time and are cut into physical
 * lines here, because libcsv reports fields and rows but not positions: we
 * feed libcsv one line at a time, which lets every record know the line it
 * starts on and keep its raw text for --rejects. Rows that libcsv completes
 * are queued (a line can end more than one row when a lone CR ends a row)
 * and handed out one by one; the buffers are compacted only when the queue is
 * empty, so a record's pointers stay valid until the next call.
 */
#include "ec_record.h"

#include "ec_buf.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_text.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_BYTES (64 * 1024)
#define READ_CHUNK (256 * 1024)

struct field { size_t off, len; };
struct row { size_t f0, nf; long line; };

struct ec_reader {
	char **paths;
	size_t npaths, pi;
	struct ec_input *in;
	int member_open;      /* a member is being read */
	int eof;              /* no more members anywhere */
	const char *source;   /* display name of the current member */
	long lineno;          /* next physical line to be returned by get_line */
	long long bytes;
	int member_rows;      /* rows seen in this member (CSV header logic) */

	enum ec_format fmt;
	int delim;
	int no_header;
	int ragged;
	size_t max_record;

	struct ec_buf ib;     /* input bytes; [ipos, ib.len) unread */
	size_t ipos;
	int member_end;       /* ec_input_read said 0 for this member */

	/* columns */
	char **cols;
	size_t ncols, capcols;
	struct ec_strmap *colmap; /* name -> index: JSONL keys can be many */
	int header_known;
	int opening;          /* ec_reader_open wants the header row only */

	/* CSV state */
	struct csv_parser csv;
	int csv_live;
	int between;          /* no row in progress */
	long rec_line;
	struct ec_buf raw;    /* lines of the record(s) in progress */
	struct ec_buf fbuf;   /* field bytes, each NUL-terminated */
	struct field *fs;
	size_t nfs, capfs;
	size_t row_f0;        /* first field of the row in progress */
	struct row *rows;
	size_t nrows, caprows, rowhead;
	int csv_oom;

	/* output record */
	const char **val;
	size_t *len;
	size_t capval;
	struct ec_buf jbuf;   /* JSONL values */
	size_t *joff;         /* value offsets in jbuf, per column */
	unsigned *seen, gen;  /* seen[c] == gen: key c already in this line */
	struct ec_buf kbuf;   /* JSONL keys of the line being scanned */
	struct jkv { size_t koff, klen, voff, vlen; int present; } *kv;
	size_t capkv;

	char err[512];
};

static void rerr(struct ec_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void rerr(struct ec_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
}

int ec_format_parse(const char *s)
{
	if (!strcmp(s, "csv"))
		return EC_FORMAT_CSV;
	if (!strcmp(s, "tsv"))
		return EC_FORMAT_TSV;
	if (!strcmp(s, "jsonl") || !strcmp(s, "ndjson"))
		return EC_FORMAT_JSONL;
	return -1;
}

const char *ec_format_name(enum ec_format f)
{
	switch (f) {
	case EC_FORMAT_CSV: return "csv";
	case EC_FORMAT_TSV: return "tsv";
	case EC_FORMAT_JSONL: return "jsonl";
	default: return "auto";
	}
}

/* ---- members and lines ---- */

/* Open the next member of the current or a following path. 1, 0 (none), -1. */
static int next_member(struct ec_reader *r)
{
	for (;;) {
		if (!r->in) {
			if (r->pi >= r->npaths) {
				r->eof = 1;
				return 0;
			}
			char e[512];
			if (ec_input_open(&r->in, r->paths[r->pi++], e, sizeof e) < 0) {
				rerr(r, "%s", e);
				return -1;
			}
		}
		int k = ec_input_next_member(r->in);
		if (k < 0) {
			rerr(r, "%s", ec_input_error(r->in));
			return -1;
		}
		if (k == 0) {
			ec_input_close(r->in);
			r->in = NULL;
			continue;
		}
		r->source = ec_input_name(r->in);
		r->member_open = 1;
		r->member_end = 0;
		r->lineno = 1;
		r->member_rows = 0;
		r->ib.len = 0;
		r->ipos = 0;
		return 1;
	}
}

/* Read more of the member into ib. 1 read, 0 member end, -1 error. */
static int fill(struct ec_reader *r)
{
	if (r->member_end)
		return 0;
	if (r->ipos && r->ipos == r->ib.len) {
		r->ib.len = r->ipos = 0;
	} else if (r->ipos > r->ib.len / 2) {
		memmove(r->ib.data, r->ib.data + r->ipos, r->ib.len - r->ipos);
		r->ib.len -= r->ipos;
		r->ipos = 0;
	}
	if (ec_buf_grow(&r->ib, READ_CHUNK) < 0) {
		rerr(r, "%s: out of memory", r->source);
		return -1;
	}
	ssize_t n = ec_input_read(r->in, r->ib.data + r->ib.len, READ_CHUNK);
	if (n < 0) {
		rerr(r, "%s", ec_input_error(r->in));
		return -1;
	}
	if (n == 0) {
		r->member_end = 1;
		return 0;
	}
	r->ib.len += (size_t)n;
	r->ib.data[r->ib.len] = '\0';
	r->bytes += n;
	return 1;
}

/* At a member's start: drop a UTF-8 BOM. */
static int member_start(struct ec_reader *r)
{
	while (r->ib.len - r->ipos < 3) {
		int k = fill(r);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
	}
	if (r->ib.len - r->ipos >= 3 && !memcmp(r->ib.data + r->ipos, "\xEF\xBB\xBF", 3))
		r->ipos += 3;
	return 0;
}

/* Make sure a member is open: EC_READ_OK, EC_READ_END or EC_READ_FATAL. */
static int member_ready(struct ec_reader *r)
{
	if (r->member_open)
		return EC_READ_OK;
	if (r->eof)
		return EC_READ_END;
	int k = next_member(r);
	if (k < 0)
		return EC_READ_FATAL;
	if (k == 0)
		return EC_READ_END;
	return member_start(r) < 0 ? EC_READ_FATAL : EC_READ_OK;
}

/* Next physical line (with its LF if any). 1, 0 at member end, -1 fatal. */
static int get_line(struct ec_reader *r, const char **p, size_t *n)
{
	size_t scanned = r->ipos;
	for (;;) {
		char *nl = memchr(r->ib.data + scanned, '\n', r->ib.len - scanned);
		if (nl) {
			*p = r->ib.data + r->ipos;
			*n = (size_t)(nl + 1 - *p);
			r->ipos += *n;
			return 1;
		}
		if (r->ib.len - r->ipos > r->max_record) {
			rerr(r, "%s:%ld: line longer than %zu bytes", r->source, r->lineno,
			     r->max_record);
			return -1;
		}
		size_t keep = r->ib.len - r->ipos;
		int k = fill(r);
		if (k < 0)
			return -1;
		scanned = r->ipos + keep;
		if (k == 0) {
			if (r->ib.len == r->ipos)
				return 0;
			*p = r->ib.data + r->ipos;
			*n = r->ib.len - r->ipos;
			r->ipos = r->ib.len;
			return 1;
		}
	}
}

/* ---- columns ---- */

static int add_col(struct ec_reader *r, const char *name, size_t n)
{
	if (r->ncols == r->capcols) {
		size_t cap = r->capcols ? 2 * r->capcols : 16;
		char **c = realloc(r->cols, cap * sizeof *c);
		if (!c)
			return -1;
		r->cols = c;
		r->capcols = cap;
	}
	char *s = malloc(n + 1);
	if (!s)
		return -1;
	memcpy(s, name, n);
	s[n] = '\0';
	if (!r->colmap && !(r->colmap = ec_strmap_new(sizeof(size_t)))) {
		free(s);
		return -1;
	}
	int isnew;
	size_t *slot = ec_strmap_put(r->colmap, s, n, &isnew);
	if (!slot) {
		free(s);
		return -1;
	}
	if (isnew) /* a repeated CSV header name: the first one is found by name */
		*slot = r->ncols;
	r->cols[r->ncols++] = s;
	return 0;
}

static int ensure_val(struct ec_reader *r, size_t n)
{
	if (n <= r->capval)
		return 0;
	size_t cap = n < 16 ? 16 : 2 * n;
	const char **v = realloc(r->val, cap * sizeof *v);
	if (!v)
		return -1;
	r->val = v;
	size_t *l = realloc(r->len, cap * sizeof *l);
	if (!l)
		return -1;
	r->len = l;
	size_t *o = realloc(r->joff, cap * sizeof *o);
	if (!o)
		return -1;
	r->joff = o;
	unsigned *sn = realloc(r->seen, cap * sizeof *sn);
	if (!sn)
		return -1;
	memset(sn + r->capval, 0, (cap - r->capval) * sizeof *sn);
	r->seen = sn;
	r->capval = cap;
	return 0;
}

size_t ec_reader_ncols(const struct ec_reader *r) { return r->ncols; }

const char *ec_reader_colname(const struct ec_reader *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : NULL;
}

int ec_reader_col(const struct ec_reader *r, const char *name)
{
	const size_t *slot = r->colmap ? ec_strmap_get(r->colmap, name, strlen(name)) : NULL;
	return slot ? (int)*slot : -1;
}

enum ec_format ec_reader_format(const struct ec_reader *r) { return r->fmt; }
int ec_reader_delim(const struct ec_reader *r) { return r->delim; }
long long ec_reader_bytes(const struct ec_reader *r) { return r->bytes; }
const char *ec_reader_error(const struct ec_reader *r) { return r->err; }

/* ---- sniffing ---- */

/* Count c outside double quotes in each line of s[0..n); score consistency. */
static int sniff_delim(const char *s, size_t n)
{
	static const char cand[] = { ',', '\t', ';', '|' };
	int best = ',';
	long best_score = -1;
	for (size_t k = 0; k < sizeof cand; k++) {
		char c = cand[k];
		long first = -1, cnt = 0, lines = 0, agree = 0;
		int inq = 0;
		size_t start = 0;
		for (size_t i = 0; i < n && lines < 50; i++) {
			if (s[i] == '"')
				inq = !inq;
			else if (!inq && s[i] == c)
				cnt++;
			else if (!inq && s[i] == '\n' && (i == start || (i == start + 1 && s[start] == '\r'))) {
				start = i + 1; /* blank lines are skipped by the reader too */
			} else if (!inq && s[i] == '\n') {
				start = i + 1;
				if (first < 0)
					first = cnt;
				else if (cnt == first)
					agree++;
				lines++;
				cnt = 0;
			}
		}
		if (first < 0)
			first = cnt;  /* a single line without LF */
		if (first <= 0)
			continue;
		/* Lines that agree with the first dominate; the count breaks ties. */
		long score = agree * 1000 + first;
		if (score > best_score) {
			best_score = score;
			best = c;
		}
	}
	return best;
}

/* ---- CSV ---- */

static void cb_field(void *s, size_t n, void *data)
{
	struct ec_reader *r = data;
	if (r->nfs == r->capfs) {
		size_t cap = r->capfs ? 2 * r->capfs : 64;
		struct field *f = realloc(r->fs, cap * sizeof *f);
		if (!f) {
			r->csv_oom = 1;
			return;
		}
		r->fs = f;
		r->capfs = cap;
	}
	size_t off = r->fbuf.len;
	if (ec_buf_add(&r->fbuf, s ? s : "", n) < 0 || ec_buf_addc(&r->fbuf, '\0') < 0) {
		r->csv_oom = 1;
		return;
	}
	r->fs[r->nfs].off = off;
	r->fs[r->nfs].len = n;
	r->nfs++;
}

static void cb_row(int c, void *data)
{
	(void)c;
	struct ec_reader *r = data;
	if (r->nrows == r->caprows) {
		size_t cap = r->caprows ? 2 * r->caprows : 8;
		struct row *w = realloc(r->rows, cap * sizeof *w);
		if (!w) {
			r->csv_oom = 1;
			return;
		}
		r->rows = w;
		r->caprows = cap;
	}
	r->rows[r->nrows].f0 = r->row_f0;
	r->rows[r->nrows].nf = r->nfs - r->row_f0;
	r->rows[r->nrows].line = r->rec_line;
	r->nrows++;
	r->row_f0 = r->nfs;
	r->between = 1;
}

static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int csv_start(struct ec_reader *r)
{
	if (r->csv_live)
		csv_free(&r->csv);
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	csv_set_delim(&r->csv, (unsigned char)r->delim);
	csv_set_space_func(&r->csv, never_space);
	r->csv_live = 1;
	r->between = 1;
	return 0;
}

/* Move the row in progress to the front once every queued row is consumed. */
static void compact(struct ec_reader *r)
{
	if (r->rowhead < r->nrows)
		return;
	r->nrows = r->rowhead = 0;
	if (r->row_f0 == r->nfs) {
		r->nfs = r->row_f0 = 0;
		ec_buf_reset(&r->fbuf);
		return;
	}
	size_t base = r->fs[r->row_f0].off;
	size_t k = r->nfs - r->row_f0;
	memmove(r->fbuf.data, r->fbuf.data + base, r->fbuf.len - base);
	r->fbuf.len -= base;
	for (size_t i = 0; i < k; i++) {
		r->fs[i] = r->fs[r->row_f0 + i];
		r->fs[i].off -= base;
	}
	r->nfs = k;
	r->row_f0 = 0;
}

static int is_blank(const char *p, size_t n)
{
	return (n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' && p[1] == '\n') ||
	       (n == 1 && p[0] == '\r');
}

static void raw_trim(const char **p, size_t *n)
{
	while (*n && ((*p)[*n - 1] == '\n' || (*p)[*n - 1] == '\r'))
		(*n)--;
}

/* The record in progress is bad: describe it in rec, drop it, say why. */
static int bad_record(struct ec_reader *r, struct ec_record *rec, const char *why)
{
	rec->source = r->source;
	rec->line = r->rec_line;
	rec->raw = r->raw.data;
	rec->rawlen = r->raw.len;
	raw_trim(&rec->raw, &rec->rawlen);
	rec->nfields = 0;
	r->between = 1;
	rerr(r, "%s", why);
	return EC_READ_BAD;
}

/*
 * Feed lines to libcsv until a row is queued or the member ends.
 * EC_READ_OK (rows queued), EC_READ_END (member over, nothing queued),
 * EC_READ_BAD (unterminated quote at member end), EC_READ_FATAL.
 */
static int csv_feed(struct ec_reader *r, struct ec_record *rec)
{
	while (r->rowhead == r->nrows) {
		compact(r);
		if (r->member_end && r->ipos == r->ib.len && !r->csv_live)
			return EC_READ_END;
		const char *p;
		size_t n;
		int k = get_line(r, &p, &n);
		if (k < 0)
			return EC_READ_FATAL;
		if (k == 0) {
			if (!r->csv_live)
				return EC_READ_END;
			/* libcsv reports an open quote at the end only in strict mode,
			 * which would also refuse a stray quote inside an unquoted
			 * field; its parser state is public, so look: a quoted field
			 * still being read (FIELD_BEGUN) is an unterminated quote. */
			int bad = r->csv.pstate == 2 && r->csv.quoted;
			if (!bad)
				csv_fini(&r->csv, cb_field, cb_row, r);
			csv_free(&r->csv);
			r->csv_live = 0;
			if (r->csv_oom) {
				rerr(r, "%s: out of memory", r->source);
				return EC_READ_FATAL;
			}
			if (bad) {
				r->nfs = r->row_f0 = 0;
				return bad_record(r, rec, "unterminated quoted field");
			}
			if (r->rowhead == r->nrows)
				return EC_READ_END;
			break;
		}
		long line = r->lineno++;
		if (!r->csv_live && csv_start(r) < 0) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		if (r->between) {
			if (is_blank(p, n))
				continue;
			ec_buf_reset(&r->raw);
			r->rec_line = line;
			r->between = 0;
		}
		if (r->raw.len + n > r->max_record) {
			rerr(r, "%s:%ld: record longer than %zu bytes (unterminated quote?)",
			     r->source, r->rec_line, r->max_record);
			return EC_READ_FATAL;
		}
		if (ec_buf_add(&r->raw, p, n) < 0) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		size_t used = csv_parse(&r->csv, p, n, cb_field, cb_row, r);
		if (r->csv_oom) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		if (used < n && csv_error(&r->csv) == CSV_EPARSE) {
			/*
			 * Strict RFC 4180: a quote inside an unquoted field, or text
			 * after a closing quote. Lenient parsing would read such a
			 * quote as opening a field that runs to the end of the file;
			 * instead this record is bad and reading resumes on the next
			 * line with a fresh parser.
			 */
			csv_free(&r->csv);
			r->csv_live = 0;
			r->nfs = r->row_f0;
			return bad_record(r, rec, "malformed quoting: a quote inside an unquoted field "
			                          "or text after a closing quote (RFC 4180)");
		}
		if (r->between)
			r->rec_line = r->lineno; /* a lone CR may start another row */
	}
	return EC_READ_OK;
}

/* Pop the next queued row into rec (fields as they are). */
static void csv_pop(struct ec_reader *r, struct ec_record *rec, size_t want)
{
	struct row *w = &r->rows[r->rowhead++];
	size_t nf = w->nf;
	for (size_t i = 0; i < want; i++) {
		if (i < nf) {
			r->val[i] = r->fbuf.data + r->fs[w->f0 + i].off;
			r->len[i] = r->fs[w->f0 + i].len;
		} else {
			r->val[i] = NULL;
			r->len[i] = 0;
		}
	}
	rec->source = r->source;
	rec->line = w->line;
	rec->nfields = nf;
	rec->val = r->val;
	rec->len = r->len;
	rec->raw = r->raw.data;
	rec->rawlen = r->raw.len;
	raw_trim(&rec->raw, &rec->rawlen);
}

static int same_header(struct ec_reader *r, const struct ec_record *rec)
{
	if (rec->nfields != r->ncols)
		return 0;
	for (size_t i = 0; i < r->ncols; i++)
		if (strcmp(rec->val[i], r->cols[i]))
			return 0;
	return 1;
}

/*
 * Next CSV row of the stream, header logic included. The same contract as
 * ec_reader_next; in header mode (r->header_known == 0) the first row
 * becomes the header.
 */
static int csv_next(struct ec_reader *r, struct ec_record *rec)
{
	for (;;) {
		int ready = member_ready(r);
		if (ready != EC_READ_OK)
			return ready;
		int k = csv_feed(r, rec);
		if (k == EC_READ_END) {
			r->member_open = 0;
			continue;
		}
		if (k != EC_READ_OK)
			return k;
		size_t want = r->rows[r->rowhead].nf;
		if (want < r->ncols)
			want = r->ncols;
		if (ensure_val(r, want) < 0) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		csv_pop(r, rec, want);
		size_t bad;
		if (!ec_utf8_valid(rec->raw, rec->rawlen, &bad)) {
			rerr(r, "invalid UTF-8 at byte %zu", bad + 1);
			return EC_READ_BAD;
		}
		int first = r->member_rows++ == 0;
		if (!r->no_header && first) {
			if (!r->header_known) {
				for (size_t i = 0; i < rec->nfields; i++)
					if (add_col(r, rec->val[i], rec->len[i]) < 0) {
						rerr(r, "%s: out of memory", r->source);
						return EC_READ_FATAL;
					}
				r->header_known = 1;
				if (r->opening)
					return EC_READ_OK + 1;
				continue;
			}
			if (same_header(r, rec))
				continue;
			{
				char hdr[200];
				size_t m = 0;
				for (size_t i = 0; i < r->ncols && m + 2 < sizeof hdr; i++)
					m += (size_t)snprintf(hdr + m, sizeof hdr - m, "%s%s",
					                      i ? "," : "", r->cols[i]);
				rerr(r, "%s: header differs from the first file's header (%s)",
				     r->source, hdr);
			}
			return EC_READ_FATAL;
		}
		if (r->ragged)
			return EC_READ_OK;
		if (!r->header_known) {
			/* headerless without names: 1, 2, 3, ... */
			for (size_t i = 0; i < rec->nfields; i++) {
				char nm[24];
				int m = snprintf(nm, sizeof nm, "%zu", i + 1);
				if (add_col(r, nm, (size_t)m) < 0) {
					rerr(r, "%s: out of memory", r->source);
					return EC_READ_FATAL;
				}
			}
			r->header_known = 1;
		}
		if (rec->nfields != r->ncols) {
			int ok = rec->nfields > r->ncols;
			for (size_t i = r->ncols; ok && i < rec->nfields; i++)
				if (rec->len[i])
					ok = 0;
			if (!ok) {
				rerr(r, "expected %zu fields, found %zu", r->ncols, rec->nfields);
				return EC_READ_BAD;
			}
			rec->nfields = r->ncols;
		}
		return EC_READ_OK;
	}
}

/* ---- JSONL ---- */

static int json_col(struct ec_reader *r, const char *key, size_t hint)
{
	if (hint < r->ncols && !strcmp(r->cols[hint], key))
		return (int)hint;
	int i = ec_reader_col(r, key);
	if (i >= 0)
		return i;
	if (add_col(r, key, strlen(key)) < 0)
		return -1;
	return (int)r->ncols - 1;
}

static int json_value_text(struct ec_buf *b, json_t *v)
{
	char num[40];
	switch (json_typeof(v)) {
	case JSON_STRING:
		return ec_buf_add(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return ec_buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL: {
		double d = json_real_value(v);
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(num, sizeof num, "%.*g", prec, d);
			if (strtod(num, NULL) == d)
				break;
		}
		return ec_buf_adds(b, num);
	}
	case JSON_TRUE:
		return ec_buf_adds(b, "true");
	case JSON_FALSE:
		return ec_buf_adds(b, "false");
	default: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!s)
			return -1;
		int rc = ec_buf_adds(b, s);
		free(s);
		return rc;
	}
	}
}

/* Copy JSON text s into b with integer literals of more than 18 digits
 * (outside strings) put in quotes. */
static int quote_big_ints(struct ec_buf *b, const char *s, size_t n)
{
	ec_buf_reset(b);
	int instr = 0;
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (instr) {
			if (c == '\\' && i + 1 < n) {
				if (ec_buf_add(b, s + i, 2) < 0)
					return -1;
				i += 2;
				continue;
			}
			if (c == '"')
				instr = 0;
		} else if (c == '"') {
			instr = 1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t j = i + (c == '-');
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			int is_int = j == n || (s[j] != '.' && s[j] != 'e' && s[j] != 'E');
			if (is_int && j - i > 18) {
				if (ec_buf_addc(b, '"') < 0 || ec_buf_add(b, s + i, j - i) < 0 ||
				    ec_buf_addc(b, '"') < 0)
					return -1;
				i = j;
				continue;
			}
			if (ec_buf_add(b, s + i, j - i) < 0)
				return -1;
			i = j;
			continue;
		}
		if (ec_buf_addc(b, c) < 0)
			return -1;
		i++;
	}
	return 0;
}

/*
 * The fast path of JSONL, for flat objects, which is nearly every line of an
 * event log: {"key": value, ...} with strings, numbers, true, false and
 * null scanned in place (RFC 8259 grammar) without building a jansson tree,
 * which cost 4 us per event. Numbers keep their text, so they are exact.
 * Returns 1 when the line was such an object (values in jbuf, r->val set),
 * 0 when it is anything else (nesting, invalid JSON, a duplicate key, a NUL
 * escape): jansson then parses it and says what is wrong. -1: no memory.
 */
static int skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return (int)i;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static long hex4(const char *p, size_t n, size_t i)
{
	if (i + 4 > n)
		return -1;
	long v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hexval(p[i + (size_t)k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Decode the JSON string starting after its opening quote at p[*i] into b.
 * 1 ok (*i after the closing quote), 0 not acceptable here, -1 no memory. */
static int scan_string(struct ec_buf *b, const char *p, size_t n, size_t *i)
{
	size_t j = *i, run = j;
	while (j < n) {
		unsigned char c = (unsigned char)p[j];
		if (c == '"') {
			if (ec_buf_add(b, p + run, j - run) < 0)
				return -1;
			*i = j + 1;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c != '\\') {
			j++;
			continue;
		}
		if (ec_buf_add(b, p + run, j - run) < 0 || j + 1 >= n)
			return j + 1 >= n ? 0 : -1;
		char e = p[j + 1], out = 0;
		switch (e) {
		case '"': out = '"'; break;
		case '\\': out = '\\'; break;
		case '/': out = '/'; break;
		case 'b': out = '\b'; break;
		case 'f': out = '\f'; break;
		case 'n': out = '\n'; break;
		case 'r': out = '\r'; break;
		case 't': out = '\t'; break;
		case 'u': {
			long u = hex4(p, n, j + 2);
			size_t used = 6;
			if (u <= 0)
				return 0; /* bad hex, or \u0000 which jansson refuses */
			if (u >= 0xDC00 && u <= 0xDFFF)
				return 0;
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (j + 12 > n || p[j + 6] != '\\' || p[j + 7] != 'u')
					return 0;
				long lo = hex4(p, n, j + 8);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return 0;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				used = 12;
			}
			char enc[4];
			size_t k;
			if (u < 0x80) {
				enc[0] = (char)u;
				k = 1;
			} else if (u < 0x800) {
				enc[0] = (char)(0xC0 | (u >> 6));
				enc[1] = (char)(0x80 | (u & 0x3F));
				k = 2;
			} else if (u < 0x10000) {
				enc[0] = (char)(0xE0 | (u >> 12));
				enc[1] = (char)(0x80 | ((u >> 6) & 0x3F));
				enc[2] = (char)(0x80 | (u & 0x3F));
				k = 3;
			} else {
				enc[0] = (char)(0xF0 | (u >> 18));
				enc[1] = (char)(0x80 | ((u >> 12) & 0x3F));
				enc[2] = (char)(0x80 | ((u >> 6) & 0x3F));
				enc[3] = (char)(0x80 | (u & 0x3F));
				k = 4;
			}
			if (ec_buf_add(b, enc, k) < 0)
				return -1;
			j += used;
			run = j;
			continue;
		}
		default:
			return 0;
		}
		if (ec_buf_addc(b, out) < 0)
			return -1;
		j += 2;
		run = j;
	}
	return 0;
}

/* Length of the JSON number at p[i] (RFC 8259 section 6), 0 if none. */
static size_t scan_number(const char *p, size_t n, size_t i)
{
	size_t j = i;
	if (j < n && p[j] == '-')
		j++;
	if (j < n && p[j] == '0')
		j++;
	else if (j < n && p[j] >= '1' && p[j] <= '9')
		while (j < n && p[j] >= '0' && p[j] <= '9')
			j++;
	else
		return 0;
	if (j < n && p[j] == '.') {
		size_t f = ++j;
		while (j < n && p[j] >= '0' && p[j] <= '9')
			j++;
		if (j == f)
			return 0;
	}
	if (j < n && (p[j] == 'e' || p[j] == 'E')) {
		j++;
		if (j < n && (p[j] == '+' || p[j] == '-'))
			j++;
		size_t e = j;
		while (j < n && p[j] >= '0' && p[j] <= '9')
			j++;
		if (j == e)
			return 0;
	}
	return j - i;
}

static int jsonl_flat(struct ec_reader *r, const char *p, size_t n)
{
	size_t i = (size_t)skip_ws(p, n, 0), nkv = 0;
	if (i >= n || p[i] != '{')
		return 0;
	ec_buf_reset(&r->jbuf);
	ec_buf_reset(&r->kbuf);
	i = (size_t)skip_ws(p, n, i + 1);
	if (i < n && p[i] == '}') {
		i++;
	} else {
		for (;;) {
			if (i >= n || p[i] != '"')
				return 0;
			if (nkv == r->capkv) {
				size_t cap = r->capkv ? 2 * r->capkv : 32;
				struct jkv *k = realloc(r->kv, cap * sizeof *k);
				if (!k)
					return -1;
				r->kv = k;
				r->capkv = cap;
			}
			struct jkv *kv = &r->kv[nkv];
			kv->koff = r->kbuf.len;
			i++;
			int k = scan_string(&r->kbuf, p, n, &i);
			if (k <= 0)
				return k;
			kv->klen = r->kbuf.len - kv->koff;
			if (ec_buf_addc(&r->kbuf, '\0') < 0)
				return -1;
			i = (size_t)skip_ws(p, n, i);
			if (i >= n || p[i] != ':')
				return 0;
			i = (size_t)skip_ws(p, n, i + 1);
			if (i >= n)
				return 0;
			kv->voff = r->jbuf.len;
			kv->present = 1;
			char c = p[i];
			if (c == '"') {
				i++;
				k = scan_string(&r->jbuf, p, n, &i);
				if (k <= 0)
					return k;
			} else if (c == '-' || (c >= '0' && c <= '9')) {
				size_t m = scan_number(p, n, i);
				if (!m || ec_buf_add(&r->jbuf, p + i, m) < 0)
					return m ? -1 : 0;
				i += m;
			} else if (n - i >= 4 && !memcmp(p + i, "true", 4)) {
				if (ec_buf_add(&r->jbuf, "true", 4) < 0)
					return -1;
				i += 4;
			} else if (n - i >= 5 && !memcmp(p + i, "false", 5)) {
				if (ec_buf_add(&r->jbuf, "false", 5) < 0)
					return -1;
				i += 5;
			} else if (n - i >= 4 && !memcmp(p + i, "null", 4)) {
				kv->present = 0;
				i += 4;
			} else {
				return 0; /* an object or array value, or not JSON */
			}
			kv->vlen = r->jbuf.len - kv->voff;
			if (ec_buf_addc(&r->jbuf, '\0') < 0)
				return -1;
			nkv++;
			i = (size_t)skip_ws(p, n, i);
			if (i < n && p[i] == ',') {
				i = (size_t)skip_ws(p, n, i + 1);
				continue;
			}
			if (i < n && p[i] == '}') {
				i++;
				break;
			}
			return 0;
		}
	}
	if ((size_t)skip_ws(p, n, i) != n)
		return 0;
	/* a key with a NUL in it cannot be a column name: let jansson judge */
	for (size_t k = 0; k < nkv; k++)
		if (memchr(r->kbuf.data + r->kv[k].koff, '\0', r->kv[k].klen))
			return 0;
	/* the line is valid: now resolve columns (this may add some) */
	if (ensure_val(r, r->ncols + nkv) < 0)
		return -1;
	if (++r->gen == 0) { /* wrapped: forget every mark */
		memset(r->seen, 0, r->capval * sizeof *r->seen);
		r->gen = 1;
	}
	for (size_t c = 0; c < r->ncols + nkv; c++)
		r->val[c] = NULL;
	size_t hint = 0;
	for (size_t k = 0; k < nkv; k++) {
		int c = json_col(r, r->kbuf.data + r->kv[k].koff, hint);
		if (c < 0)
			return -1;
		hint = (size_t)c + 1;
		if (ensure_val(r, r->ncols) < 0)
			return -1;
		if (r->seen[c] == r->gen)
			return 0; /* duplicate key: jansson's message */
		r->seen[c] = r->gen;
		if (r->kv[k].present) {
			r->val[c] = r->jbuf.data + r->kv[k].voff;
			r->len[c] = r->kv[k].vlen;
		}
	}
	return 1;
}

static int jsonl_next(struct ec_reader *r, struct ec_record *rec)
{
	for (;;) {
		int ready = member_ready(r);
		if (ready != EC_READ_OK)
			return ready;
		const char *p;
		size_t n;
		int k = get_line(r, &p, &n);
		if (k < 0)
			return EC_READ_FATAL;
		if (k == 0) {
			r->member_open = 0;
			continue;
		}
		long line = r->lineno++;
		raw_trim(&p, &n);
		size_t s = 0;
		while (s < n && (p[s] == ' ' || p[s] == '\t'))
			s++;
		if (s == n)
			continue;
		ec_buf_reset(&r->raw);
		if (ec_buf_add(&r->raw, p, n) < 0) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		rec->source = r->source;
		rec->line = line;
		rec->raw = r->raw.data;
		rec->rawlen = r->raw.len;
		rec->nfields = 0;
		size_t bad;
		if (!ec_utf8_valid(p, n, &bad)) {
			rerr(r, "invalid UTF-8 at byte %zu", bad + 1);
			return EC_READ_BAD;
		}
		int fast = jsonl_flat(r, r->raw.data, r->raw.len);
		if (fast < 0) {
			rerr(r, "%s: out of memory", r->source);
			return EC_READ_FATAL;
		}
		if (fast) {
			rec->nfields = r->ncols;
			rec->val = r->val;
			rec->len = r->len;
			return EC_READ_OK;
		}
		json_error_t je;
		json_t *o = json_loadb(r->raw.data, r->raw.len,
		                       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
		if (!o && strstr(je.text, "too big integer")) {
			/* jansson holds integers in 64 bits; ids can be longer. Quote
			 * such literals and parse again, so their digits stay exact. */
			if (quote_big_ints(&r->jbuf, r->raw.data, r->raw.len) < 0) {
				rerr(r, "%s: out of memory", r->source);
				return EC_READ_FATAL;
			}
			o = json_loadb(r->jbuf.data, r->jbuf.len,
			               JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
		}
		if (!o) {
			rerr(r, "invalid JSON: %s", je.text);
			return EC_READ_BAD;
		}
		if (!json_is_object(o)) {
			json_decref(o);
			rerr(r, "not a JSON object");
			return EC_READ_BAD;
		}
		/* Values go into jbuf; offsets first, pointers once jbuf is stable. */
		ec_buf_reset(&r->jbuf);
		size_t nk = json_object_size(o);
		size_t *off;
		int rc = EC_READ_OK;
		if (ensure_val(r, r->ncols + nk) < 0) {
			rerr(r, "%s: out of memory", r->source);
			rc = EC_READ_FATAL;
			goto done;
		}
		off = r->joff;
		for (size_t i = 0; i < r->ncols + nk; i++)
			r->val[i] = NULL;
		const char *key;
		json_t *v;
		size_t hint = 0;
		json_object_foreach(o, key, v) {
			int c = json_col(r, key, hint);
			if (c < 0 || ensure_val(r, r->ncols) < 0) {
				rerr(r, "%s: out of memory", r->source);
				rc = EC_READ_FATAL;
				goto done;
			}
			off = r->joff;
			hint = (size_t)c + 1;
			if (json_is_null(v))
				continue;
			off[c] = r->jbuf.len;
			if (json_value_text(&r->jbuf, v) < 0) {
				rerr(r, "%s: out of memory", r->source);
				rc = EC_READ_FATAL;
				goto done;
			}
			r->len[c] = r->jbuf.len - off[c];
			r->val[c] = ""; /* mark present; pointer fixed below */
			if (ec_buf_addc(&r->jbuf, '\0') < 0) {
				rc = EC_READ_FATAL;
				goto done;
			}
		}
		for (size_t i = 0; i < r->ncols; i++)
			if (r->val[i])
				r->val[i] = r->jbuf.data + off[i];
		rec->nfields = r->ncols;
		rec->val = r->val;
		rec->len = r->len;
	done:
		json_decref(o);
		return rc;
	}
}

/* ---- open / next / close ---- */

int ec_reader_next(struct ec_reader *r, struct ec_record *rec)
{
	if (r->fmt == EC_FORMAT_JSONL)
		return jsonl_next(r, rec);
	return csv_next(r, rec);
}

void ec_reader_close(struct ec_reader *r)
{
	if (!r)
		return;
	ec_input_close(r->in);
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	ec_strmap_free(r->colmap);
	if (r->csv_live)
		csv_free(&r->csv);
	ec_buf_free(&r->ib);
	ec_buf_free(&r->raw);
	ec_buf_free(&r->fbuf);
	ec_buf_free(&r->jbuf);
	free(r->fs);
	free(r->rows);
	free(r->val);
	free(r->len);
	free(r->joff);
	free(r->seen);
	free(r->kv);
	ec_buf_free(&r->kbuf);
	free(r);
}

int ec_reader_open(struct ec_reader **out, const char *const *paths, size_t npaths,
                   const struct ec_reader_opts *o, char *err, size_t errlen)
{
	*out = NULL;
	struct ec_reader *r = calloc(1, sizeof *r);
	static const char *const stdin_path[] = { "-" };
	if (npaths == 0) {
		paths = stdin_path;
		npaths = 1;
	}
	if (!r || !(r->paths = calloc(npaths, sizeof *r->paths))) {
		free(r);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->npaths = npaths;
	for (size_t i = 0; i < npaths; i++)
		if (!(r->paths[i] = strdup(paths[i]))) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	ec_buf_init(&r->ib);
	ec_buf_init(&r->raw);
	ec_buf_init(&r->fbuf);
	ec_buf_init(&r->jbuf);
	ec_buf_init(&r->kbuf);
	r->fmt = o ? o->format : EC_FORMAT_AUTO;
	r->delim = o ? o->delim : 0;
	r->no_header = o ? o->no_header || o->ragged : 0;
	r->ragged = o ? o->ragged : 0;
	r->max_record = o && o->max_record ? o->max_record : (size_t)64 << 20;
	if (o && o->no_header && o->ncolumns) {
		for (size_t i = 0; i < o->ncolumns; i++)
			if (add_col(r, o->columns[i], strlen(o->columns[i])) < 0) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		r->header_known = 1;
	}
	if (r->fmt == EC_FORMAT_TSV)
		r->delim = '\t';

	/* Find the first member with bytes in it and sniff from its prefix. */
	for (;;) {
		int k = next_member(r);
		if (k < 0) {
			snprintf(err, errlen, "%s", r->err);
			goto fail;
		}
		if (k == 0)
			break;
		if (member_start(r) < 0) {
			snprintf(err, errlen, "%s", r->err);
			goto fail;
		}
		while (r->ib.len - r->ipos < SNIFF_BYTES) {
			int f = fill(r);
			if (f < 0) {
				snprintf(err, errlen, "%s", r->err);
				goto fail;
			}
			if (f == 0)
				break;
		}
		if (r->ib.len > r->ipos)
			break;
		r->member_open = 0;
	}
	const char *s = r->ib.data + r->ipos;
	size_t n = r->ib.len - r->ipos;
	if (r->fmt == EC_FORMAT_AUTO) {
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		r->fmt = i < n && s[i] == '{' ? EC_FORMAT_JSONL : EC_FORMAT_CSV;
	}
	if (r->fmt != EC_FORMAT_JSONL && !r->delim)
		r->delim = sniff_delim(s, n);
	if (r->fmt == EC_FORMAT_CSV && r->delim == '\t')
		r->fmt = EC_FORMAT_TSV;
	if (r->fmt != EC_FORMAT_JSONL && !r->no_header && r->member_open) {
		/* Read the header now so that callers can resolve columns. */
		struct ec_record rec;
		r->opening = 1;
		int k = csv_next(r, &rec);
		r->opening = 0;
		if (k == EC_READ_BAD || k == EC_READ_FATAL) {
			if (k == EC_READ_BAD)
				snprintf(err, errlen, "%s:%ld: header: %s", rec.source, rec.line, r->err);
			else
				snprintf(err, errlen, "%s", r->err);
			goto fail;
		}
	}
	*out = r;
	return 0;
fail:
	ec_reader_close(r);
	return -1;
}
