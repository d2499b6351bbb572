/*
 * ec-eval ranking: top-K recommendations (the Recommendation contract,
 * ec-recommend's output) against held-out truth events.
 *
 * Per user u with truth set T (distinct items of u's truth events) and
 * ranked list L (duplicates after their first place ignored), rel_i = 1
 * when L_i is in T, at cut-off K:
 *   Recall@K    = sum_{i<=K} rel_i / min(|T|, K)
 *   Precision@K = sum_{i<=K} rel_i / K
 *   HitRate@K   = 1 when any rel_i = 1 (i <= K)
 *   NDCG@K      = DCG / IDCG, DCG = sum_{i<=K} rel_i / log2(i + 1),
 *                 IDCG = sum_{i<=min(|T|,K)} 1 / log2(i + 1)
 *                 (Jarvelin and Kekalainen, TOIS 2002, binary gains)
 *   MAP@K       = sum_{i<=K} rel_i Precision@i / min(|T|, K)
 *   MRR         = 1 / the rank of the first relevant item in the whole list (0: none)
 * each averaged over the users with truth (a user without a list scores 0),
 * and Coverage@K = distinct items in the top K of all lists / catalogue
 * size (--catalog-size, or the distinct items of the lists and the truth).
 */
#include "ec_buf.h"
#include "ec_cli.h"
#include "ec_features.h"
#include "ec_record.h"
#include "ec_strmap.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eval_ranking_main(int argc, char **argv);

static const char usage_text[] =
"usage: ec-eval ranking --truth FILE [-q] [-k LIST] [-o FILE] [--of json|csv]\n"
"                       [--catalog-size N] [FILE ...]\n"
"\n"
"Quality of recommendations (JSONL {\"user\":...,\"items\":[{\"item\":...},...]},\n"
"best first; stdin when no FILE) against held-out events: Recall@K, NDCG@K,\n"
"MAP@K, Precision@K, HitRate@K and Coverage@K for each K, and MRR.\n"
"\n"
"Options:\n"
"      --truth FILE         held-out events (any table with user and item columns)\n"
"  -k LIST                  cut-offs, e.g. 10,20 (default 10,20)\n"
"  -o, --output FILE        write to FILE atomically\n"
"      --of FMT             json (default: one object) or csv (metric,k,value)\n"
"      --catalog-size N     items in the catalogue, for Coverage@K (default: the\n"
"                           distinct items of the lists and the truth)\n"
"  -q, --quiet              no summary on stderr\n"
"  -h, --help               this help\n"
"  -V, --version            version and library versions\n"
"\n"
"Recall@K divides by min(|truth|, K). Users with truth but no list count 0;\n"
"lists of users without truth count only for Coverage@K.\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
"See ec-eval-ranking(1).\n";

enum { OPT_TRUTH = 256, OPT_OF, OPT_CATSIZE };

