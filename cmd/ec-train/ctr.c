/*
 * ec-train -m lr|wd|din: click-through models on labelled samples (see
 * ec-train-ctr(1) and lib/ec_ctr.h). The records are encoded once into
 * memory, then trained for --epochs passes in a shuffled order (seeded);
 * -m lr with one epoch streams instead, in constant memory. With --valid
 * the validation AUC is measured after each epoch, the best epoch's model
 * is kept and training stops after --patience epochs without a better one.
 * A NaN or infinity stops the run naming the epoch and batch, and no model
 * is written.
 */
#include <cblas.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ec_cli.h"
#include "ec_ctr.h"
#include "ec_model.h"
#include "ec_record.h"
#include "ec_rng.h"

int train_ctr_main(int argc, char **argv);

static const char usage_text[] =
"usage: ec-train -m lr|wd|din -o FILE [options] [FILE ...]\n"
"\n"
"Train a click-through model on labelled samples (CSV, TSV or JSONL, any\n"
"compression; stdin when no FILE): one record per impression with a label\n"
"0 or 1, as ec-features samples writes them.\n"
"  -m lr     logistic regression by FTRL-Proximal on hashed features\n"
"  -m wd     Wide & Deep: FTRL wide part + MLP on embeddings, trained jointly\n"
"  -m din    Deep Interest Network: the sequences pooled by attention\n"
"\n"
"Options:\n"
"  -o, --output FILE      the model file (written atomically)\n"
"      --label COL        the label column (default label)\n"
"      --num LIST         numeric columns, e.g. price,dwell\n"
"      --seq LIST         sequence columns (space-separated ids, newest first)\n"
"      --target LIST      the candidate columns the sequences are compared with,\n"
"                         in the order of --seq (e.g. item,category)\n"
"      --cross LIST       crossed features of the wide part, e.g. user:category\n"
"      --cat LIST         categorical columns (default: every other column)\n"
"      --ignore LIST      columns not used (default ts)\n"
"      --bits N           wide part: 2^N hashed weights (default 20)\n"
"      --dim N            embedding size (default 16)\n"
"      --hidden LIST      hidden layers of the deep part (default 256,128,64)\n"
"      --att-hidden LIST  hidden layers of DIN's activation unit (default 80,40)\n"
"      --seq-len N        sequence elements kept, newest first (default 50)\n"
"      --min-count N      values seen fewer times share the OOV embedding (default 2)\n"
"      --epochs N         passes over the data (default: lr 1, wd and din 5)\n"
"      --batch N          mini-batch size (default 256)\n"
"      --lr X             step size: FTRL alpha for lr (default 0.05), Adam or\n"
"                         AdaGrad for the deep part (default 0.001)\n"
"      --alpha X          FTRL alpha of the wide part of wd and din (default 0.05)\n"
"      --beta X           FTRL beta (default 1)\n"
"      --l1 X             FTRL L1 strength (default 1)\n"
"      --l2 X             FTRL L2 strength (default 1)\n"
"      --optimizer NAME   deep part: adam (default) or adagrad\n"
"      --dice             din: Dice activations instead of ReLU\n"
"      --valid FILE       validation samples: AUC after each epoch, best kept\n"
"      --patience N       stop after N epochs without a better validation AUC\n"
"                         (default 1)\n"
"      --seed N           random seed (default 1)\n"
"      --threads N        OpenBLAS threads (default 1); same seed and threads give\n"
"                         the same model bytes\n"
"      --if FMT           input format csv, tsv or jsonl (default: detected)\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-train-ctr(1) for the models and the model file.\n";

enum {
	OPT_LABEL = 256, OPT_NUM, OPT_SEQ, OPT_TARGET, OPT_CROSS, OPT_CAT, OPT_IGNORE, OPT_BITS,
	OPT_DIM, OPT_HIDDEN, OPT_ATT, OPT_SEQLEN, OPT_MINC, OPT_EPOCHS, OPT_BATCH, OPT_LR,
	OPT_ALPHA, OPT_BETA, OPT_L1, OPT_L2, OPT_OPTIM, OPT_VALID, OPT_PATIENCE, OPT_SEED,
	OPT_THREADS, OPT_IF, OPT_REJECTS, OPT_MAXERR, OPT_DICE,
};

