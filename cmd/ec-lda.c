/*
 * ec-lda: topics of reviews and search queries (LDA), tracked over time.
 *
 *   train  documents -> a topic model (ec_model, kind "lda"), the topics'
 *          top words and each document's topics
 *   infer  new documents -> their topic proportions, the model fixed
 *   trend  dated documents -> the share of each topic per day, week or
 *          month as Series records for ec-forecast
 *   eval   documents -> perplexity by document completion, NPMI coherence
 *          over a reference corpus, NMI of dominant topics against labels
 *
 * Text goes through lib/ec_tok (the tokenizer shared with ec-faq); the
 * sampler, inference and measures live in lib/ec_lda. This file reads
 * records, wires options and writes JSON and CSV.
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_lda.h"
#include "ec_record.h"
#include "ec_rng.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_time.h"
#include "ec_tok.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
"usage: ec-lda train -k N [-q] [-o MODEL] [--iters N] [--alpha X] [--beta X]\n"
"                    [--optimize-interval N] [--burn-in N] [--threads N]\n"
"                    [--seed N] [--topics FILE] [--doc-topics FILE]\n"
"                    [--top-words N] [--doc-top N] [--min-df N] [--max-df X]\n"
"                    [--max-vocab N] [TOKENIZER] [INPUT] [FILE ...]\n"
"       ec-lda infer -m MODEL [-q] [-o FILE] [--iters N] [--seed N] [--doc-top N]\n"
"                    [--shard I/N] [INPUT] [FILE ...]\n"
"       ec-lda trend -m MODEL [-q] [-o FILE] [--by day|week|month] [--iters N]\n"
"                    [--seed N] [--of FMT] [INPUT] [FILE ...]\n"
"       ec-lda eval -m MODEL [-q] [-o FILE] [--reference FILE] [--labels COLUMN]\n"
"                    [--iters N] [--seed N] [INPUT] [FILE ...]\n"
"       ec-lda tokens [-q] [-o FILE] [--of FMT] [--labels COLUMN] [TOKENIZER]\n"
"                    [INPUT] [FILE ...]\n"
"TOKENIZER: [--dict FILE] [--user-dict FILE] [--stopwords FILE] [--tokenized]\n"
"           [--keep-numbers] [--no-stem]\n"
"INPUT:     [--text COL] [--id COL] [--ts COL] [--if FMT] [--no-header]\n"
"           [--columns LIST] [--rejects FILE] [--max-errors N]\n"
"\n"
"Documents are records with a text column (ec-features docs: id,ts,user,item,\n"
"text; any CSV/TSV/JSONL, any compression; stdin when no FILE). train fits K\n"
"topics by collapsed Gibbs sampling (SparseLDA; AD-LDA over --threads); infer,\n"
"trend and eval use a saved model, whose tokenizer settings and vocabulary they\n"
"reuse. tokens writes each document's tokens (id,text; text the tokens joined\n"
"by spaces) for --tokenized input or other tools.\n"
"\n"
"Options:\n"
"  -k, --topics-count N     train: number of topics K\n"
"  -o, --output FILE        train: the model; others: output (.zst/.gz\n"
"                           compresses)\n"
"  -m, --model FILE         the model written by train\n"
"      --iters N            train: Gibbs sweeps (default 500); others: inference\n"
"                           sweeps per document (default 50)\n"
"      --alpha X            train: initial alpha_k of every topic (default 5/K)\n"
"      --beta X             train: initial beta (default 0.01)\n"
"      --optimize-interval N\n"
"                           train: learn asymmetric alpha and beta every N\n"
"                           sweeps after the burn-in (default 20; 0: fixed)\n"
"      --burn-in N          train: sweeps before the first update (default 100)\n"
"      --threads N          train: sampling threads (default 1)\n"
"      --seed N             random seed (default 1); the same seed and threads\n"
"                           give the same result\n"
"      --topics FILE        train: each topic's top words and probabilities\n"
"                           (JSONL)\n"
"      --doc-topics FILE    train: each document's main topics (JSONL)\n"
"      --top-words N        words per topic in --topics (default 20)\n"
"      --doc-top N          topics per document in doc-topics (default 3)\n"
"      --shard I/N          infer: only documents whose id hashes to shard I of N\n"
"      --min-df N           train: drop words in fewer than N documents\n"
"                           (default 2)\n"
"      --max-df X           train: drop words in more than X of the documents\n"
"                           (fraction, default 0.5)\n"
"      --max-vocab N        train: keep the N words in most documents\n"
"                           (default: all)\n"
"      --by UNIT            trend: day, week (from Monday; default) or month\n"
"      --of FMT             trend, tokens: csv (default), tsv or jsonl\n"
"      --reference FILE     eval: reference corpus of NPMI (default: the\n"
"                           documents)\n"
"      --labels COLUMN      eval: NMI of each document's dominant topic with\n"
"                           COLUMN; tokens: copy COLUMN to the output\n"
"      --dict FILE          jieba dictionary ('' for character bigrams; default:\n"
"                           $EC_JIEBA_DICT or Debian's python3-jieba)\n"
"      --user-dict FILE     jieba user dictionary of shop words\n"
"      --stopwords FILE     stop words replacing the built-in lists (repeatable)\n"
"      --tokenized          text is already tokens separated by spaces\n"
"      --keep-numbers       keep number tokens\n"
"      --no-stem            no English plural stemming\n"
"      --text COL           text column (default text)\n"
"      --id COL             id column (default id; absent: the record number)\n"
"      --ts COL             time column (default ts)\n"
"      --if FMT             input format csv, tsv or jsonl (default: detected)\n"
"      --no-header          CSV/TSV input has no header row (use --columns)\n"
"      --columns LIST       column names of headerless input\n"
"      --rejects FILE       write bad records there as JSONL and go on\n"
"      --max-errors N       fail when more than N records are bad\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-lda(1) for the methods and the formats.\n";

enum { SUB_TRAIN, SUB_INFER, SUB_TREND, SUB_EVAL, SUB_TOKENS };
static const char *const subname[] = { "train", "infer", "trend", "eval", "tokens" };

enum {
	OPT_ITERS = 256, OPT_ALPHA, OPT_BETA, OPT_OPTINT, OPT_BURN, OPT_THREADS, OPT_SEED,
	OPT_TOPICS, OPT_DOCTOPICS, OPT_TOPWORDS, OPT_DOCTOP, OPT_MINDF, OPT_MAXDF, OPT_MAXVOCAB,
	OPT_BY, OPT_OF, OPT_REFERENCE, OPT_LABELS, OPT_DICT, OPT_USERDICT, OPT_STOP,
	OPT_TOKENIZED, OPT_KEEPNUM, OPT_NOSTEM, OPT_TEXT, OPT_ID, OPT_TS, OPT_IF, OPT_NOHEADER,
	OPT_COLUMNS, OPT_REJECTS, OPT_MAXERR, OPT_K, OPT_MODEL, OPT_SHARD,
};

static const struct option longopts[] = {
	{ "topics-count", required_argument, 0, OPT_K },
	{ "output", required_argument, 0, 'o' },
	{ "model", required_argument, 0, OPT_MODEL },
	{ "iters", required_argument, 0, OPT_ITERS },
	{ "alpha", required_argument, 0, OPT_ALPHA },
	{ "beta", required_argument, 0, OPT_BETA },
	{ "optimize-interval", required_argument, 0, OPT_OPTINT },
	{ "burn-in", required_argument, 0, OPT_BURN },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "topics", required_argument, 0, OPT_TOPICS },
	{ "doc-topics", required_argument, 0, OPT_DOCTOPICS },
	{ "top-words", required_argument, 0, OPT_TOPWORDS },
	{ "doc-top", required_argument, 0, OPT_DOCTOP },
	{ "min-df", required_argument, 0, OPT_MINDF },
	{ "max-df", required_argument, 0, OPT_MAXDF },
	{ "max-vocab", required_argument, 0, OPT_MAXVOCAB },
	{ "by", required_argument, 0, OPT_BY },
	{ "of", required_argument, 0, OPT_OF },
	{ "reference", required_argument, 0, OPT_REFERENCE },
	{ "labels", required_argument, 0, OPT_LABELS },
	{ "dict", required_argument, 0, OPT_DICT },
	{ "user-dict", required_argument, 0, OPT_USERDICT },
	{ "stopwords", required_argument, 0, OPT_STOP },
	{ "tokenized", no_argument, 0, OPT_TOKENIZED },
	{ "keep-numbers", no_argument, 0, OPT_KEEPNUM },
	{ "no-stem", no_argument, 0, OPT_NOSTEM },
	{ "shard", required_argument, 0, OPT_SHARD },
	{ "text", required_argument, 0, OPT_TEXT },
	{ "id", required_argument, 0, OPT_ID },
	{ "ts", required_argument, 0, OPT_TS },
	{ "if", required_argument, 0, OPT_IF },
	{ "no-header", no_argument, 0, OPT_NOHEADER },
	{ "columns", required_argument, 0, OPT_COLUMNS },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* Options of some subcommands only (bit 1 train, 2 infer, 4 trend, 8 eval, 16 tokens). */