static const struct option longopts[] = {
	{ "truth", required_argument, 0, OPT_TRUTH },
	{ "output", required_argument, 0, 'o' },
	{ "of", required_argument, 0, OPT_OF },
	{ "catalog-size", required_argument, 0, OPT_CATSIZE },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

#define MAXK 32

static void oom(void)
{
	ec_die("out of memory");
}

static uint32_t intern(struct ec_strmap *m, const char *s, size_t n)
{
	int isnew;
	uint32_t *v = ec_strmap_put(m, s, n, &isnew);
	if (!v)
		oom();
	if (isnew)
		*v = (uint32_t)(ec_strmap_size(m) - 1);
	return *v;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

struct sum {
	double recall, precision, hit, ndcg, map;
};

int eval_ranking_main(int argc, char **argv)
{
	const char *truth = NULL, *out_path = NULL;
	int csv = 0, quiet = 0;
	size_t ks[MAXK], nk = 0;
	long long catsize = 0;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRUTH: truth = optarg; break;
		case 'k': {
			char *items[MAXK];
			char *s = optarg;
			nk = ec_opt_list("-k", s, items, MAXK);
			for (size_t i = 0; i < nk; i++)
				ks[i] = (size_t)ec_opt_int("-k", items[i], 1, 1000000);
			break;
		}
		case 'o': out_path = optarg; break;
		case OPT_OF:
			if (!strcmp(optarg, "csv"))
				csv = 1;
			else if (strcmp(optarg, "json"))
				ec_usage_error("--of: '%s' is not json or csv", optarg);
			break;
		case OPT_CATSIZE: catsize = ec_opt_int("--catalog-size", optarg, 1, INT64_MAX); break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case ':': ec_usage_error("option '%s' needs a value", argv[optind - 1]);
		default: ec_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!truth)
		ec_usage_error("no truth: give --truth FILE (held-out events)");
	if (nk == 0) {
		ks[0] = 10;
		ks[1] = 20;
		nk = 2;
	}
	size_t kmax = 0;
	for (size_t i = 0; i < nk; i++)
		if (ks[i] > kmax)
			kmax = ks[i];

	struct ec_strmap *users = ec_strmap_new(sizeof(uint32_t));
	struct ec_strmap *items = ec_strmap_new(sizeof(uint32_t));
	struct ec_strmap *pairs = ec_strmap_new(0);
	struct ec_buf key = EC_BUF_INIT;
	if (!users || !items || !pairs)
		oom();
	/* truth: distinct (user, item) pairs */
	struct tp { uint32_t u, i; } *tp = NULL;
	size_t ntp = 0, tcap = 0;
	char err[1024];
	struct ec_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	struct ec_reader *r;
	const char *tpaths[1] = { truth };
	if (ec_reader_open(&r, tpaths, 1, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	struct ec_record rec;
	int k;
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		int cu = ec_reader_col(r, "user"), ci = ec_reader_col(r, "item");
		if (cu < 0 || (size_t)cu >= rec.nfields || !rec.val[cu] || !rec.len[cu])
			ec_die("%s:%ld: missing user", rec.source, rec.line);
		if (ci < 0 || (size_t)ci >= rec.nfields || !rec.val[ci] || !rec.len[ci])
			continue; /* searches and the like: no item to find */
		ec_buf_reset(&key);
		if (ec_buf_add(&key, rec.val[cu], rec.len[cu]) < 0 || ec_buf_addc(&key, 0) < 0 ||
		    ec_buf_add(&key, rec.val[ci], rec.len[ci]) < 0)
			oom();
		int isnew;
		if (!ec_strmap_put(pairs, key.data, key.len, &isnew))
			oom();
		if (!isnew)
			continue;
		if (ntp == tcap) {
			tcap = tcap ? 2 * tcap : 1024;
			tp = realloc(tp, tcap * sizeof *tp);
			if (!tp)
				oom();
		}
		tp[ntp].u = intern(users, rec.val[cu], rec.len[cu]);
		tp[ntp++].i = intern(items, rec.val[ci], rec.len[ci]);
	}
	ec_reader_close(r);
	ec_strmap_free(pairs);
	size_t nu = ec_strmap_size(users);
	if (nu == 0)
		ec_die("%s: no truth events with a user and an item", truth);
	/* group truth by user, sorted item ids */
	size_t *start = calloc(nu + 1, sizeof *start);
	uint32_t *titem = malloc((ntp + 1) * sizeof *titem);
	size_t *fill = malloc((nu + 1) * sizeof *fill);
	unsigned char *done = calloc(nu, 1);
	if (!start || !titem || !fill || !done)
		oom();
	for (size_t i = 0; i < ntp; i++)
		start[tp[i].u + 1]++;
	for (size_t u = 0; u < nu; u++)
		start[u + 1] += start[u];
	memcpy(fill, start, (nu + 1) * sizeof *fill);
	for (size_t i = 0; i < ntp; i++)
		titem[fill[tp[i].u]++] = tp[i].i;
	for (size_t u = 0; u < nu; u++)
		qsort(titem + start[u], start[u + 1] - start[u], sizeof *titem, cmp_u32);
	free(fill);
	free(tp);

	/* recommendations */
	struct sum s[MAXK];
	memset(s, 0, sizeof s);
	double mrr = 0;
	uint64_t nlists = 0;
	unsigned char *covered[MAXK] = { 0 };
	size_t covcap = 0, ncov[MAXK] = { 0 };
	uint32_t *list = malloc((kmax + 1) * sizeof *list);
	struct ec_strmap *inlist = ec_strmap_new(0);
	if (!list || !inlist)
		oom();
	const char *stdin_path[1] = { "-" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : stdin_path;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if (ec_reader_open(&r, paths, npaths, &ro, err, sizeof err) < 0)
		ec_die("%s", err);
	while ((k = ec_reader_next(r, &rec)) != EC_READ_END) {
		if (k == EC_READ_FATAL)
			ec_die("%s", ec_reader_error(r));
		if (k == EC_READ_BAD)
			ec_die("%s:%ld: %s", rec.source, rec.line, ec_reader_error(r));
		int cu = ec_reader_col(r, "user"), ci = ec_reader_col(r, "items");
		if (cu < 0 || (size_t)cu >= rec.nfields || !rec.val[cu])
			ec_die("%s:%ld: missing user", rec.source, rec.line);
		if (ci < 0 || (size_t)ci >= rec.nfields || !rec.val[ci])
			ec_die("%s:%ld: missing items", rec.source, rec.line);
		json_error_t je;
		json_t *arr = json_loadb(rec.val[ci], rec.len[ci], 0, &je);
		if (!json_is_array(arr))
			ec_die("%s:%ld: \"items\" is not an array", rec.source, rec.line);
		nlists++;
		/* the ranked list, first occurrences only, up to the largest K
		 * (MRR looks further, through the whole array) */
		size_t n = 0, na = json_array_size(arr);
		long first_hit = -1;
		const uint32_t *ut = ec_strmap_get(users, rec.val[cu], rec.len[cu]);
		const uint32_t *T = ut ? titem + start[*ut] : NULL;
		size_t nt = ut ? start[*ut + 1] - start[*ut] : 0;
		if (ut && done[*ut])
			ec_die("%s:%ld: user '%s' has a second list", rec.source, rec.line, rec.val[cu]);
		if (ut)
			done[*ut] = 1;
		ec_strmap_clear(inlist);
		size_t rank = 0;
		for (size_t a = 0; a < na; a++) {
			json_t *e = json_array_get(arr, a), *ji = json_is_object(e) ?
			            json_object_get(e, "item") : e;
			char nb[64];
			const char *is;
			size_t il;
			if (json_is_string(ji)) {
				is = json_string_value(ji);
				il = json_string_length(ji);
			} else if (json_is_integer(ji)) {
				snprintf(nb, sizeof nb, "%lld", (long long)json_integer_value(ji));
				is = nb;
				il = strlen(nb);
			} else {
				ec_die("%s:%ld: items[%zu] has no item", rec.source, rec.line, a);
			}
			int isnew;
			if (!ec_strmap_put(inlist, is, il, &isnew))
				oom();
			if (!isnew)
				continue;
			rank++;
			uint32_t id = intern(items, is, il);
			if (T && first_hit < 0 && bsearch(&id, T, nt, sizeof *T, cmp_u32))
				first_hit = (long)rank;
			if (n < kmax)
				list[n++] = id;
		}
		json_decref(arr);
		size_t ni = ec_strmap_size(items);
		if (ni > covcap) {
			size_t nc = ni * 2;
			for (size_t q = 0; q < nk; q++) {
				covered[q] = realloc(covered[q], nc);
				if (!covered[q])
					oom();
				memset(covered[q] + covcap, 0, nc - covcap);
			}
			covcap = nc;
		}
		for (size_t q = 0; q < nk; q++)
			for (size_t i = 0; i < n && i < ks[q]; i++)
				if (!covered[q][list[i]]) {
					covered[q][list[i]] = 1;
					ncov[q]++;
				}
		if (!T)
			continue;
		if (first_hit > 0)
			mrr += 1.0 / (double)first_hit;
		for (size_t q = 0; q < nk; q++) {
			size_t K = ks[q], m = nt < K ? nt : K;
			double hits = 0, dcg = 0, idcg = 0, ap = 0;
			for (size_t i = 0; i < n && i < K; i++)
				if (bsearch(&list[i], T, nt, sizeof *T, cmp_u32)) {
					hits++;
					dcg += 1 / log2((double)i + 2);
					ap += hits / (double)(i + 1);
				}
			for (size_t i = 0; i < m; i++)
				idcg += 1 / log2((double)i + 2);
			s[q].recall += hits / (double)m;
			s[q].precision += hits / (double)K;
			s[q].hit += hits > 0;
			s[q].ndcg += dcg / idcg;
			s[q].map += ap / (double)m;
		}
	}
	ec_reader_close(r);
	size_t nmissing = 0;
	for (size_t u = 0; u < nu; u++)
		nmissing += !done[u];
	double catalogue = catsize ? (double)catsize : (double)ec_strmap_size(items);

	struct ec_output *out = ec_cli_output(out_path, EC_COMPRESS_AUTO);
	struct ec_buf o = EC_BUF_INIT;
	char num[EC_NUM_LEN];
	double U = (double)nu;
#define NUM(v) (ec_real_format((v), num), num)
	if (csv) {
		ec_buf_adds(&o, "metric,k,value\n");
		ec_buf_addf(&o, "users,,%zu\nusers_without_list,,%zu\nmrr,,%s\n", nu, nmissing,
		            NUM(mrr / U));
		for (size_t q = 0; q < nk; q++) {
			ec_buf_addf(&o, "recall,%zu,%s\n", ks[q], NUM(s[q].recall / U));
			ec_buf_addf(&o, "ndcg,%zu,%s\n", ks[q], NUM(s[q].ndcg / U));
			ec_buf_addf(&o, "map,%zu,%s\n", ks[q], NUM(s[q].map / U));
			ec_buf_addf(&o, "precision,%zu,%s\n", ks[q], NUM(s[q].precision / U));
			ec_buf_addf(&o, "hitrate,%zu,%s\n", ks[q], NUM(s[q].hit / U));
			ec_buf_addf(&o, "coverage,%zu,%s\n", ks[q], NUM((double)ncov[q] / catalogue));
		}
	} else {
		ec_buf_addf(&o, "{\"users\":%zu,\"users_without_list\":%zu,\"mrr\":%s", nu, nmissing,
		            NUM(mrr / U));
		for (size_t q = 0; q < nk; q++) {
			ec_buf_addf(&o, ",\"recall@%zu\":%s", ks[q], NUM(s[q].recall / U));
			ec_buf_addf(&o, ",\"ndcg@%zu\":%s", ks[q], NUM(s[q].ndcg / U));
			ec_buf_addf(&o, ",\"map@%zu\":%s", ks[q], NUM(s[q].map / U));
			ec_buf_addf(&o, ",\"precision@%zu\":%s", ks[q], NUM(s[q].precision / U));
			ec_buf_addf(&o, ",\"hitrate@%zu\":%s", ks[q], NUM(s[q].hit / U));
			ec_buf_addf(&o, ",\"coverage@%zu\":%s", ks[q], NUM((double)ncov[q] / catalogue));
		}
		ec_buf_adds(&o, "}\n");
	}
#undef NUM
	if (ec_output_write(out, o.data, o.len) < 0)
		ec_die("%s", ec_output_error(out));
	ec_cli_commit(out);
	if (!quiet)
		ec_warn("%zu users with truth, %llu lists, %zu users without a list",
		        nu, (unsigned long long)nlists, nmissing);
	ec_buf_free(&o);
	ec_buf_free(&key);
	for (size_t q = 0; q < nk; q++)
		free(covered[q]);
	free(list);
	free(start);
	free(titem);
	free(done);
	ec_strmap_free(inlist);
	ec_strmap_free(users);
	ec_strmap_free(items);
	return EC_EXIT_OK;
}
