/*
 * ec_strmap: a hash map from byte strings to fixed-size value slots, for the
 * per-user and per-item tables of the feature builders (category counts,
 * distinct orders, item popularity, session ids).
 *
 * Keys are copied into an arena; values are `vsize` bytes each, zeroed on
 * insertion, in an array kept in insertion order, so entry i (0 <= i <
 * size) can be visited in the order keys first appeared. Lookup is open
 * addressing with linear probing on XXH3-64 hashes (libxxhash), the table
 * doubling at 50% load.
 *
 * ec_strmap_clear() empties the map in time proportional to its entries,
 * not its capacity, so one map can be reused for every user of a stream
 * without paying for the largest user again and again.
 *
 * Pointers returned by ec_strmap_put/get/val/key stay valid until the next
 * ec_strmap_put (which may grow the arrays), clear or free.
 */
#ifndef EC_STRMAP_H
#define EC_STRMAP_H

#include <stddef.h>

struct ec_strmap;

/* A map whose values are vsize bytes (0 allowed: a set). NULL on ENOMEM. */
struct ec_strmap *ec_strmap_new(size_t vsize);
void ec_strmap_free(struct ec_strmap *m);

/*
 * Find k[0..n) or insert it with a zeroed value. Returns the value slot
 * (never NULL for vsize 0: a non-NULL dummy) and sets *isnew (may be NULL)
 * to 1 when inserted; NULL when out of memory.
 */
void *ec_strmap_put(struct ec_strmap *m, const char *k, size_t n, int *isnew);
/* The value slot of k[0..n), or NULL when absent. */
void *ec_strmap_get(const struct ec_strmap *m, const char *k, size_t n);
/* Number of entries. */
size_t ec_strmap_size(const struct ec_strmap *m);
/* Entry i (insertion order): its key (NUL-terminated, length in *n) and value. */
const char *ec_strmap_key(const struct ec_strmap *m, size_t i, size_t *n);
void *ec_strmap_val(const struct ec_strmap *m, size_t i);
/* Remove every entry, keeping the memory. */
void ec_strmap_clear(struct ec_strmap *m);

#endif
