/*
 * ec-predict: score records with a click-through model (ec-train -m
 * lr|wd|din). Each input record is written back with one more column, the
 * click probability. Records are scored in batches (--batch) so that the
 * deep models' matrix products run through OpenBLAS a few hundred rows at
 * a time; the batch's records are copied into one arena until their scores
 * are known.
 */
#include <cblas.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_ctr.h"
#include "ec_record.h"

static const char usage_text[] =
"usage: ec-predict -m MODEL [-q] [-o FILE] [--column NAME] [--batch N] [--threads N]\n"
"                  [--shard I/N] [--if FMT] [--of FMT] [--rejects FILE]\n"
"                  [--max-errors N] [FILE ...]\n"
"\n"
"Write each input record (CSV, TSV or JSONL, any compression; stdin when no\n"
"FILE) with a column holding its click probability under MODEL, a model file\n"
"of ec-train -m lr, wd or din. The model knows its columns: no feature flags.\n"
"\n"
"Options:\n"
"  -m, --model FILE       the model file\n"
"  -o, --output FILE      write to FILE atomically (.zst/.gz compresses)\n"
"      --column NAME      name of the score column (default score); an input\n"
"                         column of that name is replaced\n"
"      --batch N          records scored together (default 512)\n"
"      --threads N        OpenBLAS threads (default 1)\n"
"      --shard I/N        only records whose user (the model's user field; else\n"
"                         the whole line) hashes to shard I of N (0 <= I < N)\n"
"      --if FMT           input format csv, tsv or jsonl (default: detected)\n"
"      --of FMT           output format (default: the input's)\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-predict(1).\n";

enum {
	OPT_COLUMN = 256, OPT_BATCH, OPT_THREADS, OPT_IF, OPT_OF, OPT_REJECTS, OPT_MAXERR,
	OPT_SHARD,
};

static const struct option longopts[] = {
	{ "model", required_argument, 0, 'm' },
	{ "output", required_argument, 0, 'o' },
	{ "column", required_argument, 0, OPT_COLUMN },
	{ "batch", required_argument, 0, OPT_BATCH },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "if", required_argument, 0, OPT_IF },
	{ "of", required_argument, 0, OPT_OF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

struct app {
	const char *rejects_path;
	long long max_errors;
	struct ec_rejects rej;
};

static void reject(struct app *a, const struct ec_record *rec, const char *reason)
{
	ec_rejects_add(&a->rej, rec->source, rec->line, rec->raw, rec->rawlen, reason);
}

/*
 * The JSON object raw[0..n) with "column": score added (a new last key) or
 * replaced (through jansson, which keeps the key order), and a newline.
 */
static int json_line(struct ec_buf *b, const char *raw, size_t n, const char *column,
                     const char *score)
{
	ec_buf_reset(b);
	char key[300];
	int kl = snprintf(key, sizeof key, "\"%s\"", column);
	if (kl > 0 && (size_t)kl < sizeof key && !memmem(raw, n, key, (size_t)kl)) {
		while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\r'))
			n--;
		if (n < 2 || raw[n - 1] != '}')
			goto full;
		size_t body = n - 1;
		int empty = 1;
		for (size_t i = 1; i < body; i++)
			if (raw[i] != ' ' && raw[i] != '\t')
				empty = 0;
		if (ec_buf_add(b, raw, body) < 0 || (!empty && ec_buf_addc(b, ',') < 0) ||
		    ec_json_quote(b, column, strlen(column)) < 0 ||
		    ec_buf_addf(b, ":%s}\n", score) < 0)
			return -1;
		return 0;
	}
full:;
	json_error_t je;
	json_t *o = json_loadb(raw, n, 0, &je);
	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, column, json_real(strtod(score, NULL)));
	char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!t)
		return -1;
	int rc = ec_buf_adds(b, t) < 0 || ec_buf_addc(b, '\n') < 0 ? -1 : 0;
	free(t);
	return rc;
}

