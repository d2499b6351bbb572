/*
 * ec_stream.c: input through libarchive, output through libzstd / zlib with
 * an atomic rename. See ec_stream.h for the contract.
 */
#include "ec_stream.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define EC_ERRLEN 512

struct ec_input {
	struct archive *a;
	char *path;
	char *name;    /* display name of the current member */
	int is_archive;
	int started;
	int done;
	int first;     /* no byte of the current member read yet */
	/* a compressed member inside an archive (a tar of .gz daily files) is
	 * read through a second libarchive reader fed from the first */
	struct archive *inner;
	struct src *top, *isrc;  /* byte sources under the outer and inner readers */
	char err[EC_ERRLEN];
};


static const char *arch_msg(struct archive *a);

/*
 * Byte sources under libarchive. libarchive's gzip filter does not check
 * the CRC-32 and length in a gzip member's trailer, so a corrupt .gz read
 * as "successful" garbage; gzip streams are therefore inflated here with
 * zlib (windowBits 15+16 verifies both, RFC 1952), member after member, and
 * libarchive sees the plain bytes (a tar inside, or raw text). Everything
 * else goes to libarchive as it is.
 */
#define SRCBUF (1 << 17)

struct src {
	/* underlying bytes: a file descriptor, or the current member of an
	 * outer archive */
	int fd;
	struct archive *outer;
	unsigned char *pend;     /* sniffed or given bytes to hand out first */
	size_t npend, ppos;
	int gz;
	z_stream z;
	int zlive, zend;         /* inflater set up; a member has ended */
	unsigned char *ib, *ob;  /* compressed input, bytes for libarchive */
	int eof;
	char err[200];           /* why the last read failed (libarchive may
	                          * report only the errno) */
};

static la_ssize_t src_fail(struct archive *a, struct src *s, int e, const char *msg)
{
	snprintf(s->err, sizeof s->err, "%s", msg);
	archive_set_error(a, e, "%s", msg);
	return -1;
}

