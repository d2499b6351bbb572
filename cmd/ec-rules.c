/*
 * ec-rules: association rules from baskets (mine) and cross-sell guidance
 * with coupons for open baskets (guide).
 *
 * mine reads every basket into memory (ec_fpdb: 4 bytes per item
 * occurrence plus the item names), then hands them to FP-growth
 * (lib/ec_fpgrowth); its results follow arules::apriori's definitions so
 * that they can be checked against R. Three inputs: one basket per line as
 * a CSV list of items (the layout of the Groceries data), the baskets
 * table of `ec-features baskets`, or canonical events whose purchases are
 * grouped by order. The first is read here with a small RFC 4180 scanner
 * (its rows have any number of fields, which the table reader refuses);
 * the others through ec_record.
 *
 * guide matches each input basket against mined rules and business rules
 * (lib/ec_rules) and picks the coupon and add-on items with the coupon
 * knapsack there. Nothing here defines a measure or a rule semantics.
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_features.h"
#include "ec_fpgrowth.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_rules.h"
#include "ec_schema.h"
#include "ec_stream.h"
#include "ec_strmap.h"
#include "ec_time.h"

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
"usage: ec-rules mine  [-q] [-o FILE] [--format FMT] [--min-support X]\n"
"                      [--min-confidence X] [--min-lift X] [--max-len N]\n"
"                      [--no-empty-lhs] [--itemsets] [--rejects FILE] [FILE ...]\n"
"       ec-rules guide --rules FILE [-q] [-o FILE] [--business FILE]\n"
"                      [--catalog FILE] [--users FILE] [--coupons LIST] [--at TS]\n"
"                      [--top N] [FILE ...]\n"
"\n"
"mine: frequent itemsets and association rules X => {y} from baskets by\n"
"FP-growth, with the definitions of R's arules::apriori; JSONL out.\n"
"guide: for each basket, cross-sell suggestions from mined and business rules\n"
"and the coupon to offer with the cheapest add-on items that reach it.\n"
"\n"
"Options:\n"
"  -o, --output FILE        write to FILE atomically (.zst/.gz compresses)\n"
"      --format FMT         mine input: items (a CSV line of items per basket),\n"
"                           baskets (ec-features baskets), events (purchases\n"
"                           grouped by order) or auto (default: detected)\n"
"      --min-support X      least support of an itemset (default 0.1)\n"
"      --min-confidence X   least confidence of a rule (default 0.8)\n"
"      --min-lift X         least lift of a rule (default 0)\n"
"      --max-len N          most items in an itemset or rule (default 10)\n"
"      --no-empty-lhs       no rules {} => {y} (arules gives them)\n"
"      --itemsets           write the frequent itemsets instead of rules\n"
"      --rejects FILE       mine: write bad records there as JSONL and go on\n"
"      --rules FILE         guide: mined rules (ec-rules mine output)\n"
"      --business FILE      guide: business rules (JSON, see ec-rules(1))\n"
"      --catalog FILE       guide: item prices and categories (item,price,category)\n"
"      --users FILE         guide: profile tags by user (ec-features users)\n"
"      --coupons LIST       guide: THRESHOLD:DISCOUNT,... e.g. 5000:300,2000:100\n"
"      --at TS              guide: time for the rules' validity (default: now)\n"
"      --top N              guide: suggestions per basket (default 10)\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-rules(1) for the formats and the definitions.\n";

enum { SUB_MINE, SUB_GUIDE };
enum { FMT_AUTO, FMT_ITEMS, FMT_BASKETS, FMT_EVENTS };

enum {
	OPT_FORMAT = 256, OPT_MINSUP, OPT_MINCONF, OPT_MINLIFT, OPT_MAXLEN, OPT_NOEMPTY,
	OPT_ITEMSETS, OPT_REJECTS, OPT_RULES, OPT_BUSINESS, OPT_CATALOG, OPT_USERS, OPT_COUPONS,
	OPT_AT, OPT_TOP,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "format", required_argument, 0, OPT_FORMAT },
	{ "min-support", required_argument, 0, OPT_MINSUP },
	{ "min-confidence", required_argument, 0, OPT_MINCONF },
	{ "min-lift", required_argument, 0, OPT_MINLIFT },
	{ "max-len", required_argument, 0, OPT_MAXLEN },
	{ "no-empty-lhs", no_argument, 0, OPT_NOEMPTY },
	{ "itemsets", no_argument, 0, OPT_ITEMSETS },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "rules", required_argument, 0, OPT_RULES },
	{ "business", required_argument, 0, OPT_BUSINESS },
	{ "catalog", required_argument, 0, OPT_CATALOG },
	{ "users", required_argument, 0, OPT_USERS },
	{ "coupons", required_argument, 0, OPT_COUPONS },
	{ "at", required_argument, 0, OPT_AT },
	{ "top", required_argument, 0, OPT_TOP },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* Options of one subcommand only (bit 1 mine, 2 guide). */
static const struct { int opt; const char *name; unsigned subs; } scoped[] = {
	{ OPT_FORMAT, "--format", 1 }, { OPT_MINSUP, "--min-support", 1 },
	{ OPT_MINCONF, "--min-confidence", 1 }, { OPT_MINLIFT, "--min-lift", 1 },
	{ OPT_MAXLEN, "--max-len", 1 }, { OPT_NOEMPTY, "--no-empty-lhs", 1 },
	{ OPT_ITEMSETS, "--itemsets", 1 }, { OPT_REJECTS, "--rejects", 1 },
	{ OPT_RULES, "--rules", 2 }, { OPT_BUSINESS, "--business", 2 },
	{ OPT_CATALOG, "--catalog", 2 }, { OPT_USERS, "--users", 2 },
	{ OPT_COUPONS, "--coupons", 2 }, { OPT_AT, "--at", 2 }, { OPT_TOP, "--top", 2 },
};

#define MAX_COUPONS 64

struct app {
	int sub, quiet;
	const char *out_path, *rejects_path;
	int format;
	struct ec_fp_opts fo;
	int itemsets;
	const char *rules_path, *business_path, *catalog_path, *users_path;
	struct ec_coupon coupons[MAX_COUPONS];
	size_t ncoupons;
	int64_t at;
	size_t top;

