/*
 * ec-faq: answer customer questions from a knowledge base of FAQ entries.
 *
 *   index      entries (JSONL/CSV, or the {"Questions":[...]} JSON of the
 *              Kaggle e-commerce FAQ) -> a model file (ec_model, kind "faq")
 *   answer     questions -> the best entry, alternatives, escalation (JSONL);
 *              --serve answers one line at a time for a chat front end
 *   calibrate  labelled questions -> the escalation threshold, written into
 *              the model
 *   pairs      question pairs -> similarity scores (and AUC with labels)
 *
 * The retrieval, the escalation rules and the slot filling live in
 * lib/ec_faq (BM25 in lib/ec_bm25, the file in lib/ec_model); this file
 * reads records, wires options and writes JSON.
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_faq.h"
#include "ec_record.h"
#include "ec_stream.h"
#include "ec_strmap.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
"usage: ec-faq index -o FILE [-q] [--format FMT] [--dict FILE] [--user-dict FILE]\n"
"                    [--stopwords FILE] [--synonyms FILE] [--k1 X] [--b X]\n"
"                    [--ngram-weight X] [--if FMT] [--no-header] [--columns LIST]\n"
"                    [FILE ...]\n"
"       ec-faq answer -m FILE [-q] [-o FILE] [-k N] [--serve] [--if FMT]\n"
"                    [--no-header] [--columns LIST] [FILE ...]\n"
"       ec-faq calibrate -m FILE [-q] [-o FILE] [--if FMT] [--no-header]\n"
"                    [--columns LIST] [FILE ...]\n"
"       ec-faq pairs [-q] [-o FILE] [--dict FILE] [--user-dict FILE]\n"
"                    [--stopwords FILE] [--synonyms FILE] [--k1 X] [--b X]\n"
"                    [--ngram-weight X] [--if FMT] [--no-header] [--columns LIST]\n"
"                    [FILE ...]\n"
"\n"
"index: a knowledge base (id, question, answer, optional alt and category) to a\n"
"model file. answer: for each question (text, optional id) the best entry, the\n"
"alternatives and whether to escalate to a person; JSONL out. calibrate: choose\n"
"the escalation threshold on labelled questions (text, answer_id) and write it\n"
"into the model. pairs: similarity of question pairs (q1, q2, optional label).\n"
"\n"
"Options:\n"
"  -o, --output FILE        index: the model; calibrate: the model to write\n"
"                           (default: -m rewritten); others: output (.zst/.gz)\n"
"  -m, --model FILE         the model written by index\n"
"  -k, --top N              answer: alternatives after the best entry (default 3)\n"
"      --serve              answer: one question per stdin line (JSON or plain\n"
"                           text), one answer line out, flushed\n"
"      --format FMT         index input: auto (default), table (JSONL/CSV/TSV) or\n"
"                           faqjson ({\"Questions\":[{\"question\",\"answer\"}...]})\n"
"      --dict FILE          jieba dictionary ('' for character bigrams; default:\n"
"                           $EC_JIEBA_DICT or Debian's python3-jieba)\n"
"      --user-dict FILE     jieba user dictionary\n"
"      --stopwords FILE     stop words replacing the built-in lists (repeatable)\n"
"      --synonyms FILE      lines 'word syn1 syn2 ...', synonyms mapped to the word\n"
"      --k1 X               BM25 k1 (default 1.2)\n"
"      --b X                BM25 b (default 0.75)\n"
"      --ngram-weight X     weight of the character bigram Dice score (default 0.3;\n"
"                           pairs: 0.7)\n"
"      --if FMT             input format csv, tsv or jsonl (default: detected)\n"
"      --no-header          CSV/TSV input has no header row (use --columns)\n"
"      --columns LIST       column names of headerless input, e.g. id,q1,q2,label\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-faq(1) for the scoring, the escalation rules and the formats.\n";

enum { SUB_INDEX, SUB_ANSWER, SUB_CALIBRATE, SUB_PAIRS };
static const char *const subname[] = { "index", "answer", "calibrate", "pairs" };
enum { FMT_AUTO, FMT_TABLE, FMT_FAQJSON };

enum {
	OPT_SERVE = 256, OPT_FORMAT, OPT_DICT, OPT_USERDICT, OPT_STOP, OPT_SYN, OPT_K1, OPT_B,
	OPT_NGW, OPT_IF, OPT_NOHEADER, OPT_COLUMNS, OPT_MODEL, OPT_TOP,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "model", required_argument, 0, 'm' },
	{ "top", required_argument, 0, 'k' },
	{ "serve", no_argument, 0, OPT_SERVE },
	{ "format", required_argument, 0, OPT_FORMAT },
	{ "dict", required_argument, 0, OPT_DICT },
	{ "user-dict", required_argument, 0, OPT_USERDICT },
	{ "stopwords", required_argument, 0, OPT_STOP },
	{ "synonyms", required_argument, 0, OPT_SYN },
	{ "k1", required_argument, 0, OPT_K1 },
	{ "b", required_argument, 0, OPT_B },
	{ "ngram-weight", required_argument, 0, OPT_NGW },
	{ "if", required_argument, 0, OPT_IF },
	{ "no-header", no_argument, 0, OPT_NOHEADER },
	{ "columns", required_argument, 0, OPT_COLUMNS },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* Options of some subcommands only (bit 1 index, 2 answer, 4 calibrate, 8 pairs). */
