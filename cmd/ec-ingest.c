/*
 * ec-ingest: raw clickstream, order, review and search logs in, canonical
 * events out (DESIGN.md "Event").
 *
 * One pass, in input order, memory bounded except for the duplicate filter
 * (16 bytes x 2-4 per distinct event; --keep-duplicates turns it off).
 * Column mapping is resolved once from the header (or, for JSONL, when a key
 * first appears); each record is then validated and normalised field by
 * field. A bad record either stops the run (exit 1, the -o file untouched)
 * or, with --rejects, is written there with its reason and the run goes on.
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_dedup.h"
#include "ec_num.h"
#include "ec_privacy.h"
#include "ec_record.h"
#include "ec_schema.h"
#include "ec_stream.h"
#include "ec_text.h"
#include "ec_time.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_LIST 64
#define EVCACHE 16
#define MAX_CAND 8
#define EPOCH_1990 631152000LL

static const char usage_text[] =
"usage: ec-ingest [-qz] [-o FILE] [--if FMT] [--of FMT] [-d CHAR] [--no-header]\n"
"                 [--columns LIST] [--map CANON=SOURCE,...] [--set CANON=VALUE,...]\n"
"                 [--keep-extra] [--time-format FMT] [--tz ZONE]\n"
"                 [--event-map FROM=TO,...] [--user-from-session] [--keep-duplicates]\n"
"                 [--pseudonymize user[,item]] [--key-file FILE] [--mask-text]\n"
"                 [--rejects FILE] [--max-errors N] [FILE ...]\n"
"\n"
"Read raw event logs (CSV, TSV or JSONL; plain, zstd, gzip, bzip2, xz or lz4;\n"
"tar, zip, cpio or 7z archives of daily files, themselves compressed or not;\n"
"stdin when no FILE or FILE is -) and write\n"
"canonical events: ts,user,item,event,qty,price,value,order,session,category,\n"
"dwell,text. Format and compression are detected from content.\n"
"\n"
"Input and output:\n"
"  -o, --output FILE      write to FILE atomically (.zst/.gz suffix compresses)\n"
"  -z, --zstd             compress standard output with zstd\n"
"      --if FMT           input format: csv, tsv, jsonl (default: detected)\n"
"      --of FMT           output format: jsonl (default), csv, tsv\n"
"  -d, --delimiter CHAR   CSV delimiter (default: sniffed among , TAB ; |)\n"
"      --no-header        the CSV has no header row; name columns with --columns\n"
"      --columns LIST     column names of a headerless file, e.g. user,item,value,ts\n"
"Mapping:\n"
"      --map LIST         canonical=source column pairs, e.g. ts=Zeit,user=Kunde\n"
"      --set LIST         constant fields, e.g. event=rate (wins over columns)\n"
"      --keep-extra       keep columns that map to nothing (default: dropped)\n"
"      --time-format FMT  strptime(3) format of ts, e.g. '%m/%d/%Y %H:%M'\n"
"      --tz ZONE          zone of times without offset (IANA name, default UTC)\n"
"      --event-map LIST   extra event spellings, e.g. 'detail=view,bestellung=purchase'\n"
"      --user-from-session  take a missing user from the session id\n"
"Cleaning and privacy:\n"
"      --keep-duplicates  keep exact duplicate events (default: dropped, counted)\n"
"      --pseudonymize LIST  replace user and/or item ids by keyed HMAC-SHA-256\n"
"      --key-file FILE    the pseudonymisation key (else environment EC_KEY)\n"
"      --mask-text        replace e-mail addresses and phone numbers in text\n"
"Bad records:\n"
"      --rejects FILE     write bad records there as JSONL and go on\n"
"      --max-errors N     fail when more than N records are bad\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-ingest(1) for formats, aliases and examples.\n";

enum {
	OPT_IF = 256, OPT_OF, OPT_NOHEADER, OPT_COLUMNS, OPT_MAP, OPT_SET, OPT_KEEPEXTRA,
	OPT_TIMEFMT, OPT_TZ, OPT_EVMAP, OPT_UFS, OPT_KEEPDUP, OPT_PSEUDO, OPT_KEYFILE,
	OPT_MASK, OPT_REJECTS, OPT_MAXERR,
};

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "zstd", no_argument, 0, 'z' },
	{ "if", required_argument, 0, OPT_IF },
	{ "of", required_argument, 0, OPT_OF },
	{ "delimiter", required_argument, 0, 'd' },
	{ "no-header", no_argument, 0, OPT_NOHEADER },
	{ "columns", required_argument, 0, OPT_COLUMNS },
	{ "map", required_argument, 0, OPT_MAP },
	{ "set", required_argument, 0, OPT_SET },
	{ "keep-extra", no_argument, 0, OPT_KEEPEXTRA },
	{ "time-format", required_argument, 0, OPT_TIMEFMT },
	{ "tz", required_argument, 0, OPT_TZ },
	{ "event-map", required_argument, 0, OPT_EVMAP },
	{ "user-from-session", no_argument, 0, OPT_UFS },
	{ "keep-duplicates", no_argument, 0, OPT_KEEPDUP },
	{ "pseudonymize", required_argument, 0, OPT_PSEUDO },
	{ "pseudonymise", required_argument, 0, OPT_PSEUDO },
	{ "key-file", required_argument, 0, OPT_KEYFILE },
	{ "mask-text", no_argument, 0, OPT_MASK },
	{ "rejects", required_argument, 0, OPT_REJECTS },
	{ "max-errors", required_argument, 0, OPT_MAXERR },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

struct ingest {
	/* options */
	const char *out_path;
	int zstd_stdout;
	enum ec_format of;
	int keep_extra, ufs, keep_dup, mask, quiet;
	const char *time_fmt;
	struct ec_tz *tz;
	char *evfrom[MAX_LIST], *evto[MAX_LIST];
	size_t nev;
	const char *map_src[EC_EV_NCOLS];  /* --map: source name per canonical */
	const char *set_val[EC_EV_NCOLS];  /* --set: constant per canonical */
	int pseudo_user, pseudo_item;
	struct ec_pseudo *pseudo;
	long long max_errors;              /* -1: not given */
	const char *rejects_path;

	/* mapping: the source columns that may fill each canonical field, best
	 * alias rank first; a record takes the first one it has a value in */
	struct { int col, rank; } cand[EC_EV_NCOLS][MAX_CAND];
	int ncand[EC_EV_NCOLS];
	size_t resolved;                   /* reader columns examined so far */
	int *extra;                        /* reader column of each extra output column */
	size_t nextra, capextra;

	struct ec_reader *rd;
	struct ec_output *out;
	struct ec_writer *w;
	struct ec_rejects rej;
	struct ec_dedup *dedup;
	int64_t now;

	struct { char raw[64], word[64]; size_t n; } evc[EVCACHE];
	size_t nevc;

	const char **outv;                 /* the record being written */
	size_t *outl, capout;

	uint64_t nread, nwritten, ndup;
	struct ec_buf text;
};

