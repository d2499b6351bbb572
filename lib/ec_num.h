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

/*
 * Parse s[0..n) (as ec_num_parse) and write its JSON form into out: the text
 * itself when it already is a JSON number of at most 15 significant digits,
 * less trailing zeros of a fraction ("2.50" gives "2.5", "1.0" gives "1":
 * no float formatting is paid on the data path), else ec_num_format of the
 * value. With `absolute` a leading minus
 * is dropped. Returns the length, or -1 when not a finite number; *v gets
 * the value (before `absolute`).
 */
int ec_num_canon(const char *s, size_t n, int absolute, double *v, char out[EC_NUM_LEN]);

#endif
