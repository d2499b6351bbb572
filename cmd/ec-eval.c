/*
 * ec-eval: quality figures of what the other programs produce. One
 * subcommand per kind of output, each a main() of its own in cmd/ec-eval/:
 *
 *   ranking   Recall@K, NDCG@K, MAP@K, HitRate@K, MRR, coverage of
 *             recommendations against held-out events (ec-eval-ranking(1))
 *   ctr       AUC, GAUC, logloss and calibration of scored samples
 *             (ec-eval-ctr(1))
 *   forecast  sMAPE, MASE, OWA, RMSSE, coverage and MSIS of forecasts
 *             (ec-eval-forecast(1))
 */
#include "ec_cli.h"

#include <stdio.h>
#include <string.h>

int eval_ranking_main(int argc, char **argv) __attribute__((weak));
int eval_ctr_main(int argc, char **argv) __attribute__((weak));
int eval_forecast_main(int argc, char **argv) __attribute__((weak));

static const char usage_text[] =
"usage: ec-eval ranking|ctr|forecast [options] FILE...\n"
"\n"
"  ranking    top-K recommendations against held-out events (ec-eval-ranking(1))\n"
"  ctr        scored samples: AUC, GAUC, logloss, calibration (ec-eval-ctr(1))\n"
"  forecast   forecasts against the truth: sMAPE, MASE, OWA, RMSSE, MSIS\n"
"             (ec-eval-forecast(1))\n"
"\n"
"  -h, --help     this help; 'ec-eval SUBCOMMAND --help' for one subcommand\n"
"  -V, --version  version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n";

int main(int argc, char **argv)
{
	ec_cli_init("ec-eval");
	if (argc < 2)
		ec_usage_error("no subcommand (ranking, ctr, forecast)");
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		fputs(usage_text, stdout);
		return EC_EXIT_OK;
	}
	if (!strcmp(sub, "-V") || !strcmp(sub, "--version"))
		ec_cli_version();
	int (*part)(int, char **) = NULL;
	if (!strcmp(sub, "ranking"))
		part = eval_ranking_main;
	else if (!strcmp(sub, "ctr"))
		part = eval_ctr_main;
	else if (!strcmp(sub, "forecast"))
		part = eval_forecast_main;
	else
		ec_usage_error("'%s' is not a subcommand (ranking, ctr, forecast)", sub);
	if (!part)
		ec_die("%s: this build has no such subcommand", sub);
	/* The part sees "ec-eval SUB args...", as argv[0..]. */
	return part(argc - 1, argv + 1);
}