int main(int argc, char **argv)
{
	ec_cli_init("ec-predict");
	struct app a = { .max_errors = -1 };
	const char *model_path = NULL, *out_path = NULL, *column = "score";
	size_t batch = 512;
	int quiet = 0, threads = 1, of = -1;
	struct ec_shard shard = { 0, 0 };
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	int ch;
	while ((ch = getopt_long(argc, argv, "m:o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': model_path = optarg; break;
		case 'o': out_path = optarg; break;
		case OPT_COLUMN:
			if (!*optarg)
				ec_usage_error("--column: empty name");
			column = optarg;
			break;
		case OPT_BATCH: batch = (size_t)ec_opt_int("--batch", optarg, 1, 1 << 20); break;
		case OPT_THREADS: threads = (int)ec_opt_int("--threads", optarg, 1, 256); break;
		case OPT_IF:
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("%s: '%s' is not csv, tsv or jsonl",
				               ch == OPT_IF ? "--if" : "--of", optarg);
			if (ch == OPT_IF)
				ro.format = (enum ec_format)f;
			else
				of = f;
			break;
		}
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &shard); break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		default: ec_usage_error("unknown option");
		}
	}
	if (!model_path)
		ec_usage_error("no model: give -m MODEL");
	openblas_set_num_threads(threads);
	char err[1024];
	struct ec_ctr *m = ec_ctr_load(model_path, err, sizeof err);
	if (!m)
		ec_die("%s", err);

	static const char *const dash[] = { "-" };
	size_t npaths = (size_t)(argc - optind);
	struct ec_reader *r;
	if (ec_reader_open(&r, npaths ? (const char *const *)argv + optind : dash,
	                   npaths ? npaths : 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	const char *first = npaths ? argv[optind] : "-";

	ec_rejects_open(&a.rej, a.rejects_path, a.max_errors);

	/* The first record fixes the output columns (JSONL keys may come later). */
	struct ec_record rec;
	int k;
	for (;;) {
		k = ec_reader_next(r, &rec);
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k != EC_READ_BAD)
			break;
		reject(&a, &rec, ec_reader_error(r));
	}
	size_t ncols = ec_reader_ncols(r);
	int scol = ec_reader_col(r, column);
	size_t nout = scol >= 0 ? ncols : ncols + 1;
	const char **names = malloc((nout + 1) * sizeof *names);
	enum ec_col_type *types = malloc((nout + 1) * sizeof *types);
	if (!names || !types)
		ec_die("out of memory");
	for (size_t i = 0; i < ncols; i++) {
		names[i] = ec_reader_colname(r, i);
		types[i] = EC_COL_STR;
	}
	size_t spos = scol >= 0 ? (size_t)scol : ncols;
	names[spos] = column;
	types[spos] = EC_COL_NUM;
	size_t nf = ec_ctr_nfields(m);
	/* --shard key: the model's user field, else the record's whole line */
	size_t ufield = nf;
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(ec_ctr_field(m, i), "user"))
			ufield = i;
	int *col = malloc((nf + 1) * sizeof *col);
	if (!col)
		ec_die("out of memory");
	for (size_t i = 0; i < nf; i++) {
		col[i] = ec_reader_col(r, ec_ctr_field(m, i));
		if (col[i] < 0 && ec_reader_format(r) != EC_FORMAT_JSONL && k == EC_READ_OK)
			ec_die("%s: no column '%s' (the model uses it)", first, ec_ctr_field(m, i));
	}
	enum ec_format ofmt = of >= 0 ? (enum ec_format)of : ec_reader_format(r);
	struct ec_output *out = ec_cli_output(out_path, EC_COMPRESS_AUTO);
	struct ec_writer *w = NULL;
	/* JSONL to JSONL: each line as it came, the score added to the object,
	 * so that numbers stay numbers and nothing is re-encoded */
	int pass = ofmt == EC_FORMAT_JSONL && ec_reader_format(r) == EC_FORMAT_JSONL;
	struct ec_buf line = EC_BUF_INIT;
	if (!pass && ec_writer_open(&w, out, ofmt, names, types, nout) < 0)
		ec_die("%s", ec_output_error(out));

	/* the batch: every value copied into one arena, offsets per field */
	struct ec_buf arena = EC_BUF_INIT;
	size_t *voff = malloc(batch * nout * sizeof *voff);
	size_t *vlen = malloc(batch * nout * sizeof *vlen);
	double *p = malloc(batch * sizeof *p);
	const char **val = malloc((nf + nout + 1) * sizeof *val);
	size_t *len = malloc((nf + nout + 1) * sizeof *len);
	if (!voff || !vlen || !p || !val || !len)
		ec_die("out of memory");
	size_t nb = 0;
	uint64_t nrec = 0;
	const size_t ABSENT = (size_t)-1;
	while (k == EC_READ_OK || k == EC_READ_BAD) {
		if (k == EC_READ_BAD) {
			reject(&a, &rec, ec_reader_error(r));
			goto next;
		}
		if (!pass && rec.nfields > ncols) {
			for (size_t i = ncols; i < rec.nfields; i++)
				if (rec.val[i]) {
					char why[256];
					snprintf(why, sizeof why,
					         "column '%s' was not in the first record (the output's columns)",
					         ec_reader_colname(r, i));
					reject(&a, &rec, why);
					goto next;
				}
		}
		for (size_t i = 0; i < nf; i++) {
			int c = col[i];
			if (c < 0 && ec_reader_ncols(r) > ncols)
				c = col[i] = ec_reader_col(r, ec_ctr_field(m, i));
			if (c >= 0 && (size_t)c < rec.nfields && rec.val[c]) {
				val[i] = rec.val[c];
				len[i] = rec.len[c];
			} else {
				val[i] = NULL;
				len[i] = 0;
			}
		}
		if (shard.n && !(ufield < nf ? ec_shard_mine(&shard, val[ufield] ? val[ufield] : "",
		                                            len[ufield])
		                             : ec_shard_mine(&shard, rec.raw, rec.rawlen)))
			goto next;
		if (ec_ctr_queue(m, val, len, err, sizeof err) < 0) {
			if (!strcmp(err, "out of memory"))
				ec_die("out of memory");
			reject(&a, &rec, err);
			goto next;
		}
		for (size_t i = 0; i < ncols && pass; i++) {
			/* the raw line in the first slot */
			size_t o = nb * nout + i;
			voff[o] = ABSENT;
			if (i == 0) {
				voff[o] = arena.len;
				vlen[o] = rec.rawlen;
				if (ec_buf_add(&arena, rec.raw, rec.rawlen) < 0)
					ec_die("out of memory");
			}
		}
		for (size_t i = 0; i < ncols && !pass; i++) {
			size_t o = nb * nout + i;
			if (i < rec.nfields && rec.val[i] && i != spos) {
				voff[o] = arena.len;
				vlen[o] = rec.len[i];
				if (ec_buf_add(&arena, rec.val[i], rec.len[i]) < 0)
					ec_die("out of memory");
			} else {
				voff[o] = ABSENT;
				vlen[o] = 0;
			}
		}
		nb++;
		nrec++;
		if (nb == batch) {
		flush:
			if (ec_ctr_score_queued(m, p, err, sizeof err) < 0)
				ec_die("%s", err);
			for (size_t b = 0; b < nb && pass; b++) {
				char sbuf[32];
				snprintf(sbuf, sizeof sbuf, "%.6g", p[b]);
				if (json_line(&line, arena.data + voff[b * nout], vlen[b * nout], column,
				              sbuf) < 0)
					ec_die("out of memory");
				if (ec_output_write(out, line.data, line.len) < 0)
					ec_die("%s", ec_output_error(out));
			}
			for (size_t b = 0; b < nb && !pass; b++) {
				char sbuf[32];
				for (size_t i = 0; i < nout; i++) {
					if (i == spos) {
						len[i] = (size_t)snprintf(sbuf, sizeof sbuf, "%.6g", p[b]);
						val[i] = sbuf;
						continue;
					}
					size_t o = b * nout + i;
					val[i] = voff[o] == ABSENT ? NULL : arena.data + voff[o];
					len[i] = vlen[o];
				}
				if (ec_writer_write(w, val, len) < 0)
					ec_die("%s", ec_output_error(out));
			}
			nb = 0;
			ec_buf_reset(&arena);
			if (k == EC_READ_END)
				break;
			if ((nrec & 0xffff) == 0)
				ec_progress(nrec, (uint64_t)ec_reader_bytes(r));
		}
	next:
		k = ec_reader_next(r, &rec);
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_END && nb)
			goto flush;
	}
	ec_progress_done();
	if (w)
		ec_writer_close(w);
	ec_buf_free(&line);
	ec_cli_commit(out);
	ec_rejects_close(&a.rej);
	if (!quiet)
		fprintf(stderr, "ec-predict: %llu records scored, %llu rejected\n",
		        (unsigned long long)nrec, (unsigned long long)a.rej.n);
	ec_reader_close(r);
	ec_ctr_free(m);
	ec_buf_free(&arena);
	free(voff);
	free(vlen);
	free(p);
	free(val);
	free(len);
	free(col);
	free(names);
	free(types);
	return EC_EXIT_OK;
}
