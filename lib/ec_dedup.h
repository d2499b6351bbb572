/*
 * ec_dedup: a set of records seen, for dropping exact duplicates in one pass.
 *
 * A record is reduced to the 128-bit XXH3 hash of its key fields (xxHash,
 * Debian libxxhash: fast and well tested; a collision among 10^9 keys has
 * probability ~10^-21), stored in an open-addressing table that doubles at
 * 50% load: 16 bytes x 2-4 per distinct record, nothing per duplicate.
 */
#ifndef EC_DEDUP_H
#define EC_DEDUP_H

#include <stddef.h>

struct ec_dedup;

struct ec_dedup *ec_dedup_new(void);
void ec_dedup_free(struct ec_dedup *d);
/*
 * Hash nf fields val[i] (len[i] bytes; NULL = absent, distinct from "") and
 * insert. 1 when the key was new, 0 when already seen, -1 out of memory.
 */
int ec_dedup_add(struct ec_dedup *d, const char *const *val, const size_t *len, size_t nf);
size_t ec_dedup_size(const struct ec_dedup *d);

#endif
