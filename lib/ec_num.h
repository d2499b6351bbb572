/*
 * ec_num: strict number parsing and the shortest exact decimal output.
 * Input accepts what strtod(3) accepts in the C locale (leading sign,
 * fraction, exponent), with surrounding blanks, and nothing after it; NaN and
 * infinities are refused. Output is a JSON number that reads back to the
 * same double: integers as integers, otherwise the shortest of %.15g, %.16g
 * and %.17g that round-trips.
 */
#ifndef EC_NUM_H
#define EC_NUM_H

#include <stddef.h>

#define EC_NUM_LEN 32

/* 0 and *v on success; -1 when s[0..n) is not a finite number. */
int ec_num_parse(const char *s, size_t n, double *v);
/* Write v into out; returns the length. */
int ec_num_format(double v, char out[EC_NUM_LEN]);

#endif
