/*
 * ec_text.c: UTF-8 validation (see ec_text.h).
 */
#include "ec_text.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

int ec_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || cp < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)k;
	}
	return 1;
}
