/*
 * test_synth.c: unit tests of lib/ec_synth.h, the synthetic shop, at the
 * library level (the CLI and the planted-truth checks are the golden tests
 * in tests/cli/ec-synth/).
 *
 * Covered: the option check returns a message and never prints; a run into
 * outputs opened by the caller writes all nine files; truth.json is valid
 * JSON (jansson) whose counts equal the records in the files; a second run
 * gives the same bytes; users are numbered so that --scale only adds users;
 * the anonymous and registered events and orders are consistent (every
 * return names an order that was purchased earlier).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ec_buf.h"
#include "ec_stream.h"
#include "ec_synth.h"

static char *slurp(const char *path, size_t *n)
{
	struct ec_input *in;
	char err[256];
	if (ec_input_open(&in, path, err, sizeof err) < 0) {
		printf("%s\n", err);
		return NULL;
	}
	struct ec_buf b = EC_BUF_INIT;
	char chunk[65536];
	if (ec_input_next_member(in) == 1) {
		ssize_t k;
		while ((k = ec_input_read(in, chunk, sizeof chunk)) > 0)
			ec_buf_add(&b, chunk, (size_t)k);
	}
	ec_input_close(in);
	return ec_buf_detach(&b, n);
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

/* Run the generator into dir; 0 or -1. */
static int run(const struct ec_synth_opts *o, const char *dir, struct ec_synth_stats *st)
{
	struct ec_output *out[EC_SYNTH_NFILES];
	char err[512], path[512];
	for (int f = 0; f < EC_SYNTH_NFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, ec_synth_file_names[f]);
		if (ec_output_open(&out[f], path, EC_COMPRESS_AUTO, err, sizeof err) < 0) {
			printf("%s\n", err);
			return -1;
		}
	}
	int rc = ec_synth_run(o, out, st, err, sizeof err);
	if (rc < 0)
		printf("ec_synth_run: %s\n", err);
	for (int f = 0; f < EC_SYNTH_NFILES; f++) {
		if (rc < 0)
			ec_output_abort(out[f]);
		else if (ec_output_commit(out[f], err, sizeof err) < 0)
			rc = -1;
	}
	return rc;
}

static char *mkdir_tmp(void)
{
	char tmpl[] = "/tmp/test_synth.XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static void rm_dir(const char *dir)
{
	char path[512];
	for (int f = 0; f < EC_SYNTH_NFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, ec_synth_file_names[f]);
		unlink(path);
	}
	rmdir(dir);
}

static void check_options(void **state)
{
	(void)state;
	struct ec_synth_opts o;
	ec_synth_defaults(&o);
	assert_null(ec_synth_check(&o));
	assert_int_equal(o.users, 2000);
	assert_int_equal(o.items, 500);
	assert_int_equal(o.days, 120);
	assert_int_equal(ec_synth_users(&o), 2000);
	o.scale = 0.5;
	assert_int_equal(ec_synth_users(&o), 1000);
	o.scale = 1e-9;
	assert_int_equal(ec_synth_users(&o), 1);
	o.scale = 1;
	o.items = 0;
	assert_string_equal(ec_synth_check(&o), "items must be at least 1");
	o.items = 30;
	o.days = 0;
	assert_non_null(ec_synth_check(&o));
	o.days = 3;
	o.nlang = 2;
	o.lang[0] = o.lang[1] = EC_SYNTH_EN;
	assert_string_equal(ec_synth_check(&o), "a language is given twice");
	o.lang[1] = EC_SYNTH_ZH;
	o.scale = 1e6;
	assert_non_null(ec_synth_check(&o));
	/* a bad option makes ec_synth_run fail with the same message */
	o.scale = 1;
	o.items = 0;
	char err[128] = "";
	struct ec_output *out[EC_SYNTH_NFILES] = { 0 };
	assert_int_equal(ec_synth_run(&o, out, NULL, err, sizeof err), -1);
	assert_string_equal(err, "items must be at least 1");
}