static int is_missing(const char *v, size_t n)
{
	if (!v)
		return 1;
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	return n == 0 || (n == 2 && !memcmp(v, "NA", 2)) || (n == 4 && !memcmp(v, "null", 4)) ||
	       (n == 4 && !memcmp(v, "NULL", 4)) || (n == 2 && !memcmp(v, "\\N", 2));
}

static void open_writer(struct ingest *g);

static void add_cand(struct ingest *g, int c, int col, int rank)
{
	if (g->ncand[c] == MAX_CAND)
		return;
	int k = g->ncand[c]++;
	while (k > 0 && g->cand[c][k - 1].rank > rank) {
		g->cand[c][k] = g->cand[c][k - 1];
		k--;
	}
	g->cand[c][k].col = col;
	g->cand[c][k].rank = rank;
}

/*
 * Look at reader columns not yet examined and map them: --map names first
 * (exact, else ignoring case), then the built-in aliases. Every column that
 * can fill a field is a candidate, so JSONL logs whose key spelling changes
 * midway still map, and no alias column turns up as an extra.
 */
static void resolve_columns(struct ingest *g)
{
	size_t n = ec_reader_ncols(g->rd);
	int grew = 0;
	for (size_t i = g->resolved; i < n; i++) {
		const char *name = ec_reader_colname(g->rd, i);
		int claimed = 0;
		for (int c = 0; c < EC_EV_NCOLS; c++)
			if (g->map_src[c] && !strcmp(g->map_src[c], name)) {
				add_cand(g, c, (int)i, -2);
				claimed = 1;
			} else if (g->map_src[c] && !strcasecmp(g->map_src[c], name)) {
				add_cand(g, c, (int)i, -1);
				claimed = 1;
			}
		if (!claimed) {
			int rank;
			int c = ec_ev_alias(name, &rank);
			if (c >= 0 && !g->map_src[c]) {
				add_cand(g, c, (int)i, rank);
				claimed = 1;
			}
		}
		if (claimed || !g->keep_extra || !name[0])
			continue;
		if (ec_ev_col(name) >= 0) {
			ec_warn("column '%s' is not mapped and its name is a canonical field: "
			        "dropped (use --map)", name);
			continue;
		}
		if (g->w && g->of != EC_FORMAT_JSONL)
			ec_die("--keep-extra: key '%s' first appears after the %s header was "
			       "written; list it with --map or convert with --of jsonl first",
			       name, ec_format_name(g->of));
		if (g->nextra == g->capextra) {
			g->capextra = g->capextra ? 2 * g->capextra : 16;
			g->extra = realloc(g->extra, g->capextra * sizeof *g->extra);
			if (!g->extra)
				ec_die("out of memory");
		}
		g->extra[g->nextra++] = (int)i;
		grew = 1;
	}
	g->resolved = n;
	/* JSONL writes no header: a writer with the new columns carries on */
	if (grew && g->w) {
		ec_writer_close(g->w);
		g->w = NULL;
		open_writer(g);
	}
}

