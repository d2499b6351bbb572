/*
 * ec_cli: the small helper library of the front ends in cmd/ (OpenBSD's
 * err(3) idiom, libarchive's shared "cat/tar/cpio" helpers). It is the only
 * part of libec that prints or exits.
 *
 * Messages: "PROG: what" or "PROG: FILE:LINE: what" on stderr. Exit codes:
 * 0 success, 1 data or runtime error, 2 usage (EC_EXIT_*).
 *
 * Outputs opened through ec_cli_output() are registered: ec_die() and
 * SIGINT/SIGTERM/SIGHUP/SIGPIPE/SIGXFSZ remove their temporary files, so an interrupted or
 * failed run never leaves a partial file behind nor replaces a good one.
 */
#ifndef EC_CLI_H
#define EC_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "ec_buf.h"
#include "ec_stream.h"

enum { EC_EXIT_OK = 0, EC_EXIT_DATA = 1, EC_EXIT_USAGE = 2 };

/* Set the program name used in messages (call first in main). */
void ec_cli_init(const char *prog);
const char *ec_cli_prog(void);

/* "PROG: msg" and exit(1); temporary outputs are removed. */
_Noreturn void ec_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: msg" and carry on. */
void ec_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: msg\nTry 'PROG --help' for more information." and exit(2). */
_Noreturn void ec_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "PROG VERSION" and the versions of the libraries linked, exit 0. */
_Noreturn void ec_cli_version(void);

/*
 * Strict option values: whole string, range checked; on failure a usage
 * error naming the option ("--max-errors: 'x' is not an integer").
 */
long long ec_opt_int(const char *opt, const char *s, long long lo, long long hi);
double ec_opt_double(const char *opt, const char *s, double lo, double hi);

/*
 * Scale-out by key (DESIGN.md "Scale beyond one machine"): `--shard I/N`
 * keeps the records whose key hashes to I, XXH3-64 of the key's bytes
 * modulo N, so that N runs over the same input share the keys and each key
 * lands in exactly one of them. n == 0: no sharding (every key is mine).
 */
struct ec_shard {
	uint64_t i, n;
};
/* Parse "I/N" (decimal, 0 <= I < N); a usage error naming opt otherwise
 * ("--shard: '3/2' is not I/N with 0 <= I < N"). */
void ec_opt_shard(const char *opt, const char *s, struct ec_shard *sh);
/* 1 when key[0..n) belongs to the shard (always when sh->n == 0). */
int ec_shard_mine(const struct ec_shard *sh, const char *key, size_t n);

/* Open an output (see ec_output_open) and register it; dies on failure. */
struct ec_output *ec_cli_output(const char *path, enum ec_compress c);
/* Register a temporary file of the program's own (borrowed path), removed
 * by ec_die() and on the signals above; the program removes it on a normal
 * exit. */
void ec_cli_temp(const char *path);

/* Commit a registered output; dies with the message on failure. */
void ec_cli_commit(struct ec_output *o);

/*
 * Progress on stderr, only when stderr is a terminal, at most twice a
 * second: "\rPROG: 1.2M records, 45.1 MB/s". ec_progress_done clears it.
 */
void ec_progress(uint64_t records, uint64_t bytes);
void ec_progress_done(void);

/*
 * Split "a=b,c=d" into pairs; each item must contain '='. Returns the
 * number of pairs (<= max) or dies with a usage error naming opt.
 */
size_t ec_opt_pairs(const char *opt, char *s, char **keys, char **vals, size_t max);
/* Split "a,b,c" in place; returns the count (<= max) or dies with a usage
 * error on an empty list or an empty item ("a,,b"). */
size_t ec_opt_list(const char *opt, char *s, char **items, size_t max);

/*
 * Bad records, the same way in every program: without a rejects file the
 * first bad record stops the run ("PROG: FILE:LINE: reason", exit 1);
 * with `--max-errors N` alone each is a warning and the run stops after N;
 * with `--rejects FILE` each is written there as JSONL
 * {"source","line","reason","raw"} (raw with ill-formed UTF-8 replaced by
 * U+FFFD) and the run goes on, up to N when --max-errors is given too.
 * The rejects file is an atomic output like -o: it appears at
 * ec_rejects_close(), after the main output was committed.
 */
struct ec_writer;
struct ec_rejects {
	struct ec_output *out;   /* NULL without --rejects */
	struct ec_writer *w;
	long long max_errors;    /* < 0: no limit given */
	uint64_t n;              /* bad records seen */
	struct ec_buf fix;       /* raw text made valid UTF-8 */
};

/* path NULL: no rejects file. Dies when the file cannot be opened. */
void ec_rejects_open(struct ec_rejects *r, const char *path, long long max_errors);
/* One bad record (source: file name, line: its first physical line). */
void ec_rejects_add(struct ec_rejects *r, const char *source, long line, const char *raw,
                    size_t rawlen, const char *reason);
/* Commit the rejects file (if any) and release r. */
void ec_rejects_close(struct ec_rejects *r);

#endif