	struct ec_output *out;
	struct ec_rejects rej;
	struct ec_buf line;
	uint64_t nread, nrows;
	char *spool;            /* temporary copy of stdin, removed at exit */
};

static char *spool_path;

static void remove_spool(void)
{
	if (spool_path)
		unlink(spool_path);
}

static void out_write(struct app *a, const struct ec_buf *b)
{
	if (ec_output_write(a->out, b->data, b->len) < 0)
		ec_die("%s", ec_output_error(a->out));
}

static void oom(void)
{
	ec_die("out of memory");
}

/* ---- rejects ---- */

/* ---- mine: input ---- */

/* Split s[0..n) on spaces into the fields of a basket (pointers into s). */
struct fields {
	const char **v;
	size_t *l;
	size_t n, cap;
};

static void fields_add(struct fields *f, const char *s, size_t n)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->v = realloc(f->v, f->cap * sizeof *f->v);
		f->l = realloc(f->l, f->cap * sizeof *f->l);
		if (!f->v || !f->l)
			oom();
	}
	f->v[f->n] = s;
	f->l[f->n++] = n;
}

static void split_spaces(struct fields *f, const char *s, size_t n)
{
	f->n = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i > b)
			fields_add(f, s + b, i - b);
	}
}

/*
 * The items format: each record a CSV row (RFC 4180) of any number of
 * items, read by ec_reader in its ragged mode, so quoting, line numbers,
 * UTF-8 checks and compression are the same as everywhere else. Blank
 * lines are skipped; an empty item or broken quoting is a bad record.
 */
static void read_items_file(struct app *a, struct ec_fpdb *db, const char *path)
{
	char err[1024];
	struct ec_reader_opts o;
	memset(&o, 0, sizeof o);
	o.format = EC_FORMAT_CSV;
	o.delim = ',';
	o.no_header = 1;
	o.ragged = 1;
	const char *const paths[1] = { path };
	struct ec_reader *r;
	if (ec_reader_open(&r, paths, 1, &o, err, sizeof err) < 0)
		ec_die("%s", err);
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if (k == EC_READ_BAD) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
			continue;
		}
		size_t j = 0;
		while (j < rec.nfields && rec.len[j])
			j++;
		if (j < rec.nfields) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, "empty item");
			continue;
		}
		if (ec_fpdb_add(db, rec.val, rec.len, rec.nfields) < 0)
			oom();
	}
	ec_reader_close(r);
}

static struct ec_reader *open_table(char **paths, size_t n)
{
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	char err[1024];
	struct ec_reader *r;
	if (ec_reader_open(&r, (const char *const *)paths, n, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	return r;
}

static void read_baskets_table(struct app *a, struct ec_fpdb *db, char **paths, size_t n)
{
	struct ec_reader *r = open_table(paths, n);
	struct fields f = { 0 };
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if (k == EC_READ_BAD) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
			continue;
		}
		int c = ec_reader_col(r, "items");
		if (c < 0)
			ec_die("%s: no 'items' column (the baskets table of ec-features)", rec.source);
		if ((size_t)c >= rec.nfields || !rec.val[c]) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, "missing items");
			continue;
		}
		split_spaces(&f, rec.val[c], rec.len[c]);
		if (ec_fpdb_add(db, f.v, f.l, f.n) < 0)
			oom();
	}
	ec_reader_close(r);
	free(f.v);
	free(f.l);
}

/* Purchases grouped by order (order-less ones by USER@TS, as ec-features
 * baskets does); other events are read, checked and skipped. */
static void read_events(struct app *a, struct ec_fpdb *db, char **paths, size_t n)
{
	struct ec_reader *r = open_table(paths, n);
	struct ec_strmap *orders = ec_strmap_new(sizeof(uint32_t));
	struct ec_buf arena = EC_BUF_INIT, key = EC_BUF_INIT;
	struct pair { uint32_t b; size_t off, len; } *pairs = NULL;
	size_t np = 0, cap = 0;
	int col[EC_EV_NCOLS];
	size_t resolved = 0;
	for (int c = 0; c < EC_EV_NCOLS; c++)
		col[c] = -1;
	if (!orders)
		oom();
	struct ec_record rec;
	char why[256];
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if (k == EC_READ_BAD) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(r));
			continue;
		}
		for (size_t i = resolved; i < ec_reader_ncols(r); i++) {
			int c = ec_ev_col(ec_reader_colname(r, i));
			if (c >= 0 && col[c] < 0)
				col[c] = (int)i;
		}
		resolved = ec_reader_ncols(r);
		const char *v[EC_EV_NCOLS];
		size_t l[EC_EV_NCOLS];
		for (int c = 0; c < EC_EV_NCOLS; c++) {
			int i = col[c];
			v[c] = i >= 0 && (size_t)i < rec.nfields ? rec.val[i] : NULL;
			l[c] = v[c] ? rec.len[i] : 0;
		}
		struct ec_event e;
		if (ec_event_parse(&e, v, l, why, sizeof why) < 0) {
			ec_rejects_add(&a->rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
			continue;
		}
		if (e.kind != EC_KIND_PURCHASE)
			continue;
		ec_buf_reset(&key);
		if (e.f[EC_EV_ORDER] && e.n[EC_EV_ORDER]) {
			if (ec_buf_add(&key, e.f[EC_EV_ORDER], e.n[EC_EV_ORDER]) < 0)
				oom();
		} else {
			char ts[EC_TIME_LEN];
			ec_time_format(e.ts, ts);
			if (ec_buf_add(&key, e.f[EC_EV_USER], e.n[EC_EV_USER]) < 0 ||
			    ec_buf_addf(&key, "@%s", ts) < 0)
				oom();
		}
		int isnew;
		uint32_t *bi = ec_strmap_put(orders, key.data, key.len, &isnew);
		if (!bi)
			oom();
		if (isnew)
			*bi = (uint32_t)(ec_strmap_size(orders) - 1);
		if (np == cap) {
			cap = cap ? 2 * cap : 1024;
			pairs = realloc(pairs, cap * sizeof *pairs);
			if (!pairs)
				oom();
		}
		pairs[np].b = *bi;
		pairs[np].off = arena.len;
		pairs[np].len = e.n[EC_EV_ITEM];
		np++;
		if (ec_buf_add(&arena, e.f[EC_EV_ITEM], e.n[EC_EV_ITEM]) < 0)
			oom();
	}
	/* counting sort of the (basket, item) pairs by basket */
	size_t nb = ec_strmap_size(orders);
	size_t *start = calloc(nb + 1, sizeof *start);
	size_t *ord = malloc((np + 1) * sizeof *ord);
	if (!start || !ord)
		oom();
	for (size_t i = 0; i < np; i++)
		start[pairs[i].b + 1]++;
	for (size_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	for (size_t i = 0; i < np; i++)
		ord[start[pairs[i].b]++] = i;
	struct fields f = { 0 };
	size_t j = 0;
	for (size_t b = 0; b < nb; b++) {
		f.n = 0;
		while (j < np && pairs[ord[j]].b == b) {
			fields_add(&f, arena.data + pairs[ord[j]].off, pairs[ord[j]].len);
			j++;
		}
		if (ec_fpdb_add(db, f.v, f.l, f.n) < 0)
			oom();
	}
	free(start);
	free(ord);
	free(pairs);
	free(f.v);
	free(f.l);
	ec_buf_free(&arena);
	ec_buf_free(&key);
	ec_strmap_free(orders);
	ec_reader_close(r);
}