static const struct option longopts[] = {
	{ "model", required_argument, 0, 'm' },
	{ "output", required_argument, 0, 'o' },
	{ "label", required_argument, 0, OPT_LABEL },
	{ "num", required_argument, 0, OPT_NUM },
	{ "seq", required_argument, 0, OPT_SEQ },
	{ "target", required_argument, 0, OPT_TARGET },
	{ "cross", required_argument, 0, OPT_CROSS },
	{ "cat", required_argument, 0, OPT_CAT },
	{ "ignore", required_argument, 0, OPT_IGNORE },
	{ "bits", required_argument, 0, OPT_BITS },
	{ "dim", required_argument, 0, OPT_DIM },
	{ "hidden", required_argument, 0, OPT_HIDDEN },
	{ "att-hidden", required_argument, 0, OPT_ATT },
	{ "seq-len", required_argument, 0, OPT_SEQLEN },
	{ "min-count", required_argument, 0, OPT_MINC },
	{ "epochs", required_argument, 0, OPT_EPOCHS },
	{ "batch", required_argument, 0, OPT_BATCH },
	{ "lr", required_argument, 0, OPT_LR },
	{ "alpha", required_argument, 0, OPT_ALPHA },
	{ "beta", required_argument, 0, OPT_BETA },
	{ "l1", required_argument, 0, OPT_L1 },
	{ "l2", required_argument, 0, OPT_L2 },
	{ "optimizer", required_argument, 0, OPT_OPTIM },
	{ "dice", no_argument, 0, OPT_DICE },
	{ "valid", required_argument, 0, OPT_VALID },
	{ "patience", required_argument, 0, OPT_PATIENCE },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "threads", required_argument, 0, OPT_THREADS },
	{ "if", required_argument, 0, OPT_IF },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

#define MAXL 256

struct list {
	char *v[MAXL];
	size_t n;
};

struct app {
	const char *out_path, *valid_path, *rejects_path;
	struct ec_ctr_spec spec;
	struct list num, seq, target, cross, cat, ignore;
	size_t hidden[16], att[16];
	long long epochs, batch, patience, max_errors;
	int quiet, threads;
	struct ec_reader_opts ro;
	/* rejects */
	struct ec_rejects rej;
	int tty;
};

static void parse_list(const char *opt, char *s, struct list *l)
{
	l->n = ec_opt_list(opt, s, l->v, MAXL);
}

static size_t parse_sizes(const char *opt, char *s, size_t *out, size_t max)
{
	char *items[16];
	size_t n = ec_opt_list(opt, s, items, max);
	for (size_t i = 0; i < n; i++)
		out[i] = (size_t)ec_opt_int(opt, items[i], 1, 1 << 16);
	return n;
}

static void open_rejects(struct app *a)
{
	ec_rejects_open(&a->rej, a->rejects_path, a->max_errors);
}

