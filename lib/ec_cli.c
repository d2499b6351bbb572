/*
 * ec_cli.c: messages, exits, strict option parsing, progress and cleanup of
 * registered outputs for the programs in cmd/ (see ec_cli.h).
 */
#include "ec_cli.h"
#include "ec_record.h"
#include "ec_text.h"

#include <archive.h>
#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include <xxhash.h>
#include <zlib.h>
#include <zstd.h>

#ifndef EC_VERSION
#define EC_VERSION "0"
#endif

static const char *prog = "ec";

#define MAX_OUT 16
static struct ec_output *outs[MAX_OUT];
static volatile sig_atomic_t nouts;

#define MAX_TEMP 8
static const char *temps[MAX_TEMP];
static volatile sig_atomic_t ntemps;

static void remove_temps(void)
{
	for (int i = 0; i < nouts; i++)
		if (outs[i] && ec_output_temp_path(outs[i]))
			unlink(ec_output_temp_path(outs[i]));
	for (int i = 0; i < ntemps; i++)
		if (temps[i])
			unlink(temps[i]);
}

static void on_signal(int sig)
{
	remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

void ec_cli_init(const char *p)
{
	const char *s = strrchr(p, '/');
	prog = s ? s + 1 : p;
}

const char *ec_cli_prog(void) { return prog; }

static void vmsg(const char *fmt, va_list ap)
{
	ec_progress_done();
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ec_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	remove_temps();
	exit(EC_EXIT_DATA);
}

void ec_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void ec_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	remove_temps();
	exit(EC_EXIT_USAGE);
}

void ec_cli_version(void)
{
	printf("%s (ec) %s\n", prog, EC_VERSION);
	printf("libcsv %d.%d.%d, jansson %s, %s, zstd %s, zlib %s, libsodium %s, "
	       "utf8proc %s, xxhash %u\n",
	       CSV_MAJOR, CSV_MINOR, CSV_RELEASE, jansson_version_str(),
	       archive_version_string(), ZSTD_versionString(), zlibVersion(),
	       sodium_version_string(), utf8proc_version(), XXH_versionNumber());
	exit(EC_EXIT_OK);
}

long long ec_opt_int(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno)
		ec_usage_error("%s: '%s' is not an integer", opt, s);
	if (v < lo || v > hi)
		ec_usage_error("%s: %lld is out of range [%lld, %lld]", opt, v, lo, hi);
	return v;
}

double ec_opt_double(const char *opt, const char *s, double lo, double hi)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v))
		ec_usage_error("%s: '%s' is not a number", opt, s);
	if (v < lo || v > hi)
		ec_usage_error("%s: %g is out of range [%g, %g]", opt, v, lo, hi);
	return v;
}

/* One decimal number of s, up to the stop byte; 0 or -1. */
static int shard_num(const char **s, int stop, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = 10 * x + (uint64_t)(*p - '0');
	}
	if (*p != stop)
		return -1;
	*v = x;
	*s = *p ? p + 1 : p;
	return 0;
}

void ec_opt_shard(const char *opt, const char *s, struct ec_shard *sh)
{
	const char *p = s;
	uint64_t i, n;
	if (shard_num(&p, '/', &i) < 0 || shard_num(&p, 0, &n) < 0 || n == 0 || i >= n)
		ec_usage_error("%s: '%s' is not I/N with 0 <= I < N", opt, s);
	sh->i = i;
	sh->n = n;
}

int ec_shard_mine(const struct ec_shard *sh, const char *key, size_t n)
{
	return sh->n == 0 || XXH3_64bits(key, n) % sh->n == sh->i;
}

static void catch_signals(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* the ways a run ends by signal: interrupted, killed by cron's
	 * timeout, reader of the pipe gone, file size limit */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);
	signal(SIGXFSZ, on_signal);
}

void ec_cli_temp(const char *path)
{
	catch_signals();
	if (ntemps < MAX_TEMP) {
		temps[ntemps] = path;
		ntemps++;
	}
}

struct ec_output *ec_cli_output(const char *path, enum ec_compress c)
{
	char err[512];
	struct ec_output *o;
	if (ec_output_open(&o, path, c, err, sizeof err) < 0)
		ec_die("%s", err);
	catch_signals();
	if (nouts < MAX_OUT) {
		outs[nouts] = o;
		nouts++;
	}
	return o;
}

static void unregister(struct ec_output *o)
{
	for (int i = 0; i < nouts; i++)
		if (outs[i] == o)
			outs[i] = NULL;
}

