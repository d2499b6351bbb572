/*
 * ec_writer.c: CSV/TSV/JSONL record writer of ec_record.h. Escaping is done
 * here rather than through jansson or libcsv: a record is built in one
 * buffer with no allocation per field, which matters on the data path, and
 * libcsv's writer quotes every field.
 */
#include "ec_record.h"

#include "ec_buf.h"
#include "ec_stream.h"

#include <stdlib.h>
#include <string.h>

struct ec_writer {
	struct ec_output *out;
	enum ec_format fmt;
	char delim;
	char **names;
	enum ec_col_type *types;
	size_t ncols;
	struct ec_buf line;
	struct ec_buf *qnames; /* JSON-quoted names with ':' */
};

int ec_json_quote(struct ec_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (ec_buf_grow(b, n + 2) < 0)
		return -1;
	b->data[b->len++] = '"';
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (ec_buf_add(b, s + run, i - run) < 0)
			return -1;
		run = i + 1;
		char esc[7] = { '\\', 0 };
		size_t k = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		if (ec_buf_add(b, esc, k) < 0)
			return -1;
	}
	if (ec_buf_add(b, s + run, n - run) < 0)
		return -1;
	return ec_buf_addc(b, '"');
}

static int csv_field(struct ec_buf *b, const char *s, size_t n, char delim)
{
	int quote = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == delim || c == '\n' || c == '\r' || c == '"') {
			quote = 1;
			break;
		}
	}
	if (!quote)
		return ec_buf_add(b, s, n);
	if (ec_buf_addc(b, '"') < 0)
		return -1;
	size_t run = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"') {
			if (ec_buf_add(b, s + run, i + 1 - run) < 0 || ec_buf_addc(b, '"') < 0)
				return -1;
			run = i + 1;
		}
	if (ec_buf_add(b, s + run, n - run) < 0)
		return -1;
	return ec_buf_addc(b, '"');
}

static int add_field(struct ec_writer *w, const char *s, size_t n)
{
	return csv_field(&w->line, s, n, w->delim);
}

void ec_writer_close(struct ec_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->ncols; i++) {
		free(w->names[i]);
		if (w->qnames)
			ec_buf_free(&w->qnames[i]);
	}
	free(w->names);
	free(w->types);
	free(w->qnames);
	ec_buf_free(&w->line);
	free(w);
}

int ec_writer_open(struct ec_writer **out, struct ec_output *o, enum ec_format f,
                   const char *const *names, const enum ec_col_type *types,
                   size_t ncols)
{
	*out = NULL;
	struct ec_writer *w = calloc(1, sizeof *w);
	if (!w)
		return -1;
	w->out = o;
	w->fmt = f == EC_FORMAT_AUTO ? EC_FORMAT_JSONL : f;
	w->delim = w->fmt == EC_FORMAT_TSV ? '\t' : ',';
	w->ncols = ncols;
	ec_buf_init(&w->line);
	w->names = calloc(ncols ? ncols : 1, sizeof *w->names);
	w->types = calloc(ncols ? ncols : 1, sizeof *w->types);
	w->qnames = calloc(ncols ? ncols : 1, sizeof *w->qnames);
	if (!w->names || !w->types || !w->qnames)
		goto fail;
	for (size_t i = 0; i < ncols; i++) {
		ec_buf_init(&w->qnames[i]);
		if (!(w->names[i] = strdup(names[i])))
			goto fail;
		w->types[i] = types ? types[i] : EC_COL_STR;
		if (ec_json_quote(&w->qnames[i], names[i], strlen(names[i])) < 0 ||
		    ec_buf_addc(&w->qnames[i], ':') < 0)
			goto fail;
	}
	if (w->fmt != EC_FORMAT_JSONL) {
		for (size_t i = 0; i < ncols; i++)
			if ((i && ec_buf_addc(&w->line, w->delim) < 0) ||
			    add_field(w, names[i], strlen(names[i])) < 0)
				goto fail;
		if (ec_buf_addc(&w->line, '\n') < 0 ||
		    ec_output_write(o, w->line.data, w->line.len) < 0)
			goto fail;
	}
	*out = w;
	return 0;
fail:
	ec_writer_close(w);
	return -1;
}

int ec_writer_write(struct ec_writer *w, const char *const *val, const size_t *len)
{
	struct ec_buf *b = &w->line;
	ec_buf_reset(b);
	if (w->fmt == EC_FORMAT_JSONL) {
		int first = 1;
		if (ec_buf_addc(b, '{') < 0)
			return -1;
		for (size_t i = 0; i < w->ncols; i++) {
			if (!val[i])
				continue;
			size_t n = len ? len[i] : strlen(val[i]);
			if ((!first && ec_buf_addc(b, ',') < 0) ||
			    ec_buf_add(b, w->qnames[i].data, w->qnames[i].len) < 0)
				return -1;
			first = 0;
			int rc = w->types[i] == EC_COL_NUM ? ec_buf_add(b, val[i], n)
			                                   : ec_json_quote(b, val[i], n);
			if (rc < 0)
				return -1;
		}
		if (ec_buf_add(b, "}\n", 2) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < w->ncols; i++) {
			if (i && ec_buf_addc(b, w->delim) < 0)
				return -1;
			if (val[i] && add_field(w, val[i], len ? len[i] : strlen(val[i])) < 0)
				return -1;
		}
		/* one empty column would be a blank line, which readers skip */
		if (w->ncols == 1 && b->len == 0 && ec_buf_add(b, "\"\"", 2) < 0)
			return -1;
		if (ec_buf_addc(b, '\n') < 0)
			return -1;
	}
	return ec_output_write(w->out, b->data, b->len);
}