static const struct { int opt; const char *name; unsigned subs; } scoped[] = {
	{ OPT_K, "-k", 1 }, { OPT_MODEL, "-m", 14 }, { OPT_ALPHA, "--alpha", 1 },
	{ OPT_BETA, "--beta", 1 }, { OPT_OPTINT, "--optimize-interval", 1 },
	{ OPT_BURN, "--burn-in", 1 }, { OPT_THREADS, "--threads", 1 },
	{ OPT_TOPICS, "--topics", 1 }, { OPT_DOCTOPICS, "--doc-topics", 1 },
	{ OPT_TOPWORDS, "--top-words", 1 }, { OPT_DOCTOP, "--doc-top", 3 },
	{ OPT_MINDF, "--min-df", 1 }, { OPT_MAXDF, "--max-df", 1 },
	{ OPT_MAXVOCAB, "--max-vocab", 1 }, { OPT_BY, "--by", 4 }, { OPT_OF, "--of", 20 },
	{ OPT_REFERENCE, "--reference", 8 }, { OPT_LABELS, "--labels", 24 },
	{ OPT_TOKENIZED, "--tokenized", 17 }, { OPT_KEEPNUM, "--keep-numbers", 17 },
	{ OPT_NOSTEM, "--no-stem", 17 }, { OPT_SHARD, "--shard", 2 },
};

#define MAX_STOP 16
#define MAX_COLS 64

enum { BY_DAY, BY_WEEK, BY_MONTH };

struct app {
	int sub, quiet;
	const char *out_path, *model_path;
	/* train */
	struct ec_lda_train_opts to;
	int alpha_given;
	struct ec_lda_prune prune;
	const char *topics_path, *doctopics_path;
	size_t top_words, doc_top;
	/* others */
	unsigned infer_iters;
	int iters_given;
	uint64_t seed;
	int by;
	enum ec_format of;
	const char *reference, *labels;
	/* tokenizer */
	const char *dict, *user_dict;
	const char *stop[MAX_STOP + 1];
	size_t nstop;
	unsigned tok_flags;
	int dict_given, user_dict_given;
	/* input */
	const char *text_col, *id_col, *ts_col;
	int text_given, id_given, ts_given;
	struct ec_reader_opts ro;
	char *cols[MAX_COLS];
	const char *rejects_path;
	long long max_errors;
	struct ec_shard shard;
	struct ec_rejects rej;
	uint64_t nread;
};

static void oom(void)
{
	ec_die("out of memory");
}

static void add_lit(struct ec_buf *b, const char *s)
{
	if (ec_buf_adds(b, s) < 0)
		oom();
}

static void add_str(struct ec_buf *b, const char *s)
{
	if (ec_json_quote(b, s, strlen(s)) < 0)
		oom();
}

static void add_num(struct ec_buf *b, double v)
{
	if (ec_buf_addf(b, "%.6g", v) < 0)
		oom();
}

static void out_write(struct ec_output *o, struct ec_buf *b)
{
	if (ec_output_write(o, b->data, b->len) < 0)
		ec_die("%s", ec_output_error(o));
	ec_buf_reset(b);
}

/* ---- rejects ---- */

static void reject(struct app *a, const char *source, long line, const char *raw, size_t rawlen,
                   const char *reason)
{
	ec_rejects_add(&a->rej, source, line, raw, rawlen, reason);
}

static void open_rejects(struct app *a)
{
	ec_rejects_open(&a->rej, a->rejects_path, a->max_errors);
}

static void close_rejects(struct app *a)
{
	ec_rejects_close(&a->rej);
}

/* ---- documents in ---- */

struct doc {
	const char *id, *ts, *label, *text;
	size_t textlen;
	char idbuf[24];
	struct ec_record rec;
};

struct docsrc {
	struct app *a;
	struct ec_reader *r;
	const char *label_col;
	int need_ts;
	int ctext, cid, cts, clabel;
	size_t ncols;
	uint64_t ordinal;
};