/* Copy standard input to a temporary file, so its format can be sniffed
 * and it can then be read by whichever reader fits. */
static char *spool_stdin(void)
{
	const char *dir = getenv("TMPDIR");
	struct ec_buf p = EC_BUF_INIT;
	if (ec_buf_addf(&p, "%s/ec-rules.XXXXXX", dir && *dir ? dir : "/tmp") < 0)
		oom();
	int fd = mkstemp(p.data);
	if (fd < 0)
		ec_die("%s: %s", p.data, strerror(errno));
	spool_path = p.data;
	atexit(remove_spool);
	ec_cli_temp(spool_path); /* also on ec_die and signals */
	FILE *f = fdopen(fd, "wb");
	static char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			ec_die("%s: %s", p.data, strerror(errno));
	if (ferror(stdin))
		ec_die("stdin: read error");
	if (fclose(f) != 0)
		ec_die("%s: %s", p.data, strerror(errno));
	return p.data;
}

/* items, baskets or events from the first line of the first member. */
static int sniff(const char *path)
{
	char err[1024];
	struct ec_input *in;
	if (ec_input_open(&in, path, err, sizeof err) < 0)
		ec_die("%s", err);
	int k = ec_input_next_member(in);
	if (k < 0)
		ec_die("%s", ec_input_error(in));
	static char buf[1 << 16];
	size_t n = 0;
	ssize_t got;
	while (k == 1 && n < sizeof buf - 1 && (got = ec_input_read(in, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)got;
	buf[n] = '\0';
	ec_input_close(in);
	char *p = buf;
	if (!strncmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	char *nl = strchr(p, '\n');
	if (nl)
		*nl = '\0';
	if (*p == '{')
		return strstr(p, "\"items\"") ? FMT_BASKETS : FMT_EVENTS;
	/* a header row naming the columns of a table */
	int has_items = 0, has_event = 0;
	for (char *s = p; *s;) {
		size_t l = strcspn(s, ",\t;|\r");
		if (l == 5 && !strncmp(s, "items", 5))
			has_items = 1;
		if (l == 5 && !strncmp(s, "event", 5))
			has_event = 1;
		s += l;
		if (*s)
			s++;
	}
	return has_items ? FMT_BASKETS : has_event ? FMT_EVENTS : FMT_ITEMS;
}

/* ---- mine: output ---- */

static void add_num(struct ec_buf *b, double v)
{
	if (ec_buf_addf(b, "%.6g", v) < 0)
		oom();
}

static void add_items(struct ec_buf *b, const struct ec_fpdb *db, const uint32_t *it, size_t n,
                      uint32_t skip)
{
	int comma = 0;
	if (ec_buf_addc(b, '[') < 0)
		oom();
	for (size_t i = 0; i < n; i++) {
		if (it[i] == skip)
			continue;
		size_t l;
		const char *s = ec_fpdb_item(db, it[i], &l);
		if ((comma && ec_buf_addc(b, ',') < 0) || ec_json_quote(b, s, l) < 0)
			oom();
		comma = 1;
	}
	if (ec_buf_addc(b, ']') < 0)
		oom();
}

static void run_mine(struct app *a, char **paths, size_t npaths)
{
	char *stdin_path[1] = { "-" };
	if (!npaths) {
		paths = stdin_path;
		npaths = 1;
	}
	int fmt = a->format;
	for (size_t i = 0; i < npaths; i++)
		if (!strcmp(paths[i], "-") && fmt == FMT_AUTO)
			paths[i] = spool_stdin();
	if (fmt == FMT_AUTO)
		fmt = sniff(paths[0]);
	struct ec_fpdb *db = ec_fpdb_new();
	if (!db)
		oom();
	ec_rejects_open(&a->rej, a->rejects_path, -1);
	if (fmt == FMT_ITEMS)
		for (size_t i = 0; i < npaths; i++)
			read_items_file(a, db, paths[i]);
	else if (fmt == FMT_BASKETS)
		read_baskets_table(a, db, paths, npaths);
	else
		read_events(a, db, paths, npaths);
	ec_progress_done();

	struct ec_fp_result res;
	a->fo.rules = !a->itemsets;
	if (ec_fp_mine(db, &a->fo, &res) < 0)
		oom();
	a->out = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct ec_buf *b = &a->line;
	if (a->itemsets) {
		for (size_t i = 0; i < res.nsets; i++) {
			const struct ec_fp_set *s = &res.sets[i];
			ec_buf_reset(b);
			if (ec_buf_adds(b, "{\"items\":") < 0)
				oom();
			add_items(b, db, res.items + s->off, s->len, UINT32_MAX);
			if (ec_buf_adds(b, ",\"support\":") < 0)
				oom();
			add_num(b, (double)s->count / (double)res.n);
			if (ec_buf_addf(b, ",\"count\":%llu}\n", (unsigned long long)s->count) < 0)
				oom();
			out_write(a, b);
		}
		a->nrows = res.nsets;
	} else {
		for (size_t i = 0; i < res.nrules; i++) {
			const struct ec_fp_rule *u = &res.rules[i];
			const struct ec_fp_set *s = &res.sets[u->set];
			ec_buf_reset(b);
			if (ec_buf_adds(b, "{\"lhs\":") < 0)
				oom();
			add_items(b, db, res.items + s->off, s->len, u->rhs);
			if (ec_buf_adds(b, ",\"rhs\":") < 0)
				oom();
			add_items(b, db, &u->rhs, 1, UINT32_MAX);
			if (ec_buf_adds(b, ",\"support\":") < 0)
				oom();
			add_num(b, u->support);
			if (ec_buf_adds(b, ",\"confidence\":") < 0)
				oom();
			add_num(b, u->confidence);
			if (ec_buf_adds(b, ",\"lift\":") < 0)
				oom();
			add_num(b, u->lift);
			if (ec_buf_adds(b, ",\"conviction\":") < 0)
				oom();
			if (isinf(u->conviction)) {
				if (ec_buf_adds(b, "null") < 0)
					oom();
			} else {
				add_num(b, u->conviction);
			}
			if (ec_buf_adds(b, ",\"leverage\":") < 0)
				oom();
			add_num(b, u->leverage);
			if (ec_buf_addf(b, ",\"count\":%llu}\n", (unsigned long long)u->count) < 0)
				oom();
			out_write(a, b);
		}
		a->nrows = res.nrules;
	}
	ec_cli_commit(a->out);
	ec_rejects_close(&a->rej);
	if (!a->quiet) {
		fprintf(stderr, "ec-rules: mine: %llu records read, %llu rejected, %zu baskets, %zu items, "
		        "min count %llu, %zu itemsets",
		        (unsigned long long)a->nread, (unsigned long long)a->rej.n,
		        ec_fpdb_baskets(db), ec_fpdb_items(db), (unsigned long long)res.min_count,
		        res.nsets);
		if (!a->itemsets)
			fprintf(stderr, ", %zu rules", res.nrules);
		fputc('\n', stderr);
	}
	ec_fp_result_free(&res);
	ec_fpdb_free(db);
}

/* ---- guide ---- */

/* A list of strings with optional price and quantity, owned. */
struct slist {
	struct ec_buf a;
	size_t *off;
	const char **v;
	double *price, *qty;
	size_t n, cap;
};

static void slist_reset(struct slist *s)
{
	ec_buf_reset(&s->a);
	s->n = 0;
}

static void slist_add(struct slist *s, const char *x, size_t n, double price, double qty)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->off = realloc(s->off, s->cap * sizeof *s->off);
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		s->price = realloc(s->price, s->cap * sizeof *s->price);
		s->qty = realloc(s->qty, s->cap * sizeof *s->qty);
		if (!s->off || !s->v || !s->price || !s->qty)
			oom();
	}
	/* duplicates add up their quantity */
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->a.data + s->off[i]) == n && !memcmp(s->a.data + s->off[i], x, n)) {
			s->qty[i] += qty;
			return;
		}
	s->off[s->n] = s->a.len;
	s->price[s->n] = price;
	s->qty[s->n++] = qty;
	if (ec_buf_add(&s->a, x, n) < 0 || ec_buf_addc(&s->a, '\0') < 0)
		oom();
}

