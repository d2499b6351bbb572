/*
 * ec_privacy.c: see ec_privacy.h. The maskers are small scanners rather than
 * regular expressions: POSIX regexec has no way to say "7 to 15 digits
 * among separators", and a scan is linear in the text.
 */
#include "ec_privacy.h"

#include "ec_buf.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct ec_pseudo {
	crypto_auth_hmacsha256_state base; /* keyed state, copied per id */
};

struct ec_pseudo *ec_pseudo_new(const void *key, size_t keylen)
{
	if (sodium_init() < 0)
		return NULL;
	struct ec_pseudo *p = malloc(sizeof *p);
	if (!p)
		return NULL;
	crypto_auth_hmacsha256_init(&p->base, key, keylen);
	return p;
}

void ec_pseudo_free(struct ec_pseudo *p)
{
	if (p) {
		sodium_memzero(p, sizeof *p);
		free(p);
	}
}

void ec_pseudo_id(struct ec_pseudo *p, const char *s, size_t n, char out[17])
{
	crypto_auth_hmacsha256_state st = p->base;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)s, n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 17, mac, 8);
}

static int is_local(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int is_domain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-';
}

/* Length of an e-mail address whose '@' is at s[at], start at *start; 0 if none. */
static size_t email_at(const char *s, size_t n, size_t at, size_t lo, size_t *start)
{
	size_t b = at;
	while (b > lo && is_local((unsigned char)s[b - 1]))
		b--;
	if (b == at)
		return 0;
	size_t e = at + 1, lastdot = 0;
	while (e < n && is_domain((unsigned char)s[e])) {
		if (s[e] == '.')
			lastdot = e;
		e++;
	}
	while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
		e--; /* "mail me at a@b.com." ends a sentence, not the address */
	lastdot = 0;
	for (size_t i = at + 1; i < e; i++)
		if (s[i] == '.')
			lastdot = i;
	if (!lastdot || lastdot + 2 >= e || lastdot == at + 1)
		return 0; /* needs a dot and a top-level part of 2+ letters */
	for (size_t i = lastdot + 1; i < e; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	*start = b;
	return e - b;
}

/* 1 for 2024-03-01, 2024/03/01, 01.03.2024 and the like: dates, not phones. */
static int date_shaped(const char *s, size_t n)
{
	int g[4] = { 0 }, ng = 0;
	char sep = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			g[ng]++;
		} else {
			if ((sep && s[i] != sep) || ng == 2)
				return 0;
			sep = s[i];
			ng++;
		}
	}
	if (ng != 2 || (sep != '-' && sep != '/' && sep != '.'))
		return 0;
	return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) || (g[0] <= 2 && g[1] <= 2 && g[2] == 4);
}

static size_t digit_run(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/*
 * Length of a number at s[i] that has a phone's digits but is not one: a
 * date (2024-03-01, 2024/3/1, 01.03.2024, also when a time follows), or
 * digits joined by dots only (an IP address, a decimal, a version). 0 if
 * none. Phones written with dots alone (555.123.4567) are the price.
 */
static size_t not_phone(const char *s, size_t n, size_t i)
{
	size_t a = digit_run(s, n, i);
	if (!a)
		return 0;
	size_t j = i + a;
	if (j < n && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
		char sep = s[j];
		size_t b = digit_run(s, n, j + 1);
		size_t k = j + 1 + b;
		if (b >= 1 && b <= 2 && k < n && s[k] == sep) {
			size_t c = digit_run(s, n, k + 1);
			if ((a == 4 && c >= 1 && c <= 2) || (a <= 2 && c == 4))
				return k + 1 + c - i; /* a date */
		}
	}
	/* digits and dots only, at least one dot */
	size_t k = i, dots = 0;
	while (k < n && ((s[k] >= '0' && s[k] <= '9') || (s[k] == '.' && k + 1 < n &&
	                                                   s[k + 1] >= '0' && s[k + 1] <= '9'))) {
		dots += s[k] == '.';
		k++;
	}
	/* ...unless more digits follow after a space or dash, as in a phone */
	if (dots && !(k + 1 < n && (s[k] == ' ' || s[k] == '-') && s[k + 1] >= '0' && s[k + 1] <= '9'))
		return k - i;
	return 0;
}

/* Length of a phone number starting at s[i] (digit or '+'), 0 if none. */
static size_t phone_at(const char *s, size_t n, size_t i)
{
	size_t j = i, digits = 0, end = i;
	if (s[j] == '+')
		j++;
	else if (s[j] == '(')
		j++;
	while (j < n) {
		char c = s[j];
		if (c >= '0' && c <= '9') {
			digits++;
			j++;
			end = j;
		} else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
			/* up to two separators between digits: "(030) 123", "138 - 1234" */
			size_t k = j + 1;
			if (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '.' || s[k] == '(' ||
			              s[k] == ')'))
				k++;
			if (k < n && s[k] >= '0' && s[k] <= '9')
				j = k;
			else
				break;
		} else {
			break;
		}
	}
	if (digits < 7 || digits > 15)
		return 0;
	if (date_shaped(s + i, end - i))
		return 0;
	/* a longer run of digits or letters glued on is not a phone number */
	if (end < n && ((s[end] >= '0' && s[end] <= '9') || (s[end] >= 'a' && s[end] <= 'z') ||
	                (s[end] >= 'A' && s[end] <= 'Z')))
		return 0;
	return end - i;
}

int ec_mask_text(struct ec_buf *b, const char *s, size_t n)
{
	int count = 0;
	size_t copied = 0, i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@') {
			size_t st;
			size_t len = email_at(s, n, i, copied, &st);
			if (len) {
				if (ec_buf_add(b, s + copied, st - copied) < 0 ||
				    ec_buf_adds(b, "<email>") < 0)
					return -1;
				count++;
				i = copied = st + len;
				continue;
			}
		} else if ((c >= '0' && c <= '9') || c == '+' || c == '(') {
			int boundary = i == 0 || !((s[i - 1] >= '0' && s[i - 1] <= '9') ||
			                           (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
			                           (s[i - 1] >= 'A' && s[i - 1] <= 'Z'));
			size_t skip = boundary ? not_phone(s, n, i) : 0;
			if (skip) {
				i += skip; /* a date, an IP address, a decimal: copied as is */
				continue;
			}
			size_t len = boundary ? phone_at(s, n, i) : 0;
			/* an e-mail's local part may be all digits: let '@' decide */
			if (len && !(i + len < n && s[i + len] == '@')) {
				if (ec_buf_add(b, s + copied, i - copied) < 0 ||
				    ec_buf_adds(b, "<phone>") < 0)
					return -1;
				count++;
				i = copied = i + len;
				continue;
			}
		}
		i++;
	}
	if (ec_buf_add(b, s + copied, n - copied) < 0)
		return -1;
	return count;
}