static void docsrc_open(struct docsrc *s, struct app *a, char **paths, size_t npaths,
                        const char *label_col, int need_ts)
{
	static const char *const dash[] = { "-" };
	char err[1024];
	memset(s, 0, sizeof *s);
	s->a = a;
	s->label_col = label_col;
	s->need_ts = need_ts;
	s->ctext = s->cid = s->cts = s->clabel = -1;
	if (ec_reader_open(&s->r, npaths ? (const char *const *)paths : dash, npaths ? npaths : 1,
	                   &a->ro, err, sizeof err) < 0)
		ec_die("%s", err);
}

static const char *fieldv(const struct ec_record *rec, int col, size_t *len)
{
	if (col < 0 || (size_t)col >= rec->nfields || !rec->val[col])
		return NULL;
	if (len)
		*len = rec->len[col];
	return rec->val[col];
}

/* Next good document, or 0 at the end; bad records go to reject(). */
static int docsrc_next(struct docsrc *s, struct doc *d)
{
	struct app *a = s->a;
	for (;;) {
		int rc = ec_reader_next(s->r, &d->rec);
		if (rc == EC_READ_END)
			return 0;
		if (rc == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(s->r));
		a->nread++;
		s->ordinal++;
		struct ec_record *rec = &d->rec;
		if (rc == EC_READ_BAD) {
			reject(a, rec->source, rec->line, rec->raw, rec->rawlen, ec_reader_error(s->r));
			continue;
		}
		size_t nc = ec_reader_ncols(s->r);
		if (nc != s->ncols) {
			s->ncols = nc;
			s->ctext = ec_reader_col(s->r, a->text_col);
			s->cid = ec_reader_col(s->r, a->id_col);
			s->cts = ec_reader_col(s->r, a->ts_col);
			s->clabel = s->label_col ? ec_reader_col(s->r, s->label_col) : -1;
			if (s->ctext < 0 && ec_reader_format(s->r) != EC_FORMAT_JSONL)
				ec_die("%s: no column '%s' (the text; see --text)", rec->source,
				       a->text_col);
		}
		d->text = fieldv(rec, s->ctext, &d->textlen);
		if (!d->text) {
			char why[128];
			snprintf(why, sizeof why, "no %s", a->text_col);
			reject(a, rec->source, rec->line, rec->raw, rec->rawlen, why);
			continue;
		}
		if (s->cid >= 0) {
			d->id = fieldv(rec, s->cid, NULL);
			if (!d->id || !*d->id) {
				char why[128];
				snprintf(why, sizeof why, "no %s", a->id_col);
				reject(a, rec->source, rec->line, rec->raw, rec->rawlen, why);
				continue;
			}
		} else {
			snprintf(d->idbuf, sizeof d->idbuf, "%llu", (unsigned long long)s->ordinal);
			d->id = d->idbuf;
		}
		d->ts = fieldv(rec, s->cts, NULL);
		if (s->need_ts && (!d->ts || !*d->ts)) {
			char why[128];
			snprintf(why, sizeof why, "no %s", a->ts_col);
			reject(a, rec->source, rec->line, rec->raw, rec->rawlen, why);
			continue;
		}
		d->label = s->label_col ? fieldv(rec, s->clabel, NULL) : NULL;
		if (s->label_col && (!d->label || !*d->label)) {
			char why[128];
			snprintf(why, sizeof why, "no %s", s->label_col);
			reject(a, rec->source, rec->line, rec->raw, rec->rawlen, why);
			continue;
		}
		return 1;
	}
}

static void docsrc_close(struct docsrc *s)
{
	ec_reader_close(s->r);
}

/* ---- tokenizer ---- */

static struct ec_tok *make_tok(struct app *a)
{
	char err[1024];
	a->stop[a->nstop] = NULL;
	struct ec_tok_opts o = { a->dict, a->user_dict, a->nstop ? a->stop : NULL, a->tok_flags };
	if (a->tok_flags & EC_TOK_TOKENIZED)
		o.dict = "";
	struct ec_tok *t = ec_tok_new(&o, err, sizeof err);
	if (!t)
		ec_die("%s", err);
	return t;
}

/* The tokenizer settings saved in a model. */
static json_t *tok_meta(struct app *a, struct ec_tok *t)
{
	json_t *o = json_object();
	const char *dp = ec_tok_dict_path(t);
	json_object_set_new(o, "dict", json_string(dp ? dp : ""));
	json_object_set_new(o, "dict_words", json_integer((json_int_t)ec_tok_dict_words(t)));
	json_object_set_new(o, "user_dict", a->user_dict ? json_string(a->user_dict) : json_null());
	json_t *sw = json_array();
	for (size_t i = 0; i < a->nstop; i++)
		json_array_append_new(sw, json_string(a->stop[i]));
	json_object_set_new(o, "stopwords", a->nstop ? sw : (json_decref(sw), json_null()));
	json_object_set_new(o, "tokenized", json_boolean(a->tok_flags & EC_TOK_TOKENIZED));
	json_object_set_new(o, "keep_numbers", json_boolean(a->tok_flags & EC_TOK_KEEP_NUMBERS));
	json_object_set_new(o, "stem", json_boolean(a->tok_flags & EC_TOK_STEM));
	json_object_set_new(o, "bigrams", json_boolean(a->tok_flags & EC_TOK_BIGRAMS));
	return o;
}

/* Take the model's tokenizer and column settings unless given again. */
static void settings_from_meta(struct app *a, json_t *meta)
{
	json_t *t = json_object_get(meta, "tokenizer");
	if (json_is_object(t)) {
		const char *d = json_string_value(json_object_get(t, "dict"));
		if (!a->dict_given && d)
			a->dict = d;
		const char *u = json_string_value(json_object_get(t, "user_dict"));
		if (!a->user_dict_given && u)
			a->user_dict = u;
		json_t *sw = json_object_get(t, "stopwords");
		if (!a->nstop && json_is_array(sw))
			for (size_t i = 0; i < json_array_size(sw) && a->nstop < MAX_STOP; i++) {
				const char *s = json_string_value(json_array_get(sw, i));
				if (s)
					a->stop[a->nstop++] = s;
			}
		a->tok_flags = 0;
		if (json_is_true(json_object_get(t, "tokenized")))
			a->tok_flags |= EC_TOK_TOKENIZED;
		if (json_is_true(json_object_get(t, "keep_numbers")))
			a->tok_flags |= EC_TOK_KEEP_NUMBERS;
		if (json_is_true(json_object_get(t, "stem")))
			a->tok_flags |= EC_TOK_STEM;
		if (json_is_true(json_object_get(t, "bigrams")))
			a->tok_flags |= EC_TOK_BIGRAMS;
	}
	json_t *c = json_object_get(meta, "columns");
	const char *s;
	if (!a->text_given && (s = json_string_value(json_object_get(c, "text"))))
		a->text_col = s;
	if (!a->id_given && (s = json_string_value(json_object_get(c, "id"))))
		a->id_col = s;
	if (!a->ts_given && (s = json_string_value(json_object_get(c, "ts"))))
		a->ts_col = s;
}