static void slist_seal(struct slist *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->v[i] = s->a.data + s->off[i];
}

static void slist_free(struct slist *s)
{
	ec_buf_free(&s->a);
	free(s->off);
	free(s->v);
	free(s->price);
	free(s->qty);
}

/* A list value: space-separated words, or a JSON array of strings or of
 * objects {"item", "price", "qty"}. NULL with a reason on error. */
static const char *parse_list(struct slist *s, const char *v, size_t n)
{
	slist_reset(s);
	if (!v)
		return NULL;
	if (n && v[0] == '[') {
		json_error_t je;
		json_t *j = json_loadb(v, n, 0, &je);
		if (!j || !json_is_array(j)) {
			json_decref(j);
			return "not a JSON list";
		}
		for (size_t i = 0; i < json_array_size(j); i++) {
			json_t *e = json_array_get(j, i);
			double price = NAN, qty = 1;
			const char *item;
			if (json_is_string(e)) {
				item = json_string_value(e);
			} else if (json_is_object(e) && json_is_string(json_object_get(e, "item"))) {
				item = json_string_value(json_object_get(e, "item"));
				json_t *p = json_object_get(e, "price"), *q = json_object_get(e, "qty");
				if (p && (!json_is_number(p) || json_number_value(p) < 0 ||
				          json_number_value(p) > EC_MONEY_MAX)) {
					json_decref(j);
					return "price is not a number in [0, 1e12]";
				}
				if (q && (!json_is_number(q) || json_number_value(q) <= 0 ||
				          json_number_value(q) > 1e6)) {
					json_decref(j);
					return "qty is not a number in (0, 1e6]";
				}
				if (p)
					price = json_number_value(p);
				if (q)
					qty = json_number_value(q);
			} else {
				json_decref(j);
				return "list element is not a string or an object with \"item\"";
			}
			if (!*item) {
				json_decref(j);
				return "empty item";
			}
			slist_add(s, item, strlen(item), price, qty);
		}
		json_decref(j);
	} else {
		size_t i = 0;
		while (i < n) {
			while (i < n && v[i] == ' ')
				i++;
			size_t b = i;
			while (i < n && v[i] != ' ')
				i++;
			if (i > b)
				slist_add(s, v + b, i - b, NAN, 1);
		}
	}
	slist_seal(s);
	return NULL;
}

struct catitem {
	double price;
	size_t cat;        /* offset in cats + 1, 0: none */
};

