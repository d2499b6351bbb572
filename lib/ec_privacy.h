/*
 * ec_privacy: pseudonymisation of identifiers and masking of contact data
 * in free text.
 *
 * Pseudonyms are HMAC-SHA-256(key, id) (RFC 2104 over FIPS 180-4, through
 * libsodium's crypto_auth_hmacsha256), truncated to the first 16 hex digits
 * (64 bits): the same key maps the same id to the same pseudonym every
 * night, so files still join, while without the key an id cannot be
 * recovered or confirmed by hashing guesses.
 *
 * Masking replaces e-mail addresses with "<email>" and phone numbers (7 to
 * 15 digits, optionally with a leading +, spaces, dots, dashes or
 * parentheses between them, as E.164 numbers are written) with "<phone>".
 */
#ifndef EC_PRIVACY_H
#define EC_PRIVACY_H

#include <stddef.h>

struct ec_buf;
struct ec_pseudo;

/* Key of keylen bytes (>= 16 advised, any length accepted). NULL on ENOMEM. */
struct ec_pseudo *ec_pseudo_new(const void *key, size_t keylen);
void ec_pseudo_free(struct ec_pseudo *p);
/* Write the 16-hex-digit pseudonym of s[0..n) into out (17 bytes with NUL). */
void ec_pseudo_id(struct ec_pseudo *p, const char *s, size_t n, char out[17]);

/* Append s[0..n) to b with e-mails and phone numbers masked. Returns the
 * number of replacements, or -1 on ENOMEM. */
int ec_mask_text(struct ec_buf *b, const char *s, size_t n);

#endif