static const struct { int opt; const char *name; unsigned subs; } scoped[] = {
	{ OPT_SERVE, "--serve", 2 }, { OPT_FORMAT, "--format", 1 },
	{ OPT_DICT, "--dict", 9 }, { OPT_USERDICT, "--user-dict", 9 },
	{ OPT_STOP, "--stopwords", 9 }, { OPT_SYN, "--synonyms", 9 },
	{ OPT_K1, "--k1", 9 }, { OPT_B, "--b", 9 }, { OPT_NGW, "--ngram-weight", 9 },
	{ OPT_MODEL, "-m", 6 }, { OPT_TOP, "-k", 2 },
};

#define MAX_STOP 16
#define MAX_COLS 64

struct app {
	int sub, quiet, serve, format;
	const char *out_path, *model_path;
	size_t top;
	struct ec_faq_opts fo;
	const char *stop[MAX_STOP + 1];
	size_t nstop;
	struct ec_reader_opts ro;
	char *cols[MAX_COLS];
};

static void oom(void)
{
	ec_die("out of memory");
}

static void add_num(struct ec_buf *b, double v)
{
	/* six significant digits: enough to rank and compare, stable in tests */
	if (ec_buf_addf(b, "%.6g", v) < 0)
		oom();
}

static void add_str(struct ec_buf *b, const char *s)
{
	if (s ? ec_json_quote(b, s, strlen(s)) < 0 : ec_buf_adds(b, "null") < 0)
		oom();
}

static void add_lit(struct ec_buf *b, const char *s)
{
	if (ec_buf_adds(b, s) < 0)
		oom();
}