struct guide {
	struct ec_ruleset *rs;
	struct ec_brules br;
	struct ec_strmap *catalog;  /* item -> struct catitem */
	struct ec_buf cats;
	struct ec_strmap *seen;     /* item -> price in the latest basket line that gave one */
	struct ec_strmap *users;    /* user -> offset in utags */
	struct ec_buf utags;
	/* per basket */
	struct sugg { size_t item; double score; size_t reason; } *sg;   /* offsets in sbuf */
	size_t nsg, capsg;
	struct ec_buf sbuf;
	const char *const *basket;
	size_t nbasket;
};

static const struct catitem *cat_get(const struct guide *g, const char *item)
{
	return g->catalog ? ec_strmap_get(g->catalog, item, strlen(item)) : NULL;
}

static void load_catalog(struct guide *g, const char *path)
{
	char *paths[1] = { (char *)path };
	struct ec_reader *r = open_table(paths, 1);
	int ci = ec_reader_col(r, "item"), cp = ec_reader_col(r, "price");
	int cc = ec_reader_col(r, "category");
	/* JSONL names its columns record by record: look again after each */
	int jsonl = ec_reader_format(r) == EC_FORMAT_JSONL;
	if (!jsonl && (ci < 0 || cp < 0))
		ec_die("%s: needs 'item' and 'price' columns", path);
	g->catalog = ec_strmap_new(sizeof(struct catitem));
	if (!g->catalog)
		oom();
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k != EC_READ_OK)
			ec_die("%s:%ld: %s", rec.source ? rec.source : path, rec.line, ec_reader_error(r));
		if (jsonl) {
			ci = ec_reader_col(r, "item");
			cp = ec_reader_col(r, "price");
			cc = ec_reader_col(r, "category");
		}
		if (ci < 0 || (size_t)ci >= rec.nfields || !rec.val[ci] || !rec.len[ci])
			ec_die("%s:%ld: missing item", rec.source, rec.line);
		double price = NAN;
		if (cp >= 0 && (size_t)cp < rec.nfields && rec.val[cp] && rec.len[cp] &&
		    (ec_num_parse(rec.val[cp], rec.len[cp], &price) < 0 || price < 0 ||
		     price > EC_MONEY_MAX))
			ec_die("%s:%ld: price '%s' is not a number in [0, %g]", rec.source, rec.line,
			       rec.val[cp], EC_MONEY_MAX);
		struct catitem *c = ec_strmap_put(g->catalog, rec.val[ci], rec.len[ci], NULL);
		if (!c)
			oom();
		c->price = price;
		c->cat = 0;
		if (cc >= 0 && (size_t)cc < rec.nfields && rec.val[cc] && rec.len[cc]) {
			c->cat = g->cats.len + 1;
			if (ec_buf_add(&g->cats, rec.val[cc], rec.len[cc] + 1) < 0)
				oom();
		}
	}
	ec_reader_close(r);
}

static const char *cat_name(const struct guide *g, const struct catitem *c)
{
	return c && c->cat ? g->cats.data + c->cat - 1 : NULL;
}

static void load_users(struct guide *g, const char *path)
{
	char *paths[1] = { (char *)path };
	struct ec_reader *r = open_table(paths, 1);
	int cu = ec_reader_col(r, "user"), ct = ec_reader_col(r, "tags");
	int jsonl = ec_reader_format(r) == EC_FORMAT_JSONL;
	if (!jsonl && (cu < 0 || ct < 0))
		ec_die("%s: needs 'user' and 'tags' columns (ec-features users)", path);
	g->users = ec_strmap_new(sizeof(size_t));
	if (!g->users)
		oom();
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k != EC_READ_OK)
			ec_die("%s:%ld: %s", rec.source ? rec.source : path, rec.line, ec_reader_error(r));
		if (jsonl) {
			cu = ec_reader_col(r, "user");
			ct = ec_reader_col(r, "tags");
		}
		if (cu < 0 || (size_t)cu >= rec.nfields || !rec.val[cu])
			ec_die("%s:%ld: missing user", rec.source, rec.line);
		size_t *o = ec_strmap_put(g->users, rec.val[cu], rec.len[cu], NULL);
		if (!o)
			oom();
		*o = g->utags.len;
		/* a profile without tags (JSONL leaves the key out) has none */
		const char *t = ct >= 0 && (size_t)ct < rec.nfields && rec.val[ct] ? rec.val[ct] : "";
		if (ec_buf_add(&g->utags, t, strlen(t) + 1) < 0)
			oom();
	}
	ec_reader_close(r);
}

/* A JSON list of strings into s; -1 when it is not one. */
static int json_strings(const char *v, size_t n, struct slist *s)
{
	slist_reset(s);
	if (!v || !n || v[0] != '[')
		return -1;
	json_error_t je;
	json_t *j = json_loadb(v, n, 0, &je);
	if (!j || !json_is_array(j)) {
		json_decref(j);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(j); i++) {
		json_t *e = json_array_get(j, i);
		if (!json_is_string(e)) {
			json_decref(j);
			return -1;
		}
		slist_add(s, json_string_value(e), json_string_length(e), NAN, 1);
	}
	json_decref(j);
	slist_seal(s);
	return 0;
}

static void load_mined(struct guide *g, const char *path)
{
	char *paths[1] = { (char *)path };
	struct ec_reader *r = open_table(paths, 1);
	g->rs = ec_ruleset_new();
	if (!g->rs)
		oom();
	struct slist lhs = { 0 }, rhs = { 0 };
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k != EC_READ_OK)
			ec_die("%s:%ld: %s", rec.source ? rec.source : path, rec.line, ec_reader_error(r));
		int cl = ec_reader_col(r, "lhs"), cr = ec_reader_col(r, "rhs");
		int cc = ec_reader_col(r, "confidence"), cf = ec_reader_col(r, "lift");
		if (cl < 0 || cr < 0 || cc < 0 || cf < 0)
			ec_die("%s:%ld: not a rule of ec-rules mine (lhs, rhs, confidence, lift)",
			       rec.source, rec.line);
		double conf, lift;
