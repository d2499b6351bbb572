/*
 * read_all.h: what fuzz_csv.c and fuzz_jsonl.c share.
 *
 * ec_reader_open takes paths, not memory, because every input goes through
 * libarchive (ec_stream) to detect compression and archives. So the fuzz
 * input is put in an anonymous memory file (memfd_create(2)) and handed to
 * the reader as /proc/self/fd/N, which opens it afresh at offset 0; no file
 * is left behind and nothing touches the disk. One memfd serves every run
 * (truncated and rewritten), so millions of runs do not churn descriptors.
 * Where memfd_create is missing (an old kernel), a mkstemp file under
 * TMPDIR is used instead.
 *
 * read_all() then reads every record until END or FATAL and touches every
 * byte the reader hands out, so that AddressSanitizer sees any read past a
 * field, a stale pointer after compaction, or a missing terminating NUL. It
 * also checks the parts of the ec_record.h contract that can be checked from
 * outside and abort()s when one is broken, which libFuzzer reports as a
 * crash like any other:
 *   - on EC_READ_OK, rec->nfields <= ec_reader_ncols(r) and line >= 1;
 *   - val[i][len[i]] == '\0' for every present value;
 *   - the reader makes progress: a record, even a bad one, is at least one
 *     byte, so more than 2 * ec_reader_bytes() + 16 records is a loop.
 *
 * Static functions in a header because the Makefile links each target from
 * exactly fuzz_X.c + replay.c + libec.a; there is no third object to put
 * this in.
 */
#ifndef EC_FUZZ_READ_ALL_H
#define EC_FUZZ_READ_ALL_H

#include "ec_record.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decompression bombs are not what these targets look for: stop a pass
 * after this many uncompressed bytes, and cap one record well below the
 * 64 MiB default so that one input cannot take seconds. */
#define FUZZ_MAX_BYTES (8LL << 20)
#define FUZZ_MAX_RECORD ((size_t)1 << 20)

static int fuzz_fd = -1;
/* Checksums of what was read end here, so that no read is optimised away. */
static volatile unsigned fuzz_sink;
static char fuzz_path[64];

/* Put data[0..size) into the memory file; its path is fuzz_path. */
static void fuzz_put(const uint8_t *data, size_t size)
{
	if (fuzz_fd < 0) {
		fuzz_fd = memfd_create("ec-fuzz", MFD_CLOEXEC);
		if (fuzz_fd >= 0) {
			snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
		} else {
			const char *dir = getenv("TMPDIR");
			snprintf(fuzz_path, sizeof fuzz_path, "%s/ec-fuzz.XXXXXX",
			         dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
			fuzz_fd = mkstemp(fuzz_path);
			if (fuzz_fd < 0) {
				perror("fuzz: cannot create a temporary file");
				abort();
			}
			/* The name stays valid while the process lives; remove it at
			 * exit would need atexit, and a leftover in /tmp is harmless
			 * next to a broken memfd_create. */
		}
	}
	if (ftruncate(fuzz_fd, 0) < 0) {
		perror("fuzz: ftruncate");
		abort();
	}
	size_t off = 0;
	while (off < size) {
		ssize_t w = pwrite(fuzz_fd, data + off, size - off, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			perror("fuzz: write");
			abort();
		}
		off += (size_t)w;
	}
}

static unsigned fuzz_touch(const char *p, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)p[i];
	return sum;
}

static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: reader contract broken: %s\n", what);
	abort();
}

/* Open fuzz_path with o, given npaths (1 or 2) times as if it were that
 * many files, and read to the end. Twice exercises what ec-ingest does
 * with several files: the second is concatenated, its header row skipped
 * when it equals the first one's. Returns a checksum of what was read. */
static unsigned read_all(const struct ec_reader_opts *o, size_t npaths)
{
	const char *paths[] = { fuzz_path, fuzz_path };
	struct ec_reader *r;
	char err[512];
	unsigned sum = 0;
	if (ec_reader_open(&r, paths, npaths, o, err, sizeof err) < 0)
		return fuzz_touch(err, strlen(err));
	for (size_t i = 0; i < ec_reader_ncols(r); i++) {
		const char *c = ec_reader_colname(r, i);
		sum += fuzz_touch(c, strlen(c));
	}
	long long nrec = 0;
	for (;;) {
		struct ec_record rec;
		memset(&rec, 0, sizeof rec);
		int k = ec_reader_next(r, &rec);
		if (k == EC_READ_END)
			break;
		if (k == EC_READ_FATAL) {
			const char *e = ec_reader_error(r);
			sum += fuzz_touch(e, strlen(e));
			break;
		}
		nrec++;
		if (nrec > 2 * ec_reader_bytes(r) + 16)
			fuzz_fail("more records than bytes consumed (no progress)");
		if (rec.source)
			sum += fuzz_touch(rec.source, strlen(rec.source));
		if (rec.raw)
			sum += fuzz_touch(rec.raw, rec.rawlen);
		if (k == EC_READ_BAD) {
			const char *e = ec_reader_error(r);
			sum += fuzz_touch(e, strlen(e));
			/* On BAD only source, line and raw are promised. */
			continue;
		}
		if (k != EC_READ_OK)
			fuzz_fail("unknown return code");
		if (rec.nfields > ec_reader_ncols(r))
			fuzz_fail("nfields > ncols");
		if (rec.line < 1)
			fuzz_fail("line < 1");
		for (size_t i = 0; i < rec.nfields; i++) {
			if (!rec.val[i])
				continue;
			sum += fuzz_touch(rec.val[i], rec.len[i]);
			if (rec.val[i][rec.len[i]] != '\0')
				fuzz_fail("value not NUL-terminated at len");
		}
		/* Columns may have grown (JSONL); their names must be readable. */
		for (size_t i = 0; i < ec_reader_ncols(r); i++) {
			const char *c = ec_reader_colname(r, i);
			sum += (unsigned char)c[0];
		}
		if (ec_reader_bytes(r) > FUZZ_MAX_BYTES)
			break;
	}
	ec_reader_close(r);
	return sum;
}

#endif