static void tiny_shop(void **state)
{
	(void)state;
	struct ec_synth_opts o;
	ec_synth_defaults(&o);
	o.seed = 11;
	o.users = 200;
	o.items = 40;
	o.days = 14;
	struct ec_synth_stats st;
	char *a = mkdir_tmp(), *b = mkdir_tmp();
	assert_int_equal(run(&o, a, &st), 0);
	assert_int_equal(run(&o, b, NULL), 0);
	assert_true(st.events > 1000);
	assert_true(st.orders > 0 && st.purchases >= st.orders);
	assert_true(st.reviews > 0 && st.queries > 0);

	char path[512];
	size_t n[EC_SYNTH_NFILES];
	char *data[EC_SYNTH_NFILES];
	for (int f = 0; f < EC_SYNTH_NFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", a, ec_synth_file_names[f]);
		data[f] = slurp(path, &n[f]);
		assert_non_null(data[f]);
		/* the second run: the same bytes */
		snprintf(path, sizeof path, "%s/%s", b, ec_synth_file_names[f]);
		size_t m;
		char *again = slurp(path, &m);
		assert_non_null(again);
		assert_int_equal(m, n[f]);
		assert_memory_equal(again, data[f], m);
		free(again);
	}
	assert_int_equal(count_lines(data[EC_SYNTH_CATALOG], n[EC_SYNTH_CATALOG]), 41);
	assert_int_equal(count_lines(data[EC_SYNTH_EVENTS], n[EC_SYNTH_EVENTS]), st.events);
	assert_int_equal(count_lines(data[EC_SYNTH_PRICES], n[EC_SYNTH_PRICES]), 1 + 40 * 14);
	assert_int_equal(count_lines(data[EC_SYNTH_SALES], n[EC_SYNTH_SALES]), 1 + (40 + 30) * 14);
	assert_int_equal(count_lines(data[EC_SYNTH_REVIEWS], n[EC_SYNTH_REVIEWS]), st.reviews);
	assert_int_equal(count_lines(data[EC_SYNTH_QUERIES], n[EC_SYNTH_QUERIES]), st.queries);
	assert_int_equal(count_lines(data[EC_SYNTH_FAQ], n[EC_SYNTH_FAQ]), 30);
	assert_int_equal(count_lines(data[EC_SYNTH_QUESTIONS], n[EC_SYNTH_QUESTIONS]), st.questions);

	/* truth.json: valid JSON, counts as returned */
	json_error_t jerr;
	json_t *t = json_loadb(data[EC_SYNTH_TRUTH], n[EC_SYNTH_TRUTH], 0, &jerr);
	if (!t)
		printf("truth.json:%d: %s\n", jerr.line, jerr.text);
	assert_non_null(t);
	json_t *c = json_object_get(t, "counts");
	assert_int_equal(json_integer_value(json_object_get(c, "events")), st.events);
	assert_int_equal(json_integer_value(json_object_get(c, "orders")), st.orders);
	assert_int_equal(json_integer_value(json_object_get(c, "reviews")), st.reviews);
	assert_int_equal(json_integer_value(json_object_get(t, "seed")), 11);
	assert_int_equal(json_object_size(json_object_get(t, "users")), 200);
	assert_int_equal(json_object_size(json_object_get(t, "items")), 40);
	assert_int_equal(json_object_size(json_object_get(t, "elasticity")), 40);
	assert_int_equal(json_array_size(json_object_get(t, "associations")), 6);
	/* each user's three top leaves are distinct, their weights descending */
	const char *key;
	json_t *u;
	json_object_foreach(json_object_get(t, "users"), key, u) {
		json_t *top = json_object_get(u, "top");
		assert_int_equal(json_array_size(top), 3);
		double w0 = json_number_value(json_array_get(json_array_get(top, 0), 1));
		double w1 = json_number_value(json_array_get(json_array_get(top, 1), 1));
		double w2 = json_number_value(json_array_get(json_array_get(top, 2), 1));
		assert_true(w0 >= w1 && w1 >= w2 && w0 > 0);
		const char *l0 = json_string_value(json_array_get(json_array_get(top, 0), 0));
		const char *l1 = json_string_value(json_array_get(json_array_get(top, 1), 0));
		assert_non_null(strchr(l0, '/'));
		assert_true(strcmp(l0, l1) != 0);
	}
	/* topic word lists: no word in two topics of a set, per language */
	const char *sets[2] = { "reviews", "queries" };
	for (int s = 0; s < 2; s++) {
		json_t *topics = json_object_get(json_object_get(json_object_get(t, "topics"), sets[s]),
		                                 "topics");
		assert_int_equal(json_array_size(topics), 8);
		for (int lang = 0; lang < 2; lang++) {
			json_t *seen = json_object();
			size_t i, j;
			json_t *tp, *w;
			json_array_foreach(topics, i, tp) {
				json_array_foreach(json_object_get(tp, lang ? "en" : "zh"), j, w) {
					const char *word = json_string_value(w);
					if (json_object_get(seen, word))
						printf("%s: '%s' in two topics\n", sets[s], word);
					assert_null(json_object_get(seen, word));
					json_object_set_new(seen, word, json_true());
				}
			}
			json_decref(seen);
		}
	}
	json_decref(t);

	/* every return names an order purchased earlier in the file */
	json_t *orders = json_object();
	char *line = data[EC_SYNTH_EVENTS], *end = line + n[EC_SYNTH_EVENTS];
	size_t returns = 0;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		json_t *e = json_loadb(line, (size_t)(nl - line), 0, &jerr);
		assert_non_null(e);
		const char *ev = json_string_value(json_object_get(e, "event"));
		const char *ord = json_string_value(json_object_get(e, "order"));
		if (!strcmp(ev, "purchase")) {
			assert_non_null(ord);
			json_object_set_new(orders, ord, json_true());
		} else if (!strcmp(ev, "return")) {
			assert_non_null(ord);
			assert_non_null(json_object_get(orders, ord));
			returns++;
		} else if (!strcmp(ev, "search")) {
			assert_null(json_object_get(e, "item"));
			assert_non_null(json_object_get(e, "text"));
		}
		json_decref(e);
		line = nl + 1;
	}
	assert_int_equal(returns, st.returns);
	assert_int_equal(json_object_size(orders), st.orders);
	json_decref(orders);

	for (int f = 0; f < EC_SYNTH_NFILES; f++)
		free(data[f]);
	rm_dir(a);
	rm_dir(b);
	free(a);
	free(b);
}

static void scale_adds_users(void **state)
{
	(void)state;
	struct ec_synth_opts o;
	ec_synth_defaults(&o);
	o.users = 30;
	o.items = 30;
	o.days = 2;
	char *a = mkdir_tmp(), *b = mkdir_tmp();
	assert_int_equal(run(&o, a, NULL), 0);
	o.users = 60;
	o.scale = 0.5;
	assert_int_equal(run(&o, b, NULL), 0);
	char pa[512], pb[512];
	size_t na, nb;
	snprintf(pa, sizeof pa, "%s/events.jsonl.zst", a);
	snprintf(pb, sizeof pb, "%s/events.jsonl.zst", b);
	char *da = slurp(pa, &na), *db = slurp(pb, &nb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	free(da);
	free(db);
	rm_dir(a);
	rm_dir(b);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_options),
		cmocka_unit_test(tiny_shop),
		cmocka_unit_test(scale_adds_users),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
