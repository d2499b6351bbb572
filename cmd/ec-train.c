/*
 * ec-train: one front door for every model ec learns. The model family is
 * chosen with -m and the work is done by the part in cmd/ec-train/:
 *
 *   itemknn, ease, als, pop   candidate models from implicit feedback
 *                             (cmd/ec-train/cf.c, see ec-train-cf(1))
 *   lr, wd, din               click-through models on labelled samples
 *                             (cmd/ec-train/ctr.c, see ec-train-ctr(1))
 *
 * Each part is a main() of its own (train_cf_main, train_ctr_main) that sees
 * the whole command line, so options stay declared in one place per family.
 */
#include "ec_cli.h"

#include <stdio.h>
#include <string.h>

int train_cf_main(int argc, char **argv) __attribute__((weak));
int train_ctr_main(int argc, char **argv) __attribute__((weak));

static const char usage_text[] =
"usage: ec-train -m MODEL [options] FILE...\n"
"\n"
"Train a model and write it (-o FILE) in ec's model-file container.\n"
"\n"
"Candidate models, from canonical events (see ec-train-cf(1)):\n"
"  -m itemknn    item-item cosine or Jaccard neighbours with shrinkage\n"
"  -m ease       EASE, the closed-form linear item-item model (Steck 2019)\n"
"  -m als        implicit-feedback ALS (Hu, Koren, Volinsky 2008)\n"
"  -m pop        most popular items (the floor every model must beat)\n"
"\n"
"Click-through models, from labelled samples (see ec-train-ctr(1)):\n"
"  -m lr         logistic regression by FTRL-Proximal (McMahan et al. 2013)\n"
"  -m wd         Wide & Deep (Cheng et al. 2016)\n"
"  -m din        Deep Interest Network (Zhou et al. 2018)\n"
"\n"
"  -h, --help     this help (with -m: the help of that family)\n"
"  -V, --version  version and library versions\n"
"\n"
"Exit status: 0 success, 1 data or runtime error, 2 usage error.\n";

/* The value of -m/--model anywhere on the command line, or NULL. */
static const char *model_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if ((!strcmp(a, "-m") || !strcmp(a, "--model")) && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(a, "--model=", 8))
			return a + 8;
		if (a[0] == '-' && a[1] == 'm' && a[2])
			return a + 2;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	ec_cli_init("ec-train");
	const char *m = model_arg(argc, argv);
	if (!m) {
		for (int i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
				fputs(usage_text, stdout);
				return EC_EXIT_OK;
			}
			if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version"))
				ec_cli_version();
		}
		ec_usage_error("no model: give -m itemknn, ease, als, pop, lr, wd or din");
	}
	int (*part)(int, char **) = NULL;
	if (!strcmp(m, "itemknn") || !strcmp(m, "ease") || !strcmp(m, "als") ||
	    !strcmp(m, "pop"))
		part = train_cf_main;
	else if (!strcmp(m, "lr") || !strcmp(m, "wd") || !strcmp(m, "din"))
		part = train_ctr_main;
	else
		ec_usage_error("-m: '%s' is not itemknn, ease, als, pop, lr, wd or din", m);
	if (!part)
		ec_die("-m %s: this build has no such model family", m);
	return part(argc, argv);
}