static void open_writer(struct ingest *g)
{
	size_t n = EC_EV_NCOLS + g->nextra;
	const char **names = malloc(n * sizeof *names);
	enum ec_col_type *types = malloc(n * sizeof *types);
	if (!names || !types)
		ec_die("out of memory");
	for (int c = 0; c < EC_EV_NCOLS; c++) {
		names[c] = ec_ev_names[c];
		types[c] = ec_ev_types[c];
	}
	for (size_t e = 0; e < g->nextra; e++) {
		names[EC_EV_NCOLS + e] = ec_reader_colname(g->rd, (size_t)g->extra[e]);
		types[EC_EV_NCOLS + e] = EC_COL_STR;
	}
	if (ec_writer_open(&g->w, g->out, g->of, names, types, n) < 0)
		ec_die("%s", ec_output_error(g->out));
	free(names);
	free(types);
}

/*
 * The event word of a raw value: --event-map first, then the built-in
 * spellings. Logs repeat a handful of values, so the answers for the last
 * EVCACHE distinct raw values are kept (the mapping is the hot spot else).
 */
static const char *event_name(struct ingest *g, const char *s, size_t n)
{
	for (size_t i = 0; i < g->nevc; i++)
		if (g->evc[i].n == n && !memcmp(g->evc[i].raw, s, n))
			return g->evc[i].word;
	char low[64];
	const char *ev = ec_ev_event_name(s, n, low, sizeof low);
	if (!ev)
		return NULL;
	for (size_t i = 0; i < g->nev; i++)
		if (!strcmp(low, g->evfrom[i])) {
			ev = g->evto[i];
			break;
		}
	if (n >= sizeof g->evc[0].raw)
		return NULL;
	size_t slot = g->nevc < EVCACHE ? g->nevc++ : (size_t)(s[0] + n) % EVCACHE;
	memcpy(g->evc[slot].raw, s, n);
	g->evc[slot].n = n;
	snprintf(g->evc[slot].word, sizeof g->evc[slot].word, "%s", ev);
	return g->evc[slot].word;
}

/*
 * Validate and normalise one record. Returns NULL when written or dropped as
 * a duplicate, or the reason it is bad (rbuf may hold it).
 */
