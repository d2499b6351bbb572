/*
 * ec_text: UTF-8 checks shared by every reader and, later, the tokenizers.
 * Decoding of non-ASCII sequences is utf8proc's (Debian libutf8proc), so
 * overlong forms, surrogates and code points above U+10FFFF are refused
 * exactly as the Unicode standard (ch. 3, Table 3-7) says; ASCII runs are
 * skipped eight bytes at a time because they are nearly all of our input.
 */
#ifndef EC_TEXT_H
#define EC_TEXT_H

#include <stddef.h>

/*
 * 1 when s[0..n) is well-formed UTF-8, else 0 with *bad (if not NULL) set to
 * the byte offset of the first ill-formed sequence.
 */
int ec_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