#define VAL(c) ((size_t)(c) < rec.nfields ? rec.val[c] : NULL)
#define LEN(c) ((size_t)(c) < rec.nfields ? rec.len[c] : 0)
		if (json_strings(VAL(cl), LEN(cl), &lhs) < 0)
			ec_die("%s:%ld: \"lhs\" is not a JSON list of strings", rec.source, rec.line);
		if (json_strings(VAL(cr), LEN(cr), &rhs) < 0 || rhs.n != 1)
			ec_die("%s:%ld: \"rhs\" is not a JSON list of one string", rec.source, rec.line);
		if (!VAL(cc) || ec_num_parse(VAL(cc), LEN(cc), &conf) < 0)
			ec_die("%s:%ld: \"confidence\" is not a number", rec.source, rec.line);
		if (!VAL(cf) || ec_num_parse(VAL(cf), LEN(cf), &lift) < 0)
			ec_die("%s:%ld: \"lift\" is not a number", rec.source, rec.line);
#undef VAL
#undef LEN
		if (ec_ruleset_add(g->rs, lhs.v, lhs.n, rhs.v[0], conf, lift) < 0)
			oom();
	}
	slist_free(&lhs);
	slist_free(&rhs);
	ec_reader_close(r);
}

/* Suggest item with score and reason; an item keeps its best score. */
static void suggest(struct guide *g, const char *item, double score, const char *reason)
{
	for (size_t i = 0; i < g->nbasket; i++)
		if (!strcmp(g->basket[i], item))
			return;
	for (size_t i = 0; i < g->nsg; i++)
		if (!strcmp(g->sbuf.data + g->sg[i].item, item)) {
			if (score > g->sg[i].score) {
				g->sg[i].score = score;
				g->sg[i].reason = g->sbuf.len;
				if (ec_buf_add(&g->sbuf, reason, strlen(reason) + 1) < 0)
					oom();
			}
			return;
		}
	if (g->nsg == g->capsg) {
		g->capsg = g->capsg ? 2 * g->capsg : 32;
		g->sg = realloc(g->sg, g->capsg * sizeof *g->sg);
		if (!g->sg)
			oom();
	}
	struct sugg *s = &g->sg[g->nsg++];
	s->score = score;
	s->item = g->sbuf.len;
	if (ec_buf_add(&g->sbuf, item, strlen(item) + 1) < 0)
		oom();
	s->reason = g->sbuf.len;
	if (ec_buf_add(&g->sbuf, reason, strlen(reason) + 1) < 0)
		oom();
}

static int on_mined(void *ctx, size_t i)
{
	struct guide *g = ctx;
	struct ec_ruleset_rule r;
	ec_ruleset_get(g->rs, i, &r);
	struct ec_buf why = EC_BUF_INIT;
	if (ec_buf_addc(&why, '{') < 0)
		oom();
	for (size_t k = 0; k < r.nl; k++)
		if ((k && ec_buf_addc(&why, ',') < 0) || ec_buf_adds(&why, r.lhs[k]) < 0)
			oom();
	if (ec_buf_addf(&why, "} => {%s}", r.rhs) < 0)
		oom();
	suggest(g, r.rhs, r.confidence, why.data);
	ec_buf_free(&why);
	return 0;
}

static const struct ec_buf *sort_sbuf;

static int sugg_cmp(const void *x, const void *y)
{
	const struct sugg *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(sort_sbuf->data + a->item, sort_sbuf->data + b->item);
}

static void add_real(struct ec_buf *b, double v)
{
	char s[EC_NUM_LEN];
	int n = ec_real_format(v, s);
	if (ec_buf_add(b, s, (size_t)n) < 0)
		oom();
}

