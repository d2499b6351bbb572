/*
 * ec_buf.c: growable buffer; see ec_buf.h for the invariants. Growth is
 * geometric (x1.5, at least 64 bytes) so appends are amortised O(1).
 */
#include "ec_buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char ec_buf_empty[1];

void ec_buf_init(struct ec_buf *b)
{
	b->data = ec_buf_empty;
	b->len = 0;
	b->cap = 0;
}

int ec_buf_grow(struct ec_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return 0;
	if (extra > SIZE_MAX / 2 - b->len) {
		errno = ENOMEM;
		return -1;
	}
	size_t want = b->len + extra + 1;
	size_t cap = b->cap ? b->cap + b->cap / 2 : 64;
	if (cap < want)
		cap = want;
	char *p = realloc(b->cap ? b->data : NULL, cap);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return 0;
}

int ec_buf_add_slow(struct ec_buf *b, const void *p, size_t n)
{
	if (ec_buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int ec_buf_adds(struct ec_buf *b, const char *s)
{
	return ec_buf_add(b, s, strlen(s));
}

int ec_buf_addf(struct ec_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return ec_buf_add(b, small, (size_t)n);
	if (ec_buf_grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void ec_buf_reset(struct ec_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

void ec_buf_free(struct ec_buf *b)
{
	if (b->cap)
		free(b->data);
	ec_buf_init(b);
}

char *ec_buf_detach(struct ec_buf *b, size_t *len)
{
	char *p = b->cap ? b->data : calloc(1, 1);
	if (len)
		*len = b->len;
	ec_buf_init(b);
	return p;
}

int ec_grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size) {
			errno = ENOMEM;
			return -1;
		}
		c *= 2;
	}
	void *q = realloc(*p, c * size);
	if (!q) {
		errno = ENOMEM;
		return -1;
	}
	*p = q;
	*cap = c;
	return 0;
}