static void reject(struct app *a, const struct ec_record *rec, const char *reason)
{
	ec_rejects_add(&a->rej, rec->source, rec->line, rec->raw, rec->rawlen, reason);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A reader over paths and the model's fields resolved to its columns. */
struct src {
	struct ec_reader *r;
	int *col;        /* per model field; -1: absent */
	int label;
	size_t resolved; /* reader columns seen when col was resolved */
	int pending;     /* JSONL: the first record, read to learn the columns */
	int pk;
	struct ec_record prec;
};

static void resolve(struct src *s, const struct ec_ctr *m, const char *name)
{
	size_t nf = ec_ctr_nfields(m);
	if (!s->col && !(s->col = malloc((nf + 1) * sizeof *s->col)))
		ec_die("out of memory");
	s->label = ec_reader_col(s->r, ec_ctr_label(m));
	for (size_t i = 0; i < nf; i++)
		s->col[i] = ec_reader_col(s->r, ec_ctr_field(m, i));
	s->resolved = ec_reader_ncols(s->r);
	if (ec_reader_format(s->r) == EC_FORMAT_JSONL)
		return; /* JSONL: a key may appear later; absent means empty */
	if (s->label < 0)
		ec_die("%s: no label column '%s'", name, ec_ctr_label(m));
	for (size_t i = 0; i < nf; i++)
		if (s->col[i] < 0)
			ec_die("%s: no column '%s' (the model uses it)", name, ec_ctr_field(m, i));
}

/*
 * Read the next usable example of s into d. 1 when one was added, 0 at the
 * end. Bad records (unreadable, label not 0/1, bad number) are rejected.
 */
static int read_example(struct app *a, struct src *s, struct ec_ctr *m, struct ec_ctr_data *d,
                        int grow, const char *name)
{
	struct ec_record rec;
	size_t nf = ec_ctr_nfields(m);
	const char *val[4096];
	size_t len[4096];
	char err[512];
	for (;;) {
		int k;
		if (s->pending) {
			s->pending = 0;
			k = s->pk;
			rec = s->prec;
		} else {
			k = ec_reader_next(s->r, &rec);
		}
		if (k == EC_READ_END)
			return 0;
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(s->r));
		if (k == EC_READ_BAD) {
			reject(a, &rec, ec_reader_error(s->r));
			continue;
		}
		if (ec_reader_ncols(s->r) > s->resolved)
			resolve(s, m, name);
		const char *lv = s->label >= 0 && (size_t)s->label < rec.nfields ? rec.val[s->label]
		                                                                  : NULL;
		int y = lv ? ec_ctr_parse_label(lv, rec.len[s->label]) : -1;
		if (y < 0) {
			char why[160];
			if (lv)
				snprintf(why, sizeof why, "label '%.60s' is not 0 or 1", lv);
			else
				snprintf(why, sizeof why, "no label");
			reject(a, &rec, why);
			continue;
		}
		for (size_t i = 0; i < nf; i++) {
			int c = s->col[i];
			if (c >= 0 && (size_t)c < rec.nfields && rec.val[c]) {
				val[i] = rec.val[c];
				len[i] = rec.len[c];
			} else {
				val[i] = NULL;
				len[i] = 0;
			}
		}
		if (ec_ctr_data_add(m, d, val, len, y, grow, err, sizeof err) < 0) {
			if (!strcmp(err, "out of memory"))
				ec_die("out of memory");
			reject(a, &rec, err);
			continue;
		}
		return 1;
	}
}