void ec_cli_commit(struct ec_output *o)
{
	char err[512];
	unregister(o);
	if (ec_output_commit(o, err, sizeof err) < 0)
		ec_die("%s", err);
}

static int progress_shown;
static double progress_last, progress_t0;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void ec_progress(uint64_t records, uint64_t bytes)
{
	static int tty = -1;
	if (tty < 0)
		tty = isatty(2);
	if (!tty)
		return;
	double t = now_s();
	if (progress_t0 == 0)
		progress_t0 = t;
	if (t - progress_last < 0.5)
		return;
	progress_last = t;
	double el = t - progress_t0;
	fprintf(stderr, "\r%s: %.1fM records, %.1f MB/s   ", prog, records / 1e6,
	        el > 0 ? bytes / 1e6 / el : 0.0);
	progress_shown = 1;
}

void ec_progress_done(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
}

size_t ec_opt_list(const char *opt, char *s, char **items, size_t max)
{
	size_t n = 0;
	if (!*s)
		ec_usage_error("%s: empty list", opt);
	for (char *t; (t = strsep(&s, ",")) != NULL;) {
		if (!*t)
			ec_usage_error("%s: item %zu is empty", opt, n + 1);
		if (n == max)
			ec_usage_error("%s: more than %zu items", opt, max);
		items[n++] = t;
	}
	return n;
}

size_t ec_opt_pairs(const char *opt, char *s, char **keys, char **vals, size_t max)
{
	size_t n = ec_opt_list(opt, s, keys, max);
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(keys[i], '=');
		if (!eq || eq == keys[i])
			ec_usage_error("%s: '%s' is not NAME=VALUE", opt, keys[i]);
		*eq = '\0';
		vals[i] = eq + 1;
	}
	return n;
}

/* ---- bad records ---- */

void ec_rejects_open(struct ec_rejects *r, const char *path, long long max_errors)
{
	memset(r, 0, sizeof *r);
	r->max_errors = max_errors;
	if (!path)
		return;
	static const char *const names[] = { "source", "line", "reason", "raw" };
	static const enum ec_col_type types[] = { EC_COL_STR, EC_COL_NUM, EC_COL_STR, EC_COL_STR };
	r->out = ec_cli_output(path, EC_COMPRESS_AUTO);
	if (ec_writer_open(&r->w, r->out, EC_FORMAT_JSONL, names, types, 4) < 0)
		ec_die("%s: cannot write", path);
}

/* s[0..n) with ill-formed UTF-8 bytes replaced by U+FFFD (JSON needs it) */
static const char *valid_utf8(struct ec_buf *b, const char *s, size_t n, size_t *outn)
{
	size_t bad;
	if (ec_utf8_valid(s, n, &bad)) {
		*outn = n;
		return s;
	}
	ec_buf_reset(b);
	while (n) {
		if (ec_utf8_valid(s, n, &bad))
			bad = n;
		ec_buf_add(b, s, bad);
		if (bad == n)
			break;
		ec_buf_add(b, "\xEF\xBF\xBD", 3);
		s += bad + 1;
		n -= bad + 1;
	}
	*outn = b->len;
	return b->data;
}

void ec_rejects_add(struct ec_rejects *r, const char *source, long line, const char *raw,
                    size_t rawlen, const char *reason)
{
	r->n++;
	if (r->w) {
		char lb[24];
		snprintf(lb, sizeof lb, "%ld", line);
		size_t n;
		const char *fixed = valid_utf8(&r->fix, raw ? raw : "", raw ? rawlen : 0, &n);
		const char *v[4] = { source, lb, reason, fixed };
		size_t l[4] = { strlen(source), strlen(lb), strlen(reason), n };
		if (ec_writer_write(r->w, v, l) < 0)
			ec_die("%s", ec_output_error(r->out));
	} else if (r->max_errors >= 0) {
		ec_warn("%s:%ld: %s", source, line, reason);
	} else {
		ec_die("%s:%ld: %s", source, line, reason);
	}
	if (r->max_errors >= 0 && r->n > (uint64_t)r->max_errors)
		ec_die("%s:%ld: more than %lld bad records (--max-errors)", source, line,
		       r->max_errors);
}

void ec_rejects_close(struct ec_rejects *r)
{
	if (r->w) {
		ec_writer_close(r->w);
		ec_cli_commit(r->out);
	}
	ec_buf_free(&r->fix);
	r->w = NULL;
	r->out = NULL;
}
