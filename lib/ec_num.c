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
