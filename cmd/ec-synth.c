/*
 * ec-synth: write a deterministic synthetic shop with planted ground truth
 * (catalog, events, prices, sales, reviews, queries, FAQ, questions and
 * truth.json) into a directory, for testing every other ec program against
 * known answers. The model lives in lib/ec_synth.c; this file parses options,
 * creates the directory, opens the nine outputs (atomically: all or none
 * replaced on failure) and reports.
 */
#include "ec_cli.h"
#include "ec_stream.h"
#include "ec_synth.h"
#include "ec_time.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
"usage: ec-synth [-q] [--seed N] [--users N] [--items N] [--days N]\n"
"                [--start YYYY-MM-DD] [--scale S] [--lang LIST] -o DIR\n"
"\n"
"Write a synthetic shop with planted ground truth into DIR (created if\n"
"missing): catalog.csv, events.jsonl.zst, prices.csv, sales.csv,\n"
"reviews.jsonl, queries.jsonl, faq.jsonl, questions.jsonl and truth.json.\n"
"The same options give byte-identical files.\n"
"\n"
"  -o, --output DIR       the output directory (required)\n"
"      --seed N           random seed (default 1)\n"
"      --users N          registered users (default 2000)\n"
"      --items N          catalog items (default 500)\n"
"      --days N           days of activity, 1-3660 (default 120)\n"
"      --start DATE       first day, YYYY-MM-DD (default 2024-01-01)\n"
"      --scale S          multiply users, and so events, by S (default 1)\n"
"      --lang LIST        languages of the texts: zh, en or both (default zh,en)\n"
"  -q, --quiet            no summary on stderr\n"
"  -h, --help             this help\n"
"  -V, --version          version and library versions\n"
"\n"
"Exit status: 0 success, 1 runtime error, 2 usage error.\n"
"See ec-synth(1) for the files, their columns and the planted model.\n";

enum { OPT_SEED = 256, OPT_USERS, OPT_ITEMS, OPT_DAYS, OPT_START, OPT_SCALE, OPT_LANG };

static const struct option longopts[] = {
	{ "output", required_argument, 0, 'o' },
	{ "seed", required_argument, 0, OPT_SEED },
	{ "users", required_argument, 0, OPT_USERS },
	{ "items", required_argument, 0, OPT_ITEMS },
	{ "days", required_argument, 0, OPT_DAYS },
	{ "start", required_argument, 0, OPT_START },
	{ "scale", required_argument, 0, OPT_SCALE },
	{ "lang", required_argument, 0, OPT_LANG },
	{ "quiet", no_argument, 0, 'q' },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 },
};

/* YYYY-MM-DD, a real calendar date, into days since 1970-01-01. */
static int64_t parse_date(const char *s)
{
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = 0;
	if (ok) {
		int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
		if (y >= 1970 && y <= 9000 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= ec_days_in_month(y, m))
			return ec_days_from_civil(y, m, d);
	}
	ec_usage_error("--start: '%s' is not a date YYYY-MM-DD", s);
}

/* mkdir -p */
static void make_dir(const char *path)
{
	char *p = strdup(path);
	if (!p)
		ec_die("out of memory");
	for (char *q = p + 1;; q++) {
		int end = *q == '\0';
		if (*q == '/' || end) {
			*q = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST)
				ec_die("cannot create directory '%s': %s", p, strerror(errno));
			if (end)
				break;
			*q = '/';
		}
	}
	struct stat sb;
	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode))
		ec_die("'%s' is not a directory", path);
	free(p);
}

static void on_progress(void *arg, uint64_t events, uint64_t bytes)
{
	(void)arg;
	ec_progress(events, bytes);
}

int main(int argc, char **argv)
{
	ec_cli_init(argv[0]);
	struct ec_synth_opts o;
	ec_synth_defaults(&o);
	const char *dir = NULL;
	int quiet = 0, ch;
	while ((ch = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': dir = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EC_EXIT_OK;
		case 'V': ec_cli_version();
		case OPT_SEED: o.seed = (uint64_t)ec_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case OPT_USERS: o.users = ec_opt_int("--users", optarg, 1, 50000000); break;
		case OPT_ITEMS: o.items = ec_opt_int("--items", optarg, 1, 10000000); break;
		case OPT_DAYS: o.days = ec_opt_int("--days", optarg, 1, 3660); break;
		case OPT_START: o.start = parse_date(optarg); break;
		case OPT_SCALE: o.scale = ec_opt_double("--scale", optarg, 1e-6, 1e6); break;
		case OPT_LANG: {
			char *items[4];
			size_t n = ec_opt_list("--lang", optarg, items, 2);
			for (size_t i = 0; i < n; i++) {
				if (!strcmp(items[i], "zh"))
					o.lang[i] = EC_SYNTH_ZH;
				else if (!strcmp(items[i], "en"))
					o.lang[i] = EC_SYNTH_EN;
				else
					ec_usage_error("--lang: '%s' is not zh or en", items[i]);
			}
			o.nlang = (int)n;
			if (n == 2 && o.lang[0] == o.lang[1])
				ec_usage_error("--lang: '%s' is given twice", items[0]);
			break;
		}
		default:
			fprintf(stderr, "Try 'ec-synth --help' for more information.\n");
			return EC_EXIT_USAGE;
		}
	}
	if (optind < argc)
		ec_usage_error("unexpected argument '%s'", argv[optind]);
	if (!dir || !*dir)
		ec_usage_error("no output directory: use -o DIR");
	const char *why = ec_synth_check(&o);
	if (why)
		ec_usage_error("%s", why);
	o.version = EC_VERSION;
	o.progress = on_progress;

	make_dir(dir);
	struct ec_output *out[EC_SYNTH_NFILES];
	size_t dl = strlen(dir);
	for (int f = 0; f < EC_SYNTH_NFILES; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
		         ec_synth_file_names[f]);
		out[f] = ec_cli_output(path, EC_COMPRESS_AUTO);
	}
	struct ec_synth_stats st;
	char err[1024];
	if (ec_synth_run(&o, out, &st, err, sizeof err) < 0)
		ec_die("%s", err);
	ec_progress_done();
	for (int f = 0; f < EC_SYNTH_NFILES; f++)
		ec_cli_commit(out[f]);
	if (!quiet)
		fprintf(stderr, "ec-synth: %llu users, %llu items, %llu days: %llu events "
		        "(%llu sessions, %llu orders), %llu reviews, %llu queries, %llu questions "
		        "in %s\n",
		        (unsigned long long)st.users, (unsigned long long)st.items,
		        (unsigned long long)st.days, (unsigned long long)st.events,
		        (unsigned long long)st.sessions, (unsigned long long)st.orders,
		        (unsigned long long)st.reviews, (unsigned long long)st.queries,
		        (unsigned long long)st.questions, dir);
	return EC_EXIT_OK;
}