static struct ec_reader *open_reader(struct app *a, const char *const *paths, size_t n)
{
	struct ec_reader *r;
	char err[1024];
	if (ec_reader_open(&r, paths, n, &a->ro, err, sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

struct eval {
	double auc, logloss;
};

static struct eval evaluate(struct ec_ctr *m, const struct ec_ctr_data *d, size_t batch)
{
	struct eval e = { NAN, NAN };
	size_t n = ec_ctr_data_size(d);
	if (!n)
		return e;
	double *p = malloc(n * sizeof *p);
	char err[256];
	if (!p)
		ec_die("out of memory");
	if (ec_ctr_predict_data(m, d, batch, p, err, sizeof err) < 0)
		ec_die("%s", err);
	e.auc = ec_ctr_auc(p, ec_ctr_data_labels(d), n);
	e.logloss = ec_ctr_logloss(p, ec_ctr_data_labels(d), n);
	free(p);
	return e;
}

static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

int train_ctr_main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	a.epochs = -1;
	a.batch = 256;
	a.patience = 1;
	a.max_errors = -1;
	a.threads = 1;
	a.spec.seed = 1;
	a.spec.min_count = 2;
	a.spec.l1 = 1;
	a.spec.l2 = 1;
	double lr = 0, alpha = 0;
	const char *model = NULL;
	int ch;
	while ((ch = getopt_long(argc, argv, "m:o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': model = optarg; break;
		case 'o': a.out_path = optarg; break;
		case OPT_LABEL: a.spec.label = optarg; break;
		case OPT_NUM: parse_list("--num", optarg, &a.num); break;
		case OPT_SEQ: parse_list("--seq", optarg, &a.seq); break;
		case OPT_TARGET: parse_list("--target", optarg, &a.target); break;
		case OPT_CROSS: parse_list("--cross", optarg, &a.cross); break;
		case OPT_CAT: parse_list("--cat", optarg, &a.cat); break;
		case OPT_IGNORE: parse_list("--ignore", optarg, &a.ignore); break;
		case OPT_BITS: a.spec.bits = (unsigned)ec_opt_int("--bits", optarg, 1, 30); break;
		case OPT_DIM: a.spec.dim = (size_t)ec_opt_int("--dim", optarg, 1, 1024); break;
		case OPT_HIDDEN:
			a.spec.nhidden = parse_sizes("--hidden", optarg, a.hidden, 16);
			a.spec.hidden = a.hidden;
			break;
		case OPT_ATT:
			a.spec.natt = parse_sizes("--att-hidden", optarg, a.att, 16);
			a.spec.att_hidden = a.att;
			break;
		case OPT_SEQLEN: a.spec.seq_len = (size_t)ec_opt_int("--seq-len", optarg, 1, 100000); break;
		case OPT_MINC: a.spec.min_count = (size_t)ec_opt_int("--min-count", optarg, 1, 1 << 30); break;
		case OPT_EPOCHS: a.epochs = ec_opt_int("--epochs", optarg, 1, 100000); break;
		case OPT_BATCH: a.batch = ec_opt_int("--batch", optarg, 1, 1 << 20); break;
		case OPT_LR: lr = ec_opt_double("--lr", optarg, 1e-12, 1e6); break;
		case OPT_ALPHA: alpha = ec_opt_double("--alpha", optarg, 1e-12, 1e6); break;
		case OPT_BETA: a.spec.beta = ec_opt_double("--beta", optarg, 1e-12, 1e6); break;
		case OPT_L1: a.spec.l1 = ec_opt_double("--l1", optarg, 0, 1e12); break;
		case OPT_L2: a.spec.l2 = ec_opt_double("--l2", optarg, 0, 1e12); break;
		case OPT_OPTIM:
			if (!strcmp(optarg, "adagrad"))
				a.spec.adagrad = 1;
			else if (strcmp(optarg, "adam"))
				ec_usage_error("--optimizer: '%s' is not adam or adagrad", optarg);
			break;
		case OPT_DICE: a.spec.dice = 1; break;
		case OPT_VALID: a.valid_path = optarg; break;
		case OPT_PATIENCE: a.patience = ec_opt_int("--patience", optarg, 1, 100000); break;
		case OPT_SEED: a.spec.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case OPT_THREADS: a.threads = (int)ec_opt_int("--threads", optarg, 1, 256); break;
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			a.ro.format = (enum ec_format)f;
			break;
		}
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_MAXERR: a.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX); break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		default: ec_usage_error("unknown option");
		}
	}
	if (!strcmp(model, "lr"))
		a.spec.kind = EC_CTR_LR;
	else if (!strcmp(model, "wd"))
		a.spec.kind = EC_CTR_WD;
	else
		a.spec.kind = EC_CTR_DIN;
	if (!a.out_path)
		ec_usage_error("no output: give -o FILE");
	if (a.epochs < 0)
		a.epochs = a.spec.kind == EC_CTR_LR ? 1 : 5;
	if (a.spec.kind == EC_CTR_LR) {
		a.spec.alpha = lr > 0 ? lr : alpha;
	} else {
		a.spec.alpha = alpha;
		a.spec.lr = lr;
	}
	a.spec.num = (const char *const *)a.num.v;
	a.spec.nnum = a.num.n;
	a.spec.seq = (const char *const *)a.seq.v;
	a.spec.nseq = a.seq.n;
	a.spec.target = (const char *const *)a.target.v;
	a.spec.ntarget = a.target.n;
	a.spec.cross = (const char *const *)a.cross.v;
	a.spec.ncross = a.cross.n;
	if (a.cat.n) {
		a.spec.cat = (const char *const *)a.cat.v;
		a.spec.ncat = a.cat.n;
	}
	if (a.ignore.n) {
		a.spec.ignore = (const char *const *)a.ignore.v;
		a.spec.nignore = a.ignore.n;
	}
	if (a.target.n > a.seq.n)
		ec_usage_error("--target: more columns than --seq");
	openblas_set_num_threads(a.threads);
	a.tty = isatty(2);

	static const char *const dash[] = { "-" };
	size_t npaths = (size_t)(argc - optind);
	const char *const *paths = npaths ? (const char *const *)argv + optind : dash;
	if (!npaths)
		npaths = 1;
	open_rejects(&a);
	struct src tr = { open_reader(&a, paths, npaths), NULL, -1, 0, 0, 0, { 0 } };
	if (ec_reader_format(tr.r) == EC_FORMAT_JSONL) {
		/* JSONL columns are the keys of the records: read the first good one */
		for (;;) {
			tr.pk = ec_reader_next(tr.r, &tr.prec);
			if (tr.pk == EC_READ_FATAL)
				ec_die("%s", ec_reader_error(tr.r));
			if (tr.pk != EC_READ_BAD)
				break;
			reject(&a, &tr.prec, ec_reader_error(tr.r));
		}
		tr.pending = 1;
	}
	size_t ncols = ec_reader_ncols(tr.r);
	const char **names = malloc((ncols + 1) * sizeof *names);
	if (!names)
		ec_die("out of memory");
	for (size_t i = 0; i < ncols; i++)
		names[i] = ec_reader_colname(tr.r, i);
	char err[1024];
	struct ec_ctr *m = ec_ctr_new(&a.spec, names, ncols, err, sizeof err);
	if (!m)
		ec_usage_error("%s", err);
	free(names);
	resolve(&tr, m, paths[0]);

	struct ec_ctr_data *d = ec_ctr_data_new();
	if (!d)
		ec_die("out of memory");
	size_t batch = (size_t)a.batch;
	uint32_t *idx = malloc(batch * sizeof *idx);
	if (!idx)
		ec_die("out of memory");
	uint64_t nex = 0, npos = 0;
	double t0 = now_s(), train_loss = NAN;
	int streaming = a.spec.kind == EC_CTR_LR && a.epochs == 1;
	long long epochs_run = 0, best_epoch = 0;
	struct eval best = { NAN, NAN }, last_valid = { NAN, NAN };

	/* best-so-far model in a temporary file beside the target */
	char tmp[4096];
	int to_stdout = !strcmp(a.out_path, "-");
	if (to_stdout) {
		const char *td = getenv("TMPDIR");
		snprintf(tmp, sizeof tmp, "%s/.ec-train-ctr.%ld", td && *td ? td : "/tmp",
		         (long)getpid());
	} else {
		const char *sl = strrchr(a.out_path, '/');
		snprintf(tmp, sizeof tmp, "%.*s.%s.best.%ld", sl ? (int)(sl - a.out_path + 1) : 0,
		         a.out_path, sl ? sl + 1 : a.out_path, (long)getpid());
	}
	ec_cli_temp(tmp);
	int have_best = 0;

	struct ec_ctr_data *vd = NULL;
	struct src va = { NULL, NULL, -1, 0, 0, 0, { 0 } };

	if (streaming) {
		if (ec_ctr_prepare(m, d, err, sizeof err) < 0)
			ec_die("%s", err);
		double ls = 0;
		uint64_t nb = 0;
		for (;;) {
			ec_ctr_data_clear(d);
			while (ec_ctr_data_size(d) < batch && read_example(&a, &tr, m, d, 0, paths[0]))
				;
			size_t n = ec_ctr_data_size(d);
			if (!n)
				break;
			nb++;
			for (size_t i = 0; i < n; i++) {
				idx[i] = (uint32_t)i;
				npos += ec_ctr_data_labels(d)[i];
			}
			if (ec_ctr_fit_batch(m, d, idx, n, NULL, &ls, err, sizeof err) < 0)
				ec_die("epoch 1, batch %llu: %s; no model written",
				       (unsigned long long)nb, err);
			nex += n;
			if ((nb & 63) == 0)
				ec_progress(nex, (uint64_t)ec_reader_bytes(tr.r));
		}
		ec_progress_done();
		train_loss = nex ? ls / (double)nex : NAN;
		epochs_run = 1;
	} else {
		while (read_example(&a, &tr, m, d, 1, paths[0])) {
			if ((ec_ctr_data_size(d) & 0xffff) == 0)
				ec_progress(ec_ctr_data_size(d), (uint64_t)ec_reader_bytes(tr.r));
		}
		ec_progress_done();
		nex = ec_ctr_data_size(d);
		for (size_t i = 0; i < nex; i++)
			npos += ec_ctr_data_labels(d)[i];
		if (ec_ctr_prepare(m, d, err, sizeof err) < 0)
			ec_die("%s", err);
	}
	ec_reader_close(tr.r);
	if (nex == 0)
		ec_die("%s: no training examples", paths[0]);

	if (a.valid_path) {
		const char *vp[1] = { a.valid_path };
		va.r = open_reader(&a, vp, 1);
		resolve(&va, m, a.valid_path);
		vd = ec_ctr_data_new();
		if (!vd)
			ec_die("out of memory");
		while (read_example(&a, &va, m, vd, 0, a.valid_path))
			;
		ec_reader_close(va.r);
		free(va.col);
		if (ec_ctr_data_size(vd) == 0)
			ec_die("%s: no validation examples", a.valid_path);
	}

	json_t *summary = NULL;
	if (!streaming) {
		struct ec_rng rng;
		ec_rng_seed_stream(&rng, a.spec.seed, 2);
		uint32_t *order = malloc(nex * sizeof *order);
		double *pb = malloc(batch * sizeof *pb);
		double *ptr = malloc(nex * sizeof *ptr);
		uint8_t *ytr = malloc(nex);
		if (!order || !pb || !ptr || !ytr)
			ec_die("out of memory");
		long long bad = 0;
		for (long long ep = 1; ep <= a.epochs; ep++) {
			for (size_t i = 0; i < nex; i++)
				order[i] = (uint32_t)i;
			ec_rng_shuffle_u32(&rng, order, nex);
			double ls = 0, te = now_s(), last = te;
			for (size_t s = 0, nb = 1; s < nex; s += batch, nb++) {
				size_t n = nex - s < batch ? nex - s : batch;
				if (ec_ctr_fit_batch(m, d, order + s, n, pb, &ls, err, sizeof err) < 0) {
					ec_progress_done();
					ec_die("epoch %lld, batch %zu: %s; no model written", ep, nb, err);
				}
				for (size_t i = 0; i < n; i++) {
					ptr[s + i] = pb[i];
					ytr[s + i] = ec_ctr_data_labels(d)[order[s + i]];
				}
				double t = now_s();
				if (a.tty && !a.quiet && t - last > 0.5) {
					last = t;
					fprintf(stderr, "\r%s: epoch %lld/%lld, %zu/%zu, %.0f examples/s, "
					        "train logloss %.4f   ", ec_cli_prog(), ep, a.epochs, s + n, nex,
					        (double)(s + n) / (t - te), ls / (double)(s + n));
				}
			}
			double el = now_s() - te;
			train_loss = ls / (double)nex;
			double tauc = ec_ctr_auc(ptr, ytr, nex);
			epochs_run = ep;
			int improved = 1;
			if (vd) {
				last_valid = evaluate(m, vd, 1024);
				improved = !(best_epoch > 0) || last_valid.auc > best.auc;
			}
			if (a.tty && !a.quiet) {
				fprintf(stderr, "\r\033[K%s: epoch %lld: %.0f examples/s, train logloss %.4f "
				        "AUC %.4f", ec_cli_prog(), ep, (double)nex / el, train_loss, tauc);
				if (vd)
					fprintf(stderr, ", valid logloss %.4f AUC %.4f%s", last_valid.logloss,
					        last_valid.auc, improved ? "" : " (no better)");
				fputc('\n', stderr);
			}
			if (vd) {
				if (improved) {
					best = last_valid;
					best_epoch = ep;
					bad = 0;
					json_t *s = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o, s:o}", "model",
					                      ec_ctr_kind_name(a.spec.kind), "examples",
					                      (json_int_t)nex, "positives", (json_int_t)npos,
					                      "epoch", (json_int_t)ep, "train_logloss",
					                      num_or_null(train_loss), "valid_auc",
					                      num_or_null(best.auc), "valid_logloss",
					                      num_or_null(best.logloss));
					if (ec_ctr_save(m, tmp, s, err, sizeof err) < 0)
						ec_die("%s", err);
					json_decref(s);
					have_best = 1;
				} else if (++bad >= a.patience) {
					break;
				}
			}
		}
		free(order);
		free(pb);
		free(ptr);
		free(ytr);
	} else if (vd) {
		best = last_valid = evaluate(m, vd, 1024);
		best_epoch = 1;
	}
	if (!have_best) {
		summary = json_pack("{s:s, s:I, s:I, s:I, s:o}", "model", ec_ctr_kind_name(a.spec.kind),
		                    "examples", (json_int_t)nex, "positives", (json_int_t)npos, "epoch",
		                    (json_int_t)epochs_run, "train_logloss", num_or_null(train_loss));
		if (vd) {
			json_object_set_new(summary, "valid_auc", num_or_null(best.auc));
			json_object_set_new(summary, "valid_logloss", num_or_null(best.logloss));
		}
		if (ec_ctr_save(m, tmp, summary, err, sizeof err) < 0)
			ec_die("%s", err);
		json_decref(summary);
	}
	ec_rejects_close(&a.rej);
	/* the kept model to its place */
	if (to_stdout) {
		struct ec_output *o = ec_cli_output("-", EC_COMPRESS_NONE);
		FILE *f = fopen(tmp, "rb");
		if (!f)
			ec_die("%s: %s", tmp, strerror(errno));
		char buf[65536];
		size_t k;
		while ((k = fread(buf, 1, sizeof buf, f)) > 0)
			if (ec_output_write(o, buf, k) < 0)
				ec_die("%s", ec_output_error(o));
		fclose(f);
		ec_cli_commit(o);
		unlink(tmp);
	} else if (rename(tmp, a.out_path) < 0) {
		ec_die("%s: %s", a.out_path, strerror(errno));
	}
	if (!a.quiet) {
		fprintf(stderr, "%s: %s: %llu examples (%llu positive), %lld epoch%s", ec_cli_prog(),
		        ec_ctr_kind_name(a.spec.kind), (unsigned long long)nex,
		        (unsigned long long)npos, epochs_run, epochs_run == 1 ? "" : "s");
		if (vd)
			fprintf(stderr, ", valid AUC %.4f at epoch %lld", best.auc, best_epoch);
		if (a.rej.n)
			fprintf(stderr, ", %llu rejected", (unsigned long long)a.rej.n);
		fprintf(stderr, ", %.1f s\n", now_s() - t0);
	}
	ec_ctr_data_free(d);
	ec_ctr_data_free(vd);
	free(idx);
	free(tr.col);
	ec_ctr_free(m);
	return a.rej.n && !a.rejects_path && a.max_errors < 0 ? EC_EXIT_DATA : EC_EXIT_OK;
}
