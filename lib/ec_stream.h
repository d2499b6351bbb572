/*
 * ec_stream: bytes in and bytes out, whatever the compression.
 *
 * Input goes through libarchive with every compression filter and the tar,
 * zip, cpio and raw formats enabled, so compression (zstd, gzip, bzip2, xz,
 * lz4, ...) is detected from content, never from the file name, and a tar or
 * zip archive is a sequence of members. A plain or compressed single file is
 * one member. Truncated or corrupt compressed data is an error, never a short
 * input: libarchive's filters report an incomplete frame at end of input.
 *
 * Output goes to stdout or to a temporary file beside the target that
 * ec_output_commit() renames into place, so a failed run never leaves a half
 * file where yesterday's good one was. Compression of output: zstd (libzstd)
 * or gzip (zlib), chosen by the caller or by the target's suffix.
 *
 * Neither side prints or exits: errors return -1 and leave a message, with
 * the file name, in the handle (ec_input_error / ec_output_error).
 */
#ifndef EC_STREAM_H
#define EC_STREAM_H

#include <stddef.h>
#include <sys/types.h>

struct ec_input;

/*
 * Open `path` ("-" is stdin) for reading. On success *in is set and 0 is
 * returned. On failure -1 is returned, *in is NULL and `err` (errlen bytes)
 * holds "PATH: reason".
 */
int ec_input_open(struct ec_input **in, const char *path, char *err, size_t errlen);

/*
 * Advance to the next regular member (the first call opens the first one).
 * Returns 1 when a member is ready for ec_input_read, 0 when there are no
 * more, -1 on error. Directories, links and macOS resource forks
 * (__MACOSX/, ._*) inside archives are skipped.
 */
int ec_input_next_member(struct ec_input *in);

/* Read up to n bytes of the current member: >0 bytes, 0 at member end, -1 error. */
ssize_t ec_input_read(struct ec_input *in, void *buf, size_t n);

/* "PATH" for a plain file, "PATH(MEMBER)" for an archive member. Borrowed. */
const char *ec_input_name(const struct ec_input *in);
/* 1 when the input is a tar/zip/cpio archive, 0 otherwise. */
int ec_input_is_archive(const struct ec_input *in);
/* Bytes consumed from the underlying file so far (compressed size). */
long long ec_input_raw_bytes(const struct ec_input *in);
/* The last error message, "" if none. Borrowed. */
const char *ec_input_error(const struct ec_input *in);
void ec_input_close(struct ec_input *in);

enum ec_compress {
	EC_COMPRESS_AUTO = -1, /* from the target's suffix: .zst, .gz */
	EC_COMPRESS_NONE = 0,
	EC_COMPRESS_ZSTD,
	EC_COMPRESS_GZIP,
};

struct ec_output;

/*
 * Open an output. `path` NULL or "-" is stdout; otherwise a temporary file
 * ".NAME.XXXXXX" is created in the target's directory. A target that exists
 * and is not a regular file (/dev/null, /dev/stdout, a FIFO) is written
 * directly: there is nothing to replace atomically. /dev/stdout,
 * /dev/stderr, /dev/fd/N and /proc/self/fd/N write to a duplicate of that
 * descriptor, whatever it is open on, so "-o /dev/stdout >> log" appends.
 * A symbolic link is followed: the file it points at is replaced, the link
 * stays. A replaced file keeps its permissions. `c` EC_COMPRESS_AUTO
 * picks zstd for ".zst", gzip for ".gz", none otherwise (stdout: none).
 * Returns 0, or -1 with "PATH: reason" in err.
 */
int ec_output_open(struct ec_output **out, const char *path, enum ec_compress c,
                   char *err, size_t errlen);
/* Append n bytes. 0 or -1 (message in ec_output_error). */
int ec_output_write(struct ec_output *o, const void *p, size_t n);
/*
 * Finish: flush compression, fsync and rename the temporary file onto the
 * target (stdout: flush). Frees o in every case. 0, or -1 with the message
 * copied to err; on failure the target is untouched and the temp removed.
 */
int ec_output_commit(struct ec_output *o, char *err, size_t errlen);
/* Give up: remove the temporary file, free o. Target untouched. */
void ec_output_abort(struct ec_output *o);
/* Temporary file path (NULL for stdout), for signal-time cleanup. Borrowed. */
const char *ec_output_temp_path(const struct ec_output *o);
const char *ec_output_error(const struct ec_output *o);

#endif
