/*
 * ec_buf: the one growable byte buffer of libec.
 *
 * Invariants (as git's strbuf): after ec_buf_init() or any successful call,
 * `data` points at `cap` >= `len` + 1 bytes and data[len] == '\0', so a
 * buffer can always be passed where a C string is wanted. A zero-initialised
 * struct (EC_BUF_INIT) is a valid empty buffer whose data is a static "".
 * Allocation failure is not recoverable in the data path: functions that
 * grow the buffer return -1 with errno = ENOMEM and leave it unchanged.
 */
#ifndef EC_BUF_H
#define EC_BUF_H

#include <stddef.h>
#include <string.h>

struct ec_buf {
	char *data;  /* owned unless cap == 0 */
	size_t len;  /* bytes used, not counting the terminating NUL */
	size_t cap;  /* bytes allocated; 0 while data is the static "" */
};

extern char ec_buf_empty[1];
#define EC_BUF_INIT { ec_buf_empty, 0, 0 }

void ec_buf_init(struct ec_buf *b);
/* Make room for `extra` more bytes. 0 or -1 (ENOMEM). */
int ec_buf_grow(struct ec_buf *b, size_t extra);
/* Append n bytes / one byte / a C string. 0 or -1 (ENOMEM). The fast
 * paths are inline: these run once per field on the data path. */
int ec_buf_add_slow(struct ec_buf *b, const void *p, size_t n);
static inline int ec_buf_add(struct ec_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		return ec_buf_add_slow(b, p, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}
static inline int ec_buf_addc(struct ec_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		return ec_buf_add_slow(b, &c, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
	return 0;
}
int ec_buf_adds(struct ec_buf *b, const char *s);
/* printf-style append. 0 or -1. */
int ec_buf_addf(struct ec_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empty the buffer, keeping its memory. */
void ec_buf_reset(struct ec_buf *b);
/* Release memory; the buffer is valid and empty afterwards. */
void ec_buf_free(struct ec_buf *b);
/*
 * Grow the array *p of *cap elements of `size` bytes to hold at least
 * `need` (doubling from 16). 0, or -1 with errno = ENOMEM and *p, *cap
 * unchanged. The companion of ec_buf for arrays of structs.
 */
int ec_grow(void **p, size_t *cap, size_t need, size_t size);

/* Take ownership of the bytes (malloc'd, NUL-terminated); b becomes empty. */
char *ec_buf_detach(struct ec_buf *b, size_t *len);

#endif
