/*
 * ec_model: the one model-file container of ec, shared by every program
 * that saves a fitted model (ec-faq now; CF, CTR and LDA models later).
 *
 * A model file is self-describing and checked before anything in it is
 * trusted, because model files travel between machines (LIBLINEAR's lesson:
 * a model must round-trip exactly, whatever the locale):
 *
 *   offset  size  field
 *   0       8     magic "\x89ECMODL\n" (a high byte and a newline, as PNG's
 *                 signature, so that text-mode transfers are caught)
 *   8       4     format version, u32 little-endian (EC_MODEL_VERSION)
 *   12      4     kind length K, u32 LE, 1..EC_MODEL_KIND_MAX
 *   16      K     kind, ASCII [a-z0-9_-] ("faq", "cf", "ctr", "lda")
 *   ..      4     metadata length M, u32 LE, <= EC_MODEL_META_MAX
 *   ..      M     metadata: one compact JSON object (jansson), UTF-8
 *   ..      8     payload length P, u64 LE (uncompressed), <= EC_MODEL_PAYLOAD_MAX
 *   ..      8     compressed length C, u64 LE
 *   ..      C     payload: one zstd frame whose content size is P
 *   ..      8     XXH64 (seed 0) of every byte before it, u64 LE
 *
 * The file ends there: trailing bytes are an error. Reading checks, in
 * order, the magic, the version, the length fields against the file size,
 * the checksum, then the kind, the JSON and the zstd frame, so a truncated
 * or damaged file is reported as such rather than as a puzzling JSON or
 * zstd error, and a file of another kind or a newer version says so.
 * What the payload holds is the owner's business (each kind documents its
 * own layout); it should carry its own version in the metadata.
 *
 * Errors: functions return -1 and leave a lowercase message in err
 * ("kb.ecm: not an ec model file", "kb.ecm: damaged (checksum mismatch)",
 * "kb.ecm: a 'ctr' model, not 'faq'"). The library never prints or exits.
 *
 * Ownership: a struct ec_model owns its metadata reference and payload;
 * ec_model_free() releases them. Encoding borrows its arguments.
 */
#ifndef EC_MODEL_H
#define EC_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ec_buf.h"

#define EC_MODEL_MAGIC "\x89" "ECMODL\n"
#define EC_MODEL_MAGIC_LEN 8
#define EC_MODEL_VERSION 1u
#define EC_MODEL_KIND_MAX 32
#define EC_MODEL_META_MAX (16u << 20)             /* 16 MiB of JSON */
#define EC_MODEL_PAYLOAD_MAX ((uint64_t)1 << 34)  /* 16 GiB uncompressed */

struct ec_model {
	uint32_t version;                  /* format version of the file read */
	char kind[EC_MODEL_KIND_MAX + 1];  /* NUL-terminated */
	json_t *meta;                      /* a JSON object, owned (one reference) */
	unsigned char *payload;            /* malloc'd, payload_len bytes (NULL when 0) */
	size_t payload_len;
};

/*
 * Append the file image of a model to out: kind (1..EC_MODEL_KIND_MAX of
 * [a-z0-9_-]), meta (a JSON object; NULL: {}), payload[0..n) compressed
 * with zstd at `level` (0: zstd's default). 0, or -1 with the reason in
 * err (bad kind, metadata not an object or too large, out of memory).
 */
int ec_model_encode(struct ec_buf *out, const char *kind, const json_t *meta,
                    const void *payload, size_t n, int level, char *err, size_t errlen);

/*
 * Read a model from the file image data[0..n). `name` is used in messages
 * ("PATH"). With expect_kind non-NULL a model of another kind is an error.
 * On success fills *m (to be released with ec_model_free) and returns 0;
 * on failure returns -1, *m is zeroed and err holds "NAME: reason".
 * Never reads outside data[0..n) nor allocates more than the payload
 * length declared in a file whose checksum is right.
 */
int ec_model_decode(struct ec_model *m, const void *data, size_t n, const char *name,
                    const char *expect_kind, char *err, size_t errlen);

/*
 * Write a model to path atomically (ec_stream's temporary file and rename;
 * "-" is stdout). 0, or -1 with "PATH: reason" in err.
 */
int ec_model_save(const char *path, const char *kind, const json_t *meta,
                  const void *payload, size_t n, char *err, size_t errlen);

/* Read the file path and decode it (as ec_model_decode). */
int ec_model_load(struct ec_model *m, const char *path, const char *expect_kind,
                  char *err, size_t errlen);

void ec_model_free(struct ec_model *m);

#endif