static struct ec_reader *open_reader(struct app *a, char **paths, size_t npaths)
{
	static const char *const dash[] = { "-" };
	struct ec_reader *r;
	char err[1024];
	if (ec_reader_open(&r, npaths ? (const char *const *)paths : dash, npaths ? npaths : 1,
	                   &a->ro, err, sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

/* Next good record, or 0 at the end; a bad record is fatal with its line. */
static int next_record(struct ec_reader *r, struct ec_record *rec)
{
	int rc = ec_reader_next(r, rec);
	if (rc == EC_READ_FATAL)
		ec_die("%s", ec_reader_error(r));
	if (rc == EC_READ_BAD)
		ec_die("%s:%ld: %s", rec->source, rec->line, ec_reader_error(r));
	return rc == EC_READ_OK;
}

static const char *field(const struct ec_record *rec, int col)
{
	if (col < 0 || (size_t)col >= rec->nfields)
		return NULL;
	return rec->val[col];
}

static const char *need(const struct ec_record *rec, int col, const char *name)
{
	const char *v = field(rec, col);
	if (!v || !*v)
		ec_die("%s:%ld: no %s", rec->source, rec->line, name);
	return v;
}

static struct ec_faq *new_faq(struct app *a)
{
	char err[1024];
	a->stop[a->nstop] = NULL;
	a->fo.stopwords = a->nstop ? a->stop : NULL;
	struct ec_faq *f = ec_faq_new(&a->fo, err, sizeof err);
	if (!f)
		ec_die("%s", err);
	return f;
}

/* ---- index ---- */

/* Read a whole input (any compression) into b; 0, or -1 when unreadable. */
static int slurp(const char *path, struct ec_buf *b, char *err, size_t errlen)
{
	struct ec_input *in;
	if (ec_input_open(&in, path, err, errlen) < 0)
		return -1;
	int rc = ec_input_next_member(in);
	char chunk[65536];
	ssize_t k = 0;
	while (rc > 0 && (k = ec_input_read(in, chunk, sizeof chunk)) > 0)
		if (ec_buf_add(b, chunk, (size_t)k) < 0)
			oom();
	if (rc < 0 || k < 0) {
		snprintf(err, errlen, "%s", ec_input_error(in));
		ec_input_close(in);
		return -1;
	}
	ec_input_close(in);
	return 0;
}

/* The Kaggle layout; NULL when b is not it. */
static json_t *faqjson_list(const struct ec_buf *b, json_t **root)
{
	json_error_t je;
	*root = json_loadb(b->data, b->len, 0, &je);
	json_t *q = json_object_get(*root, "Questions");
	if (!q)
		q = json_object_get(*root, "questions");
	if (json_is_array(q))
		return q;
	json_decref(*root);
	*root = NULL;
	return NULL;
}

static void index_faqjson(struct ec_faq *f, const char *path, json_t *list)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		const char *q = json_string_value(json_object_get(e, "question"));
		const char *an = json_string_value(json_object_get(e, "answer"));
		if (!q || !an || !*q)
			ec_die("%s: Questions[%zu]: no question or answer", path, i);
		const char *cat = json_string_value(json_object_get(e, "category"));
		char id[32];
		const char *given = json_string_value(json_object_get(e, "id"));
		snprintf(id, sizeof id, "%zu", i + 1);
		if (ec_faq_add(f, given ? given : id, q, an, cat, NULL, 0) < 0)
			ec_die("%s: Questions[%zu]: %s", path, i, ec_faq_error(f));
	}
}

/* alt: a JSON array of strings or "a|b|c". */
static size_t split_alt(const struct ec_record *rec, const char *v, char *buf, const char **alt,
                        size_t max, json_t **keep)
{
	size_t n = 0;
	if (v[0] == '[') {
		json_error_t je;
		*keep = json_loads(v, 0, &je);
		if (!json_is_array(*keep))
			ec_die("%s:%ld: alt is not a JSON array", rec->source, rec->line);
		for (size_t i = 0; i < json_array_size(*keep) && n < max; i++) {
			const char *s = json_string_value(json_array_get(*keep, i));
			if (!s)
				ec_die("%s:%ld: alt[%zu] is not a string", rec->source, rec->line, i);
			if (*s)
				alt[n++] = s;
		}
		if (json_array_size(*keep) > max)
			ec_die("%s:%ld: more than %zu alternatives", rec->source, rec->line, max);
		return n;
	}
	strcpy(buf, v);
	for (char *s = buf, *bar; s; s = bar) {
		bar = strchr(s, '|');
		if (bar)
			*bar++ = '\0';
		if (*s) {
			if (n == max)
				ec_die("%s:%ld: more than %zu alternatives", rec->source, rec->line, max);
			alt[n++] = s;
		}
	}
	return n;
}

static void index_table(struct app *a, struct ec_faq *f, char **paths, size_t npaths)
{
	struct ec_reader *r = open_reader(a, paths, npaths);
	struct ec_record rec;
	struct ec_buf altbuf = EC_BUF_INIT;
	while (next_record(r, &rec)) {
		int ci = ec_reader_col(r, "id"), cq = ec_reader_col(r, "question"),
		    ca = ec_reader_col(r, "answer"), cc = ec_reader_col(r, "category"),
		    cl = ec_reader_col(r, "alt");
		const char *id = need(&rec, ci, "id"), *q = need(&rec, cq, "question"),
		           *an = need(&rec, ca, "answer"), *cat = field(&rec, cc),
		           *al = field(&rec, cl);
		const char *alt[256];
		size_t nalt = 0;
		json_t *keep = NULL;
		if (al && *al) {
			ec_buf_reset(&altbuf);
			if (ec_buf_grow(&altbuf, strlen(al) + 1) < 0)
				oom();
			nalt = split_alt(&rec, al, altbuf.data, alt, 256, &keep);
		}
		if (ec_faq_add(f, id, q, an, cat && *cat ? cat : NULL, alt, nalt) < 0)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_faq_error(f));
		json_decref(keep);
	}
	ec_reader_close(r);
	ec_buf_free(&altbuf);
}