static void run_guide(struct app *a, char **paths, size_t npaths)
{
	struct guide g;
	memset(&g, 0, sizeof g);
	char err[1024];
	char *stdin_path[1] = { "-" };
	if (!npaths) {
		paths = stdin_path;
		npaths = 1;
	}
	load_mined(&g, a->rules_path);
	if (a->business_path && ec_brules_load(&g.br, a->business_path, err, sizeof err) < 0)
		ec_die("%s", err);
	if (a->catalog_path)
		load_catalog(&g, a->catalog_path);
	if (a->users_path)
		load_users(&g, a->users_path);

	if (!(g.seen = ec_strmap_new(sizeof(double))))
		oom();
	struct ec_reader *r = open_table(paths, npaths);
	a->out = ec_cli_output(a->out_path, EC_COMPRESS_AUTO);
	struct slist items = { 0 }, viewed = { 0 }, bought = { 0 }, tags = { 0 }, cats = { 0 };
	size_t *matched = malloc((g.br.n + 1) * sizeof *matched);
	struct ec_buf *b = &a->line;
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		a->nread++;
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		int cu = ec_reader_col(r, "user"), ci = ec_reader_col(r, "items");
		int co = ec_reader_col(r, "order");
		if (co < 0)
			co = ec_reader_col(r, "basket");
		if (ci < 0)
			ec_die("%s:%ld: no 'items' column", rec.source, rec.line);
#define VAL(c) ((c) >= 0 && (size_t)(c) < rec.nfields ? rec.val[c] : NULL)
#define LEN(c) ((c) >= 0 && (size_t)(c) < rec.nfields ? rec.len[c] : 0)
		const char *why;
		static const char *const lname[4] = { "items", "viewed", "bought", "tags" };
		struct slist *lists[4] = { &items, &viewed, &bought, &tags };
		for (int li = 0; li < 4; li++) {
			int c = ec_reader_col(r, lname[li]);
			if ((why = parse_list(lists[li], VAL(c), LEN(c))))
				ec_die("%s:%ld: \"%s\": %s", rec.source, rec.line, lname[li], why);
		}
		const char *user = VAL(cu);
		if (user && g.users) {
			size_t *o = ec_strmap_get(g.users, user, LEN(cu));
			if (o) {
				const char *t = g.utags.data + *o;
				/* append the profile's tags to the row's */
				struct slist more = { 0 };
				parse_list(&more, t, strlen(t));
				for (size_t i = 0; i < more.n; i++)
					slist_add(&tags, more.v[i], strlen(more.v[i]), NAN, 1);
				slist_seal(&tags);
				slist_free(&more);
			}
		}
		/* prices and total; remember the line prices for later add-ons */
		for (size_t i = 0; i < items.n; i++) {
			if (isnan(items.price[i]))
				continue;
			double *sp = ec_strmap_put(g.seen, items.v[i], strlen(items.v[i]), NULL);
			if (!sp)
				oom();
			*sp = items.price[i];
		}
		double total = 0;
		slist_reset(&cats);
		for (size_t i = 0; i < items.n; i++) {
			const struct catitem *c = cat_get(&g, items.v[i]);
			double p = items.price[i];
			if (isnan(p) && c)
				p = c->price;
			if (isnan(p)) {
				if (a->ncoupons || g.br.n)
					ec_die("%s:%ld: item '%s' has no price (none in the line nor in "
					       "--catalog)", rec.source, rec.line, items.v[i]);
				continue;
			}
			total += p * items.qty[i];
			if (total > EC_MONEY_MAX)
				ec_die("%s:%ld: basket total above %g", rec.source, rec.line, EC_MONEY_MAX);
			const char *cn = cat_name(&g, c);
			if (cn)
				slist_add(&cats, cn, strlen(cn), NAN, 1);
		}
		slist_seal(&cats);
		/* suggestions */
		g.nsg = 0;
		ec_buf_reset(&g.sbuf);
		g.basket = items.v;
		g.nbasket = items.n;
		if (ec_ruleset_match(g.rs, items.v, items.n, on_mined, &g) < 0)
			oom();
		struct ec_bctx ctx = {
			items.v, items.n, cats.v, cats.n, bought.v, bought.n, viewed.v, viewed.n,
			tags.v, tags.n, total, a->at,
		};
		size_t nm = 0;
		for (size_t i = 0; i < g.br.n; i++)
			if (ec_brule_matches(&g.br.r[i], &ctx))
				matched[nm++] = i;
		for (size_t m = 0; m < nm; m++) {
			const struct ec_brule *br = &g.br.r[matched[m]];
			char reason[300];
			snprintf(reason, sizeof reason, "rule %s", br->id);
			for (size_t i = 0; i < br->recommend.n; i++)
				suggest(&g, br->recommend.v[i], br->score, reason);
		}
		for (size_t m = 0; m < nm; m++) {
			const struct ec_brule *br = &g.br.r[matched[m]];
			if (isnan(br->boost))
				continue;
			for (size_t i = 0; i < g.nsg; i++) {
				const char *it = g.sbuf.data + g.sg[i].item;
				const char *cn = cat_name(&g, cat_get(&g, it));
				int hit = 0;
				for (size_t j = 0; j < br->boost_items.n && !hit; j++)
					hit = !strcmp(br->boost_items.v[j], it);
				for (size_t j = 0; j < br->boost_categories.n && cn && !hit; j++)
					hit = !strcmp(br->boost_categories.v[j], cn);
				if (hit)
					g.sg[i].score *= br->boost;
			}
		}
		sort_sbuf = &g.sbuf;
		if (g.nsg)
			qsort(g.sg, g.nsg, sizeof *g.sg, sugg_cmp);
		if (g.nsg > a->top)
			g.nsg = a->top;
		/* coupons: the global ones and those of matching rules */
		struct ec_coupon cp[2 * MAX_COUPONS];
		size_t ncp = a->ncoupons;
		memcpy(cp, a->coupons, ncp * sizeof *cp);
		const char *channel = NULL;
		for (size_t m = 0; m < nm; m++) {
			const struct ec_brule *br = &g.br.r[matched[m]];
			if (br->has_coupon && ncp < 2 * MAX_COUPONS)
				cp[ncp++] = br->coupon;
			if (br->channel && !channel)
				channel = br->channel;
		}
		double cprice[EC_COUPON_MAX_CANDIDATES];
		size_t cidx[EC_COUPON_MAX_CANDIDATES], ncand = 0;
		for (size_t i = 0; i < g.nsg && ncand < EC_COUPON_MAX_CANDIDATES; i++) {
			const char *it = g.sbuf.data + g.sg[i].item;
			const struct catitem *c = cat_get(&g, it);
			const double *sp = ec_strmap_get(g.seen, it, strlen(it));
			double p = c && !isnan(c->price) ? c->price : sp ? *sp : NAN;
			if (p > 0) {
				cprice[ncand] = p;
				cidx[ncand++] = i;
			}
		}
		size_t add[EC_COUPON_MAX_CANDIDATES], nadd = 0;
		double extra = 0;
		int chosen = ncp ? ec_coupon_plan(cp, ncp, total, cprice, ncand, add, &nadd, &extra)
		                 : -1;
		if (chosen == -2)
			oom();
		/* the line */
		ec_buf_reset(b);
		if (ec_buf_adds(b, "{\"user\":") < 0)
			oom();
		if (user ? ec_json_quote(b, user, LEN(cu)) < 0 : ec_buf_adds(b, "null") < 0)
			oom();
		if (VAL(co) && (ec_buf_adds(b, ",\"basket\":") < 0 ||
		                ec_json_quote(b, VAL(co), LEN(co)) < 0))
			oom();
		if (ec_buf_adds(b, ",\"basket_total\":") < 0)
			oom();
		add_real(b, total);
		if (ec_buf_adds(b, ",\"suggestions\":[") < 0)
			oom();
		for (size_t i = 0; i < g.nsg; i++) {
			const char *it = g.sbuf.data + g.sg[i].item;
			const char *rs = g.sbuf.data + g.sg[i].reason;
			if ((i && ec_buf_addc(b, ',') < 0) || ec_buf_adds(b, "{\"item\":") < 0 ||
			    ec_json_quote(b, it, strlen(it)) < 0 || ec_buf_adds(b, ",\"reason\":") < 0 ||
			    ec_json_quote(b, rs, strlen(rs)) < 0 ||
			    ec_buf_addf(b, ",\"score\":%.6g}", g.sg[i].score) < 0)
				oom();
		}
		if (ec_buf_adds(b, "],\"coupon\":") < 0)
			oom();
		if (chosen < 0) {
			if (ec_buf_adds(b, "null") < 0)
				oom();
		} else {
			if (ec_buf_adds(b, "{\"threshold\":") < 0)
				oom();
			add_real(b, cp[chosen].threshold);
			if (ec_buf_adds(b, ",\"discount\":") < 0)
				oom();
			add_real(b, cp[chosen].discount);
			if (ec_buf_adds(b, ",\"add_items\":[") < 0)
				oom();
			for (size_t i = 0; i < nadd; i++) {
				const char *it = g.sbuf.data + g.sg[cidx[add[i]]].item;
				if ((i && ec_buf_addc(b, ',') < 0) || ec_json_quote(b, it, strlen(it)) < 0)
					oom();
			}
			if (ec_buf_adds(b, "],\"extra_spend\":") < 0)
				oom();
			add_real(b, extra);
			if (ec_buf_addc(b, '}') < 0)
				oom();
		}
		if (ec_buf_addf(b, ",\"channel\":\"%s\"}\n", channel ? channel : EC_CHANNEL_DEFAULT) < 0)
			oom();
#undef VAL
#undef LEN
		out_write(a, b);
		a->nrows++;
	}
	ec_cli_commit(a->out);
	if (!a->quiet)
		fprintf(stderr, "ec-rules: guide: %llu baskets read, %zu mined rules, %zu business "
		        "rules, %llu lines written\n", (unsigned long long)a->nread,
		        ec_ruleset_size(g.rs), g.br.n, (unsigned long long)a->nrows);
	ec_reader_close(r);
	free(matched);
	slist_free(&items);
	slist_free(&viewed);
	slist_free(&bought);
	slist_free(&tags);
	slist_free(&cats);
	ec_ruleset_free(g.rs);
	ec_brules_free(&g.br);
	ec_strmap_free(g.catalog);
	ec_strmap_free(g.users);
	ec_strmap_free(g.seen);
	ec_buf_free(&g.cats);
	ec_buf_free(&g.utags);
	ec_buf_free(&g.sbuf);
	free(g.sg);
}

