/*
 * ec_num.c: see ec_num.h. strtod with the end pointer checked, as STYLE.md
 * asks for every number we read.
 */
#include "ec_num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ec_num_parse(const char *s, size_t n, double *v)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 63)
		return -1;
	char tmp[64];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	/* strtod accepts hex floats, "inf", "nan": not numbers in a data file */
	for (size_t i = 0; i < n; i++) {
		char c = tmp[i];
		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' ||
		      c == 'E'))
			return -1;
	}
	char *end;
	double d = strtod(tmp, &end);
	if (end != tmp + n || !isfinite(d))
		return -1;
	*v = d;
	return 0;
}

int ec_num_format(double v, char out[EC_NUM_LEN])
{
	if (v == 0)
		return snprintf(out, EC_NUM_LEN, "0");
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		return snprintf(out, EC_NUM_LEN, "%lld", (long long)v);
	int k = 0;
	for (int prec = 15; prec <= 17; prec++) {
		k = snprintf(out, EC_NUM_LEN, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return k;
}

/* 1 when s[0..n) matches JSON's number grammar (RFC 8259 section 6) with at
 * most 15 digits in all, so that it is exact as a double's shortest form. */
static int json_number_text(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i == n)
		return 0;
	if (s[i] == '0') {
		i++;
		digits++;
	} else if (s[i] >= '1' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits++;
		}
	} else {
		return 0;
	}
	if (i < n && s[i] == '.') {
		i++;
		size_t f = i;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits++;
		}
		if (i == f)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
		return 0; /* exponents: leave to the general path */
	return i == n && digits <= 15;
}

int ec_num_canon(const char *s, size_t n, int absolute, double *v, char out[EC_NUM_LEN])
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && n < EC_NUM_LEN && json_number_text(s, n)) {
		if (ec_num_parse(s, n, v) < 0)
			return -1;
		if (absolute && s[0] == '-') {
			s++;
			n--;
		}
		/* one spelling per value, so that "1.0" and "1" are the same
		 * event for the duplicate filter: no trailing fraction zeros */
		if (memchr(s, '.', n)) {
			while (s[n - 1] == '0')
				n--;
			if (s[n - 1] == '.')
				n--;
		}
		if (n == 2 && s[0] == '-' && s[1] == '0') {
			s++;
			n--;
		}
		memcpy(out, s, n);
		out[n] = '\0';
		return (int)n;
	}
	if (ec_num_parse(s, n, v) < 0)
		return -1;
	return ec_num_format(absolute ? fabs(*v) : *v, out);
}