static void run_index(struct app *a, char **paths, size_t npaths)
{
	if (!a->out_path)
		ec_usage_error("index needs -o FILE (the model to write)");
	struct ec_faq *f = new_faq(a);
	struct ec_buf src = EC_BUF_INIT;
	for (size_t i = 0; i < npaths; i++)
		if (ec_buf_addf(&src, "%s%s", i ? " " : "", paths[i]) < 0)
			oom();
	if (!npaths && ec_buf_adds(&src, "-") < 0)
		oom();
	int fmt = a->format;
	if (fmt != FMT_TABLE && (npaths || fmt == FMT_FAQJSON)) {
		/* faqjson files are read whole; auto looks at each file once */
		int all = 1;
		for (size_t i = 0; i < (npaths ? npaths : 1); i++) {
			const char *p = npaths ? paths[i] : "-";
			struct ec_buf b = EC_BUF_INIT;
			char err[1024];
			json_t *root = NULL, *list = NULL;
			if (slurp(p, &b, err, sizeof err) < 0)
				ec_die("%s", err);
			list = faqjson_list(&b, &root);
			if (!list && fmt == FMT_FAQJSON)
				ec_die("%s: not a {\"Questions\": [...]} document", p);
			if (list)
				index_faqjson(f, p, list);
			else
				all = 0;
			json_decref(root);
			ec_buf_free(&b);
			if (!list && i > 0)
				ec_die("%s: inputs mix faqjson and tables", p);
			if (!list)
				break;
		}
		if (!all)
			index_table(a, f, paths, npaths);
	} else {
		index_table(a, f, paths, npaths);
	}
	if (ec_faq_size(f) == 0)
		ec_die("%s: no entries", src.data);
	if (ec_faq_build(f) < 0)
		ec_die("%s", ec_faq_error(f));
	char err[1024];
	if (ec_faq_save(f, a->out_path, src.data, err, sizeof err) < 0)
		ec_die("%s", err);
	if (!a->quiet)
		fprintf(stderr, "ec-faq: index: %zu entries, %zu phrasings, %s\n", ec_faq_size(f),
		        ec_faq_phrasings(f),
		        *ec_faq_dict(f) ? "jieba dictionary" : "character bigrams for Chinese");
	ec_buf_free(&src);
	ec_faq_free(f);
}

/* ---- answer ---- */

static struct ec_faq *load_model(struct app *a)
{
	if (!a->model_path)
		ec_usage_error("%s needs -m FILE (the model written by index)", subname[a->sub]);
	char err[1024];
	struct ec_faq *f = ec_faq_load(a->model_path, err, sizeof err);
	if (!f)
		ec_die("%s", err);
	return f;
}