static const char *process(struct ingest *g, const struct ec_record *rec, char *rbuf,
                           size_t rlen)
{
	/* canonical fields, then the extra columns: sized as the output is */
	if (EC_EV_NCOLS + g->nextra > g->capout) {
		g->capout = 2 * (EC_EV_NCOLS + g->nextra);
		g->outv = realloc(g->outv, g->capout * sizeof *g->outv);
		g->outl = realloc(g->outl, g->capout * sizeof *g->outl);
		if (!g->outv || !g->outl)
			ec_die("out of memory");
	}
	const char **v = g->outv;
	size_t *l = g->outl;
	char tsbuf[EC_TIME_LEN], qbuf[EC_NUM_LEN], pbuf[EC_NUM_LEN],
	     vbuf[EC_NUM_LEN], dbuf[EC_NUM_LEN], ubuf[17], ibuf[17];

	for (int c = 0; c < EC_EV_NCOLS; c++) {
		v[c] = NULL;
		l[c] = 0;
		if (g->set_val[c]) {
			v[c] = g->set_val[c];
			l[c] = strlen(v[c]);
		} else {
			for (int k = 0; k < g->ncand[c]; k++) {
				size_t ci = (size_t)g->cand[c][k].col;
				if (ci < rec->nfields && !is_missing(rec->val[ci], rec->len[ci])) {
					v[c] = rec->val[ci];
					l[c] = rec->len[ci];
					break;
				}
			}
		}
	}
	if (g->ufs && !v[EC_EV_USER] && v[EC_EV_SESSION]) {
		v[EC_EV_USER] = v[EC_EV_SESSION];
		l[EC_EV_USER] = l[EC_EV_SESSION];
	}

	/* ts */
	if (!v[EC_EV_TS])
		return "missing ts";
	int64_t t;
	const char *why;
	if (ec_time_parse(v[EC_EV_TS], l[EC_EV_TS], g->time_fmt, g->tz, &t, &why) < 0) {
		snprintf(rbuf, rlen, "bad ts '%.*s': %s", (int)(l[EC_EV_TS] > 40 ? 40 : l[EC_EV_TS]),
		         v[EC_EV_TS], why);
		return rbuf;
	}
	if (t < EPOCH_1990) {
		snprintf(rbuf, rlen, "ts '%.*s' is before 1990", (int)(l[EC_EV_TS] > 40 ? 40 : l[EC_EV_TS]),
		         v[EC_EV_TS]);
		return rbuf;
	}
	if (t > g->now + 86400) {
		snprintf(rbuf, rlen, "ts '%.*s' is more than a day in the future",
		         (int)(l[EC_EV_TS] > 40 ? 40 : l[EC_EV_TS]), v[EC_EV_TS]);
		return rbuf;
	}
	l[EC_EV_TS] = (size_t)ec_time_format(t, tsbuf);
	v[EC_EV_TS] = tsbuf;

	if (!v[EC_EV_USER])
		return "missing user";
	if (!v[EC_EV_EVENT])
		return "missing event";
	const char *ev = event_name(g, v[EC_EV_EVENT], l[EC_EV_EVENT]);
	if (!ev)
		return "event name too long";
	if (!*ev)
		return "missing event";
	if (!v[EC_EV_ITEM] && strcmp(ev, "search") != 0)
		return "missing item";

	/* numbers */
	static const struct { int c; const char *name; } nums[] = {
		{ EC_EV_QTY, "quantity" }, { EC_EV_PRICE, "price" },
		{ EC_EV_VALUE, "value" }, { EC_EV_DWELL, "dwell" },
	};
	char *nb[] = { qbuf, pbuf, vbuf, dbuf };
	for (size_t k = 0; k < 4; k++) {
		int c = nums[k].c;
		if (!v[c])
			continue;
		double d;
		int m = ec_num_canon(v[c], l[c], 0, &d, nb[k]);
		if (m < 0) {
			snprintf(rbuf, rlen, "bad %s '%.*s'", nums[k].name, (int)(l[c] > 40 ? 40 : l[c]),
			         v[c]);
			return rbuf;
		}
		if (d < 0 && c == EC_EV_QTY && !strcmp(ev, "purchase")) {
			ev = "return"; /* a cancelled invoice line */
			m = ec_num_canon(v[c], l[c], 1, &d, nb[k]);
			d = -d;
		}
		if (d < 0 && c != EC_EV_VALUE) {
			snprintf(rbuf, rlen, "negative %s '%.*s'", nums[k].name,
			         (int)(l[c] > 40 ? 40 : l[c]), v[c]);
			return rbuf;
		}
		l[c] = (size_t)m;
		v[c] = nb[k];
	}
	v[EC_EV_EVENT] = ev;
	l[EC_EV_EVENT] = strlen(ev);

	if (g->mask && v[EC_EV_TEXT]) {
		ec_buf_reset(&g->text);
		if (ec_mask_text(&g->text, v[EC_EV_TEXT], l[EC_EV_TEXT]) < 0)
			ec_die("out of memory");
		v[EC_EV_TEXT] = g->text.data;
		l[EC_EV_TEXT] = g->text.len;
	}
	if (g->pseudo_user) {
		ec_pseudo_id(g->pseudo, v[EC_EV_USER], l[EC_EV_USER], ubuf);
		v[EC_EV_USER] = ubuf;
		l[EC_EV_USER] = 16;
	}
	if (g->pseudo_item && v[EC_EV_ITEM]) {
		ec_pseudo_id(g->pseudo, v[EC_EV_ITEM], l[EC_EV_ITEM], ibuf);
		v[EC_EV_ITEM] = ibuf;
		l[EC_EV_ITEM] = 16;
	}

	if (g->dedup) {
		const char *kv[7] = { v[EC_EV_TS], v[EC_EV_USER], v[EC_EV_ITEM], v[EC_EV_EVENT],
		                      v[EC_EV_QTY], v[EC_EV_PRICE], v[EC_EV_ORDER] };
		size_t kl[7] = { l[EC_EV_TS], l[EC_EV_USER], l[EC_EV_ITEM], l[EC_EV_EVENT],
		                 l[EC_EV_QTY], l[EC_EV_PRICE], l[EC_EV_ORDER] };
		/* equal events have equal times: partition the set by hour */
		int r = ec_dedup_add(g->dedup, t / 3600, kv, kl, 7);
		if (r < 0)
			ec_die("out of memory (duplicate filter; try --keep-duplicates)");
		if (r == 0) {
			g->ndup++;
			return NULL;
		}
	}
	size_t n = EC_EV_NCOLS;
	for (size_t e = 0; e < g->nextra; e++, n++) {
		size_t ci = (size_t)g->extra[e];
		if (ci < rec->nfields && rec->val[ci]) {
			v[n] = rec->val[ci];
			l[n] = rec->len[ci];
		} else {
			v[n] = NULL;
			l[n] = 0;
		}
	}
	if (!g->w)
		open_writer(g);
	if (ec_writer_write(g->w, v, l) < 0)
		ec_die("%s", ec_output_error(g->out));
	g->nwritten++;
	return NULL;
}