/* ---- main ---- */

int main(int argc, char **argv)
{
	struct app a;
	memset(&a, 0, sizeof a);
	ec_cli_init(argv[0]);
	if (argc < 2)
		ec_usage_error("no subcommand (mine, guide)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		ec_cli_version();
	if (!strcmp(argv[1], "mine"))
		a.sub = SUB_MINE;
	else if (!strcmp(argv[1], "guide"))
		a.sub = SUB_GUIDE;
	else
		ec_usage_error("'%s' is not a subcommand (mine, guide)", argv[1]);
	a.fo.min_support = 0.1;
	a.fo.min_confidence = 0.8;
	a.fo.min_lift = 0;
	a.fo.max_len = 10;
	a.top = 10;
	a.at = (int64_t)time(NULL);
	unsigned given = 0;
	argv[1] = argv[0];
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "o:qhV", longopts, NULL)) != -1) {
		if (ch >= OPT_FORMAT)
			given |= 1u << (ch - OPT_FORMAT);
		switch (ch) {
		case 'o': a.out_path = optarg; break;
		case 'q': a.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_FORMAT:
			if (!strcmp(optarg, "items"))
				a.format = FMT_ITEMS;
			else if (!strcmp(optarg, "baskets"))
				a.format = FMT_BASKETS;
			else if (!strcmp(optarg, "events"))
				a.format = FMT_EVENTS;
			else if (!strcmp(optarg, "auto"))
				a.format = FMT_AUTO;
			else
				ec_usage_error("--format: '%s' is not items, baskets, events or auto",
				               optarg);
			break;
		case OPT_MINSUP:
			a.fo.min_support = ec_opt_double("--min-support", optarg, 1e-12, 1);
			break;
		case OPT_MINCONF:
			a.fo.min_confidence = ec_opt_double("--min-confidence", optarg, 0, 1);
			break;
		case OPT_MINLIFT: a.fo.min_lift = ec_opt_double("--min-lift", optarg, 0, 1e300); break;
		case OPT_MAXLEN: a.fo.max_len = (size_t)ec_opt_int("--max-len", optarg, 1, 1000); break;
		case OPT_NOEMPTY: a.fo.min_lhs = 1; break;
		case OPT_ITEMSETS: a.itemsets = 1; break;
		case OPT_REJECTS: a.rejects_path = optarg; break;
		case OPT_RULES: a.rules_path = optarg; break;
		case OPT_BUSINESS: a.business_path = optarg; break;
		case OPT_CATALOG: a.catalog_path = optarg; break;
		case OPT_USERS: a.users_path = optarg; break;
		case OPT_COUPONS: {
			char err[256];
			if (ec_coupons_parse(optarg, a.coupons, MAX_COUPONS, &a.ncoupons, err,
			                     sizeof err) < 0)
				ec_usage_error("--coupons: %s", err);
			break;
		}
		case OPT_AT: {
			const char *why;
			if (ec_time_parse(optarg, strlen(optarg), NULL, NULL, &a.at, &why) < 0)
				ec_usage_error("--at: '%s': %s", optarg, why);
			break;
		}
		case OPT_TOP: a.top = (size_t)ec_opt_int("--top", optarg, 1, 1000); break;
		default:
			fprintf(stderr, "Try 'ec-rules --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	unsigned bit = a.sub == SUB_MINE ? 1 : 2;
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++)
		if ((given & (1u << (scoped[i].opt - OPT_FORMAT))) && !(scoped[i].subs & bit))
			ec_usage_error("%s does not apply to %s", scoped[i].name,
			               a.sub == SUB_MINE ? "mine" : "guide");
	char **paths = argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	if (a.sub == SUB_MINE) {
		run_mine(&a, paths, npaths);
	} else {
		if (!a.rules_path)
			ec_usage_error("guide needs --rules FILE (the output of ec-rules mine)");
		run_guide(&a, paths, npaths);
	}
	ec_buf_free(&a.line);
	return EC_EXIT_OK;
}