/* One answer line for text (id may be NULL) into b; -1 when the text is bad. */
static int answer_line(struct app *a, struct ec_faq *f, struct ec_faq_hit *hits,
                        const char *id, const char *text, struct ec_buf *b)
{
	size_t nh;
	if (ec_faq_ask(f, text, strlen(text), a->top + 1, hits, &nh) < 0)
		return -1;
	int human = ec_faq_wants_human(text, strlen(text));
	const char *reason = human ? "human" : !nh ? "no_match"
	                   : hits[0].score < ec_faq_threshold(f) ? "low_score" : "matched";
	ec_buf_reset(b);
	add_lit(b, "{");
	if (id) {
		add_lit(b, "\"id\":");
		add_str(b, id);
		add_lit(b, ",");
	}
	add_lit(b, "\"text\":");
	add_str(b, text);
	struct ec_faq_entry e;
	if (nh) {
		ec_faq_entry(f, hits[0].entry, &e);
		add_lit(b, ",\"answer_id\":");
		add_str(b, e.id);
		add_lit(b, ",\"category\":");
		add_str(b, e.category);
		add_lit(b, ",\"answer\":");
		struct ec_buf filled = EC_BUF_INIT;
		if (ec_faq_fill(e.answer, text, &filled) < 0)
			oom();
		add_str(b, filled.data);
		ec_buf_free(&filled);
		add_lit(b, ",\"score\":");
		add_num(b, hits[0].score);
	} else {
		add_lit(b, ",\"answer_id\":null,\"category\":null,\"answer\":null,\"score\":0");
	}
	add_lit(b, ",\"alternatives\":[");
	for (size_t i = 1; i < nh; i++) {
		ec_faq_entry(f, hits[i].entry, &e);
		add_lit(b, i > 1 ? ",{\"id\":" : "{\"id\":");
		add_str(b, e.id);
		add_lit(b, ",\"score\":");
		add_num(b, hits[i].score);
		add_lit(b, "}");
	}
	add_lit(b, "],\"escalate\":");
	add_lit(b, strcmp(reason, "matched") ? "true" : "false");
	add_lit(b, ",\"reason\":");
	add_str(b, reason);
	add_lit(b, "}\n");
	return 0;
}

static void run_serve(struct app *a, struct ec_faq *f, struct ec_faq_hit *hits)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct ec_buf b = EC_BUF_INIT;
	unsigned long n = 0;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		n++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		json_t *j = NULL;
		const char *text = p, *id = NULL;
		if (*p == '{') {
			json_error_t je;
			j = json_loads(p, 0, &je);
			text = json_string_value(json_object_get(j, "text"));
			id = json_string_value(json_object_get(j, "id"));
			if (!text) {
				/* a chat server must not die of one bad line: say why and go on */
				ec_buf_reset(&b);
				if (ec_buf_addf(&b, "{\"error\":\"stdin:%lu: %s\"}\n", n,
				                j ? "no \\\"text\\\" string" : "not a JSON object") < 0)
					oom();
				fwrite(b.data, 1, b.len, stdout);
				fflush(stdout);
				json_decref(j);
				continue;
			}
		}
		if (answer_line(a, f, hits, id, text, &b) < 0) {
			ec_buf_reset(&b);
			add_lit(&b, "{\"error\":");
			char m[600];
			snprintf(m, sizeof m, "stdin:%lu: %s", n, ec_faq_error(f));
			add_str(&b, m);
			add_lit(&b, "}\n");
		}
		if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) == EOF)
			ec_die("stdout: %s", strerror(errno));
		json_decref(j);
	}
	free(line);
	ec_buf_free(&b);
	if (!a->quiet)
		fprintf(stderr, "ec-faq: answer: %lu lines served\n", n);
}

static void run_answer(struct app *a, char **paths, size_t npaths)
{
	struct ec_faq *f = load_model(a);
	struct ec_faq_hit *hits = calloc(a->top + 1, sizeof *hits);
	if (!hits)
		oom();
	if (a->serve) {
		if (npaths)
			ec_usage_error("--serve reads standard input only");
		run_serve(a, f, hits);
		free(hits);
		ec_faq_free(f);
		return;
	}
	struct ec_output *out = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct ec_reader *r = open_reader(a, paths, npaths);
	struct ec_record rec;
	struct ec_buf b = EC_BUF_INIT;
	unsigned long n = 0, esc = 0;
	while (next_record(r, &rec)) {
		const char *text = need(&rec, ec_reader_col(r, "text"), "text");
		const char *id = field(&rec, ec_reader_col(r, "id"));
		if (answer_line(a, f, hits, id, text, &b) < 0)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_faq_error(f));
		esc += strstr(b.data, "\"escalate\":true") != NULL;
		if (ec_output_write(out, b.data, b.len) < 0)
			ec_die("%s", ec_output_error(out));
		n++;
	}
	ec_cli_commit(out);
	if (!a->quiet)
		fprintf(stderr, "ec-faq: answer: %lu questions, %lu escalated\n", n, esc);
	ec_reader_close(r);
	ec_buf_free(&b);
	free(hits);
	ec_faq_free(f);
}