static char *read_key(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		ec_usage_error("--key-file: cannot open '%s'", path);
	struct ec_buf b = EC_BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		ec_buf_add(&b, chunk, k);
	fclose(f);
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	return ec_buf_detach(&b, n);
}

int main(int argc, char **argv)
{
	struct ingest g;
	memset(&g, 0, sizeof g);
	ec_buf_init(&g.text);
	g.of = EC_FORMAT_JSONL;
	g.max_errors = -1;
	ec_cli_init(argv[0]);

	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	char *cols[1024];
	char *mk[MAX_LIST], *mv[MAX_LIST];
	const char *zone = NULL, *keyfile = NULL;
	char *pseudo_list = NULL;
	int ch;
	opterr = 0; /* our own messages: "ec-ingest: ...", not argv[0]'s path */
	while ((ch = getopt_long(argc, argv, ":o:zd:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': g.out_path = optarg; break;
		case 'z': g.zstd_stdout = 1; break;
		case 'q': g.quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_IF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--if: '%s' is not csv, tsv or jsonl", optarg);
			ro.format = (enum ec_format)f;
			break;
		}
		case OPT_OF: {
			int f = ec_format_parse(optarg);
			if (f < 0)
				ec_usage_error("--of: '%s' is not csv, tsv or jsonl", optarg);
			g.of = (enum ec_format)f;
			break;
		}
		case 'd':
			if (!strcmp(optarg, "tab") || !strcmp(optarg, "\\t"))
				ro.delim = '\t';
			else if (strlen(optarg) == 1 && optarg[0] != '"' && optarg[0] != '\n')
				ro.delim = (unsigned char)optarg[0];
			else
				ec_usage_error("--delimiter: '%s' is not one character", optarg);
			break;
		case OPT_NOHEADER: ro.no_header = 1; break;
		case OPT_COLUMNS:
			ro.ncolumns = ec_opt_list("--columns", optarg, cols, 1024);
			ro.columns = (const char *const *)cols;
			break;
		case OPT_MAP:
		case OPT_SET: {
			const char *opt = ch == OPT_MAP ? "--map" : "--set";
			size_t n = ec_opt_pairs(opt, optarg, mk, mv, MAX_LIST);
			for (size_t i = 0; i < n; i++) {
				int c = ec_ev_col(mk[i]);
				if (c < 0)
					ec_usage_error("%s: '%s' is not a canonical field (ts, user, item, "
					               "event, qty, price, value, order, session, category, "
					               "dwell, text)", opt, mk[i]);
				if (ch == OPT_MAP)
					g.map_src[c] = mv[i];
				else
					g.set_val[c] = mv[i];
			}
			break;
		}
		case OPT_KEEPEXTRA: g.keep_extra = 1; break;
		case OPT_TIMEFMT: g.time_fmt = optarg; break;
		case OPT_TZ: zone = optarg; break;
		case OPT_EVMAP: {
			size_t n = ec_opt_pairs("--event-map", optarg, g.evfrom + g.nev, g.evto + g.nev,
			                        MAX_LIST - g.nev);
			for (size_t i = g.nev; i < g.nev + n; i++) {
				for (char *p = g.evfrom[i]; *p; p++)
					*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
				for (char *p = g.evto[i]; *p; p++)
					*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			}
			g.nev += n;
			break;
		}
		case OPT_UFS: g.ufs = 1; break;
		case OPT_KEEPDUP: g.keep_dup = 1; break;
		case OPT_PSEUDO: pseudo_list = optarg; break;
		case OPT_KEYFILE: keyfile = optarg; break;
		case OPT_MASK: g.mask = 1; break;
		case OPT_REJECTS: g.rejects_path = optarg; break;
		case OPT_MAXERR:
			g.max_errors = ec_opt_int("--max-errors", optarg, 0, INT64_MAX);
			break;
		case ':':
			ec_usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			if (!strncmp(argv[optind - 1], "--", 2))
				ec_usage_error("unknown option or unexpected value: '%s'",
				               argv[optind - 1]);
			ec_usage_error("unknown option '-%c'", optopt);
		}
	}
	if (g.out_path && !*g.out_path)
		ec_usage_error("-o: empty file name");
	if (g.rejects_path && (!*g.rejects_path || !strcmp(g.rejects_path, "-")))
		ec_usage_error("--rejects: give a file name (standard output carries the events)");
	if (g.rejects_path && g.out_path && !strcmp(g.rejects_path, g.out_path) &&
	    strcmp(g.out_path, "/dev/null"))
		ec_usage_error("--rejects and -o name the same file '%s'", g.out_path);
	if (ro.ncolumns && !ro.no_header)
		ec_usage_error("--columns names a headerless file's columns: add --no-header");
	if (g.zstd_stdout && g.out_path && strcmp(g.out_path, "-"))
		ec_usage_error("-z compresses standard output; with -o use a .zst name");
	if (pseudo_list) {
		char *items[4];
		size_t n = ec_opt_list("--pseudonymize", pseudo_list, items, 4);
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(items[i], "user"))
				g.pseudo_user = 1;
			else if (!strcmp(items[i], "item"))
				g.pseudo_item = 1;
			else
				ec_usage_error("--pseudonymize: '%s' is not user or item", items[i]);
		}
		size_t klen;
		char *key;
		if (keyfile) {
			key = read_key(keyfile, &klen);
		} else {
			const char *env = getenv("EC_KEY");
			if (!env || !*env)
				ec_usage_error("--pseudonymize needs a key: --key-file FILE or the "
				               "environment variable EC_KEY");
			key = strdup(env);
			klen = strlen(env);
		}
		if (klen == 0)
			ec_usage_error("--key-file: '%s' is empty", keyfile);
		g.pseudo = ec_pseudo_new(key, klen);
		free(key);
		if (!g.pseudo)
			ec_die("cannot initialise libsodium");
	} else if (keyfile) {
		ec_usage_error("--key-file is only used with --pseudonymize");
	}
	if (g.time_fmt && strstr(g.time_fmt, "%s") && strcmp(g.time_fmt, "%s"))
		ec_usage_error("--time-format: %%s (epoch seconds) cannot be combined with other "
		               "fields; epochs need no --time-format");
	char err[1024];
	if (ec_tz_open(&g.tz, zone, err, sizeof err) < 0)
		ec_usage_error("--tz: %s", err);

	g.now = (int64_t)time(NULL);
	if (!g.keep_dup && !(g.dedup = ec_dedup_new()))
		ec_die("out of memory");

	const char *const *paths = (const char *const *)argv + optind;
	size_t npaths = (size_t)(argc - optind);
	if (ec_reader_open(&g.rd, paths, npaths, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	resolve_columns(&g);
	if (ec_reader_format(g.rd) != EC_FORMAT_JSONL)
		for (int c = 0; c < EC_EV_NCOLS; c++)
			if (g.map_src[c] && g.ncand[c] == 0 && ec_reader_ncols(g.rd) > 0)
				ec_die("--map %s=%s: no column '%s' in the input", ec_ev_names[c],
				       g.map_src[c], g.map_src[c]);

	g.out = ec_cli_output(g.out_path, g.zstd_stdout ? EC_COMPRESS_ZSTD : EC_COMPRESS_AUTO);
	ec_rejects_open(&g.rej, g.rejects_path, g.max_errors);
	/* CSV knows its columns now: the header is written even for no records. */
	if (ec_reader_format(g.rd) != EC_FORMAT_JSONL)
		open_writer(&g);

	struct ec_record rec;
	char rbuf[256];
	for (;;) {
		int k = ec_reader_next(g.rd, &rec);
		if (k == EC_READ_END)
			break;
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(g.rd));
		g.nread++;
		if ((g.nread & 0xffff) == 0)
			ec_progress(g.nread, (uint64_t)ec_reader_bytes(g.rd));
		if (k == EC_READ_BAD) {
			ec_rejects_add(&g.rej, rec.source, rec.line, rec.raw, rec.rawlen, ec_reader_error(g.rd));
			continue;
		}
		if (ec_reader_ncols(g.rd) > g.resolved)
			resolve_columns(&g);
		const char *why = process(&g, &rec, rbuf, sizeof rbuf);
		if (why)
			ec_rejects_add(&g.rej, rec.source, rec.line, rec.raw, rec.rawlen, why);
	}
	ec_progress_done();
	if (!g.w)
		open_writer(&g);
	/* the events first: when they cannot be committed the run fails, and
	 * the rejects file must then stay as it was too */
	ec_writer_close(g.w);
	ec_cli_commit(g.out);
	ec_rejects_close(&g.rej);
	if (!g.quiet)
		fprintf(stderr, "ec-ingest: %llu records read, %llu written, %llu rejected, "
		        "%llu duplicates dropped\n", (unsigned long long)g.nread,
		        (unsigned long long)g.nwritten, (unsigned long long)g.rej.n,
		        (unsigned long long)g.ndup);
	ec_reader_close(g.rd);
	ec_dedup_free(g.dedup);
	ec_pseudo_free(g.pseudo);
	ec_tz_close(g.tz);
	ec_buf_free(&g.text);
	free(g.extra);
	free(g.outv);
	free(g.outl);
	return EC_EXIT_OK;
}