/* Read raw bytes: sniffed ones first. >0, 0 at end, -1 with a message. */
static ssize_t src_raw(struct src *s, void *buf, size_t n, struct archive *a)
{
	if (s->ppos < s->npend) {
		size_t k = s->npend - s->ppos < n ? s->npend - s->ppos : n;
		memcpy(buf, s->pend + s->ppos, k);
		s->ppos += k;
		return (ssize_t)k;
	}
	if (s->outer) {
		la_ssize_t r = archive_read_data(s->outer, buf, n);
		if (r < 0)
			src_fail(a, s, EIO, arch_msg(s->outer));
		return (ssize_t)r;
	}
	for (;;) {
		ssize_t r = read(s->fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			src_fail(a, s, errno, strerror(errno));
		return r;
	}
}

static la_ssize_t src_read(struct archive *a, void *ud, const void **buf)
{
	struct src *s = ud;
	*buf = s->ob;
	if (!s->gz)
		return (la_ssize_t)src_raw(s, s->ob, SRCBUF, a);
	for (;;) {
		if (s->z.avail_in == 0 && !s->eof) {
			ssize_t r = src_raw(s, s->ib, SRCBUF, a);
			if (r < 0)
				return -1;
			if (r == 0)
				s->eof = 1;
			s->z.next_in = s->ib;
			s->z.avail_in = (uInt)r;
		}
		if (s->zend) {
			/* after a member: another member, or the end */
			if (s->z.avail_in == 0 && s->eof)
				return 0;
			if (s->z.avail_in == 0)
				continue;
			if (s->z.next_in[0] != 0x1f)
				return src_fail(a, s, EIO, "trailing garbage after gzip data");
			inflateReset(&s->z);
			s->zend = 0;
		}
		if (s->z.avail_in == 0 && s->eof)
			return src_fail(a, s, EIO, "truncated gzip input");
		s->z.next_out = s->ob;
		s->z.avail_out = SRCBUF;
		int r = inflate(&s->z, Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			s->zend = 1;
		else if (r != Z_OK && !(r == Z_BUF_ERROR && s->z.avail_in == 0)) {
			char m[160];
			snprintf(m, sizeof m, "corrupt gzip data (%s)",
			         r == Z_DATA_ERROR && s->z.msg ? s->z.msg : "zlib error");
			return src_fail(a, s, EIO, m);
		}
		size_t got = SRCBUF - s->z.avail_out;
		if (got)
			return (la_ssize_t)got;
	}
}

static void src_free(struct src *s)
{
	if (!s)
		return;
	if (s->zlive)
		inflateEnd(&s->z);
	if (s->fd > 0 && !s->outer)
		close(s->fd);
	free(s->pend);
	free(s->ib);
	free(s->ob);
	free(s);
}

/*
 * A source over fd (outer NULL) or over the current member of outer. Its
 * first bytes are sniffed from fd, or given in first/nfirst when the caller
 * has read them already. NULL (ENOMEM) on failure.
 */
static struct src *src_new(int fd, struct archive *outer, const void *first, size_t nfirst)
{
	struct src *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->fd = fd;
	s->outer = outer;
	s->ob = malloc(SRCBUF);
	s->pend = malloc(first ? (nfirst ? nfirst : 1) : 2);
	if (!s->ob || !s->pend)
		goto oom;
	if (first) {
		memcpy(s->pend, first, nfirst);
		s->npend = nfirst;
	} else {
		while (s->npend < 2) {
			ssize_t r = read(fd, s->pend + s->npend, 2 - s->npend);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			s->npend += (size_t)r;
		}
	}
	s->gz = s->npend >= 2 && s->pend[0] == 0x1f && s->pend[1] == 0x8b;
	if (s->gz) {
		if (!(s->ib = malloc(SRCBUF)) || inflateInit2(&s->z, 15 + 16) != Z_OK)
			goto oom;
		s->zlive = 1;
	}
	return s;
oom:
	src_free(s);
	errno = ENOMEM;
	return NULL;
}


static void in_err(struct ec_input *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void in_err(struct ec_input *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->err, sizeof in->err, fmt, ap);
	va_end(ap);
}

/* The message for a failure of `a`: our source's reason when it has one. */
static const char *why(struct ec_input *in, struct archive *a)
{
	struct src *s = a == in->inner ? in->isrc : in->top;
	if (s && s->err[0])
		return s->err;
	if (a == in->inner && in->top && in->top->err[0])
		return in->top->err;
	return arch_msg(a);
}

static const char *arch_msg(struct archive *a)
{
	const char *m = archive_error_string(a);
	return m ? m : "unknown libarchive error";
}

int ec_input_open(struct ec_input **out, const char *path, char *err, size_t errlen)
{
	*out = NULL;
	struct ec_input *in = calloc(1, sizeof *in);
	if (!in || !(in->path = strdup(path))) {
		free(in);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	in->a = archive_read_new();
	if (!in->a) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	archive_read_support_filter_all(in->a);
	/* Only formats whose signatures cannot be mistaken for text: mtree and
	 * the like would claim a CSV file. Everything else reads as raw. */
	archive_read_support_format_tar(in->a);
	archive_read_support_format_zip(in->a);
	archive_read_support_format_cpio(in->a);
	archive_read_support_format_7zip(in->a);
	archive_read_support_format_empty(in->a);
	archive_read_support_format_raw(in->a);
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		if (fd > 0)
			close(fd);
		goto fail;
	}
	in->top = src_new(fd, NULL, NULL, 0);
	if (!in->top) {
		snprintf(err, errlen, "%s: out of memory", path);
		if (fd > 0)
			close(fd);
		goto fail;
	}
	if (archive_read_open(in->a, in->top, NULL, src_read, NULL) != ARCHIVE_OK) {
		int e = archive_errno(in->a);
		snprintf(err, errlen, "%s: %s", strcmp(path, "-") ? path : "stdin",
		         in->top->err[0] ? in->top->err : e > 0 ? strerror(e) : arch_msg(in->a));
		goto fail;
	}
	*out = in;
	return 0;
fail:
	if (in->a)
		archive_read_free(in->a);
	src_free(in->top);
	free(in->path);
	free(in);
	return -1;
}

static void close_inner(struct ec_input *in);

static int skip_member(const char *p)
{
	const char *base = strrchr(p, '/');
	base = base ? base + 1 : p;
	return strncmp(p, "__MACOSX/", 9) == 0 || strncmp(base, "._", 2) == 0;
}

int ec_input_next_member(struct ec_input *in)
{
	if (in->done)
		return 0;
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(in->a, &e);
		if (r == ARCHIVE_EOF) {
			in->done = 1;
			return 0;
		}
		if (r < ARCHIVE_WARN) {
			in_err(in, "%s: %s", in->path, why(in, in->a));
			return -1;
		}
		close_inner(in);
		int fmt = archive_format(in->a);
		in->is_archive = fmt != ARCHIVE_FORMAT_RAW && fmt != ARCHIVE_FORMAT_EMPTY;
		free(in->name);
		in->name = NULL;
		if (!in->is_archive) {
			in->name = strdup(strcmp(in->path, "-") ? in->path : "stdin");
		} else {
			if (archive_entry_filetype(e) != AE_IFREG)
				continue;
			const char *mp = archive_entry_pathname(e);
			if (!mp)
				mp = "?";
			if (skip_member(mp))
				continue;
			size_t n = strlen(in->path) + strlen(mp) + 3;
			in->name = malloc(n);
			if (in->name)
				snprintf(in->name, n, "%s(%s)", in->path, mp);
		}
		if (!in->name) {
			in_err(in, "%s: out of memory", in->path);
			return -1;
		}
		in->started = 1;
		in->first = 1;
		return 1;
	}
}

/* Name of the compression whose signature starts p, or NULL. */
static const char *compressed_magic(const void *p, size_t n)
{
	const unsigned char *b = p;
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return "gzip";
	if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
		return "zstd";
	if (n >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (n >= 4 && b[0] == 0x04 && b[1] == 0x22 && b[2] == 0x4d && b[3] == 0x18)
		return "lz4";
	if (n >= 10 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9' &&
	    (!memcmp(b + 4, "\x31\x41\x59\x26\x53\x59", 6) ||
	     !memcmp(b + 4, "\x17\x72\x45\x38\x50\x90", 6)))
		return "bzip2";
	return NULL;
}

/* Start reading the current member, whose first n bytes are in buf, as a
 * compressed stream. 0 or -1. */
static int open_inner(struct ec_input *in, const void *buf, size_t n)
{
	in->isrc = src_new(-1, in->a, buf, n);
	in->inner = archive_read_new();
	if (!in->isrc || !in->inner) {
		in_err(in, "%s: out of memory", ec_input_name(in));
		return -1;
	}
	archive_read_support_filter_all(in->inner);
	archive_read_support_format_raw(in->inner);
	struct archive_entry *e;
	if (archive_read_open(in->inner, in->isrc, NULL, src_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(in->inner, &e) != ARCHIVE_OK) {
		const char *m = archive_error_string(in->inner);
		in_err(in, "%s: %s", ec_input_name(in), m ? m : "truncated or corrupt compressed data");
		return -1;
	}
	return 0;
}

static void close_inner(struct ec_input *in)
{
	if (in->inner)
		archive_read_free(in->inner);
	in->inner = NULL;
	src_free(in->isrc);
	in->isrc = NULL;
}

ssize_t ec_input_read(struct ec_input *in, void *buf, size_t n)
{
	if (in->inner) {
		la_ssize_t r = archive_read_data(in->inner, buf, n);
		if (r < 0) {
			in_err(in, "%s: %s", ec_input_name(in), why(in, in->inner));
			return -1;
		}
		return (ssize_t)r;
	}
	if (!in->started || in->done)
		return 0;
	la_ssize_t r = archive_read_data(in->a, buf, n);
	if (r < 0) {
		in_err(in, "%s: %s", in->name ? in->name : in->path, why(in, in->a));
		return -1;
	}
	if (in->first && r > 0) {
		in->first = 0;
		const char *what = compressed_magic(buf, (size_t)r);
		if (what && in->is_archive) {
			if (open_inner(in, buf, (size_t)r) < 0)
				return -1;
			return ec_input_read(in, buf, n);
		}
		if (what) {
			/* libarchive reads a stream too short for its bidders as raw */
			in_err(in, "%s: truncated or corrupt %s data", ec_input_name(in), what);
			return -1;
		}
	}
	return (ssize_t)r;
}

const char *ec_input_name(const struct ec_input *in)
{
	return in->name ? in->name : in->path;
}

int ec_input_is_archive(const struct ec_input *in) { return in->is_archive; }

long long ec_input_raw_bytes(const struct ec_input *in)
{
	return (long long)archive_filter_bytes(in->a, -1);
}

const char *ec_input_error(const struct ec_input *in) { return in->err; }

void ec_input_close(struct ec_input *in)
{
	if (!in)
		return;
	close_inner(in);
	archive_read_free(in->a);
	src_free(in->top);
	free(in->name);
	free(in->path);
	free(in);
}

/* ---- output ---- */

#define OUTBUF (1 << 17)

struct ec_output {
	int fd;
	char *target;  /* NULL for stdout */
	char *tmp;
	enum ec_compress c;
	ZSTD_CCtx *zc;
	z_stream gz;
	int gz_live;
	int direct;           /* writing straight into a non-regular target */
	unsigned char *buf;   /* uncompressed staging */
	size_t len;
	unsigned char *zbuf;  /* compressed staging */
	size_t zcap;
	char err[EC_ERRLEN];
};

static void out_err(struct ec_output *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void out_err(struct ec_output *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->err, sizeof o->err, fmt, ap);
	va_end(ap);
}

static const char *oname(const struct ec_output *o)
{
	return o->target ? o->target : "stdout";
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int write_all(struct ec_output *o, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(o->fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			out_err(o, "%s: %s", oname(o), strerror(errno));
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void out_free(struct ec_output *o)
{
	if (o->zc)
		ZSTD_freeCCtx(o->zc);
	if (o->gz_live)
		deflateEnd(&o->gz);
	free(o->buf);
	free(o->zbuf);
	free(o->target);
	free(o->tmp);
	free(o);
}

/* The descriptor a /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N
 * path names, or -1. */
static int std_fd(const char *p)
{
	if (!strcmp(p, "/dev/stdout"))
		return 1;
	if (!strcmp(p, "/dev/stderr"))
		return 2;
	const char *n = !strncmp(p, "/dev/fd/", 8) ? p + 8
	              : !strncmp(p, "/proc/self/fd/", 14) ? p + 14 : NULL;
	if (!n || !*n)
		return -1;
	char *end;
	long fd = strtol(n, &end, 10);
	return *end || fd < 0 || fd > 1 << 20 ? -1 : (int)fd;
}

int ec_output_open(struct ec_output **out, const char *path, enum ec_compress c,
                   char *err, size_t errlen)
{
	*out = NULL;
	struct ec_output *o = calloc(1, sizeof *o);
	if (!o) {
		snprintf(err, errlen, "%s: out of memory", path ? path : "stdout");
		return -1;
	}
	o->fd = 1;
	struct stat st;
	char *real = NULL;
	int stdfd = path ? std_fd(path) : -1;
	if (stdfd < 0 && path && strcmp(path, "-") != 0 && lstat(path, &st) == 0 &&
	    S_ISLNK(st.st_mode)) {
		/* replace what the link points at, not the link */
		real = realpath(path, NULL);
		if (real)
			path = real;
	}
	if (stdfd < 0 && path && strcmp(path, "-") != 0 && stat(path, &st) < 0)
		st.st_mode = S_IFREG;
	if (stdfd >= 0 || (path && strcmp(path, "-") != 0 && !S_ISREG(st.st_mode))) {
		/* /dev/stdout, /dev/fd/N: the descriptor we already have, so that an
		 * append redirection or a shared terminal stays what it is;
		 * /dev/null, a FIFO: nothing to replace, write through */
		o->target = strdup(path);
		o->fd = stdfd >= 0 ? dup(stdfd) : open(path, O_WRONLY | O_CLOEXEC);
		if (!o->target || o->fd < 0) {
			snprintf(err, errlen, "%s: %s", path, o->target ? strerror(errno) : "out of memory");
			o->fd = -1;
			goto fail;
		}
		o->direct = 1;
		if (c == EC_COMPRESS_AUTO)
			c = ends_with(path, ".zst") ? EC_COMPRESS_ZSTD
			  : ends_with(path, ".gz") ? EC_COMPRESS_GZIP : EC_COMPRESS_NONE;
	} else if (path && strcmp(path, "-") != 0) {
		o->target = strdup(path);
		if (c == EC_COMPRESS_AUTO)
			c = ends_with(path, ".zst") ? EC_COMPRESS_ZSTD
			  : ends_with(path, ".gz") ? EC_COMPRESS_GZIP : EC_COMPRESS_NONE;
		const char *slash = strrchr(path, '/');
		size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
		const char *base = slash ? slash + 1 : path;
		size_t n = strlen(path) + 16;
		o->tmp = malloc(n);
		if (!o->target || !o->tmp) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
		o->fd = mkstemp(o->tmp);
		if (o->fd < 0) {
			snprintf(err, errlen, "%s: cannot create temporary file: %s", path,
			         strerror(errno));
			free(o->tmp);
			o->tmp = NULL;
			goto fail;
		}
		/* mkstemp makes 0600; give the file the mode open(2) would: the
		 * existing target's (a 0600 rejects file stays private), else
		 * 0666 less the umask */
		struct stat tst;
		if (stat(path, &tst) == 0) {
			fchmod(o->fd, tst.st_mode & 07777);
		} else {
			mode_t um = umask(0);
			umask(um);
			fchmod(o->fd, 0666 & ~um);
		}
	} else if (c == EC_COMPRESS_AUTO) {
		c = EC_COMPRESS_NONE;
	}
	o->c = c;
	o->buf = malloc(OUTBUF);
	if (!o->buf) {
		snprintf(err, errlen, "%s: out of memory", oname(o));
		goto fail;
	}
	if (c == EC_COMPRESS_ZSTD) {
		o->zc = ZSTD_createCCtx();
		o->zcap = ZSTD_CStreamOutSize();
		o->zbuf = malloc(o->zcap);
		if (!o->zc || !o->zbuf) {
			snprintf(err, errlen, "%s: out of memory", oname(o));
			goto fail;
		}
		ZSTD_CCtx_setParameter(o->zc, ZSTD_c_compressionLevel, 3);
		ZSTD_CCtx_setParameter(o->zc, ZSTD_c_checksumFlag, 1);
	} else if (c == EC_COMPRESS_GZIP) {
		o->zcap = OUTBUF;
		o->zbuf = malloc(o->zcap);
		if (!o->zbuf || deflateInit2(&o->gz, 6, Z_DEFLATED, 15 + 16, 8,
		                             Z_DEFAULT_STRATEGY) != Z_OK) {
			snprintf(err, errlen, "%s: cannot start gzip", oname(o));
			goto fail;
		}
		o->gz_live = 1;
	}
	free(real);
	*out = o;
	return 0;
fail:
	free(real);
	if (o->tmp) {
		close(o->fd);
		unlink(o->tmp);
	} else if (o->direct && o->fd >= 0) {
		close(o->fd);
	}
	out_free(o);
	return -1;
}

/* Push o->buf through the compressor (or straight out); `end` finishes the frame. */
static int drain(struct ec_output *o, int end)
{
	if (o->c == EC_COMPRESS_NONE) {
		int r = write_all(o, o->buf, o->len);
		o->len = 0;
		return r;
	}
	if (o->c == EC_COMPRESS_ZSTD) {
		ZSTD_inBuffer ib = { o->buf, o->len, 0 };
		ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
		for (;;) {
			ZSTD_outBuffer ob = { o->zbuf, o->zcap, 0 };
			size_t rem = ZSTD_compressStream2(o->zc, &ob, &ib, mode);
			if (ZSTD_isError(rem)) {
				out_err(o, "%s: zstd: %s", oname(o), ZSTD_getErrorName(rem));
				return -1;
			}
			if (ob.pos && write_all(o, o->zbuf, ob.pos) < 0)
				return -1;
			if (end ? rem == 0 : ib.pos == ib.size)
				break;
		}
		o->len = 0;
		return 0;
	}
	o->gz.next_in = o->buf;
	o->gz.avail_in = (uInt)o->len;
	for (;;) {
		o->gz.next_out = o->zbuf;
		o->gz.avail_out = (uInt)o->zcap;
		int r = deflate(&o->gz, end ? Z_FINISH : Z_NO_FLUSH);
		if (r == Z_STREAM_ERROR) {
			out_err(o, "%s: gzip: deflate failed", oname(o));
			return -1;
		}
		size_t have = o->zcap - o->gz.avail_out;
		if (have && write_all(o, o->zbuf, have) < 0)
			return -1;
		if (end ? r == Z_STREAM_END : o->gz.avail_in == 0)
			break;
	}
	o->len = 0;
	return 0;
}

/*
 * Uncompressed output is flushed up to the last newline in the buffer, so
 * that a run that dies mid-way leaves whole lines on stdout, never half a
 * record.
 */
static int flush_lines(struct ec_output *o)
{
	if (o->c != EC_COMPRESS_NONE)
		return drain(o, 0);
	unsigned char *nl = memrchr(o->buf, '\n', o->len);
	if (!nl)
		return drain(o, 0);
	size_t k = (size_t)(nl + 1 - o->buf);
	if (write_all(o, o->buf, k) < 0)
		return -1;
	memmove(o->buf, o->buf + k, o->len - k);
	o->len -= k;
	return 0;
}

int ec_output_write(struct ec_output *o, const void *p, size_t n)
{
	const unsigned char *c = p;
	while (n) {
		size_t room = OUTBUF - o->len;
		if (room == 0) {
			if (flush_lines(o) < 0)
				return -1;
			room = OUTBUF - o->len;
		}
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->len, c, k);
		o->len += k;
		c += k;
		n -= k;
	}
	return 0;
}

int ec_output_commit(struct ec_output *o, char *err, size_t errlen)
{
	int rc = drain(o, 1);
	if (rc == 0 && o->tmp) {
		if (fsync(o->fd) < 0 && errno != EINVAL) {
			out_err(o, "%s: %s", oname(o), strerror(errno));
			rc = -1;
		}
		if (close(o->fd) < 0 && rc == 0) {
			out_err(o, "%s: %s", oname(o), strerror(errno));
			rc = -1;
		}
		o->fd = -1;
		if (rc == 0 && rename(o->tmp, o->target) < 0) {
			out_err(o, "%s: cannot rename temporary file: %s", oname(o),
			        strerror(errno));
			rc = -1;
		}
		if (rc < 0)
			unlink(o->tmp);
	} else if (o->tmp) {
		close(o->fd);
		unlink(o->tmp);
	} else if (o->direct && close(o->fd) < 0 && rc == 0) {
		out_err(o, "%s: %s", oname(o), strerror(errno));
		rc = -1;
	}
	if (rc < 0 && err)
		snprintf(err, errlen, "%s", o->err);
	out_free(o);
	return rc;
}

void ec_output_abort(struct ec_output *o)
{
	if (!o)
		return;
	if (o->tmp) {
		close(o->fd);
		unlink(o->tmp);
	} else if (o->direct) {
		close(o->fd);
	}
	out_free(o);
}

const char *ec_output_temp_path(const struct ec_output *o) { return o->tmp; }
const char *ec_output_error(const struct ec_output *o) { return o->err; }