/* ---- calibrate ---- */

static void run_calibrate(struct app *a, char **paths, size_t npaths)
{
	struct ec_faq *f = load_model(a);
	struct ec_reader *r = open_reader(a, paths, npaths);
	struct ec_record rec;
	size_t n = 0, cap = 0;
	double *s = NULL;
	long *top = NULL, *want = NULL;
	int *human = NULL;
	struct ec_faq_hit hit;
	while (next_record(r, &rec)) {
		const char *text = need(&rec, ec_reader_col(r, "text"), "text");
		int ca = ec_reader_col(r, "answer_id");
		if (ca < 0)
			ec_die("%s:%ld: no answer_id column (empty for questions to escalate)",
			       rec.source, rec.line);
		const char *aid = field(&rec, ca);
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			if (!(s = realloc(s, cap * sizeof *s)) || !(top = realloc(top, cap * sizeof *top)) ||
			    !(want = realloc(want, cap * sizeof *want)) ||
			    !(human = realloc(human, cap * sizeof *human)))
				oom();
		}
		want[n] = aid && *aid ? ec_faq_find(f, aid) : -1;
		if (aid && *aid && want[n] < 0)
			ec_die("%s:%ld: answer_id '%s' is not in the knowledge base", rec.source,
			       rec.line, aid);
		size_t nh;
		if (ec_faq_ask(f, text, strlen(text), 1, &hit, &nh) < 0)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_faq_error(f));
		s[n] = nh ? hit.score : 0;
		top[n] = nh ? (long)hit.entry : -1;
		human[n] = ec_faq_wants_human(text, strlen(text));
		n++;
	}
	ec_reader_close(r);
	if (!n)
		ec_die("%s: no questions", npaths ? paths[0] : "-");
	double acc, t = ec_faq_calibrate(s, top, want, human, n, &acc);
	size_t inscope = 0, at1 = 0, esc = 0, esc_out = 0, esc_in = 0;
	for (size_t i = 0; i < n; i++) {
		int e = human[i] || top[i] < 0 || s[i] < t;
		esc += e;
		if (want[i] >= 0) {
			inscope++;
			at1 += top[i] == want[i];
			esc_in += e;
		} else {
			esc_out += e;
		}
	}
	ec_faq_set_threshold(f, t);
	char err[1024];
	const char *dst = a->out_path ? a->out_path : a->model_path;
	if (ec_faq_save(f, dst, NULL, err, sizeof err) < 0)
		ec_die("%s", err);
	printf("{\"questions\":%zu,\"in_scope\":%zu,\"threshold\":%.6g,\"accuracy\":%.6g,"
	       "\"accuracy_at_1\":%.6g,\"escalation_rate\":%.6g,"
	       "\"escalated_out_of_scope\":%.6g,\"escalated_in_scope\":%.6g}\n",
	       n, inscope, t, acc, inscope ? (double)at1 / (double)inscope : 0,
	       (double)esc / (double)n,
	       n > inscope ? (double)esc_out / (double)(n - inscope) : 0,
	       inscope ? (double)esc_in / (double)inscope : 0);
	if (fflush(stdout) == EOF)
		ec_die("stdout: %s", strerror(errno));
	if (!a->quiet)
		fprintf(stderr, "ec-faq: calibrate: threshold %.6g written to %s\n", t, dst);
	free(s);
	free(top);
	free(want);
	free(human);
	ec_faq_free(f);
}

/* ---- pairs ---- */

struct pair {
	char *id, *q1, *q2;
	int label;  /* -1 none */
	double score;
};

static int cmp_score(const void *x, const void *y)
{
	const struct pair *const *a = x, *const *b = y;
	return ((*a)->score > (*b)->score) - ((*a)->score < (*b)->score);
}

