/*
 * ec_model.c: the model-file container (see ec_model.h for the layout).
 *
 * Integers are written byte by byte in little-endian order so that a file
 * written on one machine reads on any other; the checksum is verified
 * before the kind, the JSON or the zstd frame are parsed, so the parsers
 * only ever see bytes that the writer produced (or a forged checksum, for
 * which every length is still checked against the bytes there are).
 */
#include "ec_model.h"

#include "ec_stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zstd.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int put_u32(struct ec_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	                       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	return ec_buf_add(b, c, 4);
}

static int put_u64(struct ec_buf *b, uint64_t v)
{
	unsigned char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	return ec_buf_add(b, c, 8);
}

static uint64_t get_le(const unsigned char *p, int nbytes)
{
	uint64_t v = 0;
	for (int i = nbytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int kind_ok(const char *k, size_t n)
{
	if (n == 0 || n > EC_MODEL_KIND_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int ec_model_encode(struct ec_buf *out, const char *kind, const json_t *meta,
                    const void *payload, size_t n, int level, char *err, size_t errlen)
{
	size_t start = out->len;
	char *js = NULL;
	void *z = NULL;
	int rc = -1;

	if (!kind || !kind_ok(kind, strlen(kind))) {
		fail(err, errlen, "model kind '%s' is not 1 to %d of a-z, 0-9, '_', '-'",
		     kind ? kind : "", EC_MODEL_KIND_MAX);
		goto out;
	}
	if (meta && !json_is_object(meta)) {
		fail(err, errlen, "model metadata is not a JSON object");
		goto out;
	}
	js = meta ? json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17))
	          : strdup("{}");
	if (!js) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	size_t mlen = strlen(js);
	if (mlen > EC_MODEL_META_MAX) {
		fail(err, errlen, "model metadata is %zu bytes (at most %u)", mlen,
		     EC_MODEL_META_MAX);
		goto out;
	}
	if ((uint64_t)n > EC_MODEL_PAYLOAD_MAX) {
		fail(err, errlen, "model payload is %zu bytes (too large)", n);
		goto out;
	}
	size_t zcap = ZSTD_compressBound(n);
	if (!(z = malloc(zcap ? zcap : 1))) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	size_t zn = ZSTD_compress(z, zcap, payload ? payload : "", n, level ? level : 3);
	if (ZSTD_isError(zn)) {
		fail(err, errlen, "zstd: %s", ZSTD_getErrorName(zn));
		goto out;
	}
	size_t klen = strlen(kind);
	if (ec_buf_add(out, EC_MODEL_MAGIC, EC_MODEL_MAGIC_LEN) < 0 ||
	    put_u32(out, EC_MODEL_VERSION) < 0 || put_u32(out, (uint32_t)klen) < 0 ||
	    ec_buf_add(out, kind, klen) < 0 || put_u32(out, (uint32_t)mlen) < 0 ||
	    ec_buf_add(out, js, mlen) < 0 || put_u64(out, n) < 0 || put_u64(out, zn) < 0 ||
	    ec_buf_add(out, z, zn) < 0) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	uint64_t h = XXH64(out->data + start, out->len - start, 0);
	if (put_u64(out, h) < 0) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0 && out->len > start) {
		out->len = start;
		out->data[start] = '\0';
	}
	free(js);
	free(z);
	return rc;
}

int ec_model_decode(struct ec_model *m, const void *data, size_t n, const char *name,
                    const char *expect_kind, char *err, size_t errlen)
{
	const unsigned char *p = data;
	size_t pos = 0;
	memset(m, 0, sizeof *m);
	if (!name)
		name = "model";

	if (n < EC_MODEL_MAGIC_LEN || memcmp(p, EC_MODEL_MAGIC, EC_MODEL_MAGIC_LEN))
		return fail(err, errlen, "%s: not an ec model file (bad magic)", name);
	pos = EC_MODEL_MAGIC_LEN;
	if (n - pos < 8)
		return fail(err, errlen, "%s: truncated model file", name);
	uint32_t version = (uint32_t)get_le(p + pos, 4);
	if (version == 0 || version > EC_MODEL_VERSION)
		return fail(err, errlen,
		            "%s: model format version %u; this program reads version %u (upgrade ec)",
		            name, version, EC_MODEL_VERSION);
	uint64_t klen = get_le(p + pos + 4, 4);
	pos += 8;
	if (klen == 0 || klen > EC_MODEL_KIND_MAX)
		return fail(err, errlen, "%s: damaged model file (kind length %llu)", name,
		            (unsigned long long)klen);
	if (n - pos < klen + 4)
		return fail(err, errlen, "%s: truncated model file", name);
	size_t kpos = pos;
	pos += klen;
	uint64_t mlen = get_le(p + pos, 4);
	pos += 4;
	if (mlen > EC_MODEL_META_MAX)
		return fail(err, errlen, "%s: damaged model file (metadata length %llu)", name,
		            (unsigned long long)mlen);
	if (n - pos < mlen + 16)
		return fail(err, errlen, "%s: truncated model file", name);
	size_t mpos = pos;
	pos += mlen;
	uint64_t plen = get_le(p + pos, 8), zlen = get_le(p + pos + 8, 8);
	pos += 16;
	if (plen > EC_MODEL_PAYLOAD_MAX)
		return fail(err, errlen, "%s: damaged model file (payload length %llu)", name,
		            (unsigned long long)plen);
	if (zlen > n - pos || n - pos - zlen < 8)
		return fail(err, errlen, "%s: truncated model file", name);
	size_t zpos = pos;
	pos += zlen;
	if (n - pos > 8)
		return fail(err, errlen, "%s: damaged model file (%zu bytes after the end)", name,
		            n - pos - 8);
	if (XXH64(p, pos, 0) != get_le(p + pos, 8))
		return fail(err, errlen, "%s: damaged model file (checksum mismatch)", name);

	/* From here the bytes are the writer's. */
	if (!kind_ok((const char *)p + kpos, klen))
		return fail(err, errlen, "%s: damaged model file (bad kind)", name);
	memcpy(m->kind, p + kpos, klen);
	m->kind[klen] = '\0';
	m->version = version;
	if (expect_kind && strcmp(m->kind, expect_kind)) {
		fail(err, errlen, "%s: a '%s' model, not '%s'", name, m->kind, expect_kind);
		memset(m, 0, sizeof *m);
		return -1;
	}
	json_error_t je;
	m->meta = json_loadb((const char *)p + mpos, mlen, JSON_REJECT_DUPLICATES, &je);
	if (!m->meta || !json_is_object(m->meta)) {
		fail(err, errlen, "%s: damaged model file (metadata: %s)", name,
		     m->meta ? "not an object" : je.text);
		ec_model_free(m);
		return -1;
	}
	if (plen) {
		unsigned long long fcs = ZSTD_getFrameContentSize(p + zpos, zlen);
		if (fcs != plen) {
			fail(err, errlen, "%s: damaged model file (payload frame)", name);
			ec_model_free(m);
			return -1;
		}
		if (!(m->payload = malloc(plen))) {
			fail(err, errlen, "%s: out of memory", name);
			ec_model_free(m);
			return -1;
		}
		size_t got = ZSTD_decompress(m->payload, plen, p + zpos, zlen);
		if (ZSTD_isError(got) || got != plen) {
			fail(err, errlen, "%s: damaged model file (payload: %s)", name,
			     ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short");
			ec_model_free(m);
			return -1;
		}
		m->payload_len = plen;
	}
	return 0;
}

int ec_model_save(const char *path, const char *kind, const json_t *meta,
                  const void *payload, size_t n, char *err, size_t errlen)
{
	struct ec_buf b = EC_BUF_INIT;
	struct ec_output *o = NULL;
	char e[512];
	if (ec_model_encode(&b, kind, meta, payload, n, 0, e, sizeof e) < 0) {
		ec_buf_free(&b);
		return fail(err, errlen, "%s: %s", path, e);
	}
	if (ec_output_open(&o, path, EC_COMPRESS_NONE, err, errlen) < 0) {
		ec_buf_free(&b);
		return -1;
	}
	if (ec_output_write(o, b.data, b.len) < 0) {
		fail(err, errlen, "%s", ec_output_error(o));
		ec_output_abort(o);
		ec_buf_free(&b);
		return -1;
	}
	ec_buf_free(&b);
	return ec_output_commit(o, err, errlen);
}

int ec_model_load(struct ec_model *m, const char *path, const char *expect_kind,
                  char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	struct ec_buf b = EC_BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (ec_buf_add(&b, chunk, k) < 0) {
			fclose(f);
			ec_buf_free(&b);
			return fail(err, errlen, "%s: out of memory", path);
		}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		ec_buf_free(&b);
		return fail(err, errlen, "%s: read error", path);
	}
	int rc = ec_model_decode(m, b.data, b.len, path, expect_kind, err, errlen);
	ec_buf_free(&b);
	return rc;
}

void ec_model_free(struct ec_model *m)
{
	if (!m)
		return;
	if (m->meta)
		json_decref(m->meta);
	free(m->payload);
	memset(m, 0, sizeof *m);
}