/* Tokens to the builder (train). */
static int cb_build(const char *tok, size_t len, void *ud)
{
	return ec_lda_builder_token(ud, tok, len);
}

struct idvec {
	const struct ec_lda *m;
	uint32_t *w;
	size_t n, cap;
};

/* Tokens to model word ids (others); unknown words are skipped. */
static int cb_ids(const char *tok, size_t len, void *ud)
{
	struct idvec *v = ud;
	long id = ec_lda_vocab_find(&v->m->vocab, tok, len);
	if (id < 0)
		return 0;
	if (ec_grow((void **)&v->w, &v->cap, v->n + 1, sizeof *v->w) < 0)
		return -1;
	v->w[v->n++] = (uint32_t)id;
	return 0;
}

/* Tokenize a document into ids; 0, or -1 after rejecting it. */
static int doc_ids(struct app *a, struct ec_tok *tk, struct doc *d, struct idvec *v)
{
	v->n = 0;
	if (ec_tok_run(tk, d->text, d->textlen, cb_ids, v) < 0) {
		if (!strcmp(ec_tok_error(tk), "out of memory"))
			oom();
		reject(a, d->rec.source, d->rec.line, d->rec.raw, d->rec.rawlen, ec_tok_error(tk));
		return -1;
	}
	return 0;
}

static void load_model(struct app *a, struct ec_lda *m, json_t **meta)
{
	char err[1024];
	if (ec_lda_load(m, a->model_path, meta, err, sizeof err) < 0)
		ec_die("%s", err);
	settings_from_meta(a, *meta);
}

/* ---- doc-topics out ---- */

struct rank {
	uint32_t t;
	double p;
};