/* Mann-Whitney AUC with tied scores sharing their mean rank. */
static double auc(struct pair *p, size_t n)
{
	struct pair **v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		oom();
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		v[m++] = &p[i];
	qsort(v, m, sizeof *v, cmp_score);
	double rsum = 0, npos = 0;
	for (size_t i = 0; i < m;) {
		size_t j = i;
		while (j < m && v[j]->score == v[i]->score)
			j++;
		double rank = 0.5 * (double)(i + 1 + j);
		for (size_t k = i; k < j; k++)
			if (v[k]->label == 1) {
				rsum += rank;
				npos++;
			}
		i = j;
	}
	free(v);
	double nneg = (double)m - npos;
	if (npos == 0 || nneg == 0)
		return NAN;
	return (rsum - npos * (npos + 1) / 2) / (npos * nneg);
}

static void run_pairs(struct app *a, char **paths, size_t npaths)
{
	struct ec_faq *f = new_faq(a);
	struct ec_strmap *seen = ec_strmap_new(0);
	if (!seen)
		oom();
	struct ec_reader *r = open_reader(a, paths, npaths);
	struct ec_record rec;
	struct pair *p = NULL;
	size_t n = 0, cap = 0, nlab = 0;
	while (next_record(r, &rec)) {
		const char *q1 = need(&rec, ec_reader_col(r, "q1"), "q1");
		const char *q2 = need(&rec, ec_reader_col(r, "q2"), "q2");
		const char *id = field(&rec, ec_reader_col(r, "id"));
		const char *lab = field(&rec, ec_reader_col(r, "label"));
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			if (!(p = realloc(p, cap * sizeof *p)))
				oom();
		}
		int l = -1;
		if (lab && *lab) {
			if (strcmp(lab, "0") && strcmp(lab, "1"))
				ec_die("%s:%ld: label '%s' is not 0 or 1", rec.source, rec.line, lab);
			l = lab[0] == '1';
			nlab++;
		}
		p[n] = (struct pair){ id ? strdup(id) : NULL, strdup(q1), strdup(q2), l, 0 };
		if (!p[n].q1 || !p[n].q2 || (id && !p[n].id))
			oom();
		/* every distinct question is one document of the statistics */
		for (int k = 0; k < 2; k++) {
			const char *q = k ? q2 : q1;
			int isnew;
			if (!ec_strmap_put(seen, q, strlen(q), &isnew))
				oom();
			if (isnew && ec_faq_add(f, NULL, q, "", NULL, NULL, 0) < 0)
				ec_die("%s:%ld: %s", rec.source, rec.line, ec_faq_error(f));
		}
		n++;
	}
	ec_reader_close(r);
	if (ec_faq_build(f) < 0)
		ec_die("%s", ec_faq_error(f));
	struct ec_output *out = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct ec_buf b = EC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		p[i].score = ec_faq_similarity(f, p[i].q1, strlen(p[i].q1), p[i].q2, strlen(p[i].q2));
		if (p[i].score < 0)
			ec_die("pair %zu: %s", i + 1, ec_faq_error(f));
		ec_buf_reset(&b);
		add_lit(&b, "{");
		if (p[i].id) {
			add_lit(&b, "\"id\":");
			add_str(&b, p[i].id);
			add_lit(&b, ",");
		}
		add_lit(&b, "\"score\":");
		add_num(&b, p[i].score);
		if (p[i].label >= 0 && ec_buf_addf(&b, ",\"label\":%d", p[i].label) < 0)
			oom();
		add_lit(&b, "}\n");
		if (ec_output_write(out, b.data, b.len) < 0)
			ec_die("%s", ec_output_error(out));
	}
	ec_cli_commit(out);
	if (!a->quiet) {
		fprintf(stderr, "ec-faq: pairs: %zu pairs", n);
		if (nlab == n && n) {
			double v = auc(p, n);
			if (isnan(v))
				fprintf(stderr, ", AUC undefined (one class only)");
			else
				fprintf(stderr, ", AUC %.4f", v);
		}
		fputc('\n', stderr);
	}
	for (size_t i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].q1);
		free(p[i].q2);
	}
	free(p);
	ec_buf_free(&b);
	ec_strmap_free(seen);
	ec_faq_free(f);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	ec_cli_init(argv[0]);
	if (argc < 2)
		ec_usage_error("no subcommand (index, answer, calibrate, pairs)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		ec_cli_version();
	a.sub = -1;
	for (int i = 0; i < 4; i++)
		if (!strcmp(argv[1], subname[i]))
			a.sub = i;
	if (a.sub < 0)
		ec_usage_error("'%s' is not a subcommand (index, answer, calibrate, pairs)", argv[1]);
	ec_faq_opts_init(&a.fo);
	a.top = 3;
	unsigned given = 0;
	argv[1] = argv[0];
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "o:m:k:qhV", longopts, NULL)) != -1) {
		if (ch >= OPT_SERVE)
			given |= 1u << (ch - OPT_SERVE);
		switch (ch) {
		case 'o': a.out_path = optarg; break;
		case 'm': a.model_path = optarg; given |= 1u << (OPT_MODEL - OPT_SERVE); break;
		case 'k':
			a.top = (size_t)ec_opt_int("-k", optarg, 0, 100);
			given |= 1u << (OPT_TOP - OPT_SERVE);
			break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_SERVE: a.serve = 1; break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "auto"))
				a.format = FMT_AUTO;
			else if (!strcmp(optarg, "table"))
				a.format = FMT_TABLE;
			else if (!strcmp(optarg, "faqjson"))
				a.format = FMT_FAQJSON;
			else
				ec_usage_error("--format: '%s' is not auto, table or faqjson", optarg);
			break;
		case OPT_DICT: a.fo.dict = optarg; break;
		case OPT_USERDICT: a.fo.user_dict = optarg; break;
		case OPT_STOP:
			if (a.nstop == MAX_STOP)
				ec_usage_error("--stopwords: at most %d files", MAX_STOP);
			a.stop[a.nstop++] = optarg;
			break;
		case OPT_SYN: a.fo.synonyms = optarg; break;
		case OPT_K1: a.fo.k1 = ec_opt_double("--k1", optarg, 0, 100); break;
		case OPT_B: a.fo.b = ec_opt_double("--b", optarg, 0, 1); break;
		case OPT_NGW: a.fo.ngram_weight = ec_opt_double("--ngram-weight", optarg, 0, 1); break;
		case OPT_IF: {
			int fm = ec_format_parse(optarg);
			if (fm < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			a.ro.format = (enum ec_format)fm;
			break;
		}
		case OPT_NOHEADER: a.ro.no_header = 1; break;
		case OPT_COLUMNS:
			a.ro.ncolumns = ec_opt_list("--columns", optarg, a.cols, MAX_COLS);
			a.ro.columns = (const char *const *)a.cols;
			break;
		default:
			fprintf(stderr, "Try 'ec-faq --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	/* Pairs of two customer questions gain from more weight on character
	 * bigrams than retrieval does: 0.7, chosen on the first half of the
	 * ATEC pairs and checked on the second half (tests/real/faq.sh). */
	if (a.sub == SUB_PAIRS && !(given & (1u << (OPT_NGW - OPT_SERVE))))
		a.fo.ngram_weight = EC_FAQ_PAIRS_NGRAM_WEIGHT;
	unsigned bit = 1u << a.sub;
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
		if ((given & (1u << (scoped[i].opt - OPT_SERVE))) && !(scoped[i].subs & bit))
			ec_usage_error("%s does not apply to %s", scoped[i].name, subname[a.sub]);
	if (a.ro.no_header && !a.ro.columns)
		ec_usage_error("--no-header needs --columns");
	if (a.fo.user_dict && a.fo.dict && !*a.fo.dict)
		ec_usage_error("--user-dict needs a main dictionary (not --dict '')");
	char **paths = argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	switch (a.sub) {
	case SUB_INDEX: run_index(&a, paths, npaths); break;
	case SUB_ANSWER: run_answer(&a, paths, npaths); break;
	case SUB_CALIBRATE: run_calibrate(&a, paths, npaths); break;
	default: run_pairs(&a, paths, npaths); break;
	}
	return EC_EXIT_OK;
}