static int cmp_rank(const void *pa, const void *pb)
{
	const struct rank *x = pa, *y = pb;
	if (x->p != y->p)
		return x->p > y->p ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

static uint32_t dominant(const double *theta, size_t k)
{
	uint32_t best = 0;
	for (uint32_t t = 1; t < k; t++)
		if (theta[t] > theta[best])
			best = t;
	return best;
}

static void doc_topics_line(struct ec_buf *b, const char *id, size_t ntok, const double *theta,
                            size_t k, size_t top, struct rank *rk)
{
	for (size_t t = 0; t < k; t++)
		rk[t] = (struct rank){ (uint32_t)t, theta[t] };
	qsort(rk, k, sizeof *rk, cmp_rank);
	add_lit(b, "{\"id\":");
	add_str(b, id);
	if (ec_buf_addf(b, ",\"tokens\":%zu,\"topics\":[", ntok) < 0)
		oom();
	for (size_t i = 0; i < top && i < k; i++) {
		if (i && rk[i].p < 0.01)
			break;
		if (ec_buf_addf(b, "%s{\"topic\":%u,\"p\":%.4f}", i ? "," : "", rk[i].t, rk[i].p) < 0)
			oom();
	}
	add_lit(b, "]}\n");
}

/* ---- train ---- */

struct progress {
	int tty;
	unsigned iters;
	double last, ll;
	struct timespec t0;
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int on_progress(unsigned iter, double tps, double llpt, void *ud)
{
	struct progress *p = ud;
	if (!isnan(llpt))
		p->ll = llpt;
	if (!p->tty)
		return 0;
	double now = mono();
	if (now - p->last < 0.5 && iter != p->iters)
		return 0;
	p->last = now;
	fprintf(stderr, "\r%s: iteration %u/%u, %.2fM tokens/s, LL/token %.4f   ", ec_cli_prog(),
	        iter, p->iters, tps / 1e6, p->ll);
	return 0;
}

static void run_train(struct app *a, char **paths, size_t npaths)
{
	if (!a->to.k)
		ec_usage_error("train needs -k N (the number of topics)");
	if (!a->out_path && !a->topics_path && !a->doctopics_path)
		ec_usage_error("train writes nothing: give -o MODEL, --topics FILE or --doc-topics FILE");
	if (!a->alpha_given)
		a->to.alpha = 5.0 / a->to.k;
	open_rejects(a);
	struct ec_tok *tk = make_tok(a);
	struct ec_lda_builder *bld = ec_lda_builder_new();
	if (!bld)
		oom();
	struct ec_buf ids = EC_BUF_INIT;
	size_t *idoff = NULL, capid = 0;
	struct docsrc src;
	docsrc_open(&src, a, paths, npaths, NULL, 0);
	struct doc d;
	double t_read = mono();
	while (docsrc_next(&src, &d)) {
		size_t before = ec_lda_builder_ndocs(bld);
		if (ec_tok_run(tk, d.text, d.textlen, cb_build, bld) < 0) {
			if (!strcmp(ec_tok_error(tk), "out of memory") ||
			    !strcmp(ec_tok_error(tk), "stopped by the callback"))
				oom();
			reject(a, d.rec.source, d.rec.line, d.rec.raw, d.rec.rawlen, ec_tok_error(tk));
			/* an invalid text is rejected before any token is delivered */
			continue;
		}
		if (ec_lda_builder_end_doc(bld) < 0)
			oom();
		if (ec_grow((void **)&idoff, &capid, before + 2, sizeof *idoff) < 0)
			oom();
		idoff[before] = ids.len;
		if (ec_buf_add(&ids, d.id, strlen(d.id) + 1) < 0)
			oom();
	}
	docsrc_close(&src);
	close_rejects(a);
	size_t nwords = ec_lda_builder_nwords(bld);
	struct ec_lda_corpus c;
	struct ec_lda_vocab v;
	char err[1024];
	if (ec_lda_builder_finish(bld, &a->prune, &c, &v, err, sizeof err) < 0)
		ec_die("%s", err);
	ec_lda_builder_free(bld);
	t_read = mono() - t_read;

	struct progress pg = { isatty(2) && !a->quiet, a->to.iters, 0, NAN, { 0, 0 } };
	a->to.progress = on_progress;
	a->to.ud = &pg;
	a->to.ll_interval = pg.tty ? 10 : 0;
	struct ec_lda m;
	uint16_t *z = NULL;
	double ll = NAN, t_train = mono();
	if (ec_lda_train(&m, &c, &v, &a->to, &z, &ll, err, sizeof err) < 0)
		ec_die("%s", err);
	t_train = mono() - t_train;
	if (pg.tty)
		fputs("\n", stderr);

	/* every output is written to its temporary file first and none
	 * replaces an existing file before all are complete */
	struct ec_buf b = EC_BUF_INIT;
	struct ec_output *o_topics = NULL, *o_dt = NULL;
	if (a->topics_path)
		o_topics = ec_cli_output(a->topics_path, EC_COMPRESS_AUTO);
	if (a->doctopics_path)
		o_dt = ec_cli_output(a->doctopics_path, EC_COMPRESS_AUTO);
	if (a->topics_path) {
		struct ec_output *o = o_topics;
		uint32_t *top = malloc(a->top_words * sizeof *top);
		if (!top)
			oom();
		for (uint32_t t = 0; t < m.k; t++) {
			size_t n = ec_lda_top_words(&m, t, a->top_words, top);
			if (ec_buf_addf(&b, "{\"topic\":%u,\"alpha\":%.6g,\"tokens\":%llu,\"words\":[", t,
			                m.alpha[t], (unsigned long long)m.nk[t]) < 0)
				oom();
			for (size_t i = 0; i < n; i++) {
				add_lit(&b, i ? ",{\"word\":" : "{\"word\":");
				add_str(&b, m.vocab.word[top[i]]);
				if (ec_buf_addf(&b, ",\"p\":%.4f}", m.phi[(size_t)top[i] * m.k + t]) < 0)
					oom();
			}
			add_lit(&b, "]}\n");
			out_write(o, &b);
		}
		free(top);
	}
	if (a->doctopics_path) {
		struct ec_output *o = o_dt;
		double *theta = malloc(m.k * sizeof *theta);
		struct rank *rk = malloc(m.k * sizeof *rk);
		if (!theta || !rk)
			oom();
		for (size_t dd = 0; dd < c.ndocs; dd++) {
			size_t n = c.off[dd + 1] - c.off[dd];
			ec_lda_theta_z(&m, z + c.off[dd], n, theta);
			doc_topics_line(&b, ids.data + idoff[dd], n, theta, m.k, a->doc_top, rk);
			if (b.len > 65536)
				out_write(o, &b);
		}
		out_write(o, &b);
		free(theta);
		free(rk);
	}
	if (a->out_path) {
		json_t *meta = json_object();
		json_object_set_new(meta, "tokenizer", tok_meta(a, tk));
		json_t *cols = json_object();
		json_object_set_new(cols, "text", json_string(a->text_col));
		json_object_set_new(cols, "id", json_string(a->id_col));
		json_object_set_new(cols, "ts", json_string(a->ts_col));
		json_object_set_new(meta, "columns", cols);
		json_object_set_new(meta, "docs", json_integer((json_int_t)c.ndocs));
		json_object_set_new(meta, "iterations", json_integer(a->to.iters));
		json_object_set_new(meta, "seed", json_integer((json_int_t)a->to.seed));
		json_object_set_new(meta, "threads", json_integer(a->to.threads));
		json_object_set_new(meta, "optimize_interval", json_integer(a->to.optimize_interval));
		json_object_set_new(meta, "ll_per_token", json_real(isfinite(ll) ? ll : 0));
		json_t *pr = json_object();
		json_object_set_new(pr, "min_df", json_integer((json_int_t)a->prune.min_df));
		json_object_set_new(pr, "max_df", json_real(a->prune.max_df));
		json_object_set_new(pr, "max_vocab", json_integer((json_int_t)a->prune.max_vocab));
		json_object_set_new(meta, "prune", pr);
		if (ec_lda_save(&m, meta, a->out_path, err, sizeof err) < 0)
			ec_die("%s", err);
		json_decref(meta);
	}
	if (o_topics)
		ec_cli_commit(o_topics);
	if (o_dt)
		ec_cli_commit(o_dt);
	if (!a->quiet)
		fprintf(stderr, "%s: train: %llu records, %llu rejected, %zu documents, %zu tokens, "
		        "%u words (of %zu), %u topics, %u iterations in %.1f s (%.2fM tokens/s), "
		        "LL/token %.4f\n", ec_cli_prog(), (unsigned long long)a->nread,
		        (unsigned long long)a->rej.n, c.ndocs, c.ntokens, m.v, nwords, m.k,
		        a->to.iters, t_train,
		        t_train > 0 ? (double)c.ntokens * a->to.iters / t_train / 1e6 : 0, ll);
	ec_buf_free(&b);
	ec_buf_free(&ids);
	free(idoff);
	free(z);
	ec_lda_corpus_free(&c);
	ec_lda_free(&m);
	ec_tok_free(tk);
}

/* ---- infer ---- */

static void run_infer(struct app *a, char **paths, size_t npaths)
{
	struct ec_lda m;
	json_t *meta;
	load_model(a, &m, &meta);
	open_rejects(a);
	struct ec_tok *tk = make_tok(a);
	struct ec_output *o = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct docsrc src;
	docsrc_open(&src, a, paths, npaths, NULL, 0);
	struct doc d;
	struct idvec v = { &m, NULL, 0, 0 };
	double *theta = malloc(m.k * sizeof *theta);
	struct rank *rk = malloc(m.k * sizeof *rk);
	void *scratch = NULL;
	size_t scap = 0;
	if (!theta || !rk)
		oom();
	struct ec_buf b = EC_BUF_INIT;
	uint64_t ndocs = 0, nseq = 0;
	while (docsrc_next(&src, &d)) {
		if (doc_ids(a, tk, &d, &v) < 0)
			continue;
		/* a document's random stream is its number among all the
		 * documents, so that a shard infers exactly what the unsharded
		 * run does (hence every document is read and tokenized) */
		nseq++;
		if (!ec_shard_mine(&a->shard, d.id, strlen(d.id)))
			continue;
		ndocs++;
		size_t need = ec_lda_infer_scratch(&m, v.n);
		if (need > scap) {
			free(scratch);
			if (!(scratch = malloc(need)))
				oom();
			scap = need;
		}
		struct ec_rng r;
		ec_rng_seed_stream(&r, a->seed, nseq);
		ec_lda_infer(&m, v.w, v.n, a->infer_iters, a->infer_iters / 5, &r, theta, scratch);
		doc_topics_line(&b, d.id, v.n, theta, m.k, a->doc_top, rk);
		out_write(o, &b);
	}
	docsrc_close(&src);
	close_rejects(a);
	ec_cli_commit(o);
	if (!a->quiet)
		fprintf(stderr, "%s: infer: %llu records, %llu rejected, %llu documents\n",
		        ec_cli_prog(), (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        (unsigned long long)ndocs);
	ec_buf_free(&b);
	free(v.w);
	free(theta);
	free(rk);
	free(scratch);
	ec_tok_free(tk);
	ec_lda_free(&m);
	json_decref(meta);
}

/* ---- trend ---- */

/* The first day (days since 1970-01-01) of the bucket holding day z. */
static int64_t bucket_of(int by, int64_t z)
{
	if (by == BY_DAY)
		return z;
	if (by == BY_WEEK) {
		int64_t wd = ((z + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday: Monday = 0 */
		return z - wd;
	}
	int64_t y;
	int mo, dd;
	ec_civil_from_days(z, &y, &mo, &dd);
	return ec_days_from_civil(y, mo, 1);
}

static int64_t bucket_next(int by, int64_t z)
{
	if (by == BY_DAY)
		return z + 1;
	if (by == BY_WEEK)
		return z + 7;
	int64_t y;
	int mo, dd;
	ec_civil_from_days(z, &y, &mo, &dd);
	return mo == 12 ? ec_days_from_civil(y + 1, 1, 1) : ec_days_from_civil(y, mo + 1, 1);
}

struct bucket {
	int64_t day;
	uint64_t docs;
	double *share;      /* k sums of θ */
};

static int cmp_bucket(const void *pa, const void *pb)
{
	const struct bucket *x = pa, *y = pb;
	return x->day < y->day ? -1 : x->day > y->day;
}

static void run_trend(struct app *a, char **paths, size_t npaths)
{
	struct ec_lda m;
	json_t *meta;
	load_model(a, &m, &meta);
	open_rejects(a);
	struct ec_tok *tk = make_tok(a);
	struct docsrc src;
	docsrc_open(&src, a, paths, npaths, NULL, 1);
	struct doc d;
	struct idvec v = { &m, NULL, 0, 0 };
	double *theta = malloc(m.k * sizeof *theta);
	void *scratch = NULL;
	size_t scap = 0;
	struct ec_strmap *idx = ec_strmap_new(sizeof(size_t));
	struct bucket *bk = NULL;
	size_t nb = 0, capb = 0;
	if (!theta || !idx)
		oom();
	uint64_t ndocs = 0;
	while (docsrc_next(&src, &d)) {
		int64_t t;
		const char *why;
		if (ec_time_parse(d.ts, strlen(d.ts), NULL, NULL, &t, &why) < 0) {
			char msg[256];
			snprintf(msg, sizeof msg, "%s '%s': %s", a->ts_col, d.ts, why);
			reject(a, d.rec.source, d.rec.line, d.rec.raw, d.rec.rawlen, msg);
			continue;
		}
		if (doc_ids(a, tk, &d, &v) < 0)
			continue;
		int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
		int64_t key = bucket_of(a->by, day);
		int isnew;
		size_t *slot = ec_strmap_put(idx, (const char *)&key, sizeof key, &isnew);
		if (!slot)
			oom();
		if (isnew) {
			if (ec_grow((void **)&bk, &capb, nb + 1, sizeof *bk) < 0)
				oom();
			bk[nb].day = key;
			bk[nb].docs = 0;
			if (!(bk[nb].share = calloc(m.k, sizeof(double))))
				oom();
			*slot = nb++;
		}
		size_t need = ec_lda_infer_scratch(&m, v.n);
		if (need > scap) {
			free(scratch);
			if (!(scratch = malloc(need)))
				oom();
			scap = need;
		}
		struct ec_rng r;
		ec_rng_seed_stream(&r, a->seed, ++ndocs);
		ec_lda_infer(&m, v.w, v.n, a->infer_iters, a->infer_iters / 5, &r, theta, scratch);
		struct bucket *B = &bk[*slot];
		B->docs++;
		for (size_t k = 0; k < m.k; k++)
			B->share[k] += theta[k];
	}
	docsrc_close(&src);
	close_rejects(a);
	if (nb > 1)
		qsort(bk, nb, sizeof *bk, cmp_bucket);
	struct ec_output *o = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	static const char *const names[] = { "series", "ts", "value" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_STR, EC_COL_NUM };
	struct ec_writer *w;
	if (ec_writer_open(&w, o, a->of, names, types, 3) < 0)
		ec_die("%s", ec_output_error(o));
	uint64_t rows = 0;
	for (uint32_t k = 0; k < m.k && nb; k++) {
		char sid[16], date[16], val[32];
		snprintf(sid, sizeof sid, "%u", k);
		size_t j = 0;
		for (int64_t day = bk[0].day; day <= bk[nb - 1].day; day = bucket_next(a->by, day)) {
			double share = 0;
			if (j < nb && bk[j].day == day) {
				share = bk[j].share[k] / (double)bk[j].docs;
				j++;
			}
			int64_t y;
			int mo, dd;
			ec_civil_from_days(day, &y, &mo, &dd);
			snprintf(date, sizeof date, "%04lld-%02d-%02d", (long long)y, mo, dd);
			snprintf(val, sizeof val, "%.6g", share);
			const char *vals[3] = { sid, date, val };
			if (ec_writer_write(w, vals, NULL) < 0)
				ec_die("%s", ec_output_error(o));
			rows++;
		}
	}
	ec_writer_close(w);
	ec_cli_commit(o);
	if (!a->quiet)
		fprintf(stderr, "%s: trend: %llu records, %llu rejected, %llu documents, %llu rows\n",
		        ec_cli_prog(), (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        (unsigned long long)ndocs, (unsigned long long)rows);
	for (size_t i = 0; i < nb; i++)
		free(bk[i].share);
	free(bk);
	ec_strmap_free(idx);
	free(v.w);
	free(theta);
	free(scratch);
	ec_tok_free(tk);
	ec_lda_free(&m);
	json_decref(meta);
}

/* ---- eval ---- */

#define NPMI_WORDS 10

static void run_eval(struct app *a, char **paths, size_t npaths)
{
	struct ec_lda m;
	json_t *meta;
	load_model(a, &m, &meta);
	open_rejects(a);
	struct ec_tok *tk = make_tok(a);
	size_t nw = NPMI_WORDS < m.v ? NPMI_WORDS : m.v;
	uint32_t *top = malloc((size_t)m.k * nw * sizeof *top);
	if (!top)
		oom();
	for (uint32_t t = 0; t < m.k; t++)
		ec_lda_top_words(&m, t, nw, top + (size_t)t * nw);
	struct ec_lda_npmi *np = nw >= 2 ? ec_lda_npmi_new(top, m.k, nw, m.v) : NULL;
	if (nw >= 2 && !np)
		oom();
	struct idvec v = { &m, NULL, 0, 0 };
	double *theta = malloc(m.k * sizeof *theta);
	void *scratch = NULL;
	size_t scap = 0;
	struct ec_strmap *labels = ec_strmap_new(sizeof(uint32_t));
	uint32_t *dom = NULL, *lab = NULL;
	size_t nlab = 0, caplab = 0, capdom = 0;
	if (!theta || !labels)
		oom();
	double logp = 0;
	uint64_t ndocs = 0, ntok = 0, nheld = 0;
	struct docsrc src;
	docsrc_open(&src, a, paths, npaths, a->labels, 0);
	struct doc d;
	while (docsrc_next(&src, &d)) {
		if (doc_ids(a, tk, &d, &v) < 0)
			continue;
		ndocs++;
		ntok += v.n;
		size_t need = ec_lda_infer_scratch(&m, v.n);
		if (need > scap) {
			free(scratch);
			if (!(scratch = malloc(need)))
				oom();
			scap = need;
		}
		struct ec_rng r;
		ec_rng_seed_stream(&r, a->seed, ndocs);
		size_t h;
		logp += ec_lda_completion(&m, v.w, v.n, a->infer_iters, a->infer_iters / 5, &r, &h,
		                          scratch);
		nheld += h;
		if (np && !a->reference && ec_lda_npmi_add(np, v.w, v.n) < 0)
			oom();
		if (a->labels) {
			ec_lda_infer(&m, v.w, v.n, a->infer_iters, a->infer_iters / 5, &r, theta,
			             scratch);
			int isnew;
			uint32_t *slot = ec_strmap_put(labels, d.label, strlen(d.label), &isnew);
			if (!slot)
				oom();
			if (isnew)
				*slot = (uint32_t)(ec_strmap_size(labels) - 1);
			if (ec_grow((void **)&dom, &capdom, nlab + 1, sizeof *dom) < 0 ||
			    ec_grow((void **)&lab, &caplab, nlab + 1, sizeof *lab) < 0)
				oom();
			dom[nlab] = dominant(theta, m.k);
			lab[nlab++] = *slot;
		}
	}
	docsrc_close(&src);
	if (np && a->reference) {
		char *rp[1] = { (char *)a->reference };
		docsrc_open(&src, a, rp, 1, NULL, 0);
		while (docsrc_next(&src, &d)) {
			if (doc_ids(a, tk, &d, &v) < 0)
				continue;
			if (ec_lda_npmi_add(np, v.w, v.n) < 0)
				oom();
		}
		docsrc_close(&src);
	}
	close_rejects(a);
	struct ec_output *o = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct ec_buf b = EC_BUF_INIT;
	if (ec_buf_addf(&b, "{\"docs\":%llu,\"tokens\":%llu,\"heldout_tokens\":%llu,\"perplexity\":",
	                (unsigned long long)ndocs, (unsigned long long)ntok,
	                (unsigned long long)nheld) < 0)
		oom();
	if (nheld)
		add_num(&b, exp(-logp / (double)nheld));
	else
		add_lit(&b, "null");
	double npmi = 0;
	double *per = malloc(m.k * sizeof *per);
	if (!per)
		oom();
	if (np) {
		npmi = ec_lda_npmi_result(np, per);
		if (ec_buf_addf(&b, ",\"npmi_docs\":%zu,\"npmi\":", ec_lda_npmi_docs(np)) < 0)
			oom();
		add_num(&b, npmi);
		add_lit(&b, ",\"npmi_topics\":[");
		for (size_t t = 0; t < m.k; t++) {
			if (t)
				add_lit(&b, ",");
			if (ec_buf_addf(&b, "%.4f", per[t]) < 0)
				oom();
		}
		add_lit(&b, "]");
	}
	double nmi = NAN;
	if (a->labels) {
		nmi = ec_lda_nmi(dom, lab, nlab);
		if (nmi < 0)
			oom();
		if (ec_buf_addf(&b, ",\"labels\":%zu,\"nmi\":", ec_strmap_size(labels)) < 0)
			oom();
		add_num(&b, nmi);
	}
	add_lit(&b, "}\n");
	out_write(o, &b);
	ec_cli_commit(o);
	if (!a->quiet)
		fprintf(stderr, "%s: eval: %llu records, %llu rejected, %llu documents\n",
		        ec_cli_prog(), (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        (unsigned long long)ndocs);
	ec_buf_free(&b);
	free(per);
	free(dom);
	free(lab);
	ec_strmap_free(labels);
	ec_lda_npmi_free(np);
	free(top);
	free(v.w);
	free(theta);
	free(scratch);
	ec_tok_free(tk);
	ec_lda_free(&m);
	json_decref(meta);
}

/* ---- tokens ---- */

static int cb_join(const char *tok, size_t len, void *ud)
{
	struct ec_buf *b = ud;
	if (b->len && ec_buf_addc(b, ' ') < 0)
		return -1;
	return ec_buf_add(b, tok, len);
}

static void run_tokens(struct app *a, char **paths, size_t npaths)
{
	open_rejects(a);
	struct ec_tok *tk = make_tok(a);
	struct ec_output *o = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	const char *names[3] = { "id", a->labels ? a->labels : "text", "text" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_STR, EC_COL_STR };
	size_t nc = a->labels ? 3 : 2;
	struct ec_writer *w;
	if (ec_writer_open(&w, o, a->of, names, types, nc) < 0)
		ec_die("%s", ec_output_error(o));
	struct docsrc src;
	docsrc_open(&src, a, paths, npaths, a->labels, 0);
	struct doc d;
	struct ec_buf b = EC_BUF_INIT;
	uint64_t ndocs = 0;
	while (docsrc_next(&src, &d)) {
		ec_buf_reset(&b);
		if (ec_tok_run(tk, d.text, d.textlen, cb_join, &b) < 0) {
			if (!strcmp(ec_tok_error(tk), "out of memory") ||
			    !strcmp(ec_tok_error(tk), "stopped by the callback"))
				oom();
			reject(a, d.rec.source, d.rec.line, d.rec.raw, d.rec.rawlen, ec_tok_error(tk));
			continue;
		}
		const char *vals[3] = { d.id, a->labels ? d.label : b.data, b.data };
		if (ec_writer_write(w, vals, NULL) < 0)
			ec_die("%s", ec_output_error(o));
		ndocs++;
	}
	docsrc_close(&src);
	close_rejects(a);
	ec_writer_close(w);
	ec_cli_commit(o);
	if (!a->quiet)
		fprintf(stderr, "%s: tokens: %llu records, %llu rejected, %llu documents\n",
		        ec_cli_prog(), (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        (unsigned long long)ndocs);
	ec_buf_free(&b);
	ec_tok_free(tk);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	ec_cli_init(argv[0]);
	if (argc < 2)
		ec_usage_error("no subcommand (train, infer, trend, eval, tokens)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		ec_cli_version();
	a.sub = -1;
	for (int i = 0; i < 5; i++)
		if (!strcmp(argv[1], subname[i]))
			a.sub = i;
	if (a.sub < 0)
		ec_usage_error("'%s' is not a subcommand (train, infer, trend, eval, tokens)", argv[1]);
	a.to.iters = 500;
	a.to.burn_in = 100;
	a.to.optimize_interval = 20;
	a.to.beta = 0.01;
	a.to.threads = 1;
	a.to.seed = 1;
	a.seed = 1;
	a.infer_iters = 50;
	a.prune.min_df = 2;
	a.prune.max_df = 0.5;
	a.top_words = 20;
	a.doc_top = 3;
	a.by = BY_WEEK;
	a.of = EC_FORMAT_CSV;
	a.max_errors = -1;
	a.text_col = "text";
	a.id_col = "id";
	a.ts_col = "ts";
	a.tok_flags = EC_TOK_STEM;
	uint64_t given = 0;
	argv[1] = argv[0];
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "k:o:m:qhV", longopts, NULL)) != -1) {
		if (ch == 'k')
			ch = OPT_K;
		if (ch == 'm')
			ch = OPT_MODEL;
		if (ch >= OPT_ITERS)
			given |= (uint64_t)1 << (ch - OPT_ITERS);
		switch (ch) {
		case 'o': a.out_path = optarg; break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_K: a.to.k = (uint32_t)ec_opt_int("-k", optarg, 1, EC_LDA_MAX_K); break;
		case OPT_MODEL: a.model_path = optarg; break;
		case OPT_ITERS:
			a.to.iters = (unsigned)ec_opt_int("--iters", optarg, 0, 1000000);
			a.infer_iters = a.to.iters;
			break;
		case OPT_ALPHA:
			a.to.alpha = ec_opt_double("--alpha", optarg, 1e-9, 1e6);
			a.alpha_given = 1;
			break;
		case OPT_BETA: a.to.beta = ec_opt_double("--beta", optarg, 1e-9, 1e6); break;
		case OPT_OPTINT:
			a.to.optimize_interval = (unsigned)ec_opt_int("--optimize-interval", optarg, 0,
			                                              1000000);
			break;
		case OPT_BURN: a.to.burn_in = (unsigned)ec_opt_int("--burn-in", optarg, 0, 1000000); break;
		case OPT_THREADS: a.to.threads = (unsigned)ec_opt_int("--threads", optarg, 1, 256); break;
		case OPT_SEED:
			a.seed = a.to.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX);
			break;
		case OPT_TOPICS: a.topics_path = optarg; break;
		case OPT_DOCTOPICS: a.doctopics_path = optarg; break;
		case OPT_TOPWORDS: a.top_words = (size_t)ec_opt_int("--top-words", optarg, 1, 100000); break;
		case OPT_DOCTOP: a.doc_top = (size_t)ec_opt_int("--doc-top", optarg, 1, EC_LDA_MAX_K); break;
		case OPT_MINDF: a.prune.min_df = (size_t)ec_opt_int("--min-df", optarg, 1, INT64_MAX); break;
		case OPT_MAXDF: a.prune.max_df = ec_opt_double("--max-df", optarg, 1e-9, 1); break;
		case OPT_MAXVOCAB:
			a.prune.max_vocab = (size_t)ec_opt_int("--max-vocab", optarg, 1, UINT32_MAX);
			break;
		case OPT_BY:
			if (!strcmp(optarg, "day"))
				a.by = BY_DAY;
			else if (!strcmp(optarg, "week"))
				a.by = BY_WEEK;
			else if (!strcmp(optarg, "month"))
				a.by = BY_MONTH;
			else
				ec_usage_error("--by: '%s' is not day, week or month", optarg);
			break;
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--of: '%s' is not csv, tsv or jsonl", optarg);
			a.of = (enum ec_format)f;
			break;
		}
		case OPT_REFERENCE: a.reference = optarg; break;
		case OPT_LABELS: a.labels = optarg; break;
		case OPT_DICT: a.dict = optarg; a.dict_given = 1; break;
		case OPT_USERDICT: a.user_dict = optarg; a.user_dict_given = 1; break;
		case OPT_STOP:
			if (a.nstop == MAX_STOP)
				ec_usage_error("--stopwords: at most %d files", MAX_STOP);
			a.stop[a.nstop++] = optarg;
			break;
		case OPT_TOKENIZED: a.tok_flags |= EC_TOK_TOKENIZED; break;
		case OPT_KEEPNUM: a.tok_flags |= EC_TOK_KEEP_NUMBERS; break;
		case OPT_NOSTEM: a.tok_flags &= ~(unsigned)EC_TOK_STEM; break;
		case OPT_SHARD: ec_opt_shard("--shard", optarg, &a.shard); break;
		case OPT_TEXT: a.text_col = optarg; a.text_given = 1; break;
		case OPT_ID: a.id_col = optarg; a.id_given = 1; break;
		case OPT_TS: a.ts_col = optarg; a.ts_given = 1; break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			a.ro.format = (enum ec_format)f;
			break;
		}
		case OPT_NOHEADER: a.ro.no_header = 1; break;
		case OPT_COLUMNS:
			a.ro.ncolumns = ec_opt_list("--columns", optarg, a.cols, MAX_COLS);
			a.ro.columns = (const char *const *)a.cols;
			break;
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		default:
			fprintf(stderr, "Try 'ec-lda --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	unsigned bit = 1u << a.sub;
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
		if ((given & ((uint64_t)1 << (scoped[i].opt - OPT_ITERS))) && !(scoped[i].subs & bit))
			ec_usage_error("%s does not apply to %s", scoped[i].name, subname[a.sub]);
	if (a.ro.no_header && !a.ro.ncolumns)
		ec_usage_error("--no-header needs --columns");
	char **paths = argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	if (a.sub != SUB_TRAIN && a.sub != SUB_TOKENS && !a.model_path)
		ec_usage_error("%s needs -m MODEL (written by ec-lda train)", subname[a.sub]);
	if (a.sub != SUB_TRAIN && a.sub != SUB_TOKENS && a.infer_iters == 0)
		ec_usage_error("--iters: inference needs at least 1 sweep");
	switch (a.sub) {
	case SUB_TRAIN: run_train(&a, paths, npaths); break;
	case SUB_INFER: run_infer(&a, paths, npaths); break;
	case SUB_TREND: run_trend(&a, paths, npaths); break;
	case SUB_TOKENS: run_tokens(&a, paths, npaths); break;
	default: run_eval(&a, paths, npaths); break;
	}
	return EC_EXIT_OK;
}
